/*
 * records_build.c - the records being built: the project index, reading one
 * cell as a number, year or stage, reporting at a cell, and copying what was
 * read into the data set at the end.
 */

#include "normalize/records_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/choice.h"
#include "normalize/headers.h"
#include "normalize/value.h"
#include "util/vec.h"
#include "util/i18n.h"

char *rec_keep(builder *b, const char *s)
{
    char *p = arena_strdup(b->ds->arena, s);
    if (!p && s)
        b->oom = 1;
    return p;
}

hy_loc rec_cell_loc(const table *t, const hy_row *row, uint32_t col)
{
    return (hy_loc){t->file, t->sheet_name, row->number, col};
}

/* The trimmed text of a cell in the builder's scratch buffer, or NULL if blank. */
const char *rec_cell(builder *b, const hy_row *row, uint32_t col)
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

project_build *rec_find_project(builder *b, const char *code)
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
project_build *rec_add_project(builder *b, project_build *pb)
{
    if ((b->nprojects + 1) * 2 > b->code_cap) {
        size_t cap = b->code_cap ? b->code_cap * 2 : 64;
        size_t *slots = calloc(cap, sizeof *slots);
        if (!slots) {
            b->oom = 1;
            return NULL;
        }
        free(b->code_slots);
        b->code_slots = slots;
        b->code_cap = cap;
        /* the codes lie among everything read: hand back what the rehash maps */
        for (size_t k = 0; k < b->nprojects; k++) {
            index_put(b, k);
            arena_step(b->work);   /* the data set's pages go with the work's */
        }
    }
    project_build *slot = vec_push_in(b->work, &b->projects, &b->nprojects, &b->pcap, sizeof *slot, 8);
    if (!slot) {
        b->oom = 1;
        return NULL;
    }
    *slot = *pb;
    index_put(b, b->nprojects - 1);
    return slot;
}

