/* parser.c - tokens to one policy_program per file.
 *
 * Grammar (docs/policy.md has the reader's version):
 *   file    := stmt*
 *   stmt    := 'program' NAME LABEL LABEL | 'unit' ('household'|'person')
 *            | 'basis' LABEL
 *            | 'param' NAME LABEL TYPE ('from' DATE ['in' CODE] ':' VALUE)+
 *            | 'let' NAME LABEL '=' expr | 'require' NAME LABEL ':' expr
 *            | 'amount' [LABEL] '=' expr | 'output' NAME (',' NAME)*
 *   expr    := 'if' expr 'then' expr 'else' expr | or
 *   or      := and ('or' and)*        and := not ('and' not)*
 *   not     := 'not' not | cmp         cmp := sum [cmpop sum | ['not'] 'in' '(' items ')']
 *   sum     := prod (('+'|'-') prod)*  prod := unary ('*' unary)*
 *   unary   := '-' unary | primary
 *   primary := NUMBER ['yuan'|'元'] | DATE | 'true' | 'false' | '(' expr ')'
 *            | NAME ['.' NAME] | NAME '(' args ')' | AGG '(' set [',' expr] ')'
 *   set     := ('members'|'others') ['where' expr]
 * Newlines do not matter: every statement starts with its keyword, which
 * is also where the parser resumes after an error, so one run reports
 * every broken statement of a file. */
#include <stdio.h>
#include <string.h>

#include "policy/policy_int.h"

typedef struct parser {
	pctx *c;
	policy_set *s;
	policy_program *p;
	const char *file;
	ptoken *t;
	int n, i;
	int failed; /* the current statement had an error */
	int nest;   /* expr() recursion */
} parser;

static ptoken *peek(parser *P)
{
	return &P->t[P->i];
}

static ptoken *peek2(parser *P)
{
	return &P->t[P->i + 1 < P->n ? P->i + 1 : P->i];
}

static ptoken *next(parser *P)
{
	ptoken *t = &P->t[P->i];

	if (t->kind != TK_EOF)
		P->i++;
	return t;
}

static int accept(parser *P, int kind)
{
	if (peek(P)->kind == kind) {
		next(P);
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

static int err_at(parser *P, const ptoken *t, const char *en, const char *zh)
{
	P->failed = 1;
	return perr_text(P->c, P->file, t->line, t->col, en, zh);
}

static int err_expected(parser *P, const char *what_en, const char *what_zh)
{
	char found[64], en[320], zh[320];

	tok_text(P, peek(P), found, sizeof(found));
	pfmt(en, sizeof(en), "expected %s, found %s", what_en, found);
	pfmt(zh, sizeof(zh), "此处应为%s，实际为 %s", what_zh, found);
	return err_at(P, peek(P), en, zh);
}

static int expect(parser *P, int kind, const char *what_en, const char *what_zh)
{
	if (accept(P, kind))
		return 0;
	return err_expected(P, what_en, what_zh);
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
static int parse_fixed(const char *s, size_t len, int places, int64_t *out)
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
	ptoken *t = next(P);
	pnode *n = pnode_new(P->s, P->p, NK_LIT, t);
	const char *src = P->p->text + t->off;
	int start = P->i - 1;

	if (accept(P, TK_YUAN)) {
		n->type.base = T_MONEY;
		if (parse_fixed(src, t->len, 2, &n->v))
			return err_at(P, t, "money has at most two decimals (fen)",
				      "金额最多保留两位小数（分）"), NULL;
	} else if (t->kind == TK_DEC) {
		n->type.base = T_INT;
		n->type.scale = 1;
		if (parse_fixed(src, t->len, 4, &n->v))
			return err_at(P, t,
				      "a rate has at most four decimals; for money add 'yuan' (1120.00 yuan)",
				      "比率最多四位小数；金额请加单位 yuan（如 1120.00 yuan）"),
			       NULL;
	} else {
		n->type.base = T_INT;
		if (parse_fixed(src, t->len, 0, &n->v))
			return err_at(P, t, "number too large", "数字过大"), NULL;
	}
	return span_to_here(P, n, start);
}

/* ---- expressions ----------------------------------------------------------- */

static pnode *expr(parser *P);
static pnode *expr_inner(parser *P, int start);

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
	n->others = next(P)->kind == TK_OTHERS;
	if (accept(P, TK_WHERE)) {
		n->a = expr(P);
		if (!n->a)
			return NULL;
	}
	if (accept(P, TK_COMMA)) {
		n->b = expr(P);
		if (!n->b)
			return NULL;
	}
	if (expect(P, TK_RPAREN, "')' to close the aggregation", "聚合末尾的 ')'"))
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
		return err_at(P, name, en, zh), NULL;
	}
	return span_to_here(P, n, start);
}

