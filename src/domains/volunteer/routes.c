/* routes.c - the volunteer domain's HTTP routes, concatenated by
 * http/routes.c. Roles say who may call; scope (and, for a volunteer's
 * login, its own records only) is enforced inside every domain call.
 * Volunteers log in as service_provider users linked to their record. */
#include "access/access.h"
#include "domains/volunteer/volunteer.h"
#include "domains/volunteer/volunteer_api.h"
#include "http/inputs.h"
#include "http/list_sort.h"
#include "http/server.h"
#include "http/openapi_schemas.h"

#define READ (ROLE_STAFF | ROLE_AUDITOR)
#define WRITE ROLE_STAFF
#define OFFICE (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_STREET_CASEWORKER)
#define VOLUNTEER ROLE_SERVICE_PROVIDER
#define NONE http_no_inputs

static const char *const statuses[] = { "active", "suspended", "closed", NULL };
static const char *const set_statuses[] = { "active", "suspended", "closed", NULL };
static const char *const order_states[] = { "open", "offered", "accepted", "in_service", "served",
					     "rated", "unassigned", "cancelled", NULL };
static const char *const sources[] = { "resident", "worker", "visit_plan", NULL };
static const char *const move_kinds[] = { "service", "activity", "exchange", "transfer", "reversal",
					   NULL };
static const char *const pairing_statuses[] = { "active", "ended", NULL };

#define REASON HTTP_B_STR("reason", 500, HTTP_REQ | HTTP_TEXT)

/* A position in millionths of a degree (the browser's geolocation):
 * check-in by location (geo.h), or a place's location. */
#define POSITION                                                               \
	HTTP_B_INT("lat_e6", -90000000, 90000000, 0),                          \
	HTTP_B_INT("lon_e6", -180000000, 180000000, 0)
static const http_input in_id[] = { HTTP_P_ID("id"), HTTP_INPUT_END };
static const http_input in_id_reason[] = { HTTP_P_ID("id"), REASON, HTTP_INPUT_END };
/* The sort keys views_more.c maps to SQL (activity_orders). */
static const char *const activity_sorts[] = { "starts_at", "id", "title", "status",
					       "division_code", NULL };
static const http_input in_activities[] = {
	HTTP_Q_PAGE(VOL_PAGE_MAX), HTTP_Q_SORT(activity_sorts), HTTP_INPUT_END
};
static const http_input in_register[] = {
	HTTP_B_IDNUM("id_number", HTTP_REQ),
	HTTP_B_STR("division_code", 12, 0),
	HTTP_B_STR("skills", 200, HTTP_REQ),
	HTTP_B_STR("areas", 200, 0),
	HTTP_B_INT("weekdays", 0, 127, 0),
	HTTP_B_STR("hours", 11, 0),
	HTTP_B_INT("org_id", 1, INT64_MAX, 0),
	HTTP_B_STR("team", 60, 0),
	HTTP_B_IDNUM("guardian_id_number", 0),
	HTTP_B_BOOL("guardian_consent", 0),
	REASON,
	HTTP_INPUT_END
};
/* The sort keys views.c maps to SQL (volunteer_orders, order_orders). */
static const char *const volunteer_sorts[] = { "id", "name", "registered_on", "status",
					       "open_orders", NULL };
static const char *const order_sorts[] = { "id", "wanted_on", "state", "created_at",
					   "service_code", NULL };
