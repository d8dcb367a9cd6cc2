/* tests for util/arena: memory and spill arenas, what release keeps, growing arrays */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/vec.h"

/* This process's resident pages backed by files (the spill files' among
 * them), in kB, from /proc/self/status; -1 when unknown. */
static long rss_file_kb(void)
{
    FILE *fp = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (fp && fgets(line, sizeof line, fp))
        if (!strncmp(line, "RssFile:", 8))
            kb = strtol(line + 8, NULL, 10);
    if (fp)
        fclose(fp);
    return kb;
}

/* A line of /proc/self/status in kB ("VmHWM:", "VmRSS:"); -1 when unknown. */
static long status_kb(const char *key)
{
    FILE *fp = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    size_t n = strlen(key);
    while (fp && fgets(line, sizeof line, fp))
        if (!strncmp(line, key, n))
            kb = strtol(line + n, NULL, 10);
    if (fp)
        fclose(fp);
    return kb;
}

/* Starts the process's peak (VmHWM) again from what it holds now. */
static int reset_peak(void)
{
    FILE *fp = fopen("/proc/self/clear_refs", "w");
    int ok = fp && fputs("5", fp) >= 0;
    return fp && fclose(fp) == 0 && ok ? 0 : -1;
}

/* 40 MB of distinct strings, each readable where it was put. */
static void fill_and_check(hy_arena *a, int release_between)
{
    enum { N = 40000, LEN = 1000 };
    char **at = malloc(N * sizeof *at);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    char text[LEN + 1];
    for (int i = 0; i < N; i++) {
        memset(text, 'a' + i % 26, LEN);
        snprintf(text, 16, "%d:", i);
        text[strlen(text)] = 'x';
        text[LEN] = '\0';
        at[i] = arena_strdup(a, text);
        CU_ASSERT_PTR_NOT_NULL_FATAL(at[i]);
        if (release_between && i % 1000 == 999)
            arena_release(a);
    }
    int bad = 0;
    for (int i = 0; i < N; i++) {
        char head[16];
        snprintf(head, sizeof head, "%d:", i);
        bad += strncmp(at[i], head, strlen(head)) != 0 || strlen(at[i]) != LEN ||
               at[i][LEN - 1] != 'a' + i % 26;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(arena_used(a) >= (size_t)N * (LEN + 1));
    free(at);
}

static void test_memory_arena(void)
{
    hy_arena *a = arena_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    fill_and_check(a, 1);   /* release does nothing to memory that is not a file's */
    arena_free(a);
    arena_release(NULL);
    arena_free(NULL);
}

static void test_spill_keeps_contents(void)
{
    hy_arena *a = arena_new_spill();
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    fill_and_check(a, 1);
    arena_free(a);
}

/* What the data set's 40 MB costs in memory once released: the point of a
 * spill arena. Filled, the pages are resident; released, they are not, and
 * reading them back brings in only what is read. */
static void test_spill_release_gives_pages_back(void)
{
    hy_arena *a = arena_new_spill();
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    long before = rss_file_kb();
    enum { MB = 1024 * 1024 };
    char *blocks[40];
    for (int i = 0; i < 40; i++) {
        blocks[i] = arena_alloc(a, MB);
        CU_ASSERT_PTR_NOT_NULL_FATAL(blocks[i]);
        memset(blocks[i], i + 1, MB);
    }
    long filled = rss_file_kb();
    arena_release(a);
    long released = rss_file_kb();
    CU_ASSERT(before >= 0);
    CU_ASSERT(filled - before >= 35 * 1024);
    CU_ASSERT(released - before <= 2 * 1024);
    int bad = 0;
    for (int i = 0; i < 40; i++)
        bad += blocks[i][0] != i + 1 || blocks[i][MB - 1] != i + 1;
    CU_ASSERT_EQUAL(bad, 0);
    /* the first and last byte of 40 blocks: a few pages each, not 40 MB */
    CU_ASSERT(rss_file_kb() - before <= 4 * 1024);
    arena_free(a);
}

/* Arenas beside each other share one budget: a walk over one that writes to
 * the other (the book over the data set, writing its tables) keeps what both
 * map near one budget, where a budget each let in one budget each. A step of
 * either hands back the pages of both; either may be freed first. */
static void test_beside_shares_budget(void)
{
    hy_arena *walked = arena_new_spill();
    hy_arena *written = arena_new_spill_beside(walked);
    CU_ASSERT_PTR_NOT_NULL_FATAL(walked);
    CU_ASSERT_PTR_NOT_NULL_FATAL(written);
    enum { PIECE = 64 * 1024, N = 640 };   /* 40 MB, a piece a step */
    long before = rss_file_kb(), most = 0;
    char **at = malloc(N * sizeof *at);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    for (int i = 0; i < N; i++) {
        at[i] = arena_alloc(written, PIECE);
        CU_ASSERT_PTR_NOT_NULL_FATAL(at[i]);
        memset(at[i], 'a' + i % 26, PIECE);
        arena_step(walked);
        long grown = rss_file_kb() - before;
        most = grown > most ? grown : most;
    }
    CU_ASSERT(before >= 0);
    /* the budget, one look's worth of pieces and a little of the program's own */
    CU_ASSERT(most <= ARENA_RESIDENT_BUDGET / 1024 + ARENA_STEP_CHECK * PIECE / 1024 + 1024);
    arena_free(walked);
    int bad = 0;
    for (int i = 0; i < N; i++) {
        bad += at[i][0] != 'a' + i % 26 || at[i][PIECE - 1] != 'a' + i % 26;
        arena_step(written);
    }
    CU_ASSERT_EQUAL(bad, 0);
    arena_free(written);
    free(at);
    /* beside nothing, or beside an arena in memory: a budget of its own */
    hy_arena *mem = arena_new();
    hy_arena *lone = arena_new_spill_beside(mem);
    CU_ASSERT_PTR_NOT_NULL(lone);
    arena_step(lone);
    arena_free(lone);
    arena_free(mem);
}

static void test_grow_and_vec_push_in(void)
{
    hy_arena *a = arena_new_spill();
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    int *v = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 100000; i++) {
        int *slot = vec_push_in(a, &v, &n, &cap, sizeof *slot, 4);
        CU_ASSERT_PTR_NOT_NULL_FATAL(slot);
        CU_ASSERT_EQUAL(*slot, 0);   /* zeroed like vec_push's */
        *slot = i * 3;
        if (i % 10000 == 0)
            arena_release(a);
    }
    CU_ASSERT_EQUAL(n, 100000);
    CU_ASSERT(cap >= n);
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += v[i] != (int)i * 3;
    CU_ASSERT_EQUAL(bad, 0);
    /* a 16 MB array doubling: a megabyte of each copy mapped at a time, at
     * the process's peak too (4 MB of each was a 100,000-project book's).
     * The peak rises 2 MB; under ASan 4 (its shadow of the copy); at 4 MB
     * a time, 8. */
    enum { MB = 1024 * 1024 };
    char *big = arena_alloc(a, 16 * MB);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    for (size_t i = 0; i < 16 * MB; i++)
        big[i] = (char)(i % 251);
    arena_release(a);
    CU_ASSERT_EQUAL_FATAL(reset_peak(), 0);
    long held = status_kb("VmRSS:");
    char *twice = arena_grow(a, big, 16 * MB, 32 * MB);
    CU_ASSERT_PTR_NOT_NULL_FATAL(twice);
    CU_ASSERT(held > 0 && status_kb("VmHWM:") - held <= 6 * 1024);
    int moved = 0;
    for (size_t i = 0; i < 16 * MB; i += 4096)
        moved += twice[i] == (char)(i % 251);
    CU_ASSERT_EQUAL(moved, 16 * MB / 4096);
    char *g = arena_grow(a, NULL, 0, 10);
    CU_ASSERT_PTR_NOT_NULL(g);
    memcpy(g, "abcdefghi", 10);
    char *h = arena_grow(a, g, 10, 20);
    CU_ASSERT_STRING_EQUAL(h, "abcdefghi");
    arena_free(a);
}

