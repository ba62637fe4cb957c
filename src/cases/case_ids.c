/* case_ids.c - ids of cases chosen by their decision, for batch work such
 * as printing a month's decisions of a street. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "cases/cases.h"

#define CASE_IDS_MAX 2000 /* a street decides far fewer in a month */

int case_ids_decided(store_conn *c, const access_ctx *who, const char *division,
		     const char *month, const char *decision, int64_t **ids, size_t *n,
		     mz_err *e)
{
	char lo[16], hi[16], from[11], to[11];
	int y, m;
	store_stmt *st;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (!division || !*division || !access_in_scope(who, division))
		return mz_fail(e, MZ_EINVAL, "division", "division missing or outside your scope",
			       "区划未填写或不在您的权限范围内");
	if (!month || strlen(month) != 7 || sscanf(month, "%4d-%2d", &y, &m) != 2 || m < 1 ||
	    m > 12 || !mz_date_valid(y, m, 1))
		return mz_fail(e, MZ_EINVAL, "month", "month must be YYYY-MM", "月份应为 YYYY-MM");
	access_scope_range(division, lo, hi);
	mz_day_format(mz_day_from_ymd(y, m, 1), from);
	mz_day_format(mz_day_add_months(mz_day_from_ymd(y, m, 1), 1), to);
	/* Only the responsible scope: the street that merely accepted a case
	 * (全城通办) does not issue its decision. */
	st = store_prepare(c, "SELECT id FROM cases WHERE " ACCESS_SCOPE_SQL("division_code")
			      " AND " ACCESS_SCOPE_SQL("division_code") " AND decision = ?"
			      " AND decided_on >= ? AND decided_on < ? ORDER BY id LIMIT ?", e);
	if (!st)
		return -1;
	store_params(st, access_scope_arg(who), store_arg_range(lo, hi), decision, from, to,
		     (int64_t)CASE_IDS_MAX);
	while ((rc = store_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			*ids = mz_xrealloc(*ids, cap * sizeof(**ids));
		}
		(*ids)[(*n)++] = store_col_i64(st, 0);
	}
	store_done(st);
	if (rc < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int case_ids_of_person(store_conn *c, int64_t person_id, int64_t ids[], size_t cap, size_t *n,
		       mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT id FROM cases WHERE (applicant_id = ?"
					  " OR beneficiary_id = ?) AND state IN ('paying',"
					  " 'suspended', 'periodic_review') ORDER BY id", e);
	int rc;

	*n = 0;
	if (!st)
		return -1;
	store_params(st, person_id, person_id);
	while ((rc = store_step(st, e)) == 1 && *n < cap)
		ids[(*n)++] = store_col_i64(st, 0);
	store_done(st);
	return rc < 0 ? -1 : 0;
}

int case_set_payee_tx(store_conn *c, const case_row *cs, int64_t person_id, const char *bank,
		      mz_err *e)
{
	if (store_run(c, e, "UPDATE cases SET applicant_id = ?, bank_account = ?,"
			    " version = version + 1 WHERE id = ? AND household_id = ?",
		      person_id, bank, cs->id, cs->household_id) < 0)
		return -1;
	return 0;
}

int case_households_in_progress(store_conn *c, const char *program, int64_t **ids, size_t *n,
				mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT DISTINCT household_id FROM cases WHERE program = ?"
					  " AND state NOT IN ('ended', 'refused', 'withdrawn')"
					  " ORDER BY household_id", e);
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (!st)
		return -1;
	store_params(st, program);
	while ((rc = store_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			*ids = mz_xrealloc(*ids, cap * sizeof(**ids));
		}
		(*ids)[(*n)++] = store_col_i64(st, 0);
	}
	store_done(st);
	if (rc < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int case_of_household(store_conn *c, int64_t id, int64_t household_id, const char *program,
		      mz_err *e)
{
	int64_t one = 0;
	int rc = store_row(c, e, "SELECT 1 FROM cases WHERE id = ? AND household_id = ? AND program = ?",
			   STORE_INTO(&one), id, household_id, program);

	return rc < 0 ? -1 : rc == 1;
}
