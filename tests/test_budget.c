/* 前年度比較 and 予算反映 on two fixture years (tests/fixtures/budget, made by its
 * make_fixtures.py, which prints the totals asserted here). */
#include <string.h>

#include "cli/pipeline.h"
#include "compute/budget.h"
#include "compute/compare.h"
#include "model/verdict.h"
#include "testutil.h"

static hy_run *load(int with_previous)
{
    static char cur[1024], prev[1024], tpl[1024];
    snprintf(cur, sizeof cur, "%s", test_src("tests/fixtures/budget/cur"));
    snprintf(prev, sizeof prev, "%s", test_src("tests/fixtures/budget/prev"));
    snprintf(tpl, sizeof tpl, "%s", test_src("tests/fixtures/budget/templates"));
    hy_run_opts o = {.input = cur, .templates_dir = tpl, .epoch = -1, .quiet = 1};
    if (with_previous)
        o.previous = prev;
    hy_run *run = NULL;
    hy_err err;
    err_clear(&err);
    int rc = pipeline_load(&o, &run, &err);
    CU_ASSERT_EQUAL(rc, HY_OK);
    if (rc != HY_OK)
        fprintf(stderr, "%s\n", err.msg);
    return run;
}

static const hy_budget_row *row_of(const hy_budget_link *l, const char *code)
{
    for (size_t i = 0; i < l->nrows; i++)
        if (!strcmp(l->rows[i].project->code, code))
            return &l->rows[i];
    return NULL;
}

static int has_diag(const hy_diags *d, const char *needle)
{
    for (size_t i = 0; i < d->count; i++)
        if (strstr(d->items[i].message, needle))
            return 1;
    return 0;
}

static void test_verdict_words(void)
{
    CU_ASSERT_EQUAL(verdict_of_text("拡充"), HY_VERDICT_EXPAND);
    CU_ASSERT_EQUAL(verdict_of_text("１　現状維持"), HY_VERDICT_KEEP);
    CU_ASSERT_EQUAL(verdict_of_text("２　改革改善（縮小・統合含む）"), HY_VERDICT_IMPROVE);
    CU_ASSERT_EQUAL(verdict_of_text("３　終了・廃止・休止"), HY_VERDICT_ABOLISH);
    CU_ASSERT_EQUAL(verdict_of_text("縮小"), HY_VERDICT_REDUCE);
    CU_ASSERT_EQUAL(verdict_of_text("他事業と統合"), HY_VERDICT_MERGE);
    CU_ASSERT_EQUAL(verdict_of_text("着手を延期する"), HY_VERDICT_ABOLISH);
    CU_ASSERT_EQUAL(verdict_of_text("計画どおり着手が適当"), HY_VERDICT_KEEP);
    CU_ASSERT_EQUAL(verdict_of_text("ニーズはある"), HY_VERDICT_UNKNOWN);
    CU_ASSERT_EQUAL(verdict_of_text(NULL), HY_VERDICT_UNKNOWN);
    CU_ASSERT_STRING_EQUAL(verdict_label(HY_VERDICT_ABOLISH), "休止・廃止");
}

