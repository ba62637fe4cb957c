/* division.c - the division tree, seen through the caller's scope. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/registry_internal.h"

void registry_division_list_init(registry_division_list *l)
{
	memset(l, 0, sizeof(*l));
}

void registry_division_list_release(registry_division_list *l)
{
	if (!l)
		return;
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static void division_fill(store_stmt *st, registry_division *d)
{
	mz_strlcpy(d->code, store_col_text(st, 0), sizeof(d->code));
	mz_strlcpy(d->name, store_col_text(st, 1), sizeof(d->name));
	d->level = (int)store_col_i64(st, 2);
	mz_strlcpy(d->parent, store_col_is_null(st, 3) ? "" : store_col_text(st, 3),
		   sizeof(d->parent));
	d->historical = (int)store_col_i64(st, 4);
	d->has_children = (int)store_col_i64(st, 5);
}

#define DIVISION_COLS                                                         \
	"d.code, d.name, d.level, d.parent, d.historical,"                    \
	" (SELECT count(*) FROM divisions k WHERE k.parent = d.code) > 0"

int registry_division_children(store_conn *c, const access_ctx *who, const char *parent,
			       registry_division_list *out, mz_err *e)
{
	store_stmt *st;
	int r;

	if (parent && *parent && !access_in_scope(who, parent))
		return mz_failf(e, MZ_ENOTFOUND, "parent", "no division '%s'",
				"区划 '%s' 不存在", parent);
	if (parent && *parent) {
		st = store_prepare(c, "SELECT " DIVISION_COLS " FROM divisions d"
				      " WHERE d.parent = ? AND d.historical = 0 ORDER BY d.code", e);
		if (!st)
			return -1;
		store_bind_text(st, 1, parent);
	} else {
		st = store_prepare(c, "SELECT " DIVISION_COLS " FROM divisions d WHERE d.code = ?", e);
		if (!st)
			return -1;
		store_bind_text(st, 1, who->scope_code);
	}
	while ((r = store_step(st, e)) == 1)
		division_fill(st, REGISTRY_LIST_PUSH(out));
	store_done(st);
	return r < 0 ? -1 : 0;
}

int registry_division_get(store_conn *c, const access_ctx *who, const char *code,
			  registry_division *out, mz_err *e)
{
	store_stmt *st;
	int r;

	if (!code || !access_in_scope(who, code))
		return mz_failf(e, MZ_ENOTFOUND, "code", "no division '%s'", "区划 '%s' 不存在",
				code ? code : "");
	st = store_prepare(c, "SELECT " DIVISION_COLS " FROM divisions d WHERE d.code = ?", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, code);
	r = store_step(st, e);
	if (r == 1)
		division_fill(st, out);
	store_done(st);
	if (r == 0)
		return mz_failf(e, MZ_ENOTFOUND, "code", "no division '%s'", "区划 '%s' 不存在",
				code);
	return r < 0 ? -1 : 0;
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

int registry_division_lookup(store_conn *c, const char *code, char *name, size_t cap,
			     mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT historical, name FROM divisions WHERE code = ?",
				       e);
	int r;

	if (name && cap)
		name[0] = 0;
	if (!st)
		return -1;
	store_bind_text(st, 1, code ? code : "");
	r = store_step(st, e);
	if (r == 1) {
		if (name && cap)
			mz_strlcpy(name, store_col_text(st, 1), cap);
		r = store_col_i64(st, 0) ? 0 : 1;
	}
	store_done(st);
	return r;
}

/* [lo, hi) within who's scope, or "not found" as any out-of-scope read is. */
int registry_range_check(const access_ctx *who, const char *lo, const char *hi, mz_err *e)
{
	if (!lo || !hi || strcmp(lo, who->scope_lo) < 0 || strcmp(hi, who->scope_hi) > 0 ||
	    strcmp(lo, hi) > 0)
		return mz_fail(e, MZ_ENOTFOUND, "division", "division outside your scope",
			       "所选区划不在您的权限范围内");
	return 0;
}

int registry_communities_located(store_conn *c, const access_ctx *who, const char *lo,
				 const char *hi, registry_division_list *out, mz_err *e)
{
	store_stmt *st;
	int r;

	if (registry_range_check(who, lo, hi, e))
		return -1;
	st = store_prepare(c, "SELECT code, name, lat_e6, lon_e6 FROM divisions WHERE level = 4"
			      " AND historical = 0 AND lat_e6 IS NOT NULL AND code >= ? AND code < ?"
			      " ORDER BY code", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, lo);
	store_bind_text(st, 2, hi);
	while ((r = store_step(st, e)) == 1) {
		registry_division *d = REGISTRY_LIST_PUSH(out);

		mz_strlcpy(d->code, store_col_text(st, 0), sizeof(d->code));
		mz_strlcpy(d->name, store_col_text(st, 1), sizeof(d->name));
		d->level = 4;
		d->has_location = 1;
		d->lat_e6 = (int)store_col_i64(st, 2);
		d->lon_e6 = (int)store_col_i64(st, 3);
	}
	store_done(st);
	return r < 0 ? -1 : 0;
}
