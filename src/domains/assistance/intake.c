/* intake.c - one-window intake (一门受理, 全城通办) and the household as the
 * rules read it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/assistance/assistance.h"
#include "base/buf.h"
#include "benefits/benefits.h"
#include "evidence/evidence.h"
#include "registry/idcard.h"
#include "registry/registry.h"

static int find_person(store_conn *c, const char *field, const char *number, int64_t *pid,
		       int64_t *hid, char rel[16], char div[16], mz_err *e)
{
	registry_person p;
	mz_err e2 = { 0 };

	if (!number)
		return mz_failf(e, MZ_EINVAL, field, "%s is required", "请填写%s", field);
	/* Anyone in the city by number, as the applicant's household may live
	 * across a street line; the case itself is scoped by the household. */
	if (registry_person_find_by_number(c, NULL, number, &p, &e2)) {
		if (e2.code == MZ_ENOTFOUND)
			return mz_fail(e, MZ_EINVAL, field,
				       "no person with this ID number in the registry: register the person first",
				       "人口库中没有该身份证号码，请先登记人员信息");
		if (e)
			*e = e2;
		if (e && e2.code == MZ_EINVAL)
			mz_strlcpy(e->field, field, sizeof(e->field));
		return -1;
	}
	*pid = p.id;
	*hid = p.household_id;
	mz_strlcpy(rel, p.relation, 16);
	mz_strlcpy(div, p.division_code, 16);
	if (p.death != MZ_DAY_INVALID)
		return mz_fail(e, MZ_EINVAL, field, "the registry records this person as deceased",
			       "人口库记载该人员已死亡");
	if (!*hid)
		return mz_fail(e, MZ_EINVAL, field,
			       "the person belongs to no household: record the household first",
			       "该人员未登记家庭户，请先登记家庭");
	return 0;
}

static int member_by_id(const void *a, const void *b)
{
	int64_t x = ((const registry_member *)a)->person_id;
	int64_t y = ((const registry_member *)b)->person_id;

	return (x > y) - (x < y);
}

/* The relation of a member to the applicant, from both relations to the
 * head of household. Anything not derivable is "other_relation"; the
 * caseworker corrects it in the members list. */
static const char *relation_to_applicant(const char *app_rel, const char *m_rel, int same)
{
	if (same)
		return "applicant";
	if (!strcmp(app_rel, "head")) {
		if (!strcmp(m_rel, "other"))
			return "other_relation";
		return m_rel;
	}
	if (!strcmp(app_rel, "spouse")) {
		if (!strcmp(m_rel, "head"))
			return "spouse";
		if (!strcmp(m_rel, "child"))
			return "child";
		return "other_relation";
	}
	if (!strcmp(app_rel, "child")) {
		if (!strcmp(m_rel, "head") || !strcmp(m_rel, "spouse"))
			return "parent";
		if (!strcmp(m_rel, "child"))
			return "sibling";
		if (!strcmp(m_rel, "parent"))
			return "grandparent";
		return "other_relation";
	}
	if (!strcmp(app_rel, "parent")) {
		if (!strcmp(m_rel, "head"))
			return "child";
		if (!strcmp(m_rel, "child"))
			return "grandchild";
		return "other_relation";
	}
	return "other_relation";
}

static json_t *member_override(json_t *members, int64_t pid)
{
	size_t i;
	json_t *m;

	json_array_foreach(members, i, m)
		if (json_integer_value(json_object_get(m, "person_id")) == pid)
			return m;
	return NULL;
}

/* Fails with MZ_ECONFLICT if the household (or, for a person-unit program,
 * the beneficiary) has a case of this program that is not closed. */
static int open_case_check(store_conn *c, const char *program, int64_t hid, int64_t ben_id,
			   mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT COUNT(*) FROM cases WHERE program = ?"
					  " AND household_id = ? AND COALESCE(beneficiary_id, 0) = ?"
					  " AND state NOT IN ('ended', 'refused', 'withdrawn')", e);
	int64_t n = 0;
	int r;

	if (!st)
		return -1;
	store_params(st, program, hid, ben_id);
	r = store_step(st, e);
	if (r == 1)
		n = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		return -1;
	if (n > 0)
		return mz_fail(e, MZ_ECONFLICT, "program",
			       "this household already has an open case of this program",
			       "该家庭（对象）已有该项目的在办或在保案件");
	return 0;
}

