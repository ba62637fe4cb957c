/* store.h - one small interface over SQLite and PostgreSQL.
 *
 * A `store` is an opened database (chosen by URL: "sqlite:PATH" or
 * "postgres://..."). Each thread works through its own `store_conn`
 * (store_conn_get), so no locking is needed above this layer.
 *
 * SQL is written once, in the subset both engines accept, with `?`
 * placeholders; the PostgreSQL backend rewrites them to $1, $2, ...
 * Statements are prepared once per connection and cached by their SQL
 * text, so callers simply call store_prepare with a string literal each time.
 *
 * Errors: functions returning int give 0 on success and -1 on failure with
 * *e filled (MZ_ESTORE; MZ_ECONFLICT for a unique/foreign-key violation;
 * MZ_EUNAVAIL when the server is unreachable). No engine types leak out. */
#ifndef MZ_STORE_H
#define MZ_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

typedef struct store store;
typedef struct store_conn store_conn;
typedef struct store_stmt store_stmt;

typedef enum { STORE_SQLITE = 1, STORE_POSTGRES = 2 } store_engine;

/* Opens the database named by url ("sqlite:PATH", a bare path, or
 * "postgres://..." / "postgresql://..."). Does not run migrations. */
int store_open(const char *url, store **out, mz_err *e);
void store_close(store *s); /* NULL-safe; closes every connection */
store_engine store_engine_of(const store *s);
const char *store_url(const store *s); /* for display: a password in it shows as *** */

/* The calling thread's connection, opened on first use and kept until
 * store_close. Returns NULL (and fills e) if it cannot connect. */
store_conn *store_conn_get(store *s, mz_err *e);
/* The store's serial connection: one connection, not the calling
 * thread's, for work its one caller at a time runs from any thread (a
 * group commit's leader, store_group.serial). Opened on first use, closed
 * by store_close; the caller makes sure no two threads use it at once. */
store_conn *store_conn_serial(store *s, mz_err *e);
store_engine store_conn_engine(const store_conn *c);
store *store_conn_store(store_conn *c); /* the store a connection belongs to */

/* The audit log's own store. On SQLite with a database file the tables
 * named audit_* live in a second file, "<path>-audit", with its own WAL,
 * connections and checkpointer, so the audit appends of every audited read
 * do not change the WAL the registry's readers share (each change empties
 * every reader connection's page cache). Migrations see both files as one
 * (store_migrate attaches the audit file and creates audit_* tables in it);
 * an older database's audit tables, and a restored backup's, are moved
 * there when the store opens (sqlite_audit_file.h). PostgreSQL, and SQLite
 * in memory: the audit tables are in s, and store_audit returns s. */
store *store_audit(store *s);
/* The store an audit store belongs to (s itself for any other store). */
store *store_registry(store *s);
/* 1 when the audit log of s is in a store of its own (store_audit(s) != s). */
int store_audit_apart(const store *s);

/* Runs fn(c, arg) once after the transaction open on c commits, and not if
 * it is rolled back; a second registration in the same transaction replaces
 * the first. fn runs on the committing thread with no transaction open on c.
 * For work that must follow a commit and may not share it (the audit
 * records of a write, appended to the audit file once the write is durable). */
typedef void (*store_commit_fn)(store_conn *c, void *arg);
void store_after_commit(store_conn *c, store_commit_fn fn, void *arg);

/* Runs one or more statements without parameters or results (DDL). */
int store_exec(store_conn *c, const char *sql, mz_err *e);

/* Transactions. store_begin starts a write transaction (SQLite: BEGIN
 * IMMEDIATE, so writers queue instead of failing on upgrade). */
int store_begin(store_conn *c, mz_err *e);
/* A read-only transaction: every statement until store_commit sees the
 * same snapshot of the database (SQLite: a deferred BEGIN in WAL mode;
 * PostgreSQL: REPEATABLE READ READ ONLY). Takes no write lock; a write
 * inside it fails on PostgreSQL. For readers of several tables that must
 * agree with each other: the screening loader, the import's validation. */
int store_begin_read(store_conn *c, mz_err *e);
int store_commit(store_conn *c, mz_err *e);
void store_rollback(store_conn *c); /* safe to call with no transaction */
int store_in_tx(const store_conn *c); /* 1 inside store_begin/store_begin_read */
/* A number naming the transaction open on c (a new one at every begin), 0
 * outside a transaction: for state that lives as long as one transaction
 * (the audit heads it has locked, access/audit_chain.c). */
uint64_t store_conn_tx(const store_conn *c);

/* Prepared statements, cached per connection. The returned statement has no
 * bindings; it is owned by the connection: call store_done when finished
 * (resets it for the next use). Parameters are 1-based; columns 0-based. */
store_stmt *store_prepare(store_conn *c, const char *sql, mz_err *e);
void store_bind_i64(store_stmt *st, int idx, int64_t v);
void store_bind_text(store_stmt *st, int idx, const char *s); /* NULL binds NULL; copied */
void store_bind_textn(store_stmt *st, int idx, const char *s, size_t n);
void store_bind_null(store_stmt *st, int idx);
/* Executes on the first call; then advances. Returns 1 when a row is
 * available, 0 when done, -1 on error (e filled). */
