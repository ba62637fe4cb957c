/* waitlist_offer.c - vacancies and offers down the queue (see waitlist.h).
 *
 * One open offer per application is the partial unique index of ec_offers
 * (which lives with the applicant). One open offer per vacancy is
 * ec_vacancies.open_offer_id: the transaction that inserts an offer sets it
 * with an UPDATE that requires it NULL (and so locks the vacancy row), and
 * deciding or expiring the offer clears it; a second offer for the same
 * vacancy finds it set and rolls back. (vacancy, application) is unique, so
 * a vacancy never returns to an applicant who declined it or let it
 * expire. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/waitlist.h"
#include "domains/eldercare/waitlist_internal.h"

static int wait_event(store_conn *c, const access_ctx *who, int64_t home_id, int64_t app_id,
		      int64_t person_id, const char *div, int64_t now, const char *event,
		      json_t *explanation, mz_err *e)
{
	char *text = json_dumps(explanation, JSON_COMPACT | JSON_SORT_KEYS);
	store_stmt *st = store_prepare(c, "INSERT INTO ec_wait_events (home_id, application_id,"
					  " person_id, division_code, at, event, explanation, by_login)"
					  " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e);
	int r = -1;

	if (st) {
		store_params(st, home_id, app_id, person_id, div, now, event, text, who->login);
		r = store_step(st, e) < 0 ? -1 : 0;
		store_done(st);
	}
	free(text);
	json_decref(explanation);
	return r;
}

static int exec_ids(store_conn *c, const char *sql, int64_t a, int64_t b, int64_t d, mz_err *e)
{
	store_stmt *st = store_prepare(c, sql, e);
	int r;

	if (!st)
		return -1;
	store_params(st, a, b);
	if (d)
		store_bind_i64(st, 3, d);
	r = store_step(st, e);
	store_done(st);
	return r < 0 ? -1 : 0;
}

/* Offers a vacancy to the first waiting applicant of the home's queue who
 * has not had it yet; *offer_id = 0 when nobody is left (the vacancy is
 * then 'unfilled'). Inside the caller's transaction. */
static int offer_next(store_conn *c, const access_ctx *who, int64_t vacancy_id,
		      int64_t home_id, int64_t now, int64_t *offer_id, mz_err *e)
{
	char div[16];
	int64_t provider;
	wait_rules w;
	ec_wait_key *k;
	size_t n, i, pos = 0;
	store_stmt *st;
	int r;

	*offer_id = 0;
	if (wait_home_lock_tx(c, home_id, e) || wait_home_division(c, home_id, div, &provider, e) ||
	    wait_rules_load(c, div, mz_today(), &w, e) ||
	    wait_queue_load(c, home_id, &w, mz_today(), &k, &n, e))
		return -1;
	for (i = 0; i < n; i++) {
		int64_t had = 0;

		if (strcmp(k[i].status, "waiting"))
			continue; /* holding an offer elsewhere */
		st = store_prepare(c, "SELECT count(*) FROM ec_offers WHERE vacancy_id = ? AND"
				      " application_id = ? AND person_id = ?", e);
		if (!st)
			goto fail;
		store_params(st, vacancy_id, k[i].app_id, k[i].person_id);
		r = store_step(st, e);
		if (r == 1)
			had = store_col_i64(st, 0);
		store_done(st);
		if (r < 0)
			goto fail;
		if (!had) {
			pos = i + 1;
			break;
		}
	}
	if (!pos) {
		free(k);
		return exec_ids(c, "UPDATE ec_vacancies SET status = 'unfilled' WHERE id = ? AND ? > 0",
				vacancy_id, 1, 0, e);
	}
	*offer_id = store_insert_id(c, e,
			"INSERT INTO ec_offers (vacancy_id, home_id, application_id, person_id,"
			" division_code, offered_at, deadline_at, status) VALUES (?, ?, ?, ?, ?, ?, ?,"
			" 'open') RETURNING id",
			vacancy_id, home_id, k[pos - 1].app_id, k[pos - 1].person_id,
			k[pos - 1].division, now, now + w.offer_days * 86400);
	r = *offer_id > 0 ? 1 : (int)*offer_id; /* 1 a new row, 0 none, -1 error */
	if (r != 1)
		goto fail;
	/* The vacancy's one open offer: the UPDATE locks the vacancy row and
	 * matches only while no offer holds it. */
	st = store_prepare(c, "UPDATE ec_vacancies SET open_offer_id = ? WHERE id = ?"
			      " AND open_offer_id IS NULL", e);
	if (!st)
		goto fail;
	store_params(st, *offer_id, vacancy_id);
	r = store_step(st, e);
	if (r == 0 && store_changes(st) == 0) {
		store_done(st);
		mz_fail(e, MZ_ECONFLICT, "vacancy_id", "the vacancy already has an open offer",
			"该空床位已有待确认的入住通知");
		goto fail;
	}
	store_done(st);
	if (r < 0 ||
	    exec_ids(c, "UPDATE ec_wait_applications SET status = 'offered', updated_at = ? WHERE id = ?",
		     now, k[pos - 1].app_id, 0, e) ||
	    wait_event(c, who, home_id, k[pos - 1].app_id, k[pos - 1].person_id, k[pos - 1].division,
		       now, "offered",
		       json_pack("{s:s,s:I,s:I,s:o,s:s,s:s}", "cause", "vacancy", "vacancy_id",
				 (json_int_t)vacancy_id, "position", (json_int_t)pos, "key",
				 ec_wait_key_json(&k[pos - 1]), "en",
				 "first waiting applicant in the queue not yet offered this bed",
				 "zh", "队列中尚未获得该床位的首位轮候人"), e))
		goto fail;
	free(k);
	return 0;
fail:
	free(k);
	return -1;
}

