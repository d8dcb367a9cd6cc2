#include "pdf/pdfwrite.h"

#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <hpdf_pages.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf/flate.h"
#include "pdf/hpdfx.h"
#include "pdf/objstm.h"
#include "pdf/pdffont.h"
#include "pdf/pdfmeta.h"
#include "pdf/pdfpaint.h"
#include "pdf/pdftags.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/utf8.h"
#include "util/i18n.h"

/* A page's content stream: drawing operators and hex strings, which deflate
 * well and fast (a sheet's 21.7 KB: 4.5 KB in 0.07 ms at level 6, 5.0 KB in
 * 0.03 ms at level 1). */
#define CONTENT_LEVEL 6

/* Everything one call of pdf_write owns. libharu reports errors through a
 * callback; it records them here rather than anywhere global, so documents can
 * be written on several threads at once. */
typedef struct pdf_job {
    const hy_drawing *drawing;
    const hy_fontset *fonts;
    const char *path;
    hy_err *err;
    HPDF_Doc pdf;
    HPDF_STATUS hpdf_error;         /* first error libharu reported, 0 if none */
    HPDF_STATUS hpdf_detail;
    hy_pdffont uses[HY_DRAW_MAX_FONTS];
    size_t nuses;
    int use_of[HY_DRAW_MAX_FONTS];  /* drawing font index -> uses[] index */
    hy_flate *flate;                /* compresses every stream of the document */
    hy_buf content;                 /* the content stream of the page being drawn */
    hy_pdfpaint paint;              /* paints a page into content */
    size_t page_index;              /* of the page being drawn */
    HPDF_Page *pages;               /* every page, in order */
    hy_pdftags *tags;               /* the structure tree and each page's marked content */
    HPDF_MD5_CTX id;                /* the file's /ID: a digest of what it shows */
} pdf_job;

static void HPDF_STDCALL on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *data)
{
    pdf_job *job = data;
    if (job->hpdf_error == 0) {
        job->hpdf_error = error_no;
        job->hpdf_detail = detail_no;
    }
}

/* Turns a libharu failure into the call's error; HY_OK when there was none. */
static int hpdf_check(pdf_job *job, HPDF_STATUS status, const char *doing)
{
    if (job->hpdf_error == 0 && status == HPDF_OK)
        return HY_OK;
    HPDF_STATUS code = job->hpdf_error ? job->hpdf_error : status;
    return err_set(job->err, HY_EIO, _("%s: libharu error 0x%04X (detail %u) while %s"), job->path,
                   (unsigned)code, (unsigned)job->hpdf_detail, doing);
}

/* ---- what the drawing contains ---- */

/* Finds every character each font has to draw, and refuses text the PDF could
 * not show: libharu 2.3.0 silently turns code points above U+FFFF into
 * spaces, and a character the font lacks prints as an empty box. Either would
 * publish a sheet with a character missing, so the layout has to substitute
 * it (and say so) before it gets here. */
static int collect_text(pdf_job *job)
{
    const hy_drawing *d = job->drawing;
    for (size_t i = 0; i < HY_DRAW_MAX_FONTS; i++)
        job->use_of[i] = -1;
    for (size_t f = 0; f < d->nfonts; f++) {
        int fs_font = fontset_find(job->fonts, d->fonts[f]);
        if (fs_font < 0)
            return err_set(job->err, HY_EUSAGE, _("%s: font \"%s\" is not loaded"), job->path,
                           d->fonts[f]);
        /* Two names for one font file share one subset: libharu refuses to
         * register the same font (by its PostScript name) twice. */
        size_t u = 0;
        while (u < job->nuses && strcmp(fontset_path(job->fonts, job->uses[u].fs_font),
                                        fontset_path(job->fonts, fs_font)) != 0)
            u++;
        if (u == job->nuses) {
            pdffont_init(&job->uses[u], fs_font, d->fonts[f]);
            job->nuses++;
        }
        job->use_of[f] = (int)u;
    }

    /* poppler refuses a file without pages ("Invalid page count 0") */
    if (d->npages == 0)
        return err_set(job->err, HY_EUSAGE, _("%s: the drawing has no pages"), job->path);
    for (size_t p = 0; p < d->npages; p++) {
        const hy_page *page = &d->pages[p];
        /* libharu's limits, which are PDF 1.x viewers' limits */
        if (!(page->width >= 3 && page->width <= 14400 && page->height >= 3 &&
              page->height <= 14400))
            return err_set(job->err, HY_EUSAGE,
                           _("%s: page %zu: size %g x %g pt is outside 3 to 14400 pt"), job->path,
                           p + 1, page->width, page->height);
        for (size_t i = 0; i < page->nitems; i++) {
            const hy_draw_item *it = &page->items[i];
            if (it->kind != HY_DRAW_TEXT)
                continue;
            if (it->font >= d->nfonts)
                return err_set(job->err, HY_EUSAGE, _("%s: page %zu: text uses font %u of %zu"),
                               job->path, p + 1, it->font, d->nfonts);
            hy_pdffont *use = &job->uses[job->use_of[it->font]];
            const char *s = it->text;
            size_t n = strlen(s);
            for (size_t k = 0; k < n;) {
                uint32_t cp;
                size_t len = utf8_decode(s + k, n - k, &cp);
                if (len == 0)
                    return err_set(job->err, HY_EUSAGE,
                                   _("%s: page %zu: text is not valid UTF-8 at byte %zu: \"%.60s\""),
                                   job->path, p + 1, k, s);
                if (cp < 0x20 || !fontset_has_glyph(job->fonts, use->fs_font, cp))
                    return err_set(job->err, HY_EUSAGE,
                                   _("%s: page %zu: U+%04X cannot be drawn with font \"%s\" (%s) "
                                   "in \"%.60s\""),
                                   job->path, p + 1, (unsigned)cp, use->name,
                                   fontset_path(job->fonts, use->fs_font), s);
                pdffont_add(use, cp);
                k += len;
            }
        }
    }
    return HY_OK;
}

