/*
 * pdfstream.h - a long PDF written drawing by drawing as it is made, with one
 * font subset for the whole document: the annual book of every sheet, tagged
 * PDF/UA-1 and PDF/A-2u like every other PDF hyoka writes.
 *
 * pdf_write (pdfwrite.h) keeps a whole document in libharu's memory and
 * embeds a subset per document; right for a one-page sheet, wrong for a book
 * of a thousand sheets, whose memory would grow with every page and whose
 * fonts would be embedded once per sheet. What is streaming-specific lives
 * here; the pages are painted and tagged by the same code as a sheet's
 * (pdfpaint.h, pdftags.h), the metadata written from the same values
 * (pdfmeta.h). Each drawing goes to the file as soon as it is painted: its
 * pages' content, and its structure elements packed into one object stream
 * (objstm.h); what is kept is a few numbers per page and per structure
 * element of the book's own (a Sect per part). Text is written in code
 * points (CID = code point, Identity-H) and the one subset of every
 * character drawn is embedded at the end. Pages may be written in any order:
 * each is given its final position, so a table of contents can be drawn last
 * (when the page numbers are known) and still come first. Same pages, same
 * bytes.
 */
#ifndef HY_PDFSTREAM_H
#define HY_PDFSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include "draw/drawing.h"
#include "draw/fontset.h"
#include "util/arena.h"
#include "util/err.h"

typedef struct hy_pdfstream hy_pdfstream;

/* A link area on page `page` of a drawing (drawing coordinates: points from
 * the top-left) that jumps to the document's page at position target; node
 * is the drawing's structure node of the link (a Link, whose element lists
 * the annotation), contents what it leads to, in words (UTF-8). */
typedef struct hy_pdflink {
    float x, y, w, h;
    size_t page;
    size_t target;
    int32_t node;
    const char *contents;
} hy_pdflink;

/* Starts writing path (under a temporary name until pdfstream_close) with
 * every text drawn in font (an index in fonts). What it keeps until the end
 * is in a scratch file that shares the release budget of beside (the data
 * set's arena, walked while the book is written; NULL: a budget of its own:
 * arena_new_spill_beside). The structure tree starts as one Document
 * element, id 0. Returns HY_OK, or HY_EIO with err set. */
int pdfstream_open(const char *path, const hy_fontset *fonts, int font, hy_arena *beside,
                   hy_pdfstream **out, hy_err *err);

/* Adds a structure element of the book's own (a Sect per part) as the last
 * child of element parent (0: the Document). Returns its id, or -1 when out
 * of memory. */
int pdfstream_elem(hy_pdfstream *ps, int parent, hy_role role);

/* Adds an element that is nobody's child yet: its children may be written
 * before pdfstream_place puts it after siblings drawn on the same page (the
 * contents' list, after its heading). Every one must be placed before
 * pdfstream_close. Returns its id, or -1 when out of memory. */
int pdfstream_elem_unplaced(hy_pdfstream *ps, hy_role role);

/* Makes unplaced element id the last child of element parent. Returns 0,
 * or -1 (out of memory, or id was placed already). */
int pdfstream_place(hy_pdfstream *ps, int id, int parent);

/* Writes every page of drawing d as the document's pages at positions pos,
 * pos + 1, ... (0-based), with the links given, and its structure nodes
 * under element elem (its top-level nodes as elem's next children). Every
 * font of d must be the stream's font file. Returns HY_OK, or HY_EUSAGE
 * (text the font cannot draw, an image it cannot read, a position used
 * twice) / HY_EIO with err set. */
int pdfstream_drawing(hy_pdfstream *ps, const hy_drawing *d, size_t pos, int elem,
                      const hy_pdflink *links, size_t nlinks, hy_err *err);

/* As pdfstream_drawing, but top-level node i of d becomes a child of
 * element elems[i] (an array of d->nnodes, read at top-level nodes) rather
 * than all of one element: a contents page's heading belongs to its Sect,
 * its lines to the TOC that goes on over the next pages. */
int pdfstream_drawing_in(hy_pdfstream *ps, const hy_drawing *d, size_t pos, const int *elems,
                         const hy_pdflink *links, size_t nlinks, hy_err *err);

/* The bytes ps holds until it is closed (where each object is, each page,
 * the book's own elements, the bookmarks' places), not counting the page
 * being written: for tests that it stays a few dozen bytes a page, however
 * many objects a page has. */
size_t pdfstream_held(const hy_pdfstream *ps);

/* Adds a bookmark titled title (UTF-8) to the page at pos, under bookmark
 * parent (-1: top level). Returns its id, or -1 when out of memory. */
int pdfstream_outline(hy_pdfstream *ps, int parent, const char *title, size_t pos);

/* From position pos on, pages are labelled in style ('r' lower roman, 'D'
 * arabic) counting from start. Returns 0, or -1 when out of memory. */
int pdfstream_label(hy_pdfstream *ps, size_t pos, char style, int start);

/* Embeds the font, writes the structure tree's root, the page tree,
 * bookmarks, labels, the document information and its XMP metadata (title,
 * author, subject: UTF-8 or NULL; epoch as in hy_drawing) and the sRGB
 * output intent, and renames the file into place. Every position from 0 to
 * the highest written must hold a page. Frees ps whatever happens. */
int pdfstream_close(hy_pdfstream *ps, const char *title, const char *author,
                    const char *subject, long long epoch, hy_err *err);

/* Drops the document: no file is left. NULL is allowed. */
void pdfstream_abort(hy_pdfstream *ps);

#endif
