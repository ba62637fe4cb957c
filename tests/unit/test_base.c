/* Unit tests for base/: money in fen, calendar dates, bounded buffers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/money.h"

static void money_parse(void **state)
{
	mz_fen f;
	(void)state;

	assert_int_equal(mz_fen_parse_yuan("1120", &f), 0);
	assert_int_equal(f, 112000);
	assert_int_equal(mz_fen_parse_yuan("1120.5", &f), 0);
	assert_int_equal(f, 112050);
	assert_int_equal(mz_fen_parse_yuan("0.07", &f), 0);
	assert_int_equal(f, 7);
	assert_int_equal(mz_fen_parse_yuan("-3.07", &f), 0);
	assert_int_equal(f, -307);
	assert_int_equal(mz_fen_parse_yuan(".5", &f), 0);
	assert_int_equal(f, 50);
	/* Refused: more than two decimals, junk, empty, overflow. */
	assert_int_equal(mz_fen_parse_yuan("1.005", &f), -1);
	assert_int_equal(mz_fen_parse_yuan("12a", &f), -1);
	assert_int_equal(mz_fen_parse_yuan("", &f), -1);
	assert_int_equal(mz_fen_parse_yuan("-", &f), -1);
	assert_int_equal(mz_fen_parse_yuan("1.2.3", &f), -1);
	assert_int_equal(mz_fen_parse_yuan("99999999999999999999", &f), -1);
}

static void money_format(void **state)
{
	char out[32];
	(void)state;

	mz_fen_format_yuan(112000, out);
	assert_string_equal(out, "1120.00");
	mz_fen_format_yuan(7, out);
	assert_string_equal(out, "0.07");
	mz_fen_format_yuan(-307, out);
	assert_string_equal(out, "-3.07");
	mz_fen_format_yuan(INT64_MIN, out);
	assert_string_equal(out, "-92233720368547758.08");
}

static void money_rounding(void **state)
{
	(void)state;
	/* 补差 per person: 1120.00 - 2550.00/3 = 1120.00 - 850.00 */
	assert_int_equal(mz_fen_div_round(255000, 3), 85000);
	assert_int_equal(mz_fen_div_round(100, 3), 33);
	assert_int_equal(mz_fen_div_round(5, 2), 3);   /* half away from zero */
	assert_int_equal(mz_fen_div_round(-5, 2), -3);
	assert_int_equal(mz_fen_div_floor(-5, 2), -3);
	assert_int_equal(mz_fen_div_floor(5, 2), 2);
	assert_int_equal(mz_fen_div_ceil(5, 2), 3);
	assert_int_equal(mz_fen_div_ceil(-5, 2), -2);
	/* 1.6 x 1120.00 = 1792.00, as 16/10 without floating point */
	assert_int_equal(mz_fen_muldiv_round(112000, 16, 10), 179200);
	/* A prorated first month: 1120.00 x 17 / 30 = 634.666.. -> 634.67 */
	assert_int_equal(mz_fen_muldiv_round(112000, 17, 30), 63467);
}

