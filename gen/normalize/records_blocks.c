/*
 * records_blocks.c - the wide sheet cities keep: one row per project, and a
 * block of columns repeated once per fiscal year (国庫支出金 .. トータルコスト,
 * then each indicator's value headed by its letter alone), often with no year
 * anywhere in the headers. Blocks are found by their columns repeating; their
 * years come from the headers or from hyoka.conf's block_years. Indicators are
 * named once (ア：名称, ア：単位) and their values joined by the letter.
 */
#include "normalize/records_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/value.h"
#include "util/utf8.h"
#include "util/vec.h"
#include "util/i18n.h"

/* ---- recognising the blocks ------------------------------------------------ */

/* The last code point of s[0..n) and where it starts; 0 when none. */
static uint32_t last_cp(const char *s, size_t n, size_t *at)
{
    if (n == 0)
        return 0;
    size_t k = n - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    uint32_t cp;
    if (utf8_decode(s + k, n - k, &cp) != n - k)
        return 0;
    *at = k;
    return cp;
}

static int is_letter(uint32_t cp)
{
    return cp >= 0x30A2 && cp <= 0x30F3;   /* a katakana letter: ア .. ン */
}

static int ends_with(const char *s, size_t n, const char *tail)
{
    size_t t = strlen(tail);
    return n >= t && !memcmp(s + n - t, tail, t);
}

void rec_indicator_header(const char *h, column *col)
{
    static const char *const KINDS[] = {"活動指標", "対象指標", "成果指標", NULL};
    size_t n = strlen(h), at;
    int part = IND_VALUE;
    if (ends_with(h, n, "：名称") || ends_with(h, n, ":名称")) {
        part = IND_NAME;
        n -= ends_with(h, n, "：名称") ? strlen("：名称") : strlen(":名称");
    } else if (ends_with(h, n, "：単位") || ends_with(h, n, ":単位")) {
        part = IND_UNIT;
        n -= ends_with(h, n, "：単位") ? strlen("：単位") : strlen(":単位");
    }
    uint32_t letter = last_cp(h, n, &at);
    if (!is_letter(letter))
        return;
    /* the letter stands alone: at the start, or after a space (a line break
     * inside the header cell reads as one) */
    if (at > 0 && h[at - 1] != ' ')
        return;
    const char *kind = NULL;
    for (size_t k = 0; KINDS[k] && !kind; k++)
        if (strstr(h, KINDS[k]))
            kind = KINDS[k];
    /* a bare letter is an indicator only under an 指標 header or beside its name */
    if (part == IND_VALUE && !kind)
        return;
    col->ind_part = part;
    col->ind_letter = letter;
    col->ind_kind = kind;
}

/* Numbers each repeated column by its occurrence (the block it stands in);
 * returns how many blocks there are. */
static size_t number_blocks(table *t)
{
    size_t nblocks = 0;
    for (size_t i = 0; i < t->ncols; i++) {
        column *c = &t->cols[i];
        c->block = -1;
        int cost = c->cost && c->key;
        if (!cost && c->ind_part != IND_VALUE)
            continue;
        int seen = 0;
        for (size_t j = 0; j < i; j++) {
            const column *d = &t->cols[j];
            if (cost ? (d->cost && d->key && !strcmp(d->key, c->key))
                     : (d->ind_part == IND_VALUE && d->ind_letter == c->ind_letter))
                seen++;
        }
        c->block = seen;
        if ((size_t)seen + 1 > nblocks)
            nblocks = (size_t)seen + 1;
    }
    return nblocks;
}

/* A judgement item's column followed by a column hyoka does not know: that
 * column is the item's reason (its header is the long question the form asks). */
static void pair_reasons(table *t)
{
    for (size_t i = 0; i + 1 < t->ncols; i++) {
        const column *c = &t->cols[i];
        column *next = &t->cols[i + 1];
        if (c->choice && !c->reason && !next->key && !next->choice && !next->ind_part &&
            !next->cost && next->col == c->col + 1) {
            next->choice = c->choice;
            next->reason = 1;
        }
    }
}

