/* test_policy_parser.c - the rules language: good files load, and every
 * kind of error is reported at the right file:line:column with a message a
 * policy officer understands. */
#include "policy_testlib.h"

#define HDR "program t \"测试\" \"Test\"\nunit household\n"

/* ---- good files ------------------------------------------------------------------ */

static void test_minimal(void **state)
{
	policy_set *s;
	const policy_program *p;

	(void)state;
	s = tl_load_text(HDR "require ok \"总是符合\": true\namount = 100 yuan\n");
	assert_int_equal(policy_set_count(s), 1);
	p = policy_set_program(s, 0);
	assert_string_equal(policy_program_code(p), "t");
	assert_string_equal(policy_program_name_zh(p), "测试");
	assert_string_equal(policy_program_name_en(p), "Test");
	assert_int_equal(policy_program_unit(p), POLICY_UNIT_HOUSEHOLD);
	assert_int_equal(policy_program_condition_count(p), 1);
	assert_string_equal(policy_program_condition_id(p, 0), "ok");
	assert_string_equal(policy_program_condition_label(p, 0), "总是符合");
	assert_int_equal(policy_set_program_bit(s, "t"), 0);
	assert_int_equal(policy_set_program_bit(s, "nope"), -1);
	policy_set_unref(s);
}

/* Every construct of the language in one file, evaluated on one household. */
static const char rich[] =
	"\xEF\xBB\xBF# a byte-order mark and comments are fine\n"
	"program rich \"综合\" \"Everything\"   # trailing comment\n"
	"unit household\n"
	"basis \"测试依据\"\n"
	"param std \"标准\" money\n"
	"  from 2020-01-01: 1000.00\n"
	"  from 2021-01-01 in 440106: 1200 yuan\n"
	"param ratio \"倍数\" rate\n"
	"  from 2020-01-01: 1.5\n"
	"param cap \"上限\" int\n"
	"  from 2020-01-01: -3\n"
	"param on \"开关\" bool\n"
	"  from 2020-01-01: true\n"
	"let 人数 \"计入人数\" = count(members where relation in (applicant, spouse, child))\n"
	"let total \"收入合计\" = sum(members, income(wage) - expense(tax))\n"
	"let per \"人均\" = div_floor(total, 人数)\n"
	"let line \"线\" = round(std × ratio)\n"
	"let oldest \"最大年龄\" = max(members, age)\n"
	"let kids \"未成年人数\" = count(members, age < 18)\n"
	"let tier \"档\" = if oldest ≥ 80 then 3 else if oldest >= 60 then 2 else 1\n"
	"let flagged \"有标记\" = any(members, in_prison or declared_missing)\n"
	"output tier, 人数\n"
	"require has \"有成员\": 人数 > 0\n"
	"require below \"低于线\": per < line and not flagged\n"
	"require sane \"合理\": cap ≠ 0 and on and tier not in (0, 9)\n"
	"amount \"金额\" =\n"
	"    (line - per) * 人数\n"
	"  + (if kids > 0 then 10.50 yuan else 0 yuan)\n";

static void test_rich(void **state)
{
	policy_set *s;
	json_t *r, *p;

	(void)state;
	s = tl_load_text(rich);
	/* 440106 uses its district line: std 1200, line = 1800.00. Members:
	 * applicant 70 (wage 900, tax 100), spouse 65, child 10.
	 * total = 800.00, per = floor(80000 / 3) = 26666 fen;
	 * amount = (180000 - 26666) * 3 + 1050 = 461052 fen. */
	r = tl_eval(s,
		    "{\"division\": \"440106\", \"members\": ["
		    " {\"relation\": \"applicant\", \"age\": 70,"
		    "  \"incomes\": {\"wage\": \"900\"}, \"expenses\": {\"tax\": 100}},"
		    " {\"relation\": \"spouse\", \"age\": 65},"
		    " {\"relation\": \"child\", \"age\": 10}]}",
		    "2022-03-01");
	p = tl_prog(r, "rich");
	assert_true(tl_eligible(p));
	assert_int_equal(tl_value(p, "人数"), 3);
	assert_int_equal(tl_value(p, "per"), 26666);
	assert_int_equal(tl_value(p, "line"), 180000);
	assert_int_equal(tl_value(p, "tier"), 2);
	assert_int_equal(tl_amount(p), 461052);
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(json_object_get(p, "outputs"), "tier"), "value")),
			 2);
	assert_string_equal(tl_cond_text(p, "below"),
			    "人均 266.66 < 线 1800.00，且 并非（有标记：否）");
	json_decref(r);

	/* Elsewhere the city line: std 1000, line 1500.00. */
	r = tl_eval(s, "{\"division\": \"440103\", \"members\": [{\"age\": 30}]}", "2022-03-01");
	p = tl_prog(r, "rich");
	assert_int_equal(tl_value(p, "line"), 150000);
	assert_int_equal(tl_amount(p), 150000);
	json_decref(r);
	policy_set_unref(s);
}

