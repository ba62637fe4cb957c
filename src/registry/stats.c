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
#include "registry/registry_internal.h"

#define STATS_TTL 300
#define STATS_SLOTS 32
#define BANDS REGISTRY_AGE_BANDS

static struct {
	char scope[16];
	int64_t at;
	int used;
	registry_stats value;
} cache[STATS_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

void registry_stats_init(registry_stats *s)
{
	memset(s, 0, sizeof(*s));
}

void registry_stats_release(registry_stats *s)
{
	if (!s)
		return;
	free(s->by_district);
	free(s->by_size);
	memset(s, 0, sizeof(*s));
}

/* A deep copy: the cache and the caller each own theirs. */
static void stats_copy(registry_stats *to, const registry_stats *from)
{
	*to = *from;
	to->by_district = mz_xmalloc((from->n_district ? from->n_district : 1) *
				     sizeof(*from->by_district));
	to->by_size = mz_xmalloc((from->n_size ? from->n_size : 1) * sizeof(*from->by_size));
	if (from->n_district)
		memcpy(to->by_district, from->by_district,
		       from->n_district * sizeof(*from->by_district));
	if (from->n_size)
		memcpy(to->by_size, from->by_size, from->n_size * sizeof(*from->by_size));
}

static int cache_get(const char *scope, registry_stats *out)
{
	int found = 0;

	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < STATS_SLOTS && !found; i++)
		if (cache[i].used && !strcmp(cache[i].scope, scope) &&
		    mz_now_unix() - cache[i].at < STATS_TTL) {
			stats_copy(out, &cache[i].value);
			found = 1;
		}
	pthread_mutex_unlock(&cache_lock);
	return found;
}

static void cache_put(const char *scope, const registry_stats *v)
{
	int slot = 0;

	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < STATS_SLOTS; i++) {
		if (!strcmp(cache[i].scope, scope) || !cache[i].used) {
			slot = i;
			break;
		}
		if (cache[i].at < cache[slot].at)
			slot = i;
	}
	if (cache[slot].used)
		registry_stats_release(&cache[slot].value);
	snprintf(cache[slot].scope, sizeof(cache[slot].scope), "%s", scope);
	cache[slot].at = mz_now_unix();
	stats_copy(&cache[slot].value, v);
	cache[slot].used = 1;
	pthread_mutex_unlock(&cache_lock);
}

/* Room for one more count in an array of n (grown in steps of 16). */
static registry_count *count_push(registry_count **items, size_t *n)
{
	if (*n % 16 == 0)
		*items = mz_xrealloc(*items, (*n + 16) * sizeof(**items));
	memset(&(*items)[*n], 0, sizeof(**items));
	return &(*items)[(*n)++];
}

int registry_stats_get(store_conn *c, const access_ctx *who, registry_stats *out, mz_err *e)
{
	int year, mon, day;
	store_stmt *st;
	int r;

	registry_stats_release(out);
	if (cache_get(who->scope_code, out))
		return 0;
	mz_day_to_ymd(mz_today(), &year, &mon, &day);

	st = store_prepare(c, "SELECT substr(p.division_code, 1, 6) AS dc, count(*)"
			      " FROM persons p WHERE " ACCESS_SCOPE_SQL("p.division_code")
			      " AND p.death_date IS NULL GROUP BY substr(p.division_code, 1, 6)"
			      " ORDER BY 1", e);
	if (!st)
		goto fail;
	access_scope_bind(st, 1, who);
	while ((r = store_step(st, e)) == 1) {
		registry_count *d = count_push(&out->by_district, &out->n_district);

		mz_strlcpy(d->code, store_col_text(st, 0), sizeof(d->code));
		registry_division_name(c, d->code, d->name, sizeof(d->name));
		d->count = store_col_i64(st, 1);
		out->persons_total += d->count;
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
			out->male[band] += store_col_i64(st, 2);
		else
			out->female[band] += store_col_i64(st, 2);
	}
	store_done(st);
	if (r < 0)
		goto fail;

	st = store_prepare(c, "SELECT n, count(*) FROM (SELECT h.id, count(m.person_id) AS n"
			      " FROM households h JOIN household_members m ON m.household_id = h.id"
			      " AND m.left_on IS NULL WHERE " ACCESS_SCOPE_SQL("h.division_code")
			      " GROUP BY h.id) t GROUP BY n ORDER BY n", e);
	if (!st)
		goto fail;
	access_scope_bind(st, 1, who);
	while ((r = store_step(st, e)) == 1) {
		registry_count *k = count_push(&out->by_size, &out->n_size);

		k->key = store_col_i64(st, 0);
		k->count = store_col_i64(st, 1);
		out->households_total += k->count;
	}
	store_done(st);
	if (r < 0)
		goto fail;
	cache_put(who->scope_code, out);
	return 0;
fail:
	registry_stats_release(out);
	return -1;
}

int registry_count_living_by_community(store_conn *c, const access_ctx *who, const char *lo,
				       const char *hi, mz_day born_by, registry_count **out,
				       size_t *n, mz_err *e)
{
	char cutoff[11];
	store_stmt *st;
	int r;

	*out = NULL;
	*n = 0;
	if (registry_range_check(who, lo, hi, e))
		return -1;
	mz_day_format(born_by, cutoff);
	st = store_prepare(c, "SELECT division_code, count(*) FROM persons WHERE birth_date <= ?"
			      " AND death_date IS NULL AND " ACCESS_SCOPE_SQL("division_code")
			      " GROUP BY division_code ORDER BY division_code", e);
	if (!st)
		return -1;
	store_params(st, cutoff, store_arg_range(lo, hi));
	while ((r = store_step(st, e)) == 1) {
		registry_count *k = count_push(out, n);

		mz_strlcpy(k->code, store_col_text(st, 0), sizeof(k->code));
		k->count = store_col_i64(st, 1);
	}
	store_done(st);
	if (r < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
