/* reconcile.c - the bank's answer to a bank file, and deaths. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "benefits/benefits.h"
#include "events/events.h"
#include "store/query.h"

/* The bank's words for an account that no longer takes payments. */
static int account_closed(const char *reason)
{
	static const char *const words[] = { "account_closed", "account closed", "closed account",
					      "ACCOUNT_CLOSED", "Account closed", "销户", "已注销",
					      "账户关闭", NULL };

	for (int i = 0; words[i]; i++)
		if (strstr(reason, words[i]))
			return 1;
	return 0;
}


#define MAX_BAD_REPORTED 20

/* A line the bank returned, told on the outbox in the reconciliation's
 * transaction (the safety net checks on the household). */
static int publish_returned(store_conn *c, const access_ctx *who, int64_t payment_id,
			    int64_t run_id, const char *reason, mz_err *e)
{
	char division[16] = "", program[32] = "", month[8] = "";
	int64_t household = 0, amount = 0, payee = 0;
	json_t *j;
	char *text;
	int rc;

	/* The payee when the enrollment names one; otherwise the subscriber
	 * finds the household's head from household_id. */
	rc = store_row(c, e, "SELECT p.household_id, p.division_code, p.program, p.month, p.amount_fen,"
			     " COALESCE(e.person_id, 0) FROM payments p JOIN enrollments e"
			     " ON e.id = p.enrollment_id AND e.household_id = p.household_id"
			     " WHERE p.id = ? AND p.run_id = ?",
		       STORE_INTO(&household, STORE_TEXT(division), STORE_TEXT(program),
				  STORE_TEXT(month), &amount, &payee),
		       payment_id, run_id);
	if (rc <= 0)
		return rc;
	/* The bank's reason is free text: one that is not UTF-8 is left out
	 * rather than failing the reconciliation. */
	for (int tries = 0; tries < 2; tries++, reason = "") {
		j = json_pack("{s:I,s:I,s:I,s:s,s:s,s:I,s:s}", "payment_id", (json_int_t)payment_id,
			      "run_id", (json_int_t)run_id, "household_id", (json_int_t)household,
			      "program", program, "month", month, "amount_fen", (json_int_t)amount,
			      "reason", reason);
		if (j)
			break;
	}
	text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	if (!text)
		return mz_fail(e, MZ_EINTERNAL, NULL, "event not encodable", "事件无法编码");
	rc = events_publish(c, who, EVENT_PAYMENT_RETURNED, payee, division, text, NULL, e);
	free(text);
	return rc;
}

/* Splits one CSV line (quotes allowed) into at most n fields in place. */
static int csv_split(char *line, char **f, int n)
{
	int k = 0;
	char *p = line;

	while (k < n) {
		char *out = p;

		f[k++] = p;
		if (*p == '"') {
			char *r = p + 1;

			for (;;) {
				if (!*r)
					break;
				if (*r == '"' && r[1] == '"') {
					*out++ = '"';
					r += 2;
				} else if (*r == '"') {
					r++;
					break;
				} else {
					*out++ = *r++;
				}
			}
			f[k - 1] = p;
			p = r;
			*out = '\0';
			if (*p == ',') {
				p++;
				continue;
			}
			break;
		}
		while (*p && *p != ',')
			p++;
		if (!*p)
			break;
		*p++ = '\0';
	}
	return k;
}

