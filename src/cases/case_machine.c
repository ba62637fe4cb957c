/* case_machine.c - creating cases and taking transitions, as declared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "cases/cases.h"
#include "events/events.h"
#include "registry/registry.h"

#define CASE_COLS                                                                 \
	"id, household_id, applicant_id, beneficiary_id, enrollment_id, version,"    \
	" program, variant, division_code, intake_street, state, accepted_on,"      \
	" investigation_due, decision_due, refusal_notice_due, notice_from,"        \
	" notice_until, coi, delegated, eval_eligible, amount_fen, bank_account,"   \
	" apply_alone"

static const struct { const char *state, *zh; } state_labels[] = {
#define X(s, zh) { s, zh },
	CASE_STATES(X)
#undef X
};

const char *case_state_label_zh(const char *state)
{
	for (size_t i = 0; i < sizeof(state_labels) / sizeof(state_labels[0]); i++)
		if (!strcmp(state_labels[i].state, state))
			return state_labels[i].zh;
	return "";
}

static mz_day col_day(store_stmt *st, int col)
{
	const char *s = store_col_text(st, col);

	return s ? mz_day_parse(s) : MZ_DAY_INVALID;
}

static void copy_col(char *dst, size_t cap, store_stmt *st, int col)
{
	const char *s = store_col_text(st, col);

	mz_strlcpy(dst, s ? s : "", cap);
}

int case_load(store_conn *c, const access_ctx *who, int64_t id, case_row *out, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT " CASE_COLS " FROM cases WHERE id = ?", e);
	int rc;

	if (!st)
		return -1;
	memset(out, 0, sizeof(*out));
	store_bind_i64(st, 1, id);
	rc = store_step(st, e);
	if (rc == 1) {
		out->id = store_col_i64(st, 0);
		out->household_id = store_col_i64(st, 1);
		out->applicant_id = store_col_i64(st, 2);
		out->beneficiary_id = store_col_is_null(st, 3) ? 0 : store_col_i64(st, 3);
		out->enrollment_id = store_col_is_null(st, 4) ? 0 : store_col_i64(st, 4);
		out->version = store_col_i64(st, 5);
		copy_col(out->program, sizeof(out->program), st, 6);
		copy_col(out->variant, sizeof(out->variant), st, 7);
		copy_col(out->division, sizeof(out->division), st, 8);
		copy_col(out->intake_street, sizeof(out->intake_street), st, 9);
		copy_col(out->state, sizeof(out->state), st, 10);
		out->accepted_on = col_day(st, 11);
		out->investigation_due = col_day(st, 12);
		out->decision_due = col_day(st, 13);
		out->refusal_notice_due = col_day(st, 14);
		out->notice_from = col_day(st, 15);
		out->notice_until = col_day(st, 16);
		out->coi = (int)store_col_i64(st, 17);
		out->delegated = (int)store_col_i64(st, 18);
		out->has_eval = !store_col_is_null(st, 19);
		out->eval_eligible = out->has_eval ? (int)store_col_i64(st, 19) : 0;
		out->amount_fen = store_col_is_null(st, 20) ? -1 : store_col_i64(st, 20);
		copy_col(out->bank_account, sizeof(out->bank_account), st, 21);
		out->apply_alone = (int)store_col_i64(st, 22);
	}
	store_done(st);
	if (rc < 0)
		return -1;
	/* Out of scope reads exactly like absent: ids cannot be probed. The
	 * street that only accepted the case (全城通办) is out of scope too:
	 * its access ended at hand-over, except the receipt (case_receipt_get). */
	if (rc == 0 || !access_in_scope(who, out->division))
		return mz_fail(e, MZ_ENOTFOUND, "id", "case not found", "未找到该案件");
	out->can_act = 1;
	return 0;
}

int case_receipt_get(store_conn *c, const access_ctx *who, int64_t id, case_receipt *out,
		     mz_err *e)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_row(c, e, "SELECT id, program, state, division_code, intake_street, accepted_on"
			     " FROM cases WHERE id = ?",
		       STORE_INTO(&out->id, STORE_TEXT(out->program), STORE_TEXT(out->state),
				  STORE_TEXT(out->responsible_street),
				  STORE_TEXT(out->intake_street), STORE_TEXT(out->accepted_on)),
		       id);
	if (rc < 0)
		return -1;
	if (rc == 0 || !(access_in_scope(who, out->responsible_street) ||
			 access_in_scope(who, out->intake_street)))
		return mz_fail(e, MZ_ENOTFOUND, "id", "case not found", "未找到该案件");
	out->responsible_street[9] = '\0'; /* the street, not the community */
	return 0;
}

