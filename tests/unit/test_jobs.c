/* Unit tests for jobs/: schedules, the lease (of runners racing for it
 * exactly one holds it, on either engine), durable outcomes of runs, due
 * and requested jobs, and the runner thread starting and stopping cleanly.
 * On the engine under test (test_db.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "access/access.h"
#include "base/date.h"
#include "jobs/jobs.h"
#include "registry/division_seed.h"
#include "access/audit_store.h"
#include "store/store.h"
#include "test_db.h"

static test_db db;
static store *st;
static store_conn *c;

static int setup(void **state)
{
	mz_err e = { 0 };
	(void)state;

	if (test_db_open(&db, "jobs", 1, &st, &e) || !(c = store_conn_get(st, &e)) ||
	    registry_divisions_seed(c, &e)) {
		fprintf(stderr, "setup (%s): %s\n", test_db_engine_name(), e.message);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	jobs_unregister_all();
	store_close(st);
	test_db_drop(&db);
	return 0;
}

static void schedules(void **state)
{
	int64_t next;
	/* 2026-12-07 00:00:00 +08:00 = 2026-12-06 16:00:00 UTC */
	const int64_t midnight = 1796572800;
	(void)state;

	assert_int_equal(jobs_schedule_next("every:600", 1000, &next), 0);
	assert_int_equal(next, 1600);
	assert_int_equal(jobs_schedule_next("daily:02:00", midnight, &next), 0);
	assert_int_equal(next, midnight + 2 * 3600);
	/* Already past today's time: tomorrow's. */
	assert_int_equal(jobs_schedule_next("daily:02:00", midnight + 2 * 3600, &next), 0);
	assert_int_equal(next, midnight + 86400 + 2 * 3600);
	assert_int_equal(jobs_schedule_next("daily:23:59", midnight + 3600, &next), 0);
	assert_int_equal(next, midnight + 23 * 3600 + 59 * 60);
	/* Monthly: this month's day if still ahead, else next month's (across
	 * the year's end). */
	assert_int_equal(jobs_schedule_next("monthly:08:00:00", midnight, &next), 0);
	assert_int_equal(next, midnight + 86400);
	assert_int_equal(jobs_schedule_next("monthly:05:01:30", midnight, &next), 0);
	assert_int_equal(next, midnight + 29 * 86400 + 5400); /* 2027-01-05 01:30 */
	assert_int_equal(jobs_schedule_next("monthly:29:00:00", 0, &next), -1);
	assert_int_equal(jobs_schedule_next("monthly:1:00:00", 0, &next), -1);
	assert_int_equal(jobs_schedule_next("daily:24:00", 0, &next), -1);
	assert_int_equal(jobs_schedule_next("daily:2:00", 0, &next), -1);
	assert_int_equal(jobs_schedule_next("every:0", 0, &next), -1);
	assert_int_equal(jobs_schedule_next("hourly", 0, &next), -1);
}

/* ---- the lease ---- */

static void lease_one_holder(void **state)
{
	mz_err e = { 0 };
	int64_t now = 1000000;
	int held;
	(void)state;

	assert_int_equal(jobs_lease_acquire(c, "a", now, 30, &held, &e), 0);
	assert_int_equal(held, 1);
	assert_int_equal(jobs_lease_acquire(c, "b", now + 1, 30, &held, &e), 0);
	assert_int_equal(held, 0);
	/* The holder renews; the other still waits. */
	assert_int_equal(jobs_lease_acquire(c, "a", now + 20, 30, &held, &e), 0);
	assert_int_equal(held, 1);
	assert_int_equal(jobs_lease_acquire(c, "b", now + 40, 30, &held, &e), 0);
	assert_int_equal(held, 0);
	/* Expired (a runner that died): the other takes it, the first has lost it. */
	assert_int_equal(jobs_lease_acquire(c, "b", now + 51, 30, &held, &e), 0);
	assert_int_equal(held, 1);
	assert_int_equal(jobs_lease_acquire(c, "a", now + 52, 30, &held, &e), 0);
	assert_int_equal(held, 0);
	/* Given up cleanly: free at once, and only by its holder. */
	assert_int_equal(jobs_lease_release(c, "a", &e), 0);
	assert_int_equal(jobs_lease_acquire(c, "a", now + 53, 30, &held, &e), 0);
	assert_int_equal(held, 0);
	assert_int_equal(jobs_lease_release(c, "b", &e), 0);
	assert_int_equal(jobs_lease_acquire(c, "a", now + 53, 30, &held, &e), 0);
	assert_int_equal(held, 1);
	assert_int_equal(jobs_lease_release(c, "a", &e), 0);
}

