/* query.c - the one-call statement helpers (query.h), built on store.h only. */
#include "store/query.h"

#include <stdio.h>
#include <string.h>

store_arg store_arg_i64(int64_t v)
{
	return (store_arg){ .kind = STORE_ARG_I64, .i = v };
}

store_arg store_arg_text(const char *s)
{
	return (store_arg){ .kind = s ? STORE_ARG_TEXT : STORE_ARG_NULL, .s = s };
}

store_arg store_arg_textn(const char *s, size_t n)
{
	return (store_arg){ .kind = s ? STORE_ARG_TEXTN : STORE_ARG_NULL, .s = s, .n = n };
}

store_arg store_arg_null(void)
{
	return (store_arg){ .kind = STORE_ARG_NULL };
}

store_arg store_arg_nullptr(const void *p)
{
	/* Only a literal NULL reaches here with a void pointer; a non-NULL
	 * void pointer has no SQL meaning, so it binds NULL as well. */
	(void)p;
	return store_arg_null();
}

store_arg store_arg_day(mz_day d)
{
	return (store_arg){ .kind = d == MZ_DAY_INVALID ? STORE_ARG_NULL : STORE_ARG_DAY, .i = d };
}

store_arg store_arg_id_or_null(int64_t id)
{
	return id ? store_arg_i64(id) : store_arg_null();
}

store_arg store_arg_range(const char *lo, const char *hi)
{
	return (store_arg){ .kind = STORE_ARG_RANGE, .s = lo, .s2 = hi };
}

store_arg store_arg_same(store_arg a)
{
	return a;
}

store_out store_out_i64(int64_t *p)
{
	return (store_out){ .i64 = p };
}

store_out store_out_int(int *p)
{
	return (store_out){ .i32 = p };
}

store_out store_out_text(char *buf, size_t cap)
{
	return (store_out){ .text = buf, .cap = cap };
}

store_out store_out_same(store_out o)
{
	return o;
}

int store_bind_args(store_stmt *st, int first, const store_arg *args, int n)
{
	int idx = first;

	for (int k = 0; k < n; k++) {
		const store_arg *a = &args[k];
		char day[11];

		switch (a->kind) {
		case STORE_ARG_I64:
			store_bind_i64(st, idx++, a->i);
			break;
		case STORE_ARG_TEXT:
			store_bind_text(st, idx++, a->s);
			break;
		case STORE_ARG_TEXTN:
			store_bind_textn(st, idx++, a->s, a->n);
			break;
		case STORE_ARG_DAY:
			mz_day_format((mz_day)a->i, day);
			store_bind_text(st, idx++, day);
			break;
		case STORE_ARG_RANGE:
			store_bind_text(st, idx++, a->s);
			store_bind_text(st, idx++, a->s2);
			break;
		case STORE_ARG_NULL:
		default:
			store_bind_null(st, idx++);
			break;
		}
	}
	return idx;
}

int64_t store_run_args(store_conn *c, const char *sql, const store_arg *args, int n, mz_err *e)
{
	store_stmt *st = store_prepare(c, sql, e);
	int64_t changed;
	int rc;

	if (!st)
		return -1;
	store_bind_args(st, 1, args, n);
	/* A RETURNING clause yields rows; step through them so the statement
	 * has finished (and counted its changes) on both engines. */
	while ((rc = store_step(st, e)) == 1)
		;
	changed = rc < 0 ? -1 : store_changes(st);
	store_done(st);
	return changed;
}

int64_t store_insert_id_args(store_conn *c, const char *sql, const store_arg *args, int n,
			     mz_err *e)
{
	store_stmt *st = store_prepare(c, sql, e);
	int64_t id = 0;
	int rc;

	if (!st)
		return -1;
	store_bind_args(st, 1, args, n);
	rc = store_step(st, e);
	if (rc == 1)
		id = store_col_i64(st, 0);
	store_done(st);
	return rc < 0 ? -1 : id;
}

static void out_set(const store_out *o, store_stmt *st, int col)
{
	int null = store_col_is_null(st, col);

	if (o->is_null)
		*o->is_null = null;
	if (o->i64)
		*o->i64 = null ? 0 : store_col_i64(st, col);
	if (o->i32)
		*o->i32 = null ? 0 : (int)store_col_i64(st, col);
	if (o->text && o->cap) {
		const char *t = store_col_text(st, col);

		snprintf(o->text, o->cap, "%s", t ? t : "");
	}
}

int store_row_args(store_conn *c, const char *sql, const store_out *outs, int nouts,
		   const store_arg *args, int n, mz_err *e)
{
	store_stmt *st = store_prepare(c, sql, e);
	int rc;

	if (!st)
		return -1;
	store_bind_args(st, 1, args, n);
	rc = store_step(st, e);
	if (rc == 1) {
		int ncol = store_col_count(st);

		for (int k = 0; k < nouts && k < ncol; k++)
			out_set(&outs[k], st, k);
	}
	store_done(st);
	return rc;
}
