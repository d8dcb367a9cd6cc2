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

/* ---- the subset's name ------------------------------------------------------ */

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
int pdffont_tounicode(const uint32_t *cps, size_t n, int identity, hy_buf *b)
{
    code_run *runs = malloc((n ? n : 1) * sizeof *runs);
    if (!runs)
        return -1;
    size_t nruns = 0;
    for (size_t k = 0; k < n;) {
        size_t last = k;
        while (last + 1 < n && cps[last + 1] == cps[last] + 1 && (cps[last + 1] & 0xFF) != 0 &&
               (identity || (last + 1) / 255 == k / 255))
            last++;
        runs[nruns++] = (code_run){identity ? (uint16_t)cps[k] : code_of(k),
                                   (uint16_t)(last - k + 1), cps[k]};
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


/* ---- the font's objects ----------------------------------------------------------- */

/* hyoka writes the Type 0 font, its CIDFont, descriptor, widths, CIDToGIDMap
 * and /ToUnicode itself, as plain objects. libharu's own path for a TrueType
 * font with Unicode text (HPDF_GetFont -> HPDF_Type0Font_New) needs an
 * encoder built by hand out of its private structures, and walks a
 * 65,536-entry code map and a 65,536-entry glyph table for every font of
 * every document (8.6% of a build's instructions), all to write what is
 * written here from the n characters the document draws. */

typedef struct font_parts {
    HPDF_Doc pdf;
    const uint32_t *cps;
    const uint16_t *gids;
    size_t n;
    const char *base;          /* "TAG+PostScriptName" */
    const hy_subset_info *info;
    hy_flate *z;
} font_parts;

static HPDF_STATUS add_numbers(HPDF_Array a, const int *v, size_t n)
{
    HPDF_STATUS st = HPDF_OK;
    for (size_t i = 0; i < n && st == HPDF_OK; i++)
        st = HPDF_Array_AddNumber(a, v[i]);
    return st;
}

/* The FontDescriptor, with the subset itself as /FontFile2. */
static HPDF_Dict descriptor(const font_parts *fp, const hy_pdffont *pf, const hy_fontset *fonts,
                            const void *ttf, size_t len)
{
    HPDF_Dict d = hpdfx_dict(fp->pdf, 1), file = hpdfx_stream(fp->pdf);
    HPDF_Array bbox = hpdfx_array(fp->pdf);
    if (!d || !file || !bbox)
        return NULL;
    HPDF_STATUS st = HPDF_Dict_AddName(d, "Type", "FontDescriptor");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(d, "FontName", fp->base);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "Flags", 32);   /* nonsymbolic, as libharu wrote */
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(d, "FontBBox", bbox);
    if (st == HPDF_OK)
        st = add_numbers(bbox, fp->info->bbox, 4);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "ItalicAngle", 0);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "Ascent", fontset_ascent(fonts, pf->fs_font));
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "Descent", -fontset_descent(fonts, pf->fs_font));
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "CapHeight", fp->info->cap_height);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "XHeight", fp->info->x_height);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(d, "StemV", 0);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(d, "FontFile2", file);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(file, "Length1", (HPDF_UINT32)len);
    if (st == HPDF_OK)
        st = flate_set(fp->z, file, ttf, len, FONT_FILE_LEVEL);
    return st == HPDF_OK ? d : NULL;
}

/* /W: the advance of every code, one array per run of codes with the same
 * first byte (codes k..k+254 are consecutive there). */
static HPDF_Array widths(const font_parts *fp, const hy_pdffont *pf, const hy_fontset *fonts)
{
    HPDF_Array w = hpdfx_array(fp->pdf);
    HPDF_STATUS st = w ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_Array run = NULL;
    for (size_t k = 0; k < fp->n && st == HPDF_OK; k++) {
        if (k % 255 == 0) {
            run = hpdfx_array(fp->pdf);
            st = run ? HPDF_Array_AddNumber(w, code_of(k)) : HPDF_FAILD_TO_ALLOC_MEM;
            if (st == HPDF_OK)
                st = HPDF_Array_Add(w, run);
        }
        if (st == HPDF_OK)
            st = HPDF_Array_AddNumber(run, (HPDF_INT32)fontset_advance(fonts, pf->fs_font,
                                                                        fp->cps[k]));
    }
    return st == HPDF_OK ? w : NULL;
}

/* The CIDFont's CIDToGIDMap: for each code (= CID, Identity-H) from 0 to the
 * last, the subset's glyph for it, two bytes big-endian; 0 where no code is. */
static HPDF_Dict gid_map(const font_parts *fp)
{
    size_t ncids = (size_t)code_of(fp->n - 1) + 1;
    HPDF_BYTE *map = calloc(ncids, 2);
    HPDF_Dict stream = map ? hpdfx_stream(fp->pdf) : NULL;
    for (size_t k = 0; stream && k < fp->n; k++) {
        uint16_t code = code_of(k);
        map[2 * code] = (HPDF_BYTE)(fp->gids[k] >> 8);
        map[2 * code + 1] = (HPDF_BYTE)(fp->gids[k] & 0xFF);
    }
    HPDF_STATUS st = stream ? flate_set(fp->z, stream, map, ncids * 2, CMAP_LEVEL)
                            : HPDF_FAILD_TO_ALLOC_MEM;
    free(map);
    return st == HPDF_OK ? stream : NULL;
}

