#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "util/buf.h"

int test_main(const char *suite, const hy_test *tests)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    CU_pSuite s = CU_add_suite(suite, NULL, NULL);
    if (!s) {
        CU_cleanup_registry();
        return 2;
    }
    for (const hy_test *t = tests; t->name; t++)
        if (!CU_add_test(s, t->name, t->fn)) {
            CU_cleanup_registry();
            return 2;
        }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failures = CU_get_number_of_failures();
    unsigned ran = CU_get_number_of_tests_run();
    CU_cleanup_registry();
    return failures || ran == 0 ? 1 : 0;
}

const char *test_src(const char *rel)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", HYOKA_SOURCE_DIR, rel);
    return path;
}

char *test_tmpdir(const char *tag)
{
    char base[4096];
    snprintf(base, sizeof base, "%s/test-tmp", HYOKA_BINARY_DIR);
    mkdir(base, 0777);
    size_t n = strlen(base) + strlen(tag) + 16;
    char *dir = malloc(n);
    if (!dir)
        return NULL;
    snprintf(dir, n, "%s/%s.XXXXXX", base, tag);
    if (!mkdtemp(dir)) {
        free(dir);
        return NULL;
    }
    return dir;
}

int test_sh(const char *cmd, char **out)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    hy_buf b = HY_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        buf_append(&b, chunk, n);
    int status = pclose(p);
    if (out)
        *out = buf_detach(&b);
    else
        buf_free(&b);
    if (status == -1 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

char *test_slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    hy_buf b = HY_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        buf_append(&b, chunk, n);
    fclose(fp);
    if (len)
        *len = b.len;
    return buf_detach(&b);
}

int test_write(const char *path, const void *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return -1;
    size_t n = fwrite(data, 1, len, fp);
    return fclose(fp) == 0 && n == len ? 0 : -1;
}

int test_contains(const char *haystack, const char *needle)
{
    return haystack && needle && strstr(haystack, needle) != NULL;
}

struct hy_book *test_book(const char *file, const char *const *cells, size_t nrows, size_t ncols)
{
    /* like the readers: the book itself lives in its arena */
    hy_arena *arena = arena_new();
    hy_book *book = arena_calloc(arena, sizeof *book);
    book->arena = arena;
    book->file = arena_strdup(book->arena, file);
    book->sheets = arena_calloc(book->arena, sizeof *book->sheets);
    book->nsheets = 1;
    hy_sheet *sh = &book->sheets[0];
    sh->file = book->file;
    sh->rows = arena_calloc(book->arena, (nrows ? nrows : 1) * sizeof *sh->rows);
    sh->nrows = nrows;
    sh->ncols = (uint32_t)ncols;
    for (size_t r = 0; r < nrows; r++) {
        hy_row *row = &sh->rows[r];
        row->number = (uint32_t)r + 1;
        row->ncells = (uint32_t)ncols;
        row->cells = arena_calloc(book->arena, (ncols ? ncols : 1) * sizeof *row->cells);
        for (size_t c = 0; c < ncols; c++) {
            const char *t = cells[r * ncols + c];
            if (t && *t) {
                row->cells[c].text = arena_strdup(book->arena, t);
                row->cells[c].type = HY_CELL_TEXT;
            }
        }
    }
    return book;
}
