/* routes.c - the safety net's HTTP routes, concatenated by http/routes.c.
 * Roles say who may call; scope is enforced inside every domain call. The
 * two inbound routes and the residents' form are public routes: the
 * inbound ones check the department's token themselves (not a user
 * session), the form limits callers by address. */
#include "access/access.h"
#include "domains/safetynet/safetynet.h"
#include "domains/safetynet/safetynet_api.h"
#include "http/list_sort.h"
#include "http/server.h"
#include "http/openapi_schemas.h"

#define SN_READ (ROLE_STAFF | ROLE_AUDITOR)
#define SN_WORK ROLE_STAFF
#define SN_ADMIN ROLE_CITY_ADMIN

/* The catalogue's keys (catalog.c), for the declared enum. */
static const char *const event_types[] = { "hospital_bill", "unemployment", "disability_change",
	"utility_arrears", "rent_arrears", "death", "unattended_child", "rough_sleeper",
	"checkin_missed", "visit_overdue", "payroll_returned", "screening_item", "visit", NULL };
static const char *const levels[] = { "red", "orange", "yellow", NULL };
static const char *const alert_statuses[] = { "open", "closed", NULL };
static const char *const order_filter_states[] = { "open", "assigned", "accepted", "on_site", "done",
	"returned", "escalated", "closed", "merged", NULL };
static const char *const tiers[] = { "community", "street", "district", NULL };
static const char *const actions[] = { "accept", "on_site", "done", "return", "route", "close",
				       "reopen", "merge", NULL };

