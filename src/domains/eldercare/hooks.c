/* hooks.c - elderly care's subscribers and jobs (see hooks.h). The API
 * routes for the sweeps (calls_board.c, waitlist_offer.c) call the same
 * functions. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/eldercare/calls.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/hooks.h"
#include "domains/eldercare/visits.h"
#include "domains/eldercare/waitlist.h"
#include "store/query.h"

#define DEATH_REASON "死亡登记"

/* The death date of the event, or today when it carries none that parses:
 * a service must end even if the date is odd. */
static void death_day(const event *ev, char out[11])
{
	char d[11];

	events_payload_str(ev, "death_date", d, sizeof(d));
	mz_day_format(mz_day_parse(d) != MZ_DAY_INVALID ? mz_day_parse(d) : mz_today(), out);
}

/* The card of a dead person must not buy subsidised meals: cancelled, as a
 * reissue cancels the old card (elders.c). The counter still names the
 * death when the old card is shown (common.c: ec_person_by_card). */
static int on_died_cancel_card(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	store_stmt *st = store_prepare(c, "UPDATE ec_cards SET status = 'cancelled'"
				       " WHERE person_id = ? AND status = 'active'", e);
	int64_t n;
	int r;

	if (!st)
		return -1;
	store_bind_i64(st, 1, ev->subject_id);
	r = store_step(st, e);
	n = r < 0 ? 0 : store_changes(st);
	store_done(st);
	if (r < 0)
		return -1;
	if (!n)
		return 0;
	return audit_append(c, who, AUDIT_WRITE, "eldercare.card.cancel", "person", ev->subject_id,
			    ev->division_code, DEATH_REASON, NULL, e);
}

/* 平安通 ends on the day of death: no fee, no subsidy, no check-in alerts
 * for someone who can no longer call. */
static int on_died_end_calls(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	char day[11];
	int64_t ids[8];
	int n = 0, r;
	store_stmt *st;

	death_day(ev, day);
	/* One active subscription a person (a unique index); ended ones stay. */
	st = store_prepare(c, "SELECT id FROM ec_call_subscribers WHERE person_id = ?"
			      " AND status = 'active'", e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, ev->subject_id);
	while (n < 8 && (r = store_step(st, e)) == 1)
		ids[n++] = store_col_i64(st, 0);
	store_done(st);
	if (n < 8 && r < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		st = store_prepare(c, "UPDATE ec_call_subscribers SET status = 'ended', ended_on = ?"
				      " WHERE id = ? AND person_id = ? AND status = 'active'", e);
		if (!st)
			return -1;
		store_bind_text(st, 1, day);
		store_bind_i64(st, 2, ids[i]);
		store_bind_i64(st, 3, ev->subject_id);
		r = store_step(st, e);
		store_done(st);
		if (r < 0 || audit_append(c, who, AUDIT_WRITE, "eldercare.call_subscriber.end",
					  "ec_call_subscriber", ids[i], ev->division_code,
					  DEATH_REASON, NULL, e))
			return -1;
	}
	return 0;
}

/* A home care bed's contract ends on the day of death: the provider's
 * visits stop being due and the bed's subsidy with them. */
