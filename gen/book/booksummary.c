/* The summary section of the annual book (bookpage.h): tables with a bar
 * beside each row, and the distribution of KPI scores as a column chart. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book/bookpage.h"
#include "model/format.h"
#include "util/arena.h"

#define INK 0x000000u
#define GREY 0x555555u
#define RULE 0x808080u
#define BAR 0x2F5F98u
#define BAND 0xDCE6F1u
#define MARGIN 48.0f
#define TOP 60.0f
#define BOTTOM 800.0f
#define ROW 15.0f
#define BAR_X 452.0f
#define BAR_W (BOOKPAGE_W - MARGIN - BAR_X)

/* Where the next block goes: a page and the top of the free space on it. */
typedef struct flow {
    hy_bookpen *bp;
    hy_page *pg;
    float y;
    /* the table being drawn, whose header a continuation page repeats */
    const char *const *labels;
    const float *rights;
    size_t ncols;
    int32_t sect;        /* the summary's structure node */
    int32_t table;       /* the table being drawn */
} flow;

/* Makes room for h points, on a new page when this one is full. */
static void need(flow *f, float h)
{
    if (f->pg && f->y + h <= BOTTOM)
        return;
    f->pg = drawing_add_page(f->bp->d, BOOKPAGE_W, BOOKPAGE_H);
    if (!f->pg)
        f->bp->oom = 1;
    f->y = TOP;
}

/* Fills and rules are artifacts (a bar repeats its row's number). */
static void fill(flow *f, float x, float y, float w, float h, uint32_t rgb)
{
    int32_t tag = drawing_tag(f->bp->d, HY_TAG_ARTIFACT);
    if (f->pg && w > 0.01f && h > 0.01f &&
        drawing_rect(f->bp->d, f->pg, x, y, w, h, HY_DRAW_FILL, 0, rgb, rgb) != 0)
        f->bp->oom = 1;
    drawing_tag(f->bp->d, tag);
}

static void line(flow *f, float x1, float y1, float x2, float y2, float width)
{
    int32_t tag = drawing_tag(f->bp->d, HY_TAG_ARTIFACT);
    if (f->pg && drawing_line(f->bp->d, f->pg, x1, y1, x2, y2, width, RULE) != 0)
        f->bp->oom = 1;
    drawing_tag(f->bp->d, tag);
}

/* A table cell's node: a header cell heads its column (or, first in a body
 * row, its row). */
static void cell(flow *f, int32_t row, hy_role role, int scope)
{
    int32_t n = bookpen_node(f->bp, row, role);
    if (n >= 0)
        f->bp->d->nodes[n].scope = (uint8_t)scope;
}

static void text(flow *f, float x, float y, float size, const char *s, int align, float max_w)
{
    bookpen_text(f->bp, f->pg, x, y, size, INK, s, align, max_w);
}

/* A block's title; room is what must fit below it on the same page. */
static void heading(flow *f, const char *title, const char *note, float room)
{
    f->labels = NULL;   /* the last table is over */
    need(f, 34 + room);
    f->y += 8;
    fill(f, MARGIN, f->y + 2, 4, 16, BAR);
    bookpen_node(f->bp, f->sect, HY_ROLE_H2);
    text(f, MARGIN + 10, f->y + 15, 12, title, 0, 330);
    if (note) {
        bookpen_node(f->bp, f->sect, HY_ROLE_P);
        bookpen_text(f->bp, f->pg, BOOKPAGE_W - MARGIN, f->y + 15, 8, GREY, note, 2, 200);
    }
    f->y += 26;
}

/* A table's header row over columns whose right ends are rights[] (the first
 * column is left-aligned at the margin); repeated on a continuation page, it
 * is an artifact (the table's structure has it once). */
static void header_row(flow *f, const char *const *labels, const float *rights, size_t n)
{
    int repeat = f->labels == labels;
    need(f, 2 * ROW);
    f->labels = labels;
    f->rights = rights;
    f->ncols = n;
    fill(f, MARGIN, f->y, BOOKPAGE_W - 2 * MARGIN, ROW, BAND);
    int32_t row = -1;
    if (repeat) {
        drawing_tag(f->bp->d, HY_TAG_ARTIFACT);
    } else {
        f->table = bookpen_node(f->bp, f->sect, HY_ROLE_TABLE);
        row = bookpen_node(f->bp, f->table, HY_ROLE_TR);
    }
    for (size_t i = 0; i < n; i++) {
        if (!repeat)
            cell(f, row, HY_ROLE_TH, HY_SCOPE_COLUMN);
        text(f, i ? rights[i] : MARGIN + 3, f->y + 11, 8, labels[i], i ? 2 : 0, 0);
    }
    f->y += ROW;
}

