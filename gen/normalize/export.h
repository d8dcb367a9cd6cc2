/*
 * export.h - the records of a data set written back as plain tables, so that a
 * city can see exactly what hyoka understood of its spreadsheets (`hyoka
 * normalize INPUT -o DIR`).
 *
 * Four UTF-8 CSV files, one row per record, under canonical Japanese headers:
 *   projects.csv    one row per project: 事業コード, 事業名, 評価年度 (2024) and its
 *                   label (令和6年度), 部, 課, 新規, then every other column read,
 *                   under its canonical name or, if hyoka does not know it, its
 *                   header as written;
 *   costs.csv       one row per cost line: 年度, 区分, every amount in yen and in
 *                   the profile's printed unit (千円), 人工 as decimals, and what
 *                   was derived (一般財源 when not given, 職員費, 総事業費);
 *   indicators.csv  one row per figure of an indicator (基準値, each year's
 *                   実績値 / 計画値 / 目標値 / 見込値, the 目標値), with the cell as typed;
 *   choices.csv     one row per judgement item: the chosen option and the reason.
 * No value is an empty cell and zero is 0: the two are never written alike.
 * The files are the same bytes whichever format (CSV, .xlsx, .xls) the data
 * came in.
 */
#ifndef HY_EXPORT_H
#define HY_EXPORT_H

#include "model/model.h"
#include "normalize/columns.h"
#include "profile/profile.h"
#include "util/err.h"

/* Writes projects.csv, costs.csv, indicators.csv and choices.csv into dir
 * (created if missing), each under a temporary name renamed into place when
 * complete. Returns HY_OK, or HY_EIO with err naming the file. */
int export_tables(const hy_dataset *ds, const hy_profile *profile, const hy_columns *cols,
                  const char *dir, hy_err *err);

#endif
