/* coverage.c - the meal-service reach: for each community, the nearest open
 * canteen by walking distance, and the communities left outside.
 *
 * Walking distance is estimated, not routed: the great-circle distance
 * between the community's and the canteen's coordinates times a detour
 * factor (coverage.detour_permille), walked at coverage.walk_m_per_min.
 * Both are parameters because no street network is loaded; a routed
 * distance can replace ec_walk_minutes later without touching the callers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domains/eldercare/canteen.h"
#include "domains/eldercare/eldercare.h"

#define EARTH_RADIUS_M 6371008.8 /* mean radius (IUGG) */
#define DEG2RAD (M_PI / 180.0)

double ec_haversine_m(int lat1_e6, int lon1_e6, int lat2_e6, int lon2_e6)
{
	double p1 = lat1_e6 / 1e6 * DEG2RAD, p2 = lat2_e6 / 1e6 * DEG2RAD;
	double dp = p2 - p1, dl = (lon2_e6 - lon1_e6) / 1e6 * DEG2RAD;
	double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);

	return 2 * EARTH_RADIUS_M * asin(sqrt(a < 1 ? a : 1));
}

double ec_walk_minutes(double dist_m, int64_t detour_permille, int64_t m_per_min)
{
	return dist_m * (double)detour_permille / 1000.0 / (double)m_per_min;
}

/* Nearest site by the flat (equirectangular) distance first, which is cheap
 * and within a fraction of a percent at city scale; then the exact
 * haversine for every site whose flat distance is within 1% of the best, so
 * the flat estimate never picks the wrong canteen. n x m is 3 million pairs
 * for the whole city: the flat pass keeps that to milliseconds. */
void ec_nearest(const ec_point *pts, size_t n, const ec_point *sites, size_t m, int *best,
		double *dist_m)
{
	for (size_t i = 0; i < n; i++) {
		double k = cos(pts[i].lat_e6 / 1e6 * DEG2RAD), flat_best = -1, exact_best = -1;
		int bi = -1;

		for (size_t j = 0; j < m; j++) {
			double dy = (double)(sites[j].lat_e6 - pts[i].lat_e6);
			double dx = (double)(sites[j].lon_e6 - pts[i].lon_e6) * k;
			double f = dx * dx + dy * dy;

			if (flat_best < 0 || f < flat_best)
				flat_best = f;
		}
		for (size_t j = 0; j < m && flat_best >= 0; j++) {
			double dy = (double)(sites[j].lat_e6 - pts[i].lat_e6);
			double dx = (double)(sites[j].lon_e6 - pts[i].lon_e6) * k;
			double h;

			if (dx * dx + dy * dy > flat_best * 1.0201 + 1) /* (1.01)^2 */
				continue;
			h = ec_haversine_m(pts[i].lat_e6, pts[i].lon_e6, sites[j].lat_e6,
					   sites[j].lon_e6);
			if (exact_best < 0 || h < exact_best) {
				exact_best = h;
				bi = (int)j;
			}
		}
		best[i] = bi;
		dist_m[i] = exact_best;
	}
}

typedef struct community {
	ec_point pt;
	char code[16], name[96], district[8];
	int64_t elders;
} community;

