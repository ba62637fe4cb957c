/* query.h - statements in one call: bind every parameter at once, run a
 * write, read one row, insert and get the new id.
 *
 * Included by store.h; built only on its public functions, so it behaves
 * identically on SQLite and PostgreSQL (and under any fault injected below
 * store_step).
 *
 * Parameters are listed as plain C values and typed by _Generic at compile
 * time: an integer of any width binds as BIGINT, a char pointer (or char
 * array) as text, NULL as SQL NULL, and a store_arg as itself. The explicit
 * store_arg constructors cover what a C type cannot say: a day number
 * (mz_day is an int32_t), an id where 0 means NULL, text with a length, a
 * pair of placeholders (the division-scope range, access.h). Anything else
 * (a struct, an unsigned char pointer) fails to compile rather than binding
 * garbage:
 *
 *	n = store_run(c, e, "UPDATE t SET name = ?, updated_at = ? WHERE id = ?",
 *		      name, mz_now_unix(), id);
 *	id = store_insert_id(c, e, "INSERT INTO t (a, b) VALUES (?, ?) RETURNING id", a, b);
 *	rc = store_row(c, e, "SELECT kind, amount FROM t WHERE id = ?",
 *		       STORE_INTO(STORE_TEXT(kind), &amount), id);
 *
 * Each call takes between 1 and 24 parameters; a statement without any is
 * store_exec or store_query_i64 (store.h). Text is copied when bound, so the
 * values need only live for the call. */
#ifndef MZ_STORE_QUERY_H
#define MZ_STORE_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "store/store.h"

typedef enum store_arg_kind {
	STORE_ARG_NULL = 0,
	STORE_ARG_I64,
	STORE_ARG_TEXT,  /* s, NUL-terminated; NULL binds NULL */
	STORE_ARG_TEXTN, /* s, n bytes */
	STORE_ARG_DAY,   /* i as an mz_day, bound as "YYYY-MM-DD"; MZ_DAY_INVALID binds NULL */
	STORE_ARG_RANGE, /* two placeholders: s then s2 (a half-open range lo <= x < hi) */
} store_arg_kind;

/* One parameter value. Pointers are borrowed until the call returns. */
typedef struct store_arg {
	store_arg_kind kind;
	int64_t i;
	const char *s, *s2;
	size_t n;
} store_arg;

store_arg store_arg_i64(int64_t v);
store_arg store_arg_text(const char *s);
store_arg store_arg_textn(const char *s, size_t n);
store_arg store_arg_null(void);
store_arg store_arg_nullptr(const void *p); /* what a bare NULL maps to: binds NULL */
store_arg store_arg_day(mz_day d);
store_arg store_arg_id_or_null(int64_t id); /* 0 binds NULL (an optional reference) */
store_arg store_arg_range(const char *lo, const char *hi);
store_arg store_arg_same(store_arg a);

/* The typed value of one C expression (see the top of this file). */
#define STORE_ARG(x)                                                           \
	_Generic((x),                                                          \
		char *: store_arg_text,                                        \
		const char *: store_arg_text,                                  \
		void *: store_arg_nullptr,                                     \
		store_arg: store_arg_same,                                     \
		default: store_arg_i64)(x)

/* An output column of store_row. Text goes into a caller's buffer of cap
 * bytes (truncated, always terminated); an integer into *i64 or *i32. SQL
 * NULL reads as "" and 0; *is_null (when given) says which it was. */
typedef struct store_out {
	char *text;
	size_t cap;
	int64_t *i64;
	int *i32;
	int *is_null;
} store_out;

store_out store_out_i64(int64_t *p);
store_out store_out_int(int *p);
store_out store_out_text(char *buf, size_t cap);
store_out store_out_same(store_out o);

#define STORE_OUT(x)                                                           \
	_Generic((x),                                                          \
		int64_t *: store_out_i64,                                      \
		int *: store_out_int,                                          \
		store_out: store_out_same)(x)

/* A text output into a char array; refuses (at compile time) a pointer,
 * whose sizeof would silently be 8. */
#define STORE_TEXT(arr)                                                        \
	store_out_text((arr), sizeof(arr) +                                    \
		       0 * sizeof(char[__builtin_types_compatible_p(           \
			       __typeof__(arr), __typeof__(&(arr)[0])) ? -1 : 1]))

/* Binds args[0..n) to st's parameters starting at first (1-based); a range
 * takes two. Returns the index after the last one bound. */
int store_bind_args(store_stmt *st, int first, const store_arg *args, int n);

/* The engines of the macros below (call those). */
int64_t store_run_args(store_conn *c, const char *sql, const store_arg *args, int n, mz_err *e);
int64_t store_insert_id_args(store_conn *c, const char *sql, const store_arg *args, int n,
			     mz_err *e);
int store_row_args(store_conn *c, const char *sql, const store_out *outs, int nouts,
		   const store_arg *args, int n, mz_err *e);

/* Binds every listed value to a prepared statement, from parameter 1
 * (store_params) or from idx (store_params_at, returning the next free
 * index). For statements the caller steps itself (row loops). */
