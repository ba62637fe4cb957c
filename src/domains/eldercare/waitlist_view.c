/* waitlist_view.c - what people see of the waiting list: a home's queue
 * with the key of every place, an applicant's positions and history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/waitlist.h"
#include "domains/eldercare/waitlist_internal.h"
#include "registry/idcard.h"

static json_t *loads_or_null(const char *text)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;

	return j ? j : json_null();
}

json_t *ec_wait_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	char div[16], status[12];
	int64_t pid;
	ec_person p;
	store_stmt *st;
	json_t *o, *homes, *offers, *events;
	int r;

	if (wait_app_load(c, who, id, div, status, &pid, e) || ec_person_load(c, who, pid, &p, e))
		return NULL;
	o = json_pack("{s:I,s:s,s:o}", "id", (json_int_t)id, "status", status, "person",
		      ec_person_brief(&p, mz_today()));
	homes = json_array();
	json_object_set_new(o, "homes", homes);
	/* The queue lengths are counted after, home by home: the positions are
	 * distributed by person on Citus, where a count correlated on the home
	 * is refused (docs/scaling.md, step 5). */
	st = store_prepare(c, "SELECT ch.home_id, ch.rank, h.name, wp.position, wp.sort_key,"
			      " 0, a.applied_on FROM ec_wait_choices ch JOIN ec_homes h ON h.id = ch.home_id"
			      " JOIN ec_wait_applications a ON a.id = ch.application_id"
			      " AND a.person_id = ch.person_id LEFT JOIN ec_wait_positions wp ON"
			      " wp.home_id = ch.home_id AND wp.application_id = ch.application_id AND"
			      " wp.person_id = ch.person_id WHERE ch.application_id = ? AND ch.person_id = ?"
			      " ORDER BY ch.rank", e);
	if (!st)
		goto fail;
	store_params(st, id, pid);
	while ((r = store_step(st, e)) == 1) {
		json_object_set_new(o, "applied_on", json_string(store_col_text(st, 6)));
		json_array_append_new(homes, json_pack("{s:I,s:I,s:s,s:o,s:I,s:o}", "home_id",
			(json_int_t)store_col_i64(st, 0), "choice", (json_int_t)store_col_i64(st, 1),
			"name", store_col_text(st, 2), "position",
			store_col_is_null(st, 3) ? json_null() : json_integer(store_col_i64(st, 3)),
			"queue_length", (json_int_t)store_col_i64(st, 5), "key",
			loads_or_null(store_col_text(st, 4))));
	}
	store_done(st);
	if (r < 0)
		goto fail;
	for (size_t i = 0; i < json_array_size(homes); i++) {
		json_t *h = json_array_get(homes, i);

		st = store_prepare(c, "SELECT count(*) FROM ec_wait_positions WHERE home_id = ?", e);
		if (!st)
			goto fail;
		store_bind_i64(st, 1, json_integer_value(json_object_get(h, "home_id")));
		r = store_step(st, e);
		if (r == 1)
			json_object_set_new(h, "queue_length", json_integer(store_col_i64(st, 0)));
		store_done(st);
		if (r < 0)
			goto fail;
	}
	offers = json_array();
	json_object_set_new(o, "offers", offers);
	st = store_prepare(c, "SELECT id, vacancy_id, home_id, offered_at, deadline_at, status FROM"
			      " ec_offers WHERE application_id = ? AND person_id = ? ORDER BY id", e);
	if (!st)
		goto fail;
	store_params(st, id, pid);
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(offers, json_pack("{s:I,s:I,s:I,s:I,s:I,s:s}", "id",
			(json_int_t)store_col_i64(st, 0), "vacancy_id", (json_int_t)store_col_i64(st, 1),
			"home_id", (json_int_t)store_col_i64(st, 2), "offered_at",
			(json_int_t)store_col_i64(st, 3), "deadline_at", (json_int_t)store_col_i64(st, 4),
			"status", store_col_text(st, 5)));
	store_done(st);
	if (r < 0)
		goto fail;
	events = json_array();
	json_object_set_new(o, "events", events);
	st = store_prepare(c, "SELECT id, home_id, at, event, old_position, new_position, explanation,"
			      " by_login FROM ec_wait_events WHERE application_id = ? AND person_id = ?"
			      " ORDER BY id DESC LIMIT 100", e);
	if (!st)
		goto fail;
	store_params(st, id, pid);
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(events, json_pack("{s:I,s:o,s:I,s:s,s:o,s:o,s:o,s:s}", "id",
			(json_int_t)store_col_i64(st, 0), "home_id",
			store_col_is_null(st, 1) ? json_null() : json_integer(store_col_i64(st, 1)),
			"at", (json_int_t)store_col_i64(st, 2), "event", store_col_text(st, 3),
			"old_position", store_col_is_null(st, 4) ? json_null() : json_integer(store_col_i64(st, 4)),
			"new_position", store_col_is_null(st, 5) ? json_null() : json_integer(store_col_i64(st, 5)),
			"explanation", loads_or_null(store_col_text(st, 6)), "by", store_col_text(st, 7)));
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_READ, "eldercare.wait.read", "ec_wait_application", id,
				  div, "", NULL, e))
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

