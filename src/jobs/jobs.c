/* jobs.c - the declared jobs, their schedules and their durable rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/log.h"
#include "jobs/jobs.h"
#include "store/query.h"

#define JOBS_MAX_TABLES 64
#define BEIJING_S (8 * 3600)

static const job_def *tables[JOBS_MAX_TABLES];
static int ntables;

int jobs_register(const job_def *table)
{
	for (int i = 0; i < ntables; i++)
		if (tables[i] == table)
			return 0;
	if (ntables == JOBS_MAX_TABLES)
		return -1;
	tables[ntables++] = table;
	return 0;
}

void jobs_unregister_all(void)
{
	ntables = 0;
}

/* The i-th job over all tables, NULL past the last. */
static const job_def *job_at(int i)
{
	int k = 0;

	for (int t = 0; t < ntables; t++)
		for (const job_def *j = tables[t]; j->name; j++)
			if (k++ == i)
				return j;
	return NULL;
}

const job_def *jobs_find(const char *name)
{
	const job_def *j;

	for (int i = 0; (j = job_at(i)); i++)
		if (!strcmp(j->name, name))
			return j;
	return NULL;
}

int jobs_schedule_next(const char *schedule, int64_t after, int64_t *next)
{
	char *end;

	if (!strncmp(schedule, "every:", 6)) {
		long long s = strtoll(schedule + 6, &end, 10);

		if (*end || s < 1 || s > 366LL * 86400)
			return -1;
		*next = after + s;
		return 0;
	}
	if (!strncmp(schedule, "daily:", 6)) {
		/* "daily:HH:MM" in Beijing time, the clock the city works by. */
		long h = strtol(schedule + 6, &end, 10), m;
		int64_t local, t;

		if (end != schedule + 8 || *end != ':' || h < 0 || h > 23)
			return -1;
		m = strtol(end + 1, &end, 10);
		if (*end || end != schedule + 11 || m < 0 || m > 59)
			return -1;
		local = after + BEIJING_S;
		t = local - ((local % 86400) + 86400) % 86400 + h * 3600 + m * 60;
		if (t <= local)
			t += 86400;
		*next = t - BEIJING_S;
		return 0;
	}
	if (!strncmp(schedule, "monthly:", 8)) {
		/* "monthly:DD:HH:MM": day 1-28, so every month has it. */
		const char *p = schedule + 8;
		long d = strtol(p, &end, 10), h, m;
		int y, mo, dd;
		int64_t local, t;
		mz_day day;

		if (end != p + 2 || *end != ':' || d < 1 || d > 28)
			return -1;
		h = strtol(end + 1, &end, 10);
		if (end != p + 5 || *end != ':' || h < 0 || h > 23)
			return -1;
		m = strtol(end + 1, &end, 10);
		if (*end || end != p + 8 || m < 0 || m > 59)
			return -1;
		local = after + BEIJING_S;
		day = (mz_day)((local - (((local % 86400) + 86400) % 86400)) / 86400);
		mz_day_to_ymd(day, &y, &mo, &dd);
		t = (int64_t)mz_day_from_ymd(y, mo, (int)d) * 86400 + h * 3600 + m * 60;
		if (t <= local) {
			if (++mo > 12) {
				mo = 1;
				y++;
			}
			t = (int64_t)mz_day_from_ymd(y, mo, (int)d) * 86400 + h * 3600 + m * 60;
		}
		*next = t - BEIJING_S;
		return 0;
	}
	return -1;
}

/* ---- the lease ---- */

int jobs_lease_acquire(store_conn *c, const char *holder, int64_t now, int64_t ttl, int *held,
		       mz_err *e)
{
	/* The WHERE is re-checked against the row as it is when the UPDATE
	 * gets it: on PostgreSQL a second runner waits for the first one's row
	 * lock and then finds the lease taken; SQLite has one writer anyway. */
	store_stmt *st = store_prepare(c, "UPDATE job_lease SET holder = ?, expires_at = ?"
				       " WHERE id = 1 AND (holder = ? OR holder = '' OR expires_at < ?)",
				       e);
	int r;

	*held = 0;
	if (!st)
		return -1;
	store_bind_text(st, 1, holder);
	store_bind_i64(st, 2, now + ttl);
	store_bind_text(st, 3, holder);
	store_bind_i64(st, 4, now);
	r = store_step(st, e);
	if (r == 0)
		*held = store_changes(st) == 1;
	store_done(st);
	return r < 0 ? -1 : 0;
}

