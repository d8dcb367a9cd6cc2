#include "util/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/csvout.h"
#include "util/i18n.h"
#include "util/vec.h"

hy_diags *diags_new(void)
{
    hy_diags *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->arena = arena_new();
    if (!d->arena) {
        free(d);
        return NULL;
    }
    return d;
}

void diags_free(hy_diags *diags)
{
    if (!diags)
        return;
    arena_free(diags->arena);
    free(diags->items);
    free(diags);
}

static void diag_push(hy_diags *d, hy_severity severity, const hy_loc *loc, const char *msg)
{
    hy_diag *g = vec_push(&d->items, &d->count, &d->cap, sizeof *g);
    if (!g) {
        d->out_of_memory = 1;
        return;
    }
    g->severity = severity;
    if (loc)
        g->loc = *loc;
    else
        memset(&g->loc, 0, sizeof g->loc);
    g->message = msg;
    if (severity == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
}

void diag_add(hy_diags *d, hy_severity severity, const hy_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = n >= 0 ? arena_alloc(d->arena, (size_t)n + 1) : NULL;
    if (!msg) {
        d->out_of_memory = 1;
        /* Still count it: a run must never look clean because memory ran out. */
        if (severity == DIAG_ERROR)
            d->errors++;
        else
            d->warnings++;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    diag_push(d, severity, loc, msg);
}

void diags_merge(hy_diags *dst, const hy_diags *src)
{
    for (size_t i = 0; i < src->count; i++) {
        const hy_diag *g = &src->items[i];
        diag_add(dst, g->severity, &g->loc, "%s", g->message);
    }
    if (src->out_of_memory)
        dst->out_of_memory = 1;
}

void diag_cell_name(uint32_t row, uint32_t col, char *out, size_t size)
{
    char letters[8], rev[8];
    size_t n = 0;
    for (uint32_t c = col; c > 0 && n < 7; c = (c - 1) / 26)
        rev[n++] = (char)('A' + (c - 1) % 26);
    for (size_t i = 0; i < n; i++)
        letters[i] = rev[n - 1 - i];
    letters[n] = '\0';
    snprintf(out, size, "%s%u", letters, row);
}

void diag_format_loc(const hy_loc *loc, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    if (!loc || !loc->file)
        return;
    if (loc->sheet)
        n = (size_t)snprintf(out, size, "%s[%s]", loc->file, loc->sheet);
    else
        n = (size_t)snprintf(out, size, "%s", loc->file);
    if (n >= size || !loc->row)
        return;
    if (loc->col) {
        char cell[32];
        diag_cell_name(loc->row, loc->col, cell, sizeof cell);
        snprintf(out + n, size - n, "!%s", cell);
    } else {
        snprintf(out + n, size - n, ":%u", loc->row);
    }
}

/* The length of the control character at s (C1 or a bidi control, in UTF-8),
 * and its code point in *cp; 0 when s starts no such character. */
static size_t diag_wide_control(const unsigned char *s, unsigned *cp)
{
    if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) {
        *cp = s[1];
        return 2;
    }
    if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE) {
        *cp = 0x2000u + (s[2] - 0x80u);
        return 3;
    }
    if (s[0] == 0xE2 && s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9) {
        *cp = 0x2040u + (s[2] - 0x80u);
        return 3;
    }
    return 0;
}

void diag_put_visible(FILE *fp, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t run = 0, i = 0;
    while (s[i]) {
        unsigned cp;
        size_t k = 0;
        if (s[i] < 0x20 || s[i] == 0x7F) {
            cp = s[i];
            k = 1;
        } else if (s[i] >= 0xC2) {
            k = diag_wide_control(s + i, &cp);
        }
        if (!k) {
            i++;
            continue;
        }
        fwrite(s + run, 1, i - run, fp);
        if (k == 1)
            fprintf(fp, "\\x%02X", cp);
        else
            fprintf(fp, "\\u%04X", cp);
        i += k;
        run = i;
    }
    fwrite(s + run, 1, i - run, fp);
}

void diags_print(const hy_diags *d, FILE *fp)
{
    diags_print_from(d, 0, fp);
}

/* Orders diagnostics so that identical problems (same file, sheet, column,
 * severity and message) stand together, in their own order. */
static int same_problem_order(const void *a, const void *b, const hy_diags *d)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    const hy_diag *x = &d->items[i], *y = &d->items[j];
    int c = strcmp(x->loc.file ? x->loc.file : "", y->loc.file ? y->loc.file : "");
    if (!c)
        c = strcmp(x->loc.sheet ? x->loc.sheet : "", y->loc.sheet ? y->loc.sheet : "");
    if (!c)
        c = (x->loc.col > y->loc.col) - (x->loc.col < y->loc.col);
    if (!c)
        c = (int)x->severity - (int)y->severity;
    if (!c)
        c = strcmp(x->message, y->message);
    if (!c)
        c = (i > j) - (i < j);
    return c;
}

