/* cases.c - the posthumous case: opened once per deceased person, read by
 * staff (every matter, internal and external) and by the family (progress
 * only). */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/date.h"
#include "domains/posthumous/cases_internal.h"
#include "domains/posthumous/posthumous.h"
#include "events/events.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/order.h"

/* The matters in force for a death on `death` (valid_to empty or after). */
#define MATTERS_IN_FORCE_SQL                                                                 \
	"SELECT m.code, m.valid_from, m.kind, m.department_zh, m.department_en, m.matter_zh," \
	" m.matter_en, m.subscriber, m.deadline_days, m.basis FROM ph_matters m"             \
	" WHERE m.valid_from = (SELECT MAX(m2.valid_from) FROM ph_matters m2"                \
	" WHERE m2.code = m.code AND m2.valid_from <= ?)"                                   \
	" AND (m.valid_to = '' OR m.valid_to > ?) ORDER BY m.sort, m.code"

static void due_of(const char *death, int64_t days, char out[11])
{
	mz_day_format(mz_day_parse(death) + (mz_day)days, out);
}

int ph_case_open_tx(store_conn *c, const access_ctx *who, int64_t person_id,
		    const char *division, const char *death_date, const char *cause,
		    const char *place_kind, const char *place, int64_t event_id,
		    int64_t *case_id, int *opened, mz_err *e)
{
	char old_death[11] = "";
	store_stmt *st;
	int r;

	*opened = 0;
	*case_id = 0;
	r = store_row(c, e, "SELECT id, death_date FROM ph_cases WHERE person_id = ?",
		      STORE_INTO(case_id, STORE_TEXT(old_death)), person_id);
	if (r < 0)
		return -1;
	if (r == 1) {
		if (event_id > 0 &&
		    store_run(c, e, "UPDATE ph_cases SET event_id = ? WHERE id = ? AND person_id = ?",
			      event_id, *case_id, person_id) < 0)
			return -1;
		if (!strcmp(old_death, death_date))
			return 0;
		/* A corrected death date moves the deadlines of what is still open. */
		if (store_run(c, e, "UPDATE ph_cases SET death_date = ? WHERE id = ? AND person_id = ?",
			      death_date, *case_id, person_id) < 0)
			return -1;
		st = store_prepare(c, "SELECT t.id, m.deadline_days FROM ph_tasks t JOIN ph_matters m"
				      " ON m.code = t.matter_code AND m.valid_from = t.matter_from"
				      " WHERE t.person_id = ? AND t.case_id = ? AND t.status = 'open'",
				   e);
		if (!st)
			return -1;
		store_params(st, person_id, *case_id);
		{
			int64_t ids[64], days[64];
			int n = 0;

			while ((r = store_step(st, e)) == 1 && n < 64) {
				ids[n] = store_col_i64(st, 0);
				days[n++] = store_col_i64(st, 1);
			}
			store_done(st);
			if (r < 0)
				return -1;
			for (int i = 0; i < n; i++) {
				char due[11];

				due_of(death_date, days[i], due);
				if (store_run(c, e, "UPDATE ph_tasks SET due_on = ?, overdue_flagged_on = ''"
						    " WHERE id = ? AND person_id = ?",
					      due, ids[i], person_id) < 0)
					return -1;
			}
		}
		return audit_append(c, who, AUDIT_WRITE, "posthumous.case.redate", "ph_case",
				    *case_id, division, "死亡日期更正", NULL, e);
	}
	*case_id = store_insert_id(c, e, "INSERT INTO ph_cases (person_id, division_code, death_date,"
				      " cause_category, place_kind, place, opened_by, opened_at, event_id)"
				      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				   person_id, division, death_date, cause, place_kind, place,
				   who->login, mz_now_unix(), event_id);
	if (*case_id <= 0)
		return -1;
	/* One task per external matter in force on the death date. */
	st = store_prepare(c, MATTERS_IN_FORCE_SQL, e);
	if (!st)
		return -1;
	store_params(st, death_date, death_date);
	{
		char codes[32][48], froms[32][11];
		int64_t days[32];
		int n = 0;

		while ((r = store_step(st, e)) == 1 && n < 32) {
			if (strcmp(store_col_text(st, 2), "external"))
				continue;
			mz_strlcpy(codes[n], store_col_text(st, 0), sizeof(codes[n]));
			mz_strlcpy(froms[n], store_col_text(st, 1), sizeof(froms[n]));
			days[n++] = store_col_i64(st, 8);
		}
		store_done(st);
		if (r < 0)
			return -1;
		for (int i = 0; i < n; i++) {
			char due[11];

			due_of(death_date, days[i], due);
			if (store_insert_id(c, e, "INSERT INTO ph_tasks (case_id, person_id, division_code,"
						  " matter_code, matter_from, due_on) VALUES (?, ?, ?, ?, ?, ?)"
						  " RETURNING id",
					    *case_id, person_id, division, codes[i], froms[i], due) <= 0)
				return -1;
		}
	}
	*opened = 1;
	return audit_append(c, who, AUDIT_WRITE, "posthumous.case.open", "ph_case", *case_id,
			    division, "死亡登记", NULL, e);
}

