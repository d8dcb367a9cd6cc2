#include "normalize/records.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/choice.h"
#include "normalize/value.h"
#include "util/buf.h"

/* How far down a sheet the header row is looked for: forms put a title, a date
 * and a unit note above their table, rarely more than a handful of rows. */
enum { HEADER_SEARCH_ROWS = 20 };

/* ---- growable arrays ---------------------------------------------------------
 * Records are gathered in malloc'ed arrays while the sheets are read (a project's
 * costs may come from a file read after its indicators) and copied into the data
 * set's arena at the end, sorted. */

static void *push(void *items_ptr, size_t *n, size_t *cap, size_t size)
{
    void **items = items_ptr;
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        void *p = realloc(*items, ncap * size);
        if (!p)
            return NULL;
        *items = p;
        *cap = ncap;
    }
    void *slot = (char *)*items + (*n)++ * size;
    memset(slot, 0, size);
    return slot;
}

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
    const char *header;           /* as written, trimmed */
    const char *key;              /* canonical key, NULL when unknown */
    int year;                     /* year written in the header, or 0 */
    const hy_choice_set *choice;  /* a judgement item column */
    int reason;                   /* the reason column of that item */
} column;

typedef struct table {
    const hy_book *book;
    const hy_sheet *sheet;
    const char *file;             /* the book's file and sheet name, kept in the data set's */
    const char *sheet_name;       /* arena: locations outlive the books they came from */
    hy_table_kind kind;
    size_t header_index;          /* index of the header row in sheet->rows */
    column *cols;
    size_t ncols;
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
    hy_table_stats *stats;
    size_t nstats, scap;
    int have_projects_table;
    int oom;
    hy_buf scratch, scratch2;
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

static project_build *find_project(builder *b, const char *code)
{
    for (size_t i = 0; i < b->nprojects; i++)
        if (!strcmp(b->projects[i].p.code, code))
            return &b->projects[i];
    return NULL;
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

/* Reads row `index` of the sheet as a header row of the given kind into t;
 * returns how many headers were understood. */
static size_t read_header(builder *b, table *t, size_t index, hy_table_kind kind)
{
    const hy_row *row = &t->sheet->rows[index];
    free(t->cols);
    t->cols = calloc(row->ncells ? row->ncells : 1, sizeof *t->cols);
    t->ncols = 0;
    t->kind = kind;
    t->header_index = index;
    if (!t->cols) {
        b->oom = 1;
        return 0;
    }
    size_t known = 0;
    for (uint32_t c = 1; c <= row->ncells; c++) {
        const char *h = cell(b, row, c);
        if (!h)
            continue;
        column *col = &t->cols[t->ncols++];
        col->col = c;
        col->header = keep(b, h);
        hy_header_match m;
        int64_t unit;
        if (match_header(b, kind, col->header, &m, &unit)) {
            col->key = m.key;
            col->year = m.fiscal_year;
            if (unit && !strcmp(m.key, "total"))
                t->unit_yen = unit;
            known++;
        } else if (kind == HY_TABLE_PROJECTS || kind == HY_TABLE_KPI) {
            col->choice = match_choice(b, col->header, &col->reason);
            known += col->choice != NULL;
        }
    }
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

/* Finds the header row and the kind of table: the first row, among the first
 * few, where some kind's required columns are all present; of several kinds the
 * one that understands the most headers. */
static int recognise(builder *b, table *t)
{
    size_t best_known = 0, best_index = 0;
    hy_table_kind best_kind = HY_TABLE_UNKNOWN;
    size_t limit = t->sheet->nrows < HEADER_SEARCH_ROWS ? t->sheet->nrows : HEADER_SEARCH_ROWS;
    for (size_t r = 0; r < limit && best_kind == HY_TABLE_UNKNOWN; r++) {
        for (int k = 0; k < HY_TABLE_KIND_COUNT; k++) {
            size_t known = read_header(b, t, r, (hy_table_kind)k);
            if (b->oom)
                return -1;
            if (known >= 2 && complete(t) && known > best_known) {
                best_known = known;
                best_kind = (hy_table_kind)k;
                best_index = r;
            }
        }
    }
    if (best_kind == HY_TABLE_UNKNOWN) {
        free(t->cols);
        t->cols = NULL;
        t->ncols = 0;
        t->kind = HY_TABLE_UNKNOWN;
        return 0;
    }
    read_header(b, t, best_index, best_kind);
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

static void row_error(rowctx *rc, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void row_error(rowctx *rc, uint32_t col, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hy_loc loc = cell_loc(rc->t, rc->row, col);
    diag_error(rc->b->diags, &loc, "%s", msg);
    rc->bad = 1;
}

static void row_warning(rowctx *rc, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void row_warning(rowctx *rc, uint32_t col, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hy_loc loc = cell_loc(rc->t, rc->row, col);
    diag_warn(rc->b->diags, &loc, "%s", msg);
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
    hy_field *f = push(&pb->fields, &pb->nfields, &pb->fcap, sizeof *f);
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
    hy_choice *c = push(&pb->choices, &pb->nchoices, &pb->ccap, sizeof *c);
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
        row_error(rc, code_col, "事業コード is blank: every project needs a code");
    if (!pb->p.name)
        row_error(rc, name_col, "事業名 is blank: every project needs a name");
    if (!pb->p.fiscal_year)
        pb->p.fiscal_year = b->profile->fiscal_year;
    /* A KPI sheet states its years in its headers instead (spec section 6). */
    if (!pb->p.fiscal_year && !rc->bad && t->kind == HY_TABLE_PROJECTS)
        row_error(rc, 0, "no 評価年度: give the evaluation year in a 評価年度 column or set "
                  "fiscal_year in the profile");
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

static void read_projects_row(builder *b, rowctx *rc)
{
    project_build pb;
    memset(&pb, 0, sizeof pb);
    read_project_columns(rc, &pb);
    finish_project(b, rc, &pb);
    if (!rc->bad) {
        project_build *dup = find_project(b, pb.p.code);
        if (dup) {
            char where[512];
            diag_format_loc(&dup->p.loc, where, sizeof where);
            uint32_t col = 0;
            for (size_t i = 0; i < rc->t->ncols; i++)
                if (rc->t->cols[i].key && !strcmp(rc->t->cols[i].key, "code"))
                    col = rc->t->cols[i].col;
            row_error(rc, col, "project code %s appears twice (first at %s); codes must be unique",
                      pb.p.code, where);
        }
    }
    if (rc->bad) {
        free_project(&pb);
        return;
    }
    project_build *slot = push(&b->projects, &b->nprojects, &b->pcap, sizeof *slot);
    if (!slot) {
        free_project(&pb);
        b->oom = 1;
        return;
    }
    *slot = pb;
}

/* ---- costs ---------------------------------------------------------------- */

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

static void read_costs_row(builder *b, rowctx *rc)
{
    const table *t = rc->t;
    hy_cost cost;
    memset(&cost, 0, sizeof cost);
    cost.stage = HY_STAGE_SETTLED;
    const char *code = NULL;
    uint32_t code_col = 0, total_col = 0, year_col = 0;
    int stage_given = 0;
    for (size_t i = 0; i < t->ncols; i++) {
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
            const char *s = cell(b, rc->row, c->col);
            if (s && !parse_stage(s, &cost.stage))
                row_error(rc, c->col, "%s: expected 決算, 当初予算, 決算見込, 補正後予算 or 計画, got \"%s\"",
                          c->header, s);
            stage_given = s != NULL;
        } else if (!strcmp(c->key, "total")) {
            cost.total = read_amount(rc, c);
            total_col = c->col;
            if (c->year && !cost.fiscal_year)
                cost.fiscal_year = c->year;
        } else if (!strcmp(c->key, "staff")) {
            cost.staff = read_number(rc, c, NULL);
        } else if (!strcmp(c->key, "part_time_staff")) {
            cost.part_time_staff = read_number(rc, c, NULL);
        } else if (!strcmp(c->key, "tax_allocation_pct")) {
            cost.tax_allocation_pct = read_number(rc, c, NULL);
        } else {
            int s = source_of(c->key);
            if (s >= 0)
                cost.source[s] = read_amount(rc, c);
        }
    }
    (void)stage_given;
    if (!code)
        row_error(rc, code_col, "事業コード is blank: a cost row must name its project");
    if (!cost.fiscal_year)
        row_error(rc, year_col, "年度 is blank: a cost row needs its fiscal year");
    if (!cost.total.known && !rc->bad)
        row_error(rc, total_col, "事業費 is blank: a cost row needs its 事業費 (write 0 for none)");
    /* 事業費 must equal the sum of its funding sources when all are given. */
    if (!rc->bad && cost.source[HY_SRC_GENERAL].known) {
        int64_t sum = 0;
        for (int s = 0; s < HY_SRC_COUNT; s++)
            if (cost.source[s].known)
                sum += cost.source[s].yen;
        if (sum != cost.total.yen) {
            char a[64], c2[64];
            amount_format(amount_of(sum), t->unit_yen, HY_ROUND_HALF_UP, a, sizeof a);
            amount_format(cost.total, t->unit_yen, HY_ROUND_HALF_UP, c2, sizeof c2);
            row_error(rc, total_col, "funding sources add up to %s, but 事業費 is %s", a, c2);
        }
    }
    if (rc->bad)
        return;
    cost.loc = cell_loc(t, rc->row, 0);
    project_build *pb = find_project(b, code);
    if (!pb) {
        row_error(rc, code_col, "事業コード %s: no project has this code (the projects table "
                  "does not list it)", code);
        return;
    }
    for (size_t i = 0; i < pb->ncosts; i++)
        if (pb->costs[i].fiscal_year == cost.fiscal_year && pb->costs[i].stage == cost.stage) {
            char where[512];
            diag_format_loc(&pb->costs[i].loc, where, sizeof where);
            row_error(rc, year_col, "project %s already has a %s row for this fiscal year "
                      "(at %s)", code, stage_label(cost.stage), where);
            return;
        }
    hy_cost *slot = push(&pb->costs, &pb->ncosts, &pb->costcap, sizeof *slot);
    if (!slot) {
        b->oom = 1;
        return;
    }
    *slot = cost;
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
    hy_value *v = push(&ib->values, &ib->nvalues, &ib->vcap, sizeof *v);
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
        row_error(rc, c->col, "%s: the header names no year (write it as e.g. H27実績値 or "
                  "実績値(R5))", c->header);
        buf_free(&unit);
        return;
    }
    if (unit.len && !ib->ind.unit)
        ib->ind.unit = keep(b, unit.data);
    buf_free(&unit);
    for (size_t i = 0; i < ib->nvalues; i++)
        if (ib->values[i].fiscal_year == c->year && ib->values[i].kind == kind) {
            row_error(rc, c->col, "%s: a second column for the same year", c->header);
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

static int attach_indicator(builder *b, rowctx *rc, project_build *pb, ind_build *ib)
{
    ind_build *slot = push(&pb->inds, &pb->ninds, &pb->icap, sizeof *slot);
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
        row_error(rc, code_col, "事業コード is blank: an indicator row must name its project");
    if (!ib.ind.name)
        row_error(rc, name_col, "指標名 is blank: every indicator needs a name");
    project_build *pb = rc->bad ? NULL : find_project(b, code);
    if (!rc->bad && !pb)
        row_error(rc, code_col, "事業コード %s: no project has this code (the projects table "
                  "does not list it)", code);
    if (rc->bad || attach_indicator(b, rc, pb, &ib) != 0)
        free(ib.values);
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
        row_error(rc, col, "施策KPI is blank: every KPI row needs the KPI's name");
    }
    if (rc->bad) {
        free_project(&pb);
        free(ib.values);
        return;
    }
    project_build *existing = find_project(b, pb.p.code);
    if (existing) {
        if (strcmp(existing->p.name, pb.p.name) != 0)
            row_warning(rc, 0, "project %s is named \"%s\" here but \"%s\" on an earlier row",
                        pb.p.code, pb.p.name, existing->p.name);
        free_project(&pb);
        if (attach_indicator(b, rc, existing, &ib) != 0)
            free(ib.values);
        return;
    }
    project_build *slot = push(&b->projects, &b->nprojects, &b->pcap, sizeof *slot);
    if (!slot) {
        free_project(&pb);
        free(ib.values);
        b->oom = 1;
        return;
    }
    *slot = pb;
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
    hy_table_stats *s = push(&b->stats, &b->nstats, &b->scap, sizeof *s);
    if (!s) {
        b->oom = 1;
        return NULL;
    }
    s->file = t->file;
    s->sheet = t->sheet_name;
    s->kind = table_kind_name(t->kind);
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

static void read_rows(builder *b, table *t)
{
    for (size_t r = t->header_index + 1; r < t->sheet->nrows && !b->oom; r++) {
        const hy_row *row = &t->sheet->rows[r];
        if (row_blank(row))
            continue;
        t->stats->rows_read++;
        rowctx rc = {b, t, row, row->broken};
        if (!row->broken) {
            switch (t->kind) {
            case HY_TABLE_PROJECTS: read_projects_row(b, &rc); break;
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
            table *t = push(&tables, &ntables, &tcap, sizeof *t);
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
                diag_warn(diags, &loc, "no table recognised: no row among the first %d has the "
                          "headers of a projects, costs, indicators or KPI table (see "
                          "templates/columns.conf); the sheet is not used", HEADER_SEARCH_ROWS);
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
    free(b.stats);
    buf_free(&b.scratch);
    buf_free(&b.scratch2);
    if (b.oom || diags->out_of_memory)
        return err_set(err, HY_EIO, "out of memory reading the data set");
    return HY_OK;
}