int rec_find_blocks(builder *b, table *t)
{
    size_t nblocks = number_blocks(t);
    if (nblocks < 2 || nblocks > MAX_BLOCKS) {
        for (size_t i = 0; i < t->ncols; i++) {
            t->cols[i].block = -1;
            t->cols[i].ind_part = 0;
        }
        return 0;
    }
    for (size_t i = 0; i < t->ncols; i++) {
        column *c = &t->cols[i];
        if (!c->cost || !c->key || c->block != 0)
            continue;
        int repeated = 0;
        for (size_t j = 0; j < t->ncols; j++)
            repeated |= t->cols[j].cost && t->cols[j].key && t->cols[j].block > 0 &&
                        !strcmp(t->cols[j].key, c->key);
        /* 年度 standing once beside the project is its evaluation year */
        if (!repeated && !strcmp(c->key, "fiscal_year")) {
            c->cost = 0;
            c->block = -1;
        }
    }
    t->nblocks = nblocks;
    for (size_t k = 0; k < nblocks; k++) {
        t->block_year[k] = 0;
        t->block_stage[k] = -1;
    }
    for (size_t i = 0; i < t->ncols; i++) {
        const column *c = &t->cols[i];
        if (c->block >= 0 && c->year && !t->block_year[c->block]) {
            t->block_year[c->block] = c->year;
            t->block_stage[c->block] = c->stage;
        }
    }
    pair_reasons(t);
    t->wide = 0;
    (void)b;
    return 1;
}

void rec_parse_block_years(builder *b)
{
    const char *s = b->opts->block_years;
    b->nblock_years = 0;
    if (!s)
        return;
    hy_loc loc = {b->opts->conf_path, NULL, 0, 0};
    char tok[64];
    while (*s) {
        size_t skip = strspn(s, " \t,");
        if (!strncmp(s + skip, "\xE3\x80\x80", 3) || !strncmp(s + skip, "、", 3))
            skip += 3;
        if (skip) {
            s += skip;
            continue;
        }
        size_t n = strcspn(s, " \t,");
        const char *wide_space = strstr(s, "\xE3\x80\x80");
        if (wide_space && (size_t)(wide_space - s) < n)
            n = (size_t)(wide_space - s);
        snprintf(tok, sizeof tok, "%.*s", (int)n, s);
        s += n;
        hy_stage stage;
        int year = 0, st = -1;
        if (rec_parse_year_stage(b, tok, &stage, &year) && year)
            st = (int)stage;
        else if (value_fiscal_year(tok, &year, NULL, 0) != HY_VALUE_OK)
            year = 0;
        if (!year) {
            diag_error(b->diags, &loc, _("block_years: \"%s\" is not a fiscal year; write the "
                       "years of the column blocks in column order, such as block_years = R2 R3 "
                       "R4 R5 R6 R7当初予算"), tok);
            b->nblock_years = -1;
            return;
        }
        if (b->nblock_years == MAX_BLOCKS) {
            diag_error(b->diags, &loc, _("block_years: more than %d years"), MAX_BLOCKS);
            b->nblock_years = -1;
            return;
        }
        b->block_years[b->nblock_years] = year;
        b->block_stages[b->nblock_years++] = st;
    }
}

int rec_block_years(builder *b, table *t)
{
    int labelled = 1;
    for (size_t k = 0; k < t->nblocks; k++)
        labelled &= t->block_year[k] != 0;
    if (labelled)
        return 1;
    uint32_t first = 0;
    for (size_t i = 0; i < t->ncols && !first; i++)
        if (t->cols[i].block == 0)
            first = t->cols[i].col;
    char letters[8];
    rec_col_letters(first, letters);
    hy_loc loc = {t->file, t->sheet_name, t->sheet->rows[t->header_index].number, first};
    if (b->nblock_years < 0)
        return 0;   /* block_years itself was reported */
    if (b->nblock_years == 0) {
        diag_error(b->diags, &loc, _("%zu blocks of columns repeat with no fiscal year in their "
                   "headers (the first starts at column %s): give their years in column order "
                   "in hyoka.conf as block_years = ..., one per block (for example block_years "
                   "= R2 R3 R4 R5 R6 R7)"), t->nblocks, letters);
        return 0;
    }
    if ((size_t)b->nblock_years != t->nblocks) {
        diag_error(b->diags, &loc, _("block_years in %s names %d fiscal years, but %zu blocks of "
                   "columns repeat here (the first starts at column %s)"),
                   b->opts->conf_path ? b->opts->conf_path : "hyoka.conf", b->nblock_years,
                   t->nblocks, letters);
        return 0;
    }
    for (size_t k = 0; k < t->nblocks; k++)
        if (!t->block_year[k]) {
            t->block_year[k] = b->block_years[k];
            t->block_stage[k] = b->block_stages[k];
        }
    return 1;
}

/* ---- reading a row ------------------------------------------------------------- */

/* A block's stage for a project: as its header or block_years says, else 決算
 * before the evaluation year and 当初予算 from it on. */
