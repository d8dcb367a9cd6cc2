/*
 * encoding.h - which encoding a CSV file is in, and its text as UTF-8.
 *
 * Japanese Excel saves CSV as CP932; newer versions offer "CSV UTF-8", which
 * starts with a byte order mark. CP932 Japanese fails UTF-8 validation almost
 * at once (kanji lead bytes are UTF-8 continuation bytes), so each line with
 * non-ASCII text votes: valid UTF-8 or not. The file is UTF-8 when more lines
 * are valid UTF-8 than not, else CP932; the user can force either. The decision
 * is per file, from all of its bytes, and nothing is decoded in the other
 * encoding silently: in a UTF-8 file a stray byte is an error at its own row;
 * in a CP932 file a line that is valid UTF-8 with a multi-byte character (text
 * pasted from the web) is an error at its row (ENCODING_MIXED), since CP932
 * would turn it into plausible kanji. CP932 is decoded with glibc's "CP932" converter, never
 * "SHIFT_JIS" (which fails on ①, ㈱, 髙, 﨑 and turns \ into ¥) and never
 * "SHIFT_JISX0213" (which maps IBM-extension kanji to wrong characters).
 *
 * A byte that is not text is never dropped or replaced silently: decoding puts
 * U+FFFD in its place, so that the CSV reader can tell which field it fell in,
 * and records a problem that says which bytes stood where in the file.
 */
#ifndef HY_ENCODING_H
#define HY_ENCODING_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

typedef enum hy_encoding { ENCODING_UTF8, ENCODING_CP932 } hy_encoding;

typedef enum hy_encoding_fault {
    ENCODING_INVALID,     /* bytes that are no character of the encoding */
    ENCODING_TRUNCATED,   /* the file ends in the middle of a character */
    ENCODING_GAIJI,       /* a CP932 user-defined character (外字, F040-F9FC) */
    ENCODING_NUL,         /* a NUL byte, which no text file holds */
    ENCODING_MIXED,       /* a UTF-8 line in a CP932 file; copied as UTF-8, no U+FFFD */
} hy_encoding_fault;

typedef struct hy_encoding_problem {
    uint8_t fault;          /* hy_encoding_fault */
    uint8_t nbytes;         /* 1 or 2 bytes shown in the message */
    unsigned char bytes[2];
    size_t file_offset;     /* of the first byte, 0-based, counted from the file's start */
    size_t text_offset;     /* of the U+FFFD standing in for it in the decoded text
                               (ENCODING_MIXED: of the line's first non-ASCII byte) */
} hy_encoding_problem;

/* A file's text as UTF-8 (without its byte order mark). */
typedef struct hy_decoded {
    const char *text;       /* points into the input when no conversion was needed */
    size_t len;
    hy_encoding encoding;   /* what the file was read as */
    int bom_overrode;       /* a UTF-8 byte order mark won over a forced CP932 */
    size_t utf8_lines;      /* lines with non-ASCII text that are valid UTF-8 */
    size_t other_lines;     /* lines with non-ASCII text that are not */
    hy_encoding_problem *problems;   /* in file order; malloc'ed */
    size_t nproblems;
    char *owned;            /* the converted text, when text is not the input */
    int owned_by_arena;     /* ... and it is in encoding_decode_in's arena */
} hy_decoded;

/* Reads an encoding name as users type it: "UTF-8"/"utf8", and "CP932" with its
 * aliases "sjis", "shift_jis", "windows-31j" (any case; Shift_JIS files saved by
 * Windows are CP932). Returns 0 and sets *enc, or -1 for an unknown name. */
int encoding_parse_name(const char *name, hy_encoding *enc);

/* "UTF-8" or "CP932". */
const char *encoding_name(hy_encoding enc);

/* Decodes the len bytes at data as forced (NULL to detect) into out. Returns
 * HY_OK (problems, if any, in out), HY_EDATA when the file is not text hyoka
 * reads at all (UTF-16; err says why, without the file name), HY_EUSAGE for an
 * unknown forced name, or HY_EIO when out of memory or without a CP932
 * converter. path names the file in err messages. Free out with
 * encoding_decoded_free whatever the result. */
int encoding_decode(const char *path, const char *data, size_t len, const char *forced,
                    hy_decoded *out, hy_err *err);

/* encoding_decode for a file whose bytes are in the spill arena scratch
 * (arena_new_spill): the text is written there too, and the pages of both are
 * handed back every megabyte, so a large file is not held in memory. The text
 * is the arena's, freed with it. */
int encoding_decode_in(hy_arena *scratch, const char *path, const char *data, size_t len,
                       const char *forced, hy_decoded *out, hy_err *err);

/* Frees what decoding allocated; out stays valid and empty. */
void encoding_decoded_free(hy_decoded *out);

/* Describes a problem in words, e.g. "invalid CP932 byte 0x81 0x20 at byte
 * offset 1234", into out. */
void encoding_describe(const hy_decoded *dec, const hy_encoding_problem *p,
                       char *out, size_t size);

#endif
