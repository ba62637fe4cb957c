/* enrollment.c - enrollments: open, change, end, phase out, deaths. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/money.h"
#include "benefits/benefits.h"
#include "events/events.h"
#include "registry/registry.h"
#include "store/order.h"

void benefits_month_of(mz_day day, char out[8])
{
	int y, m, d;

	mz_day_to_ymd(day, &y, &m, &d);
	snprintf(out, 8, "%04d-%02d", y, m);
}

int benefits_month_valid(const char *s)
{
	return s && strlen(s) == 7 && s[4] == '-' &&
	       strspn(s, "0123456789-") == 7 && s[0] != '0' &&
	       ((s[5] == '0' && s[6] >= '1' && s[6] <= '9') ||
		(s[5] == '1' && s[6] >= '0' && s[6] <= '2'));
}

void benefits_month_add(const char *s, int n, char out[8])
{
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int t = y * 12 + (m - 1) + n;

	snprintf(out, 8, "%04d-%02d", t / 12, t % 12 + 1);
}

static int exec1(store_stmt *st, mz_err *e)
{
	int rc = store_step(st, e);

	store_done(st);
	return rc < 0 ? -1 : 0;
}

int benefits_enroll_tx(store_conn *c, const access_ctx *who, const benefits_new *in,
		       int64_t *id_out, mz_err *e)
{
	char detail[200];
	int rc;

	if (!benefits_month_valid(in->start_month))
		return mz_fail(e, MZ_EINVAL, "start_month", "start_month must be YYYY-MM",
			       "起始月份应为 YYYY-MM");
	if (in->amount_fen < 0)
		return mz_fail(e, MZ_EINVAL, "amount_fen", "the amount must not be negative",
			       "金额不能为负");
	*id_out = store_insert_id(c, e,
			"INSERT INTO enrollments (program, case_id, household_id, person_id, division_code,"
			" amount_fen, start_month, end_month, review_months, bank_account, created_at,"
			" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			in->program, store_arg_id_or_null(in->case_id), in->household_id,
			store_arg_id_or_null(in->person_id), in->division_code, in->amount_fen,
			in->start_month, in->end_month,
			in->review_months > 0 ? in->review_months : 12,
			in->bank_account ? in->bank_account : "", mz_now_unix(), mz_now_unix());
	rc = *id_out > 0 ? 1 : (int)*id_out; /* 1 a new row, 0 none, -1 error */
	if (rc != 1)
		return rc == 0 ? mz_fail(e, MZ_ESTORE, "", "no id returned", "未返回编号") : -1;
	snprintf(detail, sizeof(detail),
		 "{\"program\":\"%s\",\"amount_fen\":%lld,\"start_month\":\"%s\"}",
		 in->program, (long long)in->amount_fen, in->start_month);
	return audit_append(c, who, AUDIT_WRITE, "enrollment.create", "enrollment", *id_out,
			    in->division_code, "", detail, e);
}

static int enrollment_division(store_conn *c, const access_ctx *who, int64_t id, char div[16],
			       mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT division_code FROM enrollments WHERE id = ?", e);
	int rc;

	if (!st)
		return -1;
	store_bind_i64(st, 1, id);
	rc = store_step(st, e);
	if (rc == 1)
		mz_strlcpy(div, store_col_text(st, 0), 16);
	store_done(st);
	if (rc < 0)
		return -1;
	if (rc == 0 || (who && !access_in_scope(who, div)))
		return mz_fail(e, MZ_ENOTFOUND, "enrollment_id", "enrollment not found",
			       "未找到该保障记录");
	return 0;
}

