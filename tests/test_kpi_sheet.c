/* tests for xlsx/kpi_sheet and xlsx/rollup_sheet: KPI一覧 and the 集計 sheets, read back */
#include <stdlib.h>
#include <string.h>

#include "cli/pipeline.h"
#include "ingest/ingest.h"
#include "testutil.h"
#include "xlsx/summary.h"

static hy_run *run;
static char *dir;
static const hy_summary_opts book_opts = {.epoch = 1719792000, .fiscal_year = 2024};

static hy_book *read_back(const char *path)
{
    hy_ingest_opts o;
    ingest_default_opts(&o);
    hy_diags *d = diags_new();
    hy_err err;
    hy_book *book = NULL;
    CU_ASSERT_EQUAL(ingest_file(path, &o, &book, d, &err), HY_OK);
    CU_ASSERT_EQUAL(d->errors, 0);
    diags_free(d);
    return book;
}

static const hy_sheet *sheet_named(const hy_book *b, const char *name)
{
    for (size_t i = 0; b && i < b->nsheets; i++)
        if (!strcmp(b->sheets[i].name, name))
            return &b->sheets[i];
    return NULL;
}

/* The row whose columns 2 and 7 are the project code and the KPI name. */
static const hy_row *kpi_row(const hy_sheet *s, const char *code, const char *kpi)
{
    for (size_t i = 1; i < s->nrows; i++) {
        const char *c = row_text(&s->rows[i], 2), *k = row_text(&s->rows[i], 7);
        if (c && k && !strcmp(c, code) && !strcmp(k, kpi))
            return &s->rows[i];
    }
    return NULL;
}

static const char *cell(const hy_row *r, uint32_t col)
{
    const char *s = r ? row_text(r, col) : NULL;
    return s ? s : "";
}

