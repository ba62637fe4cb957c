/* eval_vec.c - the one interpreter of compiled programs.
 *
 * Work is cut into chunks of whole households (eval_run.c: at most 128
 * households and, unless one household is larger, 512 members), so every
 * register of a chunk stays in the core's cache. For each chunk the shared
 * prelude runs first, then the programs in dependency order; each
 * instruction loops over the rows still selected.
 * A FILTER drops the households a condition rules out, and the following
 * instructions skip them; when none remain the program stops for that
 * chunk. Parameters were resolved per division before the run, so the hot
 * loop reads a flat array.
 *
 * The single-household trace runs this same code with `tr` set: nothing is
 * dropped, every condition's value is recorded, the trace-only tail runs,
 * and eligibility is the conjunction of the recorded conditions. Every
 * instruction is a pure function of its row, so the two modes agree. */
#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "policy/policy_int.h"

/* ---- arithmetic without undefined behaviour -------------------------------- */

static inline int64_t wadd(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a + (uint64_t)b);
}

static inline int64_t wsub(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a - (uint64_t)b);
}

static inline int64_t wmul(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a * (uint64_t)b);
}

static inline int64_t div_floor(int64_t a, int64_t b)
{
	int64_t q, r;

	if (b == 0)
		return 0;
	if (b == -1)
		return wsub(0, a);
	q = a / b;
	r = a % b;
	if (r != 0 && ((r < 0) != (b < 0)))
		q--;
	return q;
}

static inline int64_t div_ceil(int64_t a, int64_t b)
{
	int64_t q, r;

	if (b == 0)
		return 0;
	if (b == -1)
		return wsub(0, a);
	q = a / b;
	r = a % b;
	if (r != 0 && ((r < 0) == (b < 0)))
		q++;
	return q;
}

/* Half away from zero, as mz_fen_div_round. */
static inline int64_t div_round(int64_t a, int64_t b)
{
	uint64_t ua, ub, q, rem;

	if (b == 0)
		return 0;
	ua = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
	ub = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;
	q = ua / ub;
	rem = ua % ub;
	if (rem >= ub - rem)
		q++;
	return ((a < 0) != (b < 0)) ? (int64_t)((uint64_t)0 - q) : (int64_t)q;
}

static inline int32_t sat32(int64_t v)
{
	return v > INT32_MAX ? INT32_MAX : v < -INT32_MAX ? -INT32_MAX : (int32_t)v;
}

/* ---- the interpreter ------------------------------------------------------------ */

/* Row loops. The bounds and the selection are copied to locals first: the
 * registers are int64_t, which may alias the chunk's size_t fields, so
 * without the copies every store would force them to be reloaded. */
#define ROWS_H(...)                                                                \
	do {                                                                       \
		if (cdense) {                                                      \
			for (size_t r = 0; r < nh; r++) {                          \
				__VA_ARGS__;                                       \
			}                                                          \
		} else {                                                           \
			for (size_t i_ = 0; i_ < nhsel; i_++) {                    \
				size_t r = hsel[i_];                               \
				__VA_ARGS__;                                       \
			}                                                          \
		}                                                                  \
	} while (0)

#define ROWS_M(...)                                                                \
	do {                                                                       \
		if (cdense) {                                                      \
			for (size_t r = 0; r < np; r++) {                          \
				__VA_ARGS__;                                       \
			}                                                          \
		} else {                                                           \
			for (size_t i_ = 0; i_ < npsel; i_++) {                    \
				size_t r = psel[i_];                               \
				__VA_ARGS__;                                       \
			}                                                          \
		}                                                                  \
	} while (0)

#define ROWS(...)                                                                  \
	do {                                                                       \
		if (lv == LV_H)                                                    \
			ROWS_H(__VA_ARGS__);                                       \
		else                                                               \
			ROWS_M(__VA_ARGS__);                                       \
	} while (0)

