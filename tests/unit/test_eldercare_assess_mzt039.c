/* test_eldercare_assess_mzt039.c - assessments before GB/T 42195-2022
 * (in force 2022-12-30) are scored under MZ/T 039-2013, held as data: each
 * dimension graded 0-3 from its items, the level from the combination of
 * the four grades; the coma floor and the raise rules as in that standard;
 * a bad expression in the data is refused when the standard is loaded; a
 * person's history spans both standards. */
#include "test_eldercare_fixture.h"

#include "domains/eldercare/assess.h"
#include "domains/eldercare/eldercare.h"

static ec_assess_std g_std;

static int setup(void **state)
{
	mz_err e = { 0 };

	if (fx_setup(state))
		return -1;
	if (ec_assess_std_load(fx_c, NULL, mz_day_parse("2020-06-01"), &g_std, &e)) {
		fprintf(stderr, "standard: %s\n", e.message);
		return -1;
	}
	return 0;
}

/* An elder by the four things that matter: the Barthel total (taken off
 * the ADL items from full marks), the mental-state sum, the perception
 * items, the social-participation sum. */
typedef struct { int adl, mental, consciousness, vision, hearing, communication, social; } elder;

static json_t *items_of(elder x)
{
	static const char *adl[] = { "eating", "bathing", "grooming", "dressing", "bowel", "urine",
				     "toileting", "transfer", "walking", "stairs" };
	static const int adl_max[] = { 10, 5, 5, 10, 10, 10, 10, 15, 15, 10 };
	static const char *mental[] = { "cognition", "aggression", "depression" };
	static const char *social[] = { "life_skills", "work_skills", "orientation",
					"person_orientation", "social_skills" };
	json_t *o = json_object();
	int off = 100 - x.adl;

	for (int i = 0; i < 10; i++) {
		int v = adl_max[i] - (off > adl_max[i] ? adl_max[i] : off);

		off -= adl_max[i] - v;
		json_object_set_new(o, adl[i], json_integer(v));
	}
	for (int i = 0, left = x.mental; i < 3; i++, left -= left > 2 ? 2 : left)
		json_object_set_new(o, mental[i], json_integer(left > 2 ? 2 : left));
	json_object_set_new(o, "consciousness", json_integer(x.consciousness));
	json_object_set_new(o, "vision", json_integer(x.vision));
	json_object_set_new(o, "hearing", json_integer(x.hearing));
	json_object_set_new(o, "communication", json_integer(x.communication));
	for (int i = 0, left = x.social; i < 5; i++, left -= left > 4 ? 4 : left)
		json_object_set_new(o, social[i], json_integer(left > 4 ? 4 : left));
	return o;
}

static int grade_of(json_t *res, const char *dim)
{
	size_t i;
	json_t *d;

	json_array_foreach(json_object_get(res, "dimensions"), i, d)
		if (!strcmp(json_string_value(json_object_get(d, "code")), dim))
			return (int)json_integer_value(json_object_get(d, "grade"));
	fail_msg("no dimension %s", dim);
	return -1;
}

/* Scores x (with conditions, may be NULL): the final level; the result in *out. */
static int level(elder x, json_t *conditions, json_t **out)
{
	ec_assess_result r;
	mz_err e = { 0 };
	json_t *items = items_of(x);
	json_t *res = ec_assess_score(&g_std, items, conditions, &r, &e);

	json_decref(items);
	json_decref(conditions);
	if (!res)
		fail_msg("scoring failed: %s", e.message);
	if (out)
		*out = res;
	else
		json_decref(res);
	return r.level;
}

static void test_standard_by_date(void **state)
{
	ec_assess_std now;
	(void)state;

	assert_string_equal(g_std.code, "MZ/T 039-2013");
	assert_int_equal(g_std.ndims, 4);
	assert_int_equal(g_std.nitems, 22);
	assert_int_equal(g_std.ncombos, 4);
	OK(ec_assess_std_load(fx_c, NULL, mz_day_parse("2022-12-29"), &now, E));
	assert_string_equal(now.code, "MZ/T 039-2013");
	OK(ec_assess_std_load(fx_c, NULL, mz_day_parse("2022-12-30"), &now, E));
	assert_string_equal(now.code, "GB/T 42195-2022");
}

