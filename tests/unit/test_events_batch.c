/* Unit tests for events_publish_batch (events/events_batch.c): a batch
 * writes the rows and audit records that as many events_publish calls
 * write (same subjects, divisions, payloads, publisher; one "event.publish"
 * record per event with its payload as detail), each record on its own
 * district's chain, the chain verifies, the batch commits or rolls back
 * with its transaction, and the runner delivers each event once. Sizes
 * that use every statement shape (64, 8 and 1 rows on SQLite) and a payload
 * with the characters COPY escapes. On the engine under test (test_db.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "access/audit_store.h"
#include "base/date.h"
#include "events/events.h"
#include "registry/division_seed.h"
#include "store/store.h"
#include "test_db.h"

#define N 77 /* 64 + 8 + 5 x 1 */

static test_db db;
static store *st;
static store_conn *c;
static access_ctx city;

static const char *const divisions[] = { "440106001001", "440105001001", "", "440103001001",
					 "440105001001" };

static int setup(void **state)
{
	mz_err e = { 0 };
	(void)state;

	if (test_db_open(&db, "events_batch", 1, &st, &e) || !(c = store_conn_get(st, &e)) ||
	    registry_divisions_seed(c, &e) ||
	    store_exec(c, "CREATE TABLE test_batch_effects (event_id BIGINT NOT NULL)", &e)) {
		fprintf(stderr, "setup (%s): %s\n", test_db_engine_name(), e.message);
		return -1;
	}
	access_ctx_system(&city, "screen");
	events_init();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	events_unsubscribe_all();
	store_close(st);
	test_db_drop(&db);
	return 0;
}

static int64_t q64(store_conn *on, const char *sql)
{
	mz_err e = { 0 };
	int64_t v = -1;

	if (store_query_i64(on, sql, &v, &e))
		fail_msg("%s: %s", sql, e.message);
	return v;
}

/* The connection to where the chain is (its own file on SQLite), with the
 * writes' waiting records moved in. */
static store_conn *audit_conn(void)
{
	mz_err e = { 0 };
	store_conn *a;

	assert_int_equal(audit_store_flush(c, &e), 0);
	a = audit_store_conn(c, &e);
	assert_non_null(a);
	return a;
}

/* Payload i: a JSON object whose text holds a backslash, a tab escape and
 * a quote, so the bulk path's escaping is exercised. */
static void payload_of(int i, char *out, size_t cap)
{
	snprintf(out, cap, "{\"i\":%d,\"s\":\"a\\\\b\\t\\\"c\\\" 低保\"}", i);
}

typedef struct {
	int64_t subject;
	char division[16], payload[96], by[32];
} row;

/* The events of a type, by id. */
static int read_events(const char *type, row *out, int64_t *ids, int max)
{
	mz_err e = { 0 };
	store_stmt *q = store_prepare(c, "SELECT id, subject_id, division_code, payload, published_by"
					 " FROM events WHERE type = ? ORDER BY id", &e);
	int n = 0, r;

	assert_non_null(q);
	store_params(q, type);
	while ((r = store_step(q, &e)) == 1 && n < max) {
		ids[n] = store_col_i64(q, 0);
		out[n].subject = store_col_i64(q, 1);
		snprintf(out[n].division, sizeof(out[n].division), "%s", store_col_text(q, 2));
		snprintf(out[n].payload, sizeof(out[n].payload), "%s", store_col_text(q, 3));
		snprintf(out[n].by, sizeof(out[n].by), "%s", store_col_text(q, 4));
		n++;
	}
	store_done(q);
	assert_true(r >= 0);
	return n;
}

/* The one audit record of event id: its fields against the event's. */
static void assert_audited(store_conn *a, int64_t id, const row *ev, const char *type,
			   int own_chain)
{
	mz_err e = { 0 };
	char idtext[24];
	store_stmt *q = store_prepare(a, "SELECT division_code, reason, detail, login, chain"
					 " FROM audit_log WHERE action = 'event.publish'"
					 " AND entity = 'event' AND entity_id = ?", &e);
	int n = 0, r;

	assert_non_null(q);
	snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
	store_params(q, idtext);
	while ((r = store_step(q, &e)) == 1) {
		n++;
		assert_string_equal(store_col_text(q, 0), ev->division);
		assert_string_equal(store_col_text(q, 1), type);
		assert_string_equal(store_col_text(q, 2), ev->payload);
		assert_string_equal(store_col_text(q, 3), "screen");
		if (own_chain) {
			char want[8];

			snprintf(want, sizeof(want), "%.6s", *ev->division ? ev->division : "city");
			assert_string_equal(store_col_text(q, 4), *ev->division ? want : "city");
		}
	}
	store_done(q);
	assert_true(r >= 0);
	assert_int_equal(n, 1);
}

