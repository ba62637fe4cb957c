/* evidence.c - agency data sets: import with provenance, the latest value
 * per person, verification reports, the integrity register. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/money.h"
#include "evidence/evidence.h"
#include "policy/policy.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/query.h"

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
	/* The latest extract per (category, kind): the inner query reads only
	 * the index (person_id, category, kind, as_of), so a person with years
	 * of monthly extracts costs one index range and a few row lookups, not
	 * one lookup per extract. Rows of that day come newest first: the first
	 * names the source; of two agencies reporting the same kind on the same
	 * day the higher value is kept. */
	store_stmt *st = store_prepare(c,
		"SELECT r.category, r.kind, r.amount_fen, r.quantity, r.as_of, b.source"
		" FROM (SELECT category, kind, MAX(as_of) AS as_of FROM evidence_records"
		" WHERE person_id = ? AND as_of <= ? GROUP BY category, kind) l"
		" JOIN evidence_records r ON r.person_id = ? AND r.category = l.category"
		" AND r.kind = l.kind AND r.as_of = l.as_of"
		" JOIN evidence_batches b ON b.id = r.batch_id ORDER BY r.category, r.kind, r.id DESC", e);
	json_t *out = json_object();
	char d[11];
	int rc;

	if (!st) {
		json_decref(out);
		return NULL;
	}
	mz_day_format(as_of, d);
	store_params(st, person_id, d, person_id);
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

/* The report of the given members as of a day: every income and asset kind
 * either side knows, member by member. Caller owns it. */
static json_t *report_build(store_conn *c, json_t *person_ids, mz_day as_of, int *ndisc,
			    mz_err *e)
{
	json_t *members = json_array(), *pidv;
	char d[11];
	size_t i;

	*ndisc = 0;
	mz_day_format(as_of, d);
	json_array_foreach(person_ids, i, pidv) {
		int64_t pid = json_integer_value(pidv);
		json_t *ev = evidence_person_latest(c, pid, as_of, e);
		json_t *inc = json_object(), *ast = json_object(), *lines = json_array();
		int before = *ndisc;

		if (!ev || declared(c, "SELECT kind, monthly_fen FROM person_incomes WHERE person_id = ?",
				    pid, inc, e) ||
		    declared(c, "SELECT kind, amount_fen FROM person_assets WHERE person_id = ?",
			     pid, ast, e)) {
			json_decref(ev);
			json_decref(inc);
			json_decref(ast);
			json_decref(lines);
			json_decref(members);
			return NULL;
		}
		compare(lines, "income", inc, json_object_get(ev, "income"), ndisc);
		compare(lines, "asset", ast, json_object_get(ev, "asset"), ndisc);
		json_array_append_new(members, json_pack("{s:I,s:o,s:O?,s:O?,s:i}", "person_id",
			(json_int_t)pid, "lines", lines, "housing", json_object_get(ev, "housing"),
			"vehicle", json_object_get(ev, "vehicle"), "discrepancies", *ndisc - before));
		json_decref(ev);
		json_decref(inc);
		json_decref(ast);
	}
	return json_pack("{s:s,s:o,s:i}", "as_of", d, "members", members, "discrepancies", *ndisc);
}

json_t *evidence_verify_tx(store_conn *c, const access_ctx *who, int64_t case_id,
			   int64_t household_id, const char *division, json_t *person_ids,
			   mz_day as_of, mz_err *e)
{
	json_t *report;
	store_stmt *st;
	char *text;
	int64_t rid = 0;
	int ndisc, rc = -1;

	report = report_build(c, person_ids, as_of, &ndisc, e);
	if (!report)
		return NULL;
	text = json_dumps(report, JSON_COMPACT);
	st = store_prepare(c, "INSERT INTO verification_reports (case_id, household_id, division_code,"
			      " created_by, created_at, discrepancies, report) VALUES (?, ?, ?, ?, ?, ?, ?)"
			      " RETURNING id", e);
	if (st) {
		store_params(st, case_id, household_id, division, who->login, mz_now_unix(), ndisc,
				 text);
		rc = store_step(st, e);
		if (rc == 1)
			rid = store_col_i64(st, 0);
		store_done(st);
	}
	free(text);
	if (rc != 1) {
		if (rc == 0)
			mz_fail(e, MZ_ESTORE, "", "no id returned", "未返回编号");
		json_decref(report);
		return NULL;
	}
	{
		char detail[64];

		snprintf(detail, sizeof(detail), "{\"report\":%lld,\"discrepancies\":%d}",
			 (long long)rid, ndisc);
		if (audit_append(c, who, AUDIT_WRITE, "case.verify", "case", case_id, division, "", detail,
				 e)) {
			json_decref(report);
			return NULL;
		}
	}
	json_object_set_new(report, "id", json_integer(rid));
	return report;
}

