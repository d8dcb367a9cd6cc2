#include "template/layout.h"

#include <math.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "template/textbreak.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/vec.h"
#include "util/i18n.h"

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
    int32_t tag;       /* the structure node the text belongs to: it continues there */
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
    int32_t doc;           /* the structure tree's Document */
    int32_t sect[7];       /* the open Sect of each heading level 2 to 6, -1 when none */
    int32_t table;         /* the Table a grid's rows go into, -1 until one begins */
    int32_t header_node;   /* `header role=H1`: the title, on the first page; else -1 */
} lay;

static int oom(lay *L)
{
    L->oom = 1;
    return err_set(L->err, HY_EIO, _("out of memory laying out a sheet"));
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

/* ---- structure --------------------------------------------------------------- */

/* What box_node returns when out of memory (HY_TAG_ARTIFACT is -1). */
#define NO_MEMORY INT32_MIN

/* The element new content goes into: the innermost open Sect, else the Document. */
static int32_t container(const lay *L)
{
    for (int k = 6; k >= 2; k--)
        if (L->sect[k] >= 0)
            return L->sect[k];
    return L->doc;
}

/* A heading and where it goes: H1 belongs to the Document; H2 to H6 each
 * begin a Sect (ending those of their level and deeper) that the heading
 * leads, so a form's numbered sections nest as they read. Returns the
 * heading's node, or NO_MEMORY. */
static int32_t heading(lay *L, int level)
{
    for (int k = level < 2 ? 2 : level; k <= 6; k++)
        L->sect[k] = -1;
    int32_t parent = L->doc;
    if (level >= 2) {
        int32_t s = drawing_node(L->d, container(L), HY_ROLE_SECT);
        if (s < 0)
            return NO_MEMORY;
        L->sect[level] = s;
        parent = s;
    }
    int32_t h = drawing_node(L->d, parent, (hy_role)(HY_ROLE_H1 + level - 1));
    return h < 0 ? NO_MEMORY : h;
}

/* The node of a box of role (a hy_role or TPL_ROLE_ARTIFACT) under parent;
 * HY_TAG_ARTIFACT for an artifact, NO_MEMORY when out of memory. */
static int32_t box_node(lay *L, int32_t parent, int role)
{
    if (role == TPL_ROLE_ARTIFACT)
        return HY_TAG_ARTIFACT;
    if (role >= HY_ROLE_H1 && role <= HY_ROLE_H6)
        return heading(L, role - HY_ROLE_H1 + 1);
    int32_t n = drawing_node(L->d, parent, (hy_role)role);
    return n < 0 ? NO_MEMORY : n;
}

/* A choice drawn as its options with marks (|boxes: ■ before the chosen,
 * □ before the others; |circles: ○ after the chosen) is read as what was
 * chosen, in words: 「選択：ニーズはある」 (ActualText is read instead of the
 * marks and options; kept short, it is in every sheet). NULL when text is
 * not such a list. */
static char *choice_words(hy_arena *a, const char *text, int circles)
{
    hy_buf chosen = HY_BUF_INIT;
    int options = 0, oom = 0;
    const char *p = text;
    while (*p && !oom) {
        while (!strncmp(p, "\xE3\x80\x80", 3) || *p == ' ' || *p == '\n')
            p += *p == ' ' || *p == '\n' ? 1 : 3;   /* ideographic and plain spaces */
        if (!*p)
            break;
        int on = 0;
        if (!circles && (!strncmp(p, "\xE2\x96\xA0", 3) || !strncmp(p, "\xE2\x96\xA1", 3))) {
            on = p[2] == '\xA0';
            p += 3;
        } else if (!circles) {
            break;   /* not a list of boxes */
        }
        const char *end = p;
        while (*end && strncmp(end, "\xE3\x80\x80", 3) && *end != '\n')
            end++;
        size_t len = (size_t)(end - p);
        if (circles && len >= 4 && !strncmp(end - 4, " \xE2\x97\x8B", 4)) {
            on = 1;
            len -= 4;
        }
        if (on)
            oom |= buf_puts(&chosen, chosen.len ? "、" : "") | buf_append(&chosen, p, len);
        options++;
        p = end;
    }
    char *words = NULL;
    if (!oom && options && !*p)
        words = arena_printf(a, "選択：%s", chosen.len ? chosen.data : "なし");
    buf_free(&chosen);
    return words;
}

/* A cell showing one option's mark (|box:N ■/□, |circle:N ○ or nothing) is
 * read as whether that option was chosen. NULL when it is no such cell. */
static const char *mark_words(const tpl_cell *c, const char *text)
{
    if (c->content.nsegments != 1 || !c->content.segments[0].expr)
        return NULL;
    const char *e = c->content.segments[0].expr;
    if (strstr(e, "|circle:"))
        return *text ? "選択" : "未選択";
    if (strstr(e, "|box:"))
        return !strcmp(text, "■") ? "選択" : "未選択";
    return NULL;
}

/* Is the cell a choice printed with |boxes (1) or |circles (2)? */
static int choice_style(const tpl_cell *c)
{
    for (size_t i = 0; i < c->content.nsegments; i++) {
        const char *e = c->content.segments[i].expr;
        if (e && strstr(e, "|boxes"))
            return 1;
        if (e && strstr(e, "|circles"))
            return 2;
    }
    return 0;
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
                          _("project %s, %s: the font has no glyph for U+%04X \"%s\"; printed as 〓"),
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
    o->tag = L->d->tag;
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
        /* the note that the text continues is not part of it: the text itself
         * goes on, in the same element, on the continuation page */
        int32_t tag = i >= count ? drawing_tag(L->d, HY_TAG_ARTIFACT) : L->d->tag;
        int failed = drawing_text(L->d, L->page, lx, baseline, size, L->draw_font[st->font],
                                  st->color, line, lw, box) != 0;
        drawing_tag(L->d, tag);
        if (failed) {
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
                  _("project %s, %s: the text does not fit its box even at %.1f pt; "
                  "%zu of %zu lines continue on a continuation page"),
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

/* The node a cell's text is tagged with: node itself, or for a choice
 * printed with marks, an L > LI > LBody under it whose LI says in words what
 * was chosen. Sets *tag; returns HY_OK or HY_EIO. */
static int text_node(lay *L, const tpl_cell *c, const char *text, int32_t node, int32_t *tag)
{
    *tag = node;
    const char *mark = node >= 0 ? mark_words(c, text) : NULL;
    if (mark) {
        L->d->nodes[node].actual = mark;
        return HY_OK;
    }
    int style = node >= 0 ? choice_style(c) : 0;
    char *words = style ? choice_words(L->d->arena, text, style == 2) : NULL;
    if (!words)
        return HY_OK;
    int32_t list = drawing_node(L->d, node, HY_ROLE_L);
    int32_t item = list >= 0 ? drawing_node(L->d, list, HY_ROLE_LI) : -1;
    int32_t body = item >= 0 ? drawing_node(L->d, item, HY_ROLE_LBODY) : -1;
    if (body < 0)
        return oom(L);
    L->d->nodes[item].actual = words;
    *tag = body;
    return HY_OK;
}

/* Binds a cell's content and lays it into its box, tagged with node (a
 * structure node or an HY_TAG_* artifact kind). */
static int draw_cell_text(lay *L, const hy_bind *b, const tpl_cell *c, float x, float y, float w,
                          float h, int32_t node)
{
    hy_buf text = HY_BUF_INIT;
    if (bind_content(b, &c->content, &text) != 0) {
        buf_free(&text);
        return oom(L);
    }
    int32_t tag;
    int rc = text_node(L, c, buf_str(&text), node, &tag);
    if (rc == HY_OK && tag >= 0 && c->alt.nsegments) {
        hy_buf alt = HY_BUF_INIT;
        if (bind_content(b, &c->alt, &alt) != 0 ||
            !(L->d->nodes[tag].alt = arena_strdup(L->d->arena, buf_str(&alt))))
            rc = oom(L);
        buf_free(&alt);
    }
    int32_t before = drawing_tag(L->d, tag);
    if (rc == HY_OK)
        rc = place_text(L, buf_str(&text), &c->style, x, y, w, h, cell_label(c));
    drawing_tag(L->d, before);
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
    size_t slot;               /* its hy_bind.item_slot (indicators, kpis), or 0 */
    size_t ordinal;            /* its 1-based position among the items the repeat draws */
    int present;               /* 0 for padding rows drawn blank (min=) */
    float y, height;
    size_t page;
    int repeated;              /* a header row drawn again atop a following page */
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
        size_t *slots = NULL, nslots = 0;   /* where each item is, found once */
        if (rp) {
            items = bind_count(L->bind, rp->collection);
            slots = malloc((items ? items : 1) * sizeof *slots);
            if (!slots) {
                free(ri);
                return oom(L);
            }
            nslots = bind_item_slots(L->bind, rp->collection, slots, items);
            if (rp->item_kind) {
                picked = malloc((items ? items : 1) * sizeof *picked);
                if (!picked) {
                    free(ri);
                    free(slots);
                    return oom(L);
                }
                size_t k = 0;
                for (size_t i = 0; i < items; i++)
                    if (i < nslots ? bind_slot_is(L->bind, slots[i], rp->item_kind)
                                   : bind_item_is(L->bind, rp->collection, i, rp->item_kind))
                        picked[k++] = i;
                items = k;
            }
            groups = items;
            if (rp->max_items && groups > rp->max_items)
                groups = rp->max_items;
            if (groups < rp->min_items)
                groups = rp->min_items;
            nrows = rp->nrows;
            /* On a project's sheet this never prints: a repeat the data
             * outgrows is that project's error before rendering (capacity.h),
             * and build renders no sheet of a project with errors. A report
             * or 施策 sheet, where no one project's data is at fault, warns. */
            if (rp->max_items && items > rp->max_items && L->warn && !L->root->project) {
                const hy_project *p = L->bind->project;
                diag_warn(L->warn, p ? &p->loc : NULL,
                          _("project %s: %zu %s, but the form has room for %zu; the first %zu "
                          "are printed (%s:%d)"), p ? p->code : "-", items, rp->collection,
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
                        free(slots);
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
                x->slot = x->present && x->item < nslots ? slots[x->item] : 0;
                x->height = g->rows[r + k].height;
            }
        free(picked);
        free(slots);
        r += nrows;
    }
    *out = ri;
    *nout = n;
    return HY_OK;
}

/* A cell placed on the page: its template cell, its rectangle, and the
 * structure node its text belongs to. */
typedef struct placed {
    const tpl_cell *cell;
    const row_instance *row;
    float x, y, w, h;
    size_t page;
    int32_t node;
} placed;

/* A grid being laid out. */
typedef struct grid {
    const tpl_block *g;
    row_instance *rows;        /* expanded, then in flow order with repeated headers */
    size_t nrows;
    float *colx;               /* left edge of each column, and the right edge */
    size_t *busy_until;        /* which row a column is covered until (row spans) */
    placed *cells;
    size_t ncells, cells_cap;
} grid;

/* Rows whose height is `auto` take what their cells' text needs. */
static int grid_auto_heights(lay *L, grid *G)
{
    const tpl_block *g = G->g;
    size_t ncols = g->ncols;
    for (size_t i = 0; i < G->nrows; i++) {
        row_instance *r = &G->rows[i];
        if (!r->row->auto_height || !r->present)
            continue;
        hy_bind b = *L->bind;
        b.collection = r->collection;
        b.index = r->item;
        b.ordinal = r->ordinal;
        b.item_slot = r->slot;
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
            int rc = measure_text(L, &b, tc, w, &need);
            if (rc != HY_OK)
                return rc;
            if (need > r->height)
                r->height = need;
        }
        const tpl_style *st = &r->row->cells[0].style;
        if (r->height < st->size + 2 * st->pad)
            r->height = st->size + 2 * st->pad;
    }
    return HY_OK;
}

/* keep: a grid that would split but fits a page of its own starts one. */
static int grid_keep(lay *L, grid *G, float *top)
{
    if (!G->g->keep)
        return HY_OK;
    float total = 0;
    for (size_t i = 0; i < G->nrows; i++)
        total += G->rows[i].height;
    float page_room = content_bottom(L) - L->tpl->margin_top;
    if (*top + total > content_bottom(L) + 0.01f && total <= page_room &&
        *top > L->tpl->margin_top + 0.01f) {
        int rc = new_page(L);
        if (rc != HY_OK)
            return rc;
        *top = L->cursor;
    }
    return HY_OK;
}

/* The instance rows after i that the row spans of rows from i on tie to it:
 * a 目標/実績/改定情報 group under one indicator name breaks before it, not
 * inside it. Returns one past the last tied row. */
static size_t span_end_of(const grid *G, size_t i, size_t k_end)
{
    size_t end = i + 1;
    for (size_t c = 0; c < G->rows[i].row->ncells; c++) {
        size_t e = i + 1;
        while (e < G->nrows && G->rows[e].row_index > G->rows[i].row_index &&
               G->rows[e].row_index < G->rows[i].row_index + G->rows[i].row->cells[c].rowspan)
            e++;
        if (e > end)
            end = e;
    }
    return end > k_end ? end : k_end;
}

static int flow_push(lay *L, row_instance **flow, size_t *n, size_t *cap, const row_instance *r)
{
    row_instance *slot = vec_push(flow, n, cap, sizeof *slot);
    if (!slot)
        return oom(L);
    *slot = *r;
    return HY_OK;
}

/* Row positions, breaking to a new page between rows that no row span
 * crosses when the next row would pass the bottom margin; the header rows
 * are repeated (marked as such) at the top of every page the grid continues
 * on. Replaces G->rows with the rows in the order they are drawn. */
static int grid_flow(lay *L, grid *G, float top)
{
    size_t nrows = G->nrows, nflow = 0, flow_cap = nrows ? nrows : 1;
    row_instance *flow = malloc(flow_cap * sizeof *flow);
    if (!flow)
        return oom(L);
    float y = top;
    size_t page = L->page_index;
    size_t span_end = 0;   /* rows before this index are tied together by spans */
    size_t nheader = G->g->header_rows < nrows ? G->g->header_rows : 0;
    /* A tied group taller than a whole page, or one that holds a repeat (a
     * label spanning 500 indicators) and does not fit what is left of this one,
     * is not kept together: rows up to loose_end break one by one, with the
     * group's rows above its repeat heading each new page, as long texts
     * continue, instead of running off the bottom of the first. */
    size_t loose_start = 0, loose_end = 0;
    float page_room = content_bottom(L) - L->tpl->margin_top;
    int rc = HY_OK;
    for (size_t i = 0; i < nrows && rc == HY_OK; i++) {
        row_instance *r = &G->rows[i];
        float group = r->height;
        size_t tied = i + 1;
        int grows = 0;   /* the group holds a repeat's rows */
        if (i >= span_end) {
            for (size_t k = i; k < tied && k < nrows; k++) {
                if (k > i)
                    group += G->rows[k].height;
                grows |= G->rows[k].collection != NULL;
                tied = span_end_of(G, k, tied);
            }
        }
        if (i >= span_end && tied > i + 1 &&
            (group > page_room + 0.01f || (grows && y + group > content_bottom(L) + 0.01f))) {
            loose_start = i;
            loose_end = tied;
            group = r->height;
        }
        int loose = i > loose_start && i < loose_end;
        if (loose)
            group = r->height;
        /* the first row too: a grid that starts where its first row no longer
         * fits starts on the next page instead of running into the margin */
        if ((i >= span_end || loose) && y + group > content_bottom(L) + 0.01f &&
            y > L->tpl->margin_top + 0.01f) {
            if ((rc = new_page(L)) != HY_OK)
                break;
            page = L->page_index;
            y = L->tpl->margin_top;
            size_t h0 = 0, h1 = i >= nheader ? nheader : 0;
            if (loose && !nheader) {
                /* the group's rows above its repeat head the new page */
                h0 = loose_start;
                for (h1 = h0; h1 < i && !G->rows[h1].collection; h1++)
                    ;
            }
            for (size_t h = h0; h < h1 && rc == HY_OK; h++) {
                row_instance copy = G->rows[h];
                copy.y = y;
                copy.page = page;
                copy.repeated = 1;
                y += copy.height;
                rc = flow_push(L, &flow, &nflow, &flow_cap, &copy);
            }
        }
        r->y = y;
        r->page = page;
        y += r->height;
        span_end = span_end_of(G, i, span_end);
        if (rc == HY_OK)
            rc = flow_push(L, &flow, &nflow, &flow_cap, r);
    }
    L->cursor = y;
    free(G->rows);
    G->rows = flow;
    G->nrows = nflow;
    return rc;
}

/* What a cell is when the template does not say: a header cell when it is
 * a shaded label (filled, no fields), else a data cell. */
static int cell_role(const tpl_cell *c)
{
    if (c->style.role != TPL_ROLE_AUTO)
        return c->style.role;
    int fields = 0;
    for (size_t i = 0; i < c->content.nsegments; i++)
        fields |= c->content.segments[i].expr != NULL;
    return c->style.has_fill && !fields && c->content.nsegments ? HY_ROLE_TH : HY_ROLE_TD;
}

static int is_cell_role(int role)
{
    return role == HY_ROLE_TH || role == HY_ROLE_TD;
}

/* Is the grid a table (some header cell), or boxes that read one by one? A
 * table without header cells is not a data table to a screen reader. */
static int grid_is_table(const grid *G)
{
    for (size_t i = 0; i < G->nrows; i++)
        for (size_t c = 0; c < G->rows[i].row->ncells; c++)
            if (cell_role(&G->rows[i].row->cells[c]) == HY_ROLE_TH)
                return 1;
    return 0;
}

/* The structure of one row: a TR in the grid's table, its cells TH or TD;
 * or, in a row with no table cells (or a grid that is no table), each cell
 * an element of its own (P, a heading...). A header row repeated on a
 * following page is an artifact: it was read where the table began. Fills
 * node[c] for each of the row's cells. */
static int row_nodes(lay *L, const grid *G, int table, const row_instance *r, int32_t *node)
{
    size_t n = r->row->ncells;
    int cells = 0, heads = 0;
    for (size_t c = 0; c < n; c++) {
        int role = cell_role(&r->row->cells[c]);
        cells += table && is_cell_role(role);
        heads += table && role == HY_ROLE_TH;
    }
    for (size_t c = 0; c < n; c++)
        node[c] = HY_TAG_ARTIFACT;
    if (r->repeated)
        return HY_OK;
    int32_t tr = -1;
    if (cells) {
        if (L->table < 0 && (L->table = drawing_node(L->d, container(L), HY_ROLE_TABLE)) < 0)
            return oom(L);
        if ((tr = drawing_node(L->d, L->table, HY_ROLE_TR)) < 0)
            return oom(L);
    } else {
        L->table = -1;   /* what follows begins a new table */
    }
    for (size_t c = 0; c < n; c++) {
        const tpl_cell *tc = &r->row->cells[c];
        int role = cell_role(tc);
        if (cells && !is_cell_role(role) && role != TPL_ROLE_ARTIFACT)
            role = HY_ROLE_TD;
        if (!cells && is_cell_role(role))
            role = HY_ROLE_P;
        node[c] = box_node(L, cells ? tr : container(L), role);
        if (node[c] == NO_MEMORY)
            return oom(L);
        if (node[c] >= 0 && role == HY_ROLE_TH)
            L->d->nodes[node[c]].scope = heads == cells ? HY_SCOPE_COLUMN : HY_SCOPE_ROW;
    }
    return HY_OK;
}

/* Places the cells: left to right, skipping columns covered from above; each
 * gets its structure node, in reading order (row by row). */
static int grid_place(lay *L, grid *G)
{
    size_t ncols = G->g->ncols;
    int table = grid_is_table(G);
    int32_t node[256];
    L->table = -1;
    for (size_t i = 0; i < G->nrows; i++) {
        const row_instance *r = &G->rows[i];
        if (r->row->ncells > sizeof node / sizeof node[0])
            return err_set(L->err, HY_EUSAGE, _("%s:%d: more than 256 cells in a row"),
                           L->tpl->path, r->row->line);
        int rc = row_nodes(L, G, table, r, node);
        if (rc != HY_OK)
            return rc;
        size_t col = 0;
        for (size_t c = 0; c < r->row->ncells; c++) {
            const tpl_cell *tc = &r->row->cells[c];
            while (col < ncols && G->busy_until[col] > i)
                col++;
            if (col >= ncols)
                break;
            /* Spans are written in template rows; a span that covers a repeated
             * group covers every instance of it. */
            size_t last_row = i;
            while (last_row + 1 < G->nrows && G->rows[last_row + 1].row_index > r->row_index &&
                   G->rows[last_row + 1].row_index < r->row_index + tc->rowspan)
                last_row++;
            /* a span crossing a page break is clipped to its first page */
            float h = 0;
            for (size_t k = i; k <= last_row && G->rows[k].page == r->page; k++)
                h += G->rows[k].height;
            placed *pc = vec_push(&G->cells, &G->ncells, &G->cells_cap, sizeof *pc);
            if (!pc)
                return oom(L);
            size_t span = col + tc->colspan <= ncols ? tc->colspan : ncols - col;
            *pc = (placed){tc, r, G->colx[col], r->y, G->colx[col + span] - G->colx[col], h,
                           r->page, node[c]};
            if (node[c] >= 0) {
                L->d->nodes[node[c]].colspan = (uint16_t)span;
                L->d->nodes[node[c]].rowspan = (uint16_t)(last_row - i + 1);
            }
            for (size_t k = col; k < col + span; k++)
                G->busy_until[k] = last_row + 1;
            col += span;
        }
    }
    L->table = -1;
    return HY_OK;
}

/* Fills first, then text, then rules, so no fill hides a neighbour's rule.
 * Fills and rules are artifacts; each cell's text is tagged with its node. */
static int grid_paint(lay *L, grid *G)
{
    int rc = HY_OK;
    drawing_tag(L->d, HY_TAG_ARTIFACT);
    for (size_t i = 0; i < G->ncells && rc == HY_OK; i++) {
        const placed *pc = &G->cells[i];
        const tpl_style *st = &pc->cell->style;
        if (st->has_fill && drawing_rect(L->d, page_at(L, pc->page), pc->x, pc->y, pc->w, pc->h,
                                         HY_DRAW_FILL, 0, 0, st->fill) != 0)
            rc = oom(L);
    }
    for (size_t i = 0; i < G->ncells && rc == HY_OK; i++) {
        const placed *pc = &G->cells[i];
        if (!pc->row->present || pc->cell->content.nsegments == 0)
            continue;
        hy_bind b = *L->bind;
        b.collection = pc->row->collection;
        b.index = pc->row->item;
        b.ordinal = pc->row->ordinal;
        b.item_slot = pc->row->slot;
        L->page = page_at(L, pc->page);
        L->page_index = pc->page;
        rc = draw_cell_text(L, &b, pc->cell, pc->x, pc->y, pc->w, pc->h, pc->node);
    }
    drawing_tag(L->d, HY_TAG_ARTIFACT);
    for (size_t i = 0; i < G->ncells && rc == HY_OK; i++) {
        const placed *pc = &G->cells[i];
        const tpl_style *st = &pc->cell->style;
        if (st->border && drawing_rect(L->d, page_at(L, pc->page), pc->x, pc->y, pc->w, pc->h,
                                       HY_DRAW_STROKE, st->line_width, 0x000000, 0) != 0)
            rc = oom(L);
    }
    return rc;
}

static int layout_grid(lay *L, const tpl_block *g, float top)
{
    grid G = {.g = g};
    int rc = expand_rows(L, g, &G.rows, &G.nrows);
    if (rc != HY_OK)
        return rc;
    G.colx = malloc((g->ncols + 1) * sizeof *G.colx);
    G.busy_until = calloc(g->ncols, sizeof *G.busy_until);
    if (!G.colx || !G.busy_until)
        rc = oom(L);
    if (rc == HY_OK) {
        G.colx[0] = L->tpl->margin_left + g->x;
        for (size_t c = 0; c < g->ncols; c++)
            G.colx[c + 1] = G.colx[c] + g->cols[c];
        rc = grid_auto_heights(L, &G);
    }
    if (rc == HY_OK)
        rc = grid_keep(L, &G, &top);
    if (rc == HY_OK)
        rc = grid_flow(L, &G, top);
    if (rc == HY_OK)
        rc = grid_place(L, &G);
    if (rc == HY_OK)
        rc = grid_paint(L, &G);
    L->page = page_at(L, L->d->npages - 1);
    L->page_index = L->d->npages - 1;
    free(G.rows);
    free(G.colx);
    free(G.busy_until);
    free(G.cells);
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
    /* the title and labels repeat what was read already: artifacts; each
     * text continues in the element it began in */
    drawing_tag(L->d, HY_TAG_ARTIFACT);
    rc = place_text(L, title.data, &head, x, L->cursor, width, th, _("continuation title"));
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
        drawing_tag(L->d, HY_TAG_ARTIFACT);
        if (drawing_rect(L->d, L->page, x, L->cursor, width, bar, HY_DRAW_FILL | HY_DRAW_STROKE,
                         tpl->base.line_width, 0x000000, 0xE6E6E6) != 0)
            return oom(L);
        rc = place_text(L, o->label, &lab, x, L->cursor, width, bar, _("continuation label"));
        L->cursor += bar;
        drawing_tag(L->d, o->tag);
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
            int32_t tag = drawing_tag(L->d, HY_TAG_ARTIFACT);
            if (box < 0 ||
                drawing_rect(L->d, L->page, x, L->cursor, width, h, HY_DRAW_STROKE,
                             tpl->base.line_width, 0x000000, 0) != 0) {
                rc = oom(L);
                break;
            }
            drawing_tag(L->d, tag);
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
    drawing_tag(L->d, HY_TAG_ARTIFACT);
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
            /* a running header that is the sheet's title (role=) is read once,
             * where it first appears */
            rc = draw_cell_text(L, &b, &tpl->header, tpl->margin_left, tpl->margin_top - h, w, h,
                                i == 0 && L->header_node >= 0 ? L->header_node : HY_TAG_HEADER);
        }
        if (rc == HY_OK && tpl->has_footer) {
            float h = tpl->margin_bottom * 0.8f;
            rc = draw_cell_text(L, &b, &tpl->footer, tpl->margin_left, content_bottom(L), w, h,
                                HY_TAG_FOOTER);
        }
        if (rc != HY_OK)
            return rc;
    }
    return HY_OK;
}

/* ---- blocks ----------------------------------------------------------------- */

/* A text block's element: P unless the template says (role=H1...). */
static int32_t text_block_node(lay *L, const tpl_block *b)
{
    int role = b->text.style.role == TPL_ROLE_AUTO ? HY_ROLE_P : b->text.style.role;
    if (role == HY_ROLE_TH || role == HY_ROLE_TD)
        role = HY_ROLE_P;   /* a cell outside a grid reads as a paragraph */
    return box_node(L, container(L), role);
}

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
    /* one element, however many pages the text runs over */
    int32_t node = text_block_node(L, b);
    if (node == NO_MEMORY) {
        buf_free(&text);
        return oom(L);
    }
    int32_t before = drawing_tag(L->d, node);
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
    drawing_tag(L->d, before);
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
        if (!g->optional_cols)
            continue;
        size_t *slots = malloc((n ? n : 1) * sizeof *slots);
        size_t nslots = slots ? bind_item_slots(pb, rp->collection, slots, n) : 0;
        for (size_t i = 0; i < n; i++) {
            if (!(i < nslots ? bind_slot_is(pb, slots[i], rp->item_kind)
                             : bind_item_is(pb, rp->collection, i, rp->item_kind)))
                continue;
            hy_bind ib = *pb;
            ib.collection = rp->collection;
            ib.index = i;
            ib.item_slot = i < nslots ? slots[i] : 0;
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
        free(slots);
    }
}

