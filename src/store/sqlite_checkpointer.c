/* sqlite_checkpointer.c - WAL checkpoints off the commit path (see
 * sqlite_checkpointer.h). */
#include "store/sqlite_checkpointer.h"

#include <pthread.h>
#include <stdlib.h>

#include "base/buf.h"

/* SQLite's own default threshold (about 4 MB of 4 KB pages): the WAL stays
 * the size it was, only the commits no longer pay for it. */
#define CKPT_PAGES 1000
/* The ceiling: a writer that commits faster than the thread can copy (a
 * demo city or an import writing without pause) leaves the thread's
 * PASSIVE run always a few frames short, so the WAL is never started over
 * and grew to tens of GB in a 20-million-person demo. Past this size the
 * committing connection checkpoints itself, as SQLite's own hook does:
 * nothing commits on it meanwhile, so the copy completes and the next
 * transaction starts the WAL over. A request load stays far below it. */
#define CKPT_CEILING_PAGES (16 * CKPT_PAGES)
#define CKPT_BUSY_MS 2000 /* for opening the database; PASSIVE never waits */

struct sqlite_checkpointer {
	sqlite3 *db; /* the thread's own connection */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int pending_pages; /* largest WAL size reported since the last run */
	int stop;
	long runs;
};

/* Called by SQLite after every commit on a watched connection, with the
 * WAL's size in pages: cheap (a lock and maybe a signal). Returning
 * SQLITE_OK and doing no checkpoint here is what moves them off the
 * commit. */
static int on_commit(void *arg, sqlite3 *db, const char *name, int pages)
{
	sqlite_checkpointer *ck = arg;

	if (pages < CKPT_PAGES)
		return SQLITE_OK;
	if (pages >= CKPT_CEILING_PAGES) {
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&ck->lock);
		ck->runs++;
		pthread_mutex_unlock(&ck->lock);
		return SQLITE_OK;
	}
	pthread_mutex_lock(&ck->lock);
	if (pages > ck->pending_pages) {
		ck->pending_pages = pages;
		pthread_cond_signal(&ck->wake);
	}
	pthread_mutex_unlock(&ck->lock);
	return SQLITE_OK;
}

static void checkpoint(sqlite_checkpointer *ck)
{
	int log = 0, done = 0;

	/* A read first: a connection that has not read the database yet does
	 * not know it is in WAL mode, and its checkpoint would do nothing (the
	 * thread's connection opens before the first one sets WAL). */
	sqlite3_exec(ck->db, "PRAGMA schema_version", NULL, NULL, NULL);
	/* NULL: every database of the connection (main and attached). A busy
	 * or failed run is harmless: the next commit reports the WAL again. */
	sqlite3_wal_checkpoint_v2(ck->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
	pthread_mutex_lock(&ck->lock);
	ck->runs++;
	pthread_mutex_unlock(&ck->lock);
}

static void *run(void *arg)
{
	sqlite_checkpointer *ck = arg;

	pthread_mutex_lock(&ck->lock);
	for (;;) {
		while (!ck->stop && !ck->pending_pages)
			pthread_cond_wait(&ck->wake, &ck->lock);
		if (ck->stop)
			break;
		ck->pending_pages = 0;
		pthread_mutex_unlock(&ck->lock);
		checkpoint(ck);
		pthread_mutex_lock(&ck->lock);
	}
	pthread_mutex_unlock(&ck->lock);
	return NULL;
}

sqlite_checkpointer *sqlite_checkpointer_start(const char *path)
{
	sqlite_checkpointer *ck = mz_xcalloc(1, sizeof(*ck));

	if (sqlite3_open_v2(path, &ck->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		/* Not there yet: the first connection creates it. */
		sqlite3_close(ck->db);
		if (sqlite3_open_v2(path, &ck->db,
				    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				    NULL) != SQLITE_OK) {
			sqlite3_close(ck->db);
			free(ck);
			return NULL;
		}
	}
	sqlite3_busy_timeout(ck->db, CKPT_BUSY_MS);
	/* The same durability as the request connections: a checkpoint syncs
	 * the database file before the WAL may be reused. */
	sqlite3_exec(ck->db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	pthread_mutex_init(&ck->lock, NULL);
	pthread_cond_init(&ck->wake, NULL);
	if (pthread_create(&ck->thread, NULL, run, ck)) {
		pthread_cond_destroy(&ck->wake);
		pthread_mutex_destroy(&ck->lock);
		sqlite3_close(ck->db);
		free(ck);
		return NULL;
	}
	return ck;
}

void sqlite_checkpointer_watch(sqlite_checkpointer *ck, sqlite3 *db)
{
	if (ck)
		sqlite3_wal_hook(db, on_commit, ck);
}

void sqlite_checkpointer_stop(sqlite_checkpointer *ck)
{
	if (!ck)
		return;
	pthread_mutex_lock(&ck->lock);
	ck->stop = 1;
	pthread_cond_signal(&ck->wake);
	pthread_mutex_unlock(&ck->lock);
	pthread_join(ck->thread, NULL);
	/* What the last commits left, so a closed database's WAL is small. */
	checkpoint(ck);
	sqlite3_close_v2(ck->db);
	pthread_cond_destroy(&ck->wake);
	pthread_mutex_destroy(&ck->lock);
	free(ck);
}

long sqlite_checkpointer_runs(sqlite_checkpointer *ck)
{
	long n;

	if (!ck)
		return 0;
	pthread_mutex_lock(&ck->lock);
	n = ck->runs;
	pthread_mutex_unlock(&ck->lock);
	return n;
}
