#include "pdf/pdffont.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/i18n.h"

/* Compression levels (libdeflate's), measured on the benchmark set: a
 * sheet's subset font is 56 KB of glyph outlines that hardly compress, 42.4 KB
 * in 0.29 ms at level 1, 41.5 KB in 0.52 ms at level 6: the kilobyte is not
 * worth the time. The /ToUnicode map (~4 KB of hex) and CIDToGIDMap (~1 KB):
 * level 1 costs 0.04 ms less per sheet than level 6, for ~330 bytes more. */
#define FONT_FILE_LEVEL 1
#define CMAP_LEVEL 1

void pdffont_init(hy_pdffont *pf, int fs_font, const char *name)
{
    memset(pf, 0, sizeof *pf);
    pf->fs_font = fs_font;
    pf->name = name;
}

void pdffont_add(hy_pdffont *pf, uint32_t cp)
{
    uint64_t bit = (uint64_t)1 << (cp & 63);
    if (!(pf->drawn[cp >> 6] & bit)) {
        pf->drawn[cp >> 6] |= bit;
        pf->ncps++;
    }
}

/* ---- codes ------------------------------------------------------------------ */

/* The k-th drawn code point (from 0, in code point order) is written as the
 * two bytes (1 + k / 255, 1 + k % 255): never a zero byte, because libharu
 * takes the text it shows as a C string. */
static uint16_t code_of(size_t k)
{
    return (uint16_t)(((1 + k / 255) << 8) | (1 + k % 255));
}

static size_t index_of(const hy_pdffont *pf, uint32_t cp)
{
    uint64_t below = pf->drawn[cp >> 6] & (((uint64_t)1 << (cp & 63)) - 1);
    return pf->rank[cp >> 6] + (size_t)__builtin_popcountll(below);
}

/* Fills rank and lists the drawn code points in order. */
static uint32_t *drawn_list(hy_pdffont *pf)
{
    uint32_t *cps = malloc((pf->ncps ? pf->ncps : 1) * sizeof *cps);
    if (!cps)
        return NULL;
    size_t n = 0;
    for (uint32_t w = 0; w < PDFFONT_WORDS; w++) {
        pf->rank[w] = (uint16_t)n;
        for (uint64_t bits = pf->drawn[w]; bits; bits &= bits - 1)
            cps[n++] = w * 64 + (uint32_t)__builtin_ctzll(bits);
    }
    return cps;
}

int pdffont_encode(const hy_pdffont *pf, const char *utf8, hy_buf *out)
{
    size_t n = strlen(utf8);
    buf_reset(out);
    /* two bytes per character, which takes one to three in UTF-8 (BMP only) */
    if (buf_reserve(out, 2 * n))
        return -1;
    char *p = out->data;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(utf8 + i, n - i, &cp);
        if (len == 0 || cp >= 0x10000)
            return -1;   /* not reached: pdfwrite checked every text first */
        uint16_t code = code_of(index_of(pf, cp));
        *p++ = (char)(code >> 8);
        *p++ = (char)(code & 0xFF);
        i += len;
    }
    *p = '\0';
    out->len = (size_t)(p - out->data);
    return 0;
}

/* ---- errors ----------------------------------------------------------------- */

static int hpdf_fail(HPDF_Doc pdf, HPDF_STATUS st, const char *path, const char *doing,
                     hy_err *err)
{
    HPDF_STATUS code = HPDF_GetError(pdf) ? HPDF_GetError(pdf) : st;
    return err_set(err, HY_EIO, _("%s: libharu error 0x%04X (detail %u) while %s"), path,
                   (unsigned)code, (unsigned)HPDF_GetErrorDetail(pdf), doing);
}

