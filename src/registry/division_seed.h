/* division_seed.h - the real divisions of Guangzhou, put into `divisions`.
 *
 * Three levels are real and ship inside the binary: the city (440100), its
 * 11 districts plus the historical district codes that old ID numbers still
 * carry (from idcard.h's gz_districts), and the 178 street offices and towns
 * (9-digit statistical codes, data/guangzhou-streets.csv embedded by CMake as
 * mz_guangzhou_streets_csv). Communities (12-digit) are synthetic and come
 * from `minzheng demo` (registry/demo.h). */
#ifndef MZ_DIVISION_SEED_H
#define MZ_DIVISION_SEED_H

#include "base/err.h"
#include "store/store.h"

#define REGISTRY_STREET_COUNT 178 /* town-level units of Guangzhou */

/* One row of the embedded streets file. */
typedef struct registry_street {
	char code[10];          /* "440103001" */
	char name[64];          /* "沙面街道" */
	char district[7];       /* "440103" */
	char district_name[32]; /* "荔湾区" */
} registry_street;

/* Parses the embedded streets file (in file order: by district, then code).
 * On success *out is a malloc'd array the caller frees, *count its length.
 * A malformed line is an internal error (MZ_EINTERNAL) naming the line. */
int registry_streets_parse(registry_street **out, int *count, mz_err *e);

/* Approximate geographic centre of a current district (its built-up area,
 * not the government seat) in degrees x 1e6, and a spread radius in the same
 * unit that covers most of its area. Returns 0, or -1 if code6 is not one of
 * the 11 current districts. Used for the demo's community coordinates. */
int registry_district_centre(const char *code6, int *lat_e6, int *lon_e6,
			     int *spread_e6);

/* Inserts whatever of the real divisions is missing: 440100 广州市 (level 1),
 * the 11 districts (level 2, parent 440100, with centre coordinates), the
 * historical codes (level 2, historical = 1, parent 440100) and the 178
 * streets and towns (level 3, parent = their district). Rows already present
 * are left as they are. Runs in its own transaction; cheap when nothing is
 * missing (one count query). Returns 0 or -1 with *e set. */
int registry_divisions_seed(store_conn *c, mz_err *e);

#endif
