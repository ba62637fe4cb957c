/* case_query.c - the case page, the queue, attachments, objections count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/money.h"
#include "cases/cases.h"
#include "registry/idcard.h"
#include "registry/registry.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *parse_or_null(const char *s)
{
	json_t *j = s ? json_loads(s, 0, NULL) : NULL;

	return j ? j : json_null();
}

int case_open_objections(store_conn *c, const case_row *cs, int *n, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT COUNT(*) FROM case_objections"
					  " WHERE case_id = ? AND household_id = ? AND outcome IS NULL", e);
	int rc;

	if (!st)
		return -1;
	store_params(st, cs->id, cs->household_id);
	rc = store_step(st, e);
	*n = rc == 1 ? (int)store_col_i64(st, 0) : 0;
	store_done(st);
	return rc < 0 ? -1 : 0;
}

int case_attachment_add(store_conn *c, const access_ctx *who, int64_t id, json_t *att,
			mz_err *e)
{
	const char *name = json_string_value(json_object_get(att, "name"));
	const char *ctype = json_string_value(json_object_get(att, "content_type"));
	const char *sha = json_string_value(json_object_get(att, "sha256"));
	json_t *size = json_object_get(att, "size_bytes"), *ev = json_object_get(att, "event_id");
	case_row cs;
	store_stmt *st;
	int rc;

	if (!name || !*name || strlen(name) > 200)
		return mz_fail(e, MZ_EINVAL, "attachments.name",
			       "an attachment needs a name of at most 200 characters",
			       "附件需要名称（不超过200字）");
	if (sha && (strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64))
		return mz_fail(e, MZ_EINVAL, "attachments.sha256",
			       "sha256 must be 64 lowercase hex digits", "sha256 应为64位小写十六进制");
	if (size && (!json_is_integer(size) || json_integer_value(size) < 0))
		return mz_fail(e, MZ_EINVAL, "attachments.size_bytes",
			       "size_bytes must be a whole number", "文件大小应为非负整数");
	if (case_load(c, who, id, &cs, e))
		return -1;
	if (!cs.can_act)
		return mz_fail(e, MZ_EFORBIDDEN, "id", "only the responsible street may add attachments",
			       "只有负责镇街可以添加附件");
	st = store_prepare(c,
		"INSERT INTO case_attachments (case_id, household_id, event_id, division_code, name,"
		" content_type, size_bytes, sha256, uploaded_by, at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st)
		return -1;
	store_params(st, id, cs.household_id);
	if (json_is_integer(ev))
		store_bind_i64(st, 3, json_integer_value(ev));
	else
		store_bind_null(st, 3);
	store_params_at(st, 4, cs.division, name, ctype ? ctype : "",
			       size ? json_integer_value(size) : 0, sha ? sha : "", who->login,
			       mz_now_unix());
	rc = store_step(st, e);
	store_done(st);
	return rc < 0 ? -1 : 0;
}

static json_t *fen_json(int64_t f)
{
	char y[32];

	mz_fen_format_yuan(f, y);
	return json_string(y);
}

/* The rows of a case are read by (case_id, household_id): the household is
 * their distribution column, so each read stays on one node. Who each
 * member is comes from the registry, for all of them in one call. */
