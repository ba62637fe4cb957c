/* test_marriage_rules.c - the marriage register's rules that need no
 * database: the minimum age (Civil Code Art. 1047), the kinship the
 * household relations show (Art. 1048), and the two windows of Art. 1077
 * counted as Art. 201 and 203 count (month ends, leap years, holidays,
 * adjusted working days). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domains/marriage/marriage.h"

static mz_day D(const char *s)
{
	mz_day d = mz_day_parse(s);

	assert_true(d != MZ_DAY_INVALID);
	return d;
}

static void test_minimum_age(void **state)
{
	int min = 0;
	(void)state;

	/* A man reaches 22 on his birthday, not the day before. */
	assert_int_equal(mar_age_check('M', D("2004-12-07"), D("2026-12-07"), &min), 0);
	assert_int_equal(min, 22);
	assert_int_equal(mar_age_check('M', D("2004-12-07"), D("2026-12-06"), &min), -1);
	/* A woman at 20; a man of 21 is refused where a woman of 21 is not. */
	assert_int_equal(mar_age_check('F', D("2006-03-01"), D("2026-03-01"), &min), 0);
	assert_int_equal(min, 20);
	assert_int_equal(mar_age_check('F', D("2006-03-02"), D("2026-03-01"), NULL), -1);
	assert_int_equal(mar_age_check('F', D("2005-01-01"), D("2026-06-01"), NULL), 0);
	assert_int_equal(mar_age_check('M', D("2005-01-01"), D("2026-06-01"), NULL), -1);
	/* Born on 29 February: in a common year the age is reached on 1 March. */
	assert_int_equal(mar_age_check('M', D("2004-02-29"), D("2026-02-28"), NULL), -1);
	assert_int_equal(mar_age_check('M', D("2004-02-29"), D("2026-03-01"), NULL), 0);
	assert_int_equal(mar_age_check('F', D("2008-02-29"), D("2028-02-29"), NULL), 0);
	assert_int_equal(mar_age_check('F', D("2008-02-29"), D("2028-02-28"), NULL), -1);
	/* No birth date: refused (the desk cannot tell). */
	assert_int_equal(mar_age_check('F', MZ_DAY_INVALID, D("2028-02-28"), NULL), -1);
}

static void test_kinship(void **state)
{
	const char *en = NULL, *zh = NULL;
	(void)state;

	/* Lineal: through the head in a straight line, either order. */
	assert_int_equal(mar_kinship_judge("head", "child", &en, &zh), MAR_KIN_PROHIBITED);
	assert_non_null(strstr(en, "lineal"));
	assert_int_equal(mar_kinship_judge("child", "head", NULL, NULL), MAR_KIN_PROHIBITED);
	assert_int_equal(mar_kinship_judge("parent", "child", NULL, NULL), MAR_KIN_PROHIBITED);
	assert_int_equal(mar_kinship_judge("grandparent", "head", NULL, NULL), MAR_KIN_PROHIBITED);
	assert_int_equal(mar_kinship_judge("grandchild", "parent", NULL, NULL), MAR_KIN_PROHIBITED);
	/* Collateral within three generations: siblings, uncle and niece,
	 * cousins or siblings among the grandchildren. */
	assert_int_equal(mar_kinship_judge("sibling", "head", &en, NULL), MAR_KIN_PROHIBITED);
	assert_non_null(strstr(en, "siblings"));
	assert_int_equal(mar_kinship_judge("child", "child", NULL, NULL), MAR_KIN_PROHIBITED);
	assert_int_equal(mar_kinship_judge("sibling", "child", &en, NULL), MAR_KIN_PROHIBITED);
	assert_non_null(strstr(en, "third generation"));
	assert_int_equal(mar_kinship_judge("grandchild", "grandchild", NULL, NULL), MAR_KIN_PROHIBITED);
	assert_int_equal(mar_kinship_judge("child", "grandchild", NULL, NULL), MAR_KIN_PROHIBITED);
	/* Beyond three generations: a great-uncle and a great-niece. */
	assert_int_equal(mar_kinship_judge("sibling", "grandchild", NULL, NULL), MAR_KIN_NONE_FOUND);
	/* In-laws only. */
	assert_int_equal(mar_kinship_judge("spouse", "parent", NULL, NULL), MAR_KIN_NONE_FOUND);
	assert_int_equal(mar_kinship_judge("sibling", "spouse", NULL, NULL), MAR_KIN_NONE_FOUND);
	/* The registry cannot tell: the officer asks. */
	assert_int_equal(mar_kinship_judge("spouse", "child", &en, NULL), MAR_KIN_UNCERTAIN);
	assert_non_null(strstr(en, "step-parent"));
	assert_int_equal(mar_kinship_judge("other", "head", NULL, NULL), MAR_KIN_UNCERTAIN);
	assert_int_equal(mar_kinship_judge("parent", "parent", NULL, NULL), MAR_KIN_UNCERTAIN);
	assert_int_equal(mar_kinship_judge("nonsense", "head", NULL, NULL), MAR_KIN_UNCERTAIN);
}

