/* params.c - the dated parameters of funerals: the basic-service waiver
 * cap and the eco-burial subsidies. A change is a new dated row; the value
 * in force on a day is the latest one that started by then. */
#include <stdio.h>

#include "base/date.h"
#include "domains/posthumous/posthumous.h"

int ph_param(store_conn *c, const char *name, mz_day day, int64_t *out, mz_err *e)
{
	char d[11];
	int r;

	mz_day_format(day, d);
	r = store_row(c, e, "SELECT value FROM ph_params WHERE name = ? AND valid_from <= ?"
			    " ORDER BY valid_from DESC LIMIT 1", STORE_INTO(out), name, d);
	if (r == 0)
		return mz_failf(e, MZ_EINTERNAL, NULL, "no value of %s in force on %s",
				"参数 %s 在 %s 没有生效值", name, d);
	return r < 0 ? -1 : 0;
}

json_t *ph_params_list(store_conn *c, mz_err *e)
{
	json_t *items = json_array();
	store_stmt *st = store_prepare(c, "SELECT name, valid_from, value, source FROM ph_params"
				       " ORDER BY name, valid_from", e);
	int r;

	if (!st) {
		json_decref(items);
		return NULL;
	}
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, json_pack("{s:s,s:s,s:I,s:s}", "name",
						       store_col_text(st, 0), "valid_from",
						       store_col_text(st, 1), "value",
						       (json_int_t)store_col_i64(st, 2), "source",
						       store_col_text(st, 3)));
	store_done(st);
	if (r < 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o}", "items", items);
}
