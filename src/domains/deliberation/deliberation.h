/* deliberation.h - residents' deliberation halls (议事厅): the contract.
 *
 * Guangzhou runs a hall in every community and street (2,759 by 2020) where
 * residents' representatives, the residents' committee, the property
 * company and the units concerned deliberate on topics residents, the
 * committee or the street raise ("一事一议", "分层议事"). A meeting with a
 * quorum adopts resolutions; each names a responsible unit, tasks with
 * deadlines, and is carried out with evidence. The figure the city reports
 * is the execution rate (2017: 16,295 of 17,290 resolutions carried out).
 * This domain computes it from the resolutions and their tasks (rate.h),
 * escalates overdue resolutions step by step, and hands the unresolved ones
 * to the safety net by an event.
 *
 * Contract (docs/adding-a-domain.md):
 *  - tables: dl_params, dl_halls, dl_representatives, dl_topics,
 *    dl_meetings, dl_agenda, dl_attendance, dl_amendments, dl_resolutions,
 *    dl_tasks, dl_resolution_log (schema/1450_deliberation.sql); schema
 *    range 1450-1499 (the community block, shared with volunteers at
 *    1400-1449).
 *  - scope: every row carries the hall's division_code (a community or a
 *    street); every call filters by the caller's scope inside the call, and
 *    a record outside it is "not found". Representatives who are persons of
 *    the registry are personal data: listing them by name is an audited
 *    read (deliberation.representatives.read). Topics, resolutions, tasks
 *    and the log carry no person's name: the public page shows them.
 *  - events published:
 *      deliberation.resolution_overdue (DL_EVENT_RESOLUTION_OVERDUE)
 *        when a resolution's escalation reaches its last step (a work order
 *        is due: the safety-net domain subscribes). subject: the
 *        resolution id; division_code: the hall's division; payload
 *        {"resolution_id", "hall_id", "hall_name", "hall_level", "due_on",
 *         "days_overdue", "responsible_unit", "text", "escalation": 3}.
 *        Published once per resolution (the step only rises).
 *    events consumed: none.
 *  - jobs: deliberation.escalate (daily 01:10 Beijing time): raises each
 *    overdue resolution to its escalation step (hooks.c).
 *  - hall indicators (indicators.c): deliberation.resolutions_due,
 *    .carried_out, .execution_rate, .overdue.
 *  - routes: routes.c (deliberation_routes), one public read-only route per
 *    hall; CLI: cmd_deliberation.c.
 *  - offers: the functions below; only its fronts and jobs call them.
 * Results are jansson objects owned by the caller (the reads); inputs are
 * typed structs. Errors fill mz_err with the field at fault. */
#ifndef MZ_DELIBERATION_H
#define MZ_DELIBERATION_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "base/err.h"
#include "store/store.h"

#define DL_PAGE_MAX 200
#define DL_EVENT_RESOLUTION_OVERDUE "deliberation.resolution_overdue"
#define DL_ESCALATION_LAST 3
#define DL_TASKS_MAX 20

/* ---- dated parameters (params.c) ---- */
/* The value of name in force on day; MZ_EINTERNAL if none is. */
int dl_param(store_conn *c, const char *name, mz_day day, int64_t *out, mz_err *e);
json_t *dl_params_list(store_conn *c, mz_err *e);

/* ---- halls, representatives, topics (halls.c) ---- */
typedef struct dl_hall {
	int64_t id;
	char division[16];
	char level[12];
	char name[128];
} dl_hall;

/* The hall within who's scope (MZ_ENOTFOUND, field "hall_id", outside it). */
int dl_hall_load(store_conn *c, const access_ctx *who, int64_t id, dl_hall *h, mz_err *e);

typedef struct dl_hall_new {
	const char *division_code; /* a community (12 digits) or a street (9) in scope */
	const char *name;
	const char *address;       /* may be NULL */
} dl_hall_new;
int dl_hall_create(store_conn *c, const access_ctx *who, const dl_hall_new *in, int64_t *id,
		   mz_err *e);
/* Halls in scope (division narrows it), each with its execution rate
 * today; q matches the name. sort: "field" or "-field" among id, name,
 * division_code (NULL or "": by division); another is MZ_EINVAL on "sort". */
json_t *dl_hall_list(store_conn *c, const access_ctx *who, const char *division, const char *q,
		     const char *sort, int64_t page, int64_t size, mz_err *e);
/* The hall with its representatives (named persons: an audited read),
 * topics, meetings, resolutions and its rate today. */
json_t *dl_hall_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);

