/* tests for compute/rollup and the KPI report's bind roots: averages, coverage,
 * threshold counts, cost sums, direction and grade counts, from the sample data
 * set (input/kpi.csv) and from hand-made ones */
#include <stdlib.h>
#include <string.h>

#include "cli/pipeline.h"
#include "compute/rollup.h"
#include "template/layout.h"
#include "testutil.h"

static hy_run *run;
static hy_rollup *ru;

static const char *text_of(hy_num n)
{
    static char buf[32];
    num_format(n, -1, 0, HY_ROUND_HALF_UP, buf, sizeof buf);
    return n.known ? buf : "(null)";
}

static const char *coverage(const hy_score_sum *s)
{
    static char buf[160];
    rollup_coverage(s, buf, sizeof buf);
    return buf;
}

/* ---- the sample data set ---------------------------------------------------- */

static void test_sample_scores(void)
{
    const hy_score_sum *all = &ru->all.score;
    /* the counts the KPI report's summary prints */
    CU_ASSERT_STRING_EQUAL(coverage(all), "集計対象 9事業[13KPI]／全 11事業[16KPI]");
    CU_ASSERT_STRING_EQUAL(text_of(all->average), "81.39");   /* 1058.01 / 13 = 81.385 */
    CU_ASSERT_EQUAL(all->total, 105801);
    CU_ASSERT_EQUAL(all->kpis_at_threshold, 9);
    CU_ASSERT_EQUAL(all->projects_at_threshold, 6);
    CU_ASSERT_EQUAL(ru->threshold, 80);
    CU_ASSERT_EQUAL(ru->years.eval, 2023);
    CU_ASSERT_EQUAL(ru->years.base, 2019);
    CU_ASSERT_EQUAL(ru->years.target, 2025);
    CU_ASSERT_EQUAL(ru->years.elapsed_num, 2);   /* 4/6 in lowest terms */
    CU_ASSERT_EQUAL(ru->years.elapsed_den, 3);

    /* programs in the KPI sheet's order, each with its own mean and coverage;
     * the projects without a program (no KPI) form one more group */
    CU_ASSERT_EQUAL_FATAL(ru->ngroups[HY_BY_PROGRAM], 4);
    static const struct { const char *name, *average, *coverage; size_t kpis_at, projects_at; } P[] = {
        {"ねむろの産業を元気にするプロジェクト", "56.61", "集計対象 3事業[4KPI]／全 4事業[6KPI]", 2, 1},
        {"ねむろへの新しいひとの流れをつくるプロジェクト", "100.00", "集計対象 2事業[4KPI]／全 3事業[5KPI]", 4, 2},
        {"安心して暮らし続けられるまちをつくるプロジェクト", "86.31", "集計対象 4事業[5KPI]／全 4事業[5KPI]", 3, 3},
    };
    for (size_t i = 0; i < 3; i++) {
        const hy_group *g = &ru->groups[HY_BY_PROGRAM][i];
        CU_ASSERT_STRING_EQUAL(g->name, P[i].name);
        CU_ASSERT_STRING_EQUAL(text_of(g->score.average), P[i].average);
        CU_ASSERT_STRING_EQUAL(coverage(&g->score), P[i].coverage);
        CU_ASSERT_EQUAL(g->score.kpis_at_threshold, P[i].kpis_at);
        CU_ASSERT_EQUAL(g->score.projects_at_threshold, P[i].projects_at);
    }
    const hy_group *none = &ru->groups[HY_BY_PROGRAM][3];
    CU_ASSERT_STRING_EQUAL(none->name, "");
    CU_ASSERT_EQUAL(none->nprojects, 6);
    CU_ASSERT_EQUAL(none->score.kpis, 0);
    CU_ASSERT_FALSE(none->score.average.known);
    /* projects in the order of their KPI rows, not of the projects table */
    const hy_group *a = &ru->groups[HY_BY_PROGRAM][0];
    CU_ASSERT_EQUAL_FATAL(a->nprojects, 4);
    CU_ASSERT_STRING_EQUAL(a->projects[0]->code, "31002");
    CU_ASSERT_STRING_EQUAL(a->projects[1]->code, "31015");
    CU_ASSERT_STRING_EQUAL(a->projects[2]->code, "32008");
    CU_ASSERT_STRING_EQUAL(a->projects[3]->code, "31020");
}

