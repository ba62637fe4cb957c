/* household_search.c - finding households: by area, address, the head's
 * name, a member's ID number, size and declared income per member.
 *
 * On Citus, households are distributed by id and household_members,
 * persons and person_incomes by person id (docs/scaling.md, step 5): no
 * query may join the two groups. The filters about people therefore run
 * first, on the person group, and each yields a set of household ids
 * (at most REGISTRY_COUNT_CAP + 1); the sets are intersected and the
 * households read by id in batches. Without such a filter the households
 * are paged by SQL directly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "registry/idcard.h"
#include "registry/registry_internal.h"

#define BATCH 20
#define SET_CAP (REGISTRY_COUNT_CAP + 1)

/* A sorted set of household ids; active once a filter produced it. */
typedef struct id_set {
	int64_t *ids;
	size_t n, cap;
	int active;
	int capped; /* a filter matched more than SET_CAP households */
} id_set;

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static void set_push(id_set *s, int64_t id)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->ids = mz_xrealloc(s->ids, s->cap * sizeof(*s->ids));
	}
	s->ids[s->n++] = id;
}

static void set_sort(id_set *s)
{
	size_t o = 0;

	if (!s->n)
		return; /* an empty set has no array: qsort must not see NULL */
	qsort(s->ids, s->n, sizeof(*s->ids), cmp_i64);
	for (size_t i = 0; i < s->n; i++)
		if (!o || s->ids[o - 1] != s->ids[i])
			s->ids[o++] = s->ids[i];
	s->n = o;
}

/* acc := acc ∩ next (next sorted); next is released. */
static void set_meet(id_set *acc, id_set *next)
{
	set_sort(next);
	if (!acc->active) {
		free(acc->ids);
		*acc = *next;
		acc->active = 1;
		return;
	}
	{
		size_t o = 0, j = 0;

		for (size_t i = 0; i < acc->n; i++) {
			while (j < next->n && next->ids[j] < acc->ids[i])
				j++;
			if (j < next->n && next->ids[j] == acc->ids[i])
				acc->ids[o++] = acc->ids[i];
		}
		acc->n = o;
	}
	acc->capped |= next->capped;
	free(next->ids);
}

/* Runs st (bound) and adds column 0 of each row to s, at most SET_CAP. */
static int set_fill(store_stmt *st, id_set *s, mz_err *e)
{
	int r;

	while ((r = store_step(st, e)) == 1) {
		if (s->n >= SET_CAP) {
			s->capped = 1;
			break;
		}
		set_push(s, store_col_i64(st, 0));
	}
	store_done(st);
	return r < 0 ? -1 : 0;
}

/* The household of the person holding number (none: the empty set). */
static int by_id_number(store_conn *c, const char *number, id_set *s, mz_err *e)
{
	store_stmt *st;
	int64_t pid = 0;
	int r;

	st = store_prepare(c, "SELECT person_id FROM person_id_numbers WHERE id_number = ?", e);
	if (!st)
		return -1;
	store_bind_text(st, 1, number);
	r = store_step(st, e);
	if (r == 1)
		pid = store_col_i64(st, 0);
	store_done(st);
	if (r < 0)
		return -1;
	st = store_prepare(c, "SELECT household_id FROM household_members"
			      " WHERE person_id = ? AND left_on IS NULL", e);
	if (!st)
		return -1;
	store_bind_i64(st, 1, pid);
	return set_fill(st, s, e);
}

/* Households whose current head's name starts with name, heads in [lo, hi). */
static int by_head_name(store_conn *c, const char *name, const char *lo, const char *hi,
			id_set *s, mz_err *e)
{
	char upper[200];
	store_stmt *st;

	snprintf(upper, sizeof(upper), "%s\xf4\x8f\xbf\xbf", name);
	st = store_prepare(c, "SELECT m.household_id FROM persons p"
			      " JOIN household_members m ON m.person_id = p.id"
			      " WHERE p.name >= ? AND p.name < ? AND m.relation = 'head'"
			      " AND m.left_on IS NULL AND " ACCESS_SCOPE_SQL("p.division_code")
			      " LIMIT 10001", e);
	if (!st)
		return -1;
	store_params(st, name, upper, store_arg_range(lo, hi));
	return set_fill(st, s, e);
}

/* Households by their current size and declared income per member, the
 * members living in [lo, hi). Per-member bounds are compared as
 * sum >= min * size, so no division rounds a fen away. */
