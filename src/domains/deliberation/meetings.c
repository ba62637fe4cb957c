/* meetings.c - meetings: agenda, attendance and quorum, minutes drafted by
 * the secretary, amended by attendees (each amendment recorded), then
 * published and locked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "domains/deliberation/dl_internal.h"

#define MINUTES_MAX 20000

int dl_meeting_create(store_conn *c, const access_ctx *who, int64_t hall_id,
		      const dl_meeting_new *in, int64_t *id, mz_err *e)
{
	mz_day day;
	dl_hall h;

	if (dl_hall_load(c, who, hall_id, &h, e) || dl_check_text(in->title, 200, "title", e) ||
	    dl_check_day(in->held_on, "held_on", &day, e))
		return -1;
	if (in->place && strlen(in->place) > 200)
		return mz_fail(e, MZ_EINVAL, "place", "'place' must be at most 200 bytes", "地点过长");
	if (in->n_topics == 0)
		return mz_fail(e, MZ_EINVAL, "topic_ids", "a meeting needs at least one topic on its agenda",
			       "会议议程至少包含一个议题");
	/* Every agenda topic is an open topic of this hall, named once. */
	for (size_t i = 0; i < in->n_topics; i++) {
		char status[16] = "";
		int r = store_row(c, e, "SELECT status FROM dl_topics WHERE id = ? AND hall_id = ?",
				  STORE_INTO(STORE_TEXT(status)), in->topic_ids[i], hall_id);

		if (r < 0)
			return -1;
		for (size_t k = 0; k < i; k++)
			if (in->topic_ids[k] == in->topic_ids[i])
				r = 0;
		if (r == 0 || !strcmp(status, "resolved"))
			return mz_failf(e, MZ_EINVAL, "topic_ids",
					"topic %lld is not an open topic of this hall (or is named twice)",
					"议题 %lld 不是本议事厅待议的议题（或重复）",
					(long long)in->topic_ids[i]);
	}
	if (store_begin(c, e))
		return -1;
	*id = store_insert_id(c, e, "INSERT INTO dl_meetings (hall_id, division_code, title, held_on,"
				    " place, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			      hall_id, h.division, in->title, in->held_on, in->place ? in->place : "",
			      mz_now_unix());
	if (*id <= 0)
		goto fail;
	for (size_t i = 0; i < in->n_topics; i++)
		if (store_run(c, e, "INSERT INTO dl_agenda (hall_id, meeting_id, topic_id, position)"
				    " VALUES (?, ?, ?, ?)", hall_id, *id, in->topic_ids[i], (int64_t)i) < 0 ||
		    store_run(c, e, "UPDATE dl_topics SET status = 'on_agenda' WHERE id = ? AND hall_id = ?"
				    " AND status = 'open'", in->topic_ids[i], hall_id) < 0)
			goto fail;
	if (audit_append(c, who, AUDIT_WRITE, "deliberation.meeting.create", "dl_meeting", *id,
			 h.division, NULL, NULL, e) || store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

static json_t *rows_json(store_conn *c, const char *sql, int64_t a, int64_t b, const char *fmt,
			 const char *const *names, mz_err *e);
static const char *const agenda_cols[] = { "id", "title", "status" };
static const char *const attendance_cols[] = { "representative_id", "kind", "label", "present" };
static const char *const amendment_cols[] = { "id", "version", "representative_id", "note",
					      "recorded_by", "created_at" };

json_t *dl_meeting_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	store_stmt *st;
	json_t *o, *agenda, *att, *amend;
	dl_meeting m;
	int r;

	if (dl_meeting_load(c, who, id, &m, e))
		return NULL;
	st = store_prepare(c, "SELECT title, held_on, place, status, registered, present, quorum_permille,"
			      " quorum_met, minutes_status, minutes, minutes_version, secretary,"
			      " published_at FROM dl_meetings WHERE id = ? AND hall_id = ?", e);
	if (!st)
		return NULL;
	store_params(st, id, m.hall_id);
	if ((r = store_step(st, e)) != 1) {
		store_done(st);
		return r == 0 ? (mz_fail(e, MZ_ENOTFOUND, "meeting_id", "no such meeting", "会议不存在"), NULL)
			      : NULL;
	}
	o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:b,s:s,s:s,s:I,s:s,s:I}", "id",
		      (json_int_t)id, "hall_id", (json_int_t)m.hall_id, "division_code", m.division,
		      "title", store_col_text(st, 0), "held_on", store_col_text(st, 1), "place",
		      store_col_text(st, 2), "status", store_col_text(st, 3), "registered",
		      (json_int_t)store_col_i64(st, 4), "present", (json_int_t)store_col_i64(st, 5),
		      "quorum_permille", (json_int_t)store_col_i64(st, 6), "quorum_met",
		      (int)store_col_i64(st, 7), "minutes_status", store_col_text(st, 8), "minutes",
		      store_col_text(st, 9), "minutes_version", (json_int_t)store_col_i64(st, 10),
		      "secretary", store_col_text(st, 11), "published_at",
		      (json_int_t)store_col_i64(st, 12));
	store_done(st);
	agenda = rows_json(c, "SELECT t.id, t.title, t.status FROM dl_agenda a JOIN dl_topics t"
			      " ON t.id = a.topic_id AND t.hall_id = a.hall_id WHERE a.meeting_id = ?"
			      " AND a.hall_id = ? ORDER BY a.position", id, m.hall_id, "Iss", agenda_cols, e);
	/* Who came, by role and label; named residents are shown on the hall's
	 * page, which audits the read. */
	att = rows_json(c, "SELECT p.id, p.kind, p.label, a.present FROM dl_attendance a"
			   " JOIN dl_representatives p ON p.id = a.representative_id AND p.hall_id = a.hall_id"
			   " WHERE a.meeting_id = ? AND a.hall_id = ? ORDER BY p.kind, p.id", id, m.hall_id,
			"Issb", attendance_cols, e);
	amend = rows_json(c, "SELECT id, version, representative_id, note, recorded_by, created_at"
			     " FROM dl_amendments WHERE meeting_id = ? AND hall_id = ? ORDER BY version",
			  id, m.hall_id, "IIIssI", amendment_cols, e);
	if (!agenda || !att || !amend) {
		json_decref(agenda);
		json_decref(att);
		json_decref(amend);
		json_decref(o);
		return NULL;
	}
	json_object_set_new(o, "agenda", agenda);
	json_object_set_new(o, "attendance", att);
	json_object_set_new(o, "amendments", amend);
	return o;
}

