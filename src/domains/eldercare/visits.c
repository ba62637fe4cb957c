/* visits.c - monthly visits (see visits.h). The "due" rule is one SQL
 * condition (DUE_WHERE) used by both the list and the rates, so the two
 * can never disagree about who counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "domains/eldercare/eldercare.h"
#include "domains/eldercare/params.h"
#include "domains/eldercare/visits.h"
#include "events/events.h"
#include "registry/idcard.h"
#include "store/order.h"

#define VISIT_CATS 8

/* Binds, in order: scope lo, hi; min-age birth cutoff; very-old cutoff;
 * month last day (category in force); month first day; 8 categories. */
#define DUE_WHERE                                                                        \
	" " ACCESS_SCOPE_SQL("p.division_code") " AND (p.death_date IS NULL OR p.death_date = '')" \
	" AND p.birth_date <= ? AND (p.flags LIKE '%living_alone%'"                          \
	" OR p.flags LIKE '%empty_nest%' OR p.flags LIKE '%special_family%'"                \
	" OR p.birth_date <= ? OR EXISTS (SELECT 1"       \
	" FROM elder_categories ec WHERE ec.person_id = p.id AND ec.valid_from <= ?"         \
	" AND (ec.valid_to IS NULL OR ec.valid_to >= ?) AND ec.category IN (?, ?, ?, ?, ?, ?, ?, ?)))"

typedef struct due_args {
	char lo[16], hi[16], min_cut[11], old_cut[11], first[11], last[11], month[8];
	char cats[VISIT_CATS][32];
} due_args;

/* The birth date cutoff for "aged `age` on `on`": born on or before. */
static void cutoff(mz_day on, int64_t age, char out[11])
{
	int y, m, d;

	mz_day_to_ymd(on, &y, &m, &d);
	/* 29 February of a leap year: the birthday falls on 28 February. */
	if (m == 2 && d == 29)
		d = 28;
	mz_day_format(mz_day_from_ymd(y - (int)age, m, d), out);
}

static int due_prepare(store_conn *c, const access_ctx *who, const char *division,
		       const char *month, due_args *a, mz_err *e)
{
	mz_day first, last;
	ec_params p;
	int64_t min_age, old_age;
	const char *cats;
	char buf[256], *save = NULL, *tok;
	int n = 0, r;

	memset(a, 0, sizeof(*a));
	if (ec_parse_month(month, &first, &last, e) ||
	    ec_scope_range(who, division, a->lo, a->hi, e) || ec_params_load(c, last, &p, e))
		return -1;
	r = ec_param_int(&p, "visits.min_age", a->lo, &min_age, e) ||
	    ec_param_int(&p, "visits.very_old_age", a->lo, &old_age, e) ||
	    ec_param_str(&p, "visits.categories", a->lo, &cats, e);
	if (!r)
		mz_strlcpy(buf, cats, sizeof(buf));
	ec_params_release(&p);
	if (r)
		return -1;
	for (tok = strtok_r(buf, ",", &save); tok && n < VISIT_CATS; tok = strtok_r(NULL, ",", &save))
		mz_strlcpy(a->cats[n++], tok, sizeof(a->cats[0]));
	/* Age at the month's end: someone turning 80 this month is due. */
	cutoff(last, min_age, a->min_cut);
	cutoff(last, old_age, a->old_cut);
	mz_day_format(first, a->first);
	mz_day_format(last, a->last);
	mz_strlcpy(a->month, month, sizeof(a->month));
	return 0;
}

static void due_bind(store_stmt *st, int at, const due_args *a)
{
	at = store_params_at(st, at, store_arg_range(a->lo, a->hi), a->min_cut, a->old_cut,
			     a->last, a->first);
	/* Unused slots bind '' which no category equals. */
	for (int i = 0; i < VISIT_CATS; i++)
		store_bind_text(st, at + i, a->cats[i]);
}

