/* waitlist.c - care homes, applications and the published queues (see
 * waitlist.h). The queue of a home is recomputed from the data each time
 * (categories and assessments change under it) and compared with the last
 * published positions: that comparison is what explains every move. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "domains/eldercare/assess.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/params.h"
#include "domains/eldercare/waitlist.h"
#include "domains/eldercare/waitlist_internal.h"
#include "registry/idcard.h"
#include "registry/registry.h"

#define WAIT_MAX_HOMES 5

/* ---- homes ---- */

json_t *ec_home_create(store_conn *c, const access_ctx *who, json_t *in, mz_err *e)
{
	const char *name = json_string_value(json_object_get(in, "name"));
	const char *div = json_string_value(json_object_get(in, "division_code"));
	const char *addr = json_string_value(json_object_get(in, "address"));
	const char *reason = json_string_value(json_object_get(in, "reason"));
	json_t *beds = json_object_get(in, "beds_total");
	int64_t provider = json_integer_value(json_object_get(in, "provider_id")), id = 0;
	store_stmt *st;
	int r;

	if (!name || !*name || strlen(name) > 120)
		return mz_fail(e, MZ_EINVAL, "name", "name is required", "请填写养老院名称"), NULL;
	if (!div || strlen(div) < 6 || strlen(div) > 12 || !access_in_scope(who, div))
		return mz_fail(e, MZ_EINVAL, "division_code", "the division must be within your scope",
			       "所属区划须在您的管辖范围内"), NULL;
	if (!json_is_integer(beds) || json_integer_value(beds) < 0 || json_integer_value(beds) > 100000)
		return mz_fail(e, MZ_EINVAL, "beds_total", "beds_total must be a whole number",
			       "床位数须为整数"), NULL;
	if (ec_check_reason(reason, e) || store_begin(c, e))
		return NULL;
	st = store_prepare(c, "INSERT INTO ec_homes (provider_id, name, division_code, address,"
			      " beds_total, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", e);
	if (!st)
		goto fail;
	if (provider)
		store_bind_i64(st, 1, provider);
	else
		store_bind_null(st, 1);
	store_params_at(st, 2, name, div, addr ? addr : "", json_integer_value(beds),
			       mz_now_unix());
	r = store_step(st, e);
	if (r == 1)
		id = store_col_i64(st, 0);
	store_done(st);
	if (r != 1 || audit_append(c, who, AUDIT_WRITE, "eldercare.home.create", "ec_home", id, div,
				   reason, NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return json_pack("{s:I,s:s,s:s,s:I}", "id", (json_int_t)id, "name", name, "division_code",
			 div, "beds_total", (json_int_t)json_integer_value(beds));
fail:
	store_rollback(c);
	return NULL;
}

json_t *ec_home_list(store_conn *c, const access_ctx *who, mz_err *e)
{
	/* The queue per home is counted once, grouped, and joined to the homes:
	 * on Citus the homes are a reference table and the choices distributed
	 * by person, where a count correlated on the home is refused
	 * (docs/scaling.md, step 5). */
	store_stmt *st = store_prepare(c, "SELECT h.id, h.name, h.division_code, h.address, h.beds_total,"
					  " h.provider_id, COALESCE(w.n, 0) FROM ec_homes h LEFT JOIN"
					  " (SELECT ch.home_id, count(*) AS n FROM ec_wait_choices ch JOIN"
					  " ec_wait_applications a ON a.id = ch.application_id"
					  " AND a.person_id = ch.person_id WHERE a.status IN ('waiting', 'offered')"
					  " GROUP BY ch.home_id) w ON w.home_id = h.id"
					  " WHERE h.status = 'open' AND h.public_home = 1 ORDER BY h.division_code, h.id", e);
	json_t *items;
	int r;

	(void)who;
	if (!st)
		return NULL;
	items = json_array();
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:I,s:o,s:I}", "id",
			(json_int_t)store_col_i64(st, 0), "name", store_col_text(st, 1), "division_code",
			store_col_text(st, 2), "address", store_col_text(st, 3), "beds_total",
			(json_int_t)store_col_i64(st, 4), "provider_id",
			store_col_is_null(st, 5) ? json_null() : json_integer(store_col_i64(st, 5)),
			"queue_length", (json_int_t)store_col_i64(st, 6)));
	store_done(st);
	if (r < 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o}", "items", items);
}

