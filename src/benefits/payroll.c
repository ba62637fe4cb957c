/* payroll.c - monthly payroll runs: lines, approval, bank file, totals.
 *
 * Exactly once, by construction: a line's identity is (enrollment_id,
 * household_id, month), a unique key (the household is the enrollment's,
 * there for the distribution: schema/0005_benefits.sql), and lines are written with INSERT ... SELECT ...
 * ON CONFLICT DO NOTHING. The run proceeds in chunks of enrollment ids,
 * each chunk one transaction that also advances enrollments.paid_through,
 * so a crash loses at most the chunk under way and the next run (or the
 * same run again) writes what is missing and nothing twice. Totals are
 * always recomputed from the lines, never accumulated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/money.h"
#include "benefits/benefits.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/order.h"

#define CHUNK_IDS 20000

static int exec1(store_stmt *st, mz_err *e)
{
	int rc = store_step(st, e);

	store_done(st);
	return rc < 0 ? -1 : 0;
}

typedef struct run_row {
	int64_t id, lines, total;
	char month[8], scope[16], status[16], created_by[64];
} run_row;

static int run_load(store_conn *c, const access_ctx *who, int64_t id, run_row *r, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT id, month, scope_code, status, line_count,"
					  " total_fen, created_by FROM payroll_runs WHERE id = ?", e);
	int rc;

	if (!st)
		return -1;
	store_bind_i64(st, 1, id);
	rc = store_step(st, e);
	if (rc == 1) {
		r->id = store_col_i64(st, 0);
		mz_strlcpy(r->month, store_col_text(st, 1), sizeof(r->month));
		mz_strlcpy(r->scope, store_col_text(st, 2), sizeof(r->scope));
		mz_strlcpy(r->status, store_col_text(st, 3), sizeof(r->status));
		r->lines = store_col_i64(st, 4);
		r->total = store_col_i64(st, 5);
		mz_strlcpy(r->created_by, store_col_text(st, 6), sizeof(r->created_by));
	}
	store_done(st);
	if (rc < 0)
		return -1;
	/* A run is visible to whoever's scope covers it, or lies within it. */
	if (rc == 0 || !(access_in_scope(who, r->scope) || !strcmp(r->scope, "440100")))
		return mz_fail(e, MZ_ENOTFOUND, "id", "payroll run not found", "未找到该发放批次");
	return 0;
}

int benefits_payroll_run_check(store_conn *c, const access_ctx *who, int64_t run_id, mz_err *e)
{
	run_row r;

	return run_load(c, who, run_id, &r, e);
}

static int run_refresh_totals(store_conn *c, int64_t id, mz_err *e)
{
	return store_run(c, e,
		"UPDATE payroll_runs SET"
		" line_count = (SELECT COUNT(*) FROM payments WHERE run_id = ? AND status <> 'cancelled'),"
		" total_fen = (SELECT COALESCE(SUM(amount_fen), 0) FROM payments WHERE run_id = ?"
		" AND status <> 'cancelled') WHERE id = ?", id, id, id) < 0 ? -1 : 0;
}

/* Locks a draft run's row for the caller's transaction; fails if the run
 * is no longer a draft. Lines go into a run in several transactions: each
 * takes this lock first, so an approval (which updates the same row) either
 * waits for the lines and counts them, or comes first and stops the run. */
static int run_lock_draft(store_conn *c, int64_t id, mz_err *e)
{
	int64_t n = store_update_id(c, "UPDATE payroll_runs SET status = status WHERE id = ?"
				       " AND status = 'draft'", id, e);

	if (n < 0)
		return -1;
	if (n != 1)
		return mz_fail(e, MZ_ESTATE, "status",
			       "the run was approved while its lines were being added; run the month"
			       " again for a supplementary run",
			       "批次在生成明细期间已被审批，请重新生成以编制补发批次");
	return 0;
}

