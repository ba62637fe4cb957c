/* test_marriage_register.c - marriage registration and divorce by
 * agreement against a real database (both engines, test_db.h): each
 * refusal with its article and field, the registry's marital status set
 * through the event, the certificate numbers, the Art. 1077 windows on the
 * clock (withdrawal on day 30, not on day 31; expiry on day 61, not on day
 * 60), revocation, and an office's scope. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "demo/demo.h"
#include "domains/marriage/hooks.h"
#include "domains/marriage/marriage.h"
#include "events/events.h"
#include "registry/division_seed.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/store.h"
#include "test_city.h"

static store *s;
static store_conn *c;
static access_ctx admin;
static test_db db;
static char community[16];


/* Today is this day for the test (the clock offset moves mz_today). */
static void today_is(const char *day)
{
	mz_clock_set_offset(0);
	mz_clock_set_offset((int64_t)(mz_day_parse(day) - mz_today()) * 86400);
}

static int setup(void **state)
{
	(void)state;
	if (test_city_open(&db, "marriage", &s, &c))
		return -1;
	events_init();
	events_subscribe(marriage_subscribers);
	access_ctx_system(&admin, "unit_test");
	return test_city_community(c, "440105001", community);
}

static int teardown(void **state)
{
	(void)state;
	mz_clock_set_offset(0);
	test_city_close(&db, s);
	return 0;
}

/* A person of sex 'M'/'F' born on y-m-d; its ID number into number. */
static int64_t person(char sex, int y, int m, int d, char number[19])
{
	static int seq = 200;
	registry_person_new in = { 0 };
	int64_t id = 0;

	seq += 1 + ((seq % 2 == 1) != (sex == 'M')); /* odd sequence: a man (GB 11643) */
	if ((seq % 2 == 1) != (sex == 'M'))
		seq++;
	idcard_make("440105", y, m, d, seq % 1000, number);
	in.id_number = number;
	in.name = sex == 'M' ? "测试男" : "测试女";
	in.division_code = community;
	OK(registry_person_create(c, &admin, &in, "unit test", &id, E));
	return id;
}

static mar_marriage_new pair(const char *man, const char *woman)
{
	return (mar_marriage_new){ .office_code = "440105", .man_id_number = man,
				   .woman_id_number = woman, .both_present = 1, .man_declares = 1,
				   .woman_declares = 1 };
}

static void deliver(void)
{
	events_deliver_stats st;
	mz_err e = { 0 };

	assert_int_equal(events_deliver(s, mz_now_unix(), 100, &st, &e), 0);
	assert_int_equal(st.failed, 0);
}

static void marital(int64_t id, const char *want)
{
	registry_person p;

	OK(registry_person_find_any(c, id, &p, E));
	assert_string_equal(p.marital_status, want);
}

static void test_age_refusals(void **state)
{
	char m[19], f[19], f2[19];
	mar_marriage_new in;
	mz_err e = { 0 };
	int64_t id = 0;
	(void)state;

	today_is("2026-08-31");
	person('M', 2004, 9, 1, m);  /* 22 tomorrow */
	person('F', 2006, 8, 31, f); /* 20 today */
	person('F', 2006, 9, 1, f2); /* 20 tomorrow */
	in = pair(m, f);
	assert_int_equal(mar_marriage_register(c, &admin, &in, &id, &e), -1);
	assert_int_equal(e.code, MZ_EINVAL);
	assert_string_equal(e.field, "man_id_number");
	assert_non_null(strstr(e.message, "Art. 1047"));
	assert_non_null(strstr(e.message, "22"));
	assert_non_null(strstr(e.message_zh, "第一千零四十七条"));
	today_is("2026-09-01");
	mz_err_clear(&e);
	in = pair(m, f2);
	in.woman_id_number = f2;
	/* The man is 22 today, the second woman turns 20 today too. */
	OK(mar_marriage_register(c, &admin, &in, &id, E));
	/* Same sex is refused (Art. 1049: a man and a woman). */
	in = pair(f, f2);
	assert_int_equal(mar_marriage_register(c, &admin, &in, &id, &e), -1);
	assert_string_equal(e.field, "man_id_number");
}

