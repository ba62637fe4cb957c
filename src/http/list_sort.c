/* list_sort.c - the sort a list route was asked for (list_sort.h). */
#include "http/list_sort.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"

const char *const list_sort_orders[] = { "asc", "desc", NULL };

const char *list_sort(http_request *req)
{
	static _Thread_local char out[72];
	const http_input *in = http_input_find(req->inputs, "sort");
	const char *sort = http_query(req, "sort"), *order = http_query(req, "order");
	const char *field;
	int desc;
	mz_buf names;

	if (!sort || !*sort)
		return "";
	field = sort + (*sort == '-');
	desc = *sort == '-';
	if (order && *order)
		desc = !strcmp(order, "desc");
	for (const char *const *f = in ? in->values : NULL; f && *f; f++)
		if (!strcmp(*f, field)) {
			snprintf(out, sizeof(out), "%s%s", desc ? "-" : "", field);
			return out;
		}
	mz_buf_init(&names);
	for (const char *const *f = in ? in->values : NULL; f && *f; f++)
		mz_buf_printf(&names, "%s%s", names.len ? ", " : "", *f);
	mz_failf(&req->err, MZ_EINVAL, "sort", "unknown sort field '%.64s'; sortable: %s",
		 "不能按“%.64s”排序；可排序的列：%s", field, names.len ? names.data : "(none)");
	mz_buf_release(&names);
	return NULL;
}
