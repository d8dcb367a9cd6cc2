#include "model/format.h"

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

/* The first day of each era, for dates (fiscal years use ERAS above). */
static const struct era_start {
    int year, month, day;
    const char *name, *letter;
} ERA_STARTS[] = {
    {2019, 5, 1, "令和", "R"},
    {1989, 1, 8, "平成", "H"},
    {1926, 12, 25, "昭和", "S"},
    {1912, 7, 30, "大正", "T"},
};

size_t format_date(int year, int month, int day, hy_era_style style, char *out, size_t size)
{
    /* an unknown month or day counts as the first for choosing the era */
    long key = (long)year * 10000 + (month ? month : 1) * 100 + (day ? day : 1);
    const struct era_start *e = NULL;
    for (size_t i = 0; i < sizeof ERA_STARTS / sizeof ERA_STARTS[0] && !e; i++)
        if (key >= (long)ERA_STARTS[i].year * 10000 + ERA_STARTS[i].month * 100 + ERA_STARTS[i].day)
            e = &ERA_STARTS[i];
    int n;
    if (style == HY_ERA_WESTERN || !e) {
        n = snprintf(out, size, "%d年", year);
        if (month && n >= 0 && (size_t)n < size)
            n += snprintf(out + n, size - (size_t)n, "%d月", month);
        if (month && day && n >= 0 && (size_t)n < size)
            n += snprintf(out + n, size - (size_t)n, "%d日", day);
        return n < 0 ? 0 : (size_t)n;
    }
    int ny = year - e->year + 1;
    if (style == HY_ERA_SHORT) {
        n = snprintf(out, size, "%s%d", e->letter, ny);
        if (month && n >= 0 && (size_t)n < size)
            n += snprintf(out + n, size - (size_t)n, ".%d", month);
        if (month && day && n >= 0 && (size_t)n < size)
            n += snprintf(out + n, size - (size_t)n, ".%d", day);
        return n < 0 ? 0 : (size_t)n;
    }
    char num[16];
    if (ny == 1)
        snprintf(num, sizeof num, "元");
    else
        snprintf(num, sizeof num, "%d", ny);
    n = snprintf(out, size, "%s%s年", e->name, num);
    if (month && n >= 0 && (size_t)n < size)
        n += snprintf(out + n, size - (size_t)n, "%d月", month);
    if (month && day && n >= 0 && (size_t)n < size)
        n += snprintf(out + n, size - (size_t)n, "%d日", day);
    return n < 0 ? 0 : (size_t)n;
}
