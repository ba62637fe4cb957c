/* routes.c - the eldercare domain's HTTP routes, concatenated by http/routes.c.
 * Roles say who may call; scope is enforced inside every domain call. */
#include "access/access.h"
#include "domains/eldercare/eldercare_api.h"
#include "http/server.h"

#define ADMINS (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER)
#define EC_READ (ROLE_STAFF | ROLE_AUDITOR)
#define EC_WRITE ROLE_STAFF
#define EC_PROVIDER_READ (ROLE_STAFF | ROLE_AUDITOR | ROLE_SERVICE_PROVIDER)
#define EC_PROVIDER_WRITE (ROLE_STAFF | ROLE_SERVICE_PROVIDER)
#define EC_OFFICE (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_STREET_CASEWORKER)

const http_route eldercare_routes[] = {
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
	{ NULL }
};
