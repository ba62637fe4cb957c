/* api_calendar.c - a year's holidays and 调休 working weekends of the
 * working-day calendar (cases/workcal.h), read by every signed-in user and
 * replaced as one schedule by a city administrator when the State Council
 * publishes it (docs/operations.md). Audited with the reason. The days one
 * by one stay PUT /api/v1/calendar/:day. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "cases/workcal.h"
#include "http/calendar_api.h"
#include "http/inputs.h"
#include "store/query.h"
#include "http/openapi_schemas.h"

/* GET /api/v1/calendar-years?year= : {year, days:[{day, kind, name}]} */
static int api_calendar_year_get(http_request *req, http_response *res)
{
	workcal_row rows[366];
	json_t *days = json_array();
	char today[11];
	int64_t year;
	size_t n;

	mz_day_format(mz_today(), today); /* this year unless asked */
	year = http_input_int(req, "year", strtol(today, NULL, 10));
	if (workcal_year_list(req->db, (int)year, rows, 366, &n, &req->err)) {
		json_decref(days);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(days, json_pack("{s:s,s:s,s:s}", "day", rows[i].day, "kind",
						      rows[i].kind, "name", rows[i].name));
	return http_ok(res, json_pack("{s:I,s:o}", "year", (json_int_t)year, "days", days));
}

/* PUT /api/v1/calendar-years {year, days:[{day, kind, name}], reason}:
 * the year's rows replaced by the schedule, in one transaction. */
static int api_calendar_year_put(http_request *req, http_response *res)
{
	json_t *arr = json_object_get(req->json, "days"), *d;
	workcal_entry days[WORKCAL_YEAR_MAX_DAYS];
	int64_t year = http_input_int(req, "year", 0), replaced = 0;
	int holidays = 0;
	json_t *detail;
	size_t i, n = 0;

	/* The router checked the array's size and each entry's fields. */
	json_array_foreach(arr, i, d) {
		if (i >= WORKCAL_YEAR_MAX_DAYS)
			break;
		days[i].day = json_string_value(json_object_get(d, "day"));
		days[i].kind = json_string_value(json_object_get(d, "kind"));
		days[i].name = json_string_value(json_object_get(d, "name"));
		holidays += days[i].kind && !strcmp(days[i].kind, "holiday");
		n = i + 1;
	}
	if (workcal_check_year((int)year, days, n, &req->err) || store_begin(req->db, &req->err))
		return -1;
	detail = json_pack("{s:I,s:i,s:i}", "year", (json_int_t)year, "holidays", holidays,
			   "workdays", (int)n - holidays);
	if (workcal_store_year(req->db, (int)year, days, n, &replaced, &req->err))
		goto fail;
	json_object_set_new(detail, "replaced", json_integer(replaced));
	if (audit_append(req->db, req->who, AUDIT_WRITE, "calendar.load_year", "calendar",
			 (int64_t)year, "", http_input_str(req, "reason"), detail, &req->err) ||
	    store_commit(req->db, &req->err))
		goto fail;
	json_decref(detail);
	return http_ok(res, json_pack("{s:I,s:i,s:i,s:I}", "year", (json_int_t)year, "holidays",
				      holidays, "workdays", (int)n - holidays, "replaced",
				      (json_int_t)replaced));
fail:
	json_decref(detail);
	store_rollback(req->db);
	return -1;
}

static const char *const kinds[] = { "holiday", "workday", NULL };
static const http_input day_fields[] = {
	HTTP_B_DATE("day", HTTP_REQ), HTTP_B_ENUM("kind", kinds, HTTP_REQ),
	HTTP_B_STR("name", 50, HTTP_REQ), HTTP_INPUT_END
};
static const http_input day_item[] = { HTTP_I_OBJ(day_fields), HTTP_INPUT_END };
static const http_input in_year_get[] = { HTTP_Q_INT("year", 2000, 2100), HTTP_INPUT_END };
static const http_input in_year_put[] = {
	HTTP_B_INT("year", 2000, 2100, HTTP_REQ),
	HTTP_B_ARR("days", day_item, 1, WORKCAL_YEAR_MAX_DAYS, HTTP_REQ),
	HTTP_B_STR("reason", 500, HTTP_REQ | HTTP_TEXT),
	HTTP_INPUT_END
};

const http_route calendar_routes[] = {
	{ "GET", "/api/v1/calendar-years", api_calendar_year_get, ROLE_ANY, 0, "A year's holidays and 调休 working days (?year=)", in_year_get, .response = &oas_calendar_years },
	{ "PUT", "/api/v1/calendar-years", api_calendar_year_put, ROLE_CITY_ADMIN, 0, "Replace a year's holidays and 调休 working days with the State Council's schedule (reason required)", in_year_put, .response = &oas_calendar_years_put },
	{ NULL },
};
