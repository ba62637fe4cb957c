/* meal_commit.c - group commit of counter check-ins.
 *
 * At the lunch peak a thousand counters check elders in at once. Each
 * check-in must be durable (and audited) before the counter sees it, and a
 * durable commit costs one fsync: one transaction per check-in caps the
 * city at a few hundred check-ins a second on an ordinary disk, however
 * fast the rest is. So check-ins share commits: every request thread does
 * its reads and pricing alone, then queues its meal row; the first thread
 * to find no commit under way becomes the leader, takes every queued row,
 * writes them all in one transaction with their audit records, commits
 * once, and wakes the others with their results (store/group_commit.h, the
 * one mechanism audited reads use too). Nobody waits for a timer: a lone
 * check-in commits at once, a crowd shares each fsync.
 *
 * The one-subsidy-per-slot rule stays with the database: each row is
 * INSERT ... ON CONFLICT DO NOTHING against the partial unique index, so
 * two rows for the same elder and slot, in one batch or in two, let exactly
 * one through, and a refused row does not abort its neighbours (PostgreSQL
 * would abort the whole transaction on a plain unique violation). A row that
 * fails outright is dropped from its batch and the rest commit without it. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/eldercare/meal_commit.h"
#include "store/group_commit.h"

#define BATCH_MAX 256

static store_group meal_group = STORE_GROUP_INIT(BATCH_MAX);

/* One check-in, inside the leader's transaction: the meal row and, when it
 * went in, its audit record. May run twice (group_commit.h), so it sets
 * its outputs afresh. */
static int meal_unit(store_conn *c, void *arg, mz_err *e)
{
	ec_meal_row *m = arg;
	store_stmt *st = store_prepare(c,
		"INSERT INTO ec_meals (canteen_id, canteen_division, person_id, division_code,"
		" served_on, month, slot, mode, method, tier, category, price_fen, subsidy_fen,"
		" paid_fen, city_fen, district_fen, town_fen, subsidised, cross_town,"
		" cross_district, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id", e);
	int r;

	m->id = 0;
	m->rc = 0;
	if (!st)
		return -1;
	store_params(st, m->canteen_id, m->canteen_division, m->person_id, m->division, m->day,
		     m->month, m->slot, m->mode, m->method, m->q.tier, m->q.category, m->q.price,
		     m->q.subsidy, m->q.paid, m->q.city, m->q.district, m->q.town, m->q.subsidy > 0,
		     m->q.cross_town, m->q.cross_district, m->who->login, m->now);
	r = store_step(st, e);
	m->id = r == 1 ? store_col_i64(st, 0) : 0;
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0) {
		m->rc = 1; /* no row back: the slot's subsidy was taken */
		return 0;
	}
	return audit_append(c, m->who, AUDIT_WRITE, "eldercare.meal.checkin", "ec_meal", m->id,
			    m->division, "", m->detail, e);
}

int ec_meal_commit(store_conn *c, ec_meal_row *row)
{
	mz_err e = { 0 };

	if (store_group_commit(&meal_group, store_conn_store(c), meal_unit, row, &e)) {
		row->rc = -1;
		row->id = 0;
		row->err = e;
	}
	return row->rc;
}