json_t *ec_visit_record(store_conn *c, const access_ctx *who, json_t *in, mz_err *e)
{
	json_int_t pid = json_integer_value(json_object_get(in, "person_id"));
	const char *on = json_string_value(json_object_get(in, "visited_on"));
	const char *kind = json_string_value(json_object_get(in, "visitor_kind"));
	const char *visitor = json_string_value(json_object_get(in, "visitor"));
	const char *findings = json_string_value(json_object_get(in, "findings"));
	int follow = json_is_true(json_object_get(in, "needs_followup"));
	char month[8];
	int64_t id = 0;
	ec_person p;
	mz_day d;
	json_t *out;
	int r;

	if (ec_parse_day(on, "visited_on", &d, e))
		return NULL;
	if (d > mz_today())
		return mz_fail(e, MZ_EINVAL, "visited_on", "a visit cannot be in the future",
			       "探访日期不能晚于今天"), NULL;
	if (!kind || (strcmp(kind, "community_worker") && strcmp(kind, "volunteer")))
		return mz_fail(e, MZ_EINVAL, "visitor_kind", "visitor_kind must be community_worker or volunteer",
			       "探访人类型须为社区工作人员或结对志愿者"), NULL;
	if (!visitor || strlen(visitor) < 2 || strlen(visitor) > 60)
		return mz_fail(e, MZ_EINVAL, "visitor", "the visitor's name is required",
			       "请填写探访人姓名"), NULL;
	if (findings && strlen(findings) > 2000)
		return mz_fail(e, MZ_EINVAL, "findings", "findings too long", "探访情况过长"), NULL;
	if (ec_person_load(c, who, pid, &p, e))
		return NULL;
	ec_month_of(d, month);
	if (store_begin(c, e))
		return NULL;
	id = store_insert_id(c, e,
			"INSERT INTO ec_visits (person_id, division_code, visited_on, month,"
			" visitor_kind, visitor, findings, needs_followup, created_by, created_at)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			p.id, p.division, on, month, kind, visitor, findings ? findings : "",
			follow, who->login, mz_now_unix());
	r = id > 0 ? 1 : (int)id; /* 1 a new row, 0 none, -1 error */
	if (r != 1 || audit_append(c, who, AUDIT_WRITE, "eldercare.visit.record", "ec_visit", id,
				   p.division, "", NULL, e) ||
	    ec_visit_publish_tx(c, who, p.id, p.division, on, kind, e) || store_commit(c, e))
		goto fail;
	out = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:b}", "id", (json_int_t)id, "person_id",
			(json_int_t)p.id, "visited_on", on, "month", month, "visitor_kind", kind,
			"visitor", visitor, "needs_followup", follow);
	return out;
fail:
	store_rollback(c);
	return NULL;
}

