/* test_policy_programs.c - every shipped program on households worked out by
 * hand from docs/domain.md's rules; the arithmetic is in the comments. All in
 * 天河 (440106) unless said otherwise. */
#include "policy_testlib.h"

static policy_set *S;

static int setup(void **state)
{
	(void)state;
	S = tl_load_shipped();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	policy_set_unref(S);
	return 0;
}

/* Evaluates hh on date and checks program `code` (household programs, or
 * the person `person` of a person program). */
static json_t *check(const char *hh, const char *date, const char *code, const char *person,
		     int eligible, json_int_t amount, const char *failed)
{
	json_t *r = tl_eval(S, hh, date), *p = tl_prog(r, code);

	if (person)
		p = tl_person(p, person);
	if (tl_eligible(p) != eligible || tl_amount(p) != amount || strcmp(tl_failed(p), failed)) {
		char *dump = json_dumps(p, JSON_INDENT(1));

		fprintf(stderr, "%s\n", dump);
		free(dump);
		fail_msg("%s%s%s on %s: got eligible %d amount %lld failed %s", code,
			 person ? " person " : "", person ? person : "", date, tl_eligible(p),
			 (long long)tl_amount(p), tl_failed(p));
	}
	return r;
}

#define CHECK(...) json_decref(check(__VA_ARGS__))

/* ---- 低保 --------------------------------------------------------------------------- */

static void test_dibao_family(void **state)
{
	/* Applicant 45: wage 1500.00 minus social insurance 150.00 = 1350.00;
	 * spouse and a child of 12 without income. 3 members, 1350.00 a month:
	 * per capita floor(135000 / 3) = 45000 fen = 450.00 < 1120.00.
	 * Amount (112000 - 45000) x 3 = 201000 fen = 2010.00. */
	const char *hh = "{\"division\": \"440106\", \"members\": ["
			 " {\"relation\": \"applicant\", \"age\": 45,"
			 "  \"incomes\": {\"wage\": \"1500.00\"}, \"expenses\": {\"social_insurance\": 150}},"
			 " {\"relation\": \"spouse\", \"age\": 43},"
			 " {\"relation\": \"child\", \"age\": 12}]}";
	json_t *r = check(hh, "2022-03-01", "dibao", NULL, 1, 201000, "null");
	json_t *p = tl_prog(r, "dibao");

	(void)state;
	assert_string_equal(tl_cond_text(p, "income_test"), "人均月收入 450.00 < 低保标准 1120.00");
	assert_int_equal(tl_value(p, "family_size"), 3);
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(json_object_get(p, "outputs"), "covered"), "value")),
			 3);
	json_decref(r);
	/* The same family on 2021-03-31 (standard 1080.00): (108000 - 45000) x 3 = 189000. */
	CHECK(hh, "2021-03-31", "dibao", NULL, 1, 189000, "null");
}

