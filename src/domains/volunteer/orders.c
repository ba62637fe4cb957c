/* orders.c - 群众点单、平台派单、志愿者接单、群众评单: a resident's order
 * from the catalogue (taken by a community worker, by the resident's call,
 * or made by an elder's monthly-visit plan), dispatched (dispatch.c),
 * accepted or declined by the volunteer, served with check-in and
 * check-out at the resident's door, rated by the resident - which confirms
 * it - and credited to the volunteer's time-bank account.
 *
 * States: open -> offered -> accepted -> in_service -> served -> rated;
 * offered -> offered (declined or expired: the next volunteer);
 * offered -> unassigned (nobody left: the street takes it); any state
 * before in_service -> cancelled. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/volunteer/volunteer.h"
#include "events/events.h"
#include "registry/registry.h"
#include "store/query.h"

typedef struct order_ref {
	int64_t id, person_id, volunteer_id, pairing_id, checkin_at, max_minutes;
	char division[16], state[16], code[16], service[32];
	vol_point place;
} order_ref;

/* The order as who may act on it: staff within scope; a volunteer login
 * only for an order it holds. MZ_ENOTFOUND otherwise. Locks nothing: every
 * update below re-checks the state it expects. */
static int order_load(store_conn *c, const access_ctx *who, int64_t id, order_ref *o, mz_err *e)
{
	int64_t vid, located = 0, lat = 0, lon = 0;
	int r;

	store_arg range;

	if (vol_acting_volunteer(c, who, &vid, e))
		return -1;
	/* A volunteer's orders are found by its id wherever they are. */
	range = vid ? store_arg_range("", "~") : access_scope_arg(who);
	memset(o, 0, sizeof(*o));
	r = store_row(c, e, "SELECT o.id, o.person_id, o.volunteer_id, o.pairing_id, o.checkin_at,"
		      " s.max_minutes, o.division_code, o.state, o.checkin_code, o.service_code,"
		      " o.located, o.lat_e6, o.lon_e6 FROM vol_orders o JOIN vol_services s ON s.code = o.service_code"
		      " WHERE o.id = ? AND " ACCESS_SCOPE_SQL("o.division_code")
		      " AND (? = 0 OR o.volunteer_id = ? OR EXISTS (SELECT 1 FROM vol_offers f"
		      "  WHERE f.order_id = o.id AND f.person_id = o.person_id AND f.volunteer_id = ?"
		      "  AND f.answer = 'pending'))",
		      STORE_INTO(&o->id, &o->person_id, &o->volunteer_id, &o->pairing_id, &o->checkin_at,
				 &o->max_minutes, STORE_TEXT(o->division), STORE_TEXT(o->state),
				 STORE_TEXT(o->code), STORE_TEXT(o->service), &located, &lat, &lon),
		      id, range, vid, vid, vid);
	o->place.known = located != 0;
	o->place.lat_e6 = (int)lat;
	o->place.lon_e6 = (int)lon;
	if (r == 0)
		return mz_fail(e, MZ_ENOTFOUND, "", "no such order", "工单不存在");
	return r < 0 ? -1 : 0;
}

static int state_refusal(const order_ref *o, mz_err *e)
{
	return mz_failf(e, MZ_ESTATE, "state", "the order is %s: this step is not possible now",
			"工单当前状态为 %s，不能进行此操作", o->state);
}

/* The community's location in the registry (only some communities are
 * located); place->known 0 when it has none. */
static int order_place_of_community(store_conn *c, const access_ctx *who, const char *division,
				    vol_point *place, mz_err *e)
{
	registry_division_list l;
	char lo[16], hi[16];
	int rc;

	memset(place, 0, sizeof(*place));
	access_scope_range(division, lo, hi);
	registry_division_list_init(&l);
	rc = registry_communities_located(c, who, lo, hi, &l, e);
	for (size_t i = 0; !rc && i < l.n; i++)
		if (!strcmp(l.items[i].code, division)) {
			place->known = 1;
			place->lat_e6 = l.items[i].lat_e6;
			place->lon_e6 = l.items[i].lon_e6;
		}
	registry_division_list_release(&l);
	return rc;
}

