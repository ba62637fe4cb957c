/* forms.c - the forms of a social-assistance case as PDF, filled from the
 * case record (issue 14, item 1):
 *   application    申请审批表  the applicant, the household members with
 *                              their incomes, the household's income and
 *                              assets as the rules evaluated them, the
 *                              applicant's declaration, the street's review
 *                              (入户调查, 核对, 公示: 审核确认办法 第十五至十九条)
 *                              and the approval, each with signature lines;
 *   investigation  入户调查表  the home visit as recorded when the
 *                              investigation was submitted: date, at least two
 *                              investigators, the household met, their
 *                              findings; signed by the investigators and the
 *                              family (第十六条);
 *   authorization  家庭经济状况核对授权书  every adult member's name, masked
 *                              ID number and signature line (第九条).
 * Each is numbered by the responsible street and recorded in the document
 * register (documents/issue.h); a second copy is a reprint. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/money.h"
#include "documents/issue.h"
#include "domains/assistance/assistance.h"

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static const struct form {
	const char *code, *title, *word, *register_kind;
} forms[] = {
	{ "application", "申请审批表", "民救表", "assist.application" },
	{ "investigation", "入户调查表", "民救查", "assist.investigation" },
	{ "authorization", "家庭经济状况核对授权书", "民救授", "assist.authorization" },
};

static const struct form *form_find(const char *code)
{
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (code && !strcmp(forms[i].code, code))
			return &forms[i];
	return NULL;
}

int assist_form_kind(const char *kind)
{
	return form_find(kind) != NULL;
}

static const char *relation_zh(const char *r)
{
	static const char *const map[][2] = {
		{ "applicant", "申请人" }, { "head", "户主" },	 { "spouse", "配偶" },
		{ "child", "子女" },	   { "parent", "父母" },	 { "grandchild", "孙子女" },
		{ "grandparent", "祖父母" }, { "sibling", "兄弟姐妹" }, { "other", "其他" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], r))
			return map[i][1];
	return "其他";
}

static const char *sex_zh(const char *s)
{
	return !strcmp(s, "M") ? "男" : !strcmp(s, "F") ? "女" : "";
}

/* The last event with the action, or NULL. */
static const json_t *last_event(const json_t *cs, const char *action)
{
	const json_t *events = json_object_get(cs, "events"), *ev, *found = NULL;
	size_t i;

	json_array_foreach(events, i, ev)
		if (!strcmp(str(ev, "action"), action))
			found = ev;
	return found;
}

/* The date of an event ("2026-12-01T14:44:48+08:00") written out. */
static void event_date(const json_t *ev, char out[32])
{
	char day[11];

	snprintf(day, sizeof(day), "%s", ev ? str(ev, "at") : "");
	pdf_date_zh(day, out);
}

/* The applicant (or the beneficiary of a person program). */
static const json_t *applicant_of(const json_t *cs)
{
	const json_t *members = json_object_get(cs, "members"), *m;
	json_int_t id = json_integer_value(json_object_get(cs, "beneficiary_id"));
	size_t i;

	if (!id)
		id = json_integer_value(json_object_get(cs, "applicant_id"));
	json_array_foreach(members, i, m)
		if (json_integer_value(json_object_get(m, "person_id")) == id)
			return m;
	return json_array_get(members, 0);
}

/* A member's value in the evaluation trace ("member_income"), or NULL. */
static const json_t *member_value(const json_t *cs, json_int_t person_id, const char *name)
{
	const json_t *ms = json_object_get(json_object_get(json_object_get(cs, "trace"), "program"),
					   "members"),
		     *m, *v;
	char id[24];
	size_t i, j;

	snprintf(id, sizeof(id), "%lld", (long long)person_id);
	json_array_foreach(ms, i, m) {
		if (strcmp(str(m, "id"), id))
			continue;
		json_array_foreach(json_object_get(m, "values"), j, v)
			if (!strcmp(str(v, "name"), name))
				return v;
	}
	return NULL;
}

/* A value's display with its unit: money in yuan. */
static void value_text(const json_t *v, char *out, size_t cap)
{
	if (!v) {
		snprintf(out, cap, "—");
		return;
	}
	snprintf(out, cap, "%s%s", str(v, "display"), !strcmp(str(v, "type"), "money") ? " 元" : "");
}

