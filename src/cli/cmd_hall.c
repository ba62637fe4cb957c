/* minzheng hall: the monitoring hall's figures from the command line. The
 * job hall.refresh computes today's; `hall refresh --as-of DAY` computes a
 * past day's from the data as it stands (each indicator's SQL is written
 * "as of a day"), to fill a month-end the server was not running for, or
 * to rebuild the history after an indicator is added. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "hall/hall.h"
#include "hall/hall_figures.h"

static const char usage_text[] =
	"usage: minzheng hall refresh [--as-of YYYY-MM-DD] [--key KEY] [--db URL]\n"
	"       minzheng hall list [--db URL]\n\n"
	"refresh  computes every registered figure (or only KEY) for the day (default\n"
	"         today, Beijing time), rolled up community -> street -> district -> city,\n"
	"         and stores it with the time it was computed (what hall.refresh does).\n"
	"list     the registered figures: key, unit, label.\n";

static const char *unit_word(hall_unit u)
{
	return u == HALL_FEN ? "fen" : u == HALL_RATE ? "rate" : u == HALL_AVG ? "avg" : "count";
}

int cmd_hall(int argc, char **argv)
{
	const char *db = NULL, *as_of_s = NULL, *key = NULL, *verb = NULL;
	hall_refresh_stats st;
	mz_err e = { 0 };
	store_conn *c;
	store *s;
	mz_day as_of;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (cli_flag(argc, argv, &i, "--db", &db) ||
			   cli_flag(argc, argv, &i, "--as-of", &as_of_s) ||
			   cli_flag(argc, argv, &i, "--key", &key)) {
		} else if (argv[i][0] != '-' && !verb) {
			verb = argv[i];
		} else {
			fprintf(stderr, "error: unexpected argument '%s'\n%s", argv[i], usage_text);
			return 2;
		}
	}
	if (verb && !strcmp(verb, "list")) {
		for (size_t i = 0; i < hall_indicator_count(); i++) {
			const hall_indicator *ind = hall_indicator_at(i);

			printf("%-32s %-6s %s\n", ind->key, unit_word(ind->unit), ind->label_zh);
		}
		return 0;
	}
	if (!verb || strcmp(verb, "refresh")) {
		fputs(usage_text, stderr);
		return 2;
	}
	as_of = as_of_s ? mz_day_parse(as_of_s) : mz_today();
	if (as_of == MZ_DAY_INVALID) {
		fprintf(stderr, "error: --as-of must be a date YYYY-MM-DD\n");
		return 2;
	}
	s = cli_open_store(db);
	if (!s)
		return 1;
	c = store_conn_get(s, &e);
	rc = !c || hall_refresh(c, as_of, key, &st, &e);
	if (!rc)
		printf("hall: %zu figures, %lld rows in %lld ms (slowest %s: %lld ms)%s%s\n",
		       st.indicators, (long long)st.rows, (long long)st.millis, st.slowest,
		       (long long)st.slowest_ms, st.failed ? "; failed: " : "", st.first_error);
	store_close(s);
	if (rc)
		return cli_fail(&e);
	return st.failed ? 1 : 0;
}
