/* events_batch.c - events_publish_batch: many events told in a few
 * statements (events.h).
 *
 * events_publish costs four round trips an event (the row, then the audit
 * record's head lock, insert and head update), and on PostgreSQL each
 * update of a chain's head inside one long transaction leaves one more row
 * version for the next lock to walk past: a whole-city screening that tells
 * a hundred thousand new leads spent most of its write stage there. Here
 * the ids are drawn first, so the rows need nothing back from the database
 * and go in bulk, and the audit records go in one audit_append_tx call,
 * which locks and moves each chain's head once. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/date.h"
#include "events/events.h"

#define EVENT_COLS 7
/* Rows per INSERT on SQLite: a batch of n goes in as statements of 64, 8
 * and 1 rows, so a connection caches three shapes whatever n is (64 rows x
 * 7 columns is well under SQLite's 32,766 parameters). */
static const int insert_sizes[] = { 64, 8, 1 };

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void insert_sql(mz_buf *sql, int rows)
{
	mz_buf_reset(sql);
	mz_buf_puts(sql, "INSERT INTO events (id, type, subject_id, division_code, payload,"
			 " published_by, created_at) VALUES ");
	for (int r = 0; r < rows; r++)
		mz_buf_puts(sql, r ? ", (?, ?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?)");
}

static const char *division_of(const event_draft *d)
{
	return d->division_code ? d->division_code : "";
}

static const char *payload_of(const event_draft *d)
{
	return d->payload ? d->payload : "{}";
}

/* SQLite: the rows through a few prepared multi-row INSERTs. */
static int insert_rows_sqlite(store_conn *c, const char *login, const event_draft *evs,
			      const int64_t *ids, size_t n, int64_t now, mz_err *e)
{
	mz_buf sql;
	size_t done = 0;
	int rc = 0;

	mz_buf_init(&sql);
	for (size_t k = 0; k < sizeof(insert_sizes) / sizeof(*insert_sizes) && !rc; k++) {
		size_t rows = (size_t)insert_sizes[k];

		if (n - done < rows)
			continue;
		insert_sql(&sql, (int)rows);
		while (n - done >= rows && !rc) {
			store_stmt *st = store_prepare(c, sql.data, e);

			if (!st) {
				rc = -1;
				break;
			}
			for (size_t i = 0; i < rows; i++) {
				const event_draft *d = &evs[done + i];
				int b = (int)i * EVENT_COLS;

				store_bind_i64(st, b + 1, ids[done + i]);
				store_bind_text(st, b + 2, d->type);
				store_bind_i64(st, b + 3, d->subject_id);
				store_bind_text(st, b + 4, division_of(d));
				store_bind_text(st, b + 5, payload_of(d));
				store_bind_text(st, b + 6, login);
				store_bind_i64(st, b + 7, now);
			}
			rc = store_step(st, e) < 0 ? -1 : 0;
			store_done(st);
			done += rows;
		}
	}
	mz_buf_release(&sql);
	return rc;
}

/* PostgreSQL (and Citus, where events is distributed by id: each row goes
 * to its shard): one COPY. */
static int insert_rows_copy(store_conn *c, const char *login, const event_draft *evs,
			    const int64_t *ids, size_t n, int64_t now, mz_err *e)
{
	static const char *const cols[EVENT_COLS] = { "id", "type", "subject_id", "division_code",
						      "payload", "published_by", "created_at" };
	char id[24], subject[24], at[24];
	const char *v[EVENT_COLS] = { id, NULL, subject, NULL, NULL, login, at };
	store_bulk *b = store_bulk_begin(c, "events", cols, EVENT_COLS, e);

	if (!b)
		return -1;
	snprintf(at, sizeof(at), "%lld", (long long)now);
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%lld", (long long)ids[i]);
		snprintf(subject, sizeof(subject), "%lld", (long long)evs[i].subject_id);
		v[1] = evs[i].type;
		v[3] = division_of(&evs[i]);
		v[4] = payload_of(&evs[i]);
		if (store_bulk_row(b, v, e)) {
			mz_err ignored = { 0 };

			store_bulk_end(b, &ignored);
			return -1;
		}
	}
	return store_bulk_end(b, e);
}

int events_publish_batch(store_conn *c, const access_ctx *who, const event_draft *evs, size_t n,
			 int64_t *ids_out, mz_err *e)
{
	audit_entry *ents = NULL;
	char (*idtext)[24] = NULL;
	int64_t *ids = NULL, now = mz_now_unix();
	int rc = -1;

	if (!n)
		return 0;
	if (n > (size_t)INT32_MAX)
		return mz_fail(e, MZ_EINTERNAL, NULL, "event batch too large", "事件批次过大");
	/* As events_publish: a payload that is not an object is the
	 * publisher's bug, refused before anything is written. */
	for (size_t i = 0; i < n; i++) {
		json_t *j = json_loads(payload_of(&evs[i]), 0, NULL);
		int ok = json_is_object(j);

		json_decref(j);
		if (!ok || !evs[i].type)
			return mz_failf(e, MZ_EINTERNAL, NULL, "event '%s': payload is not a JSON object",
					"事件 '%s' 的内容不是 JSON 对象", evs[i].type ? evs[i].type : "?");
	}
	ids = mz_xmalloc(n * sizeof(*ids));
	if (store_next_ids(c, "events", (int64_t)n, ids, e))
		goto out;
	/* Sequence values drawn in one statement ascend already; sorted
	 * anyway, so the promise does not rest on the engine's row order. */
	qsort(ids, n, sizeof(*ids), cmp_i64);
	if ((store_conn_engine(c) == STORE_POSTGRES ? insert_rows_copy : insert_rows_sqlite)(
		    c, who->login, evs, ids, n, now, e))
		goto out;
	/* Events are audited like writes: who caused what, in the same chains,
	 * one record per event as events_publish appends it. */
	ents = mz_xmalloc(n * sizeof(*ents));
	idtext = mz_xmalloc(n * sizeof(*idtext));
	for (size_t i = 0; i < n; i++) {
		snprintf(idtext[i], sizeof(idtext[i]), "%lld", (long long)ids[i]);
		audit_entry_init(&ents[i], who, "event.publish", "event", idtext[i],
				 division_of(&evs[i]), evs[i].type);
		ents[i].detail = payload_of(&evs[i]);
	}
	if (audit_append_tx(c, ents, (int)n, e))
		goto out;
	if (ids_out)
		memcpy(ids_out, ids, n * sizeof(*ids));
	rc = 0;
out:
	free(ents);
	free(idtext);
	free(ids);
	return rc;
}
