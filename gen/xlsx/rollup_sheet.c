#include <stdio.h>
#include <string.h>

#include "xlsx/sheets.h"

/* Each grouping is its own sheet: a worksheet has one autofilter, and tables
 * (which would allow several) are not available in constant-memory mode. The
 * 全体 row stands below the table, outside its filter, so sorting the groups
 * never moves it. */

enum { MAX_COLS = 64 };

static const char *group_label(const char *name)
{
    return name && *name ? name : "（未設定）";
}

/* Money of the evaluation year over a group's evaluated projects, at each
 * project's most final stage, as 事業一覧 shows them one by one. */
static void year_money(const hy_project *const *projects, size_t n, int fy, hy_amount *total,
                       hy_amount *total_cost, size_t *evaluated)
{
    *total = amount_null();
    *total_cost = amount_null();
    *evaluated = 0;
    for (size_t i = 0; i < n; i++) {
        const hy_project *p = projects[i];
        if (p->kpi_only)
            continue;
        (*evaluated)++;
        const hy_cost *c = project_cost_of_year(p, fy ? fy : p->fiscal_year);
        if (c && c->total.known)
            *total = amount_of((total->known ? total->yen : 0) + c->total.yen);
        if (c && c->total_cost.known)
            *total_cost = amount_of((total_cost->known ? total_cost->yen : 0) + c->total_cost.yen);
    }
}

static void chart(const xw_book *b, lxw_worksheet *ws, const char *sheet, uint8_t type,
                  const char *title, lxw_row_t last, lxw_col_t value_col, lxw_col_t at_col)
{
    if (last < 1)
        return;
    lxw_chart *ch = workbook_add_chart(b->wb, type);
    if (!ch)
        return;
    lxw_chart_series *series = chart_add_series(ch, NULL, NULL);
    chart_series_set_categories(series, sheet, 1, 0, last, 0);
    chart_series_set_values(series, sheet, 1, value_col, last, value_col);
    chart_title_set_name(ch, title);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    worksheet_insert_chart(ws, 1, at_col, ch);
}

/* 集計（プロジェクト別）: the KPI progress scores of each program. */
static int programs(const xw_book *b, lxw_worksheet *ws, const char *sheet, hy_diags *warnings)
{
    const hy_rollup *ru = b->rollup;
    char at_kpis[96], at_projects[96];
    snprintf(at_kpis, sizeof at_kpis, "スコア%d以上のKPI数", ru->threshold);
    snprintf(at_projects, sizeof at_projects, "全KPIがスコア%d以上の事業数", ru->threshold);
    const char *headers[] = {"プロジェクト", "全事業数", "全KPI数", "集計対象事業数",
                             "集計対象KPI数", "平均スコア", at_kpis, at_projects, "集計範囲"};
    enum { NCOLS = sizeof headers / sizeof headers[0] };
    xw_sheet s;
    xw_begin(&s, ws, &b->formats, b->profile, warnings, headers, NCOLS);
    const hy_score_sum *rows[256];
    const char *names[256];
    size_t n = 0;
    for (size_t g = 0; g < ru->ngroups[HY_BY_PROGRAM] && n < 255; g++)
        if (ru->groups[HY_BY_PROGRAM][g].score.kpis) {
            names[n] = group_label(ru->groups[HY_BY_PROGRAM][g].name);
            rows[n++] = &ru->groups[HY_BY_PROGRAM][g].score;
        }
    lxw_row_t filter_last = (lxw_row_t)n;
    names[n] = "全体";
    rows[n++] = &ru->all.score;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 == n) {
            xw_filter(&s);
            xw_next_row(&s);   /* a blank row sets 全体 apart */
        }
        xw_next_row(&s);
        const hy_score_sum *sum = rows[i];
        char coverage[160];
        rollup_coverage(sum, coverage, sizeof coverage);
        xw_text(&s, 0, names[i], NULL);
        xw_int(&s, 1, (long long)sum->projects);
        xw_int(&s, 2, (long long)sum->kpis);
        xw_int(&s, 3, (long long)sum->projects_counted);
        xw_int(&s, 4, (long long)sum->kpis_counted);
        xw_num(&s, 5, sum->average, b->formats.score);
        xw_int(&s, 6, (long long)sum->kpis_at_threshold);
        xw_int(&s, 7, (long long)sum->projects_at_threshold);
        xw_text(&s, 8, coverage, NULL);
    }
    chart(b, ws, sheet, LXW_CHART_BAR, "プロジェクト別 平均スコア", filter_last, 5, NCOLS + 1);
    xw_end(&s, sheet, b->opts->fiscal_year);
    return s.failed ? -1 : 0;
}

