/* demo_household.c - the people of the demo city, one household at a time.
 *
 * A household is first drawn as a shape (an old person alone, a couple with
 * children, three generations, ...) with ages that fit the relations, then
 * its members get ID numbers, names and circumstances: disabilities, flags,
 * deaths, incomes by kind and assets. The shape weights are tuned so that
 * households average ~2.6 persons and ~20% of persons are 60+ (Guangzhou
 * 2025). Rows go to the generator's per-table buffers (demo_internal.h);
 * demo.c writes them out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "demo/demo.h"
#include "demo/demo_internal.h"
#include "registry/idcard.h"

#define N(a) (uint32_t)(sizeof(a) / sizeof((a)[0]))
#define BIRTH_Y0 1915 /* earliest birth year the sequence table covers */

/* ---- tables ---- */

/* Surnames of Guangzhou, roughly by frequency (陈 李 黄 梁 lead), weights in
 * per-mille-ish units. */
static const struct {
	const char *s;
	int w;
} surnames[] = {
	{ "陈", 105 }, { "李", 70 }, { "黄", 65 }, { "梁", 50 }, { "张", 45 },
	{ "林", 40 }, { "刘", 40 }, { "何", 35 }, { "吴", 30 }, { "罗", 30 },
	{ "王", 25 }, { "郭", 20 }, { "杨", 20 }, { "周", 18 }, { "郑", 18 },
	{ "谢", 18 }, { "冯", 16 }, { "邓", 16 }, { "曾", 15 }, { "叶", 15 },
	{ "朱", 13 }, { "蔡", 12 }, { "钟", 12 }, { "麦", 10 }, { "潘", 10 },
	{ "许", 10 }, { "赵", 10 }, { "徐", 9 }, { "卢", 9 }, { "苏", 9 },
	{ "彭", 8 }, { "胡", 8 }, { "余", 8 }, { "关", 7 }, { "邱", 7 },
	{ "廖", 7 }, { "江", 6 }, { "区", 5 }, { "温", 5 }, { "莫", 5 },
	{ "袁", 5 }, { "孙", 5 }, { "马", 5 }, { "高", 5 }, { "唐", 5 },
	{ "方", 4 }, { "伍", 4 }, { "欧阳", 3 }, { "简", 3 }, { "骆", 3 },
	{ "岑", 3 }, { "霍", 3 }, { "邝", 3 }, { "甘", 3 }, { "龙", 3 },
	{ "严", 3 }, { "田", 3 }, { "汤", 3 }, { "姚", 3 }, { "韩", 3 },
	{ "沈", 3 }, { "宋", 3 }, { "曹", 3 }, { "范", 3 }, { "司徒", 2 },
	{ "冼", 2 }, { "招", 2 }, { "容", 2 }, { "植", 1 }, { "谭", 8 },
};

/* Given-name characters by sex and generation (born <1965, 1965-1994, 1995+). */
static const char *const given_m[3][30] = {
	{ "国", "建", "华", "明", "伟", "强", "志", "德", "文", "荣", "海", "永", "家", "金", "光",
	  "耀", "辉", "祥", "福", "庆", "兴", "成", "汉", "炳", "锦", "添", "根", "棠", "泉", "基" },
	{ "伟", "俊", "杰", "斌", "峰", "涛", "明", "辉", "健", "勇", "军", "志", "鹏", "浩", "敏",
	  "锋", "彬", "家", "振", "宇", "文", "智", "达", "晖", "东", "国", "永", "忠", "坚", "剑" },
	{ "子", "梓", "浩", "宇", "轩", "睿", "俊", "泽", "博", "皓", "晨", "煜", "航", "铭", "宸",
	  "锦", "乐", "逸", "昊", "朗", "嘉", "祺", "霖", "恒", "彦", "天", "卓", "然", "峻", "熙" },
};
static const char *const given_f[3][30] = {
	{ "秀", "英", "珍", "芳", "玉", "兰", "凤", "梅", "丽", "琼", "娟", "霞", "桂", "燕", "卿",
	  "好", "彩", "妹", "群", "月", "嫦", "娇", "容", "带", "金", "爱", "莲", "珠", "娣", "银" },
	{ "丽", "敏", "静", "燕", "婷", "霞", "玲", "娟", "芳", "慧", "洁", "琳", "颖", "雯", "欣",
	  "倩", "红", "艳", "晓", "小", "佩", "嘉", "咏", "诗", "思", "美", "惠", "碧", "翠", "莹" },
	{ "梓", "子", "欣", "诗", "雨", "涵", "可", "悦", "琳", "晴", "思", "怡", "妍", "彤", "语",
	  "萱", "婧", "乐", "嘉", "瑶", "芷", "晞", "馨", "琪", "桐", "心", "依", "若", "安", "柔" },
};

