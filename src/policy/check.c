/* check.c - names, types, levels and cycles.
 *
 * Every name is resolved once: a program's own parameters and named values,
 * another program's ("dibao.standard"), the built-in attributes of a member
 * or a household, and enum constants ("spouse", "dead"). Named values are
 * checked depth first; meeting a value already on the path is a cycle and
 * a load error (never a silent default).
 *
 * Types: bool, int, money (fen), rates (a number with decimals, kept as
 * value * 10^4), enums. Money times a rate stays unrounded until round(),
 * floor() or ceil(); a named value, an amount or an output must be rounded.
 * Levels: a value is a constant, one per household (H) or one per member
 * (M). Aggregations over `members` turn M into H; over `others` they stay
 * M (each member sees the rest of its household). A household program's
 * conditions and amount must be H; a person program's may be either. */
#include <stdio.h>
#include <string.h>

#include "policy/policy_int.h"

typedef struct checker {
	pctx *c;
	policy_set *s;
	uint64_t deps;
	psym *stack[256]; /* named values being checked: for cycle messages */
	int depth;
} checker;

static int cerr(checker *K, const pnode *n, const char *en, const char *zh)
{
	return perr_text(K->c, n->file->path, n->line, n->col, en, zh);
}

static int num(ptype t)
{
	return t.base == T_INT || t.base == T_MONEY;
}

static int lv_max(int a, int b)
{
	return a > b ? a : b;
}

/* ---- suggestions for misspelt names ---------------------------------------- */

static int edit_distance(const char *a, const char *b)
{
	int la = (int)strlen(a), lb = (int)strlen(b);
	int row[65];

	if (la > 64 || lb > 64)
		return 99;
	for (int j = 0; j <= lb; j++)
		row[j] = j;
	for (int i = 1; i <= la; i++) {
		int prev = row[0];

		row[0] = i;
		for (int j = 1; j <= lb; j++) {
			int cur = row[j];
			int best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

static void consider(const char *name, const char *cand, const char **best, int *bestd)
{
	int d = edit_distance(name, cand);
	int limit = (int)strlen(name) / 3 + 1;

	if (d <= limit && d < *bestd) {
		*best = cand;
		*bestd = d;
	}
}

static const char *suggest_name(const policy_program *p, const char *name)
{
	const char *best = NULL;
	int bestd = 99;

	for (int i = 0; i < p->nsyms; i++)
		consider(name, p->syms[i]->name, &best, &bestd);
	for (int i = 0; i < pattr_count(); i++)
		consider(name, pattr_at(i)->name, &best, &bestd);
	for (int l = POLICY_LIST_SEX; l <= POLICY_LIST_PARENT_STATE; l++)
		for (int i = 0; i < plist_size(l); i++)
			consider(name, plist_name(l, i), &best, &bestd);
	return best;
}

static void list_words(int list, char *out, size_t cap)
{
	size_t n = 0;

	out[0] = '\0';
	for (int i = 0; i < plist_size(list) && n + 1 < cap; i++) {
		int w = snprintf(out + n, cap - n, "%s%s", i ? ", " : "", plist_name(list, i));

		if (w < 0)
			break;
		n += (size_t)w;
	}
}

/* ---- resolution ----------------------------------------------------------- */

static policy_program *find_program(policy_set *s, const char *code)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->progs[i]->code, code))
			return s->progs[i];
	return NULL;
}

static psym *find_sym(const policy_program *p, const char *name)
{
	for (int i = 0; i < p->nsyms; i++)
		if (!strcmp(p->syms[i]->name, name))
			return p->syms[i];
	return NULL;
}

static int find_enum(const char *name, int *list)
{
	for (int l = POLICY_LIST_SEX; l <= POLICY_LIST_PARENT_STATE; l++) {
		int i = plist_find(l, name);

		if (i >= 0) {
			*list = l;
			return i;
		}
	}
	return -1;
}

static int check_sym(checker *K, psym *y, const pnode *at);
static int check_node(checker *K, pnode *n);

