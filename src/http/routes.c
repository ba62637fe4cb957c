/* routes.c - the one route table. Roles: who may call (ROLE_ANY = every
 * signed-in user); scope is enforced inside every domain call. */
#include "access/access.h"
#include "http/api.h"
#include "http/server.h"

#define ADMINS (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER)
#define AUDITORS (ROLE_AUDITOR | ROLE_CITY_ADMIN)
#define REGISTRY_READERS (ROLE_STAFF | ROLE_AUDITOR)
#define REGISTRY_WRITERS (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | \
			  ROLE_STREET_CASEWORKER | ROLE_COMMUNITY_WORKER)
/* eldercare roles */
#define EC_READ (ROLE_STAFF | ROLE_AUDITOR)
#define EC_WRITE ROLE_STAFF
#define EC_PROVIDER_READ (ROLE_STAFF | ROLE_AUDITOR | ROLE_SERVICE_PROVIDER)
#define EC_PROVIDER_WRITE (ROLE_STAFF | ROLE_SERVICE_PROVIDER)
#define EC_OFFICE (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_STREET_CASEWORKER)
/* end eldercare roles */

const http_route http_routes[] = {
	{ "GET", "/api/openapi.json", api_openapi, ROLE_ANY, 1, "This OpenAPI document" },
	{ "POST", "/api/v1/session", api_session_create, ROLE_ANY, 1, "Sign in (cookie session, or {\"bearer\":true} for a token)" },
	{ "GET", "/api/v1/session", api_session_get, ROLE_ANY, 0, "The signed-in user and the CSRF token" },
	{ "DELETE", "/api/v1/session", api_session_delete, ROLE_ANY, 0, "Sign out" },

	{ "GET", "/api/v1/divisions", api_divisions_list, ROLE_ANY, 0, "Child divisions of ?parent= within scope (none: the scope root)" },
	{ "GET", "/api/v1/divisions/:code", api_division_get, ROLE_ANY, 0, "One division" },

	{ "GET", "/api/v1/persons", api_persons_search, REGISTRY_READERS, 0, "Search persons: q (name prefix or ID number), name, id_number, division, sort, page, page_size" },
	{ "POST", "/api/v1/persons", api_person_create, REGISTRY_WRITERS, 0, "Register a person (reason required)" },
	{ "GET", "/api/v1/persons/:id", api_person_get, REGISTRY_READERS, 0, "One person (ID number masked; audited read)" },
	{ "PATCH", "/api/v1/persons/:id", api_person_update, REGISTRY_WRITERS, 0, "Change a person (reason and version required)" },
	{ "POST", "/api/v1/persons/:id/reveal", api_person_reveal, ROLE_STAFF, 0, "Reveal the full ID number for a stated reason (audited)" },
	{ "GET", "/api/v1/persons/:id/history", api_person_history, REGISTRY_READERS, 0, "Change history of a person" },

	{ "GET", "/api/v1/households", api_households_search, REGISTRY_READERS, 0, "List households by division" },
	{ "POST", "/api/v1/households", api_household_create, REGISTRY_WRITERS, 0, "Create a household with members (reason required)" },
	{ "GET", "/api/v1/households/:id", api_household_get, REGISTRY_READERS, 0, "One household with its members" },
	{ "GET", "/api/v1/households/:id/history", api_household_history, REGISTRY_READERS, 0, "Change history of a household" },
	{ "POST", "/api/v1/households/:id/members", api_household_add_member, REGISTRY_WRITERS, 0, "Add a member (reason required)" },
	{ "DELETE", "/api/v1/households/:id/members/:person_id", api_household_remove_member,
	  REGISTRY_WRITERS, 0, "Remove a member (reason required)" },

	{ "GET", "/api/v1/stats/registry", api_stats_registry, REGISTRY_READERS, 0, "Registry figures for the home page" },

	{ "GET", "/api/v1/users", api_users_list, ADMINS, 0, "Users within scope" },
	{ "POST", "/api/v1/users", api_user_create, ADMINS, 0, "Create a user" },
	{ "PATCH", "/api/v1/users/:id", api_user_update, ROLE_ANY, 0, "Change password, role, scope or disable a user" },

	{ "GET", "/api/v1/audit", api_audit_search, AUDITORS, 0, "Search the audit log" },
	{ "GET", "/api/v1/audit/verify", api_audit_verify, AUDITORS, 0, "Verify the audit hash chain" },

	/* social assistance (api_cases.c, api_benefits.c, api_evidence.c) */
#define CASE_STAFF (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_STREET_CASEWORKER | ROLE_COMMUNITY_WORKER)
#define CASE_READERS (CASE_STAFF | ROLE_AUDITOR)
#define PAYROLL_STAFF (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER)
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
	/* eldercare/ */
	{ "GET", "/api/v1/eldercare/params", api_ec_params_list, EC_READ, 0, "Elderly-care parameters with every dated value" },
	{ "POST", "/api/v1/eldercare/params", api_ec_param_set, ADMINS, 0, "Add a dated parameter value (reason and source required)" },
	{ "GET", "/api/v1/eldercare/assessment-standard", api_ec_assess_standard, ROLE_ANY, 0, "The ability-assessment standard in force: items, ranges, levels, rules" },
	{ "POST", "/api/v1/eldercare/assessments/score", api_ec_assess_score, ROLE_ANY, 0, "Score items and conditions without storing (preview)" },
	{ "GET", "/api/v1/eldercare/assessments/due", api_ec_assess_due, EC_READ, 0, "Persons whose re-assessment is due by ?by= (periodic or after a change)" },
	{ "GET", "/api/v1/eldercare/persons/:id/assessments", api_ec_assess_history, EC_READ, 0, "A person's assessments, current level and due date" },
	{ "POST", "/api/v1/eldercare/persons/:id/assessments", api_ec_assess_create, EC_WRITE, 0, "Record an assessment (every item, assessor, date, place)" },
	{ "POST", "/api/v1/eldercare/persons/:id/assessment-changes", api_ec_assess_change, EC_WRITE, 0, "Report a change in condition: a re-assessment falls due" },
	{ "GET", "/api/v1/eldercare/persons/:id/categories", api_ec_categories_list, EC_READ, 0, "A person's assistance categories (elder_categories)" },
	{ "POST", "/api/v1/eldercare/persons/:id/categories", api_ec_category_add, EC_WRITE, 0, "Record an assistance category with its dates and source" },
	{ "POST", "/api/v1/eldercare/categories/:id/end", api_ec_category_end, EC_WRITE, 0, "End a category record" },
	{ "POST", "/api/v1/eldercare/persons/:id/cards", api_ec_card_issue, EC_WRITE, 0, "Issue an elder card (the previous one is cancelled)" },
	{ "GET", "/api/v1/eldercare/persons/:id/meals", api_ec_person_meals, EC_READ, 0, "A person's canteen meals in ?month=" },
	{ "GET", "/api/v1/eldercare/providers", api_ec_providers_list, EC_PROVIDER_READ, 0, "Service providers in scope (a provider user: its own)" },
	{ "POST", "/api/v1/eldercare/providers", api_ec_provider_create, EC_WRITE, 0, "Register a service provider" },
	{ "POST", "/api/v1/eldercare/providers/:id/users", api_ec_provider_link, EC_OFFICE, 0, "Link a service_provider user to the provider" },
	{ "GET", "/api/v1/eldercare/canteens", api_ec_canteens_list, EC_PROVIDER_READ, 0, "Canteens in scope (a provider user: its own)" },
	{ "POST", "/api/v1/eldercare/canteens", api_ec_canteen_create, EC_WRITE, 0, "Register a canteen" },
	{ "GET", "/api/v1/eldercare/canteens/:id", api_ec_canteen_get, EC_PROVIDER_READ, 0, "One canteen" },
	{ "PATCH", "/api/v1/eldercare/canteens/:id", api_ec_canteen_update, EC_WRITE, 0, "Change a canteen's hours, capacity, status (reason required)" },
	{ "POST", "/api/v1/eldercare/canteens/:id/checkins", api_ec_meal_checkin, EC_PROVIDER_WRITE, 0, "Counter check-in by ID number or card code: price, subsidy, what the elder pays" },
	{ "GET", "/api/v1/eldercare/canteens/:id/meals", api_ec_meal_list, EC_PROVIDER_READ, 0, "Meals of a canteen on ?day= with the day's totals" },
	{ "POST", "/api/v1/eldercare/canteens/:id/settlements", api_ec_settlement_compute, EC_PROVIDER_WRITE, 0, "Compute a month's settlement (draft)" },
	{ "POST", "/api/v1/eldercare/canteens/:id/settlements/:month/confirm", api_ec_settlement_confirm, EC_OFFICE, 0, "Confirm a settlement after the month ends" },
	{ "GET", "/api/v1/eldercare/settlements", api_ec_settlement_list, EC_PROVIDER_READ, 0, "Settlements of ?month= in scope with totals" },
	{ "GET", "/api/v1/eldercare/meal-anomalies", api_ec_meal_anomalies, EC_PROVIDER_READ, 0, "Anomaly flags of ?month=: refusals, many meals, meals after death" },
	{ "GET", "/api/v1/eldercare/coverage", api_ec_coverage, EC_READ, 0, "Nearest canteen and walking reach for every community; those outside" },
	/* end eldercare */
	/* eldercare/ services */
	{ "GET", "/api/v1/eldercare/call-subscribers", api_ec_call_subscriber_list, EC_PROVIDER_READ, 0, "平安通 subscribers in scope (a provider user: its own)" },
	{ "POST", "/api/v1/eldercare/call-subscribers", api_ec_call_subscriber_create, EC_PROVIDER_WRITE, 0, "Subscribe an elder 60+ to 平安通: device, contacts; the subsidy category is computed" },
	{ "GET", "/api/v1/eldercare/call-subscribers/:id", api_ec_call_subscriber_get, EC_PROVIDER_READ, 0, "One 平安通 subscriber with contacts" },
	{ "POST", "/api/v1/eldercare/call-subscribers/:id/end", api_ec_call_subscriber_end, EC_PROVIDER_WRITE, 0, "End a 平安通 subscription (reason required)" },
	{ "GET", "/api/v1/eldercare/calls", api_ec_call_list, EC_PROVIDER_READ, 0, "平安通 calls in scope by ?status= ?kind= ?day=" },
	{ "POST", "/api/v1/eldercare/calls", api_ec_call_create, EC_PROVIDER_WRITE, 0, "Log a call (emergency, consultation, daily check-in)" },
	{ "GET", "/api/v1/eldercare/calls/board", api_ec_call_board, EC_PROVIDER_READ, 0, "The live board: open and dispatched calls, overdue ones, open missed-check-in alerts" },
	{ "GET", "/api/v1/eldercare/calls/:id", api_ec_call_get, EC_PROVIDER_READ, 0, "One call with its response and closure times" },
	{ "POST", "/api/v1/eldercare/calls/:id/dispatch", api_ec_call_dispatch, EC_PROVIDER_WRITE, 0, "Dispatch a call to a contact, the community worker or the emergency service" },
	{ "POST", "/api/v1/eldercare/calls/:id/respond", api_ec_call_respond, EC_PROVIDER_WRITE, 0, "Record that help reached the elder" },
	{ "POST", "/api/v1/eldercare/calls/:id/close", api_ec_call_close, EC_PROVIDER_WRITE, 0, "Close a call with its outcome" },
	{ "POST", "/api/v1/eldercare/call-alerts/sweep", api_ec_call_checkin_sweep, EC_WRITE, 0, "Raise missed-check-in alerts for ?day (default: yesterday of as_of)" },
	{ "GET", "/api/v1/eldercare/call-alerts", api_ec_call_alert_list, EC_PROVIDER_READ, 0, "Missed-check-in alerts by ?status=" },
	{ "POST", "/api/v1/eldercare/call-alerts/:id/close", api_ec_call_alert_close, EC_WRITE, 0, "Close an alert with what the community found" },
	{ "GET", "/api/v1/eldercare/homes", api_ec_home_list, EC_PROVIDER_READ, 0, "Open public care homes with their queue lengths" },
	{ "POST", "/api/v1/eldercare/homes", api_ec_home_create, EC_OFFICE, 0, "Register a public care home" },
	{ "GET", "/api/v1/eldercare/homes/:id/queue", api_ec_home_queue, EC_PROVIDER_READ, 0, "A home's waiting list in order with each ordering key" },
	{ "POST", "/api/v1/eldercare/homes/:id/requeue", api_ec_home_requeue, EC_OFFICE, 0, "Re-compute a home's queue; every move explained (reason required)" },
	{ "POST", "/api/v1/eldercare/homes/:id/vacancies", api_ec_vacancy_create, EC_PROVIDER_WRITE, 0, "A bed freed: offered to the next eligible applicant with a deadline" },
	{ "POST", "/api/v1/eldercare/wait-applications", api_ec_wait_apply, EC_WRITE, 0, "Apply for a public care home (1-5 homes in preference)" },
	{ "GET", "/api/v1/eldercare/wait-applications/:id", api_ec_wait_get, EC_READ, 0, "An application: positions and keys per home, offers, explained events" },
	{ "POST", "/api/v1/eldercare/wait-applications/:id/withdraw", api_ec_wait_withdraw, EC_WRITE, 0, "Withdraw an application (reason required)" },
	{ "POST", "/api/v1/eldercare/offers/:id/decide", api_ec_offer_decide, EC_WRITE, 0, "Record the applicant's answer: accept or decline" },
	{ "POST", "/api/v1/eldercare/offers/expire", api_ec_offer_expire, EC_OFFICE, 0, "Expire offers past their deadline as of ?as_of and offer the beds on" },
	{ "POST", "/api/v1/eldercare/visits", api_ec_visit_create, EC_WRITE, 0, "Record a monthly visit (community worker or paired volunteer)" },
	{ "GET", "/api/v1/eldercare/visits/due", api_ec_visit_due, EC_READ, 0, "Elders due a visit in ?month= with why; ?overdue=1 only those not yet visited" },
	{ "GET", "/api/v1/eldercare/visits/rates", api_ec_visit_rates, EC_READ, 0, "The month's visit rate per community (target 100%)" },
	{ "GET", "/api/v1/eldercare/home-beds", api_ec_bed_list, EC_PROVIDER_READ, 0, "Active home care beds in scope (a provider user: its own)" },
	{ "POST", "/api/v1/eldercare/home-beds", api_ec_bed_create, EC_WRITE, 0, "Contract a home care bed: provider, care plan (services, visits a week)" },
	{ "GET", "/api/v1/eldercare/home-beds/missing", api_ec_bed_missing, EC_PROVIDER_READ, 0, "Weeks with fewer visits than planned, as of ?as_of=" },
	{ "POST", "/api/v1/eldercare/home-beds/:id/visits", api_ec_bed_visit, ROLE_SERVICE_PROVIDER, 0, "The provider logs a service visit: start, end, services, staff" },
	{ "GET", "/api/v1/eldercare/dashboard", api_ec_dashboard, EC_READ, 0, "Elderly-care figures by district for ?month=: meals, subsidy, response times, waiting lists, visit rates" },
	/* end eldercare services */
	/* policy: rules as code (api_policy.c) */
	{ "GET", "/api/v1/policy/programs", api_policy_programs, ROLE_STAFF | ROLE_AUDITOR, 0, "Every program with its current parameters and their dated history" },
	{ "GET", "/api/v1/policy/programs/:code", api_policy_program_get, ROLE_STAFF | ROLE_AUDITOR, 0, "One program with its parameters and the rules text" },
	{ "POST", "/api/v1/policy/eval", api_policy_eval, ROLE_STAFF | ROLE_AUDITOR, 0, "Decide one household {date, household} with the full trace (docs/policy.md)" },
	{ "POST", "/api/v1/policy/reload", api_policy_reload, ROLE_CITY_ADMIN, 0, "Reload the rules directory; a broken file is rejected (422) and the last good set keeps serving (audited)" },
	{ "GET", "/api/v1/screen/items", api_screen_items, ROLE_STAFF | ROLE_AUDITOR, 0, "Screening worklist in scope: division, program, kind, page, page_size (audited)" },
	{ "GET", "/api/v1/screen/items.xlsx", api_screen_items_xlsx, ROLE_STAFF | ROLE_AUDITOR, 0, "The screening worklist as XLSX (same filters; audited)" },
};

const size_t http_route_count = sizeof(http_routes) / sizeof(http_routes[0]);