static void test_kpi_rows_join_projects(void)
{
    const hy_dataset *ds = run->dataset;
    CU_ASSERT_EQUAL(ds->nprojects, 17);
    /* a KPI row with a projects-table code joins that project, adding what only
     * the KPI sheet says; the others are KPI-only projects (no evaluation sheet) */
    const hy_project *p = dataset_find(ds, "13041");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_FALSE(p->kpi_only);
    CU_ASSERT_STRING_EQUAL(project_field(p, "program"), "ねむろへの新しいひとの流れをつくるプロジェクト");
    CU_ASSERT(test_contains(project_field(p, "analysis"), "関係人口の拡大につなげる"));
    /* the projects table's 概要 stays; the KPI sheet's shorter 事業概要 is not taken */
    CU_ASSERT(test_contains(project_field(p, "summary"), "ポータルサイト5社への掲載"));
    CU_ASSERT_EQUAL(p->nindicators, 4);   /* 2 from indicators.csv, 2 KPIs */
    size_t kpi_only = 0;
    for (size_t i = 0; i < ds->nprojects; i++)
        kpi_only += ds->projects[i].kpi_only;
    CU_ASSERT_EQUAL(kpi_only, 3);
    CU_ASSERT(dataset_find(ds, "31020")->kpi_only);
    CU_ASSERT(dataset_find(ds, "31020")->is_new);
    CU_ASSERT(dataset_find(ds, "13060")->kpi_only);
    CU_ASSERT(dataset_find(ds, "21030")->kpi_only);
    CU_ASSERT_STRING_EQUAL(dataset_find(ds, "21030")->department, "市民福祉部");
}

static void test_sample_costs_and_directions(void)
{
    const hy_group *g = rollup_find(ru, HY_BY_DEPARTMENT, "総合政策部");
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_EQUAL(g->nprojects, 4);   /* 13041, 13052 and 13060 (KPI order), then 13035 */
    CU_ASSERT_STRING_EQUAL(g->projects[3]->code, "13035");
    /* R6 当初予算: 22,000 + 183,604 + 27,039 */
    const hy_cost_sum *r6 = rollup_cost(g, 2024, HY_STAGE_INITIAL_BUDGET);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r6);
    CU_ASSERT_EQUAL(r6->lines, 3);
    CU_ASSERT_EQUAL(r6->total.yen, 232643000);
    /* 職員費 7,262 + (3.00 + 1.00) x 7,262 + (1.00 + 0.50) x 7,262 */
    CU_ASSERT_EQUAL(r6->staff_cost.yen, 47203000);
    CU_ASSERT_EQUAL(r6->total_cost.yen, 279846000);
    CU_ASSERT_EQUAL(r6->source[HY_SRC_GENERAL].yen, 136503000);
    CU_ASSERT_EQUAL(r6->source[HY_SRC_FURUSATO_FUND].yen, 82621000);
    CU_ASSERT(r6->source[HY_SRC_BONDS].known);          /* 0 in two lines, blank in one */
    CU_ASSERT_EQUAL(r6->source[HY_SRC_BONDS].yen, 0);
    const hy_cost_sum *r5 = rollup_cost(g, 2023, HY_STAGE_SETTLED);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r5);
    CU_ASSERT_EQUAL(r5->total.yen, 202671000);   /* 177,425 + 25,246 */
    CU_ASSERT_PTR_NULL(rollup_cost(g, 2023, HY_STAGE_INITIAL_BUDGET));
    /* sums are in year, then stage order */
    for (size_t i = 1; i < g->ncosts; i++)
        CU_ASSERT(g->costs[i - 1].fiscal_year <= g->costs[i].fiscal_year);

    /* 今後の方向性 (the profile's 方針): the KPI-only projects have none */
    CU_ASSERT_EQUAL_FATAL(ru->all.ndirections, 4);
    CU_ASSERT_STRING_EQUAL(ru->all.directions[0].label, "計画どおり着手が適当");
    CU_ASSERT_EQUAL(ru->all.directions[0].count, 12);
    CU_ASSERT_EQUAL(ru->all.directions[1].count, 2);   /* 31015, 32019 */
    CU_ASSERT_EQUAL(ru->all.directions[2].count, 0);
    CU_ASSERT_STRING_EQUAL(ru->all.directions[3].label, "未選択");
    CU_ASSERT_EQUAL(ru->all.directions[3].count, 3);
    const hy_group *fish = rollup_find(ru, HY_BY_MEASURE, "水産業の振興");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fish);
    CU_ASSERT_EQUAL(fish->nprojects, 2);
    CU_ASSERT_EQUAL(fish->directions[1].count, 1);
    CU_ASSERT_EQUAL(ru->all.ngrades, 0);             /* Nemuro grades nothing */
    CU_ASSERT_PTR_NULL(rollup_find(ru, HY_BY_POLICY, "no such policy"));
}

