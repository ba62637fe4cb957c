/* common.c - input checks, record loads under the hall's scope, the
 * resolution history, and the per-hall views the staff and public pages
 * share (dl_internal.h). */
#include <string.h>

#include "base/buf.h"
#include "domains/deliberation/dl_internal.h"
#include "domains/deliberation/rate.h"

int dl_check_text(const char *s, size_t max, const char *field, mz_err *e)
{
	const char *p = s;

	while (p && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (!p || !*p)
		return mz_failf(e, MZ_EINVAL, field, "'%s' is required", "请填写 '%s'", field);
	if (strlen(s) > max)
		return mz_failf(e, MZ_EINVAL, field, "'%s' must be at most %zu bytes",
				"'%s' 不超过 %zu 字节", field, max);
	return 0;
}

int dl_check_day(const char *s, const char *field, mz_day *out, mz_err *e)
{
	*out = s ? mz_day_parse(s) : MZ_DAY_INVALID;
	if (*out == MZ_DAY_INVALID)
		return mz_failf(e, MZ_EINVAL, field, "'%s' must be a date YYYY-MM-DD",
				"'%s' 须为日期 YYYY-MM-DD", field);
	return 0;
}

int dl_meeting_load(store_conn *c, const access_ctx *who, int64_t id, dl_meeting *m, mz_err *e)
{
	int r;

	memset(m, 0, sizeof(*m));
	r = store_row(c, e, "SELECT id, hall_id, division_code, held_on, status, minutes_status,"
			    " quorum_met, minutes_version FROM dl_meetings WHERE id = ?",
		      STORE_INTO(&m->id, &m->hall_id, STORE_TEXT(m->division), STORE_TEXT(m->held_on),
				 STORE_TEXT(m->status), STORE_TEXT(m->minutes_status), &m->quorum_met,
				 &m->minutes_version),
		      id);
	if (r < 0)
		return -1;
	if (r == 0 || !access_in_scope(who, m->division))
		return mz_failf(e, MZ_ENOTFOUND, "meeting_id", "no meeting %lld", "议事会议 %lld 不存在",
				(long long)id);
	return 0;
}

int dl_resolution_load(store_conn *c, const access_ctx *who, int64_t id, dl_resolution *res,
		       mz_err *e)
{
	int r;

	memset(res, 0, sizeof(*res));
	r = store_row(c, e, "SELECT id, hall_id, meeting_id, topic_id, division_code, due_on,"
			    " status, escalation FROM dl_resolutions WHERE id = ?",
		      STORE_INTO(&res->id, &res->hall_id, &res->meeting_id, &res->topic_id,
				 STORE_TEXT(res->division), STORE_TEXT(res->due_on),
				 STORE_TEXT(res->status), &res->escalation),
		      id);
	if (r < 0)
		return -1;
	if (r == 0 || !access_in_scope(who, res->division))
		return mz_failf(e, MZ_ENOTFOUND, "resolution_id", "no resolution %lld",
				"决议 %lld 不存在", (long long)id);
	return 0;
}

int dl_log(store_conn *c, int64_t hall_id, int64_t resolution_id, const char *day,
	   const char *what, const char *detail, mz_err *e)
{
	return store_insert_id(c, e, "INSERT INTO dl_resolution_log (hall_id, resolution_id, on_day,"
				     " what, detail, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			       hall_id, resolution_id, day, what, detail ? detail : "",
			       mz_now_unix()) > 0 ? 0 : -1;
}

json_t *dl_hall_rate(store_conn *c, int64_t hall_id, mz_day as_of, mz_err *e)
{
	int64_t due = 0, done = 0, overdue = 0, on_time = 0;
	char d[11];

	mz_day_format(as_of, d);
	if (store_row(c, e, "SELECT" DL_RATE_SQL_SUMS DL_RATE_SQL_FROM " AND r.hall_id = ?",
		      STORE_INTO(&due, &done, &overdue, &on_time), d, hall_id) < 0)
		return NULL;
	return json_pack("{s:I,s:I,s:I,s:I,s:I}", "due", (json_int_t)due, "carried_out",
			 (json_int_t)done, "overdue", (json_int_t)overdue, "on_time",
			 (json_int_t)on_time, "rate_bp", (json_int_t)dl_rate_bp(done, due));
}

json_t *dl_hall_topics(store_conn *c, int64_t hall_id, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT id, title, description, raised_by, raised_on, status"
				       " FROM dl_topics WHERE hall_id = ? ORDER BY raised_on DESC, id DESC", e);
	json_t *items = json_array();
	int r;

	if (!st)
		return json_decref(items), NULL;
	store_params(st, hall_id);
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id",
						       (json_int_t)store_col_i64(st, 0), "title",
						       store_col_text(st, 1), "description",
						       store_col_text(st, 2), "raised_by",
						       store_col_text(st, 3), "raised_on",
						       store_col_text(st, 4), "status",
						       store_col_text(st, 5)));
	store_done(st);
	if (r < 0)
		return json_decref(items), NULL;
	return items;
}

