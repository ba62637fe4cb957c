#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/group_commit.h"
#include "store/sqlite_audit_file.h"
#include "store/store_fault.h"

static void conn_free(store_conn *c);

/* The connection is busy while a scan is in progress (store.h): refuse
 * other work on it, on both engines alike. */
static int scan_busy(store_conn *c, mz_err *e, const char *what)
{
	if (!c->scan)
		return 0;
	return mz_failf(e, MZ_EINTERNAL, "",
			"store: %s while a scan is in progress on this connection "
			"(end the scan first)",
			"数据库：连接正在逐行读取（scan），不能同时执行 %s", what);
}

/* Ends the backend part of the connection's scan (rollback, close); the
 * caller still owns the store_scan and frees it with store_scan_end. */
static void scan_abort(store_conn *c, int how)
{
	store_scan *sc = c->scan;

	if (!sc)
		return;
	if (sc->impl)
		c->owner->be->scan_end(c, sc->impl, how);
	sc->impl = NULL;
	sc->conn = NULL;
	sc->aborted = 1;
	c->scan = NULL;
}

/* The URL as shown in messages and logs: a password in it (the userinfo
 * of postgres://user:secret@host, or a password= parameter) becomes ***.
 * The store connects with the original (s->target). */
static char *url_redacted(const char *url)
{
	const char *auth = strstr(url, "://"), *p = url, *q;
	mz_buf out;

	mz_buf_init(&out);
	if (auth) {
		const char *end, *at = NULL, *colon = NULL;

		auth += 3;
		end = auth + strcspn(auth, "/?#");
		for (q = auth; q < end; q++)
			if (*q == '@')
				at = q;
		if (at)
			colon = memchr(auth, ':', (size_t)(at - auth));
		if (colon) {
			mz_buf_append(&out, url, (size_t)(colon + 1 - url));
			mz_buf_puts(&out, "***");
			p = at;
		}
	}
	q = strchr(p, '?');
	if (!q) {
		mz_buf_puts(&out, p);
		return mz_buf_detach(&out, NULL);
	}
	mz_buf_append(&out, p, (size_t)(q + 1 - p));
	for (p = q + 1; *p;) {
		size_t n = strcspn(p, "&#");

		if (!strncmp(p, "password=", 9))
			mz_buf_puts(&out, "password=***");
		else
			mz_buf_append(&out, p, n);
		p += n;
		if (*p == '&') {
			mz_buf_putc(&out, '&');
			p++;
		} else if (*p == '#') {
			mz_buf_puts(&out, p);
			break;
		}
	}
	return mz_buf_detach(&out, NULL);
}

int store_open_target(store_engine engine, const store_backend *be, const char *url,
		      const char *target, store **out, mz_err *e)
{
	store *s = mz_xcalloc(1, sizeof(*s));

	s->engine = engine;
	s->be = be;
	s->url = url_redacted(url);
	s->target = mz_strdup(target);
	pthread_mutex_init(&s->lock, NULL);
	pthread_key_create(&s->key, NULL);
	if (be->store_opened)
		be->store_opened(s);
	*out = s;
	/* Connect once now so a wrong path or server fails at open. */
	if (!store_conn_get(s, e)) {
		store_close(s);
		*out = NULL;
		return -1;
	}
	return 0;
}

