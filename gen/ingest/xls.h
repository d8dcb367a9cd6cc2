/*
 * xls.h - reading a legacy Excel 97-2003 workbook (.xls, BIFF8) with FreeXL.
 *
 * Every worksheet is read in workbook order with its name. FreeXL decodes the
 * strings to UTF-8 and recognizes date formats itself; numbers become their
 * shortest round-trip decimal (cellfmt_number) and dates YYYY-MM-DD, as from an
 * .xlsx, so the same data gives the same cells in either format.
 *
 * FreeXL crashes on some damaged files, so it runs in a child process (fork)
 * that sends the cells back through a pipe: a crash is a diagnostic about that
 * file, not the end of the run. Call it before the program starts threads.
 *
 * What FreeXL 1.0.6 does not expose is not available here: merged ranges
 * (sheet->merges stays empty) and the difference between a boolean and the
 * numbers 1 and 0 (see xls.c).
 */
#ifndef HY_XLS_H
#define HY_XLS_H

#include "ingest/ingest.h"

/* Reads the workbook at path into book, one hy_sheet per worksheet. Returns
 * HY_OK (problems are in diags), HY_EDATA when the file is no readable .xls (a
 * diagnostic says why: a zip workbook under an .xls name, a password, damage),
 * or HY_EIO (err says why). Diagnostics keep path by pointer. */
int xls_read_file(const char *path, const hy_ingest_opts *opts, hy_book *book,
                  hy_diags *diags, hy_err *err);

#endif