int jobs_lease_release(store_conn *c, const char *holder, mz_err *e)
{
	store_stmt *st = store_prepare(c, "UPDATE job_lease SET holder = '', expires_at = 0"
				       " WHERE id = 1 AND holder = ?", e);
	int r;

	if (!st)
		return -1;
	store_bind_text(st, 1, holder);
	r = store_step(st, e);
	store_done(st);
	return r < 0 ? -1 : 0;
}

/* ---- rows ---- */

/* The row of job j, created due at its next time after now if missing;
 * the schedule of the code wins over a stored one (a changed schedule
 * takes effect at the next start). */
static int sync_one(store_conn *c, const job_def *j, int64_t now, mz_err *e)
{
	store_stmt *st;
	int64_t next;
	int r;

	if (jobs_schedule_next(j->schedule, now, &next))
		return mz_failf(e, MZ_EINTERNAL, NULL, "job '%s': bad schedule '%s'",
				"任务 '%s' 的计划 '%s' 无效", j->name, j->schedule);
	st = store_prepare(c, "INSERT INTO jobs (name, schedule, next_due) VALUES (?, ?, ?)"
			      " ON CONFLICT (name) DO UPDATE SET schedule = excluded.schedule"
			      " WHERE jobs.schedule <> excluded.schedule", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, j->name);
	store_bind_text(st, 2, j->schedule);
	store_bind_i64(st, 3, next);
	r = store_step(st, e);
	store_done(st);
	return r < 0 ? -1 : 0;
}

int jobs_sync(store_conn *c, int64_t now, mz_err *e)
{
	const job_def *j;

	for (int i = 0; (j = job_at(i)); i++)
		if (sync_one(c, j, now, e))
			return -1;
	return 0;
}

int jobs_reschedule(store_conn *c, int64_t now, mz_err *e)
{
	const job_def *j;
	int64_t next;

	for (int i = 0; (j = job_at(i)); i++) {
		if (jobs_schedule_next(j->schedule, now, &next))
			continue;
		if (store_run(c, e, "UPDATE jobs SET next_due = ? WHERE name = ? AND next_due > ?",
			      next, j->name, next) < 0)
			return -1;
	}
	return 0;
}

static int mark_running(store_conn *c, const char *name, const char *holder, int64_t *n,
			mz_err *e)
{
	store_stmt *st = store_prepare(c, "UPDATE jobs SET running_by = ?, run_requested = 0"
				       " WHERE name = ?", e);
	int r;

	if (!st)
		return -1;
	store_bind_text(st, 1, holder);
	store_bind_text(st, 2, name);
	r = store_step(st, e);
	*n = r < 0 ? 0 : store_changes(st);
	store_done(st);
	return r < 0 ? -1 : 0;
}

/* Marks j running by holder; creates its row first if it has none (a job
 * run by hand before any runner synced the rows). */
static int set_running(store_conn *c, const job_def *j, const char *holder, mz_err *e)
{
	int64_t n;

	if (mark_running(c, j->name, holder, &n, e))
		return -1;
	if (n)
		return 0;
	return sync_one(c, j, mz_now_unix(), e) || mark_running(c, j->name, holder, &n, e) ? -1 : 0;
}

int jobs_execute(store *s, const job_def *j, const policy_set *policy, const char *holder,
		 int *ok, char *result, size_t cap, mz_err *e)
{
	char summary[512] = "";
	store_conn *c = store_conn_get(s, e);
	mz_err je = { 0 };
	access_ctx who;
	job_ctx ctx;
	store_stmt *st;
	int64_t next, end;
	int r, good;

	if (!c || set_running(c, j, holder, e))
		return -1;
	access_ctx_system(&who, "jobs");
	ctx = (job_ctx){ .s = s, .who = &who, .now = mz_now_unix(), .policy = policy };
	good = j->fn(&ctx, summary, sizeof(summary), &je) == 0;
	/* A job that failed half-way may have left its transaction open. */
	store_rollback(c);
	if (!good)
		snprintf(summary, sizeof(summary), "%s", je.message[0] ? je.message : "failed");
	end = mz_now_unix();
	if (jobs_schedule_next(j->schedule, end, &next))
		next = end + 86400;
	mz_log(good ? MZ_LOG_DEBUG : MZ_LOG_WARN, good ? "job done" : "job failed", "job", j->name,
	       "result", summary, (const char *)0);
	st = store_prepare(c, "UPDATE jobs SET running_by = '', last_run_at = ?, last_status = ?,"
			      " last_result = ?, runs = runs + 1, next_due = ? WHERE name = ?", e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, end);
	store_bind_text(st, 2, good ? "ok" : "failed");
	store_bind_text(st, 3, summary);
	store_bind_i64(st, 4, next);
	store_bind_text(st, 5, j->name);
	r = store_step(st, e);
	store_done(st);
	if (ok)
		*ok = good;
	if (result)
		mz_strlcpy(result, summary, cap);
	return r < 0 ? -1 : 0;
}

