/*
 * xlsx.h - reading an Office Open XML workbook (.xlsx), every worksheet.
 *
 * The package is a zip of XML parts. Worksheets are found the way Excel finds
 * them, through xl/workbook.xml and its relationships, in workbook order, so a
 * workbook whose first sheet is stored as sheet3.xml reads correctly. Each part
 * is streamed (zippart.h); only shared strings are kept, once, in the book's
 * arena, whatever number of cells use them.
 *
 * Cell text follows sheet.h: shared and inline strings with their rich-text
 * runs joined and their furigana (<rPh>, which Excel adds to Japanese cells)
 * left out, and _xHHHH_ escapes undone; numbers as cellfmt_number writes them;
 * numbers in a date format (xl/styles.xml) as YYYY-MM-DD, in the workbook's
 * 1900 or 1904 date system; numbers in a time-only format as "HH:MM:SS" text;
 * booleans TRUE/FALSE; errors such as #DIV/0!; formula results as cached. A
 * formula with no cached result is an error: its value is unknown, and a blank
 * would pass for "no value". Merged ranges go to sheet->merges.
 */
#ifndef HY_XLSX_H
#define HY_XLSX_H

#include "ingest/ingest.h"

/* Reads the workbook at path into book, one hy_sheet per worksheet (chart sheets
 * have no cells and are left out). Returns HY_OK (problems, including sheets that
 * could be read only in part, are in diags), HY_EDATA when the file is no
 * readable workbook at all (a diagnostic says why), or HY_EIO (err says why).
 * Diagnostics keep path by pointer. */
int xlsx_read_file(const char *path, const hy_ingest_opts *opts, hy_book *book,
                   hy_diags *diags, hy_err *err);

#endif
