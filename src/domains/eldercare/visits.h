/* visits.h - monthly visits (探访) to elders who need them.
 *
 * Due in a month (seed 002, parameters visits.*): residents aged
 * visits.min_age+ at the month's end who live alone or in an empty nest
 * (persons.flags living_alone, empty_nest: 独居、空巢), are visits.very_old_age+, belong to a special family
 * (flags or category) or hold a category of visits.categories in force
 * during the month. The target is every one of them visited each month;
 * a visit is recorded by the community worker or a paired volunteer. */
#ifndef MZ_EC_VISITS_H
#define MZ_EC_VISITS_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/err.h"
#include "base/date.h"
#include "store/store.h"

/* On the outbox (subject: the person, division: the person's community):
 * a visit made (payload {visited_on, visitor_kind}), recorded here or from
 * a paired volunteer's service; and an elder due a visit in a month that
 * ended without one (payload {month}), published by the monthly job
 * eldercare.visit_overdue. */
#define EC_EVENT_VISIT_RECORDED "eldercare.visit_recorded"
#define EC_EVENT_VISIT_OVERDUE "eldercare.visit_overdue"

/* Publishes EC_EVENT_VISIT_RECORDED in the caller's open transaction. */
int ec_visit_publish_tx(store_conn *c, const access_ctx *who, int64_t person_id,
			const char *division, const char *visited_on, const char *visitor_kind,
			mz_err *e);

/* For `month` (YYYY-MM, which must have ended by today): every elder due a
 * visit in it (the same rule as ec_visit_due) with none recorded gets one
 * EC_EVENT_VISIT_OVERDUE. A second run for the same month publishes again
 * (the job runs it once a month; the safety net keeps one event per elder
 * and month). *published: how many. Commits every few hundred events. */
int ec_visit_overdue_publish(store_conn *c, const access_ctx *who, const char *month,
			     int64_t *published, mz_err *e);

/* {person_id, visited_on, visitor_kind (community_worker|volunteer),
 * visitor, findings?, needs_followup?}. The person must be in scope; a
 * visit may not be dated in the future. Audited. */
json_t *ec_visit_record(store_conn *c, const access_ctx *who, json_t *in, mz_err *e);
/* Elders due a visit in `month` (YYYY-MM) in scope or under division, with
 * why and the visits made; only_overdue lists those not yet visited.
 * Paginated with the total, ID numbers masked; sort NULL/"" by community and
 * birth date, or "[-]name|birth_date|division_code|last_visit" (store/order.h).
 * Audited read. */
json_t *ec_visit_due(store_conn *c, const access_ctx *who, const char *division,
		     const char *month, int only_overdue, const char *sort, int64_t page,
		     int64_t page_size, mz_err *e);
/* The month's rate per community in scope (or under division): {items:
 * [{division_code, name, due, visited, rate_permille}], due, visited,
 * rate_permille, target_permille: 1000}. */
json_t *ec_visit_rates(store_conn *c, const access_ctx *who, const char *division,
		       const char *month, mz_err *e);

#endif
