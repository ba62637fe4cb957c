/* resolutions.c - resolutions adopted by a meeting with a quorum, their
 * tasks, carrying them out with evidence, and their escalation when
 * overdue (docs/domain.md, "Deliberation halls"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "domains/deliberation/dl_internal.h"
#include "domains/deliberation/rate.h"
#include "events/events.h"
#include "registry/registry.h"
#include "store/order.h"

int dl_resolution_create(store_conn *c, const access_ctx *who, int64_t meeting_id,
			 const dl_resolution_new *in, int64_t *id, mz_err *e)
{
	int64_t on_agenda = 0;
	mz_day due, held;
	dl_meeting m;

	if (dl_meeting_load(c, who, meeting_id, &m, e))
		return -1;
	if (strcmp(m.status, "held"))
		return mz_fail(e, MZ_ESTATE, "meeting_id", "record the meeting's attendance first",
			       "请先登记会议出席情况");
	/* No quorum, no resolution: the meeting may only discuss. */
	if (!m.quorum_met)
		return mz_fail(e, MZ_ESTATE, "meeting_id",
			       "the meeting had no quorum: it cannot adopt a resolution",
			       "会议未达法定人数，不能形成决议");
	if (store_row(c, e, "SELECT COUNT(*) FROM dl_agenda WHERE meeting_id = ? AND hall_id = ?"
			    " AND topic_id = ?", STORE_INTO(&on_agenda), meeting_id, m.hall_id,
		      in->topic_id) < 0)
		return -1;
	if (!on_agenda)
		return mz_fail(e, MZ_EINVAL, "topic_id", "the topic is not on this meeting's agenda",
			       "该议题不在本次会议议程中");
	if (dl_check_text(in->text, 4000, "text", e) ||
	    dl_check_text(in->responsible_unit, 200, "responsible_unit", e) ||
	    dl_check_day(in->due_on, "due_on", &due, e))
		return -1;
	held = mz_day_parse(m.held_on);
	if (due <= held)
		return mz_fail(e, MZ_EINVAL, "due_on", "the deadline must fall after the meeting",
			       "办结期限须晚于会议日期");
	if (in->n_tasks < 1 || in->n_tasks > DL_TASKS_MAX)
		return mz_failf(e, MZ_EINVAL, "tasks", "a resolution has 1 to %d tasks",
				"决议须有 1 至 %d 项任务", DL_TASKS_MAX);
	for (size_t i = 0; i < in->n_tasks; i++) {
		mz_day td;
		char field[32];

		snprintf(field, sizeof(field), "tasks[%zu].title", i);
		if (dl_check_text(in->tasks[i].title, 300, field, e))
			return -1;
		snprintf(field, sizeof(field), "tasks[%zu].due_on", i);
		if (dl_check_day(in->tasks[i].due_on, field, &td, e))
			return -1;
		/* A task's deadline lies within the resolution's, so a resolution
		 * is due only when all its tasks are. */
		if (td <= held || td > due)
			return mz_failf(e, MZ_EINVAL, field,
					"a task's deadline falls after the meeting and on or before the resolution's (%s)",
					"任务期限须晚于会议日期且不晚于决议期限（%s）", in->due_on);
	}
	if (store_begin(c, e))
		return -1;
	*id = store_insert_id(c, e, "INSERT INTO dl_resolutions (hall_id, division_code, meeting_id, topic_id,"
				    " decided_on, text, responsible_unit, due_on, created_at)"
				    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			      m.hall_id, m.division, meeting_id, in->topic_id, m.held_on, in->text,
			      in->responsible_unit, in->due_on, mz_now_unix());
	if (*id <= 0)
		goto fail;
	for (size_t i = 0; i < in->n_tasks; i++)
		if (store_insert_id(c, e, "INSERT INTO dl_tasks (hall_id, resolution_id, position, title, due_on,"
					  " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
				    m.hall_id, *id, (int64_t)i, in->tasks[i].title, in->tasks[i].due_on,
				    mz_now_unix()) <= 0)
			goto fail;
	if (store_run(c, e, "UPDATE dl_topics SET status = 'resolved' WHERE id = ? AND hall_id = ?",
		      in->topic_id, m.hall_id) < 0 ||
	    dl_log(c, m.hall_id, *id, m.held_on, "adopted", in->responsible_unit, e) ||
	    audit_append(c, who, AUDIT_WRITE, "deliberation.resolution.create", "dl_resolution", *id,
			 m.division, NULL, NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

json_t *dl_resolution_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	json_t *all, *found = NULL, *v, *log;
	dl_resolution res;
	store_stmt *st;
	size_t i;
	int r;

	if (dl_resolution_load(c, who, id, &res, e) ||
	    !(all = dl_hall_resolutions(c, res.hall_id, mz_today(), e)))
		return NULL;
	json_array_foreach(all, i, v)
		if (json_integer_value(json_object_get(v, "id")) == id)
			found = json_incref(v);
	json_decref(all);
	if (!found)
		return mz_fail(e, MZ_ENOTFOUND, "resolution_id", "no such resolution", "决议不存在"), NULL;
	/* The timeline: adopted, tasks done, carried out, escalations. */
	st = store_prepare(c, "SELECT on_day, what, detail FROM dl_resolution_log WHERE resolution_id = ?"
			      " AND hall_id = ? ORDER BY id", e);
	if (!st)
		return json_decref(found), NULL;
	store_params(st, id, res.hall_id);
	log = json_array();
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(log, json_pack("{s:s,s:s,s:s}", "on", store_col_text(st, 0), "what",
						     store_col_text(st, 1), "detail", store_col_text(st, 2)));
	store_done(st);
	if (r < 0) {
		json_decref(log);
		json_decref(found);
		return NULL;
	}
	json_object_set_new(found, "history", log);
	json_object_set_new(found, "hall_id", json_integer(res.hall_id));
	json_object_set_new(found, "division_code", json_string(res.division));
	return found;
}

json_t *dl_resolution_list(store_conn *c, const access_ctx *who, const char *division,
			   const char *status, const char *sort, int64_t page, int64_t size,
			   mz_err *e)
{
	static const store_order orders[] = {
		{ "id", "r.id" }, { "decided_on", "r.decided_on" }, { "due_on", "r.due_on" },
		{ "status", "r.status" }, { "hall_name", "h.name" },
		{ "responsible_unit", "r.responsible_unit" }, { NULL, NULL }
	};
	char lo[16], hi[16], today[11];
	const char *st_in = "%", *due_max = "9999-12-31";
	int64_t total = 0;
	store_stmt *st = NULL;
	json_t *items;
	mz_buf sql;
	int r;

	if (division && *division) {
		if (!access_in_scope(who, division))
			return mz_fail(e, MZ_EINVAL, "division", "the division is outside your scope",
				       "该区划不在您的管辖范围内"), NULL;
		access_scope_range(division, lo, hi);
	} else {
		mz_strlcpy(lo, who->scope_lo, sizeof(lo));
		mz_strlcpy(hi, who->scope_hi, sizeof(hi));
	}
	mz_day_format(mz_today(), today);
	if (status && !strcmp(status, "overdue")) {
		st_in = "in_progress";
		due_max = today; /* due_on < today */
	} else if (status && *status) {
		st_in = status;
	}
#define LIST_WHERE                                                                          \
	" FROM dl_resolutions r JOIN dl_halls h ON h.id = r.hall_id WHERE "                    \
	ACCESS_SCOPE_SQL("r.division_code") " AND r.status LIKE ? AND r.due_on < ?"
	if (store_row(c, e, "SELECT COUNT(*)" LIST_WHERE, STORE_INTO(&total), store_arg_range(lo, hi),
		      st_in, due_max) < 0)
		return NULL;
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "SELECT r.id, r.hall_id, h.name, r.division_code, r.decided_on, r.text,"
			  " r.responsible_unit, r.due_on, r.status, r.carried_out_on, r.escalation"
			  LIST_WHERE);
	if (!store_order_by(&sql, orders, sort, "r.due_on, r.id", "r.id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		st = store_prepare(c, sql.data, e);
	}
	mz_buf_release(&sql);
	if (!st)
		return NULL;
	store_params(st, store_arg_range(lo, hi), st_in, due_max, size, (page - 1) * size);
	items = json_array();
	while ((r = store_step(st, e)) == 1) {
		const char *due = store_col_text(st, 7), *s = store_col_text(st, 8);

		json_array_append_new(items, json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s?,s:i,s:b}",
						       "id", (json_int_t)store_col_i64(st, 0), "hall_id",
						       (json_int_t)store_col_i64(st, 1), "hall_name",
						       store_col_text(st, 2), "division_code",
						       store_col_text(st, 3), "decided_on",
						       store_col_text(st, 4), "text", store_col_text(st, 5),
						       "responsible_unit", store_col_text(st, 6), "due_on",
						       due, "status", s, "carried_out_on",
						       store_col_is_null(st, 9) ? NULL : store_col_text(st, 9),
						       "escalation", (int)store_col_i64(st, 10), "overdue",
						       !strcmp(s, "in_progress") && strcmp(due, today) < 0));
	}
	store_done(st);
	if (r < 0)
		return json_decref(items), NULL;
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page, "page_size", (json_int_t)size);
#undef LIST_WHERE
}

