/* Unit tests for events/: an event exists exactly when its change commits,
 * a subscriber takes effect once per event even when two deliverers race
 * for it, a failing subscriber is rolled back, retried with backoff and
 * shown as failed until it succeeds or is retried by hand. On the engine
 * under test (test_db.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "access/access.h"
#include "base/date.h"
#include "events/events.h"
#include "registry/division_seed.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "access/audit_store.h"
#include "store/store.h"
#include "test_db.h"

static test_db db;
static store *st;
static store_conn *c;
static access_ctx city;

static int setup(void **state)
{
	mz_err e = { 0 };
	(void)state;

	if (test_db_open(&db, "events", 1, &st, &e) || !(c = store_conn_get(st, &e)) ||
	    registry_divisions_seed(c, &e) ||
	    store_exec(c, "INSERT INTO divisions (code, name, level, parent) VALUES"
			  " ('440105001001', '海珠测试社区', 4, '440105001')", &e) ||
	    /* What a test subscriber writes: to see that its writes commit with
	     * the delivery or roll back with its failure. */
	    store_exec(c, "CREATE TABLE test_effects (event_id BIGINT NOT NULL)", &e)) {
		fprintf(stderr, "setup (%s): %s\n", test_db_engine_name(), e.message);
		return -1;
	}
	access_ctx_system(&city, "city");
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

static int64_t q64(const char *sql)
{
	mz_err e = { 0 };
	int64_t v = -1;

	/* The audit tables are read where they are (their own file on SQLite). */
	if (store_query_i64(strstr(sql, "audit_") ? audit_store_conn(c, &e) : c, sql, &v, &e))
		fail_msg("%s: %s", sql, e.message);
	return v;
}

static int64_t publish(const char *type, int64_t subject)
{
	mz_err e = { 0 };
	int64_t id = 0;

	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(events_publish(c, &city, type, subject, "440105001001",
					"{\"n\":1}", &id, &e), 0);
	assert_int_equal(store_commit(c, &e), 0);
	assert_true(id > 0);
	return id;
}

/* ---- in the transaction of the change ---- */

static void event_commits_with_its_transaction(void **state)
{
	mz_err e = { 0 };
	int64_t id = 0, audits;
	char sql[200];
	(void)state;

	audits = q64("SELECT COUNT(*) FROM audit_log WHERE action = 'event.publish'");
	/* Rolled back with the change: no event, no audit record. */
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(events_publish(c, &city, "test.tx", 1, NULL, "{}", &id, &e), 0);
	assert_true(id > 0);
	store_rollback(c);
	assert_int_equal(q64("SELECT COUNT(*) FROM events WHERE type = 'test.tx'"), 0);
	assert_int_equal(q64("SELECT COUNT(*) FROM audit_log WHERE action = 'event.publish'"), audits);
	/* Committed: the event and its audit record. */
	id = publish("test.tx", 2);
	assert_int_equal(q64("SELECT COUNT(*) FROM events WHERE type = 'test.tx'"), 1);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM audit_log WHERE action = 'event.publish'"
		 " AND entity = 'event' AND entity_id = '%lld' AND reason = 'test.tx'", (long long)id);
	assert_int_equal(q64(sql), 1);
	/* A payload that is not an object is refused at the publisher. */
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(events_publish(c, &city, "test.tx", 3, NULL, "[1]", NULL, &e), -1);
	store_rollback(c);
}

