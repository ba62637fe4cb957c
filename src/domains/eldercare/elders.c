/* elders.c - elders' assistance categories (elder_categories) and cards.
 *
 * The categories are read from elder_categories only. Until the assistance
 * work (benefits/ enrollments) fills that table with source
 * 'benefits:<program>', staff record them by hand with source 'manual'. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/eldercare/eldercare.h"

static const struct {
	const char *code, *zh;
} categories[] = {
	{ "tekun_dispersed", "分散供养特困人员" }, { "tekun_centralized", "集中供养特困人员" },
	{ "dibao", "低保对象" },                   { "low_income", "低收入对象" },
	{ "youfu", "优抚对象" },                   { "special_family", "计划生育特殊家庭" },
};
#define NCAT (sizeof(categories) / sizeof(categories[0]))

int ec_category_valid(const char *category)
{
	for (size_t i = 0; category && i < NCAT; i++)
		if (!strcmp(category, categories[i].code))
			return 1;
	return 0;
}

const char *ec_category_zh(const char *category)
{
	for (size_t i = 0; category && i < NCAT; i++)
		if (!strcmp(category, categories[i].code))
			return categories[i].zh;
	return "";
}

int ec_person_categories(store_conn *c, int64_t person_id, mz_day on, char *out,
			 size_t cap, mz_err *e)
{
	char day[11], have[NCAT] = { 0 };
	store_stmt *st;
	size_t used = 0;
	int r;

	out[0] = '\0';
	mz_day_format(on, day);
	st = store_prepare(c, "SELECT category FROM elder_categories WHERE person_id = ?"
			      " AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)", e);
	if (!st)
		return -1;
	store_params(st, person_id, day, day);
	while ((r = store_step(st, e)) == 1)
		for (size_t i = 0; i < NCAT; i++)
			if (!strcmp(store_col_text(st, 0), categories[i].code))
				have[i] = 1;
	store_done(st);
	if (r < 0)
		return -1;
	for (size_t i = 0; i < NCAT; i++)
		if (have[i])
			used += (size_t)snprintf(out + used, used < cap ? cap - used : 0, "%s%s",
						 used ? "," : "", categories[i].code);
	return 0;
}

int ec_category_add(store_conn *c, const access_ctx *who, int64_t person_id,
		    const char *category, const char *valid_from, const char *valid_to,
		    const char *source, const char *note, const char *reason,
		    int64_t *id_out, mz_err *e)
{
	ec_person p;
	mz_day from, to = MZ_DAY_INVALID;
	json_t *detail;
	int64_t id = 0;
	int r;

	if (!ec_category_valid(category))
		return mz_fail(e, MZ_EINVAL, "category",
			       "category must be tekun_dispersed, tekun_centralized, dibao,"
			       " low_income, youfu or special_family",
			       "类别无效（特困、低保、低收入、优抚、计生特殊家庭）");
	if (ec_check_reason(reason, e) || ec_parse_day(valid_from, "valid_from", &from, e) ||
	    (valid_to && *valid_to && ec_parse_day(valid_to, "valid_to", &to, e)))
		return -1;
	if (to != MZ_DAY_INVALID && to < from)
		return mz_fail(e, MZ_EINVAL, "valid_to", "valid_to is before valid_from",
			       "截止日期早于起始日期");
	if (!source || !*source)
		source = "manual";
	if (strlen(source) > 64 || (note && strlen(note) > 300))
		return mz_fail(e, MZ_EINVAL, "source", "source or note too long", "来源或备注过长");
	if (ec_person_load(c, who, person_id, &p, e))
		return -1;
	if (store_begin(c, e))
		return -1;
	id = store_insert_id(c, e,
			"INSERT INTO elder_categories (person_id, division_code, category,"
			" valid_from, valid_to, source, note, recorded_by, recorded_at)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			person_id, p.division, category, valid_from,
			to != MZ_DAY_INVALID ? valid_to : NULL, source, note ? note : "",
			who->login, mz_now_unix());
	r = id > 0 ? 1 : (int)id; /* 1 a new row, 0 none, -1 error */
	if (r < 0)
		goto fail;
	detail = json_pack("{s:I,s:s,s:s,s:s?,s:s}", "person_id", (json_int_t)person_id,
			   "category", category, "valid_from", valid_from, "valid_to",
			   to != MZ_DAY_INVALID ? valid_to : NULL, "source", source);
	r = audit_append(c, who, AUDIT_WRITE, "eldercare.category.add", "elder_category", id,
			 p.division, reason, detail, e);
	json_decref(detail);
	if (r || store_commit(c, e))
		goto fail;
	if (id_out)
		*id_out = id;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

