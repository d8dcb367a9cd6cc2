/*
 * sheets.h - the worksheets of the summary workbook, one writer per sheet.
 * Internal to gen/xlsx: summary.c calls them in tab order.
 */
#ifndef HY_SHEETS_H
#define HY_SHEETS_H

#include "xlsx/summary.h"
#include "xlsx/xw.h"

/* What every sheet writer reads. */
typedef struct xw_book {
    lxw_workbook *wb;
    xw_formats formats;
    const hy_dataset *ds;
    const hy_profile *profile;
    const hy_summary_opts *opts;
} xw_book;

/* 事業一覧: one row per project with its hierarchy, figures and sheet link. */
int projects_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_diags *warnings);

/* 事業費: one row per project x fiscal year x stage. */
int costs_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_diags *warnings);

/* 指標: one row per indicator with its yearly values, 達成率 and scores. */
int indicators_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_diags *warnings);

/* 検証結果: every error and warning of the run. */
int validation_sheet_write(const xw_book *b, lxw_worksheet *ws, const hy_diags *all);

/* The choice the profile calls the project's direction (今後の方向性), or NULL. */
const char *sheets_direction_of(const hy_project *p, const hy_profile *profile);

#endif
