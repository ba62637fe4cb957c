/* meal.c - the counter check-in and the meal lists.
 *
 * The check-in is the hot path of the lunch peak: reads of the canteen,
 * the person, their categories and the parameters, then the meal row and
 * its audit record written through the group commit (meal_commit.c), which
 * lets concurrent counters share one transaction and one fsync. The "one
 * subsidy per slot" rule is the database's unique index, not a prior
 * SELECT: a SELECT then INSERT would let two counters both subsidise the
 * same elder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "domains/eldercare/canteen.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/meal_commit.h"
#include "store/order.h"

static int valid_slot(const char *s)
{
	return s && (!strcmp(s, "breakfast") || !strcmp(s, "lunch") || !strcmp(s, "dinner"));
}

/* Keeps a refused attempt (its own short transaction, audited). Failures
 * here are logged into e2 and ignored: the refusal itself is the answer. */
static void refusal_add(store_conn *c, const access_ctx *who, const ec_canteen *k,
			const ec_person *p, const char *day, const char *slot, const char *kind,
			const char *detail)
{
	mz_err e2 = { 0 };
	store_stmt *st;
	int64_t id = 0;
	int r;

	if (store_begin(c, &e2))
		return;
	st = store_prepare(c, "INSERT INTO ec_meal_refusals (canteen_id, canteen_division, person_id,"
			      " division_code, served_on, slot, kind, detail, created_by, created_at)"
			      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &e2);
	if (!st)
		goto fail;
	store_params(st, k->id, k->division);
	if (p)
		store_bind_i64(st, 3, p->id);
	else
		store_bind_null(st, 3);
	store_params_at(st, 4, p ? p->division : k->division, day, slot, kind, detail, who->login,
			       mz_now_unix());
	r = store_step(st, &e2);
	if (r == 1)
		id = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		goto fail;
	{
		json_t *d = json_pack("{s:I,s:s,s:s}", "canteen_id", (json_int_t)k->id, "kind", kind,
				      "detail", detail);
		r = audit_append(c, who, AUDIT_WRITE, "eldercare.meal.refused", "ec_meal_refusal", id,
				 p ? p->division : k->division, "", d, &e2);
		json_decref(d);
	}
	if (r || store_commit(c, &e2))
		goto fail;
	return;
fail:
	store_rollback(c);
}

/* Describes the meal that already took the slot's subsidy. */
static void first_meal(store_conn *c, int64_t person_id, const char *day, const char *slot,
		       char *out, size_t cap, char *out_zh, size_t cap_zh)
{
	mz_err e2 = { 0 };
	store_stmt *st = store_prepare(c, "SELECT k.name, m.created_at FROM ec_meals m JOIN"
					  " ec_canteens k ON k.id = m.canteen_id WHERE m.person_id = ?"
					  " AND m.served_on = ? AND m.slot = ? AND m.subsidised = 1", &e2);

	snprintf(out, cap, "earlier today");
	snprintf(out_zh, cap_zh, "今天早些时候");
	if (!st)
		return;
	store_params(st, person_id, day, slot);
	if (store_step(st, &e2) == 1) {
		char ts[32];

		mz_time_format(store_col_i64(st, 1), ts);
		snprintf(out, cap, "at %s, %.5s", store_col_text(st, 0), ts + 11);
		snprintf(out_zh, cap_zh, "%.5s 于%s", ts + 11, store_col_text(st, 0));
	}
	store_done(st);
}

