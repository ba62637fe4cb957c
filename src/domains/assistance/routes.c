/* routes.c - the assistance domain's HTTP routes, concatenated by http/routes.c.
 * Roles say who may call; scope is enforced inside every domain call. */
#include "access/access.h"
#include "domains/assistance/assistance_api.h"
#include "http/server.h"

#define ADMINS (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER)
#define CASE_STAFF (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_STREET_CASEWORKER | ROLE_COMMUNITY_WORKER)
#define CASE_READERS (CASE_STAFF | ROLE_AUDITOR)
#define PAYROLL_STAFF (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER)

const http_route assistance_routes[] = {
	{ "GET", "/api/v1/assistance/programs", api_assist_programs, CASE_READERS, 0, "Assistance programs and their declared processes" },
	{ "POST", "/api/v1/cases", api_cases_create, ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_STREET_CASEWORKER, 0, "Accept an application (any street: 全城通办)" },
	{ "GET", "/api/v1/cases", api_cases_list, CASE_READERS, 0, "Case queue by nearest deadline: program, state, division, overdue, open, page" },
	{ "GET", "/api/v1/cases/:id", api_case_get, CASE_READERS, 0, "One case: members, trace, timeline, tasks, actions (audited read)" },
	{ "POST", "/api/v1/cases/:id/evaluate", api_case_evaluate, CASE_STAFF, 0, "Evaluate the case against the rules (trace stored)" },
	{ "POST", "/api/v1/cases/:id/override", api_case_override, PAYROLL_STAFF, 0, "Override the computed amount with a justification (audited)" },
	{ "POST", "/api/v1/cases/:id/actions", api_case_act, CASE_STAFF, 0, "Take a transition: action, note, detail, attachments, version" },
	{ "POST", "/api/v1/cases/:id/attachments", api_case_attach, CASE_STAFF, 0, "Add attachment metadata" },
	{ "POST", "/api/v1/cases/:id/objections", api_case_objection_add, CASE_STAFF, 0, "Record an objection to the public notice" },
	{ "POST", "/api/v1/cases/:id/objections/:objection_id", api_case_objection_handle, CASE_STAFF, 0, "Handle an objection: outcome, handling" },
	{ "GET", "/api/v1/cases/:id/documents/:kind", api_case_document, CASE_STAFF, 0, "The case's written decision as PDF: kind decision (审核确认决定书), refusal (不予批准通知书) or termination; recorded and audited, a second copy is a reprint" },
	{ "GET", "/api/v1/documents/batch", api_documents_batch, CASE_STAFF, 0, "A month's decisions of a street as one PDF: division, month YYYY-MM, kind decision|refusal" },
	{ "POST", "/api/v1/cases/:id/verification", api_case_verify, CASE_STAFF, 0, "Run the verification report (核对) for the members" },
	{ "GET", "/api/v1/cases/:id/verification", api_case_verification, CASE_READERS, 0, "The latest verification report" },
	{ "GET", "/api/v1/notices", api_notices, CASE_STAFF, 0, "Public notice list of a community or street (masked)" },
	{ "GET", "/api/v1/notices.xlsx", api_notices_xlsx, CASE_STAFF, 0, "Public notice list as XLSX" },
	{ "POST", "/api/v1/staff-kin", api_staff_kin_create, CASE_STAFF, 0, "Record a relative of staff or a committee member (近亲属备案)" },
	{ "GET", "/api/v1/calendar", api_calendar_get, ROLE_ANY, 0, "Working days between from and to" },
	{ "PUT", "/api/v1/calendar/:day", api_calendar_put, ROLE_CITY_ADMIN, 0, "Set a holiday or worked weekend day (kind null: clear)" },
	{ "GET", "/api/v1/enrollments", api_enrollments_list, CASE_READERS, 0, "Enrollments within scope: program, status, division, review_due" },
	{ "GET", "/api/v1/enrollments/:id", api_enrollment_get, CASE_READERS, 0, "One enrollment (audited read)" },
	{ "POST", "/api/v1/payroll/runs", api_payroll_run, PAYROLL_STAFF, 0, "Create or continue the payroll run of a month (idempotent)" },
	{ "GET", "/api/v1/payroll/runs", api_payroll_list, PAYROLL_STAFF | ROLE_AUDITOR, 0, "Payroll runs" },
	{ "GET", "/api/v1/payroll/runs/:id", api_payroll_get, PAYROLL_STAFF | ROLE_AUDITOR, 0, "One run with totals per district and program" },
	{ "GET", "/api/v1/payroll/runs/:id/lines", api_payroll_lines, PAYROLL_STAFF | ROLE_AUDITOR, 0, "Payment lines of a run" },
	{ "POST", "/api/v1/payroll/runs/:id/approve", api_payroll_approve, PAYROLL_STAFF, 0, "Approve a run (not by its creator)" },
	{ "GET", "/api/v1/payroll/runs/:id/bank-file", api_payroll_bank_file, PAYROLL_STAFF, 0, "Bank file (CSV) of an approved run; releases it" },
	{ "POST", "/api/v1/payroll/runs/:id/reconciliation", api_payroll_reconcile, PAYROLL_STAFF, 0, "The bank's answer {csv: payment_id,status,bank_ref,reason}" },
	{ "GET", "/api/v1/payroll/totals", api_payroll_totals, PAYROLL_STAFF | ROLE_AUDITOR, 0, "Totals per district and program for ?month=, exact to the fen" },
	{ "GET", "/api/v1/evidence/batches", api_evidence_batches, PAYROLL_STAFF | ROLE_AUDITOR, 0, "Imported agency data sets with provenance" },
	{ "GET", "/api/v1/integrity", api_integrity_list, CASE_READERS, 0, "Integrity register (诚信数据库) within scope" },
	{ "POST", "/api/v1/integrity", api_integrity_create, CASE_STAFF, 0, "Record a false declaration found by verification" },
	{ NULL }
};
