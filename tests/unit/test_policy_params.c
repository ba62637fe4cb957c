/* test_policy_params.c - dated parameters: the day before and the day a new
 * standard starts, district and town lines, and the line a value came from. */
#include "policy_testlib.h"

/* A one-person household with no income gets the whole standard. */
static const char one_person[] =
	"{\"division\": \"440106\", \"members\": [{\"relation\": \"applicant\", \"age\": 50}]}";

static json_int_t dibao_amount(policy_set *s, const char *date)
{
	json_t *r = tl_eval(s, one_person, date);
	json_int_t a = tl_amount(tl_prog(r, "dibao"));

	json_decref(r);
	return a;
}

/* The line number of `needle` in the shipped file `name`. */
static int line_of(const char *name, const char *needle)
{
	char path[1200], buf[4096];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", tl_rules_dir(), name);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(buf, sizeof(buf), f)) {
		n++;
		if (strstr(buf, needle)) {
			fclose(f);
			return n;
		}
	}
	fclose(f);
	fail_msg("%s not found in %s", needle, name);
	return 0;
}

static void test_dibao_standard_boundaries(void **state)
{
	policy_set *s = tl_load_shipped();

	(void)state;
	/* 840 (2016), 900 (2017), 1080 (2020), 1120 (2021-04-01) */
	assert_int_equal(dibao_amount(s, "2016-12-31"), 84000);
	assert_int_equal(dibao_amount(s, "2017-01-01"), 90000);
	assert_int_equal(dibao_amount(s, "2019-12-31"), 90000);
	assert_int_equal(dibao_amount(s, "2020-01-01"), 108000);
	assert_int_equal(dibao_amount(s, "2021-03-31"), 108000); /* the day before */
	assert_int_equal(dibao_amount(s, "2021-04-01"), 112000); /* the day of */
	assert_int_equal(dibao_amount(s, "2026-01-01"), 112000);
	policy_set_unref(s);
}

static void test_not_in_force(void **state)
{
	policy_set *s = tl_load_shipped();
	json_t *r = tl_eval(s, one_person, "2015-12-31"), *p;

	(void)state;
	p = tl_prog(r, "dibao");
	assert_false(tl_eligible(p));
	assert_string_equal(tl_failed(p), "not_in_force");
	assert_non_null(strstr(json_string_value(json_array_get(json_object_get(p, "reasons"), 0)),
			       "低保标准"));
	json_decref(r);
	policy_set_unref(s);
}

/* The trace names the dated line each value came from. */
static void test_trace_source(void **state)
{
	policy_set *s = tl_load_shipped();
	json_t *r = tl_eval(s, one_person, "2021-04-01"), *std;
	char want[64];

	(void)state;
	std = tl_find(json_object_get(tl_prog(r, "dibao"), "params"), "name", "standard");
	assert_int_equal(json_integer_value(json_object_get(std, "value")), 112000);
	assert_string_equal(json_string_value(json_object_get(std, "display")), "1120.00");
	assert_string_equal(json_string_value(json_object_get(std, "from")), "2021-04-01");
	assert_true(json_is_null(json_object_get(std, "division")));
	snprintf(want, sizeof(want), "dibao.rules:%d", line_of("dibao.rules", "from 2021-04-01: 1120.00"));
	assert_non_null(strstr(json_string_value(json_object_get(std, "source")), want));
	json_decref(r);

	r = tl_eval(s, one_person, "2021-03-31");
	std = tl_find(json_object_get(tl_prog(r, "dibao"), "params"), "name", "standard");
	assert_string_equal(json_string_value(json_object_get(std, "from")), "2020-01-01");
	snprintf(want, sizeof(want), "dibao.rules:%d", line_of("dibao.rules", "from 2020-01-01: 1080.00"));
	assert_non_null(strstr(json_string_value(json_object_get(std, "source")), want));
	json_decref(r);
	policy_set_unref(s);
}

/* The most specific division wins; within it the latest start. */
static const char divisions[] =
	"program t \"测试\" \"Test\"\nunit household\n"
	"param p \"参数\" money\n"
	"  from 2020-01-01: 100\n"
	"  from 2021-01-01 in 440111: 200\n"
	"  from 2022-01-01: 300\n"
	"  from 2021-06-01 in 440111002: 250\n"
	"  from 2021-01-01 in 440100: 150\n"
	"  from 2023-01-01 in 440111: 210\n"
	"amount = p\n";

static json_int_t amount_in(policy_set *s, const char *division, const char *date)
{
	char json[200];
	json_t *r;
	json_int_t a;

	snprintf(json, sizeof(json), "{\"division\": \"%s\", \"members\": [{\"age\": 40}]}", division);
	r = tl_eval(s, json, date);
	a = tl_amount(tl_prog(r, "t"));
	json_decref(r);
	return a;
}

