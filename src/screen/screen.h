/* screen.h - whole-city screening (政策找人): the registry, declared incomes
 * and assets and current enrollments loaded as policy columns, every
 * program evaluated for every household with one compiled set, and the
 * differences written as work items for the streets.
 *
 *   screen_load     one query per table, households contiguous.
 *   screen_run      load + policy_eval_batch + one write transaction that
 *                   makes the open items of the programs screened exactly
 *                   the run's findings, writing only what changed
 *                   (screen_write.c): an unchanged finding keeps its item.
 *   screen_items    the worklist, scope-filtered and audited. */
#ifndef MZ_SCREEN_H
#define MZ_SCREEN_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "base/date.h"
#include "base/err.h"
#include "policy/policy.h"
#include "store/store.h"

#define SCREEN_PAGE_MAX 200

/* Columns of the whole registry plus what the work items need. */
typedef struct screen_data {
	policy_columns cols;
	int64_t *hh_id;       /* household id per household index */
	/* enrolled amount (fen per month, active or suspended enrollments)
	 * per program bit per household; NULL rows for unused bits */
	int64_t *enrolled_fen[64];
	char (*div_code)[16]; /* division code text per division index */
	int64_t *p_id;        /* person id per person index */
	/* Set when the columns point into a mapped snapshot (snapshot.h):
	 * hh_id, p_id, div_code and most columns are the file's; these are the
	 * run's own. */
	void *snap_;
	uint32_t *own_flags_;
	uint64_t *own_hh_enrolled_, *own_p_enrolled_;
} screen_data;

/* How a run got its columns (screen_summary.load). */
typedef struct screen_load_info {
	int snapshot_used;          /* the columns came from the snapshot file */
	size_t changes;             /* registry changes read since it was built */
	size_t households_reread;   /* households read again because of them */
	int snapshot_written;       /* a new file was written */
	int snapshot_restamped;     /* only its header: the changes moved no column */
	char note[200];             /* why the snapshot was not used, or "" */
} screen_load_info;

typedef void (*screen_progress_fn)(void *arg, const char *stage, size_t done, size_t total);

int screen_load(store_conn *c, const policy_set *s, screen_data *d, mz_err *e);
/* screen_load with the column snapshot at snapshot_path (snapshot.h): the
 * file, refreshed by the registry's changes since it was built, when it is
 * sound; otherwise (or with full) the whole registry, and a new file. The
 * enrollments are read afresh either way. info: may be NULL. */
int screen_load_snapshot(store_conn *c, const policy_set *s, const char *snapshot_path, int full,
			 screen_data *d, screen_load_info *info, mz_err *e);
void screen_data_release(screen_data *d); /* NULL-safe */

typedef struct screen_summary {
	int64_t run_id;
	size_t households, persons;
	double load_ms, eval_ms, write_ms; /* wall-clock time of each stage */
	double load_cpu_ms, eval_cpu_ms, write_cpu_ms; /* CPU time of the process (all threads) */
	/* the write as changes to the open worklist: items inserted, items
	 * deleted (no longer found, or found changed), items left as they were */
	size_t inserted, deleted, kept;
	json_t *by_district; /* [{"district","eligible_not_enrolled",...}] caller owns */
	screen_load_info load;
} screen_summary;

/* programs: bit i = policy_set_program(i), 0 = all. */
int screen_run(store_conn *c, const access_ctx *who, const policy_set *s, mz_day date,
	       uint64_t programs, screen_progress_fn progress, void *arg,
	       screen_summary *out, mz_err *e);

/* screen_run_ex flags. SCREEN_REWRITE: delete the screened programs' open
 * items and insert every finding, instead of writing only the changes (the
 * open items after either are the same; ids and runs of unchanged items
 * differ). */
#define SCREEN_REWRITE 1u
int screen_run_ex(store_conn *c, const access_ctx *who, const policy_set *s, mz_day date,
		  uint64_t programs, unsigned flags, screen_progress_fn progress, void *arg,
		  screen_summary *out, mz_err *e);
/* SCREEN_FULL_LOAD: with a snapshot, load the whole registry anyway (and
 * write the snapshot afresh). */
#define SCREEN_FULL_LOAD 2u
/* screen_run_ex with the column snapshot at snapshot_path (NULL: none). */
int screen_run_snapshot(store_conn *c, const access_ctx *who, const policy_set *s, mz_day date,
			uint64_t programs, unsigned flags, const char *snapshot_path,
			screen_progress_fn progress, void *arg, screen_summary *out, mz_err *e);

