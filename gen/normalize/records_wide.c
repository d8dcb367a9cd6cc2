/*
 * records_wide.c - the wide shape: projects with their cost lines on the same
 * rows (seed 002).
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
    rec_check_alignment(rc);
    for (size_t i = 0; i < t->ncols && !rc->bad; i++) {
        const column *c = &t->cols[i];
        if (!c->cost)
            continue;
        if (!strcmp(c->key, "fiscal_year")) {
            own->cost.fiscal_year = rec_read_year(rc, c);
            own->any |= own->cost.fiscal_year != 0;
            year_col = c->col;
        } else if (!strcmp(c->key, "stage")) {
            rec_read_stage(rc, c, &own->cost, &stage_year);
            own->any |= rec_cell(b, rc->row, c->col) != NULL;
            stage_col = c->col;
        }
    }
    rec_settle_stage_year(rc, &own->cost, stage_year, stage_col, &year_col);
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
            if (rec_read_cost_cell(rc, c, &v)) {
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
        l->any |= rec_read_cost_cell(rc, c, &l->cost);
    }
    for (size_t i = 0; i < nlines && !rc->bad && !b->oom; i++) {
        line_build *l = &lines[i];
        if (!l->any)
            continue;
        if (!l->cost.fiscal_year) {
            rec_row_error(rc, year_col ? year_col : stage_col, _("年度 is blank: a cost row needs its "
                      "fiscal year"));
            break;
        }
        rec_check_line(rc, &l->cost, l->total_col);
        l->cost.loc = rec_cell_loc(t, rc->row, 0);
        if (!rc->bad && pb->p.code)
            rec_duplicate_line(rc, pb, &l->cost, year_col ? year_col : stage_col);
        for (size_t k = 0; k < i && !rc->bad; k++)
            if (lines[k].any && lines[k].cost.fiscal_year == l->cost.fiscal_year &&
                lines[k].cost.stage == l->cost.stage)
                rec_row_error(rc, l->total_col, _("two cost lines of %d年度 %s on one row"),
                          l->cost.fiscal_year, stage_label(l->cost.stage));
    }
    for (size_t i = 0; i < nlines && !rc->bad && !b->oom; i++) {
        if (!lines[i].any)
            continue;
        hy_cost *slot = vec_push_in(b->work, &pb->costs, &pb->ncosts, &pb->costcap, sizeof *slot, 8);
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
void rec_end_block(builder *b, table *t, block *blk)
{
    uint32_t recounted = 0;
    for (size_t i = 0; i < blk->npend && blk->project != NO_PROJECT; i++) {
        pending *p = &blk->pend[i];
        project_build *pb = &b->projects[blk->project];
        hy_loc loc = {t->file, t->sheet_name, p->row, p->c->col};
        cost_member src = rec_member_of(&p->value, p->c->key);
        size_t put = 0;
        int clash = 0;
        for (size_t k = blk->cost_start; k < pb->ncosts; k++) {
            hy_cost *line = &pb->costs[k];
            if (line->fiscal_year != p->c->year)
                continue;
            cost_member dst = rec_member_of(line, p->c->key);
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
void rec_read_wide_row(builder *b, rowctx *rc, block *blk)
{
    const table *t = rc->t;
    uint32_t code_col = 0, name_col = 0, other_col = 0;
    const char *other_header = NULL;
    for (size_t i = 0; i < t->ncols; i++) {
        const column *c = &t->cols[i];
        if (c->cost || !rec_cell(b, rc->row, c->col))
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
    const char *code = code_col ? rec_cell(b, rc->row, code_col) : NULL;
    int head = (code_col || name_col) &&
               !(code && blk->project != NO_PROJECT && !strcmp(code, b->projects[blk->project].p.code));
    if (!head) {
        if (blk->project == NO_PROJECT) {
            if (blk->rejected)
                rec_row_error(rc, 0, _("the project of this row (row %u) was rejected; see the error "
                          "there"), blk->head_row);
            else
                rec_row_error(rc, 0, _("a cost line with no project: no row above it names one"));
            return;
        }
        if (other_col && !code_col)
            rec_row_warning(rc, other_col, _("%s: not read: this row continues project %s (its 事業コード "
                        "and 事業名 are blank), and a project's columns are read from its first "
                        "row"), other_header, b->projects[blk->project].p.code);
        read_wide_costs(b, rc, blk, &b->projects[blk->project]);
        blk->lost_lines |= rc->bad;
        return;
    }
    rec_end_block(b, (table *)t, blk);
    project_build pb;
    memset(&pb, 0, sizeof pb);
    rec_read_project_columns(rc, &pb);
    rec_finish_project(b, rc, &pb);
    rec_check_unique(b, rc, &pb);
    blk->head_row = rc->row->number;
    blk->lost_lines = 0;
    if (!rc->bad)
        read_wide_costs(b, rc, blk, &pb);
    blk->rejected = rc->bad;
    if (rc->bad) {
        blk->npend = 0;
        return;
    }
    if (!rec_add_project(b, &pb))
        return;
    blk->project = (long)(b->nprojects - 1);
    blk->cost_start = 0;
}