json_t *ec_visit_due(store_conn *c, const access_ctx *who, const char *division,
		     const char *month, int only_overdue, const char *sort, int64_t page,
		     int64_t page_size, mz_err *e)
{
/* The list and its count read the same rows: one FROM for both. */
#define DUE_FROM " FROM persons p WHERE" DUE_WHERE
#define DUE_OVERDUE " AND (? = 0 OR NOT EXISTS (SELECT 1 FROM ec_visits v WHERE v.person_id = p.id" \
		    " AND v.month = ?))"
	static const store_order orders[] = {
		{ "name", "p.name" }, { "birth_date", "p.birth_date" },
		{ "division_code", "p.division_code" }, { "last_visit", "8" }, { NULL, NULL }
	};
	due_args a;
	store_stmt *st;
	json_t *items;
	char masked[19];
	int64_t total = 0;
	mz_buf sql;
	mz_day last;
	int r;

	if (due_prepare(c, who, division, month, &a, e))
		return NULL;
	last = mz_day_parse(a.last);
	st = store_prepare(c, "SELECT count(*)" DUE_FROM DUE_OVERDUE, e);
	if (!st)
		return NULL;
	due_bind(st, 1, &a);
	store_bind_i64(st, 15, only_overdue);
	store_bind_text(st, 16, a.month);
	r = store_step(st, e);
	total = r == 1 ? store_col_i64(st, 0) : 0;
	store_done(st);
	if (r < 0)
		return NULL;
	/* last_visit orders by the output column (8): the same subquery again
	 * would be evaluated twice per row. */
	mz_buf_init(&sql);
	mz_buf_puts(&sql, "SELECT p.id, p.name, p.id_number, p.birth_date, p.division_code, p.flags,"
			  " (SELECT count(*) FROM ec_visits v WHERE v.person_id = p.id AND v.month = ?),"
			  " (SELECT max(v.visited_on) FROM ec_visits v WHERE v.person_id = p.id AND v.month = ?)"
			  DUE_FROM DUE_OVERDUE);
	st = NULL;
	if (!store_order_by(&sql, orders, sort, "p.division_code, p.birth_date, p.id", "p.id", e)) {
		mz_buf_puts(&sql, " LIMIT ? OFFSET ?");
		st = store_prepare(c, sql.data, e);
	}
	mz_buf_release(&sql);
#undef DUE_OVERDUE
#undef DUE_FROM
	if (!st)
		return NULL;
	store_bind_text(st, 1, a.month);
	store_bind_text(st, 2, a.month);
	due_bind(st, 3, &a);
	store_bind_i64(st, 17, only_overdue);
	store_bind_text(st, 18, a.month);
	store_bind_i64(st, 19, page_size + 1);
	store_bind_i64(st, 20, (page - 1) * page_size);
	items = json_array();
	while ((r = store_step(st, e)) == 1) {
		const char *birth = store_col_text(st, 3), *flags = store_col_text(st, 5);
		const char *last_visit = store_col_text(st, 7);
		json_t *why = json_array();

		if (ec_list_has(flags, "living_alone"))
			json_array_append_new(why, json_string("living_alone"));
		if (ec_list_has(flags, "empty_nest"))
			json_array_append_new(why, json_string("empty_nest"));
		if (ec_list_has(flags, "special_family"))
			json_array_append_new(why, json_string("special_family"));
		if (strcmp(birth, a.old_cut) <= 0)
			json_array_append_new(why, json_string("very_old"));
		if (!json_array_size(why))
			json_array_append_new(why, json_string("category"));
		idcard_mask(store_col_text(st, 2), masked);
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s,s:i,s:s,s:o,s:I,s:o}", "person_id",
			(json_int_t)store_col_i64(st, 0), "name", store_col_text(st, 1), "id_number_masked",
			masked, "birth_date", birth, "age", mz_age_on(mz_day_parse(birth), last),
			"division_code", store_col_text(st, 4), "why", why, "visits",
			(json_int_t)store_col_i64(st, 6), "last_visit",
			last_visit ? json_string(last_visit) : json_null()));
	}
	store_done(st);
	if (r < 0 || audit_append(c, who, AUDIT_READ, "eldercare.visit.due", "ec_visit", 0, a.lo, "",
				  NULL, e)) {
		json_decref(items);
		return NULL;
	}
	r = json_array_size(items) > (size_t)page_size;
	if (r)
		json_array_remove(items, json_array_size(items) - 1);
	return json_pack("{s:s,s:o,s:I,s:I,s:I,s:b}", "month", a.month, "items", items, "total",
			 (json_int_t)total, "page", (json_int_t)page, "page_size", (json_int_t)page_size,
			 "has_more", r);
}

