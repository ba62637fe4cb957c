/* events_deliver.c - taking published events to their subscribers.
 *
 * Two steps, each in transactions of its own. Fan-out gives each new event
 * one delivery row per subscriber this binary declares for its type (the
 * subscribers are a property of the running code, so they are looked up at
 * delivery, not at publishing). Delivery then runs the due rows one by one:
 * the transaction first marks the row done - an UPDATE that matches only a
 * row not yet done, so it also takes the row's lock - then runs the
 * handler; both commit together. A second deliverer of the same row (a
 * retry after a crash between handler and commit is impossible: they are
 * one commit) finds it done and skips it: at least once to try, exactly
 * once to take effect. A failed handler is rolled back and its row records
 * the attempt, the error and the time of the next try. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/log.h"
#include "events/events.h"
#include "events/events_internal.h"

#define FANOUT_BATCH 200

int64_t events_backoff(int attempts)
{
	int64_t s = 30;

	for (int i = 1; i < attempts && s < 3600; i++)
		s *= 2;
	return s > 3600 ? 3600 : s;
}

typedef struct new_event {
	int64_t id;
	char type[48];
} new_event;

static int fan_out(store_conn *c, int64_t now, int64_t *count, mz_err *e)
{
	new_event *evs;
	const event_subscriber *sub;
	store_stmt *st;
	int64_t any = 0;
	int n = 0, r = 0;

	/* Most ticks find nothing new: a read, not a write lock, tells. */
	if (store_query_i64(c, "SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE fanned_out = 0"
			       " LIMIT 1) x", &any, e))
		return -1;
	if (!any)
		return 0;
	evs = mz_xcalloc(FANOUT_BATCH, sizeof(*evs));
	if (store_begin(c, e)) {
		free(evs);
		return -1;
	}
	st = store_prepare(c, "SELECT id, type FROM events WHERE fanned_out = 0 ORDER BY id LIMIT 200",
			   e);
	if (!st)
		goto fail;
	while (n < FANOUT_BATCH && (r = store_step(st, e)) == 1) {
		evs[n].id = store_col_i64(st, 0);
		mz_strlcpy(evs[n].type, store_col_text(st, 1), sizeof(evs[n].type));
		n++;
	}
	store_done(st);
	if (n < FANOUT_BATCH && r < 0)
		goto fail;
	for (int i = 0; i < n; i++) {
		for (int k = 0; (sub = events_subscriber_at(k)); k++) {
			if (strcmp(sub->type, evs[i].type))
				continue;
			st = store_prepare(c, "INSERT INTO event_deliveries (event_id, subscriber,"
					      " next_attempt_at) VALUES (?, ?, ?)"
					      " ON CONFLICT (event_id, subscriber) DO NOTHING", e);
			if (!st)
				goto fail;
			store_bind_i64(st, 1, evs[i].id);
			store_bind_text(st, 2, sub->name);
			store_bind_i64(st, 3, now);
			r = store_step(st, e);
			store_done(st);
			if (r < 0)
				goto fail;
		}
		if (store_update_id(c, "UPDATE events SET fanned_out = 1 WHERE id = ?", evs[i].id, e) < 0)
			goto fail;
	}
	if (store_commit(c, e))
		goto fail;
	free(evs);
	*count += n;
	return 0;
fail:
	store_rollback(c);
	free(evs);
	return -1;
}

typedef struct due_row {
	int64_t event_id;
	char subscriber[64];
} due_row;

/* The event's columns, copied out of the statement. */
typedef struct loaded_event {
	event ev;
	char type[48], division[16], by[64];
	char *payload;
} loaded_event;

/* 1 loaded, 0 no such event, -1 error. */
static int load_event(store_conn *c, int64_t id, loaded_event *le, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT type, subject_id, division_code, payload,"
				       " published_by, created_at FROM events WHERE id = ?", e);
	int r;

	if (!st)
		return -1;
	store_bind_i64(st, 1, id);
	r = store_step(st, e);
	if (r == 1) {
		mz_strlcpy(le->type, store_col_text(st, 0), sizeof(le->type));
		mz_strlcpy(le->division, store_col_text(st, 2), sizeof(le->division));
		mz_strlcpy(le->by, store_col_text(st, 4), sizeof(le->by));
		le->payload = mz_strdup(store_col_text(st, 3));
		le->ev = (event){ .id = id, .type = le->type, .subject_id = store_col_i64(st, 1),
				  .division_code = le->division, .payload = le->payload,
				  .published_by = le->by, .created_at = store_col_i64(st, 5) };
	}
	store_done(st);
	return r;
}

/* Records a failed attempt: the next try after the backoff, or none once
 * EVENTS_MAX_ATTEMPTS is reached (a person must look: events retry). */
