/* events.h - the event outbox: "this happened", told to whoever declared
 * an interest, without the writer knowing who that is.
 *
 * A room publishes an event inside the transaction that makes the change
 * (events_publish): the event row and its audit record commit with the
 * change or not at all, so a rolled-back change leaves no event and a
 * committed one always has its event. Delivery comes afterwards
 * (events_deliver, run by the job runner): each event goes to every
 * subscriber declared for its type, at least once; a subscriber's handler
 * runs in one transaction with marking its delivery done, so a retried
 * delivery never runs a handler twice for the same (event, subscriber). A
 * failing handler is rolled back and retried with backoff; its delivery
 * shows as failed with the error (events_list, `minzheng events list
 * --failed`, GET /api/v1/events?status=failed).
 *
 * Subscribers are declared per domain as a static table (see
 * src/domains/domains.c for the one registration list); domains never call
 * each other, they subscribe.
 *
 * Tables owned: events, event_deliveries (schema/0020_events.sql). */
#ifndef MZ_EVENTS_H
#define MZ_EVENTS_H

#include <stdint.h>

#include "access/access.h"
#include "base/err.h"
#include "store/store.h"

/* The event types published today, and by whom:
 *   person.died      registry (a death date recorded);   subject: person
 *   case.decided     assistance (approve, pay_first, reject); subject: case
 *   enrollment.ended benefits (an enrollment ends);      subject: enrollment
 *   case.transferred cases (accepted by another street than the household's,
 *                    全城通办);                            subject: case
 *   payment.returned benefits (a payroll line the bank returned, sent -> failed);
 *                    subject: the enrollment's person, 0 if it names none;
 *                    payload {payment_id, run_id, household_id, program,
 *                    month, amount_fen, reason} */
#define EVENT_PERSON_DIED "person.died"
#define EVENT_CASE_DECIDED "case.decided"
#define EVENT_ENROLLMENT_ENDED "enrollment.ended"
#define EVENT_CASE_TRANSFERRED "case.transferred"
#define EVENT_PAYMENT_RETURNED "payment.returned"

/* One event as a handler sees it (borrowed: valid during the call). */
typedef struct event {
	int64_t id;
	const char *type;
	int64_t subject_id;
	const char *division_code;
	const char *payload;       /* JSON object text */
	const char *published_by;
	int64_t created_at;        /* Unix s */
} event;

/* A handler runs inside an open write transaction that also marks its
 * delivery done: it must not begin or commit; returning -1 (e filled)
 * rolls back its writes and schedules a retry. `who` is the system
 * context "events" with city scope: the event, not a user, is the cause. */
typedef int (*event_handler_fn)(store_conn *c, const access_ctx *who, const event *ev,
				mz_err *e);

typedef struct event_subscriber {
	const char *type;     /* the event type it consumes */
	const char *name;     /* "<domain>.<what>", unique, kept in the deliveries */
	event_handler_fn fn;
} event_subscriber;

/* Adds a domain's table (terminated by an entry with type NULL) to the
 * subscribers of this process. The table is borrowed for the process's
 * life; adding the same table twice is a no-op. Not thread-safe: call at
 * start-up, before any delivery. Returns 0, or -1 when the list is full. */
int events_subscribe(const event_subscriber *table);
/* Forgets every table (tests). */
void events_unsubscribe_all(void);

/* Connects the outbox to the core rooms that publish without being able
 * to include this header (the registry is a tier below). Call once at
 * start-up; idempotent. */
void events_init(void);

/* Writes an event in the caller's open write transaction and appends its
 * audit record ("event.publish") there too. payload_json must be a JSON
 * object (NULL: "{}"); division_code may be NULL. *id_out (may be NULL)
 * receives the event id. */
int events_publish(store_conn *c, const access_ctx *who, const char *type, int64_t subject_id,
		   const char *division_code, const char *payload_json, int64_t *id_out,
		   mz_err *e);

/* One event of a batch (events_publish_batch); the strings are borrowed. */
typedef struct event_draft {
	const char *type;
	int64_t subject_id;
	const char *division_code; /* NULL: "" */
	const char *payload;       /* a JSON object's text; NULL: "{}" */
} event_draft;

