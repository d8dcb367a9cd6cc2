/* tests for normalize/value: every string of spec/domain.md section 3 and the
 * forms.md conventions, read as a number, an amount, a year, a date, a header
 * year, trimmed text or a matching key */
#include <stdio.h>
#include <string.h>

#include "normalize/value.h"
#include "testutil.h"

/* Each expectation reports the string it was about and what came back, so a
 * failure names the cell rather than a line of this file only. */
static void report(int ok, int line, const char *what)
{
    CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, what, __FILE__, "", CU_FALSE);
}

static const char *status_name(hy_value_status st)
{
    return st == HY_VALUE_OK ? "OK" : st == HY_VALUE_EMPTY ? "EMPTY" : "BAD";
}

/* ---- numbers ------------------------------------------------------------- */

static void expect_number(int line, const char *text, hy_value_status want, int64_t mantissa,
                          int scale, hy_unit unit, const char *unit_text, const char *why_want)
{
    hy_num n = num_of(12345, 3);   /* garbage the parser must overwrite */
    hy_unit u = HY_UNIT_OTHER;
    hy_buf ut = HY_BUF_INIT;
    char why[256] = "stale";
    hy_value_status st = value_number(text, &n, &u, &ut, why, sizeof why);
    int ok = st == want && u == unit && strcmp(buf_str(&ut), unit_text) == 0;
    if (want == HY_VALUE_OK)
        ok = ok && n.known == 1 && n.mantissa == mantissa && n.scale == scale && why[0] == '\0';
    else
        ok = ok && n.known == 0 && n.mantissa == 0;
    if (want == HY_VALUE_EMPTY)
        ok = ok && why[0] == '\0';
    if (want == HY_VALUE_BAD)
        ok = ok && (why_want ? strcmp(why, why_want) == 0 : why[0] != '\0');
    char msg[1024];
    snprintf(msg, sizeof msg,
             "value_number(\"%s\") = %s {%lld, %d, known %d} unit %d \"%s\" why \"%s\"",
             text ? text : "(null)", status_name(st), (long long)n.mantissa, n.scale, n.known,
             (int)u, buf_str(&ut), why);
    report(ok, line, msg);
    buf_free(&ut);
}

#define NUM(text, m, s, unit, ut) \
    expect_number(__LINE__, text, HY_VALUE_OK, m, s, unit, ut, NULL)
#define NUM_EMPTY(text, unit, ut) \
    expect_number(__LINE__, text, HY_VALUE_EMPTY, 0, 0, unit, ut, NULL)
#define NUM_BAD(text, why) \
    expect_number(__LINE__, text, HY_VALUE_BAD, 0, 0, HY_UNIT_NONE, "", why)

static void test_numbers(void)
{
    NUM("22,000", 22000, 0, HY_UNIT_NONE, "");
    NUM("２２，０００", 22000, 0, HY_UNIT_NONE, "");
    NUM("1.00", 100, 2, HY_UNIT_NONE, "");
    NUM("1", 1, 0, HY_UNIT_NONE, "");
    NUM("7,262", 7262, 0, HY_UNIT_NONE, "");
    NUM("29,262", 29262, 0, HY_UNIT_NONE, "");
    NUM("1234", 1234, 0, HY_UNIT_NONE, "");
    NUM("1,234,567", 1234567, 0, HY_UNIT_NONE, "");
    NUM("2,131,000", 2131000, 0, HY_UNIT_NONE, "");
    NUM("60,564", 60564, 0, HY_UNIT_NONE, "");
    NUM("+5", 5, 0, HY_UNIT_NONE, "");
    NUM("＋５", 5, 0, HY_UNIT_NONE, "");
    NUM("  22,000\t", 22000, 0, HY_UNIT_NONE, "");
    NUM("\xE3\x80\x80" "22,000" "\xE3\x80\x80", 22000, 0, HY_UNIT_NONE, "");
    NUM("１２３．５", 1235, 1, HY_UNIT_NONE, "");
    NUM("9223372036854775807", INT64_MAX, 0, HY_UNIT_NONE, "");
    NUM("0.000000001", 1, 9, HY_UNIT_NONE, "");
}

static void test_numbers_with_units(void)
{
    NUM("7,262千円", 7262, 0, HY_UNIT_THOUSAND_YEN, "千円");
    NUM("54,886,770円", 54886770, 0, HY_UNIT_YEN, "円");
    NUM("345万円", 345, 0, HY_UNIT_MAN_YEN, "万円");
    NUM("312千円", 312, 0, HY_UNIT_THOUSAND_YEN, "千円");
    NUM("1,728,120円", 1728120, 0, HY_UNIT_YEN, "円");
    NUM("1,728.12千円", 172812, 2, HY_UNIT_THOUSAND_YEN, "千円");
    NUM("79.9%", 799, 1, HY_UNIT_PERCENT, "%");
    NUM("75.85％", 7585, 2, HY_UNIT_PERCENT, "％");
    NUM("99.1％", 991, 1, HY_UNIT_PERCENT, "％");
    NUM("100%", 100, 0, HY_UNIT_PERCENT, "%");
    NUM("0.0%", 0, 1, HY_UNIT_PERCENT, "%");
    NUM("96.8%", 968, 1, HY_UNIT_PERCENT, "%");
    NUM("12.5 %", 125, 1, HY_UNIT_PERCENT, "%");
    NUM("1,199件", 1199, 0, HY_UNIT_OTHER, "件");
    NUM("968千t", 968, 0, HY_UNIT_OTHER, "千t");
    NUM("1,000人", 1000, 0, HY_UNIT_OTHER, "人");
    NUM("80,000件", 80000, 0, HY_UNIT_OTHER, "件");
    NUM("180事業", 180, 0, HY_UNIT_OTHER, "事業");
    NUM("30回", 30, 0, HY_UNIT_OTHER, "回");
    NUM("1,000 人", 1000, 0, HY_UNIT_OTHER, "人");
    NUM("￥１，０００", 1000, 0, HY_UNIT_YEN, "￥");
    NUM("¥1,000", 1000, 0, HY_UNIT_YEN, "¥");
}

