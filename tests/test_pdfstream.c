/* tests for pdf/pdfstream: pages written out of order land where they were
 * put, text extracts exactly through the one subset, bookmarks, labels and
 * links read back (qpdf, poppler), the document is tagged PDF/UA-1 and
 * PDF/A-2u (pdfcheck) with an image on a page, and a document that cannot be
 * finished leaves no file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdf/pdfstream.h"
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
    CU_ASSERT_EQUAL_FATAL(fontset_add(fonts, "heading", "ipaexg.ttf", NULL, &err), HY_OK);
}

/* One page with one line of text, drawn with `font`, as a P of its own; and
 * a link area over it when link (a Link node holding the text). */
static hy_drawing *one_page(const char *font, const char *line, int link)
{
    hy_drawing *d = drawing_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    int f = drawing_font(d, font);
    hy_page *p = drawing_add_page(d, 595.276f, 841.89f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    drawing_rect(d, p, 40, 40, 200, 30, HY_DRAW_STROKE | HY_DRAW_FILL, 1, 0, 0xDDE6F0);
    int32_t para = drawing_node(d, -1, HY_ROLE_P);
    drawing_tag(d, link ? drawing_node(d, para, HY_ROLE_LINK) : para);
    drawing_text(d, p, 50, 60, 12, f, 0, line, 0, -1);
    return d;
}

static const char *const lines[] = {"表紙　髙橋①", "目次 ページ二", "本文 ３ページ目 -12.5"};

/* Writes pages 0..2 of lines[] at positions 0..2 in the order given. */
static int write_three(hy_pdfstream *ps, const char *font, const size_t *order, hy_err *err)
{
    int rc = HY_OK;
    for (size_t k = 0; k < 3 && rc == HY_OK; k++) {
        size_t i = order[k];
        hy_drawing *d = one_page(font, lines[i], i == 1);
        hy_pdflink link = {40, 40, 200, 30, 0, 2, 1, "本文"};
        rc = pdfstream_drawing(ps, d, i, 0, i == 1 ? &link : NULL, i == 1, err);
        drawing_free(d);
    }
    return rc;
}

static char *sh(const char *fmt, const char *path)
{
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof cmd, fmt, path);
    CU_ASSERT_EQUAL(test_sh(cmd, &out), 0);
    return out;
}

