/*
 * sums.h - SHA256SUMS for a folder of published files, in the format
 * `sha256sum -c` checks: one line per file, `HEX  PATH`, sorted by path (byte
 * order), so the same files give the same bytes on every run.
 */
#ifndef HY_SUMS_H
#define HY_SUMS_H

#include "util/err.h"

/* Writes dir/SHA256SUMS over every regular file under dir (recursively, paths
 * relative to dir; SHA256SUMS itself and symbolic links left out). Returns
 * HY_OK or HY_EIO with err naming the file. */
int sums_write(const char *dir, hy_err *err);

/* The SHA-256 of a file as 64 lowercase hex digits into hex[65]. */
int sums_file(const char *path, char hex[65], hy_err *err);

#endif
