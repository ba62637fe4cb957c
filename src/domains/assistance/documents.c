/* documents.c - the written decisions of social assistance as PDF:
 *   decision     审核确认决定书   an approval, with the amount and the month
 *                                 payment starts (低保审核确认办法 第二十一条,
 *                                 第二十五条: from the month after approval);
 *   refusal      不予批准通知书   the reasons in writing and the right to
 *                                 appeal (第二十一条; 行政复议法 第二十条: 60
 *                                 days; 行政诉讼法 第四十六条: six months);
 *   termination  终止通知书       the reason and the month payment stops.
 * Each is issued by the responsible street (审核确认 delegated to it) and
 * recorded in the document register (documents/documents.h); a second copy
 * is a reprint with the first number. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/money.h"
#include "documents/documents.h"
#include "documents/issue.h"
#include "documents/pdf.h"
#include "domains/assistance/assistance.h"

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* The issuing street (documents/issue.h): "广州市海珠区沙园街道办事处",
 * numbers prefixed "沙园" and the kind's word. */
typedef document_office issuer;

static void issuer_of(store_conn *c, const char *division, const char *kind_word, issuer *out)
{
	documents_street_office(c, division, kind_word, out);
}

/* The applicant (or the beneficiary of a person program) from the case's
 * members: name and masked ID number. */
static const json_t *case_person(const json_t *cs)
{
	const json_t *members = json_object_get(cs, "members"), *m;
	json_int_t ben = json_integer_value(json_object_get(cs, "beneficiary_id"));
	size_t i;

	json_array_foreach(members, i, m)
		if (ben ? json_integer_value(json_object_get(m, "person_id")) == ben
			: !strcmp(str(m, "relation"), "applicant"))
			return m;
	return json_array_size(members) ? json_array_get(members, 0) : NULL;
}

/* The note of the last event with the given action ("" if none). */
static const char *last_note(const json_t *cs, const char *action)
{
	const json_t *events = json_object_get(cs, "events"), *ev;
	const char *note = "";
	size_t i;

	json_array_foreach(events, i, ev)
		if (!strcmp(str(ev, "action"), action))
			note = str(ev, "note");
	return note;
}

static int year_of(const char *iso)
{
	int y;

	return sscanf(iso, "%4d-", &y) == 1 ? y : 0;
}

/* The month after the date that iso starts with (a date or a timestamp). */
static void month_after(const char *iso, char out[32])
{
	char day[11];
	mz_day d;

	snprintf(day, sizeof(day), "%s", iso);
	d = mz_day_parse(day);
	int y, m, dd;

	if (d == MZ_DAY_INVALID) {
		snprintf(out, 32, "%s", iso);
		return;
	}
	mz_day_to_ymd(mz_day_add_months(d, 1), &y, &m, &dd);
	snprintf(out, 32, "%d年%d月", y, m);
}

static const struct kind {
	const char *code, *title, *word, *register_kind;
} kinds[] = {
	{ "decision", "审核确认决定书", "民救决", "assist.decision" },
	{ "refusal", "不予批准通知书", "民救不", "assist.refusal" },
	{ "termination", "终止救助通知书", "民救终", "assist.termination" },
};

static const struct kind *kind_find(const char *code)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (code && !strcmp(kinds[i].code, code))
			return &kinds[i];
	return NULL;
}

/* Whether the case's state has the decision this kind writes down. */
static int kind_applies(const struct kind *k, const json_t *cs, mz_err *e)
{
	const char *decision = str(cs, "decision"), *state = str(cs, "state");

	if (!strcmp(k->code, "decision") && !strcmp(decision, "approved"))
		return 0;
	if (!strcmp(k->code, "refusal") && !strcmp(decision, "refused"))
		return 0;
	if (!strcmp(k->code, "termination") && !strcmp(state, "ended") &&
	    *last_note(cs, "terminate"))
		return 0;
	return mz_failf(e, MZ_ESTATE, "kind", "case in state '%s' has no %s to print",
			"案件当前状态（%s）没有可打印的%s", state, k->title);
}

