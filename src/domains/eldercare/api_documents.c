/* api_documents.c - the elder's printed documents as PDF (documents.c). */
#include <stdio.h>
#include <stdlib.h>

#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/eldercare_api.h"
#include "http/attachment.h"

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
	return http_pdf_attachment(res, &pdf, name);
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
	return http_pdf_attachment(res, &pdf, name);
}
