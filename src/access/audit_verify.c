/* audit_verify.c - walks every chain of the audit log (audit_chain.h) and
 * reports each break by its chain and sequence number (audit.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access/audit.h"
#include "access/audit_chain.h"
#include "access/audit_store.h"
#include "access/audit_key.h"
#include "base/buf.h"

static void add_problem(json_t *problems, int max, const char *chain, int64_t seq,
			const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add_problem(json_t *problems, int max, const char *chain, int64_t seq,
			const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	if (!problems || (int)json_array_size(problems) >= max)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_array_append_new(problems, json_pack("{s:s,s:I,s:s}", "chain", chain, "seq",
						  (json_int_t)seq, "problem", msg));
}

/* A chain's head as read. */
typedef struct vhead {
	char chain[AUDIT_CHAIN_MAX];
	int64_t seq, keyed_from;
	char hash[65], key_id[40];
	int walked; /* its records were met in the walk */
} vhead;

typedef struct heads {
	vhead *v;
	int n; /* -1: not read yet */
} heads;

static int heads_read(store_conn *c, heads *h, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT chain, seq, hash, keyed_from, key_id FROM audit_head",
				       e);
	int r, cap = 0;

	h->n = 0;
	h->v = NULL;
	if (!st)
		return -1;
	while ((r = store_step(st, e)) == 1) {
		vhead *x;

		if (h->n == cap) {
			cap = cap ? cap * 2 : 32;
			h->v = mz_xrealloc(h->v, (size_t)cap * sizeof(*h->v));
		}
		x = &h->v[h->n++];
		memset(x, 0, sizeof(*x));
		snprintf(x->chain, sizeof(x->chain), "%s", store_col_text(st, 0));
		x->seq = store_col_i64(st, 1);
		snprintf(x->hash, sizeof(x->hash), "%s", store_col_text(st, 2));
		x->keyed_from = store_col_i64(st, 3);
		snprintf(x->key_id, sizeof(x->key_id), "%s", store_col_text(st, 4));
	}
	store_done(st);
	return r < 0 ? -1 : 0;
}

static vhead *heads_find(const heads *h, const char *chain)
{
	for (int i = 0; i < h->n; i++)
		if (!strcmp(h->v[i].chain, chain))
			return &h->v[i];
	return NULL;
}

/* What a signed checkpoint says of one chain. */
typedef struct vmark {
	const char *chain, *hash, *time;
	int64_t seq, keyed_from;
} vmark;

static int mark_cmp(const void *a, const void *b)
{
	const vmark *x = a, *y = b;
	int r = strcmp(x->chain, y->chain);

	return r ? r : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The checkpoints' marks, each checkpoint's signature and key marks checked.
 * A checkpoint made before chains names the one chain, now "city". */
static vmark *marks_load(const json_t *cps, const heads *h, int *nmarks, int *bad,
			 json_t *problems, int max)
{
	vmark *m = NULL;
	size_t i, j;
	int n = 0, cap = 0;
	json_t *cp;

	json_array_foreach(cps, i, cp) {
		const json_t *chains = json_object_get(cp, "chains");
		const char *time = json_string_value(json_object_get(cp, "time"));

		if (!audit_checkpoint_valid(cp)) {
			*bad = 1;
			add_problem(problems, max, "", json_integer_value(json_object_get(cp, "seq")),
				    "checkpoint %zu has a bad signature", i + 1);
			continue;
		}
		for (j = 0; j < (chains ? json_array_size(chains) : 1); j++) {
			const json_t *x = chains ? json_array_get(chains, j) : cp;
			const char *chain = chains ? json_string_value(json_object_get(x, "chain"))
						   : AUDIT_CHAIN_CITY;
			const vhead *hd;
			vmark *k;

			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				m = mz_xrealloc(m, (size_t)cap * sizeof(*m));
			}
			k = &m[n++];
			k->chain = chain ? chain : "";
			k->hash = json_string_value(json_object_get(x, "hash"));
			k->hash = k->hash ? k->hash : "";
			k->time = time ? time : "";
			k->seq = json_integer_value(json_object_get(x, "seq"));
			k->keyed_from = json_integer_value(json_object_get(x, "keyed_from"));
			hd = heads_find(h, k->chain);
			if (!hd) {
				/* A chain signed once and gone now: emptied with its head. */
				*bad = 1;
				add_problem(problems, max, k->chain, k->seq,
					    "the chain has no head, but the checkpoint of %s signed it"
					    " at %lld (the chain was removed)", k->time, (long long)k->seq);
				n--;
			} else if (hd->keyed_from != k->keyed_from) {
				/* The key mark moved since it was signed: records were
				 * passed off as made before the key. */
				*bad = 1;
				add_problem(problems, max, k->chain, hd->keyed_from,
					    "the chain's key mark moved from %lld (signed %s)",
					    (long long)k->keyed_from, k->time);
			}
		}
	}
	if (n > 1)
		qsort(m, (size_t)n, sizeof(*m), mark_cmp);
	*nmarks = n;
	return m;
}

