/* compile.c - a checked program to vector instructions.
 *
 * Each instruction computes one register over the rows of its level (the
 * selected households, or all members of the selected households). The
 * conditions are compiled in file order, each followed by a FILTER that
 * drops the households it rules out; a named value is compiled where it is
 * first needed, so the values only a late condition reads are computed only
 * for the households still in the running. After the amount and outputs,
 * a tail computes the remaining named values: it runs only when tracing.
 *
 * Every instruction is pure, and rows only ever leave the selection, so an
 * instruction identical to an earlier one reuses its register (CSE: every
 * `age` or flag read once per chunk). Sums of income and expense columns
 * fuse into one instruction that skips absent (NULL) columns; OR-chains of
 * flags into one mask test. Finally the batch copy of the code drops what
 * no decision reads and packs registers by liveness (finalize()). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "policy/policy_int.h"

typedef struct comp {
	policy_program *p;
	pcompiled *cc;
	int32_t *memo;  /* [nnodes * 3] */
	int32_t *smemo; /* [nsyms * 3] */
	int32_t *def;   /* [capregs]: the instruction defining each register */
	int *ht;        /* CSE: instruction indices, open addressing */
	int htcap;
	int prelude;    /* compiling the prelude: exported values are computed here */
	uint8_t *pvisit; /* [nsyms]: parameter closure walk */
} comp;

static int new_reg(comp *C, int lv)
{
	pcompiled *cc = C->cc;

	if (cc->nregs == cc->capregs) {
		cc->capregs = cc->capregs ? cc->capregs * 2 : 64;
		cc->reg_lv = mz_xrealloc(cc->reg_lv, (size_t)cc->capregs);
		C->def = mz_xrealloc(C->def, (size_t)cc->capregs * sizeof(*C->def));
	}
	cc->reg_lv[cc->nregs] = (uint8_t)lv;
	C->def[cc->nregs] = cc->nins; /* the next instruction defines it */
	return cc->nregs++;
}

static void emit(comp *C, int op, int lv, int d, int a, int b, int c, int64_t k)
{
	pcompiled *cc = C->cc;
	pinst *in;

	if (cc->nins == cc->capins) {
		cc->capins = cc->capins ? cc->capins * 2 : 128;
		cc->ins = mz_xrealloc(cc->ins, (size_t)cc->capins * sizeof(*cc->ins));
	}
	in = &cc->ins[cc->nins++];
	memset(in, 0, sizeof(*in));
	in->op = (uint8_t)op;
	in->lv = (uint8_t)lv;
	in->d = d;
	in->a = a;
	in->b = b;
	in->c = c;
	in->k = k;
}

static uint64_t ins_hash(int op, int lv, int a, int b, int c, int64_t k)
{
	uint64_t h = (uint64_t)op * 0x9E3779B97F4A7C15ULL;

	h ^= (uint64_t)lv + ((uint64_t)(uint32_t)a << 8) + ((uint64_t)(uint32_t)b << 24);
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= (uint64_t)(uint32_t)c + (uint64_t)k * 0x94D049BB133111EBULL;
	h ^= h >> 31;
	return h;
}

