/* tests for model/num: exact decimals, rounding, formatting */
#include <string.h>

#include "model/num.h"
#include "testutil.h"

static void test_round_half_up(void)
{
    CU_ASSERT_EQUAL(num_div_round(7, 9 * 1, HY_ROUND_HALF_UP), 1);
    CU_ASSERT_EQUAL(num_div_round(25, 10, HY_ROUND_HALF_UP), 3);
    CU_ASSERT_EQUAL(num_div_round(-25, 10, HY_ROUND_HALF_UP), -3);
    CU_ASSERT_EQUAL(num_div_round(24, 10, HY_ROUND_HALF_UP), 2);
    CU_ASSERT_EQUAL(num_div_round(25, 10, HY_ROUND_HALF_EVEN), 2);
    CU_ASSERT_EQUAL(num_div_round(35, 10, HY_ROUND_HALF_EVEN), 4);
    CU_ASSERT_EQUAL(num_div_round(29, 10, HY_ROUND_DOWN), 2);
    CU_ASSERT_EQUAL(num_div_round(-29, 10, HY_ROUND_DOWN), -2);
    /* 7/9 = 77.777...% -> 77.8 at one decimal: 7 * 1000 / 9 */
    CU_ASSERT_EQUAL(num_div_round(7000, 9, HY_ROUND_HALF_UP), 778);
    CU_ASSERT_EQUAL(num_div_round(48000, 126, HY_ROUND_HALF_UP), 381);
}

static void test_format(void)
{
    char s[64];
    num_format(num_of(22000, 0), 0, 1, HY_ROUND_HALF_UP, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "22,000");
    num_format(num_of(100, 2), 2, 0, HY_ROUND_HALF_UP, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "1.00");
    num_format(num_of(-1234, 0), 0, 1, HY_ROUND_HALF_UP, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "-1,234");
    num_format(num_of(5, 2), 1, 0, HY_ROUND_HALF_UP, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "0.1");
    num_format(num_of(-5, 3), 2, 0, HY_ROUND_HALF_UP, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "-0.01");
    num_format(num_of(1234567, 3), -1, 1, HY_ROUND_HALF_UP, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "1,234.567");
    num_format(num_null(), 0, 1, HY_ROUND_HALF_UP, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "");
    amount_format(amount_of(22000000), 1000, HY_ROUND_HALF_UP, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "22,000");
    amount_format(amount_of(1728120), 1000, HY_ROUND_HALF_UP, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "1,728");
    amount_format(amount_of(1728500), 1000, HY_ROUND_HALF_UP, s, sizeof s);
    CU_ASSERT_STRING_EQUAL(s, "1,729");
}

static void test_compare_and_multiply(void)
{
    CU_ASSERT_EQUAL(num_cmp(num_of(100, 2), num_of(1, 0)), 0);
    CU_ASSERT(num_cmp(num_of(189, 0), num_of(166, 0)) > 0);
    CU_ASSERT(num_same(num_null(), num_null()));
    CU_ASSERT(!num_same(num_null(), num_of(0, 0)));   /* no value is not zero */
    hy_num r;
    CU_ASSERT_EQUAL(num_mul(num_of(100, 2), num_of(7262000, 0), &r), 0);
    int64_t yen;
    CU_ASSERT_EQUAL(num_at_scale(r, 0, HY_ROUND_HALF_UP, &yen), 0);
    CU_ASSERT_EQUAL(yen, 7262000);
}

int main(void)
{
    static const hy_test tests[] = {
        {"round half up / even / down", test_round_half_up},
        {"format with grouping and scale", test_format},
        {"compare and multiply", test_compare_and_multiply},
        {NULL, NULL},
    };
    return test_main("num", tests);
}
