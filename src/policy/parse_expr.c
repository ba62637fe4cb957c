/* parse_expr.c - tokens and expressions for the parser (parser.c has the
 * statements and the grammar in full). Precedence, loosest first: if,
 * or, and, not, comparisons and `in`, + -, *, unary minus. Every
 * recursion is bounded (PMAX_DEPTH) so that no file can exhaust the stack
 * of this or any later pass. */
#include <stdio.h>
#include <string.h>

#include "policy/parse.h"

ptoken *pp_peek(parser *P)
{
	return &P->t[P->i];
}

ptoken *pp_peek2(parser *P)
{
	return &P->t[P->i + 1 < P->n ? P->i + 1 : P->i];
}

ptoken *pp_next(parser *P)
{
	ptoken *t = &P->t[P->i];

	if (t->kind != TK_EOF)
		P->i++;
	return t;
}

int pp_accept(parser *P, int kind)
{
	if (pp_peek(P)->kind == kind) {
		pp_next(P);
		return 1;
	}
	return 0;
}

/* How a token reads in a message: the text itself, shortened. */
static void tok_text(parser *P, const ptoken *t, char *out, size_t cap)
{
	const char *src = P->p->text + t->off;
	size_t n = t->len;

	if (t->kind == TK_EOF) {
		pfmt(out, cap, "the end of the file");
		return;
	}
	if (n > 40)
		n = 40;
	pfmt(out, cap, "'%.*s'", (int)n, src);
}

int pp_err_at(parser *P, const ptoken *t, const char *en, const char *zh)
{
	P->failed = 1;
	return perr_text(P->c, P->file, t->line, t->col, en, zh);
}

int pp_err_expected(parser *P, const char *what_en, const char *what_zh)
{
	char found[64], en[320], zh[320];

	tok_text(P, pp_peek(P), found, sizeof(found));
	pfmt(en, sizeof(en), "expected %s, found %s", what_en, found);
	pfmt(zh, sizeof(zh), "此处应为%s，实际为 %s", what_zh, found);
	return pp_err_at(P, pp_peek(P), en, zh);
}

int pp_expect(parser *P, int kind, const char *what_en, const char *what_zh)
{
	if (pp_accept(P, kind))
		return 0;
	return pp_err_expected(P, what_en, what_zh);
}

pnode *pnode_new(policy_set *s, policy_program *file, int kind, const ptoken *t)
{
	pnode *n = parena_alloc(&s->arena, sizeof(*n));

	n->kind = (uint8_t)kind;
	n->id = s->nnodes++;
	n->file = file;
	if (t) {
		n->line = t->line;
		n->col = t->col;
		n->off = t->off;
		n->len = t->len;
	}
	return n;
}

/* Extends n's source span to the last token consumed. */
static pnode *span_to_here(parser *P, pnode *n, int start_tok)
{
	const ptoken *a = &P->t[start_tok], *b = &P->t[P->i > 0 ? P->i - 1 : 0];

	if (!n)
		return NULL;
	n->off = a->off;
	n->len = b->off + b->len > a->off ? b->off + b->len - a->off : a->len;
	n->line = a->line;
	n->col = a->col;
	return n;
}

/* Records n's depth; a deeper tree than PMAX_DEPTH is refused, since the
 * checker, compiler and trace all walk it recursively. */
static pnode *deep(parser *P, pnode *n)
{
	int d = 0;
	pnode *kids[3];

	if (!n)
		return NULL;
	kids[0] = n->a;
	kids[1] = n->b;
	kids[2] = n->c;
	for (int i = 0; i < 3; i++)
		if (kids[i] && kids[i]->depth > d)
			d = kids[i]->depth;
	n->depth = (uint16_t)(d + 1);
	if (d + 1 > PMAX_DEPTH) {
		P->failed = 1;
		perr_text(P->c, P->file, n->line, n->col,
			  "the expression is nested too deeply: split it with named values (let)",
			  "表达式嵌套过深：请用命名取值（let）拆分");
		return NULL;
	}
	return n;
}

/* ---- literals ------------------------------------------------------------ */

/* Parses an unsigned decimal "123" or "123.45" into v * 10^places; -1 when
 * it has more decimals than places or overflows 10^15. */
