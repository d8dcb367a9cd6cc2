#include "normalize/records_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/choice.h"
#include "ingest/ingest.h"
#include "normalize/headers.h"
#include "normalize/value.h"
#include "util/vec.h"
#include "util/i18n.h"

/* How far down a sheet the header row is looked for: forms put a title, a date
 * and a unit note above their table, rarely more than a handful of rows. */
enum { HEADER_SEARCH_ROWS = 20 };

/* A header that names a judgement item of the profile (市民ニーズ), or its reason
 * column (市民ニーズの理由, 市民ニーズ（理由）, 市民ニーズ理由). */
static const hy_choice_set *match_choice(builder *b, const char *header, int *reason)
{
    const hy_profile *pf = b->profile;
    hy_buf *f = &b->scratch2;
    if (value_fold_key(header, f) != 0)
        return NULL;
    hy_buf cand = HY_BUF_INIT, folded = HY_BUF_INIT;
    const hy_choice_set *found = NULL;
    static const char *const REASON_FORMS[] = {"%sの理由", "%s（理由）", "%s理由", "%s_理由"};
    for (size_t i = 0; i < pf->nchoice_sets && !found; i++) {
        const hy_choice_set *cs = &pf->choice_sets[i];
        /* its item, the other headers it is known by, then its printed label
         * (① 政策体系との整合性: cities head the column as their form prints it) */
        for (size_t a = 0; a <= cs->ncolumns + 1 && !found; a++) {
            const char *name = a == 0 ? cs->item : a <= cs->ncolumns ? cs->columns[a - 1]
                                                                     : cs->label;
            if (!name)
                continue;
            if (value_fold_key(name, &folded) == 0 && !strcmp(folded.data ? folded.data : "", buf_str(f))) {
                found = cs;
                *reason = 0;
                break;
            }
            for (size_t r = 0; r < sizeof REASON_FORMS / sizeof REASON_FORMS[0]; r++) {
                buf_reset(&cand);
                buf_printf(&cand, REASON_FORMS[r], name);
                if (value_fold_key(buf_str(&cand), &folded) == 0 &&
                    !strcmp(buf_str(&folded), buf_str(f))) {
                    found = cs;
                    *reason = 1;
                    break;
                }
            }
        }
    }
    buf_free(&cand);
    buf_free(&folded);
    return found;
}

/* Matches a header, retrying without a unit in brackets: 事業費 (千円). */
static int match_header(builder *b, hy_table_kind kind, const char *header, hy_header_match *m,
                        int64_t *unit)
{
    *unit = 0;
    if (columns_match(b->columns, kind, header, m))
        return 1;
    static const struct { const char *suffix; int64_t yen; } UNITS[] = {
        {"(千円)", 1000}, {"（千円）", 1000}, {"(円)", 1}, {"（円）", 1},
        {"(万円)", 10000}, {"（万円）", 10000}, {"千円", 1000},
    };
    size_t hl = strlen(header);
    for (size_t i = 0; i < sizeof UNITS / sizeof UNITS[0]; i++) {
        size_t sl = strlen(UNITS[i].suffix);
        if (hl > sl && !strcmp(header + hl - sl, UNITS[i].suffix)) {
            char *h = strndup(header, hl - sl);
            if (!h) {
                b->oom = 1;
                return 0;
            }
            int ok = columns_match(b->columns, kind, h, m);
            free(h);
            if (ok) {
                *unit = UNITS[i].yen;
                return 1;
            }
        }
    }
    return 0;
}

static int has_key(const table *t, const char *key)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (t->cols[i].key && !strcmp(t->cols[i].key, key))
            return 1;
    return 0;
}

/* Which columns a table of each kind cannot do without. */
static int complete(const table *t)
{
    switch (t->kind) {
    case HY_TABLE_PROJECTS:
        return has_key(t, "code") && has_key(t, "name");
    case HY_TABLE_COSTS:
        return has_key(t, "code") && has_key(t, "total");
    case HY_TABLE_INDICATORS:
        return has_key(t, "code") && has_key(t, "name");
    case HY_TABLE_KPI:
        return has_key(t, "indicator") && has_key(t, "name") &&
               (has_key(t, "program") || has_key(t, "score") || has_key(t, "pre_score") ||
                has_key(t, "is_new") || has_key(t, "summary"));
    case HY_TABLE_CHOICES:
        return has_key(t, "code") && has_key(t, "item") && has_key(t, "option");
    default:
        return 0;
    }
}

