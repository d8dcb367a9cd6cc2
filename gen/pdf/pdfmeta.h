/*
 * pdfmeta.h - what a PDF says about itself, as PDF/A-2u and PDF/UA-1 ask:
 * the document information dictionary and the same values as XMP metadata
 * (with pdfaid part 2 / conformance U and pdfuaid part 1, and the extension
 * schema PDF/A needs to accept pdfuaid), the document's language, that it is
 * tagged (/MarkInfo), that viewers show its title rather than its file name,
 * and an sRGB output intent for the colours it paints (DeviceRGB).
 *
 * The ICC profile is the sRGB profile of Debian's icc-profiles-free,
 * read from HYOKA_ICC_PROFILE (set at build time).
 */
#ifndef HY_PDFMETA_H
#define HY_PDFMETA_H

#include <hpdf.h>
#include <time.h>

#include "pdf/flate.h"
#include "util/buf.h"
#include "util/err.h"

typedef struct hy_pdfmeta {
    const char *title;     /* UTF-8, or NULL */
    const char *author;
    const char *subject;
    const char *creator;   /* the program */
    const char *producer;  /* what wrote the PDF; NULL: libharu */
    const char *lang;      /* BCP 47 language tag, e.g. ja-JP */
    int has_date;
    struct tm date;        /* creation and modification date, UTC */
} hy_pdfmeta;

/* Writes all of it into the document (info, catalog /Metadata, /Lang,
 * /MarkInfo, /ViewerPreferences, /OutputIntents). path is for messages.
 * Returns HY_OK, or HY_EIO with err set (the ICC profile could not be read,
 * out of memory). */
int pdfmeta_write(HPDF_Doc pdf, const hy_pdfmeta *m, hy_flate *z, const char *path, hy_err *err);

/* The book's way (pdfstream.h), the same values as text for objects written
 * by hand: the XMP packet; the information dictionary; the catalog's
 * entries (/Lang, /MarkInfo, /ViewerPreferences); a PDF text string (UTF-16BE
 * with a byte order mark, as a hex string). Each appends to b and returns 0,
 * or -1 when out of memory. */
int pdfmeta_xmp(const hy_pdfmeta *m, hy_buf *b);
int pdfmeta_info_text(const hy_pdfmeta *m, hy_buf *b);
int pdfmeta_catalog_text(const hy_pdfmeta *m, hy_buf *b);
int pdfmeta_text(hy_buf *b, const char *utf8);

/* Reads the sRGB profile of the output intent into *icc (malloc'd, *len
 * bytes). path is for messages. Returns HY_OK, or HY_EIO with err set. */
int pdfmeta_icc(char **icc, size_t *len, const char *path, hy_err *err);

/* Appends s to b with XML's five special characters escaped. Returns 0, or -1
 * when out of memory. */
int pdfmeta_xml_escape(hy_buf *b, const char *s);

#endif