json_t *benefits_payroll_reconcile(store_conn *c, const access_ctx *who, int64_t run_id,
				   const char *csv, size_t len, mz_err *e)
{
	char *text = mz_xmalloc(len + 1), *line, *next;
	json_t *bad = json_array();
	int64_t paid = 0, failed = 0, lineno = 0;
	mz_buf msg;
	int phase;

	/* The run itself first: a file for a run the caller cannot see is
	 * refused as not found, even when it has no rows to apply. */
	if (benefits_payroll_run_check(c, who, run_id, e)) {
		free(text);
		json_decref(bad);
		return NULL;
	}
	memcpy(text, csv ? csv : "", len);
	text[len] = '\0';
	mz_buf_init(&msg);
	/* Two passes: validate every row first (nothing applied if any row is
	 * bad, and every bad row is reported), then apply in one transaction. */
	for (phase = 0; phase < 2; phase++) {
		char *copy = mz_strdup(text);

		lineno = 0;
		if (phase == 1 && store_begin(c, e)) {
			free(copy);
			goto fail;
		}
		for (line = copy; line && *line; line = next) {
			char *f[4] = { 0 }, *end;
			int nf;
			long long pid;
			store_stmt *st;
			int rc;
			char rsn[160] = "";
			char prev[12] = "";

			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			if (*line && line[strlen(line) - 1] == '\r')
				line[strlen(line) - 1] = '\0';
			lineno++;
			if (!*line || (lineno == 1 && !strncmp(line, "payment_id", 10)))
				continue;
			nf = csv_split(line, f, 4);
			pid = nf >= 2 ? strtoll(f[0], &end, 10) : 0;
			if (nf < 2 || !*f[0] || *end || pid <= 0) {
				snprintf(rsn, sizeof(rsn), "payment_id must be a positive number");
			} else if (strcmp(f[1], "paid") && strcmp(f[1], "failed")) {
				snprintf(rsn, sizeof(rsn), "status must be paid or failed");
			} else if (!strcmp(f[1], "failed") && (nf < 4 || !*f[3])) {
				snprintf(rsn, sizeof(rsn), "a failed payment needs a reason");
			} else {
				st = store_prepare(c, "SELECT status, division_code FROM payments"
						      " WHERE id = ? AND run_id = ?", e);
				if (!st)
					goto fail_tx;
				store_params(st, pid, run_id);
				rc = store_step(st, e);
				if (rc == 1)
					snprintf(prev, sizeof(prev), "%s", store_col_text(st, 0));
				if (rc == 1 && !access_in_scope(who, store_col_text(st, 1)))
					rc = 0;
				if (rc == 1 && strcmp(store_col_text(st, 0), "sent") &&
				    strcmp(store_col_text(st, 0), f[1]))
					snprintf(rsn, sizeof(rsn), "payment is %s, not sent",
						 store_col_text(st, 0));
				store_done(st);
				if (rc < 0)
					goto fail_tx;
				if (rc == 0)
					snprintf(rsn, sizeof(rsn), "no such payment in this run");
			}
			if (*rsn) {
				if (phase == 0 && json_array_size(bad) < MAX_BAD_REPORTED)
					json_array_append_new(bad, json_pack("{s:I,s:s}", "line",
						(json_int_t)lineno, "message", rsn));
				else if (phase == 0)
					json_array_append_new(bad, json_null());
				continue;
			}
			if (phase == 0)
				continue;
			/* The status checked above is re-checked by the UPDATE: on
			 * PostgreSQL the line may have changed since (another
			 * reconciliation, or a new run taking a failed line). */
			st = store_prepare(c, "UPDATE payments SET status = ?, bank_ref = ?,"
					      " fail_reason = ? WHERE id = ? AND run_id = ?"
					      " AND status IN ('sent', ?)", e);
			if (!st)
				goto fail_tx;
			{
				/* A closed account is not tried again: the line waits,
				 * visibly, for a new account (benefits_set_bank_tx). */
				char reason[300];
				const char *given = nf >= 4 && !strcmp(f[1], "failed") ? f[3] : "";

				if (*given && account_closed(given))
					snprintf(reason, sizeof(reason), "account_closed: %s", given);
				else
					snprintf(reason, sizeof(reason), "%s", given);
				store_params(st, f[1], nf >= 3 ? f[2] : "", reason, pid, run_id, f[1]);
			}
			rc = store_step(st, e);
			if (rc == 0 && store_changes(st) != 1) {
				store_done(st);
				mz_failf(e, MZ_ESTATE, "file",
					 "line %lld: payment %lld changed while the file was applied; nothing"
					 " was updated, apply the file again",
					 "第 %lld 行：付款 %lld 在对账期间已被修改，未做任何更新，请重新导入",
					 (long long)lineno, pid);
				goto fail_tx;
			}
			store_done(st);
			if (rc < 0)
				goto fail_tx;
			/* A line the bank returned (not one already recorded as
			 * failed, as when the same file is applied again): the
			 * outbox tells whoever listens (the bell of the payee's
			 * street, the safety net). */
			if (!strcmp(prev, "sent") && !strcmp(f[1], "failed") &&
			    publish_returned(c, who, pid, run_id, nf >= 4 ? f[3] : "", e) < 0)
				goto fail_tx;
			if (!strcmp(f[1], "paid"))
				paid++;
			else
				failed++;
		}
		free(copy);
		if (phase == 0 && json_array_size(bad)) {
			json_t *first = json_array_get(bad, 0);

			mz_buf_printf(&msg, "%zu bad rows; first: line %lld: %s", json_array_size(bad),
				      (long long)json_integer_value(json_object_get(first, "line")),
				      json_string_value(json_object_get(first, "message")));
			mz_failf(e, MZ_EINVAL, "file", "%s", "对账文件有错误行，未做任何更新：%s", msg.data);
			goto fail;
		}
		continue;
fail_tx:
		free(copy);
		store_rollback(c);
		goto fail;
	}
	{
		char detail[96];

		snprintf(detail, sizeof(detail), "{\"paid\":%lld,\"failed\":%lld}", (long long)paid,
			 (long long)failed);
		if (audit_append(c, who, AUDIT_WRITE, "payroll.reconcile", "payroll_run", run_id, "", "",
				 detail, e) || store_commit(c, e)) {
			store_rollback(c);
			goto fail;
		}
	}
	free(text);
	mz_buf_release(&msg);
	json_decref(bad);
	return json_pack("{s:I,s:I}", "paid", (json_int_t)paid, "failed", (json_int_t)failed);
fail:
	free(text);
	mz_buf_release(&msg);
	json_decref(bad);
	return NULL;
}