/* A row: cells (the first left-aligned), then a bar of value/max when max > 0. */
static void body_row(flow *f, const char *const *cells, const float *rights, size_t n,
                     double value, double max, int bold)
{
    if (f->y + ROW > BOTTOM && f->labels) {
        need(f, 2 * ROW);
        header_row(f, f->labels, f->rights, f->ncols);
    }
    need(f, ROW);
    if (bold)
        fill(f, MARGIN, f->y, BOOKPAGE_W - 2 * MARGIN, ROW, 0xF2F2F2u);
    int32_t row = bookpen_node(f->bp, f->table, HY_ROLE_TR);
    cell(f, row, HY_ROLE_TH, HY_SCOPE_ROW);
    text(f, MARGIN + 3, f->y + 11, 8, cells[0], 0, rights[1] - MARGIN - 60);
    for (size_t i = 1; i < n; i++) {
        cell(f, row, HY_ROLE_TD, HY_SCOPE_NONE);
        text(f, rights[i], f->y + 11, 8, cells[i], 2, 0);
    }
    if (max > 0 && value > 0)
        fill(f, BAR_X, f->y + 3, (float)(BAR_W * (value / max)), ROW - 6, BAR);
    line(f, MARGIN, f->y + ROW, BOOKPAGE_W - MARGIN, f->y + ROW, 0.3f);
    f->y += ROW;
}

static double yen(hy_amount a)
{
    return a.known ? (double)a.yen : 0;
}

/* The projects of a group that have a sheet in the book: the 事業 a reader
 * counts. A program known from the KPI sheet only belongs to the KPI report. */
static size_t with_sheet(const hy_group *g)
{
    size_t n = 0;
    for (size_t i = 0; i < g->nprojects; i = dataset_next(g->dataset, i))
        n += !g->projects[i]->kpi_only;
    return n;
}

/* 事業数, 事業費 and トータルコスト per group, a bar of トータルコスト beside each. */
static void money_table(flow *f, const hy_rollup *ru, hy_rollup_by by, const char *title,
                        const hy_profile *pf, int year, hy_stage stage)
{
    char note[128], fy[32];
    format_fiscal_year(year, pf->era, 1, fy, sizeof fy);
    snprintf(note, sizeof note, "%s%s、単位：%s", fy, stage_label(stage),
             pf->display_unit_label ? pf->display_unit_label : "円");
    heading(f, title, note, 3 * ROW);
    static const float rights[] = {0, 300, 370, 445};
    const char *labels[] = {by == HY_BY_POLICY    ? "政策"
                            : by == HY_BY_MEASURE ? "施策"
                                                  : "部",
                            "事業数", "事業費", "トータルコスト"};
    header_row(f, labels, rights, 4);
    double max = 0;
    for (size_t i = 0; i < ru->ngroups[by]; i++) {
        const hy_cost_sum *c = rollup_cost(&ru->groups[by][i], year, stage);
        if (c && yen(c->total_cost) > max)
            max = yen(c->total_cost);
    }
    for (size_t i = 0; i <= ru->ngroups[by]; i++) {
        const hy_group *g = i < ru->ngroups[by] ? &ru->groups[by][i] : &ru->all;
        const hy_cost_sum *c = rollup_cost(g, year, stage);
        char count[24], total[48] = "", cost[48] = "";
        /* a group of KPI-only programs and no money is not the book's */
        if (with_sheet(g) == 0 && (!c || (!c->total.known && !c->total_cost.known)))
            continue;
        snprintf(count, sizeof count, "%zu", with_sheet(g));
        if (c) {
            amount_format(c->total, pf->display_unit, pf->rounding, total, sizeof total);
            amount_format(c->total_cost, pf->display_unit, pf->rounding, cost, sizeof cost);
        }
        const char *name = g == &ru->all ? "合計" : *g->name ? g->name : "（記載なし）";
        const char *cells[] = {name, count, total, cost};
        body_row(f, cells, rights, 4, c ? yen(c->total_cost) : 0, g == &ru->all ? 0 : max,
                 g == &ru->all);
    }
}

