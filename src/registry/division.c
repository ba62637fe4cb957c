/* division.c - the division tree, seen through the caller's scope. */
#include <stdio.h>
#include <string.h>

#include "registry/registry.h"

static json_t *division_row(store_stmt *st)
{
	return json_pack("{s:s,s:s,s:I,s:s?,s:b,s:b}", "code", store_col_text(st, 0),
			 "name", store_col_text(st, 1), "level",
			 (json_int_t)store_col_i64(st, 2), "parent", store_col_text(st, 3),
			 "historical", (int)store_col_i64(st, 4), "has_children",
			 (int)store_col_i64(st, 5));
}

#define DIVISION_COLS                                                         \
	"d.code, d.name, d.level, d.parent, d.historical,"                    \
	" (SELECT count(*) FROM divisions k WHERE k.parent = d.code) > 0"

json_t *registry_division_children(store_conn *c, const access_ctx *who,
				   const char *parent, mz_err *e)
{
	store_stmt *st;
	json_t *items;
	int r;

	if (parent && *parent && !access_in_scope(who, parent))
		return mz_failf(e, MZ_ENOTFOUND, "parent", "no division '%s'",
				"区划 '%s' 不存在", parent), NULL;
	if (parent && *parent) {
		st = store_prepare(c, "SELECT " DIVISION_COLS " FROM divisions d"
				      " WHERE d.parent = ? AND d.historical = 0 ORDER BY d.code", e);
		if (!st)
			return NULL;
		store_bind_text(st, 1, parent);
	} else {
		st = store_prepare(c, "SELECT " DIVISION_COLS " FROM divisions d WHERE d.code = ?", e);
		if (!st)
			return NULL;
		store_bind_text(st, 1, who->scope_code);
	}
	items = json_array();
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, division_row(st));
	store_done(st);
	if (r < 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o}", "items", items);
}

json_t *registry_division_get(store_conn *c, const access_ctx *who, const char *code,
			      mz_err *e)
{
	store_stmt *st;
	json_t *out = NULL;
	int r;

	if (!code || !access_in_scope(who, code))
		return mz_failf(e, MZ_ENOTFOUND, "code", "no division '%s'", "区划 '%s' 不存在",
				code ? code : ""), NULL;
	st = store_prepare(c, "SELECT " DIVISION_COLS " FROM divisions d WHERE d.code = ?", e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, code);
	r = store_step(st, e);
	if (r == 1)
		out = division_row(st);
	store_done(st);
	if (r == 0)
		mz_failf(e, MZ_ENOTFOUND, "code", "no division '%s'", "区划 '%s' 不存在", code);
	return out;
}

void registry_division_name(store_conn *c, const char *code, char *out, size_t cap)
{
	store_stmt *st = store_prepare(c, "SELECT name FROM divisions WHERE code = ?", NULL);

	snprintf(out, cap, "%s", "");
	if (!st)
		return;
	store_bind_text(st, 1, code ? code : "");
	if (store_step(st, NULL) == 1)
		snprintf(out, cap, "%s", store_col_text(st, 0));
	store_done(st);
}
