/* minzheng init: create or upgrade the database (migrations) and seed the
 * real divisions of Guangzhou. Safe to run again. */
#include <stdio.h>
#include <string.h>

#include "access/audit_key.h"
#include "cli/cli.h"

static const char usage_text[] =
	"usage: minzheng init [--db URL]\n\n"
	"Creates the database if needed, applies pending schema migrations and\n"
	"seeds Guangzhou's divisions (city, 11 districts, historical codes, 178\n"
	"streets and towns). Running it again changes nothing.\n";

int cmd_init(int argc, char **argv)
{
	const char *db = NULL;
	store *s;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (cli_flag(argc, argv, &i, "--db", &db)) {
		} else {
			fprintf(stderr, "error: unknown option '%s'\n%s", argv[i], usage_text);
			return 2;
		}
	}
	s = cli_open_store(db);
	if (!s)
		return 1;
	/* The audit chain's key (access/audit_key.h): made once, outside the
	 * database; the chain is keyed from its next record. */
	{
		mz_err e = { 0 };
		store_conn *c = store_conn_get(s, &e);
		char id[17];

		if (!c || audit_key_open(c, store_url(s), 1, &e)) {
			store_close(s);
			return cli_fail(&e);
		}
		if (audit_key_loaded(id))
			printf("audit chain keyed (key %s)\n", id);
	}
	printf("database ready: %s\n", store_url(s));
	store_close(s);
	return 0;
}
