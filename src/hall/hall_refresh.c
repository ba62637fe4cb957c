/* hall_refresh.c - computing the figures (hall_figures.h): each indicator's
 * SQL once per day, summed and rolled up the division tree in memory, then
 * the day's rows replaced in one transaction.
 *
 * Why roll up here and not in SQL: the indicator SQL is the declaring room's
 * (a hall of many domains cannot know their tables), and it answers at the
 * finest division its rows know. Summing num and den upwards in C is one
 * pass over a few thousand rows; doing it in SQL would need each domain to
 * write the same GROUP BY over four code lengths. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "hall/hall.h"
#include "hall/hall_figures.h"
#include "store/query.h"

/* A small open-addressing table: division code -> sums. */
typedef struct fig {
	char code[16];
	int64_t num, den;
	int used;
} fig;

typedef struct fig_map {
	fig *slots;
	size_t cap, n;
} fig_map;

static size_t code_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static void map_add(fig_map *m, const char *code, int64_t num, int64_t den);

static void map_grow(fig_map *m)
{
	fig_map old = *m;

	m->cap = old.cap ? old.cap * 2 : 1024;
	m->slots = mz_xcalloc(m->cap, sizeof(fig));
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].used)
			map_add(m, old.slots[i].code, old.slots[i].num, old.slots[i].den);
	free(old.slots);
}

static void map_add(fig_map *m, const char *code, int64_t num, int64_t den)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		map_grow(m);
	for (i = code_hash(code) & (m->cap - 1); m->slots[i].used; i = (i + 1) & (m->cap - 1))
		if (!strcmp(m->slots[i].code, code)) {
			m->slots[i].num += num;
			m->slots[i].den += den;
			return;
		}
	mz_strlcpy(m->slots[i].code, code, sizeof(m->slots[i].code));
	m->slots[i].num = num;
	m->slots[i].den = den;
	m->slots[i].used = 1;
	m->n++;
}

/* One source row counts in its own division and every one above it: a
 * community (12) in its street (9), district (6) and city (4 + "00"); a
 * street in its district and city; a district in the city. */
static void roll_up(fig_map *m, const char *code, int64_t num, int64_t den)
{
	size_t len = strlen(code);
	char part[16];

	if (len < 4 || len >= sizeof(part))
		return; /* not a division code: nothing sensible to add it to */
	if (len > 9)
		map_add(m, code, num, den);
	if (len > 6) {
		snprintf(part, sizeof(part), "%.9s", code);
		map_add(m, part, num, den);
	}
	snprintf(part, sizeof(part), "%.6s", code);
	if (strcmp(part + 4, "00"))
		map_add(m, part, num, den); /* a district (the city's own code ends in 00) */
	snprintf(part, sizeof(part), "%.4s00", code);
	map_add(m, part, num, den);
}

/* Placeholders in the SQL, outside quoted text: each gets the as-of day. */
static int count_params(const char *sql)
{
	int n = 0, quoted = 0;

	for (const char *p = sql; *p; p++) {
		if (*p == '\'')
			quoted = !quoted;
		else if (*p == '?' && !quoted)
			n++;
	}
	return n;
}

static int run_indicator_sql(store_conn *c, const hall_indicator *ind, const char *day,
			     fig_map *m, int64_t *rows, mz_err *e)
{
	store_stmt *st = store_prepare(c, ind->sql, e);
	int n = count_params(ind->sql), r;

	if (!st)
		return -1;
	for (int i = 1; i <= n; i++)
		store_bind_text(st, i, day);
	while ((r = store_step(st, e)) == 1) {
		const char *code = store_col_text(st, 0);

		(*rows)++;
		if (code)
			roll_up(m, code, store_col_i64(st, 1),
				store_col_is_null(st, 2) ? 0 : store_col_i64(st, 2));
	}
	store_done(st);
	return r < 0 ? -1 : 0;
}

