/* inputs.h - a route's inputs declared as data, checked before its handler.
 *
 * Every route in a routes.c table points at a static array of http_input
 * (ended by HTTP_INPUT_END): its path parameters, query parameters and JSON
 * body fields, each with a type, whether it is required and its bounds. The
 * router (http.c) calls http_inputs_check before the handler; what does not
 * match is refused with the one error body naming the field, so a handler
 * only ever sees input of the declared shape:
 *
 *   - a path id that is not a positive integer is 404 not_found (as before);
 *   - a request body that is not a JSON object is 400 bad_json, on every route;
 *   - a declared field of the wrong type, out of range, too long, blank when
 *     required, or holding control characters (tab and newlines only in
 *     HTTP_TEXT fields) or bidirectional overrides (U+202A-U+202E,
 *     U+2066-U+2069) is 400 invalid_argument naming the field;
 *   - JSON null and an empty query value count as absent, except in a PATCH
 *     body: there absent means "unchanged" and null would mean "clear", so
 *     null is refused as a wrong type unless the field is HTTP_NULL;
 *   - query parameters that are not declared are ignored, and http_query()
 *     answers NULL for them, so they never reach a handler (kore drops
 *     undeclared arguments the same way). Undeclared body fields are left
 *     for the handler, which may refuse them (PATCH /persons/:id does);
 *   - when a required body field is declared and no body was sent, the
 *     answer is bad_json, as http_require_json gives.
 *
 * A route whose inputs pointer is NULL has not been declared: nothing is
 * checked and every query parameter passes (so a route added on another
 * branch keeps working); tests/unit/test_http_inputs.c fails while any route
 * is undeclared. A route with no input at all points at http_no_inputs.
 *
 * The same declarations generate the request schemas of /api/openapi.json
 * (openapi.c). How to declare a route's inputs: docs/api.md. */
#ifndef MZ_HTTP_INPUTS_H
#define MZ_HTTP_INPUTS_H

#include <stdint.h>

#include "http/http.h"

typedef enum http_input_where {
	HTTP_WHERE_END = 0, /* the terminating entry */
	HTTP_WHERE_PATH,
	HTTP_WHERE_QUERY,
	HTTP_WHERE_BODY,
	HTTP_WHERE_ITEM, /* the element of an array (name unused) */
} http_input_where;

typedef enum http_input_type {
	HTTP_T_STRING = 1, /* max bytes (every string has one) */
	HTTP_T_INTEGER,    /* min..max */
	HTTP_T_MONEY_FEN,  /* integer fen, min..max (min defaults to 0) */
	HTTP_T_BOOLEAN,    /* JSON true/false; in a query "true"/"false"/"1"/"0" */
	HTTP_T_DATE,       /* "YYYY-MM-DD", a day that exists */
	HTTP_T_MONTH,      /* "YYYY-MM" */
	HTTP_T_ENUM,       /* a string, one of values */
	HTTP_T_ID_NUMBER,  /* citizen ID number, GB 11643 (registry/idcard.h) */
	HTTP_T_NUMBER,     /* a JSON number (integer or real), dmin..dmax */
	HTTP_T_OBJECT,     /* fields, or any object when fields is NULL */
	HTTP_T_ARRAY,      /* min..max elements, each as item (NULL: any) */
	HTTP_T_ID,         /* a path id: a positive integer, else 404 */
} http_input_type;

enum {
	HTTP_REQ = 1 << 0,  /* must be present (and, for strings, not blank) */
	HTTP_TEXT = 1 << 1, /* free text: tab, CR and LF allowed */
	HTTP_NULL = 1 << 2, /* PATCH: null is a value (clears the field) */
};

typedef struct http_input {
	const char *name;
	unsigned char where;         /* http_input_where */
	unsigned char type;          /* http_input_type */
	unsigned char flags;         /* HTTP_REQ, HTTP_TEXT */
	int64_t min, max;            /* integer/fen range; string max bytes; array size */
	double dmin, dmax;           /* HTTP_T_NUMBER range */
	const char *const *values;   /* HTTP_T_ENUM: NULL-terminated */
	const struct http_input *sub; /* object: its fields (ended by HTTP_INPUT_END);
				       * array: one HTTP_WHERE_ITEM entry */
} http_input;

/* Declaration helpers: HTTP_B_* body fields, HTTP_Q_* query parameters,
 * HTTP_P_* path parameters, HTTP_I_* array items. f is 0 or HTTP_REQ | HTTP_TEXT. */
#define HTTP_IN_(n, w, t, f, lo, hi) \
	{ .name = (n), .where = (w), .type = (t), .flags = (f), .min = (lo), .max = (hi) }
