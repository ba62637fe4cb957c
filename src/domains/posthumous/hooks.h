/* hooks.h - the posthumous domain's subscribers and jobs.
 *
 * person.died -> posthumous.open_case: a death recorded anywhere (the
 * registry's PATCH as well as this domain's registration) has its case;
 * a case that exists takes a corrected death date.
 * Job posthumous.flag_overdue (daily 06:10 Beijing time): flags the open
 * outside tasks past their deadline. */
#ifndef MZ_POSTHUMOUS_HOOKS_H
#define MZ_POSTHUMOUS_HOOKS_H

#include "events/events.h"
#include "hall/hall.h"
#include "jobs/jobs.h"

extern const event_subscriber posthumous_subscribers[];
extern const job_def posthumous_jobs[];
extern const hall_indicator posthumous_indicators[];
/* "posthumous.home" for a funeral home's linked staff (access/org_link.h). */
extern const char posthumous_link_kinds_sql[];

#endif
