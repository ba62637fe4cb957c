/* test_audit_store.c - where audit records are kept (access/audit_store.h,
 * store/sqlite_audit_file.h): on SQLite the chain is in its own file and a
 * write's records go through pending_audit; every record reaches the chain
 * exactly once whatever step a crash interrupts. A crash is played by
 * closing the store at that step (everything committed is on disk, nothing
 * else happens after it) and opening it again, as a restarted server does.
 * On PostgreSQL the chain stays in the one database: a write's record is
 * in audit_log inside the write's own transaction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "access/access.h"
#include "access/audit.h"
#include "access/audit_store.h"
#include "store/sqlite_audit_file.h"
#include "store/store.h"
#include "test_db.h"

typedef struct fixture {
	test_db db;
	store *s;
	access_ctx who;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	mz_err e = { 0 };

	if (test_db_open(&f->db, "audit_store", 1, &f->s, &e)) {
		fprintf(stderr, "setup (%s): %s\n", test_db_engine_name(), e.message);
		free(f);
		return -1;
	}
	access_ctx_system(&f->who, "tester");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	store_close(f->s);
	test_db_drop(&f->db);
	free(f);
	return 0;
}

static int sqlite_only(void)
{
	return test_db_engine() == STORE_SQLITE;
}

/* A restart: the store closed at this point and opened as `serve` opens
 * it (migrations, then the recovery of what was left pending). */
static void restart(fixture *f)
{
	mz_err e = { 0 };

	store_close(f->s);
	f->s = NULL;
	assert_int_equal(store_open(f->db.url, &f->s, &e), 0);
	assert_int_equal(store_migrate(f->s, NULL, &e), 0);
	assert_int_equal(audit_store_recover(f->s, &e), 0);
}

static int64_t count_in(store_conn *c, const char *sql)
{
	mz_err e = { 0 };
	int64_t n = -1;

	assert_int_equal(store_query_i64(c, sql, &n, &e), 0);
	return n;
}

/* Records of action `action` in the chain, read where the chain lives. */
static int64_t in_chain(fixture *f, const char *action)
{
	mz_err e = { 0 };
	store_conn *ac = audit_store_conn(store_conn_get(f->s, &e), &e);
	char sql[200];

	assert_non_null(ac);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit_log WHERE action = '%s'", action);
	return count_in(ac, sql);
}

static int64_t pending_above_moved(fixture *f)
{
	mz_err e = { 0 };
	store_conn *c = store_conn_get(f->s, &e);
	store_conn *ac = audit_store_conn(c, &e);
	int64_t moved = count_in(ac, "SELECT moved_to FROM audit_moved");
	int64_t n = -1;

	assert_int_equal(store_row(c, &e, "SELECT count(*) FROM pending_audit WHERE id > ?",
				   STORE_INTO(&n), moved), 1);
	return n;
}

static void assert_chain_ok(fixture *f)
{
	mz_err e = { 0 };
	json_t *problems = json_array();
	int64_t checked = 0;
	int ok = 0;

	assert_int_equal(audit_verify(store_conn_get(f->s, &e), &ok, &checked, problems, 10, &e), 0);
	if (!ok)
		fprintf(stderr, "%s\n", json_dumps(problems, 0));
	assert_true(ok);
	json_decref(problems);
}

static void make_probe(fixture *f)
{
	mz_err e = { 0 };
	store_conn *c = store_conn_get(f->s, &e);

	/* Not audit_*: a registry table, in the registry's file. */
	assert_int_equal(store_exec(c, "CREATE TABLE IF NOT EXISTS probe_counter (n BIGINT)", &e), 0);
	assert_int_equal(store_exec(c, "DELETE FROM probe_counter; INSERT INTO probe_counter VALUES (0)", &e), 0);
}

/* One write: a change to the counter and its audit record, committed
 * together (commit 0: rolled back). keep_hook 0 plays a crash right after
 * the commit: the move that follows the commit never runs. */
