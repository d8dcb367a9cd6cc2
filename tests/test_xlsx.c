/* tests for ingest/xlsx (and zippart): workbooks from libxlsxwriter, LibreOffice
 * and hand-made XML; damaged and hostile packages */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "ingest/xlsx.h"
#include "ingestcheck.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/fsutil.h"

#define FIX "tests/fixtures/ingest/"
#define MAIN_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG_NS "http://schemas.openxmlformats.org/package/2006/relationships"

/* ---- the fixtures' cells ---- */

static const ic_row projects[] = {
    {1, 0, 6, NULL, {"事業コード", "事業名", "担当課", "事業費", "増減", "備考"}},
    {2, 0, 6, NULL, {"101", "①子育て支援～㈱委託", "髙﨑市民課", "２２，０００", "△1,234",
                     "複数行の\n備考, カンマ入り"}},
    {3, 0, 6, NULL, {"102", "彼は\"最高\"と言った", "髙橋総務課", "22,000", NULL, "空欄あり"}},
    {4, 0, 6, NULL, {"103", "ｶﾀｶﾅ事業", "企画課", "0", "-5", "C:\\data\\~1"}},
};

static const ic_row indicators[] = {
    {1, 0, 4, "t--t", {"令和6年度", NULL, NULL, "確認"}},
    {2, 0, 4, "tttt", {"目標値", "実績値", "達成率", "済"}},
    {3, 0, 4, "nnnb", {"22000", "1234.5", "0.1", "TRUE"}},
    {4, 0, 4, "n--b", {"1", NULL, NULL, "FALSE"}},
    {5, 0, 4, "ddtn", {"2024-07-01", "2019-05-01", "髙橋", "-1234567.25"}},
    {7, 0, 1, "t", {"以上"}},
};

static void expect_fixture_book(const char *path)
{
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(path, NULL, &book, &diags), HY_OK);
    IC_NO_DIAGS(diags);
    CU_ASSERT_PTR_NULL(book->encoding);
    CU_ASSERT_EQUAL_FATAL(book->nsheets, 3);
    CU_ASSERT_STRING_EQUAL(book->sheets[0].name, "事業");
    CU_ASSERT_STRING_EQUAL(book->sheets[1].name, "指標");
    CU_ASSERT_STRING_EQUAL(book->sheets[2].name, "空");
    CU_ASSERT_STRING_EQUAL(book->sheets[1].file, path);
    IC_EXPECT_ROWS(&book->sheets[0], projects);
    IC_EXPECT_ROWS(&book->sheets[1], indicators);
    CU_ASSERT_EQUAL(book->sheets[1].ncols, 4);
    CU_ASSERT_EQUAL(book->sheets[2].nrows, 0);
    CU_ASSERT_EQUAL_FATAL(book->sheets[1].nmerges, 1);
    const hy_merge *m = &book->sheets[1].merges[0];
    CU_ASSERT(m->first_row == 1 && m->first_col == 1 && m->last_row == 1 && m->last_col == 3);
    CU_ASSERT_EQUAL(book->sheets[0].nmerges, 0);
    book_free(book);
    diags_free(diags);
}

static void test_libxlsxwriter_book(void)
{
    expect_fixture_book(FIX "book_lxw.xlsx");
}

/* LibreOffice splits the Japanese strings into rich-text runs by font and
 * writes booleans as formulas with cached values. */
static void test_libreoffice_book(void)
{
    expect_fixture_book(FIX "book_lo.xlsx");
}

/* Excel adds furigana runs to Japanese cells; they are not part of the text. */
static void test_phonetic_runs(void)
{
    expect_fixture_book(FIX "book_rph.xlsx");
}

static void test_same_cells_as_csv(void)
{
    hy_book *csv, *xlsx;
    hy_diags *d1, *d2;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "table_cp932.csv", NULL, &csv, &d1), HY_OK);
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "book_lo.xlsx", NULL, &xlsx, &d2), HY_OK);
    IC_SAME_CELLS(&csv->sheets[0], &xlsx->sheets[0]);
    book_free(csv);
    book_free(xlsx);
    diags_free(d1);
    diags_free(d2);
}

/* ---- workbooks built here ---- */

typedef struct part {
    const char *name;
    const char *data;     /* NUL-terminated unless len is given */
    size_t len;
} part;

/* Writes a zip of the parts (NULL-name-terminated) to dir/name; returns its path. */
static char *make_zip(const char *dir, const char *name, const part *parts)
{
    char *path = fs_join(dir, name);
    int code = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    for (const part *p = parts; p->name; p++) {
        size_t len = p->len ? p->len : strlen(p->data);
        zip_source_t *src = zip_source_buffer(z, p->data, len, 0);
        CU_ASSERT_FATAL(src && zip_file_add(z, p->name, src, ZIP_FL_ENC_UTF_8) >= 0);
    }
    CU_ASSERT_EQUAL_FATAL(zip_close(z), 0);
    return path;
}

static const char root_rels[] =
    "<Relationships xmlns=\"" PKG_NS "\"><Relationship Id=\"rId1\" Type=\"" REL_NS
    "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

