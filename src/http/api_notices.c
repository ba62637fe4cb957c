/* api_notices.c - the bell: the caller's own notices (list, unread count,
 * mark read). JSON is made here; whose notices and which scope are
 * notices/'s business: every call reads only req->who's own rows. */
#include <jansson.h>

#include "access/access.h"
#include "http/api.h"
#include "http/inputs.h"
#include "http/notices_api.h"
#include "notices/notices.h"
#include "http/openapi_schemas.h"

#define NOTICES_PAGE_MAX 100

static json_t *time_or_null(int64_t t)
{
	char buf[32];

	if (!t)
		return json_null();
	mz_time_format(t, buf);
	return json_string(buf);
}

static json_t *notice_json(const notice_row *r)
{
	json_t *params = json_loads(r->params ? r->params : "{}", 0, NULL);

	return json_pack("{s:I,s:s,s:o,s:s,s:s,s:o,s:o,s:b}", "id", (json_int_t)r->id, "kind",
			 r->kind, "params", params ? params : json_object(), "link", r->link,
			 "division_code", r->division, "created_at", time_or_null(r->created_at),
			 "read_at", time_or_null(r->read_at), "unread", !r->read_at);
}

static int api_notices_list(http_request *req, http_response *res)
{
	notice_page pg;
	int64_t page, size, unread_only;
	json_t *items, *out;

	if (http_query_page(req, NOTICES_PAGE_MAX, &page, &size) ||
	    http_query_int(req, "unread", 0, 0, 1, &unread_only) ||
	    notices_list(req->db, req->who, http_query(req, "kind"), (int)unread_only, page, size,
			 &pg, &req->err))
		return -1;
	items = json_array();
	for (size_t i = 0; i < pg.n; i++)
		json_array_append_new(items, notice_json(&pg.items[i]));
	out = json_pack("{s:o,s:I,s:I}", "items", items, "total", (json_int_t)pg.total, "unread",
			(json_int_t)pg.unread);
	notice_page_release(&pg);
	return http_ok(res, out);
}

static int api_notices_unread(http_request *req, http_response *res)
{
	int64_t n;

	if (notices_unread(req->db, req->who, &n, &req->err))
		return -1;
	return http_ok(res, json_pack("{s:I}", "unread", (json_int_t)n));
}

static int api_notice_read(http_request *req, http_response *res)
{
	int64_t id, n;

	if (http_param_id(req, "id", &id) || notices_mark_read(req->db, req->who, id, &req->err) ||
	    notices_unread(req->db, req->who, &n, &req->err))
		return -1;
	return http_ok(res, json_pack("{s:I,s:I}", "id", (json_int_t)id, "unread", (json_int_t)n));
}

static int api_notices_read_all(http_request *req, http_response *res)
{
	int64_t marked;

	if (notices_mark_all_read(req->db, req->who, &marked, &req->err))
		return -1;
	return http_ok(res, json_pack("{s:I,s:I}", "marked", (json_int_t)marked, "unread", 0));
}

/* The kinds the writers use (notices/notices.h); the filter takes no other. */
static const char *const notice_kinds[] = { "case_deadline", "case_overdue", "notice_ending",
					    "objection_open", "case_transferred", "case_decided",
					    "payment_returned", NULL };

static const http_input in_list[] = {
	HTTP_Q_PAGE(NOTICES_PAGE_MAX), HTTP_Q_ENUM("kind", notice_kinds), HTTP_Q_INT("unread", 0, 1),
	HTTP_INPUT_END
};
static const http_input in_read[] = { HTTP_P_ID("id"), HTTP_INPUT_END };

/* Every signed-in account has a bell; each sees only its own notices. */
const http_route notices_routes[] = {
	{ "GET", "/api/v1/inbox", api_notices_list, ROLE_ANY, 0, "Your notices (deadline reminders, assignments, returned payments), unread first then newest; filter by kind or unread=1; with total and unread", in_list, .response = &oas_inbox },
	{ "GET", "/api/v1/inbox/unread", api_notices_unread, ROLE_ANY, 0, "How many of your notices are unread (the bell's count)", http_no_inputs, .response = &oas_inbox_unread },
	{ "POST", "/api/v1/inbox/read-all", api_notices_read_all, ROLE_ANY, 0, "Marks every notice of yours read (audited)", http_no_inputs, .response = &oas_inbox_read_all_post },
	{ "POST", "/api/v1/inbox/:id/read", api_notice_read, ROLE_ANY, 0, "Marks one of your notices read (audited); another account's is not found", in_read, .response = &oas_inbox_read_post },
	{ NULL }
};
