#include "pdf/pdfmeta.h"

#include <hpdf_version.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/hpdfx.h"
#include "util/fsutil.h"
#include "util/i18n.h"
#include "util/utf8.h"

#ifndef HYOKA_ICC_PROFILE
#define HYOKA_ICC_PROFILE "/usr/share/color/icc/sRGB.icc"
#endif

/* The profile: 2,466 bytes at level 1, 2,452 at level 6, for twice the time. */
#define ICC_LEVEL 1

#define PRODUCER "Haru Free PDF Library " HPDF_VERSION_TEXT

int pdfmeta_xml_escape(hy_buf *b, const char *s)
{
    int oom = 0;
    for (const char *p = s; *p && !oom; p++) {
        switch (*p) {
        case '&': oom = buf_puts(b, "&amp;"); break;
        case '<': oom = buf_puts(b, "&lt;"); break;
        case '>': oom = buf_puts(b, "&gt;"); break;
        case '"': oom = buf_puts(b, "&quot;"); break;
        case '\'': oom = buf_puts(b, "&apos;"); break;
        default: oom = buf_append(b, p, 1);
        }
    }
    return oom ? -1 : 0;
}

/* One simple XMP property: <name>value</name>, or a language alternative
 * (dc:title, dc:description) or an ordered list (dc:creator). */
static int xmp_prop(hy_buf *b, const char *name, const char *container, const char *value)
{
    int oom = 0;
    if (!container) {
        oom |= buf_printf(b, "<%s>", name);
        oom |= pdfmeta_xml_escape(b, value);
        oom |= buf_printf(b, "</%s>\n", name);
        return oom;
    }
    const char *lang = strcmp(container, "Alt") == 0 ? " xml:lang=\"x-default\"" : "";
    oom |= buf_printf(b, "<%s><rdf:%s><rdf:li%s>", name, container, lang);
    oom |= pdfmeta_xml_escape(b, value);
    oom |= buf_printf(b, "</rdf:li></rdf:%s></%s>\n", container, name);
    return oom;
}

/* The XMP packet: the information dictionary's values again (PDF/A asks
 * that they agree), and the claims of conformance. */
static int xmp_packet(const hy_pdfmeta *m, hy_buf *b)
{
    int oom = buf_puts(b,
        "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        "<rdf:Description rdf:about=\"\"\n"
        " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
        " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
        " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
        " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
        " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"\n"
        " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
        " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
        " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n");
    if (m->title)
        oom |= xmp_prop(b, "dc:title", "Alt", m->title);
    if (m->author)
        oom |= xmp_prop(b, "dc:creator", "Seq", m->author);
    if (m->subject)
        oom |= xmp_prop(b, "dc:description", "Alt", m->subject);
    oom |= xmp_prop(b, "xmp:CreatorTool", NULL, m->creator);
    oom |= xmp_prop(b, "pdf:Producer", NULL, m->producer ? m->producer : PRODUCER);
    if (m->has_date) {
        char when[32];
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &m->date);
        oom |= xmp_prop(b, "xmp:CreateDate", NULL, when);
        oom |= xmp_prop(b, "xmp:ModifyDate", NULL, when);
    }
    oom |= buf_puts(b,
        "<pdfaid:part>2</pdfaid:part>\n"
        "<pdfaid:conformance>U</pdfaid:conformance>\n"
        "<pdfuaid:part>1</pdfuaid:part>\n"
        /* pdfuaid is not one of PDF/A-2's predefined schemas: declared here */
        "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
        "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
        "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
        "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
        "<pdfaProperty:name>part</pdfaProperty:name>\n"
        "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
        "<pdfaProperty:category>internal</pdfaProperty:category>\n"
        "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is "
        "followed</pdfaProperty:description>\n"
        "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
        "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
        "</rdf:Description>\n"
        "</rdf:RDF>\n"
        "</x:xmpmeta>\n"
        "<?xpacket end=\"w\"?>");
    return oom ? -1 : 0;
}

static HPDF_STATUS add_text(HPDF_Doc pdf, HPDF_Dict d, const char *key, const char *utf8)
{
    void *s = hpdfx_text(pdf, utf8);
    return s ? HPDF_Dict_Add(d, key, s) : HPDF_FAILD_TO_ALLOC_MEM;
}

static HPDF_STATUS set_info(HPDF_Doc pdf, const hy_pdfmeta *m)
{
    HPDF_Dict info = hpdfx_info(pdf);
    if (!info)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = add_text(pdf, info, "Creator", m->creator);
    if (st == HPDF_OK)
        st = add_text(pdf, info, "Producer", m->producer ? m->producer : PRODUCER);
    if (st == HPDF_OK && m->title)
        st = add_text(pdf, info, "Title", m->title);
    if (st == HPDF_OK && m->author)
        st = add_text(pdf, info, "Author", m->author);
    if (st == HPDF_OK && m->subject)
        st = add_text(pdf, info, "Subject", m->subject);
    if (st == HPDF_OK && m->has_date) {
        char when[32];
        strftime(when, sizeof when, "D:%Y%m%d%H%M%SZ", &m->date);
        st = add_text(pdf, info, "CreationDate", when);
        if (st == HPDF_OK)
            st = add_text(pdf, info, "ModDate", when);
    }
    return st;
}

