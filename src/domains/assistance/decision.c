/* decision.c - the rules' decision, overrides, actions with their effects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/assistance/assistance.h"
#include "base/buf.h"
#include "base/money.h"
#include "benefits/benefits.h"
#include "events/events.h"
#include "evidence/evidence.h"
#include "registry/registry.h"

json_t *assist_case_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	return case_get_json(c, who, assist_program_find, id, e);
}

static int load_case(store_conn *c, const access_ctx *who, int64_t id, case_row *cs,
		     const case_program **p, mz_err *e)
{
	if (case_load(c, who, id, cs, e))
		return -1;
	*p = assist_program_find(cs->program);
	if (!*p)
		return mz_failf(e, MZ_EINTERNAL, "program", "program %s is not defined",
				"项目 %s 未定义", cs->program);
	return 0;
}

/* The program's entry of the trace, and the beneficiary's result for a
 * person-unit program. */
static json_t *program_entry(json_t *trace, const char *code)
{
	size_t i;
	json_t *p;

	json_array_foreach(json_object_get(trace, "programs"), i, p)
		if (!strcmp(json_string_value(json_object_get(p, "code")), code))
			return p;
	return NULL;
}

/* 临时救助: what a street may approve on its own is a dated parameter of
 * policies/guangzhou/temp_aid.rules (a multiple of the dibao standard, per
 * division and date): the household is evaluated and the program's value
 * street_ceiling read from the trace. source gets the rules line of the
 * parameter it came from. */
static int temp_aid_ceiling(store_conn *c, const case_row *cs, const policy_set *set, mz_day day,
			    int64_t *ceiling, char *source, size_t cap, mz_err *e)
{
	json_t *hh, *trace, *entry, *v;
	size_t i;
	int found = 0;

	if (!set)
		return mz_fail(e, MZ_EUNAVAIL, "policy", "no rules are loaded", "未加载政策规则");
	hh = assist_household_input(c, cs, set, day, e);
	if (!hh)
		return -1;
	trace = policy_eval_json(set, hh, day, e);
	json_decref(hh);
	if (!trace)
		return -1;
	entry = program_entry(trace, "temp_aid");
	json_array_foreach(json_object_get(entry, "values"), i, v)
		if (!strcmp(json_string_value(json_object_get(v, "name")), "street_ceiling") &&
		    json_is_integer(json_object_get(v, "value"))) {
			*ceiling = json_integer_value(json_object_get(v, "value"));
			found = 1;
		}
	/* Every parameter behind it: the multiple, and the standard it multiplies. */
	source[0] = '\0';
	json_array_foreach(json_object_get(entry, "params"), i, v) {
		const char *src = json_string_value(json_object_get(v, "source"));
		size_t used = strlen(source);

		if (src && used < cap)
			snprintf(source + used, cap - used, "%s%s", used ? ", " : "", src);
	}
	json_decref(trace);
	if (!found)
		return mz_fail(e, MZ_EPOLICY, "policy",
			       "the rules set no street ceiling for temporary aid (temp_aid.rules)",
			       "政策规则未设定临时救助的镇街审批额度（temp_aid.rules）");
	return 0;
}