static void test_sheets(void)
{
    char *path = malloc(strlen(dir) + 32);
    sprintf(path, "%s/summary.xlsx", dir);
    hy_err err;
    hy_diags *warn = diags_new();
    CU_ASSERT_EQUAL_FATAL(summary_write(run->dataset, run->profile, &book_opts, path, warn, &err), HY_OK);
    CU_ASSERT_EQUAL(warn->count, 0);
    hy_book *book = read_back(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(book);
    /* 事業一覧 事業費 指標 KPI一覧 集計（プロジェクト別） 集計（部別） 検証結果; the sample
     * names no 政策, so there is no policy roll-up */
    CU_ASSERT_EQUAL(book->nsheets, 7);
    /* the evaluated projects only: the KPI-only ones are on the KPI sheets */
    const hy_sheet *list = sheet_named(book, "事業一覧");
    CU_ASSERT_PTR_NOT_NULL_FATAL(list);
    CU_ASSERT_EQUAL(list->nrows, 15);

    const hy_sheet *k = sheet_named(book, "KPI一覧");
    CU_ASSERT_PTR_NOT_NULL_FATAL(k);
    CU_ASSERT_EQUAL(k->nrows, 17);   /* header + 16 KPIs */
    static const char *const header[] = {
        "プロジェクト", "事業コード", "事業名", "部", "課", "新規(★)", "施策KPI", "単位",
        "基準値（R元）", "R2実績値", "R3実績値", "R4実績値", "R5実績値", "目標値（R7）",
        "補正前スコア", "スコア", "スコアの出所", "集計", "集計対象外の理由",
    };
    for (uint32_t c = 0; c < 19; c++)
        CU_ASSERT_STRING_EQUAL(cell(&k->rows[0], c + 1), header[c]);
    /* in the KPI sheet's order */
    CU_ASSERT_STRING_EQUAL(cell(&k->rows[1], 2), "31002");
    CU_ASSERT_STRING_EQUAL(cell(&k->rows[16], 2), "21030");

    const hy_row *r = kpi_row(k, "13041", "寄附件数");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_STRING_EQUAL(cell(r, 1), "ねむろへの新しいひとの流れをつくるプロジェクト");
    CU_ASSERT_STRING_EQUAL(cell(r, 4), "総合政策部");
    CU_ASSERT_STRING_EQUAL(cell(r, 9), "38410");
    CU_ASSERT_EQUAL(r->cells[8].type, HY_CELL_NUMBER);
    CU_ASSERT_STRING_EQUAL(cell(r, 13), "61922");
    CU_ASSERT_STRING_EQUAL(cell(r, 15), "304.3");        /* 304.30 as a number, 0.00 shown */
    CU_ASSERT_EQUAL(r->cells[14].type, HY_CELL_NUMBER);
    CU_ASSERT_STRING_EQUAL(cell(r, 16), "100");
    CU_ASSERT_STRING_EQUAL(cell(r, 17), "算定");
    CU_ASSERT_STRING_EQUAL(cell(r, 18), "対象");

    r = kpi_row(k, "32008", "観光入込客数");
    CU_ASSERT_STRING_EQUAL(cell(r, 15), "-23.53");
    r = kpi_row(k, "32008", "外国人宿泊者延べ数");
    CU_ASSERT_STRING_EQUAL(cell(r, 13), "未集計");        /* the text, where there is no number */
    CU_ASSERT_EQUAL(r->cells[12].type, HY_CELL_TEXT);
    CU_ASSERT_STRING_EQUAL(cell(r, 15), "");
    CU_ASSERT_STRING_EQUAL(cell(r, 18), "対象外");
    CU_ASSERT_STRING_EQUAL(cell(r, 19), "R5実績値なし（未集計）");
    r = kpi_row(k, "31020", "ブランド認証品目数");
    CU_ASSERT_STRING_EQUAL(cell(r, 6), "★");
    CU_ASSERT_STRING_EQUAL(cell(r, 19), "新規事業（★）");
    r = kpi_row(k, "41017", "除雪不能による市道の通行止め件数");
    CU_ASSERT_STRING_EQUAL(cell(r, 17), "入力値");
    r = kpi_row(k, "22005", "子育てに不安を感じる保護者の割合");
    CU_ASSERT_STRING_EQUAL(cell(r, 9), "38.5");
    CU_ASSERT_STRING_EQUAL(cell(r, 15), "97.06");

    const hy_sheet *sum = sheet_named(book, "集計（プロジェクト別）");
    CU_ASSERT_PTR_NOT_NULL_FATAL(sum);
    CU_ASSERT_EQUAL_FATAL(sum->nrows, 5);   /* header, 3 programs, (a blank row,) 全体 */
    CU_ASSERT_EQUAL(sum->rows[4].number, 6);
    CU_ASSERT_STRING_EQUAL(cell(&sum->rows[0], 7), "スコア80以上のKPI数");
    CU_ASSERT_STRING_EQUAL(cell(&sum->rows[1], 1), "ねむろの産業を元気にするプロジェクト");
    CU_ASSERT_STRING_EQUAL(cell(&sum->rows[1], 6), "56.61");
    CU_ASSERT_STRING_EQUAL(cell(&sum->rows[4], 1), "全体");
    CU_ASSERT_STRING_EQUAL(cell(&sum->rows[4], 2), "11");
    CU_ASSERT_STRING_EQUAL(cell(&sum->rows[4], 3), "16");
    CU_ASSERT_STRING_EQUAL(cell(&sum->rows[4], 6), "81.39");
    CU_ASSERT_STRING_EQUAL(cell(&sum->rows[4], 7), "9");
    CU_ASSERT_STRING_EQUAL(cell(&sum->rows[4], 8), "6");
    CU_ASSERT_STRING_EQUAL(cell(&sum->rows[4], 9), "集計対象 9事業[13KPI]／全 11事業[16KPI]");

    /* 集計（部別）: projects, money of the evaluation year, directions, scores */
    const hy_sheet *dept = sheet_named(book, "集計（部別）");
    CU_ASSERT_PTR_NOT_NULL_FATAL(dept);
    CU_ASSERT_EQUAL_FATAL(dept->nrows, 7);   /* header, 5 departments, 全体 */
    static const char *const dh[] = {"部", "事業数", "事業費（千円）", "総事業費（千円）",
                                     "計画どおり着手が適当", "再検討し実施する", "着手を延期する",
                                     "方向性未記入", "平均スコア", "集計範囲"};
    for (uint32_t c = 0; c < 10; c++)
        CU_ASSERT_STRING_EQUAL(cell(&dept->rows[0], c + 1), dh[c]);
    CU_ASSERT_STRING_EQUAL(cell(&dept->rows[1], 1), "水産経済部");
    CU_ASSERT_STRING_EQUAL(cell(&dept->rows[1], 2), "4");
    CU_ASSERT_STRING_EQUAL(cell(&dept->rows[1], 5), "2");
    CU_ASSERT_STRING_EQUAL(cell(&dept->rows[1], 6), "2");
    CU_ASSERT_STRING_EQUAL(cell(&dept->rows[1], 9), "56.61");
    const hy_row *all = &dept->rows[6];
    CU_ASSERT_STRING_EQUAL(cell(all, 1), "全体");
    CU_ASSERT_STRING_EQUAL(cell(all, 2), "14");
    CU_ASSERT_STRING_EQUAL(cell(all, 5), "12");   /* 計画どおり着手が適当 */
    CU_ASSERT_STRING_EQUAL(cell(all, 6), "2");
    /* the sum of the departments' 事業費 is 全体's */
    long long sum_cost = 0;
    for (size_t i = 1; i < 6; i++)
        sum_cost += atoll(cell(&dept->rows[i], 3));
    CU_ASSERT_EQUAL(sum_cost, atoll(cell(all, 3)));
    CU_ASSERT_STRING_EQUAL(cell(all, 3), "983481");
    book_free(book);

    /* filters end above the 全体 rows; the two charts are there */
    char cmd0[1024], *wbxml = NULL, *ct = NULL;
    snprintf(cmd0, sizeof cmd0, "unzip -p '%s' xl/workbook.xml", path);
    CU_ASSERT_EQUAL(test_sh(cmd0, &wbxml), 0);
    CU_ASSERT(test_contains(wbxml, "'集計（プロジェクト別）'!$A$1:$I$4"));
    CU_ASSERT(test_contains(wbxml, "'集計（部別）'!$A$1:$J$6"));
    snprintf(cmd0, sizeof cmd0, "unzip -l '%s'", path);
    CU_ASSERT_EQUAL(test_sh(cmd0, &ct), 0);
    CU_ASSERT(test_contains(ct, "xl/charts/chart1.xml"));
    CU_ASSERT(test_contains(ct, "xl/charts/chart2.xml"));
    free(wbxml);
    free(ct);

    /* scores carry 0.00, figures their typed decimals */
    char cmd[1024], *styles = NULL;
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/styles.xml", path);
    CU_ASSERT_EQUAL(test_sh(cmd, &styles), 0);
    CU_ASSERT(test_contains(styles, "formatCode=\"0.00\""));
    CU_ASSERT(test_contains(styles, "formatCode=\"#,##0.0\""));
    free(styles);
    diags_free(warn);
    free(path);
}

static void test_no_kpis_no_sheets(void)
{
    hy_dataset *ds = dataset_new();
    hy_project p = {.code = "1", .name = "指標のない事業", .fiscal_year = 2024};
    ds->projects = &p;
    ds->nprojects = 1;
    char *path = malloc(strlen(dir) + 32);
    sprintf(path, "%s/plain.xlsx", dir);
    hy_err err;
    hy_diags *warn = diags_new();
    CU_ASSERT_EQUAL_FATAL(summary_write(ds, run->profile, &book_opts, path, warn, &err), HY_OK);
    hy_book *book = read_back(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(book);
    /* no KPIs: no KPI一覧, no program roll-up; no policies: no policy roll-up */
    CU_ASSERT_EQUAL(book->nsheets, 5);
    CU_ASSERT_STRING_EQUAL(book->sheets[3].name, "集計（部別）");
    book_free(book);
    ds->projects = NULL;
    ds->nprojects = 0;
    dataset_free(ds);
    diags_free(warn);
    free(path);
}

int main(void)
{
    char input[4096], templates[4096];
    snprintf(input, sizeof input, "%s", test_src("input"));
    snprintf(templates, sizeof templates, "%s", test_src("templates"));
    hy_run_opts opts = {.input = input, .templates_dir = templates, .epoch = -1};
    hy_err err;
    if (pipeline_load(&opts, &run, &err) != HY_OK || run->diags->errors) {
        fprintf(stderr, "cannot load input/: %s\n", err.msg);
        return 1;
    }
    dir = test_tmpdir("kpisheet");
    static const hy_test tests[] = {
        {"KPI一覧 and KPI集計 read back with the report's numbers", test_sheets},
        {"a data set without KPIs gets no KPI sheets", test_no_kpis_no_sheets},
        {NULL, NULL},
    };
    int rc = test_main("kpisheet", tests);
    pipeline_free(run);
    free(dir);
    return rc;
}
