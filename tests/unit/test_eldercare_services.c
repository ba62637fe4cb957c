/* test_eldercare_services.c - 平安通 subsidy categories and the missed
 * check-in sweep; the care-home waiting list's order and offer expiry. */
#include "test_eldercare_fixture.h"

#include "domains/eldercare/calls.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/params.h"
#include "domains/eldercare/waitlist.h"

#define HZ "440105001001"

static ec_call_rules call_rules(const char *division, const char *day)
{
	ec_params p;
	ec_call_rules r;

	OK(ec_params_load(fx_c, mz_day_parse(day), &p, E));
	OK(ec_call_rules_load(&p, division, &r, E));
	ec_params_release(&p);
	return r;
}

static void subsidy(const ec_call_rules *r, int age, const char *cats, const char *flags,
		    int grade, int64_t fee, const char *category, int64_t expect)
{
	ec_call_subsidy s;

	ec_call_subsidy_make(r, age, cats, flags, grade, fee, &s);
	assert_string_equal(s.category, category);
	assert_int_equal(s.subsidy, expect);
}

static void test_call_subsidy(void **state)
{
	ec_call_rules r = call_rules(HZ, "2026-01-01");
	(void)state;

	assert_int_equal(r.fee_cap, 3000);
	/* Category 1 by assistance category: fully subsidised up to the cap. */
	subsidy(&r, 65, "dibao", "", 0, 3000, "cat1", 3000);
	subsidy(&r, 65, "tekun_dispersed", "", 0, 4500, "cat1", 3000);
	/* 优抚 alone is not category 1 (call.cat1_categories). */
	subsidy(&r, 65, "youfu", "", 0, 3000, "none", 0);
	/* Category 2: living alone, disabled grade 1-4, or 80+; 70%. */
	subsidy(&r, 62, "", "veteran,living_alone", 0, 3000, "cat2", 2100);
	subsidy(&r, 62, "", "", 4, 3000, "cat2", 2100);
	subsidy(&r, 62, "", "", 0, 3000, "none", 0);
	subsidy(&r, 79, "", "", 0, 3000, "none", 0);
	subsidy(&r, 80, "", "", 0, 3000, "cat2", 2100);
	/* Rounded down to the fen: 70% of 29.99 yuan is 20.993 -> 20.99. */
	subsidy(&r, 85, "", "", 0, 2999, "cat2", 2099);
	/* The category 1 match wins over category 2 conditions. */
	subsidy(&r, 90, "low_income", "living_alone", 0, 2000, "cat1", 2000);
}

static void test_call_subsidy_dated(void **state)
{
	ec_call_rules r;
	(void)state;

	/* A district raises category 2 to 80% from a future date: earlier
	 * days keep 70%, the city elsewhere keeps 70%. */
	fx_exec("INSERT INTO ec_params (name, division_code, valid_from, value, source) VALUES"
		" ('call.cat2_permille', '440105', '2030-01-01', '800', 'unit test')");
	r = call_rules(HZ, "2029-12-31");
	subsidy(&r, 85, "", "", 0, 3000, "cat2", 2100);
	r = call_rules(HZ, "2030-01-01");
	subsidy(&r, 85, "", "", 0, 3000, "cat2", 2400);
	r = call_rules("440106001001", "2030-01-01");
	subsidy(&r, 85, "", "", 0, 3000, "cat2", 2100);
}

static int64_t subscribe(int64_t person, const char *device, int checkin)
{
	json_t *in = json_pack("{s:I,s:s,s:s,s:i,s:b,s:s,s:[{s:s,s:s,s:s}],s:s}", "person_id",
			       (json_int_t)person, "device_code", device, "device_kind", "watch",
			       "fee_fen", 3000, "daily_checkin", checkin, "started_on", "2026-03-01",
			       "contacts", "name", "儿子", "phone", "13900000000", "relation", "子女",
			       "reason", "unit test");
	mz_err e = { 0 };
	json_t *s = ec_call_subscriber_create(fx_c, &fx_admin, in, &e);
	int64_t id;

	if (!s)
		print_error("subscribe: %s (%s)\n", e.message, e.field);
	assert_non_null(s);
	id = json_integer_value(json_object_get(s, "id"));
	json_decref(s);
	json_decref(in);
	return id;
}