/* A label and a count per row, with a bar of the count. */
static void tally_table(flow *f, const char *title, const char *what, const hy_tally *t,
                        size_t n)
{
    heading(f, title, "単位：事業", 3 * ROW);
    static const float rights[] = {0, 445};
    const char *labels[] = {what, "事業数"};
    header_row(f, labels, rights, 2);
    size_t max = 0, sum = 0;
    for (size_t i = 0; i < n; i++) {
        max = t[i].count > max ? t[i].count : max;
        sum += t[i].count;
    }
    if (n == 0) {
        const char *cells[] = {"（データに記載がありません）", ""};
        body_row(f, cells, rights, 2, 0, 0, 0);
        return;
    }
    for (size_t i = 0; i <= n; i++) {
        char count[24];
        snprintf(count, sizeof count, "%zu", i < n ? t[i].count : sum);
        const char *cells[] = {i < n ? t[i].label : "合計", count};
        body_row(f, cells, rights, 2, i < n ? (double)t[i].count : 0, (double)max, i == n);
    }
}

/* 今後の方向性 of the projects with a sheet, per option of the profile's
 * direction item (the roll-up's labels), then 未選択. */
static void directions_table(flow *f, const hy_group *all, const hy_profile *pf)
{
    const hy_choice_set *cs = pf->direction_item ? profile_choice_set(pf, pf->direction_item)
                                                 : NULL;
    size_t n = all->ndirections;
    hy_tally *t = calloc(n ? n : 1, sizeof *t);
    if (!t) {
        f->bp->oom = 1;
        return;
    }
    for (size_t o = 0; o < n; o++)
        t[o].label = all->directions[o].label;
    for (size_t i = 0; cs && n == cs->noptions + 1 && i < all->nprojects; i = dataset_next(all->dataset, i)) {
        if (all->projects[i]->kpi_only)
            continue;
        const hy_choice *c = project_choice(all->projects[i], pf->direction_item);
        t[c && c->chosen >= 0 && (size_t)c->chosen < cs->noptions ? (size_t)c->chosen
                                                                  : cs->noptions].count++;
    }
    tally_table(f, "今後の方向性", "今後の方向性", t, n);
    free(t);
}

/* The evaluation result of each project with a sheet (its secondary_verdict:
 * 総合政策部の判定, 2次評価結果), counted per value in order of first
 * appearance; and the 達成度 marks when the data has them. */
static void verdict_tables(flow *f, const hy_rollup *ru, const hy_dataset *ds)
{
    hy_tally *t = calloc(ds->nprojects ? ds->nprojects : 1, sizeof *t);
    size_t n = 0;
    for (size_t i = 0; t && i < ds->nprojects; i = dataset_next(ds, i)) {
        const char *v = ds->projects[i].kpi_only ? NULL
                                                  : project_field(&ds->projects[i],
                                                                  "secondary_verdict");
        if (!v || !*v)
            continue;
        size_t k = 0;
        while (k < n && strcmp(t[k].label, v))
            k++;
        if (k == n)
            t[n++].label = v;
        t[k].count++;
    }
    if (!t)
        f->bp->oom = 1;
    if (n || !ru->all.ngrades)
        tally_table(f, "評価結果", "判定", t, n);
    if (ru->all.ngrades)
        tally_table(f, "達成度", "達成度", ru->all.grades, ru->all.ngrades);
    free(t);
}

/* The KPI progress score per program: mean, coverage, rows at the threshold. */
static void score_table(flow *f, const hy_rollup *ru, const hy_profile *pf)
{
    char note[64];
    snprintf(note, sizeof note, "スコアは%d点満点、棒は平均スコア", pf->score_clamp_max);
    heading(f, "施策KPIのスコア（プロジェクト別）", note, 3 * ROW);
    static const float rights[] = {0, 235, 395, 445};
    char at[48];
    snprintf(at, sizeof at, "%d点以上", ru->threshold);
    const char *labels[] = {"プロジェクト", "平均スコア", "集計対象／全体", at};
    header_row(f, labels, rights, 4);
    for (size_t i = 0; i <= ru->ngroups[HY_BY_PROGRAM]; i++) {
        const hy_group *g = i < ru->ngroups[HY_BY_PROGRAM] ? &ru->groups[HY_BY_PROGRAM][i]
                                                            : &ru->all;
        if (!g->score.kpis)
            continue;
        char avg[32] = "―", cov[128], n80[32];
        if (g->score.average.known)
            num_format(g->score.average, 2, 0, HY_ROUND_HALF_UP, avg, sizeof avg);
        rollup_coverage(&g->score, cov, sizeof cov);
        snprintf(n80, sizeof n80, "%zuKPI", g->score.kpis_at_threshold);
        int64_t v = 0;
        num_at_scale(g->score.average, 2, HY_ROUND_HALF_UP, &v);
        const char *name = g == &ru->all ? "全体" : *g->name ? g->name : "（記載なし）";
        const char *cells[] = {name, avg, cov, n80};
        body_row(f, cells, rights, 4, g->score.average.known && v > 0 ? (double)v : 0,
                 pf->score_clamp_max > 0 ? pf->score_clamp_max * 100.0 : 0, g == &ru->all);
    }
}