static json_t *run_totals(store_conn *c, const char *where_col, int64_t run_id,
			  const char *month, const char *lo, const char *hi, mz_err *e)
{
	json_t *items = json_array();
	store_stmt *st;
	mz_buf sql;
	int rc;

	mz_buf_init(&sql);
	mz_buf_printf(&sql,
		"SELECT t.district, t.program, t.n, t.total FROM (SELECT"
		" substr(p.division_code, 1, 6) AS district, p.program AS program, COUNT(*) AS n,"
		" SUM(p.amount_fen) AS total FROM payments p WHERE %s AND p.status <> 'cancelled'"
		" AND " ACCESS_SCOPE_SQL("p.division_code")
		" GROUP BY substr(p.division_code, 1, 6), p.program) t"
		" ORDER BY t.district, t.program", where_col);
	st = store_prepare(c, sql.data, e);
	mz_buf_release(&sql);
	if (!st) {
		json_decref(items);
		return NULL;
	}
	if (month)
		store_bind_text(st, 1, month);
	else
		store_bind_i64(st, 1, run_id);
	store_params_at(st, 2, store_arg_range(lo, hi));
	while ((rc = store_step(st, e)) == 1) {
		char y[32], dname[128];

		/* The district's name is the registry's (null for an unknown code). */
		registry_division_name(c, store_col_text(st, 0), dname, sizeof(dname));
		mz_fen_format_yuan(store_col_i64(st, 3), y);
		json_array_append_new(items, json_pack("{s:s,s:s?,s:s,s:I,s:I,s:s}",
			"district", store_col_text(st, 0), "district_name", dname[0] ? dname : NULL,
			"program", store_col_text(st, 1), "lines", (json_int_t)store_col_i64(st, 2),
			"total_fen", (json_int_t)store_col_i64(st, 3), "total", y));
	}
	store_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}

json_t *benefits_payroll_get(store_conn *c, const access_ctx *who, int64_t run_id, mz_err *e)
{
	store_stmt *st;
	json_t *o = NULL, *totals, *counts = json_object();
	run_row r;
	char y[32], lo[16], hi[16];
	int rc;

	if (run_load(c, who, run_id, &r, e)) {
		json_decref(counts);
		return NULL;
	}
	st = store_prepare(c, "SELECT created_by, created_at, approved_by, approved_at, released_by,"
			      " released_at FROM payroll_runs WHERE id = ?", e);
	if (!st) {
		json_decref(counts);
		return NULL;
	}
	store_bind_i64(st, 1, run_id);
	rc = store_step(st, e);
	if (rc == 1) {
		char t1[32] = "", t2[32] = "", t3[32] = "";

		mz_time_format(store_col_i64(st, 1), t1);
		if (!store_col_is_null(st, 3))
			mz_time_format(store_col_i64(st, 3), t2);
		if (!store_col_is_null(st, 5))
			mz_time_format(store_col_i64(st, 5), t3);
		mz_fen_format_yuan(r.total, y);
		o = json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
			      "id", (json_int_t)r.id, "month", r.month, "scope_code", r.scope,
			      "status", r.status, "line_count", (json_int_t)r.lines,
			      "total_fen", (json_int_t)r.total, "total", y,
			      "created_by", store_col_text(st, 0), "created_at", t1,
			      "approved_by", store_col_text(st, 2), "approved_at", t2,
			      "released_by", store_col_text(st, 4), "released_at", t3);
	}
	store_done(st);
	if (rc < 0) { /* a storage error is not "not found" */
		json_decref(counts);
		return NULL;
	}
	if (!o) {
		json_decref(counts);
		return mz_fail(e, MZ_ENOTFOUND, "id", "payroll run not found", "未找到该发放批次"), NULL;
	}
	st = store_prepare(c, "SELECT status, COUNT(*), COALESCE(SUM(amount_fen), 0) FROM payments"
			      " WHERE run_id = ? GROUP BY status", e);
	if (!st)
		goto fail;
	store_bind_i64(st, 1, run_id);
	while ((rc = store_step(st, e)) == 1)
		json_object_set_new(counts, store_col_text(st, 0),
				    json_pack("{s:I,s:I}", "lines", (json_int_t)store_col_i64(st, 1),
					      "total_fen", (json_int_t)store_col_i64(st, 2)));
	store_done(st);
	if (rc < 0)
		goto fail;
	json_object_set_new(o, "by_status", counts);
	counts = NULL;
	access_scope_range(r.scope, lo, hi);
	totals = run_totals(c, "p.run_id = ?", run_id, NULL, lo, hi, e);
	if (!totals)
		goto fail;
	json_object_set_new(o, "totals", totals);
	return o;
