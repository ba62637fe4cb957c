/* test_store_fault.c - the fault countdown (store/store_fault.h) on the
 * engine under test: the Nth step fails before it runs, a failed commit
 * leaves nothing of its transaction, the count is per call kind, and the
 * run-time switch needs MZ_FAULT_ENABLE=1. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "store/store.h"
#include "store/store_fault.h"
#include "test_db.h"

static test_db g_db;
static store *g_s;

static int setup(void **state)
{
	mz_err e;
	(void)state;

	if (test_db_open(&g_db, "store_fault", 0, &g_s, &e)) {
		print_error("test database: %s\n", e.message);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_fault_arm(0, STORE_FAULT_ANY);
	store_close(g_s);
	g_s = NULL;
	test_db_drop(&g_db);
	return 0;
}

static store_conn *conn(void)
{
	mz_err e;
	store_conn *c = store_conn_get(g_s, &e);

	assert_non_null(c);
	return c;
}

static int64_t count_rows(store_conn *c)
{
	int64_t n = -1;
	mz_err e;

	assert_int_equal(store_query_i64(c, "SELECT COUNT(*) FROM ft", &n, &e), 0);
	return n;
}

static int insert(store_conn *c, int64_t v, mz_err *e)
{
	store_stmt *st = store_prepare(c, "INSERT INTO ft (v) VALUES (?)", e);
	int r;

	if (!st)
		return -1;
	store_bind_i64(st, 1, v);
	r = store_step(st, e);
	store_done(st);
	return r < 0 ? -1 : 0;
}

static void t_step_fails_once(void **state)
{
	store_conn *c = conn();
	mz_err e;
	(void)state;

	assert_int_equal(store_exec(c, "CREATE TABLE ft (v BIGINT NOT NULL)", &e), 0);
	assert_int_equal(store_fault_arm(2, STORE_FAULT_STEP), 0);
	assert_int_equal(insert(c, 1, &e), 0);
	assert_int_equal(insert(c, 2, &e), -1); /* the second step */
	assert_int_equal(e.code, MZ_ESTORE);
	assert_int_equal(store_fault_left(), 0);
	assert_int_equal(insert(c, 3, &e), 0); /* once only */
	assert_int_equal(count_rows(c), 2); /* the failed step never ran */
}

static void t_commit_fault_rolls_back(void **state)
{
	store_conn *c = conn();
	int64_t fired;
	mz_err e;
	(void)state;

	assert_int_equal(store_exec(c, "CREATE TABLE ft (v BIGINT NOT NULL)", &e), 0);
	fired = store_fault_fired();
	/* Steps are not counted when only commits are. */
	assert_int_equal(store_fault_arm(1, STORE_FAULT_COMMIT), 0);
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(insert(c, 1, &e), 0);
	assert_int_equal(insert(c, 2, &e), 0);
	assert_int_equal(store_commit(c, &e), -1);
	assert_int_equal(e.code, MZ_ESTORE);
	assert_int_equal(store_fault_fired(), fired + 1);
	/* Nothing of the transaction remains, and the connection goes on. */
	store_rollback(c);
	assert_int_equal(count_rows(c), 0);
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(insert(c, 3, &e), 0);
	assert_int_equal(store_commit(c, &e), 0);
	assert_int_equal(count_rows(c), 1);
}

static void t_disarmed_costs_nothing(void **state)
{
	store_conn *c = conn();
	mz_err e;
	(void)state;

	assert_int_equal(store_exec(c, "CREATE TABLE ft (v BIGINT NOT NULL)", &e), 0);
	assert_int_equal(store_fault_arm(5, STORE_FAULT_ANY), 0);
	assert_int_equal(store_fault_arm(0, STORE_FAULT_ANY), 0); /* disarm */
	for (int i = 0; i < 10; i++)
		assert_int_equal(insert(c, i, &e), 0);
	assert_int_equal(store_fault_left(), 0);
	assert_int_equal(count_rows(c), 10);
}

static void t_kind_names(void **state)
{
	(void)state;
	assert_int_equal(store_fault_kind_parse(NULL), STORE_FAULT_ANY);
	assert_int_equal(store_fault_kind_parse("any"), STORE_FAULT_ANY);
	assert_int_equal(store_fault_kind_parse("step"), STORE_FAULT_STEP);
	assert_int_equal(store_fault_kind_parse("commit"), STORE_FAULT_COMMIT);
	assert_int_equal(store_fault_kind_parse("rollback"), -1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static const struct CMUnitTest tests[] = {
	T(t_step_fails_once),
	T(t_commit_fault_rolls_back),
	T(t_disarmed_costs_nothing),
	cmocka_unit_test(t_kind_names),
};

int main(void)
{
	/* The run-time switch is read once, when the first store opens. */
	setenv("MZ_FAULT_ENABLE", "1", 1);
	unsetenv("MZ_FAULT_AT");
	return cmocka_run_group_tests_name("store fault countdown", tests, NULL, NULL) ? 1 : 0;
}
