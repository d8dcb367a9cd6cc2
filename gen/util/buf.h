/*
 * buf.h - a growable byte string, always NUL-terminated once anything has been
 * appended. Functions that can fail return 0 on success and -1 when out of memory;
 * after a failure the buffer keeps what it held before the call.
 */
#ifndef HY_BUF_H
#define HY_BUF_H

#include <stddef.h>

struct hy_arena;

typedef struct hy_buf {
    char *data;   /* NULL until the first append */
    size_t len;   /* bytes used, not counting the terminating NUL */
    size_t cap;   /* bytes allocated */
    struct hy_arena *arena;  /* grow here instead of the heap (a spill arena for a
                                file's text); buf_free then only empties the buffer */
} hy_buf;

#define HY_BUF_INIT {NULL, 0, 0, NULL}

/* Appends n bytes. */
int buf_append(hy_buf *b, const void *p, size_t n);

/* Appends a NUL-terminated string. */
int buf_puts(hy_buf *b, const char *s);

/* Appends one byte. */
int buf_putc(hy_buf *b, char c);

/* Appends formatted text. */
int buf_printf(hy_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Makes room for n more bytes without changing the contents. */
int buf_reserve(hy_buf *b, size_t n);

/* Empties the buffer but keeps its memory for reuse. */
void buf_reset(hy_buf *b);

/* Frees the memory (an arena's stays until the arena is freed); the buffer
 * is empty and usable again afterwards. */
void buf_free(hy_buf *b);

/* Returns the contents ("" when empty) as a malloc'ed string the caller owns
 * (the arena's, for a buffer in an arena), leaving the buffer empty; NULL
 * when out of memory. */
char *buf_detach(hy_buf *b);

/* The contents as a C string: "" when nothing was appended. */
const char *buf_str(const hy_buf *b);

#endif
