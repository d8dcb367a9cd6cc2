/*
 * diag.h - problems found in a city's data, each tied to the place it came from.
 *
 * Validation never stops at the first problem: the planning section fixes a
 * spreadsheet once per round trip with a department, so every problem of a run
 * is collected here and reported together as `file[sheet]!C12: severity: message`,
 * the form editors and CI logs already understand.
 */
#ifndef HY_DIAG_H
#define HY_DIAG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/arena.h"

/* Where a value came from. The strings must outlive the diagnostics that copy
 * the location (they are kept by pointer); the data set's arena is such a place. */
typedef struct hy_loc {
    const char *file;   /* path as the user gave it */
    const char *sheet;  /* worksheet name inside a workbook; NULL for CSV */
    uint32_t row;       /* 1-based row as a spreadsheet program shows it; 0 = whole file */
    uint32_t col;       /* 1-based column; 0 = the whole row */
} hy_loc;

typedef enum hy_severity { DIAG_ERROR, DIAG_WARNING } hy_severity;

typedef struct hy_diag {
    hy_severity severity;
    hy_loc loc;
    const char *message;  /* in the owning hy_diags' arena */
} hy_diag;

typedef struct hy_diags {
    hy_diag *items;
    size_t count, cap;
    size_t errors, warnings;
    hy_arena *arena;      /* holds the messages */
    int out_of_memory;    /* set when a diagnostic could not be recorded */
    const char *root;     /* the input folder: the tables written from the list name
                             files relative to it, so they do not depend on how the
                             folder was spelled (in, ./in/, /abs/in); NULL: as given */
} hy_diags;

/* Creates an empty list; NULL when out of memory. */
hy_diags *diags_new(void);

/* Frees the list and its messages; NULL is allowed. */
void diags_free(hy_diags *diags);

/* Records one problem at loc (NULL for one that concerns no file). The location's
 * strings are kept by pointer, the formatted message is copied. */
void diag_add(hy_diags *diags, hy_severity severity, const hy_loc *loc,
              const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Shorthands for diag_add with DIAG_ERROR and DIAG_WARNING. */
#define diag_error(d, loc, ...) diag_add((d), DIAG_ERROR, (loc), __VA_ARGS__)
#define diag_warn(d, loc, ...) diag_add((d), DIAG_WARNING, (loc), __VA_ARGS__)

/* Appends every diagnostic of src to dst, in order (the strings stay owned by src's
 * arena for the message copies made here, so src may be freed afterwards). */
void diags_merge(hy_diags *dst, const hy_diags *src);

/* Formats a location as a clerk finds it in Excel: `file!C12`, or
 * `file[sheet]!C12` in a workbook; `file[sheet]:12` for a whole row, the file
 * alone when there is no row. */
void diag_format_loc(const hy_loc *loc, char *out, size_t size);

/* Writes the cell's name as Excel gives it (row 12, column 3: C12) into out;
 * column 0 leaves the letters out. */
void diag_cell_name(uint32_t row, uint32_t col, char *out, size_t size);

/* Writes s to fp with every control character visible instead of raw: C0
 * (line breaks included) and DEL as \xHH, C1 and the bidirectional overrides
 * and isolates (U+202A-202E, U+2066-2069) as \uHHHH. Text from a city's files
 * goes to a terminal only this way: an ESC could rewrite the screen, a newline
 * forge a line of output, a U+202E reverse what follows. */
void diag_put_visible(FILE *fp, const char *s);

/* Prints every diagnostic, one line each, in the order they were recorded,
 * their text made visible by diag_put_visible; identical problems (same file,
 * sheet, column and message on other rows) are printed once, followed by
 * `(the same problem 70 times: first C12, last C410; every one is in
 * validation.csv)`. */
void diags_print(const hy_diags *diags, FILE *fp);

/* Prints the diagnostics recorded from index `from` on (those a later stage added). */
void diags_print_from(const hy_diags *diags, size_t from, FILE *fp);

/* The file of loc as the written tables name it: relative to diags->root
 * when inside it ("." for the root itself), else as given; "" for none. */
const char *diag_file_name(const hy_diags *diags, const hy_loc *loc);

/* Writes the diagnostics as a UTF-8 CSV table
 * (severity,file,sheet,row,column,message) to fp; returns 0, or -1 on a write error. */
int diags_write_csv(const hy_diags *diags, FILE *fp);

#endif