static const http_input in_list[] = {
	HTTP_Q_PAGE(VOL_PAGE_MAX), HTTP_Q_STR("division", 12), HTTP_Q_ENUM("status", statuses),
	HTTP_Q_STR("skill", 20), HTTP_Q_STR("q", 60), HTTP_Q_SORT(volunteer_sorts), HTTP_INPUT_END
};
static const http_input in_status[] = {
	HTTP_P_ID("id"), HTTP_B_ENUM("status", set_statuses, HTTP_REQ), REASON, HTTP_INPUT_END
};
static const http_input in_link[] = {
	HTTP_P_ID("id"), HTTP_B_STR("login", 32, HTTP_REQ), REASON, HTTP_INPUT_END
};
static const http_input in_cert[] = {
	HTTP_P_ID("id"), HTTP_B_STR("title", 120, HTTP_REQ), HTTP_B_STR("issuer", 120, HTTP_REQ),
	HTTP_B_DATE("issued_on", HTTP_REQ), HTTP_B_DATE("valid_to", 0), HTTP_INPUT_END
};
static const http_input in_org[] = {
	HTTP_B_STR("name", 120, HTTP_REQ), HTTP_B_STR("division_code", 12, HTTP_REQ),
	HTTP_B_STR("services", 200, 0), REASON, HTTP_INPUT_END
};
static const http_input in_movements[] = {
	HTTP_Q_PAGE(VOL_PAGE_MAX), HTTP_Q_ENUM("kind", move_kinds), HTTP_INPUT_END
};
static const http_input in_exchange[] = {
	HTTP_P_ID("id"), HTTP_B_STR("service_code", 32, HTTP_REQ),
	HTTP_B_INT("minutes", 1, 1000000, HTTP_REQ), REASON, HTTP_INPUT_END
};
static const http_input in_transfer[] = {
	HTTP_P_ID("id"), HTTP_B_INT("person_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_B_INT("minutes", 1, 1000000, HTTP_REQ), REASON, HTTP_INPUT_END
};
static const http_input in_order_create[] = {
	HTTP_B_INT("person_id", 1, INT64_MAX, HTTP_REQ), HTTP_B_STR("service_code", 32, HTTP_REQ),
	HTTP_B_ENUM("source", sources, 0), HTTP_B_DATE("wanted_on", HTTP_REQ),
	HTTP_B_STR("note", 500, HTTP_TEXT), POSITION, HTTP_INPUT_END
};
static const http_input in_orders[] = {
	HTTP_Q_PAGE(VOL_PAGE_MAX), HTTP_Q_STR("division", 12), HTTP_Q_ENUM("state", order_states),
	HTTP_Q_SORT(order_sorts), HTTP_INPUT_END
};
static const http_input in_code[] = {
	HTTP_P_ID("id"), HTTP_B_STR("code", 12, 0), POSITION, HTTP_INPUT_END
};
static const http_input in_checkout[] = { HTTP_P_ID("id"), POSITION, HTTP_INPUT_END };
static const http_input in_rate[] = {
	HTTP_P_ID("id"), HTTP_B_INT("rating", 1, 5, HTTP_REQ), HTTP_B_STR("note", 500, HTTP_TEXT),
	HTTP_INPUT_END
};
static const http_input in_pairing[] = {
	HTTP_B_INT("volunteer_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_B_INT("person_id", 1, INT64_MAX, HTTP_REQ), HTTP_B_INT("visits_per_month", 1, 8, 0),
	HTTP_B_DATE("started_on", HTTP_REQ), REASON, HTTP_INPUT_END
};
static const char *const pairing_sorts[] = { "id", "started_on", "status", "visits_per_month",
					     NULL };
static const http_input in_pairings[] = {
	HTTP_Q_PAGE(VOL_PAGE_MAX), HTTP_Q_ENUM("status", pairing_statuses),
	HTTP_Q_SORT(pairing_sorts), HTTP_INPUT_END
};
static const http_input in_visit[] = {
	HTTP_P_ID("id"), HTTP_B_DATE("wanted_on", HTTP_REQ), HTTP_B_STR("note", 500, HTTP_TEXT),
	POSITION, HTTP_INPUT_END
};
static const http_input role_fields[] = {
	HTTP_B_STR("role", 40, HTTP_REQ), HTTP_B_INT("needed", 1, 500, HTTP_REQ),
	HTTP_B_STR("skill", 20, 0), HTTP_INPUT_END
};
static const http_input role_item[] = { HTTP_I_OBJ(role_fields), HTTP_INPUT_END };
static const http_input in_activity[] = {
	HTTP_B_STR("title", 120, HTTP_REQ), HTTP_B_STR("division_code", 12, HTTP_REQ),
	HTTP_B_STR("place", 200, HTTP_REQ), HTTP_B_INT("starts_at", 1, INT64_MAX, HTTP_REQ),
	HTTP_B_INT("ends_at", 1, INT64_MAX, HTTP_REQ), HTTP_B_INT("org_id", 1, INT64_MAX, 0),
	HTTP_B_ARR("roles", role_item, 1, 20, HTTP_REQ), POSITION, HTTP_INPUT_END
};
static const http_input in_signup[] = {
	HTTP_P_ID("id"), HTTP_B_STR("role", 40, HTTP_REQ), HTTP_B_INT("volunteer_id", 1, INT64_MAX, 0),
	HTTP_INPUT_END
};
static const http_input in_activity_check[] = {
	HTTP_P_ID("id"), HTTP_B_STR("code", 12, 0), HTTP_B_INT("volunteer_id", 1, INT64_MAX, 0),
	POSITION, HTTP_INPUT_END
};
static const http_input in_confirm[] = {
	HTTP_P_ID("id"), HTTP_B_INT("volunteer_id", 1, INT64_MAX, HTTP_REQ), HTTP_INPUT_END
};

#define V "/api/v1/volunteer"
const http_route volunteer_routes[] = {
	{ "GET", V "/services", api_vol_services, READ | VOLUNTEER, 0, "The service catalogue residents order from", NONE, .response = &oas_volunteer_services },
	{ "GET", V "/me", api_vol_me, VOLUNTEER, 0, "The calling volunteer: record, balance, offers and orders", NONE, .response = &oas_volunteer_me },
	{ "GET", V "/orgs", api_vol_orgs_list, READ, 0, "Volunteer service organisations in scope", NONE, .response = &oas_volunteer_orgs },
	{ "POST", V "/orgs", api_vol_org_create, OFFICE, 0, "Register a volunteer service organisation", in_org, .response = &oas_staff_kin_post },
	{ "GET", V "/volunteers", api_vol_list, READ, 0, "Volunteers in scope (?division, status, skill, q)", in_list, .response = &oas_volunteer_volunteers },
	{ "POST", V "/volunteers", api_vol_register, WRITE, 0, "Register a volunteer (ID number; guardian's consent under 18)", in_register, .response = &oas_volunteer_volunteers_post },
	{ "GET", V "/volunteers/:id", api_vol_get, READ | VOLUNTEER, 0, "One volunteer with account, certificates, pairings", in_id, .response = &oas_volunteer_volunteers_post },
	{ "POST", V "/volunteers/:id/status", api_vol_status, WRITE, 0, "Suspend, reactivate or close a volunteer", in_status, .response = &oas_volunteer_volunteers_post },
	{ "POST", V "/volunteers/:id/login", api_vol_link, OFFICE, 0, "Link a service_provider login to act as the volunteer", in_link, .response = &oas_volunteer_volunteers_post },
	{ "POST", V "/volunteers/:id/certificates", api_vol_certificate, WRITE, 0, "Record a training certificate", in_cert, .response = &oas_volunteer_volunteers_post },
	{ "POST", V "/volunteers/:id/exchanges", api_vol_exchange, WRITE | VOLUNTEER, 0, "Exchange points for a service (from 100 hours of service)", in_exchange, .response = &oas_volunteer_movement_created },
	{ "POST", V "/volunteers/:id/transfers", api_vol_transfer, WRITE | VOLUNTEER, 0, "Transfer points to a member of the volunteer's household", in_transfer, .response = &oas_volunteer_movement_created },
	{ "GET", V "/accounts/:id", api_vol_account_get, READ | VOLUNTEER, 0, "A time-bank account with its movements", in_id, .response = &oas_volunteer_account },
	{ "GET", V "/movements", api_vol_movements, READ, 0, "Ledger movements in scope", in_movements, .response = &oas_volunteer_movements },
	{ "POST", V "/movements/:id/reverse", api_vol_movement_reverse, OFFICE, 0, "Correct a movement by a reversing movement (reason required)", in_id_reason, .response = &oas_volunteer_movement_reverse_post },
	{ "GET", V "/ledger/check", api_vol_ledger_check, ROLE_CITY_ADMIN | ROLE_AUDITOR, 0, "Prove the ledger: balances equal their postings, the bank's total is zero", NONE, .response = &oas_volunteer_ledger_check },
	{ "GET", V "/service-orders", api_vol_order_list, READ | VOLUNTEER, 0, "Service orders in scope (a volunteer: its offers and orders)", in_orders, .response = &oas_volunteer_service_orders },
	{ "POST", V "/service-orders", api_vol_order_create, WRITE, 0, "Order a service for a resident: dispatched at once", in_order_create, .response = &oas_volunteer_service_orders_post },
	{ "GET", V "/service-orders/:id", api_vol_order_get, READ | VOLUNTEER, 0, "One order (a volunteer sees the resident's contact only once accepted)", in_id, .response = &oas_volunteer_service_order },
	{ "POST", V "/service-orders/:id/accept", api_vol_order_accept, VOLUNTEER, 0, "Accept the order offered (within the time limit)", in_id, .response = &oas_volunteer_service_order_accept_post },
	{ "POST", V "/service-orders/:id/decline", api_vol_order_decline, VOLUNTEER, 0, "Decline the order offered: it goes to the next volunteer", in_id_reason, .response = &oas_volunteer_service_order_decline_post },
	{ "POST", V "/service-orders/:id/checkin", api_vol_order_checkin, WRITE | VOLUNTEER, 0, "Check in at the resident's with the order's code or a position within the radius", in_code, .response = &oas_volunteer_service_order_accept_post },
	{ "POST", V "/service-orders/:id/checkout", api_vol_order_checkout, WRITE | VOLUNTEER, 0, "Check out: the minutes served (a position sent must be within the radius)", in_checkout, .response = &oas_volunteer_service_order_checkout_post },
	{ "POST", V "/service-orders/:id/rate", api_vol_order_rate, WRITE, 0, "The resident's rating: confirms the service, credits the hours", in_rate, .response = &oas_volunteer_service_orders_post },
	{ "POST", V "/service-orders/:id/cancel", api_vol_order_cancel, WRITE, 0, "Cancel an order not yet in service", in_id_reason, .response = &oas_volunteer_service_order_accept_post },
	{ "GET", V "/pairings", api_vol_pairing_list, READ, 0, "老伙伴 pairings in scope with this month's visits", in_pairings, .response = &oas_volunteer_pairings },
	{ "POST", V "/pairings", api_vol_pairing_create, WRITE, 0, "Pair a volunteer with an elder for regular visits", in_pairing, .response = &oas_staff_kin_post },
	{ "POST", V "/pairings/:id/end", api_vol_pairing_end, WRITE, 0, "End a pairing", in_id_reason, .response = &oas_volunteer_pairing_end },
	{ "POST", V "/pairings/:id/visits", api_vol_pairing_visit, WRITE, 0, "Plan a visit: an order straight to the paired volunteer", in_visit, .response = &oas_volunteer_service_orders_post },
	{ "GET", V "/activities", api_vol_activity_list, READ | VOLUNTEER, 0, "Activities (staff: in scope; volunteers: the city's)", in_activities, .response = &oas_volunteer_activities },
	{ "POST", V "/activities", api_vol_activity_create, WRITE, 0, "Create an activity with roles and numbers needed", in_activity, .response = &oas_volunteer_activity },
	{ "GET", V "/activities/:id", api_vol_activity_get, READ | VOLUNTEER, 0, "One activity with roles, sign-ups (and the check-in code for staff)", in_id, .response = &oas_volunteer_activity },
	{ "POST", V "/activities/:id/signups", api_vol_activity_signup, WRITE | VOLUNTEER, 0, "Sign up for a role", in_signup, .response = &oas_volunteer_activity },
	{ "POST", V "/activities/:id/checkin", api_vol_activity_checkin, WRITE | VOLUNTEER, 0, "Check in at the place with its code or a position within the radius", in_activity_check, .response = &oas_volunteer_activity },
	{ "POST", V "/activities/:id/checkout", api_vol_activity_checkout, WRITE | VOLUNTEER, 0, "Check out with the code or a position within the radius", in_activity_check, .response = &oas_volunteer_activity },
	{ "POST", V "/activities/:id/confirm", api_vol_activity_confirm, WRITE, 0, "Confirm a volunteer's time: credited to the account", in_confirm, .response = &oas_volunteer_activity },
	{ NULL, NULL, NULL, 0, 0, NULL, NULL },
};
