/* tests for ingest/csv: CSV as Excel writes it, and every way it goes wrong */
#include <stdlib.h>
#include <string.h>

#include "ingest/csv.h"
#include "ingestcheck.h"
#include "testutil.h"
#include "util/fsutil.h"

#define FIX "tests/fixtures/ingest/"

/* The projects table every fixture holds (make_fixtures.py). */
static const ic_row projects[] = {
    {1, 0, 6, NULL, {"事業コード", "事業名", "担当課", "事業費", "増減", "備考"}},
    {2, 0, 6, NULL, {"101", "①子育て支援～㈱委託", "髙﨑市民課", "２２，０００", "△1,234",
                     "複数行の\n備考, カンマ入り"}},
    {3, 0, 6, NULL, {"102", "彼は\"最高\"と言った", "髙橋総務課", "22,000", NULL, "空欄あり"}},
    {4, 0, 6, NULL, {"103", "ｶﾀｶﾅ事業", "企画課", "0", "-5", "C:\\data\\~1"}},
};

/* A book read from bytes in memory, named mem.csv. */
typedef struct parsed {
    hy_book *book;
    hy_diags *diags;
    int rc;
} parsed;

static parsed parse_opts(const char *data, size_t len, const hy_ingest_opts *opts)
{
    parsed p;
    hy_ingest_opts def;
    if (!opts) {
        ingest_default_opts(&def);
        opts = &def;
    }
    hy_arena *arena = arena_new();
    p.book = arena_calloc(arena, sizeof *p.book);
    p.book->arena = arena;
    p.book->file = "mem.csv";
    p.diags = diags_new();
    hy_err err;
    err_clear(&err);
    p.rc = csv_read_buffer("mem.csv", data, len, opts, p.book, p.diags, &err);
    return p;
}

#define PARSE(lit) parse_opts((lit), sizeof(lit) - 1, NULL)

static void parsed_free(parsed *p)
{
    book_free(p->book);
    diags_free(p->diags);
}

static const hy_sheet *only_sheet(const parsed *p)
{
    CU_ASSERT_EQUAL(p->rc, HY_OK);
    CU_ASSERT_EQUAL(p->book->nsheets, 1);
    return p->book->nsheets == 1 ? &p->book->sheets[0] : NULL;
}

static void test_fixtures_agree(void)
{
    static const char *const files[] = {
        FIX "table_cp932.csv", FIX "table_utf8_bom.csv", FIX "table_utf8.csv",
    };
    static const char *const encodings[] = {"CP932", "UTF-8", "UTF-8"};
    for (size_t i = 0; i < 3; i++) {
        hy_book *book;
        hy_diags *diags;
        CU_ASSERT_EQUAL_FATAL(ic_ingest(files[i], NULL, &book, &diags), HY_OK);
        IC_NO_DIAGS(diags);
        CU_ASSERT_STRING_EQUAL(book->encoding, encodings[i]);
        CU_ASSERT_EQUAL(book->nsheets, 1);
        CU_ASSERT_PTR_NULL(book->sheets[0].name);
        CU_ASSERT_STRING_EQUAL(book->sheets[0].file, files[i]);
        CU_ASSERT_EQUAL(book->sheets[0].ncols, 6);
        IC_EXPECT_ROWS(&book->sheets[0], projects);
        book_free(book);
        diags_free(diags);
    }
}

