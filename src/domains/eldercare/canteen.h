/* canteen.h - elderly canteens (长者饭堂, 助餐配餐): canteens, the counter
 * check-in, monthly settlement, anomaly flags and the coverage map.
 *
 * Pricing (meal_price.c, pure) follows the dated parameters of the
 * canteen's division (params.h): the meal price; what an elder pays by tier
 * — hardship (a category in canteen.hardship_categories: dispersed 特困,
 * dibao, low-income, 优抚), then age >= canteen.age_high, then age >=
 * canteen.age_min, else full price; the government's part is the price less
 * what the elder pays, funded city first (canteen.city_share_fen), then the
 * district (canteen.district_share_fen), the town the rest. The district's
 * share is not paid when the elder eats in another district, nor the town's
 * in another town (docs/domain.md): the elder pays that part.
 *
 * One subsidised meal per elder per slot (breakfast, lunch, dinner) per day:
 * the partial unique index ec_meals_one_subsidy decides, so two counters
 * racing cannot both subsidise. A further meal may be served at full price.
 * A deceased person (persons.death_date) is refused and the attempt kept as
 * an anomaly. */
#ifndef MZ_EC_CANTEEN_H
#define MZ_EC_CANTEEN_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "base/err.h"
#include "domains/eldercare/params.h"
#include "store/store.h"

/* ---- pricing (pure, meal_price.c) ---- */

typedef struct ec_meal_rules {
	int64_t price, pay_hardship, pay_age_high, pay_age_min;
	int64_t age_min, age_high, city_share, district_share;
	char hardship[256]; /* comma list of categories */
} ec_meal_rules;

typedef struct ec_meal_quote {
	const char *tier;   /* "hardship", "age_high", "age_min", "none" */
	char category[32];  /* the hardship category that qualified, or "" */
	int64_t price, subsidy, paid, city, district, town;
	int cross_town, cross_district;
} ec_meal_quote;

/* Reads the pricing parameters in force for a canteen's division. */
int ec_meal_rules_load(const ec_params *p, const char *canteen_division, ec_meal_rules *r,
		       mz_err *e);
/* Prices one meal for an elder of `age` with `categories` (comma list, as
 * ec_person_categories gives) living in `elder_division`, eating at a
 * canteen in `canteen_division`. subsidised = 0 prices it in full. */
void ec_meal_quote_make(const ec_meal_rules *r, int age, const char *categories,
			const char *elder_division, const char *canteen_division,
			int subsidised, ec_meal_quote *q);
/* The slot of a minute of the day: before lunch_from breakfast, before
 * dinner_from lunch, else dinner. */
const char *ec_meal_slot_of(int minute, int64_t lunch_from, int64_t dinner_from);

/* ---- canteens (canteen.c) ---- */

/* Creates a canteen: {provider_id, name, address, division_code, lat, lon
 * (degrees), hours "HH:MM-HH:MM[,...]", capacity, delivery_radius_m,
 * reason}. The division and the provider must be within who's scope. */
json_t *ec_canteen_create(store_conn *c, const access_ctx *who, json_t *in, mz_err *e);
/* Changes hours, capacity, delivery_radius_m, status (open|closed), name,
 * address; reason required. */
json_t *ec_canteen_update(store_conn *c, const access_ctx *who, int64_t id, json_t *in,
			  mz_err *e);
json_t *ec_canteen_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
/* Canteens in scope (a provider user: its own), optionally under a division. */
/* sort: "field" or "-field" (id, name, division_code, provider, capacity,
 * status); NULL or "": by division then id. Another is MZ_EINVAL on "sort". */
json_t *ec_canteen_list(store_conn *c, const access_ctx *who, const char *division,
			const char *sort,
			int64_t page, int64_t page_size, mz_err *e);

typedef struct ec_canteen {
	int64_t id, provider_id;
	char name[128], division[16], status[8];
	char hours[104];        /* "10:30-13:30,16:30-18:30" */
	int lat_e6, lon_e6;
} ec_canteen;
/* Loads a canteen the caller may act on: a provider user only its own, staff
 * within scope; anything else is MZ_ENOTFOUND. */
int ec_canteen_access(store_conn *c, const access_ctx *who, int64_t id, ec_canteen *k,
		      mz_err *e);

/* ---- meals (meal.c) ---- */

/* Whether a canteen with opening hours "10:30-13:30,16:30-18:30" is open
 * at minute (0-1439) of the day. */
int ec_canteen_open_at(const char *hours, int minute);

typedef struct ec_checkin {
	int64_t canteen_id;
	/* Outside the canteen's hours a check-in is refused; staff (not the
	 * provider's counter) may register it with this reason, audited. */
	const char *override_reason;
	const char *id_number;  /* one of id_number / card_code */
	const char *card_code;
	const char *mode;       /* "dine_in" (default) or "delivery" */
	const char *slot;       /* NULL: from the time of day */
	int full_price;         /* 1: serve without subsidy */
} ec_checkin;

