/* Unit tests for check-in by location (domains/volunteer/geo.c): the
 * great-circle distance at a city's scale, and the code-or-position rule
 * without a database (a code never reads the radius). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "domains/volunteer/geo.h"

static void test_distance_at_a_city_scale(void **state)
{
	(void)state;
	/* 0.001 degree of latitude is 111.2 m anywhere. */
	assert_true(fabs(vol_distance_m(23096000, 113270000, 23097000, 113270000) - 111.2) < 0.5);
	/* 0.001 degree of longitude at 23.1 degrees north: 111.2 * cos(23.1°) = 102.3 m. */
	assert_true(fabs(vol_distance_m(23100000, 113270000, 23100000, 113271000) - 102.3) < 0.5);
	/* Symmetric, and zero for one point. */
	assert_true(fabs(vol_distance_m(23100000, 113270000, 23125000, 113300000) -
			 vol_distance_m(23125000, 113300000, 23100000, 113270000)) < 1e-6);
	assert_true(vol_distance_m(23100000, 113270000, 23100000, 113270000) < 1e-6);
	/* Guangzhou tower to Baiyun airport: about 30 km. */
	assert_true(fabs(vol_distance_m(23106400, 113324500, 23392400, 113298800) / 1000 - 31.9) < 0.5);
}

static void test_code_rules_without_a_position(void **state)
{
	vol_point place = { 1, 23096000, 113270000 }, none = { 0, 0, 0 };
	int64_t d = 0;
	mz_err e = { 0 };

	(void)state;
	assert_int_equal(vol_presence_check(NULL, "123456", "123456", &place, NULL, &d, &e), 0);
	assert_int_equal(d, -1);
	assert_int_equal(vol_presence_check(NULL, "654321", "123456", &place, NULL, &d, &e), -1);
	assert_string_equal(e.field, "code");
	/* Neither code nor position: the code is asked for. */
	assert_int_equal(vol_presence_check(NULL, "", "123456", &place, &none, &d, &e), -1);
	assert_string_equal(e.field, "code");
	/* A position at a place never located: refused before any lookup. */
	assert_int_equal(vol_presence_check(NULL, NULL, "123456", &none, &place, &d, &e), -1);
	assert_string_equal(e.field, "lat_e6");
	assert_non_null(strstr(e.message_zh, "未登记位置"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance_at_a_city_scale),
		cmocka_unit_test(test_code_rules_without_a_position),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
