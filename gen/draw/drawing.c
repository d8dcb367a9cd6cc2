#include "draw/drawing.h"
#include "util/vec.h"

#include <stdlib.h>
#include <string.h>

hy_drawing *drawing_new(void)
{
    hy_drawing *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->arena = arena_new();
    if (!d->arena) {
        free(d);
        return NULL;
    }
    d->epoch = -1;
    d->lang = "ja-JP";
    d->tag = HY_TAG_ARTIFACT;
    return d;
}

void drawing_free(hy_drawing *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->npages; i++)
        free(d->pages[i].items);
    free(d->pages);
    free(d->boxes);
    free(d->nodes);
    arena_free(d->arena);
    free(d);
}

int drawing_font(hy_drawing *d, const char *name)
{
    for (size_t i = 0; i < d->nfonts; i++)
        if (strcmp(d->fonts[i], name) == 0)
            return (int)i;
    if (d->nfonts == HY_DRAW_MAX_FONTS)
        return -1;
    const char *copy = arena_strdup(d->arena, name);
    if (!copy)
        return -1;
    d->fonts[d->nfonts] = copy;
    return (int)d->nfonts++;
}

hy_page *drawing_add_page(hy_drawing *d, float width, float height)
{
    hy_page *p = vec_push(&d->pages, &d->npages, &d->cap, sizeof *p);
    if (!p)
        return NULL;
    p->width = width;
    p->height = height;
    return p;
}

int32_t drawing_add_box(hy_drawing *d, size_t page, float x, float y, float w, float h)
{
    hy_draw_box *b = vec_push(&d->boxes, &d->nboxes, &d->boxes_cap, sizeof *b);
    if (!b)
        return -1;
    *b = (hy_draw_box){page, x, y, w, h};
    return (int32_t)(d->nboxes - 1);
}

static hy_draw_item *page_push(const hy_drawing *d, hy_page *p)
{
    hy_draw_item *it = vec_push(&p->items, &p->nitems, &p->cap, sizeof *it);
    if (!it)
        return NULL;
    it->box = -1;
    it->tag = d->tag;
    return it;
}

static const char *const role_names[HY_ROLE_COUNT] = {
    "Document", "Part", "Sect", "Div", "H1", "H2", "H3", "H4", "H5", "H6", "P", "Span",
    "Table", "TR", "TH", "TD", "L", "LI", "LBody", "Figure", "Caption", "TOC", "TOCI", "Link",
};

const char *drawing_role_name(hy_role role)
{
    return (unsigned)role < HY_ROLE_COUNT ? role_names[role] : "Span";
}

int drawing_role_parse(const char *name)
{
    for (int i = 0; i < HY_ROLE_COUNT; i++)
        if (strcmp(role_names[i], name) == 0)
            return i;
    return -1;
}

int32_t drawing_node(hy_drawing *d, int32_t parent, hy_role role)
{
    hy_draw_node *n = vec_push(&d->nodes, &d->nnodes, &d->nodes_cap, sizeof *n);
    if (!n)
        return -1;
    *n = (hy_draw_node){(uint8_t)role, HY_SCOPE_NONE, 1, 1, parent, NULL, NULL};
    return (int32_t)(d->nnodes - 1);
}

int32_t drawing_tag(hy_drawing *d, int32_t tag)
{
    int32_t old = d->tag;
    d->tag = tag;
    return old;
}

int drawing_text(hy_drawing *d, hy_page *page, float x, float baseline, float size,
                 int font, uint32_t rgb, const char *text, float advance, int32_t box)
{
    const char *copy = arena_strdup(d->arena, text);
    hy_draw_item *it = copy ? page_push(d, page) : NULL;
    if (!it)
        return -1;
    it->kind = HY_DRAW_TEXT;
    it->font = (uint8_t)font;
    it->x = x;
    it->y = baseline;
    it->w = advance;
    it->h = size;
    it->size = size;
    it->fill_rgb = rgb;
    it->text = copy;
    it->box = box;
    return 0;
}

int drawing_line(hy_drawing *d, hy_page *page, float x1, float y1, float x2, float y2,
                 float width, uint32_t rgb)
{
    hy_draw_item *it = page_push(d, page);
    if (!it)
        return -1;
    it->kind = HY_DRAW_LINE;
    it->x = x1;
    it->y = y1;
    it->w = x2 - x1;
    it->h = y2 - y1;
    it->size = width;
    it->stroke_rgb = rgb;
    return 0;
}

int drawing_image(hy_drawing *d, hy_page *page, float x, float y, float w, float h,
                  const char *path)
{
    char *copy = arena_strdup(d->arena, path);
    hy_draw_item *it = copy ? page_push(d, page) : NULL;
    if (!it)
        return -1;
    it->kind = HY_DRAW_IMAGE;
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = h;
    it->text = copy;
    it->box = -1;
    return 0;
}

int drawing_rect(hy_drawing *d, hy_page *page, float x, float y, float w, float h,
                 int flags, float line_width, uint32_t stroke_rgb, uint32_t fill_rgb)
{
    hy_draw_item *it = page_push(d, page);
    if (!it)
        return -1;
    it->kind = HY_DRAW_RECT;
    it->flags = (uint8_t)flags;
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = h;
    it->size = line_width;
    it->stroke_rgb = stroke_rgb;
    it->fill_rgb = fill_rgb;
    return 0;
}
