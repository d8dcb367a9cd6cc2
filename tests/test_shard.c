/* tests for cli/shard: the documented split (FNV-1a 64 of the code, mod N + 1)
 * and --shard's K/N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/shard.h"
#include "testutil.h"

static void test_hash_is_fnv1a64(void)
{
    /* the reference vectors of FNV-1a, 64 bits (Fowler, Noll, Vo) */
    CU_ASSERT_EQUAL(shard_hash(""), 0xcbf29ce484222325ULL);
    CU_ASSERT_EQUAL(shard_hash("a"), 0xaf63dc4c8601ec8cULL);
    CU_ASSERT_EQUAL(shard_hash("foobar"), 0x85944171f73967e8ULL);
    /* over the UTF-8 bytes, whatever the locale: 根 is E6 A0 B9 */
    CU_ASSERT_EQUAL(shard_hash("根"), shard_hash("\xE6\xA0\xB9"));
    CU_ASSERT_EQUAL(shard_of("a", 7), (unsigned)(0xaf63dc4c8601ec8cULL % 7) + 1);
}

static void test_every_code_in_one_shard(void)
{
    /* 10,000 codes over 7 shards: each in exactly one, none empty, none lopsided */
    size_t count[8] = {0};
    char code[32];
    for (int i = 0; i < 10000; i++) {
        snprintf(code, sizeof code, "%05d", 10000 + i);
        unsigned k = shard_of(code, 7);
        CU_ASSERT(k >= 1 && k <= 7);
        if (k >= 1 && k <= 7)
            count[k]++;
        CU_ASSERT_EQUAL(shard_of(code, 1), 1u);
    }
    for (int k = 1; k <= 7; k++)
        CU_ASSERT(count[k] > 10000 / 7 * 8 / 10 && count[k] < 10000 / 7 * 12 / 10);
}

static void test_parse(void)
{
    unsigned k = 0, n = 0;
    CU_ASSERT_EQUAL(shard_parse("1/1", &k, &n), 0);
    CU_ASSERT(k == 1 && n == 1);
    CU_ASSERT_EQUAL(shard_parse("7/7", &k, &n), 0);
    CU_ASSERT(k == 7 && n == 7);
    CU_ASSERT_EQUAL(shard_parse("3/100000", &k, &n), 0);
    const char *bad[] = {"0/2", "3/2", "2", "/2", "1/", "a/b", "1/0", "-1/2", "+1/2", "1/+2",
                         "1/2x", " 1/2", "1/100001", "99999999999999999999/2", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (shard_parse(bad[i], &k, &n) == 0)
            fprintf(stderr, "\n  accepted \"%s\"\n", bad[i]);
        CU_ASSERT_EQUAL(shard_parse(bad[i], &k, &n), -1);
    }
}

int main(void)
{
    static const hy_test tests[] = {
        {"the split is FNV-1a 64 of the code's bytes", test_hash_is_fnv1a64},
        {"every code in exactly one shard, shards even", test_every_code_in_one_shard},
        {"--shard K/N parsed, bad forms refused", test_parse},
        {NULL, NULL},
    };
    return test_main("shard", tests);
}
