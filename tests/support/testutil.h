/*
 * testutil.h - what every CUnit program of hyoka's needs: running its suite
 * with an honest exit status (CUnit 2.1-3 never sets one), paths into the
 * source tree, scratch folders, and running commands to read what they print.
 */
#ifndef HY_TESTUTIL_H
#define HY_TESTUTIL_H

#include <CUnit/Basic.h>
#include <stddef.h>

typedef struct hy_test {
    const char *name;
    CU_TestFunc fn;
} hy_test;

/* Registers one suite of tests (the array ends with {NULL, NULL}), runs it in
 * verbose mode and returns the exit status for main: 0 only if nothing failed. */
int test_main(const char *suite, const hy_test *tests);

/* A path under the source tree (HYOKA_SOURCE_DIR/rel), in a static buffer
 * that the next call overwrites. */
const char *test_src(const char *rel);

/* Creates a fresh empty folder under the build tree and returns its path
 * (malloc'ed; the caller frees it). */
char *test_tmpdir(const char *tag);

/* Runs a shell command, returns its exit status (or -1) and, when out is not
 * NULL, everything it printed on stdout (malloc'ed). */
int test_sh(const char *cmd, char **out);

/* Reads a whole file (malloc'ed, NUL-terminated), or NULL. */
char *test_slurp(const char *path, size_t *len);

/* Writes len bytes to a file; returns 0 or -1. */
int test_write(const char *path, const void *data, size_t len);

/* Does haystack contain needle? For asserting on extracted PDF text. */
int test_contains(const char *haystack, const char *needle);

/* Builds a one-sheet book from a table of cell texts (NULL or "" is a blank
 * cell), rows of ncols cells, as a CSV reader would; row numbers start at 1.
 * Free it with book_free. */
struct hy_book;
struct hy_book *test_book(const char *file, const char *const *cells, size_t nrows, size_t ncols);

#endif
