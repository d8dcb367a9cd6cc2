#include "util/vec.h"

#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *vec_push(void *items, size_t *n, size_t *cap, size_t size)
{
    return vec_push_from(items, n, cap, size, 8);
}

void *vec_push_from(void *items, size_t *n, size_t *cap, size_t size, size_t first)
{
    void **array = items;
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : first ? first : 1;
        if (ncap < *cap || ncap > SIZE_MAX / size)
            return NULL;
        void *p = realloc(*array, ncap * size);
        if (!p)
            return NULL;
        *array = p;
        *cap = ncap;
    }
    void *slot = (char *)*array + (*n)++ * size;
    memset(slot, 0, size);
    return slot;
}

void *vec_push_in(hy_arena *arena, void *items, size_t *n, size_t *cap, size_t size,
                  size_t first)
{
    void **array = items;
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : first ? first : 1;
        if (ncap < *cap || ncap > SIZE_MAX / size)
            return NULL;
        void *p = arena_grow(arena, *array, *n * size, ncap * size);
        if (!p)
            return NULL;
        *array = p;
        *cap = ncap;
    }
    void *slot = (char *)*array + (*n)++ * size;
    memset(slot, 0, size);
    return slot;
}