static int on_died_end_home_bed(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	char day[11];
	int64_t ids[4];
	int n = 0, r;
	store_stmt *st;

	death_day(ev, day);
	st = store_prepare(c, "SELECT id FROM ec_home_beds WHERE person_id = ? AND status = 'active'", e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, ev->subject_id);
	while (n < 4 && (r = store_step(st, e)) == 1)
		ids[n++] = store_col_i64(st, 0);
	store_done(st);
	if (n < 4 && r < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (store_run(c, e, "UPDATE ec_home_beds SET status = 'ended', end_on = ?"
				    " WHERE id = ? AND person_id = ? AND status = 'active'",
			      day, ids[i], ev->subject_id) < 0 ||
		    audit_append(c, who, AUDIT_WRITE, "eldercare.home_bed.end", "ec_home_bed", ids[i],
				 ev->division_code, DEATH_REASON, NULL, e))
			return -1;
	return 0;
}

/* A waiting care-home application is withdrawn on death and the queues
 * close up behind it. An application with a bed on offer is left to the
 * offer's expiry, which passes the bed on. */
static int on_died_close_wait(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	int64_t ids[4];
	char divs[4][16];
	int n = 0, r;
	store_stmt *st = store_prepare(c, "SELECT id, division_code FROM ec_wait_applications"
					  " WHERE person_id = ? AND status = 'waiting'", e);

	if (!st)
		return -1;
	store_bind_i64(st, 1, ev->subject_id);
	while (n < 4 && (r = store_step(st, e)) == 1) {
		ids[n] = store_col_i64(st, 0);
		snprintf(divs[n], sizeof(divs[n]), "%s", store_col_text(st, 1));
		n++;
	}
	store_done(st);
	if (n < 4 && r < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (ec_wait_withdraw_tx(c, who, ids[i], ev->subject_id, divs[i], DEATH_REASON, e))
			return -1;
	return 0;
}

/* A paired volunteer's visit (老伙伴), served and rated in the volunteer
 * domain, counts as the elder's monthly visit: recorded here as a
 * volunteer's visit, once per event (the delivery is idempotent). */
static int on_volunteer_visit(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	char day[11], visitor[64], month[8];
	mz_day d;
	int64_t id;

	events_payload_str(ev, "visited_on", day, sizeof(day));
	events_payload_str(ev, "visitor", visitor, sizeof(visitor));
	if ((d = mz_day_parse(day)) == MZ_DAY_INVALID || !ev->division_code)
		return 0; /* nothing a visit can be recorded from */
	ec_month_of(d, month);
	id = store_insert_id(c, e, "INSERT INTO ec_visits (person_id, division_code, visited_on, month,"
			     " visitor_kind, visitor, findings, needs_followup, created_by, created_at)"
			     " VALUES (?, ?, ?, ?, 'volunteer', ?, '', 0, ?, ?) RETURNING id",
			     ev->subject_id, ev->division_code, day, month,
			     *visitor ? visitor : "结对志愿者", "events", mz_now_unix());
	if (id <= 0)
		return -1;
	if (audit_append(c, who, AUDIT_WRITE, "eldercare.visit.record", "ec_visit", id,
			 ev->division_code, "结对志愿者探访", NULL, e))
		return -1;
	return ec_visit_publish_tx(c, who, ev->subject_id, ev->division_code, day, "volunteer", e);
}

const event_subscriber eldercare_subscribers[] = {
	{ EVENT_PERSON_DIED, "eldercare.cancel_card", on_died_cancel_card },
	{ EVENT_PERSON_DIED, "eldercare.end_call_service", on_died_end_calls },
	{ EVENT_PERSON_DIED, "eldercare.end_home_bed", on_died_end_home_bed },
	{ EVENT_PERSON_DIED, "eldercare.close_wait", on_died_close_wait },
	{ "volunteer.visit_done", "eldercare.record_volunteer_visit", on_volunteer_visit },
	{ NULL, NULL, NULL },
};

static int job_checkin_sweep(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	store_conn *c = store_conn_get(ctx->s, e);
	mz_day yesterday = ec_day_of(ctx->now) - 1; /* Beijing time */
	json_t *r;

	if (!c || !(r = ec_call_checkin_sweep(c, ctx->who, yesterday, ctx->now, e)))
		return -1;
	snprintf(result, cap, "%s: %lld subscribers checked, %lld alerts raised",
		 json_string_value(json_object_get(r, "day")),
		 (long long)json_integer_value(json_object_get(r, "checked")),
		 (long long)json_integer_value(json_object_get(r, "raised")));
	json_decref(r);
	return 0;
}

/* On the first of a month: the elders the month before left unvisited,
 * told on the outbox (idempotent: a rerun tells nobody twice). */
static int job_visit_overdue(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	store_conn *c = store_conn_get(ctx->s, e);
	mz_day today = ec_day_of(ctx->now);
	int y, m, d;
	char month[8];
	int64_t n = 0;

	mz_day_to_ymd(today, &y, &m, &d);
	ec_month_of(mz_day_from_ymd(y, m, 1) - 1, month); /* the month before */
	if (!c || ec_visit_overdue_publish(c, ctx->who, month, &n, e))
		return -1;
	snprintf(result, cap, "%s: %lld elders not visited, told", month, (long long)n);
	return 0;
}

static int job_offer_expire(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	store_conn *c = store_conn_get(ctx->s, e);
	json_t *r;

	if (!c || !(r = ec_offer_expire(c, ctx->who, ctx->now, e)))
		return -1;
	snprintf(result, cap, "%lld offers expired, %lld beds offered on",
		 (long long)json_integer_value(json_object_get(r, "expired")),
		 (long long)json_integer_value(json_object_get(r, "reoffered")));
	json_decref(r);
	return 0;
}

const job_def eldercare_jobs[] = {
	{ "eldercare.checkin_sweep", "平安通漏打卡巡检", "平安通 missed check-ins",
	  "daily:00:20", job_checkin_sweep },
	{ "eldercare.offer_expire", "养老床位轮候逾期处理", "Expire care-home bed offers",
	  "every:600", job_offer_expire },
	{ "eldercare.visit_overdue", "探访逾期告知", "Elders left unvisited last month",
	  "monthly:01:00:40", job_visit_overdue },
	{ NULL, NULL, NULL, NULL, NULL },
};
