/* jsonw.c - the streaming JSON writer (see jsonw.h). */
#include "base/jsonw.h"

#include <stdio.h>
#include <string.h>

void jsonw_init(jsonw *w, mz_buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

static void put(jsonw *w, const char *s, size_t n)
{
	if (mz_buf_append(w->out, s, n))
		w->failed = 1;
}

/* The separator before a value or a key: none after a key or first in its
 * container, else a comma. */
static void before_value(jsonw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth > 0) {
		if (!w->first[w->depth - 1])
			put(w, ",", 1);
		w->first[w->depth - 1] = 0;
	}
}

static void open_container(jsonw *w, char opener, char closer)
{
	before_value(w);
	if (w->depth >= JSONW_MAX_DEPTH) {
		w->failed = 1;
		return;
	}
	put(w, &opener, 1);
	w->first[w->depth] = 1;
	w->closer[w->depth] = closer;
	w->depth++;
}

void jsonw_obj(jsonw *w)
{
	open_container(w, '{', '}');
}

void jsonw_arr(jsonw *w)
{
	open_container(w, '[', ']');
}

void jsonw_end(jsonw *w)
{
	if (w->depth == 0 || w->after_key) {
		w->failed = 1;
		return;
	}
	w->depth--;
	put(w, &w->closer[w->depth], 1);
}

/* Length of the UTF-8 sequence at s (at most n bytes), or 0 when it is not
 * one jansson accepts: a lead byte 0xC2..0xF4, continuation bytes
 * 10xxxxxx, no overlong form, no surrogate, nothing above U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (n < len)
		return 0;
	cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

int jsonw_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(p + i, n - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

static void put_string(jsonw *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0; /* start of the bytes not yet copied */

	if (!jsonw_utf8_valid(s, n)) {
		w->failed = 1;
		return;
	}
	put(w, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		const char *esc;
		char u[6];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(w, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default: esc = NULL; break;
		}
		if (esc) {
			put(w, esc, 2);
			continue;
		}
		memcpy(u, "\\u00", 4);
		u[4] = hex[c >> 4];
		u[5] = hex[c & 15];
		put(w, u, 6);
	}
	put(w, s + run, n - run);
	put(w, "\"", 1);
}

void jsonw_key(jsonw *w, const char *key)
{
	if (w->depth == 0 || w->closer[w->depth - 1] != '}' || w->after_key) {
		w->failed = 1;
		return;
	}
	before_value(w);
	put_string(w, key, strlen(key));
	put(w, ":", 1);
	w->after_key = 1;
}

void jsonw_strn(jsonw *w, const char *s, size_t n)
{
	before_value(w);
	put_string(w, s, n);
}

void jsonw_str(jsonw *w, const char *s)
{
	jsonw_strn(w, s, strlen(s));
}

void jsonw_str_or_null(jsonw *w, const char *s)
{
	if (s)
		jsonw_str(w, s);
	else
		jsonw_null(w);
}

void jsonw_int(jsonw *w, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof(num), "%lld", (long long)v);

	before_value(w);
	put(w, num, (size_t)n);
}

void jsonw_bool(jsonw *w, int v)
{
	before_value(w);
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

void jsonw_null(jsonw *w)
{
	before_value(w);
	put(w, "null", 4);
}

void jsonw_raw(jsonw *w, const char *json, size_t n)
{
	before_value(w);
	put(w, json, n);
}

int jsonw_failed(const jsonw *w)
{
	return w->failed;
}
