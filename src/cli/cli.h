/* cli.h - the subcommands of `minzheng`.
 *
 * To add a subcommand:
 *  1. write src/cli/cmd_<name>.c exporting `int cmd_<name>(int argc, char **argv)`
 *     (argv[0] is the subcommand name); print usage on --help and exit 0;
 *  2. declare it below and add one line to the table in src/cli/main.c;
 *  3. add a test that drives the real binary (tests/api or tests/unit);
 *  4. document it in README.md's command list and docs/operations.md.
 * Commands print errors in English as "error: ..." on stderr and return 1;
 * they take --db URL (default ./var/minzheng.db, or $MINZHENG_DB). */
#ifndef MZ_CLI_H
#define MZ_CLI_H

#include "base/err.h"
#include "store/store.h"

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_idcard(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_screen(int argc, char **argv);
int cmd_payroll(int argc, char **argv);
int cmd_assistance(int argc, char **argv);
int cmd_volunteer(int argc, char **argv);
/* `import evidence` (cmd_evidence.c), dispatched from cmd_import. */
int cmd_import_evidence(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_assess(int argc, char **argv);
int cmd_distribution(int argc, char **argv);
int cmd_jobs(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_deliberation(int argc, char **argv);
int cmd_hall(int argc, char **argv);
int cmd_safetynet(int argc, char **argv);
int cmd_calendar(int argc, char **argv);

/* Shared helpers (cli_common.c). */
/* The database URL: --db value if given, else $MINZHENG_DB, else sqlite:./var/minzheng.db. */
const char *cli_db_url(const char *flag_value);
/* Opens the store and applies migrations; prints the error and returns NULL on failure. */
store *cli_open_store(const char *flag_value);
/* Prints "error: <message>" (and the field) to stderr; returns 1. */
int cli_fail(const mz_err *e);
/* Matches "--name VALUE" or "--name=VALUE" at argv[*i]; advances *i. */
int cli_flag(int argc, char **argv, int *i, const char *name, const char **value);

#endif
