/* buf.h - growable byte buffer with an optional maximum size.
 *
 * A buf owns its storage: mz_buf_init/mz_buf_release. A buffer fed from
 * untrusted input gets a max (mz_buf_init_max); appends beyond it fail with
 * -1 and leave the buffer unchanged. The content is always NUL-terminated. */
#ifndef MZ_BUF_H
#define MZ_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct mz_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max; /* 0 = unbounded */
} mz_buf;

void mz_buf_init(mz_buf *b);
void mz_buf_init_max(mz_buf *b, size_t max);
void mz_buf_release(mz_buf *b);
void mz_buf_reset(mz_buf *b); /* len = 0, keeps storage */
int mz_buf_append(mz_buf *b, const void *p, size_t n);
int mz_buf_puts(mz_buf *b, const char *s);
int mz_buf_putc(mz_buf *b, char c);
int mz_buf_printf(mz_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int mz_buf_vprintf(mz_buf *b, const char *fmt, va_list ap);
/* Hands the storage to the caller (free() it); the buf is left empty. */
char *mz_buf_detach(mz_buf *b, size_t *len);

/* Small string helpers that never overflow. */
char *mz_strdup(const char *s); /* NULL-safe; aborts on out of memory */
void mz_strlcpy(char *dst, const char *src, size_t cap);
void *mz_xmalloc(size_t n);    /* aborts on out of memory */
void *mz_xcalloc(size_t n, size_t size);
void *mz_xrealloc(void *p, size_t n);

#endif
