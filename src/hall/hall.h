/* hall.h - the monitoring hall's indicators (智慧大脑 监测大厅), declared by
 * each domain as data.
 *
 * A domain does not draw the hall; it declares its figures: a table of
 * hall_indicator, one per figure, each with the SQL that computes it from
 * the domain's own tables, grouped by division. The hall (this room) knows
 * no domain by name: it runs every registered indicator, keeps the results
 * as dated figures per division (kept current by the job runner), rolls
 * them up the division tree (community 12 digits -> street 9 -> district
 * 6 -> city) by summing numerators and denominators, filters by the
 * caller's scope, and links each figure to its list.
 *
 * Register a table with one line in src/domains/domains.c
 * (docs/adding-a-domain.md, step 7). */
#ifndef MZ_HALL_H
#define MZ_HALL_H

#include <stddef.h>

typedef enum hall_unit {
	HALL_COUNT = 1, /* a number of things: sum(num) */
	HALL_FEN,       /* money in fen: sum(num) */
	HALL_RATE,      /* a share: sum(num) / sum(den), shown as a percentage */
	HALL_AVG,       /* an average: sum(num) / sum(den), in the unit of num */
} hall_unit;

typedef struct hall_indicator {
	const char *key;      /* "<domain>.<figure>", e.g. "assistance.cases_open"; unique */
	const char *label_zh; /* "在办低保申请" */
	const char *label_en; /* "Open dibao applications" */
	hall_unit unit;
	const char *unit_zh;  /* shown after the number: "件", "人", "秒"; "" for fen and rates */
	/* The figure as of a date. One parameter: the as-of date, ISO text
	 * "YYYY-MM-DD" (bind it as text wherever the SQL needs it, as ? for
	 * SQLite and $1 for PostgreSQL: write ? — the store translates).
	 * Returns rows (division_code TEXT, num BIGINT, den BIGINT) at the
	 * finest division the rows know (a community or a street code), any
	 * number of rows per division; den is 0 for HALL_COUNT and HALL_FEN.
	 * Only the domain's own tables and the registry's divisions. */
	const char *sql;
	/* The web route of the list behind the figure, e.g. "/assistance/cases?state=open";
	 * the hall appends division=<code> (and as_of=<date> when not today). */
	const char *list_path;
	/* 1: higher is better (a rate met), -1: lower is better (overdue), 0: neither.
	 * Colours the map and the trend. */
	int better;
} hall_indicator;

/* Adds a table (ended by an entry with key NULL) to the hall; borrowed for
 * the process's life; the same table twice is a no-op. Call at start-up
 * only (domains_register). Returns -1 when the list is full. */
int hall_register(const hall_indicator *table);
/* Every registered indicator in registration order: n of them. */
const hall_indicator *hall_indicator_at(size_t i);
size_t hall_indicator_count(void);
const hall_indicator *hall_find(const char *key); /* NULL if unknown */
void hall_unregister_all(void); /* tests */

#endif
