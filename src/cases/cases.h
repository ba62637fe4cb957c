/* cases.h - the one case state machine shared by every program.
 *
 * A program (assistance/programs.c) declares as data which states a case
 * passes through and which transitions exist: the action, from-state,
 * to-state, the roles that may take it, and what it requires (a note, two
 * investigators, a decision evaluated first, the public notice over). This
 * module enforces that declaration for every caller:
 *   - scope: the responsible street (the household's address) acts on a
 *     case; the street that accepted it (全城通办) may read it but not act;
 *     anyone else gets MZ_ENOTFOUND, exactly as for a case that does not
 *     exist;
 *   - role: a transition not declared for the caller's role is MZ_EFORBIDDEN;
 *   - state: a transition not declared from the current state is MZ_ESTATE;
 *   - conflict of interest (低保审核确认办法 第十一条): the decision on a
 *     flagged case is the district's, never the street's;
 *   - every transition is an event (who, when, role, note, detail,
 *     attachments) and an audit entry in the same transaction.
 * Legal deadlines are computed on the working-day calendar (workcal.h) and
 * kept as tasks; overdue means "today is after the due day and the task is
 * still open". */
#ifndef MZ_CASES_H
#define MZ_CASES_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "cases/workcal.h"
#include "store/store.h"

/* What a transition requires or does (case_step.flags). */
enum {
	CASE_F_NOTE = 1 << 0,         /* a note (reasons) is required */
	CASE_F_INVESTIGATORS = 1 << 1,/* detail.investigators: at least 2 names (Art. 16) */
	CASE_F_NEEDS_EVAL = 1 << 2,   /* the rules must have been evaluated */
	CASE_F_DECISION = 1 << 3,     /* approve or refuse: the district's if COI or not delegated */
	CASE_F_APPROVE = 1 << 4,      /* records decision = approved */
	CASE_F_REFUSE = 1 << 5,       /* records decision = refused, opens the reasons task */
	CASE_F_AFTER_NOTICE = 1 << 6, /* only when the notice period is over, no open objection */
	CASE_F_NOTIFIED = 1 << 7,     /* the written refusal reasons were delivered */
	CASE_F_CLOSES = 1 << 8,       /* closes every open task */
	CASE_F_ELIGIBLE = 1 << 9,     /* the evaluation must have found the case eligible */
	CASE_F_EMERGENCY = 1 << 10,   /* only for the variant "emergency" (先行救助) */
};

typedef struct case_step {
	const char *action;   /* "start_investigation" */
	const char *from;     /* state */
	const char *to;       /* state (may equal from: a recorded step) */
	unsigned roles;       /* access_role bits allowed */
	unsigned flags;       /* CASE_F_* */
	const char *label_zh; /* "开始入户调查" */
	const char *basis;    /* the article it implements, "" if none */
} case_step;

/* One program's process, declared as data. */
typedef struct case_program {
	const char *code;          /* "dibao" */
	const char *name_zh;
	const char *policy_code;   /* the rules program deciding it; NULL = amount entered */
	int unit_person;           /* 1: decided for one person (beneficiary) */
	const case_step *steps;
	size_t nsteps;
	int investigation_start_wd; /* investigation starts within N working days */
	int decision_wd;            /* decision within N working days of acceptance */
	int decision_wd_delegated;  /* ... when 审核确认 is delegated to the street */
	int refusal_notice_wd;      /* written reasons within N working days */
	int notice_days;            /* 公示 in calendar days; 0 = no public notice */
	int review_months_stable;   /* periodic review interval (Art. 31) */
	int review_months_irregular;
	int phase_out_max_months;   /* 渐退期 (Art. 33), 0 = none */
	int one_off;                /* a single payment (temporary aid) */
	int64_t max_amount_fen;     /* for entered amounts (policy_code NULL); 0 = none */
} case_program;

typedef const case_program *(*case_program_find_fn)(const char *code);

#define CASE_STATES(X)                                   \
	X("accepted", "已受理")                          \
	X("verifying", "家庭经济状况核对")              \
	X("investigating", "入户调查")                  \
	X("reviewing", "审核")                          \
	X("notice", "公示")                              \
	X("refused", "不予批准")                        \
	X("aid_paid", "先行救助已发放")                 \
	X("paying", "发放中")                            \
	X("suspended", "暂停发放")                      \
	X("periodic_review", "复核")                    \
	X("ended", "已终止")                            \
	X("withdrawn", "已撤回")

