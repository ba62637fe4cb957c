/* demo_internal.h - what the elderly-care demo's files share: the elders
 * the year is about and the writers of each service's year (demo.c runs
 * them in order). */
#ifndef MZ_EC_DEMO_INTERNAL_H
#define MZ_EC_DEMO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "store/store.h"

/* An elder due a monthly visit on the as-of day (living alone, very old,
 * special family or of a visiting category: eldercare/visits.h). */
typedef struct ecd_elder {
	int64_t person_id;
	char division[16];
	int age;
} ecd_elder;

typedef struct ecd_canteen {
	int64_t id, provider_id;
	char division[16];
} ecd_canteen;

typedef struct ecd_run {
	store_conn *c;
	access_ctx sys;
	mz_day as_of, start;      /* start: as_of minus one year */
	ecd_elder *elders;
	size_t n_elders, cap_elders;
	ecd_canteen *canteens;
	size_t n_canteens, cap_canteens;
	int64_t persons;          /* N of the city */
	int64_t call_provider;    /* the 平安通 call centre */
	int64_t homecare_provider;
	int64_t assessments, beds, applications, admissions;
	int64_t visits, meals, settlements, subscribers, calls, alerts;
} ecd_run;

/* A deterministic hash of a and b (splitmix64): the demo's only source of
 * variation, so the same city gives the same year. */
uint64_t ecd_hash(uint64_t a, uint64_t b);
/* Unix seconds of day at minute (Beijing time). */
int64_t ecd_unix(mz_day day, int minute);

/* The elders due a visit this month, community by community. */
int ecd_elders_load(ecd_run *r, mz_err *e);
/* A year of monthly visits (bulk): about 93% of the due each past month,
 * this month's visits so far. */
int ecd_visits_write(ecd_run *r, mz_err *e);
/* A year of canteen meals (bulk) at each canteen's regulars, priced by the
 * meal rules; each past month settled and confirmed but the last. */
int ecd_meals_write(ecd_run *r, mz_err *e);
/* 平安通 subscribers through the real function, a year of their calls
 * (bulk), yesterday's missed check-ins swept into alerts. */
int ecd_calls_write(ecd_run *r, mz_err *e);

/* Assessments across every level, home care beds, a public care home per
 * district with its waiting list, offers and admissions (real functions). */
int ecd_care_write(ecd_run *r, mz_err *e);

#endif
