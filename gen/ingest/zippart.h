/*
 * zippart.h - streaming one XML part of a zip package (an .xlsx) through expat,
 * safely.
 *
 * A worksheet part can be hundreds of megabytes of XML, so it is never held
 * whole: it is decompressed in 64 KB pieces straight into expat's buffer. A
 * hostile file is stopped before it costs anything: a part larger than
 * max_part_bytes, or one that inflates more than max_ratio times its compressed
 * size (a zip bomb), is refused from its declared sizes and again while it is
 * read, since the sizes in a zip directory can lie. A DOCTYPE or entity
 * declaration, which no workbook part has and which is how entity-expansion
 * attacks start, ends the parse.
 *
 * Element names reach the handlers without their namespace ("row", not
 * "http://...main|row"), so parts written with prefixes (<x:row>) read the same.
 * Attribute names keep theirs as "namespace|name"; zippart_attr ignores it.
 */
#ifndef HY_ZIPPART_H
#define HY_ZIPPART_H

#include <expat.h>
#include <zip.h>

#include "ingest/ingest.h"

/* Parts smaller than this are never refused for their compression ratio: a
 * small, repetitive part may compress very well and still cost nothing. */
#define ZIPPART_RATIO_FLOOR ((zip_uint64_t)1 << 20)

typedef enum zippart_status {
    ZIPPART_OK,        /* read whole */
    ZIPPART_MISSING,   /* no such part in the package */
    ZIPPART_FAILED,    /* not read, or not to the end: why says why */
    ZIPPART_STOPPED,   /* a handler called zippart_stop (and reported why itself) */
    ZIPPART_NOMEM,     /* out of memory */
} zippart_status;

typedef struct hy_zippart {
    /* Set by the caller before zippart_parse. */
    zip_t *zip;
    const char *name;                  /* part name, e.g. "xl/worksheets/sheet1.xml" */
    const hy_ingest_limits *limits;
    void (*start)(void *ud, const char *name, const char **attrs);
    void (*end)(void *ud, const char *name);
    void (*text)(void *ud, const char *s, int len);   /* may be NULL */
    void *ud;
    /* Set by zippart_parse. */
    XML_Parser parser;
    int stopped;                       /* zippart_stop was called */
    int refused;                       /* a DOCTYPE or entity declaration */
    char why[512];                     /* what went wrong, starting with the part name */
} hy_zippart;

/* Parses the part zp->name, calling the handlers. Returns a zippart_status. */
zippart_status zippart_parse(hy_zippart *zp);

/* Called from a handler: ends the parse after the current event. */
void zippart_stop(hy_zippart *zp);

/* The line of the part being parsed (for messages about its content). */
unsigned long zippart_line(const hy_zippart *zp);

/* The value of the attribute whose local name is name, or NULL. */
const char *zippart_attr(const char **attrs, const char *name);

/* Does a zip entry by this name exist (case-insensitively, as OPC part names go)? */
int zippart_exists(zip_t *zip, const char *name);

#endif
