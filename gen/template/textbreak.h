/*
 * textbreak.h - breaking Japanese text into lines that fit a width.
 *
 * libharu's own TextRect breaks only at ASCII spaces, which Japanese text does
 * not have, so hyoka breaks lines itself, by character, with the 禁則 (kinsoku)
 * rules a Japanese reader expects: no line starts with closing punctuation,
 * the long-vowel mark or a small kana (、。，．）」』】〕！？ー・ぁっゃ...), none ends
 * with an opening bracket (（「『【〔), a run of half-width letters and digits
 * (a number, an English word) is not split unless it is longer than a line,
 * and explicit line breaks are kept. Widths are the font's real advances.
 */
#ifndef HY_TEXTBREAK_H
#define HY_TEXTBREAK_H

#include <stddef.h>
#include <stdint.h>

#include "draw/fontset.h"

/* One line: a byte range of the text, and its width in points. */
typedef struct hy_textline {
    size_t start, len;
    float width;
} hy_textline;

typedef struct hy_textlines {
    hy_textline *lines;
    size_t count, cap;
} hy_textlines;

/* Breaks UTF-8 text into lines no wider than max_width points at the given font
 * and size (a single character wider than the line still gets a line of its
 * own). Appends to out (reset it with count = 0 to reuse). Line ranges exclude
 * the line feed and the spaces a break swallowed. Returns 0, or -1 when out of
 * memory or the text is not valid UTF-8. */
int textbreak(const char *text, float max_width, const hy_fontset *fs, int font, float size,
              hy_textlines *out);

/* Was a half-width run (a number, a word) cut between two lines because it
 * was longer than a line? A layout then shrinks the text if it may, so that
 * 12,500 in a narrow column prints whole rather than as 12,50 / 0. */
int textbreak_cuts_run(const char *text, const hy_textlines *lines);

/* Frees the lines' memory. */
void textlines_free(hy_textlines *lines);

/* May cp start a line? (false for 、。）」ー small kana and the like) */
int textbreak_may_start_line(uint32_t cp);

/* May cp end a line? (false for （「『【〔 and the like) */
int textbreak_may_end_line(uint32_t cp);

#endif