/* The column snapshot a run uses unless told otherwise (`minzheng screen`,
 * the screen.city job): the file named by $MINZHENG_SCREEN_SNAPSHOT when it
 * is set (on either engine; "off" or "": none), else, on SQLite with a
 * database file, "<file>.columns" beside it. PostgreSQL has no place of its
 * own for the file: none unless the variable names one. Safe as a default
 * because every writer of the registry's screened tables notes what it
 * changed (registry_changes, registry.h "the change trace"), and a file
 * that does not match the database is rebuilt, never trusted. out gets ""
 * for none. */
void screen_snapshot_default_path(store *s, char *out, size_t cap);
/* screen_run with the default snapshot (above). */
int screen_run_default(store_conn *c, const access_ctx *who, const policy_set *s, mz_day date,
		       uint64_t programs, screen_progress_fn progress, void *arg,
		       screen_summary *out, mz_err *e);

/* On the outbox: one event per new eligible-not-enrolled item a run writes
 * (subject: the household, division: its community; payload {run_id,
 * household_id, program, amount_fen}); new: the household had no open lead
 * of the program before the run (each run re-writes the open items; telling
 * them all again every day would flood the outbox). screen_publish.c. */
#define SCREEN_EVENT_LEAD "screen.item_raised"
typedef struct screen_leads {
	int64_t *households; /* sorted */
	size_t n;
} screen_leads;
/* The households with an open eligible-not-enrolled item of program. */
int screen_leads_load(store_conn *c, const char *program, screen_leads *out, mz_err *e);
void screen_leads_release(screen_leads *l); /* NULL-safe, leaves it empty */

/* The new leads of a run, gathered while it compares and told together at
 * its end, in its transaction (screen_leads_publish). */
typedef struct screen_lead {
	int64_t household_id, amount_fen;
	const char *program, *division; /* borrowed: live until published */
	uint32_t chain;                 /* the audit chain of division, as a sort key */
	uint32_t seq;                   /* order of adding */
} screen_lead;
typedef struct screen_lead_list {
	screen_lead *items;
	size_t n, cap;
} screen_lead_list;
/* Adds the lead unless the household is in before (open before this run:
 * told then). */
void screen_lead_add(screen_lead_list *l, const screen_leads *before, int64_t household_id,
		     const char *division, const char *program, int64_t amount_fen);
/* Publishes every lead of l as a SCREEN_EVENT_LEAD of run_id inside the
 * caller's open write transaction (events_publish_batch, some thousands of
 * events a batch). The leads go out ordered by their audit chain (the
 * community's district), and in the order they were added within one, so
 * each batch's records extend chains at or after the last batch's and
 * every record lands on its own district's chain (audit_chain.h). Sorts l. */
int screen_leads_publish(store_conn *c, const access_ctx *who, int64_t run_id,
			 screen_lead_list *l, mz_err *e);
void screen_lead_list_release(screen_lead_list *l); /* NULL-safe, leaves it empty */

/* Items in who's scope: filters division (prefix within scope), program,
 * kind, status ("open" when NULL or "", "done", or "all"); each with how it
 * was worked (disposition, note, case, by whom, when); audited read. sort:
 * NULL/"" the last worked first, or "[-]division_code|household_id|program|
 * kind|amount_fen|handled_at" (store/order.h). */
json_t *screen_items(store_conn *c, const access_ctx *who, const char *division,
		     const char *program, const char *kind, const char *status, const char *sort,
		     int64_t page, int64_t page_size, mz_err *e);

/* ---- the loop: working an item ---- */
typedef struct screen_item_ref {
	int64_t id, household_id;
	char program[32];
	char division_code[16];
} screen_item_ref;

/* Works an open item in who's scope, once: "accepted" (the street opens an
 * intake for the household: the UI goes on to the intake with it),
 * "dismissed" (note: the reason, required), "linked" (case_id: an existing
 * case of the household and program). MZ_ENOTFOUND outside the scope,
 * MZ_ECONFLICT when already worked. Audited "screen.item.<disposition>".
 * A dismissed item keeps later runs from raising the same finding (same
 * household, program, kind and amount) again. */
int screen_item_work(store_conn *c, const access_ctx *who, int64_t id, const char *disposition,
		     const char *note, int64_t case_id, screen_item_ref *out, mz_err *e);

/* The latest limit runs, newest first: [{id, on_date, programs, households,
 * persons, items, created_by, created_at}] (counts only). */
json_t *screen_runs_recent(store_conn *c, int limit, mz_err *e);

/* ---- progress of the run in this process (the API's progress bar) ---- */
typedef struct screen_progress {
	int running;
	char stage[16];      /* "load", "evaluate", "write", "done", "failed" */
	size_t done, total;  /* of the stage */
	int64_t started_at, finished_at; /* Unix s; 0 = not yet */
} screen_progress;
void screen_progress_set(const char *stage, size_t done, size_t total, int running);
void screen_progress_get(screen_progress *out);

#endif
