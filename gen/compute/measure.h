/*
 * measure.h - the 施策 roll-up: per 施策 (measure) its projects with this
 * year's and last year's money and their verdicts, the totals, how many
 * projects got each verdict, and the 施策's own outcome indicators. It is what
 * a city attaches to its 主要な施策の成果を説明する書類 (地方自治法第233条第5項).
 *
 * Projects are grouped by their 施策 (project field measure); data that names
 * none is grouped by 部, so every data set gets the roll-up. With last year's
 * data (compute/compare.h) each row carries last year's figures, and the
 * projects that ended are listed under the 施策 they had last year, so that
 * last year's total is the whole of what that 施策 spent.
 *
 * A 施策's outcome indicators are the indicators of kind 施策のアウトカム its
 * projects carry (seed 002 prints them on each project's sheet); one named
 * by several projects is taken once, from the first.
 */
#ifndef HY_MEASURE_H
#define HY_MEASURE_H

#include <stddef.h>

#include "compute/compare.h"
#include "compute/rollup.h"
#include "model/model.h"
#include "model/verdict.h"
#include "profile/profile.h"
#include "util/err.h"

/* The 指標区分 that marks a 施策's own outcome indicator. */
#define MEASURE_OUTCOME_KIND "施策のアウトカム"

/* One project of a 施策, this year or (ended) last year only. */
typedef struct hy_measure_row {
    const hy_project *project;        /* this year's, or last year's when ended */
    const hy_compare_row *compare;    /* beside last year, or NULL without it */
    const char *status;               /* 継続, 新規, 終了; NULL without last year */
    const char *direction;            /* this year's 今後の方向性 as worded, or NULL */
    hy_verdict verdict;               /* HY_VERDICT_UNKNOWN for an ended row */
    hy_amount total, total_cost;      /* this year's 事業費, トータルコスト */
    hy_amount last_total, last_total_cost; /* last year's, when known */
} hy_measure_row;

/* A verdict and how many of a 施策's projects this year got it. */
typedef struct hy_measure_tally {
    hy_verdict verdict;
    size_t projects;
    hy_amount total_cost;             /* their トータルコスト this year */
} hy_measure_tally;

typedef struct hy_measure {
    const char *name;                 /* the 施策 (or 部) as the data names it; "" for none */
    const char *code;                 /* the 施策コード (project field measure_code), or NULL */
    hy_measure_row *rows;             /* this year's projects in report order, then the ended */
    size_t nrows;
    size_t nprojects;                 /* rows of this year (not ended) */
    size_t nended, nnew;
    hy_amount total, total_cost;      /* this year's sums (null when no row knows them) */
    hy_amount last_total, last_total_cost;  /* last year's sums, with last year's data */
    hy_amount cost_change;            /* total_cost - last_total_cost, when both known */
    hy_num cost_rate;                 /* its 増減率 in percent, one decimal */
    hy_measure_tally *tallies;        /* the verdicts given, in hy_verdict order, */
    size_t ntallies;                  /* 未判定 last; only those with a project */
    const hy_indicator **outcomes;    /* the 施策's outcome indicators */
    size_t noutcomes;
} hy_measure;

typedef struct hy_measure_set {
    hy_arena *arena;                  /* owns everything below */
    hy_rollup_by by;                  /* HY_BY_MEASURE, or HY_BY_DEPARTMENT for data
                                         that names no 施策 */
    int fiscal_year;                  /* the evaluation year */
    int with_previous;                /* last year's data was given */
    hy_measure *measures;             /* in report order */
    size_t n;
} hy_measure_set;

/* Builds the 施策 roll-up of a computed data set from its rollup (groups and
 * their order), the comparison with last year (NULL: none) and the profile's
 * direction item. The set points into the data sets, which must outlive it.
 * Returns HY_OK, or HY_EIO when out of memory. */
int measure_build(const hy_dataset *ds, const hy_rollup *rollup, const hy_comparison *cmp,
                  const hy_profile *pf, int fiscal_year, hy_measure_set **out, hy_err *err);

/* Frees the set; NULL is allowed. */
void measure_free(hy_measure_set *set);

/* What the grouping is called on a page: 施策 or 部. */
const char *measure_by_label(const hy_measure_set *set);

#endif