/* The optional columns of g to leave out: those empty in every repeated row.
 * In a report the whole document decides (every project's table has the same
 * columns); on a sheet, the bound project (or 施策). A grid without repeats keeps all. */
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
    } else if (L->bind->project || L->bind->measure) {
        /* a sheet's project, or a measure sheet's 施策 (its projects, verdicts, outcomes) */
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

/* An `image` block: a frame, and in it the picture whose file the content
 * names (checked by normalize, columns.conf key:file), or the text when the
 * data names none. */
static int draw_image_box(lay *L, const tpl_block *b, float x, float y)
{
    hy_buf path = HY_BUF_INIT;
    if (bind_content(L->bind, &b->text.content, &path) != 0) {
        buf_free(&path);
        return oom(L);
    }
    const tpl_style *st = &b->text.style;
    int rc = HY_OK;
    drawing_tag(L->d, HY_TAG_ARTIFACT);
    if (drawing_rect(L->d, L->page, x, y, b->w, b->h, HY_DRAW_STROKE, st->line_width, 0x000000,
                     0) != 0) {
        rc = oom(L);
    } else if (path.len && access(buf_str(&path), R_OK) == 0) {
        /* a Figure, read as its alt= text, else as what its label names */
        int32_t fig = box_node(L, container(L), HY_ROLE_FIGURE);
        hy_buf alt = HY_BUF_INIT;
        if (fig == NO_MEMORY ||
            (b->text.alt.nsegments ? bind_content(L->bind, &b->text.alt, &alt) != 0
                                   : buf_printf(&alt, "図：%s", cell_label(&b->text)) != 0) ||
            !(L->d->nodes[fig].alt = arena_strdup(L->d->arena, buf_str(&alt)))) {
            rc = oom(L);
        } else {
            drawing_tag(L->d, fig);
            rc = drawing_image(L->d, L->page, x + st->pad, y + st->pad, b->w - 2 * st->pad,
                               b->h - 2 * st->pad, buf_str(&path)) ? oom(L) : HY_OK;
            drawing_tag(L->d, HY_TAG_ARTIFACT);
        }
        buf_free(&alt);
    } else {
        int32_t node = text_block_node(L, b);
        rc = node == NO_MEMORY ? oom(L)
             : draw_cell_text(L, L->bind, &b->text, x, y, b->w, b->h, node);
    }
    buf_free(&path);
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
            if (b->image) {
                rc = draw_image_box(L, b, tpl->margin_left + b->x, top);
            } else {
                int32_t node = text_block_node(L, b);
                rc = node == NO_MEMORY ? oom(L)
                     : draw_cell_text(L, L->bind, &b->text, tpl->margin_left + b->x, top, b->w,
                                      b->h, node);
            }
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
             .err = err, .table = -1, .header_node = -1};
    for (int k = 0; k < 7; k++)
        L.sect[k] = -1;
    /* the sheet is one Document; a book puts each sheet's under its own Sect */
    L.doc = drawing_node(d, -1, HY_ROLE_DOCUMENT);
    if (L.doc < 0)
        return err_set(err, HY_EIO, _("out of memory laying out a sheet"));
    drawing_tag(d, HY_TAG_ARTIFACT);
    for (size_t i = 0; i < tpl->nfonts; i++) {
        L.fs_font[i] = fontset_find(fonts, tpl->fonts[i].name);
        L.draw_font[i] = drawing_font(d, tpl->fonts[i].name);
        if (L.fs_font[i] < 0 || L.draw_font[i] < 0)
            return err_set(err, HY_EUSAGE, _("%s: font %s is not loaded"), tpl->path, tpl->fonts[i].name);
    }
    /* the header's element comes first in reading order, though drawn last */
    int hrole = tpl->header.style.role;
    if (tpl->has_header && hrole != TPL_ROLE_AUTO && hrole != TPL_ROLE_ARTIFACT &&
        (L.header_node = box_node(&L, L.doc, hrole)) == NO_MEMORY)
        return err_set(err, HY_EIO, _("out of memory laying out a sheet"));
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