int dl_task_done(store_conn *c, const access_ctx *who, int64_t resolution_id, int64_t task_id,
		 const char *evidence, const char *done_on, mz_err *e)
{
	char day[11], decided[11] = "", prev[11] = "";
	int64_t open = 0;
	dl_resolution res;
	mz_day d;
	int r;

	if (dl_resolution_load(c, who, resolution_id, &res, e))
		return -1;
	if (dl_check_text(evidence, 2000, "evidence", e))
		return -1;
	if (done_on && *done_on) {
		if (dl_check_day(done_on, "done_on", &d, e))
			return -1;
	} else {
		d = mz_today();
	}
	mz_day_format(d, day);
	r = store_row(c, e, "SELECT r.decided_on, t.done_on FROM dl_tasks t JOIN dl_resolutions r"
			    " ON r.id = t.resolution_id AND r.hall_id = t.hall_id WHERE t.id = ?"
			    " AND t.hall_id = ? AND t.resolution_id = ?",
		      STORE_INTO(STORE_TEXT(decided), STORE_TEXT(prev)), task_id, res.hall_id,
		      resolution_id);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_fail(e, MZ_EINVAL, "task_id", "no such task of this resolution", "该决议没有这项任务");
	if (*prev)
		return mz_fail(e, MZ_ESTATE, "task_id", "the task is done already", "该任务已完成");
	if (d < mz_day_parse(decided) || d > mz_today())
		return mz_fail(e, MZ_EINVAL, "done_on", "done_on lies between the meeting and today",
			       "完成日期须在会议日期与今天之间");
	if (store_begin(c, e))
		return -1;
	if (store_run(c, e, "UPDATE dl_tasks SET done_on = ?, evidence = ? WHERE id = ? AND hall_id = ?"
			    " AND done_on IS NULL", day, evidence, task_id, res.hall_id) != 1) {
		if (!e->code)
			mz_fail(e, MZ_ECONFLICT, "task_id", "the task changed meanwhile", "任务已被修改");
		goto fail;
	}
	if (dl_log(c, res.hall_id, resolution_id, day, "task_done", evidence, e) ||
	    store_row(c, e, "SELECT COUNT(*) FROM dl_tasks WHERE resolution_id = ? AND hall_id = ?"
			    " AND done_on IS NULL", STORE_INTO(&open), resolution_id, res.hall_id) < 0)
		goto fail;
	/* The last task done carries the resolution out, on the latest day
	 * any of its tasks was done. */
	if (!open) {
		char last[11] = "";

		if (store_row(c, e, "SELECT MAX(done_on) FROM dl_tasks WHERE resolution_id = ? AND hall_id = ?",
			      STORE_INTO(STORE_TEXT(last)), resolution_id, res.hall_id) < 0 ||
		    store_run(c, e, "UPDATE dl_resolutions SET status = 'carried_out', carried_out_on = ?"
				    " WHERE id = ? AND hall_id = ?", last, resolution_id, res.hall_id) < 0 ||
		    dl_log(c, res.hall_id, resolution_id, last, "carried_out", "", e) ||
		    audit_append(c, who, AUDIT_WRITE, "deliberation.resolution.carried_out", "dl_resolution",
				 resolution_id, res.division, NULL, NULL, e))
			goto fail;
	}
	if (audit_append(c, who, AUDIT_WRITE, "deliberation.task.done", "dl_resolution", resolution_id,
			 res.division, NULL, NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

/* ---- escalation ---- */

typedef struct overdue_row {
	int64_t id, hall_id;
	char division[16], due_on[11], hall_name[128], hall_level[12], unit[201];
	char *text;
	int escalation;
} overdue_row;

/* The step a resolution overdue by `days` days has reached. */
static int step_for(int64_t days, int64_t street, int64_t district, int64_t workorder)
{
	if (days >= workorder)
		return 3;
	if (days >= district)
		return 2;
	return days >= street ? 1 : 0;
}

static const char *const step_names[] = { "", "escalated_street", "escalated_district",
					  "handed_to_safetynet" };

static int escalate_one(store_conn *c, const access_ctx *who, const overdue_row *o, int step,
			int64_t days, const char *today, int *published, mz_err *e)
{
	json_t *payload = NULL;
	char *text = NULL;
	char detail[96];

	*published = 0;
	snprintf(detail, sizeof(detail), "{\"step\":%d,\"days_overdue\":%lld}", step, (long long)days);
	if (store_begin(c, e))
		return -1;
	/* The step only rises, and only while the resolution is not carried
	 * out: a concurrent runner or a task done meanwhile changes nothing. */
	if (store_run(c, e, "UPDATE dl_resolutions SET escalation = ?, escalated_on = ? WHERE id = ?"
			    " AND hall_id = ? AND escalation < ? AND status = 'in_progress'",
		      (int64_t)step, today, o->id, o->hall_id, (int64_t)step) != 1)
		goto fail_or_skip;
	if (dl_log(c, o->hall_id, o->id, today, step_names[step], detail + 0, e) ||
	    audit_append(c, who, AUDIT_WRITE, "deliberation.resolution.escalate", "dl_resolution", o->id,
			 o->division, NULL, detail, e))
		goto fail;
	if (step == DL_ESCALATION_LAST) {
		payload = json_pack("{s:I,s:I,s:s,s:s,s:s,s:I,s:s,s:s,s:i}", "resolution_id",
				    (json_int_t)o->id, "hall_id", (json_int_t)o->hall_id, "hall_name",
				    o->hall_name, "hall_level", o->hall_level, "due_on", o->due_on,
				    "days_overdue", (json_int_t)days, "responsible_unit", o->unit,
				    "text", o->text, "escalation", step);
		text = json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(payload);
		if (!text || events_publish(c, who, DL_EVENT_RESOLUTION_OVERDUE, o->id, o->division, text,
					    NULL, e))
			goto fail;
		free(text);
		text = NULL;
		*published = 1;
	}
	if (store_commit(c, e))
		goto fail;
	return 1;
fail_or_skip:
	if (!e->code) {
		store_rollback(c);
		return 0;
	}
fail:
	free(text);
	store_rollback(c);
	return -1;
}

int dl_escalate(store_conn *c, const access_ctx *who, mz_day today, dl_escalate_summary *out,
		mz_err *e)
{
	int64_t street, district, workorder;
	overdue_row *rows = NULL;
	size_t n = 0, cap = 0;
	char td[11];
	store_stmt *st;
	int r, rc = -1;

	memset(out, 0, sizeof(*out));
	if (dl_param(c, "escalate.street_days", today, &street, e) ||
	    dl_param(c, "escalate.district_days", today, &district, e) ||
	    dl_param(c, "escalate.workorder_days", today, &workorder, e))
		return -1;
	mz_day_format(today, td);
	st = store_prepare(c, "SELECT r.id, r.hall_id, r.division_code, r.due_on, r.escalation, h.name,"
			      " h.level, r.responsible_unit, r.text FROM dl_resolutions r JOIN dl_halls h"
			      " ON h.id = r.hall_id WHERE r.status = 'in_progress' AND r.due_on < ?"
			      " AND r.escalation < ? AND " ACCESS_SCOPE_SQL("r.division_code")
			      " ORDER BY r.due_on, r.id", e);
	if (!st)
		return -1;
	store_params(st, td, (int64_t)DL_ESCALATION_LAST, access_scope_arg(who));
	while ((r = store_step(st, e)) == 1) {
		overdue_row *o;

		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			rows = mz_xrealloc(rows, cap * sizeof(*rows));
		}
		o = &rows[n++];
		memset(o, 0, sizeof(*o));
		o->id = store_col_i64(st, 0);
		o->hall_id = store_col_i64(st, 1);
		mz_strlcpy(o->division, store_col_text(st, 2), sizeof(o->division));
		mz_strlcpy(o->due_on, store_col_text(st, 3), sizeof(o->due_on));
		o->escalation = (int)store_col_i64(st, 4);
		mz_strlcpy(o->hall_name, store_col_text(st, 5), sizeof(o->hall_name));
		mz_strlcpy(o->hall_level, store_col_text(st, 6), sizeof(o->hall_level));
		mz_strlcpy(o->unit, store_col_text(st, 7), sizeof(o->unit));
		o->text = mz_strdup(store_col_text(st, 8));
	}
	store_done(st);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		int64_t days = today - mz_day_parse(rows[i].due_on);
		int step = step_for(days, street, district, workorder), published, done;

		out->checked++;
		if (step <= rows[i].escalation)
			continue;
		done = escalate_one(c, who, &rows[i], step, days, td, &published, e);
		if (done < 0)
			goto out;
		out->raised += done;
		out->handed_over += published;
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(rows[i].text);
	free(rows);
	return rc;
}

/* ---- rates per hall, street, district ---- */

static json_t *rates_by(store_conn *c, const char *group_sql, const char *lo, const char *hi,
			const char *d, int with_name, mz_err *e)
{
	char sql[1024];
	store_stmt *st;
	json_t *items = json_array();
	int r;

	snprintf(sql, sizeof(sql), "SELECT %s, COUNT(*)," DL_RATE_SQL_SUMS DL_RATE_SQL_FROM
		 " AND " ACCESS_SCOPE_SQL("r.division_code") " GROUP BY %s ORDER BY %s",
		 group_sql, group_sql, group_sql);
	if (!(st = store_prepare(c, sql, e)))
		return json_decref(items), NULL;
	store_params(st, d, store_arg_range(lo, hi));
	while ((r = store_step(st, e)) == 1) {
		int64_t due = store_col_i64(st, 2), done = store_col_i64(st, 3);
		char name[128] = "";
		json_t *o;

		if (with_name)
			registry_division_name(c, store_col_text(st, 0), name, sizeof(name));
		o = json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I}", "code", store_col_text(st, 0), "name",
			      name, "decided", (json_int_t)store_col_i64(st, 1), "due", (json_int_t)due,
			      "carried_out", (json_int_t)done, "overdue", (json_int_t)store_col_i64(st, 4),
			      "on_time", (json_int_t)store_col_i64(st, 5), "rate_bp",
			      (json_int_t)dl_rate_bp(done, due));
		json_array_append_new(items, o);
	}
	store_done(st);
	if (r < 0)
		return json_decref(items), NULL;
	return items;
}