/* ---- hand-made data ------------------------------------------------------------ */

/* A KPI with a computed score (hundredths). */
static hy_indicator scored(int64_t hundredths)
{
    hy_indicator ind;
    memset(&ind, 0, sizeof ind);
    ind.kind = "施策KPI";
    ind.name = "KPI";
    ind.score = num_of(hundredths, 2);
    ind.pre_score = ind.score;
    ind.score_source = HY_SCORE_COMPUTED;
    return ind;
}

static void test_mean_of_rows_not_of_means(void)
{
    hy_indicator x[1] = {scored(10000)};
    hy_indicator y[3] = {scored(0), scored(0), scored(0)};
    hy_indicator z[2] = {scored(9000), scored(1)};
    z[1].score_source = HY_SCORE_NONE;             /* not scored: excluded */
    z[1].excluded_reason = "R5実績値なし";
    hy_field prog = {"program", "P", {0}, 0, 0, 0, 0};
    hy_field grade_b = {"grade", "B", {0}, 0, 0, 0, 0};
    hy_project p[3] = {
        {.code = "X", .name = "X", .department = "甲部", .fields = &grade_b, .nfields = 1,
         .indicators = x, .nindicators = 1},
        {.code = "Y", .name = "Y", .department = "甲部", .fields = &prog, .nfields = 1,
         .indicators = y, .nindicators = 3},
        {.code = "Z", .name = "Z", .department = "乙部", .fields = &grade_b, .nfields = 1,
         .indicators = z, .nindicators = 2},
    };
    hy_dataset *ds = dataset_new();
    ds->projects = p;
    ds->nprojects = 3;
    hy_rollup *r;
    hy_err err;
    CU_ASSERT_EQUAL_FATAL(rollup_build(ds, run->profile, &r, &err), HY_OK);
    /* department 甲部: (100 + 0 + 0 + 0) / 4 = 25.00, not (100 + 0) / 2 = 50.00 */
    const hy_group *g = rollup_find(r, HY_BY_DEPARTMENT, "甲部");
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_STRING_EQUAL(text_of(g->score.average), "25.00");
    CU_ASSERT_EQUAL(g->score.kpis_at_threshold, 1);
    CU_ASSERT_EQUAL(g->score.projects_at_threshold, 1);
    /* overall: (100 + 0 x 3 + 90) / 5 = 38.00; Z counts with its one scored KPI */
    CU_ASSERT_STRING_EQUAL(text_of(r->all.score.average), "38.00");
    CU_ASSERT_STRING_EQUAL(coverage(&r->all.score), "集計対象 3事業[5KPI]／全 3事業[6KPI]");
    CU_ASSERT_EQUAL(r->all.score.projects_at_threshold, 2);   /* X and Z */
    /* grades as typed, in order of first appearance */
    CU_ASSERT_EQUAL_FATAL(r->all.ngrades, 1);
    CU_ASSERT_STRING_EQUAL(r->all.grades[0].label, "B");
    CU_ASSERT_EQUAL(r->all.grades[0].count, 2);
    rollup_free(r);

    /* the mean is rounded once, half away from zero: 0.005 -> 0.01, -0.005 -> -0.01 */
    hy_indicator h[2] = {scored(1), scored(0)};
    hy_project one = {.code = "H", .name = "H", .indicators = h, .nindicators = 2};
    ds->projects = &one;
    ds->nprojects = 1;
    CU_ASSERT_EQUAL_FATAL(rollup_build(ds, run->profile, &r, &err), HY_OK);
    CU_ASSERT_STRING_EQUAL(text_of(r->all.score.average), "0.01");
    rollup_free(r);
    h[0] = scored(-1);
    CU_ASSERT_EQUAL_FATAL(rollup_build(ds, run->profile, &r, &err), HY_OK);
    CU_ASSERT_STRING_EQUAL(text_of(r->all.score.average), "-0.01");
    rollup_free(r);
    ds->projects = NULL;
    ds->nprojects = 0;
    dataset_free(ds);
}

