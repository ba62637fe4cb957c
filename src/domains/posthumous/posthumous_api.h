/* posthumous_api.h - the HTTP handlers of the posthumous domain (front
 * tier: JSON in, typed domain calls, JSON out) and its route table. */
#ifndef MZ_POSTHUMOUS_API_H
#define MZ_POSTHUMOUS_API_H

#include "http/api.h"
#include "http/server.h"

extern const http_route posthumous_routes[]; /* ends with a NULL method */

int api_ph_matters(http_request *req, http_response *res);
int api_ph_params(http_request *req, http_response *res);
int api_ph_death_register(http_request *req, http_response *res);
int api_ph_cases_list(http_request *req, http_response *res);
int api_ph_case_get(http_request *req, http_response *res);
int api_ph_task_receipt(http_request *req, http_response *res);
int api_ph_progress(http_request *req, http_response *res);
int api_ph_public_progress(http_request *req, http_response *res);
int api_ph_homes_list(http_request *req, http_response *res);
int api_ph_home_create(http_request *req, http_response *res);
int api_ph_funeral_record(http_request *req, http_response *res);
int api_ph_eco_rate(http_request *req, http_response *res);
int api_ph_home_link_user(http_request *req, http_response *res);
int api_ph_cremation_record(http_request *req, http_response *res);
int api_ph_cremations_list(http_request *req, http_response *res);

#endif
