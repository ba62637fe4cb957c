/* halls.c - halls, their registered representatives and their topics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "domains/deliberation/dl_internal.h"
#include "registry/registry.h"
#include "store/order.h"

static const char *const rep_kinds[] = { "resident", "committee", "property", "unit", NULL };
static const char *const raisers[] = { "resident", "committee", "street", NULL };

static int one_of(const char *s, const char *const *set)
{
	for (; s && *set; set++)
		if (!strcmp(s, *set))
			return 1;
	return 0;
}

int dl_hall_load(store_conn *c, const access_ctx *who, int64_t id, dl_hall *h, mz_err *e)
{
	int r;

	memset(h, 0, sizeof(*h));
	r = store_row(c, e, "SELECT id, division_code, level, name FROM dl_halls WHERE id = ?",
		      STORE_INTO(&h->id, STORE_TEXT(h->division), STORE_TEXT(h->level),
				 STORE_TEXT(h->name)),
		      id);
	if (r < 0)
		return -1;
	if (r == 0 || (who && !access_in_scope(who, h->division)))
		return mz_failf(e, MZ_ENOTFOUND, "hall_id", "no hall %lld", "议事厅 %lld 不存在",
				(long long)id);
	return 0;
}

int dl_hall_create(store_conn *c, const access_ctx *who, const dl_hall_new *in, int64_t *id,
		   mz_err *e)
{
	registry_division d;
	int64_t other = 0;
	const char *level;
	mz_err ignore = { 0 };

	if (dl_check_text(in->name, 120, "name", e) ||
	    (in->address && strlen(in->address) > 300 &&
	     mz_fail(e, MZ_EINVAL, "address", "'address' must be at most 300 bytes", "地址过长")))
		return -1;
	/* A hall sits in a community (居委) or a street (镇街): 分层议事. */
	if (!in->division_code || registry_division_get(c, who, in->division_code, &d, &ignore) ||
	    (d.level != 3 && d.level != 4))
		return mz_fail(e, MZ_EINVAL, "division_code",
			       "a hall belongs to a community or a street within your scope",
			       "议事厅须设在您管辖范围内的社区或镇街");
	level = d.level == 4 ? "community" : "street";
	/* One hall per community or street: the city counts them so. */
	if (store_row(c, e, "SELECT id FROM dl_halls WHERE division_code = ?", STORE_INTO(&other),
		      in->division_code) < 0)
		return -1;
	if (other)
		return mz_failf(e, MZ_ECONFLICT, "division_code", "%s already has hall %lld",
				"%s 已有议事厅 %lld", in->division_code, (long long)other);
	if (store_begin(c, e))
		return -1;
	*id = store_insert_id(c, e, "INSERT INTO dl_halls (division_code, level, name, address,"
				    " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			      in->division_code, level, in->name, in->address ? in->address : "",
			      who->login, mz_now_unix());
	if (*id <= 0 || audit_append(c, who, AUDIT_WRITE, "deliberation.hall.create", "dl_hall", *id,
				     in->division_code, NULL, NULL, e) || store_commit(c, e)) {
		store_rollback(c);
		return -1;
	}
	return 0;
}