int benefits_set_amount_tx(store_conn *c, const access_ctx *who, int64_t id,
			   int64_t amount_fen, const char *reason, mz_err *e)
{
	char div[16], detail[64];
	store_stmt *st;

	if (enrollment_division(c, who, id, div, e))
		return -1;
	st = store_prepare(c, "UPDATE enrollments SET amount_fen = ?, version = version + 1,"
			      " updated_at = ? WHERE id = ?", e);
	if (!st)
		return -1;
	store_params(st, amount_fen, mz_now_unix(), id);
	if (exec1(st, e))
		return -1;
	snprintf(detail, sizeof(detail), "{\"amount_fen\":%lld}", (long long)amount_fen);
	return audit_append(c, who, AUDIT_WRITE, "enrollment.amount", "enrollment", id, div, reason,
			    detail, e);
}

/* enrollment.ended, in the transaction that ends it: whoever pays or serves
 * alongside the enrollment learns it from the outbox, not from a call. */
static int publish_ended(store_conn *c, const access_ctx *who, int64_t id, const char *div,
			 const char *last_month, const char *reason, mz_err *e)
{
	json_t *p = json_pack("{s:I,s:s,s:s}", "enrollment_id", (json_int_t)id, "last_month",
			      last_month, "reason", reason ? reason : "");
	char *text = p ? json_dumps(p, JSON_COMPACT) : NULL;
	int rc;

	json_decref(p);
	if (!text)
		return mz_fail(e, MZ_EINTERNAL, NULL, "the enrollment.ended payload cannot be encoded",
			       "终止事件内容无法编码");
	rc = events_publish(c, who, EVENT_ENROLLMENT_ENDED, id, div, text, NULL, e);
	free(text);
	return rc;
}

int benefits_end_tx(store_conn *c, const access_ctx *who, int64_t id, const char *last_month,
		    const char *reason, mz_err *e)
{
	char div[16], detail[96];
	store_stmt *st;

	if (!benefits_month_valid(last_month))
		return mz_fail(e, MZ_EINVAL, "last_month", "last_month must be YYYY-MM",
			       "终止月份应为 YYYY-MM");
	if (enrollment_division(c, who, id, div, e))
		return -1;
	/* An end never reopens months: keep the earlier end if there is one. */
	st = store_prepare(c,
		"UPDATE enrollments SET status = 'ended',"
		" end_month = CASE WHEN end_month IS NOT NULL AND end_month < ? THEN end_month ELSE ? END,"
		" end_reason = ?, next_review_on = NULL, version = version + 1, updated_at = ?"
		" WHERE id = ?", e);
	if (!st)
		return -1;
	store_params(st, last_month, last_month, reason ? reason : "", mz_now_unix(), id);
	if (exec1(st, e))
		return -1;
	/* Lines not yet sent to the bank for later months are cancelled; lines
	 * already sent or paid are overpayments to recover. */
	st = store_prepare(c, "UPDATE payments SET status = 'cancelled' WHERE enrollment_id = ?"
			      " AND month > ? AND status IN ('pending', 'failed')", e);
	if (!st)
		return -1;
	store_params(st, id, last_month);
	if (exec1(st, e))
		return -1;
	st = store_prepare(c, "UPDATE payments SET overpaid = 1 WHERE enrollment_id = ?"
			      " AND month > ? AND status IN ('sent', 'paid')", e);
	if (!st)
		return -1;
	store_params(st, id, last_month);
	if (exec1(st, e))
		return -1;
	snprintf(detail, sizeof(detail), "{\"last_month\":\"%s\"}", last_month);
	if (audit_append(c, who, AUDIT_WRITE, "enrollment.end", "enrollment", id, div, reason,
			 detail, e))
		return -1;
	return publish_ended(c, who, id, div, last_month, reason, e);
}

