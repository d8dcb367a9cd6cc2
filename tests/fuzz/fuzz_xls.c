/* libFuzzer harness: the .xls reader entry (ingest/xls.c): the checks before
 * FreeXL, the child that runs it, and the parent that rebuilds the book from
 * what the child sends. Coverage comes from this process only; the child's
 * crashes and limits must come back as diagnostics, never as a crash here.
 *
 * FreeXL 1.0.6 itself reads out of bounds on damaged files (that is why it runs
 * in a child). In this build the child inherits the sanitizers and libFuzzer's
 * crash handler, which would record FreeXL's bug as a finding of hyoka's; so a
 * forked child that dies of a sanitizer report just exits with status 99, and
 * the parent must report that as an unreadable file like any other crash. */
#include <pthread.h>
#include <sanitizer/common_interface_defs.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzzutil.h"
#include "ingest/ingest.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_child_dies(void)
{
    _exit(99);
}

static void fuzz_in_child(void)
{
    __sanitizer_set_death_callback(fuzz_child_dies);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    pthread_atfork(NULL, NULL, fuzz_in_child);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_scratch_file(".xls", data, size);
    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    opts.limits.max_cell_bytes = 4096;
    opts.limits.max_rows = 2000;
    opts.limits.max_cols = 256;
    hy_diags *diags = diags_new();
    if (!diags)
        abort();
    hy_book *book = NULL;
    hy_err err;
    err_clear(&err);
    ingest_file(path, &opts, &book, diags, &err);
    book_free(book);
    diags_free(diags);
    return 0;
}
