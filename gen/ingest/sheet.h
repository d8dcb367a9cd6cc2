/*
 * sheet.h - a spreadsheet as read, before anyone interprets it: rows of cells
 * holding text, each remembering where in the source file it stood.
 *
 * Every reader (CSV, .xlsx, .xls) produces this same shape, so that the
 * normalize stage sees one kind of input and a data set gives the same records
 * whichever format a department saved it in. Cell text is what the cell shows,
 * as UTF-8: a number cell from a workbook becomes its shortest exact decimal
 * ("22000", "1", "0.1"), a date "2024-07-01", a boolean "TRUE"/"FALSE".
 */
#ifndef HY_SHEET_H
#define HY_SHEET_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

typedef enum hy_cell_type {
    HY_CELL_BLANK,    /* empty cell or skipped column; text is NULL */
    HY_CELL_TEXT,     /* a string (CSV fields are always text) */
    HY_CELL_NUMBER,   /* a workbook number; text is its shortest round-trip decimal */
    HY_CELL_DATE,     /* a workbook number formatted as a date; text is YYYY-MM-DD */
    HY_CELL_BOOL,     /* TRUE / FALSE */
    HY_CELL_ERROR,    /* a formula error such as #DIV/0!; text holds it */
} hy_cell_type;

typedef struct hy_cell {
    const char *text;     /* UTF-8, NUL-terminated, in the book's arena; NULL when blank */
    uint8_t type;         /* hy_cell_type */
} hy_cell;

typedef struct hy_row {
    uint32_t number;      /* 1-based row number as a spreadsheet program shows it */
    uint32_t ncells;      /* cells[0] is column 1; trailing blank cells may be absent */
    hy_cell *cells;
    uint8_t broken;       /* the reader already reported an error in this row (a bad
                             byte, an unterminated quote): reject it, do not report again */
} hy_row;

/* A merged range (workbooks only), 1-based and inclusive. */
typedef struct hy_merge {
    uint32_t first_row, first_col, last_row, last_col;
} hy_merge;

typedef struct hy_sheet {
    const char *file;     /* path as given */
    const char *name;     /* worksheet name; NULL for a CSV file */
    hy_row *rows;         /* in source order; wholly blank rows may be absent */
    size_t nrows;
    uint32_t ncols;       /* widest row */
    hy_merge *merges;
    size_t nmerges;
} hy_sheet;

/* A file as read: one sheet for CSV, one per worksheet for a workbook. */
typedef struct hy_book {
    hy_arena *arena;      /* owns every string and array of the book */
    const char *file;
    const char *encoding; /* CSV: "UTF-8" or "CP932" as detected or forced; else NULL */
    hy_sheet *sheets;
    size_t nsheets;
} hy_book;

/* The text of a cell, or NULL when blank or beyond the row's end (col is 1-based). */
const char *row_text(const hy_row *row, uint32_t col);

#endif
