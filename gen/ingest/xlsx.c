#include "ingest/xlsx.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ingest/cellfmt.h"
#include "ingest/sheetbuild.h"
#include "ingest/zippart.h"
#include "util/buf.h"
#include "util/utf8.h"

/* Character data of the element being read, kept up to a cap so that a hostile
 * cell cannot grow without bound; full counts what the cap cut off as well. */
typedef struct xlsx_text {
    hy_buf buf;
    size_t full;
    size_t cap;
    int collecting;
} xlsx_text;

typedef struct xlsx_rel {
    const char *id, *type;
    const char *part;       /* the target as a part name ("xl/worksheets/sheet1.xml") */
    size_t seq;             /* its place in the part: the rels are sorted by id */
} xlsx_rel;

/* The last column a worksheet can have (XFD): a reference beyond it is no cell. */
#define XLSX_MAX_COL 16384u

typedef struct xlsx_sheetref {
    const char *name, *rid;
} xlsx_sheetref;

typedef struct xlsx_numfmt {
    int id;
    uint8_t kind;           /* hy_numfmt_kind */
} xlsx_numfmt;

typedef struct xlsx_string {
    const char *text;       /* in the book's arena; cut at the cell limit */
    size_t full;            /* its length before the cut */
} xlsx_string;

typedef struct xlsx_reader {
    const char *path;
    zip_t *zip;
    const hy_ingest_limits *limits;
    hy_book *book;
    hy_diags *diags;
    hy_arena *tmp;          /* relationships and part names, freed after the read */
    hy_zippart zp;
    int nomem;              /* memory ran out inside a handler */
    int halt;               /* ignore further events of this part */
    int stop_file;          /* a limit was exceeded: read no further sheet */
    int over_limit;         /* a limit on the package's size was exceeded: read nothing */
    xlsx_text text;

    /* The relationships part being read. */
    const char *rels_base;  /* folder its targets are relative to */
    xlsx_rel *rels;
    size_t nrels, relcap;

    /* xl/workbook.xml */
    xlsx_sheetref *refs;
    size_t nrefs, refcap;
    int date1904;

    /* xl/styles.xml: the display kind of each cell format (the s attribute) */
    xlsx_numfmt *numfmts;
    size_t nnumfmts, numfmtcap;
    uint8_t *xf_kind;
    size_t nxf, xfcap;
    int in_numfmts, in_cellxfs;

    /* xl/sharedStrings.xml */
    xlsx_string *sst;
    size_t nsst, sstcap;
    int sst_failed;
    int in_si, in_rph;

    /* The worksheet being read. */
    hy_sheetbuild sb;
    const char *sheet;      /* its name, in the diagnostics' arena */
    int in_sheetdata, in_row, row_broken;
    uint32_t row, col;      /* current row; column of the last cell */
    char ctype[12];         /* the cell's t attribute */
    long cstyle;
    int in_c, in_is, has_v, has_f;
    int skip_c;             /* the cell's reference was impossible or repeated */
    uint32_t col_ref;       /* the column its reference gave */
    int row_seen;           /* a row was read in this sheet (so row is its number) */
} xlsx_reader;

