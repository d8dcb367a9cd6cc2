#include "compute/rollup.h"
#include "util/vec.h"
#include "util/i18n.h"

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

/* The sort key is copied, not pointed to: a sort of 100,000 projects that
 * read each one's indicators would map the whole data set in at once. */
typedef struct ranked {
    const hy_project *p;
    int has_kpi;
    hy_loc kpi;            /* where its first KPI was read, when it has one */
    size_t index;          /* in the data set */
} ranked;

static int report_order(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (a->has_kpi != b->has_kpi)
        return a->has_kpi ? -1 : 1;
    if (a->has_kpi) {
        int c = str_order(a->kpi.file, b->kpi.file);
        if (!c)
            c = str_order(a->kpi.sheet, b->kpi.sheet);
        if (!c && a->kpi.row != b->kpi.row)
            c = a->kpi.row < b->kpi.row ? -1 : 1;
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

/* What a group's sums are made of while the projects are walked: its cost
 * lines by (year, stage), and its grades as first seen. */
typedef struct group_acc {
    hy_cost_sum *sums;
    size_t nsums, cap;
    hy_tally *grades;
    size_t ngrades, gcap;
} group_acc;

static int add_costs(group_acc *acc, const hy_project *p)
{
    for (size_t k = 0; k < p->ncosts; k++) {
        const hy_cost *c = &p->costs[k];
        hy_cost_sum *s = NULL;
        for (size_t j = 0; j < acc->nsums && !s; j++)
            if (acc->sums[j].fiscal_year == c->fiscal_year && acc->sums[j].stage == c->stage)
                s = &acc->sums[j];
        if (!s) {
            if (!(s = vec_push(&acc->sums, &acc->nsums, &acc->cap, sizeof *s)))
                return -1;
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
    return 0;
}

static void add_direction(hy_group *g, const hy_project *p, const hy_profile *pf)
{
    if (!g->ndirections)
        return;
    size_t none = g->ndirections - 1;   /* 未選択 */
    const hy_choice *c = project_choice(p, pf->direction_item);
    size_t o = c && c->chosen >= 0 && (size_t)c->chosen < none ? (size_t)c->chosen : none;
    g->directions[o].count++;
}

static int add_grade(group_acc *acc, const hy_project *p)
{
    const char *grade = project_field(p, "grade");
    if (!grade || !*grade)
        return 0;
    size_t k = 0;
    while (k < acc->ngrades && strcmp(acc->grades[k].label, grade))
        k++;
    if (k == acc->ngrades) {
        hy_tally *t = vec_push(&acc->grades, &acc->ngrades, &acc->gcap, sizeof *t);
        if (!t)
            return -1;
        t->label = grade;
    }
    acc->grades[k].count++;
    return 0;
}

static void add_scores(hy_score_sum *s, const hy_project *p, int64_t bar)
{
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

/* Room for a group's tallies before its projects are added: one per option
 * of the direction item and 未選択. */
static int open_group(hy_arena *arena, hy_group *g, const hy_profile *pf)
{
    const hy_choice_set *cs = pf->direction_item ? profile_choice_set(pf, pf->direction_item)
                                                 : NULL;
    if (cs) {
        g->ndirections = cs->noptions + 1;
        g->directions = arena_calloc(arena, g->ndirections * sizeof *g->directions);
        if (!g->directions)
            return -1;
        for (size_t o = 0; o < cs->noptions; o++)
            g->directions[o].label = cs->options[o];
        g->directions[cs->noptions].label = "未選択";
    }
    memset(&g->score, 0, sizeof g->score);
    return 0;
}

/* The group's cost lines in order, into the arena, and its average score. */
static int close_group(hy_arena *arena, hy_group *g, group_acc *acc)
{
    if (acc->nsums > 1)
        qsort(acc->sums, acc->nsums, sizeof *acc->sums, cost_order);
    if (acc->nsums) {
        g->costs = arena_alloc(arena, acc->nsums * sizeof *acc->sums);
        if (!g->costs)
            return -1;
        memcpy(g->costs, acc->sums, acc->nsums * sizeof *acc->sums);
    }
    g->ncosts = acc->nsums;
    g->grades = NULL;
    g->ngrades = acc->ngrades;
    if (acc->ngrades) {
        g->grades = arena_alloc(arena, acc->ngrades * sizeof *acc->grades);
        if (!g->grades)
            return -1;
        memcpy(g->grades, acc->grades, acc->ngrades * sizeof *acc->grades);
    }
    hy_score_sum *s = &g->score;
    s->average = num_null();
    if (s->kpis_counted)
        s->average = num_of(num_div_round(s->total, (__int128)s->kpis_counted, HY_ROUND_HALF_UP), 2);
    return 0;
}

/* Fills the ngroups groups from the projects in report order, project i
 * going to group of[i] (NULL: all to group 0). One walk in order for all the
 * groups: a walk per group would jump about the data set (a department's
 * projects lie among all the others') and map it in once per group. */
static int fill_groups(hy_rollup *r, hy_group *groups, size_t ngroups, const size_t *of,
                       const hy_profile *pf)
{
    group_acc *acc = calloc(ngroups ? ngroups : 1, sizeof *acc);
    int rc = acc ? 0 : -1;
    for (size_t g = 0; g < ngroups && rc == 0; g++)
        rc = open_group(r->arena, &groups[g], pf);
    int64_t bar = (int64_t)r->threshold * 100;
    const hy_group *all = &r->all;
    for (size_t i = 0; i < all->nprojects && rc == 0; i = dataset_next(all->dataset, i)) {
        const hy_project *p = all->projects[i];
        size_t g = of ? of[i] : 0;
        rc = add_costs(&acc[g], p) || add_grade(&acc[g], p) ? -1 : 0;
        add_direction(&groups[g], p, pf);
        add_scores(&groups[g].score, p, bar);
    }
    for (size_t g = 0; g < ngroups && rc == 0; g++)
        rc = close_group(r->arena, &groups[g], &acc[g]);
    for (size_t g = 0; acc && g < ngroups; g++) {
        free(acc[g].sums);
        free(acc[g].grades);
    }
    free(acc);
    return rc;
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
    for (size_t i = 0; i < n; i = dataset_next(r->all.dataset, i)) {
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
        grp->dataset = r->all.dataset;
        grp->projects = arena_alloc(r->all.dataset->arena, sizes[g] * sizeof *grp->projects);
        if (!grp->projects)
            goto done;
    }
    for (size_t i = 0; i < n; i++) {
        hy_group *grp = &r->groups[by][of[i]];
        grp->projects[grp->nprojects++] = order[i];
    }
    if (fill_groups(r, r->groups[by], ng, of, pf) != 0)
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
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i)) {
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
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i)) {
        const hy_loc *kpi = first_kpi_loc(&ds->projects[i]);
        rank[i] = (ranked){&ds->projects[i], kpi != NULL, kpi ? *kpi : (hy_loc){0}, i};
    }
    if (ds->nprojects > 1)
        qsort(rank, ds->nprojects, sizeof *rank, report_order);
    r->all.name = "";
    r->all.dataset = ds;
    /* the project lists, 40 bytes a project in all, in the data set's arena:
     * paged out with the data set rather than held on the heap all run */
    size_t n = ds->nprojects ? ds->nprojects : 1;
    r->all.projects = arena_alloc(ds->arena, n * sizeof *r->all.projects);
    if (!r->all.projects)
        goto oom;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i))
        r->all.projects[i] = rank[i].p;
    r->all.nprojects = ds->nprojects;
    if (fill_groups(r, &r->all, 1, NULL, pf) != 0)
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
    return err_set(err, HY_EIO, _("out of memory summing up the data set"));
}

void rollup_free(hy_rollup *r)
{
    if (!r)
        return;
    arena_free(r->arena);
    free(r);
}
