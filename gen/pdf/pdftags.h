/*
 * pdftags.h - a drawing's structure as a tagged PDF (ISO 32000-1 14.7-14.8,
 * PDF/UA-1): each run of items with one tag becomes a marked-content
 * sequence in its page's content (BDC /MCID ... EMC, or an /Artifact), and
 * the drawing's nodes become the structure tree, each element listing its
 * children and marked content in reading order, with the /ParentTree that
 * leads from content back to its element.
 *
 * pdfwrite.c calls pdftags_switch before each item it draws (having closed
 * any text object, since a marked-content sequence may not cross one),
 * pdftags_end_page after each page, and pdftags_serialize once at the end;
 * the objects go into the document's object stream (objstm.h). A
 * book of several sheets tags its pages the same way: its drawing's nodes
 * under one Document, a Sect per sheet (drawing.h).
 */
#ifndef HY_PDFTAGS_H
#define HY_PDFTAGS_H

#include <stdint.h>

#include "draw/drawing.h"
#include "util/buf.h"

typedef struct hy_pdftags hy_pdftags;

/* Starts the tagging of a drawing; NULL when out of memory. */
hy_pdftags *pdftags_new(const hy_drawing *d);

/* Frees it; NULL is allowed. */
void pdftags_free(hy_pdftags *t);

/* Does an item tagged tag need a new marked-content sequence (so the caller
 * must close its text object first)? */
int pdftags_changes(const hy_pdftags *t, int32_t tag);

/* Ends the open sequence, if any, and begins one for tag on page (0-based;
 * pages in order), appending the operators to content. Returns 0, or -1
 * when out of memory or tag is not a node of the drawing. */
int pdftags_switch(hy_pdftags *t, size_t page, int32_t tag, hy_buf *content);

/* Ends the page's open sequence. Returns 0, or -1 when out of memory. */
int pdftags_end_page(hy_pdftags *t, hy_buf *content);

/* Writes the structure tree as the text of 1 + nnodes objects, numbered
 * from first: the StructTreeRoot (with its /ParentTree), then each node's
 * element. page_num holds the object number of each of the npages pages.
 * starts[k] receives where object first + k begins in out, and
 * starts[nnodes + 1] where the last ends (nnodes + 2 entries). Returns 0, or
 * -1 when out of memory. */
int pdftags_serialize(hy_pdftags *t, const unsigned *page_num, size_t npages, unsigned first,
                      hy_buf *out, size_t *starts);

/* Records that annotation object obj on page (a link) belongs to node: the
 * element lists it as an object reference. Returns 0, or -1 when out of
 * memory or node is not a node of the drawing. */
int pdftags_objr(hy_pdftags *t, int32_t node, size_t page, unsigned obj);

/* The book's way (pdfstream.h), a drawing's elements only: node i as the
 * text of object first + i, a top-level node i with parent object
 * parents[i] (an array of nnodes, read at top-level nodes only); page_num
 * holds the object number of each page of the drawing. starts[i] receives
 * where element i begins in out, starts[nnodes] where the last ends.
 * Returns 0, or -1 when out of memory. */
int pdftags_elements(hy_pdftags *t, const unsigned *page_num, unsigned first,
                     const unsigned *parents, hy_buf *out, size_t *starts);

/* Appends the /ParentTree entry of a page of the drawing whose elements are
 * numbered from first: the array of the element of each MCID. Returns 0,
 * or -1 when out of memory. */
int pdftags_page_parents(const hy_pdftags *t, size_t page, unsigned first, hy_buf *out);

/* How many marked-content sequences the page has (0: it needs no entry). */
size_t pdftags_page_count(const hy_pdftags *t, size_t page);

#endif
