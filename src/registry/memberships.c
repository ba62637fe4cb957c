/* memberships.c - a person's household memberships over time
 * (registry.h: registry_person_memberships). */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "registry/registry_internal.h"

void registry_membership_list_init(registry_membership_list *l)
{
	memset(l, 0, sizeof(*l));
}

void registry_membership_list_release(registry_membership_list *l)
{
	if (!l)
		return;
	free(l->items);
	memset(l, 0, sizeof(*l));
}

int registry_person_memberships(store_conn *c, int64_t person_id, registry_membership_list *out,
				mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT household_id, relation, joined_on, left_on"
				       " FROM household_members WHERE person_id = ?"
				       " ORDER BY joined_on, id", e);
	int r;

	if (!st)
		return -1;
	store_params(st, person_id);
	while ((r = store_step(st, e)) == 1) {
		registry_membership *m = REGISTRY_LIST_PUSH(out);

		m->household_id = store_col_i64(st, 0);
		mz_strlcpy(m->relation, store_col_text(st, 1), sizeof(m->relation));
		mz_strlcpy(m->joined_on, store_col_text(st, 2), sizeof(m->joined_on));
		mz_strlcpy(m->left_on, store_col_is_null(st, 3) ? "" : store_col_text(st, 3),
			   sizeof(m->left_on));
	}
	store_done(st);
	return r < 0 ? -1 : 0;
}
