#include "util/csvout.h"

#include <string.h>

void csvout_bom(FILE *fp)
{
    fputs("\xEF\xBB\xBF", fp);
}

int csvout_is_number(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    size_t whole = strspn(s, "0123456789");
    s += whole;
    size_t frac = 0;
    if (*s == '.') {
        frac = strspn(s + 1, "0123456789");
        s += 1 + frac;
    }
    if (whole + frac == 0)
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '-' || *s == '+')
            s++;
        size_t exp = strspn(s, "0123456789");
        if (!exp)
            return 0;
        s += exp;
    }
    return *s == '\0';
}

/* OWASP's CSV-injection rule: a spreadsheet takes a cell that begins with one
 * of these for a formula (or, after a TAB or CR, trims its way to one). */
static int looks_like_formula(const char *s)
{
    /* a lone - is the blank mark forms use, which no spreadsheet runs */
    return s[0] && strchr("=+-@\t\r", s[0]) && !csvout_is_number(s) && strcmp(s, "-") != 0;
}

void csvout_field(FILE *fp, const char *s)
{
    if (!s)
        return;
    int formula = looks_like_formula(s);
    if (!formula && !strpbrk(s, ",\"\r\n")) {
        fputs(s, fp);
        return;
    }
    /* quoted, and a formula-looking text behind an apostrophe, which makes a
     * spreadsheet show it as text */
    fputc('"', fp);
    if (formula)
        fputc('\'', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

void csvout_row(FILE *fp, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', fp);
        csvout_field(fp, fields[i]);
    }
    fputc('\n', fp);
}