json_t *evidence_verify(store_conn *c, const access_ctx *who, int64_t case_id,
			int64_t household_id, const char *division, json_t *person_ids,
			mz_day as_of, mz_err *e)
{
	json_t *r;

	if (store_begin(c, e))
		return NULL;
	r = evidence_verify_tx(c, who, case_id, household_id, division, person_ids, as_of, e);
	if (!r || store_commit(c, e)) {
		store_rollback(c);
		json_decref(r);
		return NULL;
	}
	return r;
}

json_t *evidence_report_latest(store_conn *c, const access_ctx *who, int64_t case_id,
			       int64_t household_id, const char *division, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT id, report, created_by, created_at FROM"
					  " verification_reports WHERE case_id = ? AND household_id = ?"
					  " ORDER BY id DESC LIMIT 1", e);
	json_t *r = NULL;
	int rc;

	if (!st)
		return NULL;
	store_params(st, case_id, household_id);
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
	if (audit_append(c, who, AUDIT_READ, "case.verification_read", "case", case_id, division, "",
			 "{}", e)) {
		json_decref(r);
		return NULL;
	}
	return r;
}

/* ---- 诚信数据库 ---- */

/* integrity_records.case_id names a case of the household co-location
 * group from a row of the person group, so there is no foreign key
 * (schema/0006_evidence.sql): the case is read here, inside the
 * transaction that writes the record. Cases are never deleted, so it still
 * exists at commit. A case outside the caller's scope (neither the
 * responsible nor the accepting street) reads as absent, as in case_load. */
static int case_visible(store_conn *c, const access_ctx *who, int64_t case_id, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT division_code, intake_street FROM cases"
					  " WHERE id = ?", e);
	int rc, ok = 0;

	if (!st)
		return -1;
	store_bind_i64(st, 1, case_id);
	rc = store_step(st, e);
	if (rc == 1)
		ok = access_in_scope(who, store_col_text(st, 0)) ||
		     access_in_scope(who, store_col_text(st, 1));
	store_done(st);
	if (rc < 0)
		return -1;
	if (!ok)
		return mz_failf(e, MZ_EINVAL, "case_id", "case_id: no case %lld in your scope",
				"case_id：您的辖区内没有编号为 %lld 的案件", (long long)case_id);
	return 0;
}

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
	{
		registry_person p;
		mz_err e2 = { 0 };

		/* Anyone outside the caller's scope is "not found", like nobody. */
		if (registry_person_find_any(c, person_id, &p, &e2)) {
			if (e2.code != MZ_ENOTFOUND) {
				if (e)
					*e = e2;
				return -1;
			}
		} else {
			mz_strlcpy(div, p.division_code, sizeof(div));
		}
	}
	if (!*div || !access_in_scope(who, div))
		return mz_fail(e, MZ_ENOTFOUND, "person_id", "person not found", "未找到该人员");
	if (store_begin(c, e))
		return -1;
	if (case_id && case_visible(c, who, case_id, e))
		goto rollback;
	st = store_prepare(c, "INSERT INTO integrity_records (person_id, division_code, case_id, kind,"
			      " detail, amount_fen, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
			      " RETURNING id", e);
	if (!st)
		goto rollback;
	store_params(st, person_id, div, store_arg_id_or_null(case_id), kind, detail, amount_fen,
			 who->login, mz_now_unix());
	rc = store_step(st, e);
	if (rc == 1)
		*id_out = store_col_i64(st, 0);
	store_done(st);
	if (rc != 1)
		goto rollback;
	/* The stated detail is the record's reason (as it always was). */
	if (audit_append(c, who, AUDIT_WRITE, "integrity.create", "person", person_id, div, detail,
			 NULL, e) || store_commit(c, e))
		goto rollback;
	return 0;
