/* programs.c - the social-assistance programs' processes, as data.
 *
 * Each table row is one allowed transition: action, from, to, who, what it
 * requires, and the article it implements. cases/ enforces the table; no
 * code path moves a case otherwise. Deadlines (working days) and the review
 * intervals are here too, each with its source. */
#include <string.h>

#include "domains/assistance/assistance.h"

#define ST ROLE_STREET_CASEWORKER
#define DI ROLE_DISTRICT_OFFICER
#define CA ROLE_CITY_ADMIN
#define CW ROLE_COMMUNITY_WORKER
#define OFFICE (ST | DI | CA)

#define DIBAO_BASIS "《最低生活保障审核确认办法》"

/* The common head of every procedure: acceptance, verification (核对),
 * home investigation. */
#define STEPS_INTAKE(B)                                                                   \
	{ "start_verification", "accepted", "verifying", OFFICE, 0, "发起家庭经济状况核对",    \
	  B "第十七条" },                                                                  \
	{ "start_investigation", "verifying", "investigating", OFFICE | CW, 0, "开始入户调查", \
	  B "第十五条" },                                                                  \
	{ "submit_investigation", "investigating", "reviewing", OFFICE | CW,                 \
	  CASE_F_INVESTIGATORS | CASE_F_NOTE, "提交入户调查结果（调查人员不少于2人）",       \
	  B "第十六条" },                                                                  \
	{ "withdraw", "accepted", "withdrawn", OFFICE, CASE_F_NOTE | CASE_F_CLOSES, "申请人撤回申请", "" }, \
	{ "withdraw", "verifying", "withdrawn", OFFICE, CASE_F_NOTE | CASE_F_CLOSES, "申请人撤回申请", "" }, \
	{ "withdraw", "investigating", "withdrawn", OFFICE, CASE_F_NOTE | CASE_F_CLOSES, "申请人撤回申请", "" }

/* Decision with the public notice (dibao, tekun). */
#define STEPS_NOTICE(B)                                                                   \
	{ "post_notice", "reviewing", "notice", OFFICE, CASE_F_NEEDS_EVAL | CASE_F_ELIGIBLE,   \
	  "张榜公示（7天）", B "第十九条" },                                                \
	{ "reinvestigate", "notice", "investigating", OFFICE, CASE_F_NOTE,                  \
	  "异议成立，重新调查", B "第十九条" },                                             \
	{ "approve", "notice", "paying", OFFICE,                                            \
	  CASE_F_NEEDS_EVAL | CASE_F_ELIGIBLE | CASE_F_DECISION | CASE_F_APPROVE |           \
		  CASE_F_AFTER_NOTICE,                                                      \
	  "审核确认：批准并纳入保障", B "第二十条、第二十一条" },                           \
	{ "refuse", "reviewing", "refused", OFFICE, CASE_F_NOTE | CASE_F_DECISION | CASE_F_REFUSE, \
	  "不予批准（说明理由）", B "第二十一条" },                                         \
	{ "refuse", "notice", "refused", OFFICE, CASE_F_NOTE | CASE_F_DECISION | CASE_F_REFUSE, \
	  "不予批准（说明理由）", B "第二十一条" }

/* Decision without public notice: children's allowances (privacy). */
#define STEPS_NO_NOTICE(B)                                                                \
	{ "approve", "reviewing", "paying", OFFICE,                                         \
	  CASE_F_NEEDS_EVAL | CASE_F_ELIGIBLE | CASE_F_DECISION | CASE_F_APPROVE,            \
	  "审核确认：批准（不公示）", B },                                                  \
	{ "refuse", "reviewing", "refused", OFFICE, CASE_F_NOTE | CASE_F_DECISION | CASE_F_REFUSE, \
	  "不予批准（说明理由）", B }

