/* evidence_import.c - one agency file into evidence_records, with provenance.
 *
 * Two passes over the file. Pass 0 validates every row and reports each bad
 * one; only a clean file gets pass 1, which writes the batch and its rows in
 * one transaction. Agency extracts are large (a month of wages for a city
 * is millions of rows) and repeat the same persons (one row per kind and
 * month), so:
 *  - the ID number -> person lookup is remembered (a bounded hash table:
 *    pass 1 and repeated persons cost no query);
 *  - rows are written through the store's bulk path (COPY on PostgreSQL,
 *    one prepared INSERT on SQLite) in chunks: a chunk is validated first,
 *    with whatever queries that needs, and only then streamed, because no
 *    other statement may run on a connection while its COPY is open. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/hash.h"
#include "base/money.h"
#include "base/table.h"
#include "evidence/evidence.h"
#include "policy/policy.h"
#include "registry/idcard.h"

#define CHUNK_ROWS 8192
/* 4 Mi persons (~150 MB) at most; beyond that, lookups go to the database. */
#define CACHE_MAX (1u << 22)

typedef struct row_val {
	int64_t person_id;
	char division[16];
	char kind[40];
	int64_t amount, quantity;
} row_val;

/* ---- the ID number -> person cache (open addressing, linear probing) ---- */

typedef struct person_slot {
	char number[19]; /* "" = empty */
	char division[16];
	int64_t person_id; /* 0 = known not to be registered */
} person_slot;

typedef struct person_cache {
	person_slot *slots;
	size_t cap, n; /* cap: a power of two */
} person_cache;

static person_slot *cache_find(person_cache *pc, const char *number, int *found)
{
	size_t i;

	*found = 0;
	if (!pc->cap)
		return NULL;
	for (i = mz_fnv1a64_str(number) & (pc->cap - 1);; i = (i + 1) & (pc->cap - 1)) {
		if (!pc->slots[i].number[0])
			return &pc->slots[i];
		if (!strcmp(pc->slots[i].number, number)) {
			*found = 1;
			return &pc->slots[i];
		}
	}
}

static void cache_grow(person_cache *pc)
{
	person_cache bigger = { 0 };

	bigger.cap = pc->cap ? pc->cap * 2 : 4096;
	bigger.slots = mz_xcalloc(bigger.cap, sizeof(person_slot));
	for (size_t i = 0; i < pc->cap; i++)
		if (pc->slots[i].number[0]) {
			int f;
			person_slot *s = cache_find(&bigger, pc->slots[i].number, &f);

			*s = pc->slots[i];
			bigger.n++;
		}
	free(pc->slots);
	*pc = bigger;
}

static void cache_put(person_cache *pc, const char *number, int64_t pid, const char *div)
{
	person_slot *s;
	int f;

	if (pc->n >= CACHE_MAX)
		return;
	if ((pc->n + 1) * 4 > pc->cap * 3)
		cache_grow(pc);
	s = cache_find(pc, number, &f);
	if (!f)
		pc->n++;
	mz_strlcpy(s->number, number, sizeof(s->number));
	mz_strlcpy(s->division, div, sizeof(s->division));
	s->person_id = pid;
}

/* The registered person of a normalised ID number: 1 found, 0 not, -1 error. */
static int person_lookup(store_conn *c, person_cache *pc, const char *number, row_val *v,
			 mz_err *e)
{
	person_slot *s;
	store_stmt *st;
	int found, rc;

	s = cache_find(pc, number, &found);
	if (found) {
		v->person_id = s->person_id;
		mz_strlcpy(v->division, s->division, sizeof(v->division));
		return s->person_id ? 1 : 0;
	}
	st = store_prepare(c, "SELECT id, division_code FROM persons WHERE id_number = ?", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, number);
	rc = store_step(st, e);
	if (rc == 1) {
		v->person_id = store_col_i64(st, 0);
		mz_strlcpy(v->division, store_col_text(st, 1), sizeof(v->division));
	}
	store_done(st);
	if (rc < 0)
		return -1;
	cache_put(pc, number, rc == 1 ? v->person_id : 0, rc == 1 ? v->division : "");
	return rc;
}

/* ---- rows ---- */

static int col_index(const table_row *h, const char *name)
{
	for (size_t i = 0; i < h->count; i++)
		if (!strcmp(h->fields[i], name))
			return (int)i;
	return -1;
}

