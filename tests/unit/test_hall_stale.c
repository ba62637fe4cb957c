/* Unit tests for the hall's stale mark (hall_jobs.c, hall_refresh.c): an
 * event marks the figures stale, a refresh that saw every mark clears it,
 * a mark made after the refresh started stays; and a mark made while the
 * test clock stood ahead is cleared by the next refresh once the clock is
 * back (marks are counted, not compared by time). On the engine under test
 * (test_db.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "base/date.h"
#include "events/events.h"
#include "hall/hall.h"
#include "hall/hall_figures.h"
#include "registry/division_seed.h"
#include "registry/registry.h"
#include "store/query.h"
#include "store/store.h"
#include "test_db.h"

static test_db db;
static store *st;
static store_conn *c;

static const hall_indicator test_indicators[] = {
	{ "test.districts", "区数", "Districts", HALL_COUNT, "个",
	  "SELECT code, 1, 0 FROM divisions WHERE level = 2 AND ? <> ''", "/x", 0 },
	{ NULL }
};

static int setup(void **state)
{
	mz_err e = { 0 };
	(void)state;

	if (test_db_open(&db, "hall_stale", 1, &st, &e) || !(c = store_conn_get(st, &e)) ||
	    registry_divisions_seed(c, &e)) {
		fprintf(stderr, "setup (%s): %s\n", test_db_engine_name(), e.message);
		return -1;
	}
	hall_register(test_indicators);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mz_clock_set_offset(0);
	hall_unregister_all();
	store_close(st);
	test_db_drop(&db);
	return 0;
}

/* What the outbox does for a case.decided: the hall's subscriber, in a
 * transaction of its own. */
static void mark(void)
{
	access_ctx sys;
	event ev = { 0 };
	mz_err e = { 0 };
	const event_subscriber *sub = NULL;

	for (int i = 0; hall_subscribers[i].type; i++)
		if (!strcmp(hall_subscribers[i].type, EVENT_CASE_DECIDED))
			sub = &hall_subscribers[i];
	assert_non_null(sub);
	access_ctx_system(&sys, "events");
	ev.id = 1;
	ev.type = EVENT_CASE_DECIDED;
	ev.payload = "{}";
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(sub->fn(c, &sys, &ev, &e), 0);
	assert_int_equal(store_commit(c, &e), 0);
}

/* 1 when the figures are marked stale, with *since the mark's time. */
static int stale(int64_t *since)
{
	mz_err e = { 0 };
	int r = store_row(c, &e, "SELECT dirty_since FROM hall_dirty WHERE id = ? AND"
				 " dirty_since IS NOT NULL", STORE_INTO(since), 1);

	assert_true(r >= 0);
	return r;
}

static void refresh_now(void)
{
	hall_refresh_stats s;
	mz_err e = { 0 };

	assert_int_equal(hall_refresh(c, mz_today(), NULL, &s, &e), 0);
	assert_int_equal(s.failed, 0);
}

static void a_refresh_clears_what_it_saw(void **state)
{
	int64_t since = 0;
	(void)state;

	mz_clock_set_offset(0);
	mark();
	assert_int_equal(stale(&since), 1);
	assert_true(since <= mz_now_unix());
	refresh_now();
	assert_int_equal(stale(&since), 0);
	/* A mark after the refresh is the next refresh's. */
	mark();
	assert_int_equal(stale(&since), 1);
	refresh_now();
	assert_int_equal(stale(&since), 0);
}

static void a_mark_from_a_clock_ahead_is_cleared_once_the_clock_is_back(void **state)
{
	int64_t since = 0;
	(void)state;

	mz_clock_set_offset(40 * 86400);
	mark();
	mz_clock_set_offset(0);
	assert_int_equal(stale(&since), 1);
	assert_true(since > mz_now_unix() + 39 * 86400); /* stamped by the clock ahead */
	refresh_now();
	assert_int_equal(stale(&since), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_refresh_clears_what_it_saw),
		cmocka_unit_test(a_mark_from_a_clock_ahead_is_cleared_once_the_clock_is_back),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
