/* orders.c - a work order's life: opened from an alert or a resident's
 * request, routed to the community worker of the person's community (or a
 * volunteer or social-work station), accepted, on site, done with its
 * feedback, closed with the resident's rating, reopened when the need
 * returns; returned when it reached the wrong address or department and
 * routed again by the street; merged into the order it duplicates.
 * Every step is checked against the state, the caller's role and scope and
 * the version the caller saw, logged in sn_order_log and audited. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "access/user.h"
#include "domains/safetynet/orders_internal.h"
#include "domains/safetynet/rules.h"
#include "registry/registry.h"

#define OPEN_STATES "('assigned', 'accepted', 'on_site', 'returned', 'escalated')"

/* ---- who is the community worker of a community ----
 * The users with role community_worker whose scope covers the community;
 * the one with the narrowest scope (the community's own worker before a
 * street-wide one), then by login. Users change rarely: the list is read
 * once a minute, not once an order. */
static pthread_mutex_t workers_lock = PTHREAD_MUTEX_INITIALIZER;
static access_users workers;
static int64_t workers_at = -1;

static int assignee_for(store_conn *c, const char *division, const char *route_to, char out[64],
			mz_err *e)
{
	int64_t now = mz_now_unix();
	size_t best_len = 0;
	int rc = 0;

	out[0] = '\0';
	if (strcmp(route_to, "community_worker"))
		return 0; /* a volunteer or a station takes it from the community's board */
	pthread_mutex_lock(&workers_lock);
	if (workers_at < 0 || now - workers_at > 60 || now < workers_at) {
		access_ctx sys;

		access_users_release(&workers);
		access_users_init(&workers);
		access_ctx_system(&sys, "safetynet");
		rc = access_user_list(c, &sys, &workers, e);
		workers_at = rc ? -1 : now;
	}
	for (size_t i = 0; !rc && i < workers.n; i++) {
		const access_user *u = &workers.items[i];
		char prefix[16];
		size_t n;

		if (u->disabled || strcmp(u->role, "community_worker"))
			continue;
		access_scope_prefix(u->scope_code, prefix);
		n = strlen(prefix);
		if (strncmp(division, prefix, n) || n <= best_len)
			continue;
		best_len = n;
		snprintf(out, 64, "%s", u->login);
	}
	pthread_mutex_unlock(&workers_lock);
	return rc;
}

int sn_order_log_tx(store_conn *c, const access_ctx *who, const sn_order *o, const char *action,
		    const char *to_state, const char *note, mz_err *e)
{
	if (store_run(c, e, "INSERT INTO sn_order_log (order_id, person_id, at, login, action, from_state,"
			    " to_state, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		      o->id, o->person_id, mz_now_unix(), who->login, action, o->state, to_state,
		      note ? note : "") < 0)
		return -1;
	return audit_append(c, who, AUDIT_WRITE, "safetynet.order.update", "sn_order", o->id,
			    o->division, action, NULL, e);
}

int64_t sn_level_sla_seconds(const char *level, mz_err *e)
{
	const sn_ruleset *set = sn_rules_acquire(e);
	const sn_level *l;
	int64_t s = 7 * 86400; /* a level the rules no longer declare: a week */

	if (!set)
		return -1;
	if ((l = sn_rules_level(set, level)))
		s = (int64_t)l->sla_hours * 3600;
	sn_rules_release();
	return s;
}

