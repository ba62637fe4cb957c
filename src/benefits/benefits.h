/* benefits.h - enrollments of any program, and the monthly payroll.
 *
 * An enrollment is what a decision opened: a program, a household (and the
 * person, for person-unit programs), a monthly amount in fen, the first
 * month paid and, once known, the last. The payroll writes one payment line
 * per enrollment per month; the unique key (enrollment_id, household_id,
 * month; the household is the enrollment's) makes a run idempotent:
 * running it twice, or again after a crash, adds nothing that is already
 * there (INSERT ... ON CONFLICT DO NOTHING, in chunks that each commit on
 * their own). Months missed while an enrollment waited (a
 * decision taken after that month's run) become back-pay lines of the next
 * run. A run is released only after approval by a district or city officer
 * other than the one who created it (four eyes); the bank file is written
 * from the approved run; the bank's answer is reconciled line by line;
 * failed lines are retried in the next run.
 *
 * Months are "YYYY-MM". Totals are integer fen summed by the database.
 * Every write is audited in its transaction. */
#ifndef MZ_BENEFITS_H
#define MZ_BENEFITS_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "store/store.h"

/* "YYYY-MM" of a day; out >= 8 bytes. */
void benefits_month_of(mz_day day, char out[8]);
/* 1 if s is a valid "YYYY-MM". */
int benefits_month_valid(const char *s);
/* s plus n months (n may be negative); out >= 8 bytes. */
void benefits_month_add(const char *s, int n, char out[8]);

typedef struct benefits_new {
	const char *program;
	int64_t case_id, household_id, person_id; /* person_id 0 = the household */
	const char *division_code;
	int64_t amount_fen;
	const char *start_month;   /* first month paid */
	const char *end_month;     /* NULL = open; one-off programs: = start_month */
	int review_months;         /* periodic review interval */
	const char *bank_account;
} benefits_new;

/* Opens an enrollment inside the caller's transaction. */
int benefits_enroll_tx(store_conn *c, const access_ctx *who, const benefits_new *in,
		       int64_t *id_out, mz_err *e);
/* A new amount from from_month on (payments already written keep theirs). */
int benefits_set_amount_tx(store_conn *c, const access_ctx *who, int64_t id,
			   int64_t amount_fen, const char *reason, mz_err *e);
/* Ends an enrollment: last_month is the last month payable. Pending lines
 * of later months are cancelled; lines already sent or paid for later
 * months are flagged as overpayments. */
int benefits_end_tx(store_conn *c, const access_ctx *who, int64_t id, const char *last_month,
		    const char *reason, mz_err *e);
/* 渐退期: keeps paying until until_month, then ends (低保 Art. 33). */
int benefits_phase_out_tx(store_conn *c, const access_ctx *who, int64_t id,
			  const char *until_month, const char *reason, mz_err *e);
int benefits_suspend_tx(store_conn *c, const access_ctx *who, int64_t id, int suspend,
			const char *reason, mz_err *e);
/* Ends a hold (an enrollment suspended while its payee is replaced): active
 * again, and the months held are still owed (paid as back pay). */
int benefits_release_hold_tx(store_conn *c, const access_ctx *who, int64_t id,
			     const char *reason, mz_err *e);
/* The account payments go to (the payee changed). */
int benefits_set_bank_tx(store_conn *c, const access_ctx *who, int64_t id, const char *bank,
			 const char *reason, mz_err *e);
/* Schedules the next periodic review (day) of an enrollment. */
int benefits_schedule_review_tx(store_conn *c, int64_t id, mz_day next, mz_err *e);

json_t *benefits_enrollment_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
typedef struct benefits_query {
	const char *program, *status, *division;
	int review_due;        /* next_review_on <= today */
	int64_t person_id, household_id;
	/* "field" or "-field": id, program, status, division_code, amount_fen,
	 * start_month, next_review_on; NULL or "": by id. Another is MZ_EINVAL
	 * on "sort". */
	const char *sort;
	int64_t page, page_size;
} benefits_query;
json_t *benefits_enrollment_list(store_conn *c, const access_ctx *who,
				 const benefits_query *q, mz_err *e);

