/* test_eldercare_fixture.h - a small city for the eldercare unit tests, in a
 * fresh database on the engine under test (test_db.h: PostgreSQL when
 * MZ_TEST_PG_URL is set, else a temporary SQLite file): every migration,
 * the real divisions, the demo communities (with coordinates) and helpers
 * to add persons. Included by exactly one test program each (static
 * functions). */
#ifndef TEST_ELDERCARE_FIXTURE_H
#define TEST_ELDERCARE_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "access/access.h"
#include "demo/demo.h"
#include "registry/division_seed.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/store.h"
#include "test_city.h"

static store *fx_s;
static store_conn *fx_c;
static access_ctx fx_admin;
static test_db fx_db;


static int fx_setup(void **state)
{
	(void)state;
	if (test_city_open(&fx_db, "eldercare", &fx_s, &fx_c))
		return -1;
	access_ctx_system(&fx_admin, "unit_test");
	return 0;
}

static int fx_teardown(void **state)
{
	(void)state;
	test_city_close(&fx_db, fx_s);
	fx_s = NULL;
	return 0;
}

/* The first community of a street, e.g. fx_community("440105001"). */
__attribute__((unused)) static void fx_community(const char *street, char out[16])
{
	assert_int_equal(test_city_community(fx_c, street, out), 0);
}

/* Registers a person born on y-m-d in a community; returns the id. */
__attribute__((unused)) static int64_t fx_person(const char *community, int y, int m, int d, const char *name)
{
	static int seq = 100;
	char number[19];
	int64_t id = 0;
	registry_person_new in = { 0 };

	idcard_make("440105", y, m, d, seq++ % 1000, number);
	in.id_number = number;
	in.name = name;
	in.division_code = community;
	OK(registry_person_create(fx_c, &fx_admin, &in, "unit test", &id, E));
	return id;
}

__attribute__((unused)) static void fx_exec(const char *sql)
{
	mz_err e = { 0 };

	if (store_exec(fx_c, sql, &e)) {
		print_error("%s: %s\n", sql, e.message);
		fail();
	}
}

#endif