int store_open(const char *url, store **out, mz_err *e)
{
	const store_backend *be;
	const char *target;
	store_engine engine;

	*out = NULL;
	store_fault_init();
	if (!url || !*url)
		return mz_fail(e, MZ_EINVAL, "db", "database url is empty",
			       "数据库地址为空");
	if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13)) {
		engine = STORE_POSTGRES;
		be = &store_pg_backend;
		target = url;
	} else if (!strncmp(url, "sqlite:", 7)) {
		engine = STORE_SQLITE;
		be = &store_sqlite_backend;
		target = url + 7;
	} else if (strstr(url, "://")) {
		return mz_failf(e, MZ_EINVAL, "db",
				"unsupported database url '%s': use sqlite:PATH or postgres://...",
				"不支持的数据库地址 '%s'：请使用 sqlite:路径 或 postgres://...", url);
	} else {
		engine = STORE_SQLITE;
		be = &store_sqlite_backend;
		target = url;
	}
	if (!*target)
		return mz_fail(e, MZ_EINVAL, "db", "database path is empty", "数据库路径为空");
	if (store_open_target(engine, be, url, target, out, e))
		return -1;
	if (engine == STORE_SQLITE && sqlite_audit_file_wanted(target) &&
	    sqlite_audit_file_open(*out, e)) {
		store_close(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

void store_close(store *s)
{
	store_conn *c, *next;

	if (!s)
		return;
	store_close(s->audit);
	for (c = s->conns; c; c = next) {
		next = c->next;
		conn_free(c);
	}
	if (s->be->store_closed)
		s->be->store_closed(s);
	pthread_key_delete(s->key);
	pthread_mutex_destroy(&s->lock);
	free(s->url);
	free(s->target);
	free(s);
}

store_engine store_engine_of(const store *s)
{
	return s->engine;
}

const char *store_url(const store *s)
{
	return s->url;
}

store_engine store_conn_engine(const store_conn *c)
{
	return c->owner->engine;
}

/* A connection of s around the backend's impl, owned by the calling thread,
 * on the store's list (closed with it). The caller holds s->lock. */
static store_conn *conn_link(store *s, void *impl)
{
	store_conn *c = mz_xcalloc(1, sizeof(*c));

	c->owner = s;
	c->impl = impl;
	c->thread = pthread_self();
	c->next = s->conns;
	s->conns = c;
	return c;
}

store_conn *store_conn_serial(store *s, mz_err *e)
{
	store_conn *c;
	void *impl;

	pthread_mutex_lock(&s->lock);
	c = s->serial;
	pthread_mutex_unlock(&s->lock);
	if (c)
		return c;
	impl = s->be->connect(s, s->target, e);
	if (!impl)
		return NULL;
	pthread_mutex_lock(&s->lock);
	if (s->serial) { /* another thread opened it meanwhile */
		pthread_mutex_unlock(&s->lock);
		s->be->disconnect(impl);
		return s->serial;
	}
	c = s->serial = conn_link(s, impl);
	pthread_mutex_unlock(&s->lock);
	return c;
}

store_conn *store_conn_get(store *s, mz_err *e)
{
	store_conn *c = pthread_getspecific(s->key);
	void *impl;

	if (c)
		return c;
	impl = s->be->connect(s, s->target, e);
	if (!impl)
		return NULL;
	pthread_mutex_lock(&s->lock);
	c = conn_link(s, impl);
	pthread_mutex_unlock(&s->lock);
	pthread_setspecific(s->key, c);
	return c;
}

static void conn_free(store_conn *c)
{
	store_stmt *st, *next;

	scan_abort(c, STORE_SCAN_END_CLOSE);
	/* Closing ends the transaction; the backend lets the next writer in. */
	if (c->in_tx) {
		c->owner->be->rollback(c);
		c->in_tx = 0;
	}
	for (st = c->stmts; st; st = next) {
		next = st->next;
		c->owner->be->finalize(st);
		free(st->sql);
		free(st);
	}
	c->owner->be->disconnect(c->impl);
	free(c);
}

int store_exec(store_conn *c, const char *sql, mz_err *e)
{
	if (scan_busy(c, e, "store_exec"))
		return -1;
	return c->owner->be->exec(c, sql, e);
}

int store_begin(store_conn *c, mz_err *e)
{
	if (scan_busy(c, e, "store_begin"))
		return -1;
	/* A write that follows audit records this thread deferred
	 * (group_commit.h) commits after them, or not at all if they failed. */
	if (store_defer_wait(e))
		return -1;
	if (c->owner->be->begin(c, e))
		return -1;
	c->in_tx = 1;
	c->tx_serial++;
	return 0;
}

int store_begin_read(store_conn *c, mz_err *e)
{
	if (scan_busy(c, e, "store_begin_read"))
		return -1;
	if (c->owner->be->begin_read(c, e))
		return -1;
	c->in_tx = 1;
	c->tx_serial++;
	return 0;
}

/* Clears the connection's after-commit work and runs it if committed. */
static void after_commit_run(store_conn *c, int committed)
{
	store_commit_fn fn = c->after_commit;
	void *arg = c->after_commit_arg;

	c->after_commit = NULL;
	c->after_commit_arg = NULL;
	if (fn && committed)
		fn(c, arg);
}

uint64_t store_conn_tx(const store_conn *c)
{
	return c && c->in_tx ? c->tx_serial : 0;
}

int store_commit(store_conn *c, mz_err *e)
{
	int r;

	/* The transaction stays open: the caller ends the scan and commits,
	 * or rolls back. */
	if (scan_busy(c, e, "store_commit"))
		return -1;
	if (store_fault_hit(STORE_FAULT_COMMIT)) {
		/* As a refused commit: nothing of the transaction remains. */
		c->owner->be->rollback(c);
		c->in_tx = 0;
		after_commit_run(c, 0);
		return mz_fail(e, MZ_ESTORE, "", "store: injected fault at commit (MZ_FAULT_AT)",
			       "数据库：注入的提交故障（MZ_FAULT_AT）");
	}
	r = c->owner->be->commit(c, e);

	c->in_tx = 0;
	after_commit_run(c, r == 0);
	return r;
}

void store_rollback(store_conn *c)
{
	if (!c)
		return;
	scan_abort(c, STORE_SCAN_END_ROLLBACK);
	c->owner->be->rollback(c);
	c->in_tx = 0;
	after_commit_run(c, 0);
}

int store_in_tx(const store_conn *c)
{
	return c->in_tx;
}

void store_after_commit(store_conn *c, store_commit_fn fn, void *arg)
{
	c->after_commit = fn;
	c->after_commit_arg = arg;
}

store_stmt *store_prepare(store_conn *c, const char *sql, mz_err *e)
{
	store_stmt *st;

	if (scan_busy(c, e, "store_prepare"))
		return NULL;
	for (st = c->stmts; st; st = st->next)
		if (st->sql == sql || !strcmp(st->sql, sql))
			return st;
	st = mz_xcalloc(1, sizeof(*st));
	st->conn = c;
	st->sql = mz_strdup(sql);
	if (c->owner->be->prepare(st, e)) {
		free(st->sql);
		free(st);
		return NULL;
	}
	st->next = c->stmts;
	c->stmts = st;
	return st;
}

void store_bind_i64(store_stmt *st, int idx, int64_t v)
{
	st->conn->owner->be->bind_i64(st, idx, v);
}

void store_bind_text(store_stmt *st, int idx, const char *s)
{
	if (!s)
		st->conn->owner->be->bind_null(st, idx);
	else
		st->conn->owner->be->bind_text(st, idx, s, strlen(s));
}

void store_bind_textn(store_stmt *st, int idx, const char *s, size_t n)
{
	st->conn->owner->be->bind_text(st, idx, s, n);
}

void store_bind_null(store_stmt *st, int idx)
{
	st->conn->owner->be->bind_null(st, idx);
}

int store_step(store_stmt *st, mz_err *e)
{
	if (scan_busy(st->conn, e, "store_step"))
		return -1;
	if (store_fault_hit(STORE_FAULT_STEP))
		return mz_fail(e, MZ_ESTORE, "", "store: injected fault at step (MZ_FAULT_AT)",
			       "数据库：注入的语句故障（MZ_FAULT_AT）");
	return st->conn->owner->be->step(st, e);
}

int store_col_count(store_stmt *st)
{
	return st->conn->owner->be->col_count(st);
}

int store_col_is_null(store_stmt *st, int col)
{
	return st->conn->owner->be->col_is_null(st, col);
}

int64_t store_col_i64(store_stmt *st, int col)
{
	return st->conn->owner->be->col_i64(st, col);
}

const char *store_col_text(store_stmt *st, int col)
{
	return st->conn->owner->be->col_text(st, col);
}

int64_t store_changes(store_stmt *st)
{
	return st->conn->owner->be->changes(st);
}

void store_done(store_stmt *st)
{
	if (st)
		st->conn->owner->be->reset(st);
}

int64_t store_update_id(store_conn *c, const char *sql, int64_t id, mz_err *e)
{
	store_stmt *st = store_prepare(c, sql, e);
	int64_t n;

	if (!st)
		return -1;
	store_bind_i64(st, 1, id);
	if (store_step(st, e) < 0) {
		store_done(st);
		return -1;
	}
	n = store_changes(st);
	store_done(st);
	return n;
}

int store_query_i64(store_conn *c, const char *sql, int64_t *out, mz_err *e)
{
	store_stmt *st = store_prepare(c, sql, e);
	int r;

	if (!st)
		return -1;
	r = store_step(st, e);
	if (r == 1)
		*out = store_col_is_null(st, 0) ? 0 : store_col_i64(st, 0);
	else if (r == 0)
		*out = 0;
	store_done(st);
	return r < 0 ? -1 : 0;
}

/* Generic bulk path: one prepared INSERT per row. SQLite's own fast path is
 * exactly this inside one transaction. */

store_bulk *store_bulk_begin(store_conn *c, const char *table,
			     const char *const *columns, int ncolumns, mz_err *e)
{
	mz_buf sql;
	store_bulk *b;

	if (scan_busy(c, e, "store_bulk_begin"))
		return NULL;
	if (c->owner->be->bulk_begin)
		return c->owner->be->bulk_begin(c, table, columns, ncolumns, e);
	mz_buf_init(&sql);
	mz_buf_printf(&sql, "INSERT INTO %s (", table);
	for (int i = 0; i < ncolumns; i++)
		mz_buf_printf(&sql, "%s%s", i ? ", " : "", columns[i]);
	mz_buf_puts(&sql, ") VALUES (");
	for (int i = 0; i < ncolumns; i++)
		mz_buf_puts(&sql, i ? ", ?" : "?");
	mz_buf_puts(&sql, ")");
	b = mz_xcalloc(1, sizeof(*b));
	b->conn = c;
	b->ncols = ncolumns;
	b->st = store_prepare(c, sql.data, e);
	mz_buf_release(&sql);
	if (!b->st) {
		free(b);
		return NULL;
	}
	return b;
}

int store_bulk_row(store_bulk *b, const char *const *values, mz_err *e)
{
	int r;

	if (!b->st)
		return b->conn->owner->be->bulk_row(b, values, e);
	for (int i = 0; i < b->ncols; i++)
		store_bind_text(b->st, i + 1, values[i]);
	r = store_step(b->st, e);
	store_done(b->st);
	return r < 0 ? -1 : 0;
}

int store_bulk_end(store_bulk *b, mz_err *e)
{
	if (!b)
		return 0;
	if (!b->st)
		return b->conn->owner->be->bulk_end(b, e);
	free(b);
	return 0;
}

/* ---- streaming scans ------------------------------------------------ */

store_scan *store_scan_begin(store_conn *c, const char *select_sql, mz_err *e)
{
	store_scan *sc;
	void *impl;

	if (scan_busy(c, e, "store_scan_begin"))
		return NULL;
	impl = c->owner->be->scan_begin(c, select_sql, e);
	if (!impl)
		return NULL;
	sc = mz_xcalloc(1, sizeof(*sc));
	sc->conn = c;
	sc->impl = impl;
	c->scan = sc;
	return sc;
}

int store_scan_next(store_scan *sc, mz_err *e)
{
	if (!sc->impl)
		return mz_fail(e, MZ_EINTERNAL, "",
			       sc->aborted ? "store: scan ended by a rollback or close of its connection"
					   : "store: scan already ended",
			       sc->aborted ? "数据库：逐行读取已因回滚或关闭连接而终止"
					   : "数据库：逐行读取已结束");
	return sc->conn->owner->be->scan_next(sc->conn, sc->impl, e);
}

int store_scan_col_count(store_scan *sc)
{
	return sc->impl ? sc->conn->owner->be->scan_col_count(sc->impl) : 0;
}

int store_scan_is_null(store_scan *sc, int col)
{
	return sc->impl ? sc->conn->owner->be->scan_is_null(sc->impl, col) : 1;
}

int64_t store_scan_i64(store_scan *sc, int col)
{
	return sc->impl ? sc->conn->owner->be->scan_i64(sc->impl, col) : 0;
}

const char *store_scan_text(store_scan *sc, int col)
{
	return sc->impl ? sc->conn->owner->be->scan_text(sc->impl, col) : NULL;
}

void store_scan_end(store_scan *sc)
{
	if (!sc)
		return;
	if (sc->impl) {
		sc->conn->owner->be->scan_end(sc->conn, sc->impl, STORE_SCAN_END);
		sc->conn->scan = NULL;
	}
	free(sc);
}

char *store_sql_dollar_params(const char *sql, int *nparams)
{
	mz_buf out;
	char quote = 0;
	int n = 0;

	mz_buf_init(&out);
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			mz_buf_putc(&out, *p);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			mz_buf_putc(&out, *p);
		} else if (*p == '?') {
			mz_buf_printf(&out, "$%d", ++n);
		} else {
			mz_buf_putc(&out, *p);
		}
	}
	if (nparams)
		*nparams = n;
	return mz_buf_detach(&out, NULL);
}

store *store_conn_store(store_conn *c)
{
	return c->owner;
}

store *store_audit(store *s)
{
	return s->audit ? s->audit : s;
}

store *store_registry(store *s)
{
	return s->registry ? s->registry : s;
}

int store_audit_apart(const store *s)
{
	return s->audit != NULL;
}
