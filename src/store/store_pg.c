/* store_pg.c - the PostgreSQL backend (libpq).
 *
 * One libpq connection per thread (store.c keeps them), statements prepared
 * server-side under a per-connection name and executed with text parameters
 * and text results. The semantics follow store_sqlite.c; where PostgreSQL
 * differs the difference is stated here, once:
 *
 * Results are fetched whole (PQexecPrepared), not in single-row mode. A
 * caller may step through a SELECT and run other statements on the same
 * connection between rows (SQLite allows it and domain code does it: "for
 * each row, update something"); in single-row mode the connection would be
 * busy until the last row is read, and store_done after one row would have
 * to drain or cancel the rest. So a statement's whole result is in
 * memory: fine for pages, not for tables. Whole-table reads (the screening
 * engine's column loader, src/screen/screen_load.c) go through store_scan,
 * which runs COPY (select) TO STDOUT and hands out one row at a time
 * (PQgetCopyData): memory stays at one row plus libpq's input buffer, and
 * the connection is busy until the scan ends (store.h).
 *
 * Transactions: store_begin is a plain BEGIN (READ COMMITTED). Like
 * SQLite's BEGIN IMMEDIATE, writers queue instead of failing: here they
 * queue on the rows they touch, not on the whole database. So code must not
 * rely on SQLite's one-writer-at-a-time: a read-then-write of the same row
 * inside a transaction needs the row locked first (UPDATE ... RETURNING, or
 * a head row locked FOR UPDATE, as audit_head does). Two differences remain:
 * after a failed statement PostgreSQL rejects everything until ROLLBACK
 * (SQLite keeps the transaction), so COMMIT then fails here with the first
 * error instead of silently rolling back; and a nested store_begin fails,
 * as on SQLite.
 *
 * Connection loss: a call that finds the connection broken (the server
 * restarted, the backend was terminated, the network went away) fails with
 * MZ_EUNAVAIL; the next call resets the connection (PQreset) and prepares
 * statements again on first use: each statement remembers the connection
 * generation it was prepared in. Before a call outside a transaction the
 * socket is polled, so a connection the server closed while it sat idle is
 * reset before use instead of failing a request that was never in flight.
 * A connection lost inside a transaction is not reset until the caller
 * rolls back: silently continuing on a fresh session would commit half a
 * transaction statement by statement.
 *
 * Errors: SQLSTATE class 23 (unique, foreign key, check, not null) gives
 * MZ_ECONFLICT, as SQLITE_CONSTRAINT does; connection errors, server
 * shutdown, too many connections, deadlocks, serialization failures and
 * lock timeouts give MZ_EUNAVAIL (retryable, as SQLITE_BUSY); the rest
 * MZ_ESTORE. Messages carry the primary text only: the DETAIL of a unique
 * violation quotes the key, which may be a citizen ID number. */
#include <inttypes.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/log.h"
#include "store/store_internal.h"

#define PG_BOOLOID 16
#define PG_COPY_FLUSH (64 * 1024)

typedef struct {
	PGconn *pg;
	unsigned generation; /* bumped by every successful reset */
	unsigned next_name;  /* statement names mz_1, mz_2, ... */
	int broken;          /* a call saw the connection fail: reset on next use */
	int tx_open;         /* between begin and commit/rollback */
	int tx_lost;         /* the connection broke inside the transaction */
	mz_code tx_error;    /* first error inside the transaction, MZ_OK if none */
	char tx_message[160];
} pg_conn;

typedef struct {
	char *buf; /* NUL-terminated text of the value; NULL = SQL NULL */
	size_t cap;
	int isnull;
} pg_param;

typedef struct {
	char *sql; /* with $n placeholders */
	char name[32];
	unsigned generation; /* connection generation prepared in; 0 = not */
	int nparams;
	pg_param *params;
	const char **values;
	int bad_index; /* a bind outside 1..nparams, reported at step */
	PGresult *res;
	int started;
	int row;
	int64_t changes;
} pg_stmt;

typedef struct {
	mz_buf out;       /* rows not yet sent */
	char *table;
	int has_id;       /* an "id" column was loaded: advance its identity */
	int failed;
	mz_err err;       /* the first bulk_row failure, reported at end */
} pg_bulk;

/* ---- errors ---------------------------------------------------------- */

/* libpq's messages span lines ("server closed the connection
 * unexpectedly\n\tThis probably means..."): one line for logs and the
 * API's message, whitespace runs folded into one space. */
static void copy_message(char *dst, size_t cap, const char *src)
{
	size_t n = 0;
	int space = 0;

	if (!cap)
		return;
	for (const char *p = src ? src : "unknown error"; *p && n + 1 < cap; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') {
			space = n > 0;
			continue;
		}
		if (space && n + 2 < cap)
			dst[n++] = ' ';
		space = 0;
		dst[n++] = *p;
	}
	dst[n] = 0;
}

static int sqlstate_is_unavailable(const char *st)
{
	if (!st)
		return 0;
	return !strncmp(st, "08", 2) ||   /* connection exception */
	       !strncmp(st, "53", 2) ||   /* insufficient resources */
	       !strcmp(st, "57P01") ||    /* admin shutdown */
	       !strcmp(st, "57P02") ||    /* crash shutdown */
	       !strcmp(st, "57P03") ||    /* cannot connect now */
	       !strcmp(st, "40001") ||    /* serialization failure */
	       !strcmp(st, "40P01") ||    /* deadlock detected */
	       !strcmp(st, "55P03");      /* lock not available */
}

