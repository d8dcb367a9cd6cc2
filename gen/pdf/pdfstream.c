#include "pdf/pdfstream.h"

#include <libdeflate.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "util/fsutil.h"
#include "util/utf8.h"
#include "util/vec.h"

/* Fixed object numbers; everything else is numbered as it is needed. */
#define OBJ_CATALOG 1
#define OBJ_PAGES 2
#define OBJ_FONT 3
#define OBJ_FIRST_FREE 4

#define BMP_WORDS (0x10000 / 64)

typedef struct outline_item {
    char *title;
    size_t pos;
    int parent, first, last, next, prev;
    size_t kids;
    unsigned obj;
} outline_item;

typedef struct page_label {
    size_t pos;
    char style;
    int start;
} page_label;

struct hy_pdfstream {
    const hy_fontset *fonts;
    int font;
    hy_output out;
    uint64_t written;            /* bytes written so far: the next object's offset */
    uint64_t hash;               /* FNV-1a of every byte, for the document /ID */
    int failed;                  /* a write failed */
    uint64_t *offsets;           /* by object number; 0: not written yet */
    size_t noffsets, offsets_cap;
    unsigned next_obj;
    unsigned *page_obj;          /* by position; 0: no number given yet */
    uint8_t *page_done;          /* by position: written */
    size_t npages, pages_cap, done_cap;
    uint64_t drawn[BMP_WORDS];   /* every code point drawn */
    outline_item *outline;
    size_t noutline, outline_cap;
    page_label *labels;
    size_t nlabels, labels_cap;
    hy_buf content;              /* the page being painted */
    hy_buf scratch;
    struct libdeflate_compressor *z;
    void *zbuf;
    size_t zcap;
};

/* ---- bytes out ---- */

static void emit(hy_pdfstream *ps, const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t h = ps->hash;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001B3ull;
    ps->hash = h;
    if (n && fwrite(p, 1, n, ps->out.fp) != n)
        ps->failed = 1;
    ps->written += n;
}

static void emitf(hy_pdfstream *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emitf(hy_pdfstream *ps, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof line)
        ps->failed = 1;
    else
        emit(ps, line, (size_t)n);
}

static unsigned new_obj(hy_pdfstream *ps)
{
    return ps->next_obj++;
}

/* Starts object obj at the current offset. */
static void obj_begin(hy_pdfstream *ps, unsigned obj)
{
    while (ps->noffsets <= obj) {
        uint64_t *slot = vec_push(&ps->offsets, &ps->noffsets, &ps->offsets_cap, sizeof *slot);
        if (!slot) {
            ps->failed = 1;
            return;
        }
        *slot = 0;
    }
    ps->offsets[obj] = ps->written;
    emitf(ps, "%u 0 obj\n", obj);
}

/* A stream object holding data deflated (level 6, fixed at open: content
 * streams are most of a book and deflate well); extra goes into its
 * dictionary (may be ""). */
static void obj_stream(hy_pdfstream *ps, unsigned obj, const void *data, size_t len,
                       const char *extra)
{
    size_t bound = libdeflate_zlib_compress_bound(ps->z, len);
    if (bound > ps->zcap) {
        void *grown = realloc(ps->zbuf, bound);
        if (!grown) {
            ps->failed = 1;
            return;
        }
        ps->zbuf = grown;
        ps->zcap = bound;
    }
    size_t n = libdeflate_zlib_compress(ps->z, data, len, ps->zbuf, ps->zcap);
    if (n == 0) {
        ps->failed = 1;
        return;
    }
    obj_begin(ps, obj);
    emitf(ps, "<< /Length %zu /Filter /FlateDecode%s >>\nstream\n", n, extra);
    emit(ps, ps->zbuf, n);
    emitf(ps, "\nendstream\nendobj\n");
}

/* A number as PDF writes it: at most 3 decimals, no trailing zeros. */
static void put_num(hy_buf *b, float v, const char *after, int *oom)
{
    if (!isfinite(v))
        v = 0;
    long long milli = llroundf(v * 1000.0f);
    char num[48];
    const char *sign = milli < 0 ? "-" : "";
    unsigned long long a = (unsigned long long)(milli < 0 ? -milli : milli);
    int n;
    if (a % 1000 == 0)
        n = snprintf(num, sizeof num, "%s%llu", sign, a / 1000);
    else if (a % 100 == 0)
        n = snprintf(num, sizeof num, "%s%llu.%llu", sign, a / 1000, a % 1000 / 100);
    else if (a % 10 == 0)
        n = snprintf(num, sizeof num, "%s%llu.%02llu", sign, a / 1000, a % 1000 / 10);
    else
        n = snprintf(num, sizeof num, "%s%llu.%03llu", sign, a / 1000, a % 1000);
    *oom |= buf_append(b, num, (size_t)n);
    *oom |= buf_puts(b, after);
}

