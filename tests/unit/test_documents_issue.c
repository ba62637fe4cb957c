/* Unit tests for documents/issue.h: issuing documents one at a time or as a
 * batch in one PDF. Each document takes the next number of its office; each
 * register row has its own page count and the hash of the file; a second
 * issue of the same subject is a reprint with the first number, said on the
 * number line by the caller and on the footer by documents_issue when the
 * file holds reprints only; a render that fails leaves no number, row or
 * audit record. On the engine under test (test_db.h). The footer is read
 * back with pdftotext (poppler-utils, as the API tests do). The city
 * (test_city.h) is more than the register needs; it is the tests' one fixture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "access/access.h"
#include "documents/issue.h"
#include "store/store.h"
#include "test_city.h"

static test_db db;
static store *st;
static store_conn *c;
static access_ctx sys;

static int setup(void **state)
{
	(void)state;
	if (test_city_open(&db, "documents_issue", &st, &c))
		return -1;
	access_ctx_system(&sys, "tester");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_city_close(&db, st);
	return 0;
}

/* What one test document draws: `pages` pages, failing when fail is set. */
typedef struct page_spec {
	int pages;
	int fail;
} page_spec;

static int render(pdf_doc *d, const document_record *rec, void *arg, mz_err *e)
{
	const page_spec *p = arg;
	char line[192];

	if (p->fail)
		return mz_fail(e, MZ_EINTERNAL, "", "render failed", "绘制失败");
	documents_number_line(rec, "编号：", line, sizeof(line));
	pdf_title(d, "测试文书");
	pdf_text(d, line, PDF_CENTER);
	for (int i = 1; i < p->pages; i++) {
		pdf_page_break(d);
		pdf_text(d, "续页", 0);
	}
	return 0;
}

static document_issue issue_for(int64_t subject)
{
	return (document_issue){ .kind = "test.notice", .prefix = subject < 10 ? "测试民" : "测试败",
				 .year = 2026,
				 .subject_kind = "test", .subject_id = subject,
				 .division_code = "440105001", .title = "测试文书" };
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	mz_err e = { 0 };

	assert_int_equal(store_query_i64(c, sql, &n, &e), 0);
	return n;
}

/* The text of a PDF, white space dropped. */
static void pdf_text_of(const mz_buf *pdf, char *out, size_t cap)
{
	char path[] = "/tmp/mz_test_documents_issue_XXXXXX", cmd[128];
	size_t n = 0;
	FILE *f;
	int fd = mkstemp(path), ch;

	out[0] = 0;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, pdf->data, pdf->len), (ssize_t)pdf->len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "pdftotext %s - 2>/dev/null", path);
	f = popen(cmd, "r");
	while (f && (ch = fgetc(f)) != EOF && n + 1 < cap)
		if (ch != ' ' && ch != '\n' && ch != '\f' && ch != '\r')
			out[n++] = (char)ch;
	out[n] = 0;
	if (f)
		pclose(f);
	unlink(path);
}

static void batch_numbers_pages_and_reprints(void **state)
{
	document_issue ins[2] = { issue_for(1), issue_for(2) };
	page_spec one = { 1, 0 }, two = { 2, 0 };
	void *args[2] = { &one, &two };
	document_record recs[2];
	char number[96], text[4096];
	mz_buf pdf;
	mz_err e = { 0 };
	(void)state;

	mz_buf_init(&pdf);
	assert_int_equal(documents_issue_batch(c, &sys, ins, 2, "测试页脚", render, args, &pdf,
					       recs, &e), 0);
	assert_true(pdf.len > 0);
	assert_string_equal(recs[0].number, "测试民〔2026〕1号");
	assert_string_equal(recs[1].number, "测试民〔2026〕2号");
	assert_int_equal(recs[0].reprint_of, 0);
	/* Each row its own pages, both the hash of the one file. */
	assert_int_equal(count("SELECT pages FROM documents WHERE subject_id = 1"), 1);
	assert_int_equal(count("SELECT pages FROM documents WHERE subject_id = 2"), 2);
	assert_int_equal(count("SELECT count(DISTINCT sha256) FROM documents"), 1);
	assert_int_equal(test_audit_count(c, "SELECT count(*) FROM audit_log WHERE action = 'document.issue'"), 2);
	pdf_text_of(&pdf, text, sizeof(text));
	assert_non_null(strstr(text, "测试页脚"));
	assert_null(strstr(text, "补打"));
	mz_buf_release(&pdf);

	/* Subject 2 again, alone: a reprint with its first number, said on
	 * the footer too. */
	mz_buf_init(&pdf);
	assert_int_equal(documents_issue(c, &sys, &ins[1], "测试页脚", render, &two, &pdf, &recs[1],
					 &e), 0);
	assert_string_equal(recs[1].number, "测试民〔2026〕2号");
	assert_true(recs[1].reprint_of > 0);
	assert_int_equal(test_audit_count(c, "SELECT count(*) FROM audit_log WHERE action = 'document.reprint'"), 1);
	pdf_text_of(&pdf, text, sizeof(text));
	assert_non_null(strstr(text, "补打件"));
	mz_buf_release(&pdf);

	/* A batch of a new subject and a reprint: the footer says nothing,
	 * the reprint's number line does. */
	ins[0] = issue_for(3);
	mz_buf_init(&pdf);
	assert_int_equal(documents_issue_batch(c, &sys, ins, 2, "测试页脚", render, args, &pdf,
					       recs, &e), 0);
	assert_string_equal(recs[0].number, "测试民〔2026〕3号");
	snprintf(number, sizeof(number), "%s", recs[1].number);
	assert_string_equal(number, "测试民〔2026〕2号");
	pdf_text_of(&pdf, text, sizeof(text));
	assert_null(strstr(text, "补打件"));
	assert_non_null(strstr(text, "测试民〔2026〕2号（补打）"));
	mz_buf_release(&pdf);
}

static void failed_render_leaves_nothing(void **state)
{
	document_issue ins[2] = { issue_for(10), issue_for(11) };
	page_spec ok = { 1, 0 }, bad = { 1, 1 };
	void *args[2] = { &ok, &bad };
	document_record recs[2];
	int64_t rows = count("SELECT count(*) FROM documents");
	int64_t audits = test_audit_count(c, "SELECT count(*) FROM audit_log");
	mz_buf pdf;
	mz_err e = { 0 };
	(void)state;

	mz_buf_init(&pdf);
	assert_int_equal(documents_issue_batch(c, &sys, ins, 2, "测试页脚", render, args, &pdf,
					       recs, &e), -1);
	assert_string_equal(e.message, "render failed");
	assert_int_equal(pdf.len, 0);
	assert_int_equal(count("SELECT count(*) FROM documents"), rows);
	assert_int_equal(test_audit_count(c, "SELECT count(*) FROM audit_log"), audits);
	/* The numbers the failed batch reserved were rolled back with it
	 * (subjects 10 and up number under their own prefix). */
	args[1] = &ok;
	assert_int_equal(documents_issue_batch(c, &sys, ins, 2, "测试页脚", render, args, &pdf,
					       recs, &e), 0);
	assert_string_equal(recs[0].number, "测试败〔2026〕1号");
	assert_string_equal(recs[1].number, "测试败〔2026〕2号");
	mz_buf_release(&pdf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(batch_numbers_pages_and_reprints),
		cmocka_unit_test(failed_render_leaves_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
