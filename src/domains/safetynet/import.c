/* import.c - a department's file of events (CSV or XLSX): the header names
 * the columns (id_number, type, occurred_on, amount_fen, event_id, note; any
 * order), every row is checked and stored on its own terms (a bad row is
 * reported with its line and field and does not stop the others), in
 * transactions of `batch` rows so a large file is neither one huge
 * transaction nor a commit per row. A row whose event_id the department
 * sent before is counted as a duplicate and changes nothing. */
#include <stdio.h>
#include <string.h>

#include "base/table.h"
#include "domains/safetynet/safetynet.h"

enum { COL_ID, COL_TYPE, COL_DATE, COL_AMOUNT, COL_EVENT, COL_NOTE, NCOLS };
static const char *const col_names[NCOLS] = { "id_number", "type", "occurred_on", "amount_fen",
					       "event_id", "note" };

static int parse_amount(const char *s, int64_t *out)
{
	int64_t v = 0;

	if (!*s) {
		*out = 0;
		return 0;
	}
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > INT64_C(100000000000))
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

json_t *sn_events_import(store_conn *c, const access_ctx *who, const sn_department *d,
			 const char *path, int batch, mz_err *e)
{
	table_reader *t = table_open(path, e);
	table_row row;
	int col[NCOLS], r, in_tx = 0, pending = 0;
	int64_t stored = 0, duplicates = 0, refused = 0, alerts = 0, orders = 0, eval_ns = 0;
	json_t *errors = json_array();

	if (!t) {
		json_decref(errors);
		return NULL;
	}
	for (int k = 0; k < NCOLS; k++)
		col[k] = -1;
	if ((r = table_next(t, &row, e)) != 1) {
		if (!r)
			mz_fail(e, MZ_EINVAL, "file", "the file is empty", "文件为空");
		goto fail;
	}
	for (size_t i = 0; i < row.count; i++)
		for (int k = 0; k < NCOLS; k++)
			if (!strcmp(row.fields[i], col_names[k]))
				col[k] = (int)i;
	for (int k = 0; k < 3; k++)
		if (col[k] < 0) {
			mz_failf(e, MZ_EINVAL, "file", "the header has no column %s",
				 "表头缺少列 %s", col_names[k]);
			goto fail;
		}
	while ((r = table_next(t, &row, e)) == 1) {
		sn_event_in in = { 0 };
		sn_ingest_result res;
		mz_err re = { 0 };
		int64_t amount = 0;

		in.kind = SN_SRC_UPLOAD;
		in.source = d->code;
		in.department_id = d->id;
		in.id_number = table_field(&row, (size_t)col[COL_ID]);
		in.type = table_field(&row, (size_t)col[COL_TYPE]);
		in.occurred_on = table_field(&row, (size_t)col[COL_DATE]);
		in.sender_event_id = col[COL_EVENT] >= 0 ? table_field(&row, (size_t)col[COL_EVENT]) : "";
		in.note = col[COL_NOTE] >= 0 ? table_field(&row, (size_t)col[COL_NOTE]) : "";
		if (col[COL_AMOUNT] >= 0 && parse_amount(table_field(&row, (size_t)col[COL_AMOUNT]), &amount)) {
			mz_fail(&re, MZ_EINVAL, "amount_fen", "must be a whole number of fen", "须为整数（分）");
			goto refuse;
		}
		in.amount_fen = amount;
		if (strlen(in.sender_event_id) > 64 || strlen(in.note) > 500) {
			mz_fail(&re, MZ_EINVAL, strlen(in.note) > 500 ? "note" : "event_id",
				"too long", "过长");
			goto refuse;
		}
		if (!in_tx) {
			if (store_begin(c, e))
				goto fail;
			in_tx = 1;
		}
		/* A savepoint would let a bad row roll back alone; checking first
		 * (sn_event_check) keeps the batch clean without one. */
		{
			int64_t pid;
			char div[16];
			if (sn_event_check(c, who, &in, &pid, div, &re))
				goto refuse;
			/* Found within the department's scope: the ingest need not
			 * parse and look the number up again. */
			in.person_id = pid;
		}
		if (sn_event_ingest_tx(c, who, &in, &res, e))
			goto fail;
		if (res.duplicate)
			duplicates++;
		else
			stored++;
		alerts += res.alerts;
		orders += res.orders;
		eval_ns += res.eval_ns;
		if (++pending >= batch) {
			if (store_commit(c, e))
				goto fail;
			in_tx = 0;
			pending = 0;
		}
		continue;
refuse:
		refused++;
		if (json_array_size(errors) < 200)
			json_array_append_new(errors, json_pack("{s:i,s:s,s:s,s:s}", "line", (int)row.line,
								"field", re.field, "message", re.message,
								"message_zh", re.message_zh));
	}
	if (r < 0)
		goto fail;
	if (in_tx && store_commit(c, e))
		goto fail;
	table_close(t);
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:f,s:o}", "stored", (json_int_t)stored, "duplicates",
			 (json_int_t)duplicates, "refused", (json_int_t)refused, "alerts",
			 (json_int_t)alerts, "orders", (json_int_t)orders, "evaluate_seconds",
			 (double)eval_ns / 1e9, "errors", errors);
fail:
	if (in_tx)
		store_rollback(c);
	table_close(t);
	json_decref(errors);
	return NULL;
}
