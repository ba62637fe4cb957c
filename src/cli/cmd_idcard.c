/* minzheng idcard: check citizen ID numbers (GB 11643-1999) without a
 * database; a thin front-end over registry/idcard.c. One JSON object per
 * number on stdout, in input order, so the output pastes beside the input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "registry/idcard.h"

static const char usage_text[] =
	"usage: minzheng idcard check NUMBER...\n"
	"   or: minzheng idcard check -\n\n"
	"Checks citizen ID numbers (GB 11643-1999): length, characters, address\n"
	"code (Guangzhou codes current and historical, other provinces by their\n"
	"province code), birth date, and the check character (ISO 7064 MOD 11-2).\n"
	"15-digit first-generation numbers are rejected: they are no longer valid.\n\n"
	"Prints one JSON line per number, e.g.\n"
	"  {\"valid\":true,\"birth_date\":\"1950-03-07\",\"sex\":\"F\",\"division\":\"440104\"}\n"
	"  {\"valid\":false,\"error\":\"...\"}\n"
	"With '-', reads one number a line from standard input (a blank line is\n"
	"an invalid, empty number).\n\n"
	"Exit status: 0 if every number is valid, 1 if any is not, 2 on bad usage.\n"
	"--db URL is accepted like on every command but not used.\n";

/* Lines longer than this are not ID numbers; their rest is skipped. */
#define LINE_MAX_BYTES 256

static int print_json(json_t *o)
{
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	json_decref(o);
	if (!s) {
		fputs("error: cannot encode the result as JSON\n", stderr);
		return -1;
	}
	puts(s);
	free(s);
	return 0;
}

static int print_error(const char *message)
{
	print_json(json_pack("{s:b,s:s}", "valid", 0, "error", message));
	return 1;
}

/* Prints the verdict on one number; returns 0 if it is valid, 1 if not. */
static int check_one(const char *number)
{
	idcard_info info;
	mz_err e = { 0 };
	char birth[11];
	char sex[2];

	if (idcard_parse(number, &info, &e))
		return print_error(e.message);
	mz_day_format(info.birth, birth);
	sex[0] = info.sex;
	sex[1] = '\0';
	if (print_json(json_pack("{s:b,s:s,s:s,s:s}", "valid", 1, "birth_date",
				 birth, "sex", sex, "division", info.division)))
		return 1;
	return 0;
}

static int check_stdin(void)
{
	char line[LINE_MAX_BYTES];
	int bad = 0;

	while (fgets(line, sizeof(line), stdin)) {
		size_t n = strlen(line);

		if (n == sizeof(line) - 1 && line[n - 1] != '\n') {
			int c;
			while ((c = getchar()) != EOF && c != '\n')
				;
			bad |= print_error("line is too long to be a citizen ID number");
			continue;
		}
		bad |= check_one(line); /* idcard_parse ignores the newline */
	}
	if (ferror(stdin)) {
		perror("error: reading standard input");
		return 1;
	}
	fflush(stdout);
	return bad;
}

static int cmd_idcard_check(int argc, char **argv)
{
	const char *db = NULL;
	int bad = 0, from_stdin = 0, count = 0, options_done = 0;
	const char **numbers = mz_xcalloc((size_t)argc, sizeof(*numbers));

	for (int i = 1; i < argc; i++) {
		if (options_done || argv[i][0] != '-' || !strcmp(argv[i], "-")) {
			if (!strcmp(argv[i], "-") && !options_done)
				from_stdin = 1;
			else
				numbers[count++] = argv[i];
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			free(numbers);
			return 0;
		} else if (!strcmp(argv[i], "--")) {
			options_done = 1;
		} else if (cli_flag(argc, argv, &i, "--db", &db)) {
			/* accepted for uniformity; no database is needed */
		} else {
			fprintf(stderr, "error: unknown option '%s'\n%s", argv[i],
				usage_text);
			free(numbers);
			return 2;
		}
	}
	if (from_stdin && count) {
		fprintf(stderr, "error: give numbers either as arguments or with '-', not both\n%s",
			usage_text);
		bad = 2;
	} else if (from_stdin) {
		bad = check_stdin();
	} else if (!count) {
		fprintf(stderr, "error: no number to check\n%s", usage_text);
		bad = 2;
	} else {
		for (int i = 0; i < count; i++)
			bad |= check_one(numbers[i]);
	}
	free(numbers);
	return bad;
}

int cmd_idcard(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_text, stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "check"))
		return cmd_idcard_check(argc - 1, argv + 1);
	fprintf(stderr, "error: unknown idcard subcommand '%s'\n%s", argv[1],
		usage_text);
	return 2;
}