/* Rows of a two-parameter query as objects keyed by the column names;
 * fmt: one letter a column, I integer, s text, b boolean. */
static json_t *rows_json(store_conn *c, const char *sql, int64_t a, int64_t b, const char *fmt,
			 const char *const *names, mz_err *e)
{
	store_stmt *st = store_prepare(c, sql, e);
	json_t *items = json_array();
	int r;

	if (!st)
		return json_decref(items), NULL;
	store_params(st, a, b);
	while ((r = store_step(st, e)) == 1) {
		json_t *o = json_object();

		for (int i = 0; fmt[i]; i++) {
			const char *name = names[i];

			if (fmt[i] == 'I')
				json_object_set_new(o, name, json_integer(store_col_i64(st, i)));
			else if (fmt[i] == 'b')
				json_object_set_new(o, name, json_boolean(store_col_i64(st, i)));
			else
				json_object_set_new(o, name, json_string(store_col_text(st, i)));
		}
		json_array_append_new(items, o);
	}
	store_done(st);
	if (r < 0)
		return json_decref(items), NULL;
	return items;
}

int dl_meeting_attendance(store_conn *c, const access_ctx *who, int64_t id,
			  const int64_t *present, size_t n, mz_err *e)
{
	int64_t permille = 0, registered = 0, *reps = NULL;
	size_t nreps = 0, cap = 0, came = 0;
	store_stmt *st;
	dl_meeting m;
	int r, met;
	char detail[160];

	if (dl_meeting_load(c, who, id, &m, e))
		return -1;
	if (strcmp(m.status, "planned"))
		return mz_fail(e, MZ_ESTATE, "meeting_id", "the attendance of this meeting is recorded already",
			       "本次会议的出席情况已登记");
	if (mz_day_parse(m.held_on) > mz_today())
		return mz_fail(e, MZ_ESTATE, "meeting_id", "the meeting has not taken place yet",
			       "会议尚未召开");
	if (dl_param(c, "quorum.permille", mz_day_parse(m.held_on), &permille, e))
		return -1;
	st = store_prepare(c, "SELECT id FROM dl_representatives WHERE hall_id = ? AND active = 1", e);
	if (!st)
		return -1;
	store_params(st, m.hall_id);
	while ((r = store_step(st, e)) == 1) {
		if (nreps == cap) {
			cap = cap ? cap * 2 : 32;
			reps = mz_xrealloc(reps, cap * sizeof(*reps));
		}
		reps[nreps++] = store_col_i64(st, 0);
	}
	store_done(st);
	if (r < 0)
		goto out_fail;
	registered = (int64_t)nreps;
	for (size_t i = 0; i < n; i++) {
		int found = 0;

		for (size_t k = 0; k < nreps; k++)
			found |= reps[k] == present[i];
		for (size_t k = 0; k < i; k++)
			found &= present[k] != present[i];
		if (!found) {
			mz_failf(e, MZ_EINVAL, "present",
				 "%lld is not a registered representative of this hall (or is named twice)",
				 "%lld 不是本议事厅登记的代表（或重复）", (long long)present[i]);
			goto out_fail;
		}
	}
	if (registered == 0) {
		mz_fail(e, MZ_ESTATE, "meeting_id", "the hall has no registered representatives",
			"本议事厅尚未登记代表");
		goto out_fail;
	}
	/* The quorum (dl_params quorum.permille, an assumption: see the
	 * schema): strictly more than that share of the registered
	 * representatives present. */
	met = (int64_t)n * 1000 > registered * permille;
	if (store_begin(c, e))
		goto out_fail;
	for (size_t k = 0; k < nreps; k++) {
		int here = 0;

		for (size_t i = 0; i < n; i++)
			here |= present[i] == reps[k];
		came += here;
		if (store_run(c, e, "INSERT INTO dl_attendance (hall_id, meeting_id, representative_id,"
				    " present) VALUES (?, ?, ?, ?)", m.hall_id, id, reps[k], here) < 0)
			goto rollback;
	}
	snprintf(detail, sizeof(detail), "{\"registered\":%lld,\"present\":%zu,\"quorum_permille\":%lld,\"quorum_met\":%s}",
		 (long long)registered, came, (long long)permille, met ? "true" : "false");
	if (store_run(c, e, "UPDATE dl_meetings SET status = 'held', registered = ?, present = ?,"
			    " quorum_permille = ?, quorum_met = ? WHERE id = ? AND hall_id = ?",
		      registered, (int64_t)came, permille, met, id, m.hall_id) < 0 ||
	    audit_append(c, who, AUDIT_WRITE, "deliberation.attendance.record", "dl_meeting", id,
			 m.division, NULL, detail, e) ||
	    store_commit(c, e))
		goto rollback;
	free(reps);
	return 0;
rollback:
	store_rollback(c);
out_fail:
	free(reps);
	return -1;
}

