/* Unit tests for hall/: the refresh rolls every source row up its
 * division's ancestors (community -> street -> district -> city) and keeps
 * one row per (indicator, division, day); a failing indicator leaves the
 * others stored; reads stay inside the caller's scope; the value of a rate
 * and an average. On the engine under test (test_db.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "base/date.h"
#include "hall/hall.h"
#include "hall/hall_figures.h"
#include "base/buf.h"
#include "registry/division_seed.h"
#include "registry/registry.h"
#include "store/query.h"
#include "store/store.h"
#include "test_db.h"

static test_db db;
static store *st;
static store_conn *c;

/* Test indicators over the seeded division tree: every current community
 * counts 1 of 2 (so a rate of 50%), and each street of 海珠 adds 10 of its
 * own at the street's level (a row that knows only its street). */
static const hall_indicator test_indicators[] = {
	{ "test.communities", "社区数", "Communities", HALL_COUNT, "个",
	  "SELECT code, 1, 0 FROM divisions WHERE level = 4 AND historical = 0 AND ? <> ''", "/x", 0 },
	{ "test.half", "一半", "Half", HALL_RATE, "",
	  "SELECT code, 1, 2 FROM divisions WHERE level = 4 AND historical = 0 AND ? <> ''", "/x", 1 },
	{ "test.streets", "镇街加十", "Ten a street", HALL_COUNT, "",
	  "SELECT code, 10, 0 FROM divisions WHERE level = 3 AND code LIKE '440105%' AND ? <> ''", "/x", 0 },
	{ "test.broken", "坏指标", "Broken", HALL_COUNT, "", "SELECT nothing FROM no_such_table WHERE ? = ?",
	  "/x", 0 },
	{ NULL }
};

static int64_t count(const char *sql, const char *arg)
{
	int64_t n = -1;
	mz_err e = { 0 };

	if (store_row(c, &e, sql, STORE_INTO(&n), arg) != 1)
		fail_msg("%s: %s", sql, e.message);
	return n;
}

static int setup(void **state)
{
	mz_err e = { 0 };
	(void)state;

	if (test_db_open(&db, "hall", 1, &st, &e) || !(c = store_conn_get(st, &e)) ||
	    registry_divisions_seed(c, &e)) {
		fprintf(stderr, "setup (%s): %s\n", test_db_engine_name(), e.message);
		return -1;
	}
	/* The seed has districts and streets; a few communities of our own. */
	if (store_exec(c, "INSERT INTO divisions (code, name, level, parent) VALUES"
			  " ('440105001001', '甲', 4, '440105001'), ('440105001002', '乙', 4, '440105001'),"
			  " ('440105001003', '丙', 4, '440105001'), ('440105002001', '丁', 4, '440105002'),"
			  " ('440105002002', '戊', 4, '440105002'), ('440106001001', '己', 4, '440106001')",
		       &e)) {
		fprintf(stderr, "setup: %s\n", e.message);
		return -1;
	}
	access_divisions_use(registry_division_lookup);
	hall_register(test_indicators);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	hall_unregister_all();
	store_close(st);
	test_db_drop(&db);
	return 0;
}

static int64_t stored(const char *key, const char *code, const char *day, int col)
{
	char sql[200];

	snprintf(sql, sizeof(sql), "SELECT %s FROM hall_figures WHERE indicator = '%s' AND as_of = '%s'"
		 " AND division_code = ?", col ? "den" : "num", key, day);
	return count(sql, code);
}

