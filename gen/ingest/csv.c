#include "ingest/csv.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest/encoding.h"
#include "ingest/sheetbuild.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/i18n.h"

/* The state of one pass over a decoded file. */
typedef struct csv_parser {
    const char *path;
    const char *t;              /* the decoded UTF-8 text */
    size_t n, pos;
    const hy_decoded *dec;
    size_t next_problem;        /* first encoding problem not yet reported */
    const hy_ingest_limits *limits;
    hy_sheetbuild *sb;
    hy_diags *diags;
    hy_buf field;               /* a quoted field with its "" undone, kept up to
                                   one byte past the cell limit */
    size_t field_len;           /* its whole length, kept or not */
    uint32_t row;               /* the record being read */
    int row_broken;
    int stop;                   /* a limit ended the read */
    hy_arena *scratch;          /* the spill arena holding the text, or NULL */
    size_t paced;               /* the text offset its pages were last handed back at */
} csv_parser;

static void csv_error(csv_parser *p, uint32_t row, uint32_t col, const char *msg)
{
    hy_loc loc = {p->path, NULL, row, col};
    diag_error(p->diags, &loc, "%s", msg);
}

/* Reports the encoding problems whose U+FFFD lies before end, all of them in
 * the field at column col. */
static void csv_report_problems(csv_parser *p, uint32_t col, size_t end)
{
    char msg[256];
    while (p->next_problem < p->dec->nproblems
           && p->dec->problems[p->next_problem].text_offset < end) {
        encoding_describe(p->dec, &p->dec->problems[p->next_problem++], msg, sizeof msg);
        csv_error(p, p->row, col, msg);
        p->row_broken = 1;
    }
}

/* Length of the longest prefix of s, at most max bytes, that ends on a
 * character boundary. */
static size_t csv_utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

static int csv_is_end(char c)
{
    return c == ',' || c == '\r' || c == '\n';
}

/* Adds n bytes to the quoted field being read. Only one byte more than a cell
 * may hold is kept (enough to find where to cut it), so that an unterminated
 * quote does not copy the rest of a large file. */
static int csv_field_add(csv_parser *p, const char *s, size_t n)
{
    size_t keep = p->limits->max_cell_bytes + 1;
    p->field_len += n;
    if (p->field.len >= keep)
        return 0;
    return buf_append(&p->field, s, n < keep - p->field.len ? n : keep - p->field.len);
}

/* Reads a quoted field starting at the opening quote. Returns 0, or -1 when out
 * of memory; *unterminated says the file ended inside it, *trailing that text
 * followed the closing quote. */
static int csv_quoted(csv_parser *p, int *unterminated, int *trailing)
{
    buf_reset(&p->field);
    p->field_len = 0;
    if (buf_reserve(&p->field, 0) != 0)
        return -1;
    *unterminated = *trailing = 0;
    size_t seg = ++p->pos;
    for (;;) {
        const char *q = memchr(p->t + p->pos, '"', p->n - p->pos);
        if (!q) {
            if (csv_field_add(p, p->t + seg, p->n - seg) != 0)
                return -1;
            p->pos = p->n;
            *unterminated = 1;
            return 0;
        }
        size_t at = (size_t)(q - p->t);
        if (csv_field_add(p, p->t + seg, at - seg) != 0)
            return -1;
        if (at + 1 < p->n && p->t[at + 1] == '"') {
            if (csv_field_add(p, "\"", 1) != 0)
                return -1;
            p->pos = seg = at + 2;
            continue;
        }
        p->pos = at + 1;
        break;
    }
    /* "abc"def: Excel keeps the text after the closing quote, joined on. */
    size_t rest = p->pos;
    while (p->pos < p->n && !csv_is_end(p->t[p->pos]))
        p->pos++;
    if (p->pos > rest) {
        *trailing = 1;
        if (csv_field_add(p, p->t + rest, p->pos - rest) != 0)
            return -1;
    }
    return 0;
}