int assist_intake(store_conn *c, const access_ctx *who, json_t *in, int64_t *case_id,
		  mz_err *e)
{
	const char *program = json_string_value(json_object_get(in, "program"));
	const char *variant = json_string_value(json_object_get(in, "variant"));
	const char *bank = json_string_value(json_object_get(in, "bank_account"));
	const char *note = json_string_value(json_object_get(in, "note"));
	json_t *given = json_object_get(in, "members"), *members = json_array(), *v;
	const case_program *p = assist_program_find(program);
	int64_t app_id, hid, ben_id = 0, ben_hid;
	char app_rel[16], ben_rel[16], app_div[16], ben_div[16], hh_div[16] = "", street[16];
	registry_household hh;
	mz_buf coi, ack = { 0 };
	case_new cn = { 0 };
	workcal cal;
	store_stmt *st;
	size_t i;
	int rc;

	mz_buf_init(&coi);
	registry_household_init(&hh);
	if (!p) {
		mz_fail(e, MZ_EINVAL, "program", "unknown program", "未知的救助项目");
		goto fail;
	}
	if (variant && *variant && strcmp(variant, "emergency")) {
		mz_fail(e, MZ_EINVAL, "variant", "variant must be empty or emergency",
			"类型应为空或 emergency（急难型）");
		goto fail;
	}
	if (variant && !strcmp(variant, "emergency") && strcmp(p->code, "temp_aid")) {
		mz_fail(e, MZ_EINVAL, "variant", "only temporary aid has an emergency variant",
			"只有临时救助有急难型");
		goto fail;
	}
	/* The intake street: a caseworker's own street; officers above the
	 * street level record the street they accept for. */
	if (strlen(who->scope_code) >= 9) {
		snprintf(street, sizeof(street), "%.9s", who->scope_code);
	} else {
		const char *s = json_string_value(json_object_get(in, "intake_street"));

		if (!s || strlen(s) != 9 || !access_in_scope(who, s)) {
			mz_fail(e, MZ_EINVAL, "intake_street",
				"the accepting street (9 digits, within your scope) is required",
				"请填写受理镇街（9位代码，须在您的权限范围内）");
			goto fail;
		}
		mz_strlcpy(street, s, sizeof(street));
	}
	if (!bank || strlen(bank) < 8 || strlen(bank) > 32 || strspn(bank, "0123456789") != strlen(bank)) {
		mz_fail(e, MZ_EINVAL, "bank_account", "bank_account must be 8 to 32 digits",
			"银行账号应为8到32位数字");
		goto fail;
	}
	if (given && !json_is_array(given)) {
		mz_fail(e, MZ_EINVAL, "members", "members must be a list", "家庭成员应为列表");
		goto fail;
	}
	if (find_person(c, "applicant_id_number",
			json_string_value(json_object_get(in, "applicant_id_number")), &app_id, &hid,
			app_rel, app_div, e))
		goto fail;
	if (p->unit_person) {
		const char *b = json_string_value(json_object_get(in, "beneficiary_id_number"));

		if (b) {
			if (find_person(c, "beneficiary_id_number", b, &ben_id, &ben_hid, ben_rel,
					ben_div, e))
				goto fail;
			if (ben_hid != hid) {
				mz_fail(e, MZ_EINVAL, "beneficiary_id_number",
					"the beneficiary must belong to the applicant's household",
					"保障对象应与申请人属同一家庭户");
				goto fail;
			}
		} else {
			ben_id = app_id;
		}
	}
	/* The household and its members are the registry's: read once, city-wide
	 * (the applicant was found by number; the case is scoped by the
	 * household's division). */
	{
		mz_err e2 = { 0 };

		if (registry_household_find_any(c, hid, &hh, &e2) && e2.code != MZ_ENOTFOUND) {
			if (e)
				*e = e2;
			goto fail;
		}
		mz_strlcpy(hh_div, hh.division_code, sizeof(hh_div));
	}
	if (!*hh_div) {
		mz_fail(e, MZ_ESTORE, "household", "household has no division", "家庭户缺少区划");
		goto fail;
	}
	/* No second case of the same program for the same household (or
	 * person) while one is open: checked now to fail early, and again
	 * inside the transaction that writes the case. */
	if (open_case_check(c, p->code, hid, ben_id, e))
		goto fail;

	/* Members: the household's current members, relation derived, with the
	 * caseworker's corrections and findings (attrs). */
	/* The living members, by person id as the case has always listed them. */
	qsort(hh.members, hh.n_members, sizeof(*hh.members), member_by_id);
	for (i = 0; i < hh.n_members; i++) {
		const registry_member *rm = &hh.members[i];
		int64_t pid = rm->person_id;
		json_t *ov, *attrs;
		const char *rel;

		if (rm->death != MZ_DAY_INVALID)
			continue;
		ov = member_override(given, pid);
		rel = relation_to_applicant(app_rel, rm->relation, pid == app_id);
		attrs = ov ? json_object_get(ov, "attrs") : NULL;
		if (ov && json_is_string(json_object_get(ov, "relation")) && pid != app_id)
			rel = json_string_value(json_object_get(ov, "relation"));
		json_array_append_new(members, json_pack("{s:I,s:s,s:s,s:O?}", "person_id",
			(json_int_t)pid, "relation", rel, "division_code", rm->division_code,
			"attrs", attrs && json_is_object(attrs) ? attrs : NULL));
	}
	json_array_foreach(given, i, v) {
		json_int_t pid = json_integer_value(json_object_get(v, "person_id"));
		const char *rel = json_string_value(json_object_get(v, "relation"));
		size_t k;
		json_t *m;
		int found = 0;

		json_array_foreach(members, k, m)
			if (json_integer_value(json_object_get(m, "person_id")) == pid)
				found = 1;
		if (!found) {
			mz_failf(e, MZ_EINVAL, "members", "members[%zu] is not a current member of the household",
				 "members[%zu] 不是该家庭户的现有成员", i);
			goto fail;
		}
		if (rel && policy_list_find(POLICY_LIST_RELATION, rel) < 0) {
			mz_failf(e, MZ_EINVAL, "members", "members[%zu].relation is not a known relation",
				 "members[%zu].relation 不是可识别的关系", i);
			goto fail;
		}
	}

	/* 第十一条: relatives of staff or committee members are recorded
	 * separately and the case goes to the district. */
	json_array_foreach(members, i, v) {
		st = store_prepare(c, "SELECT staff_name, staff_post, relation FROM staff_kin"
				      " WHERE person_id = ?", e);
		if (!st)
			goto fail;
		store_bind_i64(st, 1, json_integer_value(json_object_get(v, "person_id")));
		while ((rc = store_step(st, e)) == 1)
			mz_buf_printf(&coi, "%s%s（%s）之%s", coi.len ? "；" : "", store_col_text(st, 0),
				      store_col_text(st, 1), store_col_text(st, 2));
		store_done(st);
		if (rc < 0)
			goto fail;
	}
	{
		const char *declared = json_string_value(json_object_get(in, "declared_conflict"));

		if (declared && *declared)
			mz_buf_printf(&coi, "%s申请人声明：%s", coi.len ? "；" : "", declared);
	}
	/* 诚信数据库: findings of concealed income or assets about a member are
	 * put before the caseworker, who takes the application only after
	 * saying so (integrity_acknowledged), and that is audited with the
	 * records. Not across 全城通办: the accepting street does not learn of
	 * another street's findings; the responsible street sees them. */
	{
		int64_t pids[64], recs[32];
		size_t np = 0, nrec = 0;

		json_array_foreach(members, i, v)
			if (np < 64)
				pids[np++] = json_integer_value(json_object_get(v, "person_id"));
		if (evidence_integrity_open_ids(c, pids, np, recs, 32, &nrec, e))
			goto fail;
		if (nrec && access_in_scope(who, hh_div)) {
			if (!json_is_true(json_object_get(in, "integrity_acknowledged"))) {
				mz_failf(e, MZ_ECONFLICT, "integrity_acknowledged",
					 "%zu unresolved integrity record(s) concern this household:"
					 " review them and acknowledge before the intake",
					 "该家庭有 %zu 条未处理的诚信记录，请查看并确认后再受理", nrec);
				goto fail;
			}
			mz_buf_init(&ack);
			mz_buf_puts(&ack, "{\"records\":[");
			for (size_t k = 0; k < nrec && k < 32; k++)
				mz_buf_printf(&ack, "%s%lld", k ? "," : "", (long long)recs[k]);
			mz_buf_puts(&ack, "]}");
		}
	}
	cn.variant = variant ? variant : "";
	cn.household_id = hid;
	cn.applicant_id = app_id;
	cn.beneficiary_id = ben_id;
	cn.division_code = hh_div;
	cn.intake_street = street;
	cn.delegated = json_is_false(json_object_get(in, "delegated")) ? 0 : 1;
	cn.coi = coi.len > 0;
	cn.coi_detail = coi.data ? coi.data : "";
	cn.bank_account = bank;
	cn.apply_alone = json_is_true(json_object_get(in, "apply_alone"));
	cn.note = note;
	cn.members = members;
	if (workcal_load(c, &cal, e))
		goto fail;
	if (store_begin(c, e)) {
		workcal_release(&cal);
		goto fail;
	}
	/* The household row's lock serialises intakes for one household on
	 * PostgreSQL (SQLite's writer lock already does), so two intakes at
	 * the same moment cannot both pass the open-case check. */
	rc = registry_household_lock_tx(c, hid, e) || open_case_check(c, p->code, hid, ben_id, e) ||
	     case_create_tx(c, who, p, &cal, &cn, case_id, e);
	if (!rc && ack.len)
		rc = audit_append(c, who, AUDIT_WRITE, "case.integrity_acknowledged", "case", *case_id,
				  hh_div, "受理前已查看该家庭未处理的诚信记录", ack.data, e);
	/* 全城通办: an acceptance outside the household's scope is audited
	 * with its reason, in the same transaction; the accepting street keeps
	 * only the receipt (cases.h, case_receipt_get). */
	if (!rc && !access_in_scope(who, hh_div)) {
		char detail[96];

		snprintf(detail, sizeof(detail), "{\"responsible_street\":\"%.9s\"}", hh_div);
		rc = audit_append(c, who, AUDIT_WRITE, "case.accept_elsewhere", "case", *case_id,
				  street, note && *note ? note : "全城通办：申请人在本镇街提出申请",
				  detail, e);
	}
	workcal_release(&cal);
	if (rc || store_commit(c, e)) {
		store_rollback(c);
		goto fail;
	}
	json_decref(members);
	mz_buf_release(&coi);
	mz_buf_release(&ack);
	registry_household_release(&hh);
	return 0;
fail:
	json_decref(members);
	mz_buf_release(&coi);
	mz_buf_release(&ack);
	registry_household_release(&hh);
	return -1;
}

