/* notice_pdf.c - the public notice (公示) of a community or street as the
 * paper posted on its notice board (审核确认办法 第十九条, 第二十四条): the
 * issuing office, the list as the notice page shows it (names and ID numbers
 * masked), the notice period, where and how to object, the complaint
 * telephone and the seal area.
 *
 * Numbered by the issuing street and recorded like every document; the same
 * list printed again is a reprint, a changed list (a case entered or left
 * the notice) a new notice with its own number: the register's variant is
 * a hash of the cases listed. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "documents/issue.h"
#include "domains/assistance/assistance.h"

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

typedef struct notice_ctx {
	const json_t *list; /* assist_notice_list */
	document_office office, district;
} notice_ctx;

static int render_notice(pdf_doc *d, const document_record *rec, void *arg, mz_err *e)
{
	static const char *const headers[] = { "序号", "姓名", "公民身份号码", "救助项目", "家庭人口",
					       "拟保障金额（元/月）", "所在社区", "公示期" };
	static const double widths[] = { 0.5, 1.0, 2.1, 1.8, 0.7, 1.2, 1.4, 1.8 };
	const notice_ctx *x = arg;
	const json_t *items = json_object_get(x->list, "items"), *it;
	size_t n = json_array_size(items), i;
	const char **cells = mz_xcalloc(n * 8 + 1, sizeof(*cells));
	char(*text)[3][64] = mz_xcalloc(n + 1, sizeof(*text));
	char line[1024], date[32], from[32] = "", until[32] = "";

	(void)e;
	snprintf(line, sizeof(line), "%s社会救助审核意见公示", str(x->list, "division_name"));
	pdf_title(d, line);
	documents_number_line(rec, "", line, sizeof(line));
	pdf_text(d, line, PDF_CENTER);
	json_array_foreach(items, i, it) {
		snprintf(text[i][0], sizeof(text[i][0]), "%zu", i + 1);
		snprintf(text[i][1], sizeof(text[i][1]), "%lld",
			 (long long)json_integer_value(json_object_get(it, "household_size")));
		snprintf(text[i][2], sizeof(text[i][2]), "%s至%s", str(it, "notice_from"),
			 str(it, "notice_until"));
		/* The notice runs from the earliest start to the latest end listed. */
		if (!*from || strcmp(str(it, "notice_from"), from) < 0)
			snprintf(from, sizeof(from), "%s", str(it, "notice_from"));
		if (strcmp(str(it, "notice_until"), until) > 0)
			snprintf(until, sizeof(until), "%s", str(it, "notice_until"));
		cells[i * 8] = text[i][0];
		cells[i * 8 + 1] = str(it, "name");
		cells[i * 8 + 2] = str(it, "id_number");
		cells[i * 8 + 3] = str(it, "program_name");
		cells[i * 8 + 4] = text[i][1];
		cells[i * 8 + 5] = str(it, "amount");
		cells[i * 8 + 6] = str(it, "division_name");
		cells[i * 8 + 7] = text[i][2];
	}
	{
		char f[32], u[32];

		pdf_date_zh(from, f);
		pdf_date_zh(until, u);
		snprintf(line, sizeof(line),
			 "根据《最低生活保障审核确认办法》第十九条和《特困人员认定办法》的规定，"
			 "经入户调查、家庭经济状况核对，现将以下%zu户申请家庭的审核意见予以公示，"
			 "公示期为%s至%s。", n, f, u);
	}
	pdf_text(d, line, PDF_INDENT);
	pdf_table(d, headers, widths, 8, cells, n);
	free(cells);
	free(text);
	snprintf(line, sizeof(line),
		 "公示期内，任何单位和个人对公示对象有异议的，可以向%s或%s实名反映，"
		 "我们将依法核查处理，并对反映人的信息予以保密。", x->office.office,
		 x->district.office);
	pdf_text(d, line, PDF_INDENT);
	snprintf(line, sizeof(line), "监督投诉电话：%s", documents_complaint_phone());
	pdf_text(d, line, PDF_INDENT);
	pdf_date_zh(str(x->list, "date"), date);
	pdf_seal(d, x->office.office, date);
	return 0;
}

/* A short hash of the case ids listed: the same list is the same notice. */
static void list_variant(const json_t *items, char out[33])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	mz_buf ids;
	const json_t *it;
	size_t i;

	mz_buf_init(&ids);
	json_array_foreach(items, i, it)
		mz_buf_printf(&ids, "%lld,", (long long)json_integer_value(json_object_get(it, "case_id")));
	crypto_hash_sha256(digest, (const unsigned char *)(ids.data ? ids.data : ""), ids.len);
	sodium_bin2hex(out, 33, digest, 16);
	mz_buf_release(&ids);
}

int assist_notice_pdf(store_conn *c, const access_ctx *who, const char *division, mz_buf *out,
		      int *count, mz_err *e)
{
	json_t *list = assist_notice_list(c, who, division, e); /* scope + audited read */
	const char *code;
	document_record rec;
	document_issue in;
	notice_ctx x;
	char variant[33], title[256];
	int y, m, dd, rc;

	if (!list)
		return -1;
	*count = (int)json_array_size(json_object_get(list, "items"));
	if (!*count) {
		json_decref(list);
		return mz_fail(e, MZ_ENOTFOUND, "division", "no case is under public notice here",
			       "该区域目前没有正在公示的案件");
	}
	code = str(list, "division");
	memset(&x, 0, sizeof(x));
	x.list = list;
	/* A community's or a street's notice is the street's; a district's the
	 * district bureau's. */
	documents_district_office(c, code, "民公", &x.district);
	if (strlen(code) >= 9)
		documents_street_office(c, code, "民公", &x.office);
	else
		x.office = x.district;
	list_variant(json_object_get(list, "items"), variant);
	snprintf(title, sizeof(title), "%s社会救助审核意见公示", str(list, "division_name"));
	mz_day_to_ymd(mz_today(), &y, &m, &dd);
	in = (document_issue){ .kind = "assist.notice", .prefix = x.office.prefix, .year = y,
			       .subject_kind = "division", .subject_id = strtoll(code, NULL, 10),
			       .division_code = code, .title = title, .variant = variant };
	rc = documents_issue(c, who, &in, title, render_notice, &x, out, &rec, e);
	json_decref(list);
	return rc;
}
