#include "util/csvout.h"

#include <string.h>

void csvout_bom(FILE *fp)
{
    fputs("\xEF\xBB\xBF", fp);
}

void csvout_field(FILE *fp, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
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
