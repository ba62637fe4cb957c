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
	int64_t page, size, pid;
	json_t *j;

	if (http_query_page(req, 200, &page, &size) ||
	    http_query_int(req, "person_id", 0, 0, INT64_MAX, &pid))
		return -1;
	j = evidence_integrity_list(req->db, req->who, pid, page, size, &req->err);
	return j ? http_ok(res, j) : -1;
}

int api_integrity_create(http_request *req, http_response *res)
{
	const char *kind, *detail, *amount = NULL;
	int64_t pid, cid = 0, id, fen = 0;

	if (http_require_json(req) || http_json_int(req, "person_id", 1, 1, INT64_MAX, &pid) ||
	    http_json_int(req, "case_id", 0, 1, INT64_MAX, &cid) ||
	    http_json_str(req, "kind", 1, 40, &kind) || http_json_str(req, "detail", 1, 2000, &detail) ||
	    http_json_str(req, "amount", 0, 20, &amount))
		return -1;
	if (amount && (mz_fen_parse_yuan(amount, &fen) || fen < 0))
		return mz_fail(&req->err, MZ_EINVAL, "amount", "amount must be yuan", "金额应为元");
	if (evidence_integrity_add(req->db, req->who, pid, cid, kind, detail, fen, &id, &req->err))
		return -1;
	return http_created(res, json_pack("{s:I}", "id", (json_int_t)id));
}
