/* eldercare_api.h - the HTTP handlers of the eldercare domain (front tier: JSON in,
 * typed domain calls, JSON out) and its route table. */
#ifndef MZ_ELDERCARE_API_H
#define MZ_ELDERCARE_API_H

#include "http/api.h"
#include "http/server.h"

extern const http_route eldercare_routes[]; /* ends with a NULL method */

/* api_eldercare.c (parameters, assessments, categories, providers, canteens) */
int api_ec_params_list(http_request *req, http_response *res);
int api_ec_param_set(http_request *req, http_response *res);
int api_ec_assess_standard(http_request *req, http_response *res);
int api_ec_assess_score(http_request *req, http_response *res);
int api_ec_assess_due(http_request *req, http_response *res);
int api_ec_assess_history(http_request *req, http_response *res);
int api_ec_assess_create(http_request *req, http_response *res);
int api_ec_assess_change(http_request *req, http_response *res);
int api_ec_categories_list(http_request *req, http_response *res);
int api_ec_category_add(http_request *req, http_response *res);
int api_ec_category_end(http_request *req, http_response *res);
int api_ec_card_issue(http_request *req, http_response *res);
/* api_documents.c: the assessment report and the elder card as PDF */
int api_ec_assessment_report(http_request *req, http_response *res);
int api_ec_card_pdf(http_request *req, http_response *res);
int api_ec_person_meals(http_request *req, http_response *res);
int api_ec_providers_list(http_request *req, http_response *res);
int api_ec_provider_create(http_request *req, http_response *res);
int api_ec_provider_link(http_request *req, http_response *res);
int api_ec_canteens_list(http_request *req, http_response *res);
int api_ec_canteen_create(http_request *req, http_response *res);
int api_ec_canteen_get(http_request *req, http_response *res);
int api_ec_canteen_update(http_request *req, http_response *res);
int api_ec_meal_checkin(http_request *req, http_response *res);
int api_ec_meal_list(http_request *req, http_response *res);
int api_ec_meal_list_xlsx(http_request *req, http_response *res);
int api_ec_meal_cancel(http_request *req, http_response *res);
int api_ec_meal_correct(http_request *req, http_response *res);
int api_ec_settlement_compute(http_request *req, http_response *res);
int api_ec_settlement_confirm(http_request *req, http_response *res);
int api_ec_settlement_list(http_request *req, http_response *res);
int api_ec_meal_anomalies(http_request *req, http_response *res);
int api_ec_coverage(http_request *req, http_response *res);
/* end api_eldercare */
/* api_eldercare_services.c (平安通, waiting list, visits, home beds, dashboard) */
int api_ec_call_subscriber_create(http_request *req, http_response *res);
int api_ec_call_subscriber_list(http_request *req, http_response *res);
int api_ec_call_subscriber_get(http_request *req, http_response *res);
int api_ec_call_subscriber_end(http_request *req, http_response *res);
int api_ec_call_create(http_request *req, http_response *res);
int api_ec_call_list(http_request *req, http_response *res);
int api_ec_call_list_xlsx(http_request *req, http_response *res);
int api_ec_call_get(http_request *req, http_response *res);
int api_ec_call_dispatch(http_request *req, http_response *res);
int api_ec_call_respond(http_request *req, http_response *res);
int api_ec_call_close(http_request *req, http_response *res);
int api_ec_call_board(http_request *req, http_response *res);
int api_ec_call_checkin_sweep(http_request *req, http_response *res);
int api_ec_call_alert_list(http_request *req, http_response *res);
int api_ec_call_alert_close(http_request *req, http_response *res);
int api_ec_home_create(http_request *req, http_response *res);
int api_ec_home_list(http_request *req, http_response *res);
int api_ec_home_queue(http_request *req, http_response *res);
int api_ec_home_queue_xlsx(http_request *req, http_response *res);
int api_ec_home_requeue(http_request *req, http_response *res);
int api_ec_vacancy_create(http_request *req, http_response *res);
int api_ec_wait_apply(http_request *req, http_response *res);
int api_ec_wait_get(http_request *req, http_response *res);
int api_ec_wait_withdraw(http_request *req, http_response *res);
int api_ec_offer_decide(http_request *req, http_response *res);
int api_ec_offer_expire(http_request *req, http_response *res);
int api_ec_visit_create(http_request *req, http_response *res);
int api_ec_visit_due(http_request *req, http_response *res);
int api_ec_visit_due_xlsx(http_request *req, http_response *res);
int api_ec_visit_rates(http_request *req, http_response *res);
int api_ec_bed_create(http_request *req, http_response *res);
int api_ec_bed_end(http_request *req, http_response *res);
int api_ec_bed_list(http_request *req, http_response *res);
int api_ec_bed_visit(http_request *req, http_response *res);
int api_ec_bed_missing(http_request *req, http_response *res);
int api_ec_dashboard(http_request *req, http_response *res);
int api_ec_dashboard_xlsx(http_request *req, http_response *res);
/* end api_eldercare_services */

#endif
