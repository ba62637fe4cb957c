/* test_eldercare_canteen.c - canteen pricing by category and age with the
 * seeded (dated, per-division) parameters, the city/district/town split and
 * the cross-town / cross-district rules; walking-distance coverage on known
 * coordinates; the check-in: one subsidy per slot even when two counters
 * race, a deceased person refused and kept as an anomaly, the settlement. */
#include "test_eldercare_fixture.h"

#include <math.h>
#include <pthread.h>

#include "domains/eldercare/canteen.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/params.h"

static ec_meal_rules rules_for(const char *division, const char *day)
{
	ec_params p;
	ec_meal_rules r;

	OK(ec_params_load(fx_c, mz_day_parse(day), &p, E));
	OK(ec_meal_rules_load(&p, division, &r, E));
	ec_params_release(&p);
	return r;
}

#define HZ_A "440105001001" /* 海珠, street 001 */
#define HZ_A2 "440105001002" /* same street, another community */
#define HZ_B "440105002001" /* 海珠, another street */
#define TH "440106001001"   /* 天河 */

static void quote(const ec_meal_rules *r, int age, const char *cats, const char *elder,
		  const char *canteen, int subsidised, const char *tier, int64_t paid,
		  int64_t city, int64_t district, int64_t town)
{
	ec_meal_quote q;

	ec_meal_quote_make(r, age, cats, elder, canteen, subsidised, &q);
	if (strcmp(q.tier, tier) || q.paid != paid || q.city != city || q.district != district ||
	    q.town != town)
		print_error("age %d [%s] %s->%s: tier %s paid %lld city %lld district %lld town %lld\n",
			    age, cats, elder, canteen, q.tier, (long long)q.paid, (long long)q.city,
			    (long long)q.district, (long long)q.town);
	assert_string_equal(q.tier, tier);
	assert_int_equal(q.paid, paid);
	assert_int_equal(q.city, city);
	assert_int_equal(q.district, district);
	assert_int_equal(q.town, town);
	assert_int_equal(q.price, q.paid + q.subsidy);
	assert_int_equal(q.subsidy, q.city + q.district + q.town);
}

static void test_subsidy_categories(void **state)
{
	ec_meal_rules r = rules_for(HZ_A, "2026-01-01");
	(void)state;

	assert_int_equal(r.price, 1200);
	/* 增城 2020 guide: hardship pays 1, 80+ pays 3, 60-79 pays 5 (of 12). */
	quote(&r, 65, "dibao", HZ_A2, HZ_A, 1, "hardship", 100, 300, 300, 500);
	quote(&r, 70, "tekun_dispersed", HZ_A, HZ_A, 1, "hardship", 100, 300, 300, 500);
	quote(&r, 90, "low_income", HZ_A, HZ_A, 1, "hardship", 100, 300, 300, 500);
	quote(&r, 61, "youfu", HZ_A, HZ_A, 1, "hardship", 100, 300, 300, 500);
	quote(&r, 85, "", HZ_A, HZ_A, 1, "age_high", 300, 300, 300, 300);
	quote(&r, 80, "", HZ_A, HZ_A, 1, "age_high", 300, 300, 300, 300);
	quote(&r, 79, "", HZ_A, HZ_A, 1, "age_min", 500, 300, 300, 100);
	quote(&r, 60, "", HZ_A, HZ_A, 1, "age_min", 500, 300, 300, 100);
	/* Under 60: full price, whatever the category. */
	quote(&r, 59, "dibao", HZ_A, HZ_A, 1, "none", 1200, 0, 0, 0);
	/* Centralised 特困 live in a home; special families are not in the
	 * hardship list: they fall back to the age tiers. */
	quote(&r, 82, "tekun_centralized,special_family", HZ_A, HZ_A, 1, "age_high", 300, 300, 300, 300);
	/* The first hardship category of several qualifies. */
	quote(&r, 66, "dibao,special_family", HZ_A, HZ_A, 1, "hardship", 100, 300, 300, 500);
	/* A meal served at full price on purpose. */
	quote(&r, 85, "dibao", HZ_A, HZ_A, 0, "none", 1200, 0, 0, 0);
}

