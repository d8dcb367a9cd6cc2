#include "book/bookpage.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "model/format.h"
#include "util/utf8.h"

#define INK 0x000000u
#define GREY 0x555555u
#define RULE 0x808080u
#define BAR 0x2F5F98u      /* bars: a blue that prints as a mid grey */
#define BAR2 0x9DB7D5u
#define BAND 0xDCE6F1u     /* table header rows */
#define MARGIN 48.0f
#define TOP 60.0f          /* below the running header */
#define BOTTOM 800.0f      /* above the page number */

/* ---- the pen ---- */

int bookpen_attach(hy_bookpen *bp, hy_drawing *d, const hy_fontset *fonts, int fs_font,
                   const char *name)
{
    bp->d = d;
    bp->fonts = fonts;
    bp->fs_font = fs_font;
    bp->oom = 0;
    bp->font = drawing_font(d, name);
    return bp->font < 0 ? -1 : 0;
}

int bookpen_init(hy_bookpen *bp, const hy_fontset *fonts, int fs_font, const char *name)
{
    hy_drawing *d = drawing_new();
    if (!d)
        return -1;
    if (bookpen_attach(bp, d, fonts, fs_font, name) != 0) {
        drawing_free(d);
        bp->d = NULL;
        return -1;
    }
    return 0;
}

void bookpen_free(hy_bookpen *bp)
{
    drawing_free(bp->d);
    bp->d = NULL;
}

static hy_page *new_page(hy_bookpen *bp)
{
    hy_page *pg = drawing_add_page(bp->d, BOOKPAGE_W, BOOKPAGE_H);
    if (!pg)
        bp->oom = 1;
    return pg;
}

/* text with missing characters replaced and cut to max_w; into out */
static float fit_text(hy_bookpen *bp, const char *text, float size, float max_w, char *out,
                      size_t outsz)
{
    static const char geta[] = "\xE3\x80\x93", ell[] = "\xE2\x80\xA6";
    float ell_w = fontset_text_width(bp->fonts, bp->fs_font, size, ell);
    size_t n = strlen(text), o = 0;
    unsigned long long units = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(text + i, n - i, &cp);
        const char *put = text + i;
        size_t putlen = len;
        if (len == 0)
            len = 1;
        if (cp == '\n' || cp == '\r' || cp == '\t')
            cp = ' ', put = " ", putlen = 1;
        if (putlen == 0 || cp < 0x20 || !fontset_has_glyph(bp->fonts, bp->fs_font, cp))
            cp = 0x3013, put = geta, putlen = 3;
        unsigned adv = fontset_advance(bp->fonts, bp->fs_font, cp);
        float w = (float)((double)(units + adv) * size / 1000.0);
        if (max_w > 0 && w + ell_w > max_w && i + len < n) {
            /* does the rest fit whole? only then no ellipsis */
            float rest = fontset_text_width(bp->fonts, bp->fs_font, size, text + i);
            if ((float)((double)units * size / 1000.0) + rest > max_w) {
                if (o + 3 < outsz) {
                    memcpy(out + o, ell, 3);
                    o += 3;
                }
                out[o] = '\0';
                return (float)((double)units * size / 1000.0) + ell_w;
            }
        }
        if (o + putlen + 1 >= outsz)
            break;
        memcpy(out + o, put, putlen);
        o += putlen;
        units += adv;
        i += len;
    }
    out[o] = '\0';
    return (float)((double)units * size / 1000.0);
}

float bookpen_text(hy_bookpen *bp, hy_page *pg, float x, float y, float size, uint32_t rgb,
                   const char *text, int align, float max_w)
{
    char line[1024];
    if (!pg || !text || !*text)
        return 0;
    float w = fit_text(bp, text, size, max_w, line, sizeof line);
    float left = align == 1 ? x - w / 2 : align == 2 ? x - w : x;
    if (drawing_text(bp->d, pg, left, y, size, bp->font, rgb, line, w, -1) != 0)
        bp->oom = 1;
    return w;
}

int32_t bookpen_node(hy_bookpen *bp, int32_t parent, hy_role role)
{
    int32_t n = drawing_node(bp->d, parent, role);
    if (n < 0)
        bp->oom = 1;
    else
        drawing_tag(bp->d, n);
    return n;
}

/* Rules and fills are artifacts, whatever the text around them is. */
static void rule(hy_bookpen *bp, hy_page *pg, float x1, float y, float x2, float width)
{
    int32_t tag = drawing_tag(bp->d, HY_TAG_ARTIFACT);
    if (pg && drawing_line(bp->d, pg, x1, y, x2, y, width, RULE) != 0)
        bp->oom = 1;
    drawing_tag(bp->d, tag);
}

static void box(hy_bookpen *bp, hy_page *pg, float x, float y, float w, float h, uint32_t fill)
{
    int32_t tag = drawing_tag(bp->d, HY_TAG_ARTIFACT);
    if (pg && w > 0 && h > 0 &&
        drawing_rect(bp->d, pg, x, y, w, h, HY_DRAW_FILL, 0, fill, fill) != 0)
        bp->oom = 1;
    drawing_tag(bp->d, tag);
}

