/* tests for ingest/encoding: detecting UTF-8 / CP932 and decoding CP932 exactly */
#include <string.h>

#include "ingest/encoding.h"
#include "testutil.h"

/* Decodes a literal (sizeof - 1 keeps embedded NULs) and returns the status. */
#define DECODE(lit, forced, dec) \
    encoding_decode("t.csv", (lit), sizeof(lit) - 1, (forced), (dec), &err)

static char describe_buf[256];

static const char *describe(const hy_decoded *dec, size_t i)
{
    encoding_describe(dec, &dec->problems[i], describe_buf, sizeof describe_buf);
    return describe_buf;
}

static void test_names(void)
{
    hy_encoding e = ENCODING_UTF8;
    CU_ASSERT_EQUAL(encoding_parse_name("cp932", &e), 0);
    CU_ASSERT_EQUAL(e, ENCODING_CP932);
    e = ENCODING_CP932;
    CU_ASSERT_EQUAL(encoding_parse_name("utf8", &e), 0);
    CU_ASSERT_EQUAL(e, ENCODING_UTF8);
    e = ENCODING_CP932;
    CU_ASSERT_EQUAL(encoding_parse_name("UTF-8", &e), 0);
    CU_ASSERT_EQUAL(e, ENCODING_UTF8);
    const char *cp932[] = {"CP932", "sjis", "Shift_JIS", "SHIFT-JIS", "windows-31j", "MS932"};
    for (size_t i = 0; i < sizeof cp932 / sizeof *cp932; i++) {
        e = ENCODING_UTF8;
        CU_ASSERT_EQUAL(encoding_parse_name(cp932[i], &e), 0);
        CU_ASSERT_EQUAL(e, ENCODING_CP932);
    }
    CU_ASSERT_EQUAL(encoding_parse_name("EUC-JP", &e), -1);
    CU_ASSERT_EQUAL(encoding_parse_name("", &e), -1);
    CU_ASSERT_STRING_EQUAL(encoding_name(ENCODING_CP932), "CP932");
    CU_ASSERT_STRING_EQUAL(encoding_name(ENCODING_UTF8), "UTF-8");
}

static void test_detect_utf8(void)
{
    hy_err err;
    hy_decoded dec;
    /* Valid UTF-8 is read in place, without a copy. */
    static const char plain[] = "名称,髙﨑\r\n";
    CU_ASSERT_EQUAL(DECODE(plain, NULL, &dec), HY_OK);
    CU_ASSERT_EQUAL(dec.encoding, ENCODING_UTF8);
    CU_ASSERT_PTR_EQUAL(dec.text, plain);
    CU_ASSERT_EQUAL(dec.len, sizeof plain - 1);
    CU_ASSERT_EQUAL(dec.nproblems, 0);
    encoding_decoded_free(&dec);

    /* The byte order mark is stripped. */
    static const char bom[] = "\xEF\xBB\xBF" "a,b";
    CU_ASSERT_EQUAL(DECODE(bom, NULL, &dec), HY_OK);
    CU_ASSERT_EQUAL(dec.encoding, ENCODING_UTF8);
    CU_ASSERT_EQUAL(dec.len, 3);
    CU_ASSERT_NSTRING_EQUAL(dec.text, "a,b", 3);
    encoding_decoded_free(&dec);

    /* Pure ASCII is UTF-8 (and the same bytes in CP932). */
    CU_ASSERT_EQUAL(DECODE("a,b\n", NULL, &dec), HY_OK);
    CU_ASSERT_EQUAL(dec.encoding, ENCODING_UTF8);
    encoding_decoded_free(&dec);

    /* An empty file is UTF-8 and empty. */
    CU_ASSERT_EQUAL(DECODE("", NULL, &dec), HY_OK);
    CU_ASSERT_EQUAL(dec.encoding, ENCODING_UTF8);
    CU_ASSERT_EQUAL(dec.len, 0);
    encoding_decoded_free(&dec);
}

