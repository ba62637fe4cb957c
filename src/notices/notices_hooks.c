/* notices_hooks.c - what feeds the bell: subscribers on the event outbox
 * (each runs in its delivery's transaction; the dedup key makes a retried
 * delivery add nothing) and the daily reminder job. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notices/notices_internal.h"

/* An integer field of the payload (0 when absent). */
static int64_t payload_int(const event *ev, const char *field)
{
	json_t *j = json_loads(ev->payload ? ev->payload : "{}", 0, NULL);
	int64_t v = (int64_t)json_integer_value(json_object_get(j, field));

	json_decref(j);
	return v;
}

/* 全城通办: a case accepted by another street lands in the queue of the
 * household's street; its caseworkers learn of it. */
static int on_case_transferred(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	char program[32], intake[16], params[192], link[64], key[48];
	notice_new n;

	(void)who;
	events_payload_str(ev, "program", program, sizeof(program));
	events_payload_str(ev, "intake_street", intake, sizeof(intake));
	snprintf(params, sizeof(params),
		 "{\"case_id\":%lld,\"program\":\"%s\",\"intake_street\":\"%s\"}",
		 (long long)ev->subject_id, program, intake);
	snprintf(link, sizeof(link), "/assistance/cases/%lld", (long long)ev->subject_id);
	snprintf(key, sizeof(key), "transferred:%lld", (long long)ev->subject_id);
	n = (notice_new){ "case_transferred", params, link, ev->division_code, key };
	return notices_to_scope_tx(c, ROLE_STREET_CASEWORKER, NULL, &n, NULL, e);
}

/* A payment the bank returned: the payee's street must find a new account
 * or the reason (the payroll run's page lists the line). */
static int on_payment_returned(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	char month[8], reason[160], params[384], link[64], key[48];
	json_t *r;
	char *reason_json;
	notice_new n;
	int rc;

	(void)who;
	events_payload_str(ev, "month", month, sizeof(month));
	events_payload_str(ev, "reason", reason, sizeof(reason));
	/* The bank's reason is free text: quoted by jansson. */
	r = json_string(reason);
	reason_json = json_dumps(r ? r : json_null(), JSON_ENCODE_ANY);
	json_decref(r);
	snprintf(params, sizeof(params),
		 "{\"payment_id\":%lld,\"run_id\":%lld,\"month\":\"%s\",\"amount_fen\":%lld,"
		 "\"reason\":%s}",
		 (long long)payload_int(ev, "payment_id"), (long long)payload_int(ev, "run_id"), month,
		 (long long)payload_int(ev, "amount_fen"), reason_json ? reason_json : "\"\"");
	free(reason_json);
	snprintf(link, sizeof(link), "/assistance/payroll/%lld", (long long)payload_int(ev, "run_id"));
	snprintf(key, sizeof(key), "returned:%lld", (long long)ev->id);
	n = (notice_new){ "payment_returned", params, link, ev->division_code, key };
	rc = notices_to_scope_tx(c, ROLE_STREET_CASEWORKER, NULL, &n, NULL, e);
	return rc;
}

/* A decision taken above the street (the district decides a case with a
 * conflict of interest, or one not delegated): the street that handles
 * the case learns of it. A street's own decisions need no notice. */
static int on_case_decided(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	char program[32], action[24], params[192], link[64], key[48];
	access_users users;
	int above = 0, rc;
	notice_new n;

	(void)who;
	if (notices_users_load(c, &users, e))
		return -1;
	for (size_t i = 0; i < users.n; i++)
		if (!strcmp(users.items[i].login, ev->published_by))
			above = access_role_parse(users.items[i].role) &
				(ROLE_DISTRICT_OFFICER | ROLE_CITY_ADMIN);
	if (!above) {
		access_users_release(&users);
		return 0;
	}
	events_payload_str(ev, "program", program, sizeof(program));
	events_payload_str(ev, "action", action, sizeof(action));
	snprintf(params, sizeof(params), "{\"case_id\":%lld,\"program\":\"%s\",\"action\":\"%s\"}",
		 (long long)ev->subject_id, program, action);
	snprintf(link, sizeof(link), "/assistance/cases/%lld", (long long)ev->subject_id);
	snprintf(key, sizeof(key), "decided:%lld", (long long)ev->id);
	n = (notice_new){ "case_decided", params, link, ev->division_code, key };
	rc = notices_to_users_tx(c, &users, ROLE_STREET_CASEWORKER, ev->published_by, &n, NULL, e);
	access_users_release(&users);
	return rc;
}

const event_subscriber notices_subscribers[] = {
	{ EVENT_CASE_TRANSFERRED, "notices.case_transferred", on_case_transferred },
	{ EVENT_PAYMENT_RETURNED, "notices.payment_returned", on_payment_returned },
	{ EVENT_CASE_DECIDED, "notices.case_decided", on_case_decided },
	{ NULL, NULL, NULL },
};

static int job_remind(const job_ctx *ctx, char *result, size_t cap, mz_err *e)
{
	store_conn *c = store_conn_get(ctx->s, e);
	notices_remind_stats st;

	if (!c || notices_remind(c, mz_today(), &st, e))
		return -1;
	snprintf(result, cap, "%lld deadlines looked at, %lld reminders sent", (long long)st.scanned,
		 (long long)st.added);
	return 0;
}

/* Early in the morning (Beijing time), before the office opens. */
const job_def notices_jobs[] = {
	{ "notices.remind", "期限提醒", "Deadline reminders", "daily:07:00", job_remind },
	{ NULL, NULL, NULL, NULL, NULL },
};
