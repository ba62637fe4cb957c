/* screen_write.h - writing one program's findings as changes to the open
 * worklist (screen_write.c). */
#ifndef MZ_SCREEN_WRITE_H
#define MZ_SCREEN_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/store.h"

/* One finding of a run: what an open item of it holds. */
typedef struct screen_finding {
	int64_t household_id, amount_fen, enrolled_fen;
	const char *kind, *failed, *division; /* borrowed, live while written */
} screen_finding;

typedef struct screen_write_stats {
	size_t inserted, deleted, kept;
} screen_write_stats;

/* Makes the program's open items exactly f[0..n) (sorted by household,
 * one per household), inside the caller's transaction. rewrite: delete
 * every open item of the program and insert every finding (the run before
 * this file, kept to check the incremental path against). */
int screen_write_program(store_conn *c, int64_t run_id, const char *program,
			 const screen_finding *f, size_t n, int rewrite, screen_write_stats *stats,
			 mz_err *e);

#endif
