/* person.c - persons: search, read, reveal, create, update. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/date.h"
#include "registry/idcard.h"
#include "registry/registry_internal.h"

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
	" AND m.left_on IS NULL), p.marital_status"

enum { C_ID, C_IDNO, C_NAME, C_SEX, C_BIRTH, C_DIV, C_DIVNAME, C_ADDR, C_PHONE,
       C_HUKOU, C_DKIND, C_DGRADE, C_FLAGS, C_DEATH, C_VERSION, C_HH, C_REL, C_MARITAL };

static void person_fill(store_stmt *st, registry_person *p)
{
	const char *death = store_col_text(st, C_DEATH);

	memset(p, 0, sizeof(*p));
	p->id = store_col_i64(st, C_ID);
	mz_strlcpy(p->id_number, store_col_text(st, C_IDNO), sizeof(p->id_number));
	mz_strlcpy(p->name, store_col_text(st, C_NAME), sizeof(p->name));
	p->sex = store_col_text(st, C_SEX)[0];
	p->birth = mz_day_parse(store_col_text(st, C_BIRTH));
	p->death = death && *death ? mz_day_parse(death) : MZ_DAY_INVALID;
	mz_strlcpy(p->division_code, store_col_text(st, C_DIV), sizeof(p->division_code));
	mz_strlcpy(p->division_name, store_col_is_null(st, C_DIVNAME) ? "" : store_col_text(st, C_DIVNAME),
		   sizeof(p->division_name));
	mz_strlcpy(p->address, store_col_text(st, C_ADDR), sizeof(p->address));
	mz_strlcpy(p->phone, store_col_text(st, C_PHONE), sizeof(p->phone));
	mz_strlcpy(p->hukou, store_col_text(st, C_HUKOU), sizeof(p->hukou));
	mz_strlcpy(p->disability_kind, store_col_text(st, C_DKIND), sizeof(p->disability_kind));
	p->disability_grade = (int)store_col_i64(st, C_DGRADE);
	mz_strlcpy(p->flags, store_col_text(st, C_FLAGS), sizeof(p->flags));
	p->version = store_col_i64(st, C_VERSION);
	mz_strlcpy(p->marital_status, store_col_text(st, C_MARITAL), sizeof(p->marital_status));
	if (!store_col_is_null(st, C_HH)) {
		p->household_id = store_col_i64(st, C_HH);
		mz_strlcpy(p->relation, store_col_text(st, C_REL), sizeof(p->relation));
	}
}

int registry_person_age(const registry_person *p, mz_day on)
{
	return p->birth == MZ_DAY_INVALID ? -1 : mz_age_on(p->birth, on);
}

void registry_person_page_init(registry_person_page *pg)
{
	memset(pg, 0, sizeof(*pg));
}

void registry_person_page_release(registry_person_page *pg)
{
	if (!pg)
		return;
	free(pg->items);
	memset(pg, 0, sizeof(*pg));
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

/* A name search reports "more than 1,000" (total_capped) instead of counting
 * further: 50 pages of 20 to narrow from. */
#define SEARCH_NAME_COUNT_CAP 1000

/* Smallest string greater than every string starting with prefix, for a
 * UTF-8 range scan: prefix followed by U+10FFFF's encoding. */
static void prefix_upper(const char *prefix, char *out, size_t cap)
{
	snprintf(out, cap, "%s\xf4\x8f\xbf\xbf", prefix);
}

