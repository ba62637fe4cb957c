/* household.c - households, their members over time, and registry figures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/date.h"
#include "registry/idcard.h"
#include "registry/registry.h"

json_t *registry_household_search(store_conn *c, const access_ctx *who,
				  const char *division, int64_t page, int64_t page_size,
				  mz_err *e)
{
	char lo[16], hi[16];
	store_stmt *st;
	json_t *items;
	int64_t total = 0;
	int r;

	if (division && *division) {
		if (strlen(division) > 12 || !access_in_scope(who, division))
			return mz_failf(e, MZ_EINVAL, "division",
					"division '%s' is outside your scope",
					"区划 '%s' 不在您的管辖范围内", division), NULL;
		access_scope_range(division, lo, hi);
	} else {
		snprintf(lo, sizeof(lo), "%s", who->scope_lo);
		snprintf(hi, sizeof(hi), "%s", who->scope_hi);
	}
	st = store_prepare(c, "SELECT count(*) FROM (SELECT 1 FROM households"
			      " WHERE " ACCESS_SCOPE_SQL("division_code") " LIMIT 10001) t", e);
	if (!st)
		return NULL;
	store_params_at(st, 1, store_arg_range(lo, hi));
	r = store_step(st, e);
	total = r == 1 ? store_col_i64(st, 0) : 0;
	store_done(st);
	if (r < 0)
		return NULL;
	st = store_prepare(c,
		"SELECT h.id, h.address, h.division_code, d.name,"
		" (SELECT p.name FROM household_members m JOIN persons p ON p.id = m.person_id"
		"  WHERE m.household_id = h.id AND m.left_on IS NULL AND m.relation = 'head'),"
		" (SELECT count(*) FROM household_members m WHERE m.household_id = h.id"
		"  AND m.left_on IS NULL)"
		" FROM households h LEFT JOIN divisions d ON d.code = h.division_code"
		" WHERE " ACCESS_SCOPE_SQL("h.division_code")
		" ORDER BY h.id LIMIT ? OFFSET ?", e);
	if (!st)
		return NULL;
	store_params_at(st, 1, store_arg_range(lo, hi));
	store_bind_i64(st, 3, page_size);
	store_bind_i64(st, 4, (page - 1) * page_size);
	items = json_array();
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, json_pack(
			"{s:I,s:s,s:s,s:s,s:s,s:I}", "id", (json_int_t)store_col_i64(st, 0),
			"address", store_col_text(st, 1), "division_code", store_col_text(st, 2),
			"division_name", store_col_text(st, 3) ? store_col_text(st, 3) : "",
			"head_name", store_col_text(st, 4) ? store_col_text(st, 4) : "",
			"member_count", (json_int_t)store_col_i64(st, 5)));
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_READ, "household.search", "household", 0, "", "", NULL,
				  e)) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o,s:I,s:b,s:I,s:I}", "items", items, "total",
			 (json_int_t)(total > 10000 ? 10000 : total), "total_capped", total > 10000,
			 "page", (json_int_t)page, "page_size", (json_int_t)page_size);
}

/* The household's division and version within scope; 0 found, -1 error. */
static int household_head(store_conn *c, const access_ctx *who, int64_t id,
			  char division[16], int64_t *version, char *address, size_t cap,
			  mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT division_code, version, address FROM households"
					  " WHERE id = ? AND " ACCESS_SCOPE_SQL("division_code"), e);
	int r;

	if (!st)
		return -1;
	store_bind_i64(st, 1, id);
	access_scope_bind(st, 2, who);
	r = store_step(st, e);
	if (r == 1) {
		snprintf(division, 16, "%s", store_col_text(st, 0));
		*version = store_col_i64(st, 1);
		if (address)
			snprintf(address, cap, "%s", store_col_text(st, 2));
	}
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_failf(e, MZ_ENOTFOUND, "id", "no household %lld", "家庭 %lld 不存在",
				(long long)id);
	return 0;
}

