/* calls_board.c - 平安通 lists, the live board of open calls, and the
 * missed daily check-in sweep with its alerts (see calls.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "domains/eldercare/calls.h"
#include "domains/eldercare/eldercare.h"
#include "events/events.h"
#include "store/order.h"

#define LIST_SQL                                                                           \
	"SELECT c.id, c.subscriber_id, c.person_id, c.division_code, c.kind, c.received_at,"  \
	" c.status, c.dispatch_to, c.dispatched_at, c.responded_at, c.closed_at,"              \
	" c.location, c.summary FROM ec_calls c"                                               \
	" JOIN ec_call_subscribers s ON s.id = c.subscriber_id AND s.person_id = c.person_id"  \
	" WHERE " ACCESS_SCOPE_SQL("c.division_code")                                          \
	" AND (? = 0 OR s.provider_id = ?)"

static json_t *list_row(store_stmt *st)
{
	const char *to = store_col_text(st, 7);
	int64_t rec = store_col_i64(st, 5);

	return json_pack("{s:I,s:I,s:I,s:s,s:s,s:I,s:s,s:o,s:o,s:o,s:o,s:s,s:s,s:s}", "id",
			 (json_int_t)store_col_i64(st, 0), "subscriber_id",
			 (json_int_t)store_col_i64(st, 1), "person_id",
			 (json_int_t)store_col_i64(st, 2), "division_code", store_col_text(st, 3),
			 "kind", store_col_text(st, 4), "received_at", (json_int_t)rec, "status",
			 store_col_text(st, 6), "dispatch_to", to ? json_string(to) : json_null(),
			 "dispatched_at",
			 store_col_is_null(st, 8) ? json_null() : json_integer(store_col_i64(st, 8)),
			 "response_s",
			 store_col_is_null(st, 9) ? json_null() : json_integer(store_col_i64(st, 9) - rec),
			 "closure_s",
			 store_col_is_null(st, 10) ? json_null() : json_integer(store_col_i64(st, 10) - rec),
			 "name", "", "location", store_col_text(st, 11), "summary",
			 store_col_text(st, 12));
}

static int valid_word(const char *v, const char *const *words, const char *field, mz_err *e)
{
	if (!v || !*v)
		return 0;
	for (; *words; words++)
		if (!strcmp(v, *words))
			return 0;
	return mz_failf(e, MZ_EINVAL, field, "'%s' has an unknown value", "'%s' 取值无效", field);
}

/* The list's ORDER BY: newest first, or the column sorted by (the id
 * breaks ties so pages never overlap). */
static const char *call_order(const char *sort)
{
	static const char *const orders[] = {
		"received_at", "c.received_at, c.id", "-received_at", "c.received_at DESC, c.id DESC",
		"id", "c.id", "-id", "c.id DESC", NULL
	};

	for (size_t i = 0; sort && orders[i]; i += 2)
		if (!strcmp(sort, orders[i]))
			return orders[i + 1];
	return "c.received_at DESC, c.id DESC";
}

json_t *ec_call_list(store_conn *c, const access_ctx *who, const char *division,
		     const char *status, const char *kind, const char *day, const char *sort,
		     int64_t page, int64_t page_size, mz_err *e)
{
	mz_buf sql;

	static const char *const statuses[] = { "open", "dispatched", "closed", NULL };
	static const char *const kinds[] = { "emergency", "consultation", "checkin", NULL };
	char lo[16], hi[16];
	int64_t own;
	mz_day d;
	store_stmt *st;
	json_t *items;
	int r;

	if (valid_word(status, statuses, "status", e) || valid_word(kind, kinds, "kind", e) ||
	    (day && *day && ec_parse_day(day, "day", &d, e)) ||
	    ec_scope_range(who, division, lo, hi, e) || ec_provider_of(c, who, &own, e))
		return NULL;
	mz_buf_init(&sql);
	mz_buf_printf(&sql, LIST_SQL " AND (? = '' OR c.status = ?) AND (? = '' OR c.kind = ?)"
				     " AND (? = '' OR c.day = ?) ORDER BY %s LIMIT ? OFFSET ?",
		      call_order(sort));
	st = store_prepare(c, sql.data, e);
	mz_buf_release(&sql);
	if (!st)
		return NULL;
	store_params(st, store_arg_range(lo, hi), own, own, status ? status : "", status ? status : "",
			 kind ? kind : "", kind ? kind : "", day ? day : "", day ? day : "");
	/* One more than asked tells the page whether there is a next one. */
	store_params_at(st, 11, page_size + 1, (page - 1) * page_size);
	items = json_array();
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, list_row(st));
	store_done(st);
	/* Names from the registry once the page is read (list_row leaves them). */
	if (r < 0 || ec_items_name_persons(c, items, 0, e) ||
	    audit_append(c, who, AUDIT_READ, "eldercare.call.list", "ec_call", 0, lo, "", NULL, e)) {
		json_decref(items);
		return NULL;
	}
	r = json_array_size(items) > (size_t)page_size;
	if (r)
		json_array_remove(items, json_array_size(items) - 1);
	return json_pack("{s:o,s:I,s:I,s:b}", "items", items, "page", (json_int_t)page,
			 "page_size", (json_int_t)page_size, "has_more", r);
}

