/* tests for publish/: plain text without 機種依存文字, file sizes as the index
 * page shows them, SHA-256, and the open data of the sample data set (numbers
 * as numbers, units in headers, 西暦 beside 和暦, the municipality's code in
 * every row) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/pipeline.h"
#include "publish/index.h"
#include "publish/opendata.h"
#include "publish/plain.h"
#include "publish/sums.h"
#include "testutil.h"

static const char *plain(const char *s)
{
    static char buf[256];
    char *p = plain_text(s);
    snprintf(buf, sizeof buf, "%s", p ? p : "(null)");
    free(p);
    return buf;
}

static void test_plain_text(void)
{
    CU_ASSERT_STRING_EQUAL(plain("①市民ニーズ"), "(1)市民ニーズ");
    CU_ASSERT_STRING_EQUAL(plain("⑳と㉑と⑴"), "(20)と(21)と(1)");
    CU_ASSERT_STRING_EQUAL(plain("㈱根室"), "(株)根室");
    CU_ASSERT_STRING_EQUAL(plain("第Ⅲ期"), "第III期");
    CU_ASSERT_STRING_EQUAL(plain("面積100㎡"), "面積100m2");
    CU_ASSERT_STRING_EQUAL(plain("ＡＢＣ１２３"), "ABC123");
    CU_ASSERT_STRING_EQUAL(plain("ｶﾞｽ料金"), "ガス料金");
    /* ordinary Japanese text stays as it is */
    CU_ASSERT_STRING_EQUAL(plain("直営（市が直接実施）　です"), "直営（市が直接実施）　です");
    CU_ASSERT_STRING_EQUAL(plain("一行目\r\n二行目\r三行目"), "一行目\n二行目\n三行目");
    CU_ASSERT_STRING_EQUAL(plain(NULL), "");
}

static void test_sizes(void)
{
    char s[32];
    index_size(48 * 1024, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "48KB");
    index_size(48 * 1024 + 1, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "49KB");       /* rounded up: never understated */
    index_size(1, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "1KB");
    index_size(1258291, s, sizeof s);        /* 1.2 MB exactly */
    CU_ASSERT_STRING_EQUAL(s, "1.2MB");
    index_size(1258292, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "1.3MB");
}

