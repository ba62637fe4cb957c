/* ratelimit.h - request limits: a token bucket per key in this process's
 * memory, and the per-route limit a route declares in its table
 * (http_route.limit), taken by the server before the handler runs.
 *
 * Stated limits: a restart refills every bucket and each server of a
 * cluster keeps its own, so a limit holds per server; that is enough to
 * stop a runaway sender, a form flood or someone guessing ID numbers on a
 * public page, not a quota to bill by. Time is mz_now_unix() (the test
 * clock moves it). */
#ifndef MZ_HTTP_RATELIMIT_H
#define MZ_HTTP_RATELIMIT_H

#include <stdint.h>

struct http_request;

/* What a route's bucket is keyed by: the peer's address (never a
 * forwarded header, which a caller could forge), the signed-in account,
 * or both (one bucket per address and account pair). A public route has
 * no account: its key is the address whatever is declared. */
enum { HTTP_RATE_BY_ADDRESS = 1, HTTP_RATE_BY_ACCOUNT = 2 };

/* A route's declared limit: at most capacity requests per period_s
 * seconds per key (refilled evenly over the period). name separates the
 * buckets of different routes. */
typedef struct http_rate_limit {
	const char *name;
	int capacity;
	int period_s;
	unsigned key; /* HTTP_RATE_BY_* */
} http_rate_limit;

/* Takes one token from key's bucket: 1 taken, 0 empty (then
 * *retry_after_s, when not NULL, gets the seconds until the next token). */
int http_rate_take(const char *key, int capacity, int period_s, int64_t now,
		   int *retry_after_s);

/* The route's limit for this request: 0 taken; -1 with req->err
 * MZ_ERATE (429, a message in English and Chinese) and
 * req->retry_after_s set, which the server sends as Retry-After. */
int http_rate_check(struct http_request *req, const http_rate_limit *limit);

/* Empties every bucket (unit tests). */
void http_rate_reset(void);

#endif
