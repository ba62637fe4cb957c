/* hall_read.c - the stored figures through the caller's scope
 * (hall_figures.h): a division's figures with its children's, and one
 * figure's monthly trend. A request reads a few hundred stored rows; the
 * domains' tables are never touched here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "hall/hall.h"
#include "hall/hall_figures.h"
#include "hall/hall_internal.h"
#include "registry/registry.h"
#include "store/query.h"

double hall_value(int unit, int64_t num, int64_t den)
{
	if (unit == HALL_RATE)
		return den ? 100.0 * (double)num / (double)den : 0;
	if (unit == HALL_AVG)
		return den ? (double)num / (double)den : 0;
	return (double)num;
}

static const char *unit_name(hall_unit u)
{
	switch (u) {
	case HALL_FEN: return "fen";
	case HALL_RATE: return "rate";
	case HALL_AVG: return "avg";
	default: return "count";
	}
}

/* The division asked for, within scope (not_found otherwise, as any
 * out-of-scope record), and its children. */
int hall_division_resolve(store_conn *c, const access_ctx *who, const char *division,
			  registry_division *d, registry_division_list *kids, mz_err *e)
{
	const char *code = division && *division ? division : who->scope_code;

	if (registry_division_get(c, who, code, d, e)) {
		if (e && e->code == MZ_ENOTFOUND)
			mz_strlcpy(e->field, "division", sizeof(e->field));
		return -1;
	}
	return kids ? registry_division_children(c, who, d->code, kids, e) : 0;
}

/* The day shown: the latest computed day not after as_of (today when
 * as_of is invalid); "" when nothing was computed yet. */
int hall_day_pick(store_conn *c, mz_day as_of, char day[11], mz_err *e)
{
	char want[11], got[11] = "";

	mz_day_format(as_of == MZ_DAY_INVALID ? mz_today() : as_of, want);
	if (store_row(c, e, "SELECT MAX(as_of) FROM hall_runs WHERE as_of <= ?",
		      STORE_INTO(STORE_TEXT(got)), want) < 0)
		return -1;
	mz_strlcpy(day, got, 11);
	return 0;
}

/* Stored rows of `day` for the division itself and its direct children:
 * codes in the division's range whose length is its own or a child's. */
static json_t *figures_of(store_conn *c, const registry_division *d, const char *day, mz_err *e)
{
	char lo[16], hi[16];
	size_t child = d->level <= 1 ? 6 : strlen(d->code) + 3; /* the city's children are 6 digits too */
	json_t *by_key = json_object();
	store_stmt *st;
	int r;

	access_scope_range(d->code, lo, hi);
	st = store_prepare(c, "SELECT indicator, division_code, num, den FROM hall_figures"
			      " WHERE as_of = ? AND division_code >= ? AND division_code < ?"
			      " AND (division_code = ? OR LENGTH(division_code) = ?)", e);
	if (!st) {
		json_decref(by_key);
		return NULL;
	}
	store_params(st, day, lo, hi, d->code, (int64_t)child);
	while ((r = store_step(st, e)) == 1) {
		const char *key = store_col_text(st, 0), *code = store_col_text(st, 1);
		json_t *slot = json_object_get(by_key, key);

		if (!slot) {
			slot = json_object();
			json_object_set_new(by_key, key, slot);
		}
		json_object_set_new(slot, code,
				    json_pack("[I,I]", (json_int_t)store_col_i64(st, 2),
					      (json_int_t)store_col_i64(st, 3)));
	}
	store_done(st);
	if (r < 0) {
		json_decref(by_key);
		return NULL;
	}
	return by_key;
}

static json_t *runs_of(store_conn *c, const char *day, mz_err *e)
{
	json_t *runs = json_object();
	store_stmt *st = store_prepare(c, "SELECT indicator, computed_at FROM hall_runs"
					  " WHERE as_of = ?", e);
	int r;

	if (!st) {
		json_decref(runs);
		return NULL;
	}
	store_params(st, day);
	while ((r = store_step(st, e)) == 1)
		json_object_set_new(runs, store_col_text(st, 0),
				    json_integer((json_int_t)store_col_i64(st, 1)));
	store_done(st);
	if (r < 0) {
		json_decref(runs);
		return NULL;
	}
	return runs;
}

