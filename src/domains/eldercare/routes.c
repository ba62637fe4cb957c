/* routes.c - the eldercare domain's HTTP routes, concatenated by http/routes.c.
 * Roles say who may call; scope is enforced inside every domain call. */
#include "access/access.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/eldercare_api.h"
#include "http/list_sort.h"
#include "http/server.h"
#include "http/openapi_schemas.h"

#define ADMINS (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER)
#define EC_READ (ROLE_STAFF | ROLE_AUDITOR)
#define EC_WRITE ROLE_STAFF
#define EC_PROVIDER_READ (ROLE_STAFF | ROLE_AUDITOR | ROLE_SERVICE_PROVIDER)
#define EC_PROVIDER_WRITE (ROLE_STAFF | ROLE_SERVICE_PROVIDER)
#define EC_OFFICE (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_STREET_CASEWORKER)


/* ---- inputs (http/inputs.h), checked before each handler; the domain
 * keeps the checks that need the database, the parameters or the clock. ---- */

static const char *const assess_purposes[] = { "initial", "periodic", "change", "review", NULL };
static const char *const provider_kinds[] = { "canteen", "care_home", "home_care", "emergency_call",
					       "mixed", NULL };
static const char *const canteen_statuses[] = { "open", "closed", NULL };
static const char *const meal_modes[] = { "dine_in", "delivery", NULL };
static const char *const meal_slots[] = { "breakfast", "lunch", "dinner", NULL };
static const char *const device_kinds[] = { "landline", "pendant", "watch", "app", NULL };
static const char *const call_kinds[] = { "emergency", "consultation", "checkin", NULL };
static const char *const call_statuses[] = { "open", "dispatched", "closed", NULL };
static const char *const alert_statuses[] = { "open", "closed", NULL };
static const char *const dispatch_targets[] = { "contact", "community_worker", "emergency_service",
						 NULL };
static const char *const offer_answers[] = { "accept", "decline", NULL };
static const char *const visitor_kinds[] = { "community_worker", "volunteer", NULL };

#define REASON HTTP_B_STR("reason", 500, HTTP_REQ | HTTP_TEXT)

static const http_input in_id[] = { HTTP_P_ID("id"), HTTP_INPUT_END };
static const http_input in_division[] = { HTTP_Q_STR("division", 12), HTTP_INPUT_END };
static const http_input in_month_division[] = {
	HTTP_Q_MONTH("month"), HTTP_Q_STR("division", 12), HTTP_INPUT_END
};
/* The assessment is one of the person's (the person is the record the
 * scope is checked on); without assessment_id, the latest. */
static const http_input in_assessment_report[] = {
	HTTP_P_ID("id"), HTTP_Q_INT("assessment_id", 1, INT64_MAX), HTTP_INPUT_END
};
static const http_input in_id_reason[] = { HTTP_P_ID("id"), REASON, HTTP_INPUT_END };

static const http_input in_param_set[] = {
	HTTP_B_STR("name", 48, HTTP_REQ),
	HTTP_B_STR("division_code", 12, 0),
	HTTP_B_DATE("valid_from", HTTP_REQ),
	HTTP_B_STR("value", 255, HTTP_REQ),
	HTTP_B_STR("source", 300, HTTP_REQ | HTTP_TEXT),
	REASON,
	HTTP_INPUT_END
};
/* on: the standard in force on that day (an assessment made before
 * 2022-12-30 is scored under MZ/T 039-2013). */
static const http_input in_assess_standard[] = {
	HTTP_Q_STR("code", 40), HTTP_Q_DATE("on"), HTTP_INPUT_END
};
/* items: {item code: score}; conditions: {condition: value}; both checked
 * against the standard in force by assess_score.c. */
static const http_input in_assess_score[] = {
	HTTP_B_OBJ("items", NULL, HTTP_REQ),
	HTTP_B_OBJ("conditions", NULL, 0),
	HTTP_B_DATE("on", 0), /* score under the standard in force that day (default today) */
	HTTP_INPUT_END
};
/* The sort keys assess.c maps to SQL. */
static const char *const assess_due_sorts[] = { "due_on", "name", "birth_date", "division_code",
						 "level", NULL };
