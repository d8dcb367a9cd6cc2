#include "pdf/hpdfx.h"

#include <hpdf_doc.h>
#include <hpdf_list.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_version.h>
#include <stdint.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"

/* Everything below reads libharu 2.3.0's private structures; another
 * version may lay them out differently. Review this file, then change the
 * check (and tests/test_hpdfx.c). */
#if HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3 || HPDF_BUGFIX_VERSION != 0
#error "gen/pdf/hpdfx.c is written against libharu 2.3.0's private structures"
#endif

int hpdfx_check(void)
{
    const char *v = HPDF_GetVersion();
    return v && strcmp(v, HPDF_VERSION_TEXT) == 0;
}

void hpdfx_set_pdf17(HPDF_Doc pdf)
{
    pdf->pdf_version = HPDF_VER_17;
}

HPDF_Dict hpdfx_catalog(HPDF_Doc pdf)
{
    return pdf->catalog;
}

HPDF_Dict hpdfx_dict(HPDF_Doc pdf, int indirect)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (d && indirect && HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
        return NULL;   /* HPDF_Xref_Add freed it */
    return d;
}

HPDF_Dict hpdfx_info(HPDF_Doc pdf)
{
    /* libharu creates it on its first HPDF_SetInfoAttr; the trailer refers
     * to it when it exists */
    if (!pdf->info)
        pdf->info = hpdfx_dict(pdf, 1);
    return pdf->info;
}

HPDF_Dict hpdfx_stream(HPDF_Doc pdf)
{
    return HPDF_DictStream_New(pdf->mmgr, pdf->xref);
}

HPDF_Array hpdfx_array(HPDF_Doc pdf)
{
    return HPDF_Array_New(pdf->mmgr);
}

HPDF_Binary hpdfx_bytes(HPDF_Doc pdf, const void *data, size_t len)
{
    return HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)data, (HPDF_UINT)len);
}

void *hpdfx_text(HPDF_Doc pdf, const char *utf8)
{
    size_t n = strlen(utf8);
    int ascii = 1;
    for (size_t i = 0; i < n; i++)
        ascii &= (unsigned char)utf8[i] >= 0x20 && (unsigned char)utf8[i] < 0x7F;
    if (ascii)
        return HPDF_String_New(pdf->mmgr, utf8, NULL);
    /* UTF-16BE with a byte order mark, surrogate pairs above U+FFFF */
    hy_buf b = HY_BUF_INIT;
    int oom = utf8_to_utf16be(utf8, &b);
    void *s = oom ? NULL : hpdfx_bytes(pdf, b.data, b.len);
    buf_free(&b);
    return s;
}

/* The dictionary's /Filter, written inside its << >> after its entries
 * (libharu drops a /Filter entry from a stream it was not asked to compress). */
static HPDF_STATUS write_filter(HPDF_Dict dict, HPDF_Stream out)
{
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

HPDF_STATUS hpdfx_stream_set(HPDF_Dict stream, const void *data, size_t len, int deflated)
{
    HPDF_MemStream_FreeData(stream->stream);
    HPDF_STATUS st = len ? HPDF_Stream_Write(stream->stream, data, (HPDF_UINT)len) : HPDF_OK;
    if (st != HPDF_OK)
        return st;
    stream->filter = HPDF_STREAM_FILTER_NONE;
    stream->write_fn = deflated ? write_filter : NULL;
    return HPDF_OK;
}

HPDF_Dict hpdfx_page_contents(HPDF_Page page)
{
    return ((HPDF_PageAttr)page->attr)->contents;
}

unsigned hpdfx_obj_num(const void *obj)
{
    return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

unsigned hpdfx_next_obj_num(HPDF_Doc pdf)
{
    return (unsigned)pdf->xref->entries->count;
}

HPDF_STATUS hpdfx_set_id(HPDF_Doc pdf, const unsigned char id[16])
{
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    if (!a)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = HPDF_Dict_Add(pdf->trailer, "ID", a);
    if (st == HPDF_OK)
        st = HPDF_Array_Add(a, hpdfx_bytes(pdf, id, 16));
    if (st == HPDF_OK)
        st = HPDF_Array_Add(a, hpdfx_bytes(pdf, id, 16));
    return st;
}

HPDF_STATUS hpdfx_save(HPDF_Doc pdf, int (*write)(void *ctx, const void *p, size_t n), void *ctx)
{
    HPDF_STATUS st = HPDF_SaveToStream(pdf);
    if (st != HPDF_OK)
        return st;
    HPDF_Stream stream = pdf->stream;
    HPDF_UINT count = HPDF_MemStream_GetBufCount(stream);
    for (HPDF_UINT i = 0; i < count; i++) {
        HPDF_UINT len = 0;
        HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(stream, i, &len);
        if (!p || write(ctx, p, len) != 0)
            return HPDF_FILE_IO_ERROR;
    }
    return HPDF_OK;
}
