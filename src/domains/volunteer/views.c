/* views.c - the pages' reads (views.h). Lists are scoped in SQL by the
 * caller's division range; names come from the registry in one call per
 * page (registry_person_list_by_ids), never by joining its tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/volunteer/rows.h"
#include "domains/volunteer/views.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/order.h"
#include "store/query.h"

/* The range a list covers: the caller's scope, narrowed to division when
 * given (which must lie inside it). */
static int list_range(const access_ctx *who, const char *division, char lo[16], char hi[16],
		      mz_err *e)
{
	if (division && *division) {
		if (!access_in_scope(who, division))
			return mz_fail(e, MZ_EINVAL, "division", "the division is outside your scope",
				       "该区划不在您的管辖范围内");
		access_scope_range(division, lo, hi);
		return 0;
	}
	snprintf(lo, 16, "%s", who->scope_lo);
	snprintf(hi, 16, "%s", who->scope_hi);
	return 0;
}

static int64_t offset_of(const vol_list_query *q)
{
	return (q->page > 0 ? q->page - 1 : 0) * q->page_size;
}

/* Sets "name" and "id_number_masked" on each item from its person_id. */
static int name_items(store_conn *c, json_t *items, const char *key, mz_err *e)
{
	size_t n = json_array_size(items), i;
	int64_t *ids;
	registry_person *ps;
	char masked[19];
	json_t *it;

	if (!n)
		return 0;
	ids = calloc(n, sizeof(*ids));
	ps = calloc(n, sizeof(*ps));
	if (!ids || !ps) {
		free(ids);
		free(ps);
		return mz_fail(e, MZ_EINTERNAL, "", "out of memory", "内存不足");
	}
	json_array_foreach(items, i, it)
		ids[i] = json_integer_value(json_object_get(it, "person_id"));
	if (registry_person_list_by_ids(c, ids, n, ps, e)) {
		free(ids);
		free(ps);
		return -1;
	}
	json_array_foreach(items, i, it) {
		if (!ps[i].id)
			continue;
		idcard_mask(ps[i].id_number, masked);
		json_object_set_new(it, key, json_string(ps[i].name));
		json_object_set_new(it, "id_number_masked", json_string(masked));
	}
	free(ids);
	free(ps);
	return 0;
}

static const char *const volunteer_cols[] = { "i:id", "i:person_id", "s:name", "s:division_code",
					       "s:skills", "s:areas", "i:weekdays", "s:hours", "i:org_id",
					       "s:team", "s:status", "i:open_orders", "i:rating_sum",
					       "i:rating_n", "s:registered_on", "b:guardian_consent",
					       "s:login", "i:balance_minutes", "i:account_id", NULL };
#define VOLUNTEER_SELECT                                                                 \
	"SELECT v.id, v.person_id, v.name, v.division_code, v.skills, v.areas, v.weekdays, v.hours," \
	" COALESCE(v.org_id, 0), v.team, v.status, v.open_orders, v.rating_sum, v.rating_n,"     \
	" v.registered_on, v.guardian_consent, COALESCE(v.login, ''), 0, 0"                     \
	" FROM vol_volunteers v"

/* Each volunteer's time-bank account, read after the volunteers: accounts
 * are distributed by their own id, volunteers by person, and Citus refuses
 * the join of the two (docs/scaling.md, step 5). */
static int account_items(store_conn *c, json_t *items, mz_err *e)
{
	size_t i;
	json_t *it;

	json_array_foreach(items, i, it) {
		int64_t id = 0, balance = 0;

		if (store_row(c, e, "SELECT id, balance FROM vol_accounts WHERE kind = 'volunteer'"
			      " AND owner_id = ? ORDER BY id LIMIT 1", STORE_INTO(&id, &balance),
			      json_integer_value(json_object_get(it, "id"))) < 0)
			return -1;
		json_object_set_new(it, "balance_minutes", json_integer(balance));
		json_object_set_new(it, "account_id", json_integer(id));
	}
	return 0;
}

/* The volunteers' list sorts by these (the route declares the same keys). */
static const store_order volunteer_orders[] = {
	{ "id", "v.id" }, { "name", "v.name" }, { "registered_on", "v.registered_on" },
	{ "status", "v.status" }, { "open_orders", "v.open_orders" }, { NULL, NULL }
};

