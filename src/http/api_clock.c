/* api_clock.c - the test clock: moves the server's "now" (base/date.h,
 * mz_clock_set_offset) so that API tests can drive deadlines, cooling-off
 * windows and SLA clocks forward and let the job runner act on them. The
 * routes exist in every build but answer not_found unless the server was
 * started with MZ_TEST_CLOCK=1 (scripts/test.sh does), so a production
 * clock cannot be moved. City admins only; every move is audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/date.h"
#include "http/api.h"
#include "jobs/jobs.h"

static int clock_enabled(void)
{
	const char *v = getenv("MZ_TEST_CLOCK");

	return v && !strcmp(v, "1");
}

static json_t *clock_state(void)
{
	char now[32], today[11];

	mz_time_format(mz_now_unix(), now);
	mz_day_format(mz_today(), today);
	return json_pack("{s:b,s:I,s:s,s:s}", "enabled", clock_enabled(), "offset_seconds",
			 (json_int_t)mz_clock_offset(), "now", now, "today", today);
}

/* GET /api/v1/test/clock: {enabled, offset_seconds, now, today} */
int api_clock_get(http_request *req, http_response *res)
{
	if (!clock_enabled())
		return mz_fail(&req->err, MZ_ENOTFOUND, "", "not found", "未找到");
	return http_ok(res, clock_state());
}

/* POST /api/v1/test/clock {offset_seconds}: the clock reads real time plus
 * this many seconds from now on (0 puts it back). */
int api_clock_set(http_request *req, http_response *res)
{
	int64_t off;
	char detail[64];

	if (!clock_enabled())
		return mz_fail(&req->err, MZ_ENOTFOUND, "", "not found", "未找到");
	if (http_require_json(req) ||
	    http_json_int(req, "offset_seconds", 1, -3650LL * 86400, 3650LL * 86400, &off))
		return -1;
	snprintf(detail, sizeof(detail), "{\"offset_seconds\":%lld}", (long long)off);
	if (store_begin(req->db, &req->err))
		return -1;
	if (audit_append(req->db, req->who, AUDIT_WRITE, "test.clock", "clock", 0, "", NULL, detail,
			 &req->err) ||
	    store_commit(req->db, &req->err)) {
		store_rollback(req->db);
		return -1;
	}
	mz_clock_set_offset(off);
	/* Moved back, the jobs' next times would lie in the old future. */
	if (jobs_reschedule(req->db, mz_now_unix(), &req->err))
		return -1;
	return http_ok(res, clock_state());
}