/* ---- cover ---- */

void bookpage_cover(hy_bookpen *bp, const hy_profile *pf, const char *title, int fiscal_year,
                    long long epoch)
{
    hy_page *pg = new_page(bp);
    char year[64], date[64] = "";
    /* a title spells the era out (令和3年度), even where the form abbreviates it */
    format_fiscal_year(fiscal_year, pf->era == HY_ERA_SHORT ? HY_ERA_LONG : pf->era, 1, year,
                       sizeof year);
    if (epoch >= 0) {
        /* the date as it was in Japan (JST, UTC+9): the default epoch is
         * 1 April 00:00 JST, which is still 31 March in UTC */
        time_t t = (time_t)(epoch + 9 * 3600);
        struct tm tm;
        if (gmtime_r(&t, &tm))
            format_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                        pf->era == HY_ERA_SHORT ? HY_ERA_LONG : pf->era, date, sizeof date);
    }
    float cx = BOOKPAGE_W / 2;
    box(bp, pg, MARGIN, 250, BOOKPAGE_W - 2 * MARGIN, 4, BAR);
    bookpen_node(bp, -1, HY_ROLE_P);
    bookpen_text(bp, pg, cx, 320, 20, INK, year, 1, 0);
    bookpen_node(bp, -1, HY_ROLE_H1);
    bookpen_text(bp, pg, cx, 370, 28, INK, title, 1, BOOKPAGE_W - 2 * MARGIN);
    box(bp, pg, MARGIN, 400, BOOKPAGE_W - 2 * MARGIN, 1.5f, BAR);
    if (*date) {
        bookpen_node(bp, -1, HY_ROLE_P);
        bookpen_text(bp, pg, cx, 640, 14, INK, date, 1, 0);
    }
    bookpen_node(bp, -1, HY_ROLE_P);
    bookpen_text(bp, pg, cx, 690, 22, INK, pf->city, 1, 0);
    drawing_tag(bp->d, HY_TAG_ARTIFACT);
}

/* ---- table of contents ---- */

#define TOC_FIRST 110.0f   /* first line's top on the first page (below 目次) */
#define TOC_NEXT TOP

static size_t toc_fit(int first)
{
    return (size_t)((BOTTOM - (first ? TOC_FIRST : TOC_NEXT)) / BOOKPAGE_TOC_LINE);
}

size_t bookpage_toc_pages(size_t n)
{
    size_t first = toc_fit(1), next = toc_fit(0);
    if (n <= first)
        return 1;
    return 1 + (n - first + next - 1) / next;
}

size_t bookpage_toc_first(size_t page)
{
    return page == 0 ? 0 : toc_fit(1) + (page - 1) * toc_fit(0);
}

/* One line: its title, a dotted leader and its page number, tagged with its
 * Link node (the dots are artifacts). */
static void toc_line(hy_bookpen *bp, hy_page *pg, const hy_toc_line *l, float y, int32_t link)
{
    float right = BOOKPAGE_W - MARGIN;
    float size = l->level == 0 ? 11 : l->level >= 2 ? 8.5f : 10;
    float x = MARGIN + 14.0f * (float)l->level;
    float base = y + BOOKPAGE_TOC_LINE - 3.5f;
    char num[24];
    snprintf(num, sizeof num, "%d", l->number);
    /* read as a line reads: the title, then its page number */
    drawing_tag(bp->d, link);
    float nw = fontset_text_width(bp->fonts, bp->fs_font, size, num);
    float tw = bookpen_text(bp, pg, x, base, size, l->level >= 2 ? INK : BAR, l->text, 0,
                            right - nw - 24 - x);
    bookpen_text(bp, pg, right, base, size, INK, num, 2, 0);
    /* a dotted leader from the title to its number */
    for (float dx = x + tw + 6; dx < right - nw - 6; dx += 4)
        box(bp, pg, dx, base - 1.2f, 0.8f, 0.8f, RULE);
}

void bookpage_toc_page(hy_bookpen *bp, size_t page, const hy_toc_line *lines, size_t n,
                       int32_t *link_node, float *link_y)
{
    hy_page *pg = new_page(bp);
    if (page == 0) {
        bookpen_node(bp, -1, HY_ROLE_H1);
        bookpen_text(bp, pg, BOOKPAGE_W / 2, 80, 18, INK, "目　次", 1, 0);
    }
    float y = page == 0 ? TOC_FIRST : TOC_NEXT;
    for (size_t i = 0; i < n; i++, y += BOOKPAGE_TOC_LINE) {
        int32_t item = bookpen_node(bp, -1, HY_ROLE_TOCI);
        link_node[i] = bookpen_node(bp, item, HY_ROLE_LINK);
        toc_line(bp, pg, &lines[i], y, link_node[i]);
        link_y[i] = y;
    }
    drawing_tag(bp->d, HY_TAG_ARTIFACT);
}

