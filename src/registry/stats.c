/* stats.c - registry figures for the home page: persons by district, the
 * age pyramid and households by size, within the caller's scope.
 *
 * These scan the whole registry of the scope, so results are cached per
 * scope for STATS_TTL seconds: a city of 20 million should not rescan on
 * every page view, and figures a few minutes old are fine for charts. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "registry/registry.h"

#define STATS_TTL 300
#define STATS_SLOTS 32
#define BANDS 21 /* 0-4 ... 95-99, 100+ */

static struct {
	char scope[16];
	int64_t at;
	json_t *value;
} cache[STATS_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static json_t *cache_get(const char *scope)
{
	json_t *v = NULL;

	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < STATS_SLOTS; i++)
		if (cache[i].value && !strcmp(cache[i].scope, scope) &&
		    mz_now_unix() - cache[i].at < STATS_TTL)
			v = json_deep_copy(cache[i].value);
	pthread_mutex_unlock(&cache_lock);
	return v;
}

static void cache_put(const char *scope, json_t *v)
{
	int slot = 0;

	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < STATS_SLOTS; i++) {
		if (!strcmp(cache[i].scope, scope) || !cache[i].value) {
			slot = i;
			break;
		}
		if (cache[i].at < cache[slot].at)
			slot = i;
	}
	json_decref(cache[slot].value);
	snprintf(cache[slot].scope, sizeof(cache[slot].scope), "%s", scope);
	cache[slot].at = mz_now_unix();
	cache[slot].value = json_deep_copy(v);
	pthread_mutex_unlock(&cache_lock);
}

json_t *registry_stats(store_conn *c, const access_ctx *who, mz_err *e)
{
	int64_t male[BANDS] = { 0 }, female[BANDS] = { 0 }, persons = 0, households = 0;
	int year, mon, day;
	store_stmt *st;
	json_t *by_district, *pyramid, *by_size, *out;
	int r;

	out = cache_get(who->scope_code);
	if (out)
		return out;
	mz_day_to_ymd(mz_today(), &year, &mon, &day);

	by_district = json_array();
	st = store_prepare(c, "SELECT substr(p.division_code, 1, 6) AS dc, count(*)"
			      " FROM persons p WHERE " ACCESS_SCOPE_SQL("p.division_code")
			      " AND p.death_date IS NULL GROUP BY substr(p.division_code, 1, 6)"
			      " ORDER BY 1", e);
	if (!st)
		goto fail;
	access_scope_bind(st, 1, who);
	while ((r = store_step(st, e)) == 1) {
		char name[128];
		registry_division_name(c, store_col_text(st, 0), name, sizeof(name));
		json_array_append_new(by_district, json_pack("{s:s,s:s,s:I}", "code",
							     store_col_text(st, 0), "name", name,
							     "count", (json_int_t)store_col_i64(st, 1)));
		persons += store_col_i64(st, 1);
	}
	store_done(st);
	if (r < 0)
		goto fail;

	/* Age by birth year is exact to within the current year's birthdays,
	 * which is as fine as 5-year bands need. */
	st = store_prepare(c, "SELECT substr(birth_date, 1, 4), sex, count(*) FROM persons"
			      " WHERE " ACCESS_SCOPE_SQL("division_code") " AND death_date IS NULL"
			      " GROUP BY substr(birth_date, 1, 4), sex", e);
	if (!st)
		goto fail;
	access_scope_bind(st, 1, who);
	while ((r = store_step(st, e)) == 1) {
		long age = year - strtol(store_col_text(st, 0), NULL, 10);
		int band = age < 0 ? 0 : age / 5 >= BANDS ? BANDS - 1 : (int)(age / 5);
		if (store_col_text(st, 1)[0] == 'M')
			male[band] += store_col_i64(st, 2);
		else
			female[band] += store_col_i64(st, 2);
	}
	store_done(st);
	if (r < 0)
		goto fail;
	pyramid = json_array();
	for (int b = 0; b < BANDS; b++) {
		char label[16];
		if (b == BANDS - 1)
			snprintf(label, sizeof(label), "%d+", b * 5);
		else
			snprintf(label, sizeof(label), "%d-%d", b * 5, b * 5 + 4);
		json_array_append_new(pyramid, json_pack("{s:s,s:I,s:I}", "band", label, "male",
							 (json_int_t)male[b], "female",
							 (json_int_t)female[b]));
	}

	by_size = json_array();
	st = store_prepare(c, "SELECT n, count(*) FROM (SELECT h.id, count(m.person_id) AS n"
			      " FROM households h JOIN household_members m ON m.household_id = h.id"
			      " AND m.left_on IS NULL WHERE " ACCESS_SCOPE_SQL("h.division_code")
			      " GROUP BY h.id) t GROUP BY n ORDER BY n", e);
	if (!st) {
		json_decref(pyramid);
		goto fail;
	}
	access_scope_bind(st, 1, who);
	while ((r = store_step(st, e)) == 1) {
		json_array_append_new(by_size, json_pack("{s:I,s:I}", "size",
							 (json_int_t)store_col_i64(st, 0), "count",
							 (json_int_t)store_col_i64(st, 1)));
		households += store_col_i64(st, 1);
	}
	store_done(st);
	if (r < 0) {
		json_decref(pyramid);
		json_decref(by_size);
		goto fail;
	}
	out = json_pack("{s:I,s:I,s:o,s:o,s:o}", "persons_total", (json_int_t)persons,
			"households_total", (json_int_t)households, "persons_by_district",
			by_district, "age_pyramid", pyramid, "households_by_size", by_size);
	cache_put(who->scope_code, out);
	return out;
fail:
	json_decref(by_district);
	return NULL;
}
