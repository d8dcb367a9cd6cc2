#include "util/spill.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/arena.h"

struct hy_spill {
    FILE *fp;
    size_t count;        /* records put */
    size_t read;         /* records read back */
    int reading;
    int failed;          /* a put failed: what is read back would be short */
};

hy_spill *spill_new(void)
{
    hy_spill *s = calloc(1, sizeof *s);
    int fd = s ? arena_scratch_fd() : -1;
    if (s && !(s->fp = fd >= 0 ? fdopen(fd, "w+b") : NULL)) {
        if (fd >= 0)
            close(fd);
        free(s);
        return NULL;
    }
    return s;
}

void spill_free(hy_spill *s)
{
    if (!s)
        return;
    fclose(s->fp);
    free(s);
}

int spill_put(hy_spill *s, const void *rec, size_t len)
{
    uint64_t n = len;
    if (s->reading || s->failed || fwrite(&n, sizeof n, 1, s->fp) != 1 ||
        (len && fwrite(rec, 1, len, s->fp) != len)) {
        s->failed = 1;
        return -1;
    }
    s->count++;
    return 0;
}

size_t spill_count(const hy_spill *s)
{
    return s->count;
}

int spill_get(hy_spill *s, hy_buf *out, size_t *len)
{
    if (s->failed)
        return -1;
    if (!s->reading) {
        if (fflush(s->fp) != 0 || fseek(s->fp, 0, SEEK_SET) != 0)
            return -1;
        s->reading = 1;
    }
    if (s->read == s->count)
        return 0;
    uint64_t n;
    buf_reset(out);
    if (fread(&n, sizeof n, 1, s->fp) != 1 || n > SIZE_MAX - 1 || buf_reserve(out, n + 1) ||
        (n && fread(out->data, 1, n, s->fp) != n))
        return -1;
    out->len = n;
    out->data[n] = '\0';
    *len = n;
    s->read++;
    return 1;
}
