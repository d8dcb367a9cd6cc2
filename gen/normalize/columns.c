#include "normalize/columns.h"

#include "util/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/value.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/utf8.h"
#include "util/vec.h"
#include "util/i18n.h"

static const char *const KIND_NAMES[HY_TABLE_KIND_COUNT] = {
    "projects", "costs", "indicators", "kpi", "choices",
};

const char *table_kind_name(hy_table_kind kind)
{
    return kind < HY_TABLE_KIND_COUNT ? KIND_NAMES[kind] : "unknown";
}

void columns_free(hy_columns *cols)
{
    if (!cols)
        return;
    free(cols->defs);
    arena_free(cols->arena);
    free(cols);
}

static hy_column_def *find_def(hy_columns *cols, hy_table_kind table, const char *key)
{
    for (size_t i = 0; i < cols->ndefs; i++)
        if (cols->defs[i].table == table && !strcmp(cols->defs[i].key, key))
            return &cols->defs[i];
    return NULL;
}

/* A header means one column. A later file (a city's aliases, read after the
 * shared columns.conf) may give a header another meaning: `results_text = 事業の
 * 結果` in Saitama's file over the shared `outcome = 結果 | 事業の結果`; the city's
 * word is the one that holds, so the header leaves the column that had it. */
static void disown_alias(hy_columns *cols, const hy_column_def *def, const char *folded)
{
    for (size_t i = 0; i < cols->ndefs; i++) {
        hy_column_def *d = &cols->defs[i];
        if (d == def || d->table != def->table)
            continue;
        for (size_t a = 0; a < d->naliases; a++)
            if (!strcmp(d->aliases[a], folded)) {
                memmove(&d->aliases[a], &d->aliases[a + 1],
                        (d->naliases - a - 1) * sizeof *d->aliases);
                d->naliases--;
                break;
            }
    }
}

static int add_alias(hy_columns *cols, hy_column_def *def, const char *folded, int overrides)
{
    if (overrides)
        disown_alias(cols, def, folded);
    const char **a = arena_alloc(cols->arena, (def->naliases + 1) * sizeof *a);
    if (!a)
        return -1;
    if (def->naliases)
        memcpy(a, def->aliases, def->naliases * sizeof *a);
    a[def->naliases] = arena_strdup(cols->arena, folded);
    if (!a[def->naliases])
        return -1;
    def->aliases = a;
    def->naliases++;
    return 0;
}

/* overrides: the file is a city's, read after the shared one, and its headers
 * take their meaning from it (within one file a header may stand under two
 * keys: 会計年度 alone is the fiscal year and, under 人工, part-time staff). */
