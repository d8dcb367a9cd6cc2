#include "compute/measure.h"

#include <stdlib.h>
#include <string.h>

#include "compute/budget.h"
#include "util/i18n.h"

const char *measure_by_label(const hy_measure_set *set)
{
    return set->by == HY_BY_MEASURE ? "施策" : "部";
}

/* Adds a known amount into a sum that stays null until something is added. */
static void add_amount(hy_amount *sum, hy_amount a)
{
    if (!a.known)
        return;
    if (!sum->known)
        *sum = amount_of(0);
    sum->yen += a.yen;
}

/* This year's row of a project. */
static void fill_row(hy_measure_row *r, const hy_project *p, const hy_comparison *cmp,
                     const hy_profile *pf, int fiscal_year)
{
    memset(r, 0, sizeof *r);
    r->project = p;
    r->verdict = budget_verdict_of(p, pf, &r->direction);
    r->compare = cmp ? compare_of(cmp, p) : NULL;
    if (r->compare) {
        /* the same figures the 前年度比較 shows */
        r->total = r->compare->now.total;
        r->total_cost = r->compare->now.total_cost;
        r->last_total = r->compare->last.total;
        r->last_total_cost = r->compare->last.total_cost;
        r->status = r->compare->status == HY_COMPARE_NEW ? "新規" : "継続";
        return;
    }
    const hy_cost *c = project_cost_of_year(p, fiscal_year);
    if (c) {
        r->total = c->total;
        r->total_cost = c->total_cost;
    }
}

/* The last year's projects of a 施策 (by its name) that ended, appended as rows. */
static void add_ended(hy_measure *m, const hy_comparison *cmp, hy_rollup_by by)
{
    for (size_t i = 0; cmp && i < cmp->nrows; i++) {
        const hy_compare_row *c = &cmp->rows[i];
        if (c->status != HY_COMPARE_ENDED || strcmp(rollup_key(c->previous, by), m->name))
            continue;
        hy_measure_row *r = &m->rows[m->nrows++];
        memset(r, 0, sizeof *r);
        r->project = c->previous;
        r->compare = c;
        r->status = "終了";
        r->total = amount_null();
        r->total_cost = amount_null();
        r->last_total = c->last.total;
        r->last_total_cost = c->last.total_cost;
        m->nended++;
    }
}

/* The outcome indicators of a 施策: its projects' 施策のアウトカム, each name once. */
/* i + 1, a step of a walk over ds (dataset_next) when there is one: a 施策's
 * projects lie among all the others. */
static size_t step(const hy_dataset *ds, size_t i)
{
    return ds ? dataset_next(ds, i) : i + 1;
}

static int collect_outcomes(hy_arena *ar, hy_measure *m, const hy_dataset *ds)
{
    size_t n = 0;
    for (size_t i = 0; i < m->nprojects; i = step(ds, i))
        n += m->rows[i].project->nindicators;
    m->outcomes = arena_alloc(ar, (n ? n : 1) * sizeof *m->outcomes);
    if (!m->outcomes)
        return -1;
    for (size_t i = 0; i < m->nprojects; i = step(ds, i)) {
        const hy_project *p = m->rows[i].project;
        for (size_t k = 0; k < p->nindicators; k++) {
            const hy_indicator *ind = &p->indicators[k];
            if (!ind->kind || strcmp(ind->kind, MEASURE_OUTCOME_KIND) || !ind->name)
                continue;
            int seen = 0;
            for (size_t j = 0; j < m->noutcomes && !seen; j++)
                seen = !strcmp(m->outcomes[j]->name, ind->name);
            if (!seen)
                m->outcomes[m->noutcomes++] = ind;
        }
    }
    return 0;
}

/* Sums, the change from last year and the tally of verdicts of a 施策. */
static int sum_up(hy_arena *ar, hy_measure *m, int with_previous)
{
    size_t count[HY_VERDICT_COUNT] = {0};
    hy_amount cost[HY_VERDICT_COUNT];
    for (int v = 0; v < HY_VERDICT_COUNT; v++)
        cost[v] = amount_null();
    m->total = m->total_cost = m->last_total = m->last_total_cost = amount_null();
    for (size_t i = 0; i < m->nrows; i++) {
        const hy_measure_row *r = &m->rows[i];
        add_amount(&m->total, r->total);
        add_amount(&m->total_cost, r->total_cost);
        add_amount(&m->last_total, r->last_total);
        add_amount(&m->last_total_cost, r->last_total_cost);
        if (i < m->nprojects) {
            count[r->verdict]++;
            add_amount(&cost[r->verdict], r->total_cost);
            m->nnew += r->status && !strcmp(r->status, "新規");
        }
    }
    m->cost_change = amount_null();
    m->cost_rate = num_null();
    if (with_previous && m->total_cost.known && m->last_total_cost.known) {
        m->cost_change = amount_of(m->total_cost.yen - m->last_total_cost.yen);
        if (m->last_total_cost.yen)
            m->cost_rate = num_of(num_div_round((__int128)m->cost_change.yen * 1000,
                                                m->last_total_cost.yen, HY_ROUND_HALF_UP), 1);
    }
    m->tallies = arena_alloc(ar, HY_VERDICT_COUNT * sizeof *m->tallies);
    if (!m->tallies)
        return -1;
    /* the six verdicts in their order, then 未判定 */
    for (int k = 1; k <= HY_VERDICT_COUNT; k++) {
        int v = k % HY_VERDICT_COUNT;
        if (count[v])
            m->tallies[m->ntallies++] = (hy_measure_tally){(hy_verdict)v, count[v], cost[v]};
    }
    return 0;
}

