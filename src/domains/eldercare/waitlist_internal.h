/* waitlist_internal.h - what the waitlist files share (not for other rooms). */
#ifndef MZ_EC_WAITLIST_INTERNAL_H
#define MZ_EC_WAITLIST_INTERNAL_H

#include "domains/eldercare/waitlist.h"

typedef struct wait_rules {
	int crit[EC_WK_MAX];
	int ncrit;
	int64_t offer_days;
	char ranks[256];
} wait_rules;

int wait_rules_load(store_conn *c, const char *division, mz_day on, wait_rules *w, mz_err *e);
int wait_home_division(store_conn *c, int64_t home_id, char div[16], int64_t *provider,
		       mz_err *e);
/* The home's queue in order; *out is malloc'd (free it). */
int wait_queue_load(store_conn *c, int64_t home_id, const wait_rules *w, mz_day on,
		    ec_wait_key **out, size_t *n, mz_err *e);
/* Locks a care home's row until the transaction ends (no-op UPDATE). What
 * reads a home's queue to write from it (publishing positions, offering a
 * bed) takes it first, so on PostgreSQL two of them for one home queue as
 * SQLite's single writer makes them. Several homes are locked in home-id
 * order, and before any application row, so lock orders never cross. */
int wait_home_lock_tx(store_conn *c, int64_t home_id, mz_err *e);
int wait_lock_app_homes(store_conn *c, int64_t app_id, int64_t person_id, mz_err *e);
/* Inside a transaction: re-publishes positions and records the moves. */
int wait_publish(store_conn *c, const access_ctx *who, int64_t home_id, const char *cause,
		 int64_t *moved, mz_err *e);
int wait_publish_app(store_conn *c, const access_ctx *who, int64_t app_id, int64_t person_id,
		     const char *cause, int64_t *moved, mz_err *e);
int wait_app_load(store_conn *c, const access_ctx *who, int64_t id, char div[16],
		  char status[12], int64_t *person_id, mz_err *e);

#endif
