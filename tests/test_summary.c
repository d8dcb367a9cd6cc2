/* tests for xlsx/summary and its sheets: the workbook read back, not trusted */
#include <stdlib.h>
#include <string.h>

#include "cli/pipeline.h"
#include "ingest/ingest.h"
#include "testutil.h"
#include "xlsx/summary.h"

static hy_run *run;
static char *dir;
static char *book_path;
static hy_book *book;
static const char *links[64];

static const hy_summary_opts *opts(void)
{
    static hy_summary_opts o;
    for (size_t i = 0; i < run->dataset->nprojects && i < 64; i++) {
        static char names[64][64];
        snprintf(names[i], sizeof names[i], "sheets/%s.pdf", run->dataset->projects[i].code);
        links[i] = names[i];
    }
    o = (hy_summary_opts){.epoch = 1719792000, .fiscal_year = 2024, .sheet_files = links};
    return &o;
}

static char *path_in_dir(const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

static const hy_sheet *sheet(const char *name)
{
    for (size_t i = 0; book && i < book->nsheets; i++)
        if (book->sheets[i].name && !strcmp(book->sheets[i].name, name))
            return &book->sheets[i];
    return NULL;
}

static const hy_row *row_with(const hy_sheet *s, uint32_t col, const char *text, size_t nth)
{
    for (size_t i = 0; s && i < s->nrows; i++) {
        const char *c = row_text(&s->rows[i], col);
        if (c && !strcmp(c, text) && nth-- == 0)
            return &s->rows[i];
    }
    return NULL;
}

/* Column (1-based) of a header in row 1, or 0. */
static uint32_t col_of(const hy_sheet *s, const char *header)
{
    for (uint32_t c = 1; s && s->nrows && c <= s->rows[0].ncells; c++) {
        const char *h = row_text(&s->rows[0], c);
        if (h && !strcmp(h, header))
            return c;
    }
    return 0;
}

static char *part(const char *name)
{
    char cmd[1024], *xml = NULL;
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", book_path, name);
    test_sh(cmd, &xml);
    return xml;
}

static void test_tabs_and_projects_sheet(void)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(book);
    CU_ASSERT_EQUAL_FATAL(book->nsheets, 7);
    static const char *const tabs[] = {"事業一覧", "事業費", "指標", "KPI一覧",
                                       "集計（プロジェクト別）", "集計（部別）", "検証結果"};
    for (size_t i = 0; i < 7; i++)
        CU_ASSERT_STRING_EQUAL(book->sheets[i].name, tabs[i]);
    const hy_sheet *s = sheet("事業一覧");
    CU_ASSERT_EQUAL(s->nrows, 15);   /* header + 14 projects */
    static const char *const header[] = {
        "事業コード", "事業名", "政策", "施策", "プログラム", "部", "課", "評価区分", "評価年度",
        "事業費の年度・区分", "事業費（千円）", "総事業費（千円）", "指標数", "今後の方向性", "達成度",
        "評価シート",
    };
    for (uint32_t c = 0; c < 16; c++)
        CU_ASSERT_STRING_EQUAL(row_text(&s->rows[0], c + 1), header[c]);
    const hy_row *r = row_with(s, 1, "13035", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_STRING_EQUAL(row_text(r, 2), "関係人口拡大促進事業");
    CU_ASSERT_STRING_EQUAL(row_text(r, 4), "計画的で持続可能な財政運営");
    CU_ASSERT_STRING_EQUAL(row_text(r, 6), "総合政策部");
    CU_ASSERT_STRING_EQUAL(row_text(r, 7), "地域創生室");
    CU_ASSERT_STRING_EQUAL(row_text(r, 9), "令和6年度");
    CU_ASSERT_STRING_EQUAL(row_text(r, 10), "令和6年度 当初予算");   /* what the figures are */
    CU_ASSERT_EQUAL(r->cells[10].type, HY_CELL_NUMBER);       /* a number, not text */
    CU_ASSERT_STRING_EQUAL(row_text(r, 11), "22000");
    CU_ASSERT_STRING_EQUAL(row_text(r, 12), "29262");
    CU_ASSERT_STRING_EQUAL(row_text(r, 13), "1");
    CU_ASSERT_STRING_EQUAL(row_text(r, 14), "計画どおり着手が適当");
    CU_ASSERT_STRING_EQUAL(row_text(r, 16), "13035.pdf");
    char *xml = part("xl/worksheets/sheet1.xml");
    CU_ASSERT(test_contains(xml, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
    CU_ASSERT(test_contains(xml, "<autoFilter ref=\"A1:P15\"/>"));
    CU_ASSERT(test_contains(xml, "<hyperlink ref=\"P2\""));
    /* A4 landscape, one page wide, page header with the city and year */
    CU_ASSERT(test_contains(xml, "<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"/>"));
    CU_ASSERT(test_contains(xml, "<pageSetUpPr fitToPage=\"1\"/>"));
    CU_ASSERT(test_contains(xml, "<oddHeader>&amp;L根室市　事業一覧&amp;R令和6年度</oddHeader>"));
    CU_ASSERT(test_contains(xml, "<oddFooter>&amp;C&amp;P / &amp;N</oddFooter>"));
    free(xml);
    char *rels = part("xl/worksheets/_rels/sheet1.xml.rels");
    CU_ASSERT(test_contains(rels, "Target=\"sheets\\13035.pdf\" TargetMode=\"External\""));
    free(rels);
    char *wbxml = part("xl/workbook.xml");
    /* header row repeated on every printed page */
    CU_ASSERT(test_contains(wbxml, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'事業一覧'!$1:$1</definedName>"));
    free(wbxml);
}

static void test_costs_sheet(void)
{
    const hy_sheet *s = sheet("事業費");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->nrows, 1 + 66);   /* one row per project x year x stage */
    const hy_row *r = row_with(s, 1, "13035", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_STRING_EQUAL(row_text(r, col_of(s, "年度")), "令和6年度");
    CU_ASSERT_STRING_EQUAL(row_text(r, col_of(s, "区分")), "当初予算");
    CU_ASSERT_STRING_EQUAL(row_text(r, col_of(s, "事業費（千円）")), "22000");
    CU_ASSERT_STRING_EQUAL(row_text(r, col_of(s, "一般財源（千円）")), "22000");
    CU_ASSERT_STRING_EQUAL(row_text(r, col_of(s, "職員費（千円）")), "7262");
    CU_ASSERT_STRING_EQUAL(row_text(r, col_of(s, "総事業費（千円）")), "29262");
    CU_ASSERT_STRING_EQUAL(row_text(r, col_of(s, "正職員（人工）")), "1");
    CU_ASSERT_STRING_EQUAL(row_text(r, col_of(s, "一般財源の割合")), "1");
    /* not given is a blank cell, never 0 */
    CU_ASSERT_PTR_NULL(row_text(r, col_of(s, "国庫支出金（千円）")));
    CU_ASSERT_PTR_NULL(row_text(r, col_of(s, "道支出金（千円）")));
    /* and a given zero stays 0 (13041 R2 has 国庫支出金 0) */
    const hy_row *z = row_with(s, 1, "13041", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    CU_ASSERT_STRING_EQUAL(row_text(z, col_of(s, "国庫支出金（千円）")), "0");
    char *styles = part("xl/styles.xml");
    CU_ASSERT(test_contains(styles, "formatCode=\"0.0%\""));
    CU_ASSERT(test_contains(styles, "formatCode=\"#,##0\""));
    free(styles);
    char *xml = part("xl/worksheets/sheet2.xml");
    CU_ASSERT(test_contains(xml, "<autoFilter ref=\"A1:P67\"/>"));
    free(xml);
}

static void test_indicators_sheet(void)
{
    const hy_sheet *s = sheet("指標");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->nrows, 1 + 19 + 16);   /* the sheet's indicators and the strategy KPIs */
    CU_ASSERT(col_of(s, "R2目標") > 0);
    CU_ASSERT(col_of(s, "R5計画") > 0);
    const hy_row *r = row_with(s, 1, "13035", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_STRING_EQUAL(row_text(r, col_of(s, "指標名")), "交流イベント参加者数");
    CU_ASSERT_STRING_EQUAL(row_text(r, col_of(s, "単位")), "人");
    CU_ASSERT_STRING_EQUAL(row_text(r, col_of(s, "R5計画")), "1000");
    CU_ASSERT_EQUAL(r->cells[col_of(s, "R5計画") - 1].type, HY_CELL_NUMBER);
    CU_ASSERT_STRING_EQUAL(row_text(r, col_of(s, "R2目標")), "-");   /* no value, shown as typed */
    CU_ASSERT_STRING_EQUAL(row_text(r, col_of(s, "目標値")), "1000");
    CU_ASSERT_STRING_EQUAL(row_text(r, col_of(s, "目標年度")), "令和7年度");
    char *xml = part("xl/worksheets/sheet3.xml");
    CU_ASSERT(test_contains(xml, "<conditionalFormatting"));
    CU_ASSERT(test_contains(xml, "<colorScale>"));
    CU_ASSERT(test_contains(xml, "operator=\"lessThan\""));
    free(xml);
}

static void test_validation_sheet(void)
{
    hy_diags *d = diags_new();
    hy_loc loc = {"in/costs.csv", NULL, 5, 4};
    diag_error(d, &loc, "事業費: expected an amount of money, got \"abc\"");
    hy_loc wloc = {"in/book.xlsx", "事業", 7, 0};
    diag_warn(d, &wloc, "project X: a warning");
    char *path = path_in_dir("validation.xlsx");
    hy_err err;
    CU_ASSERT_EQUAL_FATAL(summary_write(run->dataset, run->profile, opts(), path, d, &err), HY_OK);
    hy_ingest_opts o;
    ingest_default_opts(&o);
    hy_diags *rd = diags_new();
    hy_book *b = NULL;
    CU_ASSERT_EQUAL_FATAL(ingest_file(path, &o, &b, rd, &err), HY_OK);
    const hy_sheet *s = &b->sheets[b->nsheets - 1];
    CU_ASSERT_STRING_EQUAL(s->name, "検証結果");
    CU_ASSERT_EQUAL_FATAL(s->nrows, 3);
    CU_ASSERT_STRING_EQUAL(row_text(&s->rows[1], 1), "エラー");
    CU_ASSERT_STRING_EQUAL(row_text(&s->rows[1], 2), "in/costs.csv");
    CU_ASSERT_STRING_EQUAL(row_text(&s->rows[1], 4), "5");
    CU_ASSERT_STRING_EQUAL(row_text(&s->rows[1], 5), "4");
    CU_ASSERT_STRING_EQUAL(row_text(&s->rows[1], 6), "事業費: expected an amount of money, got \"abc\"");
    CU_ASSERT_STRING_EQUAL(row_text(&s->rows[2], 1), "警告");
    CU_ASSERT_STRING_EQUAL(row_text(&s->rows[2], 3), "事業");
    CU_ASSERT_PTR_NULL(row_text(&s->rows[2], 5));   /* no column */
    book_free(b);
    diags_free(rd);
    diags_free(d);
    free(path);
}

static void test_properties(void)
{
    char *core = part("docProps/core.xml");
    CU_ASSERT(test_contains(core, "<dc:title>根室市 事務事業評価 一覧</dc:title>"));
    CU_ASSERT(test_contains(core, "<dc:creator>根室市</dc:creator>"));
    CU_ASSERT(test_contains(core, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-07-01T00:00:00Z</dcterms:created>"));
    free(core);
}

static void test_formula_text_stays_text(void)
{
    hy_dataset *ds = dataset_new();
    hy_project p = {.code = "=1+1", .name = "=HYPERLINK(\"http://example.com\",\"x\")",
                    .department = "+81-3", .section = "@SUM(A1)", .fiscal_year = 2024};
    ds->projects = &p;
    ds->nprojects = 1;
    char *path = path_in_dir("formula.xlsx");
    hy_err err;
    hy_diags *warn = diags_new();
    hy_summary_opts o = {.epoch = 1719792000};
    CU_ASSERT_EQUAL_FATAL(summary_write(ds, run->profile, &o, path, warn, &err), HY_OK);
    char cmd[1024], *xml = NULL;
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet1.xml", path);
    CU_ASSERT_EQUAL(test_sh(cmd, &xml), 0);
    CU_ASSERT_FALSE(test_contains(xml, "<f>"));      /* no formula anywhere */
    CU_ASSERT(test_contains(xml, "<is><t>=HYPERLINK(\"http://example.com\",\"x\")</t></is>"));
    free(xml);
    hy_ingest_opts io;
    ingest_default_opts(&io);
    hy_diags *rd = diags_new();
    hy_book *b = NULL;
    CU_ASSERT_EQUAL_FATAL(ingest_file(path, &io, &b, rd, &err), HY_OK);
    CU_ASSERT_STRING_EQUAL(row_text(&b->sheets[0].rows[1], 1), "=1+1");
    CU_ASSERT_EQUAL(b->sheets[0].rows[1].cells[0].type, HY_CELL_TEXT);
    CU_ASSERT_STRING_EQUAL(row_text(&b->sheets[0].rows[1], 7), "@SUM(A1)");
    book_free(b);
    diags_free(rd);
    ds->projects = NULL;
    ds->nprojects = 0;
    dataset_free(ds);
    diags_free(warn);
    free(path);
}

static void test_long_text_cut_with_warning(void)
{
    hy_dataset *ds = dataset_new();
    size_t n = 40000;
    char *name = malloc(n * 3 + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(name + 3 * i, "あ", 3);
    name[n * 3] = '\0';
    hy_project p = {.code = "L1", .name = name, .fiscal_year = 2024,
                    .loc = {"in/p.csv", NULL, 9, 0}};
    ds->projects = &p;
    ds->nprojects = 1;
    char *path = path_in_dir("long.xlsx");
    hy_err err;
    hy_diags *warn = diags_new();
    hy_summary_opts o = {.epoch = 1719792000};
    CU_ASSERT_EQUAL_FATAL(summary_write(ds, run->profile, &o, path, warn, &err), HY_OK);
    CU_ASSERT_EQUAL(warn->warnings, 1);
    CU_ASSERT_STRING_EQUAL(warn->items[0].message, "a text of 40000 characters is longer than an "
                           "Excel cell holds (32767); summary.xlsx has its first 32767");
    CU_ASSERT_EQUAL(warn->items[0].loc.row, 9);
    hy_ingest_opts io;
    ingest_default_opts(&io);
    hy_diags *rd = diags_new();
    hy_book *b = NULL;
    CU_ASSERT_EQUAL_FATAL(ingest_file(path, &io, &b, rd, &err), HY_OK);
    CU_ASSERT_EQUAL(strlen(row_text(&b->sheets[0].rows[1], 2)), 32767 * 3);
    book_free(b);
    diags_free(rd);
    ds->projects = NULL;
    ds->nprojects = 0;
    dataset_free(ds);
    diags_free(warn);
    free(path);
    free(name);
}

/* n projects P00000... with their sheets' files, for the link tests. */
typedef struct link_fixture {
    hy_dataset *ds;
    hy_project *p;
    char (*codes)[24], (*files)[40];   /* room for any size_t */
    const char **sheet_files;
} link_fixture;

static link_fixture links_new(size_t n)
{
    link_fixture f = {dataset_new(), calloc(n, sizeof *f.p), calloc(n, sizeof *f.codes),
                      calloc(n, sizeof *f.files), calloc(n, sizeof *f.sheet_files)};
    for (size_t i = 0; i < n; i++) {
        snprintf(f.codes[i], sizeof f.codes[i], "P%05zu", i);
        snprintf(f.files[i], sizeof f.files[i], "sheets/P%05zu.pdf", i);
        f.p[i] = (hy_project){.code = f.codes[i], .name = "x", .fiscal_year = 2024};
        f.sheet_files[i] = f.files[i];
    }
    f.ds->projects = f.p;
    f.ds->nprojects = n;
    return f;
}

static void links_free(link_fixture *f)
{
    f->ds->projects = NULL;
    f->ds->nprojects = 0;
    dataset_free(f->ds);
    free(f->sheet_files);
    free(f->files);
    free(f->codes);
    free(f->p);
}

/* How many times each of the space-separated strings occurs in sheet1.xml
 * (a linked file is named twice, its text and the link's tip; an unlinked
 * one once), as "n n n ". */
static char *count_in_sheet1(const char *path, const char *strings)
{
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof cmd, "x=$(unzip -p '%s' xl/worksheets/sheet1.xml); "
             "for s in %s; do printf '%%s ' $(printf '%%s' \"$x\" | grep -o \"$s\" | wc -l); "
             "done", path, strings);
    CU_ASSERT_EQUAL(test_sh(cmd, &out), 0);
    return out;
}

/* Writes n projects' links with the cap max_links (0: the default) to file,
 * then asserts one warning holding both said and row, and the counts of
 * count_in_sheet1's strings. */
static void check_links(size_t n, size_t max_links, const char *file, const char *said,
                        const char *row, const char *strings, const char *counts)
{
    link_fixture f = links_new(n);
    char *path = path_in_dir(file);
    hy_err err;
    hy_diags *warn = diags_new();
    hy_summary_opts o = {.epoch = 1719792000, .fiscal_year = 2024, .sheet_files = f.sheet_files,
                         .max_links = max_links};
    CU_ASSERT_EQUAL_FATAL(summary_write(f.ds, run->profile, &o, path, warn, &err), HY_OK);
    size_t warned = 0;
    for (size_t i = 0; i < warn->count; i++)
        warned += test_contains(warn->items[i].message, said) &&
                  test_contains(warn->items[i].message, row);
    CU_ASSERT_EQUAL(warned, 1);
    char *out = count_in_sheet1(path, strings);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, counts);
    free(out);
    links_free(&f);
    diags_free(warn);
    free(path);
}

/* libxlsxwriter holds every link in memory until the workbook is closed: the
 * first SUMMARY_MAX_LINKS sheets are linked, the rest named as text, with a
 * warning. */
static void test_links_past_the_memory_cap(void)
{
    check_links(SUMMARY_MAX_LINKS + 3, 0, "cap.xlsx", "links for the first 5000 projects",
                "from row 5002 on", "'<hyperlink ' P00000.pdf P04999.pdf P05000.pdf P05002.pdf",
                "5000 2 2 1 1 ");
}

/* 100,000 projects failed the whole workbook: libxlsxwriter refuses a link past
 * Excel's 65,530 a worksheet. With the memory cap raised past it, the rest
 * show their file as text, with a warning. */
static void test_links_past_excels_limit(void)
{
    check_links(65540, 65540, "links.xlsx", "holds at most 65530 links", "from row 65532 on",
                "'<hyperlink ' P00000.pdf P65529.pdf P65530.pdf P65539.pdf", "65530 2 2 1 1 ");
}

static void test_same_bytes(void)
{
    char *a = path_in_dir("a.xlsx"), *b = path_in_dir("b.xlsx");
    hy_err err;
    hy_diags *warn = diags_new();
    CU_ASSERT_EQUAL(summary_write(run->dataset, run->profile, opts(), a, warn, &err), HY_OK);
    CU_ASSERT_EQUAL(summary_write(run->dataset, run->profile, opts(), b, warn, &err), HY_OK);
    size_t la, lb;
    char *da = test_slurp(a, &la), *db = test_slurp(b, &lb);
    CU_ASSERT_PTR_NOT_NULL_FATAL(da);
    CU_ASSERT_PTR_NOT_NULL_FATAL(db);
    CU_ASSERT(la == lb && memcmp(da, db, la) == 0);
    free(da);
    free(db);
    free(a);
    free(b);
    diags_free(warn);
}

/* The roll-up the run already built is the one the workbook shows: the same
 * bytes as one the workbook builds itself, and not a second one built (a
 * name changed in the shared roll-up is what 集計（部別） lists). */
static void test_shared_rollup(void)
{
    char *a = path_in_dir("own.xlsx"), *b = path_in_dir("shared.xlsx"), *c = path_in_dir("renamed.xlsx");
    hy_err err;
    hy_diags *warn = diags_new();
    hy_rollup *ru = NULL;
    CU_ASSERT_EQUAL_FATAL(rollup_build(run->dataset, run->profile, &ru, &err), HY_OK);
    hy_summary_opts o = *opts();
    CU_ASSERT_EQUAL(summary_write(run->dataset, run->profile, &o, a, warn, &err), HY_OK);
    o.rollup = ru;
    CU_ASSERT_EQUAL(summary_write(run->dataset, run->profile, &o, b, warn, &err), HY_OK);
    size_t la, lb;
    char *da = test_slurp(a, &la), *db = test_slurp(b, &lb);
    CU_ASSERT_FATAL(da && db);
    CU_ASSERT(la == lb && memcmp(da, db, la) == 0);
    CU_ASSERT_FATAL(ru->ngroups[HY_BY_DEPARTMENT] > 0);
    const char *was = ru->groups[HY_BY_DEPARTMENT][0].name;
    ru->groups[HY_BY_DEPARTMENT][0].name = "共有された集計";
    CU_ASSERT_EQUAL(summary_write(run->dataset, run->profile, &o, c, warn, &err), HY_OK);
    hy_ingest_opts io;
    ingest_default_opts(&io);
    hy_book *rb = NULL;
    CU_ASSERT_EQUAL(ingest_file(c, &io, &rb, warn, &err), HY_OK);
    const hy_sheet *s = NULL;
    for (size_t i = 0; rb && i < rb->nsheets; i++)
        if (rb->sheets[i].name && !strcmp(rb->sheets[i].name, "集計（部別）"))
            s = &rb->sheets[i];
    CU_ASSERT_PTR_NOT_NULL(row_with(s, 1, "共有された集計", 0));
    CU_ASSERT_PTR_NULL(row_with(s, 1, was, 0));
    book_free(rb);
    ru->groups[HY_BY_DEPARTMENT][0].name = was;
    rollup_free(ru);
    free(da);
    free(db);
    free(a);
    free(b);
    free(c);
    diags_free(warn);
}

static void test_unwritable_leaves_nothing(void)
{
    char *path = path_in_dir("no-such-folder/summary.xlsx");
    hy_err err;
    hy_diags *warn = diags_new();
    CU_ASSERT_EQUAL(summary_write(run->dataset, run->profile, opts(), path, warn, &err), HY_EIO);
    CU_ASSERT(test_contains(err.msg, "summary.xlsx"));
    free(path);
    diags_free(warn);
}

int main(void)
{
    char input[4096], templates[4096];
    snprintf(input, sizeof input, "%s", test_src("input"));
    snprintf(templates, sizeof templates, "%s", test_src("templates"));
    hy_run_opts ro = {.input = input, .templates_dir = templates, .epoch = -1};
    hy_err err;
    if (pipeline_load(&ro, &run, &err) != HY_OK || run->diags->errors) {
        fprintf(stderr, "cannot load input/: %s\n", err.msg);
        return 1;
    }
    dir = test_tmpdir("summary");
    book_path = path_in_dir("summary.xlsx");
    hy_diags *warn = diags_new();
    if (summary_write(run->dataset, run->profile, opts(), book_path, warn, &err) != HY_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    hy_ingest_opts io;
    ingest_default_opts(&io);
    hy_diags *rd = diags_new();
    if (ingest_file(book_path, &io, &book, rd, &err) != HY_OK || rd->errors)
        book = NULL;
    static const hy_test tests[] = {
        {"tabs; 事業一覧 cells, links, frozen header, filter, print setup", test_tabs_and_projects_sheet},
        {"事業費: a row per project, year and stage; blank is not 0", test_costs_sheet},
        {"指標: yearly columns, values as numbers, conditional formats", test_indicators_sheet},
        {"検証結果 lists every problem", test_validation_sheet},
        {"document properties", test_properties},
        {"text that looks like a formula stays text", test_formula_text_stays_text},
        {"a text over 32,767 characters is cut with a warning", test_long_text_cut_with_warning},
        {"links past the memory cap become text, with a warning", test_links_past_the_memory_cap},
        {"links past Excel's 65,530 a worksheet become text, with a warning",
         test_links_past_excels_limit},
        {"same data, same bytes", test_same_bytes},
        {"the workbook shows the roll-up it is given", test_shared_rollup},
        {"an unwritable path fails cleanly", test_unwritable_leaves_nothing},
        {NULL, NULL},
    };
    int rc = test_main("summary", tests);
    book_free(book);
    diags_free(rd);
    diags_free(warn);
    pipeline_free(run);
    free(book_path);
    free(dir);
    return rc;
}
