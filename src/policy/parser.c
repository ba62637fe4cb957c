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

#include "policy/parse.h"

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
		pp_next(P);
	while (!is_stmt_start(pp_peek(P)));
}

/* After a statement the next one must begin, on its own line. */
static int end_of_stmt(parser *P)
{
	if (is_stmt_start(pp_peek(P)))
		return 0;
	return pp_err_expected(P,
			    "a statement: param, let, require, amount or output at the start of a line",
			    "一条语句（行首的 param、let、require、amount 或 output）");
}

/* After an expression: more of it, or the next statement. */
static int end_of_expr(parser *P)
{
	if (is_stmt_start(pp_peek(P)))
		return 0;
	return pp_err_expected(P, "an operator, or a new statement on its own line",
			    "运算符，或另起一行的新语句");
}

static const char *label(parser *P, const char *what_en, const char *what_zh)
{
	ptoken *t = pp_peek(P);
	char en[200], zh[200];

	if (t->kind == TK_STRING) {
		pp_next(P);
		if (!t->s[0]) {
			pp_err_at(P, t, "the label must not be empty", "标签不能为空");
			return NULL;
		}
		return t->s;
	}
	pfmt(en, sizeof(en), "the Chinese label of %s in quotes", what_en);
	pfmt(zh, sizeof(zh), "%s的中文标签（加引号）", what_zh);
	pp_err_expected(P, en, zh);
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
		pp_err_at(P, name, en, zh);
		return NULL;
	}
	for (int i = 0; i < P->p->nsyms; i++)
		if (!strcmp(P->p->syms[i]->name, name->s)) {
			pfmt(en, sizeof(en), "'%s' is already defined on line %d", name->s,
				 P->p->syms[i]->line);
			pfmt(zh, sizeof(zh), "'%s' 已在第 %d 行定义", name->s,
				 P->p->syms[i]->line);
			pp_err_at(P, name, en, zh);
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
	ptoken *t = pp_peek(P);
	int neg = 0;
	int start;

	if (y->type.base == T_BOOL) {
		if (t->kind == TK_TRUE || t->kind == TK_FALSE) {
			pp_next(P);
			l->value = t->kind == TK_TRUE;
			return 0;
		}
		return pp_err_expected(P, "true or false", "true 或 false");
	}
	if (pp_accept(P, TK_MINUS))
		neg = 1;
	t = pp_peek(P);
	start = P->i;
	if (t->kind != TK_INT && t->kind != TK_DEC)
		return pp_err_expected(P, "the value (a number)", "参数值（数字）");
	pp_next(P);
	(void)start;
	if (y->type.base == T_MONEY) {
		if (pp_parse_fixed(P->p->text + t->off, t->len, 2, &l->value))
			return pp_err_at(P, t, "money has at most two decimals (fen)",
				      "金额最多保留两位小数（分）");
		pp_accept(P, TK_YUAN);
	} else if (y->type.scale) {
		if (pp_parse_fixed(P->p->text + t->off, t->len, 4, &l->value))
			return pp_err_at(P, t, "a rate has at most four decimals",
				      "比率最多保留四位小数");
	} else {
		if (t->kind != TK_INT || pp_parse_fixed(P->p->text + t->off, t->len, 0, &l->value))
			return pp_err_at(P, t, "this parameter is a whole number", "该参数应为整数");
	}
	if (neg)
		l->value = -l->value;
	return 0;
}