/* Parts of a one-sheet workbook "S" with these sheet and shared strings parts. */
#define ONE_SHEET(sheet_xml, sst_xml)                                                              \
    {"[Content_Types].xml", "<Types/>", 0},                                               \
    {"_rels/.rels", root_rels, 0},                                                        \
    {"xl/workbook.xml", "<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><sheets>" \
                        "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>", 0}, \
    {"xl/_rels/workbook.xml.rels",                                                        \
     "<Relationships xmlns=\"" PKG_NS "\"><Relationship Id=\"rId1\" Type=\"" REL_NS       \
     "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\""   \
     REL_NS "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>", 0},        \
    {"xl/worksheets/sheet1.xml", (sheet_xml), 0},                                        \
    {"xl/sharedStrings.xml", (sst_xml), 0}

/* The hand-made workbook: sheets stored out of order and under other names, a
 * chart sheet, prefixed element names, relative and absolute targets, every
 * cell type, custom formats, escapes and broken cells. */
static const char edge_workbook[] =
    "<x:workbook xmlns:x=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><x:workbookPr date1904=\"false\"/>"
    "<x:sheets><x:sheet name=\"データ\" sheetId=\"7\" r:id=\"rId9\"/>"
    "<x:sheet name=\"グラフ\" sheetId=\"2\" r:id=\"rId3\"/>"
    "<x:sheet name=\"メモ\" sheetId=\"1\" state=\"hidden\" r:id=\"rId1\"/></x:sheets></x:workbook>";

static const char edge_rels[] =
    "<Relationships xmlns=\"" PKG_NS "\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId9\" Type=\"" REL_NS "/worksheet\" Target=\"/xl/worksheets/data.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" REL_NS "/chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId4\" Type=\"" REL_NS "/styles\" Target=\"./styles.xml\"/>"
    "<Relationship Id=\"rId5\" Type=\"" REL_NS "/sharedStrings\" Target=\"../xl/strings.xml\"/>"
    "<Relationship Id=\"rId6\" Type=\"" REL_NS "/hyperlink\" Target=\"http://example.jp/\" "
    "TargetMode=\"External\"/></Relationships>";

static const char edge_styles[] =
    "<styleSheet xmlns=\"" MAIN_NS "\"><numFmts count=\"3\">"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"0.00E+00\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"[h]:mm:ss\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
    "<xf numFmtId=\"166\"/><xf numFmtId=\"14\"/><xf numFmtId=\"20\"/></cellXfs>"
    "<dxfs count=\"1\"><dxf><numFmt numFmtId=\"165\" formatCode=\"yyyy\"/></dxf></dxfs>"
    "</styleSheet>";

static const char edge_strings[] =
    "<sst xmlns=\"" MAIN_NS "\" count=\"6\" uniqueCount=\"6\">"
    "<si><t>見出し</t></si>"
    "<si><r><t>髙</t></r><r><rPr><b/></rPr><t>橋</t></r>"
    "<rPh sb=\"0\" eb=\"2\"><t>タカハシ</t></rPh><phoneticPr fontId=\"1\"/></si>"
    "<si><t xml:space=\"preserve\">一行目_x000D_\n二行目 </t></si>"
    "<si><t>_x005F_x0041_ と _x0041_</t></si>"
    "<si><t/></si>"
    "<si><t>&lt;&amp;&gt;</t></si></sst>";

static const char edge_data[] =
    "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
    /* no r attributes: row 2, columns counted */
    "<row><c t=\"s\"><v>2</v></c><c t=\"s\"><v>3</v></c><c t=\"s\"><v>4</v></c>"
    "<c t=\"s\"><v>5</v></c></row>"
    "<row r=\"5\"><c r=\"B5\" t=\"inlineStr\"><is><r><t>イン</t></r><r><t>ライン</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>いん</t></rPh></is></c>"
    "<c t=\"str\"><f>A1&amp;\"\"</f><v>式の結果</v></c>"
    "<c t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
    "<c t=\"d\"><v>2024-07-01T00:00:00</v></c>"
    "<c t=\"b\"><v>1</v></c></row>"
    "<row r=\"6\"><c r=\"A6\" s=\"1\"><v>45474</v></c><c r=\"B6\" s=\"2\"><v>12345</v></c>"
    "<c r=\"C6\" s=\"3\"><v>1.5</v></c><c r=\"D6\" s=\"4\"><v>60</v></c>"
    "<c r=\"E6\" s=\"4\"><v>61</v></c><c r=\"F6\" s=\"5\"><v>0.5</v></c>"
    "<c r=\"G6\" s=\"4\"><v>0</v></c><c r=\"H6\" s=\"99\"><v>7</v></c></row>"
    "<row r=\"7\"><c r=\"A7\"><v>1E-3</v></c><c r=\"B7\"><v>0.30000000000000004</v></c>"
    "<c r=\"C7\"><v>-0</v></c><c r=\"D7\"><v>1.2345678901234567E+19</v></c>"
    "<c r=\"E7\" s=\"1\"/><c r=\"F7\" t=\"str\"><f>\"\"</f><v></v></c></row>"
    "<row r=\"9\"><c r=\"A9\"><f>SUM(A1:A2)</f></c><c r=\"B9\" t=\"s\"><v>99</v></c>"
    "<c r=\"C9\"><v>12abc</v></c><c r=\"D9\" t=\"b\"><v>2</v></c></row>"
    "<row r=\"10\">\n  <c r=\"A10\" t=\"s\">\n    <v>\n      0\n    </v>\n  </c>\n"
    "  <c r=\"B10\">\n    <v> 2.50 </v>\n  </c>\n</row>"
    "</sheetData><mergeCells count=\"3\"><mergeCell ref=\"A1:B1\"/><mergeCell ref=\"B5:B6\"/>"
    "<mergeCell ref=\"A1\"/></mergeCells></worksheet>";

