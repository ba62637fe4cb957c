/* eval_trace.c - one household, explained.
 *
 * Runs the compiled programs through the same interpreter as the batch
 * (eval_vec.c) in trace mode, then reads the registers back to say, for
 * each condition, what was compared with what ("人均收入 850.00 < 低保标准
 * 1120.00"), which named values were computed (per member where they are
 * per member), and which dated parameter line each value came from. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "policy/policy_int.h"

typedef struct tctx {
	const prun *R;
	const policy_program *p;
	const pchunk *ck;
	mz_buf *b;
} tctx;

/* Register `reg` (the program's, or the prelude's from PRE_BASE up) at
 * household row rh or member row rm, by its level; 0 if there is none. */
static int reg_value(const tctx *T, int reg, size_t rh, size_t rm, int64_t *v)
{
	const int64_t *col;
	int lv;

	if (reg < 0)
		return 0;
	if (reg >= PRE_BASE) {
		col = T->ck->pre[reg - PRE_BASE];
		lv = T->R->s->pre->cc.reg_lv[reg - PRE_BASE];
	} else {
		col = T->ck->reg[reg];
		lv = T->p->cc.reg_lv[reg];
	}
	if (lv == LV_H) {
		if (rh >= T->ck->nh)
			return 0;
		*v = col[rh];
	} else {
		if (rm >= T->ck->np)
			return 0;
		*v = col[rm];
	}
	return 1;
}

/* The value of a node for household row rh / member row rm; 0 if the node
 * has no register (not computed). */
static int node_value(const tctx *T, const pnode *n, size_t rh, size_t rm, int64_t *v)
{
	const pcompiled *cc = &T->p->cc;
	int reg = n->kind == NK_REF && n->sym->kind == SYM_LET && cc->sym_reg[n->sym->id] >= 0
		? cc->sym_reg[n->sym->id] : cc->node_reg[n->id];

	if (n->kind == NK_LIT || n->kind == NK_ENUMC) {
		*v = n->v;
		return 1;
	}
	return reg_value(T, reg, rh, rm, v);
}

static void put_source(tctx *T, const pnode *n)
{
	const char *s = n->file->text + n->off;
	int space = 0;

	for (uint32_t i = 0; i < n->len; i++) {
		char ch = s[i];

		if (ch == '#') { /* a comment inside a multi-line expression */
			while (i + 1 < n->len && s[i + 1] != '\n')
				i++;
			continue;
		}
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			space = 1;
			continue;
		}
		if (space && T->b->len)
			mz_buf_putc(T->b, ' ');
		space = 0;
		mz_buf_putc(T->b, ch);
	}
}

static void put_value(tctx *T, const pnode *n, size_t rh, size_t rm)
{
	int64_t v;
	char out[64];

	if (!node_value(T, n, rh, rm, &v)) {
		mz_buf_puts(T->b, "?");
		return;
	}
	pvalue_format(n->type, v, out, sizeof(out));
	mz_buf_puts(T->b, out);
}

/* The label of a named thing (a value, an attribute, a kind, another
 * program's decision), or NULL. */
static const char *leaf_label(const pnode *n, char *buf, size_t cap)
{
	switch (n->kind) {
	case NK_REF:
		return n->sym->label;
	case NK_ATTR:
		return pattr_at(n->attr)->zh;
	case NK_CALL:
		if (n->fn == FN_INCOME)
			return plist_zh(POLICY_LIST_INCOME, n->arg);
		if (n->fn == FN_EXPENSE)
			return plist_zh(POLICY_LIST_EXPENSE, n->arg);
		if (n->fn == FN_ASSET)
			return plist_zh(POLICY_LIST_ASSET, n->arg);
		return NULL;
	case NK_PROG:
		pfmt(buf, cap, "%s%s%s",
		     n->fn == FN_ENROLLED ? "已纳入" : n->fn == FN_ELIGIBLE ? "符合" : "",
		     n->prog_ref->name_zh,
		     n->fn == FN_ENROLLED ? "" : n->fn == FN_ELIGIBLE ? "条件" : "金额");
		return buf;
	}
	return NULL;
}

/* An operand: "label value" for a named thing, the bare value for a
 * literal, "source = value" for anything else. */
static void operand(tctx *T, const pnode *n, size_t rh, size_t rm)
{
	char buf[320];
	const char *label = leaf_label(n, buf, sizeof(buf));

	if (n->kind == NK_LIT || n->kind == NK_ENUMC) {
		put_value(T, n, rh, rm);
	} else if (label) {
		mz_buf_printf(T->b, "%s ", label);
		put_value(T, n, rh, rm);
	} else {
		put_source(T, n);
		mz_buf_puts(T->b, " = ");
		put_value(T, n, rh, rm);
	}
}

