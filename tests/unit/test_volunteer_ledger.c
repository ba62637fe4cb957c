/* Unit tests for the time bank's hour ledger (domains/volunteer/ledger.c):
 * a property test over random sequences of movements and reversals
 * against a model of the balances - every accepted movement keeps each
 * account at or above its limit, every refusal is one the model expects
 * and changes nothing, and after every step the ledger check proves that
 * each balance equals its postings and the total is zero. On the engine
 * under test (test_db.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "domains/volunteer/volunteer.h"
#include "store/query.h"
#include "test_db.h"

#define NACC 7
#define STEPS 300
#define MAXMOVES (STEPS + 8)

static test_db db;
static store *st;
static store_conn *c;
static access_ctx city;

static int setup(void **state)
{
	mz_err e = { 0 };
	(void)state;

	if (test_db_open(&db, "volunteer_ledger", 1, &st, &e) || !(c = store_conn_get(st, &e))) {
		fprintf(stderr, "setup (%s): %s\n", test_db_engine_name(), e.message);
		return -1;
	}
	access_ctx_system(&city, "city");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	test_db_drop(&db);
	return 0;
}

/* xorshift64*: the same sequence on every run and engine. */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ull;
}

typedef struct model_move {
	int64_t id;
	int from, to;
	int64_t minutes;
	int reversal, reversed;
} model_move;

static int64_t ids[NACC], bal[NACC], floors[NACC];
static int has_floor[NACC];
static model_move moves[MAXMOVES];
static int nmoves, refused;

static void open_accounts(void)
{
	static const char *const kinds[NACC] = { "bank", "volunteer", "volunteer", "volunteer",
						 "volunteer", "organisation", "family" };
	mz_err e = { 0 };

	assert_int_equal(vol_bank_account(c, &ids[0], &e), 0);
	assert_int_equal(store_begin(c, &e), 0);
	for (int i = 1; i < NACC; i++) {
		/* The organisation may run 300 minutes into the red; people may not. */
		floors[i] = i == 5 ? 300 : 0;
		has_floor[i] = 1;
		assert_int_equal(vol_account_ensure_tx(c, kinds[i], 1000 + i, "440105001001", "测试账户",
						       floors[i], &ids[i], &e), 0);
	}
	assert_int_equal(store_commit(c, &e), 0);
	/* The bank has no floor: it issues every credited hour. */
	has_floor[0] = 0;
}

static void check_ledger(void)
{
	vol_ledger_report r;
	mz_err e = { 0 };
	int64_t total = 0;

	assert_int_equal(vol_ledger_check(c, &r, &e), 0);
	assert_true(r.ok);
	assert_int_equal(r.total, 0);
	assert_int_equal(r.bad_balances, 0);
	assert_int_equal(r.bad_movements, 0);
	assert_int_equal(r.movements, nmoves);
	for (int i = 0; i < NACC; i++) {
		int64_t b = -1;

		assert_int_equal(store_row(c, &e, "SELECT balance FROM vol_accounts WHERE id = ?",
					   STORE_INTO(&b), ids[i]), 1);
		assert_int_equal(b, bal[i]);
		total += bal[i];
		if (has_floor[i])
			assert_true(bal[i] >= -floors[i]);
	}
	assert_int_equal(total, 0);
}

static int affordable(int from, int64_t minutes)
{
	return !has_floor[from] || bal[from] - minutes >= -floors[from];
}

static void step_post(void)
{
	int from = (int)(next() % NACC), to = (int)(next() % NACC);
	int64_t minutes = 1 + (int64_t)(next() % 240), id = 0;
	/* Credits come mostly from the bank so balances grow and spending is tried. */
	vol_move m;
	mz_err e = { 0 };
	int expect, rc;

	if (next() % 3 == 0)
		from = 0;
	expect = from != to && affordable(from, minutes);
	m = (vol_move){ .kind = from == 0 ? "service" : "transfer", .from_account = ids[from],
			.to_account = ids[to], .minutes = minutes, .division = "440105001001",
			.reason = "性质测试" };
	assert_int_equal(store_begin(c, &e), 0);
	rc = vol_ledger_post_tx(c, &city, &m, &id, &e);
	if (rc)
		store_rollback(c);
	else
		assert_int_equal(store_commit(c, &e), 0);
	assert_int_equal(rc == 0, expect);
	if (rc) {
		/* Refused for the reason the model gives, naming it. */
		assert_int_equal(e.code, from == to ? MZ_EINVAL : MZ_ESTATE);
		refused++;
		return;
	}
	bal[from] -= minutes;
	bal[to] += minutes;
	moves[nmoves++] = (model_move){ .id = id, .from = from, .to = to, .minutes = minutes };
}

static void step_reverse(void)
{
	model_move *o;
	mz_err e = { 0 };
	int64_t id = 0;
	int expect, rc, k;

	if (!nmoves)
		return;
	k = (int)(next() % (uint64_t)nmoves);
	o = &moves[k];
	expect = !o->reversal && !o->reversed && affordable(o->to, o->minutes);
	rc = vol_ledger_reverse(c, &city, o->id, "更正测试", &id, &e);
	assert_int_equal(rc == 0, expect);
	if (rc) {
		assert_int_equal(e.code, MZ_ESTATE);
		return;
	}
	bal[o->to] -= o->minutes;
	bal[o->from] += o->minutes;
	o->reversed = 1;
	moves[nmoves++] = (model_move){ .id = id, .from = o->to, .to = o->from, .minutes = o->minutes,
					 .reversal = 1 };
}