static void test_flags(void)
{
    hy_run *run = load(0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(run);
    const hy_budget_link *l = run->budget;
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(l->fiscal_year, 2024);
    CU_ASSERT_EQUAL(l->nrows, 32);
    CU_ASSERT_EQUAL(l->nrequests, 30);
    CU_ASSERT_EQUAL(l->nflagged, 6);
    char words[128];
    static const struct { const char *code; unsigned flags; long long budget, request; } CASES[] = {
        {"B006", HY_BUDGET_DOWN_AGAINST_EXPAND, 1222000, 80000},
        {"B009", HY_BUDGET_UP_AGAINST_CUT, 1333000, 1453000},
        {"B012", HY_BUDGET_DOWN_AGAINST_EXPAND, 1444000, 1404000},
        {"B015", HY_BUDGET_UP_AGAINST_CUT, 1555000, 1610000},
        {"B017", HY_BUDGET_REQUEST_AFTER_ABOLISH, 1629000, 300000},
        {"B024", HY_BUDGET_DOWN_AGAINST_EXPAND, 1888000, 1878000},
        {"B001", 0, 1037000, 1037000},      /* 現状維持, same */
        {"B005", 0, 1185000, 0},            /* 廃止, nothing requested */
        {"B018", 0, 1666000, 1766000},      /* 拡充, more */
        {"B021", 0, 1777000, 1577000},      /* 縮小, less */
        {"B010", 0, 1370000, 1320000},      /* from the 予算要求額 column */
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const hy_budget_row *r = row_of(l, CASES[i].code);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        CU_ASSERT_EQUAL(r->flags, CASES[i].flags);
        CU_ASSERT_EQUAL(r->budget.yen, CASES[i].budget);
        CU_ASSERT_EQUAL(r->request.yen, CASES[i].request);
        CU_ASSERT_EQUAL(r->change.yen, CASES[i].request - CASES[i].budget);
    }
    CU_ASSERT_FALSE(row_of(l, "B003")->request.known);
    CU_ASSERT_FALSE(row_of(l, "B003")->change.known);
    CU_ASSERT_STRING_EQUAL(budget_flag_text(HY_BUDGET_UP_AGAINST_CUT | HY_BUDGET_REQUEST_AFTER_ABOLISH,
                                            words, sizeof words),
                           "縮小・廃止なのに増額・廃止なのに予算要求");
    CU_ASSERT(has_diag(run->diags, "B009 評価事業09: the request moves against the verdict 縮小 "
                                   "(縮小・廃止なのに増額): budget 1,333千円, request 1,453千円"));
    CU_ASSERT(has_diag(run->diags, "予算要求額 of B011 is 1,000円 here but 0円 in the costs table"));
    pipeline_free(run);
}

/* The totals by verdict, to the yen, as make_fixtures.py computes them. */
static void test_totals(void)
{
    hy_run *run = load(0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(run);
    const hy_budget_link *l = run->budget;
    static const struct { hy_verdict v; size_t n; long long budget, request, change; } T[] = {
        {HY_VERDICT_EXPAND, 5, 8330000, 7338000, -992000},
        {HY_VERDICT_KEEP, 6, 8655000, 8655000, 0},
        {HY_VERDICT_IMPROVE, 6, 9774000, 9654000, -120000},
        {HY_VERDICT_REDUCE, 5, 7775000, 4640000, -25000},
        {HY_VERDICT_MERGE, 5, 7960000, 7710000, -250000},
        {HY_VERDICT_ABOLISH, 5, 8145000, 300000, -7845000},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        const hy_verdict_total *t = &l->totals[T[i].v];
        CU_ASSERT_EQUAL(t->projects, T[i].n);
        CU_ASSERT_EQUAL(t->budget.yen, T[i].budget);
        CU_ASSERT_EQUAL(t->request.yen, T[i].request);
        CU_ASSERT_EQUAL(t->change.yen, T[i].change);
    }
    CU_ASSERT_EQUAL(l->released.yen, 7870000);
    CU_ASSERT_EQUAL(l->expanded.yen, -992000);
    CU_ASSERT_EQUAL(l->all.projects, 32);
    CU_ASSERT_EQUAL(l->all.budget.yen, 50639000);
    pipeline_free(run);
}

static void test_comparison(void)
{
    hy_run *run = load(1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(run);
    const hy_comparison *c = run->comparison;
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(c->fiscal_year, 2024);
    CU_ASSERT_EQUAL(c->previous_year, 2023);
    CU_ASSERT_EQUAL(c->ncontinued, 28);
    CU_ASSERT_EQUAL(c->nnew, 4);       /* B029, B030, B032 and B031 */
    CU_ASSERT_EQUAL(c->nended, 3);     /* E901, E902 and X950 */
    CU_ASSERT_EQUAL(c->nrenamed, 1);
    const hy_compare_row *r = compare_find(c, "B001");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->status, HY_COMPARE_CONTINUED);
    CU_ASSERT_EQUAL(r->last.total.yen, 979000);       /* R5 当初予算 as published */
    CU_ASSERT_EQUAL(r->now.total.yen, 1037000);       /* R6 当初予算 */
    CU_ASSERT_EQUAL(r->total_change.yen, 58000);
    CU_ASSERT_EQUAL(r->total_rate.mantissa, 59);      /* 5.9% */
    CU_ASSERT_EQUAL(r->total_rate.scale, 1);
    CU_ASSERT_EQUAL(r->last.total_cost.yen, 8979000); /* + 1.0 人工 x 8,000千円 */
    CU_ASSERT_EQUAL(r->now.total_cost.yen, 13037000); /* + 1.5 人工 */
    CU_ASSERT_EQUAL(r->cost_change.yen, 4058000);
    CU_ASSERT_EQUAL(r->staff_change.mantissa, 5);
    CU_ASSERT_STRING_EQUAL(r->last.direction, "改善");
    CU_ASSERT_STRING_EQUAL(r->now.direction, "現状維持");
    r = compare_find(c, "B005");
    CU_ASSERT_TRUE(r->renamed);
    CU_ASSERT_STRING_EQUAL(r->previous->name, "旧名称の事業05");
    r = compare_find(c, "B031");
    CU_ASSERT_EQUAL(r->status, HY_COMPARE_NEW);
    CU_ASSERT_PTR_NULL(r->previous);
    CU_ASSERT(has_diag(run->diags, "B005 was \"旧名称の事業05\" last year and is \"評価事業05\" now"));
    CU_ASSERT(has_diag(run->diags, "B031 コード変更事業 (福祉部) is new this year, but last year's "
                                   "X950 has the same name and department"));
    size_t ended = 0;
    for (size_t i = 0; i < c->nrows; i++)
        if (c->rows[i].status == HY_COMPARE_ENDED) {
            ended++;
            CU_ASSERT_PTR_NULL(c->rows[i].current);
            CU_ASSERT_FALSE(c->rows[i].now.total.known);
        }
    CU_ASSERT_EQUAL(ended, 3);
    pipeline_free(run);
}

int main(void)
{
    static const hy_test tests[] = {
        {"a direction's words give its verdict", test_verdict_words},
        {"requests against the verdict are flagged", test_flags},
        {"totals by verdict to the yen", test_totals},
        {"last year beside this year, matched by code", test_comparison},
        {NULL, NULL},
    };
    return test_main("budget", tests);
}
