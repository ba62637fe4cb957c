/* http.c - request plumbing: body collection with a limit, routing,
 * authentication, the error body, static files and the access log.
 *
 * Audited reads do not hold a thread while their records commit: each API
 * request runs inside a deferral (store/group_commit.h), so an audit record
 * it appends is queued for the audit group's committer and the handler goes
 * on. When the handler has returned and something was deferred, the
 * response is built and kept on the connection, the connection is
 * suspended (MHD_suspend_connection) and the thread serves others; when the
 * records are durable the committer resumes the connection, libmicrohttpd
 * calls on_request again and the kept response is queued then, or, when a
 * record failed, the error in its place: nothing is acknowledged before its
 * record is durable. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "access/session.h"
#include "base/log.h"
#include "http/server.h"
#include "store/group_commit.h"

struct http_server {
	struct MHD_Daemon *daemon;
	store *store;
	http_server_config cfg;
	char web_root[PATH_MAX];
	int port;
	/* Requests inside a deferral or suspended for one: libmicrohttpd must
	 * not be stopped with a suspended connection, so http_server_stop
	 * stops new deferrals and waits for these to end. */
	atomic_int deferring;
	atomic_int stopping;
	pthread_mutex_t drain_lock;
	pthread_cond_t drained;
};

typedef struct conn_state {
	mz_buf body;
	int too_big;
	struct timespec start;
	/* While suspended: the response to queue when the connection is
	 * resumed, its status, and the result of the deferred commits (set
	 * by the committing thread before it resumes the connection). */
	http_server *srv;
	struct MHD_Connection *conn;
	struct MHD_Response *held;
	unsigned held_status;
	int commit_rc;
	mz_err commit_err;
	char request_id[20];
	char login[64];
} conn_state;

static atomic_long request_counter;

/* ---- request accessors ------------------------------------------------- */

const char *http_param(const http_request *req, const char *name)
{
	for (int i = 0; i < req->nparams; i++)
		if (!strcmp(req->param_names[i], name))
			return req->param_values[i];
	return NULL;
}

const char *http_query(const http_request *req, const char *name)
{
	if (req->inputs) {
		const http_input *in = http_input_find(req->inputs, name);

		if (!in || in->where != HTTP_WHERE_QUERY)
			return NULL;
	}
	return MHD_lookup_connection_value(req->mhd_conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_cookie(const http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->mhd_conn, MHD_COOKIE_KIND, name);
}

const char *http_header(const http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->mhd_conn, MHD_HEADER_KIND, name);
}

void http_client_ip(const http_request *req, char *out, size_t cap)
{
	const union MHD_ConnectionInfo *ci =
		req->mhd_conn ? MHD_get_connection_info(req->mhd_conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS)
			      : NULL;
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, cap, "unknown");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)cap);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)cap);
}

/* Set once by http_server_start, read by every request. */
static int cfg_secure_cookies, cfg_trust_proxy;

int http_request_is_https(const http_request *req)
{
	const char *proto;

	if (cfg_secure_cookies)
		return 1;
	proto = cfg_trust_proxy ? http_header(req, "X-Forwarded-Proto") : NULL;
	return proto && !strcasecmp(proto, "https");
}

int http_query_int(http_request *req, const char *name, int64_t def, int64_t min,
		   int64_t max, int64_t *out)
{
	const char *v = http_query(req, name);
	char *end;
	long long n;

	*out = def;
	if (!v || !*v)
		return 0;
	n = strtoll(v, &end, 10);
	if (*end || n < min || n > max)
		return mz_failf(&req->err, MZ_EINVAL, name,
				"query parameter '%s' must be an integer from %lld to %lld",
				"参数 '%s' 须为 %lld 至 %lld 之间的整数", name, (long long)min,
				(long long)max);
	*out = n;
	return 0;
}

int http_param_id(http_request *req, const char *name, int64_t *out)
{
	const char *v = http_param(req, name);
	char *end;
	long long n;

	if (!v || !*v)
		return mz_fail(&req->err, MZ_ENOTFOUND, name, "not found", "记录不存在");
	n = strtoll(v, &end, 10);
	if (*end || n <= 0)
		return mz_fail(&req->err, MZ_ENOTFOUND, name, "not found", "记录不存在");
	*out = n;
	return 0;
}

