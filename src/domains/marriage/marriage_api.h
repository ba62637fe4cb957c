/* marriage_api.h - the HTTP handlers of the marriage register (front tier:
 * JSON in, typed domain calls, JSON out) and its route table. */
#ifndef MZ_MARRIAGE_API_H
#define MZ_MARRIAGE_API_H

#include "http/api.h"
#include "http/server.h"

extern const http_route marriage_routes[]; /* ends with a NULL method */

/* api_marriage.c: offices, appointments, marriages, certificates, figures */
int api_mar_offices(http_request *req, http_response *res);
int api_mar_office_capacity(http_request *req, http_response *res);
int api_mar_slots(http_request *req, http_response *res);
int api_mar_appointment_book(http_request *req, http_response *res);
int api_mar_appointments(http_request *req, http_response *res);
int api_mar_appointment_get(http_request *req, http_response *res);
int api_mar_appointment_set(http_request *req, http_response *res);
int api_mar_precheck(http_request *req, http_response *res);
int api_mar_register(http_request *req, http_response *res);
int api_mar_marriages(http_request *req, http_response *res);
int api_mar_marriage_get(http_request *req, http_response *res);
int api_mar_correct(http_request *req, http_response *res);
int api_mar_revoke(http_request *req, http_response *res);
int api_mar_reissue(http_request *req, http_response *res);
int api_mar_certificate(http_request *req, http_response *res);
int api_mar_stats(http_request *req, http_response *res);
/* api_divorce.c */
int api_mar_divorce_apply(http_request *req, http_response *res);
int api_mar_divorces(http_request *req, http_response *res);
int api_mar_divorce_get(http_request *req, http_response *res);
int api_mar_divorce_withdraw(http_request *req, http_response *res);
int api_mar_divorce_register(http_request *req, http_response *res);
int api_mar_divorce_certificate(http_request *req, http_response *res);

#endif
