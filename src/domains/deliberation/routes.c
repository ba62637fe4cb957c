/* routes.c - the deliberation halls' HTTP routes, concatenated by
 * http/routes.c. Roles say who may call; scope is enforced inside every
 * domain call. The public page of a hall needs no session and shows no
 * person. */
#include "access/access.h"
#include "domains/deliberation/deliberation.h"
#include "domains/deliberation/deliberation_api.h"
#include "http/list_sort.h"
#include "http/server.h"
#include "http/openapi_schemas.h"

#define DL_READ (ROLE_STAFF | ROLE_AUDITOR)
#define DL_WRITE ROLE_STAFF
#define DL_OFFICE (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_STREET_CASEWORKER)

static const char *const rep_kinds[] = { "resident", "committee", "property", "unit", NULL };
static const char *const raisers[] = { "resident", "committee", "street", NULL };
static const char *const statuses[] = { "in_progress", "carried_out", "overdue", NULL };

static const http_input in_id[] = { HTTP_P_ID("id"), HTTP_INPUT_END };
/* The sort keys halls.c and resolutions.c map to SQL. */
static const char *const hall_sorts[] = { "id", "name", "division_code", NULL };
static const char *const resolution_sorts[] = { "id", "decided_on", "due_on", "status",
						"hall_name", "responsible_unit", NULL };
