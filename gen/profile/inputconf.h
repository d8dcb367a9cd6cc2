/*
 * inputconf.h - the input folder's own settings, INPUT/hyoka.conf: which city
 * profile to use and what only the data's owner knows (the city's name, the
 * report's title, the fiscal years of unlabelled column blocks).
 *
 * The file is `key = value` lines; `#` starts a comment; a value runs to the
 * end of its line, spaces and Japanese included. Every key hyoka knows is in
 * one table in inputconf.c; an unknown key is an error naming file and line,
 * so a typo never silently falls back to a default.
 */
#ifndef HY_INPUTCONF_H
#define HY_INPUTCONF_H

#include "util/err.h"

typedef struct hy_input_conf {
    char *path;          /* INPUT/hyoka.conf, or NULL when the folder has none */
    char *profile;       /* `profile = nemuro`: the city profile to use, or NULL */
    char *city;          /* `city = 根室市`: the municipality's name, or NULL */
    char *title;         /* `title = 事務事業評価シート`: the document title, or NULL */
    char *block_years;   /* `block_years = R2 R3 R4 R5 R6 R7`: fiscal years of unlabelled
                            repeated column blocks, in column order, as written, or NULL */
    char *previous;      /* `previous = ../2023`: last year's data folder, relative to
                            this folder unless absolute, or NULL */
} hy_input_conf;

/* Reads input_dir/hyoka.conf into a new conf. A folder without one (or an input
 * that is a single file) gives a conf whose members are all NULL. Returns HY_OK,
 * HY_EUSAGE naming file and line of a malformed line or unknown key, or HY_EIO. */
int inputconf_read(const char *input_dir, hy_input_conf **out, hy_err *err);

/* Parses hyoka.conf text; path is used in messages and kept in conf->path. */
int inputconf_parse(const char *path, const char *text, hy_input_conf **out, hy_err *err);

/* Frees the conf; NULL is allowed. */
void inputconf_free(hy_input_conf *conf);

#endif
