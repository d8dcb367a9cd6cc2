#include "publish/index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/format.h"
#include "publish/opendata.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/i18n.h"

void index_size(long long bytes, char *out, size_t size)
{
    if (bytes < 1024LL * 1024)
        snprintf(out, size, "%lldKB", (bytes + 1023) / 1024);
    else   /* tenths of a megabyte, rounded up so a size is never understated */
        snprintf(out, size, "%lld.%lldMB", (bytes * 10 + 1048575) / 1048576 / 10,
                 (bytes * 10 + 1048575) / 1048576 % 10);
}

/* Text into HTML: the five characters that could end a text or an attribute. */
static void esc(hy_buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        case '\'': buf_puts(b, "&#39;"); break;
        default: buf_putc(b, *s);
        }
    }
}

/* A path for an href: every byte but unreserved ASCII and / percent-encoded. */
static void href(hy_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            strchr("-._~/", c))
            buf_putc(b, (char)c);
        else
            buf_printf(b, "%%%02X", c);
    }
}

/* Yen in the profile's printed unit, grouped: 22,000. */
static void money(hy_buf *b, hy_amount a, const hy_profile *pf)
{
    char t[64] = "";
    if (a.known)
        amount_format(a, pf->display_unit, pf->rounding, t, sizeof t);
    buf_puts(b, t);
}

static const char STYLE[] =
    "body{font-family:sans-serif;margin:0 auto;max-width:72rem;padding:0 .75rem;"
    "line-height:1.6;color:#1a1a1a}\n"
    "h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.5rem}\n"
    ".scroll{overflow-x:auto}\n"
    "table{border-collapse:collapse;font-size:.9rem;min-width:40rem}\n"
    "caption{text-align:left;font-weight:bold;padding:.25rem 0}\n"
    "th,td{border:1px solid #999;padding:.25rem .4rem;vertical-align:top}\n"
    "thead th{background:#e8eef4}\n"
    "td.num{text-align:right;white-space:nowrap}\n"
    "ul.docs{margin:0;padding-left:1.2rem}\n"
    "input[type=search]{font-size:1rem;padding:.3rem;width:100%;max-width:24rem}\n";

/* Filters the rows on every keystroke; the table is whole without it. */
static const char SCRIPT[] =
    "(function(){\n"
    "var box=document.getElementById('filter'),q=document.getElementById('q');\n"
    "var rows=document.querySelectorAll('#projects tbody tr'),n=document.getElementById('shown');\n"
    "box.hidden=false;\n"
    "q.addEventListener('input',function(){\n"
    "var t=q.value.trim().toLowerCase(),k=0;\n"
    "rows.forEach(function(r){var hit=!t||r.textContent.toLowerCase().indexOf(t)>=0;"
    "r.hidden=!hit;if(hit)k++;});\n"
    "n.textContent=k;});\n"
    "})();\n";

