#include "normalize/records.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/choice.h"
#include "normalize/headers.h"
#include "normalize/value.h"
#include "util/buf.h"
#include "util/vec.h"
#include "util/i18n.h"

/* How far down a sheet the header row is looked for: forms put a title, a date
 * and a unit note above their table, rarely more than a handful of rows. */
enum { HEADER_SEARCH_ROWS = 20 };

/* Records are gathered in malloc'ed arrays (util/vec.h) while the sheets are
 * read (a project's costs may come from a file read after its indicators) and
 * copied into the data set's arena at the end, sorted. */

typedef struct ind_build {
    hy_indicator ind;
    hy_value *values;
    size_t nvalues, vcap;
} ind_build;

typedef struct project_build {
    hy_project p;
    hy_field *fields;
    size_t nfields, fcap;
    hy_choice *choices;
    size_t nchoices, ccap;
    hy_cost *costs;
    size_t ncosts, costcap;
    ind_build *inds;
    size_t ninds, icap;
} project_build;

/* One column of a recognised table. */
typedef struct column {
    uint32_t col;                 /* 1-based */
    const char *header;           /* as written, trimmed; under a group `人工 (R3年度) 正職員` */
    const char *key;              /* canonical key, NULL when unknown */
    int year;                     /* year written in the header or its group, or 0 */
    int stage;                    /* budget stage written in its group (R2決算), or -1 */
    const hy_choice_set *choice;  /* a judgement item column */
    int reason;                   /* the reason column of that item */
    int cost;                     /* a costs column of a sheet that also lists projects */
} column;

typedef struct table {
    const hy_book *book;
    const hy_sheet *sheet;
    const char *file;             /* the book's file and sheet name, kept in the data set's */
    const char *sheet_name;       /* arena: locations outlive the books they came from */
    hy_table_kind kind;
    int wide;                     /* projects with their costs on the same rows (seed 002) */
    size_t header_index;          /* index of the header's first row in sheet->rows */
    size_t data_index;            /* index of the first row after the header */
    column *cols;
    size_t ncols;
    size_t run_first, run_len;    /* the money columns side by side (cols[run_first..]), if 3+ */
    int run_full;                 /* some row fills every one of them */
    int64_t unit_yen;             /* amounts typed without a unit are in this unit */
    hy_table_stats *stats;
} table;

typedef struct builder {
    const hy_columns *columns;
    const hy_profile *profile;
    hy_dataset *ds;
    hy_diags *diags;
    hy_err *err;
    project_build *projects;
    size_t nprojects, pcap;
    size_t *code_slots;           /* open addressing: index + 1 into projects, 0 empty */
    size_t code_cap;              /* a power of two, at least twice nprojects */
    hy_table_stats *stats;
    size_t nstats, scap;
    int have_projects_table;
    int oom;
    hy_buf scratch, scratch2, cand;
} builder;

static char *keep(builder *b, const char *s)
{
    char *p = arena_strdup(b->ds->arena, s);
    if (!p && s)
        b->oom = 1;
    return p;
}

static hy_loc cell_loc(const table *t, const hy_row *row, uint32_t col)
{
    return (hy_loc){t->file, t->sheet_name, row->number, col};
}

/* The trimmed text of a cell in the builder's scratch buffer, or NULL if blank. */
static const char *cell(builder *b, const hy_row *row, uint32_t col)
{
    const char *raw = row_text(row, col);
    if (!raw)
        return NULL;
    const char *t = value_trim(raw, &b->scratch);
    if (!t) {
        b->oom = 1;
        return NULL;
    }
    return *t ? t : NULL;
}

static void free_project(project_build *pb);

/* Project codes are looked up once per cost and indicator row, and a city has
 * thousands of projects: a linear search made `check` quadratic (77% of its
 * time on 10,000 projects). Codes index projects through a hash table. */
static uint64_t code_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static project_build *find_project(builder *b, const char *code)
{
    if (!b->code_cap)
        return NULL;
    for (size_t i = code_hash(code) & (b->code_cap - 1);; i = (i + 1) & (b->code_cap - 1)) {
        size_t slot = b->code_slots[i];
        if (!slot)
            return NULL;
        if (!strcmp(b->projects[slot - 1].p.code, code))
            return &b->projects[slot - 1];
    }
}

static void index_put(builder *b, size_t project)
{
    size_t i = code_hash(b->projects[project].p.code) & (b->code_cap - 1);
    while (b->code_slots[i])
        i = (i + 1) & (b->code_cap - 1);
    b->code_slots[i] = project + 1;
}

/* Appends a project (taking over pb's arrays) and indexes its code. Returns
 * it, or NULL when out of memory (pb's arrays are then freed). */
static project_build *add_project(builder *b, project_build *pb)
{
    if ((b->nprojects + 1) * 2 > b->code_cap) {
        size_t cap = b->code_cap ? b->code_cap * 2 : 64;
        size_t *slots = calloc(cap, sizeof *slots);
        if (!slots) {
            free_project(pb);
            b->oom = 1;
            return NULL;
        }
        free(b->code_slots);
        b->code_slots = slots;
        b->code_cap = cap;
        for (size_t k = 0; k < b->nprojects; k++)
            index_put(b, k);
    }
    project_build *slot = vec_push(&b->projects, &b->nprojects, &b->pcap, sizeof *slot);
    if (!slot) {
        free_project(pb);
        b->oom = 1;
        return NULL;
    }
    *slot = *pb;
    index_put(b, b->nprojects - 1);
    return slot;
}

/* ---- recognising a table -------------------------------------------------- */

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
        for (size_t a = 0; a <= cs->ncolumns && !found; a++) {
            const char *name = a == 0 ? cs->item : cs->columns[a - 1];
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
    default:
        return 0;
    }
}

/* A budget stage as a cell or a header names it: 決算, 当初予算, 決算見込 ... */
static int parse_stage(const char *s, hy_stage *out)
{
    static const struct { const char *text; hy_stage stage; } STAGES[] = {
        {"決算", HY_STAGE_SETTLED}, {"決算額", HY_STAGE_SETTLED},
        {"当初予算", HY_STAGE_INITIAL_BUDGET}, {"当初", HY_STAGE_INITIAL_BUDGET},
        {"予算", HY_STAGE_INITIAL_BUDGET},
        {"決算見込", HY_STAGE_SETTLEMENT_ESTIMATE}, {"決算見込み", HY_STAGE_SETTLEMENT_ESTIMATE},
        {"見込", HY_STAGE_SETTLEMENT_ESTIMATE},
        {"補正後予算", HY_STAGE_REVISED_BUDGET}, {"補正後", HY_STAGE_REVISED_BUDGET},
        {"計画", HY_STAGE_PLAN}, {"計画額", HY_STAGE_PLAN},
    };
    for (size_t i = 0; i < sizeof STAGES / sizeof STAGES[0]; i++)
        if (!strcmp(s, STAGES[i].text)) {
            *out = STAGES[i].stage;
            return 1;
        }
    return 0;
}