static void test_cross_rules(void **state)
{
	ec_meal_rules r = rules_for(HZ_A, "2026-01-01");
	ec_meal_quote q;
	(void)state;

	/* Another street of the same district: no town share, the elder pays it. */
	quote(&r, 65, "dibao", HZ_B, HZ_A, 1, "hardship", 600, 300, 300, 0);
	quote(&r, 85, "", HZ_B, HZ_A, 1, "age_high", 600, 300, 300, 0);
	quote(&r, 70, "", HZ_B, HZ_A, 1, "age_min", 600, 300, 300, 0);
	/* Another district: only the city's share. */
	quote(&r, 65, "dibao", TH, HZ_A, 1, "hardship", 900, 300, 0, 0);
	quote(&r, 70, "", TH, HZ_A, 1, "age_min", 900, 300, 0, 0);
	ec_meal_quote_make(&r, 70, "", TH, HZ_A, 1, &q);
	assert_true(q.cross_district);
	assert_true(q.cross_town);
	ec_meal_quote_make(&r, 70, "", HZ_A2, HZ_A, 1, &q);
	assert_false(q.cross_town);
}

static void test_dated_and_district_params(void **state)
{
	ec_meal_rules r;
	(void)state;

	fx_exec("INSERT INTO ec_params (name, division_code, valid_from, value, source) VALUES"
		" ('canteen.price_fen', '440106', '2020-01-01', '1500', 'test: 天河 standard'),"
		" ('canteen.price_fen', '', '2027-01-01', '1300', 'test: next year'),"
		" ('canteen.pay_age_min_fen', '440105001', '2020-01-01', '400', 'test: one street')");
	r = rules_for(TH, "2026-06-01");
	assert_int_equal(r.price, 1500);  /* the district's own row wins */
	r = rules_for(HZ_A, "2026-12-31");
	assert_int_equal(r.price, 1200);
	assert_int_equal(r.pay_age_min, 400); /* street-level row */
	r = rules_for(HZ_B, "2026-12-31");
	assert_int_equal(r.pay_age_min, 500);
	r = rules_for(HZ_A, "2027-01-01");
	assert_int_equal(r.price, 1300);  /* the dated change */
	r = rules_for(TH, "2027-01-01");
	assert_int_equal(r.price, 1500);  /* the district row still wins there */
	quote(&r, 70, "", TH, TH, 1, "age_min", 500, 300, 300, 400);
	fx_exec("DELETE FROM ec_params WHERE source LIKE 'test:%'");
}

static void test_slots(void **state)
{
	(void)state;
	assert_string_equal(ec_meal_slot_of(7 * 60, 600, 930), "breakfast");
	assert_string_equal(ec_meal_slot_of(599, 600, 930), "breakfast");
	assert_string_equal(ec_meal_slot_of(600, 600, 930), "lunch");
	assert_string_equal(ec_meal_slot_of(929, 600, 930), "lunch");
	assert_string_equal(ec_meal_slot_of(930, 600, 930), "dinner");
}

static void test_walking_distance(void **state)
{
	/* One degree of latitude on the mean-radius sphere: pi * R / 180. */
	double one_deg = M_PI * 6371008.8 / 180.0;
	(void)state;

	assert_true(fabs(ec_haversine_m(23000000, 113000000, 23010000, 113000000) - one_deg / 100) < 0.01);
	assert_true(fabs(ec_haversine_m(0, 0, 0, 1000000) - one_deg) < 0.01);
	/* Along a parallel the distance shrinks by cos(latitude) (small arc). */
	assert_true(fabs(ec_haversine_m(23000000, 113000000, 23000000, 113010000) -
			 one_deg / 100 * cos(23.0 * M_PI / 180)) < 0.05);
	/* 天河体育中心 (23.1372, 113.3240) to 广州塔 (23.1066, 113.3245): ~3.4 km. */
	{
		double d = ec_haversine_m(23137200, 113324000, 23106600, 113324500);
		assert_true(d > 3395 && d < 3410);
	}
	/* 1,112 m straight, x1.3 detour, at 60 m/min: 24.1 minutes. */
	assert_true(fabs(ec_walk_minutes(one_deg / 100, 1300, 60) - 24.09) < 0.01);
	assert_true(ec_walk_minutes(600, 1300, 60) <= 15.0);    /* 13 minutes */
	assert_true(ec_walk_minutes(700, 1300, 60) > 15.0);     /* 15.2 minutes */
}

static void test_nearest(void **state)
{
	ec_point pts[2] = { { 1, 23100000, 113300000 }, { 2, 23200000, 113500000 } };
	/* Two candidates nearly equidistant from pts[0]: 1,000 m north and
	 * 999 m east by flat distance; the exact distance decides. */
	ec_point sites[4] = {
		{ 10, 23100000 + 8993, 113300000 },        /* ~1,000 m north */
		{ 11, 23100000, 113300000 + 9760 },        /* ~998 m east */
		{ 12, 23300000, 113300000 },               /* far */
		{ 13, 23200000, 113500000 + 100 },         /* next to pts[1] */
	};
	int best[2];
	double dist[2];
	(void)state;

	ec_nearest(pts, 2, sites, 4, best, dist);
	assert_int_equal(best[0], 1);
	assert_true(dist[0] > 990 && dist[0] < 1000);
	assert_int_equal(best[1], 3);
	assert_true(dist[1] < 11);
	ec_nearest(pts, 2, sites, 0, best, dist);
	assert_int_equal(best[0], -1);
}

