/*
 * rollup.h - the data set summed up by department (部), measure (施策), policy
 * (政策) and program (プロジェクト), and as a whole: money per fiscal year and
 * stage, projects by 今後の方向性 and by grade, and the KPI progress scores
 * with the coverage every average must state (spec sections 4 and 6):
 *
 *   average  = plain mean of the clamped スコア over the counted KPI rows (not a
 *              mean of project or program means), two decimals half away from zero;
 *   coverage = 集計対象 9事業[13KPI]／全 11事業[16KPI];
 *   at or above the profile's threshold: KPI rows, and projects whose every
 *              counted KPI is.
 *
 * The mean is of the scores as printed (two decimals), so a reader can check it
 * with the report in hand. Groups and their projects are in report order:
 * projects with KPIs as the KPI sheet lists them, then the others as read, so
 * that programs come in the order the strategy lists them.
 */
#ifndef HY_ROLLUP_H
#define HY_ROLLUP_H

#include <stddef.h>

#include "compute/score.h"
#include "model/model.h"
#include "profile/profile.h"
#include "util/err.h"

typedef enum hy_rollup_by {
    HY_BY_DEPARTMENT,   /* 部 */
    HY_BY_MEASURE,      /* 施策 (project field measure) */
    HY_BY_POLICY,       /* 政策 (project field policy) */
    HY_BY_PROGRAM,      /* プロジェクト (project field program) */
    HY_BY_COUNT
} hy_rollup_by;

/* Money of one fiscal year and stage, summed over a group's cost lines. A sum
 * is null when none of its lines has the figure. */
typedef struct hy_cost_sum {
    int fiscal_year;
    hy_stage stage;
    size_t lines;
    hy_amount total;                 /* 事業費 */
    hy_amount source[HY_SRC_COUNT];  /* 財源内訳 */
    hy_amount staff_cost;            /* 職員費 */
    hy_amount total_cost;            /* 総事業費 */
} hy_cost_sum;

/* How a group's KPI scores add up. */
typedef struct hy_score_sum {
    size_t projects, kpis;                   /* 全: projects with a KPI, and their KPIs */
    size_t projects_counted, kpis_counted;   /* 集計対象: with a counted KPI; counted KPIs */
    int64_t total;                           /* sum of the counted スコア, in hundredths */
    hy_num average;                          /* two decimals; null when nothing is counted */
    size_t kpis_at_threshold;                /* counted KPI rows scoring >= threshold */
    size_t projects_at_threshold;            /* counted projects whose every counted KPI does */
} hy_score_sum;

/* A label and how many projects carry it. */
typedef struct hy_tally {
    const char *label;
    size_t count;
} hy_tally;

typedef struct hy_group {
    const char *name;                /* "" for the projects that name none */
    const hy_project **projects;     /* in report order; in the data set's arena */
    size_t nprojects;
    const hy_dataset *dataset;       /* theirs: a walk steps with dataset_next */
    hy_cost_sum *costs;              /* by fiscal year, then stage */
    size_t ncosts;
    hy_tally *directions;            /* one per option of the profile's direction item, */
    size_t ndirections;              /* then 未選択; none when the profile names no item */
    hy_tally *grades;                /* per grade (project field grade) as typed, */
    size_t ngrades;                  /* in order of first appearance */
    hy_score_sum score;
} hy_group;

typedef struct hy_rollup {
    hy_arena *arena;                 /* owns everything below but the project lists */
    hy_score_years years;            /* of the KPI score rule */
    int fiscal_year;                 /* the data set's evaluation year (rollup_eval_year) */
    int threshold;                   /* the profile's [score] threshold */
    hy_group all;                    /* the whole data set */
    hy_group *groups[HY_BY_COUNT];   /* in report order */
    size_t ngroups[HY_BY_COUNT];
} hy_rollup;

/* Sums up a computed data set (costs and scores filled). The rollup points into
 * ds, which must outlive it, and keeps its groups' project lists in ds's arena
 * (a spill arena pages them out with the data), so no other thread may
 * allocate there meanwhile. Returns HY_OK, or HY_EIO when out of memory. */
int rollup_build(const hy_dataset *ds, const hy_profile *profile, hy_rollup **out, hy_err *err);

/* The evaluation year of a data set: the 評価年度 most of its evaluated projects
 * carry (the later one on a tie), else the profile's, else the KPI report's
 * evaluation year; 0 when nothing says. */
int rollup_eval_year(const hy_dataset *ds, const hy_profile *profile);

/* Frees a rollup; NULL is allowed. */
void rollup_free(hy_rollup *rollup);

/* The group of a name in one grouping, or NULL. */
const hy_group *rollup_find(const hy_rollup *rollup, hy_rollup_by by, const char *name);

/* The name of the group a project belongs to ("" for none). */
const char *rollup_key(const hy_project *p, hy_rollup_by by);

/* Does the project have strategy KPIs (is it in the KPI report)? */
int rollup_has_kpis(const hy_project *p);

/* Writes the coverage of a score sum, 集計対象 9事業[13KPI]／全 11事業[16KPI].
 * Returns the length. */
size_t rollup_coverage(const hy_score_sum *sum, char *out, size_t size);

/* The cost sum of a year and stage in a group, or NULL. */
const hy_cost_sum *rollup_cost(const hy_group *group, int fiscal_year, hy_stage stage);

#endif