/* 0 valid (v filled), 1 bad (field, msg filled), -1 error. */
static int validate_row(store_conn *c, person_cache *pc, const table_row *r,
			const char *category, int ci, int ck, int ca, int cq, row_val *v,
			char *field, char *msg, size_t cap, mz_err *e)
{
	idcard_info info;
	mz_err ie = { 0 };
	int rc, counted = !strcmp(category, "housing") || !strcmp(category, "vehicle");

	if (idcard_parse(table_field(r, (size_t)ci), &info, &ie)) {
		snprintf(field, 32, "id_number");
		snprintf(msg, cap, "%s", ie.message);
		return 1;
	}
	rc = person_lookup(c, pc, info.number, v, e);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		snprintf(field, 32, "id_number");
		snprintf(msg, cap, "no person with this ID number in the registry");
		return 1;
	}
	if (counted) {
		const char *q = table_field(r, (size_t)cq);
		char *end;
		long long x = strtoll(q, &end, 10);

		if (!*q || *end || x < 0 || x > 1000) {
			snprintf(field, 32, "quantity");
			snprintf(msg, cap, "quantity must be a whole number from 0 to 1000");
			return 1;
		}
		v->quantity = x;
		v->amount = 0;
		mz_strlcpy(v->kind, "count", sizeof(v->kind));
		return 0;
	}
	{
		const char *k = table_field(r, (size_t)ck);
		policy_list list = !strcmp(category, "income") ? POLICY_LIST_INCOME : POLICY_LIST_ASSET;

		if (policy_list_find(list, k) < 0) {
			snprintf(field, 32, "kind");
			snprintf(msg, cap, "unknown %s kind '%.40s'", category, k);
			return 1;
		}
		mz_strlcpy(v->kind, k, sizeof(v->kind));
	}
	if (mz_fen_parse_yuan(table_field(r, (size_t)ca), &v->amount) || v->amount < 0) {
		snprintf(field, 32, "amount");
		snprintf(msg, cap, "amount must be yuan with at most two decimals, not negative");
		return 1;
	}
	v->quantity = 0;
	return 0;
}

static int file_sha256(const char *path, char hex[65], mz_err *e)
{
	crypto_hash_sha256_state h;
	unsigned char buf[65536], out[32];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return mz_failf(e, MZ_EINVAL, "file", "cannot open %s", "无法打开文件 %s", path);
	crypto_hash_sha256_init(&h);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		crypto_hash_sha256_update(&h, buf, n);
	fclose(f);
	crypto_hash_sha256_final(&h, out);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", out[i]);
	return 0;
}

/* Streams a validated chunk through the bulk path (inside the transaction). */
static int chunk_write(store_conn *c, int64_t batch_id, const char *category, const char *as_of,
		       const row_val *rows, size_t n, mz_err *e)
{
	static const char *const cols[] = { "batch_id", "person_id", "division_code", "category",
					    "kind", "amount_fen", "quantity", "as_of" };
	char bid[24], pid[24], amt[24], qty[24];
	const char *vals[8] = { bid, pid, NULL, category, NULL, amt, qty, as_of };
	store_bulk *b;

	if (!n)
		return 0;
	b = store_bulk_begin(c, "evidence_records", cols, 8, e);
	if (!b)
		return -1;
	snprintf(bid, sizeof(bid), "%lld", (long long)batch_id);
	for (size_t i = 0; i < n; i++) {
		snprintf(pid, sizeof(pid), "%lld", (long long)rows[i].person_id);
		snprintf(amt, sizeof(amt), "%lld", (long long)rows[i].amount);
		snprintf(qty, sizeof(qty), "%lld", (long long)rows[i].quantity);
		vals[2] = rows[i].division;
		vals[4] = rows[i].kind;
		if (store_bulk_row(b, vals, e)) {
			mz_err ignored = { 0 };

			store_bulk_end(b, &ignored);
			return -1;
		}
	}
	return store_bulk_end(b, e);
}

static int batch_insert(store_conn *c, const access_ctx *who, const evidence_import_opts *o,
			const char *file_name, const char *sha, int64_t *id, mz_err *e)
{
	store_stmt *st = store_prepare(c, "INSERT INTO evidence_batches (category, source, as_of,"
					  " file_name, sha256, imported_by, imported_at)"
					  " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", e);
	int rc;

	if (!st)
		return -1;
	store_params(st, o->category, o->source, o->as_of, file_name, sha, who->login,
			 mz_now_unix());
	rc = store_step(st, e);
	if (rc == 1)
		*id = store_col_i64(st, 0);
	store_done(st);
	return rc == 1 ? 0 : rc == 0 ? mz_fail(e, MZ_ESTORE, "", "no id returned", "未返回编号") : -1;
}

static int batch_finish(store_conn *c, const access_ctx *who, const evidence_import_opts *o,
			const char *sha, const evidence_import_result *res, mz_err *e)
{
	store_stmt *st = store_prepare(c, "UPDATE evidence_batches SET row_count = ? WHERE id = ?", e);
	char detail[300];
	int rc;

	if (!st)
		return -1;
	store_params(st, res->imported, res->batch_id);
	rc = store_step(st, e);
	store_done(st);
	if (rc < 0)
		return -1;
	snprintf(detail, sizeof(detail), "{\"category\":\"%s\",\"rows\":%ld,\"sha256\":\"%s\"}",
		 o->category, res->imported, sha);
	return audit_append(c, who, AUDIT_WRITE, "evidence.import", "evidence_batch", res->batch_id, "",
			    o->source, detail, e);
}