/* ---- with storage ---------------------------------------------------------- */

static int64_t g_canteen;
static char g_elder_number[19];
static int64_t g_elder;

static void make_canteen(void)
{
	char community[16];
	json_t *p, *in, *k;
	int64_t provider;
	store_stmt *st;
	mz_err e = { 0 };
	int lat, lon;

	if (g_canteen)
		return;
	fx_community("440105001", community);
	st = store_prepare(fx_c, "SELECT lat_e6, lon_e6 FROM divisions WHERE code = ?", &e);
	store_bind_text(st, 1, community);
	assert_int_equal(store_step(st, &e), 1);
	lat = (int)store_col_i64(st, 0);
	lon = (int)store_col_i64(st, 1);
	store_done(st);
	in = json_pack("{s:s,s:s,s:s,s:s}", "name", "测试运营方", "kind", "canteen", "division_code",
		       "440105", "reason", "unit test");
	p = ec_provider_create(fx_c, &fx_admin, in, NULL);
	assert_non_null(p);
	provider = json_integer_value(json_object_get(p, "id"));
	json_decref(p);
	json_decref(in);
	in = json_pack("{s:I,s:s,s:s,s:s,s:f,s:f,s:s,s:i,s:s}", "provider_id", (json_int_t)provider,
		       "name", "测试饭堂", "address", "测试路1号", "division_code", community, "lat",
		       lat / 1e6, "lon", lon / 1e6, "hours", "06:00-20:00", "capacity", 50, "reason",
		       "unit test");
	k = ec_canteen_create(fx_c, &fx_admin, in, NULL);
	assert_non_null(k);
	g_canteen = json_integer_value(json_object_get(k, "id"));
	json_decref(k);
	json_decref(in);
	g_elder = fx_person(community, 1944, 5, 6, "饭堂甲");
	st = store_prepare(fx_c, "SELECT id_number FROM persons WHERE id = ?", &e);
	store_bind_i64(st, 1, g_elder);
	assert_int_equal(store_step(st, &e), 1);
	snprintf(g_elder_number, sizeof(g_elder_number), "%s", store_col_text(st, 0));
	store_done(st);
}

typedef struct racer {
	int64_t now;
	int ok, conflict;
} racer;

static void *race(void *arg)
{
	racer *r = arg;
	mz_err e = { 0 };
	store_conn *c = store_conn_get(fx_s, &e);
	ec_checkin in = { .canteen_id = g_canteen, .id_number = g_elder_number, .slot = "lunch" };
	json_t *m;

	if (!c)
		return NULL;
	m = ec_meal_checkin(c, &fx_admin, &in, r->now, &e);
	if (m)
		r->ok = json_integer_value(json_object_get(m, "subsidy_fen")) > 0;
	else
		r->conflict = e.code == MZ_ECONFLICT;
	json_decref(m);
	return NULL;
}

/* Noon today, Beijing time: inside the test canteen's hours (06:00-20:00)
 * whenever the suite runs (real "now" fails in the evening and at night). */
static int64_t noon_today(void)
{
	return (int64_t)mz_today() * 86400 - 8 * 3600 + 12 * 3600;
}