/* ---- a section's opening page ---- */

#define SECTION_MONEY 340.0f       /* the money line's top */
#define SECTION_LIST 370.0f        /* the first row's */
#define SECTION_ROW 18.0f

/* Does row at y leave room for one more below it? */
static int section_row_fits(float y)
{
    return y + 2 * SECTION_ROW <= BOTTOM;
}

size_t bookpage_section_room(void)
{
    size_t n = 1;   /* the last row read: the count of the rest, or a row */
    for (float y = SECTION_LIST; section_row_fits(y); y += SECTION_ROW)
        n++;
    return n;
}

void bookpage_section(hy_bookpen *bp, const char *kind, const char *name,
                      const char *const *rows, const char *const *right, size_t nrows,
                      const char *money)
{
    hy_page *pg = new_page(bp);
    box(bp, pg, MARGIN, 180, BOOKPAGE_W - 2 * MARGIN, 110, BAND);
    box(bp, pg, MARGIN, 180, 6, 110, BAR);
    bookpen_node(bp, -1, HY_ROLE_P);
    bookpen_text(bp, pg, MARGIN + 24, 215, 13, GREY, kind, 0, 0);
    bookpen_node(bp, -1, HY_ROLE_H1);
    /* a long name shrinks to fit before it is cut */
    float size = 22, room = BOOKPAGE_W - 2 * MARGIN - 40;
    while (size > 13 && fontset_text_width(bp->fonts, bp->fs_font, size, name) > room)
        size -= 1;
    bookpen_text(bp, pg, MARGIN + 24, 260, size, INK, name, 0, room);
    float y = SECTION_MONEY;
    if (money && *money) {
        bookpen_node(bp, -1, HY_ROLE_P);
        bookpen_text(bp, pg, MARGIN + 24, y, 10, INK, money, 0, BOOKPAGE_W - 2 * MARGIN - 40);
    }
    y = SECTION_LIST;
    int32_t list = nrows ? bookpen_node(bp, -1, HY_ROLE_L) : -1;
    for (size_t i = 0; i < nrows; i++, y += SECTION_ROW) {
        char more[48];
        const char *row = rows[i], *side = right[i];
        /* one page: what does not fit is counted on the last line */
        if (!section_row_fits(y) && i + 1 < nrows) {
            snprintf(more, sizeof more, "ほか %zu 件", nrows - i);
            row = more;
            side = "";
        }
        bookpen_node(bp, bookpen_node(bp, list, HY_ROLE_LI), HY_ROLE_LBODY);
        bookpen_text(bp, pg, MARGIN + 24, y, 11, INK, row, 0, BOOKPAGE_W - 2 * MARGIN - 170);
        bookpen_text(bp, pg, BOOKPAGE_W - MARGIN - 16, y, 10, GREY, side, 2, 130);
        rule(bp, pg, MARGIN + 24, y + 5, BOOKPAGE_W - MARGIN - 16, 0.3f);
        if (row == more)
            break;
    }
    drawing_tag(bp->d, HY_TAG_ARTIFACT);
}

/* ---- running header and footer ---- */

/* Lower-case roman numerals, as the front matter's page labels count. */
static void roman(int n, char *out, size_t size)
{
    static const struct { int v; const char *s; } digits[] = {
        {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
        {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"},
    };
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++)
        while (n >= digits[i].v && used + strlen(digits[i].s) < size) {
            strcpy(out + used, digits[i].s);
            used += strlen(digits[i].s);
            n -= digits[i].v;
        }
}

void bookpage_running(hy_bookpen *bp, hy_page *pg, const char *title, const char *section,
                      int number, int front)
{
    char num[32];
    if (front)
        roman(number, num, sizeof num);
    else
        snprintf(num, sizeof num, "%d", number);
    float half = pg->width / 2 - 40;
    int32_t tag = drawing_tag(bp->d, HY_TAG_HEADER);
    bookpen_text(bp, pg, 20, 10, 6.5f, GREY, title, 0, half);
    bookpen_text(bp, pg, pg->width - 20, 10, 6.5f, GREY, section, 2, half);
    drawing_tag(bp->d, HY_TAG_FOOTER);
    bookpen_text(bp, pg, pg->width - 20, pg->height - 5, 7.5f, INK, num, 2, 0);
    drawing_tag(bp->d, tag);
}

int bookpage_money_year(const hy_group *all, hy_stage *stage)
{
    int year = 0, any = 0;
    for (size_t i = 0; i < all->ncosts; i++)
        if (all->costs[i].stage == HY_STAGE_SETTLED && all->costs[i].fiscal_year > year)
            year = all->costs[i].fiscal_year;
    if (year) {
        *stage = HY_STAGE_SETTLED;
        return year;
    }
    for (size_t i = 0; i < all->ncosts; i++)
        if (all->costs[i].fiscal_year > any ||
            (all->costs[i].fiscal_year == any && all->costs[i].stage < *stage)) {
            any = all->costs[i].fiscal_year;
            *stage = all->costs[i].stage;
        }
    return any;
}