/* A kind or program name as the single argument of income()/enrolled()... */
static pnode *name_call(parser *P, ptoken *name, int fn, int start)
{
	pnode *n;
	ptoken *arg = peek(P);

	if (arg->kind != TK_IDENT) {
		err_expected(P, fn >= FN_ENROLLED ? "a program code" : "a kind name",
			     fn >= FN_ENROLLED ? "项目代码" : "类别名称");
		return NULL;
	}
	next(P);
	if (expect(P, TK_RPAREN, "')'", "')'"))
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

	next(P); /* '(' */
	if (is_agg_name(name->s, &fn) &&
	    (peek(P)->kind == TK_MEMBERS || peek(P)->kind == TK_OTHERS))
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
		return err_at(P, name, en, zh), NULL;
	}
	if (fn == FN_INCOME || fn == FN_EXPENSE || fn == FN_ASSET || fn == FN_ENROLLED ||
	    fn == FN_ELIGIBLE)
		return name_call(P, name, fn, start);
	if (peek(P)->kind != TK_RPAREN) {
		do {
			pnode *a = expr(P);

			if (!a)
				return NULL;
			if (k < 2)
				args[k] = a;
			k++;
		} while (accept(P, TK_COMMA));
	}
	if (expect(P, TK_RPAREN, "')' or ','", "')' 或 ','"))
		return NULL;
	if (k != nargs) {
		char en[200], zh[200];

		pfmt(en, sizeof(en), "%s takes %d argument%s, not %d", name->s, nargs,
			 nargs == 1 ? "" : "s", k);
		pfmt(zh, sizeof(zh), "%s 需要 %d 个参数，而不是 %d 个", name->s, nargs, k);
		return err_at(P, name, en, zh), NULL;
	}
	n = pnode_new(P->s, P->p, NK_CALL, name);
	n->fn = (uint8_t)fn;
	n->a = args[0];
	n->b = args[1];
	return deep(P, span_to_here(P, n, start));
}