static void test_forced_encoding(void)
{
    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    hy_book *book;
    hy_diags *diags;
    opts.encoding = "sjis";
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "table_cp932.csv", &opts, &book, &diags), HY_OK);
    IC_NO_DIAGS(diags);
    CU_ASSERT_STRING_EQUAL(book->encoding, "CP932");
    IC_EXPECT_ROWS(&book->sheets[0], projects);
    book_free(book);
    diags_free(diags);

    /* The CP932 file forced to UTF-8: every field is wrong, and says so. */
    opts.encoding = "utf8";
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "table_cp932.csv", &opts, &book, &diags), HY_OK);
    CU_ASSERT(diags->errors > 10);
    char line[2048];
    ic_diag_line(&diags->items[0], line, sizeof line);
    CU_ASSERT_STRING_EQUAL(line, FIX "table_cp932.csv!A1: error: invalid UTF-8 byte 0x8E at "
                                 "byte offset 0");
    CU_ASSERT(book->sheets[0].rows[0].broken);
    book_free(book);
    diags_free(diags);

    /* A UTF-8 byte order mark is proof enough to override a forced CP932. */
    opts.encoding = "CP932";
    parsed p = parse_opts("\xEF\xBB\xBF" "髙,b\r\n", 10, &opts);
    IC_EXPECT_DIAGS(p.diags, "mem.csv: warning: the file starts with a UTF-8 byte order mark, "
                             "so it was read as UTF-8, not as the CP932 asked for");
    static const ic_row bom[] = {{1, 0, 2, NULL, {"髙", "b"}}};
    IC_EXPECT_ROWS(only_sheet(&p), bom);
    CU_ASSERT_STRING_EQUAL(p.book->encoding, "UTF-8");
    parsed_free(&p);

    opts.encoding = "latin1";
    hy_err err;
    diags = diags_new();
    CU_ASSERT_EQUAL(ingest_file(FIX "table_cp932.csv", &opts, &book, diags, &err), HY_EUSAGE);
    CU_ASSERT_PTR_NULL(book);
    CU_ASSERT_STRING_EQUAL(err.msg, "unknown encoding \"latin1\" (hyoka reads UTF-8 and CP932)");
    diags_free(diags);
}

static void test_line_ends(void)
{
    /* CR only (old Mac Excel), a trailing line end, LF. */
    parsed p = PARSE("a,b\rc,d\r");
    static const ic_row cr[] = {{1, 0, 2, NULL, {"a", "b"}}, {2, 0, 2, NULL, {"c", "d"}}};
    IC_EXPECT_ROWS(only_sheet(&p), cr);
    IC_NO_DIAGS(p.diags);
    parsed_free(&p);

    /* Blank lines are not kept, but the rows after them keep their numbers;
     * whitespace is not blank. */
    p = PARSE("a\n\n\r\n \nb\r\n\r\n");
    static const ic_row blank[] = {
        {1, 0, 1, NULL, {"a"}}, {4, 0, 1, NULL, {" "}}, {5, 0, 1, NULL, {"b"}},
    };
    IC_EXPECT_ROWS(only_sheet(&p), blank);
    parsed_free(&p);

    /* A quoted field over three lines is one row; the next record is row 2.
     * Line breaks inside a cell become LF whatever the file used. */
    p = PARSE("\"x\r\ny\rz\",1\r\nnext,2");
    static const ic_row multi[] = {
        {1, 0, 2, NULL, {"x\ny\nz", "1"}}, {2, 0, 2, NULL, {"next", "2"}},
    };
    IC_EXPECT_ROWS(only_sheet(&p), multi);
    IC_NO_DIAGS(p.diags);
    parsed_free(&p);
}

static void test_quotes(void)
{
    /* "" escapes, commas inside quotes, an empty quoted field (blank), a quote
     * inside an unquoted field taken literally (as Excel does, no diagnostic),
     * trailing empty fields dropped. */
    parsed p = PARSE("ab\"c,\"d\"\"e, f\",\"\",5\"\r\n1,,,\r\n");
    static const ic_row want[] = {
        {1, 0, 4, NULL, {"ab\"c", "d\"e, f", NULL, "5\""}},
        {2, 0, 1, NULL, {"1"}},
    };
    const hy_sheet *s = only_sheet(&p);
    IC_EXPECT_ROWS(s, want);
    IC_NO_DIAGS(p.diags);
    CU_ASSERT_EQUAL(s->ncols, 4);
    parsed_free(&p);

    /* Text after a closing quote is joined on, as Excel does, with a warning. */
    p = PARSE("\"abc\"def,x\n");
    static const ic_row joined[] = {{1, 0, 2, NULL, {"abcdef", "x"}}};
    IC_EXPECT_ROWS(only_sheet(&p), joined);
    IC_EXPECT_DIAGS(p.diags, "mem.csv!A1: warning: text after the closing quote was joined "
                             "to the field");
    parsed_free(&p);
}

