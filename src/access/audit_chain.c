/* audit_chain.c - appending to the audit log's chains (audit_chain.h). */
#include "access/audit_chain.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit_key.h"
#include "base/buf.h"
#include "base/date.h"

void audit_chain_of(const char *division_code, char out[AUDIT_CHAIN_MAX])
{
	const char *d = division_code ? division_code : "";
	int i;

	for (i = 0; i < 6 && isdigit((unsigned char)d[i]); i++)
		;
	if (i < 6) {
		snprintf(out, AUDIT_CHAIN_MAX, "%s", AUDIT_CHAIN_CITY);
		return;
	}
	memcpy(out, d, 6);
	out[6] = '\0';
}

/* ---- the link ---------------------------------------------------------- */

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

int audit_chain_hash(int keyed, const char *chain, const char *prev, int64_t seq, int64_t at_ms,
		     int64_t user_id, const char *login, const char *action, const char *entity,
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
	/* "city" links exactly as the single chain before it did (its old
	 * records verify unchanged); any other chain's id is linked too. */
	if (strcmp(chain, AUDIT_CHAIN_CITY))
		put_field(&h, chain);
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

/* ---- the heads a transaction holds ---------------------------------------- */

/* Which heads the open transaction on a connection has locked: the highest
 * exactly, and the others as far as HELD_MAX allows (a chain not found
 * there that sorts below the highest gives way to the highest, which is
 * always right). Kept per thread for the thread's connections (one per
 * store), and forgotten when the connection's transaction number changes. */
#define HELD_MAX 64
#define HELD_SLOTS 4

typedef struct tx_heads {
	const store_conn *c;
	uint64_t tx;
	char max[AUDIT_CHAIN_MAX]; /* "" : none held */
	int n;
	char held[HELD_MAX][AUDIT_CHAIN_MAX];
} tx_heads;

static __thread tx_heads tl_heads[HELD_SLOTS];
static __thread unsigned tl_next_slot;

static tx_heads *heads_of(store_conn *c)
{
	uint64_t tx = store_conn_tx(c);
	tx_heads *t = NULL;

	for (int i = 0; i < HELD_SLOTS && !t; i++)
		if (tl_heads[i].c == c)
			t = &tl_heads[i];
	if (!t) {
		t = &tl_heads[tl_next_slot++ % HELD_SLOTS];
		t->c = c;
		t->tx = 0;
	}
	if (t->tx != tx || !tx) {
		t->tx = tx;
		t->n = 0;
		t->max[0] = '\0';
	}
	return t;
}

static int held_has(const tx_heads *t, const char *chain)
{
	if (!strcmp(t->max, chain))
		return 1;
	for (int i = 0; i < t->n; i++)
		if (!strcmp(t->held[i], chain))
			return 1;
	return 0;
}

static void held_add(tx_heads *t, const char *chain)
{
	if (t->n < HELD_MAX)
		snprintf(t->held[t->n++], AUDIT_CHAIN_MAX, "%s", chain);
	if (strcmp(chain, t->max) > 0)
		snprintf(t->max, AUDIT_CHAIN_MAX, "%s", chain);
}

/* ---- append ------------------------------------------------------------ */

typedef struct chain_run {
	char chain[AUDIT_CHAIN_MAX];
	int target;         /* the run its records go on: itself, or the highest held */
	int64_t seq;        /* the head's seq, then the last appended */
	int64_t keyed_from;
	char hash[65];      /* the head's hash, then the last appended */
	int used;           /* records were appended: update the head */
} chain_run;

static int run_cmp(const void *a, const void *b)
{
	return strcmp(((const chain_run *)a)->chain, ((const chain_run *)b)->chain);
}

static int run_find(const chain_run *runs, int n, const char *chain)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(runs[i].chain, chain))
			return i;
	return -1;
}

/* Locks the chain's head (PostgreSQL: FOR UPDATE; a SQLite write
 * transaction holds the database) and reads it, making the head of a chain
 * not seen before: keyed from its first record when a key is loaded. */
