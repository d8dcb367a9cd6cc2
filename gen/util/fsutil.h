/*
 * fsutil.h - files as a batch job needs them: read whole, create folders, and
 * write outputs under a temporary name that is renamed into place only when
 * complete, so that a failed or interrupted run never leaves a half-written
 * sheet where a city would publish it.
 */
#ifndef HY_FSUTIL_H
#define HY_FSUTIL_H

#include <stddef.h>
#include <stdio.h>

#include "util/err.h"

/* Reads the whole file into a malloc'ed buffer (NUL-terminated, *len excludes the
 * NUL). Refuses files larger than max_bytes. Returns HY_OK or HY_EIO with err set. */
int fs_read_file(const char *path, size_t max_bytes, char **data, size_t *len, hy_err *err);

/* Creates dir and its missing parents (like mkdir -p). Returns HY_OK or HY_EIO. */
int fs_mkdirs(const char *dir, hy_err *err);

/* Is path an existing directory? */
int fs_is_dir(const char *path);

/* An output file being written: `path` is where it will be, `tmp_path` where it
 * is written until fs_output_commit renames it. */
typedef struct hy_output {
    FILE *fp;             /* open on tmp_path for writing (binary) */
    char *path;
    char *tmp_path;
} hy_output;

/* Opens a temporary file next to path (same folder, so the rename is atomic). */
int fs_output_open(hy_output *out, const char *path, hy_err *err);

/* Names a temporary path next to path without opening it, for libraries that
 * open files themselves (libharu, libxlsxwriter); fs_output_commit or
 * fs_output_abort then apply as usual. */
int fs_output_reserve(hy_output *out, const char *path, hy_err *err);

/* Closes the file, checks that every byte reached the disk and renames it to
 * its final path. On failure the temporary file is removed. */
int fs_output_commit(hy_output *out, hy_err *err);

/* Closes and removes the temporary file; the final path is left untouched. */
void fs_output_abort(hy_output *out);

/* Puts the file from at to: a hard link when both are on one file system (a
 * sheet placed in OUT/public or merged from a shard costs no copy), else a
 * copy written through fs_output_open. */
int fs_link_or_copy(const char *from, const char *to, hy_err *err);

/* Joins a folder and a file name with one '/', malloc'ed; NULL when out of memory. */
char *fs_join(const char *dir, const char *name);

/* Is path the folder dir or somewhere inside it? Both are resolved (links,
 * `..`), path through its nearest existing parent, since an output folder
 * need not exist yet. 0 when dir cannot be resolved. */
int fs_is_within(const char *path, const char *dir);

/* The part of path after its last '/'. */
const char *fs_basename(const char *path);

#endif
