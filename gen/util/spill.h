/*
 * spill.h - records kept on disk instead of in memory until they are read
 * back, once, in the order they were written: an unlinked temporary file.
 *
 * A book learns the lines of its table of contents and the titles of its
 * bookmarks sheet by sheet but writes them only at the end (the contents
 * come first in the file but need every page number). Held in memory they
 * grew with every project; spilled, the book holds what it needs per
 * project only while it writes it.
 */
#ifndef HY_SPILL_H
#define HY_SPILL_H

#include <stddef.h>

#include "util/buf.h"

typedef struct hy_spill hy_spill;

/* An empty spill, in an unlinked temporary file (tmpfile(3): $TMPDIR is not
 * consulted, P_tmpdir is). NULL when it cannot be made. */
hy_spill *spill_new(void);

/* Closes the file, which disappears with it; NULL is allowed. */
void spill_free(hy_spill *s);

/* Appends one record of len bytes. Returns 0, or -1 when it cannot be
 * written (the disk is full) or reading has begun. */
int spill_put(hy_spill *s, const void *rec, size_t len);

/* How many records were put. */
size_t spill_count(const hy_spill *s);

/* Reads the next record, from the first on: its bytes into out (emptied
 * first, then NUL-terminated beyond len), its length into *len. Returns 1,
 * 0 when every record has been read, or -1 on a read error (or one of
 * spill_put's errors, reported now). */
int spill_get(hy_spill *s, hy_buf *out, size_t *len);

#endif