/* Fills e from a failed result (res may be NULL) and updates the
 * connection's state; returns -1. */
static int fail_pg(pg_conn *pc, const PGresult *res, mz_err *e, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char msg[200];
	mz_code code = MZ_ESTORE;
	int lost = PQstatus(pc->pg) != CONNECTION_OK ||
		   (state && (!strncmp(state, "08", 2) || !strncmp(state, "57P0", 4)));

	copy_message(msg, sizeof(msg), primary ? primary : PQerrorMessage(pc->pg));
	if (lost) {
		code = MZ_EUNAVAIL;
		pc->broken = 1;
		if (pc->tx_open)
			pc->tx_lost = 1;
	} else if (state && !strncmp(state, "23", 2)) {
		code = MZ_ECONFLICT;
	} else if (sqlstate_is_unavailable(state)) {
		code = MZ_EUNAVAIL;
	}
	if (pc->tx_open && pc->tx_error == MZ_OK) {
		pc->tx_error = code;
		copy_message(pc->tx_message, sizeof(pc->tx_message), msg);
	}
	if (code == MZ_EUNAVAIL)
		return mz_failf(e, code, "", "database unavailable (postgresql %s): %s",
				"数据库暂不可用（%s）：%s", what, msg);
	return mz_failf(e, code, "", "postgresql %s: %s", "数据库错误（%s）：%s", what,
			msg);
}

/* ---- connections ----------------------------------------------------- */

/* Notices, and the one error the server sends outside any query: the
 * FATAL "terminating connection" before it closes an idle session (admin
 * shutdown, pg_terminate_backend). libpq hands that to the notice receiver,
 * often before the end of the connection is visible on the socket: mark
 * the connection broken then, or the next call would run on a session the
 * server has already given up. */
static void pg_notice(void *arg, const PGresult *res)
{
	pg_conn *pc = arg;
	const char *severity = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	char msg[200];

	copy_message(msg, sizeof(msg), PQresultErrorMessage(res));
	if (severity && (!strcmp(severity, "FATAL") || !strcmp(severity, "PANIC"))) {
		pc->broken = 1;
		if (pc->tx_open)
			pc->tx_lost = 1;
		mz_log_info("postgresql closed the session", "message", msg);
		return;
	}
	mz_log_debug("postgresql notice", "message", msg);
}

/* Per-session settings, after connect and after every reset. */
static int session_setup(pg_conn *pc, mz_err *e)
{
	PGresult *res;

	if (strcmp(pg_encoding_to_char(PQclientEncoding(pc->pg)), "UTF8") &&
	    PQsetClientEncoding(pc->pg, "UTF8"))
		return fail_pg(pc, NULL, e, "client_encoding");
	/* The default, made explicit: an acknowledged write (the audit log
	 * above all) is on disk before COMMIT returns. */
	res = PQexec(pc->pg, "SET synchronous_commit = on");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fail_pg(pc, res, e, "session setup");
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return 0;
}

static void *pg_connect(store *s, const char *conninfo, mz_err *e)
{
	/* Keywords before dbname are defaults the URL may override. The
	 * keepalives bound how long a worker waits on a server that vanished
	 * without closing the connection (power loss, network cut): without
	 * them, until the kernel gives up, about 15 minutes. */
	const char *const keys[] = { "connect_timeout", "application_name",
				     "client_encoding", "keepalives", "keepalives_idle",
				     "keepalives_interval", "keepalives_count",
				     "dbname", NULL };
	const char *const vals[] = { "10", "minzheng", "UTF8", "1", "30", "10", "3",
				     conninfo, NULL };
	pg_conn *pc;
	(void)s;

	pc = mz_xcalloc(1, sizeof(*pc));
	pc->pg = PQconnectdbParams(keys, vals, 1);
	if (!pc->pg) {
		free(pc);
		mz_fail(e, MZ_EUNAVAIL, "db", "cannot connect to postgresql: out of memory",
			"无法连接 PostgreSQL：内存不足");
		return NULL;
	}
	if (PQstatus(pc->pg) != CONNECTION_OK) {
		char msg[200];

		/* Never echo conninfo: it may hold a password. */
		copy_message(msg, sizeof(msg), PQerrorMessage(pc->pg));
		mz_failf(e, MZ_EUNAVAIL, "db", "cannot connect to postgresql: %s",
			 "无法连接 PostgreSQL：%s", msg);
		PQfinish(pc->pg);
		free(pc);
		return NULL;
	}
	PQsetNoticeReceiver(pc->pg, pg_notice, pc);
	pc->generation = 1;
	if (session_setup(pc, e)) {
		PQfinish(pc->pg);
		free(pc);
		return NULL;
	}
	return pc;
}

static void pg_disconnect(void *impl)
{
	pg_conn *pc = impl;

	if (!pc)
		return;
	PQfinish(pc->pg);
	free(pc);
}

/* Has the server closed an idle connection? Reads whatever arrived (a FATAL
 * notice, then end of file) without blocking. */