const case_step *case_step_find(const case_program *p, const char *action, const char *from)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (!strcmp(p->steps[i].action, action) && !strcmp(p->steps[i].from, from))
			return &p->steps[i];
	return NULL;
}

static int action_known(const case_program *p, const char *action)
{
	for (size_t i = 0; i < p->nsteps; i++)
		if (!strcmp(p->steps[i].action, action))
			return 1;
	return 0;
}

static int investigators_ok(json_t *detail)
{
	json_t *inv = json_object_get(detail, "investigators"), *v;
	size_t i, n = 0;

	if (!json_is_array(inv))
		return 0;
	json_array_foreach(inv, i, v)
		if (json_is_string(v) && json_string_length(v) >= 2)
			n++;
	return n >= 2;
}

int case_check(const case_program *p, const access_ctx *who, const case_row *cs,
	       const char *action, const char *note, json_t *detail, int open_objections,
	       mz_day today, const case_step **step_out, mz_err *e)
{
	const case_step *s;

	if (!action || !action_known(p, action))
		return mz_failf(e, MZ_EINVAL, "action", "unknown action '%s' for program %s",
				"未知操作“%s”（项目 %s）", action ? action : "", p->code);
	if (!cs->can_act)
		return mz_fail(e, MZ_EFORBIDDEN, "action",
			       "only the street responsible for the household's address may act on this case",
			       "只有户籍/居住地所在镇街可以办理此案件，受理镇街只能查看");
	s = case_step_find(p, action, cs->state);
	if (!s)
		return mz_failf(e, MZ_ESTATE, "action", "'%s' is not allowed in state %s",
				"当前状态（%2$s）不能执行“%1$s”", action, cs->state);
	if ((s->flags & CASE_F_EMERGENCY) && strcmp(cs->variant, "emergency"))
		return mz_fail(e, MZ_ESTATE, "action",
			       "paying first is only for emergency temporary aid",
			       "仅急难型临时救助可以先行救助");
	if (!(who->role & s->roles))
		return mz_failf(e, MZ_EFORBIDDEN, "action", "role %s may not '%s'",
				"角色“%s”无权执行“%s”", access_role_name(who->role), action);
	/* 低保审核确认办法 第十一条、第二十条: an application from a relative of
	 * staff is recorded separately and decided by the county level; so is
	 * every decision not delegated to the street. */
	if ((s->flags & CASE_F_DECISION) && (cs->coi || !cs->delegated) &&
	    !(who->role & (ROLE_DISTRICT_OFFICER | ROLE_CITY_ADMIN)))
		return mz_fail(e, MZ_EFORBIDDEN, "action",
			       cs->coi ? "a case with a conflict of interest is decided by the district"
				       : "this decision is not delegated to the street",
			       cs->coi ? "涉及近亲属备案的案件须由区民政部门审核确认"
				       : "该事项未委托镇街审核确认，须由区民政部门确认");
	if ((s->flags & CASE_F_NOTE) && (!note || strlen(note) < 2))
		return mz_fail(e, MZ_EINVAL, "note", "a note with the reasons is required",
			       "请填写理由或说明");
	if ((s->flags & CASE_F_INVESTIGATORS) && !investigators_ok(detail))
		return mz_fail(e, MZ_EINVAL, "detail.investigators",
			       "the home visit needs at least two investigators (Art. 16)",
			       "入户调查应由至少两名工作人员进行（第十六条），请填写调查人员");
	if ((s->flags & CASE_F_NEEDS_EVAL) && !cs->has_eval)
		return mz_fail(e, MZ_ESTATE, "action",
			       "evaluate the case against the rules first",
			       "请先按政策规则进行认定计算");
	if ((s->flags & CASE_F_ELIGIBLE) && !cs->eval_eligible)
		return mz_fail(e, MZ_ESTATE, "action",
			       "the rules found the household not eligible: refuse with reasons",
			       "按政策规则认定不符合条件，应作出不予批准决定并说明理由");
	if (s->flags & CASE_F_AFTER_NOTICE) {
		/* 第十九条: seven days of public notice; objections handled first. */
		if (cs->notice_until != MZ_DAY_INVALID && today <= cs->notice_until) {
			char d[11];

			mz_day_format(cs->notice_until, d);
			return mz_failf(e, MZ_ESTATE, "action",
					"the public notice runs until %s", "公示期至 %s 结束，期满后方可确认", d);
		}
		if (open_objections > 0)
			return mz_fail(e, MZ_ESTATE, "action",
				       "an objection to the notice is still open",
				       "公示期间的异议尚未处理完毕");
	}
	if (step_out)
		*step_out = s;
	return 0;
}

