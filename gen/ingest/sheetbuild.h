/*
 * sheetbuild.h - assembling a hy_sheet row by row, as every reader does.
 *
 * Readers meet cells one at a time and do not know in advance how many rows
 * a sheet has, so rows collect in a growable array that moves into the book's
 * arena when the sheet is finished; each row's cells move there when the row
 * ends. What every format needs done the same way is done here once: empty
 * text is a blank cell, line breaks inside a cell become "\n" (a CSV field
 * saved on Windows holds CRLF where the same cell in a workbook holds LF),
 * trailing blank cells are dropped, and a wholly blank row is not kept unless
 * a reader marked it broken.
 */
#ifndef HY_SHEETBUILD_H
#define HY_SHEETBUILD_H

#include <stddef.h>
#include <stdint.h>

#include "ingest/sheet.h"
#include "util/arena.h"

typedef struct hy_sheetbuild {
    hy_arena *arena;      /* the book's: receives text, cells, rows, merges */
    hy_row *rows;         /* malloc'ed until sheetbuild_finish */
    size_t nrows, rowcap;
    hy_cell *cells;       /* the row being built, malloc'ed, reused */
    uint32_t ncells, cellcap;
    uint32_t ncols;       /* widest row kept */
    hy_merge *merges;     /* malloc'ed until sheetbuild_finish */
    size_t nmerges, mergecap;
} hy_sheetbuild;

/* Starts an empty sheet whose contents will live in arena. */
void sheetbuild_init(hy_sheetbuild *sb, hy_arena *arena);

/* Sets cell col (1-based) of the current row to a copy of the len bytes at text,
 * with CRLF and CR turned into LF. Columns skipped since the last cell stay
 * blank; setting a column already set replaces it. len 0 makes the cell blank
 * whatever the type. Returns 0, or -1 when out of memory. */
int sheetbuild_cell(hy_sheetbuild *sb, uint32_t col, hy_cell_type type,
                    const char *text, size_t len);

/* Copies len bytes of text into arena as a cell holds them: CRLF and CR made LF,
 * in Unicode NFC, NUL-terminated. Returns NULL when out of memory. */
char *sheetbuild_copy_text(hy_arena *arena, const char *text, size_t len);

/* Like sheetbuild_cell, but text already lives in the arena and is used as it
 * is (a workbook's shared string, copied once for all the cells that use it). */
int sheetbuild_cell_ref(hy_sheetbuild *sb, uint32_t col, hy_cell_type type, const char *text);

/* Ends the current row, numbering it `number`. A row without a non-blank cell
 * is kept only when broken. Returns 0, or -1 when out of memory. */
int sheetbuild_end_row(hy_sheetbuild *sb, uint32_t number, int broken);

/* Marks the most recently kept row with this number broken, or keeps an empty
 * broken row for it when there is none (a problem found after the row ended).
 * Returns 0, or -1 when out of memory. */
int sheetbuild_break_row(hy_sheetbuild *sb, uint32_t number);

/* Records a merged range. Returns 0, or -1 when out of memory. */
int sheetbuild_merge(hy_sheetbuild *sb, const hy_merge *merge);

/* Moves the rows and merges into the arena and fills in sheet's rows, nrows,
 * ncols, merges and nmerges (file and name are the caller's). A row still open
 * is discarded. Returns 0, or -1 when out of memory. Call sheetbuild_free after
 * either outcome. */
int sheetbuild_finish(hy_sheetbuild *sb, hy_sheet *sheet);

/* Frees what the builder holds outside the arena. */
void sheetbuild_free(hy_sheetbuild *sb);

#endif
