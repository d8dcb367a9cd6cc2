#include <stdio.h>

#include "model/format.h"
#include "xlsx/sheets.h"

static const char *status_label(hy_compare_status st)
{
    switch (st) {
    case HY_COMPARE_NEW: return "新規";
    case HY_COMPARE_ENDED: return "終了";
    default: return "継続";
    }
}

/* One project's row: identity from whichever year has it, then each figure as
 * last year / this year / 増減 (/ 増減率). */
static void compare_row(xw_sheet *s, const xw_book *b, const hy_compare_row *r)
{
    const hy_project *p = r->current ? r->current : r->previous;
    const hy_loc *loc = &p->loc;
    xw_next_row(s);
    xw_text(s, 0, p->code, loc);
    xw_text(s, 1, p->name, loc);
    xw_text(s, 2, r->renamed ? r->previous->name : NULL, loc);
    xw_text(s, 3, p->department, loc);
    xw_text(s, 4, p->section, loc);
    xw_text(s, 5, status_label(r->status), loc);
    xw_amount(s, 6, r->last.total);
    xw_amount(s, 7, r->now.total);
    xw_amount(s, 8, r->total_change);
    xw_percent(s, 9, r->total_rate);
    xw_amount(s, 10, r->last.total_cost);
    xw_amount(s, 11, r->now.total_cost);
    xw_amount(s, 12, r->cost_change);
    xw_percent(s, 13, r->cost_rate);
    xw_num(s, 14, r->last.staff, b->formats.staff);
    xw_num(s, 15, r->now.staff, b->formats.staff);
    xw_num(s, 16, r->staff_change, b->formats.staff);
    xw_text(s, 17, r->last.direction, loc);
    xw_text(s, 18, r->now.direction, loc);
}

int compare_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_diags *warnings)
{
    const hy_profile *pf = b->profile;
    const hy_comparison *cmp = b->opts->comparison;
    char last[64], now[64], h[9][128];
    format_fiscal_year(cmp->previous_year, pf->era, 1, last, sizeof last);
    format_fiscal_year(cmp->fiscal_year, pf->era, 1, now, sizeof now);
    const char *u = pf->display_unit_label;
    snprintf(h[0], sizeof h[0], "事業費 %s（%s）", last, u);
    snprintf(h[1], sizeof h[1], "事業費 %s（%s）", now, u);
    snprintf(h[2], sizeof h[2], "事業費 増減額（%s）", u);
    snprintf(h[3], sizeof h[3], "トータルコスト %s（%s）", last, u);
    snprintf(h[4], sizeof h[4], "トータルコスト %s（%s）", now, u);
    snprintf(h[5], sizeof h[5], "トータルコスト 増減額（%s）", u);
    snprintf(h[6], sizeof h[6], "人工 %s", last);
    snprintf(h[7], sizeof h[7], "人工 %s", now);
    snprintf(h[8], sizeof h[8], "今後の方向性 %s", last);
    char dir_now[128];
    snprintf(dir_now, sizeof dir_now, "今後の方向性 %s", now);
    const char *headers[] = {
        "事業コード", "事業名", "前年度の事業名", "部", "課", "区分", h[0], h[1], h[2],
        "事業費 増減率", h[3], h[4], h[5], "トータルコスト 増減率", h[6], h[7], "人工 増減", h[8],
        dir_now,
    };
    xw_sheet s;
    xw_begin(&s, ws, &b->formats, pf, warnings, headers, sizeof headers / sizeof headers[0]);
    for (size_t i = 0; i < cmp->nrows; i = dataset_next(cmp->current, i))
        compare_row(&s, b, &cmp->rows[i]);
    xw_end(&s, "前年度比較", cmp->fiscal_year);
    return s.failed ? -1 : 0;
}
