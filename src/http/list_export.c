/* list_export.c - one list, two answers: JSON pages and XLSX (list_export.h). */
#include "http/list_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/xlsx_out.h"
#include "http/inputs.h"
#include "policy/policy.h"
#include "http/list_sort.h"
#include "jobs/export_runs.h"
#include "registry/idcard.h"
#include "registry/registry.h"

/* The rules in force (api_policy.c), a new reference; NULL when none. */
policy_set *api_policy_current(void);

/* A program's Chinese name in the rules in force, or NULL. */
static const char *program_name(const policy_set *rules, const char *code)
{
	const policy_program *p = rules && code ? policy_set_find(rules, code) : NULL;

	return p ? policy_program_name_zh(p) : NULL;
}

/* Rows read per call while exporting: big pages, but within what the JSON
 * route allows (the page function may refuse more). */
#define EXPORT_PAGE 500

static const char *items_key(const list_def *d)
{
	return d->items_key ? d->items_key : "items";
}

int http_list_json(http_request *req, http_response *res, const list_def *d)
{
	int64_t page, size;

	/* The sort is checked before the page is read: a domain call given
	 * NULL would fall back to its default order. */
	if (!list_sort(req) || http_query_page(req, d->page_max, &page, &size))
		return -1;
	return http_ok(res, d->page(req, page, size));
}

const char *list_label(const char *const *labels, const char *code)
{
	for (size_t i = 0; labels && code && labels[i] && labels[i + 1]; i += 2)
		if (!strcmp(labels[i], code))
			return labels[i + 1];
	return NULL;
}

/* The filter's Chinese name, or the parameter itself. */
static const char *filter_name(const list_def *d, const char *param)
{
	const char *zh = list_label(d->filter_names, param);

	return zh ? zh : param;
}

/* "区划：海珠区 江南中街道；项目：dibao" from the route's declared query
 * parameters that were given (paging left out, the order kept). */
static void describe_filters(http_request *req, const list_def *d, const policy_set *rules,
			     mz_buf *out, json_t *audit)
{
	const http_input *in;

	for (in = req->inputs; in && in->where != HTTP_WHERE_END; in++) {
		const char *v;
		char name[128];

		if (in->where != HTTP_WHERE_QUERY || !strcmp(in->name, "page") ||
		    !strcmp(in->name, "page_size") || !strcmp(in->name, "order"))
			continue;
		/* ?sort=x&order=desc reads as the one form "-x". */
		v = !strcmp(in->name, "sort") ? list_sort(req) : http_query(req, in->name);
		if (!v || !*v)
			continue;
		json_object_set_new(audit, in->name, json_string(v));
		mz_buf_printf(out, "%s%s：", out->len ? "；" : "", filter_name(d, in->name));
		if (!strcmp(in->name, "division")) {
			registry_division_name(req->db, v, name, sizeof(name));
			mz_buf_printf(out, "%s（%s）", *name ? name : v, v);
		} else if (!strcmp(in->name, "sort")) {
			const char *key = v + (*v == '-');
			const char *head = key;

			for (const list_column *c = d->cols; c->key; c++)
				if (!strcmp(c->key, key))
					head = c->head;
			mz_buf_printf(out, "%s%s", head, *v == '-' ? "（降序）" : "（升序）");
		} else if (!strcmp(in->name, "id_number")) {
			char masked[19];

			idcard_mask(v, masked);
			mz_buf_puts(out, masked);
		} else {
			const char *zh = NULL;

			/* A code filter reads as the column's label: 状态：已办结. */
			for (const list_column *c = d->cols; c->key && !zh; c++)
				if (c->cell == LIST_LABEL && !strcmp(c->key, in->name))
					zh = list_label(c->labels, v);
				else if (c->cell == LIST_PROGRAM && !strcmp(c->key, in->name))
					zh = program_name(rules, v);
			mz_buf_puts(out, zh ? zh : v);
		}
	}
	if (!out->len)
		mz_buf_puts(out, "无（全部）");
}

/* "YYYY-MM-DD[THH:MM[:SS]]" to a datetime; 0 or -1 when it is not one. */
static int parse_when(const char *s, lxw_datetime *dt)
{
	int n;

	memset(dt, 0, sizeof(*dt));
	if (!s || sscanf(s, "%4d-%2d-%2d%n", &dt->year, &dt->month, &dt->day, &n) != 3 || n != 10)
		return -1;
	if (s[10] == 'T' || s[10] == ' ') {
		double sec = 0;

		if (sscanf(s + 11, "%2d:%2d:%lf", &dt->hour, &dt->min, &sec) >= 2)
			dt->sec = sec;
	}
	return dt->year >= 1900 && dt->month >= 1 && dt->month <= 12 && dt->day >= 1 &&
			       dt->day <= 31
		       ? 0
		       : -1;
}