const char *case_state_label_zh(const char *state); /* "" if unknown */

/* A case as the state machine sees it. */
typedef struct case_row {
	int64_t id, household_id, applicant_id, beneficiary_id, enrollment_id, version;
	char program[32], variant[16], division[16], intake_street[16], state[24];
	mz_day accepted_on, investigation_due, decision_due, refusal_notice_due;
	mz_day notice_from, notice_until;
	int coi, delegated, has_eval, eval_eligible, apply_alone;
	int64_t amount_fen; /* -1 when not evaluated */
	char bank_account[64];
	int can_act;        /* the caller is the responsible street (or above) */
} case_row;

/* Loads a case the caller may see: the responsible scope (the household's
 * street and above). MZ_ENOTFOUND otherwise, the street that only accepted
 * it (全城通办) included. */
int case_load(store_conn *c, const access_ctx *who, int64_t id, case_row *out, mz_err *e);

/* The receipt of a case: what the accepting street keeps after hand-over
 * (the case number, program, state, where it went), and all it keeps: no
 * registry data of another scope, no amount, no trace. The responsible
 * scope may read it too. MZ_ENOTFOUND for anyone else. */
typedef struct case_receipt {
	int64_t id;
	char program[32], state[24];
	char intake_street[16];
	char responsible_street[16]; /* 9 digits */
	char accepted_on[11];
} case_receipt;
int case_receipt_get(store_conn *c, const access_ctx *who, int64_t id, case_receipt *out,
		     mz_err *e);
/* The receipt as the API shows it: {id, program, program_name, state,
 * state_label, intake_street, responsible_street, accepted_on, receipt: true}. */
json_t *case_receipt_json(const case_receipt *r, const char *program_name);

/* A new case, accepted now (受理). */
typedef struct case_new {
	const char *variant;       /* "" or "emergency" */
	int64_t household_id, applicant_id, beneficiary_id; /* beneficiary 0 = household */
	const char *division_code; /* the household's community */
	const char *intake_street; /* the accepting street (9 digits) */
	int delegated;
	int coi;
	const char *coi_detail;
	const char *bank_account;
	int apply_alone;
	const char *note;
	json_t *members;           /* [{person_id, relation, division_code, attrs}] */
} case_new;

/* Inserts the case, its members, the first event ("accept"), the deadlines
 * and tasks; inside the caller's transaction. */
int case_create_tx(store_conn *c, const access_ctx *who, const case_program *p,
		   const workcal *cal, const case_new *in, int64_t *id_out, mz_err *e);

/* The step of action from the case's state, or NULL. */
const case_step *case_step_find(const case_program *p, const char *action, const char *from);

/* Checks that the caller may take action on cs now (scope, role, state,
 * requirements), without changing anything. */
int case_check(const case_program *p, const access_ctx *who, const case_row *cs,
	       const char *action, const char *note, json_t *detail, int open_objections,
	       mz_day today, const case_step **step_out, mz_err *e);

/* Takes the transition inside the caller's transaction: state, deadlines,
 * tasks, the event with its attachments metadata ([{name, content_type,
 * size_bytes, sha256}]), the audit entry; bumps version (expected_version
 * > 0 must match). cs is updated. */
int case_transition_tx(store_conn *c, const access_ctx *who, const case_program *p,
		       const workcal *cal, case_row *cs, const char *action, const char *note,
		       json_t *detail, json_t *attachments, int64_t expected_version,
		       mz_err *e);

/* Opens a task (kind, due day, basis) on the case inside a transaction. */
int case_task_open_tx(store_conn *c, const case_row *cs, const char *kind, mz_day due,
		      const char *basis, mz_err *e);
/* Closes the open tasks of kind (NULL: all) on the case. Rows of a case are
 * read and written with its household too: the column they are distributed
 * by (schema/0004_cases.sql), which makes each a one-node statement. */
int case_task_close_tx(store_conn *c, const case_row *cs, const char *kind, mz_err *e);

/* The actions the caller may take now: [{action,label,to,needs_note}]. */
json_t *case_actions_json(const case_program *p, const access_ctx *who, const case_row *cs,
			  int open_objections, mz_day today);

/* The whole case for the case page: fields, members, timeline, attachments,
 * tasks with overdue flags, objections, allowed actions. Audited read. */
json_t *case_get_json(store_conn *c, const access_ctx *who, case_program_find_fn find,
		      int64_t id, mz_err *e);