/* Keeps the year of a column as its header part writes it (H31, 令和2年度), for
 * reports that print years the way their source does. Returns 0 when out of memory. */
static int label_year(builder *b, const char *part, column *col)
{
    int y;
    hy_buf label = HY_BUF_INIT;
    int found = value_header_year_label(part, &y, NULL, &label);
    if (found < 0) {
        buf_free(&label);
        b->oom = 1;
        return 0;
    }
    col->year_label = found && y == col->year && label.len ? rec_keep(b, buf_str(&label)) : NULL;
    buf_free(&label);
    return 1;
}

/* The header of a column that may stand under groups, matched as one table
 * kind: the whole `group part` first, then without its outer groups down to
 * the part alone (インプット 事業費 (千円), then 事業費 (千円)). A year written
 * in a group left out still applies to the part (人工 (R3年度) over 正職員), and
 * so does a budget stage written with it (R2決算 over 事業費). On a match the
 * column's key, year, stage and header (as messages print it: from the group
 * that gave the year on) are set. */
static int match_column(builder *b, hy_table_kind kind, const hy_header_column *hc, column *col,
                        int64_t *unit)
{
    for (size_t i = 0; i < hc->nparts; i++) {
        hy_buf *cand = &b->cand;
        buf_reset(cand);
        for (size_t k = i; k < hc->nparts; k++)
            if ((k > i && buf_putc(cand, ' ') != 0) || buf_puts(cand, hc->parts[k]) != 0) {
                b->oom = 1;
                return 0;
            }
        hy_header_match m;
        if (!match_header(b, kind, buf_str(cand), &m, unit))
            continue;
        col->key = m.key;
        col->year = m.fiscal_year;
        col->stage = -1;
        size_t shown = i;
        for (size_t j = i; j-- > 0 && !col->year;) {
            int y, found = value_header_year(hc->parts[j], &y, &b->scratch2);
            if (found < 0) {
                b->oom = 1;
                return 0;
            }
            if (found) {
                hy_stage st;
                col->year = y;
                if (b->scratch2.len && rec_parse_stage(buf_str(&b->scratch2), &st))
                    col->stage = (int)st;
                shown = j;
            }
        }
        if (col->year && !label_year(b, shown == i ? buf_str(cand) : hc->parts[shown], col))
            return 0;
        if (shown == i) {
            col->header = rec_keep(b, buf_str(cand));
        } else {
            buf_reset(cand);
            for (size_t k = shown; k < hc->nparts; k++)
                if ((k > shown && buf_putc(cand, ' ') != 0) || buf_puts(cand, hc->parts[k]) != 0)
                    b->oom = 1;
            col->header = rec_keep(b, buf_str(cand));
        }
        return 1;
    }
    return 0;
}

/* A judgement item column under groups: its own header, then with its groups. */
static const hy_choice_set *match_column_choice(builder *b, const hy_header_column *hc,
                                                column *col)
{
    for (size_t i = hc->nparts; i-- > 0;) {
        const hy_choice_set *cs = match_choice(b, hc->parts[i], &col->reason);
        if (cs) {
            col->header = rec_keep(b, hc->parts[i]);
            return cs;
        }
    }
    return NULL;
}

static int is_money_key(const char *key)
{
    static const char *const MONEY[] = {
        "total", "national", "prefectural", "bonds", "furusato_fund", "other", "general",
        "tax_allocation_pct", NULL,
    };
    for (size_t i = 0; key && MONEY[i]; i++)
        if (!strcmp(key, MONEY[i]))
            return 1;
    return 0;
}

/* Is this column read as part of a cost line (a costs table's, or a wide one's)? */
static int cost_side(const table *t, const column *c)
{
    return t->kind == HY_TABLE_COSTS || c->cost;
}

/* The column whose first filled data cell reads as a year and a stage (R2決算):
 * seed 002 leaves that column without a header of its own. */
static column *find_year_stage_column(builder *b, table *t)
{
    for (size_t i = 0; i < t->ncols; i++) {
        column *c = &t->cols[i];
        if (c->key || c->choice)
            continue;
        size_t end = t->data_index + HEADER_SEARCH_ROWS;
        for (size_t r = t->data_index; r < t->sheet->nrows && r < end; r++) {
            const char *s = rec_cell(b, &t->sheet->rows[r], c->col);
            if (!s)
                continue;
            hy_stage st;
            int year;
            if (rec_parse_year_stage(b, s, &st, &year) && year)
                return c;
            break;
        }
    }
    return NULL;
}