/* Age in whole years on today from "YYYY-MM-DD" (-1 if unknown). */
static int age_of(const char *birth)
{
	int by, bm, bd, y, m, d;

	if (sscanf(birth, "%4d-%2d-%2d", &by, &bm, &bd) != 3)
		return -1;
	mz_day_to_ymd(mz_today(), &y, &m, &d);
	return y - by - (m < bm || (m == bm && d < bd));
}

typedef struct form_ctx {
	const struct form *f;
	const json_t *cs;
	document_office street;   /* the responsible street */
	document_office approver; /* who approves: the street when delegated */
	char title[192];
} form_ctx;

static void head(pdf_doc *d, const form_ctx *x, const document_record *rec)
{
	char line[192];

	pdf_title(d, x->title);
	documents_number_line(rec, "编号：", line, sizeof(line));
	pdf_text(d, line, PDF_RIGHT | PDF_SMALL);
}

/* The applicant's and the case's basic fields. */
static void basic_fields(pdf_doc *d, const json_t *cs, const json_t *who)
{
	char id[32], accepted[32], birth[32];
	pdf_field f[8];

	snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(json_object_get(cs, "id")));
	pdf_date_zh(str(cs, "accepted_on"), accepted);
	pdf_date_zh(who ? str(who, "birth_date") : "", birth);
	f[0] = (pdf_field){ "申请人", who ? str(who, "name") : "" };
	f[1] = (pdf_field){ "性别 / 出生日期", NULL };
	char sb[64];
	snprintf(sb, sizeof(sb), "%s　%s", who ? sex_zh(str(who, "sex")) : "", birth);
	f[1].value = sb;
	f[2] = (pdf_field){ "公民身份号码", who ? str(who, "id_number") : "" };
	f[3] = (pdf_field){ "家庭住址", str(cs, "address") };
	f[4] = (pdf_field){ "所在社区（村）", str(cs, "division_name") };
	f[5] = (pdf_field){ "申请项目", str(cs, "program_name") };
	f[6] = (pdf_field){ "受理日期", accepted };
	f[7] = (pdf_field){ "案件编号", id };
	pdf_fields(d, f, 8);
}

static void members_table(pdf_doc *d, const json_t *cs)
{
	static const char *const headers[] = { "序号", "姓名", "与申请人关系", "性别", "出生日期",
					       "公民身份号码", "月收入", "计入家庭成员" };
	static const double widths[] = { 0.6, 1.1, 1.1, 0.6, 1.6, 2.6, 1.5, 1.0 };
	const json_t *members = json_object_get(cs, "members"), *m;
	size_t n = json_array_size(members), i;
	const char **cells = mz_xcalloc(n * 8 + 1, sizeof(*cells));
	char(*text)[4][48] = mz_xcalloc(n + 1, sizeof(*text));

	json_array_foreach(members, i, m) {
		json_int_t pid = json_integer_value(json_object_get(m, "person_id"));
		const json_t *counted = member_value(cs, pid, "counted");

		snprintf(text[i][0], sizeof(text[i][0]), "%zu", i + 1);
		snprintf(text[i][1], sizeof(text[i][1]), "%s", str(m, "birth_date"));
		value_text(member_value(cs, pid, "member_income"), text[i][2], sizeof(text[i][2]));
		snprintf(text[i][3], sizeof(text[i][3]), "%s",
			 !counted ? "—" : json_is_true(json_object_get(counted, "value")) ? "是" : "否");
		cells[i * 8] = text[i][0];
		cells[i * 8 + 1] = str(m, "name");
		cells[i * 8 + 2] = relation_zh(str(m, "relation"));
		cells[i * 8 + 3] = sex_zh(str(m, "sex"));
		cells[i * 8 + 4] = text[i][1];
		cells[i * 8 + 5] = str(m, "id_number");
		cells[i * 8 + 6] = text[i][2];
		cells[i * 8 + 7] = text[i][3];
	}
	pdf_table(d, headers, widths, 8, cells, n);
	free(cells);
	free(text);
}

/* The household's income and assets as the rules evaluated them (the
 * trace's values with their labels), and the standard applied. */
