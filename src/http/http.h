/* http.h - what an API handler sees: a parsed request and a response to fill.
 *
 * Handlers live in http/api_<domain>.c, translate JSON to domain calls and
 * back, and contain no SQL. Routes are declared as data in http/routes.c:
 * method, path pattern (":name" segments), handler, the roles allowed
 * (ROLE_ANY = any signed-in user), whether a session is needed at all, and
 * the inputs the route takes (http/inputs.h), checked before the handler.
 *
 * Errors: a handler returns -1 with req->err filled (mz_fail) and the server
 * writes the one error body {"error":{"code","message","message_zh","field"}}
 * with the code's HTTP status. On success it sets res->status and res->json
 * (the server owns and frees it) or res->body/res->content_type. */
#ifndef MZ_HTTP_H
#define MZ_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "access/access.h"
#include "base/buf.h"
#include "base/err.h"
#include "store/store.h"

typedef struct http_request {
	const char *method;
	const char *path;
	void *mhd_conn;        /* struct MHD_Connection *, for http.c only */
	const char *body;      /* raw body, NUL-terminated (may be NULL) */
	size_t body_len;
	json_t *json;          /* parsed body for application/json, else NULL */
	int nparams;
	const char *param_names[8];
	const char *param_values[8]; /* path parameters, e.g. ":id" */
	store_conn *db;        /* this thread's connection */
	store *store;
	access_ctx *who;       /* the signed-in caller, NULL on public routes */
	mz_err err;
	char request_id[20];
	/* The route's declared inputs (http/inputs.h), checked before the
	 * handler runs; NULL on a route not declared yet. */
	const struct http_input *inputs;
	/* Set with a 429 by the route's rate limit (http/ratelimit.h): the
	 * error carries Retry-After with these seconds. */
	int retry_after_s;
} http_request;

typedef struct http_response {
	int status;
	json_t *json;               /* owned by the server after return */
	char *body;                 /* malloc'd raw body (used when json is NULL) */
	size_t body_len;
	const char *content_type;   /* static string */
	char *headers[4];           /* malloc'd "Name: value" extra headers */
	int nheaders;
	/* A body sent from an open file (http_raw_fd): big downloads leave
	 * from the disk, never whole in memory. The server closes fd. */
	int has_fd, fd;
	uint64_t fd_len;
} http_response;

typedef int (*http_handler)(http_request *req, http_response *res);

/* Path parameter by name ("id"); NULL if absent. */
const char *http_param(const http_request *req, const char *name);
/* Query-string value; NULL if absent, and NULL for a parameter the route
 * does not declare (http/inputs.h): undeclared input never reaches a handler. */
const char *http_query(const http_request *req, const char *name);
/* Cookie value; NULL if absent. */
const char *http_cookie(const http_request *req, const char *name);
/* Request header value; NULL if absent. */
const char *http_header(const http_request *req, const char *name);
/* The peer's address as text ("127.0.0.1", "::1"; "unknown" outside a
 * connection), for a public route that limits its callers by address. The
 * direct peer, never a forwarded header (which a caller could forge). */
void http_client_ip(const http_request *req, char *out, size_t cap);
/* Typed, range-checked query getters: return -1 with req->err naming the
 * parameter when present but malformed/out of range; *out = def if absent. */
int http_query_int(http_request *req, const char *name, int64_t def, int64_t min,
		   int64_t max, int64_t *out);
/* ?page= (from 1) and ?page_size= (1..max, default 20), as every list takes. */
int http_query_page(http_request *req, int64_t max_size, int64_t *page, int64_t *size);
/* Path parameter as a positive id; -1 (404-style not_found) if malformed. */
int http_param_id(http_request *req, const char *name, int64_t *out);
/* Body field getters for req->json: missing required -> -1 with err. */
int http_json_str(http_request *req, const char *field, int required,
		  size_t maxlen, const char **out);
int http_json_int(http_request *req, const char *field, int required,
		  int64_t min, int64_t max, int64_t *out);
/* Requires a JSON object body; -1 with MZ_EBADJSON otherwise. */
int http_require_json(http_request *req);

/* Response helpers. */
/* 200 / 201 with json (stolen). json NULL means the domain call that made
 * it failed and filled req->err: they return -1 and the router answers
 * with that error, so a handler can be `return http_ok(res, f(...));`. */
int http_ok(http_response *res, json_t *json);
int http_created(http_response *res, json_t *json);
void http_add_header(http_response *res, const char *name, const char *value);
/* 1 when the client reached us over TLS as far as the configuration can
 * tell (serve --secure-cookies, or --trust-proxy and the proxy's
 * X-Forwarded-Proto: https): the session cookie is then Secure. */
int http_request_is_https(const http_request *req);
/* Raw bytes: takes ownership of body (malloc'd). */
/* The body is the first len bytes of the open file fd, which the server
 * reads as it sends and then closes (also when the request fails). */
int http_raw_fd(http_response *res, int status, const char *content_type, int fd, uint64_t len);
int http_raw(http_response *res, int status, const char *content_type, char *body,
	     size_t len);

#endif
