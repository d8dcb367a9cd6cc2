/* tests for ingest/cellfmt: number text, Excel serial dates, date formats */
#include <math.h>
#include <string.h>

#include "ingest/cellfmt.h"
#include "testutil.h"

static const char *number(double x)
{
    static char out[CELLFMT_NUMBER_MAX];
    if (cellfmt_number(x, out) == 0)
        return "(none)";
    return out;
}

static void test_numbers(void)
{
    CU_ASSERT_STRING_EQUAL(number(22000), "22000");
    CU_ASSERT_STRING_EQUAL(number(1.0), "1");
    CU_ASSERT_STRING_EQUAL(number(0.1), "0.1");
    CU_ASSERT_STRING_EQUAL(number(1234.5), "1234.5");
    CU_ASSERT_STRING_EQUAL(number(-1234567.25), "-1234567.25");
    CU_ASSERT_STRING_EQUAL(number(0.0), "0");
    CU_ASSERT_STRING_EQUAL(number(-0.0), "0");
    CU_ASSERT_STRING_EQUAL(number(7262000), "7262000");
    CU_ASSERT_STRING_EQUAL(number(0.799), "0.799");
    /* Never exponent notation: the normalize stage reads one plain form. */
    CU_ASSERT_STRING_EQUAL(number(1e-5), "0.00001");
    CU_ASSERT_STRING_EQUAL(number(1.5e-7), "0.00000015");
    CU_ASSERT_STRING_EQUAL(number(1e20), "100000000000000000000");
    CU_ASSERT_STRING_EQUAL(number(123456789012345678.0), "123456789012346000");
    /* 15 significant digits, as Excel shows them: its floating-point residue
     * is gone, a computed ratio keeps 15 digits. */
    CU_ASSERT_STRING_EQUAL(number(0.1 + 0.2), "0.3");
    CU_ASSERT_STRING_EQUAL(number(23456.79999999999), "23456.8");
    CU_ASSERT_STRING_EQUAL(number(2741.0625), "2741.0625");
    CU_ASSERT_STRING_EQUAL(number(81.86119873817034), "81.8611987381703");
    CU_ASSERT_STRING_EQUAL(number(1.0 / 3.0), "0.333333333333333");
    CU_ASSERT_STRING_EQUAL(number(2.0 / 3.0), "0.666666666666667");
    CU_ASSERT_STRING_EQUAL(number(100.0 / 7.0), "14.2857142857143");
    CU_ASSERT_STRING_EQUAL(number(9007199254740993.0), "9007199254740990");
    CU_ASSERT_STRING_EQUAL(number(INFINITY), "(none)");
    CU_ASSERT_STRING_EQUAL(number(NAN), "(none)");
    /* The extremes fit the buffer. */
    char out[CELLFMT_NUMBER_MAX];
    CU_ASSERT(cellfmt_number(-1.7976931348623157e308, out) < CELLFMT_NUMBER_MAX);
    CU_ASSERT_EQUAL(strlen(out), 310);
    CU_ASSERT(cellfmt_number(-4.9406564584124654e-324, out) < CELLFMT_NUMBER_MAX);
    /* 15 digits already read back as the smallest denormal (no shorter form is
     * sought below 15). */
    CU_ASSERT_EQUAL(strlen(out), 3 + 323 + 15);
    CU_ASSERT_STRING_EQUAL(out + 3 + 323, "494065645841247");
}

static const char *date(double serial, int date1904)
{
    static char out[11];
    return cellfmt_date(serial, date1904, out) == 0 ? out : "(none)";
}

static void test_dates(void)
{
    CU_ASSERT_STRING_EQUAL(date(1, 0), "1900-01-01");
    CU_ASSERT_STRING_EQUAL(date(59, 0), "1900-02-28");
    CU_ASSERT_STRING_EQUAL(date(60, 0), "1900-02-29");   /* Lotus's leap day */
    CU_ASSERT_STRING_EQUAL(date(61, 0), "1900-03-01");
    CU_ASSERT_STRING_EQUAL(date(43586, 0), "2019-05-01");  /* 令和元年5月1日 */
    CU_ASSERT_STRING_EQUAL(date(45474, 0), "2024-07-01");
    CU_ASSERT_STRING_EQUAL(date(45474.75, 0), "2024-07-01");   /* 18:00 */
    CU_ASSERT_STRING_EQUAL(date(45474.9999999999, 0), "2024-07-02");  /* rounds to midnight */
    CU_ASSERT_STRING_EQUAL(date(2958465, 0), "9999-12-31");
    CU_ASSERT_STRING_EQUAL(date(2958466, 0), "(none)");
    CU_ASSERT_STRING_EQUAL(date(0, 0), "(none)");       /* Excel shows 1900-01-00 */
    CU_ASSERT_STRING_EQUAL(date(-1, 0), "(none)");
    CU_ASSERT_STRING_EQUAL(date(NAN, 0), "(none)");
    CU_ASSERT_STRING_EQUAL(date(0, 1), "1904-01-01");
    CU_ASSERT_STRING_EQUAL(date(44012, 1), "2024-07-01");
    CU_ASSERT_STRING_EQUAL(date(2957003, 1), "9999-12-31");
    CU_ASSERT_STRING_EQUAL(date(2957004, 1), "(none)");
}

