/* issue.h - issuing one official document: the office that issues it, and
 * the one transaction that numbers, renders, registers and audits it.
 *
 * A domain's form reads (and audits the read of) what it prints first, then
 * calls documents_issue with a render function: the number is reserved (or
 * the first issue's number found, for a reprint), the PDF drawn with it, the
 * register row and the audit record written, all or nothing. A reprint says
 * so in its number line and on every page's footer. */
#ifndef MZ_DOCUMENTS_ISSUE_H
#define MZ_DOCUMENTS_ISSUE_H

#include "documents/documents.h"
#include "documents/pdf.h"

/* The office that issues a document and the prefix of its numbers. */
typedef struct document_office {
	char office[192];   /* "广州市海珠区沙园街道办事处", "广州市海珠区民政局" */
	char district[128]; /* "广州市海珠区" (the 行政复议 authority's name) */
	char prefix[96];    /* "沙园民救表": the office's short name and the kind's word */
} document_office;

/* The city printed before district names: MZ_DOC_CITY, or "广州市". */
const char *documents_city(void);
/* The complaint telephone printed on notices: MZ_COMPLAINT_PHONE, or the
 * city's government service hotline 12345 (docs/operations.md). */
const char *documents_complaint_phone(void);

/* The street office (街道办事处 / 镇人民政府) of a division code (its first
 * nine digits), numbers prefixed with its name without 街道/镇 and `word`. */
void documents_street_office(store_conn *c, const char *division, const char *word,
			     document_office *out);
/* The district's civil-affairs bureau (民政局) of a division code (its
 * first six digits), numbers prefixed with the district's short name. */
void documents_district_office(store_conn *c, const char *division, const char *word,
			       document_office *out);

/* Draws the document; rec holds its number and whether it is a reprint. */
typedef int (*document_render_fn)(pdf_doc *d, const document_record *rec, void *arg,
				  mz_err *e);

/* In one write transaction: reserves in's number, renders with render(arg),
 * records and audits it; appends the PDF to out and fills rec. footer is
 * printed on every page (with "补打" on a reprint). */
int documents_issue(store_conn *c, const access_ctx *who, const document_issue *in,
		    const char *footer, document_render_fn render, void *arg, mz_buf *out,
		    document_record *rec, mz_err *e);

/* Several documents in one PDF and one transaction (a month's decisions):
 * reserves ins[i]'s number into recs[i], renders each with
 * render(args[i]) from a new page, records and audits each (its register
 * row with its own page count and the hash of the whole file), all or
 * nothing; appends the PDF to out. footer is printed on every page, with
 * "补打件" when every document is a reprint. documents_issue is this with
 * one document. */
int documents_issue_batch(store_conn *c, const access_ctx *who, const document_issue *ins,
			  size_t n, const char *footer, document_render_fn render, void *const *args,
			  mz_buf *out, document_record *recs, mz_err *e);

/* "编号：沙园民救表〔2026〕3号" with "（补打）" on a reprint (cap >= 160). */
void documents_number_line(const document_record *rec, const char *label, char *out,
			   size_t cap);

#endif
