#include "util/datadir.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fsutil.h"

/* Does dir/probe exist? */
static int holds(const char *dir, const char *probe)
{
    struct stat st;
    if (!*probe)
        return stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
    char *p = fs_join(dir, probe);
    int ok = p && stat(p, &st) == 0;
    free(p);
    return ok;
}

/* The folder of the running program (Linux: /proc/self/exe), malloc'ed. */
static char *program_dir(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    return strdup(buf[0] ? buf : "/");
}

char *datadir_find(const char *rel, const char *probe, const char *const *fallbacks)
{
    char *bin = program_dir();
    if (bin) {
        char *dir = fs_join(bin, rel);
        free(bin);
        if (dir && holds(dir, probe))
            return dir;
        free(dir);
    }
    for (size_t i = 0; fallbacks && fallbacks[i]; i++) {
        if (holds(fallbacks[i], probe))
            return strdup(fallbacks[i]);
    }
    return NULL;
}
