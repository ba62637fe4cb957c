/* api_jobs.c - the job runner and the event outbox over HTTP: JSON in,
 * jobs/ and events/ calls, JSON out. Times are Beijing ISO 8601 strings
 * ("2026-12-07T02:00:00+08:00") or null. */
#include <string.h>

#include "base/date.h"
#include "events/events.h"
#include "http/api.h"
#include "jobs/jobs.h"

#define EVENTS_PAGE_MAX 200

static json_t *time_or_null(int64_t t)
{
	char buf[32];

	if (!t)
		return json_null();
	mz_time_format(t, buf);
	return json_string(buf);
}

int api_jobs_list(http_request *req, http_response *res)
{
	json_t *items = json_array();
	job_row *rows;
	int n;

	if (jobs_list(req->db, &rows, &n, &req->err)) {
		json_decref(items);
		return -1;
	}
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack(
			"{s:s,s:s,s:s,s:s,s:o,s:o,s:s?,s:s,s:I,s:b}", "name", rows[i].name,
			"title_zh", rows[i].title_zh, "title_en", rows[i].title_en, "schedule",
			rows[i].schedule, "next_due", time_or_null(rows[i].next_due), "last_run_at",
			time_or_null(rows[i].last_run_at), "last_status",
			rows[i].last_status[0] ? rows[i].last_status : NULL, "last_result",
			rows[i].last_result, "runs", (json_int_t)rows[i].runs, "running",
			rows[i].running_by[0] != '\0'));
	free(rows);
	return http_ok(res, json_pack("{s:o}", "items", items));
}

/* Asynchronous by design: the run happens in the runner that holds the
 * lease (this server or another one on the database), at its next tick,
 * so a request never runs a sweep of the whole city on an HTTP thread. */
int api_job_run(http_request *req, http_response *res)
{
	const char *name = http_param(req, "name");

	if (jobs_request_run(req->db, req->who, name, &req->err))
		return -1;
	res->status = 202;
	res->json = json_pack("{s:s,s:b}", "job", name, "queued", 1);
	return 0;
}

static json_t *event_json(const event_row *r)
{
	json_t *payload = json_loads(r->payload ? r->payload : "{}", 0, NULL);
	json_t *ds = json_array();

	for (int i = 0; i < r->ndeliveries; i++) {
		const event_delivery_row *d = &r->deliveries[i];

		json_array_append_new(ds, json_pack(
			"{s:s,s:s,s:i,s:s,s:o,s:o}", "subscriber", d->subscriber, "status", d->status,
			"attempts", d->attempts, "last_error", d->last_error, "next_attempt_at",
			time_or_null(d->next_attempt_at), "done_at", time_or_null(d->done_at)));
	}
	return json_pack("{s:I,s:s,s:I,s:s,s:o,s:s,s:o,s:s,s:o}", "id", (json_int_t)r->id, "type",
			 r->type, "subject_id", (json_int_t)r->subject_id, "division_code",
			 r->division_code, "payload", payload ? payload : json_object(),
			 "published_by", r->published_by, "created_at", time_or_null(r->created_at),
			 "status", r->status, "deliveries", ds);
}

int api_events_list(http_request *req, http_response *res)
{
	event_page pg;
	int64_t page, size, total;
	json_t *items;

	if (http_query_page(req, EVENTS_PAGE_MAX, &page, &size) ||
	    events_list(req->db, req->who, http_query(req, "status"), page, size, &pg, &req->err))
		return -1;
	items = json_array();
	for (int i = 0; i < pg.n; i++)
		json_array_append_new(items, event_json(&pg.items[i]));
	total = pg.total;
	events_page_release(&pg);
	return http_ok(res, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total));
}

int api_event_retry(http_request *req, http_response *res)
{
	int64_t id;
	int n;

	if (http_param_id(req, "id", &id) || events_retry(req->db, req->who, id, &n, &req->err))
		return -1;
	return http_ok(res, json_pack("{s:I,s:i}", "id", (json_int_t)id, "requeued", n));
}
