/* person.c - persons: search, read, reveal, create, update. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/date.h"
#include "registry/idcard.h"
#include "registry/registry.h"

/* The community's name is a subquery, not a join: a join lets PostgreSQL
 * hash every namesake and sort them (its estimate for a common name is far
 * too low), where the subquery keeps the page a walk of persons_name in
 * order that stops after one page (docs/benchmarks.md, 20 M persons). */
#define PERSON_COLS                                                               \
	"p.id, p.id_number, p.name, p.sex, p.birth_date, p.division_code,"         \
	" (SELECT d.name FROM divisions d WHERE d.code = p.division_code),"        \
	" p.address, p.phone, p.hukou, p.disability_kind, p.disability_grade,"     \
	" p.flags, p.death_date, p.version,"                                       \
	" (SELECT m.household_id FROM household_members m WHERE m.person_id = p.id"\
	" AND m.left_on IS NULL),"                                                 \
	" (SELECT m.relation FROM household_members m WHERE m.person_id = p.id"    \
	" AND m.left_on IS NULL)"

enum { C_ID, C_IDNO, C_NAME, C_SEX, C_BIRTH, C_DIV, C_DIVNAME, C_ADDR, C_PHONE,
       C_HUKOU, C_DKIND, C_DGRADE, C_FLAGS, C_DEATH, C_VERSION, C_HH, C_REL };

static int age_of(const char *birth)
{
	mz_day b = mz_day_parse(birth);

	return b == MZ_DAY_INVALID ? -1 : mz_age_on(b, mz_today());
}

static json_t *person_row(store_stmt *st, int full)
{
	char masked[19];
	json_t *o;

	idcard_mask(store_col_text(st, C_IDNO), masked);
	o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:i,s:s,s:s,s:s,s:I,s:s?,s:o?}",
		      "id", (json_int_t)store_col_i64(st, C_ID),
		      "name", store_col_text(st, C_NAME),
		      "id_number_masked", masked,
		      "sex", store_col_text(st, C_SEX),
		      "birth_date", store_col_text(st, C_BIRTH),
		      "age", age_of(store_col_text(st, C_BIRTH)),
		      "division_code", store_col_text(st, C_DIV),
		      "division_name", store_col_text(st, C_DIVNAME) ? store_col_text(st, C_DIVNAME) : "",
		      "disability_kind", store_col_text(st, C_DKIND),
		      "disability_grade", (json_int_t)store_col_i64(st, C_DGRADE),
		      "death_date", store_col_text(st, C_DEATH),
		      "household_id", store_col_is_null(st, C_HH) ? NULL : json_integer(store_col_i64(st, C_HH)));
	if (full) {
		json_object_set_new(o, "address", json_string(store_col_text(st, C_ADDR)));
		json_object_set_new(o, "phone", json_string(store_col_text(st, C_PHONE)));
		json_object_set_new(o, "hukou", json_string(store_col_text(st, C_HUKOU)));
		json_object_set_new(o, "flags", json_string(store_col_text(st, C_FLAGS)));
		json_object_set_new(o, "version", json_integer(store_col_i64(st, C_VERSION)));
		json_object_set_new(o, "household",
				    store_col_is_null(st, C_HH)
					    ? json_null()
					    : json_pack("{s:I,s:s}", "id",
							(json_int_t)store_col_i64(st, C_HH),
							"relation", store_col_text(st, C_REL)));
	}
	return o;
}

static int looks_like_id_number(const char *q)
{
	size_t n = strlen(q);

	if (n != 18 && n != 15)
		return 0;
	for (size_t i = 0; i < n - 1; i++)
		if (!isdigit((unsigned char)q[i]))
			return 0;
	return 1;
}

/* Smallest string greater than every string starting with prefix, for a
 * UTF-8 range scan: prefix followed by U+10FFFF's encoding. */
static void prefix_upper(const char *prefix, char *out, size_t cap)
{
	snprintf(out, cap, "%s\xf4\x8f\xbf\xbf", prefix);
}