fail:
	json_decref(counts);
	json_decref(o);
	return NULL;
}

json_t *benefits_payroll_run(store_conn *c, const access_ctx *who, const char *month,
			     const char *scope_code, const payroll_progress *prog, mz_err *e)
{
	char lo[16], hi[16], detail[160];
	int64_t run_id = 0, min_id = 0, max_id = -1, added_total = 0;
	char status[16] = "";
	store_stmt *st;
	int rc;

	if (!benefits_month_valid(month))
		return mz_fail(e, MZ_EINVAL, "month", "month must be YYYY-MM", "月份应为 YYYY-MM"), NULL;
	if (!scope_code || !*scope_code)
		scope_code = "440100";
	if (strlen(scope_code) != 6 || !access_in_scope(who, scope_code))
		return mz_fail(e, MZ_EINVAL, "district",
			       "district must be the city (440100) or a district within your scope",
			       "区划应为全市（440100）或您权限范围内的区"), NULL;
	if (benefits_deaths_sweep(c, who, NULL, e))
		return NULL;
	access_scope_range(scope_code, lo, hi);

	/* The month's open (draft) run is continued. Once it is approved, a
	 * line still owed (a decision taken since) goes into a supplementary
	 * run (补发), created only when something is owed, so calling again
	 * never creates an empty run. */
	if (store_begin(c, e))
		return NULL;
	{
		int64_t seq = 0, owed = 0;

		st = store_prepare(c, "SELECT id, status, seq FROM payroll_runs WHERE month = ?"
				      " AND scope_code = ? ORDER BY seq DESC LIMIT 1", e);
		if (!st)
			goto rollback;
		store_params(st, month, scope_code);
		rc = store_step(st, e);
		if (rc == 1) {
			run_id = store_col_i64(st, 0);
			mz_strlcpy(status, store_col_text(st, 1), sizeof(status));
			seq = store_col_i64(st, 2);
		}
		store_done(st);
		if (rc < 0)
			goto rollback;
		if (run_id && strcmp(status, "draft")) {
			st = store_prepare(c,
				"SELECT COUNT(*) FROM (SELECT 1 FROM enrollments e JOIN pay_months m"
				" ON m.month >= e.start_month AND m.month <= ?"
				" AND (e.paid_through IS NULL OR m.month > e.paid_through)"
				" AND (e.end_month IS NULL OR m.month <= e.end_month)"
				" WHERE e.status <> 'suspended' AND e.amount_fen > 0"
				" AND " ACCESS_SCOPE_SQL("e.division_code")
				" LIMIT 1) x", e);
			if (!st)
				goto rollback;
			store_params(st, month, store_arg_range(lo, hi));
			rc = store_step(st, e);
			owed = rc == 1 ? store_col_i64(st, 0) : 0;
			store_done(st);
			if (rc < 0)
				goto rollback;
			if (!owed) {
				store_rollback(c);
				return benefits_payroll_get(c, who, run_id, e);
			}
		}
		if (!run_id || strcmp(status, "draft")) {
			st = store_prepare(c, "INSERT INTO payroll_runs (month, scope_code, seq, created_by,"
					      " created_at) VALUES (?, ?, ?, ?, ?)"
					      " ON CONFLICT (month, scope_code, seq) DO NOTHING", e);
			if (!st)
				goto rollback;
			store_params(st, month, scope_code, seq + 1, who->login, mz_now_unix());
			if (exec1(st, e))
				goto rollback;
			st = store_prepare(c, "SELECT id, status FROM payroll_runs WHERE month = ?"
					      " AND scope_code = ? AND seq = ?", e);
			if (!st)
				goto rollback;
			store_params(st, month, scope_code, seq + 1);
			rc = store_step(st, e);
			if (rc == 1) {
				run_id = store_col_i64(st, 0);
				mz_strlcpy(status, store_col_text(st, 1), sizeof(status));
			}
			store_done(st);
			if (rc != 1)
				goto rollback;
		}
	}
	snprintf(detail, sizeof(detail), "{\"month\":\"%s\",\"scope\":\"%s\"}", month, scope_code);
	if (audit_append(c, who, AUDIT_WRITE, "payroll.run", "payroll_run", run_id, scope_code, "",
			 detail, e) || store_commit(c, e))
		goto rollback;
	if (strcmp(status, "draft"))
		return benefits_payroll_get(c, who, run_id, e);

	st = store_prepare(c, "SELECT MIN(id), MAX(id) FROM enrollments WHERE " ACCESS_SCOPE_SQL("division_code"), e);
	if (!st)
		return NULL;
	store_params(st, store_arg_range(lo, hi));
	if (store_step(st, e) == 1 && !store_col_is_null(st, 0)) {
		min_id = store_col_i64(st, 0);
		max_id = store_col_i64(st, 1);
	}
	store_done(st);

	for (int64_t from = min_id; from <= max_id; from += CHUNK_IDS) {
		int64_t to = from + CHUNK_IDS, added;

		if (store_begin(c, e))
			return NULL;
		if (run_lock_draft(c, run_id, e))
			goto rollback;
		/* The month and every earlier month still owed (back pay), never
		 * before the first month, never after the last. */
		st = store_prepare(c,
			"INSERT INTO payments (run_id, enrollment_id, household_id, month, program,"
			" division_code, amount_fen, kind) SELECT ?, e.id, e.household_id, m.month,"
			" e.program, e.division_code,"
			" e.amount_fen, CASE WHEN m.month = ? THEN 'regular' ELSE 'back_pay' END"
			" FROM enrollments e JOIN pay_months m ON m.month >= e.start_month"
			" AND m.month <= ? AND (e.paid_through IS NULL OR m.month > e.paid_through)"
			" AND (e.end_month IS NULL OR m.month <= e.end_month)"
			" WHERE e.id >= ? AND e.id < ? AND e.status <> 'suspended'"
			" AND e.amount_fen > 0" /* a status without cash (低保边缘) */
			" AND " ACCESS_SCOPE_SQL("e.division_code")
			" ON CONFLICT (enrollment_id, household_id, month) DO NOTHING", e);
		if (!st)
			goto rollback;
		store_params(st, run_id, month, month, from, to, store_arg_range(lo, hi));
		if (store_step(st, e) < 0) {
			store_done(st);
			goto rollback;
		}
		added = store_changes(st);
		store_done(st);
		st = store_prepare(c,
			"UPDATE enrollments SET paid_through = ? WHERE id >= ? AND id < ?"
			" AND status <> 'suspended' AND " ACCESS_SCOPE_SQL("division_code")
			" AND start_month <= ? AND (paid_through IS NULL OR paid_through < ?)", e);
		if (!st)
			goto rollback;
		store_params(st, month, from, to, store_arg_range(lo, hi), month, month);
		if (exec1(st, e))
			goto rollback;
		if (added) {
			snprintf(detail, sizeof(detail),
				 "{\"month\":\"%s\",\"from_id\":%lld,\"lines\":%lld}", month,
				 (long long)from, (long long)added);
			if (audit_append(c, who, AUDIT_WRITE, "payroll.lines", "payroll_run", run_id,
					 scope_code, "", detail, e))
				goto rollback;
		}
		if (store_commit(c, e))
			goto rollback;
		added_total += added;
		if (prog && prog->fn)
			prog->fn(prog->arg, to - min_id, max_id - min_id + 1);
	}

	/* Lines the bank refused earlier are retried in this run. */
	if (store_begin(c, e))
		return NULL;
	if (run_lock_draft(c, run_id, e))
		goto rollback;
	st = store_prepare(c, "UPDATE payments SET run_id = ?, status = 'pending', attempts ="
			      " attempts + 1, fail_reason = '' WHERE status = 'failed' AND run_id <> ?"
			      " AND fail_reason NOT LIKE 'account_closed%'"
			      " AND " ACCESS_SCOPE_SQL("division_code"), e);
	if (!st)
		goto rollback;
	store_params(st, run_id, run_id, store_arg_range(lo, hi));
	if (exec1(st, e) || run_refresh_totals(c, run_id, e) || store_commit(c, e))
		goto rollback;
	(void)added_total;
	return benefits_payroll_get(c, who, run_id, e);
rollback:
	store_rollback(c);
	return NULL;
}

