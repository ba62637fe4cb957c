/* hooks.h - what the deliberation halls declare to the shared mechanisms:
 * no event consumed; one job. Gathered by src/domains/domains.c. */
#ifndef MZ_DELIBERATION_HOOKS_H
#define MZ_DELIBERATION_HOOKS_H

#include "events/events.h"
#include "hall/hall.h"
#include "jobs/jobs.h"

/* deliberation.escalate (daily 01:10): overdue resolutions raised a step;
 * the last step publishes deliberation.resolution_overdue. */
extern const job_def deliberation_jobs[];
/* resolutions due, carried out, execution rate, overdue (indicators.c). */
extern const hall_indicator deliberation_indicators[];

#endif