/* ---- the subset, as libharu reads it ------------------------------------------ */

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
 * libharu looks glyphs up for every character it measures, and
 * HPDF_TTFontDef_GetGlyphid walks the format 4 cmap segments one by one until
 * it finds the right one; a subset of ~500 scattered kanji has ~400 segments,
 * and a sheet shows a few thousand characters. libharu keeps the parsed cmap
 * in HPDF_TTFontDefAttr (declared in <hpdf_fontdef.h>); this replaces it with
 * an equivalent format 4 table of two segments: one spanning U+0000-U+FFFE
 * whose glyph id array is indexed by the code point itself, and the required
 * final U+FFFF segment. Every lookup then stops at the first segment.
 *
 * The glyph of each drawn code point (ascending, as cps is) is found by one
 * walk along the segments, with GetGlyphid's own arithmetic: the first
 * segment that ends at or after the code point, if it starts at or before it,
 * maps it by idDelta or through the glyph id array. Nothing else is ever
 * looked up (pdfwrite draws only recorded characters), so nothing changes but
 * the speed. The embedded font is unaffected: it is the subset's own bytes. */
static HPDF_STATUS direct_cmap(HPDF_FontDef def, const uint32_t *cps, size_t n)
{
    HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)def->attr;
    HPDF_TTF_CmapRange *cmap = &attr->cmap;
    if (cmap->format != 4 || cmap->seg_count_x2 < 2)
        return HPDF_TTF_INVALID_CMAP;
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
    HPDF_UINT segs = (HPDF_UINT)cmap->seg_count_x2 / 2, s = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t cp = cps[k];
        while (s < segs && cmap->end_count[s] < cp)
            s++;
        if (s == segs || cp >= count || cmap->start_count[s] > cp)
            continue;
        if (cmap->id_range_offset[s] == 0) {
            gids[cp] = (HPDF_UINT16)(cp + (HPDF_UINT16)cmap->id_delta[s]);
        } else {
            HPDF_UINT idx = cmap->id_range_offset[s] / 2 + (cp - cmap->start_count[s]) - (segs - s);
            if (idx < cmap->glyph_id_array_count)
                gids[cp] = (HPDF_UINT16)(cmap->glyph_id_array[idx] + cmap->id_delta[s]);
        }
    }

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

/* The subset's bytes as a libharu stream that reads them in place (a libharu
 * memory stream would first copy them, then read them back, a byte at a time). */
typedef struct font_bytes {
    const HPDF_BYTE *data;
    HPDF_UINT len, pos;
} font_bytes;

static HPDF_STATUS bytes_read(HPDF_Stream stream, HPDF_BYTE *ptr, HPDF_UINT *size)
{
    font_bytes *b = stream->attr;
    HPDF_UINT n = *size < b->len - b->pos ? *size : b->len - b->pos;
    memcpy(ptr, b->data + b->pos, n);
    b->pos += n;
    int short_read = n < *size;
    *size = n;
    return short_read ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS bytes_seek(HPDF_Stream stream, HPDF_INT pos, HPDF_WhenceMode mode)
{
    font_bytes *b = stream->attr;
    long long to = pos + (mode == HPDF_SEEK_CUR ? (long long)b->pos
                          : mode == HPDF_SEEK_END ? (long long)b->len : 0);
    if (to < 0 || to > (long long)b->len)
        return HPDF_SetError(stream->error, HPDF_STREAM_EOF, 0);
    b->pos = (HPDF_UINT)to;
    return HPDF_OK;
}

static HPDF_INT32 bytes_tell(HPDF_Stream stream)
{
    return (HPDF_INT32)((font_bytes *)stream->attr)->pos;
}

static HPDF_UINT32 bytes_size(HPDF_Stream stream)
{
    return ((font_bytes *)stream->attr)->len;
}

/* Gives the subset to libharu: parsed into a font definition (widths,
 * bounding box, ascent, descent, cap and x height for the PDF), tagged and
 * registered with the document. libharu 2.3.0 loads TrueType fonts only from
 * files through its public API; these are the steps HPDF_LoadTTFontFromFile
 * takes, with functions Debian's libhpdf.so exports and <hpdf.h> declares.
 * Loaded as "not embedded": libharu then lets go of the bytes once parsed
 * and leaves the font file and CIDToGIDMap to hyoka (add_descriptor, add_map). */
static int load_subset(HPDF_Doc pdf, const void *data, size_t len, const uint32_t *cps,
                       size_t n, const char *tag, const char *path, HPDF_FontDef *def_out,
                       hy_err *err)
{
    font_bytes bytes = {data, (HPDF_UINT)len, 0};
    HPDF_Stream stream = HPDF_CallbackReader_New(pdf->mmgr, bytes_read, bytes_seek, bytes_tell,
                                                 bytes_size, &bytes);
    if (!stream)
        return hpdf_fail(pdf, HPDF_FAILD_TO_ALLOC_MEM, path, _("loading the font subset"), err);
    /* owns the stream, and frees it before returning */
    HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, stream, HPDF_FALSE);
    if (!def)
        return hpdf_fail(pdf, HPDF_INVALID_FONTDEF_DATA, path, _("parsing the font subset"), err);
    HPDF_STATUS st = direct_cmap(def, cps, n);
    if (st != HPDF_OK) {
        HPDF_FontDef_Free(def);
        return hpdf_fail(pdf, st, path, _("indexing the font subset"), err);
    }
    HPDF_TTFontDef_SetTagName(def, (char *)tag);
    st = HPDF_Doc_RegisterFontDef(pdf, def);  /* owns def, even when it fails */
    if (st != HPDF_OK)
        return hpdf_fail(pdf, st, path, _("registering the font subset"), err);
    *def_out = def;
    return HY_OK;
}

