#include "profile/inputconf.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/fsutil.h"

/* Every key of hyoka.conf, and where its value goes. */
static const struct {
    const char *key;
    size_t offset;
} conf_keys[] = {
    {"profile", offsetof(hy_input_conf, profile)},
    {"city", offsetof(hy_input_conf, city)},
    {"title", offsetof(hy_input_conf, title)},
    {"block_years", offsetof(hy_input_conf, block_years)},
    {"previous", offsetof(hy_input_conf, previous)},
};

/* The list of keys for an error message: "profile, city, ...". */
static void key_list(char *out, size_t size)
{
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < sizeof conf_keys / sizeof conf_keys[0]; i++) {
        int n = snprintf(out + used, size - used, "%s%s", i ? ", " : "", conf_keys[i].key);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* One `key = value` line (comment already cut off). */
static int parse_line(hy_input_conf *conf, const char *path, int line, char *l, hy_err *err)
{
    char *eq = strchr(l, '=');
    if (!eq)
        return err_set(err, HY_EUSAGE, "%s:%d: expected `key = value`", path, line);
    *eq = '\0';
    const char *key = trim(l);
    const char *value = trim(eq + 1);
    if (!*key || !*value)
        return err_set(err, HY_EUSAGE, "%s:%d: expected `key = value`", path, line);
    for (size_t i = 0; i < sizeof conf_keys / sizeof conf_keys[0]; i++) {
        if (strcmp(key, conf_keys[i].key) != 0)
            continue;
        char **slot = (char **)((char *)conf + conf_keys[i].offset);
        if (*slot)
            return err_set(err, HY_EUSAGE, "%s:%d: \"%s\" is given twice", path, line, key);
        *slot = strdup(value);
        return *slot ? HY_OK : err_set(err, HY_EIO, "out of memory");
    }
    char keys[256];
    key_list(keys, sizeof keys);
    return err_set(err, HY_EUSAGE, "%s:%d: unknown key \"%s\" (expected one of: %s)", path,
                   line, key, keys);
}

int inputconf_parse(const char *path, const char *text, hy_input_conf **out, hy_err *err)
{
    *out = NULL;
    hy_input_conf *conf = calloc(1, sizeof *conf);
    char *copy = strdup(text);
    if (!conf || !copy || !(conf->path = strdup(path))) {
        free(copy);
        inputconf_free(conf);
        return err_set(err, HY_EIO, "out of memory");
    }
    int rc = HY_OK, line = 0;
    char *next = copy;
    while (rc == HY_OK && next) {
        char *l = next;
        next = strchr(l, '\n');
        if (next)
            *next++ = '\0';
        line++;
        char *hash = strchr(l, '#');
        if (hash)
            *hash = '\0';
        if (*trim(l))
            rc = parse_line(conf, path, line, l, err);
    }
    free(copy);
    if (rc != HY_OK) {
        inputconf_free(conf);
        return rc;
    }
    *out = conf;
    return HY_OK;
}

int inputconf_read(const char *input_dir, hy_input_conf **out, hy_err *err)
{
    *out = NULL;
    char *path = fs_is_dir(input_dir) ? fs_join(input_dir, "hyoka.conf") : NULL;
    if (fs_is_dir(input_dir) && !path)
        return err_set(err, HY_EIO, "out of memory");
    if (!path || access(path, F_OK) != 0) {
        free(path);
        *out = calloc(1, sizeof **out);
        return *out ? HY_OK : err_set(err, HY_EIO, "out of memory");
    }
    char *text;
    size_t len;
    int rc = fs_read_file(path, 65536, &text, &len, err);
    if (rc == HY_OK) {
        rc = inputconf_parse(path, text, out, err);
        free(text);
    }
    free(path);
    return rc;
}

void inputconf_free(hy_input_conf *conf)
{
    if (!conf)
        return;
    free(conf->path);
    free(conf->profile);
    free(conf->city);
    free(conf->title);
    free(conf->block_years);
    free(conf->previous);
    free(conf);
}