/* Gives a table of cost lines with no 年度 or 区分 column the column that
 * holds both in one cell, when it has one (seed 002 leaves it unnamed). */
static void name_year_stage_column(builder *b, table *t)
{
    for (size_t i = 0; i < t->ncols; i++) {
        const column *c = &t->cols[i];
        if (cost_side(t, c) && c->key && (!strcmp(c->key, "fiscal_year") || !strcmp(c->key, "stage")))
            return;
    }
    column *ys = find_year_stage_column(b, t);
    if (ys) {
        ys->key = "stage";
        ys->header = "区分";   /* what the cells are; the header above is only a group's */
        ys->cost = t->kind == HY_TABLE_PROJECTS;
    }
}

/* Decides whether a projects table also carries cost lines (the wide shape of
 * seed 002). It does when its cost columns include 事業費 and give each line a
 * year (a 年度 or 区分 column, a column holding both such as R2決算, or years
 * and stages in the headers), and when the sheet says more about each project
 * than a costs table repeats beside its lines (code, name, 部, 課): a costs
 * table that repeats the project's name stays a costs table. Otherwise the
 * cost columns are plain unknown columns. */
static void decide_wide(builder *b, table *t)
{
    static const char *const IDENTIFY[] = {
        "code", "name", "department", "section", "fiscal_year", "is_new", NULL,
    };
    int total = 0, describes = 0;
    for (size_t i = 0; i < t->ncols; i++) {
        const column *c = &t->cols[i];
        if (c->cost) {
            total |= !strcmp(c->key, "total");
        } else if (c->key) {
            int ident = 0;
            for (size_t k = 0; IDENTIFY[k]; k++)
                ident |= !strcmp(c->key, IDENTIFY[k]);
            describes |= !ident;
        } else if (c->choice) {
            describes = 1;
        }
    }
    t->wide = total && describes;
    if (t->wide) {
        /* a cost column is wanted as one of the table's: the year-stage column */
        name_year_stage_column(b, t);
        int year = 0;
        for (size_t i = 0; i < t->ncols; i++) {
            const column *c = &t->cols[i];
            if (c->cost)
                year |= !strcmp(c->key, "fiscal_year") || !strcmp(c->key, "stage") ||
                        (c->year && (c->stage >= 0 || !strcmp(c->key, "total")));
        }
        t->wide = year;
    }
    if (!t->wide)
        for (size_t i = 0; i < t->ncols; i++)
            if (t->cols[i].cost) {
                t->cols[i].cost = 0;
                t->cols[i].key = NULL;
                t->cols[i].year = 0;
                t->cols[i].stage = -1;
            }
}

/* The money columns standing side by side (事業費, 国, 北海道, 市債, 交付税措置,
 * その他, 一般財源) under one year and stage: the longest such run, when it has
 * three or more. */
static void find_money_run(table *t)
{
    t->run_first = t->run_len = 0;
    size_t start = 0, len = 0;
    for (size_t i = 0; i < t->ncols; i++) {
        const column *c = &t->cols[i];
        int money = cost_side(t, c) && is_money_key(c->key);
        const column *prev = i ? &t->cols[i - 1] : NULL;
        /* columns of another year's group (R2決算 | R3当初予算) start a run of their own */
        if (money && len && c->col == prev->col + 1 && c->year == prev->year &&
            c->stage == prev->stage) {
            len++;
        } else if (money) {
            start = i;
            len = 1;
        } else {
            len = 0;
        }
        if (len > t->run_len) {
            t->run_first = start;
            t->run_len = len;
        }
    }
    if (t->run_len < 3)
        t->run_len = 0;
}

/* Reads a header band as the header of a table of the given kind into t;
 * returns how many headers were understood. */
