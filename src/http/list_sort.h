/* list_sort.h - ?sort= and ?order= on a list route, checked against the
 * sortable columns the route declares beside itself.
 *
 *	static const char *const call_sorts[] = { "received_at", "id", NULL };
 *	static const http_input in_call_list[] = {
 *		HTTP_Q_PAGE(EC_PAGE_MAX),
 *		HTTP_Q_SORT(call_sorts),
 *		...
 *
 * A caller sorts with ?sort=field&order=asc|desc, or ?sort=-field (the
 * older form: descending). A field not declared is refused 400 on "sort",
 * the message naming the field and the ones allowed; order other than asc
 * or desc is refused by the route's inputs. The domain call then gets the
 * one form "field" / "-field" and maps it to SQL through its own whitelist
 * (store/order.h): the input is compared, never pasted into a statement. */
#ifndef MZ_HTTP_LIST_SORT_H
#define MZ_HTTP_LIST_SORT_H

#include "http/http.h"
#include "http/inputs.h"

extern const char *const list_sort_orders[]; /* "asc", "desc" */

/* The sortable column names ride on the declaration's values; the router
 * checks only the length and characters, list_sort() the names. */
#define HTTP_Q_SORT(fields)                                                           \
	{ .name = "sort", .where = HTTP_WHERE_QUERY, .type = HTTP_T_STRING, .max = 65, \
	  .values = (fields) },                                                       \
		HTTP_Q_ENUM("order", list_sort_orders)

/* The request's sort as "field" or "-field", "" when none was asked, or
 * NULL with req->err filled (MZ_EINVAL on "sort") for a field the route
 * does not declare sortable. The text lives until the next call on this
 * thread. */
const char *list_sort(http_request *req);

#endif