json_t *dl_hall_list(store_conn *c, const access_ctx *who, const char *division, const char *q,
		     const char *sort, int64_t page, int64_t size, mz_err *e)
{
	static const store_order orders[] = {
		{ "id", "id" }, { "name", "name" }, { "division_code", "division_code" }, { NULL, NULL }
	};
	char lo[16], hi[16], like[200];
	int64_t total = 0;
	json_t *items;
	store_stmt *st = NULL;
	mz_buf sql;
	int r;

	if (division && *division) {
		if (!access_in_scope(who, division))
			return mz_fail(e, MZ_EINVAL, "division", "the division is outside your scope",
				       "该区划不在您的管辖范围内"), NULL;
		access_scope_range(division, lo, hi);
	} else {
		mz_strlcpy(lo, who->scope_lo, sizeof(lo));
		mz_strlcpy(hi, who->scope_hi, sizeof(hi));
	}
	snprintf(like, sizeof(like), "%%%s%%", q ? q : "");
	if (store_row(c, e, "SELECT COUNT(*) FROM dl_halls WHERE " ACCESS_SCOPE_SQL("division_code")
			    " AND name LIKE ?", STORE_INTO(&total), store_arg_range(lo, hi), like) < 0)
		return NULL;
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "SELECT id, division_code, level, name, address FROM dl_halls WHERE "
			  ACCESS_SCOPE_SQL("division_code") " AND name LIKE ?");
	if (!store_order_by(&sql, orders, sort, "division_code, id", "id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		st = store_prepare(c, sql.data, e);
	}
	mz_buf_release(&sql);
	if (!st)
		return NULL;
	store_params(st, store_arg_range(lo, hi), like, size, (page - 1) * size);
	items = json_array();
	while ((r = store_step(st, e)) == 1) {
		char dname[128];

		registry_division_name(c, store_col_text(st, 1), dname, sizeof(dname));
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id",
						       (json_int_t)store_col_i64(st, 0), "division_code",
						       store_col_text(st, 1), "division_name", dname,
						       "level", store_col_text(st, 2), "name",
						       store_col_text(st, 3), "address",
						       store_col_text(st, 4)));
	}
	store_done(st);
	if (r < 0)
		return json_decref(items), NULL;
	{
		size_t i;
		json_t *h;

		json_array_foreach(items, i, h) {
			json_t *rate = dl_hall_rate(c, json_integer_value(json_object_get(h, "id")),
						    mz_today(), e);
			if (!rate)
				return json_decref(items), NULL;
			json_object_set_new(h, "rate", rate);
		}
	}
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page, "page_size", (json_int_t)size);
}

/* The hall's representatives; named residents come from the registry, and
 * showing them is an audited read. */
static json_t *representatives(store_conn *c, const access_ctx *who, const dl_hall *h, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT id, kind, person_id, label, active FROM dl_representatives"
				       " WHERE hall_id = ? ORDER BY kind, id", e);
	json_t *items = json_array();
	int64_t *ids = NULL;
	size_t n = 0, cap = 0, named = 0;
	registry_person *ps = NULL;
	int r;

	if (!st)
		goto fail;
	store_params(st, h->id);
	while ((r = store_step(st, e)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			ids = mz_xrealloc(ids, cap * sizeof(*ids));
		}
		ids[n++] = store_col_i64(st, 2);
		json_array_append_new(items, json_pack("{s:I,s:s,s:I,s:s,s:b}", "id",
						       (json_int_t)store_col_i64(st, 0), "kind",
						       store_col_text(st, 1), "person_id",
						       (json_int_t)store_col_i64(st, 2), "label",
						       store_col_text(st, 3), "active",
						       (int)store_col_i64(st, 4)));
	}
	store_done(st);
	if (r < 0)
		goto fail;
	ps = mz_xcalloc(n ? n : 1, sizeof(*ps));
	if (n && registry_person_list_by_ids(c, ids, n, ps, e))
		goto fail;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(items, i);

		if (!ids[i]) {
			json_object_set_new(o, "person_id", json_null());
			continue;
		}
		named++;
		json_object_set_new(o, "name", json_string(ps[i].name));
	}
	if (named && audit_append(c, who, AUDIT_READ, "deliberation.representatives.read", "dl_hall",
				  h->id, h->division, NULL, NULL, e))
		goto fail;
	free(ids);
	free(ps);
	return items;
fail:
	free(ids);
	free(ps);
	json_decref(items);
	return NULL;
}

static json_t *meetings(store_conn *c, int64_t hall_id, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT id, title, held_on, place, status, registered, present,"
				       " quorum_met, minutes_status FROM dl_meetings WHERE hall_id = ?"
				       " ORDER BY held_on DESC, id DESC", e);
	json_t *items = json_array();
	int r;

	if (!st)
		return json_decref(items), NULL;
	store_params(st, hall_id);
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:I,s:b,s:s}", "id",
						       (json_int_t)store_col_i64(st, 0), "title",
						       store_col_text(st, 1), "held_on",
						       store_col_text(st, 2), "place", store_col_text(st, 3),
						       "status", store_col_text(st, 4), "registered",
						       (json_int_t)store_col_i64(st, 5), "present",
						       (json_int_t)store_col_i64(st, 6), "quorum_met",
						       (int)store_col_i64(st, 7), "minutes_status",
						       store_col_text(st, 8)));
	store_done(st);
	if (r < 0)
		return json_decref(items), NULL;
	return items;
}

