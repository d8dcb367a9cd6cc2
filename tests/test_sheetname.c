/* tests for cli/sheetname: readable, safe and unique sheet file names */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/sheetname.h"
#include "testutil.h"

static void expect_base(const char *code, hy_sheetname_style style, const char *want)
{
    char out[200];
    sheetname_base(code, style, out, sizeof out);
    if (strcmp(out, want) != 0)
        fprintf(stderr, "\n  %s -> %s, expected %s\n", code, out, want);
    CU_ASSERT_STRING_EQUAL(out, want);
}

static void test_base(void)
{
    expect_base("13035", SHEETNAME_UTF8, "13035");
    /* kanji codes stay readable; ASCII names percent-encode them */
    expect_base("根室01", SHEETNAME_UTF8, "根室01");
    expect_base("根室01", SHEETNAME_ASCII, "%E6%A0%B9%E5%AE%A401");
    expect_base("ｶﾅ-①", SHEETNAME_UTF8, "ｶﾅ-①");
    /* nothing that could leave the folder or that Windows refuses */
    expect_base("a/b\\c:d*e?f\"g<h>i|j k.l", SHEETNAME_UTF8, "a_b_c_d_e_f_g_h_i_j_k_l");
    expect_base("../../etc/passwd", SHEETNAME_UTF8, "______etc_passwd");
    expect_base("", SHEETNAME_UTF8, "_");
    expect_base("CON", SHEETNAME_UTF8, "CON_");
    expect_base("nul", SHEETNAME_UTF8, "nul_");
    expect_base("Com1", SHEETNAME_ASCII, "Com1_");
    expect_base("LPT9", SHEETNAME_UTF8, "LPT9_");
    expect_base("CONSOLE", SHEETNAME_UTF8, "CONSOLE");
    /* invisible and bidi characters, ideographic space kept */
    expect_base("A\xE2\x80\xAE" "B\xEF\xBB\xBF" "C\xE3\x80\x80" "D", SHEETNAME_UTF8,
                "A_B_C\xE3\x80\x80" "D");
    /* a long code is cut on a character boundary */
    char code[400] = "";
    for (int i = 0; i < 100; i++)
        strcat(code, "漢");
    char out[32];
    sheetname_base(code, SHEETNAME_UTF8, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "漢漢漢漢漢漢漢漢漢");   /* 27 bytes: what fits in 32 - 5 */
}

static void test_unique_regardless_of_case(void)
{
    const char *codes[] = {"Abc", "ABC", "abc", NULL, "x", "Abc", "abc~2", "A/B", "A:B"};
    size_t n = sizeof codes / sizeof *codes;
    hy_arena *arena = arena_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(arena);
    const char **names = sheetname_assign(codes, n, SHEETNAME_UTF8, arena);
    CU_ASSERT_PTR_NOT_NULL_FATAL(names);
    static const char *const want[] = {"Abc.pdf", "ABC~2.pdf", "abc~3.pdf", NULL, "x.pdf",
                                       "Abc~4.pdf", "abc_2.pdf", "A_B.pdf", "A_B~2.pdf"};
    for (size_t i = 0; i < n; i++) {
        if (!want[i]) {
            CU_ASSERT_PTR_NULL(names[i]);
        } else {
            CU_ASSERT_PTR_NOT_NULL_FATAL(names[i]);
            CU_ASSERT_STRING_EQUAL(names[i], want[i]);
        }
    }
    arena_free(arena);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 100,000 codes, half of them the same: the collision search was cubic (every
 * ~N tried against every earlier name); now each name costs a few lookups. */
static void test_linear_time(void)
{
    const size_t n = 100000;
    const char **codes = malloc(n * sizeof *codes);
    char (*buf)[32] = malloc(n * sizeof *buf);
    CU_ASSERT_FATAL(codes && buf);
    for (size_t i = 0; i < n; i++) {
        if (i % 2)
            snprintf(buf[i], sizeof buf[i], "事業%zu", i);
        else
            snprintf(buf[i], sizeof buf[i], "同じ");
        codes[i] = buf[i];
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    hy_arena *arena = arena_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(arena);
    const char **names = sheetname_assign(codes, n, SHEETNAME_UTF8, arena);
    double took = seconds_since(&t0);
    printf("(100,000 names in %.3f s) ", took);
    CU_ASSERT_PTR_NOT_NULL_FATAL(names);
    CU_ASSERT(took < 5.0);   /* (a scan per name: minutes) */
    CU_ASSERT_STRING_EQUAL(names[0], "同じ.pdf");
    CU_ASSERT_STRING_EQUAL(names[1], "事業1.pdf");
    CU_ASSERT_STRING_EQUAL(names[2], "同じ~2.pdf");
    CU_ASSERT_STRING_EQUAL(names[n - 2], "同じ~50000.pdf");
    arena_free(arena);
    free(codes);
    free(buf);
}

/* Heap bytes in use (glibc; an ASan build has its own allocator and shows 0). */
static size_t heap_in_use(void)
{
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

/* The names of a large data set live in its spill arena, array and all, and
 * stay readable after the arena pages them out: nothing per name is left on
 * the heap (100,000 names were 7 MB of it, held for the whole run). */
static void test_names_in_the_arena(void)
{
    const size_t n = 20000;
    const char **codes = malloc(n * sizeof *codes);
    char (*buf)[24] = malloc(n * sizeof *buf);
    hy_arena *arena = arena_new_spill();
    CU_ASSERT_FATAL(codes && buf && arena);
    size_t text = 0;
    for (size_t i = 0; i < n; i++) {
        snprintf(buf[i], sizeof buf[i], i % 3 ? "C%zu" : "c%zu", i / 2);   /* every 6th alike */
        codes[i] = buf[i];
    }
    size_t used = arena_used(arena), heap = heap_in_use();
    const char **names = sheetname_assign(codes, n, SHEETNAME_ASCII, arena);
    size_t heap_after = heap_in_use();
    CU_ASSERT_PTR_NOT_NULL_FATAL(names);
    for (size_t i = 0; i < n; i++)
        text += strlen(names[i]) + 1;
    CU_ASSERT(arena_used(arena) - used >= text + n * sizeof *names);
    CU_ASSERT(heap_after <= heap + 1024);
    arena_release(arena);
    CU_ASSERT_STRING_EQUAL(names[0], "c0.pdf");
    CU_ASSERT_STRING_EQUAL(names[1], "C0~2.pdf");
    CU_ASSERT_STRING_EQUAL(names[2], "C1.pdf");
    CU_ASSERT_STRING_EQUAL(names[3], "c1~2.pdf");
    CU_ASSERT_STRING_EQUAL(names[n - 1], "C9999~2.pdf");
    arena_free(arena);
    free(codes);
    free(buf);
}

int main(void)
{
    static const hy_test tests[] = {
        {"a code made a safe, readable base name", test_base},
        {"names unique regardless of ASCII case, in data-set order", test_unique_regardless_of_case},
        {"100,000 names, half of them alike, in linear time", test_linear_time},
        {"the names are kept in the arena, none on the heap", test_names_in_the_arena},
        {NULL, NULL},
    };
    return test_main("sheetname", tests);
}
