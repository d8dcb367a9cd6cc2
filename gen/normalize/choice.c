/*
 * choice.c - which option a checkbox cell chose. See choice.h for the forms a
 * cell may take.
 */
#include "normalize/choice.h"

#include <string.h>

#include "normalize/discover.h"
#include "normalize/scan.h"
#include "util/i18n.h"

#define NO_MATCH (-1)
#define AMBIGUOUS (-2)
#define BROKEN (-3)      /* invalid UTF-8 or out of memory */

/* Scratch space for one call, so that matching allocates only while it grows. */
typedef struct matcher {
    const char *const *options;
    size_t noptions;
    hy_buf key;     /* the cell's (or a list entry's) key */
    hy_buf tmp;     /* a piece of text to be folded */
    hy_buf other;   /* an option's key */
} matcher;

/* The key of bytes [b, e) of s into out. */
static int fold_span(matcher *m, const char *s, size_t b, size_t e, hy_buf *out)
{
    buf_reset(&m->tmp);
    if (buf_append(&m->tmp, s + b, e - b) != 0)
        return -1;
    return value_fold_key(buf_str(&m->tmp), out);
}

/* Where an option's short form ends: at its first parenthesis, full-width or
 * not; 0 when it has none. */
static size_t short_form_len(const char *option)
{
    const char *half = strchr(option, '(');
    const char *full = strstr(option, "（");
    const char *cut = !half ? full : !full ? half : half < full ? half : full;
    return cut ? (size_t)(cut - option) : 0;
}

/* The option whose key, or else whose short form's key, equals m->key:
 * its index, NO_MATCH, AMBIGUOUS (a short form two options share) or BROKEN. */
static int match_option(matcher *m)
{
    const char *key = buf_str(&m->key);
    for (size_t i = 0; i < m->noptions; i++) {
        if (value_fold_key(m->options[i], &m->other) != 0)
            return BROKEN;
        if (strcmp(buf_str(&m->other), key) == 0)
            return (int)i;
    }
    int found = NO_MATCH;
    for (size_t i = 0; i < m->noptions; i++) {
        size_t len = short_form_len(m->options[i]);
        if (len == 0)
            continue;
        if (fold_span(m, m->options[i], 0, len, &m->other) != 0)
            return BROKEN;
        if (m->other.len == 0 || strcmp(buf_str(&m->other), key) != 0)
            continue;
        if (found != NO_MATCH)
            return AMBIGUOUS;
        found = (int)i;
    }
    return found;
}

/* ■ and its kin mark the chosen option, □ and its kin the others. */
static int mark_of(uint32_t cp)
{
    switch (cp) {
    case 0x25A0: case 0x2611: case 0x2612: case 0x25CF: case 0x25C9:   /* ■ ☑ ☒ ● ◉ */
        return 1;
    case 0x25A1: case 0x2610: case 0x25CB: case 0x25EF:                /* □ ☐ ○ ◯ */
        return -1;
    default:
        return 0;
    }
}

static int has_marks(const char *s, size_t b, size_t e)
{
    scan sc = scan_of(s, b, e, NULL);
    while (sc.pos < sc.end)
        if (mark_of(scan_next(&sc)) != 0)
            return 1;
    return 0;
}

/* Reads "□A ■B □C": every entry must be an option; *mask gets a bit for each
 * entry marked chosen. Returns 0, NO_MATCH for an entry that is not an option
 * (or text before the first mark), or BROKEN. */
static int marked_list_mask(matcher *m, const char *s, size_t b, size_t e, uint64_t *mask)
{
    scan sc = scan_of(s, b, e, NULL);
    int mark = 0;
    size_t entry = b;   /* where the text after the last mark starts */
    *mask = 0;
    for (;;) {
        size_t len, at = sc.pos;
        uint32_t cp = scan_peek(&sc, &len);
        int next_mark = cp == SCAN_END ? 0 : mark_of(cp);
        if (cp != SCAN_END && next_mark == 0) {
            sc.pos += len;
            continue;
        }
        /* the entry [entry, at) belongs to the previous mark */
        size_t eb, ee;
        scan_trim(s + entry, at - entry, &eb, &ee);
        if (mark == 0) {
            if (ee > eb)
                return NO_MATCH;    /* text before the first mark */
        } else {
            if (ee == eb)
                return NO_MATCH;    /* a mark with no option after it */
            if (fold_span(m, s, entry + eb, entry + ee, &m->key) != 0)
                return BROKEN;
            int i = match_option(m);
            if (i < 0)
                return i == AMBIGUOUS ? NO_MATCH : i;
            if (mark > 0 && i < 64)
                *mask |= 1ULL << i;
        }
        if (cp == SCAN_END)
            break;
        mark = next_mark;
        sc.pos += len;
        entry = sc.pos;
    }
    return 0;
}

