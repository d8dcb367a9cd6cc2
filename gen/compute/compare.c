#include "compute/compare.h"

#include <stdlib.h>
#include <string.h>

#include "compute/budget.h"
#include "util/i18n.h"

static hy_year_figures figures_of(const hy_project *p, int fiscal_year, const hy_profile *pf)
{
    hy_year_figures f = {.fiscal_year = fiscal_year};
    const hy_cost *c = project_cost_of_year(p, fiscal_year);
    if (c) {
        f.total = c->total;
        f.total_cost = c->total_cost;
        f.staff = c->staff;
        if (!f.staff.known)
            f.staff = c->part_time_staff;
        else if (c->part_time_staff.known && num_add(c->staff, c->part_time_staff, &f.staff) != 0)
            f.staff = num_null();
    }
    budget_verdict_of(p, pf, &f.direction);
    return f;
}

static hy_amount change_of(hy_amount now, hy_amount last)
{
    return now.known && last.known ? amount_of(now.yen - last.yen) : amount_null();
}

/* 増減率 = (now - last) / last in percent, one decimal, half up; null when last is
 * unknown or zero (a rate from nothing says nothing). */
static hy_num rate_of(hy_amount now, hy_amount last)
{
    if (!now.known || !last.known || last.yen == 0)
        return num_null();
    __int128 n = (__int128)(now.yen - last.yen) * 1000;
    return num_of(num_div_round(n, last.yen, HY_ROUND_HALF_UP), 1);
}

static void fill_changes(hy_compare_row *r)
{
    r->total_change = change_of(r->now.total, r->last.total);
    r->cost_change = change_of(r->now.total_cost, r->last.total_cost);
    r->total_rate = rate_of(r->now.total, r->last.total);
    r->cost_rate = rate_of(r->now.total_cost, r->last.total_cost);
    r->staff_change = num_null();
    if (r->now.staff.known && r->last.staff.known) {
        hy_num neg = r->last.staff;
        neg.mantissa = -neg.mantissa;
        if (num_add(r->now.staff, neg, &r->staff_change) != 0)
            r->staff_change = num_null();
    }
}

static int same_text(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* A project of one data set that matches p of the other by name and
 * department but not by code: a code that may have changed. */
static const hy_project *namesake(const hy_dataset *ds, const hy_project *p)
{
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i)) {
        const hy_project *q = &ds->projects[i];
        if (!q->kpi_only && strcmp(q->code, p->code) && same_text(q->name, p->name) &&
            same_text(q->department, p->department))
            return q;
    }
    return NULL;
}

static void report_changes(const hy_compare_row *r, const hy_dataset *other, hy_diags *diags)
{
    const hy_project *p = r->current ? r->current : r->previous;
    if (r->renamed)
        diag_warn(diags, &r->current->loc, _("%s was \"%s\" last year and is \"%s\" now: "
                  "compared as the same project (same code)"), p->code, r->previous->name,
                  r->current->name);
    if (r->status != HY_COMPARE_NEW)
        return;
    const hy_project *q = namesake(other, p);
    if (q && !dataset_find(other, p->code))
        diag_warn(diags, &p->loc, _("%s %s (%s) is new this year, but last year's %s has the same "
                  "name and department: if its code changed, the two are not compared until "
                  "the codes agree"), p->code, p->name, p->department ? p->department : "",
                  q->code);
}

int compare_build(const hy_dataset *cur, int fiscal_year, const hy_dataset *prev,
                  int previous_year, const hy_profile *pf, const hy_profile *prev_pf,
                  hy_comparison **out, hy_diags *diags, hy_err *err)
{
    *out = NULL;
    hy_comparison *cmp = calloc(1, sizeof *cmp);
    size_t cap = cur->nprojects + prev->nprojects + 1;
    if (!cmp || !(cmp->arena = arena_new()) ||
        !(cmp->rows = arena_alloc(cmp->arena, cap * sizeof *cmp->rows)) ||
        !(cmp->of_project = arena_alloc(cmp->arena, (cur->nprojects + 1) * sizeof *cmp->of_project))) {
        compare_free(cmp);
        return err_set(err, HY_EIO, _("out of memory comparing with last year"));
    }
    cmp->fiscal_year = fiscal_year;
    cmp->previous_year = previous_year;
    cmp->current = cur;
    for (size_t i = 0; i < cur->nprojects; i = dataset_next(cur, i)) {
        const hy_project *p = &cur->projects[i];
        cmp->of_project[i] = NULL;
        if (p->kpi_only)
            continue;
        hy_compare_row *r = cmp->of_project[i] = &cmp->rows[cmp->nrows++];
        memset(r, 0, sizeof *r);
        r->current = p;
        r->previous = dataset_find(prev, p->code);
        if (r->previous && r->previous->kpi_only)
            r->previous = NULL;
        r->status = r->previous ? HY_COMPARE_CONTINUED : HY_COMPARE_NEW;
        r->now = figures_of(p, fiscal_year, pf);
        if (r->previous) {
            r->last = figures_of(r->previous, previous_year, prev_pf);
            r->renamed = !same_text(p->name, r->previous->name);
        }
        fill_changes(r);
        report_changes(r, prev, diags);
        cmp->ncontinued += r->status == HY_COMPARE_CONTINUED;
        cmp->nnew += r->status == HY_COMPARE_NEW;
        cmp->nrenamed += r->renamed;
    }
    for (size_t i = 0; i < prev->nprojects; i = dataset_next(prev, i)) {
        const hy_project *q = &prev->projects[i];
        const hy_project *p = dataset_find(cur, q->code);
        if (q->kpi_only || (p && !p->kpi_only))
            continue;
        hy_compare_row *r = &cmp->rows[cmp->nrows++];
        memset(r, 0, sizeof *r);
        r->status = HY_COMPARE_ENDED;
        r->previous = q;
        r->last = figures_of(q, previous_year, prev_pf);
        fill_changes(r);
        cmp->nended++;
    }
    *out = cmp;
    return HY_OK;
}

void compare_free(hy_comparison *cmp)
{
    if (!cmp)
        return;
    arena_free(cmp->arena);
    free(cmp);
}

const hy_compare_row *compare_find(const hy_comparison *cmp, const char *code)
{
    for (size_t i = 0; i < cmp->nrows; i++)
        if (cmp->rows[i].current && !strcmp(cmp->rows[i].current->code, code))
            return &cmp->rows[i];
    return NULL;
}

const hy_compare_row *compare_of(const hy_comparison *cmp, const hy_project *p)
{
    const hy_dataset *ds = cmp->current;
    if (p < ds->projects || p >= ds->projects + ds->nprojects)
        return NULL;
    return cmp->of_project[p - ds->projects];
}

const hy_indicator *compare_previous_indicator(const hy_compare_row *row, const hy_indicator *ind)
{
    if (!row || !row->previous)
        return NULL;
    for (size_t i = 0; i < row->previous->nindicators; i++) {
        const hy_indicator *q = &row->previous->indicators[i];
        if (same_text(q->name, ind->name) && (same_text(q->kind, ind->kind) || !q->kind || !ind->kind))
            return q;
    }
    return NULL;
}

hy_num compare_indicator_actual(const hy_indicator *ind, int fiscal_year)
{
    const hy_value *v = indicator_value(ind, fiscal_year, HY_VALUE_ACTUAL);
    if (!v || !v->value.known)
        v = indicator_value(ind, fiscal_year, HY_VALUE_ESTIMATE);
    return v ? v->value : num_null();
}
