/* migrate.c - applies the embedded store/schema/NNNN_*.sql files in order.
 * The version is the file's number; each file runs in one transaction
 * together with its schema_migrations row, so a failed migration leaves
 * nothing behind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/log.h"
#include "store/store_internal.h"

extern const struct {
	const char *name;
	const char *sql;
} mz_schema_files[];

/* Replaces {{ID}} and {{BLOB}} with the engine's spelling. */
static char *expand_tokens(const store_backend *be, const char *sql)
{
	mz_buf out;
	const char *p = sql;

	mz_buf_init(&out);
	while (*p) {
		if (!strncmp(p, "{{ID}}", 6)) {
			mz_buf_puts(&out, be->id_type);
			p += 6;
		} else if (!strncmp(p, "{{BLOB}}", 8)) {
			mz_buf_puts(&out, be->blob_type);
			p += 8;
		} else {
			mz_buf_putc(&out, *p++);
		}
	}
	return mz_buf_detach(&out, NULL);
}

int store_migrate(store *s, int *applied, mz_err *e)
{
	store_conn *c = store_conn_get(s, e);
	int n = 0;

	if (applied)
		*applied = 0;
	if (!c)
		return -1;
	/* SQLite's BEGIN IMMEDIATE lets one migrator in at a time; PostgreSQL
	 * needs a lock for that, or concurrent starts race on CREATE TABLE. */
	if (store_begin(c, e))
		return -1;
	if ((store_conn_engine(c) == STORE_POSTGRES &&
	     store_exec(c, "SELECT pg_advisory_xact_lock(7261626)", e)) ||
	    store_exec(c,
		       "CREATE TABLE IF NOT EXISTS schema_migrations ("
		       " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
		       " applied_at BIGINT NOT NULL)",
		       e) ||
	    store_commit(c, e)) {
		store_rollback(c);
		return -1;
	}
	for (int i = 0; mz_schema_files[i].name; i++) {
		const char *name = mz_schema_files[i].name;
		int64_t version = strtoll(name, NULL, 10), have = 0;
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
		st = store_prepare(c, "SELECT count(*) FROM schema_migrations WHERE version = ?", e);
		if (!st)
			goto fail;
		store_bind_i64(st, 1, version);
		if (store_step(st, e) < 0) {
			store_done(st);
			goto fail;
		}
		have = store_col_i64(st, 0);
		store_done(st);
		if (have) {
			store_rollback(c);
			continue;
		}
		sql = expand_tokens(s->be, mz_schema_files[i].sql);
		if (store_exec(c, sql, e)) {
			free(sql);
			mz_log_error("migration failed", "file", name, "error", e->message);
			goto fail;
		}
		free(sql);
		st = store_prepare(c, "INSERT INTO schema_migrations (version, name, applied_at)"
				      " VALUES (?, ?, ?)", e);
		if (!st)
			goto fail;
		store_bind_i64(st, 1, version);
		store_bind_text(st, 2, name);
		store_bind_i64(st, 3, mz_now_unix());
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