static void test_dibao_members(void **state)
{
	/* Art. 7. The spouse is in prison (not counted, nor the 5000.00 wage);
	 * the son of 25 works and lives independently (not counted); the
	 * daughter of 20 is a full-time student (counted). Counted: applicant
	 * with 1000.00 and the daughter: per capita 500.00.
	 * Amount (112000 - 50000) x 2 = 124000. */
	const char *hh = "{\"members\": ["
			 " {\"relation\": \"applicant\", \"age\": 50, \"incomes\": {\"wage\": 1000}},"
			 " {\"relation\": \"spouse\", \"age\": 50, \"flags\": [\"in_prison\"],"
			 "  \"incomes\": {\"wage\": 5000}},"
			 " {\"relation\": \"child\", \"age\": 25, \"incomes\": {\"wage\": 6000}},"
			 " {\"relation\": \"child\", \"age\": 20, \"flags\": [\"full_time_student\"]}]}";

	(void)state;
	CHECK(hh, "2022-03-01", "dibao", NULL, 1, 124000, "null");
	/* A parent with a duty of support living with the applicant counts:
	 * 3 persons, 1000.00: per capita floor(100000/3) = 33333;
	 * amount (112000 - 33333) x 3 = 236001. */
	CHECK("{\"members\": ["
	      " {\"relation\": \"applicant\", \"age\": 50, \"incomes\": {\"wage\": 1000}},"
	      " {\"relation\": \"parent\", \"age\": 78, \"flags\": [\"support_duty\", \"lives_together\"]},"
	      " {\"relation\": \"parent\", \"age\": 80, \"flags\": [\"support_duty\", \"lives_together\"]}]}",
	      "2022-03-01", "dibao", NULL, 1, 236001, "null");
	/* Art. 7: a spouse who is religious personnel living apart is left out
	 * after three years counted to the decision date, not before. Apart
	 * since 2019-03-01: on 2022-02-28 that is 35 whole months (counted:
	 * 2 persons, 1000.00 + 0: per capita 500.00, amount (112000 - 50000)
	 * x 2 = 124000); on 2022-03-01, 36 (left out: 1 person at 1000.00,
	 * amount 112000 - 100000 = 12000). */
	{
		const char *apart = "{\"members\": ["
				    " {\"relation\": \"applicant\", \"age\": 50, \"incomes\": {\"wage\": 1000}},"
				    " {\"relation\": \"spouse\", \"age\": 52, \"flags\": [\"religious_apart\"],"
				    "  \"religious_apart_since\": \"2019-03-01\"}]}";

		CHECK(apart, "2022-02-28", "dibao", NULL, 1, 124000, "null");
		CHECK(apart, "2022-03-01", "dibao", NULL, 1, 12000, "null");
	}
}

static void test_dibao_income_exclusions(void **state)
{
	/* Art. 13: 优待抚恤金, family-planning rewards, scholarships, 见义勇为
	 * rewards, social assistance and the basic residents' pension are not
	 * income. Counted: the personal-account pension 200.00 only.
	 * Amount 1120.00 - 200.00 = 920.00. */
	const char *hh = "{\"members\": [{\"relation\": \"applicant\", \"age\": 70, \"incomes\": {"
			 " \"veterans\": 800, \"family_planning\": 100, \"scholarship\": 300,"
			 " \"heroism\": 1000, \"social_assistance\": 500, \"elderly_allowance\": 100,"
			 " \"residents_pension_basic\": \"180.00\","
			 " \"residents_pension_personal\": \"200.00\"}}]}";

	(void)state;
	CHECK(hh, "2022-03-01", "dibao", NULL, 1, 92000, "null");
}

static void test_dibao_refusals(void **state)
{
	(void)state;
	/* 1200.00 >= 1120.00: refused for income, and the reason is listed. */
	{
		json_t *r = check("{\"members\": [{\"age\": 40, \"incomes\": {\"wage\": 1200}}]}",
				  "2022-03-01", "dibao", NULL, 0, 0, "income_test");
		json_t *reasons = json_object_get(tl_prog(r, "dibao"), "reasons");

		assert_int_equal(json_array_size(reasons), 1);
		assert_string_equal(json_string_value(json_array_get(reasons, 0)),
				    "家庭人均收入低于当地低保标准");
		json_decref(r);
	}
	/* Deposits 30000.00 > 24 x 1120.00 = 26880.00 per person. */
	CHECK("{\"assets\": {\"deposits\": \"30000\"}, \"members\": [{\"age\": 40}]}", "2022-03-01",
	      "dibao", NULL, 0, 0, "asset_test");
	/* Two deposits of 26880.00 for two persons: exactly the limit passes:
	 * amount 1120.00 x 2. */
	CHECK("{\"assets\": {\"deposits\": \"53760\"}, \"members\": [{\"age\": 40}, {\"relation\": "
	      "\"spouse\", \"age\": 40}]}",
	      "2022-03-01", "dibao", NULL, 1, 224000, "null");
	/* A car (placeholder limit: none). */
	CHECK("{\"vehicle_count\": 1, \"members\": [{\"age\": 40}]}", "2022-03-01", "dibao", NULL, 0,
	      0, "vehicle_test");
	/* Applying alone without being seriously ill or disabled. */
	CHECK("{\"flags\": [\"apply_alone\"], \"members\": [{\"age\": 40}]}", "2022-03-01", "dibao",
	      NULL, 0, 0, "alone_test");
	/* Everyone counted is in prison: nobody to support. */
	CHECK("{\"members\": [{\"age\": 40, \"flags\": [\"in_prison\"]}]}", "2022-03-01", "dibao",
	      NULL, 0, 0, "has_members");
}

