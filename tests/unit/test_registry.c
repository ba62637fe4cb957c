/* Unit tests for registry/: validation on entry, history of every change,
 * optimistic locking, one current household per person, and the scope
 * filter inside every call. On the engine under test (test_db.h:
 * PostgreSQL when MZ_TEST_PG_URL is set). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "access/access.h"
#include "registry/division_seed.h"
#include "registry/registry.h"
#include "store/store.h"
#include "test_db.h"

static test_db db;
static store *st;
static store_conn *c;
static access_ctx city, haizhu, tianhe;

static void ctx(access_ctx *who, const char *login, const char *scope)
{
	access_ctx_system(who, login);
	snprintf(who->scope_code, sizeof(who->scope_code), "%s", scope);
	access_scope_range(scope, who->scope_lo, who->scope_hi);
	who->role = ROLE_STREET_CASEWORKER;
}

static int setup(void **state)
{
	mz_err e = { 0 };
	(void)state;

	if (test_db_open(&db, "registry", 1, &st, &e) || !(c = store_conn_get(st, &e)) ||
	    registry_divisions_seed(c, &e) ||
	    store_exec(c, "INSERT INTO divisions (code, name, level, parent) VALUES"
			  " ('440105001001', '海珠测试社区', 4, '440105001'),"
			  " ('440106001001', '天河测试社区', 4, '440106001')", &e)) {
		fprintf(stderr, "setup (%s): %s\n", test_db_engine_name(), e.message);
		return -1;
	}
	access_ctx_system(&city, "city");
	ctx(&haizhu, "hz", "440105001");
	ctx(&tianhe, "th", "440106001");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	test_db_drop(&db);
	return 0;
}

static int64_t create(const access_ctx *who, const char *idno, const char *name,
		      const char *division, mz_err *e)
{
	json_t *in = json_pack("{s:s,s:s,s:s}", "id_number", idno, "name", name,
			       "division_code", division);
	int64_t id = 0;
	int r = registry_person_create(c, who, in, "新登记", &id, e);

	json_decref(in);
	return r ? -1 : id;
}

static int64_t p1, p2, p3;

static void person_create_validates(void **state)
{
	mz_err e = { 0 };
	json_t *p;
	(void)state;

	p1 = create(&haizhu, "11010519491231002X", "王一", "440105001001", &e);
	assert_true(p1 > 0);
	p = registry_person_get(c, &haizhu, p1, &e);
	assert_string_equal(json_string_value(json_object_get(p, "birth_date")), "1949-12-31");
	assert_string_equal(json_string_value(json_object_get(p, "sex")), "F");
	assert_string_equal(json_string_value(json_object_get(p, "id_number_masked")), "1101**********002X");
	json_decref(p);
	/* Bad check digit, a 15-digit number, an out-of-scope community. */
	assert_int_equal(create(&haizhu, "110105194912310021", "王二", "440105001001", &e), -1);
	assert_string_equal(e.field, "id_number");
	assert_int_equal(create(&haizhu, "440105500101001", "王二", "440105001001", &e), -1);
	assert_string_equal(e.field, "id_number");
	assert_int_equal(create(&haizhu, "360426199101010071", "王二", "440106001001", &e), -1);
	assert_string_equal(e.field, "division_code");
	assert_int_equal(create(&haizhu, "11010519491231002X", "重复", "440105001001", &e), -1);
	assert_int_equal(e.code, MZ_ECONFLICT);
	p2 = create(&haizhu, "360426199101010071", "王二", "440105001001", &e);
	assert_true(p2 > 0);
	p3 = create(&tianhe, "440106198001010019", "李三", "440106001001", &e);
	if (p3 < 0)
		fail_msg("%s", e.message);
}

static void scope_filter(void **state)
{
	mz_err e = { 0 };
	person_query q = { .page = 1, .page_size = 50 };
	json_t *r;
	char number[19];
	(void)state;

	assert_null(registry_person_get(c, &haizhu, p3, &e));
	assert_int_equal(e.code, MZ_ENOTFOUND);
	assert_int_equal(registry_person_reveal(c, &haizhu, p3, "核对材料", number, &e), -1);
	assert_int_equal(e.code, MZ_ENOTFOUND);
	assert_null(registry_history(c, &haizhu, "person", p3, &e));
	assert_int_equal(e.code, MZ_ENOTFOUND);
	r = registry_person_search(c, &haizhu, &q, &e);
	assert_int_equal(json_integer_value(json_object_get(r, "total")), 2);
	json_decref(r);
	r = registry_person_search(c, &city, &q, &e);
	assert_int_equal(json_integer_value(json_object_get(r, "total")), 3);
	json_decref(r);
	q.q = "440106198001010019"; /* searching by another street's number finds nothing */
	r = registry_person_search(c, &haizhu, &q, &e);
	assert_int_equal(json_integer_value(json_object_get(r, "total")), 0);
	json_decref(r);
	assert_int_equal(registry_person_reveal(c, &tianhe, p3, "核对材料", number, &e), 0);
	assert_string_equal(number, "440106198001010019");
	assert_int_equal(registry_person_reveal(c, &tianhe, p3, "", number, &e), -1);
	assert_string_equal(e.field, "reason");
}

