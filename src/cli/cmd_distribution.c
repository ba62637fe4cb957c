/* minzheng distribution check | citus-sql: the Citus plan of the schema. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/distribution.h"

static const char usage_text[] =
	"usage: minzheng distribution check [--db URL]\n"
	"       minzheng distribution citus-sql\n\n"
	"check      compares the database's keys and foreign keys with the '-- citus:'\n"
	"           annotations of the schema files (docs/scaling.md, step 5), and looks for\n"
	"           what Citus refuses besides: identity columns (also in the schema text,\n"
	"           on SQLite), triggers, SET NULL/SET DEFAULT/ON UPDATE on a distribution\n"
	"           column. Prints each violation and exits 1, or prints `ok` and exits 0.\n"
	"citus-sql  prints the transaction that distributes a freshly initialised\n"
	"           database on a Citus coordinator: foreign keys set aside, reference\n"
	"           tables, distributed tables, keys restored, session settings.\n";

static void print_violation(void *arg, const char *table, const char *problem)
{
	(void)arg;
	printf("%s: %s\n", table, problem);
}

int cmd_distribution(int argc, char **argv)
{
	const char *db = NULL, *sub = argc >= 2 ? argv[1] : "";
	mz_err e = { 0 };
	store_conn *c;
	store *s;
	int n;

	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(sub, "check") && strcmp(sub, "citus-sql")) {
		fputs(usage_text, stderr);
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--help")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (!strcmp(sub, "check") && cli_flag(argc, argv, &i, "--db", &db)) {
			continue;
		}
		fprintf(stderr, "error: unknown option '%s'\n%s", argv[i], usage_text);
		return 2;
	}
	if (!strcmp(sub, "citus-sql"))
		return distribution_citus_sql(stdout, &e) ? cli_fail(&e) : 0;
	s = cli_open_store(db);
	if (!s)
		return 1;
	c = store_conn_get(s, &e);
	n = c ? distribution_check(c, print_violation, NULL, &e) : -1;
	store_close(s);
	if (n < 0)
		return cli_fail(&e);
	if (n)
		printf("%d violation%s: the schema cannot be distributed as annotated\n", n,
		       n == 1 ? "" : "s");
	else
		printf("ok: every table follows its distribution annotation\n");
	return n ? 1 : 0;
}
