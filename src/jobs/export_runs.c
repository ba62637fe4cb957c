/* export_runs.c - list export progress (export_runs.h). */
#include "jobs/export_runs.h"

#include <string.h>

#include "base/date.h"

int export_run_token_valid(const char *token)
{
	size_t n = token ? strlen(token) : 0;

	if (n < 8 || n > 64)
		return 0;
	for (const char *p = token; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return 0;
	return 1;
}

int export_run_start(store_conn *c, const access_ctx *who, const char *token, const char *list,
		     mz_err *e)
{
	int64_t now = mz_now_unix();

	if (!export_run_token_valid(token))
		return mz_fail(e, MZ_EINVAL, "token",
			       "an export token has 8-64 letters, digits, '-' or '_'",
			       "导出进度标识须为 8 至 64 个字母、数字、“-”或“_”");
	if (store_run(c, e, "DELETE FROM export_runs WHERE started_at < ?", now - 86400) < 0)
		return -1;
	return store_run(c, e, "INSERT INTO export_runs (user_id, token, list, rows_done, total,"
			       " status, started_at, updated_at) VALUES (?, ?, ?, 0, -1, 'running', ?, ?)"
			       " ON CONFLICT (user_id, token) DO UPDATE SET list = excluded.list,"
			       " rows_done = 0, total = -1, status = 'running',"
			       " started_at = excluded.started_at, updated_at = excluded.updated_at",
			 who->user_id, token, list, now, now) < 0 ? -1 : 0;
}

int export_run_update(store_conn *c, const access_ctx *who, const char *token, int64_t rows,
		      int64_t total, const char *status, mz_err *e)
{
	return store_run(c, e, "UPDATE export_runs SET rows_done = ?, total = ?, status = ?,"
			       " updated_at = ? WHERE user_id = ? AND token = ?",
			 rows, total, status, mz_now_unix(), who->user_id, token) < 0 ? -1 : 0;
}

json_t *export_run_get(store_conn *c, const access_ctx *who, const char *token, mz_err *e)
{
	char list[64] = "", status[16] = "";
	int64_t rows = 0, total = -1, started = 0, updated = 0;
	int r;

	if (!export_run_token_valid(token))
		return mz_fail(e, MZ_ENOTFOUND, "token", "no such export", "没有该导出任务"), NULL;
	r = store_row(c, e, "SELECT list, rows_done, total, status, started_at, updated_at"
			    " FROM export_runs WHERE user_id = ? AND token = ?",
		      STORE_INTO(STORE_TEXT(list), &rows, &total, STORE_TEXT(status), &started,
				 &updated),
		      who->user_id, token);
	if (r < 0)
		return NULL;
	if (!r)
		return mz_fail(e, MZ_ENOTFOUND, "token", "no such export", "没有该导出任务"), NULL;
	return json_pack("{s:s,s:s,s:I,s:o,s:s,s:I,s:I}", "token", token, "list", list, "rows",
			 (json_int_t)rows, "total", total >= 0 ? json_integer(total) : json_null(),
			 "status", status, "started_at", (json_int_t)started, "updated_at",
			 (json_int_t)updated);
}
