/* workcal.c - working days: weekdays, minus holidays, plus 调休 weekends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cases/workcal.h"
#include "store/query.h"

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

int workcal_check_year(int year, const workcal_entry *days, size_t n, mz_err *e)
{
	size_t holidays = 0;

	if (year < 2000 || year > 2100)
		return mz_fail(e, MZ_EINVAL, "year", "year must be between 2000 and 2100",
			       "年份应在 2000 至 2100 之间");
	if (n < 1 || n > WORKCAL_YEAR_MAX_DAYS)
		return mz_failf(e, MZ_EINVAL, "days", "a year's schedule has 1 to %d days",
				"全年安排应有 1 至 %d 天", WORKCAL_YEAR_MAX_DAYS);
	for (size_t i = 0; i < n; i++) {
		char field[32], y[5];
		mz_day d = mz_day_parse(days[i].day ? days[i].day : "");

		snprintf(field, sizeof(field), "days[%zu].day", i);
		snprintf(y, sizeof(y), "%04d", year);
		if (d == MZ_DAY_INVALID)
			return mz_failf(e, MZ_EINVAL, field, "day %zu is not a date YYYY-MM-DD",
					"第 %zu 天不是有效日期（YYYY-MM-DD）", i + 1);
		if (strncmp(days[i].day, y, 4))
			return mz_failf(e, MZ_EINVAL, field, "%s is not in %d",
					"%s 不在 %d 年内", days[i].day, year);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(days[j].day, days[i].day))
				return mz_failf(e, MZ_EINVAL, field, "%s is listed twice",
						"%s 重复出现", days[i].day);
		snprintf(field, sizeof(field), "days[%zu].kind", i);
		if (!days[i].kind || (strcmp(days[i].kind, "holiday") && strcmp(days[i].kind, "workday")))
			return mz_failf(e, MZ_EINVAL, field, "%s: kind must be holiday or workday",
					"%s：类型应为 holiday（放假）或 workday（调休上班）", days[i].day);
		if (!strcmp(days[i].kind, "workday") && mz_day_weekday(d) <= 5)
			return mz_failf(e, MZ_EINVAL, field,
					"%s is a weekday: only a Saturday or Sunday can be a 调休 working day",
					"%s 是工作日：只有周六或周日才能设为调休上班", days[i].day);
		holidays += !strcmp(days[i].kind, "holiday");
		snprintf(field, sizeof(field), "days[%zu].name", i);
		if (!days[i].name || !*days[i].name || strlen(days[i].name) > 50)
			return mz_failf(e, MZ_EINVAL, field, "%s: the festival's name is required (50 bytes at most)",
					"%s：须填写节日名称（不超过50字节）", days[i].day);
	}
	if (!holidays)
		return mz_fail(e, MZ_EINVAL, "days", "a year's schedule has at least one holiday",
			       "全年安排至少应有一个放假日");
	return 0;
}

int workcal_store_year(store_conn *c, int year, const workcal_entry *days, size_t n,
		       int64_t *replaced, mz_err *e)
{
	char lo[11], hi[11];

	*replaced = 0;
	if (workcal_check_year(year, days, n, e))
		return -1;
	snprintf(lo, sizeof(lo), "%04d-01-01", year);
	snprintf(hi, sizeof(hi), "%04d-12-31", year);
	if (store_row(c, e, "SELECT COUNT(*) FROM work_calendar WHERE day >= ? AND day <= ?",
		      STORE_INTO(replaced), lo, hi) < 0 ||
	    store_run(c, e, "DELETE FROM work_calendar WHERE day >= ? AND day <= ?", lo, hi) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (store_run(c, e, "INSERT INTO work_calendar (day, kind, name) VALUES (?, ?, ?)",
			      days[i].day, days[i].kind, days[i].name) != 1)
			return -1;
	return 0;
}

int workcal_year_list(store_conn *c, int year, workcal_row *out, size_t cap, size_t *n,
		      mz_err *e)
{
	char lo[11], hi[11];
	store_stmt *st;
	int r;

	*n = 0;
	snprintf(lo, sizeof(lo), "%04d-01-01", year);
	snprintf(hi, sizeof(hi), "%04d-12-31", year);
	st = store_prepare(c, "SELECT day, kind, name FROM work_calendar WHERE day >= ? AND day <= ?"
			      " ORDER BY day", e);
	if (!st)
		return -1;
	store_params(st, lo, hi);
	while ((r = store_step(st, e)) == 1 && *n < cap) {
		snprintf(out[*n].day, sizeof(out[*n].day), "%s", store_col_text(st, 0));
		snprintf(out[*n].kind, sizeof(out[*n].kind), "%s", store_col_text(st, 1));
		snprintf(out[*n].name, sizeof(out[*n].name), "%s", store_col_text(st, 2));
		(*n)++;
	}
	store_done(st);
	return r < 0 ? -1 : 0;
}