static void test_times(void)
{
    char out[9];
    CU_ASSERT_EQUAL(cellfmt_time(0.5, out), 0);
    CU_ASSERT_STRING_EQUAL(out, "12:00:00");
    CU_ASSERT_EQUAL(cellfmt_time(0, out), 0);
    CU_ASSERT_STRING_EQUAL(out, "00:00:00");
    CU_ASSERT_EQUAL(cellfmt_time(0.6041666666666666, out), 0);
    CU_ASSERT_STRING_EQUAL(out, "14:30:00");
    CU_ASSERT_EQUAL(cellfmt_time(0.99999, out), 0);      /* 23:59:59.136 */
    CU_ASSERT_STRING_EQUAL(out, "23:59:59");
    CU_ASSERT_EQUAL(cellfmt_time(0.999999, out), 0);     /* 23:59:59.914 rounds, wraps */
    CU_ASSERT_STRING_EQUAL(out, "00:00:00");
    CU_ASSERT_EQUAL(cellfmt_time(1.5, out), -1);
    CU_ASSERT_EQUAL(cellfmt_time(-0.1, out), -1);
}

static void test_format_kinds(void)
{
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(0, NULL), CELLFMT_NUMBER);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(3, NULL), CELLFMT_NUMBER);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(14, NULL), CELLFMT_DATE);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(22, NULL), CELLFMT_DATE);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(20, NULL), CELLFMT_TIME);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(31, NULL), CELLFMT_DATE);   /* yyyy"年"m"月"d"日" */
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(32, NULL), CELLFMT_TIME);   /* h"時"mm"分" */
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(46, NULL), CELLFMT_TIME);   /* [h]:mm:ss */
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(57, NULL), CELLFMT_DATE);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(49, NULL), CELLFMT_NUMBER); /* @ */

    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "yyyy/mm/dd"), CELLFMT_DATE);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "YYYY\\-MM\\-DD"), CELLFMT_DATE);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "[$-411]ggge\"年\"m\"月\"d\"日\""), CELLFMT_DATE);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "m\"月\""), CELLFMT_DATE);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "yyyy/m/d;@"), CELLFMT_DATE);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "h:mm"), CELLFMT_TIME);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "[h]:mm:ss"), CELLFMT_TIME);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "mm:ss"), CELLFMT_TIME);
    /* Letters that are not date parts: quoted text, escapes, colours, locales,
     * General, scientific notation, padding and fill characters. */
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "#,##0"), CELLFMT_NUMBER);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "#,##0\"日\""), CELLFMT_NUMBER);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "#,##0\"days\""), CELLFMT_NUMBER);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "#,##0\\d"), CELLFMT_NUMBER);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "[Red]#,##0;[Blue]-#,##0"), CELLFMT_NUMBER);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "[$-411]#,##0"), CELLFMT_NUMBER);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "General"), CELLFMT_NUMBER);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "0.00E+00"), CELLFMT_NUMBER);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "#,##0_);[Red]\\(#,##0\\)"), CELLFMT_NUMBER);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "_-* #,##0_-;\\-* #,##0_-;_-* \"-\"_-;_-@_-"),
                    CELLFMT_NUMBER);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "0.0%"), CELLFMT_NUMBER);
    CU_ASSERT_EQUAL(cellfmt_numfmt_kind(164, "\"△\"#,##0"), CELLFMT_NUMBER);
}

int main(void)
{
    static const hy_test tests[] = {
        {"shortest round-trip decimal, positional", test_numbers},
        {"serial dates: 1900 bug, 1904 system, range", test_dates},
        {"time of day", test_times},
        {"date, time and number formats", test_format_kinds},
        {NULL, NULL},
    };
    return test_main("cellfmt", tests);
}
