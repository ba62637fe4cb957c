/* sqlite_write_gate.c - an in-process queue for SQLite's one writer (see
 * sqlite_write_gate.h). */
#include "store/sqlite_write_gate.h"

#include <errno.h>
#include <time.h>

#include "base/date.h"

void sqlite_write_gate_init(sqlite_write_gate *g)
{
	pthread_condattr_t attr;

	pthread_mutex_init(&g->lock, NULL);
	/* Deadlines on the monotonic clock: a change of the wall clock (the
	 * tests set it) must not cut a wait short or stretch it. */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&g->free, &attr);
	pthread_condattr_destroy(&attr);
	g->holder = NULL;
	g->waits = 0;
}

void sqlite_write_gate_destroy(sqlite_write_gate *g)
{
	pthread_cond_destroy(&g->free);
	pthread_mutex_destroy(&g->lock);
}

int sqlite_write_gate_enter(sqlite_write_gate *g, const void *conn, int timeout_ms)
{
	struct timespec until;
	int r = 0;

	pthread_mutex_lock(&g->lock);
	if (g->holder) {
		g->waits++;
		mz_deadline_after_ms(CLOCK_MONOTONIC, timeout_ms, &until);
		while (g->holder && r != ETIMEDOUT)
			r = pthread_cond_timedwait(&g->free, &g->lock, &until);
	}
	if (g->holder) {
		pthread_mutex_unlock(&g->lock);
		return -1;
	}
	g->holder = conn;
	pthread_mutex_unlock(&g->lock);
	return 0;
}

void sqlite_write_gate_leave(sqlite_write_gate *g, const void *conn)
{
	pthread_mutex_lock(&g->lock);
	if (g->holder == conn) {
		g->holder = NULL;
		pthread_cond_signal(&g->free);
	}
	pthread_mutex_unlock(&g->lock);
}

long sqlite_write_gate_waits(sqlite_write_gate *g)
{
	long n;

	pthread_mutex_lock(&g->lock);
	n = g->waits;
	pthread_mutex_unlock(&g->lock);
	return n;
}
