/* evidence.c - agency data sets: import with provenance, the latest value
 * per person, verification reports, the integrity register. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/money.h"
#include "base/table.h"
#include "evidence/evidence.h"
#include "policy/policy.h"
#include "registry/idcard.h"
#include "registry/registry.h"

const char *evidence_income_kind(const char *registry_kind)
{
	static const struct { const char *reg, *rule; } map[] = {
		{ "wages", "wage" }, { "pension", "employee_pension" },
		{ "veterans_benefit", "veterans" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].reg, registry_kind))
			return map[i].rule;
	return registry_kind;
}

json_t *evidence_person_latest(store_conn *c, int64_t person_id, mz_day as_of, mz_err *e)
{
	/* Rows come newest first per (category, kind): the first one wins; a
	 * second agency reporting the same kind on the same day is summed only
	 * if it is another source, else the higher value is kept. */
	store_stmt *st = store_prepare(c,
		"SELECT r.category, r.kind, r.amount_fen, r.quantity, r.as_of, b.source"
		" FROM evidence_records r JOIN evidence_batches b ON b.id = r.batch_id"
		" WHERE r.person_id = ? AND r.as_of <= ? ORDER BY r.category, r.kind, r.as_of DESC,"
		" r.id DESC", e);
	json_t *out = json_object();
	char d[11];
	int rc;

	if (!st) {
		json_decref(out);
		return NULL;
	}
	mz_day_format(as_of, d);
	store_bind_i64(st, 1, person_id);
	store_bind_text(st, 2, d);
	while ((rc = store_step(st, e)) == 1) {
		const char *cat = store_col_text(st, 0), *kind = store_col_text(st, 1);
		json_t *co = json_object_get(out, cat), *prev;

		if (!co)
			json_object_set_new(out, cat, co = json_object());
		prev = json_object_get(co, kind);
		if (prev) {
			if (!strcmp(json_string_value(json_object_get(prev, "as_of")), store_col_text(st, 4)) &&
			    json_integer_value(json_object_get(prev, "amount_fen")) < store_col_i64(st, 2))
				json_object_set_new(prev, "amount_fen", json_integer(store_col_i64(st, 2)));
			continue;
		}
		json_object_set_new(co, kind, json_pack("{s:I,s:I,s:s,s:s}",
			"amount_fen", (json_int_t)store_col_i64(st, 2),
			"quantity", (json_int_t)store_col_i64(st, 3),
			"as_of", store_col_text(st, 4), "source", store_col_text(st, 5)));
	}
	store_done(st);
	if (rc < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* ---- import ---- */

typedef struct row_val {
	int64_t person_id;
	char division[16];
	char kind[40];
	int64_t amount, quantity;
} row_val;

static int col_index(const table_row *h, const char *name)
{
	for (size_t i = 0; i < h->count; i++)
		if (!strcmp(h->fields[i], name))
			return (int)i;
	return -1;
}

static int validate_row(store_conn *c, const table_row *r, const char *category, int ci,
			int ck, int ca, int cq, row_val *v, char *field, char *msg, size_t cap,
			mz_err *e)
{
	idcard_info info;
	mz_err ie = { 0 };
	store_stmt *st;
	int rc, counted = !strcmp(category, "housing") || !strcmp(category, "vehicle");

	if (idcard_parse(table_field(r, (size_t)ci), &info, &ie)) {
		snprintf(field, 32, "id_number");
		snprintf(msg, cap, "%s", ie.message);
		return 1;
	}
	st = store_prepare(c, "SELECT id, division_code FROM persons WHERE id_number = ?", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, info.number);
	rc = store_step(st, e);
	if (rc == 1) {
		v->person_id = store_col_i64(st, 0);
		mz_strlcpy(v->division, store_col_text(st, 1), sizeof(v->division));
	}
	store_done(st);
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

int evidence_import(store_conn *c, const access_ctx *who, const evidence_import_opts *o,
		    evidence_import_result *res, mz_err *e)
{
	int counted, ci, ck, ca, cq;
	char sha[65];
	const char *base;

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
	counted = !strcmp(o->category, "housing") || !strcmp(o->category, "vehicle");
	if (file_sha256(o->path, sha, e))
		return -1;
	base = strrchr(o->path, '/') ? strrchr(o->path, '/') + 1 : o->path;
	/* Pass 0 validates every row and reports each bad one; pass 1 (only
	 * with no bad row) writes the batch and its rows in one transaction. */
	for (int pass = 0; pass < 2; pass++) {
		table_reader *t = table_open(o->path, e);
		table_row r;
		int rc;

		if (!t)
			return -1;
		rc = table_next(t, &r, e);
		if (rc <= 0) {
			table_close(t);
			return rc < 0 ? -1 : mz_fail(e, MZ_EINVAL, "file", "the file is empty", "文件为空");
		}
		ci = col_index(&r, "id_number");
		ck = col_index(&r, "kind");
		ca = col_index(&r, "amount");
		cq = col_index(&r, "quantity");
		if (ci < 0 || (counted ? cq < 0 : (ck < 0 || ca < 0))) {
			table_close(t);
			return mz_fail(e, MZ_EINVAL, "file",
				       counted ? "the header must name id_number,quantity"
					       : "the header must name id_number,kind,amount",
				       counted ? "表头应包含 id_number,quantity" : "表头应包含 id_number,kind,amount");
		}
		if (pass == 1) {
			store_stmt *st;

			if (store_begin(c, e)) {
				table_close(t);
				return -1;
			}
			st = store_prepare(c, "INSERT INTO evidence_batches (category, source, as_of, file_name,"
					      " sha256, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
					      " RETURNING id", e);
			if (!st)
				goto fail_tx;
			store_bind_text(st, 1, o->category);
			store_bind_text(st, 2, o->source);
			store_bind_text(st, 3, o->as_of);
			store_bind_text(st, 4, base);
			store_bind_text(st, 5, sha);
			store_bind_text(st, 6, who->login);
			store_bind_i64(st, 7, mz_now_unix());
			rc = store_step(st, e);
			if (rc == 1)
				res->batch_id = store_col_i64(st, 0);
			store_done(st);
			if (rc != 1)
				goto fail_tx;
		}
		res->rows = 0;
		while ((rc = table_next(t, &r, e)) == 1) {
			row_val v;
			char field[32], msg[200];
			int bad;

			res->rows++;
			bad = validate_row(c, &r, o->category, ci, ck, ca, cq, &v, field, msg,
					   sizeof(msg), e);
			if (bad < 0)
				goto fail_tx;
			if (bad) {
				if (pass == 0) {
					res->bad++;
					if (o->bad_row)
						o->bad_row(o->arg, r.line, field, msg);
				}
				continue;
			}
			if (pass == 1) {
				store_stmt *st = store_prepare(c,
					"INSERT INTO evidence_records (batch_id, person_id, division_code,"
					" category, kind, amount_fen, quantity, as_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e);

				if (!st)
					goto fail_tx;
				store_bind_i64(st, 1, res->batch_id);
				store_bind_i64(st, 2, v.person_id);
				store_bind_text(st, 3, v.division);
				store_bind_text(st, 4, o->category);
				store_bind_text(st, 5, v.kind);
				store_bind_i64(st, 6, v.amount);
				store_bind_i64(st, 7, v.quantity);
				store_bind_text(st, 8, o->as_of);
				rc = store_step(st, e);
				store_done(st);
				if (rc < 0)
					goto fail_tx;
				res->imported++;
			}
		}
		table_close(t);
		t = NULL;
		if (rc < 0) {
			if (pass == 1)
				store_rollback(c);
			return -1;
		}
		if (pass == 0 && res->bad)
			return mz_failf(e, MZ_EINVAL, "file", "%ld bad rows: nothing imported",
					"%ld 行有错误，未导入任何数据", res->bad);
		if (pass == 1) {
			store_stmt *st = store_prepare(c, "UPDATE evidence_batches SET row_count = ? WHERE id = ?", e);
			audit_entry a;
			char idbuf[24], detail[300];

			if (!st)
				goto fail_tx2;
			store_bind_i64(st, 1, res->imported);
			store_bind_i64(st, 2, res->batch_id);
			rc = store_step(st, e);
			store_done(st);
			if (rc < 0)
				goto fail_tx2;
			snprintf(idbuf, sizeof(idbuf), "%lld", (long long)res->batch_id);
			snprintf(detail, sizeof(detail),
				 "{\"category\":\"%s\",\"rows\":%ld,\"sha256\":\"%s\"}", o->category,
				 res->imported, sha);
			audit_entry_init(&a, who, "evidence.import", "evidence_batch", idbuf, "", o->source);
			a.detail = detail;
			if (audit_append_tx(c, &a, 1, e) || store_commit(c, e))
				goto fail_tx2;
		}
		continue;
fail_tx:
		table_close(t);
fail_tx2:
		if (pass == 1)
			store_rollback(c);
		return -1;
	}
	return 0;
}

/* ---- verification report ---- */

static int declared(store_conn *c, const char *sql, int64_t pid, json_t *out, mz_err *e)
{
	store_stmt *st = store_prepare(c, sql, e);
	int rc;

	if (!st)
		return -1;
	store_bind_i64(st, 1, pid);
	while ((rc = store_step(st, e)) == 1)
		json_object_set_new(out, evidence_income_kind(store_col_text(st, 0)),
				    json_integer(store_col_i64(st, 1)));
	store_done(st);
	return rc < 0 ? -1 : 0;
}

static void compare(json_t *lines, const char *category, json_t *decl, json_t *agency,
		    int *ndisc)
{
	const char *kind;
	json_t *v;

	/* Every kind either side knows. */
	json_object_foreach(agency, kind, v) {
		int64_t a = json_integer_value(json_object_get(v, "amount_fen"));
		int64_t d = json_integer_value(json_object_get(decl, kind));
		int disc = a > d;

		*ndisc += disc;
		json_array_append_new(lines, json_pack("{s:s,s:s,s:I,s:I,s:s,s:s,s:b}",
			"category", category, "kind", kind, "declared_fen", (json_int_t)d,
			"agency_fen", (json_int_t)a, "source",
			json_string_value(json_object_get(v, "source")), "as_of",
			json_string_value(json_object_get(v, "as_of")), "discrepancy", disc));
	}
	json_object_foreach(decl, kind, v)
		if (!json_object_get(agency, kind))
			json_array_append_new(lines, json_pack("{s:s,s:s,s:I,s:n,s:n,s:n,s:b}",
				"category", category, "kind", kind, "declared_fen",
				(json_int_t)json_integer_value(v), "agency_fen", "source", "as_of",
				"discrepancy", 0));
}

json_t *evidence_verify(store_conn *c, const access_ctx *who, int64_t case_id,
			int64_t household_id, const char *division, json_t *person_ids,
			mz_day as_of, mz_err *e)
{
	json_t *members = json_array(), *report = NULL, *pidv;
	int ndisc = 0, rc;
	size_t i;
	char d[11], *text;
	store_stmt *st;
	int64_t rid = 0;

	mz_day_format(as_of, d);
	json_array_foreach(person_ids, i, pidv) {
		int64_t pid = json_integer_value(pidv);
		json_t *ev = evidence_person_latest(c, pid, as_of, e);
		json_t *inc = json_object(), *ast = json_object(), *lines = json_array();
		int before = ndisc;

		if (!ev || declared(c, "SELECT kind, monthly_fen FROM person_incomes WHERE person_id = ?",
				    pid, inc, e) ||
		    declared(c, "SELECT kind, amount_fen FROM person_assets WHERE person_id = ?",
			     pid, ast, e)) {
			json_decref(ev);
			json_decref(inc);
			json_decref(ast);
			json_decref(lines);
			goto fail;
		}
		compare(lines, "income", inc, json_object_get(ev, "income"), &ndisc);
		compare(lines, "asset", ast, json_object_get(ev, "asset"), &ndisc);
		json_array_append_new(members, json_pack("{s:I,s:o,s:O?,s:O?,s:i}", "person_id",
			(json_int_t)pid, "lines", lines, "housing", json_object_get(ev, "housing"),
			"vehicle", json_object_get(ev, "vehicle"), "discrepancies", ndisc - before));
		json_decref(ev);
		json_decref(inc);
		json_decref(ast);
	}
	report = json_pack("{s:s,s:o,s:i}", "as_of", d, "members", members, "discrepancies", ndisc);
	members = NULL;
	text = json_dumps(report, JSON_COMPACT);
	if (store_begin(c, e)) {
		free(text);
		goto fail;
	}
	st = store_prepare(c, "INSERT INTO verification_reports (case_id, household_id, division_code,"
			      " created_by, created_at, discrepancies, report) VALUES (?, ?, ?, ?, ?, ?, ?)"
			      " RETURNING id", e);
	if (st) {
		store_bind_i64(st, 1, case_id);
		store_bind_i64(st, 2, household_id);
		store_bind_text(st, 3, division);
		store_bind_text(st, 4, who->login);
		store_bind_i64(st, 5, mz_now_unix());
		store_bind_i64(st, 6, ndisc);
		store_bind_text(st, 7, text);
		rc = store_step(st, e);
		if (rc == 1)
			rid = store_col_i64(st, 0);
		store_done(st);
	}
	free(text);
	if (!rid) {
		store_rollback(c);
		goto fail;
	}
	{
		audit_entry a;
		char idbuf[24], detail[64];

		snprintf(idbuf, sizeof(idbuf), "%lld", (long long)case_id);
		snprintf(detail, sizeof(detail), "{\"report\":%lld,\"discrepancies\":%d}",
			 (long long)rid, ndisc);
		audit_entry_init(&a, who, "case.verify", "case", idbuf, division, "");
		a.detail = detail;
		if (audit_append_tx(c, &a, 1, e) || store_commit(c, e)) {
			store_rollback(c);
			goto fail;
		}
	}
	json_object_set_new(report, "id", json_integer(rid));
	return report;
fail:
	json_decref(members);
	json_decref(report);
	return NULL;
}

json_t *evidence_report_latest(store_conn *c, const access_ctx *who, int64_t case_id,
			       const char *division, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT id, report, created_by, created_at FROM"
					  " verification_reports WHERE case_id = ? ORDER BY id DESC LIMIT 1", e);
	json_t *r = NULL;
	int rc;

	if (!st)
		return NULL;
	store_bind_i64(st, 1, case_id);
	rc = store_step(st, e);
	if (rc == 1) {
		char ts[32];

		r = json_loads(store_col_text(st, 1), 0, NULL);
		mz_time_format(store_col_i64(st, 3), ts);
		if (r) {
			json_object_set_new(r, "id", json_integer(store_col_i64(st, 0)));
			json_object_set_new(r, "created_by", json_string(store_col_text(st, 2)));
			json_object_set_new(r, "created_at", json_string(ts));
		}
	}
	store_done(st);
	if (rc < 0)
		return NULL;
	/* No report yet: an empty object (the HTTP layer writes objects and
	 * arrays only; a bare null would not encode). */
	if (!r)
		r = json_object();
	/* The report holds every member's incomes and assets: an audited read. */
	if (registry_audit_read(c, who, "case.verification_read", "case", case_id, division, "",
				"{}", e)) {
		json_decref(r);
		return NULL;
	}
	return r;
}

/* ---- 诚信数据库 ---- */

int evidence_integrity_add(store_conn *c, const access_ctx *who, int64_t person_id,
			   int64_t case_id, const char *kind, const char *detail,
			   int64_t amount_fen, int64_t *id_out, mz_err *e)
{
	store_stmt *st;
	char div[16] = "";
	int rc;

	if (!kind || (strcmp(kind, "concealed_income") && strcmp(kind, "concealed_asset") &&
		      strcmp(kind, "false_declaration") && strcmp(kind, "fraudulent_claim")))
		return mz_fail(e, MZ_EINVAL, "kind",
			       "kind must be concealed_income, concealed_asset, false_declaration or fraudulent_claim",
			       "类型应为隐瞒收入、隐瞒财产、虚假申报或骗取救助之一");
	if (!detail || strlen(detail) < 10)
		return mz_fail(e, MZ_EINVAL, "detail", "describe the finding (at least 10 characters)",
			       "请说明核查发现的情况（不少于10个字符）");
	st = store_prepare(c, "SELECT division_code FROM persons WHERE id = ?", e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, person_id);
	rc = store_step(st, e);
	if (rc == 1)
		mz_strlcpy(div, store_col_text(st, 0), sizeof(div));
	store_done(st);
	if (rc < 0)
		return -1;
	if (!*div || !access_in_scope(who, div))
		return mz_fail(e, MZ_ENOTFOUND, "person_id", "person not found", "未找到该人员");
	if (store_begin(c, e))
		return -1;
	st = store_prepare(c, "INSERT INTO integrity_records (person_id, division_code, case_id, kind,"
			      " detail, amount_fen, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
			      " RETURNING id", e);
	if (!st)
		goto rollback;
	store_bind_i64(st, 1, person_id);
	store_bind_text(st, 2, div);
	if (case_id)
		store_bind_i64(st, 3, case_id);
	else
		store_bind_null(st, 3);
	store_bind_text(st, 4, kind);
	store_bind_text(st, 5, detail);
	store_bind_i64(st, 6, amount_fen);
	store_bind_text(st, 7, who->login);
	store_bind_i64(st, 8, mz_now_unix());
	rc = store_step(st, e);
	if (rc == 1)
		*id_out = store_col_i64(st, 0);
	store_done(st);
	if (rc != 1)
		goto rollback;
	{
		audit_entry a;
		char idbuf[24];

		snprintf(idbuf, sizeof(idbuf), "%lld", (long long)person_id);
		audit_entry_init(&a, who, "integrity.create", "person", idbuf, div, detail);
		if (audit_append_tx(c, &a, 1, e) || store_commit(c, e))
			goto rollback;
	}
	return 0;
rollback:
	store_rollback(c);
	return -1;
}

json_t *evidence_integrity_list(store_conn *c, const access_ctx *who, int64_t person_id,
				int64_t page, int64_t page_size, mz_err *e)
{
	store_stmt *st = store_prepare(c,
		"SELECT r.id, r.person_id, p.name, p.id_number, r.division_code, r.case_id, r.kind,"
		" r.detail, r.amount_fen, r.recorded_by, r.recorded_at FROM integrity_records r"
		" JOIN persons p ON p.id = r.person_id WHERE r.division_code >= ? AND r.division_code < ?"
		" AND (? = 0 OR r.person_id = ?) ORDER BY r.id DESC LIMIT ? OFFSET ?", e);
	json_t *items = json_array();
	int rc;

	if (!st) {
		json_decref(items);
		return NULL;
	}
	store_bind_text(st, 1, who->scope_lo);
	store_bind_text(st, 2, who->scope_hi);
	store_bind_i64(st, 3, person_id);
	store_bind_i64(st, 4, person_id);
	store_bind_i64(st, 5, page_size);
	store_bind_i64(st, 6, (page - 1) * page_size);
	while ((rc = store_step(st, e)) == 1) {
		char m[19], ts[32];

		idcard_mask(store_col_text(st, 3), m);
		mz_time_format(store_col_i64(st, 10), ts);
		json_array_append_new(items, json_pack("{s:I,s:I,s:s,s:s,s:s,s:o,s:s,s:s,s:I,s:s,s:s}",
			"id", (json_int_t)store_col_i64(st, 0), "person_id", (json_int_t)store_col_i64(st, 1),
			"name", store_col_text(st, 2), "id_number", m, "division_code", store_col_text(st, 4),
			"case_id", store_col_is_null(st, 5) ? json_null() : json_integer(store_col_i64(st, 5)),
			"kind", store_col_text(st, 6), "detail", store_col_text(st, 7),
			"amount_fen", (json_int_t)store_col_i64(st, 8), "recorded_by", store_col_text(st, 9),
			"recorded_at", ts));
	}
	store_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o,s:I,s:I}", "items", items, "page", (json_int_t)page, "page_size",
			 (json_int_t)page_size);
}

json_t *evidence_batches_list(store_conn *c, const access_ctx *who, int64_t page,
			      int64_t page_size, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT id, category, source, as_of, file_name, sha256,"
					  " row_count, imported_by, imported_at FROM evidence_batches"
					  " ORDER BY id DESC LIMIT ? OFFSET ?", e);
	json_t *items = json_array();
	int rc;

	(void)who;
	if (!st) {
		json_decref(items);
		return NULL;
	}
	store_bind_i64(st, 1, page_size);
	store_bind_i64(st, 2, (page - 1) * page_size);
	while ((rc = store_step(st, e)) == 1) {
		char ts[32];

		mz_time_format(store_col_i64(st, 8), ts);
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s}",
			"id", (json_int_t)store_col_i64(st, 0), "category", store_col_text(st, 1),
			"source", store_col_text(st, 2), "as_of", store_col_text(st, 3),
			"file_name", store_col_text(st, 4), "sha256", store_col_text(st, 5),
			"rows", (json_int_t)store_col_i64(st, 6), "imported_by", store_col_text(st, 7),
			"imported_at", ts));
	}
	store_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o,s:I,s:I}", "items", items, "page", (json_int_t)page, "page_size",
			 (json_int_t)page_size);
}
