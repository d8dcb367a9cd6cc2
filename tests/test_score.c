/* tests for compute/score: the KPI progress score of spec section 6, every
 * branch, from a KPI sheet as a department hands it over */
#include <stdio.h>
#include <string.h>

#include "compute/score.h"
#include "ingest/ingest.h"
#include "normalize/records.h"
#include "testutil.h"

static hy_columns *cols;

/* A profile with the given [score] section. */
static hy_profile *profile_with(const char *score)
{
    char text[512];
    snprintf(text, sizeof text, "city = 甲市\nstaff_unit_cost = 7,262千円\n[score]\n%s", score);
    hy_profile *pf = NULL;
    hy_err err;
    CU_ASSERT_EQUAL(profile_parse("p.conf", ".", "p", text, &pf, &err), HY_OK);
    return pf;
}

/* The sheet of spec section 6 (its two invented rows first), then the checked
 * examples, then one row per branch. The years are in the headers: e = 2/5. */
static const char *const KPI[] = {
    "プロジェクト", "事業番号", "新規(★)", "事業名", "部", "課", "事業概要", "施策KPI", "単位",
    "基準値(H26)", "H27実績値", "H28実績値", "目標値(H31)", "補正前スコア", "スコア", "目標値の考え方",
    /* 2 */ "まちの元気プロジェクト", "7", "", "商店街活性化事業", "産業港湾部", "商業労政課",
    "空き店舗への出店を支援する事業", "新規出店数", "件", "10", "12", "16", "25", "", "", "+3件/年",
    /* 3 */ "まちの元気プロジェクト", "8", "★", "観光案内強化事業", "産業港湾部", "観光振興室",
    "多言語の観光案内を整備する事業", "案内所利用者数", "人", "0", "", "―", "5000", "", "", "H29新規事業",
    /* 4..10: the checked examples, one project */
    "例題", "9", "", "例題事業", "企画部", "企画課", "", "例1", "件", "18", "", "27", "48", "", "", "",
    "例題", "9", "", "例題事業", "企画部", "企画課", "", "例2", "件", "52", "", "78", "100", "", "", "",
    "例題", "9", "", "例題事業", "企画部", "企画課", "", "例3", "件", "213", "", "220", "180", "", "", "",
    "例題", "9", "", "例題事業", "企画部", "企画課", "", "例4", "件", "1,199件", "", "836件", "830件", "", "", "",
    "例題", "9", "", "例題事業", "企画部", "企画課", "", "例5", "件", "498", "", "827", "460", "", "", "",
    "例題", "9", "", "例題事業", "企画部", "企画課", "", "例6", "件", "5", "", "5", "6", "", "", "",
    "例題", "9", "", "例題事業", "企画部", "企画課", "", "例7", "件", "8,299", "", "5,673", "10,000", "", "", "",
    /* 11: no actual yet, a given score: used, marked given */
    "例外", "10", "", "未集計の事業", "企画部", "企画課", "", "未集計で入力あり", "%", "40%", "41%", "未集計", "50%", "55.5", "55.5", "",
    /* 12: no actual, nothing given: not scored */
    "例外", "10", "", "未集計の事業", "企画部", "企画課", "", "未集計で入力なし", "%", "40%", "41%", "未集計", "50%", "", "", "",
    /* 13: T = B (現状維持) with a given score */
    "例外", "11", "", "維持の事業", "企画部", "企画課", "", "維持で入力あり", "件", "120", "125", "130", "120", "80.00", "80", "現状維持",
    /* 14: T = B with nothing given */
    "例外", "11", "", "維持の事業", "企画部", "企画課", "", "維持で入力なし", "件", "120", "125", "130", "120", "", "", "現状維持",
    /* 15: given and computed differ: computed used, a warning */
    "例外", "12", "", "食い違いの事業", "企画部", "企画課", "", "食い違い", "件", "18", "", "27", "48", "75.01", "75.00", "",
    /* 16: blank actual, only スコア given (above the bound: clamped) */
    "例外", "12", "", "食い違いの事業", "企画部", "企画課", "", "スコアのみ", "件", "1", "", "", "9", "", "130", "",
};
enum { KPI_ROWS = 16, KPI_COLS = 16 };

