#include "template/layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "template/textbreak.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/vec.h"

/* What replaces a character the font cannot draw: 〓 (geta), the mark Japanese
 * typesetting has long used for "a character is missing here". */
#define MISSING_GLYPH "\xE3\x80\x93"

/* A text that did not fit its box even at its smallest size: the rest of it is
 * printed on a continuation page under this label. */
typedef struct overflow {
    char *label;
    char *text;
    int font;          /* template font index */
    float size;
} overflow;

typedef struct lay {
    const hy_template *tpl;
    const hy_fontset *fs;
    const hy_bind *bind;
    const hy_bind *root;   /* the document's bind: a report's columns are decided on it */
    hy_drawing *d;
    hy_diags *warn;
    hy_err *err;
    int fs_font[4];        /* template font -> font set index */
    int draw_font[4];      /* template font -> drawing font index */
    hy_page *page;
    size_t page_index;
    float cursor;          /* y just below the last block on the current page */
    overflow *over;
    size_t nover, over_cap;
    hy_textlines lines;
    int oom;
} lay;

static int oom(lay *L)
{
    L->oom = 1;
    return err_set(L->err, HY_EIO, "out of memory laying out a sheet");
}

static float content_bottom(const lay *L)
{
    return L->tpl->page_height - L->tpl->margin_bottom;
}

static int new_page(lay *L)
{
    hy_page *pg = drawing_add_page(L->d, L->tpl->page_width, L->tpl->page_height);
    if (!pg)
        return oom(L);
    L->page = pg;
    L->page_index = L->d->npages - 1;
    L->cursor = L->tpl->margin_top;
    return HY_OK;
}

/* Pages may move when more are added (the array grows), so re-fetch. */
static hy_page *page_at(lay *L, size_t i)
{
    return &L->d->pages[i];
}

/* ---- text preparation ------------------------------------------------------- */

/* Replaces characters the font cannot draw (and control characters other than
 * line feed) so that nothing prints blank silently; reports each distinct one. */
static int sanitize(lay *L, int font, const char *label, const char *in, hy_buf *out)
{
    size_t n = strlen(in);
    size_t i = 0;
    uint32_t reported[8];
    size_t nreported = 0;
    buf_reset(out);
    if (buf_append(out, "", 0) != 0)
        return oom(L);
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(in + i, n - i, &cp);
        if (!k) {   /* cannot happen for validated input; never print garbage */
            cp = 0xFFFD;
            k = 1;
        }
        int rc = 0;
        if (cp == '\t' || cp == '\r') {
            rc = buf_putc(out, ' ');
        } else if (cp < 0x20 && cp != '\n') {
            /* other control characters carry nothing printable */
        } else if (cp == '\n' || fontset_has_glyph(L->fs, L->fs_font[font], cp)) {
            rc = buf_append(out, in + i, k);
        } else {
            rc = buf_puts(out, MISSING_GLYPH);
            int seen = 0;
            for (size_t r = 0; r < nreported; r++)
                seen |= reported[r] == cp;
            if (!seen && L->warn) {
                if (nreported < 8)
                    reported[nreported++] = cp;
                char ch[5] = {0};
                utf8_encode(cp, ch);
                const hy_project *p = L->bind->project;
                diag_warn(L->warn, p ? &p->loc : NULL,
                          "project %s, %s: the font has no glyph for U+%04X \"%s\"; printed as 〓",
                          p ? p->code : "-", label, cp, ch);
            }
        }
        if (rc != 0)
            return oom(L);
        i += k;
    }
    return HY_OK;
}

/* ---- drawing text in a box --------------------------------------------------- */

static float line_height(const tpl_style *st, float size)
{
    return size * st->leading;
}

/* Height that n lines take: the last line needs no leading below it. */
static float lines_height(const tpl_style *st, float size, size_t n)
{
    return n ? line_height(st, size) * (float)(n - 1) + size : 0;
}

/* Vertical padding: the style's, but never so much that one line of the
 * size no longer fits a box that could hold it (tight table rows). */
static float vpad(const tpl_style *st, float h, float size)
{
    float room = (h - size) / 2;
    if (room < 0)
        room = 0;
    return st->pad < room ? st->pad : room;
}

static int remember_overflow(lay *L, const char *label, const char *rest, int font, float size)
{
    overflow *o = vec_push(&L->over, &L->nover, &L->over_cap, sizeof *o);
    if (!o)
        return oom(L);
    o->label = strdup(label);
    /* a label is one line on the continuation page: a two-line header
     * (会計\n年度) reads as one there */
    for (char *c = o->label; c && *c; c++)
        if (*c == '\n')
            *c = ' ';
    o->text = strdup(rest);
    o->font = font;
    o->size = size;
    if (!o->label || !o->text) {
        free(o->label);
        free(o->text);
        L->nover--;
        return oom(L);
    }
    return HY_OK;
}

