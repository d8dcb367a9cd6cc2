/*
 * flate.h - compressing the streams of a libharu document, faster and at the
 * level each kind of content deserves, instead of libharu's one fixed way.
 *
 * libharu 2.3.0 deflates every stream at save time with zlib at
 * Z_DEFAULT_COMPRESSION (level 6, hardcoded in hpdf_streams.c), through 4 KB
 * buffers. Measured on a sheet, that was half of all the time spent making
 * it, most of it on the embedded font, whose glyph outlines hardly compress
 * at any level. So hyoka turns libharu's compression off and compresses each
 * stream itself before saving, with libdeflate (whole-buffer DEFLATE, same
 * zlib format): on a sheet's 56 KB font, 42.4 KB in 0.29 ms at level 1,
 * where zlib took 0.74 ms for 43.2 KB at level 1 and 1.30 ms for 41.5 KB at
 * level 6. The stream then holds deflated bytes, and its dictionary says so
 * with /Filter /FlateDecode, written by its write hook (libharu drops a
 * /Filter entry from a stream it was not asked to compress).
 */
#ifndef HY_FLATE_H
#define HY_FLATE_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Compressors (one per level used) and an output buffer, kept for all the
 * streams of a document. */
typedef struct hy_flate hy_flate;

/* Creates a compressor set; NULL when out of memory. */
hy_flate *flate_new(void);

/* Frees it; NULL is allowed. */
void flate_free(hy_flate *f);

/* Makes the stream dictionary dict hold data, compressed at level (1-12).
 * Returns HPDF_OK, HPDF_FAILD_TO_ALLOC_MEM or HPDF_ZLIB_ERROR. */
HPDF_STATUS flate_set(hy_flate *f, HPDF_Dict dict, const void *data, size_t len, int level);

/* Compresses data at level (1-12) into zlib format: *out (owned by f, valid
 * until its next use) and *out_len. Returns 0, or -1 when out of memory. */
int flate_bytes(hy_flate *f, const void *data, size_t len, int level, const void **out,
                size_t *out_len);

/* Gives the next piece of data to compress: up to cap bytes into buf, their
 * number into *got (0: the end). Returns 0, or -1 to stop with an error. */
typedef int (*hy_flate_fill)(void *ctx, unsigned char *buf, size_t cap, size_t *got);

/* Compresses the data fill gives, a piece at a time, into zlib format at
 * zlib's level (1-9), written to fp; *out_len the bytes written. For data
 * too large to hold at once (a book's cross-reference rows: 9 bytes an
 * object, 260 MB at 100,000 projects), which libdeflate, whole buffers
 * only, cannot take. Returns 0, or -1 when fill, memory or a write fails. */
int flate_to_file(int level, hy_flate_fill fill, void *ctx, FILE *fp, uint64_t *out_len);

#endif
