#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/format.h"
#include "xlsx/sheets.h"

/* The yearly columns: for each fiscal year that some indicator has a value for,
 * one column per kind of value present (計画, 目標, 実績, 見込), in year order. */
typedef struct year_col {
    int fiscal_year;
    hy_value_kind kind;
} year_col;

static int year_col_order(const void *a, const void *b)
{
    const year_col *x = a, *y = b;
    if (x->fiscal_year != y->fiscal_year)
        return x->fiscal_year < y->fiscal_year ? -1 : 1;
    return (int)x->kind - (int)y->kind;
}

static size_t year_columns(const hy_dataset *ds, year_col *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i))
        for (size_t k = 0; k < ds->projects[i].nindicators; k++) {
            const hy_indicator *ind = &ds->projects[i].indicators[k];
            for (size_t v = 0; v < ind->nvalues; v++) {
                year_col c = {ind->values[v].fiscal_year, ind->values[v].kind};
                int seen = 0;
                for (size_t j = 0; j < n && !seen; j++)
                    seen = out[j].fiscal_year == c.fiscal_year && out[j].kind == c.kind;
                if (!seen && n < max)
                    out[n++] = c;
            }
        }
    if (n > 1)
        qsort(out, n, sizeof *out, year_col_order);
    return n;
}

static const char *kind_label(hy_value_kind k)
{
    switch (k) {
    case HY_VALUE_ACTUAL: return "実績";
    case HY_VALUE_PLAN: return "計画";
    case HY_VALUE_TARGET: return "目標";
    case HY_VALUE_ESTIMATE: return "見込";
    }
    return "";
}

enum { MAX_YEAR_COLS = 60 };

int indicators_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_diags *warnings)
{
    const hy_profile *pf = b->profile;
    year_col years[MAX_YEAR_COLS];
    size_t nyears = year_columns(b->ds, years, MAX_YEAR_COLS);
    static const char *const LEAD[] = {"事業コード", "事業名", "指標区分", "指標名", "単位", "方向",
                                       "基準年度", "基準値"};
    static const char *const TAIL[] = {"目標年度", "目標値", "達成率", "進捗", "達成度",
                                       "補正前スコア", "スコア", "集計", "集計外の理由"};
    enum { NLEAD = 8, NTAIL = 9 };
    const char *headers[NLEAD + MAX_YEAR_COLS + NTAIL];
    char year_headers[MAX_YEAR_COLS][48];
    size_t nh = 0;
    for (size_t i = 0; i < NLEAD; i++)
        headers[nh++] = LEAD[i];
    for (size_t i = 0; i < nyears; i++) {
        char fy[32];
        format_fiscal_year(years[i].fiscal_year, HY_ERA_SHORT, 0, fy, sizeof fy);
        snprintf(year_headers[i], sizeof year_headers[i], "%s%s", fy, kind_label(years[i].kind));
        headers[nh++] = year_headers[i];
    }
    for (size_t i = 0; i < NTAIL; i++)
        headers[nh++] = TAIL[i];
    const lxw_col_t tail = (lxw_col_t)(NLEAD + nyears);

    xw_sheet s;
    xw_begin(&s, ws, &b->formats, pf, warnings, headers, (lxw_col_t)nh);
    for (size_t i = 0; i < b->ds->nprojects; i = dataset_next(b->ds, i)) {
        const hy_project *p = &b->ds->projects[i];
        for (size_t k = 0; k < p->nindicators; k++) {
            const hy_indicator *ind = &p->indicators[k];
            const hy_loc *loc = &ind->loc;
            char fy[64];
            xw_next_row(&s);
            xw_text(&s, 0, p->code, loc);
            xw_text(&s, 1, p->name, loc);
            xw_text(&s, 2, ind->kind, loc);
            xw_text(&s, 3, ind->name, loc);
            xw_text(&s, 4, ind->unit, loc);
            xw_text(&s, 5, trend_label(ind->trend), loc);
            if (ind->baseline_year) {
                format_fiscal_year(ind->baseline_year, pf->era, 1, fy, sizeof fy);
                xw_text(&s, 6, fy, loc);
            }
            xw_num(&s, 7, ind->baseline, NULL);
            for (size_t y = 0; y < nyears; y++) {
                const hy_value *v = indicator_value(ind, years[y].fiscal_year, years[y].kind);
                if (!v)
                    continue;
                if (v->value.known)
                    xw_num(&s, (lxw_col_t)(NLEAD + y), v->value, NULL);
                else
                    xw_text(&s, (lxw_col_t)(NLEAD + y), v->text, &v->loc);  /* 未集計, ― */
            }
            if (ind->target_year) {
                format_fiscal_year(ind->target_year, pf->era, 1, fy, sizeof fy);
                xw_text(&s, tail, fy, loc);
            }
            xw_num(&s, tail + 1, ind->target, NULL);
            xw_percent(&s, tail + 2, ind->achievement);
            if (ind->achieved >= 0)
                xw_text(&s, tail + 3, ind->achieved ? "達成" : "未達成", loc);
            xw_text(&s, tail + 4, ind->grade, loc);   /* 達成度 as the city graded it: B+ */
            if (ind->score_source != HY_SCORE_NONE) {
                xw_num(&s, tail + 5, ind->pre_score, b->formats.score);
                xw_num(&s, tail + 6, ind->score, b->formats.score);
            }
            int counted = ind->score_source != HY_SCORE_NONE && !ind->excluded_reason;
            xw_text(&s, tail + 7, counted ? "○" : "×", loc);
            xw_text(&s, tail + 8, ind->excluded_reason, loc);
        }
    }
    /* 達成率 below 100% in red; scores on a red-yellow-green scale */
    if (s.row > 0 && ws) {
        lxw_conditional_format below = {.type = LXW_CONDITIONAL_TYPE_CELL,
                                        .criteria = LXW_CONDITIONAL_CRITERIA_LESS_THAN,
                                        .value = 1.0,
                                        .format = b->formats.bad};
        lxw_conditional_format scale = {.type = LXW_CONDITIONAL_3_COLOR_SCALE,
                                        .min_color = 0xF8696B,
                                        .mid_color = 0xFFEB84,
                                        .max_color = 0x63BE7B};
        if (worksheet_conditional_format_range(ws, 1, tail + 2, s.row, tail + 2, &below) ||
            worksheet_conditional_format_range(ws, 1, tail + 6, s.row, tail + 6, &scale))
            s.failed = 1;
    }
    xw_end(&s, "指標", b->opts->fiscal_year);
    return s.failed ? -1 : 0;
}
