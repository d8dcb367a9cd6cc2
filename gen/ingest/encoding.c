#include "ingest/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/utf8.h"
#include "util/vec.h"
#include "util/i18n.h"

static const char REPLACEMENT[3] = {'\xEF', '\xBF', '\xBD'};   /* U+FFFD */

int encoding_parse_name(const char *name, hy_encoding *enc)
{
    static const char *const utf8_names[] = {"UTF-8", "UTF8"};
    static const char *const cp932_names[] = {
        "CP932", "SJIS", "SHIFT_JIS", "SHIFT-JIS", "WINDOWS-31J", "MS932",
    };
    for (size_t i = 0; i < sizeof utf8_names / sizeof *utf8_names; i++)
        if (strcasecmp(name, utf8_names[i]) == 0) {
            *enc = ENCODING_UTF8;
            return 0;
        }
    for (size_t i = 0; i < sizeof cp932_names / sizeof *cp932_names; i++)
        if (strcasecmp(name, cp932_names[i]) == 0) {
            *enc = ENCODING_CP932;
            return 0;
        }
    return -1;
}

const char *encoding_name(hy_encoding enc)
{
    return enc == ENCODING_CP932 ? "CP932" : "UTF-8";
}

void encoding_decoded_free(hy_decoded *out)
{
    free(out->problems);
    if (!out->owned_by_arena)
        free(out->owned);
    memset(out, 0, sizeof *out);
}

/* Where decoding writes: the text, and the problems found on the way. */
typedef struct encoding_decoder {
    hy_buf text;
    hy_encoding_problem *problems;
    size_t nproblems, cap;
    hy_arena *scratch;           /* where the file's bytes and the text are, or NULL */
    size_t paced;                /* the offset up to which its pages were handed back */
} encoding_decoder;

/* Every megabyte of a file read from a spill arena, its pages (the bytes read
 * and the text written) go back to the system: a pass over a large file
 * holds a megabyte of it in memory, not all of it. */
enum { PACE_BYTES = 1 << 20 };

static void encoding_pace(encoding_decoder *d, size_t offset)
{
    if (d->scratch && offset - d->paced >= PACE_BYTES) {
        arena_release(d->scratch);
        d->paced = offset;
    }
}

/* Records a problem and puts U+FFFD in the text where the bytes were (not for
 * ENCODING_MIXED, whose line is kept as it is). */
static int encoding_fault(encoding_decoder *d, hy_encoding_fault fault,
                          const unsigned char *bytes, size_t nbytes, size_t file_offset)
{
    hy_encoding_problem *p = vec_push(&d->problems, &d->nproblems, &d->cap, sizeof *p);
    if (!p)
        return -1;
    p->fault = (uint8_t)fault;
    p->nbytes = (uint8_t)(nbytes > 2 ? 2 : nbytes);
    p->bytes[0] = bytes[0];
    p->bytes[1] = nbytes > 1 ? bytes[1] : 0;
    p->file_offset = file_offset;
    p->text_offset = d->text.len;
    if (fault == ENCODING_MIXED)
        return 0;
    return buf_append(&d->text, REPLACEMENT, sizeof REPLACEMENT);
}

/* Counts the lines with non-ASCII bytes that are valid UTF-8 and those that
 * are not: the whole file's vote on its encoding. */
static void encoding_vote(encoding_decoder *d, const unsigned char *s, size_t n,
                          hy_decoded *out)
{
    size_t i = 0;
    while (i < n) {
        encoding_pace(d, i);
        const unsigned char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) : n;
        size_t j = i;
        while (j < end && s[j] < 0x80 && s[j] != 0)
            j++;
        if (j < end) {
            if (utf8_valid((const char *)s + j, end - j, NULL) && !memchr(s + j, 0, end - j))
                out->utf8_lines++;
            else
                out->other_lines++;
        }
        i = end + 1;
    }
}

/* Is the line s[0..n) UTF-8 Japanese rather than CP932: valid UTF-8 holding a
 * character of three or more bytes? (Two-byte sequences alone also occur in
 * CP932 half-width katakana, C3 BD "ﾃｽ"; three-byte ones do not.) Returns the
 * offset of its first non-ASCII byte, or n when it is not. */
