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
#include "base/date.h"
#include "registry/division_seed.h"
#include "registry/idcard.h"
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
	registry_person_new in = { .id_number = idno, .name = name, .division_code = division };
	int64_t id = 0;
	int r = registry_person_create(c, who, &in, "新登记", &id, e);

	return r ? -1 : id;
}

static int64_t p1, p2, p3;

static void person_create_validates(void **state)
{
	mz_err e = { 0 };
	registry_person p;
	char masked[19];
	(void)state;

	p1 = create(&haizhu, "11010519491231002X", "王一", "440105001001", &e);
	assert_true(p1 > 0);
	assert_int_equal(registry_person_get(c, &haizhu, p1, &p, &e), 0);
	assert_int_equal(p.birth, mz_day_parse("1949-12-31"));
	assert_int_equal(p.sex, 'F');
	assert_int_equal(p.death, MZ_DAY_INVALID);
	assert_string_equal(p.division_name, "海珠测试社区");
	assert_int_equal(p.version, 1);
	assert_int_equal(p.household_id, 0);
	idcard_mask(p.id_number, masked);
	assert_string_equal(masked, "1101**********002X");
	/* Bad check digit, a 15-digit number, an out-of-scope community. */
	assert_int_equal(create(&haizhu, "110105194912310021", "王二", "440105001001", &e), -1);
	assert_string_equal(e.field, "id_number");
	assert_int_equal(create(&haizhu, "440105500101001", "王二", "440105001001", &e), -1);
	assert_string_equal(e.field, "id_number");
	assert_int_equal(create(&haizhu, "360426199101010071", "王二", "440106001001", &e), -1);
	assert_string_equal(e.field, "division_code");
	assert_int_equal(create(&haizhu, "11010519491231002X", "重复", "440105001001", &e), -1);
	assert_int_equal(e.code, MZ_ECONFLICT);
	assert_int_equal(create(&haizhu, "360426199101010071", NULL, "440105001001", &e), -1);
	assert_string_equal(e.field, "name");
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
	registry_person_page pg;
	registry_history_list hl;
	registry_person p;
	char number[19];
	(void)state;

	assert_int_equal(registry_person_get(c, &haizhu, p3, &p, &e), -1);
	assert_int_equal(e.code, MZ_ENOTFOUND);
	assert_int_equal(registry_person_find(c, &haizhu, p3, &p, &e), -1);
	assert_int_equal(e.code, MZ_ENOTFOUND);
	assert_int_equal(registry_person_reveal(c, &haizhu, p3, "核对材料", number, &e), -1);
	assert_int_equal(e.code, MZ_ENOTFOUND);
	registry_history_list_init(&hl);
	assert_int_equal(registry_history(c, &haizhu, "person", p3, &hl, &e), -1);
	assert_int_equal(e.code, MZ_ENOTFOUND);
	registry_history_list_release(&hl);
	/* By number: in scope, or city-wide only when the caller says so. */
	assert_int_equal(registry_person_find_by_number(c, &haizhu, "440106198001010019", &p, &e), -1);
	assert_int_equal(e.code, MZ_ENOTFOUND);
	assert_string_equal(e.field, "id_number");
	assert_int_equal(registry_person_find_by_number(c, NULL, "440106198001010019", &p, &e), 0);
	assert_int_equal(p.id, p3);
	assert_int_equal(registry_person_find_by_number(c, NULL, "440106198001010018", &p, &e), -1);
	assert_string_equal(e.field, "id_number");
	assert_int_equal(registry_person_find_any(c, p3, &p, &e), 0);
	assert_string_equal(p.name, "李三");
	{
		/* A page of another room's rows: in the order given, repeats
		 * kept, an unknown id left empty. */
		int64_t ids[] = { p3, 999999, p1, p3 };
		registry_person ps[4];

		assert_int_equal(registry_person_list_by_ids(c, ids, 4, ps, &e), 0);
		assert_int_equal(ps[0].id, p3);
		assert_int_equal(ps[1].id, 0);
		assert_int_equal(ps[2].id, p1);
		assert_string_equal(ps[2].name, "王一");
		assert_int_equal(ps[3].id, p3);
	}

	registry_person_page_init(&pg);
	assert_int_equal(registry_person_search(c, &haizhu, &q, &pg, &e), 0);
	assert_int_equal(pg.total, 2);
	assert_int_equal(pg.n, 2);
	registry_person_page_release(&pg);
	assert_int_equal(registry_person_search(c, &city, &q, &pg, &e), 0);
	assert_int_equal(pg.total, 3);
	registry_person_page_release(&pg);
	q.q = "440106198001010019"; /* searching by another street's number finds nothing */
	assert_int_equal(registry_person_search(c, &haizhu, &q, &pg, &e), 0);
	assert_int_equal(pg.total, 0);
	registry_person_page_release(&pg);
	assert_int_equal(registry_person_reveal(c, &tianhe, p3, "核对材料", number, &e), 0);
	assert_string_equal(number, "440106198001010019");
	assert_int_equal(registry_person_reveal(c, &tianhe, p3, "", number, &e), -1);
	assert_string_equal(e.field, "reason");
}