static void test_sha256(void)
{
    char *dir = test_tmpdir("publish-sums");
    char path[4096], hex[65];
    snprintf(path, sizeof path, "%s/abc.txt", dir);
    CU_ASSERT_EQUAL_FATAL(test_write(path, "abc", 3), 0);
    hy_err err;
    CU_ASSERT_EQUAL_FATAL(sums_file(path, hex, &err), HY_OK);
    /* FIPS 180-2, appendix B.1 */
    CU_ASSERT_STRING_EQUAL(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    free(dir);
}

/* The line of a file that starts with prefix, or NULL. */
static char *line_starting(char *text, const char *prefix)
{
    for (char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (!strncmp(l, prefix, strlen(prefix))) {
            char *end = strchr(l, '\n');
            return end ? strndup(l, (size_t)(end - l)) : strdup(l);
        }
    return NULL;
}

static void test_open_data(void)
{
    char input[4096], templates[4096];
    snprintf(input, sizeof input, "%s", test_src("input"));
    snprintf(templates, sizeof templates, "%s", test_src("templates"));
    hy_run_opts opts = {.input = input, .templates_dir = templates, .epoch = -1};
    hy_run *run = NULL;
    hy_err err;
    CU_ASSERT_EQUAL_FATAL(pipeline_load(&opts, &run, &err), HY_OK);
    char *dir = test_tmpdir("publish-opendata");
    CU_ASSERT_EQUAL_FATAL(opendata_write(run->dataset, run->profile, NULL, dir, &err), HY_OK);
    char path[4096];
    snprintf(path, sizeof path, "%s/costs.csv", dir);
    char *costs = test_slurp(path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(costs);
    CU_ASSERT_EQUAL(strncmp(costs, "\xEF\xBB\xBF", 3), 0);   /* the BOM Excel needs */
    char *head = line_starting(costs + 3, "全国地方公共団体コード");
    CU_ASSERT_STRING_EQUAL(head, "全国地方公共団体コード,地方公共団体名,事業コード,年度(西暦),"
                                 "年度(和暦),区分,事業費(円),国庫支出金(円),都道府県支出金(円),"
                                 "地方債(円),基金(円),その他特定財源(円),一般財源(円),正職員(人工),"
                                 "会計年度任用職員(人工),職員費(円),トータルコスト(円)");
    /* the sample's 13041 R2 決算: 156,168千円, 70,275千円 from the fund, 3.00 + 1.00 人工 */
    char *r2 = line_starting(costs, "012238,根室市,13041,2020,");
    CU_ASSERT_STRING_EQUAL(r2, "012238,根室市,13041,2020,令和2年度,決算,156168000,0,0,0,70275000,"
                               "0,85893000,3.00,1.00,29048000,185216000");
    /* every row carries the code; no number is grouped or marked with △ */
    size_t rows = 0;
    for (char *l = strchr(costs, '\n'); l && l[1]; l = strchr(l + 1, '\n'), rows++)
        CU_ASSERT_EQUAL(strncmp(l + 1, "012238,根室市,", strlen("012238,根室市,")), 0);
    CU_ASSERT(rows > 40);
    CU_ASSERT_PTR_NULL(strstr(costs, "△"));
    CU_ASSERT_PTR_NULL(strstr(costs, "\""));   /* nothing needed quoting: no 1,000 */
    free(head);
    free(r2);
    free(costs);

    snprintf(path, sizeof path, "%s/projects.csv", dir);
    char *projects = test_slurp(path, NULL);
    char *p = projects ? line_starting(projects, "012238,根室市,2024,令和6年度,13041,") : NULL;
    CU_ASSERT_STRING_EQUAL(p, "012238,根室市,2024,令和6年度,13041,ふるさと納税推進事業,総合政策部,"
                              "地域創生室,,計画的で持続可能な財政運営,,計画どおり着手が適当,"
                              "計画どおり実施,2023,177425000,206473000,");
    free(p);
    free(projects);

    snprintf(path, sizeof path, "%s/definitions.csv", dir);
    char *defs = test_slurp(path, NULL);
    char *d = defs ? line_starting(defs, "costs.csv,職員費(円),") : NULL;
    CU_ASSERT_STRING_EQUAL(d, "costs.csv,職員費(円),整数,円,人工に職員1人あたりの単価を掛けた人件費");
    free(d);
    free(defs);

    /* two documents per project: documents.csv has a row for each, in order, and
     * projects.csv's 評価シート is the first */
    size_t np = run->dataset->nprojects;
    const char **files = calloc(2 * np, sizeof *files);
    CU_ASSERT_PTR_NOT_NULL_FATAL(files);
    for (size_t i = 0; i < np; i++)
        if (!strcmp(run->dataset->projects[i].code, "13041")) {
            files[2 * i] = "sheets/13041.pdf";
            files[2 * i + 1] = "sheets/13041-memo.pdf";
        }
    static const char *const titles[] = {"評価シート", "説明メモ"};
    hy_pubdocs docs = {.n = 2, .titles = titles, .files = files};
    CU_ASSERT_EQUAL_FATAL(opendata_write(run->dataset, run->profile, &docs, dir, &err), HY_OK);
    snprintf(path, sizeof path, "%s/documents.csv", dir);
    char *dl = test_slurp(path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dl);
    CU_ASSERT_STRING_EQUAL(dl, "\xEF\xBB\xBF全国地方公共団体コード,地方公共団体名,事業コード,文書名,ファイル\n"
                               "012238,根室市,13041,評価シート,sheets/13041.pdf\n"
                               "012238,根室市,13041,説明メモ,sheets/13041-memo.pdf\n");
    free(dl);
    snprintf(path, sizeof path, "%s/projects.csv", dir);
    projects = test_slurp(path, NULL);
    p = projects ? line_starting(projects, "012238,根室市,2024,令和6年度,13041,") : NULL;
    CU_ASSERT(p && strlen(p) > 17 && !strcmp(p + strlen(p) - 17, ",sheets/13041.pdf"));
    free(p);
    free(projects);
    free(files);

    /* a profile without the code: no open data, and the message says what to add */
    const char *code = run->profile->lg_code;
    run->profile->lg_code = NULL;
    CU_ASSERT_EQUAL(opendata_write(run->dataset, run->profile, NULL, dir, &err), HY_EUSAGE);
    CU_ASSERT(test_contains(err.msg, "lg_code = NNNNNN"));
    run->profile->lg_code = code;
    free(dir);
    pipeline_free(run);
}

int main(void)
{
    static const hy_test tests[] = {
        {"plain text: no 機種依存文字", test_plain_text},
        {"file sizes on the index page", test_sizes},
        {"SHA-256 of a file", test_sha256},
        {"open data of the sample", test_open_data},
        {NULL, NULL},
    };
    return test_main("publish", tests);
}