static void test_existing_marriage_and_status(void **state)
{
	char m[19], f[19], f2[19];
	int64_t mid, fid, f2id, id = 0, id2 = 0;
	mar_marriage_new in;
	mar_marriage got;
	mz_err e = { 0 };
	(void)state;

	today_is("2026-08-31");
	mid = person('M', 1990, 1, 1, m);
	fid = person('F', 1992, 2, 2, f);
	f2id = person('F', 1993, 3, 3, f2);
	in = pair(m, f);
	OK(mar_marriage_register(c, &admin, &in, &id, E));
	OK(mar_marriage_get(c, &admin, id, &got, E));
	assert_string_equal(got.status, "registered");
	assert_string_equal(got.registered_on, "2026-08-31");
	assert_memory_equal(got.certificate_no, "J440105-2026-", 13);
	/* The registry learns it through the event. */
	marital(mid, "unknown");
	deliver();
	marital(mid, "married");
	marital(fid, "married");
	/* A second marriage of the man: refused with the article. */
	in = pair(m, f2);
	assert_int_equal(mar_marriage_register(c, &admin, &in, &id2, &e), -1);
	assert_int_equal(e.code, MZ_ECONFLICT);
	assert_string_equal(e.field, "man_id_number");
	assert_non_null(strstr(e.message, "Art. 1041"));
	marital(f2id, "unknown");
	/* Revoked for coercion (Art. 1052): the marriage no longer counts. */
	assert_int_equal(mar_marriage_revoke(c, &admin, id, "coercion", "", &e), -1);
	assert_string_equal(e.field, "reason");
	OK(mar_marriage_revoke(c, &admin, id, "coercion", "法院判决撤销：受胁迫", E));
	OK(mar_marriage_get(c, &admin, id, &got, E));
	assert_string_equal(got.status, "revoked");
	assert_string_equal(got.status_article, "民法典第一千零五十二条");
	deliver();
	marital(mid, "unmarried");
	OK(mar_marriage_register(c, &admin, &in, &id2, E));
}

static void test_kinship_refusals(void **state)
{
	char father[19], daughter[19], son[19], lodger[19], head[19];
	int64_t ids[3], hid = 0, id = 0;
	mar_marriage_new in;
	mar_marriage got;
	mz_err e = { 0 };
	(void)state;

	today_is("2026-08-31");
	ids[0] = person('M', 1960, 5, 5, father);
	ids[1] = person('F', 1990, 6, 6, daughter);
	ids[2] = person('M', 1992, 7, 7, son);
	{
		registry_member_ref mem[] = { { ids[0], "head" }, { ids[1], "child" }, { ids[2], "child" } };
		OK(registry_household_create(c, &admin, community, "测试地址1号", mem, 3, "unit test", &hid, E));
	}
	/* Father and daughter: lineal. */
	in = pair(father, daughter);
	assert_int_equal(mar_marriage_register(c, &admin, &in, &id, &e), -1);
	assert_string_equal(e.field, "kinship");
	assert_non_null(strstr(e.message, "Art. 1048"));
	assert_non_null(strstr(e.message, "lineal"));
	/* Brother and sister: collateral. */
	in = pair(son, daughter);
	assert_int_equal(mar_marriage_register(c, &admin, &in, &id, &e), -1);
	assert_string_equal(e.field, "kinship");
	assert_non_null(strstr(e.message, "siblings"));
	/* Brother and sister who have both left their parents' household:
	 * the past membership still shows them as siblings. */
	{
		char mom[19], bro[19], sis[19];
		int64_t pm = person('F', 1962, 1, 9, mom), pb = person('M', 1993, 1, 9, bro),
			ps = person('F', 1995, 1, 9, sis), h3 = 0;
		registry_member_ref mem[] = { { pm, "head" }, { pb, "child" }, { ps, "child" } };

		OK(registry_household_create(c, &admin, community, "测试地址3号", mem, 3, "unit test", &h3, E));
		OK(registry_household_remove_member(c, &admin, h3, pb, "分户", E));
		OK(registry_household_remove_member(c, &admin, h3, ps, "分户", E));
		in = pair(bro, sis);
		assert_int_equal(mar_marriage_register(c, &admin, &in, &id, &e), -1);
		assert_string_equal(e.field, "kinship");
		assert_non_null(strstr(e.message, "siblings"));
	}
	/* A lodger ("other") in a woman's household: the registry cannot
	 * tell; the officer must ask and write the answer down. */
	{
		int64_t h = person('F', 1991, 8, 8, head), l = person('M', 1991, 9, 9, lodger), hh = 0;
		registry_member_ref mem[] = { { h, "head" }, { l, "other" } };
		char finding[16];
		mz_err why = { 0 };

		OK(registry_household_create(c, &admin, community, "测试地址2号", mem, 2, "unit test", &hh, E));
		OK(mar_marriage_precheck(c, &admin, lodger, head, finding, &why, E));
		assert_string_equal(finding, "ask");
		in = pair(lodger, head);
		assert_int_equal(mar_marriage_register(c, &admin, &in, &id, &e), -1);
		assert_string_equal(e.field, "kinship_note");
		in.kinship_note = "双方当面声明无血缘关系";
		OK(mar_marriage_register(c, &admin, &in, &id, E));
		OK(mar_marriage_get(c, &admin, id, &got, E));
		assert_string_equal(got.kinship_finding, "uncertain");
	}
}

