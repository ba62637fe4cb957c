/* requests.c - 社区随约服务: a resident, or someone on their behalf, tells
 * the community of a need through the public form (no account). The
 * request is kept as an event (provenance: resident, the form) and opens a
 * work order for the community the same way an alert does. The form is
 * rate-limited per address by the route (http/ratelimit.h). */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/safetynet/orders_internal.h"
#include "registry/idcard.h"
#include "registry/registry.h"

#define REQUEST_LEVEL "yellow"

int sn_request_submit(store_conn *c, const sn_request_in *in, const char *ip, int64_t *order_id,
		      mz_err *e)
{
	access_ctx who;
	registry_person p = { 0 };
	char name[128], today[11], title[200], division[16];
	int64_t event_id;
	int merged = 0;

	access_ctx_system(&who, "resident");
	snprintf(who.ip, sizeof(who.ip), "%s", ip ? ip : "");
	if (strlen(in->community_code) != 12 ||
	    registry_division_lookup(c, in->community_code, name, sizeof(name), e) != 1)
		return mz_fail(e, MZ_EINVAL, "community_code", "must be a current community (12 digits)",
			       "须为现行社区（村）代码（12 位）");
	if (registry_check_phone(in->phone, e))
		return -1;
	if (!*in->phone)
		return mz_fail(e, MZ_EINVAL, "phone", "a phone number to call back is required",
			       "须留回访电话");
	snprintf(division, sizeof(division), "%s", in->community_code);
	if (in->id_number && *in->id_number) {
		/* A person named by number is found city-wide but only kept when
		 * they live in the community given: the form must not be a way to
		 * learn where someone lives. */
		if (registry_person_find_by_number(c, NULL, in->id_number, &p, NULL) ||
		    strcmp(p.division_code, division))
			memset(&p, 0, sizeof(p));
	}
	mz_day_format(mz_today(), today);
	snprintf(title, sizeof(title), "群众求助（%s）：%.120s", in->category, in->need);
	if (store_begin(c, e))
		return -1;
	event_id = store_insert_id(c, e, "INSERT INTO sn_events (person_id, division_code, type,"
					 " occurred_on, note, source_kind, source, received_at)"
					 " VALUES (?, ?, 'resident_request', ?, ?, 'resident', 'public_form', ?)"
					 " RETURNING id",
				   p.id, division, today, in->need, mz_now_unix());
	if (event_id <= 0 ||
	    audit_append(c, &who, AUDIT_WRITE, "safetynet.request.submit", "sn_event", event_id,
			 division, in->category, NULL, e) ||
	    sn_order_open_tx(c, &who, p.id, division, "request", 0, title, in->need, REQUEST_LEVEL,
			     "community_worker", order_id, &merged, e) ||
	    store_run(c, e, "UPDATE sn_orders SET contact_name = ?, contact_phone = ?, address = ?"
			    " WHERE id = ? AND person_id = ? AND kind = 'request' AND contact_phone = ''",
		      in->name, in->phone, in->address ? in->address : "", *order_id, p.id) < 0 ||
	    store_commit(c, e)) {
		store_rollback(c);
		return -1;
	}
	return 0;
}
