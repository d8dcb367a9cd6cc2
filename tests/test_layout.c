/* tests for template/layout: every line of text inside its box, long text
 * continued with no character lost, missing glyphs flagged */
#include <stdlib.h>
#include <string.h>

#include "cli/pipeline.h"
#include "template/layout.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/utf8.h"

static hy_run *run;
static hy_template *tpl;
static hy_fontset *fonts;

static hy_drawing *lay(const hy_project *p, hy_diags *warn)
{
    hy_drawing *d = drawing_new();
    hy_bind b = {.project = p, .profile = run->profile, .fiscal_year = p->fiscal_year};
    hy_err err;
    CU_ASSERT_EQUAL(layout_sheet(tpl, fonts, &b, d, warn, &err), HY_OK);
    return d;
}

/* Counts text items outside their box (ascent above the top, descent below the
 * bottom, or either end past the sides). */
static size_t outside(const hy_drawing *d)
{
    size_t bad = 0;
    int f = fontset_find(fonts, "gothic");
    float asc = fontset_ascent(fonts, f) / 1000.0f, desc = fontset_descent(fonts, f) / 1000.0f;
    for (size_t pg = 0; pg < d->npages; pg++)
        for (size_t i = 0; i < d->pages[pg].nitems; i++) {
            const hy_draw_item *it = &d->pages[pg].items[i];
            if (it->kind != HY_DRAW_TEXT || it->box < 0)
                continue;
            const hy_draw_box *b = &d->boxes[it->box];
            const float e = 0.01f;
            if (b->page != pg || it->x < b->x - e || it->x + it->w > b->x + b->w + e ||
                it->y - asc * it->size < b->y - e || it->y + desc * it->size > b->y + b->h + e) {
                fprintf(stderr, "\n  outside its box on page %zu: \"%s\" at (%.1f, %.1f) w %.1f size %.1f; "
                        "box (%.1f, %.1f) %.1f x %.1f\n", pg + 1, it->text, it->x, it->y, it->w,
                        it->size, b->x, b->y, b->w, b->h);
                bad++;
            }
        }
    return bad;
}

static void test_no_text_leaves_its_box(void)
{
    size_t texts = 0;
    for (size_t i = 0; i < run->dataset->nprojects; i++) {
        hy_diags *warn = diags_new();
        hy_drawing *d = lay(&run->dataset->projects[i], warn);
        CU_ASSERT_EQUAL(outside(d), 0);
        CU_ASSERT_EQUAL(d->npages, 1);          /* the sample sheets are one page each */
        CU_ASSERT_EQUAL(warn->count, 0);
        for (size_t k = 0; k < d->pages[0].nitems; k++)
            texts += d->pages[0].items[k].kind == HY_DRAW_TEXT;
        drawing_free(d);
        diags_free(warn);
    }
    CU_ASSERT(texts > 14 * 150);                /* and they did draw their text */
}

/* The text drawn into a box, in order, with the lines joined. */
static void box_text(const hy_drawing *d, int32_t box, hy_buf *out)
{
    for (size_t pg = 0; pg < d->npages; pg++)
        for (size_t i = 0; i < d->pages[pg].nitems; i++) {
            const hy_draw_item *it = &d->pages[pg].items[i];
            if (it->kind == HY_DRAW_TEXT && it->box == box)
                buf_puts(out, it->text);
        }
}

static int32_t box_starting_with(const hy_drawing *d, const char *prefix, size_t from_page)
{
    for (size_t pg = from_page; pg < d->npages; pg++)
        for (size_t i = 0; i < d->pages[pg].nitems; i++) {
            const hy_draw_item *it = &d->pages[pg].items[i];
            if (it->kind == HY_DRAW_TEXT && it->box >= 0 && !strncmp(it->text, prefix, strlen(prefix)))
                return it->box;
        }
    return -1;
}

