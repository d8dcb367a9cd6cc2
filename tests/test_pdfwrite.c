/* tests for pdf/pdfwrite: embedded subset fonts, extractable text (a real
 * ToUnicode map), reproducible bytes, atomic output. Checked with poppler
 * (pdftotext, pdffonts, pdfinfo) and qpdf, as a reader of the city's
 * published PDF would open it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pdf/pdfwrite.h"
#include "template/textbreak.h"
#include "util/fsutil.h"
#include "testutil.h"

static hy_fontset *fonts;

static void load_fonts(void)
{
    if (fonts)
        return;
    hy_err err = {0};
    fonts = fontset_new();
    CU_ASSERT_EQUAL_FATAL(fontset_add(fonts, "gothic", "ipaexg.ttf", NULL, &err), HY_OK);
    CU_ASSERT_EQUAL_FATAL(fontset_add(fonts, "mincho", "ipaexm.ttf", NULL, &err), HY_OK);
    /* a second name for the Gothic file, as a profile may define one */
    CU_ASSERT_EQUAL_FATAL(fontset_add(fonts, "heading", "ipaexg.ttf", NULL, &err), HY_OK);
}

static const char *const sheet_lines[] = {
    "関係人口拡大促進事業 22,000 7,262 29,262",
    "①㈱髙﨑～ ■□ ｶﾀｶﾅ",
    "事務事業評価シート（令和６年度）",
};

static const char *const remark =
    "本事業は、地域おこし協力隊のサポートにより、移住・定住の促進を図るものである。"
    "令和６年度は２２件の相談があった。";

/* A sheet as the template stage would hand it over: a framed title band, a
 * table of rules, a remark broken into its box, and one line in Mincho. */
static hy_drawing *make_sheet(void)
{
    hy_drawing *d = drawing_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    d->title = "事務事業評価シート（令和６年度）";
    d->author = "企画課";
    d->subject = "関係人口拡大促進事業";
    d->epoch = 1711929600;  /* 2024-04-01 00:00:00 UTC */
    int gothic = drawing_font(d, "gothic");
    int mincho = drawing_font(d, "mincho");
    hy_page *p = drawing_add_page(d, 595.276f, 841.89f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);

    /* title band: filled and framed, text baseline 14 pt below its top */
    drawing_rect(d, p, 40, 40, 515, 24, HY_DRAW_STROKE | HY_DRAW_FILL, 1.0f, 0x000000, 0xDDE6F0);
    drawing_text(d, p, 46, 58, 14, gothic, 0x000000, sheet_lines[2],
                 fontset_text_width(fonts, 0, 14, sheet_lines[2]), -1);
    /* table rows */
    for (int r = 0; r < 4; r++)
        drawing_line(d, p, 40, 90 + r * 20, 555, 90 + r * 20, 0.5f, 0x404040);
    drawing_line(d, p, 300, 90, 300, 150, 0.5f, 0x404040);
    drawing_text(d, p, 46, 105, 10, gothic, 0x000000, sheet_lines[0], 0, -1);
    drawing_text(d, p, 46, 125, 10, gothic, 0x1030A0, sheet_lines[1], 0, -1);
    drawing_rect(d, p, 310, 112, 40, 16, HY_DRAW_FILL, 0, 0, 0xFFE0E0);

    /* the remark, broken to its box and kept inside it */
    float bx = 40, by = 170, bw = 200, size = 10.5f, leading = 15;
    int32_t box = drawing_add_box(d, 0, bx, by, bw, 120);
    drawing_rect(d, p, bx, by, bw, 120, HY_DRAW_STROKE, 0.8f, 0x000000, 0);
    hy_textlines lines = {0};
    CU_ASSERT_EQUAL_FATAL(textbreak(remark, bw - 8, fonts, 0, size, &lines), 0);
    for (size_t i = 0; i < lines.count; i++) {
        char piece[512];
        memcpy(piece, remark + lines.lines[i].start, lines.lines[i].len);
        piece[lines.lines[i].len] = '\0';
        drawing_text(d, p, bx + 4, by + 4 + 0.88f * size + i * leading, size, gothic, 0x000000,
                     piece, lines.lines[i].width, box);
    }
    textlines_free(&lines);
    drawing_text(d, p, 46, 320, 12, mincho, 0x000000, "明朝体の行：評価結果は「拡充」", 0, -1);
    return d;
}

static char *write_sheet(const char *dir, const char *name, hy_drawing *d)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    snprintf(path, n, "%s/%s", dir, name);
    hy_err err = {0};
    int rc = pdf_write(d, fonts, path, &err);
    CU_ASSERT_EQUAL(rc, HY_OK);
    if (rc != HY_OK)
        fprintf(stderr, "pdf_write: %s\n", err.msg);
    return path;
}