/* Emits d = op(a, b, c, k) unless the same instruction exists already. */
static int op1(comp *C, int op, int lv, int a, int b, int c, int64_t k)
{
	pcompiled *cc = C->cc;
	uint64_t h = ins_hash(op, lv, a, b, c, k);
	int d;

	if (C->htcap < 2 * (cc->nins + 1)) {
		int ncap = C->htcap ? C->htcap * 2 : 256;

		while (ncap < 2 * (cc->nins + 1))
			ncap *= 2;
		free(C->ht);
		C->ht = mz_xmalloc((size_t)ncap * sizeof(int));
		memset(C->ht, 0xff, (size_t)ncap * sizeof(int));
		C->htcap = ncap;
		for (int i = 0; i < cc->nins; i++) {
			const pinst *in = &cc->ins[i];
			size_t j = ins_hash(in->op, in->lv, in->a, in->b, in->c, in->k) & (size_t)(ncap - 1);

			if (in->op == OP_FILTER || in->op == OP_LINCOMB)
				continue;
			while (C->ht[j] >= 0)
				j = (j + 1) & (size_t)(ncap - 1);
			C->ht[j] = i;
		}
	}
	for (size_t j = h & (size_t)(C->htcap - 1);; j = (j + 1) & (size_t)(C->htcap - 1)) {
		const pinst *in;

		if (C->ht[j] < 0) {
			C->ht[j] = cc->nins;
			break;
		}
		in = &cc->ins[C->ht[j]];
		if (in->op == op && in->lv == lv && in->a == a && in->b == b && in->c == c && in->k == k)
			return in->d;
	}
	d = new_reg(C, lv);
	emit(C, op, lv, d, a, b, c, k);
	return d;
}

static int pslot(comp *C, psym *y)
{
	pcompiled *cc = C->cc;

	for (int i = 0; i < cc->npslot; i++)
		if (cc->pslot[i] == y)
			return i;
	if (cc->npslot == cc->cappslot) {
		cc->cappslot = cc->cappslot ? cc->cappslot * 2 : 16;
		cc->pslot = mz_xrealloc(cc->pslot, (size_t)cc->cappslot * sizeof(*cc->pslot));
	}
	cc->pslot[cc->npslot] = y;
	return cc->npslot++;
}

static int comp_node(comp *C, pnode *n, int lv);

/* Brings a register of scale s up to scale `want` (x 10^4). */
static int rescale(comp *C, int r, int lv, int s, int want)
{
	if (s >= want)
		return r;
	return op1(C, OP_SCALE, lv, r, -1, -1, PSCALE);
}

static void note_let(comp *C, psym *y, int r)
{
	pcompiled *cc = C->cc;

	if (cc->sym_reg[y->id] >= 0)
		return;
	cc->sym_reg[y->id] = r;
	if (cc->nlets == cc->caplets) {
		cc->caplets = cc->caplets ? cc->caplets * 2 : 32;
		cc->lets = mz_xrealloc(cc->lets, (size_t)cc->caplets * sizeof(*cc->lets));
	}
	cc->lets[cc->nlets++] = y;
}

/* The parameters an exported value reads become this program's too: they
 * decide where it is in force, and the trace shows them. */
static void param_closure(comp *C, const pnode *n)
{
	if (!n)
		return;
	if (n->kind == NK_REF) {
		psym *y = n->sym;

		if (C->pvisit[y->id])
			return;
		C->pvisit[y->id] = 1;
		if (y->kind == SYM_PARAM)
			pslot(C, y);
		else
			param_closure(C, y->expr);
		return;
	}
	param_closure(C, n->a);
	param_closure(C, n->b);
	param_closure(C, n->c);
}

static int comp_sym(comp *C, psym *y, int lv)
{
	int32_t *m = &C->smemo[y->id * 3 + lv];
	int nat = y->level == LV_CONST ? lv : y->level;
	int r;

	if (*m >= 0)
		return *m;
	if (y->exported && !C->prelude) {
		/* Computed once per chunk by the prelude, at its own level. */
		int pnat = y->level == LV_CONST ? LV_H : y->level;

		r = PRE_BASE + y->pre_reg;
		C->cc->uses_pre = 1;
		note_let(C, y, r);
		param_closure(C, y->expr);
		if (pnat < lv)
			r = op1(C, OP_BCAST, lv, r, -1, -1, 0);
		*m = r;
		return r;
	}
	if (nat < lv) {
		int h = comp_sym(C, y, nat);

		r = op1(C, OP_BCAST, lv, h, -1, -1, 0);
	} else if (y->kind == SYM_PARAM) {
		r = op1(C, OP_PARAM, LV_H, -1, -1, -1, pslot(C, y));
	} else {
		r = comp_node(C, y->expr, lv);
		note_let(C, y, r);
	}
	*m = r;
	return r;
}