/* ---- reading a case ---- */

typedef struct case_head {
	int64_t id, person_id, opened_at;
	char division[16], death_date[11], cause[16], place_kind[16], place[256], opened_by[64];
} case_head;

static int case_load(store_conn *c, const access_ctx *who, int64_t id, case_head *h, mz_err *e)
{
	int r;

	memset(h, 0, sizeof(*h));
	r = store_row(c, e, "SELECT id, person_id, division_code, death_date, cause_category,"
			    " place_kind, place, opened_by, opened_at FROM ph_cases WHERE id = ? AND "
			    ACCESS_SCOPE_SQL("division_code"),
		      STORE_INTO(&h->id, &h->person_id, STORE_TEXT(h->division),
				 STORE_TEXT(h->death_date), STORE_TEXT(h->cause),
				 STORE_TEXT(h->place_kind), STORE_TEXT(h->place),
				 STORE_TEXT(h->opened_by), &h->opened_at),
		      id, access_scope_arg(who));
	if (r == 0)
		return mz_failf(e, MZ_ENOTFOUND, "id", "no posthumous case %lld",
				"身后事案件 %lld 不存在", (long long)id);
	return r < 0 ? -1 : 0;
}

/* The internal matters: each configured one with its subscriber's delivery
 * of the latest person.died about the person; a subscriber nobody
 * configured is listed too (by its name), so no delivery goes unseen. A
 * configured matter whose subscriber this process does not declare is
 * "no_subscriber": nothing will do it, and the page says so. */
