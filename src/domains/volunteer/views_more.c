/* views_more.c - the reads of the ledger, activities, pairings and the
 * catalogue (views.h). */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/volunteer/rows.h"
#include "domains/volunteer/views.h"
#include "store/order.h"
#include "store/query.h"

static int64_t offset_of(const vol_list_query *q)
{
	return (q->page > 0 ? q->page - 1 : 0) * q->page_size;
}

static const char *const movement_cols[] = { "i:id", "s:kind", "i:from_account_id", "s:from_name",
					      "i:to_account_id", "s:to_name", "i:minutes", "i:reverses_id",
					      "s:ref_kind", "i:ref_id", "s:division_code", "s:reason",
					      "s:created_by", "i:created_at", "b:reversed", NULL };
#define MOVEMENT_SELECT                                                                     \
	"SELECT m.id, m.kind, m.from_account_id, '', m.to_account_id, '', m.minutes,"          \
	" COALESCE(m.reverses_id, 0), m.ref_kind, m.ref_id, m.division_code, m.reason,"          \
	" m.created_by, m.created_at, 0 FROM vol_movements m"

/* The accounts' names and whether a movement was reversed, read after the
 * movements by id: movements and accounts are distributed by their own
 * ids, and Citus refuses the joins and the correlated EXISTS (docs/scaling.md). */
static int movement_fill(store_conn *c, json_t *items, mz_err *e)
{
	size_t i;
	json_t *it;

	json_array_foreach(items, i, it) {
		char from[256] = "", to[256] = "";
		int64_t reversal = 0;

		if (store_row(c, e, "SELECT name FROM vol_accounts WHERE id = ?",
			      STORE_INTO(STORE_TEXT(from)),
			      json_integer_value(json_object_get(it, "from_account_id"))) < 0 ||
		    store_row(c, e, "SELECT name FROM vol_accounts WHERE id = ?",
			      STORE_INTO(STORE_TEXT(to)),
			      json_integer_value(json_object_get(it, "to_account_id"))) < 0 ||
		    store_row(c, e, "SELECT id FROM vol_movements WHERE reverses_id = ? LIMIT 1",
			      STORE_INTO(&reversal), json_integer_value(json_object_get(it, "id"))) < 0)
			return -1;
		json_object_set_new(it, "from_name", json_string(from));
		json_object_set_new(it, "to_name", json_string(to));
		json_object_set_new(it, "reversed", json_boolean(reversal != 0));
	}
	return 0;
}

