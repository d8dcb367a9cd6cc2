#include "pdf/pdftags.h"

#include <stdlib.h>
#include <string.h>

#include "pdf/pdfmeta.h"
#include "util/vec.h"

#define NONE INT32_MIN

/* One marked-content sequence of a structure element: MCID mcid on page. */
typedef struct mcr {
    int32_t node;
    uint32_t page;
    uint32_t mcid;
} mcr;

/* An annotation that belongs to a structure element (a link): an object
 * reference in its /K. */
typedef struct objr {
    int32_t node;
    uint32_t page;
    unsigned obj;
} objr;

struct hy_pdftags {
    const hy_drawing *d;
    int32_t open;          /* the tag of the open sequence, NONE when none is */
    size_t page;
    uint32_t next_mcid;    /* on the current page */
    mcr *mcrs;             /* every tagged sequence, in drawing order */
    size_t nmcrs, cap;
    objr *objrs;           /* annotations, in the order added */
    size_t nobjrs, objrs_cap;
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
    free(t->objrs);
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
        char num[12];
        int len = 0;
        unsigned v = m->mcid;
        do
            num[len++] = (char)('0' + v % 10);
        while ((v /= 10) != 0);
        for (int a = 0, b = len - 1; a < b; a++, b--) {
            char c = num[a];
            num[a] = num[b];
            num[b] = c;
        }
        oom = buf_putc(content, '/') | buf_puts(content, drawing_role_name(t->d->nodes[tag].role)) |
              buf_puts(content, " <</MCID ") | buf_append(content, num, (size_t)len) |
              buf_puts(content, ">> BDC\012");
    }
    t->open = tag;
    return oom ? -1 : 0;
}

int pdftags_objr(hy_pdftags *t, int32_t node, size_t page, unsigned obj)
{
    if (node < 0 || (size_t)node >= t->d->nnodes)
        return -1;
    objr *o = vec_push(&t->objrs, &t->nobjrs, &t->objrs_cap, sizeof *o);
    if (!o)
        return -1;
    *o = (objr){node, (uint32_t)page, obj};
    return 0;
}

/* ---- the tree ---- */

/* The structure tree is written as text, compactly, straight into the
 * document's object stream (objstm.h): ~250 small dictionaries per sheet
 * through libharu's objects cost more than all the rest of the file. */

typedef struct tree {
    const hy_drawing *d;
    const unsigned *page_num;   /* object number of each page */
    unsigned root;              /* the parent of top-level nodes: the StructTreeRoot */
    const unsigned *parents;    /* or, by node, the book's element each belongs to */
    unsigned base;              /* element i is object base + i */
    size_t *first_mcr;          /* node -> index of its first sequence in by_node */
    size_t *by_node;            /* indices of mcrs, grouped by node, each group in drawing order */
    size_t *nkids;              /* child nodes per node */
    size_t *first_objr;         /* node -> index of its first annotation in objr_by_node */
    size_t *objr_by_node;       /* indices of objrs, grouped by node, each group in order */
    hy_buf *out;
    int oom;
} tree;

static void put(tree *tr, const char *s)
{
    tr->oom |= buf_puts(tr->out, s);
}

/* before, the number, after: printf's cost, a thousand times per sheet, showed */
static void put_num(tree *tr, const char *before, unsigned v, const char *after)
{
    char digits[12], *p = digits + sizeof digits;
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    put(tr, before);
    tr->oom |= buf_append(tr->out, p, (size_t)(digits + sizeof digits - p));
    put(tr, after);
}

/* A text string: UTF-16BE with a byte order mark, as a hex string. */
static void put_text(tree *tr, const char *utf8)
{
    tr->oom |= pdfmeta_text(tr->out, utf8);
}

static const char *scope_name(int scope)
{
    return scope == HY_SCOPE_ROW ? "Row" : scope == HY_SCOPE_COLUMN ? "Column" : "Both";
}

/* /A: the table attributes of a header or data cell. */
static void cell_attributes(tree *tr, const hy_draw_node *n)
{
    int is_th = n->role == HY_ROLE_TH;
    if (!(is_th && n->scope) && n->rowspan <= 1 && n->colspan <= 1)
        return;
    put(tr, "/A<</O/Table");
    if (is_th && n->scope) {
        put(tr, "/Scope/");
        put(tr, scope_name(n->scope));
    }
    if (n->rowspan > 1)
        put_num(tr, "/RowSpan ", n->rowspan, "");
    if (n->colspan > 1)
        put_num(tr, "/ColSpan ", n->colspan, "");
    put(tr, ">>");
}

