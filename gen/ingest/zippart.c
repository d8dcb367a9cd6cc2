#include "ingest/zippart.h"
#include "util/i18n.h"

#include <stdio.h>
#include <string.h>

enum { ZIPPART_CHUNK = 64 * 1024 };

void zippart_stop(hy_zippart *zp)
{
    zp->stopped = 1;
    XML_StopParser(zp->parser, XML_FALSE);
}

unsigned long zippart_line(const hy_zippart *zp)
{
    return zp->parser ? (unsigned long)XML_GetCurrentLineNumber(zp->parser) : 0;
}

static const char *zippart_local_name(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

const char *zippart_attr(const char **attrs, const char *name)
{
    for (size_t i = 0; attrs[i]; i += 2)
        if (strcmp(zippart_local_name(attrs[i]), name) == 0)
            return attrs[i + 1];
    return NULL;
}

int zippart_exists(zip_t *zip, const char *name)
{
    return zip_name_locate(zip, name, ZIP_FL_NOCASE) >= 0;
}

static void XMLCALL zippart_on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    hy_zippart *zp = ud;
    zp->start(zp->ud, zippart_local_name(name), attrs);
}

static void XMLCALL zippart_on_end(void *ud, const XML_Char *name)
{
    hy_zippart *zp = ud;
    zp->end(zp->ud, zippart_local_name(name));
}

static void XMLCALL zippart_on_text(void *ud, const XML_Char *s, int len)
{
    hy_zippart *zp = ud;
    zp->text(zp->ud, s, len);
}

static void zippart_refuse(hy_zippart *zp, const char *what)
{
    if (zp->refused)
        return;
    zp->refused = 1;
    snprintf(zp->why, sizeof zp->why, _("%s: has a %s (line %lu), which no workbook part "
             "has and which can make XML expand without bound; the part was not read"),
             zp->name, what, zippart_line(zp));
    XML_StopParser(zp->parser, XML_FALSE);
}

static void XMLCALL zippart_on_doctype(void *ud, const XML_Char *name,
                                       const XML_Char *sysid, const XML_Char *pubid,
                                       int has_internal_subset)
{
    zippart_refuse(ud, _("DOCTYPE declaration"));
}

static void XMLCALL zippart_on_entity(void *ud, const XML_Char *name, int is_param,
                                      const XML_Char *value, int value_len,
                                      const XML_Char *base, const XML_Char *sysid,
                                      const XML_Char *pubid, const XML_Char *notation)
{
    zippart_refuse(ud, _("entity declaration"));
}

/* Is a part of size bytes (declared in the zip directory, or inflated so far)
 * out of comp compressed bytes beyond the limits? Writes why when it is. */
static int zippart_over_limits(hy_zippart *zp, zip_uint64_t size, zip_uint64_t comp,
                               int declared)
{
    const hy_ingest_limits *lim = zp->limits;
    int bomb = size > ZIPPART_RATIO_FLOOR && size / (comp ? comp : 1) >= lim->max_ratio;
    if (size <= lim->max_part_bytes && !bomb)
        return 0;
    char what[160];
    if (size > lim->max_part_bytes)
        snprintf(what, sizeof what, _("more than the limit of %zu bytes"), lim->max_part_bytes);
    else
        snprintf(what, sizeof what, _("more than %zu times its compressed size of %llu bytes "
                 "(a zip bomb?)"), lim->max_ratio, (unsigned long long)comp);
    if (declared)
        snprintf(zp->why, sizeof zp->why, _("%s: declares %llu bytes, %s; the part was not read"),
                 zp->name, (unsigned long long)size, what);
    else
        snprintf(zp->why, sizeof zp->why, _("%s: decompresses to %s; reading stopped there"),
                 zp->name, what);
    return 1;
}

zippart_status zippart_parse(hy_zippart *zp)
{
    zp->parser = NULL;
    zp->stopped = zp->refused = 0;
    zp->why[0] = '\0';
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(zp->zip, zp->name, ZIP_FL_NOCASE, &st) != 0)
        return ZIPPART_MISSING;
    zip_uint64_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    if ((st.valid & ZIP_STAT_SIZE) && zippart_over_limits(zp, st.size, comp, 1))
        return ZIPPART_FAILED;
    zip_file_t *zf = zip_fopen(zp->zip, zp->name, ZIP_FL_NOCASE);
    if (!zf) {
        snprintf(zp->why, sizeof zp->why, _("%s: cannot be read: %s"), zp->name,
                 zip_strerror(zp->zip));
        return ZIPPART_FAILED;
    }
    XML_Parser p = XML_ParserCreateNS(NULL, '|');
    if (!p) {
        zip_fclose(zf);
        return ZIPPART_NOMEM;
    }
    zp->parser = p;
    XML_SetUserData(p, zp);
    XML_SetElementHandler(p, zippart_on_start, zippart_on_end);
    if (zp->text)
        XML_SetCharacterDataHandler(p, zippart_on_text);
    /* No entity can be declared without a DOCTYPE, and a DOCTYPE ends the parse
     * before its internal subset is read; expat's own billion-laughs limit
     * (on by default since 2.4) stays as a second line. */
    XML_SetStartDoctypeDeclHandler(p, zippart_on_doctype);
    XML_SetEntityDeclHandler(p, zippart_on_entity);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);

    zippart_status status = ZIPPART_OK;
    zip_uint64_t total = 0;
    for (;;) {
        void *buf = XML_GetBuffer(p, ZIPPART_CHUNK);
        if (!buf) {
            status = ZIPPART_NOMEM;
            break;
        }
        zip_int64_t n = zip_fread(zf, buf, ZIPPART_CHUNK);
        if (n < 0) {
            snprintf(zp->why, sizeof zp->why, _("%s: is damaged in the zip file: %s"), zp->name,
                     zip_file_strerror(zf));
            status = ZIPPART_FAILED;
            break;
        }
        total += (zip_uint64_t)n;
        if (zippart_over_limits(zp, total, comp, 0)) {
            status = ZIPPART_FAILED;
            break;
        }
        if (XML_ParseBuffer(p, (int)n, n == 0) != XML_STATUS_OK) {
            if (zp->refused) {
                status = ZIPPART_FAILED;
            } else if (zp->stopped) {
                status = ZIPPART_STOPPED;
            } else if (XML_GetErrorCode(p) == XML_ERROR_NO_MEMORY) {
                status = ZIPPART_NOMEM;
            } else {
                snprintf(zp->why, sizeof zp->why, _("%s: malformed XML at line %lu: %s"), zp->name,
                         (unsigned long)XML_GetCurrentLineNumber(p),
                         XML_ErrorString(XML_GetErrorCode(p)));
                status = ZIPPART_FAILED;
            }
            break;
        }
        if (n == 0)
            break;
    }
    zip_fclose(zf);
    XML_ParserFree(p);
    zp->parser = NULL;
    return status;
}