#define HTTP_B_STR(n, maxlen, f) HTTP_IN_(n, HTTP_WHERE_BODY, HTTP_T_STRING, f, 0, maxlen)
#define HTTP_B_INT(n, lo, hi, f) HTTP_IN_(n, HTTP_WHERE_BODY, HTTP_T_INTEGER, f, lo, hi)
#define HTTP_B_FEN(n, hi, f) HTTP_IN_(n, HTTP_WHERE_BODY, HTTP_T_MONEY_FEN, f, 0, hi)
#define HTTP_B_BOOL(n, f) HTTP_IN_(n, HTTP_WHERE_BODY, HTTP_T_BOOLEAN, f, 0, 1)
#define HTTP_B_DATE(n, f) HTTP_IN_(n, HTTP_WHERE_BODY, HTTP_T_DATE, f, 0, 10)
#define HTTP_B_MONTH(n, f) HTTP_IN_(n, HTTP_WHERE_BODY, HTTP_T_MONTH, f, 0, 7)
#define HTTP_B_IDNUM(n, f) HTTP_IN_(n, HTTP_WHERE_BODY, HTTP_T_ID_NUMBER, f, 0, 18)
#define HTTP_B_ENUM(n, vals, f) \
	{ .name = (n), .where = HTTP_WHERE_BODY, .type = HTTP_T_ENUM, .flags = (f), .values = (vals) }
#define HTTP_B_NUM(n, lo, hi, f) \
	{ .name = (n), .where = HTTP_WHERE_BODY, .type = HTTP_T_NUMBER, .flags = (f), \
	  .dmin = (lo), .dmax = (hi) }
#define HTTP_B_OBJ(n, fields, f) \
	{ .name = (n), .where = HTTP_WHERE_BODY, .type = HTTP_T_OBJECT, .flags = (f), .sub = (fields) }
#define HTTP_B_ARR(n, item, lo, hi, f) \
	{ .name = (n), .where = HTTP_WHERE_BODY, .type = HTTP_T_ARRAY, .flags = (f), .min = (lo), \
	  .max = (hi), .sub = (item) }

#define HTTP_Q_STR(n, maxlen) HTTP_IN_(n, HTTP_WHERE_QUERY, HTTP_T_STRING, 0, 0, maxlen)
#define HTTP_Q_INT(n, lo, hi) HTTP_IN_(n, HTTP_WHERE_QUERY, HTTP_T_INTEGER, 0, lo, hi)
#define HTTP_Q_DATE(n) HTTP_IN_(n, HTTP_WHERE_QUERY, HTTP_T_DATE, 0, 0, 10)
#define HTTP_Q_MONTH(n) HTTP_IN_(n, HTTP_WHERE_QUERY, HTTP_T_MONTH, 0, 0, 7)
#define HTTP_Q_ENUM(n, vals) \
	{ .name = (n), .where = HTTP_WHERE_QUERY, .type = HTTP_T_ENUM, .values = (vals) }
/* ?page= (from 1) and ?page_size= (1..max), as http_query_page reads them. */
#define HTTP_Q_PAGE(max_size) HTTP_Q_INT("page", 1, 1000000), HTTP_Q_INT("page_size", 1, max_size)

#define HTTP_P_ID(n) HTTP_IN_(n, HTTP_WHERE_PATH, HTTP_T_ID, HTTP_REQ, 1, INT64_MAX)
#define HTTP_P_STR(n, maxlen) HTTP_IN_(n, HTTP_WHERE_PATH, HTTP_T_STRING, HTTP_REQ, 0, maxlen)
#define HTTP_P_DATE(n) HTTP_IN_(n, HTTP_WHERE_PATH, HTTP_T_DATE, HTTP_REQ, 0, 10)
#define HTTP_P_MONTH(n) HTTP_IN_(n, HTTP_WHERE_PATH, HTTP_T_MONTH, HTTP_REQ, 0, 7)

#define HTTP_I_STR(maxlen) HTTP_IN_("", HTTP_WHERE_ITEM, HTTP_T_STRING, HTTP_REQ, 0, maxlen)
#define HTTP_I_INT(lo, hi) HTTP_IN_("", HTTP_WHERE_ITEM, HTTP_T_INTEGER, HTTP_REQ, lo, hi)
#define HTTP_I_OBJ(fields) \
	{ .name = "", .where = HTTP_WHERE_ITEM, .type = HTTP_T_OBJECT, .flags = HTTP_REQ, .sub = (fields) }

#define HTTP_INPUT_END { .name = NULL }

/* For a route that takes no input at all. */
extern const http_input http_no_inputs[];

/* Checks req (path parameters, query, req->json) against the declared
 * inputs; 0, or -1 with req->err naming the first field at fault (in the
 * order of the declaration). inputs NULL checks nothing. */
int http_inputs_check(http_request *req, const http_input *inputs);

/* Checks one value against one declaration (exposed for the unit test):
 * v is the JSON value (body) or NULL; s the query/path text when v is NULL.
 * field is the name to report. */
int http_input_check_value(const http_input *in, const json_t *v, const char *s,
			   const char *field, mz_err *e);

/* The declaration of name among inputs, NULL if not declared. */
const http_input *http_input_find(const http_input *inputs, const char *name);

/* Typed getters for validated input (a query parameter or a top-level body
 * field; path parameters: http_param/http_param_id). They never fail: the
 * router has checked the value. Absent -> def (NULL for strings). */
const char *http_input_str(const http_request *req, const char *name);
int64_t http_input_int(const http_request *req, const char *name, int64_t def);
int http_input_bool(const http_request *req, const char *name, int def);
int http_input_has(const http_request *req, const char *name);

/* 1 if s holds a character no declared string accepts: a C0/C1 control
 * (tab, CR, LF allowed when text is 1), DEL, a bidirectional embedding,
 * override or isolate (U+202A-U+202E, U+2066-U+2069), or is not UTF-8. */
int http_text_unsafe(const char *s, int text);

#endif