static char *run(const char *fmt, const char *path, int *status)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, fmt, path, path);
    char *out = NULL;
    *status = test_sh(cmd, &out);
    return out;
}

static void test_text_extracts_exactly(void)
{
    load_fonts();
    char *dir = test_tmpdir("pdfwrite");
    hy_drawing *d = make_sheet();
    char *path = write_sheet(dir, "sheet.pdf", d);
    int st;

    /* poppler reads every string back, and says nothing on stderr: with
     * libharu's own ToUnicode it printed "Invalid 'begincidrange' operator" */
    char *text = run("pdftotext %s - 2>%s.err", path, &st);
    CU_ASSERT_EQUAL(st, 0);
    for (size_t i = 0; i < sizeof sheet_lines / sizeof sheet_lines[0]; i++)
        CU_ASSERT(test_contains(text, sheet_lines[i]));
    CU_ASSERT(test_contains(text, "明朝体の行：評価結果は「拡充」"));
    char err_path[4200];
    snprintf(err_path, sizeof err_path, "%s.err", path);
    size_t err_len = 99;
    free(test_slurp(err_path, &err_len));
    CU_ASSERT_EQUAL(err_len, 0);
    free(text);

    /* the remark's lines, joined, are the remark */
    text = run("pdftotext -x 40 -y 170 -W 200 -H 120 %s - 2>/dev/null | tr -d '\\n\\f'", path,
               &st);
    CU_ASSERT_STRING_EQUAL(text, remark);
    free(text);

    /* the ToUnicode maps are code -> Unicode maps now */
    text = run("qpdf --qdf --object-streams=disable %s - | grep -a -c -e begincidrange "
               "-e beginbfchar -e beginbfrange", path, &st);
    CU_ASSERT_STRING_EQUAL(text, "4\n");  /* bfchar + bfrange for each of the two fonts */
    free(text);
    text = run("qpdf --qdf --object-streams=disable %s - | grep -a -c begincidrange", path, &st);
    CU_ASSERT_STRING_EQUAL(text, "0\n");
    free(text);

    drawing_free(d);
    free(path);
    free(dir);
}

/* Every line of a plain page comes back exactly, in order. */
static void test_whole_page_text(void)
{
    load_fonts();
    char *dir = test_tmpdir("pdfwrite");
    hy_drawing *d = drawing_new();
    int g = drawing_font(d, "gothic");
    hy_page *p = drawing_add_page(d, 595.276f, 841.89f);
    const char *lines[] = {"評価対象：関係人口拡大促進事業", "事業費 22,000 千円", "人件費 7,262 千円",
                           "合計 29,262 千円", "①㈱髙﨑～■□", "ABC abc 123.45%"};
    for (int i = 0; i < 6; i++)
        drawing_text(d, p, 60, 80 + 20 * i, 11, g, 0, lines[i], 0, -1);
    char *path = write_sheet(dir, "plain.pdf", d);
    int st;
    char *text = run("pdftotext %s - 2>&1", path, &st);
    CU_ASSERT_STRING_EQUAL(text, "評価対象：関係人口拡大促進事業\n事業費 22,000 千円\n人件費 7,262 千円\n"
                                 "合計 29,262 千円\n①㈱髙﨑～■□\nABC abc 123.45%\n\n\f");
    free(text);
    drawing_free(d);
    free(path);
    free(dir);
}

static void test_fonts_embedded_and_valid(void)
{
    load_fonts();
    char *dir = test_tmpdir("pdfwrite");
    hy_drawing *d = make_sheet();
    char *path = write_sheet(dir, "sheet.pdf", d);
    int st;

    char *out = run("qpdf --check %s", path, &st);
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT(test_contains(out, "No syntax or stream encoding errors found"));
    free(out);

    /* name, type, encoding, emb, sub, uni for each font */
    out = run("pdffonts %s | awk 'NR > 2 { sub(/^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\\+/, \"TAG+\", "
              "$1); print $1, $2, $3, $4, $5, $6, $7 }' | sort", path, &st);
    CU_ASSERT_EQUAL(st, 0);
    CU_ASSERT_STRING_EQUAL(out, "TAG+IPAexGothic CID TrueType Identity-H yes yes yes\n"
                                "TAG+IPAexMincho CID TrueType Identity-H yes yes yes\n");
    free(out);

    out = run("pdfinfo %s | grep -E '^(Title|Author|Subject|Creator|CreationDate|ModDate|Pages"
              "|Page size):' | sed 's/  */ /g'", path, &st);
    CU_ASSERT_STRING_EQUAL(out, "Title: 事務事業評価シート（令和６年度）\n"
                                "Subject: 関係人口拡大促進事業\n"
                                "Author: 企画課\n"
                                "Creator: hyoka " HYOKA_VERSION "\n"
                                "CreationDate: Mon Apr 1 00:00:00 2024 UTC\n"
                                "ModDate: Mon Apr 1 00:00:00 2024 UTC\n"
                                "Pages: 1\n"
                                "Page size: 595.276 x 841.89 pts (A4)\n");
    free(out);

    /* Measured 23,045 bytes: subsets of 75 and 15 characters, and the
     * PDF/A metadata (the sRGB profile, 2.4 KB; XMP, 0.8 KB). */
    struct stat sb;
    CU_ASSERT_EQUAL_FATAL(stat(path, &sb), 0);
    CU_ASSERT(sb.st_size > 19000 && sb.st_size < 27000);

    /* what a reader sees: rendered for a look by eye (see the report) */
    free(run("pdftoppm -png -r 60 -singlefile %s %s", path, &st));
    CU_ASSERT_EQUAL(st, 0);

    drawing_free(d);
    free(path);
    free(dir);
}