/* Two files that read each other's parameters, values and decisions. */
static void test_two_files(void **state)
{
	const char *names[] = { "a.rules", "b.rules" };
	const char *texts[] = {
		"program a \"甲\" \"A\"\nunit household\n"
		"param std \"标准\" money\n  from 2020-01-01: 100\n"
		"let total \"合计\" = sum(members, income(wage))\n"
		"require low \"低\": total < std\n"
		"amount = std - total\n",
		"program b \"乙\" \"B\"\nunit person\n"
		"require in_a \"甲户\": eligible(a) and a.total < a.std\n"
		"require adult \"成年\": age >= 18\n"
		"amount = amount(a) + 1 yuan\n",
	};
	policy_set *s = policy_set_load_texts(names, texts, 2, NULL, NULL);
	json_t *r, *p;

	(void)state;
	assert_non_null(s);
	r = tl_eval(s, "{\"members\": [{\"age\": 40, \"incomes\": {\"wage\": 30}}, {\"age\": 5}]}",
		    "2022-01-01");
	assert_int_equal(tl_amount(tl_prog(r, "a")), 7000);
	p = tl_prog(r, "b");
	assert_true(json_is_true(json_object_get(tl_person(p, "1"), "eligible")));
	assert_int_equal(json_integer_value(json_object_get(tl_person(p, "1"), "amount_fen")), 7100);
	assert_string_equal(tl_failed(tl_person(p, "2")), "adult");
	json_decref(r);
	policy_set_unref(s);
}

static void test_shipped_load(void **state)
{
	policy_set *s = tl_load_shipped();
	static const char *codes[] = { "dibao", "near_dibao", "tekun", "disability_living",
				       "disability_care", "orphan", "unattended_child",
				       "elderly_allowance" };

	(void)state;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		assert_non_null(policy_set_find(s, codes[i]));
	policy_set_unref(s);
}

/* ---- errors ------------------------------------------------------------------------ */

typedef struct bad_case {
	const char *text;
	int line, col;
	const char *en; /* expected in the English message */
} bad_case;

