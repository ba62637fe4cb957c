/* backup.c - backup and restore (see backup.h): the entry points, what
 * both engines share, and SQLite, handled in-process with the online
 * backup API. PostgreSQL is in backup_pg.c. */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "store/backup_internal.h"
#include "store/sqlite_audit_file.h"

#define SQLITE_BUSY_MS 30000

/* ---- shared helpers -------------------------------------------------- */

/* Table names are spliced into count queries: plain identifiers only. */
static int table_name_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 63)
		return 0;
	for (const char *p = s; *p; p++)
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (p > s && *p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

static int count_tables_ok(const char *const *tables, mz_err *e)
{
	int n = 0;

	for (; tables && tables[n]; n++)
		if (n >= STORE_BACKUP_MAX_TABLES || !table_name_ok(tables[n]))
			return mz_fail(e, MZ_EINTERNAL, "", "backup: bad list of tables to count",
				       "备份：统计表清单无效");
	return 0;
}

char *backup_partial_name(const char *path)
{
	mz_buf b;

	mz_buf_init(&b);
	mz_buf_printf(&b, "%s.partial", path);
	return mz_buf_detach(&b, NULL);
}

/* A rename is durable once the directory holding it is synced. */
static int fsync_path(const char *path, int dir)
{
	char d[4096];
	const char *target = path;
	int fd, rc;

	if (dir) {
		char *slash;

		mz_strlcpy(d, path, sizeof(d));
		slash = strrchr(d, '/');
		if (!slash)
			mz_strlcpy(d, ".", sizeof(d));
		else if (slash == d)
			d[1] = 0;
		else
			*slash = 0;
		target = d;
	}
	fd = open(target, O_RDONLY);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Moves the finished temporary file into place, durably. */
int backup_publish(const char *tmp, const char *out, store_backup_info *info, mz_err *e)
{
	struct stat sb;

	if (fsync_path(tmp, 0) || rename(tmp, out) || fsync_path(out, 1))
		return mz_failf(e, MZ_ESTORE, "out", "cannot write backup file '%s': %s",
				"无法写入备份文件 '%s'：%s", out, strerror(errno));
	if (info && stat(out, &sb) == 0)
		info->bytes = (int64_t)sb.st_size;
	return 0;
}

/* The first bytes of a file tell the two backup formats apart. */

static file_format sniff(const char *path)
{
	char head[16] = { 0 };
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return FMT_NONE;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	if (n == 16 && !memcmp(head, "SQLite format 3", 16))
		return FMT_SQLITE;
	if (n >= 5 && !memcmp(head, "PGDMP", 5))
		return FMT_PGDUMP;
	return FMT_OTHER;
}

int backup_check_input(const char *path, file_format want, mz_err *e)
{
	file_format f = sniff(path);

	if (f == want)
		return 0;
	if (f == FMT_NONE)
		return mz_failf(e, MZ_EINVAL, "in", "cannot read backup file '%s': %s",
				"无法读取备份文件 '%s'：%s", path, strerror(errno));
	if (f == FMT_SQLITE)
		return mz_failf(e, MZ_EINVAL, "in",
				"'%s' is a SQLite backup: restore it into a sqlite: database",
				"'%s' 是 SQLite 备份，只能恢复到 sqlite: 数据库", path);
	if (f == FMT_PGDUMP)
		return mz_failf(e, MZ_EINVAL, "in",
				"'%s' is a PostgreSQL dump: restore it into a postgres:// database",
				"'%s' 是 PostgreSQL 备份，只能恢复到 postgres:// 数据库", path);
	return mz_failf(e, MZ_EINVAL, "in", "'%s' is not a minzheng backup file",
			"'%s' 不是 minzheng 备份文件", path);
}

/* ---- SQLite ---------------------------------------------------------- */

static int sq_fail(sqlite3 *db, mz_err *e, mz_code code, const char *field, const char *what,
		   const char *path)
{
	return mz_failf(e, code, field, "sqlite %s '%s': %s", "数据库操作失败（%s）'%s'：%s",
			what, path, db ? sqlite3_errmsg(db) : "out of memory");
}

/* Runs the whole copy in one step, so the source stays in one read
 * transaction: the copy is the database at one instant. (Stepping page by
 * page would restart from scratch whenever another connection writes, and
 * under a steady stream of writes might never finish.) */
static int sq_copy(sqlite3 *dst, sqlite3 *src, mz_err *e, const char *path)
{
	sqlite3_backup *bk = sqlite3_backup_init(dst, "main", src, "main");
	int rc, waited = 0;

	if (!bk)
		return sq_fail(dst, e, MZ_ESTORE, "", "backup", path);
	while ((rc = sqlite3_backup_step(bk, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
		if (waited >= SQLITE_BUSY_MS)
			break;
		sqlite3_sleep(100);
		waited += 100;
	}
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE)
		return mz_failf(e, rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? MZ_EUNAVAIL : MZ_ESTORE,
				"", "sqlite backup '%s': %s", "数据库备份失败 '%s'：%s", path,
				sqlite3_errstr(rc));
	return 0;
}

/* PRAGMA integrity_check / quick_check: 0 if the answer is "ok", else the
 * first problems in e. */
static int sq_check(sqlite3 *db, const char *pragma, const char *path, const char *field,
		    mz_err *e)
{
	sqlite3_stmt *st;
	mz_buf msg;
	int rc, ok = 0, n = 0;

	if (sqlite3_prepare_v2(db, pragma, -1, &st, NULL) != SQLITE_OK)
		return sq_fail(db, e, MZ_ESTORE, field, "check", path);
	mz_buf_init(&msg);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (n++ == 0 && t && !strcmp(t, "ok"))
			ok = 1;
		else if (n <= 3)
			mz_buf_printf(&msg, "%s%s", msg.len ? "; " : "", t ? t : "?");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		mz_buf_release(&msg);
		return sq_fail(db, e, MZ_ESTORE, field, "check", path);
	}
	if (!ok) {
		mz_failf(e, MZ_ESTORE, field, "'%s' failed %s: %s", "'%s' 未通过 %s 检查：%s", path,
			 pragma, msg.len ? msg.data : "no answer");
		mz_buf_release(&msg);
		return -1;
	}
	mz_buf_release(&msg);
	return 0;
}

static int sq_i64(sqlite3 *db, const char *sql, const char *arg, int64_t *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int sq_count(sqlite3 *db, const char *const *tables, store_backup_info *info,
		    const char *path, mz_err *e)
{
	for (int i = 0; tables && tables[i]; i++) {
		int64_t have = 0, n = -1;
		char sql[128];

		if (sq_i64(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
			   tables[i], &have))
			return sq_fail(db, e, MZ_ESTORE, "", "count", path);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", tables[i]);
		if (have && sq_i64(db, sql, NULL, &n))
			return sq_fail(db, e, MZ_ESTORE, "", "count", path);
		if (info) {
			info->rows[i] = n;
			info->ntables = i + 1;
		}
	}
	return 0;
}

static int sq_backup(const char *src_path, const char *out, const char *const *tables,
		     store_backup_info *info, mz_err *e)
{
	sqlite3 *src = NULL, *dst = NULL;
	char *tmp = backup_partial_name(out), *audit = NULL;
	int rc = -1;

	/* Without SQLITE_OPEN_CREATE: a mistyped path fails, it does not
	 * produce a backup of a new empty database. */
	if (sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sq_fail(src, e, MZ_EUNAVAIL, "db", "open", src_path);
		goto out;
	}
	sqlite3_busy_timeout(src, SQLITE_BUSY_MS);
	unlink(tmp);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		sq_fail(dst, e, MZ_ESTORE, "out", "create", tmp);
		goto out;
	}
	if (sq_copy(dst, src, e, src_path))
		goto out;
	/* The copy carries the source's WAL flag; a backup is one
	 * self-contained file, so switch it to a rollback journal. */
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		sq_fail(dst, e, MZ_ESTORE, "out", "journal mode", tmp);
		goto out;
	}
	/* The audit log's own file (sqlite_audit_file.h) joins the copy as
	 * tables of the one backup file, copied after the registry: a write in
	 * the registry's copy has its record in the copy, pending or in the
	 * chain (a restore moves the tables back out). */
	audit = sqlite_audit_file_wanted(src_path) ? sqlite_audit_path(src_path) : NULL;
	if (audit && access(audit, F_OK) == 0 && sqlite_audit_copy_into(dst, audit, e))
		goto out;
	if (sq_check(dst, "PRAGMA quick_check", tmp, "out", e) ||
	    sq_count(dst, tables, info, tmp, e))
		goto out;
	if (sqlite3_close(dst) != SQLITE_OK) {
		sq_fail(dst, e, MZ_ESTORE, "out", "close", tmp);
		goto out;
	}
	dst = NULL;
	rc = backup_publish(tmp, out, info, e);
out:
	sqlite3_close(dst);
	sqlite3_close(src);
	if (rc)
		unlink(tmp);
	free(tmp);
	free(audit);
	return rc;
}

static int sq_restore(const char *target, const char *in, int force, mz_err *e)
{
	sqlite3 *src = NULL, *dst = NULL;
	int64_t n = 0;
	int rc = -1;

	if (backup_check_input(in, FMT_SQLITE, e))
		return -1;
	/* Check the backup before the target is touched. */
	if (sqlite3_open_v2(in, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sq_fail(src, e, MZ_EINVAL, "in", "open", in);
		goto out;
	}
	if (sq_check(src, "PRAGMA quick_check", in, "in", e))
		goto out;
	if (sq_i64(src, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
		   "schema_migrations", &n) || !n) {
		mz_failf(e, MZ_EINVAL, "in", "'%s' is a SQLite file but not a minzheng database",
			 "'%s' 是 SQLite 文件，但不是 minzheng 数据库", in);
		goto out;
	}
	if (sqlite3_open_v2(target, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		sq_fail(dst, e, MZ_EUNAVAIL, "db", "open", target);
		goto out;
	}
	sqlite3_busy_timeout(dst, SQLITE_BUSY_MS);
	if (sq_i64(dst, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", NULL, &n)) {
		sq_fail(dst, e, MZ_ESTORE, "db", "read", target);
		goto out;
	}
	if (n && !force) {
		mz_failf(e, MZ_ECONFLICT, "db",
			 "target database '%s' is not empty (%lld tables); pass --force to replace"
			 " its content",
			 "目标数据库 '%s' 不是空库（%lld 张表）；确需覆盖请加 --force", target,
			 (long long)n);
		goto out;
	}
	/* Copying into the target through its own connection (rather than
	 * renaming a file over it) keeps SQLite's locking: other connections
	 * see the old content or the new, never a mix, and a failed copy
	 * leaves the old content. */
	if (sq_copy(dst, src, e, target))
		goto out;
	if (sq_check(dst, "PRAGMA integrity_check", target, "db", e))
		goto out;
	rc = 0;
out:
	sqlite3_close(dst);
	sqlite3_close(src);
	return rc;
}

/* ---- entry points ---------------------------------------------------- */

/* The engine and target of a URL, as store_open reads it. */
static int url_target(const char *url, int *is_pg, const char **target, mz_err *e)
{
	*is_pg = 0;
	if (!url || !*url)
		return mz_fail(e, MZ_EINVAL, "db", "database url is empty", "数据库地址为空");
	if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13)) {
		*is_pg = 1;
		*target = url;
	} else if (!strncmp(url, "sqlite:", 7)) {
		*target = url + 7;
	} else if (strstr(url, "://")) {
		return mz_fail(e, MZ_EINVAL, "db",
			       "unsupported database url: use sqlite:PATH or postgres://...",
			       "不支持的数据库地址：请使用 sqlite:路径 或 postgres://...");
	} else {
		*target = url;
	}
	if (!**target)
		return mz_fail(e, MZ_EINVAL, "db", "database path is empty", "数据库路径为空");
	return 0;
}

int store_backup(const char *url, const char *out_path, int overwrite,
		 const char *const *count_tables, store_backup_info *info, mz_err *e)
{
	const char *target = NULL;
	int is_pg;

	if (info)
		memset(info, 0, sizeof(*info));
	if (url_target(url, &is_pg, &target, e) || count_tables_ok(count_tables, e))
		return -1;
	if (!out_path || !*out_path)
		return mz_fail(e, MZ_EINVAL, "out", "no output file given", "未指定备份文件");
	if (!overwrite && access(out_path, F_OK) == 0)
		return mz_failf(e, MZ_ECONFLICT, "out",
				"output file '%s' exists; pass --force to replace it",
				"备份文件 '%s' 已存在；确需覆盖请加 --force", out_path);
	return is_pg ? backup_pg_write(target, out_path, count_tables, info, e)
		     : sq_backup(target, out_path, count_tables, info, e);
}

int store_restore(const char *url, const char *in_path, int force, mz_err *e)
{
	const char *target = NULL;
	int is_pg;

	if (url_target(url, &is_pg, &target, e))
		return -1;
	if (!in_path || !*in_path)
		return mz_fail(e, MZ_EINVAL, "in", "no backup file given", "未指定备份文件");
	return is_pg ? backup_pg_restore(target, in_path, force, e)
		     : sq_restore(target, in_path, force, e);
}