static void test_declarations_and_scope(void **state)
{
	char m[19], f[19];
	mar_marriage_new in;
	access_ctx street, other_district;
	mz_err e = { 0 };
	int64_t id = 0;
	(void)state;

	today_is("2026-08-31");
	person('M', 1985, 1, 1, m);
	person('F', 1986, 1, 1, f);
	in = pair(m, f);
	in.woman_declares = 0;
	assert_int_equal(mar_marriage_register(c, &admin, &in, &id, &e), -1);
	assert_string_equal(e.field, "woman_declares");
	in = pair(m, f);
	in.both_present = 0;
	assert_int_equal(mar_marriage_register(c, &admin, &in, &id, &e), -1);
	assert_string_equal(e.field, "both_present");
	in = pair(m, f);
	in.cross_province = 1;
	in.other_province = "湖南省";
	assert_int_equal(mar_marriage_register(c, &admin, &in, &id, &e), -1);
	assert_string_equal(e.field, "other_reference");
	/* A street's scope holds no registry office; another district's
	 * officer does not act for Haizhu's office. */
	street = admin;
	mz_strlcpy(street.scope_code, "440105001", sizeof(street.scope_code));
	access_scope_range("440105001", street.scope_lo, street.scope_hi);
	in = pair(m, f);
	assert_int_equal(mar_marriage_register(c, &street, &in, &id, &e), -1);
	assert_int_equal(e.code, MZ_ENOTFOUND);
	assert_string_equal(e.field, "office_code");
	other_district = admin;
	access_scope_range("440106", other_district.scope_lo, other_district.scope_hi);
	assert_int_equal(mar_marriage_register(c, &other_district, &in, &id, &e), -1);
	assert_int_equal(e.code, MZ_ENOTFOUND);
	/* Cross-province, with the other province's reference, is recorded. */
	in.cross_province = 1;
	in.other_province = "湖南省";
	in.other_reference = "HN-2026-000123";
	OK(mar_marriage_register(c, &admin, &in, &id, E));
	{
		mar_marriage got;

		OK(mar_marriage_get(c, &admin, id, &got, E));
		assert_int_equal(got.cross_province, 1);
		assert_string_equal(got.other_reference, "HN-2026-000123");
		/* Certificate reissue to one party: a new number, with a reason. */
		char number[40];

		assert_int_equal(mar_certificate_reissue(c, &admin, id, f, "", number, &e), -1);
		OK(mar_certificate_reissue(c, &admin, id, f, "结婚证遗失", number, E));
		assert_memory_equal(number, "BJ440105-2026-", 14);
		assert_string_not_equal(number, got.certificate_no);
	}
}