static int head_lock(store_conn *c, chain_run *r, mz_err *e)
{
	const char *sql = store_conn_engine(c) == STORE_POSTGRES
		? "SELECT seq, hash, keyed_from FROM audit_head WHERE chain = ? FOR UPDATE"
		: "SELECT seq, hash, keyed_from FROM audit_head WHERE chain = ?";

	for (int attempt = 0; attempt < 2; attempt++) {
		char key_id[17] = "";
		int got = store_row(c, e, sql, STORE_INTO(&r->seq, STORE_TEXT(r->hash), &r->keyed_from),
				    r->chain);

		if (got < 0)
			return -1;
		if (got == 1)
			return 0;
		/* A concurrent first append of this chain makes the same row:
		 * DO NOTHING waits for it, and the read above then sees it. */
		if (store_run(c, e, "INSERT INTO audit_head (chain, seq, hash, keyed_from, key_id)"
				    " VALUES (?, 0, ?, ?, ?) ON CONFLICT (chain) DO NOTHING",
			      r->chain, AUDIT_ZERO_HASH, (int64_t)(audit_key_loaded(key_id) ? 1 : 0),
			      key_id) < 0)
			return -1;
	}
	return mz_failf(e, MZ_ESTORE, "", "audit head of chain %s missing", "审计链 %s 的链头记录缺失",
			r->chain);
}

/* Rows per INSERT: a batch of n goes in as n = 32a + 8b + c statements of
 * 32, 8 and 1 rows, so a connection caches three statements whatever n is,
 * and a group of 200 reads costs 9 round trips to PostgreSQL, not 200. */
#define INSERT_COLS 13
#define INSERT_ROWS_MAX 32
static const int insert_sizes[] = { INSERT_ROWS_MAX, 8, 1 };