static int internal_matters(store_conn *c, const case_head *h, json_t *out, int *done,
			    int *total, mz_err *e)
{
	event_row ev;
	int found, r;
	store_stmt *st;
	unsigned char used[64] = { 0 };

	if (events_subject_latest(c, EVENT_PERSON_DIED, h->person_id, &ev, &found, e))
		return -1;
	st = store_prepare(c, MATTERS_IN_FORCE_SQL, e);
	if (!st) {
		events_row_release(&ev);
		return -1;
	}
	store_params(st, h->death_date, h->death_date);
	while ((r = store_step(st, e)) == 1) {
		const char *sub = store_col_text(st, 7);
		const char *status = found ? "no_subscriber" : "pending";
		const event_delivery_row *d = NULL;

		if (strcmp(store_col_text(st, 2), "internal"))
			continue;
		for (int i = 0; found && i < ev.ndeliveries; i++)
			if (!strcmp(ev.deliveries[i].subscriber, sub)) {
				d = &ev.deliveries[i];
				if (i < 64)
					used[i] = 1;
			}
		if (d)
			status = d->status;
		json_array_append_new(out, json_pack(
			"{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:s,s:I}", "code", store_col_text(st, 0),
			"department_zh", store_col_text(st, 3), "department_en", store_col_text(st, 4),
			"matter_zh", store_col_text(st, 5), "matter_en", store_col_text(st, 6),
			"subscriber", sub, "status", status, "attempts", d ? d->attempts : 0,
			"last_error", d ? d->last_error : "", "done_at",
			(json_int_t)(d ? d->done_at : 0)));
		(*total)++;
		if (!strcmp(status, "done"))
			(*done)++;
	}
	store_done(st);
	for (int i = 0; r == 0 && found && i < ev.ndeliveries && i < 64; i++) {
		const event_delivery_row *d = &ev.deliveries[i];

		/* Our own subscriber opened this case: the case is its receipt.
		 * A subscriber that is no matter of the family's (the hall
		 * marking its figures stale) is shown only when it failed:
		 * then someone must look. */
		if (used[i] || !strncmp(d->subscriber, "posthumous.", 11) ||
		    strcmp(d->status, "failed"))
			continue;
		json_array_append_new(out, json_pack(
			"{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:s,s:I}", "code", "", "department_zh",
			"民政局", "department_en", "Civil affairs", "matter_zh", d->subscriber,
			"matter_en", d->subscriber, "subscriber", d->subscriber, "status", d->status,
			"attempts", d->attempts, "last_error", d->last_error, "done_at",
			(json_int_t)d->done_at));
		(*total)++;
		if (!strcmp(d->status, "done"))
			(*done)++;
	}
	events_row_release(&ev);
	return r < 0 ? -1 : 0;
}

static int external_tasks(store_conn *c, const case_head *h, int with_receipts, json_t *out,
			  int *done, int *total, int *overdue, mz_err *e)
{
	char today[11];
	store_stmt *st = store_prepare(c, "SELECT t.id, t.matter_code, m.department_zh,"
				       " m.department_en, m.matter_zh, m.matter_en, t.due_on, t.status,"
				       " t.receipt_ref, t.done_on, t.done_by, t.overdue_flagged_on"
				       " FROM ph_tasks t JOIN ph_matters m ON m.code = t.matter_code"
				       " AND m.valid_from = t.matter_from WHERE t.person_id = ?"
				       " AND t.case_id = ? ORDER BY m.sort, t.id", e);
	int r;

	if (!st)
		return -1;
	mz_day_format(mz_today(), today);
	store_params(st, h->person_id, h->id);
	while ((r = store_step(st, e)) == 1) {
		int is_done = !strcmp(store_col_text(st, 7), "done");
		/* Late: open past its due day, or done after it. */
		int late = is_done ? strcmp(store_col_text(st, 9), store_col_text(st, 6)) > 0
				   : strcmp(today, store_col_text(st, 6)) > 0;
		json_t *t = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s}", "id",
				      (json_int_t)store_col_i64(st, 0), "code", store_col_text(st, 1),
				      "department_zh", store_col_text(st, 2), "department_en",
				      store_col_text(st, 3), "matter_zh", store_col_text(st, 4),
				      "matter_en", store_col_text(st, 5), "due_on",
				      store_col_text(st, 6), "status", store_col_text(st, 7),
				      "overdue", late && !is_done, "done_on", store_col_text(st, 9));

		json_object_set_new(t, "late", json_boolean(late));
		if (with_receipts) {
			json_object_set_new(t, "receipt_ref", json_string(store_col_text(st, 8)));
			json_object_set_new(t, "done_by", json_string(store_col_text(st, 10)));
			json_object_set_new(t, "overdue_flagged_on",
					    json_string(store_col_text(st, 11)));
		}
		json_array_append_new(out, t);
		(*total)++;
		if (is_done)
			(*done)++;
		else if (late)
			(*overdue)++;
	}
	store_done(st);
	return r < 0 ? -1 : 0;
}

static json_t *progress_json(int done, int total, int overdue)
{
	return json_pack("{s:i,s:i,s:i,s:b}", "done", done, "total", total, "overdue", overdue,
			 "complete", total > 0 && done == total);
}

