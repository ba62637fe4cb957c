/* hooks.h - what the volunteer domain declares to the shared mechanisms.
 * Gathered, with every other domain's, by src/domains/domains.c. */
#ifndef MZ_VOLUNTEER_HOOKS_H
#define MZ_VOLUNTEER_HOOKS_H

#include "events/events.h"
#include "jobs/jobs.h"

/* person.died -> volunteer.close_dead: a dead volunteer's record, pairings
 * and offers end (orders they held go back to dispatch) and their account
 * closes (its balance frozen, still in the ledger); a dead resident's open
 * orders are cancelled and pairings ended. */
extern const event_subscriber volunteer_subscribers[];
/* volunteer.offer_expire (every minute): offers past their time limit
 * expire and their orders go to the next volunteer. */
extern const job_def volunteer_jobs[];
/* "volunteer.self" for an account that signs in as a volunteer
 * (access/org_link.h). */
extern const char volunteer_link_kinds_sql[];

#endif
