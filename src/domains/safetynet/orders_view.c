/* orders_view.c - the lists and pages of orders, alerts and events (scoped
 * by the row's division, audited as reads of personal data), and the clock
 * that escalates overdue orders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "domains/safetynet/orders_internal.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/order.h"

/* Adds person_name and the masked ID number to every item with a
 * person_id (0: a resident's request about nobody in the registry). */
static int add_persons(store_conn *c, json_t *items, mz_err *e)
{
	size_t n = json_array_size(items);
	int64_t *ids = calloc(n ? n : 1, sizeof(int64_t));
	registry_person *ps = calloc(n ? n : 1, sizeof(registry_person));
	int rc = 0;

	if (!ids || !ps) {
		free(ids);
		free(ps);
		return mz_fail(e, MZ_EINTERNAL, NULL, "out of memory", "内存不足");
	}
	for (size_t i = 0; i < n; i++)
		ids[i] = json_integer_value(json_object_get(json_array_get(items, i), "person_id"));
	if (n)
		rc = registry_person_list_by_ids(c, ids, n, ps, e);
	for (size_t i = 0; !rc && i < n; i++) {
		json_t *it = json_array_get(items, i);
		char masked[19] = "";

		if (ps[i].id)
			idcard_mask(ps[i].id_number, masked);
		json_object_set_new(it, "person_name", json_string(ps[i].id ? ps[i].name : ""));
		json_object_set_new(it, "id_number_masked", json_string(masked));
	}
	free(ids);
	free(ps);
	return rc;
}

/* Runs sql (its last two placeholders the scope, first the filters in
 * args) and returns its rows as objects named by cols. */
static json_t *rows_json(store_conn *c, const char *sql, const char *const *cols, const int *is_int,
			 const store_arg *args, int nargs, mz_err *e)
{
	store_stmt *st = store_prepare(c, sql, e);
	json_t *items = json_array();
	int r;

	if (!st) {
		json_decref(items);
		return NULL;
	}
	store_bind_args(st, 1, args, nargs);
	while ((r = store_step(st, e)) == 1) {
		json_t *o = json_object();
		for (int k = 0; cols[k]; k++)
			json_object_set_new(o, cols[k],
					    is_int[k] ? json_integer(store_col_i64(st, k))
						      : json_string(store_col_text(st, k) ? store_col_text(st, k) : ""));
		json_array_append_new(items, o);
	}
	store_done(st);
	if (r < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

#define ORDER_COLS "id, person_id, division_code, kind, alert_id, title, detail, level, route_to, tier," \
	" assignee, state, sla_seconds, due_at, overdue, return_reason, action_kind, action_ref,"           \
	" feedback, rating, merged_into, reopen_count, contact_name, contact_phone, address,"                \
	" created_at, done_at, closed_at, updated_at, version, origin, origin_id"
static const char *const order_cols[] = { "id", "person_id", "division_code", "kind", "alert_id",
	"title", "detail", "level", "route_to", "tier", "assignee", "state", "sla_seconds", "due_at",
	"overdue", "return_reason", "action_kind", "action_ref", "feedback", "rating", "merged_into",
	"reopen_count", "contact_name", "contact_phone", "address", "created_at", "done_at",
	"closed_at", "updated_at", "version", "origin", "origin_id", NULL };
static const int order_int[] = { 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1,
				 1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1 };

/* A filter value, or "" (matches all through "? = ''"). */
static const char *opt(const char *s)
{
	return s ? s : "";
}

static int page_bounds(int64_t *page, int64_t *size)
{
	if (*page < 1)
		*page = 1;
	if (*size < 1 || *size > SN_PAGE_MAX)
		*size = 20;
	return 0;
}

/* Red first when ascending: a level orders by its urgency, not its name. */
#define LEVEL_RANK "CASE level WHEN 'red' THEN 1 WHEN 'orange' THEN 2 ELSE 3 END"

json_t *sn_order_list(store_conn *c, const access_ctx *who, const char *state, const char *tier,
		      int overdue, const char *division, const char *sort, int64_t page, int64_t size,
		      mz_err *e)
{
	static const store_order orders[] = {
		{ "id", "id" }, { "due_at", "due_at" }, { "level", LEVEL_RANK }, { "state", "state" },
		{ "created_at", "created_at" }, { NULL, NULL }
	};
	mz_buf sql;
	char lo[16], hi[16];
	int64_t total = 0, now = mz_now_unix();
	json_t *items;
	const char *d = division && *division ? division : who->scope_code;

	page_bounds(&page, &size);
	access_scope_range(d, lo, hi);
	/* overdue: 1 = late now or escalated before; state "open" = any open state. */
#define ORDER_WHERE " WHERE (? = '' OR state = ? OR (? = 'open' AND state IN ('assigned', 'accepted'," \
	" 'on_site', 'returned', 'escalated'))) AND (? = '' OR tier = ?) AND (? = 0 OR overdue = 1"           \
	" OR (due_at < ? AND state IN ('assigned', 'accepted', 'on_site', 'returned', 'escalated')))"       \
	" AND " ACCESS_SCOPE_SQL("division_code") " AND " ACCESS_SCOPE_SQL("division_code")
	if (store_row(c, e, "SELECT COUNT(*) FROM sn_orders" ORDER_WHERE, STORE_INTO(&total),
		      opt(state), opt(state), opt(state), opt(tier), opt(tier), overdue, now,
		      access_scope_arg(who), store_arg_range(lo, hi)) < 0)
		return NULL;
	{
		store_arg args[] = { store_arg_text(opt(state)), store_arg_text(opt(state)),
				     store_arg_text(opt(state)), store_arg_text(opt(tier)),
				     store_arg_text(opt(tier)), store_arg_i64(overdue), store_arg_i64(now),
				     access_scope_arg(who), store_arg_range(lo, hi),
				     store_arg_i64(size), store_arg_i64((page - 1) * size) };
		mz_buf_init(&sql);
		mz_buf_puts(&sql, "SELECT " ORDER_COLS " FROM sn_orders" ORDER_WHERE);
		items = NULL;
		if (!store_order_by(&sql, orders, sort, "due_at, id", "id", e)) {
			mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
			items = rows_json(c, sql.data, order_cols, order_int, args, 11, e);
		}
		mz_buf_release(&sql);
	}
	if (!items || add_persons(c, items, e) ||
	    audit_append(c, who, AUDIT_READ, "safetynet.order.list", "sn_order", 0, d, "", NULL, e)) {
		json_decref(items);
		return NULL;
	}
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		const char *st = json_string_value(json_object_get(it, "state"));
		int open = strcmp(st, "done") && strcmp(st, "closed") && strcmp(st, "merged");
		json_object_set_new(it, "late", json_boolean(open && json_integer_value(json_object_get(it, "due_at")) < now));
	}
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page, "page_size", (json_int_t)size);
}