static void head(hy_buf *b, const char *title)
{
    buf_puts(b, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    esc(b, title);
    buf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", STYLE);
    esc(b, title);
    buf_puts(b, "</h1>\n");
}

static void link_list(hy_buf *b, const char *heading, const hy_index_link *l, size_t n)
{
    if (!n)
        return;
    buf_puts(b, "<h2>");
    esc(b, heading);
    buf_puts(b, "</h2>\n<ul>\n");
    for (size_t i = 0; i < n; i++) {
        char sz[32];
        index_size(l[i].bytes, sz, sizeof sz);
        const char *ext = strrchr(l[i].href, '.');
        buf_puts(b, "<li><a href=\"");
        href(b, l[i].href);
        buf_puts(b, "\">");
        esc(b, l[i].label);
        buf_puts(b, "</a>（");
        for (const char *e = ext ? ext + 1 : ""; *e; e++)
            buf_putc(b, (char)(*e >= 'a' && *e <= 'z' ? *e - 32 : *e));
        buf_printf(b, " %s）</li>\n", sz);
    }
    buf_puts(b, "</ul>\n");
}

/* 事業数, the latest 決算 事業費 in total, and how many projects got each 方向性. */
static void summary(hy_buf *b, const hy_index *ix, size_t nprojects)
{
    const hy_profile *pf = ix->profile;
    hy_amount total = {0, 0};
    for (size_t i = 0; i < ix->ds->nprojects; i = dataset_next(ix->ds, i)) {
        const hy_project *p = &ix->ds->projects[i];
        const hy_cost *c = p->kpi_only ? NULL : opendata_latest_settled(p);
        if (c && c->total.known)
            total = (hy_amount){total.yen + c->total.yen, 1};
    }
    buf_printf(b, "<h2>概要</h2>\n<p>%sの事務事業 %zu 件の評価結果です。", pf->city, nprojects);
    if (total.known) {
        buf_puts(b, "各事業の直近の決算額（事業費）の合計は");
        money(b, total, pf);
        buf_printf(b, "%sです。", pf->display_unit_label ? pf->display_unit_label : "円");
    }
    buf_puts(b, "</p>\n");
    const hy_choice_set *cs = pf->direction_item ? profile_choice_set(pf, pf->direction_item) : NULL;
    if (!cs)
        return;
    buf_puts(b, "<ul>\n");
    for (size_t o = 0; o < cs->noptions; o++) {
        size_t k = 0;
        for (size_t i = 0; i < ix->ds->nprojects; i = dataset_next(ix->ds, i)) {
            const char *d = ix->ds->projects[i].kpi_only
                                ? NULL : opendata_direction(&ix->ds->projects[i], pf);
            k += d && !strcmp(d, cs->options[o]);
        }
        buf_puts(b, "<li>");
        esc(b, cs->options[o]);
        buf_printf(b, "：%zu 件</li>\n", k);
    }
    buf_puts(b, "</ul>\n");
}

/* A link to one PDF, labelled label: <a href="...">label</a>（PDF 48KB）. */
static void pdf_link(hy_buf *b, const hy_pubdocs *d, size_t at, const char *label)
{
    buf_puts(b, "<a href=\"");
    href(b, d->files[at]);
    buf_puts(b, "\">");
    esc(b, label);
    buf_puts(b, "</a>");
    if (d->bytes) {
        char sz[32];
        index_size(d->bytes[at], sz, sizeof sz);
        buf_printf(b, "（PDF %s）", sz);
    }
}

/* The name cell: the name linked to the sheet; with several documents per
 * project, the name and then each document linked by its title. */
static void name_cell(hy_buf *b, const hy_index *ix, size_t i)
{
    const hy_pubdocs *d = ix->docs;
    const char *name = ix->ds->projects[i].name;
    if (!d || !d->files[i * d->n]) {
        esc(b, name);
    } else if (d->n == 1) {
        pdf_link(b, d, i, name);
    } else {
        esc(b, name);
        buf_puts(b, "<ul class=\"docs\">");
        for (size_t k = 0; k < d->n; k++)
            if (d->files[i * d->n + k]) {
                buf_puts(b, "<li>");
                pdf_link(b, d, i * d->n + k, d->titles[k]);
                buf_puts(b, "</li>");
            }
        buf_puts(b, "</ul>");
    }
}

static void project_row(hy_buf *b, const hy_index *ix, size_t i)
{
    const hy_project *p = &ix->ds->projects[i];
    const hy_profile *pf = ix->profile;
    const hy_cost *c = opendata_latest_settled(p);
    buf_puts(b, "<tr><td>");
    esc(b, p->code);
    buf_puts(b, "</td><td>");
    name_cell(b, ix, i);
    buf_puts(b, "</td><td>");
    esc(b, p->department);
    buf_puts(b, p->department && p->section ? "<br>" : "");
    esc(b, p->section);
    buf_puts(b, "</td><td>");
    const char *pol = project_field(p, "policy"), *mea = project_field(p, "measure");
    esc(b, pol);
    buf_puts(b, pol && mea ? "<br>" : "");
    esc(b, mea);
    buf_puts(b, "</td><td class=\"num\">");
    if (c) {
        char fy[32];
        format_fiscal_year(c->fiscal_year, HY_ERA_SHORT, 0, fy, sizeof fy);
        money(b, c->total, pf);
        buf_printf(b, "<br><small>%s決算</small></td><td class=\"num\">", fy);
        money(b, c->total_cost, pf);
    } else {
        buf_puts(b, "</td><td class=\"num\">");
    }
    buf_puts(b, "</td><td>");
    esc(b, opendata_direction(p, pf));
    buf_puts(b, "</td><td>");
    esc(b, opendata_result(p));
    buf_puts(b, "</td></tr>\n");
}

/* The page goes to the file in pieces of about this size: 100,000 projects
 * make 32 MB of HTML, held whole in memory (64 MB of buffer) before. */
enum { INDEX_PIECE = 64 * 1024 };

/* Writes what b holds to fp and empties it. */
static void flush_piece(hy_buf *b, FILE *fp)
{
    if (b->len)
        fwrite(b->data, 1, b->len, fp);
    buf_reset(b);
}

int index_write(const hy_index *ix, const char *path, hy_err *err)
{
    const hy_profile *pf = ix->profile;
    char year[64] = "";
    if (ix->fiscal_year)
        format_fiscal_year(ix->fiscal_year, pf->era, 1, year, sizeof year);
    char title[256];
    snprintf(title, sizeof title, "%s %s%s事務事業評価", pf->city, year, year[0] ? " " : "");
    size_t n = 0;
    for (size_t i = 0; i < ix->ds->nprojects; i = dataset_next(ix->ds, i))
        n += !ix->ds->projects[i].kpi_only;

    hy_output out;
    int rc = fs_output_open(&out, path, err);
    if (rc != HY_OK)
        return rc;
    hy_buf b = HY_BUF_INIT;
    head(&b, title);
    summary(&b, ix, n);
    link_list(&b, "報告書・集計", ix->documents, ix->ndocuments);
    buf_puts(&b, "<h2>事業一覧</h2>\n"
                 "<p id=\"filter\" hidden><label for=\"q\">絞り込み（事業名・部課・施策など）</label><br>"
                 "<input type=\"search\" id=\"q\" autocomplete=\"off\"> "
                 "<span><span id=\"shown\">");
    buf_printf(&b, "%zu</span> 件を表示</span></p>\n", n);
    buf_puts(&b, "<div class=\"scroll\">\n<table id=\"projects\">\n<caption>");
    esc(&b, title);
    buf_printf(&b, "の事業一覧（%zu 件、金額の単位：%s）</caption>\n", n,
               pf->display_unit_label ? pf->display_unit_label : "円");
    buf_printf(&b, "<thead><tr><th scope=\"col\">事業コード</th><th scope=\"col\">%s</th>",
               ix->docs && ix->docs->n > 1 ? "事業名・公表資料" : "事業名（評価シート）");
    buf_puts(&b, "<th scope=\"col\">部・課</th><th scope=\"col\">政策・施策</th>"
                 "<th scope=\"col\">直近決算 事業費</th><th scope=\"col\">トータルコスト</th>"
                 "<th scope=\"col\">今後の方向性</th><th scope=\"col\">評価結果</th></tr></thead>\n"
                 "<tbody>\n");
    for (size_t i = 0; i < ix->ds->nprojects; i = dataset_next(ix->ds, i)) {
        if (!ix->ds->projects[i].kpi_only)
            project_row(&b, ix, i);
        if (b.len >= INDEX_PIECE)
            flush_piece(&b, out.fp);
    }
    buf_puts(&b, "</tbody>\n</table>\n</div>\n");
    link_list(&b, "オープンデータ（CSV、UTF-8）", ix->data, ix->ndata);
    buf_printf(&b, "<script>\n%s</script>\n</body>\n</html>\n", SCRIPT);
    flush_piece(&b, out.fp);
    buf_free(&b);
    return fs_output_commit(&out, err);
}