static void write_counter(fixture *f, const char *action, int commit, int keep_hook)
{
	mz_err e = { 0 };
	store_conn *c = store_conn_get(f->s, &e);

	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(store_run(c, &e, "UPDATE probe_counter SET n = n + ?", 1), 1);
	assert_int_equal(audit_append(c, &f->who, AUDIT_WRITE, action, "probe", 1, "440105", "test",
				      NULL, &e), 0);
	if (!keep_hook)
		store_after_commit(c, NULL, NULL);
	if (commit)
		assert_int_equal(store_commit(c, &e), 0);
	else
		store_rollback(c);
}

static int64_t counter(fixture *f)
{
	mz_err e = { 0 };

	return count_in(store_conn_get(f->s, &e), "SELECT n FROM probe_counter");
}

/* Where the chain is: its own file on SQLite, the one database on
 * PostgreSQL; a write's record is in the chain when the commit returns. */
static void t_write_reaches_the_chain(void **state)
{
	fixture *f = *state;
	mz_err e = { 0 };
	store_conn *c = store_conn_get(f->s, &e);

	make_probe(f);
	if (sqlite_only()) {
		char *audit = sqlite_audit_path(f->db.path);

		assert_true(store_audit_apart(f->s));
		assert_true(access(audit, F_OK) == 0);
		free(audit);
		/* The registry's file holds no chain. */
		assert_int_equal(count_in(c, "SELECT count(*) FROM sqlite_master WHERE name = 'audit_log'"), 0);
	} else {
		assert_false(store_audit_apart(f->s));
		assert_ptr_equal(store_audit(f->s), f->s);
	}
	write_counter(f, "probe.write", 1, 1);
	assert_int_equal(counter(f), 1);
	assert_int_equal(in_chain(f, "probe.write"), 1);
	assert_int_equal(pending_above_moved(f), 0);
	/* A rolled-back write leaves neither its change nor its record. */
	write_counter(f, "probe.rolled_back", 0, 1);
	assert_int_equal(counter(f), 1);
	assert_int_equal(in_chain(f, "probe.rolled_back"), 0);
	assert_int_equal(pending_above_moved(f), 0);
	/* An audited read goes straight to the chain. */
	audit_entry a;
	audit_entry_init(&a, &f->who, "probe.read", "probe", "1", "440105", "");
	assert_int_equal(audit_record(f->s, &a, &e), 0);
	assert_int_equal(in_chain(f, "probe.read"), 1);
	assert_chain_ok(f);
}

/* A crash after the write's commit and before its move: the record waits,
 * durable, in pending_audit; the restart moves it, once. */
static void t_crash_before_the_move(void **state)
{
	fixture *f = *state;

	if (!sqlite_only())
		skip();
	make_probe(f);
	write_counter(f, "probe.crash_before_move", 1, 0);
	assert_int_equal(counter(f), 1);
	assert_int_equal(in_chain(f, "probe.crash_before_move"), 0);
	assert_int_equal(pending_above_moved(f), 1);
	restart(f);
	assert_int_equal(in_chain(f, "probe.crash_before_move"), 1);
	assert_int_equal(pending_above_moved(f), 0);
	/* Another restart, and a reader's move, append nothing again. */
	restart(f);
	assert_chain_ok(f);
	assert_int_equal(in_chain(f, "probe.crash_before_move"), 1);
	assert_chain_ok(f);
}

/* A crash after the move's commit, before any later write deleted the
 * pending rows: they stay, at or below moved_to, and are never appended
 * again; the next write takes them away in its own transaction. */
static void t_crash_after_the_move(void **state)
{
	fixture *f = *state;
	mz_err e = { 0 };
	store_conn *c;

	if (!sqlite_only())
		skip();
	make_probe(f);
	for (int i = 0; i < 3; i++)
		write_counter(f, "probe.moved", 1, 1);
	c = store_conn_get(f->s, &e);
	assert_true(count_in(c, "SELECT count(*) FROM pending_audit") >= 1);
	restart(f);
	restart(f);
	assert_int_equal(in_chain(f, "probe.moved"), 3);
	write_counter(f, "probe.next", 1, 1);
	c = store_conn_get(f->s, &e);
	/* Only the newest row is kept (it keeps the ids growing). */
	assert_int_equal(count_in(c, "SELECT count(*) FROM pending_audit"), 1);
	assert_int_equal(in_chain(f, "probe.moved"), 3);
	assert_int_equal(in_chain(f, "probe.next"), 1);
	assert_chain_ok(f);
}

