#include "access/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "access/audit_chain.h"
#include "access/audit_key.h"
#include "access/audit_store.h"
#include "store/order.h"
#include "store/group_commit.h"

#define GROUP_MAX 1024

void audit_entry_init(audit_entry *a, const access_ctx *who, const char *action,
		      const char *entity, const char *entity_id,
		      const char *division_code, const char *reason)
{
	a->user_id = who ? who->user_id : 0;
	a->login = who ? who->login : "anonymous";
	a->action = action;
	a->entity = entity ? entity : "";
	a->entity_id = entity_id ? entity_id : "";
	a->division_code = division_code ? division_code : "";
	a->reason = reason ? reason : "";
	a->detail = "{}";
	a->at_ms = 0;
}

int audit_append_tx(store_conn *c, const audit_entry *ents, int n, mz_err *e)
{
	if (n <= 0)
		return 0;
	/* On SQLite the chain is in the audit file: a write's records wait in
	 * the registry, in the write's own transaction (audit_store.h). */
	if (store_audit_apart(store_conn_store(c)))
		return audit_store_add_pending(c, ents, n, e);
	/* Each record on its district's chain (access/audit_chain.h). */
	return audit_chain_append(c, ents, n, e);
}

/* ---- group commit ---------------------------------------------------- */

/* Reads from every request thread share commits (store/group_commit.h):
 * each entry is one unit, appended in the leader's transaction on the audit
 * log's store. A NULL entry moves the writes' waiting records. */
static int append_unit(store_conn *c, void *arg, mz_err *e)
{
	if (!arg)
		return audit_store_move_tx(c, e);
	return audit_append_tx(c, arg, 1, e);
}

/* The whole group as one append: one head update and a few multi-row
 * INSERTs instead of three statements per record; the writes' records
 * first when a unit asked for them. */
static int append_batch(store_conn *c, void *const *args, int n, mz_err *e)
{
	audit_entry *ents = mz_xcalloc((size_t)n, sizeof(*ents));
	int r = 0, m = 0, move = 0;

	for (int i = 0; i < n; i++) {
		if (args[i])
			ents[m++] = *(const audit_entry *)args[i];
		else
			move = 1;
	}
	if (move)
		r = audit_store_move_tx(c, e);
	if (!r)
		r = audit_append_tx(c, ents, m, e);
	free(ents);
	return r;
}

/* A server thread's reads do not wait for their records (group_commit.h,
 * deferral): the entry is copied into one allocation, since the caller's
 * strings are gone when the commit runs. */
static void *entry_copy(const void *arg)
{
	const audit_entry *a = arg;
	const char *src[7];
	size_t len[7], total = sizeof(audit_entry);
	audit_entry *c;
	char *at, *dst[7];

	if (!a) /* NULL: "move the writes' waiting records", nothing to copy */
		return NULL;
	src[0] = a->login;
	src[1] = a->action;
	src[2] = a->entity;
	src[3] = a->entity_id;
	src[4] = a->division_code;
	src[5] = a->reason;
	src[6] = a->detail ? a->detail : "{}";
	for (int i = 0; i < 7; i++) {
		len[i] = src[i] ? strlen(src[i]) + 1 : 0;
		total += len[i];
	}
	c = mz_xcalloc(1, total);
	at = (char *)(c + 1);
	for (int i = 0; i < 7; i++) {
		dst[i] = src[i] ? memcpy(at, src[i], len[i]) : NULL;
		at += len[i];
	}
	c->user_id = a->user_id;
	c->at_ms = a->at_ms;
	c->login = dst[0];
	c->action = dst[1];
	c->entity = dst[2];
	c->entity_id = dst[3];
	c->division_code = dst[4];
	c->reason = dst[5];
	c->detail = dst[6];
	return c;
}

static store_group audit_group = STORE_GROUP_INIT_DEFER(GROUP_MAX, append_batch, entry_copy, free);
/* The audit log's own file (SQLite): one connection does every append to
 * it, so its pages stay cached (a leader's own connection would find them
 * changed by the previous leader's commit and read them again). */
static store_group audit_file_group =
	STORE_GROUP_INIT_DEFER_SERIAL(GROUP_MAX, append_batch, entry_copy, free);

int audit_record(store *s, const audit_entry *ent, mz_err *e)
{
	store *a = store_audit(s);

	return store_group_commit(a != s ? &audit_file_group : &audit_group, a, append_unit,
				  (void *)ent, e);
}

/* ---- audit_append ------------------------------------------------------- */

audit_value audit_value_text(const char *s)
{
	return (audit_value){ .text = s, .kind = s ? 1 : 0 };
}

audit_value audit_value_i64(int64_t n)
{
	return (audit_value){ .n = n, .kind = 2 };
}

audit_value audit_value_json(const json_t *j)
{
	return (audit_value){ .json = j, .kind = j ? 3 : 0 };
}

audit_value audit_value_none(const void *p)
{
	(void)p; /* only a bare NULL has type void * here */
	return (audit_value){ .kind = 0 };
}

