/*
 * pdfstream.h - a long PDF written page by page as it is drawn, with one font
 * subset for the whole document: the annual book of every sheet.
 *
 * pdf_write (pdfwrite.h) keeps a whole document in libharu's memory and
 * embeds a subset per document; right for a one-page sheet, wrong for a
 * book of a thousand sheets, whose memory would grow with every page and
 * whose fonts would be embedded once per sheet. Here each page's content
 * stream goes to the file as soon as it is painted (memory stays flat: what
 * is kept per page is its object number), text is written in Unicode code
 * points (CID = code point, Identity-H), and the one subset of every character
 * drawn is embedded at the end, its CIDToGIDMap mapping the code points to the
 * subset's glyphs. Pages may be written in any order: each is given its final
 * position, so a table of contents can be drawn last (when the page numbers
 * are known) and still come first. Same pages, same bytes.
 */
#ifndef HY_PDFSTREAM_H
#define HY_PDFSTREAM_H

#include <stddef.h>

#include "pdf/drawing.h"
#include "pdf/fontset.h"
#include "util/err.h"

typedef struct hy_pdfstream hy_pdfstream;

/* A link area on a page (drawing coordinates: points from the top-left) that
 * jumps to the page at position target. */
typedef struct hy_pdflink {
    float x, y, w, h;
    size_t target;
} hy_pdflink;

/* Starts writing path (under a temporary name until pdfstream_close) with
 * every text drawn in font (an index in fonts). Returns HY_OK, or HY_EIO with
 * err set. */
int pdfstream_open(const char *path, const hy_fontset *fonts, int font, hy_pdfstream **out,
                   hy_err *err);

/* Writes page `page` of drawing d as the document's page at position pos
 * (0-based), with its links. Every font of d must be the stream's font file.
 * Returns HY_OK, or HY_EUSAGE (text the font cannot draw, a position used
 * twice) / HY_EIO with err set. */
int pdfstream_page(hy_pdfstream *ps, const hy_drawing *d, size_t page, size_t pos,
                   const hy_pdflink *links, size_t nlinks, hy_err *err);

/* Adds a bookmark titled title (UTF-8) to the page at pos, under bookmark
 * parent (-1: top level). Returns its id, or -1 when out of memory. */
int pdfstream_outline(hy_pdfstream *ps, int parent, const char *title, size_t pos);

/* From position pos on, pages are labelled in style ('r' lower roman, 'D'
 * arabic) counting from start. Returns 0, or -1 when out of memory. */
int pdfstream_label(hy_pdfstream *ps, size_t pos, char style, int start);

/* Embeds the font, writes the page tree, bookmarks, labels and the document
 * information (title, author, subject: UTF-8 or NULL; epoch as in
 * hy_drawing), and renames the file into place. Every position from 0 to the
 * highest written must hold a page. Frees ps whatever happens. */
int pdfstream_close(hy_pdfstream *ps, const char *title, const char *author,
                    const char *subject, long long epoch, hy_err *err);

/* Drops the document: no file is left. NULL is allowed. */
void pdfstream_abort(hy_pdfstream *ps);

#endif
