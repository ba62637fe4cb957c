/* snapshot.h - the screening columns persisted in a file beside the
 * database, memory-mapped by the next run (issue 18, item 5).
 *
 * The file holds what screen_load builds from the registry (persons,
 * households, members, declared incomes and assets), not the enrollments,
 * which every run reads afresh: a 4 KiB header, then the columns, each
 * 64-byte aligned, in a fixed order computed from the header's counts.
 *
 * The header says what the columns are of and for: a format version, a hash
 * of the policy lists the codes index (relations, flags, income and asset
 * kinds...), the database's schema version, the registry change (seq and
 * the row itself, registry_changes) the columns include every change up to,
 * the counts, and two checksums (header, payload). A file that fails any of
 * these is not used: the run loads the registry in full and writes a new one.
 * A file is written to a temporary name and renamed into place, so a reader
 * sees a whole file or the previous one. */
#ifndef MZ_SCREEN_SNAPSHOT_H
#define MZ_SCREEN_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "registry/registry.h"
#include "screen/screen.h"

/* Bump when what screen_load puts in a column changes meaning. */
#define SCREEN_SNAPSHOT_FORMAT 1

typedef struct screen_snapshot_meta {
	int64_t schema_version;   /* MAX(schema_migrations.version) */
	registry_trace anchor;    /* the latest change the columns include (seq 0: none) */
	int64_t max_household_id; /* MAX(households.id) when built */
} screen_snapshot_meta;

/* A mapped file. */
typedef struct screen_snapshot {
	void *map;
	size_t len;
	screen_snapshot_meta meta;
	size_t nh, np, ndiv;
	uint64_t income_mask, asset_mask;
	uint64_t payload_sum; /* as recorded */
	const unsigned char *payload;
	size_t payload_len;
} screen_snapshot;

/* Writes d's registry columns (d->p_id required) to path (tmp + rename). */
int screen_snapshot_write(const char *path, const screen_data *d,
			  const screen_snapshot_meta *meta, mz_err *e);
/* Rewrites only the header of the file at path, whose columns are s's
 * (checked by their checksum), for meta: the registry's changes since moved
 * no household's columns. 1 done, 0 the file is not s's any more. */
int screen_snapshot_restamp(const char *path, const screen_snapshot *s,
			    const screen_snapshot_meta *meta, mz_err *e);
/* Maps path and checks its header (magic, format, layout hash, header
 * checksum, sizes against the file's length). 1: mapped; 0: missing or not
 * usable, why says which (the caller rebuilds); never -1. The payload's
 * checksum is checked by screen_snapshot_verify. */
int screen_snapshot_open(const char *path, screen_snapshot *out, char *why, size_t whylen);
/* 1 when the payload's checksum matches the header's. Reads every byte. */
int screen_snapshot_verify(const screen_snapshot *s);
void screen_snapshot_close(screen_snapshot *s); /* NULL-safe */
/* Points d's registry columns into the mapping (read-only; columns the
 * file does not hold stay NULL, which the evaluator reads as zero). The
 * mapping must outlive d's use of them. p_flags is not set: the caller
 * copies it (the enrollments add a bit). */
void screen_snapshot_columns(const screen_snapshot *s, screen_data *d);
/* The snapshot's p_flags column (read-only). */
const uint32_t *screen_snapshot_flags(const screen_snapshot *s);

/* The checksum used for the payload (exposed for the unit test). */
uint64_t screen_snapshot_sum(const void *p, size_t n);

#endif