/* The State Council's 2026 notice, as work_calendar holds it. */
static void calendar_2026(workcal *w)
{
	static const char *const holidays[] = { "2026-10-01", "2026-10-02", "2026-10-05",
						 "2026-10-06", "2026-10-07", "2026-01-01",
						 "2026-01-02" };
	workcal_init(w);
	for (size_t i = 0; i < sizeof(holidays) / sizeof(holidays[0]); i++)
		workcal_set(w, D(holidays[i]), 0);
	workcal_set(w, D("2026-09-20"), 1); /* Sunday, worked (国庆节调休) */
	workcal_set(w, D("2026-10-10"), 1);
	workcal_set(w, D("2026-01-04"), 1);
}

static void expect(const workcal *w, const char *applied, const char *wu, const char *af,
		   const char *au)
{
	mar_windows x;
	char a[11], b[11], c[11], d[11];

	mar_windows_compute(w, D(applied), &x);
	mz_day_format(x.withdraw_from, a);
	mz_day_format(x.withdraw_until, b);
	mz_day_format(x.appear_from, c);
	mz_day_format(x.appear_until, d);
	assert_string_equal(a, applied);
	assert_string_equal(b, wu);
	assert_string_equal(c, af);
	assert_string_equal(d, au);
}

static void test_windows(void **state)
{
	workcal w;
	(void)state;

	calendar_2026(&w);
	/* Plain: the 30th day after the receipt, then 30 more. */
	expect(&w, "2026-08-31", "2026-09-30", "2026-10-01", "2026-10-30");
	/* The 30th day is National Day: the window ends on the first working
	 * day after the holiday and the weekend inside it (8 October); the
	 * second window counts from there and its 30th day, a Saturday, moves
	 * to Monday. */
	expect(&w, "2026-09-01", "2026-10-08", "2026-10-09", "2026-11-09");
	/* A month end: 30 January + 30 days is Sunday 1 March -> Monday. */
	expect(&w, "2026-01-30", "2026-03-02", "2026-03-03", "2026-04-01");
	/* Leap year: 30 January 2028 + 30 days is 29 February, a Tuesday. */
	expect(&w, "2028-01-30", "2028-02-29", "2028-03-01", "2028-03-30");
	/* Common year: 29 January 2027 + 30 is Sunday 28 February -> 1 March. */
	expect(&w, "2027-01-29", "2027-03-01", "2027-03-02", "2027-03-31");
	/* An adjusted working Sunday (调休) is a working day: no extension. */
	expect(&w, "2026-08-21", "2026-09-20", "2026-09-21", "2026-10-20");
	/* New Year 2026: 1-2 January are holidays, Saturday the 3rd is rest,
	 * Sunday the 4th is worked (调休): the window ends on the 4th. */
	expect(&w, "2025-12-02", "2026-01-04", "2026-01-05", "2026-02-03");
	workcal_release(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimum_age),
		cmocka_unit_test(test_kinship),
		cmocka_unit_test(test_windows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
