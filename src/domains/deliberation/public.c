/* public.c - a hall's public page: what was decided and what was done.
 * Anyone may read it without signing in, so it carries no person at all:
 * no representative, no attendee, no amendment author, no user login. Only
 * the hall, its topics (who raised them by kind: resident, committee,
 * street), its published minutes' meetings, its resolutions with the
 * responsible unit (an organisation), tasks, evidence and status, and the
 * execution rate. */
#include <string.h>

#include "domains/deliberation/dl_internal.h"
#include "registry/registry.h"

static json_t *public_meetings(store_conn *c, int64_t hall_id, mz_err *e)
{
	/* Minutes are public once published; a draft is not. */
	store_stmt *st = store_prepare(c, "SELECT id, title, held_on, status, quorum_met, minutes_status,"
				       " minutes FROM dl_meetings WHERE hall_id = ? ORDER BY held_on DESC, id DESC", e);
	json_t *items = json_array();
	int r;

	if (!st)
		return json_decref(items), NULL;
	store_params(st, hall_id);
	while ((r = store_step(st, e)) == 1) {
		int published = !strcmp(store_col_text(st, 5), "published");

		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:b,s:s?}", "id",
						       (json_int_t)store_col_i64(st, 0), "title",
						       store_col_text(st, 1), "held_on",
						       store_col_text(st, 2), "status",
						       store_col_text(st, 3), "quorum_met",
						       (int)store_col_i64(st, 4), "minutes",
						       published ? store_col_text(st, 6) : NULL));
	}
	store_done(st);
	if (r < 0)
		return json_decref(items), NULL;
	return items;
}

json_t *dl_public_hall(store_conn *c, int64_t id, mz_err *e)
{
	json_t *topics, *meetings = NULL, *res = NULL, *rate = NULL;
	char dname[128];
	dl_hall h;

	if (dl_hall_load(c, NULL, id, &h, e))
		return NULL;
	if (!(topics = dl_hall_topics(c, id, e)) || !(meetings = public_meetings(c, id, e)) ||
	    !(res = dl_hall_resolutions(c, id, mz_today(), e)) ||
	    !(rate = dl_hall_rate(c, id, mz_today(), e))) {
		json_decref(topics);
		json_decref(meetings);
		json_decref(res);
		return NULL;
	}
	registry_division_name(c, h.division, dname, sizeof(dname));
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "id", (json_int_t)h.id, "name", h.name,
			 "level", h.level, "division_code", h.division, "division_name", dname, "topics",
			 topics, "meetings", meetings, "resolutions", res, "rate", rate);
}
