/* minzheng assistance reverify|close-exits: the periodic steps of social
 * assistance (dynamic management), for cron or an operator. */
#include <stdio.h>
#include <string.h>

#include "domains/assistance/assistance.h"
#include "benefits/benefits.h"
#include "cli/cli.h"

static const char usage_text[] =
	"usage: minzheng assistance reverify [--district CODE] [--as-of YYYY-MM-DD] [--as LOGIN] [--db URL]\n"
	"       minzheng assistance close-exits [--month YYYY-MM] [--as LOGIN] [--db URL]\n\n"
	"reverify     verifies every enrolled household (cases being paid, suspended\n"
	"             or under review) again against the agencies' latest data as of\n"
	"             the day (default today): one report per household, a task on\n"
	"             each case where an agency reports more than was declared.\n"
	"close-exits  ends the cases whose gradual exit (渐退期) ran out before the\n"
	"             month (default this month); run it before the monthly payroll.\n";

static void on_progress(void *arg, int64_t done, int64_t total)
{
	(void)arg;
	if (total > 0)
		fprintf(stderr, "\rreverify: %lld of %lld households", (long long)done, (long long)total);
	if (done >= total)
		fputc('\n', stderr);
}

int cmd_assistance(int argc, char **argv)
{
	const char *db = NULL, *district = NULL, *as_of = NULL, *month = NULL, *as = "assistance";
	const char *sub = argc > 1 ? argv[1] : NULL;
	access_ctx who;
	mz_err e = { 0 };
	store *s;
	int rc;

	if (!sub || !strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		fputs(usage_text, sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	if (strcmp(sub, "reverify") && strcmp(sub, "close-exits")) {
		fprintf(stderr, "error: unknown subcommand '%s'\n%s", sub, usage_text);
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (cli_flag(argc, argv, &i, "--db", &db) || cli_flag(argc, argv, &i, "--as", &as) ||
			   cli_flag(argc, argv, &i, "--district", &district) ||
			   cli_flag(argc, argv, &i, "--as-of", &as_of) ||
			   cli_flag(argc, argv, &i, "--month", &month)) {
		} else {
			fprintf(stderr, "error: unexpected argument '%s'\n%s", argv[i], usage_text);
			return 2;
		}
	}
	s = cli_open_store(db);
	if (!s)
		return 1;
	access_ctx_system(&who, as);
	if (!strcmp(sub, "reverify")) {
		mz_day day = as_of ? mz_day_parse(as_of) : mz_today();
		assist_progress prog = { on_progress, NULL };
		assist_reverify_result r;

		if (day == MZ_DAY_INVALID) {
			store_close(s);
			fprintf(stderr, "error: --as-of must be a date YYYY-MM-DD\n");
			return 2;
		}
		rc = assist_reverify(store_conn_get(s, &e), &who, district, day, &prog, &r, &e);
		if (!rc)
			printf("verified %lld households: %lld with discrepancies (%lld lines), %lld review tasks opened\n",
			       (long long)r.households, (long long)r.with_discrepancies,
			       (long long)r.discrepancies, (long long)r.tasks_opened);
	} else {
		char cur[8];
		int closed = 0;

		benefits_month_of(mz_today(), cur);
		rc = assist_close_phase_outs(store_conn_get(s, &e), &who, month ? month : cur, &closed, &e);
		if (!rc)
			printf("closed %d cases whose gradual exit ended before %s\n", closed, month ? month : cur);
	}
	store_close(s);
	return rc ? cli_fail(&e) : 0;
}
