/* api.h - every API handler, by domain file. To add an endpoint: write the
 * handler in http/api_<domain>.c, declare it here, add one line to the
 * table in http/routes.c (a domain: its own routes.c) with the route's
 * inputs declared beside it (http/inputs.h, docs/api.md), and test it in
 * tests/api/. /api/openapi.json is generated from the table. */
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
/* api_division_names.c */
int api_division_names(http_request *req, http_response *res);
int api_persons_search(http_request *req, http_response *res);
int api_persons_xlsx(http_request *req, http_response *res);
int api_person_get(http_request *req, http_response *res);
int api_person_create(http_request *req, http_response *res);
int api_person_update(http_request *req, http_response *res);
int api_person_reveal(http_request *req, http_response *res);
int api_person_history(http_request *req, http_response *res);
int api_households_search(http_request *req, http_response *res);
int api_households_xlsx(http_request *req, http_response *res);
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
int api_audit_xlsx(http_request *req, http_response *res);
/* api_list_settings.c: the caller's table settings and export progress. */
int api_table_settings_get(http_request *req, http_response *res);
int api_table_settings_put(http_request *req, http_response *res);
int api_table_settings_delete(http_request *req, http_response *res);
int api_export_progress(http_request *req, http_response *res);
int api_audit_verify(http_request *req, http_response *res);
int api_audit_checkpoints(http_request *req, http_response *res);

/* openapi.c */
int api_openapi(http_request *req, http_response *res);
/* api_fault.c: the fault countdown switch (MZ_FAULT_ENABLE=1 only) */
int api_fault_get(http_request *req, http_response *res);
int api_fault_arm(http_request *req, http_response *res);
int api_clock_get(http_request *req, http_response *res);
int api_clock_set(http_request *req, http_response *res);

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
int api_screen_item_work(http_request *req, http_response *res);
int api_screen_run_start(http_request *req, http_response *res);
int api_screen_runs(http_request *req, http_response *res);

/* api_jobs.c (the job runner and the event outbox) */
int api_jobs_list(http_request *req, http_response *res);
int api_job_run(http_request *req, http_response *res);
int api_events_list(http_request *req, http_response *res);
int api_event_retry(http_request *req, http_response *res);

#endif