/* ---- the encoder: this document's codes --------------------------------------- */

/* Text is shown as two-byte codes: every even byte leads, every odd one
 * ends a code ("TRIAL" is libharu's name for a trail byte). */
static HPDF_ByteType code_byte_type(HPDF_Encoder encoder, HPDF_ParseText_Rec *state)
{
    state->byte_type = state->index % 2 == 0 ? HPDF_BYTE_TYPE_LEAD : HPDF_BYTE_TYPE_TRIAL;
    state->index++;
    return state->byte_type;
}

static void code_encoder_free(HPDF_Encoder encoder)
{
    HPDF_CMapEncoderAttr attr = encoder->attr;
    if (!attr)
        return;
    if (attr->cmap_range)
        HPDF_List_Free(attr->cmap_range);
    if (attr->notdef_range)
        HPDF_List_Free(attr->notdef_range);
    if (attr->code_space_range)
        HPDF_List_Free(attr->code_space_range);
    free(attr);
    encoder->attr = NULL;
}

/* A double-byte CMap encoder whose code -> CID map is the identity on the
 * codes 1..n (plus one past them, see below) and whose code -> Unicode map
 * gives each code its character. HPDF_Type0Font_New wants a CMap encoder with
 * ordering "Identity-H" (then it writes /Encoding /Identity-H, code = CID);
 * CIDFontType2_New then looks up the glyph and width of each CID the map
 * holds, rather than of all 65,536 code points as for libharu's UTF-8
 * encoder. The tables are calloc'ed: libharu's own setup of a CMap encoder
 * fills its 256 KB byte by byte. */