int registry_person_search(store_conn *c, const access_ctx *who, const person_query *q,
			   registry_person_page *out, mz_err *e)
{
	char div_lo[16], div_hi[16], name_hi[160], detail[300];
	const char *name = q->name && *q->name ? q->name : NULL;
	const char *idno = q->id_number && *q->id_number ? q->id_number : NULL;
	const char *order = "p.name, p.division_code, p.id";
	idcard_info info;
	mz_buf where, sql;
	store_stmt *st;
	int64_t total = 0, idno_person = 0;
	int r, nb = 0;

	if (q->q && *q->q) {
		if (looks_like_id_number(q->q))
			idno = q->q;
		else
			name = q->q;
	}
	if (idno) {
		if (idcard_parse(idno, &info, e))
			return -1;
		idno = info.number;
	}
	if (name && strlen(name) > 120)
		return mz_fail(e, MZ_EINVAL, "name", "name is too long", "姓名过长");
	/* An ID number names one person through person_id_numbers, keyed by the
	 * number: the search then reads persons by id. On Citus both are one
	 * shard each, where persons.id_number's index would ask every shard
	 * (docs/scaling.md, step 5). No row: nobody (id 0 is never assigned). */
	if (idno) {
		st = store_prepare(c, "SELECT person_id FROM person_id_numbers WHERE id_number = ?", e);
		if (!st)
			return -1;
		store_bind_text(st, 1, idno);
		r = store_step(st, e);
		idno_person = r == 1 ? store_col_i64(st, 0) : 0;
		store_done(st);
		if (r < 0)
			return -1;
	}
	if (q->division && *q->division) {
		if (strlen(q->division) > 12 || !access_in_scope(who, q->division))
			return mz_failf(e, MZ_EINVAL, "division",
					"division '%s' is outside your scope",
					"区划 '%s' 不在您的管辖范围内", q->division);
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
				       "排序字段无效");
	}

	/* Scope is always the first condition: it is never optional. The page
	 * of a city or district in name order, with no name or number to narrow
	 * it, reads persons_name in its order and stops after the page: the
	 * scope is written on an expression so that SQLite does not take the
	 * division index and sort every person of the range (10.8 s a page at
	 * 20,000,000 persons; 8 ms this way, 80 ms for a district's 50th page).
	 * The count keeps the index: it stops at its cap. */
	int wide = !name && !idno && strlen(div_lo) <= 6 && !strncmp(order, "p.name", 6);

	mz_buf_init(&where);
	mz_buf_puts(&where, " WHERE " ACCESS_SCOPE_SQL("p.division_code"));
	if (name)
		mz_buf_puts(&where, " AND p.name >= ? AND p.name < ?");
	if (idno)
		mz_buf_puts(&where, " AND p.id = ? AND p.id_number = ?");
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
		if (idno) {                             \
			store_bind_i64(st, ++nb, idno_person); \
			store_bind_text(st, ++nb, idno);    \
		}                                       \
	} while (0)

	/* Counting a million matches costs more than the page: stop at the cap.
	 * A name is a prefix, and a surname alone matches 10,000 persons in any
	 * large city: counting that many index entries was 60% of the CPU of
	 * such a search (docs/benchmarks.md, issue 18), so a name search counts
	 * to SEARCH_NAME_COUNT_CAP, or to the page asked for if further. */
	int64_t cap = REGISTRY_COUNT_CAP;
	if (name) {
		int64_t upto = q->page * q->page_size;

		cap = upto > SEARCH_NAME_COUNT_CAP ? upto : SEARCH_NAME_COUNT_CAP;
		if (cap > REGISTRY_COUNT_CAP)
			cap = REGISTRY_COUNT_CAP;
	}
	mz_buf_init(&sql);
	mz_buf_printf(&sql, "SELECT count(*) FROM (SELECT 1 FROM persons p%s LIMIT %lld) t",
		      where.data, (long long)cap + 1);
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
			    " ORDER BY %s LIMIT ? OFFSET ?",
		      wide ? " WHERE " ACCESS_SCOPE_SQL("(p.division_code || '')") : where.data, order);
	st = store_prepare(c, sql.data, e);
	if (!st)
		goto fail;
	BIND_WHERE(st);
	store_bind_i64(st, ++nb, q->page_size);
	store_bind_i64(st, ++nb, (q->page - 1) * q->page_size);
	while ((r = store_step(st, e)) == 1)
		person_fill(st, REGISTRY_LIST_PUSH(out));
	store_done(st);
	mz_buf_release(&where);
	mz_buf_release(&sql);
	if (r < 0)
		return -1;
	{
		json_t *qj = json_pack("{s:s?,s:b,s:s,s:I}", "name", name, "by_id_number",
				       idno != NULL, "division", div_lo, "results",
				       (json_int_t)out->n);
		char *qt = json_dumps(qj, JSON_COMPACT);

		snprintf(detail, sizeof(detail), "%s", qt);
		free(qt);
		json_decref(qj);
	}
	if (audit_append(c, who, AUDIT_READ, "person.search", "person", 0, "", "", detail, e))
		return -1;
	out->total = total > cap ? cap : total;
	out->total_capped = total > cap;
	out->page = q->page;
	out->page_size = q->page_size;
	return 0;
#undef BIND_WHERE
fail:
	mz_buf_release(&where);
	mz_buf_release(&sql);
	return -1;
}