static void test_numbers_negative(void)
{
    NUM("△1,234", -1234, 0, HY_UNIT_NONE, "");
    NUM("▲1,234", -1234, 0, HY_UNIT_NONE, "");
    NUM("△ 1,234", -1234, 0, HY_UNIT_NONE, "");
    NUM("▲\xE3\x80\x80" "1,234", -1234, 0, HY_UNIT_NONE, "");
    NUM("-1,234", -1234, 0, HY_UNIT_NONE, "");
    NUM("－１，２３４", -1234, 0, HY_UNIT_NONE, "");
    NUM("−1,234", -1234, 0, HY_UNIT_NONE, "");   /* U+2212, Shift_JIS's minus */
    NUM("‐5", -5, 0, HY_UNIT_NONE, "");          /* U+2010 */
    NUM("―5", -5, 0, HY_UNIT_NONE, "");          /* U+2015, CP932's dash, before a digit */
    NUM("ー５", -5, 0, HY_UNIT_NONE, "");        /* the minus key in kana mode */
    NUM("△5.5%", -55, 1, HY_UNIT_PERCENT, "%");
    NUM("△312千円", -312, 0, HY_UNIT_THOUSAND_YEN, "千円");
    NUM("-0", 0, 0, HY_UNIT_NONE, "");
    NUM("-9223372036854775807", -INT64_MAX, 0, HY_UNIT_NONE, "");
}

static void test_numbers_scientific(void)
{
    /* a workbook's number cell printed by %G */
    NUM("1E-05", 1, 5, HY_UNIT_NONE, "");
    NUM("1e-05", 1, 5, HY_UNIT_NONE, "");
    NUM("1.5E+3", 1500, 0, HY_UNIT_NONE, "");
    NUM("2.5E-3", 25, 4, HY_UNIT_NONE, "");
    NUM("1.50E-08", 15, 9, HY_UNIT_NONE, "");   /* trailing zeros were not typed */
    NUM("-1.5E+2", -150, 0, HY_UNIT_NONE, "");
    NUM("0E+00", 0, 0, HY_UNIT_NONE, "");
    NUM("0.0E-20", 0, 0, HY_UNIT_NONE, "");
    NUM("1.50E+00", 15, 1, HY_UNIT_NONE, "");
    NUM("10000000000000000000000E-10", 1000000000000, 0, HY_UNIT_NONE, "");
    NUM("1.5E+18", 1500000000000000000, 0, HY_UNIT_NONE, "");
    NUM_BAD("1.5E+20", "the number is too large, got \"1.5E+20\"");
    NUM_BAD("1E-16", "at most 15 decimal places can be kept, got \"1E-16\"");
    NUM_BAD("1E+999", "the number is too large, got \"1E+999\"");
    NUM_BAD("1,000E3", "expected a number such as 22,000, △1,234 or 79.9%, got \"1,000E3\"");
}

/* No value is not zero: every one of these is null, while "0" is a known 0. */
static void test_numbers_no_value(void)
{
    NUM_EMPTY("", HY_UNIT_NONE, "");
    NUM_EMPTY(NULL, HY_UNIT_NONE, "");
    NUM_EMPTY("   ", HY_UNIT_NONE, "");
    NUM_EMPTY("\xE3\x80\x80", HY_UNIT_NONE, "");
    NUM_EMPTY("\r\n", HY_UNIT_NONE, "");
    NUM_EMPTY("-", HY_UNIT_NONE, "");
    NUM_EMPTY("－", HY_UNIT_NONE, "");
    NUM_EMPTY("—", HY_UNIT_NONE, "");   /* U+2014 */
    NUM_EMPTY("―", HY_UNIT_NONE, "");   /* U+2015 */
    NUM_EMPTY("−", HY_UNIT_NONE, "");   /* U+2212 */
    NUM_EMPTY("ー", HY_UNIT_NONE, "");
    NUM_EMPTY("/", HY_UNIT_NONE, "");
    NUM_EMPTY("／", HY_UNIT_NONE, "");
    NUM_EMPTY("未集計", HY_UNIT_NONE, "");
    NUM_EMPTY("－－", HY_UNIT_NONE, "");
    NUM_EMPTY(" - ", HY_UNIT_NONE, "");
    NUM_EMPTY("%", HY_UNIT_PERCENT, "%");
    NUM_EMPTY("％", HY_UNIT_PERCENT, "％");
    NUM_EMPTY("円", HY_UNIT_YEN, "円");
    NUM_EMPTY("千円", HY_UNIT_THOUSAND_YEN, "千円");
    NUM_EMPTY("件", HY_UNIT_OTHER, "件");
    NUM_EMPTY("人", HY_UNIT_OTHER, "人");
    NUM_EMPTY("－%", HY_UNIT_PERCENT, "%");
    NUM_EMPTY("― 件", HY_UNIT_OTHER, "件");

    NUM("0", 0, 0, HY_UNIT_NONE, "");
    NUM("０", 0, 0, HY_UNIT_NONE, "");
    NUM("0.0", 0, 1, HY_UNIT_NONE, "");
    NUM("0件", 0, 0, HY_UNIT_OTHER, "件");
    NUM("0%", 0, 0, HY_UNIT_PERCENT, "%");

    CU_ASSERT_EQUAL(value_is_none(NULL), 1);
    CU_ASSERT_EQUAL(value_is_none(""), 1);
    CU_ASSERT_EQUAL(value_is_none("- -"), 1);
    CU_ASSERT_EQUAL(value_is_none("未集計"), 1);
    CU_ASSERT_EQUAL(value_is_none("０"), 0);
    CU_ASSERT_EQUAL(value_is_none("0"), 0);
    CU_ASSERT_EQUAL(value_is_none("%"), 0);        /* a bare unit is none only for figures */
    CU_ASSERT_EQUAL(value_is_none("未集計です"), 0);
    CU_ASSERT_EQUAL(value_is_none("-1"), 0);
}

