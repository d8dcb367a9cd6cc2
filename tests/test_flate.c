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

int main(void)
{
    static const hy_test tests[] = {
        {"compressed stream reads back, /FlateDecode once", test_round_trip},
        {NULL, NULL},
    };
    return test_main("flate", tests);
}