json_t *dl_rates(store_conn *c, const access_ctx *who, const char *division, mz_day as_of,
		 mz_err *e)
{
	json_t *districts = NULL, *streets = NULL, *halls = NULL, *h;
	int64_t due = 0, done = 0, overdue = 0, on_time = 0;
	char lo[16], hi[16], d[11];
	size_t i;

	if (division && *division) {
		if (!access_in_scope(who, division))
			return mz_fail(e, MZ_EINVAL, "division", "the division is outside your scope",
				       "该区划不在您的管辖范围内"), NULL;
		access_scope_range(division, lo, hi);
	} else {
		mz_strlcpy(lo, who->scope_lo, sizeof(lo));
		mz_strlcpy(hi, who->scope_hi, sizeof(hi));
	}
	mz_day_format(as_of, d);
	if (!(districts = rates_by(c, "SUBSTR(r.division_code, 1, 6)", lo, hi, d, 1, e)) ||
	    !(streets = rates_by(c, "SUBSTR(r.division_code, 1, 9)", lo, hi, d, 1, e)) ||
	    !(halls = rates_by(c, "CAST(r.hall_id AS TEXT)", lo, hi, d, 0, e)))
		goto fail;
	json_array_foreach(halls, i, h) {
		char name[128] = "", div[16] = "";
		int64_t id = atoll(json_string_value(json_object_get(h, "code")));

		if (store_row(c, e, "SELECT name, division_code FROM dl_halls WHERE id = ?",
			      STORE_INTO(STORE_TEXT(name), STORE_TEXT(div)), id) < 0)
			goto fail;
		json_object_del(h, "code");
		json_object_set_new(h, "hall_id", json_integer(id));
		json_object_set_new(h, "name", json_string(name));
		json_object_set_new(h, "division_code", json_string(div));
	}
	json_array_foreach(districts, i, h) {
		due += json_integer_value(json_object_get(h, "due"));
		done += json_integer_value(json_object_get(h, "carried_out"));
		overdue += json_integer_value(json_object_get(h, "overdue"));
		on_time += json_integer_value(json_object_get(h, "on_time"));
	}
	return json_pack("{s:s,s:{s:I,s:I,s:I,s:I,s:I},s:o,s:o,s:o}", "as_of", d, "total", "due",
			 (json_int_t)due, "carried_out", (json_int_t)done, "overdue",
			 (json_int_t)overdue, "on_time", (json_int_t)on_time, "rate_bp",
			 (json_int_t)dl_rate_bp(done, due), "by_district", districts, "by_street",
			 streets, "by_hall", halls);
fail:
	json_decref(districts);
	json_decref(streets);
	json_decref(halls);
	return NULL;
}
