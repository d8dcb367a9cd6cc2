/*
 * cellfmt.h - the text of a workbook's number cells, the same for .xlsx and .xls.
 *
 * A workbook stores numbers as doubles. Its text is the shortest decimal that
 * reads back as the same double, written out in full ("22000", "0.1",
 * "1234.5", "0.00001", never "1e-05"), so that the normalize stage parses one
 * plain notation whatever format the data came in. Whether a number is a date
 * is decided by its display format; a date becomes YYYY-MM-DD, with Excel's
 * calendar quirks reproduced (see cellfmt_date).
 *
 * These functions assume the C locale's decimal point, which hyoka never changes.
 */
#ifndef HY_CELLFMT_H
#define HY_CELLFMT_H

#include <stddef.h>

/* Room for any number cellfmt_number writes: 309 integer digits of the largest
 * double, or 323 zeros and 17 digits after the point of the smallest, a sign. */
#define CELLFMT_NUMBER_MAX 352

/* What a display format shows a number as. */
typedef enum hy_numfmt_kind {
    CELLFMT_NUMBER,   /* a number */
    CELLFMT_DATE,     /* a calendar date, perhaps with a time of day */
    CELLFMT_TIME,     /* a time of day or a duration, no date */
} hy_numfmt_kind;

/* Writes x at 15 significant digits, as Excel displays it (23456.79999999999
 * is 23456.8), trailing zeros dropped, in positional notation into out
 * (CELLFMT_NUMBER_MAX bytes). -0 is "0". Returns the length, or 0 for an
 * infinity or NaN (and writes nothing). */
size_t cellfmt_number(double x, char *out);

/* Writes the date of serial day number serial as "YYYY-MM-DD" into out (11 bytes),
 * dropping any time of day. In the 1900 system serial 1 is 1900-01-01 and 60 is
 * the 1900-02-29 that Lotus had and Excel kept for compatibility; in the 1904
 * system (date1904) serial 0 is 1904-01-01. Returns 0, or -1 when the serial
 * is no day Excel can show (before day 1 / day 0, or after 9999-12-31). */
int cellfmt_date(double serial, int date1904, char out[11]);

/* Writes the time of day of a serial in [0, 1) as "HH:MM:SS" into out (9 bytes),
 * rounded to the second. Returns 0, or -1 outside [0, 1). */
int cellfmt_time(double serial, char out[9]);

/* Classifies a display format: by id when it is one of Excel's built-in formats
 * (code NULL), else by its format code. A code is a date when, outside quoted
 * text, [brackets] and escaped characters, it has y, d, e (era year) or g
 * (era name), or m without h or s beside it (m next to h or s means minutes). */
hy_numfmt_kind cellfmt_numfmt_kind(int id, const char *code);

#endif
