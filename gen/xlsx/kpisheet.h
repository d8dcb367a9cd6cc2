/*
 * kpisheet.h - the strategy KPIs in the summary workbook, with the numbers of
 * the KPI report: KPI一覧, one row per KPI (baseline, actuals by year, target,
 * 補正前スコア, スコア, whether it is counted and why not), and KPI集計, the
 * averages, coverage and threshold counts per program and overall.
 *
 * Separate from summary.c so that the workbook's other sheets can change
 * without touching it; summary_write calls it.
 */
#ifndef HY_KPISHEET_H
#define HY_KPISHEET_H

#include <xlsxwriter.h>

#include "model/model.h"
#include "profile/profile.h"
#include "util/diag.h"
#include "util/err.h"

/* Adds the two sheets to wb (after the sheets already added) when the data set
 * has strategy KPIs; adds nothing otherwise. Figures are numbers with their
 * typed decimals (scores 0.00), text from the data is always text. Returns
 * HY_OK, or HY_EIO with err set when a sheet or cell could not be written. */
int kpisheet_add(lxw_workbook *wb, const hy_dataset *ds, const hy_profile *profile,
                 hy_diags *warnings, hy_err *err);

#endif