static void registry_death_publishes_person_died(void **state)
{
	char idno[19], payload[128], sql[200];
	registry_person_new in = { 0 };
	registry_person_changes ch = { 0 };
	registry_person p;
	mz_err e = { 0 };
	int64_t pid = 0;
	(void)state;

	idcard_make("440105", 1940, 3, 4, 11, idno);
	in.id_number = idno;
	in.name = "事件甲";
	in.division_code = "440105001001";
	assert_int_equal(registry_person_create(c, &city, &in, "新登记", &pid, &e), 0);

	/* Without the outbox attached the death cannot be recorded: the change
	 * and its event are one. */
	registry_publish_set(NULL);
	ch.set_death_date = 1;
	ch.death_date = "2026-01-05";
	assert_int_equal(registry_person_update(c, &city, pid, &ch, "死亡登记", 1, &p, &e), -1);
	assert_int_equal(e.code, MZ_EINTERNAL);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM persons WHERE id = %lld AND death_date IS NULL",
		 (long long)pid);
	assert_int_equal(q64(sql), 1);

	events_init();
	assert_int_equal(registry_person_update(c, &city, pid, &ch, "死亡登记", 1, &p, &e), 0);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM events WHERE type = 'person.died'"
		 " AND subject_id = %lld AND division_code = '440105001001'", (long long)pid);
	assert_int_equal(q64(sql), 1);
	snprintf(payload, sizeof(payload), "{\"person_id\":%lld,\"death_date\":\"2026-01-05\"}",
		 (long long)pid);
	{
		store_stmt *s = store_prepare(c, "SELECT payload FROM events WHERE subject_id = ?"
					      " AND type = 'person.died'", &e);

		assert_non_null(s);
		store_bind_i64(s, 1, pid);
		assert_int_equal(store_step(s, &e), 1);
		assert_string_equal(store_col_text(s, 0), payload);
		store_done(s);
	}
	/* Another change of the person publishes nothing more. */
	memset(&ch, 0, sizeof(ch));
	ch.phone = "13800000000";
	assert_int_equal(registry_person_update(c, &city, pid, &ch, "改电话", 2, &p, &e), 0);
	assert_int_equal(q64(sql), 1);
}

/* ---- once per event ---- */

static atomic_int once_calls;

static int on_once(store_conn *cc, const access_ctx *who, const event *ev, mz_err *e)
{
	store_stmt *s = store_prepare(cc, "INSERT INTO test_effects (event_id) VALUES (?)", e);
	int r;

	(void)who;
	if (!s)
		return -1;
	store_bind_i64(s, 1, ev->id);
	r = store_step(s, e);
	store_done(s);
	atomic_fetch_add(&once_calls, 1);
	/* Hold the transaction open so that a racing deliverer meets it. */
	usleep(150 * 1000);
	return r < 0 ? -1 : 0;
}

static const event_subscriber once_table[] = {
	{ "test.once", "test.once", on_once },
	{ NULL, NULL, NULL },
};

typedef struct race_arg {
	int64_t now;
	int rc;
	events_deliver_stats stats;
} race_arg;

static void *race(void *arg)
{
	race_arg *a = arg;
	mz_err e = { 0 };

	a->rc = events_deliver(st, a->now, 10, &a->stats, &e);
	if (a->rc)
		fprintf(stderr, "deliver: %s\n", e.message);
	return NULL;
}