static size_t encoding_utf8_line(const unsigned char *s, size_t n)
{
    size_t first = n;
    int wide = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            if (s[i] == 0)
                return n;
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = utf8_decode((const char *)s + i, n - i, &cp);
        if (!k)
            return n;
        if (first == n)
            first = i;
        wide |= k >= 3;
        i += k;
    }
    return wide ? first : n;
}

/* Does the UTF-8 sequence starting at s (n bytes left) break off at the end of
 * the file, rather than being wrong in itself? */
static int encoding_utf8_cut_short(const unsigned char *s, size_t n)
{
    size_t need = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (need == 0 || s[0] > 0xF4 || n >= need)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return 1;
}

/* Copies UTF-8 text, putting U+FFFD for each invalid byte and each NUL. */
static int encoding_from_utf8(encoding_decoder *d, const unsigned char *s, size_t len,
                              size_t base)
{
    size_t run = 0, i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c != 0 && c < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = c ? utf8_decode((const char *)s + i, len - i, &cp) : 0;
        if (k) {
            i += k;
            continue;
        }
        if (buf_append(&d->text, s + run, i - run) != 0)
            return -1;
        hy_encoding_fault fault = c == 0 ? ENCODING_NUL
                                : encoding_utf8_cut_short(s + i, len - i) ? ENCODING_TRUNCATED
                                : ENCODING_INVALID;
        if (encoding_fault(d, fault, s + i, 1, base + i) != 0)
            return -1;
        if (fault == ENCODING_TRUNCATED)
            return 0;
        run = ++i;
    }
    return buf_append(&d->text, s + run, len - run);
}

static int encoding_cp932_lead(unsigned c)
{
    return (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC);
}

static int encoding_cp932_trail(unsigned c)
{
    return (c >= 0x40 && c <= 0x7E) || (c >= 0x80 && c <= 0xFC);
}

/* The offset of the first byte from i on that iconv must not see: a NUL, a byte
 * that starts no character, a lead byte without a valid trail byte, or the lead
 * byte of a user-defined character (F0-F9), which glibc would quietly turn into
 * a private-use code point. Walks character by character, so a trail byte is
 * never taken for a lead byte. */
static size_t encoding_cp932_clean_run(const unsigned char *s, size_t len, size_t i)
{
    while (i < len) {
        unsigned c = s[i];
        if ((c >= 0x01 && c <= 0x7F) || (c >= 0xA1 && c <= 0xDF)) {
            i++;
        } else if (encoding_cp932_lead(c) && !(c >= 0xF0 && c <= 0xF9)) {
            if (i + 1 >= len || !encoding_cp932_trail(s[i + 1]))
                return i;
            i += 2;
        } else {
            return i;
        }
    }
    return len;
}

/* Converts the clean run s[0..n) with iconv. A structurally valid pair that
 * CP932 leaves unassigned (85 40, EB 40, ...) still fails in iconv: that is a
 * problem at its offset, and conversion resumes after the pair. */
static int encoding_cp932_convert_run(encoding_decoder *d, iconv_t cd,
                                      const unsigned char *s, size_t n, size_t base)
{
    char *in = (char *)s;
    size_t inleft = n;
    while (inleft > 0) {
        if (buf_reserve(&d->text, inleft * 3 / 2 + 16) != 0)
            return -1;
        char *out = d->text.data + d->text.len;
        size_t outleft = d->text.cap - d->text.len - 1;
        size_t r = iconv(cd, &in, &inleft, &out, &outleft);
        int e = errno;
        d->text.len = (size_t)(out - d->text.data);
        d->text.data[d->text.len] = '\0';
        if (r != (size_t)-1 || e == E2BIG)
            continue;
        const unsigned char *at = (const unsigned char *)in;
        size_t k = encoding_cp932_lead(at[0]) && inleft >= 2 ? 2 : 1;
        if (encoding_fault(d, ENCODING_INVALID, at, k, base + (size_t)(at - s)) != 0)
            return -1;
        in += k;
        inleft -= k;
    }
    return 0;
}

