/* api_ledger.c - the time bank over HTTP: accounts, movements, reversals,
 * the ledger check, exchanges and family transfers. */
#include "domains/volunteer/views.h"
#include "domains/volunteer/volunteer.h"
#include "domains/volunteer/volunteer_api.h"
#include "http/inputs.h"

int api_vol_account_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, vol_account_view(req->db, req->who, id, &req->err));
}

int api_vol_movements(http_request *req, http_response *res)
{
	vol_list_query q = { .state = http_input_str(req, "kind"),
			     .page = http_input_int(req, "page", 1),
			     .page_size = http_input_int(req, "page_size", 20) };

	return http_ok(res, vol_movement_list(req->db, req->who, &q, &req->err));
}

int api_vol_movement_reverse(http_request *req, http_response *res)
{
	int64_t id, rid;

	if (http_param_id(req, "id", &id) ||
	    vol_ledger_reverse(req->db, req->who, id, http_input_str(req, "reason"), &rid, &req->err))
		return -1;
	return http_created(res, json_pack("{s:I,s:I}", "id", (json_int_t)rid, "reverses_id",
					   (json_int_t)id));
}

int api_vol_ledger_check(http_request *req, http_response *res)
{
	return http_ok(res, vol_ledger_view(req->db, &req->err));
}

int api_vol_exchange(http_request *req, http_response *res)
{
	int64_t id, mid;

	if (http_param_id(req, "id", &id) ||
	    vol_exchange(req->db, req->who, id, http_input_str(req, "service_code"),
			 http_input_int(req, "minutes", 0), http_input_str(req, "reason"), &mid,
			 &req->err))
		return -1;
	return http_created(res, json_pack("{s:I}", "movement_id", (json_int_t)mid));
}

int api_vol_transfer(http_request *req, http_response *res)
{
	int64_t id, mid;

	if (http_param_id(req, "id", &id) ||
	    vol_transfer_family(req->db, req->who, id, http_input_int(req, "person_id", 0),
				http_input_int(req, "minutes", 0), http_input_str(req, "reason"), &mid,
				&req->err))
		return -1;
	return http_created(res, json_pack("{s:I}", "movement_id", (json_int_t)mid));
}