/* Loads one person: by id within scope (who), or city-wide (who NULL). */
static int person_load(store_conn *c, const access_ctx *who, int64_t id,
		       registry_person *out, mz_err *e)
{
	store_stmt *st = store_prepare(c, who ? "SELECT " PERSON_COLS " FROM persons p"
						" WHERE p.id = ? AND " ACCESS_SCOPE_SQL("p.division_code")
					      : "SELECT " PERSON_COLS " FROM persons p WHERE p.id = ?",
				       e);
	int r;

	if (!st)
		return -1;
	store_bind_i64(st, 1, id);
	if (who)
		access_scope_bind(st, 2, who);
	r = store_step(st, e);
	if (r == 1)
		person_fill(st, out);
	store_done(st);
	if (r == 0)
		return mz_failf(e, MZ_ENOTFOUND, "id", "no person %lld", "人员 %lld 不存在",
				(long long)id);
	return r < 0 ? -1 : 0;
}

int registry_person_find(store_conn *c, const access_ctx *who, int64_t id,
			 registry_person *out, mz_err *e)
{
	return person_load(c, who, id, out, e);
}

int registry_person_find_any(store_conn *c, int64_t id, registry_person *out, mz_err *e)
{
	return person_load(c, NULL, id, out, e);
}

int registry_person_find_by_number(store_conn *c, const access_ctx *who, const char *number,
				   registry_person *out, mz_err *e)
{
	idcard_info info;
	store_stmt *st;
	int r;

	if (idcard_parse(number, &info, e))
		return -1;
	st = store_prepare(c, who ? "SELECT " PERSON_COLS " FROM persons p WHERE p.id_number = ?"
				    " AND " ACCESS_SCOPE_SQL("p.division_code")
				  : "SELECT " PERSON_COLS " FROM persons p WHERE p.id_number = ?", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, info.number);
	if (who) {
		access_scope_bind(st, 2, who);
	}
	r = store_step(st, e);
	if (r == 1)
		person_fill(st, out);
	store_done(st);
	if (r == 0)
		return mz_fail(e, MZ_ENOTFOUND, "id_number",
			       "no resident of the city has this ID number",
			       "本市人口库中没有该身份证号码");
	return r < 0 ? -1 : 0;
}

int registry_person_list_by_ids(store_conn *c, const int64_t *ids, size_t n,
				registry_person *out, mz_err *e)
{
	mz_buf sql;
	int rc = 0;

	memset(out, 0, n * sizeof(*out));
	mz_buf_init(&sql);
	for (size_t at = 0; at < n && !rc; at += REGISTRY_PAGE_MAX) {
		size_t k = n - at < REGISTRY_PAGE_MAX ? n - at : REGISTRY_PAGE_MAX;
		/* Statements are prepared once per connection and cached by their
		 * text: rounding the list up to one of four lengths (the spare
		 * places repeat the last id) keeps that to four forms. */
		size_t kb = k <= 1 ? 1 : k <= 8 ? 8 : k <= 32 ? 32 : REGISTRY_PAGE_MAX;
		registry_person p;
		store_stmt *st;
		int r;

		mz_buf_reset(&sql);
		mz_buf_puts(&sql, "SELECT " PERSON_COLS " FROM persons p WHERE p.id IN (?");
		for (size_t i = 1; i < kb; i++)
			mz_buf_puts(&sql, ", ?");
		mz_buf_puts(&sql, ")");
		if (!(st = store_prepare(c, sql.data, e))) {
			rc = -1;
			break;
		}
		for (size_t i = 0; i < kb; i++)
			store_bind_i64(st, (int)i + 1, ids[at + (i < k ? i : k - 1)]);
		while ((r = store_step(st, e)) == 1) {
			person_fill(st, &p);
			/* An id may stand in the list more than once. */
			for (size_t i = at; i < at + k; i++)
				if (ids[i] == p.id)
					out[i] = p;
		}
		store_done(st);
		if (r < 0)
			rc = -1;
	}
	mz_buf_release(&sql);
	return rc;
}

