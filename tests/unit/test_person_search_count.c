/* Unit test for the count of a person search by name (issue 18, item 7): a
 * name that matches more than 1,000 persons reports 1,000 and
 * total_capped, unless the page asked for lies further, and the count is
 * exact below the cap. On the engine under test (test_db.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "registry/division_seed.h"
#include "registry/registry.h"
#include "store/store.h"
#include "test_db.h"

static test_db db;
static store *st;
static store_conn *c;
static access_ctx city;

/* 1,030 persons named 司徒0 .. 司徒1029 and 5 named 司马0 .. 司马4, inserted
 * directly (the search is under test, not registration). */
static int setup(void **state)
{
	mz_err e = { 0 };
	(void)state;

	if (test_db_open(&db, "person_search_count", 1, &st, &e) || !(c = store_conn_get(st, &e)) ||
	    registry_divisions_seed(c, &e) ||
	    store_exec(c, "INSERT INTO divisions (code, name, level, parent) VALUES"
			  " ('440105001001', '海珠测试社区', 4, '440105001')", &e) ||
	    store_exec(c, "INSERT INTO persons (id_number, name, sex, birth_date, division_code,"
			  " created_at, updated_at)"
			  " WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 1029)"
			  " SELECT 'X' || CAST(i AS TEXT), '司徒' || CAST(i AS TEXT), 'M', '1980-01-01',"
			  " '440105001001', 0, 0 FROM k", &e) ||
	    store_exec(c, "INSERT INTO persons (id_number, name, sex, birth_date, division_code,"
			  " created_at, updated_at)"
			  " WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 4)"
			  " SELECT 'Y' || CAST(i AS TEXT), '司马' || CAST(i AS TEXT), 'F', '1980-01-01',"
			  " '440105001001', 0, 0 FROM k", &e) ||
	    /* Their trace, as the registry's bulk writers note a range. */
	    store_exec(c, "INSERT INTO registry_changes (entity, lo, hi, changed_at)"
			  " SELECT 'person', min(id), max(id), 0 FROM persons", &e)) {
		fprintf(stderr, "setup (%s): %s\n", test_db_engine_name(), e.message);
		return -1;
	}
	access_ctx_system(&city, "city");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	test_db_drop(&db);
	return 0;
}

static void search(const char *q, int64_t page, int64_t page_size, registry_person_page *pg)
{
	person_query pq = { .q = q, .page = page, .page_size = page_size };
	mz_err e = { 0 };

	registry_person_page_init(pg);
	assert_int_equal(registry_person_search(c, &city, &pq, pg, &e), 0);
}

static void name_count_stops_at_the_cap(void **state)
{
	registry_person_page pg;
	(void)state;

	search("司", 1, 20, &pg); /* 1,035 match */
	assert_int_equal(pg.total, 1000);
	assert_true(pg.total_capped);
	assert_int_equal(pg.n, 20);
	registry_person_page_release(&pg);

	search("司徒", 1, 200, &pg); /* 1,030 match */
	assert_int_equal(pg.total, 1000);
	assert_true(pg.total_capped);
	assert_int_equal(pg.n, 200);
	registry_person_page_release(&pg);
}

static void a_page_beyond_the_cap_counts_to_its_end(void **state)
{
	registry_person_page pg;
	(void)state;

	/* Page 6 of 200 ends at 1,200: every one of the 1,030 is counted. */
	search("司徒", 6, 200, &pg);
	assert_int_equal(pg.total, 1030);
	assert_false(pg.total_capped);
	assert_int_equal(pg.n, 30);
	registry_person_page_release(&pg);
}

static void below_the_cap_the_count_is_exact(void **state)
{
	registry_person_page pg;
	(void)state;

	search("司马", 1, 20, &pg);
	assert_int_equal(pg.total, 5);
	assert_false(pg.total_capped);
	assert_int_equal(pg.n, 5);
	registry_person_page_release(&pg);
	search("司徒10", 1, 20, &pg); /* 司徒10, 司徒100..109, 司徒1000..1029 */
	assert_int_equal(pg.total, 1 + 10 + 30);
	assert_false(pg.total_capped);
	registry_person_page_release(&pg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(name_count_stops_at_the_cap),
		cmocka_unit_test(a_page_beyond_the_cap_counts_to_its_end),
		cmocka_unit_test(below_the_cap_the_count_is_exact),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
