#include <stdio.h>
#include <stdlib.h>

#include "model/format.h"
#include "xlsx/sheets.h"

enum { MAX_YEARS = 16 };

static int year_order(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The years that have actuals, sorted: a column each. */
static size_t actual_years(const hy_rollup *ru, int *years)
{
    size_t n = 0;
    for (size_t i = 0; i < ru->all.nprojects; i = dataset_next(ru->all.dataset, i)) {
        const hy_project *p = ru->all.projects[i];
        for (size_t k = 0; k < p->nindicators; k++) {
            const hy_indicator *ind = &p->indicators[k];
            if (!score_is_kpi(ind))
                continue;
            for (size_t v = 0; v < ind->nvalues; v++) {
                int y = ind->values[v].fiscal_year;
                if (ind->values[v].kind != HY_VALUE_ACTUAL)
                    continue;
                size_t j = 0;
                while (j < n && years[j] != y)
                    j++;
                if (j == n && n < MAX_YEARS)
                    years[n++] = y;
            }
        }
    }
    if (n > 1)
        qsort(years, n, sizeof *years, year_order);
    return n;
}

/* A figure as a number with its typed decimals, or, where there is none, the
 * cell as typed (未集計, ―). */
static void figure(xw_sheet *s, lxw_col_t col, hy_num n, const char *text, const hy_loc *loc)
{
    if (n.known)
        xw_num(s, col, n, NULL);
    else
        xw_text(s, col, text, loc);
}

int kpi_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_diags *warnings)
{
    const hy_rollup *ru = b->rollup;
    int years[MAX_YEARS];
    size_t ny = actual_years(ru, years);
    char base[64], target[64], yb[32], yh[MAX_YEARS][48];
    format_fiscal_year(ru->years.base, HY_ERA_SHORT, 0, yb, sizeof yb);
    snprintf(base, sizeof base, ru->years.base ? "基準値（%s）" : "基準値", yb);
    format_fiscal_year(ru->years.target, HY_ERA_SHORT, 0, yb, sizeof yb);
    snprintf(target, sizeof target, ru->years.target ? "目標値（%s）" : "目標値", yb);
    static const char *const LEAD[] = {"プロジェクト", "事業コード", "事業名", "部", "課",
                                       "新規(★)", "施策KPI", "単位"};
    static const char *const TAIL[] = {"補正前スコア", "スコア", "スコアの出所", "集計",
                                       "集計対象外の理由"};
    const char *headers[8 + 1 + MAX_YEARS + 1 + 5];
    size_t n = 0;
    for (size_t i = 0; i < 8; i++)
        headers[n++] = LEAD[i];
    headers[n++] = base;
    for (size_t i = 0; i < ny; i++) {
        format_fiscal_year(years[i], HY_ERA_SHORT, 0, yb, sizeof yb);
        snprintf(yh[i], sizeof yh[i], "%s実績値", yb);
        headers[n++] = yh[i];
    }
    headers[n++] = target;
    for (size_t i = 0; i < 5; i++)
        headers[n++] = TAIL[i];

    xw_sheet s;
    xw_begin(&s, ws, &b->formats, b->profile, warnings, headers, (lxw_col_t)n);
    for (size_t i = 0; i < ru->all.nprojects; i = dataset_next(ru->all.dataset, i)) {
        const hy_project *p = ru->all.projects[i];
        for (size_t k = 0; k < p->nindicators; k++) {
            const hy_indicator *ind = &p->indicators[k];
            if (!score_is_kpi(ind))
                continue;
            const hy_loc *loc = &ind->loc;
            xw_next_row(&s);
            lxw_col_t c = 0;
            xw_text(&s, c++, rollup_key(p, HY_BY_PROGRAM), loc);
            xw_text(&s, c++, p->code, loc);
            xw_text(&s, c++, p->name, loc);
            xw_text(&s, c++, p->department, loc);
            xw_text(&s, c++, p->section, loc);
            xw_text(&s, c++, p->is_new ? "★" : NULL, loc);
            xw_text(&s, c++, ind->name, loc);
            xw_text(&s, c++, ind->unit, loc);
            figure(&s, c++, ind->baseline, ind->baseline_text, loc);
            for (size_t y = 0; y < ny; y++, c++) {
                const hy_value *v = indicator_value(ind, years[y], HY_VALUE_ACTUAL);
                if (v)
                    figure(&s, c, v->value, v->text, &v->loc);
            }
            figure(&s, c++, ind->target, ind->target_text, loc);
            if (ind->score_source != HY_SCORE_NONE) {
                xw_num(&s, c, ind->pre_score, b->formats.score);
                xw_num(&s, c + 1, ind->score, b->formats.score);
                xw_text(&s, c + 2, ind->score_source == HY_SCORE_GIVEN ? "入力値" : "算定", loc);
            }
            c += 3;
            xw_text(&s, c++, score_counted(ind) ? "対象" : "対象外", loc);
            xw_text(&s, c++, ind->excluded_reason, loc);
        }
    }
    if (s.row > 0 && ws) {
        lxw_conditional_format scale = {.type = LXW_CONDITIONAL_3_COLOR_SCALE,
                                        .min_color = 0xF8696B,
                                        .mid_color = 0xFFEB84,
                                        .max_color = 0x63BE7B};
        lxw_col_t score = (lxw_col_t)(n - 4);
        if (worksheet_conditional_format_range(ws, 1, score, s.row, score, &scale))
            s.failed = 1;
    }
    xw_end(&s, "KPI一覧", b->opts->fiscal_year);
    return s.failed ? -1 : 0;
}