/* A marked list with exactly one option marked chosen: its index, NO_MATCH,
 * AMBIGUOUS (none or several marked) or BROKEN. */
static int match_marked_list(matcher *m, const char *s, size_t b, size_t e)
{
    uint64_t mask;
    int rc = marked_list_mask(m, s, b, e, &mask);
    if (rc < 0)
        return rc;
    if (mask == 0 || (mask & (mask - 1)) != 0)
        return AMBIGUOUS;
    int i = 0;
    while (!((mask >> i) & 1))
        i++;
    return i;
}

/* 2, ２ or ②: the option's number from 1. Returns the index or NO_MATCH. */
static int match_number(const matcher *m, const char *s, size_t b, size_t e)
{
    scan sc = scan_of(s, b, e, NULL);
    uint32_t cp = scan_next(&sc);
    long n = 0;
    if (cp >= 0x2460 && cp <= 0x2473 && sc.pos == sc.end) {   /* ① to ⑳ */
        n = (long)(cp - 0x2460) + 1;
    } else {
        for (sc.pos = b; sc.pos < sc.end;) {
            cp = scan_next(&sc);
            if (cp >= 0xFF10 && cp <= 0xFF19)
                cp = '0' + (cp - 0xFF10);
            if (!scan_is_digit(cp) || n > 1000)
                return NO_MATCH;
            n = n * 10 + (long)(cp - '0');
        }
    }
    return n >= 1 && (size_t)n <= m->noptions ? (int)(n - 1) : NO_MATCH;
}

/* The why for a cell that names no option, listing those that would do. */
static void explain(char *why, size_t why_size, const char *const *options, size_t noptions,
                    const char *lead, const char *tail, const char *text)
{
    hy_buf expected = HY_BUF_INIT;
    int rc = buf_puts(&expected, lead);
    for (size_t i = 0; i < noptions && rc == 0; i++)
        rc = buf_printf(&expected, "%s%s", i ? " / " : "", options[i]);
    if (rc == 0)
        rc = buf_puts(&expected, tail);
    value_why(why, why_size, rc == 0 ? buf_str(&expected) : _("expected one of the form's options"),
              text);
    buf_free(&expected);
}

/* Where the text after a leading number or mark of the city's own numbering
 * starts: `１　`, `1:`, `1.`, `①`, `(1)`, `Ａ　`, `A:`; b itself when the text
 * starts with none (a letter or number must be followed by a separator or a
 * space, so an option that starts with one is not cut). */
static size_t after_numbering(const char *s, size_t b, size_t e)
{
    scan sc = scan_of(s, b, e, NULL);
    size_t len;
    uint32_t cp = scan_next(&sc);
    int closed = 0;
    if (cp == '(' || cp == 0xFF08) {
        cp = scan_next(&sc);
        closed = 1;
    }
    int n = 0;
    if (cp >= 0x2460 && cp <= 0x2473) {            /* ① .. ⑳ */
        n = 1;
    } else {
        while ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19)) {
            n++;
            size_t at = sc.pos;
            cp = scan_next(&sc);
            if (!((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19))) {
                sc.pos = at;
                break;
            }
        }
        if (!n && ((cp >= 'A' && cp <= 'Z') || (cp >= 0xFF21 && cp <= 0xFF3A)))
            n = 1;
        if (!n)
            return b;
    }
    if (closed && !scan_eat(&sc, ')') && !scan_eat(&sc, 0xFF09))
        return b;
    int sep = closed || (cp >= 0x2460 && cp <= 0x2473);
    uint32_t next = scan_peek(&sc, &len);
    if (next == ':' || next == 0xFF1A || next == '.' || next == 0xFF0E || next == 0x3001 ||
        next == ')' || next == 0xFF09) {
        sc.pos += len;
        sep = 1;
    }
    size_t before = sc.pos;
    scan_skip_spaces(&sc);
    if (!sep && sc.pos == before)
        return b;
    return sc.pos < e ? sc.pos : b;
}

