/* hall_internal.h - what the hall's own files share (not for other rooms). */
#ifndef MZ_HALL_INTERNAL_H
#define MZ_HALL_INTERNAL_H

#include <jansson.h>

#include "hall/hall.h"
#include "registry/registry.h"

/* The division asked for (NULL or "": the caller's scope division) within
 * the caller's scope, else not_found naming "division"; its children into
 * kids when kids is not NULL. */
int hall_division_resolve(store_conn *c, const access_ctx *who, const char *division,
			  registry_division *d, registry_division_list *kids, mz_err *e);
/* The latest computed day not after as_of (today if invalid); "" if none. */
int hall_day_pick(store_conn *c, mz_day as_of, char day[11], mz_err *e);
/* An indicator's declaration as JSON (key, group = the key's prefix, labels,
 * unit, list_path, better). */
json_t *hall_indicator_json(const hall_indicator *ind);

#endif