json_t *ec_call_board(store_conn *c, const access_ctx *who, const char *division, int64_t now,
		      mz_err *e)
{
	char lo[16], hi[16];
	int64_t own, target = 0, overdue = 0;
	ec_params prm;
	store_stmt *st;
	json_t *calls, *alerts;
	int r;

	if (ec_scope_range(who, division, lo, hi, e) || ec_provider_of(c, who, &own, e) ||
	    ec_params_load(c, ec_day_of(now), &prm, e))
		return NULL;
	r = ec_param_int(&prm, "call.response_target_s", lo, &target, e);
	ec_params_release(&prm);
	if (r)
		return NULL;
	/* The board is bounded: a centre with more than 500 calls open at once
	 * has a problem no list solves; the count says so. */
	st = store_prepare(c, LIST_SQL " AND c.status IN ('open', 'dispatched')"
				       " ORDER BY c.received_at, c.id LIMIT 500", e);
	if (!st)
		return NULL;
	store_params(st, store_arg_range(lo, hi), own, own);
	calls = json_array();
	while ((r = store_step(st, e)) == 1) {
		json_t *o = list_row(st);
		int64_t waited = now - store_col_i64(st, 5);
		/* Overdue: no one has reached the elder within the target. */
		int late = store_col_is_null(st, 9) && waited > target &&
			   !strcmp(store_col_text(st, 4), "emergency");

		json_object_set_new(o, "waiting_s", json_integer(waited));
		json_object_set_new(o, "overdue", json_boolean(late));
		overdue += late;
		json_array_append_new(calls, o);
	}
	store_done(st);
	if (r < 0 || ec_items_name_persons(c, calls, 0, e))
		goto fail;
	alerts = json_array();
	st = store_prepare(c, "SELECT a.id, a.subscriber_id, a.person_id, a.division_code, a.day"
			      " FROM ec_alerts a"
			      " JOIN ec_call_subscribers s ON s.id = a.subscriber_id"
			      " AND s.person_id = a.person_id WHERE a.status = 'open'"
			      " AND " ACCESS_SCOPE_SQL("a.division_code") " AND (? = 0 OR s.provider_id = ?)"
			      " ORDER BY a.day, a.id LIMIT 500", e);
	if (!st) {
		json_decref(alerts);
		goto fail;
	}
	store_params_at(st, 1, store_arg_range(lo, hi));
	store_bind_i64(st, 3, own);
	store_bind_i64(st, 4, own);
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(alerts, json_pack("{s:I,s:I,s:I,s:s,s:s,s:s}", "id",
			(json_int_t)store_col_i64(st, 0), "subscriber_id", (json_int_t)store_col_i64(st, 1),
			"person_id", (json_int_t)store_col_i64(st, 2), "division_code", store_col_text(st, 3),
			"day", store_col_text(st, 4), "name", ""));
	store_done(st);
	if (r < 0 || ec_items_name_persons(c, alerts, 0, e) ||
	    audit_append(c, who, AUDIT_READ, "eldercare.call.board", "ec_call", 0, lo, "", NULL, e)) {
		json_decref(alerts);
		goto fail;
	}
	return json_pack("{s:I,s:I,s:I,s:I,s:o,s:o}", "now", (json_int_t)now, "response_target_s",
			 (json_int_t)target, "open", (json_int_t)json_array_size(calls), "overdue",
			 (json_int_t)overdue, "calls", calls, "alerts", alerts);
fail:
	json_decref(calls);
	return NULL;
}

typedef struct missed_row {
	int64_t person_id, subscriber_id;
	char division[16];
} missed_row;

