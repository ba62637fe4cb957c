/* migrate.c - applies the embedded <room>/schema/NNNN_*.sql files in order of number.
 * The version is the file's number; each file runs in one transaction
 * together with its schema_migrations row, so a failed migration leaves
 * nothing behind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/hash.h"
#include "base/log.h"
#include "store/sqlite_audit_file.h"
#include "store/store_internal.h"

extern const struct {
	const char *name;
	const char *sql;
} mz_schema_files[];

/* Replaces the tokens with the engine's spelling:
 *   {{ID}}     an auto-assigned BIGINT primary key;
 *   {{BLOB}}   a byte string;
 *   {{ROWID}}  an auto-assigned BIGINT id that is not the primary key by
 *              itself, for a table whose key must include its distribution
 *              column (docs/scaling.md); written with
 *   {{KEY}}    before the column list of that key: "{{KEY}} (id, person_id)"
 *              is the primary key on PostgreSQL and a UNIQUE constraint on
 *              SQLite, where the rowid id is the primary key;
 *   {{POSTGRES}} ... {{END}}  text kept on PostgreSQL and dropped on SQLite,
 *              for a step only one engine needs (catalog changes such as
 *              store/schema/0095, which turns the identity columns of older
 *              PostgreSQL databases into the sequence defaults {{ID}} and
 *              {{ROWID}} now stand for). The schema stays one set of files.
 * The checksum is taken over the unexpanded text, so changing what a token
 * stands for does not disturb databases that applied a file before. */
char *store_schema_expand(const store_backend *be, int postgres, const char *sql)
{
	static const char pg_open[] = "{{POSTGRES}}", pg_close[] = "{{END}}";
	mz_buf out;
	const char *p = sql;

	mz_buf_init(&out);
	while (*p) {
		if (!strncmp(p, pg_open, sizeof(pg_open) - 1)) {
			const char *end = strstr(p, pg_close);
			const char *body = p + sizeof(pg_open) - 1;

			if (!end) { /* unterminated: keep the text, let the SQL fail */
				mz_buf_putc(&out, *p++);
				continue;
			}
			if (postgres)
				mz_buf_append(&out, body, (size_t)(end - body));
			p = end + sizeof(pg_close) - 1;
		} else if (!strncmp(p, "{{ID}}", 6)) {
			mz_buf_puts(&out, be->id_type);
			p += 6;
		} else if (!strncmp(p, "{{ROWID}}", 9)) {
			mz_buf_puts(&out, be->rowid_type);
			p += 9;
		} else if (!strncmp(p, "{{KEY}}", 7)) {
			mz_buf_puts(&out, be->key_kw);
			p += 7;
		} else if (!strncmp(p, "{{BLOB}}", 8)) {
			mz_buf_puts(&out, be->blob_type);
			p += 8;
		} else {
			mz_buf_putc(&out, *p++);
		}
	}
	return mz_buf_detach(&out, NULL);
}

/* FNV-1a of a schema file's text, as 16 hex digits. Schema files are never
 * edited once released; this catches a database that applied an earlier
 * text of a file (from a pre-release build) before code that expects the
 * new text runs against it. A change detector, not a security measure.
 * It must stay the legacy-basis variant: every existing database holds
 * checksums computed with it in schema_migrations.checksum, and switching
 * to the published basis would make each of them refuse to start. */
static void schema_checksum(const char *sql, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)mz_fnv1a64_str_legacy_basis(sql));
}

static int migrate(store *s, store_conn *c, int *applied, mz_err *e);

/* On SQLite with an audit file, the migrations see it attached as schema
 * "audit" and make the audit_* tables there (sqlite_audit_file.h). */
int store_migrate(store *s, int *applied, mz_err *e)
{
	store_conn *c = store_conn_get(s, e);
	int r;

	if (applied)
		*applied = 0;
	if (!c || sqlite_audit_attach(c, e))
		return -1;
	r = migrate(s, c, applied, e);
	sqlite_audit_detach(c);
	return r;
}

static int migrate(store *s, store_conn *c, int *applied, mz_err *e)
{
	int n = 0;

	/* SQLite's BEGIN IMMEDIATE lets one migrator in at a time; PostgreSQL
	 * needs a lock for that, or concurrent starts race on CREATE TABLE. */
	if (store_begin(c, e))
		return -1;
	if ((store_conn_engine(c) == STORE_POSTGRES &&
	     store_exec(c, "SELECT pg_advisory_xact_lock(7261626)", e)) ||
	    store_exec(c,
		       "CREATE TABLE IF NOT EXISTS schema_migrations ("
		       " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
		       " applied_at BIGINT NOT NULL, checksum TEXT NOT NULL)",
		       e) ||
	    store_commit(c, e)) {
		store_rollback(c);
		return -1;
	}
	for (int i = 0; mz_schema_files[i].name; i++) {
		const char *name = mz_schema_files[i].name;
		int64_t version = strtoll(name, NULL, 10);
		char sum[17];
		int have;
		store_stmt *st;
		char *sql;

		if (version <= 0)
			return mz_failf(e, MZ_EINTERNAL, "", "migration '%s' has no number",
					"迁移文件 '%s' 缺少编号", name);
		if (store_begin(c, e))
			return -1;
		if (store_conn_engine(c) == STORE_POSTGRES &&
		    store_exec(c, "SELECT pg_advisory_xact_lock(7261626)", e))
			goto fail;
		schema_checksum(mz_schema_files[i].sql, sum);
		st = store_prepare(c, "SELECT checksum FROM schema_migrations WHERE version = ?", e);
		if (!st) {
			/* A database made before migrations were checksummed. */
			if (e->code != MZ_ESTORE)
				goto fail;
			mz_failf(e, MZ_ECONFLICT, "database",
				 "this database was created by a pre-release schema without"
				 " migration checksums; back up what you need and create a new database",
				 "此数据库由早期测试版结构创建（迁移无校验和），请备份所需数据后新建数据库");
			goto fail;
		}
		store_bind_i64(st, 1, version);
		if ((have = store_step(st, e)) < 0) {
			store_done(st);
			goto fail;
		}
		if (have && strcmp(store_col_text(st, 0), sum)) {
			store_done(st);
			mz_failf(e, MZ_ECONFLICT, "database",
				 "schema file %s changed after this database applied it (a pre-release"
				 " schema); back up what you need and create a new database",
				 "结构文件 %s 在本数据库应用后已改变（测试版结构），请备份所需数据后新建数据库",
				 name);
			goto fail;
		}
		store_done(st);
		if (have) {
			store_rollback(c);
			continue;
		}
		sql = store_schema_expand(s->be, store_conn_engine(c) == STORE_POSTGRES,
				    mz_schema_files[i].sql);
		if (store_audit_apart(s)) {
			char *aimed = sqlite_audit_rewrite(sql);

			free(sql);
			sql = aimed;
		}
		if (store_exec(c, sql, e)) {
			free(sql);
			mz_log_error("migration failed", "file", name, "error", e->message);
			goto fail;
		}
		free(sql);
		st = store_prepare(c, "INSERT INTO schema_migrations (version, name, applied_at, checksum)"
				      " VALUES (?, ?, ?, ?)", e);
		if (!st)
			goto fail;
		store_params(st, version, name, mz_now_unix(), sum);
		if (store_step(st, e) < 0) {
			store_done(st);
			goto fail;
		}
		store_done(st);
		if (store_commit(c, e))
			return -1;
		n++;
	}
	if (applied)
		*applied = n;
	return 0;
fail:
	store_rollback(c);
	return -1;
}
