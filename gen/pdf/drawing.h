/*
 * drawing.h - pages as lists of things to draw, the hand-over from layout to
 * PDF. The template stage decides where everything goes and records it here;
 * the PDF writer only paints it. Keeping the decisions in a plain list means
 * layout can be tested without a PDF (does every line of text stay inside its
 * box?) and the PDF writer knows every character before it touches the font.
 *
 * Coordinates are PDF points (1/72 inch) from the top-left corner of the page,
 * y growing downward, as forms are designed; the writer flips them.
 */
#ifndef HY_DRAWING_H
#define HY_DRAWING_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

typedef enum hy_draw_kind {
    HY_DRAW_TEXT,   /* one line of text; (x, y) is the left end of its baseline */
    HY_DRAW_LINE,   /* from (x, y) to (x + w, y + h) */
    HY_DRAW_RECT,   /* (x, y) top-left, w x h */
    HY_DRAW_IMAGE,  /* a PNG or JPEG file (text: its path) fitted into (x, y) w x h,
                       centred, its proportions kept */
} hy_draw_kind;

enum {
    HY_DRAW_STROKE = 1,   /* rect: draw the outline */
    HY_DRAW_FILL = 2,     /* rect: fill with fill_rgb */
};

typedef struct hy_draw_item {
    uint8_t kind;         /* hy_draw_kind */
    uint8_t font;         /* text: index into the drawing's fonts */
    uint8_t flags;        /* rect: HY_DRAW_STROKE | HY_DRAW_FILL */
    float x, y, w, h;     /* text: w is the advance width, h the font size */
    float size;           /* text: font size; line and rect: line width */
    uint32_t fill_rgb;    /* 0xRRGGBB: text colour, rect fill */
    uint32_t stroke_rgb;  /* line and rect outline colour */
    const char *text;     /* text: UTF-8, one line, in the drawing's arena */
    int32_t box;          /* text: the layout box it was placed in (for checks), -1 if none */
} hy_draw_item;

typedef struct hy_page {
    float width, height;  /* points */
    hy_draw_item *items;
    size_t nitems, cap;
} hy_page;

#define HY_DRAW_MAX_FONTS 4

/* A box that text was laid out into, kept so tests can prove no text left it. */
typedef struct hy_draw_box {
    size_t page;
    float x, y, w, h;
} hy_draw_box;

typedef struct hy_drawing {
    hy_arena *arena;
    hy_page *pages;
    size_t npages, cap;
    const char *fonts[HY_DRAW_MAX_FONTS];  /* font names known to the font set */
    size_t nfonts;
    hy_draw_box *boxes;
    size_t nboxes, boxes_cap;
    const char *title;    /* document information, UTF-8; may be NULL */
    const char *author;
    const char *subject;
    long long epoch;      /* creation date (SOURCE_DATE_EPOCH), -1 for none */
} hy_drawing;

/* Creates an empty drawing; NULL when out of memory. */
hy_drawing *drawing_new(void);

/* Frees the drawing and its arena; NULL is allowed. */
void drawing_free(hy_drawing *d);

/* Registers a font by its font-set name and returns its index, or -1 when the
 * table is full. Registering the same name twice returns the same index. */
int drawing_font(hy_drawing *d, const char *name);

/* Appends a page of the given size in points; returns it, or NULL when out of memory. */
hy_page *drawing_add_page(hy_drawing *d, float width, float height);

/* Records a layout box (for geometric checks) and returns its id, or -1. */
int32_t drawing_add_box(hy_drawing *d, size_t page, float x, float y, float w, float h);

/* Appends a line of text (copied into the arena). Returns 0, or -1 when out of memory. */
int drawing_text(hy_drawing *d, hy_page *page, float x, float baseline, float size,
                 int font, uint32_t rgb, const char *text, float advance, int32_t box);

/* Appends a straight line. */
int drawing_line(hy_drawing *d, hy_page *page, float x1, float y1, float x2, float y2,
                 float width, uint32_t rgb);

/* Appends a rectangle, stroked and/or filled (flags). */
int drawing_rect(hy_drawing *d, hy_page *page, float x, float y, float w, float h,
                 int flags, float line_width, uint32_t stroke_rgb, uint32_t fill_rgb);

/* Appends an image: the PNG or JPEG file at path (copied into the arena), fitted
 * into the box. The file is read when the PDF is written. */
int drawing_image(hy_drawing *d, hy_page *page, float x, float y, float w, float h,
                  const char *path);

/* Millimetres to points. */
static inline float mm_to_pt(float mm) { return mm * 72.0f / 25.4f; }

#endif