/* The groups' project lists (five pointers a project: all, and by department,
 * measure, policy and program) are kept in the data set's arena, where a
 * spill arena pages them out, and read back right after arena_release. */
static void test_project_lists_in_the_dataset(void)
{
    enum { N = 3000 };
    hy_project *p = calloc(N, sizeof *p);
    char (*code)[16] = calloc(N, sizeof *code);
    static const char *const dept[] = {"甲部", "乙部", "丙部"};
    CU_ASSERT_FATAL(p && code);
    for (size_t i = 0; i < N; i++) {
        snprintf(code[i], sizeof code[i], "P%zu", i);
        p[i] = (hy_project){.code = code[i], .name = code[i], .department = dept[i % 3]};
    }
    hy_dataset *ds = dataset_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    ds->projects = p;
    ds->nprojects = N;
    size_t used = arena_used(ds->arena);
    hy_rollup *r;
    hy_err err;
    CU_ASSERT_EQUAL_FATAL(rollup_build(ds, run->profile, &r, &err), HY_OK);
    CU_ASSERT(arena_used(ds->arena) - used >= (size_t)HY_BY_COUNT * N * sizeof(void *) +
                                               N * sizeof(void *));
    arena_release(ds->arena);
    CU_ASSERT_EQUAL_FATAL(r->all.nprojects, N);
    CU_ASSERT_PTR_EQUAL(r->all.projects[N - 1], &p[N - 1]);
    const hy_group *g = rollup_find(r, HY_BY_DEPARTMENT, "乙部");
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_EQUAL_FATAL(g->nprojects, N / 3);
    CU_ASSERT_STRING_EQUAL(g->projects[0]->code, "P1");
    CU_ASSERT_STRING_EQUAL(g->projects[N / 3 - 1]->code, "P2998");
    rollup_free(r);
    ds->projects = NULL;
    ds->nprojects = 0;
    dataset_free(ds);
    free(code);
    free(p);
}

/* ---- the bind roots of the KPI report --------------------------------------------- */

static const char *eval(const hy_bind *b, const char *expr)
{
    static hy_buf out;
    buf_reset(&out);
    CU_ASSERT_EQUAL(bind_eval(b, expr, &out), 0);
    return buf_str(&out);
}

