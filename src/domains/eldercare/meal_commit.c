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
 * once, and wakes the others with their results. Nobody waits for a timer:
 * a lone check-in commits at once, a crowd shares each fsync.
 *
 * The one-subsidy-per-slot rule stays with the database: each row is
 * INSERT ... ON CONFLICT DO NOTHING against the partial unique index, so
 * two rows for the same elder and slot, in one batch or in two, let exactly
 * one through, and a refused row does not abort its neighbours (PostgreSQL
 * would abort the whole transaction on a plain unique violation).
 *
 * There is no thread of our own: the leader is a request thread using its
 * own connection, so nothing needs starting or stopping. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/eldercare/meal_commit.h"

#define BATCH_MAX 256

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	ec_meal_row *head, *tail;
	int leading; /* a leader is writing a batch */
} q = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, NULL, 0 };

static void finish_all(ec_meal_row **rows, int n, int rc, const mz_err *e)
{
	for (int i = 0; i < n; i++) {
		rows[i]->rc = rc;
		rows[i]->id = 0;
		if (e)
			rows[i]->err = *e;
	}
}

/* Writes one batch in one transaction on c. Sets rc/id/err of every row. */
static void run_batch(store_conn *c, ec_meal_row **rows, int n)
{
	audit_entry ents[BATCH_MAX];
	char idtext[BATCH_MAX][24];
	int nents = 0;
	mz_err e = { 0 };

	if (store_begin(c, &e)) {
		finish_all(rows, n, -1, &e);
		return;
	}
	for (int i = 0; i < n; i++) {
		ec_meal_row *m = rows[i];
		store_stmt *st = store_prepare(c,
			"INSERT INTO ec_meals (canteen_id, canteen_division, person_id, division_code,"
			" served_on, month, slot, mode, method, tier, category, price_fen, subsidy_fen,"
			" paid_fen, city_fen, district_fen, town_fen, subsidised, cross_town,"
			" cross_district, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
			" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id", &e);
		int r;

		if (!st)
			goto fail;
		store_params(st, m->canteen_id, m->canteen_division, m->person_id, m->division,
				 m->day, m->month, m->slot, m->mode, m->method, m->q.tier,
				 m->q.category, m->q.price, m->q.subsidy, m->q.paid, m->q.city,
				 m->q.district, m->q.town, m->q.subsidy > 0, m->q.cross_town,
				 m->q.cross_district, m->who->login, m->now);
		r = store_step(st, &e);
		m->id = r == 1 ? store_col_i64(st, 0) : 0;
		store_done(st);
		if (r < 0)
			goto fail;
		m->rc = r == 1 ? 0 : 1; /* no row back: the slot's subsidy was taken */
		if (m->rc)
			continue;
		snprintf(idtext[nents], sizeof(idtext[nents]), "%lld", (long long)m->id);
		audit_entry_init(&ents[nents], m->who, "eldercare.meal.checkin", "ec_meal",
				 idtext[nents], m->division, "");
		ents[nents].detail = m->detail;
		nents++;
	}
	if (audit_append_tx(c, ents, nents, &e) || store_commit(c, &e))
		goto fail;
	return;
fail:
	store_rollback(c);
	finish_all(rows, n, -1, &e);
}

int ec_meal_commit(store_conn *c, ec_meal_row *row)
{
	store *mine = store_conn_store(c);

	row->store = mine;
	row->done = 0;
	row->next = NULL;
	pthread_mutex_lock(&q.lock);
	if (q.tail)
		q.tail->next = row;
	else
		q.head = row;
	q.tail = row;
	while (!row->done) {
		ec_meal_row *batch[BATCH_MAX], **pp;
		int n = 0;

		if (q.leading) {
			pthread_cond_wait(&q.wake, &q.lock);
			continue;
		}
		/* Lead: take the queued rows of this database (a process could
		 * hold two stores; each row commits through its own). */
		q.leading = 1;
		q.tail = NULL;
		for (pp = &q.head; *pp;) {
			if ((*pp)->store == mine && n < BATCH_MAX) {
				batch[n++] = *pp;
				*pp = (*pp)->next;
			} else {
				q.tail = *pp;
				pp = &(*pp)->next;
			}
		}
		pthread_mutex_unlock(&q.lock);
		run_batch(c, batch, n);
		pthread_mutex_lock(&q.lock);
		for (int i = 0; i < n; i++)
			batch[i]->done = 1;
		q.leading = 0;
		pthread_cond_broadcast(&q.wake);
	}
	pthread_mutex_unlock(&q.lock);
	return row->rc;
}