json_t *assist_evaluate(store_conn *c, const access_ctx *who, const policy_set *set,
			int64_t id, json_t *in, mz_err *e)
{
	const case_program *p;
	json_t *hh = NULL, *trace = NULL, *stored = NULL;
	mz_day today = mz_today();
	int eligible = 0;
	int64_t amount = 0;
	char *text = NULL, detail[128];
	case_row cs;

	if (load_case(c, who, id, &cs, &p, e))
		return NULL;
	if (!cs.can_act)
		return mz_fail(e, MZ_EFORBIDDEN, "id", "only the responsible street may evaluate",
			       "只有负责镇街可以进行认定计算"), NULL;
	/* The decision is frozen once posted: the notice shows what is decided. */
	if (strcmp(cs.state, "reviewing") && strcmp(cs.state, "periodic_review") &&
	    !(p->one_off && !strcmp(cs.state, "accepted")))
		return mz_failf(e, MZ_ESTATE, "state", "the case cannot be evaluated in state %s",
				"当前状态（%s）不能进行认定计算", cs.state), NULL;
	if (!p->policy_code) {
		/* Temporary aid: the amount is assessed by the caseworker within the
		 * ceiling the street may approve (see programs.c). */
		const char *a = json_string_value(json_object_get(in, "amount"));
		const char *why = json_string_value(json_object_get(in, "reason"));

		int64_t ceiling = 0;
		char source[256];

		if (!a || mz_fen_parse_yuan(a, &amount) || amount <= 0)
			return mz_fail(e, MZ_EINVAL, "amount", "amount must be yuan, e.g. \"1500.00\"",
				       "救助金额应为元，如 \"1500.00\""), NULL;
		if (!why || strlen(why) < 4)
			return mz_fail(e, MZ_EINVAL, "reason", "state how the amount was assessed",
				       "请说明救助金额的核定依据"), NULL;
		if (temp_aid_ceiling(c, &cs, set, today, &ceiling, source, sizeof(source), e))
			return NULL;
		if (amount > ceiling)
			return mz_failf(e, MZ_EINVAL, "amount",
					"above what the street may approve (%s yuan): refer to the district",
					"超出镇街审批额度（%s 元），须报区民政部门",
					(mz_fen_format_yuan(ceiling, source), source)), NULL;
		eligible = 1;
		trace = json_pack("{s:s,s:s,s:b,s:I,s:s,s:I,s:s}", "code", p->code, "kind", "assessed",
				  "eligible", 1, "amount_fen", (json_int_t)amount, "reason", why,
				  "ceiling_fen", (json_int_t)ceiling, "ceiling_source", source);
	} else {
		json_t *entry, *result;

		if (!set)
			return mz_fail(e, MZ_EUNAVAIL, "policy", "no rules are loaded",
				       "未加载政策规则"), NULL;
		hh = assist_household_input(c, &cs, set, today, e);
		if (!hh)
			return NULL;
		trace = policy_eval_json(set, hh, today, e);
		if (!trace) {
			json_decref(hh);
			return NULL;
		}
		entry = program_entry(trace, p->policy_code);
		if (!entry) {
			json_decref(hh);
			json_decref(trace);
			return mz_failf(e, MZ_EPOLICY, "policy", "the rules have no program %s",
					"政策规则中没有项目 %s", p->policy_code), NULL;
		}
		result = entry;
		if (p->unit_person) {
			char pid[24];
			size_t i;
			json_t *po;

			snprintf(pid, sizeof(pid), "%lld", (long long)cs.beneficiary_id);
			result = NULL;
			json_array_foreach(json_object_get(entry, "persons"), i, po)
				if (!strcmp(json_string_value(json_object_get(po, "id")), pid))
					result = po;
			if (!result) {
				json_decref(hh);
				json_decref(trace);
				return mz_fail(e, MZ_ESTATE, "beneficiary",
					       "the beneficiary is not a living member of the household",
					       "保障对象不是该家庭的在世成员"), NULL;
			}
		}
		eligible = json_is_true(json_object_get(result, "eligible"));
		amount = eligible ? json_integer_value(json_object_get(result, "amount_fen")) : 0;
		stored = json_pack("{s:s,s:O,s:O,s:O,s:o}", "date", json_string_value(
			json_object_get(trace, "date")) ? json_string_value(json_object_get(trace, "date")) : "",
			"program", entry, "result", result, "input", hh,
			"programs_eligible", json_array());
		{
			size_t i;
			json_t *pe;

			/* What else the household may be eligible for (政策找人 at intake). */
			json_array_foreach(json_object_get(trace, "programs"), i, pe)
				if (json_is_true(json_object_get(pe, "eligible")))
					json_array_append_new(json_object_get(stored, "programs_eligible"),
							      json_string(json_string_value(json_object_get(pe, "code"))));
		}
		json_decref(trace);
		trace = stored;
	}
	text = json_dumps(trace, JSON_COMPACT);
	json_decref(trace);
	json_decref(hh);
	snprintf(detail, sizeof(detail), "{\"eligible\":%s,\"amount_fen\":%lld}",
		 eligible ? "true" : "false", (long long)amount);
	if (store_begin(c, e))
		goto fail;
	if (case_set_evaluation_tx(c, id, cs.version, today, eligible, amount, text, e) ||
	    audit_append(c, who, AUDIT_WRITE, "case.evaluate", "case", cs.id, cs.division, "", detail,
			 e) || store_commit(c, e)) {
		store_rollback(c);
		goto fail;
	}
	free(text);
	return assist_case_get(c, who, id, e);
fail:
	free(text);
	return NULL;
}

