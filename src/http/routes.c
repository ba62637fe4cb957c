/* routes.c - the route table: the core's routes (session, registry, users,
 * audit, policy, screening) and every domain's table, one line each in
 * domain_tables[] below. Roles: who may call (ROLE_ANY = every signed-in
 * user); scope is enforced inside every domain call. */
#include <pthread.h>
#include <stdlib.h>

#include "access/access.h"
#include "base/buf.h"
#include "domains/assistance/assistance_api.h"
#include "domains/eldercare/eldercare_api.h"
#include "domains/deliberation/deliberation_api.h"
#include "domains/posthumous/posthumous_api.h"
#include "domains/volunteer/volunteer_api.h"
#include "domains/safetynet/safetynet_api.h"
#include "domains/marriage/marriage_api.h"
#include "http/api.h"
#include "http/calendar_api.h"
#include "http/hall_api.h"
#include "http/list_sort.h"
#include "http/notices_api.h"
#include "http/server.h"
#include "registry/registry.h"
#include "screen/screen.h"
#include "http/openapi_schemas.h"

#define ADMINS (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER)
#define AUDITORS (ROLE_AUDITOR | ROLE_CITY_ADMIN)
#define REGISTRY_READERS (ROLE_STAFF | ROLE_AUDITOR)
#define REGISTRY_WRITERS (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | \
			  ROLE_STREET_CASEWORKER | ROLE_COMMUNITY_WORKER)


/* ---- inputs (http/inputs.h): what each route accepts, checked before its
 * handler. Bounds follow the handlers and the registry's own checks. ---- */

static const char *const person_sorts[] = { "name", "birth_date", NULL };
static const char *const hukou_kinds[] = { "urban", "rural", NULL };
static const char *const relations[] = { "head", "spouse", "child", "parent", "grandchild",
					  "grandparent", "sibling", "other", NULL };
static const char *const disability_kinds[] = { "", "physical", "visual", "hearing", "speech",
						  "intellectual", "psychiatric", "multiple", NULL };
static const char *const role_names[] = { "city_admin", "district_officer", "street_caseworker",
					   "community_worker", "service_provider", "auditor", NULL };
static const char *const screen_kinds[] = { "eligible_not_enrolled", "enrolled_not_eligible",
					     "amount_changed", NULL };

static const http_input in_session_create[] = {
	HTTP_B_STR("login", 64, HTTP_REQ),
	HTTP_B_STR("password", 256, HTTP_REQ),
	HTTP_B_BOOL("bearer", 0),
	HTTP_INPUT_END
};
static const http_input in_divisions_list[] = { HTTP_Q_STR("parent", 12), HTTP_INPUT_END };
static const http_input in_division_get[] = { HTTP_P_STR("code", 12), HTTP_INPUT_END };
static const http_input in_division_names[] = { HTTP_IN_("codes", HTTP_WHERE_QUERY, HTTP_T_STRING, HTTP_REQ, 0, 1300), HTTP_INPUT_END };
static const http_input in_persons_search[] = {
	HTTP_Q_PAGE(REGISTRY_PAGE_MAX),
	HTTP_Q_STR("q", 60),
	HTTP_Q_STR("name", 60),
	HTTP_Q_STR("id_number", 18),
	HTTP_Q_STR("division", 12),
	HTTP_Q_SORT(person_sorts),
	HTTP_INPUT_END
};
/* The person fields both create and PATCH take; the registry checks the
 * rest (phone digits, community in scope, disability, flags). */
#define PERSON_FIELDS(req)                                           \
	HTTP_B_STR("name", 60, req),                                     \
	HTTP_B_STR("address", 300, 0),                                   \
	HTTP_B_STR("phone", 30, 0),                                      \
	HTTP_B_STR("division_code", 12, req),                            \
	HTTP_B_ENUM("hukou", hukou_kinds, 0),                            \
	HTTP_B_ENUM("disability_kind", disability_kinds, 0),                            \
	HTTP_B_INT("disability_grade", 0, 4, 0),                         \
	HTTP_B_STR("flags", 255, 0)
