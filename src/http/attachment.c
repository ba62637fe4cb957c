/* attachment.c - a file the API hands over as a download (attachment.h). */
#include "http/attachment.h"

#include <stdio.h>

int http_pdf_attachment(http_response *res, mz_buf *pdf, const char *filename)
{
	char disp[256];
	size_t len;
	char *body;

	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", filename);
	http_add_header(res, "Content-Disposition", disp);
	body = mz_buf_detach(pdf, &len);
	return http_raw(res, 200, "application/pdf", body, len);
}
