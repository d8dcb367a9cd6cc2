/* tests for ingest/xls: legacy .xls through FreeXL, and files that only look like one */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest/xls.h"
#include "ingestcheck.h"
#include "testutil.h"
#include "util/fsutil.h"

#define FIX "tests/fixtures/ingest/"

static const ic_row projects[] = {
    {1, 0, 6, NULL, {"事業コード", "事業名", "担当課", "事業費", "増減", "備考"}},
    {2, 0, 6, NULL, {"101", "①子育て支援～㈱委託", "髙﨑市民課", "２２，０００", "△1,234",
                     "複数行の\n備考, カンマ入り"}},
    {3, 0, 6, NULL, {"102", "彼は\"最高\"と言った", "髙橋総務課", "22,000", NULL, "空欄あり"}},
    {4, 0, 6, NULL, {"103", "ｶﾀｶﾅ事業", "企画課", "0", "-5", "C:\\data\\~1"}},
};

/* The indicators sheet as FreeXL 1.0.6 gives it. Unlike the .xlsx fixtures:
 * booleans arrive as the numbers 1 and 0 (FreeXL does not tell them apart), and
 * the merged header A1:C1 is not reported (FreeXL does not expose merges), so
 * the sheet looks as a CSV would. If FreeXL learns either, this test says so. */
static const ic_row indicators[] = {
    {1, 0, 4, "t--t", {"令和6年度", NULL, NULL, "確認"}},
    {2, 0, 4, "tttt", {"目標値", "実績値", "達成率", "済"}},
    {3, 0, 4, "nnnn", {"22000", "1234.5", "0.1", "1"}},
    {4, 0, 4, "n--n", {"1", NULL, NULL, "0"}},
    {5, 0, 4, "ddtn", {"2024-07-01", "2019-05-01", "髙橋", "-1234567.25"}},
    {7, 0, 1, "t", {"以上"}},
};

static void test_workbook(void)
{
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "book.xls", NULL, &book, &diags), HY_OK);
    IC_NO_DIAGS(diags);
    CU_ASSERT_PTR_NULL(book->encoding);
    CU_ASSERT_EQUAL_FATAL(book->nsheets, 3);
    CU_ASSERT_STRING_EQUAL(book->sheets[0].name, "事業");
    CU_ASSERT_STRING_EQUAL(book->sheets[1].name, "指標");
    CU_ASSERT_STRING_EQUAL(book->sheets[2].name, "空");
    CU_ASSERT_STRING_EQUAL(book->sheets[0].file, FIX "book.xls");
    IC_EXPECT_ROWS(&book->sheets[0], projects);
    IC_EXPECT_ROWS(&book->sheets[1], indicators);
    CU_ASSERT_EQUAL(book->sheets[1].nmerges, 0);
    CU_ASSERT_EQUAL(book->sheets[2].nrows, 0);
    book_free(book);
    diags_free(diags);
}

static void test_same_cells_as_csv_and_xlsx(void)
{
    hy_book *xls, *csv, *xlsx;
    hy_diags *d1, *d2, *d3;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "book.xls", NULL, &xls, &d1), HY_OK);
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "table_utf8_bom.csv", NULL, &csv, &d2), HY_OK);
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "book_lxw.xlsx", NULL, &xlsx, &d3), HY_OK);
    IC_SAME_CELLS(&xls->sheets[0], &csv->sheets[0]);
    IC_SAME_CELLS(&xls->sheets[0], &xlsx->sheets[0]);
    /* Numbers and dates read the same as from the .xlsx (booleans aside). */
    const hy_row *a = &xls->sheets[1].rows[4], *b = &xlsx->sheets[1].rows[4];
    for (uint32_t c = 1; c <= 4; c++)
        CU_ASSERT_STRING_EQUAL(row_text(a, c), row_text(b, c));
    CU_ASSERT_STRING_EQUAL(row_text(&xls->sheets[1].rows[2], 2),
                           row_text(&xlsx->sheets[1].rows[2], 2));
    book_free(xls);
    book_free(csv);
    book_free(xlsx);
    diags_free(d1);
    diags_free(d2);
    diags_free(d3);
}

