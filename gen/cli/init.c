#include "cli/init.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "normalize/columns.h"
#include "normalize/discover.h"
#include "normalize/value.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/vec.h"
#include "util/i18n.h"

/* How far down a sheet its header row and unit captions are looked for (as
 * records.c looks for the header). */
enum { HEADER_ROWS = 20, NEAREST = 3 };

/* A header of the input and what it means. */
typedef struct seen_header {
    hy_table_kind kind;
    char *header;        /* as written, a year taken out (R4実績値 -> 実績値) */
    const char *key;     /* canonical key, or NULL when not placed */
} seen_header;

typedef struct draft {
    const hy_run *run;
    seen_header *headers;
    size_t nheaders, hcap;
    hy_buf notes;        /* units, staff-cost evidence, repeated blocks: comment lines */
    int oom;
} draft;

static void note(draft *d, const char *fmt, const char *a, const char *b, const char *c)
{
    d->oom |= buf_puts(&d->notes, "# ") | buf_printf(&d->notes, fmt, a, b, c) |
              buf_putc(&d->notes, '\n');
}

static void add_header(draft *d, hy_table_kind kind, const char *header, const char *key)
{
    for (size_t i = 0; i < d->nheaders; i++)
        if (d->headers[i].kind == kind && !strcmp(d->headers[i].header, header))
            return;
    seen_header *h = vec_push(&d->headers, &d->nheaders, &d->hcap, sizeof *h);
    if (!h || !(h->header = strdup(header))) {
        d->oom = 1;
        if (h)
            d->nheaders--;
        return;
    }
    h->kind = kind;
    h->key = key;
}

/* A unit in brackets after a header: 事業費（千円）. Returns the header without
 * it in out and the unit's text, or NULL. */
static const char *unit_suffix(const char *header, hy_buf *out)
{
    static const char *const UNITS[] = {"(千円)", "（千円）", "(円)", "（円）", "(万円)", "（万円）",
                                        "(百万円)", "（百万円）", NULL};
    size_t hl = strlen(header);
    for (size_t i = 0; UNITS[i]; i++) {
        size_t ul = strlen(UNITS[i]);
        if (hl > ul && !strcmp(header + hl - ul, UNITS[i])) {
            buf_reset(out);
            buf_append(out, header, hl - ul);
            return UNITS[i];
        }
    }
    return NULL;
}

/* Reads one header cell of a table of the given kind. */
static void read_header_cell(draft *d, const hy_sheet *sh, hy_table_kind kind, const char *cell)
{
    hy_header_match m;
    hy_buf bare = HY_BUF_INIT, rest = HY_BUF_INIT;
    const char *unit = NULL;
    int fy;
    if (!columns_match(d->run->columns, kind, cell, &m) && (unit = unit_suffix(cell, &bare)) &&
        !columns_match(d->run->columns, kind, buf_str(&bare), &m))
        m.key = NULL;
    if (unit && m.key)
        note(d, "%s: the header %s gives its unit %s", sh->file, cell, unit);
    const char *base = m.key && unit ? buf_str(&bare) : cell;
    if (value_header_year(base, &fy, &rest) < 0)
        d->oom = 1;
    else
        add_header(d, kind, fy && buf_str(&rest)[0] ? buf_str(&rest) : base, m.key);
    buf_free(&bare);
    buf_free(&rest);
}

/* The header row of a sheet of a known kind: among the first rows, the one
 * with the most headers that kind has. */
static const hy_row *header_row(const draft *d, const hy_sheet *sh, hy_table_kind kind)
{
    const hy_row *best = NULL;
    size_t best_n = 0;
    for (size_t r = 0; r < sh->nrows && r < HEADER_ROWS; r++) {
        size_t n = 0;
        for (uint32_t c = 1; c <= sh->rows[r].ncells; c++) {
            hy_header_match m;
            const char *t = row_text(&sh->rows[r], c);
            n += t && columns_match(d->run->columns, kind, t, &m);
        }
        if (n > best_n) {
            best_n = n;
            best = &sh->rows[r];
        }
    }
    return best_n >= 2 ? best : NULL;
}