/* Decodes the CP932 bytes s[0..len), which stand at file offset base. */
static int encoding_cp932_segment(encoding_decoder *d, iconv_t cd, const unsigned char *s,
                                  size_t len, size_t base)
{
    size_t i = 0;
    while (i < len) {
        size_t stop = encoding_cp932_clean_run(s, len, i);
        if (stop > i && encoding_cp932_convert_run(d, cd, s + i, stop - i, base + i) != 0)
            return -1;
        if (stop >= len)
            break;
        unsigned c = s[stop];
        hy_encoding_fault fault;
        size_t shown = 1, skip = 1;
        if (c == 0) {
            fault = ENCODING_NUL;
        } else if (!encoding_cp932_lead(c)) {
            fault = ENCODING_INVALID;
        } else if (stop + 1 >= len) {
            fault = ENCODING_TRUNCATED;
        } else if (encoding_cp932_trail(s[stop + 1])) {
            fault = ENCODING_GAIJI;    /* only F0-F9 pairs stop a clean run */
            shown = skip = 2;
        } else {
            /* Show the pair but step over the lead byte only: the byte after it
             * may be a comma, quote or line end the CSV reader needs. */
            fault = ENCODING_INVALID;
            shown = 2;
        }
        if (encoding_fault(d, fault, s + stop, shown, base + stop) != 0)
            return -1;
        i = stop + skip;
    }
    return 0;
}

/* Decodes a CP932 file line by line: a line that is UTF-8 Japanese is kept as
 * it is and reported (ENCODING_MIXED), the others are converted. */
static int encoding_from_cp932(encoding_decoder *d, iconv_t cd, const unsigned char *s,
                               size_t len)
{
    if (buf_reserve(&d->text, len + len / 2 + 64) != 0)
        return -1;
    size_t i = 0;
    while (i < len) {
        encoding_pace(d, i);
        const unsigned char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) + 1 : len;
        size_t first = encoding_utf8_line(s + i, end - i);
        if (first < end - i) {
            if (encoding_fault(d, ENCODING_MIXED, s + i + first, 2, i + first) != 0)
                return -1;
            /* the ASCII before it was counted in the text offset: move the
             * problem to the byte it names */
            d->problems[d->nproblems - 1].text_offset += first;
            if (buf_append(&d->text, s + i, end - i) != 0)
                return -1;
        } else if (encoding_cp932_segment(d, cd, s + i, end - i, i) != 0) {
            return -1;
        }
        i = end;
    }
    return 0;
}

/* Is s[0..n) valid UTF-8? Checked a megabyte at a time, cut at line ends
 * (no UTF-8 sequence holds a line feed), to pace a file in a spill arena. */
static int encoding_valid_paced(encoding_decoder *d, const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        encoding_pace(d, i);
        size_t end = n - i > PACE_BYTES ? i + PACE_BYTES : n;
        const unsigned char *nl = end < n ? memchr(s + end, '\n', n - end) : NULL;
        end = nl ? (size_t)(nl - s) + 1 : n;
        if (!utf8_valid((const char *)s + i, end - i, NULL))
            return 0;
        i = end;
    }
    return 1;
}

int encoding_decode(const char *path, const char *data, size_t len, const char *forced,
                    hy_decoded *out, hy_err *err)
{
    return encoding_decode_in(NULL, path, data, len, forced, out, err);
}

