/* sqlite_audit_file.c - the audit tables in a SQLite file of their own (see
 * sqlite_audit_file.h). */
#include "store/sqlite_audit_file.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/store_internal.h"

#define BUSY_MS 30000
#define MAX_TABLES 64

static const char audit_like[] = "name LIKE 'audit\\_%' ESCAPE '\\'";

int sqlite_audit_file_wanted(const char *target)
{
	return target && *target && strcmp(target, ":memory:") && strncmp(target, "file:", 5);
}

char *sqlite_audit_path(const char *target)
{
	mz_buf b;

	mz_buf_init(&b);
	mz_buf_printf(&b, "%s-audit", target);
	return mz_buf_detach(&b, NULL);
}

static int fail_db(sqlite3 *db, mz_err *e, const char *what, const char *path)
{
	return mz_failf(e, MZ_ESTORE, "db", "sqlite %s '%s': %s", "数据库操作失败（%s）'%s'：%s",
			what, path, db ? sqlite3_errmsg(db) : "out of memory");
}

static int run(sqlite3 *db, const char *sql, mz_err *e, const char *path)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail_db(db, e, "audit file", path);
	return 0;
}

static int attach(sqlite3 *db, const char *audit_path, mz_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "ATTACH DATABASE ? AS audit", -1, &st, NULL) != SQLITE_OK)
		return fail_db(db, e, "attach", audit_path);
	sqlite3_bind_text(st, 1, audit_path, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail_db(db, e, "attach", audit_path);
	/* The audit store's connections keep the file in WAL mode; a file made
	 * here first becomes WAL at once, and is synced as the registry is. */
	return run(db, "PRAGMA audit.journal_mode=WAL; PRAGMA audit.synchronous=FULL", e,
		   audit_path);
}

/* The names of schema's audit_* tables (at most MAX_TABLES; malloc'd). */
static int audit_tables(sqlite3 *db, const char *schema, char **names, mz_err *e,
			const char *path)
{
	char *sql = sqlite3_mprintf("SELECT name FROM \"%w\".sqlite_master WHERE type = 'table'"
				    " AND %s ORDER BY name", schema, audit_like);
	sqlite3_stmt *st;
	int n = 0, rc;

	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return fail_db(db, e, "list audit tables", path);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < MAX_TABLES)
		names[n++] = mz_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		while (n > 0)
			free(names[--n]);
		return fail_db(db, e, "list audit tables", path);
	}
	return n;
}

static void free_names(char **names, int n)
{
	while (n > 0)
		free(names[--n]);
}

/* "CREATE TABLE x..." / "CREATE [UNIQUE] INDEX x ON ..." as stored in
 * sqlite_master, made in schema `to` instead. */
static char *aimed_at(const char *stored, const char *to)
{
	static const char *const heads[] = { "CREATE TABLE ", "CREATE UNIQUE INDEX ",
					     "CREATE INDEX " };

	for (size_t i = 0; i < sizeof(heads) / sizeof(*heads); i++) {
		size_t n = strlen(heads[i]);

		if (!strncmp(stored, heads[i], n))
			return sqlite3_mprintf("%s\"%w\".%s", heads[i], to, stored + n);
	}
	return NULL;
}

/* Copies table `name` with its rows and indexes from schema `from` into
 * schema `to`, inside the caller's transaction. */