/* A header written more than once in a row: a block of columns repeated, once
 * per fiscal year, whose years INPUT/hyoka.conf's block_years gives when the
 * headers do not. */
static void repeated_blocks(draft *d, const hy_sheet *sh, const hy_row *row)
{
    size_t repeats = 0;
    const char *first = NULL;
    for (uint32_t c = 1; c <= row->ncells; c++) {
        const char *t = row_text(row, c);
        for (uint32_t k = 1; t && k < c; k++) {
            const char *u = row_text(row, k);
            if (u && !strcmp(u, t)) {
                repeats++;
                first = first ? first : t;
                break;
            }
        }
    }
    if (repeats) {
        char n[32];
        snprintf(n, sizeof n, "%zu", repeats);
        note(d, "%s: %s headers are repeated (the first: %s): a block of columns per fiscal "
             "year; with no year in the headers, give the years in INPUT/hyoka.conf: "
             "block_years = R2 R3 ...", sh->file, n, first);
    }
}

/* Captions above a table stating its unit: （単位：千円）. */
static void unit_captions(draft *d, const hy_sheet *sh, const hy_row *header)
{
    for (size_t r = 0; r < sh->nrows && &sh->rows[r] != header && r < HEADER_ROWS; r++)
        for (uint32_t c = 1; c <= sh->rows[r].ncells; c++) {
            const char *t = row_text(&sh->rows[r], c);
            if (t && strstr(t, "単位"))
                note(d, "%s: the caption %s%s gives the unit of the table below it", sh->file, t,
                     "");
        }
}

/* Reads the headers of every recognised table of the input. */
static int read_headers(draft *d, hy_err *err)
{
    const hy_dataset *ds = d->run->dataset;
    hy_ingest_opts io;
    ingest_default_opts(&io);
    for (size_t t = 0; t < ds->ntables && !d->oom; t++) {
        const hy_table_stats *ts = &ds->tables[t];
        hy_table_kind kind = HY_TABLE_UNKNOWN;
        for (int k = 0; k < HY_TABLE_KIND_COUNT; k++)
            if (!strcmp(ts->kind, table_kind_name((hy_table_kind)k)))
                kind = (hy_table_kind)k;
        hy_book *book = NULL;
        hy_diags *quiet = diags_new();
        int rc = quiet ? ingest_file(ts->file, &io, &book, quiet, err) : HY_EIO;
        diags_free(quiet);
        if (rc == HY_EIO || rc == HY_EUSAGE)
            return rc;
        for (size_t s = 0; book && kind != HY_TABLE_UNKNOWN && s < book->nsheets; s++) {
            const hy_sheet *sh = &book->sheets[s];
            if ((ts->sheet || sh->name) && (!ts->sheet || !sh->name || strcmp(ts->sheet, sh->name)))
                continue;
            const hy_row *row = header_row(d, sh, kind);
            for (uint32_t c = 1; row && c <= row->ncells; c++) {
                const char *cell = row_text(row, c);
                if (cell)
                    read_header_cell(d, sh, kind, cell);
            }
            if (row) {
                repeated_blocks(d, sh, row);
                unit_captions(d, sh, row);
            }
        }
        book_free(book);
    }
    return d->oom ? err_set(err, HY_EIO, _("out of memory")) : HY_OK;
}

/* ---- nearest keys ------------------------------------------------------------ */

/* The longest run of bytes two strings share, counted only when it is whole
 * characters long (bytes of UTF-8 lead and continuation line up). */
