#include "book/annual.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book/bookpage.h"
#include "pdf/pdfstream.h"
#include "template/bind.h"
#include "model/format.h"
#include "template/layout.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/spill.h"
#include "util/vec.h"
#include "util/i18n.h"

/* ---- the plan: sections, sub-sections and their projects, in book order ---- */

typedef struct sub {
    const char *name;               /* NULL: the section has no sub-sections */
    const hy_project **projects;
    size_t n;
} sub;

typedef struct part {
    const hy_group *group;
    sub *subs;
    size_t nsubs;
    size_t nprojects;
} part;

/* The name a project's sub-section goes by, or NULL when sections have none. */
static const char *sub_key(const hy_project *p, int by)
{
    if (by == HY_BY_POLICY)
        return rollup_key(p, HY_BY_MEASURE);
    if (by == HY_BY_DEPARTMENT)
        return p->section ? p->section : "";
    return NULL;
}

static int same_key(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* Sub-sections of a group in order of first appearance, with the projects that
 * get a sheet (not those known from the KPI sheet only). */
static int plan_part(hy_arena *ar, const hy_group *g, int by, part *pt)
{
    pt->group = g;
    const hy_project **all = arena_calloc(ar, (g->nprojects ? g->nprojects : 1) * sizeof *all);
    if (!all)
        return -1;
    size_t used = 0, cap = 0;
    for (size_t i = 0; i < g->nprojects; i = dataset_next(g->dataset, i)) {
        const hy_project *p = g->projects[i];
        if (p->kpi_only)
            continue;
        const char *key = sub_key(p, by);
        size_t s = 0;
        while (s < pt->nsubs && !same_key(pt->subs[s].name, key))
            s++;
        /* a few sub-sections a part: room for one per project was 24 bytes
         * a project of the book */
        if (s == pt->nsubs) {
            sub *added = vec_push_in(ar, &pt->subs, &pt->nsubs, &cap, sizeof *pt->subs, 4);
            if (!added)
                return -1;
            added->name = key;
        }
        pt->subs[s].n++;
    }
    for (size_t s = 0; s < pt->nsubs; s++) {
        pt->subs[s].projects = all + used;
        used += pt->subs[s].n;
        pt->subs[s].n = 0;
    }
    for (size_t i = 0; i < g->nprojects; i = dataset_next(g->dataset, i)) {
        const hy_project *p = g->projects[i];
        if (p->kpi_only)
            continue;
        const char *key = sub_key(p, by);
        size_t s = 0;
        while (!same_key(pt->subs[s].name, key))
            s++;
        pt->subs[s].projects[pt->subs[s].n++] = p;
    }
    pt->nprojects = used;
    return 0;
}

/* ---- writing ---- */

typedef struct job {
    const hy_annual *a;
    hy_pdfstream *ps;
    hy_arena *arena;
    hy_diags *diags;
    hy_diags *quiet;                /* the sheets' warnings, given once already */
    int fs_font;
    const char *font_name;
    const char *title;              /* 令和6年度 事務事業評価報告書 */
    hy_spill *toc;                  /* the contents' lines (toc_add), read back when they
                                       are written, last */
    size_t ntoc;
    hy_buf line;                    /* scratch: a line being spilled or read back */
    int spill_failed;               /* a line could not be written to the spill */
    size_t front;                   /* cover and contents: the pages before page 1 */
    size_t pos;                     /* the next body page's position */
    size_t sheets;
    int cover_elem, toc_elem;       /* their structure elements, made first (pdfstream.h) */
    hy_err *err;
} job;

/* What failed when an append did: memory, or the spill's disk. */
static int oom(job *j)
{
    if (j->spill_failed)
        return err_set(j->err, HY_EIO, _("%s: cannot write the contents to a temporary file"),
                       j->a->path);
    return err_set(j->err, HY_EIO, _("%s: out of memory"), j->a->path);
}

/* A contents line as spilled: its numbers, then its text. */
typedef struct toc_rec {
    int32_t level, number;
    uint64_t pos;
} toc_rec;

static int toc_add(job *j, int level, const char *text, size_t pos)
{
    toc_rec r = {level, (int32_t)(pos - j->front + 1), pos};
    buf_reset(&j->line);
    if (buf_append(&j->line, &r, sizeof r) || buf_puts(&j->line, text))
        return -1;
    if (spill_put(j->toc, j->line.data, j->line.len) != 0) {
        j->spill_failed = 1;
        return -1;
    }
    j->ntoc++;
    return 0;
}

/* The next line spilled, its text copied into ar. */
static int toc_next(job *j, hy_arena *ar, hy_toc_line *l)
{
    size_t len = 0;
    toc_rec r;
    if (spill_get(j->toc, &j->line, &len) != 1 || len < sizeof r)
        return -1;
    memcpy(&r, j->line.data, sizeof r);
    *l = (hy_toc_line){r.level, arena_strdup(ar, j->line.data + sizeof r), (size_t)r.pos,
                       r.number};
    return l->text ? 0 : -1;
}

/* Writes every page of d into the body, each with the running header naming
 * section and its page number, its structure under element elem. *first
 * gets the first page's position. */
static int put_body(job *j, hy_drawing *d, const char *section, int elem, size_t *first)
{
    hy_bookpen pen;
    if (bookpen_attach(&pen, d, j->a->fonts, j->fs_font, j->font_name) != 0)
        return err_set(j->err, HY_EUSAGE, _("%s: a sheet uses too many fonts for the book"),
                       j->a->path);
    *first = j->pos;
    for (size_t i = 0; i < d->npages; i++)
        bookpage_running(&pen, &d->pages[i], j->title, section, (int)(j->pos + i - j->front + 1),
                         0);
    if (pen.oom)
        return oom(j);
    int rc = pdfstream_drawing(j->ps, d, j->pos, elem, NULL, 0, j->err);
    if (rc == HY_OK)
        j->pos += d->npages;
    return rc;
}

/* A sheet laid out alone is a Document; in the book it is a Sect. */
static void as_sect(hy_drawing *d)
{
    for (size_t i = 0; i < d->nnodes; i++)
        if (d->nodes[i].parent < 0 && d->nodes[i].role == HY_ROLE_DOCUMENT)
            d->nodes[i].role = HY_ROLE_SECT;
}

static int put_summary(job *j)
{
    hy_bookpen pen;
    if (bookpen_init(&pen, j->a->fonts, j->fs_font, j->font_name) != 0)
        return oom(j);
    bookpage_summary(&pen, j->a->rollup, j->a->dataset, j->a->profile, j->a->budget);
    size_t first = 0;
    int rc = pen.oom ? oom(j) : put_body(j, pen.d, "集計", 0, &first);
    if (rc == HY_OK && (toc_add(j, 0, "集計", first) != 0 ||
                        pdfstream_outline(j->ps, -1, "集計", first) < 0))
        rc = oom(j);
    bookpen_free(&pen);
    return rc;
}

static int put_kpi_report(job *j)
{
    const hy_annual *a = j->a;
    hy_drawing *d = drawing_new();
    if (!d)
        return oom(j);
    hy_bind b = {.dataset = a->dataset, .rollup = a->rollup, .profile = a->profile,
                 .fiscal_year = a->rollup->years.eval};
    static const char name[] = "施策KPIの進捗状況";
    size_t first = 0;
    int rc = layout_sheet(a->kpi_report, a->fonts, &b, d, j->quiet, j->err);
    as_sect(d);
    if (rc == HY_OK)
        rc = put_body(j, d, name, 0, &first);
    if (rc == HY_OK &&
        (toc_add(j, 0, name, first) != 0 || pdfstream_outline(j->ps, -1, name, first) < 0))
        rc = oom(j);
    drawing_free(d);
    return rc;
}

static int put_sheet(job *j, const hy_project *p, const char *section, int parent, int elem)
{
    const hy_annual *a = j->a;
    hy_drawing *d = drawing_new();
    if (!d)
        return oom(j);
    d->epoch = a->epoch;
    /* bound as the sheets output binds it (cli/render.c): the same sheet */
    hy_bind b = {.project = p, .profile = a->profile, .fiscal_year = p->fiscal_year,
                 .previous = a->comparison ? compare_of(a->comparison, p) : NULL};
    size_t first = 0, next = 0;
    int rc = layout_sheet(a->sheet, a->fonts, &b, d, j->quiet, j->err);
    as_sect(d);
    if (rc == HY_OK)
        rc = put_body(j, d, section, elem, &first);
    drawing_free(d);
    /* the profile's further documents, each a Sect of its own after the sheet */
    for (size_t k = 0; rc == HY_OK && k < a->nfurther; k++) {
        if (!(d = drawing_new()))
            return oom(j);
        d->epoch = a->epoch;
        rc = layout_sheet(a->further[k], a->fonts, &b, d, j->quiet, j->err);
        as_sect(d);
        if (rc == HY_OK)
            rc = put_body(j, d, section, elem, &next);
        drawing_free(d);
    }
    /* not in the book's arena: that would grow with every sheet */
    hy_buf label = HY_BUF_INIT;
    if (rc == HY_OK && (buf_printf(&label, "%s　%s", p->code, p->name) ||
                        toc_add(j, 2, label.data, first) != 0 ||
                        pdfstream_outline(j->ps, parent, label.data, first) < 0))
        rc = oom(j);
    buf_free(&label);
    j->sheets += rc == HY_OK;
    return rc;
}

static const char *kind_of(int by)
{
    return by == HY_BY_POLICY ? "政策" : by == HY_BY_MEASURE ? "施策"
         : by == HY_BY_DEPARTMENT ? "部" : "プロジェクト";
}

static const char *shown(const char *name)
{
    return name && *name ? name : "（記載なし）";
}

/* The rows a section page lists: its sub-sections with their project
 * counts, or, when it has none, its projects with their 課. Returns how
 * many; only the first `room` are made (the page shows no more: a part may
 * hold thousands of projects, each in the data set's scratch file), their
 * text in ar, the page's own. (size_t)-1 when out of memory. */
static size_t section_rows(hy_arena *ar, const part *pt, size_t room, const char **rows,
                           const char **right)
{
    size_t n = 0, made = 0;
    for (size_t s = 0; s < pt->nsubs; s++)
        if (pt->subs[s].name && n++ < room) {
            rows[made] = shown(pt->subs[s].name);
            right[made++] = arena_printf(ar, "%zu事業", pt->subs[s].n);
        }
    for (size_t s = 0; n == 0 && s < pt->nsubs; s++)
        for (size_t i = 0; i < pt->subs[s].n && made < room; i++) {
            const hy_project *p = pt->subs[s].projects[i];
            rows[made] = arena_printf(ar, "%s　%s", p->code, p->name);
            right[made++] = p->section ? p->section : "";
        }
    for (size_t i = 0; i < made; i++)
        if (!rows[i] || !right[i])
            return (size_t)-1;
    return n ? n : pt->nprojects;
}

/* A section's opening page, with its money of the summary's year. */
static int put_section_page(job *j, const part *pt, int by, int elem, size_t *first)
{
    const hy_profile *pf = j->a->profile;
    hy_bookpen pen;
    if (bookpen_init(&pen, j->a->fonts, j->fs_font, j->font_name) != 0)
        return oom(j);
    size_t room = bookpage_section_room();
    const char **rows = calloc(room, sizeof *rows), **right = calloc(room, sizeof *right);
    hy_arena *ar = arena_new();
    size_t nrows = rows && right && ar ? section_rows(ar, pt, room, rows, right) : (size_t)-1;
    char money[256] = "";
    hy_stage stage = HY_STAGE_SETTLED;
    int year = bookpage_money_year(&j->a->rollup->all, &stage);
    const hy_cost_sum *c = year ? rollup_cost(pt->group, year, stage) : NULL;
    if (c) {
        char fy[32], t[48], tc[48];
        format_fiscal_year(year, pf->era, 1, fy, sizeof fy);
        amount_format(c->total, pf->display_unit, pf->rounding, t, sizeof t);
        amount_format(c->total_cost, pf->display_unit, pf->rounding, tc, sizeof tc);
        snprintf(money, sizeof money, "%zu事業　%s%s　事業費 %s%s　トータルコスト %s%s",
                 pt->nprojects, fy, stage_label(stage), t, pf->display_unit_label, tc,
                 pf->display_unit_label);
    }
    int rc = nrows != (size_t)-1 ? HY_OK : oom(j);
    if (rc == HY_OK) {
        bookpage_section(&pen, kind_of(by), shown(pt->group->name), rows, right, nrows, money);
        rc = pen.oom ? oom(j) : put_body(j, pen.d, shown(pt->group->name), elem, first);
    }
    free(rows);
    free(right);
    arena_free(ar);
    bookpen_free(&pen);
    return rc;
}

static int put_part(job *j, const part *pt, int by)
{
    size_t first = 0;
    const char *name = shown(pt->group->name);
    int elem = pdfstream_elem(j->ps, 0, HY_ROLE_SECT);
    int rc = elem >= 0 ? put_section_page(j, pt, by, elem, &first) : oom(j);
    int top = rc == HY_OK ? pdfstream_outline(j->ps, -1, name, first) : 0;
    if (rc == HY_OK && (top < 0 || toc_add(j, 0, name, first) != 0))
        rc = oom(j);
    for (size_t s = 0; rc == HY_OK && s < pt->nsubs; s++) {
        const sub *sb = &pt->subs[s];
        int parent = top;
        const char *section = name;
        if (sb->name) {
            /* the sub-section starts at its first sheet */
            section = arena_printf(j->arena, "%s ／ %s", name, shown(sb->name));
            parent = pdfstream_outline(j->ps, top, shown(sb->name), j->pos);
            if (!section || parent < 0 || toc_add(j, 1, shown(sb->name), j->pos) != 0)
                rc = oom(j);
        }
        /* a section's projects lie among all the others: each sheet is a
         * step of a walk over the data set, which hands its pages back */
        for (size_t i = 0; rc == HY_OK && i < sb->n; i++) {
            rc = put_sheet(j, sb->projects[i], section, parent, elem);
            dataset_next(j->a->dataset, i);
        }
    }
    return rc;
}

/* ---- front matter ---- */

/* The contents, drawn and written a page at a time, each page with its own
 * structure (bookpage_toc_page): what a page needs. */
enum { TOC_MAX_LINES = 128 };
typedef struct toc_pager {
    job *j;
    int list;                       /* the book's TOC element, every line's parent */
    hy_bookpen pen;                 /* the page's drawing */
    hy_arena *text;                 /* its lines' text */
    hy_toc_line lines[TOC_MAX_LINES];
    int32_t link_node[TOC_MAX_LINES];
    float link_y[TOC_MAX_LINES];
    hy_pdflink links[TOC_MAX_LINES];
    int elems[1 + 2 * TOC_MAX_LINES]; /* by node: the heading's Sect, or the list */
} toc_pager;

/* Draws and writes contents page `page`. */
static int toc_page(toc_pager *tp, size_t page)
{
    job *j = tp->j;
    size_t from = bookpage_toc_first(page), to = bookpage_toc_first(page + 1);
    size_t n = (to < j->ntoc ? to : j->ntoc) - (from < j->ntoc ? from : j->ntoc);
    if (to - from > TOC_MAX_LINES)
        return err_set(j->err, HY_EUSAGE, _("%s: too many lines on a contents page"),
                       j->a->path);
    hy_bookpen *pen = &tp->pen;
    if (!(tp->text = arena_new()) || bookpen_init(pen, j->a->fonts, j->fs_font, j->font_name) != 0)
        return oom(j);
    for (size_t i = 0; i < n; i++)
        if (toc_next(j, tp->text, &tp->lines[i]) != 0)
            return err_set(j->err, HY_EIO, _("%s: cannot read back the contents from a temporary "
                           "file"), j->a->path);
    bookpage_toc_page(pen, page, tp->lines, n, tp->link_node, tp->link_y);
    /* the cover is i and carries no number; the contents ii, iii ... */
    bookpage_running(pen, &pen->d->pages[0], j->title, "目次", (int)page + 2, 1);
    if (pen->oom)
        return oom(j);
    /* each line links to its page */
    for (size_t i = 0; i < n; i++) {
        const hy_toc_line *l = &tp->lines[i];
        tp->links[i] = (hy_pdflink){40, tp->link_y[i], BOOKPAGE_W - 80, BOOKPAGE_TOC_LINE, 0,
                                    l->pos, tp->link_node[i], l->text};
    }
    for (size_t k = 0; k < pen->d->nnodes; k++)
        tp->elems[k] = pen->d->nodes[k].role == HY_ROLE_TOCI ? tp->list : j->toc_elem;
    return pdfstream_drawing_in(j->ps, pen->d, 1 + page, tp->elems, tp->links, n, j->err);
}

static int put_contents(job *j)
{
    const hy_annual *a = j->a;
    size_t npages = bookpage_toc_pages(j->ntoc);
    if (npages != j->front - 1)
        return err_set(j->err, HY_EIO, _("%s: contents took %zu pages, not %zu"), a->path,
                       npages, j->front - 1);
    toc_pager *tp = calloc(1, sizeof *tp);
    if (!tp)
        return oom(j);
    tp->j = j;
    /* the list's lines start on the heading's page: it is placed after the
     * heading once that page is written */
    tp->list = pdfstream_elem_unplaced(j->ps, HY_ROLE_TOC);
    int rc = tp->list >= 0 ? HY_OK : oom(j);
    for (size_t page = 0; rc == HY_OK && page < npages; page++) {
        rc = toc_page(tp, page);
        if (rc == HY_OK && page == 0 && pdfstream_place(j->ps, tp->list, j->toc_elem) != 0)
            rc = oom(j);
        bookpen_free(&tp->pen);
        arena_free(tp->text);
        tp->text = NULL;
    }
    free(tp);
    return rc;
}

static int put_front(job *j)
{
    const hy_annual *a = j->a;
    hy_bookpen pen;
    if (bookpen_init(&pen, a->fonts, j->fs_font, j->font_name) != 0)
        return oom(j);
    bookpage_cover(&pen, a->profile, a->profile->book_title, a->fiscal_year, a->epoch);
    int rc = pen.oom ? oom(j) : pdfstream_drawing(j->ps, pen.d, 0, j->cover_elem, NULL, 0, j->err);
    bookpen_free(&pen);
    if (rc == HY_OK)
        rc = put_contents(j);
    if (rc == HY_OK && (pdfstream_label(j->ps, 0, 'r', 1) != 0 ||
                        pdfstream_label(j->ps, j->front, 'D', 1) != 0))
        rc = oom(j);
    return rc;
}

/* ---- all of it ---- */

/* Sections with at least one sheet, in the roll-up's report order. */
static int plan(job *j, int by, part **parts, size_t *nparts, size_t *nlines)
{
    const hy_rollup *ru = j->a->rollup;
    size_t n = ru->ngroups[by];
    *parts = arena_calloc(j->arena, (n ? n : 1) * sizeof **parts);
    if (!*parts)
        return -1;
    *nparts = 0;
    for (size_t g = 0; g < n; g++) {
        part *pt = &(*parts)[*nparts];
        if (plan_part(j->arena, &ru->groups[by][g], by, pt) != 0)
            return -1;
        if (pt->nprojects == 0)
            continue;
        (*nparts)++;
        *nlines += 1 + pt->nprojects;
        for (size_t s = 0; s < pt->nsubs; s++)
            *nlines += pt->subs[s].name != NULL;
    }
    return 0;
}

/* Does the data name any group of this kind? */
static int named(const hy_rollup *ru, int by)
{
    return ru->ngroups[by] > 1 || (ru->ngroups[by] == 1 && *ru->groups[by][0].name);
}

static int write_book(job *j)
{
    const hy_annual *a = j->a;
    int by = a->profile->book_sections;
    int with_kpi = a->kpi_report && a->rollup->all.score.kpis;
    part *parts = NULL;
    size_t nparts = 0, nlines = 1 + (size_t)with_kpi;
    if (by < 0 || by >= HY_BY_COUNT)
        return err_set(j->err, HY_EUSAGE, _("%s: book_sections %d is not policy, department or "
                       "program"), a->profile->path, by);
    /* data that names no 政策 (Nemuro's has 施策 only): sections are the
     * 施策, or the 部 when it names neither */
    if (by == HY_BY_POLICY && !named(a->rollup, by))
        by = named(a->rollup, HY_BY_MEASURE) ? HY_BY_MEASURE : HY_BY_DEPARTMENT;
    if (plan(j, by, &parts, &nparts, &nlines) != 0)
        return oom(j);
    j->front = 1 + bookpage_toc_pages(nlines);
    j->pos = j->front;
    int rc = pdfstream_open(a->path, a->fonts, j->fs_font, a->dataset->arena, &j->ps, j->err);
    if (rc != HY_OK)
        return rc;
    /* the cover and contents are drawn last but read first */
    j->cover_elem = pdfstream_elem(j->ps, 0, HY_ROLE_SECT);
    j->toc_elem = pdfstream_elem(j->ps, 0, HY_ROLE_SECT);
    if (j->cover_elem < 0 || j->toc_elem < 0 || pdfstream_outline(j->ps, -1, "表紙", 0) < 0 ||
        pdfstream_outline(j->ps, -1, "目次", 1) < 0)
        rc = oom(j);
    if (rc == HY_OK)
        rc = put_summary(j);
    if (rc == HY_OK && with_kpi)
        rc = put_kpi_report(j);
    for (size_t i = 0; rc == HY_OK && i < nparts; i++)
        rc = put_part(j, &parts[i], by);
    if (rc == HY_OK)
        rc = put_front(j);
    if (rc != HY_OK) {
        pdfstream_abort(j->ps);
        return rc;
    }
    char *subject = arena_printf(j->arena, "%s %s", a->profile->city, j->title);
    rc = pdfstream_close(j->ps, j->title, a->profile->city, subject, a->epoch, j->err);
    j->ps = NULL;
    return rc;
}

int annual_write(const hy_annual *a, hy_diags *diags, hy_annual_stats *stats, hy_err *err)
{
    job j = {.a = a, .diags = diags, .err = err};
    if (a->sheet->nfonts == 0)
        return err_set(err, HY_EUSAGE, _("%s: the template declares no font"), a->sheet->path);
    j.font_name = a->sheet->fonts[0].name;
    j.fs_font = fontset_find(a->fonts, j.font_name);
    if (j.fs_font < 0)
        return err_set(err, HY_EUSAGE, _("%s: font \"%s\" is not loaded"), a->path, j.font_name);
    j.arena = arena_new();
    j.quiet = diags_new();
    j.toc = spill_new();
    char fy[32];
    format_fiscal_year(a->fiscal_year, a->profile->era == HY_ERA_SHORT ? HY_ERA_LONG
                                                                      : a->profile->era,
                       1, fy, sizeof fy);
    j.title = j.arena ? arena_printf(j.arena, "%s %s", fy, a->profile->book_title) : NULL;
    int rc = !j.toc ? err_set(err, HY_EIO, _("%s: cannot make a temporary file"), a->path)
           : j.arena && j.quiet && j.title ? write_book(&j) : oom(&j);
    if (rc == HY_OK && stats) {
        stats->pages = j.pos;
        stats->front_pages = j.front;
        stats->sheets = j.sheets;
    }
    spill_free(j.toc);
    buf_free(&j.line);
    diags_free(j.quiet);
    arena_free(j.arena);
    return rc;
}
