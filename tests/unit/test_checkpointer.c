/* test_checkpointer.c - the WAL is checkpointed by the store's own thread,
 * not inside request commits, and nothing committed is lost by it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/sqlite_checkpointer.h"

static char g_dir[] = "/tmp/mz_ckpt_XXXXXX";
static char g_path[256];

static off_t file_size(const char *suffix)
{
	char p[300];
	struct stat st;

	snprintf(p, sizeof(p), "%s%s", g_path, suffix);
	return stat(p, &st) ? 0 : st.st_size;
}

static sqlite3 *open_watched(sqlite_checkpointer *ck)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(g_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite_checkpointer_watch(ck, db);
	return db;
}

/* A commit that pushes the WAL past the threshold returns with the WAL
 * untouched (no checkpoint on the committing connection: its hook only
 * reports), and the thread then copies the pages into the database file
 * while the connection stays open. */
static void t_checkpoints_off_the_commit(void **state)
{
	sqlite_checkpointer *ck;
	sqlite3 *db;
	off_t db_before;
	long waited = 0;

	(void)state;
	assert_non_null(mkdtemp(g_dir));
	snprintf(g_path, sizeof(g_path), "%s/t.db", g_dir);
	ck = sqlite_checkpointer_start(g_path);
	assert_non_null(ck);
	db = open_watched(ck);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (v BLOB)", NULL, NULL, NULL), SQLITE_OK);
	db_before = file_size("");
	/* About 1500 pages in a few commits. */
	for (int i = 0; i < 6; i++)
		assert_int_equal(sqlite3_exec(db,
			"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
			" INSERT INTO t SELECT randomblob(1000) FROM n", NULL, NULL, NULL), SQLITE_OK);
	/* Wait (not time) for the thread: it must run, and the data must reach
	 * the database file before any connection closes. */
	while (file_size("") <= db_before + 4 * 1000 * 1000 && waited < 30000) {
		usleep(10000);
		waited += 10;
	}
	assert_true(sqlite_checkpointer_runs(ck) > 0);
	assert_true(file_size("") > db_before + 4 * 1000 * 1000);
	/* The connection's commits report to the checkpointer: its WAL hook
	 * (the slot SQLite's automatic checkpoint would hold) is ours. */
	assert_ptr_equal(sqlite3_wal_hook(db, NULL, NULL), ck);
	sqlite3_close(db);
	sqlite_checkpointer_stop(ck);
	/* Everything committed is there after a reopen. */
	assert_int_equal(sqlite3_open(g_path, &db), SQLITE_OK);
	{
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &st, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 6000);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
}

/* Without the checkpointer the hook is not installed and SQLite's own
 * automatic checkpoint stays (a NULL checkpointer is a no-op). */
static void t_null_checkpointer(void **state)
{
	sqlite3 *db;

	(void)state;
	sqlite_checkpointer_watch(NULL, NULL);
	sqlite_checkpointer_stop(NULL);
	assert_int_equal(sqlite_checkpointer_runs(NULL), 0);
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	sqlite3_close(db);
}

/* A writer that never pauses (a demo city, an import) commits faster than
 * the thread copies, so the thread's PASSIVE run never catches up and the
 * WAL is never started over; past the ceiling the committing connection
 * checkpoints itself, and the WAL file stays near the ceiling (about 64
 * MB) while far more is written through it. */
static void t_bulk_writer_keeps_the_wal_bounded(void **state)
{
	char dir[] = "/tmp/mz_ckpt_bulk_XXXXXX";
	sqlite_checkpointer *ck;
	sqlite3 *db;
	off_t wal_max = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(g_path, sizeof(g_path), "%s/t.db", dir);
	ck = sqlite_checkpointer_start(g_path);
	assert_non_null(ck);
	db = open_watched(ck);
	assert_int_equal(sqlite3_exec(db, "PRAGMA synchronous=OFF; CREATE TABLE t (v BLOB)", NULL,
				      NULL, NULL), SQLITE_OK);
	/* 80 commits of about 10 MB (a 4,000-byte row takes a page and an
	 * overflow page): 400 MB through the WAL. */
	for (int i = 0; i < 80; i++) {
		off_t w;

		assert_int_equal(sqlite3_exec(db,
			"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)"
			" INSERT INTO t SELECT randomblob(4000) FROM n", NULL, NULL, NULL), SQLITE_OK);
		w = file_size("-wal");
		if (w > wal_max)
			wal_max = w;
	}
	/* Within twice the ceiling (16,000 pages of 4 KiB): an inline attempt
	 * that meets the thread's run returns at once (PASSIVE never waits)
	 * and the next commit tries again. Unbounded, the WAL holds it all. */
	assert_true(wal_max < (off_t)2 * 16000 * 4096);
	sqlite3_close(db);
	sqlite_checkpointer_stop(ck);
	{
		char cmd[300];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd)) {
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_checkpoints_off_the_commit),
		cmocka_unit_test(t_null_checkpointer),
		cmocka_unit_test(t_bulk_writer_keeps_the_wal_bounded),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", g_dir);
	if (system(cmd)) {
	}
	return r;
}
