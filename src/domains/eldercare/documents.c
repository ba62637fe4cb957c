/* documents.c - the elder's printed documents (issue 14, item 1):
 *   the assessment report  老年人能力评估报告: the standard's items with
 *                          their scores, the dimensions (and their grades
 *                          under MZ/T 039-2013), the adjustments, the level,
 *                          the assessors' and the elder's signature lines;
 *   the elder's card       长者卡: an ID-1 card to cut out, with a QR code
 *                          of the card code the canteen counter accepts
 *                          (meal.c: card_code, common.c ec_person_by_card).
 * Both are issued by the district's civil-affairs bureau, numbered, recorded
 * in the document register and audited (documents/issue.h); a second copy
 * is a reprint. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "documents/issue.h"
#include "domains/eldercare/assess.h"
#include "domains/eldercare/eldercare.h"

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int year_of(const char *iso)
{
	int y, m, d;

	if (iso && sscanf(iso, "%4d-", &y) == 1)
		return y;
	mz_day_to_ymd(mz_today(), &y, &m, &d);
	return y;
}

/* ---- the assessment report ---------------------------------------------- */

typedef struct report_ctx {
	const ec_person *p;
	const json_t *a;         /* the assessment, as ec_assess_history lists it */
	json_t *dims;            /* [{name_zh, score, max, grade?}] */
	const ec_assess_std *std;
	document_office office;
} report_ctx;

static const char *purpose_zh(const char *p)
{
	return !strcmp(p, "initial")  ? "首次评估"
	       : !strcmp(p, "periodic") ? "定期复评"
	       : !strcmp(p, "change")   ? "状况变化后的即时评估"
	       : !strcmp(p, "review")   ? "因评估结果有疑问进行的复核评估"
					: "评估";
}

/* The grades of a dimension under MZ/T 039-2013 (5.2). */
static const char *grade_zh(int g)
{
	static const char *const names[] = { "能力完好", "轻度受损", "中度受损", "重度受损" };

	return g >= 0 && g < 4 ? names[g] : "";
}