static void probe_idle(pg_conn *pc)
{
	struct pollfd p = { .fd = PQsocket(pc->pg), .events = POLLIN };

	if (p.fd < 0) {
		pc->broken = 1;
		return;
	}
	for (int i = 0; i < 4 && !pc->broken && poll(&p, 1, 0) > 0; i++) {
		if (!PQconsumeInput(pc->pg) || PQstatus(pc->pg) != CONNECTION_OK) {
			pc->broken = 1;
			return;
		}
		/* PQconsumeInput only reads; PQisBusy parses what was read, which
		 * hands a FATAL to pg_notice (marking the connection broken) even
		 * when the end of the connection has not reached the socket yet. */
		PQisBusy(pc->pg);
	}
}

/* Makes the connection usable for the next call: resets it if it is
 * broken. Fails with MZ_EUNAVAIL if the server is still away, or if the
 * connection was lost inside a transaction the caller has not rolled back. */
static int pg_ready(pg_conn *pc, mz_err *e)
{
	char msg[200];

	if (pc->tx_lost)
		return mz_fail(e, MZ_EUNAVAIL, "",
			       "database unavailable: connection lost inside a transaction",
			       "数据库暂不可用：事务中连接中断");
	if (!pc->broken && PQstatus(pc->pg) == CONNECTION_OK) {
		if (pc->tx_open)
			return 0;
		probe_idle(pc);
		if (!pc->broken)
			return 0;
	}
	PQreset(pc->pg);
	if (PQstatus(pc->pg) != CONNECTION_OK) {
		pc->broken = 1;
		copy_message(msg, sizeof(msg), PQerrorMessage(pc->pg));
		return mz_failf(e, MZ_EUNAVAIL, "",
				"database unavailable: cannot reconnect to postgresql: %s",
				"数据库暂不可用：无法重新连接 PostgreSQL：%s", msg);
	}
	pc->broken = 0;
	pc->generation++;
	if (session_setup(pc, e))
		return -1;
	mz_log_info("postgresql connection reset");
	return 0;
}

/* Runs a command without parameters; accepts any successful result. */
static int run(pg_conn *pc, const char *sql, mz_err *e, const char *what)
{
	PGresult *res = PQexec(pc->pg, sql);
	ExecStatusType rs = PQresultStatus(res);

	if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK) {
		if (rs == PGRES_COPY_IN || rs == PGRES_COPY_OUT || rs == PGRES_COPY_BOTH) {
			char *buf;

			PQclear(res);
			/* Leave copy mode; a COPY belongs in store_bulk_*. */
			if (rs == PGRES_COPY_OUT) {
				while (PQgetCopyData(pc->pg, &buf, 0) > 0)
					PQfreemem(buf);
			} else {
				PQputCopyEnd(pc->pg, "not supported through store_exec");
			}
			while ((res = PQgetResult(pc->pg))) {
				rs = PQresultStatus(res);
				PQclear(res);
				if (rs == PGRES_COPY_IN || rs == PGRES_COPY_OUT ||
				    rs == PGRES_COPY_BOTH) {
					pc->broken = 1; /* stuck: use a new session */
					break;
				}
			}
			return mz_fail(e, MZ_EINTERNAL, "", "COPY is not supported by store_exec",
				       "store_exec 不支持 COPY");
		}
		fail_pg(pc, res, e, what);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return 0;
}

static int pg_exec(store_conn *c, const char *sql, mz_err *e)
{
	pg_conn *pc = c->impl;

	if (pg_ready(pc, e))
		return -1;
	return run(pc, sql, e, "exec");
}

static int pg_begin_sql(store_conn *c, const char *sql, mz_err *e)
{
	pg_conn *pc = c->impl;

	if (pc->tx_open)
		return mz_fail(e, MZ_ESTORE, "", "cannot start a transaction within a transaction",
			       "事务中不能再开始事务");
	if (pg_ready(pc, e))
		return -1;
	if (run(pc, sql, e, "begin"))
		return -1;
	pc->tx_open = 1;
	pc->tx_error = MZ_OK;
	pc->tx_message[0] = 0;
	return 0;
}

static int pg_begin(store_conn *c, mz_err *e)
{
	return pg_begin_sql(c, "BEGIN", e);
}

/* One snapshot for every statement until COMMIT, and no writes. */
static int pg_begin_read(store_conn *c, mz_err *e)
{
	return pg_begin_sql(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", e);
}

static void tx_clear(pg_conn *pc)
{
	pc->tx_open = 0;
	pc->tx_lost = 0;
	pc->tx_error = MZ_OK;
}

/* On failure the transaction is over either way (as on SQLite). If the
 * connection broke during COMMIT the outcome is unknown: the error says so. */
static int pg_commit(store_conn *c, mz_err *e)
{
	pg_conn *pc = c->impl;
	PGresult *res;

	if (!pc->tx_open)
		return mz_fail(e, MZ_ESTORE, "", "commit without a transaction",
			       "没有进行中的事务，无法提交");
	if (pc->tx_lost) {
		tx_clear(pc);
		return mz_fail(e, MZ_EUNAVAIL, "",
			       "database unavailable: connection lost inside a transaction, "
			       "nothing was committed",
			       "数据库暂不可用：事务中连接中断，未提交任何内容");
	}
	res = PQexec(pc->pg, "COMMIT");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		pc->tx_open = 0; /* fail_pg must not mark tx_lost */
		fail_pg(pc, res, e, "commit");
		PQclear(res);
		if (pc->broken)
			mz_fail(e, MZ_EUNAVAIL, "",
				"database unavailable: connection lost during commit, "
				"outcome unknown",
				"数据库暂不可用：提交时连接中断，结果未知");
		tx_clear(pc);
		return -1;
	}
	/* COMMIT of a transaction aborted by an earlier error succeeds and
	 * reports ROLLBACK: that must not look like success. */
	if (strcmp(PQcmdStatus(res), "COMMIT")) {
		mz_code code = pc->tx_error != MZ_OK ? pc->tx_error : MZ_ESTORE;

		PQclear(res);
		mz_failf(e, code, "",
			 "postgresql commit: transaction rolled back after an earlier error: %s",
			 "数据库错误（提交）：事务因先前的错误已回滚：%s",
			 pc->tx_message[0] ? pc->tx_message : "unknown");
		tx_clear(pc);
		return -1;
	}
	PQclear(res);
	tx_clear(pc);
	return 0;
}

