#include "compute/budget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/value.h"
#include "util/i18n.h"

hy_verdict budget_verdict_of(const hy_project *p, const hy_profile *pf, const char **direction)
{
    *direction = NULL;
    if (!pf->direction_item)
        return HY_VERDICT_UNKNOWN;
    const hy_choice *c = project_choice(p, pf->direction_item);
    const hy_choice_set *cs = profile_choice_set(pf, pf->direction_item);
    if (!c || !cs || c->chosen < 0 || (size_t)c->chosen >= cs->noptions)
        return HY_VERDICT_UNKNOWN;
    *direction = cs->options[c->chosen];
    if (cs->verdicts && (size_t)c->chosen < cs->nverdicts)
        return verdict_of_text(cs->verdicts[c->chosen]);
    return verdict_of_text(*direction);
}

/* This year's budget: the evaluation year's 当初予算, else its most final figure. */
static hy_amount budget_of(const hy_project *p, int fiscal_year)
{
    const hy_cost *c = project_cost(p, fiscal_year, HY_STAGE_INITIAL_BUDGET);
    if (!c)
        c = project_cost_of_year(p, fiscal_year);
    return c ? c->total : amount_null();
}

/* Next year's request from the costs table and the projects table; when both
 * are given and differ, the costs table's figure stands and both are named. */
static void request_of(const hy_project *p, const hy_profile *pf, int next_year,
                       hy_budget_row *row, hy_diags *diags)
{
    const hy_cost *c = project_cost(p, next_year, HY_STAGE_REQUEST);
    if (!c)
        c = project_cost(p, next_year, HY_STAGE_INITIAL_BUDGET);
    if (c && c->total.known) {
        row->request = c->total;
        row->request_loc = c->loc;
    }
    const hy_field *f = NULL;
    for (size_t i = 0; i < p->nfields && !f; i++)
        if (!strcmp(p->fields[i].key, "budget_request"))
            f = &p->fields[i];
    if (!f)
        return;
    hy_amount typed;
    char why[256];
    hy_value_status st = value_amount(f->value, pf->input_unit, &typed, why, sizeof why);
    if (st == HY_VALUE_BAD) {
        diag_error(diags, &f->loc, _("予算要求額 of %s: %s"), p->code, why);
        return;
    }
    if (st != HY_VALUE_OK)
        return;
    if (!row->request.known) {
        row->request = typed;
        row->request_loc = f->loc;
    } else if (typed.yen != row->request.yen) {
        char where[512];
        diag_format_loc(&row->request_loc, where, sizeof where);
        char here[64], there[64];
        amount_format(typed, 1, pf->rounding, here, sizeof here);
        amount_format(row->request, 1, pf->rounding, there, sizeof there);
        diag_warn(diags, &f->loc, _("予算要求額 of %s is %s円 here but %s円 in the costs table "
                  "(at %s); the costs table's figure is used"), p->code, here, there, where);
    }
}

static unsigned flags_of(const hy_budget_row *r)
{
    unsigned flags = 0;
    int cut = r->verdict == HY_VERDICT_REDUCE || r->verdict == HY_VERDICT_ABOLISH;
    if (cut && r->change.known && r->change.yen > 0)
        flags |= HY_BUDGET_UP_AGAINST_CUT;
    if (r->verdict == HY_VERDICT_EXPAND && r->change.known && r->change.yen < 0)
        flags |= HY_BUDGET_DOWN_AGAINST_EXPAND;
    if (r->verdict == HY_VERDICT_ABOLISH && r->request.known && r->request.yen > 0)
        flags |= HY_BUDGET_REQUEST_AFTER_ABOLISH;
    return flags;
}

static void add_to(hy_amount *sum, hy_amount a)
{
    if (!a.known)
        return;
    sum->yen += a.yen;
    sum->known = 1;
}

