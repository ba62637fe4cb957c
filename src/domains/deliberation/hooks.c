/* hooks.c - the deliberation halls' job (hooks.h). `minzheng deliberation
 * escalate` calls the same function. */
#include <stdio.h>

#include "domains/deliberation/deliberation.h"
#include "domains/deliberation/hooks.h"

static int job_escalate(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	store_conn *c = store_conn_get(ctx->s, e);
	dl_escalate_summary s;

	if (!c || dl_escalate(c, ctx->who, mz_today(), &s, e))
		return -1;
	snprintf(result, cap, "%lld overdue resolutions checked, %lld escalated, %lld handed to the safety net",
		 (long long)s.checked, (long long)s.raised, (long long)s.handed_over);
	return 0;
}

const job_def deliberation_jobs[] = {
	{ "deliberation.escalate", "议事决议逾期督办", "Escalate overdue deliberation resolutions",
	  "daily:01:10", job_escalate },
	{ NULL, NULL, NULL, NULL, NULL },
};