/* The tasks of the hall's resolutions, attached to each resolution object
 * (keyed by id in byid). */
static int attach_tasks(store_conn *c, int64_t hall_id, json_t *byid, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT resolution_id, id, title, due_on, done_on, evidence"
				       " FROM dl_tasks WHERE hall_id = ? ORDER BY resolution_id, position", e);
	char key[24];
	int r;

	if (!st)
		return -1;
	store_params(st, hall_id);
	while ((r = store_step(st, e)) == 1) {
		json_t *res;

		snprintf(key, sizeof(key), "%lld", (long long)store_col_i64(st, 0));
		if (!(res = json_object_get(byid, key)))
			continue;
		json_array_append_new(json_object_get(res, "tasks"),
				      json_pack("{s:I,s:s,s:s,s:s?,s:s}", "id",
						(json_int_t)store_col_i64(st, 1), "title",
						store_col_text(st, 2), "due_on", store_col_text(st, 3),
						"done_on", store_col_is_null(st, 4) ? NULL : store_col_text(st, 4),
						"evidence", store_col_text(st, 5)));
	}
	store_done(st);
	return r < 0 ? -1 : 0;
}

json_t *dl_hall_resolutions(store_conn *c, int64_t hall_id, mz_day today, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT r.id, r.topic_id, t.title, r.meeting_id, r.decided_on,"
				       " r.text, r.responsible_unit, r.due_on, r.status, r.carried_out_on,"
				       " r.escalation FROM dl_resolutions r JOIN dl_topics t ON t.id = r.topic_id"
				       " AND t.hall_id = r.hall_id WHERE r.hall_id = ?"
				       " ORDER BY r.decided_on DESC, r.id DESC", e);
	json_t *items = json_array(), *byid = json_object();
	char td[11], key[24];
	size_t i;
	json_t *v;
	int r;

	mz_day_format(today, td);
	if (!st)
		goto fail;
	store_params(st, hall_id);
	while ((r = store_step(st, e)) == 1) {
		const char *due = store_col_text(st, 7), *status = store_col_text(st, 8);
		json_t *o = json_pack("{s:I,s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s?,s:i,s:b,s:[]}", "id",
				      (json_int_t)store_col_i64(st, 0), "topic_id",
				      (json_int_t)store_col_i64(st, 1), "topic", store_col_text(st, 2),
				      "meeting_id", (json_int_t)store_col_i64(st, 3), "decided_on",
				      store_col_text(st, 4), "text", store_col_text(st, 5),
				      "responsible_unit", store_col_text(st, 6), "due_on", due,
				      "status", status, "carried_out_on",
				      store_col_is_null(st, 9) ? NULL : store_col_text(st, 9),
				      "escalation", (int)store_col_i64(st, 10), "overdue",
				      !strcmp(status, "in_progress") && strcmp(due, td) < 0, "tasks");

		snprintf(key, sizeof(key), "%lld", (long long)store_col_i64(st, 0));
		json_object_set(byid, key, o);
		json_array_append_new(items, o);
	}
	store_done(st);
	if (r < 0 || attach_tasks(c, hall_id, byid, e))
		goto fail;
	/* Progress as Decidim shows it: the share of tasks done. */
	json_array_foreach(items, i, v) {
		json_t *tasks = json_object_get(v, "tasks"), *t;
		size_t k, done = 0;

		json_array_foreach(tasks, k, t)
			done += json_is_string(json_object_get(t, "done_on"));
		json_object_set_new(v, "progress_pct",
				    json_integer(json_array_size(tasks) ? (json_int_t)(done * 100 / json_array_size(tasks)) : 0));
	}
	json_decref(byid);
	return items;
fail:
	json_decref(byid);
	json_decref(items);
	return NULL;
}
