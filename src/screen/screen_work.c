/* screen_work.c - 政策找人 as a loop: the street works each item of the
 * worklist (accept → an intake for the household, dismiss with a reason,
 * link to an existing case), and the run's progress is visible while the
 * whole city is screened. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "base/date.h"
#include "cases/cases.h"
#include "screen/screen.h"
#include "store/query.h"

/* ---- progress: the one run of this process, read by the API ---- */

static pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;
static screen_progress progress_now;

void screen_progress_set(const char *stage, size_t done, size_t total, int running)
{
	pthread_mutex_lock(&progress_lock);
	if (running && !progress_now.running) {
		progress_now.started_at = mz_now_unix();
		progress_now.finished_at = 0;
	}
	if (!running && progress_now.running)
		progress_now.finished_at = mz_now_unix();
	progress_now.running = running;
	snprintf(progress_now.stage, sizeof(progress_now.stage), "%s", stage);
	progress_now.done = done;
	progress_now.total = total;
	pthread_mutex_unlock(&progress_lock);
}

void screen_progress_get(screen_progress *out)
{
	pthread_mutex_lock(&progress_lock);
	*out = progress_now;
	pthread_mutex_unlock(&progress_lock);
}

/* ---- working an item ---- */

static const char *const dispositions[] = { "accepted", "dismissed", "linked", NULL };

int screen_item_work(store_conn *c, const access_ctx *who, int64_t id, const char *disposition,
		     const char *note, int64_t case_id, screen_item_ref *out, mz_err *e)
{
	char status[8] = "", program[32] = "", division[16] = "", action[48];
	int64_t household = 0;
	int known = 0, rc;

	for (int i = 0; dispositions[i]; i++)
		known |= !strcmp(dispositions[i], disposition);
	if (!known)
		return mz_fail(e, MZ_EINVAL, "disposition", "must be accepted, dismissed or linked",
			       "处理结果须为 accepted、dismissed 或 linked");
	if (!strcmp(disposition, "dismissed") && (!note || !*note))
		return mz_fail(e, MZ_EINVAL, "note", "a dismissal needs its reason",
			       "不予跟进须填写理由");
	if (!strcmp(disposition, "linked") && case_id <= 0)
		return mz_fail(e, MZ_EINVAL, "case_id", "name the case the item is linked to",
			       "请填写关联的案件号");
	if (store_begin(c, e))
		return -1;
	/* Outside the caller's scope the item does not exist for them. */
	rc = store_row(c, e,
		       "SELECT household_id, program, division_code, status FROM screen_items"
		       " WHERE id = ? AND " ACCESS_SCOPE_SQL("division_code"),
		       STORE_INTO(&household, STORE_TEXT(program), STORE_TEXT(division),
				  STORE_TEXT(status)),
		       id, access_scope_arg(who));
	if (rc <= 0) {
		if (rc == 0)
			mz_fail(e, MZ_ENOTFOUND, "id", "no such worklist item in your scope",
				"您的辖区内没有该筛查事项");
		goto fail;
	}
	if (strcmp(status, "open")) {
		mz_fail(e, MZ_ECONFLICT, "id", "the item has been worked already", "该事项已处理");
		goto fail;
	}
	if (!strcmp(disposition, "linked")) {
		rc = case_of_household(c, case_id, household, program, e);
		if (rc < 0)
			goto fail;
		if (!rc) {
			mz_failf(e, MZ_EINVAL, "case_id",
				 "case %lld is not a %s case of this household",
				 "案件 %lld 不是该家庭的此项救助案件", (long long)case_id, program);
			goto fail;
		}
	}
	if (store_run(c, e,
		      "UPDATE screen_items SET status = 'done', disposition = ?, disposition_note = ?,"
		      " case_id = ?, handled_by = ?, handled_at = ? WHERE id = ? AND household_id = ?",
		      disposition, note ? note : "", case_id > 0 ? store_arg_i64(case_id) : store_arg_null(),
		      who->login, mz_now_unix(), id, household) < 0)
		goto fail;
	snprintf(action, sizeof(action), "screen.item.%s", disposition);
	{
		char detail[160];

		snprintf(detail, sizeof(detail), "{\"household_id\":%lld,\"program\":\"%s\",\"case_id\":%lld}",
			 (long long)household, program, (long long)(case_id > 0 ? case_id : 0));
		if (audit_append(c, who, AUDIT_WRITE, action, "screen_item", id, division, note, detail, e))
			goto fail;
	}
	if (store_commit(c, e))
		goto fail;
	out->id = id;
	out->household_id = household;
	snprintf(out->program, sizeof(out->program), "%s", program);
	snprintf(out->division_code, sizeof(out->division_code), "%s", division);
	return 0;
fail:
	store_rollback(c);
	return -1;
}

/* ---- the latest runs: counts only, no household named ---- */

json_t *screen_runs_recent(store_conn *c, int limit, mz_err *e)
{
	json_t *runs = json_array();
	store_stmt *st = store_prepare(c, "SELECT id, on_date, programs, households, persons, items,"
					  " created_by, created_at FROM screen_runs ORDER BY id DESC"
					  " LIMIT ?", e);
	int rc;

	if (!st) {
		json_decref(runs);
		return NULL;
	}
	store_params(st, (int64_t)limit);
	while ((rc = store_step(st, e)) == 1) {
		char when[32];

		mz_time_format(store_col_i64(st, 7), when);
		json_array_append_new(runs, json_pack(
			"{s:I,s:s,s:s,s:I,s:I,s:I,s:s,s:s}", "id", (json_int_t)store_col_i64(st, 0),
			"on_date", store_col_text(st, 1), "programs", store_col_text(st, 2),
			"households", (json_int_t)store_col_i64(st, 3), "persons",
			(json_int_t)store_col_i64(st, 4), "items", (json_int_t)store_col_i64(st, 5),
			"created_by", store_col_text(st, 6), "created_at", when));
	}
	store_done(st);
	if (rc < 0) {
		json_decref(runs);
		return NULL;
	}
	return runs;
}