int pp_parse_fixed(const char *s, size_t len, int places, int64_t *out)
{
	int64_t v = 0;
	int dec = -1;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			dec = 0;
			continue;
		}
		if (dec >= 0 && ++dec > places)
			return -1;
		if (v > 100000000000000LL)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (dec < 0)
		dec = 0;
	for (; dec < places; dec++)
		v *= 10;
	*out = v;
	return 0;
}

static pnode *number_literal(parser *P)
{
	ptoken *t = pp_next(P);
	pnode *n = pnode_new(P->s, P->p, NK_LIT, t);
	const char *src = P->p->text + t->off;
	int start = P->i - 1;

	if (pp_accept(P, TK_YUAN)) {
		n->type.base = T_MONEY;
		if (pp_parse_fixed(src, t->len, 2, &n->v))
			return pp_err_at(P, t, "money has at most two decimals (fen)",
				      "金额最多保留两位小数（分）"), NULL;
	} else if (t->kind == TK_DEC) {
		n->type.base = T_INT;
		n->type.scale = 1;
		if (pp_parse_fixed(src, t->len, 4, &n->v))
			return pp_err_at(P, t,
				      "a rate has at most four decimals; for money add 'yuan' (1120.00 yuan)",
				      "比率最多四位小数；金额请加单位 yuan（如 1120.00 yuan）"),
			       NULL;
	} else {
		n->type.base = T_INT;
		if (pp_parse_fixed(src, t->len, 0, &n->v))
			return pp_err_at(P, t, "number too large", "数字过大"), NULL;
	}
	return span_to_here(P, n, start);
}

/* ---- expressions ----------------------------------------------------------- */

static pnode *expr(parser *P);
static pnode *expr_inner(parser *P, int start);

pnode *pp_expr(parser *P)
{
	return expr(P);
}

static int is_agg_name(const char *s, int *fn)
{
	static const struct {
		const char *name;
		int fn;
	} aggs[] = { { "sum", FN_SUM },	    { "count", FN_COUNT }, { "any", FN_ANY },
		     { "all", FN_ALL },	    { "min", FN_AGG_MIN }, { "max", FN_AGG_MAX } };

	for (size_t i = 0; i < sizeof(aggs) / sizeof(aggs[0]); i++)
		if (!strcmp(s, aggs[i].name)) {
			*fn = aggs[i].fn;
			return 1;
		}
	return 0;
}

static const struct {
	const char *name;
	int fn, nargs;
} functions[] = {
	{ "round", FN_ROUND, 1 },	  { "floor", FN_FLOOR, 1 },
	{ "ceil", FN_CEIL, 1 },		  { "div_round", FN_DIV_ROUND, 2 },
	{ "div_floor", FN_DIV_FLOOR, 2 }, { "div_ceil", FN_DIV_CEIL, 2 },
	{ "min", FN_MIN, 2 },		  { "max", FN_MAX, 2 },
	{ "age_on", FN_AGE_ON, 1 },	  { "income", FN_INCOME, 1 },
	{ "expense", FN_EXPENSE, 1 },	  { "asset", FN_ASSET, 1 },
	{ "enrolled", FN_ENROLLED, 1 },	  { "eligible", FN_ELIGIBLE, 1 },
};

int pfunction_name(const char *s)
{
	int fn;

	if (is_agg_name(s, &fn))
		return 1;
	for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++)
		if (!strcmp(s, functions[i].name))
			return 1;
	return !strcmp(s, "amount");
}

static pnode *aggregation(parser *P, ptoken *name, int fn, int start)
{
	pnode *n = pnode_new(P->s, P->p, NK_AGG, name);

	n->fn = (uint8_t)fn;
	n->others = pp_next(P)->kind == TK_OTHERS;
	if (pp_accept(P, TK_WHERE)) {
		n->a = expr(P);
		if (!n->a)
			return NULL;
	}
	if (pp_accept(P, TK_COMMA)) {
		n->b = expr(P);
		if (!n->b)
			return NULL;
	}
	if (pp_expect(P, TK_RPAREN, "')' to close the aggregation", "聚合末尾的 ')'"))
		return NULL;
	if (!deep(P, n))
		return NULL;
	if (!n->b && (fn == FN_SUM || fn == FN_AGG_MIN || fn == FN_AGG_MAX ||
		      (fn == FN_ALL && !n->a))) {
		char en[200], zh[200];

		pfmt(en, sizeof(en),
			 "%s needs a value after the members, e.g. %s(members, income(wage))",
			 name->s, name->s);
		pfmt(zh, sizeof(zh), "%s 需要在成员之后给出取值，例如 %s(members, income(wage))",
			 name->s, name->s);
		return pp_err_at(P, name, en, zh), NULL;
	}
	return span_to_here(P, n, start);
}

