/* order.c - ORDER BY from a whitelist (order.h). */
#include "store/order.h"

#include <string.h>

int store_order_by(mz_buf *sql, const store_order *map, const char *sort, const char *dflt,
		   const char *tiebreak, mz_err *e)
{
	const char *field, *dir;
	mz_buf names;

	if (!sort || !*sort) {
		mz_buf_printf(sql, " ORDER BY %s", dflt);
		return 0;
	}
	field = sort + (*sort == '-');
	dir = *sort == '-' ? "DESC" : "ASC";
	for (const store_order *o = map; o->field; o++) {
		if (strcmp(o->field, field))
			continue;
		/* NULLS LAST: SQLite puts NULL first ascending, PostgreSQL
		 * last; one rule for both keeps the pages the same. */
		mz_buf_printf(sql, " ORDER BY %s %s NULLS LAST", o->sql, dir);
		if (tiebreak && strcmp(tiebreak, o->sql))
			mz_buf_printf(sql, ", %s %s", tiebreak, dir);
		return 0;
	}
	mz_buf_init(&names);
	for (const store_order *o = map; o->field; o++)
		mz_buf_printf(&names, "%s%s", o == map ? "" : ", ", o->field);
	mz_failf(e, MZ_EINVAL, "sort", "unknown sort field '%.64s'; sortable: %s",
		 "不能按“%.64s”排序；可排序的列：%s", field, names.len ? names.data : "");
	mz_buf_release(&names);
	return -1;
}
