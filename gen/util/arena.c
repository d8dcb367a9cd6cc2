#include "util/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Blocks grow with use so that a small data set stays small and a large one
 * does not pay a malloc per few kilobytes. */
enum { ARENA_FIRST_BLOCK = 16 * 1024, ARENA_MAX_BLOCK = 4 * 1024 * 1024 };

typedef struct arena_block {
    struct arena_block *prev;
    size_t size, used;
    max_align_t data[];
} arena_block;

struct hy_arena {
    arena_block *head;
    size_t next_size;
    size_t used;
};

hy_arena *arena_new(void)
{
    hy_arena *arena = calloc(1, sizeof *arena);
    if (arena)
        arena->next_size = ARENA_FIRST_BLOCK;
    return arena;
}

void arena_free(hy_arena *arena)
{
    if (!arena)
        return;
    arena_block *b = arena->head;
    while (b) {
        arena_block *prev = b->prev;
        free(b);
        b = prev;
    }
    free(arena);
}

/* Takes n bytes from the current block (or a new one), starting at a multiple
 * of align. Strings ask for align 1: a spreadsheet is mostly short strings, and
 * rounding each up to 16 bytes cost a fifth of a data set's memory. */
static void *take(hy_arena *arena, size_t n, size_t align)
{
    arena_block *b = arena->head;
    size_t start = b ? (b->used + align - 1) / align * align : 0;
    if (!b || start > b->size || b->size - start < n) {
        size_t size = arena->next_size;
        if (size < n)
            size = n;
        b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->prev = arena->head;
        b->size = size;
        b->used = 0;
        arena->head = b;
        if (arena->next_size < ARENA_MAX_BLOCK)
            arena->next_size *= 2;
        start = 0;
    }
    void *p = (char *)b->data + start;
    b->used = start + n;
    arena->used += n;
    return p;
}

void *arena_alloc(hy_arena *arena, size_t n)
{
    return take(arena, n ? n : 1, sizeof(max_align_t));
}

void *arena_calloc(hy_arena *arena, size_t n)
{
    void *p = arena_alloc(arena, n);
    if (p)
        memset(p, 0, n);
    return p;
}

char *arena_strndup(hy_arena *arena, const char *s, size_t n)
{
    char *p = take(arena, n + 1, 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *arena_strdup(hy_arena *arena, const char *s)
{
    return s ? arena_strndup(arena, s, strlen(s)) : NULL;
}

char *arena_printf(hy_arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = take(arena, (size_t)n + 1, 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

size_t arena_used(const hy_arena *arena)
{
    return arena->used;
}
