/* rows.c - query rows into JSON for the views: each column is named with
 * its type, "i:id" for an integer, "s:name" for text. */
#include <string.h>

#include "base/buf.h"
#include "domains/volunteer/rows.h"

json_t *vol_rows(store_conn *c, const char *sql, const char *const *cols, const store_arg *args,
		 int nargs, mz_err *e)
{
	store_stmt *st = store_prepare(c, sql, e);
	json_t *out;
	int r;

	if (!st)
		return NULL;
	store_bind_args(st, 1, args, nargs);
	out = json_array();
	while ((r = store_step(st, e)) == 1) {
		json_t *o = json_object();

		for (int i = 0; cols[i]; i++) {
			const char *name = cols[i] + 2;

			if (cols[i][0] == 'i')
				json_object_set_new(o, name, json_integer(store_col_i64(st, i)));
			else if (cols[i][0] == 'b')
				json_object_set_new(o, name, json_boolean(store_col_i64(st, i)));
			else
				json_object_set_new(o, name, json_string(store_col_is_null(st, i) ? ""
										 : store_col_text(st, i)));
		}
		json_array_append_new(out, o);
	}
	store_done(st);
	if (r < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *vol_page(json_t *items, int64_t total, int64_t page, int64_t page_size)
{
	if (!items)
		return NULL;
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page, "page_size", (json_int_t)page_size);
}

/* Volunteers named per statement; the list is padded to one of three
 * lengths (the spare places repeat the last id) so that a connection
 * prepares at most three forms of it. */
#define NAME_BATCH 64

int vol_name_volunteers(store_conn *c, json_t *items, const char *id_key, const char *name_key,
			mz_err *e)
{
	size_t n = json_array_size(items);
	mz_buf sql;
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		json_object_set_new(json_array_get(items, i), name_key, json_string(""));
	mz_buf_init(&sql);
	for (size_t at = 0; at < n && !rc; at += NAME_BATCH) {
		size_t k = n - at < NAME_BATCH ? n - at : NAME_BATCH;
		size_t kb = k <= 1 ? 1 : k <= 16 ? 16 : NAME_BATCH;
		store_stmt *st;
		int r;

		mz_buf_reset(&sql);
		mz_buf_puts(&sql, "SELECT id, name FROM vol_volunteers WHERE id IN (?");
		for (size_t i = 1; i < kb; i++)
			mz_buf_puts(&sql, ", ?");
		mz_buf_puts(&sql, ")");
		if (!(st = store_prepare(c, sql.data, e))) {
			rc = -1;
			break;
		}
		for (size_t i = 0; i < kb; i++)
			store_bind_i64(st, (int)i + 1,
				       json_integer_value(json_object_get(
					       json_array_get(items, at + (i < k ? i : k - 1)), id_key)));
		while ((r = store_step(st, e)) == 1) {
			int64_t id = store_col_i64(st, 0);
			const char *name = store_col_text(st, 1);

			/* A volunteer may be named by more than one item. */
			for (size_t i = at; i < at + k; i++) {
				json_t *it = json_array_get(items, i);

				if (json_integer_value(json_object_get(it, id_key)) == id)
					json_object_set_new(it, name_key, json_string(name ? name : ""));
			}
		}
		store_done(st);
		if (r < 0)
			rc = -1;
	}
	mz_buf_release(&sql);
	return rc;
}
