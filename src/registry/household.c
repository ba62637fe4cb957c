/* household.c - households, their members over time, and registry figures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/date.h"
#include "registry/idcard.h"
#include "registry/registry_internal.h"

void registry_household_page_init(registry_household_page *pg)
{
	memset(pg, 0, sizeof(*pg));
}

void registry_household_page_release(registry_household_page *pg)
{
	if (!pg)
		return;
	free(pg->items);
	memset(pg, 0, sizeof(*pg));
}

void registry_household_init(registry_household *h)
{
	memset(h, 0, sizeof(*h));
}

void registry_household_release(registry_household *h)
{
	if (!h)
		return;
	free(h->members);
	memset(h, 0, sizeof(*h));
}

/* The area-only search the demo generator pages with (household_search.c
 * holds the search itself). */
int registry_household_search(store_conn *c, const access_ctx *who, const char *division,
			      int64_t page, int64_t page_size, registry_household_page *out,
			      mz_err *e)
{
	registry_household_query q = { 0 };

	q.division = division;
	q.income_min_fen = q.income_max_fen = -1;
	q.page = page;
	q.page_size = page_size;
	return registry_household_find(c, who, &q, out, e);
}

/* The household's division and version within scope (who NULL: city-wide);
 * 0 found, -1 error. */
static int household_head(store_conn *c, const access_ctx *who, int64_t id,
			  char division[16], int64_t *version, char *address, size_t cap,
			  mz_err *e)
{
	store_stmt *st = store_prepare(c, who ? "SELECT division_code, version, address FROM households"
						" WHERE id = ? AND " ACCESS_SCOPE_SQL("division_code")
					      : "SELECT division_code, version, address FROM households"
						" WHERE id = ?", e);
	int r;

	if (!st)
		return -1;
	store_bind_i64(st, 1, id);
	if (who)
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

/* The household and its current members (who NULL: city-wide), not audited. */
static int household_load(store_conn *c, const access_ctx *who, int64_t id,
			  registry_household *out, mz_err *e)
{
	store_stmt *st;
	int r;

	out->n_members = 0;
	if (household_head(c, who, id, out->division_code, &out->version, out->address,
			   sizeof(out->address), e))
		return -1;
	out->id = id;
	st = store_prepare(c, "SELECT p.id, p.name, p.id_number, m.relation, p.sex, p.birth_date,"
			      " m.joined_on, p.death_date, p.disability_kind, p.disability_grade,"
			      " p.division_code, p.flags, p.version"
			      " FROM household_members m JOIN persons p ON p.id = m.person_id"
			      " WHERE m.household_id = ? AND m.left_on IS NULL"
			      " ORDER BY CASE m.relation WHEN 'head' THEN 0 ELSE 1 END, p.birth_date", e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, id);
	while ((r = store_step(st, e)) == 1) {
		registry_member *m;
		const char *death = store_col_text(st, 7);

		if (out->n_members == out->cap_members) {
			out->cap_members = out->cap_members ? out->cap_members * 2 : 8;
			out->members = mz_xrealloc(out->members,
						   out->cap_members * sizeof(*out->members));
		}
		m = &out->members[out->n_members++];
		memset(m, 0, sizeof(*m));
		m->person_id = store_col_i64(st, 0);
		mz_strlcpy(m->name, store_col_text(st, 1), sizeof(m->name));
		mz_strlcpy(m->id_number, store_col_text(st, 2), sizeof(m->id_number));
		mz_strlcpy(m->relation, store_col_text(st, 3), sizeof(m->relation));
		m->sex = store_col_text(st, 4)[0];
		m->birth = mz_day_parse(store_col_text(st, 5));
		mz_strlcpy(m->joined_on, store_col_text(st, 6), sizeof(m->joined_on));
		m->death = death && *death ? mz_day_parse(death) : MZ_DAY_INVALID;
		mz_strlcpy(m->disability_kind, store_col_text(st, 8), sizeof(m->disability_kind));
		m->disability_grade = (int)store_col_i64(st, 9);
		mz_strlcpy(m->division_code, store_col_text(st, 10), sizeof(m->division_code));
		mz_strlcpy(m->flags, store_col_text(st, 11) ? store_col_text(st, 11) : "",
			   sizeof(m->flags));
		m->version = store_col_i64(st, 12);
	}
	store_done(st);
	if (r < 0)
		return -1;
	registry_division_name(c, out->division_code, out->division_name,
			       sizeof(out->division_name));
	return 0;
}

/* Each member's declared monthly income (person_incomes, all kinds). */
static int members_income(store_conn *c, registry_household *h, mz_err *e)
{
	for (size_t i = 0; i < h->n_members; i++) {
		registry_member *m = &h->members[i];

		if (store_row(c, e, "SELECT COALESCE(SUM(monthly_fen), 0) FROM person_incomes"
				    " WHERE person_id = ?", STORE_INTO(&m->income_fen),
			      m->person_id) < 0)
			return -1;
	}
	return 0;
}

int registry_household_get(store_conn *c, const access_ctx *who, int64_t id,
			   registry_household *out, mz_err *e)
{
	if (household_load(c, who, id, out, e) || members_income(c, out, e))
		return -1;
	return audit_append(c, who, AUDIT_READ, "household.read", "household", id, out->division_code,
				   "", NULL, e);
}

int registry_household_find_any(store_conn *c, int64_t id, registry_household *out, mz_err *e)
{
	return household_load(c, NULL, id, out, e);
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
			      const registry_member_ref *members, size_t n,
			      const char *reason, int64_t *id_out, mz_err *e)
{
	int64_t now = mz_now_unix(), hid = 0;
	int heads = 0, r;
	size_t i;
	json_t *changes, *given;
	store_stmt *st;

	if (registry_check_reason(reason, e) || registry_check_community(c, who, division_code, e))
		return -1;
	if (!address || !*address || strlen(address) > 300)
		return mz_fail(e, MZ_EINVAL, "address", "address is required (at most 300 bytes)",
			       "家庭住址不能为空");
	if (!members || !n)
		return mz_fail(e, MZ_EINVAL, "members", "a household needs at least one member",
			       "家庭至少需要一名成员");
	for (i = 0; i < n; i++)
		heads += members[i].relation && !strcmp(members[i].relation, "head");
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
	given = json_array();
	for (i = 0; i < n; i++) {
		if (!members[i].person_id) {
			json_decref(given);
			mz_fail(e, MZ_EINVAL, "members", "every member needs a person_id",
				"每名成员须指定人员编号");
			goto fail;
		}
		if (add_member_tx(c, who, hid, members[i].person_id, members[i].relation, e)) {
			json_decref(given);
			goto fail;
		}
		json_array_append_new(given, json_pack("{s:I,s:s}", "person_id",
						       (json_int_t)members[i].person_id,
						       "relation", members[i].relation));
	}
	changes = json_pack("{s:{s:n,s:s},s:{s:n,s:o}}", "address", "old", "new", address,
			    "members", "old", "new", given);
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