/* Publishes n events in the caller's open write transaction: the rows and
 * audit records n calls of events_publish would write (same columns, same
 * payloads, an "event.publish" record per event with the payload as its
 * detail), in a few statements instead of four round trips per event: the
 * n ids drawn at once (store_next_ids), the rows in one bulk write (COPY on
 * PostgreSQL and Citus; on SQLite multi-row INSERTs of one prepared shape,
 * reused), then the n audit records in one append (audit_append_tx: each
 * chain's head locked and moved once). Ids ascend in the order of evs;
 * ids_out (may be NULL) receives them. A payload that is not a JSON object
 * fails the whole batch before anything is written. */
int events_publish_batch(store_conn *c, const access_ctx *who, const event_draft *evs, size_t n,
			 int64_t *ids_out, mz_err *e);

/* A string field of the payload into out (cap bytes); "" when absent or
 * not a string. */
void events_payload_str(const event *ev, const char *field, char *out, size_t cap);

/* ---- delivery ---- */
#define EVENTS_MAX_ATTEMPTS 10

typedef struct events_deliver_stats {
	int64_t fanned_out;  /* events given their delivery rows */
	int64_t delivered;   /* handlers that ran and committed */
	int64_t failed;      /* handlers that failed (retry scheduled or given up) */
} events_deliver_stats;

/* Delivers what is due at `now` (Unix s): first gives every new event one
 * pending delivery per subscriber of its type (due at now), then runs up to
 * `max` due deliveries (0: none, fan-out only), each in its own transaction. A handler failure is not an
 * error of this call (it is recorded on the delivery); -1 means the
 * database failed. Uses the calling thread's connection of s. */
int events_deliver(store *s, int64_t now, int max, events_deliver_stats *out, mz_err *e);

/* Seconds to wait after the attempts-th failed attempt (1, 2, ...):
 * 30 s doubling to at most an hour. */
int64_t events_backoff(int attempts);

/* ---- inspection (fronts) ---- */
typedef struct event_delivery_row {
	char subscriber[64];
	char status[12];
	int attempts;
	char last_error[512];
	int64_t next_attempt_at; /* 0 = none */
	int64_t done_at;         /* 0 = not done */
} event_delivery_row;

typedef struct event_row {
	int64_t id, subject_id, created_at;
	char type[48];
	char division_code[16];
	char published_by[64];
	char status[12];         /* done | pending | failed, over its deliveries */
	char *payload;           /* owned */
	event_delivery_row *deliveries; /* owned */
	int ndeliveries;
} event_row;

typedef struct event_page {
	event_row *items;
	int n;
	int64_t total;
} event_page;

/* Events in who's scope (events without a division too), newest first,
 * filtered by status ("" or NULL: all; "done", "pending", "failed"; an
 * event is failed when a delivery is, pending while one is due or it is
 * not yet fanned out). Release with events_page_release. */
int events_list(store_conn *c, const access_ctx *who, const char *status, int64_t page,
		int64_t page_size, event_page *out, mz_err *e);
void events_page_release(event_page *p); /* NULL-safe */

/* The latest event of `type` about subject_id (by id), with one delivery
 * row per subscriber: its real deliveries once fanned out; before that, one
 * "pending" row per subscriber declared now, so a reader sees what is still
 * to happen. *found is 0 (out zeroed) when there is no such event. No scope
 * and no audit: for a room that reached the subject through a record of its
 * own that it has scoped and audits (a posthumous case shows how each
 * subscriber of person.died acted). Release out with events_row_release. */
int events_subject_latest(store_conn *c, const char *type, int64_t subject_id, event_row *out,
			  int *found, mz_err *e);
void events_row_release(event_row *r); /* NULL-safe */

/* Makes the failed deliveries of event id due now again (one more round
 * of attempts). MZ_ENOTFOUND for an unknown event or one out of scope,
 * MZ_ESTATE when none of its deliveries failed. *n gets how many were
 * requeued. Audited ("event.retry"). */
int events_retry(store_conn *c, const access_ctx *who, int64_t id, int *n, mz_err *e);

#endif
