/* server.h - the HTTP server: libmicrohttpd with a thread pool, one route
 * table (routes.c), session/CSRF/role checks before any handler runs, the
 * one error body, static files of the web UI, and a JSON access log. */
#ifndef MZ_SERVER_H
#define MZ_SERVER_H

#include <stddef.h>

#include "http/http.h"
#include "http/inputs.h"
#include "http/ratelimit.h"
#include "store/store.h"

typedef struct http_server_config {
	const char *bind;       /* "127.0.0.1" */
	int port;               /* 0 = any free port */
	int threads;            /* worker threads (each with its own DB connection) */
	size_t max_body;        /* request body limit in bytes */
	int timeout_s;          /* idle connection timeout */
	const char *web_dir;    /* built UI (web/dist); NULL = API only */
	int access_log;         /* log every request at info level */
	int secure_cookies;     /* served over TLS (by a front proxy): the cookie is Secure */
	int trust_proxy;        /* a proxy's X-Forwarded-Proto: https makes the cookie Secure */
} http_server_config;

typedef struct http_server http_server;

/* Starts serving; returns NULL with e filled when the port can't be bound. */
http_server *http_server_start(store *s, const http_server_config *cfg, mz_err *e);
int http_server_port(const http_server *srv);
void http_server_stop(http_server *srv); /* NULL-safe; waits for requests to finish */

/* One route: method, pattern with ":name" segments, the roles allowed
 * (ROLE_ANY = every signed-in user), whether a session is required, and
 * its inputs (http/inputs.h: every path, query and body input with its type
 * and bounds, checked before the handler; http_no_inputs when it takes
 * none). */
typedef struct http_route {
	const char *method;
	const char *pattern;
	http_handler handler;
	unsigned roles;
	int public_route; /* 1: no session needed */
	const char *summary; /* for /api/openapi.json */
	const http_input *inputs;
	/* Optional: the route's rate limit (http/ratelimit.h), taken after
	 * the session check and before the inputs; every public route that
	 * answers about people or takes a form declares one. */
	const struct http_rate_limit *limit;
	/* Its success response (http/openapi_schema.h), set by name after the
	 * positional fields: .response = &oas_.... */
	const struct http_schema *response;
} http_route;

/* Every route: the core's and each domain's table (routes.c), in order of
 * matching. The array is built once and never freed. */
const http_route *http_routes_all(size_t *count);

#endif