static int by_size_income(store_conn *c, const registry_household_query *q, const char *lo,
			  const char *hi, id_set *s, mz_err *e)
{
	store_stmt *st = store_prepare(c,
		"SELECT m.household_id FROM household_members m"
		" JOIN persons p ON p.id = m.person_id"
		" LEFT JOIN person_incomes i ON i.person_id = m.person_id"
		" WHERE m.left_on IS NULL AND " ACCESS_SCOPE_SQL("p.division_code")
		" GROUP BY m.household_id"
		" HAVING COUNT(DISTINCT m.person_id) >= ?"
		" AND (? = 0 OR COUNT(DISTINCT m.person_id) <= ?)"
		" AND (? < 0 OR COALESCE(SUM(i.monthly_fen), 0) >= ? * COUNT(DISTINCT m.person_id))"
		" AND (? < 0 OR COALESCE(SUM(i.monthly_fen), 0) <= ? * COUNT(DISTINCT m.person_id))"
		" LIMIT 10001", e);

	if (!st)
		return -1;
	store_params(st, store_arg_range(lo, hi), q->size_min, q->size_max, q->size_max,
		     q->income_min_fen, q->income_min_fen, q->income_max_fen, q->income_max_fen);
	return set_fill(st, s, e);
}

/* Head name, size and income of out->items[from .. from+BATCH). The
 * incomes are joined row by row (a member with k income rows counts once,
 * by COUNT(DISTINCT)): a join to a per-person GROUP BY of person_incomes had
 * SQLite aggregate the whole table for every page (56 s at 20M persons). */
