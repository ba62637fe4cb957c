/* order.h - the ORDER BY of a list a user may sort, from a whitelist.
 *
 * A list that can be sorted declares, beside its SQL, the fields a caller
 * may name and the SQL expression each one orders by:
 *
 *	static const store_order call_orders[] = {
 *		{ "received_at", "c.received_at" }, { "id", "c.id" }, { NULL, NULL }
 *	};
 *	if (store_order_by(&sql, call_orders, sort, "c.received_at DESC", "c.id", e))
 *		return NULL;
 *
 * The caller's text is only ever compared with the names: what reaches the
 * SQL is the declared expression, never the input. The HTTP routes declare
 * the same names (http/list_sort.h), so a wrong one is refused before the
 * call; this check is the domain's own guard for every other caller. */
#ifndef MZ_STORE_ORDER_H
#define MZ_STORE_ORDER_H

#include "base/buf.h"
#include "base/err.h"

typedef struct store_order {
	const char *field; /* the public name; NULL ends the array */
	const char *sql;   /* the expression it orders by */
} store_order;

/* Appends " ORDER BY ..." to sql. sort: "field" (ascending), "-field"
 * (descending), or NULL/"" for dflt (an ORDER BY list written by the
 * caller). tiebreak (may be NULL) is appended in the same direction, so
 * pages never overlap when the field has equal values. NULLs come last
 * either way, on both engines. An unknown field is MZ_EINVAL on "sort"
 * naming it and the fields allowed; nothing is appended then. */
int store_order_by(mz_buf *sql, const store_order *map, const char *sort, const char *dflt,
		   const char *tiebreak, mz_err *e);

#endif