static void test_dibao_rigid(void **state)
{
	/* Wage 2000.00, own medical costs 900.00: from 2021-07-01 deducted:
	 * 1100.00 < 1120.00, amount 20.00. Before, 2000.00 is too much. */
	const char *hh = "{\"members\": [{\"age\": 50, \"incomes\": {\"wage\": 2000},"
			 " \"expenses\": {\"medical\": 900}}]}";

	(void)state;
	CHECK(hh, "2022-03-01", "dibao", NULL, 1, 2000, "null");
	CHECK(hh, "2021-06-30", "dibao", NULL, 0, 0, "income_test");
}

/* ---- 低保边缘 ------------------------------------------------------------------------ */

static void test_near_dibao(void **state)
{
	/* Two persons, 3000.00: per capita 1500.00 >= 1120.00 (no dibao) but
	 * < 1.5 x 1120.00 = 1680.00: near-dibao, no cash amount. */
	const char *near = "{\"members\": [{\"age\": 40, \"incomes\": {\"wage\": 3000}},"
			   " {\"relation\": \"spouse\", \"age\": 40}]}";
	json_t *r;

	(void)state;
	r = check(near, "2022-03-01", "near_dibao", NULL, 1, 0, "null");
	assert_string_equal(tl_cond_text(tl_prog(r, "near_dibao"), "income_test"),
			    "家庭人均月收入 1500.00 < 低保边缘标准 1680.00");
	json_decref(r);
	CHECK(near, "2022-03-01", "dibao", NULL, 0, 0, "income_test");
	/* 3400.00 / 2 = 1700.00 >= 1680.00 */
	CHECK("{\"members\": [{\"age\": 40, \"incomes\": {\"wage\": 3400}},"
	      " {\"relation\": \"spouse\", \"age\": 40}]}",
	      "2022-03-01", "near_dibao", NULL, 0, 0, "income_test");
	/* A dibao family is not near-dibao. */
	CHECK("{\"members\": [{\"age\": 40}]}", "2022-03-01", "near_dibao", NULL, 0, 0, "not_dibao");
	/* Nor one already enrolled in dibao. */
	CHECK("{\"enrolled\": [\"dibao\"], \"members\": [{\"age\": 40, \"incomes\": {\"wage\": 3000}},"
	      " {\"relation\": \"spouse\", \"age\": 40}]}",
	      "2022-03-01", "near_dibao", NULL, 0, 0, "not_dibao");
}

/* ---- 特困 ----------------------------------------------------------------------------- */

