#include "ingest/ingest.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ingest/csv.h"
#include "ingest/xls.h"
#include "ingest/xlsx.h"
#include "util/fsutil.h"
#include "util/i18n.h"

void ingest_default_opts(hy_ingest_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->encoding = NULL;
    opts->limits.max_file_bytes = (size_t)256 << 20;
    opts->limits.max_cell_bytes = (size_t)1 << 20;
    opts->limits.max_rows = 1000000;
    opts->limits.max_cols = 16384;
    opts->limits.max_part_bytes = (size_t)512 << 20;
    opts->limits.max_ratio = 200;
    opts->limits.max_sheets = 1000;
    opts->limits.max_rels = 10000;
    opts->limits.max_strings = 4000000;
    opts->limits.max_child_bytes = (size_t)1 << 30;
    opts->limits.max_child_seconds = 3;
}

typedef enum ingest_kind { INGEST_NONE, INGEST_CSV, INGEST_XLSX, INGEST_XLS } ingest_kind;

static ingest_kind ingest_kind_of(const char *path)
{
    const char *base = fs_basename(path);
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return INGEST_NONE;
    if (strcasecmp(dot, ".csv") == 0)
        return INGEST_CSV;
    if (strcasecmp(dot, ".xlsx") == 0)
        return INGEST_XLSX;
    if (strcasecmp(dot, ".xls") == 0)
        return INGEST_XLS;
    return INGEST_NONE;
}

int ingest_is_input(const char *path)
{
    /* "~$name.xlsx" is the lock file Excel leaves beside a workbook it has
     * open, not data; folders handed over often still contain one. */
    if (strncmp(fs_basename(path), "~$", 2) == 0)
        return 0;
    return ingest_kind_of(path) != INGEST_NONE;
}

/* The first control character in s that no cell may hold: C0 but TAB and LF
 * (CR was made LF), DEL, C1, and the bidirectional overrides and isolates.
 * Returns its code point and sets *at to its byte offset, or returns 0. */
static unsigned ingest_control_in(const char *str, size_t *at)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; s[i]; i++) {
        unsigned c = s[i], cp = 0;
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
            cp = c;
        else if (c == 0xC2 && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
            cp = s[i + 1];
        else if (c == 0xE2 && s[i + 1] == 0x80 && s[i + 2] >= 0xAA && s[i + 2] <= 0xAE)
            cp = 0x2000u + (s[i + 2] - 0x80u);
        else if (c == 0xE2 && s[i + 1] == 0x81 && s[i + 2] >= 0xA6 && s[i + 2] <= 0xA9)
            cp = 0x2040u + (s[i + 2] - 0x80u);
        if (cp) {
            *at = i;
            return cp;
        }
    }
    return 0;
}

/* A control character in any cell is an error at that cell and its row is
 * rejected: an ESC or a newline in a project code would reach the terminal
 * and the PDF's title, a U+202E reverse what a reader sees. Returns 0, or -1
 * when out of memory. */
static int ingest_check_controls(const hy_book *book, const char *file, hy_diags *diags)
{
    for (size_t s = 0; s < book->nsheets; s++) {
        const hy_sheet *sh = &book->sheets[s];
        const char *sheet = NULL;
        for (size_t r = 0; r < sh->nrows; r++) {
            hy_row *row = &sh->rows[r];
            if (r % 4096 == 4095)   /* a spill arena's pages go back as we pass */
                arena_release(book->arena);
            for (uint32_t c = 0; c < row->ncells; c++) {
                size_t at;
                unsigned cp = row->cells[c].text ? ingest_control_in(row->cells[c].text, &at) : 0;
                if (!cp)
                    continue;
                if (sh->name && !sheet && !(sheet = arena_strdup(diags->arena, sh->name)))
                    return -1;
                hy_loc loc = {file, sheet, row->number, c + 1};
                diag_error(diags, &loc, _("control character U+%04X at byte %zu of the cell; "
                           "text may not hold control characters: remove it"), cp, at + 1);
                row->broken = 1;
            }
        }
    }
    return 0;
}

int ingest_file(const char *path, const hy_ingest_opts *opts, hy_book **book,
                hy_diags *diags, hy_err *err)
{
    *book = NULL;
    /* Diagnostics keep the name by pointer; the caller's string may not live as
     * long as they do, and the book is freed when the file cannot be read. */
    const char *file = arena_strdup(diags->arena, path);
    if (!file)
        return err_set(err, HY_EIO, _("%s: out of memory"), path);
    ingest_kind kind = ingest_kind_of(path);
    if (kind == INGEST_NONE) {
        hy_loc loc = {file, NULL, 0, 0};
        diag_error(diags, &loc, _("not a file hyoka reads (it reads .csv, .xlsx and .xls)"));
        return HY_EDATA;
    }
    /* A FIFO named x.csv would block the read for ever, a device could be
     * endless: only regular files (or links to them) are data. */
    struct stat st;
    if (stat(path, &st) != 0)
        return err_set(err, HY_EIO, _("%s: cannot open: %s"), path, strerror(errno));
    if (!S_ISREG(st.st_mode)) {
        hy_loc loc = {file, NULL, 0, 0};
        diag_warn(diags, &loc, _("not a regular file (%s); skipped"),
                  S_ISFIFO(st.st_mode) ? _("a named pipe") : S_ISDIR(st.st_mode) ? _("a folder")
                  : S_ISSOCK(st.st_mode) ? _("a socket") : _("a device"));
        return HY_EDATA;
    }
    hy_arena *arena = arena_new_spill();
    hy_book *b = arena ? arena_calloc(arena, sizeof *b) : NULL;
    if (!b || !(b->file = arena_strdup(arena, path))) {
        arena_free(arena);
        return err_set(err, HY_EIO, _("%s: out of memory"), path);
    }
    b->arena = arena;
    int rc;
    switch (kind) {
    case INGEST_CSV:
        rc = csv_read_file(file, opts, b, diags, err);
        break;
    case INGEST_XLSX:
        rc = xlsx_read_file(file, opts, b, diags, err);
        break;
    default:
        rc = xls_read_file(file, opts, b, diags, err);
        break;
    }
    if (rc == HY_OK && ingest_check_controls(b, file, diags) != 0)
        rc = err_set(err, HY_EIO, _("%s: out of memory"), path);
    if (rc != HY_OK) {
        book_free(b);
        return rc;
    }
    *book = b;
    return HY_OK;
}

void book_free(hy_book *book)
{
    if (book)
        arena_free(book->arena);
}