static hy_dataset *load(const hy_profile *pf, hy_diags **diags)
{
    hy_err err;
    if (!cols)
        columns_load(test_src("templates/columns.conf"), &cols, &err);
    hy_book *book = test_book("in/kpi.csv", KPI, KPI_ROWS, KPI_COLS);
    hy_dataset *ds = dataset_new();
    *diags = diags_new();
    CU_ASSERT_EQUAL(records_build(&book, 1, cols, pf, ds, *diags, &err), HY_OK);
    CU_ASSERT_EQUAL((*diags)->count, 0);
    book_free(book);
    return ds;
}

static const hy_indicator *kpi(const hy_dataset *ds, const char *name)
{
    for (size_t i = 0; i < ds->nprojects; i++)
        for (size_t k = 0; k < ds->projects[i].nindicators; k++)
            if (!strcmp(ds->projects[i].indicators[k].name, name))
                return &ds->projects[i].indicators[k];
    CU_FAIL("no such KPI");
    return NULL;
}

static const char *fmt(hy_num n)
{
    static char buf[4][32];
    static int i;
    i = (i + 1) % 4;
    num_format(n, 2, 0, HY_ROUND_HALF_UP, buf[i], sizeof buf[i]);
    return n.known ? buf[i] : "(null)";
}

#define SCORE(kpi_name, pre_text, score_text, source)                                     \
    do {                                                                                 \
        const hy_indicator *ind_ = kpi(ds, kpi_name);                                    \
        CU_ASSERT_PTR_NOT_NULL_FATAL(ind_);                                              \
        CU_ASSERT_STRING_EQUAL(fmt(ind_->pre_score), pre_text);                          \
        CU_ASSERT_STRING_EQUAL(fmt(ind_->score), score_text);                            \
        CU_ASSERT_EQUAL(ind_->score_source, source);                                     \
    } while (0)

#define EXCLUDED(kpi_name, why)                                                          \
    do {                                                                                 \
        const hy_indicator *ind_ = kpi(ds, kpi_name);                                    \
        CU_ASSERT_PTR_NOT_NULL_FATAL(ind_);                                              \
        CU_ASSERT_PTR_NOT_NULL_FATAL(ind_->excluded_reason);                             \
        CU_ASSERT_STRING_EQUAL(ind_->excluded_reason, why);                              \
        CU_ASSERT_FALSE(score_counted(ind_));                                            \
    } while (0)

static void test_years_from_headers(void)
{
    hy_profile *pf = profile_with("threshold = 80\n");
    hy_diags *d;
    hy_dataset *ds = load(pf, &d);
    hy_score_years y;
    score_years(ds, pf, &y);
    CU_ASSERT_EQUAL(y.eval, 2016);     /* H28: the latest year with a known actual */
    CU_ASSERT_EQUAL(y.base, 2014);     /* H26 */
    CU_ASSERT_EQUAL(y.target, 2019);   /* H31 */
    CU_ASSERT_EQUAL(y.elapsed_num, 2);
    CU_ASSERT_EQUAL(y.elapsed_den, 5);
    /* the profile's years win over the headers */
    hy_profile *pf2 = profile_with("evaluation_year = H29\nbaseline_year = H26\n");
    score_years(ds, pf2, &y);
    CU_ASSERT_EQUAL(y.eval, 2017);
    CU_ASSERT_EQUAL(y.elapsed_num, 3);
    CU_ASSERT_EQUAL(y.elapsed_den, 5);
    dataset_free(ds);
    diags_free(d);
    profile_free(pf);
    profile_free(pf2);
}

