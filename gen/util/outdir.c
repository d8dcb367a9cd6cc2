/* renameat2 (RENAME_EXCHANGE) is a GNU extension of glibc 2.28 */
#define _GNU_SOURCE
#include "util/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fsutil.h"

/* The file in a staging folder that says it is one (an unfinished build), as
 * against the previous publication swapped out to the staging folder's name. */
#define STAGING_MARK ".hyoka-staging"

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    int rc = type == FTW_DP ? rmdir(path) : unlink(path);
    return rc != 0 && errno != ENOENT ? -1 : 0;
}

int outdir_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    /* FTW_PHYS: a symbolic link is reported (and unlinked) as itself; FTW_MOUNT:
     * never into another file system mounted below */
    return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

/* OUT split into the folder holding it and its name. */
static int split_out(hy_outdir *o, const char *out, hy_err *err)
{
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/')
        n--;
    o->out = strndup(out, n);
    if (!o->out)
        return err_set(err, HY_EIO, "out of memory");
    const char *base = fs_basename(o->out);
    if (!strcmp(base, ".") || !strcmp(base, "..") || !strcmp(o->out, "/")) {
        /* a name is needed to put the staging folder beside it */
        char *real = realpath(o->out, NULL);
        if (!real || !strcmp(real, "/")) {
            free(real);
            return err_set(err, HY_EUSAGE, "%s: give the output folder by a name (-o out)", out);
        }
        free(o->out);
        o->out = real;
        base = fs_basename(o->out);
    }
    o->name = strdup(base);
    o->parent = base == o->out ? strdup(".")
                               : strndup(o->out, base - o->out > 1 ? (size_t)(base - o->out - 1) : 1);
    return o->name && o->parent ? HY_OK : err_set(err, HY_EIO, "out of memory");
}

/* parent/.NAME.<suffix>, malloc'ed. */
static char *beside(const hy_outdir *o, const char *suffix)
{
    size_t n = strlen(o->parent) + strlen(o->name) + strlen(suffix) + 4;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/.%s.%s", o->parent, o->name, suffix);
    return p;
}

/* Moves every entry of from that OUT lacks (and that owned does not name) into
 * OUT: what the new publication does not replace stays published. */
static int carry_over(const hy_outdir *o, const char *from, const char *const *owned,
                      hy_err *err)
{
    DIR *d = opendir(from);
    if (!d)
        return err_set(err, HY_EIO, "%s: %s", from, strerror(errno));
    int rc = HY_OK;
    struct dirent *e;
    while (rc == HY_OK && (e = readdir(d)) != NULL) {
        const char *nm = e->d_name;
        if (!strcmp(nm, ".") || !strcmp(nm, "..") || !strcmp(nm, STAGING_MARK))
            continue;
        int is_owned = 0;
        for (size_t k = 0; owned && owned[k] && !is_owned; k++)
            is_owned = !strcmp(owned[k], nm);
        char *src = fs_join(from, nm), *dst = fs_join(o->out, nm);
        struct stat st;
        if (!src || !dst)
            rc = err_set(err, HY_EIO, "out of memory");
        else if (!is_owned && lstat(dst, &st) != 0 && rename(src, dst) != 0)
            rc = err_set(err, HY_EIO, "%s: cannot move it back into %s: %s", src, o->out,
                         strerror(errno));
        free(src);
        free(dst);
    }
    closedir(d);
    return rc;
}

/* A folder beside OUT that a killed run left: its unfinished build is removed;
 * from the publication it had swapped out, what OUT lacks is moved back first. */
static int clean_leftover(hy_outdir *o, const char *path, hy_err *err)
{
    char *mark = fs_join(path, STAGING_MARK);
    struct stat st;
    int rc = HY_OK;
    if (!mark)
        return err_set(err, HY_EIO, "out of memory");
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && lstat(mark, &st) != 0)
        rc = carry_over(o, path, NULL, err);
    free(mark);
    if (rc == HY_OK && outdir_remove_tree(path) != 0)
        rc = err_set(err, HY_EIO, "%s: cannot remove what a killed run left: %s", path,
                     strerror(errno));
    if (rc == HY_OK && !o->quiet)
        fprintf(stderr, "hyoka: removed %s, left by a run that did not finish\n", path);
    return rc;
}

