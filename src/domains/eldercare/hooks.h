/* hooks.h - what elderly care declares to the shared mechanisms: the
 * events it consumes and the periodic jobs it runs. Gathered, with every
 * other domain's, by src/domains/domains.c. */
#ifndef MZ_ELDERCARE_HOOKS_H
#define MZ_ELDERCARE_HOOKS_H

#include "events/events.h"
#include "jobs/jobs.h"

/* person.died -> eldercare.cancel_card (the canteen card is cancelled) and
 * eldercare.end_call_service (the 平安通 subscription ends on the day of
 * death). */
extern const event_subscriber eldercare_subscribers[];
/* eldercare.checkin_sweep (daily: yesterday's missed check-ins),
 * eldercare.offer_expire (every 10 minutes), eldercare.visit_overdue
 * (monthly on the 1st: last month's unvisited elders on the outbox). */
extern const job_def eldercare_jobs[];
/* What a linked provider account acts for ("eldercare.canteen", ...,
 * access/org_link.h): the provider's kind. */
extern const char eldercare_link_kinds_sql[];

#endif