static int resolve_ident(checker *K, pnode *n)
{
	policy_program *scope = n->file;
	char en[320], zh[320];
	const pattr *a;
	psym *y;
	int list, idx;

	if (n->qual) {
		policy_program *q = find_program(K->s, n->qual);

		if (!q) {
			pfmt(en, sizeof(en), "unknown program '%s' in '%s.%s'", n->qual, n->qual,
				 n->name);
			pfmt(zh, sizeof(zh), "'%s.%s' 中的项目 '%s' 不存在", n->qual, n->name,
				 n->qual);
			return cerr(K, n, en, zh);
		}
		if (!(y = find_sym(q, n->name))) {
			pfmt(en, sizeof(en), "program '%s' has no parameter or value '%s'",
				 n->qual, n->name);
			pfmt(zh, sizeof(zh), "项目 '%s' 中没有名为 '%s' 的参数或取值", n->qual,
				 n->name);
			return cerr(K, n, en, zh);
		}
		n->kind = NK_REF;
		n->sym = y;
	} else if ((y = find_sym(scope, n->name))) {
		n->kind = NK_REF;
		n->sym = y;
	} else if ((a = pattr_find(n->name))) {
		n->kind = NK_ATTR;
		n->attr = (int)(a - pattr_at(0));
		n->type = a->type;
		n->level = a->level;
		return 0;
	} else if ((idx = find_enum(n->name, &list)) >= 0) {
		n->kind = NK_ENUMC;
		n->v = idx;
		n->type = (ptype){ T_ENUM, 0, (uint8_t)list };
		n->level = LV_CONST;
		return 0;
	} else {
		const char *sug = suggest_name(scope, n->name);

		if (sug) {
			pfmt(en, sizeof(en), "unknown name '%s' (did you mean '%s'?)", n->name, sug);
			pfmt(zh, sizeof(zh), "未知的名称 '%s'（是否指 '%s'？）", n->name, sug);
		} else {
			pfmt(en, sizeof(en), "unknown name '%s'", n->name);
			pfmt(zh, sizeof(zh), "未知的名称 '%s'", n->name);
		}
		return cerr(K, n, en, zh);
	}
	if (check_sym(K, n->sym, n))
		return -1;
	n->type = n->sym->type;
	n->level = n->sym->level;
	return 0;
}

/* ---- typing ------------------------------------------------------------------ */

static int type_error2(checker *K, const pnode *n, const char *what_en, const char *what_zh,
		       ptype a, ptype b)
{
	char en[320], zh[320];

	pfmt(en, sizeof(en), "%s: %s and %s do not go together", what_en, ptype_name(a),
		 ptype_name(b));
	pfmt(zh, sizeof(zh), "%s：%s 与 %s 类型不匹配", what_zh, ptype_name(a), ptype_name(b));
	return cerr(K, n, en, zh);
}

static int need(checker *K, const pnode *n, int ok, const char *en_need, const char *zh_need)
{
	char en[320], zh[320];

	if (ok)
		return 0;
	pfmt(en, sizeof(en), "%s, but this is %s", en_need, ptype_name(n->type));
	pfmt(zh, sizeof(zh), "%s，而此处是 %s", zh_need, ptype_name(n->type));
	return cerr(K, n, en, zh);
}

static int check_bin(checker *K, pnode *n)
{
	ptype a = n->a->type, b = n->b->type;

	switch (n->op) {
	case OPN_ADD:
	case OPN_SUB:
		if (!num(a) || !num(b) || a.base != b.base) {
			if (num(a) && num(b))
				return type_error2(K, n,
						   "cannot add or subtract money and a plain number "
						   "(write money as e.g. 100 yuan)",
						   "金额与普通数字不能相加减（金额请写作如 100 yuan）", a,
						   b);
			return type_error2(K, n, "+ and - need numbers", "+ 和 - 需要数值", a, b);
		}
		n->type = (ptype){ a.base, (uint8_t)(a.scale > b.scale ? a.scale : b.scale), 0 };
		return 0;
	case OPN_MUL:
		if (!num(a) || !num(b))
			return type_error2(K, n, "* needs numbers", "* 需要数值", a, b);
		if (a.base == T_MONEY && b.base == T_MONEY)
			return cerr(K, n, "cannot multiply money by money", "金额不能与金额相乘");
		if (a.scale + b.scale > 1)
			return cerr(K, n, "cannot multiply two rates: round one first",
				    "两个比率不能直接相乘：请先对其中一个取整");
		n->type = (ptype){ (uint8_t)(a.base == T_MONEY || b.base == T_MONEY ? T_MONEY : T_INT),
				   (uint8_t)(a.scale + b.scale), 0 };
		return 0;
	case OPN_LT:
	case OPN_LE:
	case OPN_GT:
	case OPN_GE:
		if (!num(a) || !num(b) || a.base != b.base)
			return type_error2(K, n, "cannot compare these values",
					   "这两个值不能比较大小", a, b);
		n->type = (ptype){ T_BOOL, 0, 0 };
		return 0;
	case OPN_EQ:
	case OPN_NE:
		if (a.base != b.base || (a.base == T_ENUM && a.en != b.en) || a.base == T_DATE)
			return type_error2(K, n, "cannot compare these values",
					   "这两个值不能比较", a, b);
		n->type = (ptype){ T_BOOL, 0, 0 };
		return 0;
	case OPN_AND:
	case OPN_OR:
		if (a.base != T_BOOL || b.base != T_BOOL)
			return type_error2(K, n, "'and' and 'or' join conditions (true or false)",
					   "and、or 只能连接条件（是或否）", a, b);
		n->type = (ptype){ T_BOOL, 0, 0 };
		return 0;
	}
	return cerr(K, n, "internal: unknown operator", "内部错误：未知运算符");
}