json_t *ph_case_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	case_head h;
	registry_person p;
	char masked[19];
	json_t *out, *internal = json_array(), *tasks = json_array(), *reports = json_array();
	json_t *funeral = NULL;
	int done = 0, total = 0, overdue = 0;
	store_stmt *st;
	int r;

	if (case_load(c, who, id, &h, e) || registry_person_find_any(c, h.person_id, &p, e) ||
	    internal_matters(c, &h, internal, &done, &total, e) ||
	    external_tasks(c, &h, 1, tasks, &done, &total, &overdue, e))
		goto fail;
	st = store_prepare(c, "SELECT source, reporter_name, reporter_id_number, reporter_relation,"
			      " reporter_phone, documents, reported_by, reported_at FROM ph_reports"
			      " WHERE person_id = ? AND case_id = ? ORDER BY id", e);
	if (!st)
		goto fail;
	store_params(st, h.person_id, h.id);
	while ((r = store_step(st, e)) == 1) {
		char am[19] = "";

		if (*store_col_text(st, 2))
			idcard_mask(store_col_text(st, 2), am);
		json_array_append_new(reports, json_pack(
			"{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I}", "source", store_col_text(st, 0),
			"reporter_name", store_col_text(st, 1), "reporter_id_number_masked", am,
			"reporter_relation", store_col_text(st, 3), "reporter_phone",
			store_col_text(st, 4), "documents", store_col_text(st, 5), "reported_by",
			store_col_text(st, 6), "reported_at", (json_int_t)store_col_i64(st, 7)));
	}
	store_done(st);
	if (r < 0 || ph_funeral_of_case(c, h.person_id, h.id, &funeral, e))
		goto fail;
	idcard_mask(p.id_number, masked);
	out = json_pack("{s:I,s:{s:I,s:s,s:s,s:s,s:s},s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:o,s:o,s:o,"
			"s:o,s:o}",
			"id", (json_int_t)h.id, "person", "id", (json_int_t)p.id, "name", p.name,
			"id_number_masked", masked, "division_code", p.division_code,
			"division_name", p.division_name, "division_code", h.division, "death_date",
			h.death_date, "cause_category", h.cause, "place_kind", h.place_kind, "place",
			h.place, "opened_by", h.opened_by, "opened_at", (json_int_t)h.opened_at,
			"reports", reports, "internal", internal, "tasks", tasks, "funeral",
			funeral ? funeral : json_null(), "progress",
			progress_json(done, total, overdue));
	if (audit_append(c, who, AUDIT_READ, "posthumous.case.read", "ph_case", h.id, h.division,
			 NULL, NULL, e)) {
		json_decref(out);
		return NULL;
	}
	return out;
fail:
	json_decref(internal);
	json_decref(tasks);
	json_decref(reports);
	json_decref(funeral);
	return NULL;
}

