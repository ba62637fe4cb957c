/* store_ids.c - store_next_ids: ids for rows written by the bulk path. */
#include <stdio.h>
#include <string.h>

#include "store/store.h"

int store_next_ids(store_conn *c, const char *table, int64_t n, int64_t *ids, mz_err *e)
{
	char sql[256];
	store_stmt *st;
	int64_t got = 0, max = 0;
	int r;

	if (!*table || strspn(table, "abcdefghijklmnopqrstuvwxyz_0123456789") != strlen(table) ||
	    strlen(table) > 64)
		return mz_failf(e, MZ_EINTERNAL, "", "store_next_ids: bad table name '%.64s'",
				"store_next_ids：表名无效 '%.64s'", table);
	if (n <= 0)
		return 0;
	if (store_conn_engine(c) == STORE_SQLITE) {
		snprintf(sql, sizeof(sql), "SELECT coalesce(max(id), 0) FROM %s", table);
		if (store_query_i64(c, sql, &max, e))
			return -1;
		for (int64_t i = 0; i < n; i++)
			ids[i] = max + 1 + i;
		return 0;
	}
	snprintf(sql, sizeof(sql),
		 "SELECT nextval(pg_get_serial_sequence('%s', 'id')) FROM generate_series(1, ?)",
		 table);
	st = store_prepare(c, sql, e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, n);
	while ((r = store_step(st, e)) == 1 && got < n)
		ids[got++] = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		return -1;
	if (got != n)
		return mz_failf(e, MZ_ESTORE, "", "store_next_ids: %lld of %lld ids from %s",
				"store_next_ids：仅分配 %lld/%lld 个编号（表 %s）", (long long)got,
				(long long)n, table);
	return 0;
}
