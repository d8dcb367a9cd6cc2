/*
 * pdffont.h - one font as one document uses it: the characters drawn with it,
 * the codes they are written with, and the font objects that embed exactly
 * their glyphs. Part of the PDF writer (pdfwrite.c); one per font per document.
 *
 * A sheet draws ~500 distinct characters of a 6 MB font. Each font of a
 * document gets its own codes, 1..n for its n characters (in code point
 * order, two bytes, neither of them zero), and a Type 0 font (Identity-H,
 * code = CID) whose CIDToGIDMap, widths and /ToUnicode list exactly those n:
 * hyoka writes these objects itself (libharu's HPDF_GetFont would build and
 * walk 65,536-entry tables per font, through an encoder assembled from its
 * private structures). The codes are not Unicode, so the /ToUnicode map
 * (bfrange/bfchar, code -> code point) is what makes the text copy out (and
 * read aloud) right. The font file embedded is HarfBuzz's subset itself,
 * compressed by hyoka (flate.h).
 */
#ifndef HY_PDFFONT_H
#define HY_PDFFONT_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>

#include "pdf/flate.h"
#include "pdf/hpdfx.h"
#include "draw/fontset.h"
#include "util/buf.h"
#include "util/err.h"

#define PDFFONT_WORDS (0x10000 / 64)

typedef struct hy_pdffont {
    int fs_font;                      /* index in the font set */
    const char *name;                 /* its name in the drawing, for messages */
    uint64_t drawn[PDFFONT_WORDS];    /* the BMP code points drawn with it */
    uint16_t rank[PDFFONT_WORDS];     /* how many are drawn below each word's first */
    size_t ncps;
    HPDF_Dict font;                   /* its Type 0 font dictionary, once embedded */
} hy_pdffont;

/* Starts an empty use of font set font fs_font, called name in the drawing. */
void pdffont_init(hy_pdffont *pf, int fs_font, const char *name);

/* Records that cp (a BMP code point the font has) is drawn with this font. */
void pdffont_add(hy_pdffont *pf, uint32_t cp);

/* Subsets the font to the characters recorded, writes its objects into the
 * document (pf->font) and compresses its streams with z. Call once, after
 * the last pdffont_add and before any text is drawn. path is for messages.
 * Returns HY_OK, or HY_EIO / HY_EUSAGE with err set. */
int pdffont_embed(hy_pdffont *pf, HPDF_Doc pdf, const hy_fontset *fonts, hy_flate *z,
                  const char *path, hy_err *err);

/* Writes UTF-8 text (of recorded characters only) as this font's codes, NUL
 * terminated, for HPDF_Page_ShowText. Returns 0, or -1 when out of memory. */
int pdffont_encode(const hy_pdffont *pf, const char *utf8, hy_buf *out);

/* The /ToUnicode CMap of n characters cps (ascending): codes 1..n as this
 * module numbers them, or, with identity, code = code point (the book's
 * font, pdfstream.h, whose characters are known only at its end). Appends
 * to b; returns 0, or -1 when out of memory. */
int pdffont_tounicode(const uint32_t *cps, size_t n, int identity, hy_buf *b);

#endif
