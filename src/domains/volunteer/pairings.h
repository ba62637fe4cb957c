/* pairings.h - 老伙伴 pairings (pairings.c) and activities (activities.c). */
#ifndef MZ_VOL_PAIRINGS_H
#define MZ_VOL_PAIRINGS_H

#include "domains/volunteer/geo.h"
#include "domains/volunteer/volunteer.h"

/* Pairs an active volunteer in scope with a living elder in scope. Audited. */
int vol_pairing_create(store_conn *c, const access_ctx *who, int64_t volunteer_id,
		       int64_t person_id, int visits_per_month, const char *started_on,
		       const char *reason, int64_t *id, mz_err *e);
/* The elder of an active pairing in scope (MZ_ENOTFOUND otherwise). */
int vol_pairing_person(store_conn *c, const access_ctx *who, int64_t id, int64_t *person_id,
		       mz_err *e);
int vol_pairing_end(store_conn *c, const access_ctx *who, int64_t id, const char *reason,
		    mz_err *e);

/* ---- activities: roles, slots, sign-up, check-in/out, confirmation ---- */
typedef struct vol_activity_role {
	const char *role;
	int needed;
	const char *skill; /* "" any */
} vol_activity_role;
typedef struct vol_activity_new {
	const char *title, *division_code, *place;
	int64_t starts_at, ends_at; /* Unix s */
	int64_t org_id;
	const vol_activity_role *roles;
	size_t nroles;
	vol_point at; /* optional: the place's position, for check-in by location */
} vol_activity_new;
int vol_activity_create(store_conn *c, const access_ctx *who, const vol_activity_new *in,
			int64_t *id, mz_err *e);
/* Signs volunteer_id (0: the calling volunteer) up for a role with a free
 * slot and the skill it needs. */
int vol_activity_signup(store_conn *c, const access_ctx *who, int64_t activity_id,
			int64_t volunteer_id, const char *role, mz_err *e);
/* Check-in / check-out at the place: with the activity's code (its QR
 * code) or with pos, the volunteer's position, within the radius of the
 * activity's located place (geo.h). */
int vol_activity_checkin(store_conn *c, const access_ctx *who, int64_t activity_id,
			 int64_t volunteer_id, const char *code, const vol_point *pos, int out,
			 mz_err *e);
/* The organiser confirms the time: it is credited to the volunteer. */
int vol_activity_confirm(store_conn *c, const access_ctx *who, int64_t activity_id,
			 int64_t volunteer_id, int64_t *credited, mz_err *e);

#endif
