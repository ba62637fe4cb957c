/* domains.h - the one registration list: every domain's event subscribers
 * and jobs, handed to the shared mechanisms at start-up. Adding a domain
 * adds one line to each list in domains.c (docs/adding-a-domain.md). */
#ifndef MZ_DOMAINS_H
#define MZ_DOMAINS_H

/* Connects the event outbox to the registry and registers every domain's
 * subscribers and jobs, and the platform's own jobs (event delivery,
 * whole-city screening). Call once at start-up, before threads; idempotent. */
void domains_register(void);

#endif
