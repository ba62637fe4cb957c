/* snapshot_default.c - where a run keeps its column snapshot when not told
 * (screen.h, screen_snapshot_default_path). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen/screen.h"

#define SNAPSHOT_ENV "MINZHENG_SCREEN_SNAPSHOT"

void screen_snapshot_default_path(store *s, char *out, size_t cap)
{
	const char *env = getenv(SNAPSHOT_ENV), *url, *path;

	out[0] = '\0';
	if (env) {
		if (*env && strcmp(env, "off"))
			snprintf(out, cap, "%s", env);
		return;
	}
	if (store_engine_of(s) != STORE_SQLITE)
		return;
	/* A database file: not one in memory, nor a URI whose path is not
	 * simply the text after "file:" (the audit file follows the same rule). */
	url = store_url(s);
	path = !strncmp(url, "sqlite:", 7) ? url + 7 : url;
	if (!*path || !strcmp(path, ":memory:") || !strncmp(path, "file:", 5))
		return;
	snprintf(out, cap, "%s.columns", path);
}

int screen_run_default(store_conn *c, const access_ctx *who, const policy_set *s, mz_day date,
		       uint64_t programs, screen_progress_fn progress, void *arg,
		       screen_summary *out, mz_err *e)
{
	char path[4200];

	screen_snapshot_default_path(store_conn_store(c), path, sizeof(path));
	return screen_run_snapshot(c, who, s, date, programs, 0, *path ? path : NULL, progress, arg,
				   out, e);
}
