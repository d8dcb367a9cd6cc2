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
    at *ats;
    size_t nats, ats_cap;
    run *runs;
    size_t nruns, runs_cap;
};

hy_xref *xref_new(void)
{
    return calloc(1, sizeof(hy_xref));
}

void xref_free(hy_xref *x)
{
    if (!x)
        return;
    free(x->ats);
    free(x->runs);
    free(x);
}

int xref_at(hy_xref *x, unsigned obj, uint64_t off)
{
    if (off > 0xFFFFFFFFull)
        return -1;
    at *a = vec_push(&x->ats, &x->nats, &x->ats_cap, sizeof *a);
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
    run *r = vec_push(&x->runs, &x->nruns, &x->runs_cap, sizeof *r);
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

int xref_rows(const hy_xref *x, unsigned size, unsigned char **rows)
{
    *rows = calloc(size ? size : 1, ROW);
    if (!*rows)
        return -1;
    int bad = size == 0;
    for (size_t i = 0; !bad && i < x->nats; i++) {
        bad = x->ats[i].obj >= size;
        if (!bad)
            put_row(*rows, x->ats[i].obj, 1, x->ats[i].off, 0);
    }
    for (size_t i = 0; !bad && i < x->nruns; i++) {
        const run *r = &x->runs[i];
        bad = r->first >= size || r->n > size - r->first;
        for (uint32_t k = 0; !bad && k < r->n; k++)
            put_row(*rows, r->first + k, 2, r->stm, k);
    }
    if (!bad)
        put_be(*rows + 5, 0xFFFF);
    /* a number given to an object never written */
    for (size_t i = 1; !bad && i < size; i++)
        bad = (*rows)[i * ROW] == 0;
    if (bad) {
        free(*rows);
        *rows = NULL;
        return -1;
    }
    return 0;
}