static size_t common_run(const char *a, const char *b)
{
    size_t best = 0, la = strlen(a), lb = strlen(b);
    for (size_t i = 0; i < la; i++)
        for (size_t j = 0; j < lb; j++) {
            size_t n = 0;
            while (i + n < la && j + n < lb && a[i + n] == b[j + n])
                n++;
            while (n && ((unsigned char)a[i + n - 1] & 0xC0) == 0xC0)
                n--;   /* cut before a lead byte whose character is not whole */
            if (n > best && ((unsigned char)a[i] & 0xC0) != 0x80)
                best = n;
        }
    return best;
}

/* The keys of a kind whose headers share the longest run with a header. */
static void nearest_keys(const hy_columns *cols, hy_table_kind kind, const char *header,
                         hy_buf *out)
{
    hy_buf f = HY_BUF_INIT;
    const char *keys[NEAREST] = {0};
    size_t scores[NEAREST] = {0};
    if (value_fold_key(header, &f) == 0)
        for (size_t i = 0; i < cols->ndefs; i++) {
            const hy_column_def *def = &cols->defs[i];
            size_t best = 0;
            for (size_t a = 0; def->table == kind && a < def->naliases; a++) {
                size_t n = common_run(buf_str(&f), def->aliases[a]);
                best = n > best ? n : best;
            }
            for (size_t k = 0; best >= 4 && k < NEAREST; k++)
                if (best > scores[k]) {
                    memmove(&keys[k + 1], &keys[k], (NEAREST - k - 1) * sizeof keys[0]);
                    memmove(&scores[k + 1], &scores[k], (NEAREST - k - 1) * sizeof scores[0]);
                    keys[k] = def->key;
                    scores[k] = best;
                    break;
                }
        }
    for (size_t k = 0; k < NEAREST && keys[k]; k++)
        buf_printf(out, "%s%s", k ? ", " : " (nearest keys: ", keys[k]);
    buf_puts(out, keys[0] ? ")" : " (no key is near)");
    buf_free(&f);
}

/* ---- the files ----------------------------------------------------------------- */

static int is_choice_column(const hy_profile *pf, const char *header)
{
    for (size_t i = 0; i < pf->nchoice_sets; i++)
        if (discover_is_item_column(header, pf->choice_sets[i].item))
            return 1;
    return 0;
}

/* columns.conf: the headers placed, by kind and key; then those not placed. */
static void write_columns(const draft *d, hy_buf *o)
{
    const hy_columns *cols = d->run->columns;
    buf_puts(o, "# The headers of this city's tables, under the key each one means, as `hyoka init`\n"
                "# found them. templates/columns.conf already knows every header listed here: keep\n"
                "# the lines as the city's record, add a header a department spells its own way\n"
                "# after the key it means, or a new key the city's sheet.tpl may print as\n"
                "# {project.KEY}. See templates/README.md, \"columns.conf\".\n");
    for (int k = 0; k < HY_TABLE_KIND_COUNT; k++) {
        int section = 0;
        for (size_t i = 0; i < d->nheaders; i++) {
            const seen_header *h = &d->headers[i];
            int first = 1;
            for (size_t j = 0; j < i && first; j++)
                first = !(d->headers[j].key && h->key && d->headers[j].kind == h->kind &&
                          !strcmp(d->headers[j].key, h->key));
            if (h->kind != (hy_table_kind)k || !h->key || !first)
                continue;
            if (!section++)
                buf_printf(o, "\n[%s]\n", table_kind_name((hy_table_kind)k));
            buf_printf(o, "%s = ", h->key);
            for (size_t j = i, n = 0; j < d->nheaders; j++)
                if (d->headers[j].kind == h->kind && d->headers[j].key &&
                    !strcmp(d->headers[j].key, h->key))
                    buf_printf(o, "%s%s", n++ ? " | " : "", d->headers[j].header);
            buf_putc(o, '\n');
        }
    }
    int any = 0;
    for (size_t i = 0; i < d->nheaders; i++) {
        const seen_header *h = &d->headers[i];
        if (h->key || is_choice_column(d->run->profile, h->header))
            continue;
        if (!any++)
            buf_puts(o, "\n# Headers hyoka could not place. Their cells print under the header as\n"
                        "# written (the standard form's その他の記載事項); to give one a meaning, add it\n"
                        "# after a key in the right [table] above.\n");
        buf_printf(o, "#   [%s] %s", table_kind_name(h->kind), h->header);
        nearest_keys(cols, h->kind, h->header, o);
        buf_putc(o, '\n');
    }
}