/* One chain's walk. */
typedef struct walk {
	vhead *h;           /* NULL: records of this chain are not walked */
	char chain[AUDIT_CHAIN_MAX];
	int64_t expect;
	char prev[65];
	const vmark *marks;  /* every chain's marks, by chain and seq */
	int mark, mark_end;  /* this chain's: marks[mark..mark_end) */
} walk;

static void walk_start(walk *w, const heads *pin, const heads *now, const vmark *marks,
		       int nmarks, const char *chain, int *bad, json_t *problems, int max)
{
	memset(w, 0, sizeof(*w));
	snprintf(w->chain, sizeof(w->chain), "%s", chain);
	w->h = heads_find(pin, chain);
	w->expect = 1;
	snprintf(w->prev, sizeof(w->prev), "%s", AUDIT_ZERO_HASH);
	w->marks = marks;
	w->mark = w->mark_end = nmarks;
	for (int i = 0; i < nmarks; i++)
		if (!strcmp(marks[i].chain, chain)) {
			if (w->mark == nmarks)
				w->mark = i;
			w->mark_end = i + 1;
		}
	if (w->h) {
		w->h->walked = 1;
	} else if (!heads_find(now, chain)) {
		/* (A chain begun after the first read has a head now: its
		 * records are newer than the heads checked, and wait.) */
		*bad = 1;
		add_problem(problems, max, chain, 0,
			    "the chain's records have no head (its head row was removed)");
	}
}

/* The chain's end against its head and its newest checkpoint. */
static void walk_end(walk *w, int tail, int *bad, int *unsettled, json_t *problems, int max)
{
	vhead *h = w->h;

	if (!h)
		return;
	if (h->seq != w->expect - 1 || strcmp(h->hash, w->prev)) {
		*bad = 1;
		if (h->seq > w->expect - 1)
			*unsettled = 1;
		add_problem(problems, max, w->chain, h->seq,
			    "the chain ends at %lld but its head says %lld"
			    " (the newest records were removed or replaced)",
			    (long long)w->expect - 1, (long long)h->seq);
	}
	/* Checkpoints beyond the chain's end: records were cut off and the
	 * head set back. (A restored older backup legitimately ends earlier:
	 * restore asks without this check.) */
	if (tail && w->mark < w->mark_end) {
		const vmark *last = &w->marks[w->mark_end - 1];

		*bad = 1;
		add_problem(problems, max, w->chain, last->seq,
			    "the chain ends at %lld, before the signed checkpoint at %lld of %s"
			    " (the newest records were removed)",
			    (long long)w->expect - 1, (long long)last->seq, last->time);
	}
}

/* One record against its chain. Returns -1 when it must be keyed and no key
 * is loaded. */