static void xlsx_diag(xlsx_reader *r, hy_severity sev, uint32_t row, uint32_t col,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void xlsx_diag(xlsx_reader *r, hy_severity sev, uint32_t row, uint32_t col,
                      const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hy_loc loc = {r->path, r->sheet, row, col};
    diag_add(r->diags, sev, &loc, "%s", msg);
}

/* Called from a handler when memory runs out: the whole read fails. */
static void xlsx_nomem(xlsx_reader *r)
{
    r->nomem = 1;
    r->halt = 1;
    zippart_stop(&r->zp);
}

/* A limit on the package's structure was exceeded: the file is not read at all
 * (half a workbook's sheets would pass for the whole of it). */
static void xlsx_over_limit(xlsx_reader *r, const char *what, size_t limit)
{
    const char *sheet = r->sheet;
    r->sheet = NULL;
    xlsx_diag(r, DIAG_ERROR, 0, 0, "%s has more than %zu %s, the limit; the file was not read",
              r->zp.name, limit, what);
    r->sheet = sheet;
    r->over_limit = 1;
    r->halt = 1;
    zippart_stop(&r->zp);
}

static void xlsx_text_start(xlsx_reader *r)
{
    buf_reset(&r->text.buf);
    r->text.full = 0;
    r->text.collecting = 1;
}

static void xlsx_on_text(void *ud, const char *s, int len)
{
    xlsx_reader *r = ud;
    xlsx_text *t = &r->text;
    if (!t->collecting || r->halt || len <= 0)
        return;
    size_t n = (size_t)len;
    t->full += n;
    if (t->buf.len < t->cap) {
        size_t room = t->cap - t->buf.len;
        if (buf_append(&t->buf, s, n < room ? n : room) != 0)
            xlsx_nomem(r);
    }
}

/* The collected text; when the cap cut it, without the character the cut
 * went through. */
static size_t xlsx_text_len(const xlsx_reader *r)
{
    const xlsx_text *t = &r->text;
    const unsigned char *s = (const unsigned char *)t->buf.data;
    size_t n = t->buf.len;
    if (t->full == n || n == 0)
        return n;
    size_t lead = n;
    while (lead > 0 && (s[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0)
        return n;
    unsigned c = s[lead - 1];
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return n - (lead - 1) < need ? lead - 1 : n;
}

/* Undoes the _xHHHH_ escapes with which OOXML writes characters XML cannot hold
 * (Excel writes a carriage return as _x000D_, and a literal "_x" as _x005F_x),
 * in place. Returns the new length. */
static size_t xlsx_unescape(char *s, size_t len)
{
    if (!memchr(s, '_', len))
        return len;
    size_t o = 0, i = 0;
    while (i < len) {
        if (s[i] == '_' && i + 7 <= len && s[i + 1] == 'x' && s[i + 6] == '_'
            && isxdigit((unsigned char)s[i + 2]) && isxdigit((unsigned char)s[i + 3])
            && isxdigit((unsigned char)s[i + 4]) && isxdigit((unsigned char)s[i + 5])) {
            char hex[5] = {s[i + 2], s[i + 3], s[i + 4], s[i + 5], '\0'};
            uint32_t cp = (uint32_t)strtoul(hex, NULL, 16);
            char enc[4];
            /* A NUL or a lone surrogate stays as written. */
            size_t k = cp ? utf8_encode(cp, enc) : 0;
            if (k) {
                memcpy(s + o, enc, k);
                o += k;
                i += 7;
                continue;
            }
        }
        s[o++] = s[i++];
    }
    return o;
}

/* ---- part names ---- */

/* Joins a folder ("xl/") and a relationship target ("worksheets/sheet1.xml",
 * "../x.xml" or "/xl/x.xml") into a part name without "." or ".." segments. */
static char *xlsx_resolve(hy_arena *arena, const char *base, const char *target)
{
    size_t blen = target[0] == '/' ? 0 : strlen(base);
    size_t tlen = strlen(target);
    char *joined = arena_alloc(arena, blen + tlen + 1);
    if (!joined)
        return NULL;
    memcpy(joined, base, blen);
    memcpy(joined + blen, target, tlen + 1);
    char *out = arena_alloc(arena, blen + tlen + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (char *seg = joined; *seg;) {
        char *slash = strchr(seg, '/');
        size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
        if (n == 0 || (n == 1 && seg[0] == '.')) {
            /* nothing */
        } else if (n == 2 && seg[0] == '.' && seg[1] == '.') {
            if (o > 0)
                o--;                          /* the '/' after the last segment */
            while (o > 0 && out[o - 1] != '/')
                o--;
        } else {
            memcpy(out + o, seg, n);
            o += n;
            if (slash)
                out[o++] = '/';
        }
        seg += n + (slash ? 1 : 0);
    }
    out[o] = '\0';
    return out;
}

/* The folder of a part name, with its '/' ("xl/" for "xl/workbook.xml"). */
static char *xlsx_folder(hy_arena *arena, const char *part)
{
    const char *slash = strrchr(part, '/');
    return arena_strndup(arena, part, slash ? (size_t)(slash - part) + 1 : 0);
}

/* The relationships part of a part: "xl/_rels/workbook.xml.rels". */
static char *xlsx_rels_name(hy_arena *arena, const char *part)
{
    const char *slash = strrchr(part, '/');
    const char *base = slash ? slash + 1 : part;
    int dir = slash ? (int)(slash - part) + 1 : 0;
    return arena_printf(arena, "%.*s_rels/%s.rels", dir, part, base);
}

/* ---- relationships ---- */

static void xlsx_rels_start(void *ud, const char *name, const char **attrs)
{
    xlsx_reader *r = ud;
    if (r->halt || strcmp(name, "Relationship") != 0)
        return;
    const char *id = zippart_attr(attrs, "Id");
    const char *type = zippart_attr(attrs, "Type");
    const char *target = zippart_attr(attrs, "Target");
    const char *mode = zippart_attr(attrs, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    if (r->nrels >= r->limits->max_rels) {
        xlsx_over_limit(r, "relationships", r->limits->max_rels);
        return;
    }
    if (r->nrels == r->relcap) {
        size_t cap = r->relcap ? r->relcap * 2 : 16;
        xlsx_rel *rels = realloc(r->rels, cap * sizeof *rels);
        if (!rels) {
            xlsx_nomem(r);
            return;
        }
        r->rels = rels;
        r->relcap = cap;
    }
    xlsx_rel *rel = &r->rels[r->nrels];
    rel->id = arena_strdup(r->tmp, id);
    rel->type = arena_strdup(r->tmp, type);
    rel->part = xlsx_resolve(r->tmp, r->rels_base, target);
    rel->seq = r->nrels;
    if (!rel->id || !rel->type || !rel->part) {
        xlsx_nomem(r);
        return;
    }
    r->nrels++;
}

static void xlsx_ignore_end(void *ud, const char *name)
{
}

/* The first relationship in the part whose type ends with suffix
 * ("/styles"); asked a few times per workbook, so a scan. */
static const xlsx_rel *xlsx_rels_by_type(const xlsx_reader *r, const char *suffix)
{
    size_t sl = strlen(suffix);
    const xlsx_rel *first = NULL;
    for (size_t i = 0; i < r->nrels; i++) {
        size_t tl = strlen(r->rels[i].type);
        if (tl >= sl && strcmp(r->rels[i].type + tl - sl, suffix) == 0
            && (!first || r->rels[i].seq < first->seq))
            first = &r->rels[i];
    }
    return first;
}

static int xlsx_rel_cmp(const void *a, const void *b)
{
    const xlsx_rel *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The first relationship in the part with this id, by binary search: asked once
 * per sheet, and a workbook may list many (a scan per sheet took minutes on
 * 100,000 sheets). xlsx_read_rels sorted them. */
static const xlsx_rel *xlsx_rels_by_id(const xlsx_reader *r, const char *id)
{
    size_t lo = 0, hi = r->nrels;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(r->rels[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->nrels && strcmp(r->rels[lo].id, id) == 0 ? &r->rels[lo] : NULL;
}

static int xlsx_type_is(const char *type, const char *suffix)
{
    size_t tl = strlen(type), sl = strlen(suffix);
    return tl >= sl && strcmp(type + tl - sl, suffix) == 0;
}

/* ---- xl/workbook.xml ---- */

static int xlsx_attr_true(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static void xlsx_workbook_start(void *ud, const char *name, const char **attrs)
{
    xlsx_reader *r = ud;
    if (r->halt)
        return;
    if (strcmp(name, "workbookPr") == 0) {
        r->date1904 = xlsx_attr_true(zippart_attr(attrs, "date1904"));
        return;
    }
    if (strcmp(name, "sheet") != 0)
        return;
    const char *sheet_name = zippart_attr(attrs, "name");
    const char *rid = zippart_attr(attrs, "id");   /* r:id */
    if (!sheet_name || !rid)
        return;
    if (r->nrefs >= r->limits->max_sheets) {
        xlsx_over_limit(r, "sheets", r->limits->max_sheets);
        return;
    }
    if (r->nrefs == r->refcap) {
        size_t cap = r->refcap ? r->refcap * 2 : 8;
        xlsx_sheetref *refs = realloc(r->refs, cap * sizeof *refs);
        if (!refs) {
            xlsx_nomem(r);
            return;
        }
        r->refs = refs;
        r->refcap = cap;
    }
    xlsx_sheetref *ref = &r->refs[r->nrefs];
    ref->name = arena_strdup(r->tmp, sheet_name);
    ref->rid = arena_strdup(r->tmp, rid);
    if (!ref->name || !ref->rid) {
        xlsx_nomem(r);
        return;
    }
    r->nrefs++;
}

/* ---- xl/styles.xml ---- */

static void xlsx_styles_start(void *ud, const char *name, const char **attrs)
{
    xlsx_reader *r = ud;
    if (r->halt)
        return;
    if (strcmp(name, "numFmts") == 0) {
        r->in_numfmts = 1;
    } else if (strcmp(name, "cellXfs") == 0) {
        r->in_cellxfs = 1;
    } else if (r->in_numfmts && strcmp(name, "numFmt") == 0) {
        const char *id = zippart_attr(attrs, "numFmtId");
        const char *code = zippart_attr(attrs, "formatCode");
        if (!id || !code)
            return;
        if (r->nnumfmts == r->numfmtcap) {
            size_t cap = r->numfmtcap ? r->numfmtcap * 2 : 16;
            xlsx_numfmt *f = realloc(r->numfmts, cap * sizeof *f);
            if (!f) {
                xlsx_nomem(r);
                return;
            }
            r->numfmts = f;
            r->numfmtcap = cap;
        }
        int fid = atoi(id);
        r->numfmts[r->nnumfmts].id = fid;
        r->numfmts[r->nnumfmts].kind = (uint8_t)cellfmt_numfmt_kind(fid, code);
        r->nnumfmts++;
    } else if (r->in_cellxfs && strcmp(name, "xf") == 0) {
        if (r->nxf == r->xfcap) {
            size_t cap = r->xfcap ? r->xfcap * 2 : 32;
            uint8_t *k = realloc(r->xf_kind, cap);
            if (!k) {
                xlsx_nomem(r);
                return;
            }
            r->xf_kind = k;
            r->xfcap = cap;
        }
        const char *id = zippart_attr(attrs, "numFmtId");
        int fid = id ? atoi(id) : 0;
        /* numFmts precedes cellXfs, so a custom format (or a redefined
         * built-in one) is already known. */
        hy_numfmt_kind kind = cellfmt_numfmt_kind(fid, NULL);
        for (size_t i = 0; i < r->nnumfmts; i++)
            if (r->numfmts[i].id == fid)
                kind = (hy_numfmt_kind)r->numfmts[i].kind;
        r->xf_kind[r->nxf++] = (uint8_t)kind;
    }
}

static void xlsx_styles_end(void *ud, const char *name)
{
    xlsx_reader *r = ud;
    if (strcmp(name, "numFmts") == 0)
        r->in_numfmts = 0;
    else if (strcmp(name, "cellXfs") == 0)
        r->in_cellxfs = 0;
}

static hy_numfmt_kind xlsx_style_kind(const xlsx_reader *r, long style)
{
    if (style < 0 || (size_t)style >= r->nxf)
        return CELLFMT_NUMBER;
    return (hy_numfmt_kind)r->xf_kind[style];
}

/* ---- xl/sharedStrings.xml ---- */

static void xlsx_sst_start(void *ud, const char *name, const char **attrs)
{
    xlsx_reader *r = ud;
    if (r->halt)
        return;
    if (strcmp(name, "si") == 0) {
        r->in_si = 1;
        r->in_rph = 0;
        xlsx_text_start(r);
        r->text.collecting = 0;
    } else if (strcmp(name, "rPh") == 0) {
        r->in_rph++;
    } else if (r->in_si && !r->in_rph && strcmp(name, "t") == 0) {
        r->text.collecting = 1;
    }
}

static void xlsx_sst_end(void *ud, const char *name)
{
    xlsx_reader *r = ud;
    if (r->halt)
        return;
    if (strcmp(name, "t") == 0) {
        r->text.collecting = 0;
    } else if (strcmp(name, "rPh") == 0) {
        if (r->in_rph > 0)
            r->in_rph--;
    } else if (strcmp(name, "si") == 0 && r->in_si) {
        r->in_si = 0;
        if (r->nsst >= r->limits->max_strings) {
            xlsx_over_limit(r, "shared strings", r->limits->max_strings);
            return;
        }
        if (r->nsst == r->sstcap) {
            size_t cap = r->sstcap ? r->sstcap * 2 : 256;
            xlsx_string *s = realloc(r->sst, cap * sizeof *s);
            if (!s) {
                xlsx_nomem(r);
                return;
            }
            r->sst = s;
            r->sstcap = cap;
        }
        size_t len = xlsx_text_len(r);
        len = xlsx_unescape(r->text.buf.data, len);
        const char *text = sheetbuild_copy_text(r->book->arena, r->text.buf.data, len);
        if (!text) {
            xlsx_nomem(r);
            return;
        }
        r->sst[r->nsst].text = text;
        r->sst[r->nsst].full = r->text.full;
        r->nsst++;
    }
}

/* ---- worksheets ---- */

/* Reads the column letters of a cell reference ("AB12" -> 28). Returns a pointer
 * past them, or NULL when there are none or the column is beyond any sheet. */
static const char *xlsx_col_of(const char *s, uint32_t *col)
{
    uint32_t c = 0;
    const char *p = s;
    while (*p >= 'A' && *p <= 'Z') {
        c = c * 26 + (uint32_t)(*p - 'A' + 1);
        if (++p - s > 3)
            return NULL;
    }
    if (p == s)
        return NULL;
    *col = c;
    return p;
}

/* Reads a positive row number; returns 0 when s is not one. */
static uint32_t xlsx_row_of(const char *s)
{
    if (!isdigit((unsigned char)*s))
        return 0;
    errno = 0;
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v == 0 || v > UINT32_MAX)
        return 0;
    return (uint32_t)v;
}

/* Reads a cell reference "C5" into row and column; returns 0, or -1. */
static int xlsx_ref(const char *s, size_t len, uint32_t *row, uint32_t *col)
{
    char tmp[16];
    if (len == 0 || len >= sizeof tmp)
        return -1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    const char *p = xlsx_col_of(tmp, col);
    if (!p)
        return -1;
    *row = xlsx_row_of(p);
    return *row ? 0 : -1;
}

/* Parses a workbook number strictly: decimal notation only, finite, nothing after. */
static int xlsx_number(const char *s, size_t len, double *out)
{
    char tmp[64];
    if (len == 0 || len >= sizeof tmp)
        return -1;
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)s[i]) && !strchr(".eE+-", s[i]))
            return -1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    char *end;
    double v = strtod(tmp, &end);
    if (end != tmp + len || v != v || v - v != 0)   /* NaN or infinite */
        return -1;
    *out = v;
    return 0;
}

/* A limit ends the read of the file: keep what the row holds so far, broken. */
static void xlsx_stop_file(xlsx_reader *r, int keep_row)
{
    if (keep_row && sheetbuild_end_row(&r->sb, r->row, 1) != 0)
        r->nomem = 1;
    r->sb.ncells = 0;
    r->in_row = 0;
    r->stop_file = 1;
    r->halt = 1;
    zippart_stop(&r->zp);
}

static int xlsx_put(xlsx_reader *r, hy_cell_type type, const char *text, size_t len)
{
    if (sheetbuild_cell(&r->sb, r->col, type, text, len) != 0) {
        xlsx_nomem(r);
        return -1;
    }
    return 0;
}

/* Checks a cell that holds something against the row and column limits. */
static int xlsx_within_limits(xlsx_reader *r)
{
    const hy_ingest_limits *lim = r->limits;
    if (r->row > lim->max_rows) {
        xlsx_diag(r, DIAG_ERROR, r->row, 0, "more than %zu rows; the rest of the file was "
                  "not read", lim->max_rows);
        xlsx_stop_file(r, 0);
        return 0;
    }
    if (r->col > lim->max_cols) {
        xlsx_diag(r, DIAG_ERROR, r->row, r->col, "more than %zu columns; the rest of the file "
                  "was not read", lim->max_cols);
        xlsx_stop_file(r, 1);
        return 0;
    }
    return 1;
}

static int xlsx_check_size(xlsx_reader *r, size_t full)
{
    if (full <= r->limits->max_cell_bytes)
        return 1;
    xlsx_diag(r, DIAG_ERROR, r->row, r->col, "cell is %zu bytes long, more than the limit of "
              "%zu bytes; it was cut short", full, r->limits->max_cell_bytes);
    r->row_broken = 1;
    return 0;
}

/* A number cell: a date, a time of day or a plain number by its format. */
static void xlsx_cell_number(xlsx_reader *r, const char *v, size_t len)
{
    double x;
    if (xlsx_number(v, len, &x) != 0) {
        xlsx_diag(r, DIAG_ERROR, r->row, r->col, "number cell holds \"%.*s\", which is not a "
                  "number", (int)(len > 40 ? 40 : len), v);
        r->row_broken = 1;
        xlsx_put(r, HY_CELL_TEXT, v, len);
        return;
    }
    hy_numfmt_kind kind = xlsx_style_kind(r, r->cstyle);
    char out[CELLFMT_NUMBER_MAX];
    if (kind == CELLFMT_DATE && cellfmt_date(x, r->date1904, out) == 0) {
        xlsx_put(r, HY_CELL_DATE, out, 10);
    } else if (kind == CELLFMT_TIME && cellfmt_time(x, out) == 0) {
        xlsx_put(r, HY_CELL_TEXT, out, 8);
    } else {
        size_t n = cellfmt_number(x, out);
        xlsx_put(r, HY_CELL_NUMBER, out, n);
    }
}

static void xlsx_cell_end(xlsx_reader *r)
{
    const char *t = r->ctype;
    size_t len = xlsx_text_len(r);
    char *v = r->text.buf.data;   /* allocated before any part is read */
    if (strcmp(t, "inlineStr") != 0 && strcmp(t, "str") != 0) {
        /* A hand-edited, indented part puts spaces and line breaks around the
         * value; in a number, index or boolean they mean nothing. */
        while (len > 0 && strchr(" \t\r\n", v[len - 1]))
            len--;
        v[len] = '\0';
        while (len > 0 && strchr(" \t\r\n", v[0])) {
            v++;
            len--;
        }
    }
    if (!r->has_v || (len == 0 && strcmp(t, "s") != 0)) {
        if (r->has_f && !r->has_v) {
            if (!xlsx_within_limits(r))
                return;
            xlsx_diag(r, DIAG_ERROR, r->row, r->col, "formula without a saved result (the "
                      "file was written by a program that does not calculate); open and "
                      "save it in Excel");
            r->row_broken = 1;
        }
        return;
    }
    if (!xlsx_within_limits(r))
        return;
    if (strcmp(t, "s") == 0) {
        char *end;
        errno = 0;
        unsigned long i = isdigit((unsigned char)v[0]) ? strtoul(v, &end, 10) : 0;
        if (!isdigit((unsigned char)v[0]) || errno || *end || i >= r->nsst) {
            /* When the shared strings could not be read, that was reported once. */
            if (!r->sst_failed)
                xlsx_diag(r, DIAG_ERROR, r->row, r->col, "refers to shared string \"%.20s\", "
                          "which the workbook does not have", v);
            r->row_broken = 1;
            return;
        }
        const xlsx_string *s = &r->sst[i];
        xlsx_check_size(r, s->full);
        if (sheetbuild_cell_ref(&r->sb, r->col, HY_CELL_TEXT, s->text) != 0)
            xlsx_nomem(r);
    } else if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0) {
        xlsx_check_size(r, r->text.full);
        xlsx_put(r, HY_CELL_TEXT, v, xlsx_unescape(v, len));
    } else if (strcmp(t, "b") == 0) {
        if (len == 1 && (v[0] == '0' || v[0] == '1')) {
            xlsx_put(r, HY_CELL_BOOL, v[0] == '1' ? "TRUE" : "FALSE", v[0] == '1' ? 4 : 5);
        } else {
            xlsx_diag(r, DIAG_ERROR, r->row, r->col, "boolean cell holds \"%.*s\"",
                      (int)(len > 40 ? 40 : len), v);
            r->row_broken = 1;
        }
    } else if (strcmp(t, "e") == 0) {
        xlsx_check_size(r, r->text.full);
        xlsx_put(r, HY_CELL_ERROR, v, len);
    } else if (strcmp(t, "d") == 0) {
        /* ISO 8601 date cells ("2024-07-01T00:00:00"), as strict OOXML writes them. */
        if (len >= 10 && isdigit((unsigned char)v[0]) && v[4] == '-' && v[7] == '-') {
            xlsx_put(r, HY_CELL_DATE, v, 10);
        } else {
            xlsx_diag(r, DIAG_ERROR, r->row, r->col, "date cell holds \"%.*s\"",
                      (int)(len > 40 ? 40 : len), v);
            r->row_broken = 1;
        }
    } else {
        xlsx_cell_number(r, v, len);
    }
}

/* Column letters of a 1-based column (28 -> "AB"); out has room for 4. */
static void xlsx_col_letters(uint32_t col, char out[4])
{
    char tmp[4];
    size_t n = 0;
    while (col > 0 && n < 3) {
        tmp[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

/* Checks a cell's r attribute against the row it is in and the cells before
 * it; on success sets r->col_ref and returns 0. An impossible reference (A0,
 * A-1, a column past XFD, another row's cell) or one that repeats or goes back
 * before the previous cell is an error, and the cell is not kept: it would
 * overwrite another silently. Returns 1 then. */
static int xlsx_cell_ref_bad(xlsx_reader *r, const char *ref)
{
    uint32_t row = 0, col = 0;
    if (xlsx_ref(ref, strlen(ref), &row, &col) != 0 || col > XLSX_MAX_COL || row != r->row) {
        xlsx_diag(r, DIAG_ERROR, r->row, r->col + 1, "cell reference \"%.20s\" is not a cell "
                  "of row %u (expected a column from A to XFD and the row number); the cell "
                  "is rejected", ref, r->row);
    } else if (col <= r->col) {
        char prev[4];
        xlsx_col_letters(r->col, prev);
        xlsx_diag(r, DIAG_ERROR, r->row, col, "cell %.20s is listed again after %s%u (a "
                  "workbook lists each cell once, left to right); the cell is rejected", ref,
                  prev, r->row);
    } else {
        r->col_ref = col;
        return 0;
    }
    r->row_broken = 1;
    return 1;
}

static void xlsx_sheet_start(void *ud, const char *name, const char **attrs)
{
    xlsx_reader *r = ud;
    if (r->halt)
        return;
    if (r->in_c) {
        if (strcmp(name, "v") == 0) {
            xlsx_text_start(r);
        } else if (strcmp(name, "is") == 0) {
            r->in_is = 1;
            r->in_rph = 0;
            xlsx_text_start(r);
            r->text.collecting = 0;
        } else if (strcmp(name, "rPh") == 0) {
            r->in_rph++;
            r->text.collecting = 0;
        } else if (r->in_is && !r->in_rph && strcmp(name, "t") == 0) {
            r->text.collecting = 1;
        } else if (strcmp(name, "f") == 0) {
            r->has_f = 1;
        }
        return;
    }
    if (r->in_row && strcmp(name, "c") == 0) {
        const char *ref = zippart_attr(attrs, "r");
        const char *t = zippart_attr(attrs, "t");
        const char *s = zippart_attr(attrs, "s");
        r->skip_c = ref ? xlsx_cell_ref_bad(r, ref) : 0;
        if (!r->skip_c)
            r->col = ref ? r->col_ref : r->col + 1;
        snprintf(r->ctype, sizeof r->ctype, "%s", t ? t : "n");
        r->cstyle = s ? atol(s) : 0;
        r->in_c = 1;
        r->in_is = r->has_v = r->has_f = 0;
        r->in_rph = 0;
        r->text.collecting = 0;
        buf_reset(&r->text.buf);
        r->text.full = 0;
    } else if (r->in_sheetdata && strcmp(name, "row") == 0) {
        const char *ref = zippart_attr(attrs, "r");
        uint32_t row = ref ? xlsx_row_of(ref) : 0;
        int broken = ref && !row;
        if (broken)
            xlsx_diag(r, DIAG_ERROR, r->row + 1, 0, "row number \"%.20s\" is not valid; taken "
                      "as the next row", ref);
        else if (row && r->row_seen && row <= r->row) {
            /* rows are listed once, top to bottom: a second row 5 would be
             * read over the first, or beside it, without a word */
            xlsx_diag(r, DIAG_ERROR, row, 0, "row %u is listed again after row %u (a workbook "
                      "lists each row once, in order); the row is rejected", row, r->row);
            broken = 1;
        }
        r->row = row ? row : r->row + 1;
        r->row_seen = 1;
        r->col = 0;
        r->in_row = 1;
        r->row_broken = broken;
    } else if (strcmp(name, "sheetData") == 0) {
        r->in_sheetdata = 1;
    } else if (strcmp(name, "mergeCell") == 0) {
        const char *ref = zippart_attr(attrs, "ref");
        const char *colon = ref ? strchr(ref, ':') : NULL;
        hy_merge m;
        if (!colon || xlsx_ref(ref, (size_t)(colon - ref), &m.first_row, &m.first_col) != 0
            || xlsx_ref(colon + 1, strlen(colon + 1), &m.last_row, &m.last_col) != 0
            || m.last_row < m.first_row || m.last_col < m.first_col) {
            xlsx_diag(r, DIAG_WARNING, 0, 0, "merged range \"%.40s\" is not valid; ignored",
                      ref ? ref : "");
            return;
        }
        if (sheetbuild_merge(&r->sb, &m) != 0)
            xlsx_nomem(r);
    }
}

static void xlsx_sheet_end(void *ud, const char *name)
{
    xlsx_reader *r = ud;
    if (r->halt)
        return;
    if (r->in_c) {
        if (strcmp(name, "v") == 0 && !r->in_is) {
            r->text.collecting = 0;
            r->has_v = 1;
        } else if (strcmp(name, "t") == 0) {
            r->text.collecting = 0;
        } else if (strcmp(name, "rPh") == 0) {
            if (r->in_rph > 0)
                r->in_rph--;
        } else if (strcmp(name, "is") == 0) {
            r->in_is = 0;
            r->has_v = 1;
            r->text.collecting = 0;
        } else if (strcmp(name, "c") == 0) {
            r->in_c = 0;
            r->text.collecting = 0;
            if (!r->skip_c)
                xlsx_cell_end(r);
        }
        return;
    }
    if (strcmp(name, "row") == 0 && r->in_row) {
        r->in_row = 0;
        if (sheetbuild_end_row(&r->sb, r->row, r->row_broken) != 0)
            xlsx_nomem(r);
    } else if (strcmp(name, "sheetData") == 0) {
        r->in_sheetdata = 0;
    }
}

/* ---- reading the package ---- */

/* Parses one part with the given handlers. */
static zippart_status xlsx_parse(xlsx_reader *r, const char *part,
                                 void (*start)(void *, const char *, const char **),
                                 void (*end)(void *, const char *))
{
    r->halt = 0;
    r->text.collecting = 0;
    r->zp.zip = r->zip;
    r->zp.name = part;
    r->zp.limits = r->limits;
    r->zp.start = start;
    r->zp.end = end;
    r->zp.text = xlsx_on_text;
    r->zp.ud = r;
    zippart_status st = zippart_parse(&r->zp);
    if (r->nomem)
        return ZIPPART_NOMEM;
    return st;
}

/* Reads a relationships part; targets resolve against the folder of `of`. */
static zippart_status xlsx_read_rels(xlsx_reader *r, const char *rels_part, const char *of)
{
    r->nrels = 0;
    r->rels_base = of ? xlsx_folder(r->tmp, of) : "";
    if (!r->rels_base)
        return ZIPPART_NOMEM;
    zippart_status st = xlsx_parse(r, rels_part, xlsx_rels_start, xlsx_ignore_end);
    if (r->nrels > 1)
        qsort(r->rels, r->nrels, sizeof *r->rels, xlsx_rel_cmp);
    return st;
}

/* Reads one worksheet part into sheet. Returns 0, or -1 when out of memory. */
static int xlsx_read_sheet(xlsx_reader *r, const char *part, hy_sheet *sheet)
{
    sheetbuild_init(&r->sb, r->book->arena);
    r->in_sheetdata = r->in_row = r->in_c = r->row_broken = r->skip_c = r->row_seen = 0;
    r->row = r->col = 0;
    zippart_status st = xlsx_parse(r, part, xlsx_sheet_start, xlsx_sheet_end);
    if (st == ZIPPART_MISSING) {
        xlsx_diag(r, DIAG_ERROR, 0, 0, "the workbook lists the part %s for this sheet, but the "
                  "file has no such part", part);
    } else if (st == ZIPPART_FAILED) {
        /* Keep what was read before the damage; the row it hit is broken. */
        uint32_t at = r->in_row ? r->row : 0;
        xlsx_diag(r, DIAG_ERROR, at, 0, "%s", r->zp.why);
        if (r->in_row && sheetbuild_end_row(&r->sb, r->row, 1) != 0)
            st = ZIPPART_NOMEM;
    }
    int rc = st == ZIPPART_NOMEM || r->nomem || sheetbuild_finish(&r->sb, sheet) != 0 ? -1 : 0;
    sheetbuild_free(&r->sb);
    return rc;
}

/* Describes why libzip could not open the file, with a hint when the bytes say
 * what it really is. */
static void xlsx_open_failed(xlsx_reader *r, int code)
{
    zip_error_t ze;
    zip_error_init_with_code(&ze, code);
    const char *hint = "";
    unsigned char sig[8] = {0};
    FILE *fp = fopen(r->path, "rb");
    size_t n = fp ? fread(sig, 1, sizeof sig, fp) : 0;
    if (fp)
        fclose(fp);
    if (n == 8 && memcmp(sig, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        hint = " (it is an OLE compound file: a password-protected workbook, or an .xls "
               "saved under an .xlsx name)";
    else if (n >= 4 && memcmp(sig, "PK\x03\x04", 4) == 0)
        hint = " (the zip file is damaged or cut short)";
    else if (n == 0)
        hint = " (the file is empty)";
    xlsx_diag(r, DIAG_ERROR, 0, 0, "not a readable .xlsx workbook: %s%s",
              zip_error_strerror(&ze), hint);
    zip_error_fini(&ze);
}

/* Reports a part of the workbook that could not be read. Returns HY_EDATA, or
 * HY_EIO when memory ran out. */
static int xlsx_part_failed(xlsx_reader *r, zippart_status st, const char *part,
                            const char *what, hy_err *err)
{
    if (st == ZIPPART_NOMEM)
        return err_set(err, HY_EIO, "%s: out of memory reading %s", r->path, part);
    if (st == ZIPPART_MISSING)
        xlsx_diag(r, DIAG_ERROR, 0, 0, "not a readable .xlsx workbook: it has no %s (%s)",
                  what, part);
    else
        xlsx_diag(r, DIAG_ERROR, 0, 0, "%s", r->zp.why);
    return HY_EDATA;
}

static int xlsx_read(xlsx_reader *r, hy_err *err)
{
    hy_arena *tmp = r->tmp;
    /* _rels/.rels names the workbook part; it is xl/workbook.xml in practice. */
    const char *wb_part = "xl/workbook.xml";
    zippart_status st = xlsx_read_rels(r, "_rels/.rels", NULL);
    if (r->over_limit)
        return HY_EDATA;
    if (st == ZIPPART_NOMEM)
        return err_set(err, HY_EIO, "%s: out of memory", r->path);
    const xlsx_rel *office = st == ZIPPART_OK ? xlsx_rels_by_type(r, "/officeDocument") : NULL;
    if (office)
        wb_part = office->part;

    st = xlsx_parse(r, wb_part, xlsx_workbook_start, xlsx_ignore_end);
    if (r->over_limit)
        return HY_EDATA;
    if (st != ZIPPART_OK)
        return xlsx_part_failed(r, st, wb_part, "workbook part", err);
    if (r->nrefs == 0) {
        xlsx_diag(r, DIAG_ERROR, 0, 0, "the workbook lists no sheets");
        return HY_EDATA;
    }
    const char *rels_part = xlsx_rels_name(tmp, wb_part);
    if (!rels_part)
        return err_set(err, HY_EIO, "%s: out of memory", r->path);
    st = xlsx_read_rels(r, rels_part, wb_part);
    if (r->over_limit)
        return HY_EDATA;
    if (st != ZIPPART_OK)
        return xlsx_part_failed(r, st, rels_part, "list of the workbook's parts", err);

    const xlsx_rel *styles = xlsx_rels_by_type(r, "/styles");
    if (styles) {
        st = xlsx_parse(r, styles->part, xlsx_styles_start, xlsx_styles_end);
        if (st == ZIPPART_NOMEM)
            return err_set(err, HY_EIO, "%s: out of memory", r->path);
        if (st != ZIPPART_OK)
            xlsx_diag(r, DIAG_ERROR, 0, 0, "%s (dates may read as plain numbers)",
                      st == ZIPPART_MISSING ? "the styles part is missing" : r->zp.why);
    }
    const xlsx_rel *strings = xlsx_rels_by_type(r, "/sharedStrings");
    if (strings) {
        st = xlsx_parse(r, strings->part, xlsx_sst_start, xlsx_sst_end);
        if (r->over_limit)
            return HY_EDATA;
        if (st == ZIPPART_NOMEM)
            return err_set(err, HY_EIO, "%s: out of memory", r->path);
        if (st != ZIPPART_OK) {
            r->sst_failed = 1;
            xlsx_diag(r, DIAG_ERROR, 0, 0, "%s (text cells after string %zu are missing; their "
                      "rows are marked broken)",
                      st == ZIPPART_MISSING ? "the shared strings part is missing" : r->zp.why,
                      r->nsst);
        }
    }

    hy_book *book = r->book;
    book->sheets = arena_calloc(book->arena, r->nrefs * sizeof *book->sheets);
    if (!book->sheets)
        return err_set(err, HY_EIO, "%s: out of memory", r->path);
    for (size_t i = 0; i < r->nrefs && !r->stop_file; i++) {
        const xlsx_rel *rel = xlsx_rels_by_id(r, r->refs[i].rid);
        r->sheet = arena_strdup(r->diags->arena, r->refs[i].name);
        if (rel && !xlsx_type_is(rel->type, "/worksheet"))
            continue;   /* a chart sheet or dialog sheet: no cells */
        hy_sheet *sheet = &book->sheets[book->nsheets++];
        sheet->file = book->file;
        sheet->name = arena_strdup(book->arena, r->refs[i].name);
        if (!sheet->name || !r->sheet)
            return err_set(err, HY_EIO, "%s: out of memory", r->path);
        if (!rel) {
            xlsx_diag(r, DIAG_ERROR, 0, 0, "the workbook does not say where this sheet is "
                      "stored (relationship %s is missing)", r->refs[i].rid);
            continue;
        }
        if (xlsx_read_sheet(r, rel->part, sheet) != 0)
            return err_set(err, HY_EIO, "%s: out of memory reading sheet %s", r->path,
                           r->refs[i].name);
    }
    r->sheet = NULL;
    if (book->nsheets == 0) {
        xlsx_diag(r, DIAG_ERROR, 0, 0, "the workbook has no worksheets (only chart sheets)");
        return HY_EDATA;
    }
    return HY_OK;
}

int xlsx_read_file(const char *path, const hy_ingest_opts *opts, hy_book *book,
                   hy_diags *diags, hy_err *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return err_set(err, HY_EIO, "%s: cannot open: %s", path, strerror(errno));
    xlsx_reader r;
    memset(&r, 0, sizeof r);
    r.path = path;
    r.limits = &opts->limits;
    r.book = book;
    r.diags = diags;
    r.text.cap = opts->limits.max_cell_bytes;
    if ((uintmax_t)st.st_size > opts->limits.max_file_bytes) {
        xlsx_diag(&r, DIAG_ERROR, 0, 0, "the file is %jd bytes, more than the limit of %zu "
                  "bytes; it was not read", (intmax_t)st.st_size, opts->limits.max_file_bytes);
        return HY_EDATA;
    }
    int code = 0;
    r.zip = zip_open(path, ZIP_RDONLY, &code);
    if (!r.zip) {
        if (code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_MEMORY)
            return err_set(err, HY_EIO, "%s: cannot open: %s", path,
                           code == ZIP_ER_MEMORY ? "out of memory" : strerror(errno));
        xlsx_open_failed(&r, code);
        return HY_EDATA;
    }
    r.tmp = arena_new();
    int rc = r.tmp && buf_reserve(&r.text.buf, 256) == 0
             ? xlsx_read(&r, err) : err_set(err, HY_EIO, "%s: out of memory", path);
    zip_discard(r.zip);
    arena_free(r.tmp);
    buf_free(&r.text.buf);
    free(r.rels);
    free(r.refs);
    free(r.numfmts);
    free(r.xf_kind);
    free(r.sst);
    return rc;
}