int ec_category_end(store_conn *c, const access_ctx *who, int64_t id, const char *valid_to,
		    const char *reason, mz_err *e)
{
	char division[16] = "", from[11] = "";
	store_stmt *st;
	mz_day to;
	int r;

	if (ec_check_reason(reason, e) || ec_parse_day(valid_to, "valid_to", &to, e))
		return -1;
	if (store_begin(c, e))
		return -1;
	st = store_prepare(c, "SELECT division_code, valid_from FROM elder_categories WHERE id = ?"
			      " AND " ACCESS_SCOPE_SQL("division_code"), e);
	if (!st)
		goto fail;
	store_params(st, id, access_scope_arg(who));
	r = store_step(st, e);
	if (r == 1) {
		mz_strlcpy(division, store_col_text(st, 0), sizeof(division));
		mz_strlcpy(from, store_col_text(st, 1), sizeof(from));
	}
	store_done(st);
	if (r <= 0) {
		if (r == 0)
			mz_fail(e, MZ_ENOTFOUND, "id", "no such category record", "类别记录不存在");
		goto fail;
	}
	if (strcmp(valid_to, from) < 0) {
		mz_fail(e, MZ_EINVAL, "valid_to", "valid_to is before valid_from",
			"截止日期早于起始日期");
		goto fail;
	}
	st = store_prepare(c, "UPDATE elder_categories SET valid_to = ? WHERE id = ?", e);
	if (!st)
		goto fail;
	store_params(st, valid_to, id);
	r = store_step(st, e);
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_WRITE, "eldercare.category.end", "elder_category", id,
				  division, reason, NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

json_t *ec_category_list(store_conn *c, const access_ctx *who, int64_t person_id, mz_err *e)
{
	ec_person p;
	store_stmt *st;
	json_t *items;
	int r;

	if (ec_person_load(c, who, person_id, &p, e))
		return NULL;
	st = store_prepare(c, "SELECT id, category, valid_from, valid_to, source, note, recorded_by"
			      " FROM elder_categories WHERE person_id = ? ORDER BY valid_from DESC, id DESC", e);
	if (!st)
		return NULL;
	store_bind_i64(st, 1, person_id);
	items = json_array();
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s,s:s,s:s}", "id",
						       (json_int_t)store_col_i64(st, 0), "category",
						       store_col_text(st, 1), "category_zh",
						       ec_category_zh(store_col_text(st, 1)),
						       "valid_from", store_col_text(st, 2), "valid_to",
						       store_col_text(st, 3), "source",
						       store_col_text(st, 4), "note", store_col_text(st, 5),
						       "recorded_by", store_col_text(st, 6)));
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_READ, "eldercare.category.list", "person", person_id,
				  p.division, "", NULL, e)) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o}", "items", items);
}

/* ---- cards ------------------------------------------------------------------ */

json_t *ec_card_issue(store_conn *c, const access_ctx *who, int64_t person_id,
		      const char *reason, mz_err *e)
{
	static const char digits[] = "0123456789";
	char code[24], day[11];
	ec_person p;
	store_stmt *st;
	int r;

	if (ec_check_reason(reason, e) || ec_person_load(c, who, person_id, &p, e))
		return NULL;
	if (p.death != MZ_DAY_INVALID)
		return mz_fail(e, MZ_ESTATE, "person_id", "the person is deceased", "该人员已故"), NULL;
	/* 12 random digits: unguessable enough that a code cannot be made up at
	 * a counter, short enough for a QR code a cheap scanner reads. */
	memcpy(code, "GZ", 2);
	for (int i = 0; i < 12; i++)
		code[2 + i] = digits[randombytes_uniform(10)];
	code[14] = '\0';
	mz_day_format(mz_today(), day);
	if (store_begin(c, e))
		return NULL;
	st = store_prepare(c, "UPDATE ec_cards SET status = 'cancelled' WHERE person_id = ?"
			      " AND status = 'active'", e);
	if (!st)
		goto fail;
	store_bind_i64(st, 1, person_id);
	r = store_step(st, e);
	store_done(st);
	if (r < 0)
		goto fail;
	st = store_prepare(c, "INSERT INTO ec_cards (code, person_id, division_code, issued_on,"
			      " issued_by, created_at) VALUES (?, ?, ?, ?, ?, ?)", e);
	if (!st)
		goto fail;
	store_params(st, code, person_id, p.division, day, who->login, mz_now_unix());
	r = store_step(st, e);
	store_done(st);
	if (r < 0)
		goto fail;
	/* The code's own row keeps it unique city-wide (ec_cards is keyed
	 * with the person) and lets the counter find the person by the code;
	 * a taken code fails here and the whole issue rolls back. */
	st = store_prepare(c, "INSERT INTO ec_card_codes (code, person_id) VALUES (?, ?)", e);
	if (!st)
		goto fail;
	store_params(st, code, person_id);
	r = store_step(st, e);
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_WRITE, "eldercare.card.issue", "person", person_id,
				  p.division, reason, NULL, e) ||
	    store_commit(c, e))
		goto fail;
	return json_pack("{s:s,s:I,s:s}", "code", code, "person_id", (json_int_t)person_id,
			 "issued_on", day);
fail:
	store_rollback(c);
	return NULL;
}
