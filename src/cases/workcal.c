/* workcal.c - working days: weekdays, minus holidays, plus 调休 weekends. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cases/workcal.h"

void workcal_init(workcal *w)
{
	memset(w, 0, sizeof(*w));
}

void workcal_release(workcal *w)
{
	if (!w)
		return;
	free(w->days);
	memset(w, 0, sizeof(*w));
}

static size_t lower_bound(const workcal *w, mz_day day)
{
	size_t lo = 0, hi = w->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (w->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void workcal_set(workcal *w, mz_day day, int workday)
{
	size_t i = lower_bound(w, day);

	if (i < w->n && w->days[i].day == day) {
		w->days[i].workday = workday;
		return;
	}
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->days = mz_xrealloc(w->days, w->cap * sizeof(*w->days));
	}
	memmove(w->days + i + 1, w->days + i, (w->n - i) * sizeof(*w->days));
	w->days[i].day = day;
	w->days[i].workday = workday;
	w->n++;
}

int workcal_load(store_conn *c, workcal *w, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT day, kind FROM work_calendar", e);
	int rc;

	workcal_init(w);
	if (!st)
		return -1;
	while ((rc = store_step(st, e)) == 1) {
		mz_day d = mz_day_parse(store_col_text(st, 0));

		if (d != MZ_DAY_INVALID)
			workcal_set(w, d, !strcmp(store_col_text(st, 1), "workday"));
	}
	store_done(st);
	if (rc < 0)
		workcal_release(w);
	return rc < 0 ? -1 : 0;
}

int workcal_is_workday(const workcal *w, mz_day day)
{
	size_t i = lower_bound(w, day);

	if (i < w->n && w->days[i].day == day)
		return w->days[i].workday;
	return mz_day_weekday(day) <= 5;
}

mz_day workcal_add(const workcal *w, mz_day day, int n)
{
	while (n > 0) {
		day++;
		if (workcal_is_workday(w, day))
			n--;
	}
	return day;
}

int workcal_count(const workcal *w, mz_day from, mz_day to)
{
	int n = 0;

	for (mz_day d = from + 1; d <= to; d++)
		n += workcal_is_workday(w, d);
	return n;
}

int workcal_store_day(store_conn *c, const char *day, const char *kind, const char *name,
		      mz_err *e)
{
	store_stmt *st;

	if (mz_day_parse(day) == MZ_DAY_INVALID)
		return mz_fail(e, MZ_EINVAL, "day", "day must be a date YYYY-MM-DD",
			       "日期应为 YYYY-MM-DD");
	if (kind && strcmp(kind, "holiday") && strcmp(kind, "workday"))
		return mz_fail(e, MZ_EINVAL, "kind", "kind must be holiday or workday",
			       "类型应为 holiday（节假日）或 workday（调休上班）");
	st = store_prepare(c, "DELETE FROM work_calendar WHERE day = ?", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, day);
	if (store_step(st, e) < 0) {
		store_done(st);
		return -1;
	}
	store_done(st);
	if (!kind)
		return 0;
	st = store_prepare(c, "INSERT INTO work_calendar (day, kind, name) VALUES (?, ?, ?)", e);
	if (!st)
		return -1;
	store_params(st, day, kind, name ? name : "");
	if (store_step(st, e) < 0) {
		store_done(st);
		return -1;
	}
	store_done(st);
	return 0;
}
