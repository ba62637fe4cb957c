/* table.c - streaming CSV (libcsv) and XLSX (libzip + expat) reader.
 *
 * Both parsers are push parsers: we feed them a 64 KiB chunk and they call
 * back with fields and row ends, possibly many rows per chunk and possibly
 * none. So the reader keeps a small queue: the callbacks append completed
 * rows to it (field bytes in one buffer, offsets beside them), table_next
 * hands them out one by one, and only when the queue is empty is the next
 * chunk parsed, after the row still in progress is moved to the front of
 * the buffer. Memory is thus one chunk's worth of rows plus one row, and
 * the per-field and per-row limits bound the row.
 *
 * An error found inside a callback cannot stop libcsv mid-chunk, so it is
 * recorded (t->failed) and the rest of the chunk ignored; rows completed
 * before it are still handed out, then the error. */
#include "base/table.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <csv.h>
#include <expat.h>
#include <zip.h>

#include "base/buf.h"

#define CHUNK (64 * 1024)
/* Uncompressed XML of one workbook part: far beyond Excel's 1,048,576 rows
 * of real data, low enough that a zip bomb ends in an error, not an hour. */
#define XLSX_MAX_PART ((long)4 << 30)
#define XLSX_SHEET_DEFAULT "xl/worksheets/sheet1.xml"

enum { FMT_CSV, FMT_XLSX };

struct qrow {
	size_t first; /* index in offs */
	size_t count;
	long line;
};

struct table_reader {
	int fmt;
	char *path;
	table_limits lim;
	long done, total;
	unsigned char *chunk;

	/* The queue: fields of queued rows and of the row in progress. */
	mz_buf data;
	size_t *offs;
	size_t noffs, offs_cap;
	struct qrow *rows;
	size_t head, nrows, rows_cap;
	size_t cur_first; /* offs index of the row in progress's first field */
	size_t cur_bytes;
	char **ptrs;
	size_t ptrs_cap;

	int eof;    /* input exhausted: drain the queue, then 0 */
	int failed; /* err set: drain the queue, then -1 */
	int dead;   /* err returned: -1 from now on */
	mz_err err;

	/* CSV */
	FILE *f;
	struct csv_parser csv;
	int csv_ready;
	long line;     /* line at the parser's position (as far as reported) */
	long row_line; /* line on which the row in progress started */
	int after_cr;  /* the last event was a line end at CR: skip its LF */

	/* XLSX */
	zip_t *zip;
	zip_file_t *sheet;
	XML_Parser xp;
	XML_Parser cur_xp; /* the parser running now, to stop on error */
	mz_buf sst;
	size_t *sst_offs;
	size_t nsst, sst_cap;
	size_t si_start;
	mz_buf cell;
	char rid[128];
	char target[512];
	long xrow;   /* row number of the row being read */
	size_t col;  /* column after the last cell */
	size_t ccol; /* column of the cell being read */
	char ctype;  /* 's' shared string, 'i' inline string, 'b' boolean, 'n' other */
	int in_sheetdata, in_si, in_c, in_v, in_is, in_t, rph_depth;
};

/* Records the first error, prefixed with the file and, if line > 0, the line. */
__attribute__((format(printf, 4, 6))) static int
tfail(table_reader *t, mz_code code, long line, const char *en_fmt,
      const char *zh_fmt, ...)
{
	char en[256], zh[256], en_full[320], zh_full[320];
	va_list ap, ap2;

	if (t->failed)
		return -1;
	va_start(ap, zh_fmt);
	va_copy(ap2, ap);
	vsnprintf(en, sizeof(en), en_fmt, ap);
	vsnprintf(zh, sizeof(zh), zh_fmt, ap2);
	va_end(ap2);
	va_end(ap);
	if (line > 0) {
		snprintf(en_full, sizeof(en_full), "'%s' line %ld: %s", t->path, line, en);
		snprintf(zh_full, sizeof(zh_full), "文件“%s”第%ld行：%s", t->path, line, zh);
	} else {
		snprintf(en_full, sizeof(en_full), "'%s': %s", t->path, en);
		snprintf(zh_full, sizeof(zh_full), "文件“%s”：%s", t->path, zh);
	}
	mz_fail(&t->err, code, "file", en_full, zh_full);
	t->failed = 1;
	if (t->cur_xp)
		XML_StopParser(t->cur_xp, XML_FALSE);
	return -1;
}