static const char *cmp_text(int op)
{
	switch (op) {
	case OPN_LT:
		return " < ";
	case OPN_LE:
		return " ≤ ";
	case OPN_GT:
		return " > ";
	case OPN_GE:
		return " ≥ ";
	case OPN_EQ:
		return " = ";
	case OPN_NE:
		return " ≠ ";
	}
	return " ? ";
}

static int is_logic(const pnode *n)
{
	return n->kind == NK_BIN && (n->op == OPN_AND || n->op == OPN_OR);
}

static void render(tctx *T, const pnode *n, size_t rh, size_t rm)
{
	if (is_logic(n)) {
		for (int side = 0; side < 2; side++) {
			const pnode *c = side ? n->b : n->a;
			int wrap = is_logic(c) && c->op != n->op;

			if (side)
				mz_buf_puts(T->b, n->op == OPN_AND ? "，且 " : "，或 ");
			if (wrap)
				mz_buf_puts(T->b, "（");
			render(T, c, rh, rm);
			if (wrap)
				mz_buf_puts(T->b, "）");
		}
		return;
	}
	if (n->kind == NK_BIN && n->op >= OPN_LT && n->op <= OPN_NE) {
		operand(T, n->a, rh, rm);
		mz_buf_puts(T->b, cmp_text(n->op));
		operand(T, n->b, rh, rm);
		return;
	}
	if (n->kind == NK_UN && n->op == OPN_NOT) {
		mz_buf_puts(T->b, "并非（");
		render(T, n->a, rh, rm);
		mz_buf_puts(T->b, "）");
		return;
	}
	if (n->kind == NK_IN) {
		operand(T, n->a, rh, rm);
		mz_buf_puts(T->b, n->negated ? " 不属于 {" : " 属于 {");
		for (int i = 0; i < n->nlist; i++) {
			const pnode *it = n->list[i];

			if (i)
				mz_buf_puts(T->b, "、");
			if (n->a->type.base == T_ENUM) {
				int list = n->a->type.en;

				mz_buf_puts(T->b, plist_zh(list, plist_find(list, it->name)));
			} else {
				mz_buf_printf(T->b, "%lld", (long long)it->v);
			}
		}
		mz_buf_puts(T->b, "}");
		return;
	}
	/* A yes/no fact on its own: "label：是", or "source：是". */
	{
		char buf[320];
		const char *label = leaf_label(n, buf, sizeof(buf));

		if (label)
			mz_buf_printf(T->b, "%s：", label);
		else {
			put_source(T, n);
			mz_buf_puts(T->b, "：");
		}
		put_value(T, n, rh, rm);
	}
}

static json_t *value_json(const char *name, const char *label, ptype t, int64_t v)
{
	char out[64];
	json_t *o = json_object();

	if (name)
		json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "label", json_string(label));

	json_object_set_new(o, "type", json_string(ptype_name(t)));
	if (t.base == T_BOOL)
		json_object_set_new(o, "value", json_boolean(v));
	else if (t.base == T_ENUM)
		json_object_set_new(o, "value", json_string(plist_name(t.en, (int)v)));
	else
		json_object_set_new(o, "value", json_integer(v));
	pvalue_format(t, v, out, sizeof(out));
	json_object_set_new(o, "display", json_string(out));
	return o;
}

static const char *sym_name(const tctx *T, const psym *y, char *buf, size_t cap)
{
	if (y->prog == T->p)
		return y->name;
	pfmt(buf, cap, "%s.%s", y->prog->code, y->name);
	return buf;
}

static json_t *conditions_json(tctx *T, const ptrace *tr, size_t rh, size_t rm, json_t *reasons)
{
	const policy_program *p = T->p;
	json_t *arr = json_array();

	for (int k = 0; k < p->nconds; k++) {
		const pcond *c = &p->conds[k];
		json_t *o = json_object();
		int lv = p->cc.cond_lv[k];
		int passed = tr->cond[k][lv == LV_H ? rh : rm];
		mz_buf b;

		mz_buf_init(&b);
		T->b = &b;
		render(T, c->expr, rh, rm);
		json_object_set_new(o, "id", json_string(c->id));
		json_object_set_new(o, "label", json_string(c->label));
		json_object_set_new(o, "passed", json_boolean(passed));
		json_object_set_new(o, "text", json_string(b.data ? b.data : ""));
		json_array_append_new(arr, o);
		if (!passed && reasons)
			json_array_append_new(reasons, json_string(c->label));
		mz_buf_release(&b);
	}
	return arr;
}