static const uint8_t *pcol8(const policy_columns *c, int k)
{
	switch (k) {
	case PC_SEX:
		return c->p_sex;
	case PC_RELATION:
		return c->p_relation;
	case PC_DISABILITY:
		return c->p_disability;
	case PC_GRADE:
		return c->p_disability_grade;
	case PC_SELFCARE:
		return c->p_selfcare_unable;
	case PC_FATHER:
		return c->p_father;
	case PC_MOTHER:
		return c->p_mother;
	case PC_FATHER_GRADE:
		return c->p_father_grade;
	case PC_MOTHER_GRADE:
		return c->p_mother_grade;
	}
	return NULL;
}

/* Aggregation over the members of household r (skip = a member to leave out,
 * or SIZE_MAX). */
static inline int64_t agg_range(int op, const int64_t *a, const int64_t *m, size_t from,
				size_t to, size_t skip)
{
	int64_t acc;
	int first = 1;

	switch (op) {
	case OP_AGG_SUM:
		acc = 0;
		for (size_t q = from; q < to; q++)
			if (q != skip && (!m || m[q]))
				acc = wadd(acc, a[q]);
		return acc;
	case OP_AGG_CNT:
		acc = 0;
		for (size_t q = from; q < to; q++)
			if (q != skip && (!m || m[q]))
				acc++;
		return acc;
	case OP_AGG_ANY:
		for (size_t q = from; q < to; q++)
			if (q != skip && (!m || m[q]) && a[q])
				return 1;
		return 0;
	case OP_AGG_ALL:
		for (size_t q = from; q < to; q++)
			if (q != skip && (!m || m[q]) && !a[q])
				return 0;
		return 1;
	case OP_AGG_MIN:
	case OP_AGG_MAX:
		acc = 0; /* an empty set gives 0 */
		for (size_t q = from; q < to; q++) {
			if (q == skip || (m && !m[q]))
				continue;
			if (first || (op == OP_AGG_MIN ? a[q] < acc : a[q] > acc))
				acc = a[q];
			first = 0;
		}
		return acc;
	}
	return 0;
}

/* An operand register: the program's own, or the prelude's. */
#define REGP(ck, i) ((i) < 0 ? NULL : (i) >= PRE_BASE ? (ck)->pre[(i) - PRE_BASE] : (ck)->reg[(i)])