static int comp_agg(comp *C, pnode *n, int lv)
{
	int mask = n->a ? comp_node(C, n->a, LV_M) : -1;
	int body = n->b ? comp_node(C, n->b, LV_M) : -1;
	int base = n->others ? OP_AGGO_SUM : OP_AGG_SUM;
	int op;

	switch (n->fn) {
	case FN_COUNT:
		if (body >= 0)
			mask = mask >= 0 ? op1(C, OP_AND, LV_M, mask, body, -1, 0) : body;
		return op1(C, base + (OP_AGG_CNT - OP_AGG_SUM), lv, -1, mask, -1, 0);
	case FN_ANY:
	case FN_ALL:
		if (body < 0) { /* any(members where c) */
			body = mask;
			mask = -1;
		}
		op = n->fn == FN_ANY ? OP_AGG_ANY : OP_AGG_ALL;
		return op1(C, base + (op - OP_AGG_SUM), lv, body, mask, -1, 0);
	case FN_AGG_MIN:
		return op1(C, base + (OP_AGG_MIN - OP_AGG_SUM), lv, body, mask, -1, 0);
	case FN_AGG_MAX:
		return op1(C, base + (OP_AGG_MAX - OP_AGG_SUM), lv, body, mask, -1, 0);
	}
	return op1(C, base, lv, body, mask, -1, 0);
}

/* The flag mask a register tests, if it is a flag read. */
static int flag_mask(comp *C, int r, int64_t *mask)
{
	const pinst *in;

	if (r >= PRE_BASE)
		return 0;
	in = &C->cc->ins[C->def[r]];

	if (in->op == OP_PFLAG)
		*mask = (int64_t)1 << in->k;
	else if (in->op == OP_PFLAGS_ANY)
		*mask = in->k;
	else
		return 0;
	return 1;
}

/* Flattens a tree of money + and - into income/expense terms and others. */
static int collect_terms(comp *C, pnode *n, int sign, plinterm *terms, int *nt, pnode **others,
			 int *osign, int *no)
{
	if (n->kind == NK_BIN && (n->op == OPN_ADD || n->op == OPN_SUB) && n->type.base == T_MONEY &&
	    !n->type.scale && n->level == LV_M) {
		if (collect_terms(C, n->a, sign, terms, nt, others, osign, no))
			return -1;
		return collect_terms(C, n->b, n->op == OPN_SUB ? -sign : sign, terms, nt, others, osign, no);
	}
	if (n->kind == NK_CALL && (n->fn == FN_INCOME || n->fn == FN_EXPENSE) && *nt < 64) {
		terms[*nt].expense = n->fn == FN_EXPENSE;
		terms[*nt].sign = (int8_t)sign;
		terms[*nt].kind = (uint8_t)n->arg;
		(*nt)++;
		return 0;
	}
	if (*no >= 64)
		return -1;
	others[*no] = n;
	osign[*no] = sign;
	(*no)++;
	return 0;
}

/* income(a) + income(b) - expense(c) + x ... as one OP_LINCOMB plus the rest;
 * -1 when the tree has fewer than two column terms. */
static int comp_lincomb(comp *C, pnode *n)
{
	plinterm terms[64];
	pnode *others[64];
	int osign[64], nt = 0, no = 0, r;
	pcompiled *cc = C->cc;

	if (collect_terms(C, n, 1, terms, &nt, others, osign, &no) || nt < 2)
		return -1;
	if (cc->nterms + nt > cc->capterms) {
		cc->capterms = (cc->nterms + nt) * 2;
		cc->terms = mz_xrealloc(cc->terms, (size_t)cc->capterms * sizeof(*cc->terms));
	}
	memcpy(cc->terms + cc->nterms, terms, (size_t)nt * sizeof(*terms));
	r = new_reg(C, LV_M);
	emit(C, OP_LINCOMB, LV_M, r, -1, -1, -1, (int64_t)cc->nterms | ((int64_t)nt << 32));
	cc->nterms += nt;
	for (int i = 0; i < no; i++) {
		int o = comp_node(C, others[i], LV_M);

		r = op1(C, osign[i] > 0 ? OP_ADD : OP_SUB, LV_M, r, o, -1, 0);
	}
	return r;
}

