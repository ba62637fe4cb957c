/* test_table.c - the CSV and XLSX import reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "base/buf.h"
#include "base/table.h"

static char tmpdir[] = "/tmp/mz_test_table_XXXXXX";

/* A path inside the test's temporary directory (static storage, one at a time). */
static const char *tpath(const char *name)
{
	static char p[512];
	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	return p;
}

static const char *write_file(const char *name, const void *data, size_t n)
{
	const char *p = tpath(name);
	FILE *f = fopen(p, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return p;
}

static const char *write_str(const char *name, const char *s)
{
	return write_file(name, s, strlen(s));
}

/* Reads the next row and checks its line and fields (NULL-terminated list). */
static void expect_row(table_reader *t, long line, ...)
{
	table_row row;
	mz_err e = { 0 };
	va_list ap;
	size_t i = 0;
	const char *want;

	if (table_next(t, &row, &e) != 1)
		fail_msg("expected the row on line %ld, got: %s", line, e.message);
	assert_int_equal(row.line, line);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (i >= row.count)
			fail_msg("line %ld: only %zu fields", line, row.count);
		assert_string_equal(row.fields[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(row.count, i);
}

static void expect_end(table_reader *t)
{
	table_row row;
	mz_err e = { 0 };

	assert_int_equal(table_next(t, &row, &e), 0);
	assert_int_equal(table_next(t, &row, &e), 0);
}

/* Reads rows until the error; checks its code and that it contains each of
 * the strings. Returns the number of rows read before it. */
static int expect_error(table_reader *t, mz_code code, const char *s1, const char *s2)
{
	table_row row;
	mz_err e = { 0 };
	int rc, rows = 0;

	while ((rc = table_next(t, &row, &e)) == 1)
		rows++;
	assert_int_equal(rc, -1);
	assert_int_equal(e.code, code);
	assert_string_equal(e.field, "file");
	if (s1 && !strstr(e.message, s1))
		fail_msg("message '%s' lacks '%s'", e.message, s1);
	if (s2 && !strstr(e.message, s2))
		fail_msg("message '%s' lacks '%s'", e.message, s2);
	assert_true(e.message_zh[0] != '\0');
	mz_err_clear(&e);
	assert_int_equal(table_next(t, &row, &e), -1); /* stays failed */
	assert_int_equal(e.code, code);
	return rows;
}

static void test_csv_basic(void **state)
{
	const char *p;
	table_reader *t;
	mz_err e = { 0 };

	(void)state;
	p = write_str("basic.csv",
		      "\xEF\xBB\xBFname,id,note\r\n"
		      "张三,\"440104195003070027\",\"He said \"\"hi\"\", then left\"\r\n"
		      "李四,,\"line one\r\nline two\"\r\n"
		      "\r\n"
		      ",,\r\n"
		      "王五,x,\r\n"
		      " 赵六 ,\"\",\"a,b\"\r\n"
		      "\"last\",no newline");
	t = table_open(p, &e);
	assert_non_null(t);
	expect_row(t, 1, "name", "id", "note", NULL);
	expect_row(t, 2, "张三", "440104195003070027", "He said \"hi\", then left", NULL);
	expect_row(t, 3, "李四", "", "line one\r\nline two", NULL);
	expect_row(t, 7, "王五", "x", "", NULL);
	expect_row(t, 8, " 赵六 ", "", "a,b", NULL); /* RFC 4180: spaces are data */
	expect_row(t, 9, "last", "no newline", NULL);
	expect_end(t);
	assert_true(table_progress_total(t) > 0);
	assert_int_equal(table_progress(t), table_progress_total(t));
	table_close(t);
}

static void test_csv_line_ends(void **state)
{
	table_reader *t;
	mz_err e = { 0 };
	table_row row;

	(void)state;
	/* LF only, a quoted LF, and a blank line */
	t = table_open(write_str("lf.CSV", "a,b\n\"x\ny\",z\n\nc,d\n"), &e);
	assert_non_null(t);
	expect_row(t, 1, "a", "b", NULL);
	expect_row(t, 2, "x\ny", "z", NULL);
	expect_row(t, 5, "c", "d", NULL);
	expect_end(t);
	table_close(t);
	/* old Mac CR line ends */
	t = table_open(write_str("cr.csv", "a,b\rc,d\r\re,f"), &e);
	assert_non_null(t);
	expect_row(t, 1, "a", "b", NULL);
	expect_row(t, 2, "c", "d", NULL);
	expect_row(t, 4, "e", "f", NULL);
	expect_end(t);
	table_close(t);
	/* an empty file, and a file of only a BOM */
	t = table_open(write_str("empty.csv", ""), &e);
	assert_non_null(t);
	expect_end(t);
	table_close(t);
	t = table_open(write_str("bom.csv", "\xEF\xBB\xBF"), &e);
	assert_non_null(t);
	expect_end(t);
	table_close(t);
	/* table_field pads short rows */
	t = table_open(write_str("short.csv", "a,b,c\n1\n"), &e);
	assert_int_equal(table_next(t, &row, &e), 1);
	assert_int_equal(table_next(t, &row, &e), 1);
	assert_string_equal(table_field(&row, 0), "1");
	assert_string_equal(table_field(&row, 2), "");
	table_close(t);
}

/* Many rows, crossing many 64 KiB chunks, with CRLF and quoted line breaks
 * that may be split between chunks: every row and line number must hold. */
static void test_csv_large(void **state)
{
	mz_buf b;
	table_reader *t;
	mz_err e = { 0 };
	table_row row;
	long line = 1;
	int n = 0;
	char want[64];

	(void)state;
	mz_buf_init(&b);
	mz_buf_puts(&b, "seq,name,note\r\n");
	for (int i = 0; i < 30000; i++) {
		if (i % 97 == 0)
			mz_buf_printf(&b, "%d,名字%d,\"多行\r\n备注 \"\"%d\"\"\"\r\n", i, i, i);
		else
			mz_buf_printf(&b, "%d,名字%d,plain %d\r\n", i, i, i);
	}
	t = table_open(write_file("large.csv", b.data, b.len), &e);
	assert_non_null(t);
	expect_row(t, 1, "seq", "name", "note", NULL);
	line = 2;
	while (table_next(t, &row, &e) == 1) {
		assert_int_equal(row.count, 3);
		assert_int_equal(row.line, line);
		snprintf(want, sizeof(want), "%d", n);
		assert_string_equal(row.fields[0], want);
		snprintf(want, sizeof(want), "名字%d", n);
		assert_string_equal(row.fields[1], want);
		if (n % 97 == 0) {
			snprintf(want, sizeof(want), "多行\r\n备注 \"%d\"", n);
			line += 2;
		} else {
			snprintf(want, sizeof(want), "plain %d", n);
			line += 1;
		}
		assert_string_equal(row.fields[2], want);
		n++;
	}
	assert_int_equal(n, 30000);
	assert_int_equal(table_progress(t), (long)b.len);
	table_close(t);
	mz_buf_release(&b);
}

static void test_csv_limits(void **state)
{
	mz_buf b;
	table_reader *t;
	mz_err e = { 0 };
	table_limits lim = { 0 };

	(void)state;
	/* one field of 100 KB (default limit 64 KiB), unquoted */
	mz_buf_init(&b);
	mz_buf_puts(&b, "a,b\nok,1\nx,");
	for (int i = 0; i < 100000; i++)
		mz_buf_putc(&b, 'y');
	mz_buf_puts(&b, "\nlast,1\n");
	t = table_open(write_file("longfield.csv", b.data, b.len), &e);
	assert_non_null(t);
	assert_int_equal(expect_error(t, MZ_ETOOBIG, "line 3", "field 2 is longer than 65536 bytes"), 2);
	table_close(t);

	/* the same inside an unterminated quote: fails early, not at the end */
	mz_buf_reset(&b);
	mz_buf_puts(&b, "a,b\n\"");
	for (int i = 0; i < 3000000; i++)
		mz_buf_putc(&b, 'q');
	t = table_open(write_file("longquote.csv", b.data, b.len), &e);
	assert_int_equal(expect_error(t, MZ_ETOOBIG, "line 2", "longer than"), 1);
	assert_true(table_progress(t) < 1000000);
	table_close(t);

	/* a row over 1 MiB made of fields each within the limit */
	mz_buf_reset(&b);
	mz_buf_puts(&b, "h\n");
	for (int f = 0; f < 20; f++) {
		for (int i = 0; i < 60000; i++)
			mz_buf_putc(&b, 'z');
		mz_buf_putc(&b, ',');
	}
	mz_buf_puts(&b, "\n");
	t = table_open(write_file("longrow.csv", b.data, b.len), &e);
	expect_error(t, MZ_ETOOBIG, "line 2", "the row is longer than 1048576 bytes");
	table_close(t);

	/* tighter limits given by the caller */
	lim.max_fields = 3;
	t = table_open_limited(write_str("fields.csv", "a,b,c\n1,2,3,4\n"), &lim, &e);
	assert_non_null(t);
	assert_int_equal(expect_error(t, MZ_ETOOBIG, "line 2", "more than 3 fields"), 1);
	table_close(t);
	lim.max_fields = 0;
	lim.max_row = 10;
	t = table_open_limited(write_str("row10.csv", "abc,def\n\"abcdef\",ghijk\n"), &lim, &e);
	assert_int_equal(expect_error(t, MZ_ETOOBIG, "line 2", "longer than 10 bytes"), 1);
	table_close(t);
	mz_buf_release(&b);
}

static void test_csv_malformed(void **state)
{
	table_reader *t;
	mz_err e = { 0 };

	(void)state;
	t = table_open(write_str("quote.csv", "a,b\n1,2\nab\"c,3\n"), &e);
	assert_int_equal(expect_error(t, MZ_EINVAL, "line 3", "malformed CSV"), 2);
	table_close(t);
	t = table_open(write_str("after.csv", "a,b\n\"x\ny\"z,3\n"), &e);
	assert_int_equal(expect_error(t, MZ_EINVAL, "line 3", "malformed CSV"), 1);
	table_close(t);
	t = table_open(write_str("open.csv", "a,b\n1,\"never closed\n\n"), &e);
	assert_int_equal(expect_error(t, MZ_EINVAL, "line 2", "not closed"), 1);
	table_close(t);
	/* GBK "张三", as an old Excel saves a Chinese CSV */
	t = table_open(write_str("gbk.csv", "name,id\nok,1\n\xd5\xc5\xc8\xfd,2\n"), &e);
	assert_int_equal(expect_error(t, MZ_EINVAL, "line 3", "not UTF-8"), 2);
	table_close(t);
	t = table_open(write_file("nul.csv", "a,b\nc\0d,e\n", 10), &e);
	assert_int_equal(expect_error(t, MZ_EINVAL, "line 2", "NUL"), 1);
	table_close(t);
	/* overlong UTF-8 and a surrogate */
	t = table_open(write_str("overlong.csv", "a\n\xc0\xaf\n"), &e);
	expect_error(t, MZ_EINVAL, "line 2", "UTF-8");
	table_close(t);
	t = table_open(write_str("surrogate.csv", "a\n\xed\xa0\x80\n"), &e);
	expect_error(t, MZ_EINVAL, "line 2", "UTF-8");
	table_close(t);
}

static void test_open_errors(void **state)
{
	mz_err e = { 0 };

	(void)state;
	assert_null(table_open(write_str("people.txt", "a,b\n"), &e));
	assert_int_equal(e.code, MZ_EUNSUPPORTED);
	assert_non_null(strstr(e.message, "people.txt"));
	assert_null(table_open(write_str("old.xls", "a,b\n"), &e));
	assert_int_equal(e.code, MZ_EUNSUPPORTED);
	assert_non_null(strstr(e.message, ".xls"));
	assert_null(table_open(tpath("missing.csv"), &e));
	assert_int_equal(e.code, MZ_EINVAL);
	assert_non_null(strstr(e.message, "missing.csv"));
	assert_null(table_open(write_str("renamed.xlsx", "a,b\n1,2\n"), &e));
	assert_int_equal(e.code, MZ_EINVAL);
	assert_non_null(strstr(e.message, "not an XLSX workbook"));
	assert_null(table_open(tpath("missing.xlsx"), &e));
	assert_non_null(strstr(e.message, "missing.xlsx"));
	assert_null(table_open(NULL, &e));
	table_close(NULL);
}

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* Writes a zip of (name, content) pairs, NULL-terminated: workbooks as
 * other tools write them, which libxlsxwriter never does. */
static const char *write_zip(const char *name, ...)
{
	const char *p = tpath(name);
	int err = 0;
	zip_t *z = zip_open(p, ZIP_CREATE | ZIP_TRUNCATE, &err);
	va_list ap;
	const char *entry;

	assert_non_null(z);
	va_start(ap, name);
	while ((entry = va_arg(ap, const char *)) != NULL) {
		const char *content = va_arg(ap, const char *);
		zip_source_t *src = zip_source_buffer(z, content, strlen(content), 0);
		assert_non_null(src);
		assert_true(zip_file_add(z, entry, src, ZIP_FL_ENC_UTF_8) >= 0);
	}
	va_end(ap);
	assert_int_equal(zip_close(z), 0);
	return p;
}

static const char wb_two_sheets[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<x:workbook xmlns:x=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><x:sheets>"
	"<x:sheet name=\"B\" sheetId=\"2\" r:id=\"rId7\"/>"
	"<x:sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/>"
	"</x:sheets></x:workbook>";
static const char wb_rels[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId7\" Type=\"" NS_REL "/worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>"
	"</Relationships>";
static const char sst_rich[] =
	"<sst xmlns=\"" NS_MAIN "\" count=\"2\" uniqueCount=\"2\">"
	"<si><t>广州</t></si>"
	"<si><r><t>富</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">文本 </t></r>"
	"<rPh sb=\"0\" eb=\"1\"><t>ふ</t></rPh></si></sst>";

/* Namespace prefixes, sheets reordered (the first is sheet2.xml), rich
 * text with phonetic runs, formula results, cells without references. */
static void test_xlsx_handmade(void **state)
{
	table_reader *t;
	mz_err e = { 0 };

	(void)state;
	t = table_open(write_zip("hand.xlsx",
		"xl/workbook.xml", wb_two_sheets,
		"xl/_rels/workbook.xml.rels", wb_rels,
		"xl/sharedStrings.xml", sst_rich,
		"xl/worksheets/sheet1.xml",
		"<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>not this sheet</t></is></c></row></sheetData></worksheet>",
		"xl/worksheets/sheet2.xml",
		"<x:worksheet xmlns:x=\"" NS_MAIN "\"><x:sheetData>"
		"<x:row><x:c t=\"s\"><x:v>0</x:v></x:c><x:c t=\"s\"><x:v>1</x:v></x:c>"
		"<x:c t=\"str\"><x:f>A1&amp;\"!\"</x:f><x:v>广州!</x:v></x:c></x:row>"
		"<x:row><x:c/><x:c t=\"inlineStr\"><x:is><x:r><x:t>b</x:t></x:r><x:r><x:t>2</x:t></x:r></x:is></x:c></x:row>"
		"<x:row r=\"5\"><x:c r=\"C5\" t=\"e\"><x:v>#N/A</x:v></x:c></x:row>"
		"<x:row r=\"6\"><x:c r=\"A6\" s=\"1\"/><x:c r=\"B6\" t=\"s\"/></x:row>"
		"</x:sheetData></x:worksheet>",
		NULL), &e);
	if (!t)
		fail_msg("%s", e.message);
	expect_row(t, 1, "广州", "富文本 ", "广州!", NULL);
	expect_row(t, 2, "", "b2", NULL);
	expect_row(t, 5, "", "", "#N/A", NULL);
	expect_end(t);
	table_close(t);

	/* no workbook.xml at all: sheet1.xml is the fallback */
	t = table_open(write_zip("bare.xlsx", "xl/worksheets/sheet1.xml",
		"<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"3\"><c r=\"B3\"><v>42</v></c></row></sheetData></worksheet>",
		NULL), &e);
	assert_non_null(t);
	expect_row(t, 3, "", "42", NULL);
	expect_end(t);
	table_close(t);
}

static void test_xlsx_malformed(void **state)
{
	table_reader *t;
	mz_err e = { 0 };

	(void)state;
	/* entity expansion ("billion laughs") is refused outright */
	t = table_open(write_zip("dtd.xlsx", "xl/worksheets/sheet1.xml",
		"<!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
		"<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>",
		NULL), &e);
	assert_non_null(t);
	expect_error(t, MZ_EINVAL, "DTD", NULL);
	table_close(t);
	assert_null(table_open(write_zip("dtd2.xlsx", "xl/sharedStrings.xml",
		"<!DOCTYPE sst><sst/>", "xl/worksheets/sheet1.xml", "<worksheet/>", NULL), &e));
	assert_non_null(strstr(e.message, "DTD"));

	t = table_open(write_zip("badxml.xlsx", "xl/worksheets/sheet1.xml",
		"<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c><v>2</c></row></sheetData></worksheet>",
		NULL), &e);
	assert_int_equal(expect_error(t, MZ_EINVAL, "not well-formed", NULL), 1);
	table_close(t);

	t = table_open(write_zip("badsst.xlsx", "xl/sharedStrings.xml", sst_rich,
		"xl/worksheets/sheet1.xml",
		"<worksheet><sheetData><row r=\"1\"><c t=\"s\"><v>1</v></c></row><row r=\"2\"><c t=\"s\"><v>2</v></c></row></sheetData></worksheet>",
		NULL), &e);
	assert_int_equal(expect_error(t, MZ_EINVAL, "line 2", "shared string '2'"), 1);
	table_close(t);

	assert_null(table_open(write_zip("nosheet.xlsx", "xl/workbook.xml", wb_two_sheets, NULL), &e));
	assert_non_null(strstr(e.message, "no worksheet"));
}

/* The same content through libxlsxwriter's two writers: the default one
 * (shared strings) and constant_memory (inline strings). */
static void make_workbook(const char *path, int constant_memory)
{
	lxw_workbook_options opt = { .constant_memory = constant_memory,
				     .tmpdir = tmpdir };
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws, *other;
	lxw_format *bold;

	assert_non_null(wb);
	ws = workbook_add_worksheet(wb, "人员");
	other = workbook_add_worksheet(wb, "其他");
	bold = workbook_add_format(wb);
	format_set_bold(bold);

	worksheet_write_string(ws, 0, 0, "姓名", bold);
	worksheet_write_string(ws, 0, 1, "身份证号", bold);
	worksheet_write_string(ws, 0, 2, "年龄", bold);
	worksheet_write_string(ws, 0, 3, "备注", bold);
	worksheet_write_string(ws, 1, 0, "张三", NULL);
	worksheet_write_string(ws, 1, 1, "440104195003070027", NULL);
	worksheet_write_number(ws, 1, 2, 75, NULL);
	worksheet_write_blank(ws, 1, 5, bold); /* formatted, empty */
	/* row 3 (index 2) left empty */
	worksheet_write_string(ws, 3, 0, "李四", NULL);
	worksheet_write_number(ws, 3, 2, 1.5, NULL);
	worksheet_write_string(ws, 3, 3, "x<y & \"z\" 'q'\nline 2", NULL);
	worksheet_write_string(ws, 4, 3, "only D", NULL);
	worksheet_write_boolean(ws, 5, 0, 1, NULL);
	worksheet_write_boolean(ws, 5, 1, 0, NULL);
	worksheet_write_number(ws, 5, 2, -12345678.25, NULL);
	worksheet_write_string(ws, 6, 0, "张三", NULL); /* a repeated shared string */
	for (int r = 0; r < 5000; r++) {
		char s[32];
		snprintf(s, sizeof(s), "行%d", r);
		worksheet_write_string(ws, 10 + r, 0, s, NULL);
		worksheet_write_number(ws, 10 + r, 1, r, NULL);
	}
	worksheet_write_string(other, 0, 0, "not this sheet", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void check_workbook(const char *path)
{
	table_reader *t;
	mz_err e = { 0 };
	table_row row;
	char want[32];
	int n = 0;

	t = table_open(path, &e);
	if (!t)
		fail_msg("%s", e.message);
	expect_row(t, 1, "姓名", "身份证号", "年龄", "备注", NULL);
	expect_row(t, 2, "张三", "440104195003070027", "75", NULL);
	expect_row(t, 4, "李四", "", "1.5", "x<y & \"z\" 'q'\nline 2", NULL);
	expect_row(t, 5, "", "", "", "only D", NULL);
	expect_row(t, 6, "TRUE", "FALSE", "-12345678.25", NULL);
	expect_row(t, 7, "张三", NULL);
	while (table_next(t, &row, &e) == 1) {
		assert_int_equal(row.line, 11 + n);
		assert_int_equal(row.count, 2);
		snprintf(want, sizeof(want), "行%d", n);
		assert_string_equal(row.fields[0], want);
		snprintf(want, sizeof(want), "%d", n);
		assert_string_equal(row.fields[1], want);
		n++;
	}
	assert_int_equal(n, 5000);
	expect_end(t);
	assert_true(table_progress_total(t) > 0);
	assert_int_equal(table_progress(t), table_progress_total(t));
	table_close(t);
}

static void test_xlsx_shared_strings(void **state)
{
	(void)state;
	make_workbook(tpath("people.xlsx"), 0);
	check_workbook(tpath("people.xlsx"));
}

static void test_xlsx_inline_strings(void **state)
{
	(void)state;
	make_workbook(tpath("inline.XLSX"), 1);
	check_workbook(tpath("inline.XLSX"));
}

static void test_xlsx_limits(void **state)
{
	lxw_workbook *wb = workbook_new(tpath("wide.xlsx"));
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	table_limits lim = { .max_fields = 10, .max_field = 100 };
	table_reader *t;
	mz_err e = { 0 };
	char big[200];

	(void)state;
	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	worksheet_write_string(ws, 0, 0, "h", NULL);
	worksheet_write_string(ws, 1, 20, "far right", NULL);
	worksheet_write_string(ws, 2, 0, big, NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	t = table_open_limited(tpath("wide.xlsx"), &lim, &e);
	assert_non_null(t);
	assert_int_equal(expect_error(t, MZ_ETOOBIG, "line 2", "more than 10 fields"), 1);
	table_close(t);
	lim.max_fields = 0;
	t = table_open_limited(tpath("wide.xlsx"), &lim, &e);
	assert_int_equal(expect_error(t, MZ_ETOOBIG, "line 3", "longer than 100 bytes"), 2);
	table_close(t);
	lim.max_field = 0;
	lim.max_strings = 100; /* the shared-string table itself */
	assert_null(table_open_limited(tpath("wide.xlsx"), &lim, &e));
	assert_int_equal(e.code, MZ_ETOOBIG);
	assert_non_null(strstr(e.message, "shared strings"));
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_basic),
		cmocka_unit_test(test_csv_line_ends),
		cmocka_unit_test(test_csv_large),
		cmocka_unit_test(test_csv_limits),
		cmocka_unit_test(test_csv_malformed),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_xlsx_shared_strings),
		cmocka_unit_test(test_xlsx_inline_strings),
		cmocka_unit_test(test_xlsx_limits),
		cmocka_unit_test(test_xlsx_handmade),
		cmocka_unit_test(test_xlsx_malformed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