static int walk_record(walk *w, store_stmt *st, int64_t seq, int *bad, int *unsettled,
		       json_t *problems, int max)
{
	const char *stored_prev = store_col_text(st, 11);
	const char *stored_hash = store_col_text(st, 12);
	int keyed = w->h->keyed_from > 0 && seq >= w->h->keyed_from;
	char hash[65];

	if (seq != w->expect) {
		*bad = 1;
		*unsettled = 1;
		add_problem(problems, max, w->chain, seq, "records %lld..%lld are missing (removed)",
			    (long long)w->expect, (long long)seq - 1);
	}
	if (strcmp(stored_prev, w->prev)) {
		*bad = 1;
		add_problem(problems, max, w->chain, seq,
			    "record does not follow its predecessor"
			    " (a record before it was removed, replaced or reordered)");
	}
	if (audit_chain_hash(keyed, w->chain, stored_prev, seq, store_col_i64(st, 2),
			     store_col_i64(st, 3), store_col_text(st, 4), store_col_text(st, 5),
			     store_col_text(st, 6), store_col_text(st, 7), store_col_text(st, 8),
			     store_col_text(st, 9), store_col_text(st, 10), hash))
		return -1;
	if (strcmp(hash, stored_hash)) {
		*bad = 1;
		add_problem(problems, max, w->chain, seq,
			    keyed ? "record was edited (keyed hash mismatch)"
				  : "record was edited (hash mismatch)");
	}
	/* A signed checkpoint at this record must name its hash. */
	for (; w->mark < w->mark_end && w->marks[w->mark].seq <= seq; w->mark++)
		if (w->marks[w->mark].seq == seq && strcmp(w->marks[w->mark].hash, stored_hash)) {
			*bad = 1;
			add_problem(problems, max, w->chain, seq,
				    "record differs from the signed checkpoint of %s"
				    " (the chain was rewritten)", w->marks[w->mark].time);
		}
	snprintf(w->prev, sizeof(w->prev), "%s", stored_hash);
	w->expect = seq + 1;
	return 0;
}

/* Reads the heads, then walks the log chain by chain up to them. *unsettled
 * is set when a chain looked shorter than its head or had a gap: on an
 * engine without one snapshot across nodes (Citus) that can be an append
 * whose commit has reached the head and not yet the records, so
 * audit_verify_ex reads again. pin holds the heads of the first read: a
 * re-read walks up to those same heads, so it asks only whether the records
 * it counted arrived (a chain only grows, so its pinned head stays a true
 * point of it). */
