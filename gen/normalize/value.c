/*
 * value.c - numbers, amounts of money, trimming and matching keys.
 * Years and dates are in era.c.
 *
 * A figure is read strictly: a slip that still looks like a number (1,23;
 * ①; 0.5円 of a yen amount) is reported to the department, never guessed at,
 * because the sheet it lands on is published.
 */
#include "normalize/value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "normalize/scan.h"
#include "util/i18n.h"

/* ---- messages ------------------------------------------------------------ */

#define WHY_QUOTE_CHARS 40

/* Appends src to the message in dst (size bytes, *len used) as far as whole
 * characters fit, so that a message never ends in half a kanji. */
static void append_whole_chars(char *dst, size_t size, size_t *len, const char *src)
{
    size_t n = strlen(src), full = 0;
    if (*len + n >= size) {
        n = size - 1 - *len;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
        full = 1;
    }
    memcpy(dst + *len, src, n);
    dst[*len + n] = '\0';
    /* once cut, nothing more: a closing quote after a cut would look whole */
    *len = full ? size - 1 : *len + n;
}

void value_why(char *why, size_t why_size, const char *expected, const char *text)
{
    if (!why || why_size == 0)
        return;
    if (!text)
        text = "";
    /* 40 characters of at most 4 bytes, the ellipsis and the NUL */
    char quoted[WHY_QUOTE_CHARS * 4 + 8];
    size_t b, e, q = 0;
    scan_trim(text, strlen(text), &b, &e);
    scan sc = scan_of(text, b, e, NULL);
    for (int chars = 0; sc.pos < sc.end; chars++) {
        if (chars == WHY_QUOTE_CHARS) {
            memcpy(quoted + q, "…", 3);
            q += 3;
            break;
        }
        uint32_t cp = scan_next(&sc);
        if (cp == SCAN_BROKEN)
            cp = 0xFFFD;
        else if (cp < 0x20 || cp == 0x7F)
            cp = ' ';   /* a line break would split the diagnostic line */
        q += utf8_encode(cp, quoted + q);
    }
    quoted[q] = '\0';

    /* expected and the quote in the order the language puts them; full is larger
     * than any why, so the cut that counts is append_whole_chars', on a whole character */
    char full[2048];
    snprintf(full, sizeof full, _("%s, got \"%s\""), expected, quoted);
    size_t len = 0;
    why[0] = '\0';
    append_whole_chars(why, why_size, &len, full);
}

/* ---- no value ------------------------------------------------------------ */

/* Dashes people type into a cell that has nothing to say. ー is what the minus
 * key gives in a Japanese IME's kana mode. */
static int is_dash(uint32_t cp)
{
    switch (cp) {
    case '-': case 0xFF0D: case 0x2010: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212: case 0x30FC: case 0xFF70:
        return 1;
    default:
        return 0;
    }
}

/* Is [b, e) of s a no-value mark (an empty span included)? */
static int span_is_none(const char *s, size_t b, size_t e)
{
    size_t n = e - b;
    if (n == 0)
        return 1;
    if ((n == 1 && s[b] == '/') || (n == 3 && memcmp(s + b, "／", 3) == 0) ||
        (n == 9 && memcmp(s + b, "未集計", 9) == 0))
        return 1;
    scan sc = scan_of(s, b, e, NULL);
    while (sc.pos < sc.end) {
        uint32_t cp = scan_next(&sc);
        if (!is_dash(cp) && !scan_is_space(cp))
            return 0;
    }
    return 1;
}

int value_is_none(const char *text)
{
    if (!text)
        return 1;
    size_t b, e;
    scan_trim(text, strlen(text), &b, &e);
    return span_is_none(text, b, e);
}

/* ---- numbers ------------------------------------------------------------- */

/* The narrow fold for figures (dependencies.md section 4): full-width digits and
 * signs become ASCII, nothing else changes, so ① stays ① and is refused. */
static uint32_t number_fold(uint32_t cp)
{
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return '0' + (cp - 0xFF10);
    switch (cp) {
    case 0xFF0C: return ',';
    case 0xFF0E: return '.';
    case 0xFF0B: return '+';
    case 0xFF05: return '%';
    case 0x3000: return ' ';
    /* a lone ― or ー is "no value", caught before the fold; before digits it is
     * a minus sign typed with the wrong key */
    case 0xFF0D: case 0x2212: case 0x2010: case 0x2011: case 0x2015: case 0x30FC:
        return '-';
    default:   return cp;
    }
}