json_t *vol_account_view(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	vol_account a;
	json_t *moves, *o;

	if (vol_account_get(c, who, id, &a, e))
		return NULL;
	moves = VOL_ROWS(c, e, MOVEMENT_SELECT " WHERE m.from_account_id = ? OR m.to_account_id = ?"
			 " ORDER BY m.id DESC LIMIT 200", movement_cols, id, id);
	if (!moves)
		return NULL;
	if (movement_fill(c, moves, e)) {
		json_decref(moves);
		return NULL;
	}
	o = json_pack("{s:I,s:s,s:I,s:s,s:s,s:I,s:s,s:o}", "id", (json_int_t)a.id, "kind", a.kind,
		      "owner_id", (json_int_t)a.owner_id, "division_code", a.division_code, "name",
		      a.name, "balance_minutes", (json_int_t)a.balance, "status", a.status, "movements",
		      moves);
	json_object_set_new(o, "floor_minutes", a.has_floor ? json_integer(a.floor) : json_null());
	if (audit_append(c, who, AUDIT_READ, "volunteer.account.read", "vol_account", id,
			 a.division_code, "", NULL, e)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *vol_movement_list(store_conn *c, const access_ctx *who, const vol_list_query *q, mz_err *e)
{
	const char *kind = q->state ? q->state : "";
	int64_t total = 0;
	json_t *items;

	if (store_row(c, e, "SELECT COUNT(*) FROM vol_movements m WHERE " ACCESS_SCOPE_SQL("m.division_code")
		      " AND (? = '' OR m.kind = ?)", STORE_INTO(&total), access_scope_arg(who), kind,
		      kind) < 0)
		return NULL;
	items = VOL_ROWS(c, e, MOVEMENT_SELECT " WHERE " ACCESS_SCOPE_SQL("m.division_code")
			 " AND (? = '' OR m.kind = ?) ORDER BY m.id DESC LIMIT ? OFFSET ?", movement_cols,
			 access_scope_arg(who), kind, kind, q->page_size, offset_of(q));
	if (!items || movement_fill(c, items, e) ||
	    audit_append(c, who, AUDIT_READ, "volunteer.movement.list", "vol_movement", 0,
				   who->scope_code, "", NULL, e)) {
		json_decref(items);
		return NULL;
	}
	return vol_page(items, total, q->page, q->page_size);
}

json_t *vol_ledger_view(store_conn *c, mz_err *e)
{
	vol_ledger_report r;

	if (vol_ledger_check(c, &r, e))
		return NULL;
	return json_pack("{s:b,s:I,s:I,s:I,s:I,s:I,s:I}", "ok", r.ok, "accounts",
			 (json_int_t)r.accounts, "movements", (json_int_t)r.movements, "bad_balances",
			 (json_int_t)r.bad_balances, "bad_movements", (json_int_t)r.bad_movements,
			 "below_floor", (json_int_t)r.below_floor, "total_minutes", (json_int_t)r.total);
}

static const char *const activity_cols[] = { "i:id", "s:title", "s:division_code", "s:place",
					      "i:starts_at", "i:ends_at", "s:status", "i:needed",
					      "i:signed", NULL };
#define ACTIVITY_SELECT                                                                      \
	"SELECT a.id, a.title, a.division_code, a.place, a.starts_at, a.ends_at, a.status,"       \
	" (SELECT COALESCE(SUM(needed), 0) FROM vol_activity_roles r WHERE r.activity_id = a.id)," \
	" (SELECT COUNT(*) FROM vol_signups s WHERE s.activity_id = a.id AND s.state <> 'cancelled')" \
	" FROM vol_activities a"

/* The activities' list sorts by these (the route declares the same keys). */
static const store_order activity_orders[] = {
	{ "starts_at", "a.starts_at" }, { "id", "a.id" }, { "title", "a.title" },
	{ "status", "a.status" }, { "division_code", "a.division_code" }, { NULL, NULL }
};

/* Activities are announced to the whole city's volunteers; staff list
 * those in their scope. */
json_t *vol_activity_list(store_conn *c, const access_ctx *who, const vol_list_query *q, mz_err *e)
{
	int64_t vid, total = 0;
	store_arg range;
	json_t *items = NULL;
	mz_buf sql;

	if (vol_acting_volunteer(c, who, &vid, e))
		return NULL;
	if (vid < 0)
		return vol_page(json_array(), 0, q->page, q->page_size);
	range = vid ? store_arg_range("", "~") : access_scope_arg(who);
	if (store_row(c, e, "SELECT COUNT(*) FROM vol_activities a WHERE " ACCESS_SCOPE_SQL("a.division_code"),
		      STORE_INTO(&total), range) < 0)
		return NULL;
	mz_buf_init(&sql);
	mz_buf_puts(&sql, ACTIVITY_SELECT " WHERE " ACCESS_SCOPE_SQL("a.division_code"));
	if (!store_order_by(&sql, activity_orders, q->sort, "a.starts_at DESC", "a.id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		items = VOL_ROWS(c, e, sql.data, activity_cols, range, q->page_size, offset_of(q));
	}
	mz_buf_release(&sql);
	return vol_page(items, total, q->page, q->page_size);
}

json_t *vol_activity_view(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	static const char *const role_cols[] = { "s:role", "i:needed", "s:skill", "i:signed", NULL };
	static const char *const signup_cols[] = { "i:volunteer_id", "s:name", "s:role", "s:state",
						   "i:checkin_at", "i:checkout_at", "i:minutes", NULL };
	int64_t vid;
	json_t *rows, *a, *roles, *signups;
	char code[16] = "";

	if (vol_acting_volunteer(c, who, &vid, e))
		return NULL;
	rows = VOL_ROWS(c, e, ACTIVITY_SELECT " WHERE a.id = ? AND ? >= 0 AND (? > 0 OR "
			ACCESS_SCOPE_SQL("a.division_code") ")", activity_cols, id, vid, vid,
			access_scope_arg(who));
	if (!rows)
		return NULL;
	if (!json_array_size(rows)) {
		json_decref(rows);
		return mz_fail(e, MZ_ENOTFOUND, "", "no such activity", "活动不存在"), NULL;
	}
	a = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	roles = VOL_ROWS(c, e, "SELECT r.role, r.needed, r.skill, (SELECT COUNT(*) FROM vol_signups s"
			 " WHERE s.activity_id = r.activity_id AND s.role = r.role AND s.state <> 'cancelled')"
			 " FROM vol_activity_roles r WHERE r.activity_id = ? ORDER BY r.role", role_cols, id);
	/* A volunteer sees its own sign-up; the organiser every one and the
	 * code to show at the place. */
	/* The sign-ups on the activity's shard, then their volunteers by id
	 * (a join would move volunteers between workers on Citus). */
	signups = VOL_ROWS(c, e, "SELECT s.volunteer_id, '', s.role, s.state, s.checkin_at,"
			   " s.checkout_at, s.minutes FROM vol_signups s"
			   " WHERE s.activity_id = ? AND (? = 0 OR s.volunteer_id = ?)"
			   " ORDER BY s.created_at", signup_cols, id, vid, vid);
	if (signups && vol_name_volunteers(c, signups, "volunteer_id", "name", e)) {
		json_decref(signups);
		signups = NULL;
	}
	if (!roles || !signups ||
	    (!vid && store_row(c, e, "SELECT checkin_code FROM vol_activities WHERE id = ?",
			       STORE_INTO(STORE_TEXT(code)), id) < 0)) {
		json_decref(roles);
		json_decref(signups);
		json_decref(a);
		return NULL;
	}
	json_object_set_new(a, "roles", roles);
	json_object_set_new(a, "signups", signups);
	if (!vid)
		json_object_set_new(a, "checkin_code", json_string(code));
	return a;
}

json_t *vol_pairing_list(store_conn *c, const access_ctx *who, const vol_list_query *q, mz_err *e)
{
	static const char *const cols[] = { "i:id", "i:person_id", "i:volunteer_id", "s:volunteer",
					    "s:division_code", "i:visits_per_month", "s:started_on",
					    "s:ended_on", "s:status", "i:visits_this_month", NULL };
	/* The keys the route declares (routes.c pairing_sorts). */
	static const store_order orders[] = {
		{ "id", "p.id" }, { "started_on", "p.started_on" }, { "status", "p.status" },
		{ "visits_per_month", "p.visits_per_month" }, { NULL, NULL }
	};
	const char *status = q->status ? q->status : "";
	char month[12], first[11];
	int64_t total = 0;
	json_t *items = NULL;
	mz_buf sql;

	mz_day_format(mz_today(), first);
	snprintf(month, sizeof(month), "%.7s%%", first);
	if (store_row(c, e, "SELECT COUNT(*) FROM vol_pairings p WHERE " ACCESS_SCOPE_SQL("p.division_code")
		      " AND (? = '' OR p.status = ?)", STORE_INTO(&total), access_scope_arg(who), status,
		      status) < 0)
		return NULL;
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "SELECT p.id, p.person_id, p.volunteer_id, '', p.division_code,"
			  " p.visits_per_month, p.started_on, p.ended_on, p.status,"
			  " (SELECT COUNT(*) FROM vol_orders o WHERE o.pairing_id = p.id AND o.person_id = p.person_id"
			  "  AND o.state = 'rated' AND o.wanted_on LIKE ?)"
			  " FROM vol_pairings p WHERE "
			  ACCESS_SCOPE_SQL("p.division_code") " AND (? = '' OR p.status = ?)");
	if (!store_order_by(&sql, orders, q->sort, "p.id DESC", "p.id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		items = VOL_ROWS(c, e, sql.data, cols, month, access_scope_arg(who), status, status,
				 q->page_size, offset_of(q));
	}
	mz_buf_release(&sql);
	/* The volunteers' names by id after the page: pairings live on the
	 * resident's shard, volunteers on their own (Citus refuses the join). */
	if (items && vol_name_volunteers(c, items, "volunteer_id", "volunteer", e)) {
		json_decref(items);
		return NULL;
	}
	return vol_page(items, total, q->page, q->page_size);
}

json_t *vol_org_list(store_conn *c, const access_ctx *who, mz_err *e)
{
	static const char *const cols[] = { "i:id", "s:name", "s:division_code", "s:services",
					    "s:status", NULL };
	json_t *items = VOL_ROWS(c, e, "SELECT id, name, division_code, services, status FROM vol_orgs"
				 " WHERE " ACCESS_SCOPE_SQL("division_code") " ORDER BY id", cols,
				 access_scope_arg(who));

	return items ? json_pack("{s:o}", "items", items) : NULL;
}

json_t *vol_service_list(store_conn *c, mz_err *e)
{
	static const char *const cols[] = { "s:code", "s:name_zh", "s:name_en", "s:skill",
					    "i:max_minutes", NULL };
	json_t *items = VOL_ROWS(c, e, "SELECT code, name_zh, name_en, skill, max_minutes FROM"
				 " vol_services WHERE code <> ? ORDER BY code", cols, "");

	return items ? json_pack("{s:o}", "items", items) : NULL;
}
