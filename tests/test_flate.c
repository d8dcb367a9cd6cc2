/* tests for pdf/flate: a stream compressed by hyoka reads back exactly and says
 * /FlateDecode once, in the saved document */
#include <hpdf.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>

#include "pdf/flate.h"
#include "pdf/hpdfx.h"
#include "util/buf.h"
#include "testutil.h"

static int gather(void *ctx, const void *p, size_t n)
{
    return buf_append(ctx, p, n);
}

/* The saved document. */
static char *save_doc(HPDF_Doc pdf, size_t *len)
{
    hy_buf b = HY_BUF_INIT;
    if (hpdfx_save(pdf, gather, &b) != HPDF_OK || buf_append(&b, "", 0) != 0) {
        buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return b.data;
}

static const char *find(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

static void test_round_trip(void)
{
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    HPDF_Dict dict = hpdfx_stream(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dict);
    /* reachable from the catalog, so that it is written */
    CU_ASSERT_EQUAL(HPDF_Dict_Add(hpdfx_catalog(pdf), "HyokaTest", dict), HPDF_OK);

    char text[6000];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = "0123456789 re\nBT ET"[i % 19];
    hy_flate *f = flate_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    /* an empty stream is a stream too */
    HPDF_Dict empty = hpdfx_stream(pdf);
    CU_ASSERT_EQUAL(flate_set(f, empty, "", 0, 1), HPDF_OK);
    CU_ASSERT_EQUAL(flate_set(f, dict, text, sizeof text, 6), HPDF_OK);
    CU_ASSERT_EQUAL(flate_set(f, dict, text, sizeof text, 0), HPDF_ZLIB_ERROR);
    CU_ASSERT_EQUAL(flate_set(f, dict, text, sizeof text, 13), HPDF_ZLIB_ERROR);

    size_t len = 0;
    char *doc = save_doc(pdf, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    /* the stream's dictionary: its /Filter once, written by flate */
    const char *filter = find(doc, len, "/Filter /FlateDecode\n>>\nstream\r\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(filter);
    CU_ASSERT_PTR_NULL(find(filter + 1, len - (size_t)(filter + 1 - doc), "/Filter [")); /* none of libharu's */
    const char *data = filter + strlen("/Filter /FlateDecode\n>>\nstream\r\n");
    const char *end = find(data, len - (size_t)(data - doc), "\nendstream");
    CU_ASSERT_PTR_NOT_NULL_FATAL(end);
    char back[8000];
    size_t back_len = 0;
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    CU_ASSERT_EQUAL(libdeflate_zlib_decompress(d, data, (size_t)(end - data), back, sizeof back,
                                               &back_len),
                    LIBDEFLATE_SUCCESS);
    libdeflate_free_decompressor(d);
    CU_ASSERT_EQUAL(back_len, sizeof text);
    CU_ASSERT(memcmp(back, text, sizeof text) == 0);
    CU_ASSERT((size_t)(end - data) < sizeof text / 10);   /* it did compress */

    free(doc);
    flate_free(f);
    flate_free(NULL);
    HPDF_Free(pdf);
}

/* 3 MB given in pieces of up to 1,000 bytes of a running count. */
typedef struct counting {
    size_t left, at;
} counting;

static int count_fill(void *ctx, unsigned char *buf, size_t cap, size_t *got)
{
    counting *c = ctx;
    size_t n = cap < 1000 ? cap : 1000;
    if (n > c->left)
        n = c->left;
    for (size_t i = 0; i < n; i++, c->at++)
        buf[i] = (unsigned char)((c->at / 9) * 7 + c->at % 9);
    c->left -= n;
    *got = n;
    return 0;
}

static int failing_fill(void *ctx, unsigned char *buf, size_t cap, size_t *got)
{
    (void)ctx;
    (void)buf;
    (void)cap;
    *got = 0;
    return -1;
}

/* flate_to_file: data given a piece at a time inflates back exactly. */
static void test_to_file(void)
{
    enum { N = 3 << 20 };
    counting c = {N, 0};
    FILE *fp = tmpfile();
    uint64_t len = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    CU_ASSERT_EQUAL_FATAL(flate_to_file(6, count_fill, &c, fp, &len), 0);
    CU_ASSERT(len > 0 && len < N / 4 && (uint64_t)ftell(fp) == len);
    unsigned char *packed = malloc(len), *back = malloc(N), *want = malloc(N);
    CU_ASSERT_FATAL(packed && back && want);
    rewind(fp);
    CU_ASSERT_EQUAL(fread(packed, 1, len, fp), len);
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    size_t got = 0;
    CU_ASSERT_EQUAL(libdeflate_zlib_decompress(d, packed, len, back, N, &got), LIBDEFLATE_SUCCESS);
    counting w = {N, 0};
    size_t n = 0;
    for (size_t at = 0; at < N; at += n)
        count_fill(&w, want + at, N - at, &n);
    CU_ASSERT(got == N && memcmp(back, want, N) == 0);
    libdeflate_free_decompressor(d);
    CU_ASSERT_EQUAL(flate_to_file(6, failing_fill, NULL, fp, &len), -1);
    fclose(fp);
    free(packed);
    free(back);
    free(want);
}

int main(void)
{
    static const hy_test tests[] = {
        {"compressed stream reads back, /FlateDecode once", test_round_trip},
        {"compressed a piece at a time into a file", test_to_file},
        {NULL, NULL},
    };
    return test_main("flate", tests);
}
