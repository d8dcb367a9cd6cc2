/*
 * compare.h - 前年度比較: this year's evaluation beside last year's.
 *
 * Last year's data set is what the city published a year ago (its open data,
 * its `hyoka normalize` tables or its input folder, read like any input).
 * Projects are matched by code. A project whose name changed under the same
 * code is matched and reported; one whose code changed but whose name and
 * department match a project of last year is reported and NOT joined, since
 * two projects may share a name: the city decides, hyoka only points it out.
 *
 * Each side's figures are of its own evaluation year at the most final stage
 * it knows: this year's 事業費 beside the one published last year.
 */
#ifndef HY_COMPARE_H
#define HY_COMPARE_H

#include <stddef.h>

#include "model/model.h"
#include "profile/profile.h"
#include "util/diag.h"
#include "util/err.h"

/* A project's figures of one evaluation. */
typedef struct hy_year_figures {
    int fiscal_year;           /* the evaluation year the figures are of */
    hy_amount total;           /* 事業費 */
    hy_amount total_cost;      /* トータルコスト (総事業費) */
    hy_num staff;              /* 人工, regular and part-time staff together */
    const char *direction;     /* 今後の方向性 as chosen, or NULL */
} hy_year_figures;

typedef enum hy_compare_status {
    HY_COMPARE_CONTINUED,      /* in both years */
    HY_COMPARE_NEW,            /* this year only */
    HY_COMPARE_ENDED,          /* last year only */
} hy_compare_status;

typedef struct hy_compare_row {
    hy_compare_status status;
    const hy_project *current;   /* NULL when ended */
    const hy_project *previous;  /* NULL when new */
    hy_year_figures now, last;   /* a side without its project is all null */
    hy_amount total_change;      /* 事業費 増減額; null unless both sides are known */
    hy_amount cost_change;       /* トータルコスト 増減額 */
    hy_num total_rate;           /* 増減率 in percent, one decimal; null when last is 0 */
    hy_num cost_rate;
    hy_num staff_change;         /* 人工 増減 */
    int renamed;                 /* same code, another name */
} hy_compare_row;

typedef struct hy_comparison {
    hy_arena *arena;             /* owns the rows */
    int fiscal_year, previous_year;
    hy_compare_row *rows;        /* this year's projects in input order, then the ended */
    size_t nrows;
    size_t ncontinued, nnew, nended, nrenamed;
    const hy_dataset *current;   /* this year's data set */
    hy_compare_row **of_project; /* by position in current->projects; NULL for KPI-only ones */
} hy_comparison;

/* Compares two computed data sets: cur evaluated in fiscal_year, prev in
 * previous_year. Renamed projects and codes that look changed are warnings in
 * diags. The rows point into both data sets, which must outlive the
 * comparison. Returns HY_OK, or HY_EIO when out of memory. */
int compare_build(const hy_dataset *cur, int fiscal_year, const hy_dataset *prev,
                  int previous_year, const hy_profile *pf, hy_comparison **out,
                  hy_diags *diags, hy_err *err);

/* Frees the comparison; NULL is allowed. */
void compare_free(hy_comparison *cmp);

/* The row of this year's project with this code, or NULL (ended rows are not
 * found). Linear: for tests and one-off look-ups; see compare_of. */
const hy_compare_row *compare_find(const hy_comparison *cmp, const char *code);

/* The row of a project of this year's data set, in constant time, or NULL. */
const hy_compare_row *compare_of(const hy_comparison *cmp, const hy_project *p);

/* Last year's indicator matching one of this year's (same kind and name), or NULL. */
const hy_indicator *compare_previous_indicator(const hy_compare_row *row,
                                               const hy_indicator *ind);

/* An indicator's actual value of a fiscal year: the 実績値, else the 見込. */
hy_num compare_indicator_actual(const hy_indicator *ind, int fiscal_year);

#endif
