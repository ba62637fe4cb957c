/* hooks.c - social assistance's subscribers and jobs (see hooks.h). The
 * CLI commands (cmd_assistance.c) call the same functions. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "benefits/benefits.h"
#include "domains/assistance/assistance.h"
#include "domains/assistance/hooks.h"

/* 低保 dynamic management: a death ends the person's assistance from the
 * following month. The death date is the event's, so a handler running
 * hours later still ends the right months. */
static int on_person_died(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	char death[11];
	int ended = 0;

	events_payload_str(ev, "death_date", death, sizeof(death));
	if (mz_day_parse(death) == MZ_DAY_INVALID)
		return mz_fail(e, MZ_EINVAL, "death_date", "person.died without a death date",
			       "死亡事件缺少死亡日期");
	return benefits_on_death_tx(c, who, ev->subject_id, death, &ended, e);
}

/* The cases a death touches: a person program ends, a household whose
 * payee died is held until a new payee is named (deaths.c). */
static int on_person_died_cases(store_conn *c, const access_ctx *who, const event *ev,
				mz_err *e)
{
	char death[11];

	events_payload_str(ev, "death_date", death, sizeof(death));
	if (mz_day_parse(death) == MZ_DAY_INVALID)
		return mz_fail(e, MZ_EINVAL, "death_date", "person.died without a death date",
			       "死亡事件缺少死亡日期");
	return assist_on_death_tx(c, who, ev->subject_id, death, e);
}

const event_subscriber assistance_subscribers[] = {
	{ EVENT_PERSON_DIED, "assistance.end_enrollments", on_person_died },
	{ EVENT_PERSON_DIED, "assistance.hold_or_end_cases", on_person_died_cases },
	{ NULL, NULL, NULL },
};

static int job_reverify(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	assist_reverify_result r = { 0 };
	store_conn *c = store_conn_get(ctx->s, e);

	if (!c || assist_reverify(c, ctx->who, NULL, mz_today(), NULL, &r, e))
		return -1;
	snprintf(result, cap, "verified %lld households: %lld with discrepancies, %lld tasks opened",
		 (long long)r.households, (long long)r.with_discrepancies, (long long)r.tasks_opened);
	return 0;
}

static int job_close_exits(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	store_conn *c = store_conn_get(ctx->s, e);
	char month[8];
	int closed = 0;

	benefits_month_of(mz_today(), month);
	if (!c || assist_close_phase_outs(c, ctx->who, month, &closed, e))
		return -1;
	snprintf(result, cap, "closed %d cases whose gradual exit ended before %s", closed, month);
	return 0;
}

/* At night, Beijing time, when the streets are not working the queues.
 * close-exits early in the month, before the payroll run; the
 * re-verification a few days later, after the agencies' monthly extracts
 * are usually imported (it writes a report per enrolled household, so
 * not daily). */
const job_def assistance_jobs[] = {
	{ "assistance.close_exits", "关闭渐退期届满的案件", "Close cases whose gradual exit ended",
	  "monthly:01:00:45", job_close_exits },
	{ "assistance.reverify", "在保家庭经济状况复核", "Re-verify enrolled households",
	  "monthly:05:01:30", job_reverify },
	{ NULL, NULL, NULL, NULL, NULL },
};