/* Writes len bytes to dir/name and expects that reading it gives HY_EDATA and
 * exactly the diagnostic "<path>: error: <message>". */
static void expect_refused(const char *dir, const char *name, const void *data, size_t len,
                           const char *message)
{
    char *path = fs_join(dir, name);
    CU_ASSERT_EQUAL(test_write(path, data, len), 0);
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL(ic_ingest(path, NULL, &book, &diags), HY_EDATA);
    CU_ASSERT_PTR_NULL(book);
    char want[1024];
    snprintf(want, sizeof want, "%s: error: %s", path, message);
    IC_EXPECT_DIAGS(diags, want);
    diags_free(diags);
    free(path);
}

static void test_not_xls(void)
{
    char *dir = test_tmpdir("xls-not");
    size_t len;
    char *xlsx = test_slurp(FIX "book_lxw.xlsx", &len);
    expect_refused(dir, "zip.xls", xlsx, len, "not an .xls workbook: it is an .xlsx workbook (a "
                   "zip file) with an .xls name; rename it to .xlsx");
    free(xlsx);
    static const char html[] = "<html><body><table><tr><td>1</td></tr></table></body></html>";
    expect_refused(dir, "web.xls", html, sizeof html - 1, "not an .xls workbook: it is an HTML "
                   "or XML file with an .xls name; open it in Excel and save it as .xlsx");
    expect_refused(dir, "text.xls", "a,b\r\n", 5, "not an .xls workbook: it does not start "
                   "with the signature of an Excel 97-2003 file");
    expect_refused(dir, "empty.xls", "", 0, "not an .xls workbook: the file is empty");

    char *xls = test_slurp(FIX "book.xls", &len);
    expect_refused(dir, "half.xls", xls, len / 2, "not a readable .xls workbook: the file is "
                   "cut short or damaged");
    free(xls);
    free(dir);
}

/* FreeXL dies in freexl_open on this file (one byte changed in book.xls). The
 * crash stays in the reading child; the run goes on with a diagnostic. */
static void test_freexl_crash_contained(void)
{
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL(ic_ingest(FIX "freexl_crash.xls", NULL, &book, &diags), HY_EDATA);
    CU_ASSERT_PTR_NULL(book);
#ifdef __SANITIZE_ADDRESS__
    /* AddressSanitizer catches the fault in the child and exits with status 1. */
    IC_EXPECT_DIAGS(diags, FIX "freexl_crash.xls: error: not a readable .xls workbook: the "
                           "reader stopped abnormally on it (exit status 1); the file is "
                           "damaged or was crafted");
#else
    IC_EXPECT_DIAGS(diags, FIX "freexl_crash.xls: error: not a readable .xls workbook: the "
                           "reader stopped abnormally on it (signal 11); the file is damaged "
                           "or was crafted");
#endif
    diags_free(diags);

    /* The next file reads as usual. */
    CU_ASSERT_EQUAL(ic_ingest(FIX "book.xls", NULL, &book, &diags), HY_OK);
    IC_NO_DIAGS(diags);
    book_free(book);
    diags_free(diags);
}

