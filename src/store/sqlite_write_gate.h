/* sqlite_write_gate.h - the writers of one SQLite file queue in the process.
 *
 * SQLite has one writer per database file. A connection whose BEGIN
 * IMMEDIATE finds the write lock taken is refused at once, and the busy
 * handler (sqlite3_busy_timeout) retries it after sleeps that grow from 1 ms
 * to 100 ms: under many concurrent writers a request loses the lock again
 * and again while others, newly arrived, take it between its sleeps. At the
 * canteens' lunch peak (1,069 counters, 32 server threads) that was a p99 of
 * 1.6 s for a write that holds the lock about a millisecond.
 *
 * So the connections of one store wait for each other here first, on a
 * mutex and a condition variable, and are woken as soon as the writer before
 * them commits or rolls back. SQLite's own lock and busy timeout still order
 * this process against others on the same file (a CLI job, a backup). A
 * writer that waits longer than the busy timeout is refused as busy, as
 * SQLite would refuse it, instead of waiting forever (a thread that already
 * holds the gate on another connection would otherwise never get it).
 * store_sqlite.c is the only user. */
#ifndef MZ_SQLITE_WRITE_GATE_H
#define MZ_SQLITE_WRITE_GATE_H

#include <pthread.h>

typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t free;
	const void *holder; /* the connection that holds it, NULL when free */
	long waits;         /* entries that found it held (for tests) */
} sqlite_write_gate;

void sqlite_write_gate_init(sqlite_write_gate *g);
void sqlite_write_gate_destroy(sqlite_write_gate *g);
/* Waits up to timeout_ms for the gate, then holds it for conn: 0, or -1 if
 * the time ran out. */
int sqlite_write_gate_enter(sqlite_write_gate *g, const void *conn, int timeout_ms);
/* Lets the next writer in if conn holds the gate; otherwise nothing (a read
 * transaction's end, a rollback after a refused entry). */
void sqlite_write_gate_leave(sqlite_write_gate *g, const void *conn);
long sqlite_write_gate_waits(sqlite_write_gate *g);

#endif