static const char edge_memo[] =
    "<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"3\"><c r=\"AA3\" t=\"inlineStr\">"
    "<is><t>遠い列</t></is></c></row></sheetData></worksheet>";

static void test_edge_workbook(void)
{
    char *dir = test_tmpdir("xlsx-edge");
    const part parts[] = {
        {"[Content_Types].xml", "<Types/>", 0},
        {"_rels/.rels", root_rels, 0},
        {"xl/workbook.xml", edge_workbook, 0},
        {"xl/_rels/workbook.xml.rels", edge_rels, 0},
        {"xl/styles.xml", edge_styles, 0},
        {"xl/strings.xml", edge_strings, 0},
        {"xl/worksheets/data.xml", edge_data, 0},
        {"xl/worksheets/sheet1.xml", edge_memo, 0},
        {NULL, NULL, 0},
    };
    char *path = make_zip(dir, "edge.xlsx", parts);
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(path, NULL, &book, &diags), HY_OK);
    char w[4][512];
    snprintf(w[0], sizeof w[0], "%s[データ]!A9: error: formula without a saved result (the "
             "file was written by a program that does not calculate); open and save it in "
             "Excel", path);
    snprintf(w[1], sizeof w[1], "%s[データ]!B9: error: refers to shared string \"99\", which "
             "the workbook does not have", path);
    snprintf(w[2], sizeof w[2], "%s[データ]!C9: error: number cell holds \"12abc\", which is "
             "not a number", path);
    snprintf(w[3], sizeof w[3], "%s[データ]!D9: error: boolean cell holds \"2\"", path);
    char w4[512];
    snprintf(w4, sizeof w4, "%s[データ]: warning: merged range \"A1\" is not valid; ignored",
             path);
    IC_EXPECT_DIAGS(diags, w[0], w[1], w[2], w[3], w4);

    CU_ASSERT_EQUAL_FATAL(book->nsheets, 2);   /* the chart sheet has no cells */
    CU_ASSERT_STRING_EQUAL(book->sheets[0].name, "データ");
    CU_ASSERT_STRING_EQUAL(book->sheets[1].name, "メモ");
    static const ic_row data[] = {
        {1, 0, 3, "t-t", {"見出し", NULL, "髙橋"}},
        {2, 0, 4, "tt-t", {"一行目\n二行目 ", "_x0041_ と A", NULL, "<&>"}},
        {5, 0, 6, "-ttedb", {NULL, "インライン", "式の結果", "#DIV/0!", "2024-07-01", "TRUE"}},
        {6, 0, 8, "dnnddtnn", {"2024-07-01", "12345", "1.5", "1900-02-29", "1900-03-01",
                               "12:00:00", "0", "7"}},
        {7, 0, 4, "nnnn", {"0.001", "0.3", "0", "12345678901234600000"}},
        {9, 1, 3, "--t", {NULL, NULL, "12abc"}},   /* the bad number kept as text */
        {10, 0, 2, "tn", {"見出し", "2.5"}},   /* indented XML: values trimmed */
    };
    IC_EXPECT_ROWS(&book->sheets[0], data);
    CU_ASSERT_EQUAL(book->sheets[0].ncols, 8);
    CU_ASSERT_EQUAL_FATAL(book->sheets[0].nmerges, 2);
    const hy_merge *m = &book->sheets[0].merges[1];
    CU_ASSERT(m->first_row == 5 && m->first_col == 2 && m->last_row == 6 && m->last_col == 2);
    CU_ASSERT_EQUAL_FATAL(book->sheets[1].nrows, 1);
    CU_ASSERT_EQUAL(book->sheets[1].rows[0].number, 3);
    CU_ASSERT_EQUAL(book->sheets[1].rows[0].ncells, 27);
    CU_ASSERT_STRING_EQUAL(row_text(&book->sheets[1].rows[0], 27), "遠い列");
    CU_ASSERT_PTR_NULL(row_text(&book->sheets[1].rows[0], 26));
    book_free(book);
    diags_free(diags);
    free(path);
    free(dir);
}

static void test_date1904(void)
{
    char *dir = test_tmpdir("xlsx-1904");
    const part parts[] = {
        {"_rels/.rels", root_rels, 0},
        {"xl/workbook.xml", "<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\">"
         "<workbookPr date1904=\"1\"/><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
         "</sheets></workbook>", 0},
        {"xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"" PKG_NS "\"><Relationship "
         "Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"worksheets/s.xml\"/><Relationship "
         "Id=\"rId2\" Type=\"" REL_NS "/styles\" Target=\"styles.xml\"/></Relationships>", 0},
        {"xl/styles.xml", "<styleSheet xmlns=\"" MAIN_NS "\"><cellXfs><xf numFmtId=\"0\"/>"
         "<xf numFmtId=\"14\"/></cellXfs></styleSheet>", 0},
        {"xl/worksheets/s.xml", "<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\">"
         "<c r=\"A1\" s=\"1\"><v>44012</v></c><c r=\"B1\" s=\"1\"><v>0</v></c>"
         "<c r=\"C1\"><v>44012</v></c></row></sheetData></worksheet>", 0},
        {NULL, NULL, 0},
    };
    char *path = make_zip(dir, "mac.xlsx", parts);
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(path, NULL, &book, &diags), HY_OK);
    IC_NO_DIAGS(diags);
    static const ic_row want[] = {{1, 0, 3, "ddn", {"2024-07-01", "1904-01-01", "44012"}}};
    IC_EXPECT_ROWS(&book->sheets[0], want);
    book_free(book);
    diags_free(diags);
    free(path);
    free(dir);
}