/* What the costs tables say about 職員費: 人工 to multiply, or amounts typed. */
static void staff_evidence(const draft *d, hy_buf *o)
{
    const char *person_years = NULL, *typed = NULL;
    for (size_t i = 0; i < d->nheaders; i++) {
        const seen_header *h = &d->headers[i];
        if (h->key && (!strcmp(h->key, "staff") || !strcmp(h->key, "part_time_staff")))
            person_years = person_years ? person_years : h->header;
        if (!h->key && (strstr(h->header, "人件費") || strstr(h->header, "職員費")))
            typed = typed ? typed : h->header;
    }
    if (person_years)
        buf_printf(o, "# 職員費: the data gives 人工 (%s): 職員費 = 人工 x the unit cost; write the\n"
                      "# city's unit cost per 人工 here (e.g. 7,262千円) to have it computed.\n",
                   person_years);
    if (typed)
        buf_printf(o, "# 職員費: the data types an amount (%s); it prints under its header.\n", typed);
    if (!person_years && !typed)
        buf_puts(o, "# 職員費: the data gives no 人工 and no staff cost.\n");
    buf_puts(o, "staff_unit_cost = none\n");
}

static void write_choices(const hy_profile *pf, hy_buf *o)
{
    for (size_t i = 0; i < pf->nchoice_sets; i++) {
        const hy_choice_set *cs = &pf->choice_sets[i];
        buf_printf(o, "\n[choice %s]\noptions = ", cs->item);
        for (size_t k = 0; k < cs->noptions; k++)
            buf_printf(o, "%s%s", k ? " | " : "", cs->options[k]);
        buf_puts(o, "\n");
        if (cs->multiple)
            buf_puts(o, "multiple = yes\n");
        if (cs->section) {
            /* the standard form's 事業の仕分け: the sheet names these items */
            if (cs->label)
                buf_printf(o, "label = %s\n", cs->label);
            for (size_t k = 0; k < cs->ncolumns; k++)
                buf_printf(o, "%s%s", k ? " | " : "columns = ", cs->columns[k]);
            buf_printf(o, "%ssection = %s\n", cs->ncolumns ? "\n" : "", cs->section);
        }
    }
}

static void write_profile(const draft *d, hy_buf *o)
{
    const hy_run *run = d->run;
    const hy_profile *pf = run->profile;
    buf_printf(o, "# A city profile drafted by `hyoka init` from %s. Read every line, then put\n"
                  "# this folder under the templates folder (templates/<city>/) and write\n"
                  "# `profile = <city>` in the input's hyoka.conf. As drafted, it renders the same\n"
                  "# sheets as the standard form. Keys: templates/README.md, \"profile.conf\".\n\n",
               run->conf && run->conf->path ? run->conf->path : "the input folder");
    if (pf->city && *pf->city)
        buf_printf(o, "city = %s\n", pf->city);
    else
        buf_puts(o, "# city = 〇〇市                   # the city's name, for titles\n");
    buf_puts(o, "sheet = sheet.tpl                  # a copy of the standard form: make it the city's own\n"
                "kpi_report = kpi-report.tpl\n"
                "aliases = columns.conf             # the city's headers\n");
    staff_evidence(d, o);
    buf_puts(o, "input_unit = 千円                  # amounts whose header or caption gives no unit\n"
                "display_unit = 千円\n"
                "era = long\n"
                "years_shown = 5\n");
    if (d->notes.len)
        buf_printf(o, "\n# Found in the files:\n%s", buf_str(&d->notes));
    if (pf->direction_item)
        buf_printf(o, "\ndirection = %s\n", pf->direction_item);
    if (pf->nchoice_sets)
        buf_puts(o, "\n# The judgement items the data has, with the options it uses in their\n"
                    "# numbered order (else as they first appear). Add the options no project\n"
                    "# chose yet, in the form's order, and a label = as the form prints the item.\n");
    write_choices(pf, o);
}

