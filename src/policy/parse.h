/* parse.h - the parser's state, shared by parse_expr.c (tokens and
 * expressions) and parser.c (statements); internal to policy/. */
#ifndef MZ_POLICY_PARSE_H
#define MZ_POLICY_PARSE_H

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

ptoken *pp_peek(parser *P);
ptoken *pp_peek2(parser *P);
ptoken *pp_next(parser *P);
int pp_accept(parser *P, int kind);
/* Errors at a token; always -1. */
int pp_err_at(parser *P, const ptoken *t, const char *en, const char *zh);
int pp_err_expected(parser *P, const char *what_en, const char *what_zh);
int pp_expect(parser *P, int kind, const char *what_en, const char *what_zh);
/* "123" or "123.45" as v * 10^places; -1 with more decimals or > 10^15. */
int pp_parse_fixed(const char *s, size_t len, int places, int64_t *out);
/* One expression; NULL after an error. */
pnode *pp_expr(parser *P);

#endif
