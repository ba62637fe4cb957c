/* api_documents.c - written decisions of a case as PDF, one or a month's
 * batch (documents.c). */
#include <stdio.h>

#include "domains/assistance/assistance.h"
#include "domains/assistance/assistance_api.h"
#include "http/attachment.h"

int api_case_document(http_request *req, http_response *res)
{
	int64_t id;
	const char *kind = http_param(req, "kind");
	char number[96], name[96];
	mz_buf pdf;

	if (http_param_id(req, "id", &id))
		return -1;
	mz_buf_init(&pdf);
	if (assist_document_pdf(req->db, req->who, id, kind, &pdf, number, &req->err)) {
		mz_buf_release(&pdf);
		return -1;
	}
	snprintf(name, sizeof(name), "case-%lld-%s.pdf", (long long)id, kind);
	return http_pdf_attachment(res, &pdf, name);
}

int api_documents_batch(http_request *req, http_response *res)
{
	const char *division = http_query(req, "division"), *month = http_query(req, "month");
	const char *kind = http_query(req, "kind");
	char name[96], cnt[16];
	mz_buf pdf;
	int count;

	mz_buf_init(&pdf);
	if (assist_documents_batch_pdf(req->db, req->who, division, month, kind, &pdf, &count,
				       &req->err)) {
		mz_buf_release(&pdf);
		return -1;
	}
	snprintf(name, sizeof(name), "%s-%s-%s.pdf", kind && *kind ? kind : "decision",
		 division ? division : "", month ? month : "");
	snprintf(cnt, sizeof(cnt), "%d", count);
	http_add_header(res, "X-Document-Count", cnt);
	return http_pdf_attachment(res, &pdf, name);
}

int api_notices_pdf(http_request *req, http_response *res)
{
	char cnt[16];
	mz_buf pdf;
	int count;

	mz_buf_init(&pdf);
	if (assist_notice_pdf(req->db, req->who, http_query(req, "division"), &pdf, &count,
			      &req->err)) {
		mz_buf_release(&pdf);
		return -1;
	}
	snprintf(cnt, sizeof(cnt), "%d", count);
	http_add_header(res, "X-Document-Count", cnt);
	return http_pdf_attachment(res, &pdf, "notice.pdf");
}