static void test_division_precedence(void **state)
{
	policy_set *s = tl_load_text(divisions);

	(void)state;
	assert_int_equal(amount_in(s, "440106", "2020-12-31"), 10000);    /* everywhere */
	assert_int_equal(amount_in(s, "440106", "2021-01-01"), 15000);    /* the city line */
	assert_int_equal(amount_in(s, "440106", "2022-01-01"), 15000);    /* city beats everywhere */
	assert_int_equal(amount_in(s, "440111", "2020-12-31"), 10000);
	assert_int_equal(amount_in(s, "440111", "2021-01-01"), 20000);    /* district */
	assert_int_equal(amount_in(s, "440111001001", "2021-06-01"), 20000); /* another town */
	assert_int_equal(amount_in(s, "440111002", "2021-05-31"), 20000); /* town line not yet */
	assert_int_equal(amount_in(s, "440111002", "2021-06-01"), 25000); /* the town line */
	assert_int_equal(amount_in(s, "440111002005", "2023-06-01"), 25000); /* town beats district */
	assert_int_equal(amount_in(s, "440111001", "2022-12-31"), 20000);
	assert_int_equal(amount_in(s, "440111001", "2023-01-01"), 21000); /* new district line */
	assert_int_equal(amount_in(s, "350100", "2022-06-01"), 30000);    /* outside the city */
	policy_set_unref(s);
}

/* 特困: the basic standard is max(ceil(1.6 x dibao), the district's rural rate). */
static json_int_t tekun_amount(policy_set *s, const char *division, int rural, const char *date)
{
	char json[300];
	json_t *r;
	json_int_t a;

	snprintf(json, sizeof(json),
		 "{\"division\": \"%s\", \"rural\": %s, \"members\": [{\"relation\": \"applicant\","
		 " \"age\": 75}]}",
		 division, rural ? "true" : "false");
	r = tl_eval(s, json, date);
	a = json_integer_value(json_object_get(tl_person(tl_prog(r, "tekun"), "1"), "amount_fen"));
	json_decref(r);
	return a;
}

static void test_tekun_district_rates(void **state)
{
	policy_set *s = tl_load_shipped();

	(void)state;
	/* 2022: 1120 x 1.6 = 1792.00, plus the full self-care standard 230.00 (placeholder). */
	assert_int_equal(tekun_amount(s, "440106", 0, "2022-01-01"), 179200 + 23000);
	assert_int_equal(tekun_amount(s, "440106", 1, "2022-01-01"), 179200 + 23000); /* 天河 */
	assert_int_equal(tekun_amount(s, "440111", 1, "2022-01-01"), 180600 + 23000); /* 白云 */
	assert_int_equal(tekun_amount(s, "440112003", 1, "2022-01-01"), 241300 + 23000); /* 黄埔 */
	assert_int_equal(tekun_amount(s, "440113", 1, "2022-01-01"), 251200 + 23000); /* 番禺 */
	assert_int_equal(tekun_amount(s, "440115", 1, "2022-01-01"), 212100 + 23000); /* 南沙 */
	assert_int_equal(tekun_amount(s, "440115", 0, "2022-01-01"), 179200 + 23000); /* urban */
	/* The day before the 2021 lines: 1080 x 1.6 = 1728.00, no district rate. */
	assert_int_equal(tekun_amount(s, "440111", 1, "2021-03-31"), 172800 + 23000);
	policy_set_unref(s);
}

/* A bool parameter switching on a date: the 2022 单人户 extension. */
static void test_bool_param_boundary(void **state)
{
	policy_set *s = tl_load_shipped();
	/* Applying alone: grade-2 physical disability, unemployed; the family's
	 * per-capita income is low. The sister's support (500.00) is disregarded
	 * from 2022-01-01 on. */
	const char *hh = "{\"division\": \"440106\", \"flags\": [\"apply_alone\"], \"members\": ["
			 " {\"relation\": \"applicant\", \"age\": 40, \"disability\": \"physical\","
			 "  \"disability_grade\": 2, \"flags\": [\"unemployed\"],"
			 "  \"incomes\": {\"support_sibling_elder\": \"500.00\"}},"
			 " {\"relation\": \"spouse\", \"age\": 41, \"incomes\": {\"wage\": \"1500\"}}]}";
	json_t *r;

	(void)state;
	/* 2021-12-31: own income 500.00 counted: 1120.00 - 500.00 = 620.00. */
	r = tl_eval(s, hh, "2021-12-31");
	assert_int_equal(tl_amount(tl_prog(r, "dibao")), 62000);
	json_decref(r);
	/* 2022-01-01: disregarded: 1120.00 - 0 = 1120.00 for one person. */
	r = tl_eval(s, hh, "2022-01-01");
	assert_int_equal(tl_amount(tl_prog(r, "dibao")), 112000);
	json_decref(r);
	policy_set_unref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dibao_standard_boundaries),
		cmocka_unit_test(test_not_in_force),
		cmocka_unit_test(test_trace_source),
		cmocka_unit_test(test_division_precedence),
		cmocka_unit_test(test_tekun_district_rates),
		cmocka_unit_test(test_bool_param_boundary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