static int check_in(checker *K, pnode *n)
{
	ptype a = n->a->type;
	uint64_t mask = 0;
	char en[320], zh[320];

	if (a.base != T_ENUM && !(a.base == T_INT && a.scale == 0))
		return need(K, n->a, 0, "'in' tests a category or a whole number",
			    "in 用于判断类别或整数是否属于列表");
	for (int i = 0; i < n->nlist; i++) {
		pnode *it = n->list[i];

		if (a.base == T_ENUM) {
			int list = -1, idx = it->kind == NK_IDENT ? find_enum(it->name, &list) : -1;

			if (idx < 0 || list != a.en) {
				char words[300];

				list_words(a.en, words, sizeof(words));
				pfmt(en, sizeof(en), "'%.*s' is not a %s (one of: %s)", (int)it->len,
					 it->file->text + it->off, ptype_name(a), words);
				pfmt(zh, sizeof(zh), "'%.*s' 不是 %s 的取值（可选：%s）",
					 (int)it->len, it->file->text + it->off, ptype_name(a), words);
				return cerr(K, it, en, zh);
			}
			mask |= 1ULL << idx;
		} else {
			if (it->kind != NK_LIT || it->type.base != T_INT || it->type.scale ||
			    it->v < 0 || it->v > 63)
				return cerr(K, it, "the list holds whole numbers from 0 to 63",
					    "列表中应为 0 到 63 的整数");
			mask |= 1ULL << it->v;
		}
	}
	n->v = (int64_t)mask;
	n->type = (ptype){ T_BOOL, 0, 0 };
	n->level = n->a->level;
	return 0;
}

static int check_kind_call(checker *K, pnode *n)
{
	int list = n->fn == FN_INCOME ? POLICY_LIST_INCOME
		 : n->fn == FN_EXPENSE ? POLICY_LIST_EXPENSE : POLICY_LIST_ASSET;
	int k = plist_find(list, n->name);

	if (k < 0) {
		char en[320], zh[320], words[400];
		const char *what = n->fn == FN_INCOME ? "income" : n->fn == FN_EXPENSE ? "expense" : "asset";
		const char *whatzh = n->fn == FN_INCOME ? "收入" : n->fn == FN_EXPENSE ? "支出" : "财产";

		list_words(list, words, sizeof(words));
		pfmt(en, sizeof(en), "unknown %s kind '%s' (kinds: %s)", what, n->name, words);
		pfmt(zh, sizeof(zh), "未知的%s类别 '%s'（可选：%s）", whatzh, n->name, words);
		return cerr(K, n->c, en, zh);
	}
	n->arg = k;
	n->type = (ptype){ T_MONEY, 0, 0 };
	n->level = n->fn == FN_ASSET ? LV_H : LV_M;
	return 0;
}

