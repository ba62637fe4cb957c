/* meal_commit.h - group commit of counter check-ins (meal_commit.c): many
 * request threads' meal rows share one transaction and one fsync. */
#ifndef MZ_EC_MEAL_COMMIT_H
#define MZ_EC_MEAL_COMMIT_H

#include <stdint.h>

#include "access/access.h"
#include "base/err.h"
#include "domains/eldercare/canteen.h"
#include "store/store.h"

typedef struct ec_meal_row {
	/* in: filled by the caller; pointers must stay valid until the call returns */
	int64_t canteen_id, person_id, now;
	char canteen_division[16], division[16], day[11], month[8];
	const char *slot, *mode, *method;
	ec_meal_quote q;
	const access_ctx *who;
	const char *detail; /* audit detail JSON */
	/* out */
	int rc;      /* 0 stored (id set), 1 refused: the slot's subsidy was taken, -1 error (err) */
	int64_t id;
	mz_err err;
} ec_meal_row;

/* Stores the meal and its audit record durably, sharing the commit with
 * whatever other check-ins are waiting; returns row->rc. c must not be in
 * a transaction. */
int ec_meal_commit(store_conn *c, ec_meal_row *row);

#endif
