/* group_commit.c - leader/follower group commit (see group_commit.h). */
#include "store/group_commit.h"

#include <string.h>

struct store_unit {
	store_unit_fn fn;
	void *arg;
	store *s;
	int rc;
	int done;
	mz_err err;
	store_unit *next;
};

static void fail_units(store_unit **units, int n, const mz_err *e)
{
	for (int i = 0; i < n; i++) {
		units[i]->rc = -1;
		units[i]->err = *e;
	}
}

/* Runs units[0..n) in one transaction on c and sets every unit's rc/err.
 * A unit that fails is dropped and the rest run again from a fresh
 * transaction: each pass either commits or removes one unit, so this ends
 * after at most n passes (and a failing unit is rare: a bug or a lost
 * server, not load). */
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

int store_group_commit(store_group *g, store *s, store_unit_fn fn, void *arg, mz_err *e)
{
	store_unit u = { fn, arg, s, 0, 0, { 0 }, NULL };

	pthread_mutex_lock(&g->lock);
	if (g->tail)
		g->tail->next = &u;
	else
		g->head = &u;
	g->tail = &u;
	while (!u.done) {
		store_unit *batch[STORE_GROUP_MAX], **pp;
		store_conn *c;
		mz_err ce = { 0 };
		int n = 0;

		if (g->leading) {
			pthread_cond_wait(&g->wake, &g->lock);
			continue;
		}
		/* Lead: take the queued units of this store (a process may hold
		 * two stores; each unit commits through its own), in order. */
		g->leading = 1;
		g->tail = NULL;
		for (pp = &g->head; *pp;) {
			if ((*pp)->s == s && n < g->max) {
				batch[n++] = *pp;
				*pp = (*pp)->next;
			} else {
				g->tail = *pp;
				pp = &(*pp)->next;
			}
		}
		pthread_mutex_unlock(&g->lock);
		c = g->serial ? store_conn_serial(s, &ce) : store_conn_get(s, &ce);
		if (c)
			run_batch(g, c, batch, n);
		else
			fail_units(batch, n, &ce);
		pthread_mutex_lock(&g->lock);
		for (int i = 0; i < n; i++)
			batch[i]->done = 1;
		g->leading = 0;
		pthread_cond_broadcast(&g->wake);
	}
	pthread_mutex_unlock(&g->lock);
	if (u.rc && e)
		*e = u.err;
	return u.rc;
}
