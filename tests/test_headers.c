/* tests for normalize/headers: a group over its parts, in CSV (the group in its
 * first column, the rest blank) and in a workbook (a merged cell) */
#include <string.h>

#include "ingest/ingest.h"
#include "normalize/headers.h"
#include "testutil.h"

/* "part | part | part" of column col of the band, or "(none)". */
static const char *parts_of(const hy_header_band *band, uint32_t col)
{
    static char out[512];
    for (size_t i = 0; i < band->ncols; i++) {
        if (band->cols[i].col != col)
            continue;
        size_t n = 0;
        out[0] = '\0';
        for (size_t k = 0; k < band->cols[i].nparts; k++)
            n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", k ? " | " : "",
                                  band->cols[i].parts[k]);
        return out;
    }
    return "(none)";
}

static void expect_parts(const hy_header_band *band, uint32_t col, const char *want)
{
    const char *got = parts_of(band, col);
    CU_ASSERT_STRING_EQUAL(got, want);
    if (strcmp(got, want))
        fprintf(stderr, "\n  column %u: got %s\n  expected %s\n", col, got, want);
}

/* A KPI report's header as Excel saves it to CSV: H28年度 over three parts. */
static const char *const KPI[] = {
    "事業番号", "施策KPI", "基準値(H26)", "H27実績値", "H28年度", NULL, NULL, "目標値(H31)",
    NULL, NULL, NULL, NULL, "実績値", "補正前スコア", "スコア", NULL,
    "7", "新規出店数", "10", "12", "16", "75", "75", "25",
};

static void test_group_in_csv(void)
{
    hy_book *b = test_book("kpi.csv", KPI, 3, 8);
    hy_header_band band;
    CU_ASSERT_EQUAL_FATAL(headers_read(&b->sheets[0], 0, &band), 0);
    CU_ASSERT_EQUAL(band.first, 0);
    CU_ASSERT_EQUAL(band.nrows, 2);        /* the data row is not a third header row */
    CU_ASSERT_EQUAL(band.ncols, 8);
    expect_parts(&band, 1, "事業番号");
    expect_parts(&band, 4, "H27実績値");
    expect_parts(&band, 5, "H28年度 | 実績値");
    expect_parts(&band, 6, "H28年度 | 補正前スコア");
    expect_parts(&band, 7, "H28年度 | スコア");
    expect_parts(&band, 8, "目標値(H31)");
    const char *joined = headers_join(&band.cols[5], 0, band.arena);
    CU_ASSERT_STRING_EQUAL(joined, "H28年度 補正前スコア");
    headers_free(&band);
    book_free(b);
}

/* Rows under a header that are not parts: data, a lone title, numbers. */
static void test_not_parts(void)
{
    /* a data row fills a column that has no group over it */
    static const char *const DATA[] = {
        "事業コード", "事業名", "備考", NULL,
        "A1", "名前", "メモ1", "メモ2",
    };
    hy_book *b = test_book("a.csv", DATA, 2, 4);
    hy_header_band band;
    CU_ASSERT_EQUAL_FATAL(headers_read(&b->sheets[0], 0, &band), 0);
    CU_ASSERT_EQUAL(band.nrows, 1);
    CU_ASSERT_EQUAL(band.ncols, 3);
    expect_parts(&band, 3, "備考");
    expect_parts(&band, 4, "(none)");
    headers_free(&band);
    book_free(b);

    /* numbers under a group are data: a continuation row of seed 002 */
    static const char *const NUMS[] = {
        "事業コード", "人工 (R3年度)", NULL,
        NULL, "1", "0",
    };
    b = test_book("b.csv", NUMS, 2, 3);
    CU_ASSERT_EQUAL_FATAL(headers_read(&b->sheets[0], 0, &band), 0);
    CU_ASSERT_EQUAL(band.nrows, 1);
    headers_free(&band);
    book_free(b);

    /* a lone title is never a group, even with words below it */
    static const char *const TITLE[] = {
        "（単位：千円）", NULL, NULL,
        "事業コード", "事業名", "評価年度",
    };
    b = test_book("c.csv", TITLE, 2, 3);
    CU_ASSERT_EQUAL_FATAL(headers_read(&b->sheets[0], 0, &band), 0);
    CU_ASSERT_EQUAL(band.nrows, 1);
    CU_ASSERT_EQUAL(band.ncols, 1);
    headers_free(&band);
    book_free(b);

    /* one part under a group is not enough to call the row parts */
    static const char *const ONE[] = {
        "事業コード", "人工", NULL,
        NULL, "正職員", NULL,
    };
    b = test_book("d.csv", ONE, 2, 3);
    CU_ASSERT_EQUAL_FATAL(headers_read(&b->sheets[0], 0, &band), 0);
    CU_ASSERT_EQUAL(band.nrows, 1);
    headers_free(&band);
    book_free(b);
}