/* ---- keys and queues ---- */

int wait_rules_load(store_conn *c, const char *division, mz_day on, wait_rules *w, mz_err *e)
{
	ec_params p;
	const char *order, *ranks;
	int r;

	if (ec_params_load(c, on, &p, e))
		return -1;
	r = ec_param_str(&p, "waitlist.order", division, &order, e) ||
	    ec_param_str(&p, "waitlist.category_ranks", division, &ranks, e) ||
	    ec_param_int(&p, "waitlist.offer_days", division, &w->offer_days, e);
	if (!r) {
		mz_strlcpy(w->ranks, ranks, sizeof(w->ranks));
		r = ec_wait_order_parse(order, w->crit, &w->ncrit, e);
	}
	ec_params_release(&p);
	return r ? -1 : 0;
}

int wait_home_division(store_conn *c, int64_t home_id, char div[16], int64_t *provider,
		       mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT division_code, provider_id FROM ec_homes WHERE id = ?", e);
	int r;

	if (!st)
		return -1;
	store_bind_i64(st, 1, home_id);
	r = store_step(st, e);
	if (r == 1) {
		mz_strlcpy(div, store_col_text(st, 0), 16);
		*provider = store_col_is_null(st, 1) ? 0 : store_col_i64(st, 1);
	}
	store_done(st);
	if (r == 0)
		return mz_failf(e, MZ_ENOTFOUND, "home_id", "no care home %lld", "养老院 %lld 不存在",
				(long long)home_id);
	return r < 0 ? -1 : 0;
}

int wait_queue_load(store_conn *c, int64_t home_id, const wait_rules *w, mz_day on,
		    ec_wait_key **out, size_t *n, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT a.id, a.person_id, a.applied_on, a.status,"
					  " a.division_code FROM ec_wait_applications a"
					  " JOIN ec_wait_choices ch ON ch.application_id = a.id"
					  " AND ch.person_id = a.person_id WHERE ch.home_id = ? AND a.status IN"
					  " ('waiting', 'offered')", e);
	int64_t *ids = NULL;
	registry_person *ps = NULL;
	size_t kept = 0;
	ec_wait_key *k = NULL;
	size_t cap = 0, cnt = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	store_bind_i64(st, 1, home_id);
	while ((r = store_step(st, e)) == 1) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			k = mz_xrealloc(k, cap * sizeof(*k));
		}
		memset(&k[cnt], 0, sizeof(k[cnt]));
		k[cnt].app_id = store_col_i64(st, 0);
		k[cnt].person_id = store_col_i64(st, 1);
		k[cnt].applied_on = mz_day_parse(store_col_text(st, 2));
		mz_strlcpy(k[cnt].status, store_col_text(st, 3), sizeof(k[cnt].status));
		mz_strlcpy(k[cnt].division, store_col_text(st, 4), sizeof(k[cnt].division));
		cnt++;
	}
	store_done(st);
	if (r < 0)
		goto fail;
	/* Birth date and flags are the registry's, read for the whole queue in
	 * one call; an applicant the registry no longer has leaves the queue,
	 * as the join it replaces dropped them. */
	if (cnt) {
		ids = mz_xmalloc(cnt * sizeof(*ids));
		ps = mz_xmalloc(cnt * sizeof(*ps));
		for (size_t i = 0; i < cnt; i++)
			ids[i] = k[i].person_id;
		if (registry_person_list_by_ids(c, ids, cnt, ps, e))
			goto fail;
		for (size_t i = 0; i < cnt; i++) {
			if (!ps[i].id)
				continue;
			k[kept] = k[i];
			k[kept].birth = ps[i].birth;
			/* persons.flags marks special families and veterans too. */
			k[kept].special_family = ec_list_has(ps[i].flags, "special_family");
			k[kept].youfu = ec_list_has(ps[i].flags, "veteran");
			kept++;
		}
		cnt = kept;
		free(ps);
		free(ids);
		ps = NULL;
		ids = NULL;
	}
	for (size_t i = 0; i < cnt; i++) {
		char cats[256];

		if (ec_person_categories(c, k[i].person_id, on, cats, sizeof(cats), e) ||
		    ec_assess_level_of(c, k[i].person_id, &k[i].level, NULL, e))
			goto fail;
		k[i].cat_rank = ec_wait_rank_of(w->ranks, cats, k[i].category);
		k[i].special_family |= ec_list_has(cats, "special_family");
		k[i].youfu |= ec_list_has(cats, "youfu");
	}
	ec_wait_sort(w->crit, w->ncrit, k, cnt);
	*out = k;
	*n = cnt;
	return 0;