static HPDF_STATUS set_xmp(HPDF_Doc pdf, HPDF_Dict catalog, const hy_pdfmeta *m, hy_flate *z)
{
    hy_buf xmp = HY_BUF_INIT;
    HPDF_Dict s = hpdfx_stream(pdf);
    HPDF_STATUS st = !s ? HPDF_FAILD_TO_ALLOC_MEM
                     : xmp_packet(m, &xmp) ? HPDF_FAILD_TO_ALLOC_MEM
                     : HPDF_Dict_AddName(s, "Type", "Metadata");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(s, "Subtype", "XML");
    /* compressed (PDF/A-2, unlike PDF/A-1, allows it): 2 KB become 0.8 KB */
    if (st == HPDF_OK)
        st = flate_set(z, s, xmp.data, xmp.len, 1);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(catalog, "Metadata", s);
    buf_free(&xmp);
    return st;
}

/* The PDF/A output intent: the colours the pages paint as DeviceRGB are sRGB. */
static HPDF_STATUS set_output_intent(HPDF_Doc pdf, HPDF_Dict catalog, const void *icc,
                                     size_t icc_len, hy_flate *z)
{
    HPDF_Dict profile = hpdfx_stream(pdf), intent = hpdfx_dict(pdf, 0);
    HPDF_Array intents = hpdfx_array(pdf);
    if (!profile || !intent || !intents)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = HPDF_Dict_AddNumber(profile, "N", 3);
    if (st == HPDF_OK)
        st = flate_set(z, profile, icc, icc_len, ICC_LEVEL);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    if (st == HPDF_OK)
        st = add_text(pdf, intent, "OutputConditionIdentifier", "sRGB IEC61966-2.1");
    if (st == HPDF_OK)
        st = add_text(pdf, intent, "Info", "sRGB IEC61966-2.1");
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(intent, "DestOutputProfile", profile);
    if (st == HPDF_OK)
        st = HPDF_Array_Add(intents, intent);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(catalog, "OutputIntents", intents);
    return st;
}

static HPDF_STATUS set_catalog(HPDF_Doc pdf, HPDF_Dict catalog, const hy_pdfmeta *m)
{
    HPDF_Dict mark = hpdfx_dict(pdf, 0), prefs = hpdfx_dict(pdf, 0);
    if (!mark || !prefs)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = add_text(pdf, catalog, "Lang", m->lang ? m->lang : "ja-JP");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(catalog, "MarkInfo", mark);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(catalog, "ViewerPreferences", prefs);
    return st;
}

int pdfmeta_icc(char **icc, size_t *len, const char *path, hy_err *err)
{
    hy_err why = {0};
    *icc = NULL;
    if (fs_read_file(HYOKA_ICC_PROFILE, 1 << 20, icc, len, &why) != HY_OK || *len < 128) {
        free(*icc);
        *icc = NULL;
        return err_set(err, HY_EIO, _("%s: cannot use the sRGB profile (%s); it comes with "
                         "Debian's icc-profiles-free"), path,
                       why.msg[0] ? why.msg : HYOKA_ICC_PROFILE ": too short");
    }
    return HY_OK;
}

int pdfmeta_write(HPDF_Doc pdf, const hy_pdfmeta *m, hy_flate *z, const char *path, hy_err *err)
{
    char *icc = NULL;
    size_t icc_len = 0;
    int rc = pdfmeta_icc(&icc, &icc_len, path, err);
    if (rc != HY_OK)
        return rc;
    HPDF_Dict catalog = hpdfx_catalog(pdf);
    HPDF_STATUS st = set_info(pdf, m);
    if (st == HPDF_OK)
        st = set_catalog(pdf, catalog, m);
    if (st == HPDF_OK)
        st = set_xmp(pdf, catalog, m, z);
    if (st == HPDF_OK)
        st = set_output_intent(pdf, catalog, icc, icc_len, z);
    free(icc);
    if (st != HPDF_OK)
        return err_set(err, HY_EIO, _("%s: libharu error 0x%04X while writing the metadata"), path,
                       (unsigned)(HPDF_GetError(pdf) ? HPDF_GetError(pdf) : st));
    return HY_OK;
}

int pdfmeta_xmp(const hy_pdfmeta *m, hy_buf *out)
{
    return xmp_packet(m, out);
}

int pdfmeta_text(hy_buf *b, const char *utf8)
{
    static const char hex[] = "0123456789ABCDEF";
    hy_buf be = HY_BUF_INIT;
    int oom = utf8_to_utf16be(utf8, &be) || buf_putc(b, '<') || buf_reserve(b, 2 * be.len + 1);
    for (size_t i = 0; i < be.len && !oom; i++) {
        unsigned char c = (unsigned char)be.data[i];
        char h[2] = {hex[c >> 4], hex[c & 15]};
        oom = buf_append(b, h, 2);
    }
    buf_free(&be);
    return oom || buf_putc(b, '>') ? -1 : 0;
}

int pdfmeta_info_text(const hy_pdfmeta *m, hy_buf *b)
{
    const char *keys[] = {"Creator", "Producer", "Title", "Author", "Subject"};
    const char *vals[] = {m->creator, m->producer ? m->producer : PRODUCER, m->title, m->author,
                          m->subject};
    int oom = buf_puts(b, "<<");
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (vals[i])
            oom |= buf_printf(b, "/%s ", keys[i]) | pdfmeta_text(b, vals[i]);
    if (m->has_date) {
        char when[32];
        strftime(when, sizeof when, "D:%Y%m%d%H%M%SZ", &m->date);
        oom |= buf_printf(b, "/CreationDate (%s)/ModDate (%s)", when, when);
    }
    return oom | buf_puts(b, ">>") ? -1 : 0;
}

int pdfmeta_catalog_text(const hy_pdfmeta *m, hy_buf *b)
{
    int oom = buf_puts(b, "/Lang ") | pdfmeta_text(b, m->lang ? m->lang : "ja-JP");
    oom |= buf_puts(b, "/MarkInfo <</Marked true>>/ViewerPreferences <</DisplayDocTitle true>>");
    return oom ? -1 : 0;
}