static int check_call(checker *K, pnode *n)
{
	switch (n->fn) {
	case FN_INCOME:
	case FN_EXPENSE:
	case FN_ASSET:
		return check_kind_call(K, n);
	case FN_AGE_ON:
		if (n->a->kind != NK_DATE)
			return cerr(K, n->a, "age_on takes a date, e.g. age_on(2022-12-31)",
				    "age_on 需要一个日期，例如 age_on(2022-12-31)");
		n->type = (ptype){ T_INT, 0, 0 };
		n->level = LV_M;
		return 0;
	}
	if (check_node(K, n->a) || (n->b && check_node(K, n->b)))
		return -1;
	n->level = (uint8_t)lv_max(n->a->level, n->b ? n->b->level : LV_CONST);
	switch (n->fn) {
	case FN_ROUND:
	case FN_FLOOR:
	case FN_CEIL:
		if (need(K, n->a, num(n->a->type), "rounding needs a number", "取整需要数值"))
			return -1;
		n->type = (ptype){ n->a->type.base, 0, 0 };
		return 0;
	case FN_DIV_ROUND:
	case FN_DIV_FLOOR:
	case FN_DIV_CEIL:
		if (need(K, n->a, num(n->a->type) && !n->a->type.scale,
			 "the dividend must be rounded money or a whole number",
			 "被除数应为已取整的金额或整数") ||
		    need(K, n->b, n->b->type.base == T_INT && !n->b->type.scale,
			 "divide by a whole number (a count of persons, months...)",
			 "除数应为整数（人数、月数等）"))
			return -1;
		n->type = n->a->type;
		return 0;
	case FN_MIN:
	case FN_MAX:
		if (!num(n->a->type) || n->a->type.base != n->b->type.base)
			return type_error2(K, n, "min and max compare two numbers of one kind",
					   "min、max 比较两个同类数值", n->a->type, n->b->type);
		n->type = (ptype){ n->a->type.base,
				   (uint8_t)(n->a->type.scale > n->b->type.scale ? n->a->type.scale
										  : n->b->type.scale),
				   0 };
		return 0;
	}
	return cerr(K, n, "internal: unknown function", "内部错误：未知函数");
}

static int check_agg(checker *K, pnode *n)
{
	if (n->a && (check_node(K, n->a) ||
		     need(K, n->a, n->a->type.base == T_BOOL, "'where' needs a condition",
			  "where 之后应为条件")))
		return -1;
	if (n->b && check_node(K, n->b))
		return -1;
	switch (n->fn) {
	case FN_SUM:
	case FN_AGG_MIN:
	case FN_AGG_MAX:
		if (need(K, n->b, num(n->b->type), "this adds up or compares numbers",
			 "此处汇总或比较的应为数值"))
			return -1;
		n->type = n->b->type;
		break;
	case FN_COUNT:
		if (n->b && need(K, n->b, n->b->type.base == T_BOOL,
				 "count(members, ...) counts the members meeting a condition",
				 "count(members, ...) 统计满足条件的成员数"))
			return -1;
		n->type = (ptype){ T_INT, 0, 0 };
		break;
	case FN_ANY:
	case FN_ALL:
		if (n->b && need(K, n->b, n->b->type.base == T_BOOL,
				 "any and all test a condition on members",
				 "any、all 判断成员是否满足条件"))
			return -1;
		n->type = (ptype){ T_BOOL, 0, 0 };
		break;
	}
	n->level = n->others ? LV_M : LV_H;
	return 0;
}

static int check_prog(checker *K, pnode *n)
{
	policy_program *q = find_program(K->s, n->name);
	char en[320], zh[320];

	if (!q) {
		pfmt(en, sizeof(en), "unknown program '%s'", n->name);
		pfmt(zh, sizeof(zh), "项目 '%s' 不存在", n->name);
		return cerr(K, n->c, en, zh);
	}
	n->prog_ref = q;
	n->level = q->unit == POLICY_UNIT_PERSON ? LV_M : LV_H;
	n->type = (ptype){ (uint8_t)(n->fn == FN_AMOUNT ? T_MONEY : T_BOOL), 0, 0 };
	if (n->fn != FN_ENROLLED) {
		if (q == n->file)
			return cerr(K, n, "a program cannot read its own decision",
				    "项目不能引用自身的认定结果");
		K->deps |= 1ULL << q->index;
	}
	return 0;
}