json_t *benefits_payroll_approve(store_conn *c, const access_ctx *who, int64_t run_id,
				 mz_err *e)
{
	store_stmt *st;
	run_row r;

	if (store_begin(c, e))
		return NULL;
	if (run_load(c, who, run_id, &r, e))
		goto rollback;
	if (!access_in_scope(who, r.scope)) {
		mz_fail(e, MZ_EFORBIDDEN, "id", "the run covers more than your scope",
			"该批次超出您的权限范围，须由上级审批");
		goto rollback;
	}
	if (strcmp(r.status, "draft")) {
		mz_failf(e, MZ_ESTATE, "status", "the run is already %s", "该批次已是“%s”状态",
			 r.status);
		goto rollback;
	}
	/* Four eyes: whoever prepared the run does not approve it. */
	if (!strcmp(r.created_by, who->login)) {
		mz_fail(e, MZ_EFORBIDDEN, "approved_by",
			"the run must be approved by someone other than its creator",
			"发放批次须由编制人以外的人员审批");
		goto rollback;
	}
	/* The status UPDATE comes first: it matches only a draft (so of two
	 * approvals at once on PostgreSQL the second finds the run approved)
	 * and it locks the run row, so a line-adding transaction of
	 * benefits_payroll_run that holds the row commits before the totals
	 * below are counted, and one that starts later finds the run approved. */
	st = store_prepare(c, "UPDATE payroll_runs SET status = 'approved', approved_by = ?,"
			      " approved_at = ? WHERE id = ? AND status = 'draft'", e);
	if (!st)
		goto rollback;
	store_params(st, who->login, mz_now_unix(), run_id);
	if (store_step(st, e) < 0) {
		store_done(st);
		goto rollback;
	}
	if (store_changes(st) != 1) {
		store_done(st);
		mz_fail(e, MZ_ESTATE, "status", "the run was approved by someone else meanwhile",
			"该批次已被他人审批");
		goto rollback;
	}
	store_done(st);
	if (run_refresh_totals(c, run_id, e) ||
	    audit_append(c, who, AUDIT_WRITE, "payroll.approve", "payroll_run", run_id, r.scope, "",
			 NULL, e) || store_commit(c, e))
		goto rollback;
	return benefits_payroll_get(c, who, run_id, e);
rollback:
	store_rollback(c);
	return NULL;
}