static void subscriber_runs_once_per_event(void **state)
{
	mz_err e = { 0 };
	events_deliver_stats s1;
	int64_t id, now = mz_now_unix();
	char sql[200];
	race_arg a = { now, 0, { 0 } }, b = { now, 0, { 0 } };
	pthread_t ta, tb;
	(void)state;

	events_unsubscribe_all();
	assert_int_equal(events_subscribe(once_table), 0);
	assert_int_equal(events_subscribe(once_table), 0); /* twice: still one subscriber */
	atomic_store(&once_calls, 0);
	/* Earlier tests' events first, so that the counts below are this one's. */
	assert_int_equal(events_deliver(st, now, 0, &s1, &e), 0);
	id = publish("test.once", 7);
	/* Fan out first (max 0), so both racers find the same due row. */
	assert_int_equal(events_deliver(st, now, 0, &s1, &e), 0);
	assert_int_equal(s1.fanned_out, 1);
	assert_int_equal(s1.delivered, 0);
	assert_int_equal(q64("SELECT COUNT(*) FROM event_deliveries WHERE subscriber = 'test.once'"
			     " AND status = 'pending'"), 1);

	/* Two deliverers at once, each on its own connection. */
	assert_int_equal(pthread_create(&ta, NULL, race, &a), 0);
	assert_int_equal(pthread_create(&tb, NULL, race, &b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	assert_int_equal(a.rc, 0);
	assert_int_equal(b.rc, 0);
	assert_int_equal(a.stats.delivered + b.stats.delivered, 1);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM test_effects WHERE event_id = %lld",
		 (long long)id);
	assert_int_equal(q64(sql), 1);

	/* A delivery asked again after it is done (a retry that comes late)
	 * finds it done and does not run the handler. */
	snprintf(sql, sizeof(sql), "UPDATE event_deliveries SET next_attempt_at = %lld"
		 " WHERE event_id = %lld", (long long)now, (long long)id);
	assert_int_equal(store_exec(c, sql, &e), 0);
	assert_int_equal(events_deliver(st, now + 1, 10, &s1, &e), 0);
	assert_int_equal(s1.delivered, 0);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM test_effects WHERE event_id = %lld",
		 (long long)id);
	assert_int_equal(q64(sql), 1);
	assert_int_equal(atomic_load(&once_calls), 1);
	events_unsubscribe_all();
}

/* ---- failures ---- */

static int fail_left;
static int flaky_calls;

static int on_flaky(store_conn *cc, const access_ctx *who, const event *ev, mz_err *e)
{
	store_stmt *s = store_prepare(cc, "INSERT INTO test_effects (event_id) VALUES (?)", e);
	int r;

	(void)who;
	flaky_calls++;
	if (!s)
		return -1;
	store_bind_i64(s, 1, ev->id);
	r = store_step(s, e);
	store_done(s);
	if (r < 0)
		return -1;
	/* Written, then failing: the write must not survive. */
	if (fail_left > 0) {
		fail_left--;
		return mz_fail(e, MZ_EUNAVAIL, NULL, "the card system is down", "卡系统不可用");
	}
	return 0;
}

static const event_subscriber flaky_table[] = {
	{ "test.flaky", "test.flaky", on_flaky },
	{ NULL, NULL, NULL },
};

static int64_t delivery_i64(int64_t id, const char *col)
{
	char sql[200];

	snprintf(sql, sizeof(sql), "SELECT %s FROM event_deliveries WHERE event_id = %lld", col,
		 (long long)id);
	return q64(sql);
}

static int64_t failed_total(void)
{
	event_page pg;
	mz_err e = { 0 };
	int64_t total;

	assert_int_equal(events_list(c, &city, "failed", 1, 20, &pg, &e), 0);
	total = pg.total;
	if (pg.n) {
		assert_string_equal(pg.items[0].type, "test.flaky");
		assert_string_equal(pg.items[0].status, "failed");
		assert_int_equal(pg.items[0].ndeliveries, 1);
		assert_string_equal(pg.items[0].deliveries[0].last_error, "the card system is down");
	}
	events_page_release(&pg);
	return total;
}