json_t *assist_override(store_conn *c, const access_ctx *who, int64_t id, json_t *in,
			mz_err *e)
{
	const char *a = json_string_value(json_object_get(in, "amount"));
	const char *reason = json_string_value(json_object_get(in, "reason"));
	const case_program *p;
	int64_t amount;
	char detail[128];
	case_row cs;

	if (load_case(c, who, id, &cs, &p, e))
		return NULL;
	/* Only an officer above the street changes what the rules computed,
	 * with reasons, and it is audited; the caseworker cannot. */
	if (!(who->role & (ROLE_DISTRICT_OFFICER | ROLE_CITY_ADMIN)))
		return mz_fail(e, MZ_EFORBIDDEN, "amount",
			       "only a district officer may override the computed amount",
			       "仅区级民政干部可以调整计算金额"), NULL;
	if (!cs.can_act)
		return mz_fail(e, MZ_EFORBIDDEN, "id", "outside your scope", "超出权限范围"), NULL;
	if (!cs.has_eval || (strcmp(cs.state, "reviewing") && strcmp(cs.state, "periodic_review")))
		return mz_fail(e, MZ_ESTATE, "state",
			       "an override is possible only on an evaluated case under review",
			       "仅在审核或复核阶段、已完成认定计算的案件可以调整金额"), NULL;
	if (!a || mz_fen_parse_yuan(a, &amount) || amount < 0)
		return mz_fail(e, MZ_EINVAL, "amount", "amount must be yuan, e.g. \"850.00\"",
			       "金额应为元，如 \"850.00\""), NULL;
	if (!reason || strlen(reason) < 10)
		return mz_fail(e, MZ_EINVAL, "reason", "a justification is required (at least 10 characters)",
			       "请写明调整理由（不少于10个字符）"), NULL;
	snprintf(detail, sizeof(detail), "{\"from_fen\":%lld,\"to_fen\":%lld}",
		 (long long)cs.amount_fen, (long long)amount);
	if (store_begin(c, e))
		return NULL;
	if (case_set_override_tx(c, id, cs.version, amount, reason, who->login, e) ||
	    audit_append(c, who, AUDIT_WRITE, "case.override", "case", cs.id, cs.division, reason,
			 detail, e) || store_commit(c, e)) {
		store_rollback(c);
		return NULL;
	}
	return assist_case_get(c, who, id, e);
}

/* Art. 31: households with irregular income or able members of working
 * age are reviewed every six months, the others yearly. */
static int review_months(store_conn *c, const case_program *p, const case_row *cs, mz_err *e)
{
	store_stmt *st;
	int able = 0, rc;
	mz_day today = mz_today();
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	registry_person *ps;

	if (p->review_months_irregular == p->review_months_stable)
		return p->review_months_stable;
	st = store_prepare(c, "SELECT m.person_id FROM case_members m WHERE m.case_id = ?"
			      " AND m.household_id = ?", e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, cs->id);
	store_bind_i64(st, 2, cs->household_id);
	while ((rc = store_step(st, e)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			ids = mz_xrealloc(ids, cap * sizeof(*ids));
		}
		ids[n++] = store_col_i64(st, 0);
	}
	store_done(st);
	if (rc < 0 || !n) {
		free(ids);
		return rc < 0 ? -1 : p->review_months_stable;
	}
	/* Ages and disability grades are the registry's. */
	ps = mz_xmalloc(n * sizeof(*ps));
	rc = registry_person_list_by_ids(c, ids, n, ps, e);
	for (size_t i = 0; !rc && i < n; i++) {
		int age = ps[i].birth == MZ_DAY_INVALID ? 0 : mz_age_on(ps[i].birth, today);

		if (ps[i].id && age >= 16 && age < 60 &&
		    (ps[i].disability_grade == 0 || ps[i].disability_grade > 2))
			able = 1;
	}
	free(ps);
	free(ids);
	if (rc < 0)
		return -1;
	return able ? p->review_months_irregular : p->review_months_stable;
}