static void test_numbers_bad(void)
{
    NUM_BAD("abc", "expected a number such as 22,000, △1,234 or 79.9%, got \"abc\"");
    NUM_BAD("①", "expected a number such as 22,000, △1,234 or 79.9%, got \"①\"");
    NUM_BAD("①②", NULL);
    NUM_BAD("1②", NULL);
    NUM_BAD("㍻", NULL);
    NUM_BAD("1,23", "the commas must split the digits in threes, as in 1,234,567 (or write "
                    "1234567), got \"1,23\"");
    NUM_BAD("12,34,567", "the commas must split the digits in threes, as in 1,234,567 (or write "
                         "1234567), got \"12,34,567\"");
    NUM_BAD("1234,567", NULL);
    NUM_BAD("1,2345", NULL);
    NUM_BAD("1,234,5678", NULL);
    NUM_BAD("0,123", NULL);
    NUM_BAD("1,23千円", "the commas must split the digits in threes, as in 1,234,567 (or write "
                      "1234567), got \"1,23千円\"");
    NUM_BAD("1,", NULL);
    NUM_BAD(",123", NULL);
    NUM_BAD("1,,000", NULL);
    NUM_BAD("1.2.3", NULL);
    NUM_BAD("5.", NULL);
    NUM_BAD(".5", NULL);
    NUM_BAD("1.000,5", NULL);
    NUM_BAD("1 234", NULL);
    NUM_BAD("12 11 01", NULL);
    NUM_BAD("5-6", NULL);
    NUM_BAD("--5", NULL);
    NUM_BAD("△-5", NULL);
    NUM_BAD("1,234-", NULL);
    NUM_BAD("約100人", NULL);
    NUM_BAD("新規2社 (累計10社)", NULL);
    NUM_BAD("¥1,000円", NULL);
    NUM_BAD("12\n34", "expected a number such as 22,000, △1,234 or 79.9%, got \"12 34\"");
    NUM_BAD("\xff" "12", "expected a number such as 22,000, △1,234 or 79.9%, got \"\xEF\xBF\xBD" "12\"");
    NUM_BAD("9223372036854775808", "the number is too large, got \"9223372036854775808\"");
    NUM_BAD("99,999,999,999,999,999,999", "the number is too large, got \"99,999,999,999,999,999,999\"");
    NUM_BAD("922337203685477580.8", "the number is too large, got \"922337203685477580.8\"");
    NUM_BAD("0.1234567890123456", "at most 15 decimal places can be kept, got \"0.1234567890123456\"");
    NUM_BAD("これは数値ではなく説明の文章です。四十文字を超えると途中で切られて、最後に省略記号が付きます。",
            "expected a number such as 22,000, △1,234 or 79.9%, got "
            "\"これは数値ではなく説明の文章です。四十文字を超えると途中で切られて、最後に省略記…\"");

    /* the why may be left out, or be short; it is cut at a character boundary */
    hy_num n;
    CU_ASSERT_EQUAL(value_number("abc", &n, NULL, NULL, NULL, 0), HY_VALUE_BAD);
    char small[12];
    CU_ASSERT_EQUAL(value_number("abc", &n, NULL, NULL, small, sizeof small), HY_VALUE_BAD);
    CU_ASSERT_STRING_EQUAL(small, "expected a ");
}

static void test_why(void)
{
    char why[64];
    value_why(why, sizeof why, "期待", "  x\r\ny  ");
    CU_ASSERT_STRING_EQUAL(why, "期待, got \"x  y\"");
    value_why(why, 8, "期待", "x");    /* 7 bytes fit: "期待," */
    CU_ASSERT_STRING_EQUAL(why, "期待,");
    value_why(why, 5, "期待", "x");    /* 4 bytes fit, but 待 is 3: only 期 */
    CU_ASSERT_STRING_EQUAL(why, "期");
    value_why(why, 16, "期待", "あいうえお");   /* no room for あ: no closing quote either */
    CU_ASSERT_STRING_EQUAL(why, "期待, got \"");
    value_why(why, 1, "期待", "x");
    CU_ASSERT_STRING_EQUAL(why, "");
    value_why(why, sizeof why, "e", NULL);
    CU_ASSERT_STRING_EQUAL(why, "e, got \"\"");
    value_why(NULL, 0, "e", "x");      /* nothing to write to: no crash, nothing written */
}

/* ---- amounts ------------------------------------------------------------- */