/* Emits lines [first, first+count) of text at their baselines inside the box. */
static int emit_lines(lay *L, const char *text, const tpl_style *st, float size, float x, float y,
                      float w, float h, size_t first, size_t count, const char *tail, int32_t box)
{
    const float pad = st->pad;
    const float vp = vpad(st, h, size);
    int sf = L->fs_font[st->font];
    float asc = (float)fontset_ascent(L->fs, sf) * size / 1000.0f;
    float desc = (float)fontset_descent(L->fs, sf) * size / 1000.0f;
    float lh = line_height(st, size);
    size_t total = count + (tail ? 1 : 0);
    float block = lines_height(st, size, total);
    float top = y + vp;
    if (st->valign == TPL_VALIGN_MIDDLE)
        top = y + (h - block) / 2;
    else if (st->valign == TPL_VALIGN_BOTTOM)
        top = y + h - vp - block;
    if (top < y + vp)
        top = y + vp;
    char *line = NULL;
    for (size_t i = 0; i < total; i++) {
        const char *s;
        size_t len;
        float lw;
        if (i < count) {
            const hy_textline *tl = &L->lines.lines[first + i];
            s = text + tl->start;
            len = tl->len;
            lw = tl->width;
        } else {
            s = tail;
            len = strlen(tail);
            lw = fontset_text_width(L->fs, sf, size, tail);
        }
        if (len == 0)
            continue;
        free(line);
        line = strndup(s, len);
        if (!line)
            return oom(L);
        float lx = x + pad;
        if (st->align == TPL_ALIGN_CENTER || (i >= count && tail))
            lx = st->align == TPL_ALIGN_CENTER ? x + (w - lw) / 2 : x + w - pad - lw;
        else if (st->align == TPL_ALIGN_RIGHT)
            lx = x + w - pad - lw;
        if (lx < x + pad)
            lx = x + pad;
        /* the em box (ascent + descent) sits centred in the line's height */
        float baseline = top + lh * (float)i + (size - (asc + desc)) / 2 + asc;
        if (drawing_text(L->d, L->page, lx, baseline, size, L->draw_font[st->font], st->color,
                         line, lw, box) != 0) {
            free(line);
            return oom(L);
        }
    }
    free(line);
    return HY_OK;
}

/* Vertical writing for narrow label cells (維持管理, 活動指標): one character
 * per line, top to bottom, centred; shrinks to fit the height. */
static int place_vertical(lay *L, const char *text, const tpl_style *st, float x, float y,
                          float w, float h, int32_t box)
{
    int sf = L->fs_font[st->font];
    size_t nchars = 0;
    for (const char *s = text; *s; s++)
        nchars += ((unsigned char)*s & 0xC0) != 0x80 && *s != '\n';
    if (!nchars)
        return HY_OK;
    float size = st->size;
    float avail_h = h - 2 * st->pad, avail_w = w - 2 * st->pad;
    while (size > st->min_size && (size * 1.1f * (float)nchars > avail_h || size > avail_w))
        size -= 0.5f;
    float step = size * 1.1f;
    float asc = (float)fontset_ascent(L->fs, sf) * size / 1000.0f;
    float top = y + (h - step * (float)nchars) / 2;
    if (top < y + st->pad)
        top = y + st->pad;
    size_t i = 0;
    for (const char *s = text; *s;) {
        uint32_t cp;
        size_t k = utf8_decode(s, strlen(s), &cp);
        if (!k)
            break;
        if (cp != '\n') {
            char ch[5] = {0};
            memcpy(ch, s, k);
            float cw = (float)fontset_advance(L->fs, sf, cp) * size / 1000.0f;
            float baseline = top + step * (float)i + (step - size) / 2 + asc;
            if (drawing_text(L->d, L->page, x + (w - cw) / 2, baseline, size,
                             L->draw_font[st->font], st->color, ch, cw, box) != 0)
                return oom(L);
            i++;
        }
        s += k;
    }
    return HY_OK;
}

/* Lays text into a box: shrink to fit down to the style's minimum, and send
 * what still does not fit to a continuation page, saying so in the box. */
static int place_text(lay *L, const char *raw, const tpl_style *st, float x, float y, float w,
                      float h, const char *label)
{
    hy_buf text = HY_BUF_INIT;
    int rc = sanitize(L, st->font, label, raw, &text);
    if (rc != HY_OK || text.len == 0) {
        buf_free(&text);
        return rc;
    }
    int32_t box = drawing_add_box(L->d, L->page_index, x, y, w, h);
    if (box < 0) {
        buf_free(&text);
        return oom(L);
    }
    if (st->vertical) {
        rc = place_vertical(L, text.data, st, x, y, w, h, box);
        buf_free(&text);
        return rc;
    }
    int sf = L->fs_font[st->font];
    float avail_w = w - 2 * st->pad, avail_h;
    float size = st->size;
    for (;;) {
        L->lines.count = 0;
        avail_h = h - 2 * vpad(st, h, size);
        if (textbreak(text.data, avail_w, L->fs, sf, size, &L->lines) != 0) {
            buf_free(&text);
            return oom(L);
        }
        /* a number or word cut in two (12,50 / 0) does not fit either */
        if ((lines_height(st, size, L->lines.count) <= avail_h + 0.01f &&
             !textbreak_cuts_run(text.data, &L->lines)) ||
            st->overflow == TPL_OVERFLOW_CONTINUE || size - 0.5f < st->min_size)
            break;
        size -= 0.5f;
    }
    size_t n = L->lines.count;
    if (lines_height(st, size, n) <= avail_h + 0.01f) {
        rc = emit_lines(L, text.data, st, size, x, y, w, h, 0, n, NULL, box);
        buf_free(&text);
        return rc;
    }
    /* Does not fit: keep as many lines as fit with one reserved for the note. */
    static const char NOTE[] = "（次ページに続く）";
    float lh = line_height(st, size);
    size_t fit = (size_t)floorf((avail_h - size) / lh + 1.0f + 0.001f);
    if (avail_h < size)
        fit = 0;
    size_t keep = fit > 0 ? fit - 1 : 0;
    size_t rest_start = keep < n ? L->lines.lines[keep].start : text.len;
    rc = emit_lines(L, text.data, st, size, x, y, w, h, 0, keep, fit ? NOTE : NULL, box);
    if (rc == HY_OK)
        rc = remember_overflow(L, label, text.data + rest_start, st->font, size);
    if (rc == HY_OK && L->warn) {
        const hy_project *p = L->bind->project;
        diag_warn(L->warn, p ? &p->loc : NULL,
                  "project %s, %s: the text does not fit its box even at %.1f pt; "
                  "%zu of %zu lines continue on a continuation page",
                  p ? p->code : "-", L->over[L->nover - 1].label, (double)size, n - keep, n);
    }
    buf_free(&text);
    return rc;
}

