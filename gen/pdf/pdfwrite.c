#include "pdf/pdfwrite.h"

#include <hpdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "util/fsutil.h"
#include "util/utf8.h"

#define BMP_SIZE 0x10000u

/* One font of the font set as this document uses it. */
typedef struct pdf_font_use {
    int fs_font;                    /* index in the font set */
    const char *name;               /* its name in the drawing, for messages */
    uint8_t drawn[BMP_SIZE / 8];    /* bit set of the code points drawn with it */
    size_t ncps;
    HPDF_Font font;                 /* the subset as libharu knows it */
} pdf_font_use;

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
    pdf_font_use uses[HY_DRAW_MAX_FONTS];
    size_t nuses;
    int use_of[HY_DRAW_MAX_FONTS];  /* drawing font index -> uses[] index */
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
            job->uses[u].fs_font = fs_font;
            job->uses[u].name = d->fonts[f];
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
            pdf_font_use *use = &job->uses[job->use_of[it->font]];
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
                uint8_t bit = (uint8_t)(1u << (cp & 7));
                if (!(use->drawn[cp >> 3] & bit)) {
                    use->drawn[cp >> 3] |= bit;
                    use->ncps++;
                }
                k += len;
            }
        }
    }
    return HY_OK;
}

/* ---- fonts ---- */

static uint32_t *drawn_list(const pdf_font_use *use)
{
    uint32_t *cps = malloc((use->ncps ? use->ncps : 1) * sizeof *cps);
    if (!cps)
        return NULL;
    size_t n = 0;
    for (uint32_t cp = 0; cp < BMP_SIZE; cp++)
        if (use->drawn[cp >> 3] >> (cp & 7) & 1)
            cps[n++] = cp;
    return cps;
}

/* The six capital letters before '+' in a subset font's name. PDF asks for a
 * tag that differs between different subsets of one font; deriving it from
 * the characters keeps it so and keeps the file reproducible. */
static void subset_tag(const uint32_t *cps, size_t n, char tag[7])
{
    uint64_t h = 0xcbf29ce484222325u;   /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 4; b++) {
            h ^= (cps[i] >> (8 * b)) & 0xFF;
            h *= 0x100000001b3u;
        }
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = '\0';
}

/* Makes libharu's code point -> glyph lookups constant-time for this font.
 *
 * HPDF_GetFont (CIDFontType2_New in hpdf_font_cid.c) looks up the glyph of
 * every one of the 65,536 BMP code points, and HPDF_TTFontDef_GetGlyphid
 * walks the format 4 cmap segments one by one until it finds the right one.
 * A subset of ~500 scattered kanji has ~400 segments, so that walk was ~45 %
 * of a one-page document's time (measured: 5.5 of 11.3 ms). libharu keeps the
 * parsed cmap in HPDF_TTFontDefAttr (declared in <hpdf_fontdef.h>); this
 * replaces it with an equivalent format 4 table of two segments: one spanning
 * U+0000-U+FFFE whose glyph id array is indexed by the code point itself,
 * and the required final U+FFFF segment. Every lookup then stops at the
 * first segment. The glyph ids are taken from libharu's own lookups of the
 * code points the subset maps, so nothing changes but the speed. The embedded
 * font is unaffected: libharu copies the cmap table's bytes from the font
 * data, not these arrays, and viewers use the CIDToGIDMap anyway. */