#define store_params(st, ...) ((void)store_bind_args((st), 1, STORE_ARGS_(__VA_ARGS__)))
#define store_params_at(st, idx, ...) store_bind_args((st), (idx), STORE_ARGS_(__VA_ARGS__))

/* Runs a write (or any statement whose rows are not wanted) to completion.
 * Returns the rows it changed (>= 0), or -1 with e filled. */
#define store_run(c, e, sql, ...) store_run_args((c), (sql), STORE_ARGS_(__VA_ARGS__), (e))

/* Runs an INSERT ... RETURNING id (both engines accept RETURNING) and gives
 * the new id (> 0); 0 when no row came back (ON CONFLICT DO NOTHING met a
 * duplicate); -1 with e filled on error. */
#define store_insert_id(c, e, sql, ...)                                        \
	store_insert_id_args((c), (sql), STORE_ARGS_(__VA_ARGS__), (e))

/* Reads the first row of a query into the outputs (STORE_INTO(...): int64_t*,
 * int*, STORE_TEXT(array), store_out_text(buf, cap)); the outputs are left
 * alone when there is none. Returns 1 for a row, 0 for none, -1 on error. */
#define STORE_INTO(...) STORE_OUTS_(__VA_ARGS__)
#define store_row(c, e, sql, into, ...)                                        \
	store_row_args((c), (sql), into, STORE_ARGS_(__VA_ARGS__), (e))

/* ---- argument-list plumbing: maps STORE_ARG over up to 24 values -------- */
#define STORE_NARG_(...) STORE_NARG_N_(__VA_ARGS__, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, \
				       14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define STORE_NARG_N_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, \
		      a16, a17, a18, a19, a20, a21, a22, a23, a24, n, ...) n
#define STORE_CAT_(a, b) STORE_CAT2_(a, b)
#define STORE_CAT2_(a, b) a##b
#define STORE_MAP_(f, ...) STORE_CAT_(STORE_MAP_, STORE_NARG_(__VA_ARGS__))(f, __VA_ARGS__)
#define STORE_MAP_1(f, x) f(x)
#define STORE_MAP_2(f, x, ...) f(x), STORE_MAP_1(f, __VA_ARGS__)
#define STORE_MAP_3(f, x, ...) f(x), STORE_MAP_2(f, __VA_ARGS__)
#define STORE_MAP_4(f, x, ...) f(x), STORE_MAP_3(f, __VA_ARGS__)
#define STORE_MAP_5(f, x, ...) f(x), STORE_MAP_4(f, __VA_ARGS__)
#define STORE_MAP_6(f, x, ...) f(x), STORE_MAP_5(f, __VA_ARGS__)
#define STORE_MAP_7(f, x, ...) f(x), STORE_MAP_6(f, __VA_ARGS__)
#define STORE_MAP_8(f, x, ...) f(x), STORE_MAP_7(f, __VA_ARGS__)
#define STORE_MAP_9(f, x, ...) f(x), STORE_MAP_8(f, __VA_ARGS__)
#define STORE_MAP_10(f, x, ...) f(x), STORE_MAP_9(f, __VA_ARGS__)
#define STORE_MAP_11(f, x, ...) f(x), STORE_MAP_10(f, __VA_ARGS__)
#define STORE_MAP_12(f, x, ...) f(x), STORE_MAP_11(f, __VA_ARGS__)
#define STORE_MAP_13(f, x, ...) f(x), STORE_MAP_12(f, __VA_ARGS__)
#define STORE_MAP_14(f, x, ...) f(x), STORE_MAP_13(f, __VA_ARGS__)
#define STORE_MAP_15(f, x, ...) f(x), STORE_MAP_14(f, __VA_ARGS__)
#define STORE_MAP_16(f, x, ...) f(x), STORE_MAP_15(f, __VA_ARGS__)
#define STORE_MAP_17(f, x, ...) f(x), STORE_MAP_16(f, __VA_ARGS__)
#define STORE_MAP_18(f, x, ...) f(x), STORE_MAP_17(f, __VA_ARGS__)
#define STORE_MAP_19(f, x, ...) f(x), STORE_MAP_18(f, __VA_ARGS__)
#define STORE_MAP_20(f, x, ...) f(x), STORE_MAP_19(f, __VA_ARGS__)
#define STORE_MAP_21(f, x, ...) f(x), STORE_MAP_20(f, __VA_ARGS__)
#define STORE_MAP_22(f, x, ...) f(x), STORE_MAP_21(f, __VA_ARGS__)
#define STORE_MAP_23(f, x, ...) f(x), STORE_MAP_22(f, __VA_ARGS__)
#define STORE_MAP_24(f, x, ...) f(x), STORE_MAP_23(f, __VA_ARGS__)
/* "array, count": the values live in a compound literal of the caller's
 * block, so the call may keep pointers into them until it returns. */
#define STORE_ARGS_(...)                                                       \
	(const store_arg[]){ STORE_MAP_(STORE_ARG, __VA_ARGS__) }, STORE_NARG_(__VA_ARGS__)
#define STORE_OUTS_(...)                                                       \
	(const store_out[]){ STORE_MAP_(STORE_OUT, __VA_ARGS__) }, STORE_NARG_(__VA_ARGS__)

#endif
