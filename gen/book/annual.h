/*
 * annual.h - the annual evaluation report (事務事業評価報告書) as one PDF: a
 * cover, the table of contents, the summary, the KPI report when the data has
 * one, then every project's sheet in sections (政策 → 施策, 部 → 課, or
 * プロジェクト, as the profile says), each opening with a section page.
 *
 * The book is streamed (pdf/pdfstream.h): each sheet is laid out with the
 * city's own template into a drawing (and each further document the profile
 * names, after it), painted, written and freed before the next, so memory does not grow with the number of projects, and one font
 * subset serves every page. Bookmarks mirror the sections down to each
 * project; pages are labelled i, ii ... for the front matter and 1, 2 ... for
 * the body, the numbers the table of contents and the footers print.
 */
#ifndef HY_ANNUAL_H
#define HY_ANNUAL_H

#include <stddef.h>

#include "compute/budget.h"
#include "compute/compare.h"
#include "compute/rollup.h"
#include "model/model.h"
#include "pdf/fontset.h"
#include "profile/profile.h"
#include "template/template.h"
#include "util/diag.h"
#include "util/err.h"

typedef struct hy_annual {
    const hy_dataset *dataset;
    const hy_profile *profile;
    const hy_rollup *rollup;        /* of dataset */
    const hy_budget_link *budget;   /* next year's requests against the verdicts, or NULL */
    const hy_template *sheet;       /* the evaluation sheet's template */
    const hy_template *const *further; /* the profile's further per-project documents
                                       (`sheets = sheet.tpl explanation.tpl ...`), placed
                                       after each project's sheet in this order */
    size_t nfurther;
    const hy_template *kpi_report;  /* the KPI report's, or NULL for none */
    const hy_fontset *fonts;        /* every font both templates declare, loaded */
    const hy_comparison *comparison;/* last year beside this one (--previous), or NULL */
    int fiscal_year;                /* the evaluation year of the data set */
    long long epoch;                /* creation date; -1 for none */
    const char *path;               /* where the book goes */
} hy_annual;

/* What a written book holds, for messages and tests. */
typedef struct hy_annual_stats {
    size_t pages;                   /* all of them */
    size_t front_pages;             /* cover and table of contents */
    size_t sheets;                  /* projects whose sheet is in the book */
} hy_annual_stats;

/* Writes the book. Warnings of the book's own pages go to diags (the sheets'
 * were given when the sheets were rendered). Returns HY_OK, or HY_EIO /
 * HY_EUSAGE with err set; no file is left at path on failure. */
int annual_write(const hy_annual *a, hy_diags *diags, hy_annual_stats *stats, hy_err *err);

#endif
