/* eval_vec.c - the one interpreter of compiled programs.
 *
 * Work is cut into chunks of whole households (at most CHUNK_H households
 * and, unless one household is larger, CHUNK_P members), so every register
 * of a chunk stays in the core's cache. For each chunk the programs run in
 * dependency order; each instruction loops over the rows still selected.
 * A FILTER drops the households a condition rules out, and the following
 * instructions skip them; when none remain the program stops for that
 * chunk. Parameters were resolved per division before the run, so the hot
 * loop reads a flat array.
 *
 * The single-household trace runs this same code with `tr` set: nothing is
 * dropped, every condition's value is recorded, the trace-only tail runs,
 * and eligibility is the conjunction of the recorded conditions. Every
 * instruction is a pure function of its row, so the two modes agree. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "policy/policy_int.h"

#define CHUNK_H 128
#define CHUNK_P 512
#define AGE_DAYS (366 * 150)

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
		ROWS(d[r] = (a[r] >= 0 && a[r] < 64) ? (int64_t)(((uint64_t)k >> a[r]) & 1) : 0);
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
			for (size_t r = ck->off[h]; r < ck->off[h + 1]; r++) {
				if (!ck->palive[r])
					continue;
				if (!cond[in->lv == LV_H ? h : r]) {
					ck->palive[r] = 0;
					res->failed[ck->p0 + r] = code;
				} else {
					keep = 1;
				}
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