static int check_node(checker *K, pnode *n)
{
	switch (n->kind) {
	case NK_LIT:
	case NK_ENUMC:
		n->level = LV_CONST;
		return 0;
	case NK_DATE:
		return cerr(K, n, "a date can only be used in age_on(...)",
			    "日期只能用在 age_on(...) 中");
	case NK_IDENT:
		return resolve_ident(K, n);
	case NK_REF: /* already resolved (shared subtree) */
		return check_sym(K, n->sym, n);
	case NK_ATTR:
		return 0;
	case NK_UN:
		if (check_node(K, n->a))
			return -1;
		n->level = n->a->level;
		if (n->op == OPN_NOT) {
			n->type = (ptype){ T_BOOL, 0, 0 };
			return need(K, n->a, n->a->type.base == T_BOOL, "'not' needs a condition",
				    "not 之后应为条件");
		}
		n->type = n->a->type;
		return need(K, n->a, num(n->a->type), "'-' needs a number", "负号之后应为数值");
	case NK_BIN:
		if (check_node(K, n->a) || check_node(K, n->b))
			return -1;
		n->level = (uint8_t)lv_max(n->a->level, n->b->level);
		return check_bin(K, n);
	case NK_IF:
		if (check_node(K, n->a) || check_node(K, n->b) || check_node(K, n->c))
			return -1;
		if (need(K, n->a, n->a->type.base == T_BOOL, "'if' needs a condition",
			 "if 之后应为条件"))
			return -1;
		if (n->b->type.base != n->c->type.base ||
		    (n->b->type.base == T_ENUM && n->b->type.en != n->c->type.en))
			return type_error2(K, n, "both branches of if must be of one kind",
					   "if 的两个分支类型必须一致", n->b->type, n->c->type);
		n->type = n->b->type;
		if (n->c->type.scale > n->type.scale)
			n->type.scale = n->c->type.scale;
		n->level = (uint8_t)lv_max(n->a->level, lv_max(n->b->level, n->c->level));
		return 0;
	case NK_IN:
		if (check_node(K, n->a))
			return -1;
		return check_in(K, n);
	case NK_CALL:
		return check_call(K, n);
	case NK_AGG:
		return check_agg(K, n);
	case NK_PROG:
		return check_prog(K, n);
	}
	return cerr(K, n, "internal: unknown node", "内部错误：未知节点");
}

static int rounded_value(checker *K, const pnode *n, const char *what_en, const char *what_zh)
{
	char en[320], zh[320];

	if (n->type.base == T_MONEY && n->type.scale) {
		pfmt(en, sizeof(en),
			 "%s is money times a rate: say how to round it with round(...), "
			 "floor(...) or ceil(...)",
			 what_en);
		pfmt(zh, sizeof(zh), "%s是金额乘以比率：请用 round(...)、floor(...) 或 "
			 "ceil(...) 指明取整方式", what_zh);
		return cerr(K, n, en, zh);
	}
	return 0;
}

static int check_sym(checker *K, psym *y, const pnode *at)
{
	uint64_t saved;
	int rc;

	if (y->state == 2) {
		K->deps |= y->deps;
		return 0;
	}
	if (y->state == 3)
		return -1;
	if (y->state == 1) {
		char path[256] = "", en[320], zh[320];
		size_t n = 0;
		int from = 0;

		for (int i = 0; i < K->depth; i++)
			if (K->stack[i] == y)
				from = i;
		for (int i = from; i < K->depth && n < sizeof(path); i++) {
			int w = snprintf(path + n, sizeof(path) - n, "%s -> ", K->stack[i]->name);

			if (w < 0)
				break;
			n += (size_t)w;
		}
		pfmt(en, sizeof(en), "named values form a cycle: %s%s", path, y->name);
		pfmt(zh, sizeof(zh), "命名取值之间存在循环引用：%s%s", path, y->name);
		return cerr(K, at, en, zh);
	}
	if (K->depth == 256)
		return cerr(K, at, "named values nest too deeply (more than 256)",
			    "命名取值嵌套过深（超过 256 层）");
	saved = K->deps;
	K->deps = 0;
	y->state = 1;
	K->stack[K->depth++] = y;
	rc = check_node(K, y->expr);
	K->depth--;
	if (!rc) {
		y->type = y->expr->type;
		y->level = y->expr->level;
		rc = rounded_value(K, y->expr, "this value", "该取值");
	}
	y->deps = K->deps;
	K->deps = saved | y->deps;
	y->state = rc ? 3 : 2;
	return rc;
}