static void csv_field(mz_buf *b, const char *s)
{
	/* Quote always; double inner quotes; neutralise spreadsheet formulas. */
	mz_buf_putc(b, '"');
	if (s && (*s == '=' || *s == '+' || *s == '-' || *s == '@'))
		mz_buf_putc(b, '\'');
	for (; s && *s; s++) {
		if (*s == '"')
			mz_buf_putc(b, '"');
		mz_buf_putc(b, *s);
	}
	mz_buf_putc(b, '"');
}

int benefits_payroll_bank_file(store_conn *c, const access_ctx *who, int64_t run_id,
			       char **csv, size_t *len, mz_err *e)
{
	store_stmt *st;
	run_row r;
	mz_buf b;
	int rc;

	mz_buf_init(&b);
	if (store_begin(c, e))
		return -1;
	if (run_load(c, who, run_id, &r, e))
		goto rollback;
	if (!strcmp(r.status, "draft")) {
		mz_fail(e, MZ_ESTATE, "status", "the run must be approved before the bank file is made",
			"发放批次须经审批后才能生成银行代发文件");
		goto rollback;
	}
	mz_buf_puts(&b, "payment_id,month,kind,program,division_code,name,bank_account,amount\r\n");
	/* The lines with their payee first (the household group, a materialized
	 * CTE), the payee's name joined after: on Citus persons are another
	 * group, and joined to the run's short list they are probed shard by
	 * shard (docs/scaling.md, step 5). */
	st = store_prepare(c,
		"WITH r AS MATERIALIZED (SELECT p.id, p.month, p.kind, p.program, p.division_code,"
		"  e.bank_account, p.amount_fen, COALESCE(e.person_id, (SELECT applicant_id FROM cases"
		"  WHERE id = e.case_id AND household_id = e.household_id)) AS payee"
		"  FROM payments p JOIN enrollments e ON e.id = p.enrollment_id"
		"  AND e.household_id = p.household_id"
		"  WHERE p.run_id = ? AND p.status IN ('pending', 'sent'))"
		" SELECT r.id, r.month, r.kind, r.program, r.division_code, pe.name, r.bank_account,"
		" r.amount_fen FROM r LEFT JOIN persons pe ON pe.id = r.payee ORDER BY r.id", e);
	if (!st)
		goto rollback;
	store_bind_i64(st, 1, run_id);
	while ((rc = store_step(st, e)) == 1) {
		char y[32];

		mz_fen_format_yuan(store_col_i64(st, 7), y);
		mz_buf_printf(&b, "%lld,%s,%s,%s,%s,", (long long)store_col_i64(st, 0),
			      store_col_text(st, 1), store_col_text(st, 2), store_col_text(st, 3),
			      store_col_text(st, 4));
		csv_field(&b, store_col_text(st, 5));
		mz_buf_putc(&b, ',');
		csv_field(&b, store_col_text(st, 6));
		mz_buf_printf(&b, ",%s\r\n", y);
	}
	store_done(st);
	if (rc < 0)
		goto rollback;
	st = store_prepare(c, "UPDATE payments SET status = 'sent' WHERE run_id = ? AND status = 'pending'", e);
	if (!st || (store_bind_i64(st, 1, run_id), exec1(st, e)))
		goto rollback;
	st = store_prepare(c, "UPDATE payroll_runs SET status = 'released', released_by ="
			      " CASE WHEN released_at IS NULL THEN ? ELSE released_by END,"
			      " released_at = COALESCE(released_at, ?) WHERE id = ?", e);
	if (!st)
		goto rollback;
	store_params(st, who->login, mz_now_unix(), run_id);
	if (exec1(st, e) || audit_append(c, who, AUDIT_WRITE, "payroll.bank_file", "payroll_run",
					 run_id, r.scope, "", NULL, e) ||
	    store_commit(c, e))
		goto rollback;
	*csv = mz_buf_detach(&b, len);
	return 0;
rollback:
	store_rollback(c);
	mz_buf_release(&b);
	return -1;
}