/* A restored backup: its audit file was copied after its registry, so
 * moved_to can be above every pending id of the registry. The next write's
 * record must still be moved, not taken for one already in the chain. */
static void t_moved_to_ahead_after_a_restore(void **state)
{
	fixture *f = *state;
	mz_err e = { 0 };
	store_conn *c, *ac;

	if (!sqlite_only())
		skip();
	make_probe(f);
	write_counter(f, "probe.before_backup", 1, 1);
	c = store_conn_get(f->s, &e);
	ac = audit_store_conn(c, &e);
	assert_int_equal(store_run(ac, &e, "UPDATE audit_moved SET moved_to = moved_to + ?", 50), 1);
	restart(f);
	write_counter(f, "probe.after_restore", 1, 1);
	assert_int_equal(in_chain(f, "probe.after_restore"), 1);
	assert_chain_ok(f);
}

/* A chain in the registry's file (a database made before the audit file,
 * or a restored backup, which holds both in one file) moves out at open;
 * a crash between the copy and the drop repeats the copy, no record twice. */
static void t_chain_moves_out_of_the_registry(void **state)
{
	fixture *f = *state;
	mz_err e = { 0 };
	char *audit;
	sqlite3 *db;
	int64_t before;

	if (!sqlite_only())
		skip();
	make_probe(f);
	write_counter(f, "probe.old_layout", 1, 1);
	before = in_chain(f, "probe.old_layout");
	store_close(f->s);
	f->s = NULL;
	/* The old layout: the chain copied into the registry's file. The audit
	 * file keeps its copy too: a crash after the first step. */
	audit = sqlite_audit_path(f->db.path);
	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	assert_int_equal(sqlite_audit_copy_into(db, audit, &e), 0);
	sqlite3_close(db);
	restart(f);
	assert_int_equal(count_in(store_conn_get(f->s, &e),
				  "SELECT count(*) FROM sqlite_master WHERE name = 'audit_log'"), 0);
	assert_int_equal(in_chain(f, "probe.old_layout"), before);
	assert_chain_ok(f);
	/* And the audit file gone altogether (a copy of the registry alone):
	 * refused at open, naming the file. */
	store_close(f->s);
	f->s = NULL;
	unlink(audit);
	{
		char p[400];

		snprintf(p, sizeof(p), "%s-wal", audit);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", audit);
		unlink(p);
	}
	assert_int_equal(store_open(f->db.url, &f->s, &e), -1);
	assert_non_null(strstr(e.message, "-audit"));
	assert_non_null(strstr(e.message, "missing"));
	free(audit);
	f->s = NULL;
	assert_int_equal(store_open("sqlite::memory:", &f->s, &e), 0); /* for the teardown */
}

/* Migrations aim CREATE TABLE / CREATE INDEX of audit_* tables at the
 * audit file, and nothing else. */
static void t_rewrite(void **state)
{
	char *out;

	(void)state;
	out = sqlite_audit_rewrite("CREATE TABLE audit_x (a INT);\nCREATE INDEX audit_x_a ON audit_x(a);\n"
				   "CREATE UNIQUE INDEX IF NOT EXISTS ux ON audit_x(a);\n"
				   "CREATE TABLE persons_audit_y (b INT); CREATE INDEX p ON persons(b);\n"
				   "ALTER TABLE audit_log ADD COLUMN c TEXT;");
	assert_string_equal(out, "CREATE TABLE audit.audit_x (a INT);\n"
				 "CREATE INDEX audit.audit_x_a ON audit_x(a);\n"
				 "CREATE UNIQUE INDEX IF NOT EXISTS audit.ux ON audit_x(a);\n"
				 "CREATE TABLE persons_audit_y (b INT); CREATE INDEX p ON persons(b);\n"
				 "ALTER TABLE audit_log ADD COLUMN c TEXT;");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(t_write_reaches_the_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(t_crash_before_the_move, setup, teardown),
		cmocka_unit_test_setup_teardown(t_crash_after_the_move, setup, teardown),
		cmocka_unit_test_setup_teardown(t_moved_to_ahead_after_a_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(t_chain_moves_out_of_the_registry, setup, teardown),
		cmocka_unit_test(t_rewrite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
