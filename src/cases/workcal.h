/* workcal.h - the working-day calendar behind every legal deadline.
 *
 * Monday to Friday are working days except the public holidays listed in
 * work_calendar; a weekend day listed as 'workday' (调休) is worked. Legal
 * deadlines ("within 3 working days") are counted on this calendar: the
 * deadline of n working days from day d is the n-th working day after d
 * (the day of the event itself does not count).
 *
 * A workcal is a sorted array of the exceptions; it is loaded once from the
 * table (workcal_load) or built in memory (tests). Pure functions; a loaded
 * calendar is read-only and safe to share between threads. */
#ifndef MZ_WORKCAL_H
#define MZ_WORKCAL_H

#include "base/date.h"
#include "base/err.h"
#include "store/store.h"

typedef struct workcal_day {
	mz_day day;
	int workday; /* 1: worked (调休), 0: holiday */
} workcal_day;

typedef struct workcal {
	workcal_day *days; /* sorted by day, owned */
	size_t n, cap;
} workcal;

void workcal_init(workcal *w);
void workcal_release(workcal *w); /* NULL-safe */
/* Adds or replaces an exception (keeps the array sorted). */
void workcal_set(workcal *w, mz_day day, int workday);
/* Reads every row of work_calendar. */
int workcal_load(store_conn *c, workcal *w, mz_err *e);

int workcal_is_workday(const workcal *w, mz_day day);
/* The n-th working day after day (n >= 1); day itself for n <= 0. */
mz_day workcal_add(const workcal *w, mz_day day, int n);
/* Working days in (from, to]: 0 when to <= from. */
int workcal_count(const workcal *w, mz_day from, mz_day to);

/* Adds or replaces one row of work_calendar (kind "holiday"/"workday"), or
 * removes it (kind NULL), inside the caller's transaction. */
int workcal_store_day(store_conn *c, const char *day, const char *kind, const char *name,
		      mz_err *e);

/* ---- a year's schedule (国务院办公厅关于部分节假日安排的通知) ----
 * The State Council publishes each year's holidays and 调休 working
 * weekends late in the year before; the city administrator enters them as
 * one schedule (API, CLI) instead of day by day. */
typedef struct workcal_entry {
	const char *day;  /* YYYY-MM-DD */
	const char *kind; /* "holiday" or "workday" */
	const char *name; /* the festival, as the notice names it */
} workcal_entry;

#define WORKCAL_YEAR_MAX_DAYS 60

/* Checks a year's schedule: year 2000-2100; 1 to WORKCAL_YEAR_MAX_DAYS
 * entries; each a real date of that year, once; kind holiday or workday;
 * a workday (调休) only on a Saturday or Sunday (a weekday is worked
 * anyway); a name of 1-50 bytes; at least one holiday. MZ_EINVAL naming
 * "days[i].field" (i from 0) and the rule. */
int workcal_check_year(int year, const workcal_entry *days, size_t n, mz_err *e);
/* Replaces every row of the year with days[0..n) (checked first), inside
 * the caller's transaction; *replaced gets how many rows the year had. */
int workcal_store_year(store_conn *c, int year, const workcal_entry *days, size_t n,
		       int64_t *replaced, mz_err *e);

/* A stored day of the calendar, as listed. */
typedef struct workcal_row {
	char day[11], kind[8], name[64];
} workcal_row;
/* The year's rows in day order, at most cap (a year has few dozen). */
int workcal_year_list(store_conn *c, int year, workcal_row *out, size_t cap, size_t *n,
		      mz_err *e);

#endif