typedef struct case_query {
	const char *program, *state, *division;
	int overdue_only;
	int open_only;   /* states before ended/refused/withdrawn */
	/* NULL: nearest open deadline first; else "id", "accepted_on",
	 * "next_due", "amount_fen", each with a leading '-' for descending. */
	const char *sort;
	int64_t page, page_size;
} case_query;

/* The queue: cases in scope (responsible or accepted by the caller's
 * street), ordered by the nearest open deadline; overdue flagged. */
json_t *case_list(store_conn *c, const access_ctx *who, const case_query *q, mz_err *e);

/* Ids of the cases in the caller's scope and under division (a street or
 * larger) whose decision ("approved", "refused") fell in month "YYYY-MM",
 * in id order (at most 2000). *ids is the caller's to free. */
int case_ids_decided(store_conn *c, const access_ctx *who, const char *division,
		     const char *month, const char *decision, int64_t **ids, size_t *n,
		     mz_err *e);

/* Ids of the paying (or suspended, or under review) cases whose applicant
 * or beneficiary is person_id, at most cap: what a death touches. */
int case_ids_of_person(store_conn *c, int64_t person_id, int64_t ids[], size_t cap, size_t *n,
		       mz_err *e);
/* Household ids with a case of program in progress (any state before ended,
 * refused or withdrawn), ascending, unscoped: whole-city screening does not
 * list such a household as "eligible, not enrolled" — its case is the work.
 * *ids is the caller's to free. */
int case_households_in_progress(store_conn *c, const char *program, int64_t **ids, size_t *n,
				mz_err *e);
/* Whether case id exists for household_id and program (any state), unscoped:
 * the check of a link from a worklist item to a case. 1 yes, 0 no, -1 error. */
int case_of_household(store_conn *c, int64_t id, int64_t household_id, const char *program,
		      mz_err *e);

/* The applicant who is paid and the account (a new payee after the
 * applicant's death); caller's transaction, bumps the version. */
int case_set_payee_tx(store_conn *c, const case_row *cs, int64_t person_id, const char *bank,
		      mz_err *e);

/* Attachment metadata added to a case (not a transition). */
int case_attachment_add(store_conn *c, const access_ctx *who, int64_t id, json_t *att,
			mz_err *e);

/* Open objections of a case (public notice). */
int case_open_objections(store_conn *c, const case_row *cs, int *n, mz_err *e);

/* Stores the rules' decision for the case: date, eligibility, amount, the
 * trace (JSON text); clears any override (caller's transaction). Both this
 * and the override write only if the case is still at `version` (the one
 * whose state the caller checked), else MZ_ECONFLICT on "version": the
 * check runs outside the transaction, and a decision taken meanwhile must
 * not get its amount changed under it. */
int case_set_evaluation_tx(store_conn *c, int64_t id, int64_t version, mz_day date,
			   int eligible, int64_t amount_fen, const char *trace, mz_err *e);
/* An audited, justified override of the amount (caller's transaction). */
int case_set_override_tx(store_conn *c, int64_t id, int64_t version, int64_t amount_fen,
			 const char *reason, const char *login, mz_err *e);
int case_set_enrollment_tx(store_conn *c, int64_t id, int64_t enrollment_id, mz_err *e);

/* Bumps the version and updated_at of a case row (caller's transaction),
 * after domain changes to its columns. */
int case_touch_tx(store_conn *c, int64_t id, mz_err *e);

/* What falls due on the cases (the bell's daily reminders, notices/), city
 * wide and unaudited: ids, codes and days, no personal data. "task": an
 * open deadline due on or before tasks_by (kind = the task's kind, due_on =
 * its due day, ref_id = the task); "notice": a case in its public notice
 * ending on or before notices_by (due_on = notice_until); "objection": an
 * objection not yet answered (ref_id = the objection, due_on = the day it
 * was received). Release with case_reminder_list_release. */
typedef struct case_reminder {
	char what[12];
	int64_t case_id, household_id, ref_id;
	char program[32], division[16], kind[32], due_on[11];
} case_reminder;
typedef struct case_reminder_list {
	case_reminder *items;
	size_t n, cap;
} case_reminder_list;
int case_reminders_due(store_conn *c, mz_day tasks_by, mz_day notices_by, case_reminder_list *out,
		       mz_err *e);
void case_reminder_list_release(case_reminder_list *l); /* NULL-safe */

#endif
