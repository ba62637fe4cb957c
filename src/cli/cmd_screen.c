/* minzheng screen: whole-city screening (政策找人). Every program over every
 * household with one compiled rules set; the differences with current
 * enrollments become work items for the streets (screen/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "screen/screen.h"

static const char usage_text[] =
	"usage: minzheng screen --date YYYY-MM-DD [--programs a,b] [--rules DIR] [--rewrite]\n"
	"                       [--snapshot | --snapshot-file FILE] [--full-load] [--db URL]\n\n"
	"Evaluates the programs (default: all) for every household of the registry on\n"
	"the date and writes work items: eligible_not_enrolled, enrolled_not_eligible,\n"
	"amount_changed. The open items of the programs become exactly the run's\n"
	"findings: only the changes are written (an unchanged finding keeps its item);\n"
	"--rewrite deletes them all and inserts every finding instead (same items,\n"
	"new ids). Rules: --rules DIR, else $MINZHENG_POLICY_DIR, else policies/guangzhou.\n"
	"The registry's columns are kept in a snapshot file, by default beside a SQLite\n"
	"database (DB.columns); $MINZHENG_SCREEN_SNAPSHOT or --snapshot-file FILE names\n"
	"another (PostgreSQL: only then; MINZHENG_SCREEN_SNAPSHOT=off: none). A run maps\n"
	"it and re-reads only the households the registry's writers changed since\n"
	"(registry_changes); a missing, stale or corrupt file is rebuilt from the whole\n"
	"registry. --full-load loads the whole registry anyway (and rewrites the file).\n"
	"--snapshot insists on a file (an error on PostgreSQL when none is named).\n"
	"Progress on stderr; a summary by district on stdout.\n";

static void on_progress(void *arg, const char *stage, size_t done, size_t total)
{
	(void)arg;
	if (!isatty(2) && done != total)
		return;
	fprintf(stderr, "\rscreen: %-8s %3zu%%", stage, total ? done * 100 / total : 100);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

int cmd_screen(int argc, char **argv)
{
	const char *db = NULL, *date_s = NULL, *programs = NULL, *dir = NULL, *snap_file = NULL;
	char snap_path[4200] = "";
	int use_snapshot = 0;
	policy_diags d = { 0 };
	mz_err e = { 0 };
	uint64_t mask = 0;
	unsigned flags = 0;
	screen_summary sum;
	access_ctx who;
	policy_set *set;
	store *s;
	mz_day date;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--rewrite")) {
			flags |= SCREEN_REWRITE;
		} else if (!strcmp(argv[i], "--full-load")) {
			flags |= SCREEN_FULL_LOAD;
		} else if (!strcmp(argv[i], "--snapshot")) {
			use_snapshot = 1;
		} else if (cli_flag(argc, argv, &i, "--db", &db) ||
			   cli_flag(argc, argv, &i, "--date", &date_s) ||
			   cli_flag(argc, argv, &i, "--programs", &programs) ||
			   cli_flag(argc, argv, &i, "--rules", &dir) ||
			   cli_flag(argc, argv, &i, "--snapshot-file", &snap_file)) {
		} else {
			fprintf(stderr, "error: unexpected argument '%s'\n%s", argv[i], usage_text);
			return 2;
		}
	}
	date = date_s ? mz_day_parse(date_s) : MZ_DAY_INVALID;
	if (date == MZ_DAY_INVALID) {
		fprintf(stderr, "error: --date YYYY-MM-DD is required\n%s", usage_text);
		return 2;
	}
	if (!dir)
		dir = getenv("MINZHENG_POLICY_DIR");
	if (!dir || !*dir)
		dir = "policies/guangzhou";
	set = policy_set_load_dir(dir, &d, &e);
	for (size_t i = 0; !set && i < d.n; i++) {
		char line[1200];

		policy_diag_format(&d.items[i], line, sizeof(line));
		fprintf(stderr, "%s\n", line);
	}
	policy_diags_release(&d);
	if (!set)
		return cli_fail(&e);
	if (programs && *programs) {
		char *list = mz_strdup(programs), *p = list;

		while (p) {
			char *comma = strchr(p, ',');
			int bit;

			if (comma)
				*comma = '\0';
			bit = policy_set_program_bit(set, p);
			if (bit < 0 || bit >= 64) {
				fprintf(stderr, "error: --programs: no program '%s'\n", p);
				free(list);
				policy_set_unref(set);
				return 2;
			}
			mask |= 1ull << bit;
			p = comma ? comma + 1 : NULL;
		}
		free(list);
	}
	s = cli_open_store(db);
	if (!s) {
		policy_set_unref(set);
		return 1;
	}
	if (snap_file && *snap_file) {
		snprintf(snap_path, sizeof(snap_path), "%s", snap_file);
	} else {
		/* The default (screen.h): beside a SQLite file, or the configured one. */
		screen_snapshot_default_path(s, snap_path, sizeof(snap_path));
		if (use_snapshot && !*snap_path) {
			fputs("error: --snapshot: no snapshot file here; on PostgreSQL name one with"
			      " --snapshot-file FILE or MINZHENG_SCREEN_SNAPSHOT\n",
			      stderr);
			policy_set_unref(set);
			store_close(s);
			return 2;
		}
	}
	access_ctx_system(&who, "screen");
	store_conn *c = store_conn_get(s, &e);
	if (!c || screen_run_snapshot(c, &who, set, date, mask, flags, *snap_path ? snap_path : NULL,
				      on_progress, NULL, &sum, &e)) {
		policy_set_unref(set);
		store_close(s);
		return cli_fail(&e);
	}
	printf("screen run %lld on %s: %zu households, %zu persons\n", (long long)sum.run_id,
	       date_s, sum.households, sum.persons);
	fprintf(stderr, "screen: load %.1f ms, evaluate %.1f ms (%.0f persons/s), write %.1f ms\n",
		sum.load_ms, sum.eval_ms,
		sum.eval_ms > 0 ? (double)sum.persons / (sum.eval_ms / 1e3) : 0.0, sum.write_ms);
	fprintf(stderr, "screen: cpu load %.1f ms, evaluate %.1f ms, write %.1f ms;"
		" items %zu inserted, %zu deleted, %zu kept\n",
		sum.load_cpu_ms, sum.eval_cpu_ms, sum.write_cpu_ms, sum.inserted, sum.deleted, sum.kept);
	if (*snap_path)
		fprintf(stderr, "screen: columns %s: %zu registry changes, %zu households re-read;"
			" snapshot %s%s%s\n",
			sum.load.snapshot_used ? "from the snapshot" : "loaded in full", sum.load.changes,
			sum.load.households_reread,
			sum.load.snapshot_written ? "written"
			: sum.load.snapshot_restamped ? "restamped" : "unchanged",
			*sum.load.note ? " - " : "", sum.load.note);
	printf("%-8s %22s %22s %15s\n", "district", "eligible_not_enrolled", "enrolled_not_eligible",
	       "amount_changed");
	size_t k;
	json_t *row;
	json_array_foreach(sum.by_district, k, row)
		printf("%-8s %22lld %22lld %15lld\n",
		       json_string_value(json_object_get(row, "district")),
		       (long long)json_integer_value(json_object_get(row, "eligible_not_enrolled")),
		       (long long)json_integer_value(json_object_get(row, "enrolled_not_eligible")),
		       (long long)json_integer_value(json_object_get(row, "amount_changed")));
	json_decref(sum.by_district);
	policy_set_unref(set);
	store_close(s);
	return 0;
}
