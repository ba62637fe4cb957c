/* calls_log.c - 平安通 calls from receipt to closure, the live board, and
 * the missed-check-in sweep (see calls.h).
 *
 * State changes are guarded in the UPDATE itself (WHERE status = ...), so
 * two operators acting on one call cannot both dispatch or close it: the
 * loser gets MZ_ESTATE instead of overwriting the winner. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/eldercare/calls.h"
#include "domains/eldercare/eldercare.h"

#define CALL_SQL                                                                          \
	"SELECT c.id, c.subscriber_id, c.person_id, c.division_code, c.kind, c.received_at," \
	" c.day, c.location, c.summary, c.status, c.dispatch_to, c.dispatch_note,"          \
	" c.dispatched_at, c.responded_at, c.closed_at, c.outcome, c.lat_e6,"                \
	" c.lon_e6, s.device_code FROM ec_calls c"                                            \
	" JOIN ec_call_subscribers s ON s.id = c.subscriber_id AND s.person_id = c.person_id"

/* Scope and provider filter on c/s: binds access_scope_arg(who), own, own. */
#define CALL_SCOPE " " ACCESS_SCOPE_SQL("c.division_code") " AND (? = 0 OR s.provider_id = ?)"

static json_t *opt_i64(store_stmt *st, int col)
{
	return store_col_is_null(st, col) ? json_null() : json_integer(store_col_i64(st, col));
}

static json_t *call_row(store_stmt *st)
{
	const char *to = store_col_text(st, 10);
	json_t *o = json_pack("{s:I,s:I,s:I,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:s,s:s,s:s}",
			      "id", (json_int_t)store_col_i64(st, 0), "subscriber_id",
			      (json_int_t)store_col_i64(st, 1), "person_id",
			      (json_int_t)store_col_i64(st, 2), "division_code", store_col_text(st, 3),
			      "kind", store_col_text(st, 4), "received_at",
			      (json_int_t)store_col_i64(st, 5), "day", store_col_text(st, 6),
			      "location", store_col_text(st, 7), "summary", store_col_text(st, 8),
			      "status", store_col_text(st, 9), "dispatch_to",
			      to ? json_string(to) : json_null(), "dispatch_note",
			      store_col_text(st, 11), "dispatched_at", opt_i64(st, 12),
			      "responded_at", opt_i64(st, 13), "closed_at", opt_i64(st, 14), "outcome",
			      store_col_text(st, 15), "name", "", "device_code",
			      store_col_text(st, 18));
	int64_t rec = store_col_i64(st, 5);

	if (!store_col_is_null(st, 16)) {
		json_object_set_new(o, "lat", json_real(store_col_i64(st, 16) / 1e6));
		json_object_set_new(o, "lon", json_real(store_col_i64(st, 17) / 1e6));
	}
	/* The two durations the service is judged by. */
	json_object_set_new(o, "response_s", store_col_is_null(st, 13) ? json_null()
				: json_integer(store_col_i64(st, 13) - rec));
	json_object_set_new(o, "closure_s", store_col_is_null(st, 14) ? json_null()
				: json_integer(store_col_i64(st, 14) - rec));
	return o;
}

