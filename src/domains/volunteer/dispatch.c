/* dispatch.c - 平台派单: an order goes to one volunteer at a time, the best
 * ranked among those not yet asked (rank.c), with a time limit to answer.
 * A decline or an expired offer sends it to the next; after
 * dispatch.max_rounds offers, or when nobody qualified is left, a service
 * organisation covering the community takes it, or the street gets it as
 * 'unassigned'.
 *
 * Candidates are read nearest first by division range (the resident's
 * street, then district, then the city): a nearer range that has anyone
 * qualified always holds the best candidate, so the wider ranges are read
 * only when it has none. */
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "domains/volunteer/volunteer.h"
#include "store/query.h"

#define CANDIDATES_MAX 20000

typedef struct order_row {
	int64_t person_id, rounds;
	char division[16], service[32], skill[32], state[16], wanted[11];
} order_row;

static int load_candidates(store_conn *c, const order_row *o, int64_t order_id, const char *prefix,
			   int weekday_bit, int64_t max_load, vol_candidate **out, size_t *n,
			   mz_err *e)
{
	char lo[16], hi[16], like[40];
	store_stmt *st;
	size_t cap = 0;
	int r;

	access_scope_range(prefix, lo, hi);
	snprintf(like, sizeof(like), "%%,%s,%%", o->skill);
	st = store_prepare(c, "SELECT id, division_code, open_orders, rating_sum, rating_n"
			      " FROM vol_volunteers WHERE status = 'active' AND "
			      ACCESS_SCOPE_SQL("division_code")
			      " AND skills LIKE ? AND open_orders < ? AND (weekdays & ?) <> 0"
			      " AND person_id <> ? AND id NOT IN"
			      " (SELECT volunteer_id FROM vol_offers WHERE order_id = ? AND person_id = ?)",
			   e);
	if (!st)
		return -1;
	store_params(st, store_arg_range(lo, hi), like, max_load, weekday_bit, o->person_id, order_id,
		     o->person_id);
	*n = 0;
	while ((r = store_step(st, e)) == 1 && *n < CANDIDATES_MAX) {
		vol_candidate *v;

		if (*n == cap)
			*out = mz_xrealloc(*out, (cap = cap ? cap * 2 : 64) * sizeof(**out));
		v = &(*out)[(*n)++];
		memset(v, 0, sizeof(*v));
		v->volunteer_id = store_col_i64(st, 0);
		snprintf(v->division_code, sizeof(v->division_code), "%s", store_col_text(st, 1));
		v->load = (int)store_col_i64(st, 2);
		v->rating_sum = store_col_i64(st, 3);
		v->rating_n = store_col_i64(st, 4);
		v->tier = vol_division_tier(v->division_code, o->division);
	}
	store_done(st);
	return r < 0 ? -1 : 0;
}

/* A service organisation whose area holds the community and offers the
 * service, the most local first. */
static int org_for(store_conn *c, const order_row *o, int64_t *org, mz_err *e)
{
	char like[40];

	snprintf(like, sizeof(like), "%%,%s,%%", o->service);
	*org = 0;
	return store_row(c, e, "SELECT id FROM vol_orgs WHERE status = 'active' AND services LIKE ?"
			 " AND ? LIKE division_code || '%' ORDER BY LENGTH(division_code) DESC, id LIMIT 1",
			 STORE_INTO(org), like, o->division) < 0 ? -1 : 0;
}

