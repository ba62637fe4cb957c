/* minzheng assess: score an ability assessment (老年人能力评估) from a JSON
 * file with the standard held in the database; a thin front-end over
 * eldercare/assess_score.c. Nothing is stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "domains/eldercare/assess.h"

static const char usage_text[] =
	"usage: minzheng assess --input FILE [--date YYYY-MM-DD] [--json] [--db URL]\n\n"
	"Scores an older person's ability assessment against the standard in force\n"
	"on --date (default today; GB/T 42195-2022 as seeded, its items, ranges,\n"
	"levels and adjustment rules are data in the database). FILE ('-' = stdin):\n"
	"  {\"items\": {\"eating\": 4, \"grooming\": 3, ...every item...},\n"
	"   \"conditions\": {\"dementia\": false, \"psychiatric\": false,\n"
	"                  \"risk_events_30d\": 0}}\n"
	"A plain object of item scores is accepted too. Prints the dimension\n"
	"scores, the total, the level from the total, each adjustment (coma floor,\n"
	"raise rules) and the final level; --json prints the result as JSON.\n"
	"A missing item, an unknown item or a score out of range is refused,\n"
	"naming the item. Exit status: 0 scored, 1 refused, 2 bad usage.\n";

static json_t *read_input(const char *path)
{
	json_error_t jerr;
	json_t *j;

	if (!strcmp(path, "-"))
		j = json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr);
	else
		j = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!j)
		fprintf(stderr, "error: %s: line %d column %d: %s\n", path, jerr.line,
			jerr.column, jerr.text);
	return j;
}

static void print_text(const json_t *res)
{
	size_t i;
	json_t *d, *a;

	printf("standard: %s\n", json_string_value(json_object_get(res, "standard")));
	json_array_foreach(json_object_get(res, "dimensions"), i, d)
		printf("  %-34s %3lld / %lld\n", json_string_value(json_object_get(d, "name_en")),
		       (long long)json_integer_value(json_object_get(d, "score")),
		       (long long)json_integer_value(json_object_get(d, "max")));
	printf("total: %lld / %lld\n", (long long)json_integer_value(json_object_get(res, "total")),
	       (long long)json_integer_value(json_object_get(res, "max_total")));
	printf("level by total: %lld %s (%s)\n",
	       (long long)json_integer_value(json_object_get(res, "base_level")),
	       json_string_value(json_object_get(res, "base_level_name_zh")),
	       json_string_value(json_object_get(res, "base_level_name_en")));
	json_array_foreach(json_object_get(res, "adjustments"), i, a)
		printf("adjustment %s: %lld -> %lld (%s)\n",
		       json_string_value(json_object_get(a, "rule")),
		       (long long)json_integer_value(json_object_get(a, "from")),
		       (long long)json_integer_value(json_object_get(a, "to")),
		       json_string_value(json_object_get(a, "name_en")));
	printf("level: %lld %s (%s)\n", (long long)json_integer_value(json_object_get(res, "level")),
	       json_string_value(json_object_get(res, "level_name_zh")),
	       json_string_value(json_object_get(res, "level_name_en")));
}

int cmd_assess(int argc, char **argv)
{
	const char *db = NULL, *input = NULL, *date = NULL;
	int as_json = 0, rc = 1;
	ec_assess_std std;
	ec_assess_result r;
	mz_err e = { 0 };
	json_t *in, *items, *res;
	store_conn *c;
	store *s;
	mz_day on = mz_today();

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (cli_flag(argc, argv, &i, "--db", &db) ||
			   cli_flag(argc, argv, &i, "--input", &input) ||
			   cli_flag(argc, argv, &i, "--date", &date)) {
		} else if (!strcmp(argv[i], "--json")) {
			as_json = 1;
		} else {
			fprintf(stderr, "error: unknown option '%s'\n%s", argv[i], usage_text);
			return 2;
		}
	}
	if (!input) {
		fprintf(stderr, "error: --input FILE is required\n%s", usage_text);
		return 2;
	}
	if (date && (on = mz_day_parse(date)) == MZ_DAY_INVALID) {
		fprintf(stderr, "error: --date must be YYYY-MM-DD\n");
		return 2;
	}
	in = read_input(input);
	if (!in)
		return 1;
	s = cli_open_store(db);
	if (!s) {
		json_decref(in);
		return 1;
	}
	c = store_conn_get(s, &e);
	if (!c || ec_assess_std_load(c, NULL, on, &std, &e)) {
		rc = cli_fail(&e);
		goto out;
	}
	/* A plain object of scores may still carry "conditions" beside them. */
	items = json_object_get(in, "items") ? json_incref(json_object_get(in, "items"))
					     : json_deep_copy(in);
	json_object_del(items, "conditions");
	res = ec_assess_score(&std, items, json_object_get(in, "conditions"), &r, &e);
	json_decref(items);
	if (!res) {
		rc = cli_fail(&e);
		goto out;
	}
	if (as_json) {
		char *text = json_dumps(res, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		puts(text);
		free(text);
	} else {
		print_text(res);
	}
	json_decref(res);
	rc = 0;
out:
	json_decref(in);
	store_close(s);
	return rc;
}
