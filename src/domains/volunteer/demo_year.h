/* demo_year.h - the demo city's year of volunteering (demo_year.c). */
#ifndef MZ_VOL_DEMO_YEAR_H
#define MZ_VOL_DEMO_YEAR_H

#include "domains/volunteer/volunteer.h"

typedef struct vol_demo_year {
	int64_t orders, served, cancelled, activities, signups, minutes;
} vol_demo_year;

/* Monthly paired visits over the year from start for pairings[i] of the
 * elder persons[i]; each day's work at that day's time (base: the demo's
 * clock offset, restored by the caller). */
int vol_demo_visits(store_conn *c, const access_ctx *sys, const int64_t *pairings,
		    const int64_t *persons, size_t n, mz_day start, mz_day today, int64_t base,
		    vol_demo_year *out, mz_err *e);
/* per_month activities a month of the district's organisation org over
 * the year from start to today (exclusive). */
int vol_demo_activities(store_conn *c, const access_ctx *sys, const char *district, int64_t org,
			int per_month, mz_day start, mz_day today, int64_t base,
			vol_demo_year *out, mz_err *e);

#endif