int vol_dispatch_tx(store_conn *c, const access_ctx *who, int64_t order_id, int64_t now,
		    mz_err *e)
{
	int64_t max_rounds, limit, max_load, org, offer;
	vol_candidate *cand = NULL;
	size_t n = 0;
	order_row o;
	char street[10], district[7], detail[128];
	mz_day today = (mz_day)((now + 8 * 3600) / 86400), wanted;
	int bit, r;
	const char *ranges[3];

	memset(&o, 0, sizeof(o));
	r = store_row(c, e, "SELECT o.person_id, o.rounds, o.division_code, o.service_code, s.skill,"
		      " o.state, o.wanted_on FROM vol_orders o JOIN vol_services s ON s.code = o.service_code"
		      " WHERE o.id = ?",
		      STORE_INTO(&o.person_id, &o.rounds, STORE_TEXT(o.division), STORE_TEXT(o.service),
				 STORE_TEXT(o.skill), STORE_TEXT(o.state), STORE_TEXT(o.wanted)), order_id);
	if (r <= 0)
		return r == 0 ? mz_fail(e, MZ_ENOTFOUND, "", "no such order", "工单不存在") : -1;
	/* Available on the day the service is wanted (weekday mask, bit 0 Monday). */
	wanted = mz_day_parse(o.wanted);
	bit = 1 << (mz_day_weekday(wanted != MZ_DAY_INVALID ? wanted : today) - 1);
	if (vol_param_int(c, "dispatch.max_rounds", today, &max_rounds, e) ||
	    vol_param_int(c, "dispatch.accept_seconds", today, &limit, e) ||
	    vol_param_int(c, "dispatch.max_load", today, &max_load, e))
		return -1;
	snprintf(street, sizeof(street), "%.9s", o.division);
	snprintf(district, sizeof(district), "%.6s", o.division);
	ranges[0] = street;
	ranges[1] = district;
	ranges[2] = "440100";
	if (o.rounds < max_rounds) {
		for (int i = 0; i < 3 && !n; i++)
			if (load_candidates(c, &o, order_id, ranges[i], bit, max_load, &cand, &n, e)) {
				free(cand);
				return -1;
			}
	}
	if (n) {
		vol_candidates_rank(cand, n);
		offer = store_insert_id(c, e, "INSERT INTO vol_offers (order_id, person_id, volunteer_id,"
					" division_code, tier, offered_at, deadline) VALUES (?, ?, ?, ?, ?, ?, ?)"
					" RETURNING id", order_id, o.person_id, cand[0].volunteer_id,
					o.division, cand[0].tier, now, now + limit);
		snprintf(detail, sizeof(detail), "{\"volunteer_id\":%lld,\"tier\":%d,\"round\":%lld}",
			 (long long)cand[0].volunteer_id, cand[0].tier, (long long)o.rounds + 1);
		free(cand);
		if (offer <= 0 ||
		    store_run(c, e, "UPDATE vol_orders SET state = 'offered', rounds = rounds + 1,"
			      " updated_at = ? WHERE id = ? AND person_id = ?", now, order_id,
			      o.person_id) < 0)
			return -1;
		return audit_append(c, who, AUDIT_WRITE, "volunteer.order.offer", "vol_order", order_id,
				    o.division, "", detail, e);
	}
	free(cand);
	if (org_for(c, &o, &org, e))
		return -1;
	if (org) {
		snprintf(detail, sizeof(detail), "{\"org_id\":%lld}", (long long)org);
		if (store_run(c, e, "UPDATE vol_orders SET state = 'accepted', org_id = ?, accepted_at = ?,"
			      " updated_at = ? WHERE id = ? AND person_id = ?", org, now, now, order_id,
			      o.person_id) < 0)
			return -1;
		return audit_append(c, who, AUDIT_WRITE, "volunteer.order.to_org", "vol_order", order_id,
				    o.division, "", detail, e);
	}
	if (store_run(c, e, "UPDATE vol_orders SET state = 'unassigned', updated_at = ? WHERE id = ?"
		      " AND person_id = ?", now, order_id, o.person_id) < 0)
		return -1;
	return audit_append(c, who, AUDIT_WRITE, "volunteer.order.unassigned", "vol_order", order_id,
			    o.division, "", NULL, e);
}

int vol_offers_expire(store_conn *c, const access_ctx *who, int64_t now, int64_t *expired,
		      mz_err *e)
{
	int64_t ids[64], orders[64], persons[64];
	int n = 0, r;
	store_stmt *st;

	*expired = 0;
	for (;;) {
		st = store_prepare(c, "SELECT id, order_id, person_id FROM vol_offers"
				      " WHERE answer = 'pending' AND deadline <= ? ORDER BY deadline LIMIT 64", e);
		if (!st)
			return -1;
		store_params(st, now);
		n = 0;
		while ((r = store_step(st, e)) == 1) {
			ids[n] = store_col_i64(st, 0);
			orders[n] = store_col_i64(st, 1);
			persons[n++] = store_col_i64(st, 2);
		}
		store_done(st);
		if (r < 0)
			return -1;
		if (!n)
			return 0;
		/* One transaction an offer: a failure leaves the others done. */
		for (int i = 0; i < n; i++) {
			int64_t changed;

			if (store_begin(c, e))
				return -1;
			changed = store_run(c, e, "UPDATE vol_offers SET answer = 'expired', answered_at = ?"
					    " WHERE id = ? AND person_id = ? AND answer = 'pending'",
					    now, ids[i], persons[i]);
			if (changed < 0 || (changed && vol_dispatch_tx(c, who, orders[i], now, e)) ||
			    store_commit(c, e)) {
				store_rollback(c);
				return -1;
			}
			*expired += changed;
		}
	}
}
