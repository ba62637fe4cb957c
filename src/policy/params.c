/* params.c - dated parameters that may vary by division.
 *
 * A parameter is a list of lines "from DATE [in CODE]: VALUE". On a date,
 * for a household in division D, the line used is the one whose division
 * contains D most specifically (village > town > district > city >
 * everywhere) and, among those, the latest start not after the date. So a
 * district keeps its own rate until a newer line for that district is
 * written, and a city-wide change is one new line without a division.
 *
 * Lookups happen once per run per division (eval_vec.c builds flat arrays
 * from them), never per household. */
#include <stdio.h>
#include <string.h>

#include "policy/policy_int.h"

static const int64_t pow10_tab[13] = {
	1LL,	       10LL,	       100LL,	       1000LL,	      10000LL,
	100000LL,      1000000LL,      10000000LL,     100000000LL,   1000000000LL,
	10000000000LL, 100000000000LL, 1000000000000LL
};

int pdiv_normalize(int64_t code, int64_t *out12, int *len)
{
	int64_t c12;
	int l = 12;

	if (code >= 100000 && code <= 999999)
		c12 = code * 1000000;
	else if (code >= 100000000 && code <= 999999999)
		c12 = code * 1000;
	else if (code >= 100000000000LL && code <= 999999999999LL)
		c12 = code;
	else
		return -1;
	/* Strip trailing all-zero segments: village (3), town (3), county (2), city (2). */
	if (c12 % 1000 == 0) {
		l = 9;
		if (c12 / 1000 % 1000 == 0) {
			l = 6;
			if (c12 / 1000000 % 100 == 0) {
				l = 4;
				if (c12 / 100000000 % 100 == 0)
					l = 2;
			}
		}
	}
	*out12 = c12;
	*len = l;
	return 0;
}

static int div_contains(int64_t line12, int len, int64_t code12)
{
	int64_t p;

	if (len == 0)
		return 1;
	p = pow10_tab[12 - len];
	return line12 / p == code12 / p;
}

int pparam_lookup(const psym *param, mz_day date, int64_t code12)
{
	int best = -1;

	for (int i = 0; i < param->nlines; i++) {
		const pline *l = &param->lines[i];

		if (l->from > date || !div_contains(l->div, l->divlen, code12))
			continue;
		if (best < 0 || l->divlen > param->lines[best].divlen ||
		    (l->divlen == param->lines[best].divlen && l->from > param->lines[best].from))
			best = i;
	}
	return best;
}

/* Writes v / 10^places with at least `keep` decimals (trailing zeros beyond
 * them trimmed). */
static void fixed_format(int64_t v, int places, int keep, char *out, size_t cap)
{
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t p = (uint64_t)pow10_tab[places];
	char frac[16];
	int n = places;

	pfmt(frac, sizeof(frac), "%0*llu", places, (unsigned long long)(a % p));
	while (n > keep && frac[n - 1] == '0')
		n--;
	frac[n] = '\0';
	pfmt(out, cap, "%s%llu%s%s", v < 0 ? "-" : "", (unsigned long long)(a / p),
		 n ? "." : "", frac);
}

void pvalue_format(ptype t, int64_t v, char *out, size_t cap)
{
	switch (t.base) {
	case T_BOOL:
		pfmt(out, cap, "%s", v ? "是" : "否");
		return;
	case T_MONEY:
		fixed_format(v, t.scale ? 6 : 2, 2, out, cap);
		return;
	case T_INT:
		if (t.scale)
			fixed_format(v, 4, 0, out, cap);
		else
			pfmt(out, cap, "%lld", (long long)v);
		return;
	case T_ENUM:
		pfmt(out, cap, "%s", plist_zh(t.en, (int)v));
		return;
	case T_DATE: {
		char d[11];

		mz_day_format((mz_day)v, d);
		pfmt(out, cap, "%s", d);
		return;
	}
	}
	pfmt(out, cap, "?");
}

void pdiv_format(int64_t div12, int len, char *out, size_t cap)
{
	if (len == 0)
		pfmt(out, cap, "%s", "");
	else if (len <= 6)
		pfmt(out, cap, "%06lld", (long long)(div12 / 1000000));
	else if (len == 9)
		pfmt(out, cap, "%09lld", (long long)(div12 / 1000));
	else
		pfmt(out, cap, "%012lld", (long long)div12);
}