/* ---- document ---- */

static int open_doc(pdf_job *job)
{
    job->pdf = HPDF_New(on_hpdf_error, job);
    if (!job->pdf)
        return err_set(job->err, HY_EIO, _("%s: out of memory creating the PDF"), job->path);
    /* libharu compresses nothing: every stream is compressed by hyoka, at
     * the level its content deserves (flate.h). No libharu encoder either:
     * text is written in each font's own codes (pdffont.h), and the document
     * information as UTF-16 (below). */
    hpdfx_set_pdf17(job->pdf);
    return hpdf_check(job, HPDF_SetCompressionMode(job->pdf, HPDF_COMP_NONE),
                      _("setting up the document"));
}

/* The run's SOURCE_DATE_EPOCH, in UTC, and nothing else time-dependent: the
 * same data gives the same bytes. */
static int doc_date(pdf_job *job, struct tm *tm)
{
    time_t t = (time_t)job->drawing->epoch;
    if ((long long)t != job->drawing->epoch || !gmtime_r(&t, tm) || tm->tm_year + 1900 > 9999)
        return err_set(job->err, HY_EUSAGE, _("%s: creation time %lld is out of range"), job->path,
                       job->drawing->epoch);
    if (tm->tm_sec > 59)
        tm->tm_sec = 59;
    return HY_OK;
}

static int set_info(pdf_job *job)
{
    const hy_drawing *d = job->drawing;
    hy_pdfmeta m = {
        .title = d->title, .author = d->author, .subject = d->subject,
        .creator = "hyoka " HYOKA_VERSION, .lang = d->lang, .has_date = d->epoch >= 0,
    };
    int rc = m.has_date ? doc_date(job, &m.date) : HY_OK;
    if (rc == HY_OK)
        rc = pdfmeta_write(job->pdf, &m, job->flate, job->path, job->err);
    return rc;
}

/* ---- pages ---- */

/* pdfpaint's text callback: the line in its font's own codes (pdffont.h);
 * every page's resources name the document's fonts /F1, /F2... */
static HPDF_STATUS text_codes(void *ctx, const hy_draw_item *it, hy_buf *codes, int *res)
{
    pdf_job *job = ctx;
    int use = job->use_of[it->font];
    *res = use + 1;
    return pdffont_encode(&job->uses[use], it->text, codes) ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_OK;
}

/* pdfpaint's image callback: libharu reads the PNG or JPEG (by its first
 * bytes) into an XObject of the page. */