static void expect_amount(int line, const char *text, int64_t unit, hy_value_status want,
                          int64_t yen, const char *why_want)
{
    hy_amount a = amount_of(777);
    char why[256] = "stale";
    hy_value_status st = value_amount(text, unit, &a, why, sizeof why);
    int ok = st == want;
    if (want == HY_VALUE_OK)
        ok = ok && a.known == 1 && a.yen == yen && why[0] == '\0';
    else
        ok = ok && a.known == 0 && a.yen == 0;
    if (want == HY_VALUE_EMPTY)
        ok = ok && why[0] == '\0';
    if (want == HY_VALUE_BAD)
        ok = ok && (why_want ? strcmp(why, why_want) == 0 : why[0] != '\0');
    char msg[1024];
    snprintf(msg, sizeof msg, "value_amount(\"%s\", %lld) = %s {%lld yen, known %d} why \"%s\"",
             text ? text : "(null)", (long long)unit, status_name(st), (long long)a.yen, a.known,
             why);
    report(ok, line, msg);
}

#define AMOUNT(text, unit, yen) expect_amount(__LINE__, text, unit, HY_VALUE_OK, yen, NULL)
#define AMOUNT_EMPTY(text, unit) expect_amount(__LINE__, text, unit, HY_VALUE_EMPTY, 0, NULL)
#define AMOUNT_BAD(text, unit, why) expect_amount(__LINE__, text, unit, HY_VALUE_BAD, 0, why)

/* Amounts finer than the yen are rounded half-up, and say so; exact ones
 * are untouched. */
static void test_amounts_to_yen(void)
{
    static const struct { const char *text; int64_t unit, yen; int rounded; } CASES[] = {
        {"2741.0625", 1000, 2741063, 1},      /* 2,741,062.5 yen */
        {"2741.0624", 1000, 2741062, 1},
        {"-2741.0625", 1000, -2741063, 1},    /* half away from zero, as Excel's ROUND */
        {"0.5円", 1000, 1, 1},
        {"23456.8", 1000, 23456800, 0},
        {"1,728.12千円", 1, 1728120, 0},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        hy_amount a = amount_null();
        int rounded = -1;
        char why[256];
        CU_ASSERT_EQUAL(value_amount_to_yen(CASES[i].text, CASES[i].unit, &a, &rounded, why,
                                            sizeof why), HY_VALUE_OK);
        CU_ASSERT_EQUAL(a.yen, CASES[i].yen);
        CU_ASSERT_EQUAL(rounded, CASES[i].rounded);
    }
    hy_amount a;
    int rounded;
    char why[256];
    CU_ASSERT_EQUAL(value_amount_to_yen("abc", 1000, &a, &rounded, why, sizeof why), HY_VALUE_BAD);
    CU_ASSERT_EQUAL(rounded, 0);
}

static void test_amounts(void)
{
    AMOUNT("22,000", 1000, 22000000);          /* a 千円 table */
    AMOUNT("２２，０００", 1000, 22000000);
    AMOUNT("22,000", 1, 22000);                /* a 円 column */
    AMOUNT("7,262千円", 1, 7262000);           /* the cell's unit overrides */
    AMOUNT("7,262千円", 1000, 7262000);
    AMOUNT("54,886,770円", 1000, 54886770);
    AMOUNT("345万円", 1, 3450000);
    AMOUNT("1,728.12千円", 1, 1728120);
    AMOUNT("1,728,120円", 1000, 1728120);
    AMOUNT("1.5", 1000, 1500);
    AMOUNT("△1,234", 1000, -1234000);
    AMOUNT("▲1,234", 1, -1234);
    AMOUNT("3百万円", 1, 3000000);
    AMOUNT("1.5億円", 1, 150000000);
    AMOUNT("5", 0, 5);                          /* no sensible default: yen */
    AMOUNT("0", 1000, 0);
    AMOUNT("9,223,372,036,854,775千円", 1, 9223372036854775000);

    AMOUNT_EMPTY("", 1000);
    AMOUNT_EMPTY(NULL, 1000);
    AMOUNT_EMPTY("―", 1000);
    AMOUNT_EMPTY("-", 1000);
    AMOUNT_EMPTY("未集計", 1000);
    AMOUNT_EMPTY("円", 1000);
    AMOUNT_EMPTY("千円", 1000);

    AMOUNT_BAD("0.5円", 1000, "an amount must come to whole yen, got \"0.5円\"");
    AMOUNT_BAD("0.0005", 1000, "an amount must come to whole yen, got \"0.0005\"");
    AMOUNT_BAD("79.9%", 1000, "a percentage is not an amount of money, got \"79.9%\"");
    AMOUNT_BAD("1,199件", 1000, "expected an amount in 円, 千円 or 万円, got \"1,199件\"");
    AMOUNT_BAD("abc", 1000,
               "expected an amount of money such as 22,000, 7,262千円 or 54,886,770円, got \"abc\"");
    AMOUNT_BAD("1,23", 1000, "the commas must split the digits in threes, as in 1,234,567 (or "
                             "write 1234567), got \"1,23\"");
    AMOUNT_BAD("9223372036854775807", 1000,
               "the amount is too large, got \"9223372036854775807\"");
    AMOUNT_BAD("99999999999999999999", 1, "the number is too large, got \"99999999999999999999\"");
    /* a bare unit is a blank figure, but one that is not money is in the wrong column */
    AMOUNT_BAD("%", 1000, "a percentage is not an amount of money, got \"%\"");
    AMOUNT_BAD("件", 1000, "expected an amount in 円, 千円 or 万円, got \"件\"");
    AMOUNT_EMPTY("百万円", 1000);
}

/* ---- years --------------------------------------------------------------- */

