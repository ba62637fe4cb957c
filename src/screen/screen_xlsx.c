/* screen_xlsx.c - the worklist as a spreadsheet for the street office. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xlsx_out.h"
#include "base/buf.h"
#include "base/money.h"
#include "screen/screen.h"

#define SCREEN_XLSX_MAX 100000

static const char *kind_zh(const char *k)
{
	if (!strcmp(k, "eligible_not_enrolled"))
		return "符合条件未纳入";
	if (!strcmp(k, "enrolled_not_eligible"))
		return "已纳入但不再符合";
	return "金额变化";
}

static const char *disposition_zh(const char *d)
{
	if (!strcmp(d, "accepted"))
		return "已受理";
	if (!strcmp(d, "dismissed"))
		return "不予跟进";
	if (!strcmp(d, "linked"))
		return "已关联案件";
	return "待处理";
}

int screen_items_xlsx(store_conn *c, const access_ctx *who, const char *division,
		      const char *program, const char *kind, const char *status, char **out,
		      size_t *len, mz_err *e)
{
	json_t *list = screen_items(c, who, division, program, kind, status, 1, SCREEN_XLSX_MAX, e),
	       *it;
	char path[32];
	static const char *const heads[] = { "区划代码", "社区", "家庭编号", "项目", "类型",
					     "测算月金额（元）", "现发月金额（元）", "未通过条件",
					     "测算日期", "处理结果", "说明", "处理人", "处理时间" };
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	size_t i;
	int row = 1;

	if (!list)
		return -1;
	wb = mz_xlsx_new(path, e);
	if (!wb) {
		json_decref(list);
		return -1;
	}
	ws = workbook_add_worksheet(wb, "政策找人");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (int k = 0; k < 13; k++)
		worksheet_write_string(ws, 0, (lxw_col_t)k, heads[k], bold);
	json_array_foreach(json_object_get(list, "items"), i, it) {
		char a[32], b[32];
		const char *dn = json_string_value(json_object_get(it, "division_name"));

		/* Text, not a float: exact to the fen as printed. */
		mz_fen_format_yuan(json_integer_value(json_object_get(it, "amount_fen")), a);
		mz_fen_format_yuan(json_integer_value(json_object_get(it, "enrolled_amount_fen")), b);
		worksheet_write_string(ws, (lxw_row_t)row, 0, json_string_value(json_object_get(it, "division_code")), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 1, dn ? dn : "", NULL);
		worksheet_write_number(ws, (lxw_row_t)row, 2, (double)json_integer_value(json_object_get(it, "household_id")), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 3, json_string_value(json_object_get(it, "program")), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 4, kind_zh(json_string_value(json_object_get(it, "kind"))), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 5, a, NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 6, b, NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 7, json_string_value(json_object_get(it, "failed")), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 8, json_string_value(json_object_get(it, "on_date")), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 9, disposition_zh(json_string_value(json_object_get(it, "disposition"))), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 10, json_string_value(json_object_get(it, "note")), NULL);
		worksheet_write_string(ws, (lxw_row_t)row, 11, json_string_value(json_object_get(it, "handled_by")), NULL);
		{
			const char *when = json_string_value(json_object_get(it, "handled_at"));

			worksheet_write_string(ws, (lxw_row_t)row, 12, when ? when : "", NULL);
		}
		row++;
	}
	json_decref(list);
	return mz_xlsx_finish(wb, path, out, len, e);
}
