/* openapi_schemas_assistance.c - the success responses of social assistance: cases, enrolments, payroll, evidence, integrity routes,
 * declared as data (notation: http/openapi_schema.h); each route table row
 * points at its own with .response. */
#include "http/openapi_schemas.h"

const http_schema oas_assistance_programs = { "AssistancePrograms",
	"{"
		"items:[{"
			"code:str, "
			"name:str, "
			"policy:str|null, "
			"unit_person:bool, "
			"investigation_start_wd:int, "
			"decision_wd:int, "
			"decision_wd_delegated:int, "
			"notice_days:int, "
			"phase_out_max_months:int, "
			"one_off:bool, "
			"steps:[{action:str, from:str, to:str, label:str, basis:str}]}]}" };
const http_schema oas_case = { "Case",
	"{"
		"id:id, "
		"program:enum(dibao near_dibao tekun orphan unattended_child disability_living disability_care temp_aid), "
		"program_name:str, "
		"state:enum(accepted aid_paid verifying investigating reviewing notice paying periodic_review suspended refused withdrawn ended), "
		"state_label:str, "
		"intake_street:str, "
		"responsible_street:str, "
		"accepted_on:date, "
		"receipt?:bool, "
		"can_act:bool, "
		"variant?:str, "
		"version?:int `the record version: send it back with a change (a stale version is refused)`, "
		"household_id?:int `a household of the registry (GET /api/v1/households/{id}); 0 when none`, "
		"applicant_id?:int `a row id; 0 when none`, "
		"beneficiary_id?:int|null, "
		"division_code?:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"division_name?:str `the division name`, "
		"address?:str, "
		"delegated?:bool, "
		"enrollment_id?:int|null, "
		"investigation_due?:date, "
		"investigation_started_on?:date|null, "
		"decision_due?:date, "
		"refusal_notice_due?:date|null, "
		"refusal_notified_on?:date|null, "
		"notice_from?:date|null, "
		"notice_until?:date|null, "
		"decided_on?:date|null, "
		"decision?:enum(approved refused)|null, "
		"decision_reasons?:str, "
		"eval_date?:date|null, "
		"eval_eligible?:bool|null, "
		"eval_amount_fen?:fen|null, "
		"amount_fen?:fen|null, "
		"override_reason?:str, "
		"override_by?:str, "
		"trace?:obj|null `the rules evaluation trace, step by step (docs/policy.md)`, "
		"coi?:bool, "
		"coi_detail?:str, "
		"created_by?:str, "
		"created_at?:datetime, "
		"updated_at?:datetime, "
		"members?:[{"
			"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
			"relation:str, "
			"attrs:obj `the member attributes the registry does not hold (parents, marks)`, "
			"name:str, "
			"id_number:masked, "
			"sex:enum(M F), "
			"birth_date:date, "
			"disability_kind:str, "
			"disability_grade:int, "
			"death_date:date|null}], "
		"events?:[{"
			"id:id, "
			"action:str, "
			"from:str, "
			"to:str, "
			"login:str `a user login`, "
			"role:str, "
			"at:datetime, "
			"note:str, "
			"detail:obj `what the action recorded: its keys depend on the action`}], "
		"attachments?:[{"
			"type:str, "
			"minItems:int, "
			"maxItems:int, "
			"items:obj `score per item of the assessment standard, by item code`}], "
		"tasks?:[{"
			"id:id, "
			"kind:str, "
			"due_on:date, "
			"basis:str, "
			"done_at:datetime|null, "
			"overdue:bool}], "
		"objections?:[{"
			"id:id, "
			"received_on:date, "
			"content:str, "
			"received_by:str, "
			"outcome:str|null, "
			"handling:str, "
			"handled_by:str, "
			"handled_at:datetime|null}], "
		"actions?:[{"
			"action:str, "
			"label:str, "
			"to:str, "
			"needs_note:bool, "
			"needs_investigators:bool, "
			"basis:str}], "
		"amount?:str `amount_fen in yuan, as text for display`}" };
const http_schema oas_cases = { "Cases",
	"list(@CaseRow)" };
const http_schema oas_cases_xlsx = { "CasesXlsx",
	"file(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)" };
const http_schema oas_case_document = { "CaseDocument",
	"file(application/pdf)" };
const http_schema oas_documents_batch = { "DocumentsBatch",
	"file(application/pdf)" };