/* Reads one record into the builder. Returns 0, or -1 when out of memory. */
static int csv_record(csv_parser *p)
{
    const hy_ingest_limits *lim = p->limits;
    char msg[256];
    uint32_t col = 0;
    p->row_broken = 0;
    for (;;) {
        col++;
        if (col > lim->max_cols) {
            snprintf(msg, sizeof msg, _("more than %zu columns; the rest of the file was not read"),
                     lim->max_cols);
            csv_error(p, p->row, col, msg);
            p->row_broken = 1;
            p->stop = 1;
            return sheetbuild_end_row(p->sb, p->row, 1);
        }
        const char *text;
        size_t len, kept;        /* the field's length, and how much of it is at text */
        int unterminated = 0, trailing = 0;
        if (p->pos < p->n && p->t[p->pos] == '"') {
            if (csv_quoted(p, &unterminated, &trailing) != 0)
                return -1;
            text = p->field.data;
            len = p->field_len;
            kept = p->field.len;
        } else {
            size_t start = p->pos;
            while (p->pos < p->n && !csv_is_end(p->t[p->pos]))
                p->pos++;
            text = p->t + start;
            len = kept = p->pos - start;
        }
        csv_report_problems(p, col, p->pos);
        if (unterminated) {
            csv_error(p, p->row, col, _("unterminated quoted field (opened here); the rest of "
                      "the file was read into it"));
            p->row_broken = 1;
        } else if (len > lim->max_cell_bytes) {
            snprintf(msg, sizeof msg, _("cell is %zu bytes long, more than the limit of %zu "
                     "bytes; it was cut short"), len, lim->max_cell_bytes);
            csv_error(p, p->row, col, msg);
            p->row_broken = 1;
        } else if (trailing) {
            hy_loc loc = {p->path, NULL, p->row, col};
            diag_warn(p->diags, &loc, _("text after the closing quote was joined to the field"));
        }
        kept = csv_utf8_cut(text, kept, lim->max_cell_bytes);
        if (sheetbuild_cell(p->sb, col, HY_CELL_TEXT, text, kept) != 0)
            return -1;

        if (p->pos >= p->n)
            break;
        char c = p->t[p->pos++];
        if (c == ',')
            continue;
        if (c == '\r' && p->pos < p->n && p->t[p->pos] == '\n')
            p->pos++;
        break;
    }
    /* A record past the limit stops the read only if it holds something: blank
     * lines at the end of a full file are harmless. */
    if (p->row > lim->max_rows) {
        uint32_t n = p->sb->ncells;
        while (n > 0 && p->sb->cells[n - 1].type == HY_CELL_BLANK)
            n--;
        if (n > 0 || p->row_broken) {
            snprintf(msg, sizeof msg, _("more than %zu rows; the rest of the file was not read"),
                     lim->max_rows);
            csv_error(p, p->row, 0, msg);
            p->sb->ncells = 0;
            p->stop = 1;
            return 0;
        }
    }
    return sheetbuild_end_row(p->sb, p->row, p->row_broken);
}

static int csv_parse(csv_parser *p)
{
    while (p->pos < p->n && !p->stop) {
        if (p->row == UINT32_MAX) {
            csv_error(p, p->row, 0, _("too many rows; the rest of the file was not read"));
            break;
        }
        p->row++;
        if (csv_record(p) != 0)
            return -1;
        /* the text read and the cells made are in spill arenas: hand their
         * pages back as the file is read */
        if (p->scratch && p->pos - p->paced >= (1 << 20)) {
            arena_release(p->scratch);
            arena_release(p->sb->arena);
            p->paced = p->pos;
        }
    }
    return 0;
}

/* Decodes the file's bytes, reporting a file that is no text as a diagnostic. */
static int csv_decode(hy_arena *scratch, const char *path, const char *data, size_t len,
                      const hy_ingest_opts *opts, hy_book *book, hy_diags *diags,
                      hy_decoded *dec, hy_err *err)
{
    int rc = encoding_decode_in(scratch, path, data, len, opts->encoding, dec, err);
    if (rc == HY_EDATA) {
        hy_loc loc = {path, NULL, 0, 0};
        diag_error(diags, &loc, "%s", err->msg);
        err_clear(err);
    }
    if (rc != HY_OK)
        return rc;
    book->encoding = encoding_name(dec->encoding);
    if (dec->bom_overrode) {
        hy_loc loc = {path, NULL, 0, 0};
        diag_warn(diags, &loc, _("the file starts with a UTF-8 byte order mark, so it was read "
                  "as UTF-8, not as the %s asked for"), opts->encoding);
    }
    return HY_OK;
}