int http_require_json(http_request *req)
{
	if (!req->json || !json_is_object(req->json))
		return mz_fail(&req->err, MZ_EBADJSON, "", "the request body must be a JSON object",
			       "请求内容须为 JSON 对象");
	return 0;
}

int http_json_str(http_request *req, const char *field, int required, size_t maxlen,
		  const char **out)
{
	json_t *v;

	*out = NULL;
	if (http_require_json(req))
		return -1;
	v = json_object_get(req->json, field);
	if (!v || json_is_null(v)) {
		if (required)
			return mz_failf(&req->err, MZ_EINVAL, field, "'%s' is required",
					"缺少必填项 '%s'", field);
		return 0;
	}
	if (!json_is_string(v))
		return mz_failf(&req->err, MZ_EINVAL, field, "'%s' must be a string",
				"'%s' 须为文本", field);
	if (strlen(json_string_value(v)) > maxlen)
		return mz_failf(&req->err, MZ_EINVAL, field, "'%s' is longer than %zu bytes",
				"'%s' 超过 %zu 字节", field, maxlen);
	*out = json_string_value(v);
	return 0;
}

int http_json_int(http_request *req, const char *field, int required, int64_t min,
		  int64_t max, int64_t *out)
{
	json_t *v;

	if (http_require_json(req))
		return -1;
	v = json_object_get(req->json, field);
	if (!v || json_is_null(v)) {
		if (required)
			return mz_failf(&req->err, MZ_EINVAL, field, "'%s' is required",
					"缺少必填项 '%s'", field);
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return mz_failf(&req->err, MZ_EINVAL, field,
				"'%s' must be an integer from %lld to %lld",
				"'%s' 须为 %lld 至 %lld 之间的整数", field, (long long)min,
				(long long)max);
	*out = json_integer_value(v);
	return 0;
}

int http_query_page(http_request *req, int64_t max_size, int64_t *page, int64_t *size)
{
	return http_query_int(req, "page", 1, 1, 1000000, page) ||
	       http_query_int(req, "page_size", 20, 1, max_size, size);
}

int http_ok(http_response *res, json_t *json)
{
	if (!json)
		return -1;
	res->status = 200;
	res->json = json;
	return 0;
}

int http_created(http_response *res, json_t *json)
{
	if (!json)
		return -1;
	res->status = 201;
	res->json = json;
	return 0;
}

void http_add_header(http_response *res, const char *name, const char *value)
{
	mz_buf b;

	if (res->nheaders >= 4)
		return;
	mz_buf_init(&b);
	mz_buf_printf(&b, "%s: %s", name, value);
	res->headers[res->nheaders++] = mz_buf_detach(&b, NULL);
}

int http_raw_fd(http_response *res, int status, const char *content_type, int fd, uint64_t len)
{
	res->status = status;
	res->content_type = content_type;
	res->has_fd = 1;
	res->fd = fd;
	res->fd_len = len;
	return 0;
}

int http_raw(http_response *res, int status, const char *content_type, char *body,
	     size_t len)
{
	res->status = status;
	res->content_type = content_type;
	res->body = body;
	res->body_len = len;
	return 0;
}

/* ---- responses ----------------------------------------------------------- */

static void add_common_headers(struct MHD_Response *r, const char *request_id, int api)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	if (api)
		MHD_add_response_header(r, "Cache-Control", "no-store");
	/* Tell clients when an idle connection will be closed, so they don't
	 * reuse one just as the server drops it. */
	MHD_add_response_header(r, "Keep-Alive", "timeout=20");
	if (request_id)
		MHD_add_response_header(r, "X-Request-Id", request_id);
}

/* The content type, the common headers and the handler's own headers
 * ("Name: value") on r; NULL stays NULL. */
static struct MHD_Response *with_headers(struct MHD_Response *r, const char *request_id,
					 const char *ctype, char **headers, int nheaders)
{
	if (!r)
		return NULL;
	MHD_add_response_header(r, "Content-Type", ctype);
	add_common_headers(r, request_id, 1);
	for (int i = 0; i < nheaders; i++) {
		char *colon = strchr(headers[i], ':');
		if (colon) {
			*colon = '\0';
			MHD_add_response_header(r, headers[i], colon + 2);
		}
	}
	return r;
}