/* ---- open ---- */

int pdfstream_open(const char *path, const hy_fontset *fonts, int font, hy_pdfstream **out,
                   hy_err *err)
{
    *out = NULL;
    hy_pdfstream *ps = calloc(1, sizeof *ps);
    if (!ps)
        return err_set(err, HY_EIO, "%s: out of memory", path);
    ps->fonts = fonts;
    ps->font = font;
    ps->next_obj = OBJ_FIRST_FREE;
    ps->hash = 0xCBF29CE484222325ull;
    ps->z = libdeflate_alloc_compressor(6);
    if (!ps->z) {
        free(ps);
        return err_set(err, HY_EIO, "%s: out of memory", path);
    }
    int rc = fs_output_open(&ps->out, path, err);
    if (rc != HY_OK) {
        libdeflate_free_compressor(ps->z);
        free(ps);
        return rc;
    }
    /* the binary comment tells transfer programs the file is not text */
    emit(ps, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", 15);
    *out = ps;
    return HY_OK;
}

/* ---- pages ---- */

static unsigned page_obj(hy_pdfstream *ps, size_t pos)
{
    while (ps->npages <= pos) {
        size_t n = ps->npages, cap = ps->pages_cap;
        unsigned *slot = vec_push(&ps->page_obj, &n, &cap, sizeof *slot);
        size_t m = ps->npages, dcap = ps->done_cap;
        uint8_t *done = slot ? vec_push(&ps->page_done, &m, &dcap, 1) : NULL;
        if (slot) {
            ps->pages_cap = cap;
            *slot = 0;
        }
        if (!done) {
            ps->failed = 1;
            return 0;
        }
        ps->done_cap = dcap;
        *done = 0;
        ps->npages++;
    }
    if (!ps->page_obj[pos])
        ps->page_obj[pos] = new_obj(ps);
    return ps->page_obj[pos];
}

/* The graphics state as last set, so each operator is written on a change only. */
typedef struct pen {
    float line_width;
    uint32_t stroke, fill;
    float size;
    int in_text;
} pen;

static void put_rgb(hy_buf *b, uint32_t rgb, const char *op, int *oom)
{
    put_num(b, (float)((rgb >> 16) & 0xFF) / 255.0f, " ", oom);
    put_num(b, (float)((rgb >> 8) & 0xFF) / 255.0f, " ", oom);
    put_num(b, (float)(rgb & 0xFF) / 255.0f, op, oom);
}

static void pen_stroke(hy_buf *b, pen *p, uint32_t rgb, float width, int *oom)
{
    if (p->stroke != rgb) {
        p->stroke = rgb;
        put_rgb(b, rgb, " RG\n", oom);
    }
    if (p->line_width != width) {
        p->line_width = width;
        put_num(b, width, " w\n", oom);
    }
}

static void pen_fill(hy_buf *b, pen *p, uint32_t rgb, int *oom)
{
    if (p->fill != rgb) {
        p->fill = rgb;
        put_rgb(b, rgb, " rg\n", oom);
    }
}

static void pen_end_text(hy_buf *b, pen *p, int *oom)
{
    if (p->in_text) {
        p->in_text = 0;
        *oom |= buf_puts(b, "ET\n");
    }
}

/* One line of text, as code points (CID = code point); refuses what the font
 * cannot draw, as pdf_write does. */
static int paint_text(hy_pdfstream *ps, float height, pen *p, const hy_draw_item *it,
                      size_t pageno, int *oom, hy_err *err)
{
    hy_buf *b = &ps->content;
    if (it->text[0] == '\0')
        return HY_OK;
    if (!(it->size > 0 && it->size <= 600))
        return err_set(err, HY_EUSAGE, "%s: page %zu: font size %g", ps->out.path, pageno,
                       it->size);
    if (!p->in_text) {
        *oom |= buf_puts(b, "BT\n");
        p->in_text = 1;
    }
    if (p->size != it->size) {
        p->size = it->size;
        *oom |= buf_puts(b, "/F1 ");
        put_num(b, it->size, " Tf\n", oom);
    }
    pen_fill(b, p, it->fill_rgb, oom);
    *oom |= buf_puts(b, "1 0 0 1 ");
    put_num(b, it->x, " ", oom);
    put_num(b, height - it->y, " Tm\n<", oom);
    const char *s = it->text;
    size_t n = strlen(s);
    static const char hex[] = "0123456789ABCDEF";
    for (size_t k = 0; k < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + k, n - k, &cp);
        if (len == 0 || cp < 0x20 || !fontset_has_glyph(ps->fonts, ps->font, cp))
            return err_set(err, HY_EUSAGE, "%s: page %zu: %s cannot be drawn with %s in \"%.60s\"",
                           ps->out.path, pageno, len ? "a character" : "invalid UTF-8",
                           fontset_path(ps->fonts, ps->font), s);
        ps->drawn[cp >> 6] |= 1ull << (cp & 63);
        char q[4] = {hex[cp >> 12], hex[(cp >> 8) & 15], hex[(cp >> 4) & 15], hex[cp & 15]};
        *oom |= buf_append(b, q, 4);
        k += len;
    }
    *oom |= buf_puts(b, "> Tj\n");
    return HY_OK;
}

