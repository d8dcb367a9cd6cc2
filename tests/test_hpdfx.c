/* tests for pdf/hpdfx: the one file that reads libharu's private structures
 * works with the libharu this program runs with, and does what it says:
 * objects it makes are written, the header says 1.7, the /ID is the one set. */
#include <hpdf.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/hpdfx.h"
#include "testutil.h"
#include "util/buf.h"

static int gather(void *ctx, const void *p, size_t n)
{
    return buf_append(ctx, p, n);
}

/* The run-time library is the one the private structures were read from. */
static void test_version(void)
{
    CU_ASSERT_TRUE(hpdfx_check());
    CU_ASSERT_STRING_EQUAL(HPDF_GetVersion(), "2.3.0");
}

static void test_objects(void)
{
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pdf);
    CU_ASSERT_EQUAL(HPDF_SetCompressionMode(pdf, HPDF_COMP_NONE), HPDF_OK);
    hpdfx_set_pdf17(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(HPDF_AddPage(pdf));
    HPDF_Dict cat = hpdfx_catalog(pdf);
    HPDF_Dict shared = hpdfx_dict(pdf, 1), direct = hpdfx_dict(pdf, 0);
    HPDF_Dict stream = hpdfx_stream(pdf);
    HPDF_Array arr = hpdfx_array(pdf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(shared);
    CU_ASSERT_PTR_NOT_NULL_FATAL(direct);
    CU_ASSERT_PTR_NOT_NULL_FATAL(stream);
    CU_ASSERT_PTR_NOT_NULL_FATAL(arr);
    /* an indirect object may be referred to twice, a direct one is inlined */
    CU_ASSERT_EQUAL(HPDF_Dict_Add(cat, "HyA", shared), HPDF_OK);
    CU_ASSERT_EQUAL(HPDF_Dict_Add(cat, "HyB", arr), HPDF_OK);
    CU_ASSERT_EQUAL(HPDF_Array_Add(arr, shared), HPDF_OK);
    CU_ASSERT_EQUAL(HPDF_Dict_Add(cat, "HyC", direct), HPDF_OK);
    CU_ASSERT_EQUAL(HPDF_Dict_AddName(direct, "Hy", "Direct"), HPDF_OK);
    CU_ASSERT_EQUAL(HPDF_Dict_Add(shared, "T", hpdfx_text(pdf, "ab(c)")), HPDF_OK);
    CU_ASSERT_EQUAL(HPDF_Dict_Add(shared, "U", hpdfx_text(pdf, "評価")), HPDF_OK);
    CU_ASSERT_EQUAL(HPDF_Dict_Add(cat, "HyS", stream), HPDF_OK);
    CU_ASSERT_EQUAL(hpdfx_stream_set(stream, "hello stream", 12, 0), HPDF_OK);
    CU_ASSERT_EQUAL(HPDF_Dict_Add(hpdfx_info(pdf), "Title", hpdfx_text(pdf, "t")), HPDF_OK);
    unsigned char id[16];
    for (int i = 0; i < 16; i++)
        id[i] = (unsigned char)(0xA0 + i);
    CU_ASSERT_EQUAL(hpdfx_set_id(pdf, id), HPDF_OK);

    hy_buf b = HY_BUF_INIT;
    CU_ASSERT_EQUAL_FATAL(hpdfx_save(pdf, gather, &b), HPDF_OK);
    CU_ASSERT_EQUAL_FATAL(buf_append(&b, "", 0), 0);
    const char *doc = b.data;
    CU_ASSERT_EQUAL(strncmp(doc, "%PDF-1.7\n", 9), 0);
    CU_ASSERT(test_contains(doc, "/HyC <<\n/Hy /Direct\n>>"));
    CU_ASSERT(test_contains(doc, "/T (ab\\050c\\051)"));
    CU_ASSERT(test_contains(doc, "/U <FEFF8A554FA1>"));
    CU_ASSERT(test_contains(doc, "stream\r\nhello stream\nendstream"));
    CU_ASSERT(test_contains(doc, "/ID [ <A0A1A2A3A4A5A6A7A8A9AAABACADAEAF> "
                                 "<A0A1A2A3A4A5A6A7A8A9AAABACADAEAF> ]"));
    CU_ASSERT(test_contains(doc, "/Title (t)"));
    buf_free(&b);
    HPDF_Free(pdf);
}

int main(void)
{
    static const hy_test tests[] = {
        {"run-time libharu is 2.3.0", test_version},
        {"objects, strings, stream, /ID, header", test_objects},
        {NULL, NULL},
    };
    return test_main("hpdfx", tests);
}
