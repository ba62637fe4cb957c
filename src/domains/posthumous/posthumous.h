/* posthumous.h - deaths, the one-stop posthumous service (身后事一站式联办)
 * and funerals.
 *
 * A death is registered from a hospital or police notice or a family's
 * report. The registration opens one posthumous case per deceased person
 * (the same death reported twice is one case, the second report is kept on
 * it) and records the death in the registry through
 * registry_person_record_death_tx, in the same transaction, which publishes
 * person.died once. Then:
 *  - inside minzheng each subscriber of person.died acts on its own
 *    (assistance ends enrollments and re-evaluates the household, eldercare
 *    cancels the canteen card and 平安通); the case shows, per matter, that
 *    subscriber's delivery from the outbox (events_subject_latest), so a
 *    matter nobody acted on stays visibly undone - unlike Tell Us Once,
 *    nothing fires and forgets;
 *  - outside, one task per department's matter (ph_matters, dated
 *    configuration) with a deadline from the death date, done with a
 *    receipt reference; the job posthumous.flag_overdue flags the late ones.
 * A death recorded elsewhere (the registry's PATCH) opens its case through
 * the subscriber posthumous.open_case. Funerals: funeral homes, cremation,
 * the basic-service fee waiver and the eco-burial choice and subsidy, both
 * from dated parameters (ph_params).
 *
 * Contract (docs/adding-a-domain.md):
 *  - tables: ph_params, ph_matters, ph_cases, ph_reports, ph_tasks,
 *    ph_funeral_homes, ph_funerals, ph_home_users; schema range 1240-1299.
 *  - events: consumes person.died (posthumous.open_case); publishes none of
 *    its own (person.died is the registry's).
 *  - jobs: posthumous.flag_overdue (daily 06:10).
 *  - scope: every row carries the deceased's community; staff see the cases
 *    whose division is in their scope, a record outside it is not found.
 *    Reads of personal data are audited; writes audited in their
 *    transaction. */
#ifndef MZ_POSTHUMOUS_H
#define MZ_POSTHUMOUS_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "base/err.h"
#include "store/store.h"

#define PH_PAGE_MAX 200

/* A report of a death. Strings borrowed; NULL is empty. */
typedef struct ph_death_report {
	const char *id_number;       /* the deceased (GB 11643), in the caller's scope */
	const char *death_date;      /* YYYY-MM-DD, not in the future */
	const char *cause_category;  /* disease, natural, accident, other, unknown */
	const char *place_kind;      /* hospital, home, elsewhere */
	const char *place;
	const char *source;          /* hospital, police, family */
	const char *reporter_name;
	const char *reporter_id_number; /* the family's agent: the key to the progress page */
	const char *reporter_relation;
	const char *reporter_phone;
	const char *documents;       /* comma list: death_certificate, police_notice, id_card, hukou_book */
} ph_death_report;

typedef struct ph_death_result {
	int64_t case_id;
	int64_t person_id;
	int case_opened;    /* 1: this report opened the case; 0: it joined the existing one */
	int death_recorded; /* 1: the registry recorded (or corrected) the death */
} ph_death_result;

/* Registers a death (see the top of this file). MZ_ENOTFOUND (id_number)
 * for a person outside who's scope; MZ_EINVAL naming the field. */
int ph_death_register(store_conn *c, const access_ctx *who, const ph_death_report *in,
		      ph_death_result *out, mz_err *e);

/* Opens the case of person_id if it has none, inside the caller's write
 * transaction: the case and one task per external matter in force on the
 * death date (due death date + the matter's days). A case that exists gets
 * its death date corrected (and the due dates of its open tasks). *case_id
 * receives the case; *opened 1 if it was opened now. */
int ph_case_open_tx(store_conn *c, const access_ctx *who, int64_t person_id,
		    const char *division, const char *death_date, const char *cause,
		    const char *place_kind, const char *place, int64_t event_id,
		    int64_t *case_id, int *opened, mz_err *e);

/* Cases in scope, newest deaths first; status "" (all), "open" (some matter
 * not done) or "overdue" (some task late). {items, total, page, page_size};
 * audited (posthumous.case.list). sort NULL/"" as above, or "[-]id|death_date|
 * open_tasks|overdue_tasks" (store/order.h). */
json_t *ph_case_list(store_conn *c, const access_ctx *who, const char *status,
		     const char *division, const char *sort, int64_t page, int64_t size, mz_err *e);
/* One case: the deceased (masked), its reports (agents masked), the
 * internal matters with their subscriber's delivery, the external tasks
 * with deadline, receipt and overdue flag, the funeral, and the progress
 * {done, total}. Audited (posthumous.case.read). */