static int effects(store_conn *c, const access_ctx *who, const case_program *p, case_row *cs,
		   const char *action, const char *note, json_t *detail, mz_err *e)
{
	char cur[8], next[8];
	mz_day today = mz_today();

	benefits_month_of(today, cur);
	benefits_month_add(cur, 1, next);
	if (!strcmp(action, "approve") || !strcmp(action, "pay_first")) {
		benefits_new bn = { 0 };
		int64_t eid;
		int months = review_months(c, p, cs, e);

		if (months < 0)
			return -1;
		bn.program = p->code;
		bn.case_id = cs->id;
		bn.household_id = cs->household_id;
		bn.person_id = p->unit_person ? cs->beneficiary_id : 0;
		bn.division_code = cs->division;
		bn.amount_fen = cs->amount_fen;
		/* 低保审核确认办法 第二十一条、第二十五条: paid from the month after
		 * approval. 先行救助 pays now. */
		bn.start_month = !strcmp(action, "pay_first") ? cur : next;
		bn.end_month = p->one_off ? bn.start_month : NULL;
		bn.review_months = months;
		bn.bank_account = cs->bank_account;
		if (benefits_enroll_tx(c, who, &bn, &eid, e) || case_set_enrollment_tx(c, cs->id, eid, e))
			return -1;
		cs->enrollment_id = eid;
		if (!p->one_off) {
			mz_day due = mz_day_add_months(today, months);

			if (benefits_schedule_review_tx(c, eid, due, e) ||
			    case_task_open_tx(c, cs, "periodic_review", due,
					      "低保审核确认办法 第三十一条：定期复核", e))
				return -1;
		}
		return 0;
	}
	if (!cs->enrollment_id)
		return 0;
	if (!strcmp(action, "continue")) {
		int months = review_months(c, p, cs, e);
		mz_day due;

		if (months < 0)
			return -1;
		due = mz_day_add_months(today, months);
		return benefits_set_amount_tx(c, who, cs->enrollment_id, cs->amount_fen,
					      "复核：按新认定金额", e) ||
		       case_task_close_tx(c, cs, "periodic_review", e) ||
		       benefits_schedule_review_tx(c, cs->enrollment_id, due, e) ||
		       case_task_open_tx(c, cs, "periodic_review", due,
					 "低保审核确认办法 第三十一条：定期复核", e) ? -1 : 0;
	}
	if (!strcmp(action, "phase_out")) {
		/* 第三十三条 and the 2022 notice: at most 6 months of 渐退期. */
		json_t *m = json_object_get(detail, "months");
		int months = json_is_integer(m) ? (int)json_integer_value(m) : 0;
		char until[8];

		if (!p->phase_out_max_months)
			return mz_fail(e, MZ_EINVAL, "action", "this program has no gradual exit",
				       "该项目没有渐退期");
		if (months < 1 || months > p->phase_out_max_months)
			return mz_failf(e, MZ_EINVAL, "detail.months",
					"months must be 1 to %d", "渐退期应为1至%d个月",
					p->phase_out_max_months);
		benefits_month_add(cur, months, until);
		return benefits_phase_out_tx(c, who, cs->enrollment_id, until, note, e) ||
		       case_task_close_tx(c, cs, "periodic_review", e) ? -1 : 0;
	}
	if (!strcmp(action, "terminate"))
		/* Termination takes effect from the following month. */
		return benefits_end_tx(c, who, cs->enrollment_id, cur, note, e);
	if (!strcmp(action, "suspend") || !strcmp(action, "resume"))
		return benefits_suspend_tx(c, who, cs->enrollment_id, !strcmp(action, "suspend"), note, e);
	return 0;
}

/* case.decided, with the transition that decides: approval (and 先行救助's
 * pay-first) or refusal. Other actions move a case without deciding it. */
