/* calls.h - 平安通, Guangzhou's emergency-call service for the elderly.
 *
 * Subscribers are residents 60+ with a device (landline, pendant, watch or
 * app), one to five contacts and a subsidy category computed from the
 * dated parameters of their division (call.*; the older rules docs/domain.md
 * records, all (unverified)): category 1 — a category in
 * call.cat1_categories (特困, dibao, low-income) — is subsidised
 * call.cat1_permille of the fee; category 2 — living alone, disabled
 * (grade 1-4) or aged call.cat2_age and over — call.cat2_permille; the fee
 * counted is at most call.fee_cap_fen a month. The category is fixed when
 * the subscription starts (a new subscription re-computes it).
 *
 * A call (emergency, consultation, daily check-in) is logged with its time,
 * location and summary; it is dispatched to a contact, the community
 * worker or the emergency service, the response (someone reached the
 * elder) and the closure are timed. A check-in closes itself. The board
 * lists open and dispatched calls with their age against
 * call.response_target_s. A subscriber with daily check-in who made no call
 * on a day raises one missed_checkin alert for the community
 * (ec_call_checkin_sweep, idempotent) and publishes EC_EVENT_CHECKIN_MISSED
 * for it (subject: the person; payload {day, subscriber_id}), which the
 * safety net's rules read.
 *
 * Scope: staff see subscribers and calls of elders in their scope; a
 * provider user (the call-centre operator) only its own subscribers. */
#ifndef MZ_EC_CALLS_H
#define MZ_EC_CALLS_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/err.h"
#include "domains/eldercare/params.h"
#include "store/store.h"

/* Published on the outbox for each missed daily check-in raised. */
#define EC_EVENT_CHECKIN_MISSED "eldercare.checkin_missed"

/* ---- the subsidy (pure) ---- */
typedef struct ec_call_rules {
	int64_t fee_cap, cat1_permille, cat2_permille, cat2_age;
	char cat1[256];
} ec_call_rules;

typedef struct ec_call_subsidy {
	const char *category; /* "cat1", "cat2", "none" */
	const char *why;      /* the condition that placed it there */
	int64_t fee, subsidy; /* fen a month */
} ec_call_subsidy;

int ec_call_rules_load(const ec_params *p, const char *division, ec_call_rules *r, mz_err *e);
/* Category and monthly subsidy of an elder of `age` with `categories`
 * (comma list), persons.flags and disability grade (0 = none), for a
 * monthly fee. The subsidy is min(fee, cap) x permille / 1000, rounded
 * down to the fen (an elder never receives more than the rule gives). */
void ec_call_subsidy_make(const ec_call_rules *r, int age, const char *categories,
			  const char *flags, int disability_grade, int64_t fee,
			  ec_call_subsidy *out);

/* ---- subscribers ---- */
/* {person_id, device_code, device_kind, fee_fen, daily_checkin, provider_id?,
 * started_on, contacts:[{name,phone,relation}], reason}. Refuses under 60,
 * a deceased person, a second active subscription. Audited. */
json_t *ec_call_subscriber_create(store_conn *c, const access_ctx *who, json_t *in, mz_err *e);
/* One subscriber with person and contacts. Audited read. */
json_t *ec_call_subscriber_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
/* Subscribers in scope (or under division), ID numbers masked, paginated.
 * sort: "field" or "-field" (id, started_on, device_kind, subsidy_category,
 * fee_fen, division_code); NULL or "": newest first. Another is MZ_EINVAL
 * on "sort". */
json_t *ec_call_subscriber_list(store_conn *c, const access_ctx *who, const char *division,
				const char *sort, int64_t page, int64_t page_size, mz_err *e);
/* Ends a subscription on a day (reason required). Audited. */
int ec_call_subscriber_end(store_conn *c, const access_ctx *who, int64_t id,
			   const char *ended_on, const char *reason, mz_err *e);

/* ---- calls ---- */
/* {subscriber_id, kind, received_at? (Unix s, default now), location?,
 * lat?, lon? (degrees), summary?}. A check-in is closed at once. Audited. */
json_t *ec_call_log(store_conn *c, const access_ctx *who, json_t *in, mz_err *e);
/* open -> dispatched: {to: contact|community_worker|emergency_service, note}. */
json_t *ec_call_dispatch(store_conn *c, const access_ctx *who, int64_t id, const char *to,
			 const char *note, mz_err *e);
/* Records that help reached the elder (dispatched calls; once). */
json_t *ec_call_respond(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
/* -> closed with an outcome (at least 2 characters). */
json_t *ec_call_close(store_conn *c, const access_ctx *who, int64_t id, const char *outcome,
		      mz_err *e);
json_t *ec_call_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
/* Calls in scope, newest first (or by sort: received_at, id, each with a
 * leading - for descending), filtered by status/kind/day (each optional). */
json_t *ec_call_list(store_conn *c, const access_ctx *who, const char *division,
		     const char *status, const char *kind, const char *day, const char *sort,
		     int64_t page, int64_t page_size, mz_err *e);
/* The live board: every open or dispatched call in scope, oldest first,
 * with waiting seconds as of `now` and `overdue` against the response
 * target; open missed-check-in alerts; counts. Audited read. */
json_t *ec_call_board(store_conn *c, const access_ctx *who, const char *division, int64_t now,
		      mz_err *e);

/* ---- missed daily check-ins ---- */
/* For the Beijing day `day` (which must have ended by `as_of`), raises a
 * missed_checkin alert for every active daily-check-in subscriber in
 * who's scope, subscribed on or before that day, who made no call on it.
 * Idempotent: a second sweep of the same day raises nothing new.
 * {day, checked, raised}. Audited (one entry per sweep). */
json_t *ec_call_checkin_sweep(store_conn *c, const access_ctx *who, mz_day day, int64_t as_of,
			      mz_err *e);
/* Alerts in scope by status (open|closed|"" all), newest first, paginated.
 * sort: "field" or "-field" (day, id, status, raised_at, division_code);
 * NULL or "": newest day first. Another is MZ_EINVAL on "sort". */
json_t *ec_call_alert_list(store_conn *c, const access_ctx *who, const char *status,
			   const char *sort, int64_t page, int64_t page_size, mz_err *e);
/* Closes an alert with what the community found (note required). Audited. */
json_t *ec_call_alert_close(store_conn *c, const access_ctx *who, int64_t id, const char *note,
			    mz_err *e);

#endif