static pnode *primary(parser *P)
{
	ptoken *t = peek(P);
	int start = P->i;
	pnode *n;

	switch (t->kind) {
	case TK_INT:
	case TK_DEC:
		return number_literal(P);
	case TK_DATE:
		next(P);
		n = pnode_new(P->s, P->p, NK_DATE, t);
		{
			char d[11];

			pfmt(d, sizeof(d), "%.*s", (int)t->len, P->p->text + t->off);
			n->v = mz_day_parse(d);
			n->type.base = T_DATE;
			if (n->v == MZ_DAY_INVALID)
				return err_at(P, t, "not a real date", "不是有效的日期"), NULL;
		}
		return n;
	case TK_TRUE:
	case TK_FALSE:
		next(P);
		n = pnode_new(P->s, P->p, NK_LIT, t);
		n->type.base = T_BOOL;
		n->v = t->kind == TK_TRUE;
		return n;
	case TK_LPAREN:
		next(P);
		n = expr(P);
		if (!n || expect(P, TK_RPAREN, "')'", "')'"))
			return NULL;
		return n;
	case TK_AMOUNT:
		next(P);
		if (peek(P)->kind != TK_LPAREN)
			return err_expected(P, "'(' after amount in an expression",
					    "表达式中 amount 之后的 '('"),
			       NULL;
		next(P);
		return name_call(P, t, FN_AMOUNT, start);
	case TK_IDENT:
		next(P);
		if (peek(P)->kind == TK_LPAREN)
			return call(P, t, start);
		n = pnode_new(P->s, P->p, NK_IDENT, t);
		n->name = t->s;
		if (accept(P, TK_DOT)) {
			ptoken *m = peek(P);

			if (m->kind != TK_IDENT)
				return err_expected(P, "a name after '.'", "'.' 之后的名称"), NULL;
			next(P);
			n->qual = t->s;
			n->name = m->s;
		}
		return span_to_here(P, n, start);
	case TK_MEMBERS:
	case TK_OTHERS:
		return err_at(P, t,
			      "members can only be used inside sum, count, any, all, min or max",
			      "members/others 只能用在 sum、count、any、all、min、max 之中"),
		       NULL;
	}
	err_expected(P, "a value (a number, a name or '(')", "一个值（数字、名称或 '('）");
	return NULL;
}