static int record_failure(store_conn *c, int64_t event_id, const char *subscriber,
			  const char *error, int64_t now, int give_up, mz_err *e)
{
	store_stmt *st;
	int attempts = 0, r;

	if (store_begin(c, e))
		return -1;
	st = store_prepare(c, "SELECT attempts FROM event_deliveries WHERE event_id = ?"
			      " AND subscriber = ? AND status <> 'done'", e);
	if (!st)
		goto fail;
	store_bind_i64(st, 1, event_id);
	store_bind_text(st, 2, subscriber);
	r = store_step(st, e);
	if (r == 1)
		attempts = (int)store_col_i64(st, 0) + 1;
	store_done(st);
	if (r <= 0) {
		if (r < 0)
			goto fail;
		store_rollback(c); /* done meanwhile by someone else */
		return 0;
	}
	st = store_prepare(c, "UPDATE event_deliveries SET status = 'failed', attempts = ?,"
			      " last_error = ?, next_attempt_at = ? WHERE event_id = ?"
			      " AND subscriber = ? AND status <> 'done'", e);
	if (!st)
		goto fail;
	store_bind_i64(st, 1, attempts);
	store_bind_textn(st, 2, error, strnlen(error, 500));
	if (give_up || attempts >= EVENTS_MAX_ATTEMPTS)
		store_bind_null(st, 3);
	else
		store_bind_i64(st, 3, now + events_backoff(attempts));
	store_bind_i64(st, 4, event_id);
	store_bind_text(st, 5, subscriber);
	r = store_step(st, e);
	store_done(st);
	if (r < 0 || store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

/* Runs one delivery. Returns 1 delivered, 0 skipped (done elsewhere), 2
 * handler failed (recorded), -1 database error. */
static int deliver_one(store_conn *c, const due_row *d, int64_t now, mz_err *e)
{
	const event_subscriber *sub;
	loaded_event le = { 0 };
	mz_err he = { 0 };
	access_ctx sys;
	store_stmt *st;
	int r;

	r = load_event(c, d->event_id, &le, e);
	if (r <= 0) {
		free(le.payload);
		return r < 0 ? -1 : 0;
	}
	sub = events_subscriber_find(le.type, d->subscriber);
	if (!sub) {
		/* Declared by an earlier build and gone from this one: nothing can
		 * run it here. Recorded, retried only when someone asks. */
		free(le.payload);
		return record_failure(c, d->event_id, d->subscriber,
				      "no such subscriber in this build", now, 1, e)
			       ? -1 : 2;
	}
	access_ctx_system(&sys, "events");
	if (store_begin(c, e)) {
		free(le.payload);
		return -1;
	}
	st = store_prepare(c, "UPDATE event_deliveries SET status = 'done', attempts = attempts + 1,"
			      " last_error = '', next_attempt_at = NULL, done_at = ?"
			      " WHERE event_id = ? AND subscriber = ? AND status <> 'done'", e);
	if (!st)
		goto dberr;
	store_bind_i64(st, 1, now);
	store_bind_i64(st, 2, d->event_id);
	store_bind_text(st, 3, d->subscriber);
	r = store_step(st, e);
	if (r == 0 && store_changes(st) != 1) {
		store_done(st);
		store_rollback(c);
		free(le.payload);
		return 0;
	}
	store_done(st);
	if (r < 0)
		goto dberr;
	if (sub->fn(c, &sys, &le.ev, &he) || store_commit(c, &he)) {
		store_rollback(c);
		mz_log_warn("event handler failed", "subscriber", d->subscriber, "type", le.type,
			    "error", he.message);
		free(le.payload);
		return record_failure(c, d->event_id, d->subscriber,
				      he.message[0] ? he.message : "handler failed", now, 0, e)
			       ? -1 : 2;
	}
	free(le.payload);
	return 1;
dberr:
	store_rollback(c);
	free(le.payload);
	return -1;
}

int events_deliver(store *s, int64_t now, int max, events_deliver_stats *out, mz_err *e)
{
	events_deliver_stats stats = { 0 };
	store_conn *c = store_conn_get(s, e);
	due_row *due;
	store_stmt *st;
	int n = 0, r = 0;

	if (out)
		*out = stats;
	if (!c)
		return -1;
	/* Fan out until the backlog of new events is gone (a batch at a time,
	 * so one transaction stays small). */
	for (;;) {
		int64_t before = stats.fanned_out;

		if (fan_out(c, now, &stats.fanned_out, e))
			return -1;
		if (stats.fanned_out - before < FANOUT_BATCH)
			break;
	}
	if (max < 1) {
		if (out)
			*out = stats;
		return 0;
	}
	due = mz_xcalloc((size_t)max, sizeof(*due));
	st = store_prepare(c, "SELECT event_id, subscriber FROM event_deliveries"
			      " WHERE status <> 'done' AND next_attempt_at IS NOT NULL"
			      " AND next_attempt_at <= ? ORDER BY next_attempt_at, event_id LIMIT ?", e);
	if (!st) {
		free(due);
		return -1;
	}
	store_bind_i64(st, 1, now);
	store_bind_i64(st, 2, max);
	while (n < max && (r = store_step(st, e)) == 1) {
		due[n].event_id = store_col_i64(st, 0);
		mz_strlcpy(due[n].subscriber, store_col_text(st, 1), sizeof(due[n].subscriber));
		n++;
	}
	store_done(st);
	if (r < 0) {
		free(due);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		r = deliver_one(c, &due[i], now, e);
		if (r < 0) {
			free(due);
			if (out)
				*out = stats;
			return -1;
		}
		if (r == 1)
			stats.delivered++;
		else if (r == 2)
			stats.failed++;
	}
	free(due);
	if (out)
		*out = stats;
	return 0;
}
