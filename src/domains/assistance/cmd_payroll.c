/* minzheng payroll run|approve|bank-file|reconcile|totals: the monthly payroll. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "benefits/benefits.h"
#include "cli/cli.h"

static const char usage_text[] =
	"usage: minzheng payroll run --month YYYY-MM [--district CODE] [--as LOGIN] [--db URL]\n"
	"       minzheng payroll approve RUN_ID --as LOGIN [--db URL]\n"
	"       minzheng payroll bank-file RUN_ID --out FILE [--as LOGIN] [--db URL]\n"
	"       minzheng payroll reconcile RUN_ID FILE [--as LOGIN] [--db URL]\n"
	"       minzheng payroll totals --month YYYY-MM [--db URL]\n\n"
	"run writes one payment line per enrollment per month (and back pay for\n"
	"months missed), idempotently: running it again, or after a crash, adds only\n"
	"what is missing. A run is approved by someone other than its creator\n"
	"(--as names the operator; default \"payroll\"), then the bank file is written;\n"
	"reconcile reads the bank's answer (payment_id,status,bank_ref,reason).\n";

static void on_progress(void *arg, int64_t done, int64_t total)
{
	(void)arg;
	if (total > 0)
		fprintf(stderr, "\rpayroll: %3lld%%", (long long)(done * 100 / total));
	if (done >= total)
		fputc('\n', stderr);
}

static int print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2));

	puts(s ? s : "{}");
	free(s);
	json_decref(j);
	return 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 65536 > cap) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = mz_xrealloc(buf, cap);
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	*len = n;
	return buf;
}

int cmd_payroll(int argc, char **argv)
{
	const char *db = NULL, *month = NULL, *district = NULL, *as = "payroll", *out = NULL;
	const char *pos[3] = { 0 };
	int npos = 0, rc = 0;
	access_ctx who;
	mz_err e = { 0 };
	store_conn *c;
	store *s;
	json_t *j = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (cli_flag(argc, argv, &i, "--db", &db) ||
			   cli_flag(argc, argv, &i, "--month", &month) ||
			   cli_flag(argc, argv, &i, "--district", &district) ||
			   cli_flag(argc, argv, &i, "--as", &as) ||
			   cli_flag(argc, argv, &i, "--out", &out)) {
		} else if (argv[i][0] == '-' || npos == 3) {
			fprintf(stderr, "error: unexpected argument '%s'\n%s", argv[i], usage_text);
			return 2;
		} else {
			pos[npos++] = argv[i];
		}
	}
	if (!npos) {
		fputs(usage_text, stderr);
		return 2;
	}
	s = cli_open_store(db);
	if (!s)
		return 1;
	c = store_conn_get(s, &e);
	if (!c) {
		store_close(s);
		return cli_fail(&e);
	}
	access_ctx_system(&who, as);
	if (!strcmp(pos[0], "run")) {
		payroll_progress p = { isatty(2) ? on_progress : NULL, NULL };

		if (!month) {
			fputs("error: --month YYYY-MM is required\n", stderr);
			rc = 2;
		} else {
			j = benefits_payroll_run(c, &who, month, district, &p, &e);
		}
	} else if (!strcmp(pos[0], "totals")) {
		j = month ? benefits_totals(c, &who, month, &e) : NULL;
		if (!month) {
			fputs("error: --month YYYY-MM is required\n", stderr);
			rc = 2;
		}
	} else if (npos >= 2 && (!strcmp(pos[0], "approve") || !strcmp(pos[0], "bank-file") ||
				 !strcmp(pos[0], "reconcile"))) {
		char *end;
		long long id = strtoll(pos[1], &end, 10);

		if (*end || id <= 0) {
			fputs("error: RUN_ID must be a positive number\n", stderr);
			rc = 2;
		} else if (!strcmp(pos[0], "approve")) {
			j = benefits_payroll_approve(c, &who, id, &e);
		} else if (!strcmp(pos[0], "bank-file")) {
			char *csv;
			size_t len;
			FILE *f;

			if (!out) {
				fputs("error: --out FILE is required\n", stderr);
				rc = 2;
			} else if (!benefits_payroll_bank_file(c, &who, id, &csv, &len, &e)) {
				f = fopen(out, "wb");
				if (!f || fwrite(csv, 1, len, f) != len || fclose(f)) {
					fprintf(stderr, "error: cannot write %s\n", out);
					rc = 1;
				} else {
					printf("wrote %s (%zu bytes)\n", out, len);
				}
				free(csv);
			} else {
				rc = cli_fail(&e);
			}
		} else if (npos < 3) {
			fputs("error: reconcile RUN_ID FILE\n", stderr);
			rc = 2;
		} else {
			size_t len;
			char *csv = slurp(pos[2], &len);

			if (!csv) {
				fprintf(stderr, "error: cannot read %s\n", pos[2]);
				rc = 1;
			} else {
				j = benefits_payroll_reconcile(c, &who, id, csv, len, &e);
				free(csv);
			}
		}
	} else {
		fputs(usage_text, stderr);
		rc = 2;
	}
	if (!rc && !j && strcmp(pos[0], "bank-file"))
		rc = cli_fail(&e);
	if (j)
		print_json(j);
	store_close(s);
	return rc;
}
