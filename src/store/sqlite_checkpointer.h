/* sqlite_checkpointer.h - WAL checkpoints on a thread of their own.
 *
 * SQLite's automatic checkpoint runs inside the COMMIT of whichever
 * connection pushes the WAL past 1000 pages: that request then waits for
 * the checkpoint's writes and fsync (the p99 of the canteen check-ins was
 * mostly those). Instead every connection of a store reports the WAL's size
 * after its commits (sqlite3_wal_hook, which also turns the automatic
 * checkpoint off), and one thread per store with its own connection runs
 * PRAGMA wal_checkpoint(PASSIVE) once the WAL passes CKPT_PAGES: it never
 * waits for readers or blocks writers, and once it has copied every frame
 * the next writer starts the WAL over. A writer that never pauses keeps
 * the thread from finishing: past CKPT_CEILING_PAGES (about 64 MB) the
 * committing connection checkpoints inline, as SQLite would, so the WAL
 * stays bounded under bulk writes. (No RESTART: it would hold writers
 * up while a long reader, a backup, keeps old pages; such a WAL grows until
 * the reader ends, as it did with the automatic checkpoint.)
 * store_sqlite.c is the only user. */
#ifndef MZ_SQLITE_CHECKPOINTER_H
#define MZ_SQLITE_CHECKPOINTER_H

#include <sqlite3.h>

typedef struct sqlite_checkpointer sqlite_checkpointer;

/* Starts the thread for the database at path; NULL if it could not start
 * (then connections keep SQLite's automatic checkpoint). */
sqlite_checkpointer *sqlite_checkpointer_start(const char *path);
/* Routes db's commits to the checkpointer (ck may be NULL: no-op). */
void sqlite_checkpointer_watch(sqlite_checkpointer *ck, sqlite3 *db);
/* Runs a last passive checkpoint, stops the thread and frees ck. */
void sqlite_checkpointer_stop(sqlite_checkpointer *ck);
/* Checkpoints run so far (for tests and the benchmark's report). */
long sqlite_checkpointer_runs(sqlite_checkpointer *ck);

#endif