/* An API response of body (taken over) with its headers. */
static struct MHD_Response *bytes_response(const char *request_id, const char *ctype, char *body,
					   size_t len, char **headers, int nheaders)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);

	if (!r) {
		free(body);
		return NULL;
	}
	return with_headers(r, request_id, ctype, headers, nheaders);
}

/* An API response read from the open file fd (taken over: libmicrohttpd
 * reads it as the client takes it and closes it afterwards), so a big
 * download never sits whole in memory (http_raw_fd). */
static struct MHD_Response *fd_response(const char *request_id, const char *ctype, int fd,
					uint64_t len, char **headers, int nheaders)
{
	struct MHD_Response *r = MHD_create_response_from_fd(len, fd);

	if (!r) {
		close(fd);
		return NULL;
	}
	return with_headers(r, request_id, ctype, headers, nheaders);
}

/* Queues r (NULL: out of memory, the connection is closed) and drops our
 * reference. */
static enum MHD_Result queue_response(struct MHD_Connection *conn, unsigned status,
				      struct MHD_Response *r)
{
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result queue_bytes(struct MHD_Connection *conn, const http_request *req,
				   int status, const char *ctype, char *body, size_t len,
				   char **headers, int nheaders)
{
	return queue_response(conn, (unsigned)status,
			      bytes_response(req->request_id, ctype, body, len, headers, nheaders));
}

/* The one place the error body is built. */
static char *error_body(const mz_err *e, size_t *len)
{
	json_t *o = json_pack("{s:{s:s,s:s,s:s,s:s}}", "error", "code", mz_code_name(e->code),
			      "message", e->message[0] ? e->message : mz_code_name(e->code),
			      "message_zh", e->message_zh[0] ? e->message_zh : e->message,
			      "field", e->field);
	char *s = json_dumps(o, JSON_COMPACT);

	json_decref(o);
	*len = strlen(s);
	return s;
}

/* The error response of e; retry_after_s > 0 on a rate limit's refusal
 * says when to come back (http/ratelimit.h). */
static struct MHD_Response *error_response(const char *request_id, const mz_err *e,
					   int retry_after_s)
{
	size_t len;
	char *body = error_body(e, &len);
	char retry[40], *headers[1] = { retry };

	snprintf(retry, sizeof(retry), "Retry-After: %d", retry_after_s);
	return bytes_response(request_id, "application/json; charset=utf-8", body, len, headers,
			      e->code == MZ_ERATE && retry_after_s > 0);
}

static enum MHD_Result queue_error(struct MHD_Connection *conn, const http_request *req,
				   const mz_err *e)
{
	return queue_response(conn, (unsigned)mz_code_http_status(e->code),
			      error_response(req->request_id, e, req->retry_after_s));
}

/* ---- routing --------------------------------------------------------------- */

/* Matches "/api/v1/persons/:id" against a path; fills params. */
static int route_match(const char *pattern, const char *path, http_request *req,
		       char *scratch, size_t cap)
{
	const char *p = pattern, *s = path;
	size_t used = 0;

	req->nparams = 0;
	while (*p && *s) {
		if (*p == ':') {
			const char *name = ++p;
			size_t nlen, vlen;
			while (*p && *p != '/')
				p++;
			nlen = (size_t)(p - name);
			vlen = strcspn(s, "/");
			if (!vlen || req->nparams >= 8 || used + nlen + vlen + 2 > cap)
				return 0;
			memcpy(scratch + used, name, nlen);
			scratch[used + nlen] = '\0';
			req->param_names[req->nparams] = scratch + used;
			used += nlen + 1;
			memcpy(scratch + used, s, vlen);
			scratch[used + vlen] = '\0';
			req->param_values[req->nparams++] = scratch + used;
			used += vlen + 1;
			s += vlen;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	return !*p && !*s;
}

static const char *cookie_token(struct MHD_Connection *conn)
{
	return MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "mz_session");
}

static int is_unsafe(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "OPTIONS");
}

/* Resolves the caller; enforces CSRF on cookie sessions. */
static int authenticate(http_request *req, access_ctx *who)
{
	const char *auth = http_header(req, "Authorization");
	char csrf[65];

	if (auth && !strncasecmp(auth, "Bearer ", 7)) {
		if (access_session_lookup(req->db, auth + 7, 1, who, NULL, &req->err))
			return -1;
		return 0;
	}
	if (access_session_lookup(req->db, cookie_token(req->mhd_conn), 0, who, csrf, &req->err))
		return -1;
	if (is_unsafe(req->method)) {
		const char *sent = http_header(req, "X-CSRF-Token");
		if (!sent || !access_token_equal(sent, csrf))
			return mz_fail(&req->err, MZ_ECSRF, "X-CSRF-Token",
				       "missing or wrong CSRF token", "安全校验失败，请刷新页面后重试");
	}
	return 0;
}

static void log_request(const char *request_id, const char *method, const char *path,
			int status, const conn_state *cs, const char *user)
{
	struct timespec now;
	char ms[32], st[8];

	clock_gettime(CLOCK_MONOTONIC, &now);
	snprintf(ms, sizeof(ms), "%.3f",
		 (double)(now.tv_sec - cs->start.tv_sec) * 1e3 +
			 (double)(now.tv_nsec - cs->start.tv_nsec) / 1e6);
	snprintf(st, sizeof(st), "%d", status);
	mz_log(status >= 500 ? MZ_LOG_ERROR : MZ_LOG_INFO, "request", "id", request_id,
	       "method", method, "path", path, "status", st, "ms", ms, "user",
	       user ? user : "", (const char *)0);
}

/* Runs an API request: the route, the session, the inputs, the handler.
 * Returns the response to send (NULL: out of memory) with *status; the
 * caller queues it now or, when the handler deferred audit records, once
 * they are durable. */
static struct MHD_Response *handle_api(http_server *srv, http_request *req, conn_state *cs,
				       unsigned *status)
{
	const http_route *route = NULL;
	int path_matched = 0;
	char scratch[512];
	access_ctx who;
	http_response res = { 0 };
	struct MHD_Response *r;
	int rc;

	size_t route_count;
	const http_route *http_routes = http_routes_all(&route_count);

	for (size_t i = 0; i < route_count; i++) {
		if (!route_match(http_routes[i].pattern, req->path, req, scratch, sizeof(scratch)))
			continue;
		path_matched = 1;
		if (!strcmp(http_routes[i].method, req->method)) {
			route = &http_routes[i];
			break;
		}
	}
	if (!route) {
		if (path_matched)
			mz_failf(&req->err, MZ_EMETHOD, "", "method %s is not allowed here",
				 "不支持 %s 方法", req->method);
		else
			mz_fail(&req->err, MZ_ENOTFOUND, "", "no such API endpoint", "接口不存在");
		goto error;
	}
	if (cs->too_big) {
		mz_failf(&req->err, MZ_ETOOBIG, "", "request body exceeds %zu bytes",
			 "请求内容超过 %zu 字节", srv->cfg.max_body);
		goto error;
	}
	req->db = store_conn_get(srv->store, &req->err);
	if (!req->db)
		goto error;
	if (!route->public_route) {
		if (authenticate(req, &who))
			goto error;
		snprintf(who.request_id, sizeof(who.request_id), "%s", req->request_id);
		req->who = &who;
		if (route->roles != ROLE_ANY && !(route->roles & who.role)) {
			mz_fail(&req->err, MZ_EFORBIDDEN, "", "your role may not do this",
				"您的角色无权执行此操作");
			goto error;
		}
	}
	if (cs->body.len) {
		const char *ct = http_header(req, "Content-Type");
		json_error_t jerr;

		if (!ct || strncmp(ct, "application/json", 16)) {
			mz_fail(&req->err, MZ_EUNSUPPORTED, "Content-Type",
				"request bodies must be application/json", "请求内容须为 JSON");
			goto error;
		}
		req->json = json_loadb(cs->body.data, cs->body.len, JSON_REJECT_DUPLICATES, &jerr);
		if (!req->json) {
			mz_failf(&req->err, MZ_EBADJSON, "", "invalid JSON at line %d column %d: %s",
				 "JSON 格式错误（第 %d 行第 %d 列）：%s", jerr.line, jerr.column,
				 jerr.text);
			goto error;
		}
		/* Every body is an object of named fields; a bare array, string or
		 * null never reaches a handler (each would read it differently). */
		if (!json_is_object(req->json)) {
			mz_fail(&req->err, MZ_EBADJSON, "", "the request body must be a JSON object",
				"请求内容须为 JSON 对象");
			goto error;
		}
	}
	req->inputs = route->inputs;
	if (http_inputs_check(req, route->inputs))
		goto error;
	/* The limit counts well-formed requests only: a refused body changes
	 * nothing and costs no more than the 429 would, while counting it
	 * would let one mistyped form (or an input probe) use up the
	 * address's allowance for the real submission. */
	if (route->limit && http_rate_check(req, route->limit))
		goto error;
	req->body = cs->body.data;
	req->body_len = cs->body.len;
	rc = route->handler(req, &res);
	json_decref(req->json);
	req->json = NULL;
	if (rc) {
		if (req->db)
			store_rollback(req->db); /* a handler must never leave a transaction open */
		for (int i = 0; i < res.nheaders; i++)
			free(res.headers[i]);
		json_decref(res.json);
		free(res.body);
		if (res.has_fd)
			close(res.fd);
		goto error;
	}
	*status = res.status ? (unsigned)res.status : 200;
	if (res.json) {
		char *s = json_dumps(res.json, JSON_COMPACT | JSON_ENCODE_ANY);
		json_decref(res.json);
		if (!s) {
			/* Only a handler bug gets here (e.g. a NaN real): say so, loudly. */
			for (int i = 0; i < res.nheaders; i++)
				free(res.headers[i]);
			mz_failf(&req->err, MZ_EINTERNAL, "", "response of %s %s is not serialisable",
				 "%.0s%.0s服务器内部错误", req->method, req->path);
			goto error;
		}
		r = bytes_response(req->request_id, "application/json; charset=utf-8", s, strlen(s),
				   res.headers, res.nheaders);
	} else if (res.has_fd) {
		r = fd_response(req->request_id,
				res.content_type ? res.content_type : "application/octet-stream", res.fd,
				res.fd_len, res.headers, res.nheaders);
	} else {
		char *body = res.body ? res.body : mz_strdup("");
		r = bytes_response(req->request_id,
				   res.content_type ? res.content_type : "application/octet-stream",
				   body, res.body_len, res.headers, res.nheaders);
	}
	for (int i = 0; i < res.nheaders; i++)
		free(res.headers[i]);
	snprintf(cs->login, sizeof(cs->login), "%s", req->who ? req->who->login : "");
	req->who = NULL; /* who lives on this frame */
	return r;
error:
	json_decref(req->json);
	req->json = NULL;
	snprintf(cs->login, sizeof(cs->login), "%s", req->who ? req->who->login : "");
	req->who = NULL;
	if (mz_code_http_status(req->err.code) >= 500)
		mz_log_error("request failed", "id", req->request_id, "error", req->err.message);
	*status = (unsigned)mz_code_http_status(req->err.code);
	return error_response(req->request_id, &req->err, req->retry_after_s);
}

/* ---- suspension while audit records commit ------------------------------ */

/* Counts a request that may defer; 0 once the server is stopping (the
 * request then waits for its commits on its thread, as the CLI does). */
static int deferral_hold(http_server *srv)
{
	atomic_fetch_add(&srv->deferring, 1);
	if (!atomic_load(&srv->stopping))
		return 1;
	atomic_fetch_sub(&srv->deferring, 1);
	return 0;
}

static void deferral_release(http_server *srv)
{
	if (atomic_fetch_sub(&srv->deferring, 1) == 1 && atomic_load(&srv->stopping)) {
		pthread_mutex_lock(&srv->drain_lock);
		pthread_cond_broadcast(&srv->drained);
		pthread_mutex_unlock(&srv->drain_lock);
	}
}

/* The deferred records of a suspended request are durable (rc 0) or not
 * (store_defer_ready_fn): note it and hand the connection back to its
 * thread, which calls on_request again. Runs on the committing thread;
 * once resumed, the connection (and cs) may be finished at any moment. */
static void deferred_ready(void *ctx, int rc, const mz_err *e)
{
	conn_state *cs = ctx;
	http_server *srv = cs->srv;

	cs->commit_rc = rc;
	if (rc)
		cs->commit_err = *e;
	MHD_resume_connection(cs->conn);
	deferral_release(srv);
}

/* The resumed request: its kept response, or the error of a record that
 * did not commit in place of a success (the handler's own error stays:
 * it acknowledged nothing). */
static enum MHD_Result send_held(http_server *srv, struct MHD_Connection *conn, const char *method,
				 const char *url, conn_state *cs)
{
	struct MHD_Response *r = cs->held;
	unsigned status = cs->held_status;

	cs->held = NULL;
	if (cs->commit_rc) {
		mz_log_error("audit record not stored; the response is withheld", "id",
			     cs->request_id, "error", cs->commit_err.message);
		if (status < 400) {
			MHD_destroy_response(r);
			status = (unsigned)mz_code_http_status(cs->commit_err.code);
			r = error_response(cs->request_id, &cs->commit_err, 0);
		}
	}
	if (srv->cfg.access_log || status >= 500)
		log_request(cs->request_id, method, url, (int)status, cs, cs->login);
	return queue_response(conn, status, r);
}

/* ---- static files ------------------------------------------------------ */

static const char *mime_of(const char *path)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".html", "text/html; charset=utf-8" }, { ".js", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },   { ".json", "application/json" },
		{ ".svg", "image/svg+xml" },            { ".png", "image/png" },
		{ ".ico", "image/x-icon" },             { ".woff2", "font/woff2" },
		{ ".woff", "font/woff" },               { ".ttf", "font/ttf" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

static enum MHD_Result serve_file(struct MHD_Connection *conn, const http_request *req,
				  const char *path, int immutable)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (fd < 0 || fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		if (fd >= 0)
			close(fd);
		return MHD_NO;
	}
	r = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
	MHD_add_response_header(r, "Content-Type", mime_of(path));
	MHD_add_response_header(r, "Cache-Control",
				immutable ? "public, max-age=31536000, immutable" : "no-cache");
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'");
	add_common_headers(r, req->request_id, 0);
	ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result handle_static(http_server *srv, struct MHD_Connection *conn,
				     http_request *req)
{
	char path[PATH_MAX], real[PATH_MAX];
	mz_err e = { 0 };
	enum MHD_Result ret;

	if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) {
		mz_fail(&e, MZ_EMETHOD, "", "method not allowed", "不支持该方法");
		return queue_error(conn, req, &e);
	}
	if (srv->web_root[0] && strstr(req->path, "..")) {
		mz_fail(&e, MZ_ENOTFOUND, "", "not found", "页面不存在");
		return queue_error(conn, req, &e);
	}
	if (srv->web_root[0]) {
		snprintf(path, sizeof(path), "%s%s", srv->web_root, req->path);
		if (realpath(path, real) && !strncmp(real, srv->web_root, strlen(srv->web_root))) {
			ret = serve_file(conn, req, real, !strncmp(req->path, "/assets/", 8));
			if (ret == MHD_YES)
				return ret;
		}
		/* Single-page app: unknown non-file paths get index.html. */
		if (!strchr(strrchr(req->path, '/'), '.')) {
			snprintf(path, sizeof(path), "%s/index.html", srv->web_root);
			ret = serve_file(conn, req, path, 0);
			if (ret == MHD_YES)
				return ret;
		}
	}
	mz_fail(&e, MZ_ENOTFOUND, "", "not found", "页面不存在");
	return queue_error(conn, req, &e);
}