/* ---- the household input of the rules ---- */

static void add_money(json_t *obj, const char *kind, int64_t fen)
{
	char y[32];
	json_t *cur = json_object_get(obj, kind);
	int64_t have = 0;

	if (cur)
		mz_fen_parse_yuan(json_string_value(cur), &have);
	mz_fen_format_yuan(have + fen, y);
	json_object_set_new(obj, kind, json_string(y));
}

static int64_t evidence_amount(json_t *ev, const char *cat, const char *kind, int *found)
{
	json_t *x = json_object_get(json_object_get(ev, cat), kind);

	*found = x != NULL;
	return x ? json_integer_value(json_object_get(x, "amount_fen")) : 0;
}

json_t *assist_household_input(store_conn *c, const case_row *cs, const policy_set *set,
			       mz_day date, mz_err *e)
{
	json_t *hh = json_object(), *members = json_array(), *assets = json_object();
	json_t *hh_enrolled = json_array(), *sources = json_array();
	int64_t housing = 0, vehicles = 0;
	store_stmt *st;
	char datestr[11];
	int rc;

	mz_day_format(date, datestr);
	json_object_set_new(hh, "division", json_string(cs->division));
	/* The case's members first (a materialized CTE): on Citus they are on
	 * the case's shard and persons are another group; joined to that short
	 * list, persons are probed on each shard instead of being repartitioned
	 * (docs/scaling.md, step 5). */
	st = store_prepare(c,
		"WITH m AS MATERIALIZED (SELECT person_id, relation, attrs FROM case_members"
		"  WHERE case_id = ? AND household_id = ?)"
		" SELECT m.person_id, p.birth_date, p.sex, m.relation, p.disability_kind,"
		" p.disability_grade, p.flags, m.attrs, p.hukou, p.death_date"
		" FROM m JOIN persons p ON p.id = m.person_id"
		" ORDER BY CASE WHEN m.relation = 'applicant' THEN 0 ELSE 1 END, m.person_id", e);
	if (!st)
		goto fail;
	store_bind_i64(st, 1, cs->id);
	store_bind_i64(st, 2, cs->household_id);
	while ((rc = store_step(st, e)) == 1) {
		int64_t pid = store_col_i64(st, 0);
		const char *death = store_col_text(st, 9);
		json_t *m = json_object(), *flags = json_array(), *attrs, *v;
		char idbuf[24], *fl, *tok, *save = NULL;
		const char *key;

		/* Art. 7: the household as it is on the evaluation date. */
		if (death && strcmp(death, datestr) <= 0) {
			json_decref(m);
			json_decref(flags);
			continue;
		}
		snprintf(idbuf, sizeof(idbuf), "%lld", (long long)pid);
		json_object_set_new(m, "id", json_string(idbuf));
		json_object_set_new(m, "birth_date", json_string(store_col_text(st, 1)));
		json_object_set_new(m, "sex", json_string(!strcmp(store_col_text(st, 2), "F")
							  ? "female" : "male"));
		json_object_set_new(m, "relation", json_string(store_col_text(st, 3)));
		if (*store_col_text(st, 4)) {
			json_object_set_new(m, "disability", json_string(store_col_text(st, 4)));
			json_object_set_new(m, "disability_grade", json_integer(store_col_i64(st, 5)));
		}
		if (!strcmp(store_col_text(st, 3), "applicant") && !strcmp(store_col_text(st, 8), "rural"))
			json_object_set_new(hh, "rural", json_true());
		/* Registry flags the rules know; others are the registry's own. */
		fl = mz_strdup(store_col_text(st, 6));
		/* Not the registry's bare religious_apart: living apart counts by
		 * its length, so only the caseworker's finding with its date does
		 * (the member's attrs, below). */
		for (tok = strtok_r(fl, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			if (policy_list_find(POLICY_LIST_PERSON_FLAG, tok) >= 0 &&
			    strcmp(tok, "religious_apart"))
				json_array_append_new(flags, json_string(tok));
		free(fl);
		/* Everyone in the registry holds Guangzhou household registration. */
		json_array_append_new(flags, json_string("local_hukou"));
		attrs = json_loads(store_col_text(st, 7), 0, NULL);
		json_object_foreach(attrs, key, v) {
			if (!strcmp(key, "flags") && json_is_array(v)) {
				size_t k;
				json_t *f;

				json_array_foreach(v, k, f)
					json_array_append(flags, f);
			} else if (!strcmp(key, "father") || !strcmp(key, "mother") ||
				   !strcmp(key, "selfcare_unable") || !strcmp(key, "expenses") ||
				   !strcmp(key, "religious_apart_since")) {
				json_object_set(m, key, v);
			}
		}
		json_decref(attrs);
		json_object_set_new(m, "flags", flags);
		json_object_set_new(m, "_pid", json_integer(pid));
		json_array_append_new(members, m);
	}
	store_done(st);
	if (rc < 0)
		goto fail;

	/* Incomes and assets: declared, and the agencies' latest; the higher
	 * of the two counts (a verified income cannot be declared away). */
	{
		size_t i;
		json_t *m;

		json_array_foreach(members, i, m) {
			int64_t pid = json_integer_value(json_object_get(m, "_pid"));
			json_t *ev = evidence_person_latest(c, pid, date, e), *inc = json_object();
			const char *kind;
			json_t *x;
			int found;

			if (!ev)
				goto fail;
			st = store_prepare(c, "SELECT kind, monthly_fen FROM person_incomes"
					      " WHERE person_id = ?", e);
			if (!st) {
				json_decref(ev);
				json_decref(inc);
				goto fail;
			}
			store_bind_i64(st, 1, pid);
			while ((rc = store_step(st, e)) == 1) {
				const char *k = evidence_income_kind(store_col_text(st, 0));
				int64_t declared = store_col_i64(st, 1);

				if (policy_list_find(POLICY_LIST_INCOME, k) < 0)
					continue;
				int64_t agency = evidence_amount(ev, "income", k, &found);
				add_money(inc, k, declared > agency ? declared : agency);
			}
			store_done(st);
			json_object_foreach(json_object_get(ev, "income"), kind, x)
				if (!json_object_get(inc, kind) &&
				    policy_list_find(POLICY_LIST_INCOME, kind) >= 0)
					add_money(inc, kind, json_integer_value(json_object_get(x, "amount_fen")));
			st = store_prepare(c, "SELECT kind, amount_fen FROM person_assets WHERE person_id = ?", e);
			if (!st) {
				json_decref(ev);
				json_decref(inc);
				goto fail;
			}
			store_bind_i64(st, 1, pid);
			{
				json_t *seen = json_object();

				while ((rc = store_step(st, e)) == 1) {
					const char *k = store_col_text(st, 0);
					int64_t declared = store_col_i64(st, 1);

					if (policy_list_find(POLICY_LIST_ASSET, k) < 0)
						continue;
					int64_t agency = evidence_amount(ev, "asset", k, &found);
					add_money(assets, k, declared > agency ? declared : agency);
					json_object_set_new(seen, k, json_true());
					/* A declared vehicle counts as one where no agency
					 * reports the number. */
					if (!strcmp(k, "vehicles") && declared > 0 &&
					    !json_object_get(json_object_get(ev, "vehicle"), "count"))
						vehicles++;
				}
				store_done(st);
				json_object_foreach(json_object_get(ev, "asset"), kind, x)
					if (!json_object_get(seen, kind) &&
					    policy_list_find(POLICY_LIST_ASSET, kind) >= 0)
						add_money(assets, kind,
							  json_integer_value(json_object_get(x, "amount_fen")));
				json_decref(seen);
			}
			housing += json_integer_value(json_object_get(json_object_get(
				json_object_get(ev, "housing"), "count"), "quantity"));
			vehicles += json_integer_value(json_object_get(json_object_get(
				json_object_get(ev, "vehicle"), "count"), "quantity"));
			if (json_object_size(ev))
				json_array_append_new(sources, json_pack("{s:I,s:O}", "person_id",
									 (json_int_t)pid, "evidence", ev));
			json_decref(ev);
			json_object_set_new(m, "incomes", inc);
		}
	}
	/* Current enrollments: the rules ask (a supporter on dibao, a child on
	 * the orphan allowance ...). Only programs the rules know. */
	st = store_prepare(c, "SELECT program, person_id FROM enrollments WHERE household_id = ?"
			      " AND status <> 'ended'", e);
	if (!st)
		goto fail;
	store_bind_i64(st, 1, cs->household_id);
	while ((rc = store_step(st, e)) == 1) {
		const char *prog = store_col_text(st, 0);
		size_t i;
		json_t *m;

		if (policy_set_program_bit(set, prog) < 0)
			continue;
		if (store_col_is_null(st, 1)) {
			json_array_append_new(hh_enrolled, json_string(prog));
			continue;
		}
		json_array_foreach(members, i, m)
			if (json_integer_value(json_object_get(m, "_pid")) == store_col_i64(st, 1)) {
				json_t *en = json_object_get(m, "enrolled");

				if (!en)
					json_object_set_new(m, "enrolled", en = json_array());
				json_array_append_new(en, json_string(prog));
			}
	}
	store_done(st);
	if (rc < 0)
		goto fail;
	{
		size_t i, k;
		json_t *m, *x;
		int hh_dibao = 0;

		/* 特困 Art. 8: a supporter on dibao counts as unable only when the
		 * supporter personally receives it. A member of a household on
		 * dibao, or enrolled in it in person, does: said to the rules
		 * as receives_dibao (the caseworker may also declare it for a
		 * supporter enrolled elsewhere). */
		json_array_foreach(hh_enrolled, k, x)
			hh_dibao |= !strcmp(json_string_value(x), "dibao");
		json_array_foreach(members, i, m) {
			int on = hh_dibao;
			json_t *flags = json_object_get(m, "flags");

			json_array_foreach(json_object_get(m, "enrolled"), k, x)
				on |= !strcmp(json_string_value(x), "dibao");
			json_array_foreach(flags, k, x)
				if (!strcmp(json_string_value(x), "receives_dibao"))
					on = 0; /* already said */
			if (on && json_is_array(flags))
				json_array_append_new(flags, json_string("receives_dibao"));
			json_object_del(m, "_pid");
		}
	}
	if (cs->apply_alone)
		json_object_set_new(hh, "flags", json_pack("[s]", "apply_alone"));
	json_object_set_new(hh, "enrolled", hh_enrolled);
	json_object_set_new(hh, "assets", assets);
	json_object_set_new(hh, "housing_units", json_integer(housing));
	json_object_set_new(hh, "vehicle_count", json_integer(vehicles));
	json_object_set_new(hh, "members", members);
	json_object_set_new(hh, "note", json_pack("{s:o}", "evidence", sources));
	return hh;
fail:
	json_decref(hh);
	json_decref(members);
	json_decref(assets);
	json_decref(hh_enrolled);
	json_decref(sources);
	return NULL;
}
