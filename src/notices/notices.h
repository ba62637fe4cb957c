/* notices.h - the bell: notices stored per staff account (deadline
 * reminders, assignments, returned payments), unread until the account
 * reads them.
 *
 * One mechanism for every kind of notice. A notice is a kind (the UI words
 * it, in Chinese or English, from its params), the facts it is made of (a
 * JSON object: ids, days, amounts; never a person's name, so the bell is no
 * read of personal data), the page it opens, the division of the record it
 * concerns, and a dedup key: an account gets at most one notice per key, so
 * a retried delivery or a reminder job run twice on one day adds nothing.
 *
 * Who writes them:
 *   - the event outbox's subscribers (notices_subscribers[], registered in
 *     src/domains/domains.c): case.transferred -> the caseworkers of the
 *     street now responsible; payment.returned -> the caseworkers of the
 *     payee's street; case.decided by someone other than the street (the
 *     district, for a case with a conflict of interest) -> the street's
 *     caseworkers;
 *   - the daily job notices.remind (notices_jobs[]): open case deadlines
 *     within NOTICES_REMIND_WORKDAYS working days or already past, public
 *     notices ending this week, objections to answer, each once, to the
 *     caseworkers whose scope covers the case.
 * An audience is "the active accounts of these roles whose scope covers
 * this division" (notices_to_scope_tx); a notice for one account is
 * notices_add_tx.
 *
 * Who reads them: only the account they are for, and only while its scope
 * still covers the notice's division (an account moved to another street
 * no longer sees the old street's notices).
 *
 * Tables owned: notices (schema/0070_notices.sql; 0070-0074 are this
 * room's). */
#ifndef MZ_NOTICES_H
#define MZ_NOTICES_H

#include <stddef.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "base/err.h"
#include "events/events.h"
#include "jobs/jobs.h"
#include "store/store.h"

/* How far ahead a case deadline is reminded of, in working days. */
#define NOTICES_REMIND_WORKDAYS 3

/* A notice to write. params_json: a JSON object's text (NULL: "{}");
 * link: a web path ("" none); division: the record's division ("" none). */
typedef struct notice_new {
	const char *kind;
	const char *params_json;
	const char *link;
	const char *division;
	const char *dedup_key;
} notice_new;

/* Writes one notice for user_id in the caller's open transaction, unless
 * the account already has one with the same dedup key. *added (may be NULL)
 * is 1 when a row was written. */
int notices_add_tx(store_conn *c, int64_t user_id, const notice_new *n, int *added, mz_err *e);

/* One notice for every enabled account whose role is in roles (access_role
 * bits) and whose scope covers division (a city-wide account of those roles
 * too), except the account whose login is `except` (NULL: none), in the
 * caller's open transaction. *added (may be NULL) gets how many rows were
 * written. */
int notices_to_scope_tx(store_conn *c, unsigned roles, const char *except, const notice_new *n,
			int *added, mz_err *e);

/* ---- the account's own notices ---- */
typedef struct notice_row {
	int64_t id;
	char kind[32];
	char *params;        /* owned: JSON object text */
	char link[128];
	char division[16];
	int64_t created_at;  /* Unix s */
	int64_t read_at;     /* 0 = unread */
} notice_row;

typedef struct notice_page {
	notice_row *items;
	size_t n;
	int64_t total;   /* rows matching the filter */
	int64_t unread;  /* unread rows of the account (whatever the filter) */
} notice_page;

/* who's own notices in scope, unread first, then newest first; kind ""
 * or NULL: every kind; unread_only: only unread. Release with
 * notice_page_release. */
int notices_list(store_conn *c, const access_ctx *who, const char *kind, int unread_only,
		 int64_t page, int64_t page_size, notice_page *out, mz_err *e);
void notice_page_release(notice_page *p); /* NULL-safe */

/* How many of who's notices in scope are unread. */
int notices_unread(store_conn *c, const access_ctx *who, int64_t *n, mz_err *e);

/* Marks one of who's notices read (already read: unchanged, not an
 * error). MZ_ENOTFOUND for another account's notice or one out of scope,
 * exactly as for one that does not exist. */
int notices_mark_read(store_conn *c, const access_ctx *who, int64_t id, mz_err *e);
/* Marks every unread notice of who's in scope read; *n how many. */
int notices_mark_all_read(store_conn *c, const access_ctx *who, int64_t *n, mz_err *e);

/* ---- reminders ---- */
typedef struct notices_remind_stats {
	int64_t scanned;  /* deadlines, notices and objections looked at */
	int64_t added;    /* notices written (repeats are skipped) */
} notices_remind_stats;

/* The deadline reminders as of `today` (the daily job, and the demo at its
 * as-of date): every open case deadline within NOTICES_REMIND_WORKDAYS
 * working days or past, every public notice ending by the Sunday of
 * today's week, every objection not yet answered, to the street
 * caseworkers whose scope covers the case, once per deadline (the due day
 * is in the dedup key: a deadline moved is reminded of again). One
 * transaction per 200 reminders. */
int notices_remind(store_conn *c, mz_day today, notices_remind_stats *out, mz_err *e);

extern const event_subscriber notices_subscribers[];
extern const job_def notices_jobs[];

#endif