static void test_limits(void)
{
    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    opts.limits.max_rows = 2;
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "book.xls", &opts, &book, &diags), HY_OK);
    IC_EXPECT_DIAGS(diags, FIX "book.xls[事業]:3: error: more than 2 rows; the rest of the file "
                           "was not read");
    CU_ASSERT_EQUAL_FATAL(book->nsheets, 1);
    CU_ASSERT_EQUAL(book->sheets[0].nrows, 2);
    book_free(book);
    diags_free(diags);

    ingest_default_opts(&opts);
    opts.limits.max_cols = 3;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "book.xls", &opts, &book, &diags), HY_OK);
    IC_EXPECT_DIAGS(diags, FIX "book.xls[事業]!D1: error: more than 3 columns; the rest of the "
                           "file was not read");
    static const ic_row cut[] = {{1, 1, 3, NULL, {"事業コード", "事業名", "担当課"}}};
    IC_EXPECT_ROWS(&book->sheets[0], cut);
    book_free(book);
    diags_free(diags);

    /* Cells over 25 bytes are cut on a character boundary. */
    ingest_default_opts(&opts);
    opts.limits.max_cell_bytes = 25;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "book.xls", &opts, &book, &diags), HY_OK);
    IC_EXPECT_DIAGS(diags,
                    FIX "book.xls[事業]!B2: error: cell is 30 bytes long, more than the limit "
                        "of 25 bytes; it was cut short",
                    FIX "book.xls[事業]!F2: error: cell is 36 bytes long, more than the limit "
                        "of 25 bytes; it was cut short",
                    FIX "book.xls[事業]!B3: error: cell is 26 bytes long, more than the limit "
                        "of 25 bytes; it was cut short");
    const hy_sheet *s = &book->sheets[0];
    CU_ASSERT_STRING_EQUAL(row_text(&s->rows[1], 2), "①子育て支援～㈱");
    CU_ASSERT_STRING_EQUAL(row_text(&s->rows[1], 6), "複数行の\n備考, カ");
    CU_ASSERT_STRING_EQUAL(row_text(&s->rows[2], 2), "彼は\"最高\"と言っ");
    CU_ASSERT(s->rows[1].broken && s->rows[2].broken && !s->rows[3].broken);
    book_free(book);
    diags_free(diags);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* A 2 KB file whose DIFAT chain loops makes FreeXL grow without bound: the
 * child's wall-clock limit ends it in 3 s, and with a tighter memory limit its
 * address space ends it first. Either way one line says which file and why. */
static void test_xls_bomb_bounded(void)
{
    hy_book *book;
    hy_diags *diags;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CU_ASSERT_EQUAL(ic_ingest(FIX "bomb_difat.xls", NULL, &book, &diags), HY_EDATA);
    double took = seconds_since(&t0);
    CU_ASSERT(took < 5.0);
    IC_EXPECT_DIAGS(diags, FIX "bomb_difat.xls: error: not a readable .xls workbook: reading it "
                           "took longer than the reader's time limit of 3 s; the file is "
                           "damaged or was crafted");
    diags_free(diags);
#ifndef __SANITIZE_ADDRESS__
    /* (AddressSanitizer reserves its heap's address space up front, so under it
     * RLIMIT_AS never trips and only the time limit can be seen.) */
    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    opts.limits.max_child_bytes = (size_t)48 << 20;
    opts.limits.max_child_seconds = 60;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CU_ASSERT_EQUAL(ic_ingest(FIX "bomb_difat.xls", &opts, &book, &diags), HY_EDATA);
    took = seconds_since(&t0);
    CU_ASSERT(took < 30.0);
    printf("(memory limit reached in %.2f s) ", took);
    IC_EXPECT_DIAGS(diags, FIX "bomb_difat.xls: error: not a readable .xls workbook: reading it "
                           "took more than the reader's memory limit of 48 MB; the file is "
                           "damaged or was crafted");
    diags_free(diags);
#endif
}

int main(void)
{
    static const hy_test tests[] = {
        {"xlwt workbook: every sheet, types, dates", test_workbook},
        {"same cells as the CSV and the .xlsx", test_same_cells_as_csv_and_xlsx},
        {"files that are not .xls workbooks", test_not_xls},
        {"a FreeXL crash is a diagnostic, not the end", test_freexl_crash_contained},
        {"row, column and cell limits", test_limits},
        {"an .xls memory bomb ends at the child's time or memory limit", test_xls_bomb_bounded},
        {NULL, NULL},
    };
    return test_main("xls", tests);
}
