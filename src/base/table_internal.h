/* table_internal.h - what the table reader's format files share: the
 * reader with its row queue (table.c), and the entry points of each format
 * (table_csv.c: libcsv; table_xlsx.c: libzip + expat). Only these three
 * files include it; a format's own state is private to its file.
 *
 * Both parsers are push parsers: a format's fill function feeds one chunk
 * (CHUNK bytes) and its callbacks append fields and row ends to the queue
 * with table_q_field / table_q_end_row; table_next hands the rows out. An
 * error found inside a callback is recorded with table_fail (t->failed)
 * and the rest of the chunk ignored. */
#ifndef MZ_TABLE_INTERNAL_H
#define MZ_TABLE_INTERNAL_H

#include <stddef.h>

#include "base/buf.h"
#include "base/table.h"

#define CHUNK (64 * 1024)

enum { FMT_CSV, FMT_XLSX };

struct qrow {
	size_t first; /* index in offs */
	size_t count;
	long line;
};

struct table_csv;  /* table_csv.c */
struct table_xlsx; /* table_xlsx.c */

struct table_reader {
	int fmt;
	char *path;
	table_limits lim;
	long done, total;
	unsigned char *chunk;

	/* The queue: fields of queued rows and of the row in progress. */
	mz_buf data;
	size_t *offs;
	size_t noffs, offs_cap;
	struct qrow *rows;
	size_t head, nrows, rows_cap;
	size_t cur_first; /* offs index of the row in progress's first field */
	size_t cur_bytes;
	char **ptrs;
	size_t ptrs_cap;

	int eof;    /* input exhausted: drain the queue, then 0 */
	int failed; /* err set: drain the queue, then -1 */
	int dead;   /* err returned: -1 from now on */
	mz_err err;

	struct table_csv *c;  /* the format's state: one of them is set */
	struct table_xlsx *x;
};

/* Records the first error, prefixed with the file and, if line > 0, the
 * line; stops the XML parser if one is running. Returns -1. */
__attribute__((format(printf, 4, 6))) int
table_fail(table_reader *t, mz_code code, long line, const char *en_fmt,
	   const char *zh_fmt, ...);
/* Appends a field (n bytes at p) to the row in progress; -1 beyond a limit. */
int table_q_field(table_reader *t, long line, const char *p, size_t n);
/* Ends the row in progress; a row of blank fields is dropped. */
void table_q_end_row(table_reader *t, long line);

/* Each format: open (0 or -1 with table_fail), parse the next chunk into
 * the queue (sets t->eof at the end), stop a parse in progress (from
 * table_fail), and free its state (NULL state accepted). */
int table_csv_open(table_reader *t);
int table_csv_fill(table_reader *t);
void table_csv_close(table_reader *t);
int table_xlsx_open(table_reader *t);
int table_xlsx_fill(table_reader *t);
void table_xlsx_stop(table_reader *t);
void table_xlsx_close(table_reader *t);

#endif
