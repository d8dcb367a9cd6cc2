/*
 * bookpage.h - the pages of the annual book that no city template draws: the
 * cover, the table of contents, a section's opening page, the summary
 * (tables and vector bar charts from the roll-ups), and the running header
 * and footer laid over every page of the body. Drawn into hy_drawing pages
 * with the book's one font, like every sheet, so one PDF path paints them all.
 */
#ifndef HY_BOOKPAGE_H
#define HY_BOOKPAGE_H

#include <stddef.h>

#include "compute/budget.h"
#include "compute/rollup.h"
#include "model/model.h"
#include "pdf/drawing.h"
#include "pdf/fontset.h"
#include "profile/profile.h"
#include "util/err.h"

#define BOOKPAGE_W 595.276f   /* A4 portrait, points */
#define BOOKPAGE_H 841.89f

/* What the book's own pages draw with: a drawing and its one font. */
typedef struct hy_bookpen {
    hy_drawing *d;
    const hy_fontset *fonts;
    int fs_font;       /* the font in the font set */
    int font;          /* the same font in the drawing */
    int oom;           /* an append failed */
} hy_bookpen;

/* Starts a pen on a new drawing, with font fs_font registered as name.
 * Returns 0, or -1 when out of memory. */
int bookpen_init(hy_bookpen *bp, const hy_fontset *fonts, int fs_font, const char *name);

/* Points a pen at an existing drawing (a sheet's), registering the font
 * name there. Returns 0, or -1 when the drawing's font table is full. */
int bookpen_attach(hy_bookpen *bp, hy_drawing *d, const hy_fontset *fonts, int fs_font,
                   const char *name);

/* Frees the pen's drawing (NULL is allowed). */
void bookpen_free(hy_bookpen *bp);

/* Adds a structure node under parent (-1: top level) and makes the pen's
 * next items belong to it. Returns its id, or -1 (and sets oom). */
int32_t bookpen_node(hy_bookpen *bp, int32_t parent, hy_role role);

/* Draws text with its left (align 0), centre (1) or right (2) end at x on
 * baseline y, cut with … to max_w points when max_w > 0; characters the font
 * lacks become 〓. Returns the width drawn. */
float bookpen_text(hy_bookpen *bp, hy_page *pg, float x, float y, float size, uint32_t rgb,
                   const char *text, int align, float max_w);

/* The cover: city, title, fiscal year and date of issue (SOURCE_DATE_EPOCH;
 * none when epoch < 0). */
void bookpage_cover(hy_bookpen *bp, const hy_profile *pf, const char *title, int fiscal_year,
                    long long epoch);

/* One line of the table of contents. */
typedef struct hy_toc_line {
    int level;          /* 0: part or section, 1: sub-section, 2: project */
    const char *text;
    size_t pos;         /* the page it points to (document position) */
    int number;         /* the page number printed for it */
} hy_toc_line;

/* How many table-of-contents pages n lines take. */
size_t bookpage_toc_pages(size_t n);

/* The table of contents is drawn and written a page at a time, each page
 * with its own structure (a book of 100,000 sheets has 2,000 pages of it). */
#define BOOKPAGE_TOC_LINE 14.0f

/* The index of the first line on contents page `page` (0-based). */
size_t bookpage_toc_first(size_t page);

/* Draws contents page `page` as the one page of bp's drawing (which must
 * have no nodes yet): lines, the n (at most bookpage_toc_first(page + 1) -
 * bookpage_toc_first(page)) lines on it. Its structure: on page 0 an H1 (node
 * 0) first; then a TOCI per line, top-level (the caller makes them children
 * of the book's one TOC), each holding a Link. link_node and link_y
 * receive, per line, its Link node and the top of its line (the link area,
 * one line high: BOOKPAGE_TOC_LINE). */
void bookpage_toc_page(hy_bookpen *bp, size_t page, const hy_toc_line *lines, size_t n,
                       int32_t *link_node, float *link_y);

/* A section's opening page: its kind (政策), name and money (formatted), and
 * a list of what it holds, each row with a note on its right (a sub-section
 * and its project count, or a project and its 課); rows beyond the page are
 * counted on its last line, and only the first bookpage_section_room() of
 * rows and right are read. */
/* How many rows a section page reads: those it shows, the last of them
 * perhaps replaced by the count of the rest. */
size_t bookpage_section_room(void);

void bookpage_section(hy_bookpen *bp, const char *kind, const char *name,
                      const char *const *rows, const char *const *right, size_t nrows,
                      const char *money);

/* The summary section: totals of 事業費 and トータルコスト by policy and by
 * department, counts of 今後の方向性 and of the evaluation results (判定, and
 * 達成度 when the data has it), the KPI score
 * table by program and the distribution of KPI scores, as tables and bar
 * charts, on as many pages as they need; then, when next year's requests are
 * known (budget, may be NULL), 予算反映: the totals by verdict, what 廃止・縮小
 * released and 拡充 added, and every request that moves against its verdict. */
void bookpage_summary(hy_bookpen *bp, const hy_rollup *ru, const hy_dataset *ds,
                      const hy_profile *pf, const hy_budget_link *budget);

/* Lays the running header (left: the book's title; right: the section) and
 * the page number (bottom right; roman in the front matter) over a page, as
 * pagination artifacts. */
void bookpage_running(hy_bookpen *bp, hy_page *pg, const char *title, const char *section,
                      int number, int front);

/* The fiscal year and stage whose money the summary shows: the latest year
 * with 決算 figures, else the latest year at its most final stage. 0 when the
 * data has no money. */
int bookpage_money_year(const hy_group *all, hy_stage *stage);

#endif
