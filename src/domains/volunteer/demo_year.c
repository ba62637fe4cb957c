/* demo_year.c - the demo city's year of volunteering, lived day by day
 * with the clock offset (base/date.h) through the domain's own functions,
 * so every order, sign-up and hour obeys the rules and the ledger holds
 * (vol_ledger_check): each credited hour is a movement bank -> volunteer
 * posted by the function that confirms the service.
 *
 *  - paired visits (老伙伴): each pairing, begun a year ago, orders one
 *    visit a month (the elder's monthly-visit plan), checked in with the
 *    resident's code, served 40-90 minutes, rated 3-5 by the resident the
 *    next morning, which credits the hours; one in eight visits of the
 *    year is cancelled by the family before the day;
 *  - activities: each district's volunteer organisation runs one activity
 *    a month (two at the scale of a real district: one per 100,000
 *    residents), 09:00-12:00 at one of its streets, with up to eight
 *    volunteers of the district signing up; most check in and out and
 *    are confirmed by the organiser, one in six signs up and never comes.
 *
 * Deterministic: every choice follows the registry's order (itself made
 * by --seed) and the ids the functions return, never a random draw. The
 * scale is capped (VISITS_MAX) so the 200k-person demo builds in seconds
 * (docs/domain.md, the demo's volunteering). */
#include <stdio.h>
#include <string.h>

#include "domains/volunteer/demo_year.h"
#include "domains/volunteer/pairings.h"
#include "registry/registry.h"
#include "store/query.h"

#define VISITS_MAX 6000
#define SIGNUPS_PER_ACTIVITY 8

/* The clock at unix_s (the base offset is the demo's as-of date). */
static void clock_at(int64_t unix_s, int64_t base)
{
	mz_clock_set_offset(base);
	mz_clock_set_offset(base + unix_s - mz_now_unix());
}

/* 00:00 Beijing time of day, in Unix seconds. */
static int64_t midnight(mz_day day)
{
	return (int64_t)day * 86400 - 8 * 3600;
}

static int one_visit(store_conn *c, const access_ctx *sys, int64_t pairing, int64_t person,
		     mz_day day, int64_t base, vol_demo_year *out, mz_err *e)
{
	char wanted[11], code[16] = "";
	int64_t oid, credited = 0, at = midnight(day);
	vol_order_new in = { .person_id = person, .service_code = "visit", .source = "visit_plan",
			     .wanted_on = wanted, .pairing_id = pairing };

	mz_day_format(day, wanted);
	clock_at(at + 9 * 3600, base);
	if (vol_order_create(c, sys, &in, &oid, e))
		return -1;
	out->orders++;
	if (oid % 8 == 3) {
		/* The family calls it off: the elder is at a daughter's. */
		if (vol_order_cancel(c, sys, oid, "演示数据：家属取消（长者外出）", e))
			return -1;
		out->cancelled++;
		return 0;
	}
	if (store_row(c, e, "SELECT checkin_code FROM vol_orders WHERE id = ? AND person_id = ?",
		      STORE_INTO(STORE_TEXT(code)), oid, person) <= 0)
		return -1;
	clock_at(at + 14 * 3600 + (oid % 30) * 60, base);
	if (vol_order_checkin(c, sys, oid, code, NULL, e))
		return -1;
	clock_at(mz_now_unix() + (40 + oid % 51) * 60, base);
	if (vol_order_checkout(c, sys, oid, NULL, e))
		return -1;
	clock_at(at + 86400 + 10 * 3600, base);
	if (vol_order_rate(c, sys, oid, 3 + (int)(oid % 3), "演示数据：长者评价", &credited, e))
		return -1;
	out->served++;
	out->minutes += credited;
	return 0;
}