static void test_random_sequences_keep_the_ledger_sound(void **state)
{
	(void)state;
	open_accounts();
	check_ledger();
	for (int s = 0; s < STEPS; s++) {
		if (next() % 5 == 0)
			step_reverse();
		else
			step_post();
		check_ledger();
	}
	/* The run exercised both outcomes of both kinds of step. */
	{
		int reversals = 0;

		for (int i = 0; i < nmoves; i++)
			reversals += moves[i].reversal;
		assert_true(reversals > 5);
		assert_true(nmoves > STEPS / 2);
		assert_true(refused > 10); /* limits were met, not only passed */
	}
}

static void test_a_closed_account_takes_no_movement(void **state)
{
	mz_err e = { 0 };
	vol_move m = { .kind = "service", .from_account = ids[0], .to_account = ids[6],
		       .minutes = 30, .division = "440105001001" };

	(void)state;
	assert_true(store_run(c, &e, "UPDATE vol_accounts SET status = 'closed' WHERE id = ?", ids[6]) == 1);
	assert_int_equal(store_begin(c, &e), 0);
	assert_int_equal(vol_ledger_post_tx(c, &city, &m, NULL, &e), -1);
	store_rollback(c);
	assert_int_equal(e.code, MZ_ESTATE);
	assert_string_equal(e.field, "account");
	check_ledger();
}

static void test_minutes_must_be_positive(void **state)
{
	mz_err e = { 0 };
	vol_move m = { .kind = "service", .from_account = ids[0], .to_account = ids[1],
		       .minutes = 0, .division = "440105001001" };

	(void)state;
	assert_int_equal(vol_ledger_post_tx(c, &city, &m, NULL, &e), -1);
	assert_int_equal(e.code, MZ_EINVAL);
	assert_string_equal(e.field, "minutes");
}

/* The check finds what it exists to find: each planted fault in the
 * postings of one movement is reported as one bad movement, and the ledger
 * is sound again once the fault is undone. */
static int64_t report_bad_movements(void)
{
	vol_ledger_report r;
	mz_err e = { 0 };

	assert_int_equal(vol_ledger_check(c, &r, &e), 0);
	if (r.bad_movements)
		assert_false(r.ok);
	return r.bad_movements;
}

static void test_the_check_reports_each_broken_movement(void **state)
{
	mz_err e = { 0 };
	model_move *m = NULL;
	int w = 0;

	(void)state;
	for (int i = 0; i < nmoves && !m; i++)
		if (moves[i].from != moves[i].to)
			m = &moves[i];
	assert_non_null(m);
	while (w == m->from || w == m->to)
		w++;
	assert_int_equal(report_bad_movements(), 0);

	/* Both legs shifted by 5: two legs, summing to zero, but the to-account
	 * is not credited the movement's minutes. */
	assert_int_equal(store_run(c, &e, "UPDATE vol_postings SET minutes = minutes + 5"
				   " WHERE movement_id = ? AND account_id = ?", m->id, ids[m->to]), 1);
	assert_int_equal(store_run(c, &e, "UPDATE vol_postings SET minutes = minutes - 5"
				   " WHERE movement_id = ? AND account_id = ?", m->id, ids[m->from]), 1);
	assert_int_equal(report_bad_movements(), 1);
	assert_int_equal(store_run(c, &e, "UPDATE vol_postings SET minutes = minutes - 5"
				   " WHERE movement_id = ? AND account_id = ?", m->id, ids[m->to]), 1);
	assert_int_equal(store_run(c, &e, "UPDATE vol_postings SET minutes = minutes + 5"
				   " WHERE movement_id = ? AND account_id = ?", m->id, ids[m->from]), 1);
	assert_int_equal(report_bad_movements(), 0);

	/* The debit leg removed: one leg, not summing to zero. */
	assert_int_equal(store_run(c, &e, "DELETE FROM vol_postings WHERE movement_id = ? AND account_id = ?",
				   m->id, ids[m->from]), 1);
	assert_int_equal(report_bad_movements(), 1);
	/* Both legs removed: a movement with no postings at all. */
	assert_int_equal(store_run(c, &e, "DELETE FROM vol_postings WHERE movement_id = ?", m->id), 1);
	assert_int_equal(report_bad_movements(), 1);
	/* The legs back, but the credit on the wrong account: two legs summing
	 * to zero, neither on the to-account. */
	assert_int_equal(store_run(c, &e, "INSERT INTO vol_postings (account_id, movement_id, minutes,"
				   " created_at) VALUES (?, ?, ?, 0), (?, ?, ?, 0)", ids[m->from], m->id,
				   -m->minutes, ids[w], m->id, m->minutes), 2);
	assert_int_equal(report_bad_movements(), 1);
	assert_int_equal(store_run(c, &e, "DELETE FROM vol_postings WHERE movement_id = ?", m->id), 2);
	assert_int_equal(store_run(c, &e, "INSERT INTO vol_postings (account_id, movement_id, minutes,"
				   " created_at) VALUES (?, ?, ?, 0), (?, ?, ?, 0)", ids[m->from], m->id,
				   -m->minutes, ids[m->to], m->id, m->minutes), 2);
	check_ledger();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_sequences_keep_the_ledger_sound),
		cmocka_unit_test(test_a_closed_account_takes_no_movement),
		cmocka_unit_test(test_minutes_must_be_positive),
		cmocka_unit_test(test_the_check_reports_each_broken_movement),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
