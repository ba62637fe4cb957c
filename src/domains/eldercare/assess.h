/* assess.h - ability assessment of older persons (老年人能力评估).
 *
 * The standard (GB/T 42195-2022 as docs/domain.md transcribes it) is data:
 * ec_assess_standards / _dimensions / _items / _levels / _rules. Scoring is
 * pure (assess_score.c): every item must be present and within its range;
 * dimension sums and the total are added up; the total gives the base level
 * (the level with the highest min_total the total reaches); then the rules
 * adjust it: raise rules (diagnosed dementia, psychiatric illness, repeated
 * care-risk events) lift the level once, by the largest raise that fires;
 * floor rules (a coma: consciousness scored 0) set a minimum level.
 * Levels run 0 (能力完好, intact) to 4 (完全失能, completely impaired).
 *
 * Recorded assessments keep every item, the assessor, date and place, and
 * the result; the latest one gives a person's level (queried by subsidies,
 * the waiting list and home beds). A re-assessment falls due after
 * assess.reassess_months, or assess.change_due_days after a reported change. */
#ifndef MZ_EC_ASSESS_H
#define MZ_EC_ASSESS_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "base/err.h"
#include "store/store.h"

#define EC_ASSESS_MAX_ITEMS 64
#define EC_ASSESS_MAX_DIMS 8
#define EC_ASSESS_MAX_LEVELS 8
#define EC_ASSESS_MAX_RULES 16
#define EC_ASSESS_MAX_GRADES 32
#define EC_ASSESS_MAX_COMBOS 16

/* ---- the standards' small expressions (assess_expr.c) ---- */
/* Gives a name's value (1) or says it is unknown (0). */
typedef int (*ec_expr_lookup)(void *arg, const char *name, int *value);
/* Evaluates an expression of a standard ("sum >= 65", "adl = 2 and
 * max(mental, perception, social) = 3"): 0 with *value, or -1 with the
 * problem in err (English, for the standard's maintainer). */
int ec_expr_eval(const char *text, ec_expr_lookup lookup, void *arg, int *value, char *err,
		 size_t errcap);

typedef enum { EC_RULE_ITEM_FLOOR = 1, EC_RULE_FLAG_RAISE, EC_RULE_COUNT_RAISE } ec_rule_kind;

typedef struct ec_assess_item {
	char code[32], dimension[32], name_zh[64], name_en[64];
	int min, max;
} ec_assess_item;

typedef struct ec_assess_dim {
	char code[32], name_zh[64], name_en[64];
	int max; /* sum of its items' maxima */
} ec_assess_dim;

typedef struct ec_assess_level {
	int level, min_total;
	char name_zh[32], name_en[48];
} ec_assess_level;

typedef struct ec_assess_rule {
	char code[32], subject[32], name_zh[128], name_en[160];
	ec_rule_kind kind;
	int value, level;
} ec_assess_rule;

/* A dimension's grade (MZ/T 039-2013: 0 intact .. 3 severely impaired):
 * the first grade, in order, whose expression holds over the dimension's
 * item scores (by code) and its "sum". */
typedef struct ec_assess_grade {
	int dim;        /* index into dims[] */
	int grade;
	char expr[256];
} ec_assess_grade;

/* The ability level from the dimensions' grades (by dimension code): the
 * first combination, in order, that holds. A standard with combinations
 * grades by them; one without, by the total against the levels. */
typedef struct ec_assess_combo {
	int level;
	char expr[320];
	char name_zh[128];
} ec_assess_combo;

typedef struct ec_assess_std {
	char code[32], name_zh[64];
	int nitems, ndims, nlevels, nrules, ngrades, ncombos;
	ec_assess_grade grades[EC_ASSESS_MAX_GRADES];
	ec_assess_combo combos[EC_ASSESS_MAX_COMBOS];
	ec_assess_item items[EC_ASSESS_MAX_ITEMS];
	ec_assess_dim dims[EC_ASSESS_MAX_DIMS];
	ec_assess_level levels[EC_ASSESS_MAX_LEVELS]; /* sorted by min_total descending */
	ec_assess_rule rules[EC_ASSESS_MAX_RULES];
	int max_total;
	int worst_level; /* the highest level number */
} ec_assess_std;