static void pg_rollback(store_conn *c)
{
	pg_conn *pc = c->impl;

	if (!pc->tx_lost && !pc->broken && PQstatus(pc->pg) == CONNECTION_OK &&
	    PQtransactionStatus(pc->pg) != PQTRANS_IDLE) {
		PGresult *res = PQexec(pc->pg, "ROLLBACK");

		if (PQresultStatus(res) != PGRES_COMMAND_OK && PQstatus(pc->pg) != CONNECTION_OK)
			pc->broken = 1;
		PQclear(res);
	}
	tx_clear(pc);
}

/* ---- statements ------------------------------------------------------ */

static int server_prepare(pg_conn *pc, pg_stmt *s, mz_err *e)
{
	PGresult *res = PQprepare(pc->pg, s->name, s->sql, s->nparams, NULL);

	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fail_pg(pc, res, e, "prepare");
		PQclear(res);
		return -1;
	}
	PQclear(res);
	s->generation = pc->generation;
	return 0;
}

static void stmt_free(pg_stmt *s)
{
	if (!s)
		return;
	PQclear(s->res);
	for (int i = 0; i < s->nparams; i++)
		free(s->params[i].buf);
	free(s->params);
	free(s->values);
	free(s->sql);
	free(s);
}

/* Prepares at once, so a syntax error surfaces at store_prepare as on
 * SQLite; after a reset the statement is prepared again at its next step. */
static int pg_prepare(store_stmt *st, mz_err *e)
{
	pg_conn *pc = st->conn->impl;
	pg_stmt *s;

	if (pg_ready(pc, e))
		return -1;
	s = mz_xcalloc(1, sizeof(*s));
	s->sql = store_sql_dollar_params(st->sql, &s->nparams);
	snprintf(s->name, sizeof(s->name), "mz_%u", ++pc->next_name);
	s->params = mz_xcalloc((size_t)s->nparams + 1, sizeof(*s->params));
	s->values = mz_xcalloc((size_t)s->nparams + 1, sizeof(*s->values));
	for (int i = 0; i < s->nparams; i++)
		s->params[i].isnull = 1;
	s->row = -1;
	if (server_prepare(pc, s, e)) {
		stmt_free(s);
		return -1;
	}
	st->impl = s;
	st->nparams = s->nparams;
	return 0;
}

/* store.c finalizes statements only when it closes the connection, and the
 * server drops a session's prepared statements with the session, so no
 * DEALLOCATE round trip is spent here. */
static void pg_finalize(store_stmt *st)
{
	stmt_free(st->impl);
	st->impl = NULL;
}

static pg_param *param_at(pg_stmt *s, int idx)
{
	if (idx < 1 || idx > s->nparams) {
		if (!s->bad_index)
			s->bad_index = idx ? idx : -1;
		return NULL;
	}
	return &s->params[idx - 1];
}

static void param_set(pg_param *p, const char *v, size_t n)
{
	if (n + 1 > p->cap) {
		p->cap = n + 1 < 32 ? 32 : n + 1;
		free(p->buf);
		p->buf = mz_xmalloc(p->cap);
	}
	memcpy(p->buf, v, n);
	p->buf[n] = 0;
	p->isnull = 0;
}

static void pg_bind_i64(store_stmt *st, int idx, int64_t v)
{
	pg_param *p = param_at(st->impl, idx);
	char tmp[32];
	int n;

	if (!p)
		return;
	n = snprintf(tmp, sizeof(tmp), "%" PRId64, v);
	param_set(p, tmp, (size_t)n);
}

/* Text parameters end at NUL: PostgreSQL text cannot hold a NUL byte, so
 * a value with an embedded NUL is cut there. */
static void pg_bind_text(store_stmt *st, int idx, const char *v, size_t n)
{
	pg_param *p = param_at(st->impl, idx);

	if (!p)
		return;
	if (!v) {
		p->isnull = 1;
		return;
	}
	param_set(p, v, n);
}

static void pg_bind_null(store_stmt *st, int idx)
{
	pg_param *p = param_at(st->impl, idx);

	if (p)
		p->isnull = 1;
}

