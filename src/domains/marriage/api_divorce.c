/* api_divorce.c - divorce by agreement: the application, its two windows
 * with exact dates (Art. 1077), withdrawal and registration. */
#include <string.h>

#include "domains/marriage/marriage.h"
#include "domains/marriage/marriage_api.h"
#include "http/inputs.h"
#include "http/list_sort.h"
#include "registry/idcard.h"

static json_t *day_json(mz_day d)
{
	char s[11];

	mz_day_format(d, s);
	return json_string(s);
}

static json_t *divorce_json(const mar_divorce *d)
{
	char mm[19], wm[19];

	idcard_mask(d->man_id_number, mm);
	idcard_mask(d->woman_id_number, wm);
	return json_pack("{s:I,s:I,s:s,s:s,s:s,s:{s:o,s:o,s:o,s:o,s:s},s:s,s:s,s:o,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s}",
		"id", (json_int_t)d->id, "marriage_id", (json_int_t)d->marriage_id,
		"office_code", d->office_code, "division_code", d->office_code,
		"applied_on", d->applied_on, "windows",
		"withdraw_from", day_json(d->w.withdraw_from),
		"withdraw_until", day_json(d->w.withdraw_until),
		"appear_from", day_json(d->w.appear_from), "appear_until", day_json(d->w.appear_until),
		"counting", "民法典第二百零一条、第二百零三条：次日起算，期间末日为休息日或法定节假日的顺延至其后第一个工作日",
		"status", d->status, "phase", d->phase,
		"closed_on", *d->closed_on ? json_string(d->closed_on) : json_null(),
		"certificate_no", d->certificate_no, "close_reason", d->close_reason,
		"man_name", d->man_name, "woman_name", d->woman_name,
		"man_id_number_masked", mm, "woman_id_number_masked", wm,
		"cross_province", d->cross_province, "other_province", d->other_province,
		"other_reference", d->other_reference);
}

int api_mar_divorce_get(http_request *req, http_response *res)
{
	mar_divorce d;
	int64_t id;

	if (http_param_id(req, "id", &id) || mar_divorce_get(req->db, req->who, id, &d, &req->err))
		return -1;
	return http_ok(res, divorce_json(&d));
}

int api_mar_divorce_apply(http_request *req, http_response *res)
{
	mar_divorce_new in = { .office_code = http_input_str(req, "office_code"),
			       .man_id_number = http_input_str(req, "man_id_number"),
			       .woman_id_number = http_input_str(req, "woman_id_number"),
			       .both_present = http_input_bool(req, "both_present", 0),
			       .cross_province = http_input_bool(req, "cross_province", 0),
			       .other_province = http_input_str(req, "other_province"),
			       .other_reference = http_input_str(req, "other_reference") };
	mar_divorce d;
	int64_t id;

	if (mar_divorce_apply(req->db, req->who, &in, &id, &req->err) ||
	    mar_divorce_get(req->db, req->who, id, &d, &req->err))
		return -1;
	return http_created(res, divorce_json(&d));
}

int api_mar_divorces(http_request *req, http_response *res)
{
	mar_divorce_page pg;
	int64_t page, size;
	json_t *items, *out;
	const char *sort = list_sort(req);

	if (!sort || http_query_page(req, MAR_PAGE_MAX, &page, &size) ||
	    mar_divorces_list(req->db, req->who, http_input_str(req, "status"), sort, page, size,
			      &pg, &req->err))
		return -1;
	items = json_array();
	for (size_t i = 0; i < pg.n; i++)
		json_array_append_new(items, divorce_json(&pg.items[i]));
	out = json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)pg.total, "page",
			(json_int_t)page, "page_size", (json_int_t)size);
	mar_divorce_page_release(&pg);
	return http_ok(res, out);
}

int api_mar_divorce_withdraw(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    mar_divorce_withdraw(req->db, req->who, id, http_input_str(req, "party_id_number"),
				 http_input_str(req, "reason"), &req->err))
		return -1;
	return api_mar_divorce_get(req, res);
}

int api_mar_divorce_register(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    mar_divorce_register(req->db, req->who, id, http_input_bool(req, "both_present", 0),
				 &req->err))
		return -1;
	return api_mar_divorce_get(req, res);
}