static int paint_item(hy_pdfstream *ps, float height, pen *p, const hy_draw_item *it,
                      size_t pageno, int *oom, hy_err *err)
{
    hy_buf *b = &ps->content;
    switch (it->kind) {
    case HY_DRAW_TEXT:
        return paint_text(ps, height, p, it, pageno, oom, err);
    case HY_DRAW_LINE:
        pen_end_text(b, p, oom);
        pen_stroke(b, p, it->stroke_rgb, it->size, oom);
        put_num(b, it->x, " ", oom);
        put_num(b, height - it->y, " m\n", oom);
        put_num(b, it->x + it->w, " ", oom);
        put_num(b, height - (it->y + it->h), " l\nS\n", oom);
        return HY_OK;
    case HY_DRAW_RECT:
        if (!(it->flags & (HY_DRAW_STROKE | HY_DRAW_FILL)))
            return HY_OK;
        pen_end_text(b, p, oom);
        if (it->flags & HY_DRAW_STROKE)
            pen_stroke(b, p, it->stroke_rgb, it->size, oom);
        if (it->flags & HY_DRAW_FILL)
            pen_fill(b, p, it->fill_rgb, oom);
        put_num(b, it->x, " ", oom);
        put_num(b, height - it->y - it->h, " ", oom);
        put_num(b, it->w, " ", oom);
        put_num(b, it->h, " re\n", oom);
        *oom |= buf_puts(b, (it->flags & HY_DRAW_STROKE) && (it->flags & HY_DRAW_FILL) ? "B\n"
                            : (it->flags & HY_DRAW_FILL)                               ? "f\n"
                                                                                        : "S\n");
        return HY_OK;
    default:
        return err_set(err, HY_EUSAGE, "%s: page %zu: unknown drawing item", ps->out.path, pageno);
    }
}

/* Every font of the drawing has to be the stream's one font file. */
static int check_fonts(hy_pdfstream *ps, const hy_drawing *d, hy_err *err)
{
    const char *want = fontset_path(ps->fonts, ps->font);
    for (size_t f = 0; f < d->nfonts; f++) {
        int i = fontset_find(ps->fonts, d->fonts[f]);
        if (i < 0 || strcmp(fontset_path(ps->fonts, i), want) != 0)
            return err_set(err, HY_EUSAGE, "%s: font \"%s\" is not %s, the one font of the book",
                           ps->out.path, d->fonts[f], want);
    }
    return HY_OK;
}

static void write_links(hy_pdfstream *ps, const hy_pdflink *links, size_t n, float height,
                        unsigned *objs)
{
    for (size_t i = 0; i < n; i++) {
        const hy_pdflink *l = &links[i];
        unsigned target = page_obj(ps, l->target);
        objs[i] = new_obj(ps);
        obj_begin(ps, objs[i]);
        emitf(ps, "<< /Type /Annot /Subtype /Link /Rect [%.2f %.2f %.2f %.2f] /Border [0 0 0] "
                  "/F 4 /Dest [%u 0 R /XYZ null null null] >>\nendobj\n",
              l->x, height - l->y - l->h, l->x + l->w, height - l->y, target);
    }
}

