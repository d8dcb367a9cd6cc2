#include "pdf/flate.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <zlib.h>

#include "pdf/hpdfx.h"

#define FLATE_LEVELS 13   /* libdeflate's levels are 0 to 12 */

struct hy_flate {
    struct libdeflate_compressor *by_level[FLATE_LEVELS];
    unsigned char *out;
    size_t out_cap;
};

hy_flate *flate_new(void)
{
    return calloc(1, sizeof(hy_flate));
}

void flate_free(hy_flate *f)
{
    if (!f)
        return;
    for (int i = 0; i < FLATE_LEVELS; i++)
        libdeflate_free_compressor(f->by_level[i]);
    free(f->out);
    free(f);
}

static int grow(unsigned char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    unsigned char *p = realloc(*buf, need);
    if (!p)
        return -1;
    *buf = p;
    *cap = need;
    return 0;
}

int flate_bytes(hy_flate *f, const void *data, size_t len, int level, const void **out,
                size_t *out_len)
{
    if (level < 1 || level >= FLATE_LEVELS)
        return -1;
    if (!f->by_level[level] && !(f->by_level[level] = libdeflate_alloc_compressor(level)))
        return -1;
    struct libdeflate_compressor *c = f->by_level[level];
    if (grow(&f->out, &f->out_cap, libdeflate_zlib_compress_bound(c, len)))
        return -1;
    size_t n = libdeflate_zlib_compress(c, data, len, f->out, f->out_cap);
    if (n == 0)
        return -1;
    *out = f->out;
    *out_len = n;
    return 0;
}

HPDF_STATUS flate_set(hy_flate *f, HPDF_Dict dict, const void *data, size_t len, int level)
{
    if (level < 1 || level >= FLATE_LEVELS)
        return HPDF_ZLIB_ERROR;
    if (!f->by_level[level] && !(f->by_level[level] = libdeflate_alloc_compressor(level)))
        return HPDF_FAILD_TO_ALLOC_MEM;
    struct libdeflate_compressor *c = f->by_level[level];
    if (grow(&f->out, &f->out_cap, libdeflate_zlib_compress_bound(c, len)))
        return HPDF_FAILD_TO_ALLOC_MEM;
    size_t n = libdeflate_zlib_compress(c, data, len, f->out, f->out_cap);
    if (n == 0)
        return HPDF_ZLIB_ERROR;
    return hpdfx_stream_set(dict, f->out, n, 1);
}

#define PIECE 65536

/* Deflates what strm holds (flush: Z_NO_FLUSH or Z_FINISH) into fp. */
static int deflate_out(z_stream *strm, int flush, unsigned char *out, FILE *fp, uint64_t *n)
{
    do {
        strm->next_out = out;
        strm->avail_out = PIECE;
        int st = deflate(strm, flush);
        if (st == Z_STREAM_ERROR)
            return -1;
        size_t have = PIECE - strm->avail_out;
        if (have && fwrite(out, 1, have, fp) != have)
            return -1;
        *n += have;
    } while (strm->avail_out == 0);
    return 0;
}

int flate_to_file(int level, hy_flate_fill fill, void *ctx, FILE *fp, uint64_t *out_len)
{
    z_stream strm = {0};
    unsigned char *in = malloc(PIECE), *out = malloc(PIECE);
    int rc = in && out && deflateInit(&strm, level) == Z_OK ? 0 : -1;
    int begun = rc == 0;
    *out_len = 0;
    size_t got = 1;
    while (rc == 0 && got) {
        rc = fill(ctx, in, PIECE, &got);
        strm.next_in = in;
        strm.avail_in = (uInt)got;
        rc = rc || deflate_out(&strm, got ? Z_NO_FLUSH : Z_FINISH, out, fp, out_len);
    }
    if (begun)
        deflateEnd(&strm);
    free(in);
    free(out);
    return rc ? -1 : 0;
}
