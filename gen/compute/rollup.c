#include "compute/rollup.h"
#include "util/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *rollup_key(const hy_project *p, hy_rollup_by by)
{
    const char *s = NULL;
    switch (by) {
    case HY_BY_DEPARTMENT: s = p->department; break;
    case HY_BY_MEASURE: s = project_field(p, "measure"); break;
    case HY_BY_POLICY: s = project_field(p, "policy"); break;
    case HY_BY_PROGRAM: s = project_field(p, "program"); break;
    default: break;
    }
    return s ? s : "";
}

int rollup_has_kpis(const hy_project *p)
{
    for (size_t k = 0; k < p->nindicators; k++)
        if (score_is_kpi(&p->indicators[k]))
            return 1;
    return 0;
}

size_t rollup_coverage(const hy_score_sum *s, char *out, size_t size)
{
    int n = snprintf(out, size, "集計対象 %zu事業[%zuKPI]／全 %zu事業[%zuKPI]", s->projects_counted,
                     s->kpis_counted, s->projects, s->kpis);
    return n < 0 ? 0 : (size_t)n;
}

const hy_cost_sum *rollup_cost(const hy_group *g, int fiscal_year, hy_stage stage)
{
    for (size_t i = 0; i < g->ncosts; i++)
        if (g->costs[i].fiscal_year == fiscal_year && g->costs[i].stage == stage)
            return &g->costs[i];
    return NULL;
}

const hy_group *rollup_find(const hy_rollup *r, hy_rollup_by by, const char *name)
{
    if (by >= HY_BY_COUNT || !name)
        return NULL;
    for (size_t i = 0; i < r->ngroups[by]; i++)
        if (!strcmp(r->groups[by][i].name, name))
            return &r->groups[by][i];
    return NULL;
}

/* ---- report order ------------------------------------------------------------ */

/* The row a project's first KPI was read from, for ordering by the KPI sheet. */
static const hy_loc *first_kpi_loc(const hy_project *p)
{
    for (size_t k = 0; k < p->nindicators; k++)
        if (score_is_kpi(&p->indicators[k]))
            return &p->indicators[k].loc;
    return NULL;
}