static int publish_decided(store_conn *c, const access_ctx *who, const case_row *cs,
			   const char *action, mz_err *e)
{
	char payload[256];

	if (strcmp(action, "approve") && strcmp(action, "pay_first") && strcmp(action, "refuse"))
		return 0;
	/* program, state and action are codes of our own tables: plain ASCII. */
	snprintf(payload, sizeof(payload),
		 "{\"case_id\":%lld,\"household_id\":%lld,\"program\":\"%s\",\"action\":\"%s\","
		 "\"state\":\"%s\",\"enrollment_id\":%lld}",
		 (long long)cs->id, (long long)cs->household_id, cs->program, action, cs->state,
		 (long long)cs->enrollment_id);
	return events_publish(c, who, EVENT_CASE_DECIDED, cs->id, cs->division, payload, NULL, e);
}

json_t *assist_act(store_conn *c, const access_ctx *who, int64_t id, json_t *in, mz_err *e)
{
	const char *action = json_string_value(json_object_get(in, "action"));
	const char *note = json_string_value(json_object_get(in, "note"));
	json_t *detail = json_object_get(in, "detail"), *atts = json_object_get(in, "attachments");
	json_t *ver = json_object_get(in, "version");
	const case_program *p;
	workcal cal;
	case_row cs;
	int rc;

	if (!action)
		return mz_fail(e, MZ_EINVAL, "action", "action is required", "请选择操作"), NULL;
	if (note && strlen(note) > 2000)
		return mz_fail(e, MZ_EINVAL, "note", "note is too long (2000 at most)",
			       "说明过长（最多2000字）"), NULL;
	if (detail && !json_is_object(detail))
		return mz_fail(e, MZ_EINVAL, "detail", "detail must be an object", "detail 应为对象"), NULL;
	if (atts && !json_is_array(atts))
		return mz_fail(e, MZ_EINVAL, "attachments", "attachments must be a list",
			       "附件应为列表"), NULL;
	if (workcal_load(c, &cal, e))
		return NULL;
	if (store_begin(c, e)) {
		workcal_release(&cal);
		return NULL;
	}
	rc = load_case(c, who, id, &cs, &p, e) ||
	     case_transition_tx(c, who, p, &cal, &cs, action, note, detail, atts,
				json_is_integer(ver) ? json_integer_value(ver) : 0, e) ||
	     effects(c, who, p, &cs, action, note, detail, e) ||
	     publish_decided(c, who, &cs, action, e);
	workcal_release(&cal);
	if (rc || store_commit(c, e)) {
		store_rollback(c);
		return NULL;
	}
	return assist_case_get(c, who, id, e);
}

json_t *assist_objection_add(store_conn *c, const access_ctx *who, int64_t id, json_t *in,
			     mz_err *e)
{
	const char *content = json_string_value(json_object_get(in, "content"));
	const case_program *p;
	store_stmt *st;
	case_row cs;
	char today[11];

	if (!content || strlen(content) < 4 || strlen(content) > 4000)
		return mz_fail(e, MZ_EINVAL, "content", "record the objection (4 to 4000 characters)",
			       "请记录异议内容（4至4000字）"), NULL;
	if (load_case(c, who, id, &cs, &p, e))
		return NULL;
	if (!cs.can_act)
		return mz_fail(e, MZ_EFORBIDDEN, "id", "only the responsible street records objections",
			       "只有负责镇街可以登记异议"), NULL;
	if (strcmp(cs.state, "notice"))
		return mz_fail(e, MZ_ESTATE, "state", "objections are received during the public notice",
			       "异议应在公示期内提出"), NULL;
	mz_day_format(mz_today(), today);
	if (store_begin(c, e))
		return NULL;
	/* The case row first, and only while it is in notice: the transition
	 * out of notice counts open objections and then updates this row at
	 * its version, so either it waits for this objection and fails on the
	 * version, or it went first and this UPDATE finds the state changed
	 * (on PostgreSQL the state read above may be stale by now). */
	st = store_prepare(c, "UPDATE cases SET version = version + 1, updated_at = ? WHERE id = ?"
			      " AND household_id = ? AND state = 'notice'", e);
	if (!st)
		goto rollback;
	store_params(st, mz_now_unix(), id, cs.household_id);
	if (store_step(st, e) < 0) {
		store_done(st);
		goto rollback;
	}
	if (store_changes(st) != 1) {
		store_done(st);
		mz_fail(e, MZ_ESTATE, "state", "the public notice of this case has ended meanwhile",
			"该案件的公示期已结束");
		goto rollback;
	}
	store_done(st);
	st = store_prepare(c, "INSERT INTO case_objections (case_id, household_id, division_code,"
			      " received_on, content, received_by) VALUES (?, ?, ?, ?, ?, ?)", e);
	if (!st)
		goto rollback;
	store_params(st, id, cs.household_id, cs.division, today, content, who->login);
	if (store_step(st, e) < 0) {
		store_done(st);
		goto rollback;
	}
	store_done(st);
	if (audit_append(c, who, AUDIT_WRITE, "case.objection", "case", cs.id, cs.division, "", NULL,
			 e) || store_commit(c, e))
		goto rollback;
	return assist_case_get(c, who, id, e);
rollback:
	store_rollback(c);
	return NULL;
}