/* ---- deaths ---- */

static int end_of_person(store_conn *c, const access_ctx *who, int64_t person_id,
			 const char *death_date, int *ended, mz_err *e)
{
	char dm[8], review[11];
	int64_t ids[64];
	int n = 0, rc;
	store_stmt *st;
	mz_day dd = mz_day_parse(death_date);
	access_ctx sys;

	if (dd == MZ_DAY_INVALID)
		return 0;
	/* The death is the registry's fact; the enrollments it ends may lie
	 * outside the caller's scope: act with city scope under their login. */
	access_ctx_system(&sys, who ? who->login : "system");
	who = &sys;
	benefits_month_of(dd, dm);
	/* The person's own enrollments end with the month of death: nothing
	 * is owed from the following month. */
	st = store_prepare(c, "SELECT id FROM enrollments WHERE person_id = ?"
			      " AND (status <> 'ended' OR end_month IS NULL OR end_month > ?)", e);
	if (!st)
		return -1;
	store_params(st, person_id, dm);
	while ((rc = store_step(st, e)) == 1 && n < 64)
		ids[n++] = store_col_i64(st, 0);
	store_done(st);
	if (rc < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (benefits_end_tx(c, who, ids[i], dm, "死亡：次月起停发", e) == -1 &&
		    e->code != MZ_ENOTFOUND)
			return -1;
	if (ended)
		*ended += n;
	/* A household enrollment: if nobody of the household is alive, it ends;
	 * otherwise the household is reviewed within 3 months of the death. */
	n = 0;
	/* The enrollments first, then who of each household is alive: the
	 * members are distributed by person and the enrollments by household on
	 * Citus, where a correlated count between them is refused
	 * (docs/scaling.md, step 5). The unary plus keeps SQLite off the
	 * person_id index, where every household enrollment has NULL, and on
	 * the household's: a few rows instead of all of them. */
	st = store_prepare(c,
		"SELECT e.id, e.household_id FROM enrollments e WHERE +e.person_id IS NULL"
		" AND e.status <> 'ended' AND e.household_id IN (SELECT household_id FROM"
		" household_members WHERE person_id = ?)", e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, person_id);
	{
		int64_t alive[64], household[64];

		while ((rc = store_step(st, e)) == 1 && n < 64) {
			household[n] = store_col_i64(st, 1);
			ids[n++] = store_col_i64(st, 0);
		}
		store_done(st);
		if (rc < 0)
			return -1;
		for (int i = 0; i < n; i++) {
			st = store_prepare(c, "SELECT COUNT(*) FROM household_members m JOIN persons p"
					      " ON p.id = m.person_id WHERE m.household_id = ?"
					      " AND m.left_on IS NULL AND p.death_date IS NULL", e);
			if (!st)
				return -1;
			store_bind_i64(st, 1, household[i]);
			rc = store_step(st, e);
			alive[i] = rc == 1 ? store_col_i64(st, 0) : 0;
			store_done(st);
			if (rc < 0)
				return -1;
		}
		mz_day_format(mz_day_add_months(dd, 3), review);
		for (int i = 0; i < n; i++) {
			if (!alive[i]) {
				if (benefits_end_tx(c, who, ids[i], dm, "家庭成员均已死亡", e))
					return -1;
				if (ended)
					(*ended)++;
				continue;
			}
			st = store_prepare(c, "UPDATE enrollments SET next_review_on = ? WHERE id = ?"
					      " AND (next_review_on IS NULL OR next_review_on > ?)", e);
			if (!st)
				return -1;
			store_params(st, review, ids[i], review);
			rc = store_step(st, e);
			store_done(st);
			if (rc < 0)
				return -1;
		}
	}
	return 0;
}

int benefits_on_death_tx(store_conn *c, const access_ctx *who, int64_t person_id,
			 const char *death_date, int *ended, mz_err *e)
{
	return end_of_person(c, who, person_id, death_date, ended, e);
}

int benefits_on_death(store_conn *c, const access_ctx *who, int64_t person_id,
		      int *ended, mz_err *e)
{
	store_stmt *st;
	char death[11] = "";
	int rc;

	if (ended)
		*ended = 0;
	if (store_begin(c, e))
		return -1;
	st = store_prepare(c, "SELECT death_date FROM persons WHERE id = ?", e);
	if (!st)
		goto rollback;
	store_bind_i64(st, 1, person_id);
	rc = store_step(st, e);
	if (rc == 1 && store_col_text(st, 0))
		mz_strlcpy(death, store_col_text(st, 0), sizeof(death));
	store_done(st);
	if (rc < 0)
		goto rollback;
	if (*death && benefits_on_death_tx(c, who, person_id, death, ended, e))
		goto rollback;
	return store_commit(c, e) ? (store_rollback(c), -1) : 0;
rollback:
	store_rollback(c);
	return -1;
}

int benefits_deaths_sweep(store_conn *c, const access_ctx *who, int *ended, mz_err *e)
{
	/* Persons with a recorded death and an enrollment still paying past
	 * the month of death, or a household enrollment not yet reviewed. */
	/* The dead (with their households) are collected first, as materialized
	 * CTEs: on Citus each is one pass over the person group's shards, and
	 * the join to enrollments (the household group) then runs on every
	 * shard against that list instead of as a repartition join, which took
	 * a minute for a handful of rows (docs/scaling.md, step 5). The dead
	 * come from their own index (persons_dead) and their memberships by
	 * person (household_members_person), past ones included: at 20M
	 * persons a scan of every membership took 3 s a payroll run. */
	store_stmt *st = store_prepare(c,
		"WITH dead AS MATERIALIZED (SELECT id, death_date FROM persons"
		"  WHERE death_date IS NOT NULL),"
		" dead_members AS MATERIALIZED (SELECT d.id, d.death_date, m.household_id"
		"  FROM dead d JOIN household_members m ON m.person_id = d.id)"
		" SELECT d.id, d.death_date, NULL FROM dead d JOIN enrollments e ON e.person_id = d.id"
		" WHERE e.status <> 'ended' OR e.end_month IS NULL"
		" OR e.end_month > substr(d.death_date, 1, 7)"
		" UNION ALL SELECT d.id, d.death_date, e.next_review_on FROM dead_members d"
		" JOIN enrollments e ON e.household_id = d.household_id AND e.person_id IS NULL"
		" AND e.status <> 'ended'", e);
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc, total = 0;

	if (ended)
		*ended = 0;
	if (!st)
		return -1;
	while ((rc = store_step(st, e)) == 1) {
		const char *review = store_col_text(st, 2);

		/* A household already due for review within 3 months of the death
		 * needs nothing more. */
		if (review) {
			char due[11];
			mz_day dd = mz_day_parse(store_col_text(st, 1));

			if (dd == MZ_DAY_INVALID)
				continue;
			mz_day_format(mz_day_add_months(dd, 3), due);
			if (strcmp(review, due) <= 0)
				continue;
		}
		if (n && ids[n - 1] == store_col_i64(st, 0))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			ids = mz_xrealloc(ids, cap * sizeof(*ids));
		}
		ids[n++] = store_col_i64(st, 0);
	}
	store_done(st);
	if (rc < 0) {
		free(ids);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		int k = 0;

		if (benefits_on_death(c, who, ids[i], &k, e)) {
			free(ids);
			return -1;
		}
		total += k;
	}
	free(ids);
	if (ended)
		*ended = total;
	return 0;
}