int pdfstream_page(hy_pdfstream *ps, const hy_drawing *d, size_t page, size_t pos,
                   const hy_pdflink *links, size_t nlinks, hy_err *err)
{
    const hy_page *pg = &d->pages[page];
    unsigned obj = page_obj(ps, pos);
    if (ps->failed)
        return err_set(err, HY_EIO, "%s: out of memory", ps->out.path);
    if (ps->page_done[pos])
        return err_set(err, HY_EUSAGE, "%s: page position %zu written twice", ps->out.path, pos);
    if (!(pg->width >= 3 && pg->width <= 14400 && pg->height >= 3 && pg->height <= 14400))
        return err_set(err, HY_EUSAGE, "%s: page %zu: size %g x %g pt is outside 3 to 14400 pt",
                       ps->out.path, pos + 1, pg->width, pg->height);
    int rc = check_fonts(ps, d, err);
    if (rc != HY_OK)
        return rc;
    pen p = {NAN, 0xFFFFFFFFu, 0xFFFFFFFFu, NAN, 0};
    int oom = 0;
    buf_reset(&ps->content);
    for (size_t i = 0; i < pg->nitems && rc == HY_OK; i++)
        rc = paint_item(ps, pg->height, &p, &pg->items[i], pos + 1, &oom, err);
    pen_end_text(&ps->content, &p, &oom);
    if (rc != HY_OK)
        return rc;
    unsigned annots[64];
    if (nlinks > sizeof annots / sizeof annots[0])
        return err_set(err, HY_EUSAGE, "%s: page %zu: more than 64 links", ps->out.path, pos + 1);
    unsigned contents = new_obj(ps);
    obj_stream(ps, contents, ps->content.data ? ps->content.data : "", ps->content.len, "");
    write_links(ps, links, nlinks, pg->height, annots);
    obj_begin(ps, obj);
    emitf(ps, "<< /Type /Page /Parent %u 0 R /MediaBox [0 0 %.3f %.3f] "
              "/Resources << /Font << /F1 %u 0 R >> >> /Contents %u 0 R",
          OBJ_PAGES, pg->width, pg->height, OBJ_FONT, contents);
    if (nlinks) {
        emitf(ps, " /Annots [");
        for (size_t i = 0; i < nlinks; i++)
            emitf(ps, "%s%u 0 R", i ? " " : "", annots[i]);
        emitf(ps, "]");
    }
    emitf(ps, " >>\nendobj\n");
    ps->page_done[pos] = 1;
    if (oom || ps->failed)
        return err_set(err, HY_EIO, "%s: write error or out of memory", ps->out.path);
    return HY_OK;
}

/* ---- bookmarks and labels ---- */

int pdfstream_outline(hy_pdfstream *ps, int parent, const char *title, size_t pos)
{
    size_t n = ps->noutline;
    outline_item *it = vec_push(&ps->outline, &ps->noutline, &ps->outline_cap, sizeof *it);
    if (!it)
        return -1;
    *it = (outline_item){strdup(title), pos, parent, -1, -1, -1, -1, 0, 0};
    if (!it->title) {
        ps->noutline--;
        return -1;
    }
    if (parent >= 0) {
        outline_item *up = &ps->outline[parent];
        if (up->last >= 0) {
            ps->outline[up->last].next = (int)n;
            it->prev = up->last;
        } else {
            up->first = (int)n;
        }
        up->last = (int)n;
        up->kids++;
    } else {
        /* top level items chain among themselves: find the last one */
        for (size_t i = n; i-- > 0;)
            if (ps->outline[i].parent < 0) {
                ps->outline[i].next = (int)n;
                it->prev = (int)i;
                break;
            }
    }
    return (int)n;
}

int pdfstream_label(hy_pdfstream *ps, size_t pos, char style, int start)
{
    page_label *l = vec_push(&ps->labels, &ps->nlabels, &ps->labels_cap, sizeof *l);
    if (!l)
        return -1;
    *l = (page_label){pos, style, start};
    return 0;
}

