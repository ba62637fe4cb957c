/* hooks.c - the volunteer domain's subscriber and job (see hooks.h). */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/volunteer/hooks.h"
#include "domains/volunteer/volunteer.h"
#include "store/query.h"

#define DEATH_REASON "死亡登记"

/* Orders of `where` (a column and value) in the states listed go back to
 * dispatch (held by the dead volunteer) or are cancelled (for the dead
 * resident). */
static int requeue_held(store_conn *c, const access_ctx *who, int64_t volunteer_id, int64_t now,
			mz_err *e)
{
	int64_t ids[32];
	int n = 0, r;
	store_stmt *st = store_prepare(c, "SELECT id FROM vol_orders WHERE volunteer_id = ?"
				      " AND state = 'accepted' LIMIT 32", e);

	if (!st)
		return -1;
	store_params(st, volunteer_id);
	while ((r = store_step(st, e)) == 1)
		ids[n++] = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (store_run(c, e, "UPDATE vol_orders SET state = 'open', volunteer_id = 0, updated_at = ?"
			      " WHERE id = ? AND state = 'accepted'", now, ids[i]) < 0 ||
		    vol_dispatch_tx(c, who, ids[i], now, e))
			return -1;
	return 0;
}

static int on_died(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	int64_t vid = 0, now = mz_now_unix(), n;
	int64_t offers[32];
	int no = 0, r;
	store_stmt *st;

	/* The dead person as a volunteer. */
	r = store_row(c, e, "SELECT id FROM vol_volunteers WHERE person_id = ? AND status <> 'closed'",
		      STORE_INTO(&vid), ev->subject_id);
	if (r < 0)
		return -1;
	if (r) {
		if (store_run(c, e, "UPDATE vol_volunteers SET status = 'closed', closed_reason = ?,"
			      " login = NULL WHERE id = ?", DEATH_REASON, vid) < 0 ||
		    store_run(c, e, "UPDATE vol_pairings SET status = 'ended', ended_on = ?, end_reason = ?"
			      " WHERE volunteer_id = ? AND status = 'active'", store_arg_day(mz_today()),
			      DEATH_REASON, vid) < 0 ||
		    store_run(c, e, "UPDATE vol_accounts SET status = 'closed' WHERE kind = 'volunteer'"
			      " AND owner_id = ?", vid) < 0)
			return -1;
		st = store_prepare(c, "SELECT order_id FROM vol_offers WHERE volunteer_id = ?"
				      " AND answer = 'pending' LIMIT 32", e);
		if (!st)
			return -1;
		store_params(st, vid);
		while ((r = store_step(st, e)) == 1)
			offers[no++] = store_col_i64(st, 0);
		store_done(st);
		if (r < 0 ||
		    store_run(c, e, "UPDATE vol_offers SET answer = 'withdrawn', answered_at = ?"
			      " WHERE volunteer_id = ? AND answer = 'pending'", now, vid) < 0)
			return -1;
		for (int i = 0; i < no; i++)
			if (vol_dispatch_tx(c, who, offers[i], now, e))
				return -1;
		if (requeue_held(c, who, vid, now, e) ||
		    audit_append(c, who, AUDIT_WRITE, "volunteer.close", "vol_volunteer", vid,
				 ev->division_code, DEATH_REASON, NULL, e))
			return -1;
	}
	/* The dead person as a resident served. */
	n = store_run(c, e, "UPDATE vol_offers SET answer = 'withdrawn', answered_at = ? WHERE person_id = ?"
		      " AND answer = 'pending'", now, ev->subject_id);
	if (n < 0 ||
	    store_run(c, e, "UPDATE vol_volunteers SET open_orders = open_orders - 1 WHERE open_orders > 0"
		      " AND id IN (SELECT volunteer_id FROM vol_orders WHERE person_id = ? AND state"
		      " IN ('accepted', 'in_service'))", ev->subject_id) < 0)
		return -1;
	n = store_run(c, e, "UPDATE vol_orders SET state = 'cancelled', updated_at = ? WHERE person_id = ?"
		      " AND state IN ('open', 'offered', 'accepted', 'in_service', 'unassigned')", now,
		      ev->subject_id);
	if (n < 0 ||
	    store_run(c, e, "UPDATE vol_pairings SET status = 'ended', ended_on = ?, end_reason = ?"
		      " WHERE person_id = ? AND status = 'active'", store_arg_day(mz_today()), DEATH_REASON,
		      ev->subject_id) < 0 ||
	    store_run(c, e, "UPDATE vol_accounts SET status = 'closed' WHERE kind = 'family'"
		      " AND owner_id = ?", ev->subject_id) < 0)
		return -1;
	if (n && audit_append(c, who, AUDIT_WRITE, "volunteer.order.cancel", "person", ev->subject_id,
			      ev->division_code, DEATH_REASON, NULL, e))
		return -1;
	return 0;
}

const event_subscriber volunteer_subscribers[] = {
	{ EVENT_PERSON_DIED, "volunteer.close_dead", on_died },
	{ NULL, NULL, NULL },
};

static int job_offer_expire(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	store_conn *c = store_conn_get(ctx->s, e);
	int64_t n = 0;

	if (!c || vol_offers_expire(c, ctx->who, ctx->now, &n, e))
		return -1;
	snprintf(result, cap, "%lld offers expired and offered on", (long long)n);
	return 0;
}

const job_def volunteer_jobs[] = {
	{ "volunteer.offer_expire", "志愿派单超时改派", "Expire unanswered volunteer offers",
	  "every:60", job_offer_expire },
	{ NULL, NULL, NULL, NULL, NULL },
};