static void test_checked_examples(void)
{
    hy_profile *pf = profile_with("threshold = 80\n");
    hy_diags *d;
    hy_dataset *ds = load(pf, &d);
    hy_score_years y;
    score_years(ds, pf, &y);
    CU_ASSERT_EQUAL(score_all(ds, pf, &y, d), 0);
    /* spec section 6, e = 2/5 */
    SCORE("例1", "75.00", "75.00", HY_SCORE_COMPUTED);
    SCORE("例2", "135.42", "100.00", HY_SCORE_COMPUTED);
    SCORE("例3", "-21.21", "-21.21", HY_SCORE_COMPUTED);
    SCORE("例4", "245.93", "100.00", HY_SCORE_COMPUTED);
    SCORE("例5", "-865.79", "-100.00", HY_SCORE_COMPUTED);
    SCORE("例6", "0.00", "0.00", HY_SCORE_COMPUTED);
    SCORE("例7", "-154.38", "-100.00", HY_SCORE_COMPUTED);
    /* the spec's invented row: (16 - 10) / (25 - 10) = 2/5 = e */
    SCORE("新規出店数", "100.00", "100.00", HY_SCORE_COMPUTED);
    for (const char *const *n = (const char *const[]){"例1", "例2", "例3", "例4", "例5", "例6", "例7", NULL}; *n; n++)
        CU_ASSERT(score_counted(kpi(ds, *n)));
    /* the computed scores are stored at two decimals */
    CU_ASSERT_EQUAL(kpi(ds, "例2")->pre_score.mantissa, 13542);
    CU_ASSERT_EQUAL(kpi(ds, "例2")->pre_score.scale, 2);
    dataset_free(ds);
    diags_free(d);
    profile_free(pf);
}

static void test_undefined_given_and_excluded(void)
{
    hy_profile *pf = profile_with("threshold = 80\n");
    hy_diags *d;
    hy_dataset *ds = load(pf, &d);
    hy_score_years y;
    score_years(ds, pf, &y);
    CU_ASSERT_EQUAL(score_all(ds, pf, &y, d), 0);
    /* no actual of the evaluation year: the given score, marked as given */
    SCORE("未集計で入力あり", "55.50", "55.50", HY_SCORE_GIVEN);
    CU_ASSERT(score_counted(kpi(ds, "未集計で入力あり")));
    SCORE("未集計で入力なし", "(null)", "(null)", HY_SCORE_NONE);
    EXCLUDED("未集計で入力なし", "H28実績値なし（未集計）");
    /* T = B */
    SCORE("維持で入力あり", "80.00", "80.00", HY_SCORE_GIVEN);
    SCORE("維持で入力なし", "(null)", "(null)", HY_SCORE_NONE);
    EXCLUDED("維持で入力なし", "目標値が基準値と同じ（スコア算定不可）");
    /* only スコア given, above the clamp: clamped, 補正前 left blank */
    SCORE("スコアのみ", "(null)", "100.00", HY_SCORE_GIVEN);
    /* a new project (★) is shown but not counted */
    EXCLUDED("案内所利用者数", "新規事業（★）");
    /* given and computed differ: the computed one stands, one warning per figure */
    SCORE("食い違い", "75.00", "75.00", HY_SCORE_COMPUTED);
    CU_ASSERT_EQUAL_FATAL(d->count, 1);
    CU_ASSERT_EQUAL(d->items[0].severity, DIAG_WARNING);
    char where[256];
    diag_format_loc(&d->items[0].loc, where, sizeof where);
    CU_ASSERT_STRING_EQUAL(where, "in/kpi.csv:15");
    CU_ASSERT_STRING_EQUAL(d->items[0].message,
                           "project 12, KPI 食い違い: the given 補正前スコア 75.01 differs from the "
                           "computed 75.00; the report prints the given 75.01 marked ※ with the "
                           "computed one in its note, and the averages use the computed one");
    dataset_free(ds);
    diags_free(d);
    profile_free(pf);
}

