#include "pdf/pdfpaint.h"

#include <hpdf_utils.h>
#include <math.h>
#include <stdio.h>

/* A page's content stream is written here, operator by operator, in the very
 * bytes libharu's HPDF_Page_* functions write (numbers through libharu's own
 * HPDF_FToA), into a buffer the writer compresses once. libharu's operator
 * functions clear a 512-byte scratch buffer byte by byte and copy every
 * string into a memory stream a byte at a time: ~4,000 instructions per
 * rectangle, a fifth of a sheet's time (measured), for a few dozen bytes.
 * What they check is checked here too. */

/* The graphics state as last set on the page, so that each operator is
 * written only when its value changes. Starts unknown on every page. */
typedef struct pen {
    hy_pdfpaint *pp;
    hy_buf *b;
    float height;         /* of the page: y is flipped */
    float line_width;
    uint32_t stroke, fill;
    int font;
    float size;
    int in_text;
    int oom;              /* an append failed */
} pen;

static void put(pen *p, const char *s)
{
    p->oom |= buf_puts(p->b, s);
}

/* A number followed by a space or the operator in after. */
static void put_real(pen *p, float v, const char *after)
{
    char num[HPDF_REAL_LEN + 1];
    char *end = HPDF_FToA(num, v, num + HPDF_REAL_LEN);
    p->oom |= buf_append(p->b, num, (size_t)(end - num));
    put(p, after);
}

static float channel(uint32_t rgb, int shift)
{
    return (float)((rgb >> shift) & 0xFF) / 255.0f;
}

static void put_rgb(pen *p, uint32_t rgb, const char *op)
{
    put_real(p, channel(rgb, 16), " ");
    put_real(p, channel(rgb, 8), " ");
    put_real(p, channel(rgb, 0), op);
}

static void pen_fill(pen *p, uint32_t rgb)
{
    if (p->fill == rgb)
        return;
    p->fill = rgb;
    put_rgb(p, rgb, " rg\012");
}

static HPDF_STATUS pen_stroke(pen *p, uint32_t rgb, float width)
{
    if (p->stroke != rgb) {
        p->stroke = rgb;
        put_rgb(p, rgb, " RG\012");
    }
    if (p->line_width != width) {
        if (!(width >= 0))
            return HPDF_PAGE_OUT_OF_RANGE;
        p->line_width = width;
        put_real(p, width, " w\012");
    }
    return HPDF_OK;
}

static void pen_end_text(pen *p)
{
    if (!p->in_text)
        return;
    p->in_text = 0;
    put(p, "ET\012");
}

/* The codes as a hex string, then Tj. */
static HPDF_STATUS put_codes(pen *p, const hy_buf *codes)
{
    static const char hex[] = "0123456789ABCDEF";
    if (buf_reserve(p->b, 2 * codes->len + 8))
        return HPDF_FAILD_TO_ALLOC_MEM;
    char *q = p->b->data + p->b->len;
    *q++ = '<';
    for (size_t i = 0; i < codes->len; i++) {
        unsigned char c = (unsigned char)codes->data[i];
        *q++ = hex[c >> 4];
        *q++ = hex[c & 0xF];
    }
    *q++ = '>';
    *q = '\0';
    p->b->len = (size_t)(q - p->b->data);
    put(p, " Tj\012");
    return HPDF_OK;
}

static HPDF_STATUS draw_text(pen *p, const hy_draw_item *it)
{
    hy_pdfpaint *pp = p->pp;
    int res = 0;
    buf_reset(&pp->codes);
    HPDF_STATUS st = pp->text(pp->ctx, it, &pp->codes, &res);
    if (st != HPDF_OK)
        return st;
    if (!p->in_text) {
        put(p, "BT\012");
        p->in_text = 1;
    }
    if (p->font != res || p->size != it->size) {
        if (!(it->size > 0 && it->size <= HPDF_MAX_FONTSIZE))
            return HPDF_PAGE_INVALID_FONT_SIZE;
        char name[16];
        snprintf(name, sizeof name, "/F%d ", res);
        p->font = res;
        p->size = it->size;
        put(p, name);
        put_real(p, it->size, " Tf\012");
    }
    pen_fill(p, it->fill_rgb);
    /* An absolute text matrix per line: no position drifts from the last one. */
    put(p, "1 0 0 1 ");
    put_real(p, it->x, " ");
    put_real(p, p->height - it->y, " Tm\012");
    return put_codes(p, &pp->codes);
}