/* A PDF text string: UTF-16BE with a byte order mark, as a hex string. */
static void emit_text(hy_pdfstream *ps, const char *utf8)
{
    size_t n = strlen(utf8);
    emit(ps, "<FEFF", 5);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(utf8 + i, n - i, &cp);
        if (len == 0) {
            cp = 0xFFFD;
            len = 1;
        }
        if (cp >= 0x10000)
            emitf(ps, "%04X%04X", 0xD800 + ((cp - 0x10000) >> 10),
                  0xDC00 + ((cp - 0x10000) & 0x3FF));
        else
            emitf(ps, "%04X", cp);
        i += len;
    }
    emit(ps, ">", 1);
}

static unsigned write_outline(hy_pdfstream *ps)
{
    if (ps->noutline == 0)
        return 0;
    unsigned root = new_obj(ps);
    for (size_t i = 0; i < ps->noutline; i++)
        ps->outline[i].obj = new_obj(ps);
    int first = -1, last = -1;
    size_t top = 0;
    for (size_t i = 0; i < ps->noutline; i++) {
        const outline_item *it = &ps->outline[i];
        if (it->parent < 0) {
            if (first < 0)
                first = (int)i;
            last = (int)i;
            top++;
        }
        obj_begin(ps, it->obj);
        emitf(ps, "<< /Title ");
        emit_text(ps, it->title);
        emitf(ps, " /Parent %u 0 R", it->parent >= 0 ? ps->outline[it->parent].obj : root);
        if (it->prev >= 0)
            emitf(ps, " /Prev %u 0 R", ps->outline[it->prev].obj);
        if (it->next >= 0)
            emitf(ps, " /Next %u 0 R", ps->outline[it->next].obj);
        /* a section opens on its projects only when asked: negative = closed */
        if (it->first >= 0)
            emitf(ps, " /First %u 0 R /Last %u 0 R /Count -%zu", ps->outline[it->first].obj,
                  ps->outline[it->last].obj, it->kids);
        emitf(ps, " /Dest [%u 0 R /XYZ null null null] >>\nendobj\n", page_obj(ps, it->pos));
    }
    obj_begin(ps, root);
    emitf(ps, "<< /Type /Outlines /First %u 0 R /Last %u 0 R /Count %zu >>\nendobj\n",
          ps->outline[first].obj, ps->outline[last].obj, top);
    return root;
}

/* ---- the font ---- */

/* Six capital letters naming the subset, from its characters (same characters,
 * same tag), as PDF asks of an embedded subset. */
static void subset_tag(const uint64_t *drawn, char tag[7])
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (size_t i = 0; i < BMP_WORDS; i++)
        h = (h ^ drawn[i]) * 0x100000001B3ull;
    for (int i = 0; i < 6; i++, h /= 26)
        tag[i] = (char)('A' + h % 26);
    tag[6] = '\0';
}

/* /W: runs of consecutive code points with their widths. */
static void emit_widths(hy_pdfstream *ps, const uint32_t *cps, size_t n)
{
    emitf(ps, " /W [");
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && cps[j] == cps[j - 1] + 1 && j - i < 64)
            j++;
        emitf(ps, "\n%u [", cps[i]);
        for (size_t k = i; k < j; k++)
            emitf(ps, "%s%u", k > i ? " " : "", fontset_advance(ps->fonts, ps->font, cps[k]));
        emitf(ps, "]");
        i = j;
    }
    emitf(ps, "]");
}

/* The /ToUnicode map: each code is its code point. */
static int tounicode(hy_buf *b, const uint32_t *cps, size_t n)
{
    int oom = buf_puts(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                          "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                          "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                          "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (size_t i = 0; i < n; i += 100) {
        size_t m = n - i < 100 ? n - i : 100;
        oom |= buf_printf(b, "%zu beginbfchar\n", m);
        for (size_t k = i; k < i + m; k++)
            oom |= buf_printf(b, "<%04X> <%04X>\n", cps[k], cps[k]);
        oom |= buf_puts(b, "endbfchar\n");
    }
    oom |= buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    return oom;
}

