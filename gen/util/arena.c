/* madvise and O_TMPFILE are Linux extensions to POSIX */
#define _GNU_SOURCE
#include "util/arena.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Blocks grow with use so that a small data set stays small and a large one
 * does not pay a malloc per few kilobytes. */
enum { ARENA_FIRST_BLOCK = 16 * 1024, ARENA_MAX_BLOCK = 4 * 1024 * 1024 };

/* A spill arena maps its file in blocks of this size (or of one larger
 * allocation): the file is sparse, so a small data set costs little disk. */
enum { SPILL_BLOCK = 8 * 1024 * 1024 };

typedef struct arena_block {
    struct arena_block *prev;
    size_t size, used;
    size_t mapped;               /* spill: the bytes mapped at the block, header included */
    max_align_t data[];
} arena_block;

/* What the spill arenas of one budget share (arena_new_spill_beside). The
 * look is at the whole process's mapped pages, so one budget for all of them
 * holds what is mapped to one budget: with a mark each, one arena's release
 * left a mark the others' pages had raised, and each let 4 MB in on top. */
typedef struct spill_budget {
    pthread_mutex_t lock;        /* the members, and releasing them */
    hy_arena *members;           /* linked by next_member */
    size_t nmembers;
    atomic_size_t steps;         /* arena_step's count (walks may run on several threads) */
    atomic_size_t mapped_mark;   /* file pages mapped when the members last released */
    int statm_fd;                /* /proc/self/statm, for arena_step */
    size_t budget_pages;         /* ARENA_RESIDENT_BUDGET in pages */
} spill_budget;

struct hy_arena {
    /* the newest block: written by the arena's owner, read by a release on
     * another thread (a step of another member of its budget) */
    _Atomic(arena_block *) head;
    size_t next_size;
    size_t used;
    int fd;                      /* the spill file, or -1 for an arena in memory */
    off_t file_size;             /* bytes of the spill file mapped so far */
    spill_budget *budget;        /* a spill arena's, shared with the arenas beside it */
    hy_arena *next_member;       /* in budget->members */
};

hy_arena *arena_new(void)
{
    hy_arena *arena = calloc(1, sizeof *arena);
    if (arena) {
        arena->next_size = ARENA_FIRST_BLOCK;
        arena->fd = -1;
    }
    return arena;
}

/* An unnamed file in $TMPDIR (else /tmp): nothing to remove afterwards, even
 * when the run is killed. Where O_TMPFILE is not supported, a named file
 * unlinked at once. */
int arena_scratch_fd(void)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    int fd;
#ifdef O_TMPFILE
    fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
#endif
    size_t n = strlen(dir) + sizeof "/hyoka-spill.XXXXXX";
    char *path = malloc(n);
    if (!path)
        return -1;
    snprintf(path, n, "%s/hyoka-spill.XXXXXX", dir);
    fd = mkstemp(path);
    if (fd >= 0)
        unlink(path);
    free(path);
    return fd;
}

static spill_budget *budget_new(void)
{
    spill_budget *b = calloc(1, sizeof *b);
    if (!b || pthread_mutex_init(&b->lock, NULL) != 0) {
        free(b);
        return NULL;
    }
    b->statm_fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    long page = sysconf(_SC_PAGESIZE);
    b->budget_pages = ARENA_RESIDENT_BUDGET / (size_t)(page > 0 ? page : 4096);
    return b;
}

static void budget_free(spill_budget *b)
{
    if (b->statm_fd >= 0)
        close(b->statm_fd);
    pthread_mutex_destroy(&b->lock);
    free(b);
}

hy_arena *arena_new_spill_beside(hy_arena *peer)
{
    hy_arena *arena = arena_new();
    if (!arena)
        return NULL;
    arena->fd = arena_scratch_fd();
    if (arena->fd < 0)
        return arena;   /* in memory: nothing to budget */
    spill_budget *b = peer && peer->budget ? peer->budget : budget_new();
    if (!b) {
        arena_free(arena);
        return NULL;
    }
    pthread_mutex_lock(&b->lock);
    arena->next_member = b->members;
    b->members = arena;
    b->nmembers++;
    pthread_mutex_unlock(&b->lock);
    arena->budget = b;
    return arena;
}

hy_arena *arena_new_spill(void)
{
    return arena_new_spill_beside(NULL);
}

/* Takes the arena out of its budget's members; frees the budget with its last. */
static void leave_budget(hy_arena *arena)
{
    spill_budget *b = arena->budget;
    pthread_mutex_lock(&b->lock);
    hy_arena **at = &b->members;
    while (*at != arena)
        at = &(*at)->next_member;
    *at = arena->next_member;
    size_t left = --b->nmembers;
    pthread_mutex_unlock(&b->lock);
    if (left == 0)
        budget_free(b);
}

void arena_free(hy_arena *arena)
{
    if (!arena)
        return;
    if (arena->budget)
        leave_budget(arena);
    arena_block *b = atomic_load_explicit(&arena->head, memory_order_relaxed);
    while (b) {
        arena_block *prev = b->prev;
        if (b->mapped)
            munmap(b, b->mapped);
        else
            free(b);
        b = prev;
    }
    if (arena->fd >= 0)
        close(arena->fd);
    free(arena);
}

/* A block of at least n bytes of data in the spill file, or NULL (then the
 * arena goes on in memory: the file system may be full). */
