/* test_policy_aggregate.c - aggregations over members (sum, count, any, all,
 * min, max, with `where` and over `others`), explicit rounding, division,
 * exact comparisons with rates, and age on a date. */
#include "policy_testlib.h"

static const char agg_rules[] =
	"program agg \"聚合\" \"Aggregation\"\nunit household\n"
	"let n_all \"人数\" = count(members)\n"
	"let n_adults \"成年人数\" = count(members where age >= 18)\n"
	"let n_adults2 \"成年人数2\" = count(members, age >= 18)\n"
	"let wages \"工资合计\" = sum(members, income(wage))\n"
	"let adult_wages \"成年人工资\" = sum(members where age >= 18, income(wage))\n"
	"let youngest \"最小年龄\" = min(members, age)\n"
	"let oldest \"最大年龄\" = max(members, age)\n"
	"let kid_wage \"未成年人最高工资\" = max(members where age < 18, income(wage))\n"
	"let empty_max \"空集最大值\" = max(members where age < 5, income(wage))\n"
	"let any_old \"有老人\" = any(members, age >= 60)\n"
	"let all_old \"都是老人\" = all(members, age >= 60)\n"
	"let any_none \"空集any\" = any(members where age > 200, true)\n"
	"let all_none \"空集all\" = all(members where age > 200, false)\n"
	"let any_where \"any where\" = any(members where disability_grade == 2)\n"
	"let sum_none \"空集sum\" = sum(members where age > 200, income(wage))\n"
	"let r1 \"div_round\" = div_round(wages, 3)\n"
	"let r2 \"div_floor 负\" = div_floor(0 yuan - wages, 3)\n"
	"let r3 \"div_ceil 负\" = div_ceil(0 yuan - wages, 3)\n"
	"let r4 \"div_round 负\" = div_round(0 yuan - wages, 3)\n"
	"let r5 \"div_ceil\" = div_ceil(wages, 3)\n"
	"let z \"除以零\" = div_floor(wages, n_all - 3)\n"
	"let m1 \"round\" = round(wages * 0.3333)\n"
	"let m2 \"floor\" = floor(wages * 0.3333)\n"
	"let m3 \"ceil\" = ceil(wages * 0.3333)\n"
	"let half_up \"半分进位\" = round(1 yuan * 0.005)\n"
	"let half_neg \"负半分\" = round(-1 yuan * 0.005)\n"
	"let exact_yes \"精确比较1\" = 4500.03 yuan <= wages * 1.5\n"
	"let exact_no \"精确比较2\" = 4500.04 yuan <= wages * 1.5\n"
	"let age_2000 \"2000年时最大年龄\" = max(members, age_on(2000-01-01))\n"
	"let graded \"一二级残疾人数\" = count(members where disability_grade in (1, 2))\n"
	"let tier \"档\" = if oldest >= 80 then 3 else if oldest >= 60 then 2 else 1\n"
	"let mixed \"比率相加\" = 0.5 + 1\n"
	"let least \"最小值\" = min(wages, 100 yuan)\n"
	"amount = wages\n";

/* Ages on 2022-03-01: A 70, B 40, C 10. Wages: 1000.00 + 2000.02 + 0. */
static const char three[] =
	"{\"members\": ["
	" {\"id\": \"A\", \"birth_date\": \"1952-03-01\", \"incomes\": {\"wage\": \"1000.00\"}},"
	" {\"id\": \"B\", \"birth_date\": \"1981-06-15\", \"incomes\": {\"wage\": \"2000.02\"}},"
	" {\"id\": \"C\", \"birth_date\": \"2011-12-31\", \"disability\": \"physical\","
	"  \"disability_grade\": 2}]}";

static void test_household_aggregates(void **state)
{
	policy_set *s = tl_load_text(agg_rules);
	json_t *r = tl_eval(s, three, "2022-03-01"), *p = tl_prog(r, "agg");

	(void)state;
	assert_int_equal(tl_value(p, "n_all"), 3);
	assert_int_equal(tl_value(p, "n_adults"), 2);
	assert_int_equal(tl_value(p, "n_adults2"), 2);
	assert_int_equal(tl_value(p, "wages"), 300002);
	assert_int_equal(tl_value(p, "adult_wages"), 300002);
	assert_int_equal(tl_value(p, "youngest"), 10);
	assert_int_equal(tl_value(p, "oldest"), 70); /* the birthday itself counts */
	assert_int_equal(tl_value(p, "kid_wage"), 0);
	assert_int_equal(tl_value(p, "empty_max"), 0); /* min/max of nobody is 0 */
	assert_int_equal(tl_value(p, "any_old"), 1);
	assert_int_equal(tl_value(p, "all_old"), 0);
	assert_int_equal(tl_value(p, "any_none"), 0);
	assert_int_equal(tl_value(p, "all_none"), 1);
	assert_int_equal(tl_value(p, "any_where"), 1);
	assert_int_equal(tl_value(p, "sum_none"), 0);
	/* 300002 / 3 = 100000.67 */
	assert_int_equal(tl_value(p, "r1"), 100001);
	assert_int_equal(tl_value(p, "r2"), -100001);
	assert_int_equal(tl_value(p, "r3"), -100000);
	assert_int_equal(tl_value(p, "r4"), -100001);
	assert_int_equal(tl_value(p, "r5"), 100001);
	assert_int_equal(tl_value(p, "z"), 0); /* division by zero gives 0 */
	/* 300002 x 0.3333 = 99990.6666 fen */
	assert_int_equal(tl_value(p, "m1"), 99991);
	assert_int_equal(tl_value(p, "m2"), 99990);
	assert_int_equal(tl_value(p, "m3"), 99991);
	/* 100 x 0.005 = 0.5 fen: half away from zero, both signs */
	assert_int_equal(tl_value(p, "half_up"), 1);
	assert_int_equal(tl_value(p, "half_neg"), -1);
	/* 300002 x 1.5 = 450003 fen exactly, compared without rounding */
	assert_int_equal(tl_value(p, "exact_yes"), 1);
	assert_int_equal(tl_value(p, "exact_no"), 0);
	assert_int_equal(tl_value(p, "age_2000"), 47);
	assert_int_equal(tl_value(p, "graded"), 1);
	assert_int_equal(tl_value(p, "tier"), 2);
	assert_int_equal(tl_value(p, "mixed"), 15000); /* rate 1.5 */
	assert_int_equal(tl_value(p, "least"), 10000);
	assert_int_equal(tl_amount(p), 300002);
	json_decref(r);
	policy_set_unref(s);
}