static void test_bind_roots(void)
{
    hy_bind b = {.dataset = run->dataset, .rollup = ru, .profile = run->profile,
                 .fiscal_year = ru->years.eval};
    CU_ASSERT_STRING_EQUAL(eval(&b, "report.average"), "81.39");
    CU_ASSERT_STRING_EQUAL(eval(&b, "report.coverage"), "集計対象 9事業[13KPI]／全 11事業[16KPI]");
    CU_ASSERT_STRING_EQUAL(eval(&b, "report.kpis_at_threshold"), "9");
    CU_ASSERT_STRING_EQUAL(eval(&b, "report.projects_at_threshold"), "6");
    CU_ASSERT_STRING_EQUAL(eval(&b, "report.kpis"), "16");
    CU_ASSERT_STRING_EQUAL(eval(&b, "report.threshold"), "80");
    CU_ASSERT_STRING_EQUAL(eval(&b, "report.clamp_min"), "-100");
    CU_ASSERT_STRING_EQUAL(eval(&b, "report.eval_year|era"), "令和5年度");
    CU_ASSERT_STRING_EQUAL(eval(&b, "report.base_year|era_short"), "R元");
    CU_ASSERT_STRING_EQUAL(eval(&b, "report.elapsed"), "66.7%");
    CU_ASSERT_STRING_EQUAL(eval(&b, "fy@-3|era_short"), "R2");

    /* programs and projects: those with KPIs, in the KPI sheet's order */
    CU_ASSERT_EQUAL(bind_count(&b, "programs"), 3);
    CU_ASSERT_EQUAL(bind_count(&b, "projects"), 11);
    hy_bind prog, proj, row;
    CU_ASSERT_EQUAL_FATAL(bind_enter(&b, "programs", 1, &prog), 0);
    CU_ASSERT_STRING_EQUAL(eval(&prog, "program.name"), "ねむろへの新しいひとの流れをつくるプロジェクト");
    CU_ASSERT_STRING_EQUAL(eval(&prog, "program.average|num:2"), "100.00");
    CU_ASSERT_STRING_EQUAL(eval(&prog, "program.coverage"), "集計対象 2事業[4KPI]／全 3事業[5KPI]");
    CU_ASSERT_EQUAL(bind_count(&prog, "projects"), 3);
    CU_ASSERT_EQUAL_FATAL(bind_enter(&prog, "projects", 1, &proj), 0);
    CU_ASSERT_STRING_EQUAL(proj.project->code, "13052");
    CU_ASSERT_EQUAL(proj.fiscal_year, 2023);         /* the report's year, not 令和6年度 */
    /* indicators leaves the KPIs to kpis */
    CU_ASSERT_EQUAL(bind_count(&proj, "indicators"), 3);
    CU_ASSERT_EQUAL(bind_count(&proj, "kpis"), 2);
    CU_ASSERT_EQUAL_FATAL(bind_enter(&proj, "kpis", 0, &row), 0);
    CU_ASSERT_STRING_EQUAL(eval(&row, "item.name"), "移住相談件数");
    CU_ASSERT_STRING_EQUAL(eval(&row, "item.actual@0|num|unit"), "148件");
    CU_ASSERT_STRING_EQUAL(eval(&row, "item.pre_score"), "131.63");
    CU_ASSERT_STRING_EQUAL(eval(&row, "item.score"), "100.00");
    CU_ASSERT_STRING_EQUAL(eval(&row, "item.index"), "1");
    CU_ASSERT_EQUAL_FATAL(bind_enter(&proj, "indicators", 0, &row), 0);
    CU_ASSERT_STRING_EQUAL(eval(&row, "item.name"), "移住相談件数");   /* the indicators.csv one */
    CU_ASSERT_STRING_EQUAL(eval(&row, "item.score|default:-"), "-");

    /* a row repeated over programs binds program.* by index */
    hy_bind rep = b;
    rep.collection = "programs";
    rep.index = 2;
    CU_ASSERT_STRING_EQUAL(eval(&rep, "program.average"), "86.31");
    CU_ASSERT_STRING_EQUAL(eval(&rep, "program.projects_at_threshold"), "3");

    /* a new project's mark, a given score's mark, an exclusion's reason */
    CU_ASSERT_EQUAL_FATAL(bind_enter(&b, "programs", 0, &prog), 0);
    CU_ASSERT_EQUAL_FATAL(bind_enter(&prog, "projects", 3, &proj), 0);
    CU_ASSERT_STRING_EQUAL(eval(&proj, "project.is_new"), "★");
    CU_ASSERT_EQUAL_FATAL(bind_enter(&proj, "kpis", 0, &row), 0);
    CU_ASSERT_STRING_EQUAL(eval(&row, "item.excluded"), "新規事業（★）");
    CU_ASSERT_STRING_EQUAL(eval(&row, "item.actual@0|num|unit|default:―"), "―");
    CU_ASSERT_EQUAL_FATAL(bind_enter(&prog, "projects", 2, &proj), 0);
    CU_ASSERT_EQUAL_FATAL(bind_enter(&proj, "kpis", 1, &row), 0);
    CU_ASSERT_STRING_EQUAL(eval(&row, "item.actual@0|num|unit"), "未集計");
    CU_ASSERT_STRING_EQUAL(eval(&row, "item.excluded"), "R5実績値なし（未集計）");
    CU_ASSERT_STRING_EQUAL(eval(&proj, "project.is_new"), "");
    CU_ASSERT_EQUAL_FATAL(bind_enter(&b, "programs", 2, &prog), 0);
    CU_ASSERT_EQUAL_FATAL(bind_enter(&prog, "projects", 2, &proj), 0);
    CU_ASSERT_STRING_EQUAL(proj.project->code, "41017");
    CU_ASSERT_EQUAL_FATAL(bind_enter(&proj, "kpis", 0, &row), 0);
    CU_ASSERT_STRING_EQUAL(eval(&row, "item.score_source"), "入力値");
    CU_ASSERT_STRING_EQUAL(eval(&row, "item.score"), "100.00");

    /* without roll-ups (an evaluation sheet) the report roots print nothing */
    hy_bind sheet = {.project = dataset_find(run->dataset, "13052"), .profile = run->profile,
                     .fiscal_year = 2024};
    CU_ASSERT_STRING_EQUAL(eval(&sheet, "report.average|default:-"), "-");
    CU_ASSERT_STRING_EQUAL(eval(&sheet, "program.average|default:-"), "-");
}

