/* tasks.c - the outside departments' matters of a case: a receipt closes
 * one; the daily job flags the late ones. */
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/date.h"
#include "domains/posthumous/cases_internal.h"
#include "domains/posthumous/posthumous.h"
#include "registry/idcard.h"
#include "registry/registry.h"

int ph_task_receipt(store_conn *c, const access_ctx *who, int64_t task_id,
		    const char *receipt_ref, const char *done_on, mz_err *e)
{
	char status[8] = "", division[16] = "", death[11] = "";
	int64_t person_id = 0;
	mz_day d = mz_day_parse(done_on ? done_on : "");
	int r;

	if (!receipt_ref || strlen(receipt_ref) < 2)
		return mz_fail(e, MZ_EINVAL, "receipt_ref",
			       "receipt_ref (the department's document number) is required",
			       "须填写办结回执编号");
	if (d == MZ_DAY_INVALID || d > mz_today())
		return mz_fail(e, MZ_EINVAL, "done_on",
			       "done_on must be a date YYYY-MM-DD not in the future",
			       "办结日期须为不晚于今天的日期");
	if (store_begin(c, e))
		return -1;
	r = store_row(c, e, "SELECT t.status, t.division_code, t.person_id, c.death_date"
			    " FROM ph_tasks t JOIN ph_cases c ON c.id = t.case_id AND c.person_id ="
			    " t.person_id WHERE t.id = ? AND " ACCESS_SCOPE_SQL("t.division_code"),
		      STORE_INTO(STORE_TEXT(status), STORE_TEXT(division), &person_id,
				 STORE_TEXT(death)),
		      task_id, access_scope_arg(who));
	if (r <= 0) {
		if (r == 0)
			mz_failf(e, MZ_ENOTFOUND, "id", "no posthumous task %lld",
				 "身后事事项 %lld 不存在", (long long)task_id);
		goto fail;
	}
	if (!strcmp(status, "done")) {
		mz_fail(e, MZ_ESTATE, "id", "the task is done already", "该事项已办结");
		goto fail;
	}
	if (d < mz_day_parse(death)) {
		mz_fail(e, MZ_EINVAL, "done_on", "done_on cannot be before the death",
			"办结日期不能早于死亡日期");
		goto fail;
	}
	if (store_run(c, e, "UPDATE ph_tasks SET status = 'done', receipt_ref = ?, done_on = ?,"
			    " done_by = ? WHERE id = ? AND person_id = ? AND status = 'open'",
		      receipt_ref, done_on, who->login, task_id, person_id) != 1)
		goto fail;
	if (audit_append(c, who, AUDIT_WRITE, "posthumous.task.receipt", "ph_task", task_id,
			 division, receipt_ref, NULL, e))
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}

int ph_tasks_flag_overdue(store_conn *c, const access_ctx *who, mz_day today, int64_t *flagged,
			  mz_err *e)
{
	char day[11];
	int64_t *ids = NULL, *persons = NULL;
	char (*divs)[16] = NULL;
	size_t n = 0, cap = 0;
	store_stmt *st;
	int r;

	*flagged = 0;
	mz_day_format(today, day);
	if (store_begin(c, e))
		return -1;
	st = store_prepare(c, "SELECT id, person_id, division_code FROM ph_tasks WHERE status ="
			      " 'open' AND due_on < ? AND overdue_flagged_on = ''", e);
	if (!st)
		goto fail;
	store_params(st, day);
	while ((r = store_step(st, e)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			ids = mz_xrealloc(ids, cap * sizeof(*ids));
			persons = mz_xrealloc(persons, cap * sizeof(*persons));
			divs = mz_xrealloc(divs, cap * sizeof(*divs));
		}
		ids[n] = store_col_i64(st, 0);
		persons[n] = store_col_i64(st, 1);
		mz_strlcpy(divs[n++], store_col_text(st, 2), sizeof(divs[0]));
	}
	store_done(st);
	if (r < 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if (store_run(c, e, "UPDATE ph_tasks SET overdue_flagged_on = ? WHERE id = ? AND"
				    " person_id = ?", day, ids[i], persons[i]) < 0 ||
		    audit_append(c, who, AUDIT_WRITE, "posthumous.task.overdue", "ph_task", ids[i],
				 divs[i], "逾期未办结", NULL, e))
			goto fail;
	}
	if (store_commit(c, e))
		goto fail_nort;
	*flagged = (int64_t)n;
	free(ids);
	free(persons);
	free(divs);
	return 0;
fail:
	store_rollback(c);
fail_nort:
	free(ids);
	free(persons);
	free(divs);
	return -1;
}

int ph_items_name_persons(store_conn *c, json_t *items, mz_err *e)
{
	size_t n = json_array_size(items);
	int64_t *ids;
	registry_person *ps;
	int rc;

	if (!n)
		return 0;
	ids = mz_xmalloc(n * sizeof(*ids));
	ps = mz_xmalloc(n * sizeof(*ps));
	for (size_t i = 0; i < n; i++)
		ids[i] = json_integer_value(json_object_get(json_array_get(items, i), "person_id"));
	rc = registry_person_list_by_ids(c, ids, n, ps, e);
	for (size_t i = 0; !rc && i < n; i++) {
		json_t *it = json_array_get(items, i);
		char masked[19] = "";

		if (!ps[i].id)
			continue;
		idcard_mask(ps[i].id_number, masked);
		json_object_set_new(it, "name", json_string(ps[i].name));
		json_object_set_new(it, "id_number_masked", json_string(masked));
		json_object_set_new(it, "division_name", json_string(ps[i].division_name));
	}
	free(ids);
	free(ps);
	return rc;
}
