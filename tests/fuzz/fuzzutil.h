/*
 * fuzzutil.h - what the libFuzzer harnesses (tests/fuzz/fuzz_*.c) share.
 *
 * The readers of .xlsx, .xls and columns.conf take a path, not bytes, so a
 * harness writes each input to one scratch file of its own and hands over the
 * path: that is the way hyoka meets those files, and it keeps the readers'
 * interfaces as they are.
 */
#ifndef HY_FUZZUTIL_H
#define HY_FUZZUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Writes data to this process's scratch file (created once under $TMPDIR or
 * /tmp, with the given suffix so readers that look at the extension accept it)
 * and returns its path; aborts when the file cannot be written, which is a
 * broken machine, not a finding. */
const char *fuzz_scratch_file(const char *suffix, const uint8_t *data, size_t size);

/* A NUL-terminated malloc'ed copy of data (NUL bytes inside are kept: the
 * parsers then see a shorter text, as they would from a file). Aborts when out
 * of memory. */
char *fuzz_strndup(const uint8_t *data, size_t size);

#endif