#define NBINS 7

/* KPI rows by score band, as columns over a baseline. */
static void score_chart(flow *f, const hy_dataset *ds)
{
    static const char *bins[NBINS] = {"0未満", "0〜20", "20〜40", "40〜60", "60〜80",
                                      "80〜100", "100"};
    size_t count[NBINS] = {0}, max = 0;
    for (size_t i = 0; i < ds->nprojects; i = dataset_next(ds, i))
        for (size_t k = 0; k < ds->projects[i].nindicators; k++) {
            const hy_indicator *ind = &ds->projects[i].indicators[k];
            int64_t v;
            if (!score_is_kpi(ind) || !score_counted(ind) ||
                num_at_scale(ind->score, 2, HY_ROUND_HALF_UP, &v) != 0)
                continue;
            int b = v < 0 ? 0 : v >= 10000 ? 6 : 1 + (int)(v / 2000);
            count[b]++;
        }
    for (int b = 0; b < NBINS; b++)
        max = count[b] > max ? count[b] : max;
    if (max == 0)
        return;
    const float chart_h = 120, col_w = (BOOKPAGE_W - 2 * MARGIN - 40) / NBINS;
    heading(f, "施策KPIのスコア分布", "単位：KPI", chart_h + 40);
    /* the chart, as a reader that cannot see it is told it */
    char alt[512];
    size_t used = (size_t)snprintf(alt, sizeof alt, "施策KPIのスコア分布の縦棒グラフ。");
    for (int b = 0; b < NBINS && used < sizeof alt; b++)
        used += (size_t)snprintf(alt + used, sizeof alt - used, "%s点：%zuKPI%s", bins[b],
                                 count[b], b + 1 < NBINS ? "、" : "。");
    int32_t fig = bookpen_node(f->bp, f->sect, HY_ROLE_FIGURE);
    if (fig >= 0 && !(f->bp->d->nodes[fig].alt = arena_strdup(f->bp->d->arena, alt)))
        f->bp->oom = 1;
    float base = f->y + chart_h + 10, x0 = MARGIN + 30;
    for (int b = 0; b < NBINS; b++) {
        float h = chart_h * (float)count[b] / (float)max;
        float x = x0 + col_w * (float)b;
        fill(f, x + col_w * 0.2f, base - h, col_w * 0.6f, h, BAR);
        char n[24];
        snprintf(n, sizeof n, "%zu", count[b]);
        text(f, x + col_w / 2, base - h - 3, 8, n, 1, 0);
        text(f, x + col_w / 2, base + 11, 8, bins[b], 1, 0);
    }
    line(f, x0, base, x0 + col_w * NBINS, base, 0.8f);
    f->y = base + 24;
}

/* 予算反映: per verdict the projects, this year's budget, next year's requests and
 * the change, with a bar of the change's size; the money 廃止・縮小 released
 * and 拡充 added; then every request that moves against its verdict. */
