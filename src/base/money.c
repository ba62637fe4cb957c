#include "base/money.h"

#include <stdio.h>
#include <string.h>

int mz_fen_parse_yuan(const char *s, mz_fen *out)
{
	int neg = 0, decimals = -1;
	int64_t v = 0;
	int ndigits = 0;

	if (!s || !*s)
		return -1;
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	for (; *s; s++) {
		if (*s == '.') {
			if (decimals >= 0)
				return -1;
			decimals = 0;
			continue;
		}
		if (*s < '0' || *s > '9')
			return -1;
		if (decimals >= 0 && ++decimals > 2)
			return -1;
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
		ndigits++;
	}
	if (!ndigits)
		return -1;
	if (decimals < 0)
		decimals = 0;
	for (; decimals < 2; decimals++) {
		if (v > INT64_MAX / 10)
			return -1;
		v *= 10;
	}
	*out = neg ? -v : v;
	return 0;
}

void mz_fen_format_yuan(mz_fen f, char out[32])
{
	uint64_t a = f < 0 ? (uint64_t)0 - (uint64_t)f : (uint64_t)f;

	snprintf(out, 32, "%s%llu.%02llu", f < 0 ? "-" : "",
		 (unsigned long long)(a / 100), (unsigned long long)(a % 100));
}

mz_fen mz_fen_div_floor(mz_fen num, int64_t den)
{
	int64_t q = num / den, r = num % den;

	if (r != 0 && ((r < 0) != (den < 0)))
		q--;
	return q;
}

mz_fen mz_fen_div_ceil(mz_fen num, int64_t den)
{
	return -mz_fen_div_floor(-num, den);
}

mz_fen mz_fen_div_round(mz_fen num, int64_t den)
{
	int neg = (num < 0) != (den < 0);
	uint64_t a = num < 0 ? (uint64_t)0 - (uint64_t)num : (uint64_t)num;
	uint64_t b = den < 0 ? (uint64_t)0 - (uint64_t)den : (uint64_t)den;
	uint64_t q = (a + b / 2) / b;

	return neg ? -(int64_t)q : (int64_t)q;
}

mz_fen mz_fen_muldiv_round(mz_fen num, int64_t mul, int64_t den)
{
	__int128 p = (__int128)num * mul;
	int neg = (p < 0) != (den < 0);
	unsigned __int128 a = p < 0 ? -(unsigned __int128)p : (unsigned __int128)p;
	unsigned __int128 b = den < 0 ? -(unsigned __int128)den : (unsigned __int128)den;
	unsigned __int128 q = (a + b / 2) / b;

	return neg ? -(int64_t)q : (int64_t)q;
}
