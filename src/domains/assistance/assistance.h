/* assistance.h - social assistance (社会救助): dibao, tekun, temporary aid,
 * disability subsidies, children's allowances, from intake to exit.
 *
 * The process of every program is declared as data (programs.c) and run by
 * the shared case machine (cases/); eligibility and amounts come only from
 * the rules (policy/), evaluated on the household as the registry and the
 * agencies' evidence describe it, and the trace is kept with the decision;
 * an approval opens an enrollment (benefits/) paid from the month after.
 * Every call takes the caller and the policy set in force.
 *
 * Contract (docs/adding-a-domain.md):
 *  - tables: owns none of its own; a case, its enrollment and its
 *    verification live in the shared mechanisms' tables (cases/, benefits/,
 *    evidence/) and are written only through their functions.
 *  - schema range: 1000-1099 (none used yet).
 *  - routes: routes.c (assistance_routes); CLI: cmd_assistance.c,
 *    cmd_payroll.c, cmd_evidence.c.
 *  - offers: intake, evaluation, decisions, notices, re-verification and
 *    gradual-exit closing (below); nothing else calls them but its fronts
 *    and its jobs. */
#ifndef MZ_ASSISTANCE_H
#define MZ_ASSISTANCE_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/buf.h"
#include "cases/cases.h"
#include "policy/policy.h"
#include "store/store.h"

const case_program *assist_program_find(const char *code);
json_t *assist_programs_json(void);

/* 一门受理 / 全城通办: any street accepts; the applicant is identified by
 * citizen ID number; the case goes to the street of the household's
 * address. Input: {program, variant?, applicant_id_number,
 * beneficiary_id_number?, members?:[{person_id, relation, attrs}],
 * bank_account, apply_alone?, delegated?, note?, declared_conflict?}. */
int assist_intake(store_conn *c, const access_ctx *who, json_t *in, int64_t *case_id,
		  mz_err *e);

/* The household as the rules read it (docs/policy.md), built from the
 * registry, the case's members and the agencies' evidence. */
json_t *assist_household_input(store_conn *c, const case_row *cs, const policy_set *set,
			       mz_day date, mz_err *e);

/* Evaluates the case against the rules today and stores the decision and
 * its trace. Temporary aid (no rules program) takes in.amount (yuan) and
 * in.reason. Returns the case. */
json_t *assist_evaluate(store_conn *c, const access_ctx *who, const policy_set *set,
			int64_t id, json_t *in, mz_err *e);

/* An audited, justified amount override (district officer or city admin). */
json_t *assist_override(store_conn *c, const access_ctx *who, int64_t id, json_t *in,
			mz_err *e);

/* Takes an action on a case ({action, note, detail, attachments, version})
 * with its effects: approval opens the enrollment, review changes or ends
 * it, and so on. Returns the case. */
json_t *assist_act(store_conn *c, const access_ctx *who, int64_t id, json_t *in, mz_err *e);

/* 核对: the verification report of the case's members against the
 * agencies' evidence (stored); and the latest one. */
json_t *assist_verify(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
json_t *assist_verification_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);

json_t *assist_case_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);

/* Objections during the public notice (第十九条). */
json_t *assist_objection_add(store_conn *c, const access_ctx *who, int64_t id, json_t *in,
			     mz_err *e);
json_t *assist_objection_handle(store_conn *c, const access_ctx *who, int64_t id,
				int64_t objection_id, json_t *in, mz_err *e);

/* The public notice of a community (or street): names partly masked, ID
 * numbers masked, household size, amount, notice and objection period. */
json_t *assist_notice_list(store_conn *c, const access_ctx *who, const char *division,
			   mz_err *e);
/* The same as an XLSX workbook (malloc'd). */
int assist_notice_xlsx(store_conn *c, const access_ctx *who, const char *division,
		       char **out, size_t *len, mz_err *e);

/* 近亲属备案: a relative of staff or of a committee member. */
int assist_staff_kin_add(store_conn *c, const access_ctx *who, json_t *in, int64_t *id,
			 mz_err *e);

typedef struct assist_progress {
	void (*fn)(void *arg, int64_t done, int64_t total);
	void *arg;
} assist_progress;

