/* homecare.h - home care beds (家庭养老床位): a contract between an elder
 * and a home-care provider with a care plan (services, visits a week), the
 * provider's service visits, and the visits missing against the plan.
 *
 * A plan week runs Monday to Sunday (Beijing days); a week is judged once
 * homebed.visit_grace_days have passed after its Sunday (late entries
 * from the phone are common); a judged week with fewer visits than planned
 * is flagged. Weeks only partly inside the contract are not judged. */
#ifndef MZ_EC_HOMECARE_H
#define MZ_EC_HOMECARE_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "base/err.h"
#include "store/store.h"

/* {person_id, provider_id, contract_no, services:[...], visits_per_week,
 * start_on, end_on?, reason}. Records the elder's current assessment level
 * (ec_assess_level_of; an elder never assessed is refused). Staff only.
 * Audited. */
json_t *ec_bed_create(store_conn *c, const access_ctx *who, json_t *in, mz_err *e);
/* Ends an active contract on end_on (YYYY-MM-DD, not before its start)
 * with a reason; staff in the elder's scope only. Audited. {id, status,
 * end_on}; MZ_ESTATE when it has already ended. */
json_t *ec_bed_end(store_conn *c, const access_ctx *who, int64_t bed_id, const char *end_on,
		   const char *reason, mz_err *e);
/* Active beds in scope (a provider user: its own), paginated. sort:
 * "field" or "-field" (id, contract_no, start_on, visits_per_week, level,
 * division_code); NULL or "": by id. Another is MZ_EINVAL on "sort". */
json_t *ec_bed_list(store_conn *c, const access_ctx *who, const char *sort, int64_t page,
		    int64_t page_size, mz_err *e);
/* A provider logs a visit on its own bed: {started_at, ended_at (Unix s),
 * services:[...] (each in the plan), staff, note?}. Audited. */
json_t *ec_bed_visit_log(store_conn *c, const access_ctx *who, int64_t bed_id, json_t *in,
			 mz_err *e);
/* Judged weeks of the last 8 before `as_of` with fewer visits than
 * planned, for beds in scope (or the provider's own). */
json_t *ec_bed_missing(store_conn *c, const access_ctx *who, mz_day as_of, mz_err *e);

#endif
