/* params.h - the dated parameters of elderly care (ec_params).
 *
 * Every threshold the services use — the meal price and what each tier of
 * elder pays, the city/district shares, the walking speed and detour factor,
 * the 平安通 subsidy rates, the offer deadline, the waiting-list order — is
 * a row in ec_params with the date it takes effect and the division it
 * applies to ('' = the whole city, a district or street code = there). Most
 * values are (unverified) secondary figures: changing one is a new dated
 * row (ec_param_set), never a code change.
 *
 * The names, kinds and bounds a value must respect are declared here in
 * params.c (the code reads them by name); the values are data. */
#ifndef MZ_EC_PARAMS_H
#define MZ_EC_PARAMS_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "base/err.h"
#include "store/store.h"

typedef struct ec_param_row {
	char name[48];
	char division[16];
	char valid_from[11];
	char value[256];
} ec_param_row;

/* Every row in force on one day (valid_from <= on), for lookups. */
typedef struct ec_params {
	mz_day on;
	size_t n;
	ec_param_row *rows;
} ec_params;

/* Loads the rows effective on `on`. Release with ec_params_release. */
int ec_params_load(store_conn *c, mz_day on, ec_params *p, mz_err *e);
void ec_params_release(ec_params *p); /* NULL-safe */

/* The value of `name` for a division (6/9/12-digit code, or "" for the city):
 * the row whose division is the longest prefix of `division`, latest
 * valid_from first. NULL when none is in force. */
const char *ec_param_text(const ec_params *p, const char *name, const char *division);
/* Same, as an integer; -1 with MZ_ESTATE naming the parameter when no value
 * is in force (so a missing parameter is an error, never a silent 0). */
int ec_param_int(const ec_params *p, const char *name, const char *division,
		 int64_t *out, mz_err *e);
int ec_param_str(const ec_params *p, const char *name, const char *division,
		 const char **out, mz_err *e);

/* 1 if `item` is one of the comma-separated words of `list`. */
int ec_list_has(const char *list, const char *item);

/* Every declared parameter with its label, kind, bounds and every dated
 * row, newest first: {"items":[{name,label_zh,label_en,kind,rows:[...]}]}. */
json_t *ec_params_list(store_conn *c, const access_ctx *who, mz_err *e);

/* Adds (or replaces, for the same name, division and date) a dated value.
 * City admins set any division; district officers only within their scope.
 * valid_from may not be in the past: settled months keep their figures.
 * The value is checked against the parameter's kind and bounds. Audited. */
int ec_param_set(store_conn *c, const access_ctx *who, const char *name,
		 const char *division, const char *valid_from, const char *value,
		 const char *source, const char *reason, mz_err *e);

#endif
