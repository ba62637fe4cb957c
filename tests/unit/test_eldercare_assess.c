/* test_eldercare_assess.c - ability assessment scoring (GB/T 42195-2022 as
 * seeded by 0010_eldercare.sql) on worked examples: every level boundary,
 * the coma floor, each raise rule, their combinations, bad input named by
 * item; then recording, the current level, and re-assessments falling due. */
#include "test_eldercare_fixture.h"

#include "domains/eldercare/assess.h"
#include "domains/eldercare/eldercare.h"

static ec_assess_std g_std;

static int setup(void **state)
{
	mz_err e = { 0 };

	if (fx_setup(state))
		return -1;
	if (ec_assess_std_load(fx_c, NULL, mz_day_parse("2026-01-01"), &g_std, &e)) {
		fprintf(stderr, "standard: %s\n", e.message);
		return -1;
	}
	return 0;
}

/* Items scoring exactly `total`: start from full marks and take points off
 * item by item, never touching consciousness (set to `consciousness`). */
static json_t *items_for(int total, int consciousness)
{
	json_t *o = json_object();
	int sum = 0;

	for (int i = 0; i < g_std.nitems; i++) {
		int v = !strcmp(g_std.items[i].code, "consciousness") ? consciousness : g_std.items[i].max;
		json_object_set_new(o, g_std.items[i].code, json_integer(v));
		sum += v;
	}
	for (int i = 0; i < g_std.nitems && sum > total; i++) {
		int v;

		if (!strcmp(g_std.items[i].code, "consciousness"))
			continue;
		v = (int)json_integer_value(json_object_get(o, g_std.items[i].code));
		while (v > 0 && sum > total) {
			v--;
			sum--;
		}
		json_object_set_new(o, g_std.items[i].code, json_integer(v));
	}
	assert_int_equal(sum, total);
	return o;
}

/* Scores and returns the final level; base level into *base. */
static int level_of(json_t *items, json_t *conditions, int *base, json_t **res_out)
{
	ec_assess_result r;
	mz_err e = { 0 };
	json_t *res = ec_assess_score(&g_std, items, conditions, &r, &e);

	if (!res) {
		print_error("score: %s (%s)\n", e.message, e.field);
		fail();
	}
	if (base)
		*base = r.base_level;
	if (res_out)
		*res_out = res;
	else
		json_decref(res);
	json_decref(items);
	json_decref(conditions);
	return r.level;
}

static void test_structure(void **state)
{
	(void)state;
	assert_string_equal(g_std.code, "GB/T 42195-2022");
	assert_int_equal(g_std.nitems, 26);
	assert_int_equal(g_std.max_total, 90);
	assert_int_equal(g_std.ndims, 4);
	assert_int_equal(g_std.dims[0].max, 32); /* self-care */
	assert_int_equal(g_std.dims[1].max, 15); /* basic mobility */
	assert_int_equal(g_std.dims[2].max, 28); /* mental state */
	assert_int_equal(g_std.dims[3].max, 15); /* perception & participation */
	assert_int_equal(g_std.worst_level, 4);
}

static void test_level_boundaries(void **state)
{
	/* total -> level, at both sides of every threshold (docs/domain.md). */
	static const int cases[][2] = { { 90, 0 }, { 89, 1 }, { 66, 1 }, { 65, 2 }, { 46, 2 },
					{ 45, 3 }, { 30, 3 }, { 29, 4 }, { 1, 4 } };
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int base = -1;
		int level = level_of(items_for(cases[i][0], cases[i][0] >= 2 ? 2 : cases[i][0]), NULL, &base, NULL);

		if (level != cases[i][1] || base != cases[i][1])
			print_error("total %d: level %d base %d, want %d\n", cases[i][0], level,
				    base, cases[i][1]);
		assert_int_equal(level, cases[i][1]);
	}
	/* 0 is reachable only with consciousness 0, which the coma rule floors at
	 * 3 — below that floor already, so it stays 4. */
	assert_int_equal(level_of(items_for(0, 0), NULL, NULL, NULL), 4);
}

static void test_dimension_scores(void **state)
{
	json_t *res, *items = items_for(90, 2);
	(void)state;

	json_object_set_new(items, "stairs", json_integer(1));    /* mobility -2 */
	json_object_set_new(items, "vision", json_integer(0));    /* perception -2 */
	json_object_set_new(items, "eating", json_integer(3));    /* self-care -1 */
	assert_int_equal(level_of(items, NULL, NULL, &res), 1);
	assert_int_equal(json_integer_value(json_object_get(res, "total")), 85);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(res, "dimensions"), 0), "score")), 31);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(res, "dimensions"), 1), "score")), 13);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(res, "dimensions"), 2), "score")), 28);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(res, "dimensions"), 3), "score")), 13);
	assert_string_equal(json_string_value(json_object_get(res, "level_name_zh")), "轻度失能");
	json_decref(res);
}

