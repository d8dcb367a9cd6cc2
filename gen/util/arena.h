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

/* Creates an arena whose blocks live in an unnamed scratch file in $TMPDIR
 * (else /tmp), mapped into memory, rather than in the process's own memory:
 * for a data set that may outgrow the machine. See arena_release. When no
 * file can be made or grown, the arena goes on in memory. NULL when out of
 * memory. */
hy_arena *arena_new_spill(void);

/* A spill arena that shares peer's release budget (arena_step): what both
 * hold mapped counts against one ARENA_RESIDENT_BUDGET, and a release hands
 * back the pages of both. For what is walked beside the data set (the budget
 * link's rows, the book's tables). A NULL or in-memory peer: a budget of its
 * own, as arena_new_spill. NULL when out of memory. */
hy_arena *arena_new_spill_beside(hy_arena *peer);

/* An unnamed read-write file in $TMPDIR (else /tmp), as a spill arena's: for
 * other scratch data written and read back (util/spill.c, the book's cross-
 * reference). Nothing to remove afterwards. -1 when none can be made. */
int arena_scratch_fd(void);

/* Hands the pages of a spill arena, and of the arenas sharing its budget,
 * back to the system: they stay in the scratch file (and in the page cache
 * while memory is free) and are mapped in again when next touched, so every
 * pointer stays valid, on any thread. Does nothing for an arena in memory,
 * or NULL. */
void arena_release(hy_arena *arena);

/* How often arena_step looks, and how much it lets be mapped in. A step is
 * a project, and the kernel maps 64 KB around each page touched (fault-
 * around): a sheet's walk maps some 300 KB a step, so looking every 64
 * steps let 20 MB in between looks. A look (a pread of statm) costs a few
 * microseconds; a sheet, a millisecond. At 1,000 projects the whole data
 * set is about 5 MB: a budget of 4 MB keeps a run of 100,000 near that. */
enum { ARENA_STEP_CHECK = 8, ARENA_RESIDENT_BUDGET = 4 * 1024 * 1024 };

/* Counts one step of a walk over what a spill arena holds (a project, say).
 * Every ARENA_STEP_CHECK steps, counted across all walks, threads and the
 * arenas of one budget, it looks how much of the process's memory is mapped
 * from files, and when that grew by more than ARENA_RESIDENT_BUDGET since the
 * budget's arenas last released, releases them (arena_release). So a walk in
 * order releases seldom, and one that jumps about (one department's projects
 * among all) as often as it must: the kernel maps a touched page's
 * neighbours in with it. */
void arena_step(hy_arena *arena);

/* Has the process's memory mapped from files grown by more than
 * ARENA_RESIDENT_BUDGET since this spill arena's budget last released? For a
 * reader that releases several arenas together; 0 for an arena in memory. */
int arena_swelled(hy_arena *arena);

/* Frees every block of the arena and the arena itself; NULL is allowed. */
void arena_free(hy_arena *arena);

/* Returns n bytes aligned for any type, or NULL when out of memory. */
void *arena_alloc(hy_arena *arena, size_t n);

/* Returns n zeroed bytes, or NULL when out of memory. */
void *arena_calloc(hy_arena *arena, size_t n);

/* A new piece of new_size bytes holding the first old_size bytes of old
 * (which stays allocated, as all arena memory does): for arrays that grow
 * while a data set is read. NULL when out of memory. */
void *arena_grow(hy_arena *arena, void *old, size_t old_size, size_t new_size);

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
