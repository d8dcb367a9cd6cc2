/* tests for ingest/ingest: which files are read, dispatch by extension, defaults */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingestcheck.h"
#include "testutil.h"
#include "util/fsutil.h"

#define FIX "tests/fixtures/ingest/"

static void test_defaults(void)
{
    hy_ingest_opts o;
    memset(&o, 0xAB, sizeof o);
    ingest_default_opts(&o);
    CU_ASSERT_PTR_NULL(o.encoding);
    CU_ASSERT_EQUAL(o.limits.max_file_bytes, (size_t)256 * 1024 * 1024);
    CU_ASSERT_EQUAL(o.limits.max_cell_bytes, (size_t)1024 * 1024);
    CU_ASSERT_EQUAL(o.limits.max_rows, 1000000);
    CU_ASSERT_EQUAL(o.limits.max_cols, 16384);
    CU_ASSERT_EQUAL(o.limits.max_sheets, 1000);
    CU_ASSERT_EQUAL(o.limits.max_rels, 10000);
    CU_ASSERT_EQUAL(o.limits.max_strings, 4000000);
    CU_ASSERT_EQUAL(o.limits.max_child_bytes, (size_t)1 << 30);
    CU_ASSERT_EQUAL(o.limits.max_child_seconds, 3);
    CU_ASSERT_EQUAL(o.limits.max_part_bytes, (size_t)512 * 1024 * 1024);
    CU_ASSERT_EQUAL(o.limits.max_ratio, 200);
}

static void test_is_input(void)
{
    CU_ASSERT_TRUE(ingest_is_input("a.csv"));
    CU_ASSERT_TRUE(ingest_is_input("dir.x/事業一覧.CSV"));
    CU_ASSERT_TRUE(ingest_is_input("/data/R6/book.xlsx"));
    CU_ASSERT_TRUE(ingest_is_input("book.XlSx"));
    CU_ASSERT_TRUE(ingest_is_input("old.xls"));
    CU_ASSERT_FALSE(ingest_is_input("notes.txt"));
    CU_ASSERT_FALSE(ingest_is_input("book.xlsm"));
    CU_ASSERT_FALSE(ingest_is_input("csv"));
    CU_ASSERT_FALSE(ingest_is_input(".csv"));
    CU_ASSERT_FALSE(ingest_is_input("data.csv/readme"));
    /* Excel's lock file beside an open workbook. */
    CU_ASSERT_FALSE(ingest_is_input("in/~$事業.xlsx"));
}

/* The extension decides the reader, whatever the case; diagnostics outlive the
 * caller's path string. */
static void test_dispatch(void)
{
    char *dir = test_tmpdir("ingest-dispatch");
    size_t len;
    char *data = test_slurp(FIX "book_lxw.xlsx", &len);
    char *path = fs_join(dir, "BOOK.XLSX");
    CU_ASSERT_EQUAL(test_write(path, data, len), 0);
    free(data);
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(path, NULL, &book, &diags), HY_OK);
    CU_ASSERT_EQUAL(book->nsheets, 3);
    CU_ASSERT_STRING_EQUAL(book->file, path);
    CU_ASSERT_PTR_NOT_EQUAL(book->file, path);   /* a copy in the book's arena */
    book_free(book);
    diags_free(diags);

    char *other = fs_join(dir, "notes.txt");
    CU_ASSERT_EQUAL(test_write(other, "x", 1), 0);
    CU_ASSERT_EQUAL(ic_ingest(other, NULL, &book, &diags), HY_EDATA);
    CU_ASSERT_PTR_NULL(book);
    free(other);   /* the diagnostic must not point at the freed path */
    CU_ASSERT_EQUAL_FATAL(diags->count, 1);
    CU_ASSERT_STRING_EQUAL(diags->items[0].message, "not a file hyoka reads (it reads .csv, "
                                                    ".xlsx and .xls)");
    CU_ASSERT(test_contains(diags->items[0].loc.file, "ingest-dispatch"));
    diags_free(diags);

    hy_err err;
    diags = diags_new();
    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    CU_ASSERT_EQUAL(ingest_file("no/such/file.csv", &opts, &book, diags, &err), HY_EIO);
    CU_ASSERT_PTR_NULL(book);
    CU_ASSERT_STRING_EQUAL(err.msg, "no/such/file.csv: cannot open: No such file or directory");
    CU_ASSERT_EQUAL(ingest_file("no/such/file.xlsx", &opts, &book, diags, &err), HY_EIO);
    CU_ASSERT_STRING_EQUAL(err.msg, "no/such/file.xlsx: cannot open: No such file or directory");
    CU_ASSERT_EQUAL(ingest_file("no/such/file.xls", &opts, &book, diags, &err), HY_EIO);
    CU_ASSERT_EQUAL(diags->count, 0);
    diags_free(diags);
    book_free(NULL);
    free(path);
    free(dir);
}

