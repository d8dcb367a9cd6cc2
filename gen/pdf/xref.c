#include "pdf/xref.h"

#include <stdlib.h>
#include <string.h>

#include "util/vec.h"

#define ROW 9

typedef struct at {
    uint32_t obj, off;
} at;

typedef struct run {
    uint32_t first, n, stm;
} run;

struct hy_xref {
    struct hy_arena *arena;      /* where the arrays grow, or NULL: the heap */
    at *ats;
    size_t nats, ats_cap;
    run *runs;
    size_t nruns, runs_cap;
    size_t next_at, next_run;    /* xref_fill: the first not yet (wholly) filled */
    unsigned filled;             /* xref_fill: objects 0 .. filled - 1 are done */
};

hy_xref *xref_new(void)
{
    return calloc(1, sizeof(hy_xref));
}

hy_xref *xref_new_in(struct hy_arena *arena)
{
    hy_xref *x = xref_new();
    if (x)
        x->arena = arena;
    return x;
}

void xref_free(hy_xref *x)
{
    if (!x)
        return;
    if (!x->arena) {
        free(x->ats);
        free(x->runs);
    }
    free(x);
}

/* One more element of an array of x's. */
static void *push(hy_xref *x, void *items, size_t *n, size_t *cap, size_t size)
{
    return x->arena ? vec_push_in(x->arena, items, n, cap, size, 1024)
                    : vec_push(items, n, cap, size);
}

int xref_at(hy_xref *x, unsigned obj, uint64_t off)
{
    if (off > 0xFFFFFFFFull)
        return -1;
    at *a = push(x, &x->ats, &x->nats, &x->ats_cap, sizeof *a);
    if (!a)
        return -1;
    *a = (at){obj, (uint32_t)off};
    return 0;
}

int xref_in_stream(hy_xref *x, unsigned first, size_t n, unsigned stm)
{
    if (n == 0)
        return 0;
    if (n > 0xFFFFFFFFu)
        return -1;
    run *r = push(x, &x->runs, &x->nruns, &x->runs_cap, sizeof *r);
    if (!r)
        return -1;
    *r = (run){first, (uint32_t)n, stm};
    return 0;
}

size_t xref_size_bytes(const hy_xref *x)
{
    return sizeof *x + x->ats_cap * sizeof *x->ats + x->runs_cap * sizeof *x->runs;
}

static void put_be(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put_row(unsigned char *rows, uint32_t obj, int type, uint32_t a, uint32_t b)
{
    unsigned char *r = rows + (size_t)obj * ROW;
    r[0] = (unsigned char)type;
    put_be(r + 1, a);
    put_be(r + 5, b);
}

static int by_obj(const void *a, const void *b)
{
    uint32_t x = ((const at *)a)->obj, y = ((const at *)b)->obj;
    return (x > y) - (x < y);
}

static int by_first(const void *a, const void *b)
{
    uint32_t x = ((const run *)a)->first, y = ((const run *)b)->first;
    return (x > y) - (x < y);
}

/* Sorts the table for xref_fill; -1 when an object lies beyond size. */
static int fill_start(hy_xref *x, unsigned size)
{
    qsort(x->ats, x->nats, sizeof *x->ats, by_obj);
    qsort(x->runs, x->nruns, sizeof *x->runs, by_first);
    x->next_at = x->next_run = 0;
    x->filled = 0;
    if (x->nats && x->ats[x->nats - 1].obj >= size)
        return -1;
    for (size_t i = 0; i < x->nruns; i++)
        if (x->runs[i].first >= size || x->runs[i].n > size - x->runs[i].first)
            return -1;
    return 0;
}

int xref_fill(hy_xref *x, unsigned size, unsigned from, unsigned n, unsigned char *rows)
{
    if ((from == 0 && fill_start(x, size) != 0) || from != x->filled || n > size - from)
        return -1;
    uint64_t to = (uint64_t)from + n;
    memset(rows, 0, (size_t)n * ROW);
    for (; x->next_at < x->nats && x->ats[x->next_at].obj < to; x->next_at++)
        put_row(rows, x->ats[x->next_at].obj - from, 1, x->ats[x->next_at].off, 0);
    /* a run may go on into the next range: it is left for that one */
    for (; x->next_run < x->nruns && x->runs[x->next_run].first < to; x->next_run++) {
        const run *r = &x->runs[x->next_run];
        uint32_t k = r->first < from ? from - r->first : 0;
        for (; k < r->n && r->first + k < to; k++)
            put_row(rows, r->first + k - from, 2, r->stm, k);
        if (k < r->n)
            break;
    }
    if (from == 0 && n)
        put_be(rows + 5, 0xFFFF);
    /* a number given to an object never written */
    for (unsigned i = from ? 0 : 1; i < n; i++)
        if (rows[(size_t)i * ROW] == 0)
            return -1;
    x->filled = (unsigned)to;
    return 0;
}

int xref_rows(hy_xref *x, unsigned size, unsigned char **rows)
{
    *rows = malloc((size_t)(size ? size : 1) * ROW);
    if (*rows && size && xref_fill(x, size, 0, size, *rows) == 0)
        return 0;
    free(*rows);
    *rows = NULL;
    return -1;
}