static int render_report(pdf_doc *d, const document_record *rec, void *arg, mz_err *e)
{
	const report_ctx *x = arg;
	const json_t *a = x->a, *items = json_object_get(a, "items");
	const json_t *dims = x->dims, *adj = json_object_get(a, "adjustments");
	const ec_assess_std *s = x->std;
	static const char *const item_headers[] = { "评估项目", "得分 / 满分", "评估项目",
						    "得分 / 满分" };
	static const double item_w[] = { 2.2, 1, 2.2, 1 };
	static const char *const dim_headers[] = { "一级指标", "得分", "满分", "分级" };
	static const double dim_w[] = { 2.4, 1, 1, 1.6 };
	static const char *const sig[] = { "评估员", "评估员", "被评估人或其监护人（代理人）" };
	const char **cells;
	char(*text)[3][48], line[1024], masked[19], birth[11], assessed[32], age[16];
	size_t n = 0, i;
	const json_t *v;

	(void)e;
	pdf_title(d, "老年人能力评估报告");
	documents_number_line(rec, "编号：", line, sizeof(line));
	pdf_text(d, line, PDF_RIGHT | PDF_SMALL);
	ec_person_masked(x->p, masked);
	mz_day_format(x->p->birth, birth);
	snprintf(age, sizeof(age), "%d 岁", ec_person_age(x->p, mz_day_parse(str(a, "assessed_on"))));
	pdf_date_zh(str(a, "assessed_on"), assessed);
	{
		char assessors[160], std_name[128];

		snprintf(assessors, sizeof(assessors), "%s%s%s", str(a, "assessor"),
			 *str(a, "assessor2") ? "、" : "", str(a, "assessor2"));
		snprintf(std_name, sizeof(std_name), "%s（%s）", s->name_zh, s->code);
		pdf_field f[] = {
			{ "被评估人", x->p->name },
			{ "性别 / 出生日期", NULL },
			{ "公民身份号码", masked },
			{ "评估日期", assessed },
			{ "评估地点", str(a, "location") },
			{ "评估原因", purpose_zh(str(a, "purpose")) },
			{ "评估员", assessors },
			{ "评估标准", std_name },
		};
		char sa[64];

		snprintf(sa, sizeof(sa), "%s　%s（%s）", x->p->sex == 'F' ? "女" : "男", birth, age);
		f[1].value = sa;
		pdf_heading(d, "一、基本信息");
		pdf_fields(d, f, sizeof(f) / sizeof(f[0]));
	}

	pdf_heading(d, "二、评估项目得分");
	/* Two items a row, in the standard's order (its dimensions follow). */
	cells = mz_xcalloc(2 * (size_t)(s->nitems + 2), sizeof(*cells));
	text = mz_xcalloc((size_t)s->nitems + 2, sizeof(*text));
	for (int it = 0; it < s->nitems; it++) {
		const ec_assess_item *item = &s->items[it];
		json_t *score = json_object_get(items, item->code);

		if (score)
			snprintf(text[n][0], sizeof(text[n][0]), "%lld / %d",
				 (long long)json_integer_value(score), item->max);
		else
			snprintf(text[n][0], sizeof(text[n][0]), "— / %d", item->max);
		cells[2 * n] = item->name_zh;
		cells[2 * n + 1] = text[n][0];
		n++;
	}
	if (n % 2) {
		cells[2 * n] = "";
		cells[2 * n + 1] = "";
	}
	pdf_table(d, item_headers, item_w, 4, cells, (n + 1) / 2);
	free(cells);
	free(text);

	pdf_heading(d, "三、一级指标");
	n = json_array_size(dims);
	cells = mz_xcalloc(4 * n + 1, sizeof(*cells));
	text = mz_xcalloc(n + 1, sizeof(*text));
	json_array_foreach(dims, i, v) {
		json_t *g = json_object_get(v, "grade");

		snprintf(text[i][0], sizeof(text[i][0]), "%lld",
			 (long long)json_integer_value(json_object_get(v, "score")));
		snprintf(text[i][1], sizeof(text[i][1]), "%lld",
			 (long long)json_integer_value(json_object_get(v, "max")));
		if (g && json_integer_value(g) >= 0)
			snprintf(text[i][2], sizeof(text[i][2]), "%lld 级 %s",
				 (long long)json_integer_value(g), grade_zh((int)json_integer_value(g)));
		else
			snprintf(text[i][2], sizeof(text[i][2]), "—");
		cells[4 * i] = str(v, "name_zh");
		cells[4 * i + 1] = text[i][0];
		cells[4 * i + 2] = text[i][1];
		cells[4 * i + 3] = text[i][2];
	}
	pdf_table(d, dim_headers, dim_w, 4, cells, n);
	free(cells);
	free(text);

	pdf_heading(d, "四、评估结论");
	snprintf(line, sizeof(line), "总分 %lld 分（满分 %d 分），初步等级 %lld 级。",
		 (long long)json_integer_value(json_object_get(a, "total")), s->max_total,
		 (long long)json_integer_value(json_object_get(a, "base_level")));
	pdf_text(d, line, PDF_INDENT);
	json_array_foreach(adj, i, v) {
		snprintf(line, sizeof(line), "等级变更：%s，由 %lld 级调整为 %lld 级。", str(v, "name_zh"),
			 (long long)json_integer_value(json_object_get(v, "from")),
			 (long long)json_integer_value(json_object_get(v, "to")));
		pdf_text(d, line, PDF_INDENT);
	}
	snprintf(line, sizeof(line), "老年人能力等级：%lld 级 · %s",
		 (long long)json_integer_value(json_object_get(a, "level")), str(a, "level_name_zh"));
	pdf_text(d, line, PDF_BOLD | PDF_INDENT);
	if (*str(a, "next_due")) {
		char due[32];

		pdf_date_zh(str(a, "next_due"), due);
		snprintf(line, sizeof(line), "下次复评时间：%s前（身体状况发生变化的，应及时申请即时评估）。", due);
		pdf_text(d, line, PDF_INDENT);
	}
	pdf_signatures(d, sig, 3);
	pdf_seal(d, x->office.office, assessed);
	return 0;
}

/* The dimensions with their maxima and grades: scored again from the stored
 * items by the standard they were scored under (the stored dimensions keep
 * only the sums); the stored sums if that fails. */
static json_t *dimensions_of(const ec_assess_std *s, const json_t *a)
{
	ec_assess_result res;
	mz_err ignore = { 0 };
	json_t *scored = ec_assess_score(s, json_object_get(a, "items"),
					 json_object_get(a, "conditions"), &res, &ignore);
	json_t *dims;

	if (scored) {
		dims = json_incref(json_object_get(scored, "dimensions"));
		json_decref(scored);
		return dims;
	}
	dims = json_array();
	for (int k = 0; k < s->ndims; k++)
		json_array_append_new(dims, json_pack("{s:s,s:I,s:i}", "name_zh", s->dims[k].name_zh,
						      "score", json_integer_value(json_object_get(
								       json_object_get(a, "dimensions"),
								       s->dims[k].code)),
						      "max", s->dims[k].max));
	return dims;
}

