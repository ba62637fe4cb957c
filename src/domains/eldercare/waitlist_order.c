/* waitlist_order.c - the waiting-list order (pure; see waitlist.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/waitlist.h"

static const struct {
	const char *name;
	int crit;
} order_names[] = {
	{ "category", EC_WK_CATEGORY }, { "level", EC_WK_LEVEL },   { "age", EC_WK_AGE },
	{ "special_family", EC_WK_SPECIAL }, { "youfu", EC_WK_YOUFU }, { "applied_on", EC_WK_APPLIED },
};

int ec_wait_order_parse(const char *order, int crit[EC_WK_MAX], int *n, mz_err *e)
{
	char buf[256], *save = NULL, *tok;

	*n = 0;
	mz_strlcpy(buf, order ? order : "", sizeof(buf));
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int found = 0;

		for (size_t i = 0; i < sizeof(order_names) / sizeof(order_names[0]); i++)
			if (!strcmp(tok, order_names[i].name))
				found = order_names[i].crit;
		if (!found || *n >= EC_WK_MAX)
			return mz_failf(e, MZ_ESTATE, "waitlist.order", "waitlist.order: unknown criterion '%s'",
					"轮候排序规则含未知条件 '%s'", tok);
		crit[(*n)++] = found;
	}
	return 0;
}

int ec_wait_rank_of(const char *ranks, const char *categories, char cat_out[32])
{
	char rb[256], cb[256], *s1 = NULL, *s2 = NULL, *r, *c;
	int best = EC_WK_NO_CATEGORY;

	cat_out[0] = 0;
	mz_strlcpy(cb, categories ? categories : "", sizeof(cb));
	for (c = strtok_r(cb, ",", &s1); c; c = strtok_r(NULL, ",", &s1)) {
		mz_strlcpy(rb, ranks ? ranks : "", sizeof(rb));
		for (r = strtok_r(rb, ",", &s2); r; r = strtok_r(NULL, ",", &s2)) {
			char *colon = strchr(r, ':');

			if (!colon)
				continue;
			*colon = 0;
			if (!strcmp(r, c)) {
				int v = (int)strtol(colon + 1, NULL, 10);

				if (v < best) {
					best = v;
					mz_strlcpy(cat_out, c, 32);
				}
			}
		}
	}
	return best;
}

static int cmp_int(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

int ec_wait_key_cmp(const int *crit, int n, const ec_wait_key *a, const ec_wait_key *b)
{
	for (int i = 0; i < n; i++) {
		int r = 0;

		switch (crit[i]) {
		case EC_WK_CATEGORY: r = cmp_int(a->cat_rank, b->cat_rank); break;
		case EC_WK_LEVEL: r = cmp_int(b->level, a->level); break; /* higher level first */
		case EC_WK_AGE: r = cmp_int(a->birth, b->birth); break;   /* born earlier first */
		case EC_WK_SPECIAL: r = cmp_int(b->special_family, a->special_family); break;
		case EC_WK_YOUFU: r = cmp_int(b->youfu, a->youfu); break;
		case EC_WK_APPLIED: r = cmp_int(a->applied_on, b->applied_on); break;
		}
		if (r)
			return r;
	}
	return cmp_int(a->app_id, b->app_id);
}

void ec_wait_sort(const int *crit, int n, ec_wait_key *keys, size_t count)
{
	/* Insertion sort: queues are a few hundred long, and it is stable
	 * and needs no global for the criteria (qsort has no context). */
	for (size_t i = 1; i < count; i++) {
		ec_wait_key k = keys[i];
		size_t j = i;

		while (j > 0 && ec_wait_key_cmp(crit, n, &k, &keys[j - 1]) < 0) {
			keys[j] = keys[j - 1];
			j--;
		}
		keys[j] = k;
	}
}

json_t *ec_wait_key_json(const ec_wait_key *k)
{
	char birth[11], applied[11];

	mz_day_format(k->birth, birth);
	mz_day_format(k->applied_on, applied);
	return json_pack("{s:s,s:i,s:i,s:s,s:b,s:b,s:s}", "category", k->category,
			 "category_rank", k->cat_rank, "level", k->level, "birth_date", birth,
			 "special_family", k->special_family, "youfu", k->youfu, "applied_on",
			 applied);
}