static HPDF_STATUS image_xobject(void *ctx, const hy_draw_item *it, const char **name, float *w,
                                 float *h)
{
    pdf_job *job = ctx;
    unsigned char magic[4] = {0};
    FILE *f = fopen(it->text, "rb");
    size_t got = f ? fread(magic, 1, sizeof magic, f) : 0;
    if (f)
        fclose(f);
    HPDF_Image img = NULL;
    if (got == 4 && !memcmp(magic, "\x89PNG", 4)) {
        /* a PNG's pixels are stored decoded: libharu deflates them (a JPEG is
         * kept as it is) */
        if (HPDF_SetCompressionMode(job->pdf, HPDF_COMP_IMAGE) != HPDF_OK)
            return HPDF_INVALID_COMPRESSION_MODE;
        img = HPDF_LoadPngImageFromFile(job->pdf, it->text);
        if (HPDF_SetCompressionMode(job->pdf, HPDF_COMP_NONE) != HPDF_OK)
            return HPDF_INVALID_COMPRESSION_MODE;
    }
    else if (got >= 2 && magic[0] == 0xFF && magic[1] == 0xD8)
        img = HPDF_LoadJpegImageFromFile(job->pdf, it->text);
    if (!img)
        return HPDF_INVALID_IMAGE;
    *w = (float)HPDF_Image_GetWidth(img);
    *h = (float)HPDF_Image_GetHeight(img);
    *name = HPDF_Page_GetXObjectName(job->pages[job->page_index], img);
    return HPDF_OK;
}

/* The page's resources: every font of the document, as /F1, /F2... */
static HPDF_STATUS page_fonts(pdf_job *job, HPDF_Page page)
{
    HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
    HPDF_Dict fonts = hpdfx_dict(job->pdf, 0);
    if (!res || !fonts)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = HPDF_Dict_Add(res, "Font", fonts);
    for (size_t u = 0; u < job->nuses && st == HPDF_OK; u++) {
        char name[24];   /* "F" and up to 20 digits */
        snprintf(name, sizeof name, "F%zu", u + 1);
        if (job->uses[u].font)
            st = HPDF_Dict_Add(fonts, name, job->uses[u].font);
    }
    return st;
}

/* Draws one page into job->content and gives it to the page, compressed. */
static HPDF_STATUS draw_page(pdf_job *job, HPDF_Page page, const hy_page *pg)
{
    HPDF_STATUS st = HPDF_Page_SetWidth(page, pg->width);
    if (st == HPDF_OK)
        st = HPDF_Page_SetHeight(page, pg->height);
    if (st == HPDF_OK)
        st = page_fonts(job, page);
    job->paint.page = job->page_index;
    if (st == HPDF_OK)
        st = pdfpaint_page(&job->paint, pg);
    if (st == HPDF_OK && job->hpdf_error)
        st = job->hpdf_error;
    if (st == HPDF_OK)
        HPDF_MD5Update(&job->id, (HPDF_BYTE *)buf_str(&job->content), (HPDF_UINT32)job->content.len);
    /* the page is complete: its content goes in, compressed */
    if (st == HPDF_OK)
        st = flate_set(job->flate, hpdfx_page_contents(page), buf_str(&job->content),
                       job->content.len, CONTENT_LEVEL);
    return st;
}

static int draw_pages(pdf_job *job)
{
    const hy_drawing *d = job->drawing;
    job->pages = calloc(d->npages, sizeof *job->pages);
    if (!job->pages)
        return err_set(job->err, HY_EIO, _("%s: out of memory"), job->path);
    for (size_t n = 0; n < d->npages; n++) {
        HPDF_Page page = HPDF_AddPage(job->pdf);
        job->pages[n] = page;
        job->page_index = n;
        HPDF_STATUS st = page ? draw_page(job, page, &d->pages[n]) : HPDF_FAILD_TO_ALLOC_MEM;
        /* where the /ParentTree lists the elements of this page's MCIDs */
        if (st == HPDF_OK)
            st = HPDF_Dict_AddNumber(page, "StructParents", (HPDF_INT32)n);
        if (st != HPDF_OK || job->hpdf_error) {
            char doing[64];
            snprintf(doing, sizeof doing, _("drawing page %zu"), n + 1);
            return hpdf_check(job, st, doing);
        }
    }
    return HY_OK;
}

/* The trailer's /ID: a digest of everything the file shows (its pages'
 * content, the characters of its fonts, its metadata), so that the same
 * drawing gives the same file and a different one a different /ID. */
static int set_id(pdf_job *job)
{
    const hy_drawing *d = job->drawing;
    for (size_t u = 0; u < job->nuses; u++)
        HPDF_MD5Update(&job->id, (HPDF_BYTE *)job->uses[u].drawn, sizeof job->uses[u].drawn);
    const char *texts[] = {d->title, d->author, d->subject, d->lang};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (texts[i])
            HPDF_MD5Update(&job->id, (HPDF_BYTE *)texts[i], (HPDF_UINT32)strlen(texts[i]) + 1);
    HPDF_MD5Update(&job->id, (HPDF_BYTE *)&d->epoch, sizeof d->epoch);
    HPDF_BYTE digest[16];
    HPDF_MD5Final(digest, &job->id);
    return hpdf_check(job, hpdfx_set_id(job->pdf, digest), _("setting the file identifier"));
}