static void income_table(pdf_doc *d, const json_t *cs)
{
	static const double widths[] = { 2.2, 1.3, 2.2, 1.3 };
	const json_t *prog = json_object_get(json_object_get(cs, "trace"), "program");
	const json_t *values = json_object_get(prog, "values"), *params = json_object_get(prog, "params");
	size_t nv = json_array_size(values), np = json_array_size(params), n = 0, i;
	const char **cells = mz_xcalloc(2 * (nv + np) + 4, sizeof(*cells));
	char(*text)[64] = mz_xcalloc(nv + np + 1, sizeof(*text));
	const json_t *v;

	if (!prog) {
		pdf_text(d, "尚未进行家庭经济状况评估。", PDF_INDENT);
		free(cells);
		free(text);
		return;
	}
	/* The standards applied (money parameters), then the household's
	 * figures; label and value pairs, two pairs a row. */
	json_array_foreach(params, i, v) {
		if (strcmp(str(v, "type"), "money"))
			continue;
		value_text(v, text[n], sizeof(text[n]));
		cells[2 * n] = str(v, "label");
		cells[2 * n + 1] = text[n];
		n++;
	}
	json_array_foreach(values, i, v) {
		if (!strcmp(str(v, "type"), "bool"))
			continue;
		value_text(v, text[n], sizeof(text[n]));
		cells[2 * n] = str(v, "label");
		cells[2 * n + 1] = text[n];
		n++;
	}
	if (n % 2) {
		cells[2 * n] = "";
		cells[2 * n + 1] = "";
	}
	pdf_table(d, NULL, widths, 4, cells, (n + 1) / 2);
	free(cells);
	free(text);
}

static int render_application(pdf_doc *d, const document_record *rec, void *arg, mz_err *e)
{
	const form_ctx *x = arg;
	const json_t *cs = x->cs, *who = applicant_of(cs);
	const json_t *inv = last_event(cs, "submit_investigation");
	const char *decision = str(cs, "decision"), *eligible_note;
	const json_t *elig = json_object_get(cs, "eval_eligible");
	static const char *const applicant_sig[] = { "申请人（签字或按手印）" };
	static const char *const street_sig[] = { "经办人", "负责人" };
	static const char *const approve_sig[] = { "审批人" };
	char line[2048], date[32], from[32], until[32], amount[32];

	(void)e;
	head(d, x, rec);
	pdf_heading(d, "一、申请人基本情况");
	basic_fields(d, cs, who);
	pdf_heading(d, "二、家庭成员");
	members_table(d, cs);
	pdf_heading(d, "三、家庭收入和财产状况");
	income_table(d, cs);
	pdf_heading(d, "四、申请人承诺");
	pdf_text(d, "本人承诺以上所填家庭成员、收入和财产情况及提供的材料真实、完整。如有虚报、隐瞒、"
		    "伪造，愿意承担相应法律责任，并退还违规领取的救助资金。本人同意民政部门对家庭经济"
		    "状况进行核对，并同意将审核意见在所在社区（村）公示。", PDF_INDENT);
	pdf_signatures(d, applicant_sig, 1);

	pdf_heading(d, "五、街道办事处（乡镇人民政府）审核意见");
	eligible_note = json_is_true(elig) ? "经评估，家庭收入和财产状况符合条件"
		      : json_is_false(elig) ? "经评估，家庭收入和财产状况不符合条件"
					    : "尚未完成家庭经济状况评估";
	event_date(inv, date);
	if (inv)
		snprintf(line, sizeof(line), "%s入户调查：%s。%s。", date, str(inv, "note"), eligible_note);
	else
		snprintf(line, sizeof(line), "尚未完成入户调查。%s。", eligible_note);
	pdf_text(d, line, PDF_INDENT);
	if (*str(cs, "notice_from")) {
		pdf_date_zh(str(cs, "notice_from"), from);
		pdf_date_zh(str(cs, "notice_until"), until);
		snprintf(line, sizeof(line), "审核意见已于%s至%s在所在社区（村）公示。", from, until);
		pdf_text(d, line, PDF_INDENT);
	}
	pdf_keep(d, 2 * 12 + 18);
	pdf_signatures(d, street_sig, 2);
	pdf_sign_off(d, x->street.office, "　　年　　月　　日");

	snprintf(line, sizeof(line), "六、审核确认意见（%s）", x->approver.office);
	pdf_heading(d, line);
	pdf_date_zh(str(cs, "decided_on"), date);
	if (!strcmp(decision, "approved")) {
		json_int_t fen = json_integer_value(json_object_get(cs, "amount_fen"));

		mz_fen_format_yuan((mz_fen)fen, amount);
		snprintf(line, sizeof(line), "%s决定：同意给予%s%s%s%s。", date, str(cs, "program_name"),
			 fen ? "，每月 " : "", fen ? amount : "", fen ? " 元" : "");
	} else if (!strcmp(decision, "refused")) {
		snprintf(line, sizeof(line), "%s决定：不予批准。理由：%s", date,
			 str(cs, "decision_reasons"));
	} else {
		snprintf(line, sizeof(line), "尚未作出审核确认决定（当前状态：%s）。",
			 str(cs, "state_label"));
	}
	pdf_text(d, line, PDF_INDENT);
	pdf_signatures(d, approve_sig, 1);
	pdf_seal(d, x->approver.office, *str(cs, "decided_on") ? date : "　　年　　月　　日");
	return 0;
}