static int add_encoder(HPDF_Doc pdf, const char *name, const uint32_t *cps, size_t n,
                       const char *path, hy_err *err)
{
    HPDF_Encoder e = HPDF_GetMem(pdf->mmgr, sizeof(HPDF_Encoder_Rec));
    HPDF_CMapEncoderAttr attr = calloc(1, sizeof *attr);
    if (!e || !attr) {
        if (e)
            HPDF_FreeMem(pdf->mmgr, e);
        free(attr);
        return err_set(err, HY_EIO, _("%s: out of memory"), path);
    }
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", name);
    e->mmgr = pdf->mmgr;
    e->error = pdf->mmgr->error;
    e->type = HPDF_ENCODER_TYPE_DOUBLE_BYTE;
    e->sig_bytes = HPDF_ENCODER_SIG_BYTES;
    e->byte_type_fn = code_byte_type;
    /* This very function: CIDFontType2_New compares the pointer to choose
     * the loop over the CID map. */
    e->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
    e->free_fn = code_encoder_free;
    e->attr = attr;
    attr->writing_mode = HPDF_WMODE_HORIZONTAL;
    snprintf(attr->registry, sizeof attr->registry, "Adobe");
    snprintf(attr->ordering, sizeof attr->ordering, "Identity-H");
    attr->uid_offset = -1;
    /* CreateCMap (the /ToUnicode libharu makes, replaced below) reads these */
    attr->cmap_range = HPDF_List_New(pdf->mmgr, 1);
    attr->notdef_range = HPDF_List_New(pdf->mmgr, 1);
    attr->code_space_range = HPDF_List_New(pdf->mmgr, 1);
    if (!attr->cmap_range || !attr->notdef_range || !attr->code_space_range) {
        code_encoder_free(e);
        HPDF_FreeMem(pdf->mmgr, e);
        return err_set(err, HY_EIO, _("%s: out of memory"), path);
    }
    /* HPDF_CMapEncoder_ToUnicode reads map[low byte][high byte]. */
    for (size_t k = 0; k < n; k++) {
        uint16_t code = code_of(k);
        attr->cid_map[code & 0xFF][code >> 8] = code;
        attr->unicode_map[code & 0xFF][code >> 8] = (HPDF_UNICODE)cps[k];
    }
    /* libharu's width and CIDToGIDMap loops stop short of the highest CID
     * (`for (i = 0; i < max; i++)`), so one more code, never drawn, maps to
     * U+0000 (glyph 0) and takes that place. */
    uint16_t past = code_of(n);
    attr->cid_map[past & 0xFF][past >> 8] = past;
    HPDF_STATUS st = HPDF_Doc_RegisterEncoder(pdf, e);   /* owns e, even when it fails */
    return st == HPDF_OK ? HY_OK : hpdf_fail(pdf, st, path, _("registering the font's codes"), err);
}

/* ---- /ToUnicode ----------------------------------------------------------------- */

typedef struct code_run {
    uint16_t code;          /* first code */
    uint16_t count;
    uint32_t cp;            /* its character; the rest follow one by one */
} code_run;

static char *hex4(char *p, unsigned v)
{
    static const char digits[] = "0123456789ABCDEF";
    *p++ = '<';
    for (int s = 12; s >= 0; s -= 4)
        *p++ = digits[(v >> s) & 0xF];
    *p++ = '>';
    return p;
}

/* Appends the bfrange (runs of more than one) or bfchar sections; a section
 * holds at most 100 entries. */
static int cmap_sections(hy_buf *b, const code_run *runs, size_t nruns, int ranges)
{
    const char *kind = ranges ? "bfrange" : "bfchar";
    size_t total = 0;
    for (size_t i = 0; i < nruns; i++)
        total += (runs[i].count > 1) == ranges;
    size_t done = 0;
    for (size_t i = 0; i < nruns; i++) {
        if ((runs[i].count > 1) != ranges)
            continue;
        if (done % 100 == 0) {
            size_t left = total - done;
            if (buf_printf(b, "%zu begin%s\n", left < 100 ? left : 100, kind))
                return -1;
        }
        char line[32], *p = hex4(line, runs[i].code);
        if (ranges) {
            *p++ = ' ';
            p = hex4(p, runs[i].code + runs[i].count - 1u);
        }
        *p++ = ' ';
        p = hex4(p, runs[i].cp);
        *p++ = '\n';
        if (buf_append(b, line, (size_t)(p - line)))
            return -1;
        done++;
        if ((done % 100 == 0 || done == total) && buf_printf(b, "end%s\n", kind))
            return -1;
    }
    return 0;
}

/* The code -> Unicode map of the font's /ToUnicode entry.
 *
 * A bfrange maps consecutive codes to consecutive characters, varying only
 * the last byte of both: so a run ends where the code's first byte changes
 * (every 255 codes) or the character's low byte would wrap. */
