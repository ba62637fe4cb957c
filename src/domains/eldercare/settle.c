/* settle.c - the monthly settlement of each canteen and the anomaly flags.
 *
 * A settlement sums the month's meals of one canteen from ec_meals: meals,
 * subsidised meals, what elders paid, and the subsidy by payer (city,
 * district, town). The shares were fixed on each meal when it was served,
 * with the parameters of that day, so a later parameter change never
 * rewrites a month. A draft can be recomputed; a confirmed one cannot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/eldercare/canteen.h"
#include "domains/eldercare/eldercare.h"
#include "store/order.h"

#define SETTLE_COLS                                                                  \
	"s.canteen_id, k.name, s.division_code, s.month, s.meals, s.subsidised_meals," \
	" s.price_fen, s.subsidy_fen, s.paid_fen, s.city_fen, s.district_fen, s.town_fen," \
	" s.detail, s.status, s.computed_by, s.computed_at, s.confirmed_by, s.confirmed_at"

static json_t *settle_row(store_stmt *st)
{
	char at[32] = "", cat[32] = "";
	json_t *detail = json_loads(store_col_text(st, 12), 0, NULL);

	mz_time_format(store_col_i64(st, 15), at);
	if (!store_col_is_null(st, 17))
		mz_time_format(store_col_i64(st, 17), cat);
	return json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:s,s:s,s:s,s:s,s:s?}",
			 "canteen_id", (json_int_t)store_col_i64(st, 0), "canteen_name",
			 store_col_text(st, 1), "division_code", store_col_text(st, 2), "month",
			 store_col_text(st, 3), "meals", (json_int_t)store_col_i64(st, 4),
			 "subsidised_meals", (json_int_t)store_col_i64(st, 5), "price_fen",
			 (json_int_t)store_col_i64(st, 6), "subsidy_fen", (json_int_t)store_col_i64(st, 7),
			 "paid_fen", (json_int_t)store_col_i64(st, 8), "city_fen",
			 (json_int_t)store_col_i64(st, 9), "district_fen", (json_int_t)store_col_i64(st, 10),
			 "town_fen", (json_int_t)store_col_i64(st, 11), "detail",
			 detail ? detail : json_object(), "status", store_col_text(st, 13),
			 "computed_by", store_col_text(st, 14), "computed_at", at, "confirmed_by",
			 store_col_text(st, 16), "confirmed_at", cat[0] ? cat : NULL);
}

static json_t *settle_get(store_conn *c, int64_t canteen_id, const char *month, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT " SETTLE_COLS " FROM ec_canteen_settlements s"
					  " JOIN ec_canteens k ON k.id = s.canteen_id"
					  " WHERE s.canteen_id = ? AND s.month = ?", e);
	json_t *o = NULL;
	int r;

	if (!st)
		return NULL;
	store_params(st, canteen_id, month);
	r = store_step(st, e);
	if (r == 1)
		o = settle_row(st);
	store_done(st);
	if (r == 0)
		mz_fail(e, MZ_ENOTFOUND, "month", "no settlement for this month", "该月尚无结算");
	return o;
}

json_t *ec_settlement_compute(store_conn *c, const access_ctx *who, int64_t canteen_id,
			      const char *month, mz_err *e)
{
	int64_t sums[8] = { 0 }, now = mz_now_unix();
	mz_day first, last;
	ec_canteen k;
	json_t *detail, *by_tier = json_object(), *cross = json_object();
	char status[16] = "", *text;
	store_stmt *st;
	int r;

	if (ec_parse_month(month, &first, &last, e) ||
	    ec_canteen_access(c, who, canteen_id, &k, e))
		goto bad;
	if (first > mz_today()) {
		mz_fail(e, MZ_EINVAL, "month", "the month has not begun", "该月份尚未开始");
		goto bad;
	}
	if (store_begin(c, e))
		goto bad;
	st = store_prepare(c, "SELECT status FROM ec_canteen_settlements WHERE canteen_id = ?"
			      " AND month = ?", e);
	if (!st)
		goto fail;
	store_params(st, canteen_id, month);
	r = store_step(st, e);
	if (r == 1)
		mz_strlcpy(status, store_col_text(st, 0), sizeof(status));
	store_done(st);
	if (r < 0)
		goto fail;
	if (!strcmp(status, "confirmed")) {
		mz_fail(e, MZ_ESTATE, "month", "this month is confirmed and cannot be recomputed",
			"该月结算已确认，不能重新计算");
		goto fail;
	}
	st = store_prepare(c, "SELECT tier, count(*), coalesce(sum(subsidised), 0), sum(price_fen),"
			      " sum(subsidy_fen), sum(paid_fen), sum(city_fen), sum(district_fen),"
			      " sum(town_fen), sum(cross_town), sum(cross_district) FROM ec_meals"
			      " WHERE canteen_id = ? AND month = ? GROUP BY tier ORDER BY tier", e);
	if (!st)
		goto fail;
	store_params(st, canteen_id, month);
	while ((r = store_step(st, e)) == 1) {
		for (int i = 0; i < 8; i++)
			sums[i] += store_col_i64(st, 1 + i);
		json_object_set_new(by_tier, store_col_text(st, 0),
				    json_pack("{s:I,s:I,s:I}", "meals", (json_int_t)store_col_i64(st, 1),
					      "subsidy_fen", (json_int_t)store_col_i64(st, 4),
					      "paid_fen", (json_int_t)store_col_i64(st, 5)));
		json_object_set_new(cross, store_col_text(st, 0),
				    json_pack("{s:I,s:I}", "cross_town", (json_int_t)store_col_i64(st, 9),
					      "cross_district", (json_int_t)store_col_i64(st, 10)));
	}
	store_done(st);
	if (r < 0)
		goto fail;
	detail = json_pack("{s:O,s:O,s:b}", "by_tier", by_tier, "cross", cross, "provisional",
			   last >= mz_today());
	text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(detail);
	st = store_prepare(c, status[0]
		? "UPDATE ec_canteen_settlements SET meals = ?, subsidised_meals = ?, price_fen = ?,"
		  " subsidy_fen = ?, paid_fen = ?, city_fen = ?, district_fen = ?, town_fen = ?,"
		  " detail = ?, computed_by = ?, computed_at = ?, division_code = ?"
		  " WHERE canteen_id = ? AND month = ? AND status = 'draft'"
		: "INSERT INTO ec_canteen_settlements (meals, subsidised_meals, price_fen, subsidy_fen,"
		  " paid_fen, city_fen, district_fen, town_fen, detail, computed_by, computed_at,"
		  " division_code, canteen_id, month) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) {
		free(text);
		goto fail;
	}
	for (int i = 0; i < 8; i++)
		store_bind_i64(st, 1 + i, sums[i]);
	store_params_at(st, 9, text, who->login, now, k.division, canteen_id, month);
	r = store_step(st, e);
	/* The status read above may be stale on PostgreSQL: a confirmation
	 * committed since must not get its figures rewritten (the UPDATE
	 * matches only a draft), and of two first computations at once the
	 * second meets the (canteen_id, month) key. */
	if ((r == 0 && status[0] && store_changes(st) != 1) ||
	    (r < 0 && !status[0] && e && e->code == MZ_ECONFLICT)) {
		store_done(st);
		free(text);
		mz_fail(e, MZ_ESTATE, "month",
			"the settlement was confirmed or computed by someone else meanwhile; reload it",
			"该月结算已被他人计算或确认，请刷新后重试");
		goto fail;
	}
	store_done(st);
	free(text);
	if (r < 0)
		goto fail;
	{
		json_t *d = json_pack("{s:s,s:I,s:I}", "month", month, "meals", (json_int_t)sums[0],
				      "subsidy_fen", (json_int_t)sums[3]);
		r = audit_append(c, who, AUDIT_WRITE, "eldercare.settlement.compute", "ec_canteen",
				 canteen_id, k.division, "", d, e);
		json_decref(d);
	}
	if (r || store_commit(c, e))
		goto fail;
	json_decref(by_tier);
	json_decref(cross);
	return settle_get(c, canteen_id, month, e);
