/*
 * ingest.h - reading one input file (CSV, .xlsx or .xls) into a hy_book.
 *
 * Problems in the file itself (a bad CP932 byte, an unterminated quote, a
 * truncated zip, malformed XML, a limit exceeded) are recorded as diagnostics
 * with the file, row and column (and byte offset where that is what identifies
 * it) and the reader goes on where it can, so one run reports everything. The
 * rows they touch are marked broken. Only failures that make the file unreadable
 * as a whole end the read of that file; they are diagnostics too, so the run
 * continues with the other files.
 */
#ifndef HY_INGEST_H
#define HY_INGEST_H

#include <stddef.h>

#include "ingest/sheet.h"
#include "util/diag.h"
#include "util/err.h"

/* Limits against hostile or broken files. Exceeding one is a diagnostic, never a
 * crash or an unbounded allocation. */
typedef struct hy_ingest_limits {
    size_t max_file_bytes;     /* size of a CSV file or a workbook file */
    size_t max_cell_bytes;     /* UTF-8 bytes in one cell */
    size_t max_rows;           /* rows in one sheet */
    size_t max_cols;           /* columns in one row */
    size_t max_part_bytes;     /* decompressed size of one xlsx part */
    size_t max_ratio;          /* decompressed / compressed size of one xlsx part */
    size_t max_sheets;         /* sheets one .xlsx workbook lists */
    size_t max_rels;           /* relationships in one .xlsx relationships part */
    size_t max_strings;        /* entries of an .xlsx shared string table */
    size_t max_child_bytes;    /* address space the .xls reader's child may add */
    unsigned max_child_seconds;/* wall-clock time the .xls reader's child may take,
                                  plus 1 s per MB of the file */
} hy_ingest_limits;

typedef struct hy_ingest_opts {
    const char *encoding;      /* CSV only: NULL = detect; "UTF-8" or "CP932" to force */
    hy_ingest_limits limits;
} hy_ingest_opts;

/* Fills opts with automatic encoding detection and the default limits
 * (256 MB files, 1 MB cells, 1,000,000 rows, 16,384 columns, 512 MB parts, ratio 200,
 * 1,000 sheets, 10,000 relationships, 4,000,000 shared strings; the .xls child
 * 1 GB of memory and 3 s plus 1 s per MB). */
void ingest_default_opts(hy_ingest_opts *opts);

/* Is this a file hyoka reads (.csv, .xlsx, .xls, case-insensitive)? */
int ingest_is_input(const char *path);

/* Reads path by its extension. On success *book holds every sheet read (possibly
 * with broken rows) and the return is HY_OK; problems found are in diags. When
 * the file cannot be read at all the return is HY_EDATA (a diagnostic says why)
 * or HY_EIO (err says why: the file could not be opened or memory ran out),
 * or HY_EUSAGE when opts->encoding names no encoding hyoka knows (err says
 * which), and *book is NULL. A path that is no regular file (a named pipe, a
 * device, a folder) is not opened: a warning says so and the return is HY_EDATA. */
int ingest_file(const char *path, const hy_ingest_opts *opts, hy_book **book,
                hy_diags *diags, hy_err *err);

/* Frees a book and its arena; NULL is allowed. */
void book_free(hy_book *book);

#endif
