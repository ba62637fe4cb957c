/* screen_publish.c - a screening finding told on the outbox: a household
 * that the rules find eligible for a program it is not enrolled in is a
 * 政策找人 lead, and the safety net turns leads into work orders for the
 * community. Published in the run's own transaction, so a run that rolls
 * back tells nothing. Only the eligible-not-enrolled findings: the other
 * kinds (enrolled but no longer eligible, amount differs) are checks of an
 * enrollment the street already holds, not needs. */
#include <stdio.h>

#include "events/events.h"
#include "screen/screen.h"

int screen_publish_lead(store_conn *c, const access_ctx *who, int64_t run_id,
			int64_t household_id, const char *division, const char *program,
			int64_t amount_fen, mz_err *e)
{
	char payload[200];

	snprintf(payload, sizeof(payload),
		 "{\"run_id\":%lld,\"household_id\":%lld,\"program\":\"%.40s\",\"amount_fen\":%lld}",
		 (long long)run_id, (long long)household_id, program, (long long)amount_fen);
	return events_publish(c, who, SCREEN_EVENT_LEAD, household_id, division, payload, NULL, e);
}