static void test_detect_cp932(void)
{
    hy_err err;
    hy_decoded dec;
    /* 事業 in CP932: 8E 96 8B C6 is not UTF-8. */
    CU_ASSERT_EQUAL(DECODE("\x8E\x96\x8B\xC6,1\r\n", NULL, &dec), HY_OK);
    CU_ASSERT_EQUAL(dec.encoding, ENCODING_CP932);
    CU_ASSERT_STRING_EQUAL(dec.text, "事業,1\r\n");
    CU_ASSERT_EQUAL(dec.nproblems, 0);
    encoding_decoded_free(&dec);

    /* CP932 "ﾂｲ" (C2 B2) happens to be valid UTF-8 ("²"): detection cannot tell,
     * which is why --encoding exists. */
    CU_ASSERT_EQUAL(DECODE("\xC2\xB2", NULL, &dec), HY_OK);
    CU_ASSERT_EQUAL(dec.encoding, ENCODING_UTF8);
    CU_ASSERT_NSTRING_EQUAL(dec.text, "²", 2);
    encoding_decoded_free(&dec);
    CU_ASSERT_EQUAL(DECODE("\xC2\xB2", "sjis", &dec), HY_OK);
    CU_ASSERT_EQUAL(dec.encoding, ENCODING_CP932);
    CU_ASSERT_STRING_EQUAL(dec.text, "ﾂｲ");
    encoding_decoded_free(&dec);
}

/* The characters Shift_JIS converters get wrong must come out right. */
static void test_cp932_characters(void)
{
    hy_err err;
    hy_decoded dec;
    static const char in[] =
        "\x87\x40"          /* ① */
        "\x87\x8A"          /* ㈱ */
        "\xFB\xFC"          /* 髙, IBM extension */
        "\xEE\xE0"          /* 髙, NEC-selected IBM extension */
        "\xFA\xB1"          /* 﨑 */
        "\x81\x60"          /* ～ U+FF5E, not the WAVE DASH U+301C */
        "\x81\x7C"          /* － U+FF0D */
        "\x5C\x7E"          /* \ and ~, not ¥ and ‾ */
        "\xB6\xC0\xB6\xC5"; /* ｶﾀｶﾅ */
    CU_ASSERT_EQUAL(DECODE(in, "CP932", &dec), HY_OK);
    CU_ASSERT_EQUAL(dec.nproblems, 0);
    CU_ASSERT_STRING_EQUAL(dec.text, "①㈱髙髙﨑\xEF\xBD\x9E\xEF\xBC\x8D\\~ｶﾀｶﾅ");
    encoding_decoded_free(&dec);
}