json_t *registry_person_search(store_conn *c, const access_ctx *who,
			       const person_query *q, mz_err *e)
{
	char div_lo[16], div_hi[16], name_hi[160], detail[300];
	const char *name = q->name && *q->name ? q->name : NULL;
	const char *idno = q->id_number && *q->id_number ? q->id_number : NULL;
	const char *order = "p.name, p.division_code, p.id";
	idcard_info info;
	mz_buf where, sql;
	store_stmt *st;
	json_t *items;
	int64_t total = 0;
	int r, nb = 0;

	if (q->q && *q->q) {
		if (looks_like_id_number(q->q))
			idno = q->q;
		else
			name = q->q;
	}
	if (idno) {
		if (idcard_parse(idno, &info, e))
			return NULL;
		idno = info.number;
	}
	if (name && strlen(name) > 120)
		return mz_fail(e, MZ_EINVAL, "name", "name is too long", "姓名过长"), NULL;
	if (q->division && *q->division) {
		if (strlen(q->division) > 12 || !access_in_scope(who, q->division))
			return mz_failf(e, MZ_EINVAL, "division",
					"division '%s' is outside your scope",
					"区划 '%s' 不在您的管辖范围内", q->division), NULL;
		access_scope_range(q->division, div_lo, div_hi);
	} else {
		snprintf(div_lo, sizeof(div_lo), "%s", who->scope_lo);
		snprintf(div_hi, sizeof(div_hi), "%s", who->scope_hi);
	}
	if (q->sort && *q->sort) {
		if (!strcmp(q->sort, "name"))
			order = "p.name, p.division_code, p.id";
		else if (!strcmp(q->sort, "-name"))
			order = "p.name DESC, p.division_code DESC, p.id DESC";
		else if (!strcmp(q->sort, "birth_date"))
			order = "p.birth_date, p.id";
		else if (!strcmp(q->sort, "-birth_date"))
			order = "p.birth_date DESC, p.id DESC";
		else
			return mz_fail(e, MZ_EINVAL, "sort",
				       "sort must be name, -name, birth_date or -birth_date",
				       "排序字段无效"), NULL;
	}

	/* Scope is always the first condition: it is never optional. */
	mz_buf_init(&where);
	mz_buf_puts(&where, " WHERE " ACCESS_SCOPE_SQL("p.division_code"));
	if (name)
		mz_buf_puts(&where, " AND p.name >= ? AND p.name < ?");
	if (idno)
		mz_buf_puts(&where, " AND p.id_number = ?");
	prefix_upper(name ? name : "", name_hi, sizeof(name_hi));

#define BIND_WHERE(st)                                  \
	do {                                            \
		nb = 0;                                 \
		store_bind_text(st, ++nb, div_lo);      \
		store_bind_text(st, ++nb, div_hi);      \
		if (name) {                             \
			store_bind_text(st, ++nb, name);    \
			store_bind_text(st, ++nb, name_hi); \
		}                                       \
		if (idno)                               \
			store_bind_text(st, ++nb, idno);    \
	} while (0)

	/* Counting a million matches costs more than the page: stop at the cap. */
	mz_buf_init(&sql);
	mz_buf_printf(&sql, "SELECT count(*) FROM (SELECT 1 FROM persons p%s LIMIT %d) t",
		      where.data, REGISTRY_COUNT_CAP + 1);
	st = store_prepare(c, sql.data, e);
	if (!st)
		goto fail;
	BIND_WHERE(st);
	r = store_step(st, e);
	total = r == 1 ? store_col_i64(st, 0) : 0;
	store_done(st);
	if (r < 0)
		goto fail;

	mz_buf_reset(&sql);
	mz_buf_printf(&sql, "SELECT " PERSON_COLS " FROM persons p%s"
			    " ORDER BY %s LIMIT ? OFFSET ?", where.data, order);
	st = store_prepare(c, sql.data, e);
	if (!st)
		goto fail;
	BIND_WHERE(st);
	store_bind_i64(st, ++nb, q->page_size);
	store_bind_i64(st, ++nb, (q->page - 1) * q->page_size);
	items = json_array();
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, person_row(st, 0));
	store_done(st);
	mz_buf_release(&where);
	mz_buf_release(&sql);
	if (r < 0) {
		json_decref(items);
		return NULL;
	}
	{
		json_t *qj = json_pack("{s:s?,s:b,s:s,s:I}", "name", name, "by_id_number",
				       idno != NULL, "division", div_lo, "results",
				       (json_int_t)json_array_size(items));
		char *qt = json_dumps(qj, JSON_COMPACT);

		snprintf(detail, sizeof(detail), "%s", qt);
		free(qt);
		json_decref(qj);
	}
	if (audit_append(c, who, AUDIT_READ, "person.search", "person", 0, "", "", detail, e)) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o,s:I,s:b,s:I,s:I}", "items", items, "total",
			 (json_int_t)(total > REGISTRY_COUNT_CAP ? REGISTRY_COUNT_CAP : total),
			 "total_capped", total > REGISTRY_COUNT_CAP, "page", (json_int_t)q->page,
			 "page_size", (json_int_t)q->page_size);