static json_t *offer_json(store_conn *c, int64_t id, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT id, vacancy_id, home_id, application_id, offered_at,"
					  " deadline_at, status, decided_by FROM ec_offers WHERE id = ?", e);
	json_t *o = NULL;
	int r;

	if (!st)
		return NULL;
	store_bind_i64(st, 1, id);
	r = store_step(st, e);
	if (r == 1)
		o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:s,s:s}", "id", (json_int_t)store_col_i64(st, 0),
			      "vacancy_id", (json_int_t)store_col_i64(st, 1), "home_id",
			      (json_int_t)store_col_i64(st, 2), "application_id",
			      (json_int_t)store_col_i64(st, 3), "offered_at",
			      (json_int_t)store_col_i64(st, 4), "deadline_at",
			      (json_int_t)store_col_i64(st, 5), "status", store_col_text(st, 6),
			      "decided_by", store_col_text(st, 7));
	store_done(st);
	return o;
}

static json_t *vacancy_json(store_conn *c, int64_t vacancy_id, int64_t offer_id, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT home_id, freed_on, status FROM ec_vacancies WHERE id = ?", e);
	json_t *o = NULL;
	int r;

	if (!st)
		return NULL;
	store_bind_i64(st, 1, vacancy_id);
	r = store_step(st, e);
	if (r == 1)
		o = json_pack("{s:I,s:I,s:s,s:s}", "id", (json_int_t)vacancy_id, "home_id",
			      (json_int_t)store_col_i64(st, 0), "freed_on", store_col_text(st, 1),
			      "status", store_col_text(st, 2));
	store_done(st);
	if (o)
		json_object_set_new(o, "offer", offer_id ? offer_json(c, offer_id, e) : json_null());
	return o;
}

/* May the caller act for this home: staff with it in scope, or its provider. */
static int home_actor(store_conn *c, const access_ctx *who, int64_t home_id, char div[16],
		      mz_err *e)
{
	int64_t provider, own;

	if (wait_home_division(c, home_id, div, &provider, e) || ec_provider_of(c, who, &own, e))
		return -1;
	if (own ? own != provider : !access_in_scope(who, div))
		return mz_failf(e, MZ_ENOTFOUND, "home_id", "no care home %lld", "养老院 %lld 不存在",
				(long long)home_id);
	return 0;
}

json_t *ec_vacancy_create(store_conn *c, const access_ctx *who, int64_t home_id,
			  const char *freed_on, const char *note, int64_t now, mz_err *e)
{
	char div[16];
	int64_t vid = 0, offer = 0;
	mz_day d;
	json_t *detail;
	int r;

	if (ec_parse_day(freed_on, "freed_on", &d, e) || home_actor(c, who, home_id, div, e))
		return NULL;
	/* The home's lock comes first, before the vacancy's row: on Citus both
	 * tables are reference tables, whose writes Citus serialises with a
	 * lock per table (an INSERT's shared, an UPDATE's exclusive). Two beds
	 * freed at once that each inserted first and then updated
	 * (offer_next's open_offer_id) waited on each other's insert: a
	 * deadlock. Behind the home's lock they run one after the other. */
	if (store_begin(c, e))
		return NULL;
	if (wait_home_lock_tx(c, home_id, e))
		goto fail;
	vid = store_insert_id(c, e,
			"INSERT INTO ec_vacancies (home_id, freed_on, note, created_by, created_at)"
			" VALUES (?, ?, ?, ?, ?) RETURNING id",
			home_id, freed_on, note ? note : "", who->login, now);
	r = vid > 0 ? 1 : (int)vid; /* 1 a new row, 0 none, -1 error */
	if (r != 1 || offer_next(c, who, vid, home_id, now, &offer, e))
		goto fail;
	detail = json_pack("{s:I,s:I}", "home_id", (json_int_t)home_id, "offer_id", (json_int_t)offer);
	r = audit_append(c, who, AUDIT_WRITE, "eldercare.wait.vacancy", "ec_vacancy", vid, div,
			 note ? note : "", detail, e);
	json_decref(detail);
	if (r || store_commit(c, e))
		goto fail;
	return vacancy_json(c, vid, offer, e);
fail:
	store_rollback(c);
	return NULL;
}

