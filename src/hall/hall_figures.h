/* hall_figures.h - the monitoring hall's materialised figures: computing
 * them (the job hall.refresh) and reading them through the caller's scope.
 *
 * Tables owned: hall_figures, hall_runs, hall_dirty (schema/0040_hall.sql).
 *
 * Refresh: for each registered indicator (hall.h) its SQL runs once for the
 * day, its rows are summed per division and rolled up the tree (community
 * 12 digits -> street 9 -> district 6 -> the city, 4 digits + "00"), and
 * the day's rows of that indicator are replaced in one transaction with a
 * hall_runs row saying when and how long. Earlier days are kept: trends by
 * month read the last stored day of each month.
 *
 * Reads never touch the domains' tables: a few stored rows per request,
 * whatever the size of the city. Scope: a caller names a division within
 * their scope or gets not_found (as any out-of-scope record); children and
 * trends are of that division only. Figures are aggregates (no person in
 * them) so reads are not audited; an export is. */
#ifndef MZ_HALL_FIGURES_H
#define MZ_HALL_FIGURES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "base/err.h"
#include "events/events.h"
#include "jobs/jobs.h"
#include "store/store.h"

typedef struct hall_refresh_stats {
	size_t indicators;   /* computed */
	size_t failed;       /* whose SQL failed (the others are still stored) */
	int64_t rows;        /* figure rows written */
	int64_t millis;      /* the whole refresh */
	char slowest[64];    /* the key of the slowest indicator */
	int64_t slowest_ms;
	char first_error[200];
} hall_refresh_stats;

/* Computes every registered indicator (or only the one named key, when not
 * NULL) for day as_of and stores the figures, each indicator in its own
 * transaction on c (none may be open). A failing indicator is counted in
 * st->failed and the others go on; returns -1 only when every indicator
 * failed or storage failed outright. Clears hall_dirty when all succeeded. */
int hall_refresh(store_conn *c, mz_day as_of, const char *key, hall_refresh_stats *st, mz_err *e);

/* The figures of a division (NULL or "": the caller's own scope division)
 * as of day as_of (MZ_DAY_INVALID: the latest day computed), with its
 * children's figures for drilling down and the path from the caller's
 * scope down to it. MZ_ENOTFOUND for a division outside the scope or
 * unknown. Returns a new JSON object (the caller decrefs):
 * { division {code,name,level}, path [{code,name,level}], as_of,
 *   children [{code,name,level}],
 *   indicators [{key, group, label_zh, label_en, unit, unit_zh, better,
 *                list_path, num, den, value, computed_at, age_seconds,
 *                children [{code, num, den, value}]}] } */
json_t *hall_overview(store_conn *c, const access_ctx *who, const char *division, mz_day as_of,
		      mz_err *e);

/* The month-end figures of one indicator for a division over the last
 * `months` months up to as_of (MZ_DAY_INVALID: today): [{month, as_of, num,
 * den, value}], months with no stored day left out. MZ_ENOTFOUND for an
 * unknown key or a division outside the scope. */
json_t *hall_trend(store_conn *c, const access_ctx *who, const char *key, const char *division,
		   int months, mz_day as_of, mz_err *e);

/* The division's and its children's figures as a file: a workbook
 * (xlsx != 0) or CSV text, *out malloc'd (the caller frees). Same scope as
 * hall_overview; the export is audited (hall.export). */
int hall_export(store_conn *c, const access_ctx *who, const char *division, mz_day as_of,
		int xlsx, char **out, size_t *len, mz_err *e);

/* A figure's value as shown: the count or fen (num), a rate in percent
 * (100 num / den), an average (num / den); 0 when den is 0. */
double hall_value(int unit, int64_t num, int64_t den);

/* The hall's jobs (hall.refresh every 10 min and nightly, hall.refresh_dirty
 * every 30 s when the outbox marked the figures stale) and its outbox
 * subscribers (case.decided, enrollment.ended, person.died mark them
 * stale). Registered in src/domains/domains.c. */
extern const job_def hall_jobs[];
extern const event_subscriber hall_subscribers[];

#endif