static void test_long_text_continues_whole(void)
{
    /* a 1,500-character 目的: shrinks to the minimum, then continues */
    hy_project p = run->dataset->projects[0];
    static const char SENTENCE[] = "人口減少が進むなかで、地域の担い手を確保し、将来にわたり活力あるまちを維持するため、"
                                   "移住の検討から定住に至るまで切れ目のない支援を行う。";
    hy_buf text = HY_BUF_INIT;
    while (utf8_length(buf_str(&text)) < 1500)
        buf_puts(&text, SENTENCE);
    hy_field fields[64];
    CU_ASSERT_FATAL(p.nfields < 63);
    memcpy(fields, p.fields, p.nfields * sizeof *fields);
    for (size_t i = 0; i < p.nfields; i++)
        if (!strcmp(fields[i].key, "purpose"))
            fields[i].value = text.data;
    p.fields = fields;
    hy_diags *warn = diags_new();
    hy_drawing *d = lay(&p, warn);
    CU_ASSERT_EQUAL(outside(d), 0);
    CU_ASSERT_EQUAL(d->npages, 2);
    CU_ASSERT_EQUAL(warn->count, 1);
    CU_ASSERT(test_contains(warn->items[0].message, "project 13035, 目的: the text does not fit its box"));
    /* page 1 holds the start and says it continues; page 2 the rest, under its label */
    int32_t first = box_starting_with(d, "人口減少が進む", 0);
    CU_ASSERT_FATAL(first >= 0);
    CU_ASSERT_EQUAL(d->boxes[first].page, 0);
    hy_buf drawn = HY_BUF_INIT, rest = HY_BUF_INIT;
    box_text(d, first, &drawn);
    const char NOTE[] = "（次ページに続く）";
    CU_ASSERT_FATAL(drawn.len > strlen(NOTE));
    CU_ASSERT_STRING_EQUAL(drawn.data + drawn.len - strlen(NOTE), NOTE);
    drawn.len -= strlen(NOTE);
    drawn.data[drawn.len] = '\0';
    int32_t label = box_starting_with(d, "目的", 1);
    CU_ASSERT_FATAL(label >= 0);
    for (int32_t b = label + 1; b < (int32_t)d->nboxes; b++)
        box_text(d, b, &rest);
    buf_append(&drawn, rest.data, rest.len);
    CU_ASSERT_STRING_EQUAL(drawn.data, text.data);     /* every character, in order */
    /* the continuation page repeats the project */
    int32_t head = box_starting_with(d, "（続き）13035 関係人口拡大促進事業", 1);
    CU_ASSERT(head >= 0);
    buf_free(&drawn);
    buf_free(&rest);
    buf_free(&text);
    drawing_free(d);
    diags_free(warn);
}

static void test_missing_glyph_is_flagged(void)
{
    hy_project p = run->dataset->projects[0];
    p.name = "𠮷野家\xEE\x80\x80支援事業";       /* U+20BB7 and a private-use 外字 */
    hy_diags *warn = diags_new();
    hy_drawing *d = lay(&p, warn);
    CU_ASSERT(box_starting_with(d, "〓野家〓支援事業", 0) >= 0);
    CU_ASSERT_EQUAL(warn->count, 2);
    CU_ASSERT_STRING_EQUAL(warn->items[0].message,
                           "project 13035, 事務事業名: the font has no glyph for U+20BB7 \"𠮷\"; printed as 〓");
    CU_ASSERT_STRING_EQUAL(warn->items[1].message,
                           "project 13035, 事務事業名: the font has no glyph for U+E000 \"\xEE\x80\x80\"; printed as 〓");
    drawing_free(d);
    diags_free(warn);
}

int main(void)
{
    char input[4096], templates[4096];
    snprintf(input, sizeof input, "%s", test_src("input"));
    snprintf(templates, sizeof templates, "%s", test_src("templates"));
    hy_run_opts opts = {.input = input, .templates_dir = templates, .epoch = -1};
    hy_err err;
    if (pipeline_load(&opts, &run, &err) != HY_OK || run->diags->errors) {
        fprintf(stderr, "cannot load input/: %s\n", err.msg);
        return 1;
    }
    fonts = fontset_new();
    if (template_load(test_src("templates/nemuro/sheet.tpl"), NULL, NULL, &tpl, &err) != HY_OK ||
        layout_load_fonts(tpl, fonts, &err) != HY_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    static const hy_test tests[] = {
        {"no drawn text leaves its box", test_no_text_leaves_its_box},
        {"1,500 characters continue with none lost", test_long_text_continues_whole},
        {"characters the font lacks print as 〓 with a warning", test_missing_glyph_is_flagged},
        {NULL, NULL},
    };
    int rc = test_main("layout", tests);
    template_free(tpl);
    fontset_free(fonts);
    pipeline_free(run);
    return rc;
}
