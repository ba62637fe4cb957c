/* test_pdf.c - the document layout: a form with every element becomes a
 * PDF; text longer than a page flows onto the next page; a table repeats
 * its header; the QR code encodes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "documents/pdf.h"

/* Counts "/Type /Page" objects (not "/Pages") in the PDF bytes. */
static int count_pages(const mz_buf *b)
{
	int n = 0;

	for (size_t i = 0; i + 11 < b->len; i++)
		if (!memcmp(b->data + i, "/Type /Page", 11) && b->data[i + 11] != 's')
			n++;
	return n;
}

static void test_form(void **state)
{
	pdf_doc *d = pdf_doc_new("海珠区民政局 · 测试页脚");
	pdf_field f[] = { { "申请人", "张三" }, { "身份证号码", "4401**********123X" },
			  { "保障金额", "每月 1,860.00 元" } };
	const char *labels[] = { "经办人", "审核人" };
	mz_buf out;
	mz_err e = { 0 };
	char date[32];

	(void)state;
	mz_buf_init(&out);
	pdf_title(d, "最低生活保障审核确认决定书");
	pdf_text(d, "海珠民救决〔2026〕0001号", PDF_CENTER);
	pdf_text(d, "经审核，你家庭符合最低生活保障条件，决定自2027年1月起给予最低生活保障。", PDF_INDENT);
	pdf_fields(d, f, 3);
	pdf_signatures(d, labels, 2);
	pdf_date_zh("2026-12-07", date);
	assert_string_equal(date, "2026年12月7日");
	pdf_seal(d, "广州市海珠区沙园街道办事处", date);
	assert_int_equal(pdf_qr(d, "MZCARD:0123456789", 25, "长者卡", &e), 0);
	assert_int_equal(pdf_page_count(d), 1);
	assert_int_equal(pdf_doc_finish(d, &out, &e), 0);
	assert_true(out.len > 1000);
	assert_memory_equal(out.data, "%PDF-", 5);
	assert_int_equal(count_pages(&out), 1);
	mz_buf_release(&out);
}

static void test_flow(void **state)
{
	pdf_doc *d = pdf_doc_new(NULL);
	const char *headers[] = { "序号", "姓名", "金额" };
	const char **cells = calloc(3 * 120, sizeof(*cells));
	char (*num)[8] = calloc(120, sizeof(*num));
	mz_buf out, text;
	mz_err e = { 0 };

	(void)state;
	mz_buf_init(&out);
	mz_buf_init(&text);
	for (int i = 0; i < 400; i++)
		mz_buf_puts(&text, "一段很长的说明文字，");
	pdf_text(d, text.data, PDF_INDENT); /* about 4,000 characters: more than a page */
	assert_true(pdf_page_count(d) >= 2);
	for (int r = 0; r < 120; r++) {
		snprintf(num[r], sizeof(num[r]), "%d", r + 1);
		cells[3 * r] = num[r];
		cells[3 * r + 1] = "李四";
		cells[3 * r + 2] = "100.00";
	}
	pdf_page_break(d);
	{
		int before = pdf_page_count(d);

		pdf_table(d, headers, NULL, 3, cells, 120); /* 120 rows: several pages */
		assert_true(pdf_page_count(d) >= before + 2);
	}
	{
		int pages = pdf_page_count(d);

		assert_int_equal(pdf_doc_finish(d, &out, &e), 0);
		assert_int_equal(count_pages(&out), pages);
	}
	free(cells);
	free(num);
	mz_buf_release(&text);
	mz_buf_release(&out);
}

/* The card, the headings kept with what follows, the signature rows and a
 * form's sign-off; a payload too long for any QR code is refused, naming
 * nothing drawn. */
static void test_card(void **state)
{
	pdf_doc *d = pdf_doc_new("长者卡");
	pdf_field f[] = { { "姓名", "王五" }, { "卡号", "GZ012345678901" } };
	const char *labels[] = { "被评估人或其监护人（代理人）" };
	mz_buf out, big;
	mz_err e = { 0 };

	(void)state;
	mz_buf_init(&out);
	mz_buf_init(&big);
	assert_int_equal(pdf_card(d, "广州市长者卡", f, 2, "GZ012345678901", "广州市海珠区民政局", &e), 0);
	pdf_heading(d, "使用须知");
	pdf_signatures(d, labels, 1);
	pdf_sign_off(d, "广州市海珠区民政局", "2026年12月7日");
	for (int i = 0; i < 800; i++)
		mz_buf_puts(&big, "0123456789");
	assert_int_equal(pdf_card(d, "x", f, 2, big.data, NULL, &e), -1); /* 8,000 bytes: no QR version holds it */
	assert_int_equal(pdf_page_count(d), 1);
	assert_int_equal(pdf_doc_finish(d, &out, &e), 0);
	assert_int_equal(count_pages(&out), 1);
	mz_buf_release(&out);
	mz_buf_release(&big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_flow),
		cmocka_unit_test(test_card),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