static void test_tekun(void **state)
{
	(void)state;
	/* Alone at 75, no income, 2 of 6 activities not achieved: 半护理.
	 * 1120.00 x 1.6 = 1792.00, plus 690.00 (placeholder) = 2482.00. */
	{
		json_t *r = check("{\"members\": [{\"id\": \"li\", \"age\": 75, \"selfcare_unable\": 2}]}",
				  "2022-03-01", "tekun", "li", 1, 248200, "null");
		json_t *out = json_object_get(json_object_get(tl_person(tl_prog(r, "tekun"), "li"),
							      "outputs"),
					      "care_tier");

		assert_int_equal(json_integer_value(json_object_get(out, "value")), 2);
		json_decref(r);
	}
	/* 5 of 6 not achieved: 全护理: 1792.00 + 1380.00 = 3172.00. */
	CHECK("{\"members\": [{\"id\": \"li\", \"age\": 75, \"selfcare_unable\": 5}]}", "2022-03-01",
	      "tekun", "li", 1, 317200, "null");
	/* A son of 40 earning 5000.00 can support her. */
	CHECK("{\"members\": [{\"id\": \"li\", \"age\": 75},"
	      " {\"id\": \"son\", \"relation\": \"child\", \"age\": 40, \"incomes\": {\"wage\": 5000}}]}",
	      "2022-03-01", "tekun", "li", 0, 0, "no_supporter_test");
	/* Unless he is severely disabled with little income (< 1680.00). */
	CHECK("{\"members\": [{\"id\": \"li\", \"age\": 75},"
	      " {\"id\": \"son\", \"relation\": \"child\", \"age\": 40, \"disability\": \"physical\","
	      "  \"disability_grade\": 1, \"incomes\": {\"wage\": 500}}]}",
	      "2022-03-01", "tekun", "li", 1, 202200, "null");
	/* Or in prison. */
	CHECK("{\"members\": [{\"id\": \"li\", \"age\": 75},"
	      " {\"id\": \"son\", \"relation\": \"child\", \"age\": 40, \"flags\": [\"in_prison\"],"
	      "  \"incomes\": {\"wage\": 5000}}]}",
	      "2022-03-01", "tekun", "li", 1, 202200, "null");
	/* 45, no disability: able to work. */
	CHECK("{\"members\": [{\"id\": \"li\", \"age\": 45}]}", "2022-03-01", "tekun", "li", 0, 0,
	      "no_capacity");
	/* Grade-3 intellectual disability at 45: no work capacity. */
	CHECK("{\"members\": [{\"id\": \"li\", \"age\": 45, \"disability\": \"intellectual\","
	      " \"disability_grade\": 3}]}",
	      "2022-03-01", "tekun", "li", 1, 202200, "null");
	/* A wage of 1200.00 is a living. */
	CHECK("{\"members\": [{\"id\": \"li\", \"age\": 75, \"incomes\": {\"wage\": 1200}}]}",
	      "2022-03-01", "tekun", "li", 0, 0, "no_income");
	/* Art. 6: an employees'-scheme pension is transfer income and counts:
	 * 3523.00 a month is far above the 1120.00 standard. */
	CHECK("{\"members\": [{\"id\": \"li\", \"age\": 75, \"incomes\": {\"employee_pension\": 3523}}]}",
	      "2022-03-01", "tekun", "li", 0, 0, "no_income");
	/* So does unemployment benefit, and the residents' personal-account
	 * pension: 700.00 + 500.00 = 1200.00 >= 1120.00. */
	CHECK("{\"members\": [{\"id\": \"li\", \"age\": 75, \"incomes\": "
	      "{\"residents_pension_personal\": 700, \"unemployment\": 500}}]}",
	      "2022-03-01", "tekun", "li", 0, 0, "no_income");
	/* Left out (Art. 6): the residents' basic pension's central base amount,
	 * medical-insurance reimbursements, 优待抚恤金, 高龄津贴 — 4000.00 of
	 * them together still leaves "no income": 1792.00 + 230.00 = 2022.00. */
	CHECK("{\"members\": [{\"id\": \"li\", \"age\": 75, \"incomes\": "
	      "{\"residents_pension_basic\": 1000, \"insurance_benefit\": 1000,"
	      " \"veterans\": 1000, \"elderly_allowance\": 1000}}]}",
	      "2022-03-01", "tekun", "li", 1, 202200, "null");
	/* Art. 8: a son of 62 living apart with a duty of support and 3000.00
	 * of wages can support her, although her own household would qualify
	 * for dibao: dibao makes a supporter unable only when he receives it. */
	CHECK("{\"members\": [{\"id\": \"li\", \"age\": 75},"
	      " {\"id\": \"son\", \"relation\": \"child\", \"age\": 62, \"flags\": [\"support_duty\"],"
	      "  \"incomes\": {\"wage\": 3000}}]}",
	      "2022-03-01", "tekun", "li", 0, 0, "no_supporter_test");
	/* He receives dibao himself (in his own household) and is 60+: unable. */
	CHECK("{\"members\": [{\"id\": \"li\", \"age\": 75},"
	      " {\"id\": \"son\", \"relation\": \"child\", \"age\": 62,"
	      "  \"flags\": [\"support_duty\", \"receives_dibao\"], \"incomes\": {\"wage\": 3000}}]}",
	      "2022-03-01", "tekun", "li", 1, 202200, "null");
	/* On dibao but 55: the age condition of Art. 8 is not met. */
	CHECK("{\"members\": [{\"id\": \"li\", \"age\": 75},"
	      " {\"id\": \"son\", \"relation\": \"child\", \"age\": 55,"
	      "  \"flags\": [\"support_duty\", \"receives_dibao\"], \"incomes\": {\"wage\": 3000}}]}",
	      "2022-03-01", "tekun", "li", 0, 0, "no_supporter_test");
	/* A child enrolled in the orphan allowance is not also 特困 (Art. 9). */
	CHECK("{\"members\": [{\"id\": \"g\", \"age\": 80}, {\"id\": \"kid\", \"relation\": "
	      "\"grandchild\", \"age\": 8, \"enrolled\": [\"orphan\"]}]}",
	      "2022-03-01", "tekun", "kid", 0, 0, "not_child_scheme");
}

