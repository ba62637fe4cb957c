/* api_evidence.c - agency data sets (read) and the integrity register. */
#include "evidence/evidence.h"
#include "base/money.h"
#include "domains/assistance/assistance_api.h"

int api_evidence_batches(http_request *req, http_response *res)
{
	int64_t page, size;
	json_t *j;

	if (http_query_page(req, 200, &page, &size))
		return -1;
	j = evidence_batches_list(req->db, req->who, page, size, &req->err);
	return j ? http_ok(res, j) : -1;
}

int api_integrity_list(http_request *req, http_response *res)
{
	integrity_query q = { 0 };
	json_t *j;

	if (http_query_page(req, 200, &q.page, &q.page_size) ||
	    http_query_int(req, "person_id", 0, 0, INT64_MAX, &q.person_id) ||
	    http_query_int(req, "household_id", 0, 0, INT64_MAX, &q.household_id))
		return -1;
	q.status = http_query(req, "status");
	j = evidence_integrity_list(req->db, req->who, &q, &req->err);
	return j ? http_ok(res, j) : -1;
}

/* POST /api/v1/integrity/:id/resolve {resolution} */
int api_integrity_resolve(http_request *req, http_response *res)
{
	const char *resolution;
	int64_t id;

	if (http_param_id(req, "id", &id) || http_require_json(req) ||
	    http_json_str(req, "resolution", 1, 600, &resolution))
		return -1;
	if (evidence_integrity_resolve(req->db, req->who, id, resolution, &req->err))
		return -1;
	return http_ok(res, json_pack("{s:I,s:b}", "id", (json_int_t)id, "resolved", 1));
}

int api_integrity_create(http_request *req, http_response *res)
{
	const char *kind, *detail, *amount = NULL;
	int64_t pid, cid = 0, id, fen = 0;

	if (http_require_json(req) || http_json_int(req, "person_id", 1, 1, INT64_MAX, &pid) ||
	    http_json_int(req, "case_id", 0, 1, INT64_MAX, &cid) ||
	    http_json_str(req, "kind", 1, 40, &kind) || http_json_str(req, "detail", 1, 2000, &detail) ||
	    http_json_str(req, "amount", 0, 20, &amount) ||
	    http_json_int(req, "amount_fen", 0, 0, 100000000000LL, &fen))
		return -1;
	/* The amount in fen as every amount is; "amount" in yuan text is the
	 * older form. Both at once would leave one of them unused: refused. */
	if (amount && json_object_get(req->json, "amount_fen"))
		return mz_fail(&req->err, MZ_EINVAL, "amount", "give amount_fen or amount, not both",
			       "amount_fen 与 amount 只能填写其一");
	if (amount && (mz_fen_parse_yuan(amount, &fen) || fen < 0))
		return mz_fail(&req->err, MZ_EINVAL, "amount", "amount must be yuan", "金额应为元");
	if (evidence_integrity_add(req->db, req->who, pid, cid, kind, detail, fen, &id, &req->err))
		return -1;
	return http_created(res, json_pack("{s:I}", "id", (json_int_t)id));
}
