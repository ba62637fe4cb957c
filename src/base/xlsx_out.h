/* xlsx_out.h - a workbook written by libxlsxwriter and handed back as bytes
 * (exports are sent, not kept): libxlsxwriter writes to a file, so the
 * workbook goes to a private temporary file that is read back and removed.
 * Cells are written with worksheet_write_string/number: a text cell is
 * never evaluated as a formula by a spreadsheet. */
#ifndef MZ_XLSX_OUT_H
#define MZ_XLSX_OUT_H

#include <stddef.h>
#include <xlsxwriter.h>

#include "base/err.h"

/* A new workbook in a fresh temporary file whose name goes to path; NULL
 * with e filled if none can be made. */
lxw_workbook *mz_xlsx_new(char path[32], mz_err *e);
/* The same for a workbook of any size: libxlsxwriter's constant-memory
 * mode writes each row to a temporary file as soon as the next row starts,
 * so memory stays that of one row however many are written. Rows must then
 * be written in order, top to bottom, and strings are stored inline. */
lxw_workbook *mz_xlsx_new_big(char path[32], mz_err *e);
/* Closes the workbook and hands it over as an open file (*fd, read from
 * the start; *len bytes), already removed from the directory: it is gone
 * when fd is closed. -1 with e filled (and nothing left behind) on failure. */
int mz_xlsx_finish_fd(lxw_workbook *wb, const char *path, int *fd, size_t *len, mz_err *e);
/* Closes the workbook, hands its bytes to *out (malloc'd, the caller frees)
 * and removes the file, in every case. */
int mz_xlsx_finish(lxw_workbook *wb, const char *path, char **out, size_t *len, mz_err *e);

#endif
