/* tests for pdf/fontset: loading IPAex fonts, libharu-exact advance widths,
 * glyph coverage and per-document subsets */
#include <hb.h>
#include <hpdf.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/fontset.h"
#include "testutil.h"

#define GOTHIC "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"

static hy_fontset *fonts;
static int gothic = -1;

static void load_font(void)
{
    if (fonts)
        return;
    hy_err err = {0};
    fonts = fontset_new();
    CU_ASSERT_EQUAL_FATAL(fontset_add(fonts, "gothic", "ipaexg.ttf", NULL, &err), HY_OK);
    gothic = fontset_find(fonts, "gothic");
}

static void test_load_and_find(void)
{
    load_font();
    CU_ASSERT_EQUAL(gothic, 0);
    CU_ASSERT_STRING_EQUAL(fontset_path(fonts, gothic), GOTHIC);
    CU_ASSERT_EQUAL(fontset_find(fonts, "mincho"), -1);

    hy_err err = {0};
    CU_ASSERT_EQUAL(fontset_add(fonts, "mincho", "ipaexm.ttf", NULL, &err), HY_OK);
    CU_ASSERT_EQUAL(fontset_find(fonts, "mincho"), 1);
    CU_ASSERT_STRING_EQUAL(fontset_path(fonts, 1),
                           "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf");
    /* ascent and descent as libharu writes them: hhea * 1000 / units per em */
    CU_ASSERT_EQUAL(fontset_ascent(fonts, gothic), 879);
    CU_ASSERT_EQUAL(fontset_descent(fonts, gothic), 120);
}

static void test_load_errors(void)
{
    hy_fontset *fs = fontset_new();
    hy_err err = {0};
    CU_ASSERT_EQUAL(fontset_add(fs, "gothic", "nosuch.ttf", "/nonexistent:/tmp", &err),
                    HY_EUSAGE);
    CU_ASSERT_STRING_EQUAL(err.msg,
                           "font file nosuch.ttf for \"gothic\" not found in /nonexistent:/tmp");
    CU_ASSERT_EQUAL(fontset_add(fs, "gothic", "/nonexistent/x.ttf", NULL, &err), HY_EIO);
    CU_ASSERT(test_contains(err.msg, "/nonexistent/x.ttf: cannot read the font file"));

    char *dir = test_tmpdir("fontset");
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char path[4200];
    snprintf(path, sizeof path, "%s/junk.ttf", dir);
    CU_ASSERT_EQUAL(test_write(path, "not a font at all", 17), 0);
    CU_ASSERT_EQUAL(fontset_add(fs, "junk", path, NULL, &err), HY_EUSAGE);
    CU_ASSERT(test_contains(err.msg, "junk.ttf: not a font file"));
    /* a bare name is searched in the folders given */
    CU_ASSERT_EQUAL(fontset_add(fs, "g", "ipaexg.ttf", "/nonexistent:/usr/share/fonts/opentype/"
                                "ipaexfont-gothic", &err), HY_OK);
    CU_ASSERT_EQUAL(fontset_add(fs, "g", "ipaexm.ttf", NULL, &err), HY_EUSAGE);
    CU_ASSERT_STRING_EQUAL(err.msg, "font \"g\" is defined twice");
    CU_ASSERT_EQUAL(fontset_find(fs, "junk"), -1);
    CU_ASSERT_EQUAL(fontset_find(fs, "g"), 0);
    free(dir);
    fontset_free(fs);
    fontset_free(NULL);
}