static void test_bad_cp932_file(void)
{
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "bad_cp932.csv", NULL, &book, &diags), HY_OK);
    IC_EXPECT_DIAGS(diags,
                    FIX "bad_cp932.csv!B3: error: invalid CP932 byte 0x81 0x20 at byte offset 34",
                    FIX "bad_cp932.csv!C4: error: user-defined character (外字) 0xF0 0x40 at "
                        "byte offset 54: no font has it; replace it with a standard character");
    static const ic_row want[] = {
        {1, 0, 3, NULL, {"番号", "名称", "担当"}},
        {2, 0, 3, NULL, {"1", "正常", "企画課"}},
        {3, 1, 3, NULL, {"2", "X\xEF\xBF\xBD Y", "総務課"}},
        {4, 1, 3, NULL, {"3", "正常", "Z\xEF\xBF\xBD課"}},
        {5, 0, 3, NULL, {"4", "最後", "財政課"}},
    };
    IC_EXPECT_ROWS(&book->sheets[0], want);
    book_free(book);
    diags_free(diags);

    /* A bad byte inside a quoted field over two lines belongs to that record; the
     * quote after it still closes the field. A lead byte at the end of the file
     * is a character cut short. */
    parsed p = PARSE("h\r\n\"a\r\nb\x81\",c\r\n\x82\xA0\x82");
    IC_EXPECT_DIAGS(p.diags, "mem.csv!A2: error: invalid CP932 byte 0x81 0x22 at byte offset 8",
                    "mem.csv!A3: error: truncated CP932 character 0x82 at byte offset 16 (the "
                    "file ends inside it)");
    static const ic_row rows[] = {
        {1, 0, 1, NULL, {"h"}},
        {2, 1, 2, NULL, {"a\nb\xEF\xBF\xBD", "c"}},
        {3, 1, 1, NULL, {"あ\xEF\xBF\xBD"}},
    };
    IC_EXPECT_ROWS(only_sheet(&p), rows);
    parsed_free(&p);
}

/* A department that pasted from the web: a CP932 file with a UTF-8 line used
 * to decode into plausible kanji without a word. It is an error at its row,
 * and the line is kept as the UTF-8 it is. */
static void test_cp932_with_utf8_lines(void)
{
    parsed p = PARSE("\x94\xD4\x8D\x86,\x96\xBC\x8F\xCC\r\n1,\x90\xB3\x8F\xED\r\n"
                     "2,\xE3\x82\xA6\xE3\x82\xA7\xE3\x83\x96\r\n3,\x8D\xC5\x8C\xE3\r\n");
    CU_ASSERT_STRING_EQUAL(p.book->encoding, "CP932");
    IC_EXPECT_DIAGS(p.diags, "mem.csv!B3: error: this line is UTF-8 text (0xE3 0x82 at byte "
                    "offset 21) in a file that is otherwise CP932, where it would read as "
                    "garbled kanji; save the whole file in one encoding");
    static const ic_row rows[] = {
        {1, 0, 2, NULL, {"番号", "名称"}},
        {2, 0, 2, NULL, {"1", "正常"}},
        {3, 1, 2, NULL, {"2", "ウェブ"}},
        {4, 0, 2, NULL, {"3", "最後"}},
    };
    IC_EXPECT_ROWS(only_sheet(&p), rows);
    parsed_free(&p);

    /* forced CP932 says the same */
    hy_ingest_opts o;
    ingest_default_opts(&o);
    o.encoding = "sjis";
    static const char text[] = "1,\x90\xB3\n2,\xE6\xAD\xA3\n";
    p = parse_opts(text, sizeof text - 1, &o);
    IC_EXPECT_DIAGS(p.diags, "mem.csv!B2: error: this line is UTF-8 text (0xE6 0xAD at byte "
                    "offset 7) in a file that is otherwise CP932, where it would read as "
                    "garbled kanji; save the whole file in one encoding");
    parsed_free(&p);
}

/* A UTF-8 file with one stray byte used to be read wholesale as CP932, with
 * errors at rows that were fine: it is UTF-8, and the byte is an error at its
 * own row and column. */
static void test_utf8_with_a_stray_byte(void)
{
    parsed p = PARSE("\xE7\x95\xAA\xE5\x8F\xB7,\xE5\x90\x8D\xE7\xA7\xB0\n"
                     "1,\xE6\xAD\xA3\xE5\xB8\xB8\n2,\x93x\n3,\xE6\x9C\x80\xE5\xBE\x8C\n");
    CU_ASSERT_STRING_EQUAL(p.book->encoding, "UTF-8");
    IC_EXPECT_DIAGS(p.diags, "mem.csv!B3: error: invalid UTF-8 byte 0x93 at byte offset 25 "
                    "(the file is UTF-8: 3 of its 4 lines with non-ASCII text are)");
    static const ic_row rows[] = {
        {1, 0, 2, NULL, {"番号", "名称"}},
        {2, 0, 2, NULL, {"1", "正常"}},
        {3, 1, 2, NULL, {"2", "\xEF\xBF\xBDx"}},
        {4, 0, 2, NULL, {"3", "最後"}},
    };
    IC_EXPECT_ROWS(only_sheet(&p), rows);
    parsed_free(&p);
}

