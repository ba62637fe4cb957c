/* reverify.c - batch re-verification (核对) of every enrolled household, and
 * the close of cases whose gradual exit has run out.
 *
 * Re-verification: each case being paid (发放中, 暂停, 复核) gets a new
 * verification report of its members against the agencies' latest data as
 * of a day, exactly as a caseworker's "核对" on the case page writes it (one
 * report and one audit entry per household). A household whose report shows
 * a discrepancy gets a task on its case (核对差异复核, due within the
 * investigation deadline of its program) unless one is already open, so the
 * finding lands in the street's queue. Cases go in chunks, one transaction
 * each: a crash loses at most the chunk under way, and running again simply
 * writes newer reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/assistance/assistance.h"
#include "base/buf.h"
#include "benefits/benefits.h"
#include "evidence/evidence.h"
#include "registry/registry.h"

#define CHUNK_CASES 500
#define ENROLLED_STATES "('paying', 'suspended', 'periodic_review')"

typedef struct pick {
	int64_t id, household_id;
	char program[32], division[16];
} pick;

/* A case's rows are read with its household, their distribution column. */
static int open_task_exists(store_conn *c, const pick *p, const char *kind, int *exists,
			    mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT COUNT(*) FROM case_tasks WHERE case_id = ?"
					  " AND household_id = ? AND kind = ? AND done_at IS NULL", e);
	int rc;

	if (!st)
		return -1;
	store_params(st, p->id, p->household_id, kind);
	rc = store_step(st, e);
	*exists = rc == 1 && store_col_i64(st, 0) > 0;
	store_done(st);
	return rc < 0 ? -1 : 0;
}

static int members_of(store_conn *c, const pick *p, json_t *out, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT person_id FROM case_members WHERE case_id = ?"
					  " AND household_id = ? ORDER BY person_id", e);
	int rc;

	if (!st)
		return -1;
	store_params(st, p->id, p->household_id);
	while ((rc = store_step(st, e)) == 1)
		json_array_append_new(out, json_integer(store_col_i64(st, 0)));
	store_done(st);
	return rc < 0 ? -1 : 0;
}

/* The next chunk of enrolled cases after `after`, within [lo, hi). */
static int next_chunk(store_conn *c, const char *lo, const char *hi, int64_t after, pick *out,
		      size_t *n, mz_err *e)
{
	store_stmt *st = store_prepare(c,
		"SELECT id, household_id, program, division_code FROM cases WHERE state IN "
		ENROLLED_STATES " AND " ACCESS_SCOPE_SQL("division_code") " AND id > ?"
		" ORDER BY id LIMIT ?", e);
	int rc;

	*n = 0;
	if (!st)
		return -1;
	store_params(st, store_arg_range(lo, hi), after, CHUNK_CASES);
	while ((rc = store_step(st, e)) == 1) {
		pick *p = &out[(*n)++];

		p->id = store_col_i64(st, 0);
		p->household_id = store_col_i64(st, 1);
		mz_strlcpy(p->program, store_col_text(st, 2), sizeof(p->program));
		mz_strlcpy(p->division, store_col_text(st, 3), sizeof(p->division));
	}
	store_done(st);
	return rc < 0 ? -1 : 0;
}

static int verify_one(store_conn *c, const access_ctx *who, const workcal *cal, const pick *p,
		      mz_day as_of, assist_reverify_result *r, mz_err *e)
{
	json_t *pids = json_array(), *rep;
	int nd, exists;

	if (members_of(c, p, pids, e)) {
		json_decref(pids);
		return -1;
	}
	rep = evidence_verify_tx(c, who, p->id, p->household_id, p->division, pids, as_of, e);
	json_decref(pids);
	if (!rep)
		return -1;
	nd = (int)json_integer_value(json_object_get(rep, "discrepancies"));
	json_decref(rep);
	r->households++;
	r->discrepancies += nd;
	if (!nd)
		return 0;
	r->with_discrepancies++;
	/* The household's lock before "is a task open?": two runs over one
	 * district at once on PostgreSQL would otherwise both open one. */
	if (registry_household_lock_tx(c, p->household_id, e) ||
	    open_task_exists(c, p, "reverify_discrepancy", &exists, e))
		return -1;
	if (!exists) {
		const case_program *prog = assist_program_find(p->program);
		case_row cs;

		memset(&cs, 0, sizeof(cs));
		cs.id = p->id;
		cs.household_id = p->household_id;
		mz_strlcpy(cs.division, p->division, sizeof(cs.division));
		if (case_task_open_tx(c, &cs, "reverify_discrepancy",
				      workcal_add(cal, mz_today(), prog ? prog->investigation_start_wd : 3),
				      "低保审核确认办法 第三十一条：定期核对发现收入或财产与申报不符，应复核", e))
			return -1;
		r->tasks_opened++;
	}
	return 0;
}

