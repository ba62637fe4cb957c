/* api_volunteers.c - volunteers, organisations and the catalogue over HTTP:
 * declared inputs (routes.c) in, one domain call, JSON out. */
#include "domains/volunteer/views.h"
#include "domains/volunteer/volunteer.h"
#include "domains/volunteer/volunteer_api.h"
#include "http/inputs.h"
#include "http/list_sort.h"

static vol_list_query list_query(http_request *req)
{
	vol_list_query q = { .division = http_input_str(req, "division"),
			     .status = http_input_str(req, "status"),
			     .skill = http_input_str(req, "skill"),
			     .q = http_input_str(req, "q"),
			     .state = http_input_str(req, "state"),
			     .page = http_input_int(req, "page", 1),
			     .page_size = http_input_int(req, "page_size", 20) };
	return q;
}

int api_vol_register(http_request *req, http_response *res)
{
	vol_volunteer_new in = {
		.id_number = http_input_str(req, "id_number"),
		.division_code = http_input_str(req, "division_code"),
		.skills = http_input_str(req, "skills"),
		.areas = http_input_str(req, "areas"),
		.weekdays = (int)http_input_int(req, "weekdays", 127),
		.hours = http_input_str(req, "hours"),
		.org_id = http_input_int(req, "org_id", 0),
		.team = http_input_str(req, "team"),
		.guardian_id_number = http_input_str(req, "guardian_id_number"),
		.guardian_consent = http_input_bool(req, "guardian_consent", 0),
		.reason = http_input_str(req, "reason"),
	};
	int64_t id;

	if (vol_volunteer_register(req->db, req->who, &in, &id, &req->err))
		return -1;
	return http_created(res, vol_volunteer_view(req->db, req->who, id, &req->err));
}

int api_vol_list(http_request *req, http_response *res)
{
	vol_list_query q = list_query(req);

	if (!(q.sort = list_sort(req)))
		return -1;

	return http_ok(res, vol_volunteer_list(req->db, req->who, &q, &req->err));
}

int api_vol_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, vol_volunteer_view(req->db, req->who, id, &req->err));
}

int api_vol_status(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    vol_volunteer_set_status(req->db, req->who, id, http_input_str(req, "status"),
				     http_input_str(req, "reason"), &req->err))
		return -1;
	return http_ok(res, vol_volunteer_view(req->db, req->who, id, &req->err));
}

int api_vol_link(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    vol_volunteer_link_login(req->db, req->who, id, http_input_str(req, "login"),
				     http_input_str(req, "reason"), &req->err))
		return -1;
	return http_ok(res, vol_volunteer_view(req->db, req->who, id, &req->err));
}

int api_vol_certificate(http_request *req, http_response *res)
{
	int64_t id, cert;

	if (http_param_id(req, "id", &id) ||
	    vol_certificate_add(req->db, req->who, id, http_input_str(req, "title"),
				http_input_str(req, "issuer"), http_input_str(req, "issued_on"),
				http_input_str(req, "valid_to"), &cert, &req->err))
		return -1;
	return http_created(res, vol_volunteer_view(req->db, req->who, id, &req->err));
}

int api_vol_me(http_request *req, http_response *res)
{
	return http_ok(res, vol_me(req->db, req->who, &req->err));
}

int api_vol_orgs_list(http_request *req, http_response *res)
{
	return http_ok(res, vol_org_list(req->db, req->who, &req->err));
}

int api_vol_org_create(http_request *req, http_response *res)
{
	int64_t id;

	if (vol_org_create(req->db, req->who, http_input_str(req, "name"),
			   http_input_str(req, "division_code"), http_input_str(req, "services"),
			   http_input_str(req, "reason"), &id, &req->err))
		return -1;
	return http_created(res, json_pack("{s:I}", "id", (json_int_t)id));
}

int api_vol_services(http_request *req, http_response *res)
{
	return http_ok(res, vol_service_list(req->db, &req->err));
}