#define RACERS 4

typedef struct racer {
	char holder[16];
	int64_t now;
	int held, rc;
	pthread_barrier_t *go;
} racer;

static void *race(void *arg)
{
	racer *r = arg;
	mz_err e = { 0 };
	store_conn *mine = store_conn_get(st, &e); /* this thread's own connection */

	pthread_barrier_wait(r->go);
	r->rc = mine ? jobs_lease_acquire(mine, r->holder, r->now, 30, &r->held, &e) : -1;
	if (r->rc)
		fprintf(stderr, "lease: %s\n", e.message);
	return NULL;
}

static void lease_race_has_one_winner(void **state)
{
	pthread_barrier_t go;
	pthread_t t[RACERS];
	racer r[RACERS];
	mz_err e = { 0 };
	int winners = 0;
	(void)state;

	for (int round = 0; round < 5; round++) {
		/* Each round starts from an expired lease. */
		assert_int_equal(store_exec(c, "UPDATE job_lease SET holder = 'old', expires_at = 0", &e),
				 0);
		pthread_barrier_init(&go, NULL, RACERS);
		for (int i = 0; i < RACERS; i++) {
			memset(&r[i], 0, sizeof(r[i]));
			snprintf(r[i].holder, sizeof(r[i].holder), "r%d", i);
			r[i].now = 2000000 + round;
			r[i].go = &go;
			assert_int_equal(pthread_create(&t[i], NULL, race, &r[i]), 0);
		}
		winners = 0;
		for (int i = 0; i < RACERS; i++) {
			pthread_join(t[i], NULL);
			assert_int_equal(r[i].rc, 0);
			winners += r[i].held;
		}
		pthread_barrier_destroy(&go);
		assert_int_equal(winners, 1);
	}
	assert_int_equal(store_exec(c, "UPDATE job_lease SET holder = '', expires_at = 0", &e), 0);
}

/* ---- runs ---- */

static int good_runs, bad_runs;

static int job_good(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	(void)e;
	assert_non_null(ctx->who);
	assert_string_equal(ctx->who->login, "jobs");
	good_runs++;
	snprintf(result, cap, "did %d", good_runs);
	return 0;
}

static int job_bad(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	(void)ctx;
	(void)result;
	(void)cap;
	bad_runs++;
	return mz_fail(e, MZ_ESTORE, NULL, "the sweep broke", "巡检失败");
}

static const job_def test_jobs[] = {
	{ "test.good", "好", "Good", "every:60", job_good },
	{ "test.bad", "坏", "Bad", "daily:03:00", job_bad },
	{ NULL, NULL, NULL, NULL, NULL },
};

static job_row find_row(const char *name)
{
	job_row *rows, out;
	mz_err e = { 0 };
	int n, found = 0;

	assert_int_equal(jobs_list(c, &rows, &n, &e), 0);
	memset(&out, 0, sizeof(out));
	for (int i = 0; i < n; i++)
		if (!strcmp(rows[i].name, name)) {
			out = rows[i];
			found = 1;
		}
	free(rows);
	assert_true(found);
	return out;
}

static int64_t q_audit_requests(void)
{
	mz_err e = { 0 };
	int64_t n = -1;

	assert_int_equal(store_query_i64(audit_store_conn(c, &e), "SELECT COUNT(*) FROM audit_log WHERE action ="
					 " 'job.run_request' AND entity_id = 'test.bad'", &n, &e), 0);
	return n;
}