struct formats {
	lxw_format *bold, *date, *datetime, *yuan, *title;
	const policy_set *rules; /* program names; may be NULL */
};

/* A LIST_LABEL value: one code or a comma list of codes. */
static void write_labels(lxw_worksheet *ws, lxw_row_t r, lxw_col_t k, const list_column *c,
			 const char *v)
{
	mz_buf b;
	const char *p = v;

	mz_buf_init(&b);
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char code[64];
		const char *zh;

		snprintf(code, sizeof(code), "%.*s", (int)(n < 63 ? n : 63), p);
		zh = list_label(c->labels, code);
		mz_buf_printf(&b, "%s%s", b.len ? "、" : "", zh ? zh : code);
		p += n + (end != NULL);
	}
	worksheet_write_string(ws, r, k, b.len ? b.data : "", NULL);
	mz_buf_release(&b);
}

static void write_cell(http_request *req, lxw_worksheet *ws, lxw_row_t r, lxw_col_t k,
		       const list_column *c, json_t *v, const struct formats *f)
{
	char buf[64];
	lxw_datetime dt;

	if (!v || json_is_null(v))
		return; /* an empty cell */
	switch (c->cell) {
	case LIST_INT:
		if (json_is_number(v)) {
			worksheet_write_number(ws, r, k, json_number_value(v), NULL);
			return;
		}
		break;
	case LIST_YUAN:
		if (json_is_integer(v)) {
			/* fen / 100 is exact to the fen at two decimals for any
			 * amount below 2^53 fen; the cell format shows them. */
			worksheet_write_number(ws, r, k, (double)json_integer_value(v) / 100.0, f->yuan);
			return;
		}
		break;
	case LIST_DATE:
	case LIST_DATETIME:
		if (json_is_integer(v)) {
			mz_time_format(json_integer_value(v), buf);
			v = NULL;
		} else if (json_is_string(v)) {
			snprintf(buf, sizeof(buf), "%s", json_string_value(v));
			v = NULL;
		}
		if (!v && !parse_when(buf, &dt)) {
			if (c->cell == LIST_DATE)
				dt.hour = dt.min = 0, dt.sec = 0;
			worksheet_write_datetime(ws, r, k, &dt, c->cell == LIST_DATE ? f->date : f->datetime);
			return;
		}
		if (!v) {
			worksheet_write_string(ws, r, k, buf, NULL);
			return;
		}
		break;
	case LIST_ID_MASKED:
		if (json_is_string(v)) {
			const char *s = json_string_value(v);
			char masked[19];

			if (strchr(s, '*')) {
				worksheet_write_string(ws, r, k, s, NULL);
			} else {
				idcard_mask(s, masked);
				worksheet_write_string(ws, r, k, masked, NULL);
			}
			return;
		}
		break;
	case LIST_LABEL:
		if (json_is_string(v)) {
			write_labels(ws, r, k, c, json_string_value(v));
			return;
		}
		if (json_is_array(v)) { /* ["living_alone", "very_old"] */
			mz_buf codes;
			size_t i;
			json_t *x;

			mz_buf_init(&codes);
			json_array_foreach(v, i, x)
				if (json_is_string(x))
					mz_buf_printf(&codes, "%s%s", codes.len ? "," : "",
						      json_string_value(x));
			write_labels(ws, r, k, c, codes.len ? codes.data : "");
			mz_buf_release(&codes);
			return;
		}
		break;
	case LIST_BOOL:
		if (json_is_boolean(v) || json_is_integer(v)) {
			worksheet_write_string(ws, r, k,
					       json_is_true(v) || json_integer_value(v) ? "是" : "否", NULL);
			return;
		}
		break;
	case LIST_PROGRAM:
		if (json_is_string(v)) {
			const char *zh = program_name(f->rules, json_string_value(v));

			worksheet_write_string(ws, r, k, zh ? zh : json_string_value(v), NULL);
			return;
		}
		break;
	case LIST_DIVISION:
		if (json_is_string(v)) {
			char name[128];

			registry_division_name(req->db, json_string_value(v), name, sizeof(name));
			worksheet_write_string(ws, r, k, *name ? name : json_string_value(v), NULL);
			return;
		}
		break;
	case LIST_TEXT:
		break;
	}
	if (json_is_string(v)) {
		worksheet_write_string(ws, r, k, json_string_value(v), NULL);
	} else if (json_is_number(v)) {
		worksheet_write_number(ws, r, k, json_number_value(v), NULL);
	} else if (json_is_boolean(v)) {
		worksheet_write_string(ws, r, k, json_is_true(v) ? "是" : "否", NULL);
	} else {
		char *s = json_dumps(v, JSON_COMPACT);

		worksheet_write_string(ws, r, k, s ? s : "", NULL);
		free(s);
	}
}