static int render_investigation(pdf_doc *d, const document_record *rec, void *arg, mz_err *e)
{
	const form_ctx *x = arg;
	const json_t *cs = x->cs, *who = applicant_of(cs);
	const json_t *inv = last_event(cs, "submit_investigation");
	const json_t *investigators = json_object_get(json_object_get(inv, "detail"), "investigators");
	const json_t *v;
	static const char *const family_sig[] = { "被调查人（申请人或家庭成员）" };
	char names[512] = "", date[32], line[1024];
	size_t i;

	(void)e;
	json_array_foreach(investigators, i, v)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s", i ? "、" : "",
			 json_string_value(v) ? json_string_value(v) : "");
	event_date(inv, date);
	head(d, x, rec);
	{
		char person[160];

		snprintf(person, sizeof(person), "%s（%s）", who ? str(who, "name") : "",
			 who ? str(who, "id_number") : "");
		pdf_field f[] = {
			{ "调查日期", date },
			{ "调查人员", names },
			{ "调查地点", str(cs, "address") },
			{ "被调查人", person },
		};
		pdf_fields(d, f, sizeof(f) / sizeof(f[0]));
	}
	pdf_heading(d, "家庭成员");
	members_table(d, cs);
	pdf_heading(d, "调查情况");
	pdf_text(d, str(inv, "note"), PDF_INDENT);
	snprintf(line, sizeof(line),
		 "以上情况经调查人员%s共同入户核实，调查人员对调查内容的真实性负责"
		 "（《最低生活保障审核确认办法》第十五条、第十六条）。", names);
	pdf_text(d, line, PDF_INDENT);
	pdf_gap(d, 2);
	/* One signature line per investigator, then the family's, and the
	 * street's sign-off: kept on one page. */
	pdf_keep(d, 12.0 * (double)(json_array_size(investigators) + 1) + 18);
	json_array_foreach(investigators, i, v) {
		char label[160];
		const char *one[1] = { label };

		snprintf(label, sizeof(label), "调查人 %s", json_string_value(v) ? json_string_value(v) : "");
		pdf_signatures(d, one, 1);
	}
	pdf_signatures(d, family_sig, 1);
	pdf_sign_off(d, x->street.office, date);
	return 0;
}