fail:
	free(ps);
	free(ids);
	free(k);
	return -1;
}

/* Recomputes and publishes a home's queue inside the caller's transaction:
 * every application whose position changed gets an event with its key and
 * the cause. *moved counts them. */
int wait_publish(store_conn *c, const access_ctx *who, int64_t home_id, const char *cause,
		 int64_t *moved, mz_err *e)
{
	char div[16];
	int64_t provider, now = mz_now_unix();
	wait_rules w;
	ec_wait_key *k;
	size_t n;
	store_stmt *st;
	int r;

	*moved = 0;
	/* The queue is read, compared with what was published and rewritten:
	 * the home's lock makes that one step per home on PostgreSQL too. */
	if (wait_home_lock_tx(c, home_id, e) || wait_home_division(c, home_id, div, &provider, e) ||
	    wait_rules_load(c, div, mz_today(), &w, e) ||
	    wait_queue_load(c, home_id, &w, mz_today(), &k, &n, e))
		return -1;
	for (size_t i = 0; i < n; i++) {
		int64_t old = -1;
		json_t *key = ec_wait_key_json(&k[i]), *ex;
		char *keytext = json_dumps(key, JSON_COMPACT | JSON_SORT_KEYS), *extext;

		st = store_prepare(c, "SELECT position FROM ec_wait_positions WHERE home_id = ? AND"
				      " application_id = ? AND person_id = ?", e);
		if (!st)
			goto fail_key;
		store_params(st, home_id, k[i].app_id, k[i].person_id);
		r = store_step(st, e);
		if (r == 1)
			old = store_col_i64(st, 0);
		store_done(st);
		if (r < 0)
			goto fail_key;
		if (old == (int64_t)i + 1) {
			/* Same place: refresh the key (it may have changed without a move). */
			st = store_prepare(c, "UPDATE ec_wait_positions SET sort_key = ? WHERE home_id = ?"
					      " AND application_id = ? AND person_id = ?", e);
		} else {
			st = old < 0 ? store_prepare(c, "INSERT INTO ec_wait_positions (sort_key, home_id,"
							 " application_id, person_id, position) VALUES (?, ?, ?, ?, ?)", e)
				     : store_prepare(c, "UPDATE ec_wait_positions SET sort_key = ?,"
							 " position = ? WHERE home_id = ? AND application_id = ?"
							 " AND person_id = ?", e);
		}
		if (!st)
			goto fail_key;
		store_bind_text(st, 1, keytext);
		if (old == (int64_t)i + 1) {
			store_params_at(st, 2, home_id, k[i].app_id, k[i].person_id);
		} else if (old < 0) {
			store_params_at(st, 2, home_id, k[i].app_id, k[i].person_id,
					       (int64_t)i + 1);
		} else {
			store_params_at(st, 2, (int64_t)i + 1, home_id, k[i].app_id,
					       k[i].person_id);
		}
		r = store_step(st, e);
		store_done(st);
		if (r < 0)
			goto fail_key;
		if (old != (int64_t)i + 1) {
			ex = json_pack("{s:s,s:o,s:s,s:s}", "cause", cause, "key", json_incref(key), "en",
				       old < 0 ? "entered the queue at the place its key gives"
					       : "moved: the queue was re-ordered by the rules in force",
				       "zh", old < 0 ? "按排序条件进入轮候队列" : "按现行排序规则重新排序，位次变动");
			extext = json_dumps(ex, JSON_COMPACT | JSON_SORT_KEYS);
			json_decref(ex);
			st = store_prepare(c, "INSERT INTO ec_wait_events (home_id, application_id, person_id,"
					      " division_code, at, event, old_position, new_position, explanation,"
					      " by_login) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
			if (!st) {
				free(extext);
				goto fail_key;
			}
			store_params(st, home_id, k[i].app_id, k[i].person_id, k[i].division, now,
					 old < 0 ? "entered" : "moved");
			if (old < 0)
				store_bind_null(st, 7);
			else
				store_bind_i64(st, 7, old);
			store_params_at(st, 8, (int64_t)i + 1, extext, who->login);
			r = store_step(st, e);
			store_done(st);
			free(extext);
			if (r < 0)
				goto fail_key;
			(*moved)++;
		}
		free(keytext);
		json_decref(key);
		continue;
fail_key:
		free(keytext);
		json_decref(key);
		free(k);
		return -1;
	}
	free(k);
	/* Those no longer waiting leave the published queue. */
	st = store_prepare(c, "DELETE FROM ec_wait_positions WHERE home_id = ? AND (application_id,"
			      " person_id) IN (SELECT id, person_id FROM ec_wait_applications WHERE status"
			      " NOT IN ('waiting', 'offered'))", e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, home_id);
	r = store_step(st, e);
	store_done(st);
	return r < 0 ? -1 : 0;
}

int wait_home_lock_tx(store_conn *c, int64_t home_id, mz_err *e)
{
	return store_update_id(c, "UPDATE ec_homes SET status = status WHERE id = ?", home_id, e) < 0
		       ? -1 : 0;
}

/* The homes an application chose, by home id: locks are always taken in
 * that order, so two transactions locking several homes cannot deadlock. */
static int app_homes(store_conn *c, int64_t app_id, int64_t person_id,
		     int64_t homes[WAIT_MAX_HOMES], size_t *nh, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT home_id FROM ec_wait_choices WHERE application_id = ?"
					  " AND person_id = ? ORDER BY home_id", e);
	int r;

	*nh = 0;
	if (!st)
		return -1;
	store_params(st, app_id, person_id);
	while ((r = store_step(st, e)) == 1 && *nh < WAIT_MAX_HOMES)
		homes[(*nh)++] = store_col_i64(st, 0);
	store_done(st);
	return r < 0 ? -1 : 0;
}