json_t *vol_volunteer_list(store_conn *c, const access_ctx *who, const vol_list_query *q, mz_err *e)
{
	char lo[16], hi[16], like[48], name[72];
	const char *status = q->status ? q->status : "", *skill = q->skill ? q->skill : "";
	const char *text = q->q ? q->q : "";
	int64_t total = 0;
	json_t *items;
	mz_buf sql;

	if (list_range(who, q->division, lo, hi, e))
		return NULL;
	snprintf(like, sizeof(like), "%%,%s,%%", skill);
	snprintf(name, sizeof(name), "%s%%", text);
	if (store_row(c, e, "SELECT COUNT(*) FROM vol_volunteers v WHERE " ACCESS_SCOPE_SQL("v.division_code")
		      " AND (? = '' OR v.status = ?) AND (? = '' OR v.skills LIKE ?) AND (? = '' OR v.name LIKE ?)",
		      STORE_INTO(&total), store_arg_range(lo, hi), status, status, skill, like, text,
		      name) < 0)
		return NULL;
	mz_buf_init(&sql);
	mz_buf_puts(&sql, VOLUNTEER_SELECT " WHERE " ACCESS_SCOPE_SQL("v.division_code")
		    " AND (? = '' OR v.status = ?) AND (? = '' OR v.skills LIKE ?) AND (? = '' OR v.name LIKE ?)");
	items = NULL;
	if (!store_order_by(&sql, volunteer_orders, q->sort, "v.id DESC", "v.id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		items = VOL_ROWS(c, e, sql.data, volunteer_cols, store_arg_range(lo, hi), status,
				 status, skill, like, text, name, q->page_size, offset_of(q));
	}
	mz_buf_release(&sql);
	if (!items || name_items(c, items, "name", e) || account_items(c, items, e) ||
	    audit_append(c, who, AUDIT_READ, "volunteer.list", "vol_volunteer", 0, lo, "", NULL, e)) {
		json_decref(items);
		return NULL;
	}
	return vol_page(items, total, q->page, q->page_size);
}

