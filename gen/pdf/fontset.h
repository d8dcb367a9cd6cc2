/*
 * fontset.h - the TrueType fonts of a run: loaded once, measured by every
 * layout, and cut down to a per-document subset for every PDF.
 *
 * Parsing a 6 MB Japanese font costs tens of milliseconds; a sheet costs less
 * than one. So the full fonts are opened once per run (with HarfBuzz), their
 * advance widths for the whole Basic Multilingual Plane are kept in a table,
 * and each document embeds only the glyphs it uses. A font set is immutable
 * after fontset_add (and fontset_prepare) return, so any number of threads
 * may measure and subset with it at once.
 */
#ifndef HY_FONTSET_H
#define HY_FONTSET_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef struct hy_fontset hy_fontset;

/* Creates an empty font set; NULL when out of memory. */
hy_fontset *fontset_new(void);

/* Frees the font set; NULL is allowed. */
void fontset_free(hy_fontset *fs);

/* Loads a TrueType font under a name templates use ("gothic", "mincho"). file is
 * a path, or a bare file name looked up in the colon-separated search_dirs
 * (HYOKA_FONT_DIRS when NULL). Returns HY_OK, or HY_EUSAGE / HY_EIO with err set. */
int fontset_add(hy_fontset *fs, const char *name, const char *file,
                const char *search_dirs, hy_err *err);

/* Readies every loaded font for many subsets: once per font, ~35 ms and
 * ~20 MB, then each subset takes a third of the time; worth it from a few
 * hundred documents on. The subsets are the same bytes either way. Call
 * before the font set is shared between threads. Returns HY_OK or HY_EIO. */
int fontset_prepare(hy_fontset *fs, hy_err *err);

/* The index of a loaded font by name, or -1. */
int fontset_find(const hy_fontset *fs, const char *name);

/* The path a font was loaded from. */
const char *fontset_path(const hy_fontset *fs, int font);

/* Advance width of a code point in 1/1000 em, the unit PDF widths use; the same
 * value libharu computes from the same font. 0 for a code point the font lacks. */
unsigned fontset_advance(const hy_fontset *fs, int font, uint32_t cp);

/* Does the font have a glyph for cp? (Above U+FFFF: always 0, since libharu
 * 2.3.0 cannot draw those.) */
int fontset_has_glyph(const hy_fontset *fs, int font, uint32_t cp);

/* Ascent and descent (positive, below the baseline) in 1/1000 em. */
int fontset_ascent(const hy_fontset *fs, int font);
int fontset_descent(const hy_fontset *fs, int font);

/* Width of a UTF-8 string at a font size, in points. */
float fontset_text_width(const hy_fontset *fs, int font, float size, const char *utf8);

/* Builds a TrueType font holding only the glyphs for the n code points given
 * (plus what libharu needs to read it), with widths identical to the full font.
 * *data is malloc'ed, the caller frees it. Returns HY_OK or HY_EIO with err set. */
int fontset_subset(const hy_fontset *fs, int font, const uint32_t *cps, size_t n,
                   void **data, size_t *len, hy_err *err);

/* What a PDF font descriptor says of a font: its PostScript name (for
 * /BaseFont), bounding box, ascent, descent (negative) and cap height, all
 * in 1/1000 em. For writers that embed a subset themselves (pdfstream.h). */
typedef struct hy_font_info {
    char psname[64];
    int bbox[4];
    int ascent, descent, cap_height;
} hy_font_info;

/* Fills info for a loaded font. Returns HY_OK, or HY_EIO with err set when the
 * font lacks a head table. */
int fontset_info(const hy_fontset *fs, int font, hy_font_info *info, hy_err *err);

/* The glyph ids a subset made by fontset_subset gives the n code points, read
 * from the subset's own cmap (0 for one it lacks): a subset renumbers glyphs.
 * Returns HY_OK, or HY_EIO with err set. */
int fontset_subset_glyphs(const void *data, size_t len, const uint32_t *cps, size_t n,
                          uint16_t *gids, hy_err *err);

#endif
