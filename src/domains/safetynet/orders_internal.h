/* orders_internal.h - what orders.c and orders_view.c share. */
#ifndef MZ_SAFETYNET_ORDERS_INTERNAL_H
#define MZ_SAFETYNET_ORDERS_INTERNAL_H

#include "domains/safetynet/safetynet.h"

typedef struct sn_order {
	int64_t id, person_id, version, alert_id, sla_seconds, due_at;
	char division[16];
	char state[16];
	char tier[16];
	char level[16];
	char route_to[20];
} sn_order;

/* The order id within who's scope (who NULL: anywhere, for the system's own
 * steps); MZ_ENOTFOUND outside it. */
int sn_order_load(store_conn *c, const access_ctx *who, int64_t id, sn_order *o, mz_err *e);
/* Logs a step (from o->state to to_state) and audits it, in the open
 * transaction. */
int sn_order_log_tx(store_conn *c, const access_ctx *who, const sn_order *o, const char *action,
		    const char *to_state, const char *note, mz_err *e);
/* The clock of a level in seconds (the rules' sla_hours). */
int64_t sn_level_sla_seconds(const char *level, mz_err *e);

#endif