static void render(pdf_doc *d, const struct kind *k, const json_t *cs, const issuer *is,
		   const document_record *rec, const char *program_name)
{
	const json_t *who = case_person(cs);
	const char *name = who ? str(who, "name") : "";
	char title[160], line[2048], date_zh[32], accepted_zh[32], from_month[32], amount[32];
	pdf_field f[6];
	size_t nf = 0;

	snprintf(title, sizeof(title), "%s%s", program_name, k->title);
	pdf_title(d, title);
	snprintf(line, sizeof(line), "%s%s", rec->number, rec->reprint_of ? "（补打）" : "");
	pdf_text(d, line, PDF_CENTER);
	pdf_gap(d, 2);
	snprintf(line, sizeof(line), "%s：", name);
	pdf_text(d, line, 0);
	pdf_date_zh(str(cs, "accepted_on"), accepted_zh);
	pdf_date_zh(str(cs, "decided_on"), date_zh);
	if (!strcmp(k->code, "decision")) {
		json_int_t fen = json_integer_value(json_object_get(cs, "amount_fen"));

		mz_fen_format_yuan((mz_fen)fen, amount);
		month_after(str(cs, "decided_on"), from_month);
		if (fen == 0) /* a status without payment (低保边缘家庭) */
			snprintf(line, sizeof(line),
				 "你于%s提出的%s认定申请，经家庭经济状况核对、入户调查和公示，符合条件。"
				 "决定自%s起认定你家庭为%s，有效期至下次复核。",
				 accepted_zh, program_name, from_month, program_name);
		else
		snprintf(line, sizeof(line),
			 "你于%s提出的%s申请，经家庭经济状况核对、入户调查和公示，符合条件。"
			 "根据《最低生活保障审核确认办法》第二十一条、第二十五条的规定，决定自%s起"
			 "给予%s，每月%s元，按月发放至你申请时登记的银行账户。",
			 accepted_zh, program_name, from_month, program_name, amount);
		pdf_text(d, line, PDF_INDENT);
		pdf_text(d, "家庭人口、收入、财产状况发生变化的，应当及时告知所在地街道办事处（乡镇人民政府）。"
			    "民政部门将定期对保障家庭进行核查。", PDF_INDENT);
	} else if (!strcmp(k->code, "refusal")) {
		const char *reasons = str(cs, "decision_reasons");

		if (!*reasons)
			reasons = last_note(cs, "refuse");
		snprintf(line, sizeof(line),
			 "你于%s提出的%s申请，经审核，不符合条件，决定不予批准。理由如下：",
			 accepted_zh, program_name);
		pdf_text(d, line, PDF_INDENT);
		pdf_text(d, reasons, PDF_INDENT);
		snprintf(line, sizeof(line),
			 "如对本决定不服，可以自收到本通知书之日起六十日内向%s人民政府申请行政复议，"
			 "或者自收到本通知书之日起六个月内直接向人民法院提起行政诉讼。",
			 is->district);
		pdf_text(d, line, PDF_INDENT);
	} else {
		month_after(str(cs, "updated_at"), from_month);
		snprintf(line, sizeof(line),
			 "经核查，你家庭（你）享受的%s因以下原因终止：%s。自%s起停止发放。",
			 program_name, last_note(cs, "terminate"), from_month);
		pdf_text(d, line, PDF_INDENT);
		snprintf(line, sizeof(line),
			 "如对本决定不服，可以自收到本通知书之日起六十日内向%s人民政府申请行政复议，"
			 "或者自收到本通知书之日起六个月内直接向人民法院提起行政诉讼。",
			 is->district);
		pdf_text(d, line, PDF_INDENT);
	}
	f[nf++] = (pdf_field){ "案件编号", NULL };
	snprintf(line, sizeof(line), "%lld", (long long)json_integer_value(json_object_get(cs, "id")));
	f[0].value = line;
	f[nf++] = (pdf_field){ "申请人", name };
	f[nf++] = (pdf_field){ "公民身份号码", who ? str(who, "id_number") : "" };
	f[nf++] = (pdf_field){ "家庭住址", str(cs, "address") };
	f[nf++] = (pdf_field){ "所在社区", str(cs, "division_name") };
	pdf_gap(d, 2);
	pdf_fields(d, f, nf);
	snprintf(title, sizeof(title), "监督投诉电话：%s", documents_complaint_phone());
	pdf_text(d, title, PDF_SMALL);
	pdf_seal(d, is->office, *date_zh ? date_zh : accepted_zh);
	pdf_text(d, "本文书一式两份，一份送达申请人，一份存入案卷。", PDF_SMALL);
}

/* One case's document: what the register records and what render draws. */
typedef struct case_doc {
	const struct kind *k;
	const json_t *cs;
	issuer is;
	char title[160];
	document_issue in;
} case_doc;

/* Prepares x for issuing k on the loaded case cs (issuer, title, the
 * register's entry); -1 when the case has no such decision. */
static int case_doc_prepare(store_conn *c, const struct kind *k, const json_t *cs, case_doc *x,
			    mz_err *e)
{
	if (kind_applies(k, cs, e))
		return -1;
	x->k = k;
	x->cs = cs;
	issuer_of(c, str(cs, "division_code"), k->word, &x->is);
	snprintf(x->title, sizeof(x->title), "%s%s", str(cs, "program_name"), k->title);
	x->in = (document_issue){ .kind = k->register_kind, .prefix = x->is.prefix,
				  .year = year_of(str(cs, *str(cs, "decided_on") ? "decided_on"
										 : "accepted_on")),
				  .subject_kind = "case",
				  .subject_id = json_integer_value(json_object_get(cs, "id")),
				  .division_code = str(cs, "division_code"), .title = x->title };
	if (!x->in.year) {
		int m, dd;

		mz_day_to_ymd(mz_today(), &x->in.year, &m, &dd);
	}
	return 0;
}

