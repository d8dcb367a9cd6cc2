/*
 * format.h - printing values the way Japanese municipal forms print them:
 * fiscal years in 和暦 (令和6年度, R6), amounts in the city's unit with
 * thousands separators, rates with a fixed number of decimals.
 *
 * It sits in model/ because compute, normalize, xlsx and template all print
 * years and dates, and a lower stage may not include a higher one.
 */
#ifndef HY_FORMAT_H
#define HY_FORMAT_H

#include <stddef.h>

/* How years are printed. */
typedef enum hy_era_style {
    HY_ERA_LONG,     /* 令和6年度 */
    HY_ERA_SHORT,    /* R6 */
    HY_ERA_WESTERN,  /* 2024年度 */
} hy_era_style;

/* Writes a fiscal year in the given style: 2024 -> 令和6年度 (LONG), R6 (SHORT),
 * 2024年度 (WESTERN); the first year of an era is 元 (令和元年度, R元). When
 * with_suffix is 0 the 年度 is left out (令和6, 2024). Returns the length. */
size_t format_fiscal_year(int fiscal_year, hy_era_style style, int with_suffix,
                          char *out, size_t size);

/* Writes a calendar date: 2019-07-24 -> 令和元年7月24日 (LONG), R1.7.24 (SHORT),
 * 2019年7月24日 (WESTERN). A date is named by the era in force that day (令和
 * from 1 May 2019, unlike fiscal years); month or day 0 stops the date there
 * (令和6年7月). Returns the length. */
size_t format_date(int year, int month, int day, hy_era_style style, char *out, size_t size);

#endif
