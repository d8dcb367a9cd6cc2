/*
 * pdfimage.h - a PNG or JPEG file as the parts of a PDF image XObject, for
 * the writer that writes its objects itself (pdfstream.h; pdf_write lets
 * libharu read images). A JPEG is embedded as it is (DCTDecode); a PNG is
 * decoded (libpng) to 8-bit RGB, its transparency, if any, kept as a soft
 * mask (which PDF/A-2 allows).
 */
#ifndef HY_PDFIMAGE_H
#define HY_PDFIMAGE_H

#include <stddef.h>

#include "util/err.h"

typedef struct hy_pdfimage {
    unsigned width, height;
    const char *colorspace;   /* DeviceRGB or DeviceGray */
    int jpeg;                 /* data is the JPEG file: /Filter /DCTDecode */
    unsigned char *data;      /* else 8-bit samples, to be deflated */
    size_t len;
    unsigned char *alpha;     /* a PNG's alpha samples (width x height), or NULL */
} hy_pdfimage;

/* Reads file (PNG or JPEG, by its first bytes). Returns HY_OK, or HY_EUSAGE
 * (not an image hyoka can embed, naming the file and why) / HY_EIO with err
 * set. */
int pdfimage_load(const char *file, hy_pdfimage *im, hy_err *err);

/* Frees what pdfimage_load allocated. */
void pdfimage_free(hy_pdfimage *im);

#endif