json_t *ec_coverage(store_conn *c, const access_ctx *who, const char *division, mz_err *e)
{
	char lo[16], hi[16], cutoff[11];
	size_t n = 0, ncap = 256, m = 0, mcap = 256;
	community *cm = NULL;
	ec_point *pts = NULL, *sites = NULL;
	int64_t *site_ids = NULL;
	char (*site_names)[128] = NULL;
	int *best = NULL;
	double *dist = NULL;
	ec_params params;
	store_stmt *st;
	json_t *items = NULL, *outside = NULL, *by_district = NULL, *res = NULL;
	int64_t reached = 0, elders_in = 0, elders_out = 0;
	int r, y, mo, d;

	if (ec_scope_range(who, division, lo, hi, e))
		return NULL;
	if (ec_params_load(c, mz_today(), &params, e))
		return NULL;
	cm = mz_xmalloc(ncap * sizeof(*cm));
	sites = mz_xmalloc(mcap * sizeof(*sites));
	site_ids = mz_xmalloc(mcap * sizeof(*site_ids));
	site_names = mz_xmalloc(mcap * sizeof(*site_names));

	st = store_prepare(c, "SELECT code, name, lat_e6, lon_e6 FROM divisions WHERE level = 4"
			      " AND historical = 0 AND lat_e6 IS NOT NULL AND " ACCESS_SCOPE_SQL("code")
			      " ORDER BY code", e);
	if (!st)
		goto out;
	store_params_at(st, 1, store_arg_range(lo, hi));
	while ((r = store_step(st, e)) == 1) {
		if (n == ncap)
			cm = mz_xrealloc(cm, (ncap *= 2) * sizeof(*cm));
		memset(&cm[n], 0, sizeof(cm[n]));
		mz_strlcpy(cm[n].code, store_col_text(st, 0), sizeof(cm[n].code));
		mz_strlcpy(cm[n].name, store_col_text(st, 1), sizeof(cm[n].name));
		mz_strlcpy(cm[n].district, cm[n].code, 7);
		cm[n].pt.lat_e6 = (int)store_col_i64(st, 2);
		cm[n].pt.lon_e6 = (int)store_col_i64(st, 3);
		n++;
	}
	store_done(st);
	if (r < 0)
		goto out;

	/* Every open canteen of the city: the nearest one may be across a border. */
	st = store_prepare(c, "SELECT id, name, lat_e6, lon_e6 FROM ec_canteens WHERE status = 'open'"
			      " ORDER BY id", e);
	if (!st)
		goto out;
	while ((r = store_step(st, e)) == 1) {
		if (m == mcap) {
			mcap *= 2;
			sites = mz_xrealloc(sites, mcap * sizeof(*sites));
			site_ids = mz_xrealloc(site_ids, mcap * sizeof(*site_ids));
			site_names = mz_xrealloc(site_names, mcap * sizeof(*site_names));
		}
		site_ids[m] = store_col_i64(st, 0);
		mz_strlcpy(site_names[m], store_col_text(st, 1), sizeof(site_names[m]));
		sites[m].id = site_ids[m];
		sites[m].lat_e6 = (int)store_col_i64(st, 2);
		sites[m].lon_e6 = (int)store_col_i64(st, 3);
		m++;
	}
	store_done(st);
	if (r < 0)
		goto out;

	/* Residents 60+ alive, by community: what being outside reach costs. */
	mz_day_to_ymd(mz_today(), &y, &mo, &d);
	snprintf(cutoff, sizeof(cutoff), "%04d-%02d-%02d", y - 60, mo, mo == 2 && d == 29 ? 28 : d);
	st = store_prepare(c, "SELECT division_code, count(*) FROM persons WHERE birth_date <= ?"
			      " AND death_date IS NULL AND " ACCESS_SCOPE_SQL("division_code")
			      " GROUP BY division_code ORDER BY division_code", e);
	if (!st)
		goto out;
	store_bind_text(st, 1, cutoff);
	store_params_at(st, 2, store_arg_range(lo, hi));
	{
		size_t k = 0;

		while ((r = store_step(st, e)) == 1) {
			const char *code = store_col_text(st, 0);

			while (k < n && strcmp(cm[k].code, code) < 0)
				k++;
			if (k < n && !strcmp(cm[k].code, code))
				cm[k].elders = store_col_i64(st, 1);
		}
	}
	store_done(st);
	if (r < 0)
		goto out;

	pts = mz_xmalloc((n ? n : 1) * sizeof(*pts));
	best = mz_xmalloc((n ? n : 1) * sizeof(*best));
	dist = mz_xmalloc((n ? n : 1) * sizeof(*dist));
	for (size_t i = 0; i < n; i++)
		pts[i] = cm[i].pt;
	ec_nearest(pts, n, sites, m, best, dist);

	items = json_array();
	outside = json_array();
	by_district = json_object();
	for (size_t i = 0; i < n; i++) {
		int64_t detour, speed, reach;
		double minutes;
		int ok;
		json_t *o, *dsum;

		if (ec_param_int(&params, "coverage.detour_permille", cm[i].code, &detour, e) ||
		    ec_param_int(&params, "coverage.walk_m_per_min", cm[i].code, &speed, e) ||
		    ec_param_int(&params, "coverage.reach_minutes", cm[i].code, &reach, e))
			goto out;
		minutes = best[i] >= 0 ? ec_walk_minutes(dist[i], detour, speed) : -1;
		ok = best[i] >= 0 && minutes <= (double)reach;
		o = json_pack("{s:s,s:s,s:f,s:f,s:I,s:b,s:i}", "code", cm[i].code, "name", cm[i].name,
			      "lat", cm[i].pt.lat_e6 / 1e6, "lon", cm[i].pt.lon_e6 / 1e6, "elders_60",
			      (json_int_t)cm[i].elders, "reachable", ok, "reach_minutes", (int)reach);
		if (best[i] >= 0) {
			json_object_set_new(o, "canteen_id", json_integer(site_ids[best[i]]));
			json_object_set_new(o, "canteen_name", json_string(site_names[best[i]]));
			json_object_set_new(o, "straight_m", json_integer((json_int_t)lround(dist[i])));
			json_object_set_new(o, "walk_m", json_integer((json_int_t)lround(dist[i] * detour / 1000.0)));
			json_object_set_new(o, "walk_minutes", json_real(round(minutes * 10) / 10));
		}
		dsum = json_object_get(by_district, cm[i].district);
		if (!dsum) {
			dsum = json_pack("{s:i,s:i,s:I,s:I}", "communities", 0, "reachable", 0,
					 "elders_60", (json_int_t)0, "elders_60_outside", (json_int_t)0);
			json_object_set_new(by_district, cm[i].district, dsum);
		}
		json_object_set_new(dsum, "communities",
				    json_integer(json_integer_value(json_object_get(dsum, "communities")) + 1));
		json_object_set_new(dsum, "elders_60",
				    json_integer(json_integer_value(json_object_get(dsum, "elders_60")) + cm[i].elders));
		if (ok) {
			reached++;
			elders_in += cm[i].elders;
			json_object_set_new(dsum, "reachable",
					    json_integer(json_integer_value(json_object_get(dsum, "reachable")) + 1));
		} else {
			elders_out += cm[i].elders;
			json_object_set_new(dsum, "elders_60_outside",
					    json_integer(json_integer_value(json_object_get(dsum, "elders_60_outside")) + cm[i].elders));
			json_array_append(outside, o);
		}
		json_array_append_new(items, o);
	}
	res = json_pack("{s:I,s:I,s:I,s:I,s:I,s:o,s:o,s:o}", "communities", (json_int_t)n,
			"reachable", (json_int_t)reached, "canteens", (json_int_t)m, "elders_60_reached",
			(json_int_t)elders_in, "elders_60_outside", (json_int_t)elders_out, "items",
			items, "outside", outside, "by_district", by_district);
	items = outside = by_district = NULL;
out:
	ec_params_release(&params);
	json_decref(items);
	json_decref(outside);
	json_decref(by_district);
	free(cm);
	free(pts);
	free(sites);
	free(site_ids);
	free(site_names);
	free(best);
	free(dist);
	return res;
}