int store_step(store_stmt *st, mz_err *e);
int store_col_count(store_stmt *st);
int store_col_is_null(store_stmt *st, int col);
int64_t store_col_i64(store_stmt *st, int col);
/* Text of a column, NULL for SQL NULL; valid until the next step/done. */
const char *store_col_text(store_stmt *st, int col);
/* Rows changed by the last INSERT/UPDATE/DELETE executed by st. */
int64_t store_changes(store_stmt *st);
void store_done(store_stmt *st);

/* Convenience: prepare, bind nothing, step once; runs a statement that
 * returns a single integer (e.g. count). Returns 0 and sets *out, or -1. */
int store_query_i64(store_conn *c, const char *sql, int64_t *out, mz_err *e);

/* Convenience: runs a write statement whose one parameter is id and
 * returns the rows it changed, or -1. Its main use is the portable row
 * lock SQLite lacks SELECT ... FOR UPDATE for: a no-op
 * "UPDATE t SET c = c WHERE id = ?" holds the row until the transaction
 * ends, so a read-then-write about that row queues on PostgreSQL as
 * SQLite's single writer makes it queue. */
int64_t store_update_id(store_conn *c, const char *sql, int64_t id, mz_err *e);

/* Bulk loading fast path: rows of text fields (NULL = SQL NULL) into one
 * table's listed columns. SQLite: batched prepared inserts inside the
 * caller's transaction; PostgreSQL: COPY FROM STDIN. The caller wraps
 * begin..end in a transaction on SQLite (PostgreSQL COPY is one statement). */
typedef struct store_bulk store_bulk;
store_bulk *store_bulk_begin(store_conn *c, const char *table,
			     const char *const *columns, int ncolumns, mz_err *e);
int store_bulk_row(store_bulk *b, const char *const *values, mz_err *e);
int store_bulk_end(store_bulk *b, mz_err *e); /* frees b, even on error */

/* Assigns n new ids of table's auto-assigned "id" column into ids[], so a
 * bulk load can write rows that reference each other (a person and its
 * person_id_numbers row) without a round trip per row. SQLite: max(id)+1..,
 * which is safe only inside the caller's write transaction (the one
 * writer); PostgreSQL: nextval of the identity sequence, safe anywhere
 * (ids may have gaps; they are not promised to be consecutive). table must
 * be a plain identifier. */
int store_next_ids(store_conn *c, const char *table, int64_t n, int64_t *ids, mz_err *e);

/* Streaming scans: a whole-table read whose memory does not grow with the
 * table. SQLite steps a statement of its own; PostgreSQL runs
 * COPY (select) TO STDOUT and reads one row at a time (store_step on
 * PostgreSQL fetches the whole result into memory first, which at tens of
 * millions of rows is gigabytes). select_sql is one SELECT without
 * parameters and without a trailing semicolon.
 *
 * The connection is busy until store_scan_end: on PostgreSQL the rows are
 * still arriving on it. Any other use of the same connection meanwhile
 * (store_exec, store_begin, store_commit, store_prepare, store_step,
 * store_query_i64, store_bulk_begin, a second store_scan_begin) fails with
 * MZ_EINTERNAL on both engines, so code tried on SQLite does the same on
 * PostgreSQL. store_rollback is allowed and ends the scan: its next
 * store_scan_next fails. Work that needs the database per row must read
 * the rows first or use another connection (another thread).
 *
 * store_scan_next returns 1 when a row is available, 0 after the last row,
 * -1 on error (e filled; MZ_EUNAVAIL when the connection is lost mid-scan).
 * Column values are valid until the next store_scan_next/end. Integers
 * follow store_col_i64 (PostgreSQL booleans 1/0, decimals truncated).
 * store_scan_end may be called at any point; ending before the last row
 * cancels the COPY outside a transaction and reads the rest inside one
 * (a cancel would abort the transaction). NULL-safe. */
typedef struct store_scan store_scan;
store_scan *store_scan_begin(store_conn *c, const char *select_sql, mz_err *e);
int store_scan_next(store_scan *sc, mz_err *e);
int store_scan_col_count(store_scan *sc);
int store_scan_is_null(store_scan *sc, int col);
int64_t store_scan_i64(store_scan *sc, int col);
const char *store_scan_text(store_scan *sc, int col); /* NULL for SQL NULL */
void store_scan_end(store_scan *sc);

/* Migrations (migrate.c): applies every embedded <room>/schema/NNNN_*.sql not
 * yet recorded in schema_migrations, each in its own transaction. Tokens in
 * the SQL are replaced per engine:  {{ID}} an auto-assigned BIGINT primary
 * key;  {{BLOB}} a byte string type; the rest in migrate.c. */
int store_migrate(store *s, int *applied, mz_err *e);

/* One-call helpers over the functions above: store_run, store_row,
 * store_insert_id, store_params (query.h). */
#include "store/query.h"

/* Backend entry points, used by store.c only. */
struct store_backend;

#endif
