#include "pdf/pdftags.h"

#include <stdlib.h>
#include <string.h>

#include "pdf/hpdfx.h"
#include "util/vec.h"

#define NONE INT32_MIN

/* One marked-content sequence of a structure element: MCID mcid on page. */
typedef struct mcr {
    int32_t node;
    uint32_t page;
    uint32_t mcid;
} mcr;

struct hy_pdftags {
    const hy_drawing *d;
    int32_t open;          /* the tag of the open sequence, NONE when none is */
    size_t page;
    uint32_t next_mcid;    /* on the current page */
    mcr *mcrs;             /* every tagged sequence, in drawing order */
    size_t nmcrs, cap;
};

hy_pdftags *pdftags_new(const hy_drawing *d)
{
    hy_pdftags *t = calloc(1, sizeof *t);
    if (t) {
        t->d = d;
        t->open = NONE;
    }
    return t;
}

void pdftags_free(hy_pdftags *t)
{
    if (!t)
        return;
    free(t->mcrs);
    free(t);
}

int pdftags_changes(const hy_pdftags *t, int32_t tag)
{
    return t->open != tag;
}

int pdftags_end_page(hy_pdftags *t, hy_buf *content)
{
    if (t->open == NONE)
        return 0;
    t->open = NONE;
    return buf_puts(content, "EMC\012") ? -1 : 0;
}

int pdftags_switch(hy_pdftags *t, size_t page, int32_t tag, hy_buf *content)
{
    if (page != t->page) {
        t->page = page;
        t->next_mcid = 0;
    }
    if (pdftags_end_page(t, content) != 0)
        return -1;
    int oom = 0;
    if (tag == HY_TAG_HEADER || tag == HY_TAG_FOOTER) {
        oom = buf_printf(content, "/Artifact <</Type /Pagination /Subtype /%s>> BDC\012",
                         tag == HY_TAG_HEADER ? "Header" : "Footer");
    } else if (tag < 0) {
        oom = buf_puts(content, "/Artifact BMC\012");
    } else {
        if ((size_t)tag >= t->d->nnodes)
            return -1;
        mcr *m = vec_push(&t->mcrs, &t->nmcrs, &t->cap, sizeof *m);
        if (!m)
            return -1;
        *m = (mcr){tag, (uint32_t)page, t->next_mcid++};
        oom = buf_printf(content, "/%s <</MCID %u>> BDC\012",
                         drawing_role_name(t->d->nodes[tag].role), m->mcid);
    }
    t->open = tag;
    return oom ? -1 : 0;
}

/* ---- the tree ---- */

typedef struct tree {
    HPDF_Doc pdf;
    const hy_drawing *d;
    HPDF_Page *pages;
    HPDF_Dict root;
    HPDF_Dict *elem;       /* one per node */
    size_t *first_mcr;     /* node -> index of its first sequence in by_node */
    size_t *by_node;       /* indices of mcrs, grouped by node, each group in drawing order */
    size_t *nkids;         /* child nodes per node */
} tree;

static const char *scope_name(int scope)
{
    return scope == HY_SCOPE_ROW ? "Row" : scope == HY_SCOPE_COLUMN ? "Column" : "Both";
}

/* /A: the table attributes of a header or data cell. */
static HPDF_STATUS cell_attributes(tree *tr, HPDF_Dict e, const hy_draw_node *n)
{
    int is_th = n->role == HY_ROLE_TH;
    if (!(is_th && n->scope) && n->rowspan <= 1 && n->colspan <= 1)
        return HPDF_OK;
    HPDF_Dict a = hpdfx_dict(tr->pdf, 0);
    if (!a)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = HPDF_Dict_AddName(a, "O", "Table");
    if (st == HPDF_OK && is_th && n->scope)
        st = HPDF_Dict_AddName(a, "Scope", scope_name(n->scope));
    if (st == HPDF_OK && n->rowspan > 1)
        st = HPDF_Dict_AddNumber(a, "RowSpan", n->rowspan);
    if (st == HPDF_OK && n->colspan > 1)
        st = HPDF_Dict_AddNumber(a, "ColSpan", n->colspan);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(e, "A", a);
    return st;
}

