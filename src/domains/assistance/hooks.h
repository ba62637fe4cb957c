/* hooks.h - what social assistance declares to the shared mechanisms: the
 * events it consumes and the periodic jobs it runs. Gathered, with every
 * other domain's, by src/domains/domains.c. */
#ifndef MZ_ASSISTANCE_HOOKS_H
#define MZ_ASSISTANCE_HOOKS_H

#include "events/events.h"
#include "jobs/jobs.h"

/* person.died -> assistance.end_enrollments: the person's enrollments end
 * with the month of death; a household enrollment is reviewed. */
extern const event_subscriber assistance_subscribers[];
/* assistance.close_exits (monthly, the 1st), assistance.reverify (monthly, the 5th). */
extern const job_def assistance_jobs[];

#endif
