/*
 * choice.c - which option a checkbox cell chose. See choice.h for the forms a
 * cell may take.
 */
#include "normalize/choice.h"

#include <string.h>

#include "normalize/scan.h"

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

/* Reads "□A ■B □C": every entry must be an option and exactly one marked
 * chosen. Returns the chosen index, NO_MATCH for an entry that is not an
 * option, AMBIGUOUS when not exactly one is marked, or BROKEN. */
static int match_marked_list(matcher *m, const char *s, size_t b, size_t e)
{
    scan sc = scan_of(s, b, e, NULL);
    int chosen = NO_MATCH, marked = 0, mark = 0;
    size_t entry = b;   /* where the text after the last mark starts */
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
            if (mark > 0) {
                marked++;
                chosen = i;
            }
        }
        if (cp == SCAN_END)
            break;
        mark = next_mark;
        sc.pos += len;
        entry = sc.pos;
    }
    return marked == 1 ? chosen : AMBIGUOUS;
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
    value_why(why, why_size, rc == 0 ? buf_str(&expected) : "expected one of the form's options",
              text);
    buf_free(&expected);
}

hy_value_status choice_parse(const char *text, const char *const *options, size_t noptions,
                             int *chosen, char *why, size_t why_size)
{
    matcher m = {options, noptions, HY_BUF_INIT, HY_BUF_INIT, HY_BUF_INIT};
    hy_value_status st = HY_VALUE_BAD;
    const char *lead = "expected one of: ", *tail = "";
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
            lead = "mark exactly one of: ";
            tail = " with ■";
        }
    }
    if (i == NO_MATCH)
        i = match_number(&m, text, b, e);
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
