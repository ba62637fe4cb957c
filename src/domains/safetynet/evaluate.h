/* evaluate.h - the monitoring rules run on one stored event. */
#ifndef MZ_SAFETYNET_EVALUATE_H
#define MZ_SAFETYNET_EVALUATE_H

#include "domains/safetynet/safetynet.h"

/* Every rule in force on day whose trigger is this event and whose other
 * clauses hold raises an alert (unless the person already has an open
 * alert of that rule) carrying its explanation, and opens one work order
 * per route. In the caller's open write transaction; fills out->alerts,
 * out->orders and their ids. */
int sn_evaluate_tx(store_conn *c, const access_ctx *who, int64_t event_id, int64_t person_id,
		   const char *type, mz_day day, int64_t amount_fen, sn_ingest_result *out,
		   mz_err *e);

#endif