static HPDF_STATUS direct_cmap(HPDF_FontDef def)
{
    HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)def->attr;
    HPDF_TTF_CmapRange *cmap = &attr->cmap;
    if (cmap->format != 4 || cmap->seg_count_x2 < 2)
        return HPDF_OK;
    const HPDF_UINT count = 0xFFFF;   /* U+0000 to U+FFFE */
    HPDF_UINT16 *gids = HPDF_GetMem(def->mmgr, count * sizeof *gids);
    HPDF_UINT16 *end = HPDF_GetMem(def->mmgr, 2 * sizeof *end);
    HPDF_UINT16 *start = HPDF_GetMem(def->mmgr, 2 * sizeof *start);
    HPDF_INT16 *delta = HPDF_GetMem(def->mmgr, 2 * sizeof *delta);
    HPDF_UINT16 *range = HPDF_GetMem(def->mmgr, 2 * sizeof *range);
    if (!gids || !end || !start || !delta || !range) {
        void *mem[] = {gids, end, start, delta, range};
        for (size_t i = 0; i < sizeof mem / sizeof mem[0]; i++)
            if (mem[i])
                HPDF_FreeMem(def->mmgr, mem[i]);
        return HPDF_FAILD_TO_ALLOC_MEM;
    }
    memset(gids, 0, count * sizeof *gids);
    /* Only code points inside a segment can have a glyph; a subset's
     * segments cover a few hundred, so these lookups cost next to nothing. */
    for (HPDF_UINT s = 0; s < (HPDF_UINT)cmap->seg_count_x2 / 2; s++)
        for (uint32_t cp = cmap->start_count[s]; cp <= cmap->end_count[s] && cp < count; cp++)
            gids[cp] = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp);

    HPDF_FreeMem(def->mmgr, cmap->end_count);
    HPDF_FreeMem(def->mmgr, cmap->start_count);
    HPDF_FreeMem(def->mmgr, cmap->id_delta);
    HPDF_FreeMem(def->mmgr, cmap->id_range_offset);
    if (cmap->glyph_id_array)
        HPDF_FreeMem(def->mmgr, cmap->glyph_id_array);
    start[0] = 0x0000;
    end[0] = 0xFFFE;
    delta[0] = 0;
    range[0] = 2 * 2;  /* glyph array index = range[0] / 2 + (cp - 0) - 2 segments = cp */
    start[1] = 0xFFFF;
    end[1] = 0xFFFF;
    delta[1] = 1;      /* U+FFFF -> glyph 0, as the format requires */
    range[1] = 0;
    cmap->seg_count_x2 = 2 * 2;
    cmap->end_count = end;
    cmap->start_count = start;
    cmap->id_delta = delta;
    cmap->id_range_offset = range;
    cmap->glyph_id_array = gids;
    cmap->glyph_id_array_count = count;
    return HPDF_OK;
}

/* libharu 2.3.0 loads TrueType fonts only from files through its public API.
 * The same steps from memory use functions that Debian's libhpdf.so exports
 * and <hpdf.h> declares (they are what HPDF_LoadTTFontFromFile calls): a
 * memory stream holding the subset, parsed into a font definition, tagged
 * and registered with the document. No temporary file, nothing to clean up. */
static int load_subset(pdf_job *job, const void *data, size_t len, const char *tag,
                       HPDF_FontDef *def_out)
{
    HPDF_Doc pdf = job->pdf;
    /* One buffer for the whole font; one byte more so that a seek to the very
     * end never asks the stream for a buffer that does not exist. */
    HPDF_Stream stream = HPDF_MemStream_New(pdf->mmgr, (HPDF_UINT)len + 1);
    if (!stream)
        return hpdf_check(job, HPDF_FAILD_TO_ALLOC_MEM, "loading the font subset");
    HPDF_STATUS st = HPDF_Stream_Write(stream, data, (HPDF_UINT)len);
    if (st == HPDF_OK)
        st = HPDF_Stream_Seek(stream, 0, HPDF_SEEK_SET);
    if (st != HPDF_OK) {
        HPDF_Stream_Free(stream);
        return hpdf_check(job, st, "loading the font subset");
    }
    HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, stream, HPDF_TRUE);  /* owns stream */
    if (!def)
        return hpdf_check(job, HPDF_INVALID_FONTDEF_DATA, "parsing the font subset");
    st = direct_cmap(def);
    if (st != HPDF_OK) {
        HPDF_FontDef_Free(def);
        return hpdf_check(job, st, "indexing the font subset");
    }
    HPDF_TTFontDef_SetTagName(def, (char *)tag);
    st = HPDF_Doc_RegisterFontDef(pdf, def);  /* owns def, even when it fails */
    int rc = hpdf_check(job, st, "registering the font subset");
    if (rc != HY_OK)
        return rc;
    *def_out = def;
    return HY_OK;
}

