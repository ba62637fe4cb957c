/* minzheng backup / restore: a consistent copy of the database while it is
 * in use, and putting one back with its integrity and audit chain checked.
 * The copying is store/backup.c; the audit chain check is access/ (above
 * store/), so it runs here, on the restored database. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "access/audit_key.h"
#include "access/audit_store.h"
#include "cli/cli.h"
#include "store/backup.h"

static const char backup_usage[] =
	"usage: minzheng backup --out FILE [--db URL] [--force]\n\n"
	"Writes a consistent copy of the database, safe to run while `serve` is\n"
	"running. SQLite: the online backup API, one self-contained file.\n"
	"PostgreSQL: pg_dump custom format (pg_dump, pg_restore from $PGBIN,\n"
	"$PATH or /usr/lib/postgresql/N/bin). Prints the row counts of the copy.\n"
	"FILE is written under FILE.partial and renamed when complete; an\n"
	"existing FILE is kept unless --force.\n";

static const char restore_usage[] =
	"usage: minzheng restore --in FILE [--db URL] [--force]\n\n"
	"Restores a file written by `minzheng backup` into the database at URL\n"
	"(same engine). A target that already holds tables is refused unless\n"
	"--force, which replaces its content. Stop `serve` on the target first.\n"
	"PostgreSQL: create the target database first (CREATE DATABASE); the\n"
	"restore runs in one transaction. Afterwards the restored database is\n"
	"checked (SQLite: PRAGMA integrity_check) and its audit chain verified;\n"
	"exits 1 if either check fails.\n";

/* Counted in the backup and after a restore, so the two can be compared. */
static const char *const counted[] = { "persons", "households", "users", "audit_log", NULL };

static int parse(int argc, char **argv, const char *usage, const char *file_flag,
		 const char **db, const char **file, int *force)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--force")) {
			*force = 1;
		} else if (!cli_flag(argc, argv, &i, "--db", db) &&
			   !cli_flag(argc, argv, &i, file_flag, file)) {
			fprintf(stderr, "error: unknown option '%s'\n%s", argv[i], usage);
			return 2;
		}
	}
	if (!*file || !**file) {
		fprintf(stderr, "error: %s FILE is required\n%s", file_flag, usage);
		return 2;
	}
	return -1; /* go on */
}

static void print_counts(const char *prefix, const char *const *tables, const int64_t *rows,
			 int n)
{
	fputs(prefix, stdout);
	for (int i = 0; i < n; i++)
		if (rows[i] >= 0)
			printf("%s%s %lld", i ? ", " : "", tables[i], (long long)rows[i]);
	putchar('\n');
}

int cmd_backup(int argc, char **argv)
{
	const char *db = NULL, *out = NULL;
	store_backup_info info;
	mz_err e = { 0 };
	int force = 0, r;

	if ((r = parse(argc, argv, backup_usage, "--out", &db, &out, &force)) >= 0)
		return r;
	if (store_backup(cli_db_url(db), out, force, counted, &info, &e))
		return cli_fail(&e);
	printf("backup written: %s (%.1f MB)\n", out, (double)info.bytes / 1e6);
	print_counts("rows: ", counted, info.rows, info.ntables);
	return 0;
}

int cmd_restore(int argc, char **argv)
{
	const char *db = NULL, *in = NULL, *url;
	int64_t rows[sizeof(counted) / sizeof(counted[0])];
	json_t *problems;
	int64_t checked = 0;
	store_conn *c;
	mz_err e = { 0 };
	store *s = NULL;
	int force = 0, ok = 0, r, n = 0;

	if ((r = parse(argc, argv, restore_usage, "--in", &db, &in, &force)) >= 0)
		return r;
	url = cli_db_url(db);
	if (store_restore(url, in, force, &e))
		return cli_fail(&e);
	printf("restored: %s\n", in);
	/* Open without migrating: what is checked is what was restored. The
	 * next `init` or `serve` applies newer migrations. */
	if (store_open(url, &s, &e) || !(c = store_conn_get(s, &e))) {
		store_close(s);
		return cli_fail(&e);
	}
	for (; counted[n]; n++) {
		/* The audit tables are counted where they live (audit_store.h). */
		store_conn *cc = strncmp(counted[n], "audit_", 6) ? c : audit_store_conn(c, &e);
		char sql[64];

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", counted[n]);
		if (!cc || store_query_i64(cc, sql, &rows[n], &e)) {
			store_close(s);
			fputs("error: the restored database lacks minzheng's tables\n", stderr);
			return cli_fail(&e);
		}
	}
	print_counts("rows: ", counted, rows, n);
	/* The chain is checked with the key it was made with (MZ_AUDIT_KEY,
	 * or the key beside the database). */
	if (audit_key_open(c, url, 0, &e)) {
		store_close(s);
		return cli_fail(&e);
	}
	problems = json_array();
	if (audit_verify_ex(c, &ok, &checked, problems, 20, 0, &e)) {
		json_decref(problems);
		store_close(s);
		return cli_fail(&e);
	}
	if (ok) {
		printf("audit chain: ok, %lld records\n", (long long)checked);
	} else {
		size_t i;
		json_t *p;

		fprintf(stderr, "error: the restored audit chain is broken (%zu problems):\n",
			json_array_size(problems));
		json_array_foreach(problems, i, p)
			fprintf(stderr, "  seq %lld: %s\n",
				(long long)json_integer_value(json_object_get(p, "seq")),
				json_string_value(json_object_get(p, "problem")));
	}
	json_decref(problems);
	store_close(s);
	return ok ? 0 : 1;
}