static size_t read_header(builder *b, table *t, const hy_header_band *band, hy_table_kind kind)
{
    free(t->cols);
    t->cols = calloc(band->ncols ? band->ncols : 1, sizeof *t->cols);
    t->ncols = 0;
    t->kind = kind;
    t->wide = 0;
    t->header_index = band->first;
    t->data_index = band->first + band->nrows;
    t->unit_yen = 0;
    if (!t->cols) {
        b->oom = 1;
        return 0;
    }
    size_t known = 0;
    for (size_t i = 0; i < band->ncols && !b->oom; i++) {
        const hy_header_column *hc = &band->cols[i];
        column *col = &t->cols[t->ncols++];
        col->col = hc->col;
        col->stage = -1;
        col->block = -1;
        int64_t unit = 0;
        if (match_column(b, kind, hc, col, &unit)) {
            known++;
        } else if ((kind == HY_TABLE_PROJECTS || kind == HY_TABLE_KPI) &&
                   (col->choice = match_column_choice(b, hc, col)) != NULL) {
            known++;
        } else if (kind == HY_TABLE_PROJECTS && match_column(b, HY_TABLE_COSTS, hc, col, &unit)) {
            col->cost = 1;
            known++;
        } else {
            const char *h = headers_join(hc, 0, b->ds->arena);
            if (!h)
                b->oom = 1;
            col->header = h;
            if (h && kind == HY_TABLE_PROJECTS) {
                rec_indicator_header(h, col);
                known += col->ind_part != 0;
            }
        }
        if (unit && col->key && !strcmp(col->key, "total"))
            t->unit_yen = unit;
    }
    if (kind == HY_TABLE_COSTS)
        name_year_stage_column(b, t);
    t->nblocks = 0;
    if (kind == HY_TABLE_PROJECTS && rec_find_blocks(b, t)) {
        known = 0;
        for (size_t i = 0; i < t->ncols; i++)
            known += t->cols[i].key || t->cols[i].choice || t->cols[i].ind_part;
    } else if (kind == HY_TABLE_PROJECTS) {
        decide_wide(b, t);
        if (!t->wide) {
            known = 0;
            for (size_t i = 0; i < t->ncols; i++)
                known += t->cols[i].key || t->cols[i].choice;
        }
    }
    find_money_run(t);
    return known;
}

/* A title or note row above the header stating the unit: （単位：千円）. */
static int64_t unit_note(builder *b, const hy_row *row)
{
    for (uint32_t c = 1; c <= row->ncells; c++) {
        const char *s = rec_cell(b, row, c);
        if (!s || !strstr(s, "単位"))
            continue;
        if (strstr(s, "千円")) return 1000;
        if (strstr(s, "百万円")) return 1000000;
        if (strstr(s, "万円")) return 10000;
        if (strstr(s, "円")) return 1;
    }
    return 0;
}

/* Finds the header and the kind of table: the first row, among the first
 * few, where some kind's required columns are all present (with the rows of
 * parts below it, headers.h); of several kinds the one that understands the
 * most headers. */
static int recognise(builder *b, table *t)
{
    size_t best_known = 0, best_index = 0;
    hy_table_kind best_kind = HY_TABLE_UNKNOWN;
    size_t limit = t->sheet->nrows < HEADER_SEARCH_ROWS ? t->sheet->nrows : HEADER_SEARCH_ROWS;
    hy_header_band band;
    for (size_t r = 0; r < limit && best_kind == HY_TABLE_UNKNOWN; r++) {
        if (headers_read(t->sheet, r, &band) != 0) {
            b->oom = 1;
            return -1;
        }
        for (int k = 0; k < HY_TABLE_KIND_COUNT; k++) {
            size_t known = read_header(b, t, &band, (hy_table_kind)k);
            if (b->oom)
                break;
            if (known >= 2 && complete(t) && known > best_known) {
                best_known = known;
                best_kind = (hy_table_kind)k;
                best_index = r;
            }
        }
        headers_free(&band);
        if (b->oom)
            return -1;
    }
    if (best_kind == HY_TABLE_UNKNOWN) {
        free(t->cols);
        t->cols = NULL;
        t->ncols = 0;
        t->kind = HY_TABLE_UNKNOWN;
        return 0;
    }
    if (headers_read(t->sheet, best_index, &band) != 0) {
        headers_free(&band);
        b->oom = 1;
        return -1;
    }
    read_header(b, t, &band, best_kind);
    headers_free(&band);
    for (size_t r = 0; r < best_index && !t->unit_yen; r++)
        t->unit_yen = unit_note(b, &t->sheet->rows[r]);
    if (!t->unit_yen)
        t->unit_yen = b->profile->input_unit;
    return b->oom ? -1 : 1;
}

static int row_blank(const hy_row *row)
{
    for (uint32_t c = 1; c <= row->ncells; c++) {
        const char *s = row_text(row, c);
        if (!s)
            continue;
        for (; *s; s++)
            if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
                return 0;
    }
    return 1;
}

/* An unknown header one edit or one word from a known one says which column
 * it may be and the columns.conf line that would make it that. */