static void dates(void **state)
{
	char out[11];
	mz_day d;
	(void)state;

	d = mz_day_parse("2024-02-29");
	assert_int_not_equal(d, MZ_DAY_INVALID);
	mz_day_format(d, out);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(mz_day_parse("2023-02-29"), MZ_DAY_INVALID);
	assert_int_equal(mz_day_parse("2024-13-01"), MZ_DAY_INVALID);
	assert_int_equal(mz_day_parse("2024-1-01"), MZ_DAY_INVALID);
	assert_int_equal(mz_day_parse("1900-02-29"), MZ_DAY_INVALID);
	assert_int_not_equal(mz_day_parse("2000-02-29"), MZ_DAY_INVALID);
	assert_int_equal(mz_day_parse("1970-01-01"), 0);
	assert_int_equal(mz_day_weekday(mz_day_parse("2026-11-22")), 7); /* a Sunday */
	assert_int_equal(mz_day_weekday(mz_day_parse("2021-04-01")), 4); /* a Thursday */
	/* Age: the day before the birthday, and the birthday. */
	assert_int_equal(mz_age_on(mz_day_parse("1950-03-07"), mz_day_parse("2010-03-06")), 59);
	assert_int_equal(mz_age_on(mz_day_parse("1950-03-07"), mz_day_parse("2010-03-07")), 60);
	/* Born on 29 February: 18 on 1 March of a common year. */
	assert_int_equal(mz_age_on(mz_day_parse("2004-02-29"), mz_day_parse("2022-02-28")), 17);
	assert_int_equal(mz_age_on(mz_day_parse("2004-02-29"), mz_day_parse("2022-03-01")), 18);
	/* Whole months (a parent out of contact "six months"): complete on the
	 * same day of the month, or the last day of a shorter month. */
	assert_int_equal(mz_months_between(mz_day_parse("2021-09-01"), mz_day_parse("2022-02-28")), 5);
	assert_int_equal(mz_months_between(mz_day_parse("2021-09-01"), mz_day_parse("2022-03-01")), 6);
	assert_int_equal(mz_months_between(mz_day_parse("2021-08-31"), mz_day_parse("2022-02-27")), 5);
	assert_int_equal(mz_months_between(mz_day_parse("2021-08-31"), mz_day_parse("2022-02-28")), 6);
	assert_int_equal(mz_months_between(mz_day_parse("2022-03-01"), mz_day_parse("2022-02-01")), 0);
	mz_day_format(mz_day_add_months(mz_day_parse("2024-01-31"), 1), out);
	assert_string_equal(out, "2024-02-29");
	mz_day_format(mz_day_add_months(mz_day_parse("2024-11-30"), 3), out);
	assert_string_equal(out, "2025-02-28");
}

static void buffers(void **state)
{
	mz_buf b;
	char *s;
	size_t n;
	(void)state;

	mz_buf_init_max(&b, 8);
	assert_int_equal(mz_buf_puts(&b, "12345"), 0);
	assert_int_equal(mz_buf_puts(&b, "6789"), -1); /* over the limit: unchanged */
	assert_string_equal(b.data, "12345");
	assert_int_equal(mz_buf_printf(&b, "%d", 678), 0);
	assert_string_equal(b.data, "12345678");
	s = mz_buf_detach(&b, &n);
	assert_int_equal(n, 8);
	assert_null(b.data);
	free(s);
}

static void errors(void **state)
{
	mz_err e = { 0 };
	(void)state;

	/* Each language picks its own words from the same arguments. */
	assert_int_equal(mz_failf(&e, MZ_EINVAL, "age", "%s is out of range%.0s",
				  "%.0s%s超出范围", "age", "年龄"),
			 -1);
	assert_string_equal(e.message, "age is out of range");
	assert_string_equal(e.message_zh, "年龄超出范围");
	assert_string_equal(e.field, "age");
	assert_string_equal(mz_code_name(MZ_ENOTFOUND), "not_found");
	assert_int_equal(mz_code_http_status(MZ_ETOOBIG), 413);
	assert_int_equal(mz_code_http_status(MZ_ELOCKED), 423);
}

static void hashes(void **state)
{
	(void)state;

	/* The published FNV-1a 64 test vectors. */
	assert_true(mz_fnv1a64_str("") == 0xcbf29ce484222325ULL);
	assert_true(mz_fnv1a64_str("a") == 0xaf63dc4c8601ec8cULL);
	assert_true(mz_fnv1a64("foobar", 6) == 0x85944171f73967e8ULL);
	/* The legacy basis reproduces the checksums older builds stored in
	 * schema_migrations: this value must never change. */
	assert_true(mz_fnv1a64_str_legacy_basis("CREATE TABLE t (x INTEGER);") ==
		    0x8a725d67e9bd7293ULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(money_parse), cmocka_unit_test(money_format),
		cmocka_unit_test(money_rounding), cmocka_unit_test(dates),
		cmocka_unit_test(buffers), cmocka_unit_test(errors),
		cmocka_unit_test(hashes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