/* A budget stage as a cell or a header names it: 決算, 当初予算, 決算見込 ... */
int rec_parse_stage(const char *s, hy_stage *out)
{
    static const struct { const char *text; hy_stage stage; } STAGES[] = {
        {"決算", HY_STAGE_SETTLED}, {"決算額", HY_STAGE_SETTLED},
        {"当初予算", HY_STAGE_INITIAL_BUDGET}, {"当初", HY_STAGE_INITIAL_BUDGET},
        {"予算", HY_STAGE_INITIAL_BUDGET},
        {"決算見込", HY_STAGE_SETTLEMENT_ESTIMATE}, {"決算見込み", HY_STAGE_SETTLEMENT_ESTIMATE},
        {"見込", HY_STAGE_SETTLEMENT_ESTIMATE},
        {"補正後予算", HY_STAGE_REVISED_BUDGET}, {"補正後", HY_STAGE_REVISED_BUDGET},
        {"計画", HY_STAGE_PLAN}, {"計画額", HY_STAGE_PLAN},
        {"予算要求", HY_STAGE_REQUEST}, {"要求", HY_STAGE_REQUEST}, {"予算要求額", HY_STAGE_REQUEST},
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
int rec_parse_year_stage(builder *b, const char *s, hy_stage *stage, int *year)
{
    *year = 0;
    if (rec_parse_stage(s, stage))
        return 1;
    int y;
    hy_buf *rest = &b->scratch2;
    int found = value_header_year(s, &y, rest);
    if (found < 0) {
        b->oom = 1;
        return 0;
    }
    if (found && rest->len && rec_parse_stage(buf_str(rest), stage)) {
        *year = y;
        return 1;
    }
    return 0;
}

/* Reports a problem at a cell of the row being read; an error also rejects
 * the row. */
static void row_report(rowctx *rc, hy_severity severity, uint32_t col, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    hy_loc loc = rec_cell_loc(rc->t, rc->row, col);
    diag_add(rc->b->diags, severity, &loc, "%s", msg);
    if (severity == DIAG_ERROR)
        rc->bad = 1;
}

void rec_row_error(rowctx *rc, uint32_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    row_report(rc, DIAG_ERROR, col, fmt, ap);
    va_end(ap);
}

void rec_row_warning(rowctx *rc, uint32_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    row_report(rc, DIAG_WARNING, col, fmt, ap);
    va_end(ap);
}

hy_amount rec_read_amount(rowctx *rc, const column *c)
{
    const char *s = rec_cell(rc->b, rc->row, c->col);
    hy_amount a = amount_null();
    char why[512];
    int rounded = 0;
    if (value_amount_to_yen(s, rc->t->unit_yen, &a, &rounded, why, sizeof why) == HY_VALUE_BAD)
        rec_row_error(rc, c->col, "%s: %s", c->header, why);
    /* Finer than the yen (2741.0625千円): rounded, and said once per table
     * (rec_report_subyen), not once per cell. */
    if (rounded && rc->t->subyen++ == 0) {
        rc->t->subyen_loc = rec_cell_loc(rc->t, rc->row, c->col);
        snprintf(rc->t->subyen_text, sizeof rc->t->subyen_text, "%s", s);
    }
    return a;
}

hy_num rec_read_number(rowctx *rc, const column *c, hy_buf *unit_text)
{
    const char *s = rec_cell(rc->b, rc->row, c->col);
    hy_num n = num_null();
    hy_unit unit;
    char why[512];
    if (unit_text)
        buf_reset(unit_text);
    if (value_number(s, &n, &unit, unit_text, why, sizeof why) == HY_VALUE_BAD)
        rec_row_error(rc, c->col, "%s: %s", c->header, why);
    return n;
}

int rec_read_year(rowctx *rc, const column *c)
{
    const char *s = rec_cell(rc->b, rc->row, c->col);
    int y = 0;
    char why[512];
    if (value_fiscal_year(s, &y, why, sizeof why) == HY_VALUE_BAD)
        rec_row_error(rc, c->col, "%s: %s", c->header, why);
    return y;
}

int rec_truthy(const char *s)
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

int rec_add_field(builder *b, project_build *pb, const char *key, const char *value, hy_loc loc)
{
    hy_field *f = vec_push_in(b->work, &pb->fields, &pb->nfields, &pb->fcap, sizeof *f, 8);
    if (!f) {
        b->oom = 1;
        return -1;
    }
    f->key = key;
    f->value = rec_keep(b, value);
    f->loc = loc;
    return 0;
}

hy_choice *rec_choice_slot(builder *b, project_build *pb, const hy_choice_set *cs)
{
    for (size_t i = 0; i < pb->nchoices; i++)
        if (pb->choices[i].item == cs->item)
            return &pb->choices[i];
    hy_choice *c = vec_push_in(b->work, &pb->choices, &pb->nchoices, &pb->ccap, sizeof *c, 8);
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
void rec_read_multiple_choice(rowctx *rc, const column *c, const char *s, hy_choice *ch)
{
    uint64_t mask = 0;
    char why[1024];
    if (choice_parse_multi(s, c->choice->options, c->choice->noptions, &mask, why,
                           sizeof why) == HY_VALUE_BAD)
        rec_row_error(rc, c->col, "%s: %s", c->header, why);
    ch->chosen_mask = mask;
    ch->chosen = -1;
    for (int i = 0; i < 64 && ch->chosen < 0; i++)
        if ((mask >> i) & 1)
            ch->chosen = i;
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

cost_member rec_member_of(hy_cost *cost, const char *key)
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
    else if (!strcmp(key, "staff_headcount"))
        m.num = &cost->staff_headcount;
    else if (!strcmp(key, "staff_hours"))
        m.num = &cost->staff_hours;
    else if (!strcmp(key, "staff_cost"))
        m.amount = &cost->given_staff_cost;
    else if (!strcmp(key, "total_cost"))
        m.amount = &cost->given_total_cost;
    else if ((s = source_of(key)) >= 0)
        m.amount = &cost->source[s];
    return m;
}

/* Reads a money or staff cell of a cost line into its member; returns 1 when
 * the column is one and its cell is not blank. */
int rec_read_cost_cell(rowctx *rc, const column *c, hy_cost *cost)
{
    cost_member m = rec_member_of(cost, c->key);
    if ((!m.amount && !m.num) || !rec_cell(rc->b, rc->row, c->col))
        return 0;
    if (m.amount)
        *m.amount = rec_read_amount(rc, c);
    else
        *m.num = rec_read_number(rc, c, NULL);
    if (m.amount == &cost->given_staff_cost)
        cost->given_staff_col = c->col;
    if (m.amount == &cost->given_total_cost)
        cost->given_total_col = c->col;
    return 1;
}

/* Reads a 区分 cell, which may carry its year (R3当初予算); a year there must
 * agree with the row's 年度 when both are given. */
void rec_read_stage(rowctx *rc, const column *c, hy_cost *cost, int *stage_year)
{
    const char *s = rec_cell(rc->b, rc->row, c->col);
    *stage_year = 0;
    if (s && !rec_parse_year_stage(rc->b, s, &cost->stage, stage_year))
        rec_row_error(rc, c->col, _("%s: expected 決算, 当初予算, 決算見込, 補正後予算 or 計画, got \"%s\""),
                  c->header, s);
}

int rec_parse_trend(const char *s, hy_trend *out)
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

void rec_push_value(builder *b, ind_build *ib, int year, const char *year_label,
                    hy_value_kind kind, hy_num n, const char *text, hy_loc loc)
{
    hy_value *v = vec_push_in(b->work, &ib->values, &ib->nvalues, &ib->vcap, sizeof *v, 4);
    if (!v) {
        b->oom = 1;
        return;
    }
    v->fiscal_year = year;
    v->year_label = year_label;
    v->kind = kind;
    v->value = n;
    v->text = text;
    v->loc = loc;
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

/* The direction of an indicator whose data does not say it: lower is better
 * when its target is below its baseline, higher when above, else the
 * profile's default; so a falling figure meant to fall is never a failure. */
static void settle_trend(const builder *b, hy_indicator *ind)
{
    if (ind->trend_given)
        return;
    int c = ind->baseline.known && ind->target.known ? num_cmp(ind->target, ind->baseline) : 0;
    ind->trend = c < 0 ? HY_TREND_DECREASE : c > 0 ? HY_TREND_INCREASE
                                                   : b->profile->indicator_direction;
}

int rec_attach_indicator(builder *b, rowctx *rc, project_build *pb, ind_build *ib)
{
    /* A KPI report prints each figure as the department entered it (98% beside
     * 75.85%); only a sheet's indicator table lines its figures up. */
    if (rc->t->kind != HY_TABLE_KPI)
        align_scales(ib);
    settle_trend(b, &ib->ind);
    /* a project has a few indicators (room for 8 each was 2.4 KB of 10,000 projects' peak) */
    ind_build *slot = vec_push_in(b->work, &pb->inds, &pb->ninds, &pb->icap, sizeof *slot, 2);
    if (!slot) {
        b->oom = 1;
        return -1;
    }
    *slot = *ib;
    (void)rc;
    return 0;
}

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

/* Copies the strings nearly every walk reads (code, name, 部, 課) side by
 * side. Where the rows put them, among each project's long texts, a walk over
 * 100,000 codes would map the whole data set in (the kernel maps a touched
 * page's neighbours too); side by side they are a few megabytes. */
static void gather_names(builder *b)
{
    hy_dataset *ds = b->ds;
    for (size_t i = 0; i < ds->nprojects && !b->oom; i++) {
        hy_project *p = &ds->projects[i];
        const char **hot[] = {&p->code, &p->name, &p->department, &p->section};
        for (size_t k = 0; k < sizeof hot / sizeof hot[0]; k++)
            if (*hot[k] && !(*hot[k] = arena_strdup(ds->arena, *hot[k])))
                b->oom = 1;
        if (i % 256 == 255)
            arena_release(ds->arena);
    }
}

void rec_store(builder *b)
{
    hy_dataset *ds = b->ds;
    /* not zeroed: every one is set below, and zeroing 100,000 at once would
     * map them all in before the first is released */
    ds->projects = arena_alloc(ds->arena, (b->nprojects ? b->nprojects : 1) * sizeof *ds->projects);
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
        *pb = (project_build){.p = pb->p};
        /* settled: what was read and what is kept are both in scratch files;
         * hand their pages back as we go, so neither is held in memory */
        if ((i + 1) % 256 == 0)
            arena_release(b->work);   /* and the data set's: one budget */
    }
    ds->nprojects = b->nprojects;
    gather_names(b);
    ds->left_out = settle(b, b->left_out, b->nleft_out, sizeof *b->left_out);
    ds->nleft_out = b->nleft_out;
    ds->tables = settle(b, b->stats, b->nstats, sizeof *b->stats);
    ds->ntables = b->nstats;
}
void rec_report_subyen(builder *b, const table *t)
{
    if (!t->subyen)
        return;
    diag_warn(b->diags, &t->subyen_loc, P_("%zu amount finer than the yen rounded half-up to the yen (the first here: \"%s\")",
                 "%zu amounts finer than the yen rounded half-up to the yen (the first here: \"%s\")",
                 t->subyen),
              t->subyen, t->subyen_text);
}

void rec_col_letters(uint32_t col, char out[8])
{
    char rev[8];
    size_t n = 0;
    while (col > 0 && n < 7) {
        rev[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = rev[n - 1 - i];
    out[n] = '\0';
}

void rec_note_rejected(builder *b, const table *t, const hy_row *row, long project)
{
    const char *code = NULL;
    for (size_t i = 0; i < t->ncols && !code; i++)
        if (t->cols[i].key && !t->cols[i].cost && !strcmp(t->cols[i].key, "code"))
            code = rec_cell(b, row, t->cols[i].col);
    project_build *pb = project >= 0 ? &b->projects[project] : NULL;
    if (!pb && code && t->kind != HY_TABLE_PROJECTS)
        pb = rec_find_project(b, code);
    if (pb && (!code || !strcmp(code, pb->p.code))) {
        pb->p.has_errors = 1;
        return;
    }
    if (t->kind != HY_TABLE_PROJECTS && t->kind != HY_TABLE_KPI)
        return;   /* a cost or indicator row of no project: nothing to leave out */
    hy_left_out *lo = vec_push(&b->left_out, &b->nleft_out, &b->lcap, sizeof *lo);
    if (!lo) {
        b->oom = 1;
        return;
    }
    lo->code = code ? rec_keep(b, code) : NULL;
    lo->loc = rec_cell_loc(t, row, 0);
}

void rec_no_project(rowctx *rc, uint32_t col, const char *code)
{
    builder *b = rc->b;
    for (size_t i = 0; i < b->nleft_out; i++)
        if (b->left_out[i].code && !strcmp(b->left_out[i].code, code)) {
            rc->bad = 1;   /* its project's row was rejected, and said so */
            return;
        }
    rec_row_error(rc, col, _("事業コード %s: no project has this code (the projects table "
                  "does not list it)"), code);
}