static const http_input in_assess_due[] = {
	HTTP_Q_PAGE(EC_PAGE_MAX), HTTP_Q_DATE("by"), HTTP_Q_STR("division", 12),
	HTTP_Q_SORT(assess_due_sorts), HTTP_INPUT_END
};
static const http_input in_assess_create[] = {
	HTTP_P_ID("id"),
	HTTP_B_DATE("assessed_on", HTTP_REQ),
	HTTP_B_STR("assessor", 60, HTTP_REQ),
	HTTP_B_STR("assessor2", 60, 0),
	HTTP_B_STR("location", 200, HTTP_REQ),
	HTTP_B_ENUM("purpose", assess_purposes, HTTP_REQ),
	HTTP_B_OBJ("items", NULL, HTTP_REQ),
	HTTP_B_OBJ("conditions", NULL, 0),
	HTTP_INPUT_END
};
static const http_input in_assess_change[] = {
	HTTP_P_ID("id"),
	HTTP_B_DATE("reported_on", HTTP_REQ),
	HTTP_B_STR("description", 1000, HTTP_REQ | HTTP_TEXT),
	HTTP_INPUT_END
};
static const http_input in_category_add[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("category", 32, HTTP_REQ),
	HTTP_B_DATE("valid_from", HTTP_REQ),
	HTTP_B_DATE("valid_to", 0),
	HTTP_B_STR("source", 64, 0),
	HTTP_B_STR("note", 300, HTTP_TEXT),
	REASON,
	HTTP_INPUT_END
};
static const http_input in_category_end[] = {
	HTTP_P_ID("id"), HTTP_B_DATE("valid_to", HTTP_REQ), REASON, HTTP_INPUT_END
};
static const http_input in_person_meals[] = { HTTP_P_ID("id"), HTTP_Q_MONTH("month"), HTTP_INPUT_END };
/* The sort keys each list maps to SQL (providers.c, canteen.c, settle.c,
 * calls.c, calls_board.c). */
static const char *const provider_sorts[] = { "id", "name", "kind", "division_code", "status",
					       "canteens", NULL };
static const char *const canteen_sorts[] = { "id", "name", "division_code", "provider",
					      "capacity", "status", NULL };
static const char *const settlement_sorts[] = { "canteen_id", "canteen_name", "division_code",
						 "meals", "subsidy_fen", "paid_fen", "status", NULL };
static const char *const subscriber_sorts[] = { "id", "started_on", "device_kind",
						 "subsidy_category", "fee_fen", "division_code", NULL };
static const char *const alert_sorts[] = { "day", "id", "status", "raised_at", "division_code",
					    NULL };
