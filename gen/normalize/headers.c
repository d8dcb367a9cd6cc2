#include "normalize/headers.h"

#include <stdlib.h>
#include <string.h>

#include "normalize/value.h"
#include "util/buf.h"

/*
 * When is the row below a header a row of parts?
 *
 * A group is a header cell that spans more than one column: the first cell of
 * a merged range in a workbook, or, as CSV keeps it, a cell followed by blank
 * cells (up to the next header, or the end of the group above it). The row
 * below is a row of parts when
 *   - the row above holds at least two headers (a lone cell is a title or a
 *     note such as （単位：千円）, never a group of the table's header),
 *   - it is the very next row of the sheet,
 *   - every cell it fills stands under a group: under a one-column header a
 *     part would make no sense, while a data row fills those columns (the
 *     project code, the name),
 *   - none of its cells reads as a number, an amount or a no-value mark
 *     (parts are names; 1, 22,000 and ― are data),
 *   - and some group has at least two parts (正職員 and 会計年度 under 人工).
 * A data row of a table whose header has a group would have to leave every
 * other column blank and write only words under the group to be taken for
 * parts; a data row that does so carries nothing the table could read anyway.
 */

typedef struct band_row {
    const hy_row *row;
    const char **text;    /* [ncols + 2]: trimmed text of each cell, NULL when blank */
    uint32_t *span_end;   /* [ncols + 2]: for a non-blank cell, the last column it heads */
    uint32_t *owner;      /* [ncols + 2]: the column of the header standing over this one
                             in this row (itself, or a group to its left); 0 for none */
    uint32_t *merge_end;  /* [ncols + 2]: last column of a merged range starting here, or 0 */
    uint8_t *covered;     /* [ncols + 2]: inside a merged range that starts elsewhere */
} band_row;

static int load_row(const hy_sheet *sheet, const hy_row *row, hy_arena *arena, hy_buf *tmp,
                    band_row *out)
{
    uint32_t n = sheet->ncols;
    out->row = row;
    out->text = arena_calloc(arena, (n + 2) * sizeof *out->text);
    out->span_end = arena_calloc(arena, (n + 2) * sizeof *out->span_end);
    out->owner = arena_calloc(arena, (n + 2) * sizeof *out->owner);
    out->merge_end = arena_calloc(arena, (n + 2) * sizeof *out->merge_end);
    out->covered = arena_calloc(arena, n + 2);
    if (!out->text || !out->span_end || !out->owner || !out->merge_end || !out->covered)
        return -1;
    for (uint32_t c = 1; c <= n && c <= row->ncells; c++) {
        const char *raw = row_text(row, c);
        if (!raw)
            continue;
        const char *t = value_trim(raw, tmp);
        if (!t)
            return -1;
        if (!*t)
            continue;
        /* a header wrapped onto lines inside its cell reads as one line */
        char *h = arena_strdup(arena, t);
        if (!h)
            return -1;
        char *w = h;
        for (const char *p = h; *p; p++)
            if (*p != '\n' || (w > h && w[-1] != ' '))
                *w++ = *p == '\n' ? ' ' : *p;
        *w = '\0';
        out->text[c] = h;
    }
    /* Merged ranges crossing this row. Valid ranges never overlap, so marking
     * them costs at most one step per column; a file whose ranges overlap
     * (hostile or broken) is cut off at a few times that. */
    size_t budget = 4 * ((size_t)n + 1);
    for (size_t i = 0; i < sheet->nmerges && budget; i++) {
        const hy_merge *m = &sheet->merges[i];
        if (m->first_row > row->number || m->last_row < row->number || m->first_col < 1 ||
            m->first_col > n)
            continue;
        uint32_t last = m->last_col < n ? m->last_col : n;
        for (uint32_t c = m->first_col; c <= last && budget; c++, budget--) {
            if (m->first_row == row->number && c == m->first_col)
                out->merge_end[c] = last;
            else
                out->covered[c] = 1;
        }
    }
    return 0;
}

/* What each header of the row spans, none beyond the end of the group above
 * it (parent_end[c], the last column the column's parent covers). */
static void find_spans(band_row *r, const uint32_t *parent_end, uint32_t ncols)
{
    for (uint32_t c = 1; c <= ncols; c++) {
        if (!r->text[c])
            continue;
        uint32_t limit = parent_end[c];
        uint32_t end = c;
        if (r->merge_end[c]) {
            end = r->merge_end[c] < limit ? r->merge_end[c] : limit;
        } else {
            while (end < limit && !r->text[end + 1] && !r->covered[end + 1])
                end++;
        }
        if (end < c)
            end = c;
        r->span_end[c] = end;
        for (uint32_t k = c; k <= end; k++)
            r->owner[k] = c;
    }
}

static int is_group(const band_row *r, uint32_t col)
{
    return col && r->text[col] && r->span_end[col] > col;
}

