/* jobs.h - the job runner: the periodic steps run inside `serve`, which
 * replaces cron.
 *
 * A job is declared by a domain in a static table (name, titles, schedule,
 * function; src/domains/domains.c is the one registration list) and kept
 * as a durable row: when it is due, when it last ran, how that went, how
 * often it ran, who runs it now. One runner at a time across every process
 * on the database holds the lease (a one-row table taken with a conditional
 * UPDATE, so it works the same on SQLite and PostgreSQL); the others wait
 * for it to expire. `serve` starts the runner (jobs_runner_start); the CLI
 * runs one job on demand (`minzheng jobs run NAME`), and the API asks the
 * runner to run one soon (jobs_request_run).
 *
 * Tables owned: jobs, job_lease (schema/0021_jobs.sql). */
#ifndef MZ_JOBS_H
#define MZ_JOBS_H

#include <stddef.h>
#include <stdint.h>

#include "access/access.h"
#include "base/err.h"
#include "policy/policy.h"
#include "store/store.h"

/* What a job function gets. It manages its own transactions on the
 * calling thread's connection of s. */
typedef struct job_ctx {
	store *s;
	const access_ctx *who;  /* the system context "jobs", city scope */
	int64_t now;            /* Unix s, when the run started */
	const policy_set *policy; /* the rules in force; NULL if none loaded */
} job_ctx;

/* Returns 0 and writes a one-line summary into result (cap bytes), or -1
 * with e filled: the run is recorded as failed with e's message. */
typedef int (*job_fn)(const job_ctx *ctx, char *result, size_t cap, mz_err *e);

typedef struct job_def {
	const char *name;      /* "<room>.<what>", the key of its row */
	const char *title_zh;
	const char *title_en;
	const char *schedule;  /* "every:SECONDS", "daily:HH:MM" or "monthly:DD:HH:MM"
				* (Beijing time; DD 01-28) */
	job_fn fn;
} job_def;

/* Adds a table (terminated by an entry with name NULL) to the jobs of this
 * process; borrowed for the process's life; the same table twice is a
 * no-op. Call at start-up only. Returns -1 when the list is full. */
int jobs_register(const job_def *table);
void jobs_unregister_all(void); /* tests */
const job_def *jobs_find(const char *name); /* NULL if not registered */

/* The first time after `after` (Unix s) that schedule is due, in *next.
 * Returns -1 for a schedule that does not parse. */
int jobs_schedule_next(const char *schedule, int64_t after, int64_t *next);

/* ---- the lease ---- */
/* Takes or renews the lease for holder until now + ttl when it is free,
 * expired or already holder's. *held: 1 if holder holds it now. One
 * statement, so two processes racing for it cannot both win. */
int jobs_lease_acquire(store_conn *c, const char *holder, int64_t now, int64_t ttl, int *held,
		       mz_err *e);
/* Gives the lease up if holder has it (a clean stop: the next server need
 * not wait for the expiry). */
int jobs_lease_release(store_conn *c, const char *holder, mz_err *e);

/* ---- rows and runs ---- */
/* Creates the row of every registered job not yet in the database, due at
 * its next scheduled time after now. */
int jobs_sync(store_conn *c, int64_t now, mz_err *e);

/* After the clock moved back (the test clock): every job whose next time
 * lies further ahead than its schedule allows from now is brought back to
 * its next scheduled time after now, so the runner does not sit idle until
 * the old future arrives. */
int jobs_reschedule(store_conn *c, int64_t now, mz_err *e);

/* Runs one job now on this thread and records the outcome in its row
 * (running_by = holder meanwhile). The job's own failure is recorded, not
 * returned: *ok (may be NULL) says how it went, result (may be NULL) gets
 * its summary. -1 only when the row cannot be written. */
int jobs_execute(store *s, const job_def *j, const policy_set *policy, const char *holder,
		 int *ok, char *result, size_t cap, mz_err *e);

/* Runs every registered job that is due at now or was asked to run, in
 * registration order. The caller holds the lease. *ran: how many. */
int jobs_run_due(store *s, const policy_set *policy, const char *holder, int64_t now, int *ran,
		 mz_err *e);

/* Asks the runner to run name at its next tick (a write by a person:
 * audited "job.run_request"). MZ_ENOTFOUND for an unknown job. */
int jobs_request_run(store_conn *c, const access_ctx *who, const char *name, mz_err *e);

typedef struct job_row {
	char name[64];
	const char *title_zh, *title_en; /* from the registered table; "" if unknown */
	char schedule[32];
	int64_t next_due;       /* Unix s */
	int64_t last_run_at;    /* 0 = never */
	char last_status[8];    /* "", "ok", "failed" */
	char last_result[512];
	int64_t runs;
	char running_by[96];    /* "" when not running */
	int run_requested;
} job_row;

/* Every job row, by name. *rows is owned by the caller (free). */
int jobs_list(store_conn *c, job_row **rows, int *n, mz_err *e);

/* ---- the runner (serve) ---- */
typedef struct jobs_runner jobs_runner;

/* Starts the runner threads: one keeps the lease (renewing it every few
 * seconds, also while a long job runs), one runs the due jobs each tick
 * while the lease is held. policy may be NULL (jobs needing rules then
 * fail visibly). tick_ms: 1000 in serve. */
jobs_runner *jobs_runner_start(store *s, policy_holder *policy, int tick_ms, mz_err *e);
/* Stops both threads (waiting for a running job to finish), gives the
 * lease up and frees r. NULL-safe. */
void jobs_runner_stop(jobs_runner *r);
/* Runs j here and now (the CLI's `jobs run`), holding the lease meanwhile
 * so that no server's runner runs at the same time. *ran = 0 when another
 * process holds the lease (nothing is run; queue it with jobs_request_run
 * instead). Otherwise as jobs_execute. */
int jobs_run_here(store *s, const job_def *j, const policy_set *policy, int *ran, int *ok,
		  char *result, size_t cap, mz_err *e);
/* The runner's holder id ("host:pid:random"). */
const char *jobs_runner_holder(const jobs_runner *r);

#endif
