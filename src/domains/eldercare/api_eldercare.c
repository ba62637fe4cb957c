/* api_eldercare.c - elderly care: parameters, assessments, categories,
 * cards, providers, canteens, meals, settlements, coverage. JSON in, domain
 * call (eldercare/), JSON out; scope, provider links and audit are the
 * domain's business. The 平安通, waiting-list, home-bed and visit handlers
 * are in api_eldercare_services.c. */
#include <string.h>

#include "domains/eldercare/assess.h"
#include "domains/eldercare/canteen.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/params.h"
#include "domains/eldercare/eldercare_api.h"
#include "http/list_sort.h"

/* ---- parameters ---- */

int api_ec_params_list(http_request *req, http_response *res)
{
	return http_ok(res, ec_params_list(req->db, req->who, &req->err));
}

int api_ec_param_set(http_request *req, http_response *res)
{
	const char *name, *division, *from, *value, *source, *reason;

	if (http_json_str(req, "name", 1, 48, &name) ||
	    http_json_str(req, "division_code", 0, 12, &division) ||
	    http_json_str(req, "valid_from", 1, 10, &from) ||
	    http_json_str(req, "value", 1, 255, &value) ||
	    http_json_str(req, "source", 1, 300, &source) ||
	    http_json_str(req, "reason", 1, 500, &reason) ||
	    ec_param_set(req->db, req->who, name, division, from, value, source, reason, &req->err))
		return -1;
	return http_created(res, ec_params_list(req->db, req->who, &req->err));
}

/* ---- assessment ---- */

int api_ec_assess_standard(http_request *req, http_response *res)
{
	ec_assess_std std;
	mz_day on = mz_today();
	const char *v = http_query(req, "on");

	if (v && *v && ec_parse_day(v, "on", &on, &req->err))
		return -1;
	if (ec_assess_std_load(req->db, http_query(req, "code"), on, &std, &req->err))
		return -1;
	return http_ok(res, ec_assess_std_json(&std));
}

int api_ec_assess_score(http_request *req, http_response *res)
{
	ec_assess_std std;
	ec_assess_result r;
	mz_day on = mz_today();
	const char *v = NULL;

	if (http_require_json(req) || http_json_str(req, "on", 0, 10, &v) ||
	    (v && *v && ec_parse_day(v, "on", &on, &req->err)) ||
	    ec_assess_std_load(req->db, NULL, on, &std, &req->err))
		return -1;
	return http_ok(res, ec_assess_score(&std, json_object_get(req->json, "items"),
					  json_object_get(req->json, "conditions"), &r, &req->err));
}

int api_ec_assess_due(http_request *req, http_response *res)
{
	int64_t page, size;
	mz_day by = mz_today();
	const char *v = http_query(req, "by"), *sort = list_sort(req);

	if (!sort || http_query_page(req, EC_PAGE_MAX, &page, &size))
		return -1;
	if (v && *v && ec_parse_day(v, "by", &by, &req->err))
		return -1;
	return http_ok(res, ec_assess_due(req->db, req->who, http_query(req, "division"), by, sort,
					page, size, &req->err));
}

int api_ec_assess_history(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, ec_assess_history(req->db, req->who, id, &req->err));
}

int api_ec_assess_create(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) || http_require_json(req))
		return -1;
	return http_created(res, ec_assess_record(req->db, req->who, id, req->json, &req->err));
}

int api_ec_assess_change(http_request *req, http_response *res)
{
	const char *on, *desc;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_json_str(req, "reported_on", 1, 10, &on) ||
	    http_json_str(req, "description", 1, 1000, &desc))
		return -1;
	return http_created(res, ec_assess_report_change(req->db, req->who, id, on, desc, &req->err));
}

/* ---- categories and cards ---- */

int api_ec_categories_list(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, ec_category_list(req->db, req->who, id, &req->err));
}

int api_ec_category_add(http_request *req, http_response *res)
{
	const char *category, *from, *to, *source, *note, *reason;
	int64_t id, cid;

	if (http_param_id(req, "id", &id) || http_json_str(req, "category", 1, 32, &category) ||
	    http_json_str(req, "valid_from", 1, 10, &from) ||
	    http_json_str(req, "valid_to", 0, 10, &to) ||
	    http_json_str(req, "source", 0, 64, &source) ||
	    http_json_str(req, "note", 0, 300, &note) ||
	    http_json_str(req, "reason", 1, 500, &reason) ||
	    ec_category_add(req->db, req->who, id, category, from, to, source, note, reason, &cid,
			    &req->err))
		return -1;
	return http_created(res, ec_category_list(req->db, req->who, id, &req->err));
}

int api_ec_category_end(http_request *req, http_response *res)
{
	const char *to, *reason;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_json_str(req, "valid_to", 1, 10, &to) ||
	    http_json_str(req, "reason", 1, 500, &reason) ||
	    ec_category_end(req->db, req->who, id, to, reason, &req->err))
		return -1;
	return http_ok(res, json_pack("{s:I,s:s}", "id", (json_int_t)id, "valid_to", to));
}

int api_ec_card_issue(http_request *req, http_response *res)
{
	const char *reason;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_json_str(req, "reason", 1, 500, &reason))
		return -1;
	return http_created(res, ec_card_issue(req->db, req->who, id, reason, &req->err));
}

int api_ec_person_meals(http_request *req, http_response *res)
{
	int64_t id;
	char month[8];
	const char *m = http_query(req, "month");

	if (http_param_id(req, "id", &id))
		return -1;
	if (!m || !*m) {
		ec_month_of(mz_today(), month);
		m = month;
	}
	return http_ok(res, ec_meal_person(req->db, req->who, id, m, &req->err));
}

