/* api_screen.c - 政策找人 over HTTP: the worklist (JSON and XLSX), working an
 * item, and starting a whole-city run with its progress. Scope and audit
 * are screen/'s business; the run itself is the job runner's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "http/api.h"
#include "jobs/jobs.h"
#include "screen/screen.h"

int api_screen_items(http_request *req, http_response *res)
{
	int64_t page, size;
	json_t *out;

	if (http_query_int(req, "page", 1, 1, 1000000, &page) ||
	    http_query_int(req, "page_size", 20, 1, SCREEN_PAGE_MAX, &size))
		return -1;
	out = screen_items(req->db, req->who, http_query(req, "division"), http_query(req, "program"),
			   http_query(req, "kind"), http_query(req, "status"), page, size, &req->err);
	return out ? http_ok(res, out) : -1;
}

int api_screen_items_xlsx(http_request *req, http_response *res)
{
	char *body;
	size_t len;

	if (screen_items_xlsx(req->db, req->who, http_query(req, "division"),
			      http_query(req, "program"), http_query(req, "kind"),
			      http_query(req, "status"), &body, &len, &req->err))
		return -1;
	http_add_header(res, "Content-Disposition", "attachment; filename=\"screening.xlsx\"");
	return http_raw(res, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			body, len);
}

/* POST /api/v1/screen/items/:id/work {disposition, note?, case_id?}:
 * {id, household_id, program, division_code, disposition}. */
int api_screen_item_work(http_request *req, http_response *res)
{
	const char *disposition = NULL, *note = NULL;
	int64_t id, case_id = 0;
	screen_item_ref ref;

	if (http_param_id(req, "id", &id) || http_require_json(req) || http_json_str(req, "disposition", 1, 16, &disposition) ||
	    http_json_str(req, "note", 0, 600, &note) ||
	    http_json_int(req, "case_id", 0, 1, INT64_MAX, &case_id))
		return -1;
	if (screen_item_work(req->db, req->who, id, disposition, note, case_id, &ref, &req->err))
		return -1;
	return http_ok(res, json_pack("{s:I,s:I,s:s,s:s,s:s}", "id", (json_int_t)ref.id,
				      "household_id", (json_int_t)ref.household_id, "program",
				      ref.program, "division_code", ref.division_code,
				      "disposition", disposition));
}

/* POST /api/v1/screen/runs: the runner runs the whole-city screening at its
 * next tick (a sweep of the whole registry never runs on an HTTP thread). */
int api_screen_run_start(http_request *req, http_response *res)
{
	if (jobs_request_run(req->db, req->who, "screen.city", &req->err))
		return -1;
	res->status = 202;
	res->json = json_pack("{s:s,s:b}", "job", "screen.city", "queued", 1);
	return 0;
}

static json_t *time_or_null(int64_t t)
{
	char buf[32];

	if (!t)
		return json_null();
	mz_time_format(t, buf);
	return json_string(buf);
}

/* GET /api/v1/screen/runs: the latest runs (no personal data: counts), the
 * progress of a run under way in this server, and the job's schedule. */
int api_screen_runs(http_request *req, http_response *res)
{
	json_t *runs, *job = json_null();
	screen_progress p;
	job_row *rows;
	int n;

	if (!(runs = screen_runs_recent(req->db, 10, &req->err)))
		return -1;
	if (jobs_list(req->db, &rows, &n, &req->err)) {
		json_decref(runs);
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (!strcmp(rows[i].name, "screen.city"))
			job = json_pack("{s:o,s:o,s:s,s:s,s:b,s:b}", "next_due",
					time_or_null(rows[i].next_due), "last_run_at",
					time_or_null(rows[i].last_run_at), "last_status",
					rows[i].last_status, "last_result", rows[i].last_result,
					"running", rows[i].running_by[0] != '\0', "requested",
					rows[i].run_requested);
	free(rows);
	screen_progress_get(&p);
	return http_ok(res, json_pack("{s:o,s:o,s:{s:b,s:s,s:I,s:I,s:o,s:o}}", "runs", runs, "job",
				      job, "progress", "running", p.running, "stage", p.stage,
				      "done", (json_int_t)p.done, "total", (json_int_t)p.total,
				      "started_at", time_or_null(p.started_at), "finished_at",
				      time_or_null(p.finished_at)));
}