/* ---- damaged and hostile files ---- */

static void test_truncated_zip(void)
{
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL(ic_ingest(FIX "truncated.xlsx", NULL, &book, &diags), HY_EDATA);
    CU_ASSERT_PTR_NULL(book);
    IC_EXPECT_DIAGS(diags, FIX "truncated.xlsx: error: not a readable .xlsx workbook: Not a "
                           "zip archive (the zip file is damaged or cut short)");
    diags_free(diags);

    /* An .xls under an .xlsx name (or an encrypted workbook, which is the same kind of
     * file). */
    char *dir = test_tmpdir("xlsx-ole");
    char *path = fs_join(dir, "old.xlsx");
    size_t len;
    char *xls = test_slurp(FIX "book.xls", &len);
    CU_ASSERT_EQUAL(test_write(path, xls, len), 0);
    CU_ASSERT_EQUAL(ic_ingest(path, NULL, &book, &diags), HY_EDATA);
    char want[1024];
    snprintf(want, sizeof want, "%s: error: not a readable .xlsx workbook: Not a zip archive "
             "(it is an OLE compound file: a password-protected workbook, or an .xls saved "
             "under an .xlsx name)", path);
    IC_EXPECT_DIAGS(diags, want);
    diags_free(diags);
    free(xls);
    free(path);
    free(dir);
}

static void test_bad_xml(void)
{
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "badxml.xlsx", NULL, &book, &diags), HY_OK);
    IC_EXPECT_DIAGS(diags, FIX "badxml.xlsx[指標]:3: error: xl/worksheets/sheet2.xml: malformed "
                           "XML at line 2: not well-formed (invalid token)");
    CU_ASSERT_EQUAL_FATAL(book->nsheets, 3);
    IC_EXPECT_ROWS(&book->sheets[0], projects);
    /* What came before the damage is kept; the row it hit is broken. */
    static const ic_row partial[] = {
        {1, 0, 4, "t--t", {"令和6年度", NULL, NULL, "確認"}},
        {2, 0, 4, "tttt", {"目標値", "実績値", "達成率", "済"}},
        {3, 1, 1, "n", {"22000"}},
    };
    IC_EXPECT_ROWS(&book->sheets[1], partial);
    book_free(book);
    diags_free(diags);
}

/* Copies every part of a fixture into parts[] (malloc'ed data), replacing the
 * part named `name` with its first `cut` bytes. Returns the number of parts. */
static size_t copy_parts(const char *fixture, part *parts, size_t max, const char *name,
                         size_t cut)
{
    int code;
    zip_t *z = zip_open(fixture, ZIP_RDONLY, &code);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    zip_int64_t n = zip_get_num_entries(z, 0);
    CU_ASSERT_FATAL(n > 0 && (size_t)n < max);
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t st;
        zip_stat_index(z, (zip_uint64_t)i, 0, &st);
        char *data = malloc(st.size + 1);
        zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
        CU_ASSERT_FATAL(data && f && zip_fread(f, data, st.size) == (zip_int64_t)st.size);
        zip_fclose(f);
        parts[i].name = strdup(st.name);
        parts[i].data = data;
        parts[i].len = strcmp(st.name, name) == 0 && cut < st.size ? cut : st.size;
        if (parts[i].len == 0) {   /* make_zip takes len 0 as "use strlen" */
            data[0] = '\0';
        }
    }
    parts[n].name = NULL;
    zip_discard(z);
    return (size_t)n;
}

static void free_parts(part *parts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free((char *)parts[i].name);
        free((char *)parts[i].data);
    }
}

/* Wherever a sheet part is cut off, the reader says so; it never crashes or
 * returns a silently shortened sheet. */
static void test_every_truncation(void)
{
    char *dir = test_tmpdir("xlsx-cut");
    const char *name = "xl/worksheets/sheet2.xml";
    char want[256];
    snprintf(want, sizeof want, "error: %s: malformed XML at line ", name);
    for (size_t cut = 0; cut < 1214; cut += 11) {
        part parts[32];
        size_t n = copy_parts(FIX "book_lxw.xlsx", parts, 32, name, cut);
        char *path = make_zip(dir, "cut.xlsx", parts);
        hy_book *book;
        hy_diags *diags;
        CU_ASSERT_EQUAL_FATAL(ic_ingest(path, NULL, &book, &diags), HY_OK);
        char line[2048] = "";
        if (diags->count)
            ic_diag_line(&diags->items[0], line, sizeof line);
        if (diags->count != 1 || !test_contains(line, want))
            ic_fail(__FILE__, __LINE__, "cut at %zu: %zu diagnostics, first: %s", cut,
                    diags->count, line);
        IC_EXPECT_ROWS(&book->sheets[0], projects);
        book_free(book);
        diags_free(diags);
        free_parts(parts, n);
        free(path);
    }
    free(dir);
}

