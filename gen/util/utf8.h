/*
 * utf8.h - decoding and checking UTF-8. Every string inside hyoka is UTF-8;
 * these are the only places that look at its bytes one by one.
 */
#ifndef HY_UTF8_H
#define HY_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Decodes the code point at s (at most n bytes). Returns the number of bytes it
 * takes (1..4) and stores it in *cp, or returns 0 for an invalid, overlong,
 * surrogate or truncated sequence. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Writes cp as UTF-8 into out (4 bytes of room); returns its length, 0 when cp
 * is not a Unicode scalar value. */
size_t utf8_encode(uint32_t cp, char out[4]);

/* Writes cp as UTF-16 code units (a surrogate pair above U+FFFF), as PDF text
 * strings hold it; returns how many: 1 or 2. */
int utf16_units(uint32_t cp, uint32_t units[2]);

/* Appends utf8 to out as UTF-16BE with a byte order mark (a PDF text
 * string's bytes); invalid bytes become U+FFFD. Returns 0, or -1 when out of
 * memory. */
int utf8_to_utf16be(const char *utf8, hy_buf *out);

/* Checks that the n bytes at s are valid UTF-8. Returns 1 when they are; else 0,
 * with the offset of the first bad byte in *bad (when bad is not NULL). */
int utf8_valid(const char *s, size_t n, size_t *bad);

/* Is the UTF-8 text s[0..n) certainly in Unicode Normalization Form C? A quick
 * check by table lookups: 1 for ASCII, Latin and the kana, kanji and
 * full-width forms Japanese text is written in; 0 when a character could
 * change or combine (a combining mark such as U+3099, as macOS writes が), and
 * then utf8_nfc decides. */
int utf8_is_nfc_quick(const char *s, size_t n);

/* The NFC form of the UTF-8 text s[0..n) (utf8proc), malloc'ed and
 * NUL-terminated, its length in *len; NULL when out of memory or s is not
 * valid UTF-8. */
char *utf8_nfc(const char *s, size_t n, size_t *len);

/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

#endif
