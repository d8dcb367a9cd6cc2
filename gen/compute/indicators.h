/*
 * indicators.h - 達成率 and 進捗 (達成/未達成) of every indicator (spec section 4;
 * seed 002: 7/9 = 77.8%, 48/126 = 38.1%, 達成 for 189 >= 166 and 41 >= 41).
 *
 * The rate is computed from the typed digits and rounded once, half up to one
 * decimal. The rules this module decides:
 * - which actual: the one of the evaluation year (the project's 評価年度, else
 *   the KPI report's evaluation year), else the latest known one before it;
 * - direction: 増加 and 維持 compare actual / target (維持 means keeping at least
 *   the target's level; a figure to be kept at or below a level is a 減少
 *   indicator), 減少 compares target / actual and is 達成 at or below its
 *   target. An indicator left at the default 増加 whose target is below its
 *   baseline is read as 減少: the records cannot tell a default from a typed
 *   増加, and a typed 増加 with a falling target would contradict itself;
 * - a zero divisor leaves the rate blank (not 0.0%), while 進捗 is still decided.
 */
#ifndef HY_INDICATORS_H
#define HY_INDICATORS_H

#include "model/model.h"

/* 達成率 in percent at one decimal (77.8 is {778, 1}), half up; null when either
 * figure is missing or the divisor is zero. */
hy_num indicators_rate(hy_num actual, hy_num target, hy_trend trend);

/* 進捗: 1 達成, 0 未達成, -1 when either figure is missing. */
int indicators_reached(hy_num actual, hy_num target, hy_trend trend);

/* The direction the indicator is judged by (see above). */
hy_trend indicators_trend(const hy_indicator *ind);

/* The actual 達成率 is judged on: the known actual of eval_year, else the latest
 * known one before it (every year when eval_year is 0); NULL when none. */
const hy_value *indicators_actual(const hy_indicator *ind, int eval_year);

/* Fills achievement and achieved of every indicator of every project. Projects
 * with no 評価年度 are judged at report_year (the KPI report's evaluation year,
 * or 0 for the latest actual). */
void indicators_compute(hy_dataset *ds, int report_year);

#endif