static int str_order(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

typedef struct ranked {
    const hy_project *p;
    const hy_loc *kpi;     /* NULL: the project has no KPI */
    size_t index;          /* in the data set */
} ranked;

static int report_order(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (!a->kpi != !b->kpi)
        return a->kpi ? -1 : 1;
    if (a->kpi) {
        int c = str_order(a->kpi->file, b->kpi->file);
        if (!c)
            c = str_order(a->kpi->sheet, b->kpi->sheet);
        if (!c && a->kpi->row != b->kpi->row)
            c = a->kpi->row < b->kpi->row ? -1 : 1;
        if (c)
            return c;
    }
    return (a->index > b->index) - (a->index < b->index);
}

/* ---- one group ---------------------------------------------------------------- */

static void add_amount(hy_amount *sum, hy_amount a)
{
    if (!a.known)
        return;
    sum->yen = (sum->known ? sum->yen : 0) + a.yen;
    sum->known = 1;
}

static int cost_order(const void *x, const void *y)
{
    const hy_cost_sum *a = x, *b = y;
    if (a->fiscal_year != b->fiscal_year)
        return a->fiscal_year < b->fiscal_year ? -1 : 1;
    return (int)a->stage - (int)b->stage;
}

static int sum_costs(hy_arena *arena, hy_group *g)
{
    size_t cap = 0, n = 0;
    hy_cost_sum *sums = NULL;
    for (size_t i = 0; i < g->nprojects; i++) {
        const hy_project *p = g->projects[i];
        for (size_t k = 0; k < p->ncosts; k++) {
            const hy_cost *c = &p->costs[k];
            hy_cost_sum *s = NULL;
            for (size_t j = 0; j < n && !s; j++)
                if (sums[j].fiscal_year == c->fiscal_year && sums[j].stage == c->stage)
                    s = &sums[j];
            if (!s) {
                if (!(s = vec_push(&sums, &n, &cap, sizeof *s))) {
                    free(sums);
                    return -1;
                }
                s->fiscal_year = c->fiscal_year;
                s->stage = c->stage;
            }
            s->lines++;
            add_amount(&s->total, c->total);
            for (int src = 0; src < HY_SRC_COUNT; src++)
                add_amount(&s->source[src], c->source[src]);
            add_amount(&s->staff_cost, c->staff_cost);
            add_amount(&s->total_cost, c->total_cost);
        }
    }
    if (n > 1)
        qsort(sums, n, sizeof *sums, cost_order);
    if (n) {
        g->costs = arena_alloc(arena, n * sizeof *sums);
        if (!g->costs) {
            free(sums);
            return -1;
        }
        memcpy(g->costs, sums, n * sizeof *sums);
    }
    g->ncosts = n;
    free(sums);
    return 0;
}

static int count_directions(hy_arena *arena, hy_group *g, const hy_profile *pf)
{
    const hy_choice_set *cs = NULL;
    if (pf->direction_item)
        cs = profile_choice_set(pf, pf->direction_item);
    if (!cs)
        return 0;
    g->ndirections = cs->noptions + 1;
    g->directions = arena_calloc(arena, g->ndirections * sizeof *g->directions);
    if (!g->directions)
        return -1;
    for (size_t o = 0; o < cs->noptions; o++)
        g->directions[o].label = cs->options[o];
    g->directions[cs->noptions].label = "未選択";
    for (size_t i = 0; i < g->nprojects; i++) {
        const hy_choice *c = project_choice(g->projects[i], pf->direction_item);
        size_t o = c && c->chosen >= 0 && (size_t)c->chosen < cs->noptions ? (size_t)c->chosen
                                                                           : cs->noptions;
        g->directions[o].count++;
    }
    return 0;
}

static int count_grades(hy_arena *arena, hy_group *g)
{
    /* at most one distinct grade per project */
    hy_tally *t = arena_calloc(arena, (g->nprojects ? g->nprojects : 1) * sizeof *t);
    if (!t)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < g->nprojects; i++) {
        const char *grade = project_field(g->projects[i], "grade");
        if (!grade || !*grade)
            continue;
        size_t k = 0;
        while (k < n && strcmp(t[k].label, grade))
            k++;
        if (k == n)
            t[n++].label = grade;
        t[k].count++;
    }
    g->grades = n ? t : NULL;
    g->ngrades = n;
    return 0;
}

static void sum_scores(hy_group *g, int threshold)
{
    hy_score_sum *s = &g->score;
    memset(s, 0, sizeof *s);
    int64_t bar = (int64_t)threshold * 100;
    for (size_t i = 0; i < g->nprojects; i++) {
        const hy_project *p = g->projects[i];
        size_t kpis = 0, counted = 0, at = 0;
        for (size_t k = 0; k < p->nindicators; k++) {
            const hy_indicator *ind = &p->indicators[k];
            if (!score_is_kpi(ind))
                continue;
            kpis++;
            if (!score_counted(ind))
                continue;
            counted++;
            /* scores are kept at two decimals: mantissas are hundredths */
            int64_t h;
            if (num_at_scale(ind->score, 2, HY_ROUND_HALF_UP, &h) != 0)
                continue;
            s->total += h;
            if (h >= bar)
                at++;
        }
        s->kpis += kpis;
        s->projects += kpis > 0;
        s->kpis_counted += counted;
        s->projects_counted += counted > 0;
        s->kpis_at_threshold += at;
        s->projects_at_threshold += counted > 0 && at == counted;
    }
    s->average = num_null();
    if (s->kpis_counted)
        s->average = num_of(num_div_round(s->total, (__int128)s->kpis_counted, HY_ROUND_HALF_UP), 2);
}

static int fill_group(hy_arena *arena, hy_group *g, const hy_profile *pf, int threshold)
{
    if (sum_costs(arena, g) != 0 || count_directions(arena, g, pf) != 0 ||
        count_grades(arena, g) != 0)
        return -1;
    sum_scores(g, threshold);
    return 0;
}