int wait_lock_app_homes(store_conn *c, int64_t app_id, int64_t person_id, mz_err *e)
{
	int64_t homes[WAIT_MAX_HOMES];
	size_t nh;

	if (app_homes(c, app_id, person_id, homes, &nh, e))
		return -1;
	for (size_t i = 0; i < nh; i++)
		if (wait_home_lock_tx(c, homes[i], e))
			return -1;
	return 0;
}

/* Publishes every home an application chose (locking them all first, in
 * home order, before the first queue is read). */
int wait_publish_app(store_conn *c, const access_ctx *who, int64_t app_id, int64_t person_id,
		     const char *cause, int64_t *moved, mz_err *e)
{
	int64_t homes[WAIT_MAX_HOMES], m;
	size_t nh = 0;

	*moved = 0;
	if (app_homes(c, app_id, person_id, homes, &nh, e))
		return -1;
	for (size_t i = 0; i < nh; i++)
		if (wait_home_lock_tx(c, homes[i], e))
			return -1;
	for (size_t i = 0; i < nh; i++) {
		if (wait_publish(c, who, homes[i], cause, &m, e))
			return -1;
		*moved += m;
	}
	return 0;
}

/* ---- applications ---- */

static int cmp_home(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Locks the homes of a new application (validated ids, at most
 * WAIT_MAX_HOMES) in home order. */
static int lock_chosen_homes(store_conn *c, json_t *homes, mz_err *e)
{
	int64_t ids[WAIT_MAX_HOMES];
	size_t n = json_array_size(homes);

	for (size_t i = 0; i < n; i++)
		ids[i] = json_integer_value(json_array_get(homes, i));
	qsort(ids, n, sizeof ids[0], cmp_home);
	for (size_t i = 0; i < n; i++)
		if (wait_home_lock_tx(c, ids[i], e))
			return -1;
	return 0;
}

json_t *ec_wait_apply(store_conn *c, const access_ctx *who, json_t *in, mz_err *e)
{
	json_int_t pid = json_integer_value(json_object_get(in, "person_id"));
	const char *applied = json_string_value(json_object_get(in, "applied_on"));
	const char *note = json_string_value(json_object_get(in, "note"));
	const char *reason = json_string_value(json_object_get(in, "reason"));
	json_t *homes = json_object_get(in, "homes"), *d;
	int64_t id = 0, moved, provider;
	char hdiv[16];
	mz_day on;
	ec_person p;
	store_stmt *st;
	size_t i;
	int r;

	if (ec_parse_day(applied, "applied_on", &on, e) || ec_check_reason(reason, e))
		return NULL;
	if (on > mz_today())
		return mz_fail(e, MZ_EINVAL, "applied_on", "applied_on cannot be in the future",
			       "申请日期不能晚于今天"), NULL;
	if (!json_is_array(homes) || json_array_size(homes) < 1 ||
	    json_array_size(homes) > WAIT_MAX_HOMES)
		return mz_fail(e, MZ_EINVAL, "homes", "choose one to five care homes",
			       "请选择 1 至 5 家养老院"), NULL;
	for (i = 0; i < json_array_size(homes); i++) {
		if (!json_is_integer(json_array_get(homes, i)))
			return mz_fail(e, MZ_EINVAL, "homes", "homes must be care-home ids",
				       "养老院编号无效"), NULL;
		if (wait_home_division(c, json_integer_value(json_array_get(homes, i)), hdiv,
				       &provider, e)) {
			if (e)
				mz_strlcpy(e->field, "homes", sizeof(e->field));
			return NULL;
		}
		for (size_t j = 0; j < i; j++)
			if (json_equal(json_array_get(homes, i), json_array_get(homes, j)))
				return mz_fail(e, MZ_EINVAL, "homes", "a home is chosen twice",
					       "同一养老院不能重复选择"), NULL;
	}
	if (ec_person_load(c, who, pid, &p, e))
		return NULL;
	if (p.death != MZ_DAY_INVALID)
		return mz_fail(e, MZ_ESTATE, "person_id", "this person is recorded as deceased",
			       "该人员已登记死亡"), NULL;
	if (store_begin(c, e))
		return NULL;
	/* The chosen homes are locked before the application row is written, in
	 * home order like every other path (wait_home_lock_tx). Two applications
	 * of one person then meet at the first home's lock holding nothing
	 * else, and the second sees the first's committed row below. Written
	 * the other way round, the second waited on the first's unique-index
	 * entry on the person's shard while the first took the homes' locks,
	 * which Citus's deadlock detector read as a distributed deadlock
	 * (docs/scaling.md). */
	if (lock_chosen_homes(c, homes, e))
		goto fail;
	id = store_insert_id(c, e,
			"INSERT INTO ec_wait_applications (person_id, division_code, applied_on,"
			" status, note, created_by, created_at, updated_at) SELECT ?, ?, ?, 'waiting',"
			" ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM ec_wait_applications WHERE"
			" person_id = ? AND status IN ('waiting', 'offered')) RETURNING id",
			p.id, p.division, applied, note ? note : "", who->login, mz_now_unix(),
			mz_now_unix(), p.id);
	r = id > 0 ? 1 : (int)id; /* 1 a new row, 0 none, -1 error */
	/* NOT EXISTS sees only committed rows: of two applications at once on
	 * PostgreSQL both pass it and the partial unique index stops the
	 * second (MZ_ECONFLICT), which gets the same answer. */
	if (r == 0 || (r < 0 && e && e->code == MZ_ECONFLICT)) {
		mz_fail(e, MZ_ECONFLICT, "person_id", "this person already has an active application",
			"该老人已有在轮候中的申请");
		goto fail;
	}
	if (r < 0)
		goto fail;
	for (i = 0; i < json_array_size(homes); i++) {
		st = store_prepare(c, "INSERT INTO ec_wait_choices (application_id, person_id, home_id,"
				      " rank) VALUES (?, ?, ?, ?)", e);
		if (!st)
			goto fail;
		store_params(st, id, p.id, json_integer_value(json_array_get(homes, i)),
				 (int64_t)i + 1);
		r = store_step(st, e);
		store_done(st);
		if (r < 0)
			goto fail;
	}
	if (wait_publish_app(c, who, id, p.id, "application", &moved, e))
		goto fail;
	d = json_pack("{s:O,s:I}", "homes", homes, "queue_moves", (json_int_t)moved);
	r = audit_append(c, who, AUDIT_WRITE, "eldercare.wait.apply", "ec_wait_application", id,
			 p.division, reason, d, e);
	json_decref(d);
	if (r || store_commit(c, e))
		goto fail;
	return ec_wait_get(c, who, id, e);
fail:
	store_rollback(c);
	return NULL;
}

/* The application's division and status if in who's scope. */
int wait_app_load(store_conn *c, const access_ctx *who, int64_t id, char div[16],
		  char status[12], int64_t *person_id, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT division_code, status, person_id FROM"
					  " ec_wait_applications WHERE id = ? AND " ACCESS_SCOPE_SQL("division_code"), e);
	int r;

	if (!st)
		return -1;
	store_params(st, id, access_scope_arg(who));
	r = store_step(st, e);
	if (r == 1) {
		mz_strlcpy(div, store_col_text(st, 0), 16);
		mz_strlcpy(status, store_col_text(st, 1), 12);
		*person_id = store_col_i64(st, 2);
	}
	store_done(st);
	if (r == 0)
		return mz_failf(e, MZ_ENOTFOUND, "id", "no application %lld", "轮候申请 %lld 不存在",
				(long long)id);
	return r < 0 ? -1 : 0;
}

