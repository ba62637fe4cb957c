/* test_demo_tiny.c - the services' demo over a city of one person.
 *
 * bench/volunteer builds its registry by import and asks the demo for a
 * one-person city first (the divisions, offices and halls); with nobody on
 * social assistance the demo's monthly exits picked a household out of
 * none (a division by zero). Every domain's demo must run to the end on
 * such a city. On the engine under test (test_db.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/date.h"
#include "demo/demo.h"
#include "domains/domains.h"
#include "policy/policy.h"
#include "registry/division_seed.h"
#include "store/store.h"
#include "test_db.h"

static void one_person_city(void **state)
{
	demo_opts o = { .persons = 1, .seed = 1 };
	char dir[1024];
	const char *src = getenv("MZ_SOURCE_DIR");
	policy_diags d = { 0 };
	demo_stats stats;
	policy_set *set;
	test_db db;
	store_conn *c;
	store *s;
	mz_day as_of = mz_today();
	mz_err e = { 0 };
	(void)state;

	snprintf(dir, sizeof(dir), "%s/policies/guangzhou", src ? src : ".");
	setenv("MINZHENG_POLICY_DIR", dir, 1); /* the safety net's alert rules beside them */
	assert_int_equal(test_db_open(&db, "demo_tiny", 1, &s, &e), 0);
	assert_non_null(c = store_conn_get(s, &e));
	assert_int_equal(registry_divisions_seed(c, &e), 0);
	assert_int_equal(registry_demo_build(c, &o, &stats, &e), 0);
	set = policy_set_load_dir(dir, &d, &e);
	policy_diags_release(&d);
	assert_non_null(set);
	/* As `minzheng demo` does: the generators replay the year before it. */
	demo_clock_to(as_of);
	if (domains_demo(c, set, stats.persons, &e))
		fail_msg("domains_demo: %s", e.message);
	demo_clock_to(as_of);
	policy_set_unref(set);
	store_close(s);
	test_db_drop(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_person_city),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