static int param_line(parser *P, psym *y)
{
	ptoken *from = pp_next(P), *t;
	pline l = { 0 };
	char d[16];

	l.line = from->line;
	l.col = from->col;
	t = pp_peek(P);
	if (t->kind != TK_DATE)
		return pp_err_expected(P, "the start date (YYYY-MM-DD)", "起始日期（YYYY-MM-DD）");
	pp_next(P);
	pfmt(d, sizeof(d), "%.*s", (int)t->len, P->p->text + t->off);
	l.from = mz_day_parse(d);
	if (l.from == MZ_DAY_INVALID)
		return pp_err_at(P, t, "not a real date", "不是有效的日期");
	if (pp_accept(P, TK_IN)) {
		int64_t code;

		t = pp_peek(P);
		if (t->kind != TK_INT ||
		    pp_parse_fixed(P->p->text + t->off, t->len, 0, &code) ||
		    (t->len != 6 && t->len != 9 && t->len != 12) ||
		    pdiv_normalize(code, &l.div, &l.divlen))
			return pp_err_at(P, t,
				      "expected a division code of 6, 9 or 12 digits (e.g. 440106)",
				      "此处应为 6、9 或 12 位的区划代码（如 440106）");
		pp_next(P);
	}
	if (pp_expect(P, TK_COLON, "':' before the value", "参数值之前的 ':'") ||
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
			return pp_err_at(P, from, en, zh);
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
	ptoken *kw = pp_next(P), *name = pp_peek(P), *ty;
	psym *y;
	const char *lab;
	int bad_lines = 0;

	if (name->kind != TK_IDENT)
		return pp_err_expected(P, "the parameter's name", "参数名称");
	pp_next(P);
	if (!(lab = label(P, "the parameter", "参数")))
		return -1;
	ty = pp_peek(P);
	if (ty->kind != TK_IDENT)
		return pp_err_expected(P, "the type: money, rate, int or bool",
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
		return pp_err_expected(P, "the type: money, rate, int or bool",
				    "类型：money、rate、int 或 bool");
	pp_next(P);
	y->state = 2; /* parameters need no checking of an expression */
	while (pp_peek(P)->kind == TK_FROM) {
		if (param_line(P, y)) {
			bad_lines++;
			/* Skip the broken line but keep reading the others. */
			while (pp_peek(P)->kind != TK_FROM && !is_stmt_start(pp_peek(P)))
				pp_next(P);
			P->failed = 0;
		}
	}
	if (!y->nlines && !bad_lines)
		return pp_err_at(P, kw,
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

	pp_next(P);
	name = pp_peek(P);
	if (name->kind != TK_IDENT)
		return pp_err_expected(P, "the name of the value", "取值的名称");
	pp_next(P);
	if (!(lab = label(P, "the named value", "命名取值")))
		return -1;
	if (pp_expect(P, TK_ASSIGN, "'=' before the definition", "定义之前的 '='"))
		return -1;
	if (!(y = declare(P, name, SYM_LET)))
		return -1;
	y->label = lab;
	if (!(y->expr = pp_expr(P)))
		return -1;
	return end_of_expr(P);
}

static int stmt_require(parser *P)
{
	ptoken *kw = pp_next(P), *name = pp_peek(P);
	pcond *c;
	const char *lab;
	pnode *e;

	if (name->kind != TK_IDENT)
		return pp_err_expected(P, "the condition's name (e.g. income_test)",
				    "条件名称（如 income_test）");
	pp_next(P);
	if (!(lab = label(P, "the condition (the reason shown to the applicant)",
			  "条件（向申请人展示的理由）")))
		return -1;
	if (pp_expect(P, TK_COLON, "':' before the condition", "条件之前的 ':'"))
		return -1;
	if (!(e = pp_expr(P)))
		return -1;
	for (int i = 0; i < P->p->nconds; i++)
		if (!strcmp(P->p->conds[i].id, name->s)) {
			char en[200], zh[200];

			pfmt(en, sizeof(en), "condition '%s' is already defined on line %d",
				 name->s, P->p->conds[i].line);
			pfmt(zh, sizeof(zh), "条件 '%s' 已在第 %d 行定义", name->s,
				 P->p->conds[i].line);
			return pp_err_at(P, name, en, zh);
		}
	if (P->p->nconds >= 200) /* failure codes are one byte */
		return pp_err_at(P, kw, "too many conditions", "条件过多");
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
	ptoken *kw = pp_next(P);
	const char *lab = "月保障金额";

	if (P->p->amount)
		return pp_err_at(P, kw, "the amount is already defined", "金额已经定义过");
	if (pp_peek(P)->kind == TK_STRING)
		lab = label(P, "the amount", "金额");
	if (pp_expect(P, TK_ASSIGN, "'=' before the amount", "金额之前的 '='"))
		return -1;
	if (!(P->p->amount = pp_expr(P)))
		return -1;
	P->p->amount_label = lab;
	return end_of_expr(P);
}

static int stmt_output(parser *P)
{
	pp_next(P);
	do {
		ptoken *t = pp_peek(P);
		pnode *n;

		if (t->kind != TK_IDENT)
			return pp_err_expected(P, "the name of a value to output", "要输出的取值名称");
		pp_next(P);
		if (P->p->noutputs >= POLICY_MAX_OUTPUTS)
			return pp_err_at(P, t, "at most 4 outputs", "最多 4 个输出");
		n = pnode_new(P->s, P->p, NK_IDENT, t);
		n->name = t->s;
		P->p->out_ident[P->p->noutputs++] = n;
	} while (pp_accept(P, TK_COMMA));
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
	ptoken *kw = pp_next(P), *code = pp_peek(P);

	if (P->p->code)
		return pp_err_at(P, kw, "one program per file: 'program' appears twice",
			      "每个文件只能定义一个项目：program 出现了两次");
	if (code->kind != TK_IDENT || !is_code(code->s))
		return pp_err_expected(P, "the program code in lower-case ASCII (e.g. dibao)",
				    "小写英文的项目代码（如 dibao）");
	pp_next(P);
	if (!(P->p->name_zh = label(P, "the program", "项目")))
		return -1;
	if (pp_peek(P)->kind != TK_STRING)
		return pp_err_expected(P, "the English name of the program in quotes",
				    "项目的英文名称（加引号）");
	P->p->name_en = pp_next(P)->s;
	P->p->code = code->s;
	P->p->line = kw->line;
	P->p->col = kw->col;
	return end_of_stmt(P);
}

static int stmt_unit(parser *P)
{
	ptoken *kw = pp_next(P), *u = pp_peek(P);

	if (P->p->unit)
		return pp_err_at(P, kw, "the unit is already given", "单位已经指定过");
	if (u->kind == TK_IDENT && !strcmp(u->s, "household"))
		P->p->unit = POLICY_UNIT_HOUSEHOLD;
	else if (u->kind == TK_IDENT && !strcmp(u->s, "person"))
		P->p->unit = POLICY_UNIT_PERSON;
	else
		return pp_err_expected(P, "household or person", "household（按户）或 person（按人）");
	pp_next(P);
	return end_of_stmt(P);
}

static int stmt_basis(parser *P)
{
	const char *b;

	pp_next(P);
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
	while (pp_peek(&P)->kind != TK_EOF) {
		ptoken *t = pp_peek(&P);
		int rc;

		P.failed = 0;
		if (!p->code && t->kind != TK_PROGRAM) {
			pp_err_at(&P, t,
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
			rc = pp_err_at(&P, t, "a dated value must follow a 'param' line",
				    "按日期的取值必须紧跟在 param 行之后");
			break;
		default:
			rc = pp_err_expected(&P,
					  "a statement: param, let, require, amount or output "
					  "at the start of a line",
					  "一条语句（行首的 param、let、require、amount 或 output）");
		}
		if (rc || P.failed) {
			if (!is_stmt_start(pp_peek(&P)) || pp_peek(&P) == t)
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
