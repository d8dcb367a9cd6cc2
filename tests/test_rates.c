/* tests for compute/indicators and the rates a template prints: 達成率 and 進捗
 * (Asahikawa, Saitama), 割合 (Saitama), and no float drift in any of them */
#include <stdio.h>
#include <string.h>

#include "compute/costs.h"
#include "compute/indicators.h"
#include "ingest/ingest.h"
#include "normalize/records.h"
#include "template/bind.h"
#include "testutil.h"

static hy_profile *pf;
static hy_columns *cols;

/* The data set of some sheets, read and computed as the pipeline does. */
static hy_dataset *load(hy_book **books, size_t n)
{
    hy_err err;
    hy_dataset *ds = dataset_new();
    hy_diags *d = diags_new();
    CU_ASSERT_EQUAL(records_build(books, n, cols, pf, ds, d, &err), HY_OK);
    compute_costs(ds, pf, d);
    indicators_compute(ds, 0);
    CU_ASSERT_EQUAL(d->errors, 0);
    if (d->errors)
        diags_print(d, stderr);
    diags_free(d);
    for (size_t i = 0; i < n; i++)
        book_free(books[i]);
    return ds;
}

static const char *eval(const hy_project *p, const char *collection, size_t index, const char *expr)
{
    static hy_buf out;
    hy_bind b = {.project = p, .profile = pf, .fiscal_year = p->fiscal_year,
                 .collection = collection, .index = index};
    buf_reset(&out);
    CU_ASSERT_EQUAL(bind_eval(&b, expr, &out), 0);
    return buf_str(&out);
}

/* ---- Asahikawa (seed 002): 達成率 and 進捗 ---------------------------------- */

static const char *const ASAHIKAWA_PROJECTS[] = {
    "事業コード", "事業名", "評価年度",
    "12 11 01", "広域行政推進事業", "R3",
};

static const char *const ASAHIKAWA_OUTCOMES[] = {
    "事業コード", "指標区分", "指標名", "単位", "基準値", "実績値(R2)", "実績値(R3)", "目標値(R5)",
    "12 11 01", "施策のアウトカム", "上川中部定住自立圏構想の推進に向けた会議の開催回数", "回", "5", "8", "7", "9",
    "12 11 01", "施策のアウトカム", "道北地域予防実務研修受入延べ日数", "日", "126", "95", "48", "126",
    "12 11 01", "基本政策のアウトカム", "上川中部定住自立圏形成協定に基づく取組数", "-", "152", "161", "189", "166",
    "12 11 01", "基本政策のアウトカム", "北北海道の自治体との連携による取組数", "-", "26", "41", "41", "41",
};

/* インプット as the seed prints it, 一般財源 left for hyoka to derive */
static const char *const ASAHIKAWA_INPUT[] = {
    "（単位：千円）", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    "事業コード", "年度", "区分", "事業費", "国", "北海道", "市債", "交付税措置(%)", "その他", "一般財源", "正職員", "会計年度任用職員",
    "12 11 01", "R2", "決算", "115", "0", "0", "0", "0", "0", NULL, "1", "0",
    "12 11 01", "R3", "当初予算", "301", "0", "0", "0", "0", "0", NULL, NULL, NULL,
    "12 11 01", "R3", "決算見込", "404", "0", "0", "0", "0", "0", NULL, NULL, NULL,
    "12 11 01", "R4", "当初予算", "210", "0", "0", "0", "0", "0", NULL, NULL, NULL,
};

