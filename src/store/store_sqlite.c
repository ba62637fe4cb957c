/* store_sqlite.c - the SQLite backend: one connection per thread, WAL,
 * foreign keys on, a busy timeout so writers queue, synchronous=FULL so a
 * committed transaction survives power loss (the audit trail depends on it). */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/sqlite_checkpointer.h"
#include "store/sqlite_write_gate.h"
#include "store/store_internal.h"

#define BUSY_TIMEOUT_MS 30000

static int fail_db(sqlite3 *db, mz_err *e, const char *what)
{
	int rc = sqlite3_extended_errcode(db);
	mz_code code = MZ_ESTORE;

	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		code = MZ_ECONFLICT;
	else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		code = MZ_EUNAVAIL;
	return mz_failf(e, code, "", "sqlite %s: %s", "数据库错误（%s）：%s", what,
			sqlite3_errmsg(db));
}

/* Per store (s->be_state): its WAL checkpointer (sqlite_checkpointer.h)
 * and the queue of its writers (sqlite_write_gate.h). */
typedef struct {
	sqlite_checkpointer *ck;
	sqlite_write_gate gate;
} sq_state;

static void sq_store_opened(store *s)
{
	sq_state *st = mz_xcalloc(1, sizeof(*st));

	st->ck = sqlite_checkpointer_start(s->target);
	sqlite_write_gate_init(&st->gate);
	s->be_state = st;
}

static void sq_store_closed(store *s)
{
	sq_state *st = s->be_state;

	sqlite_checkpointer_stop(st->ck);
	sqlite_write_gate_destroy(&st->gate);
	free(st);
	s->be_state = NULL;
}

static sqlite_write_gate *gate_of(store_conn *c)
{
	return &((sq_state *)c->owner->be_state)->gate;
}