static int is_lit(const pnode *n)
{
	return n->kind == NK_LIT || n->kind == NK_ENUMC;
}

/* A literal's value at scale `want`. */
static int64_t lit_at(const pnode *n, int want)
{
	return n->type.scale < want ? n->v * PSCALE : n->v;
}

/* x op literal, as one instruction with an immediate; -1 if not applicable. */
static int comp_bin_k(comp *C, pnode *n, int lv)
{
	static const struct {
		int opn, k, k_swapped; /* the immediate op, and with the literal on the left */
	} tab[] = {
		{ OPN_ADD, OP_ADD_K, OP_ADD_K }, { OPN_SUB, OP_SUB_K, OP_RSUB_K },
		{ OPN_MUL, OP_SCALE, OP_SCALE }, { OPN_LT, OP_LT_K, OP_GT_K },
		{ OPN_LE, OP_LE_K, OP_GE_K },	 { OPN_GT, OP_GT_K, OP_LT_K },
		{ OPN_GE, OP_GE_K, OP_LE_K },	 { OPN_EQ, OP_EQ_K, OP_EQ_K },
		{ OPN_NE, OP_NE_K, OP_NE_K },
	};
	int la = is_lit(n->a), lb = is_lit(n->b);
	int want = n->a->type.scale > n->b->type.scale ? n->a->type.scale : n->b->type.scale;
	pnode *x, *lit;
	int r;

	if (la == lb)
		return -1;
	x = la ? n->b : n->a;
	lit = la ? n->a : n->b;
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (tab[i].opn != n->op)
			continue;
		r = comp_node(C, x, lv);
		if (n->op == OPN_MUL)
			return op1(C, OP_SCALE, lv, r, -1, -1, lit->v);
		r = rescale(C, r, lv, x->type.scale, want);
		return op1(C, la ? tab[i].k_swapped : tab[i].k, lv, r, -1, -1, lit_at(lit, want));
	}
	return -1;
}

static int comp_bin(comp *C, pnode *n, int lv)
{
	int a, b, sa = n->a->type.scale, sb = n->b->type.scale;
	int op = OP_ADD;
	int64_t ma, mb;

	if ((n->op == OPN_ADD || n->op == OPN_SUB) && lv == LV_M && (a = comp_lincomb(C, n)) >= 0)
		return a;
	if ((a = comp_bin_k(C, n, lv)) >= 0)
		return a;
	a = comp_node(C, n->a, lv);
	b = comp_node(C, n->b, lv);
	switch (n->op) {
	case OPN_MUL:
		return op1(C, OP_MUL, lv, a, b, -1, 0);
	case OPN_AND:
		return op1(C, OP_AND, lv, a, b, -1, 0);
	case OPN_OR:
		if (lv == LV_M && flag_mask(C, a, &ma) && flag_mask(C, b, &mb))
			return op1(C, OP_PFLAGS_ANY, LV_M, -1, -1, -1, ma | mb);
		return op1(C, OP_OR, lv, a, b, -1, 0);
	case OPN_ADD:
		op = OP_ADD;
		break;
	case OPN_SUB:
		op = OP_SUB;
		break;
	case OPN_LT:
		op = OP_LT;
		break;
	case OPN_LE:
		op = OP_LE;
		break;
	case OPN_GT:
		op = OP_GT;
		break;
	case OPN_GE:
		op = OP_GE;
		break;
	case OPN_EQ:
		op = OP_EQ;
		break;
	case OPN_NE:
		op = OP_NE;
		break;
	}
	a = rescale(C, a, lv, sa, sb);
	b = rescale(C, b, lv, sb, sa);
	return op1(C, op, lv, a, b, -1, 0);
}

