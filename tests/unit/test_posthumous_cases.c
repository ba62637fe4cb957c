/* test_posthumous_cases.c - deaths and the posthumous case on worked
 * examples, on the engine under test: a registration records the death in
 * the registry and publishes person.died once; a second report joins the
 * case; each outside matter gets its deadline from the death date and is
 * flagged once when late; the case shows each subscriber's delivery; the
 * funeral's waiver and subsidy follow the dated parameters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/date.h"
#include "domains/posthumous/hooks.h"
#include "domains/posthumous/posthumous.h"
#include "events/events.h"
#include "test_eldercare_fixture.h"

static char community[16];

static int setup(void **state)
{
	if (fx_setup(state))
		return -1;
	events_init();
	events_subscribe(posthumous_subscribers);
	fx_community("440105001", community);
	return 0;
}

static int teardown(void **state)
{
	events_unsubscribe_all();
	return fx_teardown(state);
}

static int64_t count(const char *sql, int64_t id)
{
	mz_err e = { 0 };
	int64_t n = -1;

	assert_int_equal(store_row(fx_c, &e, sql, STORE_INTO(&n), id), 1);
	return n;
}

static void number_of(int64_t id, char out[19])
{
	registry_person p;
	mz_err e = { 0 };

	assert_int_equal(registry_person_find_any(fx_c, id, &p, &e), 0);
	memcpy(out, p.id_number, 19);
}

static int64_t register_death(int64_t person, const char *day, const char *source,
			      int64_t agent, int *opened)
{
	char num[19], anum[19] = "";
	ph_death_report in = { 0 };
	ph_death_result r;

	number_of(person, num);
	if (agent)
		number_of(agent, anum);
	in.id_number = num;
	in.death_date = day;
	in.cause_category = "disease";
	in.place_kind = "hospital";
	in.source = source;
	in.reporter_name = agent ? "家属" : NULL;
	in.reporter_id_number = agent ? anum : NULL;
	OK(ph_death_register(fx_c, &fx_admin, &in, &r, E));
	*opened = r.case_opened;
	return r.case_id;
}

static void test_register_once(void **state)
{
	int64_t dead = fx_person(community, 1941, 5, 6, "逝者");
	int64_t child = fx_person(community, 1970, 7, 8, "子女");
	char day[11];
	int opened;
	int64_t c1, c2;
	registry_person p;
	event_row ev;
	int found;
	events_deliver_stats st;
	mz_err e = { 0 };
	(void)state;

	mz_day_format(mz_today() - 3, day);
	c1 = register_death(dead, day, "family", child, &opened);
	assert_true(opened);
	OK(registry_person_find_any(fx_c, dead, &p, E));
	assert_int_equal(p.death, mz_today() - 3);
	/* The hospital's notice of the same death: the same case, no new event. */
	c2 = register_death(dead, day, "hospital", 0, &opened);
	assert_false(opened);
	assert_int_equal(c1, c2);
	assert_int_equal(count("SELECT COUNT(*) FROM events WHERE type = 'person.died' AND"
			       " subject_id = ?", dead), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM ph_reports WHERE person_id = ?", dead), 2);
	assert_int_equal(count("SELECT COUNT(*) FROM ph_tasks WHERE person_id = ?", dead), 10);

	/* Before delivery the case sees its subscriber pending, after it done. */
	OK(events_subject_latest(fx_c, EVENT_PERSON_DIED, dead, &ev, &found, E));
	assert_true(found);
	assert_int_equal(ev.ndeliveries, 1);
	assert_string_equal(ev.deliveries[0].subscriber, "posthumous.open_case");
	assert_string_equal(ev.deliveries[0].status, "pending");
	events_row_release(&ev);
	assert_int_equal(events_deliver(fx_s, mz_now_unix(), 10, &st, &e), 0);
	OK(events_subject_latest(fx_c, EVENT_PERSON_DIED, dead, &ev, &found, E));
	assert_string_equal(ev.deliveries[0].status, "done");
	assert_string_equal(ev.status, "done");
	events_row_release(&ev);
	/* The subscriber found the case there already: still one. */
	assert_int_equal(count("SELECT COUNT(*) FROM ph_cases WHERE person_id = ?", dead), 1);
}

static void test_deadlines_and_overdue(void **state)
{
	int64_t dead = fx_person(community, 1936, 1, 2, "逾期逝者");
	char day[11], due[11], flagged[11];
	int opened;
	int64_t n = -1;
	mz_err e = { 0 };
	mz_day death = mz_today() - 100;
	(void)state;

	mz_day_format(death, day);
	register_death(dead, day, "police", 0, &opened);
	/* 户口登记条例 第八条: the hukou is cancelled within a month: 30 days. */
	assert_int_equal(store_row(fx_c, &e, "SELECT due_on FROM ph_tasks WHERE person_id = ? AND"
					     " matter_code = 'hukou_cancel'", STORE_INTO(STORE_TEXT(due)),
				   dead), 1);
	assert_int_equal(mz_day_parse(due), death + 30);
	/* As of death + 31: pension stop (15), hukou, disability and veterans
	 * (30 each) are late; the others (60, 90, 180) are not. */
	OK(ph_tasks_flag_overdue(fx_c, &fx_admin, death + 31, &n, E));
	assert_int_equal(count("SELECT COUNT(*) FROM ph_tasks WHERE person_id = ? AND"
			       " overdue_flagged_on <> ''", dead), 4);
	assert_true(n >= 4);
	/* Flagged once: the next run finds nothing new for this case. */
	OK(ph_tasks_flag_overdue(fx_c, &fx_admin, death + 31, &n, E));
	assert_int_equal(n, 0);
	assert_int_equal(store_row(fx_c, &e, "SELECT overdue_flagged_on FROM ph_tasks WHERE person_id"
					     " = ? AND matter_code = 'pension_stop'",
				   STORE_INTO(STORE_TEXT(flagged)), dead), 1);
	assert_int_equal(mz_day_parse(flagged), death + 31);
}