static void hint_near(builder *b, const table *t, const column *c)
{
    if (!c->header)
        return;
    hy_table_kind kind = t->kind;
    const char *label = NULL;
    const char *key = columns_near(b->columns, kind, c->header, &label);
    if (!key && kind == HY_TABLE_PROJECTS && (t->wide || t->nblocks)) {
        kind = HY_TABLE_COSTS;
        key = columns_near(b->columns, kind, c->header, &label);
    }
    if (!key)
        return;
    hy_loc loc = {t->file, t->sheet_name, t->sheet->rows[t->header_index].number, c->col};
    diag_warn(b->diags, &loc, _("%s: not a header hyoka knows; it may be %s (%s): to read it so, "
              "add the line `%s = %s` under [%s] in the profile's columns.conf"), c->header,
              label ? label : key, key, key, c->header, table_kind_name(kind));
}

static hy_table_stats *new_stats(builder *b, const table *t)
{
    hy_table_stats *s = vec_push(&b->stats, &b->nstats, &b->scap, sizeof *s);
    if (!s) {
        b->oom = 1;
        return NULL;
    }
    s->file = t->file;
    s->sheet = t->sheet_name;
    s->kind = t->nblocks ? "projects+costs+indicators"
              : t->wide  ? "projects+costs" : table_kind_name(t->kind);
    size_t unknown = 0;
    for (size_t i = 0; i < t->ncols; i++)
        unknown += !t->cols[i].key && !t->cols[i].choice && !t->cols[i].ind_part;
    if (unknown) {
        s->unknown_columns = arena_alloc(b->ds->arena, unknown * sizeof *s->unknown_columns);
        if (!s->unknown_columns) {
            b->oom = 1;
            return s;
        }
        for (size_t i = 0; i < t->ncols; i++)
            if (!t->cols[i].key && !t->cols[i].choice && !t->cols[i].ind_part) {
                s->unknown_columns[s->nunknown_columns++] = t->cols[i].header;
                hint_near(b, t, &t->cols[i]);
            }
    }
    return s;
}

/* The book read is in its own scratch file; the data set and the builder's
 * work share one budget (build), which the work's release marks: last. */
static void release_pages(builder *b, const table *t)
{
    arena_release(t->book->arena);
    arena_release(b->work);
}

static void read_rows(builder *b, table *t)
{
    block blk = {.project = NO_PROJECT};
    t->run_full = t->run_len && rec_run_filled_somewhere(b, t);
    if (t->nblocks && !rec_block_years(b, t))
        return;
    for (size_t r = t->data_index; r < t->sheet->nrows && !b->oom; r++) {
        const hy_row *row = &t->sheet->rows[r];
        /* the cells read, the arrays being built and what is kept all live in
         * scratch files: hand their pages back when they add up */
        if (r % ARENA_STEP_CHECK == 0 && arena_swelled(b->work))
            release_pages(b, t);
        if (row_blank(row))
            continue;
        t->stats->rows_read++;
        rowctx rc = {b, t, row, row->broken};
        if (!row->broken) {
            switch (t->kind) {
            case HY_TABLE_PROJECTS:
                if (t->nblocks)
                    rec_read_blocked_row(b, &rc);
                else if (t->wide)
                    rec_read_wide_row(b, &rc, &blk);
                else
                    rec_read_projects_row(b, &rc);
                break;
            case HY_TABLE_COSTS: rec_read_costs_row(b, &rc); break;
            case HY_TABLE_INDICATORS: rec_read_indicators_row(b, &rc); break;
            case HY_TABLE_KPI: rec_read_kpi_row(b, &rc); break;
            case HY_TABLE_CHOICES: rec_read_choices_row(b, &rc); break;
            default: break;
            }
        }
        if (rc.bad && !b->oom)
            rec_note_rejected(b, t, row, t->wide ? blk.project : -1);
        if (rc.bad)
            t->stats->rows_rejected++;
        else
            t->stats->rows_accepted++;
    }
    if (!b->oom)
        rec_end_block(b, t, &blk);
    free(blk.pend);
    rec_report_subyen(b, t);
    rec_check_shifted(b, t);
}

/* With `owned` (the books array itself), frees each book once every table it
 * holds has been read, before the next kind of table is: its raw cells need
 * not be held while the rest of the data set is read and stored. */
