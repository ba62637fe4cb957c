/* screen_write.c - a run's findings of one program written as the changes
 * to the open worklist: an open item the run finds again, unchanged, stays
 * as it is (its id, its run, whatever a street is doing with it); an open
 * item the run no longer finds, or finds with another kind, amount,
 * enrolled amount, failed condition or community, goes; a new finding is
 * inserted in bulk (COPY on PostgreSQL, one prepared statement on SQLite).
 * The open items afterwards are exactly those a run that deleted them all
 * and inserted every finding would leave (SCREEN_REWRITE does that, and
 * tests/api/screen_incremental.test.mjs compares the two). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "screen/screen_write.h"

typedef struct {
	int64_t id, household_id, amount_fen, enrolled_fen;
	char kind[24], failed[64], division[16];
	int kept;
} open_item;

static int load_open(store_conn *c, const char *program, open_item **out, size_t *n, mz_err *e)
{
	size_t cap = 0;
	store_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	st = store_prepare(c, "SELECT id, household_id, kind, amount_fen, enrolled_amount_fen, failed,"
			      " division_code FROM screen_items WHERE status = 'open' AND program = ?"
			      " ORDER BY household_id, id", e); /* screen_items_open's order (0073) */
	if (!st)
		return -1;
	store_bind_text(st, 1, program);
	while ((rc = store_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 1024;
			*out = mz_xrealloc(*out, cap * sizeof(**out));
		}
		open_item *it = &(*out)[(*n)++];

		memset(it, 0, sizeof(*it));
		it->id = store_col_i64(st, 0);
		it->household_id = store_col_i64(st, 1);
		mz_strlcpy(it->kind, store_col_text(st, 2), sizeof(it->kind));
		it->amount_fen = store_col_i64(st, 3);
		it->enrolled_fen = store_col_i64(st, 4);
		mz_strlcpy(it->failed, store_col_text(st, 5), sizeof(it->failed));
		mz_strlcpy(it->division, store_col_text(st, 6), sizeof(it->division));
	}
	store_done(st);
	if (rc < 0)
		return -1;
	return 0;
}

static int same(const open_item *it, const screen_finding *f)
{
	return it->household_id == f->household_id && !strcmp(it->kind, f->kind) &&
	       it->amount_fen == f->amount_fen && it->enrolled_fen == f->enrolled_fen &&
	       !strcmp(it->failed, f->failed) && !strcmp(it->division, f->division);
}

/* Deletes the listed ids, a few hundred per statement (the ids are
 * integers formatted here, never text from outside). */
static int delete_ids(store_conn *c, const int64_t *ids, size_t n, mz_err *e)
{
	mz_buf sql;
	int rc = 0;

	mz_buf_init(&sql);
	for (size_t i = 0; i < n && !rc; i += 500) {
		mz_buf_reset(&sql);
		mz_buf_puts(&sql, "DELETE FROM screen_items WHERE id IN (");
		for (size_t k = i; k < n && k < i + 500; k++)
			mz_buf_printf(&sql, "%s%lld", k > i ? "," : "", (long long)ids[k]);
		mz_buf_puts(&sql, ")");
		rc = store_exec(c, sql.data, e);
	}
	mz_buf_release(&sql);
	return rc;
}

static int insert_findings(store_conn *c, int64_t run_id, const char *program,
			   const screen_finding *f, const size_t *which, size_t n, mz_err *e)
{
	static const char *const cols[] = { "run_id", "household_id", "division_code", "program",
					    "kind", "amount_fen", "enrolled_amount_fen", "failed" };
	char run[24], hh[24], amount[24], paid[24];
	const char *v[8] = { run, hh, NULL, program, NULL, amount, paid, NULL };
	store_bulk *b;

	if (!n)
		return 0;
	b = store_bulk_begin(c, "screen_items", cols, 8, e);
	if (!b)
		return -1;
	snprintf(run, sizeof(run), "%lld", (long long)run_id);
	for (size_t i = 0; i < n; i++) {
		const screen_finding *x = &f[which[i]];

		snprintf(hh, sizeof(hh), "%lld", (long long)x->household_id);
		snprintf(amount, sizeof(amount), "%lld", (long long)x->amount_fen);
		snprintf(paid, sizeof(paid), "%lld", (long long)x->enrolled_fen);
		v[2] = x->division;
		v[4] = x->kind;
		v[7] = x->failed;
		if (store_bulk_row(b, v, e)) {
			mz_err ignored = { 0 };

			store_bulk_end(b, &ignored);
			return -1;
		}
	}
	return store_bulk_end(b, e);
}

int screen_write_program(store_conn *c, int64_t run_id, const char *program,
			 const screen_finding *f, size_t n, int rewrite, screen_write_stats *stats,
			 mz_err *e)
{
	open_item *open = NULL;
	size_t nopen = 0, nins = 0, ndel = 0;
	size_t *ins = mz_xmalloc((n ? n : 1) * sizeof(*ins));
	int64_t *del = NULL;
	int rc = -1;

	if (rewrite) {
		store_stmt *st = store_prepare(c, "DELETE FROM screen_items WHERE status = 'open'"
						  " AND program = ?", e);
		if (!st)
			goto out;
		store_bind_text(st, 1, program);
		if (store_step(st, e) < 0) {
			store_done(st);
			goto out;
		}
		store_done(st);
		for (size_t i = 0; i < n; i++)
			ins[nins++] = i;
	} else {
		if (load_open(c, program, &open, &nopen, e))
			goto out;
		/* Both lists are in household order: one merge. A finding keeps
		 * the first open item of its household equal to it; every other
		 * open item of the program goes. */
		size_t j = 0;
		for (size_t i = 0; i < n; i++) {
			int64_t h = f[i].household_id;
			int found = 0;

			while (j < nopen && open[j].household_id < h)
				j++;
			for (size_t k = j; k < nopen && open[k].household_id == h; k++)
				if (!open[k].kept && same(&open[k], &f[i])) {
					open[k].kept = 1;
					found = 1;
					break;
				}
			if (!found)
				ins[nins++] = i;
		}
		del = mz_xmalloc((nopen ? nopen : 1) * sizeof(*del));
		for (size_t k = 0; k < nopen; k++)
			if (!open[k].kept)
				del[ndel++] = open[k].id;
		if (delete_ids(c, del, ndel, e))
			goto out;
	}
	if (insert_findings(c, run_id, program, f, ins, nins, e))
		goto out;
	if (stats) {
		stats->inserted += nins;
		stats->deleted += ndel;
		stats->kept += rewrite ? 0 : n - nins;
	}
	rc = 0;
out:
	free(open);
	free(ins);
	free(del);
	return rc;
}