static void let_value(tctx *T, json_t *arr, const psym *y, int want_member, size_t rm)
{
	const pcompiled *cc = &T->p->cc;
	int reg = cc->sym_reg[y->id];
	size_t row = want_member ? rm : 0;
	char nbuf[160];
	int64_t v;

	if (reg < 0 || y->kind != SYM_LET || (y->level == LV_M) != want_member)
		return;
	if (!reg_value(T, reg, 0, row, &v))
		return;
	json_array_append_new(arr, value_json(sym_name(T, y, nbuf, sizeof(nbuf)), y->label,
					      y->type, v));
}

/* Own named values in file order, then those read from other programs. */
static json_t *lets_json(tctx *T, int want_member, size_t rm)
{
	const pcompiled *cc = &T->p->cc;
	json_t *arr = json_array();

	for (int i = 0; i < T->p->nsyms; i++)
		let_value(T, arr, T->p->syms[i], want_member, rm);
	for (int i = 0; i < cc->nlets; i++)
		if (cc->lets[i]->prog != T->p)
			let_value(T, arr, cc->lets[i], want_member, rm);
	return arr;
}

static void param_value(tctx *T, json_t *arr, int k, json_t *missing)
{
	const pcompiled *cc = &T->p->cc;
	const prun_prog *pp = &T->R->pp[T->p->index];
	const psym *y = cc->pslot[k];
	int li = pp->pline[k]; /* division 0: the view has one */
	char nbuf[160], src[320], d[11], div[16];
	json_t *o;

	if (li < 0) {
		o = json_object();
		json_object_set_new(o, "name", json_string(sym_name(T, y, nbuf, sizeof(nbuf))));
		json_object_set_new(o, "label", json_string(y->label));
		json_object_set_new(o, "value", json_null());
		if (missing) {
			char msg[320];

			pfmt(msg, sizeof(msg), "参数“%s”在该日期没有适用于本区划的取值", y->label);
			json_array_append_new(missing, json_string(msg));
		}
	} else {
		const pline *l = &y->lines[li];

		o = value_json(sym_name(T, y, nbuf, sizeof(nbuf)), y->label, y->type, l->value);
		mz_day_format(l->from, d);
		json_object_set_new(o, "from", json_string(d));
		pdiv_format(l->div, l->divlen, div, sizeof(div));
		json_object_set_new(o, "division", l->divlen ? json_string(div) : json_null());
		pfmt(src, sizeof(src), "%s:%d", y->prog->path, l->line);
		json_object_set_new(o, "source", json_string(src));
	}
	json_array_append_new(arr, o);
}

/* Own parameters in file order, then other programs'. */
static json_t *params_json(tctx *T, json_t *missing)
{
	const pcompiled *cc = &T->p->cc;
	json_t *arr = json_array();

	for (int i = 0; i < T->p->nsyms; i++)
		for (int k = 0; k < cc->npslot; k++)
			if (cc->pslot[k] == T->p->syms[i])
				param_value(T, arr, k, missing);
	for (int k = 0; k < cc->npslot; k++)
		if (cc->pslot[k]->prog != T->p)
			param_value(T, arr, k, missing);
	return arr;
}

static json_t *outputs_json(const policy_program *p, const policy_result *res, size_t row)
{
	json_t *o = json_object();

	for (int i = 0; i < p->noutputs; i++) {
		json_object_set_new(o, p->outputs[i]->name,
				    value_json(NULL, p->outputs[i]->label, p->outputs[i]->type,
					       res->output[i][row]));
	}
	return o;
}

static json_t *failed_json(const policy_program *p, uint8_t f)
{
	if (f == POLICY_FAILED_NONE)
		return json_null();
	if (f == POLICY_FAILED_NOT_IN_FORCE)
		return json_string("not_in_force");
	return json_string(p->conds[f - 1].id);
}

