/*
 * drawing.h - pages as lists of things to draw, the hand-over from layout to
 * PDF. The template stage decides where everything goes and records it here;
 * the PDF writer only paints it. Keeping the decisions in a plain list means
 * layout can be tested without a PDF (does every line of text stay inside its
 * box?) and the PDF writer knows every character before it touches the font.
 *
 * What each item is, for a reader that is not looking at the page (a screen
 * reader, text extraction), is recorded too: a structure tree of nodes
 * (Document, Sect, H1, Table, TR, TH, TD, P, L, LI, Figure...) in reading
 * order, and every item tagged with the node it belongs to, or as an
 * artifact (rules, fills, running headers). The PDF writer turns that into a
 * tagged PDF (PDF/UA-1): marked content on the pages, a structure tree.
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
    int32_t tag;          /* the structure node it belongs to, or an HY_TAG_* artifact kind */
} hy_draw_item;

typedef struct hy_page {
    float width, height;  /* points */
    hy_draw_item *items;
    size_t nitems, cap;
} hy_page;

#define HY_DRAW_MAX_FONTS 4

/* ---- structure ---- */

/* Standard structure types (ISO 32000-1 14.8.4), the ones hyoka's forms use. */
typedef enum hy_role {
    HY_ROLE_DOCUMENT,
    HY_ROLE_PART,
    HY_ROLE_SECT,
    HY_ROLE_DIV,
    HY_ROLE_H1,
    HY_ROLE_H2,
    HY_ROLE_H3,
    HY_ROLE_H4,
    HY_ROLE_H5,
    HY_ROLE_H6,
    HY_ROLE_P,
    HY_ROLE_SPAN,
    HY_ROLE_TABLE,
    HY_ROLE_TR,
    HY_ROLE_TH,
    HY_ROLE_TD,
    HY_ROLE_L,
    HY_ROLE_LI,
    HY_ROLE_LBODY,
    HY_ROLE_FIGURE,
    HY_ROLE_CAPTION,
    HY_ROLE_TOC,          /* a table of contents (the book's), */
    HY_ROLE_TOCI,         /* its items, */
    HY_ROLE_LINK,         /* and a link (with its annotation, pdfstream.h) */
    HY_ROLE_COUNT
} hy_role;

/* A header cell's /Scope: the cells it heads. */
enum { HY_SCOPE_NONE, HY_SCOPE_ROW, HY_SCOPE_COLUMN, HY_SCOPE_BOTH };

/* Items that are not content (PDF "artifacts"): rules, fills and borders;
 * the running header and footer, which repeat on every page. */
#define HY_TAG_ARTIFACT (-1)
#define HY_TAG_HEADER (-2)
#define HY_TAG_FOOTER (-3)

/* A structure element. Its children are the nodes whose parent it is, in
 * the order they were added: the reading order. Its content is the items
 * tagged with it, in drawing order, page by page. */
typedef struct hy_draw_node {
    uint8_t role;         /* hy_role */
    uint8_t scope;        /* TH: HY_SCOPE_* */
    uint16_t rowspan, colspan;  /* TH and TD: cells spanned, 1 when none */
    int32_t parent;       /* -1 for a top-level node */
    const char *alt;      /* /Alt (a Figure's description), in the arena, or NULL */
    const char *actual;   /* /ActualText (what is read instead of the content), or NULL */
} hy_draw_node;

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
    const char *lang;     /* the document's language (BCP 47), "ja-JP" unless set */
    hy_draw_node *nodes;  /* the structure tree */
    size_t nnodes, nodes_cap;
    int32_t tag;          /* what items appended from now on belong to (a node or HY_TAG_*) */
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

/* Adds a structure node under parent (-1: top level) and returns its id, or -1
 * when out of memory. Nodes are read in the order they are added. layout_sheet
 * makes a Document node first; a book of sheets in one drawing makes its own
 * Document and turns each sheet's into a Sect under it (role and parent of
 * that node), so the book reads sheet by sheet. */
int32_t drawing_node(hy_drawing *d, int32_t parent, hy_role role);

/* Sets what the items appended from now on belong to: a node id, or one of
 * HY_TAG_ARTIFACT, HY_TAG_HEADER, HY_TAG_FOOTER (the default is
 * HY_TAG_ARTIFACT). Returns the previous value. */
int32_t drawing_tag(hy_drawing *d, int32_t tag);

/* The standard name of a role ("TD"), and the role of a name (-1 if unknown). */
const char *drawing_role_name(hy_role role);
int drawing_role_parse(const char *name);

/* Millimetres to points. */
static inline float mm_to_pt(float mm) { return mm * 72.0f / 25.4f; }

#endif
