/* main.c - the command table of `minzheng`; see cli.h for how to add one. */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "cli/cli.h"
#include "domains/domains.h"
#include "registry/registry.h"

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "init", cmd_init, "create or upgrade the database and seed the divisions" },
	{ "serve", cmd_serve, "serve the web UI and the API" },
	{ "demo", cmd_demo, "build a deterministic synthetic city" },
	{ "import", cmd_import, "import persons or households from CSV/XLSX" },
	{ "user", cmd_user, "add, list, disable users and set passwords" },
	{ "audit", cmd_audit, "verify the audit chain" },
	{ "idcard", cmd_idcard, "check citizen ID numbers (GB 11643)" },
	{ "backup", cmd_backup, "write a consistent copy of the database (while serving)" },
	{ "restore", cmd_restore, "restore a backup, then check integrity and the audit chain" },
	{ "assess", cmd_assess, "score an elderly ability assessment (GB/T 42195-2022)" },
	{ "policy", cmd_policy, "check rules files and evaluate a household" },
	{ "screen", cmd_screen, "whole-city screening: work items the rules find" },
	{ "payroll", cmd_payroll, "monthly payroll: run, approve, bank file, reconcile, totals" },
	{ "assistance", cmd_assistance, "social assistance periodic steps: reverify, close-exits" },
	{ "distribution", cmd_distribution, "check the schema's Citus distribution plan; print it as SQL" },
	{ "jobs", cmd_jobs, "the periodic jobs `serve` runs: list, run one now" },
	{ "events", cmd_events, "the event outbox: list deliveries (failed ones), retry" },
	{ "deliberation", cmd_deliberation, "deliberation halls: escalate overdue resolutions, execution rates" },
	{ "hall", cmd_hall, "the monitoring hall's figures: refresh a day, list them" },
	{ "volunteer", cmd_volunteer, "time bank: check the hour ledger, expire dispatch offers" },
	{ "calendar", cmd_calendar, "working-day calendar: show a year, load the State Council's schedule" },
	{ "safetynet", cmd_safetynet, "safety net: check alert rules, add a department, import events, escalate" },
};

static void usage(FILE *out)
{
	fputs("usage: minzheng <command> [options]\n\n"
	      "minzheng - the integrated civil-affairs platform (民政一体化平台)\n\n"
	      "commands:\n", out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].help);
	fputs("\nEvery command takes --db URL (sqlite:PATH or postgres://...;"
	      " default sqlite:./var/minzheng.db, or $MINZHENG_DB) and --help.\n", out);
}

int main(int argc, char **argv)
{
	/* Every command may write what publishes events or run a job. */
	domains_register();
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	/* access/ checks user scopes against the registry's division tree
	 * without reading it: it is handed the lookup here, once, before any
	 * command starts a thread (access.h). */
	access_divisions_use(registry_division_lookup);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "error: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
