/* hall_jobs.c - keeping the figures current: the job runner recomputes them
 * every 10 minutes and just after midnight (the day's first row, so a month
 * always has a stored day), and the outbox marks them stale when data behind
 * them changes, which hall.refresh_dirty picks up within 30 s. Marking
 * rather than recomputing in the event's handler: a payroll or a batch of
 * decisions publishes hundreds of events, and one refresh covers them all. */
#include <stdio.h>

#include "hall/hall_figures.h"
#include "store/query.h"

static int refresh_today(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	store_conn *c = store_conn_get(ctx->s, e);
	hall_refresh_stats st;

	if (!c || hall_refresh(c, mz_today(), NULL, &st, e))
		return -1;
	snprintf(result, cap, "%zu figures, %lld rows in %lld ms (slowest %s: %lld ms)%s%s",
		 st.indicators, (long long)st.rows, (long long)st.millis, st.slowest,
		 (long long)st.slowest_ms, st.failed ? "; failed: " : "", st.first_error);
	return 0;
}

static int job_refresh(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	return refresh_today(ctx, result, cap, e);
}

static int job_refresh_dirty(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	store_conn *c = store_conn_get(ctx->s, e);
	int64_t since = 0;
	int r;

	if (!c)
		return -1;
	r = store_row(c, e, "SELECT dirty_since FROM hall_dirty WHERE id = ? AND dirty_since IS NOT NULL",
		      STORE_INTO(&since), 1);
	if (r < 0)
		return -1;
	if (r == 0) {
		snprintf(result, cap, "figures current");
		return 0;
	}
	return refresh_today(ctx, result, cap, e);
}

const job_def hall_jobs[] = {
	{ "hall.refresh", "监测大厅指标计算", "Compute the monitoring hall's figures", "every:600",
	  job_refresh },
	{ "hall.refresh_nightly", "监测大厅指标日结", "The hall's figures for the new day",
	  "daily:00:05", job_refresh },
	{ "hall.refresh_dirty", "监测大厅指标更新（事件触发）",
	  "Recompute the hall's figures after a change", "every:30", job_refresh_dirty },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* Runs in the delivery's transaction: one UPDATE of one row. */
static int mark_dirty(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	(void)who;
	return store_run(c, e, "UPDATE hall_dirty SET dirty_since = COALESCE(dirty_since, ?),"
			       " last_event = ?, mark_seq = mark_seq + 1 WHERE id = 1", mz_now_unix(),
			 ev->type) < 0 ? -1 : 0;
}

const event_subscriber hall_subscribers[] = {
	{ EVENT_CASE_DECIDED, "hall.case_decided", mark_dirty },
	{ EVENT_ENROLLMENT_ENDED, "hall.enrollment_ended", mark_dirty },
	{ EVENT_PERSON_DIED, "hall.person_died", mark_dirty },
	{ NULL, NULL, NULL },
};