/* Temporary files (fsutil's .NAME.PID.tmp) a killed run left in folder. */
static void clean_temporary(const char *folder, int quiet)
{
    DIR *d = opendir(folder);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] != '.' || len < 6 || strcmp(e->d_name + len - 4, ".tmp") != 0) {
            if (strcmp(e->d_name, STAGING_MARK) != 0)
                continue;
        }
        char *p = fs_join(folder, e->d_name);
        if (p && unlink(p) == 0 && !quiet && strcmp(e->d_name, STAGING_MARK) != 0)
            fprintf(stderr, "hyoka: removed %s, left by a run that did not finish\n", p);
        free(p);
    }
    closedir(d);
}

static int clean(hy_outdir *o, hy_err *err)
{
    char prefix[512];
    snprintf(prefix, sizeof prefix, ".%s.hyoka-new.", o->name);
    DIR *d = opendir(o->parent);
    if (!d)
        return err_set(err, HY_EIO, "%s: %s", o->parent, strerror(errno));
    int rc = HY_OK;
    struct dirent *e;
    while (rc == HY_OK && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
            continue;
        char *p = fs_join(o->parent, e->d_name);
        rc = p ? clean_leftover(o, p, err) : err_set(err, HY_EIO, "out of memory");
        free(p);
    }
    closedir(d);
    if (rc == HY_OK) {
        clean_temporary(o->out, o->quiet);
        char *sheets = fs_join(o->out, "sheets");
        struct stat st;
        if (sheets && lstat(sheets, &st) == 0 && S_ISDIR(st.st_mode))
            clean_temporary(sheets, o->quiet);
        free(sheets);
    }
    return rc;
}

/* Takes the lock beside OUT, or says who holds it. */
static int lock(hy_outdir *o, hy_err *err)
{
    char *path = beside(o, "hyoka-lock");
    if (!path)
        return err_set(err, HY_EIO, "out of memory");
    int rc = HY_OK;
    o->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (o->lock_fd < 0) {
        rc = err_set(err, HY_EIO, "%s: cannot create the lock: %s", path, strerror(errno));
    } else if (flock(o->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        char who[32] = "";
        ssize_t n = pread(o->lock_fd, who, sizeof who - 1, 0);
        who[n > 0 ? n : 0] = '\0';
        who[strspn(who, "0123456789")] = '\0';
        rc = err_set(err, HY_EIO, "%s: another hyoka run%s%s%s is writing this folder; nothing "
                     "was changed: run again when it has finished", o->out, who[0] ? " (process " : "",
                     who, who[0] ? ")" : "");
        close(o->lock_fd);
        o->lock_fd = -1;
    } else {
        char pid[32];
        int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
        if (ftruncate(o->lock_fd, 0) != 0 || pwrite(o->lock_fd, pid, (size_t)len, 0) != len)
            rc = err_set(err, HY_EIO, "%s: %s", path, strerror(errno));
    }
    free(path);
    return rc;
}

int outdir_open(hy_outdir *o, const char *out, int quiet, hy_err *err)
{
    memset(o, 0, sizeof *o);
    o->lock_fd = -1;
    o->quiet = quiet;
    struct stat st;
    int rc = split_out(o, out, err);
    if (rc == HY_OK && lstat(o->out, &st) == 0 && !S_ISDIR(st.st_mode))
        rc = err_set(err, HY_EUSAGE, "%s: not a folder%s", o->out,
                     S_ISLNK(st.st_mode) ? " but a symbolic link: give the folder it names" : "");
    if (rc == HY_OK)
        rc = fs_mkdirs(o->parent, err);
    if (rc == HY_OK)
        rc = lock(o, err);
    if (rc == HY_OK)
        rc = clean(o, err);
    if (rc != HY_OK)
        outdir_close(o);
    return rc;
}

int outdir_stage(hy_outdir *o, hy_err *err)
{
    char suffix[64];
    snprintf(suffix, sizeof suffix, "hyoka-new.%ld", (long)getpid());
    free(o->staging);
    o->staging = beside(o, suffix);
    if (!o->staging)
        return err_set(err, HY_EIO, "out of memory");
    if (outdir_remove_tree(o->staging) != 0 || mkdir(o->staging, 0755) != 0)
        return err_set(err, HY_EIO, "%s: cannot create the staging folder: %s", o->staging,
                       strerror(errno));
    char *mark = fs_join(o->staging, STAGING_MARK);
    int fd = mark ? open(mark, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644) : -1;
    int rc = fd >= 0 ? HY_OK : err_set(err, HY_EIO, "%s: %s", o->staging, strerror(errno));
    if (fd >= 0)
        close(fd);
    free(mark);
    return rc;
}

/* Removes from the swapped-out publication the entries this run owns but did
 * not write (so no later clean-up carries them back), saying so. */
static void drop_unwritten(const hy_outdir *o, const char *old, const char *const *owned)
{
    for (size_t k = 0; owned[k]; k++) {
        char *was = fs_join(old, owned[k]), *now = fs_join(o->out, owned[k]);
        struct stat st;
        if (was && now && lstat(was, &st) == 0 && lstat(now, &st) != 0 &&
            outdir_remove_tree(was) == 0 && !o->quiet)
            fprintf(stderr, "hyoka: removed %s (this run did not write it)\n", now);
        free(was);
        free(now);
    }
}

/* The sheets of the previous publication that the new one no longer has. */
static void report_gone(const hy_outdir *o, const char *old, const char *sub)
{
    char *dir = fs_join(old, sub);
    struct stat st;
    DIR *d = dir && lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? opendir(dir) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char rel[1024];
        snprintf(rel, sizeof rel, "%s/%s/%s", o->out, sub, e->d_name);
        if (lstat(rel, &st) != 0)
            fprintf(stderr, "hyoka: removed %s (its project is no longer in the data)\n", rel);
    }
    if (d)
        closedir(d);
    free(dir);
}

