/* stats.c - figures per office over a period: counts only, so nothing
 * personal leaves and nothing is audited. */
#include <stdlib.h>
#include <string.h>

#include "domains/marriage/common.h"

int mar_stats(store_conn *c, const access_ctx *who, const char *from, const char *to,
	      mar_office_stats **out, size_t *n, mz_err *e)
{
	/* One row per office in scope. Each table is counted once, grouped by
	 * office, and joined to the offices: on Citus the offices are a
	 * reference table and the registers distributed by id, where a count
	 * correlated on the office is refused (docs/scaling.md, step 5). */
	store_stmt *st = store_prepare(c,
		"SELECT o.code, o.name, COALESCE(m.n, 0), COALESCE(d.registered, 0),"
		" COALESCE(d.applications, 0), COALESCE(d.pending, 0), COALESCE(d.withdrawn, 0),"
		" COALESCE(d.expired, 0), COALESCE(a.n, 0), COALESCE(a.no_shows, 0)"
		" FROM mar_offices o"
		" LEFT JOIN (SELECT office_code, count(*) AS n FROM mar_marriages"
		"   WHERE registered_on >= ? AND registered_on <= ? GROUP BY office_code) m"
		"   ON m.office_code = o.code"
		" LEFT JOIN (SELECT office_code,"
		"   sum(CASE WHEN status = 'registered' AND closed_on >= ? AND closed_on <= ? THEN 1 ELSE 0 END)"
		"     AS registered,"
		"   sum(CASE WHEN applied_on >= ? AND applied_on <= ? THEN 1 ELSE 0 END) AS applications,"
		"   sum(CASE WHEN status = 'applied' THEN 1 ELSE 0 END) AS pending,"
		"   sum(CASE WHEN status = 'withdrawn' AND closed_on >= ? AND closed_on <= ? THEN 1 ELSE 0 END)"
		"     AS withdrawn,"
		"   sum(CASE WHEN status = 'expired' AND closed_on >= ? AND closed_on <= ? THEN 1 ELSE 0 END)"
		"     AS expired"
		"   FROM mar_divorces GROUP BY office_code) d ON d.office_code = o.code"
		" LEFT JOIN (SELECT office_code, count(*) AS n,"
		"   sum(CASE WHEN status = 'no_show' THEN 1 ELSE 0 END) AS no_shows"
		"   FROM mar_appointments WHERE day >= ? AND day <= ? GROUP BY office_code) a"
		"   ON a.office_code = o.code"
		" WHERE " ACCESS_SCOPE_SQL("o.code") " ORDER BY o.code", e);
	size_t cap = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	store_params(st, from, to, from, to, from, to, from, to, from, to, from, to,
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