static int exec1(store_stmt *st, mz_err *e)
{
	int rc = store_step(st, e);

	store_done(st);
	return rc < 0 ? -1 : 0;
}

static void day_str(mz_day d, char out[11])
{
	if (d == MZ_DAY_INVALID)
		out[0] = '\0';
	else
		mz_day_format(d, out);
}

int case_task_open_tx(store_conn *c, const case_row *cs, const char *kind, mz_day due,
		      const char *basis, mz_err *e)
{
	return store_run(c, e,
		"INSERT INTO case_tasks (case_id, household_id, division_code, kind, due_on, basis,"
		" created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		cs->id, cs->household_id, cs->division, kind, store_arg_day(due),
		basis ? basis : "", mz_now_unix()) < 0 ? -1 : 0;
}

int case_task_close_tx(store_conn *c, const case_row *cs, const char *kind, mz_err *e)
{
	store_stmt *st = store_prepare(c,
		kind ? "UPDATE case_tasks SET done_at = ? WHERE case_id = ? AND household_id = ?"
		       " AND done_at IS NULL AND kind = ?"
		     : "UPDATE case_tasks SET done_at = ? WHERE case_id = ? AND household_id = ?"
		       " AND done_at IS NULL", e);

	if (!st)
		return -1;
	store_params(st, mz_now_unix(), cs->id, cs->household_id);
	if (kind)
		store_bind_text(st, 4, kind);
	return exec1(st, e);
}

int case_touch_tx(store_conn *c, int64_t id, mz_err *e)
{
	return store_run(c, e,
		"UPDATE cases SET version = version + 1, updated_at = ? WHERE id = ?",
		mz_now_unix(), id) < 0 ? -1 : 0;
}

static int event_add(store_conn *c, const access_ctx *who, const case_row *cs,
		     const char *action, const char *from, const char *to, const char *note,
		     json_t *detail, json_t *attachments, mz_err *e)
{
	char *dj = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	store_stmt *st = store_prepare(c,
		"INSERT INTO case_events (case_id, household_id, division_code, action, from_state,"
		" to_state, login, role, at, note, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id", e);
	int64_t eid = 0;
	int rc;

	if (!st) {
		free(dj);
		return -1;
	}
	store_params(st, cs->id, cs->household_id, cs->division, action, from, to, who->login,
			 access_role_name(who->role), mz_now_unix(), note ? note : "",
			 dj ? dj : "{}");
	rc = store_step(st, e);
	if (rc == 1)
		eid = store_col_i64(st, 0);
	store_done(st);
	if (rc != 1) {
		free(dj);
		return rc == 0 ? mz_fail(e, MZ_ESTORE, "", "no id returned", "未返回编号") : -1;
	}
	if (json_is_array(attachments)) {
		size_t i;
		json_t *a;

		json_array_foreach(attachments, i, a) {
			json_t *one = json_deep_copy(a);

			json_object_set_new(one, "event_id", json_integer(eid));
			if (case_attachment_add(c, who, cs->id, one, e)) {
				json_decref(one);
				free(dj);
				return -1;
			}
			json_decref(one);
		}
	}
	{
		mz_buf b;

		mz_buf_init(&b);
		mz_buf_printf(&b, "{\"action\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"detail\":%s}",
			      action, from, to, dj ? dj : "{}");
		rc = audit_append(c, who, AUDIT_WRITE, "case.transition", "case", cs->id, cs->division,
				  note ? note : "", (const char *)b.data, e);
		mz_buf_release(&b);
	}
	free(dj);
	return rc;
}

/* The persons a case names live in the other co-location group (the
 * schema's comment on cases), so no foreign key guards them: each is read
 * here, in the transaction that writes the case. Persons are never deleted
 * (a death is a date), so a row seen here still exists at commit. */