static void *sq_connect(store *s, const char *path, mz_err *e)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	if (sqlite3_open_v2(path, &db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				    SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		mz_failf(e, MZ_EUNAVAIL, "db", "cannot open sqlite database '%s': %s",
			 "无法打开数据库 '%s'：%s", path,
			 db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	if (sqlite3_exec(db,
			 "PRAGMA journal_mode=WAL;"
			 "PRAGMA foreign_keys=ON;"
			 "PRAGMA synchronous=FULL;"
			 "PRAGMA cache_size=-65536;"
			 "PRAGMA temp_store=MEMORY;",
			 NULL, NULL, &msg) != SQLITE_OK) {
		mz_failf(e, MZ_EUNAVAIL, "db", "cannot configure sqlite database '%s': %s",
			 "无法配置数据库 '%s'：%s", path, msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_close(db);
		return NULL;
	}
	/* After the PRAGMAs: this replaces the automatic checkpoint in the
	 * commits with a report to the store's checkpointer thread. */
	sqlite_checkpointer_watch(((sq_state *)s->be_state)->ck, db);
	return db;
}

static void sq_disconnect(void *impl)
{
	sqlite3_close_v2(impl);
}

static int sq_exec(store_conn *c, const char *sql, mz_err *e)
{
	if (sqlite3_exec(c->impl, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fail_db(c->impl, e, "exec");
	return 0;
}

/* A deferred BEGIN takes no lock until the first read, which then fixes
 * the snapshot (WAL mode) until COMMIT; writers are not held up. */
static int sq_begin_read(store_conn *c, mz_err *e)
{
	return sq_exec(c, "BEGIN", e);
}

/* A write waits for the writer before it in this process first
 * (sqlite_write_gate.h), then takes SQLite's lock. */
static int sq_begin(store_conn *c, mz_err *e)
{
	sqlite_write_gate *g = gate_of(c);

	if (sqlite_write_gate_enter(g, c, BUSY_TIMEOUT_MS))
		return mz_failf(e, MZ_EUNAVAIL, "", "sqlite begin: another write held the database"
				" for %d s", "数据库忙：另一写操作已占用 %d 秒", BUSY_TIMEOUT_MS / 1000);
	if (sq_exec(c, "BEGIN IMMEDIATE", e)) {
		sqlite_write_gate_leave(g, c);
		return -1;
	}
	return 0;
}

static int sq_commit(store_conn *c, mz_err *e)
{
	int r = 0;

	if (sq_exec(c, "COMMIT", e)) {
		sqlite3_exec(c->impl, "ROLLBACK", NULL, NULL, NULL);
		r = -1;
	}
	sqlite_write_gate_leave(gate_of(c), c);
	return r;
}

static void sq_rollback(store_conn *c)
{
	if (!sqlite3_get_autocommit(c->impl))
		sqlite3_exec(c->impl, "ROLLBACK", NULL, NULL, NULL);
	sqlite_write_gate_leave(gate_of(c), c);
}

typedef struct {
	sqlite3_stmt *st;
	int started;
	int64_t changes;
} sq_stmt;

static int sq_prepare(store_stmt *st, mz_err *e)
{
	sq_stmt *s = calloc(1, sizeof(*s));

	if (!s)
		return mz_fail(e, MZ_EINTERNAL, "", "out of memory", "内存不足");
	if (sqlite3_prepare_v3(st->conn->impl, st->sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &s->st, NULL) != SQLITE_OK) {
		free(s);
		return fail_db(st->conn->impl, e, "prepare");
	}
	st->impl = s;
	st->nparams = sqlite3_bind_parameter_count(s->st);
	return 0;
}

static void sq_finalize(store_stmt *st)
{
	sq_stmt *s = st->impl;

	if (s) {
		sqlite3_finalize(s->st);
		free(s);
	}
}

static void sq_bind_i64(store_stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(((sq_stmt *)st->impl)->st, idx, v);
}

static void sq_bind_text(store_stmt *st, int idx, const char *s, size_t n)
{
	sqlite3_bind_text(((sq_stmt *)st->impl)->st, idx, s, (int)n, SQLITE_TRANSIENT);
}

static void sq_bind_null(store_stmt *st, int idx)
{
	sqlite3_bind_null(((sq_stmt *)st->impl)->st, idx);
}

static int sq_step(store_stmt *st, mz_err *e)
{
	sq_stmt *s = st->impl;
	int rc = sqlite3_step(s->st);

	s->started = 1;
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		s->changes = sqlite3_changes64(st->conn->impl);
		return 0;
	}
	return fail_db(st->conn->impl, e, "step");
}

static int sq_col_count(store_stmt *st)
{
	return sqlite3_column_count(((sq_stmt *)st->impl)->st);
}

static int sq_col_is_null(store_stmt *st, int col)
{
	return sqlite3_column_type(((sq_stmt *)st->impl)->st, col) == SQLITE_NULL;
}

static int64_t sq_col_i64(store_stmt *st, int col)
{
	return sqlite3_column_int64(((sq_stmt *)st->impl)->st, col);
}

static const char *sq_col_text(store_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(((sq_stmt *)st->impl)->st, col);
}

static int64_t sq_changes(store_stmt *st)
{
	return ((sq_stmt *)st->impl)->changes;
}

static void sq_reset(store_stmt *st)
{
	sq_stmt *s = st->impl;

	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
	s->started = 0;
}

/* Scans step a statement of their own, not one from the cache: a whole
 * table is read once, so preparing it again costs nothing noticeable, and
 * the cached statements stay free for the caller. Values are read straight
 * from SQLite's row, no copy. */
typedef struct {
	sqlite3_stmt *st;
	int done; /* 1 after the last row, 2 after an error: sqlite3_step
		   * would start over, PostgreSQL's COPY cannot */
} sq_scan;

static void *sq_scan_begin(store_conn *c, const char *sql, mz_err *e)
{
	sq_scan *sc;
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;

	if (sqlite3_prepare_v2(c->impl, sql, -1, &st, &tail) != SQLITE_OK) {
		fail_db(c->impl, e, "scan");
		return NULL;
	}
	if (!st) /* only whitespace or a comment */
		return mz_fail(e, MZ_EINVAL, "", "store_scan_begin: empty SQL",
			       "逐行读取：SQL 为空"), NULL;
	/* PostgreSQL wraps the text in COPY (...): a second statement after
	 * it would be a syntax error there, so it is one here too. */
	tail += strspn(tail, " \t\r\n;");
	if (sqlite3_bind_parameter_count(st) > 0 || !sqlite3_stmt_readonly(st) || *tail) {
		sqlite3_finalize(st);
		return mz_fail(e, MZ_EINVAL, "",
			       "store_scan_begin: a scan is one SELECT without parameters",
			       "逐行读取：只能是不带参数的 SELECT"), NULL;
	}
	sc = mz_xcalloc(1, sizeof(*sc));
	sc->st = st;
	return sc;
}

static int sq_scan_next(store_conn *c, void *impl, mz_err *e)
{
	sq_scan *sc = impl;
	int rc;

	if (sc->done)
		return sc->done == 1 ? 0
				     : mz_fail(e, MZ_ESTORE, "", "sqlite scan: failed earlier",
					       "数据库错误（逐行读取）：此前已失败");
	rc = sqlite3_step(sc->st);
	if (rc == SQLITE_ROW)
		return 1;
	sc->done = rc == SQLITE_DONE ? 1 : 2;
	if (rc == SQLITE_DONE)
		return 0;
	return fail_db(c->impl, e, "scan");
}

static int sq_scan_col_count(void *impl)
{
	return sqlite3_column_count(((sq_scan *)impl)->st);
}

static int sq_scan_is_null(void *impl, int col)
{
	return sqlite3_column_type(((sq_scan *)impl)->st, col) == SQLITE_NULL;
}

static int64_t sq_scan_i64(void *impl, int col)
{
	return sqlite3_column_int64(((sq_scan *)impl)->st, col);
}

static const char *sq_scan_text(void *impl, int col)
{
	return (const char *)sqlite3_column_text(((sq_scan *)impl)->st, col);
}

static void sq_scan_end(store_conn *c, void *impl, int how)
{
	sq_scan *sc = impl;

	(void)c;
	(void)how;
	sqlite3_finalize(sc->st);
	free(sc);
}

const store_backend store_sqlite_backend = {
	.name = "sqlite",
	.store_opened = sq_store_opened,
	.store_closed = sq_store_closed,
	.connect = sq_connect,
	.disconnect = sq_disconnect,
	.exec = sq_exec,
	.begin = sq_begin,
	.begin_read = sq_begin_read,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.bind_i64 = sq_bind_i64,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_count = sq_col_count,
	.col_is_null = sq_col_is_null,
	.col_i64 = sq_col_i64,
	.col_text = sq_col_text,
	.changes = sq_changes,
	.reset = sq_reset,
	.bulk_begin = NULL,
	.bulk_row = NULL,
	.bulk_end = NULL,
	.scan_begin = sq_scan_begin,
	.scan_next = sq_scan_next,
	.scan_col_count = sq_scan_col_count,
	.scan_is_null = sq_scan_is_null,
	.scan_i64 = sq_scan_i64,
	.scan_text = sq_scan_text,
	.scan_end = sq_scan_end,
	.id_type = "INTEGER PRIMARY KEY",
	.blob_type = "BLOB",
	/* SQLite assigns ids only to an INTEGER PRIMARY KEY (the rowid), so the
	 * id stays the primary key and the distribution key is a UNIQUE
	 * constraint over (id, column): the same uniqueness, and a target for
	 * composite foreign keys. */
	.rowid_type = "INTEGER PRIMARY KEY",
	.key_kw = "UNIQUE",
};