/* Payment, dynamic management and exit. */
#define STEPS_MANAGE(B)                                                                   \
	{ "notify_refusal", "refused", "refused", OFFICE, CASE_F_NOTIFIED,                  \
	  "书面告知不予批准理由", B "第二十一条" },                                         \
	{ "start_review", "paying", "periodic_review", OFFICE | CW, 0, "启动复核",          \
	  B "第三十一条" },                                                                 \
	{ "continue", "periodic_review", "paying", OFFICE, CASE_F_NEEDS_EVAL | CASE_F_ELIGIBLE, \
	  "复核：继续保障（按新认定金额）", B "第三十一条" },                               \
	{ "phase_out", "periodic_review", "paying", OFFICE, CASE_F_NOTE,                    \
	  "复核：因就业收入超标进入渐退期（不超过6个月）", B "第三十三条" },                \
	{ "terminate", "periodic_review", "ended", OFFICE, CASE_F_NOTE | CASE_F_CLOSES,     \
	  "终止保障（次月起停发）", B "第三十三条" },                                       \
	{ "terminate", "paying", "ended", OFFICE, CASE_F_NOTE | CASE_F_CLOSES,              \
	  "终止保障（次月起停发）", B "第三十三条" },                                       \
	{ "suspend", "paying", "suspended", OFFICE, CASE_F_NOTE, "暂停发放", "" },           \
	{ "resume", "suspended", "paying", OFFICE, CASE_F_NOTE, "恢复发放", "" },             \
	{ "terminate", "suspended", "ended", OFFICE, CASE_F_NOTE | CASE_F_CLOSES,           \
	  "终止保障", B "第三十三条" }

static const case_step dibao_steps[] = {
	STEPS_INTAKE(DIBAO_BASIS), STEPS_NOTICE(DIBAO_BASIS), STEPS_MANAGE(DIBAO_BASIS),
};

#define TEKUN_BASIS "《特困人员认定办法》"
static const case_step tekun_steps[] = {
	STEPS_INTAKE(TEKUN_BASIS), STEPS_NOTICE(TEKUN_BASIS), STEPS_MANAGE(TEKUN_BASIS),
};

/* 低保边缘家庭: recognised by the same procedure as dibao (the household,
 * verification, investigation, public notice), a status without a monthly
 * payment: it opens medical, education, housing and temporary assistance.
 * No gradual exit (there is no payment to phase out). */
#define NEAR_BASIS "《最低生活保障审核确认办法》（参照）、广州市低保边缘家庭认定"
static const case_step near_steps[] = {
	STEPS_INTAKE(NEAR_BASIS), STEPS_NOTICE(NEAR_BASIS),
	{ "notify_refusal", "refused", "refused", OFFICE, CASE_F_NOTIFIED, "书面告知不予认定理由",
	  NEAR_BASIS },
	{ "start_review", "paying", "periodic_review", OFFICE | CW, 0, "启动复核", NEAR_BASIS },
	{ "continue", "periodic_review", "paying", OFFICE, CASE_F_NEEDS_EVAL | CASE_F_ELIGIBLE,
	  "复核：继续认定", NEAR_BASIS },
	{ "terminate", "periodic_review", "ended", OFFICE, CASE_F_NOTE | CASE_F_CLOSES,
	  "终止认定", NEAR_BASIS },
	{ "terminate", "paying", "ended", OFFICE, CASE_F_NOTE | CASE_F_CLOSES, "终止认定",
	  NEAR_BASIS },
};

#define CHILD_BASIS "《关于进一步加强事实无人抚养儿童保障工作的意见》：不公示，保护隐私"
static const case_step child_steps[] = {
	STEPS_INTAKE(""), STEPS_NO_NOTICE(CHILD_BASIS), STEPS_MANAGE(""),
};

#define DISABILITY_BASIS "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》"
static const case_step disability_steps[] = {
	STEPS_INTAKE(""), STEPS_NO_NOTICE(DISABILITY_BASIS), STEPS_MANAGE(""),
};

/* 临时救助: 急难型 pays first and completes the checks and the notice
 * afterwards (先行救助, 《社会救助暂行办法》第五十条 and 民发〔2018〕23号);
 * 支出型 follows the full procedure. A single payment. */