/* Parses decoded text into book's only sheet. */
static int csv_parse_book(hy_arena *scratch, const char *path, const hy_decoded *dec,
                          const hy_ingest_opts *opts, hy_book *book, hy_diags *diags,
                          hy_err *err)
{
    hy_sheetbuild sb;
    sheetbuild_init(&sb, book->arena);
    csv_parser p = {
        .path = path, .t = dec->text, .n = dec->len, .dec = dec,
        .limits = &opts->limits, .sb = &sb, .diags = diags, .field = HY_BUF_INIT,
        .scratch = scratch,
    };
    hy_sheet *sheet = arena_calloc(book->arena, sizeof *sheet);
    int ok = sheet && csv_parse(&p) == 0 && sheetbuild_finish(&sb, sheet) == 0;
    buf_free(&p.field);
    sheetbuild_free(&sb);
    if (!ok)
        return err_set(err, HY_EIO, _("%s: out of memory reading the file"), path);
    sheet->file = book->file;
    sheet->name = NULL;
    book->sheets = sheet;
    book->nsheets = 1;
    return HY_OK;
}

int csv_read_buffer(const char *path, const char *data, size_t len,
                    const hy_ingest_opts *opts, hy_book *book, hy_diags *diags,
                    hy_err *err)
{
    hy_decoded dec;
    int rc = csv_decode(NULL, path, data, len, opts, book, diags, &dec, err);
    if (rc == HY_OK)
        rc = csv_parse_book(NULL, path, &dec, opts, book, diags, err);
    encoding_decoded_free(&dec);
    return rc;
}

/* Reads the file of size bytes (as stat gave it) into the scratch arena a
 * megabyte at a time, handing the pages back as it goes. A file that grew or
 * shrank meanwhile is read as it is now. */
static int csv_read_spilled(const char *path, size_t size, size_t max_bytes, hy_arena *scratch,
                            char **data, size_t *len, hy_err *err)
{
    *data = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return err_set(err, HY_EIO, _("%s: cannot open: %s"), path, strerror(errno));
    hy_buf b = HY_BUF_INIT;
    b.arena = scratch;
    int rc = HY_OK;
    /* room for the last read's megabyte too: growing copies the whole file */
    if (buf_reserve(&b, size + (1 << 20)) != 0)
        rc = err_set(err, HY_EIO, _("%s: out of memory reading the file"), path);
    while (rc == HY_OK) {
        if (buf_reserve(&b, 1 << 20) != 0) {
            rc = err_set(err, HY_EIO, _("%s: out of memory reading the file"), path);
            break;
        }
        size_t n = fread(b.data + b.len, 1, 1 << 20, fp);
        b.len += n;
        b.data[b.len] = '\0';
        arena_release(scratch);
        if (b.len > max_bytes)
            rc = err_set(err, HY_EIO, _("%s: file is larger than the limit of %zu bytes"),
                         path, max_bytes);
        if (n == 0)
            break;
    }
    if (rc == HY_OK && ferror(fp))
        rc = err_set(err, HY_EIO, _("%s: cannot read: %s"), path, strerror(errno));
    fclose(fp);
    if (rc == HY_OK) {
        *data = b.data;
        *len = b.len;
    }
    return rc;
}

int csv_read_file(const char *path, const hy_ingest_opts *opts, hy_book *book,
                  hy_diags *diags, hy_err *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return err_set(err, HY_EIO, _("%s: cannot open: %s"), path, strerror(errno));
    if ((uintmax_t)st.st_size > opts->limits.max_file_bytes) {
        hy_loc loc = {path, NULL, 0, 0};
        diag_error(diags, &loc, _("the file is %jd bytes, more than the limit of %zu bytes; "
                   "it was not read"), (intmax_t)st.st_size, opts->limits.max_file_bytes);
        return HY_EDATA;
    }
    /* The bytes and the text decoded from them live in a scratch file while
     * the cells are made, and go with it: a file of a hundred megabytes is
     * never held in memory. */
    hy_arena *scratch = arena_new_spill();
    char *data = NULL;   /* read, and so decoded (dec to free): not when scratch failed */
    size_t len = 0;
    int rc = scratch ? csv_read_spilled(path, (size_t)st.st_size,
                                                opts->limits.max_file_bytes, scratch, &data,
                                                &len, err)
                     : err_set(err, HY_EIO, _("%s: out of memory reading the file"), path);
    hy_decoded dec;
    if (rc == HY_OK)
        rc = csv_decode(scratch, path, data, len, opts, book, diags, &dec, err);
    if (rc == HY_OK)
        rc = csv_parse_book(scratch, path, &dec, opts, book, diags, err);
    if (data)
        encoding_decoded_free(&dec);
    arena_free(scratch);
    return rc;
}
