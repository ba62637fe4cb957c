/* visits.h - monthly visits (探访) to elders who need them.
 *
 * Due in a month (seed 002, parameters visits.*): residents aged
 * visits.min_age+ at the month's end who live alone (persons.flags
 * living_alone), are visits.very_old_age+, belong to a special family
 * (flags or category) or hold a category of visits.categories in force
 * during the month. The target is every one of them visited each month;
 * a visit is recorded by the community worker or a paired volunteer. */
#ifndef MZ_EC_VISITS_H
#define MZ_EC_VISITS_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/err.h"
#include "store/store.h"

/* {person_id, visited_on, visitor_kind (community_worker|volunteer),
 * visitor, findings?, needs_followup?}. The person must be in scope; a
 * visit may not be dated in the future. Audited. */
json_t *ec_visit_record(store_conn *c, const access_ctx *who, json_t *in, mz_err *e);
/* Elders due a visit in `month` (YYYY-MM) in scope or under division, with
 * why and the visits made; only_overdue lists those not yet visited.
 * Paginated, ID numbers masked. Audited read. */
json_t *ec_visit_due(store_conn *c, const access_ctx *who, const char *division,
		     const char *month, int only_overdue, int64_t page, int64_t page_size,
		     mz_err *e);
/* The month's rate per community in scope (or under division): {items:
 * [{division_code, name, due, visited, rate_permille}], due, visited,
 * rate_permille, target_permille: 1000}. */
json_t *ec_visit_rates(store_conn *c, const access_ctx *who, const char *division,
		       const char *month, mz_err *e);

#endif
