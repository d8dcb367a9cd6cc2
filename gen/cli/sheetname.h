/*
 * sheetname.h - the file name each project's sheet gets under OUT/sheets/.
 *
 * The name is the project's code, readable: a kanji code stays kanji (UTF-8),
 * or, where the city's profile asks for ASCII names (`file_names = ascii`, for
 * a web server or share that mangles UTF-8), its non-ASCII bytes are
 * percent-encoded (%E6%A0%B9). Characters no file name may hold (/ \ : * ? " < > | . and
 * spaces) become _, so no code can name a path outside the folder; a name
 * Windows reserves (CON, PRN, AUX, NUL, COM1-9, LPT1-9, in any case) gets a _
 * appended; and since an SMB share does not tell Abc.pdf from ABC.pdf, two codes
 * that differ only by ASCII case, or that became the same name, get ~2, ~3 ...
 * in data-set order. Assigning n names takes expected linear time (a hash
 * table keyed by the case-folded name), where a scan per name was cubic.
 */
#ifndef HY_SHEETNAME_H
#define HY_SHEETNAME_H

#include <stddef.h>

#include "util/arena.h"

typedef enum hy_sheetname_style {
    SHEETNAME_UTF8,     /* non-ASCII characters kept as they are */
    SHEETNAME_ASCII,    /* non-ASCII bytes percent-encoded */
} hy_sheetname_style;

/* The safe base name (without .pdf) for code into out (size bytes, at least
 * 16); cut on a character boundary so that it fits. */
void sheetname_base(const char *code, hy_sheetname_style style, char *out, size_t size);

/* The file name ("<base>.pdf") of each of n codes, unique without regard to
 * ASCII case; a NULL code gets no name (NULL). The names and the array of
 * them are allocated in arena, nothing stays on the heap: in a data set's
 * spill arena 100,000 names are paged out like the data. NULL when out of
 * memory (what was allocated stays in the arena). */
const char **sheetname_assign(const char *const *codes, size_t n, hy_sheetname_style style,
                              hy_arena *arena);

#endif
