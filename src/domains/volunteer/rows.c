/* rows.c - query rows into JSON for the views: each column is named with
 * its type, "i:id" for an integer, "s:name" for text. */
#include <string.h>

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
