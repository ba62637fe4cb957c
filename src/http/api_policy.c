/* api_policy.c - the rules as code over HTTP: the programs with their dated
 * parameters, one household decided with the full trace, and reloading the
 * rules directory. The server keeps one policy_holder (cmd_serve.c creates
 * it before the server starts and hands it over with api_policy_init); a
 * reload that finds a broken file keeps the last good set serving. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "base/log.h"
#include "http/api.h"
#include "http/inputs.h"
#include "policy/policy.h"

static policy_holder *holder;

void api_policy_init(policy_holder *h)
{
	holder = h;
}

/* Overrides the weak declaration in api_cases.c: every handler that decides
 * anything uses the one set the server holds. */
policy_set *api_policy_current(void)
{
	return holder ? policy_holder_get(holder) : NULL;
}

static policy_set *current_or_fail(mz_err *e)
{
	policy_set *s = api_policy_current();

	if (!s)
		mz_fail(e, MZ_EUNAVAIL, "", "no policy set is loaded", "未加载政策规则");
	return s;
}

int api_policy_programs(http_request *req, http_response *res)
{
	policy_set *s = current_or_fail(&req->err);
	json_t *items;

	if (!s)
		return -1;
	items = json_array();
	for (size_t i = 0; i < policy_set_count(s); i++)
		json_array_append_new(items, policy_program_describe(policy_set_program(s, i)));
	json_t *out = json_pack("{s:o,s:s,s:I}", "items", items, "source", policy_set_source(s),
				"total", (json_int_t)policy_set_count(s));
	policy_set_unref(s);
	return http_ok(res, out);
}

int api_policy_program_get(http_request *req, http_response *res)
{
	const char *code = http_param(req, "code");
	policy_set *s = current_or_fail(&req->err);
	const policy_program *p;
	json_t *out;

	if (!s)
		return -1;
	p = policy_set_find(s, code ? code : "");
	if (!p) {
		policy_set_unref(s);
		return mz_fail(&req->err, MZ_ENOTFOUND, "code", "no such program", "没有该项目");
	}
	out = policy_program_describe(p);
	json_object_set_new(out, "text", json_string(policy_program_text(p)));
	json_object_set_new(out, "path", json_string(policy_program_path(p)));
	policy_set_unref(s);
	return http_ok(res, out);
}

int api_policy_eval(http_request *req, http_response *res)
{
	const char *date_s;
	json_t *hh;
	policy_set *s;
	json_t *out;
	mz_day date;

	/* The router has checked both: date a real YYYY-MM-DD, household an
	 * object (in_policy_eval in routes.c). */
	date_s = http_input_str(req, "date");
	date = mz_day_parse(date_s);
	hh = json_object_get(req->json, "household");
	s = current_or_fail(&req->err);
	if (!s)
		return -1;
	out = policy_eval_json(s, hh, date, &req->err);
	policy_set_unref(s);
	if (!out) {
		/* The parser names the path inside the household; the caller sent
		 * it under "household". */
		if (req->err.code == MZ_EINVAL) {
			char f[sizeof(req->err.field)];

			snprintf(f, sizeof(f), "household%s%s", req->err.field[0] == '[' ? "" : ".",
				 req->err.field);
			memcpy(req->err.field, f, sizeof(f));
		}
		return -1;
	}
	return http_ok(res, out);
}

int api_policy_reload(http_request *req, http_response *res)
{
	policy_diags d = { 0 };
	policy_set *s;
	audit_entry a;
	char detail[600];
	json_t *errors, *out;
	int rc;

	if (!holder)
		return mz_fail(&req->err, MZ_EUNAVAIL, "", "no policy set is loaded", "未加载政策规则");
	rc = policy_holder_reload(holder, &d, &req->err);
	errors = json_array();
	for (size_t i = 0; i < d.n; i++) {
		char line[900];

		policy_diag_format(&d.items[i], line, sizeof(line));
		json_array_append_new(errors, json_pack("{s:s,s:i,s:i,s:s,s:s,s:s}", "file",
							d.items[i].file, "line", d.items[i].line,
							"col", d.items[i].col, "message",
							d.items[i].message, "message_zh",
							d.items[i].message_zh, "text", line));
	}
	policy_diags_release(&d);
	s = api_policy_current();
	if (rc) {
		char *first = json_dumps(json_array_get(errors, 0), JSON_COMPACT);

		snprintf(detail, sizeof(detail), "{\"ok\":false,\"errors\":%zu,\"first\":%s}",
			 json_array_size(errors), first && strlen(first) < 500 ? first : "null");
		free(first);
	} else {
		snprintf(detail, sizeof(detail), "{\"ok\":true,\"programs\":%zu}",
			 s ? policy_set_count(s) : (size_t)0);
	}
	audit_entry_init(&a, req->who, "policy.reload", "policy",
			 s ? policy_set_source(s) : "", "", "");
	a.detail = detail;
	if (rc) {
		mz_err keep = req->err, e2 = { 0 };

		mz_log(MZ_LOG_WARN, "policy reload rejected; the last good set keeps serving",
		       "field", keep.field, "error", keep.message, (const char *)0);
		if (audit_record(req->store, &a, &e2))
			mz_log_error("policy reload audit failed", "error", e2.message);
		req->err = keep;
		json_decref(errors);
		policy_set_unref(s);
		return -1;
	}
	if (audit_record(req->store, &a, &req->err)) {
		json_decref(errors);
		policy_set_unref(s);
		return -1;
	}
	out = json_pack("{s:b,s:s,s:I,s:o}", "reloaded", 1, "source", policy_set_source(s),
			"programs", (json_int_t)policy_set_count(s), "warnings", errors);
	policy_set_unref(s);
	return http_ok(res, out);
}
