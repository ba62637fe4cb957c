/* routes.c - the assistance domain's HTTP routes, concatenated by http/routes.c.
 * Roles say who may call; scope is enforced inside every domain call. */
#include "access/access.h"
#include "domains/assistance/assistance_api.h"
#include "http/list_sort.h"
#include "http/server.h"
#include "http/openapi_schemas.h"

#define ADMINS (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER)
#define CASE_STAFF (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_STREET_CASEWORKER | ROLE_COMMUNITY_WORKER)
#define CASE_READERS (CASE_STAFF | ROLE_AUDITOR)
#define PAYROLL_STAFF (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER)


/* ---- inputs (http/inputs.h), checked before each handler; the domain
 * keeps the checks that need the database or the rules. ---- */

static const char *const objection_outcomes[] = { "upheld", "dismissed", NULL };
static const char *const calendar_kinds[] = { "holiday", "workday", NULL };
static const char *const case_variants[] = { "", "emergency", NULL };
static const char *const case_relations[] = { "head", "spouse", "child", "parent", "grandchild",
					       "grandparent", "sibling", "other", NULL };

static const http_input in_id[] = { HTTP_P_ID("id"), HTTP_INPUT_END };
static const http_input in_case_member[] = {
	HTTP_B_INT("person_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_B_ENUM("relation", case_relations, 0),
	HTTP_B_OBJ("attrs", NULL, 0),
	HTTP_INPUT_END
};
static const http_input in_case_member_item[] = { HTTP_I_OBJ(in_case_member) };
static const http_input in_cases_create[] = {
	HTTP_B_STR("program", 40, HTTP_REQ),
	HTTP_B_ENUM("variant", case_variants, 0),
	HTTP_B_STR("intake_street", 12, 0),
	HTTP_B_STR("bank_account", 32, HTTP_REQ),
	HTTP_B_ARR("members", in_case_member_item, 0, 100, 0),
	HTTP_B_IDNUM("applicant_id_number", HTTP_REQ),
	HTTP_B_IDNUM("beneficiary_id_number", 0),
	HTTP_B_STR("declared_conflict", 500, HTTP_TEXT),
	HTTP_B_BOOL("integrity_acknowledged", 0), /* the caseworker has seen the household's open integrity records */
	HTTP_B_BOOL("delegated", 0),
	HTTP_B_BOOL("apply_alone", 0),
	HTTP_B_STR("note", 2000, HTTP_TEXT),
	HTTP_INPUT_END
};
static const char *const case_sorts[] = { "id", "accepted_on", "next_due", "amount_fen", NULL };
static const http_input in_cases_list[] = {
	HTTP_Q_PAGE(200),
	HTTP_Q_SORT(case_sorts),
	HTTP_Q_INT("overdue", 0, 1),
	HTTP_Q_INT("open", 0, 1),
	HTTP_Q_STR("program", 40),
	HTTP_Q_STR("state", 40),
	HTTP_Q_STR("division", 12),
	HTTP_INPUT_END
};
/* Temporary aid only: the amount assessed within the street's ceiling. */
static const http_input in_case_evaluate[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("amount", 20, 0),
	HTTP_B_STR("reason", 500, HTTP_TEXT),
	HTTP_INPUT_END
};
static const http_input in_case_override[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("amount", 20, 0),
	HTTP_B_STR("reason", 500, HTTP_TEXT),
	HTTP_INPUT_END
};
static const http_input in_attachment[] = {
	HTTP_B_STR("name", 200, 0),
	HTTP_B_STR("content_type", 100, 0),
	HTTP_B_STR("sha256", 64, 0),
	HTTP_B_INT("size_bytes", 0, INT64_MAX, 0),
	HTTP_B_INT("event_id", 1, INT64_MAX, 0),
	HTTP_INPUT_END
};
static const http_input in_attachment_item[] = { HTTP_I_OBJ(in_attachment) };
static const http_input in_case_act[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("action", 40, HTTP_REQ),
	HTTP_B_STR("note", 2000, HTTP_TEXT),
	HTTP_B_OBJ("detail", NULL, 0), /* per action: cases/case_machine.c */
	HTTP_B_ARR("attachments", in_attachment_item, 0, 50, 0),
	HTTP_B_INT("version", 1, INT32_MAX, 0),
	HTTP_INPUT_END
};
static const http_input in_case_attach[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("name", 200, 0), /* required: cases/ names it attachments.name */
	HTTP_B_STR("content_type", 100, 0),
	HTTP_B_STR("sha256", 64, 0),
	HTTP_B_INT("size_bytes", 0, INT64_MAX, 0),
	HTTP_B_INT("event_id", 1, INT64_MAX, 0),
	HTTP_INPUT_END
};
static const http_input in_case_objection_add[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("content", 4000, HTTP_REQ | HTTP_TEXT),
	HTTP_INPUT_END
};
static const http_input in_case_objection_handle[] = {
	HTTP_P_ID("id"),
	HTTP_P_ID("objection_id"),
	HTTP_B_ENUM("outcome", objection_outcomes, HTTP_REQ),
	HTTP_B_STR("handling", 4000, HTTP_REQ | HTTP_TEXT),
	HTTP_INPUT_END
};
static const http_input in_notices[] = { HTTP_Q_STR("division", 12), HTTP_INPUT_END };
static const http_input in_staff_kin_create[] = {
	HTTP_B_IDNUM("id_number", HTTP_REQ),
	HTTP_B_STR("staff_name", 60, HTTP_REQ),
	HTTP_B_STR("staff_post", 60, HTTP_REQ),
	HTTP_B_STR("relation", 30, HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_calendar_get[] = { HTTP_Q_DATE("from"), HTTP_Q_DATE("to"), HTTP_INPUT_END };
static const http_input in_calendar_put[] = {
	HTTP_P_DATE("day"),
	HTTP_B_ENUM("kind", calendar_kinds, 0), /* null or absent: clear the day */
	HTTP_B_STR("name", 50, 0),
	HTTP_INPUT_END
};
/* The sort keys benefits/enrollment.c maps to SQL. */
static const char *const enrollment_sorts[] = { "id", "program", "status", "division_code",
						 "amount_fen", "start_month", "next_review_on", NULL };
static const http_input in_enrollments_list[] = {
	HTTP_Q_PAGE(200),
	HTTP_Q_SORT(enrollment_sorts),
	HTTP_Q_INT("review_due", 0, 1),
	HTTP_Q_INT("person_id", 0, INT64_MAX),
	HTTP_Q_INT("household_id", 0, INT64_MAX),
	HTTP_Q_STR("program", 40),
	HTTP_Q_STR("status", 40),
	HTTP_Q_STR("division", 12),
	HTTP_INPUT_END
};
static const http_input in_payroll_run[] = {
	HTTP_B_MONTH("month", HTTP_REQ),
	HTTP_B_STR("district", 6, 0),
	HTTP_INPUT_END
};
static const http_input in_page[] = { HTTP_Q_PAGE(200), HTTP_INPUT_END };
/* The sort keys benefits_payroll_list maps to SQL. */
static const char *const payroll_run_sorts[] = { "id", "month", "scope_code", "status",
						 "line_count", "total_fen", NULL };
static const http_input in_payroll_runs[] = {
	HTTP_Q_PAGE(200), HTTP_Q_SORT(payroll_run_sorts), HTTP_INPUT_END
};
static const char *const payroll_line_sorts[] = { "id", "month", "division_code", "amount_fen",
						   "status", "attempts", NULL };
static const char *const payroll_line_statuses[] = { "pending", "sent", "paid", "failed",
						     "cancelled", NULL };
static const http_input in_payroll_lines[] = {
	HTTP_P_ID("id"),
	HTTP_Q_PAGE(200),
	HTTP_Q_ENUM("status", payroll_line_statuses),
	HTTP_Q_SORT(payroll_line_sorts),
	HTTP_INPUT_END
};
static const http_input in_payroll_reconcile[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("csv", 64 << 20, HTTP_REQ | HTTP_TEXT), /* payment_id,status,bank_ref,reason */
	HTTP_INPUT_END
};
static const http_input in_payroll_totals[] = { HTTP_Q_MONTH("month"), HTTP_INPUT_END };
static const char *const integrity_statuses[] = { "open", "resolved", "all", NULL };
static const http_input in_integrity_list[] = {
	HTTP_Q_PAGE(200),
	HTTP_Q_INT("person_id", 0, INT64_MAX),
	HTTP_Q_INT("household_id", 0, INT64_MAX),
	HTTP_Q_ENUM("status", integrity_statuses),
	HTTP_INPUT_END
};
static const http_input in_integrity_resolve[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("resolution", 600, HTTP_REQ | HTTP_TEXT),
	HTTP_INPUT_END
};
static const http_input in_integrity_create[] = {
	HTTP_B_INT("person_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_B_INT("case_id", 1, INT64_MAX, 0),
	HTTP_B_STR("kind", 40, HTTP_REQ),
	HTTP_B_STR("detail", 2000, HTTP_REQ | HTTP_TEXT),
	HTTP_B_STR("amount", 20, 0), /* yuan, "1200.00" (the older form) */
	HTTP_B_FEN("amount_fen", 100000000000LL, 0),
	HTTP_INPUT_END
};
static const http_input in_case_payee[] = {
	HTTP_P_ID("id"), HTTP_B_INT("person_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_B_STR("bank_account", 32, HTTP_REQ), HTTP_B_STR("reason", 500, HTTP_REQ | HTTP_TEXT),
	HTTP_INPUT_END
};
static const char *const batch_kinds[] = { "decision", "refusal", NULL };
static const http_input in_case_document[] = {
	HTTP_P_ID("id"), HTTP_P_STR("kind", 16), HTTP_INPUT_END
};
static const http_input in_documents_batch[] = {
	HTTP_Q_STR("division", 12), HTTP_Q_MONTH("month"), HTTP_Q_ENUM("kind", batch_kinds),
	HTTP_INPUT_END
};
#define NONE http_no_inputs

const http_route assistance_routes[] = {
	{ "GET", "/api/v1/assistance/programs", api_assist_programs, CASE_READERS, 0, "Assistance programs and their declared processes", NONE, .response = &oas_assistance_programs },
	{ "POST", "/api/v1/cases", api_cases_create, ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_STREET_CASEWORKER, 0, "Accept an application (any street: 全城通办)", in_cases_create, .response = &oas_case },
	{ "GET", "/api/v1/cases", api_cases_list, CASE_READERS, 0, "Case queue by nearest deadline (or ?sort=): program, state, division, overdue, open, page", in_cases_list, .response = &oas_cases },
	{ "GET", "/api/v1/cases.xlsx", api_cases_xlsx, CASE_READERS, 0, "The case queue as XLSX (same filters and order; audited)", in_cases_list, .response = &oas_cases_xlsx },
	{ "GET", "/api/v1/cases/:id", api_case_get, CASE_READERS, 0, "One case: members, trace, timeline, tasks, actions (audited read)", in_id, .response = &oas_case },
	{ "POST", "/api/v1/cases/:id/evaluate", api_case_evaluate, CASE_STAFF, 0, "Evaluate the case against the rules (trace stored)", in_case_evaluate, .response = &oas_case },
	{ "POST", "/api/v1/cases/:id/override", api_case_override, PAYROLL_STAFF, 0, "Override the computed amount with a justification (audited)", in_case_override, .response = &oas_case },
	{ "POST", "/api/v1/cases/:id/actions", api_case_act, CASE_STAFF, 0, "Take a transition: action, note, detail, attachments, version", in_case_act, .response = &oas_case },
	{ "POST", "/api/v1/cases/:id/attachments", api_case_attach, CASE_STAFF, 0, "Add attachment metadata", in_case_attach, .response = &oas_case },
	{ "POST", "/api/v1/cases/:id/objections", api_case_objection_add, CASE_STAFF, 0, "Record an objection to the public notice", in_case_objection_add, .response = &oas_case },
	{ "POST", "/api/v1/cases/:id/objections/:objection_id", api_case_objection_handle, CASE_STAFF, 0, "Handle an objection: outcome, handling", in_case_objection_handle, .response = &oas_case },
	{ "POST", "/api/v1/cases/:id/payee", api_case_payee, ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_STREET_CASEWORKER, 0, "Name a living member as the household case's payee with the account (a case held after the payee's death pays again, held months included)", in_case_payee, .response = &oas_case },
	{ "GET", "/api/v1/cases/:id/documents/:kind", api_case_document, CASE_STAFF, 0, "The case's written decision or form as PDF: kind decision (审核确认决定书), refusal (不予批准通知书), termination, application (申请审批表), investigation (入户调查表) or authorization (核对授权书); recorded and audited, a second copy is a reprint", in_case_document, .response = &oas_case_document },
	{ "GET", "/api/v1/documents/batch", api_documents_batch, CASE_STAFF, 0, "A month's decisions of a street as one PDF: division, month YYYY-MM, kind decision|refusal", in_documents_batch, .response = &oas_documents_batch },
	{ "POST", "/api/v1/cases/:id/verification", api_case_verify, CASE_STAFF, 0, "Run the verification report (核对) for the members", in_id, .response = &oas_case_verification_post },
	{ "GET", "/api/v1/cases/:id/verification", api_case_verification, CASE_READERS, 0, "The latest verification report", in_id, .response = &oas_case_verification },
	{ "GET", "/api/v1/notices", api_notices, CASE_STAFF, 0, "Public notice list of a community or street (masked)", in_notices, .response = &oas_notices },
	{ "GET", "/api/v1/notices.xlsx", api_notices_xlsx, CASE_STAFF, 0, "Public notice list as XLSX", in_notices, .response = &oas_notices_xlsx },
	{ "GET", "/api/v1/notices.pdf", api_notices_pdf, CASE_STAFF, 0, "The public notice as the posted paper (PDF): issuing office, masked list, notice period, how to object, complaint telephone, seal area; recorded and audited, the same list printed again is a reprint", in_notices, .response = &oas_notices_pdf },
	{ "POST", "/api/v1/staff-kin", api_staff_kin_create, CASE_STAFF, 0, "Record a relative of staff or a committee member (近亲属备案)", in_staff_kin_create, .response = &oas_staff_kin_post },
	{ "GET", "/api/v1/calendar", api_calendar_get, ROLE_ANY, 0, "Working days between from and to", in_calendar_get, .response = &oas_calendar },
	{ "PUT", "/api/v1/calendar/:day", api_calendar_put, ROLE_CITY_ADMIN, 0, "Set a holiday or worked weekend day (kind null: clear)", in_calendar_put, .response = &oas_calendar_day_put },
	{ "GET", "/api/v1/enrollments", api_enrollments_list, CASE_READERS, 0, "Enrollments within scope: program, status, division, review_due", in_enrollments_list, .response = &oas_enrollments },
	{ "GET", "/api/v1/enrollments/:id", api_enrollment_get, CASE_READERS, 0, "One enrollment (audited read)", in_id, .response = &oas_enrollment },
	{ "POST", "/api/v1/payroll/runs", api_payroll_run, PAYROLL_STAFF, 0, "Create or continue the payroll run of a month (idempotent)", in_payroll_run, .response = &oas_payroll_runs_post },
	{ "GET", "/api/v1/payroll/runs", api_payroll_list, PAYROLL_STAFF | ROLE_AUDITOR, 0, "Payroll runs in scope (?sort=)", in_payroll_runs, .response = &oas_payroll_runs },
	{ "GET", "/api/v1/payroll/runs/:id", api_payroll_get, PAYROLL_STAFF | ROLE_AUDITOR, 0, "One run with totals per district and program", in_id, .response = &oas_payroll_runs_post },
	{ "GET", "/api/v1/payroll/runs/:id/lines", api_payroll_lines, PAYROLL_STAFF | ROLE_AUDITOR, 0, "Payment lines of a run", in_payroll_lines, .response = &oas_payroll_run_lines },
	{ "GET", "/api/v1/payroll/runs/:id/lines.xlsx", api_payroll_lines_xlsx, PAYROLL_STAFF | ROLE_AUDITOR, 0, "Payment lines of a run as XLSX (same filter; audited)", in_payroll_lines, .response = &oas_payroll_run_lines_xlsx },
	{ "POST", "/api/v1/payroll/runs/:id/approve", api_payroll_approve, PAYROLL_STAFF, 0, "Approve a run (not by its creator)", in_id, .response = &oas_payroll_runs_post },
	{ "GET", "/api/v1/payroll/runs/:id/bank-file", api_payroll_bank_file, PAYROLL_STAFF, 0, "Bank file (CSV) of an approved run; releases it", in_id, .response = &oas_payroll_run_bank_file },
	{ "POST", "/api/v1/payroll/runs/:id/reconciliation", api_payroll_reconcile, PAYROLL_STAFF, 0, "The bank's answer {csv: payment_id,status,bank_ref,reason}", in_payroll_reconcile, .response = &oas_payroll_run_reconciliation_post },
	{ "GET", "/api/v1/payroll/totals", api_payroll_totals, PAYROLL_STAFF | ROLE_AUDITOR, 0, "Totals per district and program for ?month=, exact to the fen", in_payroll_totals, .response = &oas_payroll_totals },
	{ "GET", "/api/v1/evidence/batches", api_evidence_batches, PAYROLL_STAFF | ROLE_AUDITOR, 0, "Imported agency data sets with provenance", in_page, .response = &oas_evidence_batches },
	{ "GET", "/api/v1/integrity", api_integrity_list, CASE_READERS, 0, "Integrity register (诚信数据库) within scope", in_integrity_list, .response = &oas_integrity },
	{ "POST", "/api/v1/integrity", api_integrity_create, CASE_STAFF, 0, "Record a false declaration found by verification", in_integrity_create, .response = &oas_staff_kin_post },
	{ "POST", "/api/v1/integrity/:id/resolve", api_integrity_resolve, CASE_STAFF, 0, "Resolve an integrity record with how it was put right (audited)", in_integrity_resolve, .response = &oas_integrity_resolve_post },
	{ NULL }
};