/* ---- libmicrohttpd callbacks -------------------------------------------- */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	http_server *srv = cls;
	conn_state *cs = *con_cls;
	http_request req;
	struct MHD_Response *r;
	store_defer *defer = NULL;
	unsigned status;
	(void)version;

	if (cs && cs->held)
		return send_held(srv, conn, method, url, cs);
	if (!cs) {
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		cs = mz_xcalloc(1, sizeof(*cs));
		mz_buf_init_max(&cs->body, srv->cfg.max_body);
		clock_gettime(CLOCK_MONOTONIC, &cs->start);
		*con_cls = cs;
		if (cl && strtoull(cl, NULL, 10) > srv->cfg.max_body)
			cs->too_big = 1;
		/* A body somewhat over the limit is read and dropped, so the client
		 * (still sending) gets its 413 instead of a reset connection; a
		 * grossly oversized one is refused before a byte is read. */
		if (!cs->too_big || strtoull(cl, NULL, 10) <= 16 * (unsigned long long)srv->cfg.max_body)
			return MHD_YES;
		*upload_data_size = 0;
	}
	if (*upload_data_size) {
		if (!cs->too_big && mz_buf_append(&cs->body, upload_data, *upload_data_size))
			cs->too_big = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	memset(&req, 0, sizeof(req));
	req.method = method;
	req.path = url;
	req.mhd_conn = conn;
	req.store = srv->store;
	snprintf(req.request_id, sizeof(req.request_id), "r%ld",
		 (long)atomic_fetch_add(&request_counter, 1) + 1);
	if (!strcmp(url, "/healthz")) {
		char *ok = mz_strdup("{\"status\":\"ok\"}");
		return queue_bytes(conn, &req, 200, "application/json", ok, strlen(ok), NULL, 0);
	}
	if (!strncmp(url, "/api/", 5)) {
		if (deferral_hold(srv))
			defer = store_defer_open();
		r = handle_api(srv, &req, cs, &status);
		if (defer && store_defer_count(defer)) {
			/* Suspend first: the records may already be durable, and
			 * then deferred_ready resumes the connection before
			 * store_defer_close returns. */
			cs->srv = srv;
			cs->conn = conn;
			cs->held = r;
			cs->held_status = status;
			snprintf(cs->request_id, sizeof(cs->request_id), "%s", req.request_id);
			MHD_suspend_connection(conn);
			store_defer_close(defer, deferred_ready, cs);
			return MHD_YES;
		}
		if (defer) {
			store_defer_close(defer, NULL, NULL);
			deferral_release(srv);
		}
		if (srv->cfg.access_log || status >= 500)
			log_request(req.request_id, method, url, (int)status, cs, cs->login);
		return queue_response(conn, status, r);
	}
	return handle_static(srv, conn, &req);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	conn_state *cs = *con_cls;
	(void)cls;
	(void)conn;
	(void)toe;

	if (cs) {
		/* Only a daemon stopped under a suspended request leaves one
		 * (http_server_stop drains them first). */
		if (cs->held)
			MHD_destroy_response(cs->held);
		mz_buf_release(&cs->body);
		free(cs);
		*con_cls = NULL;
	}
}