static int person_check(store_conn *c, const char *field, int64_t person_id, mz_err *e)
{
	registry_person p;
	mz_err e2 = { 0 };

	if (registry_person_find_any(c, person_id, &p, &e2)) {
		if (e2.code == MZ_ENOTFOUND)
			return mz_failf(e, MZ_EINVAL, field, "%s: no person %lld in the registry",
					"%s：人口库中没有编号为 %lld 的人员", field,
					(long long)person_id);
		if (e)
			*e = e2;
		return -1;
	}
	return 0;
}

int case_create_tx(store_conn *c, const access_ctx *who, const case_program *p,
		   const workcal *cal, const case_new *in, int64_t *id_out, mz_err *e)
{
	mz_day today = mz_today();
	case_row cs;
	store_stmt *st;
	json_t *m;
	size_t i;
	int rc;

	memset(&cs, 0, sizeof(cs));
	cs.accepted_on = today;
	/* 低保审核确认办法 第十五条: the investigation starts within 3 working
	 * days of acceptance; the whole procedure ends within 30 working days,
	 * 20 where approval is delegated to the street (2022 notice). */
	cs.investigation_due = workcal_add(cal, today, p->investigation_start_wd);
	cs.decision_due = workcal_add(cal, today, in->delegated ? p->decision_wd_delegated
								: p->decision_wd);
	if (person_check(c, "applicant_id", in->applicant_id, e) ||
	    (in->beneficiary_id && person_check(c, "beneficiary_id", in->beneficiary_id, e)))
		return -1;
	cs.id = store_insert_id(c, e,
			"INSERT INTO cases (program, variant, household_id, applicant_id, beneficiary_id,"
			" division_code, intake_street, state, accepted_on, delegated, investigation_due,"
			" decision_due, coi, coi_detail, bank_account, apply_alone, created_by, created_at,"
			" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'accepted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			" RETURNING id",
			p->code, in->variant ? in->variant : "", in->household_id, in->applicant_id,
			store_arg_id_or_null(in->beneficiary_id), in->division_code,
			in->intake_street, store_arg_day(today), in->delegated,
			store_arg_day(cs.investigation_due), store_arg_day(cs.decision_due),
			in->coi, in->coi_detail ? in->coi_detail : "",
			in->bank_account ? in->bank_account : "", in->apply_alone, who->login,
			mz_now_unix(), mz_now_unix());
	rc = cs.id > 0 ? 1 : (int)cs.id; /* 1 a new row, 0 none, -1 error */
	if (rc != 1)
		return rc == 0 ? mz_fail(e, MZ_ESTORE, "", "no id returned", "未返回编号") : -1;
	cs.household_id = in->household_id;
	mz_strlcpy(cs.division, in->division_code, sizeof(cs.division));
	mz_strlcpy(cs.state, "accepted", sizeof(cs.state));

	json_array_foreach(in->members, i, m) {
		json_t *aj = json_object_get(m, "attrs");
		char *attrs;
		char field[40];

		snprintf(field, sizeof(field), "members[%zu].person_id", i);
		if (person_check(c, field, json_integer_value(json_object_get(m, "person_id")), e))
			return -1;
		attrs = aj ? json_dumps(aj, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		st = store_prepare(c,
			"INSERT INTO case_members (case_id, household_id, person_id, division_code,"
			" relation, attrs) VALUES (?, ?, ?, ?, ?, ?)", e);
		if (!st) {
			free(attrs);
			return -1;
		}
		store_params(st, cs.id, cs.household_id,
				 json_integer_value(json_object_get(m, "person_id")),
				 json_string_value(json_object_get(m, "division_code")),
				 json_string_value(json_object_get(m, "relation")),
				 attrs ? attrs : "{}");
		free(attrs);
		if (exec1(st, e))
			return -1;
	}
	if (case_task_open_tx(c, &cs, "start_investigation", cs.investigation_due,
			      "低保审核确认办法 第十五条：受理后3个工作日内启动入户调查", e) ||
	    case_task_open_tx(c, &cs, "decide", cs.decision_due,
			      in->delegated ? "审核确认委托镇街：受理之日起20个工作日内作出决定"
					    : "低保审核确认办法：受理之日起30个工作日内作出决定", e))
		return -1;
	{
		json_t *d = json_pack("{s:s,s:s,s:b}", "program", p->code, "intake_street",
				      in->intake_street, "coi", in->coi);
		rc = event_add(c, who, &cs, "accept", "", "accepted", in->note, d, NULL, e);
		json_decref(d);
		if (rc)
			return -1;
	}
	/* 全城通办: accepted by another street, the case is handed to the street
	 * of the household's address; the outbox tells whoever listens (the
	 * bell of that street's caseworkers). */
	if (strncmp(in->intake_street, cs.division, 9)) {
		char payload[160];

		snprintf(payload, sizeof(payload),
			 "{\"case_id\":%lld,\"program\":\"%s\",\"intake_street\":\"%.9s\"}",
			 (long long)cs.id, p->code, in->intake_street);
		if (events_publish(c, who, EVENT_CASE_TRANSFERRED, cs.id, cs.division, payload, NULL,
				   e))
			return -1;
	}
	*id_out = cs.id;
	return 0;
}

int case_transition_tx(store_conn *c, const access_ctx *who, const case_program *p,
		       const workcal *cal, case_row *cs, const char *action, const char *note,
		       json_t *detail, json_t *attachments, int64_t expected_version,
		       mz_err *e)
{
	const case_step *s;
	char from[24], today_s[11], due_s[11];
	mz_day today = mz_today();
	int nobj = 0;
	store_stmt *st;

	if (expected_version > 0 && expected_version != cs->version)
		return mz_fail(e, MZ_ECONFLICT, "version",
			       "the case was changed by someone else: reload it",
			       "案件已被他人修改，请刷新后重试");
	if (case_open_objections(c, cs, &nobj, e) ||
	    case_check(p, who, cs, action, note, detail, nobj, today, &s, e))
		return -1;
	mz_strlcpy(from, cs->state, sizeof(from));
	mz_day_format(today, today_s);

	st = store_prepare(c, "UPDATE cases SET state = ?, version = version + 1, updated_at = ?"
			      " WHERE id = ? AND household_id = ? AND version = ?", e);
	if (!st)
		return -1;
	store_params(st, s->to, mz_now_unix(), cs->id, cs->household_id, cs->version);
	if (store_step(st, e) < 0) {
		store_done(st);
		return -1;
	}
	if (store_changes(st) != 1) {
		store_done(st);
		return mz_fail(e, MZ_ECONFLICT, "version", "the case was changed concurrently",
			       "案件已被他人修改，请刷新后重试");
	}
	store_done(st);
	cs->version++;
	mz_strlcpy(cs->state, s->to, sizeof(cs->state));

	if (!strcmp(s->to, "investigating") && strcmp(from, "investigating")) {
		st = store_prepare(c, "UPDATE cases SET investigation_started_on = ? WHERE id = ?"
				      " AND household_id = ?"
				      " AND investigation_started_on IS NULL", e);
		if (!st)
			return -1;
		store_params(st, today_s, cs->id, cs->household_id);
		if (exec1(st, e) || case_task_close_tx(c, cs, "start_investigation", e))
			return -1;
	}
	if (!strcmp(s->to, "notice") && strcmp(from, "notice")) {
		/* 第十九条: the street's opinion is posted for 7 days. The days are
		 * calendar days: the notice starts today and runs 7 days. */
		cs->notice_from = today;
		cs->notice_until = today + p->notice_days - 1;
		st = store_prepare(c, "UPDATE cases SET notice_from = ?, notice_until = ?"
				      " WHERE id = ? AND household_id = ?", e);
		if (!st)
			return -1;
		store_params(st, store_arg_day(cs->notice_from), store_arg_day(cs->notice_until),
				 cs->id, cs->household_id);
		if (exec1(st, e))
			return -1;
	}
	if (s->flags & (CASE_F_APPROVE | CASE_F_REFUSE)) {
		st = store_prepare(c, "UPDATE cases SET decided_on = ?, decision = ?,"
				      " decision_reasons = ? WHERE id = ? AND household_id = ?", e);
		if (!st)
			return -1;
		store_params(st, today_s, (s->flags & CASE_F_APPROVE) ? "approved" : "refused",
				 note ? note : "", cs->id, cs->household_id);
		if (exec1(st, e) || case_task_close_tx(c, cs, "decide", e) ||
		    case_task_close_tx(c, cs, "start_investigation", e))
			return -1;
	}
	if (s->flags & CASE_F_REFUSE) {
		/* 第二十一条: written reasons within 3 working days. */
		cs->refusal_notice_due = workcal_add(cal, today, p->refusal_notice_wd);
		day_str(cs->refusal_notice_due, due_s);
		st = store_prepare(c, "UPDATE cases SET refusal_notice_due = ? WHERE id = ?"
				      " AND household_id = ?", e);
		if (!st)
			return -1;
		store_params(st, due_s, cs->id, cs->household_id);
		if (exec1(st, e) ||
		    case_task_open_tx(c, cs, "notify_refusal", cs->refusal_notice_due,
				      "低保审核确认办法 第二十一条：3个工作日内书面告知理由", e))
			return -1;
	}
	if (s->flags & CASE_F_NOTIFIED) {
		st = store_prepare(c, "UPDATE cases SET refusal_notified_on = ? WHERE id = ?"
				      " AND household_id = ?", e);
		if (!st)
			return -1;
		store_params(st, today_s, cs->id, cs->household_id);
		if (exec1(st, e) || case_task_close_tx(c, cs, "notify_refusal", e))
			return -1;
	}
	if ((s->flags & CASE_F_CLOSES) && case_task_close_tx(c, cs, NULL, e))
		return -1;
	return event_add(c, who, cs, action, from, s->to, note, detail, attachments, e);
}

json_t *case_actions_json(const case_program *p, const access_ctx *who, const case_row *cs,
			  int open_objections, mz_day today)
{
	json_t *out = json_array();

	for (size_t i = 0; i < p->nsteps; i++) {
		const case_step *s = &p->steps[i];
		mz_err e = { 0 };
		json_t *detail;

		if (strcmp(s->from, cs->state))
			continue;
		/* Check everything but the inputs the form will collect. */
		detail = json_pack("{s:[s,s]}", "investigators", "xx", "yy");
		if (!case_check(p, who, cs, s->action, "xx", detail, open_objections, today, NULL, &e))
			json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:b,s:b,s:s}",
				"action", s->action, "label", s->label_zh, "to", s->to,
				"needs_note", (s->flags & CASE_F_NOTE) != 0,
				"needs_investigators", (s->flags & CASE_F_INVESTIGATORS) != 0,
				"basis", s->basis ? s->basis : ""));
		json_decref(detail);
	}
	return out;
}

