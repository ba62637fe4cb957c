/* documents.h - the register of official documents the server issues.
 *
 * Every PDF a user downloads (a decision, a refusal notice, a public notice,
 * an assessment report, an elder's card) is recorded: what kind, for which
 * subject, its number (文号), who made it and when, the hash of the bytes,
 * and an audit record in the same transaction. The first copy of a kind
 * for a subject takes the next number of its issuing office for the year;
 * every later copy is a reprint: it keeps the first number and says so on
 * the page ("补打"), so two different documents never carry one number and
 * one decision never carries two.
 *
 * Use, inside one write transaction:
 *   documents_reserve_tx  -> the number and whether this is a reprint
 *   (render the PDF with them: documents/pdf.h)
 *   documents_record_tx   -> the register row and the audit record
 * The caller decides whether `who` may see the subject before any of it. */
#ifndef MZ_DOCUMENTS_H
#define MZ_DOCUMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "access/access.h"
#include "base/buf.h"
#include "store/store.h"

typedef struct document_issue {
	const char *kind;          /* "assist.decision" */
	const char *prefix;        /* issuing office and kind: "沙园街民救决" */
	int year;                  /* of the number: 〔2026〕 */
	const char *subject_kind;  /* "case" */
	int64_t subject_id;
	const char *division_code; /* the subject's division */
	const char *title;         /* "最低生活保障审核确认决定书" */
	const char *variant;       /* which of the subject's documents of the kind
				    * (an elder card's code); NULL = the only one */
} document_issue;

typedef struct document_record {
	int64_t id;          /* the register row (after documents_record_tx) */
	int64_t reprint_of;  /* the first issue's id; 0 = this is the first */
	char number[96];     /* "沙园街民救决〔2026〕3号" */
} document_record;

/* Finds the first issue of (kind, subject) or reserves the next number of
 * (prefix, year); fills out (id stays 0). Caller's write transaction. */
int documents_reserve_tx(store_conn *c, const document_issue *in, document_record *out,
			 mz_err *e);

/* Records the issued bytes: the register row and the audit record
 * ("document.issue" or "document.reprint", entity = the subject). */
int documents_record_tx(store_conn *c, const access_ctx *who, const document_issue *in,
			document_record *rec, const mz_buf *pdf, int pages, mz_err *e);

#endif