int assist_reverify(store_conn *c, const access_ctx *who, const char *district, mz_day as_of,
		    const assist_progress *prog, assist_reverify_result *r, mz_err *e)
{
	pick *chunk = mz_xmalloc(CHUNK_CASES * sizeof(pick));
	char lo[16], hi[16];
	int64_t after = 0, total = 0;
	workcal cal;
	size_t n;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (!district || !*district)
		district = who->scope_code;
	if (!access_in_scope(who, district)) {
		free(chunk);
		return mz_fail(e, MZ_EINVAL, "district", "the division is outside your scope",
			       "所选区划不在您的权限范围内");
	}
	access_scope_range(district, lo, hi);
	if (workcal_load(c, &cal, e)) {
		free(chunk);
		return -1;
	}
	{
		store_stmt *st = store_prepare(c, "SELECT COUNT(*) FROM cases WHERE state IN "
						  ENROLLED_STATES " AND " ACCESS_SCOPE_SQL("division_code"), e);

		if (!st)
			goto out;
		store_params(st, store_arg_range(lo, hi));
		if (store_step(st, e) == 1)
			total = store_col_i64(st, 0);
		store_done(st);
	}
	for (;;) {
		/* The chunk is read before its transaction writes: no statement is
		 * left mid-iteration while reports are inserted. */
		if (next_chunk(c, lo, hi, after, chunk, &n, e))
			goto out;
		if (!n)
			break;
		if (store_begin(c, e))
			goto out;
		for (size_t i = 0; i < n; i++)
			if (verify_one(c, who, &cal, &chunk[i], as_of, r, e)) {
				store_rollback(c);
				goto out;
			}
		if (store_commit(c, e)) {
			store_rollback(c);
			goto out;
		}
		after = chunk[n - 1].id;
		if (prog && prog->fn)
			prog->fn(prog->arg, r->households, total);
	}
	rc = 0;
out:
	workcal_release(&cal);
	free(chunk);
	return rc;
}

/* 渐退期 (低保审核确认办法 第三十三条): a case placed on a gradual exit keeps
 * being paid until the enrollment's last month; once that month is over,
 * the case ends. A periodic step (run before the monthly payroll, or from
 * `minzheng assistance close-exits`): every case still 发放中 whose enrollment
 * has an exit month before `month` is terminated through the case machine,
 * so the event, the audit entry and the closed tasks are the same as a
 * caseworker's termination. */
int assist_close_phase_outs(store_conn *c, const access_ctx *who, const char *month, int *closed,
			    mz_err *e)
{
	struct { int64_t case_id, enrollment_id; char until[8]; } ids[256];
	size_t n = 0;
	store_stmt *st;
	workcal cal;
	int rc;

	*closed = 0;
	if (!benefits_month_valid(month))
		return mz_fail(e, MZ_EINVAL, "month", "month must be YYYY-MM", "月份应为 YYYY-MM");
	if (workcal_load(c, &cal, e))
		return -1;
	for (;;) {
		st = store_prepare(c,
			"SELECT c.id, en.id, en.phase_out_until FROM cases c"
			" JOIN enrollments en ON en.id = c.enrollment_id"
			" AND en.household_id = c.household_id"
			" WHERE c.state = 'paying' AND en.phase_out_until IS NOT NULL"
			" AND en.phase_out_until < ? AND " ACCESS_SCOPE_SQL("c.division_code")
			" ORDER BY c.id LIMIT 256", e);
		if (!st)
			goto fail;
		store_params(st, month, access_scope_arg(who));
		n = 0;
		while ((rc = store_step(st, e)) == 1) {
			ids[n].case_id = store_col_i64(st, 0);
			ids[n].enrollment_id = store_col_i64(st, 1);
			mz_strlcpy(ids[n].until, store_col_text(st, 2), sizeof(ids[n].until));
			n++;
		}
		store_done(st);
		if (rc < 0)
			goto fail;
		if (!n)
			break;
		for (size_t i = 0; i < n; i++) {
			const case_program *p;
			case_row cs;
			char note[96];

			if (store_begin(c, e))
				goto fail;
			if (case_load(c, who, ids[i].case_id, &cs, e) || !(p = assist_program_find(cs.program))) {
				if (!e->code)
					mz_fail(e, MZ_EINTERNAL, "program", "unknown program", "未知项目");
				store_rollback(c);
				goto fail;
			}
			snprintf(note, sizeof(note), "渐退期满（%s），终止保障", ids[i].until);
			/* The enrollment ends with its exit month, as decided when the
			 * gradual exit began; the case machine records the end. */
			if (case_transition_tx(c, who, p, &cal, &cs, "terminate", note, NULL, NULL, 0, e) ||
			    benefits_end_tx(c, who, ids[i].enrollment_id, ids[i].until, note, e) ||
			    store_commit(c, e)) {
				store_rollback(c);
				goto fail;
			}
			(*closed)++;
		}
	}
	workcal_release(&cal);
	return 0;
fail:
	workcal_release(&cal);
	return -1;
}