typedef struct offer_row {
	int64_t id, vacancy_id, home_id, app_id, person_id, deadline;
	char status[12], div[16];
} offer_row;

static int offer_load(store_conn *c, const access_ctx *who, int64_t id, offer_row *o, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT id, vacancy_id, home_id, application_id, deadline_at,"
					  " status, division_code, person_id FROM ec_offers WHERE id = ? AND"
					  " " ACCESS_SCOPE_SQL("division_code"), e);
	int r;

	if (!st)
		return -1;
	store_params(st, id, access_scope_arg(who));
	r = store_step(st, e);
	if (r == 1) {
		o->id = store_col_i64(st, 0);
		o->vacancy_id = store_col_i64(st, 1);
		o->home_id = store_col_i64(st, 2);
		o->app_id = store_col_i64(st, 3);
		o->deadline = store_col_i64(st, 4);
		mz_strlcpy(o->status, store_col_text(st, 5), sizeof(o->status));
		mz_strlcpy(o->div, store_col_text(st, 6), sizeof(o->div));
		o->person_id = store_col_i64(st, 7);
	}
	store_done(st);
	if (r == 0)
		return mz_failf(e, MZ_ENOTFOUND, "id", "no offer %lld", "床位通知 %lld 不存在",
				(long long)id);
	return r < 0 ? -1 : 0;
}

/* Closes an open offer as `status` and moves the vacancy on (inside a
 * transaction). */
static int offer_pass(store_conn *c, const access_ctx *who, const offer_row *o,
		      const char *status, int64_t now, int64_t *next, mz_err *e)
{
	store_stmt *st;
	int64_t moved;
	int r;

	/* The home before the offer's rows: the lock order of
	 * wait_home_lock_tx (offer_next takes it again, already held). */
	if (wait_home_lock_tx(c, o->home_id, e))
		return -1;
	st = store_prepare(c, "UPDATE ec_offers SET status = ?, decided_at = ?, decided_by = ?"
			      " WHERE id = ? AND status = 'open'", e);
	if (!st)
		return -1;
	store_params(st, status, now, who->login, o->id);
	r = store_step(st, e);
	if (r == 0 && store_changes(st) == 0) {
		store_done(st);
		return mz_fail(e, MZ_ESTATE, "status", "the offer is no longer open", "该床位通知已处理");
	}
	store_done(st);
	if (r < 0)
		return -1;
	/* The applicant keeps their place in every queue; the vacancy is free
	 * for the next offer. */
	if (exec_ids(c, "UPDATE ec_wait_applications SET status = 'waiting', updated_at = ? WHERE id = ?",
		     now, o->app_id, 0, e) ||
	    exec_ids(c, "UPDATE ec_vacancies SET open_offer_id = NULL WHERE id = ? AND open_offer_id = ?",
		     o->vacancy_id, o->id, 0, e) ||
	    wait_event(c, who, o->home_id, o->app_id, o->person_id, o->div, now, status,
		       json_pack("{s:s,s:I,s:s,s:s}", "cause", status, "vacancy_id",
				 (json_int_t)o->vacancy_id, "en",
				 !strcmp(status, "declined") ? "declined the bed; stays in the queue"
							     : "did not answer by the deadline; stays in the queue",
				 "zh", !strcmp(status, "declined") ? "放弃该床位，保留轮候资格"
								   : "逾期未确认，保留轮候资格"), e) ||
	    offer_next(c, who, o->vacancy_id, o->home_id, now, next, e) ||
	    wait_publish(c, who, o->home_id, status, &moved, e))
		return -1;
	return 0;
}