/* A named pipe called x.csv used to block `hyoka check` for ever: it is not
 * opened, and a warning names it. */
static void test_fifo_skipped(void)
{
    char *dir = test_tmpdir("ingest-fifo");
    char *fifo = fs_join(dir, "x.csv");
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL(ic_ingest(fifo, NULL, &book, &diags), HY_EDATA);
    CU_ASSERT_PTR_NULL(book);
    CU_ASSERT_EQUAL_FATAL(diags->count, 1);
    CU_ASSERT_EQUAL(diags->items[0].severity, DIAG_WARNING);
    CU_ASSERT_STRING_EQUAL(diags->items[0].message, "not a regular file (a named pipe); skipped");
    CU_ASSERT_STRING_EQUAL(diags->items[0].loc.file, fifo);
    diags_free(diags);
    char *sub = fs_join(dir, "folder.xlsx");
    CU_ASSERT_EQUAL_FATAL(mkdir(sub, 0700), 0);
    CU_ASSERT_EQUAL(ic_ingest(sub, NULL, &book, &diags), HY_EDATA);
    CU_ASSERT_EQUAL_FATAL(diags->count, 1);
    CU_ASSERT_STRING_EQUAL(diags->items[0].message, "not a regular file (a folder); skipped");
    diags_free(diags);
    free(sub);
    free(fifo);
    free(dir);
}

/* An ESC, a C1 control or a bidi override in any cell is an error at that cell
 * and rejects the row; TAB and line breaks are text. On a terminal, diagnostics
 * show such characters escaped, never raw. */
static void test_control_characters(void)
{
    char *dir = test_tmpdir("ingest-controls");
    char *path = fs_join(dir, "c.csv");
    static const char text[] = "code,name\n1\x1b[2J,ok\n2,a\tb\n3,\"x\ny\"\n4,\xC2\x85z\n"
                               "5,\xE2\x81\xA6w\n";
    CU_ASSERT_EQUAL_FATAL(test_write(path, text, sizeof text - 1), 0);
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(path, NULL, &book, &diags), HY_OK);
    char w[3][512];
    snprintf(w[0], sizeof w[0], "%s!A2: error: control character U+001B at byte 2 of the cell; "
             "text may not hold control characters: remove it", path);
    snprintf(w[1], sizeof w[1], "%s!B5: error: control character U+0085 at byte 1 of the cell; "
             "text may not hold control characters: remove it", path);
    snprintf(w[2], sizeof w[2], "%s!B6: error: control character U+2066 at byte 1 of the cell; "
             "text may not hold control characters: remove it", path);
    IC_EXPECT_DIAGS(diags, w[0], w[1], w[2]);
    const hy_sheet *sh = &book->sheets[0];
    CU_ASSERT_EQUAL_FATAL(sh->nrows, 6);
    CU_ASSERT(!sh->rows[0].broken && sh->rows[1].broken && !sh->rows[2].broken);
    CU_ASSERT(!sh->rows[3].broken && sh->rows[4].broken && sh->rows[5].broken);
    book_free(book);
    diags_free(diags);

    char shown[256] = {0};
    FILE *fp = fmemopen(shown, sizeof shown - 1, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    diag_put_visible(fp, "a\x1b[2Jb\nc\xC2\x85" "d\xE2\x80\xAE\xE3\x81\x82\x7f");
    fclose(fp);
    CU_ASSERT_STRING_EQUAL(shown, "a\\x1B[2Jb\\x0Ac\\u0085d\\u202Eあ\\x7F");
    free(path);
    free(dir);
}

int main(void)
{
    static const hy_test tests[] = {
        {"default options", test_defaults},
        {"which files are inputs", test_is_input},
        {"dispatch by extension; unreadable paths", test_dispatch},
        {"a named pipe or folder is skipped with a warning", test_fifo_skipped},
        {"control characters are errors at their cell, shown escaped", test_control_characters},
        {NULL, NULL},
    };
    return test_main("ingest", tests);
}
