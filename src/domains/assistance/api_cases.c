/* api_cases.c - social-assistance cases: intake, evaluation, actions,
 * objections, the public notice, the working-day calendar. JSON in,
 * domain call (assistance/, cases/), JSON out. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/assistance/assistance.h"
#include "base/log.h"
#include "domains/assistance/assistance_api.h"

/* The server's current policy set. The policy engineer's api_policy.c
 * provides api_policy_current() (a new reference, policy_set_unref when
 * done); until it is linked in, the set is loaded here once from
 * $MINZHENG_POLICY_DIR, else policies/guangzhou. */
policy_set *api_policy_current(void) __attribute__((weak));

static pthread_once_t fallback_once = PTHREAD_ONCE_INIT;
static policy_holder *fallback_holder;

static void fallback_load(void)
{
	const char *dir = getenv("MINZHENG_POLICY_DIR");
	policy_diags d = { 0 };
	mz_err e = { 0 };

	fallback_holder = policy_holder_new(dir && *dir ? dir : "policies/guangzhou", &d, &e);
	if (!fallback_holder)
		mz_log_error("policy set not loaded", "error", e.message, "field", e.field);
	policy_diags_release(&d);
}

static policy_set *current_policy_set(void)
{
	if (api_policy_current)
		return api_policy_current();
	pthread_once(&fallback_once, fallback_load);
	return fallback_holder ? policy_holder_get(fallback_holder) : NULL;
}

int api_assist_programs(http_request *req, http_response *res)
{
	(void)req;
	return http_ok(res, assist_programs_json());
}

int api_cases_create(http_request *req, http_response *res)
{
	int64_t id;
	json_t *c;

	if (http_require_json(req) || assist_intake(req->db, req->who, req->json, &id, &req->err))
		return -1;
	c = assist_case_get(req->db, req->who, id, &req->err);
	return c ? http_created(res, c) : -1;
}

int api_case_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, assist_case_get(req->db, req->who, id, &req->err));
}

int api_case_evaluate(http_request *req, http_response *res)
{
	policy_set *set;
	json_t *out;
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	set = current_policy_set();
	out = assist_evaluate(req->db, req->who, set, id, req->json, &req->err);
	policy_set_unref(set);
	return http_ok(res, out);
}

int api_case_override(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) || http_require_json(req))
		return -1;
	return http_ok(res, assist_override(req->db, req->who, id, req->json, &req->err));
}

int api_case_act(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) || http_require_json(req))
		return -1;
	return http_ok(res, assist_act(req->db, req->who, id, req->json, &req->err));
}

int api_case_attach(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) || http_require_json(req))
		return -1;
	if (store_begin(req->db, &req->err))
		return -1;
	if (case_attachment_add(req->db, req->who, id, req->json, &req->err) ||
	    case_touch_tx(req->db, id, &req->err) || store_commit(req->db, &req->err)) {
		store_rollback(req->db);
		return -1;
	}
	return http_ok(res, assist_case_get(req->db, req->who, id, &req->err));
}

int api_case_objection_add(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) || http_require_json(req))
		return -1;
	return http_ok(res, assist_objection_add(req->db, req->who, id, req->json, &req->err));
}

int api_case_objection_handle(http_request *req, http_response *res)
{
	int64_t id, oid;

	if (http_param_id(req, "id", &id) || http_param_id(req, "objection_id", &oid) ||
	    http_require_json(req))
		return -1;
	return http_ok(res, assist_objection_handle(req->db, req->who, id, oid, req->json, &req->err));
}

int api_case_verify(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, assist_verify(req->db, req->who, id, &req->err));
}

int api_case_verification(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, assist_verification_get(req->db, req->who, id, &req->err));
}

int api_notices(http_request *req, http_response *res)
{
	return http_ok(res, assist_notice_list(req->db, req->who, http_query(req, "division"),
					     &req->err));
}

int api_notices_xlsx(http_request *req, http_response *res)
{
	char *body;
	size_t len;

	if (assist_notice_xlsx(req->db, req->who, http_query(req, "division"), &body, &len,
			       &req->err))
		return -1;
	http_add_header(res, "Content-Disposition", "attachment; filename=\"notice.xlsx\"");
	return http_raw(res, 200,
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body, len);
}

int api_staff_kin_create(http_request *req, http_response *res)
{
	int64_t id;

	if (http_require_json(req) || assist_staff_kin_add(req->db, req->who, req->json, &id, &req->err))
		return -1;
	return http_created(res, json_pack("{s:I}", "id", (json_int_t)id));
}

int api_calendar_get(http_request *req, http_response *res)
{
	const char *from = http_query(req, "from"), *to = http_query(req, "to");
	mz_day f = from ? mz_day_parse(from) : mz_today() - 31;
	mz_day t = to ? mz_day_parse(to) : mz_today() + 62;
	json_t *days;
	workcal cal;

	if (f == MZ_DAY_INVALID || t == MZ_DAY_INVALID || t < f || t - f > 731)
		return mz_fail(&req->err, MZ_EINVAL, from && mz_day_parse(from) == MZ_DAY_INVALID
				       ? "from" : "to",
			       "from/to must be dates YYYY-MM-DD at most two years apart",
			       "起止日期应为 YYYY-MM-DD，且相隔不超过两年");
	if (workcal_load(req->db, &cal, &req->err))
		return -1;
	days = json_array();
	for (mz_day d = f; d <= t; d++) {
		char s[11];

		mz_day_format(d, s);
		json_array_append_new(days, json_pack("{s:s,s:b}", "day", s, "workday",
						      workcal_is_workday(&cal, d)));
	}
	workcal_release(&cal);
	return http_ok(res, json_pack("{s:o}", "days", days));
}

int api_calendar_put(http_request *req, http_response *res)
{
	const char *day = http_param(req, "day"), *kind = NULL, *name = NULL;

	if (http_require_json(req) || http_json_str(req, "name", 0, 50, &name))
		return -1;
	kind = json_string_value(json_object_get(req->json, "kind"));
	if (store_begin(req->db, &req->err))
		return -1;
	if (workcal_store_day(req->db, day, kind, name, &req->err) ||
	    audit_append(req->db, req->who, AUDIT_WRITE, kind ? "calendar.set" : "calendar.clear",
			 "calendar", day, "", name ? name : "", NULL, &req->err) ||
	    store_commit(req->db, &req->err)) {
		store_rollback(req->db);
		return -1;
	}
	return http_ok(res, json_pack("{s:s,s:s?}", "day", day, "kind", kind));
}

/* POST /api/v1/cases/:id/payee {person_id, bank_account, reason} */
int api_case_payee(http_request *req, http_response *res)
{
	int64_t id, pid;
	const char *bank, *reason;
	json_t *c;

	if (http_param_id(req, "id", &id) || http_require_json(req) ||
	    http_json_int(req, "person_id", 1, 1, INT64_MAX, &pid) ||
	    http_json_str(req, "bank_account", 1, 32, &bank) ||
	    http_json_str(req, "reason", 1, 500, &reason) ||
	    assist_set_payee(req->db, req->who, id, pid, bank, reason, &req->err))
		return -1;
	c = assist_case_get(req->db, req->who, id, &req->err);
	return c ? http_ok(res, c) : -1;
}
