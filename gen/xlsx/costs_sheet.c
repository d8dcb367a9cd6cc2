#include <stdio.h>

#include "model/format.h"
#include "xlsx/sheets.h"

/* 割合 of 一般財源 in 事業費, in percent to one decimal; 0/0 is 0.0% as the
 * Saitama sheet prints it. */
static hy_num general_share(const hy_cost *c)
{
    if (!c->total.known || !c->source[HY_SRC_GENERAL].known)
        return num_null();
    if (c->total.yen == 0)
        return num_of(0, 1);
    return num_of(num_div_round((__int128)c->source[HY_SRC_GENERAL].yen * 1000, c->total.yen,
                                HY_ROUND_HALF_UP), 1);
}

int costs_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_diags *warnings)
{
    const hy_profile *pf = b->profile;
    char unit[64];
    snprintf(unit, sizeof unit, "（%s）", pf->display_unit_label);
    char h[9][96];
    static const char *const MONEY[9] = {"事業費", "国庫支出金", NULL, "地方債", "ふるさと関連基金",
                                         "その他特定財源", "一般財源", "職員費", "総事業費"};
    for (int i = 0; i < 9; i++)
        snprintf(h[i], sizeof h[i], "%s%s", MONEY[i] ? MONEY[i] : pf->prefectural_label, unit);
    const char *headers[] = {
        "事業コード", "事業名", "年度", "区分", h[0], h[1], h[2], h[3], h[4], h[5], h[6],
        "正職員（人工）", "会計年度任用職員（人工）", h[7], h[8], "一般財源の割合",
    };
    enum { NCOLS = sizeof headers / sizeof headers[0] };
    xw_sheet s;
    xw_begin(&s, ws, &b->formats, pf, warnings, headers, NCOLS);
    for (size_t i = 0; i < b->ds->nprojects; i = dataset_next(b->ds, i)) {
        const hy_project *p = &b->ds->projects[i];
        for (size_t k = 0; k < p->ncosts; k++) {
            const hy_cost *c = &p->costs[k];
            char fy[64];
            format_fiscal_year(c->fiscal_year, pf->era, 1, fy, sizeof fy);
            xw_next_row(&s);
            xw_text(&s, 0, p->code, &c->loc);
            xw_text(&s, 1, p->name, &c->loc);
            xw_text(&s, 2, fy, &c->loc);
            xw_text(&s, 3, stage_label(c->stage), &c->loc);
            xw_amount(&s, 4, c->total);
            static const hy_source ORDER[] = {HY_SRC_NATIONAL, HY_SRC_PREFECTURAL, HY_SRC_BONDS,
                                              HY_SRC_FURUSATO_FUND, HY_SRC_OTHER, HY_SRC_GENERAL};
            for (lxw_col_t j = 0; j < 6; j++)
                xw_amount(&s, 5 + j, c->source[ORDER[j]]);
            xw_num(&s, 11, c->staff, b->formats.staff);
            xw_num(&s, 12, c->part_time_staff, b->formats.staff);
            xw_amount(&s, 13, c->staff_cost);
            xw_amount(&s, 14, c->total_cost);
            xw_percent(&s, 15, general_share(c));
        }
    }
    xw_end(&s, "事業費", b->opts->fiscal_year);
    return s.failed ? -1 : 0;
}