/* A readable name for a cell in messages and on continuation pages. */
static const char *cell_label(const tpl_cell *c)
{
    if (c->label)
        return c->label;
    for (size_t i = 0; i < c->content.nsegments; i++)
        if (c->content.segments[i].expr)
            return c->content.segments[i].expr;
    return c->content.source;
}

static int draw_cell_text(lay *L, const hy_bind *b, const tpl_cell *c, float x, float y, float w,
                          float h)
{
    hy_buf text = HY_BUF_INIT;
    if (bind_content(b, &c->content, &text) != 0) {
        buf_free(&text);
        return oom(L);
    }
    int rc = place_text(L, buf_str(&text), &c->style, x, y, w, h, cell_label(c));
    buf_free(&text);
    return rc;
}

/* The height a cell's text needs at its full size in a box w wide (padding
 * included), for `h=auto` rows and text blocks. Measuring reports nothing: the
 * warnings come when the text is drawn. */
static int measure_text(lay *L, const hy_bind *b, const tpl_cell *c, float w, float *height)
{
    hy_buf raw = HY_BUF_INIT, text = HY_BUF_INIT;
    hy_diags *warn = L->warn;
    int rc = bind_content(b, &c->content, &raw) != 0 ? oom(L) : HY_OK;
    L->warn = NULL;
    if (rc == HY_OK)
        rc = sanitize(L, c->style.font, "", buf_str(&raw), &text);
    L->warn = warn;
    *height = 0;
    if (rc == HY_OK && text.len) {
        const tpl_style *st = &c->style;
        L->lines.count = 0;
        if (textbreak(text.data, w - 2 * st->pad, L->fs, L->fs_font[st->font], st->size,
                      &L->lines) != 0)
            rc = oom(L);
        else
            *height = lines_height(st, st->size, L->lines.count) + 2 * st->pad;
    }
    buf_free(&raw);
    buf_free(&text);
    return rc;
}

/* ---- grids ----------------------------------------------------------------- */

/* One drawn row: a template row, bound to an item of a repeat (or not). */
typedef struct row_instance {
    const tpl_row *row;
    size_t row_index;          /* in the template grid */
    const char *collection;    /* NULL outside repeats */
    size_t item;               /* the item's index in its collection */
    size_t ordinal;            /* its 1-based position among the items the repeat draws */
    int present;               /* 0 for padding rows drawn blank (min=) */
    float y, height;
    size_t page;
} row_instance;

/* Expands repeats: each repeated group of rows appears once per item. */
static int expand_rows(lay *L, const tpl_block *g, row_instance **out, size_t *nout)
{
    size_t cap = g->nrows + 16, n = 0;
    row_instance *ri = malloc(cap * sizeof *ri);
    if (!ri)
        return oom(L);
    for (size_t r = 0; r < g->nrows;) {
        const tpl_repeat *rp = NULL;
        for (size_t k = 0; k < g->nrepeats; k++)
            if (g->repeats[k].first_row == r)
                rp = &g->repeats[k];
        size_t items = 1, groups = 1, nrows = 1;
        size_t *picked = NULL;     /* with kind=, the indices of the items that pass */
        if (rp) {
            items = bind_count(L->bind, rp->collection);
            if (rp->item_kind) {
                picked = malloc((items ? items : 1) * sizeof *picked);
                if (!picked) {
                    free(ri);
                    return oom(L);
                }
                size_t k = 0;
                for (size_t i = 0; i < items; i++)
                    if (bind_item_is(L->bind, rp->collection, i, rp->item_kind))
                        picked[k++] = i;
                items = k;
            }
            groups = items;
            if (rp->max_items && groups > rp->max_items)
                groups = rp->max_items;
            if (groups < rp->min_items)
                groups = rp->min_items;
            nrows = rp->nrows;
            if (rp->max_items && items > rp->max_items && L->warn) {
                const hy_project *p = L->bind->project;
                diag_warn(L->warn, p ? &p->loc : NULL,
                          "project %s: %zu %s, but the form has room for %zu; the first %zu "
                          "are printed (%s:%d)", p ? p->code : "-", items, rp->collection,
                          rp->max_items, rp->max_items, L->tpl->path, rp->line);
            }
        }
        for (size_t gi = 0; gi < groups; gi++)
            for (size_t k = 0; k < nrows; k++) {
                if (n == cap) {
                    cap *= 2;
                    row_instance *t = realloc(ri, cap * sizeof *t);
                    if (!t) {
                        free(ri);
                        free(picked);
                        return oom(L);
                    }
                    ri = t;
                }
                row_instance *x = &ri[n++];
                memset(x, 0, sizeof *x);
                x->row = &g->rows[r + k];
                x->row_index = r + k;
                x->collection = rp ? rp->collection : NULL;
                x->item = picked && gi < items ? picked[gi] : gi;
                x->ordinal = gi + 1;
                x->present = !rp || gi < items;
                x->height = g->rows[r + k].height;
            }
        free(picked);
        r += nrows;
    }
    *out = ri;
    *nout = n;
    return HY_OK;
}

