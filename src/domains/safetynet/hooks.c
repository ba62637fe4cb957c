/* hooks.c - the safety net listens to minzheng's own outbox: a death
 * recorded in the registry becomes a 'death' event (the dibao review rule
 * reads it), an approved dibao case teaches it that the household's members
 * are on dibao (fact 'dibao'); eldercare's missed 平安通 check-ins, visits
 * made and visits overdue, the payroll's returned lines and the screening's
 * leads become events for the rules; a deliberation hall's resolution left
 * unresolved becomes a work order. All idempotent by (event, subscriber):
 * the outbox runs a handler once per delivery that commits. The event
 * names are the publishers' (their headers); only the names are shared. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "benefits/benefits.h"
#include "domains/safetynet/hooks.h"
#include "domains/safetynet/rules.h"
#include "domains/safetynet/safetynet.h"
#include "registry/registry.h"
#include "screen/screen.h"
#include "store/query.h"

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

/* ---- the signals of minzheng's own rooms ----
 * Each becomes an event of the catalogue about a person, stored as
 * internal (its source the publishing room) and run through the rules like
 * a department's. The day is the event's own, but never after today: a
 * delivery late or retried after the test clock moved back must not be
 * refused as "in the future" for ever. */

static void day_or_today(const char *given, char out[11])
{
	mz_day d = mz_day_parse(given);

	mz_day_format(d == MZ_DAY_INVALID || d > mz_today() ? mz_today() : d, out);
}

static int ingest_internal(store_conn *c, const access_ctx *who, int64_t person_id,
			   const char *type, const char *source, const char *day,
			   int64_t amount_fen, const char *note, mz_err *e)
{
	sn_event_in in = { 0 };
	sn_ingest_result r;

	in.kind = SN_SRC_INTERNAL;
	in.source = source;
	in.person_id = person_id;
	in.type = type;
	in.occurred_on = day;
	in.amount_fen = amount_fen;
	in.note = note;
	return sn_event_ingest_tx(c, who, &in, &r, e);
}

/* The household's head (registry order: the head first), 0 when the
 * household is gone or empty. */
static int household_head(store_conn *c, int64_t household_id, int64_t *person_id, mz_err *e)
{
	registry_household h;

	*person_id = 0;
	if (household_id <= 0)
		return 0;
	registry_household_init(&h);
	if (registry_household_find_any(c, household_id, &h, e)) {
		registry_household_release(&h);
		return e && e->code == MZ_ENOTFOUND ? (mz_err_clear(e), 0) : -1;
	}
	if (h.n_members)
		*person_id = h.members[0].person_id;
	registry_household_release(&h);
	return 0;
}

static int64_t payload_int(const event *ev, const char *field)
{
	json_t *p = json_loads(ev->payload ? ev->payload : "{}", 0, NULL);
	int64_t v = p ? json_integer_value(json_object_get(p, field)) : 0;

	json_decref(p);
	return v;
}

/* 平安通: a daily check-in missed (eldercare's sweep of the day). */
static int on_checkin_missed(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	char given[11], day[11];

	events_payload_str(ev, "day", given, sizeof(given));
	day_or_today(given, day);
	return ingest_internal(c, who, ev->subject_id, "checkin_missed", "eldercare.calls", day, 0,
			       "", e);
}

/* A visit made: the "without visit this month" clauses must know of it. */
static int on_visit_recorded(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	char given[11], day[11], kind[32];

	events_payload_str(ev, "visited_on", given, sizeof(given));
	events_payload_str(ev, "visitor_kind", kind, sizeof(kind));
	day_or_today(given, day);
	return ingest_internal(c, who, ev->subject_id, "visit", "eldercare.visits", day, 0, kind, e);
}

/* An elder due a visit whose month ended without one: dated the month's
 * last day. */
