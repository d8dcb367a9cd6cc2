#include "pdf/pdfstream.h"

#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pdf/flate.h"
#include "pdf/objstm.h"
#include "pdf/pdffont.h"
#include "pdf/pdfimage.h"
#include "pdf/pdfmeta.h"
#include "pdf/pdfpaint.h"
#include "pdf/pdftags.h"
#include "pdf/xref.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/spill.h"
#include "util/fsutil.h"
#include "util/utf8.h"
#include "util/vec.h"
#include "util/i18n.h"

/* Fixed object numbers; everything else is numbered as it is needed. */
#define OBJ_CATALOG 1
#define OBJ_PAGES 2
#define OBJ_FONT 3
#define OBJ_FIRST_FREE 4

#define BMP_WORDS (0x10000 / 64)
#define CONTENT_LEVEL 6   /* as pdf_write's pages */
#define MAX_IMAGES 16     /* per page */

/* A bookmark's place among the others; its page and title are spilled
 * (util/spill.h) until they are written, at the end, in this order. */
typedef struct outline_item {
    int32_t parent, first, last, next, prev;
    uint32_t kids;
} outline_item;

typedef struct page_label {
    size_t pos;
    char style;
    int start;
} page_label;

/* A structure element of the book's own; its kids are object numbers. */
#define UNPLACED (-2)   /* elem.parent of one made by pdfstream_elem_unplaced */
typedef struct elem {
    int parent;         /* -1: the structure tree's root */
    uint8_t role;
    unsigned obj;
    unsigned *kids;
    size_t nkids, cap;
} elem;

struct hy_pdfstream {
    const hy_fontset *fonts;
    int font;
    hy_output out;
    uint64_t written;            /* bytes written so far: the next object's offset */
    HPDF_MD5_CTX id;             /* of every byte, for the document /ID */
    int failed;                  /* a write failed or memory ran out */
    hy_xref *xref;               /* where each object is, as it is written */
    unsigned next_obj;
    unsigned *page_obj;          /* by position; 0: no number given yet */
    uint8_t *page_done;          /* by position: written */
    size_t npages, pages_cap, done_cap;
    unsigned *ptree;             /* /ParentTree: the object of each key */
    size_t nptree, ptree_cap;
    elem *elems;                 /* 0: the Document */
    size_t nelems, elems_cap;
    uint64_t drawn[BMP_WORDS];   /* every code point drawn */
    hy_arena *held;              /* what grows with the pages, until the end: xref,
                                    page_obj, page_done, ptree, outline and the elements'
                                    kids, in a scratch file beside the data set's
                                    (arena_new_spill_beside), stepped a drawing at a time */
    outline_item *outline;
    size_t noutline, outline_cap;
    int last_top;                /* the last top-level bookmark, -1 for none */
    hy_spill *titles;            /* each bookmark's page position and title */
    page_label *labels;
    size_t nlabels, labels_cap;
    hy_buf content;              /* the page being painted */
    hy_buf scratch;
    hy_flate *z;
    /* while a drawing is painted */
    hy_err *err;
    int rc;                      /* the first error of a callback */
    size_t pageno;               /* 1-based position, for messages */
    unsigned images[MAX_IMAGES]; /* the page's image XObjects, /Im1... */
    size_t nimages;
    char image_name[8];
};

/* ---- bytes out ---- */

