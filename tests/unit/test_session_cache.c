/* Unit tests for the session cache (access/session.c): two stores opened on
 * one database stand for two server processes. Each store has its own
 * entries in the cache, and a change made through one of them drops nothing
 * from the other's entries: only the users.session_epoch counter, read on
 * every hit, can make the other refuse a session it has cached, exactly as
 * between processes. On the engine under test (test_db.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "access/session.h"
#include "access/user.h"
#include "base/date.h"
#include "registry/division_seed.h"
#include "registry/registry.h"
#include "store/store.h"
#include "test_db.h"

static test_db db;
static store *here, *there;   /* the process that cached, the one that changes */
static store_conn *ch, *ct;
static access_ctx sys;
static int users_made;

static int setup(void **state)
{
	mz_err e = { 0 };
	(void)state;

	if (test_db_open(&db, "session_cache", 1, &here, &e) || !(ch = store_conn_get(here, &e)) ||
	    registry_divisions_seed(ch, &e) || store_open(db.url, &there, &e) ||
	    !(ct = store_conn_get(there, &e))) {
		fprintf(stderr, "setup (%s): %s\n", test_db_engine_name(), e.message);
		return -1;
	}
	access_divisions_use(registry_division_lookup);
	access_ctx_system(&sys, "system");
	sys.role = ROLE_CITY_ADMIN;
	snprintf(sys.scope_code, sizeof(sys.scope_code), "440100");
	access_scope_range(sys.scope_code, sys.scope_lo, sys.scope_hi);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(there);
	store_close(here);
	test_db_drop(&db);
	return 0;
}

/* A fresh user signed in once through `here`, its session resolved there
 * once (so cached). Fills login and token. */
static void signed_in(char login[32], char token[65], int bearer)
{
	access_ctx who, found;
	char csrf[65];
	mz_err e = { 0 };

	snprintf(login, 32, "cache%d", ++users_made);
	assert_int_equal(access_user_add(ch, &sys, login, "缓存", "street_caseworker", "440105001",
					 "Secret1234", NULL, &e),
			 0);
	assert_int_equal(access_user_authenticate(ch, login, "Secret1234", &who, &e), 0);
	assert_int_equal(access_session_create(ch, &who, bearer, token, csrf, &e), 0);
	assert_int_equal(access_session_lookup(ch, token, bearer, &found, NULL, &e), 0);
	assert_string_equal(found.login, login);
}

static int64_t user_id(const char *login)
{
	int64_t id = 0;
	mz_err e = { 0 };

	assert_int_equal(store_row(ct, &e, "SELECT id FROM users WHERE login = ?", STORE_INTO(&id),
				   login),
			 1);
	return id;
}

/* The cache serves a hit without the sessions row, and the counter alone
 * decides when it is read again: a change to the row that does not raise
 * the counter is not seen (which is why every change must raise it). */
static void counter_decides(void **state)
{
	char login[32], token[65], csrf[65];
	access_ctx found;
	mz_err e = { 0 };
	(void)state;

	signed_in(login, token, 0);
	assert_int_equal(access_session_lookup(ch, token, 0, &found, csrf, &e), 0);
	assert_int_equal(store_run(ct, &e, "UPDATE sessions SET csrf_token = 'changed'"
				   " WHERE user_id = ?", user_id(login)),
			 1);
	assert_int_equal(access_session_lookup(ch, token, 0, &found, csrf, &e), 0);
	assert_string_not_equal(csrf, "changed");
	assert_int_equal(access_sessions_changed(ct, user_id(login), &e), 0);
	assert_int_equal(access_session_lookup(ch, token, 0, &found, csrf, &e), 0);
	assert_string_equal(csrf, "changed");
	/* A cookie session is not a bearer one, cached or not. */
	assert_int_equal(access_session_lookup(ch, token, 1, &found, NULL, &e), -1);
	assert_int_equal(e.code, MZ_EUNAUTH);
}