static const http_input in_providers_list[] = {
	HTTP_Q_PAGE(EC_PAGE_MAX), HTTP_Q_STR("kind", 20), HTTP_Q_SORT(provider_sorts), HTTP_INPUT_END
};
static const http_input in_canteens_list[] = {
	HTTP_Q_PAGE(EC_PAGE_MAX), HTTP_Q_STR("division", 12), HTTP_Q_SORT(canteen_sorts),
	HTTP_INPUT_END
};
static const http_input in_subscribers_list[] = {
	HTTP_Q_PAGE(EC_PAGE_MAX), HTTP_Q_STR("division", 12), HTTP_Q_SORT(subscriber_sorts),
	HTTP_INPUT_END
};
static const http_input in_provider_create[] = {
	HTTP_B_STR("name", 120, HTTP_REQ),
	HTTP_B_ENUM("kind", provider_kinds, HTTP_REQ),
	HTTP_B_STR("division_code", 12, HTTP_REQ),
	HTTP_B_STR("contact", 60, 0),
	HTTP_B_STR("phone", 30, 0),
	REASON,
	HTTP_INPUT_END
};
static const http_input in_provider_link[] = {
	HTTP_P_ID("id"), HTTP_B_STR("login", 64, HTTP_REQ), REASON, HTTP_INPUT_END
};
static const http_input in_canteen_create[] = {
	HTTP_B_INT("provider_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_B_STR("name", 120, HTTP_REQ),
	HTTP_B_STR("address", 300, HTTP_REQ),
	HTTP_B_STR("division_code", 12, HTTP_REQ),
	HTTP_B_NUM("lat", 22.4, 24.1, HTTP_REQ), /* degrees, within Guangzhou's box */
	HTTP_B_NUM("lon", 112.9, 114.1, HTTP_REQ),
	HTTP_B_STR("hours", 100, HTTP_REQ), /* "10:30-13:30,16:30-18:30" */
	HTTP_B_INT("capacity", 1, 10000, HTTP_REQ),
	HTTP_B_INT("delivery_radius_m", 0, 50000, 0),
	HTTP_B_BOOL("confirm_duplicate", 0), /* register although one has the same name and address */
	REASON,
	HTTP_INPUT_END
};
/* Only these may change; canteen.c refuses any other field by name. */
static const http_input in_canteen_update[] = {
	HTTP_P_ID("id"),
	HTTP_B_STR("name", 120, 0),
	HTTP_B_STR("address", 300, 0),
	HTTP_B_STR("hours", 100, 0),
	HTTP_B_INT("capacity", 1, 10000, 0),
	HTTP_B_INT("delivery_radius_m", 0, 50000, 0),
	HTTP_B_ENUM("status", canteen_statuses, 0),
	REASON,
	HTTP_INPUT_END
};
/* One of id_number and card_code identifies the elder (meal.c). */
static const http_input in_meal_checkin[] = {
	HTTP_P_ID("id"),
	HTTP_B_IDNUM("id_number", 0),
	HTTP_B_STR("card_code", 40, 0),
	HTTP_B_ENUM("mode", meal_modes, 0),
	HTTP_B_ENUM("slot", meal_slots, 0),
	HTTP_B_BOOL("full_price", 0),
	HTTP_B_STR("override_reason", 200, HTTP_TEXT), /* outside the hours: staff only */
	HTTP_INPUT_END
};
static const http_input in_meal_cancel[] = {
	HTTP_P_ID("id"), HTTP_B_STR("reason", 200, HTTP_REQ | HTTP_TEXT), HTTP_INPUT_END
};
static const http_input in_meal_correct[] = {
	HTTP_P_ID("id"),
	HTTP_B_ENUM("mode", meal_modes, 0),
	HTTP_B_ENUM("slot", meal_slots, 0),
	HTTP_B_STR("reason", 200, HTTP_REQ | HTTP_TEXT),
	HTTP_INPUT_END
};
static const char *const meal_sorts[] = { "at", "slot", "tier", "price_fen", "subsidy_fen",
					   "paid_fen", NULL };
static const http_input in_meal_list[] = {
	HTTP_P_ID("id"), HTTP_Q_PAGE(EC_PAGE_MAX), HTTP_Q_DATE("day"),
	HTTP_Q_ENUM("slot", meal_slots), HTTP_Q_ENUM("mode", meal_modes),
	HTTP_Q_SORT(meal_sorts), HTTP_INPUT_END
};
static const http_input in_settlement_compute[] = {
	HTTP_P_ID("id"), HTTP_B_MONTH("month", HTTP_REQ), HTTP_INPUT_END
};
static const http_input in_settlement_confirm[] = {
	HTTP_P_ID("id"), HTTP_P_MONTH("month"), REASON, HTTP_INPUT_END
};
static const http_input in_settlement_list[] = {
	HTTP_Q_PAGE(EC_PAGE_MAX), HTTP_Q_MONTH("month"), HTTP_Q_STR("division", 12),
	HTTP_Q_SORT(settlement_sorts), HTTP_INPUT_END
};
static const http_input in_contact[] = {
	HTTP_B_STR("name", 60, HTTP_REQ),
	HTTP_B_STR("phone", 30, HTTP_REQ),
	HTTP_B_STR("relation", 30, HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_contact_item[] = { HTTP_I_OBJ(in_contact) };
static const http_input in_subscriber_create[] = {
	HTTP_B_ENUM("device_kind", device_kinds, HTTP_REQ),
	HTTP_B_STR("device_code", 40, HTTP_REQ),
	HTTP_B_FEN("fee_fen", 1000000, HTTP_REQ), /* the monthly fee */
	HTTP_B_DATE("started_on", HTTP_REQ),
	HTTP_B_ARR("contacts", in_contact_item, 1, 5, HTTP_REQ),
	REASON,
	HTTP_B_INT("provider_id", 1, INT64_MAX, 0),
	HTTP_B_INT("person_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_B_BOOL("daily_checkin", 0),
	HTTP_INPUT_END
};
static const http_input in_subscriber_end[] = {
	HTTP_P_ID("id"), HTTP_B_DATE("ended_on", HTTP_REQ), REASON, HTTP_INPUT_END
};
static const char *const call_sorts[] = { "received_at", "id", NULL };
static const http_input in_call_list[] = {
	HTTP_Q_PAGE(EC_PAGE_MAX),
	HTTP_Q_SORT(call_sorts),
	HTTP_Q_STR("division", 12),
	HTTP_Q_ENUM("status", call_statuses),
	HTTP_Q_ENUM("kind", call_kinds),
	HTTP_Q_DATE("day"),
	HTTP_INPUT_END
};
static const http_input in_call_create[] = {
	HTTP_B_ENUM("kind", call_kinds, HTTP_REQ),
	HTTP_B_INT("received_at", 1, INT64_MAX / 2, 0), /* Unix seconds; not in the future */
	HTTP_B_STR("location", 300, 0),
	HTTP_B_STR("summary", 1000, HTTP_TEXT),
	HTTP_B_NUM("lat", -90, 90, 0),
	HTTP_B_NUM("lon", -180, 180, 0),
	HTTP_B_INT("subscriber_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_call_dispatch[] = {
	HTTP_P_ID("id"),
	HTTP_B_ENUM("to", dispatch_targets, HTTP_REQ),
	HTTP_B_STR("note", 500, HTTP_TEXT),
	HTTP_INPUT_END
};
static const http_input in_call_close[] = {
	HTTP_P_ID("id"), HTTP_B_STR("outcome", 500, HTTP_REQ | HTTP_TEXT), HTTP_INPUT_END
};
static const http_input in_checkin_sweep[] = {
	HTTP_B_INT("as_of", 1, INT64_MAX / 2, 0), /* Unix seconds; default now */
	HTTP_B_DATE("day", 0),                    /* default: yesterday of as_of */
	HTTP_INPUT_END
};
static const http_input in_alert_list[] = {
	HTTP_Q_PAGE(EC_PAGE_MAX), HTTP_Q_ENUM("status", alert_statuses), HTTP_Q_SORT(alert_sorts),
	HTTP_INPUT_END
};
static const http_input in_alert_close[] = {
	HTTP_P_ID("id"), HTTP_B_STR("note", 500, HTTP_REQ | HTTP_TEXT), HTTP_INPUT_END
};
static const http_input in_home_create[] = {
	HTTP_B_STR("name", 120, HTTP_REQ),
	HTTP_B_STR("division_code", 12, HTTP_REQ),
	HTTP_B_STR("address", 300, 0),
	HTTP_B_INT("beds_total", 0, 100000, HTTP_REQ),
	REASON,
	HTTP_B_INT("provider_id", 1, INT64_MAX, 0),
	HTTP_INPUT_END
};
static const http_input in_vacancy_create[] = {
	HTTP_P_ID("id"),
	HTTP_B_DATE("freed_on", HTTP_REQ),
	HTTP_B_STR("note", 500, HTTP_TEXT),
	HTTP_INPUT_END
};
static const http_input in_home_id_item[] = { HTTP_I_INT(1, INT64_MAX) };
static const http_input in_wait_apply[] = {
	HTTP_B_DATE("applied_on", HTTP_REQ),
	REASON,
	HTTP_B_ARR("homes", in_home_id_item, 1, 5, HTTP_REQ), /* in order of preference */
	HTTP_B_STR("note", 500, HTTP_TEXT),
	HTTP_B_INT("person_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_INPUT_END
};
static const http_input in_offer_decide[] = {
	HTTP_P_ID("id"), HTTP_B_ENUM("answer", offer_answers, HTTP_REQ), REASON, HTTP_INPUT_END
};
static const http_input in_offer_expire[] = {
	HTTP_B_INT("as_of", 1, INT64_MAX / 2, 0), HTTP_INPUT_END
};
static const http_input in_visit_create[] = {
	HTTP_B_DATE("visited_on", HTTP_REQ),
	HTTP_B_ENUM("visitor_kind", visitor_kinds, HTTP_REQ),
	HTTP_B_STR("visitor", 60, HTTP_REQ),
	HTTP_B_STR("findings", 2000, HTTP_TEXT),
	HTTP_B_BOOL("needs_followup", 0),
	HTTP_B_INT("person_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_INPUT_END
};
static const char *const visit_due_sorts[] = { "name", "birth_date", "division_code",
						"last_visit", NULL };
static const http_input in_visit_due[] = {
	HTTP_Q_PAGE(EC_PAGE_MAX),
	HTTP_Q_INT("overdue", 0, 1),
	HTTP_Q_STR("division", 12),
	HTTP_Q_MONTH("month"),
	HTTP_Q_SORT(visit_due_sorts),
	HTTP_INPUT_END
};
static const http_input in_service_item[] = { HTTP_I_STR(40) };
static const http_input in_bed_create[] = {
	HTTP_B_STR("contract_no", 40, HTTP_REQ),
	HTTP_B_INT("visits_per_week", 1, 21, HTTP_REQ),
	HTTP_B_ARR("services", in_service_item, 1, 20, HTTP_REQ),
	HTTP_B_DATE("start_on", HTTP_REQ),
	HTTP_B_DATE("end_on", 0),
	REASON,
	HTTP_B_INT("person_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_B_INT("provider_id", 1, INT64_MAX, HTTP_REQ),
	HTTP_INPUT_END
};
/* The sort keys homecare.c maps to SQL. */
static const char *const bed_sorts[] = { "id", "contract_no", "start_on", "visits_per_week",
					  "level", "division_code", NULL };
static const http_input in_beds_list[] = {
	HTTP_Q_PAGE(EC_PAGE_MAX), HTTP_Q_SORT(bed_sorts), HTTP_INPUT_END
};
static const http_input in_bed_missing[] = { HTTP_Q_DATE("as_of"), HTTP_INPUT_END };
static const http_input in_bed_visit[] = {
	HTTP_P_ID("id"),
	HTTP_B_INT("started_at", 1, INT64_MAX / 2, HTTP_REQ), /* Unix seconds */
	HTTP_B_INT("ended_at", 1, INT64_MAX / 2, HTTP_REQ),   /* within 12 hours of the start */
	HTTP_B_STR("staff", 60, HTTP_REQ),
	HTTP_B_ARR("services", in_service_item, 1, 20, HTTP_REQ), /* from the care plan */
	HTTP_B_STR("note", 500, HTTP_TEXT),
	HTTP_INPUT_END
};
static const http_input in_month[] = { HTTP_Q_MONTH("month"), HTTP_INPUT_END };
static const http_input in_bed_end[] = {
	HTTP_P_ID("id"), HTTP_B_DATE("end_on", HTTP_REQ), REASON, HTTP_INPUT_END
};
#define NONE http_no_inputs

const http_route eldercare_routes[] = {
	{ "GET", "/api/v1/eldercare/params", api_ec_params_list, EC_READ, 0, "Elderly-care parameters with every dated value", NONE, .response = &oas_eldercare_params },
	{ "POST", "/api/v1/eldercare/params", api_ec_param_set, ADMINS, 0, "Add a dated parameter value (reason and source required)", in_param_set, .response = &oas_eldercare_params },
	{ "GET", "/api/v1/eldercare/assessment-standard", api_ec_assess_standard, ROLE_ANY, 0, "The ability-assessment standard in force (today or ?on=): items, ranges, levels, grades, combinations, rules", in_assess_standard, .response = &oas_eldercare_assessment_standard },
	{ "POST", "/api/v1/eldercare/assessments/score", api_ec_assess_score, ROLE_ANY, 0, "Score items and conditions without storing (preview)", in_assess_score, .response = &oas_eldercare_assessments_score_post },
	{ "GET", "/api/v1/eldercare/assessments/due", api_ec_assess_due, EC_READ, 0, "Persons whose re-assessment is due by ?by= (periodic or after a change)", in_assess_due, .response = &oas_eldercare_assessments_due },
	{ "GET", "/api/v1/eldercare/persons/:id/assessments", api_ec_assess_history, EC_READ, 0, "A person's assessments, current level and due date", in_id, .response = &oas_eldercare_person_assessments },
	{ "POST", "/api/v1/eldercare/persons/:id/assessments", api_ec_assess_create, EC_WRITE, 0, "Record an assessment (every item, assessor, date, place)", in_assess_create, .response = &oas_eldercare_person_assessments_post },
	{ "POST", "/api/v1/eldercare/persons/:id/assessment-changes", api_ec_assess_change, EC_WRITE, 0, "Report a change in condition: a re-assessment falls due", in_assess_change, .response = &oas_eldercare_person_assessment_changes_post },
	{ "GET", "/api/v1/eldercare/persons/:id/categories", api_ec_categories_list, EC_READ, 0, "A person's assistance categories (elder_categories)", in_id, .response = &oas_eldercare_person_categories },
	{ "POST", "/api/v1/eldercare/persons/:id/categories", api_ec_category_add, EC_WRITE, 0, "Record an assistance category with its dates and source", in_category_add, .response = &oas_eldercare_person_categories_post },
	{ "POST", "/api/v1/eldercare/categories/:id/end", api_ec_category_end, EC_WRITE, 0, "End a category record", in_category_end, .response = &oas_eldercare_category_end },
	{ "POST", "/api/v1/eldercare/persons/:id/cards", api_ec_card_issue, EC_WRITE, 0, "Issue an elder card (the previous one is cancelled)", in_id_reason, .response = &oas_eldercare_person_cards_post },
	{ "GET", "/api/v1/eldercare/persons/:id/card.pdf", api_ec_card_pdf, EC_WRITE, 0, "The person's active elder card as PDF, with the QR code of the card code the canteen counter accepts; recorded and audited, a second print of the same card is a reprint", in_id, .response = &oas_eldercare_person_card_pdf },
	{ "GET", "/api/v1/eldercare/persons/:id/assessment-report", api_ec_assessment_report, EC_WRITE, 0, "The printable report of one of the person's ability assessments (?assessment_id=, else the latest) (items, dimensions, level, signature lines) as PDF; recorded and audited, a second copy is a reprint", in_assessment_report, .response = &oas_eldercare_person_assessment_report },
	{ "GET", "/api/v1/eldercare/persons/:id/meals", api_ec_person_meals, EC_READ, 0, "A person's canteen meals in ?month=", in_person_meals, .response = &oas_eldercare_person_meals },
	{ "GET", "/api/v1/eldercare/providers", api_ec_providers_list, EC_PROVIDER_READ, 0, "Service providers in scope (a provider user: its own)", in_providers_list, .response = &oas_eldercare_providers },
	{ "POST", "/api/v1/eldercare/providers", api_ec_provider_create, EC_WRITE, 0, "Register a service provider", in_provider_create, .response = &oas_eldercare_providers_post },
	{ "POST", "/api/v1/eldercare/providers/:id/users", api_ec_provider_link, EC_OFFICE, 0, "Link a service_provider user to the provider", in_provider_link, .response = &oas_eldercare_provider_users_post },
	{ "GET", "/api/v1/eldercare/canteens", api_ec_canteens_list, EC_PROVIDER_READ, 0, "Canteens in scope (a provider user: its own)", in_canteens_list, .response = &oas_eldercare_canteens },
	{ "POST", "/api/v1/eldercare/canteens", api_ec_canteen_create, EC_WRITE, 0, "Register a canteen", in_canteen_create, .response = &oas_eldercare_canteen },
	{ "GET", "/api/v1/eldercare/canteens/:id", api_ec_canteen_get, EC_PROVIDER_READ, 0, "One canteen", in_id, .response = &oas_eldercare_canteen },
	{ "PATCH", "/api/v1/eldercare/canteens/:id", api_ec_canteen_update, EC_WRITE, 0, "Change a canteen's hours, capacity, status (reason required)", in_canteen_update, .response = &oas_eldercare_canteen },
	{ "POST", "/api/v1/eldercare/canteens/:id/checkins", api_ec_meal_checkin, EC_PROVIDER_WRITE, 0, "Counter check-in by ID number or card code: price, subsidy, what the elder pays", in_meal_checkin, .response = &oas_eldercare_canteen_checkins_post },
	{ "POST", "/api/v1/eldercare/meals/:id/cancel", api_ec_meal_cancel, EC_PROVIDER_WRITE, 0, "Cancel today's check-in with a reason (kept whole among the cancellations; audited)", in_meal_cancel, .response = &oas_eldercare_meal_cancel_post },
	{ "PATCH", "/api/v1/eldercare/meals/:id", api_ec_meal_correct, EC_PROVIDER_WRITE, 0, "Correct today's check-in: mode and/or slot, with a reason (audited)", in_meal_correct, .response = &oas_eldercare_meal_patch },
	{ "GET", "/api/v1/eldercare/canteens/:id/meals", api_ec_meal_list, EC_PROVIDER_READ, 0, "Meals of a canteen on ?day= with the day's totals", in_meal_list, .response = &oas_eldercare_canteen_meals },
	{ "GET", "/api/v1/eldercare/canteens/:id/meals.xlsx", api_ec_meal_list_xlsx, EC_PROVIDER_READ, 0, "Meals of a canteen on ?day= as XLSX (audited)", in_meal_list, .response = &oas_eldercare_canteen_meals_xlsx },
	{ "POST", "/api/v1/eldercare/canteens/:id/settlements", api_ec_settlement_compute, EC_PROVIDER_WRITE, 0, "Compute a month's settlement (draft)", in_settlement_compute, .response = &oas_eldercare_canteen_settlements_post },
	{ "POST", "/api/v1/eldercare/canteens/:id/settlements/:month/confirm", api_ec_settlement_confirm, EC_OFFICE, 0, "Confirm a settlement after the month ends", in_settlement_confirm, .response = &oas_eldercare_canteen_settlements_post },
	{ "GET", "/api/v1/eldercare/settlements", api_ec_settlement_list, EC_PROVIDER_READ, 0, "Settlements of ?month= in scope with totals", in_settlement_list, .response = &oas_eldercare_settlements },
	{ "GET", "/api/v1/eldercare/meal-anomalies", api_ec_meal_anomalies, EC_PROVIDER_READ, 0, "Anomaly flags of ?month=: refusals, many meals, meals after death", in_month_division, .response = &oas_eldercare_meal_anomalies },
	{ "GET", "/api/v1/eldercare/coverage", api_ec_coverage, EC_READ, 0, "Nearest canteen and walking reach for every community; those outside", in_division, .response = &oas_eldercare_coverage },
	{ "GET", "/api/v1/eldercare/call-subscribers", api_ec_call_subscriber_list, EC_PROVIDER_READ, 0, "平安通 subscribers in scope (a provider user: its own)", in_subscribers_list, .response = &oas_eldercare_call_subscribers },
	{ "POST", "/api/v1/eldercare/call-subscribers", api_ec_call_subscriber_create, EC_PROVIDER_WRITE, 0, "Subscribe an elder 60+ to 平安通: device, contacts; the subsidy category is computed", in_subscriber_create, .response = &oas_eldercare_call_subscriber },
	{ "GET", "/api/v1/eldercare/call-subscribers/:id", api_ec_call_subscriber_get, EC_PROVIDER_READ, 0, "One 平安通 subscriber with contacts", in_id, .response = &oas_eldercare_call_subscriber },
	{ "POST", "/api/v1/eldercare/call-subscribers/:id/end", api_ec_call_subscriber_end, EC_PROVIDER_WRITE, 0, "End a 平安通 subscription (reason required)", in_subscriber_end, .response = &oas_eldercare_call_subscriber },
	{ "GET", "/api/v1/eldercare/calls", api_ec_call_list, EC_PROVIDER_READ, 0, "平安通 calls in scope by ?status= ?kind= ?day=", in_call_list, .response = &oas_eldercare_calls },
	{ "GET", "/api/v1/eldercare/calls.xlsx", api_ec_call_list_xlsx, EC_PROVIDER_READ, 0, "平安通 calls as XLSX (same filters; audited)", in_call_list, .response = &oas_eldercare_calls_xlsx },
	{ "POST", "/api/v1/eldercare/calls", api_ec_call_create, EC_PROVIDER_WRITE, 0, "Log a call (emergency, consultation, daily check-in)", in_call_create, .response = &oas_eldercare_calls_post },
	{ "GET", "/api/v1/eldercare/calls/board", api_ec_call_board, EC_PROVIDER_READ, 0, "The live board: open and dispatched calls, overdue ones, open missed-check-in alerts", in_division, .response = &oas_eldercare_calls_board },
	{ "GET", "/api/v1/eldercare/calls/:id", api_ec_call_get, EC_PROVIDER_READ, 0, "One call with its response and closure times", in_id, .response = &oas_eldercare_call },
	{ "POST", "/api/v1/eldercare/calls/:id/dispatch", api_ec_call_dispatch, EC_PROVIDER_WRITE, 0, "Dispatch a call to a contact, the community worker or the emergency service", in_call_dispatch, .response = &oas_eldercare_calls_post },
	{ "POST", "/api/v1/eldercare/calls/:id/respond", api_ec_call_respond, EC_PROVIDER_WRITE, 0, "Record that help reached the elder", in_id, .response = &oas_eldercare_calls_post },
	{ "POST", "/api/v1/eldercare/calls/:id/close", api_ec_call_close, EC_PROVIDER_WRITE, 0, "Close a call with its outcome", in_call_close, .response = &oas_eldercare_calls_post },
	{ "POST", "/api/v1/eldercare/call-alerts/sweep", api_ec_call_checkin_sweep, EC_WRITE, 0, "Raise missed-check-in alerts for ?day (default: yesterday of as_of)", in_checkin_sweep, .response = &oas_eldercare_call_alerts_sweep_post },
	{ "GET", "/api/v1/eldercare/call-alerts", api_ec_call_alert_list, EC_PROVIDER_READ, 0, "Missed-check-in alerts by ?status=", in_alert_list, .response = &oas_eldercare_call_alerts },
	{ "POST", "/api/v1/eldercare/call-alerts/:id/close", api_ec_call_alert_close, EC_WRITE, 0, "Close an alert with what the community found", in_alert_close, .response = &oas_eldercare_call_alert_close_post },
	{ "GET", "/api/v1/eldercare/homes", api_ec_home_list, EC_PROVIDER_READ, 0, "Open public care homes with their queue lengths", NONE, .response = &oas_eldercare_homes },
	{ "POST", "/api/v1/eldercare/homes", api_ec_home_create, EC_OFFICE, 0, "Register a public care home", in_home_create, .response = &oas_eldercare_homes_post },
	{ "GET", "/api/v1/eldercare/homes/:id/queue", api_ec_home_queue, EC_PROVIDER_READ, 0, "A home's waiting list in order with each ordering key", in_id, .response = &oas_eldercare_home_queue },
	{ "GET", "/api/v1/eldercare/homes/:id/queue.xlsx", api_ec_home_queue_xlsx, EC_PROVIDER_READ, 0, "A home's waiting list as XLSX (audited)", in_id, .response = &oas_eldercare_home_queue_xlsx },
	{ "POST", "/api/v1/eldercare/homes/:id/requeue", api_ec_home_requeue, EC_OFFICE, 0, "Re-compute a home's queue; every move explained (reason required)", in_id_reason, .response = &oas_eldercare_home_requeue },
	{ "POST", "/api/v1/eldercare/homes/:id/vacancies", api_ec_vacancy_create, EC_PROVIDER_WRITE, 0, "A bed freed: offered to the next eligible applicant with a deadline", in_vacancy_create, .response = &oas_eldercare_home_vacancies_post },
	{ "POST", "/api/v1/eldercare/wait-applications", api_ec_wait_apply, EC_WRITE, 0, "Apply for a public care home (1-5 homes in preference)", in_wait_apply, .response = &oas_eldercare_wait_application },
	{ "GET", "/api/v1/eldercare/wait-applications/:id", api_ec_wait_get, EC_READ, 0, "An application: positions and keys per home, offers, explained events", in_id, .response = &oas_eldercare_wait_application },
	{ "POST", "/api/v1/eldercare/wait-applications/:id/withdraw", api_ec_wait_withdraw, EC_WRITE, 0, "Withdraw an application (reason required)", in_id_reason, .response = &oas_eldercare_wait_application },
	{ "POST", "/api/v1/eldercare/offers/:id/decide", api_ec_offer_decide, EC_WRITE, 0, "Record the applicant's answer: accept or decline", in_offer_decide, .response = &oas_eldercare_offer_decide_post },
	{ "POST", "/api/v1/eldercare/offers/expire", api_ec_offer_expire, EC_OFFICE, 0, "Expire offers past their deadline as of ?as_of and offer the beds on", in_offer_expire, .response = &oas_eldercare_offers_expire_post },
	{ "POST", "/api/v1/eldercare/visits", api_ec_visit_create, EC_WRITE, 0, "Record a monthly visit (community worker or paired volunteer)", in_visit_create, .response = &oas_eldercare_visits_post },
	{ "GET", "/api/v1/eldercare/visits/due", api_ec_visit_due, EC_READ, 0, "Elders due a visit in ?month= with why; ?overdue=1 only those not yet visited", in_visit_due, .response = &oas_eldercare_visits_due },
	{ "GET", "/api/v1/eldercare/visits/due.xlsx", api_ec_visit_due_xlsx, EC_READ, 0, "Elders due a visit as XLSX (same filters; audited)", in_visit_due, .response = &oas_eldercare_visits_due_xlsx },
	{ "GET", "/api/v1/eldercare/visits/rates", api_ec_visit_rates, EC_READ, 0, "The month's visit rate per community (target 100%)", in_month_division, .response = &oas_eldercare_visits_rates },
	{ "GET", "/api/v1/eldercare/home-beds", api_ec_bed_list, EC_PROVIDER_READ, 0, "Active home care beds in scope (a provider user: its own)", in_beds_list, .response = &oas_eldercare_home_beds },
	{ "POST", "/api/v1/eldercare/home-beds", api_ec_bed_create, EC_WRITE, 0, "Contract a home care bed: provider, care plan (services, visits a week)", in_bed_create, .response = &oas_eldercare_home_beds_post },
	{ "POST", "/api/v1/eldercare/home-beds/:id/end", api_ec_bed_end, EC_WRITE, 0, "End a home care bed contract on end_on (reason required; audited)", in_bed_end, .response = &oas_eldercare_home_bed_end_post },
	{ "GET", "/api/v1/eldercare/home-beds/missing", api_ec_bed_missing, EC_PROVIDER_READ, 0, "Weeks with fewer visits than planned, as of ?as_of=", in_bed_missing, .response = &oas_eldercare_home_beds_missing },
	{ "POST", "/api/v1/eldercare/home-beds/:id/visits", api_ec_bed_visit, ROLE_SERVICE_PROVIDER, 0, "The provider logs a service visit: start, end, services, staff", in_bed_visit, .response = &oas_eldercare_home_bed_visits_post },
	{ "GET", "/api/v1/eldercare/dashboard", api_ec_dashboard, EC_READ, 0, "Elderly-care figures by district for ?month=: meals, subsidy, response times, waiting lists, visit rates", in_month, .response = &oas_eldercare_dashboard },
	{ "GET", "/api/v1/eldercare/dashboard.xlsx", api_ec_dashboard_xlsx, EC_READ, 0, "The elderly-care figures by district for ?month= as XLSX (audited)", in_month, .response = &oas_eldercare_dashboard_xlsx },
	{ NULL }
};