/* ---- 残疾人两项补贴 ---------------------------------------------------------------------- */

static void test_disability_subsidies(void **state)
{
	/* A dibao family (no income) with a grade-3 physical disability: the
	 * living subsidy 209.00 (2025), 217.00 (2026); not the care subsidy. */
	const char *hh = "{\"members\": [{\"id\": \"wu\", \"age\": 50, \"disability\": \"physical\","
			 " \"disability_grade\": 3}]}";

	(void)state;
	CHECK(hh, "2025-06-01", "disability_living", "wu", 1, 20900, "null");
	CHECK(hh, "2026-01-01", "disability_living", "wu", 1, 21700, "null");
	CHECK(hh, "2022-03-01", "disability_living", "wu", 0, 0, "not_in_force");
	CHECK(hh, "2025-06-01", "disability_care", "wu", 0, 0, "severe");
	/* Not a dibao family: 5000.00 a month. */
	CHECK("{\"members\": [{\"id\": \"wu\", \"age\": 50, \"disability\": \"physical\","
	      " \"disability_grade\": 3, \"incomes\": {\"wage\": 5000}}]}",
	      "2025-06-01", "disability_living", "wu", 0, 0, "poor_family");
	/* Grade 1, needs long-term care: the care subsidy 280.00 (2025), 290.00 (2026),
	 * whatever the income. */
	CHECK("{\"members\": [{\"id\": \"wu\", \"age\": 50, \"disability\": \"visual\","
	      " \"disability_grade\": 1, \"flags\": [\"needs_long_term_care\"],"
	      " \"incomes\": {\"wage\": 5000}}]}",
	      "2025-06-01", "disability_care", "wu", 1, 28000, "null");
	CHECK("{\"members\": [{\"id\": \"wu\", \"age\": 50, \"disability\": \"visual\","
	      " \"disability_grade\": 1, \"flags\": [\"needs_long_term_care\"]}]}",
	      "2026-03-01", "disability_care", "wu", 1, 29000, "null");
	/* Grade 1 without the need for long-term care. */
	CHECK("{\"members\": [{\"id\": \"wu\", \"age\": 50, \"disability\": \"visual\","
	      " \"disability_grade\": 1}]}",
	      "2025-06-01", "disability_care", "wu", 0, 0, "needs_care");
	/* A disabled de facto unattended child on the full allowance does not
	 * also get the living subsidy. */
	CHECK("{\"members\": [{\"id\": \"g\", \"age\": 70}, {\"id\": \"kid\", \"relation\": "
	      "\"grandchild\", \"age\": 9, \"father\": \"imprisoned\","
	      " \"mother\": {\"state\": \"severely_disabled\", \"grade\": 1},"
	      " \"disability\": \"hearing\", \"disability_grade\": 2}]}",
	      "2025-06-01", "disability_living", "kid", 0, 0, "not_full_unattended");
}

/* ---- 孤儿 / 事实无人抚养儿童 ------------------------------------------------------------ */

