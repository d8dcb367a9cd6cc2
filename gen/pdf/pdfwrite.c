#include "pdf/pdfwrite.h"

#include <hpdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf/flate.h"
#include "pdf/pdffont.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/utf8.h"

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
    hy_buf codes;                   /* a line of text as its font's codes */
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
    return err_set(job->err, HY_EIO, "%s: libharu error 0x%04X (detail %u) while %s", job->path,
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
            return err_set(job->err, HY_EUSAGE, "%s: font \"%s\" is not loaded", job->path,
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
        return err_set(job->err, HY_EUSAGE, "%s: the drawing has no pages", job->path);
    for (size_t p = 0; p < d->npages; p++) {
        const hy_page *page = &d->pages[p];
        /* libharu's limits, which are PDF 1.x viewers' limits */
        if (!(page->width >= 3 && page->width <= 14400 && page->height >= 3 &&
              page->height <= 14400))
            return err_set(job->err, HY_EUSAGE,
                           "%s: page %zu: size %g x %g pt is outside 3 to 14400 pt", job->path,
                           p + 1, page->width, page->height);
        for (size_t i = 0; i < page->nitems; i++) {
            const hy_draw_item *it = &page->items[i];
            if (it->kind != HY_DRAW_TEXT)
                continue;
            if (it->font >= d->nfonts)
                return err_set(job->err, HY_EUSAGE, "%s: page %zu: text uses font %u of %zu",
                               job->path, p + 1, it->font, d->nfonts);
            hy_pdffont *use = &job->uses[job->use_of[it->font]];
            const char *s = it->text;
            size_t n = strlen(s);
            for (size_t k = 0; k < n;) {
                uint32_t cp;
                size_t len = utf8_decode(s + k, n - k, &cp);
                if (len == 0)
                    return err_set(job->err, HY_EUSAGE,
                                   "%s: page %zu: text is not valid UTF-8 at byte %zu: \"%.60s\"",
                                   job->path, p + 1, k, s);
                if (cp < 0x20 || !fontset_has_glyph(job->fonts, use->fs_font, cp))
                    return err_set(job->err, HY_EUSAGE,
                                   "%s: page %zu: U+%04X cannot be drawn with font \"%s\" (%s) "
                                   "in \"%.60s\"",
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
        return err_set(job->err, HY_EIO, "%s: out of memory creating the PDF", job->path);
    /* libharu compresses nothing: every stream is compressed by hyoka, at
     * the level its content deserves (flate.h). No libharu encoder either:
     * text is written in each font's own codes (pdffont.h), and the document
     * information as UTF-16 (below). */
    return hpdf_check(job, HPDF_SetCompressionMode(job->pdf, HPDF_COMP_NONE),
                      "setting up the document");
}

/* A text string of the document information dictionary: UTF-16BE with a
 * byte order mark, as PDF asks for text outside PDFDocEncoding, written as a
 * hex string. (libharu's UTF-8 encoder did the same, but turned characters
 * above U+FFFF into spaces; a project's name may hold one.) */
static HPDF_STATUS info_text(pdf_job *job, const char *key, const char *utf8)
{
    size_t n = strlen(utf8);
    hy_buf b = HY_BUF_INIT;
    int oom = buf_append(&b, "\xFE\xFF", 2);
    for (size_t i = 0; i < n && !oom;) {
        uint32_t cp;
        size_t len = utf8_decode(utf8 + i, n - i, &cp);
        if (len == 0) {
            cp = 0xFFFD;
            len = 1;
        }
        uint32_t units[2] = {cp, 0};
        int nunits = 1;
        if (cp >= 0x10000) {
            units[0] = 0xD800 + ((cp - 0x10000) >> 10);
            units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
            nunits = 2;
        }
        for (int u = 0; u < nunits && !oom; u++) {
            char be[2] = {(char)(units[u] >> 8), (char)(units[u] & 0xFF)};
            oom = buf_append(&b, be, 2);
        }
        i += len;
    }
    HPDF_STATUS st = HPDF_FAILD_TO_ALLOC_MEM;
    if (!oom) {
        HPDF_Binary value = HPDF_Binary_New(job->pdf->mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
        st = value ? HPDF_Dict_Add(job->pdf->info, key, value) : HPDF_FAILD_TO_ALLOC_MEM;
    }
    buf_free(&b);
    return st;
}

static int set_info(pdf_job *job)
{
    const hy_drawing *d = job->drawing;
    /* ASCII: a plain string. This also creates the information dictionary. */
    HPDF_STATUS st = HPDF_SetInfoAttr(job->pdf, HPDF_INFO_CREATOR, "hyoka " HYOKA_VERSION);
    if (st == HPDF_OK && !job->pdf->info)
        st = HPDF_FAILD_TO_ALLOC_MEM;
    if (st == HPDF_OK && d->title)
        st = info_text(job, "Title", d->title);
    if (st == HPDF_OK && d->author)
        st = info_text(job, "Author", d->author);
    if (st == HPDF_OK && d->subject)
        st = info_text(job, "Subject", d->subject);
    if (st == HPDF_OK && d->epoch >= 0) {
        /* The run's SOURCE_DATE_EPOCH, in UTC, and nothing else time-dependent:
         * the same data gives the same bytes. */
        time_t t = (time_t)d->epoch;
        struct tm tm;
        if ((long long)t != d->epoch || !gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999)
            return err_set(job->err, HY_EUSAGE, "%s: creation time %lld is out of range",
                           job->path, d->epoch);
        HPDF_Date date = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                          tm.tm_sec > 59 ? 59 : tm.tm_sec, 'Z', 0, 0};
        st = HPDF_SetInfoDateAttr(job->pdf, HPDF_INFO_CREATION_DATE, date);
        if (st == HPDF_OK)
            st = HPDF_SetInfoDateAttr(job->pdf, HPDF_INFO_MOD_DATE, date);
    }
    return hpdf_check(job, st, "setting the document information");
}

/* ---- pages ---- */

/* The graphics state as last set on the page, so that each operator is
 * written only when its value changes. Starts unknown on every page. */
typedef struct pen {
    float line_width;
    uint32_t stroke, fill;
    int font;
    float size;
    int in_text;
} pen;

static HPDF_REAL channel(uint32_t rgb, int shift)
{
    return (HPDF_REAL)((rgb >> shift) & 0xFF) / 255.0f;
}

static HPDF_STATUS pen_fill(HPDF_Page page, pen *p, uint32_t rgb)
{
    if (p->fill == rgb)
        return HPDF_OK;
    p->fill = rgb;
    return HPDF_Page_SetRGBFill(page, channel(rgb, 16), channel(rgb, 8), channel(rgb, 0));
}

static HPDF_STATUS pen_stroke(HPDF_Page page, pen *p, uint32_t rgb, float width)
{
    HPDF_STATUS st = HPDF_OK;
    if (p->stroke != rgb) {
        p->stroke = rgb;
        st = HPDF_Page_SetRGBStroke(page, channel(rgb, 16), channel(rgb, 8), channel(rgb, 0));
    }
    if (st == HPDF_OK && p->line_width != width) {
        p->line_width = width;
        st = HPDF_Page_SetLineWidth(page, width);
    }
    return st;
}

static HPDF_STATUS pen_end_text(HPDF_Page page, pen *p)
{
    if (!p->in_text)
        return HPDF_OK;
    p->in_text = 0;
    return HPDF_Page_EndText(page);
}

static HPDF_STATUS draw_text(pdf_job *job, HPDF_Page page, float height, pen *p,
                             const hy_draw_item *it)
{
    if (it->text[0] == '\0')
        return HPDF_OK;
    HPDF_STATUS st = HPDF_OK;
    if (!p->in_text) {
        st = HPDF_Page_BeginText(page);
        p->in_text = 1;
    }
    int use = job->use_of[it->font];
    if (st == HPDF_OK && (p->font != use || p->size != it->size)) {
        p->font = use;
        p->size = it->size;
        st = HPDF_Page_SetFontAndSize(page, job->uses[use].font, it->size);
    }
    if (st == HPDF_OK)
        st = pen_fill(page, p, it->fill_rgb);
    /* An absolute text matrix per line: no position drifts from the last one. */
    if (st == HPDF_OK)
        st = HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, it->x, height - it->y);
    if (st == HPDF_OK && pdffont_encode(&job->uses[use], it->text, &job->codes) != 0)
        st = HPDF_FAILD_TO_ALLOC_MEM;
    if (st == HPDF_OK)
        st = HPDF_Page_ShowText(page, job->codes.data);
    return st;
}

static HPDF_STATUS draw_item(pdf_job *job, HPDF_Page page, float height, pen *p,
                             const hy_draw_item *it)
{
    HPDF_STATUS st;
    switch (it->kind) {
    case HY_DRAW_TEXT:
        return draw_text(job, page, height, p, it);
    case HY_DRAW_LINE:
        st = pen_end_text(page, p);
        if (st == HPDF_OK)
            st = pen_stroke(page, p, it->stroke_rgb, it->size);
        if (st == HPDF_OK)
            st = HPDF_Page_MoveTo(page, it->x, height - it->y);
        if (st == HPDF_OK)
            st = HPDF_Page_LineTo(page, it->x + it->w, height - (it->y + it->h));
        if (st == HPDF_OK)
            st = HPDF_Page_Stroke(page);
        return st;
    case HY_DRAW_RECT:
        if (!(it->flags & (HY_DRAW_STROKE | HY_DRAW_FILL)))
            return HPDF_OK;
        st = pen_end_text(page, p);
        if (st == HPDF_OK && (it->flags & HY_DRAW_STROKE))
            st = pen_stroke(page, p, it->stroke_rgb, it->size);
        if (st == HPDF_OK && (it->flags & HY_DRAW_FILL))
            st = pen_fill(page, p, it->fill_rgb);
        if (st == HPDF_OK)
            st = HPDF_Page_Rectangle(page, it->x, height - it->y - it->h, it->w, it->h);
        if (st == HPDF_OK) {
            if ((it->flags & HY_DRAW_STROKE) && (it->flags & HY_DRAW_FILL))
                st = HPDF_Page_FillStroke(page);
            else if (it->flags & HY_DRAW_FILL)
                st = HPDF_Page_Fill(page);
            else
                st = HPDF_Page_Stroke(page);
        }
        return st;
    default:
        return HPDF_INVALID_PARAMETER;
    }
}

static int draw_pages(pdf_job *job)
{
    const hy_drawing *d = job->drawing;
    for (size_t n = 0; n < d->npages; n++) {
        const hy_page *pg = &d->pages[n];
        HPDF_Page page = HPDF_AddPage(job->pdf);
        HPDF_STATUS st = page ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
        if (st == HPDF_OK)
            st = HPDF_Page_SetWidth(page, pg->width);
        if (st == HPDF_OK)
            st = HPDF_Page_SetHeight(page, pg->height);
        /* NaN and out-of-range colours: unequal to anything, so the first
         * use of each sets it (even to a value libharu then rejects). */
        pen p = {NAN, 0xFFFFFFFFu, 0xFFFFFFFFu, -1, NAN, 0};
        for (size_t i = 0; i < pg->nitems && st == HPDF_OK && !job->hpdf_error; i++)
            st = draw_item(job, page, pg->height, &p, &pg->items[i]);
        if (st == HPDF_OK)
            st = pen_end_text(page, &p);
        /* the page is complete: its content is compressed now */
        if (st == HPDF_OK && !job->hpdf_error)
            st = flate_stream(job->flate, ((HPDF_PageAttr)page->attr)->contents, CONTENT_LEVEL);
        if (st != HPDF_OK || job->hpdf_error) {
            char doing[64];
            snprintf(doing, sizeof doing, "drawing page %zu", n + 1);
            return hpdf_check(job, st, doing);
        }
    }
    return HY_OK;
}

/* ---- output ---- */

/* Saves into libharu's memory stream and writes that through fs_output: the
 * file appears under its name only when complete, and every write and the
 * close are checked (libharu's own file writer ignores fclose's result, so
 * a full disk could go unnoticed). */
static int save(pdf_job *job)
{
    int rc = hpdf_check(job, HPDF_SaveToStream(job->pdf), "saving the document");
    if (rc != HY_OK)
        return rc;
    HPDF_Stream stream = job->pdf->stream;
    hy_output out;
    rc = fs_output_open(&out, job->path, job->err);
    if (rc != HY_OK)
        return rc;
    HPDF_UINT count = HPDF_MemStream_GetBufCount(stream);
    for (HPDF_UINT i = 0; i < count; i++) {
        HPDF_UINT len = 0;
        HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(stream, i, &len);
        if (!p || fwrite(p, 1, len, out.fp) != len) {
            fs_output_abort(&out);
            return err_set(job->err, HY_EIO, "%s: write error", job->path);
        }
    }
    return fs_output_commit(&out, job->err);
}

int pdf_write(const hy_drawing *drawing, const hy_fontset *fonts, const char *path, hy_err *err)
{
    pdf_job *job = calloc(1, sizeof *job);
    if (!job)
        return err_set(err, HY_EIO, "%s: out of memory", path);
    job->drawing = drawing;
    job->fonts = fonts;
    job->path = path;
    job->err = err;
    job->flate = flate_new();
    int rc = job->flate ? collect_text(job) : err_set(err, HY_EIO, "%s: out of memory", path);
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
        rc = save(job);
    if (job->pdf)
        HPDF_Free(job->pdf);
    flate_free(job->flate);
    buf_free(&job->codes);
    free(job);
    return rc;
}