static int parse_file(hy_columns *cols, const char *path, int overrides, hy_err *err)
{
    char *text;
    size_t len;
    int rc = fs_read_file(path, 1024 * 1024, &text, &len, err);
    if (rc != HY_OK)
        return rc;
    hy_table_kind table = HY_TABLE_UNKNOWN;
    int line = 0;
    char *save = NULL;
    hy_buf folded = HY_BUF_INIT;
    /* strtok_r would skip empty lines and lose the count: walk by hand */
    char *s = text;
    (void)save;
    while (rc == HY_OK && *s) {
        char *nl = strchr(s, '\n');
        if (nl)
            *nl = '\0';
        line++;
        char *hash = strchr(s, '#');
        if (hash)
            *hash = '\0';
        char *l = s;
        s = nl ? nl + 1 : s + strlen(s);
        while (*l == ' ' || *l == '\t')
            l++;
        char *e = l + strlen(l);
        while (e > l && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
            *--e = '\0';
        if (!*l)
            continue;
        if (*l == '[') {
            table = HY_TABLE_UNKNOWN;
            for (int k = 0; k < HY_TABLE_KIND_COUNT; k++) {
                char want[32];
                snprintf(want, sizeof want, "[%s]", KIND_NAMES[k]);
                if (!strcmp(l, want))
                    table = (hy_table_kind)k;
            }
            if (table == HY_TABLE_UNKNOWN)
                rc = err_set(err, HY_EUSAGE, _("%s:%d: unknown section %s (expected [projects], "
                             "[costs], [indicators], [kpi] or [choices])"), path, line, l);
            continue;
        }
        char *eq = strchr(l, '=');
        if (!eq || table == HY_TABLE_UNKNOWN) {
            rc = err_set(err, HY_EUSAGE, _("%s:%d: expected `key = header | header ...` inside a "
                         "[table] section"), path, line);
            break;
        }
        *eq = '\0';
        char *key = l, *ke = eq;
        while (ke > key && (ke[-1] == ' ' || ke[-1] == '\t'))
            *--ke = '\0';
        hy_column_type type = HY_COLUMN_TEXT;
        char *colon = strchr(key, ':');
        if (colon) {
            *colon = '\0';
            if (!strcmp(colon + 1, "date"))
                type = HY_COLUMN_DATE;
            else if (!strcmp(colon + 1, "year"))
                type = HY_COLUMN_YEAR;
            else if (!strcmp(colon + 1, "file"))
                type = HY_COLUMN_FILE;
            else {
                rc = err_set(err, HY_EUSAGE, _("%s:%d: %s:%s: a column's type is date, year or file"),
                             path, line, key, colon + 1);
                break;
            }
        }
        for (char *k = key; *k; k++)
            if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '_')) {
                rc = err_set(err, HY_EUSAGE, _("%s:%d: a column key is lower-case ASCII, digits "
                             "and _ (got \"%s\")"), path, line, key);
                break;
            }
        if (rc != HY_OK)
            break;
        hy_column_def *def = find_def(cols, table, key);
        if (!def) {
            def = vec_push(&cols->defs, &cols->ndefs, &cols->cap, sizeof *def);
            if (!def) {
                rc = err_set(err, HY_EIO, _("%s: out of memory"), path);
                break;
            }
            def->table = table;
            def->key = arena_strdup(cols->arena, key);
        }
        if (colon)
            def->type = type;
        char *alias_save = NULL;
        int first = !def->label;
        for (char *tok = strtok_r(eq + 1, "|", &alias_save); tok;
             tok = strtok_r(NULL, "|", &alias_save)) {
            buf_reset(&folded);
            if (value_fold_key(tok, &folded) != 0) {
                rc = err_set(err, HY_EUSAGE, _("%s:%d: not valid UTF-8"), path, line);
                break;
            }
            if (folded.len == 0)
                continue;
            if (first) {
                /* the label is printed, so it keeps the file's spelling: only
                 * the spaces around the | are trimmed */
                while (*tok == ' ' || *tok == '\t')
                    tok++;
                size_t n = strlen(tok);
                while (n && (tok[n - 1] == ' ' || tok[n - 1] == '\t'))
                    n--;
                def->label = arena_strndup(cols->arena, tok, n);
                if (!def->label) {
                    rc = err_set(err, HY_EIO, _("%s: out of memory"), path);
                    break;
                }
                first = 0;
            }
            if (add_alias(cols, def, folded.data, overrides) != 0) {
                rc = err_set(err, HY_EIO, _("%s: out of memory"), path);
                break;
            }
        }
    }
    buf_free(&folded);
    free(text);
    return rc;
}

int columns_load(const char *path, hy_columns **out, hy_err *err)
{
    *out = NULL;
    hy_columns *cols = calloc(1, sizeof *cols);
    if (!cols || !(cols->arena = arena_new())) {
        free(cols);
        return err_set(err, HY_EIO, _("out of memory"));
    }
    int rc = parse_file(cols, path, 0, err);
    if (rc != HY_OK) {
        columns_free(cols);
        return rc;
    }
    *out = cols;
    return HY_OK;
}

int columns_add_file(hy_columns *cols, const char *path, hy_err *err)
{
    return parse_file(cols, path, 1, err);
}

const char *columns_match_folded(const hy_columns *cols, hy_table_kind table, const char *folded)
{
    for (size_t i = 0; i < cols->ndefs; i++) {
        const hy_column_def *d = &cols->defs[i];
        if (d->table != table)
            continue;
        for (size_t a = 0; a < d->naliases; a++)
            if (!strcmp(d->aliases[a], folded))
                return d->key;
    }
    return NULL;
}

