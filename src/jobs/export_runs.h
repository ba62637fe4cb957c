/* export_runs.h - the progress of a list export while it is written, for
 * the page that asked to show (http/list_export.h).
 *
 * The page picks a token (8-64 letters, digits, '-' or '_'), sends it with
 * the download request and asks for the run by that token meanwhile; the
 * server records rows written and the list's total after every page it
 * reads. The row is in the database, so any server process answers the
 * question. Only the user who started a run can read it (another user's
 * token is "not found"). Runs older than a day are dropped as new ones
 * start.
 *
 * Tables owned: export_runs (schema/0065_export_runs.sql). */
#ifndef MZ_JOBS_EXPORT_RUNS_H
#define MZ_JOBS_EXPORT_RUNS_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/err.h"
#include "store/store.h"

/* 1 when token has the accepted shape. */
int export_run_token_valid(const char *token);

/* Starts (or restarts) who's run token of list, at 0 rows. */
int export_run_start(store_conn *c, const access_ctx *who, const char *token, const char *list,
		     mz_err *e);
/* Records rows written of total (-1: unknown); status "running", "done"
 * or "failed". */
int export_run_update(store_conn *c, const access_ctx *who, const char *token, int64_t rows,
		      int64_t total, const char *status, mz_err *e);
/* {"token", "list", "rows", "total" (null when unknown), "status",
 * "started_at", "updated_at"}; MZ_ENOTFOUND when who has no such run. */
json_t *export_run_get(store_conn *c, const access_ctx *who, const char *token, mz_err *e);

#endif