static int pg_step(store_stmt *st, mz_err *e)
{
	pg_conn *pc = st->conn->impl;
	pg_stmt *s = st->impl;

	/* Stepped again after it reported done: run it again with the same
	 * bindings, as sqlite3_step does. */
	if (s->started && s->row >= PQntuples(s->res)) {
		PQclear(s->res);
		s->res = NULL;
		s->started = 0;
	}
	if (!s->started) {
		PGresult *res;
		ExecStatusType rs;

		if (s->bad_index)
			return mz_failf(e, MZ_EINTERNAL, "",
					"bind index %d out of range 1..%d for '%.80s'",
					"绑定参数序号 %d 超出范围 1..%d：'%.80s'", s->bad_index,
					s->nparams, st->sql);
		if (pg_ready(pc, e))
			return -1;
		if (s->generation != pc->generation && server_prepare(pc, s, e))
			return -1;
		for (int i = 0; i < s->nparams; i++)
			s->values[i] = s->params[i].isnull ? NULL : s->params[i].buf;
		res = PQexecPrepared(pc->pg, s->name, s->nparams, s->values, NULL, NULL, 0);
		rs = PQresultStatus(res);
		if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK) {
			fail_pg(pc, res, e, "step");
			PQclear(res);
			return -1;
		}
		s->res = res;
		s->started = 1;
		s->row = -1;
		s->changes = strtoll(PQcmdTuples(res), NULL, 10);
	}
	s->row++;
	return s->row < PQntuples(s->res) ? 1 : 0;
}

/* Known once the statement has run (SQLite knows it at prepare): callers
 * ask after store_step. */
static int pg_col_count(store_stmt *st)
{
	pg_stmt *s = st->impl;

	return s->res ? PQnfields(s->res) : 0;
}

/* The current row's value, or NULL when there is none (SQL NULL, no row,
 * column out of range): SQLite answers NULL in those cases too. */
static const char *value_at(pg_stmt *s, int col)
{
	if (!s->res || s->row < 0 || s->row >= PQntuples(s->res) || col < 0 ||
	    col >= PQnfields(s->res) || PQgetisnull(s->res, s->row, col))
		return NULL;
	return PQgetvalue(s->res, s->row, col);
}

static int pg_col_is_null(store_stmt *st, int col)
{
	return value_at(st->impl, col) == NULL;
}

/* Integers as SQLite would give them: numerics and floats truncated toward
 * zero, text that is not a number 0. */
static int64_t text_i64(const char *v)
{
	char *end;
	long long n;

	n = strtoll(v, &end, 10);
	if (*end == '.' || *end == 'e' || *end == 'E') {
		double d = strtod(v, NULL);

		if (d >= -9.2e18 && d <= 9.2e18)
			return (int64_t)d;
	}
	return n;
}

/* Booleans 1/0 (PostgreSQL prints t/f for a comparison). */
static int64_t pg_col_i64(store_stmt *st, int col)
{
	pg_stmt *s = st->impl;
	const char *v = value_at(s, col);

	if (!v)
		return 0;
	if (PQftype(s->res, col) == PG_BOOLOID)
		return v[0] == 't';
	return text_i64(v);
}

static const char *pg_col_text(store_stmt *st, int col)
{
	return value_at(st->impl, col);
}

static int64_t pg_changes(store_stmt *st)
{
	return ((pg_stmt *)st->impl)->changes;
}

static void pg_reset(store_stmt *st)
{
	pg_stmt *s = st->impl;

	PQclear(s->res);
	s->res = NULL;
	s->started = 0;
	s->row = -1;
	s->bad_index = 0;
	for (int i = 0; i < s->nparams; i++)
		s->params[i].isnull = 1;
}

/* ---- bulk load: COPY FROM STDIN, text format ------------------------- */

/* Table and column names are spliced into the COPY statement: accept only
 * plain (optionally schema-qualified) identifiers. */
static int ident_ok(const char *s)
{
	if (!s || !*s)
		return 0;
	for (const char *p = s; *p; p++) {
		int c = (unsigned char)*p;

		if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (p > s && ((c >= '0' && c <= '9') || (c == '.' && p[1])))))
			return 0;
	}
	return 1;
}

static int copy_flush(pg_conn *pc, pg_bulk *pb, mz_err *e)
{
	if (!pb->out.len)
		return 0;
	if (PQputCopyData(pc->pg, pb->out.data, (int)pb->out.len) != 1)
		return fail_pg(pc, NULL, e, "copy");
	mz_buf_reset(&pb->out);
	return 0;
}

static store_bulk *pg_bulk_begin(store_conn *c, const char *table,
				 const char *const *cols, int ncols, mz_err *e)
{
	pg_conn *pc = c->impl;
	mz_buf sql;
	PGresult *res;
	store_bulk *b;
	pg_bulk *pb;
	int has_id = 0;

	if (!ident_ok(table) || ncols < 1)
		return mz_fail(e, MZ_EINVAL, "", "bulk load: bad table name or no columns",
			       "批量导入：表名无效或没有列"), NULL;
	mz_buf_init(&sql);
	mz_buf_printf(&sql, "COPY %s (", table);
	for (int i = 0; i < ncols; i++) {
		if (!ident_ok(cols[i]) || strchr(cols[i], '.')) {
			mz_buf_release(&sql);
			return mz_failf(e, MZ_EINVAL, "", "bulk load: bad column name '%.60s'",
					"批量导入：列名无效 '%.60s'", cols[i] ? cols[i] : ""),
			       NULL;
		}
		if (!strcmp(cols[i], "id"))
			has_id = 1;
		mz_buf_printf(&sql, "%s%s", i ? ", " : "", cols[i]);
	}
	mz_buf_puts(&sql, ") FROM STDIN");
	if (pg_ready(pc, e)) {
		mz_buf_release(&sql);
		return NULL;
	}
	res = PQexec(pc->pg, sql.data);
	mz_buf_release(&sql);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		fail_pg(pc, res, e, "copy");
		PQclear(res);
		return NULL;
	}
	PQclear(res);
	pb = mz_xcalloc(1, sizeof(*pb));
	mz_buf_init(&pb->out);
	pb->table = mz_strdup(table);
	pb->has_id = has_id;
	b = mz_xcalloc(1, sizeof(*b));
	b->conn = c;
	b->ncols = ncols;
	b->impl = pb;
	return b;
}