/* A married couple registered on `on`; their ID numbers. */
static int64_t couple(const char *on, char m[19], char f[19], int64_t *man_id)
{
	mar_marriage_new in;
	int64_t id = 0;

	today_is(on);
	*man_id = person('M', 1980, 4, 4, m);
	person('F', 1982, 5, 5, f);
	in = pair(m, f);
	OK(mar_marriage_register(c, &admin, &in, &id, E));
	return id;
}

static int64_t apply(const char *m, const char *f)
{
	mar_divorce_new dn = { .office_code = "440105", .man_id_number = m, .woman_id_number = f,
			       .both_present = 1 };
	int64_t id = 0;

	OK(mar_divorce_apply(c, &admin, &dn, &id, E));
	return id;
}

static void test_divorce_windows(void **state)
{
	char m[19], f[19], day[11];
	int64_t man, did, n = 0;
	mar_divorce d;
	mz_err e = { 0 };
	(void)state;

	couple("2025-06-02", m, f, &man);
	deliver();
	/* Applied on Monday 31 August 2026: withdraw until 30 September, appear
	 * 1 to 30 October (docs/domain.md, counting the days). */
	today_is("2026-08-31");
	did = apply(m, f);
	OK(mar_divorce_get(c, &admin, did, &d, E));
	mz_day_format(d.w.withdraw_until, day);
	assert_string_equal(day, "2026-09-30");
	mz_day_format(d.w.appear_until, day);
	assert_string_equal(day, "2026-10-30");
	assert_string_equal(d.phase, "withdraw");
	/* A second application while one runs: refused. */
	{
		mar_divorce_new dn = { .office_code = "440105", .man_id_number = m,
				       .woman_id_number = f, .both_present = 1 };
		int64_t x;

		assert_int_equal(mar_divorce_apply(c, &admin, &dn, &x, &e), -1);
		assert_int_equal(e.code, MZ_ESTATE);
	}
	/* Registering within the first window: refused with the dates. */
	today_is("2026-09-15");
	assert_int_equal(mar_divorce_register(c, &admin, did, 1, &e), -1);
	assert_non_null(strstr(e.message, "2026-10-01"));
	/* Day 31: too late to withdraw. */
	today_is("2026-10-01");
	assert_int_equal(mar_divorce_withdraw(c, &admin, did, m, "不想离了", &e), -1);
	assert_non_null(strstr(e.message, "2026-09-30"));
	/* Day 60: still open; day 61: the job treats it as withdrawn. */
	today_is("2026-10-30");
	OK(mar_divorces_expire(c, &admin, mz_today(), &n, E));
	assert_int_equal(n, 0);
	today_is("2026-10-31");
	OK(mar_divorces_expire(c, &admin, mz_today(), &n, E));
	assert_int_equal(n, 1);
	OK(mar_divorce_get(c, &admin, did, &d, E));
	assert_string_equal(d.status, "expired");
	/* Still married: a new application, withdrawn on day 30 by one party. */
	today_is("2026-08-31");
	did = apply(m, f);
	today_is("2026-09-30");
	assert_int_equal(mar_divorce_withdraw(c, &admin, did, "110101199003070000", "x1", &e), -1);
	assert_string_equal(e.field, "party_id_number");
	OK(mar_divorce_withdraw(c, &admin, did, f, "女方撤回", E));
	OK(mar_divorce_get(c, &admin, did, &d, E));
	assert_string_equal(d.status, "withdrawn");
	/* A third, registered within the second window: divorced, certificate. */
	today_is("2026-08-31");
	did = apply(m, f);
	today_is("2026-10-12");
	assert_int_equal(mar_divorce_register(c, &admin, did, 0, &e), -1);
	assert_string_equal(e.field, "both_present");
	OK(mar_divorce_register(c, &admin, did, 1, E));
	OK(mar_divorce_get(c, &admin, did, &d, E));
	assert_string_equal(d.status, "registered");
	assert_memory_equal(d.certificate_no, "L440105-2026-", 13);
	deliver();
	marital(man, "divorced");
}