typedef struct ec_assess_result {
	int dim_score[EC_ASSESS_MAX_DIMS];
	int dim_grade[EC_ASSESS_MAX_DIMS]; /* -1: the standard grades no dimension */
	int total;
	int base_level;
	int level;
} ec_assess_result;

/* ---- pure scoring (assess_score.c) ---- */

/* Checks a standard read from data: items in known dimensions, ranges
 * sane, levels covering 0..max_total, rules naming real items. Fills the
 * derived fields (dimension maxima, max_total, worst_level). */
int ec_assess_std_check(ec_assess_std *s, mz_err *e);
/* Scores one assessment. `items` is {"eating":4,...} with every item of the
 * standard; `conditions` (may be NULL) holds the adjustment inputs
 * ({"dementia":true,"risk_events_30d":2}). Refuses a missing item, an
 * unknown item, a score out of range or a malformed condition, naming it
 * (field "items.<code>" / "conditions.<name>"). On success fills *out and
 * returns the explained result: {standard, dimensions:[{code,name_zh,
 * name_en,score,max}], total, max_total, base_level, level, level_name_zh,
 * level_name_en, adjustments:[{rule,name_zh,name_en,from,to}]}. */
json_t *ec_assess_score(const ec_assess_std *s, const json_t *items,
			const json_t *conditions, ec_assess_result *out, mz_err *e);
const char *ec_assess_level_zh(const ec_assess_std *s, int level);
const char *ec_assess_level_en(const ec_assess_std *s, int level);
/* The standard as JSON (for forms). */
json_t *ec_assess_std_json(const ec_assess_std *s);

/* ---- storage (assess.c) ---- */

/* Loads the standard in force on `on` (or the one named by `code`). */
int ec_assess_std_load(store_conn *c, const char *code, mz_day on, ec_assess_std *s,
		       mz_err *e);
/* Records an assessment for a person in scope: {assessed_on, assessor,
 * assessor2?, location, purpose (initial|periodic|change|review), items,
 * conditions?}. Resolves open change reports up to assessed_on. Returns the
 * stored assessment with its result. Audited. */
json_t *ec_assess_record(store_conn *c, const access_ctx *who, int64_t person_id,
			 json_t *in, mz_err *e);
/* All assessments of a person, newest first, and the current state:
 * {"current": {level,...,next_due,due_on,overdue} | null, "items":[...],
 * "changes":[...]}. Audited read. */
json_t *ec_assess_history(store_conn *c, const access_ctx *who, int64_t person_id,
			  mz_err *e);
/* The person's current level (latest assessment): 0 and *level >= 0, or
 * *level = -1 when never assessed. No scope check, no audit: for the other
 * rooms of eldercare/ that already checked both. */
int ec_assess_level_of(store_conn *c, int64_t person_id, int *level, int64_t *assessment_id,
		       mz_err *e);
/* Reports a change in condition: a re-assessment falls due within
 * assess.change_due_days. Audited. */
json_t *ec_assess_report_change(store_conn *c, const access_ctx *who, int64_t person_id,
				const char *reported_on, const char *description, mz_err *e);
/* Persons in scope (or under `division`) whose re-assessment is due on or
 * before `by` (periodic or after a change), oldest due first, paginated.
 * sort: "field" or "-field" (due_on, name, birth_date, division_code,
 * level); NULL or "": oldest due first. Another is MZ_EINVAL on "sort". */
json_t *ec_assess_due(store_conn *c, const access_ctx *who, const char *division, mz_day by,
		      const char *sort, int64_t page, int64_t page_size, mz_err *e);

#endif