static arena_block *spill_block(hy_arena *arena, size_t n)
{
    long page = sysconf(_SC_PAGESIZE);
    size_t psz = page > 0 ? (size_t)page : 4096;
    size_t want = sizeof(arena_block) + n;
    if (want < SPILL_BLOCK)
        want = SPILL_BLOCK;
    want = (want + psz - 1) / psz * psz;
    /* The disk space is taken now: a mapped page the file system cannot
     * store when it is first written ends the process (SIGBUS), while a
     * block refused here only means the arena goes on in memory. */
    int r = fallocate(arena->fd, 0, arena->file_size, (off_t)want);
    if (r != 0 && errno != EOPNOTSUPP)
        return NULL;
    if (r != 0 && ftruncate(arena->fd, arena->file_size + (off_t)want) != 0)
        return NULL;
    void *p = mmap(NULL, want, PROT_READ | PROT_WRITE, MAP_SHARED, arena->fd, arena->file_size);
    if (p == MAP_FAILED)
        return NULL;
    /* The page cache may hold the file in 2 MB folios, and one read would
     * then map all 2 MB: a walk touching a project here and there would
     * bring the whole data set in. Pages of 4 KB keep what is mapped what
     * is touched. */
    madvise(p, want, MADV_NOHUGEPAGE);
    arena->file_size += (off_t)want;
    arena_block *b = p;
    b->mapped = want;
    b->size = want - sizeof(arena_block);
    return b;
}

/* A new block for n bytes: from the spill file when the arena has one. */
static arena_block *new_block(hy_arena *arena, size_t n)
{
    arena_block *b = arena->fd >= 0 ? spill_block(arena, n) : NULL;
    if (!b) {
        size_t size = arena->next_size;
        if (size < n)
            size = n;
        b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->size = size;
        b->mapped = 0;
        if (arena->next_size < ARENA_MAX_BLOCK)
            arena->next_size *= 2;
    }
    b->prev = atomic_load_explicit(&arena->head, memory_order_relaxed);
    b->used = 0;
    /* published whole: a release on another thread walks from head */
    atomic_store_explicit(&arena->head, b, memory_order_release);
    return b;
}

/* This process's resident pages mapped from files (statm's third figure: the
 * spill files' pages, and the program's and its libraries'); 0 when unknown.
 * statm is kept open (budget_new): opening it costs more than reading. */
static size_t file_pages(const spill_budget *b)
{
    char text[128];
    ssize_t n = b->statm_fd >= 0 ? pread(b->statm_fd, text, sizeof text - 1, 0) : -1;
    unsigned long size, resident, shared;
    if (n <= 0)
        return 0;
    text[n] = '\0';
    return sscanf(text, "%lu %lu %lu", &size, &resident, &shared) == 3 ? shared : 0;
}

int arena_swelled(hy_arena *arena)
{
    spill_budget *b = arena ? arena->budget : NULL;
    if (!b)
        return 0;
    size_t now = file_pages(b);
    size_t mark = atomic_load_explicit(&b->mapped_mark, memory_order_relaxed);
    return now > mark && now - mark > b->budget_pages;
}

void arena_step(hy_arena *arena)
{
    spill_budget *b = arena ? arena->budget : NULL;
    if (b && atomic_fetch_add_explicit(&b->steps, 1, memory_order_relaxed) % ARENA_STEP_CHECK == 0 &&
        arena_swelled(arena))
        arena_release(arena);
}

/* For a shared mapping of a file, MADV_DONTNEED only drops this process's
 * pages: what was written stays in the file (the page cache, then disk), and
 * the next touch maps it in again. So pointers stay valid, and a block its
 * owner is writing on another thread meanwhile loses nothing. */
static void release_blocks(hy_arena *arena)
{
    arena_block *b = atomic_load_explicit(&arena->head, memory_order_acquire);
    for (; b; b = b->prev)
        if (b->mapped)
            madvise(b, b->mapped, MADV_DONTNEED);
}

void arena_release(hy_arena *arena)
{
    spill_budget *b = arena ? arena->budget : NULL;
    if (!b)
        return;   /* in memory: nothing is mapped from a file */
    pthread_mutex_lock(&b->lock);
    for (hy_arena *m = b->members; m; m = m->next_member)
        release_blocks(m);
    atomic_store_explicit(&b->mapped_mark, file_pages(b), memory_order_relaxed);
    pthread_mutex_unlock(&b->lock);
}

/* Takes n bytes from the current block (or a new one), starting at a multiple
 * of align. Strings ask for align 1: a spreadsheet is mostly short strings, and
 * rounding each up to 16 bytes cost a fifth of a data set's memory. */
static void *take(hy_arena *arena, size_t n, size_t align)
{
    arena_block *b = atomic_load_explicit(&arena->head, memory_order_relaxed);
    size_t start = b ? (b->used + align - 1) / align * align : 0;
    if (!b || start > b->size || b->size - start < n) {
        if (!(b = new_block(arena, n)))
            return NULL;
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

void *arena_grow(hy_arena *arena, void *old, size_t old_size, size_t new_size)
{
    char *p = arena_alloc(arena, new_size);
    size_t n = old && p ? (old_size < new_size ? old_size : new_size) : 0;
    /* A spill arena's large array is copied a megabyte at a time, the pages
     * of its budget handed back before and between: both copies whole would
     * be mapped at once. Four megabytes a time, on top of the budget's own,
     * was the peak of a 100,000-project book (its cross-reference table
     * doubling while the bookmarks are written). */
    enum { STEP = 1024 * 1024 };
    int piecewise = arena->budget && n > STEP;
    if (piecewise)
        arena_release(arena);
    for (size_t done = 0; done < n; done += STEP) {
        memcpy(p + done, (const char *)old + done, n - done < STEP ? n - done : STEP);
        if (piecewise)
            arena_release(arena);
    }
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
