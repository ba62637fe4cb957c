/* hooks.c - the posthumous domain's subscriber and job (see hooks.h). */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "domains/posthumous/hooks.h"
#include "domains/posthumous/posthumous.h"
#include "registry/registry.h"

static int on_person_died(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	registry_person p;
	char death[11];
	int64_t case_id;
	int opened;

	events_payload_str(ev, "death_date", death, sizeof(death));
	if (mz_day_parse(death) == MZ_DAY_INVALID)
		return mz_fail(e, MZ_EINVAL, "death_date", "person.died without a death date",
			       "死亡事件缺少死亡日期");
	if (registry_person_find_any(c, ev->subject_id, &p, e))
		return -1;
	/* A death recorded without a report (the registry's own edit) opens a
	 * case whose cause and place are not known yet. */
	return ph_case_open_tx(c, who, p.id, p.division_code, death, "unknown", "elsewhere", "",
			       ev->id, &case_id, &opened, e);
}

const event_subscriber posthumous_subscribers[] = {
	{ EVENT_PERSON_DIED, "posthumous.open_case", on_person_died },
	{ NULL, NULL, NULL },
};

static int job_flag_overdue(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	store_conn *c = store_conn_get(ctx->s, e);
	int64_t n = 0;

	if (!c || ph_tasks_flag_overdue(c, ctx->who, mz_today(), &n, e))
		return -1;
	snprintf(result, cap, "%lld posthumous tasks flagged overdue", (long long)n);
	return 0;
}

const job_def posthumous_jobs[] = {
	{ "posthumous.flag_overdue", "身后事逾期事项标记", "Flag overdue posthumous tasks",
	  "daily:06:10", job_flag_overdue },
	{ NULL, NULL, NULL, NULL, NULL },
};
