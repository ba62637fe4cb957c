/* jobs_runner.c - the runner inside `serve`: a lease keeper and a worker.
 *
 * Two threads, because a job may run for minutes (the whole-city
 * screening) and the lease must stay renewed meanwhile, or a second server
 * would take it and start the same sweep. The keeper takes or renews the
 * lease every few seconds and publishes whether it holds it; the worker
 * wakes every tick and, while the lease is held, runs what is due. Each
 * thread uses its own connection (store_conn_get is per thread). A lease
 * lost for longer than its TTL while a job still runs (the database gone
 * for half a minute) is the one window in which two runners could overlap;
 * the sweeps are idempotent, so the cost is work done twice. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/log.h"
#include "jobs/jobs.h"

#define LEASE_TTL_S 30
#define LEASE_RENEW_S 5

struct jobs_runner {
	store *s;
	policy_holder *policy;
	int tick_ms;
	char holder[96];
	atomic_int held;
	int stop_worker, stop_keeper; /* the worker stops first: see jobs_runner_stop */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t keeper, worker;
	int keeper_started, worker_started;
};

/* Sleeps ms unless *stop is set meanwhile; returns 1 when asked to stop. */
static int nap(jobs_runner *r, const int *stop_flag, int ms)
{
	struct timespec until;
	int stop;

	mz_deadline_after_ms(CLOCK_REALTIME, ms, &until);
	pthread_mutex_lock(&r->mu);
	while (!*stop_flag && pthread_cond_timedwait(&r->cv, &r->mu, &until) == 0)
		;
	stop = *stop_flag;
	pthread_mutex_unlock(&r->mu);
	return stop;
}

static void *keeper_main(void *arg)
{
	jobs_runner *r = arg;
	int was = 0;

	do {
		mz_err e = { 0 };
		store_conn *c = store_conn_get(r->s, &e);
		int held = 0;

		if (c && !jobs_lease_acquire(c, r->holder, mz_now_unix(), LEASE_TTL_S, &held, &e)) {
			if (held && !was) {
				/* A runner that died mid-job left its name on the row. */
				store_stmt *st = store_prepare(c, "UPDATE jobs SET running_by = ''"
							       " WHERE running_by <> '' AND running_by <> ?",
							       &e);
				if (st) {
					store_bind_text(st, 1, r->holder);
					store_step(st, &e);
					store_done(st);
				}
				mz_log_info("job lease taken", "holder", r->holder);
			}
		} else {
			mz_log_warn("job lease check failed", "error", e.message);
		}
		was = held;
		atomic_store(&r->held, held);
	} while (!nap(r, &r->stop_keeper, LEASE_RENEW_S * 1000));
	{
		mz_err e = { 0 };
		store_conn *c = store_conn_get(r->s, &e);

		atomic_store(&r->held, 0);
		if (c)
			jobs_lease_release(c, r->holder, &e);
	}
	return NULL;
}

static void *worker_main(void *arg)
{
	jobs_runner *r = arg;
	int synced = 0;

	while (!nap(r, &r->stop_worker, r->tick_ms)) {
		mz_err e = { 0 };
		policy_set *set;
		int ran = 0;

		if (!atomic_load(&r->held)) {
			synced = 0;
			continue;
		}
		if (!synced) {
			store_conn *c = store_conn_get(r->s, &e);

			if (!c || jobs_sync(c, mz_now_unix(), &e)) {
				mz_log_warn("job rows could not be written", "error", e.message);
				continue;
			}
			synced = 1;
		}
		set = r->policy ? policy_holder_get(r->policy) : NULL;
		if (jobs_run_due(r->s, set, r->holder, mz_now_unix(), &ran, &e))
			mz_log_warn("job runner tick failed", "error", e.message);
		policy_set_unref(set);
	}
	return NULL;
}

/* A runner with no threads yet; prefix names the kind of process. */
static jobs_runner *runner_new(store *s, const char *prefix, mz_err *e)
{
	jobs_runner *r;
	char host[64] = "host";

	if (sodium_init() < 0) {
		mz_fail(e, MZ_EINTERNAL, NULL, "libsodium did not initialise", "libsodium 初始化失败");
		return NULL;
	}
	r = mz_xcalloc(1, sizeof(*r));
	r->s = s;
	r->tick_ms = 1000;
	gethostname(host, sizeof(host) - 1);
	/* host:pid names the process for a person; the random part keeps two
	 * processes apart even when pids repeat across containers. */
	snprintf(r->holder, sizeof(r->holder), "%s%.60s:%ld:%08x", prefix, host, (long)getpid(),
		 (unsigned)randombytes_random());
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	return r;
}

int jobs_run_here(store *s, const job_def *j, const policy_set *policy, int *ran, int *ok,
		  char *result, size_t cap, mz_err *e)
{
	jobs_runner *r = runner_new(s, "cli:", e);
	store_conn *c = store_conn_get(s, e);
	int held = 0, rc;

	*ran = 0;
	if (!r || !c) {
		jobs_runner_stop(r);
		return -1;
	}
	if (jobs_lease_acquire(c, r->holder, mz_now_unix(), LEASE_TTL_S, &held, e)) {
		jobs_runner_stop(r);
		return -1;
	}
	if (!held) {
		jobs_runner_stop(r);
		return 0;
	}
	/* The keeper renews the lease while the job runs, and gives it up
	 * when stopped: a command killed half-way blocks the servers' runner
	 * for one TTL at most. */
	r->stop_worker = 1;
	if (pthread_create(&r->keeper, NULL, keeper_main, r)) {
		jobs_lease_release(c, r->holder, e);
		jobs_runner_stop(r);
		return mz_fail(e, MZ_EINTERNAL, NULL, "cannot start the lease keeper",
			       "无法启动任务租约线程");
	}
	r->keeper_started = 1;
	rc = jobs_execute(s, j, policy, r->holder, ok, result, cap, e);
	jobs_runner_stop(r);
	*ran = 1;
	return rc;
}

jobs_runner *jobs_runner_start(store *s, policy_holder *policy, int tick_ms, mz_err *e)
{
	jobs_runner *r = runner_new(s, "", e);

	if (!r)
		return NULL;
	r->policy = policy;
	r->tick_ms = tick_ms > 0 ? tick_ms : 1000;
	if (pthread_create(&r->keeper, NULL, keeper_main, r)) {
		jobs_runner_stop(r);
		mz_fail(e, MZ_EINTERNAL, NULL, "cannot start the job runner", "无法启动任务调度");
		return NULL;
	}
	r->keeper_started = 1;
	if (pthread_create(&r->worker, NULL, worker_main, r)) {
		jobs_runner_stop(r);
		mz_fail(e, MZ_EINTERNAL, NULL, "cannot start the job runner", "无法启动任务调度");
		return NULL;
	}
	r->worker_started = 1;
	return r;
}

/* Sets *flag and wakes the threads. */
static void raise_stop(jobs_runner *r, int *flag)
{
	pthread_mutex_lock(&r->mu);
	*flag = 1;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

void jobs_runner_stop(jobs_runner *r)
{
	if (!r)
		return;
	/* The worker first, while the keeper still renews the lease: a job
	 * finishing during shutdown must not overlap another server's run. */
	raise_stop(r, &r->stop_worker);
	if (r->worker_started)
		pthread_join(r->worker, NULL);
	raise_stop(r, &r->stop_keeper);
	if (r->keeper_started)
		pthread_join(r->keeper, NULL);
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	free(r);
}

const char *jobs_runner_holder(const jobs_runner *r)
{
	return r->holder;
}