#define CP_TRIANGLE_WHITE 0x25B3u   /* △: the accounting minus */
#define CP_TRIANGLE_BLACK 0x25B2u   /* ▲ */
#define CP_YEN_SIGN 0x00A5u
#define CP_YEN_FULLWIDTH 0xFFE5u

/* Why a figure was refused, from the most basic complaint to the most precise. */
typedef enum num_fault {
    NF_NONE,
    NF_SYNTAX,      /* not a number at all */
    NF_GROUPING,    /* 1,23 or 12,34,567 */
    NF_SCALE,       /* more decimals than HY_NUM_MAX_SCALE */
    NF_RANGE,       /* beyond int64 */
} num_fault;

typedef struct parsed_num {
    hy_num num;
    hy_unit unit;
    size_t unit_at, unit_len;   /* the unit as typed, in the text */
} parsed_num;

/* Stop collecting digits past this: the figure is already out of range, and
 * unsigned __int128 must not overflow while the rest is checked. */
#define MANTISSA_CAP ((unsigned __int128)1 << 100)

typedef struct unit_name {
    const char *text;
    hy_unit unit;
} unit_name;

static const unit_name money_units[] = {
    {"円", HY_UNIT_YEN}, {"千円", HY_UNIT_THOUSAND_YEN}, {"万円", HY_UNIT_MAN_YEN},
    {"%", HY_UNIT_PERCENT}, {"％", HY_UNIT_PERCENT},
};

/* Units that, standing alone in a cell, mean the figure was left out (the
 * template printed the unit and nobody filled in the number). */
static const char *const counting_units[] = {
    "件", "人", "名", "回", "箇所", "か所", "ヶ所", "カ所", "団体", "事業", "社", "棟",
    "戸", "台", "個", "冊", "校", "施設", "世帯", "日", "時間", "人工", "百万円", "億円",
    "t", "千t", "kg", "m", "km", "㎡", "ha",
};

static hy_unit unit_of(const char *s, size_t at, size_t len)
{
    if (len == 0)
        return HY_UNIT_NONE;
    for (size_t i = 0; i < sizeof money_units / sizeof money_units[0]; i++)
        if (strlen(money_units[i].text) == len && memcmp(s + at, money_units[i].text, len) == 0)
            return money_units[i].unit;
    return HY_UNIT_OTHER;
}

static int is_bare_unit(const char *s, size_t at, size_t len)
{
    if (unit_of(s, at, len) != HY_UNIT_OTHER)
        return len > 0;
    for (size_t i = 0; i < sizeof counting_units / sizeof counting_units[0]; i++)
        if (strlen(counting_units[i]) == len && memcmp(s + at, counting_units[i], len) == 0)
            return 1;
    return 0;
}

/* Characters that read as digits to a person: a unit holding one (1②, 12 34)
 * means the cell is not one figure. */
static int is_digit_like(uint32_t cp)
{
    return scan_is_digit(cp) || (cp >= 0x2460 && cp <= 0x24FF) || (cp >= 0x2776 && cp <= 0x2793) ||
           (cp >= 0x3251 && cp <= 0x325F) || (cp >= 0x32B1 && cp <= 0x32BF);
}

/* Is [at, end) acceptable as a unit written after a figure: no digits, no
 * stray punctuation in front (1.2.3, 5-6, 1,000/月 are not one figure)? */
static int unit_text_ok(const char *s, size_t at, size_t end)
{
    scan sc = scan_of(s, at, end, number_fold);
    uint32_t first = scan_next(&sc);
    int ascii_letter = (first | 0x20) >= 'a' && (first | 0x20) <= 'z';
    if ((first < 0x80 && first != '%' && !ascii_letter) || first == CP_TRIANGLE_WHITE ||
        first == CP_TRIANGLE_BLACK)
        return 0;
    for (sc.pos = at; sc.pos < sc.end;) {
        uint32_t cp = scan_next(&sc);
        if (cp == SCAN_BROKEN || is_digit_like(cp))
            return 0;
    }
    return 1;
}

/* Multiplies m by 10^k, saturating at MANTISSA_CAP. */
static unsigned __int128 shift_up(unsigned __int128 m, int k)
{
    while (k-- > 0 && m != 0) {
        if (m >= MANTISSA_CAP / 10)
            return MANTISSA_CAP;
        m *= 10;
    }
    return m;
}

/* Reads the exponent of 1E-05 / 1.5E+20 when the cursor is at one; the digits
 * may not follow the E without a sign or digit, else E is a unit. */
