/*
 * records.h - turning the sheets a city handed over into the records of a data
 * set, and saying precisely what could not be taken.
 *
 * Each sheet is recognised by its headers, not its name: the row of headers is
 * found (title rows and a `（単位：千円）` note above it are skipped, the unit
 * applied), the table's kind decided from which columns it has, and every
 * following row read cell by cell. A row with a problem is reported at its file,
 * row and column and rejected whole, never half-used and never silently
 * dropped; every problem of the run is reported, not just the first.
 */
#ifndef HY_RECORDS_H
#define HY_RECORDS_H

#include <stddef.h>

#include "ingest/sheet.h"
#include "model/model.h"
#include "normalize/columns.h"
#include "profile/profile.h"
#include "util/diag.h"
#include "util/err.h"

/* What the input folder says about its data that the sheets do not. */
typedef struct hy_records_opts {
    const char *block_years;      /* hyoka.conf's `block_years = R2 R3 ... R7`: the fiscal
                                     years of column blocks repeated without a year in their
                                     headers, in column order (R7当初予算 names a stage too),
                                     or NULL */
    const char *conf_path;        /* where block_years was written, for messages */
} hy_records_opts;

/* records_build with the input folder's settings (NULL: none). A sheet whose
 * column blocks repeat with no year in their headers needs opts->block_years;
 * without it the sheet is one error naming that key and the blocks found. */
int records_build_with(hy_book *const *books, size_t nbooks, const hy_columns *cols,
                       const hy_profile *profile, const hy_records_opts *opts, hy_dataset *ds,
                       hy_diags *diags, hy_err *err);

/* Reads every sheet of the books into ds (projects with their costs,
 * indicators and judgements, and a hy_table_stats per table). Data problems go
 * to diags; the return is HY_OK even when there are some (the caller decides by
 * diags->errors), or HY_EIO when memory ran out. */
int records_build(hy_book *const *books, size_t nbooks, const hy_columns *cols,
                  const hy_profile *profile, hy_dataset *ds, hy_diags *diags, hy_err *err);

/* records_build_with, freeing each book (and setting its entry to NULL) as
 * soon as every table in it has been read, so a large data set's raw cells
 * are not held beside its records; on return every entry is NULL. */
int records_build_consume(hy_book **books, size_t nbooks, const hy_columns *cols,
                          const hy_profile *profile, const hy_records_opts *opts, hy_dataset *ds,
                          hy_diags *diags, hy_err *err);

#endif
