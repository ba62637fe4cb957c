/* screen_load.h - the loader's parts, for the snapshot refresh
 * (snapshot_refresh.c): the whole registry, one household, the enrollments. */
#ifndef MZ_SCREEN_LOAD_H
#define MZ_SCREEN_LOAD_H

#include "screen/screen.h"

/* The registry's columns (everything but the enrollments) of every
 * household with living members, households in id order, members in person
 * order; d->p_id set. Inside the caller's read transaction. */
int screen_load_registry(store_conn *c, screen_data *d, mz_err *e);
/* Enrollment bits and amounts, and the dibao flag of the members, into d
 * (hh_enrolled, p_enrolled, p_flags writable). */
int screen_load_enrollments(store_conn *c, const policy_set *s, screen_data *d, mz_err *e);

/* One household as screen_load_registry would build it. */
typedef struct screen_fresh_member {
	int64_t id;
	mz_day birth;
	uint8_t sex, rel, dis, grade;
	uint32_t flags;
	int64_t income[POLICY_INC_COUNT];
} screen_fresh_member;
typedef struct screen_fresh_hh {
	int64_t id;
	int present;          /* exists and has living members: it has columns */
	char div[16];
	size_t m0, nm;        /* its members in screen_fresh.m */
	int64_t asset[POLICY_AST_COUNT];
	int32_t vehicles;
} screen_fresh_hh;
typedef struct screen_fresh {
	screen_fresh_hh *hh;
	size_t nh, caph;
	screen_fresh_member *m;
	size_t nm, capm;
} screen_fresh;
/* Appends household id to f (present = 0 when it is gone or empty). */
int screen_load_household(store_conn *c, int64_t id, screen_fresh *f, mz_err *e);
void screen_fresh_release(screen_fresh *f);
/* Appends to *ids the households persons lo..hi are current members of. */
int screen_households_of_persons(store_conn *c, int64_t lo, int64_t hi, int64_t **ids,
				 size_t *n, size_t *cap, mz_err *e);
/* Appends to *ids the households with ids lo..hi. */
int screen_households_in_range(store_conn *c, int64_t lo, int64_t hi, int64_t **ids, size_t *n,
			       size_t *cap, mz_err *e);
/* The schema version and the largest household id. */
int screen_registry_marks(store_conn *c, int64_t *schema_version, int64_t *max_household,
			  mz_err *e);

#endif
