/* date.h - calendar dates as day numbers (days since 1970-01-01, proleptic
 * Gregorian) and ISO text "YYYY-MM-DD". No time zones: a civil-affairs date
 * is a local calendar date. Timestamps are Unix seconds (int64). */
#ifndef MZ_DATE_H
#define MZ_DATE_H

#include <stdint.h>

typedef int32_t mz_day;

#define MZ_DAY_INVALID INT32_MIN

mz_day mz_day_from_ymd(int y, int m, int d); /* no validation */
void mz_day_to_ymd(mz_day day, int *y, int *m, int *d);
int mz_date_valid(int y, int m, int d);
/* Parses exactly "YYYY-MM-DD"; returns MZ_DAY_INVALID when malformed or impossible. */
mz_day mz_day_parse(const char *s);
/* Writes "YYYY-MM-DD" into out (at least 11 bytes). */
void mz_day_format(mz_day day, char out[11]);
int mz_day_weekday(mz_day day); /* 1 = Monday ... 7 = Sunday */
/* Whole years between birth and on (age on that date). */
int mz_age_on(mz_day birth, mz_day on);
mz_day mz_day_add_months(mz_day day, int months); /* clamps to month end */
/* Whole months from `from` to `to` (a month is complete on the same day of
 * the month, or the month's last day when it is shorter); 0 when to < from. */
int mz_months_between(mz_day from, mz_day to);
int mz_days_in_month(int y, int m);

int64_t mz_now_unix(void);     /* seconds (the real clock plus the test offset) */
int64_t mz_now_unix_ms(void);  /* milliseconds */
/* Milliseconds of a clock that only moves forward and ignores the test
 * offset: for budgets and durations, not for dates. */
int64_t mz_monotonic_ms(void);
/* The moment ms milliseconds from now on clock (CLOCK_REALTIME or
 * CLOCK_MONOTONIC), as pthread_cond_timedwait wants it. */
struct timespec;
void mz_deadline_after_ms(int clock, int ms, struct timespec *out);
mz_day mz_today(void);         /* UTC+8 (Beijing time) calendar date */
/* The test clock: seconds added to the real clock by mz_now_unix and
 * everything built on it (mz_today, sessions, the job runner). 0 unless a
 * test sets it; the server exposes it only with MZ_TEST_CLOCK=1. */
void mz_clock_set_offset(int64_t seconds);
int64_t mz_clock_offset(void);
/* "2026-11-22T10:03:00+08:00" for a Unix time, in Beijing time; out >= 26 bytes. */
void mz_time_format(int64_t unix_s, char out[32]);

#endif
