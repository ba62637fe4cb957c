/* diag.c - load errors (file:line:col, English and Chinese) and the arena
 * that holds every node and string of a loaded set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "policy/policy_int.h"

struct parena_block {
	parena_block *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
};

#define PARENA_BLOCK (64 * 1024)

void *parena_alloc(parena *a, size_t n)
{
	parena_block *b = a->head;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > PARENA_BLOCK ? n : PARENA_BLOCK;

		b = mz_xmalloc(sizeof(*b) + cap);
		b->used = 0;
		b->cap = cap;
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *parena_strndup(parena *a, const char *s, size_t n)
{
	char *d = parena_alloc(a, n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void parena_release(parena *a)
{
	parena_block *b = a->head;

	while (b) {
		parena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

void pfmt(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
}

int perr(pctx *c, const char *file, int line, int col, const char *en_fmt,
	 const char *zh_fmt, ...)
{
	policy_diags *d = c->diags;
	policy_diag *g;
	va_list ap, ap2;

	c->nerr++;
	if (d->n >= PMAX_ERRORS)
		return -1;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->items = mz_xrealloc(d->items, d->cap * sizeof(*d->items));
	}
	g = &d->items[d->n++];
	memset(g, 0, sizeof(*g));
	mz_strlcpy(g->file, file, sizeof(g->file));
	g->line = line;
	g->col = col;
	va_start(ap, zh_fmt);
	va_copy(ap2, ap);
	vsnprintf(g->message, sizeof(g->message), en_fmt, ap);
	vsnprintf(g->message_zh, sizeof(g->message_zh), zh_fmt, ap2);
	va_end(ap2);
	va_end(ap);
	if (c->nerr == 1 && c->e) {
		char where[300];

		pfmt(where, sizeof(where), "%s:%d:%d", g->file, line, col);
		mz_failf(c->e, MZ_EPOLICY, where, "%s:%d:%d: %s", "%s:%d:%d: %s",
			 g->file, line, col, g->message);
		/* mz_failf formats both messages from the same arguments, so
		 * write the Chinese one separately. */
		pfmt(c->e->message_zh, sizeof(c->e->message_zh), "%s:%d:%d: %s",
			 g->file, line, col, g->message_zh);
	}
	return -1;
}

void policy_diags_release(policy_diags *d)
{
	if (!d)
		return;
	free(d->items);
	d->items = NULL;
	d->n = d->cap = 0;
}

void policy_diag_format(const policy_diag *d, char *buf, size_t cap)
{
	if (d->line > 0)
		pfmt(buf, cap, "%s:%d:%d: %s\n  %s", d->file, d->line, d->col,
			 d->message, d->message_zh);
	else
		pfmt(buf, cap, "%s: %s\n  %s", d->file, d->message, d->message_zh);
}
