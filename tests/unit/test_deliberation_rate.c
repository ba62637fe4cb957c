/* test_deliberation_rate.c - the execution rate of deliberation
 * resolutions (rate.h, docs/domain.md "Deliberation halls"): what counts as
 * decided, due, carried out, on time and overdue on worked examples; the
 * basis-point rounding on Guangzhou's 2017 figures; the SQL of the API and
 * the hall indicators against the C definition on the engine under test;
 * and the rules around it with the real functions: the quorum (more than
 * half), a resolution carried out by its last task, and the escalation
 * steps with the event published once at the last one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "demo/demo.h"
#include "domains/deliberation/deliberation.h"
#include "domains/deliberation/hooks.h"
#include "domains/deliberation/rate.h"
#include "registry/division_seed.h"
#include "registry/registry.h"
#include "test_city.h"

static store *s;
static store_conn *c;
static access_ctx sys;
static test_db db;


static int setup(void **state)
{
	(void)state;
	if (test_city_open(&db, "deliberation", &s, &c))
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

static mz_day D(const char *s_)
{
	return mz_day_parse(s_);
}

static dl_rate rate_of(const dl_rate_fact *f, size_t n, mz_day as_of)
{
	dl_rate r = { 0 };

	for (size_t i = 0; i < n; i++)
		dl_rate_add(&r, &f[i], as_of);
	return r;
}

/* Each rule of the definition on one resolution decided on 2017-03-01,
 * due on 2017-06-30. */
static void test_definition(void **state)
{
	dl_rate_fact open = { D("2017-03-01"), D("2017-06-30"), MZ_DAY_INVALID };
	dl_rate_fact early = { D("2017-03-01"), D("2017-06-30"), D("2017-05-10") };
	dl_rate_fact late = { D("2017-03-01"), D("2017-06-30"), D("2017-08-01") };
	dl_rate r;
	(void)state;

	/* Before it was decided it does not exist. */
	r = rate_of(&open, 1, D("2017-02-28"));
	assert_int_equal(r.decided, 0);
	assert_int_equal(r.due, 0);
	/* Decided, not yet due: counted as decided only. */
	r = rate_of(&open, 1, D("2017-06-29"));
	assert_int_equal(r.decided, 1);
	assert_int_equal(r.due, 0);
	assert_int_equal(r.overdue, 0);
	/* On its deadline day: due, not yet overdue. */
	r = rate_of(&open, 1, D("2017-06-30"));
	assert_int_equal(r.due, 1);
	assert_int_equal(r.overdue, 0);
	assert_int_equal(r.carried_out, 0);
	/* The day after: overdue. */
	r = rate_of(&open, 1, D("2017-07-01"));
	assert_int_equal(r.due, 1);
	assert_int_equal(r.overdue, 1);
	/* Carried out early: due and carried out from that day, on time. */
	r = rate_of(&early, 1, D("2017-05-09"));
	assert_int_equal(r.due, 0);
	r = rate_of(&early, 1, D("2017-05-10"));
	assert_int_equal(r.due, 1);
	assert_int_equal(r.carried_out, 1);
	assert_int_equal(r.on_time, 1);
	/* Carried out late: overdue until that day, then carried out, not on time. */
	r = rate_of(&late, 1, D("2017-07-31"));
	assert_int_equal(r.overdue, 1);
	assert_int_equal(r.carried_out, 0);
	r = rate_of(&late, 1, D("2017-08-01"));
	assert_int_equal(r.overdue, 0);
	assert_int_equal(r.carried_out, 1);
	assert_int_equal(r.on_time, 0);
}

static void test_basis_points(void **state)
{
	(void)state;
	/* 2017: 16,295 of 17,290 carried out, reported as 94.25%. */
	assert_int_equal(dl_rate_bp(16295, 17290), 9425);
	assert_int_equal(dl_rate_bp(1, 8), 1250);
	assert_int_equal(dl_rate_bp(2, 3), 6667);     /* 6666.67 rounds up */
	assert_int_equal(dl_rate_bp(1, 3), 3333);     /* 3333.33 rounds down */
	assert_int_equal(dl_rate_bp(1, 20000), 1);    /* 0.5 bp rounds half up */
	assert_int_equal(dl_rate_bp(5, 5), 10000);
	assert_int_equal(dl_rate_bp(0, 4), 0);
	/* Nothing due: no rate, not 0% and not 100%. */
	assert_int_equal(dl_rate_bp(0, 0), -1);
}