static void failing_subscriber_backs_off_and_shows(void **state)
{
	mz_err e = { 0 };
	events_deliver_stats s1;
	int64_t id, t0 = mz_now_unix();
	char sql[200];
	int n;
	(void)state;

	events_unsubscribe_all();
	assert_int_equal(events_subscribe(flaky_table), 0);
	fail_left = 2;
	flaky_calls = 0;
	id = publish("test.flaky", 9);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM test_effects WHERE event_id = %lld",
		 (long long)id);
	{
		/* Not yet delivered: pending (and not failed). */
		event_page pg;

		assert_int_equal(events_list(c, &city, "pending", 1, 50, &pg, &e), 0);
		assert_true(pg.n >= 1);
		assert_int_equal(pg.items[0].id, id);
		assert_string_equal(pg.items[0].status, "pending");
		events_page_release(&pg);
		assert_int_equal(failed_total(), 0);
	}

	assert_int_equal(events_deliver(st, t0, 10, &s1, &e), 0);
	assert_int_equal(s1.failed, 1);
	assert_int_equal(flaky_calls, 1);
	assert_int_equal(q64(sql), 0); /* its write rolled back */
	assert_int_equal(delivery_i64(id, "attempts"), 1);
	assert_int_equal(delivery_i64(id, "next_attempt_at"), t0 + 30);
	assert_int_equal(failed_total(), 1);

	/* Not before the backoff has passed. */
	assert_int_equal(events_deliver(st, t0 + 29, 10, &s1, &e), 0);
	assert_int_equal(flaky_calls, 1);
	/* Then again, failing again: the wait doubles. */
	assert_int_equal(events_deliver(st, t0 + 30, 10, &s1, &e), 0);
	assert_int_equal(flaky_calls, 2);
	assert_int_equal(delivery_i64(id, "attempts"), 2);
	assert_int_equal(delivery_i64(id, "next_attempt_at"), t0 + 30 + 60);
	assert_int_equal(events_backoff(1), 30);
	assert_int_equal(events_backoff(3), 120);
	assert_int_equal(events_backoff(30), 3600);

	/* The third attempt succeeds: done, its write kept, no longer failed. */
	assert_int_equal(events_deliver(st, t0 + 90, 10, &s1, &e), 0);
	assert_int_equal(s1.delivered, 1);
	assert_int_equal(flaky_calls, 3);
	assert_int_equal(q64(sql), 1);
	assert_int_equal(failed_total(), 0);
	{
		event_page pg;

		assert_int_equal(events_list(c, &city, "done", 1, 50, &pg, &e), 0);
		assert_true(pg.total >= 1);
		events_page_release(&pg);
		assert_int_equal(events_list(c, &city, "bogus", 1, 50, &pg, &e), -1);
		assert_int_equal(e.code, MZ_EINVAL);
	}

	/* Given up after EVENTS_MAX_ATTEMPTS: no next attempt until a person
	 * retries it. */
	id = publish("test.flaky", 10);
	fail_left = 1000;
	assert_int_equal(events_deliver(st, t0, 10, &s1, &e), 0);
	snprintf(sql, sizeof(sql), "UPDATE event_deliveries SET attempts = %d WHERE event_id = %lld",
		 EVENTS_MAX_ATTEMPTS - 1, (long long)id);
	assert_int_equal(store_exec(c, sql, &e), 0);
	assert_int_equal(events_deliver(st, t0 + 100000, 10, &s1, &e), 0);
	assert_int_equal(s1.failed, 1);
	assert_int_equal(delivery_i64(id, "attempts"), EVENTS_MAX_ATTEMPTS);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM event_deliveries WHERE event_id = %lld"
		 " AND next_attempt_at IS NULL AND status = 'failed'", (long long)id);
	assert_int_equal(q64(sql), 1);
	n = flaky_calls;
	assert_int_equal(events_deliver(st, t0 + 10000000, 10, &s1, &e), 0);
	assert_int_equal(flaky_calls, n);

	fail_left = 0;
	assert_int_equal(events_retry(c, &city, id, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(events_retry(c, &city, id, &n, &e), -1); /* nothing failed now */
	assert_int_equal(e.code, MZ_ESTATE);
	assert_int_equal(events_retry(c, &city, 999999999, &n, &e), -1);
	assert_int_equal(e.code, MZ_ENOTFOUND);
	assert_int_equal(events_deliver(st, mz_now_unix() + 1, 10, &s1, &e), 0);
	assert_int_equal(s1.delivered, 1);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM event_deliveries WHERE event_id = %lld"
		 " AND status = 'done'", (long long)id);
	assert_int_equal(q64(sql), 1);
	events_unsubscribe_all();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(event_commits_with_its_transaction),
		cmocka_unit_test(registry_death_publishes_person_died),
		cmocka_unit_test(subscriber_runs_once_per_event),
		cmocka_unit_test(failing_subscriber_backs_off_and_shows),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