const http_schema oas_case_verification_post = { "CaseVerificationPost",
	"{"
		"as_of:date, "
		"members:[{"
			"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
			"lines:[{"
				"category:str, "
				"kind:str, "
				"declared_fen:fen, "
				"agency_fen:fen, "
				"source:str, "
				"as_of:date, "
				"discrepancy:bool}], "
			"housing:any, "
			"vehicle:any, "
			"discrepancies:int}], "
		"discrepancies:int, "
		"id:id}" };
const http_schema oas_case_verification = { "CaseVerification",
	"{"
		"as_of:date, "
		"members:[{"
			"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
			"lines:[{"
				"category:str, "
				"kind:str, "
				"declared_fen:fen, "
				"agency_fen:fen, "
				"source:str, "
				"as_of:date, "
				"discrepancy:bool}], "
			"housing:any, "
			"vehicle:any, "
			"discrepancies:int}], "
		"discrepancies:int, "
		"id:id, "
		"created_by:str, "
		"created_at:datetime}" };
const http_schema oas_notices = { "Notices",
	"{"
		"division:str, "
		"division_name:str `the division name`, "
		"date:date, "
		"items:[@Notice], "
		"objection:str}" };
const http_schema oas_notices_xlsx = { "NoticesXlsx",
	"file(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)" };
const http_schema oas_notices_pdf = { "NoticesPdf",
	"file(application/pdf)" };
const http_schema oas_staff_kin_post = { "StaffKinPost",
	"{id:id}" };
const http_schema oas_calendar = { "Calendar",
	"{days:[{day:date, workday:bool}]}" };
const http_schema oas_calendar_day_put = { "CalendarDayPut",
	"{"
		"day:date, "
		"kind:enum(holiday workday)|null `null: the day follows the ordinary week again`}" };
const http_schema oas_enrollments = { "Enrollments",
	"list(@EnrollmentRow)" };
const http_schema oas_enrollment = { "Enrollment",
	"{"
		"id:id, "
		"program:enum(dibao near_dibao tekun orphan unattended_child disability_living disability_care temp_aid), "
		"case_id:int `an assistance case (GET /api/v1/cases/{id}); 0 when none`, "
		"household_id:int `a household of the registry (GET /api/v1/households/{id}); 0 when none`, "
		"person_id:int|null, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"amount_fen:fen, "
		"amount:str `amount_fen in yuan, as text for display`, "
		"start_month:month, "
		"end_month:month|null, "
		"paid_through:month|null, "
		"status:enum(active suspended ended), "
		"phase_out_until:month|null, "
		"end_reason:str, "
		"review_months:int, "
		"next_review_on:date|null, "
		"version:int `the record version: send it back with a change (a stale version is refused)`, "
		"bank_account:str, "
		"name:str}" };
const http_schema oas_payroll_runs_post = { "PayrollRunsPost",
	"{"
		"id:id, "
		"month:month, "
		"scope_code:str `the division the user acts for (6, 9 or 12 digits; 440100 the whole city)`, "
		"status:enum(draft approved released), "
		"line_count:int, "
		"total_fen:fen, "
		"total:str, "
		"created_by:str, "
		"created_at:datetime, "
		"approved_by:str, "
		"approved_at:str, "
		"released_by:str, "
		"released_at:str, "
		"by_status:{pending?:{lines:int, total_fen:fen}}, "
		"totals:[{"
			"district:str, "
			"district_name:str, "
			"program:str, "
			"lines:int, "
			"total_fen:fen, "
			"total:str}]}" };
const http_schema oas_payroll_runs = { "PayrollRuns",
	"{items:[@PayrollRunRow], page:int, page_size:int}" };
const http_schema oas_payroll_run_lines = { "PayrollRunLines",
	"list({"
		"id:id, "
		"enrollment_id:int `a row id; 0 when none`, "
		"month:month, "
		"kind:enum(regular back_pay), "
		"program:str, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"amount_fen:fen, "
		"status:enum(pending sent paid failed cancelled), "
		"attempts:int, "
		"bank_ref:str, "
		"fail_reason:str, "
		"overpaid:bool})" };
const http_schema oas_payroll_run_lines_xlsx = { "PayrollRunLinesXlsx",
	"file(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)" };
const http_schema oas_payroll_run_bank_file = { "PayrollRunBankFile",
	"file(text/csv)" };
const http_schema oas_payroll_run_reconciliation_post = { "PayrollRunReconciliationPost",
	"{paid:int, failed:int}" };
const http_schema oas_payroll_totals = { "PayrollTotals",
	"{"
		"month:month, "
		"items:[{"
			"district:str, "
			"district_name:str, "
			"program:str, "
			"lines:int, "
			"total_fen:fen, "
			"total:str}], "
		"lines:int, "
		"total_fen:fen, "
		"total:str}" };
