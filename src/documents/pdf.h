/* pdf.h - official documents as PDF: a small flowing layout over cairo and
 * pango (Debian's, with the Noto CJK fonts), A4 portrait.
 *
 * A document is written top to bottom: title, document number, paragraphs,
 * field tables, tables, the seal block (issuing office and date beside a
 * dashed seal circle), signature lines, a QR code. The cursor moves down;
 * whatever does not fit on the page starts a new one (a table repeats its
 * header). Every page carries a footer (the document's footer text and
 * "第 N 页"). Text is UTF-8; nothing is drawn outside the margins.
 *
 * The layout knows nothing of cases or elders: the domains compose their
 * forms from these calls (src/domains/<d>/documents.c), and documents.h
 * records each generated document. */
#ifndef MZ_DOCUMENTS_PDF_H
#define MZ_DOCUMENTS_PDF_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

typedef struct pdf_doc pdf_doc;

/* A new A4 document; footer may be NULL. Never NULL (aborts on OOM). */
pdf_doc *pdf_doc_new(const char *footer);
/* Finishes the document and hands its bytes to out (appended). The doc is
 * freed either way. Returns -1 with e filled if cairo failed. */
int pdf_doc_finish(pdf_doc *d, mz_buf *out, mz_err *e);
void pdf_doc_free(pdf_doc *d); /* NULL-safe; discards an unfinished document */

enum {
	PDF_LEFT = 0,
	PDF_CENTER = 1 << 0,
	PDF_RIGHT = 1 << 1,
	PDF_BOLD = 1 << 2,
	PDF_INDENT = 1 << 3, /* first line indented by two characters (Chinese prose) */
	PDF_SMALL = 1 << 4,
	PDF_LARGE = 1 << 5,
};

/* The title: large, bold, centred (e.g. "最低生活保障审核确认决定书"). */
void pdf_title(pdf_doc *d, const char *text);
/* A paragraph (wrapped to the text width) with PDF_* flags. */
void pdf_text(pdf_doc *d, const char *text, int flags);
/* Vertical space in millimetres. */
void pdf_gap(pdf_doc *d, double mm);
/* A ruled two-column block: label | value, each row wrapped. */
typedef struct pdf_field {
	const char *label;
	const char *value;
} pdf_field;
void pdf_fields(pdf_doc *d, const pdf_field *f, size_t n);
/* A ruled table: ncols headers with relative widths (NULL = equal), then
 * nrows x ncols cells row by row. The header repeats on a new page. */
void pdf_table(pdf_doc *d, const char *const *headers, const double *widths, size_t ncols,
	       const char *const *cells, size_t nrows);
/* The seal block, right-aligned: the issuing office, the date (already
 * written out, "2026年12月7日"), and a dashed circle where the seal goes. */
void pdf_seal(pdf_doc *d, const char *office, const char *date_zh);
/* Signature lines, one a row: "label：________________  日期：  年  月  日". */
void pdf_signatures(pdf_doc *d, const char *const *labels, size_t n);
/* Starts a new page unless mm millimetres are left on this one: what
 * follows (a block of signature lines) stays together. */
void pdf_keep(pdf_doc *d, double mm);
/* A section heading (bold), kept on one page with what follows it. */
void pdf_heading(pdf_doc *d, const char *text);
/* A form section's sign-off, right-aligned: "office（盖章）" and the date
 * (the round seal block is pdf_seal, for the document's last word). */
void pdf_sign_off(pdf_doc *d, const char *office, const char *date_zh);
/* A QR code of payload (qrencode, level M), size_mm wide, at the left,
 * with caption beside it (may be NULL). */
int pdf_qr(pdf_doc *d, const char *payload, double size_mm, const char *caption, mz_err *e);
/* A card of ID-1 size (85.6 x 54 mm) with its cutting line, centred: the
 * title in a band, the fields at the left, a QR code of payload at the
 * right, the issuer at the foot (may be NULL). */
int pdf_card(pdf_doc *d, const char *title, const pdf_field *f, size_t n, const char *payload,
	     const char *issuer, mz_err *e);
/* Starts a new page (a batch of documents: one per page group). */
void pdf_page_break(pdf_doc *d);
/* Pages so far (the current one included). */
int pdf_page_count(const pdf_doc *d);

/* "2026年12月7日" for an ISO date "2026-12-07" (out >= 32 bytes); the ISO
 * text itself when malformed. */
void pdf_date_zh(const char *iso, char out[32]);

#endif