static int comp_call(comp *C, pnode *n, int lv)
{
	int a, b;

	switch (n->fn) {
	case FN_ROUND:
	case FN_FLOOR:
	case FN_CEIL:
		a = comp_node(C, n->a, lv);
		if (!n->a->type.scale)
			return a;
		return op1(C, n->fn == FN_ROUND ? OP_RDIV_R : n->fn == FN_FLOOR ? OP_RDIV_F : OP_RDIV_C,
			   lv, a, -1, -1, PSCALE);
	case FN_DIV_ROUND:
	case FN_DIV_FLOOR:
	case FN_DIV_CEIL:
		a = comp_node(C, n->a, lv);
		b = comp_node(C, n->b, lv);
		return op1(C, n->fn == FN_DIV_ROUND ? OP_DIV_R : n->fn == FN_DIV_FLOOR ? OP_DIV_F : OP_DIV_C,
			   lv, a, b, -1, 0);
	case FN_MIN:
	case FN_MAX:
		if (is_lit(n->a) != is_lit(n->b)) {
			pnode *x = is_lit(n->a) ? n->b : n->a, *lit = is_lit(n->a) ? n->a : n->b;

			a = rescale(C, comp_node(C, x, lv), lv, x->type.scale, n->type.scale);
			return op1(C, n->fn == FN_MIN ? OP_MIN_K : OP_MAX_K, lv, a, -1, -1,
				   lit_at(lit, n->type.scale));
		}
		a = comp_node(C, n->a, lv);
		b = comp_node(C, n->b, lv);
		a = rescale(C, a, lv, n->a->type.scale, n->b->type.scale);
		b = rescale(C, b, lv, n->b->type.scale, n->a->type.scale);
		return op1(C, n->fn == FN_MIN ? OP_MIN : OP_MAX, lv, a, b, -1, 0);
	case FN_AGE_ON:
		return op1(C, OP_AGE_ON, LV_M, -1, -1, -1, n->a->v);
	case FN_INCOME:
		return op1(C, OP_INCOME, LV_M, -1, -1, -1, n->arg);
	case FN_EXPENSE:
		return op1(C, OP_EXPENSE, LV_M, -1, -1, -1, n->arg);
	case FN_ASSET:
		return op1(C, OP_ASSET, LV_H, -1, -1, -1, n->arg);
	}
	abort();
}

static int comp_at(comp *C, pnode *n, int lv)
{
	int a, b, c;

	switch (n->kind) {
	case NK_LIT:
	case NK_ENUMC:
		return op1(C, OP_CONST, lv, -1, -1, -1, n->v);
	case NK_REF:
		return comp_sym(C, n->sym, lv);
	case NK_ATTR: {
		const pattr *at = pattr_at(n->attr);

		return op1(C, at->op, lv, -1, -1, -1, at->k);
	}
	case NK_UN:
		a = comp_node(C, n->a, lv);
		return op1(C, n->op == OPN_NOT ? OP_NOT : OP_NEG, lv, a, -1, -1, 0);
	case NK_BIN:
		return comp_bin(C, n, lv);
	case NK_IF:
		a = comp_node(C, n->a, lv);
		if (is_lit(n->c) && !is_lit(n->b)) {
			b = rescale(C, comp_node(C, n->b, lv), lv, n->b->type.scale, n->type.scale);
			return op1(C, OP_SEL_K, lv, a, b, -1, lit_at(n->c, n->type.scale));
		}
		if (is_lit(n->b)) {
			c = rescale(C, comp_node(C, n->c, lv), lv, n->c->type.scale, n->type.scale);
			return op1(C, OP_SEL_KB, lv, a, c, -1, lit_at(n->b, n->type.scale));
		}
		b = comp_node(C, n->b, lv);
		c = comp_node(C, n->c, lv);
		b = rescale(C, b, lv, n->b->type.scale, n->type.scale);
		c = rescale(C, c, lv, n->c->type.scale, n->type.scale);
		return op1(C, OP_SEL, lv, a, b, c, 0);
	case NK_IN:
		a = comp_node(C, n->a, lv);
		b = op1(C, OP_IN, lv, a, -1, -1, n->v);
		return n->negated ? op1(C, OP_NOT, lv, b, -1, -1, 0) : b;
	case NK_CALL:
		return comp_call(C, n, lv);
	case NK_AGG:
		return comp_agg(C, n, lv);
	case NK_PROG: {
		int q = n->prog_ref->index;

		if (n->fn == FN_ENROLLED)
			return op1(C, lv == LV_H ? OP_ENR_H : OP_ENR_P, lv, -1, -1, -1, q);
		return op1(C, n->fn == FN_ELIGIBLE ? OP_RES_ELIG : OP_RES_AMT, lv, -1, -1, -1, q);
	}
	}
	abort();
}