static void test_orphan(void **state)
{
	/* Father dead, mother untraceable, living with a grandmother of 70:
	 * the orphan standard 2637.00 (2021). */
	const char *hh = "{\"members\": [{\"id\": \"g\", \"age\": 70},"
			 " {\"id\": \"kid\", \"relation\": \"grandchild\", \"age\": 8,"
			 "  \"flags\": [\"support_duty\", \"lives_together\"],"
			 "  \"father\": \"dead\", \"mother\": \"untraceable\"}]}";

	(void)state;
	CHECK(hh, "2022-03-01", "orphan", "kid", 1, 263700, "null");
	CHECK(hh, "2021-03-31", "orphan", "kid", 1, 257000, "null"); /* 2570.00 (2020) */
	CHECK(hh, "2022-03-01", "orphan", "g", 0, 0, "minor");
	CHECK(hh, "2022-03-01", "unattended_child", "kid", 0, 0, "not_orphan");
	/* The family is on dibao (2 counted, no income): the child's share is
	 * 1120.00 - 0 = 1120.00, topped up to 2637.00: 1517.00. */
	CHECK("{\"enrolled\": [\"dibao\"], \"members\": [{\"id\": \"g\", \"age\": 70},"
	      " {\"id\": \"kid\", \"relation\": \"grandchild\", \"age\": 8,"
	      "  \"flags\": [\"support_duty\", \"lives_together\"],"
	      "  \"father\": \"dead\", \"mother\": \"untraceable\"}]}",
	      "2022-03-01", "orphan", "kid", 1, 151700, "null");
	/* 18 years old: no longer a minor. */
	CHECK("{\"members\": [{\"id\": \"kid\", \"age\": 18, \"father\": \"dead\", \"mother\": \"dead\"}]}",
	      "2022-03-01", "orphan", "kid", 0, 0, "minor");
}

static void test_unattended_child(void **state)
{
	(void)state;
	/* Father in prison, mother severely disabled (grade 1): at the orphan
	 * standard. */
	CHECK("{\"members\": [{\"id\": \"g\", \"age\": 66}, {\"id\": \"kid\", \"relation\": "
	      "\"grandchild\", \"age\": 10, \"father\": \"imprisoned\","
	      " \"mother\": {\"state\": \"severely_disabled\", \"grade\": 1}}]}",
	      "2022-03-01", "unattended_child", "kid", 1, 263700, "null");
	/* 重残 is grade 1 or 2: a grade-3 mother is not severely disabled. */
	CHECK("{\"members\": [{\"id\": \"kid\", \"age\": 10, \"father\": \"imprisoned\","
	      " \"mother\": {\"state\": \"severely_disabled\", \"grade\": 3}}]}",
	      "2022-03-01", "unattended_child", "kid", 0, 0, "unattended");
	/* Father dead, mother out of contact since 2021-09-01: six whole months
	 * on 2022-03-01 ... */
	CHECK("{\"members\": [{\"id\": \"kid\", \"age\": 10, \"father\": \"dead\","
	      " \"mother\": {\"state\": \"out_of_contact\", \"since\": \"2021-09-01\"}}]}",
	      "2022-03-01", "unattended_child", "kid", 1, 263700, "null");
	/* ... but one day short on 2022-02-28: counted to the decision date. */
	CHECK("{\"members\": [{\"id\": \"kid\", \"age\": 10, \"father\": \"dead\","
	      " \"mother\": {\"state\": \"out_of_contact\", \"since\": \"2021-09-01\"}}]}",
	      "2022-02-28", "unattended_child", "kid", 0, 0, "unattended");
	/* Father present: not unattended. */
	CHECK("{\"members\": [{\"id\": \"kid\", \"age\": 10, \"mother\": \"imprisoned\"}]}",
	      "2022-03-01", "unattended_child", "kid", 0, 0, "unattended");
}

/* ---- 高龄津贴 (every figure a placeholder) --------------------------------------------- */

static void test_elderly_allowance(void **state)
{
	(void)state;
	CHECK("{\"members\": [{\"id\": \"a\", \"age\": 85, \"flags\": [\"local_hukou\"]}]}",
	      "2022-03-01", "elderly_allowance", "a", 1, 10000, "null");
	CHECK("{\"members\": [{\"id\": \"a\", \"age\": 92, \"flags\": [\"local_hukou\"]}]}",
	      "2022-03-01", "elderly_allowance", "a", 1, 20000, "null");
	CHECK("{\"members\": [{\"id\": \"a\", \"age\": 100, \"flags\": [\"local_hukou\"]}]}",
	      "2022-03-01", "elderly_allowance", "a", 1, 50000, "null");
	CHECK("{\"members\": [{\"id\": \"a\", \"age\": 85}]}", "2022-03-01", "elderly_allowance", "a",
	      0, 0, "residence");
	CHECK("{\"members\": [{\"id\": \"a\", \"age\": 79, \"flags\": [\"local_hukou\"]}]}",
	      "2022-03-01", "elderly_allowance", "a", 0, 0, "old_enough");
}

