/* volunteer_api.h - the volunteer domain's HTTP handlers (JSON in, typed
 * domain calls, JSON out) and its route table. */
#ifndef MZ_VOLUNTEER_API_H
#define MZ_VOLUNTEER_API_H

#include "http/api.h"
#include "http/server.h"

extern const http_route volunteer_routes[]; /* ends with a NULL method */

/* api_volunteers.c */
int api_vol_register(http_request *req, http_response *res);
int api_vol_list(http_request *req, http_response *res);
int api_vol_get(http_request *req, http_response *res);
int api_vol_status(http_request *req, http_response *res);
int api_vol_link(http_request *req, http_response *res);
int api_vol_certificate(http_request *req, http_response *res);
int api_vol_me(http_request *req, http_response *res);
int api_vol_orgs_list(http_request *req, http_response *res);
int api_vol_org_create(http_request *req, http_response *res);
int api_vol_services(http_request *req, http_response *res);
/* api_ledger.c */
int api_vol_account_get(http_request *req, http_response *res);
int api_vol_movements(http_request *req, http_response *res);
int api_vol_movement_reverse(http_request *req, http_response *res);
int api_vol_ledger_check(http_request *req, http_response *res);
int api_vol_exchange(http_request *req, http_response *res);
int api_vol_transfer(http_request *req, http_response *res);
/* api_orders.c */
int api_vol_order_create(http_request *req, http_response *res);
int api_vol_order_list(http_request *req, http_response *res);
int api_vol_order_get(http_request *req, http_response *res);
int api_vol_order_accept(http_request *req, http_response *res);
int api_vol_order_decline(http_request *req, http_response *res);
int api_vol_order_checkin(http_request *req, http_response *res);
int api_vol_order_checkout(http_request *req, http_response *res);
int api_vol_order_rate(http_request *req, http_response *res);
int api_vol_order_cancel(http_request *req, http_response *res);
int api_vol_pairing_create(http_request *req, http_response *res);
int api_vol_pairing_list(http_request *req, http_response *res);
int api_vol_pairing_end(http_request *req, http_response *res);
int api_vol_pairing_visit(http_request *req, http_response *res);
/* api_activities.c */
int api_vol_activity_create(http_request *req, http_response *res);
int api_vol_activity_list(http_request *req, http_response *res);
int api_vol_activity_get(http_request *req, http_response *res);
int api_vol_activity_signup(http_request *req, http_response *res);
int api_vol_activity_checkin(http_request *req, http_response *res);
int api_vol_activity_checkout(http_request *req, http_response *res);
int api_vol_activity_confirm(http_request *req, http_response *res);

#endif