/* Decomposed text (か + U+3099, as macOS writes it) printed as detached marks:
 * cells are NFC on the way in. NFC, not NFKC: half-width ｶﾅ and ① stay. */
static void test_nfc_on_the_way_in(void)
{
    parsed p = PARSE("\xE3\x81\x8B\xE3\x82\x99,A\xCC\x8A,\xEF\xBD\xB6\xEF\xBE\x9E\xE2\x91\xA0,"
                     "\xE3\x83\x8F\xE3\x82\x9A\xE3\x83\xB3\r\n");
    IC_NO_DIAGS(p.diags);
    static const ic_row rows[] = {
        {1, 0, 4, NULL, {"が", "\xC3\x85", "ｶﾞ①", "パン"}},
    };
    IC_EXPECT_ROWS(only_sheet(&p), rows);
    parsed_free(&p);
}

static void test_unterminated(void)
{
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "unterminated.csv", NULL, &book, &diags), HY_OK);
    IC_EXPECT_DIAGS(diags, FIX "unterminated.csv!B3: error: unterminated quoted field "
                           "(opened here); the rest of the file was read into it");
    static const ic_row want[] = {
        {1, 0, 2, NULL, {"番号", "名称"}},
        {2, 0, 2, NULL, {"1", "正常"}},
        {3, 1, 2, NULL, {"2", "閉じない\n3,次の行\n"}},
    };
    IC_EXPECT_ROWS(&book->sheets[0], want);
    book_free(book);
    diags_free(diags);
}

/* Writes a CSV whose row 2 column 2 holds n bytes of あ (3 bytes each), in
 * quotes or not. */
static char *write_big_cell(const char *dir, size_t n, int quoted)
{
    char *path = fs_join(dir, quoted ? "bigq.csv" : "big.csv");
    size_t len = 0;
    char *data = malloc(n + 64);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    len += (size_t)sprintf(data, "a,b,c\r\n1,%s", quoted ? "\"" : "");
    for (size_t i = 0; i + 3 <= n; i += 3) {
        memcpy(data + len, "あ", 3);
        len += 3;
    }
    len += (size_t)sprintf(data + len, "%s,z\r\n2,ok\r\n", quoted ? "\"" : "");
    CU_ASSERT_EQUAL(test_write(path, data, len), 0);
    free(data);
    return path;
}

static void test_huge_cell(void)
{
    char *dir = test_tmpdir("csv-big");
    char want[512];
    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    for (int quoted = 0; quoted <= 1; quoted++) {
        char *path = write_big_cell(dir, 10 * 1024 * 1024, quoted);   /* 10,485,759 bytes */
        for (int lowered = 1; lowered >= 0; lowered--) {
            opts.limits.max_cell_bytes = lowered ? 1000 : (size_t)1 << 20;
            hy_book *book;
            hy_diags *diags;
            CU_ASSERT_EQUAL_FATAL(ic_ingest(path, &opts, &book, &diags), HY_OK);
            snprintf(want, sizeof want, "%s!B2: error: cell is 10485759 bytes long, more "
                     "than the limit of %zu bytes; it was cut short", path,
                     opts.limits.max_cell_bytes);
            IC_EXPECT_DIAGS(diags, want);
            const hy_sheet *s = &book->sheets[0];
            CU_ASSERT_EQUAL_FATAL(s->nrows, 3);
            CU_ASSERT(s->rows[1].broken);
            CU_ASSERT_FALSE(s->rows[2].broken);
            /* Cut on a character boundary: 999 of 1000, 1,048,575 of 1,048,576. */
            CU_ASSERT_EQUAL(strlen(row_text(&s->rows[1], 2)), lowered ? 999 : 1048575);
            CU_ASSERT_STRING_EQUAL(row_text(&s->rows[1], 3), "z");
            CU_ASSERT_STRING_EQUAL(row_text(&s->rows[2], 2), "ok");
            book_free(book);
            diags_free(diags);
        }
        free(path);
    }
    free(dir);
}

