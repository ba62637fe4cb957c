#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *mz_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("fatal: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *mz_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p) {
		fputs("fatal: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *mz_xrealloc(void *p, size_t n)
{
	/* The one place the raw call is allowed (banned.h): the parentheses
	 * keep the function-like macro from expanding. */
	void *q = (realloc)(p, n ? n : 1);
	if (!q) {
		fputs("fatal: out of memory\n", stderr);
		abort();
	}
	return q;
}

char *mz_strdup(const char *s)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strlen(s);
	d = mz_xmalloc(n + 1);
	memcpy(d, s, n + 1);
	return d;
}

void mz_strlcpy(char *dst, const char *src, size_t cap)
{
	if (!cap)
		return;
	snprintf(dst, cap, "%s", src ? src : "");
}

void mz_buf_init(mz_buf *b)
{
	mz_buf_init_max(b, 0);
}

void mz_buf_init_max(mz_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void mz_buf_release(mz_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void mz_buf_reset(mz_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static int ensure(mz_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	size_t cap;

	if (b->max && b->len + extra > b->max)
		return -1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->data = mz_xrealloc(b->data, cap);
	b->cap = cap;
	return 0;
}

int mz_buf_append(mz_buf *b, const void *p, size_t n)
{
	if (ensure(b, n))
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int mz_buf_puts(mz_buf *b, const char *s)
{
	return mz_buf_append(b, s, strlen(s));
}

int mz_buf_putc(mz_buf *b, char c)
{
	return mz_buf_append(b, &c, 1);
}

int mz_buf_vprintf(mz_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || ensure(b, (size_t)n))
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int mz_buf_printf(mz_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = mz_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

char *mz_buf_detach(mz_buf *b, size_t *len)
{
	char *d;

	if (!b->data)
		ensure(b, 0);
	d = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return d;
}
