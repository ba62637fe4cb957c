/* rate.h - the execution rate of resolutions (决议执行率), defined once.
 *
 * As of a day D, over the resolutions decided on or before D:
 *  - carried out: its last task was done on or before D (carried_out_on <= D);
 *  - due: its deadline has come (due_on <= D), or it is carried out — a
 *    resolution fulfilled early counts as due from the day it is done, so
 *    the rate never exceeds 100% and early work is not invisible;
 *  - overdue: its deadline has passed (due_on < D: the deadline day itself
 *    is still in time) and it is not carried out by D;
 *  - on time: carried out on or before its deadline;
 *  - execution rate = carried out / due, in basis points (1/10000), rounded
 *    half up; no resolution due gives no rate (-1), not 0 or 100%.
 * The SQL of DL_RATE_SQL_SUMS computes the same sums (tested against this
 * function on both engines), so the API, the hall indicators and the unit
 * tests share one definition (docs/domain.md, "Deliberation halls"). */
#ifndef MZ_DELIBERATION_RATE_H
#define MZ_DELIBERATION_RATE_H

#include <stdint.h>

#include "base/date.h"

typedef struct dl_rate {
	int64_t decided, due, carried_out, on_time, overdue;
} dl_rate;

/* One resolution as the rate sees it. carried_out_on MZ_DAY_INVALID while
 * not carried out. */
typedef struct dl_rate_fact {
	mz_day decided_on, due_on, carried_out_on;
} dl_rate_fact;

/* Adds one resolution to r as of day as_of. */
void dl_rate_add(dl_rate *r, const dl_rate_fact *f, mz_day as_of);
/* carried_out / due in basis points, rounded half up; -1 when nothing is due. */
int64_t dl_rate_bp(int64_t carried_out, int64_t due);

/* The sums over dl_resolutions r as of the date in p.d (text), for a
 * SELECT ... FROM (SELECT CAST(? AS TEXT) AS d) p, dl_resolutions r WHERE
 * r.decided_on <= p.d. Columns: due, carried_out, overdue, on_time. */
#define DL_RATE_SQL_SUMS                                                                   \
	" SUM(CASE WHEN r.due_on <= p.d OR r.carried_out_on <= p.d THEN 1 ELSE 0 END),"      \
	" SUM(CASE WHEN r.carried_out_on <= p.d THEN 1 ELSE 0 END),"                          \
	" SUM(CASE WHEN r.due_on < p.d AND (r.carried_out_on IS NULL OR r.carried_out_on > p.d)" \
	" THEN 1 ELSE 0 END),"                                                                  \
	" SUM(CASE WHEN r.carried_out_on <= p.d AND r.carried_out_on <= r.due_on THEN 1 ELSE 0 END)"
#define DL_RATE_SQL_FROM                                                                   \
	" FROM (SELECT CAST(? AS TEXT) AS d) p, dl_resolutions r WHERE r.decided_on <= p.d"

#endif
