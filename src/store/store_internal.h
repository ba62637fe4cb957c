/* store_internal.h - what a storage backend implements. Only store.c,
 * store_sqlite.c and store_pg.c include this. store.c owns the per-thread
 * connection list and the statement cache; a backend deals with one
 * connection and one statement at a time. */
#ifndef MZ_STORE_INTERNAL_H
#define MZ_STORE_INTERNAL_H

#include <pthread.h>

#include "store/store.h"

struct store_stmt {
	store_conn *conn;
	char *sql;         /* original SQL with ? placeholders (cache key) */
	void *impl;        /* backend statement */
	int nparams;
	struct store_stmt *next; /* cache chain */
};

/* Why a scan ends: the caller is done (keep the connection and its
 * transaction usable), a rollback follows (the transaction's work is being
 * thrown away), or the connection is being closed. */
enum { STORE_SCAN_END = 0, STORE_SCAN_END_ROLLBACK = 1, STORE_SCAN_END_CLOSE = 2 };

typedef struct store_backend {
	const char *name;
	/* Connection lifecycle; impl is backend-private. */
	/* Per-store state (s->be_state), before the first connect and after
	 * the last disconnect; either may be NULL. */
	void (*store_opened)(store *s);
	void (*store_closed)(store *s);
	void *(*connect)(store *s, const char *target, mz_err *e);
	void (*disconnect)(void *impl);
	int (*exec)(store_conn *c, const char *sql, mz_err *e);
	int (*begin)(store_conn *c, mz_err *e);
	int (*begin_read)(store_conn *c, mz_err *e); /* store_begin_read */
	int (*commit)(store_conn *c, mz_err *e);
	void (*rollback)(store_conn *c);
	/* Statement lifecycle. prepare fills st->impl and st->nparams. */
	int (*prepare)(store_stmt *st, mz_err *e);
	void (*finalize)(store_stmt *st);
	void (*bind_i64)(store_stmt *st, int idx, int64_t v);
	void (*bind_text)(store_stmt *st, int idx, const char *s, size_t n);
	void (*bind_null)(store_stmt *st, int idx);
	int (*step)(store_stmt *st, mz_err *e);
	int (*col_count)(store_stmt *st);
	int (*col_is_null)(store_stmt *st, int col);
	int64_t (*col_i64)(store_stmt *st, int col);
	const char *(*col_text)(store_stmt *st, int col);
	int64_t (*changes)(store_stmt *st);
	void (*reset)(store_stmt *st); /* clear bindings and results */
	/* Bulk load; NULL means store.c falls back to prepared inserts. */
	store_bulk *(*bulk_begin)(store_conn *c, const char *table,
				  const char *const *cols, int ncols, mz_err *e);
	int (*bulk_row)(store_bulk *b, const char *const *values, mz_err *e);
	int (*bulk_end)(store_bulk *b, mz_err *e);
	/* Streaming scan (store_scan_*): begin returns backend state or NULL
	 * (e filled); next gives 1 row / 0 done / -1 error; end releases the
	 * state whether or not the rows were all read, how is one of
	 * STORE_SCAN_END*. */
	void *(*scan_begin)(store_conn *c, const char *sql, mz_err *e);
	int (*scan_next)(store_conn *c, void *impl, mz_err *e);
	int (*scan_col_count)(void *impl);
	int (*scan_is_null)(void *impl, int col);
	int64_t (*scan_i64)(void *impl, int col);
	const char *(*scan_text)(void *impl, int col);
	void (*scan_end)(store_conn *c, void *impl, int how);
	/* Text substituted for migration tokens. */
	const char *id_type;   /* {{ID}} */
	const char *blob_type; /* {{BLOB}} */
	const char *rowid_type; /* {{ROWID}}: auto-assigned id, not the key alone */
	const char *key_kw;     /* {{KEY}}: the key that includes the distribution column */
} store_backend;

struct store_conn {
	store *owner;
	void *impl;
	pthread_t thread;
	int in_tx;
	uint64_t tx_serial; /* counts begins: store_conn_tx */
	store_stmt *stmts; /* cache of prepared statements */
	struct store_scan *scan; /* the scan in progress: the connection is busy */
	/* store_after_commit: run once after the open transaction commits. */
	store_commit_fn after_commit;
	void *after_commit_arg;
	struct store_conn *next;
};

/* A streaming scan; impl is backend state, NULL once the scan was ended
 * early by store_rollback or store_close (then only store_scan_end is
 * meaningful). */
struct store_scan {
	store_conn *conn;
	void *impl;
	int aborted; /* ended by store_rollback: next fails */
};

struct store {
	store_engine engine;
	const store_backend *be;
	char *url;
	char *target; /* path for SQLite, conninfo for PostgreSQL */
	pthread_mutex_t lock;
	pthread_key_t key;
	store_conn *conns;
	void *be_state; /* the backend's (SQLite: the WAL checkpointer) */
	/* SQLite on a file: the audit log's own store on "<path>-audit"
	 * (sqlite_audit_file.h); NULL when the audit tables live here. */
	store *audit;
	store *registry; /* in an audit store: the store it belongs to */
	store_conn *serial; /* store_conn_serial's, in conns too */
};

/* A bulk load: either a prepared INSERT (st) or backend state (impl). */
struct store_bulk {
	store_conn *conn;
	store_stmt *st;
	int ncols;
	void *impl;
};

/* A schema file's text with the tokens replaced by be's spelling (postgres:
 * keep {{POSTGRES}} blocks); heap, caller frees (migrate.c). */
char *store_schema_expand(const store_backend *be, int postgres, const char *sql);

/* Opens a store on one engine and target without the audit file (store.c;
 * sqlite_audit_file.c opens the audit store with it). */
int store_open_target(store_engine engine, const store_backend *be, const char *url,
		      const char *target, store **out, mz_err *e);

extern const store_backend store_sqlite_backend;
extern const store_backend store_pg_backend;

/* Shared SQL helpers for backends. */
/* Rewrites ? placeholders (outside quotes) to $1..$n; returns malloc'd SQL. */
char *store_sql_dollar_params(const char *sql, int *nparams);
/* Splits one row of COPY text format (line: len bytes, NUL-terminated, the
 * trailing newline optional) in place into at most maxfields fields,
 * undoing the format's backslash escapes; a field that is exactly \N is
 * NULL. Returns the number of fields, or -1 if there are more than
 * maxfields. (store_pg.c; exposed for unit tests.) */
int store_copy_text_split(char *line, size_t len, char **fields, int maxfields);

#endif