static int64_t bj(int y, int m, int d, int hh)
{
	return (int64_t)mz_day_from_ymd(y, m, d) * 86400 + (hh - 8) * 3600;
}

static void test_checkin_sweep(void **state)
{
	char community[16];
	int64_t a, b, c;
	access_ctx tianhe = fx_admin;
	json_t *in, *call, *r;
	mz_err e = { 0 };
	(void)state;

	fx_community("440105001", community);
	a = subscribe(fx_person(community, 1940, 1, 1, "报平安甲"), "UT-DEV-A", 1);
	b = subscribe(fx_person(community, 1941, 1, 1, "报平安乙"), "UT-DEV-B", 1);
	c = subscribe(fx_person(community, 1942, 1, 1, "不需报平安"), "UT-DEV-C", 0);
	(void)c;
	/* A's check-in at 23:30 Beijing on the 10th belongs to the 10th even
	 * though it is the 10th 15:30 UTC. */
	in = json_pack("{s:I,s:s,s:I}", "subscriber_id", (json_int_t)a, "kind", "checkin",
		       "received_at", (json_int_t)(bj(2026, 3, 10, 23) + 1800));
	call = ec_call_log(fx_c, &fx_admin, in, &e);
	assert_non_null(call);
	assert_string_equal(json_string_value(json_object_get(call, "day")), "2026-03-10");
	assert_string_equal(json_string_value(json_object_get(call, "status")), "closed");
	json_decref(call);
	json_decref(in);

	/* Not over yet at 23:59 on the 10th. */
	assert_null(ec_call_checkin_sweep(fx_c, &fx_admin, mz_day_parse("2026-03-10"),
					  bj(2026, 3, 10, 23) + 3540, &e));
	assert_string_equal(e.field, "day");

	/* Another district's sweep raises nothing for 海珠's elders. */
	access_scope_range("440106", tianhe.scope_lo, tianhe.scope_hi);
	r = ec_call_checkin_sweep(fx_c, &tianhe, mz_day_parse("2026-03-10"), bj(2026, 3, 11, 1), &e);
	assert_non_null(r);
	assert_int_equal(json_integer_value(json_object_get(r, "raised")), 0);
	json_decref(r);

	r = ec_call_checkin_sweep(fx_c, &fx_admin, mz_day_parse("2026-03-10"), bj(2026, 3, 11, 1), &e);
	assert_non_null(r);
	assert_int_equal(json_integer_value(json_object_get(r, "checked")), 2);
	assert_int_equal(json_integer_value(json_object_get(r, "raised")), 1);
	json_decref(r);
	r = ec_call_checkin_sweep(fx_c, &fx_admin, mz_day_parse("2026-03-10"), bj(2026, 3, 11, 2), &e);
	assert_int_equal(json_integer_value(json_object_get(r, "raised")), 0);
	json_decref(r);
	/* Before either subscribed: nobody is expected to check in. */
	r = ec_call_checkin_sweep(fx_c, &fx_admin, mz_day_parse("2026-02-27"), bj(2026, 3, 11, 2), &e);
	assert_int_equal(json_integer_value(json_object_get(r, "checked")), 0);
	json_decref(r);

	r = ec_call_alert_list(fx_c, &fx_admin, "open", NULL, 1, 50, &e);
	assert_non_null(r);
	assert_int_equal(json_array_size(json_object_get(r, "items")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(r, "items"), 0),
							    "subscriber_id")), b);
	json_decref(r);
}

/* ---- the waiting list ---- */

static ec_wait_key key(int64_t id, int rank, int level, const char *birth, int special, int youfu,
		       const char *applied)
{
	ec_wait_key k;

	memset(&k, 0, sizeof(k));
	k.app_id = id;
	k.cat_rank = rank;
	k.level = level;
	k.birth = mz_day_parse(birth);
	k.special_family = special;
	k.youfu = youfu;
	k.applied_on = mz_day_parse(applied);
	return k;
}

