/* openapi_schema.h - a route's success response declared as data, beside
 * its inputs: every row of a route table points at an http_schema
 * (.response = &oas_...), and /api/openapi.json (openapi.c) publishes each
 * one in components.schemas under its name, the operation's 2XX response
 * referring to it. tests/api/openapi_responses.test.mjs checks that every
 * route declares one and tests/api/lib.mjs validates every 2xx JSON body
 * any API test receives against the declaration, so they cannot drift.
 *
 * The body is written in a compact notation that openapi_schema_parse
 * turns into JSON Schema (the OpenAPI 3.0 subset):
 *
 *   {a:T, b?:T, c:T|null}   an object: a and c always present (required),
 *                           b may be absent, c may be null. An object
 *                           lists every property the server sends: it is
 *                           closed (additionalProperties false); {a:T ...}
 *                           with a trailing "..." is open (the keys after
 *                           the listed ones are data, e.g. a trace).
 *   [T]                     an array of T
 *   @Name                   the named schema Name ($ref)
 *   list(T)                 the list envelope of a paged route:
 *                           {items:[T], total, page, page_size}
 *   map(T)                  an object whose keys are data, each value a T
 *   enum(a b c)             a string, one of the words
 *   id int num bool str     integer >= 1 (a row id), integer, number,
 *                           boolean, string
 *   date datetime month     "YYYY-MM-DD", RFC 3339 date-time (the server
 *                           writes Beijing time, "...T08:30:00+08:00"),
 *                           "YYYY-MM"
 *   fen                     an amount of money in integer fen (1 yuan =
 *                           100 fen)
 *   masked                  a citizen ID number with its middle digits
 *                           masked (revealed only with an audited reason)
 *   idnum                   a full citizen ID number (GB 11643)
 *   obj any                 any object; any value
 *   file(type/subtype ...)  not JSON: a file of that media type, or of
 *                           one of several (top level only)
 *   empty                   no body (204)
 *
 * Any type may be followed by a description in backquotes:
 * `age:int `-1 when the birth date is unknown``. */
#ifndef MZ_HTTP_OPENAPI_SCHEMA_H
#define MZ_HTTP_OPENAPI_SCHEMA_H

#include <jansson.h>

typedef struct http_schema {
	const char *name; /* the components.schemas key */
	const char *spec; /* the body, in the notation above */
} http_schema;

/* The JSON Schema of spec (new reference), or NULL with *err pointing at
 * a static message and *at at the offset of the fault. */
json_t *openapi_schema_parse(const char *spec, const char **err, size_t *at);

/* The media type of a file(...) spec copied into out, or "" when the body
 * is JSON; 1 when the spec is "empty" (no body). */
int openapi_schema_media(const char *spec, char *out, size_t cap);

/* Every declared schema, NULL-terminated, one table per domain
 * (openapi_schemas_*.c); openapi.c publishes them all. */
extern const http_schema *const *const openapi_schema_tables[];

#endif