/* A hall with six representatives and one open topic; returns the hall. */
static int64_t hall_with_reps(const char *division, int64_t reps[6], int64_t *topic)
{
	static const char *const kinds[] = { "resident", "resident", "resident", "committee",
					     "property", "unit" };
	dl_hall_new h = { .division_code = division, .name = "测试议事厅" };
	dl_topic_new t = { .title = "加装电梯", .raised_by = "resident", .raised_on = "2017-01-05" };
	int64_t id;

	OK(dl_hall_create(c, &sys, &h, &id, E));
	for (int k = 0; k < 6; k++) {
		dl_rep_new r = { .kind = kinds[k], .label = "代表" };

		OK(dl_rep_add(c, &sys, id, &r, &reps[k], E));
	}
	OK(dl_topic_create(c, &sys, id, &t, topic, E));
	return id;
}

static int64_t held_meeting(int64_t hall, const char *day, int64_t topic, const int64_t *present,
			    size_t n)
{
	dl_meeting_new m = { .title = "议事会", .held_on = day, .topic_ids = &topic, .n_topics = 1 };
	int64_t id;

	OK(dl_meeting_create(c, &sys, hall, &m, &id, E));
	OK(dl_meeting_attendance(c, &sys, id, present, n, E));
	return id;
}

/* The SQL (the API's rates and the hall's indicators) counts exactly as
 * dl_rate_add does, over every combination of dates around the as-of day. */
static void test_sql_matches_definition(void **state)
{
	int64_t reps[6], topic, hall, meeting;
	const char *days[] = { "2017-03-01", "2017-04-10", "2017-05-15", "2017-05-16", "2017-06-30" };
	const char *as_of[] = { "2017-02-28", "2017-04-10", "2017-05-15", "2017-05-16", "2017-07-01" };
	dl_rate_fact facts[64];
	size_t n = 0;
	(void)state;

	hall = hall_with_reps("440105001001", reps, &topic);
	meeting = held_meeting(hall, "2017-03-01", topic, reps, 6);
	/* decided on 2017-03-01 or (by hand) later; every due/carried pair. */
	for (size_t d = 1; d < 5; d++)
		for (size_t k = 0; k <= 5; k++) {
			const char *decided = k == 5 ? "2017-04-10" : "2017-03-01";
			const char *done = k < 5 ? days[k] : NULL;
			mz_err e_ = { 0 };

			if (done && strcmp(done, decided) < 0)
				continue;
			facts[n].decided_on = D(decided);
			facts[n].due_on = D(days[d]);
			facts[n].carried_out_on = done ? D(done) : MZ_DAY_INVALID;
			assert_true(store_run(c, &e_,
					      "INSERT INTO dl_resolutions (hall_id, division_code, meeting_id,"
					      " topic_id, decided_on, text, responsible_unit, due_on, status,"
					      " carried_out_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
					      hall, "440105001001", meeting, topic, decided, "决议", "居委会",
					      days[d], done ? "carried_out" : "in_progress", done) == 1);
			n++;
		}
	for (size_t a = 0; a < sizeof(as_of) / sizeof(as_of[0]); a++) {
		dl_rate want = rate_of(facts, n, D(as_of[a]));
		json_t *got;

		OK(!(got = dl_rates(c, &sys, "440105001001", D(as_of[a]), E)));
		json_t *tot = json_object_get(got, "total");
		json_t *hrow = json_array_get(json_object_get(got, "by_hall"), 0);

		assert_int_equal(json_integer_value(json_object_get(tot, "due")), want.due);
		assert_int_equal(json_integer_value(json_object_get(tot, "carried_out")), want.carried_out);
		assert_int_equal(json_integer_value(json_object_get(tot, "overdue")), want.overdue);
		assert_int_equal(json_integer_value(json_object_get(tot, "on_time")), want.on_time);
		assert_int_equal(json_integer_value(json_object_get(tot, "rate_bp")),
				 dl_rate_bp(want.carried_out, want.due));
		if (want.decided) {
			assert_non_null(hrow);
			assert_int_equal(json_integer_value(json_object_get(hrow, "decided")), want.decided);
		}
		json_decref(got);
	}
	/* The hall indicators give the same figures (num/den per division). */
	{
		const hall_indicator *ind = deliberation_indicators;
		dl_rate want = rate_of(facts, n, D("2017-07-01"));
		int64_t num[4] = { 0 }, den[4] = { 0 };

		for (int i = 0; ind[i].key; i++) {
			mz_err e_ = { 0 };
			store_stmt *st = store_prepare(c, ind[i].sql, &e_);

			assert_non_null(st);
			store_params(st, "2017-07-01");
			while (store_step(st, &e_) == 1)
				if (!strcmp(store_col_text(st, 0), "440105001001")) {
					num[i] += store_col_i64(st, 1);
					den[i] += store_col_i64(st, 2);
				}
			store_done(st);
		}
		assert_string_equal(ind[2].key, "deliberation.execution_rate");
		assert_int_equal(num[0], want.due);
		assert_int_equal(num[1], want.carried_out);
		assert_int_equal(num[2], want.carried_out);
		assert_int_equal(den[2], want.due);
		assert_int_equal(num[3], want.overdue);
	}
}