static int on_visit_overdue(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	char month[8], last[11], day[11];
	int y = 0, m = 0;

	events_payload_str(ev, "month", month, sizeof(month));
	if (sscanf(month, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
		return 0; /* nothing to date it by: not an event of ours */
	mz_day_format(m == 12 ? mz_day_from_ymd(y + 1, 1, 1) - 1 : mz_day_from_ymd(y, m + 1, 1) - 1,
		      last);
	day_or_today(last, day);
	/* A rerun of eldercare's monthly job tells the same month again: one
	 * event per elder and month is kept. */
	{
		int64_t n = 0;

		if (store_row(c, e, "SELECT COUNT(*) FROM sn_events WHERE person_id = ? AND"
				    " type = 'visit_overdue' AND note = ?",
			      STORE_INTO(&n), ev->subject_id, month) < 0)
			return -1;
		if (n)
			return 0;
	}
	return ingest_internal(c, who, ev->subject_id, "visit_overdue", "eldercare.visits", day, 0,
			       month, e);
}

/* A payroll line the bank returned: the payee, else the household's head. */
static int on_payroll_returned(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	int64_t person = ev->subject_id, amount = payload_int(ev, "amount_fen");
	char reason[160], today[11];

	if (person <= 0 && household_head(c, payload_int(ev, "household_id"), &person, e))
		return -1;
	if (person <= 0 || amount <= 0)
		return 0; /* nobody to look after, or nothing was returned */
	events_payload_str(ev, "reason", reason, sizeof(reason));
	mz_day_format(mz_today(), today);
	return ingest_internal(c, who, person, "payroll_returned", "benefits.payroll", today, amount,
			       reason, e);
}

/* A screening lead (eligible, not enrolled): about the household's head. */
static int on_screening_lead(store_conn *c, const access_ctx *who, const event *ev, mz_err *e)
{
	int64_t person = 0;
	char program[40], today[11];

	if (household_head(c, ev->subject_id, &person, e))
		return -1;
	if (person <= 0)
		return 0;
	events_payload_str(ev, "program", program, sizeof(program));
	mz_day_format(mz_today(), today);
	return ingest_internal(c, who, person, "screening_item", "screen", today, 0, program, e);
}

/* The names other domains publish under (their headers say what each
 * carries; a domain does not include another's header). */
#define EC_EVENT_CHECKIN_MISSED "eldercare.checkin_missed"
#define EC_EVENT_VISIT_RECORDED "eldercare.visit_recorded"
#define EC_EVENT_VISIT_OVERDUE "eldercare.visit_overdue"
#define DL_EVENT_RESOLUTION_OVERDUE "deliberation.resolution_overdue"

/* A deliberation hall's resolution still unresolved at the last step of its
 * escalation: a work order for the hall's community (or street). */
static int on_resolution_overdue(store_conn *c, const access_ctx *who, const event *ev,
				 mz_err *e)
{
	return sn_handover_resolution_tx(c, who, ev->subject_id, ev->division_code, ev->payload, e);
}

const event_subscriber safetynet_subscribers[] = {
	{ EVENT_PERSON_DIED, "safetynet.death_event", on_died },
	{ EVENT_CASE_DECIDED, "safetynet.dibao_fact", on_case_decided },
	{ EC_EVENT_CHECKIN_MISSED, "safetynet.checkin_missed", on_checkin_missed },
	{ EC_EVENT_VISIT_RECORDED, "safetynet.visit_recorded", on_visit_recorded },
	{ EC_EVENT_VISIT_OVERDUE, "safetynet.visit_overdue", on_visit_overdue },
	{ EVENT_PAYMENT_RETURNED, "safetynet.payroll_returned", on_payroll_returned },
	{ SCREEN_EVENT_LEAD, "safetynet.screening_lead", on_screening_lead },
	{ DL_EVENT_RESOLUTION_OVERDUE, "safetynet.resolution_overdue", on_resolution_overdue },
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

int safetynet_start(const char *policy_dir, mz_err *e)
{
	char dir[256] = "";

	if (policy_dir && *policy_dir)
		snprintf(dir, sizeof(dir), "%s/alerts", policy_dir);
	return sn_rules_reload(dir, e);
}
