/* Unit tests for access/org_link.h: a service_provider account linked to one
 * organisation. The login must be an account the linker sees and of the
 * service_provider role; a new link replaces the old; the link and its
 * audit record commit together, and a failing write leaves the old link.
 * On the engine under test (test_db.h: PostgreSQL when MZ_TEST_PG_URL is
 * set). The link tables are the test's own, in the two shapes the domains
 * use: a link table with the linker and the time, and a login column on
 * the organisation's row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "access/org_link.h"
#include "access/user.h"
#include "registry/division_seed.h"
#include "registry/registry.h"
#include "store/store.h"
#include "test_city.h"

static test_db db;
static store *st;
static store_conn *c;
static access_ctx officer; /* district_officer of 海珠 (440105) */

static const access_org_link table_link = {
	.unlink_sql = "DELETE FROM t_org_users WHERE login = ?",
	.link_sql = "INSERT INTO t_org_users (login, org_id, linked_by, linked_at) VALUES (?, ?, ?, ?)",
	.link_records_linker = 1,
	.audit_action = "test.org.link_user",
	.audit_entity = "t_org",
};

static const access_org_link column_link = {
	.unlink_sql = "UPDATE t_members SET login = NULL WHERE login = ?",
	.link_sql = "UPDATE t_members SET login = ? WHERE id = ?",
	.audit_action = "test.member.link_login",
	.audit_entity = "t_member",
	.role_rule_en = "only a service_provider account can act as a member",
};

static int setup(void **state)
{
	access_ctx sys;
	int64_t id;
	mz_err e = { 0 };
	(void)state;

	if (test_city_open(&db, "access_org_link", &st, &c))
		return -1;
	access_divisions_use(registry_division_lookup);
	access_ctx_system(&sys, "tester");
	if (store_exec(c, "CREATE TABLE t_org_users (login TEXT PRIMARY KEY, org_id BIGINT NOT NULL,"
			  " linked_by TEXT NOT NULL, linked_at BIGINT NOT NULL)", &e) ||
	    store_exec(c, "CREATE TABLE t_members (id BIGINT PRIMARY KEY, login TEXT)", &e) ||
	    store_exec(c, "INSERT INTO t_members (id, login) VALUES (1, NULL), (2, NULL)", &e) ||
	    access_user_add(c, &sys, "off_hz", "海珠区干部", "district_officer", "440105",
			    "Secret1234", &id, &e) ||
	    access_user_add(c, &sys, "p_hz", "海珠机构", "service_provider", "440105001",
			    "Secret1234", &id, &e) ||
	    access_user_add(c, &sys, "p_th", "天河机构", "service_provider", "440106001",
			    "Secret1234", &id, &e) ||
	    access_user_add(c, &sys, "cw_hz", "海珠经办人", "street_caseworker", "440105001",
			    "Secret1234", &id, &e) ||
	    access_user_authenticate(c, "off_hz", "Secret1234", &officer, &e))
		goto fail;
	return 0;
fail:
	fprintf(stderr, "setup (%s): %s\n", test_db_engine_name(), e.message);
	return -1;
}

static int teardown(void **state)
{
	(void)state;
	test_city_close(&db, st);
	return 0;
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	mz_err e = { 0 };

	assert_int_equal(store_query_i64(c, sql, &n, &e), 0);
	return n;
}

/* The linked organisation of p_hz in t_org_users, 0 when none. */
static int64_t org_of_p_hz(void)
{
	return count("SELECT COALESCE(MAX(org_id), 0) FROM t_org_users WHERE login = 'p_hz'");
}

