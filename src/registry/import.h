/* import.h - bulk import of persons and households from CSV or XLSX.
 *
 * Two passes over the file: the first validates every row (citizen ID number,
 * community code, fields, duplicates within the file and against the
 * registry) and reports every bad row with its line number and reason; the
 * second inserts, in one transaction. With any bad row nothing is imported,
 * unless skip_bad is set: then the good rows are imported and the bad ones
 * written to a rejects file (line, reason, original fields).
 *
 * persons:    id_number,name,division_code[,address,phone,hukou,
 *             disability_kind,disability_grade,flags]
 * households: household_ref,division_code,address,id_number,relation
 *             (one row per member; rows sharing household_ref form one
 *             household with exactly one "head"; persons must exist)
 *
 * One audit record covers the import (file name, SHA-256, rows). */
#ifndef MZ_IMPORT_H
#define MZ_IMPORT_H

#include <stdint.h>

#include "access/access.h"
#include "store/store.h"

typedef void (*import_progress_fn)(void *arg, const char *phase, long done, long total);
typedef void (*import_bad_row_fn)(void *arg, long line, const char *field,
				  const char *message);

typedef struct import_opts {
	const char *path;
	int skip_bad;
	const char *rejects_path;  /* used when skip_bad */
	import_progress_fn progress;
	import_bad_row_fn bad_row;  /* called for every bad row */
	void *arg;
} import_opts;

typedef struct import_result {
	long rows;      /* data rows read */
	long imported;  /* persons or households created */
	long bad;       /* rows rejected */
} import_result;

/* Returns 0 when the import ran (check result->bad), -1 on an error that
 * stopped it (file unreadable, header wrong, database failure). With bad
 * rows and !skip_bad it returns -1 with MZ_EINVAL and imports nothing. */
int registry_import_persons(store_conn *c, const access_ctx *who, const import_opts *o,
			    import_result *r, mz_err *e);
int registry_import_households(store_conn *c, const access_ctx *who, const import_opts *o,
			       import_result *r, mz_err *e);

#endif