int benefits_phase_out_tx(store_conn *c, const access_ctx *who, int64_t id,
			  const char *until_month, const char *reason, mz_err *e)
{
	char div[16], detail[96];
	store_stmt *st;

	if (!benefits_month_valid(until_month))
		return mz_fail(e, MZ_EINVAL, "until_month", "until_month must be YYYY-MM",
			       "渐退期截止月份应为 YYYY-MM");
	if (enrollment_division(c, who, id, div, e))
		return -1;
	st = store_prepare(c, "UPDATE enrollments SET phase_out_until = ?, end_month = ?,"
			      " end_reason = ?, next_review_on = NULL, version = version + 1,"
			      " updated_at = ? WHERE id = ? AND status <> 'ended'", e);
	if (!st)
		return -1;
	store_params(st, until_month, until_month, reason ? reason : "", mz_now_unix(), id);
	if (exec1(st, e))
		return -1;
	snprintf(detail, sizeof(detail), "{\"phase_out_until\":\"%s\"}", until_month);
	return audit_append(c, who, AUDIT_WRITE, "enrollment.phase_out", "enrollment", id, div, reason,
			    detail, e);
}

int benefits_suspend_tx(store_conn *c, const access_ctx *who, int64_t id, int suspend,
			const char *reason, mz_err *e)
{
	char div[16], cur[8], prev[8];
	store_stmt *st;

	if (enrollment_division(c, who, id, div, e))
		return -1;
	/* Suspended months are not owed: on resumption the months in between
	 * are marked as covered so no back pay is generated for them. */
	benefits_month_of(mz_today(), cur);
	benefits_month_add(cur, -1, prev);
	st = store_prepare(c, suspend
		? "UPDATE enrollments SET status = 'suspended', version = version + 1, updated_at = ?"
		  " WHERE id = ? AND status = 'active'"
		: "UPDATE enrollments SET status = 'active', paid_through = CASE WHEN paid_through IS NULL"
		  " OR paid_through < ? THEN ? ELSE paid_through END, version = version + 1,"
		  " updated_at = ? WHERE id = ? AND status = 'suspended'", e);
	if (!st)
		return -1;
	if (suspend) {
		store_params(st, mz_now_unix(), id);
	} else {
		store_params(st, prev, prev, mz_now_unix(), id);
	}
	if (exec1(st, e))
		return -1;
	return audit_append(c, who, AUDIT_WRITE, suspend ? "enrollment.suspend" : "enrollment.resume",
			    "enrollment", id, div, reason, NULL, e);
}

int benefits_schedule_review_tx(store_conn *c, int64_t id, mz_day next, mz_err *e)
{
	store_stmt *st = store_prepare(c, "UPDATE enrollments SET next_review_on = ? WHERE id = ?", e);
	char d[11];

	if (!st)
		return -1;
	mz_day_format(next, d);
	store_params(st, d, id);
	return exec1(st, e);
}

#define ENR_COLS                                                                      \
	"e.id, e.program, e.case_id, e.household_id, e.person_id, e.division_code,"       \
	" e.amount_fen, e.start_month, e.end_month, e.paid_through, e.status,"            \
	" e.phase_out_until, e.end_reason, e.review_months, e.next_review_on, e.version," \
	" e.bank_account, COALESCE(e.person_id, (SELECT applicant_id FROM cases"          \
	" WHERE id = e.case_id AND household_id = e.household_id))"

static json_t *enr_row(store_stmt *st)
{
	char y[32], acct[64] = "";
	const char *ba = store_col_text(st, 16);
	size_t n = ba ? strlen(ba) : 0;

	mz_fen_format_yuan(store_col_i64(st, 6), y);
	/* Bank accounts are shown by their last four digits only. */
	if (n)
		snprintf(acct, sizeof(acct), "****%s", ba + (n > 4 ? n - 4 : 0));
	return json_pack("{s:I,s:s,s:o,s:I,s:o,s:s,s:I,s:s,s:s,s:o,s:o,s:s,s:o,s:s,s:I,s:o,s:I,s:s,s:o}",
		"id", (json_int_t)store_col_i64(st, 0), "program", store_col_text(st, 1),
		"case_id", store_col_is_null(st, 2) ? json_null() : json_integer(store_col_i64(st, 2)),
		"household_id", (json_int_t)store_col_i64(st, 3),
		"person_id", store_col_is_null(st, 4) ? json_null() : json_integer(store_col_i64(st, 4)),
		"division_code", store_col_text(st, 5), "amount_fen", (json_int_t)store_col_i64(st, 6),
		"amount", y, "start_month", store_col_text(st, 7),
		"end_month", store_col_text(st, 8) ? json_string(store_col_text(st, 8)) : json_null(),
		"paid_through", store_col_text(st, 9) ? json_string(store_col_text(st, 9)) : json_null(),
		"status", store_col_text(st, 10),
		"phase_out_until", store_col_text(st, 11) ? json_string(store_col_text(st, 11)) : json_null(),
		"end_reason", store_col_text(st, 12), "review_months", (json_int_t)store_col_i64(st, 13),
		"next_review_on", store_col_text(st, 14) ? json_string(store_col_text(st, 14)) : json_null(),
		"version", (json_int_t)store_col_i64(st, 15), "bank_account", acct,
		"name", json_null());
}