static void test_funeral_parameters(void **state)
{
	int64_t dead = fx_person(community, 1933, 3, 4, "安葬逝者");
	int64_t home = 0;
	char day[11];
	int opened;
	int64_t cid;
	json_t *f;
	ph_funeral_in in = { .cremation_no = "HH-9", .basic_fee_fen = 150000, .burial_kind = "tree" };
	mz_err e = { 0 };
	(void)state;

	mz_day_format(mz_today() - 1, day);
	cid = register_death(dead, day, "hospital", 0, &opened);
	OK(ph_home_create(fx_c, &fx_admin, "单元测试殡仪馆", "440111", "", "", &home, E));
	/* A new dated subsidy for tree burial (from 2024): it is the one in force. */
	fx_exec("INSERT INTO ph_params (name, valid_from, value, source) VALUES"
		" ('eco_subsidy.tree_fen', '2024-01-01', 150000, 'unit test')");
	in.home_id = home;
	in.cremated_on = day;
	f = ph_funeral_record(fx_c, &fx_admin, cid, &in, &e);
	assert_non_null(f);
	/* Under the 2,000-yuan cap the whole basic fee is waived. */
	assert_int_equal(json_integer_value(json_object_get(f, "waived_fen")), 150000);
	assert_int_equal(json_integer_value(json_object_get(f, "payable_fen")), 0);
	assert_int_equal(json_integer_value(json_object_get(f, "subsidy_fen")), 150000);
	assert_true(json_is_true(json_object_get(f, "eco")));
	json_decref(f);
	/* A second funeral for the same death is refused. */
	assert_null(ph_funeral_record(fx_c, &fx_admin, cid, &in, &e));
	assert_int_equal(e.code, MZ_ECONFLICT);
}

static void test_bad_report(void **state)
{
	int64_t dead = fx_person(community, 1944, 4, 4, "坏报告");
	char num[19];
	ph_death_report in = { 0 };
	ph_death_result r;
	mz_err e = { 0 };
	(void)state;

	number_of(dead, num);
	in.id_number = num;
	in.death_date = "2999-01-01";
	in.cause_category = "disease";
	in.place_kind = "home";
	in.source = "family";
	assert_int_equal(ph_death_register(fx_c, &fx_admin, &in, &r, &e), -1);
	assert_string_equal(e.field, "death_date");
	in.death_date = "2020-01-01";
	assert_int_equal(ph_death_register(fx_c, &fx_admin, &in, &r, &e), -1);
	assert_string_equal(e.field, "reporter_id_number");
	assert_int_equal(count("SELECT COUNT(*) FROM ph_cases WHERE person_id = ?", dead), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM events WHERE subject_id = ? AND type ="
			       " 'person.died'", dead), 0);
}

/* A report with another date corrects the death: the registry publishes
 * the corrected fact, the case moves the deadlines of what is still open. */
static void test_corrected_date(void **state)
{
	int64_t dead = fx_person(community, 1942, 2, 2, "更正逝者");
	char d1[11], d2[11], due[11];
	int opened;
	int64_t c1, c2;
	mz_err e = { 0 };
	(void)state;

	mz_day_format(mz_today() - 10, d1);
	mz_day_format(mz_today() - 12, d2);
	c1 = register_death(dead, d1, "family", fx_person(community, 1971, 1, 1, "家属"), &opened);
	c2 = register_death(dead, d2, "hospital", 0, &opened);
	assert_int_equal(c1, c2);
	assert_false(opened);
	assert_int_equal(count("SELECT COUNT(*) FROM events WHERE type = 'person.died' AND"
			       " subject_id = ?", dead), 2);
	assert_int_equal(store_row(fx_c, &e, "SELECT due_on FROM ph_tasks WHERE person_id = ? AND"
					     " matter_code = 'hukou_cancel'", STORE_INTO(STORE_TEXT(due)),
				   dead), 1);
	assert_int_equal(mz_day_parse(due), mz_today() - 12 + 30);
}

/* Every hall figure runs on the engine under test and gives rows of
 * (division, num, den): a death of this month counts in deaths_month. */
static void test_indicators(void **state)
{
	char today[11];
	int64_t deaths = 0;
	int opened;
	(void)state;

	mz_day_format(mz_today(), today);
	register_death(fx_person(community, 1930, 9, 9, "本月逝者"), today, "hospital", 0, &opened);
	for (const hall_indicator *h = posthumous_indicators; h->key; h++) {
		mz_err e = { 0 };
		store_stmt *st = store_prepare(fx_c, h->sql, &e);
		int r;

		assert_non_null(st);
		store_params(st, today);
		while ((r = store_step(st, &e)) == 1) {
			assert_true(strlen(store_col_text(st, 0)) >= 6);
			assert_true(store_col_i64(st, 1) >= 0);
			if (!strcmp(h->key, "posthumous.deaths_month"))
				deaths += store_col_i64(st, 1);
		}
		store_done(st);
		assert_int_equal(r, 0);
	}
	assert_true(deaths >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_once),
		cmocka_unit_test(test_deadlines_and_overdue),
		cmocka_unit_test(test_funeral_parameters),
		cmocka_unit_test(test_bad_report),
		cmocka_unit_test(test_corrected_date),
		cmocka_unit_test(test_indicators),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
