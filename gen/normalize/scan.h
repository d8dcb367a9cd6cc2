/*
 * scan.h - reading a cell one code point at a time through a fold, for the
 * parsers of normalize/ (private to them).
 *
 * The parsers match the folded code point (２ reads as 2) but keep byte offsets
 * into the text as typed, so what they hand back (a unit, the rest of a header)
 * is the department's own spelling.
 */
#ifndef HY_SCAN_H
#define HY_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "util/utf8.h"

/* Marks the end of the text, and a byte that does not start valid UTF-8. */
#define SCAN_END 0u
#define SCAN_BROKEN 0xFFFFFFFFu

typedef uint32_t (*scan_fold_fn)(uint32_t cp);

typedef struct scan {
    const char *s;
    size_t pos, end;    /* bytes [pos, end) are still to be read */
    scan_fold_fn fold;  /* NULL reads code points as they are */
} scan;

static inline scan scan_of(const char *s, size_t begin, size_t end, scan_fold_fn fold)
{
    return (scan){s, begin, end, fold};
}

/* The folded code point at the cursor and its length in bytes, without moving. */
static inline uint32_t scan_peek(const scan *sc, size_t *len)
{
    uint32_t cp;
    if (sc->pos >= sc->end) {
        *len = 0;
        return SCAN_END;
    }
    size_t n = utf8_decode(sc->s + sc->pos, sc->end - sc->pos, &cp);
    if (n == 0) {
        *len = 1;
        return SCAN_BROKEN;
    }
    *len = n;
    return sc->fold ? sc->fold(cp) : cp;
}

/* The folded code point at the cursor, moving past it. */
static inline uint32_t scan_next(scan *sc)
{
    size_t len;
    uint32_t cp = scan_peek(sc, &len);
    sc->pos += len;
    return cp;
}

/* Moves past cp when it is next; says whether it was. */
static inline int scan_eat(scan *sc, uint32_t cp)
{
    size_t len;
    if (scan_peek(sc, &len) != cp || cp == SCAN_END)
        return 0;
    sc->pos += len;
    return 1;
}

/* Moves past the literal (UTF-8, compared code point by code point after the
 * fold) when the text continues with it; otherwise stays put. */
static inline int scan_lit(scan *sc, const char *lit)
{
    scan probe = *sc;
    size_t n = 0;
    while (lit[n]) {
        uint32_t want;
        size_t k = utf8_decode(lit + n, 4, &want);
        if (k == 0 || scan_next(&probe) != want)
            return 0;
        n += k;
    }
    *sc = probe;
    return 1;
}

static inline int scan_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
           cp == 0x3000;
}

static inline void scan_skip_spaces(scan *sc)
{
    size_t len;
    while (scan_is_space(scan_peek(sc, &len)))
        sc->pos += len;
}

static inline int scan_is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

/* Reads 1..max_digits digits into *v; fails (staying put) when there are none
 * or more than max_digits, so H270 is not H27 followed by 0. */
static inline int scan_uint(scan *sc, int max_digits, int *v)
{
    scan probe = *sc;
    size_t len;
    int n = 0, value = 0;
    while (scan_is_digit(scan_peek(&probe, &len))) {
        if (++n > max_digits)
            return 0;
        value = value * 10 + (int)(scan_next(&probe) - '0');
    }
    if (n == 0)
        return 0;
    *v = value;
    *sc = probe;
    return 1;
}

/* The bounds of text with ASCII whitespace and U+3000 trimmed off both ends. */
static inline void scan_trim(const char *s, size_t n, size_t *begin, size_t *end)
{
    size_t b = 0, e = n;
    for (;;) {
        if (b < e && scan_is_space((unsigned char)s[b]))
            b++;
        else if (e - b >= 3 && (unsigned char)s[b] == 0xE3 && (unsigned char)s[b + 1] == 0x80 &&
                 (unsigned char)s[b + 2] == 0x80)
            b += 3;
        else
            break;
    }
    for (;;) {
        if (e > b && scan_is_space((unsigned char)s[e - 1]))
            e--;
        else if (e - b >= 3 && (unsigned char)s[e - 3] == 0xE3 && (unsigned char)s[e - 2] == 0x80 &&
                 (unsigned char)s[e - 1] == 0x80)
            e -= 3;
        else
            break;
    }
    *begin = b;
    *end = e;
}

#endif