static void test_cp932_bad_bytes(void)
{
    hy_err err;
    hy_decoded dec;
    /* A lead byte followed by a space: the pair is shown, but only the lead byte
     * is replaced, so the space (or a comma, a quote, a line end) survives. */
    CU_ASSERT_EQUAL(DECODE("A\x81\x20" "B,\x8E\x96", NULL, &dec), HY_OK);
    CU_ASSERT_EQUAL(dec.encoding, ENCODING_CP932);
    CU_ASSERT_STRING_EQUAL(dec.text, "A\xEF\xBF\xBD B,事");
    CU_ASSERT_EQUAL_FATAL(dec.nproblems, 1);
    CU_ASSERT_EQUAL(dec.problems[0].fault, ENCODING_INVALID);
    CU_ASSERT_EQUAL(dec.problems[0].file_offset, 1);
    CU_ASSERT_EQUAL(dec.problems[0].text_offset, 1);
    CU_ASSERT_STRING_EQUAL(describe(&dec, 0), "invalid CP932 byte 0x81 0x20 at byte offset 1");
    encoding_decoded_free(&dec);

    /* Bytes that start no character, and a pair CP932 leaves unassigned (85 40),
     * which is replaced as a whole. */
    CU_ASSERT_EQUAL(DECODE("\x80x\xA0y\xFDz\x85\x40" "!", "CP932", &dec), HY_OK);
    CU_ASSERT_STRING_EQUAL(dec.text, "\xEF\xBF\xBDx\xEF\xBF\xBDy\xEF\xBF\xBDz\xEF\xBF\xBD!");
    CU_ASSERT_EQUAL_FATAL(dec.nproblems, 4);
    CU_ASSERT_STRING_EQUAL(describe(&dec, 0), "invalid CP932 byte 0x80 at byte offset 0");
    CU_ASSERT_STRING_EQUAL(describe(&dec, 1), "invalid CP932 byte 0xA0 at byte offset 2");
    CU_ASSERT_STRING_EQUAL(describe(&dec, 2), "invalid CP932 byte 0xFD at byte offset 4");
    CU_ASSERT_STRING_EQUAL(describe(&dec, 3), "invalid CP932 byte 0x85 0x40 at byte offset 6");
    CU_ASSERT_EQUAL(dec.problems[3].text_offset, 12);   /* three U+FFFD of 3 bytes, x y z */
    encoding_decoded_free(&dec);

    /* A lead byte at the very end: the file was cut inside a character. */
    CU_ASSERT_EQUAL(DECODE("\x8E\x96\x82", NULL, &dec), HY_OK);
    CU_ASSERT_STRING_EQUAL(dec.text, "事\xEF\xBF\xBD");
    CU_ASSERT_EQUAL_FATAL(dec.nproblems, 1);
    CU_ASSERT_EQUAL(dec.problems[0].fault, ENCODING_TRUNCATED);
    CU_ASSERT_STRING_EQUAL(describe(&dec, 0),
                           "truncated CP932 character 0x82 at byte offset 2 (the file ends "
                           "inside it)");
    encoding_decoded_free(&dec);
}

static void test_cp932_gaiji_and_nul(void)
{
    hy_err err;
    hy_decoded dec;
    /* F0 40 is the first user-defined character; glibc would make it U+E000. */
    CU_ASSERT_EQUAL(DECODE("\x8E\x96\xF0\x40\xF9\xFC" "a\0b", "CP932", &dec), HY_OK);
    CU_ASSERT_STRING_EQUAL(dec.text, "事\xEF\xBF\xBD\xEF\xBF\xBD" "a\xEF\xBF\xBD" "b");
    CU_ASSERT_EQUAL_FATAL(dec.nproblems, 3);
    CU_ASSERT_EQUAL(dec.problems[0].fault, ENCODING_GAIJI);
    CU_ASSERT_STRING_EQUAL(describe(&dec, 0),
                           "user-defined character (外字) 0xF0 0x40 at byte offset 2: no font "
                           "has it; replace it with a standard character");
    CU_ASSERT_STRING_EQUAL(describe(&dec, 1),
                           "user-defined character (外字) 0xF9 0xFC at byte offset 4: no font "
                           "has it; replace it with a standard character");
    CU_ASSERT_STRING_EQUAL(describe(&dec, 2), "NUL byte at byte offset 7 (not text)");
    encoding_decoded_free(&dec);

    /* A NUL in otherwise valid UTF-8. */
    CU_ASSERT_EQUAL(DECODE("ab\0c", NULL, &dec), HY_OK);
    CU_ASSERT_EQUAL(dec.encoding, ENCODING_UTF8);
    CU_ASSERT_STRING_EQUAL(dec.text, "ab\xEF\xBF\xBD" "c");
    CU_ASSERT_EQUAL_FATAL(dec.nproblems, 1);
    CU_ASSERT_STRING_EQUAL(describe(&dec, 0), "NUL byte at byte offset 2 (not text)");
    encoding_decoded_free(&dec);
}