static int publish_missed(store_conn *c, const access_ctx *who, const missed_row *m,
			  const char *day, mz_err *e)
{
	char payload[128];

	snprintf(payload, sizeof(payload), "{\"day\":\"%s\",\"subscriber_id\":%lld}", day,
		 (long long)m->subscriber_id);
	return events_publish(c, who, EC_EVENT_CHECKIN_MISSED, m->person_id, m->division, payload,
			      NULL, e);
}

json_t *ec_call_checkin_sweep(store_conn *c, const access_ctx *who, mz_day day, int64_t as_of,
			      mz_err *e)
{
	char dtext[11];
	int64_t checked = 0, raised = 0, cap = 0;
	missed_row *missed = NULL;
	store_stmt *st;
	json_t *d;
	int r;

	/* The day must be over (Beijing time) before silence means anything. */
	if (day == MZ_DAY_INVALID || day >= ec_day_of(as_of))
		return mz_fail(e, MZ_EINVAL, "day", "the day must have ended by as_of",
			       "只能核查已经结束的日期"), NULL;
	mz_day_format(day, dtext);
	if (store_begin(c, e))
		return NULL;
	st = store_prepare(c, "SELECT count(*) FROM ec_call_subscribers WHERE daily_checkin = 1"
			      " AND started_on <= ? AND (status = 'active' OR ended_on > ?)"
			      " AND " ACCESS_SCOPE_SQL("division_code"), e);
	if (!st)
		goto fail;
	store_params(st, dtext, dtext, access_scope_arg(who));
	r = store_step(st, e);
	if (r == 1)
		checked = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		goto fail;
	/* Any call that day shows the elder was there to make it. The unique
	 * key (kind, subscriber_id, day, person_id) makes a repeated sweep a
	 * no-op. The rows raised are counted from RETURNING, not the changes:
	 * Citus reports the rows an INSERT ... SELECT ... ON CONFLICT DO NOTHING
	 * tried, not those it inserted (found on Citus 13.2). */
	st = store_prepare(c, "INSERT INTO ec_alerts (kind, subscriber_id, person_id, division_code,"
			      " day, raised_at) SELECT 'missed_checkin', s.id, s.person_id, s.division_code,"
			      " ?, ? FROM ec_call_subscribers s WHERE s.daily_checkin = 1 AND s.started_on <= ?"
			      " AND (s.status = 'active' OR s.ended_on > ?)"
			      " AND " ACCESS_SCOPE_SQL("s.division_code") " AND NOT EXISTS (SELECT 1"
			      " FROM ec_calls c WHERE c.subscriber_id = s.id AND c.person_id = s.person_id"
			      " AND c.day = ?) ON CONFLICT (kind, subscriber_id, day, person_id) DO NOTHING"
			      " RETURNING person_id, subscriber_id, division_code", e);
	if (!st)
		goto fail;
	store_params(st, dtext, as_of, dtext, dtext, access_scope_arg(who), dtext);
	raised = 0;
	while ((r = store_step(st, e)) == 1) {
		if (raised == cap) {
			cap = cap ? cap * 2 : 64;
			missed = mz_xrealloc(missed, cap * sizeof(*missed));
		}
		missed[raised].person_id = store_col_i64(st, 0);
		missed[raised].subscriber_id = store_col_i64(st, 1);
		mz_strlcpy(missed[raised].division, store_col_text(st, 2), sizeof(missed[0].division));
		raised++;
	}
	store_done(st);
	if (r < 0)
		goto fail;
	/* Each new silence is told on the outbox too (the safety net's rules
	 * read it with what else it knows of the elder); a repeated sweep
	 * raises nothing, so tells nothing. */
	for (int64_t i = 0; i < raised; i++)
		if (publish_missed(c, who, &missed[i], dtext, e))
			goto fail;
	d = json_pack("{s:s,s:I,s:I}", "day", dtext, "checked", (json_int_t)checked, "raised",
		      (json_int_t)raised);
	r = audit_append(c, who, AUDIT_WRITE, "eldercare.call.checkin_sweep", "ec_alert", 0,
			 who->scope_lo, "", d, e);
	if (r || store_commit(c, e)) {
		json_decref(d);
		goto fail;
	}
	free(missed);
	return d;
fail:
	free(missed);
	store_rollback(c);
	return NULL;
}