static void exec(const prun *R, const prun_prog *pp, const pcompiled *cc, pchunk *ck,
		 const pinst *in)
{
	const policy_columns *c = R->c;
	int64_t *restrict d = in->d >= 0 ? ck->reg[in->d] : NULL;
	const int64_t *restrict a = REGP(ck, in->a);
	const int64_t *restrict b = REGP(ck, in->b);
	const int64_t *restrict x = REGP(ck, in->c);
	const int64_t k = in->k;
	const size_t h0 = ck->h0, p0 = ck->p0;
	const size_t nh = ck->nh, np = ck->np, nhsel = ck->nhsel, npsel = ck->npsel;
	const int cdense = ck->cdense, lv = in->lv;
	const uint32_t *restrict hsel = ck->hsel;
	const uint32_t *restrict psel = ck->psel;
	const uint32_t *restrict off = ck->off;
	const uint32_t *restrict p2h = ck->p2h;

	switch (in->op) {
	case OP_CONST:
		ROWS(d[r] = k);
		return;
	case OP_PARAM: {
		const int64_t *pv = pp->pv + k;
		const uint32_t *hd = c->hh_division + h0;
		size_t ns = (size_t)cc->npslot;

		ROWS_H(d[r] = pv[(size_t)hd[r] * ns]);
		return;
	}
	case OP_BCAST:
		ROWS_M(d[r] = a[p2h[r]]);
		return;
	case OP_AGE: {
		const mz_day *birth = c->p_birth + p0;
		const int16_t *tab = R->age_tab;
		const int64_t n = R->age_n;
		mz_day date = R->date;

		ROWS_M(int64_t o = (int64_t)date - birth[r];
		       d[r] = (o >= 0 && o < n) ? tab[o] : mz_age_on(birth[r], date));
		return;
	}
	case OP_AGE_ON: {
		const mz_day *birth = c->p_birth + p0;

		ROWS_M(d[r] = mz_age_on(birth[r], (mz_day)k));
		return;
	}
	case OP_MONTHS_SINCE: {
		const mz_day *since = k == 2 ? c->p_apart_since
				    : k ? c->p_mother_since : c->p_father_since;
		mz_day date = R->date;

		if (!since)
			ROWS_M(d[r] = 0);
		else
			ROWS_M(d[r] = since[p0 + r] ? mz_months_between(since[p0 + r], date) : 0);
		return;
	}
	case OP_PCOL8: {
		const uint8_t *col = pcol8(c, (int)k);

		if (!col)
			ROWS_M(d[r] = 0);
		else
			ROWS_M(d[r] = col[p0 + r]);
		return;
	}
	case OP_PFLAG:
		if (!c->p_flags)
			ROWS_M(d[r] = 0);
		else
			ROWS_M(d[r] = (c->p_flags[p0 + r] >> k) & 1);
		return;
	case OP_INCOME:
	case OP_EXPENSE: {
		const int64_t *col = in->op == OP_INCOME ? c->p_income[k] : c->p_expense[k];

		if (!col)
			ROWS_M(d[r] = 0);
		else
			ROWS_M(d[r] = col[p0 + r]);
		return;
	}
	case OP_HSIZE:
		ROWS_H(d[r] = off[r + 1] - off[r]);
		return;
	case OP_HI32: {
		const int32_t *col = k == 0 ? c->hh_housing_units : c->hh_vehicle_count;

		if (!col)
			ROWS_H(d[r] = 0);
		else
			ROWS_H(d[r] = col[h0 + r]);
		return;
	}
	case OP_HFLAG:
		if (!c->hh_flags)
			ROWS_H(d[r] = 0);
		else
			ROWS_H(d[r] = (c->hh_flags[h0 + r] >> k) & 1);
		return;
	case OP_ASSET:
		if (!c->hh_asset[k])
			ROWS_H(d[r] = 0);
		else
			ROWS_H(d[r] = c->hh_asset[k][h0 + r]);
		return;
	case OP_ENR_H:
		if (!c->hh_enrolled)
			ROWS_H(d[r] = 0);
		else
			ROWS_H(d[r] = (c->hh_enrolled[h0 + r] >> k) & 1);
		return;
	case OP_ENR_P:
		if (!c->p_enrolled)
			ROWS_M(d[r] = 0);
		else
			ROWS_M(d[r] = (c->p_enrolled[p0 + r] >> k) & 1);
		return;
	case OP_RES_ELIG:
	case OP_RES_AMT: {
		const policy_result *res = &R->res[k];
		size_t base = in->lv == LV_H ? h0 : p0;

		if (in->op == OP_RES_ELIG)
			ROWS(d[r] = res->eligible[base + r]);
		else
			ROWS(d[r] = res->amount[base + r]);
		return;
	}
	case OP_NEG:
		ROWS(d[r] = wsub(0, a[r]));
		return;
	case OP_NOT:
		ROWS(d[r] = !a[r]);
		return;
	case OP_ADD:
		ROWS(d[r] = wadd(a[r], b[r]));
		return;
	case OP_SUB:
		ROWS(d[r] = wsub(a[r], b[r]));
		return;
	case OP_MUL:
		ROWS(d[r] = wmul(a[r], b[r]));
		return;
	case OP_SCALE:
		ROWS(d[r] = wmul(a[r], k));
		return;
	case OP_RDIV_R:
		ROWS(d[r] = div_round(a[r], k));
		return;
	case OP_RDIV_F:
		ROWS(d[r] = div_floor(a[r], k));
		return;
	case OP_RDIV_C:
		ROWS(d[r] = div_ceil(a[r], k));
		return;
	case OP_DIV_R:
		ROWS(d[r] = div_round(a[r], b[r]));
		return;
	case OP_DIV_F:
		ROWS(d[r] = div_floor(a[r], b[r]));
		return;
	case OP_DIV_C:
		ROWS(d[r] = div_ceil(a[r], b[r]));
		return;
	case OP_MIN:
		ROWS(d[r] = a[r] < b[r] ? a[r] : b[r]);
		return;
	case OP_MAX:
		ROWS(d[r] = a[r] > b[r] ? a[r] : b[r]);
		return;
	case OP_LT:
		ROWS(d[r] = a[r] < b[r]);
		return;
	case OP_LE:
		ROWS(d[r] = a[r] <= b[r]);
		return;
	case OP_GT:
		ROWS(d[r] = a[r] > b[r]);
		return;
	case OP_GE:
		ROWS(d[r] = a[r] >= b[r]);
		return;
	case OP_EQ:
		ROWS(d[r] = a[r] == b[r]);
		return;
	case OP_NE:
		ROWS(d[r] = a[r] != b[r]);
		return;
	case OP_AND: /* booleans are always 0 or 1 */
		ROWS(d[r] = a[r] & b[r]);
		return;
	case OP_OR:
		ROWS(d[r] = a[r] | b[r]);
		return;
	case OP_ADD_K:
		ROWS(d[r] = wadd(a[r], k));
		return;
	case OP_SUB_K:
		ROWS(d[r] = wsub(a[r], k));
		return;
	case OP_RSUB_K:
		ROWS(d[r] = wsub(k, a[r]));
		return;
	case OP_LT_K:
		ROWS(d[r] = a[r] < k);
		return;
	case OP_LE_K:
		ROWS(d[r] = a[r] <= k);
		return;
	case OP_GT_K:
		ROWS(d[r] = a[r] > k);
		return;
	case OP_GE_K:
		ROWS(d[r] = a[r] >= k);
		return;
	case OP_EQ_K:
		ROWS(d[r] = a[r] == k);
		return;
	case OP_NE_K:
		ROWS(d[r] = a[r] != k);
		return;
	case OP_MIN_K:
		ROWS(d[r] = a[r] < k ? a[r] : k);
		return;
	case OP_MAX_K:
		ROWS(d[r] = a[r] > k ? a[r] : k);
		return;
	case OP_SEL_K:
		ROWS(d[r] = a[r] ? b[r] : k);
		return;
	case OP_SEL_KB:
		ROWS(d[r] = a[r] ? k : b[r]);
		return;
	case OP_PFLAGS_ANY:
		if (!c->p_flags)
			ROWS_M(d[r] = 0);
		else
			ROWS_M(d[r] = (c->p_flags[p0 + r] & (uint64_t)k) != 0);
		return;
	case OP_LINCOMB: {
		const plinterm *t = cc->terms + (k & 0xffffffff);
		int nt = (int)(k >> 32), first = 1;

		for (int i = 0; i < nt; i++) {
			const int64_t *col = t[i].expense ? c->p_expense[t[i].kind] : c->p_income[t[i].kind];

			if (!col)
				continue;
			col += p0;
			if (first && t[i].sign > 0)
				ROWS_M(d[r] = col[r]);
			else if (first)
				ROWS_M(d[r] = wsub(0, col[r]));
			else if (t[i].sign > 0)
				ROWS_M(d[r] = wadd(d[r], col[r]));
			else
				ROWS_M(d[r] = wsub(d[r], col[r]));
			first = 0;
		}
		if (first)
			ROWS_M(d[r] = 0);
		return;
	}
	case OP_SEL:
		ROWS(d[r] = a[r] ? b[r] : x[r]);
		return;
	case OP_IN:
		/* one unsigned compare covers both bounds */
		ROWS(d[r] = (uint64_t)a[r] < 64 ? (int64_t)(((uint64_t)k >> a[r]) & 1) : 0);
		return;
	case OP_AGG_SUM:
	case OP_AGG_CNT:
	case OP_AGG_ANY:
	case OP_AGG_ALL:
	case OP_AGG_MIN:
	case OP_AGG_MAX: {
		int op = in->op;

		ROWS_H(d[r] = agg_range(op, a, b, off[r], off[r + 1], SIZE_MAX));
		return;
	}
	case OP_AGGO_SUM:
	case OP_AGGO_CNT:
	case OP_AGGO_ANY:
	case OP_AGGO_ALL:
	case OP_AGGO_MIN:
	case OP_AGGO_MAX: {
		int op = in->op - OP_AGGO_SUM + OP_AGG_SUM;

		ROWS_M(size_t h = p2h[r];
		       d[r] = agg_range(op, a, b, off[h], off[h + 1], r));
		return;
	}
	}
}