json_t *sn_order_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	static const char *const log_cols[] = { "at", "login", "action", "from_state", "to_state",
						"note", NULL };
	static const int log_int[] = { 1, 0, 0, 0, 0, 0 };
	sn_order o;
	json_t *items, *log, *order;

	if (sn_order_load(c, who, id, &o, e))
		return NULL;
	{
		store_arg args[] = { store_arg_i64(id), store_arg_i64(o.person_id) };
		items = rows_json(c, "SELECT " ORDER_COLS " FROM sn_orders WHERE id = ? AND person_id = ?",
				  order_cols, order_int, args, 2, e);
		if (!items)
			return NULL;
		log = rows_json(c, "SELECT at, login, action, from_state, to_state, note FROM sn_order_log"
				   " WHERE order_id = ? AND person_id = ? ORDER BY at, id",
				log_cols, log_int, args, 2, e);
	}
	if (!log || add_persons(c, items, e) ||
	    audit_append(c, who, AUDIT_READ, "safetynet.order.read", "sn_order", id, o.division, "",
			 NULL, e)) {
		json_decref(items);
		json_decref(log);
		return NULL;
	}
	order = json_incref(json_array_get(items, 0));
	json_decref(items);
	json_object_set_new(order, "log", log);
	json_object_set_new(order, "late", json_boolean(o.due_at < mz_now_unix() &&
							 strcmp(o.state, "done") && strcmp(o.state, "closed") &&
							 strcmp(o.state, "merged")));
	return order;
}

