/* group_commit.h - many threads' small writes share one transaction and one
 * durable commit.
 *
 * A durable commit costs one fsync, so one transaction per audited read or
 * per canteen check-in caps the city at a few hundred a second on an
 * ordinary disk however fast the rest is. Here each thread submits a unit
 * of work and waits; the first submitter to find no batch under way becomes
 * the leader: it takes every queued unit of the same store (up to the
 * group's maximum), runs them one after another in one write transaction on
 * its own connection, commits once, and wakes the others with their
 * results. Nobody waits for a timer (a lone unit commits at once, a crowd
 * shares each fsync).
 *
 * Guarantees:
 *  - store_group_commit returns only after the unit's writes are durable
 *    (the commit returned), or with an error when they are not there at all;
 *  - a unit that fails does not take the others down: the batch is rolled
 *    back and run again without it (so units must be re-runnable, below);
 *  - a failed begin or commit, or a lost server (MZ_EUNAVAIL), fails every
 *    unit of the batch with that error: none of them was stored.
 *
 * Units: fn(c, arg, e) runs inside the leader's transaction on connection
 * c. It uses only c, never begins, commits or rolls back, returns 0 or -1
 * with e filled, and may run more than once (it must set its outputs from
 * scratch each time). It runs on the leader's thread: everything arg points
 * to must stay valid until store_group_commit returns, which it does.
 *
 * The caller's own connection must not be inside a transaction or a scan:
 * the caller may become the leader and begin one on it.
 *
 * Waiting without a thread (store_group_submit, store_defer_*): a server
 * thread that blocks in the commit stops serving every other connection it
 * holds, so a few threads cannot serve many connections. A unit can instead
 * be queued with a completion callback; the group's committer thread
 * (started on the first such unit, one per group, living as long as the
 * process) leads its batches and calls back once the unit is durable or
 * failed. A thread that opens a deferral (store_defer_open) makes
 * store_group_commit on a group that can copy its units (STORE_GROUP_INIT_DEFER)
 * queue a copy and return 0 at once; closing the deferral says when all of
 * them are durable. The HTTP server holds the response until then, so
 * nothing is acknowledged before it is durable (http.c). Code that is not
 * inside a deferral (the CLI, jobs) keeps the waiting call above. */
#ifndef MZ_STORE_GROUP_COMMIT_H
#define MZ_STORE_GROUP_COMMIT_H

#include <pthread.h>

#include "base/err.h"
#include "store/store.h"

typedef int (*store_unit_fn)(store_conn *c, void *arg, mz_err *e);
/* Optional: runs the args of n units at once (the same effect as fn on each
 * in turn, but e.g. one multi-row INSERT instead of n). If it fails, the
 * batch is rolled back and run unit by unit, so a unit's own failure still
 * fails only that unit. */
typedef int (*store_batch_fn)(store_conn *c, void *const *args, int n, mz_err *e);
/* Optional, for deferral: an owned copy of a unit's arg (everything it
 * points to copied too), and its release (NULL-safe). */
typedef void *(*store_unit_copy_fn)(const void *arg);
typedef void (*store_unit_release_fn)(void *copy);
/* A queued unit's result: rc 0 (durable) or -1 with e (not stored). Runs
 * on the thread that led the batch, outside the group's lock; it must be
 * quick and must not wait for a group commit. */
typedef void (*store_unit_done_fn)(void *ctx, int rc, const mz_err *e);

typedef struct store_unit store_unit; /* a queued unit (internal) */

/* One queue. Static storage, initialised with STORE_GROUP_INIT(max): max
 * bounds the units of one transaction (its length and the leader's stack). */
typedef struct store_group {
	pthread_mutex_t lock;
	pthread_cond_t wake; /* waiting submitters: a batch ended */
	pthread_cond_t work; /* the committer: queued units and no leader */
	store_unit *head, *tail;
	int leading;   /* a leader is running a batch */
	int queued_cb; /* queued units with a callback (the committer's work) */
	int committer; /* the committer thread was started */
	int max;
	store_batch_fn batch; /* NULL: unit by unit */
	store_unit_copy_fn copy; /* NULL: units are never deferred */
	store_unit_release_fn release;
} store_group;

#define STORE_GROUP_MAX 1024
#define STORE_GROUP_CLAMP(n) ((n) < 1 ? 1 : (n) > STORE_GROUP_MAX ? STORE_GROUP_MAX : (n))
#define STORE_GROUP_INIT(n)                                                    \
	{ .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER, \
	  .work = PTHREAD_COND_INITIALIZER, .max = STORE_GROUP_CLAMP(n) }
/* The same, whose batches run through batch_fn (store_batch_fn). */
#define STORE_GROUP_INIT_BATCH(n, batch_fn)                                    \
	{ .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER, \
	  .work = PTHREAD_COND_INITIALIZER, .max = STORE_GROUP_CLAMP(n),       \
	  .batch = (batch_fn) }
/* The same again, whose units a deferral may queue without waiting: only
 * for units whose outputs nobody reads (an audit record, not a row whose
 * new id goes into the response). */
#define STORE_GROUP_INIT_DEFER(n, batch_fn, copy_fn, release_fn)               \
	{ .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER, \
	  .work = PTHREAD_COND_INITIALIZER, .max = STORE_GROUP_CLAMP(n),       \
	  .batch = (batch_fn), .copy = (copy_fn), .release = (release_fn) }

/* Runs fn(c, arg, e) in a transaction shared with the other waiting units
 * of store s and returns once it is durable: 0, or -1 with e filled (the
 * unit's own error, or the batch's begin/commit error).
 * Inside a deferral (store_defer_open on this thread) and on a group with a
 * copy function, it queues a copy of arg instead and returns 0 at once: the
 * deferral carries the result. On any other group it first waits for this
 * thread's deferred units (store_defer_wait), so a write never becomes
 * durable before the deferred ones it follows. */
int store_group_commit(store_group *g, store *s, store_unit_fn fn, void *arg, mz_err *e);

/* Queues fn(c, arg, ...) and returns at once; the committer thread (or a
 * waiting submitter that leads) runs it in a shared transaction and then
 * calls done(ctx, rc, e). arg must stay valid until done runs, and is not
 * released by the group. */
void store_group_submit(store_group *g, store *s, store_unit_fn fn, void *arg,
			store_unit_done_fn done, void *ctx);

/* ---- deferral: a thread that must not wait for commits ----------------- */

typedef struct store_defer store_defer;
/* The deferral's result: rc 0 (every deferred unit is durable) or -1 with
 * e (the first that failed). Runs once, on the closing thread (everything
 * was already durable) or on the thread that committed the last unit. */
typedef void (*store_defer_ready_fn)(void *ctx, int rc, const mz_err *e);

/* Opens a deferral on this thread (one at a time); returns it. */
store_defer *store_defer_open(void);
/* Units deferred so far under d (only the opening thread adds to it). */
int store_defer_count(const store_defer *d);
/* Closes this thread's deferral d. Nothing deferred: frees d and returns 0
 * (ready is not called). Otherwise returns 1, and ready(ctx, rc, e) runs
 * exactly once when every deferred unit is durable or one has failed,
 * possibly before this returns; d is freed after it. */
int store_defer_close(store_defer *d, store_defer_ready_fn ready, void *ctx);
/* Waits until this thread's deferred units are all durable: 0, or -1 with
 * the first failure in e. 0 at once outside a deferral. store_begin and the
 * waiting store_group_commit call it, so a write transaction follows the
 * records deferred before it, as it would have without deferral. */
int store_defer_wait(mz_err *e);

#endif