/* A key may name a nested member: "household.address". */
static json_t *member(json_t *item, const char *key)
{
	const char *dot = strchr(key, '.');
	char head[64];

	if (!dot)
		return json_object_get(item, key);
	snprintf(head, sizeof(head), "%.*s", (int)(dot - key < 63 ? dot - key : 63), key);
	return member(json_object_get(item, head), dot + 1);
}

/* The columns to write, in order: those the caller named in
 * X-Export-Columns ("key,key,...") first, in that order, then the list's
 * others as declared. The order the user gave the page's columns (table
 * settings) so reaches the workbook without a parameter on every route, and
 * no column is lost by it: a spreadsheet is also a record of what the list
 * held. A key the list does not have is refused 400 on "columns", naming
 * the ones it has. Returns the count, or -1 with req->err filled. */
static int export_columns(http_request *req, const list_def *d, const list_column **out, int max)
{
	const char *want = http_header(req, "X-Export-Columns");
	int n = 0;

	for (const char *p = want ? want : ""; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const list_column *hit = NULL;
		int twice = 0;

		for (const list_column *c = d->cols; c->key && !hit; c++)
			if (strlen(c->key) == len && !strncmp(c->key, p, len))
				hit = c;
		if (len && !hit) {
			mz_buf names;

			mz_buf_init(&names);
			for (const list_column *c = d->cols; c->key; c++)
				mz_buf_printf(&names, "%s%s", names.len ? ", " : "", c->key);
			mz_failf(&req->err, MZ_EINVAL, "columns",
				 "unknown export column '%.*s'; columns: %s",
				 "导出列“%.*s”不存在；可导出的列：%s", (int)(len < 64 ? len : 64), p,
				 names.len ? names.data : "");
			mz_buf_release(&names);
			return -1;
		}
		for (int k = 0; hit && k < n; k++)
			twice |= out[k] == hit; /* named twice: written once */
		if (hit && !twice && n < max)
			out[n++] = hit;
		p += len;
		if (*p == ',')
			p++;
	}
	for (const list_column *c = d->cols; c->key && n < max; c++) {
		int named = 0;

		for (int k = 0; k < n && !named; k++)
			named = out[k] == c;
		if (!named)
			out[n++] = c;
	}
	return n;
}

/* Tells the page that asked how far the export is (jobs/export_runs.h); a
 * failure to record progress does not stop the export. */
static void progress(http_request *req, const char *token, int64_t rows, int64_t total,
		     const char *status)
{
	mz_err ignored = { 0 };

	if (token)
		export_run_update(req->db, req->who, token, rows, total, status, &ignored);
}