static int fill_heads(store_conn *c, registry_household_page *out, size_t from, mz_err *e)
{
	store_stmt *st = store_prepare(c,
		"SELECT m.household_id, COUNT(DISTINCT m.person_id),"
		" MAX(CASE WHEN m.relation = 'head' THEN p.name END), COALESCE(SUM(i.monthly_fen), 0)"
		" FROM household_members m JOIN persons p ON p.id = m.person_id"
		" LEFT JOIN person_incomes i ON i.person_id = m.person_id"
		" WHERE m.left_on IS NULL AND m.household_id IN"
		" (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" GROUP BY m.household_id", e);
	int r;

	if (!st)
		return -1;
	for (size_t k = 0; k < BATCH; k++)
		store_bind_i64(st, (int)k + 1, from + k < out->n ? out->items[from + k].id : 0);
	while ((r = store_step(st, e)) == 1) {
		int64_t id = store_col_i64(st, 0);

		for (size_t k = from; k < out->n && k < from + BATCH; k++) {
			registry_household_summary *h = &out->items[k];

			if (h->id != id)
				continue;
			h->member_count = store_col_i64(st, 1);
			mz_strlcpy(h->head_name, store_col_is_null(st, 2) ? "" : store_col_text(st, 2),
				   sizeof(h->head_name));
			h->income_fen = store_col_i64(st, 3);
		}
	}
	store_done(st);
	return r < 0 ? -1 : 0;
}

/* "%part%" with LIKE's own characters escaped (ESCAPE '\'). */
static void like_pattern(const char *part, char *out, size_t cap)
{
	size_t o = 0;

	if (cap < 3)
		return;
	out[o++] = '%';
	for (const char *p = part; *p && o + 3 < cap; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			out[o++] = '\\';
		out[o++] = *p;
	}
	out[o++] = '%';
	out[o] = '\0';
}

static const char *order_sql(const char *sort)
{
	if (sort && !strcmp(sort, "-id"))
		return "h.id DESC";
	if (sort && !strcmp(sort, "address"))
		return "h.address, h.id";
	if (sort && !strcmp(sort, "-address"))
		return "h.address DESC, h.id DESC";
	return "h.id";
}

static void row_fill(store_stmt *st, registry_household_summary *h)
{
	h->id = store_col_i64(st, 0);
	mz_strlcpy(h->address, store_col_text(st, 1), sizeof(h->address));
	mz_strlcpy(h->division_code, store_col_text(st, 2), sizeof(h->division_code));
	mz_strlcpy(h->division_name, store_col_is_null(st, 3) ? "" : store_col_text(st, 3),
		   sizeof(h->division_name));
}

#define HH_SELECT "SELECT h.id, h.address, h.division_code, d.name" \
	" FROM households h LEFT JOIN divisions d ON d.code = h.division_code WHERE "
#define HH_FILTER " AND (? = '' OR h.address LIKE ? ESCAPE '\\')"
#define HH_COLS HH_SELECT ACCESS_SCOPE_SQL("h.division_code") HH_FILTER
/* The same with the scope on an expression, which no index serves: over a
 * district or the city, a page in id order is then read along the primary
 * key and stops after the page, where the division index would hand every
 * household of the range to a sort (a 20M city: 7M rows sorted, 100 s, per
 * page). A street's or community's range stays on the index. */
#define HH_COLS_WIDE HH_SELECT ACCESS_SCOPE_SQL("(h.division_code || '')") HH_FILTER

static int wide_id_page(const registry_household_query *q, const char *lo)
{
	return strlen(lo) <= 6 && (!q->sort || !*q->sort || !strcmp(q->sort, "id") ||
				   !strcmp(q->sort, "-id"));
}

/* No people filter: SQL pages the households. */
static int page_by_sql(store_conn *c, const registry_household_query *q, const char *lo,
		       const char *hi, const char *like, registry_household_page *out,
		       int64_t *total, mz_err *e)
{
	const char *addr = q->address ? q->address : "";
	mz_buf sql;
	store_stmt *st;
	int r;

	st = store_prepare(c, "SELECT COUNT(*) FROM (SELECT 1 FROM households h"
			      " WHERE " ACCESS_SCOPE_SQL("h.division_code")
			      " AND (? = '' OR h.address LIKE ? ESCAPE '\\') LIMIT 10001) t", e);
	if (!st)
		return -1;
	store_params(st, store_arg_range(lo, hi), addr, like);
	r = store_step(st, e);
	*total = r == 1 ? store_col_i64(st, 0) : 0;
	store_done(st);
	if (r < 0)
		return -1;
	mz_buf_init(&sql);
	mz_buf_printf(&sql, "%s ORDER BY %s LIMIT ? OFFSET ?",
		      wide_id_page(q, lo) ? HH_COLS_WIDE : HH_COLS, order_sql(q->sort));
	st = store_prepare(c, sql.data, e);
	mz_buf_release(&sql);
	if (!st)
		return -1;
	store_params(st, store_arg_range(lo, hi), addr, like, q->page_size,
		     (q->page - 1) * q->page_size);
	while ((r = store_step(st, e)) == 1)
		row_fill(st, REGISTRY_LIST_PUSH(out));
	store_done(st);
	return r < 0 ? -1 : 0;
}

static int cmp_addr(const void *a, const void *b)
{
	const registry_household_summary *x = a, *y = b;
	int k = strcmp(x->address, y->address);

	return k ? k : cmp_i64(&x->id, &y->id);
}

/* The households of set in scope (and matching the address), sorted, and
 * the requested page of them copied to out. */
static int page_by_set(store_conn *c, const registry_household_query *q, const char *lo,
		       const char *hi, const char *like, const id_set *set,
		       registry_household_page *out, int64_t *total, mz_err *e)
{
	registry_household_page all;
	const char *addr = q->address ? q->address : "";
	mz_buf sql;
	int r = 0;

	registry_household_page_init(&all);
	mz_buf_init(&sql);
	mz_buf_puts(&sql, HH_COLS " AND h.id IN (?");
	for (int k = 1; k < BATCH; k++)
		mz_buf_puts(&sql, ", ?");
	mz_buf_puts(&sql, ")");
	for (size_t from = 0; from < set->n && r >= 0; from += BATCH) {
		store_stmt *st = store_prepare(c, sql.data, e);
		int nb;

		if (!st) {
			r = -1;
			break;
		}
		nb = store_params_at(st, 1, store_arg_range(lo, hi), addr, like);
		for (size_t k = 0; k < BATCH; k++)
			store_bind_i64(st, nb + (int)k, from + k < set->n ? set->ids[from + k] : 0);
		while ((r = store_step(st, e)) == 1)
			row_fill(st, REGISTRY_LIST_PUSH(&all));
		store_done(st);
	}
	mz_buf_release(&sql);
	if (r < 0) {
		registry_household_page_release(&all);
		return -1;
	}
	if (all.n > 1) { /* no array when nothing matched: qsort must not see NULL */
		if (q->sort && strstr(q->sort, "address"))
			qsort(all.items, all.n, sizeof(*all.items), cmp_addr);
		else
			qsort(all.items, all.n, sizeof(*all.items), cmp_i64); /* id leads the struct */
	}
	if (q->sort && *q->sort == '-')
		for (size_t i = 0, j = all.n; i + 1 < j; i++, j--) {
			registry_household_summary t = all.items[i];

			all.items[i] = all.items[j - 1];
			all.items[j - 1] = t;
		}
	*total = (int64_t)all.n + (set->capped ? 1 : 0);
	for (size_t i = (size_t)((q->page - 1) * q->page_size);
	     i < all.n && out->n < (size_t)q->page_size; i++)
		*REGISTRY_LIST_PUSH(out) = all.items[i];
	registry_household_page_release(&all);
	return 0;
}

int registry_household_find(store_conn *c, const access_ctx *who,
			    const registry_household_query *q, registry_household_page *out,
			    mz_err *e)
{
	char lo[16], hi[16], like[700] = "", masked[19] = "";
	const char *head = q->head_name && *q->head_name ? q->head_name : NULL;
	idcard_info info;
	id_set set = { 0 };
	int64_t total = 0;
	json_t *detail;
	int r = 0;

	if (q->division && *q->division) {
		if (strlen(q->division) > 12 || !access_in_scope(who, q->division))
			return mz_failf(e, MZ_EINVAL, "division",
					"division '%s' is outside your scope",
					"区划 '%s' 不在您的管辖范围内", q->division);
		access_scope_range(q->division, lo, hi);
	} else {
		snprintf(lo, sizeof(lo), "%s", who->scope_lo);
		snprintf(hi, sizeof(hi), "%s", who->scope_hi);
	}
	if (head && strlen(head) > 120)
		return mz_fail(e, MZ_EINVAL, "head_name", "head_name is too long", "户主姓名过长");
	if (q->address && strlen(q->address) > 300)
		return mz_fail(e, MZ_EINVAL, "address", "address is too long", "地址过长");
	if (q->size_max && q->size_max < q->size_min)
		return mz_fail(e, MZ_EINVAL, "size_max", "size_max must not be below size_min",
			       "家庭人数上限不能小于下限");
	if (q->income_max_fen >= 0 && q->income_min_fen > q->income_max_fen)
		return mz_fail(e, MZ_EINVAL, "income_max_fen",
			       "income_max_fen must not be below income_min_fen",
			       "人均收入上限不能小于下限");
	if (q->id_number && *q->id_number) {
		if (idcard_parse(q->id_number, &info, e))
			return -1;
		idcard_mask(info.number, masked);
	}
	if (q->address && *q->address)
		like_pattern(q->address, like, sizeof(like));
	if (*masked) {
		id_set s = { 0 };

		r = by_id_number(c, info.number, &s, e);
		set_meet(&set, &s);
	}
	if (!r && head) {
		id_set s = { 0 };

		r = by_head_name(c, head, lo, hi, &s, e);
		set_meet(&set, &s);
	}
	if (!r && (q->size_min > 0 || q->size_max > 0 || q->income_min_fen >= 0 ||
		   q->income_max_fen >= 0)) {
		id_set s = { 0 };

		r = by_size_income(c, q, lo, hi, &s, e);
		set_meet(&set, &s);
	}
	if (!r && q->use_within) {
		id_set s = { 0 };

		for (size_t i = 0; i < q->n_within; i++)
			set_push(&s, q->within[i]);
		set_meet(&set, &s);
	}
	if (!r)
		r = set.active ? page_by_set(c, q, lo, hi, like, &set, out, &total, e)
			       : page_by_sql(c, q, lo, hi, like, out, &total, e);
	free(set.ids);
	for (size_t from = 0; !r && from < out->n; from += BATCH)
		r = fill_heads(c, out, from, e);
	if (r)
		return -1;
	detail = json_pack("{s:s,s:s?,s:s?,s:b,s:I}", "division", lo, "head_name", head,
			   "address", q->address && *q->address ? q->address : NULL, "by_id_number",
			   *masked != '\0', "results", (json_int_t)out->n);
	if (*masked)
		json_object_set_new(detail, "id_number", json_string(masked));
	r = audit_append(c, who, AUDIT_READ, "household.search", "household", 0, "", "", detail, e);
	json_decref(detail);
	if (r)
		return -1;
	out->total = total > REGISTRY_COUNT_CAP ? REGISTRY_COUNT_CAP : total;
	out->total_capped = total > REGISTRY_COUNT_CAP;
	out->page = q->page;
	out->page_size = q->page_size;
	return 0;
}