static const char others_rules[] =
	"program oth \"其他成员\" \"Others\"\nunit person\n"
	"let others_wage \"其他成员工资\" = sum(others, income(wage))\n"
	"let others_n \"其他成员数\" = count(others)\n"
	"let others_old \"其他成员有老人\" = any(others, age >= 60)\n"
	"let others_young \"其他成员都年轻\" = all(others, age < 60)\n"
	"let others_min \"其他成员最小年龄\" = min(others, age)\n"
	"let others_max \"其他非老年成员最大年龄\" = max(others where age < 60, age)\n"
	"require two \"家庭至少两人\": size >= 2\n"
	"require has_others \"有其他成员\": others_n > 0\n"
	"amount = others_wage\n"
	"output others_min, others_max, others_old, others_young\n";

static json_int_t out_value(json_t *person, const char *name)
{
	json_t *v = json_object_get(json_object_get(json_object_get(person, "outputs"), name), "value");

	return json_is_boolean(v) ? json_is_true(v) : json_integer_value(v);
}

static void test_others(void **state)
{
	policy_set *s = tl_load_text(others_rules);
	json_t *r = tl_eval(s, three, "2022-03-01"), *p = tl_prog(r, "oth"), *a, *b, *c;

	(void)state;
	a = tl_person(p, "A");
	b = tl_person(p, "B");
	c = tl_person(p, "C");
	assert_int_equal(json_integer_value(json_object_get(a, "amount_fen")), 200002);
	assert_int_equal(json_integer_value(json_object_get(b, "amount_fen")), 100000);
	assert_int_equal(json_integer_value(json_object_get(c, "amount_fen")), 300002);
	assert_int_equal(out_value(a, "others_min"), 10);
	assert_int_equal(out_value(a, "others_max"), 40);
	assert_int_equal(out_value(a, "others_old"), 0);
	assert_int_equal(out_value(a, "others_young"), 1);
	assert_int_equal(out_value(b, "others_min"), 10);
	assert_int_equal(out_value(b, "others_max"), 10);
	assert_int_equal(out_value(b, "others_old"), 1);
	assert_int_equal(out_value(b, "others_young"), 0);
	assert_int_equal(out_value(c, "others_max"), 40);
	assert_int_equal(tl_amount(p), 600004); /* a person program sums its persons */
	json_decref(r);

	/* Alone: the household condition fails first, for the person. */
	r = tl_eval(s, "{\"members\": [{\"id\": \"A\", \"age\": 30}]}", "2022-03-01");
	p = tl_prog(r, "oth");
	assert_false(tl_eligible(p));
	assert_string_equal(tl_failed(tl_person(p, "A")), "two");
	json_decref(r);
	policy_set_unref(s);
}

/* A member whose birthday is 29 February. */
static void test_leap_birthday(void **state)
{
	policy_set *s = tl_load_text(agg_rules);
	const char *hh = "{\"members\": [{\"birth_date\": \"2004-02-29\"}]}";
	json_t *r;

	(void)state;
	r = tl_eval(s, hh, "2022-02-28");
	assert_int_equal(tl_value(tl_prog(r, "agg"), "oldest"), 17);
	json_decref(r);
	r = tl_eval(s, hh, "2022-03-01");
	assert_int_equal(tl_value(tl_prog(r, "agg"), "oldest"), 18);
	json_decref(r);
	policy_set_unref(s);
}

/* The same rules through the batch evaluator give the same values. */
static void test_batch_matches(void **state)
{
	policy_set *s = tl_load_text(others_rules);
	json_t *in = json_loads(three, 0, NULL);
	policy_household hh;
	policy_batch b;
	mz_err e = { 0 };
	mz_day d = mz_day_parse("2022-03-01");

	(void)state;
	assert_int_equal(policy_household_from_json(in, s, d, &hh, &e), 0);
	assert_int_equal(policy_eval_batch(s, &hh.cols, d, NULL, &b, &e), 0);
	assert_int_equal(b.result[0].n, 3);
	assert_int_equal(b.result[0].amount[0], 200002);
	assert_int_equal(b.result[0].amount[1], 100000);
	assert_int_equal(b.result[0].amount[2], 300002);
	assert_int_equal(b.result[0].output[0][0], 10);
	assert_int_equal(b.result[0].failed[0], POLICY_FAILED_NONE);
	policy_batch_release(&b);
	policy_household_release(&hh);
	json_decref(in);
	policy_set_unref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_household_aggregates),
		cmocka_unit_test(test_others),
		cmocka_unit_test(test_leap_birthday),
		cmocka_unit_test(test_batch_matches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
