#include "template/format.h"

#include <stdio.h>

/* Fiscal years are named by the era in force when they begin (April 1): the
 * fiscal year from April 2019 is 令和元年度 although 令和 began on May 1, and
 * that is how every municipality writes it. */
static const struct era {
    int first_fiscal_year;
    const char *name, *letter;
} ERAS[] = {
    {2019, "令和", "R"},
    {1989, "平成", "H"},
    {1926, "昭和", "S"},
    {1912, "大正", "T"},
};

size_t format_fiscal_year(int year, hy_era_style style, int with_suffix, char *out, size_t size)
{
    const char *suffix = with_suffix ? "年度" : "";
    int n;
    if (style == HY_ERA_WESTERN || year < ERAS[3].first_fiscal_year) {
        n = snprintf(out, size, "%d%s", year, suffix);
        return n < 0 ? 0 : (size_t)n;
    }
    const struct era *e = ERAS;
    while (year < e->first_fiscal_year)
        e++;
    int ny = year - e->first_fiscal_year + 1;
    char num[16];
    if (ny == 1)
        snprintf(num, sizeof num, "元");
    else
        snprintf(num, sizeof num, "%d", ny);
    if (style == HY_ERA_SHORT)
        n = snprintf(out, size, "%s%s", e->letter, num);
    else
        n = snprintf(out, size, "%s%s%s", e->name, num, suffix);
    return n < 0 ? 0 : (size_t)n;
}