static void refresh_rolls_up(void **state)
{
	hall_refresh_stats s;
	mz_err e = { 0 };
	mz_day day = mz_day_parse("2026-11-30");
	int64_t haizhu, street, city;
	(void)state;

	assert_int_equal(hall_refresh(c, day, NULL, &s, &e), 0);
	assert_int_equal(s.indicators, 3);
	assert_int_equal(s.failed, 1);
	assert_non_null(strstr(s.first_error, "test.broken"));

	city = count("SELECT COUNT(*) FROM divisions WHERE level = 4 AND historical = 0 AND code LIKE ?", "4401%");
	haizhu = count("SELECT COUNT(*) FROM divisions WHERE level = 4 AND historical = 0 AND code LIKE ?", "440105%");
	street = count("SELECT COUNT(*) FROM divisions WHERE level = 4 AND historical = 0 AND parent = ?", "440105001");
	assert_int_equal(city, 6);
	assert_int_equal(haizhu, 5);
	assert_int_equal(street, 3);
	assert_int_equal(stored("test.communities", "440100", "2026-11-30", 0), city);
	assert_int_equal(stored("test.communities", "440105", "2026-11-30", 0), haizhu);
	assert_int_equal(stored("test.communities", "440105001", "2026-11-30", 0), street);
	/* A community counts itself once. */
	assert_int_equal(stored("test.communities", "440105001001", "2026-11-30", 0), 1);
	/* A rate sums num and den separately. */
	assert_int_equal(stored("test.half", "440105", "2026-11-30", 1), 2 * haizhu);
	/* Street-level rows reach the district and the city, never a community. */
	assert_int_equal(stored("test.streets", "440105001", "2026-11-30", 0), 10);
	assert_int_equal(stored("test.streets", "440105", "2026-11-30", 0),
			 10 * count("SELECT COUNT(*) FROM divisions WHERE level = 3 AND parent = ?", "440105"));
	assert_int_equal(count("SELECT COUNT(*) FROM hall_figures WHERE indicator = 'test.streets'"
			       " AND LENGTH(division_code) = 12 AND as_of = ?", "2026-11-30"), 0);

	/* Again the same day: replaced, not doubled; another day: kept beside. */
	assert_int_equal(hall_refresh(c, day, "test.communities", &s, &e), 0);
	assert_int_equal(stored("test.communities", "440100", "2026-11-30", 0), city);
	assert_int_equal(hall_refresh(c, mz_day_parse("2026-12-01"), "test.communities", &s, &e), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM hall_runs WHERE indicator = ?", "test.communities"), 2);
	assert_int_equal(hall_refresh(c, day, "no.such", &s, &e), -1);
	assert_int_equal(e.code, MZ_ENOTFOUND);
}

static void reads_stay_in_scope(void **state)
{
	access_ctx officer = { 0 }, city = { 0 };
	mz_err e = { 0 };
	json_t *ov, *f;
	size_t i;
	int64_t kids = 0;
	(void)state;

	access_ctx_system(&city, "test");
	officer = city;
	officer.role = ROLE_DISTRICT_OFFICER;
	mz_strlcpy(officer.scope_code, "440105", sizeof(officer.scope_code));
	access_scope_range("440105", officer.scope_lo, officer.scope_hi);

	ov = hall_overview(c, &officer, NULL, mz_day_parse("2026-11-30"), &e);
	assert_non_null(ov);
	assert_string_equal(json_string_value(json_object_get(json_object_get(ov, "division"), "code")), "440105");
	json_array_foreach(json_object_get(ov, "indicators"), i, f) {
		json_t *k;
		size_t j;

		if (strcmp(json_string_value(json_object_get(f, "key")), "test.communities"))
			continue;
		json_array_foreach(json_object_get(f, "children"), j, k)
			kids += json_integer_value(json_object_get(k, "num"));
		assert_int_equal(kids, json_integer_value(json_object_get(f, "num")));
		/* The broken one was never computed: missing, not zero. */
	}
	assert_true(kids > 0);
	json_decref(ov);

	assert_null(hall_overview(c, &officer, "440106", MZ_DAY_INVALID, &e));
	assert_int_equal(e.code, MZ_ENOTFOUND);
	assert_string_equal(e.field, "division");
	assert_null(hall_overview(c, &officer, "440100", MZ_DAY_INVALID, &e));
	assert_null(hall_trend(c, &officer, "test.half", "440103", 12, MZ_DAY_INVALID, &e));
	assert_int_equal(e.code, MZ_ENOTFOUND);

	/* The city's trend: one point a month, the month's last stored day. */
	ov = hall_trend(c, &city, "test.communities", "440100", 2, mz_day_parse("2026-12-15"), &e);
	assert_non_null(ov);
	assert_int_equal(json_array_size(json_object_get(ov, "points")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(ov, "points"), 0), "as_of")),
			    "2026-11-30");
	json_decref(ov);
}

static void values(void **state)
{
	(void)state;
	assert_true(hall_value(HALL_RATE, 1, 4) == 25.0);
	assert_true(hall_value(HALL_RATE, 1, 0) == 0.0);
	assert_true(hall_value(HALL_AVG, 90, 3) == 30.0);
	assert_true(hall_value(HALL_COUNT, 7, 0) == 7.0);
	assert_true(hall_value(HALL_FEN, 12345, 0) == 12345.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refresh_rolls_up),
		cmocka_unit_test(reads_stay_in_scope),
		cmocka_unit_test(values),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
