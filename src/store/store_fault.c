/* store_fault.c - the fault countdown (store_fault.h). One global counter,
 * shared by every connection: the fault lands on whichever thread makes the
 * Nth call, which is what a disk or server failure does too. */
#include "store/store_fault.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_llong fault_left;  /* 0 = disarmed */
static atomic_int fault_kind;
static atomic_llong fault_fired;
static int fault_enabled;
static pthread_once_t fault_once = PTHREAD_ONCE_INIT;

int store_fault_kind_parse(const char *s)
{
	if (!s || !*s || !strcmp(s, "any"))
		return STORE_FAULT_ANY;
	if (!strcmp(s, "step"))
		return STORE_FAULT_STEP;
	if (!strcmp(s, "commit"))
		return STORE_FAULT_COMMIT;
	return -1;
}

static void fault_read_env(void)
{
	const char *at = getenv("MZ_FAULT_AT"), *en = getenv("MZ_FAULT_ENABLE");
	int kind = store_fault_kind_parse(getenv("MZ_FAULT_KIND"));

	fault_enabled = en && !strcmp(en, "1");
	if (at && *at && kind >= 0) {
		char *end;
		long long n = strtoll(at, &end, 10);

		if (!*end && n > 0) {
			atomic_store(&fault_kind, kind);
			atomic_store(&fault_left, n);
		}
	}
}

void store_fault_init(void)
{
	pthread_once(&fault_once, fault_read_env);
}

int store_fault_enabled(void)
{
	store_fault_init();
	return fault_enabled;
}

int store_fault_arm(int64_t at, store_fault_kind kind)
{
	if (!store_fault_enabled() || at < 0)
		return -1;
	atomic_store(&fault_left, 0);
	atomic_store(&fault_kind, (int)kind);
	atomic_store(&fault_left, (long long)at);
	return 0;
}

int64_t store_fault_left(void)
{
	return atomic_load(&fault_left);
}

int64_t store_fault_fired(void)
{
	return atomic_load(&fault_fired);
}

int store_fault_hit(store_fault_kind kind)
{
	long long left = atomic_load_explicit(&fault_left, memory_order_relaxed);
	int want;

	if (left <= 0)
		return 0;
	want = atomic_load(&fault_kind);
	if (want != STORE_FAULT_ANY && want != (int)kind)
		return 0;
	/* Count down without going below zero when threads race. */
	while (left > 0) {
		if (atomic_compare_exchange_weak(&fault_left, &left, left - 1)) {
			if (left != 1)
				return 0;
			atomic_fetch_add(&fault_fired, 1);
			return 1;
		}
	}
	return 0;
}