/* The Type 0 font and its CIDFontType2, Identity-H: code = CID. */
static HPDF_Dict type0_font(const font_parts *fp, HPDF_Dict desc, HPDF_Array w, HPDF_Dict map,
                            HPDF_Dict to_unicode)
{
    HPDF_Doc pdf = fp->pdf;
    HPDF_Dict font = hpdfx_dict(pdf, 1), cid = hpdfx_dict(pdf, 1), sys = hpdfx_dict(pdf, 0);
    HPDF_Array kids = hpdfx_array(pdf);
    if (!font || !cid || !sys || !kids)
        return NULL;
    HPDF_STATUS st = HPDF_Dict_AddName(font, "Type", "Font");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(font, "Subtype", "Type0");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(font, "BaseFont", fp->base);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(font, "Encoding", "Identity-H");
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(font, "DescendantFonts", kids);
    if (st == HPDF_OK)
        st = HPDF_Array_Add(kids, cid);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(font, "ToUnicode", to_unicode);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(cid, "Type", "Font");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(cid, "BaseFont", fp->base);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(cid, "CIDSystemInfo", sys);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(sys, "Registry", hpdfx_text(pdf, "Adobe"));
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(sys, "Ordering", hpdfx_text(pdf, "Identity"));
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(sys, "Supplement", 0);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(cid, "FontDescriptor", desc);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(cid, "W", w);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(cid, "CIDToGIDMap", map);
    return st == HPDF_OK ? font : NULL;
}

/* ---- all of it ------------------------------------------------------------------ */

static int build_font(hy_pdffont *pf, font_parts *fp, const hy_fontset *fonts, const void *ttf,
                      size_t len, const char *path, hy_err *err)
{
    hy_buf text = HY_BUF_INIT;
    if (pdffont_tounicode(fp->cps, fp->n, 0, &text)) {
        buf_free(&text);
        return err_set(err, HY_EIO, _("%s: out of memory"), path);
    }
    HPDF_Dict to_unicode = hpdfx_stream(fp->pdf);
    HPDF_STATUS st = to_unicode ? flate_set(fp->z, to_unicode, text.data, text.len, CMAP_LEVEL)
                                : HPDF_FAILD_TO_ALLOC_MEM;
    buf_free(&text);
    HPDF_Dict desc = st == HPDF_OK ? descriptor(fp, pf, fonts, ttf, len) : NULL;
    HPDF_Array w = desc ? widths(fp, pf, fonts) : NULL;
    HPDF_Dict map = w ? gid_map(fp) : NULL;
    pf->font = map ? type0_font(fp, desc, w, map, to_unicode) : NULL;
    if (!pf->font)
        return err_set(err, HY_EIO, _("%s: libharu error 0x%04X while embedding font \"%s\""), path,
                       (unsigned)(HPDF_GetError(fp->pdf) ? HPDF_GetError(fp->pdf) : st),
                       pf->name);
    return HY_OK;
}

int pdffont_embed(hy_pdffont *pf, HPDF_Doc pdf, const hy_fontset *fonts, hy_flate *z,
                  const char *path, hy_err *err)
{
    /* 255 x 255 two-byte codes, neither byte zero */
    if (pf->ncps == 0 || pf->ncps > 255 * 255)
        return err_set(err, HY_EUSAGE, _("%s: font \"%s\" draws %zu distinct characters "
                         "(1 to %d can be embedded)"), path, pf->name, pf->ncps, 255 * 255);
    uint32_t *cps = drawn_list(pf);
    uint16_t *gids = malloc(pf->ncps * sizeof *gids);
    if (!cps || !gids) {
        free(cps);
        free(gids);
        return err_set(err, HY_EIO, _("%s: out of memory"), path);
    }
    void *data = NULL;
    size_t len = 0;
    char tag[7], base[80];
    hy_subset_info info;
    subset_tag(cps, pf->ncps, tag);
    int rc = fontset_subset(fonts, pf->fs_font, cps, pf->ncps, &data, &len, err);
    if (rc == HY_OK)
        rc = fontset_subset_info(data, len, cps, pf->ncps, gids, &info,
                                 fontset_path(fonts, pf->fs_font), err);
    for (size_t k = 0; rc == HY_OK && k < pf->ncps; k++)
        if (gids[k] == 0)   /* the subset lost a character: it would print as .notdef */
            rc = err_set(err, HY_EIO, _("%s: the subset of font \"%s\" has no glyph for U+%04X"),
                         path, pf->name, (unsigned)cps[k]);
    if (rc == HY_OK) {
        snprintf(base, sizeof base, "%s+%s", tag, info.ps_name);
        font_parts fp = {pdf, cps, gids, pf->ncps, base, &info, z};
        rc = build_font(pf, &fp, fonts, data, len, path, err);
    }
    free(data);
    free(gids);
    free(cps);
    return rc;
}