/* One element: its type, parent, attributes, texts, page and kids (its
 * marked content in drawing order, then its child elements in reading order;
 * an MCID alone when on the element's /Pg, else a marked-content reference). */
static void write_elem(tree *tr, const hy_pdftags *t, size_t i)
{
    const hy_draw_node *n = &tr->d->nodes[i];
    put(tr, "<</S/");
    put(tr, drawing_role_name(n->role));
    put_num(tr, "/P ", n->parent >= 0 ? tr->base + (unsigned)n->parent
                       : tr->parents ? tr->parents[i] : tr->root, " 0 R");
    cell_attributes(tr, n);
    if (n->alt) {
        put(tr, "/Alt");
        put_text(tr, n->alt);
    }
    if (n->actual) {
        put(tr, "/ActualText");
        put_text(tr, n->actual);
    }
    size_t o0 = tr->first_objr[i], nobjr = tr->first_objr[i + 1] - o0;
    size_t m0 = tr->first_mcr[i], m1 = tr->first_mcr[i + 1],
           nk = m1 - m0 + tr->nkids[i] + nobjr;
    uint32_t pg = m0 < m1 ? t->mcrs[tr->by_node[m0]].page : 0;
    if (m0 < m1)
        put_num(tr, "/Pg ", tr->page_num[pg], " 0 R");
    if (nk)
        put(tr, nk > 1 ? "/K[" : "/K ");
    for (size_t m = m0; m < m1; m++) {
        const mcr *r = &t->mcrs[tr->by_node[m]];
        if (r->page == pg)
            put_num(tr, m > m0 ? " " : "", r->mcid, "");
        else
        {
            put_num(tr, "<</Type/MCR/Pg ", tr->page_num[r->page], " 0 R");
            put_num(tr, "/MCID ", r->mcid, ">>");
        }
    }
    /* the annotations that belong to it (a link's) */
    for (size_t k = o0; k < o0 + nobjr; k++) {
        const objr *o = &t->objrs[tr->objr_by_node[k]];
        put_num(tr, "<</Type/OBJR/Pg ", tr->page_num[o->page], " 0 R");
        put_num(tr, "/Obj ", o->obj, " 0 R>>");
    }
    /* children: the nodes after i whose parent is i, in order */
    size_t left = tr->nkids[i];
    for (size_t c = i + 1; left && c < tr->d->nnodes; c++)
        if (tr->d->nodes[c].parent == (int32_t)i) {
            put_num(tr, m1 > m0 || nobjr || left < tr->nkids[i] ? " " : "", tr->base + (unsigned)c,
                    " 0 R");
            left--;
        }
    put(tr, nk > 1 ? "]>>" : ">>");
}

/* Groups the annotations by node as group_mcrs groups the sequences: a
 * contents page of a large book has thousands of links, and looking each
 * element's up among all of them was quadratic. */
static int group_objrs(tree *tr, const hy_pdftags *t)
{
    size_t nn = tr->d->nnodes;
    tr->first_objr = calloc(nn + 1, sizeof *tr->first_objr);
    tr->objr_by_node = malloc((t->nobjrs ? t->nobjrs : 1) * sizeof *tr->objr_by_node);
    size_t *fill = malloc((nn ? nn : 1) * sizeof *fill);
    if (!tr->first_objr || !tr->objr_by_node || !fill) {
        free(fill);
        return -1;
    }
    for (size_t o = 0; o < t->nobjrs; o++)
        tr->first_objr[t->objrs[o].node + 1]++;
    for (size_t i = 0; i < nn; i++)
        tr->first_objr[i + 1] += tr->first_objr[i];
    memcpy(fill, tr->first_objr, nn * sizeof *fill);
    for (size_t o = 0; o < t->nobjrs; o++)
        tr->objr_by_node[fill[t->objrs[o].node]++] = o;
    free(fill);
    return 0;
}