int sn_orders_escalate(store_conn *c, const access_ctx *who, int64_t now, int *escalated,
		       mz_err *e)
{
	int64_t ids[500];
	int n = 0, r;
	store_stmt *st;

	*escalated = 0;
	st = store_prepare(c, "SELECT id FROM sn_orders WHERE due_at <= ? AND state IN ('assigned',"
			      " 'accepted', 'on_site', 'returned', 'escalated') AND (tier <> 'district'"
			      " OR overdue = 0) ORDER BY due_at LIMIT 500", e);
	if (!st)
		return -1;
	store_params(st, now);
	while (n < 500 && (r = store_step(st, e)) == 1)
		ids[n++] = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		sn_order o;
		const char *up, *to;

		if (store_begin(c, e))
			return -1;
		if (sn_order_load(c, NULL, ids[i], &o, e))
			goto fail;
		/* The clock ran out: the next tier up takes it, with a new clock;
		 * the district is the last, where it stays marked overdue. */
		up = !strcmp(o.tier, "community") ? "street" : "district";
		to = !strcmp(o.tier, "district") || !strcmp(o.state, "returned") ? o.state : "escalated";
		if (store_run(c, e, "UPDATE sn_orders SET tier = ?, state = ?, overdue = 1, due_at = ?,"
				    " version = version + 1, updated_at = ? WHERE id = ? AND person_id = ?",
			      up, to, now + o.sla_seconds, now, o.id, o.person_id) < 0 ||
		    sn_order_log_tx(c, who, &o, !strcmp(o.tier, "district") ? "overdue" : "escalate", to,
				    up, e))
			goto fail;
		if (store_commit(c, e))
			return -1;
		(*escalated)++;
	}
	return 0;
fail:
	store_rollback(c);
	return -1;
}

/* ---- alerts ---- */
#define ALERT_COLS "id, person_id, division_code, rule_key, rule_from, title, level, explanation," \
	" event_id, status, raised_at, raised_on, closed_at"
static const char *const alert_cols[] = { "id", "person_id", "division_code", "rule_key",
	"rule_from", "title", "level", "explanation", "event_id", "status", "raised_at", "raised_on",
	"closed_at", NULL };
static const int alert_int[] = { 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1 };

/* explanation is stored JSON text: handed out as JSON. */
static void parse_explanations(json_t *items)
{
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		json_t *x = json_loads(json_string_value(json_object_get(it, "explanation")), 0, NULL);
		json_object_set_new(it, "explanation", x ? x : json_array());
	}
}

json_t *sn_alert_list(store_conn *c, const access_ctx *who, const char *level,
		      const char *status, const char *division, const char *sort, int64_t page,
		      int64_t size, mz_err *e)
{
	static const store_order orders[] = {
		{ "id", "id" }, { "raised_at", "raised_at" }, { "level", LEVEL_RANK },
		{ "status", "status" }, { NULL, NULL }
	};
	mz_buf sql;
	char lo[16], hi[16];
	int64_t total = 0;
	json_t *items;
	const char *d = division && *division ? division : who->scope_code;

	page_bounds(&page, &size);
	access_scope_range(d, lo, hi);
#define ALERT_WHERE " WHERE (? = '' OR level = ?) AND (? = '' OR status = ?) AND " \
	ACCESS_SCOPE_SQL("division_code") " AND " ACCESS_SCOPE_SQL("division_code")
	if (store_row(c, e, "SELECT COUNT(*) FROM sn_alerts" ALERT_WHERE, STORE_INTO(&total),
		      opt(level), opt(level), opt(status), opt(status), access_scope_arg(who),
		      store_arg_range(lo, hi)) < 0)
		return NULL;
	{
		store_arg args[] = { store_arg_text(opt(level)), store_arg_text(opt(level)),
				     store_arg_text(opt(status)), store_arg_text(opt(status)),
				     access_scope_arg(who), store_arg_range(lo, hi),
				     store_arg_i64(size), store_arg_i64((page - 1) * size) };
		mz_buf_init(&sql);
		mz_buf_puts(&sql, "SELECT " ALERT_COLS " FROM sn_alerts" ALERT_WHERE);
		items = NULL;
		if (!store_order_by(&sql, orders, sort, "raised_at DESC, id DESC", "id", e)) {
			mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
			items = rows_json(c, sql.data, alert_cols, alert_int, args, 8, e);
		}
		mz_buf_release(&sql);
	}
	if (!items || add_persons(c, items, e) ||
	    audit_append(c, who, AUDIT_READ, "safetynet.alert.list", "sn_alert", 0, d, "", NULL, e)) {
		json_decref(items);
		return NULL;
	}
	parse_explanations(items);
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page, "page_size", (json_int_t)size);
}