static int to_unicode_text(const uint32_t *cps, size_t n, hy_buf *b)
{
    code_run *runs = malloc((n ? n : 1) * sizeof *runs);
    if (!runs)
        return -1;
    size_t nruns = 0;
    for (size_t k = 0; k < n;) {
        size_t last = k;
        while (last + 1 < n && cps[last + 1] == cps[last] + 1 && (cps[last + 1] & 0xFF) != 0 &&
               (last + 1) / 255 == k / 255)
            last++;
        runs[nruns++] = (code_run){code_of(k), (uint16_t)(last - k + 1), cps[k]};
        k = last + 1;
    }
    int oom = buf_puts(b, "/CIDInit /ProcSet findresource begin\n"
                          "12 dict begin\n"
                          "begincmap\n"
                          "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                          "/CMapName /Adobe-Identity-UCS def\n"
                          "/CMapType 2 def\n"
                          "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    oom |= cmap_sections(b, runs, nruns, 1);
    oom |= cmap_sections(b, runs, nruns, 0);
    oom |= buf_puts(b, "endcmap\n"
                       "CMapName currentdict /CMap defineresource pop\n"
                       "end\n"
                       "end\n");
    free(runs);
    return oom ? -1 : 0;
}

/* Puts the map into the /ToUnicode stream libharu created (already in the
 * cross-reference table) and makes its dictionary describe it. libharu's own
 * content there is a code -> CID `begincidrange` map, not a ToUnicode map at
 * all: poppler printed "Invalid 'begincidrange' operator in ToUnicode CMap"
 * for every file. */
static HPDF_STATUS set_to_unicode(HPDF_Dict cmap, const hy_buf *text, hy_flate *z)
{
    HPDF_STATUS st = flate_set(z, cmap, text->data, text->len, CMAP_LEVEL);
    HPDF_Dict info = st == HPDF_OK ? HPDF_Dict_New(cmap->mmgr) : NULL;
    if (st == HPDF_OK && !info)
        st = HPDF_FAILD_TO_ALLOC_MEM;
    if (st == HPDF_OK)
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
    return st;
}

/* ---- the font file -------------------------------------------------------------- */

/* The FontDescriptor with the subset itself as /FontFile2. libharu writes a
 * descriptor only when the font definition has none; its own would carry
 * the font file as rebuilt by HPDF_TTFontDef_SaveFontData, which reads each
 * table back from a memory stream and writes it out again a byte at a time
 * (a quarter of a sheet's time, measured), to the same effect: the subset
 * holds only the glyphs drawn. The values are those libharu writes, plus
 * CapHeight, which PDF requires and libharu 2.3.0 leaves out. */
static HPDF_STATUS add_descriptor(HPDF_Doc pdf, HPDF_FontDef def, const void *ttf, size_t len,
                                  hy_flate *z)
{
    HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)def->attr;
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (!d)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = HPDF_Xref_Add(pdf->xref, d);  /* frees d when it fails */
    if (st != HPDF_OK)
        return st;
    HPDF_Dict file = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!file)
        return HPDF_FAILD_TO_ALLOC_MEM;
    st = HPDF_Dict_AddName(d, "Type", "FontDescriptor");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "Ascent", def->ascent);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "Descent", def->descent);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "CapHeight", def->cap_height);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "Flags", def->flags);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(d, "FontBBox", HPDF_Box_Array_New(pdf->mmgr, def->font_bbox));
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(d, "FontName", attr->base_font);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "ItalicAngle", def->italic_angle);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "StemV", def->stemv);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "XHeight", def->x_height);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(d, "FontFile2", file);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(file, "Length1", (HPDF_UINT32)len);
    if (st == HPDF_OK)
        st = flate_set(z, file, ttf, len, FONT_FILE_LEVEL);
    if (st == HPDF_OK)
        def->descriptor = d;
    return st;
}

/* The CIDFont's CIDToGIDMap: for each code (= CID, Identity-H) from 0 to the
 * last, the subset's glyph for it, two bytes big-endian; 0 where no code is.
 * ~1 KB, where libharu's map for its UTF-8 encoder had 65,535 entries. */
