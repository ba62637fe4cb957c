/* screen_load.c - the registry as policy columns: one query per table,
 * households contiguous (members ordered by household), ids mapped to
 * indexes by binary search over the sorted id lists. Declared incomes and
 * assets are read as the registry holds them (agency evidence is for the
 * caseworker's review of one case, not for the city-wide sweep).
 *
 * Tables are read with store_scan (a COPY on PostgreSQL), one row at a
 * time: only the columns built here grow with the registry, not a copy of
 * each query's result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "evidence/evidence.h"
#include "screen/screen.h"
#include "screen/screen_load.h"
#include "screen/snapshot.h"

typedef struct {
	int64_t *v;
	size_t n, cap;
} i64vec;

static void vpush(i64vec *a, int64_t x)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 1024;
		a->v = mz_xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	a->v[a->n++] = x;
}

static long find_sorted(const int64_t *v, size_t n, int64_t x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo] == x ? (long)lo : -1;
}

static int screen_pair_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int relation_of(const char *r)
{
	if (!strcmp(r, "head"))
		return POLICY_REL_APPLICANT;
	if (!strcmp(r, "other"))
		return POLICY_REL_OTHER;
	int k = policy_list_find(POLICY_LIST_RELATION, r);
	return k < 0 ? POLICY_REL_OTHER : k;
}

static uint32_t flags_of(const char *list)
{
	uint32_t f = 1u << POLICY_PF_LOCAL_HUKOU; /* the registry is Guangzhou's */
	const char *p = list;

	while (p && *p) {
		const char *q = strchr(p, ',');
		size_t len = q ? (size_t)(q - p) : strlen(p);
		char tok[64];

		if (len < sizeof(tok)) {
			memcpy(tok, p, len);
			tok[len] = '\0';
			int k = policy_list_find(POLICY_LIST_PERSON_FLAG, tok);
			if (k >= 0)
				f |= 1u << k;
		}
		p = q ? q + 1 : NULL;
	}
	return f;
}

void screen_data_release(screen_data *d)
{
	if (!d)
		return;
	for (int i = 0; i < 64; i++)
		free(d->enrolled_fen[i]);
	if (d->snap_) {
		/* the columns are the mapping's: only the run's own arrays are freed */
		screen_snapshot_close(d->snap_);
		free(d->snap_);
		free(d->own_flags_);
		free(d->own_hh_enrolled_);
		free(d->own_p_enrolled_);
	} else {
		policy_columns_release(&d->cols);
		free(d->hh_id);
		free(d->div_code);
		free(d->p_id);
	}
	memset(d, 0, sizeof(*d));
}

