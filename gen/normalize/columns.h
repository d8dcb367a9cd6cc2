/*
 * columns.h - which header means which column, by meaning rather than by
 * spelling.
 *
 * Departments word headers their own way (事業名, 事務事業名, 事業の名称; 道支出金,
 * 県支出金, 北海道), put years into them (基準値(H26), H27実績値, 目標値（R7）) and
 * mix full- and half-width characters. The table of canonical columns and their
 * aliases is data (templates/columns.conf, extended by a city's own file), so a
 * city teaches hyoka a new header without a rebuild. Headers are compared after
 * value_fold_key, so width and spacing differences never matter.
 */
#ifndef HY_COLUMNS_H
#define HY_COLUMNS_H

#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

/* The kinds of input table (spec section 2, and the KPI report's sheet). */
typedef enum hy_table_kind {
    HY_TABLE_PROJECTS,
    HY_TABLE_COSTS,
    HY_TABLE_INDICATORS,
    HY_TABLE_KPI,          /* one row per KPI, the project's columns repeated */
    HY_TABLE_KIND_COUNT,
    HY_TABLE_UNKNOWN = HY_TABLE_KIND_COUNT,
} hy_table_kind;

/* What a text column holds, declared in the file as `key:date` or `key:year`: normalize
 * reads such a cell (an impossible date is a row error, as any bad cell) so that
 * templates print what was read, not what was typed. */
typedef enum hy_column_type {
    HY_COLUMN_TEXT,
    HY_COLUMN_DATE,               /* 作成年月: 令和6年7月, 2019-07-24, H22.6.17 */
    HY_COLUMN_YEAR,               /* 開始時期: 昭和47年度, 1972, S47 */
    HY_COLUMN_FILE,               /* 事業イメージ: a PNG or JPEG file, relative to the table's */
} hy_column_type;

typedef struct hy_column_def {
    hy_table_kind table;
    const char *key;              /* canonical name: code, name, total, baseline ... */
    hy_column_type type;          /* `key:date`, `key:year`; text otherwise */
    const char *label;            /* its first header as the file writes it (事業コード),
                                     the name hyoka prints the column under */
    const char **aliases;         /* folded (value_fold_key) */
    size_t naliases;
} hy_column_def;

typedef struct hy_columns {
    hy_arena *arena;
    hy_column_def *defs;
    size_t ndefs, cap;
} hy_columns;

/* What a header says. */
typedef struct hy_header_match {
    const char *key;              /* canonical key, or NULL when unknown */
    int fiscal_year;              /* a year written in the header, or 0 */
} hy_header_match;

/* Loads a column file ([table] sections of `key = alias | alias`). Returns HY_OK,
 * or HY_EUSAGE naming the file and line, or HY_EIO. */
int columns_load(const char *path, hy_columns **out, hy_err *err);

/* Adds the aliases (and new keys) of another file, e.g. a city's own. */
int columns_add_file(hy_columns *cols, const char *path, hy_err *err);

/* Frees the table; NULL is allowed. */
void columns_free(hy_columns *cols);

/* Matches a header of a table of the given kind. The whole header is tried
 * first, then the header with a year taken out of it. Returns 1 on a match. */
int columns_match(const hy_columns *cols, hy_table_kind table, const char *header,
                  hy_header_match *out);

/* Matches a header already folded with value_fold_key (no year handling). */
const char *columns_match_folded(const hy_columns *cols, hy_table_kind table, const char *folded);

/* The canonical keys of a table kind, in file order, into keys (room for max);
 * returns how many there are. */
size_t columns_keys(const hy_columns *cols, hy_table_kind table, const char **keys, size_t max);

/* A header that matches no column but comes one edit (a character added,
 * dropped or changed, on the folded forms, of headers of 3 or more) or one
 * space-separated word away from a known one: that column's key, and its
 * printed name in *alias; NULL when none is that near. */
const char *columns_near(const hy_columns *cols, hy_table_kind table, const char *header,
                         const char **alias);

/* What a canonical column holds (HY_COLUMN_TEXT for an unknown key). */
hy_column_type columns_type(const hy_columns *cols, hy_table_kind table, const char *key);

/* The printed name of a canonical column (its first header in the columns
 * files: 事業コード for code), or NULL when the table kind has no such key. */
const char *columns_label(const hy_columns *cols, hy_table_kind table, const char *key);

/* The name of a table kind as columns files and messages write it. */
const char *table_kind_name(hy_table_kind kind);

#endif