/* COPY text format: fields separated by tab, rows by newline, \N is NULL;
 * backslash, tab, newline and carriage return are escaped. */
static void copy_field(mz_buf *out, const char *v)
{
	const char *run = v;

	if (!v) {
		mz_buf_puts(out, "\\N");
		return;
	}
	for (const char *p = v; *p; p++) {
		const char *esc = NULL;

		switch (*p) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		default: continue;
		}
		mz_buf_append(out, run, (size_t)(p - run));
		mz_buf_puts(out, esc);
		run = p + 1;
	}
	mz_buf_puts(out, run);
}

/* Errors in the data (a duplicate key, a bad value) are found by the
 * server and reported by store_bulk_end; this fails only if the connection
 * does. */
static int pg_bulk_row(store_bulk *b, const char *const *values, mz_err *e)
{
	pg_conn *pc = b->conn->impl;
	pg_bulk *pb = b->impl;

	if (pb->failed)
		return mz_fail(e, pb->err.code, pb->err.field, pb->err.message,
			       pb->err.message_zh);
	for (int i = 0; i < b->ncols; i++) {
		if (i)
			mz_buf_putc(&pb->out, '\t');
		copy_field(&pb->out, values[i]);
	}
	mz_buf_putc(&pb->out, '\n');
	if (pb->out.len >= PG_COPY_FLUSH && copy_flush(pc, pb, &pb->err)) {
		pb->failed = 1;
		return mz_fail(e, pb->err.code, pb->err.field, pb->err.message,
			       pb->err.message_zh);
	}
	return 0;
}

/* SQLite's INTEGER PRIMARY KEY picks max(id)+1; a sequence default does not
 * look at the rows. After loading explicit ids, move the sequence past them
 * so the next generated id does not collide. */
