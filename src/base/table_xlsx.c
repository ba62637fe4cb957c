/* table_xlsx.c - the XLSX format of the table reader (table.h): the first
 * worksheet of an Office Open XML workbook, read from the ZIP archive with
 * libzip and parsed with expat as it streams, the shared strings loaded
 * first. */
#include "base/table_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

/* Uncompressed XML of one workbook part: far beyond Excel's 1,048,576 rows
 * of real data, low enough that a zip bomb ends in an error, not an hour. */
#define XLSX_MAX_PART ((long)4 << 30)
#define XLSX_SHEET_DEFAULT "xl/worksheets/sheet1.xml"

struct table_xlsx {
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
	table_fail(ud, MZ_EINVAL, 0, "the workbook contains a DTD, which Excel never writes",
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
	zip_file_t *zf = zip_fopen(t->x->zip, name, ZIP_FL_NOCASE);
	XML_Parser xp;
	long total = 0;

	if (!zf)
		return required ? table_fail(t, MZ_EINVAL, 0, "the workbook has no part '%s'",
					"工作簿缺少“%s”", name)
				: 1;
	xp = xml_new(t, se, ee, cd);
	for (;;) {
		enum XML_Status st;
		zip_int64_t n = zip_fread(zf, t->chunk, CHUNK);
		if (n < 0) {
			table_fail(t, MZ_EINVAL, 0, "cannot read '%s': %s", "无法读取“%s”：%s",
			      name, zip_file_strerror(zf));
			break;
		}
		total += (long)n;
		if (total > XLSX_MAX_PART) {
			table_fail(t, MZ_ETOOBIG, 0, "'%s' is larger than %ld bytes uncompressed",
			      "“%s”解压后超过%ld字节", name, XLSX_MAX_PART);
			break;
		}
		t->x->cur_xp = xp;
		st = XML_Parse(xp, (const char *)t->chunk, (int)n, n == 0);
		t->x->cur_xp = NULL;
		if (st == XML_STATUS_ERROR) {
			table_fail(t, MZ_EINVAL, 0, "'%s' is not well-formed XML (line %lu): %s",
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

	if (t->x->rid[0] || strcmp(local_name(name), "sheet"))
		return;
	id = xml_attr(attrs, "id", 1);
	if (id)
		mz_strlcpy(t->x->rid, id, sizeof(t->x->rid));
}

/* xl/_rels/workbook.xml.rels: where that relationship points. */
static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	table_reader *t = ud;
	const char *id, *target;

	if (t->x->target[0] || strcmp(local_name(name), "Relationship"))
		return;
	id = xml_attr(attrs, "Id", 0);
	target = xml_attr(attrs, "Target", 0);
	if (id && target && !strcmp(id, t->x->rid))
		mz_strlcpy(t->x->target, target, sizeof(t->x->target));
}

/* The first worksheet in workbook order (which need not be sheet1.xml once
 * sheets have been moved), falling back to sheet1.xml. */
static void xlsx_first_sheet(table_reader *t, char *out, size_t cap)
{
	mz_strlcpy(out, XLSX_SHEET_DEFAULT, cap);
	if (xml_part(t, "xl/workbook.xml", 0, wb_start, NULL, NULL) || !t->x->rid[0])
		return;
	if (xml_part(t, "xl/_rels/workbook.xml.rels", 0, rels_start, NULL, NULL) ||
	    !t->x->target[0])
		return;
	if (t->x->target[0] == '/')
		mz_strlcpy(out, t->x->target + 1, cap);
	else
		snprintf(out, cap, "xl/%s", t->x->target);
}

/* xl/sharedStrings.xml: <si> holds <t> text, or rich-text runs <r><t>;
 * <rPh> phonetic runs are not part of the text. */
static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	table_reader *t = ud;
	const char *l = local_name(name);

	(void)attrs;
	if (!strcmp(l, "si")) {
		t->x->in_si = 1;
		t->x->si_start = t->x->sst.len;
	} else if (!strcmp(l, "rPh")) {
		t->x->rph_depth++;
	} else if (!strcmp(l, "t") && t->x->in_si && !t->x->rph_depth) {
		t->x->in_t = 1;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	table_reader *t = ud;
	const char *l = local_name(name);

	if (t->failed)
		return;
	if (!strcmp(l, "t")) {
		t->x->in_t = 0;
	} else if (!strcmp(l, "rPh")) {
		t->x->rph_depth--;
	} else if (!strcmp(l, "si") && t->x->in_si) {
		t->x->in_si = 0;
		if (t->x->nsst == t->x->sst_cap) {
			t->x->sst_cap = t->x->sst_cap ? 2 * t->x->sst_cap : 1024;
			t->x->sst_offs = mz_xrealloc(t->x->sst_offs,
						  t->x->sst_cap * sizeof(*t->x->sst_offs));
		}
		t->x->sst_offs[t->x->nsst++] = t->x->si_start;
		if (mz_buf_append(&t->x->sst, "", 1))
			table_fail(t, MZ_ETOOBIG, 0, "the shared strings exceed %zu bytes",
			      "共享字符串超过%zu字节", t->lim.max_strings);
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
	table_reader *t = ud;

	if (t->failed || !t->x->in_t)
		return;
	if (mz_buf_append(&t->x->sst, s, (size_t)len))
		table_fail(t, MZ_ETOOBIG, 0, "the shared strings exceed %zu bytes",
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
		t->x->in_sheetdata = 1;
	} else if (!t->x->in_sheetdata) {
		return;
	} else if (!strcmp(l, "row")) {
		long r = 0;
		a = xml_attr(attrs, "r", 0);
		if (a)
			r = strtol(a, NULL, 10);
		t->x->xrow = r > 0 ? r : t->x->xrow + 1;
		t->x->col = 0;
	} else if (!strcmp(l, "c")) {
		t->x->in_c = 1;
		t->x->ccol = t->x->col;
		a = xml_attr(attrs, "r", 0);
		if (a && (t->x->ccol = cell_column(a)) == (size_t)-1)
			table_fail(t, MZ_EINVAL, t->x->xrow, "bad cell reference '%.16s'",
			      "单元格引用“%.16s”无效", a);
		a = xml_attr(attrs, "t", 0);
		t->x->ctype = !a ? 'n' : !strcmp(a, "s") ? 's' : !strcmp(a, "inlineStr") ? 'i'
			 : !strcmp(a, "b") ? 'b' : 'n';
		mz_buf_reset(&t->x->cell);
	} else if (!t->x->in_c) {
		return;
	} else if (!strcmp(l, "v")) {
		t->x->in_v = 1;
	} else if (!strcmp(l, "is")) {
		t->x->in_is = 1;
	} else if (!strcmp(l, "rPh")) {
		t->x->rph_depth++;
	} else if (!strcmp(l, "t") && t->x->in_is && !t->x->rph_depth) {
		t->x->in_t = 1;
	}
}

static void sheet_cell_end(table_reader *t)
{
	const char *v = t->x->cell.data ? t->x->cell.data : "";
	size_t n = t->x->cell.len;

	if (t->x->ctype == 's' && n) {
		char *end;
		long i = strtol(v, &end, 10);
		if (*end || i < 0 || (size_t)i >= t->x->nsst) {
			table_fail(t, MZ_EINVAL, t->x->xrow, "cell refers to shared string '%.16s', which does not exist",
			      "单元格引用的共享字符串“%.16s”不存在", v);
			return;
		}
		v = t->x->sst.data + t->x->sst_offs[i];
		n = strlen(v);
	} else if (t->x->ctype == 'b' && n) {
		v = !strcmp(v, "0") ? "FALSE" : "TRUE";
		n = strlen(v);
	}
	if (n == 0) /* empty or formatted-only cell: a gap like any other */
		return;
	if (t->x->ccol < t->noffs - t->cur_first) {
		table_fail(t, MZ_EINVAL, t->x->xrow, "cells are out of order", "单元格顺序错乱");
		return;
	}
	while (t->noffs - t->cur_first < t->x->ccol)
		if (table_q_field(t, t->x->xrow, "", 0))
			return;
	table_q_field(t, t->x->xrow, v, n);
	t->x->col = t->x->ccol + 1;
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	table_reader *t = ud;
	const char *l = local_name(name);

	if (t->failed)
		return;
	if (!strcmp(l, "sheetData")) {
		t->x->in_sheetdata = 0;
	} else if (!t->x->in_sheetdata) {
		return;
	} else if (!strcmp(l, "row")) {
		table_q_end_row(t, t->x->xrow);
	} else if (!strcmp(l, "c")) {
		sheet_cell_end(t);
		t->x->in_c = t->x->in_v = t->x->in_is = t->x->in_t = 0;
		if (t->x->col <= t->x->ccol)
			t->x->col = t->x->ccol + 1;
	} else if (!strcmp(l, "v")) {
		t->x->in_v = 0;
	} else if (!strcmp(l, "is")) {
		t->x->in_is = 0;
	} else if (!strcmp(l, "rPh")) {
		t->x->rph_depth--;
	} else if (!strcmp(l, "t")) {
		t->x->in_t = 0;
	}
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
	table_reader *t = ud;

	if (t->failed || !(t->x->in_v || t->x->in_t))
		return;
	if (t->x->cell.len + (size_t)len > t->lim.max_field) {
		table_fail(t, MZ_ETOOBIG, t->x->xrow, "cell %zu is longer than %zu bytes",
		      "第%zu列单元格超过%zu字节", t->x->ccol + 1, t->lim.max_field);
		return;
	}
	mz_buf_append(&t->x->cell, s, (size_t)len);
}

int table_xlsx_open(table_reader *t)
{
	int zerr = 0;
	char sheet[sizeof(t->x->target) + 4];
	zip_stat_t st;

	t->x = mz_xcalloc(1, sizeof(*t->x));
	mz_buf_init(&t->x->cell);
	mz_buf_init(&t->x->sst);
	t->x->zip = zip_open(t->path, ZIP_RDONLY, &zerr);
	if (!t->x->zip) {
		zip_error_t ze;
		if (zerr == ZIP_ER_NOZIP || zerr == ZIP_ER_INCONS)
			return table_fail(t, MZ_EINVAL, 0,
				     "is not an XLSX workbook (not a ZIP archive); an old .xls or a renamed CSV must be saved as .xlsx",
				     "不是XLSX工作簿（不是ZIP文件）；旧版.xls或改了扩展名的CSV须另存为.xlsx");
		zip_error_init_with_code(&ze, zerr);
		table_fail(t, MZ_EINVAL, 0, "cannot open: %s", "无法打开：%s",
		      zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	mz_buf_init_max(&t->x->sst, t->lim.max_strings);
	xlsx_first_sheet(t, sheet, sizeof(sheet));
	if (t->failed)
		return -1;
	t->x->rph_depth = 0;
	if (xml_part(t, "xl/sharedStrings.xml", 0, sst_start, sst_end, sst_text) < 0)
		return -1;
	t->x->in_t = t->x->rph_depth = 0;
	zip_stat_init(&st);
	if (zip_stat(t->x->zip, sheet, ZIP_FL_NOCASE, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
		t->total = st.size > (zip_uint64_t)XLSX_MAX_PART ? XLSX_MAX_PART : (long)st.size;
	t->x->sheet = zip_fopen(t->x->zip, sheet, ZIP_FL_NOCASE);
	if (!t->x->sheet)
		return table_fail(t, MZ_EINVAL, 0, "the workbook has no worksheet '%s'",
			     "工作簿缺少工作表“%s”", sheet);
	t->x->xp = xml_new(t, sheet_start, sheet_end, sheet_text);
	return 0;
}

int table_xlsx_fill(table_reader *t)
{
	zip_int64_t n = zip_fread(t->x->sheet, t->chunk, CHUNK);
	enum XML_Status st;

	if (n < 0)
		return table_fail(t, MZ_EINVAL, 0, "cannot read the worksheet: %s",
			     "无法读取工作表：%s", zip_file_strerror(t->x->sheet));
	t->done += (long)n;
	if (t->done > XLSX_MAX_PART)
		return table_fail(t, MZ_ETOOBIG, 0, "the worksheet is larger than %ld bytes uncompressed",
			     "工作表解压后超过%ld字节", XLSX_MAX_PART);
	t->x->cur_xp = t->x->xp;
	st = XML_Parse(t->x->xp, (const char *)t->chunk, (int)n, n == 0);
	t->x->cur_xp = NULL;
	if (st == XML_STATUS_ERROR)
		table_fail(t, MZ_EINVAL, t->x->xrow, "the worksheet is not well-formed XML: %s",
		      "工作表不是格式正确的XML：%s",
		      XML_ErrorString(XML_GetErrorCode(t->x->xp)));
	if (n == 0)
		t->eof = 1;
	return t->failed ? -1 : 0;
}

void table_xlsx_stop(table_reader *t)
{
	if (t->x && t->x->cur_xp)
		XML_StopParser(t->x->cur_xp, XML_FALSE);
}

void table_xlsx_close(table_reader *t)
{
	if (!t->x)
		return;
	if (t->x->xp)
		XML_ParserFree(t->x->xp);
	if (t->x->sheet)
		zip_fclose(t->x->sheet);
	if (t->x->zip)
		zip_discard(t->x->zip);
	mz_buf_release(&t->x->cell);
	mz_buf_release(&t->x->sst);
	free(t->x->sst_offs);
	free(t->x);
	t->x = NULL;
}
