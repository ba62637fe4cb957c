/* api_hall.c - the monitoring hall (监测大厅): the stored figures of a
 * division and its children, one figure's monthly trend, the export. JSON
 * and files are made here; scope, the choice of day and the audit of an
 * export are hall/'s business (hall/hall_figures.h). */
#include <string.h>

#include "access/access.h"
#include "hall/hall.h"
#include "hall/hall_figures.h"
#include "http/api.h"
#include "http/hall_api.h"
#include "http/inputs.h"
#include "http/openapi_schemas.h"

/* Every staff role and the auditor: each sees the hall of their own
 * division and below (a service provider has no hall). */
#define HALL_READ (ROLE_STAFF | ROLE_AUDITOR)

static mz_day as_of_arg(http_request *req)
{
	const char *s = http_query(req, "as_of");

	return s && *s ? mz_day_parse(s) : MZ_DAY_INVALID; /* declared HTTP_Q_DATE: valid */
}

static int api_hall_overview(http_request *req, http_response *res)
{
	json_t *out = hall_overview(req->db, req->who, http_query(req, "division"), as_of_arg(req),
				    &req->err);

	return out ? http_ok(res, out) : -1;
}

static int api_hall_indicators(http_request *req, http_response *res)
{
	json_t *items = json_array();

	(void)req;
	for (size_t i = 0; i < hall_indicator_count(); i++) {
		const hall_indicator *ind = hall_indicator_at(i);

		json_array_append_new(items, json_pack("{s:s,s:s,s:s}", "key", ind->key,
						       "label_zh", ind->label_zh, "label_en",
						       ind->label_en));
	}
	return http_ok(res, json_pack("{s:o}", "items", items));
}

static int api_hall_trend(http_request *req, http_response *res)
{
	int64_t months;
	json_t *out;

	if (http_query_int(req, "months", 12, 1, 36, &months))
		return -1;
	out = hall_trend(req->db, req->who, http_param(req, "key"), http_query(req, "division"),
			 (int)months, as_of_arg(req), &req->err);
	return out ? http_ok(res, out) : -1;
}

static int api_hall_export(http_request *req, http_response *res)
{
	const char *fmt = http_query(req, "format");
	int xlsx = !fmt || strcmp(fmt, "csv");
	char *body;
	size_t len;

	if (hall_export(req->db, req->who, http_query(req, "division"), as_of_arg(req), xlsx, &body,
			&len, &req->err))
		return -1;
	http_add_header(res, "Content-Disposition", xlsx ? "attachment; filename=\"hall.xlsx\""
							  : "attachment; filename=\"hall.csv\"");
	return http_raw(res, 200, xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
				       : "text/csv; charset=utf-8",
			body, len);
}

static const char *const export_formats[] = { "xlsx", "csv", NULL };

static const http_input in_overview[] = {
	HTTP_Q_STR("division", 12), HTTP_Q_DATE("as_of"), HTTP_INPUT_END
};
static const http_input in_trend[] = {
	HTTP_P_STR("key", 64), HTTP_Q_STR("division", 12), HTTP_Q_INT("months", 1, 36),
	HTTP_Q_DATE("as_of"), HTTP_INPUT_END
};
static const http_input in_export[] = {
	HTTP_Q_STR("division", 12), HTTP_Q_DATE("as_of"), HTTP_Q_ENUM("format", export_formats),
	HTTP_INPUT_END
};

const http_route hall_routes[] = {
	{ "GET", "/api/v1/hall", api_hall_overview, HALL_READ, 0, "Monitoring hall: every figure of a division in scope (default: your own) and of its children, as of a day (default: the latest computed), each with computed_at and age_seconds", in_overview, .response = &oas_hall },
	{ "GET", "/api/v1/hall/indicators", api_hall_indicators, HALL_READ, 0, "Every registered hall indicator (key and labels)", http_no_inputs, .response = &oas_hall_indicators },
	{ "GET", "/api/v1/hall/export", api_hall_export, HALL_READ, 0, "The hall's figures of a division in scope and its children as XLSX or CSV (format; audited)", in_export, .response = &oas_hall_export },
	{ "GET", "/api/v1/hall/:key/trend", api_hall_trend, HALL_READ, 0, "One figure's month-end values for a division in scope over the last months (default 12)", in_trend, .response = &oas_hall_trend },
	{ NULL }
};