/* Groups the sequences by node (a counting sort, stable: drawing order). */
static int group_mcrs(tree *tr, const hy_pdftags *t)
{
    size_t nn = tr->d->nnodes;
    tr->first_mcr = calloc(nn + 1, sizeof *tr->first_mcr);
    tr->by_node = malloc((t->nmcrs ? t->nmcrs : 1) * sizeof *tr->by_node);
    tr->nkids = calloc(nn ? nn : 1, sizeof *tr->nkids);
    size_t *fill = malloc((nn ? nn : 1) * sizeof *fill);
    if (!tr->first_mcr || !tr->by_node || !tr->nkids || !fill) {
        free(fill);
        return -1;
    }
    for (size_t m = 0; m < t->nmcrs; m++)
        tr->first_mcr[t->mcrs[m].node + 1]++;
    for (size_t i = 0; i < nn; i++)
        tr->first_mcr[i + 1] += tr->first_mcr[i];
    memcpy(fill, tr->first_mcr, nn * sizeof *fill);
    for (size_t m = 0; m < t->nmcrs; m++)
        tr->by_node[fill[t->mcrs[m].node]++] = m;
    free(fill);
    for (size_t i = 0; i < nn; i++)
        if (tr->d->nodes[i].parent >= 0)
            tr->nkids[tr->d->nodes[i].parent]++;
    return 0;
}

/* The StructTreeRoot, with its /ParentTree: for each page with marked
 * content, the element of each MCID in order (numbered 0, 1, ... per page). */
static void write_root(tree *tr, const hy_pdftags *t, size_t npages)
{
    put(tr, "<</Type/StructTreeRoot/K[");
    int first = 1;
    for (size_t i = 0; i < tr->d->nnodes; i++)
        if (tr->d->nodes[i].parent < 0) {
            put_num(tr, first ? "" : " ", tr->base + (unsigned)i, " 0 R");
            first = 0;
        }
    put(tr, "]/ParentTree<</Nums[");
    size_t m = 0;
    for (size_t p = 0; p < npages; p++) {
        if (m == t->nmcrs || t->mcrs[m].page != p)
            continue;
        put_num(tr, p ? " " : "", (unsigned)p, "[");
        for (size_t k = m; m < t->nmcrs && t->mcrs[m].page == p; m++)
            put_num(tr, m > k ? " " : "", tr->base + (unsigned)t->mcrs[m].node, " 0 R");
        put(tr, "]");
    }
    put_num(tr, "]>>/ParentTreeNextKey ", (unsigned)npages, ">>");
}

/* The elements (and, with npages, the root first), numbered from tr's base;
 * starts[k] where object k of out begins. */
static int write_tree(tree *tr, hy_pdftags *t, int with_root, size_t npages, size_t *starts)
{
    buf_reset(tr->out);
    size_t k = 0;
    if (group_mcrs(tr, t) == 0 && group_objrs(tr, t) == 0) {
        if (with_root) {
            starts[k++] = 0;
            write_root(tr, t, npages);
        }
        for (size_t i = 0; i < t->d->nnodes; i++) {
            starts[k++] = tr->out->len;
            write_elem(tr, t, i);
        }
        starts[k] = tr->out->len;
    } else {
        tr->oom = 1;
    }
    free(tr->first_mcr);
    free(tr->by_node);
    free(tr->nkids);
    free(tr->first_objr);
    free(tr->objr_by_node);
    return tr->oom ? -1 : 0;
}

int pdftags_serialize(hy_pdftags *t, const unsigned *page_num, size_t npages, unsigned first,
                      hy_buf *out, size_t *starts)
{
    tree tr = {.d = t->d, .page_num = page_num, .root = first, .base = first + 1, .out = out};
    return write_tree(&tr, t, 1, npages, starts);
}

int pdftags_elements(hy_pdftags *t, const unsigned *page_num, unsigned first,
                     const unsigned *parents, hy_buf *out, size_t *starts)
{
    tree tr = {.d = t->d, .page_num = page_num, .parents = parents, .base = first, .out = out};
    return write_tree(&tr, t, 0, 0, starts);
}

int pdftags_page_parents(const hy_pdftags *t, size_t page, unsigned first, hy_buf *out)
{
    /* the sequences are in drawing order, so a page's are together */
    int oom = buf_putc(out, '[');
    size_t n = 0;
    for (size_t m = 0; m < t->nmcrs; m++)
        if (t->mcrs[m].page == page)
            oom |= buf_printf(out, "%s%u 0 R", n++ ? " " : "", first + (unsigned)t->mcrs[m].node);
    oom |= buf_putc(out, ']');
    return oom ? -1 : 0;
}

size_t pdftags_page_count(const hy_pdftags *t, size_t page)
{
    size_t n = 0;
    for (size_t m = 0; m < t->nmcrs; m++)
        n += t->mcrs[m].page == page;
    return n;
}