static void update_keeps_history(void **state)
{
	mz_err e = { 0 };
	registry_person_changes in = { .phone = "13800000000", .address = "海珠路1号" };
	registry_person out;
	registry_history_list h;
	const registry_change *last;
	(void)state;

	assert_int_equal(registry_person_update(c, &haizhu, p1, &in, "电话变更", 1, &out, &e), 0);
	assert_int_equal(out.version, 2);
	assert_string_equal(out.phone, "13800000000");
	/* A stale version changes nothing. */
	assert_int_equal(registry_person_update(c, &haizhu, p1, &in, "再次变更", 1, &out, &e), -1);
	assert_int_equal(e.code, MZ_ECONFLICT);
	/* A death date in the future is refused by name. */
	in = (registry_person_changes){ .set_death_date = 1, .death_date = "2999-01-01" };
	assert_int_equal(registry_person_update(c, &haizhu, p1, &in, "死亡登记", 2, &out, &e), -1);
	assert_string_equal(e.field, "death_date");
	/* An update from another street cannot even see the person. */
	in = (registry_person_changes){ .phone = "13900000000" };
	assert_int_equal(registry_person_update(c, &tianhe, p1, &in, "越权", 2, &out, &e), -1);
	assert_int_equal(e.code, MZ_ENOTFOUND);

	registry_history_list_init(&h);
	assert_int_equal(registry_history(c, &haizhu, "person", p1, &h, &e), 0);
	assert_int_equal(h.n, 2);
	last = &h.items[0];
	assert_string_equal(last->reason, "电话变更");
	assert_string_equal(last->changed_by, "hz");
	assert_non_null(strstr(last->changes_json, "\"phone\":{\"new\":\"13800000000\",\"old\":\"\"}"));
	registry_history_list_release(&h);
}

static void one_current_household(void **state)
{
	mz_err e = { 0 };
	int64_t h1, h2;
	registry_member_ref two[] = { { p1, "head" }, { p2, "child" } };
	registry_member_ref p2_head[] = { { p2, "head" } };
	registry_household h;
	registry_history_list hl;
	(void)state;

	two[0].person_id = p1;
	two[1].person_id = p2;
	p2_head[0].person_id = p2;
	assert_int_equal(registry_household_create(c, &haizhu, "440105001001", "海珠路1号",
						   two, 2, "新立户", &h1, &e), 0);
	/* p2 already belongs to h1. */
	assert_int_equal(registry_household_create(c, &haizhu, "440105001001", "海珠路2号",
						   p2_head, 1, "分户", &h2, &e), -1);
	assert_int_equal(e.code, MZ_ECONFLICT);
	/* None is refused. */
	assert_int_equal(registry_household_create(c, &haizhu, "440105001001", "x", NULL, 0,
						   "立户", &h2, &e), -1);
	assert_string_equal(e.field, "members");
	/* Remove, and the person may join elsewhere; the history says why. */
	assert_int_equal(registry_household_remove_member(c, &haizhu, h1, p2, "迁出", &e), 0);
	assert_int_equal(registry_household_create(c, &haizhu, "440105001001", "海珠路2号",
						   p2_head, 1, "分户", &h2, &e), 0);
	registry_household_init(&h);
	assert_int_equal(registry_household_get(c, &haizhu, h1, &h, &e), 0);
	assert_int_equal(h.n_members, 1);
	assert_int_equal(h.members[0].person_id, p1);
	assert_string_equal(h.members[0].relation, "head");
	assert_int_equal(registry_household_get(c, &tianhe, h1, &h, &e), -1);
	assert_int_equal(e.code, MZ_ENOTFOUND);
	registry_household_release(&h);
	registry_history_list_init(&hl);
	assert_int_equal(registry_history(c, &haizhu, "household", h1, &hl, &e), 0);
	assert_string_equal(hl.items[0].reason, "迁出");
	registry_history_list_release(&hl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(person_create_validates), cmocka_unit_test(scope_filter),
		cmocka_unit_test(update_keeps_history), cmocka_unit_test(one_current_household),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
