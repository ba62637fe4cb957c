/* api_eldercare_services.c - elderly-care services: 平安通 subscribers,
 * calls, the live board and missed check-ins. JSON in, domain call
 * (eldercare/), JSON out; scope, provider links and audit are the domain's
 * business. */
#include <string.h>

#include "domains/eldercare/calls.h"
#include "domains/eldercare/dashboard.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/homecare.h"
#include "domains/eldercare/visits.h"
#include "domains/eldercare/waitlist.h"
#include "domains/eldercare/eldercare_api.h"
#include "http/list_sort.h"

/* ---- 平安通 ---- */

int api_ec_call_subscriber_create(http_request *req, http_response *res)
{
	if (http_require_json(req))
		return -1;
	return http_created(res, ec_call_subscriber_create(req->db, req->who, req->json, &req->err));
}

int api_ec_call_subscriber_list(http_request *req, http_response *res)
{
	int64_t page, size;
	const char *sort = list_sort(req);

	if (!sort || http_query_page(req, EC_PAGE_MAX, &page, &size))
		return -1;
	return http_ok(res, ec_call_subscriber_list(req->db, req->who, http_query(req, "division"),
						  sort, page, size, &req->err));
}

int api_ec_call_subscriber_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, ec_call_subscriber_get(req->db, req->who, id, &req->err));
}

int api_ec_call_subscriber_end(http_request *req, http_response *res)
{
	const char *on, *reason;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_json_str(req, "ended_on", 1, 10, &on) ||
	    http_json_str(req, "reason", 1, 500, &reason) ||
	    ec_call_subscriber_end(req->db, req->who, id, on, reason, &req->err))
		return -1;
	return http_ok(res, ec_call_subscriber_get(req->db, req->who, id, &req->err));
}

int api_ec_call_create(http_request *req, http_response *res)
{
	if (http_require_json(req))
		return -1;
	return http_created(res, ec_call_log(req->db, req->who, req->json, &req->err));
}

int api_ec_call_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, ec_call_get(req->db, req->who, id, &req->err));
}

int api_ec_call_dispatch(http_request *req, http_response *res)
{
	const char *to, *note;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_json_str(req, "to", 1, 32, &to) ||
	    http_json_str(req, "note", 0, 500, &note))
		return -1;
	return http_ok(res, ec_call_dispatch(req->db, req->who, id, to, note ? note : "", &req->err));
}

int api_ec_call_respond(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, ec_call_respond(req->db, req->who, id, &req->err));
}

int api_ec_call_close(http_request *req, http_response *res)
{
	const char *outcome;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_json_str(req, "outcome", 1, 500, &outcome))
		return -1;
	return http_ok(res, ec_call_close(req->db, req->who, id, outcome, &req->err));
}

int api_ec_call_board(http_request *req, http_response *res)
{
	return http_ok(res, ec_call_board(req->db, req->who, http_query(req, "division"),
					mz_now_unix(), &req->err));
}

/* The sweep is meant to run every night for the day that just ended; the
 * endpoint takes an explicit as_of (Unix seconds) and day so that it can be
 * re-run for a missed night and tested at a fixed time. */
int api_ec_call_checkin_sweep(http_request *req, http_response *res)
{
	int64_t as_of = mz_now_unix();
	const char *day = NULL;
	mz_day d;

	if (http_require_json(req) || http_json_int(req, "as_of", 0, 1, INT64_MAX / 2, &as_of) ||
	    http_json_str(req, "day", 0, 10, &day))
		return -1;
	if (!json_object_get(req->json, "as_of"))
		as_of = mz_now_unix();
	if (day && *day) {
		if (ec_parse_day(day, "day", &d, &req->err))
			return -1;
	} else {
		d = ec_day_of(as_of) - 1; /* yesterday, Beijing time */
	}
	return http_ok(res, ec_call_checkin_sweep(req->db, req->who, d, as_of, &req->err));
}

int api_ec_call_alert_list(http_request *req, http_response *res)
{
	int64_t page, size;
	const char *sort = list_sort(req);

	if (!sort || http_query_page(req, EC_PAGE_MAX, &page, &size))
		return -1;
	return http_ok(res, ec_call_alert_list(req->db, req->who, http_query(req, "status"), sort,
					     page, size, &req->err));
}

int api_ec_call_alert_close(http_request *req, http_response *res)
{
	const char *note;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_json_str(req, "note", 1, 500, &note))
		return -1;
	return http_ok(res, ec_call_alert_close(req->db, req->who, id, note, &req->err));
}

/* ---- care homes and the waiting list (轮候) ---- */

int api_ec_home_create(http_request *req, http_response *res)
{
	if (http_require_json(req))
		return -1;
	return http_created(res, ec_home_create(req->db, req->who, req->json, &req->err));
}