int registry_person_get(store_conn *c, const access_ctx *who, int64_t id,
			registry_person *out, mz_err *e)
{
	if (person_load(c, who, id, out, e))
		return -1;
	return audit_append(c, who, AUDIT_READ, "person.read", "person", id, out->division_code, "",
				   NULL, e);
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

/* Length and presence of a text field; its type was the front's business. */
static int check_text_field(const char *v, const char *k, size_t max, int required,
			    const char *zh, mz_err *e)
{
	if (required && (!v || !*v))
		return mz_failf(e, MZ_EINVAL, k, "%s is required%.0s", "%.0s%s不能为空", k, zh);
	if (v && strlen(v) > max)
		return mz_failf(e, MZ_EINVAL, k, "%s is too long%.0s", "%.0s%s过长", k, zh);
	/* A name or address starting like a spreadsheet formula would run as one
	 * when an export is opened (formula injection); no real one does. */
	if (v && strcmp(k, "phone") && (*v == '=' || *v == '+' || *v == '-' || *v == '@'))
		return mz_failf(e, MZ_EINVAL, k, "%s may not start with = + - or @%.0s",
				"%.0s%s不能以 = + - @ 开头", k, zh);
	return 0;
}

static int check_flags(const char *flags, mz_err *e)
{
	static const char *known[] = { "full_time_student", "in_prison", "in_rehab",
				       "missing", "religious_apart", "living_alone",
				       "special_family", "veteran", "empty_nest" };
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

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

int registry_person_create(store_conn *c, const access_ctx *who, const registry_person_new *in,
			   const char *reason, int64_t *id_out, mz_err *e)
{
	idcard_info info;
	char birth[11];
	const char *hukou = in->hukou ? in->hukou : "urban";
	const char *dkind = or_empty(in->disability_kind);
	int64_t dgrade = in->disability_grade;
	int64_t now = mz_now_unix(), id = 0;
	store_stmt *st;
	json_t *changes;
	int r;

	if (registry_check_reason(reason, e) ||
	    idcard_parse(in->id_number, &info, e) ||
	    check_text_field(in->name, "name", 60, 1, "姓名", e) ||
	    check_text_field(in->address, "address", 300, 0, "地址", e) ||
	    check_text_field(in->phone, "phone", 30, 0, "电话", e) ||
	    registry_check_phone(in->phone, e) ||
	    registry_check_community(c, who, in->division_code, e) ||
	    registry_check_disability(dkind, dgrade, e) || check_flags(in->flags, e))
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
	store_bind_text(st, 2, in->name);
	store_bind_text(st, 3, info.sex == 'M' ? "M" : "F");
	store_bind_text(st, 4, birth);
	store_bind_text(st, 5, in->division_code);
	store_bind_text(st, 6, or_empty(in->address));
	store_bind_text(st, 7, or_empty(in->phone));
	store_bind_text(st, 8, hukou);
	store_bind_text(st, 9, dkind);
	store_bind_i64(st, 10, dgrade);
	store_bind_text(st, 11, or_empty(in->flags));
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
			    in->name, "division_code", "old", "new", in->division_code);
	r = registry_history_add(c, who, "person", id, in->division_code, 1, reason,
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

/* One field an update may change: its column, its value before and after
 * (text, or an integer), and whether it changes. The history records old
 * and new as JSON of the field's type, death_date null while alive. */
typedef struct field_change {
	const char *field;
	int is_int, is_null_new, is_null_old;
	const char *old_s, *new_s;
	int64_t old_i, new_i;
} field_change;

/* person.died, in the transaction that records the death: the outbox takes
 * it to every program that must stop (enrollments, canteen card, 平安通). A
 * corrected death date publishes again; subscribers treat it as the fact
 * of the moment. */
static int publish_death(store_conn *c, const access_ctx *who, int64_t id,
			 const char *division, const char *death_date, mz_err *e)
{
	char payload[128], day[11];

	/* Re-formatted from the parsed day: the text is then safe inside JSON. */
	mz_day_format(mz_day_parse(death_date), day);
	snprintf(payload, sizeof(payload), "{\"person_id\":%lld,\"death_date\":\"%s\"}",
		 (long long)id, day);
	return registry_publish_tx(c, who, "person.died", id, division, payload, e);
}

static int field_changed(const field_change *f)
{
	if (f->is_int)
		return f->old_i != f->new_i;
	if (f->is_null_old || f->is_null_new)
		return f->is_null_old != f->is_null_new;
	return strcmp(f->old_s, f->new_s) != 0;
}

static json_t *field_json(const field_change *f, int new_side)
{
	if (f->is_int)
		return json_integer(new_side ? f->new_i : f->old_i);
	if (new_side ? f->is_null_new : f->is_null_old)
		return json_null();
	return json_string(new_side ? f->new_s : f->old_s);
}

int registry_person_update(store_conn *c, const access_ctx *who, int64_t id,
			   const registry_person_changes *in, const char *reason,
			   int64_t version, registry_person *out, mz_err *e)
{
	registry_person cur;
	char old_death[11] = "";
	field_change f[9];
	size_t nf = 0;
	json_t *changes = NULL;
	mz_buf sql;
	store_stmt *st;
	int r, nb = 0, nchanged = 0;
	const char *dkind;
	int64_t dgrade;

	if (registry_check_reason(reason, e))
		return -1;
	if (check_text_field(in->name, "name", 60, 0, "姓名", e) ||
	    check_text_field(in->address, "address", 300, 0, "地址", e) ||
	    check_text_field(in->phone, "phone", 30, 0, "电话", e) || check_flags(in->flags, e) ||
	    registry_check_phone(in->phone, e))
		return -1;
	if (in->name && !*in->name)
		return mz_fail(e, MZ_EINVAL, "name", "name is required", "姓名不能为空");
	if (in->division_code && registry_check_community(c, who, in->division_code, e))
		return -1;
	if (in->hukou && strcmp(in->hukou, "urban") && strcmp(in->hukou, "rural"))
		return mz_fail(e, MZ_EINVAL, "hukou", "hukou must be urban or rural",
			       "户籍类型须为城镇或农村");
	if (in->set_death_date && in->death_date) {
		mz_day d = mz_day_parse(in->death_date);
		if (d == MZ_DAY_INVALID || d > mz_today())
			return mz_fail(e, MZ_EINVAL, "death_date",
				       "death_date must be a date YYYY-MM-DD not in the future",
				       "死亡日期须为不晚于今天的日期（YYYY-MM-DD）");
	}

	if (store_begin(c, e))
		return -1;
	if (person_load(c, who, id, &cur, e))
		goto fail;
	if (cur.version != version) {
		mz_fail(e, MZ_ECONFLICT, "version",
			"the person was changed by someone else; reload and try again",
			"该人员信息已被他人修改，请刷新后重试");
		goto fail;
	}
	dkind = in->disability_kind ? in->disability_kind : cur.disability_kind;
	dgrade = in->set_disability_grade ? in->disability_grade : cur.disability_grade;
	if (registry_check_disability(dkind, dgrade, e))
		goto fail;

	/* In the order of the columns a PATCH has always listed. */
#define TEXT_FIELD(name_, member_)                                                     \
	if (in->member_)                                                               \
		f[nf++] = (field_change){ .field = name_, .old_s = cur.member_,        \
					  .new_s = in->member_ };
	TEXT_FIELD("name", name)
	TEXT_FIELD("address", address)
	TEXT_FIELD("phone", phone)
	TEXT_FIELD("division_code", division_code)
	TEXT_FIELD("hukou", hukou)
	TEXT_FIELD("disability_kind", disability_kind)
	if (in->set_disability_grade)
		f[nf++] = (field_change){ .field = "disability_grade", .is_int = 1,
					  .old_i = cur.disability_grade,
					  .new_i = in->disability_grade };
	TEXT_FIELD("flags", flags)
#undef TEXT_FIELD
	if (in->set_death_date) {
		if (cur.death != MZ_DAY_INVALID)
			mz_day_format(cur.death, old_death);
		f[nf++] = (field_change){ .field = "death_date", .old_s = old_death,
					  .is_null_old = cur.death == MZ_DAY_INVALID,
					  .new_s = in->death_date,
					  .is_null_new = !in->death_date };
	}

	changes = json_object();
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "UPDATE persons SET version = version + 1, updated_at = ?");
	for (size_t i = 0; i < nf; i++) {
		if (!field_changed(&f[i]))
			continue;
		json_object_set_new(changes, f[i].field,
				    json_pack("{s:o,s:o}", "old", field_json(&f[i], 0), "new",
					      field_json(&f[i], 1)));
		mz_buf_printf(&sql, ", %s = ?", f[i].field);
		nchanged++;
	}
	mz_buf_puts(&sql, " WHERE id = ? AND version = ?");
	if (!nchanged) {
		mz_buf_release(&sql);
		json_decref(changes);
		store_rollback(c);
		*out = cur;
		return 0;
	}
	st = store_prepare(c, sql.data, e);
	mz_buf_release(&sql);
	if (!st)
		goto fail;
	store_bind_i64(st, ++nb, mz_now_unix());
	for (size_t i = 0; i < nf; i++) {
		if (!field_changed(&f[i]))
			continue;
		if (f[i].is_int)
			store_bind_i64(st, ++nb, f[i].new_i);
		else if (f[i].is_null_new)
			store_bind_null(st, ++nb);
		else
			store_bind_text(st, ++nb, f[i].new_s);
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
				 in->division_code ? in->division_code : cur.division_code,
				 version + 1, reason, changes, e))
		goto fail;
	if (json_object_get(changes, "death_date") && in->death_date &&
	    publish_death(c, who, id, cur.division_code, in->death_date, e))
		goto fail;
	if (store_commit(c, e))
		goto fail_nort;
	json_decref(changes);
	return person_load(c, who, id, out, e);
fail:
	store_rollback(c);
fail_nort:
	json_decref(changes);
	return -1;
}

int registry_person_record_death_tx(store_conn *c, const access_ctx *who, int64_t id,
				    const char *death_date, const char *reason, int *recorded,
				    mz_err *e)
{
	registry_person cur;
	char old_death[11] = "";
	mz_day d = mz_day_parse(death_date ? death_date : "");
	json_t *changes;
	int64_t n;
	int r;

	if (recorded)
		*recorded = 0;
	if (registry_check_reason(reason, e))
		return -1;
	if (d == MZ_DAY_INVALID || d > mz_today())
		return mz_fail(e, MZ_EINVAL, "death_date",
			       "death_date must be a date YYYY-MM-DD not in the future",
			       "死亡日期须为不晚于今天的日期（YYYY-MM-DD）");
	if (person_load(c, who, id, &cur, e))
		return -1;
	if (cur.death == d)
		return 0;
	if (cur.death != MZ_DAY_INVALID)
		mz_day_format(cur.death, old_death);
	n = store_run(c, e, "UPDATE persons SET version = version + 1, updated_at = ?,"
			    " death_date = ? WHERE id = ? AND version = ?",
		      mz_now_unix(), store_arg_day(d), id, cur.version);
	if (n < 0)
		return -1;
	if (n != 1)
		return mz_fail(e, MZ_ECONFLICT, "version", "the person was changed by someone else",
			       "该人员信息已被他人修改，请刷新后重试");
	changes = json_pack("{s:{s:o,s:s}}", "death_date", "old",
			    *old_death ? json_string(old_death) : json_null(), "new", death_date);
	r = registry_history_add(c, who, "person", id, cur.division_code, cur.version + 1, reason,
				 changes, e);
	json_decref(changes);
	if (r || publish_death(c, who, id, cur.division_code, death_date, e))
		return -1;
	if (recorded)
		*recorded = 1;
	return 0;
}

void registry_history_list_init(registry_history_list *l)
{
	memset(l, 0, sizeof(*l));
}

void registry_history_list_release(registry_history_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].reason);
		free(l->items[i].changes_json);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}

