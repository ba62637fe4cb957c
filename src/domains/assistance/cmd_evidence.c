/* minzheng import evidence: one agency data set for 核对, with provenance. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "evidence/evidence.h"

static const char usage_text[] =
	"usage: minzheng import evidence --category income|asset|housing|vehicle\n"
	"                                --source AGENCY --as-of YYYY-MM-DD FILE.csv|FILE.xlsx [--db URL]\n\n"
	"columns: id_number,kind,amount (income: monthly yuan; asset: value in yuan)\n"
	"         id_number,quantity     (housing, vehicle: how many)\n"
	"kinds are the rules' names (docs/policy.md): wage, business, property,\n"
	"employee_pension, unemployment, ...; deposits, securities, vehicles, ...\n\n"
	"Every row is checked (ID number valid and registered, kind known, amount\n"
	"in yuan with at most two decimals); every bad row is reported with its\n"
	"line number, and with any bad row nothing is imported (exit 1).\n";

static void on_bad(void *arg, long line, const char *field, const char *message)
{
	long *n = arg;

	if (++*n <= 1000)
		fprintf(stderr, "line %ld: %s: %s\n", line, field, message);
	else if (*n == 1001)
		fputs("... more bad rows not shown\n", stderr);
}

int cmd_import_evidence(int argc, char **argv)
{
	evidence_import_opts o = { 0 };
	evidence_import_result r;
	const char *db = NULL;
	access_ctx who;
	mz_err e = { 0 };
	long nbad = 0;
	store *s;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (cli_flag(argc, argv, &i, "--db", &db) ||
			   cli_flag(argc, argv, &i, "--category", &o.category) ||
			   cli_flag(argc, argv, &i, "--source", &o.source) ||
			   cli_flag(argc, argv, &i, "--as-of", &o.as_of)) {
		} else if (argv[i][0] == '-' || o.path) {
			fprintf(stderr, "error: unexpected argument '%s'\n%s", argv[i], usage_text);
			return 2;
		} else {
			o.path = argv[i];
		}
	}
	if (!o.path || !o.category || !o.source || !o.as_of) {
		fputs(usage_text, stderr);
		return 2;
	}
	o.bad_row = on_bad;
	o.arg = &nbad;
	s = cli_open_store(db);
	if (!s)
		return 1;
	access_ctx_system(&who, "import");
	rc = evidence_import(store_conn_get(s, &e), &who, &o, &r, &e);
	store_close(s);
	if (rc)
		return cli_fail(&e);
	printf("imported %ld %s records from %s (batch %lld)\n", r.imported, o.category, o.source,
	       (long long)r.batch_id);
	return 0;
}
