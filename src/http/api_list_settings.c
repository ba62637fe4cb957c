/* api_list_settings.c - what a list page keeps on the server besides its
 * rows: the signed-in user's column settings per table
 * (access/table_settings.h) and the progress of an export they started
 * (jobs/export_runs.h). Every call is about the caller's own rows only. */
#include "access/table_settings.h"
#include "http/api.h"
#include "jobs/export_runs.h"

int api_table_settings_get(http_request *req, http_response *res)
{
	return http_ok(res, access_table_settings_get(req->db, req->who, http_param(req, "table"),
						      &req->err));
}

int api_table_settings_put(http_request *req, http_response *res)
{
	return http_ok(res, access_table_settings_put(req->db, req->who, http_param(req, "table"),
						      req->json, &req->err));
}

int api_table_settings_delete(http_request *req, http_response *res)
{
	if (access_table_settings_reset(req->db, req->who, http_param(req, "table"), &req->err))
		return -1;
	return http_ok(res, json_pack("{s:b}", "ok", 1));
}

int api_export_progress(http_request *req, http_response *res)
{
	return http_ok(res, export_run_get(req->db, req->who, http_param(req, "token"), &req->err));
}