/* Events of a type about one resolution (the other tests' resolutions
 * are escalated too). */
static int64_t events_of_type(const char *type, int64_t subject)
{
	int64_t n = -1;
	mz_err e = { 0 };

	assert_int_equal(store_row(c, &e, "SELECT COUNT(*) FROM events WHERE type = ? AND subject_id = ?",
				   STORE_INTO(&n), type, subject), 1);
	return n;
}

static int escalation_of(int64_t id)
{
	int64_t n = -1;
	mz_err e = { 0 };

	assert_int_equal(store_row(c, &e, "SELECT escalation FROM dl_resolutions WHERE id = ?",
				   STORE_INTO(&n), id), 1);
	return (int)n;
}

/* Quorum: more than half of the registered representatives. A resolution
 * is carried out by its last task, on the latest task's day. Escalation:
 * step 1 the day after the deadline, 2 at 15 days, 3 at 30 with the event,
 * once. */
static void test_quorum_tasks_escalation(void **state)
{
	int64_t reps[6], topic, topic2, hall, no_quorum, meeting, res, events0;
	dl_task_new tasks[2] = { { "方案", "2017-04-30" }, { "施工", "2017-05-31" } };
	dl_resolution_new rn = { .text = "加装电梯", .responsible_unit = "居委会", .due_on = "2017-05-31",
				 .tasks = tasks, .n_tasks = 2 };
	dl_topic_new t2 = { .title = "停车", .raised_by = "committee", .raised_on = "2017-01-05" };
	dl_escalate_summary sum;
	json_t *got, *ts;
	mz_err e = { 0 };
	(void)state;

	hall = hall_with_reps("440106001001", reps, &topic);
	OK(dl_topic_create(c, &sys, hall, &t2, &topic2, E));
	/* 3 of 6 is exactly half: no quorum, no resolution. */
	no_quorum = held_meeting(hall, "2017-02-01", topic, reps, 3);
	rn.topic_id = topic;
	assert_int_equal(dl_resolution_create(c, &sys, no_quorum, &rn, &res, &e), -1);
	assert_int_equal(e.code, MZ_ESTATE);
	/* 4 of 6: quorum. */
	meeting = held_meeting(hall, "2017-03-01", topic2, reps, 4);
	rn.topic_id = topic2;
	OK(dl_resolution_create(c, &sys, meeting, &rn, &res, E));

	/* The first task done: still in progress. */
	OK(!(got = dl_resolution_get(c, &sys, res, E)));
	ts = json_object_get(got, "tasks");
	OK(dl_task_done(c, &sys, res, json_integer_value(json_object_get(json_array_get(ts, 1), "id")),
			"施工验收记录", "2017-05-20", E));
	assert_int_equal(escalation_of(res), 0);

	/* Overdue: the steps as the days pass (escalate.* parameters 1/15/30). */
	events0 = events_of_type(DL_EVENT_RESOLUTION_OVERDUE, res);
	OK(dl_escalate(c, &sys, D("2017-05-31"), &sum, E));
	assert_int_equal(escalation_of(res), 0); /* the deadline day is in time */
	OK(dl_escalate(c, &sys, D("2017-06-01"), &sum, E));
	assert_int_equal(escalation_of(res), 1);
	OK(dl_escalate(c, &sys, D("2017-06-15"), &sum, E));
	assert_int_equal(escalation_of(res), 2);
	assert_int_equal(events_of_type(DL_EVENT_RESOLUTION_OVERDUE, res), events0);
	OK(dl_escalate(c, &sys, D("2017-06-30"), &sum, E));
	assert_int_equal(escalation_of(res), 3);
	assert_int_equal(sum.handed_over, 1);
	assert_int_equal(events_of_type(DL_EVENT_RESOLUTION_OVERDUE, res), events0 + 1);
	/* Once only. */
	OK(dl_escalate(c, &sys, D("2017-07-30"), &sum, E));
	assert_int_equal(events_of_type(DL_EVENT_RESOLUTION_OVERDUE, res), events0 + 1);

	/* The last task carries it out on the latest task's day. */
	OK(dl_task_done(c, &sys, res, json_integer_value(json_object_get(json_array_get(ts, 0), "id")),
			"方案公示照片", "2017-05-02", E));
	json_decref(got);
	OK(!(got = dl_resolution_get(c, &sys, res, E)));
	assert_string_equal(json_string_value(json_object_get(got, "status")), "carried_out");
	assert_string_equal(json_string_value(json_object_get(got, "carried_out_on")), "2017-05-20");
	assert_int_equal(json_integer_value(json_object_get(got, "progress_pct")), 100);
	json_decref(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_definition),
		cmocka_unit_test(test_basis_points),
		cmocka_unit_test(test_sql_matches_definition),
		cmocka_unit_test(test_quorum_tasks_escalation),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