static json_t *division_json(const registry_division *d)
{
	return json_pack("{s:s,s:s,s:i}", "code", d->code, "name", d->name, "level", d->level);
}

/* From the caller's scope division down to d. */
static json_t *path_of(store_conn *c, const access_ctx *who, const registry_division *d, mz_err *e)
{
	json_t *path = json_array();
	registry_division cur = *d;

	json_array_append_new(path, division_json(&cur));
	while (cur.parent[0] && access_in_scope(who, cur.parent)) {
		char parent[16];

		mz_strlcpy(parent, cur.parent, sizeof(parent));
		if (registry_division_get(c, who, parent, &cur, e)) {
			json_decref(path);
			return NULL;
		}
		json_array_insert_new(path, 0, division_json(&cur));
	}
	return path;
}

static void pair_of(json_t *by_code, const char *code, int64_t *num, int64_t *den)
{
	json_t *p = by_code ? json_object_get(by_code, code) : NULL;

	*num = p ? (int64_t)json_integer_value(json_array_get(p, 0)) : 0;
	*den = p ? (int64_t)json_integer_value(json_array_get(p, 1)) : 0;
}

json_t *hall_indicator_json(const hall_indicator *ind)
{
	char group[64];
	const char *dot = strchr(ind->key, '.');

	snprintf(group, sizeof(group), "%.*s", dot ? (int)(dot - ind->key) : (int)strlen(ind->key),
		 ind->key);
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i}", "key", ind->key, "group", group,
			 "label_zh", ind->label_zh, "label_en", ind->label_en, "unit",
			 unit_name(ind->unit), "unit_zh", ind->unit_zh ? ind->unit_zh : "",
			 "list_path", ind->list_path ? ind->list_path : "", "better", ind->better);
}

json_t *hall_overview(store_conn *c, const access_ctx *who, const char *division, mz_day as_of,
		      mz_err *e)
{
	registry_division d;
	registry_division_list kids;
	char day[11];
	json_t *out = NULL, *figs = NULL, *runs = NULL, *inds, *children, *path;
	int64_t now = mz_now_unix();

	registry_division_list_init(&kids);
	if (hall_division_resolve(c, who, division, &d, &kids, e) || hall_day_pick(c, as_of, day, e))
		goto done;
	if (!(path = path_of(c, who, &d, e)))
		goto done;
	figs = day[0] ? figures_of(c, &d, day, e) : json_object();
	runs = day[0] ? runs_of(c, day, e) : json_object();
	if (!figs || !runs) {
		json_decref(path);
		goto done;
	}
	children = json_array();
	for (size_t k = 0; k < kids.n; k++)
		json_array_append_new(children, division_json(&kids.items[k]));
	inds = json_array();
	for (size_t i = 0; i < hall_indicator_count(); i++) {
		const hall_indicator *ind = hall_indicator_at(i);
		json_t *j = hall_indicator_json(ind), *kid_figs = json_array();
		json_t *by_code = json_object_get(figs, ind->key), *run = json_object_get(runs, ind->key);
		int64_t num, den;

		pair_of(by_code, d.code, &num, &den);
		if (run) {
			json_int_t at = json_integer_value(run);

			json_object_set_new(j, "num", json_integer((json_int_t)num));
			json_object_set_new(j, "den", json_integer((json_int_t)den));
			json_object_set_new(j, "value", json_real(hall_value(ind->unit, num, den)));
			json_object_set_new(j, "computed_at", json_integer(at));
			json_object_set_new(j, "age_seconds", json_integer(now - at));
		} else {
			/* Never computed for that day: shown as missing, not as 0. */
			json_object_set_new(j, "num", json_null());
			json_object_set_new(j, "den", json_null());
			json_object_set_new(j, "value", json_null());
			json_object_set_new(j, "computed_at", json_null());
			json_object_set_new(j, "age_seconds", json_null());
		}
		for (size_t k = 0; run && k < kids.n; k++) {
			pair_of(by_code, kids.items[k].code, &num, &den);
			json_array_append_new(kid_figs,
					      json_pack("{s:s,s:I,s:I,s:f}", "code", kids.items[k].code,
							"num", (json_int_t)num, "den", (json_int_t)den,
							"value", hall_value(ind->unit, num, den)));
		}
		json_object_set_new(j, "children", kid_figs);
		json_array_append_new(inds, j);
	}
	out = json_pack("{s:o,s:o,s:o,s:o,s:o}", "division", division_json(&d), "path", path,
			"as_of", day[0] ? json_string(day) : json_null(), "children", children,
			"indicators", inds);
done:
	json_decref(figs);
	json_decref(runs);
	registry_division_list_release(&kids);
	return out;
}