static void test_out_of_order(void)
{
    load_fonts();
    char *dir = test_tmpdir("pdfstream");
    char *path = fs_join(dir, "b.pdf");
    hy_err err = {0};
    hy_pdfstream *ps = NULL;
    CU_ASSERT_EQUAL_FATAL(pdfstream_open(path, fonts, 0, NULL, &ps, &err), HY_OK);
    /* the body first, the front matter last, as the book writes them */
    static const size_t order[] = {2, 1, 0};
    CU_ASSERT_EQUAL(write_three(ps, "gothic", order, &err), HY_OK);
    /* the same position twice is refused */
    hy_drawing *d = one_page("gothic", lines[0], 0);
    CU_ASSERT_EQUAL(pdfstream_drawing(ps, d, 0, 0, NULL, 0, &err), HY_EUSAGE);
    /* an image: the PNG's pixels and the JPEG's file, each in a Figure */
    hy_page *pg = &d->pages[0];
    drawing_tag(d, drawing_node(d, -1, HY_ROLE_FIGURE));
    drawing_image(d, pg, 40, 100, 200, 105, test_src("input/saitama/images/8101.png"));
    drawing_image(d, pg, 40, 300, 200, 105, test_src("input/saitama/images/8203.jpg"));
    d->nodes[1].alt = "事業イメージ";
    CU_ASSERT_EQUAL(pdfstream_drawing(ps, d, 3, 0, NULL, 0, &err), HY_OK);
    drawing_free(d);
    int top = pdfstream_outline(ps, -1, "本文", 2);
    CU_ASSERT(top >= 0);
    CU_ASSERT(pdfstream_outline(ps, top, "下位　①", 2) > top);
    CU_ASSERT(pdfstream_outline(ps, -1, "表紙", 0) >= 0);
    CU_ASSERT_EQUAL(pdfstream_label(ps, 0, 'r', 1), 0);
    CU_ASSERT_EQUAL(pdfstream_label(ps, 2, 'D', 1), 0);
    CU_ASSERT_EQUAL(pdfstream_close(ps, "題名", "市", NULL, 1719792000, &err), HY_OK);

    char *text = sh("pdftotext -f 1 -l 1 %s -", path);
    CU_ASSERT(text && test_contains(text, "表紙") && test_contains(text, "髙橋①"));
    free(text);
    text = sh("pdftotext -f 3 -l 3 %s -", path);
    CU_ASSERT(text && test_contains(text, "本文 ３ページ目 -12.5"));
    free(text);
    char *fontsout = sh("pdffonts %s | tail -n +3 | wc -l", path);
    CU_ASSERT(fontsout && atoi(fontsout) == 1);
    free(fontsout);
    char *check = sh("qpdf --check %s >/dev/null 2>&1 && echo ok", path);
    CU_ASSERT(check && test_contains(check, "ok"));
    free(check);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %%s 2>&1", test_src("../shared/tools/pdfcheck"));
    check = sh(cmd, path);
    CU_ASSERT(check && test_contains(check, "1 files, 0 failed"));
    if (check && !test_contains(check, "1 files, 0 failed"))
        fprintf(stderr, "%s\n", check);
    free(check);
    /* the images are there, at their own size */
    check = sh("pdfimages -list %s | tail -n +3 | awk '{print $4, $5, $6, $9}'", path);
    CU_ASSERT(check && test_contains(check, "800 420 rgb image\n800 420 rgb jpeg\n"));
    free(check);
    char *json = sh("qpdf --json --json-key=outlines --json-key=pagelabels %s "
                    "| tr -d ' \\n'", path);
    CU_ASSERT(json && test_contains(json, "\"destpageposfrom1\":3,\"kids\":[{"));
    CU_ASSERT(json && test_contains(json, "\"title\":\"下位　①\""));
    CU_ASSERT(json && test_contains(json, "{\"index\":2,\"label\":{\"/S\":\"/D\",\"/St\":1}}"));
    free(json);
    char *info = sh("pdfinfo %s", path);
    CU_ASSERT(info && test_contains(info, "Title:           題名"));
    CU_ASSERT(info && test_contains(info, "Pages:           4"));
    free(info);
    free(path);
    free(dir);
}