static void test_one_subsidy_per_slot(void **state)
{
	racer rs[4];
	pthread_t th[4];
	int ok = 0, conflicts = 0;
	int64_t now = noon_today();
	ec_checkin in;
	mz_err e = { 0 };
	json_t *m;
	(void)state;

	make_canteen();
	/* Four counters check in the same elder for lunch at once. */
	for (int i = 0; i < 4; i++) {
		memset(&rs[i], 0, sizeof(rs[i]));
		rs[i].now = now;
		pthread_create(&th[i], NULL, race, &rs[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		ok += rs[i].ok;
		conflicts += rs[i].conflict;
	}
	assert_int_equal(ok, 1);
	assert_int_equal(conflicts, 3);
	/* A further lunch at full price is allowed; dinner is a new slot. */
	in = (ec_checkin){ .canteen_id = g_canteen, .id_number = g_elder_number, .slot = "lunch",
			   .full_price = 1 };
	m = ec_meal_checkin(fx_c, &fx_admin, &in, now, &e);
	assert_non_null(m);
	assert_int_equal(json_integer_value(json_object_get(m, "paid_fen")), 1200);
	json_decref(m);
	in.slot = "dinner";
	in.full_price = 0;
	m = ec_meal_checkin(fx_c, &fx_admin, &in, now, &e);
	assert_non_null(m);
	assert_int_equal(json_integer_value(json_object_get(m, "paid_fen")), 300); /* 82 years old */
	json_decref(m);
}

static void test_deceased_and_settlement(void **state)
{
	char month[8], today[11], sql[300];
	int64_t now = noon_today();
	ec_checkin in = { .canteen_id = 0, .id_number = g_elder_number, .slot = "breakfast" };
	mz_err e = { 0 };
	json_t *s, *an;
	(void)state;

	make_canteen();
	in.canteen_id = g_canteen;
	ec_month_of(mz_today(), month);
	mz_day_format(mz_today(), today);
	/* With its trace, as the registry's writers note a change (registry.h). */
	snprintf(sql, sizeof(sql), "UPDATE persons SET death_date = '%s' WHERE id = %lld;"
		 " INSERT INTO registry_changes (entity, lo, hi, changed_at)"
		 " VALUES ('person', %lld, %lld, 0)", today, (long long)g_elder,
		 (long long)g_elder, (long long)g_elder);
	fx_exec(sql);
	assert_null(ec_meal_checkin(fx_c, &fx_admin, &in, now, &e));
	assert_int_equal(e.code, MZ_ESTATE);
	assert_non_null(strstr(e.message_zh, "死亡"));

	s = ec_settlement_compute(fx_c, &fx_admin, g_canteen, month, NULL);
	assert_non_null(s);
	/* One subsidised lunch (82: pays 3), one full-price lunch, one dinner. */
	assert_int_equal(json_integer_value(json_object_get(s, "meals")), 3);
	assert_int_equal(json_integer_value(json_object_get(s, "subsidised_meals")), 2);
	assert_int_equal(json_integer_value(json_object_get(s, "paid_fen")), 300 + 1200 + 300);
	assert_int_equal(json_integer_value(json_object_get(s, "city_fen")), 600);
	assert_int_equal(json_integer_value(json_object_get(s, "district_fen")), 600);
	assert_int_equal(json_integer_value(json_object_get(s, "town_fen")), 600);
	assert_string_equal(json_string_value(json_object_get(s, "status")), "draft");
	json_decref(s);
	/* The month has not ended: it cannot be confirmed yet. */
	assert_null(ec_settlement_confirm(fx_c, &fx_admin, g_canteen, month, "月度结算", &e));
	assert_int_equal(e.code, MZ_ESTATE);

	an = ec_meal_anomalies(fx_c, &fx_admin, month, NULL, NULL);
	assert_non_null(an);
	/* The refusals: three racing counters and the deceased card. */
	assert_int_equal(json_array_size(json_object_get(an, "refused")), 4);
	/* Meals served on the death day (recorded afterwards) are flagged. */
	assert_int_equal(json_array_size(json_object_get(an, "after_death")), 3);
	json_decref(an);
}

static void test_coverage_storage(void **state)
{
	json_t *cov, *items, *o;
	size_t i;
	int found = 0;
	(void)state;

	make_canteen();
	cov = ec_coverage(fx_c, &fx_admin, "440105001", NULL);
	assert_non_null(cov);
	items = json_object_get(cov, "items");
	assert_true(json_array_size(items) > 1);
	json_array_foreach(items, i, o) {
		if (json_integer_value(json_object_get(o, "straight_m")) == 0) {
			found = 1;
			assert_true(json_is_true(json_object_get(o, "reachable")));
		}
		/* Every community's verdict follows its walking minutes. */
		if (json_is_true(json_object_get(o, "reachable")))
			assert_true(json_real_value(json_object_get(o, "walk_minutes")) <= 15.0);
		else
			assert_true(json_real_value(json_object_get(o, "walk_minutes")) >= 15.0);
	}
	assert_true(found);
	assert_int_equal(json_integer_value(json_object_get(cov, "communities")),
			 (json_int_t)json_array_size(items));
	assert_int_equal(json_integer_value(json_object_get(cov, "communities")) -
				 json_integer_value(json_object_get(cov, "reachable")),
			 (json_int_t)json_array_size(json_object_get(cov, "outside")));
	json_decref(cov);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subsidy_categories),
		cmocka_unit_test(test_cross_rules),
		cmocka_unit_test(test_dated_and_district_params),
		cmocka_unit_test(test_slots),
		cmocka_unit_test(test_walking_distance),
		cmocka_unit_test(test_nearest),
		cmocka_unit_test(test_one_subsidy_per_slot),
		cmocka_unit_test(test_deceased_and_settlement),
		cmocka_unit_test(test_coverage_storage),
	};
	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