static void test_dimension_grades(void **state)
{
	json_t *res;
	(void)state;

	/* Barthel 100/95/65/60/45/40: the ADL grade bands. */
	static const int adl[][2] = { { 100, 0 }, { 95, 1 }, { 65, 1 }, { 60, 2 }, { 45, 2 }, { 40, 3 }, { 0, 3 } };
	for (size_t i = 0; i < sizeof(adl) / sizeof(adl[0]); i++) {
		level((elder){ adl[i][0], 0, 0, 0, 0, 0, 0 }, NULL, &res);
		assert_int_equal(grade_of(res, "adl"), adl[i][1]);
		json_decref(res);
	}
	/* Mental state sums 0, 1, 2-3, 4-6. */
	static const int mental[][2] = { { 0, 0 }, { 1, 1 }, { 3, 2 }, { 4, 3 }, { 6, 3 } };
	for (size_t i = 0; i < sizeof(mental) / sizeof(mental[0]); i++) {
		level((elder){ 100, mental[i][0], 0, 0, 0, 0, 0 }, NULL, &res);
		assert_int_equal(grade_of(res, "mental"), mental[i][1]);
		json_decref(res);
	}
	/* Perception by its worst item. */
	level((elder){ 100, 0, 0, 2, 1, 0, 0 }, NULL, &res);
	assert_int_equal(grade_of(res, "perception"), 1);
	json_decref(res);
	level((elder){ 100, 0, 1, 0, 0, 0, 0 }, NULL, &res);
	assert_int_equal(grade_of(res, "perception"), 2);
	json_decref(res);
	level((elder){ 100, 0, 0, 0, 4, 0, 0 }, NULL, &res);
	assert_int_equal(grade_of(res, "perception"), 3);
	json_decref(res);
	/* Social participation sums 0-2, 3-7, 8-13, 14-20. */
	static const int social[][2] = { { 2, 0 }, { 3, 1 }, { 7, 1 }, { 8, 2 }, { 13, 2 }, { 14, 3 } };
	for (size_t i = 0; i < sizeof(social) / sizeof(social[0]); i++) {
		level((elder){ 100, 0, 0, 0, 0, 0, social[i][0] }, NULL, &res);
		assert_int_equal(grade_of(res, "social"), social[i][1]);
		json_decref(res);
	}
}

static void test_levels_by_combination(void **state)
{
	json_t *res;
	(void)state;

	/* All 0, social 1: intact. */
	assert_int_equal(level((elder){ 100, 0, 0, 0, 0, 0, 5 }, NULL, &res), 0);
	assert_non_null(json_object_get(res, "decided_by"));
	json_decref(res);
	/* ADL 0 but social 2: mild. ADL 0, hearing 2: mild. */
	assert_int_equal(level((elder){ 100, 0, 0, 0, 0, 0, 9 }, NULL, NULL), 1);
	assert_int_equal(level((elder){ 100, 0, 0, 0, 2, 0, 0 }, NULL, NULL), 1);
	/* ADL 1 with the others 0 or 1: mild. */
	assert_int_equal(level((elder){ 80, 1, 0, 0, 0, 0, 3 }, NULL, NULL), 1);
	/* ADL 1 and the other three all 2: moderate; ADL 1 and one of them 3: moderate. */
	assert_int_equal(level((elder){ 80, 2, 1, 0, 0, 0, 10 }, NULL, NULL), 2);
	assert_int_equal(level((elder){ 80, 5, 0, 0, 0, 0, 0 }, NULL, NULL), 2);
	/* ADL 2 with others at 1-2: moderate. */
	assert_int_equal(level((elder){ 50, 1, 0, 0, 0, 0, 3 }, NULL, NULL), 2);
	/* ADL 2 and one other 3: severe; all four at 2: severe; ADL 3: severe. */
	assert_int_equal(level((elder){ 50, 0, 0, 0, 0, 0, 15 }, NULL, NULL), 3);
	assert_int_equal(level((elder){ 50, 2, 1, 0, 0, 0, 10 }, NULL, NULL), 3);
	assert_int_equal(level((elder){ 30, 0, 0, 0, 0, 0, 0 }, NULL, NULL), 3);
}

