/* test_idcard.c - citizen ID numbers (GB 11643-1999) and Guangzhou codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "registry/idcard.h"

/* A fixed "today" so the tests do not depend on the clock. */
#define TODAY mz_day_from_ymd(2026, 5, 1)

static void assert_valid(const char *s, const char *birth, char sex,
			 const char *division)
{
	idcard_info info;
	mz_err e = { 0 };
	char d[11];

	if (idcard_parse_on(s, TODAY, &info, &e) != 0)
		fail_msg("%s: unexpected error: %s", s, e.message);
	mz_day_format(info.birth, d);
	assert_string_equal(d, birth);
	assert_int_equal(info.sex, sex);
	assert_string_equal(info.division, division);
	assert_int_equal(strlen(info.number), 18);
}

/* Expects s to be rejected with a message containing en and a Chinese message. */
static void assert_invalid(const char *s, const char *en)
{
	mz_err e = { 0 };

	assert_int_equal(idcard_parse_on(s, TODAY, NULL, &e), -1);
	assert_int_equal(e.code, MZ_EINVAL);
	assert_string_equal(e.field, "id_number");
	if (!strstr(e.message, en))
		fail_msg("%s: message '%s' lacks '%s'", s, e.message, en);
	assert_true(e.message_zh[0] != '\0');
	assert_true(strcmp(e.message, e.message_zh) != 0);
}

static void test_check_char(void **state)
{
	(void)state;
	assert_int_equal(idcard_check_char("11010519491231002"), 'X');
	assert_int_equal(idcard_check_char("36042619910101007"), '1');
	assert_int_equal(idcard_check_char("44010419500307002"), '7');
	assert_int_equal(idcard_check_char("1101051949123100"), '\0');
	assert_int_equal(idcard_check_char("1101051949123100a"), '\0');
	assert_int_equal(idcard_check_char(NULL), '\0');
}

static void test_valid_examples(void **state)
{
	(void)state;
	assert_valid("11010519491231002X", "1949-12-31", 'F', "110105");
	assert_valid("360426199101010071", "1991-01-01", 'M', "360426");
	assert_valid("440104195003070027", "1950-03-07", 'F', "440104");
	/* computed independently of idcard_check_char */
	assert_valid("440102198001011235", "1980-01-01", 'M', "440102");
	assert_valid("440118200002290046", "2000-02-29", 'F', "440118");
	/* surrounding whitespace, as pasted from a spreadsheet */
	assert_valid("  360426199101010071\r\n", "1991-01-01", 'M', "360426");
}

static void test_generated_guangzhou(void **state)
{
	char n[19];

	(void)state;
	for (const gz_district *d = gz_districts; d->code; d++) {
		for (int seq = 0; seq < 20; seq++) {
			idcard_info info;
			mz_err e = { 0 };
			idcard_make(d->code, 1930 + seq * 4, 1 + seq % 12,
				    1 + seq % 28, seq * 37, n);
			assert_int_equal(idcard_parse_on(n, TODAY, &info, &e), 0);
			assert_string_equal(info.number, n);
			assert_string_equal(info.division, d->code);
			assert_int_equal(info.sex, (seq * 37) % 2 ? 'M' : 'F');
		}
	}
	idcard_make("440106", 2008, 8, 8, 88, n);
	assert_string_equal(n, "440106200808080886");
	assert_valid(n, "2008-08-08", 'F', "440106");
	idcard_make(GZ_CITY_CODE, 1990, 6, 15, 1, n);
	assert_valid(n, "1990-06-15", 'M', "440100");
}

static void test_wrong_check_char(void **state)
{
	(void)state;
	assert_invalid("110105194912310021", "wrong check character '1'");
	assert_invalid("360426199101010072", "the first 17 digits give '1'");
	assert_invalid("440104195003070026", "typo");
	/* a transposition of two digits */
	assert_invalid("440104195030070027", "does not exist");
	assert_invalid("440140195003070027", "not a Guangzhou division code");
}

static void test_lowercase_x(void **state)
{
	idcard_info info;
	mz_err e = { 0 };

	(void)state;
	assert_int_equal(idcard_parse_on("11010519491231002x", TODAY, &info, &e), 0);
	assert_string_equal(info.number, "11010519491231002X");
	assert_invalid("11010519491231002Y", "must be a digit or X");
	assert_invalid("1101051949123100X2", "character 17 of the citizen ID number must be a digit");
}