static int comp_node(comp *C, pnode *n, int lv)
{
	int nat = n->level == LV_CONST ? lv : n->level;
	int32_t *m = &C->memo[n->id * 3 + lv];
	int r;

	if (*m >= 0)
		return *m;
	if (nat < lv)
		r = op1(C, OP_BCAST, lv, comp_node(C, n, nat), -1, -1, 0);
	else
		r = comp_at(C, n, nat);
	*m = r;
	if (C->cc->node_reg[n->id] < 0 && (nat == lv))
		C->cc->node_reg[n->id] = r;
	return r;
}

/* The batch code: live instructions only, registers packed by liveness.
 * A destination never shares a register with its own operands (a
 * broadcast or an aggregation reads other rows than it writes). `keep`
 * lists registers read after the code ends (the prelude's exports);
 * operands from PRE_BASE up are the prelude's, renamed by pre_vmap. */
static int reg_rename(int v, const int *map, const int *pre_vmap)
{
	if (v < 0)
		return -1;
	return v >= PRE_BASE ? PRE_BASE + pre_vmap[v - PRE_BASE] : map[v];
}

static void finalize(pcompiled *cc, const int *keep, int nkeep, const int *pre_vmap)
{
	int n = cc->trace_from, nv = cc->nregs;
	uint8_t *live = mz_xcalloc((size_t)nv + 1, 1), *used = mz_xcalloc((size_t)n + 1, 1);
	int *last = mz_xmalloc(((size_t)nv + 1) * sizeof(int));
	int *map = mz_xmalloc(((size_t)nv + 1) * sizeof(int));
	int *freel = mz_xmalloc(((size_t)nv + 1) * sizeof(int));
	int nfree = 0, nphys = 0;
	int outs[POLICY_MAX_OUTPUTS + 1], nouts = 0;

	for (int v = 0; v < nv; v++) {
		last[v] = -1;
		map[v] = -1;
	}
	outs[nouts++] = cc->amount_reg;
	for (int o = 0; o < POLICY_MAX_OUTPUTS; o++)
		outs[nouts++] = cc->out_reg[o];
	for (int j = 0; j < nouts + nkeep; j++) {
		int v = j < nouts ? outs[j] : keep[j - nouts];

		if (v >= 0 && v < PRE_BASE) {
			live[v] = 1;
			last[v] = INT32_MAX;
		}
	}
	for (int i = n - 1; i >= 0; i--) {
		const pinst *in = &cc->ins[i];
		int ops[3] = { in->a, in->b, in->c };

		if (in->op != OP_FILTER && !live[in->d])
			continue;
		used[i] = 1;
		for (int j = 0; j < 3; j++)
			if (ops[j] >= 0 && ops[j] < PRE_BASE) {
				live[ops[j]] = 1;
				if (last[ops[j]] < i)
					last[ops[j]] = i;
			}
	}
	cc->bins = mz_xmalloc(((size_t)n + 1) * sizeof(*cc->bins));
	cc->nbins = 0;
	for (int i = 0; i < n; i++) {
		pinst b = cc->ins[i];
		int ops[3] = { b.a, b.b, b.c }, *fields[3] = { &b.a, &b.b, &b.c };

		if (!used[i])
			continue;
		if (b.op != OP_FILTER) {
			map[b.d] = nfree ? freel[--nfree] : nphys++;
			b.d = map[b.d];
		}
		for (int j = 0; j < 3; j++) {
			if (ops[j] >= PRE_BASE)
				*fields[j] = PRE_BASE + pre_vmap[ops[j] - PRE_BASE];
			else if (ops[j] >= 0)
				*fields[j] = map[ops[j]];
		}
		for (int j = 0; j < 3; j++)
			if (ops[j] >= 0 && ops[j] < PRE_BASE && last[ops[j]] == i &&
			    (j == 0 || ops[j] != ops[0]) && (j < 2 || ops[j] != ops[1]))
				freel[nfree++] = map[ops[j]];
		cc->bins[cc->nbins++] = b;
	}
	cc->nphys = nphys ? nphys : 1;
	cc->bamount_reg = reg_rename(cc->amount_reg, map, pre_vmap);
	for (int o = 0; o < POLICY_MAX_OUTPUTS; o++)
		cc->bout_reg[o] = reg_rename(cc->out_reg[o], map, pre_vmap);
	cc->vmap = map; /* kept: the programs rename prelude registers with it */
	free(live);
	free(used);
	free(last);
	free(freel);
}