json_t *ec_visit_rates(store_conn *c, const access_ctx *who, const char *division,
		       const char *month, mz_err *e)
{
	due_args a;
	store_stmt *st;
	json_t *items;
	int64_t due = 0, visited = 0;
	int r;

	if (due_prepare(c, who, division, month, &a, e))
		return NULL;
	st = store_prepare(c, "SELECT p.division_code, d.name, count(*), sum(CASE WHEN EXISTS (SELECT 1"
			      " FROM ec_visits v WHERE v.person_id = p.id AND v.month = ?) THEN 1 ELSE 0 END)"
			      " FROM persons p LEFT JOIN divisions d ON d.code = p.division_code WHERE" DUE_WHERE
			      " GROUP BY p.division_code, d.name ORDER BY p.division_code", e);
	if (!st)
		return NULL;
	store_bind_text(st, 1, a.month);
	due_bind(st, 2, &a);
	items = json_array();
	while ((r = store_step(st, e)) == 1) {
		int64_t n = store_col_i64(st, 2), v = store_col_i64(st, 3);

		due += n;
		visited += v;
		json_array_append_new(items, json_pack("{s:s,s:s,s:I,s:I,s:I}", "division_code",
			store_col_text(st, 0), "name", store_col_text(st, 1) ? store_col_text(st, 1) : "",
			"due", (json_int_t)n, "visited", (json_int_t)v, "rate_permille",
			(json_int_t)(n ? v * 1000 / n : 1000)));
	}
	store_done(st);
	if (r < 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:s,s:o,s:I,s:I,s:I,s:i}", "month", a.month, "items", items, "due",
			 (json_int_t)due, "visited", (json_int_t)visited, "rate_permille",
			 (json_int_t)(due ? visited * 1000 / due : 1000), "target_permille", 1000);
}

int ec_visit_publish_tx(store_conn *c, const access_ctx *who, int64_t person_id,
			const char *division, const char *visited_on, const char *visitor_kind,
			mz_err *e)
{
	json_t *j = json_pack("{s:s,s:s}", "visited_on", visited_on, "visitor_kind", visitor_kind);
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	int rc;

	json_decref(j);
	if (!text)
		return mz_fail(e, MZ_EINTERNAL, NULL, "visit event not encodable", "探访事件无法编码");
	rc = events_publish(c, who, EC_EVENT_VISIT_RECORDED, person_id, division, text, NULL, e);
	free(text);
	return rc;
}

/* ---- overdue visits on the outbox ---- */

typedef struct overdue_person {
	int64_t id;
	char division[16];
} overdue_person;

#define OVERDUE_BATCH 500

int ec_visit_overdue_publish(store_conn *c, const access_ctx *who, const char *month,
			     int64_t *published, mz_err *e)
{
	char payload[48];
	due_args a;
	store_stmt *st;
	overdue_person *due = NULL;
	size_t ndue = 0, capdue = 0;
	int r, rc = -1;

	*published = 0;
	if (due_prepare(c, who, NULL, month, &a, e))
		return -1;
	if (mz_day_parse(a.last) >= mz_today())
		return mz_failf(e, MZ_EINVAL, "month", "month %s has not ended", "%s 尚未结束", month);
	snprintf(payload, sizeof(payload), "{\"month\":\"%s\"}", a.month);
	st = store_prepare(c, "SELECT p.id, p.division_code FROM persons p WHERE" DUE_WHERE
			      " AND NOT EXISTS (SELECT 1 FROM ec_visits v WHERE v.person_id = p.id"
			      " AND v.month = ?) ORDER BY p.id", e);
	if (!st)
		return -1;
	due_bind(st, 1, &a);
	store_bind_text(st, 15, a.month);
	while ((r = store_step(st, e)) == 1) {
		if (ndue == capdue) {
			capdue = capdue ? capdue * 2 : 256;
			due = mz_xrealloc(due, capdue * sizeof(*due));
		}
		due[ndue].id = store_col_i64(st, 0);
		mz_strlcpy(due[ndue].division, store_col_text(st, 1), sizeof(due[0].division));
		ndue++;
	}
	store_done(st);
	if (r < 0)
		goto out;
	/* In batches: a month of a large city is tens of thousands of elders,
	 * and one transaction for all would hold the writer that long. */
	for (size_t i = 0; i < ndue; i += OVERDUE_BATCH) {
		if (store_begin(c, e))
			goto out;
		for (size_t k = i; k < ndue && k < i + OVERDUE_BATCH; k++)
			if (events_publish(c, who, EC_EVENT_VISIT_OVERDUE, due[k].id, due[k].division,
					   payload, NULL, e)) {
				store_rollback(c);
				goto out;
			}
		if (store_commit(c, e)) {
			store_rollback(c);
			goto out;
		}
		*published += (int64_t)(ndue - i < OVERDUE_BATCH ? ndue - i : OVERDUE_BATCH);
	}
	rc = 0;
out:
	free(due);
	return rc;
}