fail:
	store_rollback(c);
bad:
	json_decref(by_tier);
	json_decref(cross);
	return NULL;
}

json_t *ec_settlement_confirm(store_conn *c, const access_ctx *who, int64_t canteen_id,
			      const char *month, const char *reason, mz_err *e)
{
	mz_day first, last;
	ec_canteen k;
	store_stmt *st;
	int r;

	if (who->role == ROLE_SERVICE_PROVIDER)
		return mz_fail(e, MZ_EFORBIDDEN, "", "settlements are confirmed by the civil-affairs office",
			       "结算由民政部门确认"), NULL;
	if (ec_check_reason(reason, e) || ec_parse_month(month, &first, &last, e) ||
	    ec_canteen_access(c, who, canteen_id, &k, e))
		return NULL;
	if (last >= mz_today())
		return mz_fail(e, MZ_ESTATE, "month", "a month can be confirmed only after it has ended",
			       "当月结束后方可确认结算"), NULL;
	if (store_begin(c, e))
		return NULL;
	st = store_prepare(c, "UPDATE ec_canteen_settlements SET status = 'confirmed',"
			      " confirmed_by = ?, confirmed_at = ? WHERE canteen_id = ? AND month = ?"
			      " AND status = 'draft'", e);
	if (!st)
		goto fail;
	store_params(st, who->login, mz_now_unix(), canteen_id, month);
	r = store_step(st, e);
	if (r == 0 && store_changes(st) != 1) {
		store_done(st);
		mz_fail(e, MZ_ESTATE, "month", "no draft settlement to confirm (compute it first)",
			"没有待确认的结算（请先计算）");
		goto fail;
	}
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_WRITE, "eldercare.settlement.confirm", "ec_canteen",
				  canteen_id, k.division, reason, NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return settle_get(c, canteen_id, month, e);
fail:
	store_rollback(c);
	return NULL;
}

