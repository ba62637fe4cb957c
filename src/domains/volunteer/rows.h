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

#endif