static void test_bind_check(void)
{
    char why[512];
    hy_bind_vocabulary voc = {NULL, 0, run->profile};
    CU_ASSERT(bind_check(&voc, "report.coverage", NULL, NULL, NULL, why, sizeof why));
    CU_ASSERT(bind_check(&voc, "program.kpis_at_threshold", NULL, NULL, NULL, why, sizeof why));
    CU_ASSERT(bind_check(&voc, "item.excluded", "kpis", NULL, NULL, why, sizeof why));
    CU_ASSERT(bind_check(&voc, "kpis", "#collection", NULL, NULL, why, sizeof why));
    CU_ASSERT(bind_check(&voc, "programs", "#collection", NULL, NULL, why, sizeof why));
    CU_ASSERT(bind_check(&voc, "kpis", "#section", NULL, NULL, why, sizeof why));
    CU_ASSERT_FALSE(bind_check(&voc, "report.mean", NULL, NULL, NULL, why, sizeof why));
    CU_ASSERT_STRING_EQUAL(why, "report: expected a member: average, coverage, kpis, kpis_counted, "
                           "projects, projects_counted, kpis_at_threshold, projects_at_threshold, "
                           "threshold, clamp_min, clamp_max, eval_year, base_year, target_year, elapsed, "
                           "city, plan");
    CU_ASSERT_FALSE(bind_check(&voc, "item.name", "programs", NULL, NULL, why, sizeof why));
    CU_ASSERT_STRING_EQUAL(why, "inside a repeat over programs, write program.MEMBER");
    /* when= inside a section over kpis may name the item */
    static const char TPL[] =
        "font gothic ipaexg.ttf\n"
        "section projects\n"
        "  section kpis\n"
        "    text w=100 h=auto when=item.target_note \"{item.target_note}\"\n"
        "  end\n"
        "end\n";
    hy_template *t = NULL;
    hy_err err;
    CU_ASSERT_EQUAL(template_parse("k.tpl", TPL, bind_check, &voc, &t, &err), HY_OK);
    template_free(t);
}

/* ---- the report template, laid out ----------------------------------------------- */

static size_t count_text(const hy_drawing *d, size_t page, const char *text)
{
    size_t n = 0;
    for (size_t i = 0; i < d->pages[page].nitems; i++) {
        const hy_draw_item *it = &d->pages[page].items[i];
        n += it->kind == HY_DRAW_TEXT && !strcmp(it->text, text);
    }
    return n;
}