/* An image, fitted into its box and centred, its proportions kept. */
static HPDF_STATUS draw_image(pen *p, const hy_draw_item *it)
{
    const char *name = NULL;
    float iw = 0, ih = 0;
    HPDF_STATUS st = p->pp->image(p->pp->ctx, it, &name, &iw, &ih);
    if (st != HPDF_OK)
        return st;
    if (!name || !(iw > 0) || !(ih > 0))
        return HPDF_INVALID_IMAGE;
    float scale = it->w / iw < it->h / ih ? it->w / iw : it->h / ih;
    float w = iw * scale, h = ih * scale;
    float x = it->x + (it->w - w) / 2, y = it->y + (it->h - h) / 2;
    put(p, "q\012");
    put_real(p, w, " 0 0 ");
    put_real(p, h, " ");
    put_real(p, x, " ");
    put_real(p, p->height - y - h, " cm\012/");
    put(p, name);
    put(p, " Do\012Q\012");
    return HPDF_OK;
}

static HPDF_STATUS draw_rect(pen *p, const hy_draw_item *it)
{
    HPDF_STATUS st;
    if (!(it->flags & (HY_DRAW_STROKE | HY_DRAW_FILL)))
        return HPDF_OK;
    pen_end_text(p);
    if ((it->flags & HY_DRAW_STROKE) && (st = pen_stroke(p, it->stroke_rgb, it->size)) != HPDF_OK)
        return st;
    if (it->flags & HY_DRAW_FILL)
        pen_fill(p, it->fill_rgb);
    put_real(p, it->x, " ");
    put_real(p, p->height - it->y - it->h, " ");
    put_real(p, it->w, " ");
    put_real(p, it->h, " re\012");
    if ((it->flags & HY_DRAW_STROKE) && (it->flags & HY_DRAW_FILL))
        put(p, "B\012");
    else if (it->flags & HY_DRAW_FILL)
        put(p, "f\012");
    else
        put(p, "S\012");
    return HPDF_OK;
}

static HPDF_STATUS draw_item(pen *p, const hy_draw_item *it)
{
    HPDF_STATUS st;
    if (it->kind == HY_DRAW_TEXT && it->text[0] == '\0')
        return HPDF_OK;
    /* a marked-content sequence may not cross a text object's bounds */
    if (pdftags_changes(p->pp->tags, it->tag)) {
        pen_end_text(p);
        if (pdftags_switch(p->pp->tags, p->pp->page, it->tag, p->b) != 0)
            return HPDF_FAILD_TO_ALLOC_MEM;
    }
    switch (it->kind) {
    case HY_DRAW_TEXT:
        return draw_text(p, it);
    case HY_DRAW_LINE:
        pen_end_text(p);
        if ((st = pen_stroke(p, it->stroke_rgb, it->size)) != HPDF_OK)
            return st;
        put_real(p, it->x, " ");
        put_real(p, p->height - it->y, " m\012");
        put_real(p, it->x + it->w, " ");
        put_real(p, p->height - (it->y + it->h), " l\012");
        put(p, "S\012");
        return HPDF_OK;
    case HY_DRAW_RECT:
        return draw_rect(p, it);
    case HY_DRAW_IMAGE:
        pen_end_text(p);
        return draw_image(p, it);
    default:
        return HPDF_INVALID_PARAMETER;
    }
}

HPDF_STATUS pdfpaint_page(hy_pdfpaint *pp, const hy_page *pg)
{
    /* NaN and out-of-range colours: unequal to anything, so the first use of
     * each sets it. */
    pen p = {pp, pp->content, pg->height, NAN, 0xFFFFFFFFu, 0xFFFFFFFFu, -1, NAN, 0, 0};
    buf_reset(pp->content);
    HPDF_STATUS st = HPDF_OK;
    for (size_t i = 0; i < pg->nitems && st == HPDF_OK; i++)
        st = draw_item(&p, &pg->items[i]);
    pen_end_text(&p);
    if (pdftags_end_page(pp->tags, pp->content) != 0)
        p.oom = 1;
    return st == HPDF_OK && p.oom ? HPDF_FAILD_TO_ALLOC_MEM : st;
}

void pdfpaint_free(hy_pdfpaint *pp)
{
    buf_free(&pp->codes);
}