int ec_assessment_report_pdf(store_conn *c, const access_ctx *who, int64_t person_id,
			     int64_t assessment_id, mz_buf *out, char number[96], mz_err *e)
{
	json_t *hist, *a = NULL, *v;
	ec_assess_std *std;
	document_record rec;
	document_issue in;
	report_ctx x;
	ec_person p;
	size_t i;
	int rc = -1;

	if (ec_person_load(c, who, person_id, &p, e))
		return -1;
	hist = ec_assess_history(c, who, person_id, e); /* audited read */
	if (!hist)
		return -1;
	/* The one asked for, or the latest (the history lists newest first). */
	json_array_foreach(json_object_get(hist, "items"), i, v)
		if (assessment_id ? json_integer_value(json_object_get(v, "id")) == assessment_id
				  : !a)
			a = v;
	if (!a) {
		json_decref(hist);
		return mz_fail(e, MZ_ENOTFOUND, "assessment_id", "no such assessment of this person",
			       "该长者没有这次评估记录");
	}
	assessment_id = json_integer_value(json_object_get(a, "id"));
	std = mz_xcalloc(1, sizeof(*std));
	if (ec_assess_std_load(c, str(a, "standard"), 0, std, e))
		goto done;
	memset(&x, 0, sizeof(x));
	x.p = &p;
	x.a = a;
	x.std = std;
	x.dims = dimensions_of(std, a);
	documents_district_office(c, p.division, "民评", &x.office);
	in = (document_issue){ .kind = "eldercare.assessment", .prefix = x.office.prefix,
			       .year = year_of(str(a, "assessed_on")), .subject_kind = "assessment",
			       .subject_id = assessment_id, .division_code = p.division,
			       .title = "老年人能力评估报告" };
	rc = documents_issue(c, who, &in, "老年人能力评估报告", render_report, &x, out, &rec, e);
	if (!rc)
		snprintf(number, 96, "%s", rec.number);
	json_decref(x.dims);
done:
	free(std);
	json_decref(hist);
	return rc;
}

/* ---- the elder's card ---------------------------------------------------- */

typedef struct card_ctx {
	const ec_person *p;
	char code[40], issued_on[11];
	document_office office;
} card_ctx;

static int render_card(pdf_doc *d, const document_record *rec, void *arg, mz_err *e)
{
	const card_ctx *x = arg;
	char line[256], masked[19], issued[32];

	ec_person_masked(x->p, masked);
	pdf_date_zh(x->issued_on, issued);
	pdf_title(d, "广州市长者卡");
	documents_number_line(rec, "编号：", line, sizeof(line));
	pdf_text(d, line, PDF_RIGHT | PDF_SMALL);
	pdf_gap(d, 4);
	{
		pdf_field f[] = { { "姓名", x->p->name }, { "证件号码", masked },
				  { "卡号", x->code }, { "发卡日期", issued } };

		if (pdf_card(d, "广州市长者卡 · 长者饭堂助餐", f, 4, x->code, x->office.office, e))
			return -1;
	}
	pdf_gap(d, 4);
	pdf_heading(d, "使用须知");
	pdf_text(d, "一、本卡供持卡长者本人在全市长者饭堂（助餐配餐点）就餐时出示，柜台扫描二维码"
		    "或输入卡号即可核验身份并按规定享受助餐补贴。", PDF_INDENT);
	pdf_text(d, "二、本卡限本人使用，不得转借。卡片遗失的，请持身份证到所在社区或街道办事处"
		    "申请补卡，补卡后原卡自动作废。", PDF_INDENT);
	snprintf(line, sizeof(line), "三、咨询和投诉电话：%s。", documents_complaint_phone());
	pdf_text(d, line, PDF_INDENT);
	pdf_text(d, "请沿卡片外框裁剪，可过塑后使用。", PDF_SMALL);
	pdf_sign_off(d, x->office.office, issued);
	return 0;
}

int ec_card_pdf(store_conn *c, const access_ctx *who, int64_t person_id, mz_buf *out,
		char number[96], mz_err *e)
{
	document_record rec;
	document_issue in;
	store_stmt *st;
	card_ctx x;
	ec_person p;
	int r;

	if (ec_person_load(c, who, person_id, &p, e))
		return -1;
	memset(&x, 0, sizeof(x));
	x.p = &p;
	st = store_prepare(c, "SELECT code, issued_on FROM ec_cards WHERE person_id = ?"
			      " AND status = 'active'", e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, person_id);
	r = store_step(st, e);
	if (r == 1) {
		mz_strlcpy(x.code, store_col_text(st, 0), sizeof(x.code));
		mz_strlcpy(x.issued_on, store_col_text(st, 1), sizeof(x.issued_on));
	}
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_fail(e, MZ_ENOTFOUND, "person_id", "the person has no active elder card",
			       "该长者没有有效的长者卡，请先发卡");
	documents_district_office(c, p.division, "民卡", &x.office);
	/* The card's code is the variant: a new card (补卡) is a first issue
	 * with its own number, a second print of the same card a reprint. */
	in = (document_issue){ .kind = "eldercare.card", .variant = x.code, .prefix = x.office.prefix,
			       .year = year_of(x.issued_on), .subject_kind = "person",
			       .subject_id = person_id, .division_code = p.division,
			       .title = "广州市长者卡" };
	if (documents_issue(c, who, &in, "广州市长者卡", render_card, &x, out, &rec, e))
		return -1;
	snprintf(number, 96, "%s", rec.number);
	return 0;
}
