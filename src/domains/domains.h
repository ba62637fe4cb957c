/* domains.h - the one registration list: every domain's event subscribers
 * and jobs, handed to the shared mechanisms at start-up. Adding a domain
 * adds one line to each list in domains.c (docs/adding-a-domain.md). */
#ifndef MZ_DOMAINS_H
#define MZ_DOMAINS_H

/* Connects the event outbox to the registry and registers every domain's
 * subscribers and jobs, and the platform's own jobs (event delivery,
 * whole-city screening). Call once at start-up, before threads; idempotent. */
void domains_register(void);

#include "policy/policy.h"
#include "store/store.h"

/* What the domains must have before a server serves, loaded at start so a
 * bad file stops the start instead of the first request that needs it:
 * the safety net's alert rules from policy_dir/alerts. -1 with e saying
 * which file and line. */
int domains_start(const char *policy_dir, mz_err *e);

/* Every domain's part of the demo city, after the registry is built
 * (`minzheng demo`): each domain's demo generator, by its real functions.
 * set may be NULL (no rules loaded: nothing is evaluated). */
int domains_demo(store_conn *c, const policy_set *set, int64_t persons, mz_err *e);

#endif
