/*
 * objstm.h - a saved PDF made smaller: its dictionaries packed into one
 * compressed object stream, its cross-reference table into a compressed
 * cross-reference stream (PDF 1.5, allowed by PDF/A-2).
 *
 * A tagged sheet has ~250 structure elements, each a small dictionary of its
 * own (the /ParentTree must point at each): as plain objects with their
 * cross-reference entries they weigh ~30 KB, four times the sheet's text.
 * libharu 2.3.0 writes only plain objects and a classic table, so hyoka
 * rewrites the file it saves: same objects, same numbers, each stream as it
 * was, every other object in the object stream.
 */
#ifndef HY_OBJSTM_H
#define HY_OBJSTM_H

#include <stddef.h>

#include "pdf/flate.h"
#include "util/buf.h"

/* Objects written by hand, added to the object stream: objects first,
 * first + 1, ... (first is the number after libharu's last), object k being
 * text[starts[k] .. starts[k + 1]); and entries for the catalog. */
typedef struct hy_objstm_extra {
    unsigned first;
    size_t n;
    const char *text;
    const size_t *starts;      /* n + 1 offsets */
    const char *catalog;       /* e.g. "/StructTreeRoot 40 0 R", or NULL */
} hy_objstm_extra;

/* Rewrites the complete PDF in[0..len) as libharu 2.3.0 saves it (a header,
 * objects 1..n-1 in order, a classic xref table, a trailer) into out, with
 * the extra objects (NULL: none). Returns 0, or -1 when out of memory or the
 * input is not laid out so (or extra->first is not n). */
int objstm_pack(const char *in, size_t len, const hy_objstm_extra *extra, hy_flate *z,
                hy_buf *out);

/* Appends to out object num: an object stream holding the n objects
 * numbered first, first + 1, ..., object k being text[starts[k] ..
 * starts[k + 1]) (the book writes one per drawing, pdfstream.h). Returns 0,
 * or -1 when out of memory. */
int objstm_stream(unsigned num, unsigned first, size_t n, const char *text, const size_t *starts,
                  hy_flate *z, hy_buf *out);

#endif
