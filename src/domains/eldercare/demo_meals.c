/* demo_meals.c - a year of canteen meals for the demo city (bulk: demo.c
 * says why) and each month's settlement through the real functions.
 *
 * Each canteen has up to 40 regulars among the elders of its street (an
 * elder eats at one canteen), who come to lunch on about 55 days in 100
 * and to dinner on about 12; one meal in seven is delivered. Every meal is
 * priced by the counter's own pricing (ec_meal_quote_make with the rules in
 * force), so the settlements add up as the real ones would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domains/eldercare/canteen.h"
#include "domains/eldercare/demo_internal.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/params.h"

#define REGULARS 40

/* The first elder whose division sorts at or after prefix (elders are in
 * community code order, as ecd_elders_load reads them). */
static size_t lower_bound(const ecd_run *r, const char *prefix)
{
	size_t lo = 0, hi = r->n_elders;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strncmp(r->elders[mid].division, prefix, strlen(prefix)) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int meal_row(store_bulk *b, const ecd_canteen *k, const ecd_elder *el,
		    const ec_meal_rules *rules, mz_day day, int lunch, uint64_t h, mz_err *e)
{
	ec_meal_quote q;
	char cid[24], pid[24], day_s[11], month[8], price[24], sub[24], paid[24], city[24],
		dist[24], town[24], at[24];
	const char *v[22];

	ec_meal_quote_make(rules, el->age, "", el->division, k->division, 1, &q);
	snprintf(cid, sizeof(cid), "%lld", (long long)k->id);
	snprintf(pid, sizeof(pid), "%lld", (long long)el->person_id);
	mz_day_format(day, day_s);
	ec_month_of(day, month);
	snprintf(price, sizeof(price), "%lld", (long long)q.price);
	snprintf(sub, sizeof(sub), "%lld", (long long)q.subsidy);
	snprintf(paid, sizeof(paid), "%lld", (long long)q.paid);
	snprintf(city, sizeof(city), "%lld", (long long)q.city);
	snprintf(dist, sizeof(dist), "%lld", (long long)q.district);
	snprintf(town, sizeof(town), "%lld", (long long)q.town);
	snprintf(at, sizeof(at), "%lld",
		 (long long)ecd_unix(day, (lunch ? 630 : 990) + (int)(h % 150)));
	v[0] = cid;
	v[1] = k->division;
	v[2] = pid;
	v[3] = el->division;
	v[4] = day_s;
	v[5] = month;
	v[6] = lunch ? "lunch" : "dinner";
	v[7] = (h >> 33) % 7 == 0 ? "delivery" : "dine_in";
	v[8] = (h >> 37) % 5 < 3 ? "card" : "id_number";
	v[9] = q.tier;
	v[10] = q.category;
	v[11] = price;
	v[12] = sub;
	v[13] = paid;
	v[14] = city;
	v[15] = dist;
	v[16] = town;
	v[17] = "1";
	v[18] = q.cross_town ? "1" : "0";
	v[19] = q.cross_district ? "1" : "0";
	v[20] = "demo";
	v[21] = at;
	return store_bulk_row(b, v, e);
}

static const char *const cols[] = {
	"canteen_id", "canteen_division", "person_id", "division_code", "served_on", "month",
	"slot", "mode", "method", "tier", "category", "price_fen", "subsidy_fen", "paid_fen",
	"city_fen", "district_fen", "town_fen", "subsidised", "cross_town", "cross_district",
	"created_by", "created_at",
};

/* One canteen's year, in its own transaction. */
static int canteen_year(ecd_run *r, const ecd_canteen *k, unsigned char *used,
			const ec_params *params, mz_err *e)
{
	size_t regulars[REGULARS], n = 0, i;
	ec_meal_rules rules;
	char street[10], district[7];
	store_bulk *b;

	if (ec_meal_rules_load(params, k->division, &rules, e))
		return -1;
	snprintf(street, sizeof(street), "%.9s", k->division);
	snprintf(district, sizeof(district), "%.6s", k->division);
	for (i = lower_bound(r, street); i < r->n_elders && n < REGULARS &&
					 !strncmp(r->elders[i].division, street, 9);
	     i++)
		if (!used[i]) {
			used[i] = 1;
			regulars[n++] = i;
		}
	/* A thin street (a small demo city): the district's elders come too. */
	if (n < REGULARS / 4)
		for (i = lower_bound(r, district);
		     i < r->n_elders && n < REGULARS && !strncmp(r->elders[i].division, street, 6);
		     i++)
			if (!used[i]) {
				used[i] = 1;
				regulars[n++] = i;
			}
	if (!n)
		return 0;
	if (store_begin(r->c, e))
		return -1;
	if (!(b = store_bulk_begin(r->c, "ec_meals", cols, 22, e)))
		goto fail;
	for (mz_day day = r->start; day <= r->as_of; day++)
		for (size_t j = 0; j < n; j++) {
			const ecd_elder *el = &r->elders[regulars[j]];
			uint64_t h = ecd_hash((uint64_t)el->person_id, (uint64_t)day * 7 + 1);

			/* Today: lunch only, the counter is open now. */
			int lunch = h % 100 < 55, dinner = day < r->as_of && (h >> 10) % 100 < 12;

			if ((lunch && meal_row(b, k, el, &rules, day, 1, h, e)) ||
			    (dinner && meal_row(b, k, el, &rules, day, 0, h >> 3, e))) {
				store_bulk_end(b, NULL);
				goto fail;
			}
			r->meals += lunch + dinner;
		}
	if (store_bulk_end(b, e) || store_commit(r->c, e))
		goto fail;
	return 0;
fail:
	store_rollback(r->c);
	return -1;
}

/* Every month before this one computed; confirmed but the last, which
 * waits for the district's confirmation. */
static int settle(ecd_run *r, const ecd_canteen *k, mz_err *e)
{
	int y, m, d;
	mz_day this_month;

	mz_day_to_ymd(r->as_of, &y, &m, &d);
	this_month = mz_day_from_ymd(y, m, 1);
	mz_day_to_ymd(r->start, &y, &m, &d);
	for (mz_day first = mz_day_from_ymd(y, m, 1); first < this_month;
	     first = mz_day_add_months(first, 1)) {
		char month[8];
		json_t *s;

		ec_month_of(first, month);
		if (!(s = ec_settlement_compute(r->c, &r->sys, k->id, month, e)))
			return -1;
		json_decref(s);
		if (mz_day_add_months(first, 1) < this_month) {
			if (!(s = ec_settlement_confirm(r->c, &r->sys, k->id, month,
							"演示数据：区民政局核对无误，确认结算", e)))
				return -1;
			json_decref(s);
		}
		r->settlements++;
	}
	return 0;
}

int ecd_meals_write(ecd_run *r, mz_err *e)
{
	unsigned char *used = mz_xcalloc(r->n_elders + 1, 1);
	ec_params params;
	int rc = -1;

	if (ec_params_load(r->c, r->as_of, &params, e)) {
		free(used);
		return -1;
	}
	for (size_t i = 0; i < r->n_canteens; i++)
		if (canteen_year(r, &r->canteens[i], used, &params, e) ||
		    settle(r, &r->canteens[i], e))
			goto out;
	rc = 0;
out:
	ec_params_release(&params);
	free(used);
	return rc;
}
