/* cases_internal.h - what the files of posthumous/ share among themselves. */
#ifndef MZ_POSTHUMOUS_CASES_INTERNAL_H
#define MZ_POSTHUMOUS_CASES_INTERNAL_H

#include <jansson.h>

#include "access/access.h"
#include "base/err.h"
#include "domains/posthumous/posthumous.h"
#include "store/store.h"

/* The funeral of a case as JSON into *out (NULL when none is recorded). */
int ph_funeral_of_case(store_conn *c, int64_t person_id, int64_t case_id, json_t **out,
		       mz_err *e);
/* Sets "name", "id_number_masked" and "division_name" on each item by its
 * "person_id", from the registry in one call (the list scoped and audits
 * its own rows). */
int ph_items_name_persons(store_conn *c, json_t *items, mz_err *e);

/* ph_funeral_record with the case looked up within scope's scope and the
 * record written and audited as who (a funeral home's staff: the home
 * serves the whole city, its staff reads no case). */
json_t *ph_funeral_record_as(store_conn *c, const access_ctx *who, const access_ctx *scope,
			     int64_t case_id, const ph_funeral_in *in, mz_err *e);

#endif
