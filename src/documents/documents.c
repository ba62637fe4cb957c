/* documents.c - the document register: numbers, reprints, audit. */
#include "documents/documents.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/date.h"

static int first_issue(store_conn *c, const document_issue *in, document_record *out, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT id, number FROM documents WHERE subject_kind = ?"
					  " AND subject_id = ? AND kind = ? AND variant = ?"
					  " AND reprint_of IS NULL"
					  " ORDER BY id LIMIT 1", e);
	int r;

	if (!st)
		return -1;
	store_bind_text(st, 1, in->subject_kind);
	store_bind_i64(st, 2, in->subject_id);
	store_bind_text(st, 3, in->kind);
	store_bind_text(st, 4, in->variant ? in->variant : "");
	r = store_step(st, e);
	if (r == 1) {
		out->reprint_of = store_col_i64(st, 0);
		snprintf(out->number, sizeof(out->number), "%s", store_col_text(st, 1));
	}
	store_done(st);
	return r;
}

/* The next number of (prefix, year): an upsert that bumps the counter and
 * hands back the value before it, serialised by the row's lock. */
static int next_number(store_conn *c, const char *prefix, int year, int64_t *n, mz_err *e)
{
	store_stmt *st = store_prepare(c, "INSERT INTO document_numbers (prefix, year, next)"
					  " VALUES (?, ?, 2) ON CONFLICT (prefix, year)"
					  " DO UPDATE SET next = document_numbers.next + 1"
					  " RETURNING next - 1", e);
	int r;

	if (!st)
		return -1;
	store_bind_text(st, 1, prefix);
	store_bind_i64(st, 2, year);
	r = store_step(st, e);
	if (r == 1)
		*n = store_col_i64(st, 0);
	store_done(st);
	if (r == 0)
		return mz_fail(e, MZ_ESTORE, "", "document number not reserved", "文号未能分配");
	return r < 0 ? -1 : 0;
}

int documents_reserve_tx(store_conn *c, const document_issue *in, document_record *out,
			 mz_err *e)
{
	int64_t n = 0;
	int r;

	memset(out, 0, sizeof(*out));
	r = first_issue(c, in, out, e);
	if (r != 0)
		return r < 0 ? -1 : 0;
	if (next_number(c, in->prefix, in->year, &n, e))
		return -1;
	snprintf(out->number, sizeof(out->number), "%s〔%d〕%lld号", in->prefix, in->year,
		 (long long)n);
	return 0;
}

int documents_record_tx(store_conn *c, const access_ctx *who, const document_issue *in,
			document_record *rec, const mz_buf *pdf, int pages, mz_err *e)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	json_t *dj;
	store_stmt *st;
	int r;

	crypto_hash_sha256(digest, (const unsigned char *)pdf->data, pdf->len);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	st = store_prepare(c, "INSERT INTO documents (kind, number, subject_kind, subject_id,"
			      " division_code, title, sha256, size_bytes, pages, reprint_of,"
			      " created_by, created_at, variant)"
			      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			      " RETURNING id", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, in->kind);
	store_bind_text(st, 2, rec->number);
	store_bind_text(st, 3, in->subject_kind);
	store_bind_i64(st, 4, in->subject_id);
	store_bind_text(st, 5, in->division_code);
	store_bind_text(st, 6, in->title);
	store_bind_text(st, 7, hex);
	store_bind_i64(st, 8, (int64_t)pdf->len);
	store_bind_i64(st, 9, pages);
	if (rec->reprint_of)
		store_bind_i64(st, 10, rec->reprint_of);
	else
		store_bind_null(st, 10);
	store_bind_text(st, 11, who->login);
	store_bind_i64(st, 12, mz_now_unix());
	store_bind_text(st, 13, in->variant ? in->variant : "");
	r = store_step(st, e);
	if (r == 1)
		rec->id = store_col_i64(st, 0);
	store_done(st);
	if (r != 1)
		return r < 0 ? -1 : mz_fail(e, MZ_ESTORE, "", "document not recorded", "文书未能登记");
	dj = json_pack("{s:s,s:s,s:I,s:s,s:i}", "kind", in->kind, "number", rec->number,
		       "document_id", (json_int_t)rec->id, "sha256", hex, "pages", pages);
	r = audit_append(c, who, AUDIT_WRITE, rec->reprint_of ? "document.reprint" : "document.issue",
			 in->subject_kind, in->subject_id, in->division_code, "", dj, e);
	json_decref(dj);
	return r;
}
