#include "template/capacity.h"

#include <stdlib.h>

#include "util/i18n.h"

#define NO_MEMORY ((size_t)-1)

size_t capacity_items(const hy_bind *b, const tpl_repeat *rp)
{
    size_t n = bind_count(b, rp->collection);
    if (!rp->item_kind)
        return n;
    /* counted as expand_rows counts them (layout.c): by slot when the
     * collection has slots, which keeps 2,000 indicators linear */
    size_t *slots = malloc((n ? n : 1) * sizeof *slots);
    if (!slots)
        return NO_MEMORY;
    size_t nslots = bind_item_slots(b, rp->collection, slots, n), k = 0;
    for (size_t i = 0; i < n; i++)
        k += i < nslots ? bind_slot_is(b, slots[i], rp->item_kind) != 0
                        : bind_item_is(b, rp->collection, i, rp->item_kind) != 0;
    free(slots);
    return k;
}

/* The error for one repeat that holds fewer items than the data has. */
static void report(const hy_template *tpl, const hy_bind *b, const tpl_repeat *rp,
                   size_t items, hy_diags *diags)
{
    const hy_project *p = b->project;
    const char *code = p && p->code ? p->code : "-";
    size_t lost = items - rp->max_items;
    if (rp->item_kind)
        diag_error(diags, p ? &p->loc : NULL,
                   _("project %s: %zu %s indicators, but the form has room for %zu and no "
                     "continuation page for them: %zu would be lost (%s:%d)"),
                   code, items, rp->item_kind, rp->max_items, lost, tpl->path, rp->line);
    else
        diag_error(diags, p ? &p->loc : NULL,
                   _("project %s: %zu %s, but the form has room for %zu and no continuation "
                     "page for them: %zu would be lost (%s:%d)"),
                   code, items, rp->collection, rp->max_items, lost, tpl->path, rp->line);
}

/* The grid's max= repeats against b; adds to *found. 0, or -1 when out of memory. */
static int check_grid(const hy_template *tpl, const tpl_block *g, const hy_bind *b,
                      hy_diags *diags, size_t *found)
{
    for (size_t k = 0; k < g->nrepeats; k++) {
        const tpl_repeat *rp = &g->repeats[k];
        if (!rp->max_items)
            continue;
        size_t items = capacity_items(b, rp);
        if (items == NO_MEMORY)
            return -1;
        if (items > rp->max_items) {
            report(tpl, b, rp, items, diags);
            (*found)++;
        }
    }
    return 0;
}

/* Blocks [first, last) as layout_blocks walks them: a block whose when= has no
 * value is not drawn, a section's blocks once per item it draws. */
static int check_blocks(const hy_template *tpl, size_t first, size_t last, const hy_bind *b,
                        hy_diags *diags, size_t *found)
{
    for (size_t bi = first; bi < last; bi++) {
        const tpl_block *blk = &tpl->blocks[bi];
        if (blk->when && !bind_has_value(b, blk->when)) {
            if (blk->kind == TPL_BLOCK_SECTION)
                bi = blk->end;
            continue;
        }
        if (blk->kind == TPL_BLOCK_GRID && check_grid(tpl, blk, b, diags, found) != 0)
            return -1;
        if (blk->kind != TPL_BLOCK_SECTION)
            continue;
        size_t n = bind_count(b, blk->collection);
        for (size_t i = 0; i < n; i++) {
            hy_bind inner;
            if (!bind_item_is(b, blk->collection, i, blk->item_kind) ||
                bind_enter(b, blk->collection, i, &inner) != 0)
                continue;
            if (check_blocks(tpl, bi + 1, blk->end, &inner, diags, found) != 0)
                return -1;
        }
        bi = blk->end;
    }
    return 0;
}

size_t capacity_check(const hy_template *tpl, const hy_bind *b, hy_diags *diags)
{
    size_t found = 0;
    return check_blocks(tpl, 0, tpl->nblocks, b, diags, &found) == 0 ? found : NO_MEMORY;
}
