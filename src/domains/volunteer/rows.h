/* rows.h - the views' row-to-JSON helper (rows.c). */
#ifndef MZ_VOL_ROWS_H
#define MZ_VOL_ROWS_H

#include <jansson.h>

#include "store/query.h"

/* Every row of sql as an object; cols ends with NULL, each "i:name"
 * (integer), "b:name" (boolean) or "s:name" (text), in column order. */
json_t *vol_rows(store_conn *c, const char *sql, const char *const *cols, const store_arg *args,
		 int nargs, mz_err *e);
#define VOL_ROWS(c, e, sql, cols, ...) vol_rows((c), (sql), (cols), STORE_ARGS_(__VA_ARGS__), (e))
/* {items, total, page, page_size}; takes items. */
json_t *vol_page(json_t *items, int64_t total, int64_t page, int64_t page_size);
/* Sets each item's name_key to the name of the volunteer its id_key names,
 * read by id after the page ("" for none): volunteers live on their
 * person's shard on Citus, the rows that name them (offers, sign-ups,
 * pairings) elsewhere, so a join would be refused or repartitioned. */
int vol_name_volunteers(store_conn *c, json_t *items, const char *id_key, const char *name_key,
			mz_err *e);

#endif
