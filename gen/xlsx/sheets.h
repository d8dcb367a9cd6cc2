/*
 * sheets.h - the worksheets of the summary workbook, one writer per sheet.
 * Internal to gen/xlsx: summary.c calls them in tab order.
 */
#ifndef HY_SHEETS_H
#define HY_SHEETS_H

#include "compute/rollup.h"
#include "xlsx/summary.h"
#include "xlsx/xw.h"

/* What every sheet writer reads. */
typedef struct xw_book {
    lxw_workbook *wb;
    xw_formats formats;
    const hy_dataset *ds;
    const hy_profile *profile;
    const hy_summary_opts *opts;
    const hy_rollup *rollup;     /* the data set summed up (compute/rollup.h) */
} xw_book;

/* 事業一覧: one row per project with its hierarchy, figures and sheet link. */
int projects_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_diags *warnings);

/* 事業費: one row per project x fiscal year x stage. */
int costs_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_diags *warnings);

/* 指標: one row per indicator with its yearly values, 達成率 and scores. */
int indicators_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_diags *warnings);

/* KPI一覧: one row per strategy KPI with the numbers of the KPI report. */
int kpi_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_diags *warnings);

/* The roll-ups, one sheet per grouping: 集計（プロジェクト別）(KPI averages with
 * their coverage, and a chart of the average per program), 集計（部別）and
 * 集計（政策別）(money of the evaluation year, projects by direction; the
 * department sheet with a chart of total cost). */
int rollup_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_rollup_by by, hy_diags *warnings);

/* 前年度比較: per project last year's and this year's 事業費, トータルコスト and
 * 人工 with 増減額 and 増減率, both years' 今後の方向性, and the projects new this
 * year and those that ended (opts->comparison). */
int compare_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_diags *warnings);

/* 予算反映: per project the verdict, this year's budget, next year's request, 増減
 * and the consistency flag; below, the totals by verdict (opts->budget). */
int budget_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_diags *warnings);

/* 検証結果: every error and warning of the run. */
int validation_sheet_write(const xw_book *b, lxw_worksheet *ws, const hy_diags *all);

/* The choice the profile calls the project's direction (今後の方向性), or NULL. */
const char *sheets_direction_of(const hy_project *p, const hy_profile *profile);

#endif