static const char *insert_sql(char *buf, size_t size, int rows)
{
	static const char head[] = "INSERT INTO audit_log (chain, seq, at_ms, user_id, login, action,"
				   " entity, entity_id, division_code, reason, detail, prev_hash, hash)"
				   " VALUES ";
	static const char row[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	size_t at = snprintf(buf, size, "%s", head);

	for (int r = 0; r < rows && at < size; r++)
		at += snprintf(buf + at, size - at, "%s%s", r ? ", " : "", row);
	return buf;
}

/* One appended record: its chain's run, its place and its link. */
typedef struct placed {
	int run;
	int64_t seq;
	char prev[65], hash[65];
} placed;

static int insert_rows(store_conn *c, const audit_entry *ents, const placed *pl,
		       const chain_run *runs, int n, int64_t at_ms, mz_err *e)
{
	char sql[INSERT_ROWS_MAX * 45 + 200];
	int done = 0;

	for (size_t k = 0; k < sizeof(insert_sizes) / sizeof(*insert_sizes); k++) {
		int rows = insert_sizes[k];

		while (n - done >= rows) {
			store_stmt *st = store_prepare(c, insert_sql(sql, sizeof(sql), rows), e);
			int r;

			if (!st)
				return -1;
			for (int i = 0; i < rows; i++) {
				const audit_entry *a = &ents[done + i];
				const placed *p = &pl[done + i];
				int b = i * INSERT_COLS;

				store_bind_text(st, b + 1, runs[p->run].chain);
				store_bind_i64(st, b + 2, p->seq);
				store_bind_i64(st, b + 3, a->at_ms ? a->at_ms : at_ms);
				store_bind_i64(st, b + 4, a->user_id);
				store_bind_text(st, b + 5, a->login ? a->login : "");
				store_bind_text(st, b + 6, a->action ? a->action : "");
				store_bind_text(st, b + 7, a->entity ? a->entity : "");
				store_bind_text(st, b + 8, a->entity_id ? a->entity_id : "");
				store_bind_text(st, b + 9, a->division_code ? a->division_code : "");
				store_bind_text(st, b + 10, a->reason ? a->reason : "");
				store_bind_text(st, b + 11, a->detail ? a->detail : "{}");
				store_bind_text(st, b + 12, p->prev);
				store_bind_text(st, b + 13, p->hash);
			}
			r = store_step(st, e);
			store_done(st);
			if (r < 0)
				return -1;
			done += rows;
		}
	}
	return 0;
}

int audit_chain_append(store_conn *c, const audit_entry *ents, int n, mz_err *e)
{
	tx_heads *t;
	chain_run *runs;
	placed *pl;
	char before[AUDIT_CHAIN_MAX];
	int nruns = 0, rc = -1, top = -1;
	int64_t at_ms = mz_now_unix_ms();

	if (n <= 0)
		return 0;
	t = heads_of(c);
	snprintf(before, sizeof(before), "%s", t->max);
	runs = mz_xcalloc((size_t)n + 1, sizeof(*runs));
	pl = mz_xcalloc((size_t)n, sizeof(*pl));
	/* The chains of this call's records, each once, in order. */
	for (int i = 0; i < n; i++) {
		char own[AUDIT_CHAIN_MAX];

		audit_chain_of(ents[i].division_code, own);
		if (run_find(runs, nruns, own) < 0)
			snprintf(runs[nruns++].chain, AUDIT_CHAIN_MAX, "%s", own);
	}
	qsort(runs, (size_t)nruns, sizeof(*runs), run_cmp);
	/* The heads, in order. A chain the order forbids (not held, and below
	 * the highest head held before this call) gives way to that head. */
	for (int i = 0; i < nruns; i++) {
		chain_run *r = &runs[i];

		r->target = i;
		if (!held_has(t, r->chain) && before[0] && strcmp(r->chain, before) < 0) {
			r->target = -1;
			continue;
		}
		if (head_lock(c, r, e))
			goto out;
		held_add(t, r->chain);
	}
	for (int i = 0; i < nruns; i++) {
		if (runs[i].target >= 0)
			continue;
		if (top < 0 && (top = run_find(runs, nruns, before)) < 0) {
			/* Held since an earlier call: read it again (no wait). */
			top = nruns++;
			snprintf(runs[top].chain, AUDIT_CHAIN_MAX, "%s", before);
			runs[top].target = top;
			if (head_lock(c, &runs[top], e))
				goto out;
		}
		runs[i].target = top;
	}
	/* Every link in the order of the records, each after its chain's last. */
	for (int i = 0; i < n; i++) {
		char own[AUDIT_CHAIN_MAX];
		const audit_entry *a = &ents[i];
		chain_run *r;

		audit_chain_of(a->division_code, own);
		pl[i].run = runs[run_find(runs, nruns, own)].target;
		r = &runs[pl[i].run];
		r->used = 1;
		pl[i].seq = ++r->seq;
		snprintf(pl[i].prev, sizeof(pl[i].prev), "%s", r->hash);
		if (audit_chain_hash(r->keyed_from > 0 && pl[i].seq >= r->keyed_from, r->chain,
				     pl[i].prev, pl[i].seq, a->at_ms ? a->at_ms : at_ms, a->user_id, a->login, a->action,
				     a->entity, a->entity_id, a->division_code, a->reason,
				     a->detail ? a->detail : "{}", pl[i].hash)) {
			mz_fail(e, MZ_EINTERNAL, "", "the audit chain is keyed and no key is loaded",
				"审计链已启用密钥，但未加载密钥");
			goto out;
		}
		snprintf(r->hash, sizeof(r->hash), "%s", pl[i].hash);
	}
	if (insert_rows(c, ents, pl, runs, n, at_ms, e))
		goto out;
	/* Each head once, to the last record appended to its chain. */
	for (int i = 0; i < nruns; i++)
		if (runs[i].used &&
		    store_run(c, e, "UPDATE audit_head SET seq = ?, hash = ? WHERE chain = ?",
			      runs[i].seq, runs[i].hash, runs[i].chain) < 0)
			goto out;
	rc = 0;
out:
	free(runs);
	free(pl);
	return rc;
}
