/* api_activities.c - activities over HTTP: create with roles, sign up,
 * check in and out with the code at the place, confirm the time. */
#include "domains/volunteer/pairings.h"
#include "domains/volunteer/views.h"
#include "domains/volunteer/volunteer_api.h"
#include "http/inputs.h"
#include "http/list_sort.h"

#define ROLES_MAX 20

int api_vol_activity_create(http_request *req, http_response *res)
{
	vol_activity_role roles[ROLES_MAX];
	json_t *arr = json_object_get(req->json, "roles"), *r;
	vol_activity_new in = { .title = http_input_str(req, "title"),
				.division_code = http_input_str(req, "division_code"),
				.place = http_input_str(req, "place"),
				.starts_at = http_input_int(req, "starts_at", 0),
				.ends_at = http_input_int(req, "ends_at", 0),
				.org_id = http_input_int(req, "org_id", 0),
				.roles = roles,
				.at = { http_input_has(req, "lat_e6") && http_input_has(req, "lon_e6"),
					   (int)http_input_int(req, "lat_e6", 0),
					   (int)http_input_int(req, "lon_e6", 0) } };
	size_t i;
	int64_t id;

	/* The router checked the array's size and each role's fields. */
	json_array_foreach(arr, i, r) {
		if (i >= ROLES_MAX)
			break;
		roles[i].role = json_string_value(json_object_get(r, "role"));
		roles[i].needed = (int)json_integer_value(json_object_get(r, "needed"));
		roles[i].skill = json_string_value(json_object_get(r, "skill"));
		in.nroles = i + 1;
	}
	if (vol_activity_create(req->db, req->who, &in, &id, &req->err))
		return -1;
	return http_created(res, vol_activity_view(req->db, req->who, id, &req->err));
}

int api_vol_activity_list(http_request *req, http_response *res)
{
	vol_list_query q = { .page = http_input_int(req, "page", 1),
			     .page_size = http_input_int(req, "page_size", 20) };

	if (!(q.sort = list_sort(req)))
		return -1;
	return http_ok(res, vol_activity_list(req->db, req->who, &q, &req->err));
}

int api_vol_activity_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, vol_activity_view(req->db, req->who, id, &req->err));
}

int api_vol_activity_signup(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    vol_activity_signup(req->db, req->who, id, http_input_int(req, "volunteer_id", 0),
				http_input_str(req, "role"), &req->err))
		return -1;
	return http_created(res, vol_activity_view(req->db, req->who, id, &req->err));
}

static int check(http_request *req, http_response *res, int out)
{
	vol_point pos = { http_input_has(req, "lat_e6") && http_input_has(req, "lon_e6"),
			  (int)http_input_int(req, "lat_e6", 0), (int)http_input_int(req, "lon_e6", 0) };
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    vol_activity_checkin(req->db, req->who, id, http_input_int(req, "volunteer_id", 0),
				 http_input_str(req, "code"), &pos, out, &req->err))
		return -1;
	return http_ok(res, vol_activity_view(req->db, req->who, id, &req->err));
}

int api_vol_activity_checkin(http_request *req, http_response *res)
{
	return check(req, res, 0);
}

int api_vol_activity_checkout(http_request *req, http_response *res)
{
	return check(req, res, 1);
}

int api_vol_activity_confirm(http_request *req, http_response *res)
{
	int64_t id, credited;

	if (http_param_id(req, "id", &id) ||
	    vol_activity_confirm(req->db, req->who, id, http_input_int(req, "volunteer_id", 0),
				 &credited, &req->err))
		return -1;
	return http_ok(res, vol_activity_view(req->db, req->who, id, &req->err));
}
