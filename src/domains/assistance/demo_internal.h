/* demo_internal.h - what the assistance demo's files share (demo.c, the
 * year of casework; demo_payroll.c, the monthly payroll and screening). */
#ifndef MZ_ASSIST_DEMO_INTERNAL_H
#define MZ_ASSIST_DEMO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "policy/policy.h"
#include "store/store.h"

/* The step a demo case stops after. */
enum { AD_ACCEPTED, AD_VERIFYING, AD_INVESTIGATING, AD_REVIEWING, AD_EVALUATED, AD_DECIDED,
       AD_NOTICE, AD_REFUSED };

/* A list of ids (households or cases), taken from `next` on. */
typedef struct ad_pool {
	int64_t *ids;
	size_t n, cap, next;
} ad_pool;

void ad_pool_release(ad_pool *p);

typedef struct ad_run {
	store_conn *c;
	const policy_set *set;
	access_ctx sys;      /* the street's work, as the demo */
	access_ctx finance;  /* the second pair of eyes on the payroll */
	mz_day as_of;
	ad_pool paying_ids, eligible, ineligible;
	int64_t ended_case;
	int64_t opened, approved, refused, reviewed, ended, phased, objections, integrity;
	int64_t runs, payments, failed;
} ad_run;

/* The whole-city screening on today's date (政策找人). */
int ad_screen(ad_run *r, mz_err *e);

/* The payroll of day's month: run, approved by the second person, bank
 * file released, the bank's answer reconciled with one line in 300 failed
 * (a closed account); the gradual exits that ran out closed first. */
int ad_payroll_month(ad_run *r, mz_day day, mz_err *e);

#endif
