/* stats.c - figures per office over a period: counts only, so nothing
 * personal leaves and nothing is audited. */
#include <stdlib.h>
#include <string.h>

#include "domains/marriage/common.h"

int mar_stats(store_conn *c, const access_ctx *who, const char *from, const char *to,
	      mar_office_stats **out, size_t *n, mz_err *e)
{
	/* One row per office in scope; each figure a subquery on its own index. */
	store_stmt *st = store_prepare(c,
		"SELECT o.code, o.name,"
		" (SELECT count(*) FROM mar_marriages m WHERE m.office_code = o.code"
		"   AND m.registered_on >= ? AND m.registered_on <= ?),"
		" (SELECT count(*) FROM mar_divorces d WHERE d.office_code = o.code AND d.status = 'registered'"
		"   AND d.closed_on >= ? AND d.closed_on <= ?),"
		" (SELECT count(*) FROM mar_divorces d WHERE d.office_code = o.code"
		"   AND d.applied_on >= ? AND d.applied_on <= ?),"
		" (SELECT count(*) FROM mar_divorces d WHERE d.office_code = o.code AND d.status = 'applied'),"
		" (SELECT count(*) FROM mar_divorces d WHERE d.office_code = o.code AND d.status = 'withdrawn'"
		"   AND d.closed_on >= ? AND d.closed_on <= ?),"
		" (SELECT count(*) FROM mar_divorces d WHERE d.office_code = o.code AND d.status = 'expired'"
		"   AND d.closed_on >= ? AND d.closed_on <= ?),"
		" (SELECT count(*) FROM mar_appointments a WHERE a.office_code = o.code"
		"   AND a.day >= ? AND a.day <= ?),"
		" (SELECT count(*) FROM mar_appointments a WHERE a.office_code = o.code AND a.status = 'no_show'"
		"   AND a.day >= ? AND a.day <= ?)"
		" FROM mar_offices o WHERE " ACCESS_SCOPE_SQL("o.code") " ORDER BY o.code", e);
	size_t cap = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	store_params(st, from, to, from, to, from, to, from, to, from, to, from, to, from, to,
		     access_scope_arg(who));
	while ((r = store_step(st, e)) == 1) {
		mar_office_stats *s;

		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = mz_xrealloc(*out, cap * sizeof(**out));
		}
		s = &(*out)[(*n)++];
		memset(s, 0, sizeof(*s));
		mz_strlcpy(s->office_code, store_col_text(st, 0), sizeof(s->office_code));
		mz_strlcpy(s->office_name, store_col_text(st, 1), sizeof(s->office_name));
		s->marriages = store_col_i64(st, 2);
		s->divorces = store_col_i64(st, 3);
		s->applications = store_col_i64(st, 4);
		s->pending = store_col_i64(st, 5);
		s->withdrawn = store_col_i64(st, 6);
		s->expired = store_col_i64(st, 7);
		s->appointments = store_col_i64(st, 8);
		s->no_shows = store_col_i64(st, 9);
	}
	store_done(st);
	if (r < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
