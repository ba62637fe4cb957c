/* ratelimit.c - token buckets in this process's memory, keyed by a string
 * (a department, a client address). Stated limits: a restart refills every
 * bucket and each server of a cluster keeps its own, so the limit holds
 * per server; that is enough to stop a runaway sender or a form flood, not
 * a quota to bill by. The table is small and fixed; when it is full the
 * emptiest-looking (least recently used) bucket is reused. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "domains/safetynet/safetynet.h"

#define BUCKETS 1024

typedef struct bucket {
	char key[64];
	double tokens;
	int64_t at_ms;
} bucket;

static bucket table[BUCKETS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int sn_rate_take(const char *key, int capacity, int period_s, int64_t now)
{
	bucket *b = NULL, *oldest = &table[0];
	int64_t now_ms = now * 1000;
	int ok;

	if (capacity <= 0 || period_s <= 0)
		return 0;
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
	if (now_ms > b->at_ms) {
		b->tokens += (double)(now_ms - b->at_ms) * capacity / (period_s * 1000.0);
		if (b->tokens > capacity)
			b->tokens = capacity;
	}
	b->at_ms = now_ms > b->at_ms ? now_ms : b->at_ms;
	ok = b->tokens >= 1.0;
	if (ok)
		b->tokens -= 1.0;
	pthread_mutex_unlock(&lock);
	return ok;
}

void sn_rate_reset(void)
{
	pthread_mutex_lock(&lock);
	memset(table, 0, sizeof(table));
	pthread_mutex_unlock(&lock);
}