int ec_wait_withdraw_tx(store_conn *c, const access_ctx *who, int64_t id, int64_t pid,
			const char *div, const char *reason, mz_err *e)
{
	int64_t moved;
	store_stmt *st;
	int r;

	/* Its homes before its row, in the order offers and publications
	 * take them (see wait_home_lock_tx). */
	if (wait_lock_app_homes(c, id, pid, e))
		return -1;
	st = store_prepare(c, "UPDATE ec_wait_applications SET status = 'withdrawn', updated_at = ?"
			      " WHERE id = ? AND status = 'waiting'", e);
	if (!st)
		return -1;
	store_params(st, mz_now_unix(), id);
	r = store_step(st, e);
	if (r == 0 && store_changes(st) != 1) {
		/* Offered (or withdrawn) since the status was read. */
		store_done(st);
		return mz_fail(e, MZ_ESTATE, "status", "the application is no longer waiting",
			       "该申请已不在轮候中");
	}
	store_done(st);
	if (r < 0 || wait_publish_app(c, who, id, pid, "withdrawal", &moved, e) ||
	    audit_append(c, who, AUDIT_WRITE, "eldercare.wait.withdraw", "ec_wait_application", id,
			 div, reason, NULL, e))
		return -1;
	return 0;
}

json_t *ec_wait_withdraw(store_conn *c, const access_ctx *who, int64_t id, const char *reason,
			 mz_err *e)
{
	char div[16], status[12];
	int64_t pid;

	if (ec_check_reason(reason, e) || wait_app_load(c, who, id, div, status, &pid, e))
		return NULL;
	if (strcmp(status, "waiting"))
		return mz_failf(e, MZ_ESTATE, "status", "only a waiting application can be withdrawn (it is %s)",
				"仅轮候中的申请可撤回（当前：%s）", status), NULL;
	if (store_begin(c, e))
		return NULL;
	if (ec_wait_withdraw_tx(c, who, id, pid, div, reason, e) || store_commit(c, e)) {
		store_rollback(c);
		return NULL;
	}
	return ec_wait_get(c, who, id, e);
}
