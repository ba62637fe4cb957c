/* hooks.h - what the marriage register declares to the shared mechanisms:
 * the events it consumes and its job. Gathered by src/domains/domains.c. */
#ifndef MZ_MARRIAGE_HOOKS_H
#define MZ_MARRIAGE_HOOKS_H

#include "events/events.h"
#include "hall/hall.h"
#include "jobs/jobs.h"

/* marriage.registered/divorced/voided -> marriage.marital_status (the
 * registry's marital status of both persons); person.died ->
 * marriage.end_by_death. */
extern const event_subscriber marriage_subscribers[];
/* marriage.divorce_expire (daily 00:10), marriage.appointment_no_show (daily 00:20). */
extern const job_def marriage_jobs[];
/* The register hall's figures (indicators.c). */
extern const hall_indicator marriage_indicators[];

#endif