int vol_demo_visits(store_conn *c, const access_ctx *sys, const int64_t *pairings,
		    const int64_t *persons, size_t n, mz_day start, mz_day today, int64_t base,
		    vol_demo_year *out, mz_err *e)
{
	int64_t made = 0;

	/* One visit a month per pairing, on a day of the month of its own. */
	for (int m = 0; m < 12; m++)
		for (size_t i = 0; i < n && made < VISITS_MAX; i++, made++) {
			mz_day day = start + 30 * m + 1 + (int)(pairings[i] % 27);

			if (day >= today - 1) /* rated the next morning */
				continue;
			if (one_visit(c, sys, pairings[i], persons[i], day, base, out, e))
				return -1;
		}
	return 0;
}

int vol_demo_activities(store_conn *c, const access_ctx *sys, const char *district, int64_t org,
			int per_month, mz_day start, mz_day today, int64_t base,
			vol_demo_year *out, mz_err *e)
{
	static const vol_activity_role roles[] = { { "陪伴长者", 6, "companionship" },
						   { "秩序引导", 2, "" } };
	registry_division_list streets;
	int64_t vols[SIGNUPS_PER_ACTIVITY * 4], nv = 0;
	char lo[16], hi[16];
	store_stmt *st;
	int r, rc = -1;

	/* The district's volunteers, the first few dozen by id. */
	access_scope_range(district, lo, hi);
	st = store_prepare(c, "SELECT id FROM vol_volunteers WHERE " ACCESS_SCOPE_SQL("division_code")
			      " AND status = 'active' ORDER BY id LIMIT 32", e);
	if (!st)
		return -1;
	store_params(st, store_arg_range(lo, hi));
	while ((r = store_step(st, e)) == 1)
		vols[nv++] = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		return -1;
	registry_division_list_init(&streets);
	if (registry_division_children(c, sys, district, &streets, e))
		goto done;
	for (int m = 0; m < 12 && streets.n && nv; m++)
		for (int k = 0; k < per_month; k++) {
			mz_day day = start + 30 * m + 6 + 13 * k;
			const registry_division *s = &streets.items[(size_t)(m + k) % streets.n];
			vol_activity_new in = { .title = m % 2 ? "社区环境清洁志愿服务（演示）"
							       : "长者关爱探访活动（演示）",
						.division_code = s->code, .place = s->name,
						.starts_at = midnight(day) + 9 * 3600,
						.ends_at = midnight(day) + 12 * 3600, .org_id = org,
						.roles = roles, .nroles = 2 };
			int64_t aid, credited;
			char code[16] = "";

			if (day >= today)
				continue;
			clock_at(midnight(day) - 3 * 86400 + 10 * 3600, base);
			if (vol_activity_create(c, sys, &in, &aid, e) ||
			    store_row(c, e, "SELECT checkin_code FROM vol_activities WHERE id = ?",
				      STORE_INTO(STORE_TEXT(code)), aid) <= 0)
				goto done;
			out->activities++;
			for (int j = 0; j < SIGNUPS_PER_ACTIVITY && j < nv; j++) {
				int64_t v = vols[(m * 5 + k * 3 + j) % nv];

				clock_at(midnight(day) - 2 * 86400 + 10 * 3600, base);
				if (vol_activity_signup(c, sys, aid, v, j < 6 ? "陪伴长者" : "秩序引导", e)) {
					/* A volunteer without the skill, or signed up twice
					 * by the rotation: not this one. */
					if (e->code != MZ_EINVAL && e->code != MZ_ESTATE && e->code != MZ_ECONFLICT)
						goto done;
					mz_err_clear(e);
					continue;
				}
				out->signups++;
				if ((aid + j) % 6 == 5)
					continue; /* signed up, never came */
				clock_at(midnight(day) + 8 * 3600 + 50 * 60 + j * 60, base);
				if (vol_activity_checkin(c, sys, aid, v, code, NULL, 0, e))
					goto done;
				clock_at(midnight(day) + 11 * 3600 + 40 * 60 + ((aid + j) % 25) * 60, base);
				if (vol_activity_checkin(c, sys, aid, v, code, NULL, 1, e))
					goto done;
				clock_at(midnight(day) + 15 * 3600, base);
				if (vol_activity_confirm(c, sys, aid, v, &credited, e))
					goto done;
				out->minutes += credited;
			}
		}
	rc = 0;
done:
	registry_division_list_release(&streets);
	return rc;
}
