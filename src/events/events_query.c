/* events_query.c - what the outbox holds, for people: lists and retries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/date.h"
#include "events/events.h"
#include "events/events_internal.h"

/* An event's status over its deliveries: one failed makes it failed (a
 * person should look), then anything still to run makes it pending. */
#define EVENT_STATUS_SQL                                                                    \
	"CASE WHEN EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_id = ev.id"       \
	" AND d.status = 'failed') THEN 'failed' WHEN ev.fanned_out = 0 OR EXISTS"          \
	" (SELECT 1 FROM event_deliveries d WHERE d.event_id = ev.id AND d.status ="        \
	" 'pending') THEN 'pending' ELSE 'done' END"
#define EVENT_IN_SCOPE_SQL \
	"(ev.division_code = '' OR " ACCESS_SCOPE_SQL("ev.division_code") ")"
#define EVENT_ROWS_SQL                                                                      \
	"SELECT ev.id, ev.type, ev.subject_id, ev.division_code, ev.payload,"                \
	" ev.published_by, ev.created_at, " EVENT_STATUS_SQL " AS status FROM events ev"     \
	" WHERE " EVENT_IN_SCOPE_SQL

/* A condition that narrows the events to those that can have the status,
 * so that the few failed or pending ones are found through the deliveries'
 * status index rather than by computing the status of every event; the
 * exact status is then compared outside. */
static const char *narrowing(const char *status)
{
	if (!strcmp(status, "failed"))
		return " AND ev.id IN (SELECT d.event_id FROM event_deliveries d"
		       " WHERE d.status = 'failed')";
	if (!strcmp(status, "pending"))
		return " AND (ev.fanned_out = 0 OR ev.id IN (SELECT d.event_id FROM"
		       " event_deliveries d WHERE d.status = 'pending'))";
	return " AND ev.fanned_out = 1";
}

static int load_deliveries(store_conn *c, event_row *r, mz_err *e)
{
	store_stmt *st = store_prepare(c, "SELECT subscriber, status, attempts, last_error,"
				       " next_attempt_at, done_at FROM event_deliveries"
				       " WHERE event_id = ? ORDER BY subscriber", e);
	int rc, cap = 0;

	if (!st)
		return -1;
	store_bind_i64(st, 1, r->id);
	while ((rc = store_step(st, e)) == 1) {
		event_delivery_row *d;

		if (r->ndeliveries == cap) {
			cap = cap ? cap * 2 : 4;
			r->deliveries = mz_xrealloc(r->deliveries, (size_t)cap * sizeof(*d));
		}
		d = &r->deliveries[r->ndeliveries++];
		memset(d, 0, sizeof(*d));
		mz_strlcpy(d->subscriber, store_col_text(st, 0), sizeof(d->subscriber));
		mz_strlcpy(d->status, store_col_text(st, 1), sizeof(d->status));
		d->attempts = (int)store_col_i64(st, 2);
		mz_strlcpy(d->last_error, store_col_text(st, 3), sizeof(d->last_error));
		d->next_attempt_at = store_col_is_null(st, 4) ? 0 : store_col_i64(st, 4);
		d->done_at = store_col_is_null(st, 5) ? 0 : store_col_i64(st, 5);
	}
	store_done(st);
	return rc < 0 ? -1 : 0;
}

int events_list(store_conn *c, const access_ctx *who, const char *status, int64_t page,
		int64_t page_size, event_page *out, mz_err *e)
{
	int filtered = status && *status;
	store_stmt *st;
	mz_buf sql;
	int rc, cap = 0;

	memset(out, 0, sizeof(*out));
	if (filtered && strcmp(status, "done") && strcmp(status, "pending") &&
	    strcmp(status, "failed"))
		return mz_fail(e, MZ_EINVAL, "status", "status must be done, pending or failed",
			       "状态须为 done、pending 或 failed");
	if (page < 1)
		page = 1;
	if (page_size < 1)
		page_size = 20;
	mz_buf_init(&sql);
	mz_buf_printf(&sql, "SELECT COUNT(*) FROM (SELECT * FROM (" EVENT_ROWS_SQL "%s) x%s) y",
		      filtered ? narrowing(status) : "", filtered ? " WHERE x.status = ?" : "");
	st = store_prepare(c, sql.data, e);
	if (!st)
		goto fail_sql;
	store_bind_text(st, 1, who->scope_lo);
	store_bind_text(st, 2, who->scope_hi);
	if (filtered)
		store_bind_text(st, 3, status);
	rc = store_step(st, e);
	if (rc == 1)
		out->total = store_col_i64(st, 0);
	store_done(st);
	if (rc < 0)
		goto fail_sql;
	mz_buf_reset(&sql);
	mz_buf_printf(&sql, "SELECT * FROM (" EVENT_ROWS_SQL "%s) x%s ORDER BY x.id DESC"
		      " LIMIT ? OFFSET ?", filtered ? narrowing(status) : "",
		      filtered ? " WHERE x.status = ?" : "");
	st = store_prepare(c, sql.data, e);
	mz_buf_release(&sql);
	if (!st)
		return -1;
	{
		int k = 0;

		store_bind_text(st, ++k, who->scope_lo);
		store_bind_text(st, ++k, who->scope_hi);
		if (filtered)
			store_bind_text(st, ++k, status);
		store_bind_i64(st, ++k, page_size);
		store_bind_i64(st, ++k, (page - 1) * page_size);
	}
	while ((rc = store_step(st, e)) == 1) {
		event_row *r;

		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			out->items = mz_xrealloc(out->items, (size_t)cap * sizeof(*r));
		}
		r = &out->items[out->n++];
		memset(r, 0, sizeof(*r));
		r->id = store_col_i64(st, 0);
		mz_strlcpy(r->type, store_col_text(st, 1), sizeof(r->type));
		r->subject_id = store_col_i64(st, 2);
		mz_strlcpy(r->division_code, store_col_text(st, 3), sizeof(r->division_code));
		r->payload = mz_strdup(store_col_text(st, 4));
		mz_strlcpy(r->published_by, store_col_text(st, 5), sizeof(r->published_by));
		r->created_at = store_col_i64(st, 6);
		mz_strlcpy(r->status, store_col_text(st, 7), sizeof(r->status));
	}
	store_done(st);
	if (rc < 0)
		goto fail;
	for (int i = 0; i < out->n; i++)
		if (load_deliveries(c, &out->items[i], e))
			goto fail;
	return 0;