static int write_font(hy_pdfstream *ps, hy_err *err)
{
    size_t n = 0;
    for (size_t w = 0; w < BMP_WORDS; w++)
        n += (size_t)__builtin_popcountll(ps->drawn[w]);
    uint32_t *cps = malloc((n ? n : 1) * sizeof *cps);
    uint16_t *gids = malloc((n ? n : 1) * sizeof *gids);
    if (!cps || !gids) {
        free(cps);
        free(gids);
        return err_set(err, HY_EIO, "%s: out of memory", ps->out.path);
    }
    n = 0;
    for (uint32_t cp = 0; cp < 0x10000; cp++)
        if (ps->drawn[cp >> 6] >> (cp & 63) & 1)
            cps[n++] = cp;
    void *sub = NULL;
    size_t sublen = 0;
    hy_font_info info;
    int rc = fontset_info(ps->fonts, ps->font, &info, err);
    if (rc == HY_OK)
        rc = fontset_subset(ps->fonts, ps->font, cps, n, &sub, &sublen, err);
    if (rc == HY_OK)
        rc = fontset_subset_glyphs(sub, sublen, cps, n, gids, err);
    /* CIDToGIDMap: two bytes per CID from 0 to the highest code point drawn */
    size_t maplen = n ? 2 * ((size_t)cps[n - 1] + 1) : 2;
    unsigned char *map = rc == HY_OK ? calloc(1, maplen) : NULL;
    if (rc == HY_OK && !map)
        rc = err_set(err, HY_EIO, "%s: out of memory", ps->out.path);
    for (size_t i = 0; rc == HY_OK && i < n; i++) {
        if (gids[i] == 0)
            rc = err_set(err, HY_EIO, "%s: the font subset lost U+%04X", ps->out.path, cps[i]);
        map[2 * cps[i]] = (unsigned char)(gids[i] >> 8);
        map[2 * cps[i] + 1] = (unsigned char)(gids[i] & 0xFF);
    }
    hy_buf tu = HY_BUF_INIT;
    if (rc == HY_OK && tounicode(&tu, cps, n))
        rc = err_set(err, HY_EIO, "%s: out of memory", ps->out.path);
    if (rc == HY_OK) {
        char tag[7], extra[64];
        subset_tag(ps->drawn, tag);
        unsigned file = new_obj(ps), desc = new_obj(ps), cid = new_obj(ps), gidmap = new_obj(ps),
                 umap = new_obj(ps);
        snprintf(extra, sizeof extra, " /Length1 %zu", sublen);
        obj_stream(ps, file, sub, sublen, extra);
        obj_begin(ps, desc);
        emitf(ps, "<< /Type /FontDescriptor /FontName /%s+%s /Flags 4 /FontBBox [%d %d %d %d] "
                  "/ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 "
                  "/FontFile2 %u 0 R >>\nendobj\n",
              tag, info.psname, info.bbox[0], info.bbox[1], info.bbox[2], info.bbox[3],
              info.ascent, info.descent, info.cap_height, file);
        obj_begin(ps, cid);
        emitf(ps, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s+%s "
                  "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                  "/FontDescriptor %u 0 R /DW 1000 /CIDToGIDMap %u 0 R",
              tag, info.psname, desc, gidmap);
        emit_widths(ps, cps, n);
        emitf(ps, " >>\nendobj\n");
        obj_stream(ps, gidmap, map, maplen, "");
        obj_stream(ps, umap, tu.data, tu.len, "");
        obj_begin(ps, OBJ_FONT);
        emitf(ps, "<< /Type /Font /Subtype /Type0 /BaseFont /%s+%s /Encoding /Identity-H "
                  "/DescendantFonts [%u 0 R] /ToUnicode %u 0 R >>\nendobj\n",
              tag, info.psname, cid, umap);
    }
    buf_free(&tu);
    free(map);
    free(sub);
    free(cps);
    free(gids);
    return rc;
}

/* ---- close ---- */

static unsigned write_info(hy_pdfstream *ps, const char *title, const char *author,
                           const char *subject, long long epoch, hy_err *err)
{
    unsigned obj = new_obj(ps);
    obj_begin(ps, obj);
    emitf(ps, "<< /Creator (hyoka " HYOKA_VERSION ") /Producer (hyoka " HYOKA_VERSION ")");
    const char *keys[] = {"Title", "Author", "Subject"};
    const char *vals[] = {title, author, subject};
    for (int i = 0; i < 3; i++)
        if (vals[i]) {
            emitf(ps, " /%s ", keys[i]);
            emit_text(ps, vals[i]);
        }
    if (epoch >= 0) {
        time_t t = (time_t)epoch;
        struct tm tm;
        if ((long long)t == epoch && gmtime_r(&t, &tm) && tm.tm_year + 1900 <= 9999) {
            char date[32];
            strftime(date, sizeof date, "D:%Y%m%d%H%M%SZ", &tm);
            emitf(ps, " /CreationDate (%s) /ModDate (%s)", date, date);
        }
    }
    emitf(ps, " >>\nendobj\n");
    return obj;
}