static hy_stage block_stage(const table *t, size_t k, int eval_year)
{
    if (t->block_stage[k] >= 0)
        return (hy_stage)t->block_stage[k];
    return t->block_year[k] >= eval_year ? HY_STAGE_INITIAL_BUDGET : HY_STAGE_SETTLED;
}

static void read_block_costs(builder *b, rowctx *rc, project_build *pb)
{
    const table *t = rc->t;
    for (size_t k = 0; k < t->nblocks && !rc->bad && !b->oom; k++) {
        hy_cost cost;
        memset(&cost, 0, sizeof cost);
        cost.fiscal_year = t->block_year[k];
        cost.stage = block_stage(t, k, pb->p.fiscal_year);
        int any = 0;
        uint32_t total_col = 0;
        for (size_t i = 0; i < t->ncols; i++) {
            const column *c = &t->cols[i];
            if (!c->cost || c->block != (int)k)
                continue;
            if (!strcmp(c->key, "total"))
                total_col = c->col;
            any |= rec_read_cost_cell(rc, c, &cost);
        }
        if (!any)
            continue;
        rec_check_line(rc, &cost, total_col);
        if (rc->bad)
            return;
        cost.loc = rec_cell_loc(t, rc->row, 0);
        hy_cost *slot = vec_push_in(b->work, &pb->costs, &pb->ncosts, &pb->costcap, sizeof *slot, 8);
        if (!slot) {
            b->oom = 1;
            return;
        }
        *slot = cost;
    }
}

/* The values of the indicator whose name stands in column nc, one per block. */
static void read_block_values(builder *b, rowctx *rc, const column *nc, ind_build *ib,
                              int eval_year)
{
    const table *t = rc->t;
    for (size_t i = 0; i < t->ncols && !rc->bad; i++) {
        const column *c = &t->cols[i];
        if (c->ind_letter != nc->ind_letter)
            continue;
        const char *s = rec_cell(b, rc->row, c->col);
        if (c->ind_part == IND_UNIT) {
            if (s)
                ib->ind.unit = rec_keep(b, s);
            continue;
        }
        if (c->ind_part != IND_VALUE || c->block < 0 || !s)
            continue;
        hy_num n = rec_read_number(rc, c, NULL);
        s = rec_cell(b, rc->row, c->col);
        hy_stage st = block_stage(t, (size_t)c->block, eval_year);
        rec_push_value(b, ib, t->block_year[c->block], NULL,
                       st == HY_STAGE_SETTLED ? HY_VALUE_ACTUAL : HY_VALUE_PLAN, n,
                       rec_keep(b, s), rec_cell_loc(t, rc->row, c->col));
    }
}

/* A value under a letter whose indicator has no name on the row. */
static void check_unnamed(builder *b, rowctx *rc, const column *nc)
{
    const table *t = rc->t;
    for (size_t i = 0; i < t->ncols && !rc->bad; i++) {
        const column *c = &t->cols[i];
        if (c->ind_part == IND_VALUE && c->ind_letter == nc->ind_letter &&
            rec_cell(b, rc->row, c->col))
            rec_row_error(rc, c->col, _("%s: a value for an indicator that has no name (its name "
                          "column %s is blank)"), c->header, nc->header);
    }
}

static void read_block_indicators(builder *b, rowctx *rc, project_build *pb)
{
    const table *t = rc->t;
    for (size_t i = 0; i < t->ncols && !rc->bad && !b->oom; i++) {
        const column *nc = &t->cols[i];
        if (nc->ind_part != IND_NAME)
            continue;
        const char *name = rec_cell(b, rc->row, nc->col);
        if (!name) {
            check_unnamed(b, rc, nc);
            continue;
        }
        ind_build ib;
        memset(&ib, 0, sizeof ib);
        ib.ind.name = rec_keep(b, name);
        ib.ind.kind = nc->ind_kind;
        ib.ind.trend = HY_TREND_INCREASE;
        ib.ind.achieved = -1;
        ib.ind.loc = rec_cell_loc(t, rc->row, nc->col);
        read_block_values(b, rc, nc, &ib, pb->p.fiscal_year);
        if (!rc->bad)
            rec_attach_indicator(b, rc, pb, &ib);
    }
}

void rec_read_blocked_row(builder *b, rowctx *rc)
{
    project_build pb;
    memset(&pb, 0, sizeof pb);
    rec_read_project_columns(rc, &pb);
    rec_finish_project(b, rc, &pb);
    rec_check_unique(b, rc, &pb);
    if (!rc->bad)
        read_block_costs(b, rc, &pb);
    if (!rc->bad)
        read_block_indicators(b, rc, &pb);
    if (rc->bad || b->oom)
        return;
    rec_add_project(b, &pb);
}