/* ---- output ---- */

static int gather(void *ctx, const void *p, size_t n)
{
    return buf_append(ctx, p, n);
}

/* Saves into memory, packs the dictionaries into an object stream (objstm.h)
 * and writes the result through fs_output: the file appears under its name
 * only when complete, and every write and the close are checked. Each copy
 * is let go as soon as the next is made: libharu's document once saved, the
 * tags once written out. A 施策's sheet of 4,000 projects is 88 pages, and
 * the document, its saved text, its structure and the packed file held at
 * once came to some 17 MB. */
static int save(pdf_job *job)
{
    const hy_drawing *d = job->drawing;
    hy_buf saved = HY_BUF_INIT, packed = HY_BUF_INIT, tree = HY_BUF_INIT;
    unsigned *page_num = malloc(d->npages * sizeof *page_num);
    size_t *starts = malloc((d->nnodes + 2) * sizeof *starts);
    char catalog[48];
    /* the structure tree: objects numbered after libharu's, in the object stream */
    hy_objstm_extra extra = {hpdfx_next_obj_num(job->pdf), d->nnodes + 1, NULL, starts, catalog};
    snprintf(catalog, sizeof catalog, "/StructTreeRoot %u 0 R\n", extra.first);
    for (size_t p = 0; page_num && p < d->npages; p++)
        page_num[p] = hpdfx_obj_num(job->pages[p]);
    int rc = page_num && starts ? HY_OK : err_set(job->err, HY_EIO, _("%s: out of memory"),
                                                  job->path);
    HPDF_STATUS st = rc == HY_OK ? hpdfx_save(job->pdf, gather, &saved) : HPDF_OK;
    if (rc == HY_OK && st != HPDF_OK)
        rc = hpdf_check(job, st, _("saving the document"));
    HPDF_Free(job->pdf);
    job->pdf = NULL;
    if (rc == HY_OK && pdftags_serialize(job->tags, page_num, d->npages, extra.first, &tree,
                                         starts) != 0)
        rc = err_set(job->err, HY_EIO, _("%s: out of memory"), job->path);
    pdftags_free(job->tags);
    job->tags = NULL;
    extra.text = tree.data;
    if (rc == HY_OK && objstm_pack(saved.data, saved.len, &extra, job->flate, &packed) != 0)
        rc = err_set(job->err, HY_EIO, _("%s: out of memory packing the document"), job->path);
    buf_free(&saved);
    buf_free(&tree);
    free(page_num);
    free(starts);
    hy_output out;
    if (rc == HY_OK)
        rc = fs_output_open(&out, job->path, job->err);
    if (rc == HY_OK) {
        if (fwrite(packed.data, 1, packed.len, out.fp) != packed.len) {
            fs_output_abort(&out);
            rc = err_set(job->err, HY_EIO, _("%s: write error"), job->path);
        } else {
            rc = fs_output_commit(&out, job->err);
        }
    }
    buf_free(&packed);
    return rc;
}

int pdf_write(const hy_drawing *drawing, const hy_fontset *fonts, const char *path, hy_err *err)
{
    pdf_job *job = calloc(1, sizeof *job);
    if (!job)
        return err_set(err, HY_EIO, _("%s: out of memory"), path);
    job->drawing = drawing;
    job->fonts = fonts;
    job->path = path;
    job->err = err;
    job->flate = flate_new();
    job->tags = pdftags_new(drawing);
    job->paint = (hy_pdfpaint){.content = &job->content, .tags = job->tags, .text = text_codes,
                               .image = image_xobject, .ctx = job};
    HPDF_MD5Init(&job->id);
    int rc = job->flate && job->tags ? collect_text(job)
                                     : err_set(err, HY_EIO, _("%s: out of memory"), path);
    if (rc == HY_OK)
        rc = open_doc(job);
    /* Fonts the drawing names but draws nothing with are not embedded. */
    for (size_t u = 0; u < job->nuses && rc == HY_OK; u++)
        if (job->uses[u].ncps)
            rc = pdffont_embed(&job->uses[u], job->pdf, fonts, job->flate, path, err);
    if (rc == HY_OK)
        rc = set_info(job);
    if (rc == HY_OK)
        rc = draw_pages(job);
    if (rc == HY_OK)
        rc = set_id(job);
    if (rc == HY_OK)
        rc = save(job);
    if (job->pdf)
        HPDF_Free(job->pdf);
    flate_free(job->flate);
    pdftags_free(job->tags);
    free(job->pages);
    pdfpaint_free(&job->paint);
    buf_free(&job->content);
    free(job);
    return rc;
}
