/* division_seed.c - seeds the city, its districts and its 178 streets.
 *
 * The seed only ever INSERTs missing rows (ON CONFLICT DO NOTHING), so an
 * operator's later corrections to a name survive `minzheng init`. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "registry/division_seed.h"
#include "registry/idcard.h"

extern const char mz_guangzhou_streets_csv[];

/* Centres of the districts' populated areas and a radius that keeps the
 * demo's communities inside Guangzhou (22.5-23.9N, 112.9-114.05E).
 * Approximate, read off a map; good enough for a synthetic city. */
static const struct {
	const char *code;
	int lat_e6, lon_e6, spread_e6;
} centres[] = {
	{ "440103", 23103000, 113232000, 25000 },  /* 荔湾 */
	{ "440104", 23129000, 113271000, 14000 },  /* 越秀 */
	{ "440105", 23090000, 113318000, 25000 },  /* 海珠 */
	{ "440106", 23148000, 113362000, 35000 },  /* 天河 */
	{ "440111", 23285000, 113300000, 90000 },  /* 白云 */
	{ "440112", 23190000, 113480000, 70000 },  /* 黄埔 */
	{ "440113", 22950000, 113380000, 65000 },  /* 番禺 */
	{ "440114", 23420000, 113220000, 80000 },  /* 花都 */
	{ "440115", 22760000, 113530000, 90000 },  /* 南沙 */
	{ "440117", 23620000, 113580000, 120000 }, /* 从化 */
	{ "440118", 23300000, 113750000, 110000 }, /* 增城 */
};

int registry_district_centre(const char *code6, int *lat_e6, int *lon_e6,
			     int *spread_e6)
{
	for (size_t i = 0; i < sizeof(centres) / sizeof(centres[0]); i++) {
		if (strcmp(centres[i].code, code6))
			continue;
		if (lat_e6)
			*lat_e6 = centres[i].lat_e6;
		if (lon_e6)
			*lon_e6 = centres[i].lon_e6;
		if (spread_e6)
			*spread_e6 = centres[i].spread_e6;
		return 0;
	}
	return -1;
}

static int all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Copies the next comma-separated field of [*p, end) into out. */
static void next_field(const char **p, const char *end, char *out, size_t cap)
{
	const char *q = *p;
	size_t n;

	while (q < end && *q != ',')
		q++;
	n = (size_t)(q - *p);
	if (n >= cap)
		n = cap - 1;
	memcpy(out, *p, n);
	out[n] = '\0';
	*p = q < end ? q + 1 : q;
}

int registry_streets_parse(registry_street **out, int *count, mz_err *e)
{
	const char *p = mz_guangzhou_streets_csv;
	registry_street *v = NULL;
	int n = 0, cap = 0, line = 0;

	*out = NULL;
	*count = 0;
	while (*p) {
		const char *end = strchr(p, '\n');
		const char *q = p;
		registry_street s;
		char f[4][128];

		if (!end)
			end = p + strlen(p);
		line++;
		if (end > p && end[-1] == '\r')
			end--;
		if (line == 1 || end == p) { /* header, blank line */
			p = *end == '\r' ? end + 2 : (*end ? end + 1 : end);
			continue;
		}
		next_field(&q, end, f[0], sizeof(f[0]));
		next_field(&q, end, f[1], sizeof(f[1]));
		next_field(&q, end, f[2], sizeof(f[2]));
		next_field(&q, end, f[3], sizeof(f[3]));
		if (!all_digits(f[0], 9) || !all_digits(f[2], 6) ||
		    strncmp(f[0], f[2], 6) || !f[1][0] ||
		    strlen(f[1]) >= sizeof(s.name) || strlen(f[3]) >= sizeof(s.district_name) ||
		    !gz_district_find(f[2]) || gz_division_is_historical(f[2])) {
			free(v);
			return mz_failf(e, MZ_EINTERNAL, "",
					"guangzhou-streets.csv line %d is malformed",
					"guangzhou-streets.csv 第 %d 行格式错误", line);
		}
		mz_strlcpy(s.code, f[0], sizeof(s.code));
		mz_strlcpy(s.name, f[1], sizeof(s.name));
		mz_strlcpy(s.district, f[2], sizeof(s.district));
		mz_strlcpy(s.district_name, f[3], sizeof(s.district_name));
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			v = mz_xrealloc(v, (size_t)cap * sizeof(*v));
		}
		v[n++] = s;
		p = *end == '\r' ? end + 2 : (*end ? end + 1 : end);
	}
	*out = v;
	*count = n;
	return 0;
}

static int insert_division(store_conn *c, const char *code, const char *name,
			   int level, const char *parent, int historical,
			   const int *lat, const int *lon, mz_err *e)
{
	store_stmt *st = store_prepare(c,
		"INSERT INTO divisions (code, name, level, parent, historical, lat_e6, lon_e6)"
		" VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING", e);
	int r;

	if (!st)
		return -1;
	store_bind_text(st, 1, code);
	store_bind_text(st, 2, name);
	store_bind_i64(st, 3, level);
	store_bind_text(st, 4, parent);
	store_bind_i64(st, 5, historical);
	if (lat)
		store_bind_i64(st, 6, *lat);
	else
		store_bind_null(st, 6);
	if (lon)
		store_bind_i64(st, 7, *lon);
	else
		store_bind_null(st, 7);
	r = store_step(st, e);
	store_done(st);
	return r < 0 ? -1 : 0;
}

int registry_divisions_seed(store_conn *c, mz_err *e)
{
	registry_street *streets = NULL;
	int nstreets = 0, expected, i;
	int64_t have = 0;

	if (registry_streets_parse(&streets, &nstreets, e))
		return -1;
	expected = 1 + nstreets;
	for (i = 0; gz_districts[i].code; i++)
		expected++;
	/* Nothing to do (the usual case at every start): skip the write
	 * transaction altogether. */
	if (store_query_i64(c, "SELECT count(*) FROM divisions WHERE level <= 3", &have, e)) {
		free(streets);
		return -1;
	}
	if (have >= expected) {
		free(streets);
		return 0;
	}
	if (store_begin(c, e)) {
		free(streets);
		return -1;
	}
	if (insert_division(c, GZ_CITY_CODE, GZ_CITY_NAME, 1, NULL, 0, NULL, NULL, e))
		goto fail;
	for (i = 0; gz_districts[i].code; i++) {
		const gz_district *d = &gz_districts[i];
		int lat, lon;
		int has = !d->historical &&
			  !registry_district_centre(d->code, &lat, &lon, NULL);

		if (insert_division(c, d->code, d->name, 2, GZ_CITY_CODE, d->historical ? 1 : 0,
				    has ? &lat : NULL, has ? &lon : NULL, e))
			goto fail;
	}
	for (i = 0; i < nstreets; i++)
		if (insert_division(c, streets[i].code, streets[i].name, 3,
				    streets[i].district, 0, NULL, NULL, e))
			goto fail;
	free(streets);
	return store_commit(c, e);
fail:
	store_rollback(c);
	free(streets);
	return -1;
}
