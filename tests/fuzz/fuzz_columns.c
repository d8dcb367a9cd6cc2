/* libFuzzer harness: columns.conf (normalize/columns.c), loaded and then
 * asked to match a few headers, as the header recognizer does. */
#include <stdint.h>
#include <stdlib.h>

#include "fuzzutil.h"
#include "normalize/columns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const headers[] = {"事業コード", "事業名", "基準値(H26)", "R7目標値",
                                          "", "総事業費（千円）"};
    const char *path = fuzz_scratch_file(".conf", data, size);
    hy_columns *cols = NULL;
    hy_err err;
    err_clear(&err);
    if (columns_load(path, &cols, &err) == HY_OK && cols) {
        for (int t = 0; t < HY_TABLE_KIND_COUNT; t++) {
            const char *keys[64];
            size_t n = columns_keys(cols, (hy_table_kind)t, keys, 64);
            for (size_t k = 0; k < n && k < 64; k++)
                (void)columns_label(cols, (hy_table_kind)t, keys[k]);
            for (size_t h = 0; h < sizeof headers / sizeof *headers; h++) {
                hy_header_match m;
                columns_match(cols, (hy_table_kind)t, headers[h], &m);
            }
        }
    }
    columns_free(cols);
    return 0;
}