/* A kind or program name as the single argument of income()/enrolled()... */
static pnode *name_call(parser *P, ptoken *name, int fn, int start)
{
	pnode *n;
	ptoken *arg = pp_peek(P);

	if (arg->kind != TK_IDENT) {
		pp_err_expected(P, fn >= FN_ENROLLED ? "a program code" : "a kind name",
			     fn >= FN_ENROLLED ? "项目代码" : "类别名称");
		return NULL;
	}
	pp_next(P);
	if (pp_expect(P, TK_RPAREN, "')'", "')'"))
		return NULL;
	n = pnode_new(P->s, P->p, fn >= FN_ENROLLED ? NK_PROG : NK_CALL, name);
	n->fn = (uint8_t)fn;
	n->name = arg->s;
	n->arg = -1;
	n->c = pnode_new(P->s, P->p, NK_IDENT, arg); /* where the argument is */
	n->c->name = arg->s;
	return span_to_here(P, n, start);
}

static pnode *call(parser *P, ptoken *name, int start)
{
	int fn = 0, nargs = 0;
	pnode *n, *args[2] = { NULL, NULL };
	int k = 0;

	pp_next(P); /* '(' */
	if (is_agg_name(name->s, &fn) &&
	    (pp_peek(P)->kind == TK_MEMBERS || pp_peek(P)->kind == TK_OTHERS))
		return aggregation(P, name, fn, start);
	fn = 0;
	for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++)
		if (!strcmp(name->s, functions[i].name)) {
			fn = functions[i].fn;
			nargs = functions[i].nargs;
		}
	if (!fn) {
		char en[200], zh[200];

		if (is_agg_name(name->s, &fn)) {
			pfmt(en, sizeof(en),
				 "%s adds up household members: write %s(members, ...) or %s(others, ...)",
				 name->s, name->s, name->s);
			pfmt(zh, sizeof(zh),
				 "%s 是对家庭成员的汇总：请写 %s(members, ...) 或 %s(others, ...)",
				 name->s, name->s, name->s);
		} else {
			pfmt(en, sizeof(en), "unknown function '%s'", name->s);
			pfmt(zh, sizeof(zh), "未知的函数 '%s'", name->s);
		}
		return pp_err_at(P, name, en, zh), NULL;
	}
	if (fn == FN_INCOME || fn == FN_EXPENSE || fn == FN_ASSET || fn == FN_ENROLLED ||
	    fn == FN_ELIGIBLE)
		return name_call(P, name, fn, start);
	if (pp_peek(P)->kind != TK_RPAREN) {
		do {
			pnode *a = expr(P);

			if (!a)
				return NULL;
			if (k < 2)
				args[k] = a;
			k++;
		} while (pp_accept(P, TK_COMMA));
	}
	if (pp_expect(P, TK_RPAREN, "')' or ','", "')' 或 ','"))
		return NULL;
	if (k != nargs) {
		char en[200], zh[200];

		pfmt(en, sizeof(en), "%s takes %d argument%s, not %d", name->s, nargs,
			 nargs == 1 ? "" : "s", k);
		pfmt(zh, sizeof(zh), "%s 需要 %d 个参数，而不是 %d 个", name->s, nargs, k);
		return pp_err_at(P, name, en, zh), NULL;
	}
	n = pnode_new(P->s, P->p, NK_CALL, name);
	n->fn = (uint8_t)fn;
	n->a = args[0];
	n->b = args[1];
	return deep(P, span_to_here(P, n, start));
}

