/* api_screen.c - 政策找人 over HTTP: the worklist (JSON and XLSX), working an
 * item, and starting a whole-city run with its progress. Scope and audit
 * are screen/'s business; the run itself is the job runner's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "http/api.h"
#include "http/list_export.h"
#include "http/list_sort.h"
#include "jobs/jobs.h"
#include "screen/screen.h"

/* The worklist, declared once for its JSON pages and its XLSX
 * (http/list_export.h): amounts in yuan as numbers, codes as labels, the
 * filters named above the header. */
static json_t *items_page(http_request *req, int64_t page, int64_t size)
{
	return screen_items(req->db, req->who, http_query(req, "division"), http_query(req, "program"),
			    http_query(req, "kind"), http_query(req, "status"), list_sort(req), page, size,
			    &req->err);
}

static const char *const kind_labels[] = {
	"eligible_not_enrolled", "符合条件未纳入", "enrolled_not_eligible", "已纳入但不再符合",
	"amount_changed", "金额变化", NULL
};
static const char *const disposition_labels[] = {
	"", "待处理", "accepted", "已受理", "dismissed", "不予跟进", "linked", "已关联案件", NULL
};
static const char *const status_labels[] = { "open", "待处理", "done", "已处理", "all", "全部",
					      NULL };

static const list_column items_cols[] = {
	{ "division_code", "社区", LIST_DIVISION, NULL, 28 },
	{ "household_id", "家庭编号", LIST_INT, NULL, 10 },
	{ "program", "救助项目", LIST_PROGRAM, NULL, 18 },
	{ "kind", "类型", LIST_LABEL, kind_labels, 16 },
	{ "amount_fen", "测算月金额（元）", LIST_YUAN, NULL, 14 },
	{ "enrolled_amount_fen", "现发月金额（元）", LIST_YUAN, NULL, 14 },
	{ "failed", "未通过条件", LIST_TEXT, NULL, 24 },
	{ "on_date", "测算日期", LIST_DATE, NULL, 12 },
	{ "status", "状态", LIST_LABEL, status_labels, 8 },
	{ "disposition", "处理结果", LIST_LABEL, disposition_labels, 10 },
	{ "note", "说明", LIST_TEXT, NULL, 24 },
	{ "case_id", "关联案件", LIST_INT, NULL, 10 },
	{ "handled_by", "处理人", LIST_TEXT, NULL, 12 },
	{ "handled_at", "处理时间", LIST_DATETIME, NULL, 17 },
	{ NULL, NULL, 0, NULL, 0 }
};
static const char *const items_filters[] = { "division", "区划", "program", "救助项目", "kind", "类型",
					     "status", "状态", "sort", "排序", NULL };
static const list_def items_list = { "screening", "政策找人工作清单", items_cols, items_filters,
				     items_page, SCREEN_PAGE_MAX, NULL };

int api_screen_items(http_request *req, http_response *res)
{
	return http_list_json(req, res, &items_list);
}

int api_screen_items_xlsx(http_request *req, http_response *res)
{
	return http_list_xlsx(req, res, &items_list);
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