json_t *ec_meal_checkin(store_conn *c, const access_ctx *who, const ec_checkin *in,
			int64_t now, mz_err *e)
{
	const char *mode = in->mode && *in->mode ? in->mode : "dine_in";
	const char *slot = in->slot && *in->slot ? in->slot : NULL;
	char day[11], month[8], cats[160];
	ec_canteen k;
	ec_person p;
	ec_params params;
	ec_meal_rules rules;
	ec_meal_quote q;
	mz_day today = ec_day_of(now);
	int64_t lunch_from, dinner_from, id = 0;
	ec_meal_row row;
	char *detail_text;
	json_t *out, *detail;
	int r, by_card;

	if (strcmp(mode, "dine_in") && strcmp(mode, "delivery"))
		return mz_fail(e, MZ_EINVAL, "mode", "mode must be dine_in or delivery",
			       "就餐方式须为堂食或送餐"), NULL;
	if (slot && !valid_slot(slot))
		return mz_fail(e, MZ_EINVAL, "slot", "slot must be breakfast, lunch or dinner",
			       "餐次须为早餐、午餐或晚餐"), NULL;
	by_card = in->card_code && *in->card_code;
	if (!by_card && !(in->id_number && *in->id_number))
		return mz_fail(e, MZ_EINVAL, "id_number", "an ID number or a card code is required",
			       "请刷长者卡或输入身份证号码"), NULL;
	if (ec_canteen_access(c, who, in->canteen_id, &k, e))
		return NULL;
	if (strcmp(k.status, "open"))
		return mz_fail(e, MZ_ESTATE, "canteen_id", "the canteen is closed", "该饭堂已停业"), NULL;
	mz_day_format(today, day);
	ec_month_of(today, month);
	if (ec_params_load(c, today, &params, e))
		return NULL;
	if (ec_param_int(&params, "canteen.lunch_from_min", k.division, &lunch_from, e) ||
	    ec_param_int(&params, "canteen.dinner_from_min", k.division, &dinner_from, e) ||
	    ec_meal_rules_load(&params, k.division, &rules, e)) {
		ec_params_release(&params);
		return NULL;
	}
	ec_params_release(&params);
	if (!slot)
		slot = ec_meal_slot_of(ec_minute_of_day(now), lunch_from, dinner_from);
	/* Outside the opening hours the counter is shut: a meal then is most
	 * often a mistake or a meal that never was. Staff may register one
	 * (a late delivery, a clock set wrong) with a reason, which the audit
	 * record keeps; the provider's own counter may not. */
	{
		int minute = ec_minute_of_day(now);
		int overriding = in->override_reason && *in->override_reason;

		if (!ec_canteen_open_at(k.hours, minute)) {
			if (!overriding)
				return mz_failf(e, MZ_ESTATE, "override_reason",
						"the canteen is closed at %02d:%02d (hours %s); staff may"
						" register the meal with an override reason",
						"饭堂当前（%02d:%02d）不在营业时间（%s）内；工作人员可填写原因后补录",
						minute / 60, minute % 60, k.hours), NULL;
			if (who->role == ROLE_SERVICE_PROVIDER)
				return mz_fail(e, MZ_EFORBIDDEN, "override_reason",
					       "only civil-affairs staff may register a meal outside the hours",
					       "营业时间外补录须由民政工作人员办理"), NULL;
			if (strlen(in->override_reason) < 4)
				return mz_fail(e, MZ_EINVAL, "override_reason",
					       "say why the meal is registered outside the hours (at least 4 characters)",
					       "请说明营业时间外登记的原因（不少于4个字符）"), NULL;
		}
	}

	if (by_card ? ec_person_by_card(c, in->card_code, &p, e)
		    : ec_person_by_id_number(c, in->id_number, &p, e)) {
		/* A made-up or cancelled card at a counter is worth a look. */
		if (by_card && e && (e->code == MZ_ENOTFOUND || e->code == MZ_ESTATE)) {
			mz_err keep = *e;

			refusal_add(c, who, &k, e->code == MZ_ESTATE ? &p : NULL, day, slot,
				    e->code == MZ_ESTATE ? "card_inactive" : "unknown_card",
				    in->card_code);
			*e = keep;
		}
		return NULL;
	}
	if (p.death != MZ_DAY_INVALID) {
		char death[11];

		mz_day_format(p.death, death);
		refusal_add(c, who, &k, &p, day, slot, "deceased", death);
		return mz_failf(e, MZ_ESTATE, "person",
				"%s is recorded as deceased on %s: no meal can be registered",
				"%s 已于 %s 登记死亡，不能登记就餐", p.name, death), NULL;
	}
	if (ec_person_categories(c, p.id, today, cats, sizeof(cats), e))
		return NULL;
	ec_meal_quote_make(&rules, ec_person_age(&p, today), cats, p.division, k.division,
			   !in->full_price, &q);

	row = (ec_meal_row){ .canteen_id = k.id, .person_id = p.id, .now = now, .slot = slot,
			     .mode = mode, .method = by_card ? "card" : "id_number", .q = q,
			     .who = who };
	mz_strlcpy(row.canteen_division, k.division, sizeof(row.canteen_division));
	mz_strlcpy(row.division, p.division, sizeof(row.division));
	mz_strlcpy(row.day, day, sizeof(row.day));
	mz_strlcpy(row.month, month, sizeof(row.month));
	detail = json_pack("{s:I,s:I,s:s,s:s,s:s,s:I,s:I}", "canteen_id", (json_int_t)k.id,
			   "person_id", (json_int_t)p.id, "slot", slot, "tier", q.tier, "method",
			   row.method, "subsidy_fen", (json_int_t)q.subsidy, "paid_fen",
			   (json_int_t)q.paid);
	if (!ec_canteen_open_at(k.hours, ec_minute_of_day(now)))
		json_object_set_new(detail, "outside_hours_reason", json_string(in->override_reason));
	detail_text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(detail);
	row.detail = detail_text;
	r = ec_meal_commit(c, &row);
	free(detail_text);
	if (r < 0) {
		if (e)
			*e = row.err;
		return NULL;
	}
	if (r > 0) {
		char where[200], where_zh[200];

		first_meal(c, p.id, day, slot, where, sizeof(where), where_zh, sizeof(where_zh));
		refusal_add(c, who, &k, &p, day, slot, "double_subsidy", where);
		return mz_failf(e, MZ_ECONFLICT, "slot",
				"%s already had a subsidised %s today (%s)%.0s; a further meal"
				" can only be registered at full price",
				"%s%.0s本餐次已享受过补贴（%.0s%s），再次就餐只能按原价登记",
				p.name, slot, where, where_zh), NULL;
	}
	id = row.id;
	out = json_pack("{s:I,s:I,s:s,s:o,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:b,s:b}",
			"id", (json_int_t)id, "canteen_id", (json_int_t)k.id, "canteen_name", k.name,
			"person", ec_person_brief(&p, today), "served_on", day, "slot", slot, "mode",
			mode, "tier", q.tier, "category", q.category, "price_fen", (json_int_t)q.price,
			"subsidy_fen", (json_int_t)q.subsidy, "paid_fen", (json_int_t)q.paid,
			"city_fen", (json_int_t)q.city, "district_fen", (json_int_t)q.district,
			"town_fen", (json_int_t)q.town, "cross_town", q.cross_town, "cross_district",
			q.cross_district);
	json_object_set_new(out, "categories", json_string(cats));
	/* Full price for a reason the counter can say out loud. */
	if (!strcmp(q.tier, "none") && !in->full_price) {
		char en[120], zh[160];

		snprintf(en, sizeof(en), "under %lld and in no subsidised category: full price",
			 (long long)rules.age_min);
		snprintf(zh, sizeof(zh), "未满 %lld 周岁且不属于补贴对象，按原价就餐",
			 (long long)rules.age_min);
		json_object_set_new(out, "note", json_pack("{s:s,s:s}", "en", en, "zh", zh));
		json_object_set_new(out, "subsidy_age", json_integer(rules.age_min));
	}
	return out;
}

