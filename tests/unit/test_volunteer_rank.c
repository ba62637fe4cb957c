/* Unit tests for dispatch ranking (domains/volunteer/rank.c): distance on
 * the division tree, then load, then the residents' ratings, then the id;
 * a shuffled field of candidates comes out in that order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "domains/volunteer/volunteer.h"

static void test_tiers_follow_the_division_tree(void **state)
{
	(void)state;
	assert_int_equal(vol_division_tier("440105001001", "440105001001"), 0);
	assert_int_equal(vol_division_tier("440105001002", "440105001001"), 1);
	assert_int_equal(vol_division_tier("440105002001", "440105001001"), 2);
	assert_int_equal(vol_division_tier("440106001001", "440105001001"), 3);
	/* A volunteer registered at street level is of that street. */
	assert_int_equal(vol_division_tier("440105001", "440105001001"), 1);
}

static vol_candidate cand(int64_t id, int tier, int load, int64_t sum, int64_t n)
{
	vol_candidate c = { .volunteer_id = id, .tier = tier, .load = load, .rating_sum = sum,
			    .rating_n = n };
	return c;
}

static void test_nearer_beats_lighter_beats_better_rated(void **state)
{
	vol_candidate near_busy = cand(9, 0, 2, 5, 1), far_idle = cand(1, 1, 0, 50, 10);
	vol_candidate idle = cand(7, 0, 0, 0, 0), busy = cand(3, 0, 1, 50, 10);
	vol_candidate good = cand(8, 0, 0, 49, 10), poor = cand(2, 0, 0, 30, 10);
	vol_candidate fresh = cand(5, 0, 0, 0, 0), a = cand(4, 0, 0, 0, 0);

	(void)state;
	assert_true(vol_candidate_cmp(&near_busy, &far_idle) < 0);
	assert_true(vol_candidate_cmp(&idle, &busy) < 0);
	assert_true(vol_candidate_cmp(&good, &poor) < 0);
	/* The unrated count as 4.0: after 4.9, before 3.0. */
	assert_true(vol_candidate_cmp(&good, &fresh) < 0);
	assert_true(vol_candidate_cmp(&fresh, &poor) < 0);
	/* Equal on everything: the lower id, and the order is total. */
	assert_true(vol_candidate_cmp(&a, &fresh) < 0);
	assert_true(vol_candidate_cmp(&fresh, &a) > 0);
	assert_int_equal(vol_candidate_cmp(&a, &a), 0);
}

static void test_ranking_a_field(void **state)
{
	vol_candidate v[] = {
		cand(10, 3, 0, 0, 0), cand(11, 2, 0, 0, 0), cand(12, 1, 2, 0, 0),
		cand(13, 1, 0, 20, 10), cand(14, 0, 3, 0, 0), cand(15, 0, 1, 45, 10),
		cand(16, 0, 1, 0, 0), cand(17, 1, 0, 0, 0),
	};
	/* Tier 0 first: 15 (4.5) and 16 (unrated, 4.0) share load 1, so 15
	 * leads; 14 carries 3 orders. Then tier 1 by load and rating: 17
	 * (idle, unrated 4.0) before 13 (idle, 2.0) before 12 (load 2). */
	const int64_t want_fixed[] = { 15, 16, 14, 17, 13, 12, 11, 10 };

	(void)state;
	vol_candidates_rank(v, sizeof(v) / sizeof(v[0]));
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_int_equal(v[i].volunteer_id, want_fixed[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiers_follow_the_division_tree),
		cmocka_unit_test(test_nearer_beats_lighter_beats_better_rated),
		cmocka_unit_test(test_ranking_a_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