static void test_impossible_dates(void **state)
{
	(void)state;
	/* each has a correct check character: the date is what is wrong */
	assert_invalid("44010320230230001X", "birth date 2023-02-30 does not exist");
	assert_invalid("440103202302290018", "birth date 2023-02-29 does not exist");
	assert_invalid("440103202313010018", "birth date 2023-13-01 does not exist");
	assert_invalid("440103189912310019", "before 1900");
	char n[19];
	idcard_make("440103", 1990, 4, 31, 1, n);
	assert_invalid(n, "1990-04-31 does not exist");
	idcard_make("440103", 1990, 0, 10, 1, n);
	assert_invalid(n, "1990-00-10 does not exist");
	idcard_make("440103", 1990, 1, 0, 1, n);
	assert_invalid(n, "1990-01-00 does not exist");
	idcard_make("440103", 1900, 2, 29, 1, n); /* 1900 was not a leap year */
	assert_invalid(n, "1900-02-29 does not exist");
	idcard_make("440103", 1900, 1, 1, 1, n);
	assert_valid(n, "1900-01-01", 'M', "440103");
}

static void test_future_birth(void **state)
{
	char n[19];
	mz_err e = { 0 };

	(void)state;
	idcard_make("440105", 2026, 5, 2, 1, n); /* tomorrow */
	assert_invalid(n, "birth date 2026-05-02 is in the future");
	idcard_make("440105", 2026, 5, 1, 1, n); /* born today */
	assert_valid(n, "2026-05-01", 'M', "440105");
	/* against the real clock: next year is always in the future */
	int y, m, d;
	mz_day_to_ymd(mz_today(), &y, &m, &d);
	idcard_make("440105", y + 1, 1, 1, 1, n);
	assert_int_equal(idcard_parse(n, NULL, &e), -1);
	assert_non_null(strstr(e.message, "in the future"));
}

static void test_legacy_15_digits(void **state)
{
	mz_err e = { 0 };

	(void)state;
	assert_int_equal(idcard_parse_on("440104500307002", TODAY, NULL, &e), -1);
	assert_string_equal(e.message,
			    "15-digit first-generation ID numbers are no longer valid; use the 18-digit citizen ID number");
	assert_non_null(strstr(e.message_zh, "15位"));
	assert_non_null(strstr(e.message_zh, "18位"));
}

static void test_wrong_lengths(void **state)
{
	(void)state;
	assert_invalid("", "citizen ID number is empty");
	assert_invalid("   ", "citizen ID number is empty");
	assert_invalid(NULL, "citizen ID number is empty");
	assert_invalid("44010419500307002", "must be 18 characters long, got 17");
	assert_invalid("4401041950030700271", "must be 18 characters long, got 19");
	assert_invalid("44010450030700X", "must be 18 characters long, got 15");
	assert_invalid("4401", "got 4");
}

static void test_bad_characters(void **state)
{
	(void)state;
	assert_invalid("4401041950O3070027", "character 11 of the citizen ID number must be a digit, got 'O'");
	assert_invalid("44010A195003070027", "character 6 of the citizen ID number must be a digit, got 'A'");
	assert_invalid("440104 95003070027", "character 7 of the citizen ID number must be a digit");
	assert_invalid("X40104195003070027", "character 1");
	/* full-width digits typed with a Chinese input method */
	assert_invalid("４４０１０４195003070027", "full-width");
	assert_invalid("44010419500307002Ｘ", "full-width");
	assert_invalid("44010419500307002七", "only digits 0-9 and a final X");
}