static void test_advances(void)
{
    load_font();
    CU_ASSERT_EQUAL(fontset_advance(fonts, gothic, 0x4EE4), 1000);  /* 令 */
    CU_ASSERT_EQUAL(fontset_advance(fonts, gothic, 0xFF76), 500);   /* ｶ */
    CU_ASSERT_EQUAL(fontset_advance(fonts, gothic, 'A'), 637);      /* proportional Latin */
    CU_ASSERT_EQUAL(fontset_advance(fonts, gothic, '1'), 629);
    CU_ASSERT_EQUAL(fontset_advance(fonts, gothic, ' '), 270);
    CU_ASSERT_EQUAL(fontset_advance(fonts, gothic, 0x2460), 1000);  /* ① */
    CU_ASSERT_EQUAL(fontset_advance(fonts, gothic, 0x20BB7), 0);    /* 𠮷 */
    CU_ASSERT_EQUAL(fontset_advance(fonts, gothic, 0xE000), 0);     /* private use */
    CU_ASSERT_DOUBLE_EQUAL(fontset_text_width(fonts, gothic, 10.0f, "令和A"), 26.37, 1e-5);
    CU_ASSERT_EQUAL(fontset_text_width(fonts, gothic, 12.0f, ""), 0.0f);
}

static void test_has_glyph(void)
{
    load_font();
    CU_ASSERT_TRUE(fontset_has_glyph(fonts, gothic, 0x9AD9));   /* 髙 */
    CU_ASSERT_TRUE(fontset_has_glyph(fonts, gothic, 0xFA11));   /* 﨑 */
    CU_ASSERT_TRUE(fontset_has_glyph(fonts, gothic, 0x2460));   /* ① */
    CU_ASSERT_TRUE(fontset_has_glyph(fonts, gothic, 0x3231));   /* ㈱ */
    CU_ASSERT_TRUE(fontset_has_glyph(fonts, gothic, 0xFF5E));   /* ～ */
    CU_ASSERT_TRUE(fontset_has_glyph(fonts, gothic, ' '));
    /* 𠮷 is in IPAex, but libharu 2.3.0 cannot draw anything above U+FFFF */
    CU_ASSERT_FALSE(fontset_has_glyph(fonts, gothic, 0x20BB7));
    CU_ASSERT_FALSE(fontset_has_glyph(fonts, gothic, 0xE000));  /* private use (外字) */
    CU_ASSERT_FALSE(fontset_has_glyph(fonts, gothic, 0x2794));  /* ➔ not in IPAex */
    CU_ASSERT_FALSE(fontset_has_glyph(fonts, gothic, 0x0007));
}

/* The widths layout measures must be the widths libharu writes into the PDF:
 * compare every BMP code point with HPDF_Font_GetUnicodeWidth on the full font. */
