/* cases_internal.h - what the files of posthumous/ share among themselves. */
#ifndef MZ_POSTHUMOUS_CASES_INTERNAL_H
#define MZ_POSTHUMOUS_CASES_INTERNAL_H

#include <jansson.h>

#include "base/err.h"
#include "store/store.h"

/* The funeral of a case as JSON into *out (NULL when none is recorded). */
int ph_funeral_of_case(store_conn *c, int64_t person_id, int64_t case_id, json_t **out,
		       mz_err *e);
/* Sets "name", "id_number_masked" and "division_name" on each item by its
 * "person_id", from the registry in one call (the list scoped and audits
 * its own rows). */
int ph_items_name_persons(store_conn *c, json_t *items, mz_err *e);

#endif
