/* eval_run.c - one evaluation run: columns checked, parameters resolved
 * once per division into flat arrays, result arrays, chunks, and the batch
 * that shares chunks among threads. The interpreter is eval_vec.c. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "policy/policy_int.h"

#define CHUNK_H 128
#define CHUNK_P 512
#define AGE_DAYS (366 * 150)

/* ---- run setup ------------------------------------------------------------- */

static int check_columns(prun *R, const policy_columns *c, mz_err *e)
{
	if (!c->hh_offset || !c->hh_division || (c->n_persons && !c->p_birth))
		return mz_fail(e, MZ_EINVAL, "columns",
			       "household offsets, divisions and birth days are required",
			       "缺少户成员偏移、区划或出生日期列");
	if (c->hh_offset[0] != 0 || c->hh_offset[c->n_households] != c->n_persons)
		return mz_fail(e, MZ_EINVAL, "columns", "member offsets do not cover the persons",
			       "成员偏移与人员数不一致");
	R->maxhh = 0;
	for (size_t h = 0; h < c->n_households; h++) {
		uint32_t a = c->hh_offset[h], b = c->hh_offset[h + 1];

		if (b < a)
			return mz_fail(e, MZ_EINVAL, "columns", "member offsets go backwards",
				       "成员偏移不是递增的");
		if ((int)(b - a) > R->maxhh)
			R->maxhh = (int)(b - a);
		if (c->hh_division[h] >= c->n_divisions)
			return mz_fail(e, MZ_EINVAL, "columns", "a household's division is out of range",
				       "户的区划索引越界");
	}
	return 0;
}

static void resolve_params(prun *R, const policy_program *p, prun_prog *pp)
{
	const pcompiled *cc = &p->cc;
	size_t nd = R->c->n_divisions, ns = (size_t)cc->npslot;

	pp->pv = mz_xcalloc(nd * ns + 1, sizeof(int64_t));
	pp->pline = mz_xcalloc(nd * ns + 1, sizeof(int32_t));
	pp->inforce = mz_xcalloc(nd + 1, 1);
	pp->all_inforce = 1;
	for (size_t d = 0; d < nd; d++) {
		pp->inforce[d] = 1;
		for (size_t k = 0; k < ns; k++) {
			const psym *y = cc->pslot[k];
			int li = pparam_lookup(y, R->date, R->div12[d]);

			pp->pline[d * ns + k] = li;
			if (li < 0) {
				pp->inforce[d] = 0;
				pp->all_inforce = 0;
				continue;
			}
			pp->pv[d * ns + k] = y->lines[li].value;
		}
	}
}

static void alloc_result(prun *R, const policy_program *p)
{
	policy_result *res = &R->res[p->index];
	size_t n = p->unit == POLICY_UNIT_PERSON ? R->c->n_persons : R->c->n_households;

	res->program = p;
	res->n = n;
	/* Zeroed memory already says "not eligible, no amount, nothing failed":
	 * the batch writes only what differs. */
	res->eligible = pbig_calloc(n + 1, 1);
	res->amount = pbig_calloc(n + 1, sizeof(int32_t));
	res->failed = pbig_calloc(n + 1, 1);
	for (int i = 0; i < p->noutputs; i++)
		res->output[i] = pbig_calloc(n + 1, sizeof(int32_t));
}