/* A cell placed on the page: its template cell and its rectangle. */
typedef struct placed {
    const tpl_cell *cell;
    const row_instance *row;
    float x, y, w, h;
    size_t page;
} placed;

static int layout_grid(lay *L, const tpl_block *g, float top)
{
    row_instance *rows = NULL;
    size_t nrows = 0;
    int rc = expand_rows(L, g, &rows, &nrows);
    if (rc != HY_OK)
        return rc;
    size_t ncols = g->ncols;
    float *colx = malloc((ncols + 1) * sizeof *colx);
    /* which instance row a column is covered until (row spans) */
    size_t *busy_until = calloc(ncols, sizeof *busy_until);
    placed *cells = NULL;
    size_t ncells = 0, cells_cap = 0;
    if (!colx || !busy_until) {
        rc = oom(L);
        goto done;
    }
    float left = L->tpl->margin_left + g->x;
    colx[0] = left;
    for (size_t c = 0; c < ncols; c++)
        colx[c + 1] = colx[c] + g->cols[c];

    /* Rows whose height is `auto` take what their cells' text needs. */
    for (size_t i = 0; i < nrows; i++) {
        row_instance *r = &rows[i];
        if (!r->row->auto_height || !r->present)
            continue;
        hy_bind b = *L->bind;
        b.collection = r->collection;
        b.index = r->item;
        b.ordinal = r->ordinal;
        size_t col = 0;
        for (size_t c = 0; c < r->row->ncells; c++) {
            const tpl_cell *tc = &r->row->cells[c];
            float need, w = 0;
            /* columns taken by spans from above are not this row's: measure by
             * the cell's own width, found from its colspan and position */
            w = g->cols[col < ncols ? col : ncols - 1];
            for (size_t k = 1; k < tc->colspan && col + k < ncols; k++)
                w += g->cols[col + k];
            col += tc->colspan;
            if (tc->rowspan != 1)
                continue;
            if ((rc = measure_text(L, &b, tc, w, &need)) != HY_OK)
                goto done;
            if (need > r->height)
                r->height = need;
        }
        if (r->height < r->row->cells[0].style.size + 2 * r->row->cells[0].style.pad)
            r->height = r->row->cells[0].style.size + 2 * r->row->cells[0].style.pad;
    }

    /* keep: a grid that would split but fits a page of its own starts one. */
    if (g->keep) {
        float total = 0;
        for (size_t i = 0; i < nrows; i++)
            total += rows[i].height;
        float page_room = content_bottom(L) - L->tpl->margin_top;
        if (top + total > content_bottom(L) + 0.01f && total <= page_room &&
            top > L->tpl->margin_top + 0.01f) {
            if ((rc = new_page(L)) != HY_OK)
                goto done;
            top = L->cursor;
        }
    }

    /* Row positions, breaking to a new page between rows that no row span
     * crosses when the next row would pass the bottom margin; the header rows
     * are repeated at the top of every page the grid continues on. */
    row_instance *flow = malloc((nrows ? nrows : 1) * sizeof *flow);
    size_t nflow = 0, flow_cap = nrows ? nrows : 1;
    if (!flow) {
        rc = oom(L);
        goto done;
    }
    float y = top;
    size_t page = L->page_index;
    size_t span_end = 0;   /* rows before this index are tied together by spans */
    size_t nheader = g->header_rows < nrows ? g->header_rows : 0;
    for (size_t i = 0; i < nrows; i++) {
        row_instance *r = &rows[i];
        /* the rows tied to this one by spans move together: a 目標/実績/改定情報
         * group under one indicator name breaks before it, not inside it */
        float group = r->height;
        if (i >= span_end) {
            size_t tied = i + 1;
            for (size_t k = i; k < tied && k < nrows; k++) {
                if (k > i)
                    group += rows[k].height;
                for (size_t c = 0; c < rows[k].row->ncells; c++) {
                    size_t end = k + 1;
                    while (end < nrows && rows[end].row_index > rows[k].row_index &&
                           rows[end].row_index < rows[k].row_index + rows[k].row->cells[c].rowspan)
                        end++;
                    if (end > tied)
                        tied = end;
                }
            }
        }
        if (i >= span_end && i > 0 && y + group > content_bottom(L) + 0.01f &&
            y > L->tpl->margin_top + 0.01f) {
            if ((rc = new_page(L)) != HY_OK) {
                free(flow);
                goto done;
            }
            page = L->page_index;
            y = L->tpl->margin_top;
            for (size_t h = 0; i >= nheader && h < nheader; h++) {
                row_instance copy = rows[h];
                copy.y = y;
                copy.page = page;
                y += copy.height;
                row_instance *slot = vec_push(&flow, &nflow, &flow_cap, sizeof *slot);
                if (!slot) {
                    free(flow);
                    rc = oom(L);
                    goto done;
                }
                *slot = copy;
            }
        }
        r->y = y;
        r->page = page;
        y += r->height;
        for (size_t c = 0; c < r->row->ncells; c++) {
            size_t end = i + 1;
            while (end < nrows && rows[end].row_index > r->row_index &&
                   rows[end].row_index < r->row_index + r->row->cells[c].rowspan)
                end++;
            if (end > span_end)
                span_end = end;
        }
        row_instance *slot = vec_push(&flow, &nflow, &flow_cap, sizeof *slot);
        if (!slot) {
            free(flow);
            rc = oom(L);
            goto done;
        }
        *slot = *r;
    }
    L->cursor = y;
    free(rows);
    rows = flow;
    nrows = nflow;

    /* Place cells: left to right, skipping columns covered from above. */
    for (size_t i = 0; i < nrows; i++) {
        const row_instance *r = &rows[i];
        size_t col = 0;
        for (size_t c = 0; c < r->row->ncells; c++) {
            const tpl_cell *tc = &r->row->cells[c];
            while (col < ncols && busy_until[col] > i)
                col++;
            if (col >= ncols)
                break;
            /* Spans are written in template rows; a span that covers a repeated
             * group covers every instance of it. */
            size_t last_row = i;
            while (last_row + 1 < nrows && rows[last_row + 1].row_index > r->row_index &&
                   rows[last_row + 1].row_index < r->row_index + tc->rowspan)
                last_row++;
            /* a span crossing a page break is clipped to its first page */
            float h = 0;
            for (size_t k = i; k <= last_row && rows[k].page == r->page; k++)
                h += rows[k].height;
            placed *pc = vec_push(&cells, &ncells, &cells_cap, sizeof *pc);
            if (!pc) {
                rc = oom(L);
                goto done;
            }
            *pc = (placed){tc, r, colx[col], r->y, colx[col + tc->colspan] - colx[col], h, r->page};
            for (size_t k = col; k < col + tc->colspan; k++)
                busy_until[k] = last_row + 1;
            col += tc->colspan;
        }
    }

    /* Fills first, then text, then rules, so no fill hides a neighbour's rule. */
    for (size_t i = 0; i < ncells; i++) {
        const placed *pc = &cells[i];
        const tpl_style *st = &pc->cell->style;
        if (st->has_fill &&
            drawing_rect(L->d, page_at(L, pc->page), pc->x, pc->y, pc->w, pc->h, HY_DRAW_FILL, 0,
                         0, st->fill) != 0) {
            rc = oom(L);
            goto done;
        }
    }
    for (size_t i = 0; i < ncells && rc == HY_OK; i++) {
        const placed *pc = &cells[i];
        if (!pc->row->present || pc->cell->content.nsegments == 0)
            continue;
        hy_bind b = *L->bind;
        b.collection = pc->row->collection;
        b.index = pc->row->item;
        b.ordinal = pc->row->ordinal;
        L->page = page_at(L, pc->page);
        L->page_index = pc->page;
        rc = draw_cell_text(L, &b, pc->cell, pc->x, pc->y, pc->w, pc->h);
    }
    for (size_t i = 0; i < ncells && rc == HY_OK; i++) {
        const placed *pc = &cells[i];
        const tpl_style *st = &pc->cell->style;
        if (st->border && drawing_rect(L->d, page_at(L, pc->page), pc->x, pc->y, pc->w, pc->h,
                                       HY_DRAW_STROKE, st->line_width, 0x000000, 0) != 0)
            rc = oom(L);
    }
    L->page = page_at(L, L->d->npages - 1);
    L->page_index = L->d->npages - 1;
done:
    free(rows);
    free(colx);
    free(busy_until);
    free(cells);
    return rc;
}