json_t *dl_hall_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	json_t *reps, *topics = NULL, *meets = NULL, *res = NULL, *rate = NULL;
	char dname[128];
	dl_hall h;

	if (dl_hall_load(c, who, id, &h, e))
		return NULL;
	if (!(reps = representatives(c, who, &h, e)) || !(topics = dl_hall_topics(c, id, e)) ||
	    !(meets = meetings(c, id, e)) || !(res = dl_hall_resolutions(c, id, mz_today(), e)) ||
	    !(rate = dl_hall_rate(c, id, mz_today(), e))) {
		json_decref(reps);
		json_decref(topics);
		json_decref(meets);
		json_decref(res);
		return NULL;
	}
	registry_division_name(c, h.division, dname, sizeof(dname));
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)h.id,
			 "division_code", h.division, "division_name", dname, "level", h.level,
			 "name", h.name, "representatives", reps, "topics", topics, "meetings",
			 meets, "resolutions", res, "rate", rate);
}

int dl_rep_add(store_conn *c, const access_ctx *who, int64_t hall_id, const dl_rep_new *in,
	       int64_t *id, mz_err *e)
{
	registry_person p;
	const char *label = in->label;
	json_t *detail;
	dl_hall h;

	if (dl_hall_load(c, who, hall_id, &h, e))
		return -1;
	if (!one_of(in->kind, rep_kinds))
		return mz_fail(e, MZ_EINVAL, "kind", "kind must be resident, committee, property or unit",
			       "类别须为居民代表、居委会、物业或相关单位");
	if (in->person_id) {
		/* Only a resident is a person; organisations are named. */
		if (strcmp(in->kind, "resident"))
			return mz_fail(e, MZ_EINVAL, "person_id", "only a resident representative is a person",
				       "仅居民代表可关联人员");
		if (registry_person_find(c, who, in->person_id, &p, e)) {
			mz_fail(e, MZ_EINVAL, "person_id", "no such person within your scope",
				"您的管辖范围内没有该人员");
			return -1;
		}
		if (!label || !*label)
			label = "居民代表";
	}
	if (dl_check_text(label, 120, "label", e))
		return -1;
	detail = in->person_id ? json_pack("{s:I,s:s}", "person_id", (json_int_t)in->person_id,
					   "kind", in->kind)
			       : json_pack("{s:s,s:s}", "kind", in->kind, "label", label);
	if (store_begin(c, e))
		return json_decref(detail), -1;
	*id = store_insert_id(c, e, "INSERT INTO dl_representatives (hall_id, division_code, kind,"
				    " person_id, label, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			      hall_id, h.division, in->kind, store_arg_id_or_null(in->person_id), label,
			      mz_now_unix());
	/* Naming a person as a representative is recorded with the person. */
	if (*id <= 0 ||
	    audit_append(c, who, AUDIT_WRITE, "deliberation.representative.add", "dl_hall", hall_id,
			 h.division, NULL, detail, e) ||
	    store_commit(c, e)) {
		store_rollback(c);
		json_decref(detail);
		return -1;
	}
	json_decref(detail);
	return 0;
}

int dl_topic_create(store_conn *c, const access_ctx *who, int64_t hall_id,
		    const dl_topic_new *in, int64_t *id, mz_err *e)
{
	mz_day day;
	dl_hall h;

	if (dl_hall_load(c, who, hall_id, &h, e) || dl_check_text(in->title, 200, "title", e) ||
	    (in->description && strlen(in->description) > 4000 &&
	     mz_fail(e, MZ_EINVAL, "description", "'description' must be at most 4000 bytes",
		     "'description' 不超过 4000 字节")))
		return -1;
	if (!one_of(in->raised_by, raisers))
		return mz_fail(e, MZ_EINVAL, "raised_by", "raised_by must be resident, committee or street",
			       "提出方须为居民、居委会或镇街");
	if (dl_check_day(in->raised_on, "raised_on", &day, e))
		return -1;
	if (day > mz_today())
		return mz_fail(e, MZ_EINVAL, "raised_on", "raised_on must not be in the future",
			       "提出日期不能晚于今天");
	if (store_begin(c, e))
		return -1;
	*id = store_insert_id(c, e, "INSERT INTO dl_topics (hall_id, division_code, title, description,"
				    " raised_by, raised_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
			      hall_id, h.division, in->title, in->description ? in->description : "",
			      in->raised_by, in->raised_on, mz_now_unix());
	if (*id <= 0 || audit_append(c, who, AUDIT_WRITE, "deliberation.topic.create", "dl_topic", *id,
				     h.division, NULL, NULL, e) || store_commit(c, e)) {
		store_rollback(c);
		return -1;
	}
	return 0;
}
