/* demo_community.c - 2,780 synthetic communities and villages under the 178
 * real streets and towns, in the real 12-digit statistical code format.
 *
 * Shape (after the 2020 figures: 1,615 communities and 1,144 villages):
 * the four old urban districts (荔湾 越秀 海珠 天河) have residents'
 * committees only; streets of the outer districts have some villages; towns
 * are mostly villages around one or more town-centre communities; the two
 * special units of 从化 (a reservoir, a forest farm) get one community each.
 * The layout depends on no seed: every demo city has the same map. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "demo/demo.h"
#include "demo/demo_internal.h"
#include "registry/division_seed.h"

/* Residents (10,000s, 2020 census) per district: the population weights. */
static const struct {
	const char *code;
	double pop;
	int urban; /* one of the four old urban districts */
} district_info[] = {
	{ "440103", 123.8, 1 }, { "440104", 103.9, 1 }, { "440105", 181.9, 1 },
	{ "440106", 224.2, 1 }, { "440111", 374.3, 0 }, { "440112", 126.4, 0 },
	{ "440113", 265.9, 0 }, { "440114", 164.2, 0 }, { "440115", 84.7, 0 },
	{ "440117", 72.0, 0 },  { "440118", 146.6, 0 },
};
#define NDISTRICT_INFO (int)(sizeof(district_info) / sizeof(district_info[0]))

/* Two characters make a place name: 东华, 石岗, 新围 ... */
static const char *const place1[] = {
	"东", "西", "南", "北", "中", "新", "华", "安", "康", "宁", "和", "平",
	"富", "龙", "凤", "金", "沙", "江", "海", "山", "花", "云", "兴", "盛",
	"景", "荔", "石", "长", "丰", "永", "福", "德", "光", "明", "文", "庆",
	"瑞", "昌", "宝", "桂", "松", "竹", "莲", "鹤", "黄", "白", "清", "大",
};
static const char *const place2[] = {
	"风", "园", "湾", "岗", "塘", "岭", "溪", "涌", "洲", "桥", "田", "庄",
	"坑", "湖", "苑", "城", "门", "坊", "围", "基", "冲", "头", "边", "滘",
	"泉", "港", "林", "村", "埔", "环", "景", "秀", "华", "安", "兴", "乐",
};
static const char *const road1[] = {
	"同", "宝", "恩", "人", "解", "中", "东", "江", "工", "昌", "新", "广",
	"天", "体", "黄", "白", "机", "沙", "荔", "康", "逢", "华", "芳", "龙",
	"花", "环", "滨", "建", "惠", "盘", "如", "文", "德", "泰", "云", "晓",
};
static const char *const road2[] = {
	"福", "华", "宁", "民", "放", "山", "风", "南", "业", "岗", "港", "州",
	"河", "育", "埔", "云", "场", "园", "湾", "乐", "源", "景", "城", "田",
	"江", "洲", "明", "安", "祥", "平", "和", "兴", "凤", "泉", "林", "苑",
};
static const char *const road3[] = {
	"路", "路", "路", "街", "大道", "大街", "中路", "北路", "南路", "东路", "西路", "一路",
};
#define N(a) (uint32_t)(sizeof(a) / sizeof((a)[0]))