json_t *ph_progress_get(store_conn *c, const access_ctx *who, const char *deceased_id_number,
			const char *agent_id_number, int64_t case_no, mz_err *e)
{
	registry_person p;
	idcard_info agent;
	case_head h;
	int64_t cid = 0, reports = 0;
	json_t *internal = json_array(), *tasks = json_array(), *out, *detail;
	int done = 0, total = 0, overdue = 0, r;
	char masked[19];

	/* Who asked: the agent's number, masked (the audit is read by staff
	 * who need not learn it whole); the address is the caller's. */
	idcard_mask(agent_id_number ? agent_id_number : "", masked);
	detail = json_pack("{s:s,s:I,s:s}", "agent", masked, "case_no", (json_int_t)case_no,
			   "address", who->ip);
	/* One answer for every mismatch: the page must not tell a stranger
	 * whether a number belongs to a dead person, who reported them or
	 * which case number is real. */
	if (idcard_parse(agent_id_number, &agent, NULL))
		goto nomatch;
	if (registry_person_find_by_number(c, who, deceased_id_number, &p, e)) {
		/* Unknown or invalid: the same answer; a storage failure is one. */
		if (e->code != MZ_ENOTFOUND && e->code != MZ_EINVAL)
			goto fail;
		goto nomatch;
	}
	r = store_row(c, e, "SELECT c.id, (SELECT COUNT(*) FROM ph_reports r WHERE r.person_id ="
			    " c.person_id AND r.case_id = c.id AND r.reporter_id_number = ?)"
			    " FROM ph_cases c WHERE c.person_id = ?",
		      STORE_INTO(&cid, &reports), agent.number, p.id);
	if (r < 0)
		goto fail;
	if (r == 0 || reports == 0 || (case_no > 0 && case_no != cid))
		goto nomatch;
	if (case_load(c, who, cid, &h, e) || internal_matters(c, &h, internal, &done, &total, e) ||
	    external_tasks(c, &h, case_no > 0, tasks, &done, &total, &overdue, e))
		goto fail;
	/* Only the matters and their state: which subscriber, attempts and
	 * errors are staff business, and so is who entered a receipt. */
	for (size_t i = 0; i < json_array_size(internal); i++) {
		json_t *m = json_array_get(internal, i);

		json_object_del(m, "subscriber");
		json_object_del(m, "attempts");
		json_object_del(m, "last_error");
	}
	for (size_t i = 0; i < json_array_size(tasks); i++) {
		json_t *t = json_array_get(tasks, i);

		json_object_del(t, "id");
		json_object_del(t, "done_by");
		json_object_del(t, "overdue_flagged_on");
	}
	if (case_no > 0)
		/* The family's own page (no account): the matters, departments,
		 * states, deadlines and receipts; no name, no date of death. */
		out = json_pack("{s:I,s:o,s:o,s:o}", "case_no", (json_int_t)cid, "internal",
				internal, "tasks", tasks, "progress",
				progress_json(done, total, overdue));
	else
		out = json_pack("{s:s,s:s,s:o,s:o,s:o}", "deceased_name", p.name, "death_date",
				h.death_date, "internal", internal, "tasks", tasks, "progress",
				progress_json(done, total, overdue));
	if (audit_append(c, who, AUDIT_READ, "posthumous.progress.read", "ph_case", h.id,
			 h.division, "家属查询办理进度", detail, e)) {
		json_decref(detail);
		json_decref(out);
		return NULL;
	}
	json_decref(detail);
	return out;
nomatch:
	/* The failed attempt is audited too: repeated guesses show in the log. */
	audit_append(c, who, AUDIT_READ, "posthumous.progress.miss", "ph_case", 0, NULL,
		     "家属查询办理进度", detail, NULL);
	if (case_no > 0)
		mz_fail(e, MZ_ENOTFOUND, "",
			"no posthumous case matches these ID numbers and case number",
			"未找到相符的身后事案件，请核对逝者身份证号码、经办人身份证号码和案件编号");
	else
		mz_fail(e, MZ_ENOTFOUND, "deceased_id_number",
			"no posthumous case matches these two ID numbers",
			"未找到与这两个身份证号码相符的身后事案件");
fail:
	json_decref(detail);
	json_decref(internal);
	json_decref(tasks);
	return NULL;
}

