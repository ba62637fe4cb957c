#include "access/audit.h"

#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/date.h"
#include "access/audit_key.h"
#include "store/order.h"
#include "store/group_commit.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"
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
}

/* The digest a record is linked by: plain SHA-256 for records made before
 * the chain had a key, HMAC-SHA-256 under the key after (audit_key.h). */
typedef struct chain_digest {
	crypto_hash_sha256_state sha;
	audit_mac *mac; /* NULL: plain */
} chain_digest;

static void digest_update(chain_digest *h, const void *p, size_t n)
{
	if (h->mac)
		audit_mac_update(h->mac, p, n);
	else
		crypto_hash_sha256_update(&h->sha, p, n);
}

static void put_field(chain_digest *h, const char *s)
{
	char len[24];
	size_t n = strlen(s ? s : "");

	/* Length-prefixed, so no two different records hash the same input. */
	snprintf(len, sizeof(len), "%zu:", n);
	digest_update(h, len, strlen(len));
	digest_update(h, s ? s : "", n);
}

/* hash = SHA-256 (keyed: HMAC-SHA-256) over the previous hash and every
 * stored field. Returns -1 when the record must be keyed and no key is
 * loaded. */
static int record_hash(int keyed, const char *prev, int64_t seq, int64_t at_ms, int64_t user_id,
		       const char *login, const char *action, const char *entity,
		       const char *entity_id, const char *division, const char *reason,
		       const char *detail, char out[65])
{
	chain_digest h = { 0 };
	unsigned char d[crypto_hash_sha256_BYTES];
	char num[64];

	if (keyed && !(h.mac = audit_mac_new()))
		return -1;
	if (!keyed)
		crypto_hash_sha256_init(&h.sha);
	put_field(&h, prev);
	snprintf(num, sizeof(num), "%lld/%lld/%lld", (long long)seq, (long long)at_ms,
		 (long long)user_id);
	put_field(&h, num);
	put_field(&h, login);
	put_field(&h, action);
	put_field(&h, entity);
	put_field(&h, entity_id);
	put_field(&h, division);
	put_field(&h, reason);
	put_field(&h, detail);
	if (h.mac) {
		audit_mac_final(h.mac, out);
		return 0;
	}
	crypto_hash_sha256_final(&h.sha, d);
	sodium_bin2hex(out, 65, d, sizeof(d));
	return 0;
}

/* Rows per INSERT: a batch of n goes in as n = 32a + 8b + c statements of
 * 32, 8 and 1 rows, so a connection caches three statements whatever n is,
 * and a group of 200 reads costs 9 round trips to PostgreSQL, not 200. */
#define INSERT_COLS 12
#define INSERT_ROWS_MAX 32
static const int insert_sizes[] = { INSERT_ROWS_MAX, 8, 1 };