static void order_is(const char *order, ec_wait_key *k, size_t n, const int64_t *expect)
{
	int crit[EC_WK_MAX], nc;

	OK(ec_wait_order_parse(order, crit, &nc, E));
	ec_wait_sort(crit, nc, k, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(k[i].app_id, expect[i]);
}

static void test_wait_order(void **state)
{
	char cat[32];
	int crit[EC_WK_MAX], nc;
	mz_err e = { 0 };
	const char *dflt = "category,level,age,special_family,youfu,applied_on";
	(void)state;

	assert_int_equal(ec_wait_rank_of("tekun_dispersed:1,dibao:2,low_income:2", "youfu,dibao", cat), 2);
	assert_string_equal(cat, "dibao");
	assert_int_equal(ec_wait_rank_of("tekun_dispersed:1,dibao:2", "dibao,tekun_dispersed", cat), 1);
	assert_string_equal(cat, "tekun_dispersed");
	assert_int_equal(ec_wait_rank_of("tekun_dispersed:1", "", cat), EC_WK_NO_CATEGORY);
	assert_int_equal(ec_wait_order_parse("category,height", crit, &nc, &e), -1);

	{
		/* Category first, then the more impaired, then the older. */
		ec_wait_key k[] = {
			key(1, 99, 4, "1930-01-01", 0, 0, "2026-01-01"),
			key(2, 2, 1, "1950-01-01", 0, 0, "2026-01-02"),
			key(3, 1, 0, "1955-01-01", 0, 0, "2026-01-03"),
			key(4, 2, 3, "1952-01-01", 0, 0, "2026-01-04"),
			key(5, 99, 4, "1929-06-01", 0, 0, "2026-01-05"),
			key(6, 99, -1, "1920-01-01", 0, 0, "2026-01-01"), /* never assessed: after any level */
		};
		const int64_t expect[] = { 3, 4, 2, 5, 1, 6 };
		order_is(dflt, k, 6, expect);
	}
	{
		/* Special family, then 优抚, then the application date, then the id. */
		ec_wait_key k[] = {
			key(10, 99, 2, "1940-01-01", 0, 0, "2026-01-01"),
			key(11, 99, 2, "1940-01-01", 0, 1, "2026-01-09"),
			key(12, 99, 2, "1940-01-01", 1, 0, "2026-01-09"),
			key(13, 99, 2, "1940-01-01", 0, 0, "2026-01-01"),
			key(9, 99, 2, "1940-01-01", 0, 0, "2026-01-02"),
		};
		const int64_t expect[] = { 12, 11, 10, 13, 9 };
		order_is(dflt, k, 5, expect);
	}
	{
		/* The order is data: a district putting impairment before category. */
		ec_wait_key k[] = {
			key(1, 1, 0, "1950-01-01", 0, 0, "2026-01-01"),
			key(2, 99, 4, "1950-01-01", 0, 0, "2026-01-01"),
		};
		const int64_t a[] = { 1, 2 }, b[] = { 2, 1 };
		order_is(dflt, k, 2, a);
		order_is("level,category,applied_on", k, 2, b);
	}
}

static int64_t wait_apply(int64_t person, int64_t home, const char *applied)
{
	json_t *in = json_pack("{s:I,s:s,s:[I],s:s}", "person_id", (json_int_t)person, "applied_on",
			       applied, "homes", (json_int_t)home, "reason", "unit test");
	mz_err e = { 0 };
	json_t *a = ec_wait_apply(fx_c, &fx_admin, in, &e);
	int64_t id;

	if (!a)
		print_error("apply: %s (%s)\n", e.message, e.field);
	assert_non_null(a);
	id = json_integer_value(json_object_get(a, "id"));
	json_decref(a);
	json_decref(in);
	return id;
}

static const char *app_status(int64_t id)
{
	static char s[16];
	mz_err e = { 0 };
	store_stmt *st = store_prepare(fx_c, "SELECT status FROM ec_wait_applications WHERE id = ?", &e);

	store_bind_i64(st, 1, id);
	assert_int_equal(store_step(st, &e), 1);
	snprintf(s, sizeof(s), "%s", store_col_text(st, 0));
	store_done(st);
	return s;
}

/* The vacancy's one open offer (ec_vacancies.open_offer_id; 0 = none) and
 * its status. */
static int64_t vacancy_offer(int64_t home, char status[16])
{
	mz_err e = { 0 };
	store_stmt *st = store_prepare(fx_c, "SELECT open_offer_id, status FROM ec_vacancies"
					     " WHERE home_id = ?", &e);
	int64_t id;

	assert_non_null(st);
	store_bind_i64(st, 1, home);
	assert_int_equal(store_step(st, &e), 1);
	id = store_col_is_null(st, 0) ? 0 : store_col_i64(st, 0);
	snprintf(status, 16, "%s", store_col_text(st, 1));
	store_done(st);
	return id;
}

static void test_offer_expiry(void **state)
{
	char vstatus[16];
	char community[16];
	int64_t home, a1, a2, t0 = 1800000000, offer1, offer2;
	json_t *in, *h, *v, *r;
	mz_err e = { 0 };
	(void)state;

	fx_community("440105001", community);
	in = json_pack("{s:s,s:s,s:i,s:s}", "name", "测试公办院", "division_code", "440105001",
		       "beds_total", 10, "reason", "unit test");
	h = ec_home_create(fx_c, &fx_admin, in, &e);
	assert_non_null(h);
	home = json_integer_value(json_object_get(h, "id"));
	json_decref(h);
	json_decref(in);
	a1 = wait_apply(fx_person(community, 1931, 1, 1, "轮候一"), home, "2026-01-01");
	a2 = wait_apply(fx_person(community, 1941, 1, 1, "轮候二"), home, "2026-01-01");

	v = ec_vacancy_create(fx_c, &fx_admin, home, "2026-02-01", "", t0, &e);
	assert_non_null(v);
	offer1 = json_integer_value(json_object_get(json_object_get(v, "offer"), "id"));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(v, "offer"), "application_id")), a1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(v, "offer"), "deadline_at")),
			 t0 + 7 * 86400);
	json_decref(v);
	assert_string_equal(app_status(a1), "offered");
	/* The vacancy holds its one open offer. */
	assert_int_equal(vacancy_offer(home, vstatus), offer1);
	assert_string_equal(vstatus, "open");

	/* Within the deadline nothing expires. */
	r = ec_offer_expire(fx_c, &fx_admin, t0 + 7 * 86400, &e);
	assert_int_equal(json_integer_value(json_object_get(r, "expired")), 0);
	json_decref(r);
	/* After it, the offer expires and the bed goes to the next one. */
	r = ec_offer_expire(fx_c, &fx_admin, t0 + 7 * 86400 + 1, &e);
	assert_int_equal(json_integer_value(json_object_get(r, "expired")), 1);
	assert_int_equal(json_integer_value(json_object_get(r, "reoffered")), 1);
	json_decref(r);
	assert_string_equal(app_status(a1), "waiting");
	assert_string_equal(app_status(a2), "offered");
	/* A late answer to the expired offer is refused. */
	assert_null(ec_offer_decide(fx_c, &fx_admin, offer1, 1, "late answer", t0 + 8 * 86400, &e));
	assert_int_equal(e.code, MZ_ESTATE);

	/* The second offer expires too: nobody else is left who has not had
	 * this bed, so it stays unfilled (the first applicant is not asked
	 * again for the same vacancy). */
	{
		store_stmt *st = store_prepare(fx_c, "SELECT id FROM ec_offers WHERE application_id = ?"
						    " AND status = 'open'", &e);
		store_bind_i64(st, 1, a2);
		assert_int_equal(store_step(st, &e), 1);
		offer2 = store_col_i64(st, 0);
		store_done(st);
	}
	assert_true(offer2 != offer1);
	assert_int_equal(vacancy_offer(home, vstatus), offer2);
	r = ec_offer_expire(fx_c, &fx_admin, t0 + 20 * 86400, &e);
	assert_int_equal(json_integer_value(json_object_get(r, "expired")), 1);
	assert_int_equal(json_integer_value(json_object_get(r, "reoffered")), 0);
	json_decref(r);
	/* No open offer is left on the vacancy. */
	assert_int_equal(vacancy_offer(home, vstatus), 0);
	assert_string_equal(vstatus, "unfilled");
	assert_string_equal(app_status(a1), "waiting");
	assert_string_equal(app_status(a2), "waiting");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_call_subsidy),
		cmocka_unit_test(test_call_subsidy_dated),
		cmocka_unit_test(test_checkin_sweep),
		cmocka_unit_test(test_wait_order),
		cmocka_unit_test(test_offer_expiry),
	};
	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
