/* dashboard.c - the elderly-care dashboard (see dashboard.h). Each figure
 * is one grouped query over the rows the services already keep; the
 * district is the first six digits of the elder's division code. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/eldercare/dashboard.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/visits.h"
#include "registry/registry.h"

#define DASH_MAX 32 /* Guangzhou has 11 districts; a margin for scope roots */

typedef struct dash_row {
	char code[8];
	int64_t meals, subsidy, calls, responded, response_sum, waiting, due, done;
} dash_row;

static dash_row *row_of(dash_row *rows, int *n, const char *division)
{
	char code[8];

	mz_strlcpy(code, division, sizeof(code) > 7 ? 7 : sizeof(code));
	for (int i = 0; i < *n; i++)
		if (!strcmp(rows[i].code, code))
			return &rows[i];
	if (*n >= DASH_MAX)
		return NULL;
	memset(&rows[*n], 0, sizeof(rows[*n]));
	mz_strlcpy(rows[*n].code, code, sizeof(rows[*n].code));
	return &rows[(*n)++];
}

/* Runs a grouped query binding (lo, hi, a, b) and adds column 1.. into the
 * fields the callback picks. */
static int grouped(store_conn *c, const char *sql, const char *lo, const char *hi,
		   const char *a, const char *b, dash_row *rows, int *n, int what, mz_err *e)
{
	store_stmt *st = store_prepare(c, sql, e);
	int r;

	if (!st)
		return -1;
	store_params(st, store_arg_range(lo, hi));
	if (a)
		store_bind_text(st, 3, a);
	if (b)
		store_bind_text(st, 4, b);
	while ((r = store_step(st, e)) == 1) {
		dash_row *d = row_of(rows, n, store_col_text(st, 0));

		if (!d)
			continue;
		if (what == 0) {
			d->meals += store_col_i64(st, 1);
			d->subsidy += store_col_i64(st, 2);
		} else if (what == 1) {
			d->calls += store_col_i64(st, 1);
			d->responded += store_col_i64(st, 2);
			d->response_sum += store_col_i64(st, 3);
		} else {
			d->waiting += store_col_i64(st, 1);
		}
	}
	store_done(st);
	return r < 0 ? -1 : 0;
}

json_t *ec_dashboard(store_conn *c, const access_ctx *who, const char *month, mz_err *e)
{
	dash_row rows[DASH_MAX];
	int n = 0, days;
	mz_day first, last;
	char lo[16], hi[16], a[11], z[11];
	json_t *out, *list, *daily, *rates, *it;
	store_stmt *st;
	size_t i;
	int r;

	if (ec_parse_month(month, &first, &last, e) || ec_scope_range(who, NULL, lo, hi, e))
		return NULL;
	mz_day_format(first, a);
	mz_day_format(last, z);
	/* Days elapsed in the month, for meals a day in a running month. */
	days = (int)((mz_today() < last ? mz_today() : last) - first + 1);
	if (days < 1)
		days = 1;
	if (grouped(c, "SELECT substr(division_code, 1, 6), count(*), sum(subsidy_fen) FROM ec_meals"
		       " WHERE " ACCESS_SCOPE_SQL("division_code") " AND month = ?"
		       " GROUP BY substr(division_code, 1, 6)", lo, hi, month, NULL, rows, &n, 0, e) ||
	    grouped(c, "SELECT substr(division_code, 1, 6), count(*), sum(CASE WHEN responded_at IS NULL"
		       " THEN 0 ELSE 1 END), sum(CASE WHEN responded_at IS NULL THEN 0 ELSE responded_at -"
		       " received_at END) FROM ec_calls WHERE " ACCESS_SCOPE_SQL("division_code")
		       " AND kind = 'emergency' AND day >= ? AND day <= ? GROUP BY substr(division_code, 1, 6)",
		       lo, hi, a, z, rows, &n, 1, e) ||
	    grouped(c, "SELECT substr(division_code, 1, 6), count(*) FROM ec_wait_applications WHERE"
		       " " ACCESS_SCOPE_SQL("division_code") " AND status IN ('waiting', 'offered')"
		       " GROUP BY substr(division_code, 1, 6)", lo, hi, NULL, NULL, rows, &n, 2, e))
		return NULL;
	rates = ec_visit_rates(c, who, NULL, month, e);
	if (!rates)
		return NULL;
	json_array_foreach(json_object_get(rates, "items"), i, it) {
		dash_row *dr = row_of(rows, &n, json_string_value(json_object_get(it, "division_code")));

		if (dr) {
			dr->due += json_integer_value(json_object_get(it, "due"));
			dr->done += json_integer_value(json_object_get(it, "visited"));
		}
	}
	json_decref(rates);
	list = json_array();
	for (int k = 0; k < n; k++) {
		char name[128];

		/* The division's name is the registry's (a retired code keeps it). */
		r = registry_division_lookup(c, rows[k].code, name, sizeof(name), e);
		json_array_append_new(list, json_pack("{s:s,s:s,s:I,s:f,s:I,s:I,s:I,s:o,s:I,s:I,s:I,s:I}",
			"code", rows[k].code, "name", name, "meals",
			(json_int_t)rows[k].meals, "meals_per_day", (double)((rows[k].meals * 10 + days / 2) / days) / 10.0, /* one decimal */
			"subsidy_fen", (json_int_t)rows[k].subsidy, "emergency_calls", (json_int_t)rows[k].calls,
			"responded", (json_int_t)rows[k].responded, "avg_response_s",
			rows[k].responded ? json_integer(rows[k].response_sum / rows[k].responded) : json_null(),
			"waiting", (json_int_t)rows[k].waiting, "visits_due", (json_int_t)rows[k].due,
			"visits_done", (json_int_t)rows[k].done, "visit_rate_permille",
			(json_int_t)(rows[k].due ? rows[k].done * 1000 / rows[k].due : 1000)));
		if (r < 0) {
			json_decref(list);
			goto fail;
		}
	}
	daily = json_array();
	st = store_prepare(c, "SELECT served_on, count(*) FROM ec_meals WHERE " ACCESS_SCOPE_SQL("division_code")
			      " AND month = ? GROUP BY served_on ORDER BY served_on", e);
	if (!st) {
		json_decref(list);
		json_decref(daily);
		goto fail;
	}
	store_params(st, store_arg_range(lo, hi), month);
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(daily, json_pack("{s:s,s:I}", "day", store_col_text(st, 0), "meals",
						       (json_int_t)store_col_i64(st, 1)));
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_READ, "eldercare.dashboard", "eldercare", 0, lo, "",
				  NULL, e)) {
		json_decref(list);
		json_decref(daily);
		goto fail;
	}
	out = json_pack("{s:s,s:i,s:o,s:o}", "month", month, "days", days, "districts", list, "daily",
			daily);
	return out;
fail:
	return NULL;
}