/* A stage with the year written in front of it, as seed 002 writes its budget
 * rows in one cell: R2決算, R3当初予算, 令和3年度決算見込. *year is 0 when the
 * cell names a stage alone. Returns 0 when it is neither. */
static int parse_year_stage(builder *b, const char *s, hy_stage *stage, int *year)
{
    *year = 0;
    if (parse_stage(s, stage))
        return 1;
    int y;
    hy_buf *rest = &b->scratch2;
    int found = value_header_year(s, &y, rest);
    if (found < 0) {
        b->oom = 1;
        return 0;
    }
    if (found && rest->len && parse_stage(buf_str(rest), stage)) {
        *year = y;
        return 1;
    }
    return 0;
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
                if (b->scratch2.len && parse_stage(buf_str(&b->scratch2), &st))
                    col->stage = (int)st;
                shown = j;
            }
        }
        if (shown == i) {
            col->header = keep(b, buf_str(cand));
        } else {
            buf_reset(cand);
            for (size_t k = shown; k < hc->nparts; k++)
                if ((k > shown && buf_putc(cand, ' ') != 0) || buf_puts(cand, hc->parts[k]) != 0)
                    b->oom = 1;
            col->header = keep(b, buf_str(cand));
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
            col->header = keep(b, hc->parts[i]);
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
            const char *s = cell(b, &t->sheet->rows[r], c->col);
            if (!s)
                continue;
            hy_stage st;
            int year;
            if (parse_year_stage(b, s, &st, &year) && year)
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
        }
        if (unit && col->key && !strcmp(col->key, "total"))
            t->unit_yen = unit;
    }
    if (kind == HY_TABLE_COSTS)
        name_year_stage_column(b, t);
    if (kind == HY_TABLE_PROJECTS) {
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
        const char *s = cell(b, row, c);
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

/* ---- reading cells --------------------------------------------------------- */

typedef struct rowctx {
    builder *b;
    const table *t;
    const hy_row *row;
    int bad;                      /* the row had an error: reject it */
} rowctx;

/* Reports a problem at a cell of the row being read; an error also rejects
 * the row. */
static void row_report(rowctx *rc, hy_severity severity, uint32_t col, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    hy_loc loc = cell_loc(rc->t, rc->row, col);
    diag_add(rc->b->diags, severity, &loc, "%s", msg);
    if (severity == DIAG_ERROR)
        rc->bad = 1;
}

static void row_error(rowctx *rc, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void row_error(rowctx *rc, uint32_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    row_report(rc, DIAG_ERROR, col, fmt, ap);
    va_end(ap);
}

static void row_warning(rowctx *rc, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void row_warning(rowctx *rc, uint32_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    row_report(rc, DIAG_WARNING, col, fmt, ap);
    va_end(ap);
}

static hy_amount read_amount(rowctx *rc, const column *c)
{
    const char *s = cell(rc->b, rc->row, c->col);
    hy_amount a = amount_null();
    char why[512];
    if (value_amount(s, rc->t->unit_yen, &a, why, sizeof why) == HY_VALUE_BAD)
        row_error(rc, c->col, "%s: %s", c->header, why);
    return a;
}

static hy_num read_number(rowctx *rc, const column *c, hy_buf *unit_text)
{
    const char *s = cell(rc->b, rc->row, c->col);
    hy_num n = num_null();
    hy_unit unit;
    char why[512];
    if (unit_text)
        buf_reset(unit_text);
    if (value_number(s, &n, &unit, unit_text, why, sizeof why) == HY_VALUE_BAD)
        row_error(rc, c->col, "%s: %s", c->header, why);
    return n;
}

static int read_year(rowctx *rc, const column *c)
{
    const char *s = cell(rc->b, rc->row, c->col);
    int y = 0;
    char why[512];
    if (value_fiscal_year(s, &y, why, sizeof why) == HY_VALUE_BAD)
        row_error(rc, c->col, "%s: %s", c->header, why);
    return y;
}

static int truthy(const char *s)
{
    static const char *const YES[] = {"★", "☆", "○", "〇", "◯", "●", "■", "1", "yes", "Yes",
                                      "YES", "新規", "有", "あり", "TRUE", "true", NULL};
    if (!s)
        return 0;
    for (size_t i = 0; YES[i]; i++)
        if (!strcmp(s, YES[i]))
            return 1;
    return 0;
}

static int add_field(builder *b, project_build *pb, const char *key, const char *value, hy_loc loc)
{
    hy_field *f = vec_push(&pb->fields, &pb->nfields, &pb->fcap, sizeof *f);
    if (!f) {
        b->oom = 1;
        return -1;
    }
    f->key = key;
    f->value = keep(b, value);
    f->loc = loc;
    return 0;
}

static hy_choice *choice_slot(builder *b, project_build *pb, const hy_choice_set *cs)
{
    for (size_t i = 0; i < pb->nchoices; i++)
        if (pb->choices[i].item == cs->item)
            return &pb->choices[i];
    hy_choice *c = vec_push(&pb->choices, &pb->nchoices, &pb->ccap, sizeof *c);
    if (!c) {
        b->oom = 1;
        return NULL;
    }
    c->item = cs->item;
    c->chosen = -1;
    return c;
}

/* A multi-select item (`multiple = yes`): every chosen option in the mask,
 * and the first of them as `chosen`. */
static void read_multiple_choice(rowctx *rc, const column *c, const char *s, hy_choice *ch)
{
    uint64_t mask = 0;
    char why[1024];
    if (choice_parse_multi(s, c->choice->options, c->choice->noptions, &mask, why,
                           sizeof why) == HY_VALUE_BAD)
        row_error(rc, c->col, "%s: %s", c->header, why);
    ch->chosen_mask = mask;
    ch->chosen = -1;
    for (int i = 0; i < 64 && ch->chosen < 0; i++)
        if ((mask >> i) & 1)
            ch->chosen = i;
}

/* ---- projects ------------------------------------------------------------- */

/* Reads the project part of a projects or KPI row into a fresh project. */
static void read_project_columns(rowctx *rc, project_build *pb)
{
    builder *b = rc->b;
    const table *t = rc->t;
    for (size_t i = 0; i < t->ncols; i++) {
        const column *c = &t->cols[i];
        if (c->cost)
            continue;   /* the cost part of a wide row */
        hy_loc loc = cell_loc(t, rc->row, c->col);
        if (c->choice) {
            const char *s = cell(b, rc->row, c->col);
            hy_choice *ch = choice_slot(b, pb, c->choice);
            if (!ch)
                return;
            if (c->reason) {
                ch->reason = s ? keep(b, s) : NULL;
                continue;
            }
            int chosen = -1;
            char why[1024];
            if (c->choice->multiple) {
                read_multiple_choice(rc, c, s, ch);
                ch->loc = loc;
                continue;
            }
            hy_value_status st = choice_parse(s, c->choice->options, c->choice->noptions, &chosen,
                                              why, sizeof why);
            if (st == HY_VALUE_BAD)
                row_error(rc, c->col, "%s: %s", c->header, why);
            ch->chosen = chosen;
            ch->chosen_mask = chosen >= 0 ? 1ULL << chosen : 0;
            ch->loc = loc;
            continue;
        }
        const char *key = c->key;
        if (t->kind == HY_TABLE_KPI && key &&
            (!strcmp(key, "indicator") || !strcmp(key, "unit") || !strcmp(key, "baseline") ||
             !strcmp(key, "actual") || !strcmp(key, "target") || !strcmp(key, "pre_score") ||
             !strcmp(key, "score") || !strcmp(key, "target_note") || !strcmp(key, "plan")))
            continue;   /* the indicator's part of a KPI row */
        const char *s = cell(b, rc->row, c->col);
        if (key && !strcmp(key, "code")) {
            pb->p.code = s ? keep(b, s) : NULL;
        } else if (key && !strcmp(key, "name")) {
            pb->p.name = s ? keep(b, s) : NULL;
        } else if (key && !strcmp(key, "department")) {
            pb->p.department = s ? keep(b, s) : NULL;
        } else if (key && !strcmp(key, "section")) {
            pb->p.section = s ? keep(b, s) : NULL;
        } else if (key && !strcmp(key, "fiscal_year")) {
            pb->p.fiscal_year = read_year(rc, c);
        } else if (key && !strcmp(key, "is_new")) {
            pb->p.is_new = (uint8_t)truthy(s);
        } else if (s) {
            /* A column hyoka does not know is kept under its header. */
            add_field(b, pb, key ? key : c->header, s, loc);
        }
    }
}

static void finish_project(builder *b, rowctx *rc, project_build *pb)
{
    const table *t = rc->t;
    uint32_t code_col = 0, name_col = 0;
    for (size_t i = 0; i < t->ncols; i++) {
        if (t->cols[i].key && !strcmp(t->cols[i].key, "code"))
            code_col = t->cols[i].col;
        if (t->cols[i].key && !strcmp(t->cols[i].key, "name"))
            name_col = t->cols[i].col;
    }
    if (!pb->p.code)
        row_error(rc, code_col, _("事業コード is blank: every project needs a code"));
    if (!pb->p.name)
        row_error(rc, name_col, _("事業名 is blank: every project needs a name"));
    if (!pb->p.fiscal_year)
        pb->p.fiscal_year = b->profile->fiscal_year;
    /* A KPI sheet states its years in its headers instead (spec section 6). */
    if (!pb->p.fiscal_year && !rc->bad && t->kind == HY_TABLE_PROJECTS)
        row_error(rc, 0, _("no 評価年度: give the evaluation year in a 評価年度 column or set "
                  "fiscal_year in the profile"));
    pb->p.loc = cell_loc(t, rc->row, 0);
}

static void free_project(project_build *pb)
{
    free(pb->fields);
    free(pb->choices);
    free(pb->costs);
    for (size_t i = 0; i < pb->ninds; i++)
        free(pb->inds[i].values);
    free(pb->inds);
}

/* A project code must be unique in the data set. */
static void check_unique(builder *b, rowctx *rc, const project_build *pb)
{
    if (rc->bad)
        return;
    project_build *dup = find_project(b, pb->p.code);
    if (!dup)
        return;
    char where[512];
    diag_format_loc(&dup->p.loc, where, sizeof where);
    uint32_t col = 0;
    for (size_t i = 0; i < rc->t->ncols; i++)
        if (rc->t->cols[i].key && !rc->t->cols[i].cost && !strcmp(rc->t->cols[i].key, "code"))
            col = rc->t->cols[i].col;
    row_error(rc, col, _("project code %s appears twice (first at %s); codes must be unique"),
              pb->p.code, where);
}

static void read_projects_row(builder *b, rowctx *rc)
{
    project_build pb;
    memset(&pb, 0, sizeof pb);
    read_project_columns(rc, &pb);
    finish_project(b, rc, &pb);
    check_unique(b, rc, &pb);
    if (rc->bad) {
        free_project(&pb);
        return;
    }
    add_project(b, &pb);
}

/* ---- costs ---------------------------------------------------------------- */

static int source_of(const char *key)
{
    static const char *const KEYS[HY_SRC_COUNT] = {
        "national", "prefectural", "bonds", "furusato_fund", "other", "general",
    };
    for (int s = 0; s < HY_SRC_COUNT; s++)
        if (!strcmp(key, KEYS[s]))
            return s;
    return -1;
}

/* The member of a cost line a column key names: an amount or a number. */
typedef struct cost_member {
    hy_amount *amount;
    hy_num *num;
} cost_member;

static cost_member member_of(hy_cost *cost, const char *key)
{
    cost_member m = {NULL, NULL};
    int s;
    if (!strcmp(key, "total"))
        m.amount = &cost->total;
    else if (!strcmp(key, "staff"))
        m.num = &cost->staff;
    else if (!strcmp(key, "part_time_staff"))
        m.num = &cost->part_time_staff;
    else if (!strcmp(key, "tax_allocation_pct"))
        m.num = &cost->tax_allocation_pct;
    else if ((s = source_of(key)) >= 0)
        m.amount = &cost->source[s];
    return m;
}

/* Reads a money or staff cell of a cost line into its member; returns 1 when
 * the column is one and its cell is not blank. */
static int read_cost_cell(rowctx *rc, const column *c, hy_cost *cost)
{
    cost_member m = member_of(cost, c->key);
    if ((!m.amount && !m.num) || !cell(rc->b, rc->row, c->col))
        return 0;
    if (m.amount)
        *m.amount = read_amount(rc, c);
    else
        *m.num = read_number(rc, c, NULL);
    return 1;
}

/*
 * Seed 002's second copy of its budget table prints `301 0 0 0 0 301` under
 * seven money columns: one zero column is dropped, and a reader going by
 * position puts 一般財源 under その他 (the sums still agree, so no later check
 * would notice). A row is taken not to line up with its header when
 *   - its money columns stand side by side (three or more, table.run_len),
 *   - another row of the table fills every one of them (table.run_full),
 *   - and this one fills at least half of them, all from the left, leaving
 *     only the last one or more blank.
 * Departments who leave sources blank leave them here and there (国 blank, 一般
 * 財源 given), not as a tail of a run they otherwise fill; such a row is
 * reported, never read by position.
 */
static void check_alignment(rowctx *rc)
{
    const table *t = rc->t;
    if (!t->run_len || !t->run_full)
        return;
    size_t filled = 0, first_blank = t->run_len;
    int prefix = 1;
    for (size_t i = 0; i < t->run_len; i++) {
        if (cell(rc->b, rc->row, t->cols[t->run_first + i].col)) {
            filled++;
            if (first_blank < t->run_len)
                prefix = 0;
        } else if (first_blank == t->run_len) {
            first_blank = i;
        }
    }
    if (!prefix || filled == t->run_len || filled * 2 < t->run_len)
        return;
    const column *run = &t->cols[t->run_first];
    row_error(rc, 0, _("%zu values under %zu money columns (%s to %s): the cells do not line up "
              "with the header, a column may have been left out (%s is blank where other rows "
              "fill all %zu)"), filled, t->run_len, run[0].header, run[t->run_len - 1].header,
              run[first_blank].header, t->run_len);
}

/* What every cost line must satisfy, wherever it was read. */
static void check_line(rowctx *rc, const hy_cost *cost, uint32_t total_col)
{
    if (!cost->total.known && !rc->bad)
        row_error(rc, total_col, _("事業費 is blank: a cost row needs its 事業費 (write 0 for none)"));
    /* 事業費 must equal the sum of its funding sources when all are given. */
    if (!rc->bad && cost->source[HY_SRC_GENERAL].known) {
        int64_t sum = 0;
        for (int s = 0; s < HY_SRC_COUNT; s++)
            if (cost->source[s].known)
                sum += cost->source[s].yen;
        if (sum != cost->total.yen) {
            char a[64], c2[64];
            amount_format(amount_of(sum), rc->t->unit_yen, HY_ROUND_HALF_UP, a, sizeof a);
            amount_format(cost->total, rc->t->unit_yen, HY_ROUND_HALF_UP, c2, sizeof c2);
            row_error(rc, total_col, _("funding sources add up to %s, but 事業費 is %s"), a, c2);
        }
    }
}

/* Reads a 区分 cell, which may carry its year (R3当初予算); a year there must
 * agree with the row's 年度 when both are given. */
static void read_stage(rowctx *rc, const column *c, hy_cost *cost, int *stage_year)
{
    const char *s = cell(rc->b, rc->row, c->col);
    *stage_year = 0;
    if (s && !parse_year_stage(rc->b, s, &cost->stage, stage_year))
        row_error(rc, c->col, "%s: expected 決算, 当初予算, 決算見込, 補正後予算 or 計画, got \"%s\"",
                  c->header, s);
}

static void settle_stage_year(rowctx *rc, hy_cost *cost, int stage_year, uint32_t stage_col,
                              uint32_t *year_col)
{
    if (!stage_year)
        return;
    if (!cost->fiscal_year) {
        cost->fiscal_year = stage_year;
        *year_col = stage_col;
    } else if (cost->fiscal_year != stage_year) {
        row_error(rc, stage_col, "区分 names %d年度 but 年度 says %d年度", stage_year,
                  cost->fiscal_year);
    }
}

/* A cost line for a year and stage the project already has is an error. */
static int duplicate_line(rowctx *rc, const project_build *pb, const hy_cost *cost,
                          uint32_t year_col)
{
    for (size_t i = 0; i < pb->ncosts; i++)
        if (pb->costs[i].fiscal_year == cost->fiscal_year && pb->costs[i].stage == cost->stage) {
            char where[512];
            diag_format_loc(&pb->costs[i].loc, where, sizeof where);
            row_error(rc, year_col, _("project %s already has a %s row for this fiscal year "
                      "(at %s)"), pb->p.code, stage_label(cost->stage), where);
            return 1;
        }
    return 0;
}

static void read_costs_row(builder *b, rowctx *rc)
{
    const table *t = rc->t;
    hy_cost cost;
    memset(&cost, 0, sizeof cost);
    cost.stage = HY_STAGE_SETTLED;
    const char *code = NULL;
    uint32_t code_col = 0, total_col = 0, year_col = 0, stage_col = 0;
    int stage_year = 0;
    check_alignment(rc);
    for (size_t i = 0; i < t->ncols && !rc->bad; i++) {
        const column *c = &t->cols[i];
        if (!c->key)
            continue;
        if (!strcmp(c->key, "code")) {
            code = cell(b, rc->row, c->col);
            code = code ? keep(b, code) : NULL;
            code_col = c->col;
        } else if (!strcmp(c->key, "fiscal_year")) {
            cost.fiscal_year = read_year(rc, c);
            year_col = c->col;
        } else if (!strcmp(c->key, "stage")) {
            read_stage(rc, c, &cost, &stage_year);
            stage_col = c->col;
        } else {
            if (!strcmp(c->key, "total")) {
                total_col = c->col;
                if (c->year && !cost.fiscal_year)
                    cost.fiscal_year = c->year;
            }
            read_cost_cell(rc, c, &cost);
        }
    }
    if (rc->bad)
        return;
    settle_stage_year(rc, &cost, stage_year, stage_col, &year_col);
    if (!code)
        row_error(rc, code_col, _("事業コード is blank: a cost row must name its project"));
    if (!cost.fiscal_year)
        row_error(rc, year_col, _("年度 is blank: a cost row needs its fiscal year"));
    check_line(rc, &cost, total_col);
    if (rc->bad)
        return;
    cost.loc = cell_loc(t, rc->row, 0);
    project_build *pb = find_project(b, code);
    if (!pb) {
        row_error(rc, code_col, _("事業コード %s: no project has this code (the projects table "
                  "does not list it)"), code);
        return;
    }
    if (duplicate_line(rc, pb, &cost, year_col))
        return;
    hy_cost *slot = vec_push(&pb->costs, &pb->ncosts, &pb->costcap, sizeof *slot);
    if (!slot) {
        b->oom = 1;
        return;
    }
    *slot = cost;
}

/* ---- the wide shape: projects with their cost lines (seed 002) -------------
 * One project per block of rows. The block's first row names the project and
 * may hold its first cost line (R2決算 115 0 0 ...); the rows below it, whose
 * project columns are blank (or repeat its code), hold its other lines. A
 * cost column whose header carries a year and a stage (R2決算 over 事業費)
 * makes a line of that year and stage on every row; one whose header carries
 * a year only (人工 (R3年度) over 正職員) belongs to the block's lines of that
 * year, whichever row of the block it is written on. */

enum { NO_PROJECT = -1 };

/* A value written on one row of a block for the lines of another year. */
typedef struct pending {
    const column *c;
    uint32_t row;
    hy_cost value;               /* only the member c->key names is set */
} pending;

typedef struct block {
    long project;                /* index in builder.projects, or NO_PROJECT */
    uint32_t head_row;           /* the row that named the project */
    int rejected;                /* that row was rejected */
    int lost_lines;              /* a later row of the block was rejected */
    size_t cost_start;           /* the project's lines read in this block start here */
    pending *pend;
    size_t npend, pcap;
} block;

/* A cost line being read from one row. */
typedef struct line_build {
    hy_cost cost;
    int any;                     /* some cell of the line is filled */
    uint32_t total_col;
} line_build;

static line_build *line_for(builder *b, line_build **lines, size_t *n, size_t *cap, int year,
                            int stage)
{
    for (size_t i = 1; i < *n; i++)
        if ((*lines)[i].cost.fiscal_year == year && (int)(*lines)[i].cost.stage == stage)
            return &(*lines)[i];
    line_build *l = vec_push(lines, n, cap, sizeof **lines);
    if (!l) {
        b->oom = 1;
        return NULL;
    }
    l->cost.fiscal_year = year;
    l->cost.stage = (hy_stage)stage;
    return l;
}

/* Reads the cost part of a row of a wide table into the project pb (whose
 * block is blk); nothing is added when the row has an error. */
static void read_wide_costs(builder *b, rowctx *rc, block *blk, project_build *pb)
{
    const table *t = rc->t;
    line_build *lines = NULL;
    size_t nlines = 0, lcap = 0;
    pending *pend = NULL;
    size_t npend = 0, pcap = 0;
    /* lines[0] is the row's own line, its year and stage from the row's cells */
    line_build *own = vec_push(&lines, &nlines, &lcap, sizeof *lines);
    if (!own) {
        b->oom = 1;
        return;
    }
    own->cost.stage = HY_STAGE_SETTLED;
    uint32_t year_col = 0, stage_col = 0;
    int stage_year = 0;
    check_alignment(rc);
    for (size_t i = 0; i < t->ncols && !rc->bad; i++) {
        const column *c = &t->cols[i];
        if (!c->cost)
            continue;
        if (!strcmp(c->key, "fiscal_year")) {
            own->cost.fiscal_year = read_year(rc, c);
            own->any |= own->cost.fiscal_year != 0;
            year_col = c->col;
        } else if (!strcmp(c->key, "stage")) {
            read_stage(rc, c, &own->cost, &stage_year);
            own->any |= cell(b, rc->row, c->col) != NULL;
            stage_col = c->col;
        }
    }
    settle_stage_year(rc, &own->cost, stage_year, stage_col, &year_col);
    int row_year = lines[0].cost.fiscal_year;
    for (size_t i = 0; i < t->ncols && !rc->bad && !b->oom; i++) {
        const column *c = &t->cols[i];
        if (!c->cost || !strcmp(c->key, "fiscal_year") || !strcmp(c->key, "stage") ||
            !strcmp(c->key, "code"))
            continue;
        line_build *l = &lines[0];
        if (c->year && c->stage >= 0) {
            l = line_for(b, &lines, &nlines, &lcap, c->year, c->stage);
        } else if (c->year && c->year != row_year && strcmp(c->key, "total") != 0) {
            hy_cost v;
            memset(&v, 0, sizeof v);
            if (read_cost_cell(rc, c, &v)) {
                pending *p = vec_push(&pend, &npend, &pcap, sizeof *p);
                if (!p) {
                    b->oom = 1;
                    break;
                }
                p->c = c;
                p->row = rc->row->number;
                p->value = v;
            }
            continue;
        } else if (c->year && !row_year) {
            lines[0].cost.fiscal_year = row_year = c->year;   /* 事業費 (R6) */
        }
        if (!l)
            break;
        if (!strcmp(c->key, "total"))
            l->total_col = c->col;
        l->any |= read_cost_cell(rc, c, &l->cost);
    }
    for (size_t i = 0; i < nlines && !rc->bad && !b->oom; i++) {
        line_build *l = &lines[i];
        if (!l->any)
            continue;
        if (!l->cost.fiscal_year) {
            row_error(rc, year_col ? year_col : stage_col, _("年度 is blank: a cost row needs its "
                      "fiscal year"));
            break;
        }
        check_line(rc, &l->cost, l->total_col);
        l->cost.loc = cell_loc(t, rc->row, 0);
        if (!rc->bad && pb->p.code)
            duplicate_line(rc, pb, &l->cost, year_col ? year_col : stage_col);
        for (size_t k = 0; k < i && !rc->bad; k++)
            if (lines[k].any && lines[k].cost.fiscal_year == l->cost.fiscal_year &&
                lines[k].cost.stage == l->cost.stage)
                row_error(rc, l->total_col, _("two cost lines of %d年度 %s on one row"),
                          l->cost.fiscal_year, stage_label(l->cost.stage));
    }
    for (size_t i = 0; i < nlines && !rc->bad && !b->oom; i++) {
        if (!lines[i].any)
            continue;
        hy_cost *slot = vec_push(&pb->costs, &pb->ncosts, &pb->costcap, sizeof *slot);
        if (!slot) {
            b->oom = 1;
            break;
        }
        *slot = lines[i].cost;
    }
    for (size_t i = 0; i < npend && !rc->bad && !b->oom; i++) {
        pending *p = vec_push(&blk->pend, &blk->npend, &blk->pcap, sizeof *p);
        if (!p) {
            b->oom = 1;
            break;
        }
        *p = pend[i];
    }
    free(lines);
    free(pend);
}

/* Ends a block: the values written for another year go onto the block's lines
 * of that year (every stage of it: R3当初予算 and R3決算見込 alike). A value
 * with no line to go on is an error at its cell, and its row, read as
 * accepted, is counted as rejected; unless a row of the block was rejected,
 * whose own error is the one to fix. */
static void end_block(builder *b, table *t, block *blk)
{
    uint32_t recounted = 0;
    for (size_t i = 0; i < blk->npend && blk->project != NO_PROJECT; i++) {
        pending *p = &blk->pend[i];
        project_build *pb = &b->projects[blk->project];
        hy_loc loc = {t->file, t->sheet_name, p->row, p->c->col};
        cost_member src = member_of(&p->value, p->c->key);
        size_t put = 0;
        int clash = 0;
        for (size_t k = blk->cost_start; k < pb->ncosts; k++) {
            hy_cost *line = &pb->costs[k];
            if (line->fiscal_year != p->c->year)
                continue;
            cost_member dst = member_of(line, p->c->key);
            if (dst.amount) {
                clash |= dst.amount->known && dst.amount->yen != src.amount->yen;
                if (!clash)
                    *dst.amount = *src.amount;
            } else {
                clash |= dst.num->known && !num_same(*dst.num, *src.num);
                if (!clash)
                    *dst.num = *src.num;
            }
            put++;
        }
        const char *problem = NULL;
        if (clash)
            problem = _("%s: a different value for %d年度 is given on that year's own row");
        else if (!put && !blk->lost_lines)   /* its line may be on the rejected row */
            problem = _("%s: the header names %d年度, but the project has no cost line of that "
                      "year to put it on");
        if (!problem)
            continue;
        diag_error(b->diags, &loc, problem, p->c->header, p->c->year);
        if (recounted != p->row) {
            recounted = p->row;
            t->stats->rows_accepted--;
            t->stats->rows_rejected++;
        }
    }
    blk->npend = 0;
    blk->project = NO_PROJECT;
}

/* A row of a wide table: the first row of a project's block, or one of its
 * other lines. */
static void read_wide_row(builder *b, rowctx *rc, block *blk)
{
    const table *t = rc->t;
    uint32_t code_col = 0, name_col = 0, other_col = 0;
    const char *other_header = NULL;
    for (size_t i = 0; i < t->ncols; i++) {
        const column *c = &t->cols[i];
        if (c->cost || !cell(b, rc->row, c->col))
            continue;
        if (c->key && !strcmp(c->key, "code"))
            code_col = c->col;
        else if (c->key && !strcmp(c->key, "name"))
            name_col = c->col;
        else if (!other_col) {
            other_col = c->col;
            other_header = c->header;
        }
    }
    /* A row naming a project (its code or name) other than the block's starts
     * a block; a row repeating the block's code continues it. */
    const char *code = code_col ? cell(b, rc->row, code_col) : NULL;
    int head = (code_col || name_col) &&
               !(code && blk->project != NO_PROJECT && !strcmp(code, b->projects[blk->project].p.code));
    if (!head) {
        if (blk->project == NO_PROJECT) {
            if (blk->rejected)
                row_error(rc, 0, _("the project of this row (row %u) was rejected; see the error "
                          "there"), blk->head_row);
            else
                row_error(rc, 0, _("a cost line with no project: no row above it names one"));
            return;
        }
        if (other_col && !code_col)
            row_warning(rc, other_col, _("%s: not read: this row continues project %s (its 事業コード "
                        "and 事業名 are blank), and a project's columns are read from its first "
                        "row"), other_header, b->projects[blk->project].p.code);
        read_wide_costs(b, rc, blk, &b->projects[blk->project]);
        blk->lost_lines |= rc->bad;
        return;
    }
    end_block(b, (table *)t, blk);
    project_build pb;
    memset(&pb, 0, sizeof pb);
    read_project_columns(rc, &pb);
    finish_project(b, rc, &pb);
    check_unique(b, rc, &pb);
    blk->head_row = rc->row->number;
    blk->lost_lines = 0;
    if (!rc->bad)
        read_wide_costs(b, rc, blk, &pb);
    blk->rejected = rc->bad;
    if (rc->bad) {
        blk->npend = 0;
        free_project(&pb);
        return;
    }
    if (!add_project(b, &pb))
        return;
    blk->project = (long)(b->nprojects - 1);
    blk->cost_start = 0;
}

/* ---- indicators ------------------------------------------------------------ */

static int parse_trend(const char *s, hy_trend *out)
{
    static const struct { const char *text; hy_trend trend; } T[] = {
        {"増加", HY_TREND_INCREASE}, {"上昇", HY_TREND_INCREASE}, {"増", HY_TREND_INCREASE},
        {"↑", HY_TREND_INCREASE}, {"減少", HY_TREND_DECREASE}, {"低下", HY_TREND_DECREASE},
        {"減", HY_TREND_DECREASE}, {"↓", HY_TREND_DECREASE}, {"維持", HY_TREND_MAINTAIN},
        {"現状維持", HY_TREND_MAINTAIN}, {"→", HY_TREND_MAINTAIN},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        if (!strcmp(s, T[i].text)) {
            *out = T[i].trend;
            return 1;
        }
    return 0;
}

static void push_value(builder *b, ind_build *ib, int year, hy_value_kind kind, hy_num n,
                       const char *text, hy_loc loc)
{
    hy_value *v = vec_push(&ib->values, &ib->nvalues, &ib->vcap, sizeof *v);
    if (!v) {
        b->oom = 1;
        return;
    }
    v->fiscal_year = year;
    v->kind = kind;
    v->value = n;
    v->text = text;
    v->loc = loc;
}

static void add_value(builder *b, rowctx *rc, ind_build *ib, const column *c, hy_value_kind kind)
{
    hy_buf unit = HY_BUF_INIT;
    hy_num n = read_number(rc, c, &unit);
    const char *raw = cell(b, rc->row, c->col);
    if (!c->year) {
        row_error(rc, c->col, _("%s: the header names no year (write it as e.g. H27実績値 or "
                  "実績値(R5))"), c->header);
        buf_free(&unit);
        return;
    }
    if (unit.len && !ib->ind.unit)
        ib->ind.unit = keep(b, unit.data);
    buf_free(&unit);
    for (size_t i = 0; i < ib->nvalues; i++)
        if (ib->values[i].fiscal_year == c->year && ib->values[i].kind == kind) {
            row_error(rc, c->col, _("%s: a second column for the same year"), c->header);
            return;
        }
    push_value(b, ib, c->year, kind, n, raw ? keep(b, raw) : NULL, cell_loc(rc->t, rc->row, c->col));
}

/* Reads the indicator part of an indicators or KPI row. */
static void read_indicator_columns(rowctx *rc, ind_build *ib)
{
    builder *b = rc->b;
    const table *t = rc->t;
    hy_indicator *ind = &ib->ind;
    int is_kpi = t->kind == HY_TABLE_KPI;
    ind->trend = HY_TREND_INCREASE;
    ind->achieved = -1;
    for (size_t i = 0; i < t->ncols; i++) {
        const column *c = &t->cols[i];
        if (!c->key)
            continue;
        const char *k = c->key;
        const char *s = cell(b, rc->row, c->col);
        hy_buf unit = HY_BUF_INIT;
        if ((!is_kpi && !strcmp(k, "name")) || (is_kpi && !strcmp(k, "indicator"))) {
            ind->name = s ? keep(b, s) : NULL;
        } else if (!strcmp(k, "kind") && !is_kpi) {
            ind->kind = s ? keep(b, s) : NULL;
        } else if (!strcmp(k, "unit")) {
            if (s)
                ind->unit = keep(b, s);
        } else if (!strcmp(k, "trend")) {
            if (s && !parse_trend(s, &ind->trend))
                row_error(rc, c->col, "%s: expected 増加, 減少 or 維持, got \"%s\"", c->header, s);
        } else if (!strcmp(k, "baseline")) {
            ind->baseline = read_number(rc, c, &unit);
            s = cell(b, rc->row, c->col);   /* read_number reused the scratch buffer */
            ind->baseline_text = s ? keep(b, s) : NULL;
            if (c->year)
                ind->baseline_year = c->year;
        } else if (!strcmp(k, "baseline_year")) {
            ind->baseline_year = read_year(rc, c);
        } else if (!strcmp(k, "target")) {
            /* Several 目標値 columns (目標値(R2), 目標値(R7)): the latest year is the
             * indicator's target, the others are targets of their years. */
            if (c->year && ind->target_year && c->year != ind->target_year) {
                if (c->year < ind->target_year) {
                    add_value(b, rc, ib, c, HY_VALUE_TARGET);
                } else {
                    push_value(b, ib, ind->target_year, HY_VALUE_TARGET, ind->target,
                               ind->target_text, cell_loc(t, rc->row, 0));
                    ind->target = read_number(rc, c, &unit);
                    s = cell(b, rc->row, c->col);
                    ind->target_text = s ? keep(b, s) : NULL;
                    ind->target_year = c->year;
                }
            } else {
                ind->target = read_number(rc, c, &unit);
                s = cell(b, rc->row, c->col);
                ind->target_text = s ? keep(b, s) : NULL;
                if (c->year)
                    ind->target_year = c->year;
            }
        } else if (!strcmp(k, "target_year")) {
            ind->target_year = read_year(rc, c);
        } else if (!strcmp(k, "target_note")) {
            ind->target_note = s ? keep(b, s) : NULL;
        } else if (!strcmp(k, "grade")) {
            ind->grade = s ? keep(b, s) : NULL;
        } else if (!strcmp(k, "revision")) {
            ind->revision = s ? keep(b, s) : NULL;
        } else if (!strcmp(k, "pre_score")) {
            ind->given_pre_score = read_number(rc, c, NULL);
        } else if (!strcmp(k, "score")) {
            ind->given_score = read_number(rc, c, NULL);
        } else if (!strcmp(k, "actual")) {
            add_value(b, rc, ib, c, HY_VALUE_ACTUAL);
        } else if (!strcmp(k, "plan")) {
            add_value(b, rc, ib, c, HY_VALUE_PLAN);
        } else if (!strcmp(k, "estimate")) {
            add_value(b, rc, ib, c, HY_VALUE_ESTIMATE);
        } else if (!strcmp(k, "yearly_target")) {
            add_value(b, rc, ib, c, HY_VALUE_TARGET);
        }
        if (unit.len && !ind->unit)
            ind->unit = keep(b, unit.data);
        buf_free(&unit);
    }
    if (is_kpi && !ind->kind)
        ind->kind = "施策KPI";
    ind->loc = cell_loc(t, rc->row, 0);
}

/* Raises n to `scale` decimal places (exact: 2 -> 2.0); unchanged on overflow. */
static void raise_scale(hy_num *n, uint8_t scale)
{
    int64_t m;
    if (n->known && n->scale < scale && num_at_scale(*n, scale, HY_ROUND_HALF_UP, &m) == 0) {
        n->mantissa = m;
        n->scale = scale;
    }
}

/*
 * An indicator's figures are printed with the same number of decimals, the
 * most any of them was written with: 1.5 / 1.8 / 2.0 km. A workbook keeps a
 * number, not the digits its format shows (a cell showing 2.0 arrives as
 * "2"), so without this the same row printed 2.0 from CSV and 2 from .xlsx.
 * Scores read from the input are left as they are; their decimals are the
 * score rule's.
 */
static void align_scales(ind_build *ib)
{
    hy_indicator *ind = &ib->ind;
    uint8_t scale = 0;
    if (ind->baseline.known && ind->baseline.scale > scale)
        scale = ind->baseline.scale;
    if (ind->target.known && ind->target.scale > scale)
        scale = ind->target.scale;
    for (size_t i = 0; i < ib->nvalues; i++)
        if (ib->values[i].value.known && ib->values[i].value.scale > scale)
            scale = ib->values[i].value.scale;
    raise_scale(&ind->baseline, scale);
    raise_scale(&ind->target, scale);
    for (size_t i = 0; i < ib->nvalues; i++)
        raise_scale(&ib->values[i].value, scale);
}

static int attach_indicator(builder *b, rowctx *rc, project_build *pb, ind_build *ib)
{
    align_scales(ib);
    ind_build *slot = vec_push(&pb->inds, &pb->ninds, &pb->icap, sizeof *slot);
    if (!slot) {
        b->oom = 1;
        return -1;
    }
    *slot = *ib;
    (void)rc;
    return 0;
}

static void read_indicators_row(builder *b, rowctx *rc)
{
    const table *t = rc->t;
    ind_build ib;
    memset(&ib, 0, sizeof ib);
    const char *code = NULL;
    uint32_t code_col = 0, name_col = 0;
    for (size_t i = 0; i < t->ncols; i++) {
        if (t->cols[i].key && !strcmp(t->cols[i].key, "code")) {
            code = cell(b, rc->row, t->cols[i].col);
            code = code ? keep(b, code) : NULL;
            code_col = t->cols[i].col;
        }
        if (t->cols[i].key && !strcmp(t->cols[i].key, "name"))
            name_col = t->cols[i].col;
    }
    read_indicator_columns(rc, &ib);
    if (!code)
        row_error(rc, code_col, _("事業コード is blank: an indicator row must name its project"));
    if (!ib.ind.name)
        row_error(rc, name_col, _("指標名 is blank: every indicator needs a name"));
    project_build *pb = rc->bad ? NULL : find_project(b, code);
    if (!rc->bad && !pb)
        row_error(rc, code_col, _("事業コード %s: no project has this code (the projects table "
                  "does not list it)"), code);
    if (rc->bad || attach_indicator(b, rc, pb, &ib) != 0)
        free(ib.values);
}

/* A KPI row of a project the projects table (or an earlier KPI row) already
 * has: what only the KPI sheet says about the project (its プロジェクト, the
 * 現状分析, the ★ mark) is kept; what both say is taken from the first. */
static void merge_kpi_project(builder *b, project_build *into, const project_build *from)
{
    into->p.is_new |= from->p.is_new;
    if (!into->p.department)
        into->p.department = from->p.department;
    if (!into->p.section)
        into->p.section = from->p.section;
    for (size_t i = 0; i < from->nfields; i++) {
        int have = 0;
        for (size_t k = 0; k < into->nfields && !have; k++)
            have = !strcmp(into->fields[k].key, from->fields[i].key);
        if (!have && add_field(b, into, from->fields[i].key, from->fields[i].value,
                               from->fields[i].loc) != 0)
            return;
    }
}

/* A KPI row: the project's columns (repeated on each of its KPI rows) and one KPI. */
static void read_kpi_row(builder *b, rowctx *rc)
{
    project_build pb;
    memset(&pb, 0, sizeof pb);
    read_project_columns(rc, &pb);
    finish_project(b, rc, &pb);
    ind_build ib;
    memset(&ib, 0, sizeof ib);
    read_indicator_columns(rc, &ib);
    if (!ib.ind.name) {
        uint32_t col = 0;
        for (size_t i = 0; i < rc->t->ncols; i++)
            if (rc->t->cols[i].key && !strcmp(rc->t->cols[i].key, "indicator"))
                col = rc->t->cols[i].col;
        row_error(rc, col, _("施策KPI is blank: every KPI row needs the KPI's name"));
    }
    if (rc->bad) {
        free_project(&pb);
        free(ib.values);
        return;
    }
    project_build *existing = find_project(b, pb.p.code);
    if (existing) {
        if (strcmp(existing->p.name, pb.p.name) != 0)
            row_warning(rc, 0, _("project %s is named \"%s\" here but \"%s\" on an earlier row"),
                        pb.p.code, pb.p.name, existing->p.name);
        merge_kpi_project(b, existing, &pb);
        free_project(&pb);
        if (attach_indicator(b, rc, existing, &ib) != 0)
            free(ib.values);
        return;
    }
    project_build *slot = add_project(b, &pb);
    if (!slot) {
        free(ib.values);
        return;
    }
    slot->p.kpi_only = 1;
    if (attach_indicator(b, rc, slot, &ib) != 0)
        free(ib.values);
}

/* ---- tables ----------------------------------------------------------------- */

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

static hy_table_stats *new_stats(builder *b, const table *t)
{
    hy_table_stats *s = vec_push(&b->stats, &b->nstats, &b->scap, sizeof *s);
    if (!s) {
        b->oom = 1;
        return NULL;
    }
    s->file = t->file;
    s->sheet = t->sheet_name;
    s->kind = t->wide ? "projects+costs" : table_kind_name(t->kind);
    size_t unknown = 0;
    for (size_t i = 0; i < t->ncols; i++)
        unknown += !t->cols[i].key && !t->cols[i].choice;
    if (unknown) {
        s->unknown_columns = arena_alloc(b->ds->arena, unknown * sizeof *s->unknown_columns);
        if (!s->unknown_columns) {
            b->oom = 1;
            return s;
        }
        for (size_t i = 0; i < t->ncols; i++)
            if (!t->cols[i].key && !t->cols[i].choice)
                s->unknown_columns[s->nunknown_columns++] = t->cols[i].header;
    }
    return s;
}

/* Does some data row fill every money column of the run? (check_alignment) */
static int run_filled_somewhere(builder *b, const table *t)
{
    for (size_t r = t->data_index; r < t->sheet->nrows; r++) {
        const hy_row *row = &t->sheet->rows[r];
        size_t i = 0;
        while (i < t->run_len && cell(b, row, t->cols[t->run_first + i].col))
            i++;
        if (i == t->run_len)
            return 1;
    }
    return 0;
}

static void read_rows(builder *b, table *t)
{
    block blk = {.project = NO_PROJECT};
    t->run_full = t->run_len && run_filled_somewhere(b, t);
    for (size_t r = t->data_index; r < t->sheet->nrows && !b->oom; r++) {
        const hy_row *row = &t->sheet->rows[r];
        if (row_blank(row))
            continue;
        t->stats->rows_read++;
        rowctx rc = {b, t, row, row->broken};
        if (!row->broken) {
            switch (t->kind) {
            case HY_TABLE_PROJECTS:
                if (t->wide)
                    read_wide_row(b, &rc, &blk);
                else
                    read_projects_row(b, &rc);
                break;
            case HY_TABLE_COSTS: read_costs_row(b, &rc); break;
            case HY_TABLE_INDICATORS: read_indicators_row(b, &rc); break;
            case HY_TABLE_KPI: read_kpi_row(b, &rc); break;
            default: break;
            }
        }
        if (rc.bad)
            t->stats->rows_rejected++;
        else
            t->stats->rows_accepted++;
    }
    if (!b->oom)
        end_block(b, t, &blk);
    free(blk.pend);
}

/* ---- the data set ------------------------------------------------------------- */

static int cost_order(const void *a, const void *b)
{
    const hy_cost *x = a, *y = b;
    if (x->fiscal_year != y->fiscal_year)
        return x->fiscal_year < y->fiscal_year ? -1 : 1;
    return (int)x->stage - (int)y->stage;
}

static int value_order(const void *a, const void *b)
{
    const hy_value *x = a, *y = b;
    if (x->fiscal_year != y->fiscal_year)
        return x->fiscal_year < y->fiscal_year ? -1 : 1;
    return (int)x->kind - (int)y->kind;
}

/* Copies n elements into the data set's arena. */
static void *settle(builder *b, const void *items, size_t n, size_t size)
{
    if (!n)
        return NULL;
    void *p = arena_alloc(b->ds->arena, n * size);
    if (!p) {
        b->oom = 1;
        return NULL;
    }
    memcpy(p, items, n * size);
    return p;
}

static void store(builder *b)
{
    hy_dataset *ds = b->ds;
    ds->projects = arena_calloc(ds->arena, (b->nprojects ? b->nprojects : 1) * sizeof *ds->projects);
    if (!ds->projects) {
        b->oom = 1;
        return;
    }
    for (size_t i = 0; i < b->nprojects; i++) {
        project_build *pb = &b->projects[i];
        hy_project *p = &ds->projects[i];
        *p = pb->p;
        if (pb->ncosts > 1)   /* qsort(NULL, 0) is undefined */
            qsort(pb->costs, pb->ncosts, sizeof *pb->costs, cost_order);
        p->fields = settle(b, pb->fields, pb->nfields, sizeof *pb->fields);
        p->nfields = pb->nfields;
        p->choices = settle(b, pb->choices, pb->nchoices, sizeof *pb->choices);
        p->nchoices = pb->nchoices;
        p->costs = settle(b, pb->costs, pb->ncosts, sizeof *pb->costs);
        p->ncosts = pb->ncosts;
        p->indicators = arena_calloc(ds->arena, (pb->ninds ? pb->ninds : 1) * sizeof *p->indicators);
        if (!p->indicators) {
            b->oom = 1;
            return;
        }
        for (size_t k = 0; k < pb->ninds; k++) {
            ind_build *ib = &pb->inds[k];
            if (ib->nvalues > 1)
                qsort(ib->values, ib->nvalues, sizeof *ib->values, value_order);
            p->indicators[k] = ib->ind;
            p->indicators[k].values = settle(b, ib->values, ib->nvalues, sizeof *ib->values);
            p->indicators[k].nvalues = ib->nvalues;
        }
        p->nindicators = pb->ninds;
    }
    ds->nprojects = b->nprojects;
    ds->tables = settle(b, b->stats, b->nstats, sizeof *b->stats);
    ds->ntables = b->nstats;
}

int records_build(hy_book *const *books, size_t nbooks, const hy_columns *cols,
                  const hy_profile *profile, hy_dataset *ds, hy_diags *diags, hy_err *err)
{
    builder b = {.columns = cols, .profile = profile, .ds = ds, .diags = diags, .err = err};
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
            t->file = keep(&b, book->file);
            t->sheet_name = keep(&b, sheet->name);
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
        HY_TABLE_PROJECTS, HY_TABLE_KPI, HY_TABLE_COSTS, HY_TABLE_INDICATORS,
    };
    for (size_t o = 0; o < sizeof ORDER / sizeof ORDER[0] && !b.oom; o++)
        for (size_t i = 0; i < ntables && !b.oom; i++) {
            table *t = &tables[i];
            if (t->kind != ORDER[o])
                continue;
            t->stats = new_stats(&b, t);
            if (t->stats)
                read_rows(&b, t);
        }
    if (!b.oom)
        store(&b);

    for (size_t i = 0; i < ntables; i++)
        free(tables[i].cols);
    free(tables);
    for (size_t i = 0; i < b.nprojects; i++)
        free_project(&b.projects[i]);
    free(b.projects);
    free(b.code_slots);
    free(b.stats);
    buf_free(&b.scratch);
    buf_free(&b.scratch2);
    buf_free(&b.cand);
    if (b.oom || diags->out_of_memory)
        return err_set(err, HY_EIO, _("out of memory reading the data set"));
    return HY_OK;
}