#define TEMP_BASIS "《社会救助暂行办法》第四十七条至第五十条"
static const case_step temp_steps[] = {
	{ "pay_first", "accepted", "aid_paid", OFFICE, CASE_F_NOTE | CASE_F_EMERGENCY |
		CASE_F_NEEDS_EVAL, "急难型：先行救助发放", TEMP_BASIS },
	{ "start_verification", "aid_paid", "verifying", OFFICE, 0, "补充核对", TEMP_BASIS },
	STEPS_INTAKE(TEMP_BASIS),
	{ "post_notice", "reviewing", "notice", OFFICE, CASE_F_NEEDS_EVAL | CASE_F_ELIGIBLE,
	  "张榜公示（7天）", TEMP_BASIS },
	{ "approve", "notice", "paying", OFFICE,
	  CASE_F_NEEDS_EVAL | CASE_F_ELIGIBLE | CASE_F_DECISION | CASE_F_APPROVE |
		  CASE_F_AFTER_NOTICE, "审核确认：批准（一次性发放）", TEMP_BASIS },
	{ "refuse", "reviewing", "refused", OFFICE, CASE_F_NOTE | CASE_F_DECISION | CASE_F_REFUSE,
	  "不予批准（说明理由）", TEMP_BASIS },
	{ "refuse", "notice", "refused", OFFICE, CASE_F_NOTE | CASE_F_DECISION | CASE_F_REFUSE,
	  "不予批准（说明理由）", TEMP_BASIS },
	{ "notify_refusal", "refused", "refused", OFFICE, CASE_F_NOTIFIED, "书面告知不予批准理由", TEMP_BASIS },
	{ "terminate", "paying", "ended", OFFICE, CASE_F_NOTE | CASE_F_CLOSES, "救助完毕，结案", TEMP_BASIS },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Deadlines in working days:
 *  dibao: investigation within 3 (Art. 15), decision within 30, 20 where
 *    delegated to the street (2022 notice), refusal reasons within 3
 *    (Art. 21); review yearly, or six-monthly for irregular income (Art. 31);
 *    渐退期 at most 6 months (Art. 33).
 *  tekun: investigation within 15 and county decision within 15 (认定办法
 *    Art. 13-16); reviewed yearly.
 *  children: 15 + 15 working days, no public notice.
 * The temporary-aid ceiling a street may approve is not here: it is the
 * dated parameter street_ceiling of policies/guangzhou/temp_aid.rules. */
static const case_program programs[] = {
	{ "dibao", "最低生活保障", "dibao", 0, dibao_steps, N(dibao_steps),
	  3, 30, 20, 3, 7, 12, 6, 6, 0, 0 },
	{ "near_dibao", "低保边缘家庭", "near_dibao", 0, near_steps, N(near_steps),
	  3, 30, 20, 3, 7, 12, 6, 0, 0, 0 },
	{ "tekun", "特困人员救助供养", "tekun", 1, tekun_steps, N(tekun_steps),
	  3, 30, 30, 3, 7, 12, 12, 0, 0, 0 },
	{ "orphan", "孤儿基本生活保障", "orphan", 1, child_steps, N(child_steps),
	  3, 30, 30, 3, 0, 12, 12, 0, 0, 0 },
	{ "unattended_child", "事实无人抚养儿童基本生活保障", "unattended_child", 1, child_steps,
	  N(child_steps), 3, 30, 30, 3, 0, 12, 12, 0, 0, 0 },
	{ "disability_living", "困难残疾人生活补贴", "disability_living", 1, disability_steps,
	  N(disability_steps), 3, 30, 20, 3, 0, 12, 12, 0, 0, 0 },
	{ "disability_care", "重度残疾人护理补贴", "disability_care", 1, disability_steps,
	  N(disability_steps), 3, 30, 20, 3, 0, 12, 12, 0, 0, 0 },
	{ "temp_aid", "临时救助", NULL, 0, temp_steps, N(temp_steps),
	  3, 30, 20, 3, 7, 0, 0, 0, 1, 0 },
};

const case_program *assist_program_find(const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < N(programs); i++)
		if (!strcmp(programs[i].code, code))
			return &programs[i];
	return NULL;
}

json_t *assist_programs_json(void)
{
	json_t *items = json_array();

	for (size_t i = 0; i < N(programs); i++) {
		const case_program *p = &programs[i];
		json_t *steps = json_array();

		for (size_t k = 0; k < p->nsteps; k++)
			json_array_append_new(steps, json_pack("{s:s,s:s,s:s,s:s,s:s}",
				"action", p->steps[k].action, "from", p->steps[k].from,
				"to", p->steps[k].to, "label", p->steps[k].label_zh,
				"basis", p->steps[k].basis));
		json_array_append_new(items, json_pack(
			"{s:s,s:s,s:s?,s:b,s:i,s:i,s:i,s:i,s:i,s:b,s:o}",
			"code", p->code, "name", p->name_zh, "policy", p->policy_code,
			"unit_person", p->unit_person, "investigation_start_wd",
			p->investigation_start_wd, "decision_wd", p->decision_wd,
			"decision_wd_delegated", p->decision_wd_delegated, "notice_days",
			p->notice_days, "phase_out_max_months", p->phase_out_max_months,
			"one_off", p->one_off, "steps", steps));
	}
	return json_pack("{s:o}", "items", items);
}