/* Fills one 施策 from its rollup group (g NULL: a 施策 of last year only). */
static int fill_measure(hy_measure_set *set, hy_measure *m, const char *name, const hy_group *g,
                        const hy_comparison *cmp, const hy_profile *pf, size_t cap)
{
    m->name = name;
    m->rows = arena_alloc(set->arena, cap * sizeof *m->rows);
    if (!m->rows)
        return -1;
    for (size_t i = 0; g && i < g->nprojects; i = dataset_next(g->dataset, i)) {
        const hy_project *p = g->projects[i];
        if (p->kpi_only)
            continue;
        fill_row(&m->rows[m->nrows++], p, cmp, pf, set->fiscal_year);
        arena_step(set->arena);
        if (!m->code)
            m->code = project_field(p, "measure_code");
    }
    m->nprojects = m->nrows;
    add_ended(m, cmp, set->by);
    for (size_t i = m->nprojects; !m->code && i < m->nrows; i++)
        m->code = project_field(m->rows[i].project, "measure_code");
    if (collect_outcomes(set->arena, m, g ? g->dataset : NULL) != 0)
        return -1;
    return sum_up(set->arena, m, cmp != NULL);
}

/* Does the data set name any 施策? */
static int names_measures(const hy_rollup *ru)
{
    return ru->ngroups[HY_BY_MEASURE] > 1 ||
           (ru->ngroups[HY_BY_MEASURE] == 1 && *ru->groups[HY_BY_MEASURE][0].name);
}

/* Has an earlier 施策 of the set this name? */
static int have_measure(const hy_measure_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (!strcmp(set->measures[i].name, name))
            return 1;
    return 0;
}

int measure_build(const hy_dataset *ds, const hy_rollup *ru, const hy_comparison *cmp,
                  const hy_profile *pf, int fiscal_year, hy_measure_set **out, hy_err *err)
{
    *out = NULL;
    hy_measure_set *set = calloc(1, sizeof *set);
    size_t ended = cmp ? cmp->nended : 0;
    int rc = 0;
    /* a row per project: in a scratch file beside the data set's, handed
     * back after each 施策's sheet (out_measures) */
    if (!set || !(set->arena = arena_new_spill_beside(ds->arena)))
        rc = -1;
    if (rc == 0) {
        set->by = names_measures(ru) ? HY_BY_MEASURE : HY_BY_DEPARTMENT;
        set->fiscal_year = fiscal_year;
        set->with_previous = cmp != NULL;
        size_t ngroups = ru->ngroups[set->by];
        set->measures = arena_calloc(set->arena, (ngroups + ended + 1) * sizeof *set->measures);
        rc = set->measures ? 0 : -1;
        for (size_t i = 0; rc == 0 && i < ngroups; i++) {
            const hy_group *g = &ru->groups[set->by][i];
            hy_measure *m = &set->measures[set->n];
            rc = fill_measure(set, m, g->name, g, cmp, pf, g->nprojects + ended + 1);
            set->n += rc == 0 && m->nprojects;   /* a group of KPI-only projects gets none */
            if (rc == 0 && !m->nprojects)
                memset(m, 0, sizeof *m);
        }
        /* a 施策 whose every project ended: last year's money, nothing this year */
        for (size_t i = 0; rc == 0 && cmp && i < cmp->nrows; i++) {
            const hy_compare_row *c = &cmp->rows[i];
            const char *name = c->status == HY_COMPARE_ENDED ? rollup_key(c->previous, set->by)
                                                             : NULL;
            if (name && !have_measure(set, name))
                rc = fill_measure(set, &set->measures[set->n++], name, NULL, cmp, pf, ended + 1);
        }
    }
    if (rc != 0) {
        measure_free(set);
        return err_set(err, HY_EIO, _("out of memory summing up the 施策"));
    }
    /* every row was written; they come back a 施策 at a time */
    arena_release(set->arena);
    *out = set;
    return HY_OK;
}

void measure_free(hy_measure_set *set)
{
    if (!set)
        return;
    arena_free(set->arena);
    free(set);
}
