/* views.h - what the pages read: lists and records as JSON objects owned by
 * the caller (NULL with e filled). Every view filters by the caller's scope
 * inside the call; a volunteer login sees only its own records, and a
 * resident's contact details only for an order it accepted (audited). */
#ifndef MZ_VOL_VIEWS_H
#define MZ_VOL_VIEWS_H

#include <jansson.h>

#include "domains/volunteer/volunteer.h"

typedef struct vol_list_query {
	const char *division, *status, *skill, *q, *state;
	/* "field" or "-field" from the list's declared sort keys (the
	 * volunteers', orders' and activities' lists); NULL or "": the default order. */
	const char *sort;
	int64_t account_id;
	int64_t page, page_size;
} vol_list_query;

json_t *vol_volunteer_list(store_conn *c, const access_ctx *who, const vol_list_query *q, mz_err *e);
/* One volunteer with account, certificates and pairings (audited read). */
json_t *vol_volunteer_view(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
/* The calling volunteer: its record, account, offers and orders, with
 * linked: true; {linked: false} for a login linked to no volunteer. */
json_t *vol_me(store_conn *c, const access_ctx *who, mz_err *e);
json_t *vol_order_list(store_conn *c, const access_ctx *who, const vol_list_query *q, mz_err *e);
json_t *vol_order_view(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
json_t *vol_account_view(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
json_t *vol_movement_list(store_conn *c, const access_ctx *who, const vol_list_query *q, mz_err *e);
json_t *vol_activity_list(store_conn *c, const access_ctx *who, const vol_list_query *q, mz_err *e);
json_t *vol_activity_view(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
json_t *vol_pairing_list(store_conn *c, const access_ctx *who, const vol_list_query *q, mz_err *e);
json_t *vol_org_list(store_conn *c, const access_ctx *who, mz_err *e);
json_t *vol_service_list(store_conn *c, mz_err *e);
json_t *vol_ledger_view(store_conn *c, mz_err *e);

#endif