static int unit_level(checker *K, const policy_program *p, const pnode *n, const char *what_en,
		      const char *what_zh)
{
	char en[400], zh[400];

	if (p->unit != POLICY_UNIT_HOUSEHOLD || n->level != LV_M)
		return 0;
	pfmt(en, sizeof(en),
		 "%s reads one member's value, but the program decides for the household: "
		 "say which members, e.g. any(members, ...), all(members, ...) or sum(members, ...)",
		 what_en);
	pfmt(zh, sizeof(zh), "%s读取的是单个成员的值，而本项目按户认定：请指明成员范围，例如 "
		 "any(members, ...)、all(members, ...) 或 sum(members, ...)", what_zh);
	return cerr(K, n, en, zh);
}

static int check_program(checker *K, policy_program *p)
{
	int errs = K->c->nerr;

	for (int i = 0; i < p->nsyms; i++) {
		if (p->syms[i]->kind != SYM_LET)
			continue;
		K->deps = 0;
		if (!check_sym(K, p->syms[i], p->syms[i]->expr))
			p->deps |= p->syms[i]->deps;
	}
	for (int i = 0; i < p->nconds; i++) {
		pnode *e = p->conds[i].expr;

		K->deps = 0;
		if (check_node(K, e))
			continue;
		p->deps |= K->deps;
		if (need(K, e, e->type.base == T_BOOL, "a condition must be true or false",
			 "条件的结果应为是或否"))
			continue;
		unit_level(K, p, e, "this condition", "该条件");
	}
	if (p->amount) {
		K->deps = 0;
		if (!check_node(K, p->amount)) {
			p->deps |= K->deps;
			if (!rounded_value(K, p->amount, "the amount", "金额") &&
			    !need(K, p->amount, p->amount->type.base == T_MONEY,
				  "the amount must be money", "金额的结果应为货币"))
				unit_level(K, p, p->amount, "the amount", "金额");
		}
	}
	for (int i = 0; i < p->noutputs; i++) {
		pnode *o = p->out_ident[i];
		psym *y = find_sym(p, o->name);

		if (!y || y->kind != SYM_LET) {
			char en[320], zh[320];

			pfmt(en, sizeof(en), "output '%s' must name a value defined with let",
				 o->name);
			pfmt(zh, sizeof(zh), "输出 '%s' 必须是用 let 定义的取值", o->name);
			cerr(K, o, en, zh);
			continue;
		}
		if (y->state != 2)
			continue;
		o->level = y->level;
		p->outputs[i] = y;
		unit_level(K, p, o, "this output", "该输出");
	}
	return K->c->nerr == errs ? 0 : -1;
}

/* Orders programs so that a program comes after those whose decisions it
 * reads (eligible(x), amount(x)); a cycle is a load error. */
static int order_visit(checker *K, policy_program *p, policy_program **out, size_t *n,
		       policy_program **path, int depth)
{
	if (p->state == 2)
		return 0;
	if (p->state == 1) {
		char en[320], zh[320], chain[200] = "";
		size_t len = 0;

		for (int i = 0; i < depth && len < sizeof(chain); i++) {
			int w = snprintf(chain + len, sizeof(chain) - len, "%s -> ", path[i]->code);

			if (w < 0)
				break;
			len += (size_t)w;
		}
		pfmt(en, sizeof(en), "programs read each other's decisions in a cycle: %s%s",
			 chain, p->code);
		pfmt(zh, sizeof(zh), "项目之间循环引用认定结果：%s%s", chain, p->code);
		return perr_text(K->c, p->path, p->line, p->col, en, zh);
	}
	p->state = 1;
	path[depth] = p;
	for (size_t i = 0; i < K->s->n; i++)
		if ((p->deps >> i) & 1)
			if (order_visit(K, K->s->progs[i], out, n, path, depth + 1))
				return -1;
	p->state = 2;
	out[(*n)++] = p;
	return 0;
}

int pcheck_set(pctx *c, policy_set *s)
{
	checker K = { 0 };
	int rc = 0;
	size_t n = 0;
	policy_program *path[64];

	K.c = c;
	K.s = s;
	for (size_t i = 0; i < s->n; i++)
		if (check_program(&K, s->progs[i]))
			rc = -1;
	if (rc)
		return -1;
	s->order = parena_alloc(&s->arena, (s->n ? s->n : 1) * sizeof(*s->order));
	for (size_t i = 0; i < s->n; i++)
		if (order_visit(&K, s->progs[i], s->order, &n, path, 0))
			return -1;
	return 0;
}
