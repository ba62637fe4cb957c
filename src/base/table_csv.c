/* table_csv.c - the CSV format of the table reader (table.h): RFC 4180
 * in UTF-8 through libcsv's push parser, one chunk at a time, with line
 * numbers as an editor shows them. */
#include "base/table_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>

struct table_csv {
	FILE *f;
	struct csv_parser csv;
	int csv_ready;
	long line;     /* line at the parser's position (as far as reported) */
	long row_line; /* line on which the row in progress started */
	int after_cr;  /* the last event was a line end at CR: skip its LF */
};

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
		t->c->row_line = t->c->line;
	t->c->after_cr = 0;
	bad = utf8_check(s, n);
	if (bad < n) {
		long line = t->c->line + count_breaks(s, bad);
		if (((unsigned char *)s)[bad] == 0)
			table_fail(t, MZ_EINVAL, line, "contains a NUL byte; this is not a text file",
			      "含有NUL字节，不是文本文件");
		else
			table_fail(t, MZ_EINVAL, line,
			      "not UTF-8 text; save the file as \"CSV UTF-8\" (Excel) or convert it from GBK to UTF-8",
			      "不是UTF-8编码；请在Excel中另存为“CSV UTF-8（逗号分隔）”，或将文件从GBK转换为UTF-8");
		return;
	}
	t->c->line += count_breaks(s, n);
	table_q_field(t, t->c->row_line, s, n);
}

static void csv_on_row(int c, void *ud)
{
	table_reader *t = ud;

	if (t->failed)
		return;
	if (c == '\n' && t->c->after_cr && t->noffs == t->cur_first) {
		t->c->after_cr = 0; /* the LF of a CRLF */
		return;
	}
	if (t->noffs > t->cur_first)
		table_q_end_row(t, t->c->row_line);
	if (c == '\r' || c == '\n') {
		t->c->line++;
		t->c->after_cr = c == '\r';
	}
}

/* RFC 4180: spaces are part of a field. */
static int csv_no_space(unsigned char c)
{
	(void)c;
	return 0;
}

int table_csv_open(table_reader *t)
{
	struct stat st;

	t->c = mz_xcalloc(1, sizeof(*t->c));
	t->c->f = fopen(t->path, "rb");
	if (!t->c->f)
		return table_fail(t, MZ_EINVAL, 0, "cannot open: %s", "无法打开：%s",
			     strerror(errno));
	if (fstat(fileno(t->c->f), &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return table_fail(t, MZ_EINVAL, 0, "is a directory, not a file",
				     "是目录，不是文件");
		if (S_ISREG(st.st_mode))
			t->total = (long)st.st_size;
	}
	csv_init(&t->c->csv, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI);
	csv_set_space_func(&t->c->csv, csv_no_space);
	csv_set_blk_size(&t->c->csv, 4096);
	t->c->csv_ready = 1;
	t->c->line = 1;
	return 0;
}

int table_csv_fill(table_reader *t)
{
	const unsigned char *p = t->chunk;
	size_t n = fread(t->chunk, 1, CHUNK, t->c->f);
	size_t used;

	if (n == 0) {
		if (ferror(t->c->f))
			return table_fail(t, MZ_EINVAL, 0, "read error: %s", "读取错误：%s",
				     strerror(errno));
		if (csv_fini(&t->c->csv, csv_on_field, csv_on_row, t) != 0)
			return table_fail(t, MZ_EINVAL, t->c->line,
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
	used = csv_parse(&t->c->csv, p, n, csv_on_field, csv_on_row, t);
	if (t->failed)
		return -1;
	if (used != n) {
		if (csv_error(&t->c->csv) == CSV_EPARSE)
			return table_fail(t, MZ_EINVAL,
				     t->c->line + count_breaks((char *)t->c->csv.entry_buf,
							    t->c->csv.entry_pos),
				     "malformed CSV: a '\"' inside a field must be doubled and the field enclosed in '\"'",
				     "CSV格式错误：字段中的双引号须写成两个，并用双引号括住整个字段");
		return table_fail(t, MZ_ETOOBIG, t->c->line, "%s", "%s",
			     csv_strerror(csv_error(&t->c->csv)));
	}
	/* A field still open at the end of the chunk: bound it now, before
	 * libcsv grows its buffer without end. */
	if (t->c->csv.entry_pos > t->lim.max_field)
		return table_fail(t, MZ_ETOOBIG,
			     t->noffs > t->cur_first ? t->c->row_line : t->c->line,
			     "field %zu is longer than %zu bytes", "第%zu个字段超过%zu字节",
			     t->noffs - t->cur_first + 1, t->lim.max_field);
	return 0;
}

void table_csv_close(table_reader *t)
{
	if (!t->c)
		return;
	if (t->c->csv_ready)
		csv_free(&t->c->csv);
	if (t->c->f)
		fclose(t->c->f);
	free(t->c);
	t->c = NULL;
}
