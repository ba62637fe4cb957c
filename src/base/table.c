/* table.c - the tabular file reader (table.h): the row queue and the
 * public functions; the formats are table_csv.c (libcsv) and table_xlsx.c
 * (libzip + expat).
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
#include "base/table_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int table_fail(table_reader *t, mz_code code, long line, const char *en_fmt,
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
	if (t->x)
		table_xlsx_stop(t);
	return -1;
}

/* ---- the row queue ---- */

int table_q_field(table_reader *t, long line, const char *p, size_t n)
{
	size_t nf = t->noffs - t->cur_first;

	if (n > t->lim.max_field)
		return table_fail(t, MZ_ETOOBIG, line,
			     "field %zu is longer than %zu bytes",
			     "第%zu个字段超过%zu字节", nf + 1, t->lim.max_field);
	if (nf >= t->lim.max_fields)
		return table_fail(t, MZ_ETOOBIG, line, "the row has more than %zu fields",
			     "该行字段数超过%zu个", t->lim.max_fields);
	if (t->cur_bytes + n > t->lim.max_row)
		return table_fail(t, MZ_ETOOBIG, line, "the row is longer than %zu bytes",
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

void table_q_end_row(table_reader *t, long line)
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

	if (ext && strchr(ext, '/'))
		ext = NULL;
	if (ext && !strcasecmp(ext, ".csv")) {
		t->fmt = FMT_CSV;
		rc = table_csv_open(t);
	} else if (ext && !strcasecmp(ext, ".xlsx")) {
		t->fmt = FMT_XLSX;
		rc = table_xlsx_open(t);
	} else if (ext && !strcasecmp(ext, ".xls")) {
		rc = table_fail(t, MZ_EUNSUPPORTED, 0,
			   "old Excel 97-2003 .xls files are not supported; save it as .xlsx or as CSV UTF-8",
			   "不支持旧版Excel 97-2003 .xls文件；请另存为.xlsx或“CSV UTF-8”");
	} else {
		rc = table_fail(t, MZ_EUNSUPPORTED, 0,
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
			table_csv_fill(t);
		else
			table_xlsx_fill(t);
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
	table_csv_close(t);
	table_xlsx_close(t);
	mz_buf_release(&t->data);
	free(t->offs);
	free(t->rows);
	free(t->ptrs);
	free(t->chunk);
	free(t->path);
	free(t);
}