/* ---- the row queue ---- */

static int q_field(table_reader *t, long line, const char *p, size_t n)
{
	size_t nf = t->noffs - t->cur_first;

	if (n > t->lim.max_field)
		return tfail(t, MZ_ETOOBIG, line,
			     "field %zu is longer than %zu bytes",
			     "第%zu个字段超过%zu字节", nf + 1, t->lim.max_field);
	if (nf >= t->lim.max_fields)
		return tfail(t, MZ_ETOOBIG, line, "the row has more than %zu fields",
			     "该行字段数超过%zu个", t->lim.max_fields);
	if (t->cur_bytes + n > t->lim.max_row)
		return tfail(t, MZ_ETOOBIG, line, "the row is longer than %zu bytes",
			     "该行超过%zu字节", t->lim.max_row);
	if (t->noffs == t->offs_cap) {
		t->offs_cap = t->offs_cap ? 2 * t->offs_cap : 256;
		t->offs = mz_xrealloc(t->offs, t->offs_cap * sizeof(*t->offs));
	}
	t->offs[t->noffs++] = t->data.len;
	mz_buf_append(&t->data, p, n);
	mz_buf_append(&t->data, "", 1); /* the field's terminating NUL */
	t->cur_bytes += n;
	return 0;
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

static void q_end_row(table_reader *t, long line)
{
	size_t count = t->noffs - t->cur_first;
	size_t i;

	for (i = t->cur_first; i < t->noffs; i++)
		if (!blank(t->data.data + t->offs[i]))
			break;
	if (i == t->noffs) { /* all blank: drop it */
		if (count)
			t->data.len = t->offs[t->cur_first];
		t->noffs = t->cur_first;
	} else {
		if (t->nrows == t->rows_cap) {
			t->rows_cap = t->rows_cap ? 2 * t->rows_cap : 64;
			t->rows = mz_xrealloc(t->rows, t->rows_cap * sizeof(*t->rows));
		}
		t->rows[t->nrows++] = (struct qrow){ t->cur_first, count, line };
		t->cur_first = t->noffs;
	}
	t->cur_bytes = 0;
}

/* The queue is drained: keep only the row in progress, at the front. */
static void q_compact(table_reader *t)
{
	size_t start = t->noffs > t->cur_first ? t->offs[t->cur_first] : t->data.len;

	if (start) {
		memmove(t->data.data, t->data.data + start, t->data.len - start);
		t->data.len -= start;
	}
	for (size_t i = t->cur_first; i < t->noffs; i++)
		t->offs[i - t->cur_first] = t->offs[i] - start;
	t->noffs -= t->cur_first;
	t->cur_first = 0;
	t->head = t->nrows = 0;
}

/* ---- CSV ---- */

/* Offset of the first byte that is NUL or not part of well-formed UTF-8
 * (no overlong forms, no surrogates, nothing above U+10FFFF), or n. */
static size_t utf8_check(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i], lo = 0x80, hi = 0xBF;
		size_t need;

		if (c >= 0x01 && c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3;
		else
			return i;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
		else if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
		if (n - i <= need || s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (size_t k = 2; k <= need; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return i;
		i += need + 1;
	}
	return n;
}

/* Line breaks inside s: LF, CRLF or a lone CR each count once. */
static long count_breaks(const char *s, size_t n)
{
	const char *end;
	long k = 0;

	if (!s)
		return 0;
	end = s + n;
	for (const char *p = s; p < end; p++)
		if (*p == '\n' || (*p == '\r' && (p + 1 == end || p[1] != '\n')))
			k++;
	return k;
}

static void csv_on_field(void *s, size_t n, void *ud)
{
	table_reader *t = ud;
	size_t bad;

	if (t->failed)
		return;
	if (t->noffs == t->cur_first)
		t->row_line = t->line;
	t->after_cr = 0;
	bad = utf8_check(s, n);
	if (bad < n) {
		long line = t->line + count_breaks(s, bad);
		if (((unsigned char *)s)[bad] == 0)
			tfail(t, MZ_EINVAL, line, "contains a NUL byte; this is not a text file",
			      "含有NUL字节，不是文本文件");
		else
			tfail(t, MZ_EINVAL, line,
			      "not UTF-8 text; save the file as \"CSV UTF-8\" (Excel) or convert it from GBK to UTF-8",
			      "不是UTF-8编码；请在Excel中另存为“CSV UTF-8（逗号分隔）”，或将文件从GBK转换为UTF-8");
		return;
	}
	t->line += count_breaks(s, n);
	q_field(t, t->row_line, s, n);
}

static void csv_on_row(int c, void *ud)
{
	table_reader *t = ud;

	if (t->failed)
		return;
	if (c == '\n' && t->after_cr && t->noffs == t->cur_first) {
		t->after_cr = 0; /* the LF of a CRLF */
		return;
	}
	if (t->noffs > t->cur_first)
		q_end_row(t, t->row_line);
	if (c == '\r' || c == '\n') {
		t->line++;
		t->after_cr = c == '\r';
	}
}

/* RFC 4180: spaces are part of a field. */
static int csv_no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int csv_open(table_reader *t)
{
	struct stat st;

	t->f = fopen(t->path, "rb");
	if (!t->f)
		return tfail(t, MZ_EINVAL, 0, "cannot open: %s", "无法打开：%s",
			     strerror(errno));
	if (fstat(fileno(t->f), &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return tfail(t, MZ_EINVAL, 0, "is a directory, not a file",
				     "是目录，不是文件");
		if (S_ISREG(st.st_mode))
			t->total = (long)st.st_size;
	}
	csv_init(&t->csv, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI);
	csv_set_space_func(&t->csv, csv_no_space);
	csv_set_blk_size(&t->csv, 4096);
	t->csv_ready = 1;
	t->line = 1;
	return 0;
}

static int csv_fill(table_reader *t)
{
	const unsigned char *p = t->chunk;
	size_t n = fread(t->chunk, 1, CHUNK, t->f);
	size_t used;

	if (n == 0) {
		if (ferror(t->f))
			return tfail(t, MZ_EINVAL, 0, "read error: %s", "读取错误：%s",
				     strerror(errno));
		if (csv_fini(&t->csv, csv_on_field, csv_on_row, t) != 0)
			return tfail(t, MZ_EINVAL, t->line,
				     "a quoted field is not closed before the end of the file",
				     "带引号的字段直到文件末尾都没有结束引号");
		t->eof = 1;
		return t->failed ? -1 : 0;
	}
	if (t->done == 0 && n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
		p += 3; /* the UTF-8 byte-order mark Excel writes */
		n -= 3;
		t->done = 3;
	}
	t->done += (long)n;
	used = csv_parse(&t->csv, p, n, csv_on_field, csv_on_row, t);
	if (t->failed)
		return -1;
	if (used != n) {
		if (csv_error(&t->csv) == CSV_EPARSE)
			return tfail(t, MZ_EINVAL,
				     t->line + count_breaks((char *)t->csv.entry_buf,
							    t->csv.entry_pos),
				     "malformed CSV: a '\"' inside a field must be doubled and the field enclosed in '\"'",
				     "CSV格式错误：字段中的双引号须写成两个，并用双引号括住整个字段");
		return tfail(t, MZ_ETOOBIG, t->line, "%s", "%s",
			     csv_strerror(csv_error(&t->csv)));
	}
	/* A field still open at the end of the chunk: bound it now, before
	 * libcsv grows its buffer without end. */
	if (t->csv.entry_pos > t->lim.max_field)
		return tfail(t, MZ_ETOOBIG,
			     t->noffs > t->cur_first ? t->row_line : t->line,
			     "field %zu is longer than %zu bytes", "第%zu个字段超过%zu字节",
			     t->noffs - t->cur_first + 1, t->lim.max_field);
	return 0;
}

/* ---- XLSX ---- */

static const char *local_name(const char *name)
{
	const char *p = strrchr(name, '|'); /* "namespace|local" */
	return p ? p + 1 : name;
}

static void XMLCALL xml_on_doctype(void *ud, const XML_Char *name,
				   const XML_Char *sys, const XML_Char *pub,
				   int internal)
{
	(void)name, (void)sys, (void)pub, (void)internal;
	/* Workbook parts never have a DTD; refusing them rules out entity
	 * expansion attacks whatever the expat version. */
	tfail(ud, MZ_EINVAL, 0, "the workbook contains a DTD, which Excel never writes",
	      "工作簿含有DTD，Excel不会生成这种内容");
}

static XML_Parser xml_new(table_reader *t, XML_StartElementHandler se,
			  XML_EndElementHandler ee, XML_CharacterDataHandler cd)
{
	XML_Parser xp = XML_ParserCreateNS(NULL, '|');

	if (!xp) {
		fputs("fatal: out of memory\n", stderr);
		abort();
	}
	XML_SetUserData(xp, t);
	XML_SetElementHandler(xp, se, ee);
	XML_SetCharacterDataHandler(xp, cd);
	XML_SetStartDoctypeDeclHandler(xp, xml_on_doctype);
	return xp;
}

/* Parses a whole (small or bounded) part. Returns 0, 1 if it is absent
 * and not required, -1 on error. */
static int xml_part(table_reader *t, const char *name, int required,
		    XML_StartElementHandler se, XML_EndElementHandler ee,
		    XML_CharacterDataHandler cd)
{
	zip_file_t *zf = zip_fopen(t->zip, name, ZIP_FL_NOCASE);
	XML_Parser xp;
	long total = 0;

	if (!zf)
		return required ? tfail(t, MZ_EINVAL, 0, "the workbook has no part '%s'",
					"工作簿缺少“%s”", name)
				: 1;
	xp = xml_new(t, se, ee, cd);
	for (;;) {
		enum XML_Status st;
		zip_int64_t n = zip_fread(zf, t->chunk, CHUNK);
		if (n < 0) {
			tfail(t, MZ_EINVAL, 0, "cannot read '%s': %s", "无法读取“%s”：%s",
			      name, zip_file_strerror(zf));
			break;
		}
		total += (long)n;
		if (total > XLSX_MAX_PART) {
			tfail(t, MZ_ETOOBIG, 0, "'%s' is larger than %ld bytes uncompressed",
			      "“%s”解压后超过%ld字节", name, XLSX_MAX_PART);
			break;
		}
		t->cur_xp = xp;
		st = XML_Parse(xp, (const char *)t->chunk, (int)n, n == 0);
		t->cur_xp = NULL;
		if (st == XML_STATUS_ERROR) {
			tfail(t, MZ_EINVAL, 0, "'%s' is not well-formed XML (line %lu): %s",
			      "“%s”不是格式正确的XML（第%lu行）：%s", name,
			      (unsigned long)XML_GetCurrentLineNumber(xp),
			      XML_ErrorString(XML_GetErrorCode(xp)));
			break;
		}
		if (n == 0 || t->failed)
			break;
	}
	XML_ParserFree(xp);
	zip_fclose(zf);
	return t->failed ? -1 : 0;
}

static const char *xml_attr(const XML_Char **attrs, const char *local, int ns)
{
	for (int i = 0; attrs[i]; i += 2)
		if (!strcmp(local_name(attrs[i]), local) &&
		    (strchr(attrs[i], '|') != NULL) == ns)
			return attrs[i + 1];
	return NULL;
}

/* xl/workbook.xml: the relationship id of the first <sheet>. */
static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	table_reader *t = ud;
	const char *id;

	if (t->rid[0] || strcmp(local_name(name), "sheet"))
		return;
	id = xml_attr(attrs, "id", 1);
	if (id)
		mz_strlcpy(t->rid, id, sizeof(t->rid));
}

/* xl/_rels/workbook.xml.rels: where that relationship points. */
static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	table_reader *t = ud;
	const char *id, *target;

	if (t->target[0] || strcmp(local_name(name), "Relationship"))
		return;
	id = xml_attr(attrs, "Id", 0);
	target = xml_attr(attrs, "Target", 0);
	if (id && target && !strcmp(id, t->rid))
		mz_strlcpy(t->target, target, sizeof(t->target));
}

/* The first worksheet in workbook order (which need not be sheet1.xml once
 * sheets have been moved), falling back to sheet1.xml. */
static void xlsx_first_sheet(table_reader *t, char *out, size_t cap)
{
	mz_strlcpy(out, XLSX_SHEET_DEFAULT, cap);
	if (xml_part(t, "xl/workbook.xml", 0, wb_start, NULL, NULL) || !t->rid[0])
		return;
	if (xml_part(t, "xl/_rels/workbook.xml.rels", 0, rels_start, NULL, NULL) ||
	    !t->target[0])
		return;
	if (t->target[0] == '/')
		mz_strlcpy(out, t->target + 1, cap);
	else
		snprintf(out, cap, "xl/%s", t->target);
}

/* xl/sharedStrings.xml: <si> holds <t> text, or rich-text runs <r><t>;
 * <rPh> phonetic runs are not part of the text. */
static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	table_reader *t = ud;
	const char *l = local_name(name);

	(void)attrs;
	if (!strcmp(l, "si")) {
		t->in_si = 1;
		t->si_start = t->sst.len;
	} else if (!strcmp(l, "rPh")) {
		t->rph_depth++;
	} else if (!strcmp(l, "t") && t->in_si && !t->rph_depth) {
		t->in_t = 1;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	table_reader *t = ud;
	const char *l = local_name(name);

	if (t->failed)
		return;
	if (!strcmp(l, "t")) {
		t->in_t = 0;
	} else if (!strcmp(l, "rPh")) {
		t->rph_depth--;
	} else if (!strcmp(l, "si") && t->in_si) {
		t->in_si = 0;
		if (t->nsst == t->sst_cap) {
			t->sst_cap = t->sst_cap ? 2 * t->sst_cap : 1024;
			t->sst_offs = mz_xrealloc(t->sst_offs,
						  t->sst_cap * sizeof(*t->sst_offs));
		}
		t->sst_offs[t->nsst++] = t->si_start;
		if (mz_buf_append(&t->sst, "", 1))
			tfail(t, MZ_ETOOBIG, 0, "the shared strings exceed %zu bytes",
			      "共享字符串超过%zu字节", t->lim.max_strings);
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
	table_reader *t = ud;

	if (t->failed || !t->in_t)
		return;
	if (mz_buf_append(&t->sst, s, (size_t)len))
		tfail(t, MZ_ETOOBIG, 0, "the shared strings exceed %zu bytes",
		      "共享字符串超过%zu字节", t->lim.max_strings);
}

/* "BC12" -> column 54 (0-based); (size_t)-1 if malformed. */
static size_t cell_column(const char *ref)
{
	size_t col = 0;
	int k = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++, k++)
		col = col * 26 + (size_t)(*ref - 'A' + 1);
	if (k == 0 || k > 3)
		return (size_t)-1;
	return col - 1;
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	table_reader *t = ud;
	const char *l = local_name(name), *a;

	if (t->failed)
		return;
	if (!strcmp(l, "sheetData")) {
		t->in_sheetdata = 1;
	} else if (!t->in_sheetdata) {
		return;
	} else if (!strcmp(l, "row")) {
		long r = 0;
		a = xml_attr(attrs, "r", 0);
		if (a)
			r = strtol(a, NULL, 10);
		t->xrow = r > 0 ? r : t->xrow + 1;
		t->col = 0;
	} else if (!strcmp(l, "c")) {
		t->in_c = 1;
		t->ccol = t->col;
		a = xml_attr(attrs, "r", 0);
		if (a && (t->ccol = cell_column(a)) == (size_t)-1)
			tfail(t, MZ_EINVAL, t->xrow, "bad cell reference '%.16s'",
			      "单元格引用“%.16s”无效", a);
		a = xml_attr(attrs, "t", 0);
		t->ctype = !a ? 'n' : !strcmp(a, "s") ? 's' : !strcmp(a, "inlineStr") ? 'i'
			 : !strcmp(a, "b") ? 'b' : 'n';
		mz_buf_reset(&t->cell);
	} else if (!t->in_c) {
		return;
	} else if (!strcmp(l, "v")) {
		t->in_v = 1;
	} else if (!strcmp(l, "is")) {
		t->in_is = 1;
	} else if (!strcmp(l, "rPh")) {
		t->rph_depth++;
	} else if (!strcmp(l, "t") && t->in_is && !t->rph_depth) {
		t->in_t = 1;
	}
}

static void sheet_cell_end(table_reader *t)
{
	const char *v = t->cell.data ? t->cell.data : "";
	size_t n = t->cell.len;

	if (t->ctype == 's' && n) {
		char *end;
		long i = strtol(v, &end, 10);
		if (*end || i < 0 || (size_t)i >= t->nsst) {
			tfail(t, MZ_EINVAL, t->xrow, "cell refers to shared string '%.16s', which does not exist",
			      "单元格引用的共享字符串“%.16s”不存在", v);
			return;
		}
		v = t->sst.data + t->sst_offs[i];
		n = strlen(v);
	} else if (t->ctype == 'b' && n) {
		v = !strcmp(v, "0") ? "FALSE" : "TRUE";
		n = strlen(v);
	}
	if (n == 0) /* empty or formatted-only cell: a gap like any other */
		return;
	if (t->ccol < t->noffs - t->cur_first) {
		tfail(t, MZ_EINVAL, t->xrow, "cells are out of order", "单元格顺序错乱");
		return;
	}
	while (t->noffs - t->cur_first < t->ccol)
		if (q_field(t, t->xrow, "", 0))
			return;
	q_field(t, t->xrow, v, n);
	t->col = t->ccol + 1;
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	table_reader *t = ud;
	const char *l = local_name(name);

	if (t->failed)
		return;
	if (!strcmp(l, "sheetData")) {
		t->in_sheetdata = 0;
	} else if (!t->in_sheetdata) {
		return;
	} else if (!strcmp(l, "row")) {
		q_end_row(t, t->xrow);
	} else if (!strcmp(l, "c")) {
		sheet_cell_end(t);
		t->in_c = t->in_v = t->in_is = t->in_t = 0;
		if (t->col <= t->ccol)
			t->col = t->ccol + 1;
	} else if (!strcmp(l, "v")) {
		t->in_v = 0;
	} else if (!strcmp(l, "is")) {
		t->in_is = 0;
	} else if (!strcmp(l, "rPh")) {
		t->rph_depth--;
	} else if (!strcmp(l, "t")) {
		t->in_t = 0;
	}
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
	table_reader *t = ud;

	if (t->failed || !(t->in_v || t->in_t))
		return;
	if (t->cell.len + (size_t)len > t->lim.max_field) {
		tfail(t, MZ_ETOOBIG, t->xrow, "cell %zu is longer than %zu bytes",
		      "第%zu列单元格超过%zu字节", t->ccol + 1, t->lim.max_field);
		return;
	}
	mz_buf_append(&t->cell, s, (size_t)len);
}

static int xlsx_open(table_reader *t)
{
	int zerr = 0;
	char sheet[sizeof(t->target) + 4];
	zip_stat_t st;

	t->zip = zip_open(t->path, ZIP_RDONLY, &zerr);
	if (!t->zip) {
		zip_error_t ze;
		if (zerr == ZIP_ER_NOZIP || zerr == ZIP_ER_INCONS)
			return tfail(t, MZ_EINVAL, 0,
				     "is not an XLSX workbook (not a ZIP archive); an old .xls or a renamed CSV must be saved as .xlsx",
				     "不是XLSX工作簿（不是ZIP文件）；旧版.xls或改了扩展名的CSV须另存为.xlsx");
		zip_error_init_with_code(&ze, zerr);
		tfail(t, MZ_EINVAL, 0, "cannot open: %s", "无法打开：%s",
		      zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	mz_buf_init_max(&t->sst, t->lim.max_strings);
	xlsx_first_sheet(t, sheet, sizeof(sheet));
	if (t->failed)
		return -1;
	t->rph_depth = 0;
	if (xml_part(t, "xl/sharedStrings.xml", 0, sst_start, sst_end, sst_text) < 0)
		return -1;
	t->in_t = t->rph_depth = 0;
	zip_stat_init(&st);
	if (zip_stat(t->zip, sheet, ZIP_FL_NOCASE, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
		t->total = st.size > (zip_uint64_t)XLSX_MAX_PART ? XLSX_MAX_PART : (long)st.size;
	t->sheet = zip_fopen(t->zip, sheet, ZIP_FL_NOCASE);
	if (!t->sheet)
		return tfail(t, MZ_EINVAL, 0, "the workbook has no worksheet '%s'",
			     "工作簿缺少工作表“%s”", sheet);
	t->xp = xml_new(t, sheet_start, sheet_end, sheet_text);
	return 0;
}

static int xlsx_fill(table_reader *t)
{
	zip_int64_t n = zip_fread(t->sheet, t->chunk, CHUNK);
	enum XML_Status st;

	if (n < 0)
		return tfail(t, MZ_EINVAL, 0, "cannot read the worksheet: %s",
			     "无法读取工作表：%s", zip_file_strerror(t->sheet));
	t->done += (long)n;
	if (t->done > XLSX_MAX_PART)
		return tfail(t, MZ_ETOOBIG, 0, "the worksheet is larger than %ld bytes uncompressed",
			     "工作表解压后超过%ld字节", XLSX_MAX_PART);
	t->cur_xp = t->xp;
	st = XML_Parse(t->xp, (const char *)t->chunk, (int)n, n == 0);
	t->cur_xp = NULL;
	if (st == XML_STATUS_ERROR)
		tfail(t, MZ_EINVAL, t->xrow, "the worksheet is not well-formed XML: %s",
		      "工作表不是格式正确的XML：%s",
		      XML_ErrorString(XML_GetErrorCode(t->xp)));
	if (n == 0)
		t->eof = 1;
	return t->failed ? -1 : 0;
}

/* ---- the public functions ---- */

static size_t or_default(size_t v, size_t def)
{
	return v ? v : def;
}

table_reader *table_open_limited(const char *path, const table_limits *lim,
				 mz_err *e)
{
	table_reader *t = mz_xcalloc(1, sizeof(*t));
	const char *ext = path ? strrchr(path, '.') : NULL;
	table_limits none = { 0 };
	int rc;

	if (!lim)
		lim = &none;
	t->lim.max_field = or_default(lim->max_field, TABLE_MAX_FIELD);
	t->lim.max_row = or_default(lim->max_row, TABLE_MAX_ROW);
	t->lim.max_fields = or_default(lim->max_fields, TABLE_MAX_FIELDS);
	t->lim.max_strings = or_default(lim->max_strings, TABLE_MAX_STRINGS);
	t->path = mz_strdup(path ? path : "");
	t->chunk = mz_xmalloc(CHUNK);
	mz_buf_init(&t->data);
	mz_buf_init(&t->cell);
	mz_buf_init(&t->sst);

	if (ext && strchr(ext, '/'))
		ext = NULL;
	if (ext && !strcasecmp(ext, ".csv")) {
		t->fmt = FMT_CSV;
		rc = csv_open(t);
	} else if (ext && !strcasecmp(ext, ".xlsx")) {
		t->fmt = FMT_XLSX;
		rc = xlsx_open(t);
	} else if (ext && !strcasecmp(ext, ".xls")) {
		rc = tfail(t, MZ_EUNSUPPORTED, 0,
			   "old Excel 97-2003 .xls files are not supported; save it as .xlsx or as CSV UTF-8",
			   "不支持旧版Excel 97-2003 .xls文件；请另存为.xlsx或“CSV UTF-8”");
	} else {
		rc = tfail(t, MZ_EUNSUPPORTED, 0,
			   "unsupported file type; use a .csv (UTF-8) or .xlsx file",
			   "不支持的文件类型；请使用.csv（UTF-8）或.xlsx文件");
	}
	if (rc) {
		if (e)
			*e = t->err;
		table_close(t);
		return NULL;
	}
	return t;
}

table_reader *table_open(const char *path, mz_err *e)
{
	return table_open_limited(path, NULL, e);
}

int table_next(table_reader *t, table_row *row, mz_err *e)
{
	for (;;) {
		if (t->dead)
			break;
		if (t->head < t->nrows) {
			struct qrow *r = &t->rows[t->head++];
			if (r->count > t->ptrs_cap) {
				t->ptrs_cap = r->count;
				t->ptrs = mz_xrealloc(t->ptrs, t->ptrs_cap * sizeof(*t->ptrs));
			}
			for (size_t i = 0; i < r->count; i++)
				t->ptrs[i] = t->data.data + t->offs[r->first + i];
			row->fields = t->ptrs;
			row->count = r->count;
			row->line = r->line;
			return 1;
		}
		if (t->failed) {
			t->dead = 1;
			break;
		}
		if (t->eof)
			return 0;
		q_compact(t);
		if (t->fmt == FMT_CSV)
			csv_fill(t);
		else
			xlsx_fill(t);
	}
	if (e)
		*e = t->err;
	return -1;
}

const char *table_field(const table_row *row, size_t i)
{
	return row && i < row->count ? row->fields[i] : "";
}

long table_progress(const table_reader *t)
{
	return t ? t->done : 0;
}

long table_progress_total(const table_reader *t)
{
	return t ? t->total : 0;
}

void table_close(table_reader *t)
{
	if (!t)
		return;
	if (t->csv_ready)
		csv_free(&t->csv);
	if (t->f)
		fclose(t->f);
	if (t->xp)
		XML_ParserFree(t->xp);
	if (t->sheet)
		zip_fclose(t->sheet);
	if (t->zip)
		zip_discard(t->zip);
	mz_buf_release(&t->data);
	mz_buf_release(&t->cell);
	mz_buf_release(&t->sst);
	free(t->offs);
	free(t->rows);
	free(t->ptrs);
	free(t->sst_offs);
	free(t->chunk);
	free(t->path);
	free(t);
}