/* ---- continuation pages ------------------------------------------------------ */

/* Prints the rest of every text that did not fit, each under its label, on as
 * many pages as it takes, with the sheet's title and the project on top. */
static int continuation_pages(lay *L)
{
    const hy_template *tpl = L->tpl;
    const hy_project *p = L->bind->project;
    float width = template_content_width(tpl);
    float x = tpl->margin_left;
    int rc = new_page(L);
    if (rc != HY_OK)
        return rc;
    tpl_style head = tpl->base;
    head.size = tpl->base.size + 2;
    head.align = TPL_ALIGN_LEFT;
    head.valign = TPL_VALIGN_TOP;
    head.border = 0;
    hy_buf title = HY_BUF_INIT;
    buf_printf(&title, "（続き）%s %s", p ? p->code : "", p ? p->name : "");
    if (!title.data)
        return oom(L);
    float th = head.size * 1.6f + 2 * head.pad;
    rc = place_text(L, title.data, &head, x, L->cursor, width, th, "continuation title");
    buf_free(&title);
    L->cursor += th;
    for (size_t i = 0; i < L->nover && rc == HY_OK; i++) {
        /* a copy: laying out the label may add to L->over and move it */
        overflow cur = L->over[i];
        const overflow *o = &cur;
        tpl_style st = tpl->base;
        st.font = o->font;
        st.size = o->size;
        st.valign = TPL_VALIGN_TOP;
        st.align = TPL_ALIGN_LEFT;
        st.overflow = TPL_OVERFLOW_CONTINUE;
        /* the label bar */
        float bar = st.size * 1.4f + 2 * st.pad;
        if (L->cursor + bar * 2 > content_bottom(L) && (rc = new_page(L)) != HY_OK)
            break;
        tpl_style lab = st;
        lab.valign = TPL_VALIGN_MIDDLE;
        if (drawing_rect(L->d, L->page, x, L->cursor, width, bar, HY_DRAW_FILL | HY_DRAW_STROKE,
                         tpl->base.line_width, 0x000000, 0xE6E6E6) != 0)
            return oom(L);
        rc = place_text(L, o->label, &lab, x, L->cursor, width, bar, "continuation label");
        L->cursor += bar;
        /* the text, page by page */
        hy_buf text = HY_BUF_INIT;
        if (rc == HY_OK)
            rc = sanitize(L, st.font, o->label, o->text, &text);
        const char *rest = text.data ? text.data : "";
        while (rc == HY_OK && *rest) {
            float avail_h = content_bottom(L) - L->cursor - 2 * st.pad;
            L->lines.count = 0;
            if (textbreak(rest, width - 2 * st.pad, L->fs, L->fs_font[st.font], st.size,
                          &L->lines) != 0) {
                rc = oom(L);
                break;
            }
            size_t n = L->lines.count;
            float lh = line_height(&st, st.size);
            size_t fit = avail_h >= st.size ? (size_t)floorf((avail_h - st.size) / lh + 1.0f + 0.001f) : 0;
            if (fit == 0) {
                rc = new_page(L);
                continue;
            }
            size_t take = fit < n ? fit : n;
            float h = lines_height(&st, st.size, take) + 2 * st.pad;
            int32_t box = drawing_add_box(L->d, L->page_index, x, L->cursor, width, h);
            if (box < 0 ||
                drawing_rect(L->d, L->page, x, L->cursor, width, h, HY_DRAW_STROKE,
                             tpl->base.line_width, 0x000000, 0) != 0) {
                rc = oom(L);
                break;
            }
            rc = emit_lines(L, rest, &st, st.size, x, L->cursor, width, h, 0, take, NULL, box);
            L->cursor += h + st.size;
            if (take == n)
                break;
            rest += L->lines.lines[take].start;
            if ((rc = rc == HY_OK ? new_page(L) : rc) != HY_OK)
                break;
        }
        buf_free(&text);
    }
    return rc;
}

