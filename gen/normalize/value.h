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
 *
 * Common to every parser here: text NULL reads as a blank cell; why may be NULL
 * (or why_size 0) when the caller does not want the message; a why is always
 * NUL-terminated and cut at a character boundary.
 *
 * Numbers and years are read through a narrow fold (full-width digits, ，．－＋％
 * and the full-width space), never through NFKC: NFKC would read ① as 1 and ①②
 * as 12, turning a slip of the pen into a plausible figure.
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
 * (and its text to unit_text when that is not NULL).
 * The value is kept as written: 79.9% is {799, 1} with unit PERCENT, 1.00 is
 * {100, 2}. The unit text is as typed (％ stays ％). A bare unit (%, 円, 件) is
 * EMPTY with *unit set to it; on BAD *unit is NONE. 1E-05 (a workbook's number
 * cell) is read exactly. unit and unit_text may be NULL. */
hy_value_status value_number(const char *text, hy_num *out, hy_unit *unit,
                             hy_buf *unit_text, char *why, size_t why_size);

/* Parses an amount of money into whole yen. A number without a unit is in units
 * of default_unit_yen (1000 when the column or file is in 千円); 円, 千円 and 万円
 * written in the cell override it. Fractions of a yen are BAD.
 * 百万円 and 億円 are read too; a percentage or a counting unit is BAD, and a
 * default_unit_yen below 1 counts as 1. */
hy_value_status value_amount(const char *text, int64_t default_unit_yen, hy_amount *out,
                             char *why, size_t why_size);

/* value_amount, but an amount finer than the yen after the unit is applied
 * (2741.0625千円) is rounded half-up to the yen instead of being BAD; *rounded
 * says whether it was. Exact amounts are unchanged. */
hy_value_status value_amount_to_yen(const char *text, int64_t default_unit_yen, hy_amount *out,
                                    int *rounded, char *why, size_t why_size);

/* Parses a fiscal year: R6, 令和6年度, 令和元年度, R元, H28, H34, 平成31年度,
 * 平成42年, 昭和47年度, 令和６年度, 2024, 2024年度, FY2024. 昭和N = 1925+N,
 * 平成N = 1988+N, 令和N = 2018+N, 元 = 1; years past an era's end convert
 * arithmetically. Also 大正 (T) and 明治, lower-case and full-width letters,
 * inner spaces, and 年度末 (still that fiscal year). A date (令和6年7月,
 * 平成31年3月12日) gives the fiscal year it falls in. *fiscal_year is 0 unless OK. */
hy_value_status value_fiscal_year(const char *text, int *fiscal_year, char *why, size_t why_size);

/* A calendar date, in any of: 令和6年7月, 令和元年7月24日（水）, 平成 22年 5月 7日,
 * H29.3, H23. 7. 1, 2024-07-01, 2024/7/1. Missing month or day are 0.
 * Also 2024年7月1日, R6/7/1 and a bare year (昭和 55年, 2024). The month and day
 * must exist (leap years counted) and a weekday in brackets must be the date's.
 * A fiscal year (令和6年度) is BAD here. *out is all zero unless OK. */
typedef struct hy_date { int year, month, day; } hy_date;
hy_value_status value_date(const char *text, hy_date *out, char *why, size_t why_size);

/* The fiscal year a date falls in (April to March).
 * A date without a month (昭和55年) is taken to be its year. */
int date_fiscal_year(hy_date d);

/* Finds a year written inside a header, such as 基準値(H26), H27実績値, 目標値（R7）,
 * R3当初予算, 令和2年度決算. Returns 1 and sets *fiscal_year and the rest of the header
 * with the year (and its brackets) removed into rest; 0 when there is none.
 * The first year found counts. An era letter must stand apart from other Latin
 * letters and digits (Rate, R&D費, HP閲覧数 hold no year); a Western year needs
 * 年度, 年 or FY. With no year, *fiscal_year is 0 and rest is the trimmed header.
 * rest may be NULL; -1 when out of memory. */
int value_header_year(const char *header, int *fiscal_year, hy_buf *rest);

/* value_header_year, also giving the year as the header writes it (H31 of
 * 目標値(H31), 令和2年度 of 令和2年度決算) into label when one is found; label may be
 * NULL. A report prints a year the way its source does. */
int value_header_year_label(const char *header, int *fiscal_year, hy_buf *rest, hy_buf *label);

/* Trims ASCII whitespace and U+3000 at both ends into out (inner line breaks kept;
 * CRLF and CR become LF). Returns out's string.
 * out is replaced, not appended to; NULL when out of memory. */
const char *value_trim(const char *text, hy_buf *out);

/* Folds text into a matching key: NFKC, full-width ASCII and half-width katakana
 * folded, 〜/～ and −/－ unified, every space removed, ASCII lower-cased. Display
 * text is never folded; only keys are. Returns 0, or -1 on invalid UTF-8.
 * out is replaced. NFKC also turns ① into 1 and ㈱ into (株): right for matching
 * headers and codes, and why numbers never go through this fold. The other
 * CP932/Shift_JIS twins are unified too (— U+2014 with ― U+2015, ‖ with ∥).
 * -1 also when out of memory. */
int value_fold_key(const char *text, hy_buf *out);

/* Does the cell say "no value": blank, a run of dashes (-, －, —, ―, ー, also
 * －－), /, ／ or 未集計? A bare unit is no value only to value_number. */
int value_is_none(const char *text);

/* Writes `<expected>, got "<text>"` into why, the way every parser here phrases
 * a problem: text trimmed, line breaks shown as spaces, cut to 40 characters
 * with an ellipsis, broken UTF-8 shown as U+FFFD. */
void value_why(char *why, size_t why_size, const char *expected, const char *text);

#endif