int screen_load_registry(store_conn *c, screen_data *d, mz_err *e)
{
	i64vec hid = { 0 }, hdiv = { 0 }, mh = { 0 }, mp = { 0 }, pid_sorted = { 0 };
	char (*divs)[16] = NULL;
	size_t ndiv = 0, capdiv = 0;
	store_scan *st;
	int rc;
	/* per-member raw fields, kept until the columns are allocated */
	struct mrow { mz_day birth; uint8_t sex, rel, dis, grade; uint32_t flags; } *mr = NULL;
	size_t mcap = 0;

	memset(d, 0, sizeof(*d));
	/* Households with their community; the division index is assigned in
	 * order of first appearance. */
	st = store_scan_begin(c, "SELECT id, division_code FROM households ORDER BY id", e);
	if (!st)
		return -1;
	while ((rc = store_scan_next(st, e)) == 1) {
		const char *code = store_scan_text(st, 1);
		size_t k;

		for (k = ndiv; k > 0; k--)
			if (!strcmp(divs[k - 1], code))
				break;
		if (!k) {
			if (ndiv == capdiv) {
				capdiv = capdiv ? capdiv * 2 : 256;
				divs = mz_xrealloc(divs, capdiv * sizeof(*divs));
			}
			snprintf(divs[ndiv++], 16, "%s", code);
			k = ndiv;
		}
		vpush(&hid, store_scan_i64(st, 0));
		vpush(&hdiv, (int64_t)(k - 1));
	}
	store_scan_end(st);
	if (rc < 0)
		goto fail;

	/* Current members of every household, alive, ordered by household. */
	st = store_scan_begin(c, "SELECT m.household_id, p.id, p.birth_date, p.sex, m.relation,"
			      " p.disability_kind, p.disability_grade, p.flags"
			      " FROM household_members m JOIN persons p ON p.id = m.person_id"
			      " WHERE m.left_on IS NULL AND p.death_date IS NULL"
			      " ORDER BY m.household_id, p.id", e);
	if (!st)
		goto fail;
	while ((rc = store_scan_next(st, e)) == 1) {
		if (mh.n == mcap) {
			mcap = mcap ? mcap * 2 : 4096;
			mr = mz_xrealloc(mr, mcap * sizeof(*mr));
		}
		struct mrow *r = &mr[mh.n];
		const char *dk = store_scan_text(st, 5);
		int dis = dk && *dk ? policy_list_find(POLICY_LIST_DISABILITY, dk) : 0;

		r->birth = mz_day_parse(store_scan_text(st, 2));
		r->sex = !strcmp(store_scan_text(st, 3), "F") ? POLICY_SEX_FEMALE : POLICY_SEX_MALE;
		r->rel = (uint8_t)relation_of(store_scan_text(st, 4));
		r->dis = (uint8_t)(dis < 0 ? 0 : dis);
		r->grade = (uint8_t)store_scan_i64(st, 6);
		r->flags = flags_of(store_scan_text(st, 7));
		vpush(&mh, store_scan_i64(st, 0));
		vpush(&mp, store_scan_i64(st, 1));
	}
	store_scan_end(st);
	if (rc < 0)
		goto fail;

	/* Keep households that have members: count them first. */
	size_t nh = 0;
	for (size_t i = 0, h = 0; h < hid.n; h++) {
		size_t j = i;

		while (j < mh.n && mh.v[j] == hid.v[h])
			j++;
		if (j > i)
			nh++;
		i = j;
	}
	policy_columns_alloc(&d->cols, nh, mh.n, ndiv);
	policy_columns *col = &d->cols;
	d->hh_id = mz_xmalloc((nh ? nh : 1) * sizeof(int64_t));
	for (size_t k = 0; k < ndiv; k++)
		col->divisions[k] = strtoll(divs[k], NULL, 10);
	d->div_code = divs;
	divs = NULL;
	{
		size_t i = 0, out = 0, np = 0;

		col->hh_offset[0] = 0;
		for (size_t h = 0; h < hid.n; h++) {
			size_t j = i;

			while (j < mh.n && mh.v[j] < hid.v[h])
				j++; /* members of a household that is gone: skip */
			i = j;
			while (j < mh.n && mh.v[j] == hid.v[h])
				j++;
			if (j == i)
				continue;
			for (size_t k = i; k < j; k++, np++) {
				col->p_birth[np] = mr[k].birth;
				col->p_sex[np] = mr[k].sex;
				col->p_relation[np] = mr[k].rel;
				col->p_disability[np] = mr[k].dis;
				col->p_disability_grade[np] = mr[k].grade;
				col->p_flags[np] = mr[k].flags;
				vpush(&pid_sorted, mp.v[k]);
			}
			d->hh_id[out] = hid.v[h];
			col->hh_division[out] = (uint32_t)hdiv.v[h];
			col->hh_offset[++out] = (uint32_t)np;
			i = j;
		}
		col->n_persons = np;
	}
	/* Person ids in column order; a copy sorted with their index maps ids. */
	size_t np = col->n_persons;
	int64_t *pkey = mz_xmalloc((np ? np : 1) * 2 * sizeof(int64_t));
	for (size_t k = 0; k < np; k++)
		pkey[2 * k] = pid_sorted.v[k], pkey[2 * k + 1] = (int64_t)k;
	/* person ids are ordered within a household only: sort the pairs */
	free(mr);
	mr = NULL;
	qsort(pkey, np, 2 * sizeof(int64_t), screen_pair_cmp);
	int64_t *pids = mz_xmalloc((np ? np : 1) * sizeof(int64_t));
	for (size_t k = 0; k < np; k++)
		pids[k] = pkey[2 * k];
	/* each person's household index */
	uint32_t *p_h = mz_xmalloc((np ? np : 1) * sizeof(uint32_t));
	for (size_t h = 0; h < col->n_households; h++)
		for (uint32_t k = col->hh_offset[h]; k < col->hh_offset[h + 1]; k++)
			p_h[k] = (uint32_t)h;

	st = store_scan_begin(c, "SELECT person_id, kind, monthly_fen FROM person_incomes", e);
	if (!st)
		goto fail2;
	while ((rc = store_scan_next(st, e)) == 1) {
		long at = find_sorted(pids, np, store_scan_i64(st, 0));
		int k = policy_list_find(POLICY_LIST_INCOME, evidence_income_kind(store_scan_text(st, 1)));

		if (at >= 0 && k >= 0)
			col->p_income[k][pkey[2 * at + 1]] += store_scan_i64(st, 2);
	}
	store_scan_end(st);
	if (rc < 0)
		goto fail2;
	st = store_scan_begin(c, "SELECT person_id, kind, amount_fen FROM person_assets", e);
	if (!st)
		goto fail2;
	while ((rc = store_scan_next(st, e)) == 1) {
		long at = find_sorted(pids, np, store_scan_i64(st, 0));
		const char *kind = store_scan_text(st, 1);
		int k = policy_list_find(POLICY_LIST_ASSET, kind);
		int64_t v = store_scan_i64(st, 2);

		if (at < 0 || k < 0)
			continue;
		uint32_t h = p_h[pkey[2 * at + 1]];
		col->hh_asset[k][h] += v;
		/* a declared vehicle counts as one (as at intake) */
		if (k == POLICY_AST_VEHICLES && v > 0)
			col->hh_vehicle_count[h]++;
	}
	store_scan_end(st);
	if (rc < 0)
		goto fail2;

	free(pkey);
	free(pids);
	free(p_h);
	d->p_id = pid_sorted.v ? pid_sorted.v : mz_xcalloc(1, sizeof(int64_t));
	free(hid.v), free(hdiv.v), free(mh.v), free(mp.v);
	return 0;
fail2:
	free(pkey);
	free(pids);
	free(p_h);
fail:
	free(mr);
	free(divs);
	free(hid.v), free(hdiv.v), free(mh.v), free(mp.v), free(pid_sorted.v);
	screen_data_release(d);
	return -1;
}

