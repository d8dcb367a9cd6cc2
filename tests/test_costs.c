/* tests for compute/costs: 職員費, 総事業費 and 一般財源 from the seeds' figures */
#include <string.h>

#include "compute/costs.h"
#include "testutil.h"

static hy_profile *nemuro(void)
{
    hy_profile *pf = NULL;
    hy_err err;
    profile_load(test_src("templates"), "nemuro", &pf, &err);
    return pf;
}

static void test_nemuro_seed(void)
{
    /* seed 000: 事業費 22,000千円, 人員 1.00, 職員費 7,262, 総事業費 29,262 */
    hy_profile *pf = nemuro();
    CU_ASSERT_PTR_NOT_NULL_FATAL(pf);
    hy_dataset *ds = dataset_new();
    hy_diags *d = diags_new();
    hy_project p = {.code = "13035", .name = "関係人口拡大促進事業", .fiscal_year = 2024};
    hy_cost c = {.fiscal_year = 2024, .stage = HY_STAGE_INITIAL_BUDGET};
    c.total = amount_of(22000000);
    c.source[HY_SRC_FURUSATO_FUND] = amount_of(22000000);
    c.staff = num_of(100, 2);
    p.costs = &c;
    p.ncosts = 1;
    ds->projects = &p;
    ds->nprojects = 1;
    compute_costs(ds, pf, d);
    CU_ASSERT_EQUAL(d->errors, 0);
    CU_ASSERT(c.staff_cost.known);
    CU_ASSERT_EQUAL(c.staff_cost.yen, 7262000);
    CU_ASSERT_EQUAL(c.total_cost.yen, 29262000);
    /* 一般財源 not given: 22,000 - 22,000 = 0, derived */
    CU_ASSERT(c.general_derived);
    CU_ASSERT_EQUAL(c.source[HY_SRC_GENERAL].yen, 0);
    char s[32];
    amount_format(c.total_cost, pf->display_unit, pf->rounding, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "29,262");
    ds->projects = NULL;
    ds->nprojects = 0;
    dataset_free(ds);
    diags_free(d);
    profile_free(pf);
}

static void test_asahikawa_general_revenue(void)
{
    /* seed 002: 一般財源 = 事業費 − (国+北海道+市債+その他) → 115, 301, 404, 210 */
    hy_profile *pf = nemuro();
    hy_dataset *ds = dataset_new();
    hy_diags *d = diags_new();
    static const int64_t totals[] = {115, 301, 404, 210};
    hy_cost c[4];
    memset(c, 0, sizeof c);
    for (int i = 0; i < 4; i++) {
        c[i].fiscal_year = 2020 + (i + 1) / 2;
        c[i].stage = (hy_stage)i;
        c[i].total = amount_of(totals[i] * 1000);
        c[i].source[HY_SRC_NATIONAL] = amount_of(0);
        c[i].source[HY_SRC_PREFECTURAL] = amount_of(0);
        c[i].source[HY_SRC_BONDS] = amount_of(0);
        c[i].source[HY_SRC_OTHER] = amount_of(0);
        c[i].tax_allocation_pct = num_of(0, 0);   /* a rate: never subtracted */
    }
    hy_project p = {.code = "12 11 01", .costs = c, .ncosts = 4};
    ds->projects = &p;
    ds->nprojects = 1;
    compute_costs(ds, pf, d);
    for (int i = 0; i < 4; i++) {
        CU_ASSERT(c[i].general_derived);
        CU_ASSERT_EQUAL(c[i].source[HY_SRC_GENERAL].yen, totals[i] * 1000);
    }
    CU_ASSERT_EQUAL(d->errors, 0);
    ds->projects = NULL;
    ds->nprojects = 0;
    dataset_free(ds);
    diags_free(d);
    profile_free(pf);
}

static void test_negative_general_is_an_error(void)
{
    hy_profile *pf = nemuro();
    hy_dataset *ds = dataset_new();
    hy_diags *d = diags_new();
    hy_cost c = {.fiscal_year = 2024};
    c.total = amount_of(1000000);
    c.source[HY_SRC_NATIONAL] = amount_of(800000);
    c.source[HY_SRC_BONDS] = amount_of(300000);
    c.loc = (hy_loc){"costs.csv", NULL, 7, 0};
    hy_project p = {.code = "X1", .costs = &c, .ncosts = 1};
    ds->projects = &p;
    ds->nprojects = 1;
    compute_costs(ds, pf, d);
    CU_ASSERT_EQUAL(d->errors, 1);
    CU_ASSERT_FALSE(c.source[HY_SRC_GENERAL].known);
    CU_ASSERT_STRING_EQUAL(d->items[0].message,
                           "project X1: earmarked funding (国, 都道府県, 地方債, 基金, その他) adds up to "
                           "1,100千円, more than 事業費 1,000千円, so 一般財源 would be negative");
    CU_ASSERT_EQUAL(d->items[0].loc.row, 7);
    ds->projects = NULL;
    ds->nprojects = 0;
    dataset_free(ds);
    diags_free(d);
    profile_free(pf);
}

static void test_staff_cost_exact(void)
{
    /* 0.33 人工 x 7,262,000 = 2,396,460 yen exactly; 1.5 part-time at 2,500,000 */
    CU_ASSERT_EQUAL(staff_cost_of(num_of(33, 2), 7262000).yen, 2396460);
    CU_ASSERT_EQUAL(staff_cost_of(num_of(15, 1), 2500000).yen, 3750000);
    CU_ASSERT_FALSE(staff_cost_of(num_null(), 7262000).known);
    /* 0.333 x 7,262,001 = 2,418,246.333 -> 2,418,246 (half up at the yen) */
    CU_ASSERT_EQUAL(staff_cost_of(num_of(333, 3), 7262001).yen, 2418246);
}

int main(void)
{
    static const hy_test tests[] = {
        {"Nemuro: 7,262 and 29,262", test_nemuro_seed},
        {"Asahikawa: 一般財源 115, 301, 404, 210", test_asahikawa_general_revenue},
        {"earmarked funding above 事業費 is an error", test_negative_general_is_an_error},
        {"staff cost is exact to the yen", test_staff_cost_exact},
        {NULL, NULL},
    };
    return test_main("costs", tests);
}
