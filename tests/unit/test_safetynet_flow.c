/* test_safetynet_flow.c - the safety net on the engine under test
 * (test_db.h): a rule that needs two events fires only when they fall in
 * its window; the orders it opens run on the level's clock and escalate;
 * the hall indicators' SQL gives the figures per community as of a day. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "domains/safetynet/indicators.h"
#include "domains/safetynet/safetynet.h"
#include "demo/demo.h"
#include "registry/division_seed.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "test_city.h"

static store *s;
static store_conn *c;
static access_ctx sys;
static test_db db;
static const char *const HZ = "440105001001";


static int setup(void **state)
{
	(void)state;
	if (test_city_open(&db, "safetynet", &s, &c))
		return -1;
	access_ctx_system(&sys, "unit_test");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_city_close(&db, s);
	return 0;
}

static int64_t person(int y)
{
	static int seq = 100;
	char number[19];
	int64_t id = 0;
	registry_person_new in = { 0 };

	idcard_make("440105", y, 3, 4, seq++ % 1000, number);
	in.id_number = number;
	in.name = "测试";
	in.division_code = HZ;
	OK(registry_person_create(c, &sys, &in, "unit test", &id, E));
	return id;
}

static void send(int64_t pid, const char *type, int days_ago, int64_t fen, sn_ingest_result *r)
{
	sn_event_in in = { 0 };
	char day[11];

	mz_day_format(mz_today() - days_ago, day);
	in.kind = SN_SRC_INTERNAL;
	in.source = "unit_test";
	in.person_id = pid;
	in.type = type;
	in.occurred_on = day;
	in.amount_fen = fen;
	in.note = "";
	OK(sn_event_ingest(c, &sys, &in, r, E));
}

/* The figure of key for HZ as of today: num (and den). */
static int64_t figure(const char *key, int64_t *den)
{
	const hall_indicator *ind = NULL;
	mz_err e = { 0 };
	store_stmt *st;
	char today[11];
	int64_t num = 0;
	int r;

	for (int i = 0; safetynet_indicators[i].key; i++)
		if (!strcmp(safetynet_indicators[i].key, key))
			ind = &safetynet_indicators[i];
	assert_non_null(ind);
	mz_day_format(mz_today(), today);
	st = store_prepare(c, ind->sql, &e);
	if (!st)
		print_error("%s: %s\n", key, e.message);
	assert_non_null(st);
	store_bind_text(st, 1, today);
	if (den)
		*den = 0;
	while ((r = store_step(st, &e)) == 1)
		if (!strcmp(store_col_text(st, 0), HZ)) {
			num += store_col_i64(st, 1);
			if (den)
				*den += store_col_i64(st, 2);
		}
	store_done(st);
	assert_int_equal(r, 0);
	return num;
}

static void test_window_and_clock(void **state)
{
	sn_ingest_result r;
	int64_t far = person(1970), near = person(1971), den = 0;
	int n = 0;

	(void)state;
	/* Unemployment 100 days before a 4,000-yuan bill: outside the 90-day
	 * window of spending_and_jobless, and under spending_hardship's 5,000. */
	send(far, "unemployment", 100, 0, &r);
	assert_int_equal(r.alerts, 0);
	send(far, "hospital_bill", 0, 400000, &r);
	assert_int_equal(r.alerts, 0);
	/* 30 days before: inside; red, a community worker and a social worker. */
	send(near, "unemployment", 30, 0, &r);
	send(near, "hospital_bill", 0, 400000, &r);
	assert_int_equal(r.alerts, 1);
	assert_int_equal(r.orders, 2);
	assert_int_equal(figure("safetynet.alerts_red", NULL), 1);
	assert_int_equal(figure("safetynet.orders_open", NULL), 2);
	assert_int_equal(figure("safetynet.orders_overdue", NULL), 0);

	/* 23 hours on nothing is due; 25 hours on both go to the street. */
	OK(sn_orders_escalate(c, &sys, mz_now_unix() + 23 * 3600, &n, E));
	assert_int_equal(n, 0);
	OK(sn_orders_escalate(c, &sys, mz_now_unix() + 25 * 3600, &n, E));
	assert_int_equal(n, 2);
	assert_int_equal(figure("safetynet.orders_overdue", NULL), 2);
	/* The street's new clock has not run out yet at the same time. */
	OK(sn_orders_escalate(c, &sys, mz_now_unix() + 25 * 3600, &n, E));
	assert_int_equal(n, 0);

	/* Done late counts against the SLA share. */
	{
		json_t *l = sn_order_list(c, &sys, "escalated", "street", 0, HZ, NULL, 1, 10, NULL);
		json_t *o = json_array_get(json_object_get(l, "items"), 0);
		int64_t id = json_integer_value(json_object_get(o, "id"));
		sn_order_action a = { .action = "accept", .version = json_integer_value(json_object_get(o, "version")) };
		json_t *x;

		assert_non_null(l);
		x = sn_order_act(c, &sys, id, &a, NULL);
		assert_non_null(x);
		a.action = "done";
		a.version = json_integer_value(json_object_get(x, "version"));
		a.feedback = "已受理临时救助";
		a.action_kind = "temp_aid";
		json_decref(x);
		x = sn_order_act(c, &sys, id, &a, NULL);
		assert_non_null(x);
		assert_string_equal(json_string_value(json_object_get(x, "state")), "done");
		json_decref(x);
		json_decref(l);
	}
	assert_int_equal(figure("safetynet.sla_met", &den), 0);
	assert_int_equal(den, 1);
	assert_int_equal(figure("safetynet.alerts_orange", NULL), 0);
	assert_int_equal(figure("safetynet.alerts_yellow", NULL), 0);
}

static void test_duplicate_sender_id(void **state)
{
	sn_event_in in = { 0 };
	sn_ingest_result r1, r2;
	char day[11];
	int64_t pid = person(1960);

	(void)state;
	mz_day_format(mz_today(), day);
	in.kind = SN_SRC_DEPARTMENT;
	in.source = "unit";
	in.department_id = 77;
	in.sender_event_id = "abc-1";
	in.person_id = pid;
	in.type = "rough_sleeper";
	in.occurred_on = day;
	in.note = "";
	OK(sn_event_ingest(c, &sys, &in, &r1, E));
	assert_int_equal(r1.duplicate, 0);
	assert_int_equal(r1.alerts, 1);
	OK(sn_event_ingest(c, &sys, &in, &r2, E));
	assert_int_equal(r2.duplicate, 1);
	assert_int_equal(r2.event_id, r1.event_id);
	assert_int_equal(r2.alerts, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window_and_clock),
		cmocka_unit_test(test_duplicate_sender_id),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