static void test_asahikawa(void)
{
    hy_book *books[3] = {test_book("asahikawa/projects.csv", ASAHIKAWA_PROJECTS, 2, 3),
                         test_book("asahikawa/outcomes.csv", ASAHIKAWA_OUTCOMES, 5, 8),
                         test_book("asahikawa/input.csv", ASAHIKAWA_INPUT, 6, 12)};
    hy_dataset *ds = load(books, 3);
    const hy_project *p = dataset_find(ds, "12 11 01");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL_FATAL(p->nindicators, 4);
    /* 達成率 = R3 actual / target, one decimal, half up */
    CU_ASSERT_STRING_EQUAL(eval(p, "indicators", 0, "item.achievement"), "77.8%");
    CU_ASSERT_STRING_EQUAL(eval(p, "indicators", 1, "item.achievement"), "38.1%");
    CU_ASSERT_EQUAL(p->indicators[0].achievement.mantissa, 778);
    CU_ASSERT_EQUAL(p->indicators[0].achievement.scale, 1);
    /* 進捗 */
    CU_ASSERT_STRING_EQUAL(eval(p, "indicators", 0, "item.achieved"), "未達成");
    CU_ASSERT_STRING_EQUAL(eval(p, "indicators", 1, "item.achieved"), "未達成");
    CU_ASSERT_STRING_EQUAL(eval(p, "indicators", 2, "item.achieved"), "達成");   /* 189 >= 166 */
    CU_ASSERT_STRING_EQUAL(eval(p, "indicators", 3, "item.achieved"), "達成");   /* 41 >= 41 */
    CU_ASSERT_STRING_EQUAL(eval(p, "indicators", 2, "item.achievement"), "113.9%");
    CU_ASSERT_STRING_EQUAL(eval(p, "indicators", 3, "item.achievement"), "100.0%");
    /* 一般財源 = 事業費 − (国 + 北海道 + 市債 + その他): 115, 301, 404, 210; the
     * 交付税措置 rate is not money and is not subtracted */
    CU_ASSERT_STRING_EQUAL(eval(p, NULL, 0, "cost@-1:決算.general|money"), "115");
    CU_ASSERT_STRING_EQUAL(eval(p, NULL, 0, "cost@0:当初予算.general|money"), "301");
    CU_ASSERT_STRING_EQUAL(eval(p, NULL, 0, "cost@0:決算見込.general|money"), "404");
    CU_ASSERT_STRING_EQUAL(eval(p, NULL, 0, "cost@1:当初予算.general|money"), "210");
    CU_ASSERT(project_cost(p, 2022, HY_STAGE_INITIAL_BUDGET)->general_derived);
    CU_ASSERT_STRING_EQUAL(eval(p, NULL, 0, "cost@-1:決算.staff_cost|money"), "7,262");
    dataset_free(ds);
}

/* ---- Saitama (seed 003): 割合 and 達成率 ----------------------------------- */

static const char *const SAITAMA_PROJECTS[] = {
    "事業コード", "事業名", "評価年度",
    "8101", "新たな情報発信媒体を活用した効果的な広報の推進", "平成30年度",
    "8203", "企業との連携・協定による公共的サービスの充実", "平成30年度",
};

static const char *const SAITAMA_COSTS[] = {
    "平成30年度事業費 （単位：円）", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    "事業コード", "年度", "区分", "事業費", "一般財源", "国庫支出金", "地方債", "その他特定財源",
    "8101", "H30", "当初予算", "2,131,000", "2,131,000", "0", "0", "0",
    "8101", "H30", "決算", "1,728,120", "1,728,120", "0", "0", "0",
    "8203", "H30", "当初予算", "0", "0", "0", "0", "0",
};

static const char *const SAITAMA_TARGETS[] = {
    "事業コード", "指標名", "単位", "H30実績値", "目標値(H30)",
    "8101", "SNS等の登録件数", "件", "77,475件", "80,000件",
};

