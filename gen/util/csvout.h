/*
 * csvout.h - writing RFC 4180 CSV (UTF-8, LF line ends), for the tables hyoka
 * hands back to people: validation.csv, the normalized tables and the open data.
 */
#ifndef HY_CSVOUT_H
#define HY_CSVOUT_H

#include <stddef.h>
#include <stdio.h>

/* Writes the UTF-8 byte order mark. Japanese Excel reads a CSV without one as
 * CP932 and shows UTF-8 text garbled; with it, it opens the file right. Call
 * once, first, for a file people will open. */
void csvout_bom(FILE *fp);

/* Writes one field, quoted when it holds a comma, quote, CR or LF; NULL is
 * empty. A text a spreadsheet would run as a formula (it begins with =, +, -,
 * @, TAB or CR: OWASP's CSV-injection rule) is written quoted behind an
 * apostrophe, so it shows as text; a number such as -12 is written as is. */
void csvout_field(FILE *fp, const char *s);

/* Is s a plain decimal number (-12, 3.5, +1e3), which a spreadsheet reads as
 * a number and never as a formula? */
int csvout_is_number(const char *s);

/* Writes n fields separated by commas, then a line end. */
void csvout_row(FILE *fp, const char *const *fields, size_t n);

#endif
