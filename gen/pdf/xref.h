/*
 * xref.h - where each object of a streamed PDF is (pdfstream.h), kept in the
 * few bytes it takes to say it until the cross-reference stream is written.
 *
 * A book's sheet is ~290 objects, nearly all of them structure elements
 * packed into one object stream per drawing, numbered one after another: a
 * row of 9 bytes each (W [1 4 4]) was ~2.6 KB a sheet, held from the first
 * page to the last, 260 MB at 100,000 sheets. Here the objects of an object
 * stream are one run (12 bytes) and each object written at an offset one
 * pair (8 bytes): a few dozen bytes a sheet. The rows are made at the end,
 * for the cross-reference stream alone.
 */
#ifndef HY_XREF_H
#define HY_XREF_H

#include <stddef.h>
#include <stdint.h>

typedef struct hy_xref hy_xref;

/* An empty table; NULL when out of memory. */
hy_xref *xref_new(void);

struct hy_arena;

/* An empty table whose arrays grow in arena (util/arena.h): a spill arena's
 * scratch file, for a book of 100,000 sheets (~80 bytes a sheet, until the
 * end). The arena must outlive the table. NULL when out of memory. */
hy_xref *xref_new_in(struct hy_arena *arena);

/* Frees it; NULL is allowed. */
void xref_free(hy_xref *x);

/* Object obj (1 or more) starts at byte off of the file. Returns 0, or -1
 * when out of memory or off does not fit the rows' 4 bytes (a 4 GB file). */
int xref_at(hy_xref *x, unsigned obj, uint64_t off);

/* Objects first .. first + n - 1 are objects 0 .. n - 1 of object stream
 * stm. Returns 0, or -1 when out of memory. */
int xref_in_stream(hy_xref *x, unsigned first, size_t n, unsigned stm);

/* The bytes the table holds, for tests that it stays small. */
size_t xref_size_bytes(const hy_xref *x);

/* The rows of a cross-reference stream with /W [1 4 4] for objects 0 ..
 * size - 1: rows[9 k ..] is type 1 (at an offset) or 2 (in an object
 * stream, at an index) for object k, or type 0 for object 0, the head of
 * the free list (generation 65535). *rows is malloc'ed, 9 * size bytes.
 * Returns 0; -1 when out of memory or an object from 1 to size - 1 was
 * never located (or one is beyond size), *rows then NULL. Sorts the table
 * as xref_fill does. */
int xref_rows(hy_xref *x, unsigned size, unsigned char **rows);

/* Fills rows (9 bytes each, as xref_rows) for objects from .. from + n - 1
 * of a table of size objects, for a cross-reference stream written a piece
 * at a time. Ranges must come in order from 0 with no gap; the first call
 * sorts the table (which then takes no more xref_at or xref_in_stream).
 * Returns 0, or -1 when an object of the range other than 0 was never
 * located or one was located beyond size. */
int xref_fill(hy_xref *x, unsigned size, unsigned from, unsigned n, unsigned char *rows);

#endif