static void test_forced_utf8(void)
{
    hy_err err;
    hy_decoded dec;
    /* CP932 bytes read as UTF-8 because the user said so: every bad byte is
     * reported, with offsets counted from the start of the file (mark included). */
    CU_ASSERT_EQUAL(DECODE("\xEF\xBB\xBF" "ok,\xFF\x8E" "x,\xE4\xBA", "utf-8", &dec), HY_OK);
    CU_ASSERT_EQUAL(dec.encoding, ENCODING_UTF8);
    CU_ASSERT_STRING_EQUAL(dec.text, "ok,\xEF\xBF\xBD\xEF\xBF\xBDx,\xEF\xBF\xBD");
    CU_ASSERT_EQUAL_FATAL(dec.nproblems, 3);
    CU_ASSERT_STRING_EQUAL(describe(&dec, 0), "invalid UTF-8 byte 0xFF at byte offset 6");
    CU_ASSERT_STRING_EQUAL(describe(&dec, 1), "invalid UTF-8 byte 0x8E at byte offset 7");
    CU_ASSERT_STRING_EQUAL(describe(&dec, 2),
                           "truncated UTF-8 character 0xE4 at byte offset 10 (the file ends "
                           "inside it)");
    CU_ASSERT_EQUAL(dec.problems[1].text_offset, 6);
    encoding_decoded_free(&dec);

    /* A byte order mark wins over a forced CP932: it is proof. */
    CU_ASSERT_EQUAL(DECODE("\xEF\xBB\xBF" "髙", "CP932", &dec), HY_OK);
    CU_ASSERT_EQUAL(dec.encoding, ENCODING_UTF8);
    CU_ASSERT_EQUAL(dec.bom_overrode, 1);
    CU_ASSERT_NSTRING_EQUAL(dec.text, "髙", dec.len);
    encoding_decoded_free(&dec);
}

static void test_rejected(void)
{
    hy_err err;
    hy_decoded dec;
    err_clear(&err);
    CU_ASSERT_EQUAL(DECODE("\xFF\xFE" "a\0", NULL, &dec), HY_EDATA);
    CU_ASSERT_STRING_EQUAL(err.msg, "the file is UTF-16 text (byte order mark 0xFF 0xFE), "
                           "which hyoka does not read; save it as \"CSV UTF-8\" or \"CSV "
                           "(comma delimited)\"");
    encoding_decoded_free(&dec);
    CU_ASSERT_EQUAL(DECODE("\xFE\xFF\0a", "UTF-8", &dec), HY_EDATA);
    encoding_decoded_free(&dec);
    CU_ASSERT_EQUAL(DECODE("a\0b\0", NULL, &dec), HY_EDATA);
    CU_ASSERT_STRING_EQUAL(err.msg, "the file looks like UTF-16 text without a byte order "
                           "mark (a NUL byte at offset 1), which hyoka does not read; save "
                           "it as \"CSV UTF-8\" or \"CSV (comma delimited)\"");
    encoding_decoded_free(&dec);
    CU_ASSERT_EQUAL(DECODE("a", "EUC-JP", &dec), HY_EUSAGE);
    CU_ASSERT_STRING_EQUAL(err.msg, "unknown encoding \"EUC-JP\" (hyoka reads UTF-8 and CP932)");
    encoding_decoded_free(&dec);
}

int main(void)
{
    static const hy_test tests[] = {
        {"encoding names and aliases", test_names},
        {"UTF-8 detected, BOM stripped, read in place", test_detect_utf8},
        {"CP932 detected; --encoding settles look-alikes", test_detect_cp932},
        {"CP932 keeps ① ㈱ 髙 﨑 ～ \\ ~", test_cp932_characters},
        {"CP932 invalid and truncated bytes located", test_cp932_bad_bytes},
        {"CP932 外字 and NUL bytes are errors", test_cp932_gaiji_and_nul},
        {"forced UTF-8 reports bad bytes; BOM beats forced CP932", test_forced_utf8},
        {"UTF-16 and unknown encodings rejected", test_rejected},
        {NULL, NULL},
    };
    return test_main("encoding", tests);
}