/* Historical Guangzhou codes an older local number may carry, with the
 * district that took over and the birth years it plausibly applies to. */
static const struct {
	const char *code, *successor;
	int from_year, until_year; /* births in [from, until) */
	double share;
} hist_codes[] = {
	{ "440102", "440104", 0, 2005, 0.5 },    /* 东山 -> 越秀 */
	{ "440107", "440103", 0, 2005, 0.3 },    /* 芳村 -> 荔湾 */
	{ "440116", "440112", 2005, 2014, 0.4 }, /* 萝岗 -> 黄埔 */
	{ "440181", "440113", 0, 2000, 0.6 },    /* 番禺市 */
	{ "440182", "440114", 0, 2000, 0.6 },    /* 花都市 */
	{ "440183", "440118", 0, 2014, 0.6 },    /* 增城市 */
	{ "440184", "440117", 0, 2014, 0.6 },    /* 从化市 */
};

/* Real county-level codes of the places Guangzhou's migrants come from:
 * the rest of Guangdong first, then Hunan, Guangxi, Jiangxi, ... */
static const struct {
	const char *code;
	int w;
} migrant_codes[] = {
	{ "445281", 8 }, { "441581", 6 }, { "441424", 6 }, { "440882", 6 }, { "441781", 5 },
	{ "440981", 6 }, { "445122", 4 }, { "441622", 5 }, { "440825", 3 }, { "441881", 4 },
	{ "430524", 5 }, { "431021", 5 }, { "430682", 3 }, { "431102", 3 }, { "430381", 4 },
	{ "450881", 5 }, { "450921", 4 }, { "450422", 3 }, { "360426", 2 }, { "360781", 2 },
	{ "360732", 2 }, { "421126", 2 }, { "420984", 2 }, { "411522", 3 }, { "411627", 2 },
	{ "510722", 2 }, { "511621", 2 }, { "500101", 2 }, { "340122", 1 }, { "350583", 1 },
};

enum { REL_HEAD, REL_SPOUSE, REL_CHILD, REL_PARENT, REL_GRANDCHILD, REL_GRANDPARENT,
       REL_SIBLING, REL_OTHER };
static const char *const rel_names[] = { "head", "spouse", "child", "parent",
					 "grandchild", "grandparent", "sibling", "other" };

/* Household shapes and their weights (per 100 households). With these, the
 * mean size is ~2.6 and ~20% of persons are 60+. */
enum { T_OLD1, T_YOUNG1, T_OLD2, T_COUPLE, T_FAMILY, T_SINGLE_PARENT, T_THREE_GEN,
       T_OLD_WITH_CHILD, T_SIBLINGS, T_EMPTY_NEST, T_COUNT };
static const int type_w[T_COUNT] = { 9, 16, 10, 9, 28, 5, 10, 6, 4, 6 };
/* Share of each shape that are migrant households (numbers from elsewhere). */
static const double type_migrant[T_COUNT] = { 0.03, 0.55, 0.03, 0.45, 0.35, 0.3,
					      0.1, 0.03, 0.5, 0.1 };

static const struct {
	const char *kind;
	int w_child, w_adult, w_old;
} disability_kinds[] = {
	{ "physical", 25, 32, 26 },    { "hearing", 12, 14, 32 },  { "visual", 8, 12, 18 },
	{ "speech", 8, 3, 1 },         { "intellectual", 30, 10, 2 },
	{ "psychiatric", 5, 14, 5 },   { "multiple", 12, 15, 16 },
};

enum { CLASS_POOR, CLASS_LOWER, CLASS_MIDDLE, CLASS_UPPER };

_Static_assert(N(migrant_codes) <= 64, "demo_gen.mig_cum is too small");
_Static_assert(N(surnames) <= 128, "demo_gen.surname_cum is too small");
_Static_assert(T_COUNT <= 16, "demo_gen.type_cum is too small");
_Static_assert(N(hist_codes) + N(migrant_codes) + 16 <= 64, "demo_gen.codes is too small");

/* ---- row buffers ---- */

static void rb_str(demo_rowbuf *r, const char *s)
{
	mz_buf_append(&r->b, s, strlen(s) + 1);
}

static void rb_null(demo_rowbuf *r)
{
	mz_buf_append(&r->b, "\1", 2);
}

static void rb_i64(demo_rowbuf *r, int64_t v)
{
	char t[24], *p = t + sizeof(t);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	*--p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	mz_buf_append(&r->b, p, (size_t)(t + sizeof(t) - p));
}