static int minutes_open(const dl_meeting *m, mz_err *e)
{
	if (strcmp(m->status, "held"))
		return mz_fail(e, MZ_ESTATE, "meeting_id", "minutes follow the meeting: record the attendance first",
			       "请先登记出席情况再起草会议纪要");
	if (!strcmp(m->minutes_status, "published"))
		return mz_fail(e, MZ_ESTATE, "meeting_id", "the minutes are published and locked",
			       "会议纪要已公布，不能再修改");
	return 0;
}

int dl_minutes_draft(store_conn *c, const access_ctx *who, int64_t id, const char *text,
		     mz_err *e)
{
	int64_t amended = 0;
	dl_meeting m;

	if (dl_meeting_load(c, who, id, &m, e) || minutes_open(&m, e) ||
	    dl_check_text(text, MINUTES_MAX, "text", e))
		return -1;
	if (store_row(c, e, "SELECT COUNT(*) FROM dl_amendments WHERE meeting_id = ? AND hall_id = ?",
		      STORE_INTO(&amended), id, m.hall_id) < 0)
		return -1;
	/* After the first amendment the text changes only by amendments, so
	 * every change after the draft is on record with the attendee's name. */
	if (amended)
		return mz_fail(e, MZ_ESTATE, "text", "the minutes have amendments: change them by an amendment",
			       "纪要已有修正，请以修正方式修改");
	if (store_begin(c, e))
		return -1;
	if (store_run(c, e, "UPDATE dl_meetings SET minutes = ?, minutes_status = 'draft', minutes_version = 1,"
			    " secretary = ? WHERE id = ? AND hall_id = ?", text, who->login, id, m.hall_id) < 0 ||
	    audit_append(c, who, AUDIT_WRITE, "deliberation.minutes.draft", "dl_meeting", id, m.division,
			 NULL, NULL, e) ||
	    store_commit(c, e)) {
		store_rollback(c);
		return -1;
	}
	return 0;
}