/* One pass over the file. Pass 0 counts and reports bad rows; pass 1 writes. */
static int import_pass(store_conn *c, const evidence_import_opts *o, person_cache *pc, int pass,
		       evidence_import_result *res, mz_err *e)
{
	int counted = !strcmp(o->category, "housing") || !strcmp(o->category, "vehicle");
	row_val *chunk = pass ? mz_xmalloc(CHUNK_ROWS * sizeof(row_val)) : NULL;
	table_reader *t = table_open(o->path, e);
	size_t n = 0;
	table_row r;
	int rc, ci, ck, ca, cq;

	if (!t) {
		free(chunk);
		return -1;
	}
	rc = table_next(t, &r, e);
	if (rc <= 0) {
		if (rc == 0)
			mz_fail(e, MZ_EINVAL, "file", "the file is empty", "文件为空");
		goto fail;
	}
	ci = col_index(&r, "id_number");
	ck = col_index(&r, "kind");
	ca = col_index(&r, "amount");
	cq = col_index(&r, "quantity");
	if (ci < 0 || (counted ? cq < 0 : (ck < 0 || ca < 0))) {
		mz_fail(e, MZ_EINVAL, "file",
			counted ? "the header must name id_number,quantity"
				: "the header must name id_number,kind,amount",
			counted ? "表头应包含 id_number,quantity" : "表头应包含 id_number,kind,amount");
		goto fail;
	}
	res->rows = 0;
	while ((rc = table_next(t, &r, e)) == 1) {
		row_val v;
		char field[32], msg[200];
		int bad;

		res->rows++;
		bad = validate_row(c, pc, &r, o->category, ci, ck, ca, cq, pass ? &chunk[n] : &v,
				   field, msg, sizeof(msg), e);
		if (bad < 0)
			goto fail;
		if (bad) {
			if (pass == 0) {
				res->bad++;
				if (o->bad_row)
					o->bad_row(o->arg, r.line, field, msg);
			}
			continue;
		}
		if (pass && ++n == CHUNK_ROWS) {
			if (chunk_write(c, res->batch_id, o->category, o->as_of, chunk, n, e))
				goto fail;
			res->imported += (long)n;
			n = 0;
		}
	}
	if (rc < 0)
		goto fail;
	if (pass) {
		if (chunk_write(c, res->batch_id, o->category, o->as_of, chunk, n, e))
			goto fail;
		res->imported += (long)n;
	}
	table_close(t);
	free(chunk);
	return 0;
fail:
	table_close(t);
	free(chunk);
	return -1;
}

int evidence_import(store_conn *c, const access_ctx *who, const evidence_import_opts *o,
		    evidence_import_result *res, mz_err *e)
{
	person_cache pc = { 0 };
	char sha[65];
	const char *base;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	if (!o->category || (strcmp(o->category, "income") && strcmp(o->category, "asset") &&
			     strcmp(o->category, "housing") && strcmp(o->category, "vehicle")))
		return mz_fail(e, MZ_EINVAL, "category", "category must be income, asset, housing or vehicle",
			       "类别应为 income、asset、housing 或 vehicle");
	if (!o->source || strlen(o->source) < 2 || strlen(o->source) > 100)
		return mz_fail(e, MZ_EINVAL, "source", "source (the agency) is required",
			       "请填写数据来源单位");
	if (!o->as_of || mz_day_parse(o->as_of) == MZ_DAY_INVALID || mz_day_parse(o->as_of) > mz_today())
		return mz_fail(e, MZ_EINVAL, "as_of", "as_of must be a date YYYY-MM-DD, not in the future",
			       "数据截止日期应为不晚于今天的 YYYY-MM-DD");
	if (file_sha256(o->path, sha, e))
		return -1;
	base = strrchr(o->path, '/') ? strrchr(o->path, '/') + 1 : o->path;
	if (import_pass(c, o, &pc, 0, res, e))
		goto out;
	if (res->bad) {
		mz_failf(e, MZ_EINVAL, "file", "%ld bad rows: nothing imported",
			 "%ld 行有错误，未导入任何数据", res->bad);
		goto out;
	}
	if (store_begin(c, e))
		goto out;
	if (batch_insert(c, who, o, base, sha, &res->batch_id, e) ||
	    import_pass(c, o, &pc, 1, res, e) || batch_finish(c, who, o, sha, res, e) ||
	    store_commit(c, e)) {
		store_rollback(c);
		goto out;
	}
	rc = 0;
out:
	free(pc.slots);
	return rc;
}