static const http_input in_hall_list[] = {
	HTTP_Q_PAGE(DL_PAGE_MAX), HTTP_Q_STR("division", 12), HTTP_Q_STR("q", 60),
	HTTP_Q_SORT(hall_sorts), HTTP_INPUT_END
};
static const http_input in_hall_create[] = {
	HTTP_B_STR("division_code", 12, HTTP_REQ),
	HTTP_B_STR("name", 120, HTTP_REQ),
	HTTP_B_STR("address", 300, 0),
	HTTP_INPUT_END
};
static const http_input in_rep_add[] = {
	HTTP_P_ID("id"),
	HTTP_B_ENUM("kind", rep_kinds, HTTP_REQ),
	HTTP_B_INT("person_id", 1, INT64_MAX, 0),
	HTTP_B_STR("label", 120, 0),
	HTTP_INPUT_END
};
static const http_input in_topic_create[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("title", 200, HTTP_REQ),
	HTTP_B_STR("description", 4000, HTTP_TEXT),
	HTTP_B_ENUM("raised_by", raisers, HTTP_REQ),
	HTTP_B_DATE("raised_on", HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_id_item[] = { HTTP_I_INT(1, INT64_MAX) };
static const http_input in_meeting_create[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("title", 200, HTTP_REQ),
	HTTP_B_DATE("held_on", HTTP_REQ),
	HTTP_B_STR("place", 200, 0),
	HTTP_B_ARR("topic_ids", in_id_item, 1, 20, HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_attendance[] = {
	HTTP_P_ID("id"),
	HTTP_B_ARR("present", in_id_item, 0, 500, HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_minutes[] = {
	HTTP_P_ID("id"), HTTP_B_STR("text", 20000, HTTP_REQ | HTTP_TEXT), HTTP_INPUT_END
};
static const http_input in_amend[] = {
	HTTP_P_ID("id"),
	HTTP_B_INT("representative_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_B_STR("text", 20000, HTTP_REQ | HTTP_TEXT),
	HTTP_B_STR("note", 500, HTTP_REQ | HTTP_TEXT),
	HTTP_INPUT_END
};
static const http_input in_task[] = {
	HTTP_B_STR("title", 300, HTTP_REQ),
	HTTP_B_DATE("due_on", HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_task_item[] = { HTTP_I_OBJ(in_task) };
static const http_input in_resolution_create[] = {
	HTTP_P_ID("id"),
	HTTP_B_INT("topic_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_B_STR("text", 4000, HTTP_REQ | HTTP_TEXT),
	HTTP_B_STR("responsible_unit", 200, HTTP_REQ),
	HTTP_B_DATE("due_on", HTTP_REQ),
	HTTP_B_ARR("tasks", in_task_item, 1, DL_TASKS_MAX, HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_resolution_list[] = {
	HTTP_Q_PAGE(DL_PAGE_MAX), HTTP_Q_STR("division", 12), HTTP_Q_ENUM("status", statuses),
	HTTP_Q_SORT(resolution_sorts), HTTP_INPUT_END
};
static const http_input in_task_done[] = {
	HTTP_P_ID("id"),
	HTTP_B_INT("task_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_B_STR("evidence", 2000, HTTP_REQ | HTTP_TEXT),
	HTTP_B_DATE("done_on", 0),
	HTTP_INPUT_END
};
static const http_input in_rates[] = { HTTP_Q_STR("division", 12), HTTP_Q_DATE("as_of"), HTTP_INPUT_END };
#define NONE http_no_inputs

/* A reader browsing halls stays far below this; a scraper looping over
 * hall ids is slowed to it (per address). */
static const http_rate_limit public_hall_limit = { "deliberation.public_hall", 120, 60,
						   HTTP_RATE_BY_ADDRESS };

const http_route deliberation_routes[] = {
	{ "GET", "/api/v1/deliberation/params", api_dl_params, DL_READ, 0, "Deliberation parameters: the quorum share and escalation steps, dated", NONE, .response = &oas_deliberation_params },
	{ "GET", "/api/v1/deliberation/halls", api_dl_hall_list, DL_READ, 0, "Deliberation halls in scope with each one's execution rate", in_hall_list, .response = &oas_deliberation_halls },
	{ "POST", "/api/v1/deliberation/halls", api_dl_hall_create, DL_WRITE, 0, "Open a hall in a community or a street (one each)", in_hall_create, .response = &oas_deliberation_hall },
	{ "GET", "/api/v1/deliberation/halls/:id", api_dl_hall_get, DL_READ, 0, "A hall: representatives (named ones audited), topics, meetings, resolutions, rate", in_id, .response = &oas_deliberation_hall },
	{ "POST", "/api/v1/deliberation/halls/:id/representatives", api_dl_rep_add, DL_WRITE, 0, "Register a representative: a resident (a registry person or a label) or an organisation", in_rep_add, .response = &oas_staff_kin_post },
	{ "POST", "/api/v1/deliberation/halls/:id/topics", api_dl_topic_create, DL_WRITE, 0, "A topic raised by residents, the committee or the street", in_topic_create, .response = &oas_staff_kin_post },
	{ "POST", "/api/v1/deliberation/halls/:id/meetings", api_dl_meeting_create, DL_WRITE, 0, "Plan a meeting with its agenda of open topics", in_meeting_create, .response = &oas_deliberation_meeting },
	{ "GET", "/api/v1/deliberation/meetings/:id", api_dl_meeting_get, DL_READ, 0, "A meeting: agenda, attendance, quorum, minutes and their amendments", in_id, .response = &oas_deliberation_meeting },
	{ "POST", "/api/v1/deliberation/meetings/:id/attendance", api_dl_attendance, DL_WRITE, 0, "Record who came; the quorum is decided by the dated rule", in_attendance, .response = &oas_deliberation_meeting },
	{ "POST", "/api/v1/deliberation/meetings/:id/minutes", api_dl_minutes_draft, DL_WRITE, 0, "The secretary's draft of the minutes", in_minutes, .response = &oas_deliberation_meeting },
	{ "POST", "/api/v1/deliberation/meetings/:id/amendments", api_dl_minutes_amend, DL_WRITE, 0, "An attendee's amendment of the draft minutes (recorded)", in_amend, .response = &oas_deliberation_meeting },
	{ "POST", "/api/v1/deliberation/meetings/:id/publish", api_dl_minutes_publish, DL_WRITE, 0, "Publish the minutes (locked from then on)", in_id, .response = &oas_deliberation_meeting },
	{ "POST", "/api/v1/deliberation/meetings/:id/resolutions", api_dl_resolution_create, DL_WRITE, 0, "Adopt a resolution (quorum met): responsible unit, deadline, tasks", in_resolution_create, .response = &oas_deliberation_resolution },
	{ "GET", "/api/v1/deliberation/resolutions", api_dl_resolution_list, DL_READ, 0, "Resolutions in scope by ?status= (in_progress, carried_out, overdue)", in_resolution_list, .response = &oas_deliberation_resolutions },
	{ "GET", "/api/v1/deliberation/resolutions/:id", api_dl_resolution_get, DL_READ, 0, "A resolution with its tasks, progress and history", in_id, .response = &oas_deliberation_resolution },
	{ "POST", "/api/v1/deliberation/resolutions/:id/task-done", api_dl_task_done, DL_WRITE, 0, "A task done with its evidence; the last one carries the resolution out", in_task_done, .response = &oas_deliberation_resolution },
	{ "GET", "/api/v1/deliberation/rates", api_dl_rates, DL_READ, 0, "Execution rates per district, street and hall as of ?as_of=", in_rates, .response = &oas_deliberation_rates },
	{ "POST", "/api/v1/deliberation/escalations", api_dl_escalate, DL_OFFICE, 0, "Escalate overdue resolutions in scope now (the daily job does it too)", NONE, .response = &oas_deliberation_escalations },
	{ "GET", "/api/v1/public/deliberation/halls/:id", api_dl_public_hall, ROLE_ANY, 1, "Public: what a hall decided and did (no personal data; rate-limited)", in_id, &public_hall_limit, .response = &oas_public_deliberation_hall },
	{ NULL }
};
