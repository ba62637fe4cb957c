/* hooks.h - what the safety net declares to the shared mechanisms: the
 * events it consumes and its job. Gathered by src/domains/domains.c. */
#ifndef MZ_SAFETYNET_HOOKS_H
#define MZ_SAFETYNET_HOOKS_H

#include "base/err.h"
#include "events/events.h"
#include "jobs/jobs.h"

/* person.died -> safetynet.death_event (a 'death' event for the rules);
 * case.decided -> safetynet.dibao_fact (an approved dibao household: the
 * fact 'dibao' for each of its members). */
extern const event_subscriber safetynet_subscribers[];
/* safetynet.escalate (every 5 minutes): the orders' SLA clocks. */
extern const job_def safetynet_jobs[];
/* Loads the alert rules from policy_dir/alerts (NULL: the default) at
 * server start; -1 with e naming "file:line: what" when they do not load. */
int safetynet_start(const char *policy_dir, mz_err *e);

#endif
