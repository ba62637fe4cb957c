/* registry_internal.h - what the registry's own files share and nobody else
 * uses: the history writer (its JSON is the registry's own stored text, so
 * jansson stays inside the room) and the growth of the typed result lists. */
#ifndef MZ_REGISTRY_INTERNAL_H
#define MZ_REGISTRY_INTERNAL_H

#include <jansson.h>

#include "base/buf.h"
#include "registry/registry.h"

/* Appends a history row inside the caller's transaction, and its audit
 * record (person.create/update, household.create/update by version). */
int registry_history_add(store_conn *c, const access_ctx *who, const char *entity,
			 int64_t id, const char *division, int64_t version,
			 const char *reason, json_t *changes, mz_err *e);

/* MZ_ENOTFOUND unless [lo, hi) lies within who's scope. */
int registry_range_check(const access_ctx *who, const char *lo, const char *hi, mz_err *e);

/* Room for one more item in a list {items, n, cap}; returns the new slot,
 * zeroed. Aborts on out of memory, as every mz_x allocation does. */
#define REGISTRY_LIST_PUSH(list)                                                          \
	((list)->n == (list)->cap                                                         \
		 ? ((list)->cap = (list)->cap ? (list)->cap * 2 : 16,                     \
		    (list)->items = mz_xrealloc((list)->items,                            \
						(list)->cap * sizeof(*(list)->items)))    \
		 : (list)->items,                                                         \
	 memset(&(list)->items[(list)->n], 0, sizeof(*(list)->items)),                    \
	 &(list)->items[(list)->n++])

#endif
