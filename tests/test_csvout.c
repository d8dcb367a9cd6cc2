/* tests for util/csvout: RFC 4180 quoting, and OWASP's CSV-injection rule
 * (a cell a spreadsheet would run as a formula is written as text, a number
 * such as -12 stays a number) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/csvout.h"

/* One field as csvout_field writes it. */
static const char *field(const char *s)
{
    static char buf[256];
    memset(buf, 0, sizeof buf);
    FILE *fp = fmemopen(buf, sizeof buf, "w");
    csvout_field(fp, s);
    fclose(fp);
    return buf;
}

static void test_quoting(void)
{
    CU_ASSERT_STRING_EQUAL(field("事業"), "事業");
    CU_ASSERT_STRING_EQUAL(field("a,b"), "\"a,b\"");
    CU_ASSERT_STRING_EQUAL(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    CU_ASSERT_STRING_EQUAL(field("two\nlines"), "\"two\nlines\"");
    CU_ASSERT_STRING_EQUAL(field(""), "");
    CU_ASSERT_STRING_EQUAL(field(NULL), "");
}

static void test_injection(void)
{
    CU_ASSERT_STRING_EQUAL(field("=1+1"), "\"'=1+1\"");
    CU_ASSERT_STRING_EQUAL(field("=HYPERLINK(\"http://x\",\"a\")"),
                           "\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\"");
    CU_ASSERT_STRING_EQUAL(field("+cmd|' /C calc'!A0"), "\"'+cmd|' /C calc'!A0\"");
    CU_ASSERT_STRING_EQUAL(field("-2+3"), "\"'-2+3\"");
    CU_ASSERT_STRING_EQUAL(field("@SUM(A1:A9)"), "\"'@SUM(A1:A9)\"");
    CU_ASSERT_STRING_EQUAL(field("\t=1"), "\"'\t=1\"");
    CU_ASSERT_STRING_EQUAL(field("\r=1"), "\"'\r=1\"");
    CU_ASSERT_STRING_EQUAL(field("--"), "\"'--\"");
    /* a lone - is the blank mark of the forms, and no formula */
    CU_ASSERT_STRING_EQUAL(field("-"), "-");
    /* inside a text the characters are harmless */
    CU_ASSERT_STRING_EQUAL(field("a=b"), "a=b");
    CU_ASSERT_STRING_EQUAL(field("事業費-12"), "事業費-12");
}

static void test_numbers_stay_numbers(void)
{
    CU_ASSERT_STRING_EQUAL(field("-12"), "-12");
    CU_ASSERT_STRING_EQUAL(field("-0.5"), "-0.5");
    CU_ASSERT_STRING_EQUAL(field("+7"), "+7");
    CU_ASSERT_STRING_EQUAL(field("-1e3"), "-1e3");
    CU_ASSERT_STRING_EQUAL(field("12"), "12");
    CU_ASSERT_TRUE(csvout_is_number("-.5"));
    CU_ASSERT_FALSE(csvout_is_number("-"));
    CU_ASSERT_FALSE(csvout_is_number("-1e"));
    CU_ASSERT_FALSE(csvout_is_number("-12 "));
    CU_ASSERT_FALSE(csvout_is_number("-1,000"));
    CU_ASSERT_FALSE(csvout_is_number(""));
}

int main(void)
{
    static const hy_test tests[] = {
        {"RFC 4180 quoting", test_quoting},
        {"formula-looking cells are written as text", test_injection},
        {"numbers such as -12 are written as they are", test_numbers_stay_numbers},
        {NULL, NULL},
    };
    return test_main("csvout", tests);
}