static void test_doctype_refused(void)
{
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "doctype.xlsx", NULL, &book, &diags), HY_OK);
    IC_EXPECT_DIAGS(diags, FIX "doctype.xlsx[事業]: error: xl/worksheets/sheet1.xml: has a "
                           "DOCTYPE declaration (line 2), which no workbook part has and which "
                           "can make XML expand without bound; the part was not read");
    CU_ASSERT_EQUAL(book->sheets[0].nrows, 0);
    IC_EXPECT_ROWS(&book->sheets[1], indicators);
    book_free(book);
    diags_free(diags);

    /* In the workbook part itself it makes the whole file unreadable. */
    char *dir = test_tmpdir("xlsx-dtd");
    const part parts[] = {
        {"_rels/.rels", root_rels, 0},
        {"xl/workbook.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE w [<!ENTITY a \"aaaa\">]>\n"
         "<workbook xmlns=\"" MAIN_NS "\"><sheets/></workbook>", 0},
        {NULL, NULL, 0},
    };
    char *path = make_zip(dir, "dtd.xlsx", parts);
    CU_ASSERT_EQUAL(ic_ingest(path, NULL, &book, &diags), HY_EDATA);
    char want[1024];
    snprintf(want, sizeof want, "%s: error: xl/workbook.xml: has a DOCTYPE declaration (line "
             "2), which no workbook part has and which can make XML expand without bound; the "
             "part was not read", path);
    IC_EXPECT_DIAGS(diags, want);
    diags_free(diags);
    free(path);
    free(dir);
}

static void test_missing_parts(void)
{
    char *dir = test_tmpdir("xlsx-missing");
    const part no_workbook[] = {{"_rels/.rels", root_rels, 0}, {"x.txt", "x", 0}, {NULL, NULL, 0}};
    char *path = make_zip(dir, "nowb.xlsx", no_workbook);
    hy_book *book;
    hy_diags *diags;
    char want[1024];
    CU_ASSERT_EQUAL(ic_ingest(path, NULL, &book, &diags), HY_EDATA);
    snprintf(want, sizeof want, "%s: error: not a readable .xlsx workbook: it has no workbook "
             "part (xl/workbook.xml)", path);
    IC_EXPECT_DIAGS(diags, want);
    diags_free(diags);
    free(path);

    /* The sheet part and the shared strings it uses are missing. */
    const part no_sheet[] = {
        {"_rels/.rels", root_rels, 0},
        {"xl/workbook.xml", "<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><sheets>"
         "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"T\" sheetId=\"2\" "
         "r:id=\"rId7\"/></sheets></workbook>", 0},
        {"xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"" PKG_NS "\"><Relationship "
         "Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"worksheets/sheet9.xml\"/>"
         "<Relationship Id=\"rId2\" Type=\"" REL_NS "/sharedStrings\" "
         "Target=\"sharedStrings.xml\"/></Relationships>", 0},
        {NULL, NULL, 0},
    };
    path = make_zip(dir, "nosheet.xlsx", no_sheet);
    CU_ASSERT_EQUAL_FATAL(ic_ingest(path, NULL, &book, &diags), HY_OK);
    char w[3][1024];
    snprintf(w[0], sizeof w[0], "%s: error: the shared strings part is missing (text cells "
             "after string 0 are missing; their rows are marked broken)", path);
    snprintf(w[1], sizeof w[1], "%s[S]: error: the workbook lists the part "
             "xl/worksheets/sheet9.xml for this sheet, but the file has no such part", path);
    snprintf(w[2], sizeof w[2], "%s[T]: error: the workbook does not say where this sheet is "
             "stored (relationship rId7 is missing)", path);
    IC_EXPECT_DIAGS(diags, w[0], w[1], w[2]);
    CU_ASSERT_EQUAL(book->nsheets, 2);
    book_free(book);
    diags_free(diags);
    free(path);
    free(dir);
}

/* Finds the zip headers of part `name` and sets the uncompressed size they
 * declare to size: a lie the reader must catch while inflating. */
static void zip_lie_about_size(char *zip, size_t len, const char *name, uint32_t size)
{
    size_t nl = strlen(name);
    int patched = 0;
    for (size_t i = 0; i + 46 + nl <= len; i++) {
        unsigned char *p = (unsigned char *)zip + i;
        size_t at = 0, n = 0, off = 0;
        if (memcmp(p, "PK\x03\x04", 4) == 0) {
            n = (size_t)(p[26] | p[27] << 8);
            at = 30;
            off = 22;
        } else if (memcmp(p, "PK\x01\x02", 4) == 0) {
            n = (size_t)(p[28] | p[29] << 8);
            at = 46;
            off = 24;
        }
        if (at && n == nl && memcmp(p + at, name, nl) == 0) {
            for (int b = 0; b < 4; b++)
                p[off + (size_t)b] = (unsigned char)(size >> (8 * b));
            patched++;
        }
    }
    CU_ASSERT_EQUAL(patched, 2);
}

