/*
 * pdfpaint.h - one page of a drawing as a PDF content stream: the operators
 * that paint its items, each run of items inside its marked-content sequence
 * (pdftags.h), each graphics-state operator written only when its value
 * changes. Both PDF writers paint through here: pdf_write (a sheet, in a
 * libharu document) and pdfstream (the book, written as it goes). They differ
 * only in how a line of text becomes codes of a font resource and where an
 * image's XObject comes from, which they supply as callbacks.
 */
#ifndef HY_PDFPAINT_H
#define HY_PDFPAINT_H

#include <hpdf.h>

#include "draw/drawing.h"
#include "pdf/pdftags.h"
#include "util/buf.h"

typedef struct hy_pdfpaint {
    hy_buf *content;      /* the page's operators are appended here */
    hy_pdftags *tags;     /* the drawing's tagging */
    size_t page;          /* the page's index in the drawing */
    /* Writes text item it as codes of its font (2 bytes each) into codes and
     * sets *res to the font's resource number (n for /Fn). Returns HPDF_OK or
     * a libharu status. */
    HPDF_STATUS (*text)(void *ctx, const hy_draw_item *it, hy_buf *codes, int *res);
    /* Makes image item it a resource of the page: *name its XObject's name,
     * *w and *h its size in pixels. Returns HPDF_OK or a libharu status. */
    HPDF_STATUS (*image)(void *ctx, const hy_draw_item *it, const char **name, float *w,
                         float *h);
    void *ctx;
    hy_buf codes;         /* scratch; free with pdfpaint_free */
} hy_pdfpaint;

/* Paints page pg (of height pg->height; drawing coordinates are flipped) into
 * pp->content, which it empties first, and closes the page's marked content.
 * Returns HPDF_OK, HPDF_FAILD_TO_ALLOC_MEM or what a callback or an invalid
 * item gave. */
HPDF_STATUS pdfpaint_page(hy_pdfpaint *pp, const hy_page *pg);

/* Frees the scratch buffer. */
void pdfpaint_free(hy_pdfpaint *pp);

#endif