rollback:
	store_rollback(c);
	return -1;
}

/* The filter of a list: "" (any), "open" or "resolved". */
static int integrity_status(const char *status, const char **sql_status, mz_err *e)
{
	if (!status || !*status || !strcmp(status, "all"))
		*sql_status = "";
	else if (!strcmp(status, "open") || !strcmp(status, "resolved"))
		*sql_status = status;
	else
		return mz_fail(e, MZ_EINVAL, "status", "status must be open, resolved or all",
			       "状态须为 open、resolved 或 all");
	return 0;
}

json_t *evidence_integrity_list(store_conn *c, const access_ctx *who, const integrity_query *q,
				mz_err *e)
{
	const char *status = "";
	char members[1024] = "";
	json_t *items;
	store_stmt *st;
	int64_t total = 0;
	int rc;

	if (integrity_status(q->status, &status, e))
		return NULL;
	/* A household's records: those of its current members, when the
	 * household is in the caller's scope (else it is "not found"). */
	if (q->household_id) {
		registry_household hh;
		mz_err e2 = { 0 };
		size_t len = 0;

		registry_household_init(&hh);
		if (registry_household_find_any(c, q->household_id, &hh, &e2) ||
		    !access_in_scope(who, hh.division_code)) {
			registry_household_release(&hh);
			if (e2.code && e2.code != MZ_ENOTFOUND) {
				if (e)
					*e = e2;
				return NULL;
			}
			return mz_fail(e, MZ_ENOTFOUND, "household_id", "household not found",
				       "未找到该家庭户"), NULL;
		}
		for (size_t i = 0; i < hh.n_members && len + 24 < sizeof(members); i++)
			len += (size_t)snprintf(members + len, sizeof(members) - len, "%s%lld",
						len ? "," : "", (long long)hh.members[i].person_id);
		registry_household_release(&hh);
		if (!len)
			snprintf(members, sizeof(members), "0");
	}
	{
		/* members: integers this function printed, never caller text. */
		char where[1600];

		snprintf(where, sizeof(where),
			 " FROM integrity_records r WHERE " ACCESS_SCOPE_SQL("r.division_code")
			 " AND (? = 0 OR r.person_id = ?)"
			 " AND (? = '' OR (? = 'open' AND r.resolved_at IS NULL)"
			 " OR (? = 'resolved' AND r.resolved_at IS NOT NULL))%s%s%s",
			 *members ? " AND r.person_id IN (" : "", members, *members ? ")" : "");
		char sql[2048];

		snprintf(sql, sizeof(sql), "SELECT count(*)%s", where);
		if (store_row(c, e, sql, STORE_INTO(&total), access_scope_arg(who), q->person_id,
			      q->person_id, status, status, status) < 0)
			return NULL;
		snprintf(sql, sizeof(sql),
			 "SELECT r.id, r.person_id, r.division_code, r.case_id, r.kind, r.detail,"
			 " r.amount_fen, r.recorded_by, r.recorded_at, r.resolved_at, r.resolution,"
			 " r.resolved_by%s ORDER BY r.id DESC LIMIT ? OFFSET ?", where);
		st = store_prepare(c, sql, e);
		if (!st)
			return NULL;
		store_params(st, access_scope_arg(who), q->person_id, q->person_id, status, status,
			     status, q->page_size, (q->page - 1) * q->page_size);
	}
	items = json_array();
	while ((rc = store_step(st, e)) == 1) {
		char ts[32], rs[32];

		mz_time_format(store_col_i64(st, 8), ts);
		if (!store_col_is_null(st, 9))
			mz_time_format(store_col_i64(st, 9), rs);
		json_array_append_new(items, json_pack(
			"{s:I,s:I,s:s,s:s,s:s,s:o,s:s,s:s,s:I,s:s,s:s,s:s?,s:s,s:s}",
			"id", (json_int_t)store_col_i64(st, 0), "person_id", (json_int_t)store_col_i64(st, 1),
			"name", "", "id_number", "", "division_code", store_col_text(st, 2),
			"case_id", store_col_is_null(st, 3) ? json_null() : json_integer(store_col_i64(st, 3)),
			"kind", store_col_text(st, 4), "detail", store_col_text(st, 5),
			"amount_fen", (json_int_t)store_col_i64(st, 6), "recorded_by", store_col_text(st, 7),
			"recorded_at", ts, "resolved_at", store_col_is_null(st, 9) ? NULL : rs,
			"resolution", store_col_text(st, 10), "resolved_by", store_col_text(st, 11)));
	}
	store_done(st);
	/* Names and masked numbers from the registry, for the page at once. */
	if (rc >= 0 && json_array_size(items)) {
		size_t n = json_array_size(items);
		int64_t *ids = mz_xmalloc(n * sizeof(*ids));
		registry_person *ps = mz_xmalloc(n * sizeof(*ps));

		for (size_t i = 0; i < n; i++)
			ids[i] = json_integer_value(json_object_get(json_array_get(items, i),
								    "person_id"));
		rc = registry_person_list_by_ids(c, ids, n, ps, e);
		for (size_t i = 0; rc >= 0 && i < n; i++) {
			char m[19];
			json_t *it = json_array_get(items, i);

			idcard_mask(ps[i].id_number, m);
			json_object_set_new(it, "name", json_string(ps[i].name));
			json_object_set_new(it, "id_number", json_string(m));
		}
		free(ps);
		free(ids);
	}
	/* Findings about named persons: a read of personal data. */
	if (rc >= 0 && audit_append(c, who, AUDIT_READ, "integrity.read", "integrity_records",
				    q->household_id ? q->household_id : q->person_id,
				    who->scope_code, "", NULL, e))
		rc = -1;
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)q->page, "page_size", (json_int_t)q->page_size);
}