static void test_profile_bounds_and_years(void)
{
    hy_diags *d;
    /* wider bounds: 135.42 stays, 245.93 stops at 150 */
    hy_profile *pf = profile_with("clamp_min = -50\nclamp_max = 150\n");
    hy_dataset *ds = load(pf, &d);
    hy_score_years y;
    score_years(ds, pf, &y);
    CU_ASSERT_EQUAL(score_all(ds, pf, &y, d), 0);
    SCORE("例2", "135.42", "135.42", HY_SCORE_COMPUTED);
    SCORE("例4", "245.93", "150.00", HY_SCORE_COMPUTED);
    SCORE("例7", "-154.38", "-50.00", HY_SCORE_COMPUTED);
    dataset_free(ds);
    diags_free(d);
    profile_free(pf);

    /* an evaluation year equal to the baseline year gives no e: a warning, no scores */
    pf = profile_with("evaluation_year = H26\n");
    ds = load(pf, &d);
    score_years(ds, pf, &y);
    CU_ASSERT_EQUAL(y.elapsed_den, 0);
    CU_ASSERT_EQUAL(score_all(ds, pf, &y, d), 0);
    EXCLUDED("例1", "評価・基準・目標年度が定まらない（スコア算定不可）");
    CU_ASSERT_EQUAL_FATAL(d->count, 1);
    /* H31 and R元 are the same fiscal year, printed in the era it ended in */
    CU_ASSERT_STRING_EQUAL(d->items[0].message,
                           "KPI scores: the evaluation year (H26), baseline year (H26) and target "
                           "year (R元) give no elapsed share above zero; set them in the profile's "
                           "[score] section");
    dataset_free(ds);
    diags_free(d);
    profile_free(pf);
}

static void test_rounding_and_range(void)
{
    hy_score_years one = {2019, 2014, 2019, 1, 1};   /* e = 1 */
    hy_num pre, score;
    /* 1/800 = 0.125 points: half away from zero, both ways */
    CU_ASSERT_EQUAL(score_kpi(num_of(0, 0), num_of(1, 0), num_of(800, 0), &one, -100, 100, &pre,
                              &score), HY_SCORE_OK);
    CU_ASSERT_STRING_EQUAL(fmt(pre), "0.13");
    CU_ASSERT_EQUAL(score_kpi(num_of(0, 0), num_of(-1, 0), num_of(800, 0), &one, -100, 100, &pre,
                              &score), HY_SCORE_OK);
    CU_ASSERT_STRING_EQUAL(fmt(pre), "-0.13");
    /* mixed scales: 0.1 -> 0.30 toward 0.7 with e = 1/3 is exactly on plan */
    hy_score_years third = {2015, 2014, 2017, 1, 3};
    CU_ASSERT_EQUAL(score_kpi(num_of(1, 1), num_of(30, 2), num_of(7, 1), &third, -100, 100, &pre,
                              &score), HY_SCORE_OK);
    CU_ASSERT_STRING_EQUAL(fmt(pre), "100.00");
    /* blanks */
    CU_ASSERT_EQUAL(score_kpi(num_null(), num_of(1, 0), num_of(2, 0), &one, -100, 100, &pre, &score),
                    HY_SCORE_NO_BASELINE);
    CU_ASSERT_EQUAL(score_kpi(num_of(1, 0), num_of(1, 0), num_null(), &one, -100, 100, &pre, &score),
                    HY_SCORE_NO_TARGET);
    CU_ASSERT_EQUAL(score_kpi(num_of(1, 0), num_null(), num_of(2, 0), &one, -100, 100, &pre, &score),
                    HY_SCORE_NO_ACTUAL);
    CU_ASSERT_FALSE(pre.known);
    /* a target a billionth from its baseline: no 19-digit score is printed */
    CU_ASSERT_EQUAL(score_kpi(num_of(0, 0), num_of(900000000000000000LL, 0), num_of(1, 9), &one,
                              -100, 100, &pre, &score), HY_SCORE_OUT_OF_RANGE);
    /* the largest figures still compute exactly: 0.5 of the way at e = 1/2 */
    hy_score_years half = {2016, 2014, 2018, 1, 2};
    CU_ASSERT_EQUAL(score_kpi(num_of(-4000000000000000000LL, 0), num_of(0, 0),
                              num_of(4000000000000000000LL, 0), &half, -100, 100, &pre, &score),
                    HY_SCORE_OK);
    CU_ASSERT_STRING_EQUAL(fmt(pre), "100.00");
}

int main(void)
{
    static const hy_test tests[] = {
        {"years come from the headers unless the profile sets them", test_years_from_headers},
        {"section 6: every checked example from a KPI sheet", test_checked_examples},
        {"undefined formula: given scores, exclusions, differences", test_undefined_given_and_excluded},
        {"the profile's bounds and years", test_profile_bounds_and_years},
        {"rounding once, half away from zero; out of range", test_rounding_and_range},
        {NULL, NULL},
    };
    int rc = test_main("score", tests);
    columns_free(cols);
    return rc;
}