json_t *ec_offer_decide(store_conn *c, const access_ctx *who, int64_t offer_id, int accept,
			const char *reason, int64_t now, mz_err *e)
{
	offer_row o;
	int64_t next = 0, moved;
	json_t *out;

	if (ec_check_reason(reason, e) || offer_load(c, who, offer_id, &o, e))
		return NULL;
	if (strcmp(o.status, "open"))
		return mz_failf(e, MZ_ESTATE, "status", "the offer is %s", "该床位通知已%s", o.status), NULL;
	if (now > o.deadline)
		return mz_fail(e, MZ_ESTATE, "status", "the deadline to accept has passed",
			       "已超过确认期限"), NULL;
	if (store_begin(c, e))
		return NULL;
	/* The applicant's homes before the offer's rows (wait_home_lock_tx). */
	if (accept && wait_lock_app_homes(c, o.app_id, o.person_id, e))
		goto fail;
	if (accept) {
		store_stmt *st = store_prepare(c, "UPDATE ec_offers SET status = 'accepted', decided_at = ?,"
						  " decided_by = ? WHERE id = ? AND status = 'open'", e);
		int r;

		if (!st)
			goto fail;
		store_params(st, now, who->login, o.id);
		r = store_step(st, e);
		if (r == 0 && store_changes(st) == 0) {
			/* Decided or expired since it was read. */
			store_done(st);
			mz_fail(e, MZ_ESTATE, "status", "the offer is no longer open", "该床位通知已处理");
			goto fail;
		}
		store_done(st);
		if (r < 0 ||
		    exec_ids(c, "UPDATE ec_wait_applications SET status = 'admitted', admitted_home = ?,"
				" updated_at = ? WHERE id = ?", o.home_id, now, o.app_id, e) ||
		    exec_ids(c, "UPDATE ec_vacancies SET status = 'filled', open_offer_id = NULL"
				" WHERE id = ? AND ? > 0", o.vacancy_id, 1, 0, e) ||
		    wait_event(c, who, o.home_id, o.app_id, o.person_id, o.div, now, "admitted",
			       json_pack("{s:s,s:I,s:s,s:s}", "cause", "accepted", "vacancy_id",
					 (json_int_t)o.vacancy_id, "en", "accepted the bed: admitted",
					 "zh", "确认入住，退出轮候"), e) ||
		    wait_publish_app(c, who, o.app_id, o.person_id, "admission", &moved, e))
			goto fail;
	} else if (offer_pass(c, who, &o, "declined", now, &next, e)) {
		goto fail;
	}
	out = json_pack("{s:b,s:I}", "accept", accept, "next_offer_id", (json_int_t)next);
	if (audit_append(c, who, AUDIT_WRITE,
			 accept ? "eldercare.wait.accept" : "eldercare.wait.decline", "ec_offer", o.id,
			 o.div, reason, out, e) || store_commit(c, e)) {
		json_decref(out);
		goto fail;
	}
	json_decref(out);
	out = vacancy_json(c, o.vacancy_id, next ? next : o.id, e);
	if (out)
		json_object_set_new(out, "decided_offer", offer_json(c, o.id, e));
	return out;
fail:
	store_rollback(c);
	return NULL;
}

json_t *ec_offer_expire(store_conn *c, const access_ctx *who, int64_t now, mz_err *e)
{
	int64_t ids[256], expired = 0, reoffered = 0;
	size_t n = 0;
	store_stmt *st;
	json_t *d;
	int r;

	/* Scope: offers to applicants in scope, or at homes in scope. At most
	 * 256 a run; the next run takes the rest. */
	st = store_prepare(c, "SELECT o.id FROM ec_offers o JOIN ec_homes h ON h.id = o.home_id"
			      " WHERE o.status = 'open' AND o.deadline_at < ? AND ((" ACCESS_SCOPE_SQL("o.division_code")
			      ") OR " ACCESS_SCOPE_SQL("h.division_code") ")"
			      " ORDER BY o.deadline_at, o.id LIMIT 256", e);
	if (!st)
		return NULL;
	store_params(st, now, access_scope_arg(who), access_scope_arg(who));
	while ((r = store_step(st, e)) == 1 && n < 256)
		ids[n++] = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		access_ctx sys = *who;
		offer_row o;
		int64_t next = 0;

		/* The offer was selected by home or applicant scope; load it
		 * whatever the applicant's division. */
		sys.scope_lo[0] = 0;
		mz_strlcpy(sys.scope_hi, "\x7f", sizeof(sys.scope_hi));
		if (offer_load(c, &sys, ids[i], &o, e) || store_begin(c, e))
			return NULL;
		d = json_pack("{s:I}", "deadline_at", (json_int_t)o.deadline);
		if (offer_pass(c, who, &o, "expired", now, &next, e)) {
			json_decref(d);
			store_rollback(c);
			/* Decided, or expired by a sweep running at the same
			 * time, since the list was read: not this sweep's. */
			if (e && e->code == MZ_ESTATE) {
				memset(e, 0, sizeof(*e));
				continue;
			}
			return NULL;
		}
		if (audit_append(c, who, AUDIT_WRITE, "eldercare.wait.expire", "ec_offer", o.id, o.div,
				 "deadline passed", d, e) || store_commit(c, e)) {
			json_decref(d);
			store_rollback(c);
			return NULL;
		}
		json_decref(d);
		expired++;
		reoffered += next != 0;
	}
	return json_pack("{s:I,s:I}", "expired", (json_int_t)expired, "reoffered", (json_int_t)reoffered);
}
