/* jsonw.h - a streaming JSON writer: appends compact JSON to an mz_buf as
 * the values come, without building a tree first.
 *
 * The output is byte for byte what jansson's json_dumps(JSON_COMPACT) gives
 * for the same values added in the same order (tests/unit/test_jsonw.c
 * compares them): no whitespace; in strings '"' and '\\' escaped, \b \f \n
 * \r \t as such, the other characters below U+0020 as \u00XX (upper-case
 * hex), everything else (U+007F, '/', all of non-ASCII UTF-8) as is;
 * integers in decimal.
 *
 * Text must be valid UTF-8 by the rules jansson applies (no overlong forms,
 * no surrogates, nothing above U+10FFFF). jansson refuses such a string
 * when the tree is built, so the response is never made; the writer writes
 * nothing of the string and remembers the failure: jsonw_failed() is then
 * nonzero and the caller treats the response as jansson's callers treat a
 * NULL from json_pack.
 *
 * Use:
 *	jsonw w;
 *	jsonw_init(&w, &buf);
 *	jsonw_obj(&w);
 *	jsonw_key(&w, "id"); jsonw_int(&w, 7);
 *	jsonw_key(&w, "name"); jsonw_str(&w, name);
 *	jsonw_end(&w);
 *	if (jsonw_failed(&w)) ... */
#ifndef MZ_JSONW_H
#define MZ_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define JSONW_MAX_DEPTH 32

typedef struct jsonw {
	mz_buf *out;
	int depth;
	int after_key;                         /* the next value follows a key */
	unsigned char first[JSONW_MAX_DEPTH];  /* no member written yet at that depth */
	char closer[JSONW_MAX_DEPTH];          /* '}' or ']' */
	int failed;
} jsonw;

void jsonw_init(jsonw *w, mz_buf *out);
void jsonw_obj(jsonw *w);  /* opens an object */
void jsonw_arr(jsonw *w);  /* opens an array */
void jsonw_end(jsonw *w);  /* closes the innermost open object or array */
void jsonw_key(jsonw *w, const char *key);
void jsonw_str(jsonw *w, const char *s);
void jsonw_strn(jsonw *w, const char *s, size_t n);
void jsonw_str_or_null(jsonw *w, const char *s); /* NULL -> null */
void jsonw_int(jsonw *w, int64_t v);
void jsonw_bool(jsonw *w, int v);
void jsonw_null(jsonw *w);
/* A value already written as JSON (by another writer): copied as is. */
void jsonw_raw(jsonw *w, const char *json, size_t n);
/* Nonzero after invalid UTF-8, a failed append, or unbalanced nesting
 * (too deep, or jsonw_end with nothing open). */
int jsonw_failed(const jsonw *w);
/* Nonzero when s[0..n) is valid UTF-8 as jansson accepts it. */
int jsonw_utf8_valid(const char *s, size_t n);

#endif