json_t *registry_household_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	char division[16], divname[128], address[512];
	int64_t version;
	store_stmt *st;
	json_t *members;
	int r;

	if (household_head(c, who, id, division, &version, address, sizeof(address), e))
		return NULL;
	st = store_prepare(c, "SELECT p.id, p.name, p.id_number, m.relation, p.sex, p.birth_date,"
			      " m.joined_on, p.death_date, p.disability_kind, p.disability_grade"
			      " FROM household_members m JOIN persons p ON p.id = m.person_id"
			      " WHERE m.household_id = ? AND m.left_on IS NULL"
			      " ORDER BY CASE m.relation WHEN 'head' THEN 0 ELSE 1 END, p.birth_date", e);
	if (!st)
		return NULL;
	store_bind_i64(st, 1, id);
	members = json_array();
	while ((r = store_step(st, e)) == 1) {
		char masked[19];
		mz_day b = mz_day_parse(store_col_text(st, 5));

		idcard_mask(store_col_text(st, 2), masked);
		json_array_append_new(members, json_pack(
			"{s:I,s:s,s:s,s:s,s:s,s:s,s:i,s:s,s:s?,s:s,s:I}",
			"person_id", (json_int_t)store_col_i64(st, 0), "name", store_col_text(st, 1),
			"id_number_masked", masked, "relation", store_col_text(st, 3),
			"sex", store_col_text(st, 4), "birth_date", store_col_text(st, 5),
			"age", b == MZ_DAY_INVALID ? -1 : mz_age_on(b, mz_today()),
			"joined_on", store_col_text(st, 6), "death_date", store_col_text(st, 7),
			"disability_kind", store_col_text(st, 8),
			"disability_grade", (json_int_t)store_col_i64(st, 9)));
	}
	store_done(st);
	if (r < 0) {
		json_decref(members);
		return NULL;
	}
	if (audit_append(c, who, AUDIT_READ, "household.read", "household", id, division, "", NULL, e)) {
		json_decref(members);
		return NULL;
	}
	registry_division_name(c, division, divname, sizeof(divname));
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:I}", "id", (json_int_t)id, "address", address,
			 "division_code", division, "division_name", divname, "members", members,
			 "version", (json_int_t)version);
}

/* Adds one member inside the caller's transaction. The person must be in
 * scope and in no current household (the unique index enforces it too). */
/* Callers hold the household row in this transaction (created or loaded
 * by household_head): household_members has no foreign key to households,
 * which live in another co-location group (docs/scaling.md). */
static int add_member_tx(store_conn *c, const access_ctx *who, int64_t hid,
			 int64_t person_id, const char *relation, mz_err *e)
{
	char today[11];
	store_stmt *st;
	int64_t n = 0;
	int r;

	if (registry_check_relation(relation, e))
		return -1;
	st = store_prepare(c, "SELECT (SELECT count(*) FROM household_members m"
			      " WHERE m.person_id = p.id AND m.left_on IS NULL)"
			      " FROM persons p WHERE p.id = ? AND " ACCESS_SCOPE_SQL("p.division_code"), e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, person_id);
	access_scope_bind(st, 2, who);
	r = store_step(st, e);
	if (r == 1)
		n = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_failf(e, MZ_EINVAL, "person_id", "no person %lld", "人员 %lld 不存在",
				(long long)person_id);
	if (n)
		return mz_failf(e, MZ_ECONFLICT, "person_id",
				"person %lld already belongs to a household; remove them from it first",
				"人员 %lld 已属于其他家庭，请先将其移出", (long long)person_id);
	mz_day_format(mz_today(), today);
	st = store_prepare(c, "INSERT INTO household_members (household_id, person_id, relation,"
			      " joined_on) VALUES (?, ?, ?, ?)", e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, hid);
	store_bind_i64(st, 2, person_id);
	store_bind_text(st, 3, relation);
	store_bind_text(st, 4, today);
	r = store_step(st, e);
	store_done(st);
	if (r < 0 && e && e->code == MZ_ECONFLICT)
		return mz_failf(e, MZ_ECONFLICT, "person_id",
				"person %lld already belongs to a household",
				"人员 %lld 已属于其他家庭", (long long)person_id);
	return r < 0 ? -1 : 0;
}