json_t *ph_case_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
/* What the family may see: the matters and their state, no amounts, no
 * names of others, when agent_id_number reported this death. Both numbers
 * are checked, and case_no (the case number given at registration) when
 * > 0: that is the family's own public page, which then shows only the
 * matters, departments, states, deadlines and receipt references (no name,
 * no date). A mismatch is MZ_ENOTFOUND whichever was wrong. Audited with
 * the agent's masked number and who's address (posthumous.progress.read,
 * a miss posthumous.progress.miss). */
json_t *ph_progress_get(store_conn *c, const access_ctx *who, const char *deceased_id_number,
			const char *agent_id_number, int64_t case_no, mz_err *e);

/* Records that an external task was done: receipt reference (the other
 * department's document number) and the day. MZ_ESTATE if done already. */
int ph_task_receipt(store_conn *c, const access_ctx *who, int64_t task_id,
		    const char *receipt_ref, const char *done_on, mz_err *e);
/* Flags every open task due before today that is not flagged yet (the
 * job); *flagged gets how many. Audited per task. */
int ph_tasks_flag_overdue(store_conn *c, const access_ctx *who, mz_day today, int64_t *flagged,
			  mz_err *e);

/* The configured matters in force on a day (all when day is invalid). */
json_t *ph_matters_list(store_conn *c, mz_day day, mz_err *e);

/* ---- parameters (params.c) ---- */
/* The value of name in force on day; MZ_EINTERNAL if none. */
int ph_param(store_conn *c, const char *name, mz_day day, int64_t *out, mz_err *e);
/* Every parameter with its dated values. */
json_t *ph_params_list(store_conn *c, mz_err *e);

/* ---- funerals (funerals.c) ---- */
typedef struct ph_funeral_in {
	int64_t home_id;
	const char *cremated_on;
	const char *cremation_no;
	int64_t basic_fee_fen;
	const char *burial_kind; /* niche, sea, lawn, tree, flower_bed, wall, grave */
} ph_funeral_in;

int ph_home_create(store_conn *c, const access_ctx *who, const char *name, const char *division,
		   const char *address, const char *phone, int64_t *id, mz_err *e);
json_t *ph_homes_list(store_conn *c, mz_err *e);
/* Records the funeral of a case: the waiver (the basic fee, up to the cap
 * in force) and the eco-burial subsidy of the kind chosen. One funeral per
 * case (MZ_ECONFLICT). Returns the new row as JSON. */
json_t *ph_funeral_record(store_conn *c, const access_ctx *who, int64_t case_id,
			  const ph_funeral_in *in, mz_err *e);
/* The eco-burial rate per district over the cremations of a year: {year,
 * districts:[{code, name, funerals, eco, rate}], city:{...}}. Counts only. */
json_t *ph_eco_rate(store_conn *c, const access_ctx *who, int year, mz_err *e);

/* ---- a funeral home's staff (home_staff.c) ---- */
/* The funeral home of a service_provider login (MZ_EFORBIDDEN for another
 * role or an unlinked login). */
int ph_home_of(store_conn *c, const access_ctx *who, int64_t *home_id, mz_err *e);
/* Links a service_provider login (visible to who) to a funeral home in
 * who's scope; a login belongs to one home. Audited with the reason. */
int ph_home_link_user(store_conn *c, const access_ctx *who, int64_t home_id, const char *login,
		      const char *reason, mz_err *e);
/* A home's staff records a cremation of its own home (in->home_id 0 or
 * its own: another home is MZ_EFORBIDDEN) for the registered death of
 * deceased_id_number, found city-wide; the waiver and subsidy as
 * ph_funeral_record. Returns the funeral as JSON. */
json_t *ph_cremation_record(store_conn *c, const access_ctx *who, const char *deceased_id_number,
			    const ph_funeral_in *in, mz_err *e);
/* The cremations of who's own home, newest first, the deceased named with
 * a masked number; empty for a login of no home. Audited. sort: "field" or
 * "-field" (cremated_on, id, cremation_no, basic_fee_fen, burial_kind);
 * NULL or "": newest first. Another is MZ_EINVAL on "sort". */
json_t *ph_home_cremations(store_conn *c, const access_ctx *who, const char *sort, int64_t page,
			   int64_t size, mz_err *e);

/* ---- demo (demo.c) ---- */
int ph_demo_generate(store_conn *c, int64_t persons, char *summary, size_t cap, mz_err *e);

#endif