static void budget_tables(flow *f, const hy_budget_link *l, const hy_profile *pf)
{
    char note[128], now[32], next[32];
    format_fiscal_year(l->fiscal_year, pf->era, 1, now, sizeof now);
    format_fiscal_year(l->fiscal_year + 1, pf->era, 1, next, sizeof next);
    snprintf(note, sizeof note, "%s予算と%s予算要求、単位：%s", now, next, pf->display_unit_label);
    heading(f, "予算反映（今後の方向性別）", note, 3 * ROW);
    static const float rights[] = {0, 200, 280, 360, 445};
    const char *labels[] = {"今後の方向性", "事業数", "予算額", "要求額", "増減"};
    header_row(f, labels, rights, 5);
    double max = 0;
    for (int v = 0; v < HY_VERDICT_COUNT; v++)
        if (l->totals[v].change.known && fabs((double)l->totals[v].change.yen) > max)
            max = fabs((double)l->totals[v].change.yen);
    for (int v = HY_VERDICT_EXPAND; v <= HY_VERDICT_COUNT; v++) {
        int all = v == HY_VERDICT_COUNT;
        const hy_verdict_total *t = all ? &l->all : &l->totals[v];
        if (!all && !t->projects)
            continue;
        char n[24], b[48], r[48], c[48];
        snprintf(n, sizeof n, "%zu", t->projects);
        amount_format(t->budget, pf->display_unit, pf->rounding, b, sizeof b);
        amount_format(t->request, pf->display_unit, pf->rounding, r, sizeof r);
        amount_format(t->change, pf->display_unit, pf->rounding, c, sizeof c);
        const char *cells[] = {all ? "合計" : verdict_label((hy_verdict)v), n, b, r, c};
        body_row(f, cells, rights, 5, t->change.known ? fabs((double)t->change.yen) : 0,
                 all ? 0 : max, all);
    }
    char released[48], expanded[48], line1[160], line2[160];
    amount_format(l->released, pf->display_unit, pf->rounding, released, sizeof released);
    amount_format(l->expanded, pf->display_unit, pf->rounding, expanded, sizeof expanded);
    snprintf(line1, sizeof line1, "廃止・縮小により減額した額：%s%s", released[0] ? released : "0",
             pf->display_unit_label);
    snprintf(line2, sizeof line2, "拡充により増額した額：%s%s", expanded[0] ? expanded : "0",
             pf->display_unit_label);
    need(f, 2 * ROW);
    bookpen_node(f->bp, f->sect, HY_ROLE_P);
    text(f, MARGIN + 3, f->y + 12, 9, line1, 0, 0);
    bookpen_node(f->bp, f->sect, HY_ROLE_P);
    text(f, MARGIN + 3, f->y + 12 + ROW, 9, line2, 0, 0);
    f->y += 2 * ROW + 4;
    if (!l->nflagged)
        return;
    heading(f, "方向性と異なる予算要求", "単位：事業", 3 * ROW);
    static const float frights[] = {0, 300, 445};
    const char *flabels[] = {"事業", "今後の方向性", "内容"};
    header_row(f, flabels, frights, 3);
    for (size_t i = 0; i < l->nrows; i++) {
        const hy_budget_row *row = &l->rows[i];
        if (!row->flags)
            continue;
        char who[256], words[128];
        snprintf(who, sizeof who, "%s %s", row->project->code, row->project->name);
        const char *cells[] = {who, row->direction ? row->direction : verdict_label(row->verdict),
                               budget_flag_text(row->flags, words, sizeof words)};
        body_row(f, cells, frights, 3, 0, 0, 0);
    }
}

void bookpage_summary(hy_bookpen *bp, const hy_rollup *ru, const hy_dataset *ds,
                      const hy_profile *pf, const hy_budget_link *budget)
{
    flow f = {bp, NULL, TOP, NULL, NULL, 0, -1, -1};
    need(&f, 0);
    f.sect = bookpen_node(bp, -1, HY_ROLE_SECT);
    bookpen_node(bp, f.sect, HY_ROLE_H1);
    text(&f, MARGIN, f.y + 20, 18, "集計", 0, 0);
    f.y += 36;
    hy_stage stage = HY_STAGE_SETTLED;
    int year = bookpage_money_year(&ru->all, &stage);
    if (year) {
        /* by 施策 when the data names no 政策, as the book's sections are */
        int policy = ru->ngroups[HY_BY_POLICY] > 1 ||
                     (ru->ngroups[HY_BY_POLICY] == 1 && *ru->groups[HY_BY_POLICY][0].name);
        if (policy)
            money_table(&f, ru, HY_BY_POLICY, "政策別の事業費とトータルコスト", pf, year, stage);
        else
            money_table(&f, ru, HY_BY_MEASURE, "施策別の事業費とトータルコスト", pf, year, stage);
        money_table(&f, ru, HY_BY_DEPARTMENT, "部別の事業費とトータルコスト", pf, year, stage);
    }
    directions_table(&f, &ru->all, pf);
    verdict_tables(&f, ru, ds);
    if (ru->all.score.kpis) {
        score_table(&f, ru, pf);
        score_chart(&f, ds);
    }
    if (budget && budget->nrequests)
        budget_tables(&f, budget, pf);
}