/* The counter check-in at `now` (Unix seconds). Returns the meal: {id,
 * person:{...}, served_on, slot, mode, tier, category, price_fen,
 * subsidy_fen, paid_fen, city_fen, district_fen, town_fen, cross_town,
 * cross_district}. Refusals: deceased -> MZ_ESTATE (field "person"), a
 * second subsidised meal in the slot -> MZ_ECONFLICT (field "slot", the
 * first meal named), unknown card -> MZ_ENOTFOUND; the deceased and
 * double-subsidy attempts are kept in ec_meal_refusals. Audited. */
json_t *ec_meal_checkin(store_conn *c, const access_ctx *who, const ec_checkin *in,
			int64_t now, mz_err *e);
/* Meals of a canteen on a day, with the day's totals (every meal) and the
 * total of the list (slot and mode filters, ""/NULL for any); sort NULL/""
 * newest first, or "[-]at|slot|tier|price_fen|subsidy_fen|paid_fen"
 * (store/order.h). Audited read. */
json_t *ec_meal_list(store_conn *c, const access_ctx *who, int64_t canteen_id,
		     const char *day, const char *slot, const char *mode, const char *sort,
		     int64_t page, int64_t page_size, mz_err *e);
/* Today's check-in cancelled (moved whole to ec_meal_cancellations) or
 * corrected (mode and/or slot), with a reason of 4+ characters, audited;
 * by whoever may check in at its canteen. MZ_ESTATE for another day's meal,
 * MZ_ECONFLICT (field slot) for a move into a slot already subsidised. */
int ec_meal_cancel(store_conn *c, const access_ctx *who, int64_t id, const char *reason,
		   mz_err *e);
int ec_meal_correct(store_conn *c, const access_ctx *who, int64_t id, const char *mode,
		    const char *slot, const char *reason, mz_err *e);
/* A person's meals in a month (staff within scope). Audited read. */
json_t *ec_meal_person(store_conn *c, const access_ctx *who, int64_t person_id,
		       const char *month, mz_err *e);

/* ---- settlement and anomalies (settle.c) ---- */

/* Computes (or recomputes, while a draft) the month's settlement of one
 * canteen from its meals. A confirmed settlement is never recomputed. */
json_t *ec_settlement_compute(store_conn *c, const access_ctx *who, int64_t canteen_id,
			      const char *month, mz_err *e);
/* Confirms a draft once the month has ended (staff, not providers). */
json_t *ec_settlement_confirm(store_conn *c, const access_ctx *who, int64_t canteen_id,
			      const char *month, const char *reason, mz_err *e);
/* Settlements of a month for canteens in scope, with totals. sort: "field"
 * or "-field" (canteen_id, canteen_name, division_code, meals, subsidy_fen,
 * paid_fen, status); NULL or "": by division then canteen. Another is
 * MZ_EINVAL on "sort". */
json_t *ec_settlement_list(store_conn *c, const access_ctx *who, const char *month,
			   const char *division, const char *sort, int64_t page, int64_t page_size,
			   mz_err *e);
/* Anomaly flags for a month at canteens in scope: refused attempts (a
 * deceased person's card, a second subsidy), an elder with more than
 * canteen.anomaly_meals_per_day meals in a day, and meals served on or after
 * a death date recorded later. Audited read. */
json_t *ec_meal_anomalies(store_conn *c, const access_ctx *who, const char *month,
			  const char *division, mz_err *e);

/* ---- coverage (coverage.c) ---- */

typedef struct ec_point {
	int64_t id;
	int lat_e6, lon_e6;
} ec_point;

/* Great-circle distance in metres (haversine, mean Earth radius). */
double ec_haversine_m(int lat1_e6, int lon1_e6, int lat2_e6, int lon2_e6);
/* For each of n points, the index into sites[0..m) of the nearest site and
 * the straight-line distance in metres (-1 / -1.0 when m = 0). */
void ec_nearest(const ec_point *pts, size_t n, const ec_point *sites, size_t m, int *best,
		double *dist_m);
/* Walking minutes for a straight-line distance: x detour, / speed. */
double ec_walk_minutes(double dist_m, int64_t detour_permille, int64_t m_per_min);

/* For every community in scope (or under `division`), the nearest open
 * canteen of the city, the walking distance and minutes, whether it is
 * within the reach (coverage.reach_minutes of the community's district),
 * the elders 60+ living there; and the communities outside reach. */
json_t *ec_coverage(store_conn *c, const access_ctx *who, const char *division, mz_err *e);

#endif
