/* issue.c - issuing offices and the issuing transaction of issue.h. */
#include "documents/issue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/registry.h"

const char *documents_city(void)
{
	const char *p = getenv("MZ_DOC_CITY");

	return p && *p ? p : "广州市";
}

const char *documents_complaint_phone(void)
{
	const char *p = getenv("MZ_COMPLAINT_PHONE");

	return p && *p ? p : "12345";
}

/* Whether s ends with the UTF-8 text tail. */
static int ends_with(const char *s, size_t n, const char *tail)
{
	size_t t = strlen(tail);

	return n > t && !strcmp(s + n - t, tail);
}

void documents_street_office(store_conn *c, const char *division, const char *word,
			     document_office *out)
{
	char street[16], district[8], sname[96], dname[96];
	size_t n;

	snprintf(street, sizeof(street), "%.9s", division ? division : "");
	snprintf(district, sizeof(district), "%.6s", division ? division : "");
	registry_division_name(c, street, sname, sizeof(sname));
	registry_division_name(c, district, dname, sizeof(dname));
	snprintf(out->district, sizeof(out->district), "%s%s", documents_city(), dname);
	n = strlen(sname);
	if (ends_with(sname, n, "街道")) {
		snprintf(out->office, sizeof(out->office), "%s%s办事处", out->district, sname);
		snprintf(out->prefix, sizeof(out->prefix), "%.*s%s", (int)(n - strlen("街道")),
			 sname, word);
	} else {
		snprintf(out->office, sizeof(out->office), "%s%s人民政府", out->district, sname);
		snprintf(out->prefix, sizeof(out->prefix), "%.*s%s",
			 (int)(ends_with(sname, n, "镇") ? n - strlen("镇") : n), sname, word);
	}
}

void documents_district_office(store_conn *c, const char *division, const char *word,
			       document_office *out)
{
	char district[8], dname[96];
	size_t n;

	snprintf(district, sizeof(district), "%.6s", division ? division : "");
	registry_division_name(c, district, dname, sizeof(dname));
	snprintf(out->district, sizeof(out->district), "%s%s", documents_city(), dname);
	snprintf(out->office, sizeof(out->office), "%s民政局", out->district);
	n = strlen(dname);
	snprintf(out->prefix, sizeof(out->prefix), "%.*s%s",
		 (int)(ends_with(dname, n, "区") ? n - strlen("区") : n), dname, word);
}

void documents_number_line(const document_record *rec, const char *label, char *out, size_t cap)
{
	snprintf(out, cap, "%s%s%s", label ? label : "", rec->number,
		 rec->reprint_of ? "（补打）" : "");
}

int documents_issue(store_conn *c, const access_ctx *who, const document_issue *in,
		    const char *footer, document_render_fn render, void *arg, mz_buf *out,
		    document_record *rec, mz_err *e)
{
	char foot[256];
	pdf_doc *d;
	mz_buf bytes;
	int pages;

	if (store_begin(c, e))
		return -1;
	if (documents_reserve_tx(c, in, rec, e))
		goto fail;
	snprintf(foot, sizeof(foot), "%s%s", footer ? footer : "",
		 rec->reprint_of ? "　补打件" : "");
	d = pdf_doc_new(foot);
	if (render(d, rec, arg, e)) {
		pdf_doc_free(d);
		goto fail;
	}
	pages = pdf_page_count(d);
	mz_buf_init(&bytes);
	if (pdf_doc_finish(d, &bytes, e) ||
	    documents_record_tx(c, who, in, rec, &bytes, pages, e) || store_commit(c, e)) {
		mz_buf_release(&bytes);
		goto fail;
	}
	mz_buf_append(out, bytes.data, bytes.len);
	mz_buf_release(&bytes);
	return 0;
fail:
	store_rollback(c);
	return -1;
}
