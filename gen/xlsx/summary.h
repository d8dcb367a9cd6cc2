/*
 * summary.h - the summary workbook the planning section works in
 * (OUT/summary.xlsx): 事業一覧, 事業費, 指標 and 検証結果, each a proper table
 * (see xw.h for what every sheet has in common).
 *
 * It is written in steps so that the tables can be written while the sheets
 * render and the validation sheet last, when every warning of the run is
 * known: summary_open, summary_write_tables, summary_write_validation,
 * summary_close. summary_write does all four.
 */
#ifndef HY_SUMMARY_H
#define HY_SUMMARY_H

#include "compute/budget.h"
#include "compute/compare.h"
#include "compute/rollup.h"
#include "model/model.h"
#include "profile/profile.h"
#include "util/diag.h"
#include "util/err.h"

typedef struct hy_summary hy_summary;

typedef struct hy_summary_opts {
    long long epoch;                  /* creation time written into the workbook */
    int fiscal_year;                  /* printed in the page headers; 0 for none */
    const char *const *sheet_files;   /* per project, in data-set order: its PDF's path
                                         relative to the workbook, or NULL for none */
    const hy_comparison *comparison;  /* last year beside this one, or NULL: no 前年度比較 */
    const hy_budget_link *budget;     /* next year's requests and the verdicts, or NULL:
                                         no 予算反映 (nor when nothing was requested) */
    size_t max_links;                 /* 事業一覧 links this many sheets at most, then
                                         names them as text (0: SUMMARY_MAX_LINKS) */
    const hy_rollup *rollup;          /* the data set summed up (rollup_build), when the
                                         caller has it: shared, not built again (at
                                         100,000 projects a second one is 4 MB); NULL:
                                         the workbook builds its own */
} hy_summary_opts;

/* libxlsxwriter keeps each link in memory until the workbook is closed, about
 * 1.7 KB apiece: 65,530 of them (Excel's limit) were 110 MB. A city has a few
 * thousand projects at most; a larger data set names the rest as text. */
enum { SUMMARY_MAX_LINKS = 5000 };

/* Creates the workbook under a temporary name next to path, with all its
 * sheets. Returns HY_OK or HY_EIO with err set. */
int summary_open(const hy_dataset *ds, const hy_profile *profile, const hy_summary_opts *opts,
                 const char *path, hy_summary **out, hy_err *err);

/* Writes 事業一覧, 事業費 and 指標. Warnings (a text cut at Excel's limit) go to
 * warnings. Returns HY_OK or HY_EIO. */
int summary_write_tables(hy_summary *s, hy_diags *warnings, hy_err *err);

/* Writes 検証結果: every diagnostic of the run. */
int summary_write_validation(hy_summary *s, const hy_diags *all, hy_err *err);

/* Closes the workbook and renames it into place; on failure removes it. Frees s. */
int summary_close(hy_summary *s, hy_err *err);

/* Abandons the workbook: nothing is left at path. Frees s; NULL is allowed. */
void summary_abort(hy_summary *s);

/* All of it: open, tables, validation (diags, to which warnings are added), close. */
int summary_write(const hy_dataset *ds, const hy_profile *profile, const hy_summary_opts *opts,
                  const char *path, hy_diags *diags, hy_err *err);

#endif
