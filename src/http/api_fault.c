/* api_fault.c - the test-only switch of the fault countdown
 * (store/store_fault.h), for scripts/fault_run.mjs. The routes exist in
 * every build but answer not_found unless the server was started with
 * MZ_FAULT_ENABLE=1, so a production server cannot be made to fail on
 * purpose. City admins only. */
#include "http/api.h"
#include "store/store_fault.h"

static int fault_disabled(http_request *req)
{
	return mz_fail(&req->err, MZ_ENOTFOUND, "", "not found", "未找到");
}

static json_t *fault_state(void)
{
	return json_pack("{s:b,s:I,s:I}", "enabled", store_fault_enabled(), "left",
			 (json_int_t)store_fault_left(), "fired", (json_int_t)store_fault_fired());
}

/* GET /api/v1/test/fault: {enabled, left, fired} */
int api_fault_get(http_request *req, http_response *res)
{
	if (!store_fault_enabled())
		return fault_disabled(req);
	return http_ok(res, fault_state());
}

/* POST /api/v1/test/fault {at: N (0 disarms), kind: "any"|"step"|"commit"} */
int api_fault_arm(http_request *req, http_response *res)
{
	const char *kind_s = NULL;
	int64_t at;
	int kind;

	if (!store_fault_enabled())
		return fault_disabled(req);
	if (http_require_json(req) || http_json_int(req, "at", 1, 0, 1000000000, &at) ||
	    http_json_str(req, "kind", 0, 16, &kind_s))
		return -1;
	kind = store_fault_kind_parse(kind_s);
	if (kind < 0)
		return mz_fail(&req->err, MZ_EINVAL, "kind", "'kind' must be any, step or commit",
			       "'kind' 须为 any、step 或 commit");
	/* Armed last, so this request's own work before here is not counted. */
	store_fault_arm(at, (store_fault_kind)kind);
	return http_ok(res, fault_state());
}