json_t *ec_meal_list(store_conn *c, const access_ctx *who, int64_t canteen_id,
		     const char *day, const char *slot, const char *mode, const char *sort,
		     int64_t page, int64_t page_size, mz_err *e)
{
	static const store_order orders[] = {
		{ "at", "m.created_at" }, { "slot", "m.slot" }, { "tier", "m.tier" },
		{ "price_fen", "m.price_fen" }, { "subsidy_fen", "m.subsidy_fen" },
		{ "paid_fen", "m.paid_fen" }, { NULL, NULL }
	};
	ec_canteen k;
	store_stmt *st;
	json_t *items, *totals;
	int64_t total = 0;
	mz_buf sql;
	mz_day d;
	int r;

	if (ec_parse_day(day, "day", &d, e) || ec_canteen_access(c, who, canteen_id, &k, e))
		return NULL;
	st = store_prepare(c, "SELECT count(*), coalesce(sum(subsidised), 0), coalesce(sum(price_fen), 0),"
			      " coalesce(sum(subsidy_fen), 0), coalesce(sum(paid_fen), 0),"
			      " coalesce(sum(CASE WHEN mode = 'delivery' THEN 1 ELSE 0 END), 0)"
			      " FROM ec_meals WHERE canteen_id = ? AND served_on = ?", e);
	if (!st)
		return NULL;
	store_params(st, canteen_id, day);
	r = store_step(st, e);
	totals = r == 1 ? json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "meals",
				    (json_int_t)store_col_i64(st, 0), "subsidised",
				    (json_int_t)store_col_i64(st, 1), "price_fen",
				    (json_int_t)store_col_i64(st, 2), "subsidy_fen",
				    (json_int_t)store_col_i64(st, 3), "paid_fen",
				    (json_int_t)store_col_i64(st, 4), "delivery",
				    (json_int_t)store_col_i64(st, 5))
			: NULL;
	store_done(st);
	if (r < 0)
		return NULL;
	/* The day's totals count every meal; the list and its total follow
	 * the slot and mode filters. */
	slot = slot ? slot : "";
	mode = mode ? mode : "";
	if (store_row(c, e, "SELECT count(*) FROM ec_meals m WHERE m.canteen_id = ? AND m.served_on = ?"
			    " AND (? = '' OR m.slot = ?) AND (? = '' OR m.mode = ?)",
		      STORE_INTO(&total), canteen_id, day, slot, slot, mode, mode) < 0) {
		json_decref(totals);
		return NULL;
	}
	/* Who ate is the registry's to say: named after the page is read. */
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "SELECT m.id, m.person_id, m.slot, m.mode, m.method,"
			  " m.tier, m.category, m.price_fen, m.subsidy_fen, m.paid_fen, m.cross_town,"
			  " m.cross_district, m.created_at, m.created_by FROM ec_meals m"
			  " WHERE m.canteen_id = ? AND m.served_on = ?"
			  " AND (? = '' OR m.slot = ?) AND (? = '' OR m.mode = ?)");
	st = NULL;
	if (!store_order_by(&sql, orders, sort, "m.id DESC", "m.id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		st = store_prepare(c, sql.data, e);
	}
	mz_buf_release(&sql);
	if (!st) {
		json_decref(totals);
		return NULL;
	}
	store_params(st, canteen_id, day, slot, slot, mode, mode, page_size, (page - 1) * page_size);
	items = json_array();
	while ((r = store_step(st, e)) == 1) {
		char ts[32];

		mz_time_format(store_col_i64(st, 12), ts);
		json_array_append_new(items, json_pack(
			"{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:b,s:b,s:s,s:s}", "id",
			(json_int_t)store_col_i64(st, 0), "person_id", (json_int_t)store_col_i64(st, 1),
			"name", "", "id_number_masked", "", "slot",
			store_col_text(st, 2), "mode", store_col_text(st, 3), "method",
			store_col_text(st, 4), "tier", store_col_text(st, 5), "category",
			store_col_text(st, 6), "price_fen", (json_int_t)store_col_i64(st, 7),
			"subsidy_fen", (json_int_t)store_col_i64(st, 8), "paid_fen",
			(json_int_t)store_col_i64(st, 9), "cross_town", (int)store_col_i64(st, 10),
			"cross_district", (int)store_col_i64(st, 11), "at", ts, "by",
			store_col_text(st, 13)));
	}
	store_done(st);
	if (r < 0 || ec_items_name_persons(c, items, 1, e) ||
	    audit_append(c, who, AUDIT_READ, "eldercare.meal.list", "ec_canteen", canteen_id,
			 k.division, "", NULL, e)) {
		json_decref(items);
		json_decref(totals);
		return NULL;
	}
	return json_pack("{s:o,s:o,s:s,s:I,s:I,s:I}", "items", items, "totals", totals, "day", day,
			 "total", (json_int_t)total, "page", (json_int_t)page, "page_size",
			 (json_int_t)page_size);
}