int prun_init(prun *R, const policy_set *s, const policy_columns *c, mz_day date,
	      uint64_t programs, mz_err *e)
{
	uint64_t active = programs ? programs : ~0ULL, prev;

	memset(R, 0, sizeof(*R));
	R->s = s;
	R->c = c;
	R->date = date;
	if (date == MZ_DAY_INVALID)
		return mz_fail(e, MZ_EINVAL, "date", "invalid date", "日期无效");
	if (check_columns(R, c, e))
		return -1;
	R->div12 = mz_xcalloc(c->n_divisions + 1, sizeof(int64_t));
	for (size_t d = 0; d < c->n_divisions; d++) {
		int len;

		if (pdiv_normalize(c->divisions[d], &R->div12[d], &len)) {
			free(R->div12);
			R->div12 = NULL;
			return mz_failf(e, MZ_EINVAL, "division",
					"division code %lld is not a 6, 9 or 12 digit code",
					"区划代码 %lld 不是 6、9 或 12 位代码",
					(long long)c->divisions[d]);
		}
	}
	/* A program runs with every program whose decision it reads. */
	if (s->n < 64)
		active &= (1ULL << s->n) - 1;
	do {
		prev = active;
		for (size_t i = 0; i < s->n; i++)
			if ((active >> i) & 1)
				active |= s->progs[i]->deps;
	} while (active != prev);
	/* Ages by table lookup, for runs large enough to pay for the table. */
	R->age_n = c->n_persons >= 4096 ? AGE_DAYS : 0;
	R->age_tab = mz_xmalloc((size_t)R->age_n * sizeof(int16_t) + 1);
	for (int i = 0; i < R->age_n; i++)
		R->age_tab[i] = (int16_t)mz_age_on(date - i, date);
	R->pp = mz_xcalloc(s->n + 1, sizeof(*R->pp));
	R->res = mz_xcalloc(s->n + 1, sizeof(*R->res));
	for (size_t i = 0; i < s->n; i++) {
		if (!((active >> i) & 1))
			continue;
		R->pp[i].active = 1;
		resolve_params(R, s->progs[i], &R->pp[i]);
		alloc_result(R, s->progs[i]);
		R->use_pre |= s->progs[i]->cc.uses_pre;
	}
	if (R->use_pre)
		resolve_params(R, s->pre, &R->pre);
	return 0;
}

static void result_release(policy_result *r)
{
	pbig_free(r->eligible);
	pbig_free(r->amount);
	pbig_free(r->failed);
	for (int i = 0; i < POLICY_MAX_OUTPUTS; i++)
		pbig_free(r->output[i]);
	memset(r, 0, sizeof(*r));
}

void prun_release(prun *R)
{
	if (R->pp)
		for (size_t i = 0; i < R->s->n; i++) {
			free(R->pp[i].pv);
			free(R->pp[i].pline);
			free(R->pp[i].inforce);
		}
	free(R->pre.pv);
	free(R->pre.pline);
	free(R->pre.inforce);
	if (R->res)
		for (size_t i = 0; i < R->s->n; i++)
			result_release(&R->res[i]);
	free(R->res);
	free(R->pp);
	free(R->age_tab);
	free(R->div12);
	memset(R, 0, sizeof(*R));
}

/* ---- chunks ------------------------------------------------------------------ */

void pchunk_init(pchunk *ck, const prun *R, size_t caph, size_t capp, int trace)
{
	int maxregs = 1;
	size_t cap;

	memset(ck, 0, sizeof(*ck));
	if (capp < (size_t)R->maxhh)
		capp = (size_t)R->maxhh;
	if (capp < 1)
		capp = 1;
	ck->caph = caph;
	ck->capp = capp;
	for (size_t i = 0; i < R->s->n; i++) {
		const pcompiled *cc = &R->s->progs[i]->cc;
		int n = trace ? cc->nregs : cc->nphys;

		if (n > maxregs)
			maxregs = n;
	}
	cap = caph > capp ? caph : capp;
	ck->off = mz_xcalloc(caph + 1, sizeof(uint32_t));
	ck->p2h = mz_xcalloc(capp, sizeof(uint32_t));
	ck->hsel = mz_xcalloc(caph, sizeof(uint32_t));
	ck->psel = mz_xcalloc(capp, sizeof(uint32_t));
	ck->palive = mz_xcalloc(capp, 1);
	ck->mem = mz_xcalloc((size_t)maxregs * cap, sizeof(int64_t));
	ck->reg = mz_xcalloc((size_t)maxregs, sizeof(int64_t *));
	ck->nreg = maxregs;
	for (int r = 0; r < maxregs; r++)
		ck->reg[r] = ck->mem + (size_t)r * cap;
	if (R->s->pre) {
		const pcompiled *pc = &R->s->pre->cc;
		int n = trace ? pc->nregs : pc->nphys;
		int64_t *mem = mz_xcalloc((size_t)n * cap + 1, sizeof(int64_t));

		ck->npre = n;
		ck->pre = mz_xcalloc((size_t)n + 1, sizeof(int64_t *));
		for (int r = 0; r < n; r++)
			ck->pre[r] = mem + (size_t)r * cap;
		ck->pre[n] = mem; /* for pchunk_release */
	}
}

void pchunk_release(pchunk *ck)
{
	free(ck->off);
	free(ck->p2h);
	free(ck->hsel);
	free(ck->psel);
	free(ck->palive);
	free(ck->mem);
	free(ck->reg);
	if (ck->pre) {
		free(ck->pre[ck->npre]);
		free(ck->pre);
	}
	memset(ck, 0, sizeof(*ck));
}