static void comp_init(comp *C, policy_program *p)
{
	policy_set *s = p->set;
	pcompiled *cc = &p->cc;

	memset(C, 0, sizeof(*C));
	C->p = p;
	C->cc = cc;
	C->memo = mz_xmalloc((size_t)s->nnodes * 3 * sizeof(int32_t));
	C->smemo = mz_xmalloc((size_t)s->nsyms * 3 * sizeof(int32_t));
	memset(C->memo, 0xff, (size_t)s->nnodes * 3 * sizeof(int32_t));
	memset(C->smemo, 0xff, (size_t)s->nsyms * 3 * sizeof(int32_t));
	C->pvisit = mz_xcalloc((size_t)s->nsyms + 1, 1);
	cc->node_reg = mz_xmalloc((size_t)s->nnodes * sizeof(int32_t));
	cc->sym_reg = mz_xmalloc((size_t)s->nsyms * sizeof(int32_t));
	memset(cc->node_reg, 0xff, (size_t)s->nnodes * sizeof(int32_t));
	memset(cc->sym_reg, 0xff, (size_t)s->nsyms * sizeof(int32_t));
	cc->cond_reg = mz_xcalloc((size_t)(p->nconds ? p->nconds : 1), sizeof(int));
	cc->cond_lv = mz_xcalloc((size_t)(p->nconds ? p->nconds : 1), 1);
	cc->amount_reg = -1;
	for (int o = 0; o < POLICY_MAX_OUTPUTS; o++)
		cc->out_reg[o] = -1;
}

static void comp_done(comp *C)
{
	free(C->memo);
	free(C->smemo);
	free(C->def);
	free(C->ht);
	free(C->pvisit);
}

/* ---- the prelude ---------------------------------------------------------------------- */

/* Marks the named values another program reads (directly, or through a
 * value it computes itself because that value reads a decision). */
static void mark_exports(policy_program *p, const pnode *n, uint8_t *seen)
{
	if (!n)
		return;
	if (n->kind == NK_REF && n->sym->kind == SYM_LET) {
		psym *y = n->sym;

		if (y->prog != p && !y->deps) {
			y->exported = 1;
			return;
		}
		if (!seen[y->id]) {
			seen[y->id] = 1;
			mark_exports(p, y->expr, seen);
		}
		return;
	}
	mark_exports(p, n->a, seen);
	mark_exports(p, n->b, seen);
	mark_exports(p, n->c, seen);
}

