/* assess_expr.c - the small expressions of an assessment standard held as
 * data: how a dimension's score becomes its grade, and how the dimensions'
 * grades combine into an ability level (MZ/T 039-2013 grades by such
 * combinations, GB/T 42195-2022 by the total).
 *
 *   expr    := or
 *   or      := and { "or" and }
 *   and     := not { "and" not }
 *   not     := "not" not | cmp
 *   cmp     := sum [ ("=" | "!=" | "<" | "<=" | ">" | ">=") sum ]
 *   sum     := atom { ("+" | "-") atom }
 *   atom    := INT | NAME | ("max" | "min") "(" sum { "," sum } ")" | "(" expr ")"
 *
 * Comparisons and logic give 1 or 0, so "(a >= 1) + (b >= 1) >= 2" counts.
 * A NAME is looked up by the caller (item scores, "sum", dimension grades).
 * Pure and small: evaluated straight from the text, no tree kept. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "domains/eldercare/assess.h"

typedef struct {
	const char *p;
	ec_expr_lookup lookup;
	void *arg;
	char err[96];
} parser;

static void skip(parser *x)
{
	while (isspace((unsigned char)*x->p))
		x->p++;
}

/* Consumes word w when it stands alone at the cursor. */
static int word(parser *x, const char *w)
{
	size_t n = strlen(w);

	skip(x);
	if (strncmp(x->p, w, n) || isalnum((unsigned char)x->p[n]) || x->p[n] == '_')
		return 0;
	x->p += n;
	return 1;
}

static int sym(parser *x, const char *s)
{
	size_t n = strlen(s);

	skip(x);
	if (strncmp(x->p, s, n))
		return 0;
	x->p += n;
	return 1;
}

static int fail(parser *x, const char *what)
{
	if (!x->err[0])
		snprintf(x->err, sizeof(x->err), "%s at '%.20s'", what, x->p);
	return 0;
}

static int expr_or(parser *x);

static int sum(parser *x);

static int atom(parser *x)
{
	skip(x);
	if (isdigit((unsigned char)*x->p)) {
		int v = 0;

		while (isdigit((unsigned char)*x->p) && v < 100000)
			v = v * 10 + (*x->p++ - '0');
		return v;
	}
	if (sym(x, "(")) {
		int v = expr_or(x);

		if (!sym(x, ")"))
			return fail(x, "')' expected");
		return v;
	}
	if (word(x, "max") || word(x, "min")) {
		int is_max = x->p[-1] == 'x', v;

		if (!sym(x, "("))
			return fail(x, "'(' expected");
		v = sum(x);
		while (sym(x, ",")) {
			int w = sum(x);

			v = is_max ? (w > v ? w : v) : (w < v ? w : v);
		}
		if (!sym(x, ")"))
			return fail(x, "')' expected");
		return v;
	}
	if (isalpha((unsigned char)*x->p) || *x->p == '_') {
		char name[32];
		size_t n = 0;
		int v;

		while ((isalnum((unsigned char)*x->p) || *x->p == '_') && n + 1 < sizeof(name))
			name[n++] = *x->p++;
		name[n] = '\0';
		if (!x->lookup(x->arg, name, &v)) {
			if (!x->err[0])
				snprintf(x->err, sizeof(x->err), "unknown name '%s'", name);
			return 0;
		}
		return v;
	}
	return fail(x, "a number, a name or '(' expected");
}

static int sum(parser *x)
{
	int v = atom(x);

	for (;;) {
		if (sym(x, "+"))
			v += atom(x);
		else if (sym(x, "-"))
			v -= atom(x);
		else
			return v;
	}
}

static int cmp(parser *x)
{
	int a = sum(x);

	/* Two-character operators first. */
	if (sym(x, "<="))
		return a <= sum(x);
	if (sym(x, ">="))
		return a >= sum(x);
	if (sym(x, "!="))
		return a != sum(x);
	if (sym(x, "="))
		return a == sum(x);
	if (sym(x, "<"))
		return a < sum(x);
	if (sym(x, ">"))
		return a > sum(x);
	return a;
}

static int expr_not(parser *x)
{
	if (word(x, "not"))
		return !expr_not(x);
	return cmp(x);
}

static int expr_and(parser *x)
{
	int v = expr_not(x);

	while (word(x, "and")) {
		int w = expr_not(x); /* always parsed: errors are found on every path */

		v = v && w;
	}
	return v;
}

static int expr_or(parser *x)
{
	int v = expr_and(x);

	while (word(x, "or")) {
		int w = expr_and(x);

		v = v || w;
	}
	return v;
}

int ec_expr_eval(const char *text, ec_expr_lookup lookup, void *arg, int *value, char *err,
		 size_t errcap)
{
	parser x = { text, lookup, arg, "" };
	int v = expr_or(&x);

	skip(&x);
	if (!x.err[0] && *x.p)
		snprintf(x.err, sizeof(x.err), "unexpected '%.20s'", x.p);
	if (x.err[0]) {
		if (err && errcap)
			snprintf(err, errcap, "%s", x.err);
		return -1;
	}
	*value = v;
	return 0;
}