/* Steps an UPDATE of one case at an expected version; MZ_ECONFLICT if the
 * version moved. */
static int exec_at_version(store_stmt *st, mz_err *e)
{
	int64_t n;

	if (store_step(st, e) < 0) {
		store_done(st);
		return -1;
	}
	n = store_changes(st);
	store_done(st);
	if (n != 1)
		return mz_fail(e, MZ_ECONFLICT, "version", "the case was changed concurrently",
			       "案件已被他人修改，请刷新后重试");
	return 0;
}

int case_set_evaluation_tx(store_conn *c, int64_t id, int64_t version, mz_day date,
			   int eligible, int64_t amount_fen, const char *trace, mz_err *e)
{
	store_stmt *st = store_prepare(c,
		"UPDATE cases SET eval_date = ?, eval_eligible = ?, eval_amount_fen = ?,"
		" amount_fen = ?, trace = ?, override_reason = '', override_by = '',"
		" version = version + 1, updated_at = ? WHERE id = ? AND version = ?", e);

	if (!st)
		return -1;
	store_params(st, store_arg_day(date), eligible, amount_fen, amount_fen, trace,
			 mz_now_unix(), id, version);
	return exec_at_version(st, e);
}

int case_set_override_tx(store_conn *c, int64_t id, int64_t version, int64_t amount_fen,
			 const char *reason, const char *login, mz_err *e)
{
	store_stmt *st = store_prepare(c,
		"UPDATE cases SET amount_fen = ?, override_reason = ?, override_by = ?,"
		" version = version + 1, updated_at = ? WHERE id = ? AND version = ?", e);

	if (!st)
		return -1;
	store_params(st, amount_fen, reason, login, mz_now_unix(), id, version);
	return exec_at_version(st, e);
}

int case_set_enrollment_tx(store_conn *c, int64_t id, int64_t enrollment_id, mz_err *e)
{
	return store_run(c, e, "UPDATE cases SET enrollment_id = ? WHERE id = ?",
			 enrollment_id, id) < 0 ? -1 : 0;
}