static void emit(hy_pdfstream *ps, const void *p, size_t n)
{
    HPDF_MD5Update(&ps->id, (const HPDF_BYTE *)p, (HPDF_UINT32)n);
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

static void emit_buf(hy_pdfstream *ps, const hy_buf *b)
{
    emit(ps, b->data ? b->data : "", b->len);
}

static unsigned new_obj(hy_pdfstream *ps)
{
    return ps->next_obj++;
}

/* Starts object obj at the current offset. */
static void obj_begin(hy_pdfstream *ps, unsigned obj)
{
    if (xref_at(ps->xref, obj, ps->written) != 0)
        ps->failed = 1;   /* out of memory, or a 4 GB book */
    emitf(ps, "%u 0 obj\n", obj);
}

/* A stream object holding data deflated at level; extra goes into its
 * dictionary (may be ""). */
static void obj_stream(hy_pdfstream *ps, unsigned obj, const void *data, size_t len,
                       const char *extra, int level)
{
    const void *packed;
    size_t n;
    if (flate_bytes(ps->z, data, len, level, &packed, &n) != 0) {
        ps->failed = 1;
        return;
    }
    obj_begin(ps, obj);
    emitf(ps, "<< /Length %zu /Filter /FlateDecode%s >>\nstream\n", n, extra);
    emit(ps, packed, n);
    emitf(ps, "\nendstream\nendobj\n");
}

/* ---- open ---- */

static void release(hy_pdfstream *ps);

int pdfstream_open(const char *path, const hy_fontset *fonts, int font, hy_arena *beside,
                   hy_pdfstream **out, hy_err *err)
{
    *out = NULL;
    hy_pdfstream *ps = calloc(1, sizeof *ps);
    elem *doc = ps ? vec_push(&ps->elems, &ps->nelems, &ps->elems_cap, sizeof *doc) : NULL;
    if (ps) {
        ps->z = flate_new();
        ps->held = arena_new_spill_beside(beside);
        ps->xref = ps->held ? xref_new_in(ps->held) : NULL;
        ps->titles = spill_new();
        ps->last_top = -1;
    }
    if (!ps || !doc || !ps->z || !ps->xref || !ps->titles || !ps->held) {
        if (ps)
            release(ps);
        return err_set(err, HY_EIO, _("%s: out of memory"), path);
    }
    ps->fonts = fonts;
    ps->font = font;
    ps->next_obj = OBJ_FIRST_FREE;
    HPDF_MD5Init(&ps->id);
    *doc = (elem){-1, HY_ROLE_DOCUMENT, new_obj(ps), NULL, 0, 0};
    int rc = fs_output_open(&ps->out, path, err);
    if (rc != HY_OK) {
        release(ps);
        return rc;
    }
    /* the binary comment tells transfer programs the file is not text */
    emit(ps, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", 15);
    *out = ps;
    return HY_OK;
}

/* ---- structure of the book's own ---- */

static int add_kid(hy_pdfstream *ps, elem *e, unsigned obj)
{
    unsigned *k = vec_push_in(ps->held, &e->kids, &e->nkids, &e->cap, sizeof *k, 8);
    if (!k)
        return -1;
    *k = obj;
    return 0;
}

int pdfstream_elem_unplaced(hy_pdfstream *ps, hy_role role)
{
    size_t n = ps->nelems;
    elem *e = vec_push(&ps->elems, &ps->nelems, &ps->elems_cap, sizeof *e);
    if (!e)
        return -1;
    *e = (elem){UNPLACED, (uint8_t)role, new_obj(ps), NULL, 0, 0};
    return (int)n;
}

int pdfstream_place(hy_pdfstream *ps, int id, int parent)
{
    if (id <= 0 || (size_t)id >= ps->nelems || ps->elems[id].parent != UNPLACED || parent < 0 ||
        (size_t)parent >= ps->nelems || parent == id ||
        add_kid(ps, &ps->elems[parent], ps->elems[id].obj) != 0)
        return -1;
    ps->elems[id].parent = parent;
    return 0;
}

int pdfstream_elem(hy_pdfstream *ps, int parent, hy_role role)
{
    if (parent < 0 || (size_t)parent >= ps->nelems)
        return -1;
    int id = pdfstream_elem_unplaced(ps, role);
    if (id >= 0 && pdfstream_place(ps, id, parent) != 0) {
        ps->nelems--;
        return -1;
    }
    return id;
}

/* ---- pages ---- */

static unsigned page_obj(hy_pdfstream *ps, size_t pos)
{
    while (ps->npages <= pos) {
        size_t n = ps->npages, cap = ps->pages_cap;
        unsigned *slot = vec_push_in(ps->held, &ps->page_obj, &n, &cap, sizeof *slot, 1024);
        size_t m = ps->npages, dcap = ps->done_cap;
        uint8_t *done = slot ? vec_push_in(ps->held, &ps->page_done, &m, &dcap, 1, 1024) : NULL;
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

/* A /ParentTree key for obj: pages and links are numbered as written. */
static int ptree_key(hy_pdfstream *ps, unsigned obj)
{
    unsigned *k = vec_push_in(ps->held, &ps->ptree, &ps->nptree, &ps->ptree_cap, sizeof *k, 1024);
    if (!k) {
        ps->failed = 1;
        return 0;
    }
    *k = obj;
    return (int)(ps->nptree - 1);
}

/* pdfpaint's text callback: code = code point (the subset is made at the
 * end, from every character drawn); refuses what the font cannot draw, as
 * pdf_write does. */
static HPDF_STATUS text_codes(void *ctx, const hy_draw_item *it, hy_buf *codes, int *res)
{
    hy_pdfstream *ps = ctx;
    const char *s = it->text;
    size_t n = strlen(s);
    *res = 1;
    if (buf_reserve(codes, 2 * n))
        return HPDF_FAILD_TO_ALLOC_MEM;
    for (size_t k = 0; k < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + k, n - k, &cp);
        if (len == 0 || cp < 0x20 || cp > 0xFFFF || !fontset_has_glyph(ps->fonts, ps->font, cp)) {
            ps->rc = err_set(ps->err, HY_EUSAGE,
                             _("%s: page %zu: %s cannot be drawn with %s in \"%.60s\""),
                             ps->out.path, ps->pageno, len ? _("a character") : _("invalid UTF-8"),
                             fontset_path(ps->fonts, ps->font), s);
            return HPDF_INVALID_PARAMETER;
        }
        ps->drawn[cp >> 6] |= 1ull << (cp & 63);
        codes->data[codes->len++] = (char)(cp >> 8);
        codes->data[codes->len++] = (char)(cp & 0xFF);
        k += len;
    }
    return HPDF_OK;
}

/* An image's XObject (and soft mask), written at once. */
static int write_image(hy_pdfstream *ps, const hy_pdfimage *im, unsigned obj)
{
    char extra[192];
    unsigned mask = 0;
    if (im->alpha) {
        mask = new_obj(ps);
        snprintf(extra, sizeof extra, " /Type /XObject /Subtype /Image /Width %u /Height %u "
                 "/ColorSpace /DeviceGray /BitsPerComponent 8", im->width, im->height);
        obj_stream(ps, mask, im->alpha, (size_t)im->width * im->height, extra, CONTENT_LEVEL);
    }
    int n = snprintf(extra, sizeof extra, " /Type /XObject /Subtype /Image /Width %u /Height %u "
                     "/ColorSpace /%s /BitsPerComponent 8", im->width, im->height,
                     im->colorspace);
    if (mask)
        snprintf(extra + n, sizeof extra - (size_t)n, " /SMask %u 0 R", mask);
    if (!im->jpeg) {
        obj_stream(ps, obj, im->data, im->len, extra, CONTENT_LEVEL);
        return 0;
    }
    obj_begin(ps, obj);
    emitf(ps, "<< /Length %zu /Filter /DCTDecode%s >>\nstream\n", im->len, extra);
    emit(ps, im->data, im->len);
    emitf(ps, "\nendstream\nendobj\n");
    return 0;
}

/* pdfpaint's image callback: the file becomes an XObject of the page. */
static HPDF_STATUS image_xobject(void *ctx, const hy_draw_item *it, const char **name, float *w,
                                 float *h)
{
    hy_pdfstream *ps = ctx;
    if (ps->nimages == MAX_IMAGES) {
        ps->rc = err_set(ps->err, HY_EUSAGE, _("%s: page %zu: more than %d images"),
                         ps->out.path, ps->pageno, MAX_IMAGES);
        return HPDF_INVALID_IMAGE;
    }
    hy_pdfimage im;
    hy_err why = {0};
    if (pdfimage_load(it->text, &im, &why) != HY_OK) {
        ps->rc = err_set(ps->err, HY_EUSAGE, _("%s: page %zu: %s"), ps->out.path, ps->pageno,
                         why.msg);
        return HPDF_INVALID_IMAGE;
    }
    unsigned obj = new_obj(ps);
    write_image(ps, &im, obj);
    ps->images[ps->nimages++] = obj;
    snprintf(ps->image_name, sizeof ps->image_name, "Im%zu", ps->nimages);
    *name = ps->image_name;
    *w = (float)im.width;
    *h = (float)im.height;
    pdfimage_free(&im);
    return HPDF_OK;
}

/* Every font of the drawing has to be the stream's one font file. */
static int check_fonts(hy_pdfstream *ps, const hy_drawing *d, hy_err *err)
{
    const char *want = fontset_path(ps->fonts, ps->font);
    for (size_t f = 0; f < d->nfonts; f++) {
        int i = fontset_find(ps->fonts, d->fonts[f]);
        if (i < 0 || strcmp(fontset_path(ps->fonts, i), want) != 0)
            return err_set(err, HY_EUSAGE, _("%s: font \"%s\" is not %s, the one font of the book"),
                           ps->out.path, d->fonts[f], want);
    }
    return HY_OK;
}

/* The page's link annotations, each listed by its Link element. */
static int write_links(hy_pdfstream *ps, hy_pdftags *t, const hy_pdflink *links, size_t n,
                       size_t page, float height, unsigned first, hy_buf *annots)
{
    for (size_t i = 0; i < n; i++) {
        const hy_pdflink *l = &links[i];
        if (l->page != page)
            continue;
        unsigned target = page_obj(ps, l->target), obj = new_obj(ps);
        if (pdftags_objr(t, l->node, page, obj) != 0)
            return -1;
        int key = ptree_key(ps, first + (unsigned)l->node);
        buf_reset(&ps->scratch);
        if (pdfmeta_text(&ps->scratch, l->contents ? l->contents : "") ||
            buf_printf(annots, "%s%u 0 R", annots->len ? " " : "", obj))
            return -1;
        obj_begin(ps, obj);
        emitf(ps, "<< /Type /Annot /Subtype /Link /Rect [%.2f %.2f %.2f %.2f] /Border [0 0 0] "
                  "/F 4 /StructParent %d /Dest [%u 0 R /XYZ null null null] /Contents ",
              l->x, height - l->y - l->h, l->x + l->w, height - l->y, key, target);
        emit_buf(ps, &ps->scratch);
        emitf(ps, " >>\nendobj\n");
    }
    return 0;
}

/* Paints pg, page i of a drawing, at position pos and writes its content,
 * links and dictionary; its /ParentTree entry is object arrays + i. */
static int write_page(hy_pdfstream *ps, hy_pdfpaint *pp, const hy_page *pg, size_t i,
                      size_t pos, unsigned first, unsigned arrays, const hy_pdflink *links,
                      size_t nlinks, hy_err *err)
{
    unsigned obj = page_obj(ps, pos);
    ps->pageno = pos + 1;
    ps->nimages = 0;
    if (ps->failed)
        return err_set(err, HY_EIO, _("%s: out of memory"), ps->out.path);
    if (!(pg->width >= 3 && pg->width <= 14400 && pg->height >= 3 && pg->height <= 14400))
        return err_set(err, HY_EUSAGE, _("%s: page %zu: size %g x %g pt is outside 3 to 14400 pt"),
                       ps->out.path, pos + 1, pg->width, pg->height);
    pp->page = i;
    HPDF_STATUS st = pdfpaint_page(pp, pg);
    if (st != HPDF_OK)
        return ps->rc != HY_OK ? ps->rc
                               : err_set(err, HY_EIO, _("%s: page %zu: cannot paint (libharu "
                                         "status 0x%04X)"), ps->out.path, pos + 1, (unsigned)st);
    unsigned contents = new_obj(ps);
    obj_stream(ps, contents, ps->content.data ? ps->content.data : "", ps->content.len, "",
               CONTENT_LEVEL);
    hy_buf annots = HY_BUF_INIT;
    if (write_links(ps, pp->tags, links, nlinks, i, pg->height, first, &annots) != 0)
        ps->failed = 1;
    int key = ptree_key(ps, arrays + (unsigned)i);
    obj_begin(ps, obj);
    emitf(ps, "<< /Type /Page /Parent %u 0 R /MediaBox [0 0 %.3f %.3f] "
              "/Resources << /Font << /F1 %u 0 R >>",
          OBJ_PAGES, pg->width, pg->height, OBJ_FONT);
    if (ps->nimages) {
        emitf(ps, " /XObject <<");
        for (size_t k = 0; k < ps->nimages; k++)
            emitf(ps, " /Im%zu %u 0 R", k + 1, ps->images[k]);
        emitf(ps, " >>");
    }
    emitf(ps, " >> /Contents %u 0 R /StructParents %d", contents, key);
    if (annots.len) {
        emitf(ps, " /Tabs /S /Annots [");
        emit_buf(ps, &annots);
        emitf(ps, "]");
    }
    emitf(ps, " >>\nendobj\n");
    buf_free(&annots);
    ps->page_done[pos] = 1;
    return HY_OK;
}

/* The book's element top-level node i of d belongs to. */
static int elem_of(const int *elems, int el, size_t i)
{
    return elems ? elems[i] : el;
}

/* The drawing's structure elements and its pages' /ParentTree arrays, in one
 * object stream: first .. first + nnodes - 1, then arrays .. + npages - 1.
 * Top-level node i is a child of element elems[i] (elems NULL: of el). */
static int write_elements(hy_pdfstream *ps, hy_pdftags *t, const hy_drawing *d, size_t npages,
                          size_t pos, unsigned first, int el, const int *elems)
{
    size_t n = d->nnodes + npages;
    unsigned *page_num = malloc((npages ? npages : 1) * sizeof *page_num);
    unsigned *parents = malloc((d->nnodes ? d->nnodes : 1) * sizeof *parents);
    size_t *starts = malloc((n + 1) * sizeof *starts);
    hy_buf text = HY_BUF_INIT, objs = HY_BUF_INIT;
    int rc = page_num && parents && starts ? 0 : -1;
    for (size_t i = 0; !rc && i < npages; i++)
        page_num[i] = ps->page_obj[pos + i];
    for (size_t i = 0; !rc && i < d->nnodes; i++)
        parents[i] = d->nodes[i].parent < 0 ? ps->elems[elem_of(elems, el, i)].obj : 0;
    rc = rc || pdftags_elements(t, page_num, first, parents, &text, starts);
    for (size_t i = 0; !rc && i < npages; i++) {
        rc = pdftags_page_parents(t, i, first, &text);
        starts[d->nnodes + i + 1] = text.len;
    }
    unsigned stm = new_obj(ps);
    rc = rc || objstm_stream(stm, first, n, text.data, starts, ps->z, &objs);
    if (!rc) {
        rc = xref_at(ps->xref, stm, ps->written) || xref_in_stream(ps->xref, first, n, stm);
        emit_buf(ps, &objs);
    }
    /* the drawing's top-level nodes are their elements' next children */
    for (size_t i = 0; !rc && i < d->nnodes; i++)
        if (d->nodes[i].parent < 0)
            rc = add_kid(ps, &ps->elems[elem_of(elems, el, i)], first + (unsigned)i);
    buf_free(&text);
    buf_free(&objs);
    free(page_num);
    free(parents);
    free(starts);
    return rc;
}

/* What a drawing being written needs from page to page. */
typedef struct sheet {
    const hy_drawing *d;         /* its structure nodes */
    size_t npages, pos;
    int elem;
    const int *elems;            /* by node, or NULL: every top-level node's is elem */
    unsigned first, arrays;      /* its elements' and its pages' /ParentTree arrays' numbers */
    hy_pdftags *tags;
    hy_pdfpaint pp;
} sheet;

static int no_elem(hy_pdfstream *ps, int e, hy_err *err)
{
    return err_set(err, HY_EUSAGE, _("%s: no structure element %d"), ps->out.path, e);
}

/* Is every element the drawing's top-level nodes go to one of ps's? */
static int check_elems(hy_pdfstream *ps, const hy_drawing *d, int el, const int *elems,
                       hy_err *err)
{
    if (!elems)
        return el < 0 || (size_t)el >= ps->nelems ? no_elem(ps, el, err) : HY_OK;
    for (size_t i = 0; i < d->nnodes; i++)
        if (d->nodes[i].parent < 0 && (elems[i] < 0 || (size_t)elems[i] >= ps->nelems))
            return no_elem(ps, elems[i], err);
    return HY_OK;
}

/* Checks the positions and numbers the elements and arrays of a drawing of
 * npages pages, contiguous for its object stream. */
static int sheet_begin(hy_pdfstream *ps, sheet *s, const hy_drawing *d, size_t npages,
                       size_t pos, int el, const int *elems, hy_err *err)
{
    int rc = check_elems(ps, d, el, elems, err);
    if (rc != HY_OK)
        return rc;
    for (size_t i = 0; i < npages; i++)
        if (pos + i < ps->npages && ps->page_done[pos + i])
            return err_set(err, HY_EUSAGE, _("%s: page position %zu written twice"), ps->out.path,
                           pos + i);
    *s = (sheet){.d = d, .npages = npages, .pos = pos, .elem = el, .elems = elems,
                 .first = ps->next_obj};
    s->arrays = s->first + (unsigned)d->nnodes;
    ps->next_obj += (unsigned)(d->nnodes + npages);
    for (size_t i = 0; i < npages; i++)
        page_obj(ps, pos + i);
    s->tags = pdftags_new(d);
    s->pp = (hy_pdfpaint){.content = &ps->content, .tags = s->tags, .text = text_codes,
                          .image = image_xobject, .ctx = ps};
    ps->err = err;
    ps->rc = HY_OK;
    return s->tags ? HY_OK : err_set(err, HY_EIO, _("%s: out of memory"), ps->out.path);
}

/* Writes the elements (after its pages, rc HY_OK) and ends the drawing. */
static int sheet_end(hy_pdfstream *ps, sheet *s, int rc, hy_err *err)
{
    if (rc == HY_OK &&
        write_elements(ps, s->tags, s->d, s->npages, s->pos, s->first, s->elem, s->elems) != 0)
        rc = err_set(err, HY_EIO, _("%s: out of memory"), ps->out.path);
    if (rc == HY_OK && ps->failed)
        rc = err_set(err, HY_EIO, _("%s: write error or out of memory"), ps->out.path);
    pdfpaint_free(&s->pp);
    pdftags_free(s->tags);
    ps->err = NULL;
    /* a drawing written in part leaves objects without their bytes: the
     * document cannot be finished */
    if (rc != HY_OK)
        ps->failed = 1;
    return rc;
}

/* pdfstream_drawing and pdfstream_drawing_in: top-level nodes to el, or
 * each to its elems[i]. */
static int write_drawing(hy_pdfstream *ps, const hy_drawing *d, size_t pos, int el,
                         const int *elems, const hy_pdflink *links, size_t nlinks, hy_err *err)
{
    int rc = check_fonts(ps, d, err);
    sheet s;
    if (rc == HY_OK)
        rc = sheet_begin(ps, &s, d, d->npages, pos, el, elems, err);
    if (rc != HY_OK)
        return rc;
    for (size_t i = 0; rc == HY_OK && i < d->npages; i++)
        rc = write_page(ps, &s.pp, &d->pages[i], i, pos + i, s.first, s.arrays, links, nlinks,
                        err);
    arena_step(ps->held);
    return sheet_end(ps, &s, rc, err);
}

int pdfstream_drawing(hy_pdfstream *ps, const hy_drawing *d, size_t pos, int el,
                      const hy_pdflink *links, size_t nlinks, hy_err *err)
{
    return write_drawing(ps, d, pos, el, NULL, links, nlinks, err);
}

int pdfstream_drawing_in(hy_pdfstream *ps, const hy_drawing *d, size_t pos, const int *elems,
                         const hy_pdflink *links, size_t nlinks, hy_err *err)
{
    return write_drawing(ps, d, pos, 0, elems, links, nlinks, err);
}

size_t pdfstream_held(const hy_pdfstream *ps)
{
    size_t n = sizeof *ps + xref_size_bytes(ps->xref) + ps->pages_cap * sizeof *ps->page_obj +
               ps->done_cap + ps->ptree_cap * sizeof *ps->ptree +
               ps->elems_cap * sizeof *ps->elems + ps->outline_cap * sizeof *ps->outline +
               ps->labels_cap * sizeof *ps->labels;
    for (size_t i = 0; i < ps->nelems; i++)
        n += ps->elems[i].cap * sizeof *ps->elems[i].kids;
    return n;
}

/* ---- bookmarks and labels ---- */

int pdfstream_outline(hy_pdfstream *ps, int parent, const char *title, size_t pos)
{
    size_t n = ps->noutline;
    if (parent >= (int)n || n >= INT32_MAX)
        return -1;
    uint64_t at = pos;
    buf_reset(&ps->scratch);
    if (buf_append(&ps->scratch, &at, sizeof at) || buf_puts(&ps->scratch, title) ||
        spill_put(ps->titles, ps->scratch.data, ps->scratch.len) != 0)
        return -1;
    outline_item *it = vec_push_in(ps->held, &ps->outline, &ps->noutline, &ps->outline_cap,
                                   sizeof *it, 256);
    if (!it) {
        ps->failed = 1;   /* its title is spilled: the next ones would be misread */
        return -1;
    }
    *it = (outline_item){parent, -1, -1, -1, -1, 0};
    if (parent >= 0) {
        outline_item *up = &ps->outline[parent];
        if (up->last >= 0) {
            ps->outline[up->last].next = (int32_t)n;
            it->prev = up->last;
        } else {
            up->first = (int32_t)n;
        }
        up->last = (int32_t)n;
        up->kids++;
    } else {
        /* top level items chain among themselves */
        if (ps->last_top >= 0) {
            ps->outline[ps->last_top].next = (int32_t)n;
            it->prev = ps->last_top;
        }
        ps->last_top = (int)n;
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

static void emit_text(hy_pdfstream *ps, const char *utf8)
{
    buf_reset(&ps->scratch);
    if (pdfmeta_text(&ps->scratch, utf8))
        ps->failed = 1;
    emit_buf(ps, &ps->scratch);
}

/* The bookmarks, objects root + 1 + i, each with its page and title read
 * back from the spill in the order they were added. */
static unsigned write_outline(hy_pdfstream *ps)
{
    if (ps->noutline == 0)
        return 0;
    unsigned root = new_obj(ps), base = ps->next_obj;
    ps->next_obj += (unsigned)ps->noutline;
    int first = -1, last = -1;
    size_t top = 0, len = 0;
    hy_buf rec = HY_BUF_INIT;
    for (size_t i = 0; i < ps->noutline; i++) {
        const outline_item *it = &ps->outline[i];
        uint64_t pos;
        arena_step(ps->held);   /* read back once: its pages can go again */
        if (spill_get(ps->titles, &rec, &len) != 1 || len < sizeof pos) {
            ps->failed = 1;
            break;
        }
        memcpy(&pos, rec.data, sizeof pos);
        if (it->parent < 0) {
            if (first < 0)
                first = (int)i;
            last = (int)i;
            top++;
        }
        obj_begin(ps, base + (unsigned)i);
        emitf(ps, "<< /Title ");
        emit_text(ps, rec.data + sizeof pos);
        emitf(ps, " /Parent %u 0 R", it->parent >= 0 ? base + (unsigned)it->parent : root);
        if (it->prev >= 0)
            emitf(ps, " /Prev %u 0 R", base + (unsigned)it->prev);
        if (it->next >= 0)
            emitf(ps, " /Next %u 0 R", base + (unsigned)it->next);
        /* a section opens on its projects only when asked: negative = closed */
        if (it->first >= 0)
            emitf(ps, " /First %u 0 R /Last %u 0 R /Count -%u", base + (unsigned)it->first,
                  base + (unsigned)it->last, (unsigned)it->kids);
        emitf(ps, " /Dest [%u 0 R /XYZ null null null] >>\nendobj\n",
              page_obj(ps, (size_t)pos));
    }
    buf_free(&rec);
    if (first < 0)
        return root;   /* failed: nothing more is written */
    obj_begin(ps, root);
    emitf(ps, "<< /Type /Outlines /First %u 0 R /Last %u 0 R /Count %zu >>\nendobj\n",
          base + (unsigned)first, base + (unsigned)last, top);
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

static void emit_font_objects(hy_pdfstream *ps, const hy_font_info *info, const void *sub,
                              size_t sublen, const unsigned char *map, size_t maplen,
                              const hy_buf *tu, const uint32_t *cps, size_t n)
{
    char tag[7], extra[64];
    subset_tag(ps->drawn, tag);
    unsigned file = new_obj(ps), desc = new_obj(ps), cid = new_obj(ps), gidmap = new_obj(ps),
             umap = new_obj(ps);
    snprintf(extra, sizeof extra, " /Length1 %zu", sublen);
    obj_stream(ps, file, sub, sublen, extra, 1);
    obj_begin(ps, desc);
    emitf(ps, "<< /Type /FontDescriptor /FontName /%s+%s /Flags 4 /FontBBox [%d %d %d %d] "
              "/ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 "
              "/FontFile2 %u 0 R >>\nendobj\n",
          tag, info->psname, info->bbox[0], info->bbox[1], info->bbox[2], info->bbox[3],
          info->ascent, info->descent, info->cap_height, file);
    obj_begin(ps, cid);
    emitf(ps, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s+%s "
              "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
              "/FontDescriptor %u 0 R /DW 1000 /CIDToGIDMap %u 0 R",
          tag, info->psname, desc, gidmap);
    emit_widths(ps, cps, n);
    emitf(ps, " >>\nendobj\n");
    obj_stream(ps, gidmap, map, maplen, "", CONTENT_LEVEL);
    obj_stream(ps, umap, tu->data, tu->len, "", CONTENT_LEVEL);
    obj_begin(ps, OBJ_FONT);
    emitf(ps, "<< /Type /Font /Subtype /Type0 /BaseFont /%s+%s /Encoding /Identity-H "
              "/DescendantFonts [%u 0 R] /ToUnicode %u 0 R >>\nendobj\n",
          tag, info->psname, cid, umap);
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
        return err_set(err, HY_EIO, _("%s: out of memory"), ps->out.path);
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
        rc = err_set(err, HY_EIO, _("%s: out of memory"), ps->out.path);
    for (size_t i = 0; rc == HY_OK && i < n; i++) {
        if (gids[i] == 0)
            rc = err_set(err, HY_EIO, _("%s: the font subset lost U+%04X"), ps->out.path, cps[i]);
        map[2 * cps[i]] = (unsigned char)(gids[i] >> 8);
        map[2 * cps[i] + 1] = (unsigned char)(gids[i] & 0xFF);
    }
    hy_buf tu = HY_BUF_INIT;
    if (rc == HY_OK && pdffont_tounicode(cps, n, 1, &tu))
        rc = err_set(err, HY_EIO, _("%s: out of memory"), ps->out.path);
    if (rc == HY_OK)
        emit_font_objects(ps, &info, sub, sublen, map, maplen, &tu, cps, n);
    buf_free(&tu);
    free(map);
    free(sub);
    free(cps);
    free(gids);
    return rc;
}

/* ---- close ---- */

/* The book's own elements, the StructTreeRoot and its /ParentTree. Returns
 * the root's object number. */
static unsigned write_structure(hy_pdfstream *ps)
{
    unsigned root = new_obj(ps), tree = new_obj(ps);
    for (size_t i = 0; i < ps->nelems; i++) {
        const elem *e = &ps->elems[i];
        if (e->parent == UNPLACED)
            ps->failed = 1;   /* pdfstream_place was not called: a broken tree */
        obj_begin(ps, e->obj);
        emitf(ps, "<< /Type /StructElem /S /%s /P %u 0 R /K [",
              drawing_role_name((hy_role)e->role), e->parent < 0 ? root : ps->elems[e->parent].obj);
        for (size_t k = 0; k < e->nkids; k++) {
            emitf(ps, "%s%u 0 R", k % 16 ? " " : "\n", e->kids[k]);
            arena_step(ps->held);
        }
        emitf(ps, "] >>\nendobj\n");
    }
    obj_begin(ps, tree);
    emitf(ps, "<< /Nums [");
    for (size_t k = 0; k < ps->nptree; k++) {
        emitf(ps, "%s%zu %u 0 R", k % 8 ? " " : "\n", k, ps->ptree[k]);
        arena_step(ps->held);
    }
    emitf(ps, "] >>\nendobj\n");
    obj_begin(ps, root);
    emitf(ps, "<< /Type /StructTreeRoot /K %u 0 R /ParentTree %u 0 R /ParentTreeNextKey %zu >>"
              "\nendobj\n", ps->elems[0].obj, tree, ps->nptree);
    return root;
}

/* The document information and XMP, from the same values; and the output
 * intent. Appends the catalog's entries for them to cat. */
static int write_meta(hy_pdfstream *ps, const hy_pdfmeta *m, hy_buf *cat, unsigned *info,
                      hy_err *err)
{
    char *icc = NULL;
    size_t icc_len = 0;
    int rc = pdfmeta_icc(&icc, &icc_len, ps->out.path, err);
    if (rc != HY_OK)
        return rc;
    hy_buf b = HY_BUF_INIT;
    unsigned xmp = new_obj(ps), profile = new_obj(ps);
    *info = new_obj(ps);
    if (pdfmeta_xmp(m, &b) == 0)
        obj_stream(ps, xmp, b.data, b.len, " /Type /Metadata /Subtype /XML", 1);
    else
        ps->failed = 1;
    obj_stream(ps, profile, icc, icc_len, " /N 3", 1);
    buf_reset(&b);
    if (pdfmeta_info_text(m, &b) == 0) {
        obj_begin(ps, *info);
        emit_buf(ps, &b);
        emitf(ps, "\nendobj\n");
    } else {
        ps->failed = 1;
    }
    if (pdfmeta_catalog_text(m, cat) ||
        buf_printf(cat, " /Metadata %u 0 R /OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1 "
                   "/OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) "
                   "/DestOutputProfile %u 0 R >>]", xmp, profile))
        ps->failed = 1;
    buf_free(&b);
    free(icc);
    return HY_OK;
}

static int write_catalog(hy_pdfstream *ps, unsigned outlines, unsigned struct_root,
                         const hy_buf *meta, hy_err *err)
{
    for (size_t i = 0; i < ps->npages; i++)
        if (!ps->page_done[i])
            return err_set(err, HY_EUSAGE, _("%s: page position %zu was never written"),
                           ps->out.path, i);
    if (ps->npages == 0)
        return err_set(err, HY_EUSAGE, _("%s: the document has no pages"), ps->out.path);
    obj_begin(ps, OBJ_PAGES);
    emitf(ps, "<< /Type /Pages /Count %zu /Kids [", ps->npages);
    for (size_t i = 0; i < ps->npages; i++) {
        emitf(ps, "%s%u 0 R", i % 16 ? " " : "\n", ps->page_obj[i]);
        arena_step(ps->held);
    }
    emitf(ps, "] >>\nendobj\n");
    obj_begin(ps, OBJ_CATALOG);
    emitf(ps, "<< /Type /Catalog /Pages %u 0 R /StructTreeRoot %u 0 R ", OBJ_PAGES, struct_root);
    emit_buf(ps, meta);
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

/* The rows of the cross-reference stream, a piece at a time (flate_to_file). */
typedef struct rows_fill {
    hy_xref *xref;
    hy_arena *held;              /* where the table is: read back once, stepped */
    unsigned size, next;
} rows_fill;

static int next_rows(void *ctx, unsigned char *buf, size_t cap, size_t *got)
{
    rows_fill *rf = ctx;
    unsigned n = (unsigned)(cap / 9);
    if (n > rf->size - rf->next)
        n = rf->size - rf->next;
    *got = (size_t)n * 9;
    if (n && xref_fill(rf->xref, rf->size, rf->next, n, buf) != 0)
        return -1;
    rf->next += n;
    for (unsigned i = 0; i < n; i += 64)
        arena_step(rf->held);
    return 0;
}

/* The cross-reference stream (objects in object streams need one) and the
 * trailer in its dictionary, with the /ID: a digest of every byte before.
 * Its rows, 9 bytes an object, are made and compressed a piece at a time
 * into a temporary file, then copied: held whole they were the largest
 * thing a book of 100,000 projects ever held (260 MB). */
static void write_xref(hy_pdfstream *ps, unsigned info)
{
    unsigned xref = new_obj(ps), size = ps->next_obj;
    uint64_t start = ps->written, len = 0;
    rows_fill rf = {ps->xref, ps->held, size, 0};
    int fd = arena_scratch_fd();   /* in $TMPDIR, as the data set's scratch files */
    FILE *tmp = fd >= 0 ? fdopen(fd, "w+b") : NULL;
    if (!tmp && fd >= 0)
        close(fd);
    if (!tmp || xref_at(ps->xref, xref, start) != 0 ||
        flate_to_file(CONTENT_LEVEL, next_rows, &rf, tmp, &len) != 0 || fflush(tmp) != 0 ||
        fseek(tmp, 0, SEEK_SET) != 0) {
        ps->failed = 1;
        if (tmp)
            fclose(tmp);
        return;
    }
    HPDF_BYTE digest[16];
    HPDF_MD5Final(digest, &ps->id);
    char id[33];
    for (int i = 0; i < 16; i++)
        snprintf(id + 2 * i, 3, "%02X", digest[i]);
    emitf(ps, "%u 0 obj\n<< /Length %llu /Filter /FlateDecode /Type /XRef /Size %u /W [1 4 4] "
              "/Root %u 0 R /Info %u 0 R /ID [<%s> <%s>] >>\nstream\n",
          xref, (unsigned long long)len, size, OBJ_CATALOG, info, id, id);
    char piece[65536];
    for (uint64_t left = len; left > 0;) {
        size_t n = left < sizeof piece ? (size_t)left : sizeof piece;
        if (fread(piece, 1, n, tmp) != n) {
            ps->failed = 1;
            break;
        }
        emit(ps, piece, n);
        left -= n;
    }
    fclose(tmp);
    emitf(ps, "\nendstream\nendobj\n");
    emitf(ps, "startxref\n%llu\n%%%%EOF\n", (unsigned long long)start);
}

static void release(hy_pdfstream *ps)
{
    free(ps->elems);
    spill_free(ps->titles);
    free(ps->labels);
    xref_free(ps->xref);
    arena_free(ps->held);
    buf_free(&ps->content);
    buf_free(&ps->scratch);
    flate_free(ps->z);
    free(ps);
}

int pdfstream_close(hy_pdfstream *ps, const char *title, const char *author,
                    const char *subject, long long epoch, hy_err *err)
{
    hy_pdfmeta m = {.title = title, .author = author, .subject = subject,
                    .creator = "hyoka " HYOKA_VERSION, .producer = "hyoka " HYOKA_VERSION,
                    .lang = "ja-JP"};
    time_t t = (time_t)epoch;
    if (epoch >= 0 && (long long)t == epoch && gmtime_r(&t, &m.date) &&
        m.date.tm_year + 1900 <= 9999)
        m.has_date = 1;
    if (m.has_date && m.date.tm_sec > 59)
        m.date.tm_sec = 59;
    hy_buf meta = HY_BUF_INIT;
    unsigned info = 0;
    int rc = write_font(ps, err);
    unsigned outlines = rc == HY_OK ? write_outline(ps) : 0;
    unsigned root = rc == HY_OK ? write_structure(ps) : 0;
    if (rc == HY_OK)
        rc = write_meta(ps, &m, &meta, &info, err);
    if (rc == HY_OK)
        rc = write_catalog(ps, outlines, root, &meta, err);
    if (rc == HY_OK) {
        write_xref(ps, info);
        if (ps->failed)
            rc = err_set(err, HY_EIO, _("%s: write error or out of memory"), ps->out.path);
    }
    buf_free(&meta);
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
