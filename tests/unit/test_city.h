/* test_city.h - the city a domain's unit test runs in: a fresh database on
 * the engine under test (test_db.h: PostgreSQL when MZ_TEST_PG_URL is set,
 * else a temporary SQLite file) with every migration, the real divisions
 * and the demo communities; and OK(call) for a call that fills an mz_err
 * named E and returns 0 on success:
 *
 *	OK(registry_person_create(c, &sys, &in, "unit test", &id, E));
 *
 * Header-only (static inline), for cmocka test programs. */
#ifndef TEST_CITY_H
#define TEST_CITY_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "access/audit_store.h"
#include "demo/demo.h"
#include "registry/division_seed.h"
#include "store/store.h"
#include "test_db.h"

#define OK(call)                                                                         \
	do {                                                                             \
		mz_err e_ = { 0 };                                                       \
		if ((call) != 0) {                                                       \
			print_error("%s:%d: %s failed: %s (%s)\n", __FILE__, __LINE__, #call, \
				    e_.message, e_.field);                               \
			fail();                                                          \
		}                                                                        \
	} while (0)
#define E (&e_)

/* Opens the city's database, named after the test program (name); 0, or
 * -1 with the reason printed on stderr (for a cmocka setup function). */
static inline int test_city_open(test_db *db, const char *name, store **s, store_conn **c)
{
	mz_err e = { 0 };

	if (test_db_open(db, name, 1, s, &e) || !(*c = store_conn_get(*s, &e)) ||
	    registry_divisions_seed(*c, &e) || registry_demo_communities(*c, &e)) {
		fprintf(stderr, "city fixture %s (%s): %s\n", name, test_db_engine_name(), e.message);
		return -1;
	}
	return 0;
}

/* Closes the store and drops the database. */
static inline void test_city_close(test_db *db, store *s)
{
	store_close(s);
	test_db_drop(db);
}

/* The first community of a street ("440105001" -> its first 12-digit code)
 * into out; 0, or -1 when the street has none. */
static inline int test_city_community(store_conn *c, const char *street, char out[16])
{
	mz_err e = { 0 };
	store_stmt *st = store_prepare(c, "SELECT min(code) FROM divisions WHERE parent = ?", &e);
	int r;

	if (!st)
		return -1;
	store_bind_text(st, 1, street);
	r = store_step(st, &e);
	if (r == 1)
		snprintf(out, 16, "%s", store_col_text(st, 0));
	store_done(st);
	return r == 1 && out[0] ? 0 : -1;
}

/* The audit log where it lives (its own file on SQLite), the writes'
 * records moved into it first. */
static inline store_conn *test_audit_conn(store_conn *c)
{
	mz_err e = { 0 };
	store_conn *a;

	assert_int_equal(audit_store_flush(c, &e), 0);
	a = audit_store_conn(c, &e);
	assert_non_null(a);
	return a;
}

/* A number read from the audit tables (after test_audit_conn). */
static inline int64_t test_audit_count(store_conn *c, const char *sql)
{
	int64_t n = -1;
	mz_err e = { 0 };

	assert_int_equal(store_query_i64(test_audit_conn(c), sql, &n, &e), 0);
	return n;
}

#endif