json_t *ph_case_list(store_conn *c, const access_ctx *who, const char *status,
		     const char *division, const char *sort, int64_t page, int64_t size, mz_err *e)
{
	/* The task counts order by their output columns (6, 7): the subqueries
	 * are not evaluated twice per row. */
	static const store_order orders[] = {
		{ "id", "c.id" }, { "death_date", "c.death_date" }, { "open_tasks", "6" },
		{ "overdue_tasks", "7" }, { NULL, NULL }
	};
	char today[11], like[20];
	mz_buf where, sql;
	json_t *items = json_array(), *out = NULL;
	int64_t total = 0;
	store_stmt *st;
	int r;

	mz_day_format(mz_today(), today);
	mz_buf_init(&where);
	mz_buf_puts(&where, " FROM ph_cases c WHERE " ACCESS_SCOPE_SQL("c.division_code")
			    " AND c.division_code LIKE ?");
	if (status && !strcmp(status, "open"))
		mz_buf_puts(&where, " AND EXISTS (SELECT 1 FROM ph_tasks t WHERE t.person_id ="
				    " c.person_id AND t.case_id = c.id AND t.status = 'open' AND ? <> '')");
	else if (status && !strcmp(status, "overdue"))
		mz_buf_puts(&where, " AND EXISTS (SELECT 1 FROM ph_tasks t WHERE t.person_id ="
				    " c.person_id AND t.case_id = c.id AND t.status = 'open'"
				    " AND t.due_on < ?)");
	else
		mz_buf_puts(&where, " AND ? <> ''");
	snprintf(like, sizeof(like), "%s%%", division ? division : "");
	mz_buf_init(&sql);
	mz_buf_printf(&sql, "SELECT COUNT(*)%s", where.data);
	r = store_row(c, e, sql.data, STORE_INTO(&total), access_scope_arg(who), like, today);
	mz_buf_release(&sql);
	if (r < 0)
		goto done;
	mz_buf_init(&sql);
	mz_buf_printf(&sql, "SELECT c.id, c.person_id, c.division_code, c.death_date,"
			    " c.cause_category, (SELECT COUNT(*) FROM ph_tasks t WHERE"
			    " t.person_id = c.person_id AND t.case_id = c.id AND t.status ="
			    " 'open'), (SELECT COUNT(*) FROM ph_tasks t WHERE t.person_id ="
			    " c.person_id AND t.case_id = c.id AND t.status = 'open' AND"
			    " t.due_on < ?), (SELECT COUNT(*) FROM ph_tasks t WHERE t.person_id"
			    " = c.person_id AND t.case_id = c.id)%s",
		      where.data);
	st = NULL;
	if (!store_order_by(&sql, orders, sort, "c.death_date DESC, c.id DESC", "c.id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		st = store_prepare(c, sql.data, e);
	}
	mz_buf_release(&sql);
	if (!st)
		goto done;
	store_params(st, today, access_scope_arg(who), like, today, size, (page - 1) * size);
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, json_pack(
			"{s:I,s:I,s:s,s:s,s:s,s:I,s:I,s:I}", "id", (json_int_t)store_col_i64(st, 0),
			"person_id", (json_int_t)store_col_i64(st, 1), "division_code",
			store_col_text(st, 2), "death_date", store_col_text(st, 3), "cause_category",
			store_col_text(st, 4), "open_tasks", (json_int_t)store_col_i64(st, 5),
			"overdue_tasks", (json_int_t)store_col_i64(st, 6), "tasks",
			(json_int_t)store_col_i64(st, 7)));
	store_done(st);
	if (r < 0 || ph_items_name_persons(c, items, e))
		goto done;
	if (audit_append(c, who, AUDIT_READ, "posthumous.case.list", "ph_case", 0, NULL, NULL,
			 NULL, e))
		goto done;
	out = json_pack("{s:O,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "page",
			(json_int_t)page, "page_size", (json_int_t)size);
done:
	mz_buf_release(&where);
	json_decref(items);
	return out;
}

json_t *ph_matters_list(store_conn *c, mz_day day, mz_err *e)
{
	char d[11] = "9999-12-31";
	json_t *items = json_array();
	store_stmt *st;
	int r;

	if (day != MZ_DAY_INVALID)
		mz_day_format(day, d);
	st = store_prepare(c, MATTERS_IN_FORCE_SQL, e);
	if (!st) {
		json_decref(items);
		return NULL;
	}
	store_params(st, d, d);
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, json_pack(
			"{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s}", "code", store_col_text(st, 0),
			"valid_from", store_col_text(st, 1), "kind", store_col_text(st, 2),
			"department_zh", store_col_text(st, 3), "department_en", store_col_text(st, 4),
			"matter_zh", store_col_text(st, 5), "matter_en", store_col_text(st, 6),
			"subscriber", store_col_text(st, 7), "deadline_days",
			(json_int_t)store_col_i64(st, 8), "basis", store_col_text(st, 9)));
	store_done(st);
	if (r < 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o}", "items", items);
}