static int same_problem(const hy_diags *d, size_t i, size_t j)
{
    const hy_diag *x = &d->items[i], *y = &d->items[j];
    return x->loc.row && y->loc.row && x->loc.col == y->loc.col && x->severity == y->severity &&
           !strcmp(x->loc.file ? x->loc.file : "", y->loc.file ? y->loc.file : "") &&
           !strcmp(x->loc.sheet ? x->loc.sheet : "", y->loc.sheet ? y->loc.sheet : "") &&
           !strcmp(x->message, y->message);
}


/* Sorts indices with a comparison that needs the diagnostics: a bottom-up
 * merge sort, as C11's qsort passes no context to its comparison. */
static void sort_by_problem(size_t *idx, size_t *tmp, size_t n, const hy_diags *d)
{
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t a = lo, b = mid, k = lo;
            while (a < mid && b < hi)
                tmp[k++] = same_problem_order(&idx[a], &idx[b], d) <= 0 ? idx[a++] : idx[b++];
            while (a < mid)
                tmp[k++] = idx[a++];
            while (b < hi)
                tmp[k++] = idx[b++];
        }
        memcpy(idx, tmp, n * sizeof *idx);
    }
}

static void print_one(const hy_diag *g, FILE *fp)
{
    char where[1024];
    const char *sev = g->severity == DIAG_ERROR ? _("error") : _("warning");
    diag_format_loc(&g->loc, where, sizeof where);
    diag_put_visible(fp, where[0] ? where : "hyoka");
    fprintf(fp, ": %s: ", sev);
    diag_put_visible(fp, g->message);
    fputc('\n', fp);
}

void diags_print_from(const hy_diags *d, size_t from, FILE *fp)
{
    size_t n = d->count > from ? d->count - from : 0;
    size_t *idx = n ? malloc(n * sizeof *idx) : NULL;
    size_t *tmp = n ? malloc(n * sizeof *tmp) : NULL;
    size_t *group = n ? calloc(n, sizeof *group) : NULL;   /* count, at a group's first */
    size_t *last = n ? calloc(n, sizeof *last) : NULL;
    int grouped = idx && tmp && group && last;
    if (grouped) {
        for (size_t i = 0; i < n; i++)
            idx[i] = from + i;
        sort_by_problem(idx, tmp, n, d);
        for (size_t i = 0; i < n;) {
            size_t j = i + 1;
            while (j < n && same_problem(d, idx[i], idx[j]))
                j++;
            group[idx[i] - from] = j - i;   /* idx[i] is the group's first, in input order */
            last[idx[i] - from] = idx[j - 1];
            i = j;
        }
    }
    for (size_t i = from; i < d->count; i++) {
        size_t count = grouped ? group[i - from] : 1;
        if (count == 0)
            continue;   /* the same as one printed before */
        print_one(&d->items[i], fp);
        if (count > 1) {
            char first[32], end[32];
            diag_cell_name(d->items[i].loc.row, d->items[i].loc.col, first, sizeof first);
            diag_cell_name(d->items[last[i - from]].loc.row, d->items[last[i - from]].loc.col, end,
                           sizeof end);
            fprintf(fp, _("    (the same problem %zu times: first %s, last %s; every one is in "
                      "validation.csv)\n"), count, first, end);
        }
    }
    free(idx);
    free(tmp);
    free(group);
    free(last);
    if (d->out_of_memory)
        fprintf(fp, "hyoka: %s: %s\n", _("error"),
                _("out of memory: some problems could not be recorded"));
}

const char *diag_file_name(const hy_diags *d, const hy_loc *loc)
{
    const char *f = loc->file;
    if (!f)
        return "";
    if (!d->root)
        return f;
    size_t n = strlen(d->root);
    while (n > 1 && d->root[n - 1] == '/')
        n--;
    if (strncmp(f, d->root, n) != 0)
        return f;
    if (f[n] == '\0')
        return ".";
    if (f[n] != '/')
        return f;
    while (f[n] == '/')
        n++;
    return f[n] ? f + n : ".";
}

int diags_write_csv(const hy_diags *d, FILE *fp)
{
    csvout_row(fp, (const char *[]){"severity", "file", "sheet", "row", "column", "message"}, 6);
    for (size_t i = 0; i < d->count; i++) {
        const hy_diag *g = &d->items[i];
        char row[16], col[16];
        snprintf(row, sizeof row, "%u", g->loc.row);
        snprintf(col, sizeof col, "%u", g->loc.col);
        const char *fields[6] = {
            g->severity == DIAG_ERROR ? "error" : "warning",
            diag_file_name(d, &g->loc),
            g->loc.sheet ? g->loc.sheet : "",
            g->loc.row ? row : "",
            g->loc.col ? col : "",
            g->message,
        };
        csvout_row(fp, fields, 6);
    }
    return ferror(fp) ? -1 : 0;
}