int api_ec_home_list(http_request *req, http_response *res)
{
	return http_ok(res, ec_home_list(req->db, req->who, &req->err));
}

int api_ec_home_requeue(http_request *req, http_response *res)
{
	const char *reason;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_json_str(req, "reason", 1, 500, &reason))
		return -1;
	return http_ok(res, ec_wait_requeue(req->db, req->who, id, reason, &req->err));
}

int api_ec_vacancy_create(http_request *req, http_response *res)
{
	const char *freed, *note;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_json_str(req, "freed_on", 1, 10, &freed) ||
	    http_json_str(req, "note", 0, 500, &note))
		return -1;
	return http_created(res, ec_vacancy_create(req->db, req->who, id, freed, note, mz_now_unix(),
					      &req->err));
}

int api_ec_wait_apply(http_request *req, http_response *res)
{
	if (http_require_json(req))
		return -1;
	return http_created(res, ec_wait_apply(req->db, req->who, req->json, &req->err));
}

int api_ec_wait_get(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id))
		return -1;
	return http_ok(res, ec_wait_get(req->db, req->who, id, &req->err));
}

int api_ec_wait_withdraw(http_request *req, http_response *res)
{
	const char *reason;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_json_str(req, "reason", 1, 500, &reason))
		return -1;
	return http_ok(res, ec_wait_withdraw(req->db, req->who, id, reason, &req->err));
}

int api_ec_offer_decide(http_request *req, http_response *res)
{
	const char *answer, *reason;
	int64_t id;

	/* answer is accept or decline: declared as an enum in routes.c. */
	if (http_param_id(req, "id", &id) || http_json_str(req, "answer", 1, 10, &answer) ||
	    http_json_str(req, "reason", 1, 500, &reason))
		return -1;
	return http_ok(res, ec_offer_decide(req->db, req->who, id, !strcmp(answer, "accept"), reason,
					  mz_now_unix(), &req->err));
}

/* Meant to run periodically; as_of (Unix seconds) makes a run repeatable. */
int api_ec_offer_expire(http_request *req, http_response *res)
{
	int64_t as_of = mz_now_unix();

	if (http_require_json(req) || http_json_int(req, "as_of", 0, 1, INT64_MAX / 2, &as_of))
		return -1;
	return http_ok(res, ec_offer_expire(req->db, req->who, as_of, &req->err));
}

/* ---- monthly visits (探访) ---- */

static const char *month_arg(http_request *req, char buf[8])
{
	const char *m = http_query(req, "month");

	if (m && *m)
		return m;
	ec_month_of(mz_today(), buf);
	return buf;
}

int api_ec_visit_create(http_request *req, http_response *res)
{
	if (http_require_json(req))
		return -1;
	return http_created(res, ec_visit_record(req->db, req->who, req->json, &req->err));
}

int api_ec_visit_rates(http_request *req, http_response *res)
{
	char buf[8];

	return http_ok(res, ec_visit_rates(req->db, req->who, http_query(req, "division"),
					 month_arg(req, buf), &req->err));
}

/* ---- home care beds ---- */

int api_ec_bed_create(http_request *req, http_response *res)
{
	if (http_require_json(req))
		return -1;
	return http_created(res, ec_bed_create(req->db, req->who, req->json, &req->err));
}

/* POST /api/v1/eldercare/home-beds/:id/end {end_on, reason}. */
int api_ec_bed_end(http_request *req, http_response *res)
{
	const char *end_on, *reason;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_require_json(req) ||
	    http_json_str(req, "end_on", 1, 10, &end_on) || http_json_str(req, "reason", 1, 500, &reason))
		return -1;
	return http_ok(res, ec_bed_end(req->db, req->who, id, end_on, reason, &req->err));
}

int api_ec_bed_list(http_request *req, http_response *res)
{
	int64_t page, size;
	const char *sort = list_sort(req);

	if (!sort || http_query_page(req, EC_PAGE_MAX, &page, &size))
		return -1;
	return http_ok(res, ec_bed_list(req->db, req->who, sort, page, size, &req->err));
}

int api_ec_bed_visit(http_request *req, http_response *res)
{
	int64_t id;

	if (http_param_id(req, "id", &id) || http_require_json(req))
		return -1;
	return http_created(res, ec_bed_visit_log(req->db, req->who, id, req->json, &req->err));
}

int api_ec_bed_missing(http_request *req, http_response *res)
{
	const char *v = http_query(req, "as_of");
	mz_day d = mz_today();

	if (v && *v && ec_parse_day(v, "as_of", &d, &req->err))
		return -1;
	return http_ok(res, ec_bed_missing(req->db, req->who, d, &req->err));
}

/* ---- dashboard ---- */

int api_ec_dashboard(http_request *req, http_response *res)
{
	char buf[8];

	return http_ok(res, ec_dashboard(req->db, req->who, month_arg(req, buf), &req->err));
}