static void test_failures_leave_nothing(void)
{
    load_fonts();
    char *dir = test_tmpdir("pdfstream-fail");
    char *path = fs_join(dir, "b.pdf");
    hy_err err = {0};
    hy_pdfstream *ps = NULL;

    /* a gap in the positions: nothing is published */
    hy_drawing *d = one_page("gothic", lines[0], 0);
    CU_ASSERT_EQUAL_FATAL(pdfstream_open(path, fonts, 0, NULL, &ps, &err), HY_OK);
    CU_ASSERT_EQUAL(pdfstream_drawing(ps, d, 0, 0, NULL, 0, &err), HY_OK);
    CU_ASSERT_EQUAL(pdfstream_drawing(ps, d, 2, 0, NULL, 0, &err), HY_OK);
    CU_ASSERT_EQUAL(pdfstream_close(ps, NULL, NULL, NULL, -1, &err), HY_EUSAGE);
    CU_ASSERT(test_contains(err.msg, "page position 1 was never written"));
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
    drawing_free(d);

    /* a second font file: the book has one font */
    d = one_page("mincho", lines[0], 0);
    CU_ASSERT_EQUAL_FATAL(pdfstream_open(path, fonts, 0, NULL, &ps, &err), HY_OK);
    CU_ASSERT_EQUAL(pdfstream_drawing(ps, d, 0, 0, NULL, 0, &err), HY_EUSAGE);
    CU_ASSERT(test_contains(err.msg, "the one font of the book"));
    pdfstream_abort(ps);
    drawing_free(d);

    /* another name for the same file is the same font */
    d = one_page("heading", lines[0], 0);
    CU_ASSERT_EQUAL_FATAL(pdfstream_open(path, fonts, 0, NULL, &ps, &err), HY_OK);
    CU_ASSERT_EQUAL(pdfstream_drawing(ps, d, 0, 0, NULL, 0, &err), HY_OK);
    pdfstream_abort(ps);
    drawing_free(d);

    /* a character beyond the font */
    d = one_page("gothic", "A\xF0\x9F\x98\x80", 0);
    CU_ASSERT_EQUAL_FATAL(pdfstream_open(path, fonts, 0, NULL, &ps, &err), HY_OK);
    CU_ASSERT_EQUAL(pdfstream_drawing(ps, d, 0, 0, NULL, 0, &err), HY_EUSAGE);
    pdfstream_abort(ps);
    drawing_free(d);

    /* an image that is not one, named in the message */
    d = one_page("gothic", lines[0], 0);
    drawing_image(d, &d->pages[0], 40, 100, 200, 105, test_src("input/saitama/projects.csv"));
    CU_ASSERT_EQUAL_FATAL(pdfstream_open(path, fonts, 0, NULL, &ps, &err), HY_OK);
    CU_ASSERT_EQUAL(pdfstream_drawing(ps, d, 0, 0, NULL, 0, &err), HY_EUSAGE);
    CU_ASSERT(test_contains(err.msg, "projects.csv: not a PNG or JPEG image"));
    pdfstream_abort(ps);
    drawing_free(d);

    char *left = NULL;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "ls -A %s | wc -l", dir);
    CU_ASSERT_EQUAL(test_sh(cmd, &left), 0);
    CU_ASSERT(left && atoi(left) == 0);
    free(left);
    free(path);
    free(dir);
}

static void test_reproducible(void)
{
    load_fonts();
    char *dir = test_tmpdir("pdfstream-same");
    char *paths[2] = {fs_join(dir, "a.pdf"), fs_join(dir, "b.pdf")};
    for (int i = 0; i < 2; i++) {
        hy_err err = {0};
        hy_pdfstream *ps = NULL;
        static const size_t order[] = {0, 1, 2};
        CU_ASSERT_EQUAL_FATAL(pdfstream_open(paths[i], fonts, 0, NULL, &ps, &err), HY_OK);
        CU_ASSERT_EQUAL(write_three(ps, "gothic", order, &err), HY_OK);
        CU_ASSERT_EQUAL(pdfstream_close(ps, "t", NULL, NULL, 1719792000, &err), HY_OK);
    }
    size_t la = 0, lb = 0;
    char *a = test_slurp(paths[0], &la), *b = test_slurp(paths[1], &lb);
    CU_ASSERT(a && b && la == lb && memcmp(a, b, la) == 0);
    free(a);
    free(b);
    free(paths[0]);
    free(paths[1]);
    free(dir);
}

/* A one-page contents-like drawing: on page 0 an H1 first; then a TOCI
 * holding a Link over its line. */
static hy_drawing *toc_like(int heading, const char *line)
{
    hy_drawing *d = drawing_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    int f = drawing_font(d, "gothic");
    hy_page *pg = drawing_add_page(d, 595.276f, 841.89f);
    if (heading) {
        drawing_tag(d, drawing_node(d, -1, HY_ROLE_H1));
        drawing_text(d, pg, 50, 40, 18, f, 0, "目次", 0, -1);
    }
    int32_t item = drawing_node(d, -1, HY_ROLE_TOCI);
    drawing_tag(d, drawing_node(d, item, HY_ROLE_LINK));
    drawing_text(d, pg, 50, 80, 12, f, 0, line, 0, -1);
    drawing_tag(d, HY_TAG_ARTIFACT);
    return d;
}

