/*
 * records_check.c - the checks across the cells and rows read: codes unique,
 * money columns lined up with their header, a cost line's sources adding up,
 * one line per year and stage.
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

/* A project code must be unique in the data set. */
void rec_check_unique(builder *b, rowctx *rc, const project_build *pb)
{
    if (rc->bad)
        return;
    project_build *dup = rec_find_project(b, pb->p.code);
    if (!dup)
        return;
    char where[512];
    diag_format_loc(&dup->p.loc, where, sizeof where);
    uint32_t col = 0;
    for (size_t i = 0; i < rc->t->ncols; i++)
        if (rc->t->cols[i].key && !rc->t->cols[i].cost && !strcmp(rc->t->cols[i].key, "code"))
            col = rc->t->cols[i].col;
    rec_row_error(rc, col, _("project code %s appears twice (first at %s); codes must be unique"),
              pb->p.code, where);
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
void rec_check_alignment(rowctx *rc)
{
    const table *t = rc->t;
    if (!t->run_len || !t->run_full)
        return;
    size_t filled = 0, first_blank = t->run_len;
    int prefix = 1;
    for (size_t i = 0; i < t->run_len; i++) {
        if (rec_cell(rc->b, rc->row, t->cols[t->run_first + i].col)) {
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
    rec_row_error(rc, 0, _("%zu values under %zu money columns (%s to %s): the cells do not line up "
              "with the header, a column may have been left out (%s is blank where other rows "
              "fill all %zu)"), filled, t->run_len, run[0].header, run[t->run_len - 1].header,
              run[first_blank].header, t->run_len);
}

/* What every cost line must satisfy, wherever it was read. */
void rec_check_line(rowctx *rc, const hy_cost *cost, uint32_t total_col)
{
    if (!cost->total.known && !rc->bad)
        rec_row_error(rc, total_col, _("事業費 is blank: a cost row needs its 事業費 (write 0 for none)"));
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
            rec_row_error(rc, total_col, _("funding sources add up to %s, but 事業費 is %s"), a, c2);
        }
    }
    if (rc->bad)
        return;
    const hy_amount *g = &cost->source[HY_SRC_GENERAL], *o = &cost->source[HY_SRC_OTHER];
    rc->t->nlines++;
    if (cost->total.known && cost->total.yen && g->known && !g->yen && o->known &&
        o->yen == cost->total.yen)
        rc->t->shift_like++;
}

void rec_check_shifted(builder *b, table *t)
{
    if (t->nlines < 3 || t->shift_like != t->nlines)
        return;
    hy_loc loc = {t->file, t->sheet_name, t->sheet->rows[t->header_index].number, 0};
    diag_error(b->diags, &loc, _("every one of the table's %zu cost lines has 一般財源 0 and その他 "
               "equal to 事業費: the figures look shifted by one column against the header (一般"
               "財源's under その他); check the header lines up with the figures"), t->nlines);
}

void rec_settle_stage_year(rowctx *rc, hy_cost *cost, int stage_year, uint32_t stage_col,
                              uint32_t *year_col)
{
    if (!stage_year)
        return;
    if (!cost->fiscal_year) {
        cost->fiscal_year = stage_year;
        *year_col = stage_col;
    } else if (cost->fiscal_year != stage_year) {
        rec_row_error(rc, stage_col, _("区分 names %d年度 but 年度 says %d年度"), stage_year,
                  cost->fiscal_year);
    }
}

/* A cost line for a year and stage the project already has is an error. */
int rec_duplicate_line(rowctx *rc, const project_build *pb, const hy_cost *cost,
                          uint32_t year_col)
{
    for (size_t i = 0; i < pb->ncosts; i++)
        if (pb->costs[i].fiscal_year == cost->fiscal_year && pb->costs[i].stage == cost->stage) {
            char where[512];
            diag_format_loc(&pb->costs[i].loc, where, sizeof where);
            rec_row_error(rc, year_col, _("project %s already has a %s row for this fiscal year "
                      "(at %s)"), pb->p.code, stage_label(cost->stage), where);
            return 1;
        }
    return 0;
}

/* Does some data row fill every money column of the run? (check_alignment) */
int rec_run_filled_somewhere(builder *b, const table *t)
{
    for (size_t r = t->data_index; r < t->sheet->nrows; r++) {
        const hy_row *row = &t->sheet->rows[r];
        size_t i = 0;
        while (i < t->run_len && rec_cell(b, row, t->cols[t->run_first + i].col))
            i++;
        if (i == t->run_len)
            return 1;
    }
    return 0;
}