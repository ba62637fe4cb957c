/* group_commit.c - leader/follower group commit, its committer thread and
 * the deferral of a server thread's units (see group_commit.h). */
#include "store/group_commit.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/buf.h"

struct store_unit {
	store_unit_fn fn;
	void *arg;
	store *s;
	int rc;
	int done;
	mz_err err;
	/* Queued without a waiter (store_group_submit): the leader calls
	 * back and frees the unit; release frees a deferred copy of arg. */
	store_unit_done_fn cb;
	void *cb_ctx;
	store_unit_release_fn release;
	store_unit *next;
};

static void fail_units(store_unit **units, int n, const mz_err *e)
{
	for (int i = 0; i < n; i++) {
		units[i]->rc = -1;
		units[i]->err = *e;
	}
}

/* The group's batch function over every unit at once: 1 committed, 0 not
 * (rolled back; the caller runs the units one by one), -1 the begin or
 * commit failed (every unit failed with that error). */
static int run_whole(store_group *g, store_conn *c, store_unit *const *batch, int n)
{
	void *args[STORE_GROUP_MAX];
	mz_err e = { 0 };

	for (int i = 0; i < n; i++)
		args[i] = batch[i]->arg;
	if (store_begin(c, &e)) {
		fail_units((store_unit **)batch, n, &e);
		return -1;
	}
	if (g->batch(c, args, n, &e)) {
		store_rollback(c);
		return 0;
	}
	if (store_commit(c, &e)) {
		store_rollback(c);
		fail_units((store_unit **)batch, n, &e);
		return -1;
	}
	for (int i = 0; i < n; i++)
		batch[i]->rc = 0;
	return 1;
}

/* Runs units[0..n) in one transaction on c and sets every unit's rc/err.
 * A unit that fails is dropped and the rest run again from a fresh
 * transaction: each pass either commits or removes one unit, so this ends
 * after at most n passes (and a failing unit is rare: a bug or a lost
 * server, not load). */
static void run_batch(store_group *g, store_conn *c, store_unit *const *batch, int n)
{
	store_unit *units[STORE_GROUP_MAX]; /* the live ones; batch stays whole for the wake-up */

	if (g->batch && n > 1 && run_whole(g, c, batch, n))
		return;
	memcpy(units, batch, (size_t)n * sizeof(*units));
	while (n > 0) {
		mz_err e = { 0 };
		int failed = -1;

		if (store_begin(c, &e)) {
			fail_units(units, n, &e);
			return;
		}
		for (int i = 0; i < n && failed < 0; i++) {
			mz_err ue = { 0 };

			if (units[i]->fn(c, units[i]->arg, &ue)) {
				failed = i;
				e = ue;
			}
		}
		if (failed < 0) {
			if (store_commit(c, &e)) {
				store_rollback(c);
				fail_units(units, n, &e);
				return;
			}
			for (int i = 0; i < n; i++)
				units[i]->rc = 0;
			return;
		}
		store_rollback(c);
		/* The server is gone: that is no unit's fault, and the others
		 * would only fail the same way one pass at a time. */
		if (e.code == MZ_EUNAVAIL) {
			fail_units(units, n, &e);
			return;
		}
		units[failed]->rc = -1;
		units[failed]->err = e;
		memmove(&units[failed], &units[failed + 1], (size_t)(n - failed - 1) * sizeof(*units));
		n--;
	}
}

/* Leads one batch: the queued units of store s (a process may hold two
 * stores; each unit commits through its own), in order. Called and
 * returns with g->lock held and no leader running; the lock is dropped
 * while the batch runs and while the callbacks run. */
static void lead(store_group *g, store *s)
{
	store_unit *batch[STORE_GROUP_MAX], **pp, *called = NULL;
	store_conn *c;
	mz_err ce = { 0 };
	int n = 0;

	g->leading = 1;
	g->tail = NULL;
	for (pp = &g->head; *pp;) {
		if ((*pp)->s == s && n < g->max) {
			batch[n++] = *pp;
			if ((*pp)->cb)
				g->queued_cb--;
			*pp = (*pp)->next;
		} else {
			g->tail = *pp;
			pp = &(*pp)->next;
		}
	}
	pthread_mutex_unlock(&g->lock);
	c = store_conn_get(s, &ce);
	if (c)
		run_batch(g, c, batch, n);
	else
		fail_units(batch, n, &ce);
	pthread_mutex_lock(&g->lock);
	/* A waiter's unit lives on its stack: once done is set it may be
	 * gone, so the callback units are set aside first. */
	for (int i = n - 1; i >= 0; i--) {
		if (batch[i]->cb) {
			batch[i]->next = called;
			called = batch[i];
		} else {
			batch[i]->done = 1;
		}
	}
	g->leading = 0;
	pthread_cond_broadcast(&g->wake);
	if (g->queued_cb)
		pthread_cond_signal(&g->work);
	if (!called)
		return;
	pthread_mutex_unlock(&g->lock);
	while (called) {
		store_unit *u = called;

		called = u->next;
		u->cb(u->cb_ctx, u->rc, &u->err);
		if (u->release)
			u->release(u->arg);
		free(u);
	}
	pthread_mutex_lock(&g->lock);
}

/* The committer: leads whenever units with a callback wait and nobody
 * else leads (a waiting submitter that leads takes them too). */
