#include "ingest/sheetbuild.h"

#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/vec.h"

void sheetbuild_init(hy_sheetbuild *sb, hy_arena *arena)
{
    memset(sb, 0, sizeof *sb);
    sb->arena = arena;
}

/* Makes room for column col (1-based) in the current row, blank-filling any
 * columns skipped on the way. */
static hy_cell *sheetbuild_slot(hy_sheetbuild *sb, uint32_t col)
{
    if (col == 0)
        return NULL;
    if (col > sb->cellcap) {
        uint32_t cap = sb->cellcap ? sb->cellcap : 16;
        while (cap < col)
            cap = cap > UINT32_MAX / 2 ? col : cap * 2;
        hy_cell *cells = realloc(sb->cells, (size_t)cap * sizeof *cells);
        if (!cells)
            return NULL;
        sb->cells = cells;
        sb->cellcap = cap;
    }
    if (col > sb->ncells) {
        memset(sb->cells + sb->ncells, 0, (size_t)(col - sb->ncells) * sizeof *sb->cells);
        sb->ncells = col;
    }
    return &sb->cells[col - 1];
}

/* The copy in NFC: decomposed text (か + U+3099, as macOS writes it) would
 * print as detached marks and never match the precomposed が. */
static char *sheetbuild_nfc(hy_arena *arena, char *copy, size_t len)
{
    if (utf8_is_nfc_quick(copy, len))
        return copy;
    size_t n;
    char *nfc = utf8_nfc(copy, len, &n);
    if (!nfc)
        return copy;   /* not valid UTF-8: the reader has reported it already */
    char *out = arena_strndup(arena, nfc, n);
    free(nfc);
    return out;
}

char *sheetbuild_copy_text(hy_arena *arena, const char *text, size_t len)
{
    if (!memchr(text, '\r', len)) {
        char *copy = arena_strndup(arena, text, len);
        return copy ? sheetbuild_nfc(arena, copy, len) : NULL;
    }
    char *out = arena_alloc(arena, len + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\r') {
            out[n++] = '\n';
            if (i + 1 < len && text[i + 1] == '\n')
                i++;
        } else {
            out[n++] = text[i];
        }
    }
    out[n] = '\0';
    return sheetbuild_nfc(arena, out, n);
}

int sheetbuild_cell(hy_sheetbuild *sb, uint32_t col, hy_cell_type type,
                    const char *text, size_t len)
{
    hy_cell *cell = sheetbuild_slot(sb, col);
    if (!cell)
        return -1;
    if (len == 0) {
        cell->text = NULL;
        cell->type = HY_CELL_BLANK;
        return 0;
    }
    char *copy = sheetbuild_copy_text(sb->arena, text, len);
    if (!copy)
        return -1;
    cell->text = copy;
    cell->type = (uint8_t)type;
    return 0;
}

int sheetbuild_cell_ref(hy_sheetbuild *sb, uint32_t col, hy_cell_type type, const char *text)
{
    hy_cell *cell = sheetbuild_slot(sb, col);
    if (!cell)
        return -1;
    int blank = !text || !text[0];
    cell->text = blank ? NULL : text;
    cell->type = (uint8_t)(blank ? HY_CELL_BLANK : type);
    return 0;
}

static hy_row *sheetbuild_new_row(hy_sheetbuild *sb)
{
    /* in the arena: a spill arena keeps half a million rows out of memory */
    return vec_push_in(sb->arena, &sb->rows, &sb->nrows, &sb->rowcap, sizeof(hy_row), 64);
}

int sheetbuild_end_row(hy_sheetbuild *sb, uint32_t number, int broken)
{
    uint32_t n = sb->ncells;
    while (n > 0 && sb->cells[n - 1].type == HY_CELL_BLANK)
        n--;
    sb->ncells = 0;
    if (n == 0 && !broken)
        return 0;
    hy_cell *cells = NULL;
    if (n > 0) {
        cells = arena_alloc(sb->arena, (size_t)n * sizeof *cells);
        if (!cells)
            return -1;
        memcpy(cells, sb->cells, (size_t)n * sizeof *cells);
    }
    hy_row *row = sheetbuild_new_row(sb);
    if (!row)
        return -1;
    row->number = number;
    row->ncells = n;
    row->cells = cells;
    row->broken = broken ? 1 : 0;
    if (n > sb->ncols)
        sb->ncols = n;
    return 0;
}

int sheetbuild_break_row(hy_sheetbuild *sb, uint32_t number)
{
    if (sb->nrows > 0 && sb->rows[sb->nrows - 1].number == number) {
        sb->rows[sb->nrows - 1].broken = 1;
        return 0;
    }
    hy_row *row = sheetbuild_new_row(sb);
    if (!row)
        return -1;
    row->number = number;
    row->broken = 1;
    return 0;
}

int sheetbuild_merge(hy_sheetbuild *sb, const hy_merge *merge)
{
    hy_merge *m = vec_push(&sb->merges, &sb->nmerges, &sb->mergecap, sizeof *m);
    if (!m)
        return -1;
    *m = *merge;
    return 0;
}

int sheetbuild_finish(hy_sheetbuild *sb, hy_sheet *sheet)
{
    sheet->rows = NULL;
    sheet->nrows = 0;
    sheet->merges = NULL;
    sheet->nmerges = 0;
    sheet->ncols = sb->ncols;
    if (sb->nrows) {
        /* the rows grew in the arena: the sheet takes them as they are (a copy
         * of half a million rows would be mapped in twice at once) */
        sheet->rows = sb->rows;
        sheet->nrows = sb->nrows;
        sb->rows = NULL;
        sb->nrows = sb->rowcap = 0;
    }
    if (sb->nmerges) {
        sheet->merges = arena_alloc(sb->arena, sb->nmerges * sizeof *sheet->merges);
        if (!sheet->merges)
            return -1;
        memcpy(sheet->merges, sb->merges, sb->nmerges * sizeof *sheet->merges);
        sheet->nmerges = sb->nmerges;
    }
    return 0;
}

void sheetbuild_free(hy_sheetbuild *sb)
{
    free(sb->cells);
    free(sb->merges);
    sb->rows = NULL;
    sb->cells = NULL;
    sb->merges = NULL;
    sb->nrows = sb->rowcap = sb->nmerges = sb->mergecap = 0;
    sb->ncells = sb->cellcap = 0;
}
