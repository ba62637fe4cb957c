/* deliberation_api.h - the HTTP handlers of the deliberation halls (front
 * tier: JSON in, typed domain calls, JSON out) and their route table. */
#ifndef MZ_DELIBERATION_API_H
#define MZ_DELIBERATION_API_H

#include "http/api.h"
#include "http/server.h"

extern const http_route deliberation_routes[]; /* ends with a NULL method */

int api_dl_params(http_request *req, http_response *res);
int api_dl_hall_list(http_request *req, http_response *res);
int api_dl_hall_create(http_request *req, http_response *res);
int api_dl_hall_get(http_request *req, http_response *res);
int api_dl_rep_add(http_request *req, http_response *res);
int api_dl_topic_create(http_request *req, http_response *res);
int api_dl_meeting_create(http_request *req, http_response *res);
int api_dl_meeting_get(http_request *req, http_response *res);
int api_dl_attendance(http_request *req, http_response *res);
int api_dl_minutes_draft(http_request *req, http_response *res);
int api_dl_minutes_amend(http_request *req, http_response *res);
int api_dl_minutes_publish(http_request *req, http_response *res);
int api_dl_resolution_create(http_request *req, http_response *res);
int api_dl_resolution_list(http_request *req, http_response *res);
int api_dl_resolution_get(http_request *req, http_response *res);
int api_dl_task_done(http_request *req, http_response *res);
int api_dl_rates(http_request *req, http_response *res);
int api_dl_escalate(http_request *req, http_response *res);
int api_dl_public_hall(http_request *req, http_response *res);

#endif