hy_value_status choice_parse(const char *text, const char *const *options, size_t noptions,
                             int *chosen, char *why, size_t why_size)
{
    matcher m = {options, noptions, HY_BUF_INIT, HY_BUF_INIT, HY_BUF_INIT};
    hy_value_status st = HY_VALUE_BAD;
    const char *lead = _("expected one of: "), *tail = "";
    size_t b, e;
    int i = NO_MATCH;

    *chosen = -1;
    if (why && why_size)
        why[0] = '\0';
    if (!text)
        text = "";
    scan_trim(text, strlen(text), &b, &e);
    if (b == e)
        return HY_VALUE_EMPTY;

    if (fold_span(&m, text, b, e, &m.key) != 0)
        goto done;
    i = match_option(&m);
    if (i == NO_MATCH && has_marks(text, b, e)) {
        i = match_marked_list(&m, text, b, e);
        if (i == AMBIGUOUS) {
            lead = _("mark exactly one of: ");
            tail = _(" with ■");
        }
    }
    if (i == NO_MATCH)
        i = match_number(&m, text, b, e);
    if (i == NO_MATCH) {
        /* the city's own numbering before the option: １　現状維持 */
        size_t rest = after_numbering(text, b, e);
        if (rest != b) {
            if (fold_span(&m, text, rest, e, &m.key) != 0)
                goto done;
            i = match_option(&m);
        }
    }
    if (i >= 0) {
        *chosen = i;
        st = HY_VALUE_OK;
    } else if (i == NO_MATCH && value_is_none(text)) {
        st = HY_VALUE_EMPTY;
    }

done:
    if (st == HY_VALUE_BAD)
        explain(why, why_size, options, noptions, lead, tail, text);
    buf_free(&m.key);
    buf_free(&m.tmp);
    buf_free(&m.other);
    return st;
}

/* ---- several options ---------------------------------------------------------- */

static int is_circled(uint32_t cp)
{
    return cp >= 0x2460 && cp <= 0x2473;   /* ① to ⑳ */
}

/* Marks written after a chosen entry of a numbered list: Asahikawa's ○. */
static int is_after_mark(uint32_t cp)
{
    switch (cp) {
    case 0x25CB: case 0x25EF: case 0x3007: case 0x25CF: case 0x25CE:   /* ○ ◯ 〇 ● ◎ */
    case 0x25A0: case 0x2713: case 0x2714: case 0x2611:                /* ■ ✓ ✔ ☑ */
        return 1;
    default:
        return 0;
    }
}

/* What separates listed options: 、 , ， ; ； / ／ and line breaks, and with
 * spaces set, spaces too. */
static int is_separator(uint32_t cp, int spaces)
{
    switch (cp) {
    case 0x3001: case ',': case 0xFF0C: case ';': case 0xFF1B: case '/': case 0xFF0F: case '\n':
        return 1;
    default:
        return spaces && scan_is_space(cp);
    }
}

