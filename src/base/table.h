/* table.h - streaming reader of the tabular files people import: CSV and XLSX.
 *
 * The format follows the file name: ".csv" is RFC 4180 CSV in UTF-8 (an
 * optional UTF-8 byte-order mark is skipped; CRLF, LF or CR line ends;
 * spaces belong to the field), ".xlsx" is the first worksheet of an Office
 * Open XML workbook (shared strings, inline strings, numbers and formula
 * results as their stored text, booleans as TRUE/FALSE). Rows come one at a
 * time in file order and memory stays bounded whatever the file size:
 * every field, every row and the number of fields per row have a limit
 * (table_limits), and a file beyond one fails cleanly with the line at
 * fault instead of exhausting memory. The caller treats the first row as
 * the header.
 *
 * Rows whose fields are all empty or blank (blank lines, the ",,," rows a
 * spreadsheet leaves behind) are skipped, but line numbers still count
 * them, so a reported line is the line the user sees in an editor (CSV) or
 * the row number Excel shows (XLSX).
 *
 * Errors (mz_err, field "file") name the file and the line: MZ_EUNSUPPORTED
 * for an unknown extension, MZ_ETOOBIG beyond a limit, MZ_EINVAL for a file
 * that cannot be read or is malformed (bad quoting, not UTF-8 - e.g. a
 * GBK-encoded CSV saved by an older Excel - or not a workbook).
 * A reader is used by one thread at a time. */
#ifndef MZ_TABLE_H
#define MZ_TABLE_H

#include <stddef.h>

#include "base/err.h"

typedef struct table_reader table_reader;

typedef struct table_row {
	/* count NUL-terminated UTF-8 strings, owned by the reader and valid
	 * until the next table_next or table_close; the caller may modify the
	 * bytes in place (e.g. to trim). */
	char **fields;
	size_t count;
	/* CSV: the 1-based line on which the record starts (a quoted field
	 * may span lines); XLSX: the 1-based row number. */
	long line;
} table_row;

typedef struct table_limits {
	size_t max_field;   /* bytes in one field */
	size_t max_row;     /* bytes in one row, all fields together */
	size_t max_fields;  /* fields in one row */
	size_t max_strings; /* XLSX: bytes of the shared-string table */
} table_limits;

/* Defaults, used for every limit left 0. */
#define TABLE_MAX_FIELD ((size_t)64 * 1024)
#define TABLE_MAX_ROW ((size_t)1024 * 1024)
#define TABLE_MAX_FIELDS ((size_t)1024)
#define TABLE_MAX_STRINGS ((size_t)512 * 1024 * 1024)

/* Opens path for reading, choosing the format by its extension (.csv or
 * .xlsx, any case). Returns a reader to give to table_close, or NULL with
 * *e set. An XLSX file's shared strings are loaded here. */
table_reader *table_open(const char *path, mz_err *e);
/* Same, with limits (NULL or 0 members: the defaults). */
table_reader *table_open_limited(const char *path, const table_limits *lim,
				 mz_err *e);

/* Reads the next non-blank row into *row: returns 1, 0 at the end of the
 * file, or -1 with *e set (and -1 again on every later call). Rows read
 * before an error are valid; the error names the line it is on. */
int table_next(table_reader *t, table_row *row, mz_err *e);

/* Field i of row, or "" when the row has fewer fields (XLSX rows end at
 * their last non-empty cell; short CSV records are the caller's call). */
const char *table_field(const table_row *row, size_t i);

/* Progress for a progress bar: bytes consumed so far, out of
 * table_progress_total bytes (CSV: the file; XLSX: the worksheet's
 * uncompressed XML). The total is 0 when unknown (a pipe). */
long table_progress(const table_reader *t);
long table_progress_total(const table_reader *t);

/* Closes the file and frees the reader; NULL is accepted. */
void table_close(table_reader *t);

#endif
