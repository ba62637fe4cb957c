#include "base/date.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Howard Hinnant's days_from_civil algorithm (public domain description). */
mz_day mz_day_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (mz_day)(era * 146097 + doe - 719468);
}

void mz_day_to_ymd(mz_day day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int dd = doy - (153 * mp + 2) / 5 + 1;
	int mm = mp + (mp < 10 ? 3 : -9);

	*y = yy + (mm <= 2);
	*m = mm;
	*d = dd;
}

int mz_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12)
		return 0;
	return days[m - 1] + (m == 2 && leap);
}

int mz_date_valid(int y, int m, int d)
{
	return y >= 1800 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= mz_days_in_month(y, m);
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

mz_day mz_day_parse(const char *s)
{
	int y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return MZ_DAY_INVALID;
	if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return MZ_DAY_INVALID;
	if (!mz_date_valid(y, m, d))
		return MZ_DAY_INVALID;
	return mz_day_from_ymd(y, m, d);
}

void mz_day_format(mz_day day, char out[11])
{
	int y, m, d;

	mz_day_to_ymd(day, &y, &m, &d);
	y = y < 0 ? 0 : y % 10000;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

int mz_day_weekday(mz_day day)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (int)((day % 7 + 7 + 3) % 7);
	return w + 1;
}

int mz_age_on(mz_day birth, mz_day on)
{
	int by, bm, bd, y, m, d, age;

	mz_day_to_ymd(birth, &by, &bm, &bd);
	mz_day_to_ymd(on, &y, &m, &d);
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

int mz_months_between(mz_day from, mz_day to)
{
	int fy, fm, fd, y, m, d, n;

	if (to < from)
		return 0;
	mz_day_to_ymd(from, &fy, &fm, &fd);
	mz_day_to_ymd(to, &y, &m, &d);
	n = (y - fy) * 12 + (m - fm);
	/* Not yet the same day of the month: the month is incomplete, unless
	 * `to` is its month's last day and `from`'s day does not exist in it
	 * (2021-08-31 to 2022-02-28 is six months). */
	if (d < fd && d != mz_days_in_month(y, m))
		n--;
	return n < 0 ? 0 : n;
}

mz_day mz_day_add_months(mz_day day, int months)
{
	int y, m, d, total, dim;

	mz_day_to_ymd(day, &y, &m, &d);
	total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	dim = mz_days_in_month(y, m);
	if (d > dim)
		d = dim;
	return mz_day_from_ymd(y, m, d);
}

/* Seconds added to the real clock: 0 in production; set by the test clock
 * (POST /api/v1/test/clock, only with MZ_TEST_CLOCK=1) and by tests, so
 * that deadlines, the cooling-off windows and SLA clocks can be driven
 * forward without waiting. Atomic: every thread reads it per call. */
static _Atomic int64_t clock_offset_s;

void mz_clock_set_offset(int64_t seconds)
{
	atomic_store(&clock_offset_s, seconds);
}

int64_t mz_clock_offset(void)
{
	return atomic_load(&clock_offset_s);
}

int64_t mz_now_unix(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec + atomic_load(&clock_offset_s);
}

int64_t mz_now_unix_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec + atomic_load(&clock_offset_s)) * 1000 + ts.tv_nsec / 1000000;
}

int64_t mz_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void mz_deadline_after_ms(int clock, int ms, struct timespec *out)
{
	clock_gettime((clockid_t)clock, out);
	out->tv_sec += ms / 1000;
	out->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (out->tv_nsec >= 1000000000L) {
		out->tv_sec++;
		out->tv_nsec -= 1000000000L;
	}
}

#define BEIJING_OFFSET_S (8 * 3600)

mz_day mz_today(void)
{
	int64_t t = mz_now_unix() + BEIJING_OFFSET_S;
	return (mz_day)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}

void mz_time_format(int64_t unix_s, char out[32])
{
	int64_t t = unix_s + BEIJING_OFFSET_S;
	int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t sec = t - day * 86400;
	int y, m, d;

	mz_day_to_ymd((mz_day)day, &y, &m, &d);
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", y, m, d,
		 (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
}