/* The alerts' list sorts by these (the route declares the same keys). */
static const store_order alert_orders[] = {
	{ "day", "a.day" }, { "id", "a.id" }, { "status", "a.status" },
	{ "raised_at", "a.raised_at" }, { "division_code", "a.division_code" }, { NULL, NULL }
};

json_t *ec_call_alert_list(store_conn *c, const access_ctx *who, const char *status,
			   const char *sort, int64_t page, int64_t page_size, mz_err *e)
{
	static const char *const statuses[] = { "open", "closed", NULL };
	int64_t own;
	store_stmt *st = NULL;
	json_t *items;
	mz_buf sql;
	int r;

	if (valid_word(status, statuses, "status", e) || ec_provider_of(c, who, &own, e))
		return NULL;
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "SELECT a.id, a.subscriber_id, a.person_id, a.division_code, a.day,"
		    " a.status, a.raised_at, a.closed_by, a.note FROM ec_alerts a"
		    " JOIN ec_call_subscribers s"
		    " ON s.id = a.subscriber_id AND s.person_id = a.person_id"
		    " WHERE " ACCESS_SCOPE_SQL("a.division_code")
		    " AND (? = 0 OR s.provider_id = ?) AND (? = '' OR a.status = ?)");
	if (!store_order_by(&sql, alert_orders, sort, "a.day DESC, a.id DESC", "a.id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		st = store_prepare(c, sql.data, e);
	}
	mz_buf_release(&sql);
	if (!st)
		return NULL;
	access_scope_bind(st, 1, who);
	store_bind_i64(st, 3, own);
	store_bind_i64(st, 4, own);
	store_bind_text(st, 5, status ? status : "");
	store_bind_text(st, 6, status ? status : "");
	store_bind_i64(st, 7, page_size);
	store_bind_i64(st, 8, (page - 1) * page_size);
	items = json_array();
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, json_pack("{s:I,s:I,s:I,s:s,s:s,s:s,s:I,s:s,s:s,s:s}",
			"id", (json_int_t)store_col_i64(st, 0), "subscriber_id",
			(json_int_t)store_col_i64(st, 1), "person_id", (json_int_t)store_col_i64(st, 2),
			"division_code", store_col_text(st, 3), "day", store_col_text(st, 4), "status",
			store_col_text(st, 5), "raised_at", (json_int_t)store_col_i64(st, 6), "closed_by",
			store_col_text(st, 7), "note", store_col_text(st, 8), "name", ""));
	store_done(st);
	if (r < 0 || ec_items_name_persons(c, items, 0, e) ||
	    audit_append(c, who, AUDIT_READ, "eldercare.call_alert.list", "ec_alert", 0,
			 who->scope_lo, "", NULL, e)) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o,s:I,s:I}", "items", items, "page", (json_int_t)page, "page_size",
			 (json_int_t)page_size);
}

json_t *ec_call_alert_close(store_conn *c, const access_ctx *who, int64_t id, const char *note,
			    mz_err *e)
{
	char div[16] = "";
	int64_t own;
	store_stmt *st;
	int r;

	if (ec_check_reason(note, e)) {
		if (e)
			mz_strlcpy(e->field, "note", sizeof(e->field));
		return NULL;
	}
	if (ec_provider_of(c, who, &own, e) || store_begin(c, e))
		return NULL;
	st = store_prepare(c, "UPDATE ec_alerts SET status = 'closed', closed_at = ?, closed_by = ?,"
			      " note = ? WHERE id = ? AND status = 'open' AND " ACCESS_SCOPE_SQL("division_code")
			      " AND (? = 0 OR (subscriber_id, person_id) IN (SELECT id,"
			      " person_id FROM ec_call_subscribers WHERE provider_id = ?))"
			      " RETURNING division_code", e);
	if (!st)
		goto fail;
	store_params(st, mz_now_unix(), who->login, note, id, access_scope_arg(who), own,
			 own);
	r = store_step(st, e);
	if (r == 1)
		mz_strlcpy(div, store_col_text(st, 0), sizeof(div));
	store_done(st);
	if (r == 0)
		mz_failf(e, MZ_ENOTFOUND, "id", "no open alert %lld", "未找到待处理的预警 %lld",
			 (long long)id);
	if (r != 1 || audit_append(c, who, AUDIT_WRITE, "eldercare.call_alert.close", "ec_alert", id,
				   div, note, NULL, e) || store_commit(c, e))
		goto fail;
	return json_pack("{s:I,s:s}", "id", (json_int_t)id, "status", "closed");
fail:
	store_rollback(c);
	return NULL;
}