static void expect_year(int line, const char *text, hy_value_status want, int year,
                        const char *why_want)
{
    int y = -1;
    char why[256] = "stale";
    hy_value_status st = value_fiscal_year(text, &y, why, sizeof why);
    int ok = st == want && y == (want == HY_VALUE_OK ? year : 0);
    if (want == HY_VALUE_BAD)
        ok = ok && (why_want ? strcmp(why, why_want) == 0 : why[0] != '\0');
    else
        ok = ok && why[0] == '\0';
    char msg[1024];
    snprintf(msg, sizeof msg, "value_fiscal_year(\"%s\") = %s %d why \"%s\"",
             text ? text : "(null)", status_name(st), y, why);
    report(ok, line, msg);
}

#define YEAR(text, y) expect_year(__LINE__, text, HY_VALUE_OK, y, NULL)
#define YEAR_EMPTY(text) expect_year(__LINE__, text, HY_VALUE_EMPTY, 0, NULL)
#define YEAR_BAD(text, why) expect_year(__LINE__, text, HY_VALUE_BAD, 0, why)

static void test_fiscal_years(void)
{
    YEAR("R6", 2024);
    YEAR("令和6年度", 2024);
    YEAR("令和元年度", 2019);
    YEAR("R元", 2019);
    YEAR("H28", 2016);
    YEAR("平成31年度", 2019);
    YEAR("昭和47年度", 1972);
    YEAR("2024", 2024);
    YEAR("2024年度", 2024);
    YEAR("令和６年度", 2024);
    YEAR("H34", 2022);
    YEAR("平成42年", 2030);
    YEAR("H31", 2019);
    YEAR("R3年度", 2021);
    YEAR("Ｒ６", 2024);
    YEAR("FY2024", 2024);
    YEAR("ＦＹ２０２４", 2024);
    YEAR("fy 2024年度", 2024);
    YEAR("r6", 2024);
    YEAR("h28", 2016);
    YEAR("令和 6 年度", 2024);
    YEAR("令和\xE3\x80\x80" "6\xE3\x80\x80" "年度", 2024);
    YEAR("R 6", 2024);
    YEAR("  R6  ", 2024);
    YEAR("R2", 2020);
    YEAR("R7", 2025);
    YEAR("H23", 2011);
    YEAR("H26", 2014);
    YEAR("H40", 2028);
    YEAR("平成29年度", 2017);
    YEAR("平成32年度", 2020);
    YEAR("令和元年", 2019);
    YEAR("令和6", 2024);
    YEAR("R6年", 2024);
    YEAR("昭和 55年", 1980);
    YEAR("S47", 1972);
    YEAR("s64", 1989);
    YEAR("大正10年", 1921);
    YEAR("T15", 1926);
    YEAR("明治45年", 1912);
    YEAR("㍻31", 2019);
    YEAR("㋿元年度", 2019);
    YEAR("H30年度末", 2018);            /* the end of a fiscal year is in it */
}

/* 平成31年度 and 令和元年度 are one fiscal year; years past an era's end count on. */
static void test_era_boundaries(void)
{
    int a, b, c;
    CU_ASSERT_EQUAL(value_fiscal_year("平成31年度", &a, NULL, 0), HY_VALUE_OK);
    CU_ASSERT_EQUAL(value_fiscal_year("令和元年度", &b, NULL, 0), HY_VALUE_OK);
    CU_ASSERT_EQUAL(value_fiscal_year("H31", &c, NULL, 0), HY_VALUE_OK);
    CU_ASSERT_EQUAL(a, 2019);
    CU_ASSERT_EQUAL(a, b);
    CU_ASSERT_EQUAL(b, c);
    YEAR("平成30年度", 2018);
    YEAR("令和2年度", 2020);
    YEAR("昭和64年", 1989);
    YEAR("平成元年度", 1989);
    YEAR("大正15年", 1926);
    YEAR("昭和元年", 1926);
    YEAR("平成99年", 2087);
}

/* A date given where a fiscal year is wanted counts in the year it falls in. */
static void test_fiscal_years_from_dates(void)
{
    YEAR("令和6年7月", 2024);
    YEAR("令和６年7月", 2024);
    YEAR("平成31年3月12日", 2018);
    YEAR("平成31年4月1日", 2019);
    YEAR("令和元年7月24日（水）", 2019);
    YEAR("H29.3", 2016);
    YEAR("H23. 7. 1", 2011);
    YEAR("2024-03-31", 2023);
    YEAR("2024/4/1", 2024);
    YEAR("2025年1月", 2024);
    YEAR("平成 22年 5月 7日", 2010);
}

static void test_fiscal_years_bad(void)
{
    YEAR_EMPTY("");
    YEAR_EMPTY(NULL);
    YEAR_EMPTY("　");
    YEAR_EMPTY("―");
    YEAR_EMPTY("-");

    YEAR_BAD("abc", "expected a year such as 令和6年度, R6 or 2024, got \"abc\"");
    YEAR_BAD("R0", "expected a year such as 令和6年度, R6 or 2024, got \"R0\"");
    YEAR_BAD("R100", NULL);
    YEAR_BAD("令和", NULL);
    YEAR_BAD("H", NULL);
    YEAR_BAD("24", NULL);
    YEAR_BAD("12024", NULL);
    YEAR_BAD("9999", NULL);
    YEAR_BAD("Rate", NULL);
    YEAR_BAD("令和6年度7月", NULL);
    YEAR_BAD("①", NULL);
    YEAR_BAD("M45", NULL);
    YEAR_BAD("2024年13月", "a month runs from 1 to 12, got \"2024年13月\"");
    YEAR_BAD("令和6年2月30日", "month 2 of 2024 has no day 30, got \"令和6年2月30日\"");
}

