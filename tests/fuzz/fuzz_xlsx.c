/* libFuzzer harness: the .xlsx reader (ingest/xlsx.c, ingest/zippart.c) on a
 * file of fuzzed bytes, through ingest_file as the pipeline calls it. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzzutil.h"
#include "ingest/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_scratch_file(".xlsx", data, size);
    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    opts.limits.max_cell_bytes = 4096;
    opts.limits.max_rows = 2000;
    opts.limits.max_cols = 256;
    opts.limits.max_part_bytes = (size_t)8 << 20;
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