static void links_and_replaces(void **state)
{
	char detail[256] = "", by[64] = "";
	mz_err e = { 0 };
	(void)state;

	assert_int_equal(access_org_link_set(c, &officer, &table_link, 7, "440105001", "p_hz",
					     "开通机构账号", &e), 0);
	assert_int_equal(org_of_p_hz(), 7);
	assert_int_equal(store_row(c, &e, "SELECT linked_by FROM t_org_users WHERE login = ?",
				   STORE_INTO(STORE_TEXT(by)), "p_hz"), 1);
	assert_string_equal(by, "off_hz");
	/* Audited with the login, against the organisation and its division. */
	assert_int_equal(store_row(test_audit_conn(c), &e, "SELECT detail FROM audit_log WHERE action = ?"
				   " AND entity = 't_org' AND entity_id = '7'"
				   " AND division_code = '440105001' AND login = 'off_hz'",
				   STORE_INTO(STORE_TEXT(detail)), "test.org.link_user"), 1);
	assert_non_null(strstr(detail, "\"login\":\"p_hz\""));

	/* One organisation a login: the second link replaces the first. */
	assert_int_equal(access_org_link_set(c, &officer, &table_link, 8, "440105001", "p_hz",
					     "调换机构", &e), 0);
	assert_int_equal(org_of_p_hz(), 8);
	assert_int_equal(count("SELECT count(*) FROM t_org_users"), 1);

	/* The column shape: the login moves from one row to the other. */
	assert_int_equal(access_org_link_set(c, &officer, &column_link, 1, "440105001", "p_hz",
					     "志愿者账号", &e), 0);
	assert_int_equal(access_org_link_set(c, &officer, &column_link, 2, "440105001", "p_hz",
					     "志愿者账号", &e), 0);
	assert_int_equal(count("SELECT count(*) FROM t_members WHERE login = 'p_hz'"), 1);
	assert_int_equal(count("SELECT id FROM t_members WHERE login = 'p_hz'"), 2);
}

static void refuses_bad_logins(void **state)
{
	int64_t audits = test_audit_count(c, "SELECT count(*) FROM audit_log");
	mz_err e = { 0 };
	(void)state;

	assert_int_equal(access_org_link_set(c, &officer, &table_link, 9, "440105001", "",
					     "开通机构账号", &e), -1);
	assert_int_equal(e.code, MZ_EINVAL);
	assert_string_equal(e.field, "login");
	assert_string_equal(e.message, "login is required");

	/* An account of another district is not one the officer may hand out. */
	assert_int_equal(access_org_link_set(c, &officer, &table_link, 9, "440105001", "p_th",
					     "开通机构账号", &e), -1);
	assert_string_equal(e.field, "login");
	assert_string_equal(e.message, "no such user within your scope");
	assert_int_equal(access_org_link_set(c, &officer, &table_link, 9, "440105001", "nobody",
					     "开通机构账号", &e), -1);
	assert_string_equal(e.message, "no such user within your scope");

	/* A caseworker's account acts for no organisation; the message is the
	 * link's own where it has one. */
	assert_int_equal(access_org_link_set(c, &officer, &table_link, 9, "440105001", "cw_hz",
					     "开通机构账号", &e), -1);
	assert_string_equal(e.field, "login");
	assert_string_equal(e.message, "only a service_provider account can be linked");
	assert_string_equal(e.message_zh, "只能关联“服务机构”角色的账号");
	assert_int_equal(access_org_link_set(c, &officer, &column_link, 1, "440105001", "cw_hz",
					     "志愿者账号", &e), -1);
	assert_string_equal(e.message, "only a service_provider account can act as a member");

	assert_int_equal(count("SELECT count(*) FROM t_org_users WHERE org_id = 9"), 0);
	assert_int_equal(test_audit_count(c, "SELECT count(*) FROM audit_log"), audits);
}

static void failed_write_keeps_the_old_link(void **state)
{
	static const access_org_link broken = {
		.unlink_sql = "DELETE FROM t_org_users WHERE login = ?",
		.link_sql = "INSERT INTO t_org_users_missing (login, org_id) VALUES (?, ?)",
		.audit_action = "test.org.link_user",
		.audit_entity = "t_org",
	};
	int64_t audits;
	mz_err e = { 0 };
	(void)state;

	assert_int_equal(access_org_link_set(c, &officer, &table_link, 5, "440105001", "p_hz",
					     "开通机构账号", &e), 0);
	audits = test_audit_count(c, "SELECT count(*) FROM audit_log");
	/* The unlink ran, the link failed: the whole change is rolled back. */
	assert_int_equal(access_org_link_set(c, &officer, &broken, 6, "440105001", "p_hz",
					     "开通机构账号", &e), -1);
	assert_int_equal(org_of_p_hz(), 5);
	assert_int_equal(test_audit_count(c, "SELECT count(*) FROM audit_log"), audits);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(links_and_replaces),
		cmocka_unit_test(refuses_bad_logins),
		cmocka_unit_test(failed_write_keeps_the_old_link),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