static int write_catalog(hy_pdfstream *ps, unsigned outlines, hy_err *err)
{
    for (size_t i = 0; i < ps->npages; i++)
        if (!ps->page_done[i])
            return err_set(err, HY_EUSAGE, "%s: page position %zu was never written",
                           ps->out.path, i);
    if (ps->npages == 0)
        return err_set(err, HY_EUSAGE, "%s: the document has no pages", ps->out.path);
    obj_begin(ps, OBJ_PAGES);
    emitf(ps, "<< /Type /Pages /Count %zu /Kids [", ps->npages);
    for (size_t i = 0; i < ps->npages; i++)
        emitf(ps, "%s%u 0 R", i % 16 ? " " : "\n", ps->page_obj[i]);
    emitf(ps, "] >>\nendobj\n");
    obj_begin(ps, OBJ_CATALOG);
    emitf(ps, "<< /Type /Catalog /Pages %u 0 R /Lang (ja-JP) "
              "/ViewerPreferences << /DisplayDocTitle true >>",
          OBJ_PAGES);
    if (outlines)
        emitf(ps, " /Outlines %u 0 R /PageMode /UseOutlines", outlines);
    if (ps->nlabels) {
        emitf(ps, " /PageLabels << /Nums [");
        for (size_t i = 0; i < ps->nlabels; i++)
            emitf(ps, " %zu << /S /%c /St %d >>", ps->labels[i].pos, ps->labels[i].style,
                  ps->labels[i].start);
        emitf(ps, " ] >>");
    }
    emitf(ps, " >>\nendobj\n");
    return HY_OK;
}

static void write_xref(hy_pdfstream *ps, unsigned info)
{
    uint64_t start = ps->written;
    unsigned size = ps->next_obj;
    uint64_t id = ps->hash;
    emitf(ps, "xref\n0 %u\n0000000000 65535 f \n", size);
    for (unsigned i = 1; i < size; i++) {
        uint64_t off = i < ps->noffsets ? ps->offsets[i] : 0;
        if (off == 0)
            ps->failed = 1;   /* a number given to an object never written */
        emitf(ps, "%010llu 00000 n \n", (unsigned long long)off);
    }
    emitf(ps, "trailer\n<< /Size %u /Root %u 0 R /Info %u 0 R /ID [<%016llX> <%016llX>] >>\n"
              "startxref\n%llu\n%%%%EOF\n",
          size, OBJ_CATALOG, info, (unsigned long long)id, (unsigned long long)id,
          (unsigned long long)start);
}

static void release(hy_pdfstream *ps)
{
    for (size_t i = 0; i < ps->noutline; i++)
        free(ps->outline[i].title);
    free(ps->outline);
    free(ps->labels);
    free(ps->offsets);
    free(ps->page_obj);
    free(ps->page_done);
    buf_free(&ps->content);
    buf_free(&ps->scratch);
    libdeflate_free_compressor(ps->z);
    free(ps->zbuf);
    free(ps);
}

int pdfstream_close(hy_pdfstream *ps, const char *title, const char *author,
                    const char *subject, long long epoch, hy_err *err)
{
    int rc = write_font(ps, err);
    unsigned outlines = rc == HY_OK ? write_outline(ps) : 0;
    if (rc == HY_OK)
        rc = write_catalog(ps, outlines, err);
    if (rc == HY_OK) {
        unsigned info = write_info(ps, title, author, subject, epoch, err);
        write_xref(ps, info);
        if (ps->failed)
            rc = err_set(err, HY_EIO, "%s: write error or out of memory", ps->out.path);
    }
    if (rc == HY_OK)
        rc = fs_output_commit(&ps->out, err);
    else
        fs_output_abort(&ps->out);
    release(ps);
    return rc;
}

void pdfstream_abort(hy_pdfstream *ps)
{
    if (!ps)
        return;
    fs_output_abort(&ps->out);
    release(ps);
}