static const bad_case bad[] = {
	/* lexer */
	{ HDR "let a \"abc = 1", 3, 7, "label is not closed" },
	{ HDR "let a \"甲\" = max(1，2)", 3, 18, "full-width character" },
	{ HDR "let a \"甲\" = 1 @ 2", 3, 15, "unexpected character" },
	{ HDR "let a \"甲\" = true && false", 3, 18, "write 'and'" },
	{ HDR "let a \"甲\" = 1 \xff", 3, 15, "not valid UTF-8" },
	{ HDR "param p \"参\" money\n  from 2021-02-30: 1.00", 4, 8, "not a real date" },
	/* parser */
	{ "unit household\n", 1, 1, "starts with" },
	{ HDR "let a = 1", 3, 7, "Chinese label" },
	{ HDR "let a \"甲\" = 4 / 2", 3, 15, "div_round" },
	{ HDR "require c \"条件\": 1 < 2 < 3", 3, 23, "cannot be chained" },
	{ HDR "param p \"参\" dollars\n  from 2021-01-01: 1", 3, 13, "the type" },
	{ HDR "param p \"参\" money\nlet a \"甲\" = 1", 3, 1, "no dated value" },
	{ HDR "param p \"参\" money\n  from 2021-01-01: 1\n  from 2021-01-01: 2", 5, 3,
	  "second value" },
	{ HDR "param p \"参\" money\n  from 2021-01-01 in 44011: 1", 4, 22, "division code" },
	{ HDR "param p \"参\" money\n  from 2021-01-01: 1.234", 4, 20, "two decimals" },
	{ HDR "let a \"甲\" = 1\nlet a \"乙\" = 2", 4, 5, "already defined on line 3" },
	{ HDR "let age \"年龄\" = 1", 3, 5, "built-in name" },
	{ HDR "foo", 3, 1, "expected a statement" },
	{ "program t \"测试\" \"Test\"\nlet a \"甲\" = 1", 1, 1, "unit is missing" },
	{ HDR "program u \"二\" \"Two\"", 3, 1, "one program per file" },
	{ HDR "let a \"甲\" = if true then 1", 3, 27, "every if needs an else" },
	{ HDR "let a \"甲\" = foo(1)", 3, 13, "unknown function 'foo'" },
	{ HDR "let a \"甲\" = round(1, 2)", 3, 13, "takes 1 argument" },
	{ HDR "let a \"甲\" = members", 3, 13, "only be used inside" },
	{ HDR "let a \"甲\" = 1.234 yuan", 3, 13, "two decimals" },
	{ HDR "let a \"甲\" = 1.23456", 3, 13, "four decimals" },
	{ HDR "let a \"甲\" = 1 2", 3, 15, "an operator, or a new statement" },
	{ HDR "require \"条件\": true", 3, 9, "condition's name" },
	/* names, types, levels, cycles */
	{ HDR "param standard \"标准\" money\n  from 2021-01-01: 1\n"
	      "require c \"条件\": standrd > 0 yuan",
	  5, 17, "did you mean 'standard'" },
	{ HDR "let a \"甲\" = nope.x", 3, 13, "unknown program 'nope'" },
	{ HDR "let a \"甲\" = t.x", 3, 13, "has no parameter or value 'x'" },
	{ HDR "let a \"甲\" = sum(members, income(wages))", 3, 33, "unknown income kind 'wages'" },
	{ HDR "let a \"甲\" = 1 yuan + 1", 3, 13, "cannot add or subtract money" },
	{ HDR "let a \"甲\" = 1 yuan * 2 yuan", 3, 13, "money by money" },
	{ HDR "let a \"甲\" = 10 yuan * 1.5", 3, 13, "round(...)" },
	{ HDR "amount = 10 yuan * 1.5", 3, 10, "round(...)" },
	{ HDR "amount = 10", 3, 10, "must be money" },
	{ HDR "require c \"条件\": 1", 3, 17, "true or false" },
	{ HDR "require c \"条件\": age > 60", 3, 17, "one member's value" },
	{ HDR "let a \"甲\" = b + 1\nlet b \"乙\" = a + 1", 4, 13, "cycle: a -> b -> a" },
	{ HDR "let a \"甲\" = a", 3, 13, "cycle: a -> a" },
	{ HDR "require c \"条件\": eligible(t)", 3, 17, "its own decision" },
	{ HDR "require c \"条件\": eligible(nope)", 3, 26, "unknown program 'nope'" },
	{ HDR "require c \"条件\": any(members, relation == male)", 3, 30, "cannot compare" },
	{ HDR "require c \"条件\": any(members, relation in (spouse, male))", 3, 51,
	  "'male' is not a relation" },
	{ HDR "require c \"条件\": any(members, age_on(5) > 3)", 3, 37, "takes a date" },
	{ HDR "let a \"甲\" = 2021-01-01", 3, 13, "only be used in age_on" },
	{ HDR "let a \"甲\" = true\noutput b", 4, 8, "must name a value" },
	{ HDR "let a \"甲\" = 1 and true", 3, 13, "'and' and 'or'" },
	{ HDR "let a \"甲\" = sum(members)", 3, 13, "needs a value after the members" },
};

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *names[] = { "t.rules" };
		policy_diags d = { 0 };
		mz_err e = { 0 };
		policy_set *s = policy_set_load_texts(names, &bad[i].text, 1, &d, &e);
		char where[64];

		if (s || !d.n || d.items[0].line != bad[i].line || d.items[0].col != bad[i].col ||
		    !strstr(d.items[0].message, bad[i].en)) {
			fprintf(stderr, "case %zu:\n%s\n-> ", i, bad[i].text);
			if (d.n)
				fprintf(stderr, "%d:%d %s\n", d.items[0].line, d.items[0].col,
					d.items[0].message);
			else
				fprintf(stderr, "loaded without error\n");
			fail_msg("case %zu: expected %d:%d '%s'", i, bad[i].line, bad[i].col, bad[i].en);
		}
		/* The first error also comes back as an mz_err naming the place,
		 * and every message has its Chinese version. */
		snprintf(where, sizeof(where), "t.rules:%d:%d", bad[i].line, bad[i].col);
		assert_int_equal(e.code, MZ_EPOLICY);
		assert_string_equal(e.field, where);
		assert_true(strlen(d.items[0].message_zh) > 0);
		policy_diags_release(&d);
	}
}

