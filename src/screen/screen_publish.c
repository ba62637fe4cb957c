/* screen_publish.c - a screening finding told on the outbox: a household
 * that the rules find eligible for a program it is not enrolled in is a
 * 政策找人 lead, and the safety net turns leads into work orders for the
 * community. Published in the run's own transaction, so a run that rolls
 * back tells nothing. Only the eligible-not-enrolled findings (the other
 * kinds — enrolled but no longer eligible, amount differs — are checks of
 * an enrollment the street already holds, not needs), and only new ones:
 * every run re-writes the open items, and a lead still open from the run
 * before was told then.
 *
 * A run gathers its new leads while it compares and tells them all at its
 * end in batches (events_publish_batch): one event at a time cost four
 * round trips a lead, ~10 ms a lead on PostgreSQL and ~47 ms on Citus, and
 * a whole-city run that raised many leads spent most of its time there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit_chain.h"
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

static uint32_t chain_key(const char *division)
{
	char chain[AUDIT_CHAIN_MAX];

	/* Chains sort as text: six digits before "city". */
	audit_chain_of(division, chain);
	return strcmp(chain, AUDIT_CHAIN_CITY) ? (uint32_t)strtoul(chain, NULL, 10) : UINT32_MAX;
}

void screen_lead_add(screen_lead_list *l, const screen_leads *before, int64_t household_id,
		     const char *division, const char *program, int64_t amount_fen)
{
	if (before && before->n &&
	    bsearch(&household_id, before->households, before->n, sizeof(int64_t), cmp_id))
		return; /* open before this run: told then */
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4096;
		l->items = mz_xrealloc(l->items, l->cap * sizeof(*l->items));
	}
	l->items[l->n] = (screen_lead){ household_id, amount_fen, program, division,
					chain_key(division), (uint32_t)l->n };
	l->n++;
}

static int cmp_lead(const void *a, const void *b)
{
	const screen_lead *x = a, *y = b;

	if (x->chain != y->chain)
		return x->chain < y->chain ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Events per events_publish_batch call: the run's memory for payloads stays
 * bounded however many leads it tells. */
#define PUBLISH_BATCH 4096
#define PAYLOAD_MAX 200

int screen_leads_publish(store_conn *c, const access_ctx *who, int64_t run_id,
			 screen_lead_list *l, mz_err *e)
{
	event_draft *drafts;
	char (*payload)[PAYLOAD_MAX];
	int rc = 0;

	if (!l->n)
		return 0;
	qsort(l->items, l->n, sizeof(*l->items), cmp_lead);
	drafts = mz_xmalloc(PUBLISH_BATCH * sizeof(*drafts));
	payload = mz_xmalloc(PUBLISH_BATCH * sizeof(*payload));
	for (size_t at = 0; at < l->n && !rc; at += PUBLISH_BATCH) {
		size_t k = l->n - at < PUBLISH_BATCH ? l->n - at : PUBLISH_BATCH;

		for (size_t i = 0; i < k; i++) {
			const screen_lead *x = &l->items[at + i];

			snprintf(payload[i], PAYLOAD_MAX,
				 "{\"run_id\":%lld,\"household_id\":%lld,\"program\":\"%.40s\","
				 "\"amount_fen\":%lld}",
				 (long long)run_id, (long long)x->household_id, x->program,
				 (long long)x->amount_fen);
			drafts[i] = (event_draft){ SCREEN_EVENT_LEAD, x->household_id, x->division,
						   payload[i] };
		}
		rc = events_publish_batch(c, who, drafts, k, NULL, e);
	}
	free(drafts);
	free(payload);
	return rc;
}

void screen_lead_list_release(screen_lead_list *l)
{
	if (!l)
		return;
	free(l->items);
	memset(l, 0, sizeof(*l));
}