static void test_advances_match_libharu(void)
{
    load_font();
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    HPDF_UseUTFEncodings(pdf);
    const char *name = HPDF_LoadTTFontFromFile(pdf, GOTHIC, HPDF_FALSE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(name);
    HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
    CU_ASSERT_PTR_NOT_NULL_FATAL(font);
    unsigned compared = 0, differ = 0;
    for (uint32_t cp = 0; cp < 0x10000; cp++) {
        if (!fontset_has_glyph(fonts, gothic, cp))
            continue;
        compared++;
        differ += (unsigned)HPDF_Font_GetUnicodeWidth(font, (HPDF_UNICODE)cp) !=
                  fontset_advance(fonts, gothic, cp);
    }
    CU_ASSERT_EQUAL(compared, 11691);
    CU_ASSERT_EQUAL(differ, 0);
    CU_ASSERT_EQUAL(HPDF_Font_GetAscent(font), fontset_ascent(fonts, gothic));
    CU_ASSERT_EQUAL(HPDF_Font_GetDescent(font), -fontset_descent(fonts, gothic));
    HPDF_Free(pdf);
}

static void test_subset_reads_back(void)
{
    load_font();
    const uint32_t cps[] = {0x4EE4, 0x548C, 'A', 0xFF76, 0x9AD9};  /* 令和Aｶ髙 */
    void *data = NULL;
    size_t len = 0;
    hy_err err = {0};
    CU_ASSERT_EQUAL_FATAL(fontset_subset(fonts, gothic, cps, 5, &data, &len, &err), HY_OK);
    CU_ASSERT(len > 1000 && len < 20000);
    CU_ASSERT_EQUAL(memcmp(data, "\0\1\0\0", 4), 0);  /* TrueType outlines */

    hb_blob_t *blob = hb_blob_create(data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(face);
    unsigned upem = hb_face_get_upem(face);
    hb_font_set_scale(font, (int)upem, (int)upem);
    /* .notdef, the five, and H and x that libharu measures */
    CU_ASSERT_EQUAL(hb_face_get_glyph_count(face), 8);
    for (size_t i = 0; i < 5; i++) {
        hb_codepoint_t gid = 0;
        CU_ASSERT_TRUE(hb_font_get_nominal_glyph(font, cps[i], &gid));
        CU_ASSERT_NOT_EQUAL(gid, 0);
        unsigned adv = (unsigned)hb_font_get_glyph_h_advance(font, gid) * 1000u / upem;
        CU_ASSERT_EQUAL(adv, fontset_advance(fonts, gothic, cps[i]));
    }
    hb_codepoint_t gid;
    CU_ASSERT_TRUE(hb_font_get_nominal_glyph(font, 'H', &gid));
    CU_ASSERT_FALSE(hb_font_get_nominal_glyph(font, 0x4E8B, &gid));  /* 事: not asked for */
    hb_blob_t *glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
    CU_ASSERT(hb_blob_get_length(glyf) > 0);
    hb_blob_destroy(glyf);
    hb_blob_t *gsub = hb_face_reference_table(face, HB_TAG('G', 'S', 'U', 'B'));
    CU_ASSERT_EQUAL(hb_blob_get_length(gsub), 0);  /* dropped: libharu never embeds it */
    hb_blob_destroy(gsub);
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    free(data);
}

typedef struct subset_run {
    const uint32_t *cps;
    size_t n;
    int same;   /* all 20 subsets equal to the expected bytes */
    const void *expect;
    size_t expect_len;
} subset_run;

static void *subset_thread(void *arg)
{
    subset_run *run = arg;
    run->same = 1;
    for (int i = 0; i < 20; i++) {
        void *data = NULL;
        size_t len = 0;
        if (fontset_subset(fonts, gothic, run->cps, run->n, &data, &len, NULL) != HY_OK ||
            len != run->expect_len || memcmp(data, run->expect, len) != 0)
            run->same = 0;
        free(data);
    }
    return NULL;
}

/* One font set serves several threads at once, and a subset depends only on
 * the characters asked for. */
static void test_subset_threads(void)
{
    load_font();
    uint32_t cps[300];
    size_t n = 0;
    for (uint32_t cp = 0x4E00; n < 300; cp += 7)
        if (fontset_has_glyph(fonts, gothic, cp))
            cps[n++] = cp;
    void *expect = NULL;
    size_t expect_len = 0;
    CU_ASSERT_EQUAL_FATAL(fontset_subset(fonts, gothic, cps, n, &expect, &expect_len, NULL),
                          HY_OK);
    subset_run runs[2] = {{cps, n, 0, expect, expect_len}, {cps, n, 0, expect, expect_len}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, subset_thread, &runs[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    CU_ASSERT_TRUE(runs[0].same);
    CU_ASSERT_TRUE(runs[1].same);
    free(expect);
}

/* Prepared for many subsets (HarfBuzz's preprocessing), a font set makes the
 * very same subsets, also when its first subsets come from several threads at
 * once (HarfBuzz 6.0.0 then fills a cache they share: see fontset.c). */
typedef struct prepared_run {
    subset_run run;
    pthread_barrier_t *start;
} prepared_run;

static void *prepared_thread(void *arg)
{
    prepared_run *p = arg;
    pthread_barrier_wait(p->start);   /* every thread's first subset at once */
    return subset_thread(&p->run);
}

static void test_prepared_subsets(void)
{
    hy_err err = {0};
    hy_fontset *own = fontset_new();
    CU_ASSERT_EQUAL_FATAL(fontset_add(own, "gothic", "ipaexg.ttf", NULL, &err), HY_OK);
    uint32_t cps[300];
    size_t n = 0;
    for (uint32_t cp = 0x4E00; n < 300; cp += 11)
        if (fontset_has_glyph(own, 0, cp))
            cps[n++] = cp;
    void *expect = NULL;
    size_t expect_len = 0;
    CU_ASSERT_EQUAL_FATAL(fontset_subset(own, 0, cps, n, &expect, &expect_len, NULL), HY_OK);
    CU_ASSERT_EQUAL_FATAL(fontset_prepare(own, &err), HY_OK);
    CU_ASSERT_EQUAL(fontset_prepare(own, &err), HY_OK);   /* twice is once */

    hy_fontset *saved = fonts;
    fonts = own;   /* subset_thread works on `fonts` */
    enum { NT = 3 };
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, NT);
    prepared_run runs[NT];
    pthread_t t[NT];
    for (int i = 0; i < NT; i++) {
        runs[i] = (prepared_run){{cps, n, 0, expect, expect_len}, &start};
        CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, prepared_thread, &runs[i]), 0);
    }
    for (int i = 0; i < NT; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    fonts = saved;
    for (int i = 0; i < NT; i++)
        CU_ASSERT_TRUE(runs[i].run.same);
    free(expect);
    fontset_free(own);
}

/* A subset renumbers glyphs: the ids it gives are read from its own cmap,
 * distinct, in the order of the full font's, and 0 for what it left out. */
static void test_subset_glyphs(void)
{
    hy_fontset *fs = fontset_new();
    hy_err err = {0};
    CU_ASSERT_EQUAL_FATAL(fontset_add(fs, "gothic", "ipaexg.ttf", NULL, &err), HY_OK);
    uint32_t cps[] = {'A', 0x3042 /* あ */, 0x9AD9 /* 髙 */};
    void *data = NULL;
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(fontset_subset(fs, 0, cps, 3, &data, &len, &err), HY_OK);
    uint32_t ask[] = {'A', 0x3042, 0x9AD9, 'B'};
    uint16_t gids[4];
    CU_ASSERT_EQUAL(fontset_subset_glyphs(data, len, ask, 4, gids, &err), HY_OK);
    CU_ASSERT(gids[0] > 0 && gids[1] > gids[0] && gids[2] > gids[1]);
    CU_ASSERT(gids[2] < 10);   /* .notdef, A, H, x, あ, 髙: a handful */
    CU_ASSERT_EQUAL(gids[3], 0);
    free(data);
    hy_font_info info;
    CU_ASSERT_EQUAL(fontset_info(fs, 0, &info, &err), HY_OK);
    CU_ASSERT_STRING_EQUAL(info.psname, "IPAexGothic");
    CU_ASSERT(info.bbox[2] > info.bbox[0] && info.bbox[3] > info.bbox[1]);
    CU_ASSERT(info.ascent > 0 && info.descent < 0);
    CU_ASSERT(info.cap_height > 500 && info.cap_height < info.ascent);
    fontset_free(fs);
}

int main(void)
{
    static const hy_test tests[] = {
        {"load and find", test_load_and_find},
        {"load errors", test_load_errors},
        {"advances", test_advances},
        {"has glyph", test_has_glyph},
        {"advances match libharu", test_advances_match_libharu},
        {"subset reads back", test_subset_reads_back},
        {"subset from two threads", test_subset_threads},
        {"prepared: same subsets, from three threads", test_prepared_subsets},
        {"subset glyphs and font info", test_subset_glyphs},
        {NULL, NULL},
    };
    int rc = test_main("fontset", tests);
    fontset_free(fonts);
    return rc;
}