int outdir_commit(hy_outdir *o, const char *const *owned, hy_err *err)
{
    struct stat st;
    int had = lstat(o->out, &st) == 0;
    char *old = NULL;
    char *mark = fs_join(o->out, STAGING_MARK);
    int rc = HY_OK;
    if (!mark)
        return err_set(err, HY_EIO, "out of memory");
    if (!had) {
        if (rename(o->staging, o->out) != 0)
            rc = err_set(err, HY_EIO, "%s: cannot rename it to %s: %s", o->staging, o->out,
                         strerror(errno));
    } else if (renameat2(AT_FDCWD, o->staging, AT_FDCWD, o->out, RENAME_EXCHANGE) == 0) {
        old = o->staging;           /* the previous publication is there now */
        o->staging = NULL;
    } else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
        /* a file system without the exchange: two renames, the old one
         * under a name the next run's clean-up recognises */
        size_t n = strlen(o->staging) + 8;
        old = malloc(n);
        if (!old)
            rc = err_set(err, HY_EIO, "out of memory");
        else
            snprintf(old, n, "%s-old", o->staging);
        if (rc == HY_OK && rename(o->out, old) != 0)
            rc = err_set(err, HY_EIO, "%s: cannot swap the new publication in: %s", o->out,
                         strerror(errno));
        else if (rc == HY_OK && rename(o->staging, o->out) != 0) {
            rc = err_set(err, HY_EIO, "%s: cannot swap the new publication in: %s", o->out,
                         strerror(errno));
            rename(old, o->out);    /* the previous publication stays */
        }
    } else {
        rc = err_set(err, HY_EIO, "%s: cannot swap the new publication in: %s", o->out,
                     strerror(errno));
    }
    if (rc == HY_OK) {
        unlink(mark);
        if (!had) {
            free(o->staging);
            o->staging = NULL;
        }
    }
    if (rc == HY_OK && old) {
        for (size_t k = 0; owned[k] && !o->quiet; k++)
            if (!strcmp(owned[k], "sheets"))
                report_gone(o, old, "sheets");
        drop_unwritten(o, old, owned);
        rc = carry_over(o, old, owned, err);
        if (rc == HY_OK && outdir_remove_tree(old) != 0)
            rc = err_set(err, HY_EIO, "%s: cannot remove the previous publication: %s", old,
                         strerror(errno));
    }
    free(old);
    free(mark);
    return rc;
}

void outdir_abort(hy_outdir *o)
{
    if (o->staging)
        outdir_remove_tree(o->staging);
    free(o->staging);
    o->staging = NULL;
}

void outdir_close(hy_outdir *o)
{
    outdir_abort(o);
    if (o->lock_fd >= 0)
        close(o->lock_fd);
    o->lock_fd = -1;
    free(o->out);
    free(o->parent);
    free(o->name);
    o->out = o->parent = o->name = NULL;
}