/* Writes dir/name unless it exists. */
static int write_new(const char *dir, const char *name, const hy_buf *text, FILE *report,
                     hy_err *err)
{
    char *path = fs_join(dir, name);
    if (!path)
        return err_set(err, HY_EIO, _("out of memory"));
    int rc = HY_OK;
    if (access(path, F_OK) == 0) {
        fprintf(report, _("hyoka: kept %s (it exists; init never overwrites a file)\n"), path);
    } else {
        hy_output out;
        rc = fs_output_open(&out, path, err);
        if (rc == HY_OK) {
            fwrite(text->data ? text->data : "", 1, text->len, out.fp);
            rc = fs_output_commit(&out, err);
        }
        if (rc == HY_OK)
            fprintf(report, _("hyoka: wrote %s\n"), path);
    }
    free(path);
    return rc;
}

/* Copies the standard form's template name into dir, unless it exists. */
static int copy_standard(const hy_run_opts *opts, const char *dir, const char *name, FILE *report,
                         hy_err *err)
{
    char *sdir = fs_join(opts->templates_dir, PIPELINE_STANDARD_PROFILE);
    char *src = sdir ? fs_join(sdir, name) : NULL;
    char *text = NULL;
    size_t len = 0;
    int rc = src ? fs_read_file(src, 4 * 1024 * 1024, &text, &len, err)
                 : err_set(err, HY_EIO, _("out of memory"));
    if (rc == HY_OK) {
        hy_buf b = {.data = text, .len = len, .cap = len + 1};
        rc = write_new(dir, name, &b, report, err);
    }
    free(text);
    free(src);
    free(sdir);
    return rc;
}

int init_profile(const hy_run_opts *opts, const char *dir, FILE *report, hy_err *err)
{
    hy_run *run = NULL;
    draft d = {.notes = HY_BUF_INIT};
    hy_buf profile = HY_BUF_INIT, columns = HY_BUF_INIT;
    /* read with the standard form, whatever profile hyoka.conf names: the
     * draft is what the city's files say, not what another profile reads */
    hy_run_opts std = *opts;
    std.profile_id = PIPELINE_STANDARD_PROFILE;
    int rc = pipeline_load(&std, &run, err);
    if (run && run->diags)
        diags_print(run->diags, stderr);
    d.run = run;
    if (rc == HY_OK)
        rc = read_headers(&d, err);
    if (rc == HY_OK) {
        write_profile(&d, &profile);
        write_columns(&d, &columns);
        if (d.oom || !profile.data || !columns.data)
            rc = err_set(err, HY_EIO, _("out of memory"));
    }
    if (rc == HY_OK)
        rc = fs_mkdirs(dir, err);
    if (rc == HY_OK)
        rc = write_new(dir, "profile.conf", &profile, report, err);
    if (rc == HY_OK)
        rc = write_new(dir, "columns.conf", &columns, report, err);
    if (rc == HY_OK)
        rc = copy_standard(opts, dir, "sheet.tpl", report, err);
    if (rc == HY_OK)
        rc = copy_standard(opts, dir, "kpi-report.tpl", report, err);
    for (size_t i = 0; i < d.nheaders; i++)
        free(d.headers[i].header);
    free(d.headers);
    buf_free(&d.notes);
    buf_free(&profile);
    buf_free(&columns);
    pipeline_free(run);
    return rc;
}
