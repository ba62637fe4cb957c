/* routes.c - the posthumous domain's HTTP routes, concatenated by
 * http/routes.c. Roles say who may call; scope is enforced inside every
 * domain call.
 *
 * The family's progress page has two doors: a staff route (POST /progress,
 * a worker at the window or on the phone with the family's two numbers)
 * and the family's own public page (POST /public/posthumous/progress),
 * which also needs the case number given at registration - ID numbers are
 * not secrets - and is rate-limited per address (http/ratelimit.h). Every
 * look, and every miss, is audited (docs/domain.md). */
#include "access/access.h"
#include "domains/posthumous/posthumous.h"
#include "domains/posthumous/posthumous_api.h"
#include "http/inputs.h"
#include "http/server.h"
#include "http/list_sort.h"
#include "http/openapi_schemas.h"

#define ADMINS (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER)
#define PH_READ (ROLE_STAFF | ROLE_AUDITOR)
#define PH_WRITE ROLE_STAFF

static const char *const sources[] = { "hospital", "police", "family", NULL };
static const char *const causes[] = { "disease", "natural", "accident", "other", "unknown", NULL };
static const char *const places[] = { "hospital", "home", "elsewhere", NULL };
static const char *const statuses[] = { "open", "overdue", NULL };
static const char *const burial_kinds[] = { "niche", "sea", "lawn", "tree", "flower_bed",
					     "wall", "grave", NULL };

