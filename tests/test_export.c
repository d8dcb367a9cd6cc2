/* tests for normalize/export: the normalized tables of `hyoka normalize`, byte
 * for byte, with no value kept apart from zero */
#include <stdlib.h>
#include <string.h>

#include "compute/costs.h"
#include "ingest/ingest.h"
#include "normalize/export.h"
#include "normalize/records.h"
#include "testutil.h"

static hy_profile *pf;
static hy_columns *cols;

static const char *const PROJECTS[] = {
    "事業コード", "事業名", "評価年度", "部", "課", "目的", "備考欄", "市民ニーズ", "市民ニーズの理由", "実施方法",
    "13035", "関係人口拡大促進事業", "令和６年度", "総合政策部", "地域創生室", "関係人口の創出", "メモ, 引用\"付き\"", "■ニーズはある", "抽選を行っている。", "直営",
    "13041", "ふるさと納税推進事業", "R6", "総合政策部", "地域創生室", NULL, NULL, NULL, NULL, "委託",
};

static const char *const COSTS[] = {
    "事業コード", "年度", "区分", "事業費", "国庫支出金", "道支出金", "その他", "一般財源", "人員(人工)", "会計年度任用職員",
    "13035", "令和6年度", "当初予算", "22,000", NULL, NULL, NULL, "22,000", "1", NULL,
    "13041", "R5", "決算", "177,425", "0", "0", "79,841", NULL, "3.00", "0",
};

static const char *const INDICATORS[] = {
    "事業コード", "指標区分", "指標名", "単位", "方向", "目標値(R2)", "実績値(R5)", "目標値(R7)", "目標値の考え方",
    "13035", "活動指標", "交流イベント参加者数", "人", NULL, "-", "0", "1,000", "毎年1,000人",
    "13041", "成果指標", "舗装補修延長", "km", "減少", "1.5", "未集計", "2", NULL,
};

static char *dir;

static void make_tables(void)
{
    hy_err err;
    CU_ASSERT_EQUAL_FATAL(profile_load(test_src("templates"), "nemuro", &pf, &err), HY_OK);
    CU_ASSERT_EQUAL_FATAL(columns_load(test_src("templates/columns.conf"), &cols, &err), HY_OK);
    hy_book *books[3] = {
        test_book("projects.csv", PROJECTS, 3, 10),
        test_book("costs.csv", COSTS, 3, 10),
        test_book("indicators.csv", INDICATORS, 3, 9),
    };
    hy_dataset *ds = dataset_new();
    hy_diags *d = diags_new();
    CU_ASSERT_EQUAL(records_build(books, 3, cols, pf, ds, d, &err), HY_OK);
    compute_costs(ds, pf, d);
    CU_ASSERT_EQUAL(d->count, 0);
    if (d->count)
        fprintf(stderr, "\n  %s\n", d->items[0].message);
    dir = test_tmpdir("export");
    char *out = malloc(strlen(dir) + 16);
    sprintf(out, "%s/tables", dir);   /* a folder that does not exist yet */
    CU_ASSERT_EQUAL(export_tables(ds, pf, cols, out, &err), HY_OK);
    free(dir);
    dir = out;
    dataset_free(ds);
    diags_free(d);
    for (int i = 0; i < 3; i++)
        book_free(books[i]);
}

static void expect_file(const char *name, const char *want)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len;
    char *file = test_slurp(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    /* a UTF-8 byte order mark first, for Excel */
    CU_ASSERT_NSTRING_EQUAL(file, "\xEF\xBB\xBF", 3);
    const char *got = len >= 3 ? file + 3 : file;
    CU_ASSERT_STRING_EQUAL(got, want);
    if (strcmp(got, want))
        fprintf(stderr, "\n%s: got\n%s\nexpected\n%s\n", name, got, want);
    free(file);
}

static void test_projects(void)
{
    expect_file("projects.csv",
        "事業コード,事業名,評価年度,評価年度（和暦）,部,課,新規,目的,備考欄\n"
        "13035,関係人口拡大促進事業,2024,令和6年度,総合政策部,地域創生室,,関係人口の創出,"
        "\"メモ, 引用\"\"付き\"\"\"\n"
        "13041,ふるさと納税推進事業,2024,令和6年度,総合政策部,地域創生室,,,\n");
}

