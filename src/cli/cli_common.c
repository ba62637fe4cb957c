#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "access/audit_key.h"
#include "access/audit_store.h"
#include "cli/cli.h"
#include "registry/division_seed.h"

#define DEFAULT_DB "sqlite:./var/minzheng.db"

const char *cli_db_url(const char *flag_value)
{
	const char *env;

	if (flag_value && *flag_value)
		return flag_value;
	env = getenv("MINZHENG_DB");
	if (env && *env)
		return env;
	return DEFAULT_DB;
}

int cli_fail(const mz_err *e)
{
	if (e->field[0])
		fprintf(stderr, "error: %s: %s\n", e->field, e->message);
	else
		fprintf(stderr, "error: %s\n", e->message);
	return 1;
}

/* The default database lives in ./var: create the directory on first use. */
static void ensure_parent_dir(const char *url)
{
	const char *path = url;
	char dir[4096];
	char *slash;

	if (strstr(url, "://"))
		return;
	if (!strncmp(url, "sqlite:", 7))
		path = url + 7;
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return;
	*slash = '\0';
	mkdir(dir, 0750);
}

store *cli_open_store(const char *flag_value)
{
	const char *url = cli_db_url(flag_value);
	store *s = NULL;
	store_conn *c;
	mz_err e = { 0 };

	ensure_parent_dir(url);
	if (store_open(url, &s, &e)) {
		cli_fail(&e);
		return NULL;
	}
	if (store_migrate(s, NULL, &e) || !(c = store_conn_get(s, &e)) ||
	    registry_divisions_seed(c, &e) || audit_key_open(c, url, 0, &e) ||
	    audit_store_recover(s, &e)) {
		cli_fail(&e);
		store_close(s);
		return NULL;
	}
	return s;
}

int cli_flag(int argc, char **argv, int *i, const char *name, const char **value)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n))
		return 0;
	if (a[n] == '=') {
		*value = a + n + 1;
		return 1;
	}
	if (a[n] == '\0') {
		if (*i + 1 >= argc) {
			fprintf(stderr, "error: option '%s' needs a value\n", name);
			exit(2);
		}
		*value = argv[++*i];
		return 1;
	}
	return 0;
}
