/*
 * arena.h - a region allocator for the many small strings a data set holds.
 *
 * A spreadsheet of 100,000 rows is a million short strings that all live exactly
 * as long as the data set; allocating them one by one would cost a header each
 * and a free() each. The arena hands out pieces of large blocks and frees them
 * all at once. Memory from an arena is never freed individually.
 */
#ifndef HY_ARENA_H
#define HY_ARENA_H

#include <stddef.h>

typedef struct hy_arena hy_arena;

/* Creates an empty arena; returns NULL when out of memory. */
hy_arena *arena_new(void);

/* Frees every block of the arena and the arena itself; NULL is allowed. */
void arena_free(hy_arena *arena);

/* Returns n bytes aligned for any type, or NULL when out of memory. */
void *arena_alloc(hy_arena *arena, size_t n);

/* Returns n zeroed bytes, or NULL when out of memory. */
void *arena_calloc(hy_arena *arena, size_t n);

/* Copies the n bytes at s into the arena and terminates them with NUL. */
char *arena_strndup(hy_arena *arena, const char *s, size_t n);

/* Copies the NUL-terminated string s into the arena; NULL gives NULL. */
char *arena_strdup(hy_arena *arena, const char *s);

/* printf into the arena; returns NULL when out of memory. */
char *arena_printf(hy_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Bytes handed out so far (for memory reports). */
size_t arena_used(const hy_arena *arena);

#endif
