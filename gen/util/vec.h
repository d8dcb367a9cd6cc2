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

#endif
