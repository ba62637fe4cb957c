/* screen_run.c - one screening run (evaluate, compare with enrollments,
 * write work items in one transaction) and the worklist read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access/audit.h"
#include "base/buf.h"
#include "cases/cases.h"
#include "registry/registry.h"
#include "screen/screen.h"
#include "store/order.h"
#include "screen/screen_write.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of the process, every thread: on a shared machine the wall time
 * of a stage says more about the neighbours than about the stage. */
static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const char *const kind_names[] = { "eligible_not_enrolled", "enrolled_not_eligible",
					  "amount_changed" };

typedef struct {
	screen_progress_fn fn;
	void *arg;
} prog_ctx;

/* Every stage reaches the caller's callback and the process's progress
 * (screen_progress_get: the API's progress bar). */
static void report(const prog_ctx *p, const char *stage, size_t done, size_t total)
{
	screen_progress_set(stage, done, total, 1);
	if (p->fn)
		p->fn(p->arg, stage, done, total);
}

static void on_batch(void *arg, size_t done, size_t total)
{
	report(arg, "evaluate", done, total);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* A finding a street dismissed: the same one is not raised again. */
typedef struct {
	int64_t household_id, amount_fen;
	int kind;
} dismissed_finding;

static int cmp_dismissed(const void *a, const void *b)
{
	const dismissed_finding *x = a, *y = b;

	if (x->household_id != y->household_id)
		return x->household_id < y->household_id ? -1 : 1;
	return x->kind - y->kind;
}

/* What a run skips for one program: households whose case of it is in
 * progress (the case is the work) and findings dismissed with a reason
 * (unless the amount changed since). Both sorted for bsearch. */
typedef struct {
	int64_t *in_progress;
	size_t n_in_progress;
	dismissed_finding *dismissed;
	size_t n_dismissed;
} program_skips;

static void skips_release(program_skips *k)
{
	free(k->in_progress);
	free(k->dismissed);
	memset(k, 0, sizeof(*k));
}

static int skips_load(store_conn *c, const char *program, program_skips *k, mz_err *e)
{
	size_t cap = 0;
	store_stmt *st;
	int rc;

	memset(k, 0, sizeof(*k));
	if (case_households_in_progress(c, program, &k->in_progress, &k->n_in_progress, e))
		return -1;
	st = store_prepare(c, "SELECT household_id, kind, amount_fen FROM screen_items"
			      " WHERE program = ? AND disposition = 'dismissed'", e);
	if (!st)
		return -1;
	store_params(st, program);
	while ((rc = store_step(st, e)) == 1) {
		const char *kind = store_col_text(st, 1);
		int ki = !strcmp(kind, kind_names[0]) ? 0 : !strcmp(kind, kind_names[1]) ? 1 : 2;

		if (k->n_dismissed == cap) {
			cap = cap ? 2 * cap : 64;
			k->dismissed = mz_xrealloc(k->dismissed, cap * sizeof(*k->dismissed));
		}
		k->dismissed[k->n_dismissed++] =
			(dismissed_finding){ store_col_i64(st, 0), store_col_i64(st, 2), ki };
	}
	store_done(st);
	if (rc < 0)
		return -1;
	if (k->n_dismissed) /* qsort and bsearch take no NULL base, even for 0 items */
		qsort(k->dismissed, k->n_dismissed, sizeof(*k->dismissed), cmp_dismissed);
	return 0;
}

static int skipped(const program_skips *k, int64_t household, int kind, int64_t amount)
{
	dismissed_finding key = { household, 0, kind }, *hit;

	if (kind == 0 && k->n_in_progress &&
	    bsearch(&household, k->in_progress, k->n_in_progress, sizeof(int64_t), cmp_i64))
		return 1;
	if (!k->n_dismissed)
		return 0;
	hit = bsearch(&key, k->dismissed, k->n_dismissed, sizeof(key), cmp_dismissed);
	if (!hit)
		return 0;
	/* Several dismissals of the same finding: any with this amount counts. */
	while (hit > k->dismissed && !cmp_dismissed(hit - 1, &key))
		hit--;
	for (; hit < k->dismissed + k->n_dismissed && !cmp_dismissed(hit, &key); hit++)
		if (hit->amount_fen == amount)
			return 1;
	return 0;
}

/* Adds one to summary[district][kind]. */
static void tally(json_t *sum, const char *division, int kind)
{
	char district[7];
	json_t *row;

	snprintf(district, sizeof(district), "%.6s", division);
	row = json_object_get(sum, district);
	if (!row) {
		row = json_pack("{s:s,s:i,s:i,s:i}", "district", district, kind_names[0], 0,
				kind_names[1], 0, kind_names[2], 0);
		json_object_set_new(sum, district, row);
	}
	json_object_set_new(row, kind_names[kind],
			    json_integer(json_integer_value(json_object_get(row, kind_names[kind])) + 1));
}

int screen_run(store_conn *c, const access_ctx *who, const policy_set *s, mz_day date,
	       uint64_t programs, screen_progress_fn progress, void *arg,
	       screen_summary *out, mz_err *e)
{
	return screen_run_ex(c, who, s, date, programs, 0, progress, arg, out, e);
}

int screen_run_ex(store_conn *c, const access_ctx *who, const policy_set *s, mz_day date,
		  uint64_t programs, unsigned flags, screen_progress_fn progress, void *arg,
		  screen_summary *out, mz_err *e)
{
	return screen_run_snapshot(c, who, s, date, programs, flags, NULL, progress, arg, out, e);
}

int screen_run_snapshot(store_conn *c, const access_ctx *who, const policy_set *s, mz_day date,
			uint64_t programs, unsigned flags, const char *snapshot_path,
			screen_progress_fn progress, void *arg, screen_summary *out, mz_err *e)
{
	screen_load_info li = { 0 };
	screen_data d;
	screen_finding *found = NULL;
	size_t nf = 0, fcap = 0;
	screen_write_stats ws = { 0 };
	policy_batch b = { 0 };
	prog_ctx pc = { progress, arg };
	policy_batch_opts opts = { 0, programs, on_batch, &pc };
	size_t np = policy_set_count(s), nitems = 0;
	char date_s[11], codes[1024] = "", detail[1200];
	json_t *sum = json_object();
	store_stmt *st;
	int64_t run_id = 0;
	screen_leads leads = { 0 };
	screen_lead_list told = { 0 };

	double t0 = now_ms(), t1, t2, c0 = cpu_ms(), c1, c2;

	memset(out, 0, sizeof(*out));
	report(&pc, "load", 0, 1);
	if (screen_load_snapshot(c, s, snapshot_path, !!(flags & SCREEN_FULL_LOAD), &d, &li, e)) {
		json_decref(sum);
		screen_progress_set("failed", 0, 0, 0);
		return -1;
	}
	report(&pc, "load", 1, 1);
	t1 = now_ms();
	c1 = cpu_ms();
	if (policy_eval_batch(s, &d.cols, date, &opts, &b, e)) {
		screen_data_release(&d);
		json_decref(sum);
		screen_progress_set("failed", 0, 0, 0);
		return -1;
	}
	for (size_t i = 0; i < np && i < 64; i++) {
		size_t len = strlen(codes);

		if ((programs && !(programs & (1ull << i))) || !b.result[i].n)
			continue;
		snprintf(codes + len, sizeof(codes) - len, "%s%s", len ? "," : "",
			 policy_program_code(policy_set_program(s, i)));
	}
	t2 = now_ms();
	c2 = cpu_ms();
	mz_day_format(date, date_s);
	if (store_begin(c, e))
		goto fail;
	/* Runs replace each other's open items, so their writes must not
	 * interleave: under READ COMMITTED two runs would each delete only the
	 * items committed before they started and both insert theirs. SQLite's
	 * one writer serialises them already; on PostgreSQL a transaction-scoped
	 * advisory lock does (released at commit or rollback). */
	if (store_conn_engine(c) == STORE_POSTGRES &&
	    store_exec(c, "SELECT pg_advisory_xact_lock(7261628)", e))
		goto rollback;
	st = store_prepare(c, "INSERT INTO screen_runs (on_date, programs, households, persons, items,"
			      " created_by, created_at) VALUES (?, ?, ?, ?, 0, ?, ?) RETURNING id", e);
	if (!st)
		goto rollback;
	store_bind_text(st, 1, date_s);
	store_bind_text(st, 2, codes);
	store_bind_i64(st, 3, (int64_t)d.cols.n_households);
	store_bind_i64(st, 4, (int64_t)d.cols.n_persons);
	store_bind_text(st, 5, who->login);
	store_bind_i64(st, 6, mz_now_unix());
	if (store_step(st, e) != 1) {
		store_done(st);
		goto rollback;
	}
	run_id = store_col_i64(st, 0);
	store_done(st);

	for (size_t i = 0; i < np && i < 64; i++) {
		const policy_program *p = policy_set_program(s, i);
		const policy_result *r = &b.result[i];
		int person = policy_program_unit(p) == POLICY_UNIT_PERSON;
		program_skips skips;

		if ((programs && !(programs & (1ull << i))) || !r->n)
			continue;
		if (skips_load(c, policy_program_code(p), &skips, e)) {
			skips_release(&skips);
			goto rollback;
		}
		nf = 0;
		/* The leads already open are no news to the outbox. */
		if (screen_leads_load(c, policy_program_code(p), &leads, e)) {
			skips_release(&skips);
			goto rollback;
		}
		for (size_t h = 0; h < d.cols.n_households; h++) {
			int eligible = 0, kind = -1;
			int64_t amount = 0, paid = d.enrolled_fen[i] ? d.enrolled_fen[i][h] : 0;
			int enrolled = (d.cols.hh_enrolled[h] >> i) & 1;
			const char *failed = "";

			if (person) {
				/* A person program, seen per household: any member
				 * eligible, amounts summed. */
				for (uint32_t k = d.cols.hh_offset[h]; k < d.cols.hh_offset[h + 1]; k++)
					if (r->eligible[k]) {
						eligible = 1;
						amount += r->amount[k];
					}
			} else {
				eligible = r->eligible[h];
				amount = r->amount[h];
			}
			if (eligible && !enrolled)
				kind = 0;
			else if (!eligible && enrolled)
				kind = 1;
			else if (eligible && enrolled && amount != paid)
				kind = 2;
			if (kind < 0 || skipped(&skips, d.hh_id[h], kind, eligible ? amount : 0))
				continue;
			/* The failed condition is named only for a finding (most
			 * households are none: 7.6 M a program at 20 M persons). */
			if (!person && !eligible && r->failed[h] &&
			    r->failed[h] != POLICY_FAILED_NOT_IN_FORCE)
				failed = policy_program_condition_id(p, r->failed[h] - 1);
			const char *div = d.div_code[d.cols.hh_division[h]];
			if (nf == fcap) {
				fcap = fcap ? 2 * fcap : 4096;
				found = mz_xrealloc(found, fcap * sizeof(*found));
			}
			found[nf++] = (screen_finding){ d.hh_id[h], eligible ? amount : 0, paid,
							kind_names[kind], failed, div };
			if (kind == 0)
				screen_lead_add(&told, &leads, d.hh_id[h], div, policy_program_code(p),
						amount);
			tally(sum, div, kind);
			nitems++;
		}
		if (screen_write_program(c, run_id, policy_program_code(p), found, nf,
					 flags & SCREEN_REWRITE, &ws, e)) {
			skips_release(&skips);
			goto rollback;
		}
		skips_release(&skips);
		screen_leads_release(&leads);
		report(&pc, "write", i + 1, np);
	}
	/* The new leads, told together (screen_publish.c). */
	if (screen_leads_publish(c, who, run_id, &told, e))
		goto rollback;
	screen_lead_list_release(&told);
	st = store_prepare(c, "UPDATE screen_runs SET items = ? WHERE id = ?", e);
	if (!st)
		goto rollback;
	store_params(st, (int64_t)nitems, run_id);
	if (store_step(st, e) < 0) {
		store_done(st);
		goto rollback;
	}
	store_done(st);
	snprintf(detail, sizeof(detail),
		 "{\"date\":\"%s\",\"households\":%zu,\"items\":%zu,\"programs\":\"%.900s\"}",
		 date_s, d.cols.n_households, nitems, codes);
	if (audit_append(c, who, AUDIT_WRITE, "screen.run", "screen_run", run_id, "", "", detail, e) ||
	    store_commit(c, e))
		goto rollback;
	out->run_id = run_id;
	out->load = li;
	out->load_ms = t1 - t0;
	out->eval_ms = t2 - t1;
	out->write_ms = now_ms() - t2;
	out->load_cpu_ms = c1 - c0;
	out->eval_cpu_ms = c2 - c1;
	out->write_cpu_ms = cpu_ms() - c2;
	out->households = d.cols.n_households;
	out->persons = d.cols.n_persons;
	out->inserted = ws.inserted;
	out->deleted = ws.deleted;
	out->kept = ws.kept;
	out->by_district = json_array();
	{
		const char *k;
		json_t *v;

		json_object_foreach(sum, k, v)
			json_array_append(out->by_district, v);
	}
	json_decref(sum);
	free(found);
	policy_batch_release(&b);
	screen_data_release(&d);
	screen_progress_set("done", nitems, nitems, 0);
	return 0;
rollback:
	store_rollback(c);
	screen_leads_release(&leads);
	screen_lead_list_release(&told);
fail:
	json_decref(sum);
	free(found);
	policy_batch_release(&b);
	screen_data_release(&d);
	screen_progress_set("failed", 0, 0, 0);
	return -1;
}

json_t *screen_items(store_conn *c, const access_ctx *who, const char *division,
		     const char *program, const char *kind, const char *status, const char *sort,
		     int64_t page, int64_t page_size, mz_err *e)
{
	static const store_order orders[] = {
		{ "division_code", "i.division_code" }, { "household_id", "i.household_id" },
		{ "program", "i.program" }, { "kind", "i.kind" }, { "amount_fen", "i.amount_fen" },
		{ "handled_at", "i.handled_at" }, { NULL, NULL }
	};
	mz_buf order;
	char lo[20], hi[20];
	json_t *items = json_array();
	store_stmt *st;
	int64_t total = 0;
	int rc;

	/* The filter narrows the caller's scope; it never widens it. */
	snprintf(lo, sizeof(lo), "%s", who->scope_lo);
	snprintf(hi, sizeof(hi), "%s", who->scope_hi);
	if (division && *division) {
		if (!access_in_scope(who, division)) {
			json_decref(items);
			return mz_fail(e, MZ_ENOTFOUND, "division", "no such division in your scope",
				       "您的辖区内没有该区划"), NULL;
		}
		/* codes under `division` sort in [division, division + "\x7f") */
		if (strcmp(division, lo) > 0)
			snprintf(lo, sizeof(lo), "%s", division);
		char h2[20];
		snprintf(h2, sizeof(h2), "%s~", division);
		if (strcmp(h2, hi) < 0)
			snprintf(hi, sizeof(hi), "%s", h2);
	}
	if (kind && *kind && strcmp(kind, "eligible_not_enrolled") &&
	    strcmp(kind, "enrolled_not_eligible") && strcmp(kind, "amount_changed")) {
		json_decref(items);
		return mz_fail(e, MZ_EINVAL, "kind",
			       "must be eligible_not_enrolled, enrolled_not_eligible or amount_changed",
			       "应为 eligible_not_enrolled、enrolled_not_eligible 或 amount_changed"), NULL;
	}
	if (!status || !*status)
		status = "open";
	if (strcmp(status, "open") && strcmp(status, "done") && strcmp(status, "all")) {
		json_decref(items);
		return mz_fail(e, MZ_EINVAL, "status", "must be open, done or all",
			       "状态须为 open、done 或 all"), NULL;
	}
	if (!strcmp(status, "all"))
		status = "";
	const char *where = " WHERE (? = '' OR i.status = ?) AND " ACCESS_SCOPE_SQL("i.division_code")
			    " AND (? = '' OR i.program = ?) AND (? = '' OR i.kind = ?)";
	char q[1024];

	snprintf(q, sizeof(q), "SELECT count(*) FROM screen_items i%s", where);
	st = store_prepare(c, q, e);
	if (!st)
		goto fail;
	store_params(st, status, status, store_arg_range(lo, hi), program ? program : "",
		     program ? program : "", kind ? kind : "", kind ? kind : "");
	if (store_step(st, e) == 1)
		total = store_col_i64(st, 0);
	store_done(st);
	mz_buf_init(&order);
	if (store_order_by(&order, orders, sort,
			   "i.handled_at DESC, i.division_code, i.program, i.kind, i.household_id",
			   "i.id", e)) {
		mz_buf_release(&order);
		goto fail;
	}
	snprintf(q, sizeof(q),
		 "SELECT i.id, i.household_id, i.division_code, i.program, i.kind,"
		 " i.amount_fen, i.enrolled_amount_fen, i.failed, r.on_date, i.run_id,"
		 " i.status, i.disposition, i.disposition_note, i.case_id, i.handled_by, i.handled_at"
		 " FROM screen_items i JOIN screen_runs r ON r.id = i.run_id%s%s"
		 " LIMIT ? OFFSET ?",
		 where, order.data);
	mz_buf_release(&order);
	st = store_prepare(c, q, e);
	if (!st)
		goto fail;
	store_params(st, status, status, store_arg_range(lo, hi), program ? program : "",
		     program ? program : "", kind ? kind : "", kind ? kind : "", page_size,
		     (page - 1) * page_size);
	while ((rc = store_step(st, e)) == 1) {
		char dname[128];

		/* The community's name is the registry's (null for an unknown code). */
		registry_division_name(c, store_col_text(st, 2), dname, sizeof(dname));
		json_t *row = json_pack(
			"{s:I,s:I,s:s,s:s?,s:s,s:s,s:I,s:I,s:s,s:s,s:I,s:s,s:s,s:s,s:s}",
			"id", (json_int_t)store_col_i64(st, 0), "household_id",
			(json_int_t)store_col_i64(st, 1), "division_code", store_col_text(st, 2),
			"division_name", dname[0] ? dname : NULL, "program", store_col_text(st, 3),
			"kind", store_col_text(st, 4), "amount_fen", (json_int_t)store_col_i64(st, 5),
			"enrolled_amount_fen", (json_int_t)store_col_i64(st, 6), "failed",
			store_col_text(st, 7), "on_date", store_col_text(st, 8), "run_id",
			(json_int_t)store_col_i64(st, 9), "status", store_col_text(st, 10),
			"disposition", store_col_text(st, 11), "note", store_col_text(st, 12),
			"handled_by", store_col_text(st, 14));
		char when[32];

		json_object_set_new(row, "case_id", store_col_is_null(st, 13)
			? json_null() : json_integer(store_col_i64(st, 13)));
		if (store_col_i64(st, 15)) {
			mz_time_format(store_col_i64(st, 15), when);
			json_object_set_new(row, "handled_at", json_string(when));
		} else {
			json_object_set_new(row, "handled_at", json_null());
		}
		json_array_append_new(items, row);
	}
	store_done(st);
	if (rc < 0)
		goto fail;
	/* The worklist names households in need: a read of personal data. */
	if (audit_append(c, who, AUDIT_READ, "screen.items.read", "screen_items", "",
			 division && *division ? division : who->scope_lo, "", NULL, e))
		goto fail;
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page, "page_size", (json_int_t)page_size);
fail:
	json_decref(items);
	return NULL;
}