/* ---- providers ---- */

int api_ec_providers_list(http_request *req, http_response *res)
{
	int64_t page, size;
	const char *sort = list_sort(req);

	if (!sort || http_query_page(req, EC_PAGE_MAX, &page, &size))
		return -1;
	return http_ok(res, ec_provider_list(req->db, req->who, http_query(req, "kind"), sort, page,
					   size, &req->err));
}

int api_ec_provider_create(http_request *req, http_response *res)
{
	if (http_require_json(req))
		return -1;
	return http_created(res, ec_provider_create(req->db, req->who, req->json, &req->err));
}

int api_ec_provider_link(http_request *req, http_response *res)
{
	const char *login, *reason;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_json_str(req, "login", 1, 64, &login) ||
	    http_json_str(req, "reason", 1, 500, &reason) ||
	    ec_provider_link_user(req->db, req->who, id, login, reason, &req->err))
		return -1;
	return http_created(res, json_pack("{s:I,s:s}", "provider_id", (json_int_t)id, "login", login));
}

/* ---- canteens and meals ---- */

int api_ec_canteens_list(http_request *req, http_response *res)
{
	int64_t page, size;
	const char *sort = list_sort(req);

	if (!sort || http_query_page(req, EC_PAGE_MAX, &page, &size))
		return -1;
	return http_ok(res, ec_canteen_list(req->db, req->who, http_query(req, "division"), sort,
					  page, size, &req->err));
}

int api_ec_canteen_create(http_request *req, http_response *res)
{
	if (http_require_json(req))
		return -1;
	return http_created(res, ec_canteen_create(req->db, req->who, req->json, &req->err));
}

int api_ec_canteen_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, ec_canteen_get(req->db, req->who, id, &req->err));
}

int api_ec_canteen_update(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) || http_require_json(req))
		return -1;
	return http_ok(res, ec_canteen_update(req->db, req->who, id, req->json, &req->err));
}

int api_ec_meal_checkin(http_request *req, http_response *res)
{
	ec_checkin in = { 0 };

	if (http_param_id(req, "id", &in.canteen_id) ||
	    http_json_str(req, "id_number", 0, 40, &in.id_number) ||
	    http_json_str(req, "card_code", 0, 40, &in.card_code) ||
	    http_json_str(req, "mode", 0, 16, &in.mode) || http_json_str(req, "slot", 0, 16, &in.slot))
		return -1;
	in.full_price = http_input_bool(req, "full_price", 0); /* a boolean: routes.c */
	if (http_json_str(req, "override_reason", 0, 200, &in.override_reason))
		return -1;
	return http_created(res, ec_meal_checkin(req->db, req->who, &in, mz_now_unix(), &req->err));
}

/* POST /api/v1/eldercare/meals/:id/cancel {reason} */
int api_ec_meal_cancel(http_request *req, http_response *res)
{
	const char *reason;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_require_json(req) ||
	    http_json_str(req, "reason", 1, 200, &reason) ||
	    ec_meal_cancel(req->db, req->who, id, reason, &req->err))
		return -1;
	return http_ok(res, json_pack("{s:I,s:b}", "id", (json_int_t)id, "cancelled", 1));
}

/* PATCH /api/v1/eldercare/meals/:id {mode?, slot?, reason} */
int api_ec_meal_correct(http_request *req, http_response *res)
{
	const char *mode = NULL, *slot = NULL, *reason;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_require_json(req) ||
	    http_json_str(req, "mode", 0, 16, &mode) || http_json_str(req, "slot", 0, 16, &slot) ||
	    http_json_str(req, "reason", 1, 200, &reason) ||
	    ec_meal_correct(req->db, req->who, id, mode, slot, reason, &req->err))
		return -1;
	return http_ok(res, json_pack("{s:I,s:b}", "id", (json_int_t)id, "corrected", 1));
}

int api_ec_settlement_compute(http_request *req, http_response *res)
{
	const char *month;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_json_str(req, "month", 1, 7, &month))
		return -1;
	return http_ok(res, ec_settlement_compute(req->db, req->who, id, month, &req->err));
}

int api_ec_settlement_confirm(http_request *req, http_response *res)
{
	const char *reason;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_json_str(req, "reason", 1, 500, &reason))
		return -1;
	return http_ok(res, ec_settlement_confirm(req->db, req->who, id, http_param(req, "month"),
						reason, &req->err));
}

static const char *month_or_current(http_request *req, char buf[8])
{
	const char *m = http_query(req, "month");

	if (m && *m)
		return m;
	ec_month_of(mz_today(), buf);
	return buf;
}

int api_ec_settlement_list(http_request *req, http_response *res)
{
	int64_t page, size;
	char month[8];
	const char *sort = list_sort(req);

	if (!sort || http_query_page(req, EC_PAGE_MAX, &page, &size))
		return -1;
	return http_ok(res, ec_settlement_list(req->db, req->who, month_or_current(req, month),
					     http_query(req, "division"), sort, page, size,
					     &req->err));
}

int api_ec_meal_anomalies(http_request *req, http_response *res)
{
	char month[8];

	return http_ok(res, ec_meal_anomalies(req->db, req->who, month_or_current(req, month),
					    http_query(req, "division"), &req->err));
}

int api_ec_coverage(http_request *req, http_response *res)
{
	return http_ok(res, ec_coverage(req->db, req->who, http_query(req, "division"), &req->err));
}