/* Sets each item's "name" from the registry: ids[i] is its holder (the
 * enrollment's person, or its case's applicant), 0 for none, whose name
 * stays null. One registry call for the whole page. */
static int enr_names(store_conn *c, json_t *items, const int64_t *ids, size_t n, mz_err *e)
{
	registry_person *ps;
	int rc;

	if (!n)
		return 0;
	ps = mz_xmalloc(n * sizeof(*ps));
	rc = registry_person_list_by_ids(c, ids, n, ps, e);
	for (size_t i = 0; !rc && i < n; i++)
		if (ps[i].id)
			json_object_set_new(json_array_get(items, i), "name",
					    json_string(ps[i].name));
	free(ps);
	return rc;
}

json_t *benefits_enrollment_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT " ENR_COLS " FROM enrollments e WHERE e.id = ?", e);
	json_t *o = NULL, *one;
	int64_t holder = 0;
	int rc;

	if (!st)
		return NULL;
	store_bind_i64(st, 1, id);
	rc = store_step(st, e);
	if (rc == 1 && access_in_scope(who, store_col_text(st, 5))) {
		o = enr_row(st);
		holder = store_col_is_null(st, 17) ? 0 : store_col_i64(st, 17);
	}
	store_done(st);
	if (rc < 0)
		return NULL;
	if (!o)
		return mz_fail(e, MZ_ENOTFOUND, "id", "enrollment not found", "未找到该保障记录"), NULL;
	one = json_pack("[O]", o);
	rc = enr_names(c, one, &holder, 1, e);
	json_decref(one);
	if (rc) {
		json_decref(o);
		return NULL;
	}
	if (audit_append(c, who, AUDIT_READ, "enrollment.read", "enrollment", id,
			 json_string_value(json_object_get(o, "division_code")), "", "{}", e)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The enrollments' list sorts by these (the route declares the same keys). */
static const store_order enrollment_orders[] = {
	{ "id", "e.id" }, { "program", "e.program" }, { "status", "e.status" },
	{ "division_code", "e.division_code" }, { "amount_fen", "e.amount_fen" },
	{ "start_month", "e.start_month" }, { "next_review_on", "e.next_review_on" }, { NULL, NULL }
};

json_t *benefits_enrollment_list(store_conn *c, const access_ctx *who,
				 const benefits_query *q, mz_err *e)
{
	char today[11], dlo[16], dhi[16];
	json_t *items = json_array();
	store_stmt *st;
	int64_t total = 0, *holders = NULL;
	size_t nh = 0, caph = 0;
	int rc, n;
	static const char *const where =
		" FROM enrollments e"
		" WHERE " ACCESS_SCOPE_SQL("e.division_code")
		" AND (? = '' OR e.program = ?) AND (? = '' OR e.status = ?)"
		" AND (? = 0 OR (e.next_review_on IS NOT NULL AND e.next_review_on <= ?"
		" AND e.status <> 'ended'))"
		" AND (? = 0 OR e.person_id = ?) AND (? = 0 OR e.household_id = ?)";

	mz_day_format(mz_today(), today);
	if (q->division && *q->division) {
		if (!access_in_scope(who, q->division)) {
			json_decref(items);
			return mz_fail(e, MZ_EINVAL, "division", "division outside your scope",
				       "所选区划不在您的权限范围内"), NULL;
		}
		access_scope_range(q->division, dlo, dhi);
	} else {
		mz_strlcpy(dlo, who->scope_lo, sizeof(dlo));
		mz_strlcpy(dhi, who->scope_hi, sizeof(dhi));
	}
	for (int pass = 0; pass < 2; pass++) {
		mz_buf sql;

		mz_buf_init(&sql);
		if (pass == 0) {
			mz_buf_printf(&sql, "SELECT COUNT(*)%s", where);
		} else {
			mz_buf_printf(&sql, "SELECT " ENR_COLS "%s", where);
			if (store_order_by(&sql, enrollment_orders, q->sort, "e.id", "e.id", e)) {
				mz_buf_release(&sql);
				goto fail;
			}
			mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		}
		st = store_prepare(c, sql.data, e);
		mz_buf_release(&sql);
		if (!st)
			goto fail;
		n = 1;
		n = store_params_at(st, n, store_arg_range(dlo, dhi), q->program ? q->program : "",
				    q->program ? q->program : "", q->status ? q->status : "",
				    q->status ? q->status : "", q->review_due, today, q->person_id,
				    q->person_id, q->household_id, q->household_id);
		if (pass == 1) {
			n = store_params_at(st, n, q->page_size, (q->page - 1) * q->page_size);
		}
		while ((rc = store_step(st, e)) == 1) {
			if (pass == 0) {
				total = store_col_i64(st, 0);
				continue;
			}
			json_array_append_new(items, enr_row(st));
			if (nh == caph) {
				caph = caph ? caph * 2 : 32;
				holders = mz_xrealloc(holders, caph * sizeof(*holders));
			}
			holders[nh++] = store_col_is_null(st, 17) ? 0 : store_col_i64(st, 17);
		}
		store_done(st);
		if (rc < 0)
			goto fail;
	}
	if (enr_names(c, items, holders, nh, e))
		goto fail;
	free(holders);
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total,
			 "page", (json_int_t)q->page, "page_size", (json_int_t)q->page_size);
fail:
	free(holders);
	json_decref(items);
	return NULL;
}