int http_list_xlsx(http_request *req, http_response *res, const list_def *d)
{
	char path[32], fname[96];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	struct formats f;
	json_t *filters = NULL, *detail;
	mz_buf desc;
	int64_t page = 1, total = -1, rows = 0, size = d->page_max < EXPORT_PAGE ? d->page_max : EXPORT_PAGE;
	const char *token = req->who ? http_header(req, "X-Export-Token") : NULL;
	policy_set *rules = NULL;
	int ncols = 0, cut = 0, fd = -1;
	size_t len;
	const list_column *cols[LIST_EXPORT_COLS_MAX];

	if (!list_sort(req) || (ncols = export_columns(req, d, cols, LIST_EXPORT_COLS_MAX)) < 0)
		return -1;
	if (token && !*token)
		token = NULL;
	if (token && export_run_start(req->db, req->who, token, d->name, &req->err))
		return -1;
	filters = json_object();
	rules = api_policy_current();
	f.rules = rules;
	mz_buf_init(&desc);
	describe_filters(req, d, rules, &desc, filters);
	/* Constant memory: each row leaves for a temporary file as the next
	 * starts, and the finished file is sent from the disk, so the size of
	 * an export costs time and disk, not memory. */
	wb = mz_xlsx_new_big(path, &req->err);
	if (!wb)
		goto fail;
	ws = workbook_add_worksheet(wb, d->title);
	f.bold = workbook_add_format(wb);
	format_set_bold(f.bold);
	f.title = workbook_add_format(wb);
	format_set_bold(f.title);
	format_set_font_size(f.title, 14);
	f.date = workbook_add_format(wb);
	format_set_num_format(f.date, "yyyy-mm-dd");
	f.datetime = workbook_add_format(wb);
	format_set_num_format(f.datetime, "yyyy-mm-dd hh:mm");
	f.yuan = workbook_add_format(wb);
	format_set_num_format(f.yuan, "0.00");
	for (int k = 0; k < ncols; k++)
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k,
				     cols[k]->width > 0 ? cols[k]->width : 12, NULL);
	worksheet_write_string(ws, 0, 0, d->title, f.title);
	{
		mz_buf line;

		mz_buf_init(&line);
		mz_buf_printf(&line, "筛选条件：%s", desc.data);
		worksheet_write_string(ws, 1, 0, line.data, NULL);
		mz_buf_release(&line);
	}
	for (int k = 0; k < ncols; k++)
		worksheet_write_string(ws, 2, (lxw_col_t)k, cols[k]->head, f.bold);
	worksheet_freeze_panes(ws, 3, 0);
	for (;;) {
		json_t *pg = d->page(req, page, size), *items, *it, *more;
		size_t i;
		int end;

		if (!pg) {
			int junk;
			size_t jl;
			mz_err keep = req->err;

			/* Close and remove the half-written workbook (without
			 * reading it back); keep the error. */
			if (!mz_xlsx_finish_fd(wb, path, &junk, &jl, &req->err))
				close(junk);
			req->err = keep;
			goto fail;
		}
		items = json_object_get(pg, items_key(d));
		/* A list tells its end by a total, by has_more, or by a short page. */
		more = json_object_get(pg, "has_more");
		total = json_is_integer(json_object_get(pg, "total"))
				? json_integer_value(json_object_get(pg, "total")) : -1;
		json_array_foreach(items, i, it) {
			if (rows >= LIST_XLSX_MAX) {
				cut = 1;
				break;
			}
			for (int k = 0; k < ncols; k++)
				write_cell(req, ws, (lxw_row_t)(rows + 3), (lxw_col_t)k, cols[k],
					   member(it, cols[k]->key), &f);
			rows++;
		}
		i = json_array_size(items);
		end = (int64_t)i < size || (total >= 0 && rows >= total) ||
		      (more && !json_is_true(more));
		if (!end && rows >= LIST_XLSX_MAX)
			cut = 1;
		json_decref(pg);
		if (end || cut)
			break;
		progress(req, token, rows, total, "running");
		page++;
	}
	if (cut) {
		char note[200];

		snprintf(note, sizeof(note), "仅导出前 %lld 条（一张工作表的行数上限），其余未导出；请缩小筛选范围后分批导出。",
			 (long long)rows);
		if (total > rows)
			snprintf(note, sizeof(note), "仅导出前 %lld 条（共 %lld 条，超出一张工作表的行数上限）；请缩小筛选范围后分批导出。",
				 (long long)rows, (long long)total);
		worksheet_write_string(ws, (lxw_row_t)(rows + 4), 0, note, f.bold);
	}
	if (mz_xlsx_finish_fd(wb, path, &fd, &len, &req->err))
		goto fail;
	detail = json_pack("{s:s,s:o,s:I,s:I}", "list", d->name, "filters", filters, "rows",
			   (json_int_t)rows, "total", (json_int_t)total);
	filters = NULL;
	if (audit_append(req->db, req->who, AUDIT_READ, "list.export", "list", d->name,
			 req->who ? req->who->scope_code : "", "", detail, &req->err)) {
		json_decref(detail);
		close(fd);
		goto fail;
	}
	json_decref(detail);
	mz_buf_release(&desc);
	policy_set_unref(rules);
	progress(req, token, rows, total >= 0 ? total : rows, "done");
	snprintf(fname, sizeof(fname), "attachment; filename=\"%s.xlsx\"", d->name);
	http_add_header(res, "Content-Disposition", fname);
	return http_raw_fd(res, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			   fd, len);
fail:
	progress(req, token, rows, total, "failed");
	policy_set_unref(rules);
	json_decref(filters);
	mz_buf_release(&desc);
	return -1;
}
