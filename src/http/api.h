/* api.h - every API handler, by domain file. To add an endpoint: write the
 * handler in http/api_<domain>.c, declare it here, add one line to the
 * table in http/routes.c, describe it in http/openapi.c, and test it in
 * tests/api/. */
#ifndef MZ_API_H
#define MZ_API_H

#include "http/http.h"

/* api_session.c */
int api_session_create(http_request *req, http_response *res);
int api_session_get(http_request *req, http_response *res);
int api_session_delete(http_request *req, http_response *res);

/* api_registry.c */
int api_divisions_list(http_request *req, http_response *res);
int api_division_get(http_request *req, http_response *res);
int api_persons_search(http_request *req, http_response *res);
int api_person_get(http_request *req, http_response *res);
int api_person_create(http_request *req, http_response *res);
int api_person_update(http_request *req, http_response *res);
int api_person_reveal(http_request *req, http_response *res);
int api_person_history(http_request *req, http_response *res);
int api_households_search(http_request *req, http_response *res);
int api_household_get(http_request *req, http_response *res);
int api_household_create(http_request *req, http_response *res);
int api_household_add_member(http_request *req, http_response *res);
int api_household_remove_member(http_request *req, http_response *res);
int api_household_history(http_request *req, http_response *res);
int api_stats_registry(http_request *req, http_response *res);

/* api_admin.c */
int api_users_list(http_request *req, http_response *res);
int api_user_create(http_request *req, http_response *res);
int api_user_update(http_request *req, http_response *res);
int api_audit_search(http_request *req, http_response *res);
int api_audit_verify(http_request *req, http_response *res);

/* api_cases.c (social-assistance cases) */
int api_assist_programs(http_request *req, http_response *res);
int api_cases_create(http_request *req, http_response *res);
int api_cases_list(http_request *req, http_response *res);
int api_case_get(http_request *req, http_response *res);
int api_case_evaluate(http_request *req, http_response *res);
int api_case_override(http_request *req, http_response *res);
int api_case_act(http_request *req, http_response *res);
int api_case_attach(http_request *req, http_response *res);
int api_case_objection_add(http_request *req, http_response *res);
int api_case_objection_handle(http_request *req, http_response *res);
int api_case_verify(http_request *req, http_response *res);
int api_case_verification(http_request *req, http_response *res);
int api_notices(http_request *req, http_response *res);
int api_notices_xlsx(http_request *req, http_response *res);
int api_staff_kin_create(http_request *req, http_response *res);
int api_calendar_get(http_request *req, http_response *res);
int api_calendar_put(http_request *req, http_response *res);

/* api_benefits.c (enrollments, payroll) */
int api_enrollments_list(http_request *req, http_response *res);
int api_enrollment_get(http_request *req, http_response *res);
int api_payroll_run(http_request *req, http_response *res);
int api_payroll_list(http_request *req, http_response *res);
int api_payroll_get(http_request *req, http_response *res);
int api_payroll_lines(http_request *req, http_response *res);
int api_payroll_approve(http_request *req, http_response *res);
int api_payroll_bank_file(http_request *req, http_response *res);
int api_payroll_reconcile(http_request *req, http_response *res);
int api_payroll_totals(http_request *req, http_response *res);

/* api_evidence.c (agency data, integrity register) */
int api_evidence_batches(http_request *req, http_response *res);
int api_integrity_list(http_request *req, http_response *res);
int api_integrity_create(http_request *req, http_response *res);

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
int api_ec_home_requeue(http_request *req, http_response *res);
int api_ec_vacancy_create(http_request *req, http_response *res);
int api_ec_wait_apply(http_request *req, http_response *res);
int api_ec_wait_get(http_request *req, http_response *res);
int api_ec_wait_withdraw(http_request *req, http_response *res);
int api_ec_offer_decide(http_request *req, http_response *res);
int api_ec_offer_expire(http_request *req, http_response *res);
int api_ec_visit_create(http_request *req, http_response *res);
int api_ec_visit_due(http_request *req, http_response *res);
int api_ec_visit_rates(http_request *req, http_response *res);
int api_ec_bed_create(http_request *req, http_response *res);
int api_ec_bed_list(http_request *req, http_response *res);
int api_ec_bed_visit(http_request *req, http_response *res);
int api_ec_bed_missing(http_request *req, http_response *res);
int api_ec_dashboard(http_request *req, http_response *res);
/* end api_eldercare_services */

/* openapi.c */
int api_openapi(http_request *req, http_response *res);

/* api_policy.c (rules as code; cmd_serve.c hands over the holder) */
typedef struct policy_holder policy_holder;
void api_policy_init(policy_holder *h);
int api_policy_programs(http_request *req, http_response *res);
int api_policy_program_get(http_request *req, http_response *res);
int api_policy_eval(http_request *req, http_response *res);
int api_policy_reload(http_request *req, http_response *res);

/* api_screen.c (the screening worklist) */
int api_screen_items(http_request *req, http_response *res);
int api_screen_items_xlsx(http_request *req, http_response *res);

#endif