json_t *ec_wait_queue(store_conn *c, const access_ctx *who, int64_t home_id, mz_err *e)
{
	char div[16];
	int64_t provider, own;
	store_stmt *st;
	json_t *items, *shown;
	int r;

	if (wait_home_division(c, home_id, div, &provider, e) || ec_provider_of(c, who, &own, e))
		return NULL;
	if (own && own != provider)
		return mz_failf(e, MZ_ENOTFOUND, "home_id", "no care home %lld", "养老院 %lld 不存在",
				(long long)home_id), NULL;
	/* The published queue (positions as last computed), with the key that
	 * placed each one. People outside the caller's scope are shown by their
	 * place and a masked line only: their key holds a birth date and an
	 * assistance category, personal data of another district. A 海珠
	 * caseworker learns that someone is ahead, never who or why. */
	st = store_prepare(c, "SELECT wp.position, wp.application_id, wp.sort_key, a.status,"
			      " a.division_code, wp.person_id FROM ec_wait_positions wp"
			      " JOIN ec_wait_applications a ON a.id = wp.application_id"
			      " AND a.person_id = wp.person_id"
			      " WHERE wp.home_id = ? ORDER BY wp.position", e);
	if (!st)
		return NULL;
	store_bind_i64(st, 1, home_id);
	items = json_array();
	/* Only the visible rows carry who they are: they alone go to the
	 * registry, and only they get a name back. */
	shown = json_array();
	while ((r = store_step(st, e)) == 1) {
		const char *adiv = store_col_text(st, 4);
		int visible = !own && access_in_scope(who, adiv);
		json_t *o;

		if (!visible && !own) {
			json_array_append_new(items, json_pack("{s:I,s:b}", "position",
							       (json_int_t)store_col_i64(st, 0),
							       "masked", 1));
			continue;
		}
		o = json_pack("{s:I,s:s,s:o}", "position", (json_int_t)store_col_i64(st, 0),
			      "status", store_col_text(st, 3), "key",
			      loads_or_null(store_col_text(st, 2)));
		{
			json_object_set_new(o, "application_id", json_integer(store_col_i64(st, 1)));
			json_object_set_new(o, "person_id", json_integer(store_col_i64(st, 5)));
			json_object_set_new(o, "division_code", json_string(adiv));
			json_array_append(shown, o);
		}
		json_array_append_new(items, o);
	}
	store_done(st);
	if (r >= 0)
		r = ec_items_name_persons(c, shown, 1, e);
	{
		size_t i;
		json_t *o;

		/* The queue has always shown names, not person ids. */
		json_array_foreach(shown, i, o)
			json_object_del(o, "person_id");
	}
	json_decref(shown);
	if (r < 0 || audit_append(c, who, AUDIT_READ, "eldercare.wait.queue", "ec_home", home_id, div,
				  "", NULL, e)) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:I,s:o}", "home_id", (json_int_t)home_id, "items", items);
}

json_t *ec_wait_requeue(store_conn *c, const access_ctx *who, int64_t home_id,
			const char *reason, mz_err *e)
{
	char div[16];
	int64_t provider, moved;
	json_t *d;
	int r;

	if (ec_check_reason(reason, e) || wait_home_division(c, home_id, div, &provider, e))
		return NULL;
	if (!access_in_scope(who, div))
		return mz_failf(e, MZ_ENOTFOUND, "home_id", "no care home %lld", "养老院 %lld 不存在",
				(long long)home_id), NULL;
	if (store_begin(c, e))
		return NULL;
	if (wait_publish(c, who, home_id, "recompute", &moved, e))
		goto fail;
	d = json_pack("{s:I}", "moved", (json_int_t)moved);
	r = audit_append(c, who, AUDIT_WRITE, "eldercare.wait.requeue", "ec_home", home_id, div,
			 reason, d, e);
	if (r || store_commit(c, e)) {
		json_decref(d);
		goto fail;
	}
	return d;
fail:
	store_rollback(c);
	return NULL;
}