int registry_history(store_conn *c, const access_ctx *who, const char *entity, int64_t id,
		     registry_history_list *out, mz_err *e)
{
	const char *sql_scope = !strcmp(entity, "person")
		? "SELECT division_code FROM persons WHERE id = ? AND " ACCESS_SCOPE_SQL("division_code")
		: "SELECT division_code FROM households WHERE id = ? AND " ACCESS_SCOPE_SQL("division_code");
	store_stmt *st = store_prepare(c, sql_scope, e);
	char division[16] = "";
	int r;

	if (!st)
		return -1;
	store_bind_i64(st, 1, id);
	access_scope_bind(st, 2, who);
	r = store_step(st, e);
	if (r == 1)
		snprintf(division, sizeof(division), "%s", store_col_text(st, 0));
	store_done(st);
	if (r <= 0)
		return r == 0 ? mz_failf(e, MZ_ENOTFOUND, "id", "no %s %lld", "记录 %s %lld 不存在",
					 entity, (long long)id) : -1;
	st = store_prepare(c, "SELECT version, changed_at, changed_by, reason, changes"
			      " FROM registry_history WHERE entity = ? AND entity_id = ?"
			      " ORDER BY id DESC", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, entity);
	store_bind_i64(st, 2, id);
	while ((r = store_step(st, e)) == 1) {
		registry_change *ch = REGISTRY_LIST_PUSH(out);

		ch->version = store_col_i64(st, 0);
		ch->changed_at = store_col_i64(st, 1);
		mz_strlcpy(ch->changed_by, store_col_text(st, 2), sizeof(ch->changed_by));
		ch->reason = mz_strdup(store_col_text(st, 3));
		ch->changes_json = mz_strdup(store_col_text(st, 4));
	}
	store_done(st);
	if (r < 0)
		return -1;
	return audit_append(c, who, AUDIT_READ,
				   !strcmp(entity, "person") ? "person.history" : "household.history",
				   entity, id, division, "", NULL, e);
}
