/* certificates.c - certificate numbers (结婚证/离婚证字号), reissue of a lost
 * certificate (补领) and the printable PDF, recorded in the documents
 * register. A number reads J440104-2026-000123: the kind (J marriage, L
 * divorce, BJ/BL a reissue), the office, the year, the office's sequence
 * for the year (one sequence for every kind, so no two certificates of an
 * office share a number). */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "documents/issue.h"
#include "domains/marriage/common.h"
#include "registry/idcard.h"

int mar_certificate_issue_tx(store_conn *c, const access_ctx *who, const char *kind,
			     int64_t subject_id, int64_t person_id, const char *office,
			     int64_t reissue_of, const char *reason, char number[40], mz_err *e)
{
	int y, m, d;
	int64_t seq = 0;
	char today[11];

	mz_day_to_ymd(mz_today(), &y, &m, &d);
	mz_day_format(mz_today(), today);
	/* The office's row serialises its numbers across servers. */
	if (mar_office_lock_tx(c, office, e) ||
	    store_row(c, e, "SELECT COALESCE(MAX(seq), 0) + 1 FROM mar_certificates"
			    " WHERE office_code = ? AND year = ?", STORE_INTO(&seq), office, (int64_t)y) < 0)
		return -1;
	snprintf(number, 40, "%s%s-%04d-%06lld", kind, office, y, (long long)seq);
	if (store_run(c, e, "INSERT INTO mar_certificates (kind, subject_id, person_id, office_code,"
			    " division_code, number, year, seq, reissue_of, reason, status, issued_on,"
			    " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'valid', ?, ?, ?)",
		      strchr(kind, 'J') ? "marriage" : "divorce", subject_id, person_id, office, office,
		      number, (int64_t)y, seq, store_arg_id_or_null(reissue_of), reason ? reason : "",
		      today, who->login, mz_now_unix()) < 0)
		return -1;
	return 0;
}

int mar_certificate_reissue(store_conn *c, const access_ctx *who, int64_t marriage_id,
			    const char *party_id_number, const char *reason, char number[40],
			    mz_err *e)
{
	mar_marriage m;
	int64_t pid, prev = 0;
	json_t *d;
	int r;

	if (mar_check_reason(reason, 4, e))
		return -1;
	if (store_begin(c, e))
		return -1;
	{
		store_stmt *st = store_prepare(c, "SELECT " MAR_MARRIAGE_COLS " FROM mar_marriages m"
					       " WHERE m.id = ? AND " ACCESS_SCOPE_SQL("m.division_code"), e);
		if (!st)
			goto fail;
		store_params(st, marriage_id, access_scope_arg(who));
		r = store_step(st, e);
		if (r == 1)
			mar_marriage_fill(st, &m);
		store_done(st);
		if (r != 1) {
			if (r == 0)
				mz_fail(e, MZ_ENOTFOUND, "id", "marriage not found", "未找到该婚姻登记");
			goto fail;
		}
	}
	if (strcmp(m.status, "registered")) {
		mz_failf(e, MZ_ESTATE, "id", "the marriage is %s: no certificate to reissue",
			 "该婚姻登记状态为%s，不能补领结婚证", m.status);
		goto fail;
	}
	if (party_id_number && !strcmp(party_id_number, m.man.id_number))
		pid = m.man.person_id;
	else if (party_id_number && !strcmp(party_id_number, m.woman.id_number))
		pid = m.woman.person_id;
	else {
		mz_fail(e, MZ_EINVAL, "party_id_number", "only a party to the marriage gets its certificate",
			"仅婚姻当事人可补领结婚证");
		goto fail;
	}
	/* The party's copy in force: an earlier reissue to them, else the original. */
	if (store_row(c, e, "SELECT id FROM mar_certificates WHERE kind = 'marriage' AND subject_id = ?"
			    " AND person_id IN (0, ?) AND status = 'valid' ORDER BY person_id DESC, id DESC",
		      STORE_INTO(&prev), marriage_id, pid) < 0)
		goto fail;
	if (prev && store_run(c, e, "UPDATE mar_certificates SET status = 'replaced' WHERE id = ?"
				    " AND person_id = ?", prev, pid) < 0)
		goto fail;
	if (mar_certificate_issue_tx(c, who, "BJ", marriage_id, pid, m.office_code, prev, reason,
				     number, e))
		goto fail;
	d = json_pack("{s:s,s:I}", "number", number, "person_id", (json_int_t)pid);
	r = audit_append(c, who, AUDIT_WRITE, "marriage.certificate.reissue", "marriage", marriage_id,
			 m.office_code, reason, d, e);
	json_decref(d);
	if (r)
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}

