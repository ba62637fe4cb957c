/* handover.c - needs other rooms of minzheng hand to the safety net without
 * a person behind them. Today one: a residents' deliberation hall's
 * resolution that stayed unresolved through its escalation (issue 17: "an
 * unresolved one turned into a work order"). It becomes a work order like a
 * resident's request: the hall's community worker takes it, the clock and
 * the escalation community -> street -> district are the net's own. */
#include <stdio.h>
#include <string.h>

#include "domains/safetynet/orders_internal.h"
#include "registry/registry.h"
#include "store/query.h"

#define RESOLUTION_ORIGIN "deliberation.resolution"
#define RESOLUTION_LEVEL "orange"

int sn_handover_resolution_tx(store_conn *c, const access_ctx *who, int64_t resolution_id,
			      const char *division, const char *payload_json, mz_err *e)
{
	json_t *p = json_loads(payload_json ? payload_json : "{}", 0, NULL);
	const char *hall, *due, *unit, *text;
	char title[240], detail[1400], name[128];
	int64_t days, open = 0, id = 0;
	size_t len = division ? strlen(division) : 0;
	int merged = 0, rc = -1;

	if (!p)
		return 0; /* nothing readable to hand over */
	/* Only halls of a community (12 digits) or a street (9) exist. */
	if ((len != 12 && len != 9) ||
	    registry_division_lookup(c, division, name, sizeof(name), e) != 1) {
		json_decref(p);
		return e && e->code ? -1 : 0;
	}
	if (store_row(c, e, "SELECT COUNT(*) FROM sn_orders WHERE origin = ? AND origin_id = ?",
		      STORE_INTO(&open), RESOLUTION_ORIGIN, resolution_id) < 0)
		goto out;
	if (open) {
		rc = 0; /* handed over before: one order per resolution */
		goto out;
	}
	hall = json_string_value(json_object_get(p, "hall_name"));
	due = json_string_value(json_object_get(p, "due_on"));
	unit = json_string_value(json_object_get(p, "responsible_unit"));
	text = json_string_value(json_object_get(p, "text"));
	days = json_integer_value(json_object_get(p, "days_overdue"));
	snprintf(title, sizeof(title), "议事厅决议逾期未落实：%.150s", hall ? hall : name);
	snprintf(detail, sizeof(detail), "决议：%.900s\n责任单位：%.200s\n应完成日期：%s（已逾期 %lld 天）",
		 text ? text : "", unit && *unit ? unit : "—", due ? due : "—", (long long)days);
	if (sn_order_open_tx(c, who, 0, division, "request", 0, title, detail, RESOLUTION_LEVEL,
			     "community_worker", &id, &merged, e) ||
	    store_run(c, e, "UPDATE sn_orders SET origin = ?, origin_id = ?, tier = ? WHERE id = ?"
			    " AND person_id = 0", RESOLUTION_ORIGIN, resolution_id,
		      len == 9 ? "street" : "community", id) < 0)
		goto out;
	rc = 0;
out:
	json_decref(p);
	return rc;
}