/* 集計（部別）, 集計（政策別）: projects, money of the evaluation year, and how
 * many projects took each direction; KPI averages where there are KPIs. */
static int money_and_directions(const xw_book *b, lxw_worksheet *ws, const char *sheet,
                                hy_rollup_by by, hy_diags *warnings)
{
    const hy_rollup *ru = b->rollup;
    const hy_profile *pf = b->profile;
    const hy_choice_set *dir = pf->direction_item ? profile_choice_set(pf, pf->direction_item)
                                                  : NULL;
    int with_kpis = ru->all.score.kpis > 0;
    char h_cost[96], h_total[96], h_dir[32][160];
    snprintf(h_cost, sizeof h_cost, "事業費（%s）", pf->display_unit_label);
    snprintf(h_total, sizeof h_total, "総事業費（%s）", pf->display_unit_label);
    const char *headers[MAX_COLS];
    size_t n = 0;
    headers[n++] = by == HY_BY_DEPARTMENT ? "部" : "政策";
    headers[n++] = "事業数";
    headers[n++] = h_cost;
    headers[n++] = h_total;
    size_t ndir = dir ? (dir->noptions < 30 ? dir->noptions : 30) : 0;
    for (size_t i = 0; i < ndir; i++) {
        snprintf(h_dir[i], sizeof h_dir[i], "%s", dir->options[i]);
        headers[n++] = h_dir[i];
    }
    if (dir)
        headers[n++] = "方向性未記入";
    if (with_kpis) {
        headers[n++] = "平均スコア";
        headers[n++] = "集計範囲";
    }
    xw_sheet s;
    xw_begin(&s, ws, &b->formats, pf, warnings, headers, (lxw_col_t)n);
    size_t ngroups = ru->ngroups[by];
    lxw_row_t filter_last = 0;
    for (size_t g = 0; g <= ngroups; g++) {
        const hy_group *grp = g < ngroups ? &ru->groups[by][g] : &ru->all;
        hy_amount total, total_cost;
        size_t evaluated;
        year_money(grp->projects, grp->nprojects, b->opts->fiscal_year, &total, &total_cost,
                   &evaluated);
        if (g < ngroups && !evaluated)
            continue;   /* a group of KPI-only projects belongs to the program sheet */
        if (g == ngroups) {
            xw_filter(&s);
            filter_last = s.row;
            xw_next_row(&s);
        }
        xw_next_row(&s);
        lxw_col_t c = 0;
        xw_text(&s, c++, g < ngroups ? group_label(grp->name) : "全体", NULL);
        xw_int(&s, c++, (long long)evaluated);
        xw_amount(&s, c++, total);
        xw_amount(&s, c++, total_cost);
        if (dir) {
            size_t counts[32] = {0}, none = 0;
            for (size_t i = 0; i < grp->nprojects; i = dataset_next(grp->dataset, i)) {
                const hy_project *p = grp->projects[i];
                if (p->kpi_only)
                    continue;
                const hy_choice *ch = project_choice(p, pf->direction_item);
                if (ch && ch->chosen >= 0 && (size_t)ch->chosen < ndir)
                    counts[ch->chosen]++;
                else
                    none++;
            }
            for (size_t i = 0; i < ndir; i++)
                xw_int(&s, c++, (long long)counts[i]);
            xw_int(&s, c++, (long long)none);
        }
        if (with_kpis && grp->score.kpis) {
            char coverage[160];
            rollup_coverage(&grp->score, coverage, sizeof coverage);
            xw_num(&s, c, grp->score.average, b->formats.score);
            xw_text(&s, c + 1, coverage, NULL);
        }
    }
    if (by == HY_BY_DEPARTMENT)
        chart(b, ws, sheet, LXW_CHART_COLUMN, "部別 総事業費", filter_last, 3,
              (lxw_col_t)(n + 1));
    xw_end(&s, sheet, b->opts->fiscal_year);
    return s.failed ? -1 : 0;
}

int rollup_sheet_write(const xw_book *b, lxw_worksheet *ws, hy_rollup_by by, hy_diags *warnings)
{
    const char *name = ws ? ws->name : "";
    if (by == HY_BY_PROGRAM)
        return programs(b, ws, name, warnings);
    return money_and_directions(b, ws, name, by, warnings);
}