/* Replaces libharu's /ToUnicode stream with one that maps codes to Unicode.
 *
 * With the UTF-8 encoder and Identity-H, libharu 2.3.0 writes each character
 * as a two-byte code equal to its BMP code point (hpdf_encoder_utf.c), and
 * the CID is that same code; the CIDToGIDMap turns it into a glyph. For the
 * /ToUnicode entry, however, hpdf_font_cid.c reuses the encoder's own CMap:
 * a `begincidrange` code->CID map, which is not a ToUnicode map at all.
 * poppler prints "Invalid 'begincidrange' operator in ToUnicode CMap" for
 * every file and guesses; other readers may copy or search the text wrongly.
 * So the stream object libharu created is kept (it is already in the xref and
 * gets the document's compression at save) and only its content and CMap
 * entries are replaced: identity bfrange/bfchar entries for exactly the code
 * points this document draws with the font. */
typedef struct cp_run {
    uint32_t first, last;
} cp_run;

/* Appends one kind of CMap section ("bfrange" or "bfchar") for the runs whose
 * length matches; a section holds at most 100 entries. */
static int cmap_sections(hy_buf *b, const cp_run *runs, size_t nruns, int ranges)
{
    const char *kind = ranges ? "bfrange" : "bfchar";
    size_t total = 0;
    for (size_t i = 0; i < nruns; i++)
        total += (runs[i].last > runs[i].first) == ranges;
    size_t done = 0;
    for (size_t i = 0; i < nruns; i++) {
        if ((runs[i].last > runs[i].first) != ranges)
            continue;
        if (done % 100 == 0) {
            size_t left = total - done;
            if (buf_printf(b, "%zu begin%s\n", left < 100 ? left : 100, kind))
                return -1;
        }
        int rc = ranges ? buf_printf(b, "<%04X> <%04X> <%04X>\n", (unsigned)runs[i].first,
                                     (unsigned)runs[i].last, (unsigned)runs[i].first)
                        : buf_printf(b, "<%04X> <%04X>\n", (unsigned)runs[i].first,
                                     (unsigned)runs[i].first);
        if (rc)
            return -1;
        done++;
        if ((done % 100 == 0 || done == total) && buf_printf(b, "end%s\n", kind))
            return -1;
    }
    return 0;
}