static void test_zip_bomb(void)
{
    /* 20 MB of spaces in a sheet: deflate makes them about 20 KB. */
    const size_t pad = (size_t)20 << 20;
    hy_buf xml = HY_BUF_INIT;
    buf_puts(&xml, "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>");
    CU_ASSERT_EQUAL_FATAL(buf_reserve(&xml, pad), 0);
    memset(xml.data + xml.len, ' ', pad);
    xml.len += pad;
    buf_puts(&xml, "</sheetData></worksheet>");
    char *dir = test_tmpdir("xlsx-bomb");
    part parts[] = {ONE_SHEET(xml.data, "<sst xmlns=\"" MAIN_NS "\"/>"), {NULL, NULL, 0}};
    parts[4].len = xml.len;
    char *path = make_zip(dir, "bomb.xlsx", parts);

    int code;
    zip_t *z = zip_open(path, ZIP_RDONLY, &code);
    zip_stat_t st;
    CU_ASSERT_FATAL(z && zip_stat(z, "xl/worksheets/sheet1.xml", 0, &st) == 0);
    zip_discard(z);

    hy_book *book;
    hy_diags *diags;
    char want[1024];
    CU_ASSERT_EQUAL_FATAL(ic_ingest(path, NULL, &book, &diags), HY_OK);
    snprintf(want, sizeof want, "%s[S]: error: xl/worksheets/sheet1.xml: declares %zu bytes, "
             "more than 200 times its compressed size of %llu bytes (a zip bomb?); the part "
             "was not read", path, xml.len, (unsigned long long)st.comp_size);
    IC_EXPECT_DIAGS(diags, want);
    CU_ASSERT_EQUAL(book->sheets[0].nrows, 0);
    book_free(book);
    diags_free(diags);

    /* The same part claiming to be 1,000 bytes: caught while inflating. */
    size_t len;
    char *bytes = test_slurp(path, &len);
    zip_lie_about_size(bytes, len, "xl/worksheets/sheet1.xml", 1000);
    char *liar = fs_join(dir, "liar.xlsx");
    CU_ASSERT_EQUAL(test_write(liar, bytes, len), 0);
    CU_ASSERT_EQUAL_FATAL(ic_ingest(liar, NULL, &book, &diags), HY_OK);
    snprintf(want, sizeof want, "%s[S]: error: xl/worksheets/sheet1.xml: decompresses to more "
             "than 200 times its compressed size of %llu bytes (a zip bomb?); reading stopped "
             "there", liar, (unsigned long long)st.comp_size);
    IC_EXPECT_DIAGS(diags, want);
    book_free(book);
    diags_free(diags);

    /* A lowered part limit refuses an ordinary part. */
    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    opts.limits.max_part_bytes = 1000;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "book_lxw.xlsx", &opts, &book, &diags), HY_OK);
    CU_ASSERT(diags->errors >= 1);
    char line[2048];
    ic_diag_line(&diags->items[0], line, sizeof line);
    CU_ASSERT_STRING_EQUAL(line, FIX "book_lxw.xlsx: error: xl/styles.xml: declares 1458 bytes, "
                                 "more than the limit of 1000 bytes; the part was not read "
                                 "(dates may read as plain numbers)");
    book_free(book);
    diags_free(diags);

    free(bytes);
    free(liar);
    free(path);
    free(dir);
    buf_free(&xml);
}

static void test_huge_cells(void)
{
    /* One 10 MB shared string and one 10 MB inline string. */
    const size_t big = (size_t)10 << 20;
    hy_buf sst = HY_BUF_INIT, sheet = HY_BUF_INIT;
    buf_puts(&sst, "<sst xmlns=\"" MAIN_NS "\"><si><t>");
    CU_ASSERT_EQUAL_FATAL(buf_reserve(&sst, big), 0);
    memset(sst.data + sst.len, 'x', big);
    sst.len += big;
    buf_puts(&sst, "</t></si><si><t>ok</t></si></sst>");
    buf_puts(&sheet, "<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\"><c r=\"A1\" "
                     "t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row><row r=\"2\">"
                     "<c r=\"C2\" t=\"inlineStr\"><is><t>");
    CU_ASSERT_EQUAL_FATAL(buf_reserve(&sheet, big), 0);
    for (size_t i = 0; i + 3 <= big; i += 3)
        buf_append(&sheet, "あ", 3);
    buf_puts(&sheet, "</t></is></c></row></sheetData></worksheet>");
    char *dir = test_tmpdir("xlsx-big");
    part parts[] = {ONE_SHEET(sheet.data, sst.data), {NULL, NULL, 0}};
    char *path = make_zip(dir, "big.xlsx", parts);

    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    /* 10 MB of one letter deflates a thousandfold: this test is about cells. */
    opts.limits.max_ratio = 100000;
    for (int lowered = 1; lowered >= 0; lowered--) {
        size_t limit = lowered ? 1000 : (size_t)1 << 20;
        opts.limits.max_cell_bytes = limit;
        hy_book *book;
        hy_diags *diags;
        CU_ASSERT_EQUAL_FATAL(ic_ingest(path, &opts, &book, &diags), HY_OK);
        char w1[1024], w2[1024];
        snprintf(w1, sizeof w1, "%s[S]!A1: error: cell is 10485760 bytes long, more than the "
                 "limit of %zu bytes; it was cut short", path, limit);
        snprintf(w2, sizeof w2, "%s[S]!C2: error: cell is 10485759 bytes long, more than the "
                 "limit of %zu bytes; it was cut short", path, limit);
        IC_EXPECT_DIAGS(diags, w1, w2);
        const hy_sheet *s = &book->sheets[0];
        CU_ASSERT_EQUAL_FATAL(s->nrows, 2);
        CU_ASSERT(s->rows[0].broken && s->rows[1].broken);
        CU_ASSERT_EQUAL(strlen(row_text(&s->rows[0], 1)), limit);
        CU_ASSERT_STRING_EQUAL(row_text(&s->rows[0], 2), "ok");
        CU_ASSERT_EQUAL(strlen(row_text(&s->rows[1], 3)), limit / 3 * 3);
        book_free(book);
        diags_free(diags);
    }
    free(path);
    free(dir);
    buf_free(&sst);
    buf_free(&sheet);
}