int dl_minutes_amend(store_conn *c, const access_ctx *who, int64_t id,
		     int64_t representative_id, const char *text, const char *note, mz_err *e)
{
	int64_t came = 0;
	dl_meeting m;
	int r;

	if (dl_meeting_load(c, who, id, &m, e) || minutes_open(&m, e))
		return -1;
	if (strcmp(m.minutes_status, "draft"))
		return mz_fail(e, MZ_ESTATE, "meeting_id", "there is no draft to amend", "尚无纪要草稿");
	if (dl_check_text(text, MINUTES_MAX, "text", e) || dl_check_text(note, 500, "note", e))
		return -1;
	r = store_row(c, e, "SELECT present FROM dl_attendance WHERE meeting_id = ? AND hall_id = ?"
			    " AND representative_id = ?", STORE_INTO(&came), id, m.hall_id,
		      representative_id);
	if (r < 0)
		return -1;
	/* Only those who were there may correct the record of it. */
	if (!came)
		return mz_fail(e, MZ_EINVAL, "representative_id", "only an attendee of the meeting may amend its minutes",
			       "只有出席会议的代表可以修正纪要");
	if (store_begin(c, e))
		return -1;
	if (store_insert_id(c, e, "INSERT INTO dl_amendments (hall_id, meeting_id, representative_id, version,"
				  " note, minutes, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    m.hall_id, id, representative_id, (int64_t)m.minutes_version + 1, note, text,
			    who->login, mz_now_unix()) <= 0 ||
	    store_run(c, e, "UPDATE dl_meetings SET minutes = ?, minutes_version = minutes_version + 1"
			    " WHERE id = ? AND hall_id = ? AND minutes_version = ?", text, id, m.hall_id,
		      (int64_t)m.minutes_version) != 1 ||
	    audit_append(c, who, AUDIT_WRITE, "deliberation.minutes.amend", "dl_meeting", id, m.division,
			 NULL, NULL, e) ||
	    store_commit(c, e)) {
		if (e->code == 0)
			mz_fail(e, MZ_ECONFLICT, "meeting_id", "the minutes changed meanwhile", "纪要已被修改，请刷新");
		store_rollback(c);
		return -1;
	}
	return 0;
}

int dl_minutes_publish(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	dl_meeting m;

	if (dl_meeting_load(c, who, id, &m, e) || minutes_open(&m, e))
		return -1;
	if (strcmp(m.minutes_status, "draft"))
		return mz_fail(e, MZ_ESTATE, "meeting_id", "there is no draft to publish", "尚无纪要草稿");
	if (store_begin(c, e))
		return -1;
	if (store_run(c, e, "UPDATE dl_meetings SET minutes_status = 'published', published_at = ?"
			    " WHERE id = ? AND hall_id = ?", mz_now_unix(), id, m.hall_id) < 0 ||
	    audit_append(c, who, AUDIT_WRITE, "deliberation.minutes.publish", "dl_meeting", id, m.division,
			 NULL, NULL, e) ||
	    store_commit(c, e)) {
		store_rollback(c);
		return -1;
	}
	return 0;
}