/* A cell that reads as a number, an amount or no value is data, never a part. */
static int looks_like_data(const char *text)
{
    hy_num n;
    hy_unit unit;
    return value_number(text, &n, &unit, NULL, NULL, 0) != HY_VALUE_BAD;
}

/* Is `below` a row of parts of the groups of `above`? (The rule is at the top.) */
static int parts_row(const band_row *above, const band_row *below, uint32_t ncols)
{
    uint32_t *parts = calloc((size_t)ncols + 2, sizeof *parts);
    if (!parts)
        return 0;
    int ok = 1, filled = 0;
    for (uint32_t c = 1; c <= ncols && ok; c++) {
        if (!below->text[c])
            continue;
        uint32_t g = above->owner[c];
        if (!is_group(above, g) || looks_like_data(below->text[c]))
            ok = 0;
        else
            parts[g]++, filled++;
    }
    int two = 0;
    for (uint32_t c = 1; c <= ncols && ok && !two; c++)
        two = parts[c] >= 2;
    free(parts);
    return ok && filled && two;
}

static size_t count_filled(const band_row *r, uint32_t ncols)
{
    size_t n = 0;
    for (uint32_t c = 1; c <= ncols; c++)
        n += r->text[c] != NULL;
    return n;
}

int headers_read(const hy_sheet *sheet, size_t first, hy_header_band *band)
{
    memset(band, 0, sizeof *band);
    band->first = first;
    band->nrows = 1;
    uint32_t ncols = sheet->ncols;
    if (first >= sheet->nrows || ncols == 0)
        return 0;
    band->arena = arena_new();
    if (!band->arena)
        return -1;
    hy_arena *a = band->arena;
    hy_buf tmp = HY_BUF_INIT;
    band_row rows[HEADERS_MAX_ROWS];
    uint32_t *parent_end = arena_calloc(a, ((size_t)ncols + 2) * sizeof *parent_end);
    int rc = parent_end ? load_row(sheet, &sheet->rows[first], a, &tmp, &rows[0]) : -1;
    if (rc != 0)
        goto done;
    for (uint32_t c = 1; c <= ncols; c++)
        parent_end[c] = ncols;
    find_spans(&rows[0], parent_end, ncols);

    if (count_filled(&rows[0], ncols) >= 2) {
        while (band->nrows < HEADERS_MAX_ROWS && first + band->nrows < sheet->nrows) {
            const band_row *above = &rows[band->nrows - 1];
            const hy_row *next = &sheet->rows[first + band->nrows];
            if (next->number != above->row->number + 1)
                break;
            band_row *below = &rows[band->nrows];
            if ((rc = load_row(sheet, next, a, &tmp, below)) != 0)
                goto done;
            if (!parts_row(above, below, ncols))
                break;
            /* a part spans at most to the end of its group */
            for (uint32_t c = 1; c <= ncols; c++)
                parent_end[c] = is_group(above, above->owner[c]) ? above->span_end[above->owner[c]] : c;
            find_spans(below, parent_end, ncols);
            band->nrows++;
        }
    }

    band->cols = arena_calloc(a, (size_t)ncols * sizeof *band->cols);
    if (!band->cols) {
        rc = -1;
        goto done;
    }
    for (uint32_t c = 1; c <= ncols; c++) {
        const char *parts[HEADERS_MAX_ROWS];
        size_t n = 0;
        int own = 0;
        for (size_t k = 0; k < band->nrows; k++) {
            const band_row *r = &rows[k];
            if (r->text[c]) {
                parts[n++] = r->text[c];
                own = 1;
            } else if (band->nrows > 1 && is_group(r, r->owner[c])) {
                parts[n++] = r->text[r->owner[c]];
            }
        }
        /* a column is one that has a header of its own; blank cells a group
         * merely extends over (to the end of its row) are not */
        if (!own)
            continue;
        hy_header_column *hc = &band->cols[band->ncols++];
        hc->col = c;
        hc->nparts = n;
        hc->parts = arena_alloc(a, n * sizeof *hc->parts);
        if (!hc->parts) {
            rc = -1;
            goto done;
        }
        memcpy(hc->parts, parts, n * sizeof *parts);
    }
done:
    buf_free(&tmp);
    if (rc != 0) {
        headers_free(band);
        return -1;
    }
    return 0;
}

void headers_free(hy_header_band *band)
{
    arena_free(band->arena);
    size_t first = band->first;
    memset(band, 0, sizeof *band);
    band->first = first;
    band->nrows = 1;
}

const char *headers_join(const hy_header_column *col, size_t from, hy_arena *arena)
{
    hy_buf b = HY_BUF_INIT;
    int rc = 0;
    for (size_t i = from; i < col->nparts; i++) {
        if (i > from)
            rc |= buf_putc(&b, ' ');
        rc |= buf_puts(&b, col->parts[i]);
    }
    const char *s = rc ? NULL : arena_strdup(arena, buf_str(&b));
    buf_free(&b);
    return s;
}
