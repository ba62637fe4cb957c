/* test_demo.c - the real divisions seed and the synthetic demo city.
 *
 * One small city (DEMO_N persons, seed 7) is built once into a fresh
 * database on the engine under test (test_db.h: PostgreSQL when
 * MZ_TEST_PG_URL is set, else SQLite) and checked for shape: valid and
 * unique ID numbers, the age pyramid, households, communities, incomes, ids
 * for new rows after the explicit ones. A second build with the same seed
 * into another database must hash identically, and a third with another
 * seed must not. On PostgreSQL the same city is also built into a SQLite
 * file and must hash exactly like it: both engines hold the same city. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "demo/demo.h"
#include "registry/division_seed.h"
#include "registry/idcard.h"
#include "store/store.h"
#include "test_db.h"

#define DEMO_N 20000
#define DEMO_SEED 7

static store *g_s;      /* the city under test */
static store_conn *g_c;
static test_db g_db[3]; /* the city under test; two more builds for determinism */
static demo_stats g_stats;

#define OK(call)                                                                 \
	do {                                                                     \
		mz_err e_ = { 0 };                                               \
		if ((call) != 0) {                                               \
			print_error("%s:%d: %s failed: %s\n", __FILE__, __LINE__, \
				    #call, e_.message);                          \
			fail();                                                  \
		}                                                                \
	} while (0)
#define E (&e_)

static int64_t q64(const char *sql)
{
	int64_t v = -1;
	mz_err e = { 0 };

	if (store_query_i64(g_c, sql, &v, &e)) {
		print_error("%s: %s\n", sql, e.message);
		fail();
	}
	return v;
}

/* A fresh, migrated database on the engine under test. */
static store *open_db(int slot)
{
	static const char *const names[3] = { "demo", "demo_same", "demo_other" };
	store *s = NULL;
	mz_err e = { 0 };

	if (test_db_open(&g_db[slot], names[slot], 1, &s, &e)) {
		print_error("open %s (%s): %s\n", names[slot], test_db_engine_name(), e.message);
		return NULL;
	}
	return s;
}

/* FNV-1a over every person, household and membership, in id order. */
static uint64_t city_hash(store_conn *c)
{
	static const char *const sqls[] = {
		"SELECT id, id_number, name, sex, birth_date, division_code, address, phone,"
		" hukou, disability_kind, disability_grade, flags, coalesce(death_date, '')"
		" FROM persons ORDER BY id",
		"SELECT id, division_code, address FROM households ORDER BY id",
		"SELECT household_id, person_id, relation, joined_on, coalesce(left_on, '')"
		" FROM household_members ORDER BY household_id, person_id",
		"SELECT person_id, kind, monthly_fen FROM person_incomes ORDER BY person_id, kind",
		"SELECT person_id, kind, amount_fen FROM person_assets ORDER BY person_id, kind",
	};
	uint64_t h = 1469598103934665603ULL;
	mz_err e = { 0 };

	for (size_t k = 0; k < sizeof(sqls) / sizeof(sqls[0]); k++) {
		store_stmt *st = store_prepare(c, sqls[k], &e);
		int r;

		assert_non_null(st);
		while ((r = store_step(st, &e)) == 1) {
			for (int i = 0; i < store_col_count(st); i++) {
				const char *t = store_col_text(st, i);

				for (; t && *t; t++)
					h = (h ^ (unsigned char)*t) * 1099511628211ULL;
				h = (h ^ 0xff) * 1099511628211ULL;
			}
		}
		store_done(st);
		assert_int_equal(r, 0);
	}
	return h;
}

static int setup(void **state)
{
	demo_opts o = { .persons = DEMO_N, .seed = DEMO_SEED };
	mz_err e = { 0 };

	(void)state;
	g_s = open_db(0);
	if (!g_s || !(g_c = store_conn_get(g_s, &e)) || registry_divisions_seed(g_c, &e) ||
	    registry_demo_build(g_c, &o, &g_stats, &e)) {
		print_error("setup: %s\n", e.message);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(g_s);
	g_s = NULL;
	for (int i = 0; i < 3; i++)
		test_db_drop(&g_db[i]);
	return 0;
}

static void test_divisions_seeded(void **state)
{
	(void)state;
	assert_int_equal(q64("SELECT count(*) FROM divisions WHERE level = 1"), 1);
	assert_int_equal(q64("SELECT count(*) FROM divisions WHERE level = 2 AND historical = 0"
			     " AND parent = '440100'"), GZ_DISTRICT_COUNT);
	assert_int_equal(q64("SELECT count(*) FROM divisions WHERE level = 2 AND historical = 1"
			     " AND code IN ('440102', '440107', '440116', '440181', '440182',"
			     " '440183')"), 6);
	assert_int_equal(q64("SELECT count(*) FROM divisions WHERE level = 3"),
			 REGISTRY_STREET_COUNT);
	/* Every street is 9 digits under a current district. */
	assert_int_equal(q64("SELECT count(*) FROM divisions s JOIN divisions d ON d.code = s.parent"
			     " WHERE s.level = 3 AND length(s.code) = 9 AND d.level = 2"
			     " AND d.historical = 0 AND substr(s.code, 1, 6) = d.code"),
			 REGISTRY_STREET_COUNT);
	assert_int_equal(q64("SELECT count(*) FROM divisions WHERE code = '440103001'"
			     " AND name = '沙面街道'"), 1);
}

static void test_seed_idempotent(void **state)
{
	int64_t before = q64("SELECT count(*) FROM divisions");

	(void)state;
	OK(registry_divisions_seed(g_c, E));
	OK(registry_demo_communities(g_c, E));
	assert_int_equal(q64("SELECT count(*) FROM divisions"), before);
}

static void test_communities(void **state)
{
	int64_t n = q64("SELECT count(*) FROM divisions WHERE level = 4");

	(void)state;
	assert_true(n >= 2641 && n <= 2919); /* 2,780 +- 5% */
	assert_int_equal(g_stats.communities, n);
	/* 12 digits, under their street, in the right segment for their kind. */
	assert_int_equal(q64("SELECT count(*) FROM divisions c JOIN divisions s ON s.code = c.parent"
			     " WHERE c.level = 4 AND s.level = 3 AND length(c.code) = 12"
			     " AND substr(c.code, 1, 9) = s.code"),
			 n);
	{
		mz_err e = { 0 };
		store_stmt *st = store_prepare(g_c, "SELECT code FROM divisions WHERE level = 4", &e);
		int r;

		assert_non_null(st);
		while ((r = store_step(st, &e)) == 1)
			assert_int_equal(strspn(store_col_text(st, 0), "0123456789"), 12);
		store_done(st);
		assert_int_equal(r, 0);
	}
	assert_int_equal(q64("SELECT count(*) FROM divisions WHERE level = 4 AND NOT ("
			     " (substr(code, 10, 3) BETWEEN '001' AND '199' AND name LIKE '%社区居委会')"
			     " OR (substr(code, 10, 3) BETWEEN '200' AND '399' AND name LIKE '%村委会'))"),
			 0);
	/* Every street has at least one; villages are about 40%. */
	assert_int_equal(q64("SELECT count(*) FROM divisions s WHERE level = 3 AND NOT EXISTS"
			     " (SELECT 1 FROM divisions c WHERE c.parent = s.code)"), 0);
	int64_t villages = q64("SELECT count(*) FROM divisions WHERE level = 4"
			       " AND substr(code, 10, 3) >= '200'");
	assert_true(villages * 100 / n >= 30 && villages * 100 / n <= 50);
	/* Inside Guangzhou. */
	assert_int_equal(q64("SELECT count(*) FROM divisions WHERE level = 4 AND NOT ("
			     " lat_e6 BETWEEN 22500000 AND 23900000"
			     " AND lon_e6 BETWEEN 112900000 AND 114050000)"), 0);
}

static void test_id_numbers(void **state)
{
	mz_err e = { 0 };
	store_stmt *st = store_prepare(g_c, "SELECT id_number, sex, birth_date, division_code"
					   " FROM persons", &e);
	mz_day today = mz_day_from_ymd(DEMO_AS_OF_Y, DEMO_AS_OF_M, DEMO_AS_OF_D);
	int64_t n = 0, hist = 0, foreign = 0, r;

	(void)state;
	assert_non_null(st);
	while ((r = store_step(st, &e)) == 1) {
		idcard_info info;
		char birth[11];
		const char *num = store_col_text(st, 0);

		if (idcard_parse_on(num, today, &info, &e)) {
			print_error("%s: %s\n", num, e.message);
			fail();
		}
		assert_int_equal(info.sex, store_col_text(st, 1)[0]);
		mz_day_format(info.birth, birth);
		assert_string_equal(birth, store_col_text(st, 2));
		if (gz_division_is_historical(info.division))
			hist++;
		else if (strncmp(info.division, "4401", 4))
			foreign++;
		else
			assert_memory_equal(info.division, store_col_text(st, 3), 6);
		n++;
	}
	store_done(st);
	assert_int_equal(r, 0);
	assert_int_equal(n, DEMO_N);
	assert_int_equal(q64("SELECT count(DISTINCT id_number) FROM persons"), DEMO_N);
	/* Some historical codes, a good share of migrants. */
	assert_true(hist > 0 && hist * 100 / n < 20);
	assert_true(foreign * 100 / n >= 10 && foreign * 100 / n <= 40);
}

static void test_age_structure(void **state)
{
	int64_t old = q64("SELECT count(*) FROM persons WHERE birth_date <= '1966-07-01'");
	int64_t kids = q64("SELECT count(*) FROM persons WHERE birth_date > '2008-07-01'");
	int64_t very_old = q64("SELECT count(*) FROM persons WHERE birth_date <= '1946-07-01'");
	int64_t men = q64("SELECT count(*) FROM persons WHERE sex = 'M'");

	(void)state;
	print_message("60+: %.1f%%, under 18: %.1f%%, 80+: %.1f%%, men %.1f%%\n",
		      old * 100.0 / DEMO_N, kids * 100.0 / DEMO_N, very_old * 100.0 / DEMO_N,
		      men * 100.0 / DEMO_N);
	assert_true(old * 100 >= 17 * DEMO_N && old * 100 <= 23 * DEMO_N);
	assert_true(kids * 100 >= 10 * DEMO_N && kids * 100 <= 25 * DEMO_N);
	assert_true(very_old > 0 && very_old < old / 3);
	assert_true(men * 100 >= 45 * DEMO_N && men * 100 <= 55 * DEMO_N);
	assert_int_equal(q64("SELECT count(*) FROM persons WHERE birth_date > '2026-07-01'"
			     " OR birth_date < '1915-01-01'"), 0);
}

static void test_households(void **state)
{
	int64_t h = q64("SELECT count(*) FROM households");
	int64_t dead = q64("SELECT count(*) FROM persons WHERE death_date IS NOT NULL");

	(void)state;
	print_message("households %lld, mean size %.2f, deceased %lld\n", (long long)h,
		      (double)DEMO_N / (double)h, (long long)dead);
	assert_int_equal(h, g_stats.households);
	assert_true(DEMO_N * 100 / h >= 230 && DEMO_N * 100 / h <= 290);
	/* Every living person in exactly one current household; the dead have
	 * one membership, ended on the day of death. */
	assert_int_equal(q64("SELECT count(*) FROM persons p WHERE p.death_date IS NULL AND"
			     " (SELECT count(*) FROM household_members m WHERE m.person_id = p.id"
			     " AND m.left_on IS NULL) <> 1"), 0);
	assert_int_equal(q64("SELECT count(*) FROM persons p WHERE p.death_date IS NOT NULL AND"
			     " (SELECT count(*) FROM household_members m WHERE m.person_id = p.id"
			     " AND m.left_on = p.death_date) <> 1"), 0);
	assert_int_equal(q64("SELECT count(*) FROM household_members"), DEMO_N);
	assert_true(dead > 0 && dead * 100 < DEMO_N * 2);
	/* One living head per household, sizes 1-8, all in the same community. */
	assert_int_equal(q64("SELECT count(*) FROM households x WHERE (SELECT count(*)"
			     " FROM household_members m JOIN persons p ON p.id = m.person_id"
			     " WHERE m.household_id = x.id AND m.relation = 'head'"
			     " AND m.left_on IS NULL AND p.death_date IS NULL) <> 1"), 0);
	assert_int_equal(q64("SELECT count(*) FROM household_members m JOIN households x"
			     " ON x.id = m.household_id JOIN persons p ON p.id = m.person_id"
			     " WHERE p.division_code <> x.division_code"), 0);
	assert_int_equal(q64("SELECT max(n) FROM (SELECT count(*) AS n FROM household_members"
			     " GROUP BY household_id) t") <= 8, 1);
	/* Ages fit relations: a child is younger than the head's spouse or the
	 * head by at least 14 years, a parent older than the head. */
	assert_int_equal(q64("SELECT count(*) FROM household_members m"
			     " JOIN persons c ON c.id = m.person_id"
			     " JOIN household_members hm ON hm.household_id = m.household_id"
			     "  AND hm.relation = 'head'"
			     " JOIN persons hp ON hp.id = hm.person_id"
			     " WHERE (m.relation = 'child' AND c.birth_date < hp.birth_date)"
			     " OR (m.relation = 'parent' AND c.birth_date > hp.birth_date)"
			     " OR (m.relation = 'grandchild' AND c.birth_date < hp.birth_date)"),
			 0);
	/* Everyone lives in a community. */
	assert_int_equal(q64("SELECT count(*) FROM persons p WHERE NOT EXISTS (SELECT 1 FROM"
			     " divisions d WHERE d.code = p.division_code AND d.level = 4)"), 0);
}

static void test_circumstances(void **state)
{
	int64_t disabled = q64("SELECT count(*) FROM persons WHERE disability_grade > 0");
	int64_t students = q64("SELECT count(*) FROM persons WHERE flags = 'full_time_student'");
	int64_t h = q64("SELECT count(*) FROM households");
	/* Households under the 2021 dibao standard: 1,120 yuan per person per
	 * month, counting incomes except veterans' benefits. */
	int64_t poor = q64(
		"SELECT count(*) FROM (SELECT m.household_id,"
		" sum(coalesce((SELECT sum(monthly_fen) FROM person_incomes i WHERE"
		" i.person_id = m.person_id AND i.kind <> 'veterans_benefit'), 0)) AS inc,"
		" count(*) AS n FROM household_members m WHERE m.left_on IS NULL"
		" GROUP BY m.household_id) t WHERE inc < 112000 * n");

	(void)state;
	print_message("disabled %.1f%%, students %lld, below dibao %.1f%% of households,"
		      " incomes %lld, assets %lld\n",
		      disabled * 100.0 / DEMO_N, (long long)students, poor * 100.0 / h,
		      (long long)g_stats.incomes, (long long)g_stats.assets);
	assert_true(disabled * 1000 >= 45 * DEMO_N && disabled * 1000 <= 75 * DEMO_N);
	assert_int_equal(q64("SELECT count(*) FROM persons WHERE (disability_grade = 0) <>"
			     " (disability_kind = '') OR disability_kind NOT IN ('', 'physical',"
			     " 'visual', 'hearing', 'speech', 'intellectual', 'psychiatric',"
			     " 'multiple')"), 0);
	assert_true(students > 0);
	assert_int_equal(q64("SELECT count(*) FROM persons WHERE flags = 'full_time_student'"
			     " AND (birth_date > '2008-07-01' OR birth_date <= '2003-07-01')"), 0);
	assert_true(poor * 100 >= 1 * h && poor * 100 <= 8 * h);
	assert_int_equal(q64("SELECT count(*) FROM person_incomes WHERE kind NOT IN ('wages',"
			     " 'pension', 'business', 'property', 'support', 'unemployment',"
			     " 'veterans_benefit')"), 0);
	assert_true(q64("SELECT count(DISTINCT kind) FROM person_incomes") == 7);
	assert_true(q64("SELECT count(*) FROM person_assets WHERE kind = 'vehicles'") > 0);
	assert_int_equal(q64("SELECT count(*) FROM person_incomes i JOIN persons p"
			     " ON p.id = i.person_id WHERE p.death_date IS NOT NULL"
			     " OR i.division_code <> p.division_code"), 0);
	/* Wages go to working ages only; the median wage is plausible. */
	assert_int_equal(q64("SELECT count(*) FROM person_incomes i JOIN persons p"
			     " ON p.id = i.person_id WHERE i.kind = 'wages'"
			     " AND p.birth_date > '2008-07-01'"), 0);
}

static void test_deterministic(void **state)
{
	demo_opts o = { .persons = DEMO_N, .seed = DEMO_SEED };
	uint64_t h0 = city_hash(g_c), h1, h2;
	store *s1 = open_db(1), *s2 = open_db(2);
	store_conn *c1, *c2;

	(void)state;
	assert_non_null(s1);
	assert_non_null(s2);
	c1 = store_conn_get(s1, NULL);
	c2 = store_conn_get(s2, NULL);
	OK(registry_demo_build(c1, &o, NULL, E));
	h1 = city_hash(c1);
	o.seed = DEMO_SEED + 1;
	OK(registry_demo_build(c2, &o, NULL, E));
	h2 = city_hash(c2);
	assert_true(h0 == h1);
	assert_true(h0 != h2);
	store_close(s1);
	store_close(s2);
	test_db_drop(&g_db[1]);
	test_db_drop(&g_db[2]);
}

/* The demo gives persons and households explicit ids; a row added later
 * without one must get a fresh id past them (on PostgreSQL the demo moves
 * the identity sequences on; SQLite takes max(rowid) + 1). */
static void test_next_ids_after_demo(void **state)
{
	char number[19];
	store_stmt *st;
	mz_err e = { 0 };
	int64_t max_p = q64("SELECT max(id) FROM persons");
	int64_t max_h = q64("SELECT max(id) FROM households");

	(void)state;
	assert_true(max_p >= DEMO_N);
	/* Born 1900: older than anyone the demo makes, so the number is new. */
	idcard_make("440105", 1900, 1, 1, 999, number);
	OK(store_begin(g_c, E));
	st = store_prepare(g_c, "INSERT INTO persons (id_number, name, sex, birth_date,"
				" division_code, created_at, updated_at) SELECT ?, '新登记', 'F',"
				" '1900-01-01', min(code), 0, 0 FROM divisions WHERE level = 4"
				" RETURNING id", &e);
	assert_non_null(st);
	store_bind_text(st, 1, number);
	if (store_step(st, &e) != 1)
		fail_msg("insert person: %s", e.message);
	assert_true(store_col_i64(st, 0) > max_p);
	store_done(st);
	st = store_prepare(g_c, "INSERT INTO households (division_code, address, created_at,"
				" updated_at) SELECT min(code), '新立户', 0, 0 FROM divisions"
				" WHERE level = 4 RETURNING id", &e);
	assert_non_null(st);
	if (store_step(st, &e) != 1)
		fail_msg("insert household: %s", e.message);
	assert_true(store_col_i64(st, 0) > max_h);
	store_done(st);
	store_rollback(g_c); /* the city stays as built for the other tests */
	assert_int_equal(q64("SELECT count(*) FROM persons"), DEMO_N);
}

/* PostgreSQL pass only: the same seed builds the same city on SQLite. */
static void test_same_city_as_sqlite(void **state)
{
	demo_opts o = { .persons = DEMO_N, .seed = DEMO_SEED };
	test_db ref;
	store *s = NULL;
	store_conn *c;

	(void)state;
	if (test_db_engine() != STORE_POSTGRES)
		skip(); /* on SQLite, test_deterministic already compares like with like */
	OK(test_db_create_on(&ref, STORE_SQLITE, "demo_ref", E));
	OK(store_open(ref.url, &s, E));
	OK(store_migrate(s, NULL, E));
	c = store_conn_get(s, NULL);
	assert_non_null(c);
	OK(registry_demo_build(c, &o, NULL, E));
	assert_true(city_hash(c) == city_hash(g_c));
	store_close(s);
	test_db_drop(&ref);
}

static void test_refuses_existing_city(void **state)
{
	demo_opts o = { .persons = 10, .seed = 1 };
	mz_err e = { 0 };

	(void)state;
	assert_int_equal(registry_demo_build(g_c, &o, NULL, &e), -1);
	assert_int_equal(e.code, MZ_ECONFLICT);
	assert_non_null(strstr(e.message, "already exists"));
	assert_int_equal(q64("SELECT count(*) FROM persons"), DEMO_N);
	o.persons = 0;
	assert_int_equal(registry_demo_build(g_c, &o, NULL, &e), -1);
	assert_int_equal(e.code, MZ_EINVAL);
}

static void test_demo_users(void **state)
{
	demo_user a[DEMO_USER_COUNT], b[DEMO_USER_COUNT], c[DEMO_USER_COUNT];
	char sql[160];

	(void)state;
	registry_demo_users(1, a);
	registry_demo_users(1, b);
	registry_demo_users(2, c);
	for (int i = 0; i < DEMO_USER_COUNT; i++) {
		assert_string_equal(a[i].password, b[i].password);
		assert_string_not_equal(a[i].password, c[i].password);
		assert_int_equal(strlen(a[i].password), 10);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM divisions WHERE code = '%s'",
			 a[i].scope);
		assert_int_equal(q64(sql), 1);
	}
	assert_string_equal(a[2].scope, "440105001");
	assert_string_equal(a[6].scope, "440106001");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_divisions_seeded),
		cmocka_unit_test(test_seed_idempotent),
		cmocka_unit_test(test_communities),
		cmocka_unit_test(test_id_numbers),
		cmocka_unit_test(test_age_structure),
		cmocka_unit_test(test_households),
		cmocka_unit_test(test_circumstances),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_next_ids_after_demo),
		cmocka_unit_test(test_same_city_as_sqlite),
		cmocka_unit_test(test_refuses_existing_city),
		cmocka_unit_test(test_demo_users),
	};
	char group[64];

	snprintf(group, sizeof(group), "demo on %s", test_db_engine_name());
	return cmocka_run_group_tests_name(group, tests, setup, teardown) ? 1 : 0;
}
