/* compile.c - a checked program to vector instructions.
 *
 * Each instruction computes one register over the rows of its level (the
 * selected households, or all members of the selected households). The
 * conditions are compiled in file order, each followed by a FILTER that
 * drops the households it rules out; a named value is compiled where it is
 * first needed, so the values only a late condition reads are computed only
 * for the households still in the running. After the amount and outputs,
 * a tail computes the remaining named values: it runs only when tracing. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "policy/policy_int.h"

typedef struct comp {
	policy_program *p;
	pcompiled *cc;
	int32_t *memo;  /* [nnodes * 3] */
	int32_t *smemo; /* [nsyms * 3] */
} comp;

static int new_reg(comp *C, int lv)
{
	pcompiled *cc = C->cc;

	if (cc->nregs == cc->capregs) {
		cc->capregs = cc->capregs ? cc->capregs * 2 : 64;
		cc->reg_lv = mz_xrealloc(cc->reg_lv, (size_t)cc->capregs);
	}
	cc->reg_lv[cc->nregs] = (uint8_t)lv;
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

static int op1(comp *C, int op, int lv, int a, int b, int c, int64_t k)
{
	int d = new_reg(C, lv);

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

static int comp_sym(comp *C, psym *y, int lv)
{
	int32_t *m = &C->smemo[y->id * 3 + lv];
	int nat = y->level == LV_CONST ? lv : y->level;
	int r;

	if (*m >= 0)
		return *m;
	if (nat < lv) {
		int h = comp_sym(C, y, nat);

		r = op1(C, OP_BCAST, lv, h, -1, -1, 0);
	} else if (y->kind == SYM_PARAM) {
		r = op1(C, OP_PARAM, LV_H, -1, -1, -1, pslot(C, y));
	} else {
		r = comp_node(C, y->expr, lv);
		if (C->cc->sym_reg[y->id] < 0) {
			pcompiled *cc = C->cc;

			C->cc->sym_reg[y->id] = r;
			if (cc->nlets == cc->caplets) {
				cc->caplets = cc->caplets ? cc->caplets * 2 : 32;
				cc->lets = mz_xrealloc(cc->lets, (size_t)cc->caplets * sizeof(*cc->lets));
			}
			cc->lets[cc->nlets++] = y;
		}
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

static int comp_bin(comp *C, pnode *n, int lv)
{
	int a = comp_node(C, n->a, lv), b = comp_node(C, n->b, lv);
	int sa = n->a->type.scale, sb = n->b->type.scale;
	int op = OP_ADD;

	switch (n->op) {
	case OPN_MUL:
		return op1(C, OP_MUL, lv, a, b, -1, 0);
	case OPN_AND:
		return op1(C, OP_AND, lv, a, b, -1, 0);
	case OPN_OR:
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

void pcompile_program(policy_program *p)
{
	policy_set *s = p->set;
	pcompiled *cc = &p->cc;
	comp C = { 0 };
	int ulv = p->unit == POLICY_UNIT_PERSON ? LV_M : LV_H;

	C.p = p;
	C.cc = cc;
	C.memo = mz_xmalloc((size_t)s->nnodes * 3 * sizeof(int32_t));
	C.smemo = mz_xmalloc((size_t)s->nsyms * 3 * sizeof(int32_t));
	memset(C.memo, 0xff, (size_t)s->nnodes * 3 * sizeof(int32_t));
	memset(C.smemo, 0xff, (size_t)s->nsyms * 3 * sizeof(int32_t));
	cc->node_reg = mz_xmalloc((size_t)s->nnodes * sizeof(int32_t));
	cc->sym_reg = mz_xmalloc((size_t)s->nsyms * sizeof(int32_t));
	memset(cc->node_reg, 0xff, (size_t)s->nnodes * sizeof(int32_t));
	memset(cc->sym_reg, 0xff, (size_t)s->nsyms * sizeof(int32_t));
	cc->cond_reg = mz_xcalloc((size_t)(p->nconds ? p->nconds : 1), sizeof(int));
	cc->cond_lv = mz_xcalloc((size_t)(p->nconds ? p->nconds : 1), 1);

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
	free(C.memo);
	free(C.smemo);
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
	memset(cc, 0, sizeof(*cc));
}
