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
#include "http/api.h"
#include "http/server.h"

#define ADMINS (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER)
#define AUDITORS (ROLE_AUDITOR | ROLE_CITY_ADMIN)
#define REGISTRY_READERS (ROLE_STAFF | ROLE_AUDITOR)
#define REGISTRY_WRITERS (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | \
			  ROLE_STREET_CASEWORKER | ROLE_COMMUNITY_WORKER)

static const http_route core_routes[] = {
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

	/* policy: rules as code (api_policy.c) */
	{ "GET", "/api/v1/policy/programs", api_policy_programs, ROLE_STAFF | ROLE_AUDITOR, 0, "Every program with its current parameters and their dated history" },
	{ "GET", "/api/v1/policy/programs/:code", api_policy_program_get, ROLE_STAFF | ROLE_AUDITOR, 0, "One program with its parameters and the rules text" },
	{ "POST", "/api/v1/policy/eval", api_policy_eval, ROLE_STAFF | ROLE_AUDITOR, 0, "Decide one household {date, household} with the full trace (docs/policy.md)" },
	{ "POST", "/api/v1/policy/reload", api_policy_reload, ROLE_CITY_ADMIN, 0, "Reload the rules directory; a broken file is rejected (422) and the last good set keeps serving (audited)" },
	{ "GET", "/api/v1/screen/items", api_screen_items, ROLE_STAFF | ROLE_AUDITOR, 0, "Screening worklist in scope: division, program, kind, page, page_size (audited)" },
	{ "GET", "/api/v1/screen/items.xlsx", api_screen_items_xlsx, ROLE_STAFF | ROLE_AUDITOR, 0, "The screening worklist as XLSX (same filters; audited)" },

	/* test only: answers not_found unless serve ran with MZ_FAULT_ENABLE=1 (api_fault.c) */
	{ "GET", "/api/v1/test/fault", api_fault_get, ROLE_CITY_ADMIN, 0, "Test only: the fault countdown's state" },
	{ "POST", "/api/v1/test/fault", api_fault_arm, ROLE_CITY_ADMIN, 0, "Test only: arm the fault countdown {at, kind}" },
	{ NULL }
};

/* One line a domain (docs/adding-a-domain.md). */
static const http_route *const domain_tables[] = {
	core_routes,
	assistance_routes,
	eldercare_routes,
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