json_t *sn_alert_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	static const char *const ocols[] = { "id", "state", "route_to", "tier", "assignee", NULL };
	static const int oint[] = { 1, 0, 0, 0, 0 };
	json_t *items, *alert, *orders;
	store_arg args[] = { store_arg_i64(id), access_scope_arg(who) };

	items = rows_json(c, "SELECT " ALERT_COLS " FROM sn_alerts WHERE id = ? AND "
			     ACCESS_SCOPE_SQL("division_code"), alert_cols, alert_int, args, 2, e);
	if (!items)
		return NULL;
	if (!json_array_size(items)) {
		json_decref(items);
		mz_fail(e, MZ_ENOTFOUND, "id", "no such alert", "预警不存在");
		return NULL;
	}
	if (add_persons(c, items, e)) {
		json_decref(items);
		return NULL;
	}
	parse_explanations(items);
	alert = json_incref(json_array_get(items, 0));
	json_decref(items);
	{
		store_arg a2[] = { store_arg_i64(id),
				   store_arg_i64(json_integer_value(json_object_get(alert, "person_id"))) };
		orders = rows_json(c, "SELECT id, state, route_to, tier, assignee FROM sn_orders"
				      " WHERE alert_id = ? AND person_id = ? AND kind = 'alert' ORDER BY id",
				   ocols, oint, a2, 2, e);
	}
	if (!orders || audit_append(c, who, AUDIT_READ, "safetynet.alert.read", "sn_alert", id,
				    json_string_value(json_object_get(alert, "division_code")), "",
				    NULL, e)) {
		json_decref(alert);
		json_decref(orders);
		return NULL;
	}
	json_object_set_new(alert, "orders", orders);
	return alert;
}

/* ---- events ---- */
json_t *sn_event_list(store_conn *c, const access_ctx *who, const char *type,
		      const char *division, const char *sort, int64_t page, int64_t size,
		      mz_err *e)
{
	static const store_order orders[] = {
		{ "id", "id" }, { "received_at", "received_at" }, { "occurred_on", "occurred_on" },
		{ "type", "type" }, { "amount_fen", "amount_fen" }, { NULL, NULL }
	};
	mz_buf sql;
	static const char *const cols[] = { "id", "person_id", "division_code", "type", "occurred_on",
		"amount_fen", "note", "source_kind", "source", "sender_event_id", "received_at",
		"alerts_raised", NULL };
	static const int is_int[] = { 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1 };
	char lo[16], hi[16];
	int64_t total = 0;
	json_t *items;
	const char *d = division && *division ? division : who->scope_code;

	page_bounds(&page, &size);
	access_scope_range(d, lo, hi);
#define EVENT_WHERE " WHERE (? = '' OR type = ?) AND " ACCESS_SCOPE_SQL("division_code") \
	" AND " ACCESS_SCOPE_SQL("division_code")
	if (store_row(c, e, "SELECT COUNT(*) FROM sn_events" EVENT_WHERE, STORE_INTO(&total),
		      opt(type), opt(type), access_scope_arg(who), store_arg_range(lo, hi)) < 0)
		return NULL;
	{
		store_arg args[] = { store_arg_text(opt(type)), store_arg_text(opt(type)),
				     access_scope_arg(who), store_arg_range(lo, hi), store_arg_i64(size),
				     store_arg_i64((page - 1) * size) };
		mz_buf_init(&sql);
		mz_buf_puts(&sql, "SELECT id, person_id, division_code, type, occurred_on, amount_fen,"
				  " note, source_kind, source, sender_event_id, received_at, alerts_raised"
				  " FROM sn_events" EVENT_WHERE);
		items = NULL;
		if (!store_order_by(&sql, orders, sort, "received_at DESC, id DESC", "id", e)) {
			mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
			items = rows_json(c, sql.data, cols, is_int, args, 6, e);
		}
		mz_buf_release(&sql);
	}
	if (!items || add_persons(c, items, e) ||
	    audit_append(c, who, AUDIT_READ, "safetynet.event.list", "sn_event", 0, d, "", NULL, e)) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page, "page_size", (json_int_t)size);
}