typedef struct dl_rep_new {
	const char *kind;   /* resident, committee, property, unit */
	int64_t person_id;  /* a resident from the registry, 0 if none */
	const char *label;  /* organisation name, or the resident's label when no person */
} dl_rep_new;
int dl_rep_add(store_conn *c, const access_ctx *who, int64_t hall_id, const dl_rep_new *in,
	       int64_t *id, mz_err *e);

typedef struct dl_topic_new {
	const char *title;
	const char *description; /* may be NULL */
	const char *raised_by;   /* resident, committee, street */
	const char *raised_on;   /* YYYY-MM-DD, not in the future */
} dl_topic_new;
int dl_topic_create(store_conn *c, const access_ctx *who, int64_t hall_id,
		    const dl_topic_new *in, int64_t *id, mz_err *e);

/* ---- meetings, attendance, quorum, minutes (meetings.c) ---- */
typedef struct dl_meeting_new {
	const char *title;
	const char *held_on;
	const char *place;
	const int64_t *topic_ids; /* the agenda: open topics of the hall */
	size_t n_topics;
} dl_meeting_new;
int dl_meeting_create(store_conn *c, const access_ctx *who, int64_t hall_id,
		      const dl_meeting_new *in, int64_t *id, mz_err *e);
json_t *dl_meeting_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
/* Records who of the hall's active representatives came; the meeting is
 * held and its quorum decided by the dated rule (quorum.permille): present
 * * 1000 > registered * permille. Once only. */
int dl_meeting_attendance(store_conn *c, const access_ctx *who, int64_t id,
			  const int64_t *present, size_t n, mz_err *e);
/* The secretary's draft (version 1) or its rewrite before any amendment. */
int dl_minutes_draft(store_conn *c, const access_ctx *who, int64_t id, const char *text,
		     mz_err *e);
/* An attendee's amendment: representative_id was present; text is the
 * minutes after it; note says what changed. Draft minutes only. */
int dl_minutes_amend(store_conn *c, const access_ctx *who, int64_t id,
		     int64_t representative_id, const char *text, const char *note, mz_err *e);
/* Publishes the minutes: locked from then on. */
int dl_minutes_publish(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);

/* ---- resolutions and tasks (resolutions.c) ---- */
typedef struct dl_task_new {
	const char *title;
	const char *due_on; /* on or before the resolution's deadline */
} dl_task_new;
typedef struct dl_resolution_new {
	int64_t topic_id;             /* on the meeting's agenda */
	const char *text;
	const char *responsible_unit;
	const char *due_on;           /* after the meeting */
	const dl_task_new *tasks;     /* 1..DL_TASKS_MAX */
	size_t n_tasks;
} dl_resolution_new;
/* Adopted at a held meeting whose quorum was met. */
int dl_resolution_create(store_conn *c, const access_ctx *who, int64_t meeting_id,
			 const dl_resolution_new *in, int64_t *id, mz_err *e);
json_t *dl_resolution_get(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
/* status: in_progress, carried_out, overdue (in progress past its deadline)
 * or NULL for all. sort: "field" or "-field" among id, decided_on, due_on,
 * status, hall_name, responsible_unit (NULL or "": by deadline). */
json_t *dl_resolution_list(store_conn *c, const access_ctx *who, const char *division,
			   const char *status, const char *sort, int64_t page, int64_t size,
			   mz_err *e);
/* A task done on done_on (NULL: today) with its evidence; when it is the
 * resolution's last, the resolution is carried out that day. */
int dl_task_done(store_conn *c, const access_ctx *who, int64_t resolution_id, int64_t task_id,
		 const char *evidence, const char *done_on, mz_err *e);

typedef struct dl_escalate_summary {
	int64_t checked, raised, handed_over; /* handed_over: events published */
} dl_escalate_summary;
/* Raises every overdue resolution in who's scope to its step as of today
 * (docs/domain.md); the last step publishes DL_EVENT_RESOLUTION_OVERDUE. */
int dl_escalate(store_conn *c, const access_ctx *who, mz_day today, dl_escalate_summary *out,
		mz_err *e);

/* ---- execution rates (rate.h has the arithmetic) ---- */
/* Rates as of a day per hall, street and district within who's scope
 * (division narrows it). */
json_t *dl_rates(store_conn *c, const access_ctx *who, const char *division, mz_day as_of,
		 mz_err *e);

/* ---- the public page (public.c) ---- */
/* What a hall decided and did, for anyone: topics, resolutions, tasks,
 * status, the rate; no representative, no person, no user. */
json_t *dl_public_hall(store_conn *c, int64_t id, mz_err *e);

/* ---- demo (demo.c) ---- */
int dl_demo_generate(store_conn *c, int64_t persons, char *summary, size_t cap, mz_err *e);

#endif
