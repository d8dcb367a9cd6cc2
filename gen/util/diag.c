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
    if (n < size && loc->row)
        n += (size_t)snprintf(out + n, size - n, ":%u", loc->row);
    if (n < size && loc->row && loc->col)
        snprintf(out + n, size - n, ":%u", loc->col);
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

void diags_print_from(const hy_diags *d, size_t from, FILE *fp)
{
    char where[1024];
    for (size_t i = from; i < d->count; i++) {
        const hy_diag *g = &d->items[i];
        const char *sev = g->severity == DIAG_ERROR ? _("error") : _("warning");
        diag_format_loc(&g->loc, where, sizeof where);
        diag_put_visible(fp, where[0] ? where : "hyoka");
        fprintf(fp, ": %s: ", sev);
        diag_put_visible(fp, g->message);
        fputc('\n', fp);
    }
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