static const http_input in_person_create[] = {
	HTTP_B_STR("reason", 500, HTTP_REQ | HTTP_TEXT),
	HTTP_B_IDNUM("id_number", HTTP_REQ),
	PERSON_FIELDS(HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_person_id[] = { HTTP_P_ID("id"), HTTP_INPUT_END };
static const http_input in_person_update[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("reason", 500, HTTP_REQ | HTTP_TEXT),
	HTTP_B_INT("version", 1, INT32_MAX, HTTP_REQ),
	PERSON_FIELDS(0),
	HTTP_B_DATE("death_date", HTTP_NULL), /* null: clear a mistaken death */
	HTTP_INPUT_END
};
static const http_input in_person_reveal[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("reason", 500, HTTP_REQ | HTTP_TEXT),
	HTTP_INPUT_END
};
static const char *const household_sorts[] = { "id", "address", NULL };
static const http_input in_households_search[] = {
	HTTP_Q_PAGE(REGISTRY_PAGE_MAX),
	HTTP_Q_STR("division", 12),
	HTTP_Q_STR("head_name", 60),
	HTTP_Q_STR("address", 100),
	HTTP_Q_STR("id_number", 18),
	HTTP_Q_INT("size_min", 1, 100),
	HTTP_Q_INT("size_max", 1, 100),
	HTTP_Q_INT("income_min_fen", 0, 100000000),
	HTTP_Q_INT("income_max_fen", 0, 100000000),
	HTTP_Q_STR("program", 40),
	HTTP_Q_SORT(household_sorts),
	HTTP_INPUT_END
};
static const http_input in_household_member[] = {
	HTTP_B_INT("person_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_B_ENUM("relation", relations, HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_household_member_item[] = { HTTP_I_OBJ(in_household_member) };
static const http_input in_household_create[] = {
	HTTP_B_STR("reason", 500, HTTP_REQ | HTTP_TEXT),
	HTTP_B_STR("division_code", 12, HTTP_REQ),
	HTTP_B_STR("address", 300, HTTP_REQ),
	HTTP_B_ARR("members", in_household_member_item, 0, 100, 0),
	HTTP_INPUT_END
};
static const http_input in_household_id[] = { HTTP_P_ID("id"), HTTP_INPUT_END };
static const http_input in_household_add_member[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("reason", 500, HTTP_REQ | HTTP_TEXT),
	HTTP_B_ENUM("relation", relations, HTTP_REQ),
	HTTP_B_INT("person_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_household_remove_member[] = {
	HTTP_P_ID("id"),
	HTTP_P_ID("person_id"),
	HTTP_B_STR("reason", 500, HTTP_REQ | HTTP_TEXT),
	HTTP_INPUT_END
};
static const http_input in_user_create[] = {
	HTTP_B_STR("login", 64, HTTP_REQ),
	HTTP_B_STR("name", 120, HTTP_REQ),
	HTTP_B_ENUM("role", role_names, HTTP_REQ),
	HTTP_B_STR("scope_code", 12, HTTP_REQ),
	HTTP_B_STR("password", 256, HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_user_update[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("password", 256, 0),
	HTTP_B_ENUM("role", role_names, 0),
	HTTP_B_STR("scope_code", 12, 0),
	HTTP_B_BOOL("disabled", 0),
	HTTP_INPUT_END
};
/* The keys api_users_list sorts by (api_admin.c user_cmp). */
static const char *const user_sorts[] = { "id", "login", "name", "role", "scope_code", NULL };
static const http_input in_users_list[] = { HTTP_Q_SORT(user_sorts), HTTP_INPUT_END };
static const char *const audit_sorts[] = { "seq", "chain", "at", "login", "action", "entity", NULL };
static const http_input in_audit_search[] = {
	HTTP_Q_PAGE(500),
	HTTP_Q_STR("login", 64),
	HTTP_Q_STR("action", 64),
	HTTP_Q_STR("entity", 64),
	HTTP_Q_STR("entity_id", 64),
	HTTP_Q_DATE("from"),
	HTTP_Q_DATE("to"),
	HTTP_Q_SORT(audit_sorts),
	HTTP_INPUT_END
};
static const http_input in_policy_program_get[] = { HTTP_P_STR("code", 64), HTTP_INPUT_END };
static const http_input in_policy_eval[] = {
	HTTP_B_DATE("date", HTTP_REQ),
	HTTP_B_OBJ("household", NULL, HTTP_REQ), /* its shape: docs/policy.md, checked by policy/ */
	HTTP_INPUT_END
};
static const char *const screen_statuses[] = { "open", "done", "all", NULL };
static const char *const screen_item_sorts[] = { "division_code", "household_id", "program",
						  "kind", "amount_fen", "handled_at", NULL };
static const http_input in_screen_items[] = {
	HTTP_Q_PAGE(SCREEN_PAGE_MAX),
	HTTP_Q_STR("division", 12),
	HTTP_Q_STR("program", 40),
	HTTP_Q_ENUM("kind", screen_kinds),
	HTTP_Q_ENUM("status", screen_statuses),
	HTTP_Q_SORT(screen_item_sorts),
	HTTP_INPUT_END
};
static const char *const screen_dispositions[] = { "accepted", "dismissed", "linked", NULL };
static const http_input in_screen_item_work[] = {
	HTTP_P_ID("id"),
	HTTP_B_ENUM("disposition", screen_dispositions, HTTP_REQ),
	HTTP_B_STR("note", 600, HTTP_TEXT),
	HTTP_B_INT("case_id", 1, INT64_MAX, 0),
	HTTP_INPUT_END
};
#define NONE http_no_inputs

/* jobs and events */
static const char *const event_statuses[] = { "done", "pending", "failed", NULL };
static const http_input in_job_run[] = { HTTP_P_STR("name", 64), HTTP_INPUT_END };
static const http_input in_events_list[] = {
	HTTP_Q_ENUM("status", event_statuses), HTTP_Q_PAGE(200), HTTP_INPUT_END
};
static const http_input in_event_retry[] = { HTTP_P_ID("id"), HTTP_INPUT_END };
static const http_input in_clock_set[] = {
	HTTP_B_INT("offset_seconds", -3650LL * 86400, 3650LL * 86400, HTTP_REQ), HTTP_INPUT_END
};
static const char *const fault_kinds[] = { "any", "step", "commit", NULL };
static const http_input in_fault_arm[] = {
	HTTP_B_INT("at", 0, 1000000000, HTTP_REQ), HTTP_B_ENUM("kind", fault_kinds, 0), HTTP_INPUT_END
};

static const http_input in_table_id[] = { HTTP_P_STR("table", 64), HTTP_INPUT_END };
static const http_input in_table_column[] = {
	HTTP_B_STR("key", 64, HTTP_REQ), HTTP_B_BOOL("visible", HTTP_REQ), HTTP_INPUT_END
};
static const http_input in_table_column_item[] = { HTTP_I_OBJ(in_table_column) };
static const http_input in_table_settings_put[] = {
	HTTP_P_STR("table", 64),
	HTTP_B_ARR("columns", in_table_column_item, 0, 100, HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_export_token[] = { HTTP_P_STR("token", 64), HTTP_INPUT_END };

static const http_route core_routes[] = {
	{ "GET", "/api/openapi.json", api_openapi, ROLE_ANY, 1, "This OpenAPI document", NONE, .response = &oas_open_api_document },
	{ "POST", "/api/v1/session", api_session_create, ROLE_ANY, 1, "Sign in (cookie session, or {\"bearer\":true} for a token)", in_session_create, .response = &oas_session_post },
	{ "GET", "/api/v1/session", api_session_get, ROLE_ANY, 0, "The signed-in user and the CSRF token", NONE, .response = &oas_session },
	{ "DELETE", "/api/v1/session", api_session_delete, ROLE_ANY, 0, "Sign out", NONE, .response = &oas_session_delete },
	{ "GET", "/api/v1/me/table-settings/:table", api_table_settings_get, ROLE_ANY, 0, "The caller's column settings of a staff table (null when never saved)", in_table_id, .response = &oas_me_table_setting },
	{ "PUT", "/api/v1/me/table-settings/:table", api_table_settings_put, ROLE_ANY, 0, "Save the caller's column settings of a table: columns [{key, visible}] in display order", in_table_settings_put, .response = &oas_me_table_setting },
	{ "DELETE", "/api/v1/me/table-settings/:table", api_table_settings_delete, ROLE_ANY, 0, "Forget the caller's column settings of a table (defaults again)", in_table_id, .response = &oas_session_delete },
	{ "GET", "/api/v1/exports/:token", api_export_progress, ROLE_ANY, 0, "Progress of the caller's list export sent with X-Export-Token: rows written, total, status", in_export_token, .response = &oas_export },

	{ "GET", "/api/v1/divisions", api_divisions_list, ROLE_ANY, 0, "Child divisions of ?parent= within scope (none: the scope root)", in_divisions_list, .response = &oas_divisions },
	{ "GET", "/api/v1/divisions/:code", api_division_get, ROLE_ANY, 0, "One division", in_division_get, .response = &oas_division },
	{ "GET", "/api/v1/division-names", api_division_names, ROLE_ANY, 0, "Names of the divisions ?codes=a,b,c (public reference data: names only, any scope)", in_division_names, .response = &oas_division_names },

	{ "GET", "/api/v1/persons", api_persons_search, REGISTRY_READERS, 0, "Search persons: q (name prefix or ID number), name, id_number, division, sort, page, page_size", in_persons_search, .response = &oas_persons },
	{ "POST", "/api/v1/persons", api_person_create, REGISTRY_WRITERS, 0, "Register a person (reason required)", in_person_create, .response = &oas_person },
	{ "GET", "/api/v1/persons/:id", api_person_get, REGISTRY_READERS, 0, "One person (ID number masked; audited read)", in_person_id, .response = &oas_person },
	{ "PATCH", "/api/v1/persons/:id", api_person_update, REGISTRY_WRITERS, 0, "Change a person (reason and version required)", in_person_update, .response = &oas_person },
	{ "POST", "/api/v1/persons/:id/reveal", api_person_reveal, ROLE_STAFF, 0, "Reveal the full ID number for a stated reason (audited)", in_person_reveal, .response = &oas_person_reveal_post },
	{ "GET", "/api/v1/persons/:id/history", api_person_history, REGISTRY_READERS, 0, "Change history of a person", in_person_id, .response = &oas_person_history },

	{ "GET", "/api/v1/households", api_households_search, REGISTRY_READERS, 0, "Search households: division, head_name (prefix), address (part), id_number (a member's; audited), size_min/size_max, income_min_fen/income_max_fen (declared monthly income per member), program (active enrolment), sort, page", in_households_search, .response = &oas_households },
	{ "GET", "/api/v1/households.xlsx", api_households_xlsx, REGISTRY_READERS, 0, "The household search as XLSX (same filters and order; audited)", in_households_search, .response = &oas_households_xlsx },
	{ "GET", "/api/v1/persons.xlsx", api_persons_xlsx, REGISTRY_READERS, 0, "The person search as XLSX (same filters and order; ID numbers masked; audited)", in_persons_search, .response = &oas_persons_xlsx },
	{ "POST", "/api/v1/households", api_household_create, REGISTRY_WRITERS, 0, "Create a household with members (reason required)", in_household_create, .response = &oas_household },
	{ "GET", "/api/v1/households/:id", api_household_get, REGISTRY_READERS, 0, "One household with its members", in_household_id, .response = &oas_household },
	{ "GET", "/api/v1/households/:id/history", api_household_history, REGISTRY_READERS, 0, "Change history of a household", in_household_id, .response = &oas_household_history },
	{ "POST", "/api/v1/households/:id/members", api_household_add_member, REGISTRY_WRITERS, 0, "Add a member (reason required)", in_household_add_member, .response = &oas_household },
	{ "DELETE", "/api/v1/households/:id/members/:person_id", api_household_remove_member,
	  REGISTRY_WRITERS, 0, "Remove a member (reason required)", in_household_remove_member, .response = &oas_household },

	{ "GET", "/api/v1/stats/registry", api_stats_registry, REGISTRY_READERS, 0, "Registry figures for the home page", NONE, .response = &oas_stats_registry },

	{ "GET", "/api/v1/users", api_users_list, ADMINS, 0, "Users within scope (?sort=)", in_users_list, .response = &oas_users },
	{ "POST", "/api/v1/users", api_user_create, ADMINS, 0, "Create a user", in_user_create, .response = &oas_users_post },
	{ "PATCH", "/api/v1/users/:id", api_user_update, ROLE_ANY, 0, "Change password, role, scope or disable a user", in_user_update, .response = &oas_user_patch },

	{ "GET", "/api/v1/audit", api_audit_search, AUDITORS, 0, "Search the audit log", in_audit_search, .response = &oas_audit },
	{ "GET", "/api/v1/audit.xlsx", api_audit_xlsx, AUDITORS, 0, "The audit log search as XLSX (same filters; the export is audited)", in_audit_search, .response = &oas_audit_xlsx },
	{ "GET", "/api/v1/audit/verify", api_audit_verify, AUDITORS, 0, "Verify the audit hash chain", NONE, .response = &oas_audit_verify },
	{ "GET", "/api/v1/audit/checkpoints", api_audit_checkpoints, AUDITORS, 0, "The signed audit-chain checkpoints and their public key (for an external archive)", NONE, .response = &oas_audit_checkpoints },

	/* policy: rules as code (api_policy.c) */
	{ "GET", "/api/v1/policy/programs", api_policy_programs, ROLE_STAFF | ROLE_AUDITOR, 0, "Every program with its current parameters and their dated history", NONE, .response = &oas_policy_programs },
	{ "GET", "/api/v1/policy/programs/:code", api_policy_program_get, ROLE_STAFF | ROLE_AUDITOR, 0, "One program with its parameters and the rules text", in_policy_program_get, .response = &oas_policy_program },
	{ "POST", "/api/v1/policy/eval", api_policy_eval, ROLE_STAFF | ROLE_AUDITOR, 0, "Decide one household {date, household} with the full trace (docs/policy.md)", in_policy_eval, .response = &oas_policy_eval_post },
	{ "POST", "/api/v1/policy/reload", api_policy_reload, ROLE_CITY_ADMIN, 0, "Reload the rules directory; a broken file is rejected (422) and the last good set keeps serving (audited)", NONE, .response = &oas_policy_reload_post },
	{ "GET", "/api/v1/screen/items", api_screen_items, ROLE_STAFF | ROLE_AUDITOR, 0, "Screening worklist in scope: division, program, kind, status, sort, page, page_size (audited)", in_screen_items, .response = &oas_screen_items },
	{ "GET", "/api/v1/screen/items.xlsx", api_screen_items_xlsx, ROLE_STAFF | ROLE_AUDITOR, 0, "The screening worklist as XLSX (same filters and order; audited)", in_screen_items, .response = &oas_screen_items_xlsx },
	{ "POST", "/api/v1/screen/items/:id/work", api_screen_item_work, ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_STREET_CASEWORKER, 0, "Work an open worklist item in scope once: accepted (an intake follows), dismissed (note: the reason) or linked (case_id) (audited)", in_screen_item_work, .response = &oas_screen_item_work_post },
	{ "GET", "/api/v1/screen/runs", api_screen_runs, ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_AUDITOR, 0, "The latest whole-city screening runs (counts), the progress of a run under way, the job's schedule", NONE, .response = &oas_screen_runs },
	{ "POST", "/api/v1/screen/runs", api_screen_run_start, ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER, 0, "Start a whole-city screening: the job runner runs it at its next tick (202; audited)", NONE, .response = &oas_screen_runs_post },

	/* jobs and events (api_jobs.c): the city's operations, not a district's */
	{ "GET", "/api/v1/jobs", api_jobs_list, AUDITORS, 0, "Every job: schedule, next due, last run and result, runs, running", NONE, .response = &oas_jobs },
	{ "POST", "/api/v1/jobs/:name/run", api_job_run, ROLE_CITY_ADMIN, 0, "Ask the runner to run a job at its next tick (202; audited)", in_job_run, .response = &oas_screen_runs_post },
	{ "GET", "/api/v1/events", api_events_list, AUDITORS, 0, "Events with their deliveries: status (done|pending|failed), page, page_size", in_events_list, .response = &oas_events },
	{ "POST", "/api/v1/events/:id/retry", api_event_retry, ROLE_CITY_ADMIN, 0, "Make an event's failed deliveries due now (audited)", in_event_retry, .response = &oas_event_retry },

	/* test only: answers not_found unless serve ran with MZ_TEST_CLOCK=1 (api_clock.c) */
	{ "GET", "/api/v1/test/clock", api_clock_get, ROLE_CITY_ADMIN, 0, "Test only: the server clock's offset, now and today", NONE, .response = &oas_test_clock },
	{ "POST", "/api/v1/test/clock", api_clock_set, ROLE_CITY_ADMIN, 0, "Test only: move the server clock {offset_seconds} (audited)", in_clock_set, .response = &oas_test_clock },
	/* test only: answers not_found unless serve ran with MZ_FAULT_ENABLE=1 (api_fault.c) */
	{ "GET", "/api/v1/test/fault", api_fault_get, ROLE_CITY_ADMIN, 0, "Test only: the fault countdown's state", NONE, .response = &oas_test_fault },
	{ "POST", "/api/v1/test/fault", api_fault_arm, ROLE_CITY_ADMIN, 0, "Test only: arm the fault countdown {at, kind}", in_fault_arm, .response = &oas_test_fault },
	{ NULL }
};

/* One line a domain (docs/adding-a-domain.md). */
static const http_route *const domain_tables[] = {
	core_routes,
	assistance_routes,
	eldercare_routes,
	deliberation_routes,
	posthumous_routes,
	hall_routes,
	volunteer_routes,
	safetynet_routes,
	marriage_routes,
	notices_routes,
	calendar_routes,
};

static http_route *all_routes;
static size_t all_count;
static pthread_once_t all_once = PTHREAD_ONCE_INIT;

/* Concatenates the tables once; the result lives as long as the process. */
static void routes_concat(void)
{
	size_t n = 0, k = 0;

	for (size_t t = 0; t < sizeof(domain_tables) / sizeof(domain_tables[0]); t++)
		for (const http_route *r = domain_tables[t]; r->method; r++)
			n++;
	all_routes = mz_xcalloc(n, sizeof(*all_routes));
	for (size_t t = 0; t < sizeof(domain_tables) / sizeof(domain_tables[0]); t++)
		for (const http_route *r = domain_tables[t]; r->method; r++)
			all_routes[k++] = *r;
	all_count = n;
}

const http_route *http_routes_all(size_t *count)
{
	pthread_once(&all_once, routes_concat);
	*count = all_count;
	return all_routes;
}
