/* tests for util/spill: 100,000 records of every length from 0 to 299 bytes
 * (binary, NULs included) read back exactly and in order, then the end; a
 * record put once reading has begun is refused, and so is every read after. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/spill.h"
#include "testutil.h"

#define N 100000u

/* Record i: i % 300 bytes, each a function of i and its place. */
static size_t make(unsigned i, unsigned char *rec)
{
    size_t len = i % 300;
    for (size_t k = 0; k < len; k++)
        rec[k] = (unsigned char)((i * 31u + k * 7u) & 0xFF);
    return len;
}

static void test_round_trip(void)
{
    hy_spill *s = spill_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    unsigned char rec[300];
    for (unsigned i = 0; i < N; i++)
        CU_ASSERT_EQUAL_FATAL(spill_put(s, rec, make(i, rec)), 0);
    CU_ASSERT_EQUAL(spill_count(s), N);
    hy_buf out = HY_BUF_INIT;
    size_t len = 0, bad = 0;
    for (unsigned i = 0; i < N; i++) {
        size_t want = make(i, rec);
        if (spill_get(s, &out, &len) != 1 || len != want || out.len != want ||
            (want && memcmp(out.data, rec, want) != 0) || out.data[want] != '\0')
            bad++;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(spill_get(s, &out, &len), 0);
    buf_free(&out);
    spill_free(s);
}

static void test_put_after_reading(void)
{
    hy_spill *s = spill_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    hy_buf out = HY_BUF_INIT;
    size_t len = 0;
    CU_ASSERT_EQUAL(spill_put(s, "一行目", strlen("一行目")), 0);
    CU_ASSERT_EQUAL(spill_put(s, "二", strlen("二")), 0);
    CU_ASSERT_EQUAL(spill_get(s, &out, &len), 1);
    CU_ASSERT(len == strlen("一行目") && strcmp(out.data, "一行目") == 0);
    CU_ASSERT_EQUAL(spill_put(s, "三", strlen("三")), -1);
    CU_ASSERT_EQUAL(spill_get(s, &out, &len), -1);
    buf_free(&out);
    spill_free(s);
    spill_free(NULL);
}

int main(void)
{
    static const hy_test tests[] = {
        {"100,000 records back exactly", test_round_trip},
        {"a put after reading", test_put_after_reading},
        {NULL, NULL},
    };
    return test_main("spill", tests);
}