static void total_row(hy_budget_link *link, const hy_budget_row *r)
{
    hy_verdict_total *t[2] = {&link->totals[r->verdict], &link->all};
    for (int k = 0; k < 2; k++) {
        t[k]->projects++;
        t[k]->flagged += r->flags != 0;
        add_to(&t[k]->budget, r->budget);
        add_to(&t[k]->request, r->request);
        add_to(&t[k]->change, r->change);
    }
    if (r->change.known && (r->verdict == HY_VERDICT_REDUCE || r->verdict == HY_VERDICT_ABOLISH))
        add_to(&link->released, amount_of(-r->change.yen));
    if (r->change.known && r->verdict == HY_VERDICT_EXPAND)
        add_to(&link->expanded, r->change);
    link->nrequests += r->request.known;
    link->nflagged += r->flags != 0;
}

static void warn_flagged(const hy_budget_row *r, const hy_profile *pf, hy_diags *diags)
{
    char words[128], budget[64], request[64];
    budget_flag_text(r->flags, words, sizeof words);
    amount_format(r->budget, pf->display_unit, pf->rounding, budget, sizeof budget);
    amount_format(r->request, pf->display_unit, pf->rounding, request, sizeof request);
    const hy_loc *loc = r->request_loc.file ? &r->request_loc : &r->project->loc;
    diag_warn(diags, loc, _("%s %s: the request moves against the verdict %s (%s): budget "
              "%s%s, request %s%s"), r->project->code, r->project->name,
              r->direction ? r->direction : verdict_label(r->verdict), words,
              budget[0] ? budget : "-", pf->display_unit_label, request, pf->display_unit_label);
}

int budget_link_build(const hy_dataset *ds, const hy_profile *pf, int fiscal_year,
                      hy_budget_link **out, hy_diags *diags, hy_err *err)
{
    *out = NULL;
    hy_budget_link *link = calloc(1, sizeof *link);
    /* a row per project: in a scratch file beside the data set's, handed
     * back with it as the rows are walked (budget_sheet) */
    if (!link || !(link->arena = arena_new_spill_beside(ds->arena))) {
        free(link);
        return err_set(err, HY_EIO, _("out of memory linking the budget"));
    }
    link->fiscal_year = fiscal_year;
    link->dataset = ds;
    link->rows = arena_alloc(link->arena, (ds->nprojects ? ds->nprojects : 1) * sizeof *link->rows);
    if (!link->rows) {
        budget_link_free(link);
        return err_set(err, HY_EIO, _("out of memory linking the budget"));
    }
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i)) {
        const hy_project *p = &ds->projects[i];
        if (p->kpi_only)
            continue;
        hy_budget_row *r = &link->rows[link->nrows++];
        memset(r, 0, sizeof *r);
        r->project = p;
        r->verdict = budget_verdict_of(p, pf, &r->direction);
        r->budget = budget_of(p, fiscal_year);
        request_of(p, pf, fiscal_year + 1, r, diags);
        if (r->budget.known && r->request.known)
            r->change = amount_of(r->request.yen - r->budget.yen);
        r->flags = flags_of(r);
        if (r->flags)
            warn_flagged(r, pf, diags);
        total_row(link, r);
        arena_step(link->arena);
    }
    /* written, the rows go back to the scratch file until the workbook's
     * budget sheet and the book's summary walk them: untouched, they would
     * stay mapped in through every sheet (10 MB at 100,000 projects) */
    arena_release(link->arena);
    *out = link;
    return HY_OK;
}

void budget_link_free(hy_budget_link *link)
{
    if (!link)
        return;
    arena_free(link->arena);
    free(link);
}

const char *budget_flag_text(unsigned flags, char *out, size_t size)
{
    static const struct { unsigned flag; const char *text; } WORDS[] = {
        {HY_BUDGET_UP_AGAINST_CUT, "縮小・廃止なのに増額"},
        {HY_BUDGET_DOWN_AGAINST_EXPAND, "拡充なのに減額"},
        {HY_BUDGET_REQUEST_AFTER_ABOLISH, "廃止なのに予算要求"},
    };
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++) {
        if (!(flags & WORDS[i].flag))
            continue;
        int n = snprintf(out + used, size - used, "%s%s", used ? "・" : "", WORDS[i].text);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
    return out;
}