static void update_keeps_history(void **state)
{
	mz_err e = { 0 };
	json_t *in, *out, *h, *last;
	(void)state;

	in = json_pack("{s:s,s:s}", "phone", "13800000000", "address", "海珠路1号");
	out = registry_person_update(c, &haizhu, p1, in, "电话变更", 1, &e);
	assert_non_null(out);
	assert_int_equal(json_integer_value(json_object_get(out, "version")), 2);
	json_decref(out);
	/* A stale version changes nothing. */
	assert_null(registry_person_update(c, &haizhu, p1, in, "再次变更", 1, &e));
	assert_int_equal(e.code, MZ_ECONFLICT);
	json_decref(in);
	/* An unknown field is refused by name. */
	in = json_pack("{s:s}", "id_number", "360426199101010071");
	assert_null(registry_person_update(c, &haizhu, p1, in, "改号码", 2, &e));
	assert_string_equal(e.field, "id_number");
	json_decref(in);
	/* An update from another street cannot even see the person. */
	in = json_pack("{s:s}", "phone", "13900000000");
	assert_null(registry_person_update(c, &tianhe, p1, in, "越权", 2, &e));
	assert_int_equal(e.code, MZ_ENOTFOUND);
	json_decref(in);

	h = registry_history(c, &haizhu, "person", p1, &e);
	assert_int_equal(json_array_size(json_object_get(h, "items")), 2);
	last = json_array_get(json_object_get(h, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(last, "reason")), "电话变更");
	assert_string_equal(json_string_value(json_object_get(last, "changed_by")), "hz");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
				    json_object_get(last, "changes"), "phone"), "new")),
			    "13800000000");
	json_decref(h);
}

static void one_current_household(void **state)
{
	mz_err e = { 0 };
	int64_t h1, h2;
	json_t *members, *h;
	(void)state;

	members = json_pack("[{s:I,s:s},{s:I,s:s}]", "person_id", (json_int_t)p1, "relation",
			    "head", "person_id", (json_int_t)p2, "relation", "child");
	assert_int_equal(registry_household_create(c, &haizhu, "440105001001", "海珠路1号",
						   members, "新立户", &h1, &e), 0);
	json_decref(members);
	/* p2 already belongs to h1. */
	members = json_pack("[{s:I,s:s}]", "person_id", (json_int_t)p2, "relation", "head");
	assert_int_equal(registry_household_create(c, &haizhu, "440105001001", "海珠路2号",
						   members, "分户", &h2, &e), -1);
	assert_int_equal(e.code, MZ_ECONFLICT);
	json_decref(members);
	/* Two heads, or none, are refused. */
	members = json_pack("[]");
	assert_int_equal(registry_household_create(c, &haizhu, "440105001001", "x", members,
						   "立户", &h2, &e), -1);
	assert_string_equal(e.field, "members");
	json_decref(members);
	/* Remove, and the person may join elsewhere; the history says why. */
	assert_int_equal(registry_household_remove_member(c, &haizhu, h1, p2, "迁出", &e), 0);
	members = json_pack("[{s:I,s:s}]", "person_id", (json_int_t)p2, "relation", "head");
	assert_int_equal(registry_household_create(c, &haizhu, "440105001001", "海珠路2号",
						   members, "分户", &h2, &e), 0);
	json_decref(members);
	h = registry_household_get(c, &haizhu, h1, &e);
	assert_int_equal(json_array_size(json_object_get(h, "members")), 1);
	json_decref(h);
	assert_null(registry_household_get(c, &tianhe, h1, &e));
	assert_int_equal(e.code, MZ_ENOTFOUND);
	h = registry_history(c, &haizhu, "household", h1, &e);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(h, "items"), 0), "reason")),
			    "迁出");
	json_decref(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(person_create_validates), cmocka_unit_test(scope_filter),
		cmocka_unit_test(update_keeps_history), cmocka_unit_test(one_current_household),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