static void test_report_template(void)
{
    size_t nkeys = 0;
    const char *keys[128];
    nkeys = columns_keys(run->columns, HY_TABLE_PROJECTS, keys, 64);
    nkeys += columns_keys(run->columns, HY_TABLE_KPI, keys + nkeys, 64);
    hy_bind_vocabulary voc = {keys, nkeys, run->profile};
    hy_template *t = NULL;
    hy_err err;
    CU_ASSERT_EQUAL_FATAL(template_load(test_src("templates/nemuro/kpi-report.tpl"), bind_check, &voc,
                                        &t, &err), HY_OK);
    hy_fontset *fonts = fontset_new();
    CU_ASSERT_EQUAL_FATAL(layout_load_fonts(t, fonts, &err), HY_OK);
    hy_drawing *d = drawing_new();
    hy_diags *warn = diags_new();
    hy_bind b = {.dataset = run->dataset, .rollup = ru, .profile = run->profile,
                 .fiscal_year = ru->years.eval};
    CU_ASSERT_EQUAL_FATAL(layout_sheet(t, fonts, &b, d, warn, &err), HY_OK);
    CU_ASSERT_EQUAL(warn->count, 0);
    CU_ASSERT(d->npages >= 3);
    /* the summary on page 1 */
    CU_ASSERT_EQUAL(count_text(d, 0, "81.39"), 1);
    CU_ASSERT_EQUAL(count_text(d, 0, "（集計対象 9事業[13KPI]／全 11事業[16KPI]）"), 1);
    CU_ASSERT_EQUAL(count_text(d, 0, "56.61"), 1);
    /* every KPI table's header row: 11 projects, on whichever pages they fall */
    size_t heads = 0;
    for (size_t pg = 0; pg < d->npages; pg++)
        heads += count_text(d, pg, "施策KPI");
    CU_ASSERT_EQUAL(heads, 11);
    /* the footer numbers every page */
    for (size_t pg = 0; pg < d->npages; pg++) {
        char footer[32];
        snprintf(footer, sizeof footer, "－ %zu －", pg + 1);
        CU_ASSERT_EQUAL(count_text(d, pg, footer), 1);
    }
    drawing_free(d);
    diags_free(warn);
    fontset_free(fonts);
    template_free(t);
}

/* The evaluation year is the one most evaluated projects carry, not the first
 * project's; a KPI-only project does not vote. */
static void test_eval_year(void)
{
    CU_ASSERT_EQUAL(ru->fiscal_year, 2024);   /* every sample sheet is 令和6年度 */
    hy_project p[5] = {
        {.code = "A", .name = "A", .fiscal_year = 2023},
        {.code = "B", .name = "B", .fiscal_year = 2024},
        {.code = "C", .name = "C", .fiscal_year = 2024},
        {.code = "D", .name = "D", .fiscal_year = 2022, .kpi_only = 1},
        {.code = "E", .name = "E", .fiscal_year = 2022, .kpi_only = 1},
    };
    hy_dataset *ds = dataset_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(ds);
    ds->projects = p;
    ds->nprojects = 5;
    CU_ASSERT_EQUAL(rollup_eval_year(ds, run->profile), 2024);
    /* a tie goes to the later year */
    ds->nprojects = 2;
    CU_ASSERT_EQUAL(rollup_eval_year(ds, run->profile), 2024);
    p[1].fiscal_year = 2021;
    CU_ASSERT_EQUAL(rollup_eval_year(ds, run->profile), 2023);
    /* no project carries one, no KPI either: nothing says */
    p[0].fiscal_year = p[1].fiscal_year = 0;
    CU_ASSERT_EQUAL(rollup_eval_year(ds, run->profile), 0);
    ds->projects = NULL;
    ds->nprojects = 0;
    dataset_free(ds);
}

int main(void)
{
    char input[4096], templates[4096];
    snprintf(input, sizeof input, "%s", test_src("input"));
    snprintf(templates, sizeof templates, "%s", test_src("templates"));
    hy_run_opts opts = {.input = input, .templates_dir = templates, .epoch = -1};
    hy_err err;
    if (pipeline_load(&opts, &run, &err) != HY_OK || run->diags->errors || run->diags->warnings ||
        rollup_build(run->dataset, run->profile, &ru, &err) != HY_OK) {
        fprintf(stderr, "cannot load input/: %s\n", err.msg);
        return 1;
    }
    static const hy_test tests[] = {
        {"sample: averages, coverage and threshold counts", test_sample_scores},
        {"sample: KPI rows join projects or make KPI-only ones", test_kpi_rows_join_projects},
        {"sample: cost sums, directions", test_sample_costs_and_directions},
        {"the mean of KPI rows, not of means; grades; rounding", test_mean_of_rows_not_of_means},
        {"report.*, program.*, kpis and the report's years", test_bind_roots},
        {"bind_check knows the report's roots", test_bind_check},
        {"the evaluation year is the data set's", test_eval_year},
        {"the groups' project lists are kept in the data set's arena", test_project_lists_in_the_dataset},
        {"the Nemuro KPI report template lays out", test_report_template},
        {NULL, NULL},
    };
    int rc = test_main("rollup", tests);
    rollup_free(ru);
    pipeline_free(run);
    return rc;
}