static void test_reproducible(void)
{
    load_fonts();
    char *dir = test_tmpdir("pdfwrite");
    hy_drawing *d = make_sheet();
    char *a = write_sheet(dir, "a.pdf", d);
    char *b = write_sheet(dir, "b.pdf", d);
    size_t la = 0, lb = 0;
    char *da = test_slurp(a, &la), *db = test_slurp(b, &lb);
    CU_ASSERT_PTR_NOT_NULL_FATAL(da);
    CU_ASSERT_PTR_NOT_NULL_FATAL(db);
    CU_ASSERT_EQUAL(la, lb);
    CU_ASSERT(la == lb && memcmp(da, db, la) == 0);
    /* no date unless the drawing has one */
    int st;
    char *info = run("pdfinfo %s | grep -E '^(CreationDate|ModDate):' | sed 's/  */ /g'", a, &st);
    CU_ASSERT_STRING_EQUAL(info, "CreationDate: Mon Apr 1 00:00:00 2024 UTC\n"
                                 "ModDate: Mon Apr 1 00:00:00 2024 UTC\n");
    free(info);
    free(da);
    free(db);
    d->epoch = -1;
    free(write_sheet(dir, "a.pdf", d));  /* replaces a.pdf */
    da = test_slurp(a, &la);
    info = run("pdfinfo %s | grep -E '^(CreationDate|ModDate):'", a, &st);
    CU_ASSERT_STRING_EQUAL(info, "");
    free(info);
    free(da);
    drawing_free(d);
    free(a);
    free(b);
    free(dir);
}

static int dir_entries(const char *dir)
{
    int st;
    char *out = run("ls -A %s | wc -l", dir, &st);
    int n = out ? atoi(out) : -1;
    free(out);
    return n;
}

static void test_failures_leave_nothing(void)
{
    load_fonts();
    char *dir = test_tmpdir("pdfwrite");
    hy_drawing *d = make_sheet();
    hy_err err = {0};
    char path[4200];

    /* a folder that does not exist */
    snprintf(path, sizeof path, "%s/missing/sheet.pdf", dir);
    CU_ASSERT_EQUAL(pdf_write(d, fonts, path, &err), HY_EIO);
    CU_ASSERT(test_contains(err.msg, "missing/.sheet.pdf."));
    CU_ASSERT(test_contains(err.msg, "cannot create: No such file or directory"));
    CU_ASSERT_EQUAL(dir_entries(dir), 0);

    /* the target is a folder: written, then the rename fails; the temporary
     * file is removed and the folder untouched */
    snprintf(path, sizeof path, "%s/taken", dir);
    CU_ASSERT_EQUAL_FATAL(mkdir(path, 0777), 0);
    CU_ASSERT_EQUAL(pdf_write(d, fonts, path, &err), HY_EIO);
    CU_ASSERT(test_contains(err.msg, "cannot rename into place"));
    CU_ASSERT_EQUAL(dir_entries(dir), 1);
    CU_ASSERT_EQUAL(dir_entries(path), 0);

    /* a character libharu 2.3.0 would turn into a space is refused */
    hy_page *p = &d->pages[0];
    drawing_text(d, p, 40, 400, 10, 0, 0, "𠮷野家", 0, -1);
    snprintf(path, sizeof path, "%s/sheet.pdf", dir);
    CU_ASSERT_EQUAL(pdf_write(d, fonts, path, &err), HY_EUSAGE);
    CU_ASSERT(test_contains(err.msg, "page 1: U+20BB7 cannot be drawn with font \"gothic\""));
    CU_ASSERT_EQUAL(dir_entries(dir), 1);
    drawing_free(d);

    /* a font the font set does not have */
    d = drawing_new();
    drawing_font(d, "maru");
    drawing_text(d, drawing_add_page(d, 200, 200), 10, 20, 10, 0, 0, "丸", 0, -1);
    CU_ASSERT_EQUAL(pdf_write(d, fonts, path, &err), HY_EUSAGE);
    CU_ASSERT(test_contains(err.msg, "font \"maru\" is not loaded"));
    CU_ASSERT_EQUAL(dir_entries(dir), 1);
    drawing_free(d);

    /* no pages, or a page PDF cannot have */
    d = drawing_new();
    CU_ASSERT_EQUAL(pdf_write(d, fonts, path, &err), HY_EUSAGE);
    CU_ASSERT(test_contains(err.msg, "sheet.pdf: the drawing has no pages"));
    drawing_add_page(d, 595.276f, 841.89f);
    drawing_add_page(d, 1, 841.89f);
    CU_ASSERT_EQUAL(pdf_write(d, fonts, path, &err), HY_EUSAGE);
    CU_ASSERT(test_contains(err.msg, "sheet.pdf: page 2: size 1 x 841.89 pt is outside 3 to 14400 pt"));
    CU_ASSERT_EQUAL(dir_entries(dir), 1);
    drawing_free(d);

    /* an error libharu reports through its handler mid-page (0x1056 =
     * HPDF_PAGE_OUT_OF_RANGE: a negative line width) */
    d = drawing_new();
    drawing_line(d, drawing_add_page(d, 200, 200), 10, 10, 100, 10, -1.0f, 0);
    CU_ASSERT_EQUAL(pdf_write(d, fonts, path, &err), HY_EIO);
    CU_ASSERT_STRING_EQUAL(fs_basename(err.msg),
                           "sheet.pdf: libharu error 0x1056 (detail 0) while drawing page 1");
    CU_ASSERT_EQUAL(dir_entries(dir), 1);
    drawing_free(d);
    free(dir);
}

