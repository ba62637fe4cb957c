/* api_deliberation.c - the deliberation halls' handlers: declared input
 * (routes.c) into a typed domain call, its JSON out. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domains/deliberation/deliberation.h"
#include "domains/deliberation/deliberation_api.h"
#include "http/list_sort.h"

#define BODY(name) json_string_value(json_object_get(req->json, name))
#define BODY_INT(name) json_integer_value(json_object_get(req->json, name))

static json_t *created_id(int64_t id)
{
	return json_pack("{s:I}", "id", (json_int_t)id);
}

/* The ids of a declared array of integers (checked by the router); owned
 * by the caller. */
static int64_t *ids_of(const json_t *arr, size_t *n)
{
	int64_t *ids = mz_xcalloc(json_array_size(arr) + 1, sizeof(*ids));
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		ids[i] = json_integer_value(v);
	*n = json_array_size(arr);
	return ids;
}

int api_dl_params(http_request *req, http_response *res)
{
	return http_ok(res, dl_params_list(req->db, &req->err));
}

int api_dl_hall_list(http_request *req, http_response *res)
{
	int64_t page, size;
	const char *sort = list_sort(req);

	if (!sort || http_query_page(req, DL_PAGE_MAX, &page, &size))
		return -1;
	return http_ok(res, dl_hall_list(req->db, req->who, http_query(req, "division"),
					 http_query(req, "q"), sort, page, size, &req->err));
}

int api_dl_hall_create(http_request *req, http_response *res)
{
	dl_hall_new in = { BODY("division_code"), BODY("name"), BODY("address") };
	int64_t id;

	if (dl_hall_create(req->db, req->who, &in, &id, &req->err))
		return -1;
	return http_created(res, dl_hall_get(req->db, req->who, id, &req->err));
}

int api_dl_hall_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, dl_hall_get(req->db, req->who, id, &req->err));
}

int api_dl_rep_add(http_request *req, http_response *res)
{
	dl_rep_new in = { BODY("kind"), BODY_INT("person_id"), BODY("label") };
	int64_t hall, id;

	if (http_param_id(req, "id", &hall) || dl_rep_add(req->db, req->who, hall, &in, &id, &req->err))
		return -1;
	return http_created(res, created_id(id));
}

int api_dl_topic_create(http_request *req, http_response *res)
{
	dl_topic_new in = { BODY("title"), BODY("description"), BODY("raised_by"), BODY("raised_on") };
	int64_t hall, id;

	if (http_param_id(req, "id", &hall) ||
	    dl_topic_create(req->db, req->who, hall, &in, &id, &req->err))
		return -1;
	return http_created(res, created_id(id));
}

int api_dl_meeting_create(http_request *req, http_response *res)
{
	dl_meeting_new in = { BODY("title"), BODY("held_on"), BODY("place"), NULL, 0 };
	int64_t hall, id, *topics;
	int r;

	if (http_param_id(req, "id", &hall))
		return -1;
	topics = ids_of(json_object_get(req->json, "topic_ids"), &in.n_topics);
	in.topic_ids = topics;
	r = dl_meeting_create(req->db, req->who, hall, &in, &id, &req->err);
	free(topics);
	if (r)
		return -1;
	return http_created(res, dl_meeting_get(req->db, req->who, id, &req->err));
}

int api_dl_meeting_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, dl_meeting_get(req->db, req->who, id, &req->err));
}

int api_dl_attendance(http_request *req, http_response *res)
{
	int64_t id, *present;
	size_t n;
	int r;

	if (http_param_id(req, "id", &id))
		return -1;
	present = ids_of(json_object_get(req->json, "present"), &n);
	r = dl_meeting_attendance(req->db, req->who, id, present, n, &req->err);
	free(present);
	if (r)
		return -1;
	return http_ok(res, dl_meeting_get(req->db, req->who, id, &req->err));
}

int api_dl_minutes_draft(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    dl_minutes_draft(req->db, req->who, id, BODY("text"), &req->err))
		return -1;
	return http_ok(res, dl_meeting_get(req->db, req->who, id, &req->err));
}

int api_dl_minutes_amend(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    dl_minutes_amend(req->db, req->who, id, BODY_INT("representative_id"), BODY("text"),
			     BODY("note"), &req->err))
		return -1;
	return http_created(res, dl_meeting_get(req->db, req->who, id, &req->err));
}

int api_dl_minutes_publish(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) || dl_minutes_publish(req->db, req->who, id, &req->err))
		return -1;
	return http_ok(res, dl_meeting_get(req->db, req->who, id, &req->err));
}

int api_dl_resolution_create(http_request *req, http_response *res)
{
	const json_t *arr = json_object_get(req->json, "tasks");
	size_t n = json_array_size(arr), i;
	dl_task_new *tasks = mz_xcalloc(n + 1, sizeof(*tasks));
	dl_resolution_new in = { BODY_INT("topic_id"), BODY("text"), BODY("responsible_unit"),
				 BODY("due_on"), tasks, n };
	int64_t meeting, id;
	json_t *t;
	int r;

	json_array_foreach(arr, i, t) {
		tasks[i].title = json_string_value(json_object_get(t, "title"));
		tasks[i].due_on = json_string_value(json_object_get(t, "due_on"));
	}
	r = http_param_id(req, "id", &meeting) ||
	    dl_resolution_create(req->db, req->who, meeting, &in, &id, &req->err);
	free(tasks);
	if (r)
		return -1;
	return http_created(res, dl_resolution_get(req->db, req->who, id, &req->err));
}

int api_dl_resolution_list(http_request *req, http_response *res)
{
	int64_t page, size;
	const char *sort = list_sort(req);

	if (!sort || http_query_page(req, DL_PAGE_MAX, &page, &size))
		return -1;
	return http_ok(res, dl_resolution_list(req->db, req->who, http_query(req, "division"),
					       http_query(req, "status"), sort, page, size,
					       &req->err));
}

int api_dl_resolution_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, dl_resolution_get(req->db, req->who, id, &req->err));
}

int api_dl_task_done(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) ||
	    dl_task_done(req->db, req->who, id, BODY_INT("task_id"), BODY("evidence"), BODY("done_on"),
			 &req->err))
		return -1;
	return http_ok(res, dl_resolution_get(req->db, req->who, id, &req->err));
}

int api_dl_rates(http_request *req, http_response *res)
{
	const char *as_of = http_query(req, "as_of");

	return http_ok(res, dl_rates(req->db, req->who, http_query(req, "division"),
				     as_of ? mz_day_parse(as_of) : mz_today(), &req->err));
}

int api_dl_escalate(http_request *req, http_response *res)
{
	dl_escalate_summary s;

	if (dl_escalate(req->db, req->who, mz_today(), &s, &req->err))
		return -1;
	return http_ok(res, json_pack("{s:I,s:I,s:I}", "checked", (json_int_t)s.checked, "escalated",
				      (json_int_t)s.raised, "handed_over", (json_int_t)s.handed_over));
}

/* No session: the hall's public page. Nothing personal leaves
 * (dl_public_hall), so nothing is audited. */
int api_dl_public_hall(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, dl_public_hall(req->db, id, &req->err));
}