static const http_input in_id[] = { HTTP_P_ID("id"), HTTP_INPUT_END };
static const http_input in_matters[] = { HTTP_Q_DATE("date"), HTTP_INPUT_END };
static const http_input in_death[] = {
	HTTP_B_IDNUM("id_number", HTTP_REQ),
	HTTP_B_DATE("death_date", HTTP_REQ),
	HTTP_B_ENUM("cause_category", causes, HTTP_REQ),
	HTTP_B_ENUM("place_kind", places, HTTP_REQ),
	HTTP_B_STR("place", 200, 0),
	HTTP_B_ENUM("source", sources, HTTP_REQ),
	HTTP_B_STR("reporter_name", 60, 0),
	HTTP_B_IDNUM("reporter_id_number", 0),
	HTTP_B_STR("reporter_relation", 30, 0),
	HTTP_B_STR("reporter_phone", 30, 0),
	HTTP_B_STR("documents", 200, 0),
	HTTP_INPUT_END
};
static const char *const case_sorts[] = { "id", "death_date", "open_tasks", "overdue_tasks", NULL };
static const http_input in_cases[] = {
	HTTP_Q_PAGE(PH_PAGE_MAX), HTTP_Q_ENUM("status", statuses), HTTP_Q_STR("division", 12),
	HTTP_Q_SORT(case_sorts), HTTP_INPUT_END
};
static const http_input in_receipt[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("receipt_ref", 100, HTTP_REQ),
	HTTP_B_DATE("done_on", HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_progress[] = {
	HTTP_B_IDNUM("deceased_id_number", HTTP_REQ),
	HTTP_B_IDNUM("agent_id_number", HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_public_progress[] = {
	HTTP_B_IDNUM("deceased_id_number", HTTP_REQ),
	HTTP_B_IDNUM("agent_id_number", HTTP_REQ),
	HTTP_B_INT("case_no", 1, INT64_MAX, HTTP_REQ),
	HTTP_INPUT_END
};
/* Six looks per address in ten minutes: a family mistyping a digit twice
 * gets through, a program walking ID numbers does not. */
static const http_rate_limit public_progress_limit = { "posthumous.public_progress", 6, 600,
						       HTTP_RATE_BY_ADDRESS };
static const http_input in_home[] = {
	HTTP_B_STR("name", 120, HTTP_REQ),
	HTTP_B_STR("division_code", 6, HTTP_REQ),
	HTTP_B_STR("address", 300, 0),
	HTTP_B_STR("phone", 30, 0),
	HTTP_INPUT_END
};
static const http_input in_funeral[] = {
	HTTP_P_ID("id"),
	HTTP_B_INT("home_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_B_DATE("cremated_on", HTTP_REQ),
	HTTP_B_STR("cremation_no", 60, HTTP_REQ),
	HTTP_B_FEN("basic_fee_fen", 100000000, HTTP_REQ),
	HTTP_B_ENUM("burial_kind", burial_kinds, HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_home_user[] = {
	HTTP_B_INT("home_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_B_STR("login", 64, HTTP_REQ),
	HTTP_B_STR("reason", 500, HTTP_REQ | HTTP_TEXT),
	HTTP_INPUT_END
};
static const http_input in_cremation[] = {
	HTTP_B_IDNUM("deceased_id_number", HTTP_REQ),
	HTTP_B_INT("home_id", 1, INT64_MAX, 0),
	HTTP_B_DATE("cremated_on", HTTP_REQ),
	HTTP_B_STR("cremation_no", 60, HTTP_REQ),
	HTTP_B_FEN("basic_fee_fen", 100000000, HTTP_REQ),
	HTTP_B_ENUM("burial_kind", burial_kinds, HTTP_REQ),
	HTTP_INPUT_END
};
/* The sort keys home_staff.c maps to SQL. */
static const char *const cremation_sorts[] = { "cremated_on", "id", "cremation_no",
						"basic_fee_fen", "burial_kind", NULL };
static const http_input in_cremations[] = {
	HTTP_Q_PAGE(PH_PAGE_MAX), HTTP_Q_SORT(cremation_sorts), HTTP_INPUT_END
};
static const http_input in_eco[] = { HTTP_Q_INT("year", 2000, 2100), HTTP_INPUT_END };

const http_route posthumous_routes[] = {
	{ "GET", "/api/v1/posthumous/matters", api_ph_matters, PH_READ, 0, "The one-stop service's matters (departments, deadlines) in force on ?date=", in_matters, .response = &oas_posthumous_matters },
	{ "GET", "/api/v1/posthumous/params", api_ph_params, PH_READ, 0, "Funeral parameters: waiver cap, eco-burial subsidies, every dated value", http_no_inputs, .response = &oas_deliberation_params },
	{ "POST", "/api/v1/posthumous/deaths", api_ph_death_register, PH_WRITE, 0, "Register a death (notice or report): the registry's death, the posthumous case; a second report joins the case", in_death, .response = &oas_posthumous_deaths_post },
	{ "GET", "/api/v1/posthumous/deaths", api_ph_cases_list, PH_READ, 0, "Posthumous cases in scope by ?status=open|overdue", in_cases, .response = &oas_posthumous_deaths },
	{ "GET", "/api/v1/posthumous/deaths/:id", api_ph_case_get, PH_READ, 0, "One case: every matter, inside (subscriber deliveries) and outside (tasks, receipts, overdue)", in_id, .response = &oas_posthumous_death },
	{ "POST", "/api/v1/posthumous/deaths/:id/funeral", api_ph_funeral_record, PH_WRITE, 0, "Record the cremation, the basic-fee waiver and the burial choice with its subsidy", in_funeral, .response = &oas_posthumous_cremations_post },
	{ "POST", "/api/v1/posthumous/death-tasks/:id/receipt", api_ph_task_receipt, PH_WRITE, 0, "An outside department's matter done: its receipt reference and day", in_receipt, .response = &oas_posthumous_death_task_receipt_post },
	{ "POST", "/api/v1/posthumous/progress", api_ph_progress, PH_WRITE, 0, "The family's progress page: the deceased's and the agent's ID numbers, progress only", in_progress, .response = &oas_posthumous_progress_post },
	{ "POST", "/api/v1/public/posthumous/progress", api_ph_public_progress, ROLE_ANY, 1, "Public: the family's progress page (deceased's and agent's ID numbers, case number; rate-limited)", in_public_progress, &public_progress_limit, .response = &oas_public_posthumous_progress_post },
	{ "GET", "/api/v1/posthumous/funeral-homes", api_ph_homes_list, PH_READ, 0, "Funeral homes", http_no_inputs, .response = &oas_posthumous_funeral_homes },
	{ "POST", "/api/v1/posthumous/funeral-homes", api_ph_home_create, ADMINS, 0, "Register a funeral home", in_home, .response = &oas_staff_kin_post },
	{ "POST", "/api/v1/posthumous/funeral-home-staff", api_ph_home_link_user, ADMINS, 0, "Link a service_provider account to a funeral home (its staff; reason required)", in_home_user, .response = &oas_posthumous_funeral_home_staff_post },
	{ "POST", "/api/v1/posthumous/cremations", api_ph_cremation_record, ROLE_SERVICE_PROVIDER, 0, "A funeral home's staff records a cremation of its own home (by the deceased's ID number)", in_cremation, .response = &oas_posthumous_cremations_post },
	{ "GET", "/api/v1/posthumous/cremations", api_ph_cremations_list, ROLE_SERVICE_PROVIDER, 0, "A funeral home's staff: its own home's cremations", in_cremations, .response = &oas_posthumous_cremations },
	{ "GET", "/api/v1/posthumous/eco-burial", api_ph_eco_rate, PH_READ, 0, "Eco-burial rate per district over ?year='s cremations", in_eco, .response = &oas_posthumous_eco_burial },
	{ NULL },
};
