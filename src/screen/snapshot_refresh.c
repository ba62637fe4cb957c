/* snapshot_refresh.c - screen_load_snapshot: the columns from the snapshot
 * file, brought up to date with the registry's changes since it was built
 * (registry_changes), or from the whole registry when the file is missing,
 * stale, corrupt or too far behind.
 *
 * Everything is read in one read transaction that starts where the change
 * trace is complete (registry_changes_begin_read): the changes after the
 * file's anchor, the households they name (by id, as screen_load_registry
 * would build them), the enrollments. The households the changes name are
 * taken afresh and merged with the file's others in id order; every other
 * household is the file's, byte for byte. The file's checksum is computed
 * on a second thread while the database is read; a mismatch throws the
 * file away and the registry is loaded in full in the same transaction. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "screen/screen_load.h"
#include "screen/snapshot.h"

/* More changes than this since the file: load in full (a bulk load). */
#define MAX_CHANGES 100000

typedef struct {
	const screen_snapshot *snap;
	int ok;
} verify_job;

static void *verify_main(void *arg)
{
	verify_job *j = arg;

	j->ok = screen_snapshot_verify(j->snap);
	return NULL;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static size_t lower_bound(const int64_t *v, size_t n, int64_t x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void push(int64_t **v, size_t *n, size_t *cap, int64_t x)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 256;
		*v = mz_xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = x;
}

/* The household index of person row k (hh_offset is ascending). */
static size_t household_of_row(const policy_columns *c, uint32_t k)
{
	size_t lo = 0, hi = c->n_households;

	while (lo + 1 < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->hh_offset[mid] <= k)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

typedef struct {
	screen_data *out;
	size_t oh, op;
} merger;

/* Households a..b of the file, as they are. */
static void copy_run(merger *m, const screen_data *S, const uint32_t *sflags, size_t a, size_t b)
{
	policy_columns *o = &m->out->cols;
	const policy_columns *c = &S->cols;
	size_t n = b - a, p0, pn;

	if (!n)
		return;
	p0 = c->hh_offset[a];
	pn = c->hh_offset[b] - p0;
	memcpy(m->out->hh_id + m->oh, S->hh_id + a, n * 8);
	memcpy(o->hh_division + m->oh, c->hh_division + a, n * 4);
	memcpy(o->hh_vehicle_count + m->oh, c->hh_vehicle_count + a, n * 4);
	for (int k = 0; k < POLICY_AST_COUNT; k++)
		if (c->hh_asset[k])
			memcpy(o->hh_asset[k] + m->oh, c->hh_asset[k] + a, n * 8);
	for (size_t t = 0; t < n; t++)
		o->hh_offset[m->oh + t] = (uint32_t)(m->op + (c->hh_offset[a + t] - p0));
	memcpy(m->out->p_id + m->op, S->p_id + p0, pn * 8);
	memcpy(o->p_birth + m->op, c->p_birth + p0, pn * sizeof(mz_day));
	memcpy(o->p_flags + m->op, sflags + p0, pn * 4);
	memcpy(o->p_sex + m->op, c->p_sex + p0, pn);
	memcpy(o->p_relation + m->op, c->p_relation + p0, pn);
	memcpy(o->p_disability + m->op, c->p_disability + p0, pn);
	memcpy(o->p_disability_grade + m->op, c->p_disability_grade + p0, pn);
	for (int k = 0; k < POLICY_INC_COUNT; k++)
		if (c->p_income[k])
			memcpy(o->p_income[k] + m->op, c->p_income[k] + p0, pn * 8);
	m->oh += n;
	m->op += pn;
	o->hh_offset[m->oh] = (uint32_t)m->op;
}

static void put_fresh(merger *m, const screen_fresh *f, const screen_fresh_hh *h, uint32_t div)
{
	policy_columns *o = &m->out->cols;

	if (!h->present)
		return;
	m->out->hh_id[m->oh] = h->id;
	o->hh_division[m->oh] = div;
	o->hh_vehicle_count[m->oh] = h->vehicles;
	/* The columns are zeroed: only what is declared is written (a write to
	 * a kind nobody has would bring in a page of an otherwise empty column). */
	for (int k = 0; k < POLICY_AST_COUNT; k++)
		if (h->asset[k])
			o->hh_asset[k][m->oh] = h->asset[k];
	o->hh_offset[m->oh] = (uint32_t)m->op;
	for (size_t t = 0; t < h->nm; t++) {
		const screen_fresh_member *p = &f->m[h->m0 + t];
		size_t r = m->op + t;

		m->out->p_id[r] = p->id;
		o->p_birth[r] = p->birth;
		o->p_flags[r] = p->flags;
		o->p_sex[r] = p->sex;
		o->p_relation[r] = p->rel;
		o->p_disability[r] = p->dis;
		o->p_disability_grade[r] = p->grade;
		for (int k = 0; k < POLICY_INC_COUNT; k++)
			if (p->income[k])
				o->p_income[k][r] = p->income[k];
	}
	m->oh++;
	m->op += h->nm;
	o->hh_offset[m->oh] = (uint32_t)m->op;
}

/* The file's households with the fresh ones (sorted by id) in their place. */
static void merge(const screen_snapshot *snap, const screen_fresh *f, screen_data *d)
{
	screen_data S;
	const uint32_t *sflags = screen_snapshot_flags(snap);
	size_t ndiv, nh, np, i, j;
	uint32_t *fdiv = mz_xmalloc((f->nh ? f->nh : 1) * sizeof(uint32_t));
	char (*codes)[16];
	merger m = { d, 0, 0 };

	memset(&S, 0, sizeof(S));
	screen_snapshot_columns(snap, &S);
	/* Divisions: the file's, then any new community of a fresh household. */
	ndiv = S.cols.n_divisions;
	codes = mz_xmalloc((ndiv + f->nh + 1) * 16);
	memcpy(codes, S.div_code, ndiv * 16);
	for (j = 0; j < f->nh; j++) {
		size_t k;

		for (k = 0; k < ndiv; k++)
			if (!strcmp(codes[k], f->hh[j].div))
				break;
		if (k == ndiv && f->hh[j].present)
			snprintf(codes[ndiv++], 16, "%s", f->hh[j].div);
		fdiv[j] = (uint32_t)k;
	}
	/* Counts. */
	nh = S.cols.n_households;
	np = S.cols.n_persons;
	for (j = 0, i = 0; j < f->nh; j++) {
		i = lower_bound(S.hh_id, S.cols.n_households, f->hh[j].id);
		if (i < S.cols.n_households && S.hh_id[i] == f->hh[j].id) {
			nh--;
			np -= S.cols.hh_offset[i + 1] - S.cols.hh_offset[i];
		}
		if (f->hh[j].present) {
			nh++;
			np += f->hh[j].nm;
		}
	}
	memset(d, 0, sizeof(*d));
	policy_columns_alloc(&d->cols, nh, np, ndiv);
	d->hh_id = mz_xmalloc((nh ? nh : 1) * sizeof(int64_t));
	d->p_id = mz_xmalloc((np ? np : 1) * sizeof(int64_t));
	d->div_code = (char (*)[16])codes;
	for (size_t k = 0; k < ndiv; k++)
		d->cols.divisions[k] = strtoll(codes[k], NULL, 10);
	d->cols.hh_offset[0] = 0;
	/* The walk: runs of the file's households between the fresh ones. */
	size_t run0 = 0;

	for (i = 0, j = 0; i < S.cols.n_households || j < f->nh;) {
		if (j == f->nh || (i < S.cols.n_households && S.hh_id[i] < f->hh[j].id)) {
			i++;
			continue;
		}
		copy_run(&m, &S, sflags, run0, i);
		if (i < S.cols.n_households && S.hh_id[i] == f->hh[j].id)
			i++; /* replaced by the fresh one */
		put_fresh(&m, f, &f->hh[j], fdiv[j]);
		j++;
		run0 = i;
	}
	copy_run(&m, &S, sflags, run0, S.cols.n_households);
	d->cols.n_persons = m.op;
	free(fdiv);
}

/* The households the changes name: in the file (by id, or as the home of a
 * changed person) and in the database now. Sorted, unique. */
static int changed_households(store_conn *c, const screen_snapshot *snap, const screen_data *S,
			      const registry_trace *ch, size_t nch, size_t limit,
			      int64_t **out, size_t *n, int64_t **prow, size_t *nrow, mz_err *e)
{
	size_t cap = 0, nr = 0, capr = 0, nranges = 0;
	int64_t *ranges = mz_xmalloc((nch ? nch : 1) * 2 * sizeof(int64_t));

	(void)snap;
	*out = NULL;
	*n = 0;
	*prow = NULL;
	*nrow = 0;
	for (size_t k = 0; k < nch; k++) {
		if (ch[k].hi < ch[k].lo || (uint64_t)(ch[k].hi - ch[k].lo) >= limit * 4) {
			free(ranges);
			return 1; /* a bulk range: as good as a full load */
		}
		if (!strcmp(ch[k].entity, "household")) {
			size_t a = lower_bound(S->hh_id, S->cols.n_households, ch[k].lo);

			for (; a < S->cols.n_households && S->hh_id[a] <= ch[k].hi; a++)
				push(out, n, &cap, S->hh_id[a]);
			if (screen_households_in_range(c, ch[k].lo, ch[k].hi, out, n, &cap, e))
				goto fail;
		} else {
			ranges[2 * nranges] = ch[k].lo;
			ranges[2 * nranges + 1] = ch[k].hi;
			nranges++;
			if (screen_households_of_persons(c, ch[k].lo, ch[k].hi, out, n, &cap, e))
				goto fail;
		}
		if (*n > limit) {
			free(ranges);
			return 1;
		}
	}
	/* The file's rows of the changed persons: one pass over its person ids
	 * against the ranges sorted by their start (merged). */
	if (nranges) {
		size_t w = 0;

		qsort(ranges, nranges, 2 * sizeof(int64_t), cmp_i64);
		for (size_t k = 1; k < nranges; k++) {
			if (ranges[2 * k] <= ranges[2 * w + 1] + 1) {
				if (ranges[2 * k + 1] > ranges[2 * w + 1])
					ranges[2 * w + 1] = ranges[2 * k + 1];
			} else {
				w++;
				ranges[2 * w] = ranges[2 * k];
				ranges[2 * w + 1] = ranges[2 * k + 1];
			}
		}
		nranges = w + 1;
		for (size_t r = 0; r < S->cols.n_persons; r++) {
			int64_t pid = S->p_id[r];
			size_t lo = 0, hi = nranges;

			while (lo < hi) { /* the last range starting at or before pid */
				size_t mid = lo + (hi - lo) / 2;

				if (ranges[2 * mid] <= pid)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo && pid <= ranges[2 * (lo - 1) + 1]) {
				push(prow, &nr, &capr, (int64_t)r);
				if (nr > limit) {
					free(ranges);
					return 1;
				}
			}
		}
	}
	*nrow = nr;
	free(ranges);
	return 0;
fail:
	free(ranges);
	free(*out);
	free(*prow);
	*out = *prow = NULL;
	return -1;
}

static void sort_unique(int64_t *v, size_t *n)
{
	size_t w = 0;

	if (!*n)
		return;
	qsort(v, *n, sizeof(*v), cmp_i64);
	for (size_t k = 1; k < *n; k++)
		if (v[k] != v[w])
			v[++w] = v[k];
	*n = w + 1;
}

/* 1: d holds the file's columns, refreshed; 0: not usable (info->note says
 * why); -1: a database error. */
static int from_snapshot(store_conn *c, const char *path, const screen_snapshot_meta *now,
			 screen_data *d, screen_load_info *info, mz_err *e)
{
	screen_snapshot *snap = mz_xcalloc(1, sizeof(*snap));
	registry_trace *ch = NULL, at;
	size_t nch = 0, nids = 0, nrows = 0, limit;
	int64_t *ids = NULL, *rows = NULL;
	int more = 0, r, rc = 0, started = 0;
	verify_job job = { snap, 0 };
	pthread_t th;
	screen_data S;
	screen_fresh f = { 0 };

	if (!screen_snapshot_open(path, snap, info->note, sizeof(info->note))) {
		free(snap);
		return 0;
	}
	if (snap->meta.schema_version != now->schema_version) {
		snprintf(info->note, sizeof(info->note),
			 "snapshot built for schema %lld, the database is at %lld",
			 (long long)snap->meta.schema_version, (long long)now->schema_version);
		goto unusable;
	}
	/* The change it was built at must be this database's. */
	if (snap->meta.anchor.seq) {
		r = registry_change_get(c, snap->meta.anchor.seq, &at, e);
		if (r < 0)
			goto error;
		if (!r || strcmp(at.entity, snap->meta.anchor.entity) ||
		    at.lo != snap->meta.anchor.lo || at.hi != snap->meta.anchor.hi ||
		    at.changed_at != snap->meta.anchor.changed_at) {
			snprintf(info->note, sizeof(info->note),
				 "snapshot built at change %lld, which this database does not have",
				 (long long)snap->meta.anchor.seq);
			goto unusable;
		}
	}
	if (now->max_household_id < snap->meta.max_household_id) {
		snprintf(info->note, sizeof(info->note), "households of the snapshot are gone");
		goto unusable;
	}
	if (pthread_create(&th, NULL, verify_main, &job)) {
		job.ok = screen_snapshot_verify(snap);
	} else {
		started = 1;
	}
	if (registry_changes_since(c, snap->meta.anchor.seq, MAX_CHANGES, &ch, &nch, &more, e))
		goto error;
	if (more) {
		snprintf(info->note, sizeof(info->note), "more than %d registry changes since the snapshot",
			 MAX_CHANGES);
		goto unusable;
	}
	if (!nch && now->max_household_id != snap->meta.max_household_id) {
		snprintf(info->note, sizeof(info->note),
			 "households added with no registry change noted");
		goto unusable;
	}
	memset(&S, 0, sizeof(S));
	screen_snapshot_columns(snap, &S);
	/* Past this many households re-read one by one, a full load is faster. */
	limit = S.cols.n_households / 32 > 4096 ? S.cols.n_households / 32 : 4096;
	r = changed_households(c, snap, &S, ch, nch, limit, &ids, &nids, &rows, &nrows, e);
	if (r < 0)
		goto error;
	if (r > 0) {
		snprintf(info->note, sizeof(info->note),
			 "too many households changed since the snapshot (more than %zu)", limit);
		goto unusable;
	}
	if (started) {
		pthread_join(th, NULL);
		started = 0;
	}
	if (!job.ok) {
		snprintf(info->note, sizeof(info->note), "snapshot checksum mismatch (corrupt)");
		goto unusable;
	}
	/* Only now are the file's offsets trusted. */
	ids = mz_xrealloc(ids, (nids + nrows + 1) * sizeof(*ids));
	for (size_t k = 0; k < nrows; k++)
		ids[nids++] = S.hh_id[household_of_row(&S.cols, (uint32_t)rows[k])];
	sort_unique(ids, &nids);
	if (nids > limit) {
		snprintf(info->note, sizeof(info->note),
			 "too many households changed since the snapshot (%zu)", nids);
		goto unusable;
	}
	for (size_t k = 0; k < nids; k++)
		if (screen_load_household(c, ids[k], &f, e) < 0)
			goto error;
	info->snapshot_used = 1;
	info->changes = nch;
	info->households_reread = nids;
	if (nids) {
		merge(snap, &f, d);
		screen_snapshot_close(snap);
		free(snap);
	} else {
		/* Nothing to re-read: the run's columns are the file's. */
		size_t np = snap->np, nh = snap->nh;

		screen_snapshot_columns(snap, d);
		d->snap_ = snap;
		d->own_flags_ = mz_xmalloc((np ? np : 1) * sizeof(uint32_t));
		memcpy(d->own_flags_, screen_snapshot_flags(snap), np * sizeof(uint32_t));
		d->cols.p_flags = d->own_flags_;
		d->own_hh_enrolled_ = mz_xcalloc(nh ? nh : 1, sizeof(uint64_t));
		d->own_p_enrolled_ = mz_xcalloc(np ? np : 1, sizeof(uint64_t));
		d->cols.hh_enrolled = d->own_hh_enrolled_;
		d->cols.p_enrolled = d->own_p_enrolled_;
	}
	rc = 1;
	goto out;
unusable:
	rc = 0;
	goto out;
error:
	rc = -1;
out:
	if (started)
		pthread_join(th, NULL);
	if (rc != 1) {
		screen_snapshot_close(snap);
		free(snap);
	}
	screen_fresh_release(&f);
	free(ch);
	free(ids);
	free(rows);
	return rc;
}

int screen_load_snapshot(store_conn *c, const policy_set *s, const char *path, int full,
			 screen_data *d, screen_load_info *info, mz_err *e)
{
	screen_load_info local;
	screen_snapshot_meta now;
	int r = 0;

	if (!info)
		info = &local;
	memset(info, 0, sizeof(*info));
	memset(&now, 0, sizeof(now));
	memset(d, 0, sizeof(*d));
	if (registry_changes_begin_read(c, &now.anchor, e))
		return -1;
	if (screen_registry_marks(c, &now.schema_version, &now.max_household_id, e))
		goto fail;
	if (path && !full)
		r = from_snapshot(c, path, &now, d, info, e);
	else if (path)
		snprintf(info->note, sizeof(info->note), "full load asked for");
	if (r < 0)
		goto fail;
	if (!r && screen_load_registry(c, d, e))
		goto fail;
	/* A new file when the columns are not the file's as it stands (the
	 * enrollments are not in it: written before they are added); a new
	 * header when only its anchor moved. */
	if (path && r && info->changes && !info->households_reread) {
		mz_err we = { 0 };
		int done = screen_snapshot_restamp(path, d->snap_, &now, &we);

		if (done == 1)
			info->snapshot_restamped = 1;
		else if (done < 0)
			snprintf(info->note, sizeof(info->note), "not restamped: %s", we.message);
	} else if (path && (!r || info->changes)) {
		mz_err we = { 0 };

		if (screen_snapshot_write(path, d, &now, &we))
			snprintf(info->note + strlen(info->note), sizeof(info->note) - strlen(info->note),
				 "%snot written: %s", *info->note ? "; " : "", we.message);
		else
			info->snapshot_written = 1;
	}
	if (screen_load_enrollments(c, s, d, e))
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	screen_data_release(d);
	return -1;
}