static int load_members(store_conn *c, const case_row *cs, json_t *out, mz_err *e)
{
	store_stmt *st = store_prepare(c,
		"SELECT m.person_id, m.relation, m.attrs FROM case_members m"
		" WHERE m.case_id = ? AND m.household_id = ? ORDER BY m.person_id", e);
	size_t first = json_array_size(out), n, i;
	registry_person *ps;
	int64_t *ids;
	json_t *o;
	int rc;

	if (!st)
		return -1;
	store_bind_i64(st, 1, cs->id);
	store_bind_i64(st, 2, cs->household_id);
	while ((rc = store_step(st, e)) == 1)
		json_array_append_new(out, json_pack("{s:I,s:s,s:o}",
			"person_id", (json_int_t)store_col_i64(st, 0),
			"relation", store_col_text(st, 1),
			"attrs", parse_or_null(store_col_text(st, 2))));
	store_done(st);
	if (rc < 0)
		return -1;
	n = json_array_size(out) - first;
	if (!n)
		return 0;
	ids = mz_xmalloc(n * sizeof(*ids));
	ps = mz_xmalloc(n * sizeof(*ps));
	for (i = 0; i < n; i++)
		ids[i] = json_integer_value(json_object_get(json_array_get(out, first + i),
							    "person_id"));
	rc = registry_person_list_by_ids(c, ids, n, ps, e);
	for (i = 0; !rc && i < n; i++) {
		char masked[19], birth[11] = "", death[11], sex[2] = { ps[i].sex, 0 };

		o = json_array_get(out, first + i);
		idcard_mask(ps[i].id_number, masked);
		if (ps[i].birth != MZ_DAY_INVALID)
			mz_day_format(ps[i].birth, birth);
		if (ps[i].death != MZ_DAY_INVALID)
			mz_day_format(ps[i].death, death);
		json_object_set_new(o, "name", json_string(ps[i].name));
		json_object_set_new(o, "id_number", json_string(masked));
		json_object_set_new(o, "sex", json_string(sex));
		json_object_set_new(o, "birth_date", json_string(birth));
		json_object_set_new(o, "disability_kind", json_string(ps[i].disability_kind));
		json_object_set_new(o, "disability_grade", json_integer(ps[i].disability_grade));
		json_object_set_new(o, "death_date", ps[i].death != MZ_DAY_INVALID
							     ? json_string(death) : json_null());
	}
	free(ps);
	free(ids);
	return rc;
}

static int load_rows(store_conn *c, const char *sql, const case_row *cs, json_t *out,
		     const char *const *names, int n, const char *types, mz_err *e)
{
	store_stmt *st = store_prepare(c, sql, e);
	int rc;

	if (!st)
		return -1;
	store_params(st, cs->id, cs->household_id);
	while ((rc = store_step(st, e)) == 1) {
		json_t *o = json_object();

		for (int i = 0; i < n; i++) {
			json_t *v;

			if (store_col_is_null(st, i))
				v = json_null();
			else if (types[i] == 'i')
				v = json_integer(store_col_i64(st, i));
			else if (types[i] == 't') {
				char ts[32];

				mz_time_format(store_col_i64(st, i), ts);
				v = json_string(ts);
			} else if (types[i] == 'j')
				v = parse_or_null(store_col_text(st, i));
			else
				v = json_string(store_col_text(st, i));
			json_object_set_new(o, names[i], v);
		}
		json_array_append_new(out, o);
	}
	store_done(st);
	return rc < 0 ? -1 : 0;
}

json_t *case_receipt_json(const case_receipt *r, const char *program_name)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b}", "id", (json_int_t)r->id,
			 "program", r->program, "program_name", program_name, "state", r->state,
			 "state_label", case_state_label_zh(r->state), "intake_street",
			 r->intake_street, "responsible_street", r->responsible_street,
			 "accepted_on", r->accepted_on, "receipt", 1, "can_act", 0);
}