static HPDF_STATUS add_map(HPDF_Doc pdf, HPDF_Font font, HPDF_FontDef def, const uint32_t *cps,
                           size_t n, hy_flate *z)
{
    size_t ncids = (size_t)code_of(n - 1) + 1;
    HPDF_BYTE *map = calloc(ncids, 2);
    if (!map)
        return HPDF_FAILD_TO_ALLOC_MEM;
    for (size_t k = 0; k < n; k++) {
        uint16_t code = code_of(k);
        HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cps[k]);
        map[2 * code] = (HPDF_BYTE)(gid >> 8);
        map[2 * code + 1] = (HPDF_BYTE)(gid & 0xFF);
    }
    HPDF_Dict stream = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    HPDF_STATUS st = stream ? flate_set(z, stream, map, ncids * 2, CMAP_LEVEL)
                            : HPDF_FAILD_TO_ALLOC_MEM;
    free(map);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(((HPDF_FontAttr)font->attr)->descendant_font, "CIDToGIDMap", stream);
    return st;
}

/* libharu names the CIDFont's character collection after its encoder
 * ("Identity-H"); the collection of an Identity-H font is Adobe-Identity-0. */
static HPDF_STATUS fix_collection(HPDF_Font font)
{
    HPDF_FontAttr fattr = (HPDF_FontAttr)font->attr;
    HPDF_Dict info = HPDF_Dict_GetItem(fattr->descendant_font, "CIDSystemInfo", HPDF_OCLASS_DICT);
    if (!info)
        return HPDF_DICT_ITEM_NOT_FOUND;
    return HPDF_Dict_Add(info, "Ordering", HPDF_String_New(font->mmgr, "Identity", NULL));
}

/* ---- all of it ------------------------------------------------------------------ */

int pdffont_embed(hy_pdffont *pf, HPDF_Doc pdf, const hy_fontset *fonts, hy_flate *z,
                  const char *path, hy_err *err)
{
    /* 255 x 255 codes, one of them kept past the last (add_encoder) */
    if (pf->ncps == 0 || pf->ncps >= 255 * 255)
        return err_set(err, HY_EUSAGE, _("%s: font \"%s\" draws %zu distinct characters "
                       "(1 to %d can be embedded)"), path, pf->name, pf->ncps, 255 * 255 - 1);
    uint32_t *cps = drawn_list(pf);
    if (!cps)
        return err_set(err, HY_EIO, _("%s: out of memory"), path);
    void *data = NULL;
    size_t len = 0;
    char tag[7];
    hy_buf text = HY_BUF_INIT;
    subset_tag(cps, pf->ncps, tag);
    int rc = fontset_subset(fonts, pf->fs_font, cps, pf->ncps, &data, &len, err);
    HPDF_FontDef def = NULL;
    if (rc == HY_OK)
        rc = load_subset(pdf, data, len, cps, pf->ncps, tag, path, &def, err);
    const char *name = NULL;
    if (rc == HY_OK) {
        /* "TAG+PostScriptName": one per font of the document */
        name = ((HPDF_TTFontDefAttr)def->attr)->base_font;
        rc = add_encoder(pdf, name, cps, pf->ncps, path, err);
    }
    if (rc == HY_OK) {
        pf->font = HPDF_GetFont(pdf, def->base_font, name);
        if (!pf->font)
            rc = hpdf_fail(pdf, HPDF_INVALID_FONT, path, _("preparing the font"), err);
    }
    if (rc == HY_OK && to_unicode_text(cps, pf->ncps, &text))
        rc = err_set(err, HY_EIO, _("%s: out of memory"), path);
    if (rc == HY_OK) {
        HPDF_FontAttr fattr = (HPDF_FontAttr)pf->font->attr;
        HPDF_STATUS st = fattr->cmap_stream ? set_to_unicode(fattr->cmap_stream, &text, z)
                                            : HPDF_DICT_ITEM_NOT_FOUND;
        if (st == HPDF_OK)
            st = add_map(pdf, pf->font, def, cps, pf->ncps, z);
        if (st == HPDF_OK)
            st = fix_collection(pf->font);
        if (st == HPDF_OK)
            st = add_descriptor(pdf, def, data, len, z);
        if (st != HPDF_OK)
            rc = hpdf_fail(pdf, st, path, _("embedding the font"), err);
    }
    buf_free(&text);
    free(data);
    free(cps);
    return rc;
}