/* "YYYY-MM-DD" without going through snprintf (it is called 40M times for
 * a full-size city). */
static void fmt_day(mz_day day, char out[11])
{
	int y, m, d;

	mz_day_to_ymd(day, &y, &m, &d);
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

static void rb_day(demo_rowbuf *r, mz_day day)
{
	char t[11];

	fmt_day(day, t);
	rb_str(r, t);
}

typedef struct mem {
	int rel;
	char sex;      /* 'M' or 'F' */
	int age;       /* whole years on the as-of date */
	int surname;
	int code;      /* index into gen.codes */
	mz_day birth;
	mz_day death;  /* MZ_DAY_INVALID while alive */
	int disability_grade;
	const char *disability_kind;
	int student, prison;
	char hukou_rural;
	int64_t id;
} mem;

static int pick_cum(demo_rng *r, const int *cum, int n, int total)
{
	int x = (int)demo_rng_below(r, (uint32_t)total);
	int lo = 0, hi = n - 1;

	while (lo < hi) { /* first cum[i] > x */
		int mid = (lo + hi) / 2;

		if (cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static int old_age(demo_rng *r)
{
	double a = 60.0 + fabs(demo_rng_normal(r)) * 12.5;

	return a > 100.0 ? 100 : (int)a;
}

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void add(mem *m, int *n, int rel, char sex, int age, int surname)
{
	if (*n >= DEMO_MAX_MEMBERS || age < 0)
		return;
	memset(&m[*n], 0, sizeof(m[*n]));
	m[*n].rel = rel;
	m[*n].sex = sex;
	m[*n].age = age > 104 ? 104 : age;
	m[*n].surname = surname;
	m[*n].death = MZ_DAY_INVALID;
	(*n)++;
}

/* Children of a mother aged mother_age: each born when she was 22-38. */
static void add_children(demo_gen *g, demo_rng *r, mem *m, int *n, int k, int rel,
			 int mother_age, int surname)
{
	(void)g;
	for (int i = 0; i < k; i++) {
		int age = mother_age - demo_rng_range(r, 22, 38);

		if (age < 0)
			age = mother_age >= 22 ? demo_rng_range(r, 0, mother_age - 20) : -1;
		add(m, n, rel, demo_rng_chance(r, 0.52) ? 'M' : 'F', age, surname);
	}
}

static int pick_surname(demo_gen *g, demo_rng *r)
{
	return pick_cum(r, g->surname_cum, N(surnames), g->surname_total);
}

/* Draws a household shape; returns the number of members in m. */
static int draw_shape(demo_gen *g, demo_rng *r, int type, mem *m)
{
	int n = 0, h, w, s1 = pick_surname(g, r), s2 = pick_surname(g, r);
	int kids = demo_rng_chance(r, 0.5) ? 1 : demo_rng_chance(r, 0.8) ? 2 : 3;

	switch (type) {
	case T_OLD1:
		add(m, &n, REL_HEAD, demo_rng_chance(r, 0.6) ? 'F' : 'M', old_age(r), s1);
		break;
	case T_YOUNG1:
		add(m, &n, REL_HEAD, demo_rng_chance(r, 0.55) ? 'M' : 'F',
		    18 + (int)(pow(demo_rng_unit(r), 1.5) * 42.0), s1);
		break;
	case T_OLD2:
		h = old_age(r) + 1;
		w = clampi(h - demo_rng_range(r, -1, 5), 57, 104);
		if (demo_rng_chance(r, 0.8)) {
			add(m, &n, REL_HEAD, 'M', h, s1);
			add(m, &n, REL_SPOUSE, 'F', w, s2);
		} else {
			add(m, &n, REL_HEAD, 'F', w, s2);
			add(m, &n, REL_SPOUSE, 'M', h, s1);
		}
		break;
	case T_COUPLE:
	case T_EMPTY_NEST:
	case T_FAMILY:
	case T_THREE_GEN:
		if (type == T_COUPLE)
			h = 22 + (int)(pow(demo_rng_unit(r), 1.3) * 37.0);
		else if (type == T_EMPTY_NEST) /* children grown and gone */
			h = demo_rng_range(r, 50, 66);
		else if (type == T_FAMILY)
			h = demo_rng_range(r, 26, 57);
		else
			h = demo_rng_range(r, 28, 52);
		w = clampi(h - demo_rng_range(r, -2, 5), 20, 104);
		if (demo_rng_chance(r, 0.75)) {
			add(m, &n, REL_HEAD, 'M', h, s1);
			add(m, &n, REL_SPOUSE, 'F', w, s2);
		} else {
			add(m, &n, REL_HEAD, 'F', w, s2);
			add(m, &n, REL_SPOUSE, 'M', h, s1);
		}
		if (type == T_COUPLE || type == T_EMPTY_NEST)
			break;
		add_children(g, r, m, &n, type == T_THREE_GEN && kids == 3 ? 2 : kids,
			     REL_CHILD, w, demo_rng_chance(r, 0.95) ? s1 : s2);
		if (type == T_THREE_GEN) {
			/* The head's parents (or the surviving one). */
			int f = m[0].age + demo_rng_range(r, 24, 34);
			int mo = f - demo_rng_range(r, 0, 5);
			int ps = m[0].sex == 'M' ? s1 : s2;
			int which = (int)demo_rng_below(r, 4); /* 0,1 both; 2 father; 3 mother */

			if (which != 3)
				add(m, &n, REL_PARENT, 'M', f, ps);
			if (which != 2)
				add(m, &n, REL_PARENT, 'F', mo, pick_surname(g, r));
		}
		break;
	case T_SINGLE_PARENT: {
		char sex = demo_rng_chance(r, 0.75) ? 'F' : 'M';
		int age = demo_rng_range(r, 28, 55);

		add(m, &n, REL_HEAD, sex, age, s1);
		add_children(g, r, m, &n, kids > 2 ? 2 : kids, REL_CHILD,
			     sex == 'F' ? age : age - 3, s1);
		break;
	}
	case T_OLD_WITH_CHILD: {
		/* An old head (or couple), an adult child, maybe the child's
		 * spouse, and grandchildren. */
		char sex = demo_rng_chance(r, 0.65) ? 'M' : 'F';
		int age = old_age(r), mother, child, cs;
		char csex = demo_rng_chance(r, 0.6) ? 'M' : 'F';

		add(m, &n, REL_HEAD, sex, age, s1);
		mother = sex == 'F' ? age : age - demo_rng_range(r, 0, 4);
		if (demo_rng_chance(r, 0.55))
			add(m, &n, REL_SPOUSE, sex == 'M' ? 'F' : 'M',
			    sex == 'M' ? mother : age + demo_rng_range(r, 0, 4), s2);
		child = mother - demo_rng_range(r, 24, 36);
		if (child < 22)
			child = 22;
		cs = sex == 'M' ? s1 : s2;
		add(m, &n, REL_CHILD, csex, child, cs);
		if (demo_rng_chance(r, 0.5)) {
			int sp = clampi(child + demo_rng_range(r, -3, 3), 20, 104);

			add(m, &n, REL_OTHER, csex == 'M' ? 'F' : 'M', sp, pick_surname(g, r));
		}
		if (demo_rng_chance(r, 0.7))
			add_children(g, r, m, &n, kids > 2 ? 2 : kids, REL_GRANDCHILD,
				     csex == 'F' ? child : child - 2,
				     csex == 'M' ? cs : pick_surname(g, r));
		break;
	}
	case T_SIBLINGS:
	default:
		h = demo_rng_range(r, 18, 45);
		add(m, &n, REL_HEAD, demo_rng_chance(r, 0.5) ? 'M' : 'F', h, s1);
		if (demo_rng_chance(r, 0.8))
			add(m, &n, REL_SIBLING, demo_rng_chance(r, 0.5) ? 'M' : 'F',
			    clampi(h + demo_rng_range(r, -6, 6), 16, 104), s1);
		else
			add(m, &n, REL_GRANDPARENT, demo_rng_chance(r, 0.6) ? 'F' : 'M',
			    h + demo_rng_range(r, 45, 58), s1);
		break;
	}
	return n;
}

/* The ID number of m: address code, birth date, a free sequence number. */
static void make_id_number(demo_gen *g, mem *m, char out[19])
{
	int y, mo, d, di, sx = m->sex == 'F';

	for (;;) {
		size_t idx;
		unsigned k, slot;

		di = (int)(m->birth - g->day0);
		idx = ((size_t)m->code * (size_t)g->ndays + (size_t)di) * 2 + (size_t)sx;
		k = g->seq[idx];
		if (k < 499) {
			g->seq[idx]++;
			/* k -> slot is a permutation of 0..498 (7 is prime to
			 * 499), so numbers look scattered and never repeat. */
			slot = (k * 7u + (unsigned)(m->code * 131 + di) % 499u) % 499u;
			mz_day_to_ymd(m->birth, &y, &mo, &d);
			idcard_make(g->codes[m->code], y, mo, d,
				    sx ? 2 + 2 * (int)slot : 1 + 2 * (int)slot, out);
			return;
		}
		/* 499 people of one sex born on one day in one place: move to
		 * the day before (never after: no one is born after as-of). */
		m->birth--;
	}
}

static void make_name(demo_gen *g, demo_rng *r, const mem *m, char out[32])
{
	int y, mo, d, era;
	const char *const *chars;
	const char *a, *b = "";

	(void)g;
	mz_day_to_ymd(m->birth, &y, &mo, &d);
	era = y < 1965 ? 0 : y < 1995 ? 1 : 2;
	chars = m->sex == 'M' ? given_m[era] : given_f[era];
	a = chars[demo_rng_below(r, 30)];
	if (demo_rng_chance(r, 0.8))
		do
			b = chars[demo_rng_below(r, 30)];
		while (!strcmp(a, b));
	snprintf(out, 32, "%s%s%s", surnames[m->surname].s, a, b);
}

static void make_phone(demo_rng *r, char out[12])
{
	static const char second[] = "3335578889";
	uint64_t x = demo_rng_next(r);

	out[0] = '1';
	out[1] = second[x % 10];
	x /= 10;
	for (int i = 2; i < 11; i++) {
		out[i] = (char)('0' + x % 10);
		x /= 10;
	}
	out[11] = '\0';
}

static int64_t lognormal_fen(demo_rng *r, double median_yuan, double sigma)
{
	double v = median_yuan * exp(sigma * demo_rng_normal(r));

	return (int64_t)v * 100;
}

static void add_income(demo_gen *g, const mem *m, const demo_community *cm, const char *kind,
		       int64_t fen)
{
	if (fen <= 0)
		return;
	rb_i64(&g->incomes, m->id);
	rb_str(&g->incomes, cm->code);
	rb_str(&g->incomes, kind);
	rb_i64(&g->incomes, fen);
	g->incomes.rows++;
	g->st.incomes++;
}

static void add_asset(demo_gen *g, const mem *m, const demo_community *cm, const char *kind,
		      int64_t fen)
{
	if (fen <= 0)
		return;
	rb_i64(&g->assets, m->id);
	rb_str(&g->assets, cm->code);
	rb_str(&g->assets, kind);
	rb_i64(&g->assets, fen);
	g->assets.rows++;
	g->st.assets++;
}

/* Monthly incomes by kind (docs/policy.md): wages, pension, business,
 * property, support, unemployment, veterans_benefit. The poor class is what
 * puts a few percent of households under the dibao standard. */
static void make_incomes(demo_gen *g, demo_rng *r, const demo_community *cm, mem *m, int n,
			 int cls)
{
	static const double employed_p[] = { 0.55, 0.85, 0.92, 0.93 };
	static const double wage_median[] = { 0, 3500, 7000, 16000 };
	static const double wage_sigma[] = { 0, 0.25, 0.3, 0.45 };
	static const double pension_median[] = { 0, 3000, 4500, 7500 };
	int working = 0, earners = 0;

	for (int i = 0; i < n; i++)
		if (m[i].death == MZ_DAY_INVALID && m[i].age >= 18 && !m[i].prison &&
		    m[i].age < (m[i].sex == 'M' ? 60 : 55) && !m[i].student)
			working++;
	for (int i = 0; i < n; i++) {
		mem *p = &m[i];
		int retire = p->sex == 'M' ? 60 : 55;

		if (p->death != MZ_DAY_INVALID || p->prison || p->age < 18)
			continue;
		if (p->age < retire) {
			double pe = p->disability_grade && p->disability_grade <= 2 ? 0.1
										    : employed_p[cls];

			if (p->student) {
				/* A student living on their own is kept by the
				 * family. */
				if (n == 1)
					add_income(g, p, cm, "support",
						   (int64_t)demo_rng_range(r, 1500, 3000) * 100);
				continue;
			}
			/* Outside the poor class every household of working
			 * age has someone earning. */
			if (cls != CLASS_POOR && !earners && working == 1)
				pe = pe > 0.1 ? 0.97 : pe;
			if (demo_rng_chance(r, pe)) {
				int64_t fen = cls == CLASS_POOR
						      ? (int64_t)demo_rng_range(r, 700, 2400) * 100
						      : lognormal_fen(r, wage_median[cls], wage_sigma[cls]);

				if (cls != CLASS_POOR && fen < 230000)
					fen = 230000; /* Guangzhou minimum wage, 2,300 */
				add_income(g, p, cm, "wages", fen);
				earners++;
			} else if (demo_rng_chance(r, cls == CLASS_POOR ? 0.35 : 0.3)) {
				add_income(g, p, cm, "unemployment",
					   (int64_t)demo_rng_range(r, 1800, 2070) * 100);
			}
			if (cls != CLASS_POOR && demo_rng_chance(r, 0.05))
				add_income(g, p, cm, "business", lognormal_fen(r, 9000, 0.7));
		} else {
			if (!p->hukou_rural && cls != CLASS_POOR && demo_rng_chance(r, 0.88))
				add_income(g, p, cm, "pension",
					   lognormal_fen(r, pension_median[cls], 0.25));
			else if (demo_rng_chance(r, 0.85))
				/* Residents' basic pension. */
				add_income(g, p, cm, "pension",
					   (int64_t)demo_rng_range(r, 900, 1800) * 100);
			if (p->age < retire + 5 && cls != CLASS_POOR && demo_rng_chance(r, 0.1))
				add_income(g, p, cm, "wages", lognormal_fen(r, 4000, 0.3));
			if (!working && demo_rng_chance(r, cls == CLASS_POOR ? 0.2 : 0.5))
				add_income(g, p, cm, "support",
					   (int64_t)demo_rng_range(r, 300, 2000) * 100);
		}
		if (p->age >= 30 && demo_rng_chance(r, cls == CLASS_UPPER ? 0.25
						       : cls == CLASS_MIDDLE ? 0.06 : 0.0))
			add_income(g, p, cm, "property", lognormal_fen(r, 2500, 0.8));
		if (p->sex == 'M' && p->age >= 35 && demo_rng_chance(r, 0.008))
			add_income(g, p, cm, "veterans_benefit",
				   (int64_t)demo_rng_range(r, 1500, 3500) * 100);
	}
}

static void make_assets(demo_gen *g, demo_rng *r, const demo_community *cm, mem *m, int n,
			int cls)
{
	static const double deposit_p[] = { 0.35, 0.75, 0.9, 0.97 };
	static const double deposit_median[] = { 0, 30000, 120000, 600000 };
	static const double vehicle_p[] = { 0.02, 0.15, 0.4, 0.65 };
	static const double securities_p[] = { 0, 0.02, 0.12, 0.4 };
	mem *head = &m[0], *owner = head;

	if (head->death != MZ_DAY_INVALID)
		return;
	if (demo_rng_chance(r, deposit_p[cls]))
		add_asset(g, head, cm, "deposits",
			  cls == CLASS_POOR ? (int64_t)demo_rng_range(r, 0, 1500000)
					    : lognormal_fen(r, deposit_median[cls], 0.8) +
						      demo_rng_range(r, 0, 99));
	if (n > 1 && m[1].rel == REL_SPOUSE && m[1].death == MZ_DAY_INVALID &&
	    demo_rng_chance(r, 0.5))
		owner = &m[1];
	if (demo_rng_chance(r, vehicle_p[cls]))
		add_asset(g, owner, cm, "vehicles", lognormal_fen(r, 120000, 0.5));
	if (demo_rng_chance(r, securities_p[cls]))
		add_asset(g, head, cm, "securities", lognormal_fen(r, 150000, 1.0));
}

static void make_disability(demo_gen *g, demo_rng *r, mem *p)
{
	double pr = p->age < 18 ? 0.014 : p->age < 45 ? 0.035 : p->age < 60 ? 0.07
		    : p->age < 70 ? 0.115 : p->age < 80 ? 0.18 : 0.28;
	int total = 0, x, k;

	(void)g;
	if (!demo_rng_chance(r, pr))
		return;
	for (k = 0; k < (int)N(disability_kinds); k++)
		total += p->age < 18 ? disability_kinds[k].w_child
			 : p->age < 60 ? disability_kinds[k].w_adult
				       : disability_kinds[k].w_old;
	x = (int)demo_rng_below(r, (uint32_t)total);
	for (k = 0; k < (int)N(disability_kinds) - 1; k++) {
		x -= p->age < 18 ? disability_kinds[k].w_child
		     : p->age < 60 ? disability_kinds[k].w_adult
				   : disability_kinds[k].w_old;
		if (x < 0)
			break;
	}
	p->disability_kind = disability_kinds[k].kind;
	x = (int)demo_rng_below(r, 100);
	p->disability_grade = x < 12 ? 1 : x < 32 ? 2 : x < 60 ? 3 : 4;
}

/* Which address code a member's number carries. */
static int pick_code(demo_gen *g, demo_rng *r, const demo_community *cm, const mem *p,
		     int migrant_code)
{
	int y = (int)DEMO_AS_OF_Y - p->age;

	if (migrant_code >= 0 && (p->age >= 18 || demo_rng_chance(r, 0.5)))
		return migrant_code;
	for (int i = 0; i < (int)N(hist_codes); i++)
		if (!strcmp(hist_codes[i].successor, g->codes[cm->district]) &&
		    y >= hist_codes[i].from_year && y < hist_codes[i].until_year &&
		    g->hist0 + i < g->mig0 && demo_rng_chance(r, hist_codes[i].share))
			return g->hist0 + i;
	return cm->district;
}

int demo_gen_household(demo_gen *g, demo_rng *r, const demo_community *cm, int cap)
{
	mem m[DEMO_MAX_MEMBERS];
	const registry_street *street = &g->streets[cm->street];
	int type = pick_cum(r, g->type_cum, T_COUNT, g->type_total);
	int n = draw_shape(g, r, type, m);
	int migrant = -1, cls, x;

	/* At the end of the city, redraw rather than cut a household short. */
	for (int tries = 0; n > cap && tries < 8; tries++) {
		type = pick_cum(r, g->type_cum, T_COUNT, g->type_total);
		n = draw_shape(g, r, type, m);
	}
	mz_day founded;
	char addr[256], id[19], name[32], phone[12], day[11];
	int64_t hid = g->next_hid++;

	if (n > cap)
		n = cap;
	if (demo_rng_chance(r, type_migrant[type] * (cm->village ? 0.6 : 1.0)))
		migrant = g->mig0 + pick_cum(r, g->mig_cum, N(migrant_codes), g->mig_total);
	x = (int)demo_rng_below(r, 100);
	if (cm->village)
		cls = x < 5 ? CLASS_POOR : x < 40 ? CLASS_LOWER : x < 90 ? CLASS_MIDDLE : CLASS_UPPER;
	else
		cls = x < 3 ? CLASS_POOR : x < 25 ? CLASS_LOWER : x < 82 ? CLASS_MIDDLE : CLASS_UPPER;
	if (cm->village)
		snprintf(addr, sizeof(addr), "%s%s%s村%d巷%d号", street->district_name,
			 street->name, cm->short_name,
			 demo_rng_range(r, 1, 30), demo_rng_range(r, 1, 80));
	else
		snprintf(addr, sizeof(addr), "%s%s%s%d号%d栋%d%02d房", street->district_name,
			 street->name, cm->road,
			 demo_rng_range(r, 1, 400), demo_rng_range(r, 1, 12),
			 demo_rng_range(r, 1, 33), demo_rng_range(r, 1, 8));
	/* The household dates from when its head was at least 18. */
	founded = g->as_of - (mz_day)demo_rng_range(
		r, 0, 365 * clampi(m[0].age - 18, 0, 40));

	for (int i = 0; i < n; i++) {
		mem *p = &m[i];

		p->id = g->next_pid++;
		p->code = pick_code(g, r, cm, p, migrant);
		p->birth = mz_day_from_ymd(DEMO_AS_OF_Y - p->age, DEMO_AS_OF_M, DEMO_AS_OF_D) -
			   (mz_day)demo_rng_range(r, 0, 364);
		p->hukou_rural = migrant >= 0 ? demo_rng_chance(r, 0.65)
				 : cm->village ? demo_rng_chance(r, 0.85)
					       : demo_rng_chance(r, 0.08);
		make_disability(g, r, p);
		p->student = p->age >= 18 && p->age <= 22 && demo_rng_chance(r, 0.45);
		p->prison = p->sex == 'M' && p->age >= 20 && p->age <= 50 &&
			    demo_rng_chance(r, 0.0015);
		/* Deaths not yet taken off the register: old members other than
		 * the head; their membership ends on the day of death. */
		if (i > 0 && p->age >= 62 &&
		    (p->rel == REL_SPOUSE || p->rel == REL_PARENT || p->rel == REL_GRANDPARENT) &&
		    demo_rng_chance(r, 0.004 * (p->age - 60))) {
			p->death = g->as_of - (mz_day)demo_rng_range(r, 1, 1000);
			g->st.deaths++;
		}
	}
	for (int i = 0; i < n; i++) {
		mem *p = &m[i];
		mz_day joined;

		make_id_number(g, p, id);
		make_name(g, r, p, name);
		rb_i64(&g->persons, p->id);
		rb_str(&g->persons, id);
		rb_str(&g->id_numbers, id);
		rb_i64(&g->id_numbers, p->id);
		g->id_numbers.rows++;
		rb_str(&g->persons, name);
		rb_str(&g->persons, p->sex == 'M' ? "M" : "F");
		rb_day(&g->persons, p->birth);
		rb_str(&g->persons, cm->code);
		rb_str(&g->persons, addr);
		if (p->age >= 16 && demo_rng_chance(r, 0.93)) {
			make_phone(r, phone);
			rb_str(&g->persons, phone);
		} else {
			rb_str(&g->persons, "");
		}
		rb_str(&g->persons, p->hukou_rural ? "rural" : "urban");
		rb_str(&g->persons, p->disability_kind ? p->disability_kind : "");
		rb_i64(&g->persons, p->disability_grade);
		/* 独居 (alone in their household) and 计划生育特殊家庭 (about 4
		 * in 1,000 elders, by id so the random stream is unchanged): the
		 * elders due a monthly visit (eldercare/visits.h). */
		rb_str(&g->persons, p->prison ? "in_prison"
				    : p->student ? "full_time_student"
				    : p->age >= 60 && n == 1 ? "living_alone"
				    : p->age >= 60 && (uint64_t)p->id * 2654435761u % 1000 < 4
					    ? "special_family" : "");
		if (p->death != MZ_DAY_INVALID)
			rb_day(&g->persons, p->death);
		else
			rb_null(&g->persons);
		rb_i64(&g->persons, g->stamp);
		rb_i64(&g->persons, g->stamp);
		g->persons.rows++;

		joined = founded > p->birth ? founded : p->birth;
		if (p->rel == REL_PARENT || p->rel == REL_GRANDPARENT || p->rel == REL_OTHER)
			joined += (mz_day)demo_rng_range(r, 0, (int)(g->as_of - joined));
		if (p->death != MZ_DAY_INVALID && joined >= p->death)
			joined = p->death - 1 > p->birth ? p->death - 1 : p->birth;
		rb_i64(&g->members, hid);
		rb_i64(&g->members, p->id);
		rb_str(&g->members, rel_names[p->rel]);
		fmt_day(joined, day);
		rb_str(&g->members, day);
		if (p->death != MZ_DAY_INVALID)
			rb_day(&g->members, p->death);
		else
			rb_null(&g->members);
		g->members.rows++;
	}
	rb_i64(&g->households, hid);
	rb_str(&g->households, cm->code);
	rb_str(&g->households, addr);
	rb_i64(&g->households, g->stamp);
	rb_i64(&g->households, g->stamp);
	g->households.rows++;
	make_incomes(g, r, cm, m, n, cls);
	make_assets(g, r, cm, m, n, cls);
	g->st.households++;
	g->st.members += n;
	g->st.persons += n;
	g->batch += n;
	return n;
}

void demo_gen_init(demo_gen *g, const demo_community *comms,
		   const registry_street *streets, char dcodes[16][7], int nd)
{
	int i, k;

	memset(g, 0, sizeof(*g));
	g->comms = comms;
	g->streets = streets;
	for (i = 0; i < nd; i++)
		g->codes[g->ncodes++] = dcodes[i];
	g->nlocal = nd;
	g->hist0 = g->ncodes;
	for (i = 0; i < (int)N(hist_codes); i++) {
		/* Use only codes idcard.c knows as historical: a number must
		 * always pass idcard_parse. */
		if (!gz_division_is_historical(hist_codes[i].code))
			break;
		g->codes[g->ncodes++] = hist_codes[i].code;
	}
	g->mig0 = g->ncodes;
	for (i = 0, k = 0; i < (int)N(migrant_codes); i++) {
		g->codes[g->ncodes++] = migrant_codes[i].code;
		k += migrant_codes[i].w;
		g->mig_cum[i] = k;
	}
	g->mig_total = k;
	for (i = 0, k = 0; i < (int)N(surnames); i++) {
		k += surnames[i].w;
		g->surname_cum[i] = k;
	}
	g->surname_total = k;
	for (i = 0, k = 0; i < T_COUNT; i++) {
		k += type_w[i];
		g->type_cum[i] = k;
	}
	g->type_total = k;
	g->as_of = mz_day_from_ymd(DEMO_AS_OF_Y, DEMO_AS_OF_M, DEMO_AS_OF_D);
	g->day0 = mz_day_from_ymd(BIRTH_Y0, 1, 1);
	g->ndays = (int)(g->as_of - g->day0) + 1;
	g->stamp = (int64_t)g->as_of * 86400 - 8 * 3600; /* midnight, Beijing time */
	g->seq = mz_xcalloc((size_t)g->ncodes * (size_t)g->ndays * 2, sizeof(uint16_t));
	mz_buf_init(&g->persons.b);
	mz_buf_init(&g->id_numbers.b);
	mz_buf_init(&g->households.b);
	mz_buf_init(&g->members.b);
	mz_buf_init(&g->incomes.b);
	mz_buf_init(&g->assets.b);
}

void demo_gen_release(demo_gen *g)
{
	free(g->seq);
	mz_buf_release(&g->persons.b);
	mz_buf_release(&g->id_numbers.b);
	mz_buf_release(&g->households.b);
	mz_buf_release(&g->members.b);
	mz_buf_release(&g->incomes.b);
	mz_buf_release(&g->assets.b);
}