static void test_saitama(void)
{
    hy_book *books[3] = {test_book("saitama/projects.csv", SAITAMA_PROJECTS, 3, 3),
                         test_book("saitama/costs.csv", SAITAMA_COSTS, 5, 8),
                         test_book("saitama/targets.csv", SAITAMA_TARGETS, 2, 5)};
    hy_dataset *ds = load(books, 3);
    const hy_project *p = dataset_find(ds, "8101");
    const hy_project *q = dataset_find(ds, "8203");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_PTR_NOT_NULL_FATAL(q);
    /* the seed prints 100% for the whole and 0.0% for a zero share */
    CU_ASSERT_STRING_EQUAL(eval(p, NULL, 0, "cost@0:当初予算.general_share|pct:0"), "100%");
    CU_ASSERT_STRING_EQUAL(eval(p, NULL, 0, "cost@0:当初予算.national_share"), "0.0%");
    CU_ASSERT_STRING_EQUAL(eval(p, NULL, 0, "cost@0:決算.general_share"), "100.0%");
    CU_ASSERT_STRING_EQUAL(eval(p, NULL, 0, "cost@0:決算.bonds_share"), "0.0%");
    CU_ASSERT_STRING_EQUAL(eval(p, NULL, 0, "cost@0:当初予算.general|yen"), "2,131,000");
    /* 事業② is all zeros: 0/0 prints 0.0% */
    CU_ASSERT_STRING_EQUAL(eval(q, NULL, 0, "cost@0:当初予算.general_share"), "0.0%");
    CU_ASSERT_STRING_EQUAL(eval(q, NULL, 0, "cost@0:当初予算.other_share"), "0.0%");
    /* ... and with the profile's `share_whole = short` (Saitama's), with no formatter
     * in the template: 100% whole, 0.0% for zero and 0/0; a formatter still decides */
    pf->share_whole_short = 1;
    CU_ASSERT_STRING_EQUAL(eval(p, NULL, 0, "cost@0:決算.general_share"), "100%");
    CU_ASSERT_STRING_EQUAL(eval(p, NULL, 0, "cost@0:決算.bonds_share"), "0.0%");
    CU_ASSERT_STRING_EQUAL(eval(q, NULL, 0, "cost@0:当初予算.general_share"), "0.0%");
    CU_ASSERT_STRING_EQUAL(eval(p, NULL, 0, "cost@0:決算.general_share|pct:1"), "100.0%");
    pf->share_decimals = 2;
    CU_ASSERT_STRING_EQUAL(eval(p, NULL, 0, "cost@0:決算.bonds_share"), "0.00%");
    pf->share_decimals = 1;
    pf->share_whole_short = 0;
    /* the cited 達成度: 77,475 / 80,000 = 96.8% */
    CU_ASSERT_STRING_EQUAL(eval(p, "indicators", 0, "item.achievement"), "96.8%");
    CU_ASSERT_STRING_EQUAL(eval(p, "indicators", 0, "item.achieved"), "未達成");
    dataset_free(ds);
}

/* ---- directions, which actual, zero divisors -------------------------------- */

static hy_indicator indicator(hy_trend trend, hy_num base, hy_num target, hy_value *v, size_t nv)
{
    hy_indicator ind;
    memset(&ind, 0, sizeof ind);
    ind.trend = trend;
    ind.baseline = base;
    ind.target = target;
    ind.values = v;
    ind.nvalues = nv;
    return ind;
}

static void test_directions_and_actuals(void)
{
    char s[32];
    /* 減少: target / actual, 達成 at or below the target */
    hy_num r = indicators_rate(num_of(220, 0), num_of(180, 0), HY_TREND_DECREASE);
    num_format(r, -1, 0, HY_ROUND_HALF_UP, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "81.8");
    CU_ASSERT_EQUAL(indicators_reached(num_of(220, 0), num_of(180, 0), HY_TREND_DECREASE), 0);
    CU_ASSERT_EQUAL(indicators_reached(num_of(180, 0), num_of(180, 0), HY_TREND_DECREASE), 1);
    /* 維持: at least the level to keep */
    CU_ASSERT_EQUAL(indicators_reached(num_of(90, 0), num_of(90, 0), HY_TREND_MAINTAIN), 1);
    CU_ASSERT_EQUAL(indicators_reached(num_of(89, 0), num_of(90, 0), HY_TREND_MAINTAIN), 0);
    r = indicators_rate(num_of(899, 1), num_of(90, 0), HY_TREND_MAINTAIN);
    num_format(r, -1, 0, HY_ROUND_HALF_UP, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "99.9");
    /* a zero divisor: no rate (not 0.0%), but 進捗 is decided */
    CU_ASSERT_FALSE(indicators_rate(num_of(3, 0), num_of(0, 0), HY_TREND_INCREASE).known);
    CU_ASSERT_EQUAL(indicators_reached(num_of(3, 0), num_of(0, 0), HY_TREND_INCREASE), 1);
    CU_ASSERT_FALSE(indicators_rate(num_of(0, 0), num_of(0, 0), HY_TREND_DECREASE).known);
    CU_ASSERT_EQUAL(indicators_reached(num_of(0, 0), num_of(0, 0), HY_TREND_DECREASE), 1);
    /* a blank is not decidable */
    CU_ASSERT_EQUAL(indicators_reached(num_null(), num_of(1, 0), HY_TREND_INCREASE), -1);

    /* the default 増加 with a target below its baseline is judged as 減少 */
    hy_indicator falling = indicator(HY_TREND_INCREASE, num_of(213, 0), num_of(180, 0), NULL, 0);
    CU_ASSERT_EQUAL(indicators_trend(&falling), HY_TREND_DECREASE);
    hy_indicator flat = indicator(HY_TREND_INCREASE, num_of(126, 0), num_of(126, 0), NULL, 0);
    CU_ASSERT_EQUAL(indicators_trend(&flat), HY_TREND_INCREASE);

    /* which actual: the evaluation year's, else the latest known one before it */
    hy_value v[4] = {
        {2020, HY_VALUE_ACTUAL, num_of(8, 0), "8", {0}, NULL},
        {2021, HY_VALUE_ACTUAL, num_null(), "未集計", {0}, NULL},
        {2021, HY_VALUE_PLAN, num_of(9, 0), "9", {0}, NULL},
        {2022, HY_VALUE_ACTUAL, num_of(12, 0), "12", {0}, NULL},
    };
    hy_indicator ind = indicator(HY_TREND_INCREASE, num_null(), num_of(10, 0), v, 4);
    CU_ASSERT_PTR_EQUAL(indicators_actual(&ind, 2022), &v[3]);
    CU_ASSERT_PTR_EQUAL(indicators_actual(&ind, 2021), &v[0]);   /* 未集計 and a plan skipped */
    CU_ASSERT_PTR_NULL(indicators_actual(&ind, 2019));
    CU_ASSERT_PTR_EQUAL(indicators_actual(&ind, 0), &v[3]);      /* no year: the latest */
}

