/* test_eldercare_services.c - 平安通 subsidy categories and the missed
 * check-in sweep; the care-home waiting list's order and offer expiry. */
#include "test_eldercare_fixture.h"

#include "eldercare/calls.h"
#include "eldercare/eldercare.h"
#include "eldercare/params.h"

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

	r = ec_call_alert_list(fx_c, &fx_admin, "open", 1, 50, &e);
	assert_non_null(r);
	assert_int_equal(json_array_size(json_object_get(r, "items")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(r, "items"), 0),
							    "subscriber_id")), b);
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_call_subsidy),
		cmocka_unit_test(test_call_subsidy_dated),
		cmocka_unit_test(test_checkin_sweep),
	};
	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