static int fix_to_unicode(pdf_job *job, pdf_font_use *use)
{
    HPDF_Dict cmap = HPDF_Dict_GetItem(use->font, "ToUnicode", HPDF_OCLASS_DICT);
    if (!cmap || !cmap->stream)
        return hpdf_check(job, HPDF_DICT_ITEM_NOT_FOUND, "finding the font's ToUnicode map");

    /* Runs of consecutive code points become ranges; a range may not cross a
     * change of its first byte (only the last byte of a bfrange varies). */
    cp_run *runs = malloc((use->ncps ? use->ncps : 1) * sizeof *runs);
    if (!runs)
        return err_set(job->err, HY_EIO, "%s: out of memory", job->path);
    size_t nruns = 0;
    for (uint32_t cp = 0; cp < BMP_SIZE; cp++) {
        if (!(use->drawn[cp >> 3] >> (cp & 7) & 1))
            continue;
        uint32_t last = cp;
        while (((last + 1) & 0xFF) != 0 && (use->drawn[(last + 1) >> 3] >> ((last + 1) & 7) & 1))
            last++;
        runs[nruns++] = (cp_run){cp, last};
        cp = last;
    }

    hy_buf b = HY_BUF_INIT;
    int oom = buf_puts(&b, "/CIDInit /ProcSet findresource begin\n"
                           "12 dict begin\n"
                           "begincmap\n"
                           "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                           "/CMapName /Adobe-Identity-UCS def\n"
                           "/CMapType 2 def\n"
                           "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    oom |= cmap_sections(&b, runs, nruns, 1);
    oom |= cmap_sections(&b, runs, nruns, 0);
    oom |= buf_puts(&b, "endcmap\n"
                        "CMapName currentdict /CMap defineresource pop\n"
                        "end\n"
                        "end\n");
    free(runs);
    if (oom) {
        buf_free(&b);
        return err_set(job->err, HY_EIO, "%s: out of memory", job->path);
    }

    HPDF_MemStream_FreeData(cmap->stream);
    HPDF_STATUS st = HPDF_Stream_Write(cmap->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
    buf_free(&b);
    /* The dictionary described libharu's encoding CMap; make it describe this one. */
    HPDF_Dict info = HPDF_Dict_New(cmap->mmgr);
    if (st == HPDF_OK && info) {
        st = HPDF_Dict_Add(cmap, "CIDSystemInfo", info);  /* replaces (frees) the old one */
        if (st == HPDF_OK)
            st = HPDF_Dict_Add(info, "Registry", HPDF_String_New(cmap->mmgr, "Adobe", NULL));
        if (st == HPDF_OK)
            st = HPDF_Dict_Add(info, "Ordering", HPDF_String_New(cmap->mmgr, "UCS", NULL));
        if (st == HPDF_OK)
            st = HPDF_Dict_AddNumber(info, "Supplement", 0);
        if (st == HPDF_OK)
            st = HPDF_Dict_AddName(cmap, "CMapName", "Adobe-Identity-UCS");
        if (st == HPDF_OK)
            st = HPDF_Dict_RemoveElement(cmap, "WMode");
    } else if (st == HPDF_OK) {
        st = HPDF_FAILD_TO_ALLOC_MEM;
    }
    return hpdf_check(job, st, "writing the font's ToUnicode map");
}

/* Subsets each font to the characters drawn with it and hands the subset to
 * libharu. Fonts the drawing names but draws nothing with are not embedded. */
static int embed_font(pdf_job *job, pdf_font_use *use)
{
    uint32_t *cps = drawn_list(use);
    if (!cps)
        return err_set(job->err, HY_EIO, "%s: out of memory", job->path);
    void *data = NULL;
    size_t len = 0;
    char tag[7];
    subset_tag(cps, use->ncps, tag);
    int rc = fontset_subset(job->fonts, use->fs_font, cps, use->ncps, &data, &len, job->err);
    free(cps);
    if (rc != HY_OK)
        return rc;
    HPDF_FontDef def = NULL;
    rc = load_subset(job, data, len, tag, &def);
    free(data);
    if (rc != HY_OK)
        return rc;
    use->font = HPDF_GetFont(job->pdf, def->base_font, "UTF-8");
    rc = hpdf_check(job, use->font ? HPDF_OK : HPDF_INVALID_FONT, "preparing the font");
    if (rc != HY_OK)
        return rc;
    return fix_to_unicode(job, use);
}

/* ---- document ---- */

static int open_doc(pdf_job *job)
{
    job->pdf = HPDF_New(on_hpdf_error, job);
    if (!job->pdf)
        return err_set(job->err, HY_EIO, "%s: out of memory creating the PDF", job->path);
    /* Compression must be on before anything is created: libharu 2.3.0
     * attaches the Flate filter when a stream is made. */
    HPDF_STATUS st = HPDF_SetCompressionMode(job->pdf, HPDF_COMP_ALL);
    if (st == HPDF_OK)
        st = HPDF_UseUTFEncodings(job->pdf);
    /* The current encoder is what HPDF_SetInfoAttr converts its strings with. */
    if (st == HPDF_OK)
        st = HPDF_SetCurrentEncoder(job->pdf, "UTF-8");
    return hpdf_check(job, st, "setting up the document");
}

static int set_info(pdf_job *job)
{
    const hy_drawing *d = job->drawing;
    HPDF_STATUS st = HPDF_SetInfoAttr(job->pdf, HPDF_INFO_CREATOR, "hyoka " HYOKA_VERSION);
    if (st == HPDF_OK && d->title)
        st = HPDF_SetInfoAttr(job->pdf, HPDF_INFO_TITLE, d->title);
    if (st == HPDF_OK && d->author)
        st = HPDF_SetInfoAttr(job->pdf, HPDF_INFO_AUTHOR, d->author);
    if (st == HPDF_OK && d->subject)
        st = HPDF_SetInfoAttr(job->pdf, HPDF_INFO_SUBJECT, d->subject);
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
    if (st == HPDF_OK)
        st = HPDF_Page_ShowText(page, it->text);
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
    int rc = collect_text(job);
    if (rc == HY_OK)
        rc = open_doc(job);
    for (size_t u = 0; u < job->nuses && rc == HY_OK; u++)
        if (job->uses[u].ncps)
            rc = embed_font(job, &job->uses[u]);
    if (rc == HY_OK)
        rc = set_info(job);
    if (rc == HY_OK)
        rc = draw_pages(job);
    if (rc == HY_OK)
        rc = save(job);
    if (job->pdf)
        HPDF_Free(job->pdf);
    free(job);
    return rc;
}