int sn_order_open_tx(store_conn *c, const access_ctx *who, int64_t person_id,
		     const char *division, const char *kind, int64_t alert_id, const char *title,
		     const char *detail, const char *level, const char *route_to, int64_t *id_out,
		     int *merged, mz_err *e)
{
	char assignee[64];
	int64_t sla, now = mz_now_unix(), open = 0, id;
	sn_order o = { 0 };
	char today[11];

	mz_day_format(mz_today(), today);

	*merged = 0;
	if (person_id > 0) {
		/* Duplicates merged: the person's open order to the same kind of
		 * helper takes the new alert as well. */
		int rc = store_row(c, e, "SELECT id FROM sn_orders WHERE person_id = ? AND route_to = ?"
					 " AND state IN " OPEN_STATES " ORDER BY id",
				   STORE_INTO(&open), person_id, route_to);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			if (sn_order_load(c, NULL, open, &o, e))
				return -1;
			*merged = 1;
			*id_out = open;
			char note[96];
			snprintf(note, sizeof(note), "alert %lld joins this order", (long long)alert_id);
			return sn_order_log_tx(c, who, &o, "merge_alert", o.state, note, e);
		}
	}
	if ((sla = sn_level_sla_seconds(level, e)) < 0 ||
	    assignee_for(c, division, route_to, assignee, e))
		return -1;
	id = store_insert_id(c, e, "INSERT INTO sn_orders (person_id, division_code, kind, alert_id, title,"
				   " detail, level, route_to, assignee, state, sla_seconds, due_at,"
				   " created_at, created_on, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
				   " 'assigned', ?, ?, ?, ?, ?) RETURNING id",
			     person_id, division, kind, alert_id, title, detail ? detail : "", level,
			     route_to, assignee, sla, now + sla, now, today, now);
	if (id <= 0)
		return -1;
	*id_out = id;
	o.id = id;
	o.person_id = person_id;
	snprintf(o.division, sizeof(o.division), "%s", division);
	snprintf(o.state, sizeof(o.state), "new");
	return sn_order_log_tx(c, who, &o, "open", "assigned", assignee, e);
}

int sn_order_load(store_conn *c, const access_ctx *who, int64_t id, sn_order *o, mz_err *e)
{
	int rc;

	memset(o, 0, sizeof(*o));
	if (who)
		rc = store_row(c, e, "SELECT id, person_id, division_code, state, tier, level, route_to,"
				     " version, alert_id, sla_seconds, due_at FROM sn_orders WHERE id = ?"
				     " AND " ACCESS_SCOPE_SQL("division_code"),
			       STORE_INTO(&o->id, &o->person_id, STORE_TEXT(o->division),
					  STORE_TEXT(o->state), STORE_TEXT(o->tier), STORE_TEXT(o->level),
					  STORE_TEXT(o->route_to), &o->version, &o->alert_id,
					  &o->sla_seconds, &o->due_at),
			       id, access_scope_arg(who));
	else
		rc = store_row(c, e, "SELECT id, person_id, division_code, state, tier, level, route_to,"
				     " version, alert_id, sla_seconds, due_at FROM sn_orders WHERE id = ?",
			       STORE_INTO(&o->id, &o->person_id, STORE_TEXT(o->division),
					  STORE_TEXT(o->state), STORE_TEXT(o->tier), STORE_TEXT(o->level),
					  STORE_TEXT(o->route_to), &o->version, &o->alert_id,
					  &o->sla_seconds, &o->due_at),
			       id);
	if (rc < 0)
		return -1;
	if (!rc)
		return mz_fail(e, MZ_ENOTFOUND, "id", "no such work order", "工单不存在");
	return 0;
}

static int state_in(const char *state, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(*list, state))
			return 1;
	return 0;
}

static int is_street_or_above(const access_ctx *who)
{
	return who->role & (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_STREET_CASEWORKER);
}

/* The alert is closed when none of its orders is still open. */
static int close_alert_if_done(store_conn *c, int64_t alert_id, int64_t person_id, mz_err *e)
{
	int64_t open = 0;
	char today[11];

	if (!alert_id)
		return 0;
	if (store_row(c, e, "SELECT COUNT(*) FROM sn_orders WHERE alert_id = ? AND person_id = ?"
			    " AND state NOT IN ('closed', 'merged')",
		      STORE_INTO(&open), alert_id, person_id) < 0)
		return -1;
	if (open)
		return 0;
	mz_day_format(mz_today(), today);
	return store_run(c, e, "UPDATE sn_alerts SET status = 'closed', closed_at = ?, closed_on = ?"
			       " WHERE id = ? AND person_id = ? AND status = 'open'",
			 mz_now_unix(), today, alert_id, person_id) < 0 ? -1 : 0;
}