/* ---- the household input ---------------------------------------------------------------- */

static void test_input_errors(void **state)
{
	static const struct {
		const char *json, *field;
	} bad[] = {
		{ "{}", "members" },
		{ "{\"members\": []}", "members" },
		{ "{\"members\": [{}]}", "members[0]" },
		{ "{\"members\": [{\"age\": 40, \"incomes\": {\"wages\": 100}}]}", "members[0].incomes.wages" },
		{ "{\"members\": [{\"age\": 40, \"incomes\": {\"wage\": 100.5}}]}", "members[0].incomes.wage" },
		{ "{\"members\": [{\"age\": 40, \"incomes\": {\"wage\": \"1.234\"}}]}",
		  "members[0].incomes.wage" },
		{ "{\"members\": [{\"age\": 40, \"flags\": [\"in_jail\"]}]}", "members[0].flags[0]" },
		{ "{\"members\": [{\"age\": 40, \"relation\": \"cousin\"}]}", "members[0].relation" },
		{ "{\"members\": [{\"age\": 40, \"disability\": \"physical\"}]}",
		  "members[0].disability_grade" },
		{ "{\"members\": [{\"birth_date\": \"2030-01-01\"}]}", "members[0].birth_date" },
		{ "{\"members\": [{\"age\": 40, \"favourite\": 1}]}", "members[0].favourite" },
		{ "{\"division\": \"4401\", \"members\": [{\"age\": 40}]}", "division" },
		{ "{\"enrolled\": [\"dibaoo\"], \"members\": [{\"age\": 40}]}", "enrolled[0]" },
		{ "{\"assets\": {\"gold\": 1}, \"members\": [{\"age\": 40}]}", "assets.gold" },
		/* A parent's state that is a dated fact must carry the fact. */
		{ "{\"members\": [{\"age\": 10, \"father\": \"dead\", \"mother\": \"out_of_contact\"}]}",
		  "members[0].mother.since" },
		{ "{\"members\": [{\"age\": 10, \"father\": \"severely_disabled\"}]}",
		  "members[0].father.grade" },
		{ "{\"members\": [{\"age\": 10, \"father\": {\"state\": \"out_of_contact\","
		  " \"since\": \"2022-05-01\"}}]}", "members[0].father.since" },
		{ "{\"members\": [{\"age\": 10, \"father\": {\"state\": \"severely_disabled\","
		  " \"grade\": 5}}]}", "members[0].father.grade" },
		{ "{\"members\": [{\"age\": 10, \"father\": {\"since\": \"2021-01-01\"}}]}",
		  "members[0].father.state" },
		/* Living apart is a dated fact too. */
		{ "{\"members\": [{\"age\": 40, \"flags\": [\"religious_apart\"]}]}",
		  "members[0].religious_apart_since" },
		{ "{\"members\": [{\"age\": 40, \"flags\": [\"religious_apart\"],"
		  " \"religious_apart_since\": \"2023-01-01\"}]}", "members[0].religious_apart_since" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *in = json_loads(bad[i].json, 0, NULL);
		mz_err e = { 0 };
		json_t *out = policy_eval_json(S, in, mz_day_parse("2022-03-01"), &e);

		if (out || e.code != MZ_EINVAL || strcmp(e.field, bad[i].field))
			fail_msg("case %zu: got field '%s' (%s)", i, e.field, e.message);
		json_decref(in);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dibao_family),
		cmocka_unit_test(test_dibao_members),
		cmocka_unit_test(test_dibao_income_exclusions),
		cmocka_unit_test(test_dibao_refusals),
		cmocka_unit_test(test_dibao_rigid),
		cmocka_unit_test(test_near_dibao),
		cmocka_unit_test(test_tekun),
		cmocka_unit_test(test_disability_subsidies),
		cmocka_unit_test(test_orphan),
		cmocka_unit_test(test_unattended_child),
		cmocka_unit_test(test_elderly_allowance),
		cmocka_unit_test(test_input_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