fail_sql:
	mz_buf_release(&sql);
	return -1;
fail:
	events_page_release(out);
	return -1;
}

void events_page_release(event_page *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->n; i++) {
		free(p->items[i].payload);
		free(p->items[i].deliveries);
	}
	free(p->items);
	memset(p, 0, sizeof(*p));
}

int events_retry(store_conn *c, const access_ctx *who, int64_t id, int *n, mz_err *e)
{
	char division[16] = "", idbuf[24];
	store_stmt *st;
	audit_entry a;
	int64_t changed;
	int rc;

	*n = 0;
	if (store_begin(c, e))
		return -1;
	st = store_prepare(c, "SELECT ev.division_code FROM events ev WHERE ev.id = ? AND "
			      EVENT_IN_SCOPE_SQL, e);
	if (!st)
		goto fail;
	store_bind_i64(st, 1, id);
	store_bind_text(st, 2, who->scope_lo);
	store_bind_text(st, 3, who->scope_hi);
	rc = store_step(st, e);
	if (rc == 1)
		mz_strlcpy(division, store_col_text(st, 0), sizeof(division));
	store_done(st);
	if (rc < 0)
		goto fail;
	if (rc == 0) {
		mz_fail(e, MZ_ENOTFOUND, "id", "no such event", "没有该事件");
		goto fail;
	}
	st = store_prepare(c, "UPDATE event_deliveries SET status = 'pending', next_attempt_at = ?"
			      " WHERE event_id = ? AND status = 'failed'", e);
	if (!st)
		goto fail;
	store_bind_i64(st, 1, mz_now_unix());
	store_bind_i64(st, 2, id);
	rc = store_step(st, e);
	changed = rc < 0 ? 0 : store_changes(st);
	store_done(st);
	if (rc < 0)
		goto fail;
	if (!changed) {
		mz_fail(e, MZ_ESTATE, "id", "no delivery of this event has failed",
			"该事件没有失败的投递");
		goto fail;
	}
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	audit_entry_init(&a, who, "event.retry", "event", idbuf, division, "");
	if (audit_append_tx(c, &a, 1, e) || store_commit(c, e))
		goto fail;
	*n = (int)changed;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

void events_row_release(event_row *r)
{
	if (!r)
		return;
	free(r->payload);
	free(r->deliveries);
	memset(r, 0, sizeof(*r));
}

int events_subject_latest(store_conn *c, const char *type, int64_t subject_id, event_row *out,
			  int *found, mz_err *e)
{
	store_stmt *st;
	int fanned = 0, rc;

	memset(out, 0, sizeof(*out));
	*found = 0;
	st = store_prepare(c, "SELECT id, type, subject_id, division_code, payload, published_by,"
			      " created_at, fanned_out FROM events WHERE type = ? AND subject_id = ?"
			      " ORDER BY id DESC LIMIT 1", e);
	if (!st)
		return -1;
	store_params(st, type, subject_id);
	rc = store_step(st, e);
	if (rc == 1) {
		out->id = store_col_i64(st, 0);
		mz_strlcpy(out->type, store_col_text(st, 1), sizeof(out->type));
		out->subject_id = store_col_i64(st, 2);
		mz_strlcpy(out->division_code, store_col_text(st, 3), sizeof(out->division_code));
		out->payload = mz_strdup(store_col_text(st, 4)); /* whole, however long */
		mz_strlcpy(out->published_by, store_col_text(st, 5), sizeof(out->published_by));
		out->created_at = store_col_i64(st, 6);
		fanned = (int)store_col_i64(st, 7);
	}
	store_done(st);
	if (rc <= 0)
		return rc;
	*found = 1;
	if (fanned) {
		mz_strlcpy(out->status, "done", sizeof(out->status));
		if (load_deliveries(c, out, e)) {
			events_row_release(out);
			return -1;
		}
		/* As events_list says it: one failed makes it failed, then
		 * anything still to run makes it pending. */
		for (int i = 0; i < out->ndeliveries; i++) {
			const char *ds = out->deliveries[i].status;

			if (!strcmp(ds, "failed") ||
			    (!strcmp(ds, "pending") && strcmp(out->status, "failed")))
				mz_strlcpy(out->status, ds, sizeof(out->status));
		}
		return 0;
	}
	/* Not fanned out yet: the subscribers it will be given. */
	mz_strlcpy(out->status, "pending", sizeof(out->status));
	for (int i = 0; events_subscriber_at(i); i++) {
		const event_subscriber *s = events_subscriber_at(i);
		event_delivery_row *d;

		if (strcmp(s->type, type))
			continue;
		out->deliveries = mz_xrealloc(out->deliveries,
					      (size_t)(out->ndeliveries + 1) * sizeof(*d));
		d = &out->deliveries[out->ndeliveries++];
		memset(d, 0, sizeof(*d));
		mz_strlcpy(d->subscriber, s->name, sizeof(d->subscriber));
		mz_strlcpy(d->status, "pending", sizeof(d->status));
	}
	return 0;
}
