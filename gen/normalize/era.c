/*
 * era.c - years and dates as city offices write them: 令和6年度, R6, H34 (a plan
 * year past the end of 平成), 令和元年7月24日（水）, H23. 7. 1, 2024/7/1, and the
 * years inside headers (基準値(H26), R3当初予算). Implements the year and date
 * part of value.h.
 *
 * An era year converts arithmetically (平成N = 1988+N) whatever the calendar
 * says, because plans drawn up under 平成 name "H34" for 2022 and mean it.
 */
#include <stdio.h>
#include <string.h>

#include "normalize/scan.h"
#include "normalize/value.h"

/* Years outside this are typing mistakes: 明治元年, and a bound no plan reaches. */
#define YEAR_MIN 1868
#define YEAR_MAX 2199

/* The fold for years and dates: full-width digits and Latin letters (Ｒ６),
 * and the full-width punctuation a date or header uses. */
static uint32_t year_fold(uint32_t cp)
{
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return '0' + (cp - 0xFF10);
    if (cp >= 0xFF21 && cp <= 0xFF3A)
        return 'A' + (cp - 0xFF21);
    if (cp >= 0xFF41 && cp <= 0xFF5A)
        return 'a' + (cp - 0xFF41);
    switch (cp) {
    case 0x3000: return ' ';
    case 0xFF0E: return '.';
    case 0xFF0F: return '/';
    case 0xFF0D: case 0x2212: case 0x2010: case 0x2011: return '-';
    case 0xFF08: return '(';
    case 0xFF09: return ')';
    case 0xFF3B: return '[';
    case 0xFF3D: return ']';
    case 0xFF1C: return '<';
    case 0xFF1E: return '>';
    default:     return cp;
    }
}

typedef struct era {
    const char *name;   /* 令和 */
    const char *sign;   /* ㋿, the one-character form some IMEs offer */
    char letter;        /* R; 0 when no short form is in use */
    int year_zero;      /* the era's year N is year_zero + N */
} era;

/* 明治 has no letter: a lone M in a header is more often a size than an era. */
static const era eras[] = {
    {"令和", "㋿", 'R', 2018},
    {"平成", "㍻", 'H', 1988},
    {"昭和", "㍼", 'S', 1925},
    {"大正", "㍽", 'T', 1911},
    {"明治", "㍾", 0, 1867},
};

static int is_ascii_alnum(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

static int scan_letter_ci(scan *sc, char upper)
{
    return scan_eat(sc, (uint32_t)upper) || scan_eat(sc, (uint32_t)upper + ('a' - 'A'));
}

/* Reads an era name (令和, ㋿, R or r) at the cursor. Returns the era's
 * year_zero, or 0 when there is none; *by_letter says which form it was. */
static int scan_era(scan *sc, int *by_letter)
{
    for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++)
        if (scan_lit(sc, eras[i].name) || scan_lit(sc, eras[i].sign)) {
            *by_letter = 0;
            return eras[i].year_zero;
        }
    for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++)
        if (eras[i].letter && scan_letter_ci(sc, eras[i].letter)) {
            *by_letter = 1;
            return eras[i].year_zero;
        }
    return 0;
}

/* The year of an era: 元 or 1 to 99. Returns it, or 0 (staying put). */
static int scan_era_number(scan *sc)
{
    scan probe = *sc;
    int n;
    if (scan_lit(&probe, "元"))
        n = 1;
    else if (!scan_uint(&probe, 2, &n) || n < 1)
        return 0;
    *sc = probe;
    return n;
}

static int scan_fy(scan *sc)
{
    scan probe = *sc;
    if (!scan_letter_ci(&probe, 'F') || !scan_letter_ci(&probe, 'Y'))
        return 0;
    *sc = probe;
    return 1;
}

