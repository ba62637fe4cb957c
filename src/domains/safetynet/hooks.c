/* hooks.c - the safety net listens to minzheng's own outbox: a death
 * recorded in the registry becomes a 'death' event (the dibao review rule
 * reads it), an approved dibao case teaches it that the household's members
 * are on dibao (fact 'dibao'). Both are idempotent by (event, subscriber):
 * the outbox runs a handler once per delivery that commits. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/safetynet/hooks.h"
#include "domains/safetynet/safetynet.h"
#include "registry/registry.h"

static int on_died(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	char day[11];
	sn_event_in in = { 0 };
	sn_ingest_result r;

	events_payload_str(ev, "death_date", day, sizeof(day));
	if (mz_day_parse(day) == MZ_DAY_INVALID || mz_day_parse(day) > mz_today())
		mz_day_format(mz_today(), day);
	in.kind = SN_SRC_INTERNAL;
	in.source = "registry";
	in.person_id = ev->subject_id;
	in.type = "death";
	in.occurred_on = day;
	in.note = "";
	return sn_event_ingest_tx(c, who, &in, &r, e);
}

static int on_case_decided(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	char program[32], action[32], since[11];
	json_t *p = json_loads(ev->payload, 0, NULL);
	int64_t hid = p ? json_integer_value(json_object_get(p, "household_id")) : 0;
	registry_household h;
	int rc = 0;

	json_decref(p);
	events_payload_str(ev, "program", program, sizeof(program));
	events_payload_str(ev, "action", action, sizeof(action));
	if (strcmp(program, "dibao") || strcmp(action, "approve") || hid <= 0)
		return 0;
	registry_household_init(&h);
	if (registry_household_find_any(c, hid, &h, e)) {
		registry_household_release(&h);
		return e && e->code == MZ_ENOTFOUND ? 0 : -1;
	}
	mz_day_format(mz_today(), since);
	for (size_t i = 0; !rc && i < h.n_members; i++) {
		if (store_run(c, e, "INSERT INTO sn_facts (person_id, fact, since, source) VALUES (?, 'dibao', ?, ?)"
				    " ON CONFLICT (person_id, fact) DO NOTHING",
			      h.members[i].person_id, since, "case.decided") < 0)
			rc = -1;
	}
	if (!rc)
		rc = audit_append(c, who, AUDIT_WRITE, "safetynet.fact.learn", "household", hid,
				  ev->division_code, "dibao", NULL, e);
	registry_household_release(&h);
	return rc;
}

const event_subscriber safetynet_subscribers[] = {
	{ EVENT_PERSON_DIED, "safetynet.death_event", on_died },
	{ EVENT_CASE_DECIDED, "safetynet.dibao_fact", on_case_decided },
	{ NULL, NULL, NULL },
};

static int job_escalate(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	store_conn *c = store_conn_get(ctx->s, e);
	int n = 0;

	if (!c || sn_orders_escalate(c, ctx->who, mz_now_unix(), &n, e))
		return -1;
	snprintf(result, cap, "%d work orders escalated or marked overdue", n);
	return 0;
}

const job_def safetynet_jobs[] = {
	{ "safetynet.escalate", "安全网工单超时升级", "Safety-net work orders: escalate overdue",
	  "every:300", job_escalate },
	{ NULL, NULL, NULL, NULL, NULL },
};
