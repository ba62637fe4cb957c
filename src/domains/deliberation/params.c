/* params.c - the deliberation halls' dated parameters (dl_params): the
 * quorum share and the escalation steps. A change of rule is a new dated
 * row, never code. */
#include "access/audit.h"
#include "domains/deliberation/deliberation.h"

int dl_param(store_conn *c, const char *name, mz_day day, int64_t *out, mz_err *e)
{
	char d[11];
	int r;

	mz_day_format(day, d);
	r = store_row(c, e, "SELECT value FROM dl_params WHERE name = ? AND valid_from <= ?"
			    " ORDER BY valid_from DESC LIMIT 1", STORE_INTO(out), name, d);
	if (r == 0)
		return mz_failf(e, MZ_EINTERNAL, "", "no value of parameter %s in force",
				"参数 %s 无有效取值", name);
	return r < 0 ? -1 : 0;
}

json_t *dl_params_list(store_conn *c, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT name, valid_from, value, source FROM dl_params"
				       " ORDER BY name, valid_from", e);
	json_t *items = json_array();
	int r;

	if (!st)
		return json_decref(items), NULL;
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, json_pack("{s:s,s:s,s:I,s:s}", "name", store_col_text(st, 0),
						       "valid_from", store_col_text(st, 1), "value",
						       (json_int_t)store_col_i64(st, 2), "source",
						       store_col_text(st, 3)));
	store_done(st);
	if (r < 0)
		return json_decref(items), NULL;
	return json_pack("{s:o}", "items", items);
}
