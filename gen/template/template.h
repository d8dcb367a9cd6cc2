/*
 * template.h - a municipal form described in a file: page, fonts, styles, and
 * blocks of ruled grids whose cells hold labels and fields.
 *
 * Every city's evaluation sheet is, on paper, an Excel form: a grid of ruled
 * cells, some merged, some shaded labels, some filled from the data. A template
 * says exactly that, one statement per line, so that a city's form can be
 * added or changed without touching C, and so that any mistake in it is
 * reported with the template's file name and line. templates/README.md is the
 * reference of the format; this header is its in-memory shape.
 *
 * Lengths in a template are millimetres; here they are already points.
 */
#ifndef HY_TEMPLATE_H
#define HY_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

typedef enum tpl_align { TPL_ALIGN_LEFT, TPL_ALIGN_CENTER, TPL_ALIGN_RIGHT } tpl_align;
typedef enum tpl_valign { TPL_VALIGN_TOP, TPL_VALIGN_MIDDLE, TPL_VALIGN_BOTTOM } tpl_valign;

/* What to do with text that does not fit its box at its size. */
typedef enum tpl_overflow {
    TPL_OVERFLOW_SHRINK,   /* shrink down to min_size, then continue on a continuation page */
    TPL_OVERFLOW_CONTINUE, /* continue on a continuation page at the same size */
} tpl_overflow;

/* How a cell looks. Styles are named in the template and merged left to right:
 * `style=label,small` applies label, then small, over the template default. */
typedef struct tpl_style {
    int font;              /* index into hy_template.fonts */
    float size;            /* font size, points */
    float min_size;        /* smallest size shrinking may reach, points */
    float leading;         /* line height as a multiple of the size */
    float pad;             /* inner padding, points */
    tpl_align align;
    tpl_valign valign;
    uint32_t color;        /* text colour 0xRRGGBB */
    uint32_t fill;         /* background 0xRRGGBB, when has_fill */
    uint8_t has_fill;
    uint8_t border;        /* draw the cell's outline */
    uint8_t vertical;      /* 縦書き: characters stacked top to bottom */
    tpl_overflow overflow;
    float line_width;      /* outline width, points */
} tpl_style;

/* A piece of a content string: literal text, or a field expression in {}. */
typedef struct tpl_segment {
    const char *literal;   /* NULL for an expression */
    const char *expr;      /* the text between { and }, e.g. "cost@-4.total|money" */
} tpl_segment;

/* Content: what a cell or text block shows, parsed into segments. */
typedef struct tpl_content {
    const char *source;    /* as written in the template */
    tpl_segment *segments;
    size_t nsegments;
} tpl_content;

typedef struct tpl_cell {
    int line;              /* template line, for messages */
    tpl_content content;
    tpl_style style;
    uint16_t colspan, rowspan;
    const char *label;     /* name used when its text continues on another page */
} tpl_cell;

typedef struct tpl_row {
    int line;
    float height;          /* points; with auto_height, the least height */
    int auto_height;       /* `h=auto`: as tall as its cells' text needs */
    tpl_cell *cells;
    size_t ncells;
} tpl_row;

/* Rows repeated once per item of a collection (indicators, costs, ...). */
typedef struct tpl_repeat {
    int line;
    const char *collection; /* name the binder knows: indicators, costs */
    size_t first_row, nrows;/* the rows of the grid that repeat, as a group */
    size_t min_items;       /* blank groups are drawn up to this many */
    size_t max_items;       /* 0 = as many as there are (the grid grows) */
    const char *item_kind;  /* `kind=`: only the indicators of this 指標区分, or NULL */
} tpl_repeat;

typedef enum tpl_block_kind {
    TPL_BLOCK_TEXT,
    TPL_BLOCK_GRID,
    TPL_BLOCK_NEWPAGE,
    TPL_BLOCK_SECTION,     /* the blocks up to its `end` repeat once per item of a collection */
    TPL_BLOCK_SECTION_END,
} tpl_block_kind;

typedef struct tpl_block {
    tpl_block_kind kind;
    int line;
    float x, y;            /* top-left, relative to the page's content area */
    int y_follows;         /* y not given: placed gap below the previous block */
    float gap;
    const char *when;      /* expression: the block is drawn only when it has a value */
    /* text block */
    float w, h;            /* with auto_height, h is the least height */
    int auto_height;       /* `h=auto`: as tall as the text needs */
    tpl_cell text;         /* content and style of a free text block */
    /* grid block */
    float *cols;           /* column widths */
    size_t ncols;
    tpl_row *rows;
    size_t nrows;
    tpl_repeat *repeats;
    size_t nrepeats;
    size_t header_rows;    /* the first rows repeat atop each page the grid continues on */
    int keep;              /* start on a new page rather than split, when that avoids it */
    uint64_t optional_cols;/* `optional=3,4`: bit c-1 set when column c is left out where
                              every repeated row's cell in it is empty; its width goes to
                              column 1 (a report's year column with no figures at all) */
    /* section */
    const char *collection;/* programs, projects or indicators */
    const char *item_kind; /* `kind=`: only the indicators of this 指標区分, or NULL */
    size_t end;            /* index of its TPL_BLOCK_SECTION_END */
} tpl_block;

typedef struct tpl_font {
    const char *name;      /* as cells refer to it: gothic, mincho */
    const char *file;      /* file name or path, resolved by the font set */
} tpl_font;

typedef struct hy_template {
    hy_arena *arena;
    const char *path;
    const char *name;      /* `template NAME "TITLE"`: the form's id */
    const char *title;     /* document title, may hold fields */
    float page_width, page_height;      /* points */
    float margin_top, margin_right, margin_bottom, margin_left;
    tpl_font fonts[4];
    size_t nfonts;
    tpl_style base;        /* the default style */
    tpl_cell header, footer;            /* repeated on every page; empty when unset */
    int has_header, has_footer;
    tpl_block *blocks;
    size_t nblocks;
} hy_template;

/* Checks a field expression when the template is loaded, so that a misspelt
 * field is reported with the template's line instead of printing blank. Returns
 * 1 when valid; otherwise 0 with the reason in why. `collection` is the repeat
 * the expression is inside, or NULL. */
typedef int (*tpl_expr_check)(void *ctx, const char *expr, const char *collection,
                              char *why, size_t why_size);

/* Reads a template file. Expressions are checked with check (when not NULL).
 * Returns HY_OK, or HY_EUSAGE with err naming the file and line, or HY_EIO. */
int template_load(const char *path, tpl_expr_check check, void *check_ctx,
                  hy_template **out, hy_err *err);

/* Parses a template from text (path is only used in messages). */
int template_parse(const char *path, const char *text, tpl_expr_check check,
                   void *check_ctx, hy_template **out, hy_err *err);

/* Finds the template `--template NAME` means. A NAME with a / is a path and
 * is used as it is; otherwise it is a template folder's sheet
 * (templates_dir/NAME/sheet.tpl), else a file in the profile's folder
 * (profile_dir/NAME, then profile_dir/NAME.tpl). *path is malloc'ed. Returns
 * HY_OK, or HY_EUSAGE saying where it looked, or HY_EIO. */
int template_find(const char *templates_dir, const char *profile_dir, const char *name,
                  char **path, hy_err *err);

/* Frees a template; NULL is allowed. */
void template_free(hy_template *tpl);

/* The content area's size in points (page minus margins). */
float template_content_width(const hy_template *tpl);
float template_content_height(const hy_template *tpl);

#endif