void pchunk_set(pchunk *ck, const prun *R, size_t h0, size_t nh)
{
	const uint32_t *off = R->c->hh_offset;

	ck->h0 = h0;
	ck->nh = nh;
	ck->p0 = off[h0];
	ck->np = off[h0 + nh] - off[h0];
	for (size_t i = 0; i <= nh; i++)
		ck->off[i] = off[h0 + i] - (uint32_t)ck->p0;
	for (size_t i = 0; i < nh; i++)
		for (uint32_t r = ck->off[i]; r < ck->off[i + 1]; r++)
			ck->p2h[r] = (uint32_t)i;
}

/* ---- the batch: chunks shared among threads ------------------------------------ */

typedef struct batch {
	prun *R;
	size_t nblocks;
	atomic_size_t next, done;
	const policy_batch_opts *opts;
} batch;

static void run_block(batch *B, pchunk *ck, size_t blk)
{
	const prun *R = B->R;
	const uint32_t *off = R->c->hh_offset;
	size_t h = blk * CHUNK_H, end = h + CHUNK_H;

	if (end > R->c->n_households)
		end = R->c->n_households;
	while (h < end) {
		size_t e = h + 1;

		while (e < end && off[e + 1] - off[h] <= ck->capp)
			e++;
		pchunk_set(ck, R, h, e - h);
		prun_prelude(R, ck, 0);
		for (size_t i = 0; i < R->s->n; i++) {
			const policy_program *p = R->s->order[i];

			if (R->pp[p->index].active)
				prun_program(R, p, ck, NULL);
		}
		h = e;
	}
}

static void *worker(void *arg)
{
	batch *B = arg;
	pchunk ck;

	pchunk_init(&ck, B->R, CHUNK_H, CHUNK_P, 0);
	for (;;) {
		size_t blk = atomic_fetch_add(&B->next, 1);

		if (blk >= B->nblocks)
			break;
		run_block(B, &ck, blk);
		atomic_fetch_add(&B->done, 1);
	}
	pchunk_release(&ck);
	return NULL;
}

int policy_eval_batch(const policy_set *s, const policy_columns *c, mz_day date,
		      const policy_batch_opts *opts, policy_batch *out, mz_err *e)
{
	static const policy_batch_opts defaults = { 0 };
	prun R;
	batch B;
	pthread_t th[64];
	int nth, started = 0;

	memset(out, 0, sizeof(*out));
	if (!opts)
		opts = &defaults;
	if (prun_init(&R, s, c, date, opts->programs, e))
		return -1;
	nth = opts->threads > 0 ? opts->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (nth < 1)
		nth = 1;
	if (nth > 64)
		nth = 64;
	memset(&B, 0, sizeof(B));
	B.R = &R;
	B.opts = opts;
	B.nblocks = (c->n_households + CHUNK_H - 1) / CHUNK_H;
	atomic_init(&B.next, 0);
	atomic_init(&B.done, 0);
	if ((size_t)nth > B.nblocks)
		nth = B.nblocks ? (int)B.nblocks : 1;
	for (int i = 1; i < nth; i++)
		if (!pthread_create(&th[started], NULL, worker, &B))
			started++;
	if (!opts->progress) {
		worker(&B);
	} else {
		/* The calling thread works too and reports progress between blocks. */
		pchunk ck;
		size_t last = 0;

		pchunk_init(&ck, &R, CHUNK_H, CHUNK_P, 0);
		for (;;) {
			size_t blk = atomic_fetch_add(&B.next, 1), done;

			if (blk >= B.nblocks)
				break;
			run_block(&B, &ck, blk);
			done = atomic_fetch_add(&B.done, 1) + 1;
			if (done - last >= 256) {
				opts->progress(opts->progress_arg, done, B.nblocks);
				last = done;
			}
		}
		pchunk_release(&ck);
	}
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	if (opts->progress)
		opts->progress(opts->progress_arg, B.nblocks, B.nblocks);
	out->n = s->n;
	out->result = R.res; /* handed over: policy_batch_release frees it */
	R.res = NULL;
	prun_release(&R);
	return 0;
}

void policy_batch_release(policy_batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; b->result && i < b->n; i++)
		result_release(&b->result[i]);
	free(b->result);
	b->result = NULL;
	b->n = 0;
}