static int copy_table(sqlite3 *db, const char *from, const char *to, const char *name,
		      mz_err *e, const char *path)
{
	char *sql = sqlite3_mprintf("SELECT type, sql FROM \"%w\".sqlite_master WHERE tbl_name = ?"
				    " AND type IN ('table', 'index') AND sql IS NOT NULL"
				    " ORDER BY type = 'index'", from);
	sqlite3_stmt *st;
	int rc, failed = 0, copied = 0;

	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return fail_db(db, e, "read schema", path);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *make = aimed_at((const char *)sqlite3_column_text(st, 1), to);

		if (!make) {
			failed = mz_failf(e, MZ_ESTORE, "db", "audit table %s: unexpected schema text",
					  "审计表 %s：结构定义无法识别", name);
			break;
		}
		failed = run(db, make, e, path);
		sqlite3_free(make);
		if (!failed && !copied) { /* the table comes first: its rows before the indexes */
			char *rows = sqlite3_mprintf("INSERT INTO \"%w\".\"%w\" SELECT * FROM \"%w\".\"%w\"",
						     to, name, from, name);

			failed = run(db, rows, e, path);
			sqlite3_free(rows);
			copied = 1;
		}
	}
	sqlite3_finalize(st);
	if (!failed && rc != SQLITE_DONE)
		failed = fail_db(db, e, "copy audit table", path);
	return failed ? -1 : 0;
}

/* Replaces every audit_* table of schema `to` by those of schema `from`,
 * inside the caller's transaction. */
static int copy_tables(sqlite3 *db, const char *from, const char *to, mz_err *e,
		       const char *path)
{
	char *have[MAX_TABLES], *want[MAX_TABLES];
	int nhave, nwant, r = 0;

	if ((nhave = audit_tables(db, to, have, e, path)) < 0)
		return -1;
	for (int i = 0; i < nhave && !r; i++) {
		char *drop = sqlite3_mprintf("DROP TABLE \"%w\".\"%w\"", to, have[i]);

		r = run(db, drop, e, path);
		sqlite3_free(drop);
	}
	free_names(have, nhave);
	if (r || (nwant = audit_tables(db, from, want, e, path)) < 0)
		return -1;
	for (int i = 0; i < nwant && !r; i++)
		r = copy_table(db, from, to, want[i], e, path);
	free_names(want, nwant);
	return r;
}

/* Moves audit tables found in the registry's file into the audit file: one
 * transaction that writes only the audit file, then one that writes only
 * the registry's (see the header). */
static int relocate(const char *main_path, const char *audit_path, mz_err *e)
{
	sqlite3 *db = NULL;
	char *names[MAX_TABLES];
	int n = 0, r = -1;

	/* CREATE: the flags are the attached file's too, and it may be new. */
	if (sqlite3_open_v2(main_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		fail_db(db, e, "open", main_path);
		goto out;
	}
	sqlite3_busy_timeout(db, BUSY_MS);
	if ((n = audit_tables(db, "main", names, e, main_path)) <= 0) {
		r = n;
		n = 0;
		goto out;
	}
	/* Only a chain moves: its head is in this file. (Other audit_* tables
	 * made here by hand, say a scratch copy of some records, stay.) */
	for (r = 0; r < n && strcmp(names[r], "audit_head"); r++)
		;
	if (r == n) {
		r = 0;
		goto out;
	}
	r = -1;
	if (attach(db, audit_path, e) || run(db, "BEGIN IMMEDIATE", e, audit_path))
		goto out;
	if (copy_tables(db, "main", "audit", e, audit_path) || run(db, "COMMIT", e, audit_path)) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		goto out;
	}
	if (run(db, "BEGIN IMMEDIATE", e, main_path))
		goto out;
	for (int i = 0; i < n; i++) {
		char *drop = sqlite3_mprintf("DROP TABLE main.\"%w\"", names[i]);
		int failed = run(db, drop, e, main_path);

		sqlite3_free(drop);
		if (failed) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			goto out;
		}
	}
	r = run(db, "COMMIT", e, main_path);
	if (r)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
out:
	free_names(names, n);
	sqlite3_close(db);
	return r;
}

/* 1 when store s has applied the access room's migration 0002, the one
 * that creates the audit tables. */
static int has_audit_migration(store *s, mz_err *e)
{
	store_conn *c = store_conn_get(s, e);
	int64_t n = 0;

	if (!c || store_query_i64(c, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
				     " AND name = 'schema_migrations'", &n, e))
		return -1;
	if (n && store_query_i64(c, "SELECT count(*) FROM schema_migrations WHERE version = 2",
				 &n, e))
		return -1;
	return n > 0;
}

