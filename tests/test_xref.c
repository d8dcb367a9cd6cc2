/* tests for pdf/xref: the rows of 100,000 objects, located the way the book
 * locates them (pages and contents at offsets, elements in object streams,
 * some numbered long before they are written), come back exactly as rows
 * written one by one would be, from a table a small fraction of their size;
 * an object never located, one beyond the table and an offset past 4 GB are
 * refused. */
#include <stdlib.h>
#include <string.h>

#include "pdf/xref.h"
#include "util/arena.h"
#include "testutil.h"

#define NOBJ 100000u
#define PER 100u          /* objects per "drawing": page, contents, stream, 97 elements */

static void row(unsigned char *rows, unsigned obj, int type, uint32_t a, uint32_t b)
{
    unsigned char *r = rows + (size_t)obj * 9;
    r[0] = (unsigned char)type;
    for (int i = 0; i < 4; i++) {
        r[1 + i] = (unsigned char)(a >> (24 - 8 * i));
        r[5 + i] = (unsigned char)(b >> (24 - 8 * i));
    }
}

static void rows_exact(hy_xref *x)
{
    unsigned char *want = calloc(NOBJ, 9);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    row(want, 0, 0, 0, 0xFFFF);
    uint64_t off = 15;
    /* objects 1 .. 99 are located last, as the book's own elements are */
    for (unsigned d = 1; d < NOBJ / PER; d++) {
        unsigned base = d * PER, stm = base + 2, first = base + 3, n = PER - 3;
        /* the page's number is given first, its contents written before it */
        CU_ASSERT_EQUAL(xref_at(x, base + 1, off), 0);
        row(want, base + 1, 1, (uint32_t)off, 0);
        off += 1000 + d % 7;
        CU_ASSERT_EQUAL(xref_at(x, base, off), 0);
        row(want, base, 1, (uint32_t)off, 0);
        off += 300;
        CU_ASSERT_EQUAL(xref_at(x, stm, off), 0);
        CU_ASSERT_EQUAL(xref_in_stream(x, first, n, stm), 0);
        row(want, stm, 1, (uint32_t)off, 0);
        for (unsigned k = 0; k < n; k++)
            row(want, first + k, 2, stm, k);
        off += 20000;
    }
    for (unsigned obj = 1; obj < PER; obj++) {
        CU_ASSERT_EQUAL(xref_at(x, obj, off), 0);
        row(want, obj, 1, (uint32_t)off, 0);
        off += 50;
    }
    CU_ASSERT(off > 0xFFFFFFull);   /* offsets use all four bytes */
    unsigned char *rows = NULL;
    CU_ASSERT_EQUAL_FATAL(xref_rows(x, NOBJ, &rows), 0);
    CU_ASSERT(memcmp(rows, want, (size_t)NOBJ * 9) == 0);
    /* 900 KB of rows from a table of 3 pairs and a run per 100 objects */
    CU_ASSERT(xref_size_bytes(x) <= (NOBJ / PER) * (3 * 8 + 12) * 2 + 256);
    CU_ASSERT(xref_size_bytes(x) * 10 < (size_t)NOBJ * 9);
    free(rows);
    /* the same rows a piece at a time, in pieces that cut through runs */
    unsigned char piece[9 * 777];
    size_t bad = 0;
    for (unsigned from = 0; from < NOBJ; from += 777) {
        unsigned n = NOBJ - from < 777 ? NOBJ - from : 777;
        CU_ASSERT_EQUAL_FATAL(xref_fill(x, NOBJ, from, n, piece), 0);
        bad += memcmp(piece, want + (size_t)from * 9, (size_t)n * 9) != 0;
    }
    CU_ASSERT_EQUAL(bad, 0);
    /* a piece out of order */
    CU_ASSERT_EQUAL(xref_fill(x, NOBJ, 0, 10, piece), 0);
    CU_ASSERT_EQUAL(xref_fill(x, NOBJ, 20, 10, piece), -1);
    free(want);
}

static void test_rows_exact(void)
{
    hy_xref *x = xref_new();
    rows_exact(x);
    xref_free(x);
}

/* The same with the table in a spill arena's scratch file, as the book's. */
static void test_rows_in_arena(void)
{
    hy_arena *arena = arena_new_spill();
    CU_ASSERT_PTR_NOT_NULL_FATAL(arena);
    hy_xref *x = xref_new_in(arena);
    rows_exact(x);
    xref_free(x);
    arena_free(arena);
}

static void test_refusals(void)
{
    hy_xref *x = xref_new();
    unsigned char *rows = (unsigned char *)"";
    CU_ASSERT_EQUAL(xref_at(x, 1, 100), 0);
    CU_ASSERT_EQUAL(xref_in_stream(x, 3, 2, 1), 0);
    /* object 2 never located */
    CU_ASSERT_EQUAL(xref_rows(x, 5, &rows), -1);
    CU_ASSERT_PTR_NULL(rows);
    CU_ASSERT_EQUAL(xref_at(x, 2, 200), 0);
    CU_ASSERT_EQUAL(xref_rows(x, 5, &rows), 0);
    CU_ASSERT(rows && rows[9 * 4] == 2 && rows[9 * 4 + 8] == 1 && rows[9 * 2 + 4] == 200);
    free(rows);
    /* the stream's objects run past the table's size */
    CU_ASSERT_EQUAL(xref_rows(x, 4, &rows), -1);
    CU_ASSERT_EQUAL(xref_at(x, 5, 0x100000000ull), -1);
    xref_free(x);
}

int main(void)
{
    static const hy_test tests[] = {
        {"100,000 rows exactly, from a small table", test_rows_exact},
        {"the same, the table in a scratch file", test_rows_in_arena},
        {"refusals", test_refusals},
        {NULL, NULL},
    };
    return test_main("xref", tests);
}