static pnode *unary(parser *P)
{
	int start = P->i;

	if (peek(P)->kind == TK_MINUS) {
		ptoken *t = next(P);
		pnode *n = pnode_new(P->s, P->p, NK_UN, t), *a;

		if (P->nest + 1 > PMAX_DEPTH)
			return err_at(P, t, "the expression is nested too deeply",
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
		if (peek(P)->kind == TK_SLASH)
			return err_at(P, peek(P),
				      "'/' is not allowed: money is divided with an explicit rounding, "
				      "write div_round(a, b), div_floor(a, b) or div_ceil(a, b)",
				      "不能使用 '/'：金额除法必须指明取整方式，请写 div_round(a, b)、"
				      "div_floor(a, b) 或 div_ceil(a, b)"),
			       NULL;
		if (!accept(P, TK_STAR))
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
		int op = peek(P)->kind == TK_PLUS ? OPN_ADD : peek(P)->kind == TK_MINUS ? OPN_SUB : 0;

		if (!op)
			break;
		next(P);
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
	pnode *n = pnode_new(P->s, P->p, NK_IN, peek(P));
	pnode *items[64];
	int k = 0;

	next(P); /* in */
	if (expect(P, TK_LPAREN, "'(' with the list of values", "列表开头的 '('"))
		return NULL;
	do {
		ptoken *t = peek(P);
		pnode *it;

		if (t->kind == TK_IDENT) {
			next(P);
			it = pnode_new(P->s, P->p, NK_IDENT, t);
			it->name = t->s;
		} else if (t->kind == TK_INT) {
			it = number_literal(P);
			if (!it)
				return NULL;
		} else {
			return err_expected(P, "a value of the list", "列表中的一个值"), NULL;
		}
		if (k == 64)
			return err_at(P, t, "too many values in the list", "列表中的值过多"), NULL;
		items[k++] = it;
	} while (accept(P, TK_COMMA));
	if (expect(P, TK_RPAREN, "')' or ','", "')' 或 ','"))
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
	if (peek(P)->kind == TK_IN)
		return in_list(P, n, 0, start);
	if (peek(P)->kind == TK_NOT && peek2(P)->kind == TK_IN) {
		next(P);
		return in_list(P, n, 1, start);
	}
	op = cmp_op(peek(P)->kind);
	if (!op)
		return n;
	next(P);
	n = binary(P, op, n, sum(P), start);
	if (n && cmp_op(peek(P)->kind))
		return err_at(P, peek(P),
			      "comparisons cannot be chained: write a < b and b < c",
			      "比较不能连写：请写成 a < b and b < c"),
		       NULL;
	return n;
}

static pnode *negation(parser *P)
{
	int start = P->i;

	if (peek(P)->kind == TK_NOT) {
		ptoken *t = next(P);
		pnode *n = pnode_new(P->s, P->p, NK_UN, t), *a;

		if (P->nest + 1 > PMAX_DEPTH)
			return err_at(P, t, "the expression is nested too deeply",
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

	while (n && accept(P, TK_AND))
		n = binary(P, OPN_AND, n, negation(P), start);
	return n;
}

static pnode *disjunction(parser *P)
{
	int start = P->i;
	pnode *n = conjunction(P);

	while (n && accept(P, TK_OR))
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
		err_at(P, peek(P), "the expression is nested too deeply: split it with named values (let)",
		       "表达式嵌套过深：请用命名取值（let）拆分");
		return NULL;
	}
	n = expr_inner(P, start);
	P->nest--;
	return n;
}

static pnode *expr_inner(parser *P, int start)
{

	if (peek(P)->kind == TK_IF) {
		ptoken *t = next(P);
		pnode *n = pnode_new(P->s, P->p, NK_IF, t);

		if (!(n->a = expr(P)) ||
		    expect(P, TK_THEN, "'then' after the condition of if", "if 条件之后的 then") ||
		    !(n->b = expr(P)) ||
		    expect(P, TK_ELSE, "'else': every if needs an else", "else（每个 if 都需要 else）") ||
		    !(n->c = expr(P)))
			return NULL;
		return deep(P, span_to_here(P, n, start));
	}
	return disjunction(P);
}

/* ---- statements ------------------------------------------------------------ */

static int is_stmt_start(const ptoken *t)
{
	if (t->kind == TK_EOF)
		return 1;
	if (!t->first_on_line)
		return 0;
	switch (t->kind) {
	case TK_PROGRAM:
	case TK_UNIT:
	case TK_BASIS:
	case TK_PARAM:
	case TK_LET:
	case TK_REQUIRE:
	case TK_AMOUNT:
	case TK_OUTPUT:
		return 1;
	}
	return 0;
}

static void recover(parser *P)
{
	do
		next(P);
	while (!is_stmt_start(peek(P)));
}

/* After a statement the next one must begin, on its own line. */
static int end_of_stmt(parser *P)
{
	if (is_stmt_start(peek(P)))
		return 0;
	return err_expected(P,
			    "a statement: param, let, require, amount or output at the start of a line",
			    "一条语句（行首的 param、let、require、amount 或 output）");
}

/* After an expression: more of it, or the next statement. */
static int end_of_expr(parser *P)
{
	if (is_stmt_start(peek(P)))
		return 0;
	return err_expected(P, "an operator, or a new statement on its own line",
			    "运算符，或另起一行的新语句");
}

static const char *label(parser *P, const char *what_en, const char *what_zh)
{
	ptoken *t = peek(P);
	char en[200], zh[200];

	if (t->kind == TK_STRING) {
		next(P);
		if (!t->s[0]) {
			err_at(P, t, "the label must not be empty", "标签不能为空");
			return NULL;
		}
		return t->s;
	}
	pfmt(en, sizeof(en), "the Chinese label of %s in quotes", what_en);
	pfmt(zh, sizeof(zh), "%s的中文标签（加引号）", what_zh);
	err_expected(P, en, zh);
	return NULL;
}

static int is_builtin_name(const char *s)
{
	if (pattr_find(s) || pfunction_name(s))
		return 1;
	for (int l = 0; l < POLICY_LIST_COUNT; l++)
		if (l != POLICY_LIST_INCOME && l != POLICY_LIST_EXPENSE && l != POLICY_LIST_ASSET &&
		    plist_find(l, s) >= 0)
			return 1;
	return 0;
}

static psym *declare(parser *P, ptoken *name, int kind)
{
	psym *y;
	char en[200], zh[200];

	if (is_builtin_name(name->s)) {
		pfmt(en, sizeof(en), "'%s' is a built-in name: choose another", name->s);
		pfmt(zh, sizeof(zh), "'%s' 是内置名称，请换一个名字", name->s);
		err_at(P, name, en, zh);
		return NULL;
	}
	for (int i = 0; i < P->p->nsyms; i++)
		if (!strcmp(P->p->syms[i]->name, name->s)) {
			pfmt(en, sizeof(en), "'%s' is already defined on line %d", name->s,
				 P->p->syms[i]->line);
			pfmt(zh, sizeof(zh), "'%s' 已在第 %d 行定义", name->s,
				 P->p->syms[i]->line);
			err_at(P, name, en, zh);
			return NULL;
		}
	y = parena_alloc(&P->s->arena, sizeof(*y));
	y->kind = kind;
	y->name = name->s;
	y->line = name->line;
	y->col = name->col;
	y->prog = P->p;
	y->id = P->s->nsyms++;
	if (P->p->nsyms == P->p->capsyms) {
		int cap = P->p->capsyms ? P->p->capsyms * 2 : 16;
		psym **ns = parena_alloc(&P->s->arena, (size_t)cap * sizeof(*ns));

		if (P->p->nsyms)
			memcpy(ns, P->p->syms, (size_t)P->p->nsyms * sizeof(*ns));
		P->p->syms = ns;
		P->p->capsyms = cap;
	}
	P->p->syms[P->p->nsyms++] = y;
	return y;
}

static int param_value(parser *P, psym *y, pline *l)
{
	ptoken *t = peek(P);
	int neg = 0;
	int start;

	if (y->type.base == T_BOOL) {
		if (t->kind == TK_TRUE || t->kind == TK_FALSE) {
			next(P);
			l->value = t->kind == TK_TRUE;
			return 0;
		}
		return err_expected(P, "true or false", "true 或 false");
	}
	if (accept(P, TK_MINUS))
		neg = 1;
	t = peek(P);
	start = P->i;
	if (t->kind != TK_INT && t->kind != TK_DEC)
		return err_expected(P, "the value (a number)", "参数值（数字）");
	next(P);
	(void)start;
	if (y->type.base == T_MONEY) {
		if (parse_fixed(P->p->text + t->off, t->len, 2, &l->value))
			return err_at(P, t, "money has at most two decimals (fen)",
				      "金额最多保留两位小数（分）");
		accept(P, TK_YUAN);
	} else if (y->type.scale) {
		if (parse_fixed(P->p->text + t->off, t->len, 4, &l->value))
			return err_at(P, t, "a rate has at most four decimals",
				      "比率最多保留四位小数");
	} else {
		if (t->kind != TK_INT || parse_fixed(P->p->text + t->off, t->len, 0, &l->value))
			return err_at(P, t, "this parameter is a whole number", "该参数应为整数");
	}
	if (neg)
		l->value = -l->value;
	return 0;
}

static int param_line(parser *P, psym *y)
{
	ptoken *from = next(P), *t;
	pline l = { 0 };
	char d[16];

	l.line = from->line;
	l.col = from->col;
	t = peek(P);
	if (t->kind != TK_DATE)
		return err_expected(P, "the start date (YYYY-MM-DD)", "起始日期（YYYY-MM-DD）");
	next(P);
	pfmt(d, sizeof(d), "%.*s", (int)t->len, P->p->text + t->off);
	l.from = mz_day_parse(d);
	if (l.from == MZ_DAY_INVALID)
		return err_at(P, t, "not a real date", "不是有效的日期");
	if (accept(P, TK_IN)) {
		int64_t code;

		t = peek(P);
		if (t->kind != TK_INT ||
		    parse_fixed(P->p->text + t->off, t->len, 0, &code) ||
		    (t->len != 6 && t->len != 9 && t->len != 12) ||
		    pdiv_normalize(code, &l.div, &l.divlen))
			return err_at(P, t,
				      "expected a division code of 6, 9 or 12 digits (e.g. 440106)",
				      "此处应为 6、9 或 12 位的区划代码（如 440106）");
		next(P);
	}
	if (expect(P, TK_COLON, "':' before the value", "参数值之前的 ':'") ||
	    param_value(P, y, &l))
		return -1;
	for (int i = 0; i < y->nlines; i++)
		if (y->lines[i].from == l.from && y->lines[i].div == l.div &&
		    y->lines[i].divlen == l.divlen) {
			char en[200], zh[200];

			pfmt(en, sizeof(en),
				 "a second value for the same date and division (first on line %d)",
				 y->lines[i].line);
			pfmt(zh, sizeof(zh), "同一日期和区划的参数值重复（第一次在第 %d 行）",
				 y->lines[i].line);
			return err_at(P, from, en, zh);
		}
	if (y->nlines == y->caplines) {
		int cap = y->caplines ? y->caplines * 2 : 8;
		pline *nl = parena_alloc(&P->s->arena, (size_t)cap * sizeof(*nl));

		if (y->nlines)
			memcpy(nl, y->lines, (size_t)y->nlines * sizeof(*nl));
		y->lines = nl;
		y->caplines = cap;
	}
	y->lines[y->nlines++] = l;
	return 0;
}

static int stmt_param(parser *P)
{
	ptoken *kw = next(P), *name = peek(P), *ty;
	psym *y;
	const char *lab;
	int bad_lines = 0;

	if (name->kind != TK_IDENT)
		return err_expected(P, "the parameter's name", "参数名称");
	next(P);
	if (!(lab = label(P, "the parameter", "参数")))
		return -1;
	ty = peek(P);
	if (ty->kind != TK_IDENT)
		return err_expected(P, "the type: money, rate, int or bool",
				    "类型：money、rate、int 或 bool");
	if (!(y = declare(P, name, SYM_PARAM)))
		return -1;
	y->label = lab;
	y->level = LV_H;
	if (!strcmp(ty->s, "money"))
		y->type.base = T_MONEY;
	else if (!strcmp(ty->s, "rate"))
		y->type = (ptype){ T_INT, 1, 0 };
	else if (!strcmp(ty->s, "int"))
		y->type.base = T_INT;
	else if (!strcmp(ty->s, "bool"))
		y->type.base = T_BOOL;
	else
		return err_expected(P, "the type: money, rate, int or bool",
				    "类型：money、rate、int 或 bool");
	next(P);
	y->state = 2; /* parameters need no checking of an expression */
	while (peek(P)->kind == TK_FROM) {
		if (param_line(P, y)) {
			bad_lines++;
			/* Skip the broken line but keep reading the others. */
			while (peek(P)->kind != TK_FROM && !is_stmt_start(peek(P)))
				next(P);
			P->failed = 0;
		}
	}
	if (!y->nlines && !bad_lines)
		return err_at(P, kw,
			      "the parameter has no dated value: add a line like "
			      "'from 2021-04-01: 1120.00'",
			      "参数没有按日期的取值：请添加一行，如 'from 2021-04-01: 1120.00'");
	return end_of_stmt(P);
}

static int stmt_let(parser *P)
{
	ptoken *name;
	psym *y;
	const char *lab;

	next(P);
	name = peek(P);
	if (name->kind != TK_IDENT)
		return err_expected(P, "the name of the value", "取值的名称");
	next(P);
	if (!(lab = label(P, "the named value", "命名取值")))
		return -1;
	if (expect(P, TK_ASSIGN, "'=' before the definition", "定义之前的 '='"))
		return -1;
	if (!(y = declare(P, name, SYM_LET)))
		return -1;
	y->label = lab;
	if (!(y->expr = expr(P)))
		return -1;
	return end_of_expr(P);
}

static int stmt_require(parser *P)
{
	ptoken *kw = next(P), *name = peek(P);
	pcond *c;
	const char *lab;
	pnode *e;

	if (name->kind != TK_IDENT)
		return err_expected(P, "the condition's name (e.g. income_test)",
				    "条件名称（如 income_test）");
	next(P);
	if (!(lab = label(P, "the condition (the reason shown to the applicant)",
			  "条件（向申请人展示的理由）")))
		return -1;
	if (expect(P, TK_COLON, "':' before the condition", "条件之前的 ':'"))
		return -1;
	if (!(e = expr(P)))
		return -1;
	for (int i = 0; i < P->p->nconds; i++)
		if (!strcmp(P->p->conds[i].id, name->s)) {
			char en[200], zh[200];

			pfmt(en, sizeof(en), "condition '%s' is already defined on line %d",
				 name->s, P->p->conds[i].line);
			pfmt(zh, sizeof(zh), "条件 '%s' 已在第 %d 行定义", name->s,
				 P->p->conds[i].line);
			return err_at(P, name, en, zh);
		}
	if (P->p->nconds >= 200) /* failure codes are one byte */
		return err_at(P, kw, "too many conditions", "条件过多");
	if (P->p->nconds == P->p->capconds) {
		int cap = P->p->capconds ? P->p->capconds * 2 : 16;
		pcond *nc = parena_alloc(&P->s->arena, (size_t)cap * sizeof(*nc));

		if (P->p->nconds)
			memcpy(nc, P->p->conds, (size_t)P->p->nconds * sizeof(*nc));
		P->p->conds = nc;
		P->p->capconds = cap;
	}
	c = &P->p->conds[P->p->nconds++];
	c->id = name->s;
	c->label = lab;
	c->expr = e;
	c->line = kw->line;
	c->col = kw->col;
	return end_of_expr(P);
}

static int stmt_amount(parser *P)
{
	ptoken *kw = next(P);
	const char *lab = "月保障金额";

	if (P->p->amount)
		return err_at(P, kw, "the amount is already defined", "金额已经定义过");
	if (peek(P)->kind == TK_STRING)
		lab = label(P, "the amount", "金额");
	if (expect(P, TK_ASSIGN, "'=' before the amount", "金额之前的 '='"))
		return -1;
	if (!(P->p->amount = expr(P)))
		return -1;
	P->p->amount_label = lab;
	return end_of_expr(P);
}

static int stmt_output(parser *P)
{
	next(P);
	do {
		ptoken *t = peek(P);
		pnode *n;

		if (t->kind != TK_IDENT)
			return err_expected(P, "the name of a value to output", "要输出的取值名称");
		next(P);
		if (P->p->noutputs >= POLICY_MAX_OUTPUTS)
			return err_at(P, t, "at most 4 outputs", "最多 4 个输出");
		n = pnode_new(P->s, P->p, NK_IDENT, t);
		n->name = t->s;
		P->p->out_ident[P->p->noutputs++] = n;
	} while (accept(P, TK_COMMA));
	return end_of_stmt(P);
}

static int is_code(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static int stmt_program(parser *P)
{
	ptoken *kw = next(P), *code = peek(P);

	if (P->p->code)
		return err_at(P, kw, "one program per file: 'program' appears twice",
			      "每个文件只能定义一个项目：program 出现了两次");
	if (code->kind != TK_IDENT || !is_code(code->s))
		return err_expected(P, "the program code in lower-case ASCII (e.g. dibao)",
				    "小写英文的项目代码（如 dibao）");
	next(P);
	if (!(P->p->name_zh = label(P, "the program", "项目")))
		return -1;
	if (peek(P)->kind != TK_STRING)
		return err_expected(P, "the English name of the program in quotes",
				    "项目的英文名称（加引号）");
	P->p->name_en = next(P)->s;
	P->p->code = code->s;
	P->p->line = kw->line;
	P->p->col = kw->col;
	return end_of_stmt(P);
}

static int stmt_unit(parser *P)
{
	ptoken *kw = next(P), *u = peek(P);

	if (P->p->unit)
		return err_at(P, kw, "the unit is already given", "单位已经指定过");
	if (u->kind == TK_IDENT && !strcmp(u->s, "household"))
		P->p->unit = POLICY_UNIT_HOUSEHOLD;
	else if (u->kind == TK_IDENT && !strcmp(u->s, "person"))
		P->p->unit = POLICY_UNIT_PERSON;
	else
		return err_expected(P, "household or person", "household（按户）或 person（按人）");
	next(P);
	return end_of_stmt(P);
}

static int stmt_basis(parser *P)
{
	const char *b;

	next(P);
	if (!(b = label(P, "the legal basis", "政策依据")))
		return -1;
	if (P->p->nbasis < 16) {
		const char **nb = parena_alloc(&P->s->arena, (size_t)(P->p->nbasis + 1) * sizeof(*nb));

		if (P->p->nbasis)
			memcpy(nb, P->p->basis, (size_t)P->p->nbasis * sizeof(*nb));
		nb[P->p->nbasis++] = b;
		P->p->basis = nb;
	}
	return end_of_stmt(P);
}

policy_program *pparse(pctx *c, policy_set *s, const char *path, const char *text,
		       size_t len)
{
	parser P = { 0 };
	policy_program *p = parena_alloc(&s->arena, sizeof(*p));
	int errs0 = c->nerr;

	p->set = s;
	p->path = parena_strndup(&s->arena, path, strlen(path));
	p->text = text;
	p->text_len = len;
	P.c = c;
	P.s = s;
	P.p = p;
	P.file = p->path;
	if (plex(c, &s->arena, p->path, text, len, &P.t, &P.n))
		return NULL;
	while (peek(&P)->kind != TK_EOF) {
		ptoken *t = peek(&P);
		int rc;

		P.failed = 0;
		if (!p->code && t->kind != TK_PROGRAM) {
			err_at(&P, t,
			       "a rules file starts with: program CODE \"中文名称\" \"English name\"",
			       "规则文件应以 program 项目代码 \"中文名称\" \"English name\" 开头");
			recover(&P);
			continue;
		}
		switch (t->kind) {
		case TK_PROGRAM:
			rc = stmt_program(&P);
			break;
		case TK_UNIT:
			rc = stmt_unit(&P);
			break;
		case TK_BASIS:
			rc = stmt_basis(&P);
			break;
		case TK_PARAM:
			rc = stmt_param(&P);
			break;
		case TK_LET:
			rc = stmt_let(&P);
			break;
		case TK_REQUIRE:
			rc = stmt_require(&P);
			break;
		case TK_AMOUNT:
			rc = stmt_amount(&P);
			break;
		case TK_OUTPUT:
			rc = stmt_output(&P);
			break;
		case TK_FROM:
			rc = err_at(&P, t, "a dated value must follow a 'param' line",
				    "按日期的取值必须紧跟在 param 行之后");
			break;
		default:
			rc = err_expected(&P,
					  "a statement: param, let, require, amount or output "
					  "at the start of a line",
					  "一条语句（行首的 param、let、require、amount 或 output）");
		}
		if (rc || P.failed) {
			if (!is_stmt_start(peek(&P)) || peek(&P) == t)
				recover(&P);
		}
		if (c->nerr >= PMAX_ERRORS)
			break;
	}
	if (c->nerr == errs0) {
		if (!p->code) {
			perr_text(c, p->path, 1, 1, "the file defines no program",
				  "文件中没有定义项目（program）");
		} else if (!p->unit) {
			perr_text(c, p->path, p->line, p->col,
				  "the unit is missing: add 'unit household' or 'unit person'",
				  "缺少单位：请添加 unit household 或 unit person");
		}
	}
	return c->nerr == errs0 ? p : NULL;
}