/* A marked-content kid: its MCID alone when on the element's /Pg, else a
 * marked-content reference naming its page. */
static HPDF_STATUS add_mcr(tree *tr, HPDF_Array k, const mcr *m, uint32_t pg)
{
    if (m->page == pg)
        return HPDF_Array_AddNumber(k, (HPDF_INT32)m->mcid);
    HPDF_Dict r = hpdfx_dict(tr->pdf, 0);
    if (!r)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = HPDF_Array_Add(k, r);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(r, "Type", "MCR");
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(r, "Pg", tr->pages[m->page]);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(r, "MCID", (HPDF_INT32)m->mcid);
    return st;
}

/* One element: its type, parent, attributes, texts, page and kids (its
 * marked content in drawing order, then its child elements in reading order). */
static HPDF_STATUS write_elem(tree *tr, const hy_pdftags *t, size_t i, size_t *child_cursor)
{
    const hy_draw_node *n = &tr->d->nodes[i];
    HPDF_Dict e = tr->elem[i];
    HPDF_STATUS st = HPDF_Dict_AddName(e, "S", drawing_role_name(n->role));
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(e, "P", n->parent >= 0 ? tr->elem[n->parent] : tr->root);
    if (st == HPDF_OK)
        st = cell_attributes(tr, e, n);
    if (st == HPDF_OK && n->alt)
        st = HPDF_Dict_Add(e, "Alt", hpdfx_text(tr->pdf, n->alt));
    if (st == HPDF_OK && n->actual)
        st = HPDF_Dict_Add(e, "ActualText", hpdfx_text(tr->pdf, n->actual));
    size_t m0 = tr->first_mcr[i], m1 = tr->first_mcr[i + 1];
    if (st != HPDF_OK || (m0 == m1 && tr->nkids[i] == 0))
        return st;
    uint32_t pg = m0 < m1 ? t->mcrs[tr->by_node[m0]].page : 0;
    if (m0 < m1)
        st = HPDF_Dict_Add(e, "Pg", tr->pages[pg]);
    /* one kid: /K is that kid itself, not an array of one */
    if (st == HPDF_OK && m1 - m0 + tr->nkids[i] == 1 && m0 < m1)
        return HPDF_Dict_AddNumber(e, "K", (HPDF_INT32)t->mcrs[tr->by_node[m0]].mcid);
    HPDF_Array k = NULL;
    if (m1 - m0 + tr->nkids[i] > 1) {
        k = hpdfx_array(tr->pdf);
        if (st == HPDF_OK)
            st = k ? HPDF_Dict_Add(e, "K", k) : HPDF_FAILD_TO_ALLOC_MEM;
    }
    for (size_t m = m0; m < m1 && st == HPDF_OK; m++)
        st = add_mcr(tr, k, &t->mcrs[tr->by_node[m]], pg);
    /* children: the nodes after i whose parent is i, in order */
    for (size_t c = *child_cursor, left = tr->nkids[i]; left && st == HPDF_OK; c++)
        if (tr->d->nodes[c].parent == (int32_t)i) {
            st = k ? HPDF_Array_Add(k, tr->elem[c]) : HPDF_Dict_Add(e, "K", tr->elem[c]);
            left--;
        }
    return st;
}