int evidence_integrity_resolve(store_conn *c, const access_ctx *who, int64_t id,
			       const char *resolution, mz_err *e)
{
	char div[16] = "";
	int64_t person = 0, resolved = 0;
	int rc;

	if (!resolution || strlen(resolution) < 4)
		return mz_fail(e, MZ_EINVAL, "resolution",
			       "say how the finding was resolved (at least 4 characters)",
			       "请说明处理结果（不少于4个字符）");
	if (store_begin(c, e))
		return -1;
	rc = store_row(c, e,
		       "SELECT person_id, division_code, COALESCE(resolved_at, 0) FROM integrity_records"
		       " WHERE id = ? AND " ACCESS_SCOPE_SQL("division_code"),
		       STORE_INTO(&person, STORE_TEXT(div), &resolved), id, access_scope_arg(who));
	if (rc <= 0) {
		if (!rc)
			mz_fail(e, MZ_ENOTFOUND, "id", "no such record in your scope",
				"您的辖区内没有该诚信记录");
		goto rollback;
	}
	if (resolved) {
		mz_fail(e, MZ_ECONFLICT, "id", "the record is resolved already", "该记录已处理");
		goto rollback;
	}
	if (store_run(c, e, "UPDATE integrity_records SET resolved_at = ?, resolution = ?,"
			    " resolved_by = ? WHERE id = ? AND person_id = ?",
		      mz_now_unix(), resolution, who->login, id, person) < 0 ||
	    audit_append(c, who, AUDIT_WRITE, "integrity.resolve", "integrity_record", id, div,
			 resolution, NULL, e) ||
	    store_commit(c, e))
		goto rollback;
	return 0;
rollback:
	store_rollback(c);
	return -1;
}

int evidence_integrity_open_ids(store_conn *c, const int64_t *person_ids, size_t n, int64_t *ids,
				size_t cap, size_t *count, mz_err *e)
{
	*count = 0;
	for (size_t i = 0; i < n; i++) {
		store_stmt *st = store_prepare(c, "SELECT id FROM integrity_records WHERE person_id = ?"
						  " AND resolved_at IS NULL ORDER BY id", e);
		int rc;

		if (!st)
			return -1;
		store_params(st, person_ids[i]);
		while ((rc = store_step(st, e)) == 1) {
			if (*count < cap)
				ids[*count] = store_col_i64(st, 0);
			(*count)++;
		}
		store_done(st);
		if (rc < 0)
			return -1;
	}
	return 0;
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
	store_params(st, page_size, (page - 1) * page_size);
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