/* ---- header and footer ------------------------------------------------------ */

static int header_footer(lay *L)
{
    const hy_template *tpl = L->tpl;
    int pages = (int)L->d->npages;
    for (int i = 0; i < pages; i++) {
        hy_bind b = *L->bind;
        b.page = i + 1;
        b.pages = pages;
        L->page = page_at(L, (size_t)i);
        L->page_index = (size_t)i;
        float w = template_content_width(tpl);
        int rc = HY_OK;
        if (tpl->has_header) {
            float h = tpl->margin_top * 0.8f;
            rc = draw_cell_text(L, &b, &tpl->header, tpl->margin_left, tpl->margin_top - h, w, h);
        }
        if (rc == HY_OK && tpl->has_footer) {
            float h = tpl->margin_bottom * 0.8f;
            rc = draw_cell_text(L, &b, &tpl->footer, tpl->margin_left, content_bottom(L), w, h);
        }
        if (rc != HY_OK)
            return rc;
    }
    return HY_OK;
}

/* ---- blocks ----------------------------------------------------------------- */

/* A text block whose height follows its text: it flows onto further pages
 * when the text is longer than the room left, instead of shrinking. */
static int layout_flowing_text(lay *L, const tpl_block *b, float top)
{
    const tpl_style *st = &b->text.style;
    float x = L->tpl->margin_left + b->x;
    hy_buf raw = HY_BUF_INIT, text = HY_BUF_INIT;
    int rc = bind_content(L->bind, &b->text.content, &raw) != 0 ? oom(L) : HY_OK;
    if (rc == HY_OK)
        rc = sanitize(L, st->font, cell_label(&b->text), buf_str(&raw), &text);
    buf_free(&raw);
    L->cursor = top;
    if (rc != HY_OK || text.len == 0) {
        buf_free(&text);
        return rc;
    }
    const char *rest = text.data;
    while (rc == HY_OK && *rest) {
        L->lines.count = 0;
        if (textbreak(rest, b->w - 2 * st->pad, L->fs, L->fs_font[st->font], st->size,
                      &L->lines) != 0) {
            rc = oom(L);
            break;
        }
        size_t n = L->lines.count;
        float lh = line_height(st, st->size);
        float room = content_bottom(L) - top - 2 * st->pad;
        size_t fit = room >= st->size ? (size_t)floorf((room - st->size) / lh + 1.0f + 0.001f) : 0;
        if (fit == 0 && top > L->tpl->margin_top + 0.01f) {
            if ((rc = new_page(L)) != HY_OK)
                break;
            top = L->cursor;
            continue;
        }
        if (fit == 0)
            fit = 1;   /* a page shorter than one line: draw it anyway */
        size_t take = fit < n ? fit : n;
        float h = lines_height(st, st->size, take) + 2 * st->pad;
        if (h < b->h)
            h = b->h;
        int32_t box = drawing_add_box(L->d, L->page_index, x, top, b->w, h);
        if (box < 0) {
            rc = oom(L);
            break;
        }
        tpl_style top_aligned = *st;
        top_aligned.valign = TPL_VALIGN_TOP;
        rc = emit_lines(L, rest, &top_aligned, st->size, x, top, b->w, h, 0, take, NULL, box);
        L->cursor = top + h;
        if (take == n)
            break;
        rest += L->lines.lines[take].start;
        if (rc == HY_OK && (rc = new_page(L)) == HY_OK)
            top = L->cursor;
    }
    buf_free(&text);
    return rc;
}

