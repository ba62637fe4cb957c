/* cmd_calendar.c - `minzheng calendar`: a year's holidays and 调休 working
 * weekends of the working-day calendar (cases/workcal.h), shown or loaded
 * from the State Council's notice as a CSV file (day,kind,name per line).
 * Loading replaces the year in one transaction, audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "cases/workcal.h"
#include "cli/cli.h"
#include "store/query.h"

static const char usage_text[] =
	"usage: minzheng calendar show --year YYYY [--db URL]\n"
	"       minzheng calendar load --year YYYY --reason TEXT [--db URL] FILE.csv\n\n"
	"load replaces the year's holidays and 调休 working days with FILE, one day a\n"
	"line: YYYY-MM-DD,holiday|workday,name (a first line 'day,kind,name' is a\n"
	"header). Every day must lie in the year; a workday must be a Saturday or\n"
	"Sunday. Nothing changes when a line is wrong.\n";

/* Reads FILE into days (strings owned by *buf). Returns n or -1. */
static int read_schedule(const char *path, workcal_entry *days, char **buf, mz_err *e)
{
	FILE *f = fopen(path, "r");
	size_t len = 0, cap = 0;
	int n = 0, lineno = 0;

	*buf = NULL;
	if (!f)
		return mz_failf(e, MZ_EINVAL, "file", "cannot open %s", "无法打开 %s", path);
	for (int ch; (ch = fgetc(f)) != EOF;) {
		if (len + 2 > cap)
			*buf = mz_xrealloc(*buf, cap = cap ? cap * 2 : 4096);
		(*buf)[len++] = (char)ch;
	}
	fclose(f);
	if (!*buf)
		return mz_fail(e, MZ_EINVAL, "file", "the file is empty", "文件为空");
	(*buf)[len] = 0;
	for (char *save = NULL, *p = strtok_r(*buf, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
		char *k, *name;

		lineno++;
		p[strcspn(p, "\r")] = 0;
		if (!*p || (lineno == 1 && !strncmp(p, "day,", 4)))
			continue;
		if (n >= WORKCAL_YEAR_MAX_DAYS)
			return mz_failf(e, MZ_EINVAL, "file", "more than %d days", "超过 %d 天",
					WORKCAL_YEAR_MAX_DAYS);
		k = strchr(p, ',');
		name = k ? strchr(k + 1, ',') : NULL;
		if (!k || !name)
			return mz_failf(e, MZ_EINVAL, "file", "line %d: want day,kind,name",
					"第 %d 行：格式应为 日期,类型,名称", lineno);
		*k++ = 0;
		*name++ = 0;
		days[n].day = p;
		days[n].kind = k;
		days[n].name = name;
		n++;
	}
	return n;
}

int cmd_calendar(int argc, char **argv)
{
	const char *db = NULL, *year_s = NULL, *reason = NULL, *file = NULL;
	workcal_entry days[WORKCAL_YEAR_MAX_DAYS];
	char *buf = NULL;
	store *s;
	store_conn *c;
	access_ctx who;
	mz_err e = { 0 };
	int year, rc = 0, n = 0;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (int i = 2; i < argc; i++) {
		if (cli_flag(argc, argv, &i, "--db", &db) || cli_flag(argc, argv, &i, "--year", &year_s) ||
		    cli_flag(argc, argv, &i, "--reason", &reason))
			continue;
		if (argv[i][0] == '-' || file) {
			fprintf(stderr, "error: unexpected argument '%s'\n%s", argv[i], usage_text);
			return 2;
		}
		file = argv[i];
	}
	year = year_s ? (int)strtol(year_s, NULL, 10) : 0;
	if ((strcmp(argv[1], "show") && strcmp(argv[1], "load")) || year < 2000 || year > 2100 ||
	    (!strcmp(argv[1], "load") && (!file || !reason || !*reason))) {
		fprintf(stderr, "error: name show or load, --year 2000-2100, and for load --reason and FILE\n%s",
			usage_text);
		return 2;
	}
	if (!strcmp(argv[1], "load") && ((n = read_schedule(file, days, &buf, &e)) < 0 ||
					 workcal_check_year(year, days, (size_t)n, &e))) {
		free(buf);
		return cli_fail(&e);
	}
	if (!(s = cli_open_store(db))) {
		free(buf);
		return 1;
	}
	if (!(c = store_conn_get(s, &e))) {
		store_close(s);
		free(buf);
		return cli_fail(&e);
	}
	access_ctx_system(&who, "cli:calendar");
	if (!strcmp(argv[1], "load")) {
		int64_t replaced = 0;
		char detail[96];

		snprintf(detail, sizeof(detail), "{\"days\":%d,\"file\":\"loaded\",\"year\":%d}", n, year);
		if (store_begin(c, &e) || workcal_store_year(c, year, days, (size_t)n, &replaced, &e) ||
		    audit_append(c, &who, AUDIT_WRITE, "calendar.load_year", "calendar", (int64_t)year, "",
				 reason, detail, &e) ||
		    store_commit(c, &e)) {
			store_rollback(c);
			rc = cli_fail(&e);
		} else {
			printf("calendar %d: %d days loaded (%lld replaced)\n", year, n, (long long)replaced);
		}
	} else {
		workcal_row rows[366];
		size_t k;

		if (workcal_year_list(c, year, rows, 366, &k, &e))
			rc = cli_fail(&e);
		for (size_t i = 0; !rc && i < k; i++)
			printf("%s,%s,%s\n", rows[i].day, rows[i].kind, rows[i].name);
	}
	free(buf);
	store_close(s);
	return rc;
}