/* ---- dates --------------------------------------------------------------- */

static void expect_date(int line, const char *text, hy_value_status want, int y, int m, int d,
                        const char *why_want)
{
    hy_date out = {-1, -1, -1};
    char why[256] = "stale";
    hy_value_status st = value_date(text, &out, why, sizeof why);
    int ok = st == want;
    if (want == HY_VALUE_OK)
        ok = ok && out.year == y && out.month == m && out.day == d && why[0] == '\0';
    else
        ok = ok && out.year == 0 && out.month == 0 && out.day == 0;
    if (want == HY_VALUE_BAD)
        ok = ok && (why_want ? strcmp(why, why_want) == 0 : why[0] != '\0');
    char msg[1024];
    snprintf(msg, sizeof msg, "value_date(\"%s\") = %s %d-%d-%d why \"%s\"",
             text ? text : "(null)", status_name(st), out.year, out.month, out.day, why);
    report(ok, line, msg);
}

#define DATE(text, y, m, d) expect_date(__LINE__, text, HY_VALUE_OK, y, m, d, NULL)
#define DATE_BAD(text, why) expect_date(__LINE__, text, HY_VALUE_BAD, 0, 0, 0, why)

static void test_dates(void)
{
    DATE("令和６年7月", 2024, 7, 0);
    DATE("令和6年7月", 2024, 7, 0);
    DATE("令和元年7月24日（水）", 2019, 7, 24);
    DATE("令和元年7月24日(水曜日)", 2019, 7, 24);
    DATE("平成31年3月12日", 2019, 3, 12);
    DATE("平成 22年 5月 7日", 2010, 5, 7);
    DATE("平成22年6月17日", 2010, 6, 17);
    DATE("昭和 55年", 1980, 0, 0);
    DATE("H29.3", 2017, 3, 0);
    DATE("H23. 7. 1", 2011, 7, 1);
    DATE("Ｈ２３．７．１", 2011, 7, 1);
    DATE("2024-07-01", 2024, 7, 1);
    DATE("2024/7/1", 2024, 7, 1);
    DATE("2024.7.1", 2024, 7, 1);
    DATE("2024年7月1日", 2024, 7, 1);
    DATE("2024年7月1日（月）", 2024, 7, 1);
    DATE("2024-07", 2024, 7, 0);
    DATE("2024", 2024, 0, 0);
    DATE("2024/2/29", 2024, 2, 29);     /* leap year */
    DATE("2000/2/29", 2000, 2, 29);     /* divisible by 400 */
    DATE("R6.12.31", 2024, 12, 31);
    DATE("R6/7/1", 2024, 7, 1);
    DATE("H31-4-30", 2019, 4, 30);

    expect_date(__LINE__, "", HY_VALUE_EMPTY, 0, 0, 0, NULL);
    expect_date(__LINE__, "―", HY_VALUE_EMPTY, 0, 0, 0, NULL);

    DATE_BAD("2023/2/29", "month 2 of 2023 has no day 29, got \"2023/2/29\"");
    DATE_BAD("1900/2/29", "month 2 of 1900 has no day 29, got \"1900/2/29\"");
    DATE_BAD("2024/4/31", "month 4 of 2024 has no day 31, got \"2024/4/31\"");
    DATE_BAD("2024/7/0", "month 7 of 2024 has no day 0, got \"2024/7/0\"");
    DATE_BAD("2024-13-01", "a month runs from 1 to 12, got \"2024-13-01\"");
    DATE_BAD("令和6年0月", "a month runs from 1 to 12, got \"令和6年0月\"");
    DATE_BAD("令和元年7月24日（木）",
             "the weekday does not match: 2019-07-24 is a 水曜日, got \"令和元年7月24日（木）\"");
    DATE_BAD("令和6年度", "expected a date, not a fiscal year (年度), got \"令和6年度\"");
    DATE_BAD("FY2024", "expected a date, not a fiscal year (年度), got \"FY2024\"");
    DATE_BAD("abc", "expected a date such as 令和6年7月1日, R6.7.1 or 2024-07-01, got \"abc\"");
    DATE_BAD("2024-07/01", NULL);
    DATE_BAD("令和6年7", NULL);
    DATE_BAD("令和6年7月1日（予定）", NULL);
    DATE_BAD("H29.", NULL);
    DATE_BAD("2024/7/1/2", NULL);
    DATE_BAD("R6/7.1", NULL);
    DATE_BAD("令和6年度末", "expected a date, not a fiscal year (年度), got \"令和6年度末\"");

    CU_ASSERT_EQUAL(date_fiscal_year((hy_date){2019, 3, 31}), 2018);
    CU_ASSERT_EQUAL(date_fiscal_year((hy_date){2019, 4, 1}), 2019);
    CU_ASSERT_EQUAL(date_fiscal_year((hy_date){2025, 1, 1}), 2024);
    CU_ASSERT_EQUAL(date_fiscal_year((hy_date){2024, 12, 31}), 2024);
    CU_ASSERT_EQUAL(date_fiscal_year((hy_date){1980, 0, 0}), 1980);
}

/* ---- years in headers ---------------------------------------------------- */

static void expect_header(int line, const char *header, int want_found, int year,
                          const char *rest_want)
{
    int y = -1;
    hy_buf rest = HY_BUF_INIT;
    buf_puts(&rest, "stale");
    int found = value_header_year(header, &y, &rest);
    int ok = found == want_found && y == year && strcmp(buf_str(&rest), rest_want) == 0;
    char msg[1024];
    snprintf(msg, sizeof msg, "value_header_year(\"%s\") = %d, %d, rest \"%s\"", header, found, y,
             buf_str(&rest));
    report(ok, line, msg);
    buf_free(&rest);
}

