/*
 * csv.h - reading a CSV file the way Excel reads it.
 *
 * RFC 4180 plus what Excel writes and accepts: CRLF, LF or CR line ends, quoted
 * fields holding commas, "" and line breaks, a byte order mark, a trailing line
 * end, and a quote inside an unquoted field taken as a plain character. Rows
 * are numbered by record, as a spreadsheet shows them: a quoted field spanning
 * three lines is still one row. Every field is a text cell; an empty field is
 * blank. Wholly blank records are not kept but still counted.
 *
 * Problems (a byte that is not text, an unterminated quote, a cell over the
 * size limit) are diagnostics at row:column and mark the row broken; reading
 * goes on, except past max_rows or max_cols, where the rest is not read.
 */
#ifndef HY_CSV_H
#define HY_CSV_H

#include <stddef.h>

#include "ingest/ingest.h"

/* Reads the CSV file at path into book as its only sheet (book->sheets is set
 * here; book->arena must exist). Returns HY_OK (problems are in diags), HY_EDATA
 * when the file is not readable text at all (a diagnostic says why), HY_EUSAGE
 * for an unknown opts->encoding, or HY_EIO (err says why). Diagnostics keep path
 * by pointer. */
int csv_read_file(const char *path, const hy_ingest_opts *opts, hy_book *book,
                  hy_diags *diags, hy_err *err);

/* The same for len bytes already in memory; path only names them. */
int csv_read_buffer(const char *path, const char *data, size_t len,
                    const hy_ingest_opts *opts, hy_book *book, hy_diags *diags,
                    hy_err *err);

#endif