int audit_append_values(store_conn *c, const access_ctx *who, audit_mode mode, const char *action,
		     const char *entity, audit_value id, const char *division,
		     const char *reason, audit_value detail, mz_err *e)
{
	char idtext[24] = "";
	char *dumped = NULL;
	audit_entry a;
	int r;

	if (id.kind == 1)
		snprintf(idtext, sizeof(idtext), "%s", id.text);
	else if (id.kind == 2 && id.n)
		snprintf(idtext, sizeof(idtext), "%lld", (long long)id.n);
	audit_entry_init(&a, who, action, entity, id.kind == 1 ? id.text : idtext, division,
			 reason);
	if (detail.kind == 1)
		a.detail = detail.text;
	else if (detail.kind == 3 && (dumped = json_dumps(detail.json,
							  JSON_COMPACT | JSON_SORT_KEYS)))
		a.detail = dumped;
	r = mode == AUDIT_READ ? audit_record(store_conn_store(c), &a, e)
			       : audit_append_tx(c, &a, 1, e);
	free(dumped);
	return r;
}

/* ---- search (verification: audit_verify.c) ------------------------------ */

json_t *audit_search(store_conn *c, const access_ctx *who, const char *login,
		     const char *action, const char *entity, const char *entity_id,
		     const char *from_day, const char *to_day, const char *sort, int64_t page,
		     int64_t page_size, mz_err *e)
{
	static const store_order orders[] = {
		{ "seq", "seq" }, { "chain", "chain" }, { "at", "at_ms" }, { "login", "login" }, { "action", "action" },
		{ "entity", "entity" }, { NULL, NULL }
	};
	static const char where[] =
		" WHERE (division_code = '' OR " ACCESS_SCOPE_SQL("division_code") ")"
		" AND (? = '' OR login = ?) AND (? = '' OR action = ?)"
		" AND (? = '' OR entity = ?) AND (? = '' OR entity_id = ?)"
		" AND at_ms >= ? AND at_ms < ?";
	char sql_count[800];
	mz_buf sql_rows;
	int64_t from_ms = 0, to_ms = INT64_MAX, total = 0;
	store_stmt *st;
	json_t *items, *out = NULL;
	int r;

	if (from_day && *from_day) {
		mz_day d = mz_day_parse(from_day);
		if (d == MZ_DAY_INVALID)
			return mz_fail(e, MZ_EINVAL, "from", "must be a date YYYY-MM-DD",
				       "须为日期 YYYY-MM-DD"), NULL;
		from_ms = ((int64_t)d * 86400 - 8 * 3600) * 1000;
	}
	if (to_day && *to_day) {
		mz_day d = mz_day_parse(to_day);
		if (d == MZ_DAY_INVALID)
			return mz_fail(e, MZ_EINVAL, "to", "must be a date YYYY-MM-DD",
				       "须为日期 YYYY-MM-DD"), NULL;
		to_ms = ((int64_t)(d + 1) * 86400 - 8 * 3600) * 1000;
	}
	/* The writes' records still waiting join the chain first. */
	if (audit_store_flush(c, e) || !(c = audit_store_conn(c, e)))
		return NULL;
	snprintf(sql_count, sizeof(sql_count), "SELECT count(*) FROM audit_log%s", where);
	mz_buf_init(&sql_rows);
	mz_buf_printf(&sql_rows,
		      "SELECT seq, at_ms, login, action, entity, entity_id, division_code, reason,"
		      " detail, chain FROM audit_log%s", where);
	if (store_order_by(&sql_rows, orders, sort, "at_ms DESC, chain DESC, seq DESC", "chain, seq", e)) {
		mz_buf_release(&sql_rows);
		return NULL;
	}
	mz_buf_puts(&sql_rows, " LIMIT ? OFFSET ?");
	for (int pass = 0; pass < 2; pass++) {
		st = store_prepare(c, pass ? sql_rows.data : sql_count, e);
		if (!st)
			break;
		store_params(st, access_scope_arg(who), login ? login : "",
				 login ? login : "", action ? action : "", action ? action : "",
				 entity ? entity : "", entity ? entity : "",
				 entity_id ? entity_id : "", entity_id ? entity_id : "", from_ms,
				 to_ms);
		if (!pass) {
			r = store_step(st, e);
			total = r == 1 ? store_col_i64(st, 0) : 0;
			store_done(st);
			if (r < 0)
				break;
			continue;
		}
		store_params_at(st, 13, page_size, (page - 1) * page_size);
		items = json_array();
		while ((r = store_step(st, e)) == 1) {
			char ts[32];
			json_t *detail = json_loads(store_col_text(st, 8), 0, NULL);

			mz_time_format(store_col_i64(st, 1) / 1000, ts);
			json_array_append_new(items, json_pack(
				"{s:s,s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}",
				"chain", store_col_text(st, 9), "seq", (json_int_t)store_col_i64(st, 0),
				"at_ms", (json_int_t)store_col_i64(st, 1), "at", ts,
				"login", store_col_text(st, 2), "action", store_col_text(st, 3),
				"entity", store_col_text(st, 4), "entity_id", store_col_text(st, 5),
				"division_code", store_col_text(st, 6),
				"reason", store_col_text(st, 7),
				"detail", detail ? detail : json_object()));
		}
		store_done(st);
		if (r < 0) {
			json_decref(items);
			break;
		}
		out = json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total,
				"page", (json_int_t)page, "page_size", (json_int_t)page_size);
	}
	mz_buf_release(&sql_rows);
	return out;
}
