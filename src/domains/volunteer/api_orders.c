/* api_orders.c - service orders and paired visits over HTTP. Each step
 * answers with the order as the caller may see it. */
#include "domains/volunteer/pairings.h"
#include "domains/volunteer/views.h"
#include "domains/volunteer/volunteer.h"
#include "domains/volunteer/volunteer_api.h"
#include "http/inputs.h"
#include "http/list_sort.h"

/* A position sent with the request (the phone's geolocation, or a place's
 * location entered by a worker), if both coordinates are there. */
static vol_point position_of(const http_request *req)
{
	vol_point p = { http_input_has(req, "lat_e6") && http_input_has(req, "lon_e6"),
			(int)http_input_int(req, "lat_e6", 0), (int)http_input_int(req, "lon_e6", 0) };
	return p;
}

int api_vol_order_create(http_request *req, http_response *res)
{
	vol_order_new in = { .person_id = http_input_int(req, "person_id", 0),
			     .service_code = http_input_str(req, "service_code"),
			     .source = http_input_str(req, "source"),
			     .wanted_on = http_input_str(req, "wanted_on"),
			     .note = http_input_str(req, "note"),
			     .place = position_of(req) };
	int64_t id;

	if (vol_order_create(req->db, req->who, &in, &id, &req->err))
		return -1;
	return http_created(res, vol_order_view(req->db, req->who, id, &req->err));
}

int api_vol_order_list(http_request *req, http_response *res)
{
	vol_list_query q = { .division = http_input_str(req, "division"),
			     .state = http_input_str(req, "state"),
			     .page = http_input_int(req, "page", 1),
			     .page_size = http_input_int(req, "page_size", 20) };

	if (!(q.sort = list_sort(req)))
		return -1;
	return http_ok(res, vol_order_list(req->db, req->who, &q, &req->err));
}

int api_vol_order_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, vol_order_view(req->db, req->who, id, &req->err));
}

/* After a step the volunteer may no longer see the order (a decline): the
 * answer is then just its id and what happened. */
static int after_step(http_request *req, http_response *res, int64_t id, const char *done)
{
	json_t *o = vol_order_view(req->db, req->who, id, &req->err);

	if (!o) {
		mz_err_clear(&req->err);
		o = json_pack("{s:I,s:s}", "id", (json_int_t)id, "done", done);
	}
	return http_ok(res, o);
}

int api_vol_order_accept(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) || vol_order_accept(req->db, req->who, id, &req->err))
		return -1;
	return after_step(req, res, id, "accepted");
}

int api_vol_order_decline(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    vol_order_decline(req->db, req->who, id, http_input_str(req, "reason"), &req->err))
		return -1;
	return after_step(req, res, id, "declined");
}

int api_vol_order_checkin(http_request *req, http_response *res)
{
	vol_point pos = position_of(req);
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    vol_order_checkin(req->db, req->who, id, http_input_str(req, "code"), &pos, &req->err))
		return -1;
	return after_step(req, res, id, "checked_in");
}

int api_vol_order_checkout(http_request *req, http_response *res)
{
	vol_point pos = position_of(req);
	int64_t id;

	if (http_param_id(req, "id", &id) || vol_order_checkout(req->db, req->who, id, &pos, &req->err))
		return -1;
	return after_step(req, res, id, "checked_out");
}

int api_vol_order_rate(http_request *req, http_response *res)
{
	int64_t id, credited;

	if (http_param_id(req, "id", &id) ||
	    vol_order_rate(req->db, req->who, id, (int)http_input_int(req, "rating", 0),
			   http_input_str(req, "note"), &credited, &req->err))
		return -1;
	return after_step(req, res, id, "rated");
}

int api_vol_order_cancel(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    vol_order_cancel(req->db, req->who, id, http_input_str(req, "reason"), &req->err))
		return -1;
	return after_step(req, res, id, "cancelled");
}

int api_vol_pairing_create(http_request *req, http_response *res)
{
	int64_t id;

	if (vol_pairing_create(req->db, req->who, http_input_int(req, "volunteer_id", 0),
			       http_input_int(req, "person_id", 0),
			       (int)http_input_int(req, "visits_per_month", 1),
			       http_input_str(req, "started_on"), http_input_str(req, "reason"), &id,
			       &req->err))
		return -1;
	return http_created(res, json_pack("{s:I}", "id", (json_int_t)id));
}

int api_vol_pairing_list(http_request *req, http_response *res)
{
	vol_list_query q = { .status = http_input_str(req, "status"),
			     .page = http_input_int(req, "page", 1),
			     .page_size = http_input_int(req, "page_size", 20) };

	if (!(q.sort = list_sort(req)))
		return -1;
	return http_ok(res, vol_pairing_list(req->db, req->who, &q, &req->err));
}

int api_vol_pairing_end(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    vol_pairing_end(req->db, req->who, id, http_input_str(req, "reason"), &req->err))
		return -1;
	return http_ok(res, json_pack("{s:I,s:s}", "id", (json_int_t)id, "status", "ended"));
}

int api_vol_pairing_visit(http_request *req, http_response *res)
{
	int64_t id, person = 0, order;
	vol_order_new in = { .service_code = "visit", .source = "visit_plan",
			     .wanted_on = http_input_str(req, "wanted_on"),
			     .note = http_input_str(req, "note"), .place = position_of(req) };

	if (http_param_id(req, "id", &id) ||
	    vol_pairing_person(req->db, req->who, id, &person, &req->err))
		return -1;
	in.person_id = person;
	in.pairing_id = id;
	if (vol_order_create(req->db, req->who, &in, &order, &req->err))
		return -1;
	return http_created(res, vol_order_view(req->db, req->who, order, &req->err));
}
