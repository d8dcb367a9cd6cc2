/*
 * value.h - reading one cell's text as what it means: a number, an amount of
 * money, a year, a choice; and the folding used to match headers and keys.
 * The rules, and the exact strings each must accept, are section 3 of
 * spec/domain.md.
 *
 * Every parser says one of three things: the cell holds a value, the cell holds
 * *no value* (blank, -, －, —, ―, /, 未集計, or a bare unit such as %), which is
 * not zero, or the cell holds something that is not what the column expects,
 * with a message for the person who typed it.
 */
#ifndef HY_VALUE_H
#define HY_VALUE_H

#include <stddef.h>

#include "model/num.h"
#include "util/buf.h"

typedef enum hy_value_status {
    HY_VALUE_OK,      /* *out holds the value */
    HY_VALUE_EMPTY,   /* no value; *out is null */
    HY_VALUE_BAD,     /* not understood; why says what was expected */
} hy_value_status;

/* The unit a number was written with, when it carried one. */
typedef enum hy_unit {
    HY_UNIT_NONE,
    HY_UNIT_YEN,        /* 円 */
    HY_UNIT_THOUSAND_YEN, /* 千円 */
    HY_UNIT_MAN_YEN,    /* 万円 */
    HY_UNIT_PERCENT,    /* % or ％ */
    HY_UNIT_OTHER,      /* 件, 人, 回, 千t ...: a counting unit, returned as text */
} hy_unit;

/* Parses a number: 22,000 / ２２，０００ / 1.00 / 7,262千円 / 54,886,770円 /
 * 79.9% / △1,234 and ▲1,234 (negative) / -1,234 / 1,199件. Thousands separators
 * must be in the right places. The unit written after it, if any, goes to *unit
 * (and its text to unit_text when that is not NULL). */
hy_value_status value_number(const char *text, hy_num *out, hy_unit *unit,
                             hy_buf *unit_text, char *why, size_t why_size);

/* Parses an amount of money into whole yen. A number without a unit is in units
 * of default_unit_yen (1000 when the column or file is in 千円); 円, 千円 and 万円
 * written in the cell override it. Fractions of a yen are BAD. */
hy_value_status value_amount(const char *text, int64_t default_unit_yen, hy_amount *out,
                             char *why, size_t why_size);

/* Parses a fiscal year: R6, 令和6年度, 令和元年度, R元, H28, H34, 平成31年度,
 * 平成42年, 昭和47年度, 令和６年度, 2024, 2024年度, FY2024. 昭和N = 1925+N, 平成N = 1988+N,
 * 令和N = 2018+N, 元 = 1; years past an era's end convert arithmetically. */
hy_value_status value_fiscal_year(const char *text, int *fiscal_year, char *why, size_t why_size);

/* A calendar date, in any of: 令和6年7月, 令和元年7月24日（水）, 平成 22年 5月 7日,
 * H29.3, H23. 7. 1, 2024-07-01, 2024/7/1. Missing month or day are 0. */
typedef struct hy_date { int year, month, day; } hy_date;
hy_value_status value_date(const char *text, hy_date *out, char *why, size_t why_size);

/* The fiscal year a date falls in (April to March). */
int date_fiscal_year(hy_date d);

/* Finds a year written inside a header, such as 基準値(H26), H27実績値, 目標値（R7）,
 * R3当初予算, 令和2年度決算. Returns 1 and sets *fiscal_year and the rest of the header
 * with the year (and its brackets) removed into rest; 0 when there is none. */
int value_header_year(const char *header, int *fiscal_year, hy_buf *rest);

/* Trims ASCII whitespace and U+3000 at both ends into out (inner line breaks kept;
 * CRLF and CR become LF). Returns out's string. */
const char *value_trim(const char *text, hy_buf *out);

/* Folds text into a matching key: NFKC, full-width ASCII and half-width katakana
 * folded, 〜/～ and −/－ unified, every space removed, ASCII lower-cased. Display
 * text is never folded; only keys are. Returns 0, or -1 on invalid UTF-8. */
int value_fold_key(const char *text, hy_buf *out);

#endif
