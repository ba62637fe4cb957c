/* minzheng jobs list|run NAME: the job runner's jobs from the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "cli/cli.h"
#include "jobs/jobs.h"
#include "policy/policy.h"

static const char usage_text[] =
	"usage: minzheng jobs list [--db URL]\n"
	"       minzheng jobs run NAME [--policy DIR] [--db URL]\n\n"
	"list  every job with its schedule, next due time, last run and result.\n"
	"run   runs one job now, here, and records the outcome like the runner in\n"
	"      `serve` does. When a server's runner holds the lease, the job is\n"
	"      queued for that runner instead (two runners never run at once).\n"
	"      --policy DIR: the rules for screen.city (default $MINZHENG_POLICY_DIR,\n"
	"      else policies/guangzhou).\n";

static int list(store *s)
{
	mz_err e = { 0 };
	store_conn *c = store_conn_get(s, &e);
	job_row *rows;
	int n;

	if (!c || jobs_list(c, &rows, &n, &e))
		return cli_fail(&e);
	printf("%-26s %-14s %-25s %-25s %-6s %6s  %s\n", "name", "schedule", "next_due", "last_run_at",
	       "status", "runs", "last_result");
	for (int i = 0; i < n; i++) {
		char next[32], last[32] = "-";

		mz_time_format(rows[i].next_due, next);
		if (rows[i].last_run_at)
			mz_time_format(rows[i].last_run_at, last);
		printf("%-26s %-14s %-25s %-25s %-6s %6lld  %s%s\n", rows[i].name, rows[i].schedule,
		       next, last, rows[i].last_status[0] ? rows[i].last_status : "-",
		       (long long)rows[i].runs, rows[i].running_by[0] ? "(running) " : "",
		       rows[i].last_result);
	}
	free(rows);
	return 0;
}

static int run(store *s, const char *name, const char *policy_dir)
{
	const job_def *j = jobs_find(name);
	mz_err e = { 0 };
	char result[512] = "";
	policy_set *set;
	access_ctx who;
	int ran = 0, ok = 0, rc;

	if (!j) {
		fprintf(stderr, "error: no job '%s' (see `minzheng jobs list`)\n", name);
		return 2;
	}
	if (!policy_dir || !*policy_dir)
		policy_dir = getenv("MINZHENG_POLICY_DIR");
	/* Only screen.city needs the rules; without them it fails visibly. */
	set = policy_set_load_dir(policy_dir && *policy_dir ? policy_dir : "policies/guangzhou",
				  NULL, &e);
	rc = jobs_run_here(s, j, set, &ran, &ok, result, sizeof(result), &e);
	policy_set_unref(set);
	if (rc)
		return cli_fail(&e);
	if (!ran) {
		store_conn *c = store_conn_get(s, &e);

		access_ctx_system(&who, "jobs");
		if (!c || jobs_request_run(c, &who, name, &e))
			return cli_fail(&e);
		printf("%s: a server's runner holds the lease; queued for it\n", name);
		return 0;
	}
	printf("%s: %s: %s\n", name, ok ? "ok" : "failed", result);
	return ok ? 0 : 1;
}

int cmd_jobs(int argc, char **argv)
{
	const char *db = NULL, *policy_dir = NULL, *pos[2] = { NULL, NULL };
	int npos = 0, rc;
	store *s;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (cli_flag(argc, argv, &i, "--db", &db) ||
			   cli_flag(argc, argv, &i, "--policy", &policy_dir)) {
		} else if (argv[i][0] != '-' && npos < 2) {
			pos[npos++] = argv[i];
		} else {
			fprintf(stderr, "error: unexpected argument '%s'\n%s", argv[i], usage_text);
			return 2;
		}
	}
	if (!(npos == 1 && !strcmp(pos[0], "list")) && !(npos == 2 && !strcmp(pos[0], "run"))) {
		fputs(usage_text, stderr);
		return 2;
	}
	s = cli_open_store(db);
	if (!s)
		return 1;
	rc = !strcmp(pos[0], "list") ? list(s) : run(s, pos[1], policy_dir);
	store_close(s);
	return rc;
}
