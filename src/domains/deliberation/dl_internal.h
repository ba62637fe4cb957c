/* dl_internal.h - what the files of deliberation/ share and nobody else
 * calls: input checks and the loading of a record with its hall's scope. */
#ifndef MZ_DELIBERATION_INTERNAL_H
#define MZ_DELIBERATION_INTERNAL_H

#include "domains/deliberation/deliberation.h"

/* A required text of at most max bytes, not blank. */
int dl_check_text(const char *s, size_t max, const char *field, mz_err *e);
/* A date "YYYY-MM-DD" into *out. */
int dl_check_day(const char *s, const char *field, mz_day *out, mz_err *e);

typedef struct dl_meeting {
	int64_t id, hall_id;
	char division[16];
	char held_on[11];
	char status[12];
	char minutes_status[12];
	int quorum_met, minutes_version;
} dl_meeting;
/* The meeting within who's scope (MZ_ENOTFOUND, field "meeting_id"). */
int dl_meeting_load(store_conn *c, const access_ctx *who, int64_t id, dl_meeting *m, mz_err *e);

typedef struct dl_resolution {
	int64_t id, hall_id, meeting_id, topic_id;
	char division[16];
	char due_on[11];
	char status[16];
	int escalation;
} dl_resolution;
int dl_resolution_load(store_conn *c, const access_ctx *who, int64_t id, dl_resolution *r,
		       mz_err *e);

/* Appends to a resolution's history (its milestones), in the caller's
 * transaction. */
int dl_log(store_conn *c, int64_t hall_id, int64_t resolution_id, const char *day,
	   const char *what, const char *detail, mz_err *e);

/* The rate of one hall as of a day, as JSON {due, carried_out, overdue,
 * on_time, rate_bp}. */
json_t *dl_hall_rate(store_conn *c, int64_t hall_id, mz_day as_of, mz_err *e);

/* Resolutions of a hall with their tasks and progress (public: no names). */
json_t *dl_hall_resolutions(store_conn *c, int64_t hall_id, mz_day today, mz_err *e);
/* Topics of a hall (public: no names). */
json_t *dl_hall_topics(store_conn *c, int64_t hall_id, mz_err *e);

#endif
