/* api_documents.c - the elder's printed documents as PDF (documents.c). */
#include <stdio.h>
#include <stdlib.h>

#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/eldercare_api.h"

static int send_pdf(http_response *res, mz_buf *pdf, const char *filename)
{
	char disp[256];
	size_t len;
	char *body;

	/* ASCII file name: the number is printed inside the document. */
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", filename);
	http_add_header(res, "Content-Disposition", disp);
	body = mz_buf_detach(pdf, &len);
	return http_raw(res, 200, "application/pdf", body, len);
}

int api_ec_assessment_report(http_request *req, http_response *res)
{
	const char *q = http_query(req, "assessment_id");
	int64_t id, aid = q ? strtoll(q, NULL, 10) : 0;
	char number[96], name[96];
	mz_buf pdf;

	if (http_param_id(req, "id", &id))
		return -1;
	mz_buf_init(&pdf);
	if (ec_assessment_report_pdf(req->db, req->who, id, aid, &pdf, number, &req->err)) {
		mz_buf_release(&pdf);
		return -1;
	}
	snprintf(name, sizeof(name), "assessment-%lld.pdf", (long long)(aid ? aid : id));
	return send_pdf(res, &pdf, name);
}

int api_ec_card_pdf(http_request *req, http_response *res)
{
	int64_t id;
	char number[96], name[96];
	mz_buf pdf;

	if (http_param_id(req, "id", &id))
		return -1;
	mz_buf_init(&pdf);
	if (ec_card_pdf(req->db, req->who, id, &pdf, number, &req->err)) {
		mz_buf_release(&pdf);
		return -1;
	}
	snprintf(name, sizeof(name), "elder-card-%lld.pdf", (long long)id);
	return send_pdf(res, &pdf, name);
}
