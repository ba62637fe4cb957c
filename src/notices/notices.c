/* notices.c - writing notices for one account or for everyone of some roles
 * whose scope covers a division, and the account's own reads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "access/user.h"
#include "base/buf.h"
#include "notices/notices_internal.h"

int notices_add_tx(store_conn *c, int64_t user_id, const notice_new *n, int *added, mz_err *e)
{
	int64_t id;

	if (added)
		*added = 0;
	/* The dedup key makes every writer idempotent: a delivery retried, a
	 * reminder job run twice the same day, meet the unique index. */
	id = store_insert_id(c, e, "INSERT INTO notices (user_id, kind, params, link, division_code,"
				   " dedup_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
				   " ON CONFLICT (user_id, dedup_key) DO NOTHING RETURNING id",
			     user_id, n->kind, n->params_json ? n->params_json : "{}",
			     n->link ? n->link : "", n->division ? n->division : "", n->dedup_key,
			     mz_now_unix());
	if (id < 0)
		return -1;
	if (added)
		*added = id > 0;
	return 0;
}

/* 1 when u is an enabled account of one of roles whose scope covers
 * division (and is not `except`). */
static int in_audience(const access_user *u, unsigned roles, const char *except,
		       const char *division)
{
	char prefix[16];

	if (u->disabled || !(access_role_parse(u->role) & roles))
		return 0;
	if (except && !strcmp(u->login, except))
		return 0;
	access_scope_prefix(u->scope_code, prefix);
	return !strncmp(division, prefix, strlen(prefix));
}

int notices_users_load(store_conn *c, access_users *users, mz_err *e)
{
	access_ctx sys;

	/* The staff accounts are a few thousand at most: read them all (the
	 * users table is access's) and choose here. */
	access_users_init(users);
	access_ctx_system(&sys, "notices");
	if (access_user_list(c, &sys, users, e)) {
		access_users_release(users);
		return -1;
	}
	return 0;
}

int notices_to_users_tx(store_conn *c, const access_users *users, unsigned roles,
			const char *except, const notice_new *n, int *added, mz_err *e)
{
	int total = 0, one;

	if (added)
		*added = 0;
	for (size_t i = 0; i < users->n; i++) {
		if (!in_audience(&users->items[i], roles, except, n->division ? n->division : ""))
			continue;
		if (notices_add_tx(c, users->items[i].id, n, &one, e))
			return -1;
		total += one;
	}
	if (added)
		*added = total;
	return 0;
}

int notices_to_scope_tx(store_conn *c, unsigned roles, const char *except, const notice_new *n,
			int *added, mz_err *e)
{
	access_users users;
	int rc;

	if (added)
		*added = 0;
	if (notices_users_load(c, &users, e))
		return -1;
	rc = notices_to_users_tx(c, &users, roles, except, n, added, e);
	access_users_release(&users);
	return rc;
}

/* ---- the account's own ---- */

/* Every read is the caller's own rows (user_id) that its scope still
 * covers; a notice without a division is the account's whatever its
 * scope. */
#define OWN_SQL " user_id = ? AND (division_code = '' OR " ACCESS_SCOPE_SQL("division_code") ")"

int notices_unread(store_conn *c, const access_ctx *who, int64_t *n, mz_err *e)
{
	*n = 0;
	return store_row(c, e, "SELECT COUNT(*) FROM notices WHERE" OWN_SQL " AND read_at IS NULL",
			 STORE_INTO(n), who->user_id, access_scope_arg(who)) < 0
		       ? -1
		       : 0;
}