/* A buffer growing in a spill arena: a file's decoded text. */
static void test_buf_in_arena(void)
{
    hy_arena *a = arena_new_spill();
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    hy_buf b = HY_BUF_INIT;
    b.arena = a;
    for (int i = 0; i < 200000; i++)
        CU_ASSERT_EQUAL_FATAL(buf_printf(&b, "%06d\n", i), 0);
    CU_ASSERT_EQUAL(b.len, 200000 * 7);
    CU_ASSERT(!strncmp(b.data + 7 * 123456, "123456\n", 7));
    buf_free(&b);   /* empties it; the arena owns the memory */
    CU_ASSERT_PTR_NULL(b.data);
    CU_ASSERT_EQUAL(b.len, 0);
    arena_free(a);
}

/* With no usable scratch folder the arena goes on in memory. */
static void test_spill_without_tmpdir(void)
{
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    setenv("TMPDIR", "/nonexistent/hyoka-no-such-folder", 1);
    hy_arena *a = arena_new_spill();
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    fill_and_check(a, 1);
    arena_free(a);
    if (saved) {
        setenv("TMPDIR", saved, 1);
        free(saved);
    } else {
        unsetenv("TMPDIR");
    }
}

int main(void)
{
    static const hy_test tests[] = {
        {"a memory arena keeps what it was given", test_memory_arena},
        {"a spill arena keeps what it was given across releases", test_spill_keeps_contents},
        {"release gives a spill arena's pages back", test_spill_release_gives_pages_back},
        {"arenas beside each other share one budget", test_beside_shares_budget},
        {"arrays grow in an arena", test_grow_and_vec_push_in},
        {"a buffer grows in an arena", test_buf_in_arena},
        {"no scratch folder: memory", test_spill_without_tmpdir},
        {NULL, NULL},
    };
    return test_main("arena", tests);
}
