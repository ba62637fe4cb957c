/* safetynet_api.h - the HTTP handlers of the safety net (front tier: JSON
 * in, typed domain calls, JSON out) and its route table. */
#ifndef MZ_SAFETYNET_API_H
#define MZ_SAFETYNET_API_H

#include "http/api.h"
#include "http/server.h"

extern const http_route safetynet_routes[]; /* ends with a NULL method */

int api_sn_inbound_event(http_request *req, http_response *res);
int api_sn_inbound_file(http_request *req, http_response *res);
int api_sn_departments_list(http_request *req, http_response *res);
int api_sn_department_create(http_request *req, http_response *res);
/* api_lists.c: the lists as JSON pages and as XLSX (http/list_export.h) */
int api_sn_events_list(http_request *req, http_response *res);
int api_sn_events_xlsx(http_request *req, http_response *res);
int api_sn_alerts_xlsx(http_request *req, http_response *res);
int api_sn_orders_xlsx(http_request *req, http_response *res);
int api_sn_alerts_list(http_request *req, http_response *res);
int api_sn_alert_get(http_request *req, http_response *res);
int api_sn_orders_list(http_request *req, http_response *res);
int api_sn_order_get(http_request *req, http_response *res);
int api_sn_order_act(http_request *req, http_response *res);
int api_sn_rules_get(http_request *req, http_response *res);
int api_sn_rules_reload(http_request *req, http_response *res);
int api_sn_catalog(http_request *req, http_response *res);
int api_sn_public_request(http_request *req, http_response *res);

#endif