int benefits_release_hold_tx(store_conn *c, const access_ctx *who, int64_t id,
			     const char *reason, mz_err *e)
{
	char div[16];

	if (enrollment_division(c, who, id, div, e))
		return -1;
	/* Unlike a resumption after a suspension, paid_through stays: the
	 * held months were owed all along, and the next payroll run pays them
	 * as back pay to the new payee. */
	if (store_run(c, e, "UPDATE enrollments SET status = 'active', version = version + 1,"
			    " updated_at = ? WHERE id = ? AND status = 'suspended'",
		      mz_now_unix(), id) < 0)
		return -1;
	return audit_append(c, who, AUDIT_WRITE, "enrollment.release_hold", "enrollment", id, div,
			    reason, NULL, e);
}

int benefits_set_bank_tx(store_conn *c, const access_ctx *who, int64_t id, const char *bank,
			 const char *reason, mz_err *e)
{
	char div[16];

	if (enrollment_division(c, who, id, div, e))
		return -1;
	if (store_run(c, e, "UPDATE enrollments SET bank_account = ?, version = version + 1,"
			    " updated_at = ? WHERE id = ?", bank, mz_now_unix(), id) < 0)
		return -1;
	/* Lines the bank returned for a closed account go out again, to the
	 * new account, with the next run. */
	if (store_run(c, e, "UPDATE payments SET fail_reason = 'account_replaced'"
			    " WHERE enrollment_id = ? AND status = 'failed'"
			    " AND fail_reason LIKE 'account_closed%'", id) < 0)
		return -1;
	return audit_append(c, who, AUDIT_WRITE, "enrollment.bank_account", "enrollment", id, div,
			    reason, NULL, e);
}
