/* minzheng policy: check rules files, evaluate one household with the full
 * explanation, show a program's parameters and their history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "policy/policy.h"

static const char usage_text[] =
	"usage: minzheng policy check [DIR]\n"
	"       minzheng policy eval --input FILE [--date YYYY-MM-DD] [--rules DIR] [--program CODE]\n"
	"       minzheng policy show [CODE] [--rules DIR]\n\n"
	"check  loads every *.rules file of DIR (or one file) and reports each error as\n"
	"       file:line:column with its message in English and Chinese; exit 1 on errors.\n"
	"eval   decides one household (JSON, see docs/policy.md; '-' reads stdin) on the\n"
	"       date (default today) and prints, for every program, eligible, amount_fen\n"
	"       and the trace: each condition with its values, the parameters used and the\n"
	"       dated line they came from.\n"
	"show   prints the programs (or one) with their parameters and history as JSON.\n\n"
	"DIR defaults to $MINZHENG_POLICY_DIR, else policies/guangzhou.\n";

static const char *rules_dir(const char *flag)
{
	const char *env = getenv("MINZHENG_POLICY_DIR");

	if (flag && *flag)
		return flag;
	if (env && *env)
		return env;
	return "policies/guangzhou";
}

static policy_set *load(const char *dir)
{
	policy_diags d = { 0 };
	mz_err e = { 0 };
	policy_set *s = policy_set_load_dir(dir, &d, &e);

	for (size_t i = 0; !s && i < d.n; i++) {
		char line[1200];

		policy_diag_format(&d.items[i], line, sizeof(line));
		fprintf(stderr, "%s\n", line);
	}
	if (!s)
		fprintf(stderr, "error: %zu error%s in %s\n", d.n, d.n == 1 ? "" : "s", dir);
	policy_diags_release(&d);
	return s;
}

static int do_check(int argc, char **argv)
{
	const char *dir = NULL;
	policy_set *s;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (cli_flag(argc, argv, &i, "--rules", &dir)) {
		} else if (argv[i][0] != '-' && !dir) {
			dir = argv[i];
		} else {
			fprintf(stderr, "error: unknown option '%s'\n%s", argv[i], usage_text);
			return 2;
		}
	}
	dir = rules_dir(dir);
	if (!(s = load(dir)))
		return 1;
	printf("ok: %zu programs in %s:", policy_set_count(s), dir);
	for (size_t i = 0; i < policy_set_count(s); i++)
		printf(" %s", policy_program_code(policy_set_program(s, i)));
	printf("\n");
	policy_set_unref(s);
	return 0;
}

static int do_eval(int argc, char **argv)
{
	const char *dir = NULL, *date_s = NULL, *input = NULL, *only = NULL;
	mz_day date;
	json_t *in, *out;
	json_error_t je;
	policy_set *s;
	mz_err e = { 0 };

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (cli_flag(argc, argv, &i, "--rules", &dir) ||
			   cli_flag(argc, argv, &i, "--date", &date_s) ||
			   cli_flag(argc, argv, &i, "--input", &input) ||
			   cli_flag(argc, argv, &i, "--program", &only)) {
		} else {
			fprintf(stderr, "error: unknown option '%s'\n%s", argv[i], usage_text);
			return 2;
		}
	}
	if (!input) {
		fprintf(stderr, "error: --input FILE is required\n%s", usage_text);
		return 2;
	}
	date = date_s ? mz_day_parse(date_s) : mz_today();
	if (date == MZ_DAY_INVALID) {
		fprintf(stderr, "error: --date must be YYYY-MM-DD\n");
		return 2;
	}
	in = !strcmp(input, "-") ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &je)
				 : json_load_file(input, JSON_REJECT_DUPLICATES, &je);
	if (!in) {
		fprintf(stderr, "error: %s:%d:%d: %s\n", input, je.line, je.column, je.text);
		return 1;
	}
	if (!(s = load(rules_dir(dir)))) {
		json_decref(in);
		return 1;
	}
	out = policy_eval_json(s, in, date, &e);
	json_decref(in);
	if (!out) {
		policy_set_unref(s);
		return cli_fail(&e);
	}
	if (only) {
		json_t *progs = json_object_get(out, "programs"), *keep = json_array(), *p;
		size_t i;

		json_array_foreach(progs, i, p)
			if (!strcmp(json_string_value(json_object_get(p, "code")), only))
				json_array_append(keep, p);
		if (!json_array_size(keep)) {
			fprintf(stderr, "error: no program '%s'\n", only);
			json_decref(keep);
			json_decref(out);
			policy_set_unref(s);
			return 1;
		}
		json_object_set_new(out, "programs", keep);
	}
	json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(out);
	policy_set_unref(s);
	return 0;
}

static int do_show(int argc, char **argv)
{
	const char *dir = NULL, *code = NULL;
	policy_set *s;
	json_t *out;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (cli_flag(argc, argv, &i, "--rules", &dir)) {
		} else if (argv[i][0] != '-' && !code) {
			code = argv[i];
		} else {
			fprintf(stderr, "error: unknown option '%s'\n%s", argv[i], usage_text);
			return 2;
		}
	}
	if (!(s = load(rules_dir(dir))))
		return 1;
	out = json_array();
	for (size_t i = 0; i < policy_set_count(s); i++) {
		const policy_program *p = policy_set_program(s, i);

		if (!code || !strcmp(code, policy_program_code(p)))
			json_array_append_new(out, policy_program_describe(p));
	}
	if (code && !json_array_size(out)) {
		fprintf(stderr, "error: no program '%s'\n", code);
		json_decref(out);
		policy_set_unref(s);
		return 1;
	}
	json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(out);
	policy_set_unref(s);
	return 0;
}

int cmd_policy(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "check"))
		return do_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "eval"))
		return do_eval(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show"))
		return do_show(argc - 1, argv + 1);
	fprintf(stderr, "error: unknown policy command '%s'\n%s", argv[1], usage_text);
	return 2;
}
