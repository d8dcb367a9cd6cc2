/* realpath (XSI) */
#define _XOPEN_SOURCE 700
#include "util/fsutil.h"
#include "util/i18n.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fs_read_file(const char *path, size_t max_bytes, char **data, size_t *len, hy_err *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return err_set(err, HY_EIO, _("%s: cannot open: %s"), path, strerror(errno));
    char *buf = NULL;
    size_t used = 0, cap = 0;
    for (;;) {
        if (cap - used < 65536) {
            cap = cap ? cap * 2 : 65536;
            char *p = realloc(buf, cap + 1);
            if (!p) {
                free(buf);
                fclose(fp);
                return err_set(err, HY_EIO, _("%s: out of memory reading the file"), path);
            }
            buf = p;
        }
        size_t n = fread(buf + used, 1, cap - used, fp);
        used += n;
        if (used > max_bytes) {
            free(buf);
            fclose(fp);
            return err_set(err, HY_EIO, _("%s: file is larger than the limit of %zu bytes"),
                           path, max_bytes);
        }
        if (n == 0)
            break;
    }
    int failed = ferror(fp);
    fclose(fp);
    if (failed) {
        free(buf);
        return err_set(err, HY_EIO, _("%s: read error"), path);
    }
    buf[used] = '\0';
    *data = buf;
    *len = used;
    return HY_OK;
}

int fs_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int fs_mkdirs(const char *dir, hy_err *err)
{
    char *p = strdup(dir);
    if (!p)
        return err_set(err, HY_EIO, _("%s: out of memory"), dir);
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                int e = errno;
                int rc = err_set(err, HY_EIO, _("%s: cannot create folder: %s"), p, strerror(e));
                free(p);
                return rc;
            }
            *s = c;
            if (c == '\0')
                break;
        }
    }
    free(p);
    if (!fs_is_dir(dir))
        return err_set(err, HY_EIO, _("%s: exists and is not a folder"), dir);
    return HY_OK;
}

char *fs_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    while (a > 1 && dir[a - 1] == '/')
        a--;
    char *p = malloc(a + b + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

const char *fs_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int output_names(hy_output *out, const char *path, hy_err *err)
{
    memset(out, 0, sizeof *out);
    out->path = strdup(path);
    /* A dot file in the same folder: hidden from a casual `ls`, and on the same
     * file system so rename() replaces the old file atomically. The pid keeps two
     * runs into the same folder from writing the same temporary file. */
    const char *base = fs_basename(path);
    size_t dirlen = (size_t)(base - path);
    size_t n = dirlen + strlen(base) + 32;
    out->tmp_path = malloc(n);
    if (!out->path || !out->tmp_path) {
        free(out->path);
        free(out->tmp_path);
        memset(out, 0, sizeof *out);
        return err_set(err, HY_EIO, _("%s: out of memory"), path);
    }
    snprintf(out->tmp_path, n, "%.*s.%s.%ld.tmp", (int)dirlen, path, base, (long)getpid());
    return HY_OK;
}

int fs_output_reserve(hy_output *out, const char *path, hy_err *err)
{
    return output_names(out, path, err);
}

int fs_output_open(hy_output *out, const char *path, hy_err *err)
{
    int rc = output_names(out, path, err);
    if (rc != HY_OK)
        return rc;
    out->fp = fopen(out->tmp_path, "wb");
    if (!out->fp) {
        rc = err_set(err, HY_EIO, _("%s: cannot create: %s"), out->tmp_path, strerror(errno));
        fs_output_abort(out);
        return rc;
    }
    return HY_OK;
}

static void output_release(hy_output *out)
{
    free(out->path);
    free(out->tmp_path);
    memset(out, 0, sizeof *out);
}

int fs_output_commit(hy_output *out, hy_err *err)
{
    if (out->fp) {
        int failed = ferror(out->fp);
        failed |= fclose(out->fp) != 0;
        out->fp = NULL;
        if (failed) {
            int rc = err_set(err, HY_EIO, _("%s: write error: %s"), out->path, strerror(errno));
            fs_output_abort(out);
            return rc;
        }
    }
    if (rename(out->tmp_path, out->path) != 0) {
        int rc = err_set(err, HY_EIO, _("%s: cannot rename into place: %s"), out->path,
                         strerror(errno));
        fs_output_abort(out);
        return rc;
    }
    output_release(out);
    return HY_OK;
}

int fs_link_or_copy(const char *from, const char *to, hy_err *err)
{
    if (link(from, to) == 0)
        return HY_OK;
    char *data;
    size_t len;
    int rc = fs_read_file(from, (size_t)1 << 31, &data, &len, err);
    if (rc != HY_OK)
        return rc;
    hy_output out;
    rc = fs_output_open(&out, to, err);
    if (rc == HY_OK) {
        fwrite(data, 1, len, out.fp);
        rc = fs_output_commit(&out, err);
    }
    free(data);
    return rc;
}

void fs_output_abort(hy_output *out)
{
    if (out->fp)
        fclose(out->fp);
    out->fp = NULL;
    if (out->tmp_path)
        unlink(out->tmp_path);
    output_release(out);
}

/* The absolute, resolved form of a path that may not exist yet: its nearest
 * existing parent resolved, the rest appended. malloc'ed, or NULL. */
static char *resolve_loosely(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return NULL;
    size_t n = strlen(copy);
    for (;;) {
        char *real = realpath(n ? copy : ".", NULL);
        if (real) {
            const char *rest = path + n;
            while (*rest == '/')
                rest++;
            size_t rl = strlen(real), need = rl + strlen(rest) + 2;
            char *out = malloc(need);
            if (out)
                snprintf(out, need, "%s%s%s", real, *rest && real[rl - 1] != '/' ? "/" : "",
                         rest);
            free(real);
            free(copy);
            return out;
        }
        if (n == 0) {
            free(copy);
            return NULL;
        }
        while (n > 0 && copy[n - 1] != '/')   /* drop the last component */
            n--;
        while (n > 1 && copy[n - 1] == '/')   /* and its slashes, keeping the root */
            n--;
        copy[n] = '\0';
    }
}

int fs_is_within(const char *path, const char *dir)
{
    char *d = realpath(dir, NULL);
    char *p = d ? resolve_loosely(path) : NULL;
    int within = 0;
    if (d && p) {
        size_t dl = strlen(d);
        within = !strncmp(p, d, dl) && (p[dl] == '\0' || p[dl] == '/' || (dl == 1 && d[0] == '/'));
    }
    free(d);
    free(p);
    return within;
}