static int scan_exponent(scan *sc, int *exp)
{
    scan probe = *sc;
    uint32_t e = scan_next(&probe);
    if (e != 'E' && e != 'e')
        return 0;
    int neg = 0;
    if (scan_eat(&probe, '-'))
        neg = 1;
    else
        scan_eat(&probe, '+');
    int v;
    if (!scan_uint(&probe, 4, &v))
        return 0;
    *exp = neg ? -v : v;
    *sc = probe;
    return 1;
}

/* The grammar: [sign] [¥] digits[,ddd]* [.digits] [E±dd] [unit], spaces allowed
 * after the sign and before the unit. Errors are checked from the most basic:
 * a cell that is not a figure at all is told so before its commas are. */
static num_fault scan_number(const char *s, size_t b, size_t e, parsed_num *p)
{
    scan sc = scan_of(s, b, e, number_fold);
    size_t len;
    uint32_t c = scan_peek(&sc, &len);
    int negative = 0, yen_sign = 0;
    size_t yen_at = 0, yen_len = 0;

    p->unit = HY_UNIT_NONE;
    p->unit_at = e;
    p->unit_len = 0;
    if (c == '-' || c == CP_TRIANGLE_WHITE || c == CP_TRIANGLE_BLACK || c == '+') {
        negative = c != '+';
        sc.pos += len;
        scan_skip_spaces(&sc);
    }
    c = scan_peek(&sc, &len);
    if (c == CP_YEN_SIGN || c == CP_YEN_FULLWIDTH) {
        yen_sign = 1;
        yen_at = sc.pos;
        yen_len = len;
        sc.pos += len;
        scan_skip_spaces(&sc);
    }

    unsigned __int128 m = 0;
    int digits = 0, group = 0, commas = 0, first_group_zero = 0;
    num_fault grouping = NF_NONE;
    for (;;) {
        c = scan_peek(&sc, &len);
        if (scan_is_digit(c)) {
            if (digits == 0 && c == '0')
                first_group_zero = 1;
            m = m >= MANTISSA_CAP / 10 ? MANTISSA_CAP : m * 10 + (c - '0');
            digits++;
            group++;
            sc.pos += len;
        } else if (c == ',' && digits > 0) {
            /* 1,234,567: a first group of 1-3 digits, then groups of exactly 3 */
            if (commas == 0 ? (group > 3 || first_group_zero) : group != 3)
                grouping = NF_GROUPING;
            commas++;
            group = 0;
            sc.pos += len;
            if (!scan_is_digit(scan_peek(&sc, &len)))
                return NF_SYNTAX;
        } else {
            break;
        }
    }
    if (digits == 0)
        return NF_SYNTAX;
    if (commas > 0 && group != 3)
        grouping = NF_GROUPING;

    int scale = 0;
    if (scan_eat(&sc, '.')) {
        while (scan_is_digit(c = scan_peek(&sc, &len))) {
            m = m >= MANTISSA_CAP / 10 ? MANTISSA_CAP : m * 10 + (c - '0');
            scale++;
            sc.pos += len;
        }
        if (scale == 0)
            return NF_SYNTAX;   /* "5." */
    }

    int exp = 0, has_exp = scan_exponent(&sc, &exp);
    if (has_exp && commas > 0)
        return NF_SYNTAX;

    scan_skip_spaces(&sc);
    p->unit_at = sc.pos;
    p->unit_len = e - sc.pos;
    if (p->unit_len > 0 && !unit_text_ok(s, sc.pos, e))
        return NF_SYNTAX;
    p->unit = unit_of(s, p->unit_at, p->unit_len);
    if (yen_sign) {
        if (p->unit != HY_UNIT_NONE)
            return NF_SYNTAX;   /* ¥1,000円 */
        p->unit = HY_UNIT_YEN;
        p->unit_at = yen_at;
        p->unit_len = yen_len;
    }
    if (grouping != NF_NONE)
        return grouping;

    if (has_exp) {
        /* 1.5E+3 is 1500: move the exponent into the scale. Nobody typed the
         * decimals of a number printed this way, so trailing zeros go: 1.50E-08
         * is {15, 9}, and 1E+12 written as 10000000000000000000000E-10 fits. */
        int s10 = scale - exp;
        if (s10 < 0) {
            m = shift_up(m, -s10);
            s10 = 0;
        }
        while (s10 > 0 && m % 10 == 0) {
            m /= 10;
            s10--;
        }
        scale = s10;
    }
    if (scale > HY_NUM_MAX_SCALE)
        return NF_SCALE;
    if (m > (unsigned __int128)INT64_MAX)
        return NF_RANGE;
    p->num = num_of(negative ? -(int64_t)m : (int64_t)m, (uint8_t)scale);
    return NF_NONE;
}