static void test_costs(void)
{
    /* 13035: sources left blank are no value (empty), its 人工 typed 1 is 1.00;
     * 13041: sources of 0 are 0, 一般財源 was not given and is derived, and
     * 会計年度 0 人工 costs 0 */
    expect_file("costs.csv",
        "事業コード,年度,年度（和暦）,区分,事業費（円）,事業費（千円）,国庫支出金（円）,国庫支出金（千円）,"
        "都道府県支出金（円）,都道府県支出金（千円）,地方債（円）,地方債（千円）,ふるさと関連基金（円）,"
        "ふるさと関連基金（千円）,その他特定財源（円）,その他特定財源（千円）,一般財源（円）,一般財源（千円）,"
        "一般財源の由来,正職員人工,会計年度任用職員人工,交付税措置（%）,職員費（円）,職員費（千円）,"
        "総事業費（円）,総事業費（千円）,正規職員数,延べ業務時間,人件費（入力）（円）,"
        "人件費（入力）（千円）,トータルコスト（入力）（円）,トータルコスト（入力）（千円）\n"
        "13035,2024,令和6年度,当初予算,22000000,22000,,,,,,,,,,,22000000,22000,入力,1.00,,,"
        "7262000,7262,29262000,29262,,,,,,\n"
        "13041,2023,令和5年度,決算,177425000,177425,0,0,0,0,,,,,79841000,79841,97584000,97584,算出,"
        "3.00,0.00,,21786000,21786,199211000,199211,,,,,,\n");
}

static void test_indicators(void)
{
    /* "-" and 未集計 are no value, written as typed beside an empty 値; 0 is 0;
     * 2 km beside 1.5 km is 2 (the shortest exact form, whatever the input) */
    expect_file("indicators.csv",
        "事業コード,指標番号,指標区分,指標名,単位,方向,項目,年度,年度（和暦）,値,値なしの表記,目標値の考え方\n"
        "13035,1,活動指標,交流イベント参加者数,人,増加,目標値,2020,令和2年度,,-,\"毎年1,000人\"\n"
        "13035,1,活動指標,交流イベント参加者数,人,増加,実績値,2023,令和5年度,0,,\"毎年1,000人\"\n"
        "13035,1,活動指標,交流イベント参加者数,人,増加,目標値,2025,令和7年度,1000,,\"毎年1,000人\"\n"
        "13041,1,成果指標,舗装補修延長,km,減少,目標値,2020,令和2年度,1.5,,\n"
        "13041,1,成果指標,舗装補修延長,km,減少,実績値,2023,令和5年度,,未集計,\n"
        "13041,1,成果指標,舗装補修延長,km,減少,目標値,2025,令和7年度,2,,\n");
}

static void test_choices(void)
{
    expect_file("choices.csv",
        "事業コード,項目,選択肢,選択番号,理由\n"
        "13035,市民ニーズ,ニーズはある,2,抽選を行っている。\n"
        "13035,実施方法,直営（市が直接実施）,1,\n"
        "13041,市民ニーズ,,,\n"   /* the column was there, the cell blank: no choice */
        "13041,実施方法,委託（民間等に委託）,3,\n");
}

static void test_no_temp_files_left(void)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "ls -A '%s'", dir);
    char *out = NULL;
    CU_ASSERT_EQUAL(test_sh(cmd, &out), 0);
    CU_ASSERT_STRING_EQUAL(out, "choices.csv\ncosts.csv\nindicators.csv\nprojects.csv\n");
    free(out);
}

static void test_unwritable_folder(void)
{
    hy_dataset *ds = dataset_new();
    hy_err err;
    err_clear(&err);
    /* a file where the folder should be */
    char path[1200];
    snprintf(path, sizeof path, "%s/projects.csv/sub", dir);
    CU_ASSERT_EQUAL(export_tables(ds, pf, cols, path, &err), HY_EIO);
    CU_ASSERT(test_contains(err.msg, "projects.csv"));
    dataset_free(ds);
}

int main(void)
{
    static const hy_test tests[] = {
        {"the tables are written into a new folder", make_tables},
        {"projects.csv", test_projects},
        {"costs.csv: yen, 千円, null apart from zero", test_costs},
        {"indicators.csv: one row per figure", test_indicators},
        {"choices.csv", test_choices},
        {"only the four tables, no temporary file", test_no_temp_files_left},
        {"a folder that cannot be made is an I/O error", test_unwritable_folder},
        {NULL, NULL},
    };
    int rc = test_main("export", tests);
    profile_free(pf);
    columns_free(cols);
    free(dir);
    return rc;
}