/* ---- deaths ---- */
/* A death recorded in the registry: every enrollment of that person ends
 * with the month of death (nothing is paid from the following month); a
 * household enrollment whose other members live on gets a review within 3
 * months (低保 dynamic management) instead. Returns the number of
 * enrollments ended in *ended (may be NULL). Runs in its own transaction. */
int benefits_on_death(store_conn *c, const access_ctx *who, int64_t person_id,
		      int *ended, mz_err *e);
/* The same inside the caller's open transaction, for a death on death_date
 * (the person.died subscriber of assistance; *ended is added to). */
int benefits_on_death_tx(store_conn *c, const access_ctx *who, int64_t person_id,
			 const char *death_date, int *ended, mz_err *e);
/* The same for every recorded death not yet applied (run before each
 * payroll run, so a missed hook can never pay a dead person). */
int benefits_deaths_sweep(store_conn *c, const access_ctx *who, int *ended, mz_err *e);

/* ---- payroll ---- */
typedef struct payroll_progress {
	void (*fn)(void *arg, int64_t done, int64_t total);
	void *arg;
} payroll_progress;

/* Creates (or continues) the run of month for scope_code (440100 or a
 * district code within who's scope) and writes every missing line. Lines
 * are only added while the run is a draft. Returns the run as JSON. */
json_t *benefits_payroll_run(store_conn *c, const access_ctx *who, const char *month,
			     const char *scope_code, const payroll_progress *prog, mz_err *e);
/* Four eyes: approver must differ from the creator. */
json_t *benefits_payroll_approve(store_conn *c, const access_ctx *who, int64_t run_id,
				 mz_err *e);
/* The bank file of an approved run (CSV, UTF-8): marks the run released
 * and its pending lines sent. *csv is malloc'd. */
int benefits_payroll_bank_file(store_conn *c, const access_ctx *who, int64_t run_id,
			       char **csv, size_t *len, mz_err *e);
/* The bank's answer: CSV "payment_id,status,bank_ref,reason" with status
 * paid or failed; every bad row is reported (row by row) and nothing is
 * applied if any row is bad. A line the bank returns (sent -> failed) is
 * published as EVENT_PAYMENT_RETURNED (events/events.h). */
json_t *benefits_payroll_reconcile(store_conn *c, const access_ctx *who, int64_t run_id,
				   const char *csv, size_t len, mz_err *e);
/* 0 when the run exists and who may see it; else -1 with MZ_ENOTFOUND. */
int benefits_payroll_run_check(store_conn *c, const access_ctx *who, int64_t run_id, mz_err *e);
json_t *benefits_payroll_get(store_conn *c, const access_ctx *who, int64_t run_id, mz_err *e);
/* Runs who may see (the city's and those within their scope), paginated,
 * with the total; sort NULL/"" newest month first, or "[-]id|month|
 * scope_code|status|line_count|total_fen" (store/order.h). */
json_t *benefits_payroll_list(store_conn *c, const access_ctx *who, const char *sort,
			      int64_t page, int64_t page_size, mz_err *e);
/* Lines of a run within scope, paginated, with the total; status filter
 * optional; sort NULL/"" by id, or "[-]id|month|division_code|amount_fen|
 * status|attempts" (store/order.h). */
json_t *benefits_payroll_lines(store_conn *c, const access_ctx *who, int64_t run_id,
			       const char *status, const char *sort, int64_t page, int64_t page_size,
			       mz_err *e);
/* Totals per district and program for a month (all runs), exact to the fen. */
json_t *benefits_totals(store_conn *c, const access_ctx *who, const char *month, mz_err *e);

#endif