#undef BIND_WHERE
fail:
	mz_buf_release(&where);
	mz_buf_release(&sql);
	return NULL;
}

/* Loads one person within scope into a JSON object (full = detail fields). */
static json_t *person_load(store_conn *c, const access_ctx *who, int64_t id, int full,
			   mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT " PERSON_COLS " FROM persons p"
					  " WHERE p.id = ? AND " ACCESS_SCOPE_SQL("p.division_code"), e);
	json_t *o = NULL;
	int r;

	if (!st)
		return NULL;
	store_bind_i64(st, 1, id);
	access_scope_bind(st, 2, who);
	r = store_step(st, e);
	if (r == 1)
		o = person_row(st, full);
	store_done(st);
	if (r == 0)
		mz_failf(e, MZ_ENOTFOUND, "id", "no person %lld", "人员 %lld 不存在",
			 (long long)id);
	return o;
}

json_t *registry_person_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e)
{
	json_t *o = person_load(c, who, id, 1, e);

	if (!o)
		return NULL;
	if (audit_append(c, who, AUDIT_READ, "person.read", "person", id,
			 json_string_value(json_object_get(o, "division_code")), "", NULL, e)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int registry_person_reveal(store_conn *c, const access_ctx *who, int64_t id,
			   const char *reason, char out[19], mz_err *e)
{
	store_stmt *st;
	char division[16] = "";
	int r;

	/* Revealing a number asks for a real reason: four characters at least. */
	if (registry_check_reason_min(reason, 4, e))
		return -1;
	st = store_prepare(c, "SELECT id_number, division_code FROM persons WHERE id = ?"
			      " AND " ACCESS_SCOPE_SQL("division_code"), e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, id);
	access_scope_bind(st, 2, who);
	r = store_step(st, e);
	if (r == 1) {
		snprintf(out, 19, "%s", store_col_text(st, 0));
		snprintf(division, sizeof(division), "%s", store_col_text(st, 1));
	}
	store_done(st);
	if (r < 0)
		return -1;
	if (r == 0)
		return mz_failf(e, MZ_ENOTFOUND, "id", "no person %lld", "人员 %lld 不存在",
				(long long)id);
	/* The number leaves only once the reason is durably on record. */
	if (audit_append(c, who, AUDIT_READ, "person.reveal_id", "person", id, division, reason, NULL,
			 e)) {
		memset(out, 0, 19);
		return -1;
	}
	return 0;
}

static const char *jstr(json_t *in, const char *k)
{
	json_t *v = json_object_get(in, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int check_text_field(json_t *in, const char *k, size_t max, int required,
			    const char *zh, mz_err *e)
{
	json_t *v = json_object_get(in, k);

	if (!v || json_is_null(v)) {
		if (required)
			return mz_failf(e, MZ_EINVAL, k, "%s is required%.0s", "%.0s%s不能为空", k, zh);
		return 0;
	}
	if (!json_is_string(v))
		return mz_failf(e, MZ_EINVAL, k, "%s must be a string%.0s", "%.0s%s格式错误", k, zh);
	if (required && !*json_string_value(v))
		return mz_failf(e, MZ_EINVAL, k, "%s is required%.0s", "%.0s%s不能为空", k, zh);
	if (strlen(json_string_value(v)) > max)
		return mz_failf(e, MZ_EINVAL, k, "%s is too long%.0s", "%.0s%s过长", k, zh);
	return 0;
}

static int check_flags(const char *flags, mz_err *e)
{
	static const char *known[] = { "full_time_student", "in_prison", "in_rehab",
				       "missing", "religious_apart", "living_alone",
				       "special_family", "veteran" };
	char buf[256];
	char *save = NULL, *tok;

	if (!flags || !*flags)
		return 0;
	if (strlen(flags) >= sizeof(buf))
		return mz_fail(e, MZ_EINVAL, "flags", "flags too long", "标记过长");
	snprintf(buf, sizeof(buf), "%s", flags);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int ok = 0;
		for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			ok |= !strcmp(tok, known[i]);
		if (!ok)
			return mz_failf(e, MZ_EINVAL, "flags", "unknown flag '%s'", "未知标记 '%s'",
					tok);
	}
	return 0;
}

int registry_claim_id_number(store_conn *c, const char *id_number, int64_t person_id,
			     mz_err *e)
{
	store_stmt *st = store_prepare(c, "INSERT INTO person_id_numbers (id_number, person_id)"
					  " VALUES (?, ?)", e);
	int r;

	if (!st)
		return -1;
	store_bind_text(st, 1, id_number);
	store_bind_i64(st, 2, person_id);
	r = store_step(st, e);
	store_done(st);
	return r < 0 ? -1 : 0;
}

int registry_person_create(store_conn *c, const access_ctx *who, json_t *in,
			   const char *reason, int64_t *id_out, mz_err *e)
{
	idcard_info info;
	char birth[11];
	const char *hukou = jstr(in, "hukou") ? jstr(in, "hukou") : "urban";
	const char *dkind = jstr(in, "disability_kind") ? jstr(in, "disability_kind") : "";
	json_int_t dgrade = json_integer_value(json_object_get(in, "disability_grade"));
	int64_t now = mz_now_unix(), id = 0;
	store_stmt *st;
	json_t *changes;
	int r;

	if (registry_check_reason(reason, e) ||
	    idcard_parse(jstr(in, "id_number"), &info, e) ||
	    check_text_field(in, "name", 60, 1, "姓名", e) ||
	    check_text_field(in, "address", 300, 0, "地址", e) ||
	    check_text_field(in, "phone", 30, 0, "电话", e) ||
	    registry_check_phone(jstr(in, "phone"), e) ||
	    registry_check_community(c, who, jstr(in, "division_code"), e) ||
	    registry_check_disability(dkind, dgrade, e) || check_flags(jstr(in, "flags"), e))
		return -1;
	if (strcmp(hukou, "urban") && strcmp(hukou, "rural"))
		return mz_fail(e, MZ_EINVAL, "hukou", "hukou must be urban or rural",
			       "户籍类型须为城镇或农村");
	mz_day_format(info.birth, birth);
	if (store_begin(c, e))
		return -1;
	st = store_prepare(c, "INSERT INTO persons (id_number, name, sex, birth_date, division_code,"
			      " address, phone, hukou, disability_kind, disability_grade, flags,"
			      " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			      " RETURNING id", e);
	if (!st)
		goto fail;
	store_bind_text(st, 1, info.number);
	store_bind_text(st, 2, jstr(in, "name"));
	store_bind_text(st, 3, info.sex == 'M' ? "M" : "F");
	store_bind_text(st, 4, birth);
	store_bind_text(st, 5, jstr(in, "division_code"));
	store_bind_text(st, 6, jstr(in, "address") ? jstr(in, "address") : "");
	store_bind_text(st, 7, jstr(in, "phone") ? jstr(in, "phone") : "");
	store_bind_text(st, 8, hukou);
	store_bind_text(st, 9, dkind);
	store_bind_i64(st, 10, dgrade);
	store_bind_text(st, 11, jstr(in, "flags") ? jstr(in, "flags") : "");
	store_bind_i64(st, 12, now);
	store_bind_i64(st, 13, now);
	r = store_step(st, e);
	if (r == 1)
		id = store_col_i64(st, 0);
	store_done(st);
	if (r < 0 || registry_claim_id_number(c, info.number, id, e)) {
		if (e && e->code == MZ_ECONFLICT)
			mz_fail(e, MZ_ECONFLICT, "id_number",
				"a person with this ID number already exists",
				"该身份证号码的人员已存在");
		goto fail;
	}
	changes = json_pack("{s:{s:n,s:s},s:{s:n,s:s}}", "name", "old", "new",
			    jstr(in, "name"), "division_code", "old", "new",
			    jstr(in, "division_code"));
	r = registry_history_add(c, who, "person", id, jstr(in, "division_code"), 1, reason,
				 changes, e);
	json_decref(changes);
	if (r)
		goto fail;
	if (store_commit(c, e))
		return -1;
	if (id_out)
		*id_out = id;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

/* The fields a PATCH may change, with their validation. */
static const struct {
	const char *field;
	const char *zh;
	int is_int;
} updatable[] = {
	{ "name", "姓名", 0 },          { "address", "地址", 0 },
	{ "phone", "电话", 0 },         { "division_code", "所属社区", 0 },
	{ "hukou", "户籍类型", 0 },     { "disability_kind", "残疾类别", 0 },
	{ "disability_grade", "残疾等级", 1 }, { "flags", "标记", 0 },
	{ "death_date", "死亡日期", 0 },
};

json_t *registry_person_update(store_conn *c, const access_ctx *who, int64_t id,
			       json_t *in, const char *reason, int64_t version, mz_err *e)
{
	json_t *cur, *changes = NULL, *out;
	const char *key;
	json_t *val;
	mz_buf sql;
	store_stmt *st;
	int r, nb = 0, nchanged = 0;
	const char *dkind;
	int64_t dgrade;

	if (registry_check_reason(reason, e))
		return NULL;
	json_object_foreach(in, key, val) {
		int known = 0;
		for (size_t i = 0; i < sizeof(updatable) / sizeof(updatable[0]); i++)
			known |= !strcmp(key, updatable[i].field);
		if (!known && strcmp(key, "reason") && strcmp(key, "version"))
			return mz_failf(e, MZ_EINVAL, key, "field '%s' cannot be changed",
					"字段 '%s' 不可修改", key), NULL;
	}
	if (check_text_field(in, "name", 60, 0, "姓名", e) ||
	    check_text_field(in, "address", 300, 0, "地址", e) ||
	    check_text_field(in, "phone", 30, 0, "电话", e) || check_flags(jstr(in, "flags"), e) ||
	    registry_check_phone(jstr(in, "phone"), e))
		return NULL;
	if (json_object_get(in, "name") && !*jstr(in, "name"))
		return mz_fail(e, MZ_EINVAL, "name", "name is required", "姓名不能为空"), NULL;
	if (jstr(in, "division_code") &&
	    registry_check_community(c, who, jstr(in, "division_code"), e))
		return NULL;
	if (jstr(in, "hukou") && strcmp(jstr(in, "hukou"), "urban") &&
	    strcmp(jstr(in, "hukou"), "rural"))
		return mz_fail(e, MZ_EINVAL, "hukou", "hukou must be urban or rural",
			       "户籍类型须为城镇或农村"), NULL;
	if (json_object_get(in, "death_date") && !json_is_null(json_object_get(in, "death_date"))) {
		mz_day d = mz_day_parse(jstr(in, "death_date"));
		if (d == MZ_DAY_INVALID || d > mz_today())
			return mz_fail(e, MZ_EINVAL, "death_date",
				       "death_date must be a date YYYY-MM-DD not in the future",
				       "死亡日期须为不晚于今天的日期（YYYY-MM-DD）"), NULL;
	}
	if (json_object_get(in, "disability_grade") &&
	    !json_is_integer(json_object_get(in, "disability_grade")))
		return mz_fail(e, MZ_EINVAL, "disability_grade", "must be an integer",
			       "残疾等级须为整数"), NULL;

	if (store_begin(c, e))
		return NULL;
	cur = person_load(c, who, id, 1, e);
	if (!cur)
		goto fail;
	if (json_integer_value(json_object_get(cur, "version")) != version) {
		mz_fail(e, MZ_ECONFLICT, "version",
			"the person was changed by someone else; reload and try again",
			"该人员信息已被他人修改，请刷新后重试");
		goto fail;
	}
	dkind = jstr(in, "disability_kind") ? jstr(in, "disability_kind")
					    : jstr(cur, "disability_kind");
	dgrade = json_object_get(in, "disability_grade")
			 ? json_integer_value(json_object_get(in, "disability_grade"))
			 : json_integer_value(json_object_get(cur, "disability_grade"));
	if (registry_check_disability(dkind, dgrade, e))
		goto fail;

	changes = json_object();
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "UPDATE persons SET version = version + 1, updated_at = ?");
	for (size_t i = 0; i < sizeof(updatable) / sizeof(updatable[0]); i++) {
		json_t *nv = json_object_get(in, updatable[i].field);
		json_t *ov = json_object_get(cur, updatable[i].field);

		if (!nv || json_equal(nv, ov))
			continue;
		json_object_set_new(changes, updatable[i].field,
				    json_pack("{s:O,s:O}", "old", ov ? ov : json_null(), "new", nv));
		mz_buf_printf(&sql, ", %s = ?", updatable[i].field);
		nchanged++;
	}
	mz_buf_puts(&sql, " WHERE id = ? AND version = ?");
	if (!nchanged) {
		mz_buf_release(&sql);
		json_decref(changes);
		store_rollback(c);
		return cur;
	}
	st = store_prepare(c, sql.data, e);
	mz_buf_release(&sql);
	if (!st)
		goto fail;
	store_bind_i64(st, ++nb, mz_now_unix());
	for (size_t i = 0; i < sizeof(updatable) / sizeof(updatable[0]); i++) {
		json_t *nv = json_object_get(in, updatable[i].field);
		json_t *ov = json_object_get(cur, updatable[i].field);

		if (!nv || json_equal(nv, ov))
			continue;
		if (json_is_null(nv))
			store_bind_null(st, ++nb);
		else if (updatable[i].is_int)
			store_bind_i64(st, ++nb, json_integer_value(nv));
		else
			store_bind_text(st, ++nb, json_string_value(nv));
	}
	store_bind_i64(st, ++nb, id);
	store_bind_i64(st, ++nb, version);
	r = store_step(st, e);
	if (r == 0 && store_changes(st) != 1) {
		store_done(st);
		mz_fail(e, MZ_ECONFLICT, "version", "the person was changed by someone else",
			"该人员信息已被他人修改，请刷新后重试");
		goto fail;
	}
	store_done(st);
	if (r < 0)
		goto fail;
	if (registry_history_add(c, who, "person", id,
				 jstr(in, "division_code") ? jstr(in, "division_code")
							   : jstr(cur, "division_code"),
				 version + 1, reason, changes, e))
		goto fail;
	if (store_commit(c, e))
		goto fail_nort;
	json_decref(changes);
	json_decref(cur);
	out = person_load(c, who, id, 1, e);
	return out;
fail:
	store_rollback(c);
fail_nort:
	json_decref(changes);
	json_decref(cur);
	return NULL;
}

json_t *registry_history(store_conn *c, const access_ctx *who, const char *entity,
			 int64_t id, mz_err *e)
{
	const char *sql_scope = !strcmp(entity, "person")
		? "SELECT division_code FROM persons WHERE id = ? AND " ACCESS_SCOPE_SQL("division_code")
		: "SELECT division_code FROM households WHERE id = ? AND " ACCESS_SCOPE_SQL("division_code");
	store_stmt *st = store_prepare(c, sql_scope, e);
	char division[16] = "";
	json_t *items;
	int r;

	if (!st)
		return NULL;
	store_bind_i64(st, 1, id);
	access_scope_bind(st, 2, who);
	r = store_step(st, e);
	if (r == 1)
		snprintf(division, sizeof(division), "%s", store_col_text(st, 0));
	store_done(st);
	if (r <= 0)
		return r == 0 ? (mz_failf(e, MZ_ENOTFOUND, "id", "no %s %lld", "记录 %s %lld 不存在",
					  entity, (long long)id), NULL) : NULL;
	st = store_prepare(c, "SELECT version, changed_at, changed_by, reason, changes"
			      " FROM registry_history WHERE entity = ? AND entity_id = ?"
			      " ORDER BY id DESC", e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, entity);
	store_bind_i64(st, 2, id);
	items = json_array();
	while ((r = store_step(st, e)) == 1) {
		char ts[32];
		json_t *ch = json_loads(store_col_text(st, 4), 0, NULL);

		mz_time_format(store_col_i64(st, 1), ts);
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:o}", "version",
						       (json_int_t)store_col_i64(st, 0), "changed_at", ts,
						       "changed_by", store_col_text(st, 2), "reason",
						       store_col_text(st, 3), "changes",
						       ch ? ch : json_object()));
	}
	store_done(st);
	if (r < 0) {
		json_decref(items);
		return NULL;
	}
	if (audit_append(c, who, AUDIT_READ,
			 !strcmp(entity, "person") ? "person.history" : "household.history", entity,
			 id, division, "", NULL, e)) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o}", "items", items);
}
