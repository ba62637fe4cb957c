/* changes.c - the registry's change trace (registry.h, "the change trace"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "registry/registry.h"

/* The advisory lock key writers share and a snapshot reader takes alone. */
#define CHANGES_LOCK "7261629"

int registry_change_note(store_conn *c, const char *entity, int64_t lo, int64_t hi, mz_err *e)
{
	/* Held to the end of the writer's transaction: a reader starting its
	 * snapshot waits until this sequence is committed (or rolled back). */
	if (store_conn_engine(c) == STORE_POSTGRES &&
	    store_exec(c, "SELECT pg_advisory_xact_lock_shared(" CHANGES_LOCK ")", e))
		return -1;
	return store_run(c, e, "INSERT INTO registry_changes (entity, lo, hi, changed_at)"
			       " VALUES (?, ?, ?, ?)", entity, lo, hi, mz_now_unix()) < 0 ? -1 : 0;
}

static int read_change(store_stmt *st, registry_trace *out)
{
	out->seq = store_col_i64(st, 0);
	snprintf(out->entity, sizeof(out->entity), "%s", store_col_text(st, 1));
	out->lo = store_col_i64(st, 2);
	out->hi = store_col_i64(st, 3);
	out->changed_at = store_col_i64(st, 4);
	return 0;
}

int registry_change_get(store_conn *c, int64_t seq, registry_trace *out, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT seq, entity, lo, hi, changed_at"
					  " FROM registry_changes WHERE seq = ?", e);
	int r;

	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	store_params(st, seq);
	r = store_step(st, e);
	if (r == 1)
		read_change(st, out);
	store_done(st);
	return r;
}

int registry_changes_begin_read(store_conn *c, registry_trace *last, mz_err *e)
{
	int pg = store_conn_engine(c) == STORE_POSTGRES, r;
	int64_t seq = 0;
	mz_err ignore = { 0 };

	memset(last, 0, sizeof(*last));
	/* SQLite has one writer at a time and a sequence is drawn inside the
	 * write lock: the latest visible change has every earlier one. */
	if (pg && store_exec(c, "SELECT pg_advisory_lock(" CHANGES_LOCK ")", e))
		return -1;
	if (store_begin_read(c, e))
		goto fail;
	/* The first statement fixes the snapshot (REPEATABLE READ). */
	if (store_query_i64(c, "SELECT COALESCE(MAX(seq), 0) FROM registry_changes", &seq, e))
		goto fail_tx;
	if (pg && store_exec(c, "SELECT pg_advisory_unlock(" CHANGES_LOCK ")", e))
		goto fail_tx;
	pg = 0;
	if (seq) {
		r = registry_change_get(c, seq, last, e);
		if (r < 0)
			goto fail_tx;
	}
	return 0;
fail_tx:
	store_rollback(c);
fail:
	if (pg)
		store_exec(c, "SELECT pg_advisory_unlock(" CHANGES_LOCK ")", &ignore);
	return -1;
}

int registry_changes_since(store_conn *c, int64_t seq, size_t max, registry_trace **out,
			   size_t *n, int *more, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT seq, entity, lo, hi, changed_at"
					  " FROM registry_changes WHERE seq > ? ORDER BY seq LIMIT ?", e);
	size_t cap = 0;
	int r;

	*out = NULL;
	*n = 0;
	*more = 0;
	if (!st)
		return -1;
	store_params(st, seq, (int64_t)max + 1);
	while ((r = store_step(st, e)) == 1) {
		if (*n == max) {
			*more = 1;
			break;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = mz_xrealloc(*out, cap * sizeof(**out));
		}
		read_change(st, &(*out)[(*n)++]);
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
