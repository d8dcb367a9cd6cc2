#include "fuzzutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One per process: a harness runs inputs one after another. Not thread-safe,
 * and libFuzzer does not need it to be. The file is removed at exit. */
static char scratch_path[4096];

static void fuzz_remove_scratch(void)
{
    if (scratch_path[0])
        unlink(scratch_path);
}

const char *fuzz_scratch_file(const char *suffix, const uint8_t *data, size_t size)
{
    if (!scratch_path[0]) {
        const char *dir = getenv("TMPDIR");
        snprintf(scratch_path, sizeof scratch_path, "%s/hyoka-fuzz-%ld%s",
                 dir && *dir ? dir : "/tmp", (long)getpid(), suffix);
        atexit(fuzz_remove_scratch);
    }
    FILE *fp = fopen(scratch_path, "wb");
    if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0) {
        perror(scratch_path);
        abort();
    }
    return scratch_path;
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}
