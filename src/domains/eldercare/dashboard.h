/* dashboard.h - the elderly-care dashboard by district: canteen meals a
 * day and subsidy spend, 平安通 emergency response times, waiting-list
 * lengths and monthly visit rates, for one month, within the caller's
 * scope (elders counted where they live). */
#ifndef MZ_EC_DASHBOARD_H
#define MZ_EC_DASHBOARD_H

#include <jansson.h>

#include "access/access.h"
#include "base/err.h"
#include "store/store.h"

/* {month, days, districts:[{code, name, meals, meals_per_day, subsidy_fen,
 * emergency_calls, responded, avg_response_s, waiting, visits_due,
 * visits_done, visit_rate_permille}], daily:[{day, meals}]}. Audited read
 * (aggregates only: no person appears). */
json_t *ec_dashboard(store_conn *c, const access_ctx *who, const char *month, mz_err *e);

#endif