static int pair_of_person(const void *a, const void *b)
{
	return screen_pair_cmp(a, b);
}

/* The column of an enrolled person: first among the members of the
 * enrollment's household (where a current enrollee is), else anywhere
 * (one who has moved since): *pkey, the (person id, column) pairs of every
 * person sorted by id, is built only then, once. It used to be sorted for
 * every run: 20 M pairs, about a second, for the few tens of thousands of
 * person enrollments. */
static long enrolled_person_column(const screen_data *d, int64_t **pkey, size_t h, int64_t pid)
{
	const policy_columns *col = &d->cols;
	size_t np = col->n_persons, lo = 0, hi = np;

	for (uint32_t k = col->hh_offset[h]; k < col->hh_offset[h + 1]; k++)
		if (d->p_id[k] == pid)
			return (long)k;
	if (!np)
		return -1;
	if (!*pkey) {
		*pkey = mz_xmalloc(np * 2 * sizeof(int64_t));
		for (size_t k = 0; k < np; k++)
			(*pkey)[2 * k] = d->p_id[k], (*pkey)[2 * k + 1] = (int64_t)k;
		qsort(*pkey, np, 2 * sizeof(int64_t), pair_of_person);
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((*pkey)[2 * mid] < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < np && (*pkey)[2 * lo] == pid ? (long)(*pkey)[2 * lo + 1] : -1;
}

/* Current enrollments: the program bits of households and persons, the
 * amounts they pay, and the dibao flag of the members of a household
 * receiving it (特困 reads this of a supporter). Needs writable hh_enrolled,
 * p_enrolled and p_flags. */
int screen_load_enrollments(store_conn *c, const policy_set *s, screen_data *d, mz_err *e)
{
	policy_columns *col = &d->cols;
	int64_t *pkey = NULL; /* enrolled_person_column's map, if it needs one */
	store_scan *st;
	int rc;

	st = store_scan_begin(c, "SELECT household_id, person_id, program, amount_fen FROM enrollments"
			      " WHERE status <> 'ended'", e);
	if (!st)
		return -1;
	while ((rc = store_scan_next(st, e)) == 1) {
		long h = find_sorted(d->hh_id, col->n_households, store_scan_i64(st, 0));
		int bit = policy_set_program_bit(s, store_scan_text(st, 2));

		if (h < 0 || bit < 0 || bit >= 64)
			continue;
		col->hh_enrolled[h] |= 1ull << bit;
		if (!store_scan_is_null(st, 1)) {
			long k = enrolled_person_column(d, &pkey, (size_t)h, store_scan_i64(st, 1));

			if (k >= 0)
				col->p_enrolled[k] |= 1ull << bit;
		}
		if (!d->enrolled_fen[bit])
			d->enrolled_fen[bit] = calloc(col->n_households + 1, sizeof(int64_t));
		d->enrolled_fen[bit][h] += store_scan_i64(st, 3);
	}
	store_scan_end(st);
	free(pkey);
	if (rc < 0)
		return -1;
	int dibao = policy_set_program_bit(s, "dibao");
	if (dibao >= 0 && dibao < 64)
		for (size_t h = 0; h < col->n_households; h++)
			if (col->hh_enrolled[h] >> dibao & 1)
				for (uint32_t k = col->hh_offset[h]; k < col->hh_offset[h + 1]; k++)
					col->p_flags[k] |= 1u << POLICY_PF_RECEIVES_DIBAO;
	return 0;
}

void screen_fresh_release(screen_fresh *f)
{
	if (!f)
		return;
	free(f->hh);
	free(f->m);
	memset(f, 0, sizeof(*f));
}

static screen_fresh_member *fresh_member(screen_fresh *f, const screen_fresh_hh *h, int64_t pid)
{
	for (size_t k = h->m0; k < h->m0 + h->nm; k++)
		if (f->m[k].id == pid)
			return &f->m[k];
	return NULL;
}

/* Exactly what screen_load_registry builds for the household, read by id:
 * its community, its current living members in person order with their
 * fields, their incomes, and the household's assets. */
int screen_load_household(store_conn *c, int64_t id, screen_fresh *f, mz_err *e)
{
	screen_fresh_hh *h;
	store_stmt *st;
	int rc;

	if (f->nh == f->caph) {
		f->caph = f->caph ? 2 * f->caph : 64;
		f->hh = mz_xrealloc(f->hh, f->caph * sizeof(*f->hh));
	}
	h = &f->hh[f->nh++];
	memset(h, 0, sizeof(*h));
	h->id = id;
	h->m0 = f->nm;
	st = store_prepare(c, "SELECT division_code FROM households WHERE id = ?", e);
	if (!st)
		return -1;
	store_params(st, id);
	rc = store_step(st, e);
	if (rc == 1)
		snprintf(h->div, sizeof(h->div), "%s", store_col_text(st, 0));
	store_done(st);
	if (rc <= 0)
		return rc; /* gone: no columns */
	st = store_prepare(c, "SELECT p.id, p.birth_date, p.sex, m.relation, p.disability_kind,"
			      " p.disability_grade, p.flags"
			      " FROM household_members m JOIN persons p ON p.id = m.person_id"
			      " WHERE m.household_id = ? AND m.left_on IS NULL AND p.death_date IS NULL"
			      " ORDER BY p.id", e);
	if (!st)
		return -1;
	store_params(st, id);
	while ((rc = store_step(st, e)) == 1) {
		const char *dk = store_col_text(st, 4);
		int dis = dk && *dk ? policy_list_find(POLICY_LIST_DISABILITY, dk) : 0;
		screen_fresh_member *m;

		if (f->nm == f->capm) {
			f->capm = f->capm ? 2 * f->capm : 256;
			f->m = mz_xrealloc(f->m, f->capm * sizeof(*f->m));
		}
		m = &f->m[f->nm++];
		memset(m, 0, sizeof(*m));
		m->id = store_col_i64(st, 0);
		m->birth = mz_day_parse(store_col_text(st, 1));
		m->sex = !strcmp(store_col_text(st, 2), "F") ? POLICY_SEX_FEMALE : POLICY_SEX_MALE;
		m->rel = (uint8_t)relation_of(store_col_text(st, 3));
		m->dis = (uint8_t)(dis < 0 ? 0 : dis);
		m->grade = (uint8_t)store_col_i64(st, 5);
		m->flags = flags_of(store_col_text(st, 6));
		h->nm++;
	}
	store_done(st);
	if (rc < 0)
		return -1;
	h->present = h->nm > 0;
	if (!h->present)
		return 0;
	st = store_prepare(c, "SELECT i.person_id, i.kind, i.monthly_fen FROM household_members m"
			      " JOIN person_incomes i ON i.person_id = m.person_id"
			      " WHERE m.household_id = ? AND m.left_on IS NULL", e);
	if (!st)
		return -1;
	store_params(st, id);
	while ((rc = store_step(st, e)) == 1) {
		screen_fresh_member *m = fresh_member(f, h, store_col_i64(st, 0));
		int k = policy_list_find(POLICY_LIST_INCOME, evidence_income_kind(store_col_text(st, 1)));

		if (m && k >= 0)
			m->income[k] += store_col_i64(st, 2);
	}
	store_done(st);
	if (rc < 0)
		return -1;
	st = store_prepare(c, "SELECT a.person_id, a.kind, a.amount_fen FROM household_members m"
			      " JOIN person_assets a ON a.person_id = m.person_id"
			      " WHERE m.household_id = ? AND m.left_on IS NULL", e);
	if (!st)
		return -1;
	store_params(st, id);
	while ((rc = store_step(st, e)) == 1) {
		int k = policy_list_find(POLICY_LIST_ASSET, store_col_text(st, 1));
		int64_t v = store_col_i64(st, 2);

		if (!fresh_member(f, h, store_col_i64(st, 0)) || k < 0)
			continue;
		h->asset[k] += v;
		if (k == POLICY_AST_VEHICLES && v > 0)
			h->vehicles++;
	}
	store_done(st);
	return rc < 0 ? -1 : 0;
}

int screen_households_of_persons(store_conn *c, int64_t lo, int64_t hi, int64_t **ids,
				 size_t *n, size_t *cap, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT household_id FROM household_members"
					  " WHERE person_id BETWEEN ? AND ? AND left_on IS NULL", e);
	int rc;

	if (!st)
		return -1;
	store_params(st, lo, hi);
	while ((rc = store_step(st, e)) == 1) {
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 256;
			*ids = mz_xrealloc(*ids, *cap * sizeof(**ids));
		}
		(*ids)[(*n)++] = store_col_i64(st, 0);
	}
	store_done(st);
	return rc < 0 ? -1 : 0;
}

int screen_households_in_range(store_conn *c, int64_t lo, int64_t hi, int64_t **ids, size_t *n,
			       size_t *cap, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT id FROM households WHERE id BETWEEN ? AND ?", e);
	int rc;

	if (!st)
		return -1;
	store_params(st, lo, hi);
	while ((rc = store_step(st, e)) == 1) {
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 256;
			*ids = mz_xrealloc(*ids, *cap * sizeof(**ids));
		}
		(*ids)[(*n)++] = store_col_i64(st, 0);
	}
	store_done(st);
	return rc < 0 ? -1 : 0;
}

int screen_registry_marks(store_conn *c, int64_t *schema_version, int64_t *max_household,
			  mz_err *e)
{
	return store_query_i64(c, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
			       schema_version, e) ||
	       store_query_i64(c, "SELECT COALESCE(MAX(id), 0) FROM households", max_household, e)
		       ? -1 : 0;
}

/* The five tables are read in one read-only snapshot: a household edited
 * while the city loads is seen wholly before or wholly after the edit,
 * never with members from one moment and incomes from another. */
int screen_load(store_conn *c, const policy_set *s, screen_data *d, mz_err *e)
{
	return screen_load_snapshot(c, s, NULL, 1, d, NULL, e);
}