json_t *benefits_payroll_list(store_conn *c, const access_ctx *who, const char *sort,
			      int64_t page, int64_t page_size, mz_err *e)
{
	static const store_order orders[] = {
		{ "id", "id" }, { "month", "month" }, { "scope_code", "scope_code" },
		{ "status", "status" }, { "line_count", "line_count" }, { "total_fen", "total_fen" },
		{ NULL, NULL }
	};
	/* A district officer sees the city's runs and their own district's:
	 * the filter is in the SQL, so pages are full and the total is right. */
#define RUNS_WHERE " WHERE (" ACCESS_SCOPE_SQL("scope_code") " OR scope_code = '440100')"
	json_t *items;
	store_stmt *st = NULL;
	int64_t total = 0;
	mz_buf sql;
	int rc;

	if (store_row(c, e, "SELECT COUNT(*) FROM payroll_runs" RUNS_WHERE, STORE_INTO(&total),
		      access_scope_arg(who)) < 0)
		return NULL;
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "SELECT id, month, scope_code, status, line_count, total_fen, created_by,"
			  " approved_by, seq FROM payroll_runs" RUNS_WHERE);
	if (!store_order_by(&sql, orders, sort, "month DESC, scope_code, seq", "id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		st = store_prepare(c, sql.data, e);
	}
	mz_buf_release(&sql);
#undef RUNS_WHERE
	if (!st)
		return NULL;
	store_params(st, access_scope_arg(who), page_size, (page - 1) * page_size);
	items = json_array();
	while ((rc = store_step(st, e)) == 1) {
		char y[32];

		mz_fen_format_yuan(store_col_i64(st, 5), y);
		json_array_append_new(items, json_pack("{s:I,s:s,s:I,s:s,s:s,s:I,s:I,s:s,s:s,s:s}",
			"id", (json_int_t)store_col_i64(st, 0), "month", store_col_text(st, 1),
			"seq", (json_int_t)store_col_i64(st, 8),
			"scope_code", store_col_text(st, 2), "status", store_col_text(st, 3),
			"line_count", (json_int_t)store_col_i64(st, 4),
			"total_fen", (json_int_t)store_col_i64(st, 5), "total", y,
			"created_by", store_col_text(st, 6), "approved_by", store_col_text(st, 7)));
	}
	store_done(st);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page, "page_size", (json_int_t)page_size);
}