static int advance_identity(pg_conn *pc, const char *table, mz_err *e)
{
	const char *params[1] = { table };
	mz_buf sql;
	PGresult *res;
	int rc = 0;

	mz_buf_init(&sql);
	mz_buf_printf(&sql,
		      "SELECT setval(q.s, GREATEST(q.m, COALESCE(pg_sequence_last_value(q.s), 0)))"
		      " FROM (SELECT pg_get_serial_sequence($1, 'id')::regclass AS s,"
		      " (SELECT max(id) FROM %s) AS m) q"
		      " WHERE q.s IS NOT NULL AND q.m IS NOT NULL",
		      table);
	res = PQexecParams(pc->pg, sql.data, 1, NULL, params, NULL, NULL, 0);
	mz_buf_release(&sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = fail_pg(pc, res, e, "copy identity");
	PQclear(res);
	return rc;
}

static int pg_bulk_end(store_bulk *b, mz_err *e)
{
	pg_conn *pc = b->conn->impl;
	pg_bulk *pb = b->impl;
	PGresult *res, *last = NULL;
	int rc = 0;

	if (!pb->failed && copy_flush(pc, pb, &pb->err))
		pb->failed = 1;
	if (PQputCopyEnd(pc->pg, pb->failed ? "bulk load aborted by minzheng" : NULL) != 1 &&
	    !pb->failed) {
		fail_pg(pc, NULL, &pb->err, "copy end");
		pb->failed = 1;
	}
	while ((res = PQgetResult(pc->pg))) {
		ExecStatusType rs = PQresultStatus(res);

		PQclear(last);
		last = res;
		if (rs == PGRES_COPY_IN || rs == PGRES_COPY_OUT || rs == PGRES_COPY_BOTH ||
		    PQstatus(pc->pg) != CONNECTION_OK) {
			/* Still in copy mode (could not end it): the session is
			 * unusable, start a new one on next use. */
			pc->broken = 1;
			if (pc->tx_open)
				pc->tx_lost = 1;
			break;
		}
	}
	if (pb->failed) {
		mz_fail(e, pb->err.code, pb->err.field, pb->err.message, pb->err.message_zh);
		if (pc->tx_open && pc->tx_error == MZ_OK)
			pc->tx_error = pb->err.code;
		rc = -1;
	} else if (PQresultStatus(last) != PGRES_COMMAND_OK) {
		rc = fail_pg(pc, last, e, "copy");
	} else if (pb->has_id) {
		rc = advance_identity(pc, pb->table, e);
	}
	PQclear(last);
	mz_buf_release(&pb->out);
	free(pb->table);
	free(pb);
	free(b);
	return rc;
}

/* ---- streaming scan: COPY (select) TO STDOUT, text format ------------ */

/* One row at a time: PQgetCopyData hands out each row as it arrives, and
 * libpq's input buffer holds what the socket delivered, not the table. */
typedef struct {
	char *row;     /* the current row (PQgetCopyData's buffer), split in place */
	char **fields; /* ncols pointers into row; NULL is SQL NULL */
	int ncols;
	int done;      /* the COPY has ended: all rows read, or failed */
	int failed;
} pg_scan;

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The escapes are the ones COPY FROM reads (PostgreSQL documentation,
 * "COPY", text format): \b \f \n \r \t \v, \ and one to three octal
 * digits, \x and one or two hex digits, and a backslash before any other
 * character stands for that character (\\ for a backslash). COPY TO
 * writes only some of them, but a reader that knows them all does not
 * depend on which. A raw tab always separates fields: a tab in a value is
 * written as \t. */
int store_copy_text_split(char *line, size_t len, char **fields, int maxfields)
{
	char *r = line, *end = line + len;
	int n = 0;

	if (len && end[-1] == '\n')
		end--;
	for (;;) {
		if (n == maxfields)
			return -1;
		if (end - r >= 2 && r[0] == '\\' && r[1] == 'N' && (r + 2 == end || r[2] == '\t')) {
			fields[n++] = NULL;
			r += 2;
		} else {
			char *w = r;
			int v, k;

			fields[n++] = r;
			while (r < end && *r != '\t') {
				if (*r != '\\' || r + 1 == end) {
					*w++ = *r++;
					continue;
				}
				r++;
				switch (*r) {
				case 'b': *w++ = '\b'; r++; break;
				case 'f': *w++ = '\f'; r++; break;
				case 'n': *w++ = '\n'; r++; break;
				case 'r': *w++ = '\r'; r++; break;
				case 't': *w++ = '\t'; r++; break;
				case 'v': *w++ = '\v'; r++; break;
				case '0': case '1': case '2': case '3':
				case '4': case '5': case '6': case '7':
					for (v = 0, k = 0; k < 3 && r < end && *r >= '0' && *r <= '7'; k++)
						v = v * 8 + (*r++ - '0');
					*w++ = (char)v;
					break;
				case 'x':
					if (r + 1 < end && hex_value((unsigned char)r[1]) >= 0) {
						r++;
						for (v = 0, k = 0; k < 2 && r < end &&
								   hex_value((unsigned char)*r) >= 0; k++)
							v = v * 16 + hex_value((unsigned char)*r++);
						*w++ = (char)v;
					} else {
						*w++ = *r++; /* \x without digits is x */
					}
					break;
				default:
					*w++ = *r++;
					break;
				}
			}
			/* w <= r: the terminator may land on the tab just read. */
			if (r < end) {
				*w = 0;
				r++;
				continue;
			}
			*w = 0;
			break;
		}
		if (r >= end)
			break;
		r++; /* the tab after \N */
	}
	return n;
}

static void *pg_scan_begin(store_conn *c, const char *sql, mz_err *e)
{
	pg_conn *pc = c->impl;
	size_t n = strlen(sql);
	int nparams;
	char *dollar;
	mz_buf copy;
	PGresult *res;
	pg_scan *sc;

	while (n && (sql[n - 1] == ';' || sql[n - 1] == ' ' || sql[n - 1] == '\t' ||
		     sql[n - 1] == '\n' || sql[n - 1] == '\r'))
		n--;
	dollar = store_sql_dollar_params(sql, &nparams);
	free(dollar);
	if (!n || nparams)
		return mz_fail(e, MZ_EINVAL, "",
			       "store_scan_begin: a scan is one SELECT without parameters",
			       "逐行读取：只能是不带参数的 SELECT"), NULL;
	if (pg_ready(pc, e))
		return NULL;
	/* Newlines around the query: a trailing -- comment stays inside. */
	mz_buf_init(&copy);
	mz_buf_puts(&copy, "COPY (\n");
	mz_buf_append(&copy, sql, n);
	mz_buf_puts(&copy, "\n) TO STDOUT");
	res = PQexec(pc->pg, copy.data);
	mz_buf_release(&copy);
	if (PQresultStatus(res) != PGRES_COPY_OUT) {
		fail_pg(pc, res, e, "scan");
		PQclear(res);
		return NULL;
	}
	sc = mz_xcalloc(1, sizeof(*sc));
	sc->ncols = PQnfields(res);
	sc->fields = mz_xcalloc((size_t)sc->ncols + 1, sizeof(*sc->fields));
	PQclear(res);
	return sc;
}

/* After PQgetCopyData reported the end (-1) or an error (-2): collects the
 * COPY's final result. Returns 0 if it succeeded, else -1 with e filled
 * (MZ_EUNAVAIL when the connection is gone). */
static int scan_finish(pg_conn *pc, pg_scan *sc, int got, mz_err *e)
{
	PGresult *res, *bad = NULL;
	int rc = 0;

	while ((res = PQgetResult(pc->pg))) {
		ExecStatusType rs = PQresultStatus(res);

		if (rs == PGRES_COPY_IN || rs == PGRES_COPY_OUT || rs == PGRES_COPY_BOTH) {
			/* Still in copy mode: the session is unusable. */
			PQclear(res);
			pc->broken = 1;
			if (pc->tx_open)
				pc->tx_lost = 1;
			break;
		}
		if (rs != PGRES_COMMAND_OK && !bad)
			bad = res;
		else
			PQclear(res);
	}
	if (bad)
		rc = fail_pg(pc, bad, e, "scan");
	else if (got == -2 || pc->broken)
		rc = fail_pg(pc, NULL, e, "scan");
	PQclear(bad);
	sc->done = 1;
	sc->failed = rc < 0;
	return rc;
}

static int pg_scan_next(store_conn *c, void *impl, mz_err *e)
{
	pg_conn *pc = c->impl;
	pg_scan *sc = impl;
	char *buf = NULL;
	int n;

	if (sc->row) {
		PQfreemem(sc->row);
		sc->row = NULL;
	}
	if (sc->done)
		return sc->failed ? mz_fail(e, MZ_ESTORE, "", "postgresql scan: failed earlier",
					    "数据库错误（逐行读取）：此前已失败")
				  : 0;
	n = PQgetCopyData(pc->pg, &buf, 0);
	if (n <= 0)
		return scan_finish(pc, sc, n, e);
	sc->row = buf;
	if (store_copy_text_split(buf, (size_t)n, sc->fields, sc->ncols) != sc->ncols) {
		mz_failf(e, MZ_ESTORE, "",
			 "postgresql scan: a COPY row does not have %d fields", 
			 "数据库错误（逐行读取）：COPY 行不是 %d 列", sc->ncols);
		/* Leave the COPY so the connection stays usable. */
		while ((n = PQgetCopyData(pc->pg, &buf, 0)) > 0)
			PQfreemem(buf);
		scan_finish(pc, sc, n, NULL);
		sc->failed = 1;
		return -1;
	}
	return 1;
}

static int pg_scan_col_count(void *impl)
{
	return ((pg_scan *)impl)->ncols;
}

static const char *scan_value(pg_scan *sc, int col)
{
	return sc->row && col >= 0 && col < sc->ncols ? sc->fields[col] : NULL;
}

static int pg_scan_is_null(void *impl, int col)
{
	return scan_value(impl, col) == NULL;
}

/* COPY does not say the column types: a lone t or f is a boolean (no
 * number prints that way), the rest as store_col_i64. */
static int64_t pg_scan_i64(void *impl, int col)
{
	const char *v = scan_value(impl, col);

	if (!v)
		return 0;
	if ((v[0] == 't' || v[0] == 'f') && !v[1])
		return v[0] == 't';
	return text_i64(v);
}

static const char *pg_scan_text(void *impl, int col)
{
	return scan_value(impl, col);
}

/* Ending before the last row. Outside a transaction the COPY is cancelled
 * (the server stops producing rows); inside one it is read to the end,
 * since a cancelled statement aborts the caller's transaction, unless the
 * transaction is being rolled back anyway. A cancel that arrives after the
 * COPY finished finds the session idle, and the server ignores it there. */
static void pg_scan_end(store_conn *c, void *impl, int how)
{
	pg_conn *pc = c->impl;
	pg_scan *sc = impl;
	char *buf;
	int n;

	PQfreemem(sc->row);
	if (!sc->done && how != STORE_SCAN_END_CLOSE) {
		if (how == STORE_SCAN_END_ROLLBACK || !pc->tx_open) {
			PGcancel *cancel = PQgetCancel(pc->pg);
			char msg[200];

			if (!cancel || !PQcancel(cancel, msg, sizeof(msg)))
				mz_log_debug("postgresql scan: cancel not sent");
			PQfreeCancel(cancel);
			while ((n = PQgetCopyData(pc->pg, &buf, 0)) > 0)
				PQfreemem(buf);
			/* The cancel's own error (57014) is expected: discard. */
			scan_finish(pc, sc, n == -2 && PQstatus(pc->pg) == CONNECTION_OK ? -1 : n,
				    NULL);
		} else {
			while ((n = PQgetCopyData(pc->pg, &buf, 0)) > 0)
				PQfreemem(buf);
			scan_finish(pc, sc, n, NULL);
		}
	}
	free(sc->fields);
	free(sc);
}

const store_backend store_pg_backend = {
	.name = "postgres",
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.exec = pg_exec,
	.begin = pg_begin,
	.begin_read = pg_begin_read,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.bind_i64 = pg_bind_i64,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_count = pg_col_count,
	.col_is_null = pg_col_is_null,
	.col_i64 = pg_col_i64,
	.col_text = pg_col_text,
	.changes = pg_changes,
	.reset = pg_reset,
	.bulk_begin = pg_bulk_begin,
	.bulk_row = pg_bulk_row,
	.bulk_end = pg_bulk_end,
	.scan_begin = pg_scan_begin,
	.scan_next = pg_scan_next,
	.scan_col_count = pg_scan_col_count,
	.scan_is_null = pg_scan_is_null,
	.scan_i64 = pg_scan_i64,
	.scan_text = pg_scan_text,
	.scan_end = pg_scan_end,
	/* A sequence default, not an identity column: Citus cannot convert a
	 * table with an identity column (create_distributed_table of a table
	 * it has already made a citus local table refuses it), and accepts a
	 * bigint column defaulting to nextval on distributed and reference
	 * tables alike (docs/scaling.md, step 5). Databases made with the
	 * identity spelling are converted by store/schema/0095. */
	.id_type = "BIGSERIAL PRIMARY KEY",
	.blob_type = "BYTEA",
	.rowid_type = "BIGSERIAL",
	.key_kw = "PRIMARY KEY",
};
