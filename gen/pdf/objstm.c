#include "pdf/objstm.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Dictionaries and numbers compress well and fast. */
#define PACK_LEVEL 6

typedef struct obj {
    size_t start, end;   /* the object's bytes in the input, "N 0 obj" to after "endobj" */
    size_t body, body_end;  /* its value */
    int is_stream;
    uint32_t where;      /* packed: index in the object stream; else the new offset */
} obj;

static const char *find(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

static const char *rfind(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
        if (memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

/* Reads the classic table: the offset of every object 1..n-1, in order. */
static obj *read_xref(const char *in, size_t len, size_t *xref_at, size_t *nobj)
{
    const char *sx = rfind(in, len, "startxref");
    if (!sx)
        return NULL;
    size_t at = strtoul(sx + 9, NULL, 10);
    unsigned first, n;
    int used = 0;
    if (at >= len || sscanf(in + at, "xref %u %u%n", &first, &n, &used) != 2 || first != 0 ||
        n < 2)
        return NULL;
    const char *e = in + at + used;
    while (e < in + len && (*e == '\r' || *e == '\n' || *e == ' '))
        e++;
    if ((size_t)(in + len - e) < (size_t)n * 20)
        return NULL;
    obj *o = calloc(n, sizeof *o);
    if (!o)
        return NULL;
    for (unsigned i = 1; i < n; i++)
        o[i].start = strtoul(e + 20 * i, NULL, 10);
    for (unsigned i = 1; i < n; i++) {
        o[i].end = i + 1 < n ? o[i + 1].start : at;
        char head[32];
        int hl = snprintf(head, sizeof head, "%u 0 obj", i);
        if (o[i].start >= o[i].end || o[i].end > len ||
            memcmp(in + o[i].start, head, (size_t)hl) != 0) {
            free(o);
            return NULL;
        }
        o[i].body = o[i].start + (size_t)hl;
        const char *end = rfind(in + o[i].start, o[i].end - o[i].start, "endobj");
        if (!end) {
            free(o);
            return NULL;
        }
        o[i].body_end = (size_t)(end - in);
        size_t b = o[i].body_end;
        while (b > o[i].body && (in[b - 1] == '\n' || in[b - 1] == '\r' || in[b - 1] == ' '))
            b--;
        o[i].is_stream = b - o[i].body >= 9 && memcmp(in + b - 9, "endstream", 9) == 0;
    }
    *xref_at = at;
    *nobj = n;
    return o;
}

/* The trailer's entries but /Size, for the cross-reference stream's dictionary. */
static int trailer_entries(const char *in, size_t len, size_t xref_at, hy_buf *out)
{
    const char *t = find(in + xref_at, len - xref_at, "trailer");
    const char *open = t ? find(t, (size_t)(in + len - t), "<<") : NULL;
    const char *sx = open ? find(open, (size_t)(in + len - open), "startxref") : NULL;
    const char *close = sx ? rfind(open, (size_t)(sx - open), ">>") : NULL;
    if (!close)
        return -1;
    for (const char *p = open + 2; p < close;) {
        const char *nl = memchr(p, '\n', (size_t)(close - p));
        const char *e = nl ? nl : close;
        while (p < e && (*p == ' ' || *p == '\r'))
            p++;
        if (e > p && strncmp(p, "/Size", 5) != 0 &&
            (buf_append(out, p, (size_t)(e - p)) || buf_putc(out, '\n')))
            return -1;
        p = e + (nl != NULL);
    }
    return 0;
}

static void put_be(unsigned char *p, uint32_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--, v >>= 8)
        p[i] = (unsigned char)(v & 0xFF);
}

/* Appends a stream object: its dictionary entries, then data compressed. */
static int put_stream(hy_buf *out, hy_flate *z, unsigned num, const char *dict, const void *data,
                      size_t n)
{
    const void *packed;
    size_t plen;
    if (flate_bytes(z, data, n, PACK_LEVEL, &packed, &plen) != 0)
        return -1;
    return buf_printf(out, "%u 0 obj\n<<\n%s/Filter /FlateDecode\n/Length %zu\n>>\nstream\r\n",
                      num, dict, plen) ||
           buf_append(out, packed, plen) || buf_puts(out, "\r\nendstream\nendobj\n");
}

/* The object stream: "num offset" pairs, then the values. */
static int object_stream(const char *in, obj *o, size_t n, unsigned num, hy_flate *z,
                         hy_buf *out)
{
    hy_buf head = HY_BUF_INIT, bodies = HY_BUF_INIT, dict = HY_BUF_INIT;
    uint32_t k = 0;
    int rc = 0;
    for (size_t i = 1; i < n && !rc; i++) {
        if (o[i].is_stream)
            continue;
        o[i].where = k++;
        rc = buf_printf(&head, "%zu %zu ", i, bodies.len) ||
             buf_append(&bodies, in + o[i].body, o[i].body_end - o[i].body);
    }
    rc = rc || buf_putc(&head, '\n') ||
         buf_printf(&dict, "/Type /ObjStm\n/N %u\n/First %zu\n", (unsigned)k, head.len) ||
         buf_append(&head, bodies.data ? bodies.data : "", bodies.len) ||
         put_stream(out, z, num, dict.data, head.data, head.len);
    buf_free(&head);
    buf_free(&bodies);
    buf_free(&dict);
    return rc ? -1 : 0;
}

int objstm_pack(const char *in, size_t len, hy_flate *z, hy_buf *out)
{
    size_t xref_at = 0, n = 0;
    obj *o = read_xref(in, len, &xref_at, &n);
    if (!o)
        return -1;
    unsigned stm = (unsigned)n, xref = (unsigned)n + 1;
    hy_buf dict = HY_BUF_INIT;
    unsigned char *rows = calloc(n + 2, 7);
    buf_reset(out);
    /* the header, then every stream as it was */
    int rc = !rows || buf_append(out, in, o[1].start);
    for (size_t i = 1; i < n && !rc; i++)
        if (o[i].is_stream) {
            o[i].where = (uint32_t)out->len;
            rc = buf_append(out, in + o[i].start, o[i].end - o[i].start);
        }
    size_t stm_at = out->len;
    rc = rc || object_stream(in, o, n, stm, z, out);
    size_t xref_pos = out->len;
    if (!rc) {
        /* type 0 free / 1 at an offset / 2 in the object stream, W [1 4 2] */
        put_be(rows, 0, 1);
        put_be(rows + 5, 0xFFFF, 2);
        for (size_t i = 1; i < n; i++) {
            unsigned char *r = rows + 7 * i;
            r[0] = o[i].is_stream ? 1 : 2;
            put_be(r + 1, o[i].is_stream ? o[i].where : stm, 4);
            put_be(r + 5, o[i].is_stream ? 0 : o[i].where, 2);
        }
        rows[7 * stm] = 1;
        put_be(rows + 7 * stm + 1, (uint32_t)stm_at, 4);
        rows[7 * xref] = 1;
        put_be(rows + 7 * xref + 1, (uint32_t)xref_pos, 4);
        rc = buf_printf(&dict, "/Type /XRef\n/Size %u\n/W [1 4 2]\n", xref + 1) ||
             trailer_entries(in, len, xref_at, &dict) ||
             put_stream(out, z, xref, dict.data, rows, 7 * ((size_t)xref + 1)) ||
             buf_printf(out, "startxref\n%zu\n%%%%EOF\n", xref_pos);
    }
    buf_free(&dict);
    free(rows);
    free(o);
    return rc ? -1 : 0;
}