static json_t *program_json(tctx *T, const ptrace *tr, const char *const *ids)
{
	const policy_program *p = T->p;
	const policy_result *res = &T->R->res[p->index];
	const pchunk *ck = T->ck;
	json_t *o = json_object(), *members = json_array(), *missing = json_array();
	char yuan[32], idbuf[16];
	int not_in_force = !T->R->pp[p->index].inforce[0];

	json_object_set_new(o, "code", json_string(p->code));
	json_object_set_new(o, "name", json_string(p->name_zh));
	json_object_set_new(o, "name_en", json_string(p->name_en));
	json_object_set_new(o, "unit", json_string(p->unit == POLICY_UNIT_PERSON ? "person" : "household"));
	json_object_set_new(o, "params", params_json(T, not_in_force ? missing : NULL));
	json_object_set_new(o, "values", lets_json(T, 0, 0));
	for (size_t m = 0; m < ck->np; m++) {
		json_t *mo = json_object();

		pfmt(idbuf, sizeof(idbuf), "%zu", m + 1);
		json_object_set_new(mo, "index", json_integer((json_int_t)m));
		json_object_set_new(mo, "id", json_string(ids && ids[m] ? ids[m] : idbuf));
		json_object_set_new(mo, "values", lets_json(T, 1, m));
		json_array_append_new(members, mo);
	}
	json_object_set_new(o, "members", members);

	if (p->unit == POLICY_UNIT_HOUSEHOLD) {
		json_t *reasons = json_array();

		json_object_set_new(o, "eligible", json_boolean(res->eligible[0]));
		json_object_set_new(o, "amount_fen", json_integer(res->amount[0]));
		mz_fen_format_yuan(res->amount[0], yuan);
		json_object_set_new(o, "amount", json_string(yuan));
		json_object_set_new(o, "failed", failed_json(p, res->failed[0]));
		json_object_set_new(o, "conditions", conditions_json(T, tr, 0, 0, reasons));
		if (not_in_force) {
			json_decref(reasons);
			reasons = json_incref(missing);
		}
		json_object_set_new(o, "reasons", reasons);
		json_object_set_new(o, "outputs", outputs_json(p, res, 0));
	} else {
		json_t *persons = json_array();
		int any = 0;
		int64_t total = 0;

		for (size_t m = 0; m < ck->np; m++) {
			json_t *po = json_object(), *reasons = json_array();

			pfmt(idbuf, sizeof(idbuf), "%zu", m + 1);
			json_object_set_new(po, "index", json_integer((json_int_t)m));
			json_object_set_new(po, "id", json_string(ids && ids[m] ? ids[m] : idbuf));
			json_object_set_new(po, "eligible", json_boolean(res->eligible[m]));
			json_object_set_new(po, "amount_fen", json_integer(res->amount[m]));
			mz_fen_format_yuan(res->amount[m], yuan);
			json_object_set_new(po, "amount", json_string(yuan));
			json_object_set_new(po, "failed", failed_json(p, res->failed[m]));
			json_object_set_new(po, "conditions", conditions_json(T, tr, 0, m, reasons));
			if (not_in_force) {
				json_decref(reasons);
				reasons = json_incref(missing);
			}
			json_object_set_new(po, "reasons", reasons);
			json_object_set_new(po, "outputs", outputs_json(p, res, m));
			json_array_append_new(persons, po);
			any |= res->eligible[m];
			total += res->amount[m];
		}
		json_object_set_new(o, "eligible", json_boolean(any));
		json_object_set_new(o, "amount_fen", json_integer(total));
		mz_fen_format_yuan(total, yuan);
		json_object_set_new(o, "amount", json_string(yuan));
		json_object_set_new(o, "persons", persons);
	}
	json_decref(missing);
	return o;
}

json_t *policy_eval_household(const policy_set *s, const policy_columns *c, size_t h,
			      mz_day date, const char *const *member_ids, mz_err *e)
{
	policy_columns v;
	uint32_t scratch[3];
	prun R;
	pchunk ck;
	ptrace tr;
	json_t *root, *progs, **byidx;
	size_t rows;
	char d[11], div[16];

	if (h >= c->n_households) {
		mz_fail(e, MZ_EINVAL, "household", "no such household", "没有该户");
		return NULL;
	}
	policy_columns_view(c, h, scratch, &v);
	if (prun_init(&R, s, &v, date, 0, e))
		return NULL;
	pchunk_init(&ck, &R, 1, v.n_persons, 1);
	pchunk_set(&ck, &R, 0, 1);
	prun_prelude(&R, &ck, 1);
	rows = v.n_persons > 1 ? v.n_persons : 1;
	byidx = mz_xcalloc(s->n + 1, sizeof(*byidx));
	for (size_t i = 0; i < s->n; i++) {
		const policy_program *p = s->order[i];
		tctx T = { &R, p, &ck, NULL };

		tr.cond = mz_xcalloc((size_t)(p->nconds ? p->nconds : 1), sizeof(*tr.cond));
		for (int k = 0; k < p->nconds; k++)
			tr.cond[k] = mz_xcalloc(rows, 1);
		prun_program(&R, p, &ck, &tr);
		byidx[p->index] = program_json(&T, &tr, member_ids);
		for (int k = 0; k < p->nconds; k++)
			free(tr.cond[k]);
		free(tr.cond);
	}
	root = json_object();
	mz_day_format(date, d);
	json_object_set_new(root, "date", json_string(d));
	pfmt(div, sizeof(div), "%lld", (long long)v.divisions[0]);
	json_object_set_new(root, "division", json_string(div));
	progs = json_array();
	for (size_t i = 0; i < s->n; i++)
		json_array_append_new(progs, byidx[i]);
	json_object_set_new(root, "programs", progs);
	free(byidx);
	pchunk_release(&ck);
	prun_release(&R);
	return root;
}