int notices_list(store_conn *c, const access_ctx *who, const char *kind, int unread_only,
		 int64_t page, int64_t page_size, notice_page *out, mz_err *e)
{
	const char *k = kind ? kind : "";
	store_stmt *st;
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (page < 1)
		page = 1;
	if (page_size < 1)
		page_size = 20;
	if (notices_unread(c, who, &out->unread, e))
		return -1;
	if (store_row(c, e, "SELECT COUNT(*) FROM notices WHERE" OWN_SQL
			    " AND (? = '' OR kind = ?) AND (? = 0 OR read_at IS NULL)",
		      STORE_INTO(&out->total), who->user_id, access_scope_arg(who), k, k,
		      (int64_t)unread_only) < 0)
		return -1;
	/* Unread first, then the newest. */
	st = store_prepare(c, "SELECT id, kind, params, link, division_code, created_at, read_at"
			      " FROM notices WHERE" OWN_SQL " AND (? = '' OR kind = ?)"
			      " AND (? = 0 OR read_at IS NULL)"
			      " ORDER BY CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, id DESC"
			      " LIMIT ? OFFSET ?", e);
	if (!st)
		return -1;
	store_params(st, who->user_id, access_scope_arg(who), k, k, (int64_t)unread_only, page_size,
		     (page - 1) * page_size);
	while ((rc = store_step(st, e)) == 1) {
		notice_row *r;

		if (out->n == cap) {
			cap = cap ? 2 * cap : 32;
			out->items = mz_xrealloc(out->items, cap * sizeof(*out->items));
		}
		r = &out->items[out->n++];
		memset(r, 0, sizeof(*r));
		r->id = store_col_i64(st, 0);
		snprintf(r->kind, sizeof(r->kind), "%s", store_col_text(st, 1));
		r->params = mz_strdup(store_col_text(st, 2));
		snprintf(r->link, sizeof(r->link), "%s", store_col_text(st, 3));
		snprintf(r->division, sizeof(r->division), "%s", store_col_text(st, 4));
		r->created_at = store_col_i64(st, 5);
		r->read_at = store_col_is_null(st, 6) ? 0 : store_col_i64(st, 6);
	}
	store_done(st);
	if (rc < 0) {
		notice_page_release(out);
		return -1;
	}
	return 0;
}

void notice_page_release(notice_page *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->items[i].params);
	free(p->items);
	memset(p, 0, sizeof(*p));
}

/* Marking read is a write: audited, in one transaction with the change. */
static int mark_tx_end(store_conn *c, const access_ctx *who, int64_t id, int64_t n, mz_err *e)
{
	char detail[48];

	snprintf(detail, sizeof(detail), "{\"marked\":%lld}", (long long)n);
	if (n < 0 || audit_append(c, who, AUDIT_WRITE, id ? "notice.read" : "notice.read_all",
				  "notice", id, "", "", detail, e) ||
	    store_commit(c, e)) {
		store_rollback(c);
		return -1;
	}
	return 0;
}

int notices_mark_read(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	int64_t found = 0;

	if (store_begin(c, e))
		return -1;
	if (store_row(c, e, "SELECT id FROM notices WHERE id = ? AND" OWN_SQL, STORE_INTO(&found), id,
		      who->user_id, access_scope_arg(who)) < 0) {
		store_rollback(c);
		return -1;
	}
	if (!found) {
		store_rollback(c);
		return mz_fail(e, MZ_ENOTFOUND, "id", "no such notice", "没有该通知");
	}
	/* Already read: unchanged (the record says 0 marked). */
	return mark_tx_end(c, who, id,
			   store_run(c, e, "UPDATE notices SET read_at = ? WHERE id = ? AND user_id = ?"
					   " AND read_at IS NULL",
				     mz_now_unix(), id, who->user_id),
			   e);
}

int notices_mark_all_read(store_conn *c, const access_ctx *who, int64_t *n, mz_err *e)
{
	*n = 0;
	if (store_begin(c, e))
		return -1;
	*n = store_run(c, e, "UPDATE notices SET read_at = ? WHERE" OWN_SQL " AND read_at IS NULL",
		       mz_now_unix(), who->user_id, access_scope_arg(who));
	if (mark_tx_end(c, who, 0, *n, e)) {
		*n = 0;
		return -1;
	}
	return 0;
}
