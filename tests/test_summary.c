/* tests for xlsx/summary: the workbook read back, not trusted */
#include <stdlib.h>
#include <string.h>

#include "cli/pipeline.h"
#include "ingest/ingest.h"
#include "testutil.h"
#include "xlsx/summary.h"

static hy_run *run;
static char *dir;

static const hy_sheet *read_back(const char *path, hy_book **book)
{
    hy_ingest_opts o;
    ingest_default_opts(&o);
    hy_diags *d = diags_new();
    hy_err err;
    int rc = ingest_file(path, &o, book, d, &err);
    CU_ASSERT_EQUAL(rc, HY_OK);
    CU_ASSERT_EQUAL(d->errors, 0);
    diags_free(d);
    return rc == HY_OK && *book && (*book)->nsheets ? &(*book)->sheets[0] : NULL;
}

static const hy_row *row_with(const hy_sheet *s, const char *code)
{
    for (size_t i = 0; i < s->nrows; i++) {
        const char *c = row_text(&s->rows[i], 1);
        if (c && !strcmp(c, code))
            return &s->rows[i];
    }
    return NULL;
}

static void test_cells(void)
{
    char *path = malloc(strlen(dir) + 32);
    sprintf(path, "%s/summary.xlsx", dir);
    hy_err err;
    hy_diags *warn = diags_new();
    CU_ASSERT_EQUAL_FATAL(summary_write(run->dataset, run->profile, 1719792000, path, warn, &err), HY_OK);
    hy_book *book = NULL;
    const hy_sheet *s = read_back(path, &book);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s->name, "事業一覧");
    CU_ASSERT_EQUAL(s->nrows, 15);   /* header + 14 projects */
    static const char *const header[] = {"事業コード", "事業名", "部", "課", "評価年度",
                                         "事業費（千円）", "総事業費（千円）", "指標数", "今後の方向性"};
    for (uint32_t c = 0; c < 9; c++)
        CU_ASSERT_STRING_EQUAL(row_text(&s->rows[0], c + 1), header[c]);
    const hy_row *r = row_with(s, "13035");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_STRING_EQUAL(row_text(r, 2), "関係人口拡大促進事業");
    CU_ASSERT_STRING_EQUAL(row_text(r, 3), "総合政策部");
    CU_ASSERT_STRING_EQUAL(row_text(r, 4), "地域創生室");
    CU_ASSERT_STRING_EQUAL(row_text(r, 5), "令和6年度");
    CU_ASSERT_EQUAL(r->cells[5].type, HY_CELL_NUMBER);      /* a number, not text */
    CU_ASSERT_STRING_EQUAL(row_text(r, 6), "22000");
    CU_ASSERT_EQUAL(r->cells[6].type, HY_CELL_NUMBER);
    CU_ASSERT_STRING_EQUAL(row_text(r, 7), "29262");
    CU_ASSERT_STRING_EQUAL(row_text(r, 8), "1");
    CU_ASSERT_STRING_EQUAL(row_text(r, 9), "計画どおり着手が適当");
    book_free(book);

    /* frozen header, autofilter over the table, #,##0 on the money columns */
    char cmd[1024], *xml = NULL, *styles = NULL;
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet1.xml", path);
    CU_ASSERT_EQUAL(test_sh(cmd, &xml), 0);
    CU_ASSERT(test_contains(xml, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
    CU_ASSERT(test_contains(xml, "<autoFilter ref=\"A1:I15\"/>"));
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/styles.xml", path);
    CU_ASSERT_EQUAL(test_sh(cmd, &styles), 0);
    CU_ASSERT(test_contains(styles, "formatCode=\"#,##0\""));
    CU_ASSERT(test_contains(styles, "<b/>"));
    free(xml);
    free(styles);
    diags_free(warn);
    free(path);
}

static void test_formula_text_stays_text(void)
{
    hy_dataset *ds = dataset_new();
    hy_project p = {.code = "=1+1", .name = "=HYPERLINK(\"http://example.com\",\"x\")",
                    .department = "+81-3", .section = "@SUM(A1)", .fiscal_year = 2024};
    ds->projects = &p;
    ds->nprojects = 1;
    char *path = malloc(strlen(dir) + 32);
    sprintf(path, "%s/formula.xlsx", dir);
    hy_err err;
    hy_diags *warn = diags_new();
    CU_ASSERT_EQUAL_FATAL(summary_write(ds, run->profile, 1719792000, path, warn, &err), HY_OK);
    char cmd[1024], *xml = NULL;
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet1.xml", path);
    CU_ASSERT_EQUAL(test_sh(cmd, &xml), 0);
    CU_ASSERT_FALSE(test_contains(xml, "<f>"));      /* no formula anywhere */
    CU_ASSERT(test_contains(xml, "<is><t>=HYPERLINK(\"http://example.com\",\"x\")</t></is>"));
    free(xml);
    hy_book *book = NULL;
    const hy_sheet *s = read_back(path, &book);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(row_text(&s->rows[1], 1), "=1+1");
    CU_ASSERT_EQUAL(s->rows[1].cells[0].type, HY_CELL_TEXT);
    book_free(book);
    ds->projects = NULL;
    ds->nprojects = 0;
    dataset_free(ds);
    diags_free(warn);
    free(path);
}

static void test_same_bytes(void)
{
    char *a = malloc(strlen(dir) + 32), *b = malloc(strlen(dir) + 32);
    sprintf(a, "%s/a.xlsx", dir);
    sprintf(b, "%s/b.xlsx", dir);
    hy_err err;
    hy_diags *warn = diags_new();
    CU_ASSERT_EQUAL(summary_write(run->dataset, run->profile, 1719792000, a, warn, &err), HY_OK);
    CU_ASSERT_EQUAL(summary_write(run->dataset, run->profile, 1719792000, b, warn, &err), HY_OK);
    size_t la, lb;
    char *da = test_slurp(a, &la), *db = test_slurp(b, &lb);
    CU_ASSERT_PTR_NOT_NULL_FATAL(da);
    CU_ASSERT_PTR_NOT_NULL_FATAL(db);
    CU_ASSERT_EQUAL(la, lb);
    CU_ASSERT(la == lb && memcmp(da, db, la) == 0);
    free(da);
    free(db);
    free(a);
    free(b);
    diags_free(warn);
}

static void test_unwritable_leaves_nothing(void)
{
    char *path = malloc(strlen(dir) + 64);
    sprintf(path, "%s/no-such-folder/summary.xlsx", dir);
    hy_err err;
    hy_diags *warn = diags_new();
    CU_ASSERT_EQUAL(summary_write(run->dataset, run->profile, 1719792000, path, warn, &err), HY_EIO);
    CU_ASSERT(test_contains(err.msg, "summary.xlsx"));
    free(path);
    diags_free(warn);
}

int main(void)
{
    hy_run_opts opts = {.input = test_src("input"), .templates_dir = test_src("templates"), .epoch = -1};
    char input[4096], templates[4096];
    snprintf(input, sizeof input, "%s", test_src("input"));
    snprintf(templates, sizeof templates, "%s", test_src("templates"));
    opts.input = input;
    opts.templates_dir = templates;
    hy_err err;
    if (pipeline_load(&opts, &run, &err) != HY_OK || run->diags->errors) {
        fprintf(stderr, "cannot load input/: %s\n", err.msg);
        return 1;
    }
    dir = test_tmpdir("summary");
    static const hy_test tests[] = {
        {"cells, numbers and header read back", test_cells},
        {"text that looks like a formula stays text", test_formula_text_stays_text},
        {"same data, same bytes", test_same_bytes},
        {"an unwritable path fails cleanly", test_unwritable_leaves_nothing},
        {NULL, NULL},
    };
    int rc = test_main("summary", tests);
    pipeline_free(run);
    free(dir);
    return rc;
}
