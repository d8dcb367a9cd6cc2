/* libFuzzer harness: the CSV reader with encoding detection (ingest/csv.c,
 * ingest/encoding.c). The first byte chooses detection or a forced encoding,
 * the rest is the file. Limits are small so that their paths are reached. */
#include <stdint.h>
#include <stdlib.h>

#include "ingest/csv.h"
#include "ingest/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const forced[4] = {NULL, NULL, "UTF-8", "CP932"};
    if (size < 1)
        return 0;
    hy_ingest_opts opts;
    ingest_default_opts(&opts);
    opts.encoding = forced[data[0] & 3];
    opts.limits.max_cell_bytes = 256;
    opts.limits.max_rows = 200;
    opts.limits.max_cols = 64;
    hy_arena *arena = arena_new();
    hy_book *book = arena ? arena_calloc(arena, sizeof *book) : NULL;
    hy_diags *diags = diags_new();
    if (!book || !diags)
        abort();
    book->arena = arena;
    book->file = "fuzz.csv";
    hy_err err;
    err_clear(&err);
    /* data + 1 is not NUL-terminated: the reader must honour the length */
    csv_read_buffer("fuzz.csv", (const char *)data + 1, size - 1, &opts, book, diags, &err);
    for (size_t s = 0; s < book->nsheets; s++)
        for (size_t r = 0; r < book->sheets[s].nrows; r++)
            for (uint32_t c = 1; c <= book->sheets[s].rows[r].ncells; c++)
                (void)row_text(&book->sheets[s].rows[r], c);
    diags_free(diags);
    book_free(book);
    return 0;
}