static void runs_are_recorded(void **state)
{
	mz_err e = { 0 };
	access_ctx admin;
	job_row r;
	int ran, ok;
	char result[64];
	int64_t now = mz_now_unix();
	(void)state;

	jobs_unregister_all();
	assert_int_equal(jobs_register(test_jobs), 0);
	assert_int_equal(jobs_register(test_jobs), 0);
	assert_non_null(jobs_find("test.bad"));
	assert_null(jobs_find("test.none"));
	/* Listed before any runner wrote a row. */
	r = find_row("test.good");
	assert_int_equal(r.runs, 0);
	assert_string_equal(r.title_en, "Good");

	assert_int_equal(jobs_sync(c, now, &e), 0);
	r = find_row("test.good");
	assert_int_equal(r.next_due, now + 60);

	/* Nothing due yet. */
	assert_int_equal(jobs_run_due(st, NULL, "me", now, &ran, &e), 0);
	assert_int_equal(ran, 0);
	/* Due: runs and records ok; the next run a period after it. */
	assert_int_equal(jobs_run_due(st, NULL, "me", now + 61, &ran, &e), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(good_runs, 1);
	r = find_row("test.good");
	assert_int_equal(r.runs, 1);
	assert_string_equal(r.last_status, "ok");
	assert_string_equal(r.last_result, "did 1");
	assert_string_equal(r.running_by, "");
	assert_true(r.last_run_at >= now);
	assert_true(r.next_due >= r.last_run_at + 60);

	/* Asked to run: at the next tick, once. */
	access_ctx_system(&admin, "admin");
	assert_int_equal(jobs_request_run(c, &admin, "test.bad", &e), 0);
	assert_int_equal(find_row("test.bad").run_requested, 1);
	assert_int_equal(jobs_request_run(c, &admin, "test.none", &e), -1);
	assert_int_equal(e.code, MZ_ENOTFOUND);
	assert_int_equal(jobs_run_due(st, NULL, "me", now, &ran, &e), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(bad_runs, 1);
	r = find_row("test.bad");
	assert_string_equal(r.last_status, "failed");
	assert_string_equal(r.last_result, "the sweep broke");
	assert_int_equal(r.run_requested, 0);
	assert_int_equal(jobs_run_due(st, NULL, "me", now, &ran, &e), 0);
	assert_int_equal(ran, 0);
	assert_int_equal(q_audit_requests(), 1);

	/* Run by hand (the CLI's path). */
	assert_int_equal(jobs_execute(st, jobs_find("test.good"), NULL, "cli", &ok, result,
				      sizeof(result), &e), 0);
	assert_int_equal(ok, 1);
	assert_string_equal(result, "did 2");
	assert_int_equal(find_row("test.good").runs, 2);
}

static void run_here_respects_the_lease(void **state)
{
	mz_err e = { 0 };
	char result[64];
	int ran = -1, ok = 0, held;
	int64_t runs, free_rows = -1;
	(void)state;

	jobs_unregister_all();
	assert_int_equal(jobs_register(test_jobs), 0);
	runs = find_row("test.good").runs;
	/* A server's runner holds the lease: nothing runs here. */
	assert_int_equal(jobs_lease_acquire(c, "server", mz_now_unix(), 30, &held, &e), 0);
	assert_int_equal(held, 1);
	assert_int_equal(jobs_run_here(st, jobs_find("test.good"), NULL, &ran, &ok, result,
				       sizeof(result), &e), 0);
	assert_int_equal(ran, 0);
	assert_int_equal(find_row("test.good").runs, runs);
	/* Free: it runs here, and gives the lease back afterwards. */
	assert_int_equal(jobs_lease_release(c, "server", &e), 0);
	assert_int_equal(jobs_run_here(st, jobs_find("test.good"), NULL, &ran, &ok, result,
				       sizeof(result), &e), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(ok, 1);
	assert_int_equal(find_row("test.good").runs, runs + 1);
	assert_int_equal(store_query_i64(c, "SELECT COUNT(*) FROM job_lease WHERE holder = ''",
					 &free_rows, &e), 0);
	assert_int_equal(free_rows, 1);
}

static void runner_starts_and_stops(void **state)
{
	mz_err e = { 0 };
	jobs_runner *r;
	int64_t holder_rows = -1, runs;
	char sql[200];
	(void)state;

	jobs_unregister_all();
	assert_int_equal(jobs_register(test_jobs), 0);
	runs = find_row("test.good").runs;
	assert_int_equal(store_exec(c, "UPDATE jobs SET run_requested = 1 WHERE name = 'test.good'",
				    &e), 0);
	r = jobs_runner_start(st, NULL, 50, &e);
	assert_non_null(r);
	/* The runner takes the lease and runs the requested job (bounded wait). */
	for (int i = 0; i < 100 && find_row("test.good").runs == runs; i++)
		usleep(50 * 1000);
	assert_int_equal(find_row("test.good").runs, runs + 1);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM job_lease WHERE holder = '%s'",
		 jobs_runner_holder(r));
	assert_int_equal(store_query_i64(c, sql, &holder_rows, &e), 0);
	assert_int_equal(holder_rows, 1);
	jobs_runner_stop(r);
	/* Stopped: the lease is free for the next server at once. */
	assert_int_equal(store_query_i64(c, "SELECT COUNT(*) FROM job_lease WHERE holder = ''",
					 &holder_rows, &e), 0);
	assert_int_equal(holder_rows, 1);
	jobs_runner_stop(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(schedules),
		cmocka_unit_test(lease_one_holder),
		cmocka_unit_test(lease_race_has_one_winner),
		cmocka_unit_test(runs_are_recorded),
		cmocka_unit_test(run_here_respects_the_lease),
		cmocka_unit_test(runner_starts_and_stops),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
