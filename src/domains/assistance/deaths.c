/* deaths.c - what a death does to a social-assistance case, and naming a new
 * payee. The benefits side (the person's own enrollments end, the household
 * is reviewed within three months: 低保审核确认办法 第三十一条) is
 * benefits_on_death_tx; this file keeps the cases honest:
 *   - a person program whose beneficiary died ends (终止): the case no
 *     longer shows "paying";
 *   - a household program whose applicant - the payee, whose name and
 *     account the bank file carries - died, while others of the household
 *     live, is put on hold: nothing more is paid to the dead person's name
 *     and account, and a task asks the street to name a new payee among the
 *     living members; naming one releases the hold and the months held are
 *     paid to the new payee as back pay. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "benefits/benefits.h"
#include "domains/assistance/assistance.h"
#include "registry/registry.h"

#define PAYEE_TASK "name_payee"
#define PAYEE_BASIS "领款人死亡：指定新的领款人；成员死亡后3个月内复核（低保审核确认办法 第三十一条）"

/* 1 if someone of the household other than person_id is alive. */
static int others_alive(store_conn *c, int64_t hid, int64_t person_id, mz_err *e)
{
	registry_household hh;
	int alive = 0;

	registry_household_init(&hh);
	if (registry_household_find_any(c, hid, &hh, e)) {
		registry_household_release(&hh);
		return -1;
	}
	for (size_t i = 0; i < hh.n_members; i++)
		if (hh.members[i].person_id != person_id && hh.members[i].death == MZ_DAY_INVALID)
			alive = 1;
	registry_household_release(&hh);
	return alive;
}

int assist_on_death_tx(store_conn *c, const access_ctx *who, int64_t person_id,
		       const char *death_date, mz_err *e)
{
	int64_t ids[32];
	size_t n;
	workcal cal;
	char note[160];
	int rc = 0;

	if (case_ids_of_person(c, person_id, ids, 32, &n, e))
		return -1;
	if (!n)
		return 0;
	if (workcal_load(c, &cal, e))
		return -1;
	for (size_t i = 0; i < n && !rc; i++) {
		const case_program *p;
		case_row cs;
		int alive;

		if ((rc = case_load(c, who, ids[i], &cs, e)))
			break;
		if (!(p = assist_program_find(cs.program)))
			continue;
		if (p->unit_person && cs.beneficiary_id == person_id) {
			/* The enrollment itself ends by the benefits subscriber. */
			snprintf(note, sizeof(note), "保障对象于%s死亡，次月起停发", death_date);
			rc = case_transition_tx(c, who, p, &cal, &cs, "terminate", note, NULL, NULL, 0,
						e);
			continue;
		}
		if (p->unit_person || cs.applicant_id != person_id || !cs.enrollment_id)
			continue;
		alive = others_alive(c, cs.household_id, person_id, e);
		if (alive < 0) {
			rc = -1;
			break;
		}
		if (!alive)
			continue; /* the household's enrollment ends with its last member */
		snprintf(note, sizeof(note), "领款人（申请人）于%s死亡：暂停发放，待指定新的领款人",
			 death_date);
		if (!strcmp(cs.state, "paying"))
			rc = case_transition_tx(c, who, p, &cal, &cs, "suspend", note, NULL, NULL, 0, e) ||
			     benefits_suspend_tx(c, who, cs.enrollment_id, 1, note, e);
		else if (!strcmp(cs.state, "periodic_review"))
			rc = benefits_suspend_tx(c, who, cs.enrollment_id, 1, note, e);
		if (!rc)
			rc = case_task_open_tx(c, &cs, PAYEE_TASK, mz_today() + 30, PAYEE_BASIS, e);
	}
	workcal_release(&cal);
	return rc ? -1 : 0;
}

int assist_set_payee(store_conn *c, const access_ctx *who, int64_t case_id, int64_t person_id,
		     const char *bank, const char *reason, mz_err *e)
{
	const case_program *p;
	registry_household hh;
	workcal cal;
	case_row cs;
	int member = 0, rc;

	if (!reason || strlen(reason) < 2)
		return mz_fail(e, MZ_EINVAL, "reason", "a reason is required", "请填写变更原因");
	if (!bank || strlen(bank) < 8 || strlen(bank) > 32 ||
	    strspn(bank, "0123456789") != strlen(bank))
		return mz_fail(e, MZ_EINVAL, "bank_account", "bank_account must be 8 to 32 digits",
			       "银行账号应为8到32位数字");
	if (case_load(c, who, case_id, &cs, e))
		return -1;
	if (!(p = assist_program_find(cs.program)) || p->unit_person || !cs.enrollment_id)
		return mz_fail(e, MZ_ESTATE, "id", "only a paying household case has a payee",
			       "只有在保的家庭案件才有领款人");
	/* The new payee: a living, current member of the household. */
	registry_household_init(&hh);
	if (registry_household_find_any(c, cs.household_id, &hh, e)) {
		registry_household_release(&hh);
		return -1;
	}
	for (size_t i = 0; i < hh.n_members; i++)
		if (hh.members[i].person_id == person_id && hh.members[i].death == MZ_DAY_INVALID)
			member = 1;
	registry_household_release(&hh);
	if (!member)
		return mz_fail(e, MZ_EINVAL, "person_id",
			       "the payee must be a living member of the household",
			       "领款人须为该家庭户在世的成员");
	if (workcal_load(c, &cal, e))
		return -1;
	if (store_begin(c, e)) {
		workcal_release(&cal);
		return -1;
	}
	rc = case_set_payee_tx(c, &cs, person_id, bank, e) ||
	     benefits_set_bank_tx(c, who, cs.enrollment_id, bank, reason, e) ||
	     case_task_close_tx(c, &cs, PAYEE_TASK, e) ||
	     audit_append(c, who, AUDIT_WRITE, "case.payee", "case", cs.id, cs.division, reason,
			  NULL, e);
	/* A case held for its payee pays again, the held months included. */
	if (!rc && !strcmp(cs.state, "suspended")) {
		cs.version++; /* case_set_payee_tx bumped it */
		rc = case_transition_tx(c, who, p, &cal, &cs, "resume", reason, NULL, NULL, 0, e) ||
		     benefits_release_hold_tx(c, who, cs.enrollment_id, reason, e);
	}
	workcal_release(&cal);
	if (rc || store_commit(c, e)) {
		store_rollback(c);
		return -1;
	}
	return 0;
}