static void test_coma_rule(void **state)
{
	json_t *res;
	int base;
	(void)state;

	/* Total 70 would be mild (1); in a coma the person is rated at least 3. */
	assert_int_equal(level_of(items_for(70, 0), NULL, &base, &res), 3);
	assert_int_equal(base, 1);
	assert_int_equal(json_array_size(json_object_get(res, "adjustments")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(res, "adjustments"), 0), "rule")), "coma");
	json_decref(res);
	/* Conscious (1 = drowsy, 2 = clear): no floor. */
	assert_int_equal(level_of(items_for(70, 1), NULL, NULL, NULL), 1);
	/* Already completely impaired: the floor changes nothing and is not listed. */
	assert_int_equal(level_of(items_for(20, 0), NULL, NULL, &res), 4);
	assert_int_equal(json_array_size(json_object_get(res, "adjustments")), 0);
	json_decref(res);
}

static void test_raise_rules(void **state)
{
	json_t *res;
	(void)state;

	assert_int_equal(level_of(items_for(70, 2), json_pack("{s:b}", "dementia", 1), NULL, NULL), 2);
	assert_int_equal(level_of(items_for(70, 2), json_pack("{s:b}", "psychiatric", 1), NULL, NULL), 2);
	assert_int_equal(level_of(items_for(70, 2), json_pack("{s:i}", "risk_events_30d", 2), NULL, NULL), 2);
	/* One risk event is below the threshold; false flags do nothing. */
	assert_int_equal(level_of(items_for(70, 2), json_pack("{s:i,s:b,s:b}", "risk_events_30d", 1,
							       "dementia", 0, "psychiatric", 0), NULL, NULL), 1);
	/* Several conditions at once: one level up, not three. */
	assert_int_equal(level_of(items_for(70, 2), json_pack("{s:b,s:b,s:i}", "dementia", 1,
							       "psychiatric", 1, "risk_events_30d", 5),
				  NULL, &res), 2);
	assert_int_equal(json_array_size(json_object_get(res, "adjustments")), 1);
	json_decref(res);
	/* Intact (90) with dementia becomes mildly impaired. */
	assert_int_equal(level_of(items_for(90, 2), json_pack("{s:b}", "dementia", 1), NULL, NULL), 1);
	/* At the worst level a raise has nowhere to go. */
	assert_int_equal(level_of(items_for(10, 2), json_pack("{s:b}", "dementia", 1), NULL, &res), 4);
	assert_int_equal(json_array_size(json_object_get(res, "adjustments")), 0);
	json_decref(res);
	/* Raise and coma together: mild -> moderate (dementia) -> severe (coma). */
	assert_int_equal(level_of(items_for(70, 0), json_pack("{s:b}", "dementia", 1), NULL, &res), 3);
	assert_int_equal(json_array_size(json_object_get(res, "adjustments")), 2);
	json_decref(res);
	/* Severe (3) raised: completely impaired (4). */
	assert_int_equal(level_of(items_for(40, 2), json_pack("{s:b}", "psychiatric", 1), NULL, NULL), 4);
}

static void expect_error(json_t *items, json_t *conditions, const char *field)
{
	ec_assess_result r;
	mz_err e = { 0 };
	json_t *res = ec_assess_score(&g_std, items, conditions, &r, &e);

	assert_null(res);
	assert_int_equal(e.code, MZ_EINVAL);
	if (strcmp(e.field, field))
		print_error("field '%s', want '%s' (%s)\n", e.field, field, e.message);
	assert_string_equal(e.field, field);
	assert_true(strlen(e.message_zh) > 0);
	json_decref(items);
	json_decref(conditions);
}

