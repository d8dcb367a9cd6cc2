/* tests for book/bookpage: a section's opening page lists what fits and
 * counts the rest, reading no row beyond bookpage_section_room() (a part of
 * a large book holds thousands of projects, each in the data set's scratch
 * file); a contents page makes its own structure, the heading on page 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book/bookpage.h"
#include "testutil.h"

static hy_fontset *fonts;

static int font(void)
{
    hy_err err = {0};
    if (!fonts) {
        fonts = fontset_new();
        CU_ASSERT_EQUAL_FATAL(fontset_add(fonts, "gothic", "ipaexg.ttf", NULL, &err), HY_OK);
    }
    return fontset_find(fonts, "gothic");
}

/* The page's texts that start at x (the list's left column: the page
 * margin, 48 pt, and 24), in order. */
static size_t texts_at(const hy_page *pg, float x, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < pg->nitems && n < max; i++)
        if (pg->items[i].kind == HY_DRAW_TEXT && pg->items[i].x == x)
            out[n++] = pg->items[i].text;
    return n;
}

static void test_section_counts_the_rest(void)
{
    size_t room = bookpage_section_room();
    CU_ASSERT(room >= 10 && room < 60);
    /* 5,000 rows, of which only the first `room` exist: reading any other
     * would crash (and ASan would say where) */
    enum { N = 5000 };
    const char **rows = calloc(N, sizeof *rows), **right = calloc(N, sizeof *right);
    char (*text)[32] = calloc(room, sizeof *text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    for (size_t i = 0; i < room; i++) {
        snprintf(text[i], sizeof text[i], "%05zu　事業", i + 1);
        rows[i] = text[i];
        right[i] = "企画課";
    }
    hy_bookpen pen;
    CU_ASSERT_EQUAL_FATAL(bookpen_init(&pen, fonts, font(), "gothic"), 0);
    bookpage_section(&pen, "施策", "移住・定住の促進", rows, right, N, "");
    CU_ASSERT_FALSE(pen.oom);
    CU_ASSERT_EQUAL_FATAL(pen.d->npages, 1);
    const char *listed[80];
    size_t n = texts_at(&pen.d->pages[0], 48 + 24, listed, 80);
    /* kind, name, then the rows: all but the last that fit, then the count */
    CU_ASSERT_EQUAL_FATAL(n, 2 + room);
    CU_ASSERT_STRING_EQUAL(listed[2], "00001　事業");
    CU_ASSERT_STRING_EQUAL(listed[room], text[room - 2]);
    char more[32];
    snprintf(more, sizeof more, "ほか %zu 件", N - (room - 1));
    CU_ASSERT_STRING_EQUAL(listed[room + 1], more);
    bookpen_free(&pen);

    /* exactly `room` rows: the last one is shown, not counted */
    CU_ASSERT_EQUAL_FATAL(bookpen_init(&pen, fonts, font(), "gothic"), 0);
    bookpage_section(&pen, "施策", "移住・定住の促進", rows, right, room, "");
    n = texts_at(&pen.d->pages[0], 48 + 24, listed, 80);
    CU_ASSERT_EQUAL_FATAL(n, 2 + room);
    CU_ASSERT_STRING_EQUAL(listed[room + 1], text[room - 1]);
    bookpen_free(&pen);
    free(text);
    free(rows);
    free(right);
}

static void test_toc_page_structure(void)
{
    hy_toc_line lines[2] = {{0, "集計", 2, 1}, {2, "31002　漁業後継者育成支援事業", 9, 8}};
    int32_t link[2] = {-1, -1};
    float y[2] = {0, 0};
    for (size_t page = 0; page < 2; page++) {
        hy_bookpen pen;
        CU_ASSERT_EQUAL_FATAL(bookpen_init(&pen, fonts, font(), "gothic"), 0);
        bookpage_toc_page(&pen, page, lines, 2, link, y);
        CU_ASSERT_FALSE(pen.oom);
        const hy_drawing *d = pen.d;
        size_t head = page == 0;
        CU_ASSERT_EQUAL_FATAL(d->nnodes, head + 4);
        if (head)
            CU_ASSERT_EQUAL(d->nodes[0].role, HY_ROLE_H1);
        for (size_t i = 0; i < 2; i++) {
            int32_t item = (int32_t)(head + 2 * i);
            CU_ASSERT_EQUAL(d->nodes[item].role, HY_ROLE_TOCI);
            CU_ASSERT_EQUAL(d->nodes[item].parent, -1);
            CU_ASSERT_EQUAL(link[i], item + 1);
            CU_ASSERT_EQUAL(d->nodes[link[i]].role, HY_ROLE_LINK);
            CU_ASSERT_EQUAL(d->nodes[link[i]].parent, item);
        }
        CU_ASSERT(y[1] - y[0] == BOOKPAGE_TOC_LINE);
        /* the line's title is tagged with its Link */
        int tagged = 0;
        for (size_t k = 0; k < d->pages[0].nitems; k++) {
            const hy_draw_item *it = &d->pages[0].items[k];
            tagged += it->kind == HY_DRAW_TEXT && it->tag == link[1] &&
                      !strcmp(it->text, lines[1].text);
        }
        CU_ASSERT_EQUAL(tagged, 1);
        bookpen_free(&pen);
    }
}

int main(void)
{
    static const hy_test tests[] = {
        {"a section page counts what does not fit", test_section_counts_the_rest},
        {"a contents page makes its own structure", test_toc_page_structure},
        {NULL, NULL},
    };
    int rc = test_main("bookpage", tests);
    fontset_free(fonts);
    return rc;
}