/* ---- optional columns -------------------------------------------------------- */

/* Does any field of the cell have a value (the `default:` text does not count)? */
static int cell_has_value(const hy_bind *b, const tpl_cell *c)
{
    for (size_t i = 0; i < c->content.nsegments; i++)
        if (c->content.segments[i].expr && bind_has_value(b, c->content.segments[i].expr))
            return 1;
    return 0;
}

/* Marks in *kept the optional columns of g whose repeated cells have a value
 * for some item of the bound project. */
static void mark_kept_columns(const tpl_block *g, const hy_bind *pb, uint64_t *kept)
{
    for (size_t k = 0; k < g->nrepeats; k++) {
        const tpl_repeat *rp = &g->repeats[k];
        size_t n = bind_count(pb, rp->collection);
        for (size_t i = 0; i < n; i++) {
            if (!bind_item_is(pb, rp->collection, i, rp->item_kind))
                continue;
            hy_bind ib = *pb;
            ib.collection = rp->collection;
            ib.index = i;
            for (size_t r = rp->first_row; r < rp->first_row + rp->nrows; r++) {
                size_t col = 0;
                for (size_t c = 0; c < g->rows[r].ncells; c++) {
                    const tpl_cell *tc = &g->rows[r].cells[c];
                    uint64_t bit = col < 64 ? 1ULL << col : 0;
                    if (tc->colspan == 1 && (g->optional_cols & bit & ~*kept) &&
                        cell_has_value(&ib, tc))
                        *kept |= bit;
                    col += tc->colspan;
                }
            }
        }
    }
}

/* The optional columns of g to leave out: those empty in every repeated row.
 * In a report the whole document decides (every project's table has the same
 * columns); on a sheet, the bound project. A grid without repeats keeps all. */
static uint64_t empty_columns(const lay *L, const tpl_block *g)
{
    uint64_t kept = 0;
    if (!g->nrepeats)
        return 0;
    if (L->root->rollup) {
        size_t n = bind_count(L->root, "projects");
        for (size_t i = 0; i < n; i++) {
            hy_bind pb;
            if (bind_enter(L->root, "projects", i, &pb) == 0)
                mark_kept_columns(g, &pb, &kept);
        }
    } else if (L->bind->project) {
        mark_kept_columns(g, L->bind, &kept);
    }
    return g->optional_cols & ~kept;
}

/* g without the columns in drop: their width goes to column 1, spans over them
 * shrink, cells wholly in them go. *cells holds the new rows' cells (freed by
 * the caller). Returns HY_OK or the out-of-memory status. */
static int narrow_grid(lay *L, const tpl_block *g, uint64_t drop, tpl_block *out, float **cols,
                       tpl_row **rows, tpl_cell **cells)
{
    size_t total = 0;
    for (size_t r = 0; r < g->nrows; r++)
        total += g->rows[r].ncells;
    *out = *g;
    *cols = malloc(g->ncols * sizeof **cols);
    *rows = malloc((g->nrows ? g->nrows : 1) * sizeof **rows);
    *cells = malloc((total ? total : 1) * sizeof **cells);
    if (!*cols || !*rows || !*cells)
        return oom(L);
    size_t nc = 0;
    for (size_t c = 0; c < g->ncols; c++) {
        if (c < 64 && (drop >> c) & 1)
            (*cols)[0] += g->cols[c];
        else
            (*cols)[nc++] = g->cols[c];
    }
    size_t used = 0;
    for (size_t r = 0; r < g->nrows; r++) {
        tpl_row *row = &(*rows)[r];
        *row = g->rows[r];
        row->cells = *cells + used;
        row->ncells = 0;
        size_t col = 0;
        for (size_t c = 0; c < g->rows[r].ncells; c++) {
            tpl_cell tc = g->rows[r].cells[c];
            size_t gone = 0;
            for (size_t k = col; k < col + tc.colspan && k < 64; k++)
                gone += (drop >> k) & 1;
            col += tc.colspan;
            if (gone == tc.colspan)
                continue;
            tc.colspan = (uint16_t)(tc.colspan - gone);
            row->cells[row->ncells++] = tc;
        }
        used += row->ncells;
    }
    out->cols = *cols;
    out->ncols = nc;
    out->rows = *rows;
    return HY_OK;
}