static void test_bad_input(void **state)
{
	json_t *items;
	(void)state;

	items = items_for(90, 2);
	json_object_del(items, "toileting");
	expect_error(items, NULL, "items.toileting");
	items = items_for(90, 2);
	json_object_set_new(items, "stairs", json_integer(4)); /* stairs is 0-3 */
	expect_error(items, NULL, "items.stairs");
	items = items_for(90, 2);
	json_object_set_new(items, "eating", json_integer(-1));
	expect_error(items, NULL, "items.eating");
	items = items_for(90, 2);
	json_object_set_new(items, "memory", json_string("4"));
	expect_error(items, NULL, "items.memory");
	items = items_for(90, 2);
	json_object_set_new(items, "dancing", json_integer(1));
	expect_error(items, NULL, "items");
	expect_error(items_for(90, 2), json_pack("{s:i}", "dementia", 1), "conditions.dementia");
	expect_error(items_for(90, 2), json_pack("{s:i}", "risk_events_30d", -1), "conditions.risk_events_30d");
	expect_error(items_for(90, 2), json_pack("{s:b}", "flying", 1), "conditions.flying");
	expect_error(json_array(), NULL, "items");
}

static void test_record_and_due(void **state)
{
	char community[16], today[11], old_day[11];
	int64_t pid;
	json_t *in, *res, *hist, *due;
	int level;
	mz_day t = mz_today();
	(void)state;

	fx_community("440105001", community);
	pid = fx_person(community, 1940, 3, 1, "评估甲");
	mz_day_format(t - 400, old_day);  /* assessed 400 days ago: 12-month re-assessment due */
	in = json_pack("{s:s,s:s,s:s,s:s,s:o,s:o}", "assessed_on", old_day, "assessor", "李评估",
		       "location", "家中", "purpose", "initial", "items", items_for(70, 2),
		       "conditions", json_pack("{s:b}", "dementia", 1));
	res = ec_assess_record(fx_c, &fx_admin, pid, in, NULL);
	assert_non_null(res);
	assert_int_equal(json_integer_value(json_object_get(res, "level")), 2);
	json_decref(res);
	json_decref(in);
	OK(ec_assess_level_of(fx_c, pid, &level, NULL, E));
	assert_int_equal(level, 2);

	due = ec_assess_due(fx_c, &fx_admin, "440105001", t, NULL, 1, 50, NULL);
	assert_non_null(due);
	assert_int_equal(json_integer_value(json_object_get(due, "total")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(due, "items"), 0), "reason")), "periodic");
	json_decref(due);

	/* A new assessment today: nothing due; the level follows the latest. */
	mz_day_format(t, today);
	in = json_pack("{s:s,s:s,s:s,s:s,s:o}", "assessed_on", today, "assessor", "李评估",
		       "location", "家中", "purpose", "periodic", "items", items_for(40, 2));
	res = ec_assess_record(fx_c, &fx_admin, pid, in, NULL);
	assert_non_null(res);
	json_decref(res);
	json_decref(in);
	OK(ec_assess_level_of(fx_c, pid, &level, NULL, E));
	assert_int_equal(level, 3);
	due = ec_assess_due(fx_c, &fx_admin, "440105001", t, NULL, 1, 50, NULL);
	assert_int_equal(json_integer_value(json_object_get(due, "total")), 0);
	json_decref(due);

	/* A reported change makes it due within assess.change_due_days (10). */
	res = ec_assess_report_change(fx_c, &fx_admin, pid, today, "跌倒后卧床", NULL);
	assert_non_null(res);
	json_decref(res);
	due = ec_assess_due(fx_c, &fx_admin, "440105001", t + 10, NULL, 1, 50, NULL);
	assert_int_equal(json_integer_value(json_object_get(due, "total")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(due, "items"), 0), "reason")), "change");
	json_decref(due);
	due = ec_assess_due(fx_c, &fx_admin, "440105001", t + 9, NULL, 1, 50, NULL);
	assert_int_equal(json_integer_value(json_object_get(due, "total")), 0);
	json_decref(due);

	hist = ec_assess_history(fx_c, &fx_admin, pid, NULL);
	assert_non_null(hist);
	assert_int_equal(json_array_size(json_object_get(hist, "items")), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(hist, "current"), "due_reason")), "change");
	json_decref(hist);

	/* Another district's caseworker does not see the person at all. */
	{
		access_ctx tianhe = fx_admin;
		mz_err e = { 0 };

		snprintf(tianhe.scope_code, sizeof(tianhe.scope_code), "440106001");
		access_scope_range("440106001", tianhe.scope_lo, tianhe.scope_hi);
		tianhe.role = ROLE_STREET_CASEWORKER;
		assert_null(ec_assess_history(fx_c, &tianhe, pid, &e));
		assert_int_equal(e.code, MZ_ENOTFOUND);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_level_boundaries),
		cmocka_unit_test(test_dimension_scores),
		cmocka_unit_test(test_coma_rule),
		cmocka_unit_test(test_raise_rules),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_record_and_due),
	};
	return cmocka_run_group_tests(tests, setup, fx_teardown);
}
