#include "xlsx/kpisheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/rollup.h"
#include "template/format.h"

/* Excel refuses longer cells; libxlsxwriter would skip the cell silently. */
enum { EXCEL_MAX_CELL_CHARS = 32767, MAX_DECIMALS = 6, MAX_YEARS = 16 };

typedef struct writer {
    lxw_worksheet *ws;
    hy_diags *warn;
    lxw_format *head;
    lxw_format *decimals[MAX_DECIMALS + 1];   /* #,##0 / #,##0.0 / ... */
    lxw_format *score;                        /* 0.00 */
    int failed;
} writer;

static void check(writer *w, lxw_error e)
{
    if (e != LXW_NO_ERROR)
        w->failed = 1;
}

/* Text from the data, as a string cell (never a formula), cut at Excel's limit
 * with a warning rather than lost. */
static void put_text(writer *w, lxw_row_t r, lxw_col_t c, const char *s, const hy_loc *loc)
{
    if (!s || !*s)
        return;
    size_t chars = 0, cut = 0;
    for (const char *p = s; *p && !cut; p++)
        if (((unsigned char)*p & 0xC0) != 0x80 && ++chars == EXCEL_MAX_CELL_CHARS + 1)
            cut = (size_t)(p - s);
    if (!cut) {
        check(w, worksheet_write_string(w->ws, r, c, s, NULL));
        return;
    }
    char *t = strndup(s, cut);
    if (!t) {
        w->failed = 1;
        return;
    }
    check(w, worksheet_write_string(w->ws, r, c, t, NULL));
    free(t);
    diag_warn(w->warn, loc, "a text longer than an Excel cell holds (%d characters); the KPI "
              "sheet has its beginning", EXCEL_MAX_CELL_CHARS);
}

/* An exact decimal as an Excel number, shown with the decimals it was typed
 * with. The double nearest mantissa / 10^scale is what Excel itself would hold. */
static void put_num(writer *w, lxw_row_t r, lxw_col_t c, hy_num n, lxw_format *fmt)
{
    static const double POW10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    if (!n.known || n.scale > 9)
        return;
    if (!fmt)
        fmt = w->decimals[n.scale < MAX_DECIMALS ? n.scale : MAX_DECIMALS];
    check(w, worksheet_write_number(w->ws, r, c, (double)n.mantissa / POW10[n.scale], fmt));
}

static void put_count(writer *w, lxw_row_t r, lxw_col_t c, size_t n)
{
    check(w, worksheet_write_number(w->ws, r, c, (double)n, w->decimals[0]));
}

/* A yearly value: its number, or the text typed where there is none (未集計, ―). */
static void put_value(writer *w, lxw_row_t r, lxw_col_t c, hy_num n, const char *text,
                      const hy_loc *loc)
{
    if (n.known)
        put_num(w, r, c, n, NULL);
    else
        put_text(w, r, c, text, loc);
}

static void headers(writer *w, const char *const *names, const double *widths, size_t n)
{
    for (lxw_col_t c = 0; c < n; c++) {
        check(w, worksheet_set_column(w->ws, c, c, widths[c], NULL));
        check(w, worksheet_write_string(w->ws, 0, c, names[c], w->head));
    }
    check(w, worksheet_set_row(w->ws, 0, 30, NULL));
    worksheet_freeze_panes(w->ws, 1, 0);
}