json_t *benefits_payroll_lines(store_conn *c, const access_ctx *who, int64_t run_id,
			       const char *status, const char *sort, int64_t page, int64_t page_size,
			       mz_err *e)
{
	static const char where[] = " FROM payments p WHERE p.run_id = ? AND (? = '' OR p.status = ?)"
				    " AND " ACCESS_SCOPE_SQL("p.division_code");
	static const store_order orders[] = {
		{ "id", "p.id" }, { "month", "p.month" }, { "division_code", "p.division_code" },
		{ "amount_fen", "p.amount_fen" }, { "status", "p.status" },
		{ "attempts", "p.attempts" }, { NULL, NULL }
	};
	json_t *items = NULL;
	store_stmt *st;
	mz_buf sql;
	run_row r;
	int64_t total = 0;
	int rc;

	if (run_load(c, who, run_id, &r, e))
		return NULL;
	status = status ? status : "";
	mz_buf_init(&sql);
	mz_buf_printf(&sql, "SELECT count(*)%s", where);
	rc = store_row(c, e, sql.data, STORE_INTO(&total), run_id, status, status,
		       access_scope_arg(who));
	mz_buf_reset(&sql);
	mz_buf_printf(&sql,
		      "SELECT p.id, p.enrollment_id, p.month, p.kind, p.program, p.division_code,"
		      " p.amount_fen, p.status, p.attempts, p.bank_ref, p.fail_reason, p.overpaid%s",
		      where);
	if (rc < 0 || store_order_by(&sql, orders, sort, "p.id", "p.id", e))
		goto out;
	mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
	st = store_prepare(c, sql.data, e);
	if (!st)
		goto out;
	store_params(st, run_id, status, status, access_scope_arg(who), page_size, (page - 1) * page_size);
	items = json_array();
	while ((rc = store_step(st, e)) == 1)
		json_array_append_new(items, json_pack(
			"{s:I,s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:I,s:s,s:s,s:b}",
			"id", (json_int_t)store_col_i64(st, 0), "enrollment_id",
			(json_int_t)store_col_i64(st, 1), "month", store_col_text(st, 2),
			"kind", store_col_text(st, 3), "program", store_col_text(st, 4),
			"division_code", store_col_text(st, 5),
			"amount_fen", (json_int_t)store_col_i64(st, 6), "status", store_col_text(st, 7),
			"attempts", (json_int_t)store_col_i64(st, 8), "bank_ref", store_col_text(st, 9),
			"fail_reason", store_col_text(st, 10), "overpaid", (int)store_col_i64(st, 11)));
	store_done(st);
	if (rc < 0) {
		json_decref(items);
		items = NULL;
	}
out:
	mz_buf_release(&sql);
	if (!items)
		return NULL;
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page, "page_size", (json_int_t)page_size);
}

json_t *benefits_totals(store_conn *c, const access_ctx *who, const char *month, mz_err *e)
{
	json_t *items;
	int64_t lines = 0, total = 0;
	size_t i;
	json_t *t;
	char y[32];

	if (!benefits_month_valid(month))
		return mz_fail(e, MZ_EINVAL, "month", "month must be YYYY-MM", "月份应为 YYYY-MM"), NULL;
	items = run_totals(c, "p.month = ?", 0, month, who->scope_lo, who->scope_hi, e);
	if (!items)
		return NULL;
	json_array_foreach(items, i, t) {
		lines += json_integer_value(json_object_get(t, "lines"));
		total += json_integer_value(json_object_get(t, "total_fen"));
	}
	mz_fen_format_yuan(total, y);
	return json_pack("{s:s,s:o,s:I,s:I,s:s}", "month", month, "items", items,
			 "lines", (json_int_t)lines, "total_fen", (json_int_t)total, "total", y);
}