int jobs_run_due(store *s, const policy_set *policy, const char *holder, int64_t now, int *ran,
		 mz_err *e)
{
	store_conn *c = store_conn_get(s, e);
	char (*names)[64] = NULL;
	store_stmt *st;
	int n = 0, cap = 0, r;

	*ran = 0;
	if (!c)
		return -1;
	st = store_prepare(c, "SELECT name FROM jobs WHERE next_due <= ? OR run_requested = 1"
			      " ORDER BY name", e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, now);
	while ((r = store_step(st, e)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = mz_xrealloc(names, (size_t)cap * sizeof(*names));
		}
		mz_strlcpy(names[n++], store_col_text(st, 0), sizeof(names[0]));
	}
	store_done(st);
	if (r < 0) {
		free(names);
		return -1;
	}
	/* Registration order, not name order: the event delivery (registered
	 * first) goes before the sweeps that may publish more events. */
	for (int i = 0; job_at(i); i++) {
		const job_def *j = job_at(i);

		for (int k = 0; k < n; k++) {
			if (strcmp(names[k], j->name))
				continue;
			if (jobs_execute(s, j, policy, holder, NULL, NULL, 0, e)) {
				free(names);
				return -1;
			}
			(*ran)++;
		}
	}
	free(names);
	return 0;
}

int jobs_request_run(store_conn *c, const access_ctx *who, const char *name, mz_err *e)
{
	audit_entry a;

	if (!jobs_find(name))
		return mz_failf(e, MZ_ENOTFOUND, "name", "no job '%s'", "没有任务 '%s'", name);
	if (store_begin(c, e) || jobs_sync(c, mz_now_unix(), e))
		goto fail;
	{
		store_stmt *st = store_prepare(c, "UPDATE jobs SET run_requested = 1 WHERE name = ?", e);
		int r;

		if (!st)
			goto fail;
		store_bind_text(st, 1, name);
		r = store_step(st, e);
		store_done(st);
		if (r < 0)
			goto fail;
	}
	audit_entry_init(&a, who, "job.run_request", "job", name, "", "");
	if (audit_append_tx(c, &a, 1, e) || store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

int jobs_list(store_conn *c, job_row **rows, int *n, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT name, schedule, next_due, last_run_at, last_status,"
				       " last_result, runs, running_by, run_requested FROM jobs"
				       " ORDER BY name", e);
	int cap = 0, r;

	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((r = store_step(st, e)) == 1) {
		const job_def *j;
		job_row *x;

		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*rows = mz_xrealloc(*rows, (size_t)cap * sizeof(**rows));
		}
		x = &(*rows)[(*n)++];
		memset(x, 0, sizeof(*x));
		mz_strlcpy(x->name, store_col_text(st, 0), sizeof(x->name));
		j = jobs_find(x->name);
		x->title_zh = j ? j->title_zh : "";
		x->title_en = j ? j->title_en : "";
		mz_strlcpy(x->schedule, store_col_text(st, 1), sizeof(x->schedule));
		x->next_due = store_col_i64(st, 2);
		x->last_run_at = store_col_is_null(st, 3) ? 0 : store_col_i64(st, 3);
		mz_strlcpy(x->last_status, store_col_text(st, 4), sizeof(x->last_status));
		mz_strlcpy(x->last_result, store_col_text(st, 5), sizeof(x->last_result));
		x->runs = store_col_i64(st, 6);
		mz_strlcpy(x->running_by, store_col_text(st, 7), sizeof(x->running_by));
		x->run_requested = (int)store_col_i64(st, 8);
	}
	store_done(st);
	if (r < 0) {
		free(*rows);
		*rows = NULL;
		*n = 0;
		return -1;
	}
	/* A job this binary declares whose row no runner has written yet (no
	 * server has run on this database since it was added) still shows. */
	for (int i = 0; job_at(i); i++) {
		const job_def *j = job_at(i);
		int found = 0;
		job_row *x;

		for (int k = 0; k < *n && !found; k++)
			found = !strcmp((*rows)[k].name, j->name);
		if (found)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*rows = mz_xrealloc(*rows, (size_t)cap * sizeof(**rows));
		}
		x = &(*rows)[(*n)++];
		memset(x, 0, sizeof(*x));
		mz_strlcpy(x->name, j->name, sizeof(x->name));
		x->title_zh = j->title_zh;
		x->title_en = j->title_en;
		mz_strlcpy(x->schedule, j->schedule, sizeof(x->schedule));
		if (jobs_schedule_next(j->schedule, mz_now_unix(), &x->next_due))
			x->next_due = 0;
	}
	return 0;
}