static void test_divisions(void **state)
{
	char n[19];

	(void)state;
	assert_invalid("440199200001010012", "address code '440199' is not a Guangzhou division code");
	idcard_make("440101", 1980, 1, 1, 1, n);
	assert_invalid(n, "'440101' is not a Guangzhou division code");
	idcard_make("440119", 1980, 1, 1, 1, n);
	assert_invalid(n, "is not a Guangzhou division code");
	/* historical codes still appear on valid numbers */
	assert_valid("440102198001011235", "1980-01-01", 'M', "440102");
	const char *hist[] = { "440102", "440107", "440116", "440181", "440182", "440183", "440184" };
	for (size_t i = 0; i < sizeof(hist) / sizeof(hist[0]); i++) {
		idcard_make(hist[i], 1975, 7, 7, 3, n);
		assert_valid(n, "1975-07-07", 'M', hist[i]);
	}
	/* other provinces: any code under a real province */
	assert_valid("440501198001010019", "1980-01-01", 'M', "440501");
	assert_valid("810000198001010014", "1980-01-01", 'M', "810000");
	assert_invalid("990101198001010014", "'990101' does not start with a province code");
	idcard_make("000000", 1980, 1, 1, 1, n);
	assert_invalid(n, "province code");
	idcard_make("240101", 1980, 1, 1, 1, n);
	assert_invalid(n, "province code");
	idcard_make("650101", 1980, 1, 1, 1, n);
	assert_valid(n, "1980-01-01", 'M', "650101");
	assert_int_equal(idcard_division_valid("440106"), 1);
	assert_int_equal(idcard_division_valid("440108"), 0);
	assert_int_equal(idcard_division_valid("4401"), 0);
	assert_int_equal(idcard_division_valid(NULL), 0);
}

static void test_gz_table(void **state)
{
	int current = 0, historical = 0;

	(void)state;
	for (const gz_district *d = gz_districts; d->code; d++) {
		assert_int_equal(strlen(d->code), 6);
		assert_memory_equal(d->code, "4401", 4);
		assert_non_null(d->name);
		assert_non_null(d->name_en);
		if (d->historical) {
			historical++;
			assert_non_null(d->successor);
			const gz_district *s = gz_district_find(d->successor);
			assert_non_null(s);
			assert_int_equal(s->historical, 0);
		} else {
			current++;
			assert_null(d->successor);
		}
	}
	assert_int_equal(current, GZ_DISTRICT_COUNT);
	assert_int_equal(historical, 7);
	assert_string_equal(gz_division_name("440104"), "越秀区");
	assert_string_equal(gz_division_name("440102"), "东山区");
	assert_string_equal(gz_division_name("440107"), "芳村区");
	assert_string_equal(gz_division_name("440116"), "萝岗区");
	assert_string_equal(gz_division_name("440183"), "增城市");
	assert_string_equal(gz_division_name("440100"), "广州市");
	assert_null(gz_division_name("440199"));
	assert_null(gz_division_name("110105"));
	assert_null(gz_division_name(NULL));
	assert_null(gz_division_name("4401041"));
	assert_int_equal(gz_division_is_historical("440102"), 1);
	assert_int_equal(gz_division_is_historical("440181"), 1);
	assert_int_equal(gz_division_is_historical("440104"), 0);
	assert_int_equal(gz_division_is_historical("440100"), 0);
	assert_int_equal(gz_division_is_historical("999999"), 0);
}

static void test_mask(void **state)
{
	char out[19];

	(void)state;
	idcard_mask("44010419500307123X", out);
	assert_string_equal(out, "4401**********123X");
	idcard_mask("440104195003070027", out);
	assert_string_equal(out, "4401**********0027");
	idcard_mask("4401041950030700271234", out); /* only 18 are used */
	assert_string_equal(out, "4401**********0027");
	idcard_mask("12345678", out);
	assert_string_equal(out, "********");
	idcard_mask("123456789", out);
	assert_string_equal(out, "1234*6789");
	idcard_mask("", out);
	assert_string_equal(out, "");
	idcard_mask(NULL, out);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_char),
		cmocka_unit_test(test_valid_examples),
		cmocka_unit_test(test_generated_guangzhou),
		cmocka_unit_test(test_wrong_check_char),
		cmocka_unit_test(test_lowercase_x),
		cmocka_unit_test(test_impossible_dates),
		cmocka_unit_test(test_future_birth),
		cmocka_unit_test(test_legacy_15_digits),
		cmocka_unit_test(test_wrong_lengths),
		cmocka_unit_test(test_bad_characters),
		cmocka_unit_test(test_divisions),
		cmocka_unit_test(test_gz_table),
		cmocka_unit_test(test_mask),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
