/* screen.h - whole-city screening (政策找人): the registry, declared incomes
 * and assets and current enrollments loaded as policy columns, every
 * program evaluated for every household with one compiled set, and the
 * differences written as work items for the streets.
 *
 *   screen_load     one query per table, households contiguous.
 *   screen_run      load + policy_eval_batch + one write transaction that
 *                   replaces the previous run's open items of the programs
 *                   screened.
 *   screen_items    the worklist, scope-filtered and audited. */
#ifndef MZ_SCREEN_H
#define MZ_SCREEN_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "base/err.h"
#include "policy/policy.h"
#include "store/store.h"

#define SCREEN_PAGE_MAX 200

/* Columns of the whole registry plus what the work items need. */
typedef struct screen_data {
	policy_columns cols;
	int64_t *hh_id;       /* household id per household index */
	/* enrolled amount (fen per month, active or suspended enrollments)
	 * per program bit per household; NULL rows for unused bits */
	int64_t *enrolled_fen[64];
	char (*div_code)[16]; /* division code text per division index */
} screen_data;

typedef void (*screen_progress_fn)(void *arg, const char *stage, size_t done, size_t total);

int screen_load(store_conn *c, const policy_set *s, screen_data *d, mz_err *e);
void screen_data_release(screen_data *d); /* NULL-safe */

typedef struct screen_summary {
	int64_t run_id;
	size_t households, persons;
	double load_ms, eval_ms, write_ms; /* wall-clock time of each stage */
	json_t *by_district; /* [{"district","eligible_not_enrolled",...}] caller owns */
} screen_summary;

/* programs: bit i = policy_set_program(i), 0 = all. */
int screen_run(store_conn *c, const access_ctx *who, const policy_set *s, mz_day date,
	       uint64_t programs, screen_progress_fn progress, void *arg,
	       screen_summary *out, mz_err *e);

/* Open items in who's scope: filters division (prefix within scope),
 * program, kind; audited read. */
json_t *screen_items(store_conn *c, const access_ctx *who, const char *division,
		     const char *program, const char *kind, int64_t page, int64_t page_size,
		     mz_err *e);

/* The same filters as screen_items, every row (up to 100,000), as an XLSX
 * workbook in *out (malloc'd). Audited like screen_items. */
int screen_items_xlsx(store_conn *c, const access_ctx *who, const char *division,
		      const char *program, const char *kind, char **out, size_t *len, mz_err *e);

#endif