static int district_index(const char *code)
{
	for (int i = 0; i < NDISTRICT_INFO; i++)
		if (!strcmp(district_info[i].code, code))
			return i;
	return -1;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Guangzhou's bounding box, in 1e-6 degrees. */
#define LAT_MIN 22520000
#define LAT_MAX 23880000
#define LON_MIN 112960000
#define LON_MAX 114040000

static void offset_point(demo_rng *r, int lat0, int lon0, double radius, int *lat,
			 int *lon)
{
	double dy = demo_rng_normal(r) * radius * 0.5;
	double dx = demo_rng_normal(r) * radius * 0.5;

	if (dy > radius)
		dy = radius;
	if (dy < -radius)
		dy = -radius;
	if (dx > radius)
		dx = radius;
	if (dx < -radius)
		dx = -radius;
	*lat = clamp(lat0 + (int)dy, LAT_MIN, LAT_MAX);
	*lon = clamp(lon0 + (int)dx, LON_MIN, LON_MAX);
}

/* A two-character name not yet used under this street. */
static void unique_name(demo_rng *r, char used[][8], int nused, char out[8])
{
	for (int tries = 0;; tries++) {
		const char *a = place1[demo_rng_below(r, N(place1))];
		const char *b = place2[demo_rng_below(r, N(place2))];
		int j;

		if (!strcmp(a, b))
			continue; /* no 华华 */
		snprintf(out, 8, "%s%s", a, b);
		for (j = 0; j < nused; j++)
			if (!strcmp(used[j], out))
				break;
		if (j == nused || tries > 1000) /* 1,728 pairs, < 400 per street */
			return;
	}
}

int demo_communities_make(registry_street **streets_out, int *nstreets_out,
			  demo_community **comms_out, int *ncomms_out,
			  char district_codes[16][7], int *ndistricts, mz_err *e)
{
	registry_street *streets;
	demo_community *v;
	int nstreets, nspecial = 0, n = 0, i;
	int *weight, *count;
	int64_t wsum = 0, cum = 0, target;
	double comms_per_district[16] = { 0 };

	if (registry_streets_parse(&streets, &nstreets, e))
		return -1;
	weight = mz_xcalloc((size_t)nstreets, sizeof(int));
	count = mz_xcalloc((size_t)nstreets, sizeof(int));
	*ndistricts = 0;
	for (i = 0; i < NDISTRICT_INFO; i++)
		mz_strlcpy(district_codes[(*ndistricts)++], district_info[i].code, 7);

	/* Raw sizes per street: towns are larger (many small villages). */
	for (i = 0; i < nstreets; i++) {
		int seg = (int)strtol(streets[i].code + 6, NULL, 10);
		int d = district_index(streets[i].district);
		demo_rng r;

		if (d < 0) {
			free(weight);
			free(count);
			free(streets);
			return mz_failf(e, MZ_EINTERNAL, "", "street '%s' has no known district",
					"街道 '%s' 的区不存在", streets[i].code);
		}
		demo_rng_seed(&r, 0x636f6d6dULL, (uint64_t)strtoll(streets[i].code, NULL, 10));
		if (seg >= 400) {
			nspecial++;
			continue;
		}
		if (seg >= 100)
			weight[i] = 16 + demo_rng_range(&r, 0, 22);
		else if (district_info[d].urban)
			weight[i] = 8 + demo_rng_range(&r, 0, 10);
		else
			weight[i] = 10 + demo_rng_range(&r, 0, 14);
		wsum += weight[i];
	}
	/* Apportion exactly DEMO_COMMUNITIES by cumulative rounding. */
	target = DEMO_COMMUNITIES - nspecial;
	for (i = 0; i < nstreets; i++) {
		int64_t before = wsum ? cum * target / wsum : 0;

		if (!weight[i]) {
			count[i] = 1;
			continue;
		}
		cum += weight[i];
		count[i] = (int)(cum * target / wsum - before);
		if (count[i] < 1)
			count[i] = 1;
	}

	v = mz_xcalloc(DEMO_COMMUNITIES + (size_t)nstreets, sizeof(*v));
	for (i = 0; i < nstreets; i++) {
		int seg = (int)strtol(streets[i].code + 6, NULL, 10);
		int d = district_index(streets[i].district);
		int lat0, lon0, spread, slat, slon, nv = 0, nc;
		char used[400][8];
		demo_rng r;

		demo_rng_seed(&r, 0x73747265ULL, (uint64_t)strtoll(streets[i].code, NULL, 10));
		registry_district_centre(streets[i].district, &lat0, &lon0, &spread);
		offset_point(&r, lat0, lon0, spread, &slat, &slon);
		if (seg >= 100 && seg < 400)
			nv = count[i] * demo_rng_range(&r, 75, 92) / 100;
		else if (seg < 100 && !district_info[d].urban)
			nv = count[i] * demo_rng_range(&r, 0, 40) / 100;
		nc = count[i] - nv;
		if (nc < 1) {
			nc = 1;
			nv = count[i] - 1;
		}
		if (nc > 199)
			nc = 199;
		if (nv > 200)
			nv = 200;
		for (int k = 0; k < nc + nv; k++) {
			demo_community *cm = &v[n++];
			int village = k >= nc;
			int num = village ? 200 + (k - nc) : 1 + k;

			snprintf(cm->code, sizeof(cm->code), "%s%03d", streets[i].code, num);
			unique_name(&r, used, k, used[k]);
			mz_strlcpy(cm->short_name, used[k], sizeof(cm->short_name));
			snprintf(cm->name, sizeof(cm->name), "%s%s", used[k],
				 village ? "村委会" : "社区居委会");
			snprintf(cm->road, sizeof(cm->road), "%s%s%s",
				 road1[demo_rng_below(&r, N(road1))],
				 road2[demo_rng_below(&r, N(road2))],
				 road3[demo_rng_below(&r, N(road3))]);
			cm->street = i;
			cm->district = d;
			cm->village = village;
			offset_point(&r, slat, slon, spread * 0.25, &cm->lat_e6, &cm->lon_e6);
			cm->weight = (village ? 0.8 : 1.0) * (0.6 + 0.8 * demo_rng_unit(&r));
			comms_per_district[d] += cm->weight;
		}
	}
	/* Scale so that each district's communities share its population. */
	for (i = 0; i < n; i++)
		v[i].weight *= district_info[v[i].district].pop /
			       comms_per_district[v[i].district];
	free(weight);
	free(count);
	*streets_out = streets;
	*nstreets_out = nstreets;
	*comms_out = v;
	*ncomms_out = n;
	return 0;
}

int registry_demo_communities(store_conn *c, mz_err *e)
{
	registry_street *streets;
	demo_community *v;
	int nstreets, n, nd;
	char dcodes[16][7];
	int64_t have = 0;

	if (demo_communities_make(&streets, &nstreets, &v, &n, dcodes, &nd, e))
		return -1;
	if (store_query_i64(c, "SELECT count(*) FROM divisions WHERE level = 4", &have, e))
		goto fail_notx;
	if (have >= n)
		goto done;
	if (store_begin(c, e))
		goto fail_notx;
	for (int i = 0; i < n; i++) {
		store_stmt *st = store_prepare(c,
			"INSERT INTO divisions (code, name, level, parent, historical, lat_e6, lon_e6)"
			" VALUES (?, ?, 4, ?, 0, ?, ?) ON CONFLICT (code) DO NOTHING", e);

		if (!st)
			goto fail;
		store_bind_text(st, 1, v[i].code);
		store_bind_text(st, 2, v[i].name);
		store_bind_text(st, 3, streets[v[i].street].code);
		store_bind_i64(st, 4, v[i].lat_e6);
		store_bind_i64(st, 5, v[i].lon_e6);
		if (store_step(st, e) < 0) {
			store_done(st);
			goto fail;
		}
		store_done(st);
	}
	/* A street's position: the mean of its communities. */
	for (int s = 0, i = 0; s < nstreets; s++) {
		int64_t lat = 0, lon = 0, k = 0;
		store_stmt *st;

		for (; i < n && v[i].street == s; i++, k++) {
			lat += v[i].lat_e6;
			lon += v[i].lon_e6;
		}
		if (!k)
			continue;
		st = store_prepare(c, "UPDATE divisions SET lat_e6 = ?, lon_e6 = ?"
				      " WHERE code = ? AND lat_e6 IS NULL", e);
		if (!st)
			goto fail;
		store_bind_i64(st, 1, lat / k);
		store_bind_i64(st, 2, lon / k);
		store_bind_text(st, 3, streets[s].code);
		if (store_step(st, e) < 0) {
			store_done(st);
			goto fail;
		}
		store_done(st);
	}
	if (store_commit(c, e))
		goto fail_notx;
done:
	free(streets);
	free(v);
	return 0;
fail:
	store_rollback(c);
fail_notx:
	free(streets);
	free(v);
	return -1;
}