/* ---- dates --------------------------------------------------------------- */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* 0 = Sunday (Sakamoto's method, proleptic Gregorian). */
static int weekday_of(int y, int m, int d)
{
    static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3)
        y--;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

static const char *const weekday_names[7] = {"日", "月", "火", "水", "木", "金", "土"};

/* A year, month and day as written; month and day 0 when not written. */
typedef struct when {
    int year, month, day;
    int has_month, has_day;   /* written at all: 0月 is written, and wrong */
    int weekday;     /* as written in brackets, -1 when not */
    int fiscal;      /* written as a fiscal year: 年度 or FY */
} when;

typedef enum when_fault {
    WF_NONE,
    WF_SYNTAX,
    WF_MONTH,     /* 13月 */
    WF_DAY,       /* 2月30日 */
    WF_WEEKDAY,   /* 令和元年7月24日（木）: that day was a Wednesday */
} when_fault;

/* （水）, (水曜日) after a day. Returns 0 on a bracket that does not hold a
 * weekday; no bracket at all is fine. */
static int scan_weekday(scan *sc, when *w)
{
    scan probe = *sc;
    scan_skip_spaces(&probe);
    if (!scan_eat(&probe, '('))
        return 1;
    scan_skip_spaces(&probe);
    int found = -1;
    for (int i = 0; i < 7 && found < 0; i++)
        if (scan_lit(&probe, weekday_names[i]))
            found = i;
    if (found < 0)
        return 0;
    if (!scan_lit(&probe, "曜日"))
        scan_lit(&probe, "曜");
    scan_skip_spaces(&probe);
    if (!scan_eat(&probe, ')'))
        return 0;
    w->weekday = found;
    *sc = probe;
    return 1;
}

/* After 年: nothing, or M月, or M月D日 with an optional weekday. */
static int scan_kanji_month_day(scan *sc, when *w)
{
    scan_skip_spaces(sc);
    if (!(w->has_month = scan_uint(sc, 2, &w->month)))
        return 1;
    scan_skip_spaces(sc);
    if (!scan_lit(sc, "月"))
        return 0;
    scan_skip_spaces(sc);
    if (!(w->has_day = scan_uint(sc, 2, &w->day)))
        return 1;
    scan_skip_spaces(sc);
    return scan_lit(sc, "日") && scan_weekday(sc, w);
}

/* After the year and its separator (H29.3, H23. 7. 1, 2024-07-01, 2024/7/1):
 * a month, then optionally the same separator and a day. */
static int scan_sep_month_day(scan *sc, uint32_t sep, when *w)
{
    scan_skip_spaces(sc);
    if (!(w->has_month = scan_uint(sc, 2, &w->month)))
        return 0;
    scan_skip_spaces(sc);
    if (!scan_eat(sc, sep))
        return 1;
    scan_skip_spaces(sc);
    return (w->has_day = scan_uint(sc, 2, &w->day)) && scan_weekday(sc, w);
}

/* A separator and what follows it, when the cursor is at one of . / -. */
static int scan_any_sep_month_day(scan *sc, when *w)
{
    static const uint32_t seps[] = {'.', '/', '-'};
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
        if (scan_eat(sc, seps[i]))
            return scan_sep_month_day(sc, seps[i], w);
    return 1;
}

/* 年度, or 年度末: the end of a fiscal year is still in it (H30年度末). */
static int scan_nendo(scan *sc)
{
    if (!scan_lit(sc, "年度"))
        return 0;
    scan_lit(sc, "末");
    return 1;
}

/* Reads a year, a year-month or a date in any of the forms of value.h. */
static hy_value_status parse_when(const char *text, when *w, when_fault *fault)
{
    *w = (when){0, 0, 0, 0, 0, -1, 0};
    *fault = WF_NONE;
    if (value_is_none(text))
        return HY_VALUE_EMPTY;
    size_t b, e;
    scan_trim(text, strlen(text), &b, &e);
    scan sc = scan_of(text, b, e, year_fold);
    int by_letter, ok = 1, year_zero = scan_era(&sc, &by_letter);

    if (year_zero) {
        scan_skip_spaces(&sc);
        int n = scan_era_number(&sc);
        if (n == 0)
            goto syntax;
        w->year = year_zero + n;
        scan_skip_spaces(&sc);
        if (scan_nendo(&sc))
            w->fiscal = 1;
        else if (scan_lit(&sc, "年"))
            ok = scan_kanji_month_day(&sc, w);
        else
            ok = scan_any_sep_month_day(&sc, w);
    } else if (scan_fy(&sc)) {
        scan_skip_spaces(&sc);
        if (!scan_uint(&sc, 4, &w->year))
            goto syntax;
        scan_skip_spaces(&sc);
        scan_nendo(&sc);
        w->fiscal = 1;
    } else if (scan_uint(&sc, 4, &w->year)) {
        scan_skip_spaces(&sc);
        if (scan_nendo(&sc))
            w->fiscal = 1;
        else if (scan_lit(&sc, "年"))
            ok = scan_kanji_month_day(&sc, w);
        else
            ok = scan_any_sep_month_day(&sc, w);
    } else {
        goto syntax;
    }
    scan_skip_spaces(&sc);
    if (!ok || sc.pos != sc.end || w->year < YEAR_MIN || w->year > YEAR_MAX)
        goto syntax;

    if (w->has_month && (w->month < 1 || w->month > 12)) {
        *fault = WF_MONTH;
        return HY_VALUE_BAD;
    }
    if (w->has_day && (w->day < 1 || w->day > days_in_month(w->year, w->month))) {
        *fault = WF_DAY;
        return HY_VALUE_BAD;
    }
    if (w->weekday >= 0 && w->weekday != weekday_of(w->year, w->month, w->day)) {
        *fault = WF_WEEKDAY;
        return HY_VALUE_BAD;
    }
    return HY_VALUE_OK;

syntax:
    *fault = WF_SYNTAX;
    return HY_VALUE_BAD;
}

/* The message for a date that does not exist; NULL for a plain syntax error. */
static const char *when_fault_message(when_fault fault, const when *w, char *buf, size_t size)
{
    switch (fault) {
    case WF_MONTH:
        return "a month runs from 1 to 12";
    case WF_DAY:
        snprintf(buf, size, "month %d of %d has no day %d", w->month, w->year, w->day);
        return buf;
    case WF_WEEKDAY:
        snprintf(buf, size, "the weekday does not match: %d-%02d-%02d is a %s曜日", w->year,
                 w->month, w->day, weekday_names[weekday_of(w->year, w->month, w->day)]);
        return buf;
    default:
        return NULL;
    }
}

int date_fiscal_year(hy_date d)
{
    return d.month >= 1 && d.month <= 3 ? d.year - 1 : d.year;
}

hy_value_status value_fiscal_year(const char *text, int *fiscal_year, char *why, size_t why_size)
{
    when w;
    when_fault fault;
    hy_value_status st = parse_when(text, &w, &fault);
    char buf[128];

    *fiscal_year = 0;
    if (why && why_size)
        why[0] = '\0';
    if (st == HY_VALUE_OK) {
        *fiscal_year = date_fiscal_year((hy_date){w.year, w.month, w.day});
    } else if (st == HY_VALUE_BAD) {
        const char *problem = when_fault_message(fault, &w, buf, sizeof buf);
        if (!problem)
            problem = "expected a year such as 令和6年度, R6 or 2024";
        value_why(why, why_size, problem, text);
    }
    return st;
}

hy_value_status value_date(const char *text, hy_date *out, char *why, size_t why_size)
{
    when w;
    when_fault fault;
    hy_value_status st = parse_when(text, &w, &fault);
    char buf[128];

    *out = (hy_date){0, 0, 0};
    if (why && why_size)
        why[0] = '\0';
    if (st == HY_VALUE_OK && w.fiscal) {
        value_why(why, why_size, "expected a date, not a fiscal year (年度)", text);
        return HY_VALUE_BAD;
    }
    if (st == HY_VALUE_OK) {
        *out = (hy_date){w.year, w.month, w.day};
    } else if (st == HY_VALUE_BAD) {
        const char *problem = when_fault_message(fault, &w, buf, sizeof buf);
        if (!problem)
            problem = "expected a date such as 令和6年7月1日, R6.7.1 or 2024-07-01";
        value_why(why, why_size, problem, text);
    }
    return st;
}

/* ---- years inside headers ------------------------------------------------ */

/* A year token at the cursor: 令和2年度, R3, H27, R元, FY2024, 2024年度. Only an
 * era name written out may have a space before its number (令和 2年度). */
static int scan_header_token(scan *sc)
{
    int by_letter, n, year_zero = scan_era(sc, &by_letter);
    if (year_zero) {
        if (!by_letter)
            scan_skip_spaces(sc);
        if ((n = scan_era_number(sc)) == 0)
            return 0;
        if (!scan_nendo(sc))
            scan_lit(sc, "年");
        return year_zero + n;
    }
    if (scan_fy(sc)) {
        if (!scan_uint(sc, 4, &n) || n < YEAR_MIN || n > YEAR_MAX)
            return 0;
        scan_nendo(sc);
        return n;
    }
    if (scan_uint(sc, 4, &n) && n >= YEAR_MIN && n <= YEAR_MAX &&
        (scan_nendo(sc) || scan_lit(sc, "年")))
        return n;
    return 0;
}

/* Does the token go on as something else: R2D2 (a word), H29.3 (a date)? */
static int token_continues(const scan *after)
{
    scan probe = *after;
    uint32_t next = scan_next(&probe);
    if (is_ascii_alnum(next))
        return 1;
    return (next == '.' || next == '/') && scan_is_digit(scan_next(&probe));
}

static uint32_t closing_bracket(uint32_t open)
{
    switch (open) {
    case '(':    return ')';
    case '[':    return ']';
    case '<':    return '>';
    case 0x3010: return 0x3011;   /* 【】 */
    case 0x3014: return 0x3015;   /* 〔〕 */
    case 0x3008: return 0x3009;   /* 〈〉 */
    case 0x300A: return 0x300B;   /* 《》 */
    default:     return 0;
    }
}

/* The last code point before pos that is not a space, folded, with its
 * offset in *at; SCAN_END when there is none after b. */
static uint32_t cp_before(const char *s, size_t b, size_t pos, size_t *at)
{
    while (pos > b) {
        size_t start = pos - 1;
        while (start > b && ((unsigned char)s[start] & 0xC0) == 0x80)
            start--;
        uint32_t cp;
        if (utf8_decode(s + start, pos - start, &cp) == 0)
            return SCAN_END;
        cp = year_fold(cp);
        if (!scan_is_space(cp)) {
            *at = start;
            return cp;
        }
        pos = start;
    }
    return SCAN_END;
}

/* Length of the space character at s (ASCII or U+3000). */
static size_t space_len(const char *s)
{
    return (unsigned char)s[0] == 0xE3 ? 3 : 1;
}

/* Writes the header [b, e) without the year token [ts, te) into rest, taking
 * brackets that held only the year with it and keeping one space where the
 * token stood between two spaced words. */
static int cut_year(const char *h, size_t b, size_t e, size_t ts, size_t te, hy_buf *rest)
{
    size_t open_at = ts;
    uint32_t open = cp_before(h, b, ts, &open_at);
    scan after = scan_of(h, te, e, year_fold);
    scan_skip_spaces(&after);
    size_t close_len;
    uint32_t close = scan_peek(&after, &close_len);
    if (open != SCAN_END && closing_bracket(open) && close == closing_bracket(open)) {
        ts = open_at;
        te = after.pos + close_len;
    }

    size_t left_end = ts, right_begin = te;
    while (left_end > b) {
        size_t k = left_end >= b + 3 && memcmp(h + left_end - 3, "\xE3\x80\x80", 3) == 0 ? 3 : 1;
        if (k == 1 && !scan_is_space((unsigned char)h[left_end - 1]))
            break;
        left_end -= k;
    }
    scan right = scan_of(h, te, e, NULL);
    scan_skip_spaces(&right);
    right_begin = right.pos;

    buf_reset(rest);
    if (buf_append(rest, h + b, left_end - b) != 0)
        return -1;
    if (left_end > b && left_end < ts && right_begin < e && right_begin > te &&
        buf_append(rest, h + left_end, space_len(h + left_end)) != 0)
        return -1;
    if (buf_append(rest, h + right_begin, e - right_begin) != 0)
        return -1;
    return 1;
}

int value_header_year(const char *header, int *fiscal_year, hy_buf *rest)
{
    return value_header_year_label(header, fiscal_year, rest, NULL);
}

int value_header_year_label(const char *header, int *fiscal_year, hy_buf *rest, hy_buf *label)
{
    *fiscal_year = 0;
    if (!header)
        header = "";
    size_t b, e;
    scan_trim(header, strlen(header), &b, &e);
    scan sc = scan_of(header, b, e, year_fold);
    uint32_t prev = SCAN_END;
    while (sc.pos < sc.end) {
        /* a token starts a word: the R of "HR3" or the 2 of "12024年" does not */
        if (!is_ascii_alnum(prev)) {
            scan tok = sc;
            int year = scan_header_token(&tok);
            if (year && !token_continues(&tok)) {
                *fiscal_year = year;
                if (label) {
                    /* the year as the header writes it: H31 stays H31, never R元 */
                    size_t lb, le;
                    scan_trim(header, tok.pos, &lb, &le);
                    buf_reset(label);
                    if (buf_append(label, header + (sc.pos > lb ? sc.pos : lb),
                                   le - (sc.pos > lb ? sc.pos : lb)) != 0)
                        return -1;
                }
                return rest ? cut_year(header, b, e, sc.pos, tok.pos, rest) : 1;
            }
        }
        prev = scan_next(&sc);
    }
    if (rest) {
        buf_reset(rest);
        if (buf_append(rest, header + b, e - b) != 0)
            return -1;
    }
    return 0;
}
