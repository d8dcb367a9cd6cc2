#include "template/textbreak.h"

#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/vec.h"

/* Characters that may not begin a line (行頭禁則): closing brackets and
 * quotes, sentence and clause punctuation, the long-vowel mark, iteration
 * marks and small kana, in full and half width. Sorted for bsearch. The
 * small katakana U+31F0-U+31FF (ㇰ-ㇿ) are checked as a range. */
static const uint32_t no_line_start[] = {
    0x0021, /* ! */ 0x0029, /* ) */ 0x002C, /* , */ 0x002E, /* . */ 0x003F, /* ? */
    0x005D, /* ] */ 0x007D, /* } */
    0x2010, /* ‐ */ 0x2013, /* – */ 0x2019, /* ’ */ 0x201D, /* ” */
    0x203C, /* ‼ */ 0x2047, /* ⁇ */ 0x2048, /* ⁈ */ 0x2049, /* ⁉ */
    0x3001, /* 、 */ 0x3002, /* 。 */ 0x3005, /* 々 */ 0x3009, /* 〉 */ 0x300B, /* 》 */
    0x300D, /* 」 */ 0x300F, /* 』 */ 0x3011, /* 】 */ 0x3015, /* 〕 */ 0x3017, /* 〗 */
    0x3019, /* 〙 */ 0x301C, /* 〜 */ 0x301E, /* 〞 */ 0x301F, /* 〟 */ 0x303B, /* 〻 */
    0x3041, /* ぁ */ 0x3043, /* ぃ */ 0x3045, /* ぅ */ 0x3047, /* ぇ */ 0x3049, /* ぉ */
    0x3063, /* っ */ 0x3083, /* ゃ */ 0x3085, /* ゅ */ 0x3087, /* ょ */ 0x308E, /* ゎ */
    0x3095, /* ゕ */ 0x3096, /* ゖ */ 0x309B, /* ゛ */ 0x309C, /* ゜ */ 0x309D, /* ゝ */
    0x309E, /* ゞ */ 0x30A0, /* ゠ */ 0x30A1, /* ァ */ 0x30A3, /* ィ */ 0x30A5, /* ゥ */
    0x30A7, /* ェ */ 0x30A9, /* ォ */ 0x30C3, /* ッ */ 0x30E3, /* ャ */ 0x30E5, /* ュ */
    0x30E7, /* ョ */ 0x30EE, /* ヮ */ 0x30F5, /* ヵ */ 0x30F6, /* ヶ */ 0x30FB, /* ・ */
    0x30FC, /* ー */ 0x30FD, /* ヽ */ 0x30FE, /* ヾ */
    0xFF01, /* ！ */ 0xFF09, /* ） */ 0xFF0C, /* ， */ 0xFF0E, /* ． */ 0xFF1A, /* ： */
    0xFF1B, /* ； */ 0xFF1F, /* ？ */ 0xFF3D, /* ］ */ 0xFF5D, /* ｝ */ 0xFF5E, /* ～ */
    0xFF60, /* ｠ */ 0xFF61, /* ｡ */ 0xFF63, /* ｣ */ 0xFF64, /* ､ */ 0xFF65, /* ･ */
    0xFF67, /* ｧ */ 0xFF68, /* ｨ */ 0xFF69, /* ｩ */ 0xFF6A, /* ｪ */ 0xFF6B, /* ｫ */
    0xFF6C, /* ｬ */ 0xFF6D, /* ｭ */ 0xFF6E, /* ｮ */ 0xFF6F, /* ｯ */ 0xFF70, /* ｰ */
    0xFF9E, /* ﾞ */ 0xFF9F, /* ﾟ */
};

/* Characters that may not end a line (行末禁則): opening brackets and quotes. */
static const uint32_t no_line_end[] = {
    0x0028, /* ( */ 0x005B, /* [ */ 0x007B, /* { */ 0x2018, /* ‘ */ 0x201C, /* “ */
    0x3008, /* 〈 */ 0x300A, /* 《 */ 0x300C, /* 「 */ 0x300E, /* 『 */ 0x3010, /* 【 */
    0x3014, /* 〔 */ 0x3016, /* 〖 */ 0x3018, /* 〘 */ 0x301D, /* 〝 */
    0xFF08, /* （ */ 0xFF3B, /* ［ */ 0xFF5B, /* ｛ */ 0xFF5F, /* ｟ */ 0xFF62, /* ｢ */
};

static int cmp_cp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int listed(const uint32_t *list, size_t n, uint32_t cp)
{
    return bsearch(&cp, list, n, sizeof *list, cmp_cp) != NULL;
}

int textbreak_may_start_line(uint32_t cp)
{
    if (cp >= 0x31F0 && cp <= 0x31FF)
        return 0;
    return !listed(no_line_start, sizeof no_line_start / sizeof no_line_start[0], cp);
}

int textbreak_may_end_line(uint32_t cp)
{
    return !listed(no_line_end, sizeof no_line_end / sizeof no_line_end[0], cp);
}

/* Spaces are where Latin text breaks, and a break swallows them. The
 * ideographic space too: at a wrap it would only indent the next line. */
