#include <stdio.h>

#include "model/format.h"
#include "xlsx/sheets.h"

static void budget_row(xw_sheet *s, const hy_budget_row *r)
{
    const hy_project *p = r->project;
    char flags[128];
    xw_next_row(s);
    xw_text(s, 0, p->code, &p->loc);
    xw_text(s, 1, p->name, &p->loc);
    xw_text(s, 2, p->department, &p->loc);
    xw_text(s, 3, p->section, &p->loc);
    xw_text(s, 4, r->direction, &p->loc);
    xw_text(s, 5, verdict_label(r->verdict), &p->loc);
    xw_amount(s, 6, r->budget);
    xw_amount(s, 7, r->request);
    xw_amount(s, 8, r->change);
    xw_text(s, 9, budget_flag_text(r->flags, flags, sizeof flags), &p->loc);
}

/* A totals line: a label, then projects, budget, request, change, flagged. */
static void total_row(xw_sheet *s, const char *label, const hy_verdict_total *t)
{
    xw_next_row(s);
    xw_text(s, 5, label, NULL);
    xw_int(s, 4, (long long)t->projects);
    xw_amount(s, 6, t->budget);
    xw_amount(s, 7, t->request);
    xw_amount(s, 8, t->change);
    xw_int(s, 9, (long long)t->flagged);
}

/* Below the table, apart from its filter: the totals by verdict and Kushiro's
 * two questions, how much 廃止・縮小 released and how much went to 拡充. */
static void verdict_totals(xw_sheet *s, const hy_budget_link *link)
{
    xw_next_row(s);
    xw_next_row(s);
    xw_text(s, 4, "事業数", NULL);
    xw_text(s, 5, "判定別の合計", NULL);
    xw_text(s, 9, "不整合の件数", NULL);
    for (int v = HY_VERDICT_EXPAND; v < HY_VERDICT_COUNT; v++)
        total_row(s, verdict_label((hy_verdict)v), &link->totals[v]);
    if (link->totals[HY_VERDICT_UNKNOWN].projects)
        total_row(s, verdict_label(HY_VERDICT_UNKNOWN), &link->totals[HY_VERDICT_UNKNOWN]);
    total_row(s, "合計", &link->all);
    xw_next_row(s);
    xw_text(s, 5, "廃止・縮小により減額した額", NULL);
    xw_amount(s, 8, link->released);
    xw_next_row(s);
    xw_text(s, 5, "拡充により増額した額", NULL);
    xw_amount(s, 8, link->expanded);
}

int budget_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_diags *warnings)
{
    const hy_profile *pf = b->profile;
    const hy_budget_link *link = b->opts->budget;
    char now[64], next[64], h[3][128];
    format_fiscal_year(link->fiscal_year, pf->era, 1, now, sizeof now);
    format_fiscal_year(link->fiscal_year + 1, pf->era, 1, next, sizeof next);
    snprintf(h[0], sizeof h[0], "%s 予算額（%s）", now, pf->display_unit_label);
    snprintf(h[1], sizeof h[1], "%s 予算要求額（%s）", next, pf->display_unit_label);
    snprintf(h[2], sizeof h[2], "増減（%s）", pf->display_unit_label);
    const char *headers[] = {
        "事業コード", "事業名", "部", "課", "今後の方向性", "判定", h[0], h[1], h[2], "整合性",
    };
    xw_sheet s;
    xw_begin(&s, ws, &b->formats, pf, warnings, headers, sizeof headers / sizeof headers[0]);
    for (size_t i = 0; i < link->nrows; i = dataset_next(link->dataset, i)) {
        budget_row(&s, &link->rows[i]);
        arena_step(link->arena);
    }
    xw_filter(&s);
    verdict_totals(&s, link);
    xw_end(&s, "予算反映", link->fiscal_year);
    return s.failed ? -1 : 0;
}