static void sign_out_elsewhere(void **state)
{
	char login[32], token[65];
	access_ctx found;
	mz_err e = { 0 };
	(void)state;

	signed_in(login, token, 1);
	assert_int_equal(access_session_delete(ct, token, &e), 0);
	assert_int_equal(access_session_lookup(ch, token, 1, &found, NULL, &e), -1);
	assert_int_equal(e.code, MZ_EUNAUTH);
}

static void disabled_elsewhere(void **state)
{
	char login[32], token[65];
	access_ctx found;
	mz_err e = { 0 };
	(void)state;

	signed_in(login, token, 1);
	assert_int_equal(access_user_set_disabled(ct, &sys, login, 1, &e), 0);
	assert_int_equal(access_session_lookup(ch, token, 1, &found, NULL, &e), -1);
	assert_int_equal(e.code, MZ_EUNAUTH);
	/* Enabling again does not bring the ended session back. */
	assert_int_equal(access_user_set_disabled(ct, &sys, login, 0, &e), 0);
	assert_int_equal(access_session_lookup(ch, token, 1, &found, NULL, &e), -1);
}

static void password_changed_elsewhere(void **state)
{
	char login[32], token[65];
	access_ctx found;
	mz_err e = { 0 };
	(void)state;

	signed_in(login, token, 0);
	assert_int_equal(access_user_passwd(ct, &sys, login, "Another5678", &e), 0);
	assert_int_equal(access_session_lookup(ch, token, 0, &found, NULL, &e), -1);
	assert_int_equal(e.code, MZ_EUNAUTH);
}

/* A new role or scope reaches the sessions cached elsewhere. */
static void role_changed_elsewhere(void **state)
{
	char login[32], token[65];
	access_ctx found;
	mz_err e = { 0 };
	(void)state;

	signed_in(login, token, 1);
	assert_int_equal(access_user_update(ct, &sys, login, "district_officer", "440105", &e), 0);
	assert_int_equal(access_session_lookup(ch, token, 1, &found, NULL, &e), 0);
	assert_int_equal(found.role, ROLE_DISTRICT_OFFICER);
	assert_string_equal(found.scope_code, "440105");
	assert_string_equal(found.scope_lo, "440105");
}

/* A cached session still ends at its expiry, on the (test) clock. */
static void expiry_on_a_hit(void **state)
{
	char login[32], token[65];
	access_ctx found;
	mz_err e = { 0 };
	int64_t before = mz_clock_offset();
	(void)state;

	signed_in(login, token, 0);
	mz_clock_set_offset(before + SESSION_COOKIE_TTL + 1);
	assert_int_equal(access_session_lookup(ch, token, 0, &found, NULL, &e), -1);
	assert_int_equal(e.code, MZ_EUNAUTH);
	mz_clock_set_offset(before);
	assert_int_equal(access_session_lookup(ch, token, 0, &found, NULL, &e), 0);
}

/* Disabling the user in the database by hand (no counter) still refuses:
 * the hit's check reads disabled along with the counter. */
static void disabled_by_hand(void **state)
{
	char login[32], token[65];
	access_ctx found;
	mz_err e = { 0 };
	(void)state;

	signed_in(login, token, 1);
	assert_int_equal(store_run(ct, &e, "UPDATE users SET disabled = 1 WHERE login = ?", login), 1);
	assert_int_equal(access_session_lookup(ch, token, 1, &found, NULL, &e), -1);
	assert_int_equal(e.code, MZ_EUNAUTH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counter_decides),
		cmocka_unit_test(sign_out_elsewhere),
		cmocka_unit_test(disabled_elsewhere),
		cmocka_unit_test(password_changed_elsewhere),
		cmocka_unit_test(role_changed_elsewhere),
		cmocka_unit_test(expiry_on_a_hit),
		cmocka_unit_test(disabled_by_hand),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