#define HEADER(h, y, rest) expect_header(__LINE__, h, 1, y, rest)
#define NO_YEAR(h) expect_header(__LINE__, h, 0, 0, h)

static void test_header_years(void)
{
    HEADER("基準値(H26)", 2014, "基準値");
    HEADER("H27実績値", 2015, "実績値");
    HEADER("目標値（R7）", 2025, "目標値");
    HEADER("R3当初予算", 2021, "当初予算");
    HEADER("令和2年度決算", 2020, "決算");
    HEADER("R2決算", 2020, "決算");
    HEADER("R3決算見込", 2021, "決算見込");
    HEADER("R4当初予算", 2022, "当初予算");
    HEADER("実績 R2", 2020, "実績");
    HEADER("目標値 R5", 2023, "目標値");
    HEADER("人工 (R3年度)", 2021, "人工");
    HEADER("H28年度", 2016, "");
    HEADER("基準値(R2)", 2020, "基準値");
    HEADER("実績値(R5)", 2023, "実績値");
    HEADER("目標値(R7)", 2025, "目標値");
    HEADER("目標値（R2）", 2020, "目標値");
    HEADER("計画値（R5）", 2023, "計画値");
    HEADER("H34目標値", 2022, "目標値");
    HEADER("H40目標値", 2028, "目標値");
    HEADER("平成32年度", 2020, "");
    HEADER("R元", 2019, "");
    HEADER("R元実績", 2019, "実績");
    HEADER("令和 2年度 決算", 2020, "決算");
    HEADER("実績 R2 値", 2020, "実績 値");
    HEADER("実績\xE3\x80\x80R2\xE3\x80\x80値", 2020, "実績\xE3\x80\x80値");
    HEADER("目標値【R7】", 2025, "目標値");
    HEADER("目標値（Ｒ７）", 2025, "目標値");
    HEADER("目標値( R7 )", 2025, "目標値");
    HEADER("目標値（R7年度末）", 2025, "目標値");
    HEADER("登録件数 H28年度末", 2016, "登録件数");
    HEADER("2024年度実績", 2024, "実績");
    HEADER("FY2024予算", 2024, "予算");
    HEADER("  r3決算  ", 2021, "決算");
    HEADER("R3年度は何をどれだけしたか (利用者数・件数等)", 2021,
           "は何をどれだけしたか (利用者数・件数等)");
    HEADER("平成30年度事業費 (単位:円)", 2018, "事業費 (単位:円)");

    NO_YEAR("事業費");
    NO_YEAR("R&D費");
    NO_YEAR("Rate");
    NO_YEAR("HP閲覧数");
    NO_YEAR("H2O");
    NO_YEAR("R2D2");
    NO_YEAR("HR3");
    NO_YEAR("施策KPI");
    NO_YEAR("事業No.");
    NO_YEAR("事業費2024");
    NO_YEAR("H29.3改訂");
    NO_YEAR("令和");
    NO_YEAR("第2期");
    NO_YEAR("R0実績");
    expect_header(__LINE__, "  事業費\xE3\x80\x80", 0, 0, "事業費");

    int y;
    CU_ASSERT_EQUAL(value_header_year("R3当初予算", &y, NULL), 1);
    CU_ASSERT_EQUAL(y, 2021);
    CU_ASSERT_EQUAL(value_header_year(NULL, &y, NULL), 0);
    CU_ASSERT_EQUAL(y, 0);

    /* the year as the header writes it, for reports that print it so (H31, never R元) */
    static const struct { const char *header, *label; int year; } L[] = {
        {"目標値(H31)", "H31", 2019}, {"H27実績値", "H27", 2015}, {"基準値（R元）", "R元", 2019},
        {"令和2年度決算", "令和2年度", 2020}, {"実績値 Ｈ２８", "Ｈ２８", 2016},
    };
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++) {
        hy_buf label = HY_BUF_INIT, rest = HY_BUF_INIT;
        CU_ASSERT_EQUAL(value_header_year_label(L[i].header, &y, &rest, &label), 1);
        CU_ASSERT_EQUAL(y, L[i].year);
        CU_ASSERT_STRING_EQUAL(buf_str(&label), L[i].label);
        buf_free(&label);
        buf_free(&rest);
    }
}

/* ---- text ---------------------------------------------------------------- */

static void test_trim(void)
{
    hy_buf b = HY_BUF_INIT;
    CU_ASSERT_STRING_EQUAL(value_trim("  abc  ", &b), "abc");
    CU_ASSERT_STRING_EQUAL(value_trim("\xE3\x80\x80" "abc" "\xE3\x80\x80", &b), "abc");
    CU_ASSERT_STRING_EQUAL(value_trim("\r\n abc\r\ndef\rghi\n\t", &b), "abc\ndef\nghi");
    CU_ASSERT_STRING_EQUAL(value_trim("a\r\n\r\nb", &b), "a\n\nb");
    CU_ASSERT_STRING_EQUAL(value_trim("a\r\rb", &b), "a\n\nb");
    CU_ASSERT_STRING_EQUAL(value_trim("事業\xE3\x80\x80名", &b), "事業\xE3\x80\x80名");
    CU_ASSERT_STRING_EQUAL(value_trim("①は①のまま", &b), "①は①のまま");
    CU_ASSERT_STRING_EQUAL(value_trim("", &b), "");
    CU_ASSERT_STRING_EQUAL(value_trim("\xE3\x80\x80 \t", &b), "");
    CU_ASSERT_STRING_EQUAL(value_trim(NULL, &b), "");
    CU_ASSERT_EQUAL(b.len, 0);
    buf_free(&b);
}