static void *committer_main(void *p)
{
	store_group *g = p;

	pthread_mutex_lock(&g->lock);
	for (;;) {
		store_unit *u;

		while (g->leading || !g->queued_cb)
			pthread_cond_wait(&g->work, &g->lock);
		for (u = g->head; u && !u->cb; u = u->next)
			;
		lead(g, u->s);
	}
	return NULL;
}

/* Called with g->lock held. */
static void enqueue(store_group *g, store_unit *u)
{
	if (g->tail)
		g->tail->next = u;
	else
		g->head = u;
	g->tail = u;
}

static void submit_unit(store_group *g, store_unit *u)
{
	pthread_mutex_lock(&g->lock);
	enqueue(g, u);
	g->queued_cb++;
	if (!g->committer) {
		pthread_t th;
		pthread_attr_t at;

		pthread_attr_init(&at);
		pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
		if (pthread_create(&th, &at, committer_main, g)) {
			pthread_mutex_unlock(&g->lock);
			mz_log(MZ_LOG_ERROR, "group commit: cannot start the committer thread", (const char *)0);
			abort();
		}
		pthread_attr_destroy(&at);
		g->committer = 1;
	}
	if (!g->leading)
		pthread_cond_signal(&g->work);
	pthread_mutex_unlock(&g->lock);
}

void store_group_submit(store_group *g, store *s, store_unit_fn fn, void *arg,
			store_unit_done_fn done, void *ctx)
{
	store_unit *u = mz_xcalloc(1, sizeof(*u));

	u->fn = fn;
	u->arg = arg;
	u->s = s;
	u->cb = done;
	u->cb_ctx = ctx;
	submit_unit(g, u);
}

/* ---- deferral ---------------------------------------------------------- */

struct store_defer {
	pthread_mutex_t lock;
	pthread_cond_t idle; /* pending reached 0 (store_defer_wait) */
	int deferred;        /* units deferred under it */
	int pending;         /* of which not yet committed or failed */
	int closed;
	int failed;
	mz_err err; /* the first failure */
	store_defer_ready_fn ready;
	void *ready_ctx;
};

static _Thread_local store_defer *defer_current;

store_defer *store_defer_open(void)
{
	store_defer *d = mz_xcalloc(1, sizeof(*d));

	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->idle, NULL);
	defer_current = d;
	return d;
}

int store_defer_count(const store_defer *d)
{
	return d->deferred;
}

static void defer_free(store_defer *d)
{
	pthread_cond_destroy(&d->idle);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

/* A deferred unit's result (store_unit_done_fn). The last one of a closed
 * deferral delivers it. */
static void defer_unit_done(void *ctx, int rc, const mz_err *e)
{
	store_defer *d = ctx;
	int last;

	pthread_mutex_lock(&d->lock);
	if (rc && !d->failed) {
		d->failed = 1;
		d->err = *e;
	}
	last = --d->pending == 0;
	if (last && !d->closed)
		pthread_cond_broadcast(&d->idle);
	if (!last || !d->closed) {
		pthread_mutex_unlock(&d->lock);
		return;
	}
	pthread_mutex_unlock(&d->lock);
	d->ready(d->ready_ctx, d->failed ? -1 : 0, &d->err);
	defer_free(d);
}

int store_defer_close(store_defer *d, store_defer_ready_fn ready, void *ctx)
{
	if (defer_current == d)
		defer_current = NULL;
	pthread_mutex_lock(&d->lock);
	if (!d->deferred) {
		pthread_mutex_unlock(&d->lock);
		defer_free(d);
		return 0;
	}
	d->closed = 1;
	d->ready = ready;
	d->ready_ctx = ctx;
	if (d->pending) {
		pthread_mutex_unlock(&d->lock);
		return 1;
	}
	pthread_mutex_unlock(&d->lock);
	ready(ctx, d->failed ? -1 : 0, &d->err);
	defer_free(d);
	return 1;
}

int store_defer_wait(mz_err *e)
{
	store_defer *d = defer_current;
	int rc = 0;

	if (!d || !d->deferred)
		return 0;
	pthread_mutex_lock(&d->lock);
	while (d->pending)
		pthread_cond_wait(&d->idle, &d->lock);
	if (d->failed) {
		rc = -1;
		if (e)
			*e = d->err;
	}
	pthread_mutex_unlock(&d->lock);
	return rc;
}

/* ---- the waiting call -------------------------------------------------- */

int store_group_commit(store_group *g, store *s, store_unit_fn fn, void *arg, mz_err *e)
{
	store_unit u = { .fn = fn, .arg = arg, .s = s };
	store_defer *d = defer_current;

	if (d && g->copy) {
		store_unit *q = mz_xcalloc(1, sizeof(*q));

		q->fn = fn;
		q->arg = g->copy(arg);
		q->s = s;
		q->cb = defer_unit_done;
		q->cb_ctx = d;
		q->release = g->release;
		pthread_mutex_lock(&d->lock);
		d->deferred++;
		d->pending++;
		pthread_mutex_unlock(&d->lock);
		submit_unit(g, q);
		return 0;
	}
	if (store_defer_wait(e))
		return -1;
	pthread_mutex_lock(&g->lock);
	enqueue(g, &u);
	while (!u.done) {
		if (g->leading) {
			pthread_cond_wait(&g->wake, &g->lock);
			continue;
		}
		lead(g, s);
	}
	pthread_mutex_unlock(&g->lock);
	if (u.rc && e)
		*e = u.err;
	return u.rc;
}