json_t *case_get_json(store_conn *c, const access_ctx *who, case_program_find_fn find,
		      int64_t id, mz_err *e)
{
	static const char *const ev_names[] = { "id", "action", "from", "to", "login", "role",
						"at", "note", "detail" };
	static const char *const att_names[] = { "id", "event_id", "name", "content_type",
						 "size_bytes", "sha256", "uploaded_by", "at" };
	static const char *const task_names[] = { "id", "kind", "due_on", "basis", "done_at" };
	static const char *const obj_names[] = { "id", "received_on", "content", "received_by",
						 "outcome", "handling", "handled_by", "handled_at" };
	const case_program *p;
	json_t *o = NULL, *members = json_array(), *events = json_array(), *atts = json_array();
	json_t *tasks = json_array(), *objs = json_array();
	store_stmt *st;
	case_row cs;
	mz_day today = mz_today();
	char today_s[11], idbuf[24];
	int nobj = 0, rc;
	size_t i;
	json_t *t;

	if (case_load(c, who, id, &cs, e)) {
		case_receipt rc_;

		/* The street that accepted the case elsewhere gets its receipt. */
		if (e && e->code == MZ_ENOTFOUND && !case_receipt_get(c, who, id, &rc_, NULL)) {
			const case_program *rp = find(rc_.program);

			json_decref(members);
			json_decref(events);
			json_decref(atts);
			json_decref(tasks);
			json_decref(objs);
			memset(e, 0, sizeof(*e));
			return case_receipt_json(&rc_, rp ? rp->name_zh : "");
		}
		goto fail;
	}
	p = find(cs.program);
	if (!p) {
		mz_failf(e, MZ_EINTERNAL, "program", "program %s is not defined",
			 "项目 %s 未定义", cs.program);
		goto fail;
	}
	st = store_prepare(c,
		"SELECT c.accepted_on, c.investigation_due, c.investigation_started_on,"
		" c.decision_due, c.refusal_notice_due, c.refusal_notified_on, c.notice_from,"
		" c.notice_until, c.decided_on, c.decision, c.decision_reasons, c.eval_date,"
		" c.eval_eligible, c.eval_amount_fen, c.amount_fen, c.override_reason, c.override_by,"
		" c.trace, c.coi, c.coi_detail, c.created_by, c.created_at, c.updated_at,"
		" c.beneficiary_id"
		" FROM cases c WHERE c.id = ? AND c.household_id = ?", e);
	if (!st)
		goto fail;
	store_bind_i64(st, 1, id);
	store_bind_i64(st, 2, cs.household_id);
	rc = store_step(st, e);
	if (rc != 1) {
		store_done(st);
		if (rc == 0)
			mz_fail(e, MZ_ENOTFOUND, "id", "case not found", "未找到该案件");
		goto fail;
	}
	o = json_object();
	json_object_set_new(o, "id", json_integer(cs.id));
	json_object_set_new(o, "program", json_string(cs.program));
	json_object_set_new(o, "program_name", json_string(p->name_zh));
	json_object_set_new(o, "variant", json_string(cs.variant));
	json_object_set_new(o, "state", json_string(cs.state));
	json_object_set_new(o, "state_label", json_string(case_state_label_zh(cs.state)));
	json_object_set_new(o, "version", json_integer(cs.version));
	json_object_set_new(o, "household_id", json_integer(cs.household_id));
	json_object_set_new(o, "applicant_id", json_integer(cs.applicant_id));
	json_object_set_new(o, "beneficiary_id",
			    store_col_is_null(st, 23) ? json_null() : json_integer(cs.beneficiary_id));
	json_object_set_new(o, "division_code", json_string(cs.division));
	{
		/* The household's address and the division's name are the
		 * registry's; the case was found in scope, so its household is
		 * read city-wide. */
		registry_household hh;
		char dname[128];
		mz_err e2 = { 0 };

		registry_household_init(&hh);
		if (registry_household_find_any(c, cs.household_id, &hh, &e2) ||
		    registry_division_lookup(c, cs.division, dname, sizeof(dname), &e2) < 0) {
			registry_household_release(&hh);
			store_done(st);
			if (e)
				*e = e2;
			goto fail;
		}
		json_object_set_new(o, "division_name", dname[0] ? json_string(dname) : json_null());
		json_object_set_new(o, "address", json_string(hh.address));
		registry_household_release(&hh);
	}
	json_object_set_new(o, "intake_street", json_string(cs.intake_street));
	json_object_set_new(o, "responsible_street", json_stringn(cs.division, 9));
	json_object_set_new(o, "can_act", json_boolean(cs.can_act));
	json_object_set_new(o, "delegated", json_boolean(cs.delegated));
	json_object_set_new(o, "enrollment_id", cs.enrollment_id ? json_integer(cs.enrollment_id)
								 : json_null());
	{
		static const char *const day_names[] = { "accepted_on", "investigation_due",
			"investigation_started_on", "decision_due", "refusal_notice_due",
			"refusal_notified_on", "notice_from", "notice_until", "decided_on",
			"decision", "decision_reasons", "eval_date" };
		for (int k = 0; k < 12; k++)
			json_object_set_new(o, day_names[k], str_or_null(store_col_text(st, k)));
	}
	json_object_set_new(o, "eval_eligible", store_col_is_null(st, 12) ? json_null()
					      : json_boolean(store_col_i64(st, 12)));
	json_object_set_new(o, "eval_amount_fen", store_col_is_null(st, 13) ? json_null()
					: json_integer(store_col_i64(st, 13)));
	json_object_set_new(o, "amount_fen", store_col_is_null(st, 14) ? json_null()
					: json_integer(store_col_i64(st, 14)));
	if (!store_col_is_null(st, 14))
		json_object_set_new(o, "amount", fen_json(store_col_i64(st, 14)));
	json_object_set_new(o, "override_reason", json_string(store_col_text(st, 15)));
	json_object_set_new(o, "override_by", json_string(store_col_text(st, 16)));
	json_object_set_new(o, "trace", parse_or_null(store_col_text(st, 17)));
	json_object_set_new(o, "coi", json_boolean(store_col_i64(st, 18)));
	json_object_set_new(o, "coi_detail", json_string(store_col_text(st, 19)));
	json_object_set_new(o, "created_by", json_string(store_col_text(st, 20)));
	{
		char ts[32];

		mz_time_format(store_col_i64(st, 21), ts);
		json_object_set_new(o, "created_at", json_string(ts));
		mz_time_format(store_col_i64(st, 22), ts);
		json_object_set_new(o, "updated_at", json_string(ts));
	}
	store_done(st);

	if (load_members(c, &cs, members, e) ||
	    load_rows(c, "SELECT id, action, from_state, to_state, login, role, at, note, detail"
			 " FROM case_events WHERE case_id = ? AND household_id = ? ORDER BY id", &cs,
		      events, ev_names, 9, "isssssts" "j", e) ||
	    load_rows(c, "SELECT id, event_id, name, content_type, size_bytes, sha256,"
			 " uploaded_by, at FROM case_attachments WHERE case_id = ? AND household_id = ?"
			 " ORDER BY id", &cs, atts, att_names, 8, "iississt", e) ||
	    load_rows(c, "SELECT id, kind, due_on, basis, done_at FROM case_tasks"
			 " WHERE case_id = ? AND household_id = ? ORDER BY due_on, id", &cs, tasks,
		      task_names, 5, "issst", e) ||
	    load_rows(c, "SELECT id, received_on, content, received_by, outcome, handling,"
			 " handled_by, handled_at FROM case_objections WHERE case_id = ?"
			 " AND household_id = ? ORDER BY id", &cs, objs, obj_names, 8, "issssss" "t", e))
		goto fail;
	mz_day_format(today, today_s);
	json_array_foreach(tasks, i, t) {
		const char *due = json_string_value(json_object_get(t, "due_on"));
		int open = json_is_null(json_object_get(t, "done_at"));

		json_object_set_new(t, "overdue", json_boolean(open && due && strcmp(due, today_s) < 0));
	}
	json_array_foreach(objs, i, t)
		if (json_is_null(json_object_get(t, "outcome")))
			nobj++;
	json_object_set_new(o, "members", members);
	json_object_set_new(o, "events", events);
	json_object_set_new(o, "attachments", atts);
	json_object_set_new(o, "tasks", tasks);
	json_object_set_new(o, "objections", objs);
	json_object_set_new(o, "actions", case_actions_json(p, who, &cs, nobj, today));
	members = events = atts = tasks = objs = NULL;
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	if (audit_append(c, who, AUDIT_READ, "case.read", "case", id, cs.division, "", "{}", e))
		goto fail;
	(void)idbuf;
	return o;
fail:
	json_decref(o);
	json_decref(members);
	json_decref(events);
	json_decref(atts);
	json_decref(tasks);
	json_decref(objs);
	return NULL;
}