int encoding_decode_in(hy_arena *scratch, const char *path, const char *data, size_t len,
                       const char *forced, hy_decoded *out, hy_err *err)
{
    encoding_decoder d = {HY_BUF_INIT, NULL, 0, 0, scratch, 0};
    d.text.arena = scratch;
    const unsigned char *s = (const unsigned char *)data;
    memset(out, 0, sizeof *out);
    hy_encoding enc = ENCODING_UTF8;
    if (forced && encoding_parse_name(forced, &enc) != 0)
        return err_set(err, HY_EUSAGE,
                       _("unknown encoding \"%s\" (hyoka reads UTF-8 and CP932)"), forced);
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        return err_set(err, HY_EDATA,
                       _("the file is UTF-16 text (byte order mark 0x%02X 0x%02X), which hyoka "
                       "does not read; save it as \"CSV UTF-8\" or \"CSV (comma delimited)\""),
                       s[0], s[1]);
    /* An ASCII first character in UTF-16 without a byte order mark. */
    if (len >= 2 && (s[0] == 0) != (s[1] == 0))
        return err_set(err, HY_EDATA,
                       _("the file looks like UTF-16 text without a byte order mark (a NUL "
                       "byte at offset %d), which hyoka does not read; save it as "
                       "\"CSV UTF-8\" or \"CSV (comma delimited)\""), s[0] == 0 ? 0 : 1);
    int valid = -1;   /* is the body valid UTF-8? -1 = not checked yet */
    size_t bom = len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF ? 3 : 0;
    if (bom && forced && enc == ENCODING_CP932) {
        /* The mark is proof: decoding it as CP932 would garble the first cell. */
        enc = ENCODING_UTF8;
        out->bom_overrode = 1;
    } else if (!forced && !bom) {
        valid = encoding_valid_paced(&d, s, len);
        d.paced = 0;
        if (!valid) {
            /* mostly UTF-8 with a stray byte stays UTF-8, and the byte is an
             * error where it stands; mostly not is CP932 */
            encoding_vote(&d, s, len, out);
            d.paced = 0;
            enc = out->utf8_lines > out->other_lines ? ENCODING_UTF8 : ENCODING_CP932;
        }
    }
    out->encoding = enc;
    const unsigned char *body = s + bom;
    size_t n = len - bom;

    if (enc == ENCODING_UTF8 && !memchr(body, 0, n)
        && (valid == 1 || (valid == -1 && encoding_valid_paced(&d, body, n)))) {
        out->text = (const char *)body;
        out->len = n;
        return HY_OK;
    }
    d.paced = 0;
    int failed;
    if (enc == ENCODING_UTF8) {
        failed = encoding_from_utf8(&d, body, n, bom);
    } else {
        iconv_t cd = iconv_open("UTF-8", "CP932");
        if (cd == (iconv_t)-1) {
            buf_free(&d.text);
            return err_set(err, HY_EIO, _("%s: this system has no CP932 converter (iconv: %s)"),
                           path, strerror(errno));
        }
        failed = encoding_from_cp932(&d, cd, body, n);
        iconv_close(cd);
    }
    if (failed || buf_reserve(&d.text, 0) != 0) {
        buf_free(&d.text);
        free(d.problems);
        return err_set(err, HY_EIO, _("%s: out of memory decoding the file"), path);
    }
    out->owned = d.text.data;
    out->owned_by_arena = scratch != NULL;
    out->text = d.text.data;
    out->len = d.text.len;
    out->owned[out->len] = '\0';
    out->problems = d.problems;
    out->nproblems = d.nproblems;
    return HY_OK;
}

void encoding_describe(const hy_decoded *dec, const hy_encoding_problem *p,
                       char *out, size_t size)
{
    const char *enc = encoding_name(dec->encoding);
    char bytes[16];
    if (p->nbytes == 2)
        snprintf(bytes, sizeof bytes, "0x%02X 0x%02X", p->bytes[0], p->bytes[1]);
    else
        snprintf(bytes, sizeof bytes, "0x%02X", p->bytes[0]);
    switch (p->fault) {
    case ENCODING_TRUNCATED:
        snprintf(out, size, _("truncated %s character %s at byte offset %zu (the file ends "
                 "inside it)"), enc, bytes, p->file_offset);
        break;
    case ENCODING_GAIJI:
        snprintf(out, size, _("user-defined character (外字) %s at byte offset %zu: no font "
                 "has it; replace it with a standard character"), bytes, p->file_offset);
        break;
    case ENCODING_NUL:
        snprintf(out, size, _("NUL byte at byte offset %zu (not text)"), p->file_offset);
        break;
    case ENCODING_MIXED:
        snprintf(out, size, _("this line is UTF-8 text (%s at byte offset %zu) in a file that "
                 "is otherwise CP932, where it would read as garbled kanji; save the whole "
                 "file in one encoding"), bytes, p->file_offset);
        break;
    default:
        if (dec->encoding == ENCODING_UTF8 && dec->utf8_lines > 0)
            snprintf(out, size, _("invalid UTF-8 byte %s at byte offset %zu (the file is UTF-8: "
                     "%zu of its %zu lines with non-ASCII text are)"), bytes, p->file_offset,
                     dec->utf8_lines, dec->utf8_lines + dec->other_lines);
        else
            snprintf(out, size, _("invalid %s byte %s at byte offset %zu"), enc, bytes,
                     p->file_offset);
        break;
    }
}
