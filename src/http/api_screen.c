/* api_screen.c - the screening worklist (政策找人): JSON and XLSX. Scope and
 * audit are screen/'s business. */
#include "http/api.h"
#include "screen/screen.h"

int api_screen_items(http_request *req, http_response *res)
{
	int64_t page, size;
	json_t *out;

	if (http_query_int(req, "page", 1, 1, 1000000, &page) ||
	    http_query_int(req, "page_size", 20, 1, SCREEN_PAGE_MAX, &size))
		return -1;
	out = screen_items(req->db, req->who, http_query(req, "division"), http_query(req, "program"),
			   http_query(req, "kind"), page, size, &req->err);
	return out ? http_ok(res, out) : -1;
}

int api_screen_items_xlsx(http_request *req, http_response *res)
{
	char *body;
	size_t len;

	if (screen_items_xlsx(req->db, req->who, http_query(req, "division"),
			      http_query(req, "program"), http_query(req, "kind"), &body, &len,
			      &req->err))
		return -1;
	http_add_header(res, "Content-Disposition", "attachment; filename=\"screening.xlsx\"");
	return http_raw(res, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			body, len);
}
