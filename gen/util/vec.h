/*
 * vec.h - arrays that grow by doubling: the pages of a drawing, the lines of a
 * paragraph, the diagnostics of a run, the records being read. One function
 * instead of the same six lines in every module.
 */
#ifndef HY_VEC_H
#define HY_VEC_H

#include <stddef.h>

/* Appends one zeroed element of `size` bytes to the array whose pointer is at
 * `items` (a T **), holding *n of *cap allocated elements, and returns the new
 * element; both counts are updated. Returns NULL when out of memory, leaving
 * the array as it was. */
void *vec_push(void *items, size_t *n, size_t *cap, size_t size);

/* vec_push, with room for `first` elements on the first push (8 for
 * vec_push): for the many small arrays of a large data set, each one's
 * unused room adds up. */
void *vec_push_from(void *items, size_t *n, size_t *cap, size_t size, size_t first);

struct hy_arena;

/* vec_push_from, growing the array in an arena instead of the heap: the
 * array is never freed on its own, and its outgrown copies stay in the arena
 * until it is freed. For the arrays of a data set being read into a spill
 * arena (arena_new_spill), which would otherwise be held in memory. */
void *vec_push_in(struct hy_arena *arena, void *items, size_t *n, size_t *cap, size_t size,
                  size_t first);

#endif