/* The queue's ORDER BY: the nearest open deadline first (cases without one
 * last), or the column the user sorted by; the id breaks ties so pages
 * never overlap. */
#define NO_OPEN_TASK                                                            \
	"CASE WHEN (SELECT MIN(t.due_on) FROM case_tasks t WHERE"               \
	" t.case_id = c.id AND t.household_id = c.household_id"                 \
	" AND t.done_at IS NULL) IS NULL THEN 1 ELSE 0 END"

static const char *case_order(const char *sort)
{
	static const char *const orders[] = {
		"id", "c.id", "-id", "c.id DESC",
		"accepted_on", "c.accepted_on, c.id", "-accepted_on", "c.accepted_on DESC, c.id DESC",
		"amount_fen", "c.amount_fen, c.id", "-amount_fen", "c.amount_fen DESC, c.id DESC",
		/* PostgreSQL takes an output name only bare in ORDER BY, so
		 * the test for "no open task" repeats the subquery. */
		"next_due", NO_OPEN_TASK ", next_due, c.id",
		"-next_due", NO_OPEN_TASK ", next_due DESC, c.id DESC",
		NULL
	};

	for (size_t i = 0; sort && orders[i]; i += 2)
		if (!strcmp(sort, orders[i]))
			return orders[i + 1];
	return NO_OPEN_TASK ", next_due, c.id";
}