json_t *hall_trend(store_conn *c, const access_ctx *who, const char *key, const char *division,
		   int months, mz_day as_of, mz_err *e)
{
	const hall_indicator *ind = key ? hall_find(key) : NULL;
	registry_division d;
	char from[11], to[11], last_month[8] = "";
	mz_day end = as_of == MZ_DAY_INVALID ? mz_today() : as_of;
	json_t *points, *by_day;
	store_stmt *st;
	int y, m, dd, r;

	if (!ind)
		return mz_failf(e, MZ_ENOTFOUND, "key", "no indicator '%s'", "指标 '%s' 不存在",
				key ? key : ""), NULL;
	if (hall_division_resolve(c, who, division, &d, NULL, e))
		return NULL;
	mz_day_to_ymd(mz_day_add_months(end, -(months - 1)), &y, &m, &dd);
	mz_day_format(mz_day_from_ymd(y, m, 1), from);
	mz_day_format(end, to);
	/* The division's stored rows in the window, by day. */
	by_day = json_object();
	st = store_prepare(c, "SELECT as_of, num, den FROM hall_figures WHERE indicator = ?"
			      " AND division_code = ? AND as_of >= ? AND as_of <= ?", e);
	if (!st) {
		json_decref(by_day);
		return NULL;
	}
	store_params(st, ind->key, d.code, from, to);
	while ((r = store_step(st, e)) == 1)
		json_object_set_new(by_day, store_col_text(st, 0),
				    json_pack("[I,I]", (json_int_t)store_col_i64(st, 1),
					      (json_int_t)store_col_i64(st, 2)));
	store_done(st);
	/* The days computed, in order: the last of each month is its value. */
	points = json_array();
	st = r < 0 ? NULL : store_prepare(c, "SELECT as_of FROM hall_runs WHERE indicator = ?"
					     " AND as_of >= ? AND as_of <= ? ORDER BY as_of", e);
	if (!st) {
		json_decref(by_day);
		json_decref(points);
		return NULL;
	}
	store_params(st, ind->key, from, to);
	while ((r = store_step(st, e)) == 1) {
		const char *day = store_col_text(st, 0);
		json_t *p = json_object_get(by_day, day);
		json_int_t num = p ? json_integer_value(json_array_get(p, 0)) : 0;
		json_int_t den = p ? json_integer_value(json_array_get(p, 1)) : 0;
		json_t *pt = json_pack("{s:s%,s:s,s:I,s:I,s:f}", "month", day, (size_t)7, "as_of",
				       day, "num", num, "den", den, "value",
				       hall_value(ind->unit, num, den));

		if (!strncmp(last_month, day, 7))
			json_array_set_new(points, json_array_size(points) - 1, pt);
		else
			json_array_append_new(points, pt);
		snprintf(last_month, sizeof(last_month), "%.7s", day);
	}
	store_done(st);
	json_decref(by_day);
	if (r < 0) {
		json_decref(points);
		return NULL;
	}
	return json_pack("{s:o,s:o,s:o}", "indicator", hall_indicator_json(ind), "division",
			 division_json(&d), "points", points);
}