static int act_tx(store_conn *c, const access_ctx *who, sn_order *o, const sn_order_action *a,
		  mz_err *e)
{
	static const char *const from_accept[] = { "assigned", "escalated", NULL };
	static const char *const from_on_site[] = { "accepted", NULL };
	static const char *const from_done[] = { "accepted", "on_site", NULL };
	static const char *const from_return[] = { "assigned", "accepted", "escalated", NULL };
	static const char *const from_route[] = { "returned", NULL };
	static const char *const from_close[] = { "done", NULL };
	static const char *const from_reopen[] = { "done", "closed", NULL };
	static const char *const from_merge[] = { "assigned", "accepted", "on_site", "returned",
						   "escalated", NULL };
	const char *const *from;
	const char *to;
	int64_t now = mz_now_unix();
	const char *act = a->action;
	const char *note = a->note ? a->note : "";
	int64_t changed;
	char day[11];

	mz_day_format(mz_today(), day);

	if (!strcmp(act, "accept")) from = from_accept, to = "accepted";
	else if (!strcmp(act, "on_site")) from = from_on_site, to = "on_site";
	else if (!strcmp(act, "done")) from = from_done, to = "done";
	else if (!strcmp(act, "return")) from = from_return, to = "returned";
	else if (!strcmp(act, "route")) from = from_route, to = "assigned";
	else if (!strcmp(act, "close")) from = from_close, to = "closed";
	else if (!strcmp(act, "reopen")) from = from_reopen, to = "assigned";
	else if (!strcmp(act, "merge")) from = from_merge, to = "merged";
	else
		return mz_fail(e, MZ_EINVAL, "action", "unknown action", "未知操作");
	if ((!strcmp(act, "route") || !strcmp(act, "close") || !strcmp(act, "merge")) &&
	    !is_street_or_above(who))
		return mz_fail(e, MZ_EFORBIDDEN, "action",
			       "routing, closing and merging are for the street or above",
			       "重新派单、办结和合并须由镇街及以上办理");
	if (a->version != o->version)
		return mz_fail(e, MZ_ECONFLICT, "version", "the order changed since you read it",
			       "工单已被他人更新，请刷新后重试");
	if (!state_in(o->state, from))
		return mz_failf(e, MZ_ESTATE, "action", "cannot %s an order that is %s",
				"当前状态（%2$s）不能执行此操作（%1$s）", act, o->state);

	if (!strcmp(act, "done")) {
		sn_event_in ev = { 0 };
		sn_ingest_result r;
		char today[11];

		if (!a->feedback || !*a->feedback)
			return mz_fail(e, MZ_EINVAL, "feedback", "say what was done", "请填写处置情况");
		if (!a->action_kind || !*a->action_kind)
			return mz_fail(e, MZ_EINVAL, "action_kind",
				       "say what it led to (case_intake, temp_aid, visit, referral, other)",
				       "请选择处置方式");
		if (store_run(c, e, "UPDATE sn_orders SET feedback = ?, action_kind = ?, action_ref = ?,"
				    " done_at = ?, done_on = ? WHERE id = ? AND person_id = ?",
			      a->feedback, a->action_kind, a->action_ref ? a->action_ref : "", now, day,
			      o->id, o->person_id) < 0)
			return -1;
		/* A visit made is itself an event: "no visit this month" rules
		 * must know of it. */
		if (!strcmp(a->action_kind, "visit") && o->person_id > 0) {
			mz_day_format(mz_today(), today);
			ev.kind = SN_SRC_INTERNAL;
			ev.source = "safetynet.order";
			ev.person_id = o->person_id;
			ev.type = "visit";
			ev.occurred_on = today;
			ev.note = "";
			if (sn_event_ingest_tx(c, who, &ev, &r, e))
				return -1;
		}
	} else if (!strcmp(act, "return")) {
		if (!a->return_reason || !*a->return_reason)
			return mz_fail(e, MZ_EINVAL, "return_reason",
				       "say why: wrong_address or wrong_department", "请选择退回原因");
		/* A returned order goes to the street, which routes it again. */
		if (store_run(c, e, "UPDATE sn_orders SET return_reason = ?, tier = CASE WHEN tier ="
				    " 'community' THEN 'street' ELSE tier END WHERE id = ? AND person_id = ?",
			      a->return_reason, o->id, o->person_id) < 0)
			return -1;
	} else if (!strcmp(act, "route")) {
		const char *div = a->division_code && *a->division_code ? a->division_code : o->division;
		const char *route = a->route_to && *a->route_to ? a->route_to : o->route_to;
		char assignee[64], name[128];

		if (strlen(div) != 12 || !access_in_scope(who, div) ||
		    registry_division_lookup(c, div, name, sizeof(name), e) != 1)
			return mz_fail(e, MZ_EINVAL, "division_code",
				       "must be a current community within your scope",
				       "须为您范围内的现行社区（村）");
		if (assignee_for(c, div, route, assignee, e))
			return -1;
		if (store_run(c, e, "UPDATE sn_orders SET division_code = ?, route_to = ?, assignee = ?,"
				    " tier = 'community', due_at = ? WHERE id = ? AND person_id = ?",
			      div, route, assignee, now + o->sla_seconds, o->id, o->person_id) < 0)
			return -1;
		if (store_run(c, e, "UPDATE sn_alerts SET division_code = ? WHERE id = ? AND person_id = ?",
			      div, o->alert_id, o->person_id) < 0)
			return -1;
	} else if (!strcmp(act, "close")) {
		if (a->rating && (a->rating < 1 || a->rating > 5))
			return mz_fail(e, MZ_EINVAL, "rating", "must be 1 to 5", "评价须为 1 至 5");
		if (store_run(c, e, "UPDATE sn_orders SET rating = ?, closed_at = ?, closed_on = ?"
				    " WHERE id = ? AND person_id = ?", a->rating, now, day, o->id,
			      o->person_id) < 0)
			return -1;
	} else if (!strcmp(act, "reopen")) {
		if (strlen(note) < 2)
			return mz_fail(e, MZ_EINVAL, "note", "say why the need is back", "请说明重新打开的原因");
		/* The need returned: the same community (and worker) again,
		 * a fresh clock, the alert open again. */
		if (store_run(c, e, "UPDATE sn_orders SET reopen_count = reopen_count + 1, tier = 'community',"
				    " due_at = ?, closed_at = 0, closed_on = '', done_at = 0, done_on = '', rating = 0 WHERE id = ?"
				    " AND person_id = ?", now + o->sla_seconds, o->id, o->person_id) < 0 ||
		    store_run(c, e, "UPDATE sn_alerts SET status = 'open', closed_at = 0, closed_on = '' WHERE id = ?"
				    " AND person_id = ?", o->alert_id, o->person_id) < 0)
			return -1;
	} else if (!strcmp(act, "merge")) {
		sn_order into;

		if (a->into == o->id)
			return mz_fail(e, MZ_EINVAL, "into", "an order cannot duplicate itself",
				       "不能与自身合并");
		if (sn_order_load(c, who, a->into, &into, e) || into.person_id != o->person_id ||
		    !state_in(into.state, from_merge))
			return mz_fail(e, MZ_EINVAL, "into", "must be an open order of the same person",
				       "须为同一对象的未办结工单");
		if (store_run(c, e, "UPDATE sn_orders SET merged_into = ?, closed_at = ?, closed_on = ?"
				    " WHERE id = ? AND person_id = ?", into.id, now, day, o->id,
			      o->person_id) < 0)
			return -1;
	}
	changed = store_run(c, e, "UPDATE sn_orders SET state = ?, version = version + 1, updated_at = ?"
				  " WHERE id = ? AND person_id = ? AND version = ?",
			    to, now, o->id, o->person_id, o->version);
	if (changed < 0)
		return -1;
	if (changed != 1)
		return mz_fail(e, MZ_ECONFLICT, "version", "the order changed since you read it",
			       "工单已被他人更新，请刷新后重试");
	if (sn_order_log_tx(c, who, o, act, to, note, e))
		return -1;
	if ((!strcmp(act, "close") || !strcmp(act, "merge")) &&
	    close_alert_if_done(c, o->alert_id, o->person_id, e))
		return -1;
	return 0;
}

json_t *sn_order_act(store_conn *c, const access_ctx *who, int64_t id, const sn_order_action *a,
		     mz_err *e)
{
	sn_order o;

	if (store_begin(c, e))
		return NULL;
	if (sn_order_load(c, who, id, &o, e) || act_tx(c, who, &o, a, e)) {
		store_rollback(c);
		return NULL;
	}
	if (store_commit(c, e))
		return NULL;
	return sn_order_get(c, who, id, e);
}