static int is_space(uint32_t cp)
{
    return cp == 0x20 || cp == 0x3000;
}

/* Half-width letters, digits and punctuation stick together, so a number
 * (1,234 / 22.5% / 7-07), a word or a code is never cut unless it is longer
 * than a line. */
static int is_halfwidth(uint32_t cp)
{
    return cp >= 0x21 && cp <= 0x7E;
}

static int may_break_between(uint32_t before, uint32_t after)
{
    if (is_halfwidth(before) && is_halfwidth(after))
        return 0;
    return textbreak_may_end_line(before) && textbreak_may_start_line(after);
}

/* Widths are summed in font units and scaled once, exactly as
 * fontset_text_width does, so a line measured here and the same line measured
 * there agree to the bit. */
static float units_width(unsigned long long units, float size)
{
    return (float)((double)units * size / 1000.0);
}

static int push_line(hy_textlines *out, size_t start, size_t len, float width)
{
    hy_textline *line = vec_push(&out->lines, &out->count, &out->cap, sizeof *line);
    if (!line)
        return -1;
    *line = (hy_textline){start, len, width};
    return 0;
}

/* Breaks one paragraph (text[p, pend), no line feeds inside) greedily: each
 * line takes characters while they fit and then ends at the last place a
 * break is allowed. Kinsoku needs no special pass: a 。 that does not fit
 * makes the break before it forbidden, so the line ends one character earlier
 * and that character moves down with it (追い出し); the line never grows
 * past the width. Only when a line has no allowed break at all (a half-width
 * run longer than the line) is it cut where the width runs out. */
static int break_paragraph(const char *text, size_t p, size_t pend, float max_width,
                           const hy_fontset *fs, int font, float size, hy_textlines *out)
{
    if (p == pend)
        return push_line(out, p, 0, 0.0f);
    size_t line_start = p;
    while (line_start < pend) {
        unsigned long long units = 0, brk_units = 0, opp_units = 0;
        size_t i = line_start, brk_end = pend, opp_end = 0;
        int have_opp = 0, prev_space = 0;
        uint32_t prev = 0;
        for (;;) {
            if (i == pend) {
                brk_end = pend;
                brk_units = units;
                break;
            }
            uint32_t cp;
            size_t len = utf8_decode(text + i, pend - i, &cp);
            unsigned adv = fontset_advance(fs, font, cp);
            int space = is_space(cp);
            if (i > line_start && !prev_space && (space || may_break_between(prev, cp))) {
                /* Breaking before a run of spaces drops the spaces. */
                opp_end = i;
                opp_units = units;
                have_opp = 1;
            }
            if (i == line_start || units_width(units + adv, size) <= max_width) {
                units += adv;
                prev = cp;
                prev_space = space;
                i += len;
                continue;
            }
            brk_end = have_opp ? opp_end : i;
            brk_units = have_opp ? opp_units : units;
            break;
        }
        if (push_line(out, line_start, brk_end - line_start, units_width(brk_units, size)))
            return -1;
        /* The next line starts after the spaces the break swallowed. */
        size_t next = brk_end;
        while (next < pend) {
            uint32_t cp;
            size_t len = utf8_decode(text + next, pend - next, &cp);
            if (!is_space(cp))
                break;
            next += len;
        }
        line_start = next;
    }
    return 0;
}

int textbreak(const char *text, float max_width, const hy_fontset *fs, int font, float size,
              hy_textlines *out)
{
    size_t n = strlen(text);
    if (!utf8_valid(text, n, NULL))
        return -1;
    /* Every line feed ends a line, so "a\n\nb" is a, an empty line, b; text
     * after the last line feed is a line only when it is not empty. CR LF and
     * a lone CR count as one line feed. */
    size_t pos = 0;
    while (pos < n) {
        size_t eol = pos;
        while (eol < n && text[eol] != '\n' && text[eol] != '\r')
            eol++;
        if (break_paragraph(text, pos, eol, max_width, fs, font, size, out))
            return -1;
        pos = eol;
        if (pos < n && text[pos] == '\r' && text[pos + 1] == '\n')
            pos += 2;
        else if (pos < n)
            pos++;
    }
    return 0;
}

int textbreak_cuts_run(const char *text, const hy_textlines *lines)
{
    for (size_t i = 0; i + 1 < lines->count; i++) {
        const hy_textline *a = &lines->lines[i], *b = &lines->lines[i + 1];
        /* lines that meet with nothing between them: no space swallowed, no line feed */
        if (a->len == 0 || a->start + a->len != b->start || b->len == 0)
            continue;
        size_t end = a->start + a->len, k = end - 1;
        while (k > a->start && ((unsigned char)text[k] & 0xC0) == 0x80)
            k--;
        uint32_t last, first;
        if (!utf8_decode(text + k, end - k, &last))
            continue;
        if (!utf8_decode(text + b->start, b->len, &first))
            continue;
        if (is_halfwidth(last) && is_halfwidth(first))
            return 1;
    }
    return 0;
}

void textlines_free(hy_textlines *lines)
{
    free(lines->lines);
    lines->lines = NULL;
    lines->count = lines->cap = 0;
}