/* After the selection changed: compute densely while at least a third of
 * the households remain, else list the members to visit. */
static void selection_changed(pchunk *ck)
{
	size_t n = 0;

	ck->cdense = ck->hdense || ck->nhsel * 3 >= ck->nh;
	if (ck->cdense)
		return;
	for (size_t i = 0; i < ck->nhsel; i++) {
		size_t h = ck->hsel[i];

		for (uint32_t r = ck->off[h]; r < ck->off[h + 1]; r++)
			ck->psel[n++] = r;
	}
	ck->npsel = n;
}

/* Drops the rows where condition `idx` fails, recording it as their first
 * failure. Rows are households; in a person program a household stays while
 * one of its members is still eligible. */
static void filter(pchunk *ck, const pinst *in, int person, policy_result *res)
{
	const int64_t *cond = REGP(ck, in->a);
	uint8_t code = (uint8_t)(in->k + 1);
	size_t kept = 0, n = ck->hdense ? ck->nh : ck->nhsel;

	for (size_t i = 0; i < n; i++) {
		size_t h = ck->hdense ? i : ck->hsel[i];
		int keep = 0;

		if (!person) {
			keep = cond[h] != 0;
			if (!keep)
				res->failed[ck->h0 + h] = code;
		} else {
			size_t from = ck->off[h], to = ck->off[h + 1];
			uint8_t *alive = ck->palive;
			uint8_t *failed = res->failed + ck->p0;

			for (size_t r = from; r < to; r++) {
				uint8_t was = alive[r];
				uint8_t now = was & (cond[in->lv == LV_H ? h : r] != 0);

				if (was != now)
					failed[r] = code;
				alive[r] = now;
				keep |= now;
			}
		}
		if (keep)
			ck->hsel[kept++] = (uint32_t)h;
	}
	ck->hdense = kept == ck->nh;
	ck->nhsel = kept;
	selection_changed(ck);
}

