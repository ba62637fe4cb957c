/* assistance_api.h - the HTTP handlers of the assistance domain (front tier: JSON in,
 * typed domain calls, JSON out) and its route table. */
#ifndef MZ_ASSISTANCE_API_H
#define MZ_ASSISTANCE_API_H

#include "http/api.h"
#include "http/server.h"

extern const http_route assistance_routes[]; /* ends with a NULL method */

/* api_cases.c (social-assistance cases) */
int api_assist_programs(http_request *req, http_response *res);
int api_cases_create(http_request *req, http_response *res);
int api_cases_list(http_request *req, http_response *res);
int api_cases_xlsx(http_request *req, http_response *res);
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
int api_payroll_lines_xlsx(http_request *req, http_response *res);
int api_payroll_approve(http_request *req, http_response *res);
int api_payroll_bank_file(http_request *req, http_response *res);
int api_payroll_reconcile(http_request *req, http_response *res);
int api_payroll_totals(http_request *req, http_response *res);

/* api_evidence.c (agency data, integrity register) */
int api_evidence_batches(http_request *req, http_response *res);
int api_integrity_list(http_request *req, http_response *res);
int api_integrity_create(http_request *req, http_response *res);
int api_integrity_resolve(http_request *req, http_response *res);

int api_case_payee(http_request *req, http_response *res);

/* api_documents.c (written decisions as PDF) */
int api_case_document(http_request *req, http_response *res);
int api_documents_batch(http_request *req, http_response *res);
int api_notices_pdf(http_request *req, http_response *res);

#endif