/* The INSERT of `rows` rows into buf (rows is one of insert_sizes). */
static const char *insert_sql(char *buf, size_t size, int rows)
{
	static const char head[] = "INSERT INTO audit_log (seq, at_ms, user_id, login, action,"
				   " entity, entity_id, division_code, reason, detail, prev_hash, hash)"
				   " VALUES ";
	static const char row[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	size_t at = snprintf(buf, size, "%s", head);

	for (int r = 0; r < rows && at < size; r++)
		at += snprintf(buf + at, size - at, "%s%s", r ? ", " : "", row);
	return buf;
}

int audit_append_tx(store_conn *c, const audit_entry *ents, int n, mz_err *e)
{
	char sql[INSERT_ROWS_MAX * 40 + 200];
	store_stmt *st;
	int64_t last, seq, keyed_from, at_ms = mz_now_unix_ms();
	char prev[65], (*hash)[65];
	int r, done = 0;

	if (n <= 0)
		return 0;
	/* Reserve n sequence numbers; on PostgreSQL this also row-locks the
	 * head until commit, so concurrent appenders queue in order. */
	st = store_prepare(c, "UPDATE audit_head SET seq = seq + ? WHERE id = 1"
			      " RETURNING seq, hash, keyed_from", e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, n);
	r = store_step(st, e);
	if (r != 1) {
		store_done(st);
		return r < 0 ? -1 : mz_fail(e, MZ_ESTORE, "", "audit head missing",
					     "审计链头记录缺失");
	}
	last = store_col_i64(st, 0);
	snprintf(prev, sizeof(prev), "%s", store_col_text(st, 1));
	keyed_from = store_col_i64(st, 2);
	store_done(st);
	seq = last - n + 1;
	/* Every hash first (each covers the one before), then the rows in as
	 * few statements as insert_sizes allows. */
	hash = mz_xcalloc((size_t)n, sizeof(*hash));
	for (int i = 0; i < n; i++) {
		const audit_entry *a = &ents[i];

		if (record_hash(keyed_from > 0 && seq + i >= keyed_from, i ? hash[i - 1] : prev,
				seq + i, at_ms, a->user_id, a->login, a->action, a->entity,
				a->entity_id, a->division_code, a->reason,
				a->detail ? a->detail : "{}", hash[i])) {
			free(hash);
			return mz_fail(e, MZ_EINTERNAL, "", "the audit chain is keyed and no key is loaded",
				       "审计链已启用密钥，但未加载密钥");
		}
	}
	for (size_t k = 0; k < sizeof(insert_sizes) / sizeof(*insert_sizes); k++) {
		int rows = insert_sizes[k];

		while (n - done >= rows) {
			st = store_prepare(c, insert_sql(sql, sizeof(sql), rows), e);
			if (!st) {
				free(hash);
				return -1;
			}
			for (int i = 0; i < rows; i++) {
				const audit_entry *a = &ents[done + i];
				int p = i * INSERT_COLS;

				store_bind_i64(st, p + 1, seq + done + i);
				store_bind_i64(st, p + 2, at_ms);
				store_bind_i64(st, p + 3, a->user_id);
				store_bind_text(st, p + 4, a->login ? a->login : "");
				store_bind_text(st, p + 5, a->action ? a->action : "");
				store_bind_text(st, p + 6, a->entity ? a->entity : "");
				store_bind_text(st, p + 7, a->entity_id ? a->entity_id : "");
				store_bind_text(st, p + 8, a->division_code ? a->division_code : "");
				store_bind_text(st, p + 9, a->reason ? a->reason : "");
				store_bind_text(st, p + 10, a->detail ? a->detail : "{}");
				store_bind_text(st, p + 11, done + i ? hash[done + i - 1] : prev);
				store_bind_text(st, p + 12, hash[done + i]);
			}
			r = store_step(st, e);
			store_done(st);
			if (r < 0) {
				free(hash);
				return -1;
			}
			done += rows;
		}
	}
	st = store_prepare(c, "UPDATE audit_head SET hash = ? WHERE id = 1", e);
	if (!st) {
		free(hash);
		return -1;
	}
	store_bind_text(st, 1, hash[n - 1]);
	free(hash);
	r = store_step(st, e);
	store_done(st);
	return r < 0 ? -1 : 0;
}

/* ---- group commit ---------------------------------------------------- */

/* Reads from every request thread share commits (store/group_commit.h):
 * each entry is one unit, appended in the leader's transaction. */
static int append_unit(store_conn *c, void *arg, mz_err *e)
{
	return audit_append_tx(c, arg, 1, e);
}

/* The whole group as one append: one head update and a few multi-row
 * INSERTs instead of three statements per record. */
static int append_batch(store_conn *c, void *const *args, int n, mz_err *e)
{
	audit_entry *ents = mz_xcalloc((size_t)n, sizeof(*ents));
	int r;

	for (int i = 0; i < n; i++)
		ents[i] = *(const audit_entry *)args[i];
	r = audit_append_tx(c, ents, n, e);
	free(ents);
	return r;
}

/* A server thread's reads do not wait for their records (group_commit.h,
 * deferral): the entry is copied into one allocation, since the caller's
 * strings are gone when the commit runs. */
static void *entry_copy(const void *arg)
{
	const audit_entry *a = arg;
	const char *src[] = { a->login, a->action, a->entity, a->entity_id,
			      a->division_code, a->reason, a->detail ? a->detail : "{}" };
	size_t len[7], total = sizeof(audit_entry);
	audit_entry *c;
	char *at, *dst[7];

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

int audit_record(store *s, const audit_entry *ent, mz_err *e)
{
	return store_group_commit(&audit_group, s, append_unit, (void *)ent, e);
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

/* ---- verification and search ----------------------------------------- */

static void add_problem(json_t *problems, int max, int64_t seq, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_problem(json_t *problems, int max, int64_t seq, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!problems || (int)json_array_size(problems) >= max)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_array_append_new(problems, json_pack("{s:I,s:s}", "seq", (json_int_t)seq,
						  "problem", msg));
}

/* Walks the chain up to the head's sequence. *unsettled is set when the log
 * looked shorter than the head or had a gap: on an engine without one
 * snapshot across nodes (Citus) that can be an append whose commit has
 * reached the head and not yet the log, so audit_verify_ex reads again.
 * pin holds the head (seq, hash) of the first read: a re-read walks up to
 * that same head, so it asks only whether the records it counted arrived
 * (the chain only grows, so that head stays a true point of it). */
typedef struct head_pin {
	int64_t seq; /* -1: not read yet */
	char hash[65];
} head_pin;

static int verify_chain(store_conn *c, int *ok, int64_t *checked, json_t *problems, int max,
			int tail, head_pin *pin, int *unsettled, mz_err *e)
{
	store_stmt *st;
	char prev[65] = ZERO_HASH, hash[65], head_hash[65] = "", head_key[40] = "", loaded_id[17];
	int64_t expect = 1, n = 0, head_seq = 0, keyed_from = 0;
	int bad = 0, r, have_key = audit_key_loaded(loaded_id);
	json_t *cps = NULL, *cp;
	size_t ncp = 0, next_cp = 0, i;

	/* The head first, then the log up to it: records past the head are
	 * appends newer than the head we read (on Citus the log can show an
	 * append before the coordinator's head does); the next run checks them. */
	if (store_row(c, e, "SELECT seq, hash, keyed_from, key_id FROM audit_head WHERE id = ?",
		      STORE_INTO(&head_seq, STORE_TEXT(head_hash), &keyed_from,
				 STORE_TEXT(head_key)), 1) != 1)
		return mz_fail(e, MZ_ESTORE, "", "audit head missing", "审计链头记录缺失");
	if (pin->seq < 0) {
		pin->seq = head_seq;
		snprintf(pin->hash, sizeof(pin->hash), "%s", head_hash);
	} else {
		head_seq = pin->seq;
		snprintf(head_hash, sizeof(head_hash), "%s", pin->hash);
	}
	if (have_key) {
		mz_err e2 = { 0 };
		json_t *all = audit_checkpoints_read(&e2);

		/* The key file exists, so the chain must be keyed by it: a head
		 * reset to "unkeyed" would let plain hashes be recomputed. */
		if (!keyed_from || strcmp(head_key, loaded_id)) {
			bad = 1;
			add_problem(problems, max, 0,
				    "the chain's key mark was removed or changed"
				    " (audit_head.keyed_from/key_id do not name this key)");
		}
		cps = json_incref(json_object_get(all, "items"));
		json_decref(all);
		ncp = json_array_size(cps);
		json_array_foreach(cps, i, cp) {
			if (!audit_checkpoint_valid(cp)) {
				bad = 1;
				add_problem(problems, max, json_integer_value(json_object_get(cp, "seq")),
					    "checkpoint %zu has a bad signature", i + 1);
			} else if (json_integer_value(json_object_get(cp, "keyed_from")) != keyed_from) {
				/* The key mark moved since it was signed: records
				 * were passed off as made before the key. */
				bad = 1;
				add_problem(problems, max, keyed_from,
					    "the chain's key mark moved from %lld (signed %s)",
					    (long long)json_integer_value(json_object_get(cp, "keyed_from")),
					    json_string_value(json_object_get(cp, "time")));
			}
		}
	}
	st = store_prepare(c, "SELECT seq, at_ms, user_id, login, action, entity, entity_id,"
			      " division_code, reason, detail, prev_hash, hash"
			      " FROM audit_log WHERE seq <= ? ORDER BY seq", e);
	if (!st) {
		json_decref(cps);
		return -1;
	}
	store_params(st, head_seq);
	while ((r = store_step(st, e)) == 1) {
		int64_t seq = store_col_i64(st, 0);
		const char *stored_prev = store_col_text(st, 10);
		const char *stored_hash = store_col_text(st, 11);
		int keyed = keyed_from > 0 && seq >= keyed_from;

		n++;
		if (seq != expect) {
			bad = 1;
			*unsettled = 1;
			add_problem(problems, max, seq,
				    "records %lld..%lld are missing (removed)",
				    (long long)expect, (long long)seq - 1);
		}
		if (strcmp(stored_prev, prev)) {
			bad = 1;
			add_problem(problems, max, seq,
				    "record does not follow its predecessor"
				    " (a record before it was removed, replaced or reordered)");
		}
		if (record_hash(keyed, stored_prev, seq, store_col_i64(st, 1), store_col_i64(st, 2),
				store_col_text(st, 3), store_col_text(st, 4),
				store_col_text(st, 5), store_col_text(st, 6),
				store_col_text(st, 7), store_col_text(st, 8),
				store_col_text(st, 9), hash)) {
			store_done(st);
			json_decref(cps);
			return mz_fail(e, MZ_EINTERNAL, "", "the audit chain is keyed and no key is loaded",
				       "审计链已启用密钥，但未加载密钥");
		}
		if (strcmp(hash, stored_hash)) {
			bad = 1;
			add_problem(problems, max, seq, keyed ? "record was edited (keyed hash mismatch)"
							      : "record was edited (hash mismatch)");
		}
		/* A signed checkpoint at this record must name its hash. */
		for (; next_cp < ncp; next_cp++) {
			cp = json_array_get(cps, next_cp);
			if (json_integer_value(json_object_get(cp, "seq")) > seq)
				break;
			if (json_integer_value(json_object_get(cp, "seq")) == seq &&
			    strcmp(json_string_value(json_object_get(cp, "hash")), stored_hash)) {
				bad = 1;
				add_problem(problems, max, seq,
					    "record differs from the signed checkpoint of %s"
					    " (the chain was rewritten)",
					    json_string_value(json_object_get(cp, "time")));
			}
		}
		snprintf(prev, sizeof(prev), "%s", stored_hash);
		expect = seq + 1;
	}
	store_done(st);
	if (r < 0) {
		json_decref(cps);
		return -1;
	}
	if (head_seq != expect - 1 || strcmp(head_hash, prev)) {
		bad = 1;
		if (head_seq > expect - 1)
			*unsettled = 1;
		add_problem(problems, max, head_seq,
			    "the chain ends at %lld but its head says %lld"
			    " (the newest records were removed or replaced)",
			    (long long)expect - 1, (long long)head_seq);
	}
	/* Checkpoints beyond the chain's end: records were cut off and the head
	 * set back. (A restored older backup legitimately ends earlier: restore
	 * asks without this check.) */
	if (tail && next_cp < ncp) {
		cp = json_array_get(cps, ncp - 1);
		bad = 1;
		add_problem(problems, max, json_integer_value(json_object_get(cp, "seq")),
			    "the chain ends at %lld, before the signed checkpoint at %lld of %s"
			    " (the newest records were removed)",
			    (long long)expect - 1,
			    (long long)json_integer_value(json_object_get(cp, "seq")),
			    json_string_value(json_object_get(cp, "time")));
	}
	json_decref(cps);
	*ok = !bad;
	*checked = n;
	return 0;
}

json_t *audit_search(store_conn *c, const access_ctx *who, const char *login,
		     const char *action, const char *entity, const char *entity_id,
		     const char *from_day, const char *to_day, const char *sort, int64_t page,
		     int64_t page_size, mz_err *e)
{
	static const store_order orders[] = {
		{ "seq", "seq" }, { "at", "at_ms" }, { "login", "login" }, { "action", "action" },
		{ "entity", "entity" }, { NULL, NULL }
	};
	static const char where[] =
		" WHERE (division_code = '' OR " ACCESS_SCOPE_SQL("division_code") ")"
		" AND (? = '' OR login = ?) AND (? = '' OR action = ?)"
		" AND (? = '' OR entity = ?) AND (? = '' OR entity_id = ?)"
		" AND at_ms >= ? AND at_ms < ?";
	char sql_count[600];
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
	snprintf(sql_count, sizeof(sql_count), "SELECT count(*) FROM audit_log%s", where);
	mz_buf_init(&sql_rows);
	mz_buf_printf(&sql_rows,
		      "SELECT seq, at_ms, login, action, entity, entity_id, division_code, reason,"
		      " detail FROM audit_log%s", where);
	if (store_order_by(&sql_rows, orders, sort, "seq DESC", "seq", e)) {
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
				"{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}",
				"seq", (json_int_t)store_col_i64(st, 0),
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

/* The log and its head are read in one read transaction: on SQLite and on
 * one PostgreSQL server that is one snapshot, so the walk is exact. Citus
 * has no snapshot across nodes, and its two-phase commit makes an append
 * visible on the coordinator (audit_head) and on the worker (audit_log) at
 * slightly different moments: a record the head already counts can be
 * missing for a moment. Such a walk is repeated in a fresh transaction, a
 * bounded number of times, before a missing record is reported; a record
 * really removed is still missing on the last read. Edited or reordered
 * records are reported at once (an append in flight cannot cause them). */
#define VERIFY_REREADS 6

int audit_verify_ex(store_conn *c, int *ok, int64_t *checked, json_t *problems, int max,
		    int tail, mz_err *e)
{
	head_pin pin = { .seq = -1 };

	for (int attempt = 0;; attempt++) {
		int r, unsettled = 0;

		if (problems)
			json_array_clear(problems);
		if (store_begin_read(c, e))
			return -1;
		r = verify_chain(c, ok, checked, problems, max, tail, &pin, &unsettled, e);
		if (r) {
			store_rollback(c);
			return -1;
		}
		if (store_commit(c, e))
			return -1;
		if (*ok || !unsettled || attempt == VERIFY_REREADS)
			return 0;
		/* 50, 100, ... 300 ms: 1.05 s in all, many times a commit's
		 * second phase even on a loaded cluster. */
		struct timespec pause = { 0, (long)(attempt + 1) * 50 * 1000000L };
		nanosleep(&pause, NULL);
	}
}

int audit_verify(store_conn *c, int *ok, int64_t *checked, json_t *problems, int max, mz_err *e)
{
	return audit_verify_ex(c, ok, checked, problems, max, 1, e);
}