/* Reads text as a figure: EMPTY for a no-value mark or a bare unit (p->unit
 * then says which), OK with p filled, or BAD with *fault. */
static hy_value_status parse_number(const char *text, parsed_num *p, num_fault *fault)
{
    size_t b, e;
    *p = (parsed_num){num_null(), HY_UNIT_NONE, 0, 0};
    *fault = NF_NONE;
    if (!text)
        return HY_VALUE_EMPTY;
    scan_trim(text, strlen(text), &b, &e);
    if (span_is_none(text, b, e))
        return HY_VALUE_EMPTY;
    *fault = scan_number(text, b, e, p);
    if (*fault == NF_NONE)
        return HY_VALUE_OK;

    /* %, 件, or a dash with its unit (－%): the template printed the unit and
     * nobody filled in the figure */
    scan sc = scan_of(text, b, e, NULL);
    size_t len;
    uint32_t cp;
    while (sc.pos < sc.end && (is_dash(cp = scan_peek(&sc, &len)) || scan_is_space(cp)))
        sc.pos += len;
    if (sc.pos < e && is_bare_unit(text, sc.pos, e - sc.pos)) {
        *fault = NF_NONE;
        *p = (parsed_num){num_null(), unit_of(text, sc.pos, e - sc.pos), sc.pos, e - sc.pos};
        return HY_VALUE_EMPTY;
    }
    return HY_VALUE_BAD;
}

static const char *number_fault_message(num_fault fault, const char *what)
{
    switch (fault) {
    case NF_GROUPING:
        return _("the commas must split the digits in threes, as in 1,234,567 (or write 1234567)");
    case NF_SCALE:
        return _("at most 15 decimal places can be kept");
    case NF_RANGE:
        return _("the number is too large");
    default:
        return what;
    }
}

hy_value_status value_number(const char *text, hy_num *out, hy_unit *unit,
                             hy_buf *unit_text, char *why, size_t why_size)
{
    parsed_num p;
    num_fault fault;
    hy_value_status st = parse_number(text, &p, &fault);

    *out = st == HY_VALUE_OK ? p.num : num_null();
    if (unit)
        *unit = st == HY_VALUE_BAD ? HY_UNIT_NONE : p.unit;
    if (unit_text) {
        buf_reset(unit_text);
        if (st != HY_VALUE_BAD && p.unit_len > 0 &&
            buf_append(unit_text, text + p.unit_at, p.unit_len) != 0)
            buf_reset(unit_text);
    }
    if (st == HY_VALUE_BAD)
        value_why(why, why_size,
                  number_fault_message(fault, _("expected a number such as 22,000, △1,234 or 79.9%")),
                  text);
    else if (why && why_size)
        why[0] = '\0';
    return st;
}

static int unit_is(const char *text, const parsed_num *p, const char *name)
{
    return p->unit_len == strlen(name) && memcmp(text + p->unit_at, name, p->unit_len) == 0;
}

/* Yen in one of the money units a cell may carry; 0 when it is not money. */
static int64_t yen_per_unit(const char *text, const parsed_num *p, int64_t default_unit_yen)
{
    switch (p->unit) {
    case HY_UNIT_NONE:         return default_unit_yen > 0 ? default_unit_yen : 1;
    case HY_UNIT_YEN:          return 1;
    case HY_UNIT_THOUSAND_YEN: return 1000;
    case HY_UNIT_MAN_YEN:      return 10000;
    case HY_UNIT_OTHER:
        if (unit_is(text, p, "百万円"))
            return 1000000;
        if (unit_is(text, p, "億円"))
            return 100000000;
        return 0;
    default:
        return 0;
    }
}