static int store_indicator(store_conn *c, const hall_indicator *ind, const char *day,
			   const fig_map *m, int64_t now, int64_t millis, int64_t source_rows,
			   int64_t *written, mz_err *e)
{
	store_stmt *st;

	if (store_begin(c, e))
		return -1;
	if (store_run(c, e, "DELETE FROM hall_figures WHERE indicator = ? AND as_of = ?", ind->key,
		      day) < 0 ||
	    store_run(c, e, "DELETE FROM hall_runs WHERE indicator = ? AND as_of = ?", ind->key,
		      day) < 0)
		goto fail;
	for (size_t i = 0; i < m->cap; i++) {
		const fig *f = &m->slots[i];

		if (!f->used || (!f->num && !f->den))
			continue;
		st = store_prepare(c, "INSERT INTO hall_figures (indicator, division_code, as_of, num,"
				      " den, computed_at) VALUES (?, ?, ?, ?, ?, ?)", e);
		if (!st)
			goto fail;
		store_params(st, ind->key, f->code, day, f->num, f->den, now);
		if (store_step(st, e) < 0) {
			store_done(st);
			goto fail;
		}
		store_done(st);
		(*written)++;
	}
	if (store_run(c, e, "INSERT INTO hall_runs (indicator, as_of, computed_at, millis,"
			    " source_rows) VALUES (?, ?, ?, ?, ?)", ind->key, day, now, millis,
		      source_rows) < 0)
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}

int hall_refresh(store_conn *c, mz_day as_of, const char *key, hall_refresh_stats *st, mz_err *e)
{
	char day[11];
	int64_t started = mz_now_unix_ms(), seq = 0;
	size_t n = hall_indicator_count();

	memset(st, 0, sizeof(*st));
	mz_day_format(as_of, day);
	/* The marks so far: this run covers them, a later one it does not. */
	if (!key && store_row(c, e, "SELECT mark_seq FROM hall_dirty WHERE id = ?", STORE_INTO(&seq), 1) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const hall_indicator *ind = hall_indicator_at(i);
		fig_map m = { 0 };
		int64_t t0 = mz_now_unix_ms(), rows = 0, ms;
		mz_err ie = { 0 };

		if (key && strcmp(key, ind->key))
			continue;
		/* A read transaction: the indicator's SQL sees one snapshot. */
		if (store_begin_read(c, &ie) || run_indicator_sql(c, ind, day, &m, &rows, &ie)) {
			store_rollback(c);
			goto failed;
		}
		store_rollback(c);
		ms = mz_now_unix_ms() - t0;
		if (store_indicator(c, ind, day, &m, mz_now_unix(), ms, rows, &st->rows, &ie))
			goto failed;
		st->indicators++;
		if (ms >= st->slowest_ms) {
			st->slowest_ms = ms;
			mz_strlcpy(st->slowest, ind->key, sizeof(st->slowest));
		}
		free(m.slots);
		continue;
failed:
		free(m.slots);
		if (!st->failed)
			snprintf(st->first_error, sizeof(st->first_error), "%s: %s", ind->key,
				 ie.message);
		st->failed++;
	}
	st->millis = mz_now_unix_ms() - started;
	if (key && !st->indicators && !st->failed)
		return mz_failf(e, MZ_ENOTFOUND, "key", "no indicator '%s'", "指标 '%s' 不存在", key);
	if (st->failed && !st->indicators)
		return mz_fail(e, MZ_EINTERNAL, NULL, st->first_error, "监测指标计算失败");
	/* Only the marks counted before this run started were seen by it: one
	 * made meanwhile (the count moved) stays. By count, not by time: a mark
	 * stamped by a clock that was ahead is not left pending for ever. */
	if (!st->failed && !key &&
	    store_run(c, e, "UPDATE hall_dirty SET dirty_since = NULL WHERE id = 1"
			    " AND mark_seq = ?", seq) < 0)
		return -1;
	return 0;
}