http_server *http_server_start(store *s, const http_server_config *cfg, mz_err *e)
{
	http_server *srv = mz_xcalloc(1, sizeof(*srv));
	struct sockaddr_in addr;
	const union MHD_DaemonInfo *info;

	srv->store = s;
	srv->cfg = *cfg;
	cfg_secure_cookies = cfg->secure_cookies;
	cfg_trust_proxy = cfg->trust_proxy;
	if (cfg->web_dir && !realpath(cfg->web_dir, srv->web_root)) {
		mz_log_warn("web UI directory not found; serving the API only", "dir", cfg->web_dir);
		srv->web_root[0] = '\0';
	}
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->bind, &addr.sin_addr) != 1) {
		free(srv);
		mz_failf(e, MZ_EINVAL, "bind", "bind address '%s' is not an IPv4 address",
			 "监听地址 '%s' 不是 IPv4 地址", cfg->bind);
		return NULL;
	}
	atomic_init(&srv->deferring, 0);
	atomic_init(&srv->stopping, 0);
	pthread_mutex_init(&srv->drain_lock, NULL);
	pthread_cond_init(&srv->drained, NULL);
	srv->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
			MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME,
		(uint16_t)cfg->port, NULL, NULL, on_request, srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout_s,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_END);
	if (!srv->daemon) {
		pthread_cond_destroy(&srv->drained);
		pthread_mutex_destroy(&srv->drain_lock);
		free(srv);
		mz_failf(e, MZ_EUNAVAIL, "port", "cannot listen on %s:%d (in use?)",
			 "无法监听 %s:%d（端口被占用？）", cfg->bind, cfg->port);
		return NULL;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : cfg->port;
	return srv;
}

int http_server_port(const http_server *srv)
{
	return srv->port;
}

void http_server_stop(http_server *srv)
{
	if (!srv)
		return;
	/* libmicrohttpd must not be stopped with a suspended connection:
	 * new requests wait for their records on their threads from now on,
	 * and the suspended ones are resumed as their commits end. */
	atomic_store(&srv->stopping, 1);
	pthread_mutex_lock(&srv->drain_lock);
	while (atomic_load(&srv->deferring))
		pthread_cond_wait(&srv->drained, &srv->drain_lock);
	pthread_mutex_unlock(&srv->drain_lock);
	MHD_stop_daemon(srv->daemon);
	pthread_cond_destroy(&srv->drained);
	pthread_mutex_destroy(&srv->drain_lock);
	free(srv);
}