json_t *vol_volunteer_view(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	int64_t vid;
	json_t *rows, *v;

	if (vol_acting_volunteer(c, who, &vid, e))
		return NULL;
	if (vid && vid != id)
		return mz_fail(e, MZ_ENOTFOUND, "", "no such volunteer", "志愿者不存在"), NULL;
	rows = VOL_ROWS(c, e, VOLUNTEER_SELECT " WHERE v.id = ? AND " ACCESS_SCOPE_SQL("v.division_code"),
			volunteer_cols, id, vid ? store_arg_range("", "~") : access_scope_arg(who));
	if (!rows)
		return NULL;
	if (!json_array_size(rows)) {
		json_decref(rows);
		return mz_fail(e, MZ_ENOTFOUND, "", "no such volunteer", "志愿者不存在"), NULL;
	}
	if (name_items(c, rows, "name", e) || account_items(c, rows, e)) {
		json_decref(rows);
		return NULL;
	}
	v = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	{
		static const char *const cert_cols[] = { "i:id", "s:title", "s:issuer", "s:issued_on",
							 "s:valid_to", NULL };
		static const char *const pair_cols[] = { "i:id", "i:person_id", "s:division_code",
							 "i:visits_per_month", "s:started_on", "s:status", NULL };
		json_t *certs = VOL_ROWS(c, e, "SELECT id, title, issuer, issued_on, valid_to FROM"
					 " vol_certificates WHERE volunteer_id = ? ORDER BY issued_on DESC",
					 cert_cols, id);
		json_t *pairs = VOL_ROWS(c, e, "SELECT id, person_id, division_code, visits_per_month,"
					 " started_on, status FROM vol_pairings WHERE volunteer_id = ?"
					 " ORDER BY id DESC", pair_cols, id);

		if (!certs || !pairs || name_items(c, pairs, "name", e)) {
			json_decref(certs);
			json_decref(pairs);
			json_decref(v);
			return NULL;
		}
		json_object_set_new(v, "certificates", certs);
		json_object_set_new(v, "pairings", pairs);
	}
	if (audit_append(c, who, AUDIT_READ, "volunteer.read", "vol_volunteer", id,
			 json_string_value(json_object_get(v, "division_code")), "", NULL, e)) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/* ---- orders ---- */

static const char *const order_cols[] = { "i:id", "i:person_id", "s:division_code", "s:service_code",
					   "s:service_zh", "s:service_en", "s:source", "i:pairing_id",
					   "s:wanted_on", "s:state", "i:volunteer_id", "i:org_id", "i:rounds",
					   "b:accepted_in_sla", "i:minutes", "i:credited_minutes", "i:rating",
					   "i:created_at", "i:accepted_at", "i:checkin_at", "i:checkout_at",
					   NULL };
#define ORDER_SELECT                                                                     \
	"SELECT o.id, o.person_id, o.division_code, o.service_code, s.name_zh, s.name_en, o.source," \
	" o.pairing_id, o.wanted_on, o.state, o.volunteer_id, o.org_id, o.rounds, o.accepted_in_sla," \
	" o.minutes, o.credited_minutes, o.rating, o.created_at, o.accepted_at, o.checkin_at,"      \
	" o.checkout_at FROM vol_orders o JOIN vol_services s ON s.code = o.service_code"

/* What a volunteer sees of an order before and after accepting it: never
 * the resident's id; the resident's contact only in vol_order_view. */
static void volunteer_fields(json_t *o)
{
	json_object_del(o, "person_id");
	json_object_del(o, "pairing_id");
}

static int add_offer_deadline(store_conn *c, json_t *items, int64_t vid, mz_err *e)
{
	size_t i;
	json_t *it;

	json_array_foreach(items, i, it) {
		int64_t deadline = 0;

		if (store_row(c, e, "SELECT deadline FROM vol_offers WHERE order_id = ? AND volunteer_id = ?"
			      " AND answer = 'pending'", STORE_INTO(&deadline),
			      json_integer_value(json_object_get(it, "id")), vid) < 0)
			return -1;
		json_object_set_new(it, "offer_deadline", json_integer(deadline));
		volunteer_fields(it);
	}
	return 0;
}

/* The staff's order list sorts by these (the route declares the same keys);
 * a volunteer's own list keeps its newest-first order. */
static const store_order order_orders[] = {
	{ "id", "o.id" }, { "wanted_on", "o.wanted_on" }, { "state", "o.state" },
	{ "created_at", "o.created_at" }, { "service_code", "o.service_code" }, { NULL, NULL }
};

json_t *vol_order_list(store_conn *c, const access_ctx *who, const vol_list_query *q, mz_err *e)
{
	const char *state = q->state ? q->state : "";
	char lo[16], hi[16];
	int64_t vid, total = 0;
	json_t *items;
	mz_buf sql;

	if (vol_acting_volunteer(c, who, &vid, e))
		return NULL;
	if (vid) {
		items = VOL_ROWS(c, e, ORDER_SELECT " WHERE (o.volunteer_id = ? OR EXISTS (SELECT 1 FROM"
				 " vol_offers f WHERE f.order_id = o.id AND f.person_id = o.person_id AND"
				 " f.volunteer_id = ? AND f.answer = 'pending')) AND (? = '' OR o.state = ?)"
				 " ORDER BY o.id DESC LIMIT ? OFFSET ?", order_cols, vid, vid, state, state,
				 q->page_size, offset_of(q));
		if (!items || add_offer_deadline(c, items, vid, e)) {
			json_decref(items);
			return NULL;
		}
		return vol_page(items, (int64_t)json_array_size(items), q->page, q->page_size);
	}
	if (list_range(who, q->division, lo, hi, e) ||
	    store_row(c, e, "SELECT COUNT(*) FROM vol_orders o WHERE " ACCESS_SCOPE_SQL("o.division_code")
		      " AND (? = '' OR o.state = ?)", STORE_INTO(&total), store_arg_range(lo, hi), state,
		      state) < 0)
		return NULL;
	mz_buf_init(&sql);
	mz_buf_puts(&sql, ORDER_SELECT " WHERE " ACCESS_SCOPE_SQL("o.division_code")
		    " AND (? = '' OR o.state = ?)");
	items = NULL;
	if (!store_order_by(&sql, order_orders, q->sort, "o.id DESC", "o.id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		items = VOL_ROWS(c, e, sql.data, order_cols, store_arg_range(lo, hi), state, state,
				 q->page_size, offset_of(q));
	}
	mz_buf_release(&sql);
	if (!items || name_items(c, items, "resident", e) ||
	    audit_append(c, who, AUDIT_READ, "volunteer.order.list", "vol_order", 0, lo, "", NULL, e)) {
		json_decref(items);
		return NULL;
	}
	return vol_page(items, total, q->page, q->page_size);
}

json_t *vol_order_view(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	static const char *const offer_cols[] = { "i:id", "i:volunteer_id", "s:volunteer", "i:tier",
						  "i:offered_at", "i:deadline", "s:answer", "i:answered_at",
						  "s:decline_reason", NULL };
	int64_t vid;
	json_t *rows, *o;
	const char *state;

	if (vol_acting_volunteer(c, who, &vid, e))
		return NULL;
	rows = VOL_ROWS(c, e, ORDER_SELECT ", vol_orders x WHERE x.id = o.id AND x.person_id = o.person_id"
			" AND o.id = ? AND " ACCESS_SCOPE_SQL("o.division_code")
			" AND (? = 0 OR o.volunteer_id = ? OR EXISTS (SELECT 1 FROM vol_offers f WHERE"
			" f.order_id = o.id AND f.person_id = o.person_id AND f.volunteer_id = ? AND"
			" f.answer = 'pending'))", order_cols, id,
			vid ? store_arg_range("", "~") : access_scope_arg(who), vid, vid, vid);
	if (!rows)
		return NULL;
	if (!json_array_size(rows)) {
		json_decref(rows);
		return mz_fail(e, MZ_ENOTFOUND, "", "no such order", "工单不存在"), NULL;
	}
	o = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	state = json_string_value(json_object_get(o, "state"));
	if (vid) {
		int64_t pid = json_integer_value(json_object_get(o, "person_id"));
		char note[512] = "";

		json_t *one = json_pack("[O]", o);
		int bad = add_offer_deadline(c, one, vid, e);

		json_decref(one);
		if (bad) {
			json_decref(o);
			return NULL;
		}
		/* The resident's name, address, phone and the note only once the
		 * volunteer holds the order, and only while serving it. */
		if (json_integer_value(json_object_get(o, "volunteer_id")) == vid &&
		    (!strcmp(state, "accepted") || !strcmp(state, "in_service"))) {
			registry_person p;

			if (registry_person_find_any(c, pid, &p, e) ||
			    store_row(c, e, "SELECT note FROM vol_orders WHERE id = ? AND person_id = ?",
				      STORE_INTO(STORE_TEXT(note)), id, pid) < 0 ||
			    audit_append(c, who, AUDIT_READ, "volunteer.order.resident", "vol_order", id,
					 p.division_code, "accepted order", NULL, e)) {
				json_decref(o);
				return NULL;
			}
			json_object_set_new(o, "resident", json_pack("{s:s,s:s,s:s}", "name", p.name,
								      "address", p.address, "phone", p.phone));
			json_object_set_new(o, "note", json_string(note));
		}
		volunteer_fields(o);
		return o;
	}
	{
		char note[512] = "", code[16] = "";
		json_t *offers = NULL, *one = json_pack("[O]", o);

		if (name_items(c, one, "resident", e) ||
		    store_row(c, e, "SELECT note, checkin_code, rating_note FROM vol_orders WHERE id = ?"
			      " AND person_id = ?", STORE_INTO(STORE_TEXT(note), STORE_TEXT(code)), id,
			      json_integer_value(json_object_get(o, "person_id"))) < 0 ||
		    /* The offers on the resident's shard (offers go with the order's
		     * person), then their volunteers by id. */
		    !(offers = VOL_ROWS(c, e, "SELECT f.id, f.volunteer_id, '', f.tier, f.offered_at,"
					" f.deadline, f.answer, f.answered_at, f.decline_reason FROM vol_offers f"
					" WHERE f.order_id = ? AND f.person_id = ? ORDER BY f.id", offer_cols, id,
					json_integer_value(json_object_get(o, "person_id")))) ||
		    vol_name_volunteers(c, offers, "volunteer_id", "volunteer", e)) {
			json_decref(offers);
			json_decref(one);
			json_decref(o);
			return NULL;
		}
		json_decref(one);
		json_object_set_new(o, "note", json_string(note));
		json_object_set_new(o, "checkin_code", json_string(code));
		json_object_set_new(o, "offers", offers);
	}
	if (audit_append(c, who, AUDIT_READ, "volunteer.order.read", "vol_order", id,
			 json_string_value(json_object_get(o, "division_code")), "", NULL, e)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *vol_me(store_conn *c, const access_ctx *who, mz_err *e)
{
	vol_list_query q = { .page = 1, .page_size = 50 };
	int64_t vid;
	json_t *me, *orders;

	if (vol_acting_volunteer(c, who, &vid, e))
		return NULL;
	/* An unlinked login is told so (the page says whom to ask). */
	if (vid <= 0)
		return json_pack("{s:b}", "linked", 0);
	if (!(me = vol_volunteer_view(c, who, vid, e)))
		return NULL;
	if (!(orders = vol_order_list(c, who, &q, e))) {
		json_decref(me);
		return NULL;
	}
	json_object_set_new(me, "linked", json_true());
	json_object_set_new(me, "orders", json_incref(json_object_get(orders, "items")));
	json_decref(orders);
	return me;
}