static pnode *primary(parser *P)
{
	ptoken *t = pp_peek(P);
	int start = P->i;
	pnode *n;

	switch (t->kind) {
	case TK_INT:
	case TK_DEC:
		return number_literal(P);
	case TK_DATE:
		pp_next(P);
		n = pnode_new(P->s, P->p, NK_DATE, t);
		{
			char d[11];

			pfmt(d, sizeof(d), "%.*s", (int)t->len, P->p->text + t->off);
			n->v = mz_day_parse(d);
			n->type.base = T_DATE;
			if (n->v == MZ_DAY_INVALID)
				return pp_err_at(P, t, "not a real date", "不是有效的日期"), NULL;
		}
		return n;
	case TK_TRUE:
	case TK_FALSE:
		pp_next(P);
		n = pnode_new(P->s, P->p, NK_LIT, t);
		n->type.base = T_BOOL;
		n->v = t->kind == TK_TRUE;
		return n;
	case TK_LPAREN:
		pp_next(P);
		n = expr(P);
		if (!n || pp_expect(P, TK_RPAREN, "')'", "')'"))
			return NULL;
		return n;
	case TK_AMOUNT:
		pp_next(P);
		if (pp_peek(P)->kind != TK_LPAREN)
			return pp_err_expected(P, "'(' after amount in an expression",
					    "表达式中 amount 之后的 '('"),
			       NULL;
		pp_next(P);
		return name_call(P, t, FN_AMOUNT, start);
	case TK_IDENT:
		pp_next(P);
		if (pp_peek(P)->kind == TK_LPAREN)
			return call(P, t, start);
		n = pnode_new(P->s, P->p, NK_IDENT, t);
		n->name = t->s;
		if (pp_accept(P, TK_DOT)) {
			ptoken *m = pp_peek(P);

			if (m->kind != TK_IDENT)
				return pp_err_expected(P, "a name after '.'", "'.' 之后的名称"), NULL;
			pp_next(P);
			n->qual = t->s;
			n->name = m->s;
		}
		return span_to_here(P, n, start);
	case TK_MEMBERS:
	case TK_OTHERS:
		return pp_err_at(P, t,
			      "members can only be used inside sum, count, any, all, min or max",
			      "members/others 只能用在 sum、count、any、all、min、max 之中"),
		       NULL;
	}
	pp_err_expected(P, "a value (a number, a name or '(')", "一个值（数字、名称或 '('）");
	return NULL;
}

static pnode *unary(parser *P)
{
	int start = P->i;

	if (pp_peek(P)->kind == TK_MINUS) {
		ptoken *t = pp_next(P);
		pnode *n = pnode_new(P->s, P->p, NK_UN, t), *a;

		if (P->nest + 1 > PMAX_DEPTH)
			return pp_err_at(P, t, "the expression is nested too deeply",
				      "表达式嵌套过深"), NULL;
		P->nest++;
		a = unary(P);
		P->nest--;

		if (!a)
			return NULL;
		n->op = OPN_NEG;
		n->a = a;
		return deep(P, span_to_here(P, n, start));
	}
	return primary(P);
}

static pnode *binary(parser *P, int op, pnode *a, pnode *b, int start)
{
	pnode *n;

	if (!a || !b)
		return NULL;
	n = pnode_new(P->s, P->p, NK_BIN, &P->t[start]);
	n->op = (uint8_t)op;
	n->a = a;
	n->b = b;
	return deep(P, span_to_here(P, n, start));
}

static pnode *product(parser *P)
{
	int start = P->i;
	pnode *n = unary(P);

	while (n) {
		if (pp_peek(P)->kind == TK_SLASH)
			return pp_err_at(P, pp_peek(P),
				      "'/' is not allowed: money is divided with an explicit rounding, "
				      "write div_round(a, b), div_floor(a, b) or div_ceil(a, b)",
				      "不能使用 '/'：金额除法必须指明取整方式，请写 div_round(a, b)、"
				      "div_floor(a, b) 或 div_ceil(a, b)"),
			       NULL;
		if (!pp_accept(P, TK_STAR))
			break;
		n = binary(P, OPN_MUL, n, unary(P), start);
	}
	return n;
}

static pnode *sum(parser *P)
{
	int start = P->i;
	pnode *n = product(P);

	while (n) {
		int op = pp_peek(P)->kind == TK_PLUS ? OPN_ADD : pp_peek(P)->kind == TK_MINUS ? OPN_SUB : 0;

		if (!op)
			break;
		pp_next(P);
		n = binary(P, op, n, product(P), start);
	}
	return n;
}

static int cmp_op(int kind)
{
	switch (kind) {
	case TK_LT:
		return OPN_LT;
	case TK_LE:
		return OPN_LE;
	case TK_GT:
		return OPN_GT;
	case TK_GE:
		return OPN_GE;
	case TK_EQ:
		return OPN_EQ;
	case TK_NE:
		return OPN_NE;
	}
	return 0;
}