static int render_authorization(pdf_doc *d, const document_record *rec, void *arg, mz_err *e)
{
	static const char *const headers[] = { "序号", "姓名", "与申请人关系", "公民身份号码",
					       "本人签字（按手印）", "日期" };
	static const double widths[] = { 0.6, 1.2, 1.2, 2.4, 2.2, 1.4 };
	const form_ctx *x = arg;
	const json_t *cs = x->cs, *members = json_object_get(cs, "members"), *m;
	size_t n = json_array_size(members), rows = 0, i;
	const char **cells = mz_xcalloc(n * 6 + 1, sizeof(*cells));
	char(*num)[8] = mz_xcalloc(n + 1, sizeof(*num));
	document_office bureau;
	char line[2048];

	(void)e;
	head(d, x, rec);
	/* The county's civil-affairs bureau runs the check (第十七条). */
	snprintf(bureau.office, sizeof(bureau.office), "%s民政局", x->street.district);
	snprintf(line, sizeof(line), "%s：", bureau.office);
	pdf_text(d, line, 0);
	snprintf(line, sizeof(line),
		 "本人及共同生活的家庭成员申请%s，自愿授权%s及其委托的家庭经济状况核对机构，"
		 "通过公安、人力资源社会保障、住房城乡建设、自然资源、市场监管、税务、医疗保障等部门"
		 "和银行、证券、保险等金融机构，查询、核对本人及家庭成员的户籍、婚姻、收入、财产等"
		 "家庭经济状况信息（《最低生活保障审核确认办法》第九条）。",
		 str(cs, "program_name"), bureau.office);
	pdf_text(d, line, PDF_INDENT);
	pdf_text(d, "核对所获信息仅用于社会救助的审核确认和动态管理，有关部门和工作人员应当依法保密。"
		    "本授权自签字之日起生效，在享受社会救助期间持续有效。", PDF_INDENT);
	pdf_heading(d, "授权人（年满十八周岁的家庭成员，每人签字）：");
	json_array_foreach(members, i, m) {
		int age = age_of(str(m, "birth_date"));

		if (age >= 0 && age < 18)
			continue;
		if (!json_is_null(json_object_get(m, "death_date")) &&
		    json_object_get(m, "death_date"))
			continue;
		snprintf(num[rows], sizeof(num[rows]), "%zu", rows + 1);
		cells[rows * 6] = num[rows];
		cells[rows * 6 + 1] = str(m, "name");
		cells[rows * 6 + 2] = relation_zh(str(m, "relation"));
		cells[rows * 6 + 3] = str(m, "id_number");
		cells[rows * 6 + 4] = "\n"; /* two lines high: room to sign */
		cells[rows * 6 + 5] = "";
		rows++;
	}
	pdf_table(d, headers, widths, 6, cells, rows);
	free(cells);
	free(num);
	{
		char addr[512];

		snprintf(addr, sizeof(addr), "家庭住址：%s", str(cs, "address"));
		pdf_text(d, addr, 0);
	}
	pdf_text(d, "未成年家庭成员由其监护人代为授权。", PDF_SMALL);
	snprintf(line, sizeof(line), "受理单位：%s", x->street.office);
	pdf_text(d, line, 0);
	pdf_text(d, "受理人：＿＿＿＿＿＿　　受理日期：　　　年　　月　　日", 0);
	return 0;
}

/* Whether the case holds what the form prints. */
static int form_applies(const struct form *f, const json_t *cs, mz_err *e)
{
	if (!strcmp(f->code, "investigation") && !last_event(cs, "submit_investigation"))
		return mz_failf(e, MZ_ESTATE, "kind",
				"case in state '%s' has no home visit recorded yet",
				"案件当前状态（%s）尚未登记入户调查，无法打印入户调查表",
				str(cs, "state"));
	return 0;
}

static int year_now(void)
{
	int y, m, d;

	mz_day_to_ymd(mz_today(), &y, &m, &d);
	return y;
}

int assist_form_pdf(store_conn *c, const access_ctx *who, int64_t case_id, const char *kind,
		    mz_buf *out, char number[96], mz_err *e)
{
	const struct form *f = form_find(kind);
	document_record rec;
	document_issue in;
	form_ctx x;
	json_t *cs;
	int rc;

	if (!f)
		return mz_fail(e, MZ_EINVAL, "kind", "unknown form", "未知的表格类型");
	cs = case_get_json(c, who, assist_program_find, case_id, e); /* scope + audited read */
	if (!cs)
		return -1;
	if (json_is_true(json_object_get(cs, "receipt"))) {
		json_decref(cs);
		return mz_fail(e, MZ_ENOTFOUND, "id", "case not found", "未找到该案件");
	}
	if (form_applies(f, cs, e)) {
		json_decref(cs);
		return -1;
	}
	memset(&x, 0, sizeof(x));
	x.f = f;
	x.cs = cs;
	documents_street_office(c, str(cs, "division_code"), f->word, &x.street);
	if (json_is_true(json_object_get(cs, "delegated")))
		x.approver = x.street;
	else
		documents_district_office(c, str(cs, "division_code"), f->word, &x.approver);
	snprintf(x.title, sizeof(x.title), "%s%s", str(cs, "program_name"), f->title);
	in = (document_issue){ .kind = f->register_kind, .prefix = x.street.prefix,
			       .year = year_now(), .subject_kind = "case", .subject_id = case_id,
			       .division_code = str(cs, "division_code"), .title = x.title };
	rc = documents_issue(c, who, &in, x.title,
			     !strcmp(f->code, "application")     ? render_application
			     : !strcmp(f->code, "investigation") ? render_investigation
								 : render_authorization,
			     &x, out, &rec, e);
	if (!rc)
		snprintf(number, 96, "%s", rec.number);
	json_decref(cs);
	return rc;
}