/* Seed 002 as a workbook: three header rows of merged cells. */
static void test_merged_groups(void)
{
    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    hy_diags *d = diags_new();
    hy_err err;
    hy_book *b = NULL;
    CU_ASSERT_EQUAL_FATAL(ingest_file(test_src("tests/fixtures/normalize/seed002.xlsx"), &opts,
                                      &b, d, &err), HY_OK);
    CU_ASSERT_EQUAL(d->count, 0);
    const hy_sheet *sh = &b->sheets[0];
    CU_ASSERT(sh->nmerges > 10);
    hy_header_band band;
    CU_ASSERT_EQUAL_FATAL(headers_read(sh, 0, &band), 0);
    CU_ASSERT_EQUAL(band.nrows, 3);
    CU_ASSERT_EQUAL(band.ncols, 18);
    expect_parts(&band, 1, "事業コード");
    expect_parts(&band, 4, "インプット（事務事業に必要な行政資源）");
    expect_parts(&band, 5, "インプット（事務事業に必要な行政資源） | 事業費 (千円)");
    expect_parts(&band, 9, "インプット（事務事業に必要な行政資源） | 交付税 措置(%)");
    expect_parts(&band, 12, "インプット（事務事業に必要な行政資源） | 人工 (R3年度) | 正職員");
    expect_parts(&band, 13, "インプット（事務事業に必要な行政資源） | 人工 (R3年度) | 会計 年度");
    /* a header wrapped inside its cell reads as one line */
    expect_parts(&band, 14, "アウトプット R3年度は何をどれだけしたか (利用者数・件数等)");
    expect_parts(&band, 16, "開始時期");
    headers_free(&band);

    /* the same sheet as Excel saves it to CSV gives the same columns */
    hy_book *c = NULL;
    CU_ASSERT_EQUAL_FATAL(ingest_file(test_src("tests/fixtures/normalize/seed002.csv"), &opts,
                                      &c, d, &err), HY_OK);
    hy_header_band band2;
    CU_ASSERT_EQUAL_FATAL(headers_read(&c->sheets[0], 0, &band2), 0);
    CU_ASSERT_EQUAL(band2.nrows, 3);
    CU_ASSERT_EQUAL(band2.ncols, 18);
    CU_ASSERT_STRING_EQUAL(parts_of(&band2, 13),
                           "インプット（事務事業に必要な行政資源） | 人工 (R3年度) | 会計 年度");
    headers_free(&band2);
    book_free(c);
    book_free(b);
    diags_free(d);
}

/* A merged range narrower than the blanks after it bounds the group: in a
 * workbook, blank cells beside a merged group are not part of it. */
static void test_merge_bounds_group(void)
{
    static const char *const T[] = {
        "事業コード", "人工", NULL, NULL, "備考",
        NULL, "正職員", "会計年度", "嘱託", NULL,
    };
    hy_book *b = test_book("m.xlsx", T, 2, 5);
    hy_merge merges[] = {{1, 2, 1, 3}};   /* 人工 over B:C only */
    b->sheets[0].merges = merges;
    b->sheets[0].nmerges = 1;
    hy_header_band band;
    CU_ASSERT_EQUAL_FATAL(headers_read(&b->sheets[0], 0, &band), 0);
    /* 嘱託 stands under no group: the second row is not parts */
    CU_ASSERT_EQUAL(band.nrows, 1);
    headers_free(&band);
    merges[0].last_col = 4;               /* 人工 over B:D */
    CU_ASSERT_EQUAL_FATAL(headers_read(&b->sheets[0], 0, &band), 0);
    CU_ASSERT_EQUAL(band.nrows, 2);
    expect_parts(&band, 4, "人工 | 嘱託");
    expect_parts(&band, 5, "備考");
    headers_free(&band);
    b->sheets[0].merges = NULL;
    b->sheets[0].nmerges = 0;
    book_free(b);
}

int main(void)
{
    static const hy_test tests[] = {
        {"a group over its parts in CSV", test_group_in_csv},
        {"rows that are not parts", test_not_parts},
        {"merged groups over three rows (seed 002)", test_merged_groups},
        {"a merged range bounds its group", test_merge_bounds_group},
        {NULL, NULL},
    };
    return test_main("headers", tests);
}