static int year_order(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The years that have actuals, sorted: the KPI一覧's year columns. */
static size_t actual_years(const hy_rollup *ru, int *years)
{
    size_t n = 0;
    const hy_group *all = &ru->all;
    for (size_t i = 0; i < all->nprojects; i++) {
        const hy_project *p = all->projects[i];
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

static void kpi_list(writer *w, const hy_rollup *ru)
{
    int years[MAX_YEARS];
    size_t ny = actual_years(ru, years);
    char base[64], target[64], yb[32];
    char yh[MAX_YEARS][48];
    format_fiscal_year(ru->years.base, HY_ERA_SHORT, 0, yb, sizeof yb);
    snprintf(base, sizeof base, ru->years.base ? "基準値（%s）" : "基準値", yb);
    format_fiscal_year(ru->years.target, HY_ERA_SHORT, 0, yb, sizeof yb);
    snprintf(target, sizeof target, ru->years.target ? "目標値（%s）" : "目標値", yb);
    const char *names[9 + MAX_YEARS + 7];
    double widths[9 + MAX_YEARS + 7];
    size_t n = 0;
    static const char *const LEAD[] = {"プロジェクト", "事業コード", "事業名", "部", "課",
                                       "新規(★)", "施策KPI", "単位"};
    static const double LEAD_W[] = {30, 11, 28, 14, 16, 7, 32, 8};
    for (size_t i = 0; i < 8; i++) {
        names[n] = LEAD[i];
        widths[n++] = LEAD_W[i];
    }
    names[n] = base;
    widths[n++] = 13;
    for (size_t i = 0; i < ny; i++) {
        format_fiscal_year(years[i], HY_ERA_SHORT, 0, yb, sizeof yb);
        snprintf(yh[i], sizeof yh[i], "%s実績値", yb);
        names[n] = yh[i];
        widths[n++] = 12;
    }
    static const char *const TAIL[] = {"補正前スコア", "スコア", "スコアの出所", "集計",
                                       "集計対象外の理由"};
    static const double TAIL_W[] = {11, 9, 10, 8, 30};
    names[n] = target;
    widths[n++] = 13;
    for (size_t i = 0; i < 5; i++) {
        names[n] = TAIL[i];
        widths[n++] = TAIL_W[i];
    }
    headers(w, names, widths, n);
    lxw_row_t r = 0;
    const hy_group *all = &ru->all;
    for (size_t i = 0; i < all->nprojects; i++) {
        const hy_project *p = all->projects[i];
        for (size_t k = 0; k < p->nindicators; k++) {
            const hy_indicator *ind = &p->indicators[k];
            if (!score_is_kpi(ind))
                continue;
            r++;
            lxw_col_t c = 0;
            put_text(w, r, c++, rollup_key(p, HY_BY_PROGRAM), &ind->loc);
            put_text(w, r, c++, p->code, &ind->loc);
            put_text(w, r, c++, p->name, &ind->loc);
            put_text(w, r, c++, p->department, &ind->loc);
            put_text(w, r, c++, p->section, &ind->loc);
            put_text(w, r, c++, p->is_new ? "★" : NULL, &ind->loc);
            put_text(w, r, c++, ind->name, &ind->loc);
            put_text(w, r, c++, ind->unit, &ind->loc);
            put_value(w, r, c++, ind->baseline, ind->baseline_text, &ind->loc);
            for (size_t y = 0; y < ny; y++, c++) {
                const hy_value *v = indicator_value(ind, years[y], HY_VALUE_ACTUAL);
                if (v)
                    put_value(w, r, c, v->value, v->text, &v->loc);
            }
            put_value(w, r, c++, ind->target, ind->target_text, &ind->loc);
            if (ind->score_source != HY_SCORE_NONE) {
                put_num(w, r, c, ind->pre_score, w->score);
                put_num(w, r, c + 1, ind->score, w->score);
                put_text(w, r, c + 2, ind->score_source == HY_SCORE_GIVEN ? "入力値" : "算定",
                         &ind->loc);
            }
            c += 3;
            put_text(w, r, c++, score_counted(ind) ? "対象" : "対象外", &ind->loc);
            put_text(w, r, c++, ind->excluded_reason, &ind->loc);
        }
    }
    check(w, worksheet_autofilter(w->ws, 0, 0, r, (lxw_col_t)(n - 1)));
}

static void summary_row(writer *w, lxw_row_t r, const char *name, const hy_score_sum *s,
                        lxw_format *label)
{
    char coverage[160];
    if (label)
        check(w, worksheet_write_string(w->ws, r, 0, name, label));
    else
        put_text(w, r, 0, name, NULL);
    put_count(w, r, 1, s->projects);
    put_count(w, r, 2, s->kpis);
    put_count(w, r, 3, s->projects_counted);
    put_count(w, r, 4, s->kpis_counted);
    put_num(w, r, 5, s->average, w->score);
    put_count(w, r, 6, s->kpis_at_threshold);
    put_count(w, r, 7, s->projects_at_threshold);
    rollup_coverage(s, coverage, sizeof coverage);
    put_text(w, r, 8, coverage, NULL);
}

static void kpi_summary(writer *w, const hy_rollup *ru)
{
    char kpis_at[96], projects_at[96];
    snprintf(kpis_at, sizeof kpis_at, "スコア%d以上のKPI数", ru->threshold);
    snprintf(projects_at, sizeof projects_at, "全KPIがスコア%d以上の事業数", ru->threshold);
    const char *names[] = {"プロジェクト", "全事業数", "全KPI数", "集計対象事業数", "集計対象KPI数",
                           "平均スコア", kpis_at, projects_at, "集計範囲"};
    static const double widths[] = {36, 9, 9, 11, 11, 10, 13, 16, 40};
    headers(w, names, widths, 9);
    lxw_row_t r = 0;
    for (size_t g = 0; g < ru->ngroups[HY_BY_PROGRAM]; g++) {
        const hy_group *grp = &ru->groups[HY_BY_PROGRAM][g];
        if (grp->score.kpis)
            summary_row(w, ++r, grp->name, &grp->score, NULL);
    }
    summary_row(w, ++r, "全体", &ru->all.score, w->head);
}

int kpisheet_add(lxw_workbook *wb, const hy_dataset *ds, const hy_profile *pf, hy_diags *warnings,
                 hy_err *err)
{
    hy_rollup *ru;
    int rc = rollup_build(ds, pf, &ru, err);
    if (rc != HY_OK)
        return rc;
    if (!ru->all.score.kpis) {
        rollup_free(ru);
        return HY_OK;
    }
    writer w = {.warn = warnings};
    w.head = workbook_add_format(wb);
    format_set_bold(w.head);
    format_set_bg_color(w.head, 0xDDEBF7);
    format_set_border(w.head, LXW_BORDER_THIN);
    format_set_text_wrap(w.head);
    format_set_align(w.head, LXW_ALIGN_VERTICAL_CENTER);
    static const char *const DECIMALS[MAX_DECIMALS + 1] = {
        "#,##0", "#,##0.0", "#,##0.00", "#,##0.000", "#,##0.0000", "#,##0.00000", "#,##0.000000",
    };
    for (int i = 0; i <= MAX_DECIMALS; i++) {
        w.decimals[i] = workbook_add_format(wb);
        format_set_num_format(w.decimals[i], DECIMALS[i]);
    }
    w.score = workbook_add_format(wb);
    format_set_num_format(w.score, "0.00");

    if ((w.ws = workbook_add_worksheet(wb, "KPI一覧")) != NULL)
        kpi_list(&w, ru);
    else
        w.failed = 1;
    if (!w.failed && (w.ws = workbook_add_worksheet(wb, "KPI集計")) != NULL)
        kpi_summary(&w, ru);
    else
        w.failed = 1;
    rollup_free(ru);
    if (w.failed)
        return err_set(err, HY_EIO, "the KPI sheets of the workbook could not be written");
    return HY_OK;
}