/* Two font names for one file: one embedded subset holding both texts. */
static void test_font_alias(void)
{
    load_fonts();
    char *dir = test_tmpdir("pdfwrite");
    hy_drawing *d = drawing_new();
    int g = drawing_font(d, "gothic"), h = drawing_font(d, "heading");
    hy_page *p = drawing_add_page(d, 300, 200);
    drawing_text(d, p, 20, 40, 16, h, 0, "見出し", 0, -1);
    drawing_text(d, p, 20, 70, 10, g, 0, "本文です", 0, -1);
    char *path = write_sheet(dir, "alias.pdf", d);
    int st;
    char *out = run("pdffonts %s | tail -n +3 | wc -l", path, &st);
    CU_ASSERT_STRING_EQUAL(out, "1\n");
    free(out);
    out = run("pdftotext %s - 2>&1", path, &st);
    CU_ASSERT_STRING_EQUAL(out, "見出し\n本文です\n\n\f");
    free(out);
    drawing_free(d);
    free(path);
    free(dir);
}

typedef struct write_run {
    const hy_drawing *drawing;
    char path[4200];
    int rc;
} write_run;

static void *write_thread(void *arg)
{
    write_run *run = arg;
    for (int i = 0; i < 5 && run->rc == HY_OK; i++)
        run->rc = pdf_write(run->drawing, fonts, run->path, NULL);
    return NULL;
}

/* Documents can be written on several threads with one font set: libharu
 * keeps its state per document and errors are recorded per call. */
static void test_threads(void)
{
    load_fonts();
    char *dir = test_tmpdir("pdfwrite");
    hy_drawing *d = make_sheet();
    write_run runs[2] = {{d, "", 0}, {d, "", 0}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++) {
        snprintf(runs[i].path, sizeof runs[i].path, "%s/t%d.pdf", dir, i);
        CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, write_thread, &runs[i]), 0);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    CU_ASSERT_EQUAL(runs[0].rc, HY_OK);
    CU_ASSERT_EQUAL(runs[1].rc, HY_OK);
    size_t la = 0, lb = 0;
    char *a = test_slurp(runs[0].path, &la), *b = test_slurp(runs[1].path, &lb);
    CU_ASSERT(a && b && la == lb && memcmp(a, b, la) == 0);
    free(a);
    free(b);
    drawing_free(d);
    free(dir);
}

int main(void)
{
    static const hy_test tests[] = {
        {"text extracts exactly", test_text_extracts_exactly},
        {"whole page text", test_whole_page_text},
        {"fonts embedded and valid", test_fonts_embedded_and_valid},
        {"reproducible", test_reproducible},
        {"failures leave nothing", test_failures_leave_nothing},
        {"font alias", test_font_alias},
        {"threads", test_threads},
        {NULL, NULL},
    };
    int rc = test_main("pdfwrite", tests);
    fontset_free(fonts);
    return rc;
}