/* Groups the ordered projects by one key, groups in order of first appearance. */
static int group_by(hy_rollup *r, hy_rollup_by by, const hy_project **order, size_t n,
                    const hy_profile *pf)
{
    const char **names = malloc((n ? n : 1) * sizeof *names);
    size_t *sizes = calloc(n ? n : 1, sizeof *sizes), *of = malloc((n ? n : 1) * sizeof *of);
    size_t ng = 0;
    int rc = -1;
    if (!names || !sizes || !of)
        goto done;
    for (size_t i = 0; i < n; i++) {
        const char *key = rollup_key(order[i], by);
        size_t g = 0;
        while (g < ng && strcmp(names[g], key))
            g++;
        if (g == ng)
            names[ng++] = key;
        sizes[g]++;
        of[i] = g;
    }
    r->groups[by] = arena_calloc(r->arena, (ng ? ng : 1) * sizeof *r->groups[by]);
    if (!r->groups[by])
        goto done;
    r->ngroups[by] = ng;
    for (size_t g = 0; g < ng; g++) {
        hy_group *grp = &r->groups[by][g];
        grp->name = names[g];
        grp->projects = arena_alloc(r->arena, sizes[g] * sizeof *grp->projects);
        if (!grp->projects)
            goto done;
    }
    for (size_t i = 0; i < n; i++) {
        hy_group *grp = &r->groups[by][of[i]];
        grp->projects[grp->nprojects++] = order[i];
    }
    for (size_t g = 0; g < ng; g++)
        if (fill_group(r->arena, &r->groups[by][g], pf, r->threshold) != 0)
            goto done;
    rc = 0;
done:
    free(names);
    free(sizes);
    free(of);
    return rc;
}

int rollup_eval_year(const hy_dataset *ds, const hy_profile *pf)
{
    /* a data set holds a year or two: a short list of (year, count) */
    struct year_count { int year; size_t n; } *ys = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < ds->nprojects; i++) {
        const hy_project *p = &ds->projects[i];
        if (!p->fiscal_year || p->kpi_only)
            continue;
        size_t k = 0;
        while (k < n && ys[k].year != p->fiscal_year)
            k++;
        if (k == n) {
            struct year_count *slot = vec_push(&ys, &n, &cap, sizeof *slot);
            if (!slot)
                break;   /* out of memory: the years counted so far decide */
            slot->year = p->fiscal_year;
        }
        ys[k].n++;
    }
    int best = 0;
    size_t best_n = 0;
    for (size_t k = 0; k < n; k++)
        if (ys[k].n > best_n || (ys[k].n == best_n && ys[k].year > best)) {
            best = ys[k].year;
            best_n = ys[k].n;
        }
    free(ys);
    if (best)
        return best;
    if (pf->fiscal_year)
        return pf->fiscal_year;
    hy_score_years y;
    score_years(ds, pf, &y);
    return y.eval;
}

int rollup_build(const hy_dataset *ds, const hy_profile *pf, hy_rollup **out, hy_err *err)
{
    *out = NULL;
    hy_rollup *r = calloc(1, sizeof *r);
    ranked *rank = malloc((ds->nprojects ? ds->nprojects : 1) * sizeof *rank);
    if (!r || !rank || !(r->arena = arena_new()))
        goto oom;
    score_years(ds, pf, &r->years);
    r->fiscal_year = rollup_eval_year(ds, pf);
    r->threshold = pf->score_threshold;
    for (size_t i = 0; i < ds->nprojects; i++)
        rank[i] = (ranked){&ds->projects[i], first_kpi_loc(&ds->projects[i]), i};
    if (ds->nprojects > 1)
        qsort(rank, ds->nprojects, sizeof *rank, report_order);
    r->all.name = "";
    size_t n = ds->nprojects ? ds->nprojects : 1;
    r->all.projects = arena_alloc(r->arena, n * sizeof *r->all.projects);
    if (!r->all.projects)
        goto oom;
    for (size_t i = 0; i < ds->nprojects; i++)
        r->all.projects[i] = rank[i].p;
    r->all.nprojects = ds->nprojects;
    if (fill_group(r->arena, &r->all, pf, r->threshold) != 0)
        goto oom;
    for (int by = 0; by < HY_BY_COUNT; by++)
        if (group_by(r, (hy_rollup_by)by, r->all.projects, r->all.nprojects, pf) != 0)
            goto oom;
    free(rank);
    *out = r;
    return HY_OK;
oom:
    free(rank);
    rollup_free(r);
    return err_set(err, HY_EIO, "out of memory summing up the data set");
}

void rollup_free(hy_rollup *r)
{
    if (!r)
        return;
    arena_free(r->arena);
    free(r);
}
