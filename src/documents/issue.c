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

int documents_issue_batch(store_conn *c, const access_ctx *who, const document_issue *ins,
			  size_t n, const char *footer, document_render_fn render, void *const *args,
			  mz_buf *out, document_record *recs, mz_err *e)
{
	char foot[256];
	pdf_doc *d = NULL;
	int *spans = mz_xcalloc(n ? n : 1, sizeof(*spans));
	size_t reprints = 0;
	mz_buf bytes;
	int rc = -1;

	mz_buf_init(&bytes);
	if (store_begin(c, e))
		goto done;
	for (size_t i = 0; i < n; i++) {
		if (documents_reserve_tx(c, &ins[i], &recs[i], e))
			goto fail;
		reprints += recs[i].reprint_of != 0;
	}
	/* The footer says 补打件 when the file holds reprints only; each
	 * document's number line says it of itself. */
	snprintf(foot, sizeof(foot), "%s%s", footer ? footer : "",
		 n && reprints == n ? "　补打件" : "");
	d = pdf_doc_new(foot);
	for (size_t i = 0; i < n; i++) {
		int before;

		/* Each document starts on a page of its own (no break before the
		 * first); its register row counts its pages. */
		pdf_page_break(d);
		before = pdf_page_count(d);
		if (render(d, &recs[i], args[i], e))
			goto fail;
		spans[i] = pdf_page_count(d) - before + 1;
	}
	rc = pdf_doc_finish(d, &bytes, e);
	d = NULL;
	/* Each register row carries the hash of the file it was issued in. */
	for (size_t i = 0; !rc && i < n; i++)
		rc = documents_record_tx(c, who, &ins[i], &recs[i], &bytes, spans[i], e);
	if (rc || store_commit(c, e))
		goto fail;
	mz_buf_append(out, bytes.data, bytes.len);
	rc = 0;
	goto done;
fail:
	rc = -1;
	store_rollback(c);
done:
	pdf_doc_free(d);
	mz_buf_release(&bytes);
	free(spans);
	return rc;
}

int documents_issue(store_conn *c, const access_ctx *who, const document_issue *in,
		    const char *footer, document_render_fn render, void *arg, mz_buf *out,
		    document_record *rec, mz_err *e)
{
	void *args[1] = { arg };

	return documents_issue_batch(c, who, in, 1, footer, render, args, out, rec, e);
}