static void expect_key(int line, const char *a, const char *b, int equal)
{
    hy_buf ka = HY_BUF_INIT, kb = HY_BUF_INIT;
    int ra = value_fold_key(a, &ka), rb = value_fold_key(b, &kb);
    int ok = ra == 0 && rb == 0 && (strcmp(buf_str(&ka), buf_str(&kb)) == 0) == equal;
    char msg[512];
    snprintf(msg, sizeof msg, "fold_key(\"%s\") = \"%s\" %s fold_key(\"%s\") = \"%s\"", a,
             buf_str(&ka), equal ? "==" : "!=", b, buf_str(&kb));
    report(ok, line, msg);
    buf_free(&ka);
    buf_free(&kb);
}

#define SAME_KEY(a, b) expect_key(__LINE__, a, b, 1)
#define OTHER_KEY(a, b) expect_key(__LINE__, a, b, 0)

static void test_fold_key(void)
{
    SAME_KEY("事業 名", "事業名");
    SAME_KEY("事業\xE3\x80\x80名", "事業名");
    SAME_KEY(" 事業名\r\n", "事業名");
    SAME_KEY("ＮＯ．", "no.");
    SAME_KEY("事業No.", "事業ｎｏ．");
    SAME_KEY("目標値（R7）", "目標値(r7)");
    SAME_KEY("〜", "～");       /* U+301C (Shift_JIS) and U+FF5E (CP932) */
    SAME_KEY("〜", "~");
    SAME_KEY("−", "－");        /* U+2212 and U+FF0D */
    SAME_KEY("−", "-");
    SAME_KEY("—", "―");        /* U+2014 and U+2015 */
    SAME_KEY("‖", "∥");
    SAME_KEY("ｶﾀｶﾅ", "カタカナ");
    SAME_KEY("ﾊﾟﾋﾞﾌﾟ", "パビプ");
    SAME_KEY("ＡＢＣ", "abc");
    SAME_KEY("12 11 01", "121101");
    SAME_KEY("事業\xE2\x80\x8B" "コード", "事業コード");   /* an invisible zero-width space */

    OTHER_KEY("事業名", "事業費");
    OTHER_KEY("髙橋", "高橋");    /* 髙 survives NFKC: a different name */
    OTHER_KEY("【R7】", "(R7)");
    OTHER_KEY("—", "-");          /* a dash is not a hyphen */
    OTHER_KEY("1—③—3", "1-③-3");

    hy_buf k = HY_BUF_INIT;
    CU_ASSERT_EQUAL(value_fold_key("ＮＯ．", &k), 0);
    CU_ASSERT_STRING_EQUAL(buf_str(&k), "no.");
    CU_ASSERT_EQUAL(value_fold_key("目標値（R7）", &k), 0);
    CU_ASSERT_STRING_EQUAL(buf_str(&k), "目標値(r7)");
    CU_ASSERT_EQUAL(value_fold_key("【地域創生室】", &k), 0);
    CU_ASSERT_STRING_EQUAL(buf_str(&k), "【地域創生室】");
    /* keys only: NFKC reads ① as 1 and ㈱ as (株); numbers never take this fold */
    CU_ASSERT_EQUAL(value_fold_key("①", &k), 0);
    CU_ASSERT_STRING_EQUAL(buf_str(&k), "1");
    CU_ASSERT_EQUAL(value_fold_key("㈱", &k), 0);
    CU_ASSERT_STRING_EQUAL(buf_str(&k), "(株)");
    CU_ASSERT_EQUAL(value_fold_key("", &k), 0);
    CU_ASSERT_STRING_EQUAL(buf_str(&k), "");
    CU_ASSERT_EQUAL(value_fold_key(NULL, &k), 0);
    CU_ASSERT_STRING_EQUAL(buf_str(&k), "");
    CU_ASSERT_EQUAL(value_fold_key("\xff\xfe", &k), -1);
    CU_ASSERT_STRING_EQUAL(buf_str(&k), "");
    CU_ASSERT_EQUAL(value_fold_key("ok\xe3\x81", &k), -1);   /* cut inside a kanji */
    buf_free(&k);

    hy_num n;
    CU_ASSERT_EQUAL(value_number("①", &n, NULL, NULL, NULL, 0), HY_VALUE_BAD);
    CU_ASSERT_EQUAL(n.known, 0);
}

int main(void)
{
    static const hy_test tests[] = {
        {"numbers", test_numbers},
        {"numbers with units", test_numbers_with_units},
        {"negative numbers (△ ▲ - －)", test_numbers_negative},
        {"scientific notation from workbooks", test_numbers_scientific},
        {"no value is not zero", test_numbers_no_value},
        {"bad numbers and their messages", test_numbers_bad},
        {"why: quoting and cutting", test_why},
        {"amounts in yen", test_amounts},
        {"amounts finer than the yen, rounded", test_amounts_to_yen},
        {"fiscal years", test_fiscal_years},
        {"era boundaries", test_era_boundaries},
        {"fiscal years of dates", test_fiscal_years_from_dates},
        {"bad fiscal years", test_fiscal_years_bad},
        {"dates", test_dates},
        {"years in headers", test_header_years},
        {"trim", test_trim},
        {"fold key", test_fold_key},
        {NULL, NULL},
    };
    return test_main("value", tests);
}
