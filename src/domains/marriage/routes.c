/* routes.c - the marriage register's HTTP routes, concatenated by
 * http/routes.c. Registration officers are district officers of the
 * office's district (and city administrators); auditors read; a street
 * caseworker does not register marriages. Scope is enforced inside every
 * domain call. */
#include "access/access.h"
#include "domains/marriage/marriage.h"
#include "domains/marriage/marriage_api.h"
#include "http/inputs.h"
#include "http/list_sort.h"
#include "http/server.h"
#include "http/openapi_schemas.h"

#define MAR_OFFICE (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER)
#define MAR_READ (ROLE_CITY_ADMIN | ROLE_DISTRICT_OFFICER | ROLE_AUDITOR)
#define REASON HTTP_B_STR("reason", 500, HTTP_REQ | HTTP_TEXT)
#define IDNO(n) HTTP_B_IDNUM(n, HTTP_REQ)

static const char *const halves[] = { "am", "pm", NULL };
static const char *const appt_kinds[] = { "marriage", "divorce", NULL };
static const char *const appt_actions[] = { "confirm", "cancel", "no_show", "done", NULL };
static const char *const mar_statuses[] = { "registered", "divorced", "void", "revoked", "ended", NULL };
static const char *const div_statuses[] = { "applied", "withdrawn", "expired", "registered", NULL };
static const char *const fields[] = { "other_province", "other_reference", "kinship_note", NULL };
static const char *const grounds[] = { "bigamy", "kinship", "under_age", "coercion",
					"concealed_illness", NULL };


static const http_input in_id[] = { HTTP_P_ID("id"), HTTP_INPUT_END };
static const http_input in_capacity[] = {
	HTTP_P_STR("code", 12), HTTP_B_INT("slot_capacity", 0, 500, HTTP_REQ), REASON, HTTP_INPUT_END
};
static const http_input in_slots[] = {
	HTTP_P_STR("code", 12), HTTP_Q_DATE("from"), HTTP_Q_INT("days", 1, 62), HTTP_INPUT_END
};
static const http_input in_book[] = {
	HTTP_B_STR("office_code", 12, HTTP_REQ), HTTP_B_DATE("day", HTTP_REQ),
	HTTP_B_ENUM("half", halves, HTTP_REQ), HTTP_B_ENUM("kind", appt_kinds, HTTP_REQ),
	IDNO("id_number_a"), IDNO("id_number_b"), HTTP_B_STR("phone", 30, 0), HTTP_INPUT_END
};
static const http_input in_appts[] = { HTTP_Q_STR("office", 12), HTTP_Q_DATE("day"), HTTP_INPUT_END };
static const http_input in_appt_set[] = {
	HTTP_P_ID("id"), HTTP_B_ENUM("action", appt_actions, HTTP_REQ),
	HTTP_B_STR("reason", 500, HTTP_TEXT), HTTP_INPUT_END
};
static const http_input in_precheck[] = { IDNO("man_id_number"), IDNO("woman_id_number"), HTTP_INPUT_END };
static const http_input in_register[] = {
	HTTP_B_STR("office_code", 12, HTTP_REQ), IDNO("man_id_number"), IDNO("woman_id_number"),
	HTTP_B_BOOL("both_present", HTTP_REQ), HTTP_B_BOOL("man_declares", HTTP_REQ),
	HTTP_B_BOOL("woman_declares", HTTP_REQ), HTTP_B_STR("kinship_note", 500, HTTP_TEXT),
	HTTP_B_BOOL("cross_province", 0), HTTP_B_STR("other_province", 60, 0),
	HTTP_B_STR("other_reference", 120, 0), HTTP_B_INT("appointment_id", 1, INT64_MAX, 0),
	HTTP_INPUT_END
};
/* The sort keys marriages.c maps to SQL. */
static const char *const marriage_sorts[] = { "registered_on", "id", "certificate_no", "status",
					      "office_code", NULL };
static const http_input in_marriages[] = {
	HTTP_Q_PAGE(MAR_PAGE_MAX), HTTP_Q_STR("id_number", 18), HTTP_Q_ENUM("status", mar_statuses),
	HTTP_Q_STR("office", 12), HTTP_Q_DATE("from"), HTTP_Q_DATE("to"), HTTP_Q_STR("reason", 500),
	HTTP_Q_SORT(marriage_sorts), HTTP_INPUT_END
};
static const http_input in_correct[] = {
	HTTP_P_ID("id"), HTTP_B_ENUM("field", fields, HTTP_REQ), HTTP_B_STR("value", 500, HTTP_TEXT),
	REASON, HTTP_B_INT("version", 1, INT64_MAX, HTTP_REQ), HTTP_INPUT_END
};
static const http_input in_revoke[] = {
	HTTP_P_ID("id"), HTTP_B_ENUM("ground", grounds, HTTP_REQ), REASON, HTTP_INPUT_END
};
static const http_input in_party_reason[] = {
	HTTP_P_ID("id"), IDNO("party_id_number"), REASON, HTTP_INPUT_END
};
static const http_input in_stats[] = { HTTP_Q_DATE("from"), HTTP_Q_DATE("to"), HTTP_INPUT_END };
static const http_input in_divorce[] = {
	HTTP_B_STR("office_code", 12, HTTP_REQ), IDNO("man_id_number"), IDNO("woman_id_number"),
	HTTP_B_BOOL("both_present", HTTP_REQ), HTTP_B_BOOL("cross_province", 0),
	HTTP_B_STR("other_province", 60, 0), HTTP_B_STR("other_reference", 120, 0), HTTP_INPUT_END
};
static const char *const divorce_sorts[] = { "applied_on", "id", "status", "closed_on", NULL };
static const http_input in_divorces[] = {
	HTTP_Q_PAGE(MAR_PAGE_MAX), HTTP_Q_ENUM("status", div_statuses), HTTP_Q_SORT(divorce_sorts),
	HTTP_INPUT_END
};
static const http_input in_div_register[] = {
	HTTP_P_ID("id"), HTTP_B_BOOL("both_present", HTTP_REQ), HTTP_INPUT_END
};

