/* attachment.h - a file the API hands over as a download (a PDF document). */
#ifndef MZ_HTTP_ATTACHMENT_H
#define MZ_HTTP_ATTACHMENT_H

#include "base/buf.h"
#include "http/http.h"

/* Answers 200 application/pdf with pdf's bytes (taken over: pdf is left
 * empty) as the download filename. The name is ASCII ("case-3-decision.pdf"):
 * the document's number is printed inside it. */
int http_pdf_attachment(http_response *res, mz_buf *pdf, const char *filename);

#endif