typedef struct assist_reverify_result {
	int64_t households;         /* reports written */
	int64_t discrepancies;      /* lines where an agency reports more than declared */
	int64_t with_discrepancies; /* households with at least one */
	int64_t tasks_opened;       /* 核对差异复核 tasks opened on their cases */
} assist_reverify_result;

/* Batch re-verification of every enrolled household (cases 发放中, 暂停,
 * 复核) in district (NULL: the caller's scope) against the agencies' data as
 * of a day: one stored report and audit entry per household, a task on each
 * case with a discrepancy. Chunks of cases, one transaction each. */
int assist_reverify(store_conn *c, const access_ctx *who, const char *district, mz_day as_of,
		    const assist_progress *prog, assist_reverify_result *r, mz_err *e);

/* Ends the cases whose gradual exit (渐退期) ran out before month
 * ("YYYY-MM"): terminated through the case machine, enrollment ended with
 * its exit month. *closed: how many. */
int assist_close_phase_outs(store_conn *c, const access_ctx *who, const char *month, int *closed,
			    mz_err *e);

/* Masks a name for public lists: "张三" -> "张*", "张小三" -> "张*三". */
void assist_name_mask(const char *name, char *out, size_t cap);

/* ---- demo city (demo.c) ---- */

/* A year of dibao casework up to today (the demo's as-of date) at the city's
 * proportion, replayed by the real functions with the clock moved: the
 * stock applied for and approved a year ago, monthly applications,
 * refusals, reviews, exits and payroll runs, then cases stopped at every
 * step in the last weeks (demo.c). set NULL: nothing is made. A one-line
 * summary goes to summary; the clock is left at the as-of date. */
int assist_demo_generate(store_conn *c, const policy_set *set, int64_t persons, char *summary,
			 size_t cap, mz_err *e);

/* ---- deaths (deaths.c) ---- */

/* A death, inside the subscriber's transaction: a person program whose
 * beneficiary died is terminated; a household program whose applicant (the
 * payee) died while others live is held (suspended) with a task to name a
 * new payee. */
int assist_on_death_tx(store_conn *c, const access_ctx *who, int64_t person_id,
		       const char *death_date, mz_err *e);
/* Names a living member as the household case's payee with the account to
 * pay; a case held for its payee pays again, the held months included. */
int assist_set_payee(store_conn *c, const access_ctx *who, int64_t case_id, int64_t person_id,
		     const char *bank, const char *reason, mz_err *e);

/* ---- written decisions (documents.c) ---- */

/* The PDF of a case's written decision: kind "decision" (审核确认决定书),
 * "refusal" (不予批准通知书) or "termination" (终止救助通知书). Issued by the
 * responsible street, recorded in the document register with its number
 * (written to number) and audited; a second copy is a reprint. The bytes
 * are appended to out. MZ_ESTATE when the case has no such decision. */
int assist_document_pdf(store_conn *c, const access_ctx *who, int64_t case_id, const char *kind,
			mz_buf *out, char number[96], mz_err *e);

/* The case's forms (forms.c): kind "application" (申请审批表),
 * "investigation" (入户调查表, once the home visit is recorded) or
 * "authorization" (家庭经济状况核对授权书); numbered by the responsible
 * street, recorded and audited like the decisions. */
int assist_form_kind(const char *kind);
int assist_form_pdf(store_conn *c, const access_ctx *who, int64_t case_id, const char *kind,
		    mz_buf *out, char number[96], mz_err *e);

/* The public notice of a division as the posted paper (notice_pdf.c):
 * issued by the street, recorded and audited; count = cases listed.
 * MZ_ENOTFOUND when nothing is under notice there. */
int assist_notice_pdf(store_conn *c, const access_ctx *who, const char *division, mz_buf *out,
		      int *count, mz_err *e);

/* Every decision of kind ("decision" or "refusal") taken in month
 * "YYYY-MM" under division (a street, usually), as one PDF, each recorded.
 * count = how many documents it holds. */
int assist_documents_batch_pdf(store_conn *c, const access_ctx *who, const char *division,
			       const char *month, const char *kind, mz_buf *out, int *count,
			       mz_err *e);

#endif