static pnode *in_list(parser *P, pnode *lhs, int negated, int start)
{
	pnode *n = pnode_new(P->s, P->p, NK_IN, pp_peek(P));
	pnode *items[64];
	int k = 0;

	pp_next(P); /* in */
	if (pp_expect(P, TK_LPAREN, "'(' with the list of values", "列表开头的 '('"))
		return NULL;
	do {
		ptoken *t = pp_peek(P);
		pnode *it;

		if (t->kind == TK_IDENT) {
			pp_next(P);
			it = pnode_new(P->s, P->p, NK_IDENT, t);
			it->name = t->s;
		} else if (t->kind == TK_INT) {
			it = number_literal(P);
			if (!it)
				return NULL;
		} else {
			return pp_err_expected(P, "a value of the list", "列表中的一个值"), NULL;
		}
		if (k == 64)
			return pp_err_at(P, t, "too many values in the list", "列表中的值过多"), NULL;
		items[k++] = it;
	} while (pp_accept(P, TK_COMMA));
	if (pp_expect(P, TK_RPAREN, "')' or ','", "')' 或 ','"))
		return NULL;
	n->a = lhs;
	n->negated = (uint8_t)negated;
	if (!deep(P, n))
		return NULL;
	n->list = parena_alloc(&P->s->arena, (size_t)k * sizeof(*n->list));
	memcpy(n->list, items, (size_t)k * sizeof(*items));
	n->nlist = k;
	return span_to_here(P, n, start);
}

static pnode *comparison(parser *P)
{
	int start = P->i, op;
	pnode *n = sum(P);

	if (!n)
		return NULL;
	if (pp_peek(P)->kind == TK_IN)
		return in_list(P, n, 0, start);
	if (pp_peek(P)->kind == TK_NOT && pp_peek2(P)->kind == TK_IN) {
		pp_next(P);
		return in_list(P, n, 1, start);
	}
	op = cmp_op(pp_peek(P)->kind);
	if (!op)
		return n;
	pp_next(P);
	n = binary(P, op, n, sum(P), start);
	if (n && cmp_op(pp_peek(P)->kind))
		return pp_err_at(P, pp_peek(P),
			      "comparisons cannot be chained: write a < b and b < c",
			      "比较不能连写：请写成 a < b and b < c"),
		       NULL;
	return n;
}

static pnode *negation(parser *P)
{
	int start = P->i;

	if (pp_peek(P)->kind == TK_NOT) {
		ptoken *t = pp_next(P);
		pnode *n = pnode_new(P->s, P->p, NK_UN, t), *a;

		if (P->nest + 1 > PMAX_DEPTH)
			return pp_err_at(P, t, "the expression is nested too deeply",
				      "表达式嵌套过深"), NULL;
		P->nest++;
		a = negation(P);
		P->nest--;

		if (!a)
			return NULL;
		n->op = OPN_NOT;
		n->a = a;
		return deep(P, span_to_here(P, n, start));
	}
	return comparison(P);
}

static pnode *conjunction(parser *P)
{
	int start = P->i;
	pnode *n = negation(P);

	while (n && pp_accept(P, TK_AND))
		n = binary(P, OPN_AND, n, negation(P), start);
	return n;
}

static pnode *disjunction(parser *P)
{
	int start = P->i;
	pnode *n = conjunction(P);

	while (n && pp_accept(P, TK_OR))
		n = binary(P, OPN_OR, n, conjunction(P), start);
	return n;
}

static pnode *expr(parser *P)
{
	int start = P->i;
	pnode *n;

	/* Parentheses and nested calls recurse here before any node exists. */
	if (++P->nest > PMAX_DEPTH) {
		P->nest--;
		pp_err_at(P, pp_peek(P), "the expression is nested too deeply: split it with named values (let)",
		       "表达式嵌套过深：请用命名取值（let）拆分");
		return NULL;
	}
	n = expr_inner(P, start);
	P->nest--;
	return n;
}

static pnode *expr_inner(parser *P, int start)
{

	if (pp_peek(P)->kind == TK_IF) {
		ptoken *t = pp_next(P);
		pnode *n = pnode_new(P->s, P->p, NK_IF, t);

		if (!(n->a = expr(P)) ||
		    pp_expect(P, TK_THEN, "'then' after the condition of if", "if 条件之后的 then") ||
		    !(n->b = expr(P)) ||
		    pp_expect(P, TK_ELSE, "'else': every if needs an else", "else（每个 if 都需要 else）") ||
		    !(n->c = expr(P)))
			return NULL;
		return deep(P, span_to_here(P, n, start));
	}
	return disjunction(P);
}