/* Chinese messages are real Chinese, not the English text again. */
static void test_error_chinese(void **state)
{
	const char *names[] = { "t.rules" };
	const char *text = HDR "let a \"甲\" = max(1，2)\n";
	policy_diags d = { 0 };

	(void)state;
	assert_null(policy_set_load_texts(names, &text, 1, &d, NULL));
	assert_non_null(strstr(d.items[0].message_zh, "全角字符"));
	assert_non_null(strstr(d.items[0].message_zh, "','"));
	policy_diags_release(&d);
}

/* One run reports every broken statement, not just the first. */
static void test_many_errors(void **state)
{
	const char *names[] = { "t.rules" };
	const char *text = HDR "let a \"甲\" = 1 +\n"
			       "let b = 2\n"
			       "let c \"丙\" = 3\n"
			       "require d \"丁\": nope\n";
	policy_diags d = { 0 };
	char line[1200];

	(void)state;
	assert_null(policy_set_load_texts(names, &text, 1, &d, NULL));
	assert_int_equal(d.n, 2); /* a and b; the name error needs a parse first */
	assert_int_equal(d.items[0].line, 4);
	assert_int_equal(d.items[1].line, 4);
	policy_diag_format(&d.items[0], line, sizeof(line));
	assert_non_null(strstr(line, "t.rules:4:1: expected a value"));
	policy_diags_release(&d);
}

static void test_program_cycle(void **state)
{
	const char *names[] = { "a.rules", "b.rules" };
	const char *texts[] = {
		"program a \"甲\" \"A\"\nunit household\nrequire c \"条件\": eligible(b)\n",
		"program b \"乙\" \"B\"\nunit household\nrequire c \"条件\": not eligible(a)\n",
	};
	policy_diags d = { 0 };

	(void)state;
	assert_null(policy_set_load_texts(names, texts, 2, &d, NULL));
	assert_int_equal(d.n, 1);
	assert_string_equal(d.items[0].file, "a.rules");
	assert_int_equal(d.items[0].line, 1);
	assert_non_null(strstr(d.items[0].message, "cycle: a -> b -> a"));
	policy_diags_release(&d);
}

static void test_duplicate_program(void **state)
{
	const char *names[] = { "a.rules", "b.rules" };
	const char *texts[] = {
		"program a \"甲\" \"A\"\nunit household\n",
		"# the same code again\nprogram a \"甲\" \"A\"\nunit person\n",
	};
	policy_diags d = { 0 };

	(void)state;
	assert_null(policy_set_load_texts(names, texts, 2, &d, NULL));
	assert_int_equal(d.n, 1);
	assert_string_equal(d.items[0].file, "b.rules");
	assert_int_equal(d.items[0].line, 2);
	assert_non_null(strstr(d.items[0].message, "also defined in a.rules"));
	policy_diags_release(&d);
}

static void test_missing_dir(void **state)
{
	policy_diags d = { 0 };
	mz_err e = { 0 };

	(void)state;
	assert_null(policy_set_load_dir("/nonexistent/rules", &d, &e));
	assert_int_equal(e.code, MZ_EPOLICY);
	assert_int_equal(d.n, 1);
	policy_diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_rich),
		cmocka_unit_test(test_two_files),
		cmocka_unit_test(test_shipped_load),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_error_chinese),
		cmocka_unit_test(test_many_errors),
		cmocka_unit_test(test_program_cycle),
		cmocka_unit_test(test_duplicate_program),
		cmocka_unit_test(test_missing_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
