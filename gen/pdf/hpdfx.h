/*
 * hpdfx.h - everything hyoka needs from libharu that its public API does not
 * give, in one place: the document's catalog, information and trailer
 * dictionaries, new objects in the cross-reference table, a stream's bytes
 * set directly, the header version, and the saved bytes.
 *
 * libharu 2.3.0 (Debian 12) can write neither a structure tree nor XMP
 * metadata, an output intent or a reproducible /ID; it can write any
 * dictionary, though, and hyoka builds those itself. Doing so means reading
 * libharu's private structures (HPDF_Doc_Rec, HPDF_Dict_Rec, HPDF_PageAttr),
 * whose layout may change in any release. hpdfx.c is the only file that does
 * (the rest of gen/pdf/ uses <hpdf.h>, the object functions of
 * <hpdf_objects.h>, and this), it refuses to compile against another libharu
 * version, and hpdfx_check() compares the library loaded at run time with
 * the headers (tests/test_hpdfx.c). Moving to another libharu version means
 * reviewing this one file.
 */
#ifndef HY_HPDFX_H
#define HY_HPDFX_H

#include <hpdf.h>
#include <stddef.h>

/* Returns 1 when the libharu loaded at run time is the version hpdfx.c was
 * written against (2.3.0); 0 otherwise. */
int hpdfx_check(void);

/* Sets the version in the file's header (%PDF-1.7, as PDF/A-2 and PDF/UA-1
 * ask for the features they use). */
void hpdfx_set_pdf17(HPDF_Doc pdf);

/* The document catalog and the information dictionary (created on first use;
 * NULL when out of memory). */
HPDF_Dict hpdfx_catalog(HPDF_Doc pdf);
HPDF_Dict hpdfx_info(HPDF_Doc pdf);

/* A new empty dictionary: indirect (an object of its own in the file, which
 * any number of others may refer to) or direct (to be added to exactly one
 * other object). NULL when out of memory. */
HPDF_Dict hpdfx_dict(HPDF_Doc pdf, int indirect);

/* A new, empty, indirect stream; fill it with hpdfx_stream_set. */
HPDF_Dict hpdfx_stream(HPDF_Doc pdf);

/* A new empty direct array. */
HPDF_Array hpdfx_array(HPDF_Doc pdf);

/* String objects (for HPDF_Dict_Add, HPDF_Array_Add): a PDF text string
 * from UTF-8 (a literal string when printable ASCII, else UTF-16BE with a
 * byte order mark, as a hex string), and raw bytes as a hex string. NULL when
 * out of memory. */
void *hpdfx_text(HPDF_Doc pdf, const char *utf8);
HPDF_Binary hpdfx_bytes(HPDF_Doc pdf, const void *data, size_t len);

/* Makes stream hold exactly data (replacing what it held). With deflated,
 * the data is already zlib-compressed and the dictionary says /FlateDecode;
 * libharu itself compresses nothing (HPDF_COMP_NONE). */
HPDF_STATUS hpdfx_stream_set(HPDF_Dict stream, const void *data, size_t len, int deflated);

/* The content stream libharu created for a page. */
HPDF_Dict hpdfx_page_contents(HPDF_Page page);

/* The object number of an indirect object (a page, a dictionary from
 * hpdfx_dict(pdf, 1)), for references written by hand. */
unsigned hpdfx_obj_num(const void *obj);

/* The number the next object will get: objects written by hand after the
 * document is complete (objstm.h) are numbered from here. */
unsigned hpdfx_next_obj_num(HPDF_Doc pdf);

/* Sets the trailer's /ID to two copies of the 16 bytes given (libharu 2.3.0
 * writes one only with encryption, from the time of day). */
HPDF_STATUS hpdfx_set_id(HPDF_Doc pdf, const unsigned char id[16]);

/* Saves the document into memory and hands the bytes to write, piece by
 * piece, in order; write returns 0, or nonzero to stop. Returns HPDF_OK, a
 * libharu error, or HPDF_FILE_IO_ERROR when write failed. */
HPDF_STATUS hpdfx_save(HPDF_Doc pdf, int (*write)(void *ctx, const void *p, size_t n),
                       void *ctx);

#endif
