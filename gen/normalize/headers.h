/*
 * headers.h - the header of a table as a form prints it: one row of headers,
 * or a group over its parts on the row below (spec/domain.md section 2).
 *
 *     | 事業コード | 人工 (R3年度)      |        | H28年度 |              |        |
 *     |            | 正職員 | 会計 年度 |        | 実績値  | 補正前スコア | スコア |
 *
 * In a workbook the group is a merged cell; in CSV saved by Excel it stands
 * in the group's first column and the rest of its row is blank. Each column
 * is handed back as the list of what stands above it, outermost group first,
 * so the caller can match `人工 (R3年度) 正職員` whole or `正職員` with the
 * group's year. What counts as a row of parts is decided in headers.c.
 */
#ifndef HY_HEADERS_H
#define HY_HEADERS_H

#include <stddef.h>
#include <stdint.h>

#include "ingest/sheet.h"
#include "util/arena.h"

/* Rows a header may span: a group, its parts and their parts (seed 002:
 * インプット over 人工 (R3年度) over 正職員). */
#define HEADERS_MAX_ROWS 3

/* One column of a header band. */
typedef struct hy_header_column {
    uint32_t col;                 /* 1-based */
    const char **parts;           /* trimmed texts, the outermost group first and the
                                     column's own header last */
    size_t nparts;                /* 1..HEADERS_MAX_ROWS */
} hy_header_column;

/* The header of a table: which rows it spans and its columns. */
typedef struct hy_header_band {
    size_t first;                 /* index in sheet->rows of the band's first row */
    size_t nrows;                 /* rows the band spans, 1..HEADERS_MAX_ROWS */
    hy_header_column *cols;       /* in column order; columns with no header left out */
    size_t ncols;
    hy_arena *arena;              /* owns the arrays and texts above */
} hy_header_band;

/* Reads the header that starts at sheet->rows[first], extending it down over
 * rows of parts. Returns 0, or -1 when out of memory (band is then empty).
 * Free the band with headers_free, also after a failure. */
int headers_read(const hy_sheet *sheet, size_t first, hy_header_band *band);

/* Frees what headers_read allocated and empties the band; an empty band is fine. */
void headers_free(hy_header_band *band);

/* Joins parts[from..nparts) of a column with single spaces into the arena:
 * `人工 (R3年度) 正職員`. NULL when out of memory. */
const char *headers_join(const hy_header_column *col, size_t from, hy_arena *arena);

#endif