static void test_appointments(void **state)
{
	char a[19], b[19], c2[19], d2[19];
	mar_appointment_new in;
	mar_appointment got;
	int64_t id = 0, id2 = 0, n = 0;
	mz_err e = { 0 };
	(void)state;

	today_is("2026-09-28");
	person('M', 1990, 2, 2, a);
	person('F', 1990, 3, 3, b);
	person('M', 1991, 2, 2, c2);
	person('F', 1991, 3, 3, d2);
	/* National Day: the office is closed. */
	in = (mar_appointment_new){ .office_code = "440106", .day = "2026-10-01", .half = "am",
				    .kind = "marriage", .id_number_a = a, .id_number_b = b };
	assert_int_equal(mar_appointment_book(c, &admin, &in, &id, &e), -1);
	assert_string_equal(e.field, "day");
	/* Any office of the city; capacity per half-day. */
	OK(mar_office_set_capacity(c, &admin, "440106", 1, "unit test", E));
	in.day = "2026-09-29";
	OK(mar_appointment_book(c, &admin, &in, &id, E));
	in.id_number_a = c2;
	in.id_number_b = d2;
	assert_int_equal(mar_appointment_book(c, &admin, &in, &id2, &e), -1);
	assert_int_equal(e.code, MZ_ECONFLICT);
	in.half = "pm";
	OK(mar_appointment_book(c, &admin, &in, &id2, E));
	OK(mar_appointment_set(c, &admin, id2, "cancel", "改期", E));
	OK(mar_office_set_capacity(c, &admin, "440106", 40, "unit test", E));
	/* A no-show only from the day on; the job marks those left open. */
	assert_int_equal(mar_appointment_set(c, &admin, id, "no_show", NULL, &e), -1);
	today_is("2026-09-30");
	OK(mar_appointments_mark_no_shows(c, &admin, mz_today(), &n, E));
	assert_int_equal(n, 1);
	OK(mar_appointment_get(c, &admin, id, &got, E));
	assert_string_equal(got.status, "no_show");
	OK(mar_appointment_get(c, &admin, id2, &got, E));
	assert_string_equal(got.status, "cancelled");
}

/* The hall's figures run on both engines with their one parameter, and
 * count what the register holds (the tests above registered in Haizhu). */
static void test_indicators(void **state)
{
	int64_t married = 0, pending_sql = 0;
	(void)state;

	mz_clock_set_offset(0);
	today_is("2026-08-31");
	OK(store_query_i64(c, "SELECT count(*) FROM mar_marriages WHERE division_code = '440105'"
			      " AND registered_on >= '2026-08-01' AND registered_on <= '2026-08-31'",
			   &married, E));
	assert_true(married > 0);
	OK(store_query_i64(c, "SELECT count(*) FROM mar_divorces WHERE applied_on <= '2026-08-31'"
			      " AND (closed_on IS NULL OR closed_on > '2026-08-31')", &pending_sql, E));
	assert_true(pending_sql > 0);
	for (const hall_indicator *h = marriage_indicators; h->key; h++) {
		mz_err e = { 0 };
		store_stmt *st = store_prepare(c, h->sql, &e);
		int64_t sum = 0;
		int r;

		if (!st)
			print_error("%s: %s\n", h->key, e.message);
		assert_non_null(st);
		store_bind_text(st, 1, "2026-08-31");
		while ((r = store_step(st, &e)) == 1) {
			assert_int_equal(strlen(store_col_text(st, 0)), 6);
			sum += store_col_i64(st, 1);
		}
		store_done(st);
		assert_int_equal(r, 0);
		if (!strcmp(h->key, "marriage.marriages_month"))
			assert_int_equal(sum, married);
		if (!strcmp(h->key, "marriage.cooling_off_pending"))
			assert_int_equal(sum, pending_sql);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_age_refusals),
		cmocka_unit_test(test_existing_marriage_and_status),
		cmocka_unit_test(test_kinship_refusals),
		cmocka_unit_test(test_declarations_and_scope),
		cmocka_unit_test(test_divorce_windows),
		cmocka_unit_test(test_appointments),
		cmocka_unit_test(test_indicators),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