/* Lays out a grid, first leaving out its optional columns that have nothing to show. */
static int layout_grid_narrowed(lay *L, const tpl_block *g, float top)
{
    uint64_t drop = g->optional_cols ? empty_columns(L, g) : 0;
    if (!drop)
        return layout_grid(L, g, top);
    tpl_block narrowed;
    float *cols = NULL;
    tpl_row *rows = NULL;
    tpl_cell *cells = NULL;
    int rc = narrow_grid(L, g, drop, &narrowed, &cols, &rows, &cells);
    if (rc == HY_OK)
        rc = layout_grid(L, &narrowed, top);
    free(cols);
    free(rows);
    free(cells);
    return rc;
}

/* The items a section repeats over, for the current bind. */
static size_t section_count(const lay *L, const char *collection)
{
    return bind_count(L->bind, collection);
}

/* Lays out blocks [first, last): text, grids, page breaks, and sections,
 * whose blocks are laid out once per item with the item bound. */
static int layout_blocks(lay *L, size_t first, size_t last)
{
    const hy_template *tpl = L->tpl;
    int rc = HY_OK;
    for (size_t bi = first; bi < last && rc == HY_OK; bi++) {
        const tpl_block *b = &tpl->blocks[bi];
        if (b->kind == TPL_BLOCK_SECTION_END)
            continue;
        if (b->when && !bind_has_value(L->bind, b->when)) {
            if (b->kind == TPL_BLOCK_SECTION)
                bi = b->end;
            continue;
        }
        if (b->kind == TPL_BLOCK_NEWPAGE) {
            /* a page break at the very top of a page would leave it empty */
            if (L->cursor > tpl->margin_top + 0.01f || L->page->nitems)
                rc = new_page(L);
            continue;
        }
        float top = b->y_follows ? L->cursor + b->gap : tpl->margin_top + b->y;
        if (b->kind == TPL_BLOCK_SECTION) {
            const hy_bind *outer = L->bind;
            size_t n = section_count(L, b->collection), drawn = 0;
            for (size_t i = 0; i < n && rc == HY_OK; i++) {
                hy_bind inner;
                if (!bind_item_is(outer, b->collection, i, b->item_kind) ||
                    bind_enter(outer, b->collection, i, &inner) != 0)
                    continue;
                if (b->item_kind)
                    inner.ordinal = drawn + 1;
                L->bind = &inner;
                L->cursor += drawn++ ? b->gap : 0;
                rc = layout_blocks(L, bi + 1, b->end);
                L->bind = outer;
            }
            bi = b->end;
            continue;
        }
        if (b->kind == TPL_BLOCK_TEXT && b->auto_height) {
            rc = layout_flowing_text(L, b, top);
        } else if (b->kind == TPL_BLOCK_TEXT) {
            if (top + b->h > content_bottom(L) + 0.01f && top > tpl->margin_top) {
                if ((rc = new_page(L)) != HY_OK)
                    break;
                top = L->cursor;
            }
            rc = draw_cell_text(L, L->bind, &b->text, tpl->margin_left + b->x, top, b->w, b->h);
            L->cursor = top + b->h;
        } else {
            rc = layout_grid_narrowed(L, b, top);
        }
    }
    return rc;
}

/* ---- the sheet -------------------------------------------------------------- */

int layout_load_fonts(const hy_template *tpl, hy_fontset *fonts, hy_err *err)
{
    for (size_t i = 0; i < tpl->nfonts; i++) {
        if (fontset_find(fonts, tpl->fonts[i].name) >= 0)
            continue;
        int rc = fontset_add(fonts, tpl->fonts[i].name, tpl->fonts[i].file, NULL, err);
        if (rc != HY_OK)
            return rc;
    }
    return HY_OK;
}

int layout_sheet(const hy_template *tpl, const hy_fontset *fonts, const hy_bind *bind,
                 hy_drawing *d, hy_diags *warnings, hy_err *err)
{
    lay L = {.tpl = tpl, .fs = fonts, .bind = bind, .root = bind, .d = d, .warn = warnings,
             .err = err};
    for (size_t i = 0; i < tpl->nfonts; i++) {
        L.fs_font[i] = fontset_find(fonts, tpl->fonts[i].name);
        L.draw_font[i] = drawing_font(d, tpl->fonts[i].name);
        if (L.fs_font[i] < 0 || L.draw_font[i] < 0)
            return err_set(err, HY_EUSAGE, "%s: font %s is not loaded", tpl->path, tpl->fonts[i].name);
    }
    int rc = new_page(&L);
    if (rc == HY_OK)
        rc = layout_blocks(&L, 0, tpl->nblocks);
    if (rc == HY_OK && L.nover)
        rc = continuation_pages(&L);
    if (rc == HY_OK)
        rc = header_footer(&L);
    for (size_t i = 0; i < L.nover; i++) {
        free(L.over[i].label);
        free(L.over[i].text);
    }
    free(L.over);
    textlines_free(&L.lines);
    return rc;
}
