/* minzheng import persons|households FILE: validated bulk import. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "registry/import.h"

static const char usage_text[] =
	"usage: minzheng import persons FILE.csv|FILE.xlsx [--skip-bad] [--rejects FILE] [--db URL]\n"
	"       minzheng import households FILE.csv|FILE.xlsx [--skip-bad] [--rejects FILE]\n\n"
	"persons columns:    id_number,name,division_code[,address,phone,hukou,\n"
	"                    disability_kind,disability_grade,flags]\n"
	"households columns: household_ref,division_code,address,id_number,relation\n\n"
	"Every row is validated first; every bad row is reported with its line\n"
	"number and reason. With any bad row nothing is imported (exit 1), unless\n"
	"--skip-bad: then the good rows are imported and the bad ones written to\n"
	"the rejects file (default FILE.rejects.csv). Progress goes to stderr.\n";

static void on_progress(void *arg, const char *phase, long done, long total)
{
	(void)arg;
	if (total > 0)
		fprintf(stderr, "\r%s: %3ld%%", phase, done * 100 / total);
	if (done >= total)
		fputc('\n', stderr);
}

static void on_bad(void *arg, long line, const char *field, const char *message)
{
	long *count = arg;

	if (++*count <= 1000) {
		if (line)
			fprintf(stderr, "line %ld: %s: %s\n", line, field, message);
		else
			fprintf(stderr, "%s: %s\n", field, message);
	} else if (*count == 1001) {
		fprintf(stderr, "... more bad rows not shown\n");
	}
}

int cmd_import(int argc, char **argv)
{
	const char *db = NULL, *what = NULL, *path = NULL, *rejects = NULL;
	char rejects_default[4096];
	import_opts o = { 0 };
	import_result res;
	access_ctx who;
	long nbad = 0;
	mz_err e = { 0 };
	store *s;
	int rc;

	if (argc > 1 && !strcmp(argv[1], "evidence"))
		return cmd_import_evidence(argc - 1, argv + 1);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (cli_flag(argc, argv, &i, "--db", &db) ||
			   cli_flag(argc, argv, &i, "--rejects", &rejects)) {
		} else if (!strcmp(argv[i], "--skip-bad")) {
			o.skip_bad = 1;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "error: unknown option '%s'\n%s", argv[i], usage_text);
			return 2;
		} else if (!what) {
			what = argv[i];
		} else if (!path) {
			path = argv[i];
		} else {
			fprintf(stderr, "error: unexpected argument '%s'\n", argv[i]);
			return 2;
		}
	}
	if (!what || !path || (strcmp(what, "persons") && strcmp(what, "households"))) {
		fputs(usage_text, stderr);
		return 2;
	}
	snprintf(rejects_default, sizeof(rejects_default), "%s.rejects.csv", path);
	o.path = path;
	o.rejects_path = rejects ? rejects : rejects_default;
	o.progress = isatty(2) ? on_progress : NULL;
	o.bad_row = on_bad;
	o.arg = &nbad;
	s = cli_open_store(db);
	if (!s)
		return 1;
	access_ctx_system(&who, "import");
	rc = !strcmp(what, "persons")
		     ? registry_import_persons(store_conn_get(s, &e), &who, &o, &res, &e)
		     : registry_import_households(store_conn_get(s, &e), &who, &o, &res, &e);
	store_close(s);
	if (rc)
		return cli_fail(&e);
	printf("imported %ld %s from %ld rows", res.imported, what, res.rows);
	if (res.bad)
		printf("; %ld bad rows written to %s", res.bad, o.rejects_path);
	printf("\n");
	return 0;
}