/* The settlements' list sorts by these (the route declares the same keys). */
static const store_order settlement_orders[] = {
	{ "canteen_id", "s.canteen_id" }, { "canteen_name", "k.name" },
	{ "division_code", "s.division_code" }, { "meals", "s.meals" },
	{ "subsidy_fen", "s.subsidy_fen" }, { "paid_fen", "s.paid_fen" }, { "status", "s.status" },
	{ NULL, NULL }
};

json_t *ec_settlement_list(store_conn *c, const access_ctx *who, const char *month,
			   const char *division, const char *sort, int64_t page, int64_t page_size,
			   mz_err *e)
{
	char lo[16], hi[16];
	mz_day first, last;
	int64_t mine, tot[6] = { 0 }, n = 0;
	store_stmt *st;
	json_t *items;
	mz_buf sql;
	int r;

	if (ec_parse_month(month, &first, &last, e) || ec_provider_of(c, who, &mine, e))
		return NULL;
	if (mine) {
		mz_strlcpy(lo, "0", sizeof(lo));
		mz_strlcpy(hi, "9999999999999", sizeof(hi));
	} else if (ec_scope_range(who, division, lo, hi, e)) {
		return NULL;
	}
	st = store_prepare(c, "SELECT count(*), coalesce(sum(s.meals), 0), coalesce(sum(s.subsidy_fen), 0),"
			      " coalesce(sum(s.paid_fen), 0), coalesce(sum(s.city_fen), 0),"
			      " coalesce(sum(s.district_fen), 0), coalesce(sum(s.town_fen), 0)"
			      " FROM ec_canteen_settlements s JOIN ec_canteens k ON k.id = s.canteen_id"
			      " WHERE s.month = ? AND " ACCESS_SCOPE_SQL("s.division_code")
			      " AND (? = 0 OR k.provider_id = ?)", e);
	if (!st)
		return NULL;
	store_params(st, month, store_arg_range(lo, hi), mine, mine);
	r = store_step(st, e);
	if (r == 1) {
		n = store_col_i64(st, 0);
		for (int i = 0; i < 6; i++)
			tot[i] = store_col_i64(st, 1 + i);
	}
	store_done(st);
	if (r < 0)
		return NULL;
	st = NULL;
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "SELECT " SETTLE_COLS " FROM ec_canteen_settlements s JOIN ec_canteens k"
		    " ON k.id = s.canteen_id WHERE s.month = ? AND " ACCESS_SCOPE_SQL("s.division_code")
		    " AND (? = 0 OR k.provider_id = ?)");
	if (!store_order_by(&sql, settlement_orders, sort, "s.division_code, s.canteen_id",
			    "s.canteen_id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		st = store_prepare(c, sql.data, e);
	}
	mz_buf_release(&sql);
	if (!st)
		return NULL;
	store_params(st, month, store_arg_range(lo, hi), mine, mine, page_size, (page - 1) * page_size);
	items = json_array();
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, settle_row(st));
	store_done(st);
	if (r < 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o,s:I,s:{s:I,s:I,s:I,s:I,s:I,s:I},s:s,s:I,s:I}", "items", items,
			 "total", (json_int_t)n, "totals", "meals", (json_int_t)tot[0], "subsidy_fen",
			 (json_int_t)tot[1], "paid_fen", (json_int_t)tot[2], "city_fen",
			 (json_int_t)tot[3], "district_fen", (json_int_t)tot[4], "town_fen",
			 (json_int_t)tot[5], "month", month, "page", (json_int_t)page, "page_size",
			 (json_int_t)page_size);
}