/* The person's name, for history entries that outlive the membership. */
static void person_name(store_conn *c, int64_t id, char *out, size_t cap)
{
	store_stmt *st = store_prepare(c, "SELECT name FROM persons WHERE id = ?", NULL);

	snprintf(out, cap, "%s", "");
	if (!st)
		return;
	store_bind_i64(st, 1, id);
	if (store_step(st, NULL) == 1)
		snprintf(out, cap, "%s", store_col_text(st, 0));
	store_done(st);
}

int registry_household_lock_tx(store_conn *c, int64_t hid, mz_err *e)
{
	return store_update_id(c, "UPDATE households SET version = version WHERE id = ?", hid, e) < 0
		       ? -1 : 0;
}

static int bump_version(store_conn *c, int64_t hid, mz_err *e)
{
	store_stmt *st = store_prepare(c, "UPDATE households SET version = version + 1,"
					  " updated_at = ? WHERE id = ?", e);
	int r;

	if (!st)
		return -1;
	store_bind_i64(st, 1, mz_now_unix());
	store_bind_i64(st, 2, hid);
	r = store_step(st, e);
	store_done(st);
	return r < 0 ? -1 : 0;
}

int registry_household_create(store_conn *c, const access_ctx *who,
			      const char *division_code, const char *address,
			      json_t *members, const char *reason, int64_t *id_out,
			      mz_err *e)
{
	int64_t now = mz_now_unix(), hid = 0;
	int heads = 0, r;
	size_t i;
	json_t *m, *changes;
	store_stmt *st;

	if (registry_check_reason(reason, e) || registry_check_community(c, who, division_code, e))
		return -1;
	if (!address || !*address || strlen(address) > 300)
		return mz_fail(e, MZ_EINVAL, "address", "address is required (at most 300 bytes)",
			       "家庭住址不能为空");
	if (!json_is_array(members) || !json_array_size(members))
		return mz_fail(e, MZ_EINVAL, "members", "a household needs at least one member",
			       "家庭至少需要一名成员");
	json_array_foreach(members, i, m) {
		json_t *rel = json_object_get(m, "relation");
		heads += json_is_string(rel) && !strcmp(json_string_value(rel), "head");
	}
	if (heads != 1)
		return mz_fail(e, MZ_EINVAL, "members", "a household has exactly one head",
			       "家庭须有且仅有一名户主");
	if (store_begin(c, e))
		return -1;
	st = store_prepare(c, "INSERT INTO households (division_code, address, created_at,"
			      " updated_at) VALUES (?, ?, ?, ?) RETURNING id", e);
	if (!st)
		goto fail;
	store_bind_text(st, 1, division_code);
	store_bind_text(st, 2, address);
	store_bind_i64(st, 3, now);
	store_bind_i64(st, 4, now);
	r = store_step(st, e);
	if (r == 1)
		hid = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		goto fail;
	json_array_foreach(members, i, m) {
		json_t *pid = json_object_get(m, "person_id");
		if (!json_is_integer(pid)) {
			mz_fail(e, MZ_EINVAL, "members", "every member needs a person_id",
				"每名成员须指定人员编号");
			goto fail;
		}
		if (add_member_tx(c, who, hid, json_integer_value(pid),
				  json_string_value(json_object_get(m, "relation")), e))
			goto fail;
	}
	changes = json_pack("{s:{s:n,s:s},s:{s:n,s:O}}", "address", "old", "new", address,
			    "members", "old", "new", members);
	r = registry_history_add(c, who, "household", hid, division_code, 1, reason, changes, e);
	json_decref(changes);
	if (r || store_commit(c, e))
		goto fail;
	if (id_out)
		*id_out = hid;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

int registry_household_add_member(store_conn *c, const access_ctx *who, int64_t hid,
				  int64_t person_id, const char *relation,
				  const char *reason, mz_err *e)
{
	char division[16], name[128];
	int64_t version;
	json_t *changes;
	int r;

	if (registry_check_reason(reason, e) || registry_check_relation(relation, e))
		return -1;
	if (relation && !strcmp(relation, "head"))
		return mz_fail(e, MZ_EINVAL, "relation", "the household already has a head",
			       "该家庭已有户主");
	if (store_begin(c, e))
		return -1;
	/* Locked before the version is read: it numbers the history entry. */
	if (registry_household_lock_tx(c, hid, e) ||
	    household_head(c, who, hid, division, &version, NULL, 0, e) ||
	    add_member_tx(c, who, hid, person_id, relation, e) || bump_version(c, hid, e))
		goto fail;
	person_name(c, person_id, name, sizeof(name));
	changes = json_pack("{s:{s:n,s:{s:I,s:s,s:s}}}", "member_added", "old", "new", "person_id",
			    (json_int_t)person_id, "name", name, "relation", relation);
	r = registry_history_add(c, who, "household", hid, division, version + 1, reason,
				 changes, e);
	json_decref(changes);
	if (r)
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}

int registry_household_remove_member(store_conn *c, const access_ctx *who, int64_t hid,
				     int64_t person_id, const char *reason, mz_err *e)
{
	char division[16], today[11], relation[32] = "", name[128];
	int64_t version;
	store_stmt *st;
	json_t *changes;
	int r;

	if (registry_check_reason(reason, e))
		return -1;
	if (store_begin(c, e))
		return -1;
	/* Locked before the member is looked up: of two removals at once the
	 * second then finds the person gone (404), not a second history entry. */
	if (registry_household_lock_tx(c, hid, e) ||
	    household_head(c, who, hid, division, &version, NULL, 0, e))
		goto fail;
	st = store_prepare(c, "SELECT relation FROM household_members WHERE household_id = ?"
			      " AND person_id = ? AND left_on IS NULL", e);
	if (!st)
		goto fail;
	store_bind_i64(st, 1, hid);
	store_bind_i64(st, 2, person_id);
	r = store_step(st, e);
	if (r == 1)
		snprintf(relation, sizeof(relation), "%s", store_col_text(st, 0));
	store_done(st);
	if (r < 0)
		goto fail;
	if (r == 0) {
		mz_failf(e, MZ_ENOTFOUND, "person_id", "person %lld is not a member",
			 "人员 %lld 不是该家庭成员", (long long)person_id);
		goto fail;
	}
	if (!strcmp(relation, "head")) {
		mz_fail(e, MZ_EINVAL, "person_id",
			"the head cannot be removed; make another member head first",
			"不能移出户主，请先变更户主");
		goto fail;
	}
	mz_day_format(mz_today(), today);
	st = store_prepare(c, "UPDATE household_members SET left_on = ? WHERE household_id = ?"
			      " AND person_id = ? AND left_on IS NULL", e);
	if (!st)
		goto fail;
	store_bind_text(st, 1, today);
	store_bind_i64(st, 2, hid);
	store_bind_i64(st, 3, person_id);
	r = store_step(st, e);
	store_done(st);
	if (r < 0 || bump_version(c, hid, e))
		goto fail;
	person_name(c, person_id, name, sizeof(name));
	changes = json_pack("{s:{s:{s:I,s:s,s:s},s:n}}", "member_removed", "old", "person_id",
			    (json_int_t)person_id, "name", name, "relation", relation, "new");
	r = registry_history_add(c, who, "household", hid, division, version + 1, reason,
				 changes, e);
	json_decref(changes);
	if (r)
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}