static void test_row_and_column_limits(void)
{
    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    opts.limits.max_rows = 2;
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "book_lxw.xlsx", &opts, &book, &diags), HY_OK);
    IC_EXPECT_DIAGS(diags, FIX "book_lxw.xlsx[事業]:3: error: more than 2 rows; the rest of the "
                           "file was not read");
    CU_ASSERT_EQUAL_FATAL(book->nsheets, 1);
    CU_ASSERT_EQUAL(book->sheets[0].nrows, 2);
    book_free(book);
    diags_free(diags);

    ingest_default_opts(&opts);
    opts.limits.max_cols = 3;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(FIX "book_lxw.xlsx", &opts, &book, &diags), HY_OK);
    IC_EXPECT_DIAGS(diags, FIX "book_lxw.xlsx[事業]!D1: error: more than 3 columns; the rest "
                           "of the file was not read");
    static const ic_row cut[] = {{1, 1, 3, NULL, {"事業コード", "事業名", "担当課"}}};
    IC_EXPECT_ROWS(&book->sheets[0], cut);
    book_free(book);
    diags_free(diags);
}

/* A workbook listing n sheets, each with its own relationship, all stored in
 * one tiny part (what a hostile 1 MB file with 100,000 <sheet> entries is). */
static char *make_many_sheets(const char *dir, const char *name, size_t n)
{
    hy_buf wb = HY_BUF_INIT, rels = HY_BUF_INIT;
    buf_puts(&wb, "<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><sheets>");
    buf_puts(&rels, "<Relationships xmlns=\"" PKG_NS "\">");
    for (size_t i = 1; i <= n; i++) {
        buf_printf(&wb, "<sheet name=\"S%zu\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", i, i, i);
        buf_printf(&rels, "<Relationship Id=\"rId%zu\" Type=\"" REL_NS "/worksheet\" "
                   "Target=\"worksheets/sheet1.xml\"/>", i);
    }
    buf_puts(&wb, "</sheets></workbook>");
    buf_puts(&rels, "</Relationships>");
    const part parts[] = {
        {"_rels/.rels", root_rels, 0},
        {"xl/workbook.xml", wb.data, wb.len},
        {"xl/_rels/workbook.xml.rels", rels.data, rels.len},
        {"xl/worksheets/sheet1.xml", "<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\">"
         "<c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>", 0},
        {NULL, NULL, 0},
    };
    char *path = make_zip(dir, name, parts);
    buf_free(&wb);
    buf_free(&rels);
    return path;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_structure_limits(void)
{
    char *dir = test_tmpdir("xlsx-limits");
    hy_book *book;
    hy_diags *diags;
    char want[1024];
    /* 100,000 sheets: refused at once, not read for minutes */
    char *path = make_many_sheets(dir, "sheets.xlsx", 100000);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CU_ASSERT_EQUAL(ic_ingest(path, NULL, &book, &diags), HY_EDATA);
    double took = seconds_since(&t0);
    CU_ASSERT(took < 5.0);
    printf("(100,000 sheets refused in %.3f s) ", took);
    snprintf(want, sizeof want, "%s: error: xl/workbook.xml has more than 1000 sheets, the "
             "limit; the file was not read", path);
    IC_EXPECT_DIAGS(diags, want);
    diags_free(diags);
    free(path);

    /* Within the limits, 3,000 sheets are found through the sorted relationships,
     * in workbook order. */
    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    opts.limits.max_sheets = 3000;
    path = make_many_sheets(dir, "many.xlsx", 3000);
    CU_ASSERT_EQUAL_FATAL(ic_ingest(path, &opts, &book, &diags), HY_OK);
    IC_NO_DIAGS(diags);
    CU_ASSERT_EQUAL(book->nsheets, 3000);
    CU_ASSERT_STRING_EQUAL(book->sheets[2999].name, "S3000");
    CU_ASSERT_STRING_EQUAL(row_text(&book->sheets[2999].rows[0], 1), "1");
    book_free(book);
    diags_free(diags);

    /* relationships and shared strings have their own caps */
    opts.limits.max_rels = 2;
    CU_ASSERT_EQUAL(ic_ingest(path, &opts, &book, &diags), HY_EDATA);
    snprintf(want, sizeof want, "%s: error: xl/_rels/workbook.xml.rels has more than 2 "
             "relationships, the limit; the file was not read", path);
    IC_EXPECT_DIAGS(diags, want);
    diags_free(diags);
    free(path);

    const part strings[] = {
        ONE_SHEET("<worksheet xmlns=\"" MAIN_NS "\"><sheetData/></worksheet>",
                  "<sst xmlns=\"" MAIN_NS "\"><si><t>a</t></si><si><t>b</t></si>"
                  "<si><t>c</t></si></sst>"),
        {NULL, NULL, 0},
    };
    path = make_zip(dir, "strings.xlsx", strings);
    ingest_default_opts(&opts);
    opts.limits.max_strings = 2;
    CU_ASSERT_EQUAL(ic_ingest(path, &opts, &book, &diags), HY_EDATA);
    snprintf(want, sizeof want, "%s: error: xl/sharedStrings.xml has more than 2 shared "
             "strings, the limit; the file was not read", path);
    IC_EXPECT_DIAGS(diags, want);
    diags_free(diags);
    free(path);
    free(dir);
}

/* A cell listed twice would overwrite the first without a word; A0, A-1, XFE1
 * and another row's cell are no cells of the row. Each is an error at its row,
 * the row is rejected, and neither value is kept over the other. */
static void test_impossible_and_repeated_cells(void)
{
    const part parts[] = {
        ONE_SHEET("<worksheet xmlns=\"" MAIN_NS "\"><sheetData>"
                  "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>2</v></c></row>"
                  "<row r=\"2\"><c r=\"A2\"><v>10</v></c><c r=\"A2\"><v>99</v></c>"
                  "<c r=\"B2\"><v>20</v></c></row>"
                  "<row r=\"3\"><c r=\"A0\"><v>1</v></c><c r=\"A-1\"><v>2</v></c>"
                  "<c r=\"XFE3\"><v>3</v></c><c r=\"C7\"><v>4</v></c></row>"
                  "<row r=\"4\"><c r=\"C4\"><v>5</v></c><c r=\"B4\"><v>6</v></c></row>"
                  "<row r=\"2\"><c r=\"A2\"><v>7</v></c></row>"
                  "</sheetData></worksheet>",
                  "<sst xmlns=\"" MAIN_NS "\"/>"),
        {NULL, NULL, 0},
    };
    char *dir = test_tmpdir("xlsx-refs");
    char *path = make_zip(dir, "refs.xlsx", parts);
    hy_book *book;
    hy_diags *diags;
    CU_ASSERT_EQUAL_FATAL(ic_ingest(path, NULL, &book, &diags), HY_OK);
    char w[7][512];
    snprintf(w[0], sizeof w[0], "%s[S]!A2: error: cell A2 is listed again after A2 (a workbook "
             "lists each cell once, left to right); the cell is rejected", path);
    for (int i = 0; i < 4; i++)
        snprintf(w[1 + i], sizeof w[1], "%s[S]!A3: error: cell reference \"%s\" is not a cell "
                 "of row 3 (expected a column from A to XFD and the row number); the cell is "
                 "rejected", path, (const char *[]){"A0", "A-1", "XFE3", "C7"}[i]);
    snprintf(w[5], sizeof w[5], "%s[S]!B4: error: cell B4 is listed again after C4 (a workbook "
             "lists each cell once, left to right); the cell is rejected", path);
    snprintf(w[6], sizeof w[6], "%s[S]:2: error: row 2 is listed again after row 4 (a workbook "
             "lists each row once, in order); the row is rejected", path);
    IC_EXPECT_DIAGS(diags, w[0], w[1], w[2], w[3], w[4], w[5], w[6]);
    const hy_sheet *sh = &book->sheets[0];
    CU_ASSERT_EQUAL_FATAL(sh->nrows, 5);
    CU_ASSERT(!sh->rows[0].broken);
    CU_ASSERT(sh->rows[1].broken);
    CU_ASSERT_STRING_EQUAL(row_text(&sh->rows[1], 1), "10");   /* the first, not 99 */
    CU_ASSERT_STRING_EQUAL(row_text(&sh->rows[1], 2), "20");
    CU_ASSERT(sh->rows[3].broken);
    CU_ASSERT(sh->rows[4].broken);
    book_free(book);
    diags_free(diags);
    free(path);
    free(dir);
}

int main(void)
{
    static const hy_test tests[] = {
        {"libxlsxwriter workbook: sheets, types, merge", test_libxlsxwriter_book},
        {"LibreOffice workbook: rich runs, formula booleans", test_libreoffice_book},
        {"furigana (rPh) runs left out", test_phonetic_runs},
        {"first sheet has the same cells as the CSV", test_same_cells_as_csv},
        {"hand-made workbook: order, prefixes, types, formats, escapes", test_edge_workbook},
        {"1904 date system", test_date1904},
        {"truncated zip and OLE file", test_truncated_zip},
        {"bad XML keeps what came before", test_bad_xml},
        {"every truncation of a sheet part is reported", test_every_truncation},
        {"DOCTYPE (billion laughs) refused", test_doctype_refused},
        {"missing parts", test_missing_parts},
        {"zip bomb: declared and while inflating; part limit", test_zip_bomb},
        {"10 MB cells cut at the limit", test_huge_cells},
        {"row and column limits stop the read", test_row_and_column_limits},
        {"sheets, relationships, shared strings capped; 100,000 sheets fail fast", test_structure_limits},
        {"impossible and repeated cell references are errors", test_impossible_and_repeated_cells},
        {NULL, NULL},
    };
    return test_main("xlsx", tests);
}