void prun_program(const prun *R, const policy_program *p, pchunk *ck, ptrace *tr)
{
	const pcompiled *cc = &p->cc;
	const prun_prog *pp = &R->pp[p->index];
	policy_result *res = &R->res[p->index];
	int person = p->unit == POLICY_UNIT_PERSON;
	size_t base = person ? ck->p0 : ck->h0, nrows = person ? ck->np : ck->nh;
	const uint32_t *hd = R->c->hh_division + ck->h0;
	const pinst *code = tr ? cc->ins : cc->bins;
	int end = tr ? cc->nins : cc->nbins;
	int amount_reg = tr ? cc->amount_reg : cc->bamount_reg;
	const int *out_reg = tr ? cc->out_reg : cc->bout_reg;

	if (tr) { /* the trace may run a household twice; the batch never does */
		memset(res->eligible + base, 0, nrows);
		memset(res->amount + base, 0, nrows * sizeof(int32_t));
		memset(res->failed + base, 0, nrows);
		for (int i = 0; i < p->noutputs; i++)
			memset(res->output[i] + base, 0, nrows * sizeof(int32_t));
	}

	/* Households whose division has no value for a parameter on this date. */
	ck->hdense = 1;
	ck->cdense = 1;
	ck->nhsel = ck->nh;
	if (!pp->all_inforce) {
		size_t kept = 0;

		for (size_t h = 0; h < ck->nh; h++) {
			if (pp->inforce[hd[h]] || tr) {
				ck->hsel[kept++] = (uint32_t)h;
				continue;
			}
			if (!person)
				res->failed[ck->h0 + h] = POLICY_FAILED_NOT_IN_FORCE;
			else
				for (size_t r = ck->off[h]; r < ck->off[h + 1]; r++)
					res->failed[ck->p0 + r] = POLICY_FAILED_NOT_IN_FORCE;
		}
		ck->nhsel = kept;
		ck->hdense = kept == ck->nh;
		selection_changed(ck);
	}
	if (person)
		for (size_t r = 0; r < ck->np; r++)
			ck->palive[r] = 1;

	for (int i = 0; i < end; i++) {
		const pinst *in = &code[i];

		if (in->op != OP_FILTER) {
			exec(R, pp, cc, ck, in);
			continue;
		}
		if (tr) {
			size_t rows = in->lv == LV_H ? ck->nh : ck->np;
			const int64_t *v = REGP(ck, in->a);

			for (size_t r = 0; r < rows; r++)
				tr->cond[in->k][r] = v[r] != 0;
			continue;
		}
		filter(ck, in, person, res);
		if (!ck->nhsel)
			return;
	}

	if (tr) {
		/* Eligible = every condition holds; the first that fails is recorded. */
		for (size_t r = 0; r < nrows; r++) {
			size_t h = person ? ck->p2h[r] : r;

			if (!pp->inforce[hd[h]]) {
				res->failed[base + r] = POLICY_FAILED_NOT_IN_FORCE;
				continue;
			}
			for (int k = 0; k < p->nconds; k++)
				if (!tr->cond[k][cc->cond_lv[k] == LV_H ? h : r]) {
					res->failed[base + r] = (uint8_t)(k + 1);
					break;
				}
			if (res->failed[base + r] != POLICY_FAILED_NONE)
				continue;
			res->eligible[base + r] = 1;
			if (amount_reg >= 0)
				res->amount[base + r] = sat32(REGP(ck, amount_reg)[r]);
			for (int o = 0; o < p->noutputs; o++)
				res->output[o][base + r] = sat32(REGP(ck, out_reg[o])[r]);
		}
		return;
	}
	for (size_t i = 0; i < (ck->hdense ? ck->nh : ck->nhsel); i++) {
		size_t h = ck->hdense ? i : ck->hsel[i];
		size_t from = person ? ck->off[h] : h, to = person ? ck->off[h + 1] : h + 1;

		for (size_t r = from; r < to; r++) {
			if (person && !ck->palive[r])
				continue;
			res->eligible[base + r] = 1;
			if (amount_reg >= 0)
				res->amount[base + r] = sat32(REGP(ck, amount_reg)[r]);
			for (int o = 0; o < p->noutputs; o++)
				res->output[o][base + r] = sat32(REGP(ck, out_reg[o])[r]);
		}
	}
}

void prun_prelude(const prun *R, pchunk *ck, int trace)
{
	const policy_program *pre = R->s->pre;
	const pcompiled *cc;
	const pinst *code;
	int64_t **saved;
	int n;

	if (!pre || !R->use_pre)
		return;
	cc = &pre->cc;
	code = trace ? cc->ins : cc->bins;
	n = trace ? cc->nins : cc->nbins;
	saved = ck->reg;
	ck->reg = ck->pre;
	ck->hdense = ck->cdense = 1;
	ck->nhsel = ck->nh;
	for (int i = 0; i < n; i++)
		exec(R, &R->pre, cc, ck, &code[i]);
	ck->reg = saved;
}