/* The structure tree in reading order, as "Role[kids]" (pikepdf reads it). */
static const char tree_py[] =
    "import sys,pikepdf\n"
    "def w(e):\n"
    " k=e.get('/K');k=k if isinstance(k,pikepdf.Array) else [k] if k is not None else []\n"
    " s=[w(c) for c in k if isinstance(c,pikepdf.Dictionary) and '/S' in c]\n"
    " return str(e.S)[1:]+('['+','.join(s)+']' if s else '')\n"
    "print(w(pikepdf.open(sys.argv[1]).Root.StructTreeRoot.K))\n";

/* pdfstream_drawing_in: a page's top-level nodes go to different elements,
 * and an element made unplaced follows the heading drawn on its first page:
 * the book's contents, whose list runs on over pages written one by one. */
static void test_drawing_in(void)
{
    load_fonts();
    char *dir = test_tmpdir("pdfstream-in");
    char *path = fs_join(dir, "toc.pdf"), *script = fs_join(dir, "tree.py");
    FILE *f = fopen(script, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(tree_py, f);
    fclose(f);
    hy_err err = {0};
    hy_pdfstream *ps = NULL;
    CU_ASSERT_EQUAL_FATAL(pdfstream_open(path, fonts, 0, NULL, &ps, &err), HY_OK);
    int sect = pdfstream_elem(ps, 0, HY_ROLE_SECT);
    int list = pdfstream_elem_unplaced(ps, HY_ROLE_TOC);
    CU_ASSERT(sect > 0 && list > sect);
    hy_drawing *d = toc_like(1, lines[1]);
    int elems0[] = {sect, list, -99};   /* -99: not top-level, never read */
    hy_pdflink to1 = {40, 70, 200, 14, 0, 1, 2, "本文"};
    CU_ASSERT_EQUAL(pdfstream_drawing_in(ps, d, 0, elems0, &to1, 1, &err), HY_OK);
    drawing_free(d);
    CU_ASSERT_EQUAL(pdfstream_place(ps, list, sect), 0);
    CU_ASSERT_EQUAL(pdfstream_place(ps, list, sect), -1);   /* placed once */
    d = toc_like(0, lines[2]);
    int elems1[] = {list, -99};
    hy_pdflink to0 = {40, 70, 200, 14, 0, 0, 1, "目次"};
    CU_ASSERT_EQUAL(pdfstream_drawing_in(ps, d, 1, elems1, &to0, 1, &err), HY_OK);
    /* an element that is not the stream's is refused, naming it */
    int bad[] = {42, -99};
    CU_ASSERT_EQUAL(pdfstream_drawing_in(ps, d, 2, bad, NULL, 0, &err), HY_EUSAGE);
    CU_ASSERT(test_contains(err.msg, "no structure element 42"));
    drawing_free(d);
    CU_ASSERT_EQUAL(pdfstream_close(ps, "t", NULL, NULL, 1719792000, &err), HY_OK);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %%s", script);
    char *tree = sh(cmd, path);
    CU_ASSERT(tree && test_contains(tree, "Document[Sect[H1,TOC[TOCI[Link],TOCI[Link]]]]"));
    if (tree && !test_contains(tree, "Document[Sect[H1,TOC[TOCI[Link],TOCI[Link]]]]"))
        fprintf(stderr, "%s\n", tree);
    free(tree);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %%s 2>&1", test_src("../shared/tools/pdfcheck"));
    char *check = sh(cmd, path);
    CU_ASSERT(check && test_contains(check, "1 files, 0 failed"));
    free(check);
    char *text = sh("pdftotext -f 2 -l 2 %s -", path);
    CU_ASSERT(text && test_contains(text, lines[2]));
    free(text);
    free(script);
    free(path);
    free(dir);
}

/* An element never placed is a broken tree: the document is not finished. */
static void test_unplaced_fails(void)
{
    load_fonts();
    char *dir = test_tmpdir("pdfstream-unplaced");
    char *path = fs_join(dir, "u.pdf");
    hy_err err = {0};
    hy_pdfstream *ps = NULL;
    CU_ASSERT_EQUAL_FATAL(pdfstream_open(path, fonts, 0, NULL, &ps, &err), HY_OK);
    int list = pdfstream_elem_unplaced(ps, HY_ROLE_TOC);
    hy_drawing *d = toc_like(0, lines[0]);
    int elems[] = {list, -99};
    CU_ASSERT_EQUAL(pdfstream_drawing_in(ps, d, 0, elems, NULL, 0, &err), HY_OK);
    drawing_free(d);
    CU_ASSERT_EQUAL(pdfstream_close(ps, "t", NULL, NULL, 1719792000, &err), HY_EIO);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
    free(path);
    free(dir);
}

/* A page like a sheet's: 250 elements (a P each, one line of text). */
static hy_drawing *busy_page(void)
{
    hy_drawing *d = drawing_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    int f = drawing_font(d, "gothic");
    hy_page *pg = drawing_add_page(d, 595.276f, 841.89f);
    int32_t sect = drawing_node(d, -1, HY_ROLE_SECT);
    for (int i = 0; i < 249; i++) {
        drawing_tag(d, drawing_node(d, sect, HY_ROLE_P));
        drawing_text(d, pg, 40, 20 + 3 * (float)i, 3, f, 0, "行", 0, -1);
    }
    return d;
}

/* What the stream keeps per page written does not depend on how many
 * objects the page has: ~255 here, whose cross-reference rows alone were
 * 2.3 KB a page before they were kept as runs (pdf/xref.h). */
static void test_held_per_page(void)
{
    load_fonts();
    char *dir = test_tmpdir("pdfstream-held");
    char *path = fs_join(dir, "held.pdf");
    hy_err err = {0};
    hy_pdfstream *ps = NULL;
    CU_ASSERT_EQUAL_FATAL(pdfstream_open(path, fonts, 0, NULL, &ps, &err), HY_OK);
    hy_drawing *d = busy_page();
    size_t at500 = 0;
    for (size_t i = 0; i < 2500; i++) {
        CU_ASSERT_EQUAL_FATAL(pdfstream_drawing(ps, d, i, 0, NULL, 0, &err), HY_OK);
        CU_ASSERT_FATAL(pdfstream_outline(ps, -1, "第一章　本文の項目", i) >= 0);
        if (i + 1 == 500)
            at500 = pdfstream_held(ps);
    }
    size_t per_page = (pdfstream_held(ps) - at500) / 2000;
    CU_ASSERT(per_page > 0 && per_page <= 160);
    if (per_page > 160)
        fprintf(stderr, "held %zu bytes a page\n", per_page);
    drawing_free(d);
    CU_ASSERT_EQUAL(pdfstream_close(ps, "t", NULL, NULL, 1719792000, &err), HY_OK);
    char *pages = sh("pdfinfo %s | grep Pages:", path);
    CU_ASSERT(pages && test_contains(pages, "2500"));
    free(pages);
    free(path);
    free(dir);
}

int main(void)
{
    static const hy_test tests[] = {
        {"out of order", test_out_of_order},
        {"failures leave nothing", test_failures_leave_nothing},
        {"reproducible", test_reproducible},
        {"top-level nodes to several elements", test_drawing_in},
        {"an element never placed fails", test_unplaced_fails},
        {"a few dozen bytes held a page", test_held_per_page},
        {NULL, NULL},
    };
    int rc = test_main("pdfstream", tests);
    fontset_free(fonts);
    return rc;
}