static void test_row_and_column_limits(void)
{
    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    opts.limits.max_rows = 2;
    /* Blank lines after the last row are harmless... */
    parsed p = parse_opts("a\nb\n\n\n", 6, &opts);
    IC_NO_DIAGS(p.diags);
    CU_ASSERT_EQUAL(only_sheet(&p)->nrows, 2);
    parsed_free(&p);
    /* ...a third row is not, and nothing after it is read. */
    p = parse_opts("a\nb\nc\nd\n", 8, &opts);
    IC_EXPECT_DIAGS(p.diags, "mem.csv:3: error: more than 2 rows; the rest of the file was "
                             "not read");
    static const ic_row two[] = {{1, 0, 1, NULL, {"a"}}, {2, 0, 1, NULL, {"b"}}};
    IC_EXPECT_ROWS(only_sheet(&p), two);
    parsed_free(&p);

    ingest_default_opts(&opts);
    opts.limits.max_cols = 3;
    p = parse_opts("a,b,c\n1,2,3,4,5\n6\n", 18, &opts);
    IC_EXPECT_DIAGS(p.diags, "mem.csv!D2: error: more than 3 columns; the rest of the file "
                             "was not read");
    static const ic_row cols[] = {
        {1, 0, 3, NULL, {"a", "b", "c"}}, {2, 1, 3, NULL, {"1", "2", "3"}},
    };
    IC_EXPECT_ROWS(only_sheet(&p), cols);
    parsed_free(&p);
}

static void test_empty_and_utf16_files(void)
{
    char *dir = test_tmpdir("csv-files");
    char *empty = fs_join(dir, "empty.csv");
    char *utf16 = fs_join(dir, "utf16.csv");
    CU_ASSERT_EQUAL(test_write(empty, "", 0), 0);
    CU_ASSERT_EQUAL(test_write(utf16, "\xFF\xFE" "a\0,\0b\0", 8), 0);

    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(empty, NULL, &book, &diags), HY_OK);
    IC_NO_DIAGS(diags);
    CU_ASSERT_EQUAL(book->nsheets, 1);
    CU_ASSERT_EQUAL(book->sheets[0].nrows, 0);
    CU_ASSERT_EQUAL(book->sheets[0].ncols, 0);
    CU_ASSERT_STRING_EQUAL(book->encoding, "UTF-8");
    book_free(book);
    diags_free(diags);

    char want[1024];
    CU_ASSERT_EQUAL(ic_ingest(utf16, NULL, &book, &diags), HY_EDATA);
    CU_ASSERT_PTR_NULL(book);
    snprintf(want, sizeof want, "%s: error: the file is UTF-16 text (byte order mark 0xFF "
             "0xFE), which hyoka does not read; save it as \"CSV UTF-8\" or \"CSV (comma "
             "delimited)\"", utf16);
    IC_EXPECT_DIAGS(diags, want);
    diags_free(diags);

    /* A file larger than the limit is refused before it is read. */
    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    opts.limits.max_file_bytes = 100;
    CU_ASSERT_EQUAL(ic_ingest(FIX "table_cp932.csv", &opts, &book, &diags), HY_EDATA);
    IC_EXPECT_DIAGS(diags, FIX "table_cp932.csv: error: the file is 227 bytes, more than the "
                           "limit of 100 bytes; it was not read");
    diags_free(diags);
    free(empty);
    free(utf16);
    free(dir);
}

int main(void)
{
    static const hy_test tests[] = {
        {"a CP932 file with UTF-8 lines: errors at those rows", test_cp932_with_utf8_lines},
        {"a UTF-8 file with a stray byte: UTF-8, error at its row", test_utf8_with_a_stray_byte},
        {"decomposed text becomes NFC", test_nfc_on_the_way_in},
        {"CP932, UTF-8 with and without BOM give the same cells", test_fixtures_agree},
        {"--encoding forces a reading", test_forced_encoding},
        {"CR, LF, CRLF; blank lines keep numbering; multi-line fields", test_line_ends},
        {"quotes: escapes, literal, text after closing quote", test_quotes},
        {"bad CP932 bytes reported at row:column", test_bad_cp932_file},
        {"unterminated quote reported where it opened", test_unterminated},
        {"a 10 MB cell is cut at the limit", test_huge_cell},
        {"row and column limits stop the read", test_row_and_column_limits},
        {"empty file, UTF-16 file, file size limit", test_empty_and_utf16_files},
        {NULL, NULL},
    };
    return test_main("csv", tests);
}
