/* ratelimit.c - token buckets in this process's memory, keyed by a string
 * (a route's name and a client address or account, a department). The
 * table is small and fixed; when it is full the least recently used bucket
 * is reused, which at worst forgives a sender. See ratelimit.h for what
 * the limit does and does not promise. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "http/http.h"
#include "http/ratelimit.h"

#define BUCKETS 1024

typedef struct bucket {
	char key[96];
	double tokens;
	int64_t at_ms;
} bucket;

static bucket table[BUCKETS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int http_rate_take(const char *key, int capacity, int period_s, int64_t now,
		   int *retry_after_s)
{
	bucket *b = NULL, *oldest = &table[0];
	int64_t now_ms = now * 1000;
	double per_ms;
	int ok;

	if (retry_after_s)
		*retry_after_s = period_s > 0 ? period_s : 60;
	if (capacity <= 0 || period_s <= 0)
		return 0;
	per_ms = (double)capacity / (period_s * 1000.0);
	pthread_mutex_lock(&lock);
	for (int i = 0; i < BUCKETS; i++) {
		if (table[i].key[0] && !strcmp(table[i].key, key)) {
			b = &table[i];
			break;
		}
		if (table[i].at_ms < oldest->at_ms)
			oldest = &table[i];
	}
	if (!b) {
		b = oldest;
		snprintf(b->key, sizeof(b->key), "%s", key);
		b->tokens = capacity;
		b->at_ms = now_ms;
	}
	/* A clock moved back (the test clock) refills nothing and keeps the
	 * bucket's own time, so it cannot mint tokens. */
	if (now_ms > b->at_ms) {
		b->tokens += (double)(now_ms - b->at_ms) * per_ms;
		if (b->tokens > capacity)
			b->tokens = capacity;
		b->at_ms = now_ms;
	}
	ok = b->tokens >= 1.0;
	if (ok)
		b->tokens -= 1.0;
	else if (retry_after_s) {
		/* Whole seconds until one token is back, rounded up (and
		 * forgiving float dust below a millisecond). */
		int64_t ms = (int64_t)((1.0 - b->tokens) / per_ms + 0.999);
		*retry_after_s = (int)((ms + 999) / 1000);
	}
	pthread_mutex_unlock(&lock);
	return ok;
}

int http_rate_check(http_request *req, const http_rate_limit *limit)
{
	char key[96], ip[64];
	int wait = 0;

	http_client_ip(req, ip, sizeof(ip));
	if ((limit->key & HTTP_RATE_BY_ACCOUNT) && req->who && req->who->login[0])
		snprintf(key, sizeof(key), "%s|%s|%s", limit->name, req->who->login,
			 (limit->key & HTTP_RATE_BY_ADDRESS) ? ip : "");
	else
		snprintf(key, sizeof(key), "%s|%s", limit->name, ip);
	if (http_rate_take(key, limit->capacity, limit->period_s, mz_now_unix(), &wait))
		return 0;
	req->retry_after_s = wait;
	return mz_failf(&req->err, MZ_ERATE, "",
			"too many requests (at most %d in %d seconds): retry in %d seconds",
			"请求过于频繁（最多 %d 次 / %d 秒），请 %d 秒后再试", limit->capacity,
			limit->period_s, wait);
}

void http_rate_reset(void)
{
	pthread_mutex_lock(&lock);
	memset(table, 0, sizeof(table));
	pthread_mutex_unlock(&lock);
}