static void test_adjustments(void **state)
{
	json_t *res;
	(void)state;

	/* In a coma: severely impaired whatever the rest. */
	assert_int_equal(level((elder){ 100, 0, 3, 0, 0, 0, 0 }, NULL, &res), 3);
	assert_int_equal(json_array_size(json_object_get(res, "adjustments")), 1);
	json_decref(res);
	/* Diagnosed dementia lifts mild to moderate; two falls in 30 days likewise; not past severe. */
	assert_int_equal(level((elder){ 80, 1, 0, 0, 0, 0, 3 }, json_pack("{s:b}", "dementia", 1), NULL), 2);
	assert_int_equal(level((elder){ 80, 1, 0, 0, 0, 0, 3 }, json_pack("{s:i}", "risk_events_30d", 2), NULL), 2);
	assert_int_equal(level((elder){ 30, 0, 0, 0, 0, 0, 0 }, json_pack("{s:b}", "psychiatric", 1), NULL), 3);
}

static void test_bad_data_refused(void **state)
{
	ec_assess_std s = g_std;
	mz_err e = { 0 };
	int v;
	char err[96];
	(void)state;

	snprintf(s.combos[0].expr, sizeof(s.combos[0].expr), "adl = 3 or adl_grade = 2");
	assert_int_equal(ec_assess_std_check(&s, &e), -1);
	assert_non_null(strstr(e.message, "unknown name 'adl_grade'"));
	s = g_std;
	snprintf(s.grades[0].expr, sizeof(s.grades[0].expr), "sum >= (65");
	assert_int_equal(ec_assess_std_check(&s, &e), -1);
	assert_int_equal(ec_expr_eval("1 + 2 * 3", NULL, NULL, &v, err, sizeof(err)), -1);
}

static void test_history_spans_the_change(void **state)
{
	char community[16];
	int64_t pid;
	json_t *in, *res, *hist;
	int lvl;
	(void)state;

	fx_community("440105001", community);
	pid = fx_person(community, 1938, 5, 5, "跨标准评估");
	in = json_pack("{s:s,s:s,s:s,s:s,s:o}", "assessed_on", "2021-05-10", "assessor", "王评估",
		       "location", "家中", "purpose", "initial", "items", items_of((elder){ 50, 2, 1, 0, 0, 0, 10 }));
	res = ec_assess_record(fx_c, &fx_admin, pid, in, NULL);
	assert_non_null(res);
	assert_string_equal(json_string_value(json_object_get(res, "standard")), "MZ/T 039-2013");
	assert_int_equal(json_integer_value(json_object_get(res, "level")), 3);
	json_decref(res);
	json_decref(in);
	OK(ec_assess_level_of(fx_c, pid, &lvl, NULL, E));
	assert_int_equal(lvl, 3);
	/* The same person's 2021 items under today's standard are refused by name. */
	in = json_pack("{s:s,s:s,s:s,s:s,s:o}", "assessed_on", "2023-02-01", "assessor", "王评估",
		       "location", "家中", "purpose", "periodic", "items", items_of((elder){ 50, 2, 1, 0, 0, 0, 10 }));
	assert_null(ec_assess_record(fx_c, &fx_admin, pid, in, NULL));
	json_decref(in);
	hist = ec_assess_history(fx_c, &fx_admin, pid, NULL);
	assert_non_null(hist);
	assert_int_equal(json_array_size(json_object_get(hist, "items")), 1);
	json_decref(hist);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_standard_by_date),
		cmocka_unit_test(test_dimension_grades),
		cmocka_unit_test(test_levels_by_combination),
		cmocka_unit_test(test_adjustments),
		cmocka_unit_test(test_bad_data_refused),
		cmocka_unit_test(test_history_spans_the_change),
	};
	return cmocka_run_group_tests(tests, setup, fx_teardown);
}
