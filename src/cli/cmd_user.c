/* minzheng user: add, list, disable, enable, passwd. Run by an operator on
 * the machine: acts as "system" with city scope, and every change is audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/user.h"
#include "cli/cli.h"

static const char usage_text[] =
	"usage: minzheng user add --login L --name NAME --role R --scope DIVISION --password-stdin\n"
	"       minzheng user list\n"
	"       minzheng user disable --login L\n"
	"       minzheng user enable --login L\n"
	"       minzheng user passwd --login L --password-stdin\n"
	"  (every form takes --db URL)\n\n"
	"roles: city_admin, district_officer, street_caseworker, community_worker,\n"
	"       service_provider, auditor. The scope is a division code (440100 = the city).\n"
	"The password is read from the first line of standard input.\n";

static int read_password(char *buf, size_t cap)
{
	size_t n;

	if (!fgets(buf, (int)cap, stdin)) {
		fprintf(stderr, "error: no password on standard input\n");
		return -1;
	}
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}

int cmd_user(int argc, char **argv)
{
	const char *db = NULL, *login = NULL, *name = NULL, *role = NULL, *scope = NULL;
	const char *sub = argc > 1 ? argv[1] : NULL;
	int pw_stdin = 0, rc = 0;
	char password[300] = "";
	access_ctx who;
	store_conn *c;
	mz_err e = { 0 };
	store *s;

	if (!sub || !strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		fputs(usage_text, sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--help")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (cli_flag(argc, argv, &i, "--db", &db) ||
			   cli_flag(argc, argv, &i, "--login", &login) ||
			   cli_flag(argc, argv, &i, "--name", &name) ||
			   cli_flag(argc, argv, &i, "--role", &role) ||
			   cli_flag(argc, argv, &i, "--scope", &scope)) {
		} else if (!strcmp(argv[i], "--password-stdin")) {
			pw_stdin = 1;
		} else {
			fprintf(stderr, "error: unknown option '%s'\n%s", argv[i], usage_text);
			return 2;
		}
	}
	if (strcmp(sub, "list") && !login) {
		fprintf(stderr, "error: --login is required\n");
		return 2;
	}
	if ((!strcmp(sub, "add") || !strcmp(sub, "passwd")) &&
	    (!pw_stdin || read_password(password, sizeof(password)))) {
		if (!pw_stdin)
			fprintf(stderr, "error: --password-stdin is required (passwords never go on the command line)\n");
		return 2;
	}
	s = cli_open_store(db);
	if (!s)
		return 1;
	c = store_conn_get(s, &e);
	access_ctx_system(&who, "system");
	if (!strcmp(sub, "add")) {
		int64_t id;
		if (access_user_add(c, &who, login, name ? name : login, role, scope, password, &id, &e))
			rc = cli_fail(&e);
		else
			printf("user %s added (id %lld)\n", login, (long long)id);
	} else if (!strcmp(sub, "list")) {
		access_users users;

		access_users_init(&users);
		if (access_user_list(c, &who, &users, &e)) {
			rc = cli_fail(&e);
		} else {
			printf("%-20s %-18s %-12s %-8s %s\n", "login", "role", "scope", "status", "name");
			for (size_t i = 0; i < users.n; i++)
				printf("%-20s %-18s %-12s %-8s %s\n", users.items[i].login,
				       users.items[i].role, users.items[i].scope_code,
				       users.items[i].disabled ? "disabled" : "active",
				       users.items[i].name);
		}
		access_users_release(&users);
	} else if (!strcmp(sub, "disable") || !strcmp(sub, "enable")) {
		if (access_user_set_disabled(c, &who, login, !strcmp(sub, "disable"), &e))
			rc = cli_fail(&e);
		else
			printf("user %s %sd\n", login, sub);
	} else if (!strcmp(sub, "passwd")) {
		if (access_user_passwd(c, &who, login, password, &e))
			rc = cli_fail(&e);
		else
			printf("password of %s changed\n", login);
	} else {
		fprintf(stderr, "error: unknown subcommand '%s'\n%s", sub, usage_text);
		rc = 2;
	}
	store_close(s);
	return rc;
}