int sqlite_audit_file_open(store *s, mz_err *e)
{
	char *path = sqlite_audit_path(s->target);
	char url[4200];
	store *a = NULL;
	store_conn *ac;
	int64_t tables = 0;
	int made, r = -1;

	snprintf(url, sizeof(url), "sqlite:%s", path);
	if (relocate(s->target, path, e) < 0 || store_open_target(STORE_SQLITE, s->be, url, path, &a, e))
		goto out;
	a->registry = s;
	s->audit = a;
	if ((made = has_audit_migration(s, e)) < 0 || !(ac = store_conn_get(a, e)))
		goto out;
	{
		char sql[160];

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND %s",
			 audit_like);
		if (store_query_i64(ac, sql, &tables, e))
			goto out;
	}
	if (made && !tables) {
		mz_failf(e, MZ_ESTORE, "db",
			 "the audit log file '%s' of this database is missing or empty: it belongs"
			 " beside the database (copy, move and restore the two together)",
			 "本数据库的审计日志文件 '%s' 缺失或为空：它应与数据库文件放在一起（复制、移动、恢复须两者同时）",
			 path);
		goto out;
	}
	if (!made && tables) {
		mz_failf(e, MZ_ESTORE, "db",
			 "'%s' holds the audit log of another database (this one is new): move it away",
			 "'%s' 是另一个数据库的审计日志（本数据库是新建的）：请先将其移走", path);
		goto out;
	}
	r = 0;
out:
	free(path);
	return r;
}

int sqlite_audit_attach(store_conn *c, mz_err *e)
{
	store *s = store_conn_store(c);

	if (!s->audit)
		return 0;
	return attach(c->impl, s->audit->target, e);
}

void sqlite_audit_detach(store_conn *c)
{
	if (store_conn_store(c)->audit)
		sqlite3_exec(c->impl, "DETACH DATABASE audit", NULL, NULL, NULL);
}

/* Skips "IF NOT EXISTS " at p, if there. */
static const char *if_not_exists(const char *p)
{
	return !strncmp(p, "IF NOT EXISTS ", 14) ? p + 14 : p;
}

char *sqlite_audit_rewrite(const char *sql)
{
	mz_buf out;
	const char *p = sql;

	mz_buf_init(&out);
	while (*p) {
		int at_start = p == sql || strchr(" \t\r\n;(", p[-1]) != NULL;
		const char *q = NULL;

		if (at_start && !strncmp(p, "CREATE TABLE ", 13)) {
			q = if_not_exists(p + 13);
			if (!strncmp(q, "audit_", 6)) {
				mz_buf_append(&out, p, (size_t)(q - p));
				mz_buf_puts(&out, "audit.");
				p = q;
				continue;
			}
		} else if (at_start && (!strncmp(p, "CREATE INDEX ", 13) ||
					!strncmp(p, "CREATE UNIQUE INDEX ", 20))) {
			const char *name = if_not_exists(p + (p[7] == 'U' ? 20 : 13));
			const char *end = name + strspn(name, "abcdefghijklmnopqrstuvwxyz"
							      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

			if (end > name && !strncmp(end, " ON audit_", 10)) {
				mz_buf_append(&out, p, (size_t)(name - p));
				mz_buf_puts(&out, "audit.");
				p = name;
				continue;
			}
		}
		mz_buf_putc(&out, *p++);
	}
	return mz_buf_detach(&out, NULL);
}

int sqlite_audit_copy_into(sqlite3 *db, const char *audit_path, mz_err *e)
{
	int r;

	if (attach(db, audit_path, e))
		return -1;
	/* One transaction: the audit file is read in one snapshot. Deferred,
	 * so the live audit file is only read (IMMEDIATE would take its write
	 * lock and hold up the audit appends for the copy's length). */
	r = run(db, "BEGIN", e, audit_path) || copy_tables(db, "audit", "main", e, audit_path) ||
	    run(db, "COMMIT", e, audit_path) ? -1 : 0;
	if (r)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(db, "DETACH DATABASE audit", NULL, NULL, NULL);
	return r;
}
