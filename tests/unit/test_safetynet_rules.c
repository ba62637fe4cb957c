/* test_safetynet_rules.c - the monitoring rules' file format: the shipped
 * Guangzhou rules load; every mistake is refused with the file and the line
 * at fault; a rule dated twice is in force from each date. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domains/safetynet/rules.h"

static void test_shipped_rules_load(void **state)
{
	sn_ruleset set;
	mz_err e = { 0 };
	const sn_rule *r;

	(void)state;
	assert_int_equal(sn_rules_load("policies/guangzhou/alerts", &set, &e), 0);
	assert_int_equal(set.nlevels, 3);
	assert_int_equal(sn_rules_level(&set, "red")->sla_hours, 24);
	r = sn_rules_in_force(&set, "lone_elder_missed_checkin", mz_day_parse("2026-01-01"));
	assert_non_null(r);
	assert_string_equal(r->on_type, "checkin_missed");
	assert_int_equal(r->nclauses, 3);
	assert_int_equal(r->clauses[2].kind, SN_WITHOUT);
	assert_int_equal(r->clauses[2].this_month, 1);
	assert_int_equal(r->nroutes, 2);
	r = sn_rules_in_force(&set, "spending_hardship", mz_day_parse("2026-01-01"));
	assert_int_equal(r->on_min, 500000);
	/* Not in force before its first day. */
	assert_null(sn_rules_in_force(&set, "spending_hardship", mz_day_parse("2023-12-31")));
	sn_ruleset_release(&set);
}

static const char levels[] = "level red \"红色\" \"Red\" sla_hours 24\n";

/* Parses text after the levels; returns the message of the failure. */
static const char *refused(const char *body, char *msg, size_t cap)
{
	sn_ruleset set;
	mz_err e = { 0 };
	char text[2048];

	memset(&set, 0, sizeof(set));
	snprintf(text, sizeof(text), "%s%s", levels, body);
	if (!sn_rules_parse("t.alerts", text, &set, &e)) {
		sn_ruleset_release(&set);
		return NULL;
	}
	assert_int_equal(e.code, MZ_EPOLICY);
	assert_string_equal(e.field, "rules");
	snprintf(msg, cap, "%s", e.message);
	sn_ruleset_release(&set);
	return msg;
}

#define RULE "rule r \"标题\" \"Title\"\n  from 2024-01-01\n  level red\n"

static void test_errors_name_the_line(void **state)
{
	char m[400];

	(void)state;
	assert_string_equal(refused(RULE "  on hospital_bill\n  route community_worker\n  frobnicate 3\n", m, sizeof(m)),
			    "t.alerts:7: unknown clause 'frobnicate'");
	assert_string_equal(refused(RULE "  on lottery_win\n  route community_worker\n", m, sizeof(m)),
			    "t.alerts:5: an event type of the catalogue");
	assert_string_equal(refused(RULE "  on death\n  route police\n", m, sizeof(m)),
			    "t.alerts:6: a route is community_worker, volunteer or social_work");
	assert_string_equal(refused("rule r \"标题\" \"Title\"\n  from 2024-01-01\n  level purple\n  on death\n  route volunteer\n", m, sizeof(m)),
			    "t.alerts:2: the rule's level is not declared by a 'level' line");
	assert_string_equal(refused("rule r \"标题\" \"Title\"\n  level red\n  on death\n  route volunteer\n", m, sizeof(m)),
			    "t.alerts:2: the rule has no 'from' date");
	assert_string_equal(refused(RULE "  on death\n  route volunteer\n  basis \"unclosed\n", m, sizeof(m)),
			    "t.alerts:7: a quoted string is not closed");
	assert_string_equal(refused(RULE "  on hospital_bill amount > 5\n  route volunteer\n", m, sizeof(m)),
			    "t.alerts:5: TYPE or TYPE amount >= FEN");
	assert_string_equal(refused(RULE "  on death\n  window 0 days\n  route volunteer\n", m, sizeof(m)),
			    "t.alerts:6: expected: window N days (1-3660)");
	assert_string_equal(refused(RULE "  on death\n  fact age > 80\n  route volunteer\n", m, sizeof(m)),
			    "t.alerts:6: expected: fact NAME or fact age >= N");
	assert_string_equal(refused("  on death\n", m, sizeof(m)), "t.alerts:2: expected 'level' or 'rule'");
	assert_string_equal(refused(RULE "  on death\n  route volunteer\n" RULE "  on death\n  route volunteer\n", m, sizeof(m)),
			    "t.alerts:7: the same rule twice from the same day");
	assert_null(refused(RULE "  on death\n  route volunteer social_work\n", m, sizeof(m)));
}

static void test_a_rule_dated_twice(void **state)
{
	sn_ruleset set;
	mz_err e = { 0 };
	const char *text = "level red \"红\" \"Red\" sla_hours 24\n"
			   "rule bill \"大额\" \"Bill\"\n  from 2024-01-01\n  level red\n"
			   "  on hospital_bill amount >= 500000\n  route community_worker\n"
			   "rule bill \"大额\" \"Bill\"\n  from 2026-07-01\n  level red\n"
			   "  on hospital_bill amount >= 300000\n  route community_worker\n";

	(void)state;
	memset(&set, 0, sizeof(set));
	assert_int_equal(sn_rules_parse("d.alerts", text, &set, &e), 0);
	assert_int_equal(sn_rules_in_force(&set, "bill", mz_day_parse("2026-06-30"))->on_min, 500000);
	assert_int_equal(sn_rules_in_force(&set, "bill", mz_day_parse("2026-07-01"))->on_min, 300000);
	sn_ruleset_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_rules_load),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_a_rule_dated_twice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