static void batch_writes_what_single_publishes_write(void **state)
{
	event_draft drafts[N];
	char payloads[N][96];
	int64_t ids[N], single_ids[N], batch_ids[N];
	row single[N], batch[N];
	mz_err e = { 0 };
	int64_t before;
	json_t *problems = json_array();
	int64_t checked = 0;
	int ok = 0;
	(void)state;

	for (int i = 0; i < N; i++) {
		payload_of(i, payloads[i], sizeof(payloads[i]));
		drafts[i] = (event_draft){ "test.batch", 1000 + i, divisions[i % 5], payloads[i] };
	}
	/* The per-event path, one call an event. */
	assert_int_equal(store_begin(c, &e), 0);
	for (int i = 0; i < N; i++)
		assert_int_equal(events_publish(c, &city, "test.single", 1000 + i, divisions[i % 5],
						payloads[i], NULL, &e), 0);
	assert_int_equal(store_commit(c, &e), 0);
	before = q64(c, "SELECT COALESCE(MAX(id), 0) FROM events");
	/* The batch. */
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(events_publish_batch(c, &city, drafts, N, ids, &e), 0);
	assert_int_equal(store_commit(c, &e), 0);

	assert_int_equal(read_events("test.single", single, single_ids, N), N);
	assert_int_equal(read_events("test.batch", batch, batch_ids, N), N);
	for (int i = 0; i < N; i++) {
		/* Ids ascend in the order of the drafts, past every earlier event. */
		assert_int_equal(ids[i], batch_ids[i]);
		assert_true(ids[i] > before);
		/* The same row the single call wrote. */
		assert_int_equal(batch[i].subject, single[i].subject);
		assert_int_equal(batch[i].subject, 1000 + i);
		assert_string_equal(batch[i].division, single[i].division);
		assert_string_equal(batch[i].payload, single[i].payload);
		assert_string_equal(batch[i].payload, payloads[i]);
		assert_string_equal(batch[i].by, single[i].by);
	}
	/* One audit record each, with the fields the single path records; the
	 * batch's on their own district's chain. */
	{
		store_conn *a = audit_conn();

		for (int i = 0; i < N; i++) {
			assert_audited(a, single_ids[i], &single[i], "test.single", 0);
			assert_audited(a, batch_ids[i], &batch[i], "test.batch", 1);
		}
		assert_int_equal(q64(a, "SELECT COUNT(*) FROM audit_log WHERE action = 'event.publish'"
				     " AND reason = 'test.batch'"), N);
	}
	assert_int_equal(audit_verify(c, &ok, &checked, problems, 10, &e), 0);
	if (!ok)
		fprintf(stderr, "%s\n", json_dumps(problems, 0));
	assert_true(ok);
	assert_true(checked >= 2 * N);
	json_decref(problems);
	/* Nothing to publish is no statement and no error. */
	assert_int_equal(events_publish_batch(c, &city, drafts, 0, NULL, &e), 0);
}

static void batch_is_all_or_nothing(void **state)
{
	event_draft d[3] = { { "test.tx_batch", 1, "440105001001", "{}" },
			     { "test.tx_batch", 2, NULL, NULL },
			     { "test.tx_batch", 3, "440105001001", "{\"k\":1}" } };
	mz_err e = { 0 };
	int64_t audits;
	(void)state;

	audits = q64(audit_conn(), "SELECT COUNT(*) FROM audit_log WHERE reason = 'test.tx_batch'");
	/* Rolled back with the change: no event, no record. */
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(events_publish_batch(c, &city, d, 3, NULL, &e), 0);
	store_rollback(c);
	assert_int_equal(q64(c, "SELECT COUNT(*) FROM events WHERE type = 'test.tx_batch'"), 0);
	assert_int_equal(q64(audit_conn(), "SELECT COUNT(*) FROM audit_log"
				  " WHERE reason = 'test.tx_batch'"), audits);
	/* One payload that is not an object refuses the batch before any write. */
	d[2].payload = "[1]";
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(events_publish_batch(c, &city, d, 3, NULL, &e), -1);
	assert_int_equal(e.code, MZ_EINTERNAL);
	assert_int_equal(q64(c, "SELECT COUNT(*) FROM events WHERE type = 'test.tx_batch'"), 0);
	store_rollback(c);
	/* NULL division and payload: "" and "{}", as events_publish writes them. */
	d[2].payload = "{}";
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(events_publish_batch(c, &city, d, 3, NULL, &e), 0);
	assert_int_equal(store_commit(c, &e), 0);
	assert_int_equal(q64(c, "SELECT COUNT(*) FROM events WHERE type = 'test.tx_batch'"
			     " AND subject_id = 2 AND division_code = '' AND payload = '{}'"), 1);
}

static int on_batch_event(store_conn *cc, const access_ctx *who, const event *ev, mz_err *e)
{
	(void)who;
	return store_run(cc, e, "INSERT INTO test_batch_effects (event_id) VALUES (?)", ev->id) < 0
		? -1 : 0;
}

static const event_subscriber batch_subscribers[] = {
	{ "test.delivered", "test.batch_effects", on_batch_event },
	{ NULL, NULL, NULL },
};

static void batch_is_delivered_once_per_event(void **state)
{
	event_draft d[N];
	int64_t ids[N];
	events_deliver_stats s = { 0 };
	mz_err e = { 0 };
	char sql[200];
	(void)state;

	assert_int_equal(events_subscribe(batch_subscribers), 0);
	for (int i = 0; i < N; i++)
		d[i] = (event_draft){ "test.delivered", i, "440105001001", "{}" };
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(events_publish_batch(c, &city, d, N, ids, &e), 0);
	assert_int_equal(store_commit(c, &e), 0);
	/* Twice: the second run finds nothing left to do. */
	assert_int_equal(events_deliver(st, mz_now_unix() + 1, 1000, &s, &e), 0);
	assert_int_equal(events_deliver(st, mz_now_unix() + 2, 1000, &s, &e), 0);
	for (int i = 0; i < N; i++) {
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM test_batch_effects WHERE event_id = %lld",
			 (long long)ids[i]);
		assert_int_equal(q64(c, sql), 1);
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM event_deliveries WHERE event_id = %lld"
			 " AND subscriber = 'test.batch_effects' AND status = 'done'", (long long)ids[i]);
		assert_int_equal(q64(c, sql), 1);
	}
	assert_int_equal(q64(c, "SELECT COUNT(*) FROM test_batch_effects"), N);
	events_unsubscribe_all();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(batch_writes_what_single_publishes_write),
		cmocka_unit_test(batch_is_all_or_nothing),
		cmocka_unit_test(batch_is_delivered_once_per_event),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