/* ---- no float drift ------------------------------------------------------------ */

static void test_no_float_drift(void)
{
    /* every rate of two-decimal figures 0.01 .. 1.00 prints exactly one decimal, equal
     * to the integer computation, with no binary residue such as 0.30000000000000004 */
    char s[64], want[64];
    size_t checked = 0;
    for (int64_t a = 1; a <= 100; a++)
        for (int64_t t = 1; t <= 100; t++) {
            hy_num r = indicators_rate(num_of(a, 2), num_of(t, 2), HY_TREND_INCREASE);
            num_format(r, -1, 0, HY_ROUND_HALF_UP, s, sizeof s);
            int64_t tenths = (a * 1000 * 2 + t) / (2 * t);    /* half up, positive */
            snprintf(want, sizeof want, "%lld.%lld", (long long)(tenths / 10), (long long)(tenths % 10));
            const char *dot = strchr(s, '.');
            if (strcmp(s, want) != 0 || !dot || strlen(dot) != 2) {
                CU_FAIL("a rate printed wrongly");
                fprintf(stderr, "%lld/%lld: %s, expected %s\n", (long long)a, (long long)t, s, want);
            }
            checked++;
        }
    CU_ASSERT_EQUAL(checked, 10000);
    /* 0.1 + 0.2 人工 is 0.30, and a cost share of 0.1 + 0.2 of 0.3 is 100.0% */
    hy_cost c;
    memset(&c, 0, sizeof c);
    c.fiscal_year = 2024;
    c.staff = num_of(1, 1);
    c.part_time_staff = num_of(2, 1);
    c.total = amount_of(300);
    c.source[HY_SRC_NATIONAL] = amount_of(100);
    c.source[HY_SRC_OTHER] = amount_of(200);
    hy_project p = {.code = "X", .name = "X", .fiscal_year = 2024, .costs = &c, .ncosts = 1};
    CU_ASSERT_STRING_EQUAL(eval(&p, NULL, 0, "cost@0.staff_total|num"), "0.30");
    CU_ASSERT_STRING_EQUAL(eval(&p, NULL, 0, "cost@0.specific_share"), "100.0%");
    CU_ASSERT_STRING_EQUAL(eval(&p, NULL, 0, "cost@0.national_share|pct:2"), "33.33%");
    /* 0.3 / 0.1 as an achievement */
    hy_num r = indicators_rate(num_of(3, 1), num_of(1, 1), HY_TREND_INCREASE);
    num_format(r, -1, 0, HY_ROUND_HALF_UP, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "300.0");
}

int main(void)
{
    hy_err err;
    profile_load(test_src("templates"), "nemuro", &pf, &err);
    columns_load(test_src("templates/columns.conf"), &cols, &err);
    static const hy_test tests[] = {
        {"Asahikawa: 一般財源 115/301/404/210, 77.8%, 38.1%, 達成", test_asahikawa},
        {"Saitama: 割合 100% / 0.0%, 達成度 96.8%", test_saitama},
        {"directions, which actual, zero divisors", test_directions_and_actuals},
        {"no float drift in any printed rate", test_no_float_drift},
        {NULL, NULL},
    };
    int rc = test_main("rates", tests);
    profile_free(pf);
    columns_free(cols);
    return rc;
}