static hy_value_status parse_amount(const char *text, int64_t default_unit_yen, hy_amount *out,
                                    int *rounded, char *why, size_t why_size)
{
    parsed_num p;
    num_fault fault;
    hy_value_status st = parse_number(text, &p, &fault);
    const char *problem = NULL;

    *out = amount_null();
    if (why && why_size)
        why[0] = '\0';
    if (st == HY_VALUE_BAD) {
        problem = number_fault_message(
            fault, _("expected an amount of money such as 22,000, 7,262千円 or 54,886,770円"));
        goto bad;
    }
    if (p.unit == HY_UNIT_PERCENT) {
        problem = _("a percentage is not an amount of money");
        goto bad;
    }
    int64_t per = yen_per_unit(text, &p, default_unit_yen);
    if (per == 0) {
        problem = _("expected an amount in 円, 千円 or 万円");
        goto bad;
    }
    if (st == HY_VALUE_EMPTY)
        return st;   /* a blank, or a bare money unit */
    __int128 pow10 = 1;
    for (int i = 0; i < p.num.scale; i++)
        pow10 *= 10;
    __int128 scaled = (__int128)p.num.mantissa * per;
    if (scaled % pow10 != 0 && !rounded) {
        problem = _("an amount must come to whole yen");
        goto bad;
    }
    if (rounded)
        *rounded = scaled % pow10 != 0;
    if (scaled / pow10 >= INT64_MAX || scaled / pow10 <= -INT64_MAX) {
        problem = _("the amount is too large");
        goto bad;
    }
    *out = amount_of(num_div_round(scaled, pow10, HY_ROUND_HALF_UP));   /* exact when whole */
    return HY_VALUE_OK;

bad:
    value_why(why, why_size, problem, text);
    return HY_VALUE_BAD;
}

hy_value_status value_amount(const char *text, int64_t default_unit_yen, hy_amount *out,
                             char *why, size_t why_size)
{
    return parse_amount(text, default_unit_yen, out, NULL, why, why_size);
}

hy_value_status value_amount_to_yen(const char *text, int64_t default_unit_yen, hy_amount *out,
                                    int *rounded, char *why, size_t why_size)
{
    *rounded = 0;
    return parse_amount(text, default_unit_yen, out, rounded, why, why_size);
}

/* ---- text ---------------------------------------------------------------- */

const char *value_trim(const char *text, hy_buf *out)
{
    buf_reset(out);
    if (buf_reserve(out, 0) != 0)
        return NULL;
    if (!text)
        return buf_str(out);
    size_t b, e;
    scan_trim(text, strlen(text), &b, &e);
    if (buf_reserve(out, e - b) != 0)
        return NULL;
    /* CRLF and lone CR become LF: Excel writes CRLF inside a cell, old Macs CR */
    for (size_t i = b; i < e; i++) {
        char c = text[i];
        if (c == '\r') {
            c = '\n';
            if (i + 1 < e && text[i + 1] == '\n')
                i++;
        }
        out->data[out->len++] = c;
    }
    out->data[out->len] = '\0';
    return buf_str(out);
}

/* What NFKC leaves apart but a key must not: the code points on which CP932
 * and Shift_JIS decoders disagree for the same byte pair (0x8160 〜/～,
 * 0x817C −/－, 0x815C —/―, 0x8161 ‖/∥). NFKC already folded the full-width
 * ones to ~ and -. Returns the code point to keep. */
static uint32_t key_twin(uint32_t cp)
{
    switch (cp) {
    case 0x301C: return '~';
    case 0x2212: return '-';
    case 0x2014: return 0x2015;
    case 0x2016: return 0x2225;
    default:     return cp;
    }
}

static int key_drops(uint32_t cp)
{
    if (cp < 0x80)
        return scan_is_space(cp);
    if (cp == 0x200B || cp == 0xFEFF || cp == 0x0085)   /* invisible, but break a match */
        return 1;
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP;
}

int value_fold_key(const char *text, hy_buf *out)
{
    buf_reset(out);
    if (buf_reserve(out, 0) != 0)
        return -1;
    if (!text)
        return 0;
    utf8proc_uint8_t *nfkc = utf8proc_NFKC((const utf8proc_uint8_t *)text);
    if (!nfkc)
        return -1;   /* invalid UTF-8 (or out of memory) */
    int rc = 0;
    size_t n = strlen((const char *)nfkc);
    scan sc = scan_of((const char *)nfkc, 0, n, NULL);
    while (sc.pos < sc.end) {
        uint32_t cp = scan_next(&sc);
        if (cp == SCAN_BROKEN) {
            rc = -1;
            break;
        }
        if (key_drops(cp))
            continue;
        cp = key_twin(cp);
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        char enc[4];
        size_t k = utf8_encode(cp, enc);
        if (buf_append(out, enc, k) != 0) {
            rc = -1;
            break;
        }
    }
    free(nfkc);
    if (rc != 0)
        buf_reset(out);
    return rc;
}
