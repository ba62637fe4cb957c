/* Unit tests for the request limiter (http/ratelimit.c): a bucket holds
 * its capacity, refuses the next request with the seconds to wait, refills
 * evenly over the period, keeps keys apart, and gains nothing from a clock
 * moved back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "http/ratelimit.h"

#define T0 INT64_C(1790000000)

static void test_capacity_then_refusal_with_retry_after(void **state)
{
	int wait = 0;

	(void)state;
	http_rate_reset();
	for (int i = 0; i < 6; i++)
		assert_int_equal(http_rate_take("p|1.2.3.4", 6, 600, T0, &wait), 1);
	assert_int_equal(http_rate_take("p|1.2.3.4", 6, 600, T0, &wait), 0);
	/* One token comes back every 100 s. */
	assert_int_equal(wait, 100);
	assert_int_equal(http_rate_take("p|1.2.3.4", 6, 600, T0 + 99, &wait), 0);
	assert_int_equal(http_rate_take("p|1.2.3.4", 6, 600, T0 + 100, &wait), 1);
	assert_int_equal(http_rate_take("p|1.2.3.4", 6, 600, T0 + 100, &wait), 0);
	/* A full period refills the bucket, never above its capacity. */
	for (int i = 0; i < 6; i++)
		assert_int_equal(http_rate_take("p|1.2.3.4", 6, 600, T0 + 5000, &wait), 1);
	assert_int_equal(http_rate_take("p|1.2.3.4", 6, 600, T0 + 5000, &wait), 0);
}

static void test_keys_are_apart_and_a_clock_moved_back_mints_nothing(void **state)
{
	int wait = 0;

	(void)state;
	http_rate_reset();
	assert_int_equal(http_rate_take("p|a", 1, 60, T0, &wait), 1);
	assert_int_equal(http_rate_take("p|a", 1, 60, T0, &wait), 0);
	assert_int_equal(http_rate_take("p|b", 1, 60, T0, &wait), 1);
	assert_int_equal(http_rate_take("q|a", 1, 60, T0, &wait), 1);
	assert_int_equal(http_rate_take("p|a", 1, 60, T0 - 3600, &wait), 0);
	assert_int_equal(http_rate_take("p|a", 1, 60, T0 + 60, &wait), 1);
	/* A limit of nothing refuses everything. */
	assert_int_equal(http_rate_take("p|z", 0, 60, T0, &wait), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capacity_then_refusal_with_retry_after),
		cmocka_unit_test(test_keys_are_apart_and_a_clock_moved_back_mints_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
