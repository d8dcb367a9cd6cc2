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
        if (where[0])
            fprintf(fp, "%s: %s: %s\n", where, sev, g->message);
        else
            fprintf(fp, "hyoka: %s: %s\n", sev, g->message);
    }
    if (d->out_of_memory)
        fprintf(fp, "hyoka: %s: %s\n", _("error"),
                _("out of memory: some problems could not be recorded"));
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
            g->loc.file ? g->loc.file : "",
            g->loc.sheet ? g->loc.sheet : "",
            g->loc.row ? row : "",
            g->loc.col ? col : "",
            g->message,
        };
        csvout_row(fp, fields, 6);
    }
    return ferror(fp) ? -1 : 0;
}