static const http_input in_inbound_event[] = {
	HTTP_B_STR("event_id", 64, HTTP_REQ),
	HTTP_B_IDNUM("id_number", HTTP_REQ),
	HTTP_B_ENUM("type", event_types, HTTP_REQ),
	HTTP_B_DATE("occurred_on", HTTP_REQ),
	HTTP_B_FEN("amount_fen", INT64_C(100000000000), 0),
	HTTP_B_STR("note", 500, HTTP_TEXT),
	HTTP_INPUT_END
};
static const char *const file_kinds[] = { "csv", "xlsx", NULL };
static const http_input in_inbound_file[] = {
	HTTP_B_ENUM("format", file_kinds, HTTP_REQ),
	HTTP_B_STR("content_base64", 48 * 1024 * 1024, HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_department_create[] = {
	HTTP_B_STR("code", 32, HTTP_REQ),
	HTTP_B_STR("name", 120, HTTP_REQ),
	HTTP_B_STR("scope_code", 12, HTTP_REQ),
	HTTP_B_INT("rate_per_min", 1, 100000, HTTP_REQ),
	HTTP_B_STR("reason", 500, HTTP_REQ | HTTP_TEXT),
	HTTP_INPUT_END
};
static const char *const event_sorts[] = { "id", "received_at", "occurred_on", "type",
					   "amount_fen", NULL };
static const http_input in_events_list[] = {
	HTTP_Q_PAGE(SN_PAGE_MAX), HTTP_Q_ENUM("type", event_types), HTTP_Q_STR("division", 12),
	HTTP_Q_SORT(event_sorts), HTTP_INPUT_END
};
static const char *const alert_sorts[] = { "id", "raised_at", "level", "status", NULL };
static const http_input in_alerts_list[] = {
	HTTP_Q_PAGE(SN_PAGE_MAX), HTTP_Q_ENUM("level", levels), HTTP_Q_ENUM("status", alert_statuses),
	HTTP_Q_STR("division", 12), HTTP_Q_SORT(alert_sorts), HTTP_INPUT_END
};
static const char *const order_sorts[] = { "id", "due_at", "level", "state", "created_at", NULL };
static const http_input in_orders_list[] = {
	HTTP_Q_PAGE(SN_PAGE_MAX), HTTP_Q_ENUM("state", order_filter_states), HTTP_Q_ENUM("tier", tiers),
	HTTP_Q_INT("overdue", 0, 1), HTTP_Q_STR("division", 12), HTTP_Q_SORT(order_sorts),
	HTTP_INPUT_END
};
static const http_input in_id[] = { HTTP_P_ID("id"), HTTP_INPUT_END };
static const http_input in_order_act[] = {
	HTTP_P_ID("id"),
	HTTP_B_ENUM("action", actions, HTTP_REQ),
	HTTP_B_INT("version", 1, INT32_MAX, HTTP_REQ),
	HTTP_B_STR("note", 1000, HTTP_TEXT),
	HTTP_B_ENUM("return_reason", sn_return_reasons, 0),
	HTTP_B_ENUM("action_kind", sn_action_kinds, 0),
	HTTP_B_STR("action_ref", 100, 0),
	HTTP_B_STR("feedback", 2000, HTTP_TEXT),
	HTTP_B_INT("rating", 1, 5, 0),
	HTTP_B_STR("division_code", 12, 0),
	HTTP_B_ENUM("route_to", sn_route_targets, 0),
	HTTP_B_INT("into", 1, INT64_MAX, 0),
	HTTP_INPUT_END
};
static const http_input in_public_request[] = {
	HTTP_B_STR("community_code", 12, HTTP_REQ),
	HTTP_B_STR("name", 60, HTTP_REQ),
	HTTP_B_STR("phone", 30, HTTP_REQ),
	HTTP_B_STR("address", 300, 0),
	HTTP_B_STR("need", 1000, HTTP_REQ | HTTP_TEXT),
	HTTP_B_ENUM("category", sn_request_categories, HTTP_REQ),
	HTTP_B_IDNUM("id_number", 0),
	HTTP_INPUT_END
};

#define NONE http_no_inputs

/* The residents' form: ten requests per address in ten minutes (a family
 * reporting for two elders passes; a flood of work orders does not). */
static const http_rate_limit public_form_limit = { "safetynet.public_request", 10, 600,
						   HTTP_RATE_BY_ADDRESS };

const http_route safetynet_routes[] = {
	{ "POST", "/api/v1/safetynet/inbound/events", api_sn_inbound_event, 0, 1, "A department sends one event about a person (department token; idempotent by event_id)", in_inbound_event, .response = &oas_safetynet_inbound_events_post },
	{ "POST", "/api/v1/safetynet/inbound/files", api_sn_inbound_file, 0, 1, "A department uploads a CSV/XLSX file of events (department token)", in_inbound_file, .response = &oas_safetynet_inbound_files_post },
	{ "POST", "/api/v1/safetynet/public/requests", api_sn_public_request, 0, 1, "社区随约服务: a resident reports a need (no account, rate-limited)", in_public_request, &public_form_limit, .response = &oas_safetynet_public_requests_post },
	{ "GET", "/api/v1/safetynet/catalog", api_sn_catalog, ROLE_ANY, 0, "Event types, routes, actions", NONE, .response = &oas_safetynet_catalog },
	{ "GET", "/api/v1/safetynet/departments", api_sn_departments_list, SN_ADMIN | ROLE_AUDITOR, 0, "Department accounts (never their tokens)", NONE, .response = &oas_safetynet_departments },
	{ "POST", "/api/v1/safetynet/departments", api_sn_department_create, SN_ADMIN, 0, "Create a department account; its token is shown once", in_department_create, .response = &oas_safetynet_departments_post },
	{ "GET", "/api/v1/safetynet/events", api_sn_events_list, SN_READ, 0, "Events received, in scope, with provenance", in_events_list, .response = &oas_safetynet_events },
	{ "GET", "/api/v1/safetynet/events.xlsx", api_sn_events_xlsx, SN_READ, 0, "Events received as XLSX (same filters and order; audited)", in_events_list, .response = &oas_safetynet_xlsx },
	{ "GET", "/api/v1/safetynet/alerts", api_sn_alerts_list, SN_READ, 0, "Alerts raised, in scope", in_alerts_list, .response = &oas_safetynet_alerts },
	{ "GET", "/api/v1/safetynet/alerts.xlsx", api_sn_alerts_xlsx, SN_READ, 0, "Alerts as XLSX (same filters and order; audited)", in_alerts_list, .response = &oas_safetynet_xlsx },
	{ "GET", "/api/v1/safetynet/alerts/:id", api_sn_alert_get, SN_READ, 0, "An alert with its explanation and orders", in_id, .response = &oas_safetynet_alert },
	{ "GET", "/api/v1/safetynet/orders", api_sn_orders_list, SN_READ, 0, "Work orders in scope", in_orders_list, .response = &oas_safetynet_orders },
	{ "GET", "/api/v1/safetynet/orders.xlsx", api_sn_orders_xlsx, SN_READ, 0, "Work orders as XLSX (same filters and order; audited)", in_orders_list, .response = &oas_safetynet_xlsx },
	{ "GET", "/api/v1/safetynet/orders/:id", api_sn_order_get, SN_READ, 0, "A work order with its history", in_id, .response = &oas_safetynet_order },
	{ "POST", "/api/v1/safetynet/orders/:id/actions", api_sn_order_act, SN_WORK, 0, "Move a work order: accept, on_site, done, return, route, close, reopen, merge", in_order_act, .response = &oas_safetynet_order },
	{ "GET", "/api/v1/safetynet/rules", api_sn_rules_get, SN_READ, 0, "The monitoring rules in force", NONE, .response = &oas_safetynet_rules },
	{ "POST", "/api/v1/safetynet/rules/reload", api_sn_rules_reload, SN_ADMIN, 0, "Reload the monitoring rules (a broken file keeps the last good set)", NONE, .response = &oas_safetynet_rules },
	{ NULL },
};