static void compile_prelude(policy_set *s)
{
	policy_program *pre = parena_alloc(&s->arena, sizeof(*pre));
	comp C;
	int *keep = NULL, nkeep = 0;

	pre->set = s;
	pre->index = -1;
	pre->code = "(shared)";
	pre->name_zh = "共享取值";
	pre->name_en = "shared values";
	pre->path = "";
	pre->text = "";
	pre->unit = POLICY_UNIT_HOUSEHOLD;
	comp_init(&C, pre);
	C.prelude = 1;
	for (size_t i = 0; i < s->n; i++) {
		policy_program *p = s->progs[i];

		for (int k = 0; k < p->nsyms; k++) {
			psym *y = p->syms[k];

			if (!y->exported)
				continue;
			y->pre_reg = comp_sym(&C, y, y->level == LV_CONST ? LV_H : y->level);
			keep = mz_xrealloc(keep, (size_t)(nkeep + 1) * sizeof(*keep));
			keep[nkeep++] = y->pre_reg;
		}
	}
	pre->cc.trace_from = pre->cc.nins;
	finalize(&pre->cc, keep, nkeep, NULL);
	free(keep);
	comp_done(&C);
	s->pre = pre;
}

void pcompile_set(policy_set *s)
{
	uint8_t *seen = mz_xcalloc((size_t)s->nsyms + 1, 1);
	int any = 0;

	for (size_t i = 0; i < s->n; i++) {
		policy_program *p = s->progs[i];

		memset(seen, 0, (size_t)s->nsyms + 1);
		for (int k = 0; k < p->nconds; k++)
			mark_exports(p, p->conds[k].expr, seen);
		mark_exports(p, p->amount, seen);
		for (int k = 0; k < p->nsyms; k++)
			if (p->syms[k]->kind == SYM_LET) {
				seen[p->syms[k]->id] = 1;
				mark_exports(p, p->syms[k]->expr, seen);
			}
	}
	free(seen);
	for (size_t i = 0; i < s->n; i++)
		for (int k = 0; k < s->progs[i]->nsyms; k++)
			any |= s->progs[i]->syms[k]->exported;
	if (any)
		compile_prelude(s);
	for (size_t i = 0; i < s->n; i++)
		pcompile_program(s->progs[i]);
}

void pcompile_program(policy_program *p)
{
	pcompiled *cc = &p->cc;
	comp C;
	int ulv = p->unit == POLICY_UNIT_PERSON ? LV_M : LV_H;

	comp_init(&C, p);
	for (int i = 0; i < p->nconds; i++) {
		pnode *e = p->conds[i].expr;
		int clv = e->level == LV_M ? LV_M : LV_H;

		cc->cond_reg[i] = comp_node(&C, e, clv);
		cc->cond_lv[i] = (uint8_t)clv;
		emit(&C, OP_FILTER, clv, -1, cc->cond_reg[i], -1, -1, i);
	}
	cc->amount_reg = p->amount ? comp_node(&C, p->amount, ulv) : -1;
	for (int i = 0; i < p->noutputs; i++)
		cc->out_reg[i] = comp_sym(&C, p->outputs[i], ulv);
	cc->trace_from = cc->nins;
	for (int i = 0; i < p->nsyms; i++) {
		psym *y = p->syms[i];

		comp_sym(&C, y, y->level == LV_M ? LV_M : LV_H);
	}
	finalize(cc, NULL, 0, p->set->pre ? p->set->pre->cc.vmap : NULL);
	comp_done(&C);
}

void pcompiled_release(pcompiled *cc)
{
	free(cc->ins);
	free(cc->reg_lv);
	free(cc->cond_reg);
	free(cc->cond_lv);
	free(cc->pslot);
	free(cc->node_reg);
	free(cc->sym_reg);
	free(cc->lets);
	free(cc->bins);
	free(cc->terms);
	free(cc->vmap);
	memset(cc, 0, sizeof(*cc));
}