json_t *case_list(store_conn *c, const access_ctx *who, const case_query *q, mz_err *e)
{
	char today[11], dlo[16] = "", dhi[16] = "";
	json_t *items = json_array();
	store_stmt *st;
	mz_buf where;
	int64_t total = 0, *app = NULL;
	size_t napp = 0, capp = 0;
	int rc, n = 1;

	mz_day_format(mz_today(), today);
	if (q->division && *q->division) {
		if (!access_in_scope(who, q->division)) {
			json_decref(items);
			return mz_fail(e, MZ_EINVAL, "division", "division outside your scope",
				       "所选区划不在您的权限范围内"), NULL;
		}
		access_scope_range(q->division, dlo, dhi);
	}
	mz_buf_init(&where);
	mz_buf_puts(&where,
		" FROM cases c"
		" WHERE (" ACCESS_SCOPE_SQL("c.division_code")
		" OR " ACCESS_SCOPE_SQL("c.intake_street") ")"
		" AND (? = '' OR c.program = ?) AND (? = '' OR c.state = ?)"
		" AND (? = '' OR " ACCESS_SCOPE_SQL("c.division_code") ")"
		" AND (? = 0 OR c.state NOT IN ('ended', 'refused', 'withdrawn'))"
		" AND (? = 0 OR EXISTS (SELECT 1 FROM case_tasks t WHERE t.case_id = c.id"
		" AND t.household_id = c.household_id"
		" AND t.done_at IS NULL AND t.due_on < ?))");
/* The caller's scope twice (the case's address, then its intake street). */
#define BIND_FILTERS(st)                                                         \
	(n = store_params_at(st, 1, access_scope_arg(who), access_scope_arg(who),  \
			     q->program ? q->program : "", q->program ? q->program : "", \
			     q->state ? q->state : "", q->state ? q->state : "", dlo,    \
			     store_arg_range(dlo, dhi), q->open_only, q->overdue_only,   \
			     today))
	{
		mz_buf sql;

		mz_buf_init(&sql);
		mz_buf_printf(&sql, "SELECT COUNT(*)%s", where.data);
		st = store_prepare(c, sql.data, e);
		mz_buf_release(&sql);
	}
	if (!st)
		goto fail;
	BIND_FILTERS(st);
	rc = store_step(st, e);
	if (rc == 1)
		total = store_col_i64(st, 0);
	store_done(st);
	if (rc < 0)
		goto fail;
	{
		mz_buf sql;

		mz_buf_init(&sql);
		mz_buf_printf(&sql,
			"SELECT c.id, c.program, c.state, c.division_code, c.intake_street,"
			" c.accepted_on, c.amount_fen, c.coi, c.applicant_id, c.decision_due,"
			/* The tasks are matched on household_id too, the column cases
			 * and case_tasks are distributed by on Citus: the subqueries
			 * then run on the case's own shard (docs/scaling.md, step 5). */
			" (SELECT MIN(t.due_on) FROM case_tasks t WHERE t.case_id = c.id"
			" AND t.household_id = c.household_id AND t.done_at IS NULL) AS next_due,"
			" (SELECT MIN(t.kind) FROM case_tasks t WHERE t.case_id = c.id"
			" AND t.household_id = c.household_id"
			" AND t.done_at IS NULL AND t.due_on = (SELECT MIN(t2.due_on) FROM case_tasks t2"
			" WHERE t2.case_id = c.id AND t2.household_id = c.household_id"
			" AND t2.done_at IS NULL)) AS next_task"
			"%s ORDER BY %s LIMIT ? OFFSET ?", where.data, case_order(q->sort));
		st = store_prepare(c, sql.data, e);
		mz_buf_release(&sql);
	}
	if (!st)
		goto fail;
	BIND_FILTERS(st);
	n = store_params_at(st, n, q->page_size, (q->page - 1) * q->page_size);
#undef BIND_FILTERS
	while ((rc = store_step(st, e)) == 1) {
		const char *next_due = store_col_text(st, 10);
		/* A case the caller's street only accepted (全城通办): its receipt,
		 * no more - no applicant, no amount, no community. */
		int mine = access_in_scope(who, store_col_text(st, 3));

		if (napp == capp) {
			capp = capp ? capp * 2 : 32;
			app = mz_xrealloc(app, capp * sizeof(*app));
		}
		app[napp++] = mine ? store_col_i64(st, 8) : 0;
		if (!mine) {
			char street[10];

			snprintf(street, sizeof(street), "%.9s", store_col_text(st, 3));
			json_array_append_new(items, json_pack(
				"{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:b}",
				"id", (json_int_t)store_col_i64(st, 0), "program", store_col_text(st, 1),
				"state", store_col_text(st, 2),
				"state_label", case_state_label_zh(store_col_text(st, 2)),
				"responsible_street", street, "intake_street", store_col_text(st, 4),
				"accepted_on", store_col_text(st, 5), "overdue", 0, "can_act", 0,
				"receipt", 1));
			continue;
		}
		json_array_append_new(items, json_pack(
			"{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:b,s:s,s:s,s:o,s:o,s:o,s:b,s:b}",
			"id", (json_int_t)store_col_i64(st, 0), "program", store_col_text(st, 1),
			"state", store_col_text(st, 2),
			"state_label", case_state_label_zh(store_col_text(st, 2)),
			"division_code", store_col_text(st, 3), "intake_street", store_col_text(st, 4),
			"accepted_on", store_col_text(st, 5),
			"amount_fen", store_col_is_null(st, 6) ? json_null()
							       : json_integer(store_col_i64(st, 6)),
			"coi", (int)store_col_i64(st, 7), "applicant_name", "",
			"applicant_id_number", "",
			"decision_due", str_or_null(store_col_text(st, 9)),
			"next_due", str_or_null(next_due),
			"next_task", str_or_null(store_col_text(st, 11)),
			"overdue", next_due && strcmp(next_due, today) < 0,
			"can_act", access_in_scope(who, store_col_text(st, 3))));
	}
	store_done(st);
	if (rc < 0)
		goto fail;
	/* The applicants' names are the registry's, for the page at once. */
	if (napp) {
		registry_person *ps = mz_xmalloc(napp * sizeof(*ps));

		rc = registry_person_list_by_ids(c, app, napp, ps, e);
		for (size_t k = 0; !rc && k < napp; k++) {
			char masked[19];
			json_t *o = json_array_get(items, k);

			if (!app[k])
				continue; /* a receipt row */

			idcard_mask(ps[k].id_number, masked);
			json_object_set_new(o, "applicant_name", json_string(ps[k].name));
			json_object_set_new(o, "applicant_id_number", json_string(masked));
		}
		free(ps);
		if (rc)
			goto fail;
	}
	free(app);
	mz_buf_release(&where);
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total,
			 "page", (json_int_t)q->page, "page_size", (json_int_t)q->page_size);
fail:
	free(app);
	mz_buf_release(&where);
	json_decref(items);
	return NULL;
}