/* Groups the sequences by node (a counting sort, stable: drawing order). */
static int group_mcrs(tree *tr, const hy_pdftags *t)
{
    size_t nn = tr->d->nnodes;
    tr->first_mcr = calloc(nn + 1, sizeof *tr->first_mcr);
    tr->by_node = malloc((t->nmcrs ? t->nmcrs : 1) * sizeof *tr->by_node);
    tr->nkids = calloc(nn ? nn : 1, sizeof *tr->nkids);
    if (!tr->first_mcr || !tr->by_node || !tr->nkids)
        return -1;
    for (size_t m = 0; m < t->nmcrs; m++)
        tr->first_mcr[t->mcrs[m].node + 1]++;
    for (size_t i = 0; i < nn; i++)
        tr->first_mcr[i + 1] += tr->first_mcr[i];
    size_t *fill = malloc((nn ? nn : 1) * sizeof *fill);
    if (!fill)
        return -1;
    memcpy(fill, tr->first_mcr, nn * sizeof *fill);
    for (size_t m = 0; m < t->nmcrs; m++)
        tr->by_node[fill[t->mcrs[m].node]++] = m;
    free(fill);
    for (size_t i = 0; i < nn; i++)
        if (tr->d->nodes[i].parent >= 0)
            tr->nkids[tr->d->nodes[i].parent]++;
    return 0;
}

/* The /ParentTree: for each page with marked content, the element of each
 * MCID in order (they were numbered 0, 1, ... on the page). */
static HPDF_STATUS parent_tree(tree *tr, const hy_pdftags *t, size_t npages)
{
    HPDF_Dict pt = hpdfx_dict(tr->pdf, 1);
    HPDF_Array nums = hpdfx_array(tr->pdf);
    if (!pt || !nums)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = HPDF_Dict_Add(pt, "Nums", nums);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(tr->root, "ParentTree", pt);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(tr->root, "ParentTreeNextKey", (HPDF_INT32)npages);
    size_t m = 0;
    for (size_t p = 0; p < npages && st == HPDF_OK; p++) {
        st = HPDF_Dict_AddNumber(tr->pages[p], "StructParents", (HPDF_INT32)p);
        if (st != HPDF_OK || m == t->nmcrs || t->mcrs[m].page != p)
            continue;
        HPDF_Array a = hpdfx_array(tr->pdf);
        st = a ? HPDF_Array_AddNumber(nums, (HPDF_INT32)p) : HPDF_FAILD_TO_ALLOC_MEM;
        if (st == HPDF_OK)
            st = HPDF_Array_Add(nums, a);
        for (; m < t->nmcrs && t->mcrs[m].page == p && st == HPDF_OK; m++)
            st = HPDF_Array_Add(a, tr->elem[t->mcrs[m].node]);
    }
    return st;
}

HPDF_STATUS pdftags_write(hy_pdftags *t, HPDF_Doc pdf, HPDF_Page *pages, size_t npages)
{
    const hy_drawing *d = t->d;
    tree tr = {pdf, d, pages, hpdfx_dict(pdf, 1), NULL, NULL, NULL, NULL};
    HPDF_Array top = hpdfx_array(pdf);
    tr.elem = calloc(d->nnodes ? d->nnodes : 1, sizeof *tr.elem);
    HPDF_STATUS st = tr.root && top && tr.elem && group_mcrs(&tr, t) == 0
                         ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(tr.root, "Type", "StructTreeRoot");
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(tr.root, "K", top);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(hpdfx_catalog(pdf), "StructTreeRoot", tr.root);
    for (size_t i = 0; i < d->nnodes && st == HPDF_OK; i++)
        if (!(tr.elem[i] = hpdfx_dict(pdf, 1)))
            st = HPDF_FAILD_TO_ALLOC_MEM;
    for (size_t i = 0; i < d->nnodes && st == HPDF_OK; i++) {
        size_t from = i + 1;
        st = write_elem(&tr, t, i, &from);
        if (st == HPDF_OK && d->nodes[i].parent < 0)
            st = HPDF_Array_Add(top, tr.elem[i]);
    }
    if (st == HPDF_OK)
        st = parent_tree(&tr, t, npages);
    free(tr.elem);
    free(tr.first_mcr);
    free(tr.by_node);
    free(tr.nkids);
    return st;
}
