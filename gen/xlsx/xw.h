/*
 * xw.h - writing one table-shaped worksheet the way the planning section
 * expects every sheet of the summary workbook to be: Japanese headers in a bold
 * frozen row, an autofilter over the table, columns wide enough for their
 * Japanese text, numbers as numbers with the format of their column, text as
 * text (never a formula), and print settings for the mayor's briefing (A4
 * landscape, one page wide, the header row on every page, the city and fiscal
 * year in the page header).
 *
 * Rows are written strictly in order (the workbook is in constant-memory
 * mode); cells of a row in any order.
 */
#ifndef HY_XW_H
#define HY_XW_H

#include <stddef.h>
#include <xlsxwriter.h>

#include "model/model.h"
#include "profile/profile.h"
#include "util/diag.h"

enum { XW_MAX_COLS = 128 };

/* The formats every sheet shares, created once per workbook. */
typedef struct xw_formats {
    lxw_format *header;     /* bold, shaded, bordered, wrapped */
    lxw_format *money;      /* #,##0: amounts in the city's printed unit */
    lxw_format *count;      /* #,##0 */
    lxw_format *decimal[4]; /* #,##0 / #,##0.0 / #,##0.00 / #,##0.000: values as typed */
    lxw_format *staff;      /* 0.00: person-years */
    lxw_format *rate;       /* 0.0%: 達成率, 割合 */
    lxw_format *score;      /* 0.00: KPI scores */
    lxw_format *link;       /* a hyperlink */
    lxw_format *wrap;       /* long text, wrapped */
    lxw_format *bad;        /* conditional: below target */
} xw_formats;

/* Creates the shared formats in the workbook. */
void xw_formats_init(xw_formats *f, lxw_workbook *wb);

/* One worksheet being written. */
typedef struct xw_sheet {
    lxw_worksheet *ws;
    const xw_formats *f;
    const hy_profile *profile;
    hy_diags *warnings;
    lxw_row_t row;              /* the row being written; 0 is the header */
    int filtered;               /* the autofilter is set (xw_filter) */
    lxw_col_t ncols;
    double width[XW_MAX_COLS];  /* widest content so far, in Excel's character units */
    int failed;                 /* a write failed (the workbook is then abandoned) */
    size_t links;               /* links written */
    size_t max_links;           /* links it may hold: LXW_MAX_NUMBER_URLS (Excel's limit)
                                   unless the caller sets fewer after xw_begin */
} xw_sheet;

/* Starts a sheet with its header row. */
void xw_begin(xw_sheet *s, lxw_worksheet *ws, const xw_formats *f, const hy_profile *profile,
              hy_diags *warnings, const char *const *headers, lxw_col_t ncols);

/* Moves to the next row. */
void xw_next_row(xw_sheet *s);

/* Writes text as a string cell (never a formula), cut at Excel's 32,767
 * characters with a warning at loc rather than losing the cell. NULL or "" is
 * left blank. */
void xw_text(xw_sheet *s, lxw_col_t col, const char *text, const hy_loc *loc);

/* Writes yen in the profile's printed unit (千円), rounded as the sheets print it. */
void xw_amount(xw_sheet *s, lxw_col_t col, hy_amount a);

/* Writes a decimal as a number with the format given (NULL: by its typed scale). */
void xw_num(xw_sheet *s, lxw_col_t col, hy_num n, lxw_format *format);

/* Writes a percentage held as a decimal in percent (77.8) as Excel's 0.778. */
void xw_percent(xw_sheet *s, lxw_col_t col, hy_num percent);

/* Writes a whole number. */
void xw_int(xw_sheet *s, lxw_col_t col, long long v);

/* Writes a link to a file next to the workbook (relative), showing its name.
 * Past s->max_links links (at most Excel's 65,530 a worksheet), the name is
 * written as text, with one warning. */
void xw_file_link(xw_sheet *s, lxw_col_t col, const char *relative_path, const char *shown);

/* Sets the autofilter over the rows written so far: call it before rows that
 * stand apart from the table (a 全体 row), since in constant-memory mode a
 * filter cannot end above rows already written. */
void xw_filter(xw_sheet *s);

/* Finishes the sheet: frozen header row, autofilter over what was written,
 * fitted column widths, print setup with `title` and the fiscal year in the
 * page header and page numbers in the footer. */
void xw_end(xw_sheet *s, const char *title, int fiscal_year);

/* Display width of UTF-8 text in Excel column units (wide characters count
 * about twice a narrow one); for the widest line of multi-line text. */
double xw_text_width(const char *text);

#endif
