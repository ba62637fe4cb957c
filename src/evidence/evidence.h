/* evidence.h - other agencies' records for household economic
 * verification (核对, 低保审核确认办法 第十七条), with provenance.
 *
 * An import is one agency file of one category (income, asset, housing,
 * vehicle) "as of" a date: every row names a person by citizen ID number
 * (validated, and matched to the registry), a kind (the rules' income or
 * asset kinds) and an amount (yuan) or a quantity. Every bad row is
 * reported with its line number and reason, and nothing is imported if any
 * row is bad. The file's SHA-256, source, as-of date, who imported it and
 * when are kept with the rows (provenance).
 *
 * A verification report compares, member by member, what the household
 * declared (person_incomes, person_assets) with what the agencies say; a
 * discrepancy is an agency amount above the declared one. Confirmed false
 * declarations go to the integrity register (诚信数据库). */
#ifndef MZ_EVIDENCE_H
#define MZ_EVIDENCE_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "store/store.h"

/* The registry's declared income kinds (docs/policy.md: "wages",
 * "pension", "veterans_benefit", ...) as the rules and agency files name
 * them ("wage", "employee_pension", "veterans"); other kinds unchanged. */
const char *evidence_income_kind(const char *registry_kind);

/* The latest agency value per (category, kind) for one person, as of a
 * day: {"income":{"wage":{"amount_fen":N,"source":"...","as_of":"..."}},
 * "asset":{...}, "housing":{"count":{"quantity":N,...}}, "vehicle":...}.
 * Caller owns the JSON. */
json_t *evidence_person_latest(store_conn *c, int64_t person_id, mz_day as_of, mz_err *e);

typedef struct evidence_import_opts {
	const char *category, *source, *as_of, *path;
	void (*bad_row)(void *arg, long line, const char *field, const char *message);
	void *arg;
} evidence_import_opts;

typedef struct evidence_import_result {
	int64_t batch_id;
	long rows, imported, bad;
} evidence_import_result;

/* Imports one agency file (CSV or XLSX with columns id_number,kind,amount
 * for income/asset, id_number,quantity for housing/vehicle). */
int evidence_import(store_conn *c, const access_ctx *who, const evidence_import_opts *o,
		    evidence_import_result *res, mz_err *e);

/* The verification report of a household's members ([{person_id, ...}]):
 * built, stored (verification_reports) and returned. */
json_t *evidence_verify(store_conn *c, const access_ctx *who, int64_t case_id,
			int64_t household_id, const char *division, json_t *person_ids,
			mz_day as_of, mz_err *e);
/* The same inside the caller's transaction (batch re-verification writes
 * many reports per transaction); the report and its audit entry. */
json_t *evidence_verify_tx(store_conn *c, const access_ctx *who, int64_t case_id,
			   int64_t household_id, const char *division, json_t *person_ids,
			   mz_day as_of, mz_err *e);
/* The latest report of a case (of household_id: the reports' distribution
 * column), or an empty object when there is none yet. */
json_t *evidence_report_latest(store_conn *c, const access_ctx *who, int64_t case_id,
			       int64_t household_id, const char *division, mz_err *e);

/* 诚信数据库 */
int evidence_integrity_add(store_conn *c, const access_ctx *who, int64_t person_id,
			   int64_t case_id, const char *kind, const char *detail,
			   int64_t amount_fen, int64_t *id_out, mz_err *e);
/* The register in who's scope, newest first, with names and masked numbers:
 * person_id or household_id (its current members) narrow it, status is
 * "open" (not resolved), "resolved" or "all" (NULL/""); {items, total,
 * page, page_size}. A read of personal data: audited "integrity.read". */
typedef struct integrity_query {
	int64_t person_id, household_id;
	const char *status;
	int64_t page, page_size;
} integrity_query;
json_t *evidence_integrity_list(store_conn *c, const access_ctx *who, const integrity_query *q,
				mz_err *e);
/* Resolves an open record in who's scope (the finding was corrected: the
 * overpayment repaid, the declaration put right), with the resolution text;
 * MZ_ENOTFOUND outside the scope, MZ_ECONFLICT when resolved already.
 * Audited "integrity.resolve". */
int evidence_integrity_resolve(store_conn *c, const access_ctx *who, int64_t id,
			       const char *resolution, mz_err *e);
/* The unresolved records of any of n persons, unscoped (intake checks an
 * applicant's household): up to cap ids in ids[], their number in *count. */
int evidence_integrity_open_ids(store_conn *c, const int64_t *person_ids, size_t n, int64_t *ids,
				size_t cap, size_t *count, mz_err *e);
json_t *evidence_batches_list(store_conn *c, const access_ctx *who, int64_t page,
			      int64_t page_size, mz_err *e);

#endif
