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
 * shares each fsync) and there is no thread of our own to start or stop.
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
 * the caller may become the leader and begin one on it. */
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

typedef struct store_unit store_unit; /* a queued unit (internal) */

/* One queue. Static storage, initialised with STORE_GROUP_INIT(max): max
 * bounds the units of one transaction (its length and the leader's stack). */
typedef struct store_group {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	store_unit *head, *tail;
	int leading; /* a leader is running a batch */
	int max;
	store_batch_fn batch; /* NULL: unit by unit */
	/* 1: every leader runs its batch on the store's serial connection
	 * (store_conn_serial), not its own thread's: one connection does all of
	 * the group's writes, so its page cache is never emptied by another
	 * leader's commit. Only for a group that is the sole user of its
	 * store's serial connection (the audit log's own store). */
	int serial;
} store_group;

#define STORE_GROUP_MAX 1024
#define STORE_GROUP_INIT(max)                                                  \
	{ PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, NULL, 0,  \
	  (max) < 1 ? 1 : (max) > STORE_GROUP_MAX ? STORE_GROUP_MAX : (max), NULL, 0 }
/* The same, whose batches run through batch_fn (store_batch_fn). */
#define STORE_GROUP_INIT_BATCH(max, batch_fn)                                  \
	{ PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, NULL, 0,  \
	  (max) < 1 ? 1 : (max) > STORE_GROUP_MAX ? STORE_GROUP_MAX : (max), (batch_fn), 0 }
/* The same, on the store's serial connection (see store_group.serial). */
#define STORE_GROUP_INIT_BATCH_SERIAL(max, batch_fn)                           \
	{ PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, NULL, 0,  \
	  (max) < 1 ? 1 : (max) > STORE_GROUP_MAX ? STORE_GROUP_MAX : (max), (batch_fn), 1 }

/* Runs fn(c, arg, e) in a transaction shared with the other waiting units
 * of store s and returns once it is durable: 0, or -1 with e filled (the
 * unit's own error, or the batch's begin/commit error). */
int store_group_commit(store_group *g, store *s, store_unit_fn fn, void *arg, mz_err *e);

#endif