static int verify_chains(store_conn *c, int *ok, int64_t *checked, json_t *problems, int max,
			 int tail, heads *pin, int *unsettled, mz_err *e)
{
	heads now = { 0 };
	char loaded_id[17];
	int have_key = audit_key_loaded(loaded_id), bad = 0, r, nmarks = 0, rc = -1;
	json_t *cps = NULL;
	vmark *marks = NULL;
	int64_t n = 0;
	store_stmt *st;
	walk w = { 0 };

	if (heads_read(c, &now, e))
		goto out;
	if (pin->n < 0) {
		pin->n = now.n;
		pin->v = mz_xmalloc((size_t)(now.n ? now.n : 1) * sizeof(*pin->v));
		memcpy(pin->v, now.v, (size_t)now.n * sizeof(*now.v));
	}
	for (int i = 0; i < pin->n; i++)
		pin->v[i].walked = 0;
	if (!heads_find(pin, AUDIT_CHAIN_CITY)) {
		bad = 1;
		add_problem(problems, max, AUDIT_CHAIN_CITY, 0,
			    "the head of the chain 'city' is missing (audit_head was emptied)");
	}
	if (have_key) {
		mz_err e2 = { 0 };
		json_t *all = audit_checkpoints_read(&e2);

		/* The key file exists, so every chain must be keyed by it: a
		 * head reset to "unkeyed" would let plain hashes be recomputed. */
		for (int i = 0; i < pin->n; i++)
			if (!pin->v[i].keyed_from || strcmp(pin->v[i].key_id, loaded_id)) {
				bad = 1;
				add_problem(problems, max, pin->v[i].chain, 0,
					    "the chain's key mark was removed or changed"
					    " (audit_head.keyed_from/key_id do not name this key)");
			}
		cps = json_incref(json_object_get(all, "items"));
		json_decref(all);
		marks = marks_load(cps, pin, &nmarks, &bad, problems, max);
	}
	st = store_prepare(c, "SELECT chain, seq, at_ms, user_id, login, action, entity, entity_id,"
			      " division_code, reason, detail, prev_hash, hash"
			      " FROM audit_log ORDER BY chain, seq", e);
	if (!st)
		goto out;
	w.chain[0] = '\0';
	while ((r = store_step(st, e)) == 1) {
		const char *chain = store_col_text(st, 0);
		int64_t seq = store_col_i64(st, 1);

		if (!w.chain[0] || strcmp(chain, w.chain)) {
			if (w.chain[0])
				walk_end(&w, tail, &bad, unsettled, problems, max);
			walk_start(&w, pin, &now, marks, nmarks, chain, &bad, problems, max);
		}
		/* Records past the head read are appends newer than it; the
		 * next run checks them. */
		if (!w.h || seq > w.h->seq)
			continue;
		n++;
		if (walk_record(&w, st, seq, &bad, unsettled, problems, max)) {
			store_done(st);
			mz_fail(e, MZ_EINTERNAL, "", "the audit chain is keyed and no key is loaded",
				"审计链已启用密钥，但未加载密钥");
			goto out;
		}
	}
	store_done(st);
	if (r < 0)
		goto out;
	if (w.chain[0])
		walk_end(&w, tail, &bad, unsettled, problems, max);
	/* Chains with a head and no record at all. */
	for (int i = 0; i < pin->n; i++)
		if (!pin->v[i].walked) {
			walk_start(&w, pin, &now, marks, nmarks, pin->v[i].chain, &bad, problems, max);
			walk_end(&w, tail, &bad, unsettled, problems, max);
		}
	*ok = !bad;
	*checked = n;
	rc = 0;
out:
	free(marks);
	json_decref(cps);
	free(now.v);
	return rc;
}

/* The heads and the log are read in one read transaction: on SQLite and on
 * one PostgreSQL server that is one snapshot, so the walk is exact. Citus
 * has no snapshot across nodes, and a two-phase commit can show a head and
 * its records at slightly different moments: a record a head already counts
 * can be missing for a moment. Such a walk is repeated in a fresh
 * transaction, a bounded number of times, before a missing record is
 * reported; a record really removed is still missing on the last read.
 * Edited or reordered records are reported at once (an append in flight
 * cannot cause them). */
#define VERIFY_REREADS 6

int audit_verify_ex(store_conn *c, int *ok, int64_t *checked, json_t *problems, int max,
		    int tail, mz_err *e)
{
	heads pin = { NULL, -1 };
	int rc = -1;

	/* The writes' records still waiting join the chain first; then the
	 * chain is read where it lives. */
	if (audit_store_flush(c, e) || !(c = audit_store_conn(c, e)))
		return -1;
	for (int attempt = 0;; attempt++) {
		int r, unsettled = 0;

		if (problems)
			json_array_clear(problems);
		if (store_begin_read(c, e))
			break;
		r = verify_chains(c, ok, checked, problems, max, tail, &pin, &unsettled, e);
		if (r) {
			store_rollback(c);
			break;
		}
		if (store_commit(c, e))
			break;
		if (*ok || !unsettled || attempt == VERIFY_REREADS) {
			rc = 0;
			break;
		}
		/* 50, 100, ... 300 ms: 1.05 s in all, many times a commit's
		 * second phase even on a loaded cluster. */
		struct timespec pause = { 0, (long)(attempt + 1) * 50 * 1000000L };
		nanosleep(&pause, NULL);
	}
	free(pin.v);
	return rc;
}

int audit_verify(store_conn *c, int *ok, int64_t *checked, json_t *problems, int max, mz_err *e)
{
	return audit_verify_ex(c, ok, checked, problems, max, 1, e);
}