/* The code point ending at byte e (not before b) and its length. */
static size_t last_code_point(const char *s, size_t b, size_t e, uint32_t *cp)
{
    size_t k = e;
    while (k > b && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
        k--;
    if (k > b)
        k--;
    scan sc = scan_of(s, k, e, NULL);
    *cp = scan_next(&sc);
    return e - k;
}

/* Narrows [*b, *e) past spaces and separators at both ends. */
static void trim_entry(const char *s, size_t *b, size_t *e)
{
    for (;;) {
        scan sc = scan_of(s, *b, *e, NULL);
        size_t len;
        uint32_t cp = scan_peek(&sc, &len);
        if (*b >= *e || !is_separator(cp, 1))
            break;
        *b += len;
    }
    while (*e > *b) {
        uint32_t cp;
        size_t len = last_code_point(s, *b, *e, &cp);
        if (!is_separator(cp, 1))
            break;
        *e -= len;
    }
}

/* Reads a list led by circled numbers: ③⑦, ③、⑦, or the form's list
 * "① A ② B ③ C ○ ...". Returns 1 with *mask set, 0 when the text is not such a
 * list, NO_MATCH when an entry's text is not the option of its number, or
 * BROKEN. */
static int match_numbered(matcher *m, const char *s, size_t b, size_t e, uint64_t *mask)
{
    scan sc = scan_of(s, b, e, NULL);
    uint64_t listed = 0, marked = 0;
    int texts = 0;
    size_t number = 0, body = b;   /* the open entry's number (0: none yet), its text */
    for (;;) {
        size_t len, at = sc.pos;
        uint32_t cp = scan_peek(&sc, &len);
        if (cp == SCAN_BROKEN)
            return BROKEN;
        if (cp != SCAN_END && !is_circled(cp)) {
            sc.pos += len;
            continue;
        }
        size_t eb = body, ee = at;
        trim_entry(s, &eb, &ee);
        int mark = 0;
        if (ee > eb) {
            uint32_t last;
            size_t ll = last_code_point(s, eb, ee, &last);
            if (is_after_mark(last)) {
                mark = 1;
                ee -= ll;
                trim_entry(s, &eb, &ee);
            }
        }
        if (number == 0) {
            if (ee > eb || mark)
                return 0;             /* text before the first number: another form */
        } else {
            if (number > m->noptions || number > 64)
                return NO_MATCH;
            if (ee > eb) {
                if (fold_span(m, s, eb, ee, &m->key) != 0)
                    return BROKEN;
                if (match_option(m) != (int)(number - 1))
                    return NO_MATCH;
                texts = 1;
            }
            listed |= 1ULL << (number - 1);
            if (mark)
                marked |= 1ULL << (number - 1);
        }
        if (cp == SCAN_END)
            break;
        number = cp - 0x2460 + 1;
        sc.pos += len;
        body = sc.pos;
    }
    if (number == 0)
        return 0;
    uint64_t every = m->noptions >= 64 ? ~0ULL : (1ULL << m->noptions) - 1;
    if (marked)
        *mask = marked;
    else if (texts && listed == every)
        *mask = 0;                    /* the form's list copied with nothing marked */
    else
        *mask = listed;
    return 1;
}

/* Reads options separated by 、 and its kin (and spaces, when spaces is set):
 * each piece an option's text, short form or number. Returns 1 with *mask set,
 * NO_MATCH when a piece is not an option, or BROKEN. */
static int match_separated(matcher *m, const char *s, size_t b, size_t e, int spaces,
                           uint64_t *mask)
{
    scan sc = scan_of(s, b, e, NULL);
    size_t start = b;
    *mask = 0;
    for (;;) {
        size_t len, at = sc.pos;
        uint32_t cp = scan_peek(&sc, &len);
        if (cp == SCAN_BROKEN)
            return BROKEN;
        if (cp != SCAN_END && !is_separator(cp, spaces)) {
            sc.pos += len;
            continue;
        }
        size_t pb = start, pe = at;
        trim_entry(s, &pb, &pe);
        if (pe > pb) {
            if (fold_span(m, s, pb, pe, &m->key) != 0)
                return BROKEN;
            int i = match_option(m);
            if (i < 0)
                i = match_number(m, s, pb, pe);
            if (i < 0 || i >= 64)
                return NO_MATCH;
            *mask |= 1ULL << i;
        }
        if (cp == SCAN_END)
            break;
        sc.pos += len;
        start = sc.pos;
    }
    return 1;
}

hy_value_status choice_parse_multi(const char *text, const char *const *options, size_t noptions,
                                   uint64_t *mask, char *why, size_t why_size)
{
    int chosen;
    *mask = 0;
    if (why && why_size)
        why[0] = '\0';
    hy_value_status st = choice_parse(text, options, noptions, &chosen, NULL, 0);
    if (st == HY_VALUE_EMPTY)
        return st;
    if (st == HY_VALUE_OK && chosen < 64) {
        *mask = 1ULL << chosen;
        return st;
    }
    matcher m = {options, noptions, HY_BUF_INIT, HY_BUF_INIT, HY_BUF_INIT};
    size_t b, e;
    uint64_t found = 0;
    scan_trim(text, strlen(text), &b, &e);
    int r = match_numbered(&m, text, b, e, &found);
    if (r == 0 && has_marks(text, b, e))
        r = marked_list_mask(&m, text, b, e, &found) == 0 ? 1 : NO_MATCH;
    if (r == 0)
        r = match_separated(&m, text, b, e, 0, &found);
    if (r == NO_MATCH)
        r = match_separated(&m, text, b, e, 1, &found);
    buf_free(&m.key);
    buf_free(&m.tmp);
    buf_free(&m.other);
    if (r == 1) {
        *mask = found;
        return found ? HY_VALUE_OK : HY_VALUE_EMPTY;
    }
    explain(why, why_size, options, noptions, _("expected one or more of: "),
            _(" (several separated by 、, or numbers such as ③⑦)"), text);
    return HY_VALUE_BAD;
}