const http_schema oas_evidence_batches = { "EvidenceBatches",
	"{"
		"items:[{"
			"id:id, "
			"category:str, "
			"source:str, "
			"as_of:date, "
			"file_name:str, "
			"sha256:str, "
			"rows:int, "
			"imported_by:str, "
			"imported_at:datetime}], "
		"page:int, "
		"page_size:int}" };
const http_schema oas_integrity = { "Integrity",
	"list({"
		"id:id, "
		"person_id:int `a person of the registry (GET /api/v1/persons/{id}); 0 when none`, "
		"name:str, "
		"id_number:masked, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"case_id:int|null, "
		"kind:enum(concealed_income concealed_asset false_declaration fraudulent_claim), "
		"detail:str, "
		"amount_fen:fen, "
		"recorded_by:str, "
		"recorded_at:datetime, "
		"resolved_at:datetime|null, "
		"resolution:str, "
		"resolved_by:str})" };
const http_schema oas_integrity_resolve_post = { "IntegrityResolvePost",
	"{id:id, resolved:bool}" };
const http_schema oas_case_row = { "CaseRow",
	"{"
		"id:id, "
		"program:enum(dibao near_dibao tekun orphan unattended_child disability_living disability_care temp_aid), "
		"state:enum(accepted aid_paid verifying investigating reviewing notice paying periodic_review suspended refused withdrawn ended), "
		"state_label:str, "
		"responsible_street?:str, "
		"intake_street:str, "
		"accepted_on:date, "
		"overdue:bool, "
		"can_act:bool, "
		"receipt?:bool, "
		"division_code?:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"amount_fen?:fen|null, "
		"coi?:bool, "
		"applicant_name?:str, "
		"applicant_id_number?:masked, "
		"decision_due?:date, "
		"next_due?:date|null, "
		"next_task?:str|null}" };
const http_schema oas_notice = { "Notice",
	"{"
		"case_id:int `an assistance case (GET /api/v1/cases/{id}); 0 when none`, "
		"program:str, "
		"program_name:str, "
		"name:str, "
		"id_number:masked, "
		"household_size:int, "
		"amount:str `amount_fen in yuan, as text for display`, "
		"notice_from:date, "
		"notice_until:date, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"division_name:str `the division name`}" };
const http_schema oas_enrollment_row = { "EnrollmentRow",
	"{"
		"id:id, "
		"program:enum(dibao near_dibao tekun orphan unattended_child disability_living disability_care temp_aid), "
		"case_id:int `an assistance case (GET /api/v1/cases/{id}); 0 when none`, "
		"household_id:int `a household of the registry (GET /api/v1/households/{id}); 0 when none`, "
		"person_id:int|null, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"amount_fen:fen, "
		"amount:str `amount_fen in yuan, as text for display`, "
		"start_month:month, "
		"end_month:month|null, "
		"paid_through:month|null, "
		"status:enum(active suspended ended), "
		"phase_out_until:month|null, "
		"end_reason:str, "
		"review_months:int, "
		"next_review_on:date|null, "
		"version:int `the record version: send it back with a change (a stale version is refused)`, "
		"bank_account:str, "
		"name:str}" };
const http_schema oas_payroll_run_row = { "PayrollRunRow",
	"{"
		"id:id, "
		"month:month, "
		"seq:int, "
		"scope_code:str `the division the user acts for (6, 9 or 12 digits; 440100 the whole city)`, "
		"status:enum(draft approved released), "
		"line_count:int, "
		"total_fen:fen, "
		"total:str, "
		"created_by:str, "
		"approved_by:str}" };
const http_schema *const openapi_schemas_assistance[] = {
	&oas_assistance_programs,
	&oas_case,
	&oas_cases,
	&oas_cases_xlsx,
	&oas_case_document,
	&oas_documents_batch,
	&oas_case_verification_post,
	&oas_case_verification,
	&oas_notices,
	&oas_notices_xlsx,
	&oas_notices_pdf,
	&oas_staff_kin_post,
	&oas_calendar,
	&oas_calendar_day_put,
	&oas_enrollments,
	&oas_enrollment,
	&oas_payroll_runs_post,
	&oas_payroll_runs,
	&oas_payroll_run_lines,
	&oas_payroll_run_lines_xlsx,
	&oas_payroll_run_bank_file,
	&oas_payroll_run_reconciliation_post,
	&oas_payroll_totals,
	&oas_evidence_batches,
	&oas_integrity,
	&oas_integrity_resolve_post,
	&oas_case_row,
	&oas_notice,
	&oas_enrollment_row,
	&oas_payroll_run_row,
	NULL
};