json_t *ec_meal_person(store_conn *c, const access_ctx *who, int64_t person_id,
		       const char *month, mz_err *e)
{
	mz_day first, last;
	ec_person p;
	store_stmt *st;
	json_t *items;
	int r;

	if (ec_parse_month(month, &first, &last, e) || ec_person_load(c, who, person_id, &p, e))
		return NULL;
	st = store_prepare(c, "SELECT m.id, m.served_on, m.slot, m.mode, k.name, m.tier, m.price_fen,"
			      " m.subsidy_fen, m.paid_fen FROM ec_meals m JOIN ec_canteens k ON"
			      " k.id = m.canteen_id WHERE m.person_id = ? AND m.month = ?"
			      " ORDER BY m.served_on, m.id", e);
	if (!st)
		return NULL;
	store_params(st, person_id, month);
	items = json_array();
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:I}", "id",
						       (json_int_t)store_col_i64(st, 0), "served_on",
						       store_col_text(st, 1), "slot", store_col_text(st, 2),
						       "mode", store_col_text(st, 3), "canteen",
						       store_col_text(st, 4), "tier", store_col_text(st, 5),
						       "price_fen", (json_int_t)store_col_i64(st, 6),
						       "subsidy_fen", (json_int_t)store_col_i64(st, 7),
						       "paid_fen", (json_int_t)store_col_i64(st, 8)));
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_READ, "eldercare.meal.person", "person", person_id,
				  p.division, "", NULL, e)) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o,s:s,s:o}", "person", ec_person_brief(&p, first), "month", month,
			 "items", items);
}