json_t *assist_objection_handle(store_conn *c, const access_ctx *who, int64_t id,
				int64_t objection_id, json_t *in, mz_err *e)
{
	const char *outcome = json_string_value(json_object_get(in, "outcome"));
	const char *handling = json_string_value(json_object_get(in, "handling"));
	const case_program *p;
	store_stmt *st;
	case_row cs;

	if (!outcome || (strcmp(outcome, "upheld") && strcmp(outcome, "dismissed")))
		return mz_fail(e, MZ_EINVAL, "outcome", "outcome must be upheld or dismissed",
			       "处理结果应为 upheld（异议成立）或 dismissed（异议不成立）"), NULL;
	if (!handling || strlen(handling) < 4)
		return mz_fail(e, MZ_EINVAL, "handling", "describe how the objection was handled",
			       "请说明异议的核实和处理情况"), NULL;
	if (load_case(c, who, id, &cs, &p, e))
		return NULL;
	if (!cs.can_act)
		return mz_fail(e, MZ_EFORBIDDEN, "id", "only the responsible street handles objections",
			       "只有负责镇街可以处理异议"), NULL;
	if (store_begin(c, e))
		return NULL;
	st = store_prepare(c, "UPDATE case_objections SET outcome = ?, handling = ?, handled_by = ?,"
			      " handled_at = ? WHERE id = ? AND case_id = ? AND household_id = ?"
			      " AND outcome IS NULL", e);
	if (!st)
		goto rollback;
	store_params(st, outcome, handling, who->login, mz_now_unix(), objection_id, id,
			 cs.household_id);
	if (store_step(st, e) < 0) {
		store_done(st);
		goto rollback;
	}
	if (store_changes(st) != 1) {
		store_done(st);
		mz_fail(e, MZ_ENOTFOUND, "objection_id", "no open objection with this id",
			"没有该待处理异议");
		goto rollback;
	}
	store_done(st);
	if (case_touch_tx(c, id, e) ||
	    audit_append(c, who, AUDIT_WRITE, "case.objection_handled", "case", cs.id, cs.division,
			 handling, NULL, e) || store_commit(c, e))
		goto rollback;
	return assist_case_get(c, who, id, e);
rollback:
	store_rollback(c);
	return NULL;
}

json_t *assist_verify(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	json_t *pids = json_array(), *r;
	const case_program *p;
	store_stmt *st;
	case_row cs;
	int rc;

	if (load_case(c, who, id, &cs, &p, e))
		goto fail;
	if (!cs.can_act) {
		mz_fail(e, MZ_EFORBIDDEN, "id", "only the responsible street requests verification",
			"只有负责镇街可以发起核对");
		goto fail;
	}
	st = store_prepare(c, "SELECT person_id FROM case_members WHERE case_id = ?"
			      " AND household_id = ? ORDER BY person_id", e);
	if (!st)
		goto fail;
	store_params(st, id, cs.household_id);
	while ((rc = store_step(st, e)) == 1)
		json_array_append_new(pids, json_integer(store_col_i64(st, 0)));
	store_done(st);
	if (rc < 0)
		goto fail;
	r = evidence_verify(c, who, id, cs.household_id, cs.division, pids, mz_today(), e);
	json_decref(pids);
	return r;
fail:
	json_decref(pids);
	return NULL;
}

json_t *assist_verification_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	const case_program *p;
	case_row cs;

	if (load_case(c, who, id, &cs, &p, e))
		return NULL;
	return evidence_report_latest(c, who, id, cs.household_id, cs.division, e);
}