int columns_match(const hy_columns *cols, hy_table_kind table, const char *header,
                  hy_header_match *out)
{
    out->key = NULL;
    out->fiscal_year = 0;
    hy_buf folded = HY_BUF_INIT, rest = HY_BUF_INIT;
    int found = 0;
    if (header && value_fold_key(header, &folded) == 0 && folded.len) {
        out->key = columns_match_folded(cols, table, folded.data);
        found = out->key != NULL;
        int year;
        if (!found && value_header_year(header, &year, &rest)) {
            buf_reset(&folded);
            if (value_fold_key(buf_str(&rest), &folded) == 0) {
                out->key = columns_match_folded(cols, table, buf_str(&folded));
                if (out->key) {
                    out->fiscal_year = year;
                    found = 1;
                }
            }
        }
    }
    buf_free(&folded);
    buf_free(&rest);
    return found;
}

hy_column_type columns_type(const hy_columns *cols, hy_table_kind table, const char *key)
{
    for (size_t i = 0; i < cols->ndefs; i++)
        if (cols->defs[i].table == table && !strcmp(cols->defs[i].key, key))
            return cols->defs[i].type;
    return HY_COLUMN_TEXT;
}

const char *columns_label(const hy_columns *cols, hy_table_kind table, const char *key)
{
    for (size_t i = 0; i < cols->ndefs; i++)
        if (cols->defs[i].table == table && !strcmp(cols->defs[i].key, key))
            return cols->defs[i].label;
    return NULL;
}

size_t columns_keys(const hy_columns *cols, hy_table_kind table, const char **keys, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < cols->ndefs; i++)
        if (cols->defs[i].table == table) {
            if (n < max)
                keys[n] = cols->defs[i].key;
            n++;
        }
    return n;
}

/* Splits UTF-8 text into code points; returns how many (at most max). */
static size_t code_points(const char *s, uint32_t *out, size_t max)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len && n < max;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (!k)
            return 0;
        out[n++] = cp;
        i += k;
    }
    return n;
}

/* Is a within one insertion, deletion or substitution of b (code points)? */
static int one_edit(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    if (na > nb + 1 || nb > na + 1)
        return 0;
    size_t i = 0, j = 0;
    int edits = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j]) {
            i++;
            j++;
            continue;
        }
        if (++edits > 1)
            return 0;
        if (na > nb)
            i++;
        else if (nb > na)
            j++;
        else {
            i++;
            j++;
        }
    }
    return edits + (int)(na - i) + (int)(nb - j) <= 1;
}

/* The header with its i-th space-separated word taken out, folded, into out;
 * 0 when it has no i-th word. */
static int without_word(const char *header, size_t i, hy_buf *tmp, hy_buf *out)
{
    buf_reset(tmp);
    size_t w = 0;
    int found = 0;
    for (const char *p = header; *p;) {
        size_t sp = strspn(p, " ");
        p += sp;
        if (!*p)
            break;
        size_t len = strcspn(p, " ");
        if (w++ == i)
            found = 1;
        else if ((tmp->len && buf_putc(tmp, ' ') != 0) || buf_append(tmp, p, len) != 0)
            return 0;
        p += len;
    }
    return found && tmp->len && value_fold_key(buf_str(tmp), out) == 0;
}

const char *columns_near(const hy_columns *cols, hy_table_kind table, const char *header,
                         const char **alias)
{
    enum { MAX_CP = 64 };
    uint32_t h[MAX_CP], a[MAX_CP];
    hy_buf folded = HY_BUF_INIT, tmp = HY_BUF_INIT, part = HY_BUF_INIT;
    const char *key = NULL;
    size_t nh = 0;
    if (value_fold_key(header, &folded) == 0 && folded.len)
        nh = code_points(buf_str(&folded), h, MAX_CP);
    for (size_t i = 0; i < cols->ndefs && !key && nh >= 3; i++) {
        const hy_column_def *d = &cols->defs[i];
        for (size_t k = 0; d->table == table && k < d->naliases && !key; k++) {
            size_t na = code_points(d->aliases[k], a, MAX_CP);
            if (na >= 3 && one_edit(h, nh, a, na)) {
                key = d->key;
                *alias = d->label;
            }
        }
    }
    /* one word too many: `事業費 合計額` for 事業費 */
    for (size_t w = 0; !key && without_word(header, w, &tmp, &part); w++) {
        key = columns_match_folded(cols, table, buf_str(&part));
        for (size_t i = 0; key && i < cols->ndefs; i++)
            if (cols->defs[i].table == table && !strcmp(cols->defs[i].key, key))
                *alias = cols->defs[i].label;
    }
    buf_free(&folded);
    buf_free(&tmp);
    buf_free(&part);
    return key;
}
