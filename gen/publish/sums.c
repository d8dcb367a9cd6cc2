#include "publish/sums.h"

#include <dirent.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/fsutil.h"
#include "util/vec.h"
#include "util/i18n.h"

int sums_file(const char *path, char hex[65], hy_err *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return err_set(err, HY_EIO, "%s: %s", path, strerror(errno));
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        sha256_update(&ctx, n, buf);
    int bad = ferror(fp);
    fclose(fp);
    if (bad)
        return err_set(err, HY_EIO, _("%s: cannot read it"), path);
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    return HY_OK;
}

/* Every regular file under dir/rel, as paths relative to dir, appended. */
static int collect(const char *dir, const char *rel, char ***list, size_t *n, size_t *cap,
                   hy_err *err)
{
    char *path = rel[0] ? fs_join(dir, rel) : strdup(dir);
    DIR *d = path ? opendir(path) : NULL;
    if (!d) {
        int rc = err_set(err, HY_EIO, "%s: %s", path ? path : dir, path ? strerror(errno)
                                                                      : _("out of memory"));
        free(path);
        return rc;
    }
    int rc = HY_OK;
    struct dirent *e;
    while (rc == HY_OK && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            (!rel[0] && !strcmp(e->d_name, "SHA256SUMS")))
            continue;
        char *sub = rel[0] ? fs_join(rel, e->d_name) : strdup(e->d_name);
        char *full = sub ? fs_join(dir, sub) : NULL;
        struct stat st;
        if (!full) {
            rc = err_set(err, HY_EIO, _("out of memory"));
        } else if (lstat(full, &st) != 0) {
            rc = err_set(err, HY_EIO, "%s: %s", full, strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            rc = collect(dir, sub, list, n, cap, err);
        } else if (S_ISREG(st.st_mode)) {
            char **slot = vec_push(list, n, cap, sizeof *slot);
            if (!slot)
                rc = err_set(err, HY_EIO, _("out of memory"));
            else
                *slot = sub, sub = NULL;
        }
        free(full);
        free(sub);
    }
    closedir(d);
    free(path);
    return rc;
}

static int by_bytes(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int sums_write(const char *dir, hy_err *err)
{
    char **list = NULL;
    size_t n = 0, cap = 0;
    int rc = collect(dir, "", &list, &n, &cap, err);
    if (rc == HY_OK && n > 1)
        qsort(list, n, sizeof *list, by_bytes);
    hy_output out = {0};
    char *path = fs_join(dir, "SHA256SUMS");
    if (rc == HY_OK)
        rc = path ? fs_output_open(&out, path, err) : err_set(err, HY_EIO, _("out of memory"));
    for (size_t i = 0; rc == HY_OK && i < n; i++) {
        char hex[65], *full = fs_join(dir, list[i]);
        rc = full ? sums_file(full, hex, err) : err_set(err, HY_EIO, _("out of memory"));
        if (rc == HY_OK)
            fprintf(out.fp, "%s  %s\n", hex, list[i]);
        free(full);
    }
    if (out.fp)
        rc = rc == HY_OK ? fs_output_commit(&out, err) : (fs_output_abort(&out), rc);
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
    free(path);
    return rc;
}