const http_route marriage_routes[] = {
	{ "GET", "/api/v1/marriage/offices", api_mar_offices, MAR_READ, 0, "Every district's marriage registry office with its capacity per half-day", http_no_inputs, .response = &oas_marriage_offices },
	{ "POST", "/api/v1/marriage/offices/:code/capacity", api_mar_office_capacity, MAR_OFFICE, 0, "Set an office's capacity per half-day slot (reason required)", in_capacity, .response = &oas_marriage_offices },
	{ "GET", "/api/v1/marriage/offices/:code/slots", api_mar_slots, MAR_READ, 0, "An office's half-day slots from ?from= for ?days= (working days of the calendar), with bookings", in_slots, .response = &oas_marriage_office_slots },
	{ "POST", "/api/v1/marriage/appointments", api_mar_appointment_book, MAR_OFFICE, 0, "Book a slot at any office of the city (全城通办)", in_book, .response = &oas_marriage_appointments_post },
	{ "GET", "/api/v1/marriage/appointments", api_mar_appointments, MAR_READ, 0, "Appointments of the caller's offices, by office and day", in_appts, .response = &oas_marriage_appointments },
	{ "GET", "/api/v1/marriage/appointments/:id", api_mar_appointment_get, MAR_READ, 0, "One appointment", in_id, .response = &oas_marriage_appointments_post },
	{ "POST", "/api/v1/marriage/appointments/:id/status", api_mar_appointment_set, MAR_OFFICE, 0, "Confirm, cancel (reason), mark a no-show or done", in_appt_set, .response = &oas_marriage_appointments_post },
	{ "POST", "/api/v1/marriage/precheck", api_mar_precheck, MAR_OFFICE, 0, "What the registry shows about a couple: age, current marriages, kinship (nothing written)", in_precheck, .response = &oas_marriage_precheck_post },
	{ "POST", "/api/v1/marriage/marriages", api_mar_register, MAR_OFFICE, 0, "Register a marriage, or refuse it with the article (Civil Code Art. 1041-1049)", in_register, .response = &oas_marriage_marriage },
	{ "GET", "/api/v1/marriage/marriages", api_mar_marriages, MAR_READ, 0, "Marriages of the caller's offices; by one ID number city-wide with ?reason=", in_marriages, .response = &oas_marriage_marriages },
	{ "GET", "/api/v1/marriage/marriages/:id", api_mar_marriage_get, MAR_READ, 0, "One marriage with its certificate number", in_id, .response = &oas_marriage_marriage },
	{ "POST", "/api/v1/marriage/marriages/:id/corrections", api_mar_correct, MAR_OFFICE, 0, "Correct a recorded field with a reason", in_correct, .response = &oas_marriage_marriage },
	{ "POST", "/api/v1/marriage/marriages/:id/revoke", api_mar_revoke, MAR_OFFICE, 0, "Declare void (Art. 1051) or revoke (Art. 1052-1053) with a reason", in_revoke, .response = &oas_marriage_marriage },
	{ "POST", "/api/v1/marriage/marriages/:id/reissue", api_mar_reissue, MAR_OFFICE, 0, "Reissue a lost marriage certificate to one party (new number, reason)", in_party_reason, .response = &oas_marriage_marriage_reissue_post },
	{ "GET", "/api/v1/marriage/marriages/:id/certificate", api_mar_certificate, MAR_OFFICE, 0, "The marriage certificate as PDF (recorded in the documents register)", in_id, .response = &oas_marriage_certificate },
	{ "GET", "/api/v1/marriage/stats", api_mar_stats, MAR_READ, 0, "Figures per office over ?from= ?to=", in_stats, .response = &oas_marriage_stats },
	{ "POST", "/api/v1/marriage/divorces", api_mar_divorce_apply, MAR_OFFICE, 0, "Receive a divorce application by both spouses (Art. 1076); the windows of Art. 1077", in_divorce, .response = &oas_marriage_divorce },
	{ "GET", "/api/v1/marriage/divorces", api_mar_divorces, MAR_READ, 0, "Divorce applications of the caller's offices with their windows", in_divorces, .response = &oas_marriage_divorces },
	{ "GET", "/api/v1/marriage/divorces/:id", api_mar_divorce_get, MAR_READ, 0, "One divorce application with its windows and phase", in_id, .response = &oas_marriage_divorce },
	{ "POST", "/api/v1/marriage/divorces/:id/withdraw", api_mar_divorce_withdraw, MAR_OFFICE, 0, "A party withdraws within the first window (Art. 1077 para. 1)", in_party_reason, .response = &oas_marriage_divorce },
	{ "POST", "/api/v1/marriage/divorces/:id/register", api_mar_divorce_register, MAR_OFFICE, 0, "Both appear within the second window: register the divorce (Art. 1077 para. 2)", in_div_register, .response = &oas_marriage_divorce },
	{ "GET", "/api/v1/marriage/divorces/:id/certificate", api_mar_divorce_certificate, MAR_OFFICE, 0, "The divorce certificate as PDF", in_id, .response = &oas_divorce_certificate },
	{ NULL, NULL, NULL, 0, 0, NULL, NULL },
};
