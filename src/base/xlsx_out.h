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
/* Closes the workbook, hands its bytes to *out (malloc'd, the caller frees)
 * and removes the file, in every case. */
int mz_xlsx_finish(lxw_workbook *wb, const char *path, char **out, size_t *len, mz_err *e);

#endif