/* The call if the caller may act on it; NULL and MZ_ENOTFOUND otherwise. */
static json_t *call_fetch(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	int64_t own;
	store_stmt *st;
	json_t *o = NULL;
	int r;

	if (ec_provider_of(c, who, &own, e))
		return NULL;
	st = store_prepare(c, CALL_SQL " WHERE c.id = ? AND" CALL_SCOPE, e);
	if (!st)
		return NULL;
	store_params(st, id, access_scope_arg(who), own, own);
	r = store_step(st, e);
	if (r == 1)
		o = call_row(st);
	store_done(st);
	if (r == 0)
		mz_failf(e, MZ_ENOTFOUND, "id", "no call %lld", "呼叫记录 %lld 不存在", (long long)id);
	if (o) {
		/* The caller's name is the registry's (call_row leaves it). */
		json_t *one = json_pack("[O]", o);

		r = ec_items_name_persons(c, one, 0, e);
		json_decref(one);
		if (r) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

json_t *ec_call_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	json_t *o = call_fetch(c, who, id, e);

	if (o && audit_append(c, who, AUDIT_READ, "eldercare.call.read", "ec_call", id,
			      json_string_value(json_object_get(o, "division_code")), "", NULL, e)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static void set_field(mz_err *e, const char *field)
{
	if (e)
		mz_strlcpy(e->field, field, sizeof(e->field));
}

static const char *const call_kinds[] = { "emergency", "consultation", "checkin" };

json_t *ec_call_log(store_conn *c, const access_ctx *who, json_t *in, mz_err *e)
{
	int64_t sid = json_integer_value(json_object_get(in, "subscriber_id"));
	const char *kind = json_string_value(json_object_get(in, "kind"));
	const char *loc = json_string_value(json_object_get(in, "location"));
	const char *summary = json_string_value(json_object_get(in, "summary"));
	json_t *at_j = json_object_get(in, "received_at"), *lat = json_object_get(in, "lat"),
	       *lon = json_object_get(in, "lon"), *sub, *d;
	int64_t now = mz_now_unix(), at = now, id = 0;
	char day[11];
	const char *div;
	store_stmt *st;
	int ok = 0, r, checkin;

	for (size_t i = 0; kind && i < 3; i++)
		ok |= !strcmp(kind, call_kinds[i]);
	if (!ok)
		return mz_fail(e, MZ_EINVAL, "kind", "kind must be emergency, consultation or checkin",
			       "呼叫类型须为紧急求助、咨询或每日报平安"), NULL;
	if (at_j && !json_is_null(at_j)) {
		at = json_integer_value(at_j);
		/* A call is logged as it comes in; a little clock skew between
		 * the call centre and the server is allowed, the future is not. */
		if (!json_is_integer(at_j) || at <= 0 || at > now + 300)
			return mz_fail(e, MZ_EINVAL, "received_at", "received_at must be a past Unix time",
				       "接警时间无效"), NULL;
	}
	if ((loc && strlen(loc) > 300) || (summary && strlen(summary) > 1000))
		return mz_fail(e, MZ_EINVAL, "summary", "location or summary too long",
			       "位置或内容过长"), NULL;
	if ((lat || lon) && (!json_is_number(lat) || !json_is_number(lon) ||
			     fabs(json_number_value(lat)) > 90 || fabs(json_number_value(lon)) > 180))
		return mz_fail(e, MZ_EINVAL, "lat", "lat and lon must be degrees, both given",
			       "经纬度须同时填写且有效"), NULL;
	sub = ec_call_subscriber_get(c, who, sid, e);
	if (!sub) {
		if (e && e->code == MZ_ENOTFOUND)
			set_field(e, "subscriber_id");
		return NULL;
	}
	if (strcmp(json_string_value(json_object_get(sub, "status")), "active")) {
		json_decref(sub);
		return mz_fail(e, MZ_ESTATE, "subscriber_id", "the subscription has ended",
			       "该平安通服务已终止"), NULL;
	}
	div = json_string_value(json_object_get(sub, "division_code"));
	mz_day_format(ec_day_of(at), day);
	checkin = !strcmp(kind, "checkin");
	if (store_begin(c, e))
		goto out;
	st = store_prepare(c, "INSERT INTO ec_calls (subscriber_id, person_id, division_code, kind,"
			      " received_at, day, lat_e6, lon_e6, location, summary, status, closed_at,"
			      " closed_by, outcome, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
			      " ?, ?, ?) RETURNING id", e);
	if (!st)
		goto fail;
	store_params(st, sid, json_integer_value(json_object_get(sub, "person_id")), div, kind, at,
			 day);
	if (lat) {
		store_params_at(st, 7, (int64_t)llround(json_number_value(lat) * 1e6),
				       (int64_t)llround(json_number_value(lon) * 1e6));
	} else {
		store_params_at(st, 7, store_arg_null(), store_arg_null());
	}
	store_params_at(st, 9, loc ? loc : "", summary ? summary : "");
	/* A daily check-in ("I am well") needs no handling: closed on receipt. */
	store_bind_text(st, 11, checkin ? "closed" : "open");
	if (checkin)
		store_bind_i64(st, 12, at);
	else
		store_bind_null(st, 12);
	store_params_at(st, 13, checkin ? who->login : "", checkin ? "checked_in" : "", who->login);
	r = store_step(st, e);
	if (r == 1)
		id = store_col_i64(st, 0);
	store_done(st);
	if (r != 1)
		goto fail;
	d = json_pack("{s:s,s:I}", "kind", kind, "subscriber_id", (json_int_t)sid);
	r = audit_append(c, who, AUDIT_WRITE, "eldercare.call.log", "ec_call", id, div, "", d, e);
	json_decref(d);
	if (r || store_commit(c, e))
		goto fail;
	json_decref(sub);
	return call_fetch(c, who, id, e);
fail:
	store_rollback(c);
out:
	json_decref(sub);
	return NULL;
}

/* Runs one guarded UPDATE on a call the caller may act on; audited. */
/* The statement binds ?1 = now, then the texts of `texts` (NULL-ended),
 * then the call id; it matches no row when the call is not in the state
 * the change needs. */
static json_t *call_change(store_conn *c, const access_ctx *who, int64_t id, const char *sql,
			   const char *const *texts, const char *action, const char *reason,
			   const char *refused_zh, mz_err *e)
{
	json_t *o = call_fetch(c, who, id, e);
	store_stmt *st;
	int r, n = 2;

	if (!o)
		return NULL;
	if (store_begin(c, e))
		goto out;
	st = store_prepare(c, sql, e);
	if (!st)
		goto fail;
	store_bind_i64(st, 1, mz_now_unix());
	for (; texts[n - 2]; n++)
		store_bind_text(st, n, texts[n - 2]);
	store_bind_i64(st, n, id);
	r = store_step(st, e);
	if (r == 0 && store_changes(st) == 0) {
		store_done(st);
		mz_failf(e, MZ_ESTATE, "status", "the call is %s: the change does not apply%.0s",
			 "%.0s该呼叫%s", json_string_value(json_object_get(o, "status")), refused_zh);
		goto fail;
	}
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_WRITE, action, "ec_call", id,
				  json_string_value(json_object_get(o, "division_code")), reason, NULL,
				  e) ||
	    store_commit(c, e))
		goto fail;
	json_decref(o);
	return call_fetch(c, who, id, e);
fail:
	store_rollback(c);
out:
	json_decref(o);
	return NULL;
}

json_t *ec_call_dispatch(store_conn *c, const access_ctx *who, int64_t id, const char *to,
			 const char *note, mz_err *e)
{
	const char *texts[] = { who->login, to, note, NULL };

	if (!to || (strcmp(to, "contact") && strcmp(to, "community_worker") &&
		    strcmp(to, "emergency_service")))
		return mz_fail(e, MZ_EINVAL, "to",
			       "to must be contact, community_worker or emergency_service",
			       "派单对象须为紧急联系人、社区工作人员或急救服务"), NULL;
	if (!note || strlen(note) > 500)
		return mz_fail(e, MZ_EINVAL, "note", "note too long", "派单说明过长"), NULL;
	return call_change(c, who, id,
			   "UPDATE ec_calls SET status = 'dispatched', dispatched_at = ?,"
			   " dispatched_by = ?, dispatch_to = ?, dispatch_note = ?"
			   " WHERE id = ? AND status = 'open'",
			   texts, "eldercare.call.dispatch", note, "不处于待派单状态，无法派单", e);
}

json_t *ec_call_respond(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	const char *texts[] = { NULL };

	return call_change(c, who, id,
			   "UPDATE ec_calls SET responded_at = ? WHERE id = ?"
			   " AND status = 'dispatched' AND responded_at IS NULL",
			   texts, "eldercare.call.respond", "", "未派单或已记录到达", e);
}

json_t *ec_call_close(store_conn *c, const access_ctx *who, int64_t id, const char *outcome,
		      mz_err *e)
{
	const char *texts[] = { who->login, outcome, NULL };

	if (ec_check_reason(outcome, e)) {
		set_field(e, "outcome");
		return NULL;
	}
	/* An emergency or a check-in must have been dispatched first; a
	 * consultation can be closed by the operator who answered it. */
	return call_change(c, who, id,
			   "UPDATE ec_calls SET closed_at = ?, closed_by = ?, outcome = ?,"
			   " status = 'closed' WHERE id = ? AND (status = 'dispatched'"
			   " OR (status = 'open' AND kind = 'consultation'))",
			   texts, "eldercare.call.close", outcome, "已结案，或紧急呼叫尚未派单", e);
}
