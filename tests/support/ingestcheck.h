/*
 * ingestcheck.h - assertions the ingest tests share: a sheet holds exactly these
 * rows and cells, a run reported exactly these diagnostics. Header-only (static
 * inline), so that only the test programs that include it carry it.
 *
 * A mismatch is reported with both values, not just the failing expression.
 */
#ifndef HY_INGESTCHECK_H
#define HY_INGESTCHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ingest/ingest.h"
#include "testutil.h"

enum { IC_MAX_CELLS = 8 };

/* One expected row. cells[i] NULL is a blank cell; types has one letter per
 * cell (t text, n number, d date, b boolean, e error, - blank), or is NULL when
 * every non-blank cell is text. */
typedef struct ic_row {
    uint32_t number;
    int broken;
    uint32_t ncells;
    const char *types;
    const char *cells[IC_MAX_CELLS];
} ic_row;

static inline void ic_fail(const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static inline void ic_fail(const char *file, unsigned line, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    CU_assertImplementation(CU_FALSE, line, msg, file, "", CU_FALSE);
}

static inline int ic_type_letter(uint8_t type)
{
    static const char letters[] = "-tndbe";
    return type < sizeof letters - 1 ? letters[type] : '?';
}

/* Asserts that sheet holds exactly the nrows rows of want. */
#define IC_EXPECT_ROWS(sheet, want) \
    ic_expect_rows(__FILE__, __LINE__, (sheet), (want), sizeof(want) / sizeof *(want))

static inline void ic_expect_rows(const char *file, unsigned line, const hy_sheet *sheet,
                                  const ic_row *want, size_t nwant)
{
    if (!sheet) {
        ic_fail(file, line, "no sheet");
        return;
    }
    if (sheet->nrows != nwant)
        ic_fail(file, line, "sheet %s has %zu rows, expected %zu",
                sheet->name ? sheet->name : "(csv)", sheet->nrows, nwant);
    size_t n = sheet->nrows < nwant ? sheet->nrows : nwant;
    for (size_t i = 0; i < n; i++) {
        const hy_row *got = &sheet->rows[i];
        const ic_row *w = &want[i];
        if (got->number != w->number || !got->broken != !w->broken || got->ncells != w->ncells) {
            ic_fail(file, line, "row %zu is number %u broken %d with %u cells, expected "
                    "number %u broken %d with %u cells", i, got->number, got->broken,
                    got->ncells, w->number, w->broken, w->ncells);
            continue;
        }
        for (uint32_t c = 0; c < w->ncells && c < IC_MAX_CELLS; c++) {
            const char *gt = got->cells[c].text, *wt = w->cells[c];
            int want_type = !wt ? '-' : w->types ? w->types[c] : 't';
            int got_type = ic_type_letter(got->cells[c].type);
            if ((!gt) != (!wt) || (gt && strcmp(gt, wt) != 0) || got_type != want_type)
                ic_fail(file, line, "row %u column %u is %c \"%s\", expected %c \"%s\"",
                        w->number, c + 1, got_type, gt ? gt : "(blank)", want_type,
                        wt ? wt : "(blank)");
        }
    }
}

/* Asserts that two sheets hold the same rows and cells (texts and types). */
#define IC_SAME_CELLS(a, b) ic_same_cells(__FILE__, __LINE__, (a), (b))

static inline void ic_same_cells(const char *file, unsigned line, const hy_sheet *a,
                                 const hy_sheet *b)
{
    if (!a || !b || a->nrows != b->nrows) {
        ic_fail(file, line, "sheets differ in rows: %zu and %zu", a ? a->nrows : 0,
                b ? b->nrows : 0);
        return;
    }
    for (size_t i = 0; i < a->nrows; i++) {
        const hy_row *x = &a->rows[i], *y = &b->rows[i];
        if (x->number != y->number || x->ncells != y->ncells || x->broken != y->broken) {
            ic_fail(file, line, "row %zu differs: number %u/%u, %u/%u cells", i, x->number,
                    y->number, x->ncells, y->ncells);
            continue;
        }
        for (uint32_t c = 0; c < x->ncells; c++) {
            const char *s = x->cells[c].text, *t = y->cells[c].text;
            if ((!s) != (!t) || (s && strcmp(s, t) != 0) || x->cells[c].type != y->cells[c].type)
                ic_fail(file, line, "row %u column %u: \"%s\" and \"%s\"", x->number, c + 1,
                        s ? s : "(blank)", t ? t : "(blank)");
        }
    }
}

/* A diagnostic as the user sees it: "file[sheet]:row:col: error: message". */
static inline void ic_diag_line(const hy_diag *g, char *out, size_t size)
{
    char where[1024];
    diag_format_loc(&g->loc, where, sizeof where);
    snprintf(out, size, "%s: %s: %s", where, g->severity == DIAG_ERROR ? "error" : "warning",
             g->message);
}

/* Asserts that diags holds exactly the lines of want (a NULL-terminated list). */
#define IC_EXPECT_DIAGS(diags, ...) \
    ic_expect_diags(__FILE__, __LINE__, (diags), (const char *const[]){__VA_ARGS__, NULL})

static inline void ic_expect_diags(const char *file, unsigned line, const hy_diags *diags,
                                   const char *const *want)
{
    size_t n = 0;
    while (want[n])
        n++;
    char got[4096];
    for (size_t i = 0; i < diags->count || i < n; i++) {
        if (i < diags->count)
            ic_diag_line(&diags->items[i], got, sizeof got);
        if (i >= diags->count)
            ic_fail(file, line, "missing diagnostic %zu: %s", i, i < n ? want[i] : "");
        else if (i >= n)
            ic_fail(file, line, "unexpected diagnostic %zu: %s", i, got);
        else if (strcmp(got, want[i]) != 0)
            ic_fail(file, line, "diagnostic %zu is\n      %s\n    expected\n      %s", i, got,
                    want[i]);
    }
}

/* Asserts that there were no diagnostics at all. */
#define IC_NO_DIAGS(diags) ic_expect_diags(__FILE__, __LINE__, (diags), (const char *const[]){NULL})

/* Reads path with opts (NULL for the defaults) and returns the status; *book
 * and the diagnostics are the caller's to free. */
static inline int ic_ingest(const char *path, const hy_ingest_opts *opts, hy_book **book,
                            hy_diags **diags)
{
    hy_ingest_opts def;
    if (!opts) {
        ingest_default_opts(&def);
        opts = &def;
    }
    hy_err err;
    err_clear(&err);
    *diags = diags_new();
    int rc = ingest_file(path, opts, book, *diags, &err);
    if (rc == HY_EIO || rc == HY_EUSAGE)
        fprintf(stderr, "ingest_file: %s\n", err.msg);
    return rc;
}

#endif