/* The marriage of a divorce the caller may see: it may have been
 * registered at another office, so it is read by id without scope. */
static int marriage_by_id(store_conn *c, int64_t id, mar_marriage *m, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT " MAR_MARRIAGE_COLS " FROM mar_marriages m"
				       " WHERE m.id = ?", e);
	int r;

	if (!st)
		return -1;
	store_params(st, id);
	r = store_step(st, e);
	if (r == 1)
		mar_marriage_fill(st, m);
	store_done(st);
	if (r == 0)
		return mz_fail(e, MZ_ENOTFOUND, "id", "marriage not found", "未找到该婚姻登记");
	return r < 0 ? -1 : 0;
}

/* What a certificate's page shows. */
typedef struct cert_page {
	const char *title, *number, *on, *office_name, *extra;
	const mar_marriage *m;
} cert_page;

/* Draws the certificate (a document_render_fn over a cert_page). */
static int render(pdf_doc *doc, const document_record *rec, void *arg, mz_err *e)
{
	const cert_page *p = arg;
	const mar_marriage *m = p->m;
	char date_zh[32], man[160], woman[160], mmask[19], wmask[19];
	pdf_field f[6];

	(void)e;
	idcard_mask(m->man.id_number, mmask);
	idcard_mask(m->woman.id_number, wmask);
	snprintf(man, sizeof(man), "%s（%s）", m->man.name, mmask);
	snprintf(woman, sizeof(woman), "%s（%s）", m->woman.name, wmask);
	pdf_title(doc, p->title);
	pdf_text(doc, rec->number, PDF_CENTER | PDF_SMALL);
	if (rec->reprint_of)
		pdf_text(doc, "（补打）", PDF_CENTER | PDF_SMALL);
	pdf_gap(doc, 6);
	f[0] = (pdf_field){ "证件字号", p->number };
	f[1] = (pdf_field){ "男方", man };
	f[2] = (pdf_field){ "女方", woman };
	f[3] = (pdf_field){ "登记日期", p->on };
	f[4] = (pdf_field){ "登记机关", p->office_name };
	f[5] = (pdf_field){ "备注", p->extra };
	pdf_fields(doc, f, 6);
	pdf_gap(doc, 10);
	pdf_date_zh(p->on, date_zh);
	pdf_seal(doc, p->office_name, date_zh);
	return 0;
}

int mar_certificate_pdf(store_conn *c, const access_ctx *who, const char *kind, int64_t id,
			mz_buf *out, mz_err *e)
{
	mar_marriage m;
	mar_divorce dv;
	const int divorce = kind && !strcmp(kind, "divorce");
	document_issue in;
	document_record rec;
	cert_page page;
	char extra[300], prefix[64];
	int y, mo, dd;

	if (divorce) {
		if (mar_divorce_get(c, who, id, &dv, e) ||
		    marriage_by_id(c, dv.marriage_id, &m, e))
			return -1;
		if (strcmp(dv.status, "registered"))
			return mz_fail(e, MZ_ESTATE, "id", "no divorce certificate: the divorce is not registered",
				       "尚未办理离婚登记，无离婚证");
	} else if (mar_marriage_get(c, who, id, &m, e))
		return -1;
	snprintf(extra, sizeof(extra), "%s%s%s", m.cross_province ? "跨省通办：" : "",
		 m.cross_province ? m.other_province : "", m.cross_province ? m.other_reference : "");
	mz_day_to_ymd(mz_today(), &y, &mo, &dd);
	/* The district's name (three characters, nine bytes) and the kind:
	 * "天河区婚登〔2026〕3号", numbered per office and year. */
	snprintf(prefix, sizeof(prefix), "%.9s%s", m.office_name, divorce ? "离登" : "婚登");
	in = (document_issue){ .kind = divorce ? "marriage.divorce_certificate" : "marriage.certificate",
			       .prefix = prefix, .year = y,
			       .subject_kind = divorce ? "divorce" : "marriage", .subject_id = id,
			       .division_code = m.office_code,
			       .title = divorce ? "离婚证" : "结婚证" };
	page = (cert_page){ .title = in.title,
			    .number = divorce ? dv.certificate_no : m.certificate_no,
			    .on = divorce ? dv.closed_on : m.registered_on,
			    .office_name = m.office_name, .extra = extra, .m = &m };
	return documents_issue(c, who, &in, divorce ? "离婚证（打印件）" : "结婚证（打印件）", render,
			       &page, out, &rec, e);
}