/* ---- anomalies --------------------------------------------------------------- */

json_t *ec_meal_anomalies(store_conn *c, const access_ctx *who, const char *month,
			  const char *division, mz_err *e)
{
	char lo[16], hi[16];
	mz_day first, last;
	int64_t mine, max_meals;
	ec_params params;
	store_stmt *st;
	json_t *refused, *many, *after_death;
	int r;

	if (ec_parse_month(month, &first, &last, e) || ec_provider_of(c, who, &mine, e))
		return NULL;
	if (mine) {
		mz_strlcpy(lo, "0", sizeof(lo));
		mz_strlcpy(hi, "9999999999999", sizeof(hi));
	} else if (ec_scope_range(who, division, lo, hi, e)) {
		return NULL;
	}
	if (ec_params_load(c, last, &params, e))
		return NULL;
	r = ec_param_int(&params, "canteen.anomaly_meals_per_day", lo, &max_meals, e);
	ec_params_release(&params);
	if (r)
		return NULL;

	refused = json_array();
	many = json_array();
	after_death = json_array();
	/* Refused attempts at the caller's canteens. */
	st = store_prepare(c, "SELECT f.id, f.kind, f.served_on, f.slot, f.detail, k.id, k.name,"
			      " f.person_id, f.created_at FROM ec_meal_refusals f JOIN ec_canteens k"
			      " ON k.id = f.canteen_id"
			      " WHERE f.served_on >= ? AND f.served_on <= ? AND "
			      ACCESS_SCOPE_SQL("f.canteen_division")
			      " AND (? = 0 OR k.provider_id = ?)"
			      " ORDER BY f.id DESC LIMIT 500", e);
	if (!st)
		goto fail;
	{
		char d1[11], d2[11];

		mz_day_format(first, d1);
		mz_day_format(last, d2);
		store_bind_text(st, 1, d1);
		store_bind_text(st, 2, d2);
	}
	store_params_at(st, 3, store_arg_range(lo, hi));
	store_bind_i64(st, 5, mine);
	store_bind_i64(st, 6, mine);
	while ((r = store_step(st, e)) == 1) {
		char at[32];

		mz_time_format(store_col_i64(st, 8), at);
		json_array_append_new(refused, json_pack(
			"{s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:o,s:o,s:s}", "id",
			(json_int_t)store_col_i64(st, 0), "kind", store_col_text(st, 1), "served_on",
			store_col_text(st, 2), "slot", store_col_text(st, 3), "detail",
			store_col_text(st, 4), "canteen_id", (json_int_t)store_col_i64(st, 5),
			"canteen_name", store_col_text(st, 6), "person_id",
			store_col_is_null(st, 7) ? json_null() : json_integer(store_col_i64(st, 7)),
			"name", json_null(), "at", at));
	}
	store_done(st);
	/* Names from the registry once the rows are read. */
	if (r < 0 || ec_items_name_persons(c, refused, 0, e))
		goto fail;

	/* Many meals on one elder in one day (any canteens). */
	st = store_prepare(c, "SELECT m.person_id, m.served_on, count(*), count(DISTINCT"
			      " m.canteen_id) FROM ec_meals m"
			      " JOIN ec_canteens k ON k.id = m.canteen_id WHERE m.month = ?"
			      " AND " ACCESS_SCOPE_SQL("m.canteen_division")
			      " AND (? = 0 OR k.provider_id = ?) GROUP BY m.person_id, m.served_on"
			      " HAVING count(*) > ? ORDER BY count(*) DESC LIMIT 500", e);
	if (!st)
		goto fail;
	store_bind_text(st, 1, month);
	store_params_at(st, 2, store_arg_range(lo, hi));
	store_bind_i64(st, 4, mine);
	store_bind_i64(st, 5, mine);
	store_bind_i64(st, 6, max_meals);
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(many, json_pack("{s:s,s:I,s:s,s:s,s:I,s:I}", "kind",
						      "many_meals", "person_id",
						      (json_int_t)store_col_i64(st, 0), "name", "",
						      "served_on", store_col_text(st, 1), "meals",
						      (json_int_t)store_col_i64(st, 2), "canteens",
						      (json_int_t)store_col_i64(st, 3)));
	store_done(st);
	if (r < 0 || ec_items_name_persons(c, many, 0, e))
		goto fail;

	/* Meals served on or after a death date registered afterwards. */
	st = store_prepare(c, "SELECT m.id, m.person_id, p.name, p.death_date, m.served_on, k.id, k.name,"
			      " m.subsidy_fen FROM ec_meals m JOIN persons p ON p.id = m.person_id"
			      " JOIN ec_canteens k ON k.id = m.canteen_id WHERE m.month = ?"
			      " AND p.death_date IS NOT NULL AND m.served_on >= p.death_date"
			      " AND " ACCESS_SCOPE_SQL("m.canteen_division")
			      " AND (? = 0 OR k.provider_id = ?) ORDER BY m.id LIMIT 500", e);
	if (!st)
		goto fail;
	store_bind_text(st, 1, month);
	store_params_at(st, 2, store_arg_range(lo, hi));
	store_bind_i64(st, 4, mine);
	store_bind_i64(st, 5, mine);
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(after_death, json_pack(
			"{s:s,s:I,s:I,s:s,s:s,s:s,s:I,s:s,s:I}", "kind", "after_death", "meal_id",
			(json_int_t)store_col_i64(st, 0), "person_id", (json_int_t)store_col_i64(st, 1),
			"name", store_col_text(st, 2), "death_date", store_col_text(st, 3),
			"served_on", store_col_text(st, 4), "canteen_id",
			(json_int_t)store_col_i64(st, 5), "canteen_name", store_col_text(st, 6),
			"subsidy_fen", (json_int_t)store_col_i64(st, 7)));
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_READ, "eldercare.meal.anomalies", "ec_meal", 0, lo, "",
				  NULL, e))
		goto fail;
	return json_pack("{s:s,s:I,s:o,s:o,s:o}", "month", month, "max_meals_per_day",
			 (json_int_t)max_meals, "refused", refused, "many_meals", many,
			 "after_death", after_death);
fail:
	json_decref(refused);
	json_decref(many);
	json_decref(after_death);
	return NULL;
}
