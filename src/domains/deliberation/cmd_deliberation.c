/* cmd_deliberation.c - `minzheng deliberation escalate|rates`: the same
 * calls as the job and GET /api/v1/deliberation/rates, city-wide. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domains/deliberation/deliberation.h"

static int usage(FILE *f)
{
	fprintf(f, "usage: minzheng deliberation escalate [--db URL]\n"
		   "       minzheng deliberation rates [--as-of YYYY-MM-DD] [--db URL]\n"
		   "escalate: raise overdue resolutions a step (the daily job deliberation.escalate)\n"
		   "rates:    execution rates per district, street and hall as JSON\n");
	return f == stdout ? 0 : 2;
}

int cmd_deliberation(int argc, char **argv)
{
	const char *db = NULL, *as_of = NULL, *verb;
	mz_err e = { 0 };
	access_ctx sys;
	store *s;
	store_conn *c;
	int rc = 1;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return usage(argc < 2 ? stderr : stdout);
	verb = argv[1];
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
		else if (!strcmp(argv[i], "--as-of") && i + 1 < argc)
			as_of = argv[++i];
		else
			return usage(stderr);
	}
	if (strcmp(verb, "escalate") && strcmp(verb, "rates"))
		return usage(stderr);
	if (as_of && mz_day_parse(as_of) == MZ_DAY_INVALID) {
		fprintf(stderr, "error: --as-of must be a date YYYY-MM-DD\n");
		return 2;
	}
	if (!(s = cli_open_store(db)))
		return 1;
	if (!(c = store_conn_get(s, &e))) {
		store_close(s);
		return cli_fail(&e);
	}
	access_ctx_system(&sys, "cli");
	if (!strcmp(verb, "escalate")) {
		dl_escalate_summary sum;

		if (!dl_escalate(c, &sys, mz_today(), &sum, &e)) {
			printf("%lld overdue resolutions checked, %lld escalated, %lld handed to the safety net\n",
			       (long long)sum.checked, (long long)sum.raised, (long long)sum.handed_over);
			rc = 0;
		}
	} else {
		json_t *r = dl_rates(c, &sys, NULL, as_of ? mz_day_parse(as_of) : mz_today(), &e);

		if (r) {
			json_dumpf(r, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
			printf("\n");
			json_decref(r);
			rc = 0;
		}
	}
	if (rc)
		cli_fail(&e);
	store_close(s);
	return rc;
}