int vol_order_create(store_conn *c, const access_ctx *who, const vol_order_new *in, int64_t *id,
		     mz_err *e)
{
	registry_person p;
	vol_point place;
	char svc[32] = "", code[16], vstatus[16] = "";
	int64_t now = mz_now_unix(), pair_volunteer = 0, vid;
	mz_day wanted = mz_day_parse(in->wanted_on ? in->wanted_on : "");
	int r;

	if (vol_acting_volunteer(c, who, &vid, e))
		return -1;
	if (vid)
		return mz_fail(e, MZ_EFORBIDDEN, "", "volunteers do not place orders", "志愿者不能下单");
	if (wanted == MZ_DAY_INVALID || wanted < mz_today())
		return mz_fail(e, MZ_EINVAL, "wanted_on", "the service date must be today or later",
			       "服务日期须为今天或以后");
	if (in->note && strlen(in->note) > 500)
		return mz_fail(e, MZ_EINVAL, "note", "note too long", "备注过长");
	if (registry_person_find(c, who, in->person_id, &p, e)) {
		snprintf(e->field, sizeof(e->field), "person_id");
		return -1;
	}
	if (p.death != MZ_DAY_INVALID)
		return mz_fail(e, MZ_ESTATE, "person_id", "the resident is recorded as deceased",
			       "该居民已登记死亡");
	r = store_row(c, e, "SELECT code FROM vol_services WHERE code = ?", STORE_INTO(STORE_TEXT(svc)),
		      in->service_code);
	if (r <= 0)
		return r < 0 ? -1 : mz_fail(e, MZ_EINVAL, "service_code", "no such service in the catalogue",
					     "服务目录中没有该服务");
	if (in->pairing_id) {
		/* The pairing (the resident's shard), then its volunteer (the
		 * volunteer's own person's shard): two probes, where a join of
		 * the two is a repartition join on Citus (docs/scaling.md). */
		r = store_row(c, e, "SELECT volunteer_id FROM vol_pairings"
			      " WHERE id = ? AND person_id = ? AND status = 'active'",
			      STORE_INTO(&pair_volunteer), in->pairing_id, p.id);
		if (r == 1)
			r = store_row(c, e, "SELECT status FROM vol_volunteers WHERE id = ?",
				      STORE_INTO(STORE_TEXT(vstatus)), pair_volunteer);
		if (r < 0)
			return -1;
		if (!r || strcmp(vstatus, "active"))
			return mz_fail(e, MZ_EINVAL, "pairing_id", "no active pairing of this resident",
				       "该居民没有有效的结对关系");
	}
	/* Where a check-in by position is measured from: the resident's home
	 * when the worker located it, else the community's location. */
	place = in->place;
	if (!place.known && order_place_of_community(c, who, p.division_code, &place, e))
		return -1;
	/* A six-digit code the resident holds (on the order slip, as a QR code
	 * at the door): checking in with it proves the volunteer came. */
	snprintf(code, sizeof(code), "%06u", (unsigned)randombytes_uniform(1000000));
	if (store_begin(c, e))
		return -1;
	*id = store_insert_id(c, e, "INSERT INTO vol_orders (person_id, division_code, service_code, source,"
			      " pairing_id, note, wanted_on, state, volunteer_id, checkin_code, created_by,"
			      " created_at, accepted_at, accepted_in_sla, updated_at, located, lat_e6, lon_e6)"
			      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			      p.id, p.division_code, svc, in->source ? in->source : "worker", in->pairing_id,
			      in->note ? in->note : "", in->wanted_on, pair_volunteer ? "accepted" : "open",
			      pair_volunteer, code, who->login, now, pair_volunteer ? now : 0,
			      pair_volunteer ? 1 : 0, now, place.known ? 1 : 0, place.lat_e6, place.lon_e6);
	if (*id <= 0 ||
	    audit_append(c, who, AUDIT_WRITE, "volunteer.order.create", "vol_order", *id,
			 p.division_code, "", NULL, e))
		goto fail;
	/* A paired visit goes to the elder's own 老伙伴; any other order is
	 * dispatched. */
	if (pair_volunteer) {
		if (store_run(c, e, "UPDATE vol_volunteers SET open_orders = open_orders + 1 WHERE id = ?",
			      pair_volunteer) < 0)
			goto fail;
	} else if (vol_dispatch_tx(c, who, *id, now, e)) {
		goto fail;
	}
	if (store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

/* The pending offer of the calling volunteer for order o. */
static int my_offer(store_conn *c, const access_ctx *who, const order_ref *o, int64_t *offer,
		    int64_t *deadline, int64_t *vid, mz_err *e)
{
	int r;

	if (vol_acting_volunteer(c, who, vid, e))
		return -1;
	if (*vid <= 0)
		return mz_fail(e, MZ_EFORBIDDEN, "", "only the volunteer offered the order answers it",
			       "只有被派单的志愿者可以接单或拒单");
	r = store_row(c, e, "SELECT id, deadline FROM vol_offers WHERE order_id = ? AND person_id = ?"
		      " AND volunteer_id = ? AND answer = 'pending'",
		      STORE_INTO(offer, deadline), o->id, o->person_id, *vid);
	if (r == 0)
		return mz_fail(e, MZ_ESTATE, "state", "there is no pending offer of this order to you",
			       "该工单没有待您应答的派单");
	return r < 0 ? -1 : 0;
}

int vol_order_accept(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	int64_t offer, deadline, vid, now = mz_now_unix(), limit, created = 0, n;
	order_ref o;

	if (order_load(c, who, id, &o, e) || my_offer(c, who, &o, &offer, &deadline, &vid, e))
		return -1;
	if (now > deadline)
		return mz_fail(e, MZ_ESTATE, "state", "the time to accept this order has passed",
			       "接单时限已过");
	if (vol_param_int(c, "dispatch.accept_seconds", mz_today(), &limit, e) || store_begin(c, e))
		return -1;
	n = store_run(c, e, "UPDATE vol_offers SET answer = 'accepted', answered_at = ? WHERE id = ?"
		      " AND person_id = ? AND answer = 'pending'", now, offer, o.person_id);
	if (n <= 0) {
		if (n == 0)
			mz_fail(e, MZ_ESTATE, "state", "the offer was answered meanwhile", "该派单已被处理");
		goto fail;
	}
	/* SLA: accepted within one answer period of the order being placed. */
	if (store_row(c, e, "SELECT created_at FROM vol_orders WHERE id = ? AND person_id = ?",
		      STORE_INTO(&created), o.id, o.person_id) < 0 ||
	    store_run(c, e, "UPDATE vol_orders SET state = 'accepted', volunteer_id = ?, accepted_at = ?,"
		      " accepted_in_sla = ?, updated_at = ? WHERE id = ? AND person_id = ?"
		      " AND state = 'offered'", vid, now, now - created <= limit ? 1 : 0, now, o.id,
		      o.person_id) != 1 ||
	    store_run(c, e, "UPDATE vol_volunteers SET open_orders = open_orders + 1 WHERE id = ?",
		      vid) < 0 ||
	    audit_append(c, who, AUDIT_WRITE, "volunteer.order.accept", "vol_order", o.id, o.division,
			 "", NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return 0;
fail:
	if (!e->message[0])
		mz_fail(e, MZ_ESTATE, "state", "the order changed meanwhile", "工单状态已变化");
	store_rollback(c);
	return -1;
}

int vol_order_decline(store_conn *c, const access_ctx *who, int64_t id, const char *reason,
		      mz_err *e)
{
	int64_t offer, deadline, vid, now = mz_now_unix();
	order_ref o;

	if (registry_check_reason(reason, e) || order_load(c, who, id, &o, e) ||
	    my_offer(c, who, &o, &offer, &deadline, &vid, e) || store_begin(c, e))
		return -1;
	if (store_run(c, e, "UPDATE vol_offers SET answer = 'declined', answered_at = ?,"
		      " decline_reason = ? WHERE id = ? AND person_id = ? AND answer = 'pending'",
		      now, reason, offer, o.person_id) != 1 ||
	    audit_append(c, who, AUDIT_WRITE, "volunteer.order.decline", "vol_order", o.id, o.division,
			 reason, NULL, e) ||
	    vol_dispatch_tx(c, who, o.id, now, e) || store_commit(c, e)) {
		if (!e->message[0])
			mz_fail(e, MZ_ESTATE, "state", "the offer was answered meanwhile", "该派单已被处理");
		store_rollback(c);
		return -1;
	}
	return 0;
}

/* The volunteer who holds the order (a staff member may act for it too,
 * as at a service point without a phone). */
static int holder_check(store_conn *c, const access_ctx *who, const order_ref *o, mz_err *e)
{
	int64_t vid;

	if (vol_acting_volunteer(c, who, &vid, e))
		return -1;
	if (vid && vid != o->volunteer_id)
		return mz_fail(e, MZ_ENOTFOUND, "", "no such order", "工单不存在");
	return 0;
}

int vol_order_checkin(store_conn *c, const access_ctx *who, int64_t id, const char *code,
		      const vol_point *pos, mz_err *e)
{
	int64_t now = mz_now_unix(), distance = -1;
	char detail[64];
	order_ref o;

	if (order_load(c, who, id, &o, e) || holder_check(c, who, &o, e))
		return -1;
	if (strcmp(o.state, "accepted"))
		return state_refusal(&o, e);
	if (vol_presence_check(c, code, o.code, &o.place, pos, &distance, e))
		return -1;
	snprintf(detail, sizeof(detail), "{\"by\":\"%s\",\"distance_m\":%lld}",
		 distance >= 0 ? "position" : "code", (long long)distance);
	if (store_begin(c, e))
		return -1;
	if (store_run(c, e, "UPDATE vol_orders SET state = 'in_service', checkin_at = ?, updated_at = ?"
		      " WHERE id = ? AND person_id = ? AND state = 'accepted'", now, now, o.id,
		      o.person_id) != 1 ||
	    audit_append(c, who, AUDIT_WRITE, "volunteer.order.checkin", "vol_order", o.id, o.division,
			 "", detail, e) ||
	    store_commit(c, e)) {
		if (!e->message[0])
			mz_fail(e, MZ_ESTATE, "state", "the order changed meanwhile", "工单状态已变化");
		store_rollback(c);
		return -1;
	}
	return 0;
}

int vol_order_checkout(store_conn *c, const access_ctx *who, int64_t id, const vol_point *pos,
		       mz_err *e)
{
	int64_t now = mz_now_unix(), minutes, distance = -1;
	order_ref o;

	if (order_load(c, who, id, &o, e) || holder_check(c, who, &o, e))
		return -1;
	if (strcmp(o.state, "in_service"))
		return state_refusal(&o, e);
	/* The check-in proved the volunteer came; a position sent at the end
	 * must show it is still at the door. */
	if (pos && pos->known && vol_presence_check(c, NULL, o.code, &o.place, pos, &distance, e))
		return -1;
	/* Whole minutes between check-in and check-out, at most what the
	 * catalogue allows for the service (a forgotten check-out earns no
	 * more than a full service). */
	minutes = (now - o.checkin_at) / 60;
	if (minutes > o.max_minutes)
		minutes = o.max_minutes;
	if (store_begin(c, e))
		return -1;
	if (store_run(c, e, "UPDATE vol_orders SET state = 'served', checkout_at = ?, minutes = ?,"
		      " updated_at = ? WHERE id = ? AND person_id = ? AND state = 'in_service'",
		      now, minutes, now, o.id, o.person_id) != 1 ||
	    (o.volunteer_id &&
	     store_run(c, e, "UPDATE vol_volunteers SET open_orders = open_orders - 1 WHERE id = ?"
		       " AND open_orders > 0", o.volunteer_id) < 0) ||
	    audit_append(c, who, AUDIT_WRITE, "volunteer.order.checkout", "vol_order", o.id, o.division,
			 "", NULL, e) ||
	    store_commit(c, e)) {
		if (!e->message[0])
			mz_fail(e, MZ_ESTATE, "state", "the order changed meanwhile", "工单状态已变化");
		store_rollback(c);
		return -1;
	}
	return 0;
}

int vol_order_rate(store_conn *c, const access_ctx *who, int64_t id, int rating,
		   const char *note, int64_t *credited, mz_err *e)
{
	int64_t now = mz_now_unix(), minutes = 0, vid, evid;
	char payload[256], day[11], vname[128] = "";
	order_ref o;

	*credited = 0;
	if (vol_acting_volunteer(c, who, &vid, e))
		return -1;
	if (vid)
		return mz_fail(e, MZ_EFORBIDDEN, "", "a volunteer does not rate its own service",
			       "志愿者不能为自己的服务评价");
	if (rating < 1 || rating > 5)
		return mz_fail(e, MZ_EINVAL, "rating", "rating is 1 to 5", "评分须为1至5分");
	if (order_load(c, who, id, &o, e))
		return -1;
	if (strcmp(o.state, "served"))
		return state_refusal(&o, e);
	if (store_begin(c, e))
		return -1;
	if (store_row(c, e, "SELECT minutes FROM vol_orders WHERE id = ? AND person_id = ?",
		      STORE_INTO(&minutes), o.id, o.person_id) < 0 ||
	    store_run(c, e, "UPDATE vol_orders SET state = 'rated', rating = ?, rating_note = ?,"
		      " updated_at = ? WHERE id = ? AND person_id = ? AND state = 'served'", rating,
		      note ? note : "", now, o.id, o.person_id) != 1)
		goto fail;
	/* 群众评单: the resident's rating confirms the service; only then are
	 * its hours credited, and the rating feeds the next dispatch. */
	if (o.volunteer_id) {
		if (store_run(c, e, "UPDATE vol_volunteers SET rating_sum = rating_sum + ?,"
			      " rating_n = rating_n + 1 WHERE id = ?", rating, o.volunteer_id) < 0 ||
		    vol_credit_service_tx(c, who, o.volunteer_id, "service", "order", o.id, minutes,
					  o.division, credited, e) ||
		    store_run(c, e, "UPDATE vol_orders SET credited_minutes = ? WHERE id = ? AND person_id = ?",
			      *credited, o.id, o.person_id) < 0)
			goto fail;
	}
	if (audit_append(c, who, AUDIT_WRITE, "volunteer.order.rate", "vol_order", o.id, o.division,
			 "", NULL, e))
		goto fail;
	/* A paired visit counts as the elder's monthly visit (eldercare
	 * subscribes): told by event, never by a call. */
	if (o.pairing_id && o.volunteer_id) {
		if (store_row(c, e, "SELECT name FROM vol_volunteers WHERE id = ?",
			      STORE_INTO(STORE_TEXT(vname)), o.volunteer_id) < 0)
			goto fail;
		mz_day_format((mz_day)((o.checkin_at + 8 * 3600) / 86400), day);
		snprintf(payload, sizeof(payload),
			 "{\"visited_on\":\"%s\",\"visitor\":\"%s\",\"volunteer_id\":%lld,\"order_id\":%lld}",
			 day, vname, (long long)o.volunteer_id, (long long)o.id);
		if (events_publish(c, who, VOL_EVENT_VISIT_DONE, o.person_id, o.division, payload, &evid, e))
			goto fail;
	}
	if (store_commit(c, e))
		goto fail;
	return 0;
fail:
	if (!e->message[0])
		mz_fail(e, MZ_ESTATE, "state", "the order changed meanwhile", "工单状态已变化");
	store_rollback(c);
	return -1;
}

int vol_order_cancel(store_conn *c, const access_ctx *who, int64_t id, const char *reason,
		     mz_err *e)
{
	int64_t now = mz_now_unix(), vid;
	order_ref o;

	if (registry_check_reason(reason, e) || vol_acting_volunteer(c, who, &vid, e))
		return -1;
	if (vid)
		return mz_fail(e, MZ_EFORBIDDEN, "", "a volunteer declines, it does not cancel",
			       "志愿者只能拒单，不能撤单");
	if (order_load(c, who, id, &o, e))
		return -1;
	if (strcmp(o.state, "open") && strcmp(o.state, "offered") && strcmp(o.state, "accepted") &&
	    strcmp(o.state, "unassigned"))
		return state_refusal(&o, e);
	if (store_begin(c, e))
		return -1;
	if (store_run(c, e, "UPDATE vol_orders SET state = 'cancelled', updated_at = ? WHERE id = ?"
		      " AND person_id = ? AND state = ?", now, o.id, o.person_id, o.state) != 1 ||
	    store_run(c, e, "UPDATE vol_offers SET answer = 'withdrawn', answered_at = ?"
		      " WHERE order_id = ? AND person_id = ? AND answer = 'pending'", now, o.id,
		      o.person_id) < 0 ||
	    (!strcmp(o.state, "accepted") && o.volunteer_id &&
	     store_run(c, e, "UPDATE vol_volunteers SET open_orders = open_orders - 1 WHERE id = ?"
		       " AND open_orders > 0", o.volunteer_id) < 0) ||
	    audit_append(c, who, AUDIT_WRITE, "volunteer.order.cancel", "vol_order", o.id, o.division,
			 reason, NULL, e) ||
	    store_commit(c, e)) {
		if (!e->message[0])
			mz_fail(e, MZ_ESTATE, "state", "the order changed meanwhile", "工单状态已变化");
		store_rollback(c);
		return -1;
	}
	return 0;
}