static void release_read(hy_book **owned, size_t nbooks, const table *tables, size_t ntables,
                         const hy_table_kind *order, size_t norder, size_t done)
{
    for (size_t i = 0; owned && i < nbooks; i++) {
        int waiting = 0;
        for (size_t t = 0; t < ntables && !waiting; t++)
            for (size_t o = done; tables[t].book == owned[i] && o < norder && !waiting; o++)
                waiting = tables[t].kind == order[o];
        if (owned[i] && !waiting) {
            book_free(owned[i]);
            owned[i] = NULL;
        }
    }
}

static int build(hy_book *const *books, size_t nbooks, hy_book **owned, const hy_columns *cols,
                 const hy_profile *profile, const hy_records_opts *opts, hy_dataset *ds,
                 hy_diags *diags, hy_err *err)
{
    static const hy_records_opts NO_OPTS = {NULL, NULL};
    builder b = {.columns = cols, .profile = profile, .ds = ds, .diags = diags, .err = err,
                 .opts = opts ? opts : &NO_OPTS, .work = arena_new_spill_beside(ds->arena)};
    if (!b.work)
        return err_set(err, HY_EIO, _("out of memory reading the data set"));
    rec_parse_block_years(&b);
    table *tables = NULL;
    size_t ntables = 0, tcap = 0;

    /* Recognise every sheet first: projects must be known before the costs and
     * indicators that refer to them, whatever order the files come in. */
    for (size_t i = 0; i < nbooks && !b.oom; i++) {
        const hy_book *book = books[i];
        for (size_t s = 0; s < book->nsheets && !b.oom; s++) {
            const hy_sheet *sheet = &book->sheets[s];
            if (sheet->nrows == 0)
                continue;
            table *t = vec_push(&tables, &ntables, &tcap, sizeof *t);
            if (!t) {
                b.oom = 1;
                break;
            }
            t->book = book;
            t->sheet = sheet;
            t->file = rec_keep(&b, book->file);
            t->sheet_name = rec_keep(&b, sheet->name);
            int found = recognise(&b, t);
            if (found < 0)
                break;
            if (!found) {
                hy_loc loc = {t->file, t->sheet_name, 0, 0};
                diag_warn(diags, &loc, _("no table recognised: no row among the first %d has the "
                          "headers of a projects, costs, indicators or KPI table (see "
                          "templates/columns.conf); the sheet is not used"), HEADER_SEARCH_ROWS);
            }
        }
    }
    static const hy_table_kind ORDER[] = {
        HY_TABLE_PROJECTS, HY_TABLE_KPI, HY_TABLE_COSTS, HY_TABLE_INDICATORS, HY_TABLE_CHOICES,
    };
    enum { NORDER = sizeof ORDER / sizeof ORDER[0] };
    for (size_t o = 0; o < sizeof ORDER / sizeof ORDER[0] && !b.oom; o++) {
        release_read(owned, nbooks, tables, ntables, ORDER, NORDER, o);
        for (size_t i = 0; i < ntables && !b.oom; i++) {
            table *t = &tables[i];
            if (t->kind != ORDER[o])
                continue;
            t->stats = new_stats(&b, t);
            if (t->stats)
                read_rows(&b, t);
        }
    }
    release_read(owned, nbooks, tables, ntables, ORDER, NORDER, NORDER);
    if (!b.oom)
        rec_store(&b);

    for (size_t i = 0; i < ntables; i++)
        free(tables[i].cols);
    free(tables);
    arena_free(b.work);
    free(b.code_slots);
    free(b.stats);
    free(b.left_out);
    buf_free(&b.scratch);
    buf_free(&b.scratch2);
    buf_free(&b.cand);
    if (b.oom || diags->out_of_memory)
        return err_set(err, HY_EIO, _("out of memory reading the data set"));
    return HY_OK;
}

int records_build_with(hy_book *const *books, size_t nbooks, const hy_columns *cols,
                       const hy_profile *profile, const hy_records_opts *opts, hy_dataset *ds,
                       hy_diags *diags, hy_err *err)
{
    return build(books, nbooks, NULL, cols, profile, opts, ds, diags, err);
}

int records_build(hy_book *const *books, size_t nbooks, const hy_columns *cols,
                  const hy_profile *profile, hy_dataset *ds, hy_diags *diags, hy_err *err)
{
    return build(books, nbooks, NULL, cols, profile, NULL, ds, diags, err);
}

int records_build_consume(hy_book **books, size_t nbooks, const hy_columns *cols,
                          const hy_profile *profile, const hy_records_opts *opts, hy_dataset *ds,
                          hy_diags *diags, hy_err *err)
{
    return build(books, nbooks, books, cols, profile, opts, ds, diags, err);
}
