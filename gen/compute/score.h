/*
 * score.h - the KPI progress score of the comprehensive-strategy report
 * (spec section 6): how far each KPI has moved from its baseline toward its
 * target, relative to how much of the plan period has passed.
 *
 *   e         = (eval − base) / (target − base)       one number for the report
 *   p         = (A − B) / (T − B)
 *   補正前スコア = p / e × 100 when p >= 0, else p × 100
 *   スコア     = 補正前スコア clamped to the profile's bounds (−100 .. 100)
 *
 * Everything is a ratio of integers (the typed digits at one common scale, the
 * years), rounded once, half away from zero to two decimals, as Excel's ROUND
 * does; no floating point. Where the formula is undefined (no actual of the
 * evaluation year, T = B, ...) a score given in the input is used and marked
 * as given; where both exist and differ, the computed one is used in the
 * roll-ups, the report prints the city's figure marked, and the difference is
 * a warning at the KPI's row naming both.
 */
#ifndef HY_SCORE_H
#define HY_SCORE_H

#include "model/model.h"
#include "profile/profile.h"
#include "util/diag.h"

/* The years of the rule, one set for the whole report. */
typedef struct hy_score_years {
    int eval, base, target;        /* western fiscal years; 0 when unknown */
    int64_t elapsed_num;           /* e = elapsed_num / elapsed_den, in lowest terms */
    int64_t elapsed_den;           /* 0 when e is undefined or not above zero */
} hy_score_years;

/* Why a KPI has no computed score. */
typedef enum hy_score_status {
    HY_SCORE_OK,
    HY_SCORE_NO_BASELINE,          /* 基準値 blank */
    HY_SCORE_NO_TARGET,            /* 目標値 blank */
    HY_SCORE_NO_ACTUAL,            /* no actual of the evaluation year (blank, ―, 未集計) */
    HY_SCORE_FLAT,                 /* T = B (現状維持): progress is undefined */
    HY_SCORE_NO_ELAPSED,           /* the years give no e > 0 */
    HY_SCORE_OUT_OF_RANGE,         /* a score too large to print */
} hy_score_status;

/* Is the indicator a strategy KPI, to be scored and rolled up? Those of kind
 * 施策KPI (every row of a KPI sheet) and any that carry a given score. */
int score_is_kpi(const hy_indicator *ind);

/* Is a scored KPI counted in the roll-ups (it has a score and is not excluded)? */
int score_counted(const hy_indicator *ind);

/* The years of the rule: each one the profile's [score] value when set, else
 * from the KPIs' headers: base and target the most common baseline and target
 * year (ties: the earlier), eval the latest year with a known actual. */
void score_years(const hy_dataset *ds, const hy_profile *profile, hy_score_years *out);

/* The score of one KPI from its baseline, actual of the evaluation year and
 * target. On HY_SCORE_OK *pre and *score are set at two decimals. */
hy_score_status score_kpi(hy_num baseline, hy_num actual, hy_num target,
                          const hy_score_years *years, int clamp_min, int clamp_max,
                          hy_num *pre, hy_num *score);

/* Scores every KPI of the data set: pre_score, score, score_source and, for
 * those not counted (a ★ project's, or not scored), excluded_reason. Warnings
 * (given and computed scores that differ, years that give no e) go to diags.
 * Returns 0, or -1 when out of memory. */
int score_all(hy_dataset *ds, const hy_profile *profile, const hy_score_years *years,
              hy_diags *diags);

#endif