/* document_render_fn over a case_doc. */
static int case_doc_render(pdf_doc *d, const document_record *rec, void *arg, mz_err *e)
{
	const case_doc *x = arg;

	(void)e;
	render(d, x->k, x->cs, &x->is, rec, str(x->cs, "program_name"));
	return 0;
}

int assist_document_pdf(store_conn *c, const access_ctx *who, int64_t case_id, const char *kind,
			mz_buf *out, char number[96], mz_err *e)
{
	const struct kind *k = kind_find(kind);
	document_record rec;
	case_doc x;
	json_t *cs;
	int rc;

	if (assist_form_kind(kind)) /* the case's forms (forms.c) */
		return assist_form_pdf(c, who, case_id, kind, out, number, e);
	if (!k)
		return mz_fail(e, MZ_EINVAL, "kind",
			       "kind must be decision, refusal, termination, application,"
			       " investigation or authorization",
			       "文书类型应为 decision（决定书）、refusal（不予批准通知书）、termination（终止通知书）、"
			       "application（申请审批表）、investigation（入户调查表）或 authorization（核对授权书）");
	cs = case_get_json(c, who, assist_program_find, case_id, e); /* scope + audited read */
	if (!cs)
		return -1;
	if (json_is_true(json_object_get(cs, "receipt"))) {
		/* The street that only accepted the case issues nothing on it. */
		json_decref(cs);
		return mz_fail(e, MZ_ENOTFOUND, "id", "case not found", "未找到该案件");
	}
	rc = case_doc_prepare(c, k, cs, &x, e);
	if (!rc)
		rc = documents_issue(c, who, &x.in, str(cs, "program_name"), case_doc_render, &x, out,
				     &rec, e);
	if (!rc)
		snprintf(number, 96, "%s", rec.number);
	json_decref(cs);
	return rc;
}

int assist_documents_batch_pdf(store_conn *c, const access_ctx *who, const char *division,
			       const char *month, const char *kind, mz_buf *out, int *count,
			       mz_err *e)
{
	const struct kind *k = kind_find(kind && *kind ? kind : "decision");
	int64_t *ids = NULL;
	json_t **cases = NULL;
	case_doc *docs = NULL;
	document_issue *ins = NULL;
	document_record *recs = NULL;
	void **args = NULL;
	size_t n = 0, loaded = 0;
	int rc = -1;

	*count = 0;
	if (!k || !strcmp(k->code, "termination"))
		return mz_fail(e, MZ_EINVAL, "kind", "kind must be decision or refusal",
			       "批量打印的文书类型应为 decision（决定书）或 refusal（不予批准通知书）");
	if (case_ids_decided(c, who, division, month,
			     !strcmp(k->code, "decision") ? "approved" : "refused", &ids, &n, e))
		return -1;
	if (!n) {
		free(ids);
		return mz_failf(e, MZ_ENOTFOUND, "month", "no %s decided in %s in this area",
				"该区域在 %s 没有需要打印的%s", month, k->title);
	}
	/* Read every case first: the reads are audited through the group
	 * commit, which must not wait behind the issuing transaction's write
	 * lock. */
	cases = mz_xcalloc(n, sizeof(*cases));
	docs = mz_xcalloc(n, sizeof(*docs));
	ins = mz_xcalloc(n, sizeof(*ins));
	recs = mz_xcalloc(n, sizeof(*recs));
	args = mz_xcalloc(n, sizeof(*args));
	for (loaded = 0; loaded < n; loaded++)
		if (!(cases[loaded] = case_get_json(c, who, assist_program_find, ids[loaded], e)))
			goto done;
	for (size_t i = 0; i < n; i++) {
		if (case_doc_prepare(c, k, cases[i], &docs[i], e))
			goto done;
		ins[i] = docs[i].in;
		args[i] = &docs[i];
	}
	/* One transaction for the batch: every number, register row and audit
	 * record, or none of them. */
	rc = documents_issue_batch(c, who, ins, n, k->title, case_doc_render, args, out, recs, e);
	if (!rc)
		*count = (int)n;
done:
	for (size_t i = 0; i < loaded && cases; i++)
		json_decref(cases[i]);
	free(cases);
	free(docs);
	free(ins);
	free(recs);
	free(args);
	free(ids);
	return rc;
}
