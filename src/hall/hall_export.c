/* hall_export.c - a division's figures and its children's as a workbook or
 * CSV: the same scoped read as the page (hall_overview), so an export can
 * never show more than the caller may see. Audited (hall.export): figures
 * are aggregates, but what left the system, and for whom, is recorded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/money.h"
#include "base/xlsx_out.h"
#include "hall/hall.h"
#include "hall/hall_figures.h"

#define NCOLS 8
static const char *const heads[NCOLS] = { "区划代码", "区划", "指标", "数值", "分子", "分母",
					 "统计日", "计算时间" };

/* One line per (indicator, division): the division first, then each child. */
typedef void (*row_fn)(void *sink, int row, const char *const cells[NCOLS]);

static void value_text(const char *unit, json_t *v, json_t *num, char out[48])
{
	if (json_is_null(v)) {
		snprintf(out, 48, "%s", "");
	} else if (!strcmp(unit, "fen")) {
		char y[32];

		mz_fen_format_yuan((int64_t)json_integer_value(num), y);
		snprintf(out, 48, "%s", y);
	} else if (!strcmp(unit, "rate")) {
		snprintf(out, 48, "%.1f%%", json_real_value(v));
	} else if (!strcmp(unit, "avg")) {
		snprintf(out, 48, "%.1f", json_real_value(v));
	} else {
		snprintf(out, 48, "%lld", (long long)json_integer_value(num));
	}
}

static int each_row(json_t *ov, row_fn fn, void *sink)
{
	json_t *div = json_object_get(ov, "division"), *kids = json_object_get(ov, "children"), *ind;
	const char *day = json_string_value(json_object_get(ov, "as_of"));
	size_t i;
	int row = 1;

	json_array_foreach(json_object_get(ov, "indicators"), i, ind) {
		const char *unit = json_string_value(json_object_get(ind, "unit"));
		json_t *at = json_object_get(ind, "computed_at");
		char when[32] = "", val[48], n[24], d[24];
		const char *cells[NCOLS];
		size_t k;
		json_t *kf;

		if (json_is_integer(at))
			mz_time_format((int64_t)json_integer_value(at), when);
		value_text(unit, json_object_get(ind, "value"), json_object_get(ind, "num"), val);
		snprintf(n, sizeof(n), "%lld", (long long)json_integer_value(json_object_get(ind, "num")));
		snprintf(d, sizeof(d), "%lld", (long long)json_integer_value(json_object_get(ind, "den")));
		cells[0] = json_string_value(json_object_get(div, "code"));
		cells[1] = json_string_value(json_object_get(div, "name"));
		cells[2] = json_string_value(json_object_get(ind, "label_zh"));
		cells[3] = val;
		cells[4] = n;
		cells[5] = d;
		cells[6] = day ? day : "";
		cells[7] = when;
		fn(sink, row++, cells);
		json_array_foreach(json_object_get(ind, "children"), k, kf) {
			json_t *kd = json_array_get(kids, k);

			value_text(unit, json_object_get(kf, "value"), json_object_get(kf, "num"), val);
			snprintf(n, sizeof(n), "%lld",
				 (long long)json_integer_value(json_object_get(kf, "num")));
			snprintf(d, sizeof(d), "%lld",
				 (long long)json_integer_value(json_object_get(kf, "den")));
			cells[0] = json_string_value(json_object_get(kd, "code"));
			cells[1] = json_string_value(json_object_get(kd, "name"));
			fn(sink, row++, cells);
		}
	}
	return row;
}

static void xlsx_row(void *sink, int row, const char *const cells[NCOLS])
{
	for (int k = 0; k < NCOLS; k++)
		worksheet_write_string(sink, (lxw_row_t)row, (lxw_col_t)k, cells[k] ? cells[k] : "",
				       NULL);
}

/* RFC 4180: every field quoted, quotes doubled; a leading = + - @ gets an
 * apostrophe so a spreadsheet does not evaluate it. */
static void csv_field(mz_buf *b, const char *s)
{
	mz_buf_putc(b, '"');
	if (s && strchr("=+-@", s[0]) && s[0])
		mz_buf_putc(b, '\'');
	for (; s && *s; s++) {
		if (*s == '"')
			mz_buf_putc(b, '"');
		mz_buf_putc(b, *s);
	}
	mz_buf_putc(b, '"');
}

static void csv_row(void *sink, int row, const char *const cells[NCOLS])
{
	(void)row;
	for (int k = 0; k < NCOLS; k++) {
		if (k)
			mz_buf_putc(sink, ',');
		csv_field(sink, cells[k]);
	}
	mz_buf_puts(sink, "\r\n");
}

int hall_export(store_conn *c, const access_ctx *who, const char *division, mz_day as_of,
		int xlsx, char **out, size_t *len, mz_err *e)
{
	json_t *ov = hall_overview(c, who, division, as_of, e);
	const char *code;
	int rc;

	if (!ov)
		return -1;
	code = json_string_value(json_object_get(json_object_get(ov, "division"), "code"));
	if (audit_append(c, who, AUDIT_READ, "hall.export", "division", code, code, "",
			 xlsx ? "{\"format\":\"xlsx\"}" : "{\"format\":\"csv\"}", e)) {
		json_decref(ov);
		return -1;
	}
	if (xlsx) {
		char path[32];
		lxw_workbook *wb = mz_xlsx_new(path, e);
		lxw_worksheet *ws;
		lxw_format *bold;

		if (!wb) {
			json_decref(ov);
			return -1;
		}
		ws = workbook_add_worksheet(wb, "监测大厅");
		bold = workbook_add_format(wb);
		format_set_bold(bold);
		for (int k = 0; k < NCOLS; k++)
			worksheet_write_string(ws, 0, (lxw_col_t)k, heads[k], bold);
		each_row(ov, xlsx_row, ws);
		json_decref(ov);
		return mz_xlsx_finish(wb, path, out, len, e);
	}
	{
		mz_buf b;

		mz_buf_init(&b);
		mz_buf_puts(&b, "\xEF\xBB\xBF"); /* a BOM: Excel opens UTF-8 CSV as UTF-8 */
		csv_row(&b, 0, heads);
		each_row(ov, csv_row, &b);
		json_decref(ov);
		*out = mz_buf_detach(&b, len);
		rc = *out ? 0 : mz_fail(e, MZ_EINTERNAL, NULL, "out of memory", "内存不足");
	}
	return rc;
}
