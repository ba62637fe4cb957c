/* screen_publish.c - a screening finding told on the outbox: a household
 * that the rules find eligible for a program it is not enrolled in is a
 * 政策找人 lead, and the safety net turns leads into work orders for the
 * community. Published in the run's own transaction, so a run that rolls
 * back tells nothing. Only the eligible-not-enrolled findings (the other
 * kinds — enrolled but no longer eligible, amount differs — are checks of
 * an enrollment the street already holds, not needs), and only new ones:
 * every run re-writes the open items, and a lead still open from the run
 * before was told then. */
#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "events/events.h"
#include "screen/screen.h"

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int screen_leads_load(store_conn *c, const char *program, screen_leads *out, mz_err *e)
{
	store_stmt *st;
	size_t cap = 0;
	int r;

	screen_leads_release(out);
	st = store_prepare(c, "SELECT household_id FROM screen_items WHERE status = 'open'"
			      " AND program = ? AND kind = 'eligible_not_enrolled'", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, program);
	while ((r = store_step(st, e)) == 1) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 1024;
			out->households = mz_xrealloc(out->households, cap * sizeof(int64_t));
		}
		out->households[out->n++] = store_col_i64(st, 0);
	}
	store_done(st);
	if (r < 0) {
		screen_leads_release(out);
		return -1;
	}
	if (out->n)
		qsort(out->households, out->n, sizeof(int64_t), cmp_id);
	return 0;
}

void screen_leads_release(screen_leads *l)
{
	if (!l)
		return;
	free(l->households);
	l->households = NULL;
	l->n = 0;
}

int screen_publish_lead(store_conn *c, const access_ctx *who, const screen_leads *before,
			int64_t run_id, int64_t household_id, const char *division,
			const char *program, int64_t amount_fen, mz_err *e)
{
	char payload[200];

	if (before && before->n &&
	    bsearch(&household_id, before->households, before->n, sizeof(int64_t), cmp_id))
		return 0; /* open before this run: told then */
	snprintf(payload, sizeof(payload),
		 "{\"run_id\":%lld,\"household_id\":%lld,\"program\":\"%.40s\",\"amount_fen\":%lld}",
		 (long long)run_id, (long long)household_id, program, (long long)amount_fen);
	return events_publish(c, who, SCREEN_EVENT_LEAD, household_id, division, payload, NULL, e);
}
