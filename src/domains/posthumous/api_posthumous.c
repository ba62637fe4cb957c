/* api_posthumous.c - deaths, posthumous cases and funerals over HTTP: the
 * declared inputs (routes.c) are checked before these run; each handler
 * makes one typed domain call. */
#include <string.h>

#include "base/date.h"
#include "domains/posthumous/posthumous.h"
#include "domains/posthumous/posthumous_api.h"
#include "http/inputs.h"
#include "http/list_sort.h"

int api_ph_matters(http_request *req, http_response *res)
{
	const char *on = http_input_str(req, "date");

	return http_ok(res, ph_matters_list(req->db, on ? mz_day_parse(on) : MZ_DAY_INVALID,
					    &req->err));
}

int api_ph_params(http_request *req, http_response *res)
{
	return http_ok(res, ph_params_list(req->db, &req->err));
}

int api_ph_death_register(http_request *req, http_response *res)
{
	ph_death_report in = {
		.id_number = http_input_str(req, "id_number"),
		.death_date = http_input_str(req, "death_date"),
		.cause_category = http_input_str(req, "cause_category"),
		.place_kind = http_input_str(req, "place_kind"),
		.place = http_input_str(req, "place"),
		.source = http_input_str(req, "source"),
		.reporter_name = http_input_str(req, "reporter_name"),
		.reporter_id_number = http_input_str(req, "reporter_id_number"),
		.reporter_relation = http_input_str(req, "reporter_relation"),
		.reporter_phone = http_input_str(req, "reporter_phone"),
		.documents = http_input_str(req, "documents"),
	};
	ph_death_result r;
	json_t *out;

	if (ph_death_register(req->db, req->who, &in, &r, &req->err))
		return -1;
	out = json_pack("{s:I,s:I,s:b,s:b}", "case_id", (json_int_t)r.case_id, "person_id",
			(json_int_t)r.person_id, "case_opened", r.case_opened, "death_recorded",
			r.death_recorded);
	return r.case_opened ? http_created(res, out) : http_ok(res, out);
}

int api_ph_cases_list(http_request *req, http_response *res)
{
	int64_t page, size;
	const char *sort = list_sort(req);

	if (!sort || http_query_page(req, PH_PAGE_MAX, &page, &size))
		return -1;
	return http_ok(res, ph_case_list(req->db, req->who, http_query(req, "status"),
					 http_query(req, "division"), sort, page, size, &req->err));
}

int api_ph_case_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, ph_case_get(req->db, req->who, id, &req->err));
}

int api_ph_task_receipt(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    ph_task_receipt(req->db, req->who, id, http_input_str(req, "receipt_ref"),
			    http_input_str(req, "done_on"), &req->err))
		return -1;
	return http_ok(res, json_pack("{s:I,s:s}", "id", (json_int_t)id, "status", "done"));
}

int api_ph_progress(http_request *req, http_response *res)
{
	return http_ok(res, ph_progress_get(req->db, req->who,
					    http_input_str(req, "deceased_id_number"),
					    http_input_str(req, "agent_id_number"), 0, &req->err));
}

/* The family's own page, no account: the three numbers it was given at
 * registration. The route's rate limit (routes.c) bounds guessing; the
 * read is audited as the public caller from its address. */
int api_ph_public_progress(http_request *req, http_response *res)
{
	access_ctx who;

	access_ctx_system(&who, "public:family");
	http_client_ip(req, who.ip, sizeof(who.ip));
	snprintf(who.request_id, sizeof(who.request_id), "%s", req->request_id);
	return http_ok(res, ph_progress_get(req->db, &who, http_input_str(req, "deceased_id_number"),
					    http_input_str(req, "agent_id_number"),
					    http_input_int(req, "case_no", 0), &req->err));
}

int api_ph_homes_list(http_request *req, http_response *res)
{
	return http_ok(res, ph_homes_list(req->db, &req->err));
}

int api_ph_home_create(http_request *req, http_response *res)
{
	int64_t id;

	if (ph_home_create(req->db, req->who, http_input_str(req, "name"),
			   http_input_str(req, "division_code"), http_input_str(req, "address"),
			   http_input_str(req, "phone"), &id, &req->err))
		return -1;
	return http_created(res, json_pack("{s:I}", "id", (json_int_t)id));
}

int api_ph_funeral_record(http_request *req, http_response *res)
{
	ph_funeral_in in = {
		.home_id = http_input_int(req, "home_id", 0),
		.cremated_on = http_input_str(req, "cremated_on"),
		.cremation_no = http_input_str(req, "cremation_no"),
		.basic_fee_fen = http_input_int(req, "basic_fee_fen", 0),
		.burial_kind = http_input_str(req, "burial_kind"),
	};
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_created(res, ph_funeral_record(req->db, req->who, id, &in, &req->err));
}

int api_ph_eco_rate(http_request *req, http_response *res)
{
	char today[11];
	int year;

	mz_day_format(mz_today(), today);
	year = (int)http_input_int(req, "year", (today[0] - '0') * 1000 + (today[1] - '0') * 100 +
							(today[2] - '0') * 10 + (today[3] - '0'));
	return http_ok(res, ph_eco_rate(req->db, req->who, year, &req->err));
}

/* ---- a funeral home's staff ---- */

int api_ph_home_link_user(http_request *req, http_response *res)
{
	int64_t home = http_input_int(req, "home_id", 0);
	const char *login = http_input_str(req, "login");

	if (ph_home_link_user(req->db, req->who, home, login, http_input_str(req, "reason"),
			      &req->err))
		return -1;
	return http_created(res, json_pack("{s:I,s:s}", "home_id", (json_int_t)home, "login", login));
}

int api_ph_cremation_record(http_request *req, http_response *res)
{
	ph_funeral_in in = { .home_id = http_input_int(req, "home_id", 0),
			     .cremated_on = http_input_str(req, "cremated_on"),
			     .cremation_no = http_input_str(req, "cremation_no"),
			     .basic_fee_fen = http_input_int(req, "basic_fee_fen", 0),
			     .burial_kind = http_input_str(req, "burial_kind") };

	return http_created(res, ph_cremation_record(req->db, req->who,
						     http_input_str(req, "deceased_id_number"), &in,
						     &req->err));
}

int api_ph_cremations_list(http_request *req, http_response *res)
{
	int64_t page, size;
	const char *sort = list_sort(req);

	if (!sort || http_query_page(req, PH_PAGE_MAX, &page, &size))
		return -1;
	return http_ok(res, ph_home_cremations(req->db, req->who, sort, page, size, &req->err));
}